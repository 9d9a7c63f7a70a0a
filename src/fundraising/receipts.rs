//! Receipts: one per gift with a donor address, with a number derived from the gift (so it
//! never changes), emailed through the outbox in the donor's language. The email's
//! idempotency key is the receipt number: recording a gift and queueing its receipt happen in
//! one transaction, and a retry after a crash finds both or neither.

use chrono::Utc;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait};

use super::entities::receipt;
use super::ledger::{Gift, Method, kind};
use super::model;
use super::money::{Currency, Money};
use crate::app::AppState;
use crate::i18n::Lang;
use crate::mail::model::{self as mail, OutgoingEmail};

pub type Receipt = receipt::Model;

/// The receipt number of a gift: `R-2026-000042`.
pub fn number(gift: &Gift) -> String {
    format!("R-{}-{:06}", gift.received_on.format("%Y"), gift.id)
}

/// The outbox key of a receipt's `send`th email.
fn email_key(organization_id: i64, number: &str, send: i32) -> String {
    if send <= 1 {
        format!("receipt:{organization_id}:{number}")
    } else {
        format!("receipt:{organization_id}:{number}:{send}")
    }
}

pub async fn for_gift(db: &impl ConnectionTrait, gift_id: i64) -> Result<Option<Receipt>, sea_orm::DbErr> {
    receipt::Entity::find().filter(receipt::Column::GiftId.eq(gift_id)).one(db).await
}

/// Issues the receipt of `gift` and queues its email, once: a second call finds the receipt
/// and queues nothing. Gifts without a donor address, and refund or correction rows, get none.
pub async fn issue<C>(db: &C, state: &AppState, organization_name: &str, gift: &Gift) -> anyhow::Result<Option<Receipt>>
where
    C: ConnectionTrait + TransactionTrait,
{
    if gift.kind != kind::GIFT || gift.donor_email.is_none() {
        return Ok(None);
    }
    let number = number(gift);
    let row = receipt::ActiveModel {
        organization_id: Set(gift.organization_id),
        gift_id: Set(gift.id),
        number: Set(number.clone()),
        language: Set(gift.donor_language.clone()),
        email_id: Set(None),
        sends: Set(1),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    let inserted = receipt::Entity::insert(row)
        .on_conflict(OnConflict::column(receipt::Column::GiftId).do_nothing().to_owned())
        .exec(db)
        .await;
    match inserted {
        Ok(_) | Err(sea_orm::DbErr::RecordNotInserted) => {}
        Err(other) => return Err(other.into()),
    }
    let receipt = for_gift(db, gift.id).await?.ok_or_else(|| anyhow::anyhow!("receipt of gift {}", gift.id))?;
    if receipt.email_id.is_none() {
        send(db, state, organization_name, gift, &receipt, 1).await?;
    }
    Ok(for_gift(db, gift.id).await?)
}

/// Sends a receipt again (a new email, with the same number); `token` is the resend form's
/// submission token, so a double click sends once.
pub async fn resend<C>(
    db: &C,
    state: &AppState,
    organization_name: &str,
    gift: &Gift,
    receipt: &Receipt,
) -> anyhow::Result<()>
where
    C: ConnectionTrait + TransactionTrait,
{
    let next = receipt.sends + 1;
    // Only one resend per count: a concurrent or repeated one changes no row and sends nothing.
    let claimed = receipt::Entity::update_many()
        .col_expr(receipt::Column::Sends, Expr::value(next))
        .filter(receipt::Column::Id.eq(receipt.id))
        .filter(receipt::Column::Sends.eq(receipt.sends))
        .exec(db)
        .await?;
    if claimed.rows_affected == 1 {
        send(db, state, organization_name, gift, receipt, next).await?;
    }
    Ok(())
}

async fn send<C>(
    db: &C,
    state: &AppState,
    organization_name: &str,
    gift: &Gift,
    receipt: &Receipt,
    send: i32,
) -> anyhow::Result<()>
where
    C: ConnectionTrait + TransactionTrait,
{
    let Some(to) = gift.donor_email.as_deref() else { return Ok(()) };
    let lang = Lang::from_code(&receipt.language).unwrap_or(Lang::Es);
    let settings = model::settings(db, gift.organization_id).await?;
    let currency = Currency::from_code(&gift.currency).unwrap_or(Currency::USD);
    let method = Method::from_code(&gift.method).unwrap_or(Method::Cash);
    let legal_name = if settings.legal_name.is_empty() { organization_name } else { settings.legal_name.as_str() };
    let context = minijinja::context! {
        number => receipt.number.clone(),
        name => gift.donor_name.clone(),
        organization => legal_name.to_owned(),
        amount => Money::new(gift.amount_minor, currency).display(lang),
        in_kind => (method == Method::InKind),
        description => gift.description.clone().unwrap_or_default(),
        date => crate::fundraising::dates::long(gift.received_on, lang),
        method_key => method.key(),
        check_number => gift.check_number.clone().unwrap_or_default(),
        dedication => gift.dedication.clone().unwrap_or_default(),
        ein => settings.ein.clone(),
        statement => settings.receipt_text(lang).to_owned(),
        copy => (send > 1),
    };
    let key = email_key(gift.organization_id, &receipt.number, send);
    let outgoing = OutgoingEmail {
        organization_id: gift.organization_id,
        to,
        to_name: (!gift.donor_name.is_empty()).then_some(gift.donor_name.as_str()),
        language: lang,
        template: "gift_receipt",
        context,
        idempotency_key: &key,
    };
    let queued = mail::queue(db, state, outgoing).await?;
    receipt::Entity::update_many()
        .col_expr(receipt::Column::EmailId, Expr::value(queued.email_id))
        .filter(receipt::Column::Id.eq(receipt.id))
        .exec(db)
        .await?;
    Ok(())
}

//! The ledger: gifts in, transfers out, and what they add up to. Rows are only ever inserted;
//! every insert carries an idempotency key that is unique per organization, so a form sent
//! twice or a webhook delivered twice records once.

use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde::Serialize;

use super::entities::{gift, gift_batch, transfer};
use super::money::Currency;

pub type Gift = gift::Model;
pub type Transfer = transfer::Model;

/// What a row of `gifts` is.
pub mod kind {
    pub const GIFT: &str = "gift";
    /// Money given back (a negative amount).
    pub const REFUND: &str = "refund";
    /// A mistake in the amount set right (either sign).
    pub const CORRECTION: &str = "correction";
}

/// Where a gift row came from.
pub mod source {
    pub const HAND: &str = "hand";
    pub const BATCH: &str = "batch";
    pub const STRIPE: &str = "stripe";
}

/// How a gift was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Card,
    Check,
    Cash,
    Transfer,
    InKind,
}

impl Method {
    pub const ALL: [Method; 5] = [Method::Check, Method::Cash, Method::Transfer, Method::Card, Method::InKind];

    pub fn code(self) -> &'static str {
        match self {
            Method::Card => "card",
            Method::Check => "check",
            Method::Cash => "cash",
            Method::Transfer => "transfer",
            Method::InKind => "in_kind",
        }
    }

    pub fn from_code(code: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.code() == code)
    }

    /// The Fluent key of its name.
    pub fn key(self) -> &'static str {
        match self {
            Method::Card => "fundraising-method-card",
            Method::Check => "fundraising-method-check",
            Method::Cash => "fundraising-method-cash",
            Method::Transfer => "fundraising-method-transfer",
            Method::InKind => "fundraising-method-in-kind",
        }
    }
}

/// A gift to record (already checked).
#[derive(Clone, Debug)]
pub struct NewGift {
    pub amount_minor: i64,
    pub currency: Currency,
    pub method: Method,
    pub check_number: Option<String>,
    pub description: Option<String>,
    pub fund_id: Option<i64>,
    pub campaign_id: Option<i64>,
    pub supporter_id: Option<i64>,
    pub received_on: NaiveDate,
    pub donor_name: String,
    pub donor_email: Option<String>,
    pub donor_language: String,
    pub dedication: Option<String>,
    /// `None`: anonymous.
    pub acknowledge_as: Option<String>,
    pub note: String,
    pub source: &'static str,
    pub stripe_reference: Option<String>,
    pub idempotency_key: String,
    pub account_id: Option<i64>,
}

/// The outcome of an idempotent insert: the row, and whether this call created it.
#[derive(Clone, Debug)]
pub struct Recorded<T> {
    pub row: T,
    pub new: bool,
}

async fn gift_by_key(db: &impl ConnectionTrait, organization_id: i64, key: &str) -> Result<Option<Gift>, DbErr> {
    gift::Entity::find()
        .filter(gift::Column::OrganizationId.eq(organization_id))
        .filter(gift::Column::IdempotencyKey.eq(key))
        .one(db)
        .await
}

fn gift_row(
    organization_id: i64,
    kind: &str,
    corrects: Option<i64>,
    batch: Option<i64>,
    new: &NewGift,
) -> gift::ActiveModel {
    gift::ActiveModel {
        organization_id: Set(organization_id),
        kind: Set(kind.to_owned()),
        corrects_gift_id: Set(corrects),
        amount_minor: Set(new.amount_minor),
        currency: Set(new.currency.code().to_owned()),
        method: Set(new.method.code().to_owned()),
        check_number: Set(new.check_number.clone()),
        description: Set(new.description.clone()),
        fund_id: Set(new.fund_id),
        campaign_id: Set(new.campaign_id),
        batch_id: Set(batch),
        supporter_id: Set(new.supporter_id),
        received_on: Set(new.received_on),
        donor_name: Set(new.donor_name.clone()),
        donor_email: Set(new.donor_email.clone()),
        donor_language: Set(new.donor_language.clone()),
        dedication: Set(new.dedication.clone()),
        acknowledge_as: Set(new.acknowledge_as.clone()),
        note: Set(new.note.clone()),
        source: Set(new.source.to_owned()),
        stripe_reference: Set(new.stripe_reference.clone()),
        idempotency_key: Set(new.idempotency_key.clone()),
        account_id: Set(new.account_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
}

async fn insert_gift(
    db: &impl ConnectionTrait,
    organization_id: i64,
    row: gift::ActiveModel,
    key: &str,
) -> Result<Recorded<Gift>, DbErr> {
    let inserted = gift::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([gift::Column::OrganizationId, gift::Column::IdempotencyKey]).do_nothing().to_owned(),
        )
        .exec(db)
        .await;
    let new = match inserted {
        Ok(_) => true,
        Err(DbErr::RecordNotInserted) => false,
        Err(other) => return Err(other),
    };
    let row = gift_by_key(db, organization_id, key).await?.ok_or(DbErr::RecordNotFound(key.to_owned()))?;
    Ok(Recorded { row, new })
}

/// Records a gift once per idempotency key.
pub async fn record_gift(
    db: &impl ConnectionTrait,
    organization_id: i64,
    new: &NewGift,
) -> Result<Recorded<Gift>, DbErr> {
    insert_gift(db, organization_id, gift_row(organization_id, kind::GIFT, None, None, new), &new.idempotency_key).await
}

/// Records the gifts of a deposit slip once per idempotency key (call inside a transaction:
/// all or nothing). The caller checked that the amounts add up to `total_minor`.
pub async fn record_batch(
    db: &impl ConnectionTrait,
    organization_id: i64,
    deposited_on: NaiveDate,
    total_minor: i64,
    gifts: &[NewGift],
    idempotency_key: &str,
    account_id: Option<i64>,
) -> Result<Recorded<Vec<Gift>>, DbErr> {
    let batch = gift_batch::ActiveModel {
        organization_id: Set(organization_id),
        deposited_on: Set(deposited_on),
        total_minor: Set(total_minor),
        currency: Set(Currency::USD.code().to_owned()),
        gift_count: Set(i32::try_from(gifts.len()).unwrap_or(i32::MAX)),
        account_id: Set(account_id),
        idempotency_key: Set(idempotency_key.to_owned()),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    let inserted = gift_batch::Entity::insert(batch)
        .on_conflict(
            OnConflict::columns([gift_batch::Column::OrganizationId, gift_batch::Column::IdempotencyKey])
                .do_nothing()
                .to_owned(),
        )
        .exec(db)
        .await;
    let new = match inserted {
        Ok(_) => true,
        Err(DbErr::RecordNotInserted) => false,
        Err(other) => return Err(other),
    };
    let batch = gift_batch::Entity::find()
        .filter(gift_batch::Column::OrganizationId.eq(organization_id))
        .filter(gift_batch::Column::IdempotencyKey.eq(idempotency_key))
        .one(db)
        .await?
        .ok_or(DbErr::RecordNotFound(idempotency_key.to_owned()))?;
    if !new {
        let rows = gift::Entity::find()
            .filter(gift::Column::BatchId.eq(batch.id))
            .order_by_asc(gift::Column::Id)
            .all(db)
            .await?;
        return Ok(Recorded { row: rows, new: false });
    }
    let mut rows = Vec::with_capacity(gifts.len());
    for new_gift in gifts {
        let row = gift_row(organization_id, kind::GIFT, None, Some(batch.id), new_gift);
        rows.push(insert_gift(db, organization_id, row, &new_gift.idempotency_key).await?.row);
    }
    Ok(Recorded { row: rows, new: true })
}

/// Why a refund or correction was refused.
#[derive(Debug, thiserror::Error)]
pub enum CorrectionError {
    /// It would leave the gift below zero.
    #[error("more than the gift's value")]
    TooMuch,
    #[error("not an original gift")]
    NotAGift,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// The gift's value after its refunds and corrections.
pub async fn net_value(db: &impl ConnectionTrait, gift: &Gift) -> Result<i64, DbErr> {
    let rows = gift::Entity::find().filter(gift::Column::CorrectsGiftId.eq(gift.id)).all(db).await?;
    Ok(gift.amount_minor + rows.iter().map(|r| r.amount_minor).sum::<i64>())
}

/// The refunds and corrections of a gift, oldest first.
pub async fn corrections(db: &impl ConnectionTrait, gift_id: i64) -> Result<Vec<Gift>, DbErr> {
    gift::Entity::find().filter(gift::Column::CorrectsGiftId.eq(gift_id)).order_by_asc(gift::Column::Id).all(db).await
}

/// Records a refund (`delta` negative) or correction of `original` as a new row that copies
/// its designation, so every sum over funds and campaigns stays right. Call inside a
/// transaction that locks out concurrent corrections (SQLite: immediate; PostgreSQL: the
/// unique idempotency key plus this check).
pub async fn record_correction(
    db: &impl ConnectionTrait,
    original: &Gift,
    correction_kind: &'static str,
    delta: i64,
    note: &str,
    idempotency_key: &str,
    account_id: Option<i64>,
) -> Result<Recorded<Gift>, CorrectionError> {
    if original.kind != kind::GIFT {
        return Err(CorrectionError::NotAGift);
    }
    if let Some(existing) = gift_by_key(db, original.organization_id, idempotency_key).await? {
        return Ok(Recorded { row: existing, new: false });
    }
    let net = net_value(db, original).await?;
    if net.checked_add(delta).is_none_or(|after| after < 0) {
        return Err(CorrectionError::TooMuch);
    }
    let mut row = gift::ActiveModel::from(original.clone());
    row.id = sea_orm::NotSet;
    row.kind = Set(correction_kind.to_owned());
    row.corrects_gift_id = Set(Some(original.id));
    row.amount_minor = Set(delta);
    row.batch_id = Set(None);
    row.received_on = Set(Utc::now().date_naive());
    row.note = Set(note.to_owned());
    row.idempotency_key = Set(idempotency_key.to_owned());
    row.account_id = Set(account_id);
    row.created_at = Set(Utc::now());
    Ok(insert_gift(db, original.organization_id, row, idempotency_key).await?)
}

/// Locks a gift's row until the transaction ends (PostgreSQL; SQLite's immediate
/// transactions already hold the whole database).
pub async fn lock_gift(db: &impl ConnectionTrait, id: i64) -> Result<(), DbErr> {
    gift::Entity::find_by_id(id).lock_exclusive().one(db).await?;
    Ok(())
}

pub async fn gift(db: &impl ConnectionTrait, organization_id: i64, id: i64) -> Result<Option<Gift>, DbErr> {
    gift::Entity::find_by_id(id).filter(gift::Column::OrganizationId.eq(organization_id)).one(db).await
}

/// The newest ledger rows of an organization, newest first.
pub async fn recent_gifts(db: &impl ConnectionTrait, organization_id: i64, limit: u64) -> Result<Vec<Gift>, DbErr> {
    gift::Entity::find()
        .filter(gift::Column::OrganizationId.eq(organization_id))
        .order_by_desc(gift::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// A transfer out of a fund to record (already checked).
#[derive(Clone, Debug)]
pub struct NewTransfer {
    pub fund_id: i64,
    pub sent_on: NaiveDate,
    pub amount_minor: i64,
    pub fees_minor: i64,
    pub purpose: String,
    pub media_id: Option<i64>,
    pub idempotency_key: String,
    pub account_id: Option<i64>,
}

/// Records a transfer once per idempotency key.
pub async fn record_transfer(
    db: &impl ConnectionTrait,
    organization_id: i64,
    new: &NewTransfer,
) -> Result<Recorded<Transfer>, DbErr> {
    let row = transfer::ActiveModel {
        organization_id: Set(organization_id),
        fund_id: Set(new.fund_id),
        corrects_transfer_id: Set(None),
        sent_on: Set(new.sent_on),
        amount_minor: Set(new.amount_minor),
        fees_minor: Set(new.fees_minor),
        currency: Set(Currency::USD.code().to_owned()),
        purpose: Set(new.purpose.clone()),
        media_id: Set(new.media_id),
        idempotency_key: Set(new.idempotency_key.clone()),
        account_id: Set(new.account_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    let inserted = transfer::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([transfer::Column::OrganizationId, transfer::Column::IdempotencyKey])
                .do_nothing()
                .to_owned(),
        )
        .exec(db)
        .await;
    let created = match inserted {
        Ok(_) => true,
        Err(DbErr::RecordNotInserted) => false,
        Err(other) => return Err(other),
    };
    let row = transfer::Entity::find()
        .filter(transfer::Column::OrganizationId.eq(organization_id))
        .filter(transfer::Column::IdempotencyKey.eq(&new.idempotency_key))
        .one(db)
        .await?
        .ok_or(DbErr::RecordNotFound(new.idempotency_key.clone()))?;
    Ok(Recorded { row, new: created })
}

/// A fund's transfers, oldest first.
pub async fn transfers(db: &impl ConnectionTrait, fund_id: i64) -> Result<Vec<Transfer>, DbErr> {
    transfer::Entity::find()
        .filter(transfer::Column::FundId.eq(fund_id))
        .order_by_asc(transfer::Column::SentOn)
        .order_by_asc(transfer::Column::Id)
        .all(db)
        .await
}

/// A fund's ledger in sums of minor units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FundTotals {
    /// Designated gifts, after refunds and corrections.
    pub money_in: i64,
    /// Sent to the community.
    pub sent: i64,
    /// Bank and exchange fees on those transfers.
    pub fees: i64,
}

impl FundTotals {
    pub fn money_out(&self) -> i64 {
        self.sent + self.fees
    }

    pub fn balance(&self) -> i64 {
        self.money_in - self.money_out()
    }
}

/// `SUM` of a bigint column as a bigint on both databases (PostgreSQL's `SUM(bigint)` is
/// `numeric`); 0 over no rows.
fn sum_of(column: &str) -> sea_orm::sea_query::SimpleExpr {
    Expr::cust(format!("CAST(COALESCE(SUM({column}), 0) AS BIGINT)"))
}

/// What came into a fund and what went out, summed by the database.
pub async fn fund_totals(db: &impl ConnectionTrait, fund_id: i64) -> Result<FundTotals, DbErr> {
    let money_in: Option<i64> = gift::Entity::find()
        .select_only()
        .column_as(sum_of("amount_minor"), "total")
        .filter(gift::Column::FundId.eq(fund_id))
        .filter(gift::Column::Method.ne(Method::InKind.code()))
        .into_tuple()
        .one(db)
        .await?;
    let out: Option<(i64, i64)> = transfer::Entity::find()
        .select_only()
        .column_as(sum_of("amount_minor"), "sent")
        .column_as(sum_of("fees_minor"), "fees")
        .filter(transfer::Column::FundId.eq(fund_id))
        .into_tuple()
        .one(db)
        .await?;
    let (sent, fees) = out.unwrap_or_default();
    Ok(FundTotals { money_in: money_in.unwrap_or_default(), sent, fees })
}

/// The gifts (originals) of a set with their value after refunds: `(gift, net)`.
async fn with_net(db: &impl ConnectionTrait, originals: Vec<Gift>) -> Result<Vec<(Gift, i64)>, DbErr> {
    let ids: Vec<i64> = originals.iter().map(|g| g.id).collect();
    let mut fixes: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
    for chunk in ids.chunks(500) {
        for row in gift::Entity::find().filter(gift::Column::CorrectsGiftId.is_in(chunk.to_vec())).all(db).await? {
            if let Some(original) = row.corrects_gift_id {
                *fixes.entry(original).or_default() += row.amount_minor;
            }
        }
    }
    Ok(originals
        .into_iter()
        .map(|g| {
            let net = g.amount_minor + fixes.get(&g.id).copied().unwrap_or_default();
            (g, net)
        })
        .collect())
}

/// The names of a fund's donors who chose to be acknowledged (and whose gift was not
/// refunded), sorted, each once.
pub async fn acknowledged_donors(db: &impl ConnectionTrait, fund_id: i64) -> Result<Vec<String>, DbErr> {
    let originals = gift::Entity::find()
        .filter(gift::Column::FundId.eq(fund_id))
        .filter(gift::Column::Kind.eq(kind::GIFT))
        .filter(gift::Column::AcknowledgeAs.is_not_null())
        .all(db)
        .await?;
    let mut names: Vec<String> = with_net(db, originals)
        .await?
        .into_iter()
        .filter(|(_, net)| *net > 0)
        .filter_map(|(g, _)| g.acknowledge_as)
        .collect();
    names.sort_by_key(|n| crate::supporters::model::fold(n));
    names.dedup();
    Ok(names)
}

/// A campaign's progress: money raised (after refunds) and how many donors gave.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub raised: i64,
    pub donors: usize,
}

pub async fn campaign_progress(db: &impl ConnectionTrait, campaign_id: i64) -> Result<Progress, DbErr> {
    let originals = gift::Entity::find()
        .filter(gift::Column::CampaignId.eq(campaign_id))
        .filter(gift::Column::Kind.eq(kind::GIFT))
        .filter(gift::Column::Method.ne(Method::InKind.code()))
        .all(db)
        .await?;
    let mut donors = std::collections::HashSet::new();
    let mut raised = 0i64;
    for (g, net) in with_net(db, originals).await? {
        raised += net;
        if net > 0 {
            let who = match (g.supporter_id, &g.donor_email) {
                (Some(id), _) => format!("s{id}"),
                (None, Some(email)) => format!("e{email}"),
                (None, None) => format!("g{}", g.id),
            };
            donors.insert(who);
        }
    }
    Ok(Progress { raised, donors: donors.len() })
}

/// One donor: the gifts of one supporter record (or, without one, of one name), after refunds.
#[derive(Clone, Debug)]
pub struct Donor {
    pub name: String,
    pub email: Option<String>,
    pub supporter_id: Option<i64>,
    pub gifts: usize,
    pub last: NaiveDate,
    pub total: i64,
}

/// An organization's donors, the most recent giver first.
pub async fn donors(db: &impl ConnectionTrait, organization_id: i64) -> Result<Vec<Donor>, DbErr> {
    let originals = gift::Entity::find()
        .filter(gift::Column::OrganizationId.eq(organization_id))
        .filter(gift::Column::Kind.eq(kind::GIFT))
        .order_by_asc(gift::Column::Id)
        .all(db)
        .await?;
    let mut by_donor: std::collections::HashMap<String, Donor> = std::collections::HashMap::new();
    for (g, net) in with_net(db, originals).await? {
        let who = match (g.supporter_id, &g.donor_email) {
            (Some(id), _) => format!("s{id}"),
            (None, Some(email)) => format!("e{email}"),
            (None, None) => format!("n{}", crate::supporters::model::fold(&g.donor_name)),
        };
        let donor = by_donor.entry(who).or_insert_with(|| Donor {
            name: g.donor_name.clone(),
            email: g.donor_email.clone(),
            supporter_id: g.supporter_id,
            gifts: 0,
            last: g.received_on,
            total: 0,
        });
        donor.gifts += 1;
        donor.total += net;
        if g.received_on >= donor.last {
            donor.last = g.received_on;
            donor.name = g.donor_name.clone();
        }
    }
    let mut donors: Vec<Donor> = by_donor.into_values().collect();
    donors.sort_by(|a, b| b.last.cmp(&a.last).then_with(|| a.name.cmp(&b.name)));
    Ok(donors)
}

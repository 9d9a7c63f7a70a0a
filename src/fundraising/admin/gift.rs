//! `/{lang}/admin/gifts/{id}`: one gift with its refunds and corrections, its receipt, and the
//! forms to add a refund or correction (new ledger rows) or send the receipt again.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use sea_orm::TransactionTrait;
use serde::Serialize;

use super::form::Choices;
use super::gifts::{GiftRow, to_gift};
use super::{Tab, actor, submission_token, submitted_token, tabs};
use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::audit::model as audit;
use crate::auth::pages::private_page;
use crate::error::AppError;
use crate::fundraising::ledger::{self, CorrectionError, Gift, kind};
use crate::fundraising::money::{Money, format_minor, parse_amount};
use crate::fundraising::{dates, model, receipts};
use crate::supporters::form::Fields;
use crate::web::forms::{CsrfForm, CsrfToken};

#[derive(Serialize)]
struct GiftPage {
    #[serde(flatten)]
    frame: AdminFrame,
    tabs: Vec<Tab>,
    gift: GiftRow,
    email: String,
    language: String,
    check_number: String,
    description: String,
    dedication: String,
    acknowledge_as: String,
    campaign: Option<String>,
    note: String,
    date: String,
    net: String,
    corrections: Vec<GiftRow>,
    receipt: Option<ReceiptView>,
    /// The correction form: what was typed and what is wrong with it.
    fix_kind: String,
    fix_amount: String,
    fix_note: String,
    fix_problem: Option<&'static str>,
    submission: String,
}

#[derive(Serialize)]
struct ReceiptView {
    number: String,
    sends: i32,
}

/// The gift `id` of the member's organization (an original, not a correction row).
async fn load(state: &AppState, member: &Member, id: i64) -> Result<Gift, AppError> {
    let gift = ledger::gift(&state.db, member.organization.id, id).await?.ok_or(AppError::NotFound)?;
    if gift.kind != kind::GIFT {
        return Err(AppError::NotFound);
    }
    Ok(gift)
}

struct Fix {
    kind: String,
    amount: String,
    note: String,
    problem: Option<&'static str>,
}

async fn render(
    state: &AppState,
    member: &Member,
    gift: &Gift,
    csrf: CsrfToken,
    fix: Fix,
    submission: String,
    status: StatusCode,
) -> Result<Response, AppError> {
    let lang = member.lang;
    let choices = Choices::load(&state.db, member.organization.id).await?;
    let corrections = ledger::corrections(&state.db, gift.id).await?;
    let net = ledger::net_value(&state.db, gift).await?;
    let receipt = receipts::for_gift(&state.db, gift.id).await?;
    let page = GiftPage {
        frame: AdminFrame::new(member, &format!("/gifts/{}", gift.id), csrf.token),
        tabs: tabs(member, ""),
        gift: GiftRow::of(gift, lang, &choices),
        email: gift.donor_email.clone().unwrap_or_default(),
        language: gift.donor_language.clone(),
        check_number: gift.check_number.clone().unwrap_or_default(),
        description: gift.description.clone().unwrap_or_default(),
        dedication: gift.dedication.clone().unwrap_or_default(),
        acknowledge_as: gift.acknowledge_as.clone().unwrap_or_default(),
        campaign: gift
            .campaign_id
            .and_then(|id| choices.campaigns.iter().find(|c| c.id == id))
            .map(|c| model::campaign_name(c, lang).to_owned()),
        note: gift.note.clone(),
        date: dates::long(gift.received_on, lang),
        net: Money::usd(net).display(lang),
        corrections: corrections.iter().map(|g| GiftRow::of(g, lang, &choices)).collect(),
        receipt: receipt.map(|r| ReceiptView { number: r.number, sends: r.sends }),
        fix_kind: fix.kind,
        fix_amount: fix.amount,
        fix_note: fix.note,
        fix_problem: fix.problem,
        submission,
    };
    let mut response = private_page(state.renderer.render("fundraising/admin/gift.html", &page)?, [csrf.set_cookie]);
    *response.status_mut() = status;
    Ok(response)
}

pub async fn show(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let gift = load(&state, &member, id).await?;
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let fix = Fix { kind: kind::REFUND.to_owned(), amount: String::new(), note: String::new(), problem: None };
    render(&state, &member, &gift, csrf, fix, submission_token()?, StatusCode::OK).await
}

/// `POST /{lang}/admin/gifts/{id}/correction`: a refund (the amount given back) or a
/// correction (the amount the gift really was), as a new row.
pub async fn correct(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let gift = load(&state, &member, id).await?;
    let fields = Fields(pairs);
    let submission = submitted_token(fields.get("submission"))?;
    let correction_kind = if fields.get("kind") == kind::CORRECTION { kind::CORRECTION } else { kind::REFUND };
    let note: String = fields.get("note").trim().chars().take(2000).collect();
    let mut fix = Fix {
        kind: correction_kind.to_owned(),
        amount: fields.get("amount").to_owned(),
        note: note.clone(),
        problem: None,
    };
    let typed = if correction_kind == kind::CORRECTION
        && fields.get("amount").trim().trim_start_matches(['0', '.', ',']).is_empty()
    {
        // A correction to zero: the gift was never made.
        Ok(0)
    } else {
        parse_amount(fields.get("amount"), member.lang)
    };
    let txn = crate::db::begin_write(&state.db).await?;
    // One correction of a gift at a time: PostgreSQL locks its row, SQLite the database.
    ledger::lock_gift(&txn, gift.id).await?;
    let delta = match typed {
        Ok(amount) if correction_kind == kind::REFUND => -amount,
        Ok(amount) => amount - ledger::net_value(&txn, &gift).await?,
        Err(error) => {
            fix.problem = Some(error.key());
            0
        }
    };
    if fix.problem.is_none() && delta == 0 {
        fix.problem = Some("fundraising-error-no-change");
    }
    if fix.problem.is_none() {
        let key = format!("form:{submission}");
        match ledger::record_correction(&txn, &gift, correction_kind, delta, &note, &key, Some(member.account.id)).await
        {
            Ok(recorded) => {
                if recorded.new {
                    let subject =
                        format!("gift {} {correction_kind} {}", gift.id, format_minor(delta, crate::i18n::Lang::En));
                    audit::record(&txn, member.organization.id, &actor(&member, &headers), "gift.corrected", &subject)
                        .await?;
                }
                txn.commit().await?;
                return Ok(to_gift(&member, gift.id));
            }
            Err(CorrectionError::TooMuch) => fix.problem = Some("fundraising-error-too-much"),
            Err(CorrectionError::NotAGift) => return Err(AppError::NotFound),
            Err(CorrectionError::Db(e)) => return Err(e.into()),
        }
    }
    txn.rollback().await?;
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    render(&state, &member, &gift, csrf, fix, submission, StatusCode::UNPROCESSABLE_ENTITY).await
}

/// `POST /{lang}/admin/gifts/{id}/resend`: the receipt once more, same number.
pub async fn resend(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let gift = load(&state, &member, id).await?;
    let fields = Fields(pairs);
    let txn = state.db.begin().await?;
    let receipt = match receipts::for_gift(&txn, gift.id).await? {
        Some(receipt) => Some(receipt),
        None => receipts::issue(&txn, &state, &member.organization.name, &gift).await?,
    };
    if let Some(receipt) = receipt {
        // The form says which send it saw: a second click of the same form sends nothing.
        let seen: i32 = fields.get("sends").parse().unwrap_or(receipt.sends);
        if seen == receipt.sends {
            receipts::resend(&txn, &state, &member.organization.name, &gift, &receipt).await?;
            audit::record(&txn, member.organization.id, &actor(&member, &headers), "receipt.resent", &receipt.number)
                .await?;
        }
    }
    txn.commit().await?;
    Ok(to_gift(&member, gift.id))
}

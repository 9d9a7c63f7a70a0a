//! `GET/POST /{lang}/admin/gifts`: the newest ledger rows, and a gift entered by hand.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use sea_orm::TransactionTrait;
use serde::Serialize;

use super::form::{Choice, Choices, GiftProblems, GiftTyped};
use super::{Tab, actor, submission_token, submitted_token, tabs};
use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::audit::model as audit;
use crate::auth::pages::private_page;
use crate::error::AppError;
use crate::fundraising::ledger::{self, Gift, Method, source};
use crate::fundraising::money::{Currency, Money};
use crate::fundraising::{dates, giving, model, receipts};
use crate::i18n::Lang;
use crate::supporters::form::Fields;
use crate::web::forms::{CsrfForm, CsrfToken};

/// How many ledger rows the list shows.
const RECENT: u64 = 100;

/// A method offered in the form.
#[derive(Serialize)]
pub struct MethodOption {
    pub code: &'static str,
    pub key: &'static str,
}

pub fn methods() -> Vec<MethodOption> {
    Method::ALL.into_iter().map(|m| MethodOption { code: m.code(), key: m.key() }).collect()
}

/// One ledger row as the list shows it.
#[derive(Serialize)]
pub struct GiftRow {
    pub id: i64,
    pub original: i64,
    pub kind: String,
    pub date: String,
    pub donor: String,
    pub amount: String,
    pub negative: bool,
    pub method_key: &'static str,
    pub fund: Option<String>,
}

impl GiftRow {
    pub fn of(gift: &Gift, lang: Lang, choices: &Choices) -> GiftRow {
        let currency = Currency::from_code(&gift.currency).unwrap_or(Currency::USD);
        GiftRow {
            id: gift.id,
            original: gift.corrects_gift_id.unwrap_or(gift.id),
            kind: gift.kind.clone(),
            date: gift.received_on.format("%Y-%m-%d").to_string(),
            donor: gift.donor_name.clone(),
            amount: Money::new(gift.amount_minor, currency).display(lang),
            negative: gift.amount_minor < 0,
            method_key: Method::from_code(&gift.method).unwrap_or(Method::Cash).key(),
            fund: gift
                .fund_id
                .and_then(|id| choices.funds.iter().find(|f| f.id == id))
                .map(|f| model::fund_name(f, lang).to_owned()),
        }
    }
}

#[derive(Serialize)]
struct GiftsPage {
    #[serde(flatten)]
    frame: AdminFrame,
    tabs: Vec<Tab>,
    rows: Vec<GiftRow>,
    typed: GiftTyped,
    problems: GiftProblems,
    funds: Vec<Choice>,
    campaigns: Vec<Choice>,
    methods: Vec<MethodOption>,
    submission: String,
}

async fn render(
    state: &AppState,
    member: &Member,
    csrf: CsrfToken,
    typed: GiftTyped,
    problems: GiftProblems,
    submission: String,
    status: StatusCode,
) -> Result<Response, AppError> {
    let organization = member.organization.id;
    let choices = Choices::load(&state.db, organization).await?;
    let rows = ledger::recent_gifts(&state.db, organization, RECENT).await?;
    let page = GiftsPage {
        frame: AdminFrame::new(member, "/gifts", csrf.token),
        tabs: tabs(member, "/gifts"),
        rows: rows.iter().map(|g| GiftRow::of(g, member.lang, &choices)).collect(),
        typed,
        problems,
        funds: choices.funds(member.lang),
        campaigns: choices.campaigns(member.lang),
        methods: methods(),
        submission,
    };
    let mut response = private_page(state.renderer.render("fundraising/admin/gifts.html", &page)?, [csrf.set_cookie]);
    *response.status_mut() = status;
    Ok(response)
}

/// A blank gift for the form: today, by check, in the page's language.
pub fn blank(member: &Member) -> GiftTyped {
    GiftTyped {
        method: Method::Check.code().to_owned(),
        received_on: dates::today(&member.organization.time_zone).format("%Y-%m-%d").to_string(),
        donor_language: member.lang.code().to_owned(),
        ..GiftTyped::default()
    }
}

pub async fn list(State(state): State<AppState>, member: Member, headers: HeaderMap) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    render(&state, &member, csrf, blank(&member), GiftProblems::default(), submission_token()?, StatusCode::OK).await
}

pub async fn submit(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(pairs);
    let submission = submitted_token(fields.get("submission"))?;
    let typed = GiftTyped::from_fields(&fields, "");
    let choices = Choices::load(&state.db, member.organization.id).await?;
    let checked = match typed.check(member.lang, &choices) {
        Ok(checked) => checked,
        Err(problems) => {
            let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
            return render(&state, &member, csrf, typed, *problems, submission, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let new = checked.into_new(source::HAND, format!("form:{submission}"), member.account.id);
    let txn = state.db.begin().await?;
    let recorded = giving::record(&txn, &state, &member.organization, new).await?;
    if recorded.new {
        let gift = &recorded.row;
        let subject = format!("gift {} ({})", gift.id, Money::new(gift.amount_minor, Currency::USD));
        audit::record(&txn, member.organization.id, &actor(&member, &headers), "gift.recorded", &subject).await?;
    }
    txn.commit().await?;
    Ok(to_gift(&member, recorded.row.id))
}

/// Back to a gift's page.
pub fn to_gift(member: &Member, id: i64) -> Response {
    Redirect::to(&format!("/{}/admin/gifts/{id}", member.lang.code())).into_response()
}

/// The receipt number of a gift, if it has one.
pub async fn receipt_number(state: &AppState, gift: &Gift) -> Result<Option<String>, AppError> {
    Ok(receipts::for_gift(&state.db, gift.id).await?.map(|r| r.number))
}

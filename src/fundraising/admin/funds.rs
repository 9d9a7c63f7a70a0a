//! `/{lang}/admin/funds`: the funds with their balances, a new fund; one fund's ledger and a
//! transfer to the community (a new row, never an edit).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use sea_orm::TransactionTrait;
use serde::Serialize;

use super::{Tab, actor, submission_token, submitted_token, tabs};
use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::audit::model as audit;
use crate::auth::pages::private_page;
use crate::error::AppError;
use crate::fundraising::ledger::{self, FundTotals, NewTransfer};
use crate::fundraising::model::{self, Fund, Names};
use crate::fundraising::money::{Money, parse_amount};
use crate::fundraising::pages::fund::{TransferView, transfer_views};
use crate::fundraising::{dates, paths};
use crate::i18n::Lang;
use crate::supporters::form::Fields;
use crate::web::forms::{CsrfForm, CsrfToken};

/// The sums of a fund as a page shows them.
#[derive(Serialize)]
pub struct TotalsView {
    pub money_in: String,
    pub sent: String,
    pub fees: String,
    pub money_out: String,
    pub balance: String,
    pub negative: bool,
}

impl TotalsView {
    pub fn of(totals: &FundTotals, lang: Lang) -> TotalsView {
        let show = |minor: i64| Money::usd(minor).display(lang);
        TotalsView {
            money_in: show(totals.money_in),
            sent: show(totals.sent),
            fees: show(totals.fees),
            money_out: show(totals.money_out()),
            balance: show(totals.balance()),
            negative: totals.balance() < 0,
        }
    }
}

#[derive(Serialize)]
struct FundRow {
    id: i64,
    name: String,
    public_path: String,
    totals: TotalsView,
}

#[derive(Clone, Default, Serialize)]
struct FundTyped {
    slug: String,
    name_es: String,
    name_en: String,
    description_es: String,
    description_en: String,
}

#[derive(Default, Serialize)]
struct FundProblems {
    name_es: Option<&'static str>,
    name_en: Option<&'static str>,
    slug: Option<&'static str>,
}

#[derive(Serialize)]
struct FundsPage {
    #[serde(flatten)]
    frame: AdminFrame,
    tabs: Vec<Tab>,
    funds: Vec<FundRow>,
    typed: FundTyped,
    problems: FundProblems,
}

async fn render_list(
    state: &AppState,
    member: &Member,
    csrf: CsrfToken,
    typed: FundTyped,
    problems: FundProblems,
    status: StatusCode,
) -> Result<Response, AppError> {
    let mut funds = Vec::new();
    for fund in model::funds(&state.db, member.organization.id).await? {
        let totals = ledger::fund_totals(&state.db, fund.id).await?;
        funds.push(FundRow {
            id: fund.id,
            name: model::fund_name(&fund, member.lang).to_owned(),
            public_path: paths::fund(member.lang, &fund.slug),
            totals: TotalsView::of(&totals, member.lang),
        });
    }
    let page = FundsPage {
        frame: AdminFrame::new(member, "/funds", csrf.token),
        tabs: tabs(member, "/funds"),
        funds,
        typed,
        problems,
    };
    let mut response = private_page(state.renderer.render("fundraising/admin/funds.html", &page)?, [csrf.set_cookie]);
    *response.status_mut() = status;
    Ok(response)
}

pub async fn list(State(state): State<AppState>, member: Member, headers: HeaderMap) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    render_list(&state, &member, csrf, FundTyped::default(), FundProblems::default(), StatusCode::OK).await
}

fn text(value: &str, max: usize) -> String {
    value.trim().chars().filter(|c| !c.is_control() || *c == '\n').take(max).collect()
}

pub async fn create(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(pairs);
    let typed = FundTyped {
        slug: text(fields.get("slug"), 80),
        name_es: text(fields.get("name_es"), 200),
        name_en: text(fields.get("name_en"), 200),
        description_es: text(fields.get("description_es"), 5000),
        description_en: text(fields.get("description_en"), 5000),
    };
    let mut problems = FundProblems::default();
    if typed.name_es.is_empty() {
        problems.name_es = Some("fundraising-error-name");
    }
    if typed.name_en.is_empty() {
        problems.name_en = Some("fundraising-error-name");
    }
    let slug = model::slugify(if typed.slug.is_empty() { &typed.name_es } else { &typed.slug });
    if problems.name_es.is_none() && slug.is_empty() {
        problems.slug = Some("fundraising-error-slug");
    } else if !slug.is_empty() && model::fund_by_slug(&state.db, member.organization.id, &slug).await?.is_some() {
        problems.slug = Some("fundraising-error-slug-taken");
    }
    if problems.name_es.is_some() || problems.name_en.is_some() || problems.slug.is_some() {
        let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
        return render_list(&state, &member, csrf, typed, problems, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let names = Names {
        slug,
        name_es: typed.name_es,
        name_en: typed.name_en,
        description_es: typed.description_es,
        description_en: typed.description_en,
    };
    let txn = state.db.begin().await?;
    let fund = model::create_fund(&txn, member.organization.id, &names).await?;
    audit::record(
        &txn,
        member.organization.id,
        &actor(&member, &headers),
        "fund.created",
        &format!("fund {} {}", fund.id, fund.slug),
    )
    .await?;
    txn.commit().await?;
    Ok(to_fund(&member, fund.id))
}

fn to_fund(member: &Member, id: i64) -> Response {
    Redirect::to(&format!("/{}/admin/funds/{id}", member.lang.code())).into_response()
}

#[derive(Clone, Default, Serialize)]
struct TransferTyped {
    sent_on: String,
    amount: String,
    fees: String,
    purpose: String,
    media: String,
}

#[derive(Default, Serialize)]
struct TransferProblems {
    sent_on: Option<&'static str>,
    amount: Option<&'static str>,
    fees: Option<&'static str>,
    purpose: Option<&'static str>,
    media: Option<&'static str>,
}

#[derive(Serialize)]
struct MediaChoice {
    id: i64,
    alt: String,
}

#[derive(Serialize)]
struct FundPage {
    #[serde(flatten)]
    frame: AdminFrame,
    tabs: Vec<Tab>,
    fund_id: i64,
    name: String,
    other_name: String,
    public_path: String,
    totals: TotalsView,
    transfers: Vec<TransferView>,
    typed: TransferTyped,
    problems: TransferProblems,
    media: Vec<MediaChoice>,
    submission: String,
}

async fn load(state: &AppState, member: &Member, id: i64) -> Result<Fund, AppError> {
    model::fund(&state.db, member.organization.id, id).await?.ok_or(AppError::NotFound)
}

#[expect(clippy::too_many_arguments, reason = "one page, its parts")]
async fn render_fund(
    state: &AppState,
    member: &Member,
    fund: &Fund,
    csrf: CsrfToken,
    typed: TransferTyped,
    problems: TransferProblems,
    submission: String,
    status: StatusCode,
) -> Result<Response, AppError> {
    let lang = member.lang;
    let totals = ledger::fund_totals(&state.db, fund.id).await?;
    let transfers = ledger::transfers(&state.db, fund.id).await?;
    let media = crate::media::model::list(&state.db, member.organization.id)
        .await?
        .into_iter()
        .take(100)
        .map(|m| MediaChoice { id: m.id, alt: crate::media::model::alt(&m, lang).to_owned() })
        .collect();
    let page = FundPage {
        frame: AdminFrame::new(member, &format!("/funds/{}", fund.id), csrf.token),
        tabs: tabs(member, ""),
        fund_id: fund.id,
        name: model::fund_name(fund, lang).to_owned(),
        other_name: model::fund_name(fund, lang.other()).to_owned(),
        public_path: paths::fund(lang, &fund.slug),
        totals: TotalsView::of(&totals, lang),
        transfers: transfer_views(&state.db, &transfers, lang).await?,
        typed,
        problems,
        media,
        submission,
    };
    let mut response = private_page(state.renderer.render("fundraising/admin/fund.html", &page)?, [csrf.set_cookie]);
    *response.status_mut() = status;
    Ok(response)
}

pub async fn show(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let fund = load(&state, &member, id).await?;
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let typed = TransferTyped {
        sent_on: dates::today(&member.organization.time_zone).format("%Y-%m-%d").to_string(),
        ..TransferTyped::default()
    };
    render_fund(&state, &member, &fund, csrf, typed, TransferProblems::default(), submission_token()?, StatusCode::OK)
        .await
}

/// `POST /{lang}/admin/funds/{id}/transfers`: money sent to the community.
pub async fn transfer(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fund = load(&state, &member, id).await?;
    let lang = member.lang;
    let fields = Fields(pairs);
    let submission = submitted_token(fields.get("submission"))?;
    let typed = TransferTyped {
        sent_on: fields.get("sent_on").to_owned(),
        amount: fields.get("amount").chars().take(40).collect(),
        fees: fields.get("fees").chars().take(40).collect(),
        purpose: fields.get("purpose").chars().take(2000).collect(),
        media: fields.get("media").to_owned(),
    };
    let mut problems = TransferProblems::default();
    let sent_on = dates::parse(&typed.sent_on);
    if sent_on.is_none() {
        problems.sent_on = Some("fundraising-error-date");
    }
    let amount = parse_amount(&typed.amount, lang).map_err(|e| problems.amount = Some(e.key())).ok();
    let fees = if typed.fees.trim().is_empty() {
        Some(0)
    } else {
        match parse_amount(&typed.fees, lang) {
            Ok(fees) => Some(fees),
            Err(crate::fundraising::money::AmountError::Zero) => Some(0),
            Err(e) => {
                problems.fees = Some(e.key());
                None
            }
        }
    };
    let purpose = text(&typed.purpose, 1000);
    if purpose.is_empty() {
        problems.purpose = Some("fundraising-error-purpose");
    }
    let media_id = match typed.media.trim() {
        "" => None,
        id => {
            let found = match id.parse::<i64>() {
                Ok(id) => crate::media::model::find(&state.db, member.organization.id, id).await?.map(|m| m.id),
                Err(_) => None,
            };
            if found.is_none() {
                problems.media = Some("fundraising-error-media");
            }
            found
        }
    };
    let (Some(sent_on), Some(amount_minor), Some(fees_minor), false, None) =
        (sent_on, amount, fees, purpose.is_empty(), problems.media)
    else {
        let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
        return render_fund(
            &state,
            &member,
            &fund,
            csrf,
            typed,
            problems,
            submission,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let new = NewTransfer {
        fund_id: fund.id,
        sent_on,
        amount_minor,
        fees_minor,
        purpose,
        media_id,
        idempotency_key: format!("form:{submission}"),
        account_id: Some(member.account.id),
    };
    let txn = state.db.begin().await?;
    let recorded = ledger::record_transfer(&txn, member.organization.id, &new).await?;
    if recorded.new {
        let subject =
            format!("fund {} transfer {} ({} fees)", fund.id, Money::usd(amount_minor), Money::usd(fees_minor));
        audit::record(&txn, member.organization.id, &actor(&member, &headers), "fund.transferred", &subject).await?;
    }
    txn.commit().await?;
    Ok(to_fund(&member, fund.id))
}

//! `GET /{lang}/admin/reports?year=2026`: a year's giving by month (an SVG bar chart drawn
//! here, with the same figures in a table), by campaign and by fund, and the donors who gave
//! the year before but not this one; `POST /{lang}/admin/reports/export`: every ledger row of
//! a date range as CSV for the accountant (audited). Treasurers and admins only.

use std::collections::HashMap;

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use serde::{Deserialize, Serialize};

use super::form::Choices;
use super::{Tab, actor, tabs};
use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::audit::model as audit;
use crate::auth::pages::private_page;
use crate::auth::roles::Permission;
use crate::error::AppError;
use crate::fundraising::ledger::{Method, kind};
use crate::fundraising::money::Money;
use crate::fundraising::reports::{self, Sums};
use crate::fundraising::{dates, export, model};
use crate::i18n::Lang;
use crate::i18n::dates::month_name;
use crate::supporters::form::Fields;
use crate::web::forms::{CsrfForm, CsrfToken};

/// The most lapsed donors the page lists (the count says how many there are).
const LAPSED_SHOWN: usize = 200;
/// The chart's drawing area, in SVG units.
const CHART_HEIGHT: i64 = 200;
const SLOT: i64 = 60;

#[derive(Deserialize)]
pub struct YearQuery {
    #[serde(default)]
    year: String,
}

#[derive(Serialize)]
struct MonthRow {
    name: &'static str,
    short: String,
    gifts: i64,
    total: String,
    negative: bool,
    /// The bar: its left edge, top and height.
    x: i64,
    label_x: i64,
    y: i64,
    height: i64,
}

#[derive(Serialize)]
struct GroupRow {
    name: String,
    public_path: Option<String>,
    gifts: i64,
    total: String,
}

#[derive(Serialize)]
struct LapsedRow {
    name: String,
    email: String,
    supporter_id: i64,
    total: String,
    last: String,
}

/// The export form as typed.
#[derive(Default, Serialize)]
struct ExportTyped {
    from: String,
    to: String,
}

#[derive(Serialize)]
struct ReportsPage {
    #[serde(flatten)]
    frame: AdminFrame,
    tabs: Vec<Tab>,
    year: i32,
    previous_year: i32,
    years: Vec<i32>,
    months: Vec<MonthRow>,
    year_total: String,
    year_gifts: i64,
    best_month: Option<String>,
    best_total: String,
    campaigns: Vec<GroupRow>,
    funds: Vec<GroupRow>,
    lapsed: Vec<LapsedRow>,
    lapsed_count: usize,
    supporter_links: bool,
    export: ExportTyped,
    export_error: Option<&'static str>,
}

fn money(minor: i64, lang: Lang) -> String {
    Money::usd(minor).display(lang)
}

/// The bars of the chart: heights in proportion to the largest month (integer arithmetic;
/// a month whose refunds outweigh its gifts draws no bar).
fn month_rows(months: &[Sums; 12], lang: Lang) -> Vec<MonthRow> {
    let highest = months.iter().map(|m| m.total).max().unwrap_or(0).max(1);
    months
        .iter()
        .zip(1i8..)
        .zip(0i64..)
        .map(|((sums, month), slot)| {
            let height = sums.total.max(0).saturating_mul(CHART_HEIGHT) / highest;
            let name = month_name(lang, month);
            MonthRow {
                name,
                short: name.chars().take(3).collect(),
                gifts: sums.gifts,
                total: money(sums.total, lang),
                negative: sums.total < 0,
                x: slot * SLOT + 12,
                label_x: slot * SLOT + 30,
                y: 10 + CHART_HEIGHT - height,
                height,
            }
        })
        .collect()
}

async fn render(
    state: &AppState,
    member: &Member,
    csrf: CsrfToken,
    year: i32,
    export: ExportTyped,
    export_error: Option<&'static str>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let organization = member.organization.id;
    let lang = member.lang;
    let this_year = dates::today(&member.organization.time_zone).year();
    let (first, last) = reports::years(db, organization).await?.unwrap_or((this_year, this_year));
    let years: Vec<i32> = (first.min(year).min(this_year)..=last.max(year).max(this_year)).rev().collect();
    let months = reports::by_month(db, organization, year).await?;
    let choices = Choices::load(db, organization).await?;
    let campaigns = reports::by_campaign(db, organization, year)
        .await?
        .into_iter()
        .map(|(id, sums)| {
            let found = id.and_then(|id| choices.campaigns.iter().find(|c| c.id == id));
            GroupRow {
                name: found.map(|c| model::campaign_name(c, lang).to_owned()).unwrap_or_default(),
                public_path: found.map(|c| crate::fundraising::paths::campaign(lang, &c.slug)),
                gifts: sums.gifts,
                total: money(sums.total, lang),
            }
        })
        .collect();
    let funds = reports::by_fund(db, organization, year)
        .await?
        .into_iter()
        .map(|(id, sums)| {
            let found = id.and_then(|id| choices.funds.iter().find(|f| f.id == id));
            GroupRow {
                name: found.map(|f| model::fund_name(f, lang).to_owned()).unwrap_or_default(),
                public_path: found.map(|f| crate::fundraising::paths::fund(lang, &f.slug)),
                gifts: sums.gifts,
                total: money(sums.total, lang),
            }
        })
        .collect();
    let lapsed = reports::lapsed(db, organization, year).await?;
    let lapsed_count = lapsed.len();
    let best = months.iter().zip(1i8..).filter(|(m, _)| m.total > 0).max_by_key(|(m, _)| m.total);
    let page = ReportsPage {
        frame: AdminFrame::new(member, &format!("/reports?year={year}"), csrf.token),
        tabs: tabs(member, "/reports"),
        year,
        previous_year: year - 1,
        years,
        year_total: money(months.iter().map(|m| m.total).sum(), lang),
        year_gifts: months.iter().map(|m| m.gifts).sum(),
        best_month: best.map(|(_, month)| month_name(lang, month).to_owned()),
        best_total: best.map(|(m, _)| money(m.total, lang)).unwrap_or_default(),
        months: month_rows(&months, lang),
        campaigns,
        funds,
        lapsed: lapsed
            .into_iter()
            .take(LAPSED_SHOWN)
            .map(|d| LapsedRow {
                name: d.name,
                email: d.email.unwrap_or_default(),
                supporter_id: d.supporter_id,
                total: money(d.total, lang),
                last: d.last,
            })
            .collect(),
        lapsed_count,
        supporter_links: member.may(Permission::ManageSupporters),
        export,
        export_error,
    };
    let mut response = private_page(state.renderer.render("fundraising/admin/reports.html", &page)?, [csrf.set_cookie]);
    if export_error.is_some() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// A year's whole range, as the export form's default.
fn whole_year(year: i32) -> ExportTyped {
    ExportTyped { from: format!("{year:04}-01-01"), to: format!("{year:04}-12-31") }
}

/// The year asked for, or this year; years outside 1900–9999 are not pages.
fn chosen_year(typed: &str, member: &Member) -> Result<i32, AppError> {
    if typed.is_empty() {
        return Ok(dates::today(&member.organization.time_zone).year());
    }
    typed.trim().parse::<i32>().ok().filter(|y| (1900..=9999).contains(y)).ok_or(AppError::NotFound)
}

pub async fn show(
    State(state): State<AppState>,
    member: Member,
    Query(query): Query<YearQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let year = chosen_year(&query.year, &member)?;
    render(&state, &member, csrf, year, whole_year(year), None).await
}

/// Sends the CSV of the range, or the page again with what is wrong with the dates.
pub async fn download(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(pairs);
    let typed = ExportTyped { from: fields.get("from").trim().to_owned(), to: fields.get("to").trim().to_owned() };
    let year = chosen_year(fields.get("year"), &member)?;
    let (from, to) = match (dates::parse(&typed.from), dates::parse(&typed.to)) {
        (Some(from), Some(to)) if from <= to => (from, to),
        (Some(_), Some(_)) => {
            let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
            return render(&state, &member, csrf, year, typed, Some("fundraising-reports-error-order")).await;
        }
        _ => {
            let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
            return render(&state, &member, csrf, year, typed, Some("fundraising-reports-error-dates")).await;
        }
    };
    let organization = member.organization.id;
    let count = export::count(&state.db, organization, from, to).await?;
    let subject = format!("ledger {from} to {to}; {count} rows");
    audit::record(&state.db, organization, &actor(&member, &headers), "gifts.exported", &subject).await?;

    let request = export_request(&state, &member, from, to).await?;
    let file = format!("{}-{from}-{to}.csv", state.catalog.text(member.lang, "fundraising-reports-file-name", None));
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file}\""))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let mut response = Body::from_stream(export::stream(state.db.clone(), request)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    headers.insert(header::CONTENT_DISPOSITION, disposition);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// The file's words in the member's language.
async fn export_request(
    state: &AppState,
    member: &Member,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<export::Request, AppError> {
    let lang = member.lang;
    let text = |key: &str| state.catalog.text(lang, key, None);
    let choices = Choices::load(&state.db, member.organization.id).await?;
    let headers = [
        "fundraising-col-date",
        "fundraising-reports-col-receipt",
        "fundraising-col-donor",
        "fundraising-reports-col-method",
        "fundraising-field-check-number",
        "fundraising-col-fund",
        "fundraising-col-campaign",
        "fundraising-reports-col-minor",
        "fundraising-col-amount",
        "fundraising-reports-col-currency",
        "fundraising-reports-col-kind",
    ]
    .into_iter()
    .map(text)
    .collect();
    let kinds: HashMap<String, String> = [kind::GIFT, kind::REFUND, kind::CORRECTION]
        .into_iter()
        .map(|k| (k.to_owned(), text(&format!("fundraising-reports-kind-{k}"))))
        .collect();
    Ok(export::Request {
        organization_id: member.organization.id,
        from,
        to,
        lang,
        headers,
        methods: Method::ALL.into_iter().map(|m| (m.code().to_owned(), text(m.key()))).collect(),
        kinds,
        funds: choices.funds.iter().map(|f| (f.id, model::fund_name(f, lang).to_owned())).collect(),
        campaigns: choices.campaigns.iter().map(|c| (c.id, model::campaign_name(c, lang).to_owned())).collect(),
    })
}

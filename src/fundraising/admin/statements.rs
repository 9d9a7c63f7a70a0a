//! `GET /{lang}/admin/statements?year=2026`: the year's donors, the button that sends every
//! donor their year-end statement (one job; a `<progress>` bar while it runs, refreshed by the
//! page itself, so it works without JavaScript), and each donor's printable statement at
//! `GET /{lang}/admin/statements/{year}/{supporter}`.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};

use super::{Tab, actor, tabs};
use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::audit::model as audit;
use crate::auth::pages::private_page;
use crate::error::AppError;
use crate::fundraising::dates;
use crate::fundraising::statements::{self, Counts, Statement};
use crate::jobs::model::status;
use crate::supporters::entities::supporter;
use crate::supporters::model as supporters;
use crate::web::forms::{CsrfForm, CsrfToken};

/// The most donors the page lists (each with a link to print their statement).
const SHOWN: u64 = 500;

#[derive(Deserialize)]
pub struct YearQuery {
    #[serde(default)]
    year: String,
}

#[derive(Deserialize)]
pub struct StartForm {
    #[serde(default)]
    year: String,
}

#[derive(Serialize)]
struct DonorRow {
    id: i64,
    name: String,
    email: String,
}

#[derive(Serialize)]
struct StatementsPage {
    #[serde(flatten)]
    frame: AdminFrame,
    tabs: Vec<Tab>,
    year: i32,
    years: Vec<i32>,
    counts: Counts,
    queued: u64,
    /// `pending`, `running`, `done`, `failed`, or empty before any run.
    run: String,
    running: bool,
    donors: Vec<DonorRow>,
}

fn chosen_year(typed: &str, member: &Member) -> Result<i32, AppError> {
    if typed.is_empty() {
        // In January the statements are for the year just ended.
        return Ok(dates::today(&member.organization.time_zone).year() - 1);
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
    let db = &state.db;
    let organization = member.organization.id;
    let this_year = dates::today(&member.organization.time_zone).year();
    let (first, _) = crate::fundraising::reports::years(db, organization).await?.unwrap_or((this_year, this_year));
    let years = (first.min(year)..=this_year.max(year)).rev().collect();
    let run = statements::latest_job(db, organization, year).await?.map(|j| j.status).unwrap_or_default();
    let (from, to) = crate::fundraising::reports::year_bounds(year);
    let donors = supporter::Entity::find()
        .filter(
            supporter::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(crate::fundraising::entities::gift::Column::SupporterId)
                    .from(crate::fundraising::entities::gift::Entity)
                    .and_where(crate::fundraising::entities::gift::Column::OrganizationId.eq(organization))
                    .and_where(crate::fundraising::entities::gift::Column::ReceivedOn.gte(from))
                    .and_where(crate::fundraising::entities::gift::Column::ReceivedOn.lt(to))
                    .to_owned(),
            ),
        )
        .order_by_asc(supporter::Column::SortName)
        .order_by_asc(supporter::Column::Id)
        .limit(SHOWN)
        .all(db)
        .await?
        .into_iter()
        .map(|s| DonorRow {
            id: s.id,
            name: format!("{} {}", s.first_name, s.last_name).trim().to_owned(),
            email: s.email.unwrap_or_default(),
        })
        .collect();
    let page = StatementsPage {
        frame: AdminFrame::new(&member, &format!("/statements?year={year}"), csrf.token),
        tabs: tabs(&member, "/statements"),
        year,
        years,
        counts: statements::counts(db, organization, year).await?,
        queued: statements::queued(db, organization, year).await?,
        running: run == status::PENDING || run == status::RUNNING,
        run,
        donors,
    };
    Ok(private_page(state.renderer.render("fundraising/admin/statements.html", &page)?, [csrf.set_cookie]))
}

/// Starts the year's run (once while one is under way) and shows its progress.
pub async fn start(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<StartForm>,
) -> Result<Response, AppError> {
    let year = chosen_year(&form.year, &member)?;
    let organization = member.organization.id;
    if statements::start(&state.db, organization, year).await? {
        let subject = format!("year-end statements {year}");
        audit::record(&state.db, organization, &actor(&member, &headers), "statements.started", &subject).await?;
    }
    Ok(Redirect::to(&format!("/{}/admin/statements?year={year}", member.lang.code())).into_response())
}

#[derive(Serialize)]
struct PrintPage {
    lang: &'static str,
    short_name: String,
    statement: Statement,
    back: String,
}

/// A donor's statement for the year, to print (or save as PDF) from the browser.
pub async fn print(
    State(state): State<AppState>,
    member: Member,
    Path((_, year, id)): Path<(String, i32, i64)>,
) -> Result<Response, AppError> {
    let donor = supporters::find(&state.db, member.organization.id, id).await?.ok_or(AppError::NotFound)?;
    let lang = member.lang;
    let statement =
        statements::of(&state.db, &member.organization.name, year, &donor, lang).await?.ok_or(AppError::NotFound)?;
    let page = PrintPage {
        lang: lang.code(),
        short_name: member.organization.short_name.clone(),
        statement,
        back: format!("/{}/admin/statements?year={year}", lang.code()),
    };
    Ok(private_page(state.renderer.render("fundraising/admin/statement.html", &page)?, []))
}

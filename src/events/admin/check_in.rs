//! `/{lang}/admin/events/{id}/check-in`: the door, on a phone. Search the confirmed people by
//! name, tick arrivals (or take one back), add walk-ins; arrivals go on the supporter's
//! timeline. `…/attendees.csv` exports the list (names, emails, guests, accessibility, arrival).

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::{Deserialize, Serialize};

use super::when;
use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::auth::model::normalize_email;
use crate::auth::pages::private_page;
use crate::error::AppError;
use crate::events::model::{self, Event};
use crate::events::pages::zones;
use crate::events::registrations::{self, NewRegistration, Outcome, status};
use crate::supporters::form::Fields;
use crate::supporters::model::{self as supporters, fold};
use crate::web::forms::{CsrfForm, CsrfToken};

/// The timeline kind of an arrival.
pub const ACTIVITY_ATTENDED: &str = "event-attended";

#[derive(Deserialize)]
pub struct Search {
    #[serde(default)]
    q: String,
}

#[derive(Serialize)]
struct Person {
    id: i64,
    name: String,
    guests: i32,
    accessibility: String,
    arrived: bool,
    walk_in: bool,
}

#[derive(Serialize)]
struct CheckInPage {
    #[serde(flatten)]
    frame: AdminFrame,
    id: i64,
    title: String,
    when: String,
    q: String,
    people: Vec<Person>,
    arrived: usize,
    expected: usize,
    walk_in_error: Option<&'static str>,
    walk_in_name: String,
}

async fn load(state: &AppState, member: &Member, id: i64) -> Result<Event, AppError> {
    model::find(&state.db, member.organization.id, id).await?.ok_or(AppError::NotFound)
}

async fn render(
    state: &AppState,
    member: &Member,
    event: &Event,
    q: &str,
    csrf: CsrfToken,
    walk_in: (Option<&'static str>, String),
) -> Result<Response, AppError> {
    let zones = zones(&state.db, &member.organization).await?;
    let confirmed: Vec<_> = registrations::of_event(&state.db, event.id)
        .await?
        .into_iter()
        .filter(|r| r.status == status::CONFIRMED)
        .collect();
    let needle = fold(q);
    let people = confirmed
        .iter()
        .filter(|r| needle.is_empty() || fold(&r.name).contains(&needle) || r.email.contains(&needle))
        .map(|r| Person {
            id: r.id,
            name: r.name.clone(),
            guests: r.guests,
            accessibility: r.accessibility.clone(),
            arrived: r.checked_in_at.is_some(),
            walk_in: r.walk_in,
        })
        .collect();
    let page = CheckInPage {
        frame: AdminFrame::new(member, &format!("/events/{}/check-in", event.id), csrf.token),
        id: event.id,
        title: model::title(event, member.lang).0.to_owned(),
        when: when(member.lang, event, &zones),
        q: q.to_owned(),
        people,
        arrived: confirmed.iter().filter(|r| r.checked_in_at.is_some()).count(),
        expected: confirmed.len(),
        walk_in_error: walk_in.0,
        walk_in_name: walk_in.1,
    };
    let status = if page.walk_in_error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let mut response = private_page(state.renderer.render("events/admin/check_in.html", &page)?, [csrf.set_cookie]);
    *response.status_mut() = status;
    Ok(response)
}

pub async fn show(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    Path((_, id)): Path<(String, i64)>,
    Query(search): Query<Search>,
) -> Result<Response, AppError> {
    let event = load(&state, &member, id).await?;
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    render(&state, &member, &event, search.q.trim(), csrf, (None, String::new())).await
}

fn back(member: &Member, id: i64, q: &str) -> Response {
    let mut path = format!("/{}/admin/events/{id}/check-in", member.lang.code());
    if !q.is_empty() {
        let query = serde_urlencoded::to_string([("q", q)]).unwrap_or_default();
        path = format!("{path}?{query}");
    }
    Redirect::to(&path).into_response()
}

/// `POST …/arrivals`: `registration` arrived (or, with `undo`, did not after all).
pub async fn arrive(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let event = load(&state, &member, id).await?;
    let fields = Fields(pairs);
    let found = match fields.get("registration").parse::<i64>() {
        Ok(registration_id) => registrations::find(&state.db, event.id, registration_id).await?,
        Err(_) => None,
    };
    let Some(registration) = found else { return Ok(back(&member, event.id, fields.get("q"))) };
    let txn = crate::db::begin_write(&state.db).await?;
    if fields.checked("undo") {
        registrations::set_arrived(&txn, registration.id, None).await?;
    } else if registrations::set_arrived(&txn, registration.id, Some(Utc::now())).await? {
        let reference = format!("event:{}", event.id);
        supporters::record_activity(&txn, registration.supporter_id, ACTIVITY_ATTENDED, Some(&reference), Utc::now())
            .await?;
    }
    txn.commit().await?;
    Ok(back(&member, event.id, fields.get("q")))
}

/// `POST …/walk-ins`: someone who came without registering (a name; an email when they give one).
pub async fn walk_in(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let event = load(&state, &member, id).await?;
    let fields = Fields(pairs);
    let name: String = fields.get("name").trim().chars().take(200).collect();
    let typed_email = fields.get("email").trim();
    let email = if typed_email.is_empty() { None } else { normalize_email(typed_email) };
    let problem = if name.is_empty() {
        Some("events-error-name")
    } else if !typed_email.is_empty() && email.is_none() {
        Some("events-error-email")
    } else {
        None
    };
    if problem.is_some() {
        let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
        return render(&state, &member, &event, "", csrf, (problem, name)).await;
    }
    let txn = crate::db::begin_write(&state.db).await?;
    let (first, last) = name.split_once(' ').unwrap_or((&name, ""));
    let details = supporters::Details {
        first_name: first.to_owned(),
        last_name: last.trim().to_owned(),
        email: email.clone(),
        language: member.lang.code().to_owned(),
        ..Default::default()
    };
    let (supporter, _) = supporters::find_or_create(&txn, member.organization.id, &details).await?;
    let new = NewRegistration {
        name,
        email: email.unwrap_or_default(),
        guests: 0,
        language: member.lang.code().to_owned(),
        accessibility: String::new(),
        walk_in: true,
    };
    let reference = format!("event:{}", event.id);
    match registrations::register(&txn, &event, supporter.id, &new).await? {
        Outcome::Already(existing) => {
            registrations::set_arrived(&txn, existing.id, Some(Utc::now())).await?;
        }
        Outcome::Confirmed(_) | Outcome::Waitlisted(_) => {}
    }
    supporters::record_activity(&txn, supporter.id, ACTIVITY_ATTENDED, Some(&reference), Utc::now()).await?;
    txn.commit().await?;
    Ok(back(&member, event.id, ""))
}

#[derive(Deserialize)]
pub struct ExportOptions {
    /// A delegation's sensitive answers too (its organizers and admins only; audited).
    #[serde(default)]
    sensitive: Option<String>,
}

/// `GET …/attendees.csv`: the confirmed people (a delegation's accepted participants), for a
/// spreadsheet.
pub async fn export(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    Path((_, id)): Path<(String, i64)>,
    Query(options): Query<ExportOptions>,
) -> Result<Response, AppError> {
    let event = load(&state, &member, id).await?;
    let lang = member.lang;
    let bytes = if crate::events::delegations::is_delegation(&event) {
        let sensitive = options.sensitive.is_some_and(|v| v == "on");
        super::applications::export(&state, &member, &headers, &event, sensitive).await?
    } else {
        attendees(&state, lang, &event).await?
    };
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{}-attendees.csv\"", event.slug)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

async fn attendees(state: &AppState, lang: crate::i18n::Lang, event: &Event) -> Result<Vec<u8>, AppError> {
    let header_keys = [
        "events-admin-col-name",
        "events-admin-col-email",
        "events-admin-col-guests",
        "events-admin-col-access",
        "events-admin-col-arrived",
        "events-admin-col-walk-in",
    ];
    let mut writer = hermana_sheet::CsvWriter::new(Vec::new()).map_err(anyhow::Error::from)?;
    writer.write_row(header_keys.iter().map(|k| state.catalog.text(lang, k, None))).map_err(anyhow::Error::from)?;
    for r in registrations::of_event(&state.db, event.id).await?.into_iter().filter(|r| r.status == status::CONFIRMED) {
        let arrived = r.checked_in_at.map(|at| at.format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default();
        let walk_in = if r.walk_in { "x" } else { "" };
        writer
            .write_row([r.name, r.email, r.guests.to_string(), r.accessibility, arrived, walk_in.to_owned()])
            .map_err(anyhow::Error::from)?;
    }
    Ok(writer.into_inner().map_err(anyhow::Error::from)?)
}

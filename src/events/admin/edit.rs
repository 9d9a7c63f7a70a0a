//! `/{lang}/admin/events/new` and `/{lang}/admin/events/{id}`: the event form (both
//! languages' title and description side by side, times typed in the organization's zone),
//! and the event's registrations. Problems are shown next to each field, typed text kept.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;

use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::pages::private_page;
use crate::auth::session;
use crate::error::AppError;
use crate::events::delegations::retention;
use crate::events::mail as event_mail;
use crate::events::model::{self, Event, KINDS, Problems, Typed};
use crate::events::pages::cancel::notify_promoted;
use crate::events::registrations::{self, Registration};
use crate::events::{paths, reminders};
use crate::i18n::dates;
use crate::media::model as media;
use crate::supporters::form::Fields;
use crate::web::forms::{CsrfForm, CsrfToken};
use crate::web::origin::Origin;

#[derive(Serialize)]
struct CoverOption {
    id: i64,
    alt: String,
}

#[derive(Serialize)]
struct RegistrationLine {
    name: String,
    email: String,
    guests: i32,
    status: String,
    accessibility: String,
    arrived: bool,
}

#[derive(Serialize)]
pub struct EditPage {
    #[serde(flatten)]
    frame: AdminFrame,
    /// `None` for a new event.
    id: Option<i64>,
    typed: Typed,
    problems: Problems,
    kinds: &'static [&'static str],
    covers: Vec<CoverOption>,
    zone: String,
    action: String,
    public_path: Option<String>,
    cancelled: bool,
    cancel_message: Option<String>,
    sequence: i32,
    seats: String,
    registrations: Vec<RegistrationLine>,
    /// A delegation: its applications have their own page.
    delegation: bool,
}

async fn page(
    state: &AppState,
    member: &Member,
    event: Option<&Event>,
    typed: Typed,
    problems: Problems,
    csrf: String,
) -> Result<EditPage, AppError> {
    let lang = member.lang;
    let covers = media::list(&state.db, member.organization.id)
        .await?
        .iter()
        .map(|m| CoverOption { id: m.id, alt: media::alt(m, lang).to_owned() })
        .collect();
    let registrations: Vec<Registration> = match event {
        Some(e) => registrations::of_event(&state.db, e.id).await?,
        None => Vec::new(),
    };
    let section = match event {
        Some(e) => format!("/events/{}", e.id),
        None => "/events/new".to_owned(),
    };
    Ok(EditPage {
        frame: AdminFrame::new(member, &section, csrf),
        id: event.map(|e| e.id),
        typed,
        problems,
        kinds: &KINDS,
        covers,
        zone: member.organization.time_zone.clone(),
        action: match event {
            Some(e) => format!("/{}/admin/events/{}", lang.code(), e.id),
            None => format!("/{}/admin/events", lang.code()),
        },
        public_path: event.map(|e| paths::show(lang, &e.slug)),
        cancelled: event.is_some_and(|e| e.cancelled_at.is_some()),
        cancel_message: event.and_then(|e| e.cancel_message.clone()),
        sequence: event.map_or(0, |e| e.sequence),
        seats: event
            .map(|e| match e.capacity {
                Some(c) => format!("{} / {c}", e.seats_taken),
                None => e.seats_taken.to_string(),
            })
            .unwrap_or_default(),
        delegation: event.is_some_and(crate::events::delegations::is_delegation),
        registrations: registrations
            .into_iter()
            .map(|r| RegistrationLine {
                name: r.name,
                email: r.email,
                guests: r.guests,
                status: r.status,
                accessibility: r.accessibility,
                arrived: r.checked_in_at.is_some(),
            })
            .collect(),
    })
}

fn render(
    state: &AppState,
    page: &EditPage,
    status: StatusCode,
    cookie: Option<axum::http::HeaderValue>,
) -> Result<Response, AppError> {
    let mut response = private_page(state.renderer.render("events/admin/edit.html", page)?, [cookie]);
    *response.status_mut() = status;
    Ok(response)
}

async fn load(state: &AppState, member: &Member, id: i64) -> Result<Event, AppError> {
    model::find(&state.db, member.organization.id, id).await?.ok_or(AppError::NotFound)
}

pub async fn new(State(state): State<AppState>, member: Member, headers: HeaderMap) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let typed = Typed { kind: "talk".into(), visibility: model::visibility::PUBLIC.into(), ..Typed::default() };
    let page = page(&state, &member, None, typed, Problems::default(), csrf.token).await?;
    render(&state, &page, StatusCode::OK, csrf.set_cookie)
}

pub async fn show(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let event = load(&state, &member, id).await?;
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let typed = Typed::of(&event, &dates::zone(&member.organization.time_zone));
    let page = page(&state, &member, Some(&event), typed, Problems::default(), csrf.token).await?;
    render(&state, &page, StatusCode::OK, csrf.set_cookie)
}

/// Reads and checks the form; the page again with the problems when it is not valid.
async fn checked(
    state: &AppState,
    member: &Member,
    event: Option<&Event>,
    headers: &HeaderMap,
    pairs: Vec<(String, String)>,
) -> Result<Result<model::Checked, Response>, AppError> {
    let fields = Fields(pairs);
    let typed = Typed::from_fields(|name| fields.get(name));
    let zone = dates::zone(&member.organization.time_zone);
    let media_ids: Vec<i64> = media::list(&state.db, member.organization.id).await?.iter().map(|m| m.id).collect();
    match typed.check(&zone, &media_ids) {
        Ok(checked) => Ok(Ok(checked)),
        Err(problems) => {
            let csrf = CsrfToken::for_request(headers, state.config.is_https())?.token;
            let page = page(state, member, event, typed, *problems, csrf).await?;
            Ok(Err(render(state, &page, StatusCode::UNPROCESSABLE_ENTITY, None)?))
        }
    }
}

pub async fn create(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let checked = match checked(&state, &member, None, &headers, pairs).await? {
        Ok(checked) => checked,
        Err(response) => return Ok(response),
    };
    let txn = crate::db::begin_write(&state.db).await?;
    let event = model::create(&txn, member.organization.id, &checked).await?;
    reminders::schedule(&txn, &event).await?;
    retention::schedule(&txn, &event, member.organization.delegation_retention_days).await?;
    let actor = Actor { account_id: Some(member.account.id), request_id: session::request_id(&headers) };
    audit::record(&txn, member.organization.id, &actor, "event.created", &format!("event {}", event.id)).await?;
    txn.commit().await?;
    Ok(Redirect::to(&format!("/{}/admin/events/{}", member.lang.code(), event.id)).into_response())
}

pub async fn save(
    State(state): State<AppState>,
    member: Member,
    origin: Origin,
    headers: HeaderMap,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let event = load(&state, &member, id).await?;
    let checked = match checked(&state, &member, Some(&event), &headers, pairs).await? {
        Ok(checked) => checked,
        Err(response) => return Ok(response),
    };
    let txn = crate::db::begin_write(&state.db).await?;
    let saved = model::update(&txn, event, &checked).await?;
    // More seats may let people in from the waitlist.
    let promoted = registrations::promote(&txn, saved.id).await?;
    let saved = model::find(&txn, member.organization.id, saved.id).await?.ok_or(AppError::NotFound)?;
    notify_promoted(&txn, &state, &event_mail::site(&origin, &member.organization), &saved, &promoted).await?;
    reminders::schedule(&txn, &saved).await?;
    retention::schedule(&txn, &saved, member.organization.delegation_retention_days).await?;
    let actor = Actor { account_id: Some(member.account.id), request_id: session::request_id(&headers) };
    audit::record(&txn, member.organization.id, &actor, "event.updated", &format!("event {}", saved.id)).await?;
    txn.commit().await?;
    Ok(Redirect::to(&format!("/{}/admin/events/{}", member.lang.code(), saved.id)).into_response())
}

//! The calendar files: one event's `.ics`, and the organization's feed per language
//! (`/es/eventos/calendario.ics`, `/en/events/calendar.ics`; the list page offers it as a
//! `webcal://` link). Public events only; a feed keeps a year of past events, cancelled ones
//! included (`STATUS:CANCELLED`) so subscribed calendars learn of the cancellation.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};

use super::scope;
use crate::app::AppState;
use crate::error::AppError;
use crate::events::ical::{self, Calendar};
use crate::events::model::{self, Scope};
use crate::web::origin::Origin;
use crate::web::{CurrentOrganization, PathLang};

fn calendar_response(body: String, filename: &str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(value) = HeaderValue::from_str(&format!("inline; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

pub async fn event(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let scope = scope(&state, &organization, &headers).await?;
    let event = model::by_slug(&state.db, organization.id, &slug)
        .await?
        .filter(|e| super::visible(e, scope))
        .ok_or(AppError::NotFound)?;
    let entry = ical::entry(&event, lang, origin.as_str(), &organization.slug, false);
    let body = ical::write(&Calendar {
        name: &organization.name,
        language: lang.code(),
        zone: &organization.time_zone,
        events: &[entry],
    });
    Ok(calendar_response(body, &format!("{}.ics", event.slug)))
}

pub async fn feed(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
) -> Result<Response, AppError> {
    // A feed URL is shared: it never shows members-only events, whoever asks.
    let scope = Scope { organization_id: organization.id, members: false };
    let now = Utc::now();
    let events = model::between(&state.db, scope, now - Duration::days(366), now + Duration::days(3660)).await?;
    let mut ongoing = model::upcoming(&state.db, scope, now).await?;
    ongoing.retain(|e| !events.iter().any(|x| x.id == e.id));
    let entries: Vec<_> = events
        .iter()
        .chain(ongoing.iter())
        .map(|e| ical::entry(e, lang, origin.as_str(), &organization.slug, false))
        .collect();
    let body = ical::write(&Calendar {
        name: &organization.name,
        language: lang.code(),
        zone: &organization.time_zone,
        events: &entries,
    });
    Ok(calendar_response(body, "calendar.ics"))
}

//! `/es/eventos/cancelar/{token}`, `/en/events/cancel/{token}`: the emailed link that cancels
//! a registration. Opening it only shows a button (a mail scanner cancels nothing); the button
//! uses the single-use token, frees the seats and promotes the waitlist, emailing whoever got
//! a seat.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::Utc;
use serde::Serialize;

use super::layout;
use crate::app::AppState;
use crate::error::AppError;
use crate::events::mail::{self as event_mail, CANCEL_PURPOSE, Letter};
use crate::events::registrations::{self, status};
use crate::events::{model, paths};
use crate::i18n::Lang;
use crate::supporters::links;
use crate::supporters::model as supporters;
use crate::supporters::pages::respond;
use crate::web::forms::{CsrfForm, CsrfToken};
use crate::web::layout::Layout;
use crate::web::origin::Origin;
use crate::web::{CurrentOrganization, PathLang};

/// The timeline kind of a cancelled registration.
pub const ACTIVITY_CANCELLED: &str = "event-registration-cancelled";

#[derive(Serialize)]
struct CancelPage {
    #[serde(flatten)]
    layout: Layout,
    csrf: String,
    action: String,
    /// The event's title, while the link works.
    event_title: Option<String>,
    done: bool,
    list_path: &'static str,
}

async fn page(
    state: &AppState,
    organization: &crate::organizations::model::Organization,
    origin: &Origin,
    lang: Lang,
    token: &str,
    csrf: String,
) -> Result<CancelPage, AppError> {
    let title = state.catalog.text(lang, "events-cancel-title", None);
    // The link's address must not leak through the language switch: it goes to the list.
    let layout = layout(
        state,
        organization,
        origin,
        lang,
        (paths::cancel(lang, token), paths::list(lang.other()).to_owned()),
        title,
        String::new(),
    )
    .await?;
    Ok(CancelPage {
        layout,
        csrf,
        action: paths::cancel(lang, token),
        event_title: None,
        done: false,
        list_path: paths::list(lang),
    })
}

pub async fn show(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let mut page = page(&state, &organization, &origin, lang, &token, csrf.token).await?;
    let mut status_code = StatusCode::NOT_FOUND;
    if let Some(link) = links::open(&state.db, organization.id, &token, CANCEL_PURPOSE).await?
        && let Ok(id) = link.payload.parse::<i64>()
        && let Some(registration) = registrations::find_any(&state.db, organization.id, id).await?
        && registration.status != status::CANCELLED
        && let Some(event) = model::find(&state.db, organization.id, registration.event_id).await?
    {
        page.event_title = Some(model::title(&event, lang).0.to_owned());
        status_code = StatusCode::OK;
    }
    respond(&state, "events/cancel.html", &page, status_code, [csrf.set_cookie])
}

pub async fn submit(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    headers: HeaderMap,
    Path(token): Path<String>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?.token;
    let mut page = page(&state, &organization, &origin, lang, &token, csrf).await?;
    let txn = crate::db::begin_write(&state.db).await?;
    let Some(link) = links::redeem(&txn, organization.id, &token, CANCEL_PURPOSE).await? else {
        drop(txn);
        return respond(&state, "events/cancel.html", &page, StatusCode::NOT_FOUND, []);
    };
    let registration = match link.payload.parse::<i64>() {
        Ok(id) => registrations::find_any(&txn, organization.id, id).await?,
        Err(_) => None,
    };
    let Some(registration) = registration else {
        txn.commit().await?;
        return respond(&state, "events/cancel.html", &page, StatusCode::NOT_FOUND, []);
    };
    let event = model::find(&txn, organization.id, registration.event_id).await?.ok_or(AppError::NotFound)?;
    let (cancelled, promoted) = registrations::cancel(&txn, &registration).await?;
    if cancelled {
        let reference = format!("event:{}", event.id);
        supporters::record_activity(&txn, registration.supporter_id, ACTIVITY_CANCELLED, Some(&reference), Utc::now())
            .await?;
    }
    notify_promoted(&txn, &state, &event_mail::site(&origin, &organization), &event, &promoted).await?;
    txn.commit().await?;
    page.event_title = Some(model::title(&event, lang).0.to_owned());
    page.done = true;
    respond(&state, "events/cancel.html", &page, StatusCode::OK, [])
}

/// Emails everyone just promoted from the waitlist.
pub async fn notify_promoted(
    txn: &sea_orm::DatabaseTransaction,
    state: &AppState,
    site: &event_mail::EventSite<'_>,
    event: &model::Event,
    promoted: &[registrations::Registration],
) -> Result<(), AppError> {
    for registration in promoted {
        if let Some(supporter) = supporters::find(txn, event.organization_id, registration.supporter_id).await? {
            event_mail::send(txn, state, site, event, registration, &supporter, Letter::Promoted).await?;
        }
    }
    Ok(())
}

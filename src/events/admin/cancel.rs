//! `POST /{lang}/admin/events/{id}/cancel`: cancels an event and emails everyone registered
//! (confirmed or waitlisted) the organizers' message, each in their registration's language.
//! The emails are queued in the same transaction as the cancellation, each with its own
//! idempotency key, so a retry or a second click sends nothing twice.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};

use crate::admin::Member;
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::session;
use crate::error::AppError;
use crate::events::mail::{self as event_mail, Letter};
use crate::events::model;
use crate::events::registrations::{self, status};
use crate::supporters::form::Fields;
use crate::supporters::model as supporters;
use crate::web::forms::CsrfForm;
use crate::web::origin::Origin;

/// The longest cancellation message.
pub const MAX_MESSAGE: usize = 5000;

pub async fn cancel(
    State(state): State<AppState>,
    member: Member,
    origin: Origin,
    headers: HeaderMap,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(pairs);
    let message: String = fields.get("message").trim().replace("\r\n", "\n").chars().take(MAX_MESSAGE).collect();
    let back = Redirect::to(&format!("/{}/admin/events/{id}", member.lang.code())).into_response();
    let txn = crate::db::begin_write(&state.db).await?;
    let event = model::find(&txn, member.organization.id, id).await?.ok_or(AppError::NotFound)?;
    if !model::cancel(&txn, &event, &message).await? {
        drop(txn);
        return Ok(back);
    }
    let event = model::find(&txn, member.organization.id, id).await?.ok_or(AppError::NotFound)?;
    let site = event_mail::site(&origin, &member.organization);
    let mut sent = 0;
    for registration in registrations::of_event(&txn, event.id).await? {
        if registration.status == status::CANCELLED {
            continue;
        }
        let Some(supporter) = supporters::find(&txn, event.organization_id, registration.supporter_id).await? else {
            continue;
        };
        if supporter.erased_at.is_none() {
            event_mail::send(&txn, &state, &site, &event, &registration, &supporter, Letter::EventCancelled).await?;
            sent += 1;
        }
    }
    let actor = Actor { account_id: Some(member.account.id), request_id: session::request_id(&headers) };
    let subject = format!("event {} ({sent} emails)", event.id);
    audit::record(&txn, member.organization.id, &actor, "event.cancelled", &subject).await?;
    txn.commit().await?;
    Ok(back)
}

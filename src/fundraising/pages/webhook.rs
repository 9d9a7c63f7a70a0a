//! `POST /webhooks/stripe`: Stripe's signed events. A request whose `Stripe-Signature` does
//! not match the body under the webhook secret, or is more than five minutes old, is refused
//! with 400 and changes nothing. An event that needs a gift not recorded yet answers 409, so
//! Stripe delivers it again later.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::app::AppState;
use crate::error::AppError;
use crate::fundraising::stripe::events::{self, Outcome};
use crate::fundraising::stripe::signature;
use crate::web::CurrentOrganization;

pub async fn receive(
    State(state): State<AppState>,
    CurrentOrganization(organization): CurrentOrganization,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let Some(secret) = state.config.stripe.webhook_secret() else { return Err(AppError::NotFound) };
    let header = headers.get("stripe-signature").and_then(|v| v.to_str().ok()).unwrap_or_default();
    if let Err(refused) = signature::verify(secret, header, &body, chrono::Utc::now().timestamp()) {
        tracing::warn!(%refused, "a Stripe webhook request refused");
        return Ok((StatusCode::BAD_REQUEST, "bad signature").into_response());
    }
    let Ok(event) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return Ok((StatusCode::BAD_REQUEST, "not JSON").into_response());
    };
    let outcome = events::handle(&state, &organization, &event).await.map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(match outcome {
        Outcome::Handled | Outcome::Repeated => (StatusCode::OK, "ok").into_response(),
        Outcome::NotYet => (StatusCode::CONFLICT, "not yet: deliver again later").into_response(),
    })
}

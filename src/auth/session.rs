//! The signed-in account of a request, from the session cookie.

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};

use super::model::{self, Account};
use crate::app::AppState;
use crate::error::AppError;
use crate::web::cookies;

const SESSION_COOKIE: &str = "hermana_session";

/// A request's signed-in account.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub session_id: i64,
    pub account: Account,
}

/// The session token the browser sent, if any.
pub fn token(state: &AppState, headers: &HeaderMap) -> Option<String> {
    cookies::get(headers, &cookies::name(SESSION_COOKIE, state.config.is_https())).map(str::to_owned)
}

/// The account signed in on this request, if any.
pub async fn signed_in(state: &AppState, headers: &HeaderMap) -> Result<Option<SignedIn>, AppError> {
    let Some(token) = token(state, headers) else {
        return Ok(None);
    };
    Ok(model::session_account(&state.db, &token).await?.map(|(session_id, account)| SignedIn { session_id, account }))
}

/// The `Set-Cookie` value that carries a new session token.
pub fn cookie(state: &AppState, token: &str) -> Option<HeaderValue> {
    let https = state.config.is_https();
    cookies::set(&cookies::name(SESSION_COOKIE, https), token, model::SESSION_IDLE.num_seconds(), https)
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(state: &AppState) -> Option<HeaderValue> {
    let https = state.config.is_https();
    cookies::clear(&cookies::name(SESSION_COOKIE, https), https)
}

/// A redirect after signing in or out: sets (or clears) the session cookie, never cached.
pub fn redirect_with(target: &str, cookie: Option<HeaderValue>) -> Response {
    let mut response = Redirect::to(target).into_response();
    let headers = response.headers_mut();
    if let Some(cookie) = cookie {
        headers.append(header::SET_COOKIE, cookie);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The request id of the current request, for audit entries.
pub fn request_id(headers: &HeaderMap) -> Option<String> {
    headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned)
}

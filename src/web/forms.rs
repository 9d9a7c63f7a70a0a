//! Form submissions: CSRF protection (a double-submit token plus an Origin check) and
//! parsing, so every state-changing handler gets a checked form or a clear refusal.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, HeaderValue, header};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::app::AppState;
use crate::auth::tokens;
use crate::error::AppError;
use crate::web::cookies;

/// The cookie holding this browser's form token.
const CSRF_COOKIE: &str = "hermana_csrf";
/// The largest form body accepted.
const MAX_FORM_BYTES: usize = 256 * 1024;

/// The form token for a page with forms, and the cookie to set when the browser had none.
pub struct CsrfToken {
    pub token: String,
    pub set_cookie: Option<HeaderValue>,
}

impl CsrfToken {
    /// The browser's token, or a new one.
    pub fn for_request(headers: &HeaderMap, https: bool) -> Result<CsrfToken, AppError> {
        let name = cookies::name(CSRF_COOKIE, https);
        if let Some(token) = cookies::get(headers, &name).filter(|t| tokens::looks_valid(t)) {
            return Ok(CsrfToken { token: token.to_owned(), set_cookie: None });
        }
        let (token, _) = tokens::new_token().map_err(|e| AppError::Internal(format!("randomness: {e}")))?;
        let set_cookie = cookies::set(&name, &token, 60 * 60 * 24 * 365, https);
        Ok(CsrfToken { token, set_cookie })
    }
}

#[derive(Deserialize)]
struct TokenField {
    #[serde(default)]
    csrf: String,
}

/// A urlencoded form whose CSRF token and origin were checked.
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let https = state.config.is_https();
        let headers = request.headers().clone();
        let is_form = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(AppError::BadRequest);
        }
        let body = axum::body::to_bytes(request.into_body(), MAX_FORM_BYTES).await.map_err(|_| AppError::BadRequest)?;
        check_origin(&headers)?;
        check_token(&headers, &body, https)?;
        serde_urlencoded::from_bytes(&body).map(CsrfForm).map_err(|_| AppError::BadRequest)
    }
}

fn check_token(headers: &HeaderMap, body: &Bytes, https: bool) -> Result<(), AppError> {
    let field: TokenField = serde_urlencoded::from_bytes(body).map_err(|_| AppError::BadRequest)?;
    check_token_value(headers, &field.csrf, https)
}

/// Checks a form submitted some other way (a file upload): its origin, and its `csrf` field's
/// value against the cookie.
pub fn check_submission(headers: &HeaderMap, token: &str, https: bool) -> Result<(), AppError> {
    check_origin(headers)?;
    check_token_value(headers, token, https)
}

fn check_token_value(headers: &HeaderMap, token: &str, https: bool) -> Result<(), AppError> {
    let cookie = cookies::get(headers, &cookies::name(CSRF_COOKIE, https)).ok_or(AppError::FormExpired)?;
    if constant_time_eq(cookie.as_bytes(), token.as_bytes()) && tokens::looks_valid(cookie) {
        Ok(())
    } else {
        Err(AppError::FormExpired)
    }
}

/// A form post must come from a page of this site: `Origin` (or, without it,
/// `Sec-Fetch-Site`) must say so when the browser sends it.
fn check_origin(headers: &HeaderMap) -> Result<(), AppError> {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let origin_host = origin.split_once("://").map(|(_, rest)| rest);
        return match (origin_host, host) {
            (Some(o), Some(h)) if o.eq_ignore_ascii_case(h) => Ok(()),
            _ => Err(AppError::FormExpired),
        };
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        None | Some("same-origin" | "none") => Ok(()),
        Some(_) => Err(AppError::FormExpired),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_must_match_the_host() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("mascp.org"));
        assert!(check_origin(&headers).is_ok(), "no Origin and no Sec-Fetch-Site: the token decides");
        headers.insert(header::ORIGIN, HeaderValue::from_static("https://mascp.org"));
        assert!(check_origin(&headers).is_ok());
        headers.insert(header::ORIGIN, HeaderValue::from_static("https://evil.example"));
        assert!(check_origin(&headers).is_err());
        headers.remove(header::ORIGIN);
        headers.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(check_origin(&headers).is_err());
    }

    #[test]
    fn compares_in_constant_time() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}

//! `GET /` and `GET /{lang}`: send the visitor to a language's home page.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::app::AppState;
use crate::error::AppError;
use crate::i18n::{self, Lang};
use crate::organizations::model as organizations;
use crate::web::CurrentOrganization;

/// `GET /`: the language from the cookie, then `Accept-Language`, then the organization's own.
pub async fn redirect(
    State(_state): State<AppState>,
    CurrentOrganization(organization): CurrentOrganization,
    headers: HeaderMap,
) -> Response {
    let lang = choose(&headers, organizations::default_lang(&organization));
    let mut response = (StatusCode::FOUND, [(header::LOCATION, format!("/{}/", lang.code()))]).into_response();
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Language, Cookie"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    response
}

/// The visitor's language, from the `lang` cookie, then `Accept-Language`, then `fallback`.
pub fn choose(headers: &HeaderMap, fallback: Lang) -> Lang {
    preferred(headers).unwrap_or(fallback)
}

/// The language the visitor asked for (cookie, then `Accept-Language`), if any.
pub fn preferred(headers: &HeaderMap) -> Option<Lang> {
    cookie_lang(headers).or_else(|| {
        headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(i18n::from_accept_language)
    })
}

/// The language remembered in the `lang` cookie.
pub fn cookie_lang(headers: &HeaderMap) -> Option<Lang> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        (name == i18n::LANGUAGE_COOKIE).then(|| Lang::from_code(value.trim())).flatten()
    })
}

/// `GET /es` → `/es/`.
pub async fn add_slash(Path(lang): Path<String>) -> Result<Redirect, AppError> {
    let lang = Lang::from_code(&lang).ok_or(AppError::NotFound)?;
    Ok(Redirect::permanent(&format!("/{}/", lang.code())))
}

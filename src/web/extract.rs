//! Extractors for the language in the URL and the organization the request is for.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::app::AppState;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::organizations::model::{self, Organization};

/// The language named by the first segment of the path (`/es/…`, `/en/…`).
#[derive(Clone, Copy, Debug)]
pub struct PathLang(pub Lang);

impl PathLang {
    /// Reads the language from a path, if it starts with a known one.
    pub fn from_path(path: &str) -> Option<Lang> {
        let first = path.strip_prefix('/')?.split('/').next()?;
        Lang::from_code(first)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PathLang {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        PathLang::from_path(parts.uri.path()).map(PathLang).ok_or(AppError::NotFound)
    }
}

/// The organization whose site this request is for: the one whose host matches the request's
/// `Host` header, else the configured default.
#[derive(Clone, Debug)]
pub struct CurrentOrganization(pub Arc<Organization>);

impl FromRequestParts<AppState> for CurrentOrganization {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let snapshot = state.cache.snapshot(&state.db).await?;
        let id = snapshot.organization_for(host(parts)).ok_or(AppError::NotFound)?;
        let organization = model::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
        Ok(CurrentOrganization(Arc::new(organization)))
    }
}

/// The request's host without port, lower-cased; `None` when absent or absurd.
pub fn host(parts: &Parts) -> Option<String> {
    host_of(&parts.headers)
}

/// [`host`] from a header map.
pub fn host_of(headers: &axum::http::HeaderMap) -> Option<String> {
    let value = headers.get(axum::http::header::HOST)?.to_str().ok()?;
    if value.len() > 255 {
        return None;
    }
    let name = value
        .rsplit_once(':')
        .map_or(value, |(name, port)| if port.bytes().all(|b| b.is_ascii_digit()) { name } else { value });
    Some(name.to_ascii_lowercase())
}

//! `GET /media/{id}/{slot}.{jpg|webp}`: one variant of a library image, from the database.
//!
//! The address is stable: replacing the image changes the bytes behind it, not the address.
//! So the cache lifetime depends on how it was asked for. Pages ask with `?v=<version>`
//! (see `embed::versioned_path`): when that is the current version the response never
//! changes and is cached for a year (`immutable`); a replacement bumps the version, so pages
//! then ask for a new address. The bare address (what an editor might paste elsewhere, or an
//! old `?v=`) is cached an hour and then revalidated with `ETag` / `Last-Modified`.

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::app::AppState;
use crate::error::AppError;
use crate::media::model;
use crate::media::process::{Format, SLOTS};
use crate::web::CurrentOrganization;
use crate::web::headers::http_date;

/// For the current version asked by its version.
pub const CACHE_VERSIONED: &str = "public, max-age=31536000, immutable";
/// For the stable address: a replacement shows within the hour, and revalidation is cheap.
pub const CACHE_STABLE: &str = "public, max-age=3600";

#[derive(Deserialize)]
pub struct Version {
    v: Option<i32>,
}

pub async fn serve(
    State(state): State<AppState>,
    CurrentOrganization(organization): CurrentOrganization,
    Path((id, file)): Path<(i64, String)>,
    Query(query): Query<Version>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (slot, extension) = file.split_once('.').ok_or(AppError::NotFound)?;
    let slot: i32 = slot.parse().map_err(|_| AppError::NotFound)?;
    let format = Format::from_extension(extension).ok_or(AppError::NotFound)?;
    if !u32::try_from(slot).is_ok_and(|s| SLOTS.contains(&s)) {
        return Err(AppError::NotFound);
    }
    let media = model::find(&state.db, organization.id, id).await?.ok_or(AppError::NotFound)?;
    let variant = model::variant(&state.db, organization.id, id, slot, format).await?.ok_or(AppError::NotFound)?;
    let etag = format!("\"{}\"", variant.etag);
    let last_modified = http_date(variant.created_at);
    let cache = if query.v == Some(media.version) { CACHE_VERSIONED } else { CACHE_STABLE };
    let not_modified = match headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
        Some(tags) => tags.split(',').any(|t| t.trim().trim_start_matches("W/") == etag || t.trim() == "*"),
        None => headers.get(header::IF_MODIFIED_SINCE).and_then(|v| v.to_str().ok()) == Some(last_modified.as_str()),
    };
    let mut response =
        if not_modified { StatusCode::NOT_MODIFIED.into_response() } else { Response::new(Body::from(variant.bytes)) };
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(format.mime()));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::ETAG, HeaderValue::from_str(&etag).map_err(|e| AppError::Internal(e.to_string()))?);
    h.insert(
        header::LAST_MODIFIED,
        HeaderValue::from_str(&last_modified).map_err(|e| AppError::Internal(e.to_string()))?,
    );
    Ok(response)
}

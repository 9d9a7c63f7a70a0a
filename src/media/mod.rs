//! The media library: images uploaded by the core group, checked by their content, stored as
//! re-encoded variants in the database (so any app node serves them, and no upload's
//! metadata is ever served), shown in pages through `![](media:ID)` and as a page's cover.

pub mod admin;
pub mod embed;
pub mod entities;
pub mod model;
pub mod pages;
pub mod process;

use axum::Router;
use axum::routing::get;

use crate::app::AppState;

/// The public addresses of the variants.
pub fn router() -> Router<AppState> {
    Router::new().route("/media/{id}/{file}", get(pages::serve::serve))
}

//! Pages, their translations, link cards, and the public pages that show them.

pub mod admin;
pub mod diff;
pub mod entities;
pub mod markdown;
pub mod model;
pub mod pages;
pub mod studio;

use axum::Router;
use axum::routing::get;

use crate::app::AppState;

/// The public site: `/{lang}/` and every page slug under it.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(pages::root::redirect))
        .route("/{lang}", get(pages::root::add_slash))
        .route("/{lang}/", get(pages::show::home))
        .route("/{lang}/{*slug}", get(pages::show::page))
}

//! Pages, their translations, link cards, and the public pages that show them.

pub mod admin;
pub mod articles;
pub mod diff;
pub mod entities;
pub mod markdown;
pub mod menus;
pub mod model;
pub mod pages;
pub mod studio;

use axum::Router;
use axum::routing::get;

use crate::app::AppState;
use crate::i18n::Lang;
use crate::search;

/// The public site: `/{lang}/`, the search page, every page slug under it, and what crawlers read.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(pages::root::redirect))
        .route("/robots.txt", get(pages::robots::show))
        .route("/sitemap.xml", get(pages::sitemap::show))
        .route("/{lang}", get(pages::root::add_slash))
        .route("/{lang}/", get(pages::show::home))
        // `/es/buscar`, `/en/search`: the studio refuses these slugs.
        .route(search::path(Lang::Es), get(pages::search::show))
        .route(search::path(Lang::En), get(pages::search::show))
        // The articles' section: `/es/articulos`, `/en/articles` (the studio refuses both as slugs).
        .route("/{lang}/articulos", get(pages::articles::index))
        .route("/{lang}/articles", get(pages::articles::index))
        .route("/{lang}/articulos/feed.xml", get(pages::feed::show))
        .route("/{lang}/articles/feed.xml", get(pages::feed::show))
        .route("/{lang}/articulos/{slug}", get(pages::show::article))
        .route("/{lang}/articles/{slug}", get(pages::show::article))
        .route("/{lang}/{*slug}", get(pages::show::page))
}

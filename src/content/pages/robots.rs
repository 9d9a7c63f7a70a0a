//! `GET /robots.txt`: crawl every public page, not the private ones; where the sitemap is.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::app::AppState;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::web::origin::Origin;

/// Paths under each language prefix that are for members only, or useless to a crawler:
/// each as the exact path (`$`, understood by the major crawlers) and as a folder, so that a
/// page such as `/es/administracion` stays crawlable.
const PRIVATE: [&str; 7] =
    ["admin$", "admin/", "login$", "logout$", "invitation/", "password-reset$", "password-reset/"];

/// Context of `templates/content/robots.txt`.
#[derive(Serialize)]
struct Robots {
    disallow: Vec<String>,
    sitemap: String,
}

/// The robots.txt of every organization (the sitemap URL follows the request's origin).
pub async fn show(State(state): State<AppState>, origin: Origin) -> Result<Response, AppError> {
    let disallow = PRIVATE.iter().flat_map(|path| Lang::ALL.map(|lang| format!("/{}/{path}", lang.code()))).collect();
    let robots = Robots { disallow, sitemap: origin.url("/sitemap.xml") };
    let text = state.renderer.render("content/robots.txt", &robots)?;
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], text)
        .into_response())
}

//! `/es/eventos`, `/en/events`: upcoming events; `…/archivo`, `…/archive`: past ones.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::Utc;
use serde::Serialize;

use super::{Card, card, layout, scope, zones};
use crate::app::AppState;
use crate::error::AppError;
use crate::events::model;
use crate::events::paths;
use crate::i18n::Lang;
use crate::supporters::pages::respond;
use crate::web::layout::Layout;
use crate::web::origin::Origin;
use crate::web::{CurrentOrganization, PathLang};

/// Past events shown in the archive.
const ARCHIVE_SIZE: u64 = 100;

#[derive(Serialize)]
struct ListPage {
    #[serde(flatten)]
    layout: Layout,
    archive: bool,
    events: Vec<Card>,
    list_path: &'static str,
    archive_path: &'static str,
    month_path: String,
    feed_path: &'static str,
    /// The feed's address for calendar apps (`webcal://…`).
    webcal: String,
}

async fn render(
    state: &AppState,
    organization: &crate::organizations::model::Organization,
    origin: &Origin,
    lang: Lang,
    headers: &HeaderMap,
    archive: bool,
) -> Result<Response, AppError> {
    let scope = scope(state, organization, headers).await?;
    let zones = zones(&state.db, organization).await?;
    let now = Utc::now();
    let events = if archive {
        model::past(&state.db, scope, now, ARCHIVE_SIZE).await?
    } else {
        model::upcoming(&state.db, scope, now).await?
    };
    let (path, other, key) = if archive {
        (paths::archive(lang), paths::archive(lang.other()), "events-archive-title")
    } else {
        (paths::list(lang), paths::list(lang.other()), "events-list-title")
    };
    let title = state.catalog.text(lang, key, None);
    let description = state.catalog.text(lang, "events-list-description", None);
    let layout =
        layout(state, organization, origin, lang, (path.to_owned(), other.to_owned()), title, description).await?;
    let this_month = crate::i18n::dates::local(now, &zones.home.zone).strftime("%Y-%m").to_string();
    let feed_url = origin.url(paths::feed(lang));
    let webcal = feed_url.split_once("://").map_or(feed_url.clone(), |(_, rest)| format!("webcal://{rest}"));
    let page = ListPage {
        layout,
        archive,
        events: events.iter().map(|e| card(e, lang, &zones)).collect(),
        list_path: paths::list(lang),
        archive_path: paths::archive(lang),
        month_path: paths::month(lang, &this_month),
        feed_path: paths::feed(lang),
        webcal,
    };
    respond(state, "events/list.html", &page, StatusCode::OK, [])
}

pub async fn upcoming(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    render(&state, &organization, &origin, lang, &headers, false).await
}

pub async fn archive(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    render(&state, &organization, &origin, lang, &headers, true).await
}

//! `GET /{lang}/admin/media`: the library as a grid of thumbnails, and the upload form.

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::auth::pages::private_page;
use crate::error::AppError;
use crate::media::embed::versioned_path;
use crate::media::model::{self, AltTexts};
use crate::media::process::Format;
use crate::web::forms::CsrfToken;

/// One image of the grid.
#[derive(Serialize)]
struct Tile {
    id: i64,
    alt: String,
    thumbnail: String,
    width: i32,
    height: i32,
}

/// Fluent keys of the upload form's problems, by field.
#[derive(Default, Serialize)]
pub struct UploadErrors {
    pub alt_es: Option<&'static str>,
    pub alt_en: Option<&'static str>,
    pub file: Option<&'static str>,
}

impl UploadErrors {
    pub fn any(&self) -> bool {
        self.alt_es.is_some() || self.alt_en.is_some() || self.file.is_some()
    }
}

#[derive(Serialize)]
struct LibraryPage {
    #[serde(flatten)]
    frame: AdminFrame,
    tiles: Vec<Tile>,
    alt_es: String,
    alt_en: String,
    errors: UploadErrors,
    has_errors: bool,
    deleted: bool,
}

#[derive(Deserialize)]
pub struct Done {
    deleted: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    member: Member,
    Query(done): Query<Done>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    page(&state, &member, csrf, AltTexts::default(), UploadErrors::default(), done.deleted.is_some()).await
}

/// The library page, with the upload form as typed and its problems.
pub async fn render(
    state: &AppState,
    member: &Member,
    csrf: CsrfToken,
    typed: AltTexts,
    errors: UploadErrors,
) -> Result<Response, AppError> {
    page(state, member, csrf, typed, errors, false).await
}

async fn page(
    state: &AppState,
    member: &Member,
    csrf: CsrfToken,
    typed: AltTexts,
    errors: UploadErrors,
    deleted: bool,
) -> Result<Response, AppError> {
    let media = model::list(&state.db, member.organization.id).await?;
    let ids: Vec<i64> = media.iter().map(|m| m.id).collect();
    let sizes = model::variant_sizes(&state.db, &ids).await?;
    let tiles = media
        .iter()
        .map(|m| {
            let small = sizes.iter().find(|v| v.media_id == m.id && v.slot == 480 && v.format == Format::Jpeg.code());
            Tile {
                id: m.id,
                alt: model::alt(m, member.lang).to_owned(),
                thumbnail: versioned_path(m, 480, Format::Jpeg),
                width: small.map_or(480, |v| v.width),
                height: small.map_or(320, |v| v.height),
            }
        })
        .collect();
    let view = LibraryPage {
        frame: AdminFrame::new(member, "/media", csrf.token),
        tiles,
        alt_es: typed.es,
        alt_en: typed.en,
        has_errors: errors.any(),
        errors,
        deleted,
    };
    Ok(private_page(state.renderer.render("media/admin/list.html", &view)?, [csrf.set_cookie]))
}

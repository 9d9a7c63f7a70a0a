//! `GET /{lang}/admin/media/{id}`: one image, its snippet to copy, and the forms to edit its
//! alt texts, replace its file, or delete it.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::auth::pages::private_page;
use crate::content::model as content;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::media::embed::{picture, snippet};
use crate::media::model::{self, AltProblems, AltTexts, Media};
use crate::media::process::Format;
use crate::web::forms::CsrfToken;

/// What the page says after an action, and the problems of a refused one.
#[derive(Default)]
pub struct Feedback {
    /// `uploaded`, `replaced` or `alt`.
    pub done: Option<String>,
    /// The alt texts as typed, when their form was refused.
    pub typed: Option<AltTexts>,
    pub alt_errors: AltProblems,
    pub replace_error: Option<&'static str>,
    pub delete_refused: bool,
}

/// A page that uses the image as its cover.
#[derive(Serialize)]
struct CoverUse {
    title: String,
    editor: String,
}

#[derive(Serialize)]
struct MediaPage {
    #[serde(flatten)]
    frame: AdminFrame,
    id: i64,
    heading: String,
    alt_es: String,
    alt_en: String,
    snippet: String,
    preview: String,
    width: i32,
    height: i32,
    addresses: Vec<String>,
    covers: Vec<CoverUse>,
    done: Option<String>,
    alt_errors: AltProblems,
    has_alt_errors: bool,
    replace_error: Option<&'static str>,
    delete_refused: bool,
}

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    Query(query): Query<Done>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let media = load(&state, &member, id).await?;
    let feedback = Feedback {
        done: query.done.filter(|d| ["uploaded", "replaced", "alt"].contains(&d.as_str())),
        ..Feedback::default()
    };
    render(&state, &member, &headers, &media, feedback).await
}

/// The organization's image `id`, or 404.
pub async fn load(state: &AppState, member: &Member, id: i64) -> Result<Media, AppError> {
    model::find(&state.db, member.organization.id, id).await?.ok_or(AppError::NotFound)
}

/// The image's page; 422 when the feedback carries a refusal.
pub async fn render(
    state: &AppState,
    member: &Member,
    headers: &HeaderMap,
    media: &Media,
    feedback: Feedback,
) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(headers, state.config.is_https())?;
    let sizes = model::variant_sizes(&state.db, &[media.id]).await?;
    let refs: Vec<_> = sizes.iter().collect();
    let mut covers = Vec::new();
    for page_id in model::cover_of(&state.db, media.id).await? {
        let translations = content::translations(&state.db, page_id).await?;
        let title = translations
            .iter()
            .find(|t| t.language == member.lang.code() && !t.title.is_empty())
            .or_else(|| translations.iter().find(|t| !t.title.is_empty()))
            .map(|t| t.title.clone())
            .unwrap_or_default();
        covers.push(CoverUse { title, editor: format!("/{}/admin/pages/{page_id}", member.lang.code()) });
    }
    let refused = feedback.alt_errors.any() || feedback.replace_error.is_some() || feedback.delete_refused;
    let typed = feedback.typed.unwrap_or_else(|| AltTexts { es: media.alt_es.clone(), en: media.alt_en.clone() });
    let view = MediaPage {
        frame: AdminFrame::new(member, &format!("/media/{}", media.id), csrf.token),
        id: media.id,
        heading: model::alt(media, member.lang).to_owned(),
        alt_es: typed.es,
        alt_en: typed.en,
        snippet: snippet(media.id),
        preview: picture(media, &refs, member.lang),
        width: media.width,
        height: media.height,
        addresses: sizes
            .iter()
            .filter_map(|v| Some(model::path(media.id, v.slot, Format::from_code(&v.format)?)))
            .collect(),
        covers,
        done: feedback.done,
        has_alt_errors: feedback.alt_errors.any(),
        alt_errors: feedback.alt_errors,
        replace_error: feedback.replace_error,
        delete_refused: feedback.delete_refused,
    };
    let mut response = private_page(state.renderer.render("media/admin/show.html", &view)?, [csrf.set_cookie]);
    if refused {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// The alt text the member reads, for audit subjects.
pub fn subject(media: &Media, lang: Lang) -> String {
    format!("#{} {}", media.id, model::alt(media, lang))
}

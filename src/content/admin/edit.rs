//! `GET /{lang}/admin/pages/{id}`: both languages of a page side by side, and
//! `POST /{lang}/admin/pages/{id}/{language}`: save one of them, or preview it unsaved.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::pages::private_page;
use crate::auth::session;
use crate::content::model::{self as content, Page, Translation, layout, page_status};
use crate::content::studio::{self, Edit, Problem, SaveError};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::media::model as media;
use crate::web::forms::{CsrfForm, CsrfToken};

/// Fluent keys of the problems found in each field.
#[derive(Default, Serialize)]
struct FieldErrors {
    title: Option<&'static str>,
    slug: Option<&'static str>,
    summary: Option<&'static str>,
    body: Option<&'static str>,
}

impl FieldErrors {
    fn from(problems: &[Problem]) -> FieldErrors {
        let mut errors = FieldErrors::default();
        for problem in problems {
            let slot = match problem.field() {
                "title" => &mut errors.title,
                "slug" => &mut errors.slug,
                "summary" => &mut errors.summary,
                _ => &mut errors.body,
            };
            slot.get_or_insert(problem.key());
        }
        errors
    }

    fn any(&self) -> bool {
        self.title.is_some() || self.slug.is_some() || self.summary.is_some() || self.body.is_some()
    }
}

/// One language's column of the editor.
#[derive(Serialize)]
struct Column {
    language: &'static str,
    translation_id: i64,
    status: String,
    title: String,
    slug: String,
    summary: String,
    body: String,
    errors: FieldErrors,
    has_errors: bool,
    /// Sanitized HTML of an unsaved preview.
    preview: Option<String>,
    saved: bool,
    is_source: bool,
}

#[derive(Serialize)]
struct EditorPage {
    #[serde(flatten)]
    frame: AdminFrame,
    page_id: i64,
    /// The page's title in the member's language, else in the other.
    heading: String,
    published: bool,
    is_home: bool,
    public_path: Option<String>,
    columns: Vec<Column>,
    /// The library's images to choose the cover from, and the one chosen.
    cover_choices: Vec<CoverChoice>,
    cover: Option<i64>,
    cover_saved: bool,
}

/// An image of the library, as the cover `<select>` lists it.
#[derive(Serialize)]
struct CoverChoice {
    id: i64,
    label: String,
}

#[derive(Deserialize)]
pub struct Saved {
    saved: Option<String>,
    cover: Option<String>,
}

async fn load(state: &AppState, member: &Member, id: i64) -> Result<(Page, Vec<Translation>), AppError> {
    let page = content::page(&state.db, id)
        .await?
        .filter(|p| p.organization_id == member.organization.id)
        .ok_or(AppError::NotFound)?;
    let translations = content::translations(&state.db, page.id).await?;
    Ok((page, translations))
}

fn column(page: &Page, translation: &Translation, saved: Option<&str>) -> Column {
    Column {
        language: if translation.language == "es" { "es" } else { "en" },
        translation_id: translation.id,
        status: translation.status.clone(),
        title: translation.title.clone(),
        slug: translation.slug.clone(),
        summary: translation.summary.clone(),
        body: translation.body.clone(),
        errors: FieldErrors::default(),
        has_errors: false,
        preview: None,
        saved: saved == Some(translation.language.as_str()),
        is_source: page.source_language == translation.language,
    }
}

async fn editor(
    state: &AppState,
    member: &Member,
    page: &Page,
    translations: &[Translation],
    csrf: String,
    columns: Vec<Column>,
) -> Result<EditorPage, AppError> {
    let own = translations.iter().find(|t| t.language == member.lang.code());
    let cover_choices = media::list(&state.db, member.organization.id)
        .await?
        .iter()
        .map(|m| CoverChoice { id: m.id, label: format!("{} (#{})", media::alt(m, member.lang), m.id) })
        .collect();
    Ok(EditorPage {
        frame: AdminFrame::new(member, &format!("/pages/{}", page.id), csrf),
        page_id: page.id,
        heading: own
            .filter(|t| !t.title.is_empty())
            .or_else(|| translations.iter().find(|t| !t.title.is_empty()))
            .map(|t| t.title.clone())
            .unwrap_or_default(),
        published: page.status == page_status::PUBLISHED,
        is_home: page.layout == layout::HOME,
        public_path: own.map(|t| content::path_of(page, t)),
        columns,
        cover_choices,
        cover: page.cover_media_id,
        cover_saved: false,
    })
}

/// The source language first, then the other.
fn ordered<'a>(page: &Page, translations: &'a [Translation]) -> Vec<&'a Translation> {
    let mut list: Vec<&Translation> = translations.iter().collect();
    list.sort_by_key(|t| t.language != page.source_language);
    list
}

pub async fn show(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    Query(query): Query<Saved>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let (page, translations) = load(&state, &member, id).await?;
    let columns = ordered(&page, &translations).into_iter().map(|t| column(&page, t, query.saved.as_deref())).collect();
    let mut view = editor(&state, &member, &page, &translations, csrf.token, columns).await?;
    view.cover_saved = query.cover.is_some();
    Ok(private_page(state.renderer.render("content/admin/edit.html", &view)?, [csrf.set_cookie]))
}

#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    body: String,
    /// `save` or `preview`.
    #[serde(default)]
    action: String,
}

pub async fn save(
    State(state): State<AppState>,
    member: Member,
    Path((_, id, language)): Path<(String, i64, String)>,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<EditForm>,
) -> Result<Response, AppError> {
    let language = Lang::from_code(&language).ok_or(AppError::NotFound)?;
    let (page, translations) = load(&state, &member, id).await?;
    let translation = translations.iter().find(|t| t.language == language.code()).ok_or(AppError::NotFound)?;
    let edit = Edit { title: form.title, slug: form.slug, summary: form.summary, body: form.body };

    let mut problems: Vec<Problem> = Vec::new();
    let mut preview = None;
    if form.action == "preview" {
        preview =
            Some(crate::media::embed::markdown_html(&state.db, member.organization.id, language, &edit.body).await?);
    } else {
        match studio::save(&state.db, translation.id, &edit, Some(member.account.id)).await {
            Ok(saved) => {
                let actor = Actor { account_id: Some(member.account.id), request_id: session::request_id(&headers) };
                let subject = format!("{} ({})", saved.title, saved.language);
                audit::record(&state.db, member.organization.id, &actor, "page.saved", &subject).await?;
                state.cache.invalidate();
                let target = format!(
                    "/{}/admin/pages/{}?saved={}#{}",
                    member.lang.code(),
                    page.id,
                    language.code(),
                    language.code()
                );
                return Ok(Redirect::to(&target).into_response());
            }
            Err(SaveError::Db(error)) => return Err(error.into()),
            Err(SaveError::Invalid(found)) => problems = found,
        }
    }

    // Show the editor again: this column as typed (with its preview or problems), the other
    // as saved.
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let columns = ordered(&page, &translations)
        .into_iter()
        .map(|t| {
            let mut col = column(&page, t, None);
            if t.id == translation.id {
                col.title = edit.title.clone();
                col.slug = edit.slug.clone();
                col.summary = edit.summary.clone();
                col.body = edit.body.clone();
                col.preview = preview.clone();
                col.errors = FieldErrors::from(&problems);
                col.has_errors = col.errors.any();
            }
            col
        })
        .collect();
    let view = editor(&state, &member, &page, &translations, csrf.token, columns).await?;
    let mut response = private_page(state.renderer.render("content/admin/edit.html", &view)?, [csrf.set_cookie]);
    if !problems.is_empty() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

//! `GET /{lang}/admin/pages/{id}`: both languages of a page side by side, and
//! `POST /{lang}/admin/pages/{id}/{language}`: save one of them, or preview it unsaved.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use super::article::SettingsView;
use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::pages::private_page;
use crate::auth::session;
use crate::content::model::{self as content, Page, Translation, kind, layout, page_status};
use crate::content::studio::{self, Edit, Problem, SaveError};
use crate::error::AppError;
use crate::i18n::{Lang, dates};
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
    /// Where the address starts, as the slug field's hint shows it.
    slug_prefix: String,
}

#[derive(Serialize)]
pub struct EditorPage {
    #[serde(flatten)]
    frame: AdminFrame,
    page_id: i64,
    /// The page's title in the member's language, else in the other.
    heading: String,
    /// `draft`, `scheduled` or `published`.
    status: String,
    published: bool,
    is_home: bool,
    is_article: bool,
    /// When a scheduled article goes out, in the organization's zone and the member's language.
    scheduled_for: Option<String>,
    public_path: Option<String>,
    /// An article's details form.
    article: Option<SettingsView>,
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
        slug_prefix: match Lang::from_code(&translation.language) {
            Some(lang) if page.kind == kind::ARTICLE => format!("{}/", content::articles_path(lang)),
            _ => format!("/{}/", translation.language),
        },
    }
}

async fn editor(
    state: &AppState,
    member: &Member,
    page: &Page,
    translations: &[Translation],
    csrf: String,
    columns: Vec<Column>,
    article: Option<SettingsView>,
) -> Result<EditorPage, AppError> {
    let own = translations.iter().find(|t| t.language == member.lang.code());
    let article = match article {
        Some(typed) => Some(typed),
        None => super::article::view(state, member, page, false).await?,
    };
    let zone = dates::zone(&member.organization.time_zone);
    let is_article = page.kind == kind::ARTICLE;
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
        status: page.status.clone(),
        published: page.status == page_status::PUBLISHED,
        is_home: page.layout == layout::HOME,
        is_article,
        scheduled_for: (page.status == page_status::SCHEDULED).then_some(page.published_at).flatten().map(|at| {
            format!(
                "{} {}",
                dates::long_date(member.lang, at, &zone),
                dates::input_value(at, &zone).get(11..).unwrap_or_default()
            )
        }),
        public_path: own.map(|t| content::path_of(page, t)),
        article,
        columns,
        cover_choices,
        cover: page.cover_media_id,
        cover_saved: false,
    })
}

/// The editor for `page` as saved, with typed article details when they need fixing.
pub async fn page_view(
    state: &AppState,
    member: &Member,
    page: &Page,
    csrf: String,
    saved: Option<&str>,
    article: Option<SettingsView>,
) -> Result<EditorPage, AppError> {
    let translations = content::translations(&state.db, page.id).await?;
    let columns = ordered(page, &translations).into_iter().map(|t| column(page, t, saved)).collect();
    let mut view = editor(state, member, page, &translations, csrf, columns, article).await?;
    if saved == Some("details")
        && let Some(details) = view.article.as_mut()
    {
        details.saved = true;
    }
    Ok(view)
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
    let (page, _) = load(&state, &member, id).await?;
    let mut view = page_view(&state, &member, &page, csrf.token, query.saved.as_deref(), None).await?;
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
    let view = editor(&state, &member, &page, &translations, csrf.token, columns, None).await?;
    let mut response = private_page(state.renderer.render("content/admin/edit.html", &view)?, [csrf.set_cookie]);
    if !problems.is_empty() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

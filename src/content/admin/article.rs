//! `POST /{lang}/admin/pages/{id}/article`: an article's details — byline, publication date
//! (in the organization's time zone), tags and working group — shared by both languages.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use super::edit;
use crate::admin::Member;
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::pages::private_page;
use crate::auth::session;
use crate::content::articles::{self, Settings, TagProblem};
use crate::content::model::{self as content, Page, kind};
use crate::error::AppError;
use crate::i18n::dates;
use crate::web::forms::{CsrfForm, CsrfToken};

const MAX_AUTHOR_CHARS: usize = 120;

/// The details form as the editor shows it: saved values, or what was typed with problems.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SettingsView {
    pub author: String,
    /// `datetime-local` value in the organization's zone; empty for "when published".
    pub published_at: String,
    pub tags: String,
    pub working_group_id: Option<i64>,
    pub groups: Vec<GroupChoice>,
    /// The organization's IANA zone, named in the date's hint.
    pub time_zone: String,
    pub errors: SettingsErrors,
    pub has_errors: bool,
    pub saved: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct GroupChoice {
    pub id: i64,
    pub title: String,
}

/// Fluent keys of the problems in each field.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SettingsErrors {
    pub author: Option<&'static str>,
    pub published_at: Option<&'static str>,
    pub tags: Option<&'static str>,
    pub working_group: Option<&'static str>,
}

impl SettingsErrors {
    fn any(&self) -> bool {
        self.author.is_some() || self.published_at.is_some() || self.tags.is_some() || self.working_group.is_some()
    }
}

/// The details of `page` as saved, ready for the editor (`None` for a page that is not an article).
pub async fn view(
    state: &AppState,
    member: &Member,
    page: &Page,
    saved: bool,
) -> Result<Option<SettingsView>, AppError> {
    if page.kind != kind::ARTICLE {
        return Ok(None);
    }
    let zone = dates::zone(&member.organization.time_zone);
    let tags = articles::tags_of(&state.db, &[page.id]).await?.remove(&page.id).unwrap_or_default();
    Ok(Some(SettingsView {
        author: page.author_name.clone(),
        published_at: page.published_at.map(|at| dates::input_value(at, &zone)).unwrap_or_default(),
        tags: tags.join(", "),
        working_group_id: page.working_group_id,
        groups: groups(state, member).await?,
        time_zone: member.organization.time_zone.clone(),
        saved,
        ..SettingsView::default()
    }))
}

async fn groups(state: &AppState, member: &Member) -> Result<Vec<GroupChoice>, AppError> {
    Ok(content::working_group_choices(&state.db, member.organization.id, member.lang)
        .await?
        .into_iter()
        .map(|(id, title)| GroupChoice { id, title })
        .collect())
}

#[derive(Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    author: String,
    #[serde(default)]
    published_at: String,
    #[serde(default)]
    tags: String,
    #[serde(default)]
    working_group: String,
}

pub async fn save(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<SettingsForm>,
) -> Result<Response, AppError> {
    let page = content::page(&state.db, id)
        .await?
        .filter(|p| p.organization_id == member.organization.id && p.kind == kind::ARTICLE)
        .ok_or(AppError::NotFound)?;
    let groups = groups(&state, &member).await?;
    let zone = dates::zone(&member.organization.time_zone);
    let mut errors = SettingsErrors::default();
    let author = form.author.split_whitespace().collect::<Vec<_>>().join(" ");
    if author.chars().count() > MAX_AUTHOR_CHARS {
        errors.author = Some("studio-error-author-long");
    }
    let published_at = if form.published_at.trim().is_empty() {
        None
    } else {
        let parsed = dates::parse_input(&form.published_at, &zone);
        if parsed.is_none() {
            errors.published_at = Some("studio-error-date-invalid");
        }
        parsed
    };
    let tags = match articles::parse_tags(&form.tags) {
        Ok(tags) => tags,
        Err(TagProblem::TooLong) => {
            errors.tags = Some("studio-error-tag-long");
            Vec::new()
        }
        Err(TagProblem::TooMany) => {
            errors.tags = Some("studio-error-tags-many");
            Vec::new()
        }
    };
    let working_group_id = match form.working_group.trim() {
        "" => None,
        typed => {
            let id = typed.parse::<i64>().ok().filter(|id| groups.iter().any(|g| g.id == *id));
            if id.is_none() {
                errors.working_group = Some("studio-error-group-unknown");
            }
            id
        }
    };
    if !errors.any() {
        let settings = Settings { author_name: author, published_at, tags, working_group_id };
        articles::save_settings(&state.db, &page, &settings).await?;
        let actor = Actor { account_id: Some(member.account.id), request_id: session::request_id(&headers) };
        let title = content::translations(&state.db, page.id)
            .await?
            .into_iter()
            .find(|t| t.language == page.source_language)
            .map(|t| t.title)
            .unwrap_or_default();
        audit::record(&state.db, member.organization.id, &actor, "article.details-saved", &title).await?;
        // A published article moved into the future stays published; a scheduled one follows
        // its new date (published at once if the date is now past).
        if page.status == content::page_status::SCHEDULED {
            crate::content::studio::set_status(&state.db, page.id, true).await?;
        }
        state.cache.invalidate();
        let target = format!("/{}/admin/pages/{}?saved=details#details", member.lang.code(), page.id);
        return Ok(Redirect::to(&target).into_response());
    }
    let typed = SettingsView {
        author: form.author,
        published_at: form.published_at,
        tags: form.tags,
        working_group_id: form.working_group.trim().parse().ok(),
        groups,
        time_zone: member.organization.time_zone.clone(),
        has_errors: true,
        errors,
        saved: false,
    };
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let view = edit::page_view(&state, &member, &page, csrf.token, None, Some(typed)).await?;
    let mut response = private_page(state.renderer.render("content/admin/edit.html", &view)?, [csrf.set_cookie]);
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(response)
}

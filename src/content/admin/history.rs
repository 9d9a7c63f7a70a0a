//! `GET /{lang}/admin/pages/{id}/{language}/history`: the saved versions of one language of
//! a page, a comparison of any of them with the current text, and
//! `POST …/history/{revision}/restore` to bring one back (as a new save).

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::model as accounts;
use crate::auth::pages::private_page;
use crate::auth::session;
use crate::content::diff::{self, DiffLine};
use crate::content::model::{self as content, Translation};
use crate::content::studio::{self, Edit, SaveError};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::web::forms::{CsrfForm, CsrfToken};

#[derive(Deserialize)]
pub struct Compare {
    compare: Option<i64>,
}

#[derive(Serialize)]
struct Revision {
    id: i64,
    when: String,
    who: Option<String>,
    title: String,
    slug: String,
}

#[derive(Serialize)]
struct Comparison {
    revision_id: i64,
    when: String,
    title_before: String,
    title_now: String,
    lines: Vec<DiffLine>,
    changed: bool,
}

#[derive(Serialize)]
struct HistoryPage {
    #[serde(flatten)]
    frame: AdminFrame,
    page_id: i64,
    language: &'static str,
    title: String,
    revisions: Vec<Revision>,
    comparison: Option<Comparison>,
}

async fn current(state: &AppState, member: &Member, id: i64, language: &str) -> Result<(Lang, Translation), AppError> {
    let lang = Lang::from_code(language).ok_or(AppError::NotFound)?;
    let page = content::page(&state.db, id)
        .await?
        .filter(|p| p.organization_id == member.organization.id)
        .ok_or(AppError::NotFound)?;
    let translation = content::translations(&state.db, page.id)
        .await?
        .into_iter()
        .find(|t| t.language == lang.code())
        .ok_or(AppError::NotFound)?;
    Ok((lang, translation))
}

pub async fn show(
    State(state): State<AppState>,
    member: Member,
    Path((_, id, language)): Path<(String, i64, String)>,
    Query(query): Query<Compare>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (lang, translation) = current(&state, &member, id, &language).await?;
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let saved = studio::revisions(&state.db, id, lang).await?;
    let mut names = std::collections::HashMap::new();
    for account_id in saved.iter().filter_map(|r| r.account_id) {
        if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(account_id) {
            let account = accounts::account(&state.db, account_id).await?;
            slot.insert(account.map(|a| if a.name.is_empty() { a.email } else { a.name }));
        }
    }
    let comparison = query.compare.and_then(|rid| saved.iter().find(|r| r.id == rid)).map(|r| {
        let lines = diff::lines(&r.body, &translation.body);
        Comparison {
            revision_id: r.id,
            when: member.when(r.created_at),
            title_before: r.title.clone(),
            title_now: translation.title.clone(),
            changed: lines.iter().any(|l| l.kind != "same") || r.title != translation.title,
            lines,
        }
    });
    let revisions = saved
        .iter()
        .map(|r| Revision {
            id: r.id,
            when: member.when(r.created_at),
            who: r.account_id.and_then(|a| names.get(&a).cloned().flatten()),
            title: r.title.clone(),
            slug: r.slug.clone(),
        })
        .collect();
    let view = HistoryPage {
        frame: AdminFrame::new(&member, &format!("/pages/{id}/{}/history", lang.code()), csrf.token),
        page_id: id,
        language: lang.code(),
        title: translation.title,
        revisions,
        comparison,
    };
    Ok(private_page(state.renderer.render("content/admin/history.html", &view)?, [csrf.set_cookie]))
}

#[derive(Deserialize)]
pub struct RestoreForm {}

pub async fn restore(
    State(state): State<AppState>,
    member: Member,
    Path((_, id, language, revision_id)): Path<(String, i64, String, i64)>,
    headers: HeaderMap,
    CsrfForm(RestoreForm {}): CsrfForm<RestoreForm>,
) -> Result<Response, AppError> {
    let (lang, translation) = current(&state, &member, id, &language).await?;
    let revision = studio::revisions(&state.db, id, lang)
        .await?
        .into_iter()
        .find(|r| r.id == revision_id)
        .ok_or(AppError::NotFound)?;
    let edit = Edit { title: revision.title, slug: revision.slug, summary: revision.summary, body: revision.body };
    let target = format!("/{}/admin/pages/{id}?saved={}#{}", member.lang.code(), lang.code(), lang.code());
    match studio::save(&state.db, translation.id, &edit, Some(member.account.id)).await {
        Ok(saved) => {
            let actor = Actor { account_id: Some(member.account.id), request_id: session::request_id(&headers) };
            let subject = format!("{} ({})", saved.title, saved.language);
            audit::record(&state.db, member.organization.id, &actor, "page.restored", &subject).await?;
            state.cache.invalidate();
            Ok(Redirect::to(&target).into_response())
        }
        // The old slug is now another page's: restore the text under the current slug.
        Err(SaveError::Invalid(_)) => {
            let edit = Edit { slug: translation.slug.clone(), ..edit };
            studio::save(&state.db, translation.id, &edit, Some(member.account.id)).await.map_err(|e| match e {
                SaveError::Db(error) => AppError::from(error),
                SaveError::Invalid(_) => AppError::BadRequest,
            })?;
            state.cache.invalidate();
            Ok(Redirect::to(&target).into_response())
        }
        Err(SaveError::Db(error)) => Err(error.into()),
    }
}

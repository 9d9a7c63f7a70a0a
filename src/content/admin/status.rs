//! `POST /{lang}/admin/pages/{id}/status`: publish a page, or take it back to draft.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::admin::Member;
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::session;
use crate::content::model::{self as content, layout, page_status};
use crate::content::studio;
use crate::error::AppError;
use crate::web::forms::CsrfForm;

#[derive(Deserialize)]
pub struct StatusForm {
    /// `published` or `draft`.
    #[serde(default)]
    status: String,
}

pub async fn set(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<StatusForm>,
) -> Result<Response, AppError> {
    let page = content::page(&state.db, id)
        .await?
        .filter(|p| p.organization_id == member.organization.id)
        .ok_or(AppError::NotFound)?;
    // The home page is the site itself: it cannot be hidden.
    let publish = form.status == "published" || page.layout == layout::HOME;
    let status = studio::set_status(&state.db, page.id, publish).await?;
    let title = content::translations(&state.db, page.id)
        .await?
        .into_iter()
        .find(|t| t.language == page.source_language)
        .map(|t| t.title)
        .unwrap_or_default();
    let actor = Actor { account_id: Some(member.account.id), request_id: session::request_id(&headers) };
    let action = match status {
        page_status::SCHEDULED => "page.scheduled",
        page_status::PUBLISHED => "page.published",
        _ => "page.unpublished",
    };
    audit::record(&state.db, member.organization.id, &actor, action, &title).await?;
    state.cache.invalidate();
    Ok(Redirect::to(&format!("/{}/admin/pages/{}", member.lang.code(), page.id)).into_response())
}

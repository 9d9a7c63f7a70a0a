//! One-click unsubscribe (`/es/baja/{token}`, `/en/unsubscribe/{token}`), the link in every
//! email to a supporter and in its RFC 8058 `List-Unsubscribe` header.
//!
//! `POST` unsubscribes at once, without sign-in and WITHOUT a CSRF token: mail programs post
//! `List-Unsubscribe=One-Click` from outside the site, and the signed token in the address is
//! what authenticates the request (it can only ever withdraw that one person's consents, so a
//! forged cross-site post could do no more than the link itself). `GET` only shows a button,
//! so link checkers that open every link in an email unsubscribe no one.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::Utc;
use sea_orm::TransactionTrait;
use serde::Serialize;

use super::{layout, request_id, respond};
use crate::app::AppState;
use crate::error::AppError;
use crate::supporters::links;
use crate::supporters::model::{self, ConsentChange, ConsentKind, Supporter, activity_kind, source};
use crate::supporters::paths;
use crate::web::layout::Layout;
use crate::web::origin::Origin;
use crate::web::{CurrentOrganization, PathLang};

#[derive(Serialize)]
struct UnsubscribePage {
    #[serde(flatten)]
    layout: Layout,
    action: String,
    /// `ask`, `done` or `invalid`.
    state: &'static str,
    details_path: &'static str,
}

async fn target(state: &AppState, organization_id: i64, token: &str) -> Result<Option<Supporter>, AppError> {
    let Some(id) = links::unsubscribe_target(&state.db, organization_id, token).await? else { return Ok(None) };
    let Some(found) = model::find(&state.db, organization_id, id).await? else { return Ok(None) };
    // A link in an email to a record merged since then unsubscribes the record it became.
    let found = match found.merged_into_id {
        Some(kept) => model::find(&state.db, organization_id, kept).await?,
        None => Some(found),
    };
    Ok(found.filter(|s| s.erased_at.is_none()))
}

async fn render(
    state: &AppState,
    organization: &crate::organizations::model::Organization,
    origin: &Origin,
    lang: crate::i18n::Lang,
    token: &str,
    page_state: &'static str,
) -> Result<Response, AppError> {
    let path = paths::unsubscribe(lang, token);
    let page = UnsubscribePage {
        layout: layout(
            state,
            organization,
            origin,
            lang,
            &path,
            &paths::unsubscribe(lang.other(), token),
            "supporters-unsubscribe-title",
        )
        .await?,
        action: path,
        state: page_state,
        details_path: paths::details(lang),
    };
    let status = if page_state == "invalid" { StatusCode::NOT_FOUND } else { StatusCode::OK };
    respond(state, "supporters/unsubscribe.html", &page, status, [])
}

pub async fn show(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let found = target(&state, organization.id, &token).await?;
    render(&state, &organization, &origin, lang, &token, if found.is_some() { "ask" } else { "invalid" }).await
}

/// Token-authenticated: no session, no CSRF token (see the module comment).
pub async fn submit(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    Path(token): Path<String>,
    headers: HeaderMap,
    _body: Bytes,
) -> Result<Response, AppError> {
    let Some(supporter) = target(&state, organization.id, &token).await? else {
        return render(&state, &organization, &origin, lang, &token, "invalid").await;
    };
    let txn = state.db.begin().await?;
    let mut changed = false;
    for kind in ConsentKind::ALL {
        let current = model::find(&txn, organization.id, supporter.id).await?.ok_or(AppError::NotFound)?;
        let change = ConsentChange {
            kind,
            granted: false,
            source: source::UNSUBSCRIBE,
            detail: Some("one-click unsubscribe link".into()),
            request_id: request_id(&headers),
        };
        changed |= model::set_consent(&txn, &current, change).await?;
    }
    if changed {
        model::record_activity(&txn, supporter.id, activity_kind::UNSUBSCRIBED, None, Utc::now()).await?;
    }
    txn.commit().await?;
    render(&state, &organization, &origin, lang, &token, "done").await
}

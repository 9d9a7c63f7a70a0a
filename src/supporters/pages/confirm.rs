//! The link in the sign-up email (`/es/amigos/confirmar/{token}`, `/en/friends/confirm/{token}`).
//! Opening it shows a button; pressing it confirms the address and records the consents asked
//! for. Mail scanners that open links therefore confirm nothing. The link works once.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::Utc;
use sea_orm::TransactionTrait;
use serde::{Deserialize, Serialize};

use super::signup::Pending;
use super::{layout, request_id, respond};
use crate::app::AppState;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::organizations::model::Organization;
use crate::supporters::links::{self, purpose};
use crate::supporters::model::{self, ConsentChange, ConsentKind, activity_kind, source};
use crate::supporters::paths;
use crate::web::forms::{CsrfForm, CsrfToken};
use crate::web::layout::Layout;
use crate::web::origin::Origin;
use crate::web::{CurrentOrganization, PathLang};

#[derive(Serialize)]
struct ConfirmPage {
    #[serde(flatten)]
    layout: Layout,
    csrf: String,
    action: String,
    /// `ask` (the button), `done` or `invalid`.
    state: &'static str,
    details_path: &'static str,
}

#[derive(Deserialize)]
pub struct NoFields {}

pub async fn show(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let open = links::open(&state.db, organization.id, &token, purpose::CONFIRM).await?.is_some();
    let page =
        page(&state, &organization, &origin, lang, &token, csrf.token, if open { "ask" } else { "invalid" }).await?;
    let status = if open { StatusCode::OK } else { StatusCode::NOT_FOUND };
    respond(&state, "supporters/confirm.html", &page, status, [csrf.set_cookie])
}

pub async fn submit(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    Path(token): Path<String>,
    headers: HeaderMap,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let txn = state.db.begin().await?;
    let used = links::redeem_for_supporter(&txn, organization.id, &token, purpose::CONFIRM).await?;
    let confirmed = if let Some((link, supporter)) = used {
        let pending: Pending = serde_json::from_str(&link.payload).unwrap_or_default();
        model::confirm_email(&txn, supporter.id).await?;
        for kind in pending.consents.iter().filter_map(|c| ConsentKind::from_code(c)) {
            let current = model::find(&txn, organization.id, supporter.id).await?.ok_or(AppError::NotFound)?;
            let change = ConsentChange {
                kind,
                granted: true,
                source: source::SIGNUP,
                detail: Some("sign-up form, address confirmed by email".into()),
                request_id: request_id(&headers),
            };
            model::set_consent(&txn, &current, change).await?;
        }
        model::add_interests(&txn, &supporter, &pending.interests).await?;
        model::record_activity(&txn, supporter.id, activity_kind::CONFIRMED, None, Utc::now()).await?;
        true
    } else {
        false
    };
    txn.commit().await?;
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?.token;
    let page =
        page(&state, &organization, &origin, lang, &token, csrf, if confirmed { "done" } else { "invalid" }).await?;
    let status = if confirmed { StatusCode::OK } else { StatusCode::NOT_FOUND };
    respond(&state, "supporters/confirm.html", &page, status, [])
}

/// The confirmation page in `state`: `ask` (the button), `done` or `invalid`.
async fn page(
    app: &AppState,
    organization: &Organization,
    origin: &Origin,
    lang: Lang,
    token: &str,
    csrf: String,
    state: &'static str,
) -> Result<ConfirmPage, AppError> {
    let path = paths::confirm(lang, token);
    let alternate = paths::confirm(lang.other(), token);
    Ok(ConfirmPage {
        layout: layout(app, organization, origin, lang, &path, &alternate, "supporters-confirm-title").await?,
        csrf,
        action: path,
        state,
        details_path: paths::details(lang),
    })
}

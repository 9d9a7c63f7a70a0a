//! `POST /{lang}/admin/sessions/end-all`: sign this account out on every device.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;

use crate::admin::Member;
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::{model, session};
use crate::error::AppError;
use crate::web::forms::CsrfForm;

#[derive(Deserialize)]
pub struct EndAllForm {}

pub async fn end_all(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    CsrfForm(EndAllForm {}): CsrfForm<EndAllForm>,
) -> Result<Response, AppError> {
    let request_id = session::request_id(&headers);
    let ended = model::end_all_sessions(&state.db, member.account.id).await?;
    let actor = Actor { account_id: Some(member.account.id), request_id };
    audit::record(&state.db, member.organization.id, &actor, "sessions.ended-all", &format!("{ended}")).await?;
    Ok(session::redirect_with(&format!("/{}/login", member.lang.code()), session::clear_cookie(&state)))
}

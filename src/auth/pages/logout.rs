//! `POST /{lang}/logout`: end this browser's session.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::{model, session};
use crate::error::AppError;
use crate::web::PathLang;
use crate::web::forms::CsrfForm;

#[derive(Deserialize)]
pub struct LogoutForm {}

pub async fn submit(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    headers: HeaderMap,
    CsrfForm(LogoutForm {}): CsrfForm<LogoutForm>,
) -> Result<Response, AppError> {
    let token = session::token(&state, &headers);
    if let Some(token) = token {
        model::end_session(&state.db, &token).await?;
    }
    Ok(session::redirect_with(&format!("/{}/", lang.code()), session::clear_cookie(&state)))
}

//! `POST /{lang}/logout`: end this browser's session.

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
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
    let mut response = Redirect::to(&format!("/{}/", lang.code())).into_response();
    if let Some(cookie) = session::clear_cookie(&state) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

//! `POST /{lang}/admin/preview`: Markdown rendered as it will be published, for the editor's
//! live preview (the Preview button does the same without JavaScript).

use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use axum::extract::State;

use crate::admin::Member;
use crate::app::AppState;
use crate::error::AppError;
use crate::media::embed;
use crate::web::forms::CsrfForm;

#[derive(Deserialize)]
pub struct PreviewForm {
    #[serde(default)]
    body: String,
}

pub async fn render(
    State(state): State<AppState>,
    member: Member,
    CsrfForm(form): CsrfForm<PreviewForm>,
) -> Result<Response, AppError> {
    if form.body.len() > 200_000 {
        return Err(AppError::BadRequest);
    }
    let html = embed::markdown_html(&state.db, member.organization.id, member.lang, &form.body).await?;
    let mut response = Html(html).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

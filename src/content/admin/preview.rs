//! `POST /{lang}/admin/preview`: Markdown rendered as it will be published, for the editor's
//! live preview (the Preview button does the same without JavaScript).

use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use crate::admin::Member;
use crate::error::AppError;
use crate::web::forms::CsrfForm;

#[derive(Deserialize)]
pub struct PreviewForm {
    #[serde(default)]
    body: String,
}

pub async fn render(_member: Member, CsrfForm(form): CsrfForm<PreviewForm>) -> Result<Response, AppError> {
    if form.body.len() > 200_000 {
        return Err(AppError::BadRequest);
    }
    let mut response = Html(hermana_markdown::to_safe_html(&form.body)).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

//! `POST /{lang}/admin/media`: add an image to the library, with its alt texts.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use super::form::Upload;
use super::list::{UploadErrors, render};
use crate::admin::Member;
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::session;
use crate::error::AppError;
use crate::media::model::{self, AltTexts};
use crate::web::forms::CsrfToken;

pub async fn upload(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    form: Upload,
) -> Result<Response, AppError> {
    let typed = AltTexts { es: form.field("alt_es"), en: form.field("alt_en") };
    let alt = typed.validate();
    let processed = super::process(form.file).await;
    let (alt, processed) = match (alt, processed) {
        (Ok(alt), Ok(processed)) => (alt, processed),
        (alt, processed) => {
            let problems = alt.err().unwrap_or_default();
            let errors = UploadErrors { alt_es: problems.es, alt_en: problems.en, file: processed.err() };
            let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
            let mut response = render(&state, &member, csrf, typed, errors).await?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            return Ok(response);
        }
    };
    let media = model::create(&state.db, member.organization.id, &alt, &processed, Some(member.account.id)).await?;
    let actor = Actor { account_id: Some(member.account.id), request_id: session::request_id(&headers) };
    let subject = format!("#{} {}", media.id, model::alt(&media, member.lang));
    audit::record(&state.db, member.organization.id, &actor, "media.uploaded", &subject).await?;
    state.cache.invalidate();
    Ok(Redirect::to(&format!("/{}/admin/media/{}?done=uploaded", member.lang.code(), media.id)).into_response())
}

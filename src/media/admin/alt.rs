//! `POST /{lang}/admin/media/{id}/alt`: change an image's alt texts.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::show::{Feedback, load, render, subject};
use crate::admin::Member;
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::session;
use crate::error::AppError;
use crate::media::model::{self, AltTexts};
use crate::web::forms::CsrfForm;

#[derive(Deserialize)]
pub struct AltForm {
    #[serde(default)]
    alt_es: String,
    #[serde(default)]
    alt_en: String,
}

pub async fn save(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<AltForm>,
) -> Result<Response, AppError> {
    let media = load(&state, &member, id).await?;
    let typed = AltTexts { es: form.alt_es, en: form.alt_en };
    let alt = match typed.validate() {
        Ok(alt) => alt,
        Err(problems) => {
            let feedback = Feedback { typed: Some(typed), alt_errors: problems, ..Feedback::default() };
            return render(&state, &member, &headers, &media, feedback).await;
        }
    };
    let saved = model::set_alt(&state.db, &media, &alt).await?;
    let actor = Actor { account_id: Some(member.account.id), request_id: session::request_id(&headers) };
    audit::record(&state.db, member.organization.id, &actor, "media.alt-saved", &subject(&saved, member.lang)).await?;
    state.cache.invalidate();
    Ok(Redirect::to(&format!("/{}/admin/media/{}?done=alt", member.lang.code(), media.id)).into_response())
}

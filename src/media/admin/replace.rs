//! `POST /{lang}/admin/media/{id}/replace`: a new file for an image. Its addresses stay the
//! same; every page that shows it shows the new picture.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};

use super::form::Upload;
use super::show::{Feedback, load, render, subject};
use crate::admin::Member;
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::session;
use crate::error::AppError;
use crate::media::model;

pub async fn replace(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    headers: HeaderMap,
    form: Upload,
) -> Result<Response, AppError> {
    let media = load(&state, &member, id).await?;
    let processed = match super::process(form.file).await {
        Ok(processed) => processed,
        Err(key) => {
            let feedback = Feedback { replace_error: Some(key), ..Feedback::default() };
            return render(&state, &member, &headers, &media, feedback).await;
        }
    };
    let saved = model::replace(&state.db, &media, &processed).await?;
    let actor = Actor { account_id: Some(member.account.id), request_id: session::request_id(&headers) };
    audit::record(&state.db, member.organization.id, &actor, "media.replaced", &subject(&saved, member.lang)).await?;
    state.cache.invalidate();
    Ok(Redirect::to(&format!("/{}/admin/media/{}?done=replaced", member.lang.code(), media.id)).into_response())
}

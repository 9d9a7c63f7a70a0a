//! `POST /{lang}/admin/media/{id}/delete`: remove an image, unless a page uses it as its
//! cover. Pages that show it in their text then show nothing in its place.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::show::{Feedback, render, subject};
use crate::admin::Member;
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::session;
use crate::error::AppError;
use crate::media::model::{self, DeleteError};
use crate::web::forms::CsrfForm;

#[derive(Deserialize)]
pub struct DeleteForm {}

pub async fn delete(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    headers: HeaderMap,
    CsrfForm(_): CsrfForm<DeleteForm>,
) -> Result<Response, AppError> {
    let library = format!("/{}/admin/media", member.lang.code());
    // Already gone (a second click): nothing left to do.
    let Some(media) = model::find(&state.db, member.organization.id, id).await? else {
        return Ok(Redirect::to(&library).into_response());
    };
    match model::delete(&state.db, &media).await {
        Ok(()) => {}
        Err(DeleteError::InUse(_)) => {
            let feedback = Feedback { delete_refused: true, ..Feedback::default() };
            return render(&state, &member, &headers, &media, feedback).await;
        }
        Err(DeleteError::Db(error)) => return Err(error.into()),
    }
    let actor = Actor { account_id: Some(member.account.id), request_id: session::request_id(&headers) };
    audit::record(&state.db, member.organization.id, &actor, "media.deleted", &subject(&media, member.lang)).await?;
    state.cache.invalidate();
    Ok(Redirect::to(&format!("{library}?deleted=1")).into_response())
}

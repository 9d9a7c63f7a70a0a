//! `POST /{lang}/admin/supporters/{id}/notes`: add a note to a supporter.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;

use super::{back_to, show};
use crate::admin::Member;
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::session;
use crate::error::AppError;
use crate::supporters::labels;
use crate::web::forms::CsrfForm;

#[derive(Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    body: String,
}

pub async fn add(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<NoteForm>,
) -> Result<Response, AppError> {
    let supporter = match show::load(&state, &member, id).await? {
        Ok(s) => s,
        Err(redirect) => return Ok(redirect),
    };
    if !form.body.trim().is_empty() {
        labels::add_note(&state.db, &supporter, Some(member.account.id), &form.body).await?;
        let actor = Actor { account_id: Some(member.account.id), request_id: session::request_id(&headers) };
        audit::record(&state.db, member.organization.id, &actor, "supporter.noted", &format!("supporter {id}")).await?;
    }
    Ok(back_to(&member, id, "notes"))
}

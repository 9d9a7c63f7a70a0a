//! `POST /{lang}/admin/supporters/{id}/tags`: put a tag on a supporter (`add=<name>`, created
//! if new) or take one off (`remove=<tag id>`).

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
pub struct TagForm {
    #[serde(default)]
    add: String,
    remove: Option<i64>,
}

pub async fn change(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<TagForm>,
) -> Result<Response, AppError> {
    let supporter = match show::load(&state, &member, id).await? {
        Ok(s) => s,
        Err(redirect) => return Ok(redirect),
    };
    let actor = Actor { account_id: Some(member.account.id), request_id: session::request_id(&headers) };
    if let Some(tag) = form.remove {
        labels::detach(&state.db, supporter.id, tag).await?;
        audit::record(&state.db, member.organization.id, &actor, "supporter.untagged", &format!("supporter {id}"))
            .await?;
    }
    if !form.add.trim().is_empty() {
        let tag = labels::named(&state.db, member.organization.id, &form.add).await?;
        labels::attach(&state.db, &supporter, tag.id).await?;
        let subject = format!("supporter {id}: {}", tag.name);
        audit::record(&state.db, member.organization.id, &actor, "supporter.tagged", &subject).await?;
    }
    Ok(back_to(&member, id, "tags"))
}

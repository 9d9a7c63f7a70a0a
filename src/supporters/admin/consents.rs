//! `POST /{lang}/admin/supporters/{id}/consents`: record a consent the supporter gave or
//! withdrew outside the site (in person, on paper), with how: a new history row each.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use sea_orm::TransactionTrait;
use serde::Deserialize;

use super::{back_to, show};
use crate::admin::Member;
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::session;
use crate::error::AppError;
use crate::supporters::model::{self, ConsentChange, ConsentKind, source};
use crate::web::forms::CsrfForm;

#[derive(Deserialize)]
pub struct ConsentForm {
    newsletter: Option<String>,
    events: Option<String>,
    #[serde(default)]
    how: String,
}

pub async fn set(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<ConsentForm>,
) -> Result<Response, AppError> {
    let supporter = match show::load(&state, &member, id).await? {
        Ok(s) => s,
        Err(redirect) => return Ok(redirect),
    };
    if supporter.erased_at.is_some() {
        return Ok(back_to(&member, id, "consents"));
    }
    let how: String = form.how.trim().chars().take(200).collect();
    let who = if member.account.name.is_empty() { &member.account.email } else { &member.account.name };
    let detail = if how.is_empty() { format!("recorded by {who}") } else { format!("{how} (recorded by {who})") };
    let txn = state.db.begin().await?;
    for (kind, granted) in
        [(ConsentKind::Newsletter, form.newsletter.is_some()), (ConsentKind::Events, form.events.is_some())]
    {
        let current = model::find(&txn, member.organization.id, id).await?.ok_or(AppError::NotFound)?;
        let change = ConsentChange {
            kind,
            granted,
            source: source::CORE_GROUP,
            detail: Some(detail.clone()),
            request_id: session::request_id(&headers),
        };
        if model::set_consent(&txn, &current, change).await? {
            let actor = Actor { account_id: Some(member.account.id), request_id: session::request_id(&headers) };
            let subject = format!("supporter {id}: {} {}", kind.code(), if granted { "yes" } else { "no" });
            audit::record(&txn, member.organization.id, &actor, "supporter.consent", &subject).await?;
        }
    }
    txn.commit().await?;
    Ok(back_to(&member, id, "consents"))
}

//! `POST /{lang}/admin/members/invite`: invite someone to the core group by email, and
//! `POST /{lang}/admin/invitations/{id}/revoke`: withdraw an invitation not used yet.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::admin::Member;
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::model;
use crate::auth::pages::reset::base_url;
use crate::auth::roles::Role;
use crate::auth::session;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::mail::model::{self as mail, OutgoingEmail};
use crate::web::forms::CsrfForm;

#[derive(Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    language: String,
}

pub async fn invite(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<InviteForm>,
) -> Result<Response, AppError> {
    let back = format!("/{}/admin/members", member.lang.code());
    let Some(email) = model::normalize_email(&form.email) else {
        return Ok(Redirect::to(&format!("{back}?error=email#invite")).into_response());
    };
    let role = Role::from_code(&form.role).ok_or(AppError::BadRequest)?;
    let language = Lang::from_code(&form.language).unwrap_or(member.lang);
    let organization = &member.organization;
    let (invitation, token) =
        model::invite(&state.db, organization.id, &email, role, language.code(), Some(member.account.id)).await?;
    let link = format!("{}/{}/invitation/{token}", base_url(&state, &headers), language.code());
    let inviter =
        if member.account.name.is_empty() { member.account.email.clone() } else { member.account.name.clone() };
    let role_name = state.catalog.text(language, &format!("auth-role-{}", role.code()), None);
    mail::queue(
        &state.db,
        &state,
        OutgoingEmail {
            organization_id: organization.id,
            to: &email,
            to_name: None,
            language,
            template: "invitation",
            context: minijinja::context! {
                organization => organization.name.clone(),
                inviter => inviter,
                role => role_name,
                link => link,
            },
            idempotency_key: &format!("invitation:{}", invitation.id),
        },
    )
    .await
    .map_err(|e| AppError::Internal(format!("queueing the invitation: {e}")))?;
    let actor = Actor { account_id: Some(member.account.id), request_id: session::request_id(&headers) };
    audit::record(&state.db, organization.id, &actor, "member.invited", &format!("{email}: {}", role.code())).await?;
    Ok(Redirect::to(&format!("{back}?invited=1#invite")).into_response())
}

#[derive(Deserialize)]
pub struct RevokeForm {}

pub async fn revoke(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    headers: HeaderMap,
    CsrfForm(RevokeForm {}): CsrfForm<RevokeForm>,
) -> Result<Response, AppError> {
    if model::revoke_invitation(&state.db, member.organization.id, id).await? {
        let actor = Actor { account_id: Some(member.account.id), request_id: session::request_id(&headers) };
        audit::record(&state.db, member.organization.id, &actor, "member.invitation-withdrawn", &id.to_string())
            .await?;
    }
    Ok(Redirect::to(&format!("/{}/admin/members#invite", member.lang.code())).into_response())
}

//! `GET /{lang}/admin/members` and `POST /{lang}/admin/members/{id}/roles`: who is in the
//! core group, and what each member may do. The last admin cannot be removed.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use sea_orm::TransactionTrait;
use serde::{Deserialize, Serialize};

use super::AdminFrame;
use crate::admin::Member;
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::model::{self, Member as Row};
use crate::auth::pages::private_page;
use crate::auth::roles::Role;
use crate::auth::session;
use crate::error::AppError;
use crate::web::forms::{CsrfForm, CsrfToken};

#[derive(Deserialize)]
pub struct Notice {
    saved: Option<String>,
    invited: Option<String>,
    error: Option<String>,
}

/// An invitation not used yet.
#[derive(Serialize)]
struct Pending {
    id: i64,
    email: String,
    role: &'static str,
    expires: String,
}

#[derive(Serialize)]
struct MembersPage {
    #[serde(flatten)]
    frame: AdminFrame,
    members: Vec<Row>,
    roles: [Role; 4],
    /// Fluent key of a message above the list.
    notice: Option<&'static str>,
    pending: Vec<Pending>,
    error: Option<&'static str>,
    me: i64,
}

pub async fn list(
    State(state): State<AppState>,
    member: Member,
    Query(query): Query<Notice>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let members = model::members(&state.db, member.organization.id).await?;
    let now = chrono::Utc::now();
    let pending = model::invitations(&state.db, member.organization.id)
        .await?
        .into_iter()
        .filter(|i| i.accepted_at.is_none() && i.revoked_at.is_none() && i.expires_at > now)
        .map(|i| Pending {
            id: i.id,
            email: i.email,
            role: Role::from_code(&i.role).unwrap_or(Role::Editor).code(),
            expires: i.expires_at.format("%Y-%m-%d").to_string(),
        })
        .collect();
    let page = MembersPage {
        frame: AdminFrame::new(&member, "/members", csrf.token),
        members,
        roles: Role::ALL,
        notice: if query.invited.is_some() {
            Some("admin-members-invited")
        } else {
            query.saved.is_some().then_some("admin-members-saved")
        },
        pending,
        error: match query.error.as_deref() {
            Some("last-admin") => Some("admin-members-last-admin"),
            Some("email") => Some("auth-error-email-invalid"),
            Some(_) => Some("admin-members-not-saved"),
            None => None,
        },
        me: member.account.id,
    };
    Ok(private_page(state.renderer.render("admin/members.html", &page)?, [csrf.set_cookie]))
}

#[derive(Deserialize)]
pub struct RolesForm {
    admin: Option<String>,
    editor: Option<String>,
    treasurer: Option<String>,
    organizer: Option<String>,
}

impl RolesForm {
    fn roles(&self) -> Vec<Role> {
        [
            (Role::Admin, &self.admin),
            (Role::Editor, &self.editor),
            (Role::Treasurer, &self.treasurer),
            (Role::Organizer, &self.organizer),
        ]
        .into_iter()
        .filter(|(_, field)| field.is_some())
        .map(|(role, _)| role)
        .collect()
    }
}

pub async fn set_roles(
    State(state): State<AppState>,
    member: Member,
    Path((_, account_id)): Path<(String, i64)>,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<RolesForm>,
) -> Result<Response, AppError> {
    let request_id = session::request_id(&headers);
    let organization_id = member.organization.id;
    let back = format!("/{}/admin/members", member.lang.code());
    let wanted = form.roles();

    let txn = state.db.begin().await?;
    let target = model::account(&txn, account_id).await?.ok_or(AppError::NotFound)?;
    let current = model::roles_in(&txn, account_id, organization_id).await?;
    if current.is_empty() {
        return Err(AppError::NotFound);
    }
    if current.contains(&Role::Admin) && !wanted.contains(&Role::Admin) {
        let admins =
            model::members(&txn, organization_id).await?.iter().filter(|m| m.roles.contains(&Role::Admin)).count();
        if admins <= 1 {
            return Ok(Redirect::to(&format!("{back}?error=last-admin")).into_response());
        }
    }
    let actor = Actor { account_id: Some(member.account.id), request_id };
    for role in Role::ALL {
        match (current.contains(&role), wanted.contains(&role)) {
            (false, true) => {
                model::grant(&txn, organization_id, account_id, role).await?;
                audit::record(
                    &txn,
                    organization_id,
                    &actor,
                    "member.role-added",
                    &format!("{}: {}", target.email, role.code()),
                )
                .await?;
            }
            (true, false) => {
                model::revoke(&txn, organization_id, account_id, role).await?;
                audit::record(
                    &txn,
                    organization_id,
                    &actor,
                    "member.role-removed",
                    &format!("{}: {}", target.email, role.code()),
                )
                .await?;
            }
            _ => {}
        }
    }
    txn.commit().await?;
    Ok(Redirect::to(&format!("{back}?saved=1")).into_response())
}

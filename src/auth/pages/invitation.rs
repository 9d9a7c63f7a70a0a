//! `GET/POST /{lang}/invitation/{token}`: accept an invitation (or the setup link) by
//! choosing a name and a password; the account is created or joined, and signed in.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use sea_orm::TransactionTrait;
use serde::{Deserialize, Serialize};

use super::{Plain, private_page};
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::model::{self, Invitation};
use crate::auth::password;
use crate::auth::roles::Role;
use crate::auth::session;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::organizations::model::Organization;
use crate::web::forms::{CsrfForm, CsrfToken};
use crate::web::{CurrentOrganization, PathLang};

#[derive(Serialize)]
struct InvitationPage {
    #[serde(flatten)]
    frame: Plain,
    csrf: String,
    /// The address the invitation was sent to; empty for the setup link.
    invited_email: String,
    role: &'static str,
    name: String,
    email: String,
    /// Fluent keys of the problems, by field.
    errors: Errors,
}

#[derive(Default, Serialize)]
struct Errors {
    name: Option<&'static str>,
    email: Option<&'static str>,
    password: Option<&'static str>,
    confirm: Option<&'static str>,
}

impl Errors {
    fn any(&self) -> bool {
        self.name.is_some() || self.email.is_some() || self.password.is_some() || self.confirm.is_some()
    }
}

async fn load(state: &AppState, organization: &Organization, token: &str) -> Result<Invitation, AppError> {
    model::open_invitation(&state.db, token)
        .await?
        .filter(|i| i.organization_id == organization.id)
        .ok_or(AppError::NotFound)
}

fn role_of(invitation: &Invitation) -> Role {
    Role::from_code(&invitation.role).unwrap_or(Role::Editor)
}

pub async fn form(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    Path((_, token)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let invitation = load(&state, &organization, &token).await?;
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let page = page(lang, &organization, &token, &invitation, csrf.token, String::new(), invitation.email.clone());
    Ok(private_page(state.renderer.render("auth/invitation.html", &page)?, [csrf.set_cookie]))
}

fn page(
    lang: Lang,
    organization: &Organization,
    token: &str,
    invitation: &Invitation,
    csrf: String,
    name: String,
    email: String,
) -> InvitationPage {
    InvitationPage {
        frame: Plain::new(lang, organization, &format!("invitation/{token}")),
        csrf,
        invited_email: invitation.email.clone(),
        role: role_of(invitation).code(),
        name,
        email,
        errors: Errors::default(),
    }
}

#[derive(Deserialize)]
pub struct AcceptForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn submit(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    Path((_, token)): Path<(String, String)>,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<AcceptForm>,
) -> Result<Response, AppError> {
    let invitation = load(&state, &organization, &token).await?;
    let request_id = session::request_id(&headers);
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?.token;

    let name: String = form.name.trim().chars().take(120).collect();
    let typed_email: String = form.email.trim().chars().take(254).collect();
    let mut errors = Errors::default();
    if name.is_empty() {
        errors.name = Some("auth-error-name-required");
    }
    let email = if invitation.email.is_empty() {
        let normalized = model::normalize_email(&typed_email);
        if normalized.is_none() {
            errors.email = Some("auth-error-email-invalid");
        }
        normalized.unwrap_or_default()
    } else {
        invitation.email.clone()
    };
    (errors.password, errors.confirm) = password::form_problems(&form.password, &form.confirm, &email);
    if errors.any() {
        let shown_email = if invitation.email.is_empty() { typed_email } else { invitation.email.clone() };
        let mut page = page(lang, &organization, &token, &invitation, csrf, name, shown_email);
        page.errors = errors;
        let mut response = private_page(state.renderer.render("auth/invitation.html", &page)?, []);
        *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(response);
    }

    let hash = password::hash(form.password).await?;
    let txn = state.db.begin().await?;
    if !model::close_invitation(&txn, invitation.id).await? {
        return Err(AppError::NotFound);
    }
    let account = model::upsert_account(&txn, &email, &name, lang.code(), hash).await?;
    model::grant(&txn, organization.id, account.id, role_of(&invitation)).await?;
    let actor = Actor { account_id: Some(account.id), request_id };
    audit::record(&txn, organization.id, &actor, "invitation.accepted", &format!("{email} ({})", invitation.role))
        .await?;
    let after = super::code::after_link(&txn, account.id, lang).await?;
    txn.commit().await?;

    Ok(super::code::after_link_response(&state, lang, after))
}

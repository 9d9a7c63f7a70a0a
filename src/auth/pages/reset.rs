//! Password reset: `GET/POST /{lang}/password-reset` asks for an address and always gives
//! the same answer; `GET/POST /{lang}/password-reset/{token}` sets a new password (single
//! use, one hour), ends every session of the account and signs this browser in.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use chrono::{Duration, Utc};
use sea_orm::TransactionTrait;
use serde::{Deserialize, Serialize};

use super::{Plain, private_page};
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::model::{self, MAX_RESETS_PER_HOUR};
use crate::auth::password;
use crate::auth::session;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::mail::model::{self as mail, OutgoingEmail};
use crate::web::forms::{CsrfForm, CsrfToken};
use crate::web::{CurrentOrganization, PathLang};

#[derive(Serialize)]
struct RequestPage {
    #[serde(flatten)]
    frame: Plain,
    csrf: String,
    email: String,
    sent: bool,
    error: Option<&'static str>,
}

pub async fn request_form(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let page = RequestPage {
        frame: Plain::new(lang, &organization, "password-reset"),
        csrf: csrf.token,
        email: String::new(),
        sent: false,
        error: None,
    };
    Ok(private_page(state.renderer.render("auth/reset_request.html", &page)?, [csrf.set_cookie]))
}

#[derive(Deserialize)]
pub struct RequestForm {
    #[serde(default)]
    email: String,
}

pub async fn request_submit(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<RequestForm>,
) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?.token;
    let Some(email) = model::normalize_email(&form.email) else {
        let page = RequestPage {
            frame: Plain::new(lang, &organization, "password-reset"),
            csrf,
            email: form.email.chars().take(254).collect(),
            sent: false,
            error: Some("auth-error-email-invalid"),
        };
        let mut response = private_page(state.renderer.render("auth/reset_request.html", &page)?, []);
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(response);
    };
    // The answer is the same whether the address has an account or not; only an account
    // that has not asked too often gets an email.
    if let Some(account) = model::account_by_email(&state.db, &email).await?
        && model::resets_since(&state.db, account.id, Utc::now() - Duration::hours(1)).await? < MAX_RESETS_PER_HOUR
    {
        let token = model::start_reset(&state.db, account.id).await?;
        let language = Lang::from_code(&account.language).unwrap_or(lang);
        let link = format!("{}/{}/password-reset/{token}", base_url(&state, &headers), language.code());
        let key = format!("password-reset:{}", crate::auth::tokens::hash(&token));
        mail::queue(
            &state.db,
            &state,
            OutgoingEmail {
                organization_id: organization.id,
                to: &account.email,
                to_name: Some(&account.name),
                language,
                template: "password_reset",
                context: minijinja::context! { organization => organization.name.clone(), name => account.name.clone(), link => link },
                idempotency_key: &key,
            },
        )
        .await
        .map_err(|e| AppError::Internal(format!("queueing the reset email: {e}")))?;
        let actor = Actor { account_id: Some(account.id), request_id: session::request_id(&headers) };
        audit::record(&state.db, organization.id, &actor, "password.reset-requested", &account.email).await?;
    }
    let page =
        RequestPage { frame: Plain::new(lang, &organization, "password-reset"), csrf, email, sent: true, error: None };
    Ok(private_page(state.renderer.render("auth/reset_request.html", &page)?, []))
}

/// The site's address for links in emails: the configured one, else this request's host.
pub fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(base) = &state.config.base_url {
        return base.trim_end_matches('/').to_owned();
    }
    let host = crate::web::extract::host_of(headers).unwrap_or_else(|| state.config.listen.to_string());
    let port = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .and_then(|h| h.rsplit_once(':').map(|(_, p)| p.to_owned()))
        .filter(|p| p.bytes().all(|b| b.is_ascii_digit()));
    match port {
        Some(port) => format!("http://{host}:{port}"),
        None => format!("http://{host}"),
    }
}

#[derive(Serialize)]
struct ResetPage {
    #[serde(flatten)]
    frame: Plain,
    csrf: String,
    email: String,
    errors: Errors,
}

#[derive(Default, Serialize)]
struct Errors {
    password: Option<&'static str>,
    confirm: Option<&'static str>,
}

pub async fn reset_form(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    Path((_, token)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (_, account) = model::open_reset(&state.db, &token).await?.ok_or(AppError::NotFound)?;
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let page = ResetPage {
        frame: Plain::new(lang, &organization, &format!("password-reset/{token}")),
        csrf: csrf.token,
        email: account.email,
        errors: Errors::default(),
    };
    Ok(private_page(state.renderer.render("auth/reset.html", &page)?, [csrf.set_cookie]))
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn reset_submit(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    Path((_, token)): Path<(String, String)>,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<ResetForm>,
) -> Result<Response, AppError> {
    let (reset_id, account) = model::open_reset(&state.db, &token).await?.ok_or(AppError::NotFound)?;
    let mut errors = Errors::default();
    (errors.password, errors.confirm) = password::form_problems(&form.password, &form.confirm, &account.email);
    if errors.password.is_some() || errors.confirm.is_some() {
        let csrf = CsrfToken::for_request(&headers, state.config.is_https())?.token;
        let page = ResetPage {
            frame: Plain::new(lang, &organization, &format!("password-reset/{token}")),
            csrf,
            email: account.email,
            errors,
        };
        let mut response = private_page(state.renderer.render("auth/reset.html", &page)?, []);
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(response);
    }
    let hash = password::hash(form.password).await?;
    let txn = state.db.begin().await?;
    if !model::use_reset(&txn, reset_id).await? {
        return Err(AppError::NotFound);
    }
    let account = model::set_password(&txn, account, hash).await?;
    let after = super::code::after_link(&txn, account.id, lang).await?;
    let actor = Actor { account_id: Some(account.id), request_id: session::request_id(&headers) };
    audit::record(&txn, organization.id, &actor, "password.reset", &account.email).await?;
    txn.commit().await?;
    Ok(super::code::after_link_response(&state, lang, after))
}

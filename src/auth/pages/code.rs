//! `GET/POST /{lang}/login/code`: the second step of signing in, for accounts with two-step on.
//!
//! The password step left only a pending sign-in (a cookie holding a single-use token that
//! works for 5 minutes); the session starts here, once a code from the app or a recovery code
//! is right. Wrong codes count as failed sign-ins: the same limits as wrong passwords hold.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use chrono::Utc;
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};

use super::{Peer, Plain, client_address, private_page};
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::model::{self, ATTEMPT_WINDOW, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_CLIENT};
use crate::auth::session;
use crate::auth::two_step::{self, Checked, PENDING_TTL};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::web::cookies;
use crate::web::forms::{CsrfForm, CsrfToken};
use crate::web::{CurrentOrganization, PathLang};

const PENDING_COOKIE: &str = "hermana_pending";

/// The `Set-Cookie` value carrying a pending sign-in's token.
pub fn pending_cookie(state: &AppState, token: &str) -> Option<HeaderValue> {
    let https = state.config.is_https();
    cookies::set(&cookies::name(PENDING_COOKIE, https), token, PENDING_TTL.num_seconds(), https)
}

fn clear_pending(state: &AppState) -> Option<HeaderValue> {
    let https = state.config.is_https();
    cookies::clear(&cookies::name(PENDING_COOKIE, https), https)
}

fn pending_token(state: &AppState, headers: &HeaderMap) -> Option<String> {
    cookies::get(headers, &cookies::name(PENDING_COOKIE, state.config.is_https())).map(str::to_owned)
}

/// How a browser continues after setting a password through a link (a reset or an invitation).
pub enum AfterLink {
    /// Signed in: the new session's token.
    Session(String),
    /// Two-step is on: the code is asked first (the pending sign-in's token).
    Code(String),
}

/// Ends every session of the account (its password changed), then starts a new one, or, when
/// two-step is on, a pending sign-in: a link in an email must never skip the code.
pub async fn after_link(db: &impl ConnectionTrait, account_id: i64, lang: Lang) -> anyhow::Result<AfterLink> {
    if two_step::is_on(db, account_id).await? {
        model::end_all_sessions(db, account_id).await?;
        let token = two_step::start_pending(db, account_id, &format!("/{}/admin", lang.code())).await?;
        return Ok(AfterLink::Code(token));
    }
    Ok(AfterLink::Session(model::restart_sessions(db, account_id).await?))
}

/// The redirect for [`after_link`]'s outcome.
pub fn after_link_response(state: &AppState, lang: Lang, after: AfterLink) -> Response {
    match after {
        AfterLink::Session(token) => {
            session::redirect_with(&format!("/{}/admin", lang.code()), session::cookie(state, &token))
        }
        AfterLink::Code(token) => {
            session::redirect_with(&format!("/{}/login/code", lang.code()), pending_cookie(state, &token))
        }
    }
}

#[derive(Serialize)]
struct CodePage {
    #[serde(flatten)]
    frame: Plain,
    csrf: String,
    code: String,
    /// Fluent key of the problem with the code.
    error: Option<&'static str>,
}

/// Back to the password, saying the code page expired.
fn expired(state: &AppState, lang: Lang) -> Response {
    session::redirect_with(&format!("/{}/login?expired=1", lang.code()), clear_pending(state))
}

pub async fn form(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let Some(token) = pending_token(&state, &headers) else {
        return Ok(expired(&state, lang));
    };
    if two_step::open_pending(&state.db, &token).await?.is_none() {
        return Ok(expired(&state, lang));
    }
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let page = CodePage {
        frame: Plain::new(lang, &organization, "login/code"),
        csrf: csrf.token,
        code: String::new(),
        error: None,
    };
    Ok(private_page(state.renderer.render("auth/code.html", &page)?, [csrf.set_cookie]))
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

pub async fn submit(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    Peer(peer): Peer,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, AppError> {
    let Some(token) = pending_token(&state, &headers) else {
        return Ok(expired(&state, lang));
    };
    let Some(pending) = two_step::open_pending(&state.db, &token).await? else {
        return Ok(expired(&state, lang));
    };
    let account = model::account(&state.db, pending.account_id).await?.ok_or(AppError::NotFound)?;
    let actor = Actor { account_id: Some(account.id), request_id: session::request_id(&headers) };
    let typed: String = form.code.chars().take(40).collect();
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?.token;
    let refuse = |key: &'static str, status: StatusCode| -> Result<Response, AppError> {
        let page = CodePage {
            frame: Plain::new(lang, &organization, "login/code"),
            csrf: csrf.clone(),
            code: typed.clone(),
            error: Some(key),
        };
        let mut response = private_page(state.renderer.render("auth/code.html", &page)?, []);
        *response.status_mut() = status;
        Ok(response)
    };

    let since = Utc::now() - ATTEMPT_WINDOW;
    let client_hash = model::client_hash(&state.db, &client_address(&state, &headers, peer)).await?;
    if model::recent_failures(&state.db, None, Some(&client_hash), since).await? >= MAX_FAILURES_PER_CLIENT {
        return refuse("auth-login-too-many", StatusCode::TOO_MANY_REQUESTS);
    }
    if model::recent_failures(&state.db, Some(account.id), None, since).await? >= MAX_FAILURES_PER_ACCOUNT {
        audit::record(&state.db, organization.id, &actor, "sign-in.locked", &account.email).await?;
        return refuse("auth-login-too-many", StatusCode::TOO_MANY_REQUESTS);
    }
    let checked = two_step::check(&state.db, account.id, &form.code).await?;
    model::record_attempt(&state.db, Some(account.id), &client_hash, checked != Checked::Wrong).await?;
    if checked == Checked::Wrong {
        audit::record(&state.db, organization.id, &actor, "two-step.failed", &account.email).await?;
        return refuse("auth-code-wrong", StatusCode::UNPROCESSABLE_ENTITY);
    }
    if !two_step::finish_pending(&state.db, pending.id).await? {
        return Ok(expired(&state, lang));
    }
    if checked == Checked::RecoveryCode {
        audit::record(&state.db, organization.id, &actor, "two-step.recovery-code-used", &account.email).await?;
    }
    if let Some(old) = session::token(&state, &headers) {
        model::end_session(&state.db, &old).await?;
    }
    let session_token = model::start_session(&state.db, account.id).await?;
    audit::record(&state.db, organization.id, &actor, "sign-in", &account.email).await?;
    let mut response = session::redirect_with(&pending.next_path, session::cookie(&state, &session_token));
    if let Some(clear) = clear_pending(&state) {
        response.headers_mut().append(axum::http::header::SET_COOKIE, clear);
    }
    Ok(response)
}

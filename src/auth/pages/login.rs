//! `GET/POST /{lang}/login`: sign in with email and password.
//!
//! The same answer whether the address exists or not; the 11th wrong password for an account
//! within 15 minutes (or too many from one client) is refused before the password is checked.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::Utc;
use serde::{Deserialize, Serialize};

use super::{Peer, Plain, client_address, code, private_page, safe_next};
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::model::{self, ATTEMPT_WINDOW, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_CLIENT};
use crate::auth::{password, session, two_step};
use crate::error::AppError;
use crate::web::forms::{CsrfForm, CsrfToken};
use crate::web::{CurrentOrganization, PathLang};

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
    /// Set when a two-step sign-in took too long: the password is asked again.
    expired: Option<String>,
}

#[derive(Serialize)]
struct LoginPage {
    #[serde(flatten)]
    frame: Plain,
    csrf: String,
    next: String,
    email: String,
    /// Fluent key of the message above the form.
    error: Option<&'static str>,
}

pub async fn form(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    Query(query): Query<Next>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let page = LoginPage {
        frame: Plain::new(lang, &organization, "login"),
        csrf: csrf.token,
        next: safe_next(lang, query.next.as_deref()),
        email: String::new(),
        error: query.expired.is_some().then_some("auth-code-expired"),
    };
    Ok(private_page(state.renderer.render("auth/login.html", &page)?, [csrf.set_cookie]))
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

pub async fn submit(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    Peer(peer): Peer,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<Response, AppError> {
    let client = client_address(&state, &headers, peer);
    let old_token = session::token(&state, &headers);
    let actor_request = session::request_id(&headers);
    let csrf_token = CsrfToken::for_request(&headers, state.config.is_https())?.token;

    let refuse = |key: &'static str, email: String, status: StatusCode| -> Result<Response, AppError> {
        let page = LoginPage {
            frame: Plain::new(lang, &organization, "login"),
            csrf: csrf_token.clone(),
            next: safe_next(lang, form.next.as_deref()),
            email,
            error: Some(key),
        };
        let mut response = private_page(state.renderer.render("auth/login.html", &page)?, []);
        *response.status_mut() = status;
        Ok(response)
    };

    let typed = form.email.chars().take(254).collect::<String>();
    let since = Utc::now() - ATTEMPT_WINDOW;
    let client_hash = model::client_hash(&state.db, &client).await?;
    if model::recent_failures(&state.db, None, Some(&client_hash), since).await? >= MAX_FAILURES_PER_CLIENT {
        return refuse("auth-login-too-many", typed, StatusCode::TOO_MANY_REQUESTS);
    }
    let Some(email) = model::normalize_email(&form.email) else {
        return refuse("auth-login-wrong", typed, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let account = model::account_by_email(&state.db, &email).await?;
    let actor = Actor { account_id: account.as_ref().map(|a| a.id), request_id: actor_request };
    if let Some(account) = &account
        && model::recent_failures(&state.db, Some(account.id), None, since).await? >= MAX_FAILURES_PER_ACCOUNT
    {
        audit::record(&state.db, organization.id, &actor, "sign-in.locked", &account.email).await?;
        return refuse("auth-login-too-many", typed, StatusCode::TOO_MANY_REQUESTS);
    }
    let matches = match account.as_ref().and_then(|a| a.password_hash.clone()) {
        Some(stored) => password::verify(form.password.clone(), stored).await,
        None => {
            password::waste_time(form.password.clone()).await;
            false
        }
    };
    model::record_attempt(&state.db, account.as_ref().map(|a| a.id), &client_hash, matches).await?;
    let Some(account) = account.filter(|_| matches) else {
        if let Some(id) = actor.account_id {
            audit::record(
                &state.db,
                organization.id,
                &Actor { account_id: Some(id), ..actor },
                "sign-in.failed",
                &email,
            )
            .await?;
        }
        return refuse("auth-login-wrong", typed, StatusCode::UNPROCESSABLE_ENTITY);
    };

    // With two-step on, no session yet: a short-lived pending sign-in waits for the code.
    if two_step::is_on(&state.db, account.id).await? {
        let next = safe_next(lang, form.next.as_deref());
        let token = two_step::start_pending(&state.db, account.id, &next).await?;
        let target = format!("/{}/login/code", lang.code());
        return Ok(session::redirect_with(&target, code::pending_cookie(&state, &token)));
    }

    // A fresh session at every sign-in: a token planted before sign-in is worth nothing.
    if let Some(old) = old_token {
        model::end_session(&state.db, &old).await?;
    }
    let token = model::start_session(&state.db, account.id).await?;
    audit::record(&state.db, organization.id, &actor, "sign-in", &account.email).await?;
    Ok(session::redirect_with(&safe_next(lang, form.next.as_deref()), session::cookie(&state, &token)))
}

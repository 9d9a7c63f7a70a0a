//! `/{lang}/admin/account`: the signed-in member's own account, where two-step sign-in is
//! turned on (secret shown, confirmed by a first code, recovery codes shown once), its recovery
//! codes replaced, and turned off (with the password or a current code).

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::{Deserialize, Serialize};

use super::AdminFrame;
use crate::admin::Member;
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::model::{self, ATTEMPT_WINDOW, MAX_FAILURES_PER_ACCOUNT};
use crate::auth::pages::{Peer, client_address, private_page};
use crate::auth::two_step::{self, Checked, Status};
use crate::auth::{password, session};
use crate::error::AppError;
use crate::web::forms::{CsrfForm, CsrfToken};

#[derive(Deserialize)]
pub struct Notice {
    off: Option<String>,
}

/// Fluent keys of problems, each shown next to its field.
#[derive(Default, Serialize)]
struct Errors {
    confirm_code: Option<&'static str>,
    regenerate: Option<&'static str>,
    off: Option<&'static str>,
}

#[derive(Serialize)]
struct AccountPage {
    #[serde(flatten)]
    frame: AdminFrame,
    email: String,
    /// `off`, `setting-up` or `on`.
    two_step: &'static str,
    /// While setting up: the secret in groups of four, and the `otpauth://` URI.
    secret: Option<String>,
    uri: Option<String>,
    recovery_codes_left: u64,
    /// New recovery codes, shown this once.
    new_codes: Vec<String>,
    notice: Option<&'static str>,
    errors: Errors,
}

async fn render(
    state: &AppState,
    member: &Member,
    headers: &HeaderMap,
    new_codes: Vec<String>,
    notice: Option<&'static str>,
    errors: Errors,
    status: StatusCode,
) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(headers, state.config.is_https())?;
    let account = &member.account;
    let (two_step, secret, left) = match two_step::status(&state.db, account.id).await? {
        Status::Off => ("off", None, 0),
        Status::SettingUp { secret } => ("setting-up", Some(secret), 0),
        Status::On { recovery_codes_left } => ("on", None, recovery_codes_left),
    };
    let uri = secret.as_deref().map(|s| two_step::otpauth_uri(&member.organization.short_name, &account.email, s));
    let page = AccountPage {
        frame: AdminFrame::new(member, "/account", csrf.token),
        email: account.email.clone(),
        two_step,
        secret,
        uri,
        recovery_codes_left: left,
        new_codes,
        notice,
        errors,
    };
    let mut response = private_page(state.renderer.render("admin/account.html", &page)?, [csrf.set_cookie]);
    *response.status_mut() = status;
    Ok(response)
}

fn back(member: &Member) -> Response {
    Redirect::to(&format!("/{}/admin/account", member.lang.code())).into_response()
}

pub async fn show(
    State(state): State<AppState>,
    member: Member,
    Query(query): Query<Notice>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let notice = query.off.is_some().then_some("admin-two-step-turned-off");
    render(&state, &member, &headers, vec![], notice, Errors::default(), StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct EmptyForm {}

/// Starts turning two-step on: a new secret, shown on the account page until confirmed.
pub async fn start(
    State(state): State<AppState>,
    member: Member,
    CsrfForm(EmptyForm {}): CsrfForm<EmptyForm>,
) -> Result<Response, AppError> {
    two_step::start(&state.db, member.account.id).await?;
    Ok(back(&member))
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// Confirms the new secret with a first code; shows the recovery codes once.
pub async fn confirm(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, AppError> {
    match two_step::confirm(&state.db, member.account.id, &form.code).await? {
        Some(codes) => {
            let actor = Actor { account_id: Some(member.account.id), request_id: session::request_id(&headers) };
            audit::record(&state.db, member.organization.id, &actor, "two-step.on", &member.account.email).await?;
            render(
                &state,
                &member,
                &headers,
                codes,
                Some("admin-two-step-turned-on"),
                Errors::default(),
                StatusCode::OK,
            )
            .await
        }
        None => {
            let errors = Errors { confirm_code: Some("admin-two-step-code-wrong"), ..Errors::default() };
            render(&state, &member, &headers, vec![], None, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

#[derive(Deserialize)]
pub struct ProofForm {
    /// The account's password, or a current code from the app.
    #[serde(default)]
    proof: String,
}

/// Whether `proof` is the member's password or a current code, counted like a sign-in: a
/// wrong one is a failed attempt, and after too many none is checked.
async fn proven(
    state: &AppState,
    member: &Member,
    headers: &HeaderMap,
    peer: Peer,
    proof: &str,
) -> Result<Result<(), &'static str>, AppError> {
    let account = &member.account;
    let since = Utc::now() - ATTEMPT_WINDOW;
    if model::recent_failures(&state.db, Some(account.id), None, since).await? >= MAX_FAILURES_PER_ACCOUNT {
        return Ok(Err("auth-login-too-many"));
    }
    let right = if two_step::looks_like_code(proof) {
        two_step::check(&state.db, account.id, proof).await? == Checked::Code
    } else {
        match account.password_hash.clone() {
            Some(stored) => password::verify(proof.to_owned(), stored).await,
            None => false,
        }
    };
    let client_hash = model::client_hash(&state.db, &client_address(state, headers, peer.0)).await?;
    model::record_attempt(&state.db, Some(account.id), &client_hash, right).await?;
    Ok(if right { Ok(()) } else { Err("admin-two-step-proof-wrong") })
}

/// 429 once the attempts ran out, else 422.
fn refusal(key: &str) -> StatusCode {
    if key == "auth-login-too-many" { StatusCode::TOO_MANY_REQUESTS } else { StatusCode::UNPROCESSABLE_ENTITY }
}

/// Replaces the recovery codes (the old ones stop working) and shows the new ones once.
pub async fn regenerate(
    State(state): State<AppState>,
    member: Member,
    peer: Peer,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<ProofForm>,
) -> Result<Response, AppError> {
    if !two_step::is_on(&state.db, member.account.id).await? {
        return Ok(back(&member));
    }
    if let Err(key) = proven(&state, &member, &headers, peer, &form.proof).await? {
        let errors = Errors { regenerate: Some(key), ..Errors::default() };
        return render(&state, &member, &headers, vec![], None, errors, refusal(key)).await;
    }
    let codes = two_step::new_recovery_codes(&state.db, member.account.id).await?;
    let actor = Actor { account_id: Some(member.account.id), request_id: session::request_id(&headers) };
    audit::record(&state.db, member.organization.id, &actor, "two-step.codes-regenerated", &member.account.email)
        .await?;
    render(&state, &member, &headers, codes, Some("admin-two-step-codes-new"), Errors::default(), StatusCode::OK).await
}

/// Turns two-step off (the password or a current code is needed once it is on), or abandons
/// setting it up.
pub async fn turn_off(
    State(state): State<AppState>,
    member: Member,
    peer: Peer,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<ProofForm>,
) -> Result<Response, AppError> {
    let account_id = member.account.id;
    match two_step::status(&state.db, account_id).await? {
        Status::Off => return Ok(back(&member)),
        Status::SettingUp { .. } => {
            two_step::turn_off(&state.db, account_id).await?;
            return Ok(back(&member));
        }
        Status::On { .. } => {}
    }
    if let Err(key) = proven(&state, &member, &headers, peer, &form.proof).await? {
        let errors = Errors { off: Some(key), ..Errors::default() };
        return render(&state, &member, &headers, vec![], None, errors, refusal(key)).await;
    }
    two_step::turn_off(&state.db, account_id).await?;
    let actor = Actor { account_id: Some(account_id), request_id: session::request_id(&headers) };
    audit::record(&state.db, member.organization.id, &actor, "two-step.off", &member.account.email).await?;
    Ok(Redirect::to(&format!("/{}/admin/account?off=1", member.lang.code())).into_response())
}

//! `/{lang}/admin/fundraising/settings`: the legal name, EIN and receipt statement that every
//! receipt carries, and how to give by check or transfer.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use sea_orm::TransactionTrait;
use serde::Serialize;

use super::{Tab, actor, tabs};
use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::audit::model as audit;
use crate::auth::pages::private_page;
use crate::error::AppError;
use crate::fundraising::model::{self, Settings};
use crate::supporters::form::Fields;
use crate::web::forms::{CsrfForm, CsrfToken};

#[derive(Serialize)]
struct SettingsPage {
    #[serde(flatten)]
    frame: AdminFrame,
    tabs: Vec<Tab>,
    legal_name: String,
    ein: String,
    receipt_text_es: String,
    receipt_text_en: String,
    give_by_mail_es: String,
    give_by_mail_en: String,
    ein_problem: Option<&'static str>,
    saved: bool,
}

fn render(
    state: &AppState,
    member: &Member,
    csrf: CsrfToken,
    settings: Settings,
    ein_problem: Option<&'static str>,
    saved: bool,
) -> Result<Response, AppError> {
    let page = SettingsPage {
        frame: AdminFrame::new(member, "/fundraising/settings", csrf.token),
        tabs: tabs(member, "/fundraising/settings"),
        legal_name: settings.legal_name,
        ein: settings.ein,
        receipt_text_es: settings.receipt_text_es,
        receipt_text_en: settings.receipt_text_en,
        give_by_mail_es: settings.give_by_mail_es,
        give_by_mail_en: settings.give_by_mail_en,
        ein_problem,
        saved,
    };
    let mut response =
        private_page(state.renderer.render("fundraising/admin/settings.html", &page)?, [csrf.set_cookie]);
    if ein_problem.is_some() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

pub async fn show(
    State(state): State<AppState>,
    member: Member,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let settings = model::settings(&state.db, member.organization.id).await?;
    render(&state, &member, csrf, settings, None, query.as_deref() == Some("saved"))
}

/// An EIN is nine digits, written `12-3456789`; empty until the organization has one.
fn check_ein(typed: &str) -> Result<String, &'static str> {
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    if typed.trim().is_empty() {
        Ok(String::new())
    } else if digits.len() == 9 && typed.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ') {
        Ok(format!("{}-{}", &digits[..2], &digits[2..]))
    } else {
        Err("fundraising-error-ein")
    }
}

pub async fn save(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(pairs);
    let text = |name: &str, max: usize| -> String {
        fields.get(name).trim().chars().filter(|c| !c.is_control() || *c == '\n').take(max).collect()
    };
    let mut settings = Settings {
        legal_name: text("legal_name", 200),
        ein: text("ein", 20),
        receipt_text_es: text("receipt_text_es", 2000),
        receipt_text_en: text("receipt_text_en", 2000),
        give_by_mail_es: text("give_by_mail_es", 2000),
        give_by_mail_en: text("give_by_mail_en", 2000),
    };
    match check_ein(&settings.ein) {
        Ok(ein) => settings.ein = ein,
        Err(problem) => {
            let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
            return render(&state, &member, csrf, settings, Some(problem), false);
        }
    }
    let txn = state.db.begin().await?;
    model::save_settings(&txn, member.organization.id, &settings).await?;
    audit::record(
        &txn,
        member.organization.id,
        &actor(&member, &headers),
        "fundraising.settings_saved",
        &settings.legal_name,
    )
    .await?;
    txn.commit().await?;
    Ok(Redirect::to(&format!("/{}/admin/fundraising/settings?saved", member.lang.code())).into_response())
}

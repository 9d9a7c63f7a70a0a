//! The treasurer's pages, under `/{lang}/admin/gifts`, `/funds`, `/campaigns` and
//! `/reports`, `/fundraising` (roles `admin` and `treasurer`; each route is listed in
//! `crate::admin::ROUTES`).

pub mod batch;
pub mod campaigns;
pub mod donors;
pub mod form;
pub mod funds;
pub mod gift;
pub mod gifts;
pub mod reports;
pub mod settings;
pub mod statements;

use axum::http::HeaderMap;
use serde::Serialize;

use crate::admin::Member;
use crate::audit::model::Actor;
use crate::auth::session;
use crate::error::AppError;

/// One tab of the fundraising pages' own navigation.
#[derive(Serialize)]
pub struct Tab {
    pub key: &'static str,
    pub path: String,
    pub current: bool,
}

/// The tabs shown on every fundraising admin page; `current` is the tab's path suffix.
pub fn tabs(member: &Member, current: &str) -> Vec<Tab> {
    [
        ("fundraising-tab-gifts", "/gifts"),
        ("fundraising-tab-batch", "/gifts/batch"),
        ("fundraising-tab-funds", "/funds"),
        ("fundraising-tab-campaigns", "/campaigns"),
        ("fundraising-tab-reports", "/reports"),
        ("fundraising-tab-statements", "/statements"),
        ("fundraising-tab-settings", "/fundraising/settings"),
    ]
    .into_iter()
    .map(|(key, path)| Tab { key, path: format!("/{}/admin{path}", member.lang.code()), current: path == current })
    .collect()
}

/// A fresh token for a form, so that sending it twice records once.
pub fn submission_token() -> Result<String, AppError> {
    crate::auth::tokens::new_token().map(|(token, _)| token).map_err(|e| AppError::Internal(format!("randomness: {e}")))
}

/// The token a form was sent with; a fresh one when it has none (a form from elsewhere is
/// then checked like any other, only without protection against being sent twice).
pub fn submitted_token(value: &str) -> Result<String, AppError> {
    if crate::auth::tokens::looks_valid(value) { Ok(value.to_owned()) } else { submission_token() }
}

pub fn actor(member: &Member, headers: &HeaderMap) -> Actor {
    Actor { account_id: Some(member.account.id), request_id: session::request_id(headers) }
}

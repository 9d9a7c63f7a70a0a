//! `GET /{lang}/admin/audit`: the newest entries of the audit log.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;

use super::AdminFrame;
use crate::admin::Member;
use crate::app::AppState;
use crate::audit::model::{self as audit, Line};
use crate::auth::pages::private_page;
use crate::error::AppError;
use crate::web::forms::CsrfToken;

/// How many entries the page shows.
const SHOWN: u64 = 200;

#[derive(Serialize)]
struct AuditPage {
    #[serde(flatten)]
    frame: AdminFrame,
    lines: Vec<AuditLine>,
}

#[derive(Serialize)]
struct AuditLine {
    #[serde(flatten)]
    line: Line,
    /// `YYYY-MM-DD HH:MM` in the organization's zone.
    when: String,
    /// RFC 3339 to the second, for `<time datetime>`.
    datetime: String,
    /// The Fluent key naming the action.
    action_key: String,
}

pub async fn list(State(state): State<AppState>, member: Member, headers: HeaderMap) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let lines = audit::recent(&state.db, member.organization.id, SHOWN)
        .await?
        .into_iter()
        .map(|line| AuditLine {
            when: member.when(line.at),
            datetime: line.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            action_key: format!("admin-audit-action-{}", line.action.replace('.', "-")),
            line,
        })
        .collect();
    let page = AuditPage { frame: AdminFrame::new(&member, "/audit", csrf.token), lines };
    Ok(private_page(state.renderer.render("admin/audit.html", &page)?, [csrf.set_cookie]))
}

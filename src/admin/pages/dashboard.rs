//! `GET /{lang}/admin`: what this member can do, one click away.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;

use super::AdminFrame;
use crate::admin::Member;
use crate::app::AppState;
use crate::auth::pages::private_page;
use crate::auth::roles::{Permission, Role};
use crate::error::AppError;
use crate::mail::transport::{MailMode, mail_mode};
use crate::web::forms::CsrfToken;

#[derive(Serialize)]
struct Dashboard {
    #[serde(flatten)]
    frame: AdminFrame,
    roles: Vec<Role>,
    tasks: Vec<Task>,
    /// For admins: where email goes (an SMTP server, or files when none is configured).
    mail: Option<MailNotice>,
}

#[derive(Serialize)]
struct MailNotice {
    /// `smtp` or `files`.
    mode: &'static str,
    /// The SMTP server, or the folder of `.eml` files.
    place: String,
}

/// A task card: a Fluent key for its title and description, and where it leads.
#[derive(Serialize)]
struct Task {
    key: &'static str,
    path: String,
}

pub async fn show(State(state): State<AppState>, member: Member, headers: HeaderMap) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let lang = member.lang.code();
    let mut tasks = Vec::new();
    if member.may(Permission::EditContent) {
        tasks.push(Task { key: "admin-task-pages", path: format!("/{lang}/admin/pages") });
        tasks.push(Task { key: "admin-task-translate", path: format!("/{lang}/admin/pages?needs={lang}") });
        tasks.push(Task { key: "admin-task-menus", path: format!("/{lang}/admin/menus") });
    }
    if member.may(Permission::ManageMembers) {
        tasks.push(Task { key: "admin-task-members", path: format!("/{lang}/admin/members") });
    }
    if member.may(Permission::ReadAudit) {
        tasks.push(Task { key: "admin-task-audit", path: format!("/{lang}/admin/audit") });
    }
    tasks.push(Task { key: "admin-task-site", path: format!("/{lang}/") });
    let mail = member.may(Permission::ManageMembers).then(|| match mail_mode(&state.config) {
        MailMode::Smtp { host, port, .. } => MailNotice { mode: "smtp", place: format!("{host}:{port}") },
        MailMode::Files { dir } => MailNotice { mode: "files", place: dir.display().to_string() },
    });
    let page = Dashboard { frame: AdminFrame::new(&member, "", csrf.token), roles: member.roles.clone(), tasks, mail };
    Ok(private_page(state.renderer.render("admin/dashboard.html", &page)?, [csrf.set_cookie]))
}

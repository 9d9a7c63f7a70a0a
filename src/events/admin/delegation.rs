//! The actions on a delegation's page, each for its organizers and admins only: a decision on
//! an application (accept, waitlist, decline; each emails the applicant in their language),
//! a participant's checklist, a message to every accepted participant, the trip report, who
//! organizes it (admins), and how long sensitive answers are kept (admins).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;

use super::applications::{Typed, gifts_of, load, organizes, render_list};
use crate::admin::Member;
use crate::app::AppState;
use crate::audit::model::{self as audit, Actor};
use crate::auth::roles::Role;
use crate::auth::session;
use crate::db::begin_write;
use crate::error::AppError;
use crate::events::delegations::mail::{self as delegation_mail, Letter};
use crate::events::delegations::{self, Checklist, retention, status};
use crate::events::mail as event_mail;
use crate::events::model::Event;
use crate::supporters::form::Fields;
use crate::supporters::model as supporters;
use crate::web::forms::CsrfForm;
use crate::web::origin::Origin;

/// The timeline kind of a decision on an application.
pub const ACTIVITY_DECIDED: &str = "delegation-decided";

fn applications_path(member: &Member, id: i64) -> String {
    format!("/{}/admin/events/{id}/applications", member.lang.code())
}

/// The delegation, if this member organizes it; 403 otherwise.
async fn organized(state: &AppState, member: &Member, id: i64) -> Result<Event, AppError> {
    let event = load(state, member, id).await?;
    if !organizes(state, member, &event).await? {
        return Err(AppError::Forbidden);
    }
    Ok(event)
}

fn actor(member: &Member, headers: &axum::http::HeaderMap) -> Actor {
    Actor { account_id: Some(member.account.id), request_id: session::request_id(headers) }
}

/// `POST …/applications/{application}/decision`: `decision` = accepted, waitlisted or declined.
pub async fn decide(
    State(state): State<AppState>,
    member: Member,
    origin: Origin,
    headers: axum::http::HeaderMap,
    Path((_, id, application_id)): Path<(String, i64, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let event = organized(&state, &member, id).await?;
    let fields = Fields(pairs);
    let back = Redirect::to(&format!("{}/{application_id}", applications_path(&member, id))).into_response();
    let Some(decision) = status::DECISIONS.into_iter().find(|d| *d == fields.get("decision")) else { return Ok(back) };
    let txn = begin_write(&state.db).await?;
    let application = delegations::find(&txn, event.id, application_id).await?.ok_or(AppError::NotFound)?;
    if let Some(decided) = delegations::decide(&txn, &application, decision).await? {
        let supporter =
            supporters::find(&txn, member.organization.id, decided.supporter_id).await?.ok_or(AppError::NotFound)?;
        if supporter.erased_at.is_none() {
            let site = event_mail::site(&origin, &member.organization);
            let letter = Letter::Decision(decision);
            delegation_mail::send(&txn, &state, &site, &event, &decided, &supporter, &letter).await?;
        }
        let reference = format!("event:{}:{decision}", event.id);
        supporters::record_activity(&txn, supporter.id, ACTIVITY_DECIDED, Some(&reference), Utc::now()).await?;
        let subject = format!("application {} to event {}: {decision}", decided.id, event.id);
        audit::record(&txn, member.organization.id, &actor(&member, &headers), "delegation.decided", &subject).await?;
    }
    txn.commit().await?;
    Ok(back)
}

/// `POST …/applications/{application}/checklist`: deposit (and the gift that paid it),
/// passport checked, orientation attended.
pub async fn checklist(
    State(state): State<AppState>,
    member: Member,
    Path((_, id, application_id)): Path<(String, i64, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let event = organized(&state, &member, id).await?;
    let application = delegations::find(&state.db, event.id, application_id).await?.ok_or(AppError::NotFound)?;
    let fields = Fields(pairs);
    // Only one of the applicant's own gifts may be named.
    let deposit_gift_id = match fields.get("deposit_gift_id").parse::<i64>() {
        Ok(gift_id) => match gifts_of(&state, &application).await?.into_iter().find(|g| g.id == gift_id) {
            Some(gift) => Some(gift.id),
            None => return Err(AppError::BadRequest),
        },
        Err(_) => None,
    };
    let list = Checklist {
        deposit_paid: fields.checked("deposit_paid"),
        deposit_gift_id,
        passport_checked: fields.checked("passport_checked"),
        orientation_attended: fields.checked("orientation_attended"),
    };
    delegations::save_checklist(&state.db, application.id, list).await?;
    Ok(Redirect::to(&format!("{}/{application_id}", applications_path(&member, id))).into_response())
}

/// `POST …/message`: a subject and a text to every accepted participant, each in the
/// language of their application. The form's key makes a second submission send nothing.
pub async fn message(
    State(state): State<AppState>,
    member: Member,
    origin: Origin,
    headers: axum::http::HeaderMap,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let event = organized(&state, &member, id).await?;
    let fields = Fields(pairs);
    let key = fields.get("key");
    let subject: String = fields.get("subject").trim().chars().take(200).collect();
    let body: String = fields.get("body").trim().replace("\r\n", "\n").chars().take(10_000).collect();
    let well_formed = key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit());
    if !well_formed || subject.is_empty() || body.is_empty() {
        let problem = if well_formed { "events-message-error-empty" } else { "events-message-error-expired" };
        let typed = Typed { subject, body, message_problem: Some(problem), ..Typed::default() };
        return render_list(&state, &member, &headers, id, None, typed).await;
    }
    let txn = begin_write(&state.db).await?;
    let site = event_mail::site(&origin, &member.organization);
    let letter = Letter::Message { key: key.to_owned(), subject, body };
    let mut sent = 0;
    for application in delegations::of_event(&txn, event.id).await? {
        if application.status != status::ACCEPTED {
            continue;
        }
        let Some(supporter) = supporters::find(&txn, member.organization.id, application.supporter_id).await? else {
            continue;
        };
        if supporter.erased_at.is_some() {
            continue;
        }
        if delegation_mail::send(&txn, &state, &site, &event, &application, &supporter, &letter).await?.new {
            sent += 1;
        }
    }
    if sent > 0 {
        let subject = format!("event {}: {sent} participants", event.id);
        audit::record(&txn, member.organization.id, &actor(&member, &headers), "delegation.messaged", &subject).await?;
    }
    txn.commit().await?;
    Ok(Redirect::to(&format!("{}?sent={sent}#message", applications_path(&member, id))).into_response())
}

/// `POST …/report`: the published article reporting on the trip (or none).
pub async fn report(
    State(state): State<AppState>,
    member: Member,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    use crate::content::model::{self as content, kind, page_status};
    let event = organized(&state, &member, id).await?;
    let page_id = match Fields(pairs).get("page_id").parse::<i64>() {
        Ok(page_id) => {
            let page = content::page(&state.db, page_id).await?;
            let fits = page.is_some_and(|page| {
                page.organization_id == member.organization.id
                    && page.kind == kind::ARTICLE
                    && page.status == page_status::PUBLISHED
            });
            if !fits {
                return Err(AppError::BadRequest);
            }
            Some(page_id)
        }
        Err(_) => None,
    };
    delegations::set_report(&state.db, event.id, page_id).await?;
    content::touch(&state.db).await?;
    Ok(Redirect::to(&format!("{}#report", applications_path(&member, id))).into_response())
}

/// `POST …/organizers`: an admin makes a member an organizer of this delegation (`add`) or
/// no longer one (`remove`).
pub async fn organizers(
    State(state): State<AppState>,
    member: Member,
    headers: axum::http::HeaderMap,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    if !member.roles.contains(&Role::Admin) {
        return Err(AppError::Forbidden);
    }
    let event = load(&state, &member, id).await?;
    let fields = Fields(pairs);
    let back = Redirect::to(&format!("{}#organizers", applications_path(&member, id))).into_response();
    let (account_id, on) = match (fields.get("add").parse::<i64>(), fields.get("remove").parse::<i64>()) {
        (Ok(account), _) => (account, true),
        (_, Ok(account)) => (account, false),
        _ => return Ok(back),
    };
    let members = crate::auth::model::members(&state.db, member.organization.id).await?;
    if !members.iter().any(|m| m.account_id == account_id) {
        return Ok(back);
    }
    let txn = begin_write(&state.db).await?;
    delegations::set_organizer(&txn, &event, account_id, on).await?;
    let action = if on { "delegation.organizer-added" } else { "delegation.organizer-removed" };
    let subject = format!("account {account_id}, event {}", event.id);
    audit::record(&txn, member.organization.id, &actor(&member, &headers), action, &subject).await?;
    txn.commit().await?;
    Ok(back)
}

/// `POST …/retention`: days after a trip before applicants' sensitive answers are erased
/// (admins; one setting for the organization, shown on every delegation's page). Every
/// delegation is scheduled again.
pub async fn retention(
    State(state): State<AppState>,
    member: Member,
    headers: axum::http::HeaderMap,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    use crate::organizations::entities::organization;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    load(&state, &member, id).await?;
    let fields = Fields(pairs);
    let typed: String = fields.get("days").trim().chars().take(20).collect();
    let Some(days) = typed.parse::<i32>().ok().filter(|d| (retention::MIN_DAYS..=retention::MAX_DAYS).contains(d))
    else {
        let typed = Typed { days: Some(typed), days_problem: Some("events-retention-error"), ..Typed::default() };
        return render_list(&state, &member, &headers, id, None, typed).await;
    };
    let txn = begin_write(&state.db).await?;
    organization::Entity::update_many()
        .col_expr(organization::Column::DelegationRetentionDays, Expr::value(days))
        .col_expr(organization::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(organization::Column::Id.eq(member.organization.id))
        .exec(&txn)
        .await?;
    retention::schedule_all(&txn, member.organization.id, days).await?;
    let subject = format!("{days} days");
    audit::record(&txn, member.organization.id, &actor(&member, &headers), "delegation.retention-set", &subject)
        .await?;
    txn.commit().await?;
    Ok(Redirect::to(&format!("{}#retention", applications_path(&member, id))).into_response())
}

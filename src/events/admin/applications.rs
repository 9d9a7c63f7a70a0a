//! `/{lang}/admin/events/{id}/applications`: a delegation's applicants with their status and
//! checklist, the export, the message to all participants, the organizers, the trip report and
//! the retention setting; `…/applications/{application}`: one application, its decision and
//! checklist. Every member who manages events sees names and statuses; the sensitive answers
//! and every action are for the delegation's organizers and admins only.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};

use super::when;
use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::auth::pages::private_page;
use crate::auth::roles::Role;
use crate::error::AppError;
use crate::events::delegations::{self, Application, Sensitive, status};
use crate::events::model::{self, Event};
use crate::events::pages::zones;
use crate::fundraising::entities::gift;
use crate::fundraising::ledger;
use crate::fundraising::money::format_minor;
use crate::web::forms::CsrfToken;

#[derive(Serialize)]
struct Line {
    id: i64,
    name: String,
    email: String,
    language: String,
    status: String,
    deposit_paid: bool,
    passport_checked: bool,
    orientation_attended: bool,
}

#[derive(Serialize)]
struct OrganizerLine {
    account_id: i64,
    name: String,
    organizes: bool,
}

#[derive(Serialize)]
struct ArticleChoice {
    id: i64,
    title: String,
}

#[derive(Serialize)]
struct ListPage {
    #[serde(flatten)]
    frame: AdminFrame,
    id: i64,
    title: String,
    when: String,
    /// The visitor organizes this delegation (or is an admin): sensitive answers and actions.
    organizes: bool,
    admin: bool,
    applications: Vec<Line>,
    accepted: usize,
    organizers: Vec<OrganizerLine>,
    articles: Vec<ArticleChoice>,
    report_page_id: Option<i64>,
    retention_days: i32,
    /// A fresh key for the message form: submitting the same form twice sends once.
    message_key: String,
    /// After a message: how many participants it went to.
    sent: Option<usize>,
    typed: Typed,
}

pub async fn load(state: &AppState, member: &Member, id: i64) -> Result<Event, AppError> {
    model::find(&state.db, member.organization.id, id)
        .await?
        .filter(delegations::is_delegation)
        .ok_or(AppError::NotFound)
}

/// Whether this member organizes the delegation (admins always do).
pub async fn organizes(state: &AppState, member: &Member, event: &Event) -> Result<bool, AppError> {
    Ok(delegations::organizes(&state.db, event.id, member.account.id, &member.roles).await?)
}

/// A random key: 128 bits as hex.
pub fn random_key() -> Result<String, AppError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// After a message: how many participants it went to.
#[derive(Deserialize)]
pub struct After {
    sent: Option<usize>,
}

/// What the page shows again after a form with a problem.
#[derive(Default, Serialize)]
pub struct Typed {
    pub subject: String,
    pub body: String,
    /// Fluent key of the message form's problem.
    pub message_problem: Option<&'static str>,
    pub days: Option<String>,
    pub days_problem: Option<&'static str>,
}

pub async fn list(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    Path((_, id)): Path<(String, i64)>,
    Query(after): Query<After>,
) -> Result<Response, AppError> {
    render_list(&state, &member, &headers, id, after.sent, Typed::default()).await
}

/// The page; `typed` holds a form's text and problem to show again.
pub async fn render_list(
    state: &AppState,
    member: &Member,
    headers: &HeaderMap,
    id: i64,
    sent: Option<usize>,
    typed: Typed,
) -> Result<Response, AppError> {
    let event = load(state, member, id).await?;
    let csrf = CsrfToken::for_request(headers, state.config.is_https())?;
    let zones = zones(&state.db, &member.organization).await?;
    let organizes = organizes(state, member, &event).await?;
    let applications = delegations::of_event(&state.db, event.id).await?;
    let organizer_ids = delegations::organizers(&state.db, event.id).await?;
    let members = crate::auth::model::members(&state.db, member.organization.id).await?;
    let organizers = members
        .into_iter()
        .filter(|m| m.roles.contains(&Role::Organizer) || m.roles.contains(&Role::Admin))
        .map(|m| OrganizerLine {
            organizes: organizer_ids.contains(&m.account_id),
            account_id: m.account_id,
            name: if m.name.is_empty() { m.email } else { m.name },
        })
        .collect();
    let filter = crate::content::articles::Filter::default();
    let (articles, _) =
        crate::content::articles::published(&state.db, member.organization.id, member.lang, &filter, 1).await?;
    let page = ListPage {
        frame: AdminFrame::new(member, &format!("/events/{}/applications", event.id), csrf.token),
        id: event.id,
        title: model::title(&event, member.lang).0.to_owned(),
        when: when(member.lang, &event, &zones),
        organizes,
        admin: member.roles.contains(&Role::Admin),
        accepted: applications.iter().filter(|a| a.status == status::ACCEPTED).count(),
        applications: applications
            .into_iter()
            .map(|a| Line {
                id: a.id,
                name: a.name,
                email: a.email,
                language: a.language,
                status: a.status,
                deposit_paid: a.deposit_paid,
                passport_checked: a.passport_checked,
                orientation_attended: a.orientation_attended,
            })
            .collect(),
        organizers,
        articles: articles.into_iter().map(|a| ArticleChoice { id: a.page.id, title: a.shown.title }).collect(),
        report_page_id: event.report_page_id,
        retention_days: member.organization.delegation_retention_days,
        message_key: random_key()?,
        sent,
        typed,
    };
    let status = if page.typed.message_problem.is_some() || page.typed.days_problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let mut response = private_page(state.renderer.render("events/admin/applications.html", &page)?, [csrf.set_cookie]);
    *response.status_mut() = status;
    Ok(response)
}

#[derive(Serialize)]
struct GiftChoice {
    id: i64,
    label: String,
}

#[derive(Serialize)]
struct ShowPage {
    #[serde(flatten)]
    frame: AdminFrame,
    id: i64,
    title: String,
    application_id: i64,
    name: String,
    email: String,
    language: String,
    status: String,
    applied: String,
    organizes: bool,
    /// `None` when the visitor may not see them.
    sensitive: Option<Sensitive>,
    erased: bool,
    decisions: [&'static str; 3],
    deposit_paid: bool,
    deposit_gift_id: Option<i64>,
    passport_checked: bool,
    orientation_attended: bool,
    gifts: Vec<GiftChoice>,
}

/// The applicant's own gifts, newest first: the deposit may be one of them.
pub async fn gifts_of(state: &AppState, application: &Application) -> Result<Vec<gift::Model>, AppError> {
    Ok(gift::Entity::find()
        .filter(gift::Column::OrganizationId.eq(application.organization_id))
        .filter(gift::Column::SupporterId.eq(application.supporter_id))
        .filter(gift::Column::Kind.eq(ledger::kind::GIFT))
        .order_by_desc(gift::Column::ReceivedOn)
        .order_by_desc(gift::Column::Id)
        .all(&state.db)
        .await?)
}

pub async fn show(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    Path((_, id, application_id)): Path<(String, i64, i64)>,
) -> Result<Response, AppError> {
    let event = load(&state, &member, id).await?;
    let application = delegations::find(&state.db, event.id, application_id).await?.ok_or(AppError::NotFound)?;
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let organizes = organizes(&state, &member, &event).await?;
    let zone = crate::i18n::dates::zone(&member.organization.time_zone);
    let gifts = if organizes { gifts_of(&state, &application).await? } else { Vec::new() };
    let page = ShowPage {
        frame: AdminFrame::new(&member, &format!("/events/{id}/applications/{application_id}"), csrf.token),
        id: event.id,
        title: model::title(&event, member.lang).0.to_owned(),
        application_id: application.id,
        name: application.name.clone(),
        email: application.email.clone(),
        language: application.language.clone(),
        status: application.status.clone(),
        applied: crate::i18n::dates::long_date(member.lang, application.created_at, &zone),
        organizes,
        sensitive: organizes.then(|| Sensitive::of(&application)),
        erased: application.sensitive_erased_at.is_some(),
        decisions: status::DECISIONS,
        deposit_paid: application.deposit_paid,
        deposit_gift_id: application.deposit_gift_id,
        passport_checked: application.passport_checked,
        orientation_attended: application.orientation_attended,
        gifts: gifts
            .into_iter()
            .map(|g| GiftChoice {
                id: g.id,
                label: format!("{} · {} {}", g.received_on, format_minor(g.amount_minor, member.lang), g.currency),
            })
            .collect(),
    };
    Ok(private_page(state.renderer.render("events/admin/application.html", &page)?, [csrf.set_cookie]))
}

/// A delegation's accepted participants as CSV: names, emails, languages and checklists; with
/// `sensitive`, the answers too — only for its organizers and admins, and audited.
pub async fn export(
    state: &AppState,
    member: &Member,
    headers: &HeaderMap,
    event: &Event,
    sensitive: bool,
) -> Result<Vec<u8>, AppError> {
    if sensitive && !organizes(state, member, event).await? {
        return Err(AppError::Forbidden);
    }
    let lang = member.lang;
    let mut columns: Vec<&str> = vec![
        "events-admin-col-name",
        "events-admin-col-email",
        "events-admin-col-language",
        "events-checklist-deposit",
        "events-checklist-passport",
        "events-checklist-orientation",
    ];
    if sensitive {
        columns.extend(Sensitive::COLUMNS);
    }
    let mut writer = hermana_sheet::CsvWriter::new(Vec::new()).map_err(anyhow::Error::from)?;
    writer.write_row(columns.iter().map(|k| state.catalog.text(lang, k, None))).map_err(anyhow::Error::from)?;
    let mark = |on: bool| if on { "x".to_owned() } else { String::new() };
    let accepted: Vec<Application> = delegations::of_event(&state.db, event.id)
        .await?
        .into_iter()
        .filter(|a| a.status == status::ACCEPTED)
        .collect();
    for a in &accepted {
        let mut row = vec![
            a.name.clone(),
            a.email.clone(),
            a.language.clone(),
            mark(a.deposit_paid),
            mark(a.passport_checked),
            mark(a.orientation_attended),
        ];
        if sensitive {
            row.extend(Sensitive::of(a).values());
        }
        writer.write_row(row).map_err(anyhow::Error::from)?;
    }
    if sensitive {
        let actor = crate::audit::model::Actor {
            account_id: Some(member.account.id),
            request_id: crate::auth::session::request_id(headers),
        };
        let subject = format!("event {}: {} participants", event.id, accepted.len());
        crate::audit::model::record(
            &state.db,
            member.organization.id,
            &actor,
            "delegation.exported-sensitive",
            &subject,
        )
        .await?;
    }
    Ok(writer.into_inner().map_err(anyhow::Error::from)?)
}

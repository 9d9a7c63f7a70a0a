//! Erasing applicants' sensitive answers a set number of days after the trip
//! (`organizations.delegation_retention_days`, 90 unless changed). One durable job per
//! delegation and due time (`delegation_retention:{event}:{due}`), scheduled whenever the
//! delegation is saved, someone applies, or the setting changes. The job re-reads the trip's
//! end and the setting: when the due time moved later it schedules itself again for the new
//! time and erases nothing; when it is due, it empties every answer and stamps
//! `sensitive_erased_at`. Running it twice erases nothing twice.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};

use super::is_delegation;
use crate::audit::model::{self as audit, Actor};
use crate::events::entities::{application, event};
use crate::events::model::Event;
use crate::jobs::{self, Job, JobContext, JobError, NewJob};
use crate::organizations::model as organizations;

/// The job kind.
pub const KIND: &str = "delegation_retention";
/// The default, and the bounds an organization may choose between.
pub const DEFAULT_DAYS: i32 = 90;
pub const MIN_DAYS: i32 = 1;
pub const MAX_DAYS: i32 = 3650;

#[derive(Serialize, Deserialize)]
struct Payload {
    event_id: i64,
}

/// When the answers of `event`'s applicants are erased, keeping them `days` after the trip.
pub fn due(event: &Event, days: i32) -> DateTime<Utc> {
    event.ends_at + Duration::days(i64::from(days))
}

/// Schedules the erasure for the delegation's current end and the organization's setting
/// (once per due time).
pub async fn schedule(db: &impl ConnectionTrait, event: &Event, days: i32) -> Result<(), DbErr> {
    if !is_delegation(event) {
        return Ok(());
    }
    let due = due(event, days);
    let payload = serde_json::to_string(&Payload { event_id: event.id }).map_err(|e| DbErr::Custom(e.to_string()))?;
    let mut job = NewJob::new(event.organization_id, KIND, payload, format!("{KIND}:{}:{}", event.id, due.timestamp()));
    job.run_at = due;
    jobs::enqueue(db, job).await?;
    Ok(())
}

/// Schedules every delegation of an organization again (after the setting changed).
pub async fn schedule_all(db: &impl ConnectionTrait, organization_id: i64, days: i32) -> Result<(), DbErr> {
    let delegations = event::Entity::find()
        .filter(event::Column::OrganizationId.eq(organization_id))
        .filter(event::Column::Kind.eq(super::KIND))
        .all(db)
        .await?;
    for delegation in &delegations {
        schedule(db, delegation, days).await?;
    }
    Ok(())
}

/// Empties the sensitive answers of every application to `event_id` not yet erased;
/// returns how many were.
pub async fn erase(db: &impl ConnectionTrait, event_id: i64, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let none = Expr::value(Option::<String>::None);
    let result = application::Entity::update_many()
        .col_expr(application::Column::PassportName, none.clone())
        .col_expr(application::Column::DateOfBirth, none.clone())
        .col_expr(application::Column::EmergencyContact, none.clone())
        .col_expr(application::Column::DietaryNeeds, none.clone())
        .col_expr(application::Column::MedicalNeeds, none.clone())
        .col_expr(application::Column::SpanishLevel, none.clone())
        .col_expr(application::Column::Motivation, none)
        .col_expr(application::Column::SensitiveErasedAt, Expr::value(Some(now)))
        .col_expr(application::Column::UpdatedAt, Expr::value(now))
        .filter(application::Column::EventId.eq(event_id))
        .filter(application::Column::SensitiveErasedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// Erases the payload's delegation's answers when their time has come.
pub async fn run(context: &JobContext, job: &Job) -> Result<(), JobError> {
    let payload: Payload = serde_json::from_str(&job.payload).map_err(JobError::permanent)?;
    let db = &context.db;
    let Some(event) = event::Entity::find_by_id(payload.event_id).one(db).await? else { return Ok(()) };
    let Some(organization) = organizations::find(db, event.organization_id).await? else { return Ok(()) };
    let now = Utc::now();
    let due = due(&event, organization.delegation_retention_days);
    if due > now {
        // The trip moved or the setting grew: the job for the new time does the work.
        schedule(db, &event, organization.delegation_retention_days).await?;
        return Ok(());
    }
    let erased = erase(db, event.id, now).await?;
    if erased > 0 {
        let subject = format!("event {}: {erased} applications", event.id);
        audit::record(db, event.organization_id, &Actor::default(), "delegation.sensitive-erased", &subject).await?;
    }
    Ok(())
}

//! Reminders the day before: one durable job per event and start time
//! (`event_reminders:{event}:{start}`), due 24 hours before the start. Moving the event
//! schedules a new job for the new time; the old one finds the start changed and does nothing.
//! Each reminder is an outbox email keyed by registration and start time, so a job that runs
//! again after a crash or a restart queues nothing twice.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};
use serde::{Deserialize, Serialize};

use super::entities::event;
use super::mail::{self as event_mail, EventSite, Letter};
use super::model::Event;
use super::registrations::{self, status};
use crate::jobs::{self, Job, JobContext, JobError, NewJob};
use crate::organizations::model as organizations;
use crate::supporters::model as supporters;
use crate::web::origin::Origin;

/// The job kind.
pub const KIND: &str = "event_reminders";
/// How long before the start reminders go out.
pub const AHEAD: Duration = Duration::hours(24);

#[derive(Serialize, Deserialize)]
struct Payload {
    event_id: i64,
    /// The start (Unix seconds) the reminders are for.
    starts_at: i64,
}

/// Schedules the reminders of `event` for its current start (once per start time). Nothing
/// when the event is cancelled or the time to remind has passed.
pub async fn schedule(db: &impl ConnectionTrait, event: &Event) -> Result<(), DbErr> {
    let run_at = event.starts_at - AHEAD;
    if event.cancelled_at.is_some() || run_at <= Utc::now() {
        return Ok(());
    }
    let starts_at = event.starts_at.timestamp();
    let payload =
        serde_json::to_string(&Payload { event_id: event.id, starts_at }).map_err(|e| DbErr::Custom(e.to_string()))?;
    let mut job = NewJob::new(event.organization_id, KIND, payload, format!("{KIND}:{}:{starts_at}", event.id));
    job.run_at = run_at;
    jobs::enqueue(db, job).await?;
    Ok(())
}

/// Sends the reminders of the payload's event, if it still starts then and is not cancelled.
pub async fn run(context: &JobContext, job: &Job) -> Result<(), JobError> {
    let payload: Payload = serde_json::from_str(&job.payload).map_err(JobError::permanent)?;
    let db = &context.db;
    let Some(event) = event::Entity::find_by_id(payload.event_id).one(db).await? else { return Ok(()) };
    let now: DateTime<Utc> = Utc::now();
    if event.cancelled_at.is_some() || event.starts_at.timestamp() != payload.starts_at || event.starts_at <= now {
        return Ok(());
    }
    let Some(organization) = organizations::find(db, event.organization_id).await? else { return Ok(()) };
    let origin = Origin::of(&context.app.config, &axum::http::HeaderMap::new());
    let site = EventSite { base_url: origin.as_str().to_owned(), organization: &organization };
    for registration in registrations::of_event(db, event.id).await? {
        if registration.status != status::CONFIRMED {
            continue;
        }
        let Some(supporter) = supporters::find(db, event.organization_id, registration.supporter_id).await? else {
            continue;
        };
        if supporter.erased_at.is_some() {
            continue;
        }
        event_mail::send(db, &context.app, &site, &event, &registration, &supporter, Letter::Reminder).await?;
    }
    Ok(())
}

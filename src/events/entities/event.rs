//! `events`: a dated gathering of an organization.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    /// The event's address in both languages (`/es/eventos/{slug}`, `/en/events/{slug}`).
    pub slug: String,
    /// The iCalendar UID's unique part: random, never changes.
    pub uid: String,
    /// `talk`, `fundraiser`, `meeting`, `vigil`, `delegation` or `online`.
    pub kind: String,
    pub title_es: String,
    pub title_en: String,
    pub description_es: String,
    pub description_en: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Street address, as typed (may be empty).
    pub address: String,
    /// A link to a map of the place (may be empty).
    pub map_url: String,
    /// The meeting link, shown only to confirmed registrants (may be empty).
    pub online_url: String,
    /// Seats (a registration and its guests); `None` for no limit.
    pub capacity: Option<i32>,
    /// Confirmed seats; moved only by conditional updates.
    pub seats_taken: i32,
    pub registration_deadline: Option<DateTime<Utc>>,
    /// `public` or `members` (shown only to signed-in members of the organization).
    pub visibility: String,
    pub cover_media_id: Option<i64>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub cancel_message: Option<String>,
    /// The iCalendar SEQUENCE: 0 when created, one more at every edit or cancellation.
    pub sequence: i32,
    /// The article reporting on the trip (a delegation), linked once the event is over.
    pub report_page_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

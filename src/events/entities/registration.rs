//! `event_registrations`: one person's registration (with guests) to an event.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "event_registrations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub event_id: i64,
    pub supporter_id: i64,
    /// The name as typed in the form.
    pub name: String,
    /// Normalized, as typed in the form (the supporter record may change later).
    pub email: String,
    pub guests: i32,
    /// `es` or `en`: the registration's emails are written in it.
    pub language: String,
    /// Accessibility needs, as typed (may be empty).
    pub accessibility: String,
    /// `confirmed`, `waitlisted` or `cancelled`.
    pub status: String,
    pub checked_in_at: Option<DateTime<Utc>>,
    /// Added at the door by an organizer.
    pub walk_in: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

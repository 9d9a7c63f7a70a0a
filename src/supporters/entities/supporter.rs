//! `supporters`: one person in an organization's records, with or without an account.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "supporters")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub first_name: String,
    pub last_name: String,
    /// Trimmed, NFC, lower-case; unique per organization; `None` once erased or merged away.
    pub email: Option<String>,
    pub email_confirmed_at: Option<DateTime<Utc>>,
    pub phone: String,
    /// Street and number, as the person wrote it (several lines allowed).
    pub address: String,
    pub postal_code: String,
    pub place: String,
    /// `place` folded for filtering (lower-case, no accents).
    pub place_key: String,
    pub country: String,
    /// Preferred language, `es` or `en`: emails are written in it.
    pub language: String,
    /// Other languages spoken, codes separated by commas.
    pub other_languages: String,
    /// Whether the newest newsletter consent is a yes.
    pub newsletter: bool,
    /// Whether the newest event-announcements consent is a yes.
    pub events: bool,
    /// Names, email and phone folded for search (lower-case, no accents).
    pub search_text: String,
    /// "last first" folded, for sorting by name.
    pub sort_name: String,
    pub last_activity_at: DateTime<Utc>,
    /// Set when this record was merged into another: its page redirects there.
    pub merged_into_id: Option<i64>,
    /// Set when the person asked to be erased: personal fields are empty from then on.
    pub erased_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

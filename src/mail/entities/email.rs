//! `emails`: the outbox. Each email as rendered for its recipient, before and after sending.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "emails")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub to_address: String,
    pub to_name: Option<String>,
    /// The recipient's language, `es` or `en`: the whole message is in it.
    pub language: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: Option<String>,
    /// `<hash@domain>`, derived from the idempotency key: a resend carries the same id, so
    /// receivers can drop the copy.
    pub message_id: String,
    pub idempotency_key: String,
    /// `queued`, `sent` or `failed`.
    pub status: String,
    pub attempts: i32,
    pub sent_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// The `List-Unsubscribe` header value, for newsletters.
    pub list_unsubscribe: Option<String>,
    /// Extra headers as a JSON list of `[name, value]` pairs (e.g. `List-Unsubscribe`).
    pub headers: Option<String>,
    /// Attachments as a JSON list of [`crate::mail::model::Attachment`] (e.g. an event's `.ics`).
    pub attachments: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

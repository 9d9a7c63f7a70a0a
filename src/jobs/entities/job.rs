//! `jobs`: one unit of background work, with its lease, attempts and idempotency key.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    /// Which handler runs it, e.g. `send_email`.
    pub kind: String,
    /// The handler's input, as JSON.
    pub payload: String,
    /// Enqueueing a second job with the same key changes nothing.
    pub idempotency_key: String,
    /// `pending`, `running`, `done` or `failed`.
    pub status: String,
    /// How many times a worker has claimed it (also the claim's fencing token).
    pub attempts: i32,
    pub max_attempts: i32,
    /// Not claimed before this time (backoff after a failure).
    pub run_at: DateTime<Utc>,
    /// The lease: a `running` job whose lease has expired is claimable again.
    pub locked_until: Option<DateTime<Utc>>,
    pub locked_by: Option<String>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! `audit_entries`: who did what, when, through which request.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub account_id: Option<i64>,
    /// What happened, e.g. `sign-in.failed`, `member.role-added` (a Fluent key suffix).
    pub action: String,
    /// What it happened to, in words that need no translation (an email, a page title).
    pub subject: String,
    pub request_id: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

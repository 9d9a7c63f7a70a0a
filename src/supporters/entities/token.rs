//! `supporter_tokens`: a single-use link sent by email, or the short session it opened.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "supporter_tokens")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub supporter_id: i64,
    /// `confirm`, `details-link` or `details-session`.
    pub purpose: String,
    pub token_hash: String,
    /// JSON: what the link applies when used (the consents asked for in a sign-up).
    pub payload: String,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

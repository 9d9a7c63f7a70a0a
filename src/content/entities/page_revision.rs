//! `page_revisions`: every saved version of a translation, for history, diffs and restores.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "page_revisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub page_id: i64,
    pub language: String,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    /// Who saved it (`None` for the demo loader, or an account since deleted).
    pub account_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

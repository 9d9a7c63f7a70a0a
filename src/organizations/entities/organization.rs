//! `organizations`: committees, communities, the network and partners.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organizations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The body this one belongs to (a committee's network); `None` for the network itself.
    pub organization_id: Option<i64>,
    pub slug: String,
    pub kind: String,
    pub name: String,
    /// Acronym or short form for the header, e.g. `MASCP`.
    pub short_name: String,
    pub place: String,
    pub country: String,
    pub default_language: String,
    pub time_zone: String,
    pub website_url: Option<String>,
    pub host: Option<String>,
    /// Days after a delegation's trip before applicants' sensitive answers are erased.
    pub delegation_retention_days: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

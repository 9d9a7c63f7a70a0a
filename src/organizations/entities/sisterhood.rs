//! `sisterhoods`: the lasting pairing of a committee and a community.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sisterhoods")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The network whose directory lists this pairing.
    pub organization_id: i64,
    pub committee_id: i64,
    pub community_id: i64,
    pub started_year: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

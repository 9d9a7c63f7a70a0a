//! `consents`: every consent given or withdrawn, never updated; the newest row per kind is in force.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "consents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub supporter_id: i64,
    /// `newsletter` or `events`.
    pub kind: String,
    pub granted: bool,
    /// How it was given: `signup`, `my-details`, `unsubscribe`, `core-group`, `merge`.
    pub source: String,
    /// Free detail (who recorded it, from which form); emptied on erasure.
    pub detail: Option<String>,
    pub request_id: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

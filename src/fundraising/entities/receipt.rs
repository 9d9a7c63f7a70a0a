//! `receipts`: one per gift, with a number that never changes.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "receipts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub gift_id: i64,
    /// `R-{year}-{gift id, six digits}`: derived from the gift, so it is the same on every retry.
    pub number: String,
    pub language: String,
    /// The latest email sent with this receipt.
    pub email_id: Option<i64>,
    /// How many times it was sent (1, then one more per resend).
    pub sends: i32,
    pub created_at: DateTime<Utc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! `fund_transfers`: money sent from a fund to the community. Never updated; a mistake is
//! corrected by a new row (negative amounts) pointing at the original.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fund_transfers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub fund_id: i64,
    pub corrects_transfer_id: Option<i64>,
    pub sent_on: NaiveDate,
    /// What was sent, minor units.
    pub amount_minor: i64,
    /// Bank and exchange fees paid on top, minor units.
    pub fees_minor: i64,
    pub currency: String,
    /// What it paid for.
    pub purpose: String,
    /// A receipt or photo from the media library.
    pub media_id: Option<i64>,
    pub idempotency_key: String,
    pub account_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

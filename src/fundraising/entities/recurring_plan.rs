//! `recurring_plans`: a supporter's standing monthly or yearly gift, kept by Stripe as a
//! subscription; each payment is its own gift in the ledger.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recurring_plans")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub supporter_id: Option<i64>,
    pub stripe_customer_id: String,
    /// Unique: one plan per subscription, whichever event told of it first.
    pub stripe_subscription_id: String,
    pub amount_minor: i64,
    pub currency: String,
    /// `month` or `year`.
    pub interval: String,
    /// The fund each payment is designated to; `None` is general support.
    pub fund_id: Option<i64>,
    pub donor_name: String,
    pub donor_email: Option<String>,
    /// The language of the donor's receipts.
    pub language: String,
    pub dedication: Option<String>,
    /// The name shown publicly; `None` is anonymous.
    pub acknowledge_as: Option<String>,
    /// `active`, `past_due` or `cancelled` (final).
    pub status: String,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

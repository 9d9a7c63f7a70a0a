//! `gifts`: the ledger of money in. Rows are never updated; a refund or correction is a new
//! row pointing at the original, and a gift's value is the sum of both.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "gifts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    /// `gift`, `refund` or `correction` (see `model::kind`).
    pub kind: String,
    pub corrects_gift_id: Option<i64>,
    /// Minor units; negative for a refund.
    pub amount_minor: i64,
    pub currency: String,
    /// `card`, `check`, `cash`, `transfer`, `in_kind` (see `model::Method`).
    pub method: String,
    pub check_number: Option<String>,
    /// What an in-kind gift was.
    pub description: Option<String>,
    /// The fund the gift is designated to; `None` is general support.
    pub fund_id: Option<i64>,
    pub campaign_id: Option<i64>,
    pub batch_id: Option<i64>,
    pub supporter_id: Option<i64>,
    pub received_on: NaiveDate,
    pub donor_name: String,
    pub donor_email: Option<String>,
    /// The language of the donor's receipt.
    pub donor_language: String,
    /// "In memory of …", as the donor wrote it.
    pub dedication: Option<String>,
    /// The name shown publicly; `None` is anonymous.
    pub acknowledge_as: Option<String>,
    pub note: String,
    /// `hand`, `batch` or `stripe`.
    pub source: String,
    pub stripe_reference: Option<String>,
    /// Unique per organization: a form's submission token, a Stripe object id…
    pub idempotency_key: String,
    pub account_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

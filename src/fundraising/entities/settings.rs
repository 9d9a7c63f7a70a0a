//! `fundraising_settings`: what receipts say about the organization.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fundraising_settings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub legal_name: String,
    /// The U.S. Employer Identification Number, as written (`12-3456789`).
    pub ein: String,
    /// The statement on receipts (e.g. that no goods or services were provided).
    pub receipt_text_es: String,
    pub receipt_text_en: String,
    /// The currency of new gifts (ISO 4217).
    pub currency: String,
    /// How to give by check or transfer (mailing address, bank details), shown on the donate
    /// page when card payments are not configured.
    pub give_by_mail_es: String,
    pub give_by_mail_en: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! `delegation_applications`: one person's application to a delegation, with its checklist.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "delegation_applications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub event_id: i64,
    pub supporter_id: i64,
    /// The name as typed in the form.
    pub name: String,
    /// Normalized, as typed in the form.
    pub email: String,
    /// `es` or `en`: the application's emails are written in it.
    pub language: String,
    /// `applied`, `accepted`, `waitlisted` or `declined`.
    pub status: String,
    /// Sensitive (only the delegation's organizers and admins see them; erased after the trip).
    pub passport_name: Option<String>,
    /// `YYYY-MM-DD`.
    pub date_of_birth: Option<String>,
    pub emergency_contact: Option<String>,
    pub dietary_needs: Option<String>,
    pub medical_needs: Option<String>,
    /// `none`, `basic`, `conversational` or `fluent`.
    pub spanish_level: Option<String>,
    pub motivation: Option<String>,
    /// When the retention job erased the sensitive answers.
    pub sensitive_erased_at: Option<DateTime<Utc>>,
    pub deposit_paid: bool,
    /// The gift that paid the deposit, when it was recorded in the ledger.
    pub deposit_gift_id: Option<i64>,
    pub passport_checked: bool,
    pub orientation_attended: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

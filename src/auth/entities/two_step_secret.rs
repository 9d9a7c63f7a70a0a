//! `two_step_secrets`: An account's TOTP secret, encrypted, and the last step it accepted.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "two_step_secrets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: i64,
    /// The secret sealed with the installation's key (`auth::sealed`), never in clear.
    pub sealed_secret: String,
    /// When the first right code turned two-step on; `None` while it is being set up.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// The newest time step whose code was accepted.
    pub last_used_step: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! `supporter_import_suggestions`: a supporter an import created whose name and postal code
//! match an older record, for a person to look at and perhaps merge.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "supporter_import_suggestions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub import_id: i64,
    /// The line of the file.
    pub line: i32,
    /// The record the import created.
    pub supporter_id: i64,
    /// The older record it may be the same person as.
    pub existing_id: i64,
    pub created_at: DateTime<Utc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

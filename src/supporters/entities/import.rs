//! `supporter_imports`: one uploaded CSV file of supporters and the progress of its import.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "supporter_imports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    /// Who uploaded it (`None` from the command line).
    pub account_id: Option<i64>,
    pub file_name: String,
    /// How the file was read (`UTF-8`, `Windows-1252`…), for the preview.
    pub encoding: String,
    /// `,` or `;`.
    pub delimiter: String,
    /// Field key of each column (`email`, `first-name`…, empty when ignored), as JSON.
    pub mapping: String,
    /// The tool that wrote the file, when recognized (`Mailchimp`…), else empty.
    pub source: String,
    /// The language of the person who uploaded it: the rejected rows' reasons are in it.
    pub language: String,
    /// `mapping`, `ready`, `queued`, `running`, `done`, `failed`.
    pub status: String,
    /// The preview as JSON (counts and examples), computed before the import is committed.
    pub preview: Option<String>,
    pub total_rows: i32,
    /// The job's cursor: rows applied so far, in file order.
    pub processed_rows: i32,
    pub created_count: i32,
    pub matched_count: i32,
    pub rejected_count: i32,
    pub suggested_count: i32,
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! `pages`: lasting content pages; their text lives in `page_translations`.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    /// Stable internal name (`home`, `about`, …), never shown in URLs.
    pub key: String,
    pub layout: String,
    pub source_language: String,
    /// Place in the main navigation; `None` keeps the page out of it.
    pub menu_position: Option<i32>,
    /// `draft` (only the core group sees it) or `published`.
    pub status: String,
    /// The image link previews show (`og:image`), from the media library.
    pub cover_media_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

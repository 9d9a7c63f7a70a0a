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
    /// The navigation before `menu_items` (m0009_menus copied it there); no longer read.
    pub menu_position: Option<i32>,
    /// `draft` (only the core group sees it), `scheduled` (published by the job worker at
    /// `published_at`) or `published`.
    pub status: String,
    /// The image link previews show (`og:image`), from the media library.
    pub cover_media_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// `page` (lasting) or `article` (dated news, listed and in the feed).
    pub kind: String,
    /// An article's byline; empty for pages.
    pub author_name: String,
    /// When an article was (or will be) published.
    pub published_at: Option<DateTime<Utc>>,
    /// The working group an article belongs to, if any.
    pub working_group_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

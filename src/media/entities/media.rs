//! `media`: one image of the library, with its alt text in each language.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "media")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub alt_es: String,
    pub alt_en: String,
    /// Of the image as shown (after its EXIF orientation), before resizing.
    pub width: i32,
    pub height: i32,
    /// Counts replacements: page markup carries it (`?v=`) so browsers fetch a replaced image.
    pub version: i32,
    pub account_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! `media_variants`: the re-encoded bytes of an image at one width slot in one format.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "media_variants")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub media_id: i64,
    /// 480, 960 or 1600: the widest this variant may be (a narrower original keeps its width).
    pub slot: i32,
    /// `jpeg` or `webp`.
    pub format: String,
    pub width: i32,
    pub height: i32,
    pub bytes: Vec<u8>,
    pub etag: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

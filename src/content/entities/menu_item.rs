//! `menu_items`: One entry of an organization's navigation in one language.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "menu_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub language: String,
    /// Order in the menu, from 0.
    pub position: i32,
    /// The text shown; `None` shows the page's title (or "Home" for the home page).
    pub label: Option<String>,
    /// `page`, `articles` or `url` (`content::menus::kind`).
    pub target_kind: String,
    pub page_id: Option<i64>,
    pub url: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

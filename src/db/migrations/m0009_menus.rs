//! Menus chosen by the core group, per language (`menu_items`), replacing `pages.menu_position`.

use sea_orm_migration::prelude::*;

use super::columns::{big, big_null, fk, id, index, int, text, text_null, time};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0009_menus"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // An item points at a page (by id, so its slug in the menu's language is used and a new
        // slug never breaks the menu), a section of the site (`articles`), or an address. An
        // empty `label` shows the page's title.
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("menu_items"))
                    .col(id("id"))
                    .col(big("organization_id"))
                    .col(text("language"))
                    .col(int("position"))
                    .col(text_null("label"))
                    .col(text("target_kind"))
                    .col(big_null("page_id"))
                    .col(text_null("url"))
                    .col(time("created_at"))
                    .col(time("updated_at"))
                    .foreign_key(&mut fk("menu_items", "organization_id", "organizations"))
                    .foreign_key(&mut fk("menu_items", "page_id", "pages"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index("menu_items", "menu_items_menu", &["organization_id", "language", "position"]))
            .await?;
        // The navigation so far, in both languages, so every site keeps its menu.
        crate::content::menus::copy_menu_positions(manager.get_connection()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Alias::new("menu_items")).take()).await
    }
}

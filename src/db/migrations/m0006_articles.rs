//! Articles: dated pages with an author, tags and a working group, which may be scheduled.

use sea_orm_migration::prelude::*;

use super::columns::{big, fk, id, index, text, time_null};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0006_articles"
    }
}

/// One column per statement: SQLite adds a single column per `ALTER TABLE`.
async fn add(manager: &SchemaManager<'_>, table: &'static str, column: ColumnDef) -> Result<(), DbErr> {
    manager.alter_table(Table::alter().table(Alias::new(table)).add_column(column).take()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add(manager, "pages", ColumnDef::new(Alias::new("kind")).text().not_null().default("page").take()).await?;
        add(manager, "pages", ColumnDef::new(Alias::new("author_name")).text().not_null().default("").take()).await?;
        add(manager, "pages", time_null("published_at")).await?;
        // No foreign key: SQLite cannot add one to an existing table. The studio checks the
        // group belongs to the organization, and deleting a group clears it.
        add(manager, "pages", ColumnDef::new(Alias::new("working_group_id")).big_integer().null().take()).await?;
        manager
            .create_index(index("pages", "pages_articles", &["organization_id", "kind", "status", "published_at"]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("page_tags"))
                    .col(id("id"))
                    .col(big("organization_id"))
                    .col(big("page_id"))
                    .col(text("tag"))
                    .foreign_key(&mut fk("page_tags", "organization_id", "organizations"))
                    .foreign_key(&mut fk("page_tags", "page_id", "pages"))
                    .take(),
            )
            .await?;
        manager.create_index(index("page_tags", "page_tags_page", &["page_id", "tag"]).unique().take()).await?;
        manager.create_index(index("page_tags", "page_tags_tag", &["organization_id", "tag"])).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Alias::new("page_tags")).take()).await?;
        manager.drop_index(Index::drop().name("pages_articles").table(Alias::new("pages")).to_owned()).await?;
        for column in ["working_group_id", "published_at", "author_name", "kind"] {
            manager
                .alter_table(Table::alter().table(Alias::new("pages")).drop_column(Alias::new(column)).take())
                .await?;
        }
        Ok(())
    }
}

//! The content studio: page status (draft/published), revisions, and redirects from old slugs.

use sea_orm_migration::prelude::*;

use super::columns::{big, big_null, fk, id, index, text, time};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0003_content_studio"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Existing pages (the demo's) were public, so they start published.
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("pages"))
                    .add_column(ColumnDef::new(Alias::new("status")).text().not_null().default("published"))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("page_revisions"))
                    .col(id("id"))
                    .col(big("organization_id"))
                    .col(big("page_id"))
                    .col(text("language"))
                    .col(text("slug"))
                    .col(text("title"))
                    .col(text("summary"))
                    .col(text("body"))
                    .col(big_null("account_id"))
                    .col(time("created_at"))
                    .foreign_key(&mut fk("page_revisions", "organization_id", "organizations"))
                    .foreign_key(&mut fk("page_revisions", "page_id", "pages"))
                    .foreign_key(
                        &mut fk("page_revisions", "account_id", "accounts").on_delete(ForeignKeyAction::SetNull).take(),
                    )
                    .take(),
            )
            .await?;
        manager.create_index(index("page_revisions", "page_revisions_page", &["page_id", "language", "id"])).await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("slug_redirects"))
                    .col(id("id"))
                    .col(big("organization_id"))
                    .col(text("language"))
                    .col(text("slug"))
                    .col(big("page_id"))
                    .col(time("created_at"))
                    .foreign_key(&mut fk("slug_redirects", "organization_id", "organizations"))
                    .foreign_key(&mut fk("slug_redirects", "page_id", "pages"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("slug_redirects", "slug_redirects_slug", &["organization_id", "language", "slug"])
                    .unique()
                    .take(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Alias::new("slug_redirects")).take()).await?;
        manager.drop_table(Table::drop().table(Alias::new("page_revisions")).take()).await?;
        manager.alter_table(Table::alter().table(Alias::new("pages")).drop_column(Alias::new("status")).take()).await
    }
}

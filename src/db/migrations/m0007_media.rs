//! The media library: uploaded images (`media`), their re-encoded variants stored in the
//! database (`media_variants`, so every app node can serve them), and a page's cover image.

use sea_orm_migration::prelude::*;

use super::columns::{big, big_null, fk, id, index, int, text, time};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0007_media"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("media"))
                    .col(id("id"))
                    .col(big("organization_id"))
                    .col(text("alt_es"))
                    .col(text("alt_en"))
                    .col(int("width"))
                    .col(int("height"))
                    .col(int("version"))
                    .col(big_null("account_id"))
                    .col(time("created_at"))
                    .col(time("updated_at"))
                    .foreign_key(&mut fk("media", "organization_id", "organizations"))
                    .foreign_key(&mut fk("media", "account_id", "accounts").on_delete(ForeignKeyAction::SetNull).take())
                    .take(),
            )
            .await?;
        manager.create_index(index("media", "media_organization", &["organization_id", "id"])).await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("media_variants"))
                    .col(id("id"))
                    .col(big("organization_id"))
                    .col(big("media_id"))
                    .col(int("slot"))
                    .col(text("format"))
                    .col(int("width"))
                    .col(int("height"))
                    .col(ColumnDef::new(Alias::new("bytes")).blob().not_null())
                    .col(text("etag"))
                    .col(time("created_at"))
                    .foreign_key(&mut fk("media_variants", "organization_id", "organizations"))
                    .foreign_key(&mut fk("media_variants", "media_id", "media"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("media_variants", "media_variants_slot", &["media_id", "slot", "format"]).unique().take(),
            )
            .await?;
        // No foreign key: SQLite cannot add one to an existing table. Deleting an image that
        // is a cover is refused by the application, and an unknown id shows no image.
        manager
            .alter_table(Table::alter().table(Alias::new("pages")).add_column(big_null("cover_media_id")).take())
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Alias::new("pages")).drop_column(Alias::new("cover_media_id")).take())
            .await?;
        manager.drop_table(Table::drop().table(Alias::new("media_variants")).take()).await?;
        manager.drop_table(Table::drop().table(Alias::new("media")).take()).await
    }
}

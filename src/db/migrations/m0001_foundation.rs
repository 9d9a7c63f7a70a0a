//! Organizations, sisterhoods, working groups, pages, links and the cache version.

use sea_orm_migration::prelude::*;

use super::columns::{big, big_null, fk, id, index, int_null, text, text_null, time};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0001_foundation"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The root of every domain row. `organization_id` on an organization is the body it
        // belongs to (a committee's network), so the rule "every row has one" holds here too.
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("organizations"))
                    .col(id("id"))
                    .col(big_null("organization_id"))
                    .col(ColumnDef::new(Alias::new("slug")).text().not_null().unique_key())
                    .col(text("kind"))
                    .col(text("name"))
                    .col(text("short_name"))
                    .col(text("place"))
                    .col(text("country"))
                    .col(text("default_language"))
                    .col(text("time_zone"))
                    .col(text_null("website_url"))
                    .col(text_null("host"))
                    .col(time("created_at"))
                    .col(time("updated_at"))
                    .foreign_key(
                        &mut fk("organizations", "organization_id", "organizations")
                            .on_delete(ForeignKeyAction::SetNull)
                            .take(),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("sisterhoods"))
                    .col(id("id"))
                    .col(big("organization_id"))
                    .col(big("committee_id"))
                    .col(big("community_id"))
                    .col(int_null("started_year"))
                    .col(time("created_at"))
                    .col(time("updated_at"))
                    .foreign_key(&mut fk("sisterhoods", "organization_id", "organizations"))
                    .foreign_key(&mut fk("sisterhoods", "committee_id", "organizations"))
                    .foreign_key(&mut fk("sisterhoods", "community_id", "organizations"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index("sisterhoods", "sisterhoods_pair", &["committee_id", "community_id"]).unique().take())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("pages"))
                    .col(id("id"))
                    .col(big("organization_id"))
                    .col(text("key"))
                    .col(text("layout"))
                    .col(text("source_language"))
                    .col(int_null("menu_position"))
                    .col(time("created_at"))
                    .col(time("updated_at"))
                    .foreign_key(&mut fk("pages", "organization_id", "organizations"))
                    .take(),
            )
            .await?;
        manager.create_index(index("pages", "pages_key", &["organization_id", "key"]).unique().take()).await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("page_translations"))
                    .col(id("id"))
                    .col(big("organization_id"))
                    .col(big("page_id"))
                    .col(text("language"))
                    .col(text("slug"))
                    .col(text("title"))
                    .col(text("summary"))
                    .col(text("body"))
                    .col(text("status"))
                    .col(time("created_at"))
                    .col(time("updated_at"))
                    .foreign_key(&mut fk("page_translations", "organization_id", "organizations"))
                    .foreign_key(&mut fk("page_translations", "page_id", "pages"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("page_translations", "page_translations_slug", &["organization_id", "language", "slug"])
                    .unique()
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("page_translations", "page_translations_language", &["page_id", "language"]).unique().take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("working_groups"))
                    .col(id("id"))
                    .col(big("organization_id"))
                    .col(big("page_id"))
                    .col(ColumnDef::new(Alias::new("position")).integer().not_null())
                    .col(time("created_at"))
                    .col(time("updated_at"))
                    .foreign_key(&mut fk("working_groups", "organization_id", "organizations"))
                    .foreign_key(&mut fk("working_groups", "page_id", "pages"))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("links"))
                    .col(id("id"))
                    .col(big("organization_id"))
                    .col(text("key"))
                    .col(text("url"))
                    .col(ColumnDef::new(Alias::new("position")).integer().not_null())
                    .col(time("created_at"))
                    .col(time("updated_at"))
                    .foreign_key(&mut fk("links", "organization_id", "organizations"))
                    .take(),
            )
            .await?;
        manager.create_index(index("links", "links_key", &["organization_id", "key"]).unique().take()).await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("link_translations"))
                    .col(id("id"))
                    .col(big("organization_id"))
                    .col(big("link_id"))
                    .col(text("language"))
                    .col(text("title"))
                    .col(text("source"))
                    .col(text("status"))
                    .col(time("created_at"))
                    .col(time("updated_at"))
                    .foreign_key(&mut fk("link_translations", "organization_id", "organizations"))
                    .foreign_key(&mut fk("link_translations", "link_id", "links"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("link_translations", "link_translations_language", &["link_id", "language"]).unique().take(),
            )
            .await?;
        // One row: bumped by every content write so each app node knows when its page cache
        // is stale. Infrastructure, not domain data, so it has no organization_id.
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("cache_versions"))
                    .col(ColumnDef::new(Alias::new("id")).integer().not_null().primary_key())
                    .col(big("version"))
                    .col(time("changed_at"))
                    .take(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "cache_versions",
            "link_translations",
            "links",
            "working_groups",
            "page_translations",
            "pages",
            "sisterhoods",
            "organizations",
        ] {
            manager.drop_table(Table::drop().table(Alias::new(table)).take()).await?;
        }
        Ok(())
    }
}

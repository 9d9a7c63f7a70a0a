//! Supporters: the records, their consents (as history), interests, tags, notes, timeline,
//! single-use links, public-form attempts, segments; and extra headers on outbox emails.

use sea_orm_migration::prelude::*;

use super::columns::{big, big_null, fk, id, index, text, text_null, time, time_null};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0010_supporters"
    }
}

fn boolean(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name)).boolean().not_null().take()
}

fn table(name: &'static str) -> TableCreateStatement {
    Table::create().table(Alias::new(name)).col(id("id")).col(big("organization_id")).take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One person in an organization's records. `search_text` and `sort_name` are computed
        // in Rust (lower-case, accents removed) so both databases search and sort alike.
        // `newsletter`/`events` mirror the newest row of `consents` for fast filtering.
        manager
            .create_table(
                table("supporters")
                    .col(text("first_name"))
                    .col(text("last_name"))
                    .col(text_null("email"))
                    .col(time_null("email_confirmed_at"))
                    .col(text("phone"))
                    .col(text("address"))
                    .col(text("postal_code"))
                    .col(text("place"))
                    .col(text("place_key"))
                    .col(text("country"))
                    .col(text("language"))
                    .col(text("other_languages"))
                    .col(boolean("newsletter"))
                    .col(boolean("events"))
                    .col(text("search_text"))
                    .col(text("sort_name"))
                    .col(time("last_activity_at"))
                    .col(big_null("merged_into_id"))
                    .col(time_null("erased_at"))
                    .col(time("created_at"))
                    .col(time("updated_at"))
                    .foreign_key(&mut fk("supporters", "organization_id", "organizations"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index("supporters", "supporters_email", &["organization_id", "email"]).unique().take())
            .await?;
        for (name, columns) in [
            ("supporters_by_name", &["organization_id", "sort_name", "id"][..]),
            ("supporters_by_created", &["organization_id", "created_at", "id"]),
            ("supporters_by_activity", &["organization_id", "last_activity_at", "id"]),
            ("supporters_by_place", &["organization_id", "place_key"]),
        ] {
            manager.create_index(index("supporters", name, columns)).await?;
        }
        // Every consent given or withdrawn, never updated: the newest row per kind is in force.
        manager
            .create_table(
                table("consents")
                    .col(big("supporter_id"))
                    .col(text("kind"))
                    .col(boolean("granted"))
                    .col(text("source"))
                    .col(text_null("detail"))
                    .col(text_null("request_id"))
                    .col(time("created_at"))
                    .foreign_key(&mut fk("consents", "supporter_id", "supporters"))
                    .take(),
            )
            .await?;
        manager.create_index(index("consents", "consents_supporter", &["supporter_id", "kind", "id"])).await?;
        manager
            .create_table(
                table("supporter_interests")
                    .col(big("supporter_id"))
                    .col(text("interest"))
                    .col(time("created_at"))
                    .foreign_key(&mut fk("supporter_interests", "supporter_id", "supporters"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("supporter_interests", "supporter_interests_unique", &["supporter_id", "interest"])
                    .unique()
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                "supporter_interests",
                "supporter_interests_by_interest",
                &["interest", "supporter_id"],
            ))
            .await?;
        manager
            .create_table(
                table("tags")
                    .col(text("name"))
                    .col(text("name_key"))
                    .col(time("created_at"))
                    .foreign_key(&mut fk("tags", "organization_id", "organizations"))
                    .take(),
            )
            .await?;
        manager.create_index(index("tags", "tags_name", &["organization_id", "name_key"]).unique().take()).await?;
        manager
            .create_table(
                table("supporter_tags")
                    .col(big("supporter_id"))
                    .col(big("tag_id"))
                    .col(time("created_at"))
                    .foreign_key(&mut fk("supporter_tags", "supporter_id", "supporters"))
                    .foreign_key(&mut fk("supporter_tags", "tag_id", "tags"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index("supporter_tags", "supporter_tags_unique", &["supporter_id", "tag_id"]).unique().take())
            .await?;
        manager.create_index(index("supporter_tags", "supporter_tags_by_tag", &["tag_id", "supporter_id"])).await?;
        manager
            .create_table(
                table("supporter_notes")
                    .col(big("supporter_id"))
                    .col(big_null("account_id"))
                    .col(text("body"))
                    .col(time("created_at"))
                    .foreign_key(&mut fk("supporter_notes", "supporter_id", "supporters"))
                    .take(),
            )
            .await?;
        manager.create_index(index("supporter_notes", "supporter_notes_supporter", &["supporter_id", "id"])).await?;
        // The timeline: everything a supporter did with the organization, written by each
        // feature through `supporters::model::record_activity`.
        manager
            .create_table(
                table("supporter_activities")
                    .col(big("supporter_id"))
                    .col(text("kind"))
                    .col(text_null("reference"))
                    .col(time("occurred_at"))
                    .col(time("created_at"))
                    .foreign_key(&mut fk("supporter_activities", "supporter_id", "supporters"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                "supporter_activities",
                "supporter_activities_supporter",
                &["supporter_id", "occurred_at", "id"],
            ))
            .await?;
        // Single-use links sent by email (confirm a sign-up, open "my details") and the short
        // sessions they open; only the SHA-256 of each token is stored.
        manager
            .create_table(
                table("supporter_tokens")
                    .col(big("supporter_id"))
                    .col(text("purpose"))
                    .col(ColumnDef::new(Alias::new("token_hash")).text().not_null().unique_key())
                    .col(text("payload"))
                    .col(time("expires_at"))
                    .col(time_null("used_at"))
                    .col(time("created_at"))
                    .foreign_key(&mut fk("supporter_tokens", "supporter_id", "supporters"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                "supporter_tokens",
                "supporter_tokens_recent",
                &["supporter_id", "purpose", "created_at"],
            ))
            .await?;
        // Submissions of public forms, per salted client address, for rate limits.
        manager
            .create_table(
                table("form_attempts")
                    .col(text("form"))
                    .col(text("client_hash"))
                    .col(time("created_at"))
                    .foreign_key(&mut fk("form_attempts", "organization_id", "organizations"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index("form_attempts", "form_attempts_recent", &["form", "client_hash", "created_at"]))
            .await?;
        manager
            .create_table(
                table("segments")
                    .col(text("name"))
                    .col(text("name_key"))
                    .col(text("filter"))
                    .col(time("created_at"))
                    .col(time("updated_at"))
                    .foreign_key(&mut fk("segments", "organization_id", "organizations"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index("segments", "segments_name", &["organization_id", "name_key"]).unique().take())
            .await?;
        // Extra headers of an outbox email (JSON list of [name, value]), e.g. List-Unsubscribe.
        manager.alter_table(Table::alter().table(Alias::new("emails")).add_column(text_null("headers")).take()).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Alias::new("emails")).drop_column(Alias::new("headers")).take())
            .await?;
        for table in [
            "segments",
            "form_attempts",
            "supporter_tokens",
            "supporter_activities",
            "supporter_notes",
            "supporter_tags",
            "tags",
            "supporter_interests",
            "consents",
            "supporters",
        ] {
            manager.drop_table(Table::drop().table(Alias::new(table)).take()).await?;
        }
        Ok(())
    }
}

//! Events: the gatherings an organization holds, registrations to them (with a waitlist and
//! check-in), and attachments on outbox emails (an event's `.ics`).

use sea_orm_migration::prelude::*;

use super::columns::{big, big_null, fk, id, index, int, int_null, text, text_null, time, time_null};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0013_events"
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
        // One event. Times are UTC instants; they are typed and shown in the organization's
        // zone. `seats_taken` counts confirmed seats (a registration and its guests) and only
        // moves by conditional updates, so it never passes `capacity`. `sequence` is the
        // iCalendar SEQUENCE, raised by every edit; `uid` never changes.
        manager
            .create_table(
                table("events")
                    .col(text("slug"))
                    .col(ColumnDef::new(Alias::new("uid")).text().not_null().unique_key())
                    .col(text("kind"))
                    .col(text("title_es"))
                    .col(text("title_en"))
                    .col(text("description_es"))
                    .col(text("description_en"))
                    .col(time("starts_at"))
                    .col(time("ends_at"))
                    .col(text("address"))
                    .col(text("map_url"))
                    .col(text("online_url"))
                    .col(int_null("capacity"))
                    .col(int("seats_taken"))
                    .col(time_null("registration_deadline"))
                    .col(text("visibility"))
                    .col(big_null("cover_media_id"))
                    .col(time_null("cancelled_at"))
                    .col(text_null("cancel_message"))
                    .col(int("sequence"))
                    .col(time("created_at"))
                    .col(time("updated_at"))
                    .foreign_key(&mut fk("events", "organization_id", "organizations"))
                    .take(),
            )
            .await?;
        manager.create_index(index("events", "events_slug", &["organization_id", "slug"]).unique().take()).await?;
        manager.create_index(index("events", "events_by_start", &["organization_id", "starts_at", "id"])).await?;
        // One person's registration (with guests) to an event: `confirmed`, `waitlisted` or
        // `cancelled`. Name and email are kept as typed; `supporter_id` links the record.
        manager
            .create_table(
                table("event_registrations")
                    .col(big("event_id"))
                    .col(big("supporter_id"))
                    .col(text("name"))
                    .col(text("email"))
                    .col(int("guests"))
                    .col(text("language"))
                    .col(text("accessibility"))
                    .col(text("status"))
                    .col(time_null("checked_in_at"))
                    .col(boolean("walk_in"))
                    .col(time("created_at"))
                    .col(time("updated_at"))
                    .foreign_key(&mut fk("event_registrations", "event_id", "events"))
                    .foreign_key(&mut fk("event_registrations", "supporter_id", "supporters"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index("event_registrations", "event_registrations_by_event", &["event_id", "status", "id"]))
            .await?;
        manager
            .create_index(index(
                "event_registrations",
                "event_registrations_by_supporter",
                &["supporter_id", "event_id"],
            ))
            .await?;
        // Attachments of an outbox email: a JSON list of {filename, content_type, content}.
        manager
            .alter_table(Table::alter().table(Alias::new("emails")).add_column(text_null("attachments")).take())
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Alias::new("emails")).drop_column(Alias::new("attachments")).take())
            .await?;
        for table in ["event_registrations", "events"] {
            manager.drop_table(Table::drop().table(Alias::new(table)).take()).await?;
        }
        Ok(())
    }
}

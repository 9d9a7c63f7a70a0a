//! The durable job queue (`jobs`) and the email outbox (`emails`).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0002_jobs_and_mail"
    }
}

// Column helpers are copied rather than shared with m0001: a shipped migration must never
// change because a helper did.

fn id() -> ColumnDef {
    ColumnDef::new(Alias::new("id"))
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .take()
}

fn text(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name)).text().not_null().take()
}

fn text_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name)).text().null().take()
}

fn unique_text(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
        .text()
        .not_null()
        .unique_key()
        .take()
}

fn int(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name)).integer().not_null().take()
}

fn time(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
        .timestamp_with_time_zone()
        .not_null()
        .take()
}

fn time_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
        .timestamp_with_time_zone()
        .null()
        .take()
}

fn organization_fk(table: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(Alias::new(table), Alias::new("organization_id"))
        .to(Alias::new("organizations"), Alias::new("id"))
        .on_delete(ForeignKeyAction::Cascade)
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One row per unit of background work. `idempotency_key` makes enqueueing the same
        // work twice a no-op; `locked_until`/`locked_by` are the lease of the worker running it.
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("jobs"))
                    .col(id())
                    .col(
                        ColumnDef::new(Alias::new("organization_id"))
                            .big_integer()
                            .not_null(),
                    )
                    .col(text("kind"))
                    .col(text("payload"))
                    .col(unique_text("idempotency_key"))
                    .col(text("status"))
                    .col(int("attempts"))
                    .col(int("max_attempts"))
                    .col(time("run_at"))
                    .col(time_null("locked_until"))
                    .col(text_null("locked_by"))
                    .col(text_null("last_error"))
                    .col(time("created_at"))
                    .col(time("updated_at"))
                    .foreign_key(&mut organization_fk("jobs"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("jobs_due")
                    .table(Alias::new("jobs"))
                    .col(Alias::new("status"))
                    .col(Alias::new("run_at"))
                    .take(),
            )
            .await?;
        // The outbox: every email as rendered for its recipient, kept after sending.
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("emails"))
                    .col(id())
                    .col(
                        ColumnDef::new(Alias::new("organization_id"))
                            .big_integer()
                            .not_null(),
                    )
                    .col(text("to_address"))
                    .col(text_null("to_name"))
                    .col(text("language"))
                    .col(text("subject"))
                    .col(text("text_body"))
                    .col(text_null("html_body"))
                    .col(unique_text("message_id"))
                    .col(unique_text("idempotency_key"))
                    .col(text("status"))
                    .col(int("attempts"))
                    .col(time_null("sent_at"))
                    .col(text_null("last_error"))
                    .col(text_null("list_unsubscribe"))
                    .col(time("created_at"))
                    .col(time("updated_at"))
                    .foreign_key(&mut organization_fk("emails"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("emails_organization")
                    .table(Alias::new("emails"))
                    .col(Alias::new("organization_id"))
                    .col(Alias::new("created_at"))
                    .take(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["emails", "jobs"] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).take())
                .await?;
        }
        Ok(())
    }
}

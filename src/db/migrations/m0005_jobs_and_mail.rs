//! The durable job queue (`jobs`) and the email outbox (`emails`).

use sea_orm_migration::prelude::*;

use super::columns::{big, fk, id, index, int, text, text_null, time, time_null};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0005_jobs_and_mail"
    }
}

fn unique_text(name: &'static str) -> ColumnDef {
    text(name).unique_key().take()
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
                    .col(id("id"))
                    .col(big("organization_id"))
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
                    .foreign_key(&mut fk("jobs", "organization_id", "organizations"))
                    .take(),
            )
            .await?;
        manager.create_index(index("jobs", "jobs_due", &["status", "run_at"])).await?;
        // The outbox: every email as rendered for its recipient, kept after sending.
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("emails"))
                    .col(id("id"))
                    .col(big("organization_id"))
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
                    .foreign_key(&mut fk("emails", "organization_id", "organizations"))
                    .take(),
            )
            .await?;
        manager.create_index(index("emails", "emails_organization", &["organization_id", "created_at"])).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["emails", "jobs"] {
            manager.drop_table(Table::drop().table(Alias::new(table)).take()).await?;
        }
        Ok(())
    }
}

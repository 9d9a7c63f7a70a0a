//! Two-step sign-in: each account's TOTP secret (encrypted), its recovery codes (hashed), and
//! the sign-ins waiting for their second step.

use sea_orm_migration::prelude::*;

use super::columns::{big, big_null, fk, id, index, text, time, time_null};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0008_two_step"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One row per account that started turning two-step on; `confirmed_at` is set by the
        // first right code, and only then does sign-in ask for codes. `last_used_step` is the
        // newest 30-second step whose code was accepted: a code is never accepted twice.
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("two_step_secrets"))
                    .col(id("id"))
                    .col(ColumnDef::new(Alias::new("account_id")).big_integer().not_null().unique_key())
                    .col(text("sealed_secret"))
                    .col(time_null("confirmed_at"))
                    .col(big_null("last_used_step"))
                    .col(time("created_at"))
                    .col(time("updated_at"))
                    .foreign_key(&mut fk("two_step_secrets", "account_id", "accounts"))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("recovery_codes"))
                    .col(id("id"))
                    .col(big("account_id"))
                    .col(text("code_hash"))
                    .col(time_null("used_at"))
                    .col(time("created_at"))
                    .foreign_key(&mut fk("recovery_codes", "account_id", "accounts"))
                    .take(),
            )
            .await?;
        manager.create_index(index("recovery_codes", "recovery_codes_account", &["account_id", "code_hash"])).await?;
        // A password that was right, waiting for its code: only the token's hash is kept, and
        // it works once, for a few minutes, on any node.
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("pending_sign_ins"))
                    .col(id("id"))
                    .col(ColumnDef::new(Alias::new("token_hash")).text().not_null().unique_key())
                    .col(big("account_id"))
                    .col(text("next_path"))
                    .col(time("expires_at"))
                    .col(time_null("used_at"))
                    .col(time("created_at"))
                    .foreign_key(&mut fk("pending_sign_ins", "account_id", "accounts"))
                    .take(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["pending_sign_ins", "recovery_codes", "two_step_secrets"] {
            manager.drop_table(Table::drop().table(Alias::new(table)).take()).await?;
        }
        Ok(())
    }
}

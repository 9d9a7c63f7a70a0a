//! Accounts, memberships, sessions, sign-in attempts, invitations, password resets, audit log.
//!
//! `accounts` and `sessions` are people and their logins, not an organization's data, so they
//! carry no `organization_id`; what a person may do in an organization lives in `memberships`.

use sea_orm_migration::prelude::*;

use super::columns::{big, big_null, fk, id, index, text, text_null, time};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0002_accounts"
    }
}

fn time_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name)).timestamp_with_time_zone().null().take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("accounts"))
                    .col(id("id"))
                    .col(ColumnDef::new(Alias::new("email")).text().not_null().unique_key())
                    .col(text("name"))
                    .col(text_null("password_hash"))
                    .col(text("language"))
                    .col(time("created_at"))
                    .col(time("updated_at"))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("memberships"))
                    .col(id("id"))
                    .col(big("organization_id"))
                    .col(big("account_id"))
                    .col(text("role"))
                    .col(time("created_at"))
                    .col(time("updated_at"))
                    .foreign_key(&mut fk("memberships", "organization_id", "organizations"))
                    .foreign_key(&mut fk("memberships", "account_id", "accounts"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("memberships", "memberships_role", &["organization_id", "account_id", "role"]).unique().take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("sessions"))
                    .col(id("id"))
                    .col(ColumnDef::new(Alias::new("token_hash")).text().not_null().unique_key())
                    .col(big("account_id"))
                    .col(time("created_at"))
                    .col(time("last_seen_at"))
                    .col(time("expires_at"))
                    .foreign_key(&mut fk("sessions", "account_id", "accounts"))
                    .take(),
            )
            .await?;
        manager.create_index(index("sessions", "sessions_account", &["account_id"])).await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("sign_in_attempts"))
                    .col(id("id"))
                    .col(big_null("account_id"))
                    .col(text("client_hash"))
                    .col(ColumnDef::new(Alias::new("succeeded")).boolean().not_null())
                    .col(time("created_at"))
                    .foreign_key(&mut fk("sign_in_attempts", "account_id", "accounts"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index("sign_in_attempts", "sign_in_attempts_account", &["account_id", "created_at"]))
            .await?;
        manager
            .create_index(index("sign_in_attempts", "sign_in_attempts_client", &["client_hash", "created_at"]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("invitations"))
                    .col(id("id"))
                    .col(big("organization_id"))
                    .col(text("email"))
                    .col(text("role"))
                    .col(text("language"))
                    .col(ColumnDef::new(Alias::new("token_hash")).text().not_null().unique_key())
                    .col(big_null("invited_by"))
                    .col(time("expires_at"))
                    .col(time_null("accepted_at"))
                    .col(time_null("revoked_at"))
                    .col(time("created_at"))
                    .col(time("updated_at"))
                    .foreign_key(&mut fk("invitations", "organization_id", "organizations"))
                    .foreign_key(
                        &mut fk("invitations", "invited_by", "accounts").on_delete(ForeignKeyAction::SetNull).take(),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("password_resets"))
                    .col(id("id"))
                    .col(big("account_id"))
                    .col(ColumnDef::new(Alias::new("token_hash")).text().not_null().unique_key())
                    .col(time("expires_at"))
                    .col(time_null("used_at"))
                    .col(time("created_at"))
                    .foreign_key(&mut fk("password_resets", "account_id", "accounts"))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("audit_entries"))
                    .col(id("id"))
                    .col(big("organization_id"))
                    .col(big_null("account_id"))
                    .col(text("action"))
                    .col(text("subject"))
                    .col(text_null("request_id"))
                    .col(time("created_at"))
                    .foreign_key(&mut fk("audit_entries", "organization_id", "organizations"))
                    .foreign_key(
                        &mut fk("audit_entries", "account_id", "accounts").on_delete(ForeignKeyAction::SetNull).take(),
                    )
                    .take(),
            )
            .await?;
        manager.create_index(index("audit_entries", "audit_entries_time", &["organization_id", "created_at"])).await?;
        // Per-installation secrets (the salt for hashing client addresses), created on first use.
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("instance_secrets"))
                    .col(ColumnDef::new(Alias::new("name")).text().not_null().primary_key())
                    .col(text("value"))
                    .col(time("created_at"))
                    .take(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "instance_secrets",
            "audit_entries",
            "password_resets",
            "invitations",
            "sign_in_attempts",
            "sessions",
            "memberships",
            "accounts",
        ] {
            manager.drop_table(Table::drop().table(Alias::new(table)).take()).await?;
        }
        Ok(())
    }
}

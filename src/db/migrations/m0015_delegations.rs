//! Delegations: applications to a trip (with fields only the delegation's organizers see,
//! erased some days after the trip), who organizes which delegation, the trip report, and
//! how long an organization keeps applicants' sensitive answers.

use sea_orm_migration::prelude::*;

use super::columns::{big, big_null, fk, id, index, text, text_null, time, time_null};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0015_delegations"
    }
}

fn boolean(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name)).boolean().not_null().take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One person's application to a delegation (an event of kind `delegation`): `applied`,
        // `accepted`, `waitlisted` or `declined`. The sensitive answers are nullable: the
        // retention job empties them and stamps `sensitive_erased_at`. The checklist is the
        // last four columns; `deposit_gift_id` points into the gift ledger when the deposit
        // came in as a recorded gift.
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("delegation_applications"))
                    .col(id("id"))
                    .col(big("organization_id"))
                    .col(big("event_id"))
                    .col(big("supporter_id"))
                    .col(text("name"))
                    .col(text("email"))
                    .col(text("language"))
                    .col(text("status"))
                    .col(text_null("passport_name"))
                    .col(text_null("date_of_birth"))
                    .col(text_null("emergency_contact"))
                    .col(text_null("dietary_needs"))
                    .col(text_null("medical_needs"))
                    .col(text_null("spanish_level"))
                    .col(text_null("motivation"))
                    .col(time_null("sensitive_erased_at"))
                    .col(boolean("deposit_paid"))
                    .col(big_null("deposit_gift_id"))
                    .col(boolean("passport_checked"))
                    .col(boolean("orientation_attended"))
                    .col(time("created_at"))
                    .col(time("updated_at"))
                    .foreign_key(&mut fk("delegation_applications", "organization_id", "organizations"))
                    .foreign_key(&mut fk("delegation_applications", "event_id", "events"))
                    .foreign_key(&mut fk("delegation_applications", "supporter_id", "supporters"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("delegation_applications", "delegation_applications_one_each", &["event_id", "supporter_id"])
                    .unique()
                    .take(),
            )
            .await?;
        // Which members organize which delegation (admins always may).
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("delegation_organizers"))
                    .col(id("id"))
                    .col(big("organization_id"))
                    .col(big("event_id"))
                    .col(big("account_id"))
                    .col(time("created_at"))
                    .foreign_key(&mut fk("delegation_organizers", "organization_id", "organizations"))
                    .foreign_key(&mut fk("delegation_organizers", "event_id", "events"))
                    .foreign_key(&mut fk("delegation_organizers", "account_id", "accounts"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("delegation_organizers", "delegation_organizers_one_each", &["event_id", "account_id"])
                    .unique()
                    .take(),
            )
            .await?;
        // The article reporting on the trip, linked from the event once it is over.
        manager
            .alter_table(Table::alter().table(Alias::new("events")).add_column(big_null("report_page_id")).take())
            .await?;
        // Days after a trip before applicants' sensitive answers are erased.
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("organizations"))
                    .add_column(
                        ColumnDef::new(Alias::new("delegation_retention_days")).integer().not_null().default(90).take(),
                    )
                    .take(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("organizations"))
                    .drop_column(Alias::new("delegation_retention_days"))
                    .take(),
            )
            .await?;
        manager
            .alter_table(Table::alter().table(Alias::new("events")).drop_column(Alias::new("report_page_id")).take())
            .await?;
        for table in ["delegation_organizers", "delegation_applications"] {
            manager.drop_table(Table::drop().table(Alias::new(table)).take()).await?;
        }
        Ok(())
    }
}

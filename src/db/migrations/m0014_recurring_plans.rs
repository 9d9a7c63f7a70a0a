//! Giving online: recurring plans (a supporter's monthly or yearly gift, kept by Stripe as a
//! subscription) and the "give by check or transfer" instructions shown when Stripe is not
//! configured.

use sea_orm_migration::prelude::*;

use super::columns::{big, big_null, fk, id, index, text, text_null, time, time_null};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0014_recurring_plans"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One recurring plan per Stripe subscription, whichever webhook event told us of it
        // first. `status` is `active`, `past_due` or `cancelled` (final).
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("recurring_plans"))
                    .col(id("id"))
                    .col(big("organization_id"))
                    .col(big_null("supporter_id"))
                    .col(text("stripe_customer_id"))
                    .col(text("stripe_subscription_id"))
                    .col(big("amount_minor"))
                    .col(text("currency"))
                    .col(text("interval"))
                    .col(big_null("fund_id"))
                    .col(text("donor_name"))
                    .col(text_null("donor_email"))
                    .col(text("language"))
                    .col(text_null("dedication"))
                    .col(text_null("acknowledge_as"))
                    .col(text("status"))
                    .col(time_null("cancelled_at"))
                    .col(time("created_at"))
                    .col(time("updated_at"))
                    .foreign_key(&mut fk("recurring_plans", "organization_id", "organizations"))
                    .foreign_key(
                        &mut fk("recurring_plans", "supporter_id", "supporters")
                            .on_delete(ForeignKeyAction::SetNull)
                            .take(),
                    )
                    .foreign_key(
                        &mut fk("recurring_plans", "fund_id", "funds").on_delete(ForeignKeyAction::Restrict).take(),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("recurring_plans", "recurring_plans_subscription", &["stripe_subscription_id"]).unique().take(),
            )
            .await?;
        manager
            .create_index(index("recurring_plans", "recurring_plans_by_supporter", &["supporter_id", "id"]).take())
            .await?;
        for column in ["give_by_mail_es", "give_by_mail_en"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("fundraising_settings"))
                        .add_column(ColumnDef::new(Alias::new(column)).text().not_null().default(""))
                        .take(),
                )
                .await?;
        }
        Ok(())
    }
}

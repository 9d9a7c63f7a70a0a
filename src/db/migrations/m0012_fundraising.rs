//! Fundraising: settings for receipts, funds, campaigns, the gift ledger (refunds and
//! corrections are new rows), deposit slips, transfers out of a fund, receipts, and the Stripe
//! events already handled. Money is integer minor units with an ISO currency code.

use sea_orm_migration::prelude::*;

use super::columns::{big, big_null, fk, id, index, int, text, text_null, time};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0012_fundraising"
    }
}

fn table(name: &'static str) -> TableCreateStatement {
    Table::create()
        .table(Alias::new(name))
        .col(id("id"))
        .col(big("organization_id"))
        .foreign_key(&mut fk(name, "organization_id", "organizations"))
        .take()
}

fn date(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name)).date().not_null().take()
}

fn date_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name)).date().null().take()
}

/// A reference that must survive the row it points to being merged or erased: the ledger
/// keeps its rows whatever happens to a supporter record.
fn keep(table: &'static str, column: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(Alias::new(table), Alias::new(column))
        .to(Alias::new(to), Alias::new("id"))
        .on_delete(ForeignKeyAction::SetNull)
        .take()
}

/// A reference inside the ledger: the row pointed to can never be deleted.
fn restrict(table: &'static str, column: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(Alias::new(table), Alias::new(column))
        .to(Alias::new(to), Alias::new("id"))
        .on_delete(ForeignKeyAction::Restrict)
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // What receipts say about the organization: one row per organization.
        manager
            .create_table(
                table("fundraising_settings")
                    .col(text("legal_name"))
                    .col(text("ein"))
                    .col(text("receipt_text_es"))
                    .col(text("receipt_text_en"))
                    .col(text("currency"))
                    .col(time("updated_at"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("fundraising_settings", "fundraising_settings_organization", &["organization_id"])
                    .unique()
                    .take(),
            )
            .await?;
        manager
            .create_table(
                table("funds")
                    .col(text("slug"))
                    .col(text("name_es"))
                    .col(text("name_en"))
                    .col(text("description_es"))
                    .col(text("description_en"))
                    .col(text("currency"))
                    .col(time("created_at"))
                    .col(time("updated_at"))
                    .take(),
            )
            .await?;
        manager.create_index(index("funds", "funds_slug", &["organization_id", "slug"]).unique().take()).await?;
        manager
            .create_table(
                table("campaigns")
                    .col(text("slug"))
                    .col(text("name_es"))
                    .col(text("name_en"))
                    .col(big("goal_minor"))
                    .col(text("currency"))
                    .col(date("starts_on"))
                    .col(date_null("ends_on"))
                    .col(time("created_at"))
                    .col(time("updated_at"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index("campaigns", "campaigns_slug", &["organization_id", "slug"]).unique().take())
            .await?;
        // A deposit slip: several checks entered together, whose total had to match.
        manager
            .create_table(
                table("gift_batches")
                    .col(date("deposited_on"))
                    .col(big("total_minor"))
                    .col(text("currency"))
                    .col(int("gift_count"))
                    .col(big_null("account_id"))
                    .col(text("idempotency_key"))
                    .col(time("created_at"))
                    .foreign_key(&mut keep("gift_batches", "account_id", "accounts"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("gift_batches", "gift_batches_idempotency", &["organization_id", "idempotency_key"])
                    .unique()
                    .take(),
            )
            .await?;
        // The ledger of money in. Never updated: a refund or a correction is a new row
        // (`corrects_gift_id`) whose amount is added to the original's.
        manager
            .create_table(
                table("gifts")
                    .col(text("kind"))
                    .col(big_null("corrects_gift_id"))
                    .col(big("amount_minor"))
                    .col(text("currency"))
                    .col(text("method"))
                    .col(text_null("check_number"))
                    .col(text_null("description"))
                    .col(big_null("fund_id"))
                    .col(big_null("campaign_id"))
                    .col(big_null("batch_id"))
                    .col(big_null("supporter_id"))
                    .col(date("received_on"))
                    .col(text("donor_name"))
                    .col(text_null("donor_email"))
                    .col(text("donor_language"))
                    .col(text_null("dedication"))
                    .col(text_null("acknowledge_as"))
                    .col(text("note"))
                    .col(text("source"))
                    .col(text_null("stripe_reference"))
                    .col(text("idempotency_key"))
                    .col(big_null("account_id"))
                    .col(time("created_at"))
                    .foreign_key(&mut restrict("gifts", "corrects_gift_id", "gifts"))
                    .foreign_key(&mut restrict("gifts", "fund_id", "funds"))
                    .foreign_key(&mut restrict("gifts", "campaign_id", "campaigns"))
                    .foreign_key(&mut restrict("gifts", "batch_id", "gift_batches"))
                    .foreign_key(&mut keep("gifts", "supporter_id", "supporters"))
                    .foreign_key(&mut keep("gifts", "account_id", "accounts"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index("gifts", "gifts_idempotency", &["organization_id", "idempotency_key"]).unique().take())
            .await?;
        for (name, columns) in [
            ("gifts_by_date", &["organization_id", "received_on", "id"][..]),
            ("gifts_by_fund", &["fund_id", "id"]),
            ("gifts_by_campaign", &["campaign_id", "id"]),
            ("gifts_by_supporter", &["supporter_id", "id"]),
            ("gifts_by_original", &["corrects_gift_id"]),
        ] {
            manager.create_index(index("gifts", name, columns)).await?;
        }
        // The ledger of money out of a fund: what reached the community, and the fees.
        manager
            .create_table(
                table("fund_transfers")
                    .col(big("fund_id"))
                    .col(big_null("corrects_transfer_id"))
                    .col(date("sent_on"))
                    .col(big("amount_minor"))
                    .col(big("fees_minor"))
                    .col(text("currency"))
                    .col(text("purpose"))
                    .col(big_null("media_id"))
                    .col(text("idempotency_key"))
                    .col(big_null("account_id"))
                    .col(time("created_at"))
                    .foreign_key(&mut restrict("fund_transfers", "fund_id", "funds"))
                    .foreign_key(&mut restrict("fund_transfers", "corrects_transfer_id", "fund_transfers"))
                    .foreign_key(&mut keep("fund_transfers", "media_id", "media"))
                    .foreign_key(&mut keep("fund_transfers", "account_id", "accounts"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("fund_transfers", "fund_transfers_idempotency", &["organization_id", "idempotency_key"])
                    .unique()
                    .take(),
            )
            .await?;
        manager.create_index(index("fund_transfers", "fund_transfers_by_fund", &["fund_id", "sent_on", "id"])).await?;
        // One receipt per gift, with a number that never changes.
        manager
            .create_table(
                table("receipts")
                    .col(big("gift_id"))
                    .col(text("number"))
                    .col(text("language"))
                    .col(big_null("email_id"))
                    .col(int("sends"))
                    .col(time("created_at"))
                    .foreign_key(&mut restrict("receipts", "gift_id", "gifts"))
                    .take(),
            )
            .await?;
        manager.create_index(index("receipts", "receipts_gift", &["gift_id"]).unique().take()).await?;
        manager
            .create_index(index("receipts", "receipts_number", &["organization_id", "number"]).unique().take())
            .await?;
        // Stripe events already handled: each id once, whatever the order or repetition.
        manager
            .create_table(table("stripe_events").col(text("event_id")).col(text("kind")).col(time("created_at")).take())
            .await?;
        manager.create_index(index("stripe_events", "stripe_events_id", &["event_id"]).unique().take()).await?;
        Ok(())
    }
}

//! Stripe webhook events, each handled exactly once: the event id goes into `stripe_events`
//! in the same transaction as everything it records (the gift, its receipt in the outbox, the
//! plan), so a repeated delivery finds the id and does nothing, and a crash leaves all of it or
//! none. Events may come in any order: a plan is upserted by whichever event names it first,
//! and every gift's idempotency key is the Stripe object it came from.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect, Set};
use serde_json::Value;

use super::metadata::Metadata;
use crate::app::AppState;
use crate::audit::model as audit;
use crate::fundraising::entities::{gift, stripe_event};
use crate::fundraising::giving;
use crate::fundraising::ledger::{self, Gift, Method, NewGift, kind, source};
use crate::fundraising::money::{Currency, format_minor};
use crate::fundraising::plans::{self, PlanDetails, status};
use crate::i18n::Lang;
use crate::organizations::entities::organization;
use crate::organizations::model::Organization;

/// What became of an event.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Handled now (or of a kind Hermana ignores).
    Handled,
    /// Already handled: a repeated delivery.
    Repeated,
    /// It needs something not recorded yet (a refund of a gift whose payment has not arrived):
    /// nothing is kept, and Stripe delivers it again later.
    NotYet,
}

/// Handles `event` once.
pub async fn handle(state: &AppState, organization: &Organization, event: &Value) -> anyhow::Result<Outcome> {
    let id = event["id"].as_str().ok_or_else(|| anyhow::anyhow!("an event without an id"))?;
    let kind = event["type"].as_str().unwrap_or_default();
    // SQLite: take the write lock first, so concurrent deliveries queue instead of failing.
    let txn = crate::db::begin_write(&state.db).await?;
    // PostgreSQL: one organization's events one at a time (SQLite's immediate transaction
    // already holds the database). Events of one donor race otherwise: an `invoice.paid` and
    // its `checkout.session.completed` would both create the donor's supporter record.
    organization::Entity::find_by_id(organization.id).lock_exclusive().one(&txn).await?;
    let seen = stripe_event::ActiveModel {
        organization_id: Set(organization.id),
        event_id: Set(id.to_owned()),
        kind: Set(kind.chars().take(100).collect()),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    // On PostgreSQL a concurrent delivery of the same id waits here until the first commits.
    let inserted = stripe_event::Entity::insert(seen)
        .on_conflict(sea_orm::sea_query::OnConflict::column(stripe_event::Column::EventId).do_nothing().to_owned())
        .exec(&txn)
        .await;
    match inserted {
        Ok(_) => {}
        Err(sea_orm::DbErr::RecordNotInserted) => {
            txn.commit().await?;
            return Ok(Outcome::Repeated);
        }
        Err(other) => return Err(other.into()),
    }
    let object = &event["data"]["object"];
    let on = event["created"].as_i64().and_then(|s| DateTime::from_timestamp(s, 0)).unwrap_or_else(Utc::now);
    let outcome = match kind {
        "checkout.session.completed" => checkout_completed(&txn, state, organization, object, on).await?,
        "invoice.paid" => invoice_paid(&txn, state, organization, object, on).await?,
        "invoice.payment_failed" => {
            plan_status(&txn, organization, object, subscription_of_invoice, status::PAST_DUE, on).await?
        }
        "customer.subscription.deleted" => {
            plan_status(&txn, organization, object, |o| o["id"].as_str(), status::CANCELLED, on).await?
        }
        "charge.refunded" => charge_refunded(&txn, organization, object).await?,
        _ => Outcome::Handled,
    };
    if outcome == Outcome::NotYet {
        txn.rollback().await?;
    } else {
        txn.commit().await?;
    }
    Ok(outcome)
}

fn currency(object: &Value) -> Currency {
    object["currency"].as_str().and_then(|c| Currency::from_code(&c.to_uppercase())).unwrap_or(Currency::USD)
}

fn text(value: &Value) -> Option<String> {
    value.as_str().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// The gift a Stripe payment becomes.
fn new_gift(
    metadata: &Metadata,
    amount_minor: i64,
    currency: Currency,
    email: Option<String>,
    on: NaiveDate,
) -> NewGift {
    NewGift {
        amount_minor,
        currency,
        method: Method::Card,
        check_number: None,
        description: None,
        fund_id: metadata.fund_id,
        campaign_id: metadata.campaign_id,
        supporter_id: None,
        received_on: on,
        donor_name: metadata.name.clone(),
        donor_email: email.and_then(|e| crate::auth::model::normalize_email(&e)),
        donor_language: metadata.lang.code().to_owned(),
        dedication: metadata.dedication.clone(),
        acknowledge_as: metadata.acknowledge_as.clone(),
        note: String::new(),
        source: source::STRIPE,
        stripe_reference: None,
        idempotency_key: String::new(),
        account_id: None,
    }
}

async fn checkout_completed(
    txn: &DatabaseTransaction,
    state: &AppState,
    organization: &Organization,
    session: &Value,
    on: DateTime<Utc>,
) -> anyhow::Result<Outcome> {
    let Some(metadata) = Metadata::read(&session["metadata"]) else { return Ok(Outcome::Handled) };
    let email = text(&session["customer_details"]["email"]).or_else(|| text(&session["customer_email"]));
    let amount = session["amount_total"].as_i64().unwrap_or_default();
    let session_id = text(&session["id"]).unwrap_or_default();
    match session["mode"].as_str() {
        Some("subscription") => {
            // The payments themselves are recorded from `invoice.paid`, which may come first.
            let Some(subscription) = text(&session["subscription"]) else { return Ok(Outcome::Handled) };
            let customer = text(&session["customer"]).unwrap_or_default();
            let gift = new_gift(&metadata, amount, currency(session), email, on.date_naive());
            plan_for(txn, organization, &metadata, &gift, subscription, customer).await?;
        }
        Some("payment") if session["payment_status"].as_str() == Some("paid") && amount > 0 => {
            let mut gift = new_gift(&metadata, amount, currency(session), email, on.date_naive());
            gift.stripe_reference = text(&session["payment_intent"]).or(Some(session_id.clone()));
            gift.idempotency_key = format!("stripe:checkout:{session_id}");
            giving::record(txn, state, organization, gift).await?;
        }
        _ => {}
    }
    Ok(Outcome::Handled)
}

/// The plan of a subscription, created from what the event carries when it is new.
async fn plan_for(
    txn: &DatabaseTransaction,
    organization: &Organization,
    metadata: &Metadata,
    gift: &NewGift,
    subscription_id: String,
    customer_id: String,
) -> anyhow::Result<plans::Plan> {
    let supporter_id = giving::donor(txn, organization.id, gift).await?;
    let details = PlanDetails {
        supporter_id,
        customer_id,
        subscription_id,
        amount_minor: gift.amount_minor,
        currency: gift.currency.code().to_owned(),
        interval: metadata.interval.clone(),
        fund_id: gift.fund_id,
        donor_name: gift.donor_name.clone(),
        donor_email: gift.donor_email.clone(),
        language: gift.donor_language.clone(),
        dedication: gift.dedication.clone(),
        acknowledge_as: gift.acknowledge_as.clone(),
    };
    Ok(plans::upsert(txn, organization.id, &details).await?)
}

/// An invoice's subscription: `subscription` (API 2024-06-20) or
/// `parent.subscription_details.subscription` (newer versions).
fn subscription_of_invoice(invoice: &Value) -> Option<&str> {
    invoice["subscription"].as_str().or_else(|| invoice["parent"]["subscription_details"]["subscription"].as_str())
}

fn invoice_metadata(invoice: &Value) -> Option<Metadata> {
    Metadata::read(&invoice["subscription_details"]["metadata"])
        .or_else(|| Metadata::read(&invoice["parent"]["subscription_details"]["metadata"]))
}

/// One payment of a recurring plan: a gift, with its receipt.
async fn invoice_paid(
    txn: &DatabaseTransaction,
    state: &AppState,
    organization: &Organization,
    invoice: &Value,
    on: DateTime<Utc>,
) -> anyhow::Result<Outcome> {
    let Some(subscription) = subscription_of_invoice(invoice) else { return Ok(Outcome::Handled) };
    let known = plans::by_subscription(txn, organization.id, subscription).await?;
    let metadata = match (&known, invoice_metadata(invoice)) {
        (Some(plan), _) => Metadata::of_plan(plan),
        (None, Some(metadata)) => metadata,
        // Neither a plan of ours nor our metadata: a subscription made outside Hermana.
        (None, None) => return Ok(Outcome::Handled),
    };
    let amount = invoice["amount_paid"].as_i64().unwrap_or_default();
    let email = text(&invoice["customer_email"]).or_else(|| known.as_ref().and_then(|p| p.donor_email.clone()));
    let mut gift = new_gift(&metadata, amount, currency(invoice), email, on.date_naive());
    let plan = match known {
        Some(plan) => plan,
        None => {
            let customer = text(&invoice["customer"]).unwrap_or_default();
            plan_for(txn, organization, &metadata, &gift, subscription.to_owned(), customer).await?
        }
    };
    if plan.status == status::PAST_DUE {
        plans::set_status(txn, plan.id, status::ACTIVE, on).await?;
    }
    if amount <= 0 {
        return Ok(Outcome::Handled);
    }
    let invoice_id = text(&invoice["id"]).unwrap_or_default();
    gift.supporter_id = plan.supporter_id;
    gift.stripe_reference = text(&invoice["payment_intent"]).or(Some(invoice_id.clone()));
    gift.idempotency_key = format!("stripe:invoice:{invoice_id}");
    giving::record(txn, state, organization, gift).await?;
    Ok(Outcome::Handled)
}

async fn plan_status(
    txn: &DatabaseTransaction,
    organization: &Organization,
    object: &Value,
    subscription: fn(&Value) -> Option<&str>,
    to: &str,
    on: DateTime<Utc>,
) -> anyhow::Result<Outcome> {
    let Some(subscription) = subscription(object) else { return Ok(Outcome::Handled) };
    let plan = match plans::by_subscription(txn, organization.id, subscription).await? {
        Some(plan) => Some(plan),
        // A cancellation may come before any payment told us of the plan.
        None if to == status::CANCELLED => match Metadata::read(&object["metadata"]) {
            Some(metadata) => {
                let price = &object["items"]["data"][0]["price"];
                let amount = price["unit_amount"].as_i64().unwrap_or_default();
                let gift = new_gift(&metadata, amount, currency(price), None, on.date_naive());
                let customer = text(&object["customer"]).unwrap_or_default();
                Some(plan_for(txn, organization, &metadata, &gift, subscription.to_owned(), customer).await?)
            }
            None => None,
        },
        None => None,
    };
    if let Some(plan) = plan {
        plans::set_status(txn, plan.id, to, on).await?;
    }
    Ok(Outcome::Handled)
}

/// The gift a charge paid: by its payment intent, else by its invoice.
async fn gift_of_charge(
    txn: &DatabaseTransaction,
    organization_id: i64,
    charge: &Value,
) -> anyhow::Result<Option<Gift>> {
    for reference in [&charge["payment_intent"], &charge["invoice"]] {
        let Some(reference) = reference.as_str() else { continue };
        let found = gift::Entity::find()
            .filter(gift::Column::OrganizationId.eq(organization_id))
            .filter(gift::Column::Source.eq(source::STRIPE))
            .filter(gift::Column::Kind.eq(kind::GIFT))
            .filter(gift::Column::StripeReference.eq(reference))
            .one(txn)
            .await?;
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(None)
}

/// Each refund of a charge, as a new ledger row keyed by the refund's id.
async fn charge_refunded(
    txn: &DatabaseTransaction,
    organization: &Organization,
    charge: &Value,
) -> anyhow::Result<Outcome> {
    let Some(original) = gift_of_charge(txn, organization.id, charge).await? else {
        return Ok(Outcome::NotYet);
    };
    ledger::lock_gift(txn, original.id).await?;
    let charge_id = text(&charge["id"]).unwrap_or_default();
    let refunds: Vec<(String, i64)> = match charge["refunds"]["data"].as_array() {
        Some(list) if !list.is_empty() => list
            .iter()
            .filter_map(|r| Some((format!("stripe:refund:{}", r["id"].as_str()?), r["amount"].as_i64()?)))
            .collect(),
        // Without the list, the total refunded so far, less what the ledger already holds.
        _ => {
            let total = charge["amount_refunded"].as_i64().unwrap_or_default();
            let held = original.amount_minor - ledger::net_value(txn, &original).await?;
            vec![(format!("stripe:refund:{charge_id}:{total}"), total - held)]
        }
    };
    for (key, amount) in refunds.into_iter().filter(|(_, amount)| *amount > 0) {
        match ledger::record_correction(txn, &original, kind::REFUND, -amount, "Stripe", &key, None).await {
            // In the audit log beside the treasurer's own refunds, with no account: Stripe did it.
            Ok(recorded) if recorded.new => {
                let subject = format!("gift {} refund {} (Stripe)", original.id, format_minor(-amount, Lang::En));
                let actor = audit::Actor { account_id: None, request_id: None };
                audit::record(txn, organization.id, &actor, "gift.corrected", &subject).await?;
            }
            Ok(_) => {}
            // More than is left: an earlier refund already took it (keyed differently).
            Err(ledger::CorrectionError::TooMuch) => {
                tracing::warn!(gift = original.id, "a Stripe refund larger than what is left of the gift");
            }
            Err(other) => return Err(anyhow::anyhow!("refund of gift {}: {other}", original.id)),
        }
    }
    Ok(Outcome::Handled)
}

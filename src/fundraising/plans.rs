//! Recurring plans: a supporter's monthly or yearly gift, kept at Stripe as a subscription.
//! Webhook events may arrive in any order, so each one upserts the plan by its subscription
//! id; `cancelled` is final and no later event brings a plan back.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};

use super::entities::recurring_plan;

pub type Plan = recurring_plan::Model;

/// A plan's states.
pub mod status {
    pub const ACTIVE: &str = "active";
    /// A payment failed; Stripe retries it.
    pub const PAST_DUE: &str = "past_due";
    pub const CANCELLED: &str = "cancelled";
}

/// How often a plan gives.
pub mod interval {
    pub const MONTH: &str = "month";
    pub const YEAR: &str = "year";
}

/// What a webhook event says about a plan.
#[derive(Clone, Debug)]
pub struct PlanDetails {
    pub supporter_id: Option<i64>,
    pub customer_id: String,
    pub subscription_id: String,
    pub amount_minor: i64,
    pub currency: String,
    pub interval: String,
    pub fund_id: Option<i64>,
    pub donor_name: String,
    pub donor_email: Option<String>,
    pub language: String,
    pub dedication: Option<String>,
    pub acknowledge_as: Option<String>,
}

pub async fn by_subscription(
    db: &impl ConnectionTrait,
    organization_id: i64,
    subscription_id: &str,
) -> Result<Option<Plan>, DbErr> {
    recurring_plan::Entity::find()
        .filter(recurring_plan::Column::OrganizationId.eq(organization_id))
        .filter(recurring_plan::Column::StripeSubscriptionId.eq(subscription_id))
        .one(db)
        .await
}

/// The plan of `details.subscription_id`: the one already known, or a new active one.
pub async fn upsert(db: &impl ConnectionTrait, organization_id: i64, details: &PlanDetails) -> Result<Plan, DbErr> {
    let now = Utc::now();
    let row = recurring_plan::ActiveModel {
        organization_id: Set(organization_id),
        supporter_id: Set(details.supporter_id),
        stripe_customer_id: Set(details.customer_id.clone()),
        stripe_subscription_id: Set(details.subscription_id.clone()),
        amount_minor: Set(details.amount_minor),
        currency: Set(details.currency.clone()),
        interval: Set(details.interval.clone()),
        fund_id: Set(details.fund_id),
        donor_name: Set(details.donor_name.clone()),
        donor_email: Set(details.donor_email.clone()),
        language: Set(details.language.clone()),
        dedication: Set(details.dedication.clone()),
        acknowledge_as: Set(details.acknowledge_as.clone()),
        status: Set(status::ACTIVE.to_owned()),
        cancelled_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let inserted = recurring_plan::Entity::insert(row)
        .on_conflict(OnConflict::column(recurring_plan::Column::StripeSubscriptionId).do_nothing().to_owned())
        .exec(db)
        .await;
    match inserted {
        Ok(_) | Err(DbErr::RecordNotInserted) => {}
        Err(other) => return Err(other),
    }
    by_subscription(db, organization_id, &details.subscription_id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(details.subscription_id.clone()))
}

/// Moves a plan to `to`, unless it is already cancelled (final).
pub async fn set_status(db: &impl ConnectionTrait, plan_id: i64, to: &str, at: DateTime<Utc>) -> Result<bool, DbErr> {
    let mut update = recurring_plan::Entity::update_many()
        .col_expr(recurring_plan::Column::Status, Expr::value(to))
        .col_expr(recurring_plan::Column::UpdatedAt, Expr::value(at));
    if to == status::CANCELLED {
        update = update.col_expr(recurring_plan::Column::CancelledAt, Expr::value(Some(at)));
    }
    let changed = update
        .filter(recurring_plan::Column::Id.eq(plan_id))
        .filter(recurring_plan::Column::Status.ne(status::CANCELLED))
        .exec(db)
        .await?;
    Ok(changed.rows_affected == 1)
}

/// A plan's new amount (from its next payment on).
pub async fn set_amount(db: &impl ConnectionTrait, plan_id: i64, amount_minor: i64) -> Result<(), DbErr> {
    recurring_plan::Entity::update_many()
        .col_expr(recurring_plan::Column::AmountMinor, Expr::value(amount_minor))
        .col_expr(recurring_plan::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(recurring_plan::Column::Id.eq(plan_id))
        .exec(db)
        .await?;
    Ok(())
}

/// A supporter's plans that still give (active or past due), oldest first.
pub async fn giving_plans(db: &impl ConnectionTrait, supporter_id: i64) -> Result<Vec<Plan>, DbErr> {
    recurring_plan::Entity::find()
        .filter(recurring_plan::Column::SupporterId.eq(supporter_id))
        .filter(recurring_plan::Column::Status.ne(status::CANCELLED))
        .order_by_asc(recurring_plan::Column::Id)
        .all(db)
        .await
}

/// The organization's plans, newest first (for the treasurer).
pub async fn all(db: &impl ConnectionTrait, organization_id: i64) -> Result<Vec<Plan>, DbErr> {
    recurring_plan::Entity::find()
        .filter(recurring_plan::Column::OrganizationId.eq(organization_id))
        .order_by_desc(recurring_plan::Column::Id)
        .all(db)
        .await
}

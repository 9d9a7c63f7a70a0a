//! A donor's recurring plans on "My details": each monthly or yearly gift, with a form to
//! change its amount (from the next payment on) and a button to cancel it. Both ask Stripe
//! first and change the plan here only when Stripe agreed; the webhook that follows finds the
//! plan already as it should be.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::{Deserialize, Serialize};

use super::confirm::NoFields;
use super::details::{edit_page, frame, session_supporter};
use super::{request_id, respond};
use crate::app::AppState;
use crate::audit::model as audit;
use crate::error::AppError;
use crate::fundraising::model as funds;
use crate::fundraising::money::{Currency, Money, field_value, parse_amount};
use crate::fundraising::plans::{self, Plan, status};
use crate::fundraising::stripe::{Stripe, StripeError};
use crate::i18n::Lang;
use crate::supporters::model::Supporter;
use crate::supporters::paths;
use crate::web::forms::{CsrfForm, CsrfToken};
use crate::web::origin::Origin;
use crate::web::{CurrentOrganization, PathLang};

/// A plan as "My details" shows it.
#[derive(Serialize)]
pub struct PlanView {
    pub id: i64,
    pub amount: String,
    /// The amount as the change form shows it (`25.00` / `25,00`).
    pub amount_field: String,
    /// `month` or `year`.
    pub interval: String,
    pub fund: Option<String>,
    pub past_due: bool,
    pub cancel_action: String,
    pub amount_action: String,
}

/// The addresses of a plan's two forms.
pub fn actions(lang: Lang, id: i64) -> (String, String) {
    match lang {
        Lang::Es => (format!("/es/mis-datos/donativos/{id}/cancelar"), format!("/es/mis-datos/donativos/{id}/monto")),
        Lang::En => (format!("/en/my-details/plans/{id}/cancel"), format!("/en/my-details/plans/{id}/amount")),
    }
}

/// The supporter's plans that still give.
pub async fn views(state: &AppState, supporter: &Supporter, lang: Lang) -> Result<Vec<PlanView>, AppError> {
    let mut views = Vec::new();
    for plan in plans::giving_plans(&state.db, supporter.id).await? {
        let fund = match plan.fund_id {
            Some(id) => {
                funds::fund(&state.db, plan.organization_id, id).await?.map(|f| funds::fund_name(&f, lang).to_owned())
            }
            None => None,
        };
        let currency = Currency::from_code(&plan.currency).unwrap_or(Currency::USD);
        let (cancel_action, amount_action) = actions(lang, plan.id);
        views.push(PlanView {
            id: plan.id,
            amount: Money::new(plan.amount_minor, currency).display(lang),
            amount_field: field_value(plan.amount_minor, lang),
            interval: plan.interval.clone(),
            fund,
            past_due: plan.status == status::PAST_DUE,
            cancel_action,
            amount_action,
        });
    }
    Ok(views)
}

/// The plan `id` of this browser's supporter, if it still gives.
async fn own_plan(state: &AppState, supporter: &Supporter, id: i64) -> Result<Option<Plan>, AppError> {
    Ok(plans::giving_plans(&state.db, supporter.id).await?.into_iter().find(|p| p.id == id))
}

/// The "My details" page again, with what happened to a plan.
async fn answer(
    state: &AppState,
    (organization, origin, lang): (&crate::organizations::model::Organization, &Origin, Lang),
    headers: &HeaderMap,
    supporter: &Supporter,
    notice: Option<&'static str>,
    problem: Option<(i64, &'static str)>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(headers, state.config.is_https())?.token;
    let page = frame(state, organization, origin, lang, csrf, "edit").await?;
    let mut page = edit_page(state, page, supporter, lang).await?;
    page.plan_notice = notice;
    page.plan_problem = problem;
    respond(state, "supporters/details.html", &page, status, [])
}

fn stripe_failed(error: &StripeError) -> &'static str {
    tracing::warn!(%error, "a Stripe call from My details failed");
    "supporters-plan-error-stripe"
}

pub async fn cancel(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    Path(id): Path<i64>,
    headers: HeaderMap,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let Some(supporter) = session_supporter(&state, organization.id, &headers).await? else {
        return Ok(Redirect::to(paths::details(lang)).into_response());
    };
    let place = (organization.as_ref(), &origin, lang);
    let Some(plan) = own_plan(&state, &supporter, id).await? else {
        // Already cancelled (a second click), or not this person's.
        return answer(&state, place, &headers, &supporter, Some("supporters-plan-cancelled"), None, StatusCode::OK)
            .await;
    };
    let Some(stripe) = Stripe::from_config(&state.config.stripe) else {
        let notice = Some("supporters-plan-error-stripe");
        return answer(&state, place, &headers, &supporter, notice, None, StatusCode::SERVICE_UNAVAILABLE).await;
    };
    match stripe.cancel_subscription(&plan.stripe_subscription_id).await {
        // Stripe no longer has it: it is cancelled there already.
        Ok(()) | Err(StripeError::Refused { status: 404, .. }) => {}
        Err(error) => {
            let notice = Some(stripe_failed(&error));
            return answer(&state, place, &headers, &supporter, notice, None, StatusCode::BAD_GATEWAY).await;
        }
    }
    let txn = sea_orm::TransactionTrait::begin(&state.db).await?;
    plans::set_status(&txn, plan.id, status::CANCELLED, Utc::now()).await?;
    let actor = audit::Actor { account_id: None, request_id: request_id(&headers) };
    let subject = format!("plan {} of supporter {} at their request", plan.id, supporter.id);
    audit::record(&txn, organization.id, &actor, "recurring-plan.cancelled", &subject).await?;
    txn.commit().await?;
    answer(&state, place, &headers, &supporter, Some("supporters-plan-cancelled"), None, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct AmountForm {
    #[serde(default)]
    amount: String,
}

pub async fn change_amount(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    Path(id): Path<i64>,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<AmountForm>,
) -> Result<Response, AppError> {
    let Some(supporter) = session_supporter(&state, organization.id, &headers).await? else {
        return Ok(Redirect::to(paths::details(lang)).into_response());
    };
    let place = (organization.as_ref(), &origin, lang);
    let Some(plan) = own_plan(&state, &supporter, id).await? else { return Err(AppError::NotFound) };
    let amount = match parse_amount(&form.amount, lang) {
        Ok(amount) => amount,
        Err(error) => {
            let problem = Some((plan.id, error.key()));
            return answer(&state, place, &headers, &supporter, None, problem, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    if amount != plan.amount_minor {
        let Some(stripe) = Stripe::from_config(&state.config.stripe) else {
            let notice = Some("supporters-plan-error-stripe");
            return answer(&state, place, &headers, &supporter, notice, None, StatusCode::SERVICE_UNAVAILABLE).await;
        };
        // The same change sent twice (a double click) is one change at Stripe.
        let key = format!("hermana-plan-{}-{}-{}", plan.id, amount, plan.updated_at.timestamp_micros());
        let changed = stripe.change_subscription_amount(
            &plan.stripe_subscription_id,
            amount,
            &plan.currency,
            &plan.interval,
            &key,
        );
        if let Err(error) = changed.await {
            let notice = Some(stripe_failed(&error));
            return answer(&state, place, &headers, &supporter, notice, None, StatusCode::BAD_GATEWAY).await;
        }
        let txn = sea_orm::TransactionTrait::begin(&state.db).await?;
        plans::set_amount(&txn, plan.id, amount).await?;
        let actor = audit::Actor { account_id: None, request_id: request_id(&headers) };
        let subject = format!("plan {} of supporter {}: {} → {}", plan.id, supporter.id, plan.amount_minor, amount);
        audit::record(&txn, organization.id, &actor, "recurring-plan.amount_changed", &subject).await?;
        txn.commit().await?;
    }
    answer(&state, place, &headers, &supporter, Some("supporters-plan-changed"), None, StatusCode::OK).await
}

//! `GET /{lang}/admin/donors`: who gives (`SeeDonors`: admin, treasurer, organizer), and who
//! gives every month or year (the Stripe plans, live ones first). Amounts appear only for
//! members who may manage money; an organizer sees names and dates.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;

use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::auth::pages::private_page;
use crate::auth::roles::Permission;
use crate::error::AppError;
use crate::fundraising::ledger;
use crate::fundraising::money::Money;
use crate::fundraising::plans::{self, interval, status};
use crate::web::forms::CsrfToken;

/// The most donors the page lists.
const SHOWN: usize = 500;

#[derive(Serialize)]
struct Row {
    name: String,
    email: String,
    supporter_id: Option<i64>,
    gifts: usize,
    last: String,
    /// `None` for members who may not see amounts.
    total: Option<String>,
}

/// A monthly or yearly gift.
#[derive(Serialize)]
struct PlanRow {
    name: String,
    supporter_id: Option<i64>,
    /// The locale key of "every month" or "every year".
    how_often: &'static str,
    amount: Option<String>,
    since: String,
    /// The locale key of its state, and the day it was cancelled.
    state: &'static str,
    cancelled_on: String,
}

#[derive(Serialize)]
struct DonorsPage {
    #[serde(flatten)]
    frame: AdminFrame,
    rows: Vec<Row>,
    plans: Vec<PlanRow>,
    amounts: bool,
    supporter_links: bool,
}

pub async fn list(State(state): State<AppState>, member: Member, headers: HeaderMap) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let amounts = member.may(Permission::ManageMoney);
    let rows = ledger::donors(&state.db, member.organization.id)
        .await?
        .into_iter()
        .take(SHOWN)
        .map(|d| Row {
            name: d.name,
            email: d.email.unwrap_or_default(),
            supporter_id: d.supporter_id,
            gifts: d.gifts,
            last: d.last.format("%Y-%m-%d").to_string(),
            total: amounts.then(|| Money::usd(d.total).display(member.lang)),
        })
        .collect();
    let mut all_plans = plans::all(&state.db, member.organization.id).await?;
    // Live plans first (a failed payment among them), then the cancelled; newest first in each.
    all_plans.sort_by_key(|p| p.status == status::CANCELLED);
    let plans = all_plans
        .into_iter()
        .take(SHOWN)
        .map(|p| PlanRow {
            name: p.donor_name,
            supporter_id: p.supporter_id,
            how_often: if p.interval == interval::YEAR {
                "fundraising-plan-every-year"
            } else {
                "fundraising-plan-every-month"
            },
            amount: amounts.then(|| Money::usd(p.amount_minor).display(member.lang)),
            since: member.when(p.created_at),
            state: match p.status.as_str() {
                status::PAST_DUE => "fundraising-plan-past-due",
                status::CANCELLED => "fundraising-plan-cancelled",
                _ => "fundraising-plan-active",
            },
            cancelled_on: p.cancelled_at.map(|at| member.when(at)).unwrap_or_default(),
        })
        .collect();
    let page = DonorsPage {
        frame: AdminFrame::new(&member, "/donors", csrf.token),
        rows,
        plans,
        amounts,
        supporter_links: member.may(Permission::ManageSupporters),
    };
    Ok(private_page(state.renderer.render("fundraising/admin/donors.html", &page)?, [csrf.set_cookie]))
}

//! `GET /{lang}/admin/donors`: who gives (`SeeDonors`: admin, treasurer, organizer). Amounts
//! appear only for members who may manage money; an organizer sees names and dates.

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

#[derive(Serialize)]
struct DonorsPage {
    #[serde(flatten)]
    frame: AdminFrame,
    rows: Vec<Row>,
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
    let page = DonorsPage {
        frame: AdminFrame::new(&member, "/donors", csrf.token),
        rows,
        amounts,
        supporter_links: member.may(Permission::ManageSupporters),
    };
    Ok(private_page(state.renderer.render("fundraising/admin/donors.html", &page)?, [csrf.set_cookie]))
}

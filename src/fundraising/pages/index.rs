//! `/es/fondos`, `/en/funds`: every fund with what came in, went out and remains, and the
//! campaigns running now with their progress — where a visitor sees where the money goes
//! (linked from every public page's footer).

use axum::extract::State;
use axum::response::Response;
use chrono::NaiveDate;
use serde::Serialize;

use super::{fresh, layout};
use crate::app::AppState;
use crate::error::AppError;
use crate::fundraising::admin::funds::TotalsView;
use crate::fundraising::money::Money;
use crate::fundraising::{dates, ledger, model, paths};
use crate::web::layout::Layout;
use crate::web::origin::Origin;
use crate::web::{CurrentOrganization, PathLang};

#[derive(Serialize)]
struct FundItem {
    name: String,
    description: String,
    path: String,
    totals: TotalsView,
}

#[derive(Serialize)]
struct CampaignItem {
    name: String,
    path: String,
    raised: String,
    goal: String,
    ends: Option<String>,
}

#[derive(Serialize)]
struct IndexPage {
    #[serde(flatten)]
    layout: Layout,
    funds: Vec<FundItem>,
    campaigns: Vec<CampaignItem>,
}

/// A campaign runs from its first day to its last (or without end).
fn running(campaign: &model::Campaign, today: NaiveDate) -> bool {
    campaign.starts_on <= today && campaign.ends_on.is_none_or(|end| end >= today)
}

pub async fn show(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
) -> Result<Response, AppError> {
    let db = &state.db;
    let mut funds = Vec::new();
    for fund in model::funds(db, organization.id).await? {
        let totals = ledger::fund_totals(db, fund.id).await?;
        funds.push(FundItem {
            name: model::fund_name(&fund, lang).to_owned(),
            description: model::fund_description(&fund, lang).to_owned(),
            path: paths::fund(lang, &fund.slug),
            totals: TotalsView::of(&totals, lang),
        });
    }
    let today = dates::today(&organization.time_zone);
    let mut campaigns = Vec::new();
    for campaign in model::campaigns(db, organization.id).await?.into_iter().filter(|c| running(c, today)) {
        let progress = ledger::campaign_progress(db, campaign.id).await?;
        campaigns.push(CampaignItem {
            name: model::campaign_name(&campaign, lang).to_owned(),
            path: paths::campaign(lang, &campaign.slug),
            raised: Money::usd(progress.raised).display(lang),
            goal: Money::usd(campaign.goal_minor).display(lang),
            ends: campaign.ends_on.map(|d| dates::long(d, lang)),
        });
    }
    let title = state.catalog.text(lang, "fundraising-index-title", None);
    let description = state.catalog.text(lang, "fundraising-index-intro", None);
    let layout = layout(
        &state,
        &organization,
        &origin,
        lang,
        (paths::funds(lang), paths::funds(lang.other())),
        title,
        description,
    )
    .await?;
    let page = IndexPage { layout, funds, campaigns };
    Ok(fresh(state.renderer.render("fundraising/index.html", &page)?))
}

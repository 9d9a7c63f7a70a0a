//! `/es/campanas/{slug}`, `/en/campaigns/{slug}`: a campaign's goal and progress, with a
//! progress bar drawn in SVG and said in words.

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Serialize;

use super::{fresh, layout};
use crate::app::AppState;
use crate::error::AppError;
use crate::fundraising::ledger;
use crate::fundraising::money::Money;
use crate::fundraising::{dates, model, paths};
use crate::web::layout::Layout;
use crate::web::origin::Origin;
use crate::web::{CurrentOrganization, PathLang};

#[derive(Serialize)]
struct CampaignPage {
    #[serde(flatten)]
    layout: Layout,
    name: String,
    starts: String,
    ends: Option<String>,
    goal: String,
    raised: String,
    donors: usize,
    /// Whole percent of the goal raised, 0–100 for the bar (the words say the real figure).
    bar: i64,
    percent: i64,
    /// The donate page with this campaign chosen.
    donate: String,
}

/// Whole percent of `goal` that `raised` is (integer arithmetic; 0 without a goal).
pub fn percent(raised: i64, goal: i64) -> i64 {
    if goal <= 0 { 0 } else { (i128::from(raised.max(0)) * 100 / i128::from(goal)).try_into().unwrap_or(i64::MAX) }
}

pub async fn show(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    Path(slug): Path<String>,
    origin: Origin,
) -> Result<Response, AppError> {
    let campaign = model::campaign_by_slug(&state.db, organization.id, &slug).await?.ok_or(AppError::NotFound)?;
    let progress = ledger::campaign_progress(&state.db, campaign.id).await?;
    let name = model::campaign_name(&campaign, lang).to_owned();
    let layout = layout(
        &state,
        &organization,
        &origin,
        lang,
        (paths::campaign(lang, &campaign.slug), paths::campaign(lang.other(), &campaign.slug)),
        name.clone(),
        String::new(),
    )
    .await?;
    let percent = percent(progress.raised, campaign.goal_minor);
    let page = CampaignPage {
        layout,
        name,
        starts: dates::long(campaign.starts_on, lang),
        ends: campaign.ends_on.map(|d| dates::long(d, lang)),
        goal: Money::usd(campaign.goal_minor).display(lang),
        raised: Money::usd(progress.raised).display(lang),
        donors: progress.donors,
        bar: percent.min(100),
        percent,
        donate: format!("{}?campaign={}", paths::donate(lang), campaign.slug),
    };
    Ok(fresh(state.renderer.render("fundraising/campaign.html", &page)?))
}

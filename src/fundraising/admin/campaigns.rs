//! `/{lang}/admin/campaigns`: the campaigns with their progress, and a new campaign.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use sea_orm::TransactionTrait;
use serde::Serialize;

use super::{Tab, actor, tabs};
use crate::admin::Member;
use crate::admin::pages::AdminFrame;
use crate::app::AppState;
use crate::audit::model as audit;
use crate::auth::pages::private_page;
use crate::error::AppError;
use crate::fundraising::model::{self, NewCampaign};
use crate::fundraising::money::{Money, parse_amount};
use crate::fundraising::pages::campaign::percent;
use crate::fundraising::{dates, ledger, paths};
use crate::supporters::form::Fields;
use crate::web::forms::{CsrfForm, CsrfToken};

#[derive(Serialize)]
struct CampaignRow {
    name: String,
    public_path: String,
    goal: String,
    raised: String,
    donors: usize,
    percent: i64,
    dates: String,
}

#[derive(Clone, Default, Serialize)]
struct Typed {
    slug: String,
    name_es: String,
    name_en: String,
    goal: String,
    starts_on: String,
    ends_on: String,
}

#[derive(Default, Serialize)]
struct Problems {
    name_es: Option<&'static str>,
    name_en: Option<&'static str>,
    slug: Option<&'static str>,
    goal: Option<&'static str>,
    starts_on: Option<&'static str>,
    ends_on: Option<&'static str>,
}

impl Problems {
    fn any(&self) -> bool {
        self.name_es.is_some()
            || self.name_en.is_some()
            || self.slug.is_some()
            || self.goal.is_some()
            || self.starts_on.is_some()
            || self.ends_on.is_some()
    }
}

#[derive(Serialize)]
struct CampaignsPage {
    #[serde(flatten)]
    frame: AdminFrame,
    tabs: Vec<Tab>,
    campaigns: Vec<CampaignRow>,
    typed: Typed,
    problems: Problems,
}

async fn render(
    state: &AppState,
    member: &Member,
    csrf: CsrfToken,
    typed: Typed,
    problems: Problems,
    status: StatusCode,
) -> Result<Response, AppError> {
    let lang = member.lang;
    let mut campaigns = Vec::new();
    for campaign in model::campaigns(&state.db, member.organization.id).await? {
        let progress = ledger::campaign_progress(&state.db, campaign.id).await?;
        let ends = campaign.ends_on.map(|d| dates::long(d, lang)).unwrap_or_default();
        campaigns.push(CampaignRow {
            name: model::campaign_name(&campaign, lang).to_owned(),
            public_path: paths::campaign(lang, &campaign.slug),
            goal: Money::usd(campaign.goal_minor).display(lang),
            raised: Money::usd(progress.raised).display(lang),
            donors: progress.donors,
            percent: percent(progress.raised, campaign.goal_minor),
            dates: format!("{} – {ends}", dates::long(campaign.starts_on, lang)),
        });
    }
    let page = CampaignsPage {
        frame: AdminFrame::new(member, "/campaigns", csrf.token),
        tabs: tabs(member, "/campaigns"),
        campaigns,
        typed,
        problems,
    };
    let mut response =
        private_page(state.renderer.render("fundraising/admin/campaigns.html", &page)?, [csrf.set_cookie]);
    *response.status_mut() = status;
    Ok(response)
}

pub async fn list(State(state): State<AppState>, member: Member, headers: HeaderMap) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let typed = Typed {
        starts_on: dates::today(&member.organization.time_zone).format("%Y-%m-%d").to_string(),
        ..Typed::default()
    };
    render(&state, &member, csrf, typed, Problems::default(), StatusCode::OK).await
}

pub async fn create(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(pairs);
    let text = |name: &str, max: usize| -> String {
        fields.get(name).trim().chars().filter(|c| !c.is_control()).take(max).collect()
    };
    let typed = Typed {
        slug: text("slug", 80),
        name_es: text("name_es", 200),
        name_en: text("name_en", 200),
        goal: text("goal", 40),
        starts_on: text("starts_on", 20),
        ends_on: text("ends_on", 20),
    };
    let mut problems = Problems::default();
    if typed.name_es.is_empty() {
        problems.name_es = Some("fundraising-error-name");
    }
    if typed.name_en.is_empty() {
        problems.name_en = Some("fundraising-error-name");
    }
    let goal = parse_amount(&typed.goal, member.lang).map_err(|e| problems.goal = Some(e.key())).ok();
    let starts_on = dates::parse(&typed.starts_on);
    if starts_on.is_none() {
        problems.starts_on = Some("fundraising-error-date");
    }
    let ends_on = if typed.ends_on.is_empty() { None } else { dates::parse(&typed.ends_on) };
    if !typed.ends_on.is_empty() && ends_on.is_none() {
        problems.ends_on = Some("fundraising-error-date");
    } else if let (Some(start), Some(end)) = (starts_on, ends_on)
        && end < start
    {
        problems.ends_on = Some("fundraising-error-ends-before");
    }
    let slug = model::slugify(if typed.slug.is_empty() { &typed.name_es } else { &typed.slug });
    if problems.name_es.is_none() && slug.is_empty() {
        problems.slug = Some("fundraising-error-slug");
    } else if !slug.is_empty() && model::campaign_by_slug(&state.db, member.organization.id, &slug).await?.is_some() {
        problems.slug = Some("fundraising-error-slug-taken");
    }
    let (Some(goal_minor), Some(starts_on), false) = (goal, starts_on, problems.any()) else {
        let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
        return render(&state, &member, csrf, typed, problems, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let new = NewCampaign { slug, name_es: typed.name_es, name_en: typed.name_en, goal_minor, starts_on, ends_on };
    let txn = state.db.begin().await?;
    let campaign = model::create_campaign(&txn, member.organization.id, &new).await?;
    let subject = format!("campaign {} {}", campaign.id, campaign.slug);
    audit::record(&txn, member.organization.id, &actor(&member, &headers), "campaign.created", &subject).await?;
    txn.commit().await?;
    Ok(Redirect::to(&format!("/{}/admin/campaigns", member.lang.code())).into_response())
}

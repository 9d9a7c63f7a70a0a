//! `/es/donar`, `/en/donate`: give once, monthly or yearly — a preset amount or any amount, a
//! designation (general support or a fund), an optional dedication and public name. With
//! Stripe configured the form goes on to Stripe Checkout; the gift is recorded only from the
//! signed webhook. Without Stripe the page says how to give by check or transfer.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use super::layout;
use crate::app::AppState;
use crate::auth::model::normalize_email;
use crate::auth::pages::private_page;
use crate::auth::tokens;
use crate::error::AppError;
use crate::fundraising::money::{Money, parse_amount};
use crate::fundraising::plans::interval;
use crate::fundraising::stripe::client::Params;
use crate::fundraising::stripe::metadata::Metadata;
use crate::fundraising::stripe::{Stripe, StripeError};
use crate::fundraising::{model, paths};
use crate::i18n::Lang;
use crate::organizations::model::Organization;
use crate::supporters::form::Fields;
use crate::web::forms::{CsrfForm, CsrfToken};
use crate::web::headers::FormActionOrigin;
use crate::web::layout::Layout;
use crate::web::origin::Origin;
use crate::web::{CurrentOrganization, PathLang};

/// The amounts offered as buttons, in dollars.
const PRESETS: [i64; 4] = [25, 50, 100, 250];
/// The longest dedication or public name kept.
const MAX_TEXT: usize = 200;

#[derive(Serialize)]
struct Preset {
    value: String,
    label: String,
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
}

/// What the donor typed, shown again after a problem.
#[derive(Clone, Debug, Default, Serialize)]
struct Typed {
    amount: String,
    other_amount: String,
    frequency: String,
    fund: String,
    campaign: String,
    name: String,
    email: String,
    dedication: String,
    acknowledge: String,
    acknowledge_as: String,
}

#[derive(Default, Serialize)]
struct Problems {
    amount: Option<&'static str>,
    name: Option<&'static str>,
    email: Option<&'static str>,
    fund: Option<&'static str>,
}

impl Problems {
    fn any(&self) -> bool {
        self.amount.is_some() || self.name.is_some() || self.email.is_some() || self.fund.is_some()
    }
}

#[derive(Serialize)]
struct DonatePage {
    #[serde(flatten)]
    layout: Layout,
    csrf: String,
    submission: String,
    action: &'static str,
    /// Card payments through Stripe are configured.
    card: bool,
    presets: Vec<Preset>,
    funds: Vec<Choice>,
    campaign_name: Option<String>,
    typed: Typed,
    problems: Problems,
    notice: Option<&'static str>,
    give_by_mail: String,
}

#[derive(Deserialize)]
pub struct Preselect {
    fund: Option<String>,
    campaign: Option<String>,
}

async fn page(
    state: &AppState,
    organization: &Organization,
    origin: &Origin,
    lang: Lang,
    csrf: String,
    typed: Typed,
) -> Result<DonatePage, AppError> {
    let title = state.catalog.text(lang, "fundraising-donate-title", None);
    let description = state.catalog.text(lang, "fundraising-donate-intro", None);
    // The fund or campaign chosen by the link stays chosen in the other language.
    let preselected = match (typed.fund.as_str(), typed.campaign.as_str()) {
        ("", "") => String::new(),
        ("", campaign) => format!("?{}", serde_urlencoded::to_string([("campaign", campaign)]).unwrap_or_default()),
        (fund, _) => format!("?{}", serde_urlencoded::to_string([("fund", fund)]).unwrap_or_default()),
    };
    let path = paths::donate(lang);
    let layout = layout(
        state,
        organization,
        origin,
        lang,
        (format!("{path}{preselected}"), format!("{}{preselected}", paths::donate(lang.other()))),
        title,
        description,
    )
    .await?;
    let funds = model::funds(&state.db, organization.id)
        .await?
        .iter()
        .map(|f| Choice { value: f.slug.clone(), label: model::fund_name(f, lang).to_owned() })
        .collect();
    let campaign_name = match typed.campaign.as_str() {
        "" => None,
        slug => model::campaign_by_slug(&state.db, organization.id, slug)
            .await?
            .map(|c| model::campaign_name(&c, lang).to_owned()),
    };
    let settings = model::settings(&state.db, organization.id).await?;
    let (submission, _) = tokens::new_token().map_err(|e| AppError::Internal(format!("randomness: {e}")))?;
    Ok(DonatePage {
        layout,
        csrf,
        submission,
        action: path,
        card: Stripe::from_config(&state.config.stripe).is_some(),
        presets: PRESETS
            .iter()
            .map(|d| Preset { value: d.to_string(), label: Money::usd(d * 100).display_short(lang) })
            .collect(),
        funds,
        campaign_name,
        typed,
        problems: Problems::default(),
        notice: None,
        give_by_mail: settings.give_by_mail(lang).to_owned(),
    })
}

fn respond(
    state: &AppState,
    page: &DonatePage,
    status: StatusCode,
    cookie: Option<axum::http::HeaderValue>,
) -> Result<Response, AppError> {
    let mut response = private_page(state.renderer.render("fundraising/donate.html", page)?, [cookie]);
    *response.status_mut() = status;
    if page.card {
        response.extensions_mut().insert(FormActionOrigin(state.config.stripe.checkout_origin()));
    }
    Ok(response)
}

pub async fn show(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    Query(preselect): Query<Preselect>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let typed = Typed {
        amount: PRESETS[1].to_string(),
        frequency: "once".into(),
        fund: preselect.fund.unwrap_or_default().chars().take(100).collect(),
        campaign: preselect.campaign.unwrap_or_default().chars().take(100).collect(),
        acknowledge: "anonymous".into(),
        ..Typed::default()
    };
    let page = page(&state, &organization, &origin, lang, csrf.token, typed).await?;
    respond(&state, &page, StatusCode::OK, csrf.set_cookie)
}

/// A checked gift to send to Checkout.
struct Checked {
    amount_minor: i64,
    email: String,
    metadata: Metadata,
}

async fn check(
    state: &AppState,
    organization_id: i64,
    lang: Lang,
    typed: &Typed,
) -> Result<Result<Checked, Problems>, AppError> {
    let mut problems = Problems::default();
    // A typed amount wins over the buttons: without JavaScript nothing unticks a preset when
    // someone types, and charging a preset they did not mean would be worse than asking.
    let amount = if typed.amount == "other" || !typed.other_amount.trim().is_empty() {
        parse_amount(&typed.other_amount, lang).map_err(|e| e.key())
    } else {
        typed
            .amount
            .parse::<i64>()
            .ok()
            .filter(|d| PRESETS.contains(d))
            .map(|d| d * 100)
            .ok_or("fundraising-donate-error-amount")
    };
    let amount = amount.map_err(|key| problems.amount = Some(key)).ok();
    let name: String = typed.name.trim().chars().take(MAX_TEXT).collect();
    if name.is_empty() {
        problems.name = Some("fundraising-error-name");
    }
    let email = normalize_email(&typed.email);
    if email.is_none() {
        problems.email = Some("fundraising-error-email");
    }
    let fund_id = match typed.fund.as_str() {
        "" => None,
        slug => match model::fund_by_slug(&state.db, organization_id, slug).await? {
            Some(fund) => Some(fund.id),
            None => {
                problems.fund = Some("fundraising-donate-error-fund");
                None
            }
        },
    };
    let campaign_id = match typed.campaign.as_str() {
        "" => None,
        slug => model::campaign_by_slug(&state.db, organization_id, slug).await?.map(|c| c.id),
    };
    let (Some(amount_minor), Some(email), false) = (amount, email, problems.any()) else { return Ok(Err(problems)) };
    let short = |text: &str| Some(text.trim().chars().take(MAX_TEXT).collect::<String>()).filter(|t| !t.is_empty());
    let acknowledge_as = match typed.acknowledge.as_str() {
        "named" => short(&typed.acknowledge_as).or_else(|| Some(name.clone())),
        _ => None,
    };
    let frequency = match typed.frequency.as_str() {
        "month" => interval::MONTH,
        "year" => interval::YEAR,
        _ => "once",
    };
    let metadata = Metadata {
        lang,
        fund_id,
        campaign_id,
        name,
        dedication: short(&typed.dedication),
        acknowledge_as,
        interval: frequency.to_owned(),
    };
    Ok(Ok(Checked { amount_minor, email, metadata }))
}

fn typed_from(fields: &Fields) -> Typed {
    let get = |name: &str| fields.get(name).chars().take(500).collect::<String>();
    Typed {
        amount: get("amount"),
        other_amount: get("other_amount"),
        frequency: get("frequency"),
        fund: get("fund"),
        campaign: get("campaign"),
        name: get("name"),
        email: get("email"),
        dedication: get("dedication"),
        acknowledge: get("acknowledge"),
        acknowledge_as: get("acknowledge_as"),
    }
}

/// The Checkout Session's parameters (Stripe's bracket notation).
fn checkout_params(
    state: &AppState,
    organization: &Organization,
    origin: &Origin,
    checked: &Checked,
    fund_name: Option<String>,
    submission: &str,
) -> Params {
    let lang = checked.metadata.lang;
    let recurring = checked.metadata.interval != "once";
    let product = match fund_name {
        Some(fund) => format!("{} — {fund}", organization.name),
        None => organization.name.clone(),
    };
    let mut params: Params = vec![
        ("mode".into(), if recurring { "subscription" } else { "payment" }.into()),
        ("success_url".into(), format!("{}?session_id={{CHECKOUT_SESSION_ID}}", origin.url(paths::thanks(lang)))),
        ("cancel_url".into(), origin.url(paths::donate(lang))),
        ("customer_email".into(), checked.email.clone()),
        ("locale".into(), lang.code().into()),
        ("client_reference_id".into(), submission.into()),
        ("line_items[0][quantity]".into(), "1".into()),
        ("line_items[0][price_data][currency]".into(), "usd".into()),
        ("line_items[0][price_data][unit_amount]".into(), checked.amount_minor.to_string()),
        (
            "line_items[0][price_data][product_data][name]".into(),
            state.catalog.text(lang, "fundraising-donate-product", None) + " · " + &product,
        ),
    ];
    params.extend(checked.metadata.params("metadata"));
    if recurring {
        params.push(("line_items[0][price_data][recurring][interval]".into(), checked.metadata.interval.clone()));
        params.extend(checked.metadata.params("subscription_data[metadata]"));
    } else {
        params.push(("submit_type".into(), "donate".into()));
        params.extend(checked.metadata.params("payment_intent_data[metadata]"));
    }
    params
}

/// The Idempotency-Key of a Checkout Session: the form's submission token and what it asks
/// for, so a double click makes one session and a changed amount a new one.
fn idempotency_key(organization_id: i64, submission: &str, params: &Params) -> String {
    let mut digest = Sha256::new();
    for (key, value) in params {
        digest.update(key.as_bytes());
        digest.update([0]);
        digest.update(value.as_bytes());
        digest.update([0]);
    }
    let hash: String = digest.finalize().iter().take(12).map(|b| format!("{b:02x}")).collect();
    format!("hermana-checkout-{organization_id}-{submission}-{hash}")
}

pub async fn submit(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let Some(stripe) = Stripe::from_config(&state.config.stripe) else {
        return Ok(Redirect::to(paths::donate(lang)).into_response());
    };
    let fields = Fields(pairs);
    let typed = typed_from(&fields);
    let submission = fields.get("submission").to_owned();
    let checked = check(&state, organization.id, lang, &typed).await?;
    let problems = match checked {
        Ok(checked) if tokens::looks_valid(&submission) => {
            let fund_name = match checked.metadata.fund_id {
                Some(id) => {
                    model::fund(&state.db, organization.id, id).await?.map(|f| model::fund_name(&f, lang).to_owned())
                }
                None => None,
            };
            let params = checkout_params(&state, &organization, &origin, &checked, fund_name, &submission);
            let key = idempotency_key(organization.id, &submission, &params);
            match stripe.create_checkout_session(&params, &key).await {
                Ok(session) => return Ok(Redirect::to(&session.url).into_response()),
                Err(error) => {
                    log_failure(&error);
                    None
                }
            }
        }
        Ok(_) => return Err(AppError::BadRequest),
        Err(problems) => Some(problems),
    };
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let mut page = page(&state, &organization, &origin, lang, csrf.token, typed).await?;
    let status = match problems {
        Some(problems) => {
            page.problems = problems;
            page.notice = Some("fundraising-donate-problems");
            StatusCode::UNPROCESSABLE_ENTITY
        }
        None => {
            page.notice = Some("fundraising-donate-error-stripe");
            StatusCode::BAD_GATEWAY
        }
    };
    respond(&state, &page, status, csrf.set_cookie)
}

fn log_failure(error: &StripeError) {
    tracing::warn!(%error, "creating a Stripe Checkout Session failed");
}

#[derive(Serialize)]
struct ThanksPage {
    #[serde(flatten)]
    layout: Layout,
    details_path: &'static str,
}

/// Where Checkout sends the donor back. The gift itself is recorded from the webhook.
pub async fn thanks(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
) -> Result<Response, AppError> {
    let title = state.catalog.text(lang, "fundraising-thanks-title", None);
    let path = paths::thanks(lang);
    let layout = layout(
        &state,
        &organization,
        &origin,
        lang,
        (path.to_owned(), paths::thanks(lang.other()).to_owned()),
        title,
        String::new(),
    )
    .await?;
    let page = ThanksPage { layout, details_path: crate::supporters::paths::details(lang) };
    Ok(private_page(state.renderer.render("fundraising/thanks.html", &page)?, []))
}

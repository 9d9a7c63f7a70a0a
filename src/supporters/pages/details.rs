//! "My details" (`/es/mis-datos`, `/en/my-details`) for any supporter, without an account.
//!
//! Asking: an address is typed and the answer is the same whether we know it or not; a known
//! one gets an emailed link (single use, 30 minutes, hashed at rest). The link's page shows a
//! button (mail scanners open links); pressing it opens a 30-minute session in a cookie, in which
//! the person changes their name, language and consents, downloads everything we hold as
//! JSON, or has it erased.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Duration, Utc};
use sea_orm::TransactionTrait;
use serde::{Deserialize, Serialize};

use super::confirm::NoFields;
use super::{layout, request_id, respond};
use crate::app::AppState;
use crate::auth::model::{client_hash, normalize_email};
use crate::auth::pages::{Peer, client_address};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::organizations::model::Organization;
use crate::supporters::links::{self, DETAILS_TTL, purpose};
use crate::supporters::mail::{self, Site, SupporterEmail};
use crate::supporters::model::{self, ConsentChange, ConsentKind, Supporter, activity_kind, source};
use crate::supporters::{paths, privacy};
use crate::web::cookies;
use crate::web::forms::{CsrfForm, CsrfToken};
use crate::web::layout::Layout;
use crate::web::origin::Origin;
use crate::web::{CurrentOrganization, PathLang};

/// The cookie of a "my details" session.
const COOKIE: &str = "hermana_details";
/// Link requests per client address per hour.
pub const MAX_REQUESTS_PER_CLIENT: u64 = 10;
/// Links emailed per supporter per hour.
const MAX_LINKS_PER_HOUR: u64 = 3;

#[derive(Serialize)]
pub(super) struct DetailsPage {
    #[serde(flatten)]
    layout: Layout,
    csrf: String,
    /// `ask` (the address form), `sent`, `open` (the link's button), `invalid`, `edit`, `erased`.
    state: &'static str,
    action: String,
    email: String,
    pub(super) error: Option<&'static str>,
    first_name: String,
    last_name: String,
    language: String,
    newsletter: bool,
    events: bool,
    saved: bool,
    base: &'static str,
    /// The supporter's monthly and yearly gifts (`plans::PlanView`).
    plans: Vec<super::plans::PlanView>,
    /// What happened to a plan just now (a Fluent key), or why it could not.
    pub(super) plan_notice: Option<&'static str>,
    /// The plan whose new amount was refused, and why.
    pub(super) plan_problem: Option<(i64, &'static str)>,
}

pub(super) async fn frame(
    state: &AppState,
    organization: &Organization,
    origin: &Origin,
    lang: Lang,
    csrf: String,
    page_state: &'static str,
) -> Result<DetailsPage, AppError> {
    let path = paths::details(lang);
    Ok(DetailsPage {
        layout: layout(
            state,
            organization,
            origin,
            lang,
            path,
            paths::details(lang.other()),
            "supporters-details-title",
        )
        .await?,
        csrf,
        state: page_state,
        action: path.to_owned(),
        email: String::new(),
        error: None,
        first_name: String::new(),
        last_name: String::new(),
        language: lang.code().to_owned(),
        newsletter: false,
        events: false,
        saved: false,
        base: path,
        plans: Vec::new(),
        plan_notice: None,
        plan_problem: None,
    })
}

/// The supporter of this browser's "my details" session, if it is open.
pub(super) async fn session_supporter(
    state: &AppState,
    organization_id: i64,
    headers: &HeaderMap,
) -> Result<Option<Supporter>, AppError> {
    let name = cookies::name(COOKIE, state.config.is_https());
    let Some(token) = cookies::get(headers, &name) else { return Ok(None) };
    let Some(session) = links::open(&state.db, organization_id, token, purpose::DETAILS_SESSION).await? else {
        return Ok(None);
    };
    Ok(model::find(&state.db, organization_id, session.supporter_id)
        .await?
        .filter(|s| s.erased_at.is_none() && s.merged_into_id.is_none()))
}

pub(super) async fn edit_page(
    state: &AppState,
    mut page: DetailsPage,
    supporter: &Supporter,
    lang: Lang,
) -> Result<DetailsPage, AppError> {
    page.plans = super::plans::views(state, supporter, lang).await?;
    page.state = "edit";
    page.email = supporter.email.clone().unwrap_or_default();
    page.first_name = supporter.first_name.clone();
    page.last_name = supporter.last_name.clone();
    page.language = supporter.language.clone();
    page.newsletter = supporter.newsletter;
    page.events = supporter.events;
    Ok(page)
}

pub async fn show(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let page = frame(&state, &organization, &origin, lang, csrf.token, "ask").await?;
    let page = match session_supporter(&state, organization.id, &headers).await? {
        Some(supporter) => edit_page(&state, page, &supporter, lang).await?,
        None => page,
    };
    respond(&state, "supporters/details.html", &page, StatusCode::OK, [csrf.set_cookie])
}

#[derive(Deserialize)]
pub struct AskForm {
    #[serde(default)]
    email: String,
}

/// Sends a link to a known address; the same answer for any address.
pub async fn ask(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    Peer(peer): Peer,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<AskForm>,
) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?.token;
    let mut page = frame(&state, &organization, &origin, lang, csrf, "ask").await?;
    page.email = form.email.chars().take(254).collect();
    let client = client_hash(&state.db, &client_address(&state, &headers, peer)).await?;
    if links::attempts_since(&state.db, "details", &client, Utc::now() - Duration::hours(1)).await?
        >= MAX_REQUESTS_PER_CLIENT
    {
        page.error = Some("supporters-signup-too-many");
        return respond(&state, "supporters/details.html", &page, StatusCode::TOO_MANY_REQUESTS, []);
    }
    links::record_attempt(&state.db, organization.id, "details", &client).await?;
    let Some(email) = normalize_email(&form.email) else {
        page.error = Some("supporters-error-email-invalid");
        return respond(&state, "supporters/details.html", &page, StatusCode::UNPROCESSABLE_ENTITY, []);
    };
    if let Some(supporter) = model::by_email(&state.db, organization.id, &email).await?
        && links::issued_since(&state.db, supporter.id, purpose::DETAILS_LINK, Utc::now() - Duration::hours(1)).await?
            < MAX_LINKS_PER_HOUR
    {
        let txn = state.db.begin().await?;
        let token = links::issue(&txn, &supporter, purpose::DETAILS_LINK, "{}", DETAILS_TTL).await?;
        let language = Lang::from_code(&supporter.language).unwrap_or(lang);
        let link = origin.url(&paths::details_link(language, &token));
        let key = format!("supporter-details:{}", crate::auth::tokens::hash(&token));
        let site = Site { base_url: origin.as_str(), organization: &organization.name };
        let context = minijinja::context! { link => link };
        let email = SupporterEmail { template: "supporter_details", context, idempotency_key: &key };
        mail::send(&txn, &state, &site, &supporter, email).await?;
        txn.commit().await?;
    }
    page.state = "sent";
    page.email = email;
    respond(&state, "supporters/details.html", &page, StatusCode::OK, [])
}

/// The emailed link: a button, so that opening the link uses nothing.
pub async fn link(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let open = links::open(&state.db, organization.id, &token, purpose::DETAILS_LINK).await?.is_some();
    let mut page =
        frame(&state, &organization, &origin, lang, csrf.token, if open { "open" } else { "invalid" }).await?;
    page.action = paths::details_link(lang, &token);
    let status = if open { StatusCode::OK } else { StatusCode::NOT_FOUND };
    respond(&state, "supporters/details.html", &page, status, [csrf.set_cookie])
}

/// Pressing the link's button: uses the link and opens a session.
pub async fn open(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    Path(token): Path<String>,
    headers: HeaderMap,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let txn = state.db.begin().await?;
    let used = links::redeem_for_supporter(&txn, organization.id, &token, purpose::DETAILS_LINK).await?;
    let Some((_, supporter)) = used else {
        txn.commit().await?;
        let csrf = CsrfToken::for_request(&headers, state.config.is_https())?.token;
        let page = frame(&state, &organization, &origin, lang, csrf, "invalid").await?;
        return respond(&state, "supporters/details.html", &page, StatusCode::NOT_FOUND, []);
    };
    let session = links::issue(&txn, &supporter, purpose::DETAILS_SESSION, "{}", DETAILS_TTL).await?;
    txn.commit().await?;
    let https = state.config.is_https();
    let cookie = cookies::set(&cookies::name(COOKIE, https), &session, DETAILS_TTL.num_seconds(), https);
    let mut response = Redirect::to(paths::details(lang)).into_response();
    if let Some(cookie) = cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

#[derive(Deserialize)]
pub struct SaveForm {
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    language: String,
    newsletter: Option<String>,
    events: Option<String>,
}

pub async fn save(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<SaveForm>,
) -> Result<Response, AppError> {
    let Some(supporter) = session_supporter(&state, organization.id, &headers).await? else {
        return Ok(Redirect::to(paths::details(lang)).into_response());
    };
    let first_name: String = form.first_name.trim().chars().take(100).collect();
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?.token;
    if first_name.is_empty() {
        let mut page =
            edit_page(&state, frame(&state, &organization, &origin, lang, csrf, "edit").await?, &supporter, lang)
                .await?;
        page.last_name = form.last_name;
        page.error = Some("supporters-error-name-required");
        return respond(&state, "supporters/details.html", &page, StatusCode::UNPROCESSABLE_ENTITY, []);
    }
    let mut details = model::Details::of(&supporter);
    details.first_name = first_name;
    details.last_name = form.last_name.trim().chars().take(100).collect();
    details.language = Lang::from_code(&form.language).unwrap_or(lang).code().to_owned();
    details.other_languages.retain(|l| *l != details.language);
    let txn = state.db.begin().await?;
    let saved = model::update(&txn, supporter, &details).await?;
    for (kind, granted) in
        [(ConsentKind::Newsletter, form.newsletter.is_some()), (ConsentKind::Events, form.events.is_some())]
    {
        let current = model::find(&txn, organization.id, saved.id).await?.ok_or(AppError::NotFound)?;
        let change =
            ConsentChange { kind, granted, source: source::MY_DETAILS, detail: None, request_id: request_id(&headers) };
        model::set_consent(&txn, &current, change).await?;
    }
    model::record_activity(&txn, saved.id, activity_kind::DETAILS_CHANGED, Some("my details"), Utc::now()).await?;
    txn.commit().await?;
    let saved = model::find(&state.db, organization.id, saved.id).await?.ok_or(AppError::NotFound)?;
    let mut page =
        edit_page(&state, frame(&state, &organization, &origin, lang, csrf, "edit").await?, &saved, lang).await?;
    page.saved = true;
    respond(&state, "supporters/details.html", &page, StatusCode::OK, [])
}

/// Everything we hold, as a JSON download.
pub async fn download(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let Some(supporter) = session_supporter(&state, organization.id, &headers).await? else {
        return Ok(Redirect::to(paths::details(lang)).into_response());
    };
    let data = privacy::export(&state.db, &supporter).await?;
    let body = serde_json::to_string_pretty(&data).map_err(|e| AppError::Internal(e.to_string()))?;
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"my-details.json\""));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

#[derive(Deserialize)]
pub struct EraseForm {
    sure: Option<String>,
}

/// Erasure, at once, after a tick that says "I am sure".
pub async fn erase(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<EraseForm>,
) -> Result<Response, AppError> {
    let Some(supporter) = session_supporter(&state, organization.id, &headers).await? else {
        return Ok(Redirect::to(paths::details(lang)).into_response());
    };
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?.token;
    // A monthly or yearly gift still running at Stripe would go on charging a record we can no
    // longer name: it is cancelled first, on this same page.
    let giving = !crate::fundraising::plans::giving_plans(&state.db, supporter.id).await?.is_empty();
    if form.sure.is_none() || giving {
        let mut page =
            edit_page(&state, frame(&state, &organization, &origin, lang, csrf, "edit").await?, &supporter, lang)
                .await?;
        page.error = Some(if giving { "supporters-details-erase-plans" } else { "supporters-details-erase-unsure" });
        return respond(&state, "supporters/details.html", &page, StatusCode::UNPROCESSABLE_ENTITY, []);
    }
    let txn = state.db.begin().await?;
    for kind in ConsentKind::ALL {
        let current = model::find(&txn, organization.id, supporter.id).await?.ok_or(AppError::NotFound)?;
        let change = ConsentChange { kind, granted: false, source: source::MY_DETAILS, detail: None, request_id: None };
        model::set_consent(&txn, &current, change).await?;
    }
    let supporter = model::find(&txn, organization.id, supporter.id).await?.ok_or(AppError::NotFound)?;
    let supporter = privacy::erase(&txn, supporter).await?;
    let actor = crate::audit::model::Actor { account_id: None, request_id: request_id(&headers) };
    let subject = format!("supporter {} at their request", supporter.id);
    crate::audit::model::record(&txn, organization.id, &actor, "supporter.erased", &subject).await?;
    txn.commit().await?;
    let page = frame(&state, &organization, &origin, lang, csrf, "erased").await?;
    let https = state.config.is_https();
    respond(
        &state,
        "supporters/details.html",
        &page,
        StatusCode::OK,
        [cookies::clear(&cookies::name(COOKIE, https), https)],
    )
}

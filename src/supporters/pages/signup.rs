//! "Hazte Amigo / Become a Friend" (`/es/amigos`, `/en/friends`): the public sign-up form.
//!
//! Double opt-in: the consents ticked here count only once the emailed link is used. Spam is
//! kept out without third parties: a hidden field people leave empty, a signed time stamp
//! (a form sent within seconds of being shown is a robot's), and at most
//! [`MAX_PER_CLIENT`] sign-ups per client address an hour, counted in the database. The answer
//! is the same whether the address is new or known, and a known address gets no new record.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{layout, respond};
use crate::app::AppState;
use crate::auth::model::client_hash;
use crate::auth::pages::{Peer, client_address};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::supporters::form::{self, Fields, InterestOption, Problems, Typed};
use crate::supporters::links::{self, CONFIRM_TTL, purpose};
use crate::supporters::mail::{self, Site, SupporterEmail};
use crate::supporters::model::{self, ConsentKind, activity_kind};
use crate::supporters::paths;
use crate::web::forms::{CsrfForm, CsrfToken};
use crate::web::layout::Layout;
use crate::web::origin::Origin;
use crate::web::{CurrentOrganization, PathLang};

/// Sign-ups accepted per client address per hour (a household or an office may share one).
pub const MAX_PER_CLIENT: u64 = 10;
/// A person needs longer than this to fill the form.
pub const MIN_FILL: Duration = Duration::seconds(3);
/// A form shown longer ago than this is stale.
const MAX_FILL: Duration = Duration::hours(24);
/// Confirmation emails per known address per hour, at most.
const MAX_EMAILS_PER_HOUR: u64 = 3;
/// The hidden field that only robots fill.
pub const HONEYPOT: &str = "website";

/// What a confirmation link applies when used.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Pending {
    pub consents: Vec<String>,
    pub interests: Vec<String>,
}

#[derive(Serialize)]
struct SignupPage {
    #[serde(flatten)]
    layout: Layout,
    csrf: String,
    stamp: String,
    action: &'static str,
    honeypot: &'static str,
    typed: Typed,
    interests: Vec<InterestOption>,
    chosen: Vec<String>,
    newsletter: bool,
    events: bool,
    languages: &'static [&'static str],
    problems: Problems,
    /// A message above the form (Fluent key).
    notice: Option<&'static str>,
    /// Set once the form was accepted: the address the link went to.
    sent_to: Option<String>,
    details_path: &'static str,
}

async fn page(
    state: &AppState,
    organization: &crate::organizations::model::Organization,
    origin: &Origin,
    lang: Lang,
    csrf: String,
) -> Result<SignupPage, AppError> {
    let layout = layout(
        state,
        organization,
        origin,
        lang,
        paths::signup(lang),
        paths::signup(lang.other()),
        "supporters-signup-title",
    )
    .await?;
    Ok(SignupPage {
        layout,
        csrf,
        stamp: links::form_stamp(&state.db, Utc::now()).await?,
        action: paths::signup(lang),
        honeypot: HONEYPOT,
        typed: Typed { language: lang.code().to_owned(), ..Typed::default() },
        interests: form::interest_options(&state.db, organization.id, lang).await?,
        chosen: Vec::new(),
        newsletter: false,
        events: false,
        languages: model::OTHER_LANGUAGES,
        problems: Problems::default(),
        notice: None,
        sent_to: None,
        details_path: paths::details(lang),
    })
}

pub async fn show(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let page = page(&state, &organization, &origin, lang, csrf.token).await?;
    respond(&state, "supporters/signup.html", &page, StatusCode::OK, [csrf.set_cookie])
}

pub async fn submit(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    Peer(peer): Peer,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(pairs);
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?.token;
    let mut page = page(&state, &organization, &origin, lang, csrf).await?;
    page.typed = Typed::from_fields(&fields, lang);
    page.chosen = form::chosen_interests(&fields, &page.interests);
    page.newsletter = fields.checked("newsletter");
    page.events = fields.checked("events");
    let again = |mut page: SignupPage, notice: &'static str, status: StatusCode| {
        page.notice = Some(notice);
        respond(&state, "supporters/signup.html", &page, status, [])
    };

    let client = client_hash(&state.db, &client_address(&state, &headers, peer)).await?;
    let since = Utc::now() - Duration::hours(1);
    if links::attempts_since(&state.db, "signup", &client, since).await? >= MAX_PER_CLIENT {
        return again(page, "supporters-signup-too-many", StatusCode::TOO_MANY_REQUESTS);
    }
    links::record_attempt(&state.db, organization.id, "signup", &client).await?;
    let shown_at = links::form_shown_at(&state.db, fields.get("stamp")).await?;
    let fresh = shown_at.is_some_and(|at| {
        let age = Utc::now() - at;
        age >= MIN_FILL && age <= MAX_FILL
    });
    if !fresh {
        return again(page, "supporters-signup-too-fast", StatusCode::UNPROCESSABLE_ENTITY);
    }
    let details = match page.typed.check(true) {
        Ok(details) => details,
        Err(problems) => {
            page.problems = problems;
            return respond(&state, "supporters/signup.html", &page, StatusCode::UNPROCESSABLE_ENTITY, []);
        }
    };
    let email = details.email.clone().unwrap_or_default();
    // A robot filled the hidden field: answer as if all went well, and do nothing.
    if !fields.get(HONEYPOT).is_empty() {
        page.sent_to = Some(email);
        return respond(&state, "supporters/signup.html", &page, StatusCode::OK, []);
    }

    let pending = Pending {
        consents: ConsentKind::ALL
            .into_iter()
            .filter(|k| fields.checked(k.code()))
            .map(|k| k.code().to_owned())
            .collect(),
        interests: page.chosen.clone(),
    };
    let txn = crate::db::begin_write(&state.db).await?;
    let (supporter, send) = match model::find_or_create(&txn, organization.id, &details).await? {
        (created, true) => {
            model::record_activity(&txn, created.id, activity_kind::SIGNED_UP, None, created.created_at).await?;
            (created, true)
        }
        // Known: nothing changes until the link is used, and only a few emails an hour.
        (known, false) => {
            let recent = links::issued_since(&txn, known.id, purpose::CONFIRM, Utc::now() - Duration::hours(1)).await?;
            (known, recent < MAX_EMAILS_PER_HOUR)
        }
    };
    if send {
        let token = links::issue(
            &txn,
            &supporter,
            purpose::CONFIRM,
            &serde_json::to_string(&pending).map_err(anyhow::Error::from)?,
            CONFIRM_TTL,
        )
        .await?;
        let language = Lang::from_code(&supporter.language).unwrap_or(lang);
        let link = origin.url(&paths::confirm(language, &token));
        let key = format!("supporter-confirm:{}", crate::auth::tokens::hash(&token));
        let context = minijinja::context! { link => link };
        let site = Site { base_url: origin.as_str(), organization: &organization.name };
        let email = SupporterEmail { template: "supporter_confirm", context, idempotency_key: &key };
        mail::send(&txn, &state, &site, &supporter, email).await?;
    }
    txn.commit().await?;
    page.sent_to = Some(email);
    respond(&state, "supporters/signup.html", &page, StatusCode::OK, [])
}

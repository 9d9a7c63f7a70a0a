//! `/es/eventos/{slug}`, `/en/events/{slug}`: one event, and its registration form while
//! registration is open.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::Utc;
use serde::Serialize;

use super::apply::{ApplyProblems, ApplyTyped};
use super::{Card, card, layout, scope, visible, zones};
use crate::app::AppState;
use crate::error::AppError;
use crate::events::delegations;
use crate::events::model::{self, Event};
use crate::events::paths;
use crate::events::registrations::MAX_GUESTS;
use crate::i18n::Lang;
use crate::organizations::model::Organization;
use crate::supporters::links;
use crate::supporters::pages::respond;
use crate::web::forms::CsrfToken;
use crate::web::layout::Layout;
use crate::web::origin::Origin;
use crate::web::{CurrentOrganization, PathLang};

/// The registration form as typed.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Typed {
    pub name: String,
    pub email: String,
    pub guests: String,
    pub language: String,
    pub accessibility: String,
}

/// Problems with the registration form (Fluent keys).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Problems {
    pub name: Option<&'static str>,
    pub email: Option<&'static str>,
    pub guests: Option<&'static str>,
    pub too_long: Option<&'static str>,
}

/// Why registration is closed, when it is (Fluent key).
pub fn closed_reason(event: &Event, now: chrono::DateTime<Utc>) -> Option<&'static str> {
    if event.cancelled_at.is_some() {
        Some("events-closed-cancelled")
    } else if event.ends_at <= now {
        Some("events-closed-past")
    } else if event.registration_deadline.is_some_and(|d| d <= now) || event.starts_at <= now {
        Some("events-closed-deadline")
    } else {
        None
    }
}

#[derive(Serialize)]
pub struct ShowPage {
    #[serde(flatten)]
    pub layout: Layout,
    pub event: Card,
    pub description: String,
    pub map_url: String,
    pub cancel_message: Option<String>,
    pub deadline: Option<String>,
    /// Seats left, when there is a limit.
    pub seats_left: Option<i32>,
    pub full: bool,
    pub closed: Option<&'static str>,
    pub ics_path: String,
    pub list_path: &'static str,
    /// The cover image's `<picture>` (built from the library, safe HTML).
    pub cover: Option<String>,
    pub csrf: String,
    pub stamp: String,
    pub honeypot: &'static str,
    pub typed: Typed,
    pub problems: Problems,
    pub max_guests: i32,
    pub notice: Option<&'static str>,
    /// After a registration: `registered`, `waitlisted` or `already`, and the address written to.
    pub outcome: Option<&'static str>,
    pub sent_to: Option<String>,
    /// A delegation: the page offers the application form instead of registration.
    pub delegation: bool,
    pub apply: ApplyTyped,
    pub apply_problems: ApplyProblems,
    pub spanish_levels: [&'static str; 4],
    /// The trip report, once the delegation is over: its title and address.
    pub report: Option<(String, String)>,
}

/// The event with this slug, if this visitor may see it.
pub async fn visible_event(
    state: &AppState,
    organization: &Organization,
    headers: &HeaderMap,
    slug: &str,
) -> Result<Event, AppError> {
    let scope = scope(state, organization, headers).await?;
    model::by_slug(&state.db, organization.id, slug).await?.filter(|e| visible(e, scope)).ok_or(AppError::NotFound)
}

pub async fn page(
    state: &AppState,
    organization: &Organization,
    origin: &Origin,
    lang: Lang,
    event: &Event,
    csrf: String,
) -> Result<ShowPage, AppError> {
    let zones = zones(&state.db, organization).await?;
    let card = card(event, lang, &zones);
    let now = Utc::now();
    let description = model::description(event, lang).to_owned();
    let summary: String = description.chars().take(200).collect();
    let layout = layout(
        state,
        organization,
        origin,
        lang,
        (paths::show(lang, &event.slug), paths::show(lang.other(), &event.slug)),
        card.title.clone(),
        summary,
    )
    .await?;
    let seats_left = event.capacity.map(|c| (c - event.seats_taken).max(0));
    let cover = match event.cover_media_id {
        Some(id) => {
            let html = format!(r#"<img src="{}:{id}">"#, crate::media::embed::SCHEME);
            Some(crate::media::embed::expand(&state.db, organization.id, lang, &html).await?).filter(|h| !h.is_empty())
        }
        None => None,
    };
    Ok(ShowPage {
        layout,
        description,
        map_url: event.map_url.clone(),
        cancel_message: event.cancel_message.clone(),
        deadline: event
            .registration_deadline
            .map(|d| crate::events::times::show(lang, d, d, &zones))
            .map(|s| format!("{} · {}", s.day, s.starts)),
        seats_left,
        full: seats_left == Some(0),
        closed: closed_reason(event, now),
        ics_path: paths::ics(lang, &event.slug),
        list_path: paths::list(lang),
        cover,
        csrf,
        stamp: links::form_stamp(&state.db, now).await?,
        honeypot: crate::supporters::pages::signup::HONEYPOT,
        typed: Typed { language: lang.code().to_owned(), guests: "0".into(), ..Typed::default() },
        problems: Problems::default(),
        max_guests: MAX_GUESTS,
        notice: None,
        outcome: None,
        sent_to: None,
        delegation: delegations::is_delegation(event),
        apply: ApplyTyped { language: lang.code().to_owned(), ..ApplyTyped::default() },
        apply_problems: ApplyProblems::default(),
        spanish_levels: delegations::SPANISH_LEVELS,
        report: if event.ends_at <= now { report(state, event, lang).await? } else { None },
        event: card,
    })
}

/// The trip report's title and address in `lang` (the other language's when it has none),
/// when the event links a published article.
async fn report(state: &AppState, event: &Event, lang: Lang) -> Result<Option<(String, String)>, AppError> {
    use crate::content::model::{self as content, page_status, status};
    let Some(id) = event.report_page_id else { return Ok(None) };
    let Some(page) = content::page(&state.db, id).await? else { return Ok(None) };
    if page.organization_id != event.organization_id || page.status != page_status::PUBLISHED {
        return Ok(None);
    }
    let translations = content::translations(&state.db, id).await?;
    let own = translations.iter().find(|t| t.language == lang.code());
    let written = translations.iter().find(|t| t.status != status::MISSING);
    let (Some(own), Some(written)) = (own.or(written), own.filter(|t| t.status != status::MISSING).or(written)) else {
        return Ok(None);
    };
    Ok(Some((written.title.clone(), content::path_of(&page, own))))
}

pub async fn show(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let event = visible_event(&state, &organization, &headers, &slug).await?;
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?;
    let page = page(&state, &organization, &origin, lang, &event, csrf.token).await?;
    respond(&state, "events/show.html", &page, StatusCode::OK, [csrf.set_cookie])
}

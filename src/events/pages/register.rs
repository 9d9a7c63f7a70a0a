//! `POST /es/eventos/{slug}`: register for an event, with or without an account.
//!
//! The person is linked to the supporter with that email (created when there is none, with no
//! consent given: registering is not subscribing). Seats are taken in one write transaction
//! (see `registrations`), and the confirmation or waitlist email is queued in the same one.
//! Spam is kept out as on the sign-up form: a hidden field, a signed time stamp and a limit
//! per client address.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{Duration, Utc};

use super::show::{self, Problems, Typed, closed_reason, visible_event};
use crate::app::AppState;
use crate::auth::model::{client_hash, normalize_email};
use crate::auth::pages::{Peer, client_address};
use crate::error::AppError;
use crate::events::mail::{self as event_mail, Letter};
use crate::events::registrations::{self, MAX_GUESTS, NewRegistration, Outcome};
use crate::i18n::Lang;
use crate::supporters::form::Fields;
use crate::supporters::links;
use crate::supporters::model::{self as supporters, Details};
use crate::supporters::pages::respond;
use crate::supporters::pages::signup::{HONEYPOT, MIN_FILL};
use crate::web::forms::{CsrfForm, CsrfToken};
use crate::web::origin::Origin;
use crate::web::{CurrentOrganization, PathLang};

/// Registrations accepted per client address per hour (a family registering one by one, a
/// shared office connection).
pub const MAX_PER_CLIENT: u64 = 20;
/// The timeline kind of a registration.
pub const ACTIVITY_REGISTERED: &str = "event-registered";

fn check(typed: &Typed) -> Result<NewRegistration, Problems> {
    let mut problems = Problems::default();
    let clean = |value: &str, max: usize, long: &mut bool| {
        let value: String = value.chars().filter(|c| !c.is_control() || *c == '\n').collect();
        let value = value.trim().replace("\r\n", "\n");
        *long |= value.chars().count() > max;
        value.chars().take(max).collect::<String>()
    };
    let mut long = false;
    let name = clean(&typed.name, 200, &mut long);
    let accessibility = clean(&typed.accessibility, 2000, &mut long);
    if name.is_empty() {
        problems.name = Some("events-error-name");
    }
    let email = normalize_email(&typed.email);
    if email.is_none() {
        problems.email = Some("events-error-email");
    }
    let guests = match typed.guests.trim() {
        "" => Some(0),
        n => n.parse::<i32>().ok().filter(|g| (0..=MAX_GUESTS).contains(g)),
    };
    if guests.is_none() {
        problems.guests = Some("events-error-guests");
    }
    if long {
        problems.too_long = Some("events-error-too-long");
    }
    match (email, guests) {
        (Some(email), Some(guests)) if problems.name.is_none() && !long => Ok(NewRegistration {
            name,
            email,
            guests,
            language: Lang::from_code(&typed.language).unwrap_or(Lang::Es).code().to_owned(),
            accessibility,
            walk_in: false,
        }),
        _ => Err(problems),
    }
}

/// A supporter's details from a registration's name: the first word is the first name.
pub fn details_of(new: &NewRegistration) -> Details {
    let (first, last) = new.name.split_once(' ').unwrap_or((&new.name, ""));
    Details {
        first_name: first.trim().to_owned(),
        last_name: last.trim().to_owned(),
        email: Some(new.email.clone()),
        language: new.language.clone(),
        ..Details::default()
    }
}

/// The public forms' spam defences: at most [`MAX_PER_CLIENT`] an hour per client address,
/// and a signed time stamp showing a person took a moment to fill the form. `Some` is the
/// notice (Fluent key) and status to answer with.
pub async fn spam_check(
    state: &AppState,
    organization: &crate::organizations::model::Organization,
    headers: &HeaderMap,
    peer: Option<std::net::SocketAddr>,
    fields: &Fields,
) -> Result<Option<(&'static str, StatusCode)>, AppError> {
    let client = client_hash(&state.db, &client_address(state, headers, peer)).await?;
    let since = Utc::now() - Duration::hours(1);
    if links::attempts_since(&state.db, "event-registration", &client, since).await? >= MAX_PER_CLIENT {
        return Ok(Some(("events-too-many", StatusCode::TOO_MANY_REQUESTS)));
    }
    links::record_attempt(&state.db, organization.id, "event-registration", &client).await?;
    let shown_at = links::form_shown_at(&state.db, fields.get("stamp")).await?;
    if !shown_at.is_some_and(|at| Utc::now() - at >= MIN_FILL && Utc::now() - at <= Duration::hours(24)) {
        return Ok(Some(("events-too-fast", StatusCode::UNPROCESSABLE_ENTITY)));
    }
    Ok(None)
}

#[expect(clippy::too_many_arguments, reason = "an axum handler takes one argument per extractor")]
pub async fn submit(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    Peer(peer): Peer,
    headers: HeaderMap,
    Path(slug): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let event = visible_event(&state, &organization, &headers, &slug).await?;
    let fields = Fields(pairs);
    let csrf = CsrfToken::for_request(&headers, state.config.is_https())?.token;
    if crate::events::delegations::is_delegation(&event) {
        let form = super::apply::Submitted { lang, origin: &origin, peer, headers: &headers, csrf, fields };
        return super::apply::submit(&state, &organization, &event, form).await;
    }
    let mut page = show::page(&state, &organization, &origin, lang, &event, csrf).await?;
    page.typed = Typed {
        name: fields.get("name").to_owned(),
        email: fields.get("email").chars().take(300).collect(),
        guests: fields.get("guests").to_owned(),
        language: Lang::from_code(fields.get("language")).unwrap_or(lang).code().to_owned(),
        accessibility: fields.get("accessibility").to_owned(),
    };
    let again = |mut page: show::ShowPage, notice: &'static str, status: StatusCode| {
        page.notice = Some(notice);
        respond(&state, "events/show.html", &page, status, [])
    };
    if let Some(reason) = closed_reason(&event, Utc::now()) {
        return again(page, reason, StatusCode::CONFLICT);
    }
    if let Some((notice, status)) = spam_check(&state, &organization, &headers, peer, &fields).await? {
        return again(page, notice, status);
    }
    let new = match check(&page.typed) {
        Ok(new) => new,
        Err(problems) => {
            page.problems = problems;
            return respond(&state, "events/show.html", &page, StatusCode::UNPROCESSABLE_ENTITY, []);
        }
    };
    // A robot filled the hidden field: answer as if all went well, and do nothing.
    if !fields.get(HONEYPOT).is_empty() {
        page.outcome = Some("registered");
        page.sent_to = Some(new.email);
        return respond(&state, "events/show.html", &page, StatusCode::OK, []);
    }

    let txn = crate::db::begin_write(&state.db).await?;
    // Read again inside the transaction: the event may have been cancelled meanwhile.
    let event = crate::events::model::find(&txn, organization.id, event.id).await?.ok_or(AppError::NotFound)?;
    if let Some(reason) = closed_reason(&event, Utc::now()) {
        drop(txn);
        return again(page, reason, StatusCode::CONFLICT);
    }
    let (supporter, _) = supporters::find_or_create(&txn, organization.id, &details_of(&new)).await?;
    let outcome = registrations::register(&txn, &event, supporter.id, &new).await?;
    let site = event_mail::site(&origin, &organization);
    let (kind, registration) = match outcome {
        Outcome::Confirmed(r) => ("registered", r),
        Outcome::Waitlisted(r) => ("waitlisted", r),
        Outcome::Already(r) => ("already", r),
    };
    if kind != "already" {
        let reference = format!("event:{}", event.id);
        supporters::record_activity(&txn, supporter.id, ACTIVITY_REGISTERED, Some(&reference), Utc::now()).await?;
        let letter = if kind == "registered" { Letter::Registered } else { Letter::Waitlisted };
        event_mail::send(&txn, &state, &site, &event, &registration, &supporter, letter).await?;
    }
    txn.commit().await?;
    page.outcome = Some(kind);
    page.sent_to = Some(registration.email);
    respond(&state, "events/show.html", &page, StatusCode::OK, [])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_is_checked() {
        let typed = Typed {
            name: " Rosa  Elena Guardado ".into(),
            email: "Rosa@Example.ORG".into(),
            guests: "2".into(),
            language: "en".into(),
            accessibility: "Wheelchair".into(),
        };
        let new = check(&typed).unwrap();
        assert_eq!((new.email.as_str(), new.guests, new.language.as_str()), ("rosa@example.org", 2, "en"));
        let details = details_of(&new);
        assert_eq!((details.first_name.as_str(), details.last_name.as_str()), ("Rosa", "Elena Guardado"));
        let problems =
            check(&Typed { name: String::new(), email: "x".into(), guests: "11".into(), ..typed }).unwrap_err();
        assert_eq!(
            (problems.name, problems.email, problems.guests),
            (Some("events-error-name"), Some("events-error-email"), Some("events-error-guests"))
        );
    }
}

//! `POST /es/eventos/{slug}` for a delegation: apply ("Postularse"). The applicant is linked to
//! the supporter with that email (created when there is none, with no consent given), the
//! sensitive answers are stored for the delegation's organizers only, the erasure after the
//! trip is scheduled, and a "received" email is queued — all in one transaction. The same
//! spam defences as registration.

use std::net::SocketAddr;

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::Utc;
use serde::Serialize;

use super::register::spam_check;
use super::show::{self, closed_reason};
use crate::app::AppState;
use crate::auth::model::normalize_email;
use crate::error::AppError;
use crate::events::delegations::{self, NewApplication, SPANISH_LEVELS, Sensitive, retention};
use crate::events::mail as event_mail;
use crate::events::model::Event;
use crate::events::registrations;
use crate::i18n::Lang;
use crate::organizations::model::Organization;
use crate::supporters::form::Fields;
use crate::supporters::model as supporters;
use crate::supporters::pages::respond;
use crate::supporters::pages::signup::HONEYPOT;
use crate::web::origin::Origin;

/// The timeline kind of an application.
pub const ACTIVITY_APPLIED: &str = "delegation-applied";

/// The application form as typed.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ApplyTyped {
    pub name: String,
    pub email: String,
    pub language: String,
    pub passport_name: String,
    pub date_of_birth: String,
    pub emergency_contact: String,
    pub dietary_needs: String,
    pub medical_needs: String,
    pub spanish_level: String,
    pub motivation: String,
}

/// Problems with the application form (Fluent keys).
#[derive(Clone, Debug, Default, Serialize)]
pub struct ApplyProblems {
    pub name: Option<&'static str>,
    pub email: Option<&'static str>,
    pub passport_name: Option<&'static str>,
    pub date_of_birth: Option<&'static str>,
    pub emergency_contact: Option<&'static str>,
    pub spanish_level: Option<&'static str>,
    pub motivation: Option<&'static str>,
    pub too_long: Option<&'static str>,
}

impl ApplyTyped {
    fn from_fields(fields: &Fields, lang: Lang) -> ApplyTyped {
        let get = |name: &str| fields.get(name).chars().take(12_000).collect::<String>();
        ApplyTyped {
            name: get("name"),
            email: get("email").chars().take(300).collect(),
            language: Lang::from_code(fields.get("language")).unwrap_or(lang).code().to_owned(),
            passport_name: get("passport_name"),
            date_of_birth: get("date_of_birth"),
            emergency_contact: get("emergency_contact"),
            dietary_needs: get("dietary_needs"),
            medical_needs: get("medical_needs"),
            spanish_level: get("spanish_level"),
            motivation: get("motivation"),
        }
    }
}

fn clean(value: &str, max: usize, long: &mut bool) -> String {
    let value: String = value.chars().filter(|c| !c.is_control() || *c == '\n').collect();
    let value = value.trim().replace("\r\n", "\n");
    *long |= value.chars().count() > max;
    value.chars().take(max).collect()
}

/// Checks the form; every problem at once.
pub fn check(typed: &ApplyTyped) -> Result<NewApplication, Box<ApplyProblems>> {
    let mut problems = ApplyProblems::default();
    let mut long = false;
    let name = clean(&typed.name, 200, &mut long);
    let passport_name = clean(&typed.passport_name, 200, &mut long);
    let date_of_birth = typed.date_of_birth.trim().to_owned();
    let emergency_contact = clean(&typed.emergency_contact, 500, &mut long);
    let dietary_needs = clean(&typed.dietary_needs, 2000, &mut long);
    let medical_needs = clean(&typed.medical_needs, 2000, &mut long);
    let motivation = clean(&typed.motivation, 5000, &mut long);
    let spanish_level = typed.spanish_level.trim().to_owned();
    if name.is_empty() {
        problems.name = Some("events-error-name");
    }
    let email = normalize_email(&typed.email);
    if email.is_none() {
        problems.email = Some("events-error-email");
    }
    if passport_name.is_empty() {
        problems.passport_name = Some("events-apply-error-passport-name");
    }
    if !delegations::birth_date_ok(&date_of_birth) {
        problems.date_of_birth = Some("events-apply-error-birth");
    }
    if emergency_contact.is_empty() {
        problems.emergency_contact = Some("events-apply-error-emergency");
    }
    if !SPANISH_LEVELS.contains(&spanish_level.as_str()) {
        problems.spanish_level = Some("events-apply-error-spanish");
    }
    if motivation.is_empty() {
        problems.motivation = Some("events-apply-error-motivation");
    }
    if long {
        problems.too_long = Some("events-error-too-long");
    }
    let any = [
        problems.name,
        problems.passport_name,
        problems.date_of_birth,
        problems.emergency_contact,
        problems.spanish_level,
        problems.motivation,
        problems.too_long,
    ]
    .iter()
    .any(Option::is_some);
    match email {
        Some(email) if !any => Ok(NewApplication {
            name,
            email,
            language: Lang::from_code(&typed.language).unwrap_or(Lang::Es).code().to_owned(),
            sensitive: Sensitive {
                passport_name,
                date_of_birth,
                emergency_contact,
                dietary_needs,
                medical_needs,
                spanish_level,
                motivation,
            },
        }),
        _ => Err(Box::new(problems)),
    }
}

/// What the registration handler hands over for a delegation.
pub struct Submitted<'a> {
    pub lang: Lang,
    pub origin: &'a Origin,
    pub peer: Option<SocketAddr>,
    pub headers: &'a HeaderMap,
    pub csrf: String,
    pub fields: Fields,
}

pub async fn submit(
    state: &AppState,
    organization: &Organization,
    event: &Event,
    form: Submitted<'_>,
) -> Result<Response, AppError> {
    let Submitted { lang, origin, peer, headers, csrf, fields } = form;
    let mut page = show::page(state, organization, origin, lang, event, csrf).await?;
    page.apply = ApplyTyped::from_fields(&fields, lang);
    let again = |mut page: show::ShowPage, notice: &'static str, status: StatusCode| {
        page.notice = Some(notice);
        respond(state, "events/show.html", &page, status, [])
    };
    if let Some(reason) = closed_reason(event, Utc::now()) {
        return again(page, reason, StatusCode::CONFLICT);
    }
    if let Some((notice, status)) = spam_check(state, organization, headers, peer, &fields).await? {
        return again(page, notice, status);
    }
    let new = match check(&page.apply) {
        Ok(new) => new,
        Err(problems) => {
            page.apply_problems = *problems;
            return respond(state, "events/show.html", &page, StatusCode::UNPROCESSABLE_ENTITY, []);
        }
    };
    if !fields.get(HONEYPOT).is_empty() {
        page.outcome = Some("applied");
        page.sent_to = Some(new.email);
        return respond(state, "events/show.html", &page, StatusCode::OK, []);
    }

    let txn = crate::db::begin_write(&state.db).await?;
    let event = crate::events::model::find(&txn, organization.id, event.id).await?.ok_or(AppError::NotFound)?;
    if let Some(reason) = closed_reason(&event, Utc::now()) {
        drop(txn);
        return again(page, reason, StatusCode::CONFLICT);
    }
    let details = super::register::details_of(&registrations::NewRegistration {
        name: new.name.clone(),
        email: new.email.clone(),
        guests: 0,
        language: new.language.clone(),
        accessibility: String::new(),
        walk_in: false,
    });
    let supporter = match supporters::by_email(&txn, organization.id, &new.email).await? {
        Some(known) => known,
        None => supporters::create(&txn, organization.id, &details).await?,
    };
    let (kind, application) = match delegations::apply(&txn, &event, supporter.id, &new).await? {
        Ok(application) => {
            let reference = format!("event:{}", event.id);
            supporters::record_activity(&txn, supporter.id, ACTIVITY_APPLIED, Some(&reference), Utc::now()).await?;
            retention::schedule(&txn, &event, organization.delegation_retention_days).await?;
            let site = event_mail::site(origin, organization);
            let letter = delegations::mail::Letter::Received;
            delegations::mail::send(&txn, state, &site, &event, &application, &supporter, &letter).await?;
            ("applied", application)
        }
        Err(existing) => ("already-applied", existing),
    };
    txn.commit().await?;
    page.outcome = Some(kind);
    page.sent_to = Some(application.email);
    respond(state, "events/show.html", &page, StatusCode::OK, [])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_is_checked_field_by_field() {
        let typed = ApplyTyped {
            name: "Rosa Guardado".into(),
            email: "Rosa@Example.ORG".into(),
            language: "es".into(),
            passport_name: "ROSA ELENA GUARDADO".into(),
            date_of_birth: "1990-04-12".into(),
            emergency_contact: "Marta, +1 608 555 0100".into(),
            dietary_needs: String::new(),
            medical_needs: String::new(),
            spanish_level: "basic".into(),
            motivation: "Conocer Arcatao".into(),
        };
        let new = check(&typed).unwrap();
        assert_eq!((new.email.as_str(), new.sensitive.spanish_level.as_str()), ("rosa@example.org", "basic"));
        let problems = check(&ApplyTyped {
            date_of_birth: "2990-01-01".into(),
            spanish_level: "klingon".into(),
            passport_name: " ".into(),
            ..typed
        })
        .unwrap_err();
        assert_eq!(problems.date_of_birth, Some("events-apply-error-birth"));
        assert_eq!(problems.spanish_level, Some("events-apply-error-spanish"));
        assert_eq!(problems.passport_name, Some("events-apply-error-passport-name"));
        assert_eq!(problems.name, None);
    }
}

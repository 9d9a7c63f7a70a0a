//! Every email about a registration goes through [`send`], in the registration's language:
//! confirmed (with the event's `.ics`), waitlisted, promoted from the waitlist, the event
//! cancelled, and the reminder. Each carries a single-use cancel link while that makes sense.

use chrono::{Duration, Utc};
use sea_orm::{ConnectionTrait, TransactionTrait};

use super::entities::registration;
use super::ical::{self, Calendar};
use super::model::{self, Event};
use super::pages::zones;
use super::{paths, times};
use crate::app::AppState;
use crate::i18n::Lang;
use crate::mail::model::{Attachment, Queued};
use crate::organizations::model::Organization;
use crate::supporters::links;
use crate::supporters::mail::{self as supporter_mail, Site, SupporterEmail};
use crate::supporters::model::Supporter;
use crate::web::origin::Origin;

/// The purpose of a registration's cancel link (payload: the registration id).
pub const CANCEL_PURPOSE: &str = "event-cancel";

/// The emails of this domain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Letter {
    Registered,
    Waitlisted,
    Promoted,
    EventCancelled,
    Reminder,
}

impl Letter {
    fn template(self) -> &'static str {
        match self {
            Letter::Registered => "event_registered",
            Letter::Waitlisted => "event_waitlisted",
            Letter::Promoted => "event_promoted",
            Letter::EventCancelled => "event_cancelled",
            Letter::Reminder => "event_reminder",
        }
    }

    /// The outbox key: one email of each kind per registration (per start time for reminders).
    fn key(self, event: &Event, registration_id: i64) -> String {
        match self {
            Letter::Reminder => format!("event-reminder:{registration_id}:{}", event.starts_at.timestamp()),
            other => format!("{}:{registration_id}", other.template().replace('_', "-")),
        }
    }

    /// Whether the registrant holds a seat when this goes out (the place's online link and the
    /// `.ics` are for them).
    fn seated(self) -> bool {
        matches!(self, Letter::Registered | Letter::Promoted | Letter::Reminder)
    }
}

/// Where the emails' links point, and whose they are.
pub struct EventSite<'a> {
    pub base_url: String,
    pub organization: &'a Organization,
}

pub fn site<'a>(origin: &Origin, organization: &'a Organization) -> EventSite<'a> {
    EventSite { base_url: origin.as_str().to_owned(), organization }
}

/// Queues `letter` about `registration` to its supporter, in the registration's language.
pub async fn send<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    state: &AppState,
    site: &EventSite<'_>,
    event: &Event,
    registration: &registration::Model,
    supporter: &Supporter,
    letter: Letter,
) -> anyhow::Result<Queued> {
    let lang = Lang::from_code(&registration.language).unwrap_or(Lang::Es);
    // Written to the address and in the language the registration gave.
    let recipient = Supporter {
        language: lang.code().to_owned(),
        email: supporter.email.clone().or_else(|| Some(registration.email.clone())),
        ..supporter.clone()
    };
    // The transaction's own connection: the pool may have none to spare while it is held.
    let zones = zones(db, site.organization).await?;
    let shown = times::show(lang, event.starts_at, event.ends_at, &zones);
    let cancel_link = if letter == Letter::EventCancelled {
        String::new()
    } else {
        let ttl = std::cmp::max(event.ends_at - Utc::now(), Duration::days(1));
        let token = links::issue(db, &recipient, CANCEL_PURPOSE, &registration.id.to_string(), ttl).await?;
        format!("{}{}", site.base_url, paths::cancel(lang, &token))
    };
    let seated = letter.seated();
    let context = minijinja::context! {
        event_title => model::title(event, lang).0,
        day => shown.day,
        starts => shown.starts,
        ends => shown.ends,
        address => event.address.clone(),
        map_url => event.map_url.clone(),
        online_url => if seated { event.online_url.clone() } else { String::new() },
        guests => registration.guests,
        event_link => format!("{}{}", site.base_url, paths::show(lang, &event.slug)),
        cancel_link => cancel_link,
        message => event.cancel_message.clone().unwrap_or_default(),
    };
    let attachments = if seated {
        let entry = ical::entry(event, lang, &site.base_url, &site.organization.slug, true);
        let content = ical::write(&Calendar {
            name: &site.organization.name,
            language: lang.code(),
            zone: &site.organization.time_zone,
            events: &[entry],
        });
        vec![Attachment {
            filename: "event.ics".to_owned(),
            content_type: "text/calendar; charset=utf-8; method=PUBLISH".to_owned(),
            content,
        }]
    } else {
        Vec::new()
    };
    let key = letter.key(event, registration.id);
    let email = SupporterEmail { template: letter.template(), context, idempotency_key: &key };
    let mail_site = Site { base_url: &site.base_url, organization: &site.organization.name };
    supporter_mail::send_with_attachments(db, state, &mail_site, &recipient, email, &attachments).await
}

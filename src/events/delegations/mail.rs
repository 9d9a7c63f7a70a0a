//! Every email to an applicant goes through [`send`], in the application's language: received,
//! accepted, waitlisted, declined, and the organizers' messages to all participants.

use sea_orm::{ConnectionTrait, TransactionTrait};

use super::Application;
use crate::app::AppState;
use crate::events::mail::EventSite;
use crate::events::model::{self, Event};
use crate::events::pages::zones;
use crate::events::{paths, times};
use crate::i18n::Lang;
use crate::mail::model::Queued;
use crate::supporters::mail::{self as supporter_mail, Site, SupporterEmail};
use crate::supporters::model::Supporter;

/// The emails of delegations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Letter {
    Received,
    /// A decision (`accepted`, `waitlisted`, `declined`).
    Decision(&'static str),
    /// An organizers' message: its key (one per sending), subject and text.
    Message {
        key: String,
        subject: String,
        body: String,
    },
}

impl Letter {
    fn template(&self) -> &'static str {
        match self {
            Letter::Received => "delegation_received",
            Letter::Decision("accepted") => "delegation_accepted",
            Letter::Decision("waitlisted") => "delegation_waitlisted",
            Letter::Decision(_) => "delegation_declined",
            Letter::Message { .. } => "delegation_message",
        }
    }

    /// The outbox key: one email per application and decision taken (a decision taken again
    /// later is a new decision), one per message sent.
    fn key(&self, application: &Application) -> String {
        match self {
            Letter::Received => format!("delegation-received:{}", application.id),
            Letter::Decision(decision) => {
                format!("delegation-{decision}:{}:{}", application.id, application.updated_at.timestamp_micros())
            }
            Letter::Message { key, .. } => format!("delegation-message:{key}:{}", application.id),
        }
    }
}

/// Queues `letter` about `application` to its supporter, in the application's language.
pub async fn send<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    state: &AppState,
    site: &EventSite<'_>,
    event: &Event,
    application: &Application,
    supporter: &Supporter,
    letter: &Letter,
) -> anyhow::Result<Queued> {
    let lang = Lang::from_code(&application.language).unwrap_or(Lang::Es);
    let recipient = Supporter {
        language: lang.code().to_owned(),
        email: supporter.email.clone().or_else(|| Some(application.email.clone())),
        ..supporter.clone()
    };
    let zones = zones(db, site.organization).await?;
    let shown = times::show(lang, event.starts_at, event.ends_at, &zones);
    let (message_subject, message) = match letter {
        Letter::Message { subject, body, .. } => (subject.clone(), body.clone()),
        _ => (String::new(), String::new()),
    };
    let context = minijinja::context! {
        event_title => model::title(event, lang).0,
        day => shown.day,
        starts => shown.starts,
        ends => shown.ends,
        address => event.address.clone(),
        map_url => event.map_url.clone(),
        online_url => String::new(),
        guests => 0,
        event_link => format!("{}{}", site.base_url, paths::show(lang, &event.slug)),
        message_subject => message_subject,
        message => message,
    };
    let key = letter.key(application);
    let email = SupporterEmail { template: letter.template(), context, idempotency_key: &key };
    let mail_site = Site { base_url: &site.base_url, organization: &site.organization.name };
    supporter_mail::send(db, state, &mail_site, &recipient, email).await
}

//! Every email to a supporter goes through [`send`]: it carries a one-click unsubscribe
//! (RFC 8058 `List-Unsubscribe` + `List-Unsubscribe-Post` headers, and a link in the body) and
//! is written on the supporter's timeline.

use chrono::Utc;
use minijinja::Value;
use sea_orm::{ConnectionTrait, TransactionTrait};

use super::links;
use super::model::{self, Supporter, activity_kind};
use super::paths;
use crate::app::AppState;
use crate::i18n::Lang;
use crate::mail::model::{self as mail, Attachment, OutgoingEmail, Queued};

/// The site an email comes from.
pub struct Site<'a> {
    /// Starts every link: `HERMANA_BASE_URL`, or this request's site.
    pub base_url: &'a str,
    pub organization: &'a str,
}

/// One email to a supporter: `templates/mail/<template>.{txt,html}` with `context`.
pub struct SupporterEmail<'a> {
    pub template: &'a str,
    pub context: Value,
    /// As for [`crate::mail::queue`]: the same key stores and sends once.
    pub idempotency_key: &'a str,
}

/// Queues an email to `supporter` in their language. The templates also get `name`,
/// `organization` and `unsubscribe_link`.
pub async fn send<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    state: &AppState,
    site: &Site<'_>,
    supporter: &Supporter,
    email: SupporterEmail<'_>,
) -> anyhow::Result<Queued> {
    send_with_attachments(db, state, site, supporter, email, &[]).await
}

/// [`send`], with attachments (an event's `.ics`).
pub async fn send_with_attachments<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    state: &AppState,
    site: &Site<'_>,
    supporter: &Supporter,
    email: SupporterEmail<'_>,
    attachments: &[Attachment],
) -> anyhow::Result<Queued> {
    let SupporterEmail { template, context, idempotency_key } = email;
    let (base_url, organization_name) = (site.base_url, site.organization);
    let Some(to) = supporter.email.as_deref() else {
        anyhow::bail!("supporter {} has no email address", supporter.id);
    };
    let language = Lang::from_code(&supporter.language).unwrap_or(Lang::Es);
    let token = links::unsubscribe_token(db, supporter).await?;
    let unsubscribe_link = format!("{base_url}{}", paths::unsubscribe(language, &token));
    let name = model::display_name(supporter);
    let context = minijinja::context! {
        name => name.clone(),
        organization => organization_name,
        unsubscribe_link => unsubscribe_link.clone(),
        ..context
    };
    let headers = [
        ("List-Unsubscribe", format!("<{unsubscribe_link}>")),
        ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click".to_owned()),
    ];
    let outgoing = OutgoingEmail {
        organization_id: supporter.organization_id,
        to,
        to_name: (!name.is_empty()).then_some(name.as_str()),
        language,
        template,
        context,
        idempotency_key,
    };
    let queued = mail::queue_with_attachments(db, state, outgoing, &headers, attachments).await?;
    if queued.new {
        model::record_activity(db, supporter.id, activity_kind::EMAIL_SENT, Some(template), Utc::now()).await?;
    }
    Ok(queued)
}

//! The outbox: queueing an email (stored and its delivery job enqueued in one transaction),
//! and recording what became of it.

use std::fmt::Write as _;

use chrono::Utc;
use lettre::Address;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, ExprTrait, QueryFilter, Set, SqliteTransactionMode,
    TransactionOptions, TransactionSession, TransactionTrait, UpdateMany,
};
use sha2::{Digest, Sha256};

use super::entities::email;
use super::templates::{self, RenderError};
use crate::app::AppState;
use crate::i18n::Lang;
use crate::jobs::{self, NewJob};

pub type Email = email::Model;

/// The job kind that delivers one email.
pub const SEND_EMAIL: &str = "send_email";

/// Email statuses.
pub mod status {
    /// Waiting for (another) delivery attempt.
    pub const QUEUED: &str = "queued";
    /// Accepted by the SMTP server, or written as a file.
    pub const SENT: &str = "sent";
    /// Given up on; `last_error` says why.
    pub const FAILED: &str = "failed";
}

/// An email to send to one person.
pub struct OutgoingEmail<'a> {
    pub organization_id: i64,
    pub to: &'a str,
    pub to_name: Option<&'a str>,
    /// The recipient's language: subject and both bodies are rendered in it.
    pub language: Lang,
    /// `test_message` renders `templates/mail/test_message.{txt,html}` and the subject
    /// `mail-test-message-subject`.
    pub template: &'a str,
    /// The templates' values (e.g. `minijinja::context! { organization => name }`).
    pub context: minijinja::Value,
    /// Queueing twice with the same key stores and sends once. Make it say what the email is
    /// for, e.g. `receipt:gift:42`.
    pub idempotency_key: &'a str,
}

/// The result of `queue`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Queued {
    pub email_id: i64,
    /// `false` when an email with this idempotency key was already queued (nothing changed).
    pub new: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("invalid recipient address: {0}")]
    Address(#[from] lettre::address::AddressError),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error("invalid extra header {0:?}")]
    Header(String),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// The payload of a `send_email` job.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct SendEmail {
    pub email_id: i64,
}

/// Renders `outgoing` in its recipient's language, stores it in the outbox and enqueues its
/// delivery, in one transaction (a savepoint when `db` is already a transaction).
pub async fn queue<C>(db: &C, state: &AppState, outgoing: OutgoingEmail<'_>) -> Result<Queued, QueueError>
where
    C: ConnectionTrait + TransactionTrait,
{
    queue_with_headers(db, state, outgoing, &[]).await
}

/// An extra header of an email: its name (ASCII, e.g. `List-Unsubscribe`) and value.
pub type ExtraHeader = (&'static str, String);

/// [`queue`], with extra headers that go out on the message as they are (`List-Unsubscribe`,
/// `List-Unsubscribe-Post`, …). Header names and values must be printable ASCII.
pub async fn queue_with_headers<C>(
    db: &C,
    state: &AppState,
    outgoing: OutgoingEmail<'_>,
    headers: &[ExtraHeader],
) -> Result<Queued, QueueError>
where
    C: ConnectionTrait + TransactionTrait,
{
    queue_with_attachments(db, state, outgoing, headers, &[]).await
}

/// A file sent with an email (stored with it in the outbox, so a resend carries the same).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Attachment {
    /// ASCII letters, digits, `-`, `_` and `.` only (e.g. `event.ics`).
    pub filename: String,
    /// e.g. `text/calendar; charset=utf-8; method=PUBLISH`.
    pub content_type: String,
    pub content: String,
}

/// [`queue_with_headers`], with attachments.
pub async fn queue_with_attachments<C>(
    db: &C,
    state: &AppState,
    outgoing: OutgoingEmail<'_>,
    headers: &[ExtraHeader],
    attachments: &[Attachment],
) -> Result<Queued, QueueError>
where
    C: ConnectionTrait + TransactionTrait,
{
    for attachment in attachments {
        let safe = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.');
        if attachment.filename.is_empty() || !attachment.filename.bytes().all(safe) {
            return Err(QueueError::Header(attachment.filename.clone()));
        }
    }
    let attachments = if attachments.is_empty() { None } else { Some(serde_json::to_string(attachments)?) };
    let headers = if headers.is_empty() {
        None
    } else {
        for (name, value) in headers {
            let printable = |s: &str| s.bytes().all(|b| (0x20..0x7f).contains(&b));
            if name.is_empty() || name.contains(':') || !printable(name) || !printable(value) {
                return Err(QueueError::Header((*name).to_owned()));
            }
        }
        Some(serde_json::to_string(headers)?)
    };
    let address: Address = outgoing.to.trim().parse()?;
    let rendered =
        templates::render(&state.renderer, &state.catalog, outgoing.language, outgoing.template, &outgoing.context)?;
    let message_id = message_id(outgoing.idempotency_key, state.config.mail.mail_from.email.domain());
    let now = Utc::now();
    let row = email::ActiveModel {
        organization_id: Set(outgoing.organization_id),
        to_address: Set(address.to_string()),
        to_name: Set(outgoing.to_name.map(str::to_owned)),
        language: Set(outgoing.language.code().to_owned()),
        subject: Set(rendered.subject),
        text_body: Set(rendered.text),
        html_body: Set(rendered.html),
        message_id: Set(message_id),
        idempotency_key: Set(outgoing.idempotency_key.to_owned()),
        status: Set(status::QUEUED.to_owned()),
        attempts: Set(0),
        sent_at: Set(None),
        last_error: Set(None),
        list_unsubscribe: Set(None),
        headers: Set(headers),
        attachments: Set(attachments),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    // IMMEDIATE on SQLite: take the write lock at BEGIN, so concurrent queueing waits for its
    // turn instead of failing.
    let txn = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    let inserted = email::Entity::insert(row)
        .on_conflict(OnConflict::column(email::Column::IdempotencyKey).do_nothing().to_owned())
        .exec(&txn)
        .await;
    let queued = match inserted {
        Ok(result) => {
            let payload = serde_json::to_string(&SendEmail { email_id: result.last_insert_id })?;
            jobs::enqueue(
                &txn,
                NewJob::new(
                    outgoing.organization_id,
                    SEND_EMAIL,
                    payload,
                    format!("{SEND_EMAIL}:{}", outgoing.idempotency_key),
                ),
            )
            .await?;
            Queued { email_id: result.last_insert_id, new: true }
        }
        Err(DbErr::RecordNotInserted) => {
            let existing = find_by_key(&txn, outgoing.idempotency_key)
                .await?
                .ok_or(DbErr::RecordNotFound("the email that blocked the insert".into()))?;
            Queued { email_id: existing.id, new: false }
        }
        Err(e) => return Err(e.into()),
    };
    txn.commit().await?;
    Ok(queued)
}

/// The stable `Message-ID` of the email with this idempotency key: `<hash@domain>`.
pub fn message_id(idempotency_key: &str, domain: &str) -> String {
    let hash = Sha256::digest(idempotency_key.as_bytes());
    let mut id = String::with_capacity(80);
    id.push('<');
    for byte in hash.iter().take(16) {
        let _ = write!(id, "{byte:02x}");
    }
    let _ = write!(id, "@{domain}>");
    id
}

pub async fn find(db: &impl ConnectionTrait, id: i64) -> Result<Option<Email>, DbErr> {
    email::Entity::find_by_id(id).one(db).await
}

pub async fn find_by_key(db: &impl ConnectionTrait, key: &str) -> Result<Option<Email>, DbErr> {
    email::Entity::find().filter(email::Column::IdempotencyKey.eq(key)).one(db).await
}

/// Records that the server accepted the email (or its file is in place).
pub async fn mark_sent(db: &impl ConnectionTrait, id: i64) -> Result<(), DbErr> {
    let now = Utc::now();
    update_queued(id)
        .col_expr(email::Column::Status, Expr::value(status::SENT))
        .col_expr(email::Column::SentAt, Expr::value(Some(now)))
        .col_expr(email::Column::Attempts, Expr::col(email::Column::Attempts).add(1))
        .col_expr(email::Column::LastError, Expr::value(None::<String>))
        .exec(db)
        .await?;
    Ok(())
}

/// Records a failed delivery attempt; the email stays queued.
pub async fn record_attempt_failure(db: &impl ConnectionTrait, id: i64, error: &str) -> Result<(), DbErr> {
    update_queued(id)
        .col_expr(email::Column::Attempts, Expr::col(email::Column::Attempts).add(1))
        .col_expr(email::Column::LastError, Expr::value(Some(error.to_owned())))
        .exec(db)
        .await?;
    Ok(())
}

/// Records that delivery was given up.
pub async fn mark_failed(db: &impl ConnectionTrait, id: i64, error: &str) -> Result<(), DbErr> {
    update_queued(id)
        .col_expr(email::Column::Status, Expr::value(status::FAILED))
        .col_expr(email::Column::LastError, Expr::value(Some(error.to_owned())))
        .exec(db)
        .await?;
    Ok(())
}

/// An update of email `id` while it is still queued (a sent email never changes again).
fn update_queued(id: i64) -> UpdateMany<email::Entity> {
    email::Entity::update_many()
        .col_expr(email::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(email::Column::Id.eq(id))
        .filter(email::Column::Status.eq(status::QUEUED))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_are_stable_and_distinct() {
        let a = message_id("receipt:gift:1", "mascp.org");
        assert_eq!(a, message_id("receipt:gift:1", "mascp.org"));
        assert_ne!(a, message_id("receipt:gift:2", "mascp.org"));
        assert!(a.starts_with('<') && a.ends_with("@mascp.org>"), "{a}");
        assert_eq!(a.len(), "<@mascp.org>".len() + 32);
    }
}

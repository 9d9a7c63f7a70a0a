//! The `send_email` job: delivers one outbox row and records the outcome.
//!
//! Exactly once, as far as SMTP allows. The row is marked sent only after the server
//! accepted the message (or its file was renamed into place), immediately, with nothing else
//! in between. A job that runs again, after a crash anywhere before that point, finds the row
//! still queued and sends; after it, finds it sent and does nothing. One window remains: if
//! the process dies after the server's "250 OK" and before the `UPDATE` commits, the message
//! goes out once more after the restart. No SMTP client can close that window; the resend
//! carries the same `Message-ID`, by which receivers (and our tests) drop the copy. The
//! files mode has no such window: an existing file counts as sent.

use std::time::Duration;

use anyhow::anyhow;
use sea_orm::DbErr;

use super::message;
use super::model::{self, SendEmail, status};
use crate::jobs::{Job, JobContext, JobError};

/// Tries to record a delivery before leaving the job to a later attempt (which would send
/// again): a database that blinks must not cause a duplicate.
const MARK_SENT_TRIES: u32 = 5;

/// Delivers the email named by the job's payload, unless it was already sent.
pub async fn send(context: &JobContext, job: &Job) -> Result<(), JobError> {
    let payload: SendEmail = serde_json::from_str(&job.payload).map_err(JobError::permanent)?;
    let Some(email) = model::find(&context.db, payload.email_id).await? else {
        return Ok(()); // deleted from the outbox: nothing to send
    };
    if email.status != status::QUEUED {
        return Ok(()); // sent (or given up) by an earlier attempt
    }
    let message = message::build(&email, &context.mailer.from).map_err(JobError::permanent)?;
    if let Err(error) = context.mailer.deliver(message, &email.message_id).await {
        let text = error.to_string();
        model::record_attempt_failure(&context.db, email.id, &text).await?;
        return Err(JobError { permanent: error.is_permanent(), error: anyhow!(text) });
    }
    mark_sent(context, email.id).await?;
    Ok(())
}

/// Records the delivery, retrying briefly on database errors.
async fn mark_sent(context: &JobContext, email_id: i64) -> Result<(), DbErr> {
    let mut tries = 0;
    loop {
        match model::mark_sent(&context.db, email_id).await {
            Ok(()) => return Ok(()),
            Err(error) if tries + 1 < MARK_SENT_TRIES => {
                tries += 1;
                tracing::warn!(email = email_id, %error, "cannot mark an email sent; trying again");
                tokio::time::sleep(Duration::from_millis(200 * u64::from(tries))).await;
            }
            Err(error) => return Err(error),
        }
    }
}

/// The queue gave up on the job: the email is `failed`, with the reason.
pub async fn gave_up(context: &JobContext, job: &Job, error: &str) -> Result<(), DbErr> {
    match serde_json::from_str::<SendEmail>(&job.payload) {
        Ok(payload) => model::mark_failed(&context.db, payload.email_id, error).await,
        Err(_) => Ok(()),
    }
}

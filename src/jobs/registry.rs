//! Every kind of job and the function that runs it: the one place to add a kind.

use std::sync::Arc;

use sea_orm::{DatabaseConnection, DbErr};

use super::model::Job;
use crate::app::AppState;
use crate::mail::{self, Mailer};
use crate::supporters::import;

/// What handlers may use.
#[derive(Clone)]
pub struct JobContext {
    pub db: DatabaseConnection,
    pub mailer: Arc<Mailer>,
    /// The application, for handlers that queue emails (rendering needs its templates).
    pub app: AppState,
}

/// Why an attempt failed, and whether another attempt could succeed.
#[derive(Debug)]
pub struct JobError {
    pub error: anyhow::Error,
    /// Retrying cannot help (bad payload, a recipient the server refuses for good).
    pub permanent: bool,
}

impl JobError {
    pub fn permanent(error: impl Into<anyhow::Error>) -> JobError {
        JobError { error: error.into(), permanent: true }
    }
}

/// Any other error is worth retrying (the database or the network may be back).
impl<E: Into<anyhow::Error>> From<E> for JobError {
    fn from(error: E) -> JobError {
        JobError { error: error.into(), permanent: false }
    }
}

/// Runs one attempt of `job`. Handlers must be idempotent: a job may run again after a crash.
pub async fn run(context: &JobContext, job: &Job) -> Result<(), JobError> {
    match job.kind.as_str() {
        mail::SEND_EMAIL => mail::delivery::send(context, job).await,
        import::IMPORT_SUPPORTERS => import::job(context, job).await,
        crate::events::reminders::KIND => crate::events::reminders::run(context, job).await,
        crate::fundraising::statements::KIND => crate::fundraising::statements::run(context, job).await,
        crate::events::delegations::retention::KIND => crate::events::delegations::retention::run(context, job).await,
        other => Err(JobError::permanent(anyhow::anyhow!("unknown job kind {other:?}"))),
    }
}

/// Called once when the queue gives up on `job`, so its domain can record the failure.
pub async fn gave_up(context: &JobContext, job: &Job, error: &str) -> Result<(), DbErr> {
    match job.kind.as_str() {
        mail::SEND_EMAIL => mail::delivery::gave_up(context, job, error).await,
        import::IMPORT_SUPPORTERS => import::gave_up(context, job, error).await,
        _ => Ok(()),
    }
}

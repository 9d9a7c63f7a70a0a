//! CSV import of supporters: a file uploaded (or given to `hermana import supporters`), its
//! columns recognized or mapped by hand, a preview of what would happen, then a durable job
//! that applies it in batches, resumable after a crash with no row applied twice or lost.
//!
//! De-duplication: an email (trimmed, case-insensitive, NFC) that is already in the records,
//! or earlier in the file, is the same person: their empty details are filled and their tags,
//! consent and note added. Name and postal code alike with a different email is only a
//! suggestion for a person to merge.

pub mod cli;
pub mod plan;
pub mod run;

pub use run::{IMPORT_SUPPORTERS, Import, Preview, Runner};

use crate::jobs::model::Job;
use crate::jobs::registry::{JobContext, JobError};

/// The job: applies the committed import named by the payload, from its cursor to the end.
pub async fn job(context: &JobContext, job: &Job) -> Result<(), JobError> {
    let payload: run::ImportJob = serde_json::from_str(&job.payload).map_err(JobError::permanent)?;
    if let Some(mut runner) = Runner::start(&context.db, payload.import_id).await? {
        runner.finish(&context.db).await?;
    }
    Ok(())
}

/// The job gave up: the import says so.
pub async fn gave_up(context: &JobContext, job: &Job, error: &str) -> Result<(), sea_orm::DbErr> {
    if let Ok(payload) = serde_json::from_str::<run::ImportJob>(&job.payload) {
        run::fail(&context.db, payload.import_id, error).await?;
    }
    Ok(())
}

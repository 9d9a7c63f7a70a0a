//! Queries of the job queue: enqueue, claim, complete, fail, give up, reclaim expired leases.
//!
//! Claims are conditional updates that re-check the row's own status, so of two workers that
//! pick the same job exactly one updates a row: SQLite runs one writer at a time, and
//! PostgreSQL re-evaluates the `WHERE` of the waiting update against the winner's row. The
//! claim count (`attempts`) is the fencing token: a worker whose lease was taken over cannot
//! complete or fail the job any more.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, ExprTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use super::entities::job;

pub type Job = job::Model;

/// Job statuses.
pub mod status {
    /// Waiting for `run_at`, then for a worker.
    pub const PENDING: &str = "pending";
    /// Claimed by `locked_by` until `locked_until`.
    pub const RUNNING: &str = "running";
    pub const DONE: &str = "done";
    /// Gave up: a permanent error, or `max_attempts` reached.
    pub const FAILED: &str = "failed";
}

/// Attempts before a job fails for good; with the default backoff, about eight hours.
pub const DEFAULT_MAX_ATTEMPTS: i32 = 12;

/// How many due jobs a claim looks at; losing a race for one moves on to the next.
const CANDIDATES: u64 = 8;

/// `last_error` keeps this many characters.
const ERROR_LIMIT: usize = 2000;

/// Work to do later.
#[derive(Clone, Debug)]
pub struct NewJob {
    pub organization_id: i64,
    pub kind: String,
    /// The handler's input, as JSON.
    pub payload: String,
    /// Unique across all jobs: prefix it with the kind (`send_email:…`).
    pub idempotency_key: String,
    pub run_at: DateTime<Utc>,
    pub max_attempts: i32,
}

impl NewJob {
    /// A job due now, with the default number of attempts.
    pub fn new(organization_id: i64, kind: &str, payload: String, idempotency_key: String) -> Self {
        NewJob {
            organization_id,
            kind: kind.to_owned(),
            payload,
            idempotency_key,
            run_at: Utc::now(),
            max_attempts: DEFAULT_MAX_ATTEMPTS,
        }
    }
}

/// Exponential backoff between attempts: `base`, `2 × base`, `4 × base`, … up to `cap`.
#[derive(Clone, Copy, Debug)]
pub struct Backoff {
    pub base: Duration,
    pub cap: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff { base: Duration::from_secs(30), cap: Duration::from_secs(3600) }
    }
}

impl Backoff {
    /// The wait after the `attempts`-th failed attempt (1 for the first).
    pub fn delay(&self, attempts: i32) -> Duration {
        let doublings = std::cmp::min(u32::try_from(attempts.saturating_sub(1)).unwrap_or(0), 31);
        self.base.checked_mul(1 << doublings).map_or(self.cap, |delay| delay.min(self.cap))
    }
}

/// What `fail` did with the job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Back to pending, due again at this time.
    RetryAt(DateTime<Utc>),
    /// That was the last attempt: the job is `failed`.
    GaveUp,
    /// Another worker holds the job now (this worker's lease expired): nothing changed.
    LeaseLost,
}

/// Adds a job; `false` (changing nothing) when one with the same idempotency key exists.
pub async fn enqueue(db: &impl ConnectionTrait, new: NewJob) -> Result<bool, DbErr> {
    let now = Utc::now();
    let row = job::ActiveModel {
        organization_id: Set(new.organization_id),
        kind: Set(new.kind),
        payload: Set(new.payload),
        idempotency_key: Set(new.idempotency_key),
        status: Set(status::PENDING.to_owned()),
        attempts: Set(0),
        max_attempts: Set(new.max_attempts),
        run_at: Set(new.run_at),
        locked_until: Set(None),
        locked_by: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let inserted = job::Entity::insert(row)
        .on_conflict(OnConflict::column(job::Column::IdempotencyKey).do_nothing().to_owned())
        .exec_without_returning(db)
        .await;
    match inserted {
        Ok(rows) => Ok(rows > 0),
        Err(DbErr::RecordNotInserted) => Ok(false),
        Err(e) => Err(e),
    }
}

pub async fn find(db: &impl ConnectionTrait, id: i64) -> Result<Option<Job>, DbErr> {
    job::Entity::find_by_id(id).one(db).await
}

pub async fn find_by_key(db: &impl ConnectionTrait, key: &str) -> Result<Option<Job>, DbErr> {
    job::Entity::find().filter(job::Column::IdempotencyKey.eq(key)).one(db).await
}

/// Claims one due job for `worker_id` for `lease`, oldest first; `None` when none is due.
pub async fn claim(db: &impl ConnectionTrait, worker_id: &str, lease: Duration) -> Result<Option<Job>, DbErr> {
    let now = Utc::now();
    let locked_until = now + lease;
    let candidates: Vec<i64> = job::Entity::find()
        .select_only()
        .column(job::Column::Id)
        .filter(job::Column::Status.eq(status::PENDING))
        .filter(job::Column::RunAt.lte(now))
        .order_by_asc(job::Column::RunAt)
        .order_by_asc(job::Column::Id)
        .limit(CANDIDATES)
        .into_tuple()
        .all(db)
        .await?;
    for id in candidates {
        let claimed = job::Entity::update_many()
            .col_expr(job::Column::Status, Expr::value(status::RUNNING))
            .col_expr(job::Column::Attempts, Expr::col(job::Column::Attempts).add(1))
            .col_expr(job::Column::LockedUntil, Expr::value(Some(locked_until)))
            .col_expr(job::Column::LockedBy, Expr::value(Some(worker_id)))
            .col_expr(job::Column::UpdatedAt, Expr::value(now))
            .filter(job::Column::Id.eq(id))
            // Re-checked here, not only in the select above: this is what makes the loser of
            // a race update nothing.
            .filter(job::Column::Status.eq(status::PENDING))
            .filter(job::Column::RunAt.lte(now))
            .exec(db)
            .await?;
        if claimed.rows_affected == 1 {
            return find(db, id).await;
        }
    }
    Ok(None)
}

/// The job is done. `false` when this worker no longer held it.
pub async fn complete(db: &impl ConnectionTrait, job: &Job) -> Result<bool, DbErr> {
    release(db, job, status::DONE, None, None).await
}

/// An attempt failed: retry after the backoff, or give up after `max_attempts`.
pub async fn fail(db: &impl ConnectionTrait, job: &Job, error: &str, backoff: &Backoff) -> Result<Failure, DbErr> {
    let (next, run_at) = if job.attempts >= job.max_attempts {
        (status::FAILED, None)
    } else {
        let run_at = Utc::now() + backoff.delay(job.attempts);
        (status::PENDING, Some(run_at))
    };
    if !release(db, job, next, run_at, Some(error)).await? {
        return Ok(Failure::LeaseLost);
    }
    Ok(run_at.map_or(Failure::GaveUp, Failure::RetryAt))
}

/// Fails the job for good (a permanent error). `false` when this worker no longer held it.
pub async fn give_up(db: &impl ConnectionTrait, job: &Job, error: &str) -> Result<bool, DbErr> {
    release(db, job, status::FAILED, None, Some(error)).await
}

/// Ends this worker's claim with the job's next status, if the claim still holds.
async fn release(
    db: &impl ConnectionTrait,
    job: &Job,
    next: &str,
    run_at: Option<DateTime<Utc>>,
    error: Option<&str>,
) -> Result<bool, DbErr> {
    let mut update = job::Entity::update_many()
        .col_expr(job::Column::Status, Expr::value(next))
        .col_expr(job::Column::LockedUntil, Expr::value(None::<DateTime<Utc>>))
        .col_expr(job::Column::LastError, Expr::value(error.map(truncate)))
        .col_expr(job::Column::UpdatedAt, Expr::value(Utc::now()));
    if let Some(run_at) = run_at {
        update = update.col_expr(job::Column::RunAt, Expr::value(run_at));
    }
    let updated = update.filter(held_by_claim(job)).exec(db).await?;
    Ok(updated.rows_affected == 1)
}

/// Puts running jobs whose lease expired (their worker stopped or lost the database) back in
/// the queue, due now. Returns how many.
///
/// A job's handler can tell a reclaimed attempt by `attempts`; the worker gives up on a job
/// reclaimed after its last attempt instead of running it again.
pub async fn reclaim_expired(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    let now = Utc::now();
    let updated = job::Entity::update_many()
        .col_expr(job::Column::Status, Expr::value(status::PENDING))
        .col_expr(job::Column::RunAt, Expr::value(now))
        .col_expr(job::Column::LockedUntil, Expr::value(None::<DateTime<Utc>>))
        .col_expr(job::Column::LastError, Expr::value(Some("the worker's lease expired".to_owned())))
        .col_expr(job::Column::UpdatedAt, Expr::value(now))
        .filter(job::Column::Status.eq(status::RUNNING))
        .filter(job::Column::LockedUntil.lt(now))
        .exec(db)
        .await?;
    Ok(updated.rows_affected)
}

/// The row is still running under the claim this worker made.
fn held_by_claim(job: &Job) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(job::Column::Id.eq(job.id))
        .add(job::Column::Status.eq(status::RUNNING))
        .add(job::Column::Attempts.eq(job.attempts))
        .add(job::Column::LockedBy.eq(job.locked_by.clone()))
}

fn truncate(error: &str) -> String {
    match error.char_indices().nth(ERROR_LIMIT) {
        Some((at, _)) => format!("{}…", &error[..at]),
        None => error.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_the_base_up_to_the_cap() {
        let backoff = Backoff { base: Duration::from_secs(30), cap: Duration::from_secs(3600) };
        let delays: Vec<u64> = (1..=9).map(|n| backoff.delay(n).as_secs()).collect();
        assert_eq!(delays, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    }

    #[test]
    fn backoff_never_overflows() {
        let backoff = Backoff::default();
        assert_eq!(backoff.delay(i32::MAX), backoff.cap);
        assert_eq!(backoff.delay(0), backoff.base);
        assert_eq!(backoff.delay(-5), backoff.base);
    }

    #[test]
    fn long_errors_are_cut_on_a_character_boundary() {
        let long = "ñ".repeat(ERROR_LIMIT + 10);
        let cut = truncate(&long);
        assert_eq!(cut.chars().count(), ERROR_LIMIT + 1);
        assert_eq!(truncate("short"), "short");
    }
}

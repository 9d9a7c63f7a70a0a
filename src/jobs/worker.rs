//! The worker: claims due jobs, runs each in its own task, and stops gracefully.
//!
//! Each job runs in a task of its own, so a panicking handler fails only its job, and
//! stopping (or aborting) the polling loop never cuts a job off between its side effect and
//! the database update that records it: the job finishes, then the lease is released. Only
//! the death of the whole process can cut it there; see `mail::delivery` for what that means
//! for email.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio::task::JoinHandle;

use super::model::{self, Backoff, Failure, Job};
use super::registry::{self, JobContext};
use crate::app::AppState;
use crate::mail::Mailer;

/// How a worker polls and retries.
#[derive(Clone, Debug)]
pub struct WorkerConfig {
    /// The wait before looking again when no job is due.
    pub poll_interval: Duration,
    /// How long a claim holds a job. Must exceed the longest attempt (the SMTP timeout is
    /// 30 s); a job still running when its lease expires may run twice.
    pub lease: Duration,
    /// Jobs run at the same time by this worker.
    pub concurrency: usize,
    pub backoff: Backoff,
    /// How often expired leases are put back in the queue.
    pub reclaim_interval: Duration,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        WorkerConfig {
            poll_interval: Duration::from_millis(500),
            lease: Duration::from_secs(300),
            concurrency: 4,
            backoff: Backoff::default(),
            reclaim_interval: Duration::from_secs(10),
        }
    }
}

/// Starts the worker that `hermana serve` runs beside the web server.
pub fn spawn_workers(state: &AppState) -> anyhow::Result<WorkerHandle> {
    let mailer = Mailer::new(&state.config)?;
    tracing::info!(mail = %mailer.mode(), "starting the job worker");
    let context = JobContext { db: state.db.clone(), mailer: Arc::new(mailer), app: state.clone() };
    let mut config = WorkerConfig::default();
    // How long a claimed job is held before another worker may take it over: also how soon a
    // job cut off by a crashed process runs again. Default 300 s.
    if let Some(seconds) = std::env::var("HERMANA_JOB_LEASE_SECONDS").ok().and_then(|s| s.parse::<u64>().ok()) {
        config.lease = Duration::from_secs(seconds.max(1));
    }
    Ok(Worker::new(context, config).spawn())
}

/// Claims and runs jobs until told to stop.
pub struct Worker {
    id: String,
    context: JobContext,
    config: WorkerConfig,
}

/// A running worker. Dropping it stops the worker too (after its jobs in flight).
pub struct WorkerHandle {
    id: String,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl WorkerHandle {
    /// The id the worker writes into `jobs.locked_by`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Stops claiming, waits for the jobs in flight to finish, then returns.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }

    /// Kills the polling loop at its next await point, as a crash would. Jobs already
    /// running finish in their own tasks; a claim cut off midway is reclaimed when its
    /// lease expires.
    pub fn abort(&self) {
        self.task.abort();
    }
}

static WORKERS: AtomicU32 = AtomicU32::new(0);

impl Worker {
    pub fn new(context: JobContext, config: WorkerConfig) -> Worker {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "hermana".to_owned());
        let id = format!("{host}:{}:{}", std::process::id(), WORKERS.fetch_add(1, Ordering::Relaxed));
        Worker { id, context, config }
    }

    pub fn spawn(self) -> WorkerHandle {
        let (stop, stopped) = watch::channel(false);
        let id = self.id.clone();
        let task = tokio::spawn(self.run(stopped));
        WorkerHandle { id, stop, task }
    }

    async fn run(self, mut stopped: watch::Receiver<bool>) {
        let concurrency = self.config.concurrency.max(1);
        let permits = Arc::new(Semaphore::new(concurrency));
        let mut last_reclaim: Option<Instant> = None;
        loop {
            if *stopped.borrow() {
                break;
            }
            if last_reclaim.is_none_or(|at| at.elapsed() >= self.config.reclaim_interval) {
                last_reclaim = Some(Instant::now());
                match model::reclaim_expired(&self.context.db).await {
                    Ok(0) => {}
                    Ok(count) => tracing::warn!(count, "reclaimed jobs whose lease expired"),
                    Err(error) => tracing::warn!(%error, "cannot reclaim expired jobs"),
                }
                // Scheduled articles go out on the same beat; every node may try, one wins each.
                match crate::content::articles::publish_scheduled(&self.context.db).await {
                    Ok(0) => {}
                    Ok(count) => tracing::info!(count, "published scheduled pages"),
                    Err(error) => tracing::warn!(%error, "cannot publish scheduled pages"),
                }
            }
            let permit = tokio::select! {
                permit = permits.clone().acquire_owned() => permit,
                changed = stopped.changed() => {
                    if changed.is_err() {
                        break; // the handle was dropped
                    }
                    continue;
                }
            };
            let Ok(permit) = permit else { break };
            match model::claim(&self.context.db, &self.id, self.config.lease).await {
                Ok(Some(job)) => {
                    tokio::spawn(execute(self.context.clone(), self.config.backoff, job, permit));
                }
                Ok(None) => {
                    drop(permit);
                    if !idle(&mut stopped, self.config.poll_interval).await {
                        break;
                    }
                }
                Err(error) => {
                    drop(permit);
                    tracing::warn!(%error, "cannot claim a job");
                    if !idle(&mut stopped, self.config.poll_interval).await {
                        break;
                    }
                }
            }
        }
        // Every permit back means every job in flight has finished.
        let all = u32::try_from(concurrency).unwrap_or(u32::MAX);
        let _ = permits.acquire_many(all).await;
    }
}

/// Waits one poll interval; `false` when the worker must stop.
async fn idle(stopped: &mut watch::Receiver<bool>, interval: Duration) -> bool {
    tokio::select! {
        () = tokio::time::sleep(interval) => true,
        changed = stopped.changed() => changed.is_ok() && !*stopped.borrow(),
    }
}

/// Runs one claimed job and records the outcome. Holds a concurrency permit until done.
async fn execute(context: JobContext, backoff: Backoff, job: Job, _permit: OwnedSemaphorePermit) {
    let outcome = if job.attempts > job.max_attempts {
        // Reclaimed after its last attempt: the worker died during every one of them.
        Err(("the worker stopped during the last attempt".to_owned(), true))
    } else {
        // A task of its own, so that a panic fails this job and nothing else.
        let attempt = {
            let context = context.clone();
            let job = job.clone();
            tokio::spawn(async move { registry::run(&context, &job).await })
        };
        match attempt.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(error)) => Err((format!("{:#}", error.error), error.permanent)),
            Err(join) => Err((format!("the handler panicked: {join}"), false)),
        }
    };
    let recorded = match outcome {
        Ok(()) => model::complete(&context.db, &job).await.map(|held| {
            if !held {
                tracing::warn!(job = job.id, "job finished after its lease was taken over");
            }
        }),
        Err((error, permanent)) => record_failure(&context, &backoff, &job, &error, permanent).await,
    };
    if let Err(error) = recorded {
        // The lease will expire and the job run again; handlers are idempotent.
        tracing::error!(job = job.id, %error, "cannot record a job's outcome");
    }
}

async fn record_failure(
    context: &JobContext,
    backoff: &Backoff,
    job: &Job,
    error: &str,
    permanent: bool,
) -> Result<(), sea_orm::DbErr> {
    let failure = if permanent {
        if model::give_up(&context.db, job, error).await? { Failure::GaveUp } else { Failure::LeaseLost }
    } else {
        model::fail(&context.db, job, error, backoff).await?
    };
    match failure {
        Failure::RetryAt(at) => {
            tracing::warn!(job = job.id, kind = %job.kind, attempts = job.attempts, %at, error, "job failed; will retry");
        }
        Failure::GaveUp => {
            tracing::error!(job = job.id, kind = %job.kind, attempts = job.attempts, error, "job failed for good");
            registry::gave_up(context, job, error).await?;
        }
        Failure::LeaseLost => {
            tracing::warn!(job = job.id, error, "job failed after its lease was taken over");
        }
    }
    Ok(())
}

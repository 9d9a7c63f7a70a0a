//! Durable background jobs: a `jobs` table with a lease, attempts with backoff and an
//! idempotency key, and a worker in the same process that claims and runs them.

pub mod entities;
pub mod model;
pub mod registry;
pub mod worker;

pub use model::{Backoff, Job, NewJob, enqueue};
pub use registry::{JobContext, JobError};
pub use worker::{Worker, WorkerConfig, WorkerHandle, spawn_workers};

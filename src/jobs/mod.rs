//! Durable background jobs: a `jobs` table with a lease, attempts with backoff and an
//! idempotency key.

pub mod entities;
pub mod model;

pub use model::{Backoff, Job, NewJob, enqueue};

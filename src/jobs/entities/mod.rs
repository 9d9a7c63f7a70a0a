//! Table mapping for the job queue.

pub mod job;

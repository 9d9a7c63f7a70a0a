//! Email: an outbox of messages rendered in each recipient's language, each delivered by a
//! `send_email` job.

pub mod entities;
pub mod model;
pub mod templates;

pub use model::{Email, OutgoingEmail, Queued, SEND_EMAIL, queue};

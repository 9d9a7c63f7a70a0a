//! Table mapping for the email outbox.

pub mod email;

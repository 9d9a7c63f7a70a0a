//! Email: an outbox of messages rendered in each recipient's language, delivered by a
//! `send_email` job through SMTP, or written as `.eml` files when no SMTP server is set.

pub mod delivery;
pub mod entities;
pub mod message;
pub mod model;
pub mod templates;
pub mod transport;

pub use model::{Email, OutgoingEmail, Queued, SEND_EMAIL, queue, queue_with_headers};
pub use transport::{MailMode, Mailer, mail_mode};

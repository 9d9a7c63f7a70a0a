//! Card payments through Stripe: Checkout Sessions over the REST API, the signed webhook, and
//! the metadata that carries a donor's choices from the donate form to the ledger.

pub mod client;
pub mod events;
pub mod metadata;
pub mod signature;

pub use client::{Stripe, StripeError};

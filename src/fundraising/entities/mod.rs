//! Fundraising's tables, one module per table.

pub mod campaign;
pub mod fund;
pub mod gift;
pub mod gift_batch;
pub mod receipt;
pub mod recurring_plan;
pub mod settings;
pub mod stripe_event;
pub mod transfer;

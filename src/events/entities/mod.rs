//! Events' tables, one module per table.

pub mod event;
pub mod registration;

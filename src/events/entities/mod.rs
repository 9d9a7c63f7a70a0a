//! Events' tables, one module per table.

pub mod application;
pub mod event;
pub mod organizer;
pub mod registration;

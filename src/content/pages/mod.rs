//! Handlers of the public content pages.

pub mod root;
pub mod search;
pub mod show;

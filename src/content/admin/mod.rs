//! The content studio: the core group's pages for writing, translating and publishing.

pub mod article;
pub mod cover;
pub mod create;
pub mod edit;
pub mod history;
pub mod list;
pub mod menus;
pub mod preview;
pub mod status;

//! Handlers of the public content pages.

pub mod articles;
pub mod feed;
pub mod robots;
pub mod root;
pub mod search;
pub mod show;
pub mod sitemap;

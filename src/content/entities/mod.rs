//! Table mappings for pages, links and their translations.

pub mod cache_version;
pub mod link;
pub mod link_translation;
pub mod menu_item;
pub mod page;
pub mod page_revision;
pub mod page_tag;
pub mod page_translation;
pub mod slug_redirect;

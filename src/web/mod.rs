//! The web layer shared by every domain: extractors, rendering, caching, headers, errors.

pub mod assets;
pub mod cache;
pub mod cookies;
pub mod errors;
pub mod extract;
pub mod forms;
pub mod headers;
pub mod health;
pub mod layout;
pub mod origin;
pub mod render;
pub mod upload;

pub use extract::{CurrentOrganization, PathLang};

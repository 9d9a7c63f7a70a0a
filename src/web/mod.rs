//! The web layer shared by every domain: extractors, rendering, caching, headers, errors.

pub mod assets;
pub mod cache;
pub mod errors;
pub mod extract;
pub mod headers;
pub mod health;
pub mod layout;
pub mod render;

pub use extract::{CurrentOrganization, PathLang};

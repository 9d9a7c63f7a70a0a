//! Table mappings for the media library.

pub mod media;
pub mod media_variant;

//! The media library's public side.

pub mod serve;

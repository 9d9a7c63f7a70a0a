//! Committees, sister communities, the network and its working groups.

pub mod entities;
pub mod model;

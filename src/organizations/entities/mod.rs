//! Table mappings for organizations and the pairings between them.

pub mod organization;
pub mod sisterhood;
pub mod working_group;

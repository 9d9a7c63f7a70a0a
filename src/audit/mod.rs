//! The audit log: who did what, when, and through which request, for admins to read.

pub mod entities;
pub mod model;

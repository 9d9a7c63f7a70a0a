//! Table mapping for the audit log.

pub mod audit_entry;

//! Supporters' tables, one module per table.

pub mod activity;
pub mod consent;
pub mod form_attempt;
pub mod import;
pub mod import_file;
pub mod import_suggestion;
pub mod interest;
pub mod note;
pub mod segment;
pub mod supporter;
pub mod supporter_tag;
pub mod tag;
pub mod token;

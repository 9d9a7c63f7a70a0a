//! CSV files as people really have them: exports from spreadsheets (often Windows-1252 and `;`
//! from Excel in Spanish) and from contact tools (Wix, Action Network, CiviCRM, Mailchimp).
//!
//! No domain knowledge, no database, no web: bytes in, a [`Sheet`] of rows out (with the rows
//! that could not be read set aside with their reason), a [`Mapping`] of columns to supporter
//! [`Field`]s, and a [`CsvWriter`] that spreadsheets open safely.

mod decode;
mod delimiter;
mod headers;
mod normalize;
mod read;
mod write;

pub use decode::{Encoding, decode};
pub use delimiter::{Delimiter, detect_delimiter};
pub use headers::{
    Consent, Field, Mapping, MappingError, Recognition, Source, UnknownColumn, parse_consent, parse_yes_no,
};
pub use normalize::{fold_for_matching, normalize_email, normalize_postal_code};
pub use read::{Limits, RejectedRow, Row, RowProblem, Sheet, SheetError};
pub use write::{Cell, CsvWriter, RejectedWriter, neutralize};

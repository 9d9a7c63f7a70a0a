//! The image upload form: the shared upload extractor at the media library's size limit.

use crate::media::process::MAX_BYTES;

pub use crate::web::upload::FileField;

/// A checked image upload form.
pub type Upload = crate::web::upload::Upload<MAX_BYTES>;

/// The largest request body of an image upload: the file and the other fields.
pub const MAX_BODY: usize = crate::web::upload::max_body(MAX_BYTES);

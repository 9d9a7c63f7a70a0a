//! The media library's admin pages, one action per file.

pub mod alt;
pub mod delete;
pub mod form;
pub mod list;
pub mod replace;
pub mod show;
pub mod upload;

use crate::media::process::Refusal;

use form::FileField;

/// The processed upload, or the Fluent key of what is wrong with the file.
pub async fn process(file: FileField) -> Result<crate::media::process::Processed, &'static str> {
    let bytes = match file {
        FileField::Missing => return Err("media-error-file-required"),
        FileField::TooBig => return Err(Refusal::TooBig.key()),
        FileField::Bytes(bytes) => bytes,
    };
    // Decoding and encoding take a while: keep them off the async workers.
    match tokio::task::spawn_blocking(move || crate::media::process::process(&bytes)).await {
        Ok(result) => result.map_err(Refusal::key),
        Err(_) => Err(Refusal::NotAnImage.key()),
    }
}

//! An upload form (`multipart/form-data`): its CSRF token, its text fields, and one file
//! (the field named `file`) read up to `MAX` bytes. A plain urlencoded post is read as the same
//! form without a file, so it gets the same "choose a file" message.

use std::collections::HashMap;

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{StatusCode, header};

use crate::app::AppState;
use crate::error::AppError;
use crate::web::forms::check_submission;

/// The largest request body of an upload of at most `max` bytes: the file and the other fields.
pub const fn max_body(max: usize) -> usize {
    max + 1024 * 1024
}
/// The longest text field kept.
const MAX_FIELD: usize = 64 * 1024;

/// The file of an upload.
#[derive(Debug)]
pub enum FileField {
    /// No file chosen.
    Missing,
    /// Over the limit: its bytes were read and dropped.
    TooBig,
    Bytes(Vec<u8>),
}

/// A checked upload form.
#[derive(Debug)]
pub struct Upload<const MAX: usize> {
    fields: HashMap<String, String>,
    pub file: FileField,
    /// The file's name as the browser sent it (no directories), or empty.
    pub file_name: String,
}

impl<const MAX: usize> Upload<MAX> {
    /// A text field as typed, or empty.
    pub fn field(&self, name: &str) -> String {
        self.fields.get(name).cloned().unwrap_or_default()
    }
}

impl<const MAX: usize> FromRequest<AppState> for Upload<MAX> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let headers = request.headers().clone();
        let https = state.config.is_https();
        let urlencoded = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
        if urlencoded {
            let body = axum::body::to_bytes(request.into_body(), MAX_FIELD).await.map_err(|_| AppError::BadRequest)?;
            let fields: HashMap<String, String> =
                serde_urlencoded::from_bytes(&body).map_err(|_| AppError::BadRequest)?;
            check_submission(&headers, fields.get("csrf").map_or("", String::as_str), https)?;
            return Ok(Upload { fields, file: FileField::Missing, file_name: String::new() });
        }
        let mut multipart = Multipart::from_request(request, state).await.map_err(|_| AppError::BadRequest)?;
        let mut fields = HashMap::new();
        let mut file = FileField::Missing;
        let mut file_name = String::new();
        loop {
            let mut field = match multipart.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => break,
                Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    file = FileField::TooBig;
                    break;
                }
                Err(_) => return Err(AppError::BadRequest),
            };
            let name = field.name().unwrap_or_default().to_owned();
            if name == "file" {
                let sent = field.file_name().unwrap_or_default();
                file_name = sent.rsplit(['/', '\\']).next().unwrap_or_default().to_owned();
                let mut bytes = Vec::new();
                let mut too_big = false;
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) if too_big => drop(chunk),
                        Ok(Some(chunk)) if bytes.len() + chunk.len() > MAX => {
                            too_big = true;
                            bytes = Vec::new();
                        }
                        Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
                        Ok(None) => break,
                        Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                            too_big = true;
                            break;
                        }
                        Err(_) => return Err(AppError::BadRequest),
                    }
                }
                file = if too_big {
                    FileField::TooBig
                } else if bytes.is_empty() {
                    FileField::Missing
                } else {
                    FileField::Bytes(bytes)
                };
                if too_big {
                    // The rest of an oversized body cannot be read: answer now.
                    break;
                }
            } else {
                let text = field.text().await.map_err(|_| AppError::BadRequest)?;
                if text.len() > MAX_FIELD {
                    return Err(AppError::BadRequest);
                }
                fields.insert(name, text);
            }
        }
        check_submission(&headers, fields.get("csrf").map_or("", String::as_str), https)?;
        Ok(Upload { fields, file, file_name })
    }
}

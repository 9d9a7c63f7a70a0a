//! Static files (CSS, icons), embedded at build time under fingerprinted names and served
//! pre-compressed with a one-year cache lifetime.

use std::collections::HashMap;
use std::io::Write as _;
use std::sync::LazyLock;

use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

/// One file of `static/`.
pub struct Asset {
    /// The file's name in `static/`, as templates ask for it.
    pub name: &'static str,
    /// The name it is served under: `hermana.<hash>.css`.
    pub path: &'static str,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
}

/// Every static file, written by `build.rs`.
pub static ASSETS: &[Asset] = include!(concat!(env!("OUT_DIR"), "/assets.rs"));

struct Served {
    asset: &'static Asset,
    gzip: Option<Bytes>,
}

/// Assets by served path, with a gzip copy of the text ones made once on first use.
static BY_PATH: LazyLock<HashMap<&'static str, Served>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|asset| {
            let compressible = asset.content_type.starts_with("text/") || asset.content_type.contains("svg");
            let gzip = compressible.then(|| gzip(asset.bytes)).flatten();
            (asset.path, Served { asset, gzip })
        })
        .collect()
});

fn gzip(bytes: &[u8]) -> Option<Bytes> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok().map(Bytes::from)
}

/// The URL of a static file by its name in `static/` (`hermana.css` → `/static/hermana.1a2b3c4d5e.css`).
pub fn url(name: &str) -> Option<String> {
    ASSETS.iter().find(|a| a.name == name).map(|a| format!("/static/{}", a.path))
}

/// `GET /static/{path}`.
pub async fn serve(Path(path): Path<String>, headers: HeaderMap) -> Result<Response, AppError> {
    let served = BY_PATH.get(path.as_str()).ok_or(AppError::NotFound)?;
    let wants_gzip = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
    let mut response = match (&served.gzip, wants_gzip) {
        (Some(gzip), true) => {
            let mut r = (StatusCode::OK, gzip.clone()).into_response();
            r.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            r
        }
        _ => (StatusCode::OK, Bytes::from_static(served.asset.bytes)).into_response(),
    };
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(served.asset.content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    Ok(response)
}

//! The in-memory cache of rendered public pages, correct across several app nodes.
//!
//! Every content write bumps the one row of `cache_versions`. Each node asks for that version
//! at most once per `check_interval`; when it moved, the node drops its pages and reloads its
//! host map. So an edit on one node shows on the others within the interval, with one small
//! query per interval instead of one per request.

use std::collections::HashMap;
use std::io::Write as _;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, DbErr};
use sha2::{Digest, Sha256};

use crate::app::AppState;
use crate::content::model as content;
use crate::organizations::model as organizations;
use crate::web::extract::PathLang;

/// At most this many pages are kept; past it the cache starts over (pages are cheap to redo).
const MAX_PAGES: usize = 2_000;
/// Pages larger than this are served but not cached.
const MAX_PAGE_BYTES: usize = 512 * 1024;

/// Marks a handler's response as the same for every visitor, so it may be cached.
#[derive(Clone, Copy, Debug)]
pub struct Cacheable;

/// What a node knows about the content version and which host belongs to whom.
#[derive(Debug)]
pub struct Snapshot {
    pub version: i64,
    pub changed_at: DateTime<Utc>,
    checked_at: Instant,
    hosts: HashMap<String, i64>,
    default_organization: Option<i64>,
}

impl Snapshot {
    /// The organization for a request's host, else the default one.
    pub fn organization_for(&self, host: Option<String>) -> Option<i64> {
        host.and_then(|h| self.hosts.get(&h).copied())
            .or(self.default_organization)
    }
}

/// One rendered page in each encoding, with its validators.
struct CachedPage {
    identity: Bytes,
    gzip: Bytes,
    brotli: Bytes,
    etag: String,
    content_language: &'static str,
}

pub struct PageCache {
    check_interval: Duration,
    default_slug: String,
    snapshot: RwLock<Arc<Snapshot>>,
    refresh: tokio::sync::Mutex<()>,
    pages: RwLock<HashMap<(i64, String), Arc<CachedPage>>>,
}

impl PageCache {
    pub fn new(check_interval: Duration, default_slug: String) -> PageCache {
        let empty = Snapshot {
            version: i64::MIN,
            changed_at: DateTime::<Utc>::MIN_UTC,
            checked_at: Instant::now(),
            hosts: HashMap::new(),
            default_organization: None,
        };
        PageCache {
            check_interval,
            default_slug,
            snapshot: RwLock::new(Arc::new(empty)),
            refresh: tokio::sync::Mutex::new(()),
            pages: RwLock::new(HashMap::new()),
        }
    }

    /// The current snapshot, refreshed from the database when older than the interval.
    pub async fn snapshot(&self, db: &DatabaseConnection) -> Result<Arc<Snapshot>, DbErr> {
        let current = self.read_snapshot();
        if current.version != i64::MIN && current.checked_at.elapsed() < self.check_interval {
            return Ok(current);
        }
        let _guard = self.refresh.lock().await;
        let current = self.read_snapshot();
        if current.version != i64::MIN && current.checked_at.elapsed() < self.check_interval {
            return Ok(current);
        }
        let (version, changed_at) = content::cache_version(db).await?;
        let next = if version == current.version {
            Snapshot {
                checked_at: Instant::now(),
                hosts: current.hosts.clone(),
                ..*current
            }
        } else {
            let (hosts, default_organization) =
                organizations::host_map(db, &self.default_slug).await?;
            self.clear();
            Snapshot {
                version,
                changed_at,
                checked_at: Instant::now(),
                hosts,
                default_organization,
            }
        };
        let next = Arc::new(next);
        if let Ok(mut slot) = self.snapshot.write() {
            *slot = next.clone();
        }
        Ok(next)
    }

    /// Makes the next request ask the database, for writes made by this node.
    pub fn invalidate(&self) {
        if let Ok(mut slot) = self.snapshot.write() {
            let stale = Snapshot {
                version: i64::MIN,
                changed_at: slot.changed_at,
                checked_at: slot.checked_at,
                hosts: slot.hosts.clone(),
                default_organization: slot.default_organization,
            };
            *slot = Arc::new(stale);
        }
    }

    fn read_snapshot(&self) -> Arc<Snapshot> {
        match self.snapshot.read() {
            Ok(slot) => slot.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn clear(&self) {
        if let Ok(mut pages) = self.pages.write() {
            pages.clear();
        }
    }

    fn get(&self, key: &(i64, String)) -> Option<Arc<CachedPage>> {
        self.pages.read().ok()?.get(key).cloned()
    }

    fn put(&self, key: (i64, String), page: Arc<CachedPage>) {
        if let Ok(mut pages) = self.pages.write() {
            if pages.len() >= MAX_PAGES {
                pages.clear();
            }
            pages.insert(key, page);
        }
    }
}

/// Middleware: serves public pages from the cache, and fills it from handlers' `Cacheable`
/// responses. Anything with a query string, or that is not a GET/HEAD of a language path,
/// passes straight through.
pub async fn serve_cached(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let lang = PathLang::from_path(request.uri().path());
    let eligible = matches!(*request.method(), Method::GET | Method::HEAD)
        && request.uri().query().is_none()
        && lang.is_some();
    let Some(lang) = lang.filter(|_| eligible) else {
        return next.run(request).await;
    };
    let Ok(snapshot) = state.cache.snapshot(&state.db).await else {
        return next.run(request).await;
    };
    let (parts, body) = request.into_parts();
    let Some(organization) = snapshot.organization_for(crate::web::extract::host(&parts)) else {
        return next.run(Request::from_parts(parts, body)).await;
    };
    let key = (organization, parts.uri.path().to_owned());
    let request_headers = parts.headers.clone();
    if let Some(page) = state.cache.get(&key) {
        return respond(&page, &snapshot, &request_headers);
    }
    let response = next.run(Request::from_parts(parts, body)).await;
    if response.status() != StatusCode::OK || response.extensions().get::<Cacheable>().is_none() {
        return response;
    }
    let (mut response_parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        response_parts.status = StatusCode::INTERNAL_SERVER_ERROR;
        return Response::from_parts(response_parts, Body::empty());
    };
    let page = Arc::new(compress(bytes, lang.code()));
    if state.cache.read_snapshot().version == snapshot.version {
        state.cache.put(key, page.clone());
    }
    respond(&page, &snapshot, &request_headers)
}

fn compress(identity: Bytes, lang: &str) -> CachedPage {
    let hash = Sha256::digest(&identity);
    let etag: String = hash.iter().take(10).map(|b| format!("{b:02x}")).collect();
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let gzip = gzip
        .write_all(&identity)
        .and_then(|()| gzip.finish())
        .unwrap_or_default();
    let mut brotli = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    if brotli::BrotliCompress(&mut identity.as_ref(), &mut brotli, &params).is_err() {
        brotli.clear();
    }
    CachedPage {
        identity,
        gzip: Bytes::from(gzip),
        brotli: Bytes::from(brotli),
        etag,
        content_language: if lang == "es" { "es" } else { "en" },
    }
}

/// The encoding to send for an `Accept-Encoding` header: `br`, `gzip` or none.
fn choose_encoding(headers: &HeaderMap) -> Option<&'static str> {
    let accept = headers.get(header::ACCEPT_ENCODING)?.to_str().ok()?;
    let accepts = |name: &str| {
        accept.split(',').take(16).any(|item| {
            let mut parts = item.split(';');
            parts
                .next()
                .is_some_and(|n| n.trim().eq_ignore_ascii_case(name))
                && !parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"))
        })
    };
    if accepts("br") {
        Some("br")
    } else if accepts("gzip") {
        Some("gzip")
    } else {
        None
    }
}

fn respond(page: &CachedPage, snapshot: &Snapshot, request: &HeaderMap) -> Response {
    let encoding = choose_encoding(request);
    let (body, etag) = match encoding {
        Some("br") if !page.brotli.is_empty() => {
            (page.brotli.clone(), format!("\"{}-br\"", page.etag))
        }
        Some("gzip" | "br") if !page.gzip.is_empty() => {
            (page.gzip.clone(), format!("\"{}-gz\"", page.etag))
        }
        _ => (page.identity.clone(), format!("\"{}\"", page.etag)),
    };
    let encoding = match etag.rsplit_once('-') {
        Some((_, "br\"")) => Some("br"),
        Some((_, "gz\"")) => Some("gzip"),
        _ => None,
    };
    let last_modified = crate::web::headers::http_date(snapshot.changed_at);
    let not_modified = match request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        Some(tags) => tags.split(',').any(|tag| {
            let tag = tag.trim().trim_start_matches("W/").trim_matches('"');
            tag == "*" || tag.split('-').next() == Some(page.etag.as_str())
        }),
        None => request
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|since| since == last_modified),
    };
    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (StatusCode::OK, body).into_response()
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, no-cache"),
    );
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    headers.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(page.content_language),
    );
    if let Some(encoding) = encoding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    if let Ok(value) = HeaderValue::from_str(&last_modified) {
        headers.insert(header::LAST_MODIFIED, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(accept: &str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(accept).unwrap(),
        );
        map
    }

    #[test]
    fn prefers_brotli_then_gzip() {
        assert_eq!(choose_encoding(&headers("gzip, deflate, br")), Some("br"));
        assert_eq!(choose_encoding(&headers("gzip")), Some("gzip"));
        assert_eq!(choose_encoding(&headers("br;q=0, gzip")), Some("gzip"));
        assert_eq!(choose_encoding(&headers("identity")), None);
        assert_eq!(choose_encoding(&HeaderMap::new()), None);
    }
}

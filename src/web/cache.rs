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
use axum::response::Response;
use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, DbErr};
use sha2::{Digest, Sha256};

use crate::app::AppState;
use crate::content::model as content;
use crate::organizations::model as organizations;
use crate::web::extract::PathLang;
use crate::web::origin::Origin;

/// At most this many pages are kept; past it the cache starts over (pages are cheap to redo).
const MAX_PAGES: usize = 2_000;
/// The largest page the cache reads. Page text is limited to 200 KB of Markdown, so a real
/// page stays far below this; past it the response is an error rather than a half page.
const MAX_PAGE_BYTES: usize = 8 * 1024 * 1024;

/// Marks a handler's response as the same for every visitor, so it may be cached.
#[derive(Clone, Copy, Debug)]
pub struct Cacheable;

/// Marks a request the cache must neither answer nor keep: the static export's, which asks
/// for each page once and would only pay for compressed copies it never sends.
#[derive(Clone, Copy, Debug)]
pub struct Bypass;

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
    /// Whether a host name is an organization's own.
    pub fn knows_host(&self, host: &str) -> bool {
        self.hosts.contains_key(host)
    }

    /// The organization for a request's host, else the default one.
    pub fn organization_for(&self, host: Option<String>) -> Option<i64> {
        host.and_then(|h| self.hosts.get(&h).copied()).or(self.default_organization)
    }
}

/// One rendered page in each encoding, each with its complete set of response headers, built
/// once when the page is cached so that serving it only clones two reference-counted values.
struct CachedPage {
    /// Hash of the identity body; every encoding's `ETag` starts with it.
    etag: String,
    last_modified: String,
    identity: Variant,
    gzip: Option<Variant>,
    brotli: Option<Variant>,
}

struct Variant {
    body: Bytes,
    headers: HeaderMap,
}

pub struct PageCache {
    check_interval: Duration,
    default_slug: String,
    snapshot: RwLock<Arc<Snapshot>>,
    refresh: tokio::sync::Mutex<()>,
    /// Pages by organization, then by absolute URL.
    pages: RwLock<HashMap<i64, HashMap<String, Arc<CachedPage>>>>,
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
            Snapshot { checked_at: Instant::now(), hosts: current.hosts.clone(), ..*current }
        } else {
            let (hosts, default_organization) = organizations::host_map(db, &self.default_slug).await?;
            self.clear();
            Snapshot { version, changed_at, checked_at: Instant::now(), hosts, default_organization }
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

    fn get(&self, organization: i64, url: &str) -> Option<Arc<CachedPage>> {
        self.pages.read().ok()?.get(&organization)?.get(url).cloned()
    }

    fn put(&self, organization: i64, url: String, page: Arc<CachedPage>) {
        if let Ok(mut pages) = self.pages.write() {
            if pages.values().map(HashMap::len).sum::<usize>() >= MAX_PAGES {
                pages.clear();
            }
            pages.entry(organization).or_default().insert(url, page);
        }
    }
}

/// The request headers the cache answers by.
struct Conditions {
    accept_encoding: Option<HeaderValue>,
    if_none_match: Option<HeaderValue>,
    if_modified_since: Option<HeaderValue>,
}

impl Conditions {
    fn of(headers: &HeaderMap) -> Conditions {
        Conditions {
            accept_encoding: headers.get(header::ACCEPT_ENCODING).cloned(),
            if_none_match: headers.get(header::IF_NONE_MATCH).cloned(),
            if_modified_since: headers.get(header::IF_MODIFIED_SINCE).cloned(),
        }
    }
}

/// Middleware: serves public pages from the cache, and fills it from handlers' `Cacheable`
/// responses. Anything with a query string or marked [`Bypass`], or that is not a GET/HEAD of a
/// language path, passes straight through.
pub async fn serve_cached(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let lang = PathLang::from_path(request.uri().path());
    let eligible = matches!(*request.method(), Method::GET | Method::HEAD)
        && request.uri().query().is_none()
        && request.extensions().get::<Bypass>().is_none()
        && lang.is_some();
    let Some(lang) = lang.filter(|_| eligible) else {
        return next.run(request).await;
    };
    let Ok(snapshot) = state.cache.snapshot(&state.db).await else {
        return next.run(request).await;
    };
    let Some(organization) = snapshot.organization_for(crate::web::extract::host_of(request.headers())) else {
        return next.run(request).await;
    };
    // Without a base URL, pages are built from the `Host` header: only hosts we know are
    // cached, so made-up hosts cannot fill the cache or make every request pay for brotli.
    if state.config.base_url.is_none()
        && let Some(host) = crate::web::extract::host_of(request.headers())
        && !snapshot.knows_host(&host)
        && !is_local(&host, &state.config.listen)
    {
        return next.run(request).await;
    }
    let conditions = Conditions::of(request.headers());
    // Pages hold absolute URLs: without a base URL those follow the `Host` header, so the
    // page is kept by its absolute URL (else one visitor's Host would end up in everyone's page).
    let url = Origin::of(&state.config, request.headers()).url(request.uri().path());
    if let Some(page) = state.cache.get(organization, &url) {
        return respond(&page, &conditions);
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::OK || response.extensions().get::<Cacheable>().is_none() {
        return response;
    }
    let (mut response_parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        response_parts.status = StatusCode::INTERNAL_SERVER_ERROR;
        return Response::from_parts(response_parts, Body::empty());
    };
    let last_modified = crate::web::headers::http_date(snapshot.changed_at);
    let page = Arc::new(build(bytes, lang.code(), last_modified, state.config.is_https()));
    if state.cache.read_snapshot().version == snapshot.version {
        state.cache.put(organization, url, page.clone());
    }
    respond(&page, &conditions)
}

/// The server's own address, or a loopback name, as a request's host.
fn is_local(host: &str, listen: &std::net::SocketAddr) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host == "localhost"
        || host == listen.ip().to_string()
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Compresses a page and builds each variant's headers.
fn build(identity: Bytes, lang: &'static str, last_modified: String, https: bool) -> CachedPage {
    let hash = Sha256::digest(&identity);
    let etag: String = hash.iter().take(10).map(|b| format!("{b:02x}")).collect();
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let gzip = gzip.write_all(&identity).and_then(|()| gzip.finish()).ok();
    let mut brotli = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    let brotli = brotli::BrotliCompress(&mut identity.as_ref(), &mut brotli, &params).ok().map(|_| brotli);
    let variant = |body: Bytes, encoding: Option<&'static str>, tag: String| {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, no-cache"));
        headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
        headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(lang));
        if let Some(encoding) = encoding {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        if let Ok(value) = HeaderValue::from_str(&tag) {
            headers.insert(header::ETAG, value);
        }
        if let Ok(value) = HeaderValue::from_str(&last_modified) {
            headers.insert(header::LAST_MODIFIED, value);
        }
        crate::web::headers::apply(&mut headers, https);
        Variant { body, headers }
    };
    CachedPage {
        gzip: gzip.map(|g| variant(Bytes::from(g), Some("gzip"), format!("\"{etag}-gz\""))),
        brotli: brotli.map(|b| variant(Bytes::from(b), Some("br"), format!("\"{etag}-br\""))),
        identity: variant(identity, None, format!("\"{etag}\"")),
        last_modified: last_modified.clone(),
        etag,
    }
}

/// The encoding to send for an `Accept-Encoding` header: `br`, `gzip` or none.
fn choose_encoding(accept: Option<&HeaderValue>) -> Option<&'static str> {
    let accept = accept?.to_str().ok()?;
    let accepts = |name: &str| {
        accept.split(',').take(16).any(|item| {
            let mut parts = item.split(';');
            parts.next().is_some_and(|n| n.trim().eq_ignore_ascii_case(name))
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

fn respond(page: &CachedPage, conditions: &Conditions) -> Response {
    let variant = match choose_encoding(conditions.accept_encoding.as_ref()) {
        Some("br") => page.brotli.as_ref().or(page.gzip.as_ref()),
        Some(_) => page.gzip.as_ref(),
        None => None,
    }
    .unwrap_or(&page.identity);
    let not_modified = match conditions.if_none_match.as_ref().and_then(|v| v.to_str().ok()) {
        Some(tags) => tags.split(',').any(|tag| {
            let tag = tag.trim().trim_start_matches("W/").trim_matches('"');
            tag == "*" || tag.split('-').next() == Some(page.etag.as_str())
        }),
        None => conditions
            .if_modified_since
            .as_ref()
            .and_then(|v| v.to_str().ok())
            .is_some_and(|since| since == page.last_modified),
    };
    let mut response =
        if not_modified { Response::new(Body::empty()) } else { Response::new(Body::from(variant.body.clone())) };
    if not_modified {
        *response.status_mut() = StatusCode::NOT_MODIFIED;
    }
    *response.headers_mut() = variant.headers.clone();
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> Option<HeaderValue> {
        Some(HeaderValue::from_str(value).unwrap())
    }

    #[test]
    fn prefers_brotli_then_gzip() {
        assert_eq!(choose_encoding(accept("gzip, deflate, br").as_ref()), Some("br"));
        assert_eq!(choose_encoding(accept("gzip").as_ref()), Some("gzip"));
        assert_eq!(choose_encoding(accept("br;q=0, gzip").as_ref()), Some("gzip"));
        assert_eq!(choose_encoding(accept("identity").as_ref()), None);
        assert_eq!(choose_encoding(None), None);
    }
}

//! `hermana export-static`: an organization's public site as plain files any static host serves.
//!
//! Every file is a response of the real router, requested in-process: the export holds the
//! bytes visitors get, never a second rendering. It has
//! - every address of every published page, in both languages (a `missing` translation shows
//!   the other language under its notice, as on the live site), written twice: `es/x.html` and
//!   `es/x/index.html` (see [`output::Files::page`]); the home pages as `es/index.html`;
//! - the not-found page, `404.html` in English and `es/404.html` in Spanish (the names
//!   GitHub Pages, Netlify and Cloudflare Pages look for);
//! - every static asset at its fingerprinted path, and `/robots.txt`, `/sitemap.xml` and the
//!   articles' feeds when the router has them (a 404 skips them);
//! - the articles' lists, first page only: a static host ignores the query of `?tag=` and
//!   `?page=` links, which there show that first page;
//! - every variant of every library image at its stable address (`media/ID/SLOT.jpg|webp`);
//! - `index.html`, which sends visitors on to the organization's language, and a page like it
//!   at each old address of a renamed page (the live site answers both with a redirect);
//! - `_headers`, the live site's security headers and asset lifetimes for the hosts that read it.
//!
//! Links are root-relative, so an export must be served at the root of its host.

mod output;
mod redirect;

use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context as _, anyhow, bail};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Request, StatusCode, header};
use tokio::task::JoinSet;
use tower::ServiceExt as _;

use crate::app::AppState;
use crate::content::model as content;
use crate::i18n::Lang;
use crate::organizations::model::{self as organizations, Organization};
use crate::web::PathLang;
use crate::web::assets::ASSETS;
use crate::web::cache::Bypass;
use output::{Files, Staging};

/// Pages rendered at once: enough to keep both the database and the CPU busy.
const CONCURRENCY: usize = 4;
/// Files that some installations have; a 404 means this one does not. The feeds' addresses
/// are `content::articles_path` + `/feed.xml`; the events' calendars are `events::paths::feed`.
const OPTIONAL_FILES: [&str; 6] = [
    "/robots.txt",
    "/sitemap.xml",
    "/es/articulos/feed.xml",
    "/en/articles/feed.xml",
    "/es/eventos/calendario.ics",
    "/en/events/calendar.ics",
];
/// The not-found page in each language: requested at an address no page can have (slugs have
/// no `.`), written where static hosts look for it.
const NOT_FOUND_PAGES: [(&str, &str); 2] = [("/en/404.html", "/404.html"), ("/es/404.html", "/es/404.html")];

/// What an export wrote.
#[derive(Debug)]
pub struct Summary {
    pub directory: PathBuf,
    /// Page addresses (each written as two files, the home pages as one).
    pub pages: usize,
    pub error_pages: usize,
    /// Old addresses of renamed pages.
    pub redirects: usize,
    pub assets: usize,
    /// Files of library images.
    pub media: usize,
    /// `/robots.txt`, `/sitemap.xml`: those the site has.
    pub other_files: Vec<&'static str>,
    pub files: u64,
    pub bytes: u64,
    pub elapsed: Duration,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seconds = self.elapsed.as_secs_f64();
        write!(
            f,
            "exported {} pages, {} error pages, {} redirects, {} assets, {} image files",
            self.pages, self.error_pages, self.redirects, self.assets, self.media
        )?;
        if !self.other_files.is_empty() {
            write!(f, ", {}", self.other_files.join(", "))?;
        }
        write!(
            f,
            " into {}: {} files, {:.1} MB in {seconds:.2} s ({:.0} pages/s)",
            self.directory.display(),
            self.files,
            self.bytes as f64 / 1_000_000.0,
            self.pages as f64 / seconds.max(0.001),
        )
    }
}

/// Exports the public site of the organization `organization_slug` into `dir`, replacing an
/// earlier export there as a whole (or nothing, if anything fails). `base_url`, e.g.
/// `https://mascp.org`, is where the files will be served; it replaces `HERMANA_BASE_URL`.
pub async fn export_site(
    state: AppState,
    organization_slug: &str,
    dir: &Path,
    base_url: Option<&str>,
) -> anyhow::Result<Summary> {
    let started = Instant::now();
    let organization = organizations::find_by_slug(&state.db, organization_slug)
        .await?
        .ok_or_else(|| anyhow!("there is no organization {organization_slug:?}"))?;
    // The export's requests carry no Host header, so they are for the default organization:
    // make that this one.
    let mut config = (*state.config).clone();
    config.default_organization = organization.slug.clone();
    if let Some(url) = base_url {
        config.base_url = Some(site_address(url)?);
    }
    let state = AppState::new(state.db.clone(), config)?;
    let router = crate::router::build(state.clone());
    let staging = Staging::create(dir)?;
    let files = staging.files();
    let (version, _) = content::cache_version(&state.db).await?;

    let mut paths: BTreeSet<String> = Lang::ALL.iter().map(|l| format!("/{}/", l.code())).collect();
    // The articles' lists (their first page: a static host ignores `?tag=` and `?page=`).
    paths.extend(Lang::ALL.iter().map(|l| content::articles_path(*l).to_owned()));
    paths.extend(content::published_paths(&state.db, organization.id).await?);
    let pages = export_pages(&router, &files, paths.into_iter().collect()).await?;

    let redirects = export_redirects(&router, &files, &state, &organization, &pages).await?;
    let (asset_headers, other_files) = export_files(&router, &files).await?;
    let media = export_media(&router, &files, &state, &organization).await?;
    files.file("/index.html", redirect::root(&state.renderer, &organization)?.as_bytes()).await?;
    files.file("/_headers", headers_file(state.config.is_https(), &asset_headers).as_bytes()).await?;

    if content::cache_version(&state.db).await?.0 != version {
        bail!("the content changed during the export, so it may mix old and new pages; run it again");
    }
    let directory = staging.target().to_owned();
    staging.commit().await?;
    let (files, bytes) = files.totals();
    Ok(Summary {
        directory,
        pages: pages.len(),
        error_pages: NOT_FOUND_PAGES.len(),
        redirects,
        assets: ASSETS.len(),
        media,
        other_files,
        files,
        bytes,
        elapsed: started.elapsed(),
    })
}

/// Requests every address (several at once) and writes the pages the site answers with 200.
/// Returns the addresses written; a page the site does not show (404) is left out, and a
/// server error stops the export.
async fn export_pages(router: &Router, files: &Files, paths: Vec<String>) -> anyhow::Result<Vec<String>> {
    let paths: Arc<[String]> = paths.into();
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = JoinSet::new();
    for _ in 0..CONCURRENCY {
        let (router, files, paths, next) = (router.clone(), files.clone(), paths.clone(), next.clone());
        workers.spawn(async move {
            let mut written = Vec::new();
            while let Some(path) = paths.get(next.fetch_add(1, Ordering::Relaxed)) {
                let response = fetch(&router, path).await?;
                match response.status {
                    StatusCode::OK => {
                        files.page(path, &response.body).await?;
                        written.push(path.clone());
                    }
                    status if status.is_server_error() => bail!("{path} answered {status}"),
                    status => tracing::warn!(path, %status, "not exported: the site does not show this page"),
                }
            }
            anyhow::Ok(written)
        });
    }
    let mut written = Vec::with_capacity(paths.len());
    while let Some(result) = workers.join_next().await {
        written.extend(result.context("an export task failed")??);
    }
    Ok(written)
}

/// The old address of a renamed page, when the router redirects it to an exported page: a page
/// that goes on at once. Returns how many were written.
async fn export_redirects(
    router: &Router,
    files: &Files,
    state: &AppState,
    organization: &Organization,
    pages: &[String],
) -> anyhow::Result<usize> {
    let exported: HashSet<&str> = pages.iter().map(String::as_str).collect();
    let mut written = 0;
    for path in content::old_paths(&state.db, organization.id).await? {
        let response = fetch(router, &path).await?;
        let to = response.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
        // Only to a page that is in the export, and never over one.
        if response.status.is_redirection() && exported.contains(to) && !exported.contains(path.as_str()) {
            let lang = PathLang::from_path(&path).unwrap_or(Lang::En);
            files.page(&path, redirect::moved(&state.renderer, organization, lang, to)?.as_bytes()).await?;
            written += 1;
        }
    }
    Ok(written)
}

/// Every variant of every library image, at its stable address (pages ask for it with
/// `?v=`, which static hosts ignore). Returns how many were written.
async fn export_media(
    router: &Router,
    files: &Files,
    state: &AppState,
    organization: &Organization,
) -> anyhow::Result<usize> {
    let paths = crate::media::model::variant_paths(&state.db, organization.id).await?;
    for path in &paths {
        let response = fetch(router, path).await?;
        if response.status != StatusCode::OK {
            bail!("{path} answered {}", response.status);
        }
        files.file(path, &response.body).await?;
    }
    Ok(paths.len())
}

/// The not-found pages, the static assets, and the optional files the site has. Returns an
/// asset's headers (for `_headers`) and the optional files written.
async fn export_files(router: &Router, files: &Files) -> anyhow::Result<(HeaderMap, Vec<&'static str>)> {
    for (address, file) in NOT_FOUND_PAGES {
        let response = fetch(router, address).await?;
        if response.status != StatusCode::NOT_FOUND {
            bail!("{address} answered {} instead of the not-found page", response.status);
        }
        files.file(file, &response.body).await?;
    }
    let mut asset_headers = HeaderMap::new();
    for asset in ASSETS {
        let path = format!("/static/{}", asset.path);
        let response = fetch(router, &path).await?;
        if response.status != StatusCode::OK {
            bail!("{path} answered {}", response.status);
        }
        files.file(&path, &response.body).await?;
        asset_headers = response.headers;
    }
    let mut other_files = Vec::new();
    for path in OPTIONAL_FILES {
        let response = fetch(router, path).await?;
        match response.status {
            StatusCode::OK => {
                files.file(path, &response.body).await?;
                other_files.push(path);
            }
            StatusCode::NOT_FOUND => {}
            status => bail!("{path} answered {status}"),
        }
    }
    Ok((asset_headers, other_files))
}

struct Fetched {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

/// `GET path` through the router, as a visitor without a cookie would send it. The page cache
/// stays out of it: it would keep compressed copies of every page, for nobody.
async fn fetch(router: &Router, path: &str) -> anyhow::Result<Fetched> {
    let mut request = Request::get(path).body(Body::empty())?;
    request.extensions_mut().insert(Bypass);
    let response = router.clone().oneshot(request).await?;
    let (parts, body) = response.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX).await.with_context(|| format!("reading {path}"))?;
    Ok(Fetched { status: parts.status, headers: parts.headers, body })
}

/// `_headers` (Netlify, Cloudflare Pages): the security headers of every live response, and
/// the static assets' cache lifetime. Other hosts ignore it or serve it as a plain file.
fn headers_file(https: bool, asset_headers: &HeaderMap) -> String {
    let mut security = HeaderMap::new();
    crate::web::headers::apply(&mut security, https);
    let mut text = String::from("/*\n");
    for (name, value) in &security {
        text.push_str(&format!("  {}: {}\n", name, value.to_str().unwrap_or_default()));
    }
    if let Some(cache) = asset_headers.get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()) {
        text.push_str(&format!("/static/*\n  Cache-Control: {cache}\n"));
    }
    // Image files keep their address when replaced, and static hosts ignore `?v=`.
    text.push_str(&format!("/media/*\n  Cache-Control: {}\n", crate::media::pages::serve::CACHE_STABLE));
    text
}

/// Checks a `--base-url`: `http(s)://host[:port]`, nothing after it (the site's links start at
/// `/`, so it cannot live under a path).
fn site_address(url: &str) -> anyhow::Result<String> {
    let url = url.trim().trim_end_matches('/');
    let host = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).unwrap_or_default();
    if host.is_empty() || host.contains(['/', '?', '#', ' ']) {
        bail!("the base URL must be http(s)://host, with no path (the site's links start at /): {url:?}");
    }
    Ok(url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_roots_of_hosts() {
        assert_eq!(site_address("https://mascp.org/").unwrap(), "https://mascp.org");
        assert_eq!(site_address("http://127.0.0.1:8000").unwrap(), "http://127.0.0.1:8000");
        for bad in ["mascp.org", "https://", "https://example.org/mascp", "ftp://x.org", "https://x.org?a"] {
            assert!(site_address(bad).is_err(), "{bad}");
        }
    }
}

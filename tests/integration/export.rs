//! `hermana export-static`: the export served by a static file server is the live site, every
//! link in it resolves, drafts stay out, and a new export replaces the previous one whole.

use std::collections::{BTreeSet, VecDeque};
use std::io::{Read as _, Write as _};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use hermana::content::model as content;
use hermana::content::studio;
use hermana::export::{Summary, export_site};
use hermana::i18n::Lang;

use crate::common::TestApp;

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A temporary directory holding the export (`site`), removed when dropped.
struct Workspace(PathBuf);

impl Workspace {
    fn new() -> Workspace {
        let name = format!("hermana-export-{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
        let dir = std::env::temp_dir().join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Workspace(dir)
    }

    fn site(&self) -> PathBuf {
        self.0.join("site")
    }

    /// Everything in the workspace besides the export: leftovers of a staging directory.
    fn others(&self) -> Vec<String> {
        let entries = std::fs::read_dir(&self.0).unwrap();
        entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|n| n != "site").collect()
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The public address the export is made for; the live app under test has the same.
const BASE_URL: &str = "https://mascp.example";

/// The demo, served as if at [`BASE_URL`], so live pages and exported ones carry the same
/// absolute URLs.
async fn app() -> TestApp {
    let app = TestApp::configured(|c| c.base_url = Some(BASE_URL.to_owned())).await;
    hermana::demo::load(app.db()).await.unwrap();
    app
}

async fn export(app: &TestApp, dir: &Path) -> Summary {
    export_site(app.state.clone(), "mascp", dir, Some(BASE_URL)).await.unwrap()
}

/// A static host on 127.0.0.1 serving `root` the way GitHub Pages or `nginx try_files $uri
/// $uri.html $uri/index.html` do: `/x` is the file `x`, else `x.html`, else `x/index.html`;
/// `/x/` is `x/index.html`; anything else is a 404 with `404.html`.
async fn static_host(root: PathBuf) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = axum::Router::new().fallback(move |uri: Uri| {
        let root = root.clone();
        async move { serve_file(&root, uri.path()) }
    });
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    address
}

fn serve_file(root: &Path, path: &str) -> Response {
    let relative = path.trim_start_matches('/');
    let candidates = if relative.split('/').any(|s| s == "..") {
        vec![]
    } else if path.ends_with('/') {
        vec![root.join(relative).join("index.html")]
    } else {
        vec![root.join(relative), root.join(format!("{relative}.html")), root.join(relative).join("index.html")]
    };
    let (status, file) = match candidates.into_iter().find(|p| p.is_file()) {
        Some(file) => (StatusCode::OK, file),
        None => (StatusCode::NOT_FOUND, root.join("404.html")),
    };
    let content_type = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    };
    (status, [(header::CONTENT_TYPE, content_type)], std::fs::read(file).unwrap()).into_response()
}

/// `GET path` over a plain HTTP/1.1 connection: the status and the body.
async fn get(address: SocketAddr, path: &str) -> (u16, Vec<u8>) {
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(address).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete response");
        let head = String::from_utf8_lossy(&raw[..end]);
        (head.split(' ').nth(1).unwrap().parse().unwrap(), raw[end + 4..].to_vec())
    })
    .await
    .unwrap()
}

/// Every same-site link of an HTML document at `address` (`href`, `src`, and the refresh
/// target), as absolute paths without query or fragment.
fn links(html: &str, address: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    let any = scraper::Selector::parse("[href], [src]").unwrap();
    let refresh = scraper::Selector::parse("meta[http-equiv=refresh]").unwrap();
    let mut found: Vec<String> = document
        .select(&any)
        .flat_map(|e| [e.value().attr("href"), e.value().attr("src")])
        .flatten()
        .map(str::to_owned)
        .collect();
    // Every candidate of every `srcset` (images in pages).
    let sets = scraper::Selector::parse("[srcset]").unwrap();
    found.extend(document.select(&sets).flat_map(|e| {
        e.value()
            .attr("srcset")
            .unwrap_or_default()
            .split(',')
            .filter_map(|c| c.split_whitespace().next())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    }));
    found.extend(
        document
            .select(&refresh)
            .filter_map(|e| e.value().attr("content")?.split_once("url=").map(|(_, url)| url.to_owned())),
    );
    found
        .into_iter()
        .filter(|link| !link.starts_with('#') && !link.starts_with("//") && !has_scheme(link))
        .map(|link| resolve(address, link.split(['#', '?']).next().unwrap_or_default()))
        .collect()
}

fn has_scheme(link: &str) -> bool {
    link.split_once(':').is_some_and(|(scheme, _)| !scheme.is_empty() && !scheme.contains('/'))
}

/// `link` as seen from the document at `address`.
fn resolve(address: &str, link: &str) -> String {
    let joined = if link.starts_with('/') {
        link.to_owned()
    } else {
        format!("{}{link}", &address[..=address.rfind('/').unwrap()])
    };
    let mut segments: Vec<&str> = Vec::new();
    for segment in joined.split('/').skip(1) {
        match segment {
            "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    format!("/{}", segments.join("/"))
}

/// The address a file of the export is served at (`es/x/index.html` → `/es/x/`).
fn address_of(root: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
    match relative.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{}", relative.strip_suffix(".html").unwrap_or(&relative)),
    }
}

fn html_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            html_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "html") {
            found.push(path);
        }
    }
}

/// A live page as the export writes it: without the footer's links to the sign-up form, which a
/// static host cannot take, and to the funds, whose figures would go stale, nor the menu's item
/// for the events (the only differences).
fn as_exported(live: &[u8]) -> Vec<u8> {
    let mut text = String::from_utf8(live.to_vec()).unwrap();
    for paragraph in ["<p class=\"footer-friends\">", "<p class=\"footer-funds\">"] {
        let Some(start) = text.find(paragraph) else { continue };
        let end = start + text[start..].find("</p>").unwrap() + "</p>".len();
        text = format!("{}{}", &text[..start], &text[end..]);
    }
    // The menu's item for the events (their pages take registrations), with its line's indent.
    for item in ["<li><a href=\"/es/eventos\">", "<li><a href=\"/en/events\">"] {
        let Some(start) = text.find(item) else { continue };
        let mut end = start + text[start..].find("</li>").unwrap() + "</li>".len();
        if text[end..].starts_with("\n      ") {
            end += "\n      ".len();
        }
        text = format!("{}{}", &text[..start], &text[end..]);
    }
    text.into_bytes()
}

/// Asserts that every same-site link of every HTML file in the export answers 200.
async fn assert_every_link_resolves(host: SocketAddr, root: &Path) -> usize {
    let mut files = Vec::new();
    html_files(root, &mut files);
    let mut checked = BTreeSet::new();
    for file in &files {
        let address = address_of(root, file);
        for link in links(&std::fs::read_to_string(file).unwrap(), &address) {
            if checked.insert(link.clone()) {
                assert_eq!(get(host, &link).await.0, 200, "{link} (linked from {})", file.display());
            }
        }
    }
    files.len()
}

/// The pages a visitor reaches on the static host from `/`, `/es/` and `/en/`.
async fn crawl(host: SocketAddr) -> BTreeSet<String> {
    let mut pages = BTreeSet::new();
    let mut seen = BTreeSet::new();
    let mut queue: VecDeque<String> = ["/", "/es/", "/en/"].map(str::to_owned).into();
    while let Some(path) = queue.pop_front() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let (status, body) = get(host, &path).await;
        assert_eq!(status, 200, "{path}");
        if path.starts_with("/static/") || path.starts_with("/media/") {
            continue;
        }
        if path.starts_with("/es/") || path.starts_with("/en/") {
            pages.insert(path.clone());
        }
        queue.extend(links(&String::from_utf8(body).unwrap(), &path).into_iter().filter(|l| !seen.contains(l)));
    }
    pages
}

#[tokio::test]
async fn the_export_is_the_live_site_and_every_link_in_it_resolves() {
    let app = app().await;
    let image = image_in_about_page(&app).await;
    let workspace = Workspace::new();
    let site = workspace.site();
    let summary = export(&app, &site).await;
    // The demo's 8 pages, 2 articles and the 2 lists of articles, in both languages.
    assert_eq!((summary.pages, summary.error_pages, summary.redirects), (22, 2, 0), "{summary}");
    assert_eq!(summary.assets, hermana::web::assets::ASSETS.len());
    for file in ["es/index.html", "en/index.html", "es/quienes-somos.html", "es/quienes-somos/index.html"] {
        assert!(site.join(file).is_file(), "{file}");
    }
    assert!(site.join("es/nuestra-red/directorio/index.html").is_file());
    assert!(site.join("en/our-network/directory.html").is_file());
    assert!(site.join("es/articulos/index.html").is_file());
    assert!(site.join("en/articles/our-new-website/index.html").is_file());
    let feed = std::fs::read(site.join("es/articulos/feed.xml")).unwrap();
    assert_eq!(feed, app.get("/es/articulos/feed.xml").await.body, "the exported feed is the live one");
    for asset in hermana::web::assets::ASSETS {
        assert_eq!(std::fs::read(site.join("static").join(asset.path)).unwrap(), asset.bytes);
    }
    for slot in [480, 960, 1600] {
        let file = format!("media/{image}/{slot}.jpg");
        assert_eq!(std::fs::read(site.join(&file)).unwrap(), app.get(&format!("/{file}")).await.body, "{file}");
    }
    let about = std::fs::read_to_string(site.join("es/quienes-somos.html")).unwrap();
    assert!(about.contains(&format!("/media/{image}/480.jpg?v=1 480w")), "the page shows the image");
    let home = std::fs::read(site.join("es/index.html")).unwrap();
    assert_eq!(home, as_exported(&app.get("/es/").await.body), "the exported home page is the live one");

    let host = static_host(site.clone()).await;
    let pages = crawl(host).await;
    // The 22 pages written, the two feeds and the two events' calendars.
    assert_eq!(pages.len(), 26, "{pages:?}");
    for path in &pages {
        let live = app.get(path).await;
        assert_eq!(live.status, 200, "{path}");
        assert_eq!(get(host, path).await.1, as_exported(&live.body), "{path} is served as the live site serves it");
    }
    let html_files = assert_every_link_resolves(host, &site).await;
    assert_eq!(html_files, 2 * 22 - 2 + 2 + 1, "pages (the home pages once), 404 pages, index.html");

    // `/` sends visitors to the organization's language, and offers both.
    let (status, root) = get(host, "/").await;
    assert_eq!(status, 200);
    let root = scraper::Html::parse_document(&String::from_utf8(root).unwrap());
    let select = |s: &str| scraper::Selector::parse(s).unwrap();
    let refresh = root.select(&select("meta[http-equiv=refresh]")).next().unwrap();
    assert_eq!(refresh.value().attr("content"), Some("0; url=/en/"), "MASCP writes in English first");
    let languages: Vec<_> = root.select(&select("main a[hreflang]")).map(|a| a.value().attr("href").unwrap()).collect();
    assert_eq!(languages, ["/en/", "/es/"]);

    // The not-found pages, in each language, as the static host serves them.
    let (status, missing) = get(host, "/es/no-existe").await;
    assert_eq!(status, 404);
    assert!(String::from_utf8(missing).unwrap().contains("<html lang=\"en\">"), "the host's 404.html is English");
    let spanish = std::fs::read_to_string(site.join("es/404.html")).unwrap();
    assert!(spanish.contains("<html lang=\"es\">"));
    assert_eq!(spanish.as_bytes(), app.get("/es/no-existe.html").await.body, "the live Spanish not-found page");
    let headers = std::fs::read_to_string(site.join("_headers")).unwrap();
    assert!(headers.contains("content-security-policy: default-src 'none'"), "{headers}");
    assert!(headers.contains("strict-transport-security"), "the base URL is https: {headers}");
    assert!(workspace.others().is_empty(), "no staging directory left: {:?}", workspace.others());
}

#[tokio::test]
async fn drafts_stay_out_and_a_missing_translation_reads_in_the_other_language() {
    let app = app().await;
    studio::create_page(app.db(), app.mascp().await, Lang::Es, "Delegación 2027", None).await.unwrap();
    publish_urgent_campaign(&app).await;

    let workspace = Workspace::new();
    let site = workspace.site();
    let summary = export(&app, &site).await;
    assert_eq!(summary.pages, 24, "the demo's 22 and the published page in both languages");
    for file in ["es/delegacion-2027.html", "es/delegacion-2027", "en/delegacion-2027.html", "en/delegacion-2027"] {
        assert!(!site.join(file).exists(), "a draft is not exported: {file}");
    }
    let english = std::fs::read(site.join("en/campana-urgente.html")).unwrap();
    let live = app.get("/en/campana-urgente").await;
    assert_eq!(english, as_exported(&live.body), "the English address shows the Spanish text, as live");
    assert!(live.text().contains("¡Llamen a su representante!"));
    assert_eq!(live.attr("article", "lang"), "es");
    assert_eq!(live.texts(".notice").len(), 1);
    assert_eq!(std::fs::read(site.join("en/campana-urgente/index.html")).unwrap(), english);
    assert_every_link_resolves(static_host(site.clone()).await, &site).await;
}

#[tokio::test]
async fn a_second_export_replaces_the_first_whole() {
    let app = app().await;
    let urgent = publish_urgent_campaign(&app).await;
    let workspace = Workspace::new();
    let site = workspace.site();
    assert_eq!(export(&app, &site).await.pages, 24);
    std::fs::write(site.join("stray.txt"), "from before").unwrap();

    // Rename a page (the home page links to its old address) and take another back to draft.
    let about = content::translation_by_slug(app.db(), app.mascp().await, Lang::Es, "quienes-somos").await.unwrap();
    let about = about.unwrap();
    let edit = studio::Edit { slug: "sobre-mascp".into(), ..edit_of(&about) };
    studio::save(app.db(), about.id, &edit, None).await.unwrap();
    studio::set_status(app.db(), urgent, false).await.unwrap();

    let summary = export(&app, &site).await;
    assert_eq!((summary.pages, summary.redirects), (22, 1), "{summary}");
    assert!(!site.join("stray.txt").exists(), "nothing of the first export is left");
    for gone in ["es/campana-urgente.html", "es/campana-urgente", "en/campana-urgente.html", "en/campana-urgente"] {
        assert!(!site.join(gone).exists(), "{gone}");
    }
    assert!(site.join("es/sobre-mascp.html").is_file());
    let old = std::fs::read_to_string(site.join("es/quienes-somos.html")).unwrap();
    assert!(old.contains(r#"<meta http-equiv="refresh" content="0; url=/es/sobre-mascp">"#), "{old}");
    assert_every_link_resolves(static_host(site.clone()).await, &site).await;
    assert!(workspace.others().is_empty(), "no staging or previous export left: {:?}", workspace.others());

    // A directory that is not an export is never replaced.
    let precious = workspace.0.join("precious");
    std::fs::create_dir(&precious).unwrap();
    std::fs::write(precious.join("notes.txt"), "mine").unwrap();
    let refused = export_site(app.state.clone(), "mascp", &precious, None).await.unwrap_err();
    assert!(refused.to_string().contains("was not written by `hermana export-static`"), "{refused:#}");
    assert_eq!(std::fs::read_to_string(precious.join("notes.txt")).unwrap(), "mine");
    let unknown = export_site(app.state.clone(), "nobody", &workspace.0.join("x"), None).await.unwrap_err();
    assert!(unknown.to_string().contains("no organization"), "{unknown:#}");
    assert_eq!(workspace.others(), ["precious"], "a failed export leaves nothing behind");
}

/// A library image in the text of the About page, in both languages; returns its id.
async fn image_in_about_page(app: &TestApp) -> i64 {
    let photo = image::RgbImage::from_fn(1000, 600, |x, y| image::Rgb([(x / 4) as u8, (y / 3) as u8, 140]));
    let mut bytes = Vec::new();
    photo.write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png).unwrap();
    let processed = hermana::media::process::process(&bytes).unwrap();
    let alt = hermana::media::model::AltTexts { es: "Un mural".into(), en: "A mural".into() };
    let org = app.mascp().await;
    let id = hermana::media::model::create(app.db(), org, &alt, &processed, None).await.unwrap().id;
    let about = content::page_by_key(app.db(), org, "about").await.unwrap().unwrap();
    for translation in content::translations(app.db(), about.id).await.unwrap() {
        let body = format!("{}\n\n![](media:{id})", translation.body);
        app.save_translation(translation.id, &translation.title, &translation.summary, &body).await;
    }
    id
}

/// A page written in Spanish only and published: its English address shows the Spanish text.
async fn publish_urgent_campaign(app: &TestApp) -> i64 {
    let page = studio::create_page(app.db(), app.mascp().await, Lang::Es, "Campaña urgente", None).await.unwrap();
    let spanish = content::translations(app.db(), page.id).await.unwrap().into_iter().find(|t| t.language == "es");
    app.save_translation(spanish.unwrap().id, "Campaña urgente", "", "¡Llamen a su representante!").await;
    studio::set_status(app.db(), page.id, true).await.unwrap();
    page.id
}

fn edit_of(translation: &content::Translation) -> studio::Edit {
    studio::Edit {
        title: translation.title.clone(),
        slug: translation.slug.clone(),
        summary: translation.summary.clone(),
        body: translation.body.clone(),
    }
}

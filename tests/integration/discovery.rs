//! What crawlers and link previews read: the sitemap, robots.txt, and the Open Graph, canonical
//! and hreflang tags of every page.

use std::collections::BTreeMap;

use hermana::content::entities::{page, page_translation};
use hermana::content::model::{self as content, page_status, status};
use sea_orm::{ActiveModelTrait, Set};

use crate::common::{TestApp, TestResponse};
use crate::xml::parse_xml;

const HOST: &str = "mascp.test:8080";
const ORIGIN: &str = "http://mascp.test:8080";

/// One `<url>` of the sitemap: its address, `lastmod`, and its alternates by `hreflang`.
#[derive(Debug)]
struct Entry {
    loc: String,
    lastmod: String,
    alternates: BTreeMap<String, String>,
}

async fn sitemap(app: &TestApp, headers: &[(&str, &str)]) -> Vec<Entry> {
    let response = app.get_with("/sitemap.xml", headers).await;
    assert_served_as(&response, "application/xml; charset=utf-8");
    let root = parse_xml(&response.text());
    assert_eq!(root.name, "urlset");
    assert_eq!(root.attr("xmlns"), "http://www.sitemaps.org/schemas/sitemap/0.9");
    assert_eq!(root.attr("xmlns:xhtml"), "http://www.w3.org/1999/xhtml");
    root.children
        .iter()
        .map(|url| {
            assert_eq!(url.name, "url");
            let alternates = url.named("xhtml:link").map(|link| {
                assert_eq!(link.attr("rel"), "alternate");
                (link.attr("hreflang").to_owned(), link.attr("href").to_owned())
            });
            let alternates: BTreeMap<_, _> = alternates.collect();
            assert_eq!(alternates.len(), url.named("xhtml:link").count(), "unique");
            Entry { loc: url.only("loc").text.clone(), lastmod: url.only("lastmod").text.clone(), alternates }
        })
        .collect()
}

/// A 200 of `content_type` that shared caches may keep.
fn assert_served_as(response: &TestResponse, content_type: &str) {
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some(content_type));
    let cache_control = response.header("cache-control").unwrap();
    assert!(cache_control.starts_with("public"), "{cache_control}");
}

/// The demo site, served with `HERMANA_BASE_URL` set.
async fn demo_at(base_url: &str) -> TestApp {
    let app = TestApp::configured(|c| c.base_url = Some(base_url.to_owned())).await;
    assert!(hermana::demo::load(app.db()).await.unwrap());
    app
}

/// The translations of the demo page `key`: (English, Spanish).
async fn translations(app: &TestApp, key: &str) -> (content::Translation, content::Translation) {
    let mascp = hermana::organizations::model::find_by_slug(app.db(), "mascp").await.unwrap().unwrap();
    let page = content::page_by_key(app.db(), mascp.id, key).await.unwrap().unwrap();
    let all = content::translations(app.db(), page.id).await.unwrap();
    let find = |lang: &str| all.iter().find(|t| t.language == lang).unwrap().clone();
    (find("en"), find("es"))
}

async fn mark_missing(app: &TestApp, translation: content::Translation) {
    let mut missing: page_translation::ActiveModel = translation.into();
    missing.status = Set(status::MISSING.to_owned());
    missing.update(app.db()).await.unwrap();
    content::touch(app.db()).await.unwrap();
}

#[tokio::test]
async fn the_sitemap_lists_every_page_in_both_languages_with_alternates() {
    let app = TestApp::with_demo().await;
    let entries = sitemap(&app, &[("host", HOST)]).await;
    assert_eq!(entries.len(), 20, "8 pages and 2 articles in 2 languages: {entries:#?}");
    for entry in &entries {
        let path = entry.loc.strip_prefix(ORIGIN).expect("absolute, from Host");
        assert_eq!(app.get(path).await.status, 200, "{path}");
        let lang = &path[1..3];
        assert_eq!(entry.alternates[lang], entry.loc, "lists itself");
        assert_eq!(entry.alternates.keys().collect::<Vec<_>>(), ["en", "es", "x-default"], "{path}");
        assert_eq!(entry.alternates["x-default"], entry.alternates["en"], "MASCP speaks English first");
        let counterpart = entries
            .iter()
            .find(|e| e.loc == entry.alternates[if lang == "es" { "en" } else { "es" }])
            .expect("the other version is listed too");
        assert_eq!(counterpart.alternates, entry.alternates, "reciprocal");
        assert!(chrono::DateTime::parse_from_rfc3339(&entry.lastmod).is_ok(), "{}", entry.lastmod);
    }
    let home = entries.iter().find(|e| e.loc == format!("{ORIGIN}/es/"));
    assert_eq!(home.unwrap().alternates["en"], format!("{ORIGIN}/en/"));
    let (en, _) = translations(&app, "about").await;
    let about = entries.iter().find(|e| e.loc == format!("{ORIGIN}/en/about-mascp")).unwrap();
    assert_eq!(about.alternates["es"], format!("{ORIGIN}/es/quienes-somos"));
    assert_eq!(about.lastmod, en.updated_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
}

#[tokio::test]
async fn the_sitemap_and_robots_txt_use_the_base_url_when_it_is_set() {
    let app = demo_at("https://mascp.example/").await;
    let entries = sitemap(&app, &[("host", HOST)]).await;
    assert_eq!(entries.len(), 20);
    for entry in &entries {
        for url in entry.alternates.values().chain([&entry.loc]) {
            assert!(url.starts_with("https://mascp.example/"), "{url}");
            assert!(!url.contains("example//"), "{url}");
        }
    }
    assert!(
        app.get_with("/robots.txt", &[("host", HOST)])
            .await
            .text()
            .contains("Sitemap: https://mascp.example/sitemap.xml\n")
    );
}

#[tokio::test]
async fn the_sitemap_leaves_out_missing_translations() {
    let app = TestApp::with_demo().await;
    let (_, about_es) = translations(&app, "about").await;
    mark_missing(&app, about_es).await;
    let (network_en, _) = translations(&app, "network").await;
    mark_missing(&app, network_en).await;

    let entries = sitemap(&app, &[("host", HOST)]).await;
    assert_eq!(entries.len(), 18, "{entries:#?}");
    let locs: Vec<&str> = entries.iter().map(|e| e.loc.as_str()).collect();
    assert!(!locs.contains(&format!("{ORIGIN}/es/quienes-somos").as_str()));
    assert!(!locs.contains(&format!("{ORIGIN}/en/our-network").as_str()));
    let about = entries.iter().find(|e| e.loc == format!("{ORIGIN}/en/about-mascp")).unwrap();
    assert_eq!(about.alternates.keys().collect::<Vec<_>>(), ["en", "x-default"]);
    let network = entries.iter().find(|e| e.loc == format!("{ORIGIN}/es/nuestra-red")).unwrap();
    assert_eq!(
        network.alternates["x-default"],
        format!("{ORIGIN}/es/nuestra-red"),
        "no English text: x-default is the Spanish version"
    );
}

#[tokio::test]
async fn robots_txt_keeps_crawlers_out_of_private_pages_and_names_the_sitemap() {
    let app = TestApp::with_demo().await;
    let response = app.get_with("/robots.txt", &[("host", HOST)]).await;
    assert_served_as(&response, "text/plain; charset=utf-8");
    assert_eq!(
        response.text(),
        "User-agent: *\n\
         Disallow: /es/admin$\n\
         Disallow: /en/admin$\n\
         Disallow: /es/admin/\n\
         Disallow: /en/admin/\n\
         Disallow: /es/login$\n\
         Disallow: /en/login$\n\
         Disallow: /es/logout$\n\
         Disallow: /en/logout$\n\
         Disallow: /es/invitation/\n\
         Disallow: /en/invitation/\n\
         Disallow: /es/password-reset$\n\
         Disallow: /en/password-reset$\n\
         Disallow: /es/password-reset/\n\
         Disallow: /en/password-reset/\n\
         \n\
         Sitemap: http://mascp.test:8080/sitemap.xml\n"
    );
}

#[tokio::test]
async fn the_sitemap_leaves_out_drafts() {
    let app = TestApp::with_demo().await;
    let page = content::page_by_key(app.db(), app.mascp().await, "about").await.unwrap().unwrap();
    let mut draft: page::ActiveModel = page.into();
    draft.status = Set(page_status::DRAFT.to_owned());
    draft.update(app.db()).await.unwrap();
    content::touch(app.db()).await.unwrap();

    let entries = sitemap(&app, &[("host", HOST)]).await;
    assert_eq!(entries.len(), 18, "{entries:#?}");
    assert!(entries.iter().all(|e| !e.loc.ends_with("/en/about-mascp") && !e.loc.ends_with("/es/quienes-somos")));
}

#[tokio::test]
async fn absolute_urls_come_from_the_base_url_when_it_is_set() {
    let app = demo_at("https://mascp.example/").await;
    let page = app.get_with("/es/nuestra-red", &[("host", HOST)]).await;
    assert_eq!(page.attr("link[rel=canonical]", "href"), "https://mascp.example/es/nuestra-red");
    for href in page.attrs("link[rel=alternate][hreflang]", "href") {
        assert!(href.starts_with("https://mascp.example/"), "{href}");
        assert!(!href.contains("example//"), "{href}");
    }
}

#[tokio::test]
async fn a_missing_translation_loses_its_alternate_and_x_default_falls_back() {
    let app = TestApp::with_demo().await;
    let (_, about_es) = translations(&app, "about").await;
    mark_missing(&app, about_es).await;
    let (network_en, _) = translations(&app, "network").await;
    mark_missing(&app, network_en).await;

    let english = app.get_with("/en/about-mascp", &[("host", HOST)]).await;
    assert_eq!(hreflangs(&english), ["en", "x-default"]);
    assert!(english.attrs(&og("locale:alternate"), "content").is_empty());
    let untranslated = app.get_with("/es/quienes-somos", &[("host", HOST)]).await;
    assert_eq!(untranslated.attr("link[rel=canonical]", "href"), format!("{ORIGIN}/es/quienes-somos"));
    assert_eq!(hreflangs(&untranslated), ["en", "x-default"]);
    assert_eq!(untranslated.attr(&og("locale"), "content"), "en_US", "the text shown is English");
    assert_eq!(untranslated.attr(&og("title"), "content"), "About MASCP");
    let network = app.get_with("/es/nuestra-red", &[("host", HOST)]).await;
    assert_eq!(
        network.attr("link[hreflang=x-default]", "href"),
        format!("{ORIGIN}/es/nuestra-red"),
        "no English text: x-default is the Spanish version"
    );
}

#[tokio::test]
async fn pages_carry_open_graph_and_absolute_alternates_in_both_languages() {
    let app = TestApp::with_demo().await;
    let name = "Madison Arcatao Sister City Project";
    for (path, lang, locale, other, title) in [
        ("/es/quienes-somos", "es", "es_SV", "en_US", "Quiénes somos"),
        ("/en/about-mascp", "en", "en_US", "es_SV", "About MASCP"),
        ("/es/", "es", "es_SV", "en_US", "Proyecto Ciudad Hermana Madison Arcatao"),
        ("/en/", "en", "en_US", "es_SV", name),
    ] {
        let page = app.get_with(path, &[("host", HOST)]).await;
        assert_eq!(page.status, 200);
        let url = format!("{ORIGIN}{path}");
        assert_eq!(page.attr("link[rel=canonical]", "href"), url);
        assert_eq!(page.attr(&og("url"), "content"), url, "{path}");
        assert_eq!(page.attr(&og("type"), "content"), "website");
        assert_eq!(page.attr(&og("site_name"), "content"), name);
        assert_eq!(page.attr(&og("title"), "content"), title, "{path}");
        assert_eq!(page.attr(&og("description"), "content"), page.attr("meta[name=description]", "content"));
        assert_eq!(page.attr(&og("locale"), "content"), locale, "{path}");
        assert_eq!(page.attr(&og("locale:alternate"), "content"), other);
        assert_eq!(hreflangs(&page), ["es", "en", "x-default"], "{path}");
        assert_eq!(page.attr(&format!("link[hreflang={lang}]"), "href"), url, "{path}");
        let switch = page.attr("nav.language-switch a", "href");
        let other_lang = if lang == "es" { "en" } else { "es" };
        assert_eq!(page.attr(&format!("link[hreflang={other_lang}]"), "href"), format!("{ORIGIN}{switch}"));
        assert_eq!(page.attr("link[hreflang=x-default]", "href"), page.attr("link[hreflang=en]", "href"));
    }
}

#[tokio::test]
async fn a_page_cached_for_one_host_is_not_served_for_another() {
    let app = TestApp::with_demo().await;
    for host in ["one.test", "two.test:8080", "one.test"] {
        let page = app.get_with("/en/our-network", &[("host", host)]).await;
        assert_eq!(page.attr("link[rel=canonical]", "href"), format!("http://{host}/en/our-network"));
    }
    let odd = app.get_with("/en/our-network", &[("host", "evil.test/\"><x")]).await;
    assert!(!odd.text().contains("evil.test"), "an implausible Host is not echoed");
}

/// The `hreflang` of each alternate link in the head, in order.
fn hreflangs(page: &TestResponse) -> Vec<String> {
    page.attrs("link[rel=alternate]", "hreflang")
}

/// The selector of an Open Graph property's `<meta>`.
fn og(property: &str) -> String {
    format!("meta[property=\"og:{property}\"]")
}

//! What crawlers and link previews read: the Open Graph, canonical and hreflang tags of every
//! page.

use hermana::content::entities::page_translation;
use hermana::content::model::{self as content, status};
use sea_orm::{ActiveModelTrait, Set};

use crate::common::{TestApp, TestResponse};

const HOST: &str = "mascp.test:8080";
const ORIGIN: &str = "http://mascp.test:8080";

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
async fn absolute_urls_come_from_the_base_url_when_it_is_set() {
    let app = demo_at("https://mascp.example/").await;
    let page = app.get_with("/es/nuestra-red", &[("host", HOST)]).await;
    assert_eq!(page.attr("link[rel=canonical]", "href"), "https://mascp.example/es/nuestra-red");
    for href in page.attrs("link[rel=alternate]", "href") {
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

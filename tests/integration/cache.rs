//! The rendered-page cache: compression, validators, and invalidation on content change.

use std::io::Read as _;

use hermana::content::model as content;

use crate::common::TestApp;

#[tokio::test]
async fn pages_are_compressed_and_carry_validators() {
    let app = TestApp::with_demo().await;
    let plain = app.get("/en/about-mascp").await;
    assert_eq!(plain.status, 200);
    assert!(plain.header("content-encoding").is_none());
    let etag = plain.header("etag").unwrap().to_owned();
    let last_modified = plain.header("last-modified").unwrap().to_owned();
    assert!(last_modified.ends_with(" GMT"));
    assert_eq!(plain.header("vary"), Some("Accept-Encoding"));
    assert_eq!(plain.header("content-language"), Some("en"));

    let brotli = app.get_with("/en/about-mascp", &[("accept-encoding", "gzip, deflate, br")]).await;
    assert_eq!(brotli.header("content-encoding"), Some("br"));
    let mut decoded = Vec::new();
    brotli::Decompressor::new(&brotli.body[..], 4096).read_to_end(&mut decoded).unwrap();
    assert_eq!(decoded, plain.body.to_vec());
    assert!(brotli.body.len() * 2 < plain.body.len(), "compressed well");

    let gzip = app.get_with("/en/about-mascp", &[("accept-encoding", "gzip")]).await;
    assert_eq!(gzip.header("content-encoding"), Some("gzip"));
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(&gzip.body[..]).read_to_end(&mut decoded).unwrap();
    assert_eq!(decoded, plain.body.to_vec());

    let again = app.get_with("/en/about-mascp", &[("if-none-match", &etag)]).await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    let gzip_tag = gzip.header("etag").unwrap().to_owned();
    assert_ne!(gzip_tag, etag, "each encoding has its own tag");
    assert_eq!(app.get_with("/en/about-mascp", &[("if-none-match", &gzip_tag)]).await.status, 304);
    assert_eq!(app.get_with("/en/about-mascp", &[("if-modified-since", &last_modified)]).await.status, 304);
    assert_eq!(app.get_with("/en/about-mascp", &[("if-none-match", "\"other\"")]).await.status, 200);
}

#[tokio::test]
async fn a_content_change_shows_at_once_and_changes_the_validators() {
    let app = TestApp::with_demo().await;
    let before = app.get("/en/about-mascp").await;
    let etag = before.header("etag").unwrap().to_owned();
    let page = content::page_by_key(app.db(), org_id(&app).await, "about").await.unwrap().unwrap();
    let english =
        content::translations(app.db(), page.id).await.unwrap().into_iter().find(|t| t.language == "en").unwrap();
    app.save_translation(english.id, "About us", &english.summary, "New *text*.").await;

    let after = app.get_with("/en/about-mascp", &[("if-none-match", &etag)]).await;
    assert_eq!(after.status, 200, "the old tag no longer matches");
    assert_eq!(after.first("h1"), "About us");
    assert!(after.text().contains("New <em>text</em>."));
    assert_ne!(after.header("etag").unwrap(), etag);
    // The menu of every other page changed too.
    assert!(app.get("/en/").await.texts("nav.main-nav a").contains(&"About us".to_owned()));
}

#[tokio::test]
async fn query_strings_bypass_the_cache_without_changing_the_page() {
    let app = TestApp::with_demo().await;
    let page = app.get("/en/our-network?utm_source=x").await;
    assert_eq!(page.status, 200);
    assert!(page.header("etag").is_none(), "not served from the cache");
    assert_eq!(page.first("h1"), app.get("/en/our-network").await.first("h1"));
}

async fn org_id(app: &TestApp) -> i64 {
    hermana::organizations::model::find_by_slug(app.db(), "mascp").await.unwrap().unwrap().id
}

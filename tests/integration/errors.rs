//! Error pages in the visitor's language, and hostile input that must never cause a 500.

use sea_orm::{ConnectionTrait, Statement};

use crate::common::TestApp;

#[tokio::test]
async fn not_found_pages_speak_the_visitors_language_and_lead_home() {
    let app = TestApp::with_demo().await;
    let en = app.get("/en/no-such-page").await;
    assert_eq!(en.status, 404);
    assert_eq!(en.attr("html", "lang"), "en");
    assert_eq!(en.first("h1"), "Page not found");
    assert_eq!(en.attr("main a.button", "href"), "/en/");
    assert_eq!(en.attr("nav.language-switch a", "href"), "/es/");
    assert_eq!(en.header("content-type"), Some("text/html; charset=utf-8"));

    let es = app.get("/es/no-existe").await;
    assert_eq!(es.status, 404);
    assert_eq!(es.first("h1"), "No encontramos esta página");
    assert_eq!(es.first("main a.button"), "Ir a la página de inicio");

    // No language in the path: the visitor's header decides.
    let other = app.get_with("/fr/page", &[("accept-language", "es")]).await;
    assert_eq!(other.status, 404);
    assert_eq!(other.attr("html", "lang"), "es");
    assert_eq!(app.get("/wp-login.php").await.attr("html", "lang"), "en");
}

#[tokio::test]
async fn hostile_paths_and_headers_get_clean_4xx_pages() {
    let app = TestApp::with_demo().await;
    let long = format!("/en/{}", "a".repeat(5_000));
    let deep = format!("/es/{}", "x/".repeat(500));
    let paths = [
        long.as_str(),
        deep.as_str(),
        "/en/%ff%fe",
        "/en/..%2f..%2fetc%2fpasswd",
        "/en/a//b",
        "/en/Misi%C3%B3n",
        "/en/about-mascp%00",
        "/xx/",
        "/en/%3Cscript%3E",
        "/static/..%2fCargo.toml",
        "/static/",
    ];
    for path in paths {
        let response = app.get(path).await;
        assert!(response.status.is_client_error(), "{path}: {}", response.status);
        assert!(response.text().contains("<h1>"), "{path} gets a page");
    }
    let huge = "es;q=0.1,".repeat(20_000);
    let response = app.get_with("/", &[("accept-language", &huge)]).await;
    assert_eq!(response.status, 302);
    let response = app.get_with("/nope", &[("accept-language", &huge)]).await;
    assert_eq!(response.status, 404);
    let response = app.get_with("/en/", &[("accept-encoding", &"gzip;q=0.1, ".repeat(5_000))]).await;
    assert_eq!(response.status, 200);
    let post = app.request(axum::http::Request::post("/en/").body(axum::body::Body::from("x")).unwrap()).await;
    assert_eq!(post.status, 405);
    assert!(post.text().contains("<h1>"));
}

#[tokio::test]
async fn a_broken_database_gives_the_500_page_with_a_reference() {
    let app = TestApp::with_demo().await;
    app.db().execute_raw(Statement::from_string(app.backend(), "DROP TABLE working_groups".to_owned())).await.unwrap();
    let response = app.get_with("/es/grupos-de-trabajo", &[("x-request-id", "test-ref-123")]).await;
    assert_eq!(response.status, 500);
    assert_eq!(response.attr("html", "lang"), "es");
    assert_eq!(response.first("h1"), "Algo salió mal");
    assert_eq!(response.first(".reference"), "Referencia: test-ref-123");
    assert_eq!(response.attr("main a.button", "href"), "/es/");
    assert!(!response.text().contains("working_groups"), "no internal detail reaches the visitor");
}

#[tokio::test]
async fn healthz_follows_the_database() {
    let app = TestApp::with_demo().await;
    let ok = app.get("/healthz").await;
    assert_eq!(ok.status, 200);
    assert_eq!(ok.text(), "ok\n");
    app.db().close_by_ref().await.unwrap();
    let down = app.get("/healthz").await;
    assert_eq!(down.status, 503);
    assert_eq!(down.header("cache-control"), Some("no-store"));
    let page = app.get("/en/about-mascp").await;
    assert_eq!(page.status, 503, "pages say the site is busy rather than failing silently");
    assert_eq!(page.first("h1"), "The site is busy for a moment");
}

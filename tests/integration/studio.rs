//! The content studio through the real router: create, write, translate, preview,
//! publish, rename with a redirect, history, compare and restore.

use hermana::auth::roles::Role;
use hermana::content::model as content;
use hermana::content::studio;
use hermana::i18n::Lang;

use crate::common::{Browser, TestApp};

const PASSWORD: &str = "una frase larga";

async fn editor(app: &TestApp) -> Browser {
    app.account("eva@example.org", PASSWORD, &[Role::Editor]).await;
    app.sign_in("eva@example.org", PASSWORD).await
}

fn fields<'a>(title: &'a str, slug: &'a str, body: &'a str, action: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![("title", title), ("slug", slug), ("summary", ""), ("body", body), ("action", action)]
}

#[tokio::test]
async fn a_new_page_goes_from_draft_to_published_in_both_languages() {
    let app = TestApp::with_demo().await;
    let eva = editor(&app).await;
    let list = eva.get(&app, "/es/admin/pages").await;
    assert_eq!(list.status, 200);
    assert_eq!(list.texts("table.data tbody tr").len(), 10, "the demo's 8 pages and 2 articles");
    assert_eq!(eva.get(&app, "/es/admin/pages?kind=article").await.texts("table.data tbody tr").len(), 2);
    assert_eq!(eva.get(&app, "/es/admin/pages?kind=page").await.texts("table.data tbody tr").len(), 8);

    let created = eva.post(&app, "/es/admin/pages", &[("title", "Delegación 2027"), ("language", "es")]).await;
    assert_eq!(created.status, 303);
    let editor_path = created.location().to_owned();
    let page = eva.get(&app, &editor_path).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.first("h1"), "Delegación 2027");
    assert_eq!(page.attr("#slug-es", "value"), "delegacion-2027");
    assert_eq!(page.first(".page-state .badge"), "Borrador");
    assert_eq!(app.get("/es/delegacion-2027").await.status, 404, "drafts are not public");

    let id: i64 = editor_path.rsplit('/').next().unwrap().parse().unwrap();
    let saved = eva
        .post(
            &app,
            &format!("/es/admin/pages/{id}/es"),
            &fields("Delegación 2027", "delegacion-2027", "Viajamos en *marzo*.", "save"),
        )
        .await;
    assert_eq!(saved.status, 303);
    assert_eq!(saved.location(), format!("/es/admin/pages/{id}?saved=es#es"));
    assert_eq!(eva.get(&app, saved.location()).await.first("#es .form-notice"), "Guardado.");
    assert_eq!(eva.post(&app, &format!("/es/admin/pages/{id}/status"), &[("status", "published")]).await.status, 303);

    let public = app.get("/es/delegacion-2027").await;
    assert_eq!(public.status, 200);
    assert!(public.text().contains("Viajamos en <em>marzo</em>."));
    let english = app.get("/en/delegacion-2027").await;
    assert_eq!(english.status, 200, "the English address exists before its translation");
    assert_eq!(
        english.first(".notice"),
        "This page has not been translated into English yet, so it is shown in Spanish."
    );
    let needs = eva.get(&app, "/en/admin/pages?needs=en").await;
    assert!(needs.texts("table.data tbody th").contains(&"Delegación 2027".to_owned()));

    let translated = eva
        .post(
            &app,
            &format!("/en/admin/pages/{id}/en"),
            &fields("2027 delegation", "delegation-2027", "We travel in *March*.", "save"),
        )
        .await;
    assert_eq!(translated.status, 303);
    assert_eq!(app.get("/en/delegation-2027").await.first("h1"), "2027 delegation");
    let placeholder = app.get("/en/delegacion-2027").await;
    assert_eq!(placeholder.status, 308, "the Spanish address under /en/ leads to the English page");
    assert_eq!(placeholder.location(), "/en/delegation-2027");
    assert!(
        eva.get(&app, "/en/admin/pages?needs=en")
            .await
            .texts("table.data tbody th")
            .iter()
            .all(|t| t != "2027 delegation")
    );

    let audit = hermana::audit::model::recent(app.db(), app.mascp().await, 20).await.unwrap();
    let actions: Vec<&str> = audit.iter().map(|l| l.action.as_str()).collect();
    assert!(
        actions.contains(&"page.created") && actions.contains(&"page.published") && actions.contains(&"page.saved")
    );
}

#[tokio::test]
async fn a_bad_edit_keeps_what_was_typed_and_saves_nothing() {
    let app = TestApp::with_demo().await;
    let eva = editor(&app).await;
    let about = content::page_by_key(app.db(), app.mascp().await, "about").await.unwrap().unwrap();
    let before = studio::revisions(app.db(), about.id, Lang::En).await.unwrap().len();
    let response = eva
        .post(&app, &format!("/en/admin/pages/{}/en", about.id), &fields("  ", "Not A Slug", "My long *draft*", "save"))
        .await;
    assert_eq!(response.status, 422);
    assert_eq!(response.first("#en .form-error"), "Not saved yet: please fix what is marked below.");
    assert_eq!(response.first("#title-en-error"), "Please write a title.");
    assert_eq!(
        response.first("#slug-en-error"),
        "Use only lowercase letters without accents, numbers, dashes and slashes."
    );
    assert_eq!(response.first("#body-en"), "My long *draft*");
    assert_eq!(response.attr("#slug-en", "value"), "Not A Slug");
    assert_eq!(studio::revisions(app.db(), about.id, Lang::En).await.unwrap().len(), before);
    assert_eq!(app.get("/en/about-mascp").await.first("h1"), "About MASCP");

    let taken =
        eva.post(&app, &format!("/en/admin/pages/{}/en", about.id), &fields("About", "our-network", "x", "save")).await;
    assert_eq!(taken.status, 422);
    assert_eq!(taken.first("#slug-en-error"), "Another page already has this address in this language.");
    let reserved =
        eva.post(&app, &format!("/es/admin/pages/{}/es", about.id), &fields("A", "admin", "x", "save")).await;
    assert_eq!(reserved.first("#slug-es-error"), "Esta dirección es del propio sitio; por favor elija otra.");
}

#[tokio::test]
async fn preview_shows_sanitized_text_without_saving() {
    let app = TestApp::with_demo().await;
    let eva = editor(&app).await;
    let about = content::page_by_key(app.db(), app.mascp().await, "about").await.unwrap().unwrap();
    let body = "## Nueva sección\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))";
    let response = eva
        .post(
            &app,
            &format!("/es/admin/pages/{}/es", about.id),
            &fields("Quiénes somos", "quienes-somos", body, "preview"),
        )
        .await;
    assert_eq!(response.status, 200);
    assert_eq!(response.first("#es .preview h2"), "Nueva sección");
    let html = response.text();
    assert!(!html.contains("<script>alert") && !html.contains("href=\"javascript:"), "{html}");
    let textarea = scraper::Selector::parse("#body-es").unwrap();
    let typed: String = response.html().select(&textarea).next().unwrap().text().collect();
    assert_eq!(typed, body, "the typed text stays in the box");
    assert!(!app.get("/es/quienes-somos").await.text().contains("Nueva sección"), "nothing was saved");
}

#[tokio::test]
async fn renaming_keeps_a_redirect_and_marks_the_translation_outdated() {
    let app = TestApp::with_demo().await;
    let eva = editor(&app).await;
    let about = content::page_by_key(app.db(), app.mascp().await, "about").await.unwrap().unwrap();
    let response = eva
        .post(
            &app,
            &format!("/en/admin/pages/{}/en", about.id),
            &fields("About us", "about-us", "We are MASCP.", "save"),
        )
        .await;
    assert_eq!(response.status, 303);
    let old = app.get("/en/about-mascp").await;
    assert_eq!(old.status, 308);
    assert_eq!(old.location(), "/en/about-us");
    assert_eq!(app.get("/en/about-us").await.first("h1"), "About us");
    let spanish = eva.get(&app, &format!("/es/admin/pages/{}", about.id)).await;
    assert_eq!(spanish.first("#es h2 .badge"), "Hay que actualizarla");
    assert_eq!(app.get("/es/quienes-somos").await.texts(".notice").len(), 1);
    // The old address can be used again, and then it no longer redirects.
    let network = content::page_by_key(app.db(), app.mascp().await, "network").await.unwrap().unwrap();
    eva.post(
        &app,
        &format!("/en/admin/pages/{}/en", network.id),
        &fields("Our network", "about-mascp", "Network.", "save"),
    )
    .await;
    assert_eq!(app.get("/en/about-mascp").await.first("h1"), "Our network");
}

#[tokio::test]
async fn history_compares_and_restores_versions() {
    let app = TestApp::with_demo().await;
    let eva = editor(&app).await;
    let about = content::page_by_key(app.db(), app.mascp().await, "about").await.unwrap().unwrap();
    let path = format!("/en/admin/pages/{}/en", about.id);
    eva.post(&app, &path, &fields("About MASCP", "about-mascp", "First line\nSecond line", "save")).await;
    eva.post(&app, &path, &fields("About MASCP", "about-mascp", "First line\nA new second line", "save")).await;
    let revisions = studio::revisions(app.db(), about.id, Lang::En).await.unwrap();
    assert_eq!(revisions.len(), 3, "the demo's version and two saves");

    let history = eva.get(&app, &format!("{path}/history?compare={}", revisions[1].id)).await;
    assert_eq!(history.status, 200);
    assert_eq!(history.texts(".revisions li").len(), 3);
    assert_eq!(history.texts(".diff del"), ["- Second line"]);
    assert_eq!(history.texts(".diff ins"), ["+ A new second line"]);
    assert!(history.texts(".revisions li").iter().any(|r| r.contains("Ana")), "who saved it");

    let restore = eva.post(&app, &format!("{path}/history/{}/restore", revisions[2].id), &[]).await;
    assert_eq!(restore.status, 303);
    assert!(app.get("/en/about-mascp").await.text().contains("Madison’s Common Council"), "the demo text is back");
    assert_eq!(studio::revisions(app.db(), about.id, Lang::En).await.unwrap().len(), 4, "restoring is a save");
}

#[tokio::test]
async fn the_live_preview_endpoint_renders_sanitized_markdown() {
    let app = TestApp::with_demo().await;
    let eva = editor(&app).await;
    let response = eva.post(&app, "/es/admin/preview", &[("body", "**Hola**\n\n<script>x()</script>")]).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.text().trim(), "<p><strong>Hola</strong></p>");
    assert_eq!(Browser::new().post(&app, "/es/admin/preview", &[("body", "x")]).await.status, 303, "signed out");
    let editor_page = eva.get(&app, "/es/admin/pages/2").await;
    assert!(editor_page.attr("form[data-preview]", "data-preview-url").ends_with("/es/admin/preview"));
    assert!(editor_page.attr("script[src]", "src").starts_with("/static/editor."));
}

#[tokio::test]
async fn a_working_group_page_taken_back_to_draft_leaves_the_list() {
    let app = TestApp::with_demo().await;
    let eva = editor(&app).await;
    let migration = content::page_by_key(app.db(), app.mascp().await, "wg-migration").await.unwrap().unwrap();
    assert_eq!(app.get("/en/working-groups").await.texts(".cards h3").len(), 3);
    eva.post(&app, &format!("/en/admin/pages/{}/status", migration.id), &[("status", "draft")]).await;
    let titles = app.get("/en/working-groups").await.texts(".cards h3");
    assert_eq!(titles, ["Environment and Climate Change", "Historical Memory and U.S. Intervention"]);
    assert_eq!(app.get("/en/working-groups/migration").await.status, 404);
}

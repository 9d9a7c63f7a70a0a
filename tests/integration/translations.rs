//! Translation statuses: a missing translation shows the other language with a notice; an
//! edit of the source marks the other language outdated.

use hermana::content::entities::page_translation;
use hermana::content::model::{self as content, status};
use sea_orm::{ActiveModelTrait, Set};

use crate::common::TestApp;

async fn about(app: &TestApp) -> (content::Translation, content::Translation) {
    let org = hermana::organizations::model::find_by_slug(app.db(), "mascp").await.unwrap().unwrap();
    let page = content::page_by_key(app.db(), org.id, "about").await.unwrap().unwrap();
    let all = content::translations(app.db(), page.id).await.unwrap();
    let en = all.iter().find(|t| t.language == "en").unwrap().clone();
    let es = all.iter().find(|t| t.language == "es").unwrap().clone();
    (en, es)
}

#[tokio::test]
async fn a_missing_translation_shows_the_other_language_with_a_notice() {
    let app = TestApp::with_demo().await;
    let (_, es) = about(&app).await;
    let mut missing: page_translation::ActiveModel = es.into();
    missing.status = Set(status::MISSING.to_owned());
    missing.update(app.db()).await.unwrap();
    content::touch(app.db()).await.unwrap();

    let page = app.get("/es/quienes-somos").await;
    assert_eq!(page.status, 200, "never a blank page");
    assert_eq!(page.attr("html", "lang"), "es");
    assert_eq!(
        page.first(".notice"),
        "Esta página todavía no está traducida al español; por eso se muestra en inglés."
    );
    assert_eq!(page.attr("article", "lang"), "en", "the English text is marked as English");
    assert_eq!(page.first("h1"), "About MASCP");
    assert!(page.first("article").contains("Common Council"));
    assert_eq!(page.first("nav.main-nav a[aria-current=page]"), "Quiénes somos", "the menu stays Spanish");
    assert!(app.get("/en/about-mascp").await.texts(".notice").is_empty());
}

#[tokio::test]
async fn editing_the_source_marks_the_translation_outdated_until_it_is_saved() {
    let app = TestApp::with_demo().await;
    let (en, es) = about(&app).await;
    app.save_translation(en.id, &en.title, &en.summary, "Changed source text.").await;
    let (_, es_after) = about(&app).await;
    assert_eq!(es_after.status, status::OUTDATED);
    let page = app.get("/es/quienes-somos").await;
    assert_eq!(
        page.first(".notice"),
        "La versión en inglés de esta página cambió después de esta traducción; puede que no esté al día."
    );
    assert!(page.first("article").contains("Concejo Municipal"), "the Spanish text is still shown");

    app.save_translation(es.id, &es.title, &es.summary, "Texto nuevo.").await;
    let (en_after, es_final) = about(&app).await;
    assert_eq!(es_final.status, status::CURRENT);
    assert_eq!(en_after.status, status::CURRENT, "saving a translation leaves the source alone");
    assert!(app.get("/es/quienes-somos").await.texts(".notice").is_empty());
}

#[tokio::test]
async fn markdown_from_content_cannot_inject_script() {
    let app = TestApp::with_demo().await;
    let (en, _) = about(&app).await;
    let payload = "<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n<img src=x onerror=alert(1)>";
    app.save_translation(en.id, "<b onmouseover=alert(1)>Title</b>", &en.summary, payload).await;
    let page = app.get("/en/about-mascp").await;
    let html = page.text();
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("javascript:"));
    assert!(!html.contains("onerror"));
    assert!(!html.contains("<b onmouseover"), "titles are escaped");
    assert!(
        html.contains("&lt;b onmouseover=alert(1)&gt;Title&lt;&#x2f;b&gt;")
            || html.contains("&lt;b onmouseover=alert(1)&gt;Title&lt;/b&gt;")
    );
}

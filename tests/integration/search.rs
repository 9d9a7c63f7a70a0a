//! Site search through the real router: accents, languages, ranking, drafts, edits, hostile
//! queries, the results page and the header's search box, on SQLite and on PostgreSQL.

use hermana::content::model::{self as content, Translation};
use hermana::content::studio;
use hermana::i18n::Lang;

use crate::common::{TestApp, TestResponse};

/// The results page for `query` in `lang`.
async fn search(app: &TestApp, lang: Lang, query: &str) -> TestResponse {
    let path = hermana::search::path(lang);
    let response = app.get(&format!("{path}?{}", serde_urlencoded::to_string([("q", query)]).unwrap())).await;
    assert_eq!(response.status, 200, "{path} for {query:?}");
    response
}

fn titles(response: &TestResponse) -> Vec<String> {
    response.texts(".search-results h2 a")
}

fn paths(response: &TestResponse) -> Vec<String> {
    response.attrs(".search-results h2 a", "href")
}

/// A page of MASCP with this text in `lang` (the other language not written yet), published
/// or left a draft. Returns the translation as saved.
async fn page(app: &TestApp, lang: Lang, title: &str, body: &str, published: bool) -> Translation {
    let page = studio::create_page(app.db(), app.mascp().await, lang, title, None).await.unwrap();
    let translations = content::translations(app.db(), page.id).await.unwrap();
    let translation = translations.iter().find(|t| t.language == lang.code()).unwrap();
    let saved = app.save_translation(translation.id, title, "", body).await;
    studio::set_status(app.db(), page.id, published).await.unwrap();
    saved
}

#[tokio::test]
async fn spanish_search_ignores_accents_and_capitals() {
    let app = TestApp::with_demo().await;
    // "misio\u{301}n" is "misión" typed with a combining accent.
    for query in ["mision", "misión", "MISIÓN", "misio\u{301}n"] {
        let response = search(&app, Lang::Es, query).await;
        assert!(paths(&response).contains(&"/es/".to_owned()), "{query}: {:?}", paths(&response));
        assert!(titles(&response).contains(&"Proyecto Ciudad Hermana Madison Arcatao".to_owned()));
        let marked = response.texts(".search-results mark");
        assert!(marked.iter().any(|m| m.to_lowercase() == "misión"), "{query}: {marked:?}");
    }
    let about = search(&app, Lang::Es, "organizacion voluntaria").await;
    assert!(paths(&about).contains(&"/es/quienes-somos".to_owned()), "{:?}", paths(&about));
}

#[tokio::test]
async fn a_word_finds_its_longer_forms() {
    let app = TestApp::with_demo().await;
    page(&app, Lang::Es, "Cooperativas", "Las organizaciones campesinas de Arcatao.", true).await;
    for query in ["organizacion", "organizaciones", "campesina", "cooperativa"] {
        let found = titles(&search(&app, Lang::Es, query).await);
        assert!(found.contains(&"Cooperativas".to_owned()), "{query}: {found:?}");
    }
}

#[tokio::test]
async fn each_language_finds_only_its_own_pages() {
    let app = TestApp::with_demo().await;
    let english = search(&app, Lang::En, "fundraising").await;
    assert_eq!(paths(&english), ["/en/"]);
    let mission = search(&app, Lang::En, "mission").await;
    assert!(
        !paths(&mission).is_empty() && paths(&mission).iter().all(|p| p.starts_with("/en/")),
        "{:?}",
        paths(&mission)
    );

    let spanish = search(&app, Lang::Es, "fundraising").await;
    assert!(titles(&spanish).is_empty());
    assert_eq!(spanish.first(".no-results strong"), "Ninguna página coincide con «fundraising».");
    let elsewhere = spanish.attr(".no-results a", "href");
    assert_eq!(elsewhere, "/en/search?q=fundraising");
    assert_eq!(paths(&app.get(&elsewhere).await), ["/en/"], "the suggestion finds the English page");
}

#[tokio::test]
async fn a_title_match_ranks_above_a_body_match() {
    let app = TestApp::with_demo().await;
    page(&app, Lang::Es, "Aves de Chalatenango", "El quetzal, el quetzal y otra vez el quetzal.", true).await;
    page(&app, Lang::Es, "El quetzal", "Un ave del bosque nublado.", true).await;
    let response = search(&app, Lang::Es, "quetzal").await;
    assert_eq!(titles(&response), ["El quetzal", "Aves de Chalatenango"]);
    assert_eq!(response.first(".search-count"), "2 páginas coinciden con «quetzal», las más pertinentes primero:");
}

#[tokio::test]
async fn drafts_and_unwritten_translations_are_not_found() {
    let app = TestApp::with_demo().await;
    let draft = page(&app, Lang::Es, "Tamales", "Receta de tamales de chipilín.", false).await;
    assert!(titles(&search(&app, Lang::Es, "chipilin").await).is_empty(), "a draft is not found");
    studio::set_status(app.db(), draft.page_id, true).await.unwrap();
    assert_eq!(titles(&search(&app, Lang::Es, "chipilin").await), ["Tamales"], "published, it is");
    // The English address shows the Spanish text with a notice, but English search has no text of it.
    assert!(titles(&search(&app, Lang::En, "chipilin").await).is_empty());
    assert!(titles(&search(&app, Lang::En, "tamales").await).is_empty());
}

#[tokio::test]
async fn saving_new_text_replaces_the_indexed_text() {
    let app = TestApp::with_demo().await;
    let id = page(&app, Lang::Es, "Fauna", "Vimos un colibrí en Arcatao.", true).await.id;
    assert_eq!(titles(&search(&app, Lang::Es, "colibri").await), ["Fauna"]);
    app.save_translation(id, "Fauna nocturna", "", "Escuchamos un tecolote.").await;
    assert!(titles(&search(&app, Lang::Es, "colibri").await).is_empty(), "the old text is gone");
    assert_eq!(titles(&search(&app, Lang::Es, "tecolote").await), ["Fauna nocturna"]);
    // Rebuilding the index changes nothing.
    hermana::search::reindex_all(app.db()).await.unwrap();
    assert_eq!(titles(&search(&app, Lang::Es, "tecolote").await), ["Fauna nocturna"]);
    assert!(paths(&search(&app, Lang::Es, "mision").await).contains(&"/es/".to_owned()));
}

#[tokio::test]
async fn hostile_queries_get_a_page_not_an_error() {
    let app = TestApp::with_demo().await;
    let long = "misión ".repeat(1500);
    let queries = [
        "\"",
        "\"misión",
        "*",
        "mis*",
        "NEAR(",
        "NEAR(mision organizacion, 2)",
        "-mision",
        "mision OR",
        "OR",
        "AND NOT",
        "title:mision",
        "^mision",
        "(mision",
        "'; DROP TABLE pages; --",
        "1' OR '1'='1",
        "\\",
        "\u{0}\u{E000}\u{E001}",
        "<script>alert(1)</script>",
        &long,
    ];
    for query in queries {
        for lang in Lang::ALL {
            let response = search(&app, lang, query).await;
            assert!(!response.text().contains("<script>alert"), "{query:?} is escaped");
        }
    }
    for raw in ["q=%FF%FE", "q=%zz", "q=a&q=b", "q", "q=&q=", "x=1"] {
        assert_eq!(app.get(&format!("/es/buscar?{raw}")).await.status, 200, "{raw}");
    }
    assert_eq!(paths(&search(&app, Lang::Es, &long).await), ["/es/"], "a long query is cut, not refused");
    assert_eq!(app.get("/es/").await.status, 200, "nothing was dropped");
}

#[tokio::test]
async fn snippets_are_plain_text_with_marked_words() {
    let app = TestApp::with_demo().await;
    page(&app, Lang::En, "Code", "Never run `<script>alert(1)</script>` from a **zopilote**.", true).await;
    let response = search(&app, Lang::En, "zopilote").await;
    assert_eq!(response.texts(".search-results mark"), ["zopilote"]);
    let html = response.text();
    assert!(!html.contains("<script>") && !html.contains("**"), "{html}");
    if app.backend() == sea_orm::DbBackend::Sqlite {
        // PostgreSQL's headline leaves out what looks like a tag; SQLite's snippet keeps it.
        assert!(html.contains("&lt;script&gt;alert(1)&lt;"), "the text is escaped: {html}");
    }
}

#[tokio::test]
async fn the_results_page_in_both_languages() {
    let app = TestApp::with_demo().await;
    let empty = app.get("/es/buscar").await;
    assert_eq!(empty.status, 200);
    assert_eq!(empty.attr("html", "lang"), "es");
    assert_eq!(empty.first("h1"), "Buscar");
    assert_eq!(empty.attr("#search-q", "value"), "");
    assert_eq!(empty.first("label[for=search-q]"), "Palabras que buscar en este sitio");
    assert!(empty.texts(".search-results, .no-results").is_empty(), "an empty query shows only the form");
    assert_eq!(empty.attr("nav.language-switch a", "href"), "/en/search");
    assert_eq!(empty.attr("meta[name=robots]", "content"), "noindex");

    let english = search(&app, Lang::En, "sister city").await;
    assert_eq!(english.attr("html", "lang"), "en");
    assert_eq!(english.first("h1"), "Search");
    assert_eq!(english.first("title"), "Search: sister city · MASCP");
    assert_eq!(english.attr("#search-q", "value"), "sister city");
    assert_eq!(english.attr("nav.language-switch a", "href"), "/es/buscar?q=sister+city");
    assert!(english.first(".search-count").ends_with("pages match “sister city”, best first:"));
    for path in paths(&english) {
        assert_eq!(app.get(&path).await.status, 200, "{path}");
    }

    let none = search(&app, Lang::En, "xylophone").await;
    assert_eq!(none.first(".no-results strong"), "No page matches “xylophone”.");
    assert!(none.first(".no-results").contains("Try fewer words"));
    assert_eq!(none.attr(".no-results a", "href"), "/es/buscar?q=xylophone");

    let escaped = search(&app, Lang::Es, "\"><b>x").await;
    assert_eq!(escaped.attr("#search-q", "value"), "\"><b>x");
    assert!(!escaped.text().contains("<b>x"));
    assert_eq!(app.get("/es/search").await.status, 404, "each language has its own address");
}

#[tokio::test]
async fn every_public_page_has_the_search_box_in_its_header() {
    let app = TestApp::with_demo().await;
    let mut pages: Vec<String> = crate::site::crawl(&app).await.into_iter().collect();
    pages.extend(["/es/buscar?q=mision".to_owned(), "/en/search".to_owned()]);
    for path in &pages {
        let response = app.get(path).await;
        let lang = &path[1..3];
        let action = if lang == "es" { "/es/buscar" } else { "/en/search" };
        assert_eq!(response.attr("header form[role=search]", "action"), action, "{path}");
        assert_eq!(response.attr("header form[role=search]", "method"), "get");
        assert_eq!(response.attr("header form[role=search] input[type=search]", "name"), "q");
        let input = response.attr("header form[role=search] input", "id");
        let label = response.first(&format!("header label[for={input}]"));
        assert_eq!(label, if lang == "es" { "Buscar en este sitio" } else { "Search this site" });
        assert_eq!(response.texts("header form[role=search] button[type=submit]").len(), 1);
    }
    let missing = app.get("/en/no-such-page").await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.attr("header form[role=search]", "action"), "/en/search", "a lost visitor can search");
}

#[test]
fn no_page_can_take_the_search_pages_address() {
    for slug in ["buscar", "search"] {
        let edit = studio::Edit { title: "Buscar".into(), slug: slug.into(), ..studio::Edit::default() };
        assert_eq!(studio::validate(&edit, false).unwrap_err(), [studio::Problem::SlugReserved], "{slug}");
    }
}

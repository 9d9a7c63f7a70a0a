//! Articles through the real router: written in one language, translated, given details,
//! scheduled, published by the worker's beat, listed, filtered by tag, and read in feeds.

use chrono::{TimeZone, Utc};
use hermana::auth::roles::Role;
use hermana::content::articles;
use hermana::content::entities::page;
use hermana::content::model as content;
use hermana::content::studio::{self, NewPage};
use hermana::i18n::Lang;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

use crate::common::{Browser, TestApp};
use crate::xml::parse_xml;

const PASSWORD: &str = "una frase larga";

async fn editor(app: &TestApp) -> Browser {
    app.account("eva@example.org", PASSWORD, &[Role::Editor]).await;
    app.sign_in("eva@example.org", PASSWORD).await
}

/// An article written in `lang` and published now, with `tags`.
async fn published_article(app: &TestApp, lang: Lang, title: &str, tags: &[&str]) -> i64 {
    let new = NewPage {
        organization_id: app.mascp().await,
        lang,
        title,
        kind: content::kind::ARTICLE,
        account_id: None,
        author_name: "Equipo MASCP",
    };
    let page = studio::create(app.db(), new).await.unwrap();
    let translation = content::translations(app.db(), page.id)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.language == lang.code())
        .unwrap();
    app.save_translation(translation.id, title, "", "Texto del artículo.").await;
    let settings = articles::Settings {
        author_name: "Equipo MASCP".into(),
        published_at: None,
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        working_group_id: None,
    };
    articles::save_settings(app.db(), &page, &settings).await.unwrap();
    studio::set_status(app.db(), page.id, true).await.unwrap();
    page.id
}

#[tokio::test]
async fn an_article_is_written_in_spanish_scheduled_then_published_on_its_date() {
    let app = TestApp::with_demo().await;
    let eva = editor(&app).await;
    let created = eva
        .post(
            &app,
            "/es/admin/pages",
            &[("title", "Vigilia por Monseñor Romero"), ("language", "es"), ("kind", "article")],
        )
        .await;
    assert_eq!(created.status, 303);
    let editor_path = created.location().to_owned();
    let id: i64 = editor_path.rsplit('/').next().unwrap().parse().unwrap();
    let form = eva.get(&app, &editor_path).await;
    assert_eq!(form.first("#details-heading"), "Detalles del artículo (para los dos idiomas)");
    assert_eq!(form.attr("#author", "value"), "Ana", "the byline starts as the writer's name");
    assert!(form.text().contains("/es/articulos/"), "the address hint names the articles' section");

    let saved = eva
        .post(
            &app,
            &format!("/es/admin/pages/{id}/es"),
            &[
                ("title", "Vigilia por Monseñor Romero"),
                ("slug", "vigilia-romero"),
                ("summary", "Nos reunimos el 24 de marzo."),
                ("body", "Traiga una *vela*."),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303);
    let details = eva
        .post(
            &app,
            &format!("/es/admin/pages/{id}/article"),
            &[
                ("author", "  Comité  de Madison "),
                ("published_at", "2999-03-24T19:00"),
                ("tags", "Romero, memoria histórica, romero"),
                ("working_group", ""),
            ],
        )
        .await;
    assert_eq!(details.status, 303, "{}", details.text());
    let page = content::page(app.db(), id).await.unwrap().unwrap();
    assert_eq!(page.author_name, "Comité de Madison");
    // 19:00 in Madison on 24 March 2999 is daylight time (UTC−5).
    assert_eq!(page.published_at, Some(Utc.with_ymd_and_hms(2999, 3, 25, 0, 0, 0).unwrap()));

    let published = eva.post(&app, &format!("/es/admin/pages/{id}/status"), &[("status", "published")]).await;
    assert_eq!(published.status, 303);
    let state = eva.get(&app, &editor_path).await;
    assert_eq!(state.first(".page-state .badge"), "Programado");
    assert!(state.first(".page-state p").contains("24 de marzo de 2999 19:00"), "{}", state.first(".page-state p"));
    assert_eq!(app.get("/es/articulos/vigilia-romero").await.status, 404, "not before its date");
    assert_eq!(articles::publish_scheduled(app.db()).await.unwrap(), 0);

    // Time passes: the date is now behind us, and the worker's beat publishes it once.
    let mut due: page::ActiveModel = page.into();
    due.published_at = Set(Some(Utc::now()));
    due.update(app.db()).await.unwrap();
    assert_eq!(articles::publish_scheduled(app.db()).await.unwrap(), 1);
    assert_eq!(articles::publish_scheduled(app.db()).await.unwrap(), 0, "published once");
    let audit = hermana::audit::model::recent(app.db(), app.mascp().await, 10).await.unwrap();
    assert!(audit.iter().any(|l| l.action == "page.published-as-scheduled"));

    let public = app.get("/es/articulos/vigilia-romero").await;
    assert_eq!(public.status, 200);
    assert_eq!(public.first("h1"), "Vigilia por Monseñor Romero");
    assert!(public.first(".article-meta").contains("por Comité de Madison"));
    assert_eq!(public.texts(".tags a"), ["Romero", "memoria histórica"]);
    assert_eq!(public.attr(".tags a", "href"), "/es/articulos?tag=Romero");
    assert_eq!(public.attr("meta[property='og:type']", "content"), "article");
    assert!(public.text().contains("Traiga una <em>vela</em>."));

    // In English it is there too, in Spanish under a notice, until someone translates it.
    // (Its English address is still the one made from the first title.)
    let crossed = app.get("/en/articles/vigilia-romero").await;
    assert_eq!((crossed.status.as_u16(), crossed.location()), (308, "/en/articles/vigilia-por-monsenor-romero"));
    let english = app.get(crossed.location()).await;
    assert_eq!(english.status, 200);
    assert!(english.first(".notice").contains("not been translated into English"));
    assert_eq!(english.attr("article", "lang"), "es");
    let list = app.get("/en/articles").await;
    assert_eq!(list.texts(".article-card h2 a")[0], "Vigilia por Monseñor Romero");

    // The page prefix and the other language's section lead to the article's address.
    let by_page = app.get("/es/vigilia-romero").await;
    assert_eq!((by_page.status.as_u16(), by_page.location()), (308, "/es/articulos/vigilia-romero"));
    let crossed = app.get("/es/articles/vigilia-romero").await;
    assert_eq!((crossed.status.as_u16(), crossed.location()), (308, "/es/articulos/vigilia-romero"));
}

#[tokio::test]
async fn bad_article_details_are_shown_next_to_each_field_and_kept() {
    let app = TestApp::with_demo().await;
    let eva = editor(&app).await;
    let created = eva
        .post(&app, "/en/admin/pages", &[("title", "Delegation report"), ("language", "en"), ("kind", "article")])
        .await;
    let id: i64 = created.location().rsplit('/').next().unwrap().parse().unwrap();
    let long_tag = "x".repeat(41);
    let typed =
        [("author", "Ana"), ("published_at", "next tuesday"), ("tags", long_tag.as_str()), ("working_group", "999")];
    let refused = eva.post(&app, &format!("/en/admin/pages/{id}/article"), &typed).await;
    assert_eq!(refused.status, 422);
    assert_eq!(refused.first("#published-at-error"), "Please give a date and time, e.g. 2027-03-24 19:00.");
    assert_eq!(refused.first("#tags-error"), "A tag is too long (40 characters at most).");
    assert_eq!(refused.first("#working-group-error"), "Please choose a working group from the list.");
    assert_eq!(refused.attr("#published-at", "value"), "next tuesday");
    assert_eq!(refused.attr("#tags", "value"), long_tag);
    let page = content::page(app.db(), id).await.unwrap().unwrap();
    assert_eq!((page.author_name.as_str(), page.published_at), ("Ana", None), "nothing saved");

    let spanish = eva.post(&app, &format!("/es/admin/pages/{id}/article"), &typed).await;
    assert_eq!(spanish.first("#published-at-error"), "Escriba una fecha y una hora, p. ej. 2027-03-24 19:00.");

    // A page is not an article: it has no details form, and a slug cannot take the section's name.
    assert_eq!(eva.post(&app, "/en/admin/pages", &[("title", "Articles"), ("language", "en")]).await.status, 422);
}

#[tokio::test]
async fn the_list_pages_through_articles_and_filters_by_tag() {
    let app = TestApp::with_demo().await;
    for n in 1..=21 {
        let tags: &[&str] = if n % 7 == 0 { &["Migración"] } else { &[] };
        published_article(&app, Lang::Es, &format!("Noticia {n:02}"), tags).await;
    }
    let first = app.get("/es/articulos").await;
    assert_eq!(first.status, 200);
    let titles = first.texts(".article-card h2 a");
    assert_eq!(titles.len(), 20);
    assert_eq!(titles[0], "Noticia 21", "newest first");
    assert_eq!(first.attr(".pager a[rel=next]", "href"), "/es/articulos?page=2");
    let second = app.get("/es/articulos?page=2").await;
    // 21 new articles and the demo's two.
    assert_eq!(second.texts(".article-card h2 a").len(), 3);
    assert_eq!(second.attr(".pager a[rel=prev]", "href"), "/es/articulos");
    assert_eq!(app.get("/es/articulos?page=abc").await.texts(".article-card h2 a").len(), 20);

    let tagged = app.get("/es/articulos?tag=Migraci%C3%B3n").await;
    assert_eq!(tagged.texts(".article-card h2 a"), ["Noticia 21", "Noticia 14", "Noticia 07"]);
    assert_eq!(tagged.first(".filter-note a"), "Todos los artículos");
    assert_eq!(app.get("/es/articulos?tag=nada").await.first(".articles .empty"), "Todavía no hay artículos aquí.");
}

#[tokio::test]
async fn each_language_has_an_atom_feed_of_what_is_written_in_it() {
    let app = TestApp::with_demo().await;
    let id = published_article(&app, Lang::Es, "Solo en español", &["Arcatao"]).await;
    let home = app.get("/en/").await;
    assert_eq!(home.attr("link[type='application/atom+xml']", "href"), "/en/articles/feed.xml");

    let response = app.get("/es/articulos/feed.xml").await;
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some("application/atom+xml; charset=utf-8"));
    let feed = parse_xml(&response.text());
    assert_eq!(feed.name, "feed");
    assert_eq!(feed.attr("xmlns"), "http://www.w3.org/2005/Atom");
    assert!(feed.only("id").text.starts_with("tag:"));
    assert_eq!(feed.only("title").text, "Madison Arcatao Sister City Project: artículos");
    let entries: Vec<_> = feed.named("entry").collect();
    assert_eq!(entries.len(), 3);
    let newest = entries[0];
    assert_eq!(newest.only("title").text, "Solo en español");
    assert!(newest.only("link").attr("href").ends_with("/es/articulos/solo-en-espanol"));
    assert_eq!(newest.only("category").attr("term"), "Arcatao");
    assert!(newest.only("content").text.contains("<p>Texto del artículo.</p>"), "HTML content, escaped once");
    for entry in &entries {
        for element in ["id", "title", "updated", "published", "link", "content"] {
            assert_eq!(entry.named(element).count(), 1, "<{element}> in every entry");
        }
    }
    let english = parse_xml(&app.get("/en/articles/feed.xml").await.text());
    let titles: Vec<String> = english.named("entry").map(|e| e.only("title").text.clone()).collect();
    assert_eq!(titles.len(), 2, "the Spanish-only article is not in the English feed: {titles:?}");

    // Entry ids stay the same when the address changes.
    let before = newest.only("id").text.clone();
    let translation =
        content::translations(app.db(), id).await.unwrap().into_iter().find(|t| t.language == "es").unwrap();
    let mut edit = studio::Edit {
        title: translation.title.clone(),
        slug: "otra-direccion".into(),
        summary: String::new(),
        body: translation.body.clone(),
    };
    edit.title.push_str(" (corregido)");
    studio::save(app.db(), translation.id, &edit, None).await.unwrap();
    let again = parse_xml(&app.get("/es/articulos/feed.xml").await.text());
    let renamed = again.named("entry").next().unwrap().only("id").text.clone();
    assert_eq!(renamed, before);
    assert_eq!(app.get("/es/articulos/solo-en-espanol").await.location(), "/es/articulos/otra-direccion");
    assert!(page::Entity::find_by_id(id).one(app.db()).await.unwrap().is_some());
}

#[tokio::test]
async fn article_dates_are_in_the_organization_time_zone() {
    let app = TestApp::with_demo().await;
    let id = published_article(&app, Lang::En, "Late news", &[]).await;
    let page = content::page(app.db(), id).await.unwrap().unwrap();
    let mut late: page::ActiveModel = page.into();
    // 03:00 UTC on the 29th is 9 p.m. on the 28th in Madison.
    late.published_at = Set(Some(Utc.with_ymd_and_hms(2026, 11, 29, 3, 0, 0).unwrap()));
    late.update(app.db()).await.unwrap();
    content::touch(app.db()).await.unwrap();
    let shown = app.get("/en/articles/late-news").await;
    assert_eq!(shown.first(".article-meta time"), "November 28, 2026");
    assert_eq!(shown.attr(".article-meta time", "datetime"), "2026-11-29T03:00:00Z");
    assert_eq!(app.get("/es/articulos/late-news").await.first(".article-meta time"), "28 de noviembre de 2026");
}

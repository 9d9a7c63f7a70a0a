//! Menus per language through the real router: reorder, rename, add and remove items; page
//! slugs followed, drafts hidden, bad addresses refused, who may edit, and the old menu copied.

use hermana::auth::roles::Role;
use hermana::content::entities::{menu_item, page};
use hermana::content::menus;
use hermana::content::model as content;
use hermana::i18n::Lang;
use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};

use crate::common::{Browser, TestApp, TestResponse};

const PASSWORD: &str = "una frase larga";

async fn editor(app: &TestApp) -> Browser {
    app.account("eva@example.org", PASSWORD, &[Role::Editor]).await;
    app.sign_in("eva@example.org", PASSWORD).await
}

/// The public navigation of a page: (text, href) of each link.
fn nav(page: &TestResponse) -> Vec<(String, String)> {
    page.texts(".main-nav a").into_iter().zip(page.attrs(".main-nav a", "href")).collect()
}

fn texts(nav: &[(String, String)]) -> Vec<&str> {
    nav.iter().map(|(t, _)| t.as_str()).collect()
}

/// The id of the menu item for the page `key` in `lang`.
async fn item_of(app: &TestApp, lang: Lang, key: &str) -> i64 {
    let org = app.mascp().await;
    let page = content::page_by_key(app.db(), org, key).await.unwrap().unwrap();
    menus::items(app.db(), org, lang).await.unwrap().into_iter().find(|i| i.page_id == Some(page.id)).unwrap().id
}

#[tokio::test]
async fn the_demo_menu_is_in_menu_items_in_both_languages() {
    let app = TestApp::with_demo().await;
    let es = nav(&app.get("/es/").await);
    assert_eq!(
        texts(&es),
        ["Inicio", "Quiénes somos", "Nuestra red", "Grupos de trabajo", "Directorio de la red", "Artículos", "Eventos"]
    );
    assert_eq!(es[1].1, "/es/quienes-somos");
    assert_eq!(es[6].1, "/es/eventos");
    let en = nav(&app.get("/en/").await);
    assert_eq!(en.len(), 7);
    assert_eq!(en[6], ("Events".to_owned(), "/en/events".to_owned()));
    assert_eq!(en[0], ("Home".to_owned(), "/en/".to_owned()));
    assert!(en.iter().all(|(_, href)| href.starts_with("/en/")));
    assert_eq!(menu_item::Entity::find().count(app.db()).await.unwrap(), 14);
}

#[tokio::test]
async fn moving_an_item_changes_that_language_only_and_empties_the_page_cache() {
    let app = TestApp::with_demo().await;
    let eva = editor(&app).await;
    let page = eva.get(&app, "/es/admin/menus").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.first("h1"), "Menús");
    assert_eq!(page.texts("#menu-es .menu-item-name").len(), 7);
    assert_eq!(page.texts("#menu-en .menu-item-name").len(), 7);
    let before_en = nav(&app.get("/en/").await);
    let _cached = app.get("/es/").await;

    let about = item_of(&app, Lang::Es, "about").await;
    let moved = eva.post(&app, &format!("/es/admin/menus/items/{about}/move"), &[("direction", "down")]).await;
    assert_eq!(moved.status, 303);
    assert_eq!(moved.location(), "/es/admin/menus?saved=1#menu-es");
    let es = nav(&app.get("/es/").await);
    assert_eq!(
        texts(&es),
        ["Inicio", "Nuestra red", "Quiénes somos", "Grupos de trabajo", "Directorio de la red", "Artículos", "Eventos"]
    );
    assert_eq!(nav(&app.get("/en/").await), before_en, "the English menu is its own");
    // Up again, from the other end of the list as well.
    eva.post(&app, &format!("/es/admin/menus/items/{about}/move"), &[("direction", "up")]).await;
    let home = item_of(&app, Lang::Es, "home").await;
    eva.post(&app, &format!("/es/admin/menus/items/{home}/move"), &[("direction", "up")]).await;
    assert_eq!(texts(&nav(&app.get("/es/").await))[..2], ["Inicio", "Quiénes somos"], "the first stays first");

    let admin_page = eva.get(&app, "/es/admin/menus?saved=1").await;
    assert_eq!(admin_page.first(".form-notice"), "El menú se guardó.");
    let log = hermana::audit::model::recent(app.db(), app.mascp().await, 20).await.unwrap();
    assert!(log.iter().any(|l| l.action == "menu.item-moved-down" && l.subject == "es: Quiénes somos"), "{log:?}");
}

#[tokio::test]
async fn renaming_and_removing_items() {
    let app = TestApp::with_demo().await;
    let eva = editor(&app).await;
    let before = nav(&app.get("/en/").await);
    let title = before[2].0.clone();
    let network = item_of(&app, Lang::En, "network").await;
    let renamed = eva.post(&app, &format!("/en/admin/menus/items/{network}"), &[("label", "  Our network ")]).await;
    assert_eq!(renamed.status, 303);
    assert_eq!(texts(&nav(&app.get("/en/").await))[2], "Our network");
    // Empty: back to the page's title.
    eva.post(&app, &format!("/en/admin/menus/items/{network}"), &[("label", "")]).await;
    assert_eq!(texts(&nav(&app.get("/en/").await))[2], title);
    let long = "x".repeat(61);
    let refused = eva.post(&app, &format!("/en/admin/menus/items/{network}"), &[("label", &long)]).await;
    assert_eq!(refused.status, 422);
    assert_eq!(refused.first(&format!("#label-{network}-error")), "The text is too long (60 characters at most).");
    assert_eq!(refused.attr(&format!("#label-{network}"), "value"), long, "what was typed is kept");

    let removed = eva.post(&app, &format!("/en/admin/menus/items/{network}/remove"), &[]).await;
    assert_eq!(removed.status, 303);
    let mut expected = before.clone();
    expected.remove(2);
    assert_eq!(nav(&app.get("/en/").await), expected);
    assert_eq!(texts(&nav(&app.get("/es/").await)).len(), 7);
    let gone = eva.post(&app, &format!("/en/admin/menus/items/{network}/remove"), &[]).await;
    assert_eq!(gone.location(), "/en/admin/menus?error=gone");
    let log = hermana::audit::model::recent(app.db(), app.mascp().await, 20).await.unwrap();
    assert!(log.iter().any(|l| l.action == "menu.item-renamed" && l.subject == format!("en: {title} → Our network")));
    assert!(log.iter().any(|l| l.action == "menu.item-removed" && l.subject == format!("en: {title}")));
}

#[tokio::test]
async fn a_page_in_the_menu_follows_its_slug() {
    let app = TestApp::with_demo().await;
    let eva = editor(&app).await;
    let english_before = nav(&app.get("/en/").await)[1].1.clone();
    let org = app.mascp().await;
    let about = content::page_by_key(app.db(), org, "about").await.unwrap().unwrap();
    let spanish =
        content::translations(app.db(), about.id).await.unwrap().into_iter().find(|t| t.language == "es").unwrap();
    let saved = eva
        .post(
            &app,
            &format!("/es/admin/pages/{}/es", about.id),
            &[
                ("title", spanish.title.as_str()),
                ("slug", "nosotras-y-nosotros"),
                ("summary", spanish.summary.as_str()),
                ("body", spanish.body.as_str()),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.text());
    let es = nav(&app.get("/es/").await);
    assert_eq!(es[1], ("Quiénes somos".to_owned(), "/es/nosotras-y-nosotros".to_owned()));
    assert_eq!(app.get(&es[1].1).await.status, 200);
    assert_eq!(nav(&app.get("/en/").await)[1].1, english_before, "the English slug is untouched");
}

#[tokio::test]
async fn a_draft_page_stays_out_of_the_public_menu_until_published() {
    let app = TestApp::with_demo().await;
    let eva = editor(&app).await;
    let created = eva.post(&app, "/es/admin/pages", &[("title", "Delegación 2027"), ("language", "es")]).await;
    let id = created.location().rsplit('/').next().unwrap().to_owned();
    let added = eva.post(&app, "/es/admin/menus/es", &[("kind", "page"), ("page", &id), ("label", "")]).await;
    assert_eq!(added.status, 303, "{}", added.text());

    let admin_page = eva.get(&app, "/es/admin/menus").await;
    let last = admin_page.texts("#menu-es .menu-item-name").pop().unwrap();
    assert_eq!(last, "Delegación 2027 borrador");
    assert!(!texts(&nav(&app.get("/es/").await)).contains(&"Delegación 2027"));

    eva.post(&app, &format!("/es/admin/pages/{id}/status"), &[("status", "published")]).await;
    let es = nav(&app.get("/es/").await);
    assert_eq!(es.last().unwrap(), &("Delegación 2027".to_owned(), "/es/delegacion-2027".to_owned()));
    assert_eq!(texts(&nav(&app.get("/en/").await)).len(), 7, "added to the Spanish menu only");
}

#[tokio::test]
async fn addresses_must_be_web_addresses_or_paths_of_this_site() {
    let app = TestApp::with_demo().await;
    let eva = editor(&app).await;
    let refused = eva
        .post(&app, "/en/admin/menus/en", &[("kind", "url"), ("url", "javascript:alert(1)"), ("label", "Click")])
        .await;
    assert_eq!(refused.status, 422);
    assert_eq!(
        refused.first("#url-en-error"),
        "This address cannot go in the menu. Use one starting with https:// or http://, or a path of this site starting with /."
    );
    assert_eq!(refused.attr("#url-en", "value"), "javascript:alert(1)", "what was typed is kept");
    assert_eq!(refused.attr("#new-label-en", "value"), "Click");
    assert!(refused.texts("#menu-es .field-error").is_empty(), "the message is in the English column only");
    let spanish =
        eva.post(&app, "/es/admin/menus/es", &[("kind", "url"), ("url", "//evil.example"), ("label", "")]).await;
    assert_eq!(spanish.status, 422);
    assert!(spanish.first("#url-es-error").starts_with("Esta dirección no se puede poner en el menú."));
    assert_eq!(spanish.first("#new-label-es-error"), "Por favor, escriba el texto del enlace.");
    assert_eq!(menu_item::Entity::find().count(app.db()).await.unwrap(), 14, "nothing added");
    assert!(!app.get("/en/").await.text().contains("javascript:"));

    let ok = eva
        .post(
            &app,
            "/en/admin/menus/en",
            &[("kind", "url"), ("url", "https://www.elsalvadorsolidarity.org/"), ("label", "Network site")],
        )
        .await;
    assert_eq!(ok.status, 303);
    eva.post(&app, "/en/admin/menus/en", &[("kind", "articles"), ("label", "")]).await;
    eva.post(&app, "/en/admin/menus/en", &[("kind", "events"), ("label", "Calendar")]).await;
    // (The demo's menus end with the articles and the events already: these come after.)
    let en = nav(&app.get("/en/").await);
    assert_eq!(en[7], ("Network site".to_owned(), "https://www.elsalvadorsolidarity.org/".to_owned()));
    assert_eq!(en[8], ("Articles".to_owned(), "/en/articles".to_owned()));
    assert_eq!(en[9], ("Calendar".to_owned(), "/en/events".to_owned()), "a chosen name is kept");
    eva.post(&app, "/es/admin/menus/es", &[("kind", "articles")]).await;
    eva.post(&app, "/es/admin/menus/es", &[("kind", "events")]).await;
    let es = nav(&app.get("/es/").await);
    assert_eq!(es[7], ("Artículos".to_owned(), "/es/articulos".to_owned()));
    assert_eq!(es[8], ("Eventos".to_owned(), "/es/eventos".to_owned()), "named in the menu's language");
    let admin_page = eva.get(&app, "/es/admin/menus").await;
    assert!(admin_page.texts("#menu-es .hint").iter().any(|h| h.starts_with("La lista de eventos")));
}

#[tokio::test]
async fn only_admins_and_editors_edit_menus() {
    let app = TestApp::with_demo().await;
    app.account("tesorera@example.org", PASSWORD, &[Role::Treasurer]).await;
    let treasurer = app.sign_in("tesorera@example.org", PASSWORD).await;
    assert_eq!(treasurer.get(&app, "/es/admin/menus").await.status, 403);
    let about = item_of(&app, Lang::Es, "about").await;
    let refused = treasurer.post(&app, &format!("/es/admin/menus/items/{about}/remove"), &[]).await;
    assert_eq!(refused.status, 403);
    let signed_out = Browser::new().post(&app, &format!("/es/admin/menus/items/{about}/remove"), &[]).await;
    assert_eq!(signed_out.status, 303);
    assert!(signed_out.location().starts_with("/es/login"));
    assert_eq!(menu_item::Entity::find().count(app.db()).await.unwrap(), 14);
    let admin_id = app.account("ana@example.org", PASSWORD, &[Role::Admin]).await;
    assert!(admin_id > 0);
    let admin = app.sign_in("ana@example.org", PASSWORD).await;
    assert_eq!(admin.get(&app, "/en/admin/menus").await.status, 200);
    assert!(!treasurer.get(&app, "/es/admin").await.texts(".main-nav a").contains(&"Menús".to_owned()));
}

#[tokio::test]
async fn the_old_menu_positions_are_copied_into_menu_items() {
    let app = TestApp::with_demo().await;
    let before_es = nav(&app.get("/es/").await);
    let before_en = nav(&app.get("/en/").await);
    // As a site was before menus could be edited: only `pages.menu_position`.
    menu_item::Entity::delete_many().exec(app.db()).await.unwrap();
    let org = app.mascp().await;
    for (place, key) in ["home", "about", "network", "working-groups", "directory"].iter().enumerate().rev() {
        let row = content::page_by_key(app.db(), org, key).await.unwrap().unwrap();
        let mut active: page::ActiveModel = row.into();
        active.menu_position = Set(Some(i32::try_from(place).unwrap()));
        active.update(app.db()).await.unwrap();
    }
    content::touch(app.db()).await.unwrap();
    assert!(nav(&app.get("/es/").await).is_empty());
    menus::copy_menu_positions(app.db()).await.unwrap();
    content::touch(app.db()).await.unwrap();
    // All but the demo's last items, the articles and the events, which no page's position
    // stood for.
    assert_eq!(nav(&app.get("/es/").await), before_es[..before_es.len() - 2]);
    assert_eq!(nav(&app.get("/en/").await), before_en[..before_en.len() - 2]);
}

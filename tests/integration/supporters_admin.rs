//! The core group's supporter pages: the list (accent-insensitive search, filters, keyset
//! pagination with ties), a supporter's page (details, tags, notes, consents, timeline).

use std::collections::HashSet;

use hermana::auth::roles::Role;
use hermana::events::entities::{event, registration};
use hermana::supporters::entities::supporter;
use hermana::supporters::model::{self, Details};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::common::{Browser, TestApp};

const PASSWORD: &str = "una frase larga";

async fn organizer(app: &TestApp) -> Browser {
    app.account("organizer@example.org", PASSWORD, &[Role::Organizer]).await;
    app.sign_in("organizer@example.org", PASSWORD).await
}

async fn add(app: &TestApp, first: &str, last: &str, email: &str, phone: &str) -> i64 {
    let details = Details {
        first_name: first.into(),
        last_name: last.into(),
        email: Some(email.into()),
        phone: phone.into(),
        language: "es".into(),
        ..Details::default()
    };
    model::create(app.db(), app.mascp().await, &details).await.unwrap().id
}

/// The supporter ids linked from a list page.
fn ids(page: &crate::common::TestResponse) -> Vec<i64> {
    page.attrs("table.supporters tbody th a", "href")
        .iter()
        .map(|h| h.rsplit('/').next().unwrap().parse().unwrap())
        .collect()
}

#[tokio::test]
async fn the_list_shows_the_demo_friends_in_both_languages() {
    let app = TestApp::with_demo().await;
    let browser = organizer(&app).await;
    let es = browser.get(&app, "/es/admin/supporters").await;
    assert_eq!(es.status, 200);
    assert_eq!(es.first("h1"), "Amigos");
    assert_eq!(es.first(".search-count"), "6 personas.");
    assert!(es.texts("nav.main-nav a").contains(&"Amigos".to_owned()));
    let en = browser.get(&app, "/en/admin/supporters").await;
    assert_eq!(en.first("h1"), "Friends");
    // Sorted by last name: Demostración, Ejemplo Flores, Ficticio, Placeholder, Prueba Núñez, Sample.
    let names = en.texts("table.supporters tbody th a");
    assert_eq!(names[0], "Bruno Demostración");
    assert_eq!(names[5], "Dana Sample");
}

#[tokio::test]
async fn search_ignores_accents_and_capitals() {
    let app = TestApp::with_demo().await;
    let jose = add(&app, "José", "Pérez Núñez", "jperez@correo.sv", "+503 7012-3456").await;
    add(&app, "Josefina", "Castro", "jcastro@correo.sv", "").await;
    let browser = organizer(&app).await;
    for query in ["jose perez", "JOSÉ", "perez nunez", "núñez", "70123456", "jperez@"] {
        let page = browser.get(&app, &format!("/es/admin/supporters?q={}", urlencode(query))).await;
        let found = ids(&page);
        assert!(found.contains(&jose), "{query}: {found:?}");
    }
    let page = browser.get(&app, "/es/admin/supporters?q=perez+castro").await;
    assert!(ids(&page).is_empty(), "every word must match");
    // LIKE's wildcards are plain characters.
    let page = browser.get(&app, "/es/admin/supporters?q=%25").await;
    assert_eq!(page.status, 200);
    // The same typed text on the other side: a search for "Jose" in Spanish finds "José".
    let page = browser.get(&app, "/en/admin/supporters?q=Jose").await;
    assert_eq!(ids(&page).len(), 2);
}

fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("", text)]).unwrap().trim_start_matches('=').to_owned()
}

#[tokio::test]
async fn keyset_pages_cover_every_record_once_even_with_ties() {
    let app = TestApp::new().await;
    app.organization("MASCP").await;
    let browser = organizer(&app).await;
    let mut made = HashSet::new();
    for i in 0..120 {
        // Everyone has the same name: the id breaks the tie.
        made.insert(add(&app, "Igual", "Mismo", &format!("p{i}@correo.sv"), "").await);
    }
    // And the same creation time, for the "newest first" order.
    let same = chrono::Utc::now();
    supporter::Entity::update_many()
        .col_expr(supporter::Column::CreatedAt, Expr::value(same))
        .filter(supporter::Column::Id.is_in(made.iter().copied()))
        .exec(app.db())
        .await
        .unwrap();
    for sort in ["name", "newest", "activity"] {
        let mut seen = Vec::new();
        let mut path = format!("/en/admin/supporters?sort={sort}");
        let mut pages = 0;
        loop {
            let page = browser.get(&app, &path).await;
            assert_eq!(page.status, 200);
            assert_eq!(page.first(".search-count"), "120 people.");
            seen.extend(ids(&page));
            pages += 1;
            match page.attrs("a[rel=next]", "href").first() {
                Some(next) => path = next.replace("&amp;", "&"),
                None => break,
            }
        }
        assert_eq!(pages, 3, "{sort}");
        assert_eq!(seen.len(), 120, "{sort}: no record twice");
        assert_eq!(seen.iter().copied().collect::<HashSet<_>>(), made, "{sort}: every record");
        let mut sorted = seen.clone();
        if sort == "name" {
            sorted.sort()
        } else {
            sorted.sort_by(|a, b| b.cmp(a))
        }
        assert_eq!(seen, sorted, "{sort}: ties in id order");
    }
    // A cursor that is not ours is ignored.
    assert_eq!(browser.get(&app, "/en/admin/supporters?after=%%%").await.status, 200);
}

#[tokio::test]
async fn filters_by_tag_consent_language_and_place() {
    let app = TestApp::with_demo().await;
    let browser = organizer(&app).await;
    let all = browser.get(&app, "/en/admin/supporters").await;
    let tag = all.attrs("#tag option", "value")[1].clone();
    let page = browser.get(&app, &format!("/en/admin/supporters?tag={tag}")).await;
    assert_eq!(page.first(".search-count"), "2 people.");
    let page = browser.get(&app, "/en/admin/supporters?consent=newsletter").await;
    assert_eq!(page.first(".search-count"), "4 people.");
    let page = browser.get(&app, "/en/admin/supporters?consent=none").await;
    assert_eq!(page.texts("table.supporters tbody th a"), ["Élmer Ficticio"]);
    let page = browser.get(&app, "/en/admin/supporters?language=en&place=madison").await;
    assert_eq!(page.first(".search-count"), "2 people.");
    let page = browser.get(&app, "/en/admin/supporters?active=dormant").await;
    assert_eq!(page.first(".search-count"), "No one matches.");
    assert_eq!(page.attr("#active option[selected]", "value"), "dormant", "the filter is shown as chosen");
}

#[tokio::test]
async fn a_supporters_page_edits_details_tags_notes_and_consents() {
    let app = TestApp::with_demo().await;
    let id = add(&app, "Rosa", "Martínez", "rosa@correo.sv", "").await;
    let browser = organizer(&app).await;
    let path = format!("/es/admin/supporters/{id}");
    let page = browser.get(&app, &path).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.first("h1"), "Rosa Martínez");
    assert_eq!(page.first("#consents .hint"), "Todavía no ha aceptado recibir nada.");

    // A problem: shown next to the field, typed text kept, nothing saved.
    let response =
        browser.post(&app, &path, &[("first_name", ""), ("last_name", "Otra"), ("email", "rosa@correo.sv")]).await;
    assert_eq!(response.status, 422);
    assert_eq!(response.first("#first_name-error"), "Por favor, escriba su nombre.");
    assert_eq!(response.attr("#last_name", "value"), "Otra");
    // Another record's email is refused.
    let response = browser.post(&app, &path, &[("first_name", "Rosa"), ("email", "ana.ejemplo@example.org")]).await;
    assert_eq!(response.status, 422);
    assert!(response.first("#email-error").starts_with("Otra persona"));
    let response = browser
        .post(
            &app,
            &path,
            &[
                ("first_name", "Rosa María"),
                ("last_name", "Martínez"),
                ("email", "rosa@correo.sv"),
                ("place", "Arcatao"),
                ("language", "es"),
            ],
        )
        .await;
    assert_eq!(response.status, 303);
    assert_eq!(response.location(), format!("{path}#details"));

    assert_eq!(browser.post(&app, &format!("{path}/tags"), &[("add", "  Delegación   2025 ")]).await.status, 303);
    assert_eq!(
        browser.post(&app, &format!("{path}/notes"), &[("body", "Habló en la charla de mayo.")]).await.status,
        303
    );
    let response =
        browser.post(&app, &format!("{path}/consents"), &[("newsletter", "on"), ("how", "en persona")]).await;
    assert_eq!(response.status, 303);

    let page = browser.get(&app, &path).await;
    assert_eq!(page.first("h1"), "Rosa María Martínez");
    assert_eq!(page.texts("#tags .tag"), ["Delegación 2025"], "an existing tag, matched without accents or spaces");
    assert_eq!(page.first("#notes .note-body"), "Habló en la charla de mayo.");
    let history = page.texts("#consents .history li");
    assert_eq!(history.len(), 1);
    assert!(history[0].starts_with("Boletín: sí"), "{history:?}");
    assert!(history[0].contains("en persona (recorded by Ana)"), "{history:?}");
    let timeline = page.texts("#timeline li");
    assert!(timeline.iter().any(|t| t.starts_with("Se cambiaron sus datos")), "{timeline:?}");
    let tag = page.attr("#tags input[name=remove]", "value");
    browser.post(&app, &format!("{path}/tags"), &[("remove", &tag)]).await;
    assert!(browser.get(&app, &path).await.texts("#tags .tag").is_empty());
    // The audit log has each change.
    let actions: Vec<String> = hermana::audit::model::recent(app.db(), app.mascp().await, 20)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.action)
        .collect();
    for action in
        ["supporter.updated", "supporter.tagged", "supporter.noted", "supporter.consent", "supporter.untagged"]
    {
        assert!(actions.iter().any(|a| a == action), "{action} in {actions:?}");
    }
}

#[tokio::test]
async fn editors_and_treasurers_see_nothing_of_supporters() {
    let app = TestApp::with_demo().await;
    for role in [Role::Editor, Role::Treasurer] {
        let email = format!("{}@example.org", role.code());
        app.account(&email, PASSWORD, &[role]).await;
        let browser = app.sign_in(&email, PASSWORD).await;
        assert_eq!(browser.get(&app, "/en/admin/supporters").await.status, 403, "{role:?}");
        let dashboard = browser.get(&app, "/en/admin").await;
        assert!(!dashboard.texts("nav.main-nav a").contains(&"Friends".to_owned()), "{role:?}");
    }
}

#[tokio::test]
async fn merging_keeps_the_union_and_the_old_page_redirects() {
    let app = TestApp::with_demo().await;
    let org = app.mascp().await;
    let keep = add(&app, "Luis", "Alas", "luis@correo.sv", "").await;
    let away = add(&app, "Luis", "", "luis.alas@otro.sv", "+503 2222-3333").await;
    let browser = organizer(&app).await;
    browser.post(&app, &format!("/es/admin/supporters/{away}/tags"), &[("add", "Voluntariado")]).await;
    browser.post(&app, &format!("/es/admin/supporters/{away}/notes"), &[("body", "Primera nota")]).await;
    browser.post(&app, &format!("/es/admin/supporters/{away}/consents"), &[("events", "on")]).await;
    browser.post(&app, &format!("/es/admin/supporters/{keep}/tags"), &[("add", "Delegación 2025")]).await;
    // Both records are registered for the demo's talk; only the other one for its dinner.
    let db = app.db();
    let event = |slug: &'static str| async move {
        event::Entity::find().filter(event::Column::Slug.eq(slug)).one(db).await.unwrap().unwrap()
    };
    let (talk, dinner) = (event("charla-noticias-de-arcatao").await, event("cena-solidaria-de-pupusas").await);
    for (on, email) in [(&talk, "luis@correo.sv"), (&talk, "luis.alas@otro.sv"), (&dinner, "luis.alas@otro.sv")] {
        let registered = crate::events::register(&app, on, "es", "Luis", email, "0").await;
        assert_eq!(registered.first("#register-title"), "¡Listo, está inscrito!", "{email}");
    }

    // An unknown other record: a message next to the field, the typed text kept.
    let path = format!("/es/admin/supporters/{keep}/merge");
    let response = browser.post(&app, &path, &[("other", "nadie@correo.sv")]).await;
    assert_eq!(response.status, 422);
    assert_eq!(response.attr("#merge-other", "value"), "nadie@correo.sv");
    assert!(response.first("#merge-error").starts_with("No encontramos"));
    // Itself cannot be merged into itself.
    assert_eq!(browser.post(&app, &path, &[("other", &keep.to_string())]).await.status, 422);

    let response = browser.post(&app, &path, &[("other", "Luis.Alas@otro.sv")]).await;
    assert_eq!(response.status, 303);
    let page = browser.get(&app, &format!("/es/admin/supporters/{keep}")).await;
    let mut tags = page.texts("#tags .tag");
    tags.sort();
    assert_eq!(tags, ["Delegación 2025", "Voluntariado"]);
    assert_eq!(page.first("#notes .note-body"), "Primera nota");
    assert!(page.texts("#consents .history li")[0].starts_with("Avisos: sí"));
    assert_eq!(page.attr("#phone", "value"), "+503 2222-3333", "empty details are filled from the other record");
    assert_eq!(page.attr("#email", "value"), "luis@correo.sv", "the kept record keeps its address");
    assert!(page.texts("#timeline li").iter().any(|t| t.starts_with("Se unió con otro registro")));
    let kept = model::find(app.db(), org, keep).await.unwrap().unwrap();
    assert!(kept.events);
    // The dinner's registration follows; the talk, which the kept record is already on, keeps
    // one registration per person (the merged-away one stays where it was).
    let on = |event_id: i64| async move {
        let mut ids: Vec<i64> = registration::Entity::find()
            .filter(registration::Column::EventId.eq(event_id))
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.supporter_id)
            .collect();
        ids.sort_unstable();
        ids
    };
    assert_eq!(on(dinner.id).await, [keep]);
    assert_eq!(on(talk.id).await, [keep, away]);

    // The merged-away record's page redirects to the kept one, and the list shows one Luis.
    let old = browser.get(&app, &format!("/es/admin/supporters/{away}")).await;
    assert_eq!(old.status, 303);
    assert_eq!(old.location(), format!("/es/admin/supporters/{keep}"));
    let list = browser.get(&app, "/es/admin/supporters?q=luis").await;
    assert_eq!(ids(&list), [keep]);
    let actions: Vec<String> =
        hermana::audit::model::recent(app.db(), org, 5).await.unwrap().into_iter().map(|l| l.action).collect();
    assert!(actions.contains(&"supporter.merged".to_owned()));
}

//! The authorization matrix walked route by route, role by role; members and the audit log.

use hermana::admin::ROUTES;
use hermana::auth::roles::{self, Role};

use crate::common::{Browser, TestApp};

const PASSWORD: &str = "una frase larga";

#[tokio::test]
async fn every_admin_route_allows_exactly_the_roles_of_the_matrix() {
    let app = TestApp::with_demo().await;
    // The first admin, whose id fills `{id}` in paths.
    let owner = app.account("owner@example.org", PASSWORD, &[Role::Admin]).await;
    let mut accounts = vec![];
    for role in Role::ALL {
        let email = format!("{}@example.org", role.code());
        accounts.push((role, app.account(&email, PASSWORD, &[role]).await));
    }
    let outsider_id = app.account("outsider@example.org", PASSWORD, &[]).await;
    // A fresh session per route and role: some routes (sign out everywhere) end it.
    let session = |id: i64| {
        let db = app.db().clone();
        async move {
            let token = hermana::auth::model::start_session(&db, id).await.unwrap();
            Browser { session: Some(token), ..Browser::new() }
        }
    };

    // Sample values for the path parameters: a member for member routes, the About page
    // (and its first English revision) for page routes.
    let about = hermana::content::model::page_by_key(app.db(), app.mascp().await, "about").await.unwrap().unwrap().id;
    let revision = hermana::content::studio::revisions(app.db(), about, hermana::i18n::Lang::En).await.unwrap()[0].id;
    let article =
        hermana::content::model::page_by_key(app.db(), app.mascp().await, "forty-years").await.unwrap().unwrap().id;
    // An image of the library for media routes (the admin's delete goes first; a second
    // delete of the same image is a no-op that leads back to the library).
    let tiny = image::RgbImage::from_pixel(8, 8, image::Rgb([10, 120, 60]));
    let mut png = Vec::new();
    tiny.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    let processed = hermana::media::process::process(&png).unwrap();
    let alt = hermana::media::model::AltTexts { es: "Prueba".into(), en: "Test".into() };
    let image = hermana::media::model::create(app.db(), app.mascp().await, &alt, &processed, None).await.unwrap().id;
    // An event for event routes.
    let event = crate::events::sample_event(&app, None).await.id;
    // A demo supporter for supporter routes.
    let friend =
        hermana::supporters::list::page(app.db(), app.mascp().await, &Default::default(), None, 1).await.unwrap().0[0]
            .id;
    // An import (not committed) for the import routes.
    let csv = b"email,first name\nana@example.org,Ana\n".to_vec();
    let import = hermana::supporters::import::run::create(
        app.db(),
        app.mascp().await,
        None,
        "a.csv",
        csv,
        hermana::i18n::Lang::En,
    )
    .await
    .unwrap()
    .unwrap()
    .id;
    // A segment for segment routes.
    let filter = hermana::supporters::list::Filter { consent: "newsletter".into(), ..Default::default() };
    let segment = hermana::supporters::segments::create(app.db(), app.mascp().await, "Boletín", &filter)
        .await
        .unwrap()
        .unwrap()
        .id;
    // A fund and a gift for fundraising routes.
    let fund =
        hermana::fundraising::model::fund_by_slug(app.db(), app.mascp().await, hermana::demo::fundraising::FUND_SLUG)
            .await
            .unwrap()
            .unwrap()
            .id;
    let gift = crate::fundraising::sample_gift(&app).await;
    crate::fundraising::sample_gift_from(&app, friend).await;
    // A delegation with one application for delegation routes, organized by the organizer
    // (whether an organizer organizes a given delegation is walked in `delegations.rs`).
    let (delegation, application) = crate::delegations::sample_delegation(&app).await;
    let organizer = accounts.iter().find(|(r, _)| *r == Role::Organizer).unwrap().1;
    hermana::events::delegations::set_organizer(app.db(), &delegation, organizer, true).await.unwrap();
    let delegation_route = |path: &str| {
        ["/applications", "/message", "/report", "/organizers", "/retention"].iter().any(|p| path.contains(p))
    };
    for route in ROUTES {
        let id = if delegation_route(route.path) {
            delegation.id
        } else if route.path.contains("/segments/") {
            segment
        } else if route.path.contains("/statements/") {
            friend
        } else if route.path.contains("/gifts/") {
            gift
        } else if route.path.contains("/funds/") {
            fund
        } else if route.path.ends_with("/article") {
            article
        } else if route.path.contains("/pages/") {
            about
        } else if route.path.contains("/media/") {
            image
        } else if route.path.contains("/supporters/import/") {
            import
        } else if route.path.contains("/supporters/") {
            friend
        } else if route.path.contains("/events/") {
            event
        } else {
            owner
        };
        let path = route
            .path
            .replace("{lang}", "en")
            .replace("{id}", &id.to_string())
            .replace("{language}", "en")
            .replace("{year}", "2026")
            .replace("{revision}", &revision.to_string())
            .replace("{application}", &application.to_string());
        assert!(!path.contains('{'), "a sample value for every parameter of {}", route.path);
        let mut browsers = vec![(None, Browser::new())];
        for (role, id) in &accounts {
            browsers.push((Some(*role), session(*id).await));
        }
        for (role, browser) in &browsers {
            let response = match route.method {
                "GET" => browser.get(&app, &path).await,
                // Keep the owner an admin whatever the role form says.
                _ => browser.post(&app, &path, &[("admin", "on")]).await,
            };
            match role {
                None => {
                    assert_eq!(response.status, 303, "{} {path} signed out", route.method);
                    assert!(response.location().starts_with("/en/login?next="), "{path}");
                }
                Some(role) if roles::allows(&[*role], route.permission) => {
                    // Allowed: served (200), done (303), or a form problem (422) — never refused.
                    assert!(
                        [200, 303, 422].contains(&response.status.as_u16()),
                        "{} {path} as {role:?}: {}",
                        route.method,
                        response.status
                    );
                    if response.status == 303 {
                        assert!(!response.location().contains("/login?"), "{path} as {role:?} was not sent to sign in");
                    }
                }
                Some(role) => {
                    assert_eq!(response.status, 403, "{} {path} as {role:?}", route.method);
                    assert_eq!(response.first("h1"), "You cannot do that here");
                }
            }
        }
        // Signed in, but no role at all in this organization.
        let outsider = session(outsider_id).await;
        let response = match route.method {
            "GET" => outsider.get(&app, &path).await,
            _ => outsider.post(&app, &path, &[("admin", "on")]).await,
        };
        assert_eq!(response.status, 403, "{} {path} without a role", route.method);
    }
    // A path under /admin that is not in the table is not served.
    let admin = session(accounts[0].1).await;
    assert_eq!(admin.get(&app, "/en/admin/unknown").await.status, 404);
}

#[tokio::test]
async fn admins_change_roles_but_never_remove_the_last_admin() {
    let app = TestApp::with_demo().await;
    let ana = app.account("ana@example.org", PASSWORD, &[Role::Admin]).await;
    let luis = app.account("luis@example.org", PASSWORD, &[Role::Editor]).await;
    let browser = app.sign_in("ana@example.org", PASSWORD).await;

    let response =
        browser.post(&app, &format!("/es/admin/members/{luis}/roles"), &[("editor", "on"), ("treasurer", "on")]).await;
    assert_eq!(response.status, 303);
    assert_eq!(response.location(), "/es/admin/members?saved=1");
    let page = browser.get(&app, "/es/admin/members?saved=1").await;
    assert_eq!(page.first(".form-notice"), "Los roles se guardaron.");
    let org = app.mascp().await;
    assert_eq!(hermana::auth::model::roles_in(app.db(), luis, org).await.unwrap(), [Role::Editor, Role::Treasurer]);

    let response = browser.post(&app, &format!("/es/admin/members/{ana}/roles"), &[("editor", "on")]).await;
    assert_eq!(response.location(), "/es/admin/members?error=last-admin");
    assert_eq!(hermana::auth::model::roles_in(app.db(), ana, org).await.unwrap(), [Role::Admin]);
    let page = browser.get(&app, response.location()).await;
    assert!(page.first(".form-error").starts_with("El grupo coordinador necesita al menos una persona administradora"));

    let audit = browser.get(&app, "/es/admin/audit").await;
    let rows = audit.texts("table.data tbody tr");
    assert!(rows.iter().any(|r| r.contains("Asignó un rol") && r.contains("luis@example.org: treasurer")), "{rows:?}");
    assert!(rows.iter().any(|r| r.contains("Inició sesión") && r.contains("ana@example.org")));
    let english = browser.get(&app, "/en/admin/audit").await;
    assert!(english.texts("table.data tbody tr").iter().any(|r| r.contains("Gave a role")));
}

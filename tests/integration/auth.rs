//! Signing in and out, sessions, rate limits, CSRF, invitations and the setup link.

use hermana::auth::entities::session;
use hermana::auth::model;
use hermana::auth::roles::Role;
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::common::{Browser, TestApp};

const PASSWORD: &str = "una frase larga";

#[tokio::test]
async fn signing_in_starts_a_session_stored_only_as_a_hash() {
    let app = TestApp::with_demo().await;
    app.account("ana@example.org", PASSWORD, &[Role::Admin]).await;
    let form = app.get("/es/login?next=/es/admin/members").await;
    assert_eq!(form.status, 200);
    assert_eq!(form.header("cache-control"), Some("no-store"));
    assert_eq!(form.attr("input[name=next]", "value"), "/es/admin/members");
    assert!(form.header("set-cookie").unwrap().contains("hermana_csrf="));

    let browser = Browser::new();
    let response = browser
        .post(
            &app,
            "/es/login",
            &[("email", " ANA@example.org "), ("password", PASSWORD), ("next", "/es/admin/members")],
        )
        .await;
    assert_eq!(response.status, 303);
    assert_eq!(response.location(), "/es/admin/members");
    let cookie = response.header("set-cookie").unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"), "{cookie}");
    let browser = browser.with_cookies_from(&response);
    let token = browser.session.clone().unwrap();
    let stored = session::Entity::find().all(app.db()).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0].token_hash, token, "the database never holds the token itself");

    let dashboard = browser.get(&app, "/es/admin").await;
    assert_eq!(dashboard.status, 200);
    assert_eq!(dashboard.first("h1"), "Hola, Ana");
    assert_eq!(dashboard.header("cache-control"), Some("no-store"));
    let english = browser.get(&app, "/en/admin").await;
    assert_eq!(english.first("h1"), "Hello, Ana");
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_address_get_the_same_answer() {
    let app = TestApp::with_demo().await;
    app.account("ana@example.org", PASSWORD, &[Role::Editor]).await;
    let browser = Browser::new();
    let wrong = browser.post(&app, "/es/login", &[("email", "ana@example.org"), ("password", "otra cosa!!")]).await;
    let unknown = browser.post(&app, "/es/login", &[("email", "nadie@example.org"), ("password", "otra cosa!!")]).await;
    assert_eq!(wrong.status, 422);
    assert_eq!(unknown.status, 422);
    assert_eq!(wrong.first(".form-error"), unknown.first(".form-error"));
    assert!(wrong.first(".form-error").starts_with("Ese correo y esa contraseña"));
    assert_eq!(wrong.attr("input[name=email]", "value"), "ana@example.org", "what was typed is kept");
    assert!(wrong.header("set-cookie").is_none(), "no session");
}

#[tokio::test]
async fn the_eleventh_wrong_password_in_fifteen_minutes_is_refused_and_audited() {
    let app = TestApp::with_demo().await;
    app.account("ana@example.org", PASSWORD, &[Role::Admin]).await;
    let browser = Browser::new();
    for attempt in 1..=10 {
        let response =
            browser.post(&app, "/en/login", &[("email", "ana@example.org"), ("password", "wrong-password")]).await;
        assert_eq!(response.status, 422, "attempt {attempt}");
    }
    let refused = browser.post(&app, "/en/login", &[("email", "ana@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(refused.status, 429, "even the right password waits");
    assert_eq!(
        refused.first(".form-error"),
        "Too many failed attempts. For your safety, wait 15 minutes and try again."
    );
    let log = hermana::audit::model::recent(app.db(), app.mascp().await, 50).await.unwrap();
    assert_eq!(log.iter().filter(|l| l.action == "sign-in.failed").count(), 10);
    assert_eq!(log.iter().filter(|l| l.action == "sign-in.locked").count(), 1);
    assert!(log.iter().all(|l| l.action != "sign-in"));
}

#[tokio::test]
async fn forms_without_the_token_or_from_another_site_are_refused() {
    let app = TestApp::with_demo().await;
    app.account("ana@example.org", PASSWORD, &[Role::Admin]).await;
    let forged = Browser { csrf: "x".repeat(43), session: None };
    let request = axum::http::Request::post("/es/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", format!("hermana_csrf={}", "t".repeat(43)))
        .body(axum::body::Body::from(format!("csrf={}&email=ana%40example.org&password=una+frase+larga", forged.csrf)))
        .unwrap();
    let response = app.request(request).await;
    assert_eq!(response.status, 403);
    assert_eq!(response.first("h1"), "Este formulario venció");

    let request = axum::http::Request::post("/es/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", format!("hermana_csrf={}", "t".repeat(43)))
        .header("host", "mascp.org")
        .header("origin", "https://evil.example")
        .body(axum::body::Body::from(format!("csrf={}&email=ana%40example.org&password=x", "t".repeat(43))))
        .unwrap();
    assert_eq!(app.request(request).await.status, 403);
    assert_eq!(session::Entity::find().count(app.db()).await.unwrap(), 0);
}

#[tokio::test]
async fn signing_in_again_replaces_the_old_session_and_signing_out_ends_it() {
    let app = TestApp::with_demo().await;
    app.account("ana@example.org", PASSWORD, &[Role::Admin]).await;
    let first = app.sign_in("ana@example.org", PASSWORD).await;
    let response = first.post(&app, "/es/login", &[("email", "ana@example.org"), ("password", PASSWORD)]).await;
    let second = first.with_cookies_from(&response);
    assert_ne!(first.session, second.session);
    assert_eq!(first.get(&app, "/es/admin").await.status, 303, "the old token is dead");
    assert_eq!(session::Entity::find().count(app.db()).await.unwrap(), 1);

    let out = second.post(&app, "/es/logout", &[]).await;
    assert_eq!(out.status, 303);
    assert_eq!(out.location(), "/es/");
    assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
    let after = second.get(&app, "/es/admin").await;
    assert_eq!(after.status, 303);
    assert_eq!(after.location(), "/es/login?next=/es/admin");
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session() {
    let app = TestApp::with_demo().await;
    app.account("ana@example.org", PASSWORD, &[Role::Editor]).await;
    let phone = app.sign_in("ana@example.org", PASSWORD).await;
    let laptop = app.sign_in("ana@example.org", PASSWORD).await;
    assert_eq!(session::Entity::find().count(app.db()).await.unwrap(), 2);
    let response = laptop.post(&app, "/en/admin/sessions/end-all", &[]).await;
    assert_eq!(response.status, 303);
    assert_eq!(session::Entity::find().count(app.db()).await.unwrap(), 0);
    assert_eq!(phone.get(&app, "/en/admin").await.status, 303);
}

#[tokio::test]
async fn cookies_are_secure_and_host_only_behind_https() {
    let app = TestApp::configured(|c| c.base_url = Some("https://mascp.example".into())).await;
    hermana::demo::load(app.db()).await.unwrap();
    let form = app.get("/en/login").await;
    let cookie = form.header("set-cookie").unwrap();
    assert!(cookie.starts_with("__Host-hermana_csrf=") && cookie.contains("Secure"), "{cookie}");
    assert!(app.get("/en/").await.header("strict-transport-security").is_some());
}

#[tokio::test]
async fn the_setup_link_creates_the_first_admin_once() {
    let app = TestApp::with_demo().await;
    let org = app.mascp().await;
    let (_, token) = model::invite(app.db(), org, "", Role::Admin, "es", None).await.unwrap();
    let path = format!("/es/invitation/{token}");
    let page = app.get(&path).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.first("h1"), "Únase al grupo coordinador");
    assert!(page.first("main p").contains("administración"));

    let browser = Browser::new();
    let short = browser
        .post(
            &app,
            &path,
            &[("name", "Rosa"), ("email", "rosa@example.org"), ("password", "corta"), ("confirm", "corta")],
        )
        .await;
    assert_eq!(short.status, 422);
    assert_eq!(short.first("#password-error"), "La contraseña necesita al menos 10 caracteres.");
    assert_eq!(short.attr("#name", "value"), "Rosa", "typed text is kept");
    assert_eq!(short.attr("#email", "value"), "rosa@example.org");
    assert_eq!(model::count_accounts(app.db()).await.unwrap(), 0, "nothing saved");

    let done = browser
        .post(
            &app,
            &path,
            &[("name", "Rosa"), ("email", "Rosa@Example.org"), ("password", PASSWORD), ("confirm", PASSWORD)],
        )
        .await;
    assert_eq!(done.status, 303);
    assert_eq!(done.location(), "/es/admin");
    let rosa = browser.with_cookies_from(&done);
    let members = rosa.get(&app, "/es/admin/members").await;
    assert_eq!(members.status, 200, "the new admin manages members");
    assert!(members.first(".member-email").contains("rosa@example.org"));
    assert_eq!(app.get(&path).await.status, 404, "a link works once");
    let again = browser
        .post(
            &app,
            &path,
            &[("name", "Eva"), ("email", "eva@example.org"), ("password", PASSWORD), ("confirm", PASSWORD)],
        )
        .await;
    assert_eq!(again.status, 404);
}

#[tokio::test]
async fn an_expired_or_revoked_invitation_does_not_open() {
    let app = TestApp::with_demo().await;
    let org = app.mascp().await;
    let (_, token) = model::invite(app.db(), org, "", Role::Admin, "en", None).await.unwrap();
    model::revoke_setup_invitations(app.db()).await.unwrap();
    assert_eq!(app.get(&format!("/en/invitation/{token}")).await.status, 404);
    assert_eq!(app.get("/en/invitation/not-a-token").await.status, 404);
}

#[tokio::test]
async fn the_command_line_adds_a_user_with_a_role() {
    let app = TestApp::with_demo().await;
    let db = app.db();
    hermana::auth::setup::add_user(db, "Luis@Example.org", "Luis", Role::Treasurer, "mascp", PASSWORD.into())
        .await
        .unwrap();
    let account = model::account_by_email(db, "luis@example.org").await.unwrap().unwrap();
    assert_eq!(model::roles_in(db, account.id, app.mascp().await).await.unwrap(), [Role::Treasurer]);
    let short = hermana::auth::setup::add_user(db, "x@example.org", "X", Role::Admin, "mascp", "short".into()).await;
    assert!(short.is_err());
    let no_org = hermana::auth::setup::add_user(db, "x@example.org", "X", Role::Admin, "nope", PASSWORD.into()).await;
    assert!(no_org.is_err());
    assert!(app.sign_in("luis@example.org", PASSWORD).await.session.is_some());
}

//! Inviting a member by email, and resetting a forgotten password, through the outbox.

use hermana::auth::model;
use hermana::auth::roles::Role;

use crate::common::{Browser, TestApp};
use crate::mail::emails;

const PASSWORD: &str = "una frase larga";

/// The first link in a text body that contains `part`.
fn link_in(text: &str, part: &str) -> String {
    text.split_whitespace().find(|w| w.starts_with("http") && w.contains(part)).unwrap().to_owned()
}

/// The path of an absolute link.
fn path_of(link: &str) -> String {
    let after_scheme = link.split_once("://").unwrap().1;
    format!("/{}", after_scheme.split_once('/').unwrap().1)
}

#[tokio::test]
async fn an_admin_invites_by_email_in_the_invitees_language_and_the_link_works_once() {
    let app = TestApp::with_demo().await;
    app.account("ana@example.org", PASSWORD, &[Role::Admin]).await;
    let ana = app.sign_in("ana@example.org", PASSWORD).await;
    let response = ana
        .post(
            &app,
            "/en/admin/members/invite",
            &[("email", " Rosa@Example.org "), ("role", "editor"), ("language", "es")],
        )
        .await;
    assert_eq!(response.status, 303);
    assert_eq!(response.location(), "/en/admin/members?invited=1#invite");
    let page = ana.get(&app, "/en/admin/members?invited=1").await;
    assert_eq!(page.first(".form-notice"), "The invitation is on its way.");
    assert_eq!(page.first("title"), "Members · MASCP");
    assert!(page.first(".pending li").contains("rosa@example.org"));

    let outbox = emails(&app).await;
    assert_eq!(outbox.len(), 1);
    let email = &outbox[0];
    assert_eq!(email.to_address, "rosa@example.org");
    assert_eq!(email.language, "es");
    assert_eq!(email.subject, "Ana le invita al grupo coordinador de Madison Arcatao Sister City Project");
    assert!(email.text_body.contains("con el rol de edición"), "{}", email.text_body);
    let link = link_in(&email.text_body, "/es/invitation/");
    assert!(email.html_body.as_deref().unwrap().contains(&link));
    let path = path_of(&link);

    let rosa = Browser::new();
    let page = rosa.get(&app, &path).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.attr("#email", "value"), "rosa@example.org");
    let accepted = rosa.post(&app, &path, &[("name", "Rosa"), ("password", PASSWORD), ("confirm", PASSWORD)]).await;
    assert_eq!(accepted.status, 303);
    let account = model::account_by_email(app.db(), "rosa@example.org").await.unwrap().unwrap();
    assert_eq!(model::roles_in(app.db(), account.id, app.mascp().await).await.unwrap(), [Role::Editor]);
    assert_eq!(rosa.get(&app, &path).await.status, 404, "used once");
    assert!(ana.get(&app, "/en/admin/members").await.texts(".pending li").is_empty());
}

#[tokio::test]
async fn a_withdrawn_invitation_no_longer_opens() {
    let app = TestApp::with_demo().await;
    app.account("ana@example.org", PASSWORD, &[Role::Admin]).await;
    let ana = app.sign_in("ana@example.org", PASSWORD).await;
    ana.post(
        &app,
        "/es/admin/members/invite",
        &[("email", "luis@example.org"), ("role", "treasurer"), ("language", "en")],
    )
    .await;
    let email = emails(&app).await.remove(0);
    assert_eq!(email.language, "en");
    let path = path_of(&link_in(&email.text_body, "/en/invitation/"));
    let id = model::invitations(app.db(), app.mascp().await).await.unwrap()[0].id;
    let response = ana.post(&app, &format!("/es/admin/invitations/{id}/revoke"), &[]).await;
    assert_eq!(response.status, 303);
    assert_eq!(Browser::new().get(&app, &path).await.status, 404);
    let bad = ana.post(&app, "/es/admin/members/invite", &[("email", "not an address"), ("role", "editor")]).await;
    assert_eq!(bad.location(), "/es/admin/members?error=email#invite");
    assert_eq!(emails(&app).await.len(), 1, "nothing sent for a bad address");
}

#[tokio::test]
async fn a_password_reset_gives_the_same_answer_and_the_link_works_once_within_the_hour() {
    let app = TestApp::with_demo().await;
    app.account("ana@example.org", PASSWORD, &[Role::Admin]).await;
    let other_device = app.sign_in("ana@example.org", PASSWORD).await;
    let browser = Browser::new();
    let known = browser.post(&app, "/es/password-reset", &[("email", "ANA@example.org")]).await;
    let unknown = browser.post(&app, "/es/password-reset", &[("email", "nadie@example.org")]).await;
    assert_eq!(known.status, 200);
    assert_eq!(unknown.status, 200);
    assert!(known.first(".form-notice").starts_with("Si ana@example.org tiene una cuenta aquí"));
    assert_eq!(
        known.first(".form-notice").replace("ana@", "x@"),
        unknown.first(".form-notice").replace("nadie@", "x@")
    );
    let outbox = emails(&app).await;
    assert_eq!(outbox.len(), 1, "only the real account gets an email");
    assert_eq!(outbox[0].language, "es", "in the account's language");
    let path = path_of(&link_in(&outbox[0].text_body, "/password-reset/"));

    let form = browser.get(&app, &path).await;
    assert_eq!(form.status, 200);
    let short = browser.post(&app, &path, &[("password", "corta"), ("confirm", "corta")]).await;
    assert_eq!(short.status, 422);
    let new_password = "otra frase larga";
    let done = browser.post(&app, &path, &[("password", new_password), ("confirm", new_password)]).await;
    assert_eq!(done.status, 303);
    assert_eq!(done.location(), "/es/admin");
    assert_eq!(browser.with_cookies_from(&done).get(&app, "/es/admin").await.status, 200, "signed in");
    assert_eq!(other_device.get(&app, "/es/admin").await.status, 303, "every other session ended");
    assert_eq!(browser.get(&app, &path).await.status, 404, "used once");
    assert!(app.sign_in("ana@example.org", new_password).await.session.is_some());

    // At most three links an hour for one account; the answer stays the same.
    for _ in 0..4 {
        let again = browser.post(&app, "/en/password-reset", &[("email", "ana@example.org")]).await;
        assert_eq!(again.status, 200);
    }
    assert_eq!(emails(&app).await.len(), 3);
}

#[tokio::test]
async fn admins_see_where_email_goes() {
    let app = TestApp::with_demo().await;
    app.account("ana@example.org", PASSWORD, &[Role::Admin]).await;
    app.account("eva@example.org", PASSWORD, &[Role::Editor]).await;
    let ana = app.sign_in("ana@example.org", PASSWORD).await;
    let notice = ana.get(&app, "/en/admin").await.first(".mail-mode");
    assert!(notice.starts_with("Email is not set up yet"), "{notice}");
    let eva = app.sign_in("eva@example.org", PASSWORD).await;
    assert!(eva.get(&app, "/en/admin").await.texts(".mail-mode").is_empty());
}

//! Two-step sign-in: turning it on from the account page, the code step of signing in,
//! recovery codes, turning it off, rate limits and the pending sign-in's expiry.

use axum::body::Body;
use axum::http::{Request, header};
use hermana::auth::entities::{pending_sign_in, recovery_code, session, two_step_secret};
use hermana::auth::roles::Role;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use totp_rs::{Builder, Secret, Totp};

use crate::common::{Browser, TestApp, TestResponse};

const PASSWORD: &str = "una frase larga";
const EMAIL: &str = "ana@example.org";

/// The authenticator app: the secret as shown on the page, read back as an app would.
fn app_for(shown: &str) -> Totp {
    let base32: String = shown.split_whitespace().collect();
    Builder::new().with_secret(Secret::try_from_base32(&base32).unwrap()).build().unwrap()
}

fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}

/// The code the app shows `steps` steps from now.
fn code(totp: &Totp, steps: i64) -> String {
    totp.generate(now().checked_add_signed(steps * 30).unwrap()).to_string()
}

/// Six digits that are not the code of any step the server would accept now.
fn wrong_code(totp: &Totp) -> String {
    let accepted: Vec<String> = (-2..=2).map(|s| code(totp, s)).collect();
    ["123456", "654321", "111111", "222222", "333333", "444444"]
        .into_iter()
        .find(|c| !accepted.iter().any(|a| a == c))
        .unwrap()
        .to_owned()
}

/// The value of a cookie set by a response.
fn set_cookie(response: &TestResponse, name: &str) -> Option<String> {
    response.headers.get_all(header::SET_COOKIE).iter().find_map(|v| {
        let rest = v.to_str().unwrap().strip_prefix(&format!("{name}="))?;
        Some(rest.split(';').next().unwrap().to_owned())
    })
}

/// A browser between the password and the code: it holds the pending sign-in cookie.
struct Pending {
    browser: Browser,
    cookie: String,
}

impl Pending {
    fn cookies(&self) -> String {
        format!("{}; hermana_pending={}", self.browser.cookie_header(), self.cookie)
    }

    async fn get(&self, app: &TestApp, path: &str) -> TestResponse {
        app.get_with(path, &[("cookie", &self.cookies())]).await
    }

    async fn code(&self, app: &TestApp, lang: &str, code: &str) -> TestResponse {
        let body = serde_urlencoded::to_string([("csrf", self.browser.csrf.as_str()), ("code", code)]).unwrap();
        let request = Request::post(format!("/{lang}/login/code"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, self.cookies())
            .header(header::HOST, "localhost")
            .header(header::ORIGIN, "http://localhost")
            .body(Body::from(body))
            .unwrap();
        app.request(request).await
    }
}

/// Signs in with the password only: the answer must be the code step, with no session.
async fn password_step(app: &TestApp, lang: &str) -> Pending {
    let browser = Browser::new();
    let response = browser
        .post(
            app,
            &format!("/{lang}/login"),
            &[("email", EMAIL), ("password", PASSWORD), ("next", &format!("/{lang}/admin/pages"))],
        )
        .await;
    assert_eq!(response.status, 303, "{}", response.text());
    assert_eq!(response.location(), format!("/{lang}/login/code"));
    assert_eq!(set_cookie(&response, "hermana_session"), None, "no session before the code");
    let cookie = set_cookie(&response, "hermana_pending").expect("a pending sign-in cookie");
    assert!(response.header("set-cookie").unwrap().contains("HttpOnly"));
    Pending { browser, cookie }
}

/// Turns two-step on for the signed-in `browser`; returns the app, the recovery codes and the
/// code that confirmed it.
async fn turn_on(app: &TestApp, browser: &Browser) -> (Totp, Vec<String>, String) {
    let page = browser.get(app, "/es/admin/account").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.first("h1"), "Mi cuenta");
    assert!(page.texts("button").iter().any(|b| b == "Activar el inicio de sesión en dos pasos"));
    let started = browser.post(app, "/es/admin/account/two-step", &[]).await;
    assert_eq!(started.status, 303);
    let page = browser.get(app, started.location()).await;
    let shown = page.first("#two-step-secret");
    let uri = page.attr("a.otpauth", "href");
    let base32: String = shown.split_whitespace().collect();
    assert_eq!(base32.len(), 32, "160 bits");
    assert_eq!(
        uri,
        format!("otpauth://totp/MASCP:ana@example.org?secret={base32}&issuer=MASCP&algorithm=SHA1&digits=6&period=30")
    );
    let totp = app_for(&shown);

    // Not on until a first code confirms it.
    assert!(!hermana::auth::two_step::is_on(app.db(), account_id(app).await).await.unwrap());
    let wrong = browser.post(app, "/es/admin/account/two-step/confirm", &[("code", &wrong_code(&totp))]).await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.first("#confirm-code-error").starts_with("Ese código no es correcto"));
    assert_eq!(wrong.first("#two-step-secret"), shown, "the same key is still shown");
    let first = code(&totp, 0);
    let done = browser.post(app, "/es/admin/account/two-step/confirm", &[("code", &first)]).await;
    assert_eq!(done.status, 200);
    assert!(done.first(".form-notice").starts_with("El inicio de sesión en dos pasos está activado"));
    let codes = done.texts(".recovery-codes li");
    assert_eq!(codes.len(), 10);
    (totp, codes, first)
}

async fn account_id(app: &TestApp) -> i64 {
    hermana::auth::model::account_by_email(app.db(), EMAIL).await.unwrap().unwrap().id
}

async fn sessions(app: &TestApp) -> u64 {
    session::Entity::find().count(app.db()).await.unwrap()
}

async fn actions(app: &TestApp) -> Vec<String> {
    hermana::audit::model::recent(app.db(), app.mascp().await, 200)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.action)
        .collect()
}

#[tokio::test]
async fn turning_two_step_on_shows_the_key_once_confirmed_and_stores_nothing_in_clear() {
    let app = TestApp::with_demo().await;
    app.account(EMAIL, PASSWORD, &[Role::Editor]).await;
    let browser = app.sign_in(EMAIL, PASSWORD).await;
    let (totp, codes, _) = turn_on(&app, &browser).await;
    assert!(hermana::auth::two_step::is_on(app.db(), account_id(&app).await).await.unwrap());

    let stored = two_step_secret::Entity::find().one(app.db()).await.unwrap().unwrap();
    let base32 = totp.secret().to_base32();
    assert!(!stored.sealed_secret.contains(&base32), "the secret is sealed");
    assert!(stored.confirmed_at.is_some() && stored.last_used_step.is_some());
    let hashes: Vec<String> =
        recovery_code::Entity::find().all(app.db()).await.unwrap().into_iter().map(|c| c.code_hash).collect();
    assert_eq!(hashes.len(), 10);
    for code in &codes {
        assert!(code.len() == 14 && code.matches('-').count() == 2, "{code}");
        let plain = code.replace('-', "");
        assert!(hashes.iter().all(|h| !h.contains(&plain)), "codes are stored hashed");
    }

    // The page now says it is on, and never shows the key or the codes again.
    let page = browser.get(&app, "/en/admin/account").await;
    assert_eq!(page.first(".two-step .form-notice"), "Two-step sign-in is on. You have 10 unused recovery codes.");
    assert!(page.texts("#two-step-secret").is_empty() && page.texts(".recovery-codes li").is_empty());
    assert!(!page.text().contains(&base32));
    assert!(actions(&app).await.contains(&"two-step.on".to_owned()));
}

#[tokio::test]
async fn signing_in_needs_a_code_that_is_right_and_not_used_before() {
    let app = TestApp::with_demo().await;
    app.account(EMAIL, PASSWORD, &[Role::Admin]).await;
    let browser = app.sign_in(EMAIL, PASSWORD).await;
    let (totp, _, first) = turn_on(&app, &browser).await;
    let before = sessions(&app).await;

    let pending = password_step(&app, "en").await;
    assert_eq!(sessions(&app).await, before, "the password alone starts no session");
    let form = pending.get(&app, "/en/login/code").await;
    assert_eq!(form.status, 200);
    assert_eq!(form.first("h1"), "Enter your code");
    assert_eq!(form.header("cache-control"), Some("no-store"));
    assert_eq!(form.attr("a[data-language-switch]", "href"), "/es/login/code", "the other language keeps the step");
    assert_eq!(pending.get(&app, "/es/login/code").await.first("h1"), "Escriba su código");

    let typed = wrong_code(&totp);
    let typed = format!("{} {}", &typed[..3], &typed[3..]);
    let wrong = pending.code(&app, "en", &typed).await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.first("#code-error").starts_with("That code is not right"));
    assert_eq!(wrong.attr("#code", "value"), typed, "what was typed is kept");

    // The code that confirmed two-step a moment ago was used: not accepted again.
    let reused = pending.code(&app, "en", &first).await;
    assert_eq!(reused.status, 422, "a code is accepted once");
    assert_eq!(sessions(&app).await, before);

    // The next step's code (the phone's clock a little ahead) is accepted, with spaces.
    let next = code(&totp, 1);
    let done = pending.code(&app, "en", &format!("{} {}", &next[..3], &next[3..])).await;
    assert_eq!(done.status, 303, "{}", done.text());
    assert_eq!(done.location(), "/en/admin/pages");
    let session = set_cookie(&done, "hermana_session").expect("a session at last");
    assert_eq!(set_cookie(&done, "hermana_pending").as_deref(), Some(""), "the pending cookie is cleared");
    let signed_in = Browser { session: Some(session), ..Browser::new() };
    assert_eq!(signed_in.get(&app, "/en/admin").await.status, 200);

    // The pending sign-in is used up, and the same code does not open a second one.
    assert_eq!(pending.code(&app, "en", &next).await.location(), "/en/login?expired=1");
    let again = password_step(&app, "en").await;
    assert_eq!(again.code(&app, "en", &next).await.status, 422);
    assert_eq!(again.code(&app, "en", &code(&totp, -1)).await.status, 422, "older steps are spent too");
    let log = actions(&app).await;
    assert!(log.iter().filter(|a| *a == "two-step.failed").count() >= 3, "{log:?}");
}

#[tokio::test]
async fn a_recovery_code_works_once() {
    let app = TestApp::with_demo().await;
    app.account(EMAIL, PASSWORD, &[Role::Admin]).await;
    let browser = app.sign_in(EMAIL, PASSWORD).await;
    let (_, codes, _) = turn_on(&app, &browser).await;

    let pending = password_step(&app, "es").await;
    // Typed in capitals and without dashes, as people do.
    let done = pending.code(&app, "es", &codes[3].replace('-', " ").to_uppercase()).await;
    assert_eq!(done.status, 303, "{}", done.text());
    assert!(set_cookie(&done, "hermana_session").is_some());
    assert!(actions(&app).await.contains(&"two-step.recovery-code-used".to_owned()));

    let pending = password_step(&app, "es").await;
    let again = pending.code(&app, "es", &codes[3]).await;
    assert_eq!(again.status, 422);
    assert!(again.first("#code-error").starts_with("Ese código no es correcto o ya se usó"));
    let page = browser.get(&app, "/es/admin/account").await;
    assert!(page.first(".two-step .form-notice").ends_with("Le quedan 9 códigos de recuperación sin usar."));

    // New codes replace the old ones (the password is asked first).
    let refused = browser.post(&app, "/es/admin/account/two-step/recovery-codes", &[("proof", "no es")]).await;
    assert_eq!(refused.status, 422);
    assert_eq!(
        refused.first("#regenerate-proof-error"),
        "Eso no es su contraseña ni un código vigente de la aplicación."
    );
    let renewed = browser.post(&app, "/es/admin/account/two-step/recovery-codes", &[("proof", PASSWORD)]).await;
    assert_eq!(renewed.status, 200);
    let fresh = renewed.texts(".recovery-codes li");
    assert_eq!(fresh.len(), 10);
    assert!(fresh.iter().all(|c| !codes.contains(c)));
    let pending = password_step(&app, "es").await;
    assert_eq!(pending.code(&app, "es", &codes[5]).await.status, 422, "old codes stop working");
    assert_eq!(pending.code(&app, "es", &fresh[0]).await.status, 303);
    assert!(actions(&app).await.contains(&"two-step.codes-regenerated".to_owned()));
}

#[tokio::test]
async fn turning_two_step_off_needs_the_password_or_a_code() {
    let app = TestApp::with_demo().await;
    app.account(EMAIL, PASSWORD, &[Role::Treasurer]).await;
    let browser = app.sign_in(EMAIL, PASSWORD).await;
    let (totp, _, _) = turn_on(&app, &browser).await;

    let refused = browser.post(&app, "/en/admin/account/two-step/off", &[("proof", "not my password")]).await;
    assert_eq!(refused.status, 422);
    assert_eq!(refused.first("#off-proof-error"), "That is neither your password nor a current code from the app.");
    assert!(hermana::auth::two_step::is_on(app.db(), account_id(&app).await).await.unwrap());

    let off = browser.post(&app, "/en/admin/account/two-step/off", &[("proof", &code(&totp, 1))]).await;
    assert_eq!(off.status, 303);
    assert_eq!(off.location(), "/en/admin/account?off=1");
    let page = browser.get(&app, off.location()).await;
    assert_eq!(page.first(".form-notice"), "Two-step sign-in is off. Signing in asks only for your password.");
    assert_eq!(two_step_secret::Entity::find().count(app.db()).await.unwrap(), 0);
    assert_eq!(recovery_code::Entity::find().count(app.db()).await.unwrap(), 0);
    assert!(actions(&app).await.contains(&"two-step.off".to_owned()));

    // Back to the password alone.
    assert!(app.sign_in(EMAIL, PASSWORD).await.session.is_some());

    // Abandoning a setup needs nothing.
    browser.post(&app, "/en/admin/account/two-step", &[]).await;
    assert_eq!(two_step_secret::Entity::find().count(app.db()).await.unwrap(), 1);
    assert_eq!(browser.post(&app, "/en/admin/account/two-step/off", &[]).await.status, 303);
    assert_eq!(two_step_secret::Entity::find().count(app.db()).await.unwrap(), 0);
}

#[tokio::test]
async fn wrong_codes_count_toward_the_sign_in_limit() {
    let app = TestApp::with_demo().await;
    app.account(EMAIL, PASSWORD, &[Role::Admin]).await;
    let browser = app.sign_in(EMAIL, PASSWORD).await;
    let (totp, _, _) = turn_on(&app, &browser).await;
    let pending = password_step(&app, "en").await;
    let right = code(&totp, 1);
    let wrong = wrong_code(&totp);
    for attempt in 1..=10 {
        assert_eq!(pending.code(&app, "en", &wrong).await.status, 422, "attempt {attempt}");
    }
    let refused = pending.code(&app, "en", &right).await;
    assert_eq!(refused.status, 429, "even the right code waits");
    assert_eq!(
        refused.first("#code-error"),
        "Too many failed attempts. For your safety, wait 15 minutes and try again."
    );
    assert!(set_cookie(&refused, "hermana_session").is_none());
    let log = actions(&app).await;
    assert_eq!(log.iter().filter(|a| *a == "two-step.failed").count(), 10);
    assert!(log.contains(&"sign-in.locked".to_owned()));
    // The password step is locked too.
    let locked = Browser::new().post(&app, "/en/login", &[("email", EMAIL), ("password", PASSWORD)]).await;
    assert_eq!(locked.status, 429);
}

#[tokio::test]
async fn a_pending_sign_in_expires() {
    let app = TestApp::with_demo().await;
    app.account(EMAIL, PASSWORD, &[Role::Admin]).await;
    let browser = app.sign_in(EMAIL, PASSWORD).await;
    let (totp, _, _) = turn_on(&app, &browser).await;
    let pending = password_step(&app, "es").await;
    let stored = pending_sign_in::Entity::find().all(app.db()).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0].token_hash, pending.cookie, "only the token's hash is stored");
    let ttl = stored[0].expires_at - stored[0].created_at;
    assert_eq!(ttl.num_minutes(), 5);

    // Five minutes later.
    pending_sign_in::Entity::update_many()
        .col_expr(
            pending_sign_in::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(chrono::Utc::now() - chrono::Duration::seconds(1)),
        )
        .filter(pending_sign_in::Column::Id.eq(stored[0].id))
        .exec(app.db())
        .await
        .unwrap();
    let late = pending.code(&app, "es", &code(&totp, 1)).await;
    assert_eq!(late.status, 303);
    assert_eq!(late.location(), "/es/login?expired=1");
    assert!(set_cookie(&late, "hermana_session").is_none());
    assert_eq!(pending.get(&app, "/es/login/code").await.location(), "/es/login?expired=1");
    let page = app.get("/es/login?expired=1").await;
    assert_eq!(
        page.first(".form-error"),
        "Se acabó el tiempo para escribir el código. Por favor, inicie sesión de nuevo."
    );
    // Without any pending cookie, the code page sends back to the password.
    assert_eq!(app.get("/es/login/code").await.location(), "/es/login?expired=1");
}

#[tokio::test]
async fn a_password_reset_link_does_not_skip_the_code() {
    let app = TestApp::with_demo().await;
    let id = app.account(EMAIL, PASSWORD, &[Role::Admin]).await;
    let browser = app.sign_in(EMAIL, PASSWORD).await;
    let (totp, _, _) = turn_on(&app, &browser).await;
    let token = hermana::auth::model::start_reset(app.db(), id).await.unwrap();
    let new_password = "otra frase bastante larga";
    let reset = Browser::new()
        .post(&app, &format!("/es/password-reset/{token}"), &[("password", new_password), ("confirm", new_password)])
        .await;
    assert_eq!(reset.status, 303, "{}", reset.text());
    assert_eq!(reset.location(), "/es/login/code");
    assert_eq!(set_cookie(&reset, "hermana_session"), None, "the email alone opens nothing");
    assert_eq!(sessions(&app).await, 0, "every session ended with the old password");
    let pending = Pending { browser: Browser::new(), cookie: set_cookie(&reset, "hermana_pending").unwrap() };
    let done = pending.code(&app, "es", &code(&totp, 1)).await;
    assert_eq!(done.status, 303);
    assert_eq!(done.location(), "/es/admin");
    assert!(set_cookie(&done, "hermana_session").is_some());
}

//! Becoming a Friend: the public form, double opt-in through a real SMTP server, spam
//! defences, known addresses, single-use links, one-click unsubscribe.

use chrono::{Duration, Utc};
use hermana::supporters::entities::{consent, supporter};
use hermana::supporters::links;
use mail_parser::MessageParser;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use crate::common::{Browser, TestApp, TestResponse};
use crate::mail::{app_with_smtp, emails, start_worker, test_worker_config, wait_all_sent};
use crate::smtp::SmtpServer;

/// A stamp as the form would have carried, shown `seconds` ago.
pub async fn stamp(app: &TestApp, seconds: i64) -> String {
    links::form_stamp(app.db(), Utc::now() - Duration::seconds(seconds)).await.unwrap()
}

/// Sends the sign-up form in `lang` with `extra` fields after the usual ones.
pub async fn sign_up(app: &TestApp, lang: &str, email: &str, extra: &[(&str, &str)]) -> TestResponse {
    let stamp = stamp(app, 10).await;
    let path = if lang == "es" { "/es/amigos" } else { "/en/friends" };
    let mut fields = vec![
        ("first_name", "José"),
        ("last_name", "Hernández"),
        ("email", email),
        ("language", lang),
        ("newsletter", "on"),
        ("stamp", stamp.as_str()),
        ("website", ""),
    ];
    // Extra fields replace the usual ones of the same name (the form reads the first).
    fields.retain(|(name, _)| !extra.iter().any(|(n, _)| n == name));
    fields.extend_from_slice(extra);
    Browser::new().post(app, path, &fields).await
}

/// The supporters these tests made (the demo's are at example.org).
pub async fn supporters(app: &TestApp) -> Vec<supporter::Model> {
    let all = supporter::Entity::find().order_by_asc(supporter::Column::Id).all(app.db()).await.unwrap();
    all.into_iter().filter(|s| s.email.as_deref().is_none_or(|e| !e.ends_with("@example.org"))).collect()
}

async fn demo_with_smtp(server: &SmtpServer) -> TestApp {
    let app = app_with_smtp(server).await;
    assert!(hermana::demo::load(app.db()).await.unwrap());
    app
}

/// The first link in a message's text part that contains `part`.
pub fn link_in(raw: &[u8], part: &str) -> String {
    let message = MessageParser::default().parse(raw).unwrap();
    let text = message.body_text(0).unwrap().into_owned();
    text.split_whitespace().find(|w| w.contains(part)).unwrap_or_else(|| panic!("no {part} link in {text}")).to_owned()
}

#[tokio::test]
async fn sign_up_then_confirm_by_email_counts_the_consent() {
    let server = SmtpServer::start().await;
    let app = demo_with_smtp(&server).await;
    let form = app.get("/es/amigos").await;
    assert_eq!(form.status, 200);
    assert_eq!(form.first("h1"), "Hazte Amigo");
    assert_eq!(form.attrs("input[name=website]", "tabindex"), ["-1"], "the honeypot is out of the tab order");
    assert!(!form.attr("input[name=stamp]", "value").is_empty());
    assert!(form.texts("label").iter().any(|l| l.contains("Migración")), "working groups are offered as interests");

    let wg = form.attrs("input[name=interest]", "value")[0].clone();
    let response =
        sign_up(&app, "es", "  Jose.Hernandez@Amigos.TEST ", &[("events", "on"), ("interest", &wg), ("speaks", "en")])
            .await;
    assert_eq!(response.status, 200, "{}", response.text());
    assert!(response.first("[role=status]").contains("jose.hernandez@amigos.test"));
    let [friend] = &supporters(&app).await[..] else { panic!("one supporter") };
    assert_eq!(friend.email.as_deref(), Some("jose.hernandez@amigos.test"));
    assert_eq!(friend.search_text, "jose hernandez jose.hernandez@amigos.test");
    assert_eq!(friend.other_languages, "en");
    assert!(!friend.newsletter && !friend.events, "nothing counts before the address is confirmed");
    assert!(friend.email_confirmed_at.is_none());
    assert_eq!(
        consent::Entity::find().filter(consent::Column::SupporterId.eq(friend.id)).count(app.db()).await.unwrap(),
        0
    );

    let worker = start_worker(&app, test_worker_config());
    wait_all_sent(&app).await;
    worker.shutdown().await;
    let messages = server.messages();
    let [raw] = &messages[..] else { panic!("one email") };
    let message = MessageParser::default().parse(raw).unwrap();
    assert!(message.subject().unwrap().starts_with("Confirme su dirección"), "in Spanish: {:?}", message.subject());
    let link = link_in(raw, "/es/amigos/confirmar/");
    assert!(link.starts_with("http://"), "{link}");
    let token = link.rsplit('/').next().unwrap();
    let stored = hermana::supporters::entities::token::Entity::find()
        .filter(hermana::supporters::entities::token::Column::SupporterId.eq(friend.id))
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    assert_ne!(stored.token_hash, token, "only the hash is stored");
    assert!(!String::from_utf8_lossy(raw).contains(&stored.token_hash));

    // Opening the link only shows a button: a mail scanner confirms nothing.
    let path = link.split_once("://").unwrap().1.split_once('/').unwrap().1;
    let path = format!("/{path}");
    let page = app.get(&path).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.first("main button"), "Confirmar mi dirección");
    assert!(supporters(&app).await[0].email_confirmed_at.is_none());

    let done = Browser::new().post(&app, &path, &[]).await;
    assert_eq!(done.status, 200, "{}", done.text());
    assert_eq!(done.first("h1"), "¡Gracias, ya es Amigo!");
    let friend = &supporters(&app).await[0];
    assert!(friend.email_confirmed_at.is_some() && friend.newsletter && friend.events);
    let history =
        consent::Entity::find().filter(consent::Column::SupporterId.eq(friend.id)).all(app.db()).await.unwrap();
    assert_eq!(history.len(), 2);
    assert!(history.iter().all(|c| c.granted && c.source == "signup" && c.supporter_id == friend.id));
    assert_eq!(hermana::supporters::model::interests(app.db(), friend.id).await.unwrap(), [wg]);

    // The link works once.
    let again = Browser::new().post(&app, &path, &[]).await;
    assert_eq!(again.status, 404);
    assert_eq!(app.get(&path).await.status, 404);
}

#[tokio::test]
async fn robots_are_turned_away_without_a_record() {
    let app = TestApp::with_demo().await;
    // The hidden field filled: the same friendly answer, but nothing stored or sent.
    let response = sign_up(&app, "en", "bot@amigos.test", &[("website", "http://spam.example")]).await;
    assert_eq!(response.status, 200);
    assert!(response.first("[role=status]").contains("bot@amigos.test"));
    // Sent within a second of being shown.
    let fast = stamp(&app, 0).await;
    let response = sign_up(&app, "en", "fast@amigos.test", &[("stamp", &fast)]).await;
    assert_eq!(response.status, 422);
    assert_eq!(response.first("[role=alert]"), "Please check your details and send the form again.");
    assert_eq!(response.attr("#email", "value"), "fast@amigos.test", "typed text is kept");
    // A forged stamp.
    let response = sign_up(&app, "en", "forged@amigos.test", &[("stamp", "1.AAAAAAAAAAAAAAAAAAAAAA")]).await;
    assert_eq!(response.status, 422);
    assert!(supporters(&app).await.is_empty());
    assert!(emails(&app).await.is_empty());

    // Bad input: messages next to the fields, in the visitor's language.
    let stamp = stamp(&app, 10).await;
    let response = Browser::new()
        .post(&app, "/es/amigos", &[("first_name", ""), ("email", "no es correo"), ("stamp", &stamp)])
        .await;
    assert_eq!(response.status, 422);
    assert_eq!(response.first("#first_name-error"), "Por favor, escriba su nombre.");
    assert!(response.first("#email-error").starts_with("Esto no parece un correo"));
    assert_eq!(response.attr("#email", "value"), "no es correo");
}

#[tokio::test]
async fn sign_ups_per_client_are_limited() {
    let app = TestApp::with_demo().await;
    // Three were counted above in the robots test's way; here ten real ones fill the hour.
    for i in 0..hermana::supporters::pages::signup::MAX_PER_CLIENT {
        let response = sign_up(&app, "es", &format!("amiga{i}@amigos.test"), &[]).await;
        assert_eq!(response.status, 200);
    }
    let response = sign_up(&app, "es", "una-mas@amigos.test", &[]).await;
    assert_eq!(response.status, 429);
    assert!(response.first("[role=alert]").starts_with("Recibimos demasiados formularios"));
    assert_eq!(supporters(&app).await.len(), 10);
}

#[tokio::test]
async fn a_known_address_gets_the_same_answer_and_no_second_record() {
    let app = TestApp::with_demo().await;
    let first = sign_up(&app, "es", "ana@amigos.test", &[]).await;
    let before = supporters(&app).await;
    // Someone else types Ana's address with another name: nothing changes on her record.
    let second = sign_up(&app, "es", "ANA@amigos.test", &[("first_name", "Intruso"), ("phone", "555")]).await;
    assert_eq!(first.status, second.status);
    assert_eq!(first.first("[role=status]"), second.first("[role=status]"));
    let after = supporters(&app).await;
    assert_eq!(after.len(), 1);
    // Only the timeline moved (an email was sent): the details are untouched until a link is used.
    assert_eq!(
        supporter::Model { last_activity_at: before[0].last_activity_at, ..after[0].clone() },
        before[0],
        "the record is untouched until a link is used"
    );
    // Each sign-up sent a link to the address itself (so only its owner can confirm), up to 3 an hour.
    for _ in 0..3 {
        sign_up(&app, "es", "ana@amigos.test", &[]).await;
    }
    let sent = emails(&app).await;
    assert_eq!(sent.len(), 3);
    assert!(sent.iter().all(|e| e.to_address == "ana@amigos.test"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_new_address_sent_at_once_makes_one_record_and_no_error() {
    // A double click, or a form sent from two tabs: the requests race for the same new address.
    let app = std::sync::Arc::new(TestApp::with_demo().await);
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move { sign_up(&app, "es", "carmen@amigos.test", &[]).await.status })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), 200);
    }
    let made = supporters(&app).await;
    assert_eq!(made.len(), 1, "one record for one address");
    let signed_up = hermana::supporters::entities::activity::Entity::find()
        .filter(hermana::supporters::entities::activity::Column::SupporterId.eq(made[0].id))
        .filter(hermana::supporters::entities::activity::Column::Kind.eq("signed-up"))
        .count(app.db())
        .await
        .unwrap();
    assert_eq!(signed_up, 1, "the timeline shows one sign-up");
}

#[tokio::test]
async fn one_click_unsubscribe_needs_no_login_and_is_in_the_headers() {
    let server = SmtpServer::start().await;
    let app = demo_with_smtp(&server).await;
    sign_up(&app, "en", "bob@amigos.test", &[("events", "on")]).await;
    let worker = start_worker(&app, test_worker_config());
    wait_all_sent(&app).await;
    let raw = server.messages().remove(0);
    let message = MessageParser::default().parse(&raw).unwrap();
    let header = |name: &str| message.header_raw(name).unwrap_or_else(|| panic!("no {name} header")).trim().to_owned();
    assert_eq!(header("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click");
    let list = header("List-Unsubscribe");
    assert!(list.starts_with("<http://") && list.ends_with('>'), "{list}");
    let url = list.trim_matches(['<', '>']).to_owned();
    assert!(url.contains("/en/unsubscribe/"), "{url}");
    assert_eq!(link_in(&raw, "/en/unsubscribe/"), url, "the body carries the same link");
    let path = format!("/{}", url.split_once("://").unwrap().1.split_once('/').unwrap().1);

    // Confirm first, so there is something to withdraw.
    let confirm = link_in(&raw, "/en/friends/confirm/");
    let confirm = format!("/{}", confirm.split_once("://").unwrap().1.split_once('/').unwrap().1);
    assert_eq!(Browser::new().post(&app, &confirm, &[]).await.status, 200);
    assert!(supporters(&app).await[0].newsletter);

    // GET only asks.
    let page = app.get(&path).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.first("main button"), "Unsubscribe me");
    assert!(supporters(&app).await[0].newsletter);

    // What a mail program sends: no cookie, no CSRF token, another origin.
    let request = axum::http::Request::post(&path)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", "https://mail.example")
        .body(axum::body::Body::from("List-Unsubscribe=One-Click"))
        .unwrap();
    let response = app.request(request).await;
    assert_eq!(response.status, 200, "{}", response.text());
    let friend = &supporters(&app).await[0];
    assert!(!friend.newsletter && !friend.events);
    let last = consent::Entity::find()
        .filter(consent::Column::SupporterId.eq(friend.id))
        .order_by_desc(consent::Column::Id)
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((last.granted, last.source.as_str()), (false, "unsubscribe"));

    // A token with a wrong signature unsubscribes no one.
    let forged = format!("/en/unsubscribe/{}.AAAAAAAAAAAAAAAAAAAAAA", friend.id);
    assert_eq!(
        app.request(axum::http::Request::post(&forged).body(axum::body::Body::empty()).unwrap()).await.status,
        404
    );
    worker.shutdown().await;
}

#[tokio::test]
async fn the_footer_links_to_the_form_in_both_languages() {
    let app = TestApp::with_demo().await;
    assert_eq!(app.get("/es/").await.attr(".footer-friends a", "href"), "/es/amigos");
    assert_eq!(app.get("/en/").await.attr(".footer-friends a", "href"), "/en/friends");
    let en = app.get("/en/friends").await;
    assert_eq!(en.first("h1"), "Become a Friend");
    assert_eq!(en.attr("[data-language-switch]", "href"), "/es/amigos");
}

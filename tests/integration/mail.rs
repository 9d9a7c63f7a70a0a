//! Queueing email: rendered in the recipient's language, stored once per idempotency key
//! together with its delivery job.

use hermana::i18n::Lang;
use hermana::mail::entities::email;
use hermana::mail::{Email, OutgoingEmail, Queued};
use sea_orm::{EntityTrait, PaginatorTrait, QueryOrder};

use crate::common::TestApp;

/// Queues the test message to `to` in `language`.
pub async fn queue_test_message(
    app: &TestApp,
    organization_id: i64,
    key: &str,
    to: &str,
    language: Lang,
) -> Queued {
    hermana::mail::queue(
        app.db(),
        &app.state,
        OutgoingEmail {
            organization_id,
            to,
            to_name: Some("Ana Pérez"),
            language,
            template: "test_message",
            context: minijinja::context! { organization => "MASCP" },
            idempotency_key: key,
        },
    )
    .await
    .unwrap()
}

pub async fn emails(app: &TestApp) -> Vec<Email> {
    email::Entity::find()
        .order_by_asc(email::Column::Id)
        .all(app.db())
        .await
        .unwrap()
}

#[tokio::test]
async fn an_email_is_rendered_in_the_recipients_language() {
    let app = TestApp::new().await;
    let org = app.organization("MASCP").await;
    queue_test_message(&app, org, "test:es", "ana@example.org", Lang::Es).await;
    queue_test_message(&app, org, "test:en", "bob@example.org", Lang::En).await;
    let stored = emails(&app).await;
    let (es, en) = (&stored[0], &stored[1]);
    assert_eq!(es.subject, "Mensaje de prueba de MASCP");
    assert!(
        es.text_body
            .contains("Este es un mensaje de prueba de Hermana, enviado para MASCP.")
    );
    let es_html = es.html_body.as_deref().unwrap();
    assert!(es_html.contains("<html lang=\"es\">"));
    assert!(
        es_html.contains("<p>Este es un mensaje de prueba de Hermana, enviado para MASCP.</p>")
    );
    assert_eq!(en.subject, "Test message from MASCP");
    assert!(
        en.text_body
            .contains("This is a test message from Hermana, sent for MASCP.")
    );
    assert!(!en.text_body.contains("Este es"));
    assert!(
        en.html_body
            .as_deref()
            .unwrap()
            .contains("<html lang=\"en\">")
    );
    assert_eq!((es.language.as_str(), en.language.as_str()), ("es", "en"));
    assert_eq!(
        es.message_id,
        hermana::mail::model::message_id("test:es", "mascp.example")
    );
    assert_eq!(es.status, hermana::mail::model::status::QUEUED);
}

#[tokio::test]
async fn queueing_twice_with_one_key_stores_once_with_one_job() {
    let app = TestApp::new().await;
    let org = app.organization("MASCP").await;
    let first = queue_test_message(&app, org, "welcome:1", "ana@example.org", Lang::Es).await;
    let second = queue_test_message(&app, org, "welcome:1", "ana@example.org", Lang::En).await;
    assert!(first.new);
    assert!(!second.new, "the second queueing changes nothing");
    assert_eq!(first.email_id, second.email_id);
    assert_eq!(email::Entity::find().count(app.db()).await.unwrap(), 1);
    let job = hermana::jobs::model::find_by_key(app.db(), "send_email:welcome:1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(job.payload, format!("{{\"email_id\":{}}}", first.email_id));
    assert_eq!(
        hermana::jobs::entities::job::Entity::find()
            .count(app.db())
            .await
            .unwrap(),
        1
    );
}

#[tokio::test]
async fn an_unknown_template_or_address_is_refused_when_queueing() {
    let app = TestApp::new().await;
    let org = app.organization("MASCP").await;
    let outgoing = |to, template| OutgoingEmail {
        organization_id: org,
        to,
        to_name: None,
        language: Lang::Es,
        template,
        context: minijinja::context! { organization => "MASCP" },
        idempotency_key: "bad",
    };
    assert!(
        hermana::mail::queue(
            app.db(),
            &app.state,
            outgoing("not an address", "test_message")
        )
        .await
        .is_err()
    );
    assert!(
        hermana::mail::queue(
            app.db(),
            &app.state,
            outgoing("ana@example.org", "no_such_template")
        )
        .await
        .is_err()
    );
    assert_eq!(email::Entity::find().count(app.db()).await.unwrap(), 0);
}

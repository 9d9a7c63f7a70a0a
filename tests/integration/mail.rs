//! The outbox end to end: queue → worker → a real SMTP server on 127.0.0.1 (or `.eml` files),
//! in each recipient's language, once per idempotency key, retried while the server refuses.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use hermana::config::SmtpTls;
use hermana::i18n::Lang;
use hermana::jobs::{Backoff, JobContext, Worker, WorkerConfig, WorkerHandle};
use hermana::mail::entities::email;
use hermana::mail::model::status;
use hermana::mail::{Email, Mailer, OutgoingEmail, Queued};
use mail_parser::MessageParser;
use sea_orm::{EntityTrait, PaginatorTrait, QueryOrder};

use crate::common::TestApp;
use crate::smtp::SmtpServer;

/// An app whose mail goes to `server`, in clear text as only a local server allows.
pub async fn app_with_smtp(server: &SmtpServer) -> TestApp {
    let port = server.addr.port();
    TestApp::configured(|config| {
        config.mail.smtp_host = Some("127.0.0.1".into());
        config.mail.smtp_port = port;
        config.mail.smtp_tls = SmtpTls::None;
    })
    .await
}

/// A fast worker for tests: short polls, leases and backoff.
pub fn test_worker_config() -> WorkerConfig {
    WorkerConfig {
        poll_interval: Duration::from_millis(10),
        lease: Duration::from_secs(5),
        concurrency: 2,
        backoff: Backoff { base: Duration::from_millis(100), cap: Duration::from_millis(400) },
        reclaim_interval: Duration::from_millis(50),
    }
}

pub fn start_worker(app: &TestApp, config: WorkerConfig) -> WorkerHandle {
    let context = JobContext {
        db: app.db().clone(),
        mailer: Arc::new(Mailer::new(&app.state.config).unwrap()),
        app: app.state.clone(),
    };
    Worker::new(context, config).spawn()
}

/// Queues the test message to `to` in `language`.
pub async fn queue_test_message(app: &TestApp, organization_id: i64, key: &str, to: &str, language: Lang) -> Queued {
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
    email::Entity::find().order_by_asc(email::Column::Id).all(app.db()).await.unwrap()
}

/// Waits (at most 20 s) until every email in the outbox is sent, and returns them.
pub async fn wait_all_sent(app: &TestApp) -> Vec<Email> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let emails = emails(app).await;
        if emails.iter().all(|e| e.status == status::SENT) {
            return emails;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "still unsent: {:?}",
            emails
                .iter()
                .filter(|e| e.status != status::SENT)
                .map(|e| (&e.idempotency_key, &e.status, &e.last_error))
                .collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// The `Message-ID` of a raw message, with its angle brackets, as stored.
pub fn message_id_of(raw: &[u8]) -> String {
    let message = MessageParser::default().parse(raw).expect("a parseable message");
    format!("<{}>", message.message_id().expect("a Message-ID"))
}

/// Asserts that `messages` holds each stored email exactly once.
pub fn assert_each_once(messages: &[Vec<u8>], emails: &[Email]) {
    let ids: Vec<String> = messages.iter().map(|m| message_id_of(m)).collect();
    let distinct: HashSet<&String> = ids.iter().collect();
    let stored: HashSet<&String> = emails.iter().map(|e| &e.message_id).collect();
    assert_eq!(distinct, stored, "every stored email arrived");
    assert_eq!(ids.len(), emails.len(), "and none arrived twice");
}

#[tokio::test]
async fn a_queued_email_reaches_the_server_once_in_the_recipients_language() {
    let server = SmtpServer::start().await;
    let app = app_with_smtp(&server).await;
    let org = app.organization("MASCP").await;
    let es = queue_test_message(&app, org, "test:es", "ana@example.org", Lang::Es).await;
    let en = queue_test_message(&app, org, "test:en", "bob@example.org", Lang::En).await;
    assert!(es.new && en.new);

    let worker = start_worker(&app, test_worker_config());
    let stored = wait_all_sent(&app).await;
    worker.shutdown().await;
    let messages = server.messages();
    assert_each_once(&messages, &stored);

    let parser = MessageParser::default();
    for raw in &messages {
        let message = parser.parse(raw).unwrap();
        let id = format!("<{}>", message.message_id().unwrap());
        let email = stored.iter().find(|e| e.message_id == id).unwrap();
        let text_part = message.body_text(0).unwrap();
        let html_part = message.body_html(0).unwrap();
        let raw_text = String::from_utf8_lossy(raw);
        assert!(raw_text.contains("multipart/alternative"), "{raw_text}");
        assert!(raw_text.contains("Content-Type: text/plain; charset=utf-8"));
        assert!(raw_text.contains("Content-Type: text/html; charset=utf-8"));
        assert_eq!(message.header_raw("Content-Language").unwrap().trim(), email.language);
        assert!(raw_text.contains("From: MASCP <info@mascp.example>"), "{raw_text}");
        if email.language == "es" {
            assert_eq!(message.subject(), Some("Mensaje de prueba de MASCP"));
            assert!(text_part.contains("Este es un mensaje de prueba de Hermana, enviado para MASCP."));
            assert!(html_part.contains("<p>Este es un mensaje de prueba de Hermana, enviado para MASCP.</p>"));
            assert!(html_part.contains("<html lang=\"es\">"));
            assert!(!text_part.contains("This is"));
            assert_eq!(email.to_address, "ana@example.org");
        } else {
            assert_eq!(message.subject(), Some("Test message from MASCP"));
            assert!(text_part.contains("This is a test message from Hermana, sent for MASCP."));
            assert!(html_part.contains("<p>This is a test message from Hermana, sent for MASCP.</p>"));
            assert!(html_part.contains("<html lang=\"en\">"));
            assert!(!text_part.contains("Este es"));
        }
        let to = message.to().unwrap().first().unwrap();
        assert_eq!(to.address(), Some(email.to_address.as_str()));
        assert_eq!(to.name(), Some("Ana Pérez"));
    }
    for email in &stored {
        assert_eq!(email.status, status::SENT);
        assert_eq!(email.attempts, 1);
        assert!(email.sent_at.is_some());
        let job = hermana::jobs::model::find_by_key(app.db(), &format!("send_email:{}", email.idempotency_key))
            .await
            .unwrap()
            .unwrap();
        assert_eq!((job.status.as_str(), job.attempts), ("done", 1));
    }
}

#[tokio::test]
async fn queueing_twice_with_one_key_stores_and_sends_once() {
    let server = SmtpServer::start().await;
    let app = app_with_smtp(&server).await;
    let org = app.organization("MASCP").await;
    let first = queue_test_message(&app, org, "welcome:1", "ana@example.org", Lang::Es).await;
    let second = queue_test_message(&app, org, "welcome:1", "ana@example.org", Lang::En).await;
    assert!(first.new);
    assert!(!second.new, "the second queueing changes nothing");
    assert_eq!(first.email_id, second.email_id);
    assert_eq!(email::Entity::find().count(app.db()).await.unwrap(), 1);
    assert_eq!(hermana::jobs::entities::job::Entity::find().count(app.db()).await.unwrap(), 1);

    let worker = start_worker(&app, test_worker_config());
    let stored = wait_all_sent(&app).await;
    // Queued again after it went out: still nothing new.
    assert!(!queue_test_message(&app, org, "welcome:1", "ana@example.org", Lang::Es).await.new);
    worker.shutdown().await;
    assert_each_once(&server.messages(), &stored);
    assert_eq!(stored[0].language, "es", "the first queueing's language");
}

#[tokio::test]
async fn a_refusing_server_gets_retries_with_backoff_and_the_email_goes_out_once_it_recovers() {
    let server = SmtpServer::start().await;
    server.refuse(true);
    let app = app_with_smtp(&server).await;
    let org = app.organization("MASCP").await;
    queue_test_message(&app, org, "retry:1", "ana@example.org", Lang::En).await;
    let config = test_worker_config();
    let backoff = config.backoff;
    let worker = start_worker(&app, config);

    // Three refused attempts, each recorded on the email.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while emails(&app).await[0].attempts < 3 {
        assert!(tokio::time::Instant::now() < deadline, "no retries");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.refuse(false);
    let times = server.refusal_times();
    for (n, pair) in times.windows(2).enumerate() {
        let waited = pair[1] - pair[0];
        let attempts = i32::try_from(n + 1).unwrap();
        assert!(
            waited >= backoff.delay(attempts),
            "attempt {} came {waited:?} after a failure, before the backoff",
            n + 2
        );
    }
    assert!(times.len() >= 3);
    let email = emails(&app).await.remove(0);
    assert_eq!(email.status, status::QUEUED);
    assert!(email.last_error.as_deref().unwrap_or_default().contains("451"));
    assert!(server.messages().is_empty());

    let stored = wait_all_sent(&app).await;
    worker.shutdown().await;
    assert_each_once(&server.messages(), &stored);
    assert_eq!(stored[0].last_error, None);
}

#[tokio::test]
async fn without_smtp_each_email_becomes_one_eml_file_and_a_rerun_writes_none_again() {
    let app = TestApp::new().await;
    let org = app.organization("MASCP").await;
    for (n, lang) in [Lang::Es, Lang::En, Lang::Es].into_iter().enumerate() {
        queue_test_message(&app, org, &format!("file:{n}"), "ana@example.org", lang).await;
    }
    let worker = start_worker(&app, test_worker_config());
    let stored = wait_all_sent(&app).await;
    worker.shutdown().await;

    let dir = app.data_dir().join("mail");
    let files = || {
        let mut names: Vec<String> =
            std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    };
    let names = files();
    assert_eq!(names.len(), 3, "one file per email, no temporary leftovers: {names:?}");
    let mut read = Vec::new();
    for email in &stored {
        let name = hermana::mail::transport::file_name(&email.message_id);
        assert!(names.contains(&name), "{name}");
        let raw = std::fs::read(dir.join(&name)).unwrap();
        let message = MessageParser::default().parse(&raw).unwrap();
        assert_eq!(format!("<{}>", message.message_id().unwrap()), email.message_id);
        assert_eq!(message.subject(), Some(email.subject.as_str()));
        assert!(message.body_text(0).unwrap().contains("MASCP"));
        read.push((name, raw));
    }

    // A crash after the rename and before the database update: the next attempt finds the
    // file and only records it.
    let first = &stored[0];
    sea_orm::ConnectionTrait::execute_unprepared(
        app.db(),
        &format!(
            "UPDATE emails SET status = 'queued' WHERE id = {id}; \
             UPDATE jobs SET status = 'pending' WHERE idempotency_key = 'send_email:{key}'",
            id = first.id,
            key = first.idempotency_key
        ),
    )
    .await
    .unwrap();
    let worker = start_worker(&app, test_worker_config());
    let again = wait_all_sent(&app).await;
    worker.shutdown().await;
    assert_eq!(again[0].status, status::SENT);
    assert_eq!(files(), names);
    for (name, raw) in read {
        assert_eq!(std::fs::read(dir.join(name)).unwrap(), raw, "left as it was");
    }
    // And queueing the same emails again writes nothing.
    for n in 0..3 {
        let queued = queue_test_message(&app, org, &format!("file:{n}"), "ana@example.org", Lang::Es).await;
        assert!(!queued.new);
    }
    assert_eq!(files().len(), 3);
}

#[tokio::test]
async fn plain_text_smtp_is_refused_for_a_remote_server() {
    let app = TestApp::configured(|config| {
        config.mail.smtp_host = Some("smtp.example.org".into());
        config.mail.smtp_tls = SmtpTls::None;
    })
    .await;
    let error = Mailer::new(&app.state.config).err().expect("refused");
    assert!(error.to_string().contains("HERMANA_SMTP_TLS=none"), "{error}");
    let mode = hermana::mail::mail_mode(&app.state.config);
    assert!(matches!(mode, hermana::mail::MailMode::Smtp { ref host, .. } if host == "smtp.example.org"));
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
    assert!(hermana::mail::queue(app.db(), &app.state, outgoing("not an address", "test_message")).await.is_err());
    assert!(hermana::mail::queue(app.db(), &app.state, outgoing("ana@example.org", "no_such_template")).await.is_err());
    assert_eq!(email::Entity::find().count(app.db()).await.unwrap(), 0);
}

//! Crashes and races: a worker killed mid-batch, a process that died holding leases, two
//! workers on one queue. Nothing is lost; nothing is sent twice, except in the one window
//! SMTP cannot close, and then with the same `Message-ID`.

use std::collections::HashSet;
use std::time::Duration;

use hermana::i18n::Lang;
use hermana::jobs::entities::job;
use hermana::mail::model::status;
use hermana::mail::{Mailer, message};
use sea_orm::EntityTrait;

use crate::common::TestApp;
use crate::mail::{
    app_with_smtp, assert_each_once, emails, message_id_of, queue_test_message, start_worker, test_worker_config,
    wait_all_sent,
};
use crate::smtp::SmtpServer;

async fn queue_many(app: &TestApp, count: usize) {
    let org = app.organization("MASCP").await;
    for n in 0..count {
        let lang = if n % 2 == 0 { Lang::Es } else { Lang::En };
        let to = format!("friend{n}@example.org");
        queue_test_message(app, org, &format!("batch:{n}"), &to, lang).await;
    }
}

#[tokio::test]
async fn a_worker_killed_mid_batch_loses_nothing_and_repeats_nothing() {
    let server = SmtpServer::start().await;
    // Every message spends 30 ms accepted-but-not-yet-acknowledged, so the kill lands
    // while a delivery is in that window.
    server.delay_replies(Duration::from_millis(30));
    let app = app_with_smtp(&server).await;
    queue_many(&app, 20).await;

    let mut config = test_worker_config();
    config.lease = Duration::from_secs(3);
    let first = start_worker(&app, config.clone());
    server.wait_for(5).await;
    first.abort();
    let unsent = emails(&app).await.iter().filter(|e| e.status == status::QUEUED).count();
    assert!(unsent > 0, "the worker was stopped partway");

    // A claim cut off by the kill is reclaimed when its lease expires.
    let second = start_worker(&app, config);
    let stored = wait_all_sent(&app).await;
    second.shutdown().await;
    drop(first);
    assert_eq!(stored.len(), 20);
    let messages = server.messages();
    let distinct: HashSet<String> = messages.iter().map(|m| message_id_of(m)).collect();
    assert_eq!(distinct.len(), 20, "every message arrived");
    assert_eq!(messages.len(), 20, "none twice");
    assert_each_once(&messages, &stored);
}

#[tokio::test]
async fn leases_of_a_dead_process_are_reclaimed_and_an_unrecorded_send_repeats_its_message_id() {
    let server = SmtpServer::start().await;
    let app = app_with_smtp(&server).await;
    let org = app.organization("MASCP").await;
    queue_test_message(&app, org, "crash:claimed", "ana@example.org", Lang::Es).await;
    queue_test_message(&app, org, "crash:sent", "bob@example.org", Lang::En).await;

    // A process claims both jobs, hands the second message to the server, and dies before
    // recording anything.
    let lease = Duration::from_millis(50);
    let claimed = hermana::jobs::model::claim(app.db(), "dead", lease).await.unwrap().unwrap();
    let sent = hermana::jobs::model::claim(app.db(), "dead", lease).await.unwrap().unwrap();
    assert!(claimed.idempotency_key.ends_with("crash:claimed"));
    let mailer = Mailer::new(&app.state.config).unwrap();
    let email = emails(&app).await.remove(1);
    mailer.deliver(message::build(&email, &mailer.from).unwrap(), &email.message_id).await.unwrap();
    assert_eq!(server.messages().len(), 1);

    let worker = start_worker(&app, test_worker_config());
    let stored = wait_all_sent(&app).await;
    worker.shutdown().await;

    let messages = server.messages();
    let ids: Vec<String> = messages.iter().map(|m| message_id_of(m)).collect();
    let claimed_id = &stored[0].message_id;
    let sent_id = &stored[1].message_id;
    assert_eq!(
        ids.iter().filter(|id| *id == claimed_id).count(),
        1,
        "claimed but not sent: sent once after the lease expired"
    );
    // The one window SMTP cannot close: the server had accepted, the database did not know.
    // The resend carries the same Message-ID, so the receiver keeps one copy.
    assert_eq!(ids.iter().filter(|id| *id == sent_id).count(), 2);
    assert_eq!(messages.len(), 3);
    for job_id in [claimed.id, sent.id] {
        let job = job::Entity::find_by_id(job_id).one(app.db()).await.unwrap().unwrap();
        assert_eq!((job.status.as_str(), job.attempts), ("done", 2));
    }
}

#[tokio::test]
async fn two_workers_on_one_queue_never_send_a_message_twice() {
    let server = SmtpServer::start().await;
    let app = app_with_smtp(&server).await;
    queue_many(&app, 30).await;
    let mut config = test_worker_config();
    config.concurrency = 3;
    let one = start_worker(&app, config.clone());
    let two = start_worker(&app, config);
    let stored = wait_all_sent(&app).await;
    one.shutdown().await;
    two.shutdown().await;
    assert_each_once(&server.messages(), &stored);
    for job in job::Entity::find().all(app.db()).await.unwrap() {
        assert_eq!((job.status.as_str(), job.attempts), ("done", 1), "{job:?}");
    }
}

//! The job queue on both backends: idempotent enqueueing, one winner per claim, backoff,
//! giving up, and fencing a worker whose lease was taken over.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use hermana::jobs::model::{self, Failure, status};
use hermana::jobs::{Backoff, NewJob};
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait};

use crate::common::TestApp;
use crate::mail::{start_worker, test_worker_config};

fn job(org: i64, key: &str) -> NewJob {
    NewJob::new(org, "noop", "{}".into(), key.into())
}

#[tokio::test]
async fn enqueueing_the_same_key_twice_adds_one_job() {
    let app = TestApp::new().await;
    let org = app.organization("MASCP").await;
    assert!(hermana::jobs::enqueue(app.db(), job(org, "k:1")).await.unwrap());
    assert!(!hermana::jobs::enqueue(app.db(), job(org, "k:1")).await.unwrap());
    assert!(hermana::jobs::enqueue(app.db(), job(org, "k:2")).await.unwrap());
    let count = hermana::jobs::entities::job::Entity::find().count(app.db()).await.unwrap();
    assert_eq!(count, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_claims_take_each_due_job_exactly_once() {
    let app = TestApp::new().await;
    let org = app.organization("MASCP").await;
    for n in 0..40 {
        hermana::jobs::enqueue(app.db(), job(org, &format!("due:{n}"))).await.unwrap();
    }
    let mut later = job(org, "later");
    later.run_at = Utc::now() + chrono::Duration::hours(1);
    hermana::jobs::enqueue(app.db(), later).await.unwrap();

    // Eight workers claim in lockstep rounds, so that they race for the same rows.
    let barrier = Arc::new(tokio::sync::Barrier::new(8));
    let claimers: Vec<_> = (0..8)
        .map(|n| {
            let db = app.db().clone();
            let barrier = barrier.clone();
            tokio::spawn(async move {
                let mut mine = Vec::new();
                for _ in 0..5 {
                    barrier.wait().await;
                    let job = model::claim(&db, &format!("w{n}"), Duration::from_secs(60)).await.unwrap();
                    mine.extend(job);
                }
                mine
            })
        })
        .collect();
    let mut claimed = Vec::new();
    for claimer in claimers {
        claimed.extend(claimer.await.unwrap());
    }
    let left = model::claim(app.db(), "w", Duration::from_secs(60)).await.unwrap();
    assert!(left.is_none(), "{left:?}");
    let keys: HashSet<&str> = claimed.iter().map(|j| j.idempotency_key.as_str()).collect();
    assert_eq!(claimed.len(), 40, "each due job once");
    assert_eq!(keys.len(), 40);
    assert!(!keys.contains("later"), "a job is not claimed before run_at");
    for job in &claimed {
        assert_eq!((job.status.as_str(), job.attempts), (status::RUNNING, 1));
        assert!(job.locked_until.unwrap() > Utc::now());
    }
}

#[tokio::test]
async fn a_failed_attempt_backs_off_and_the_last_one_gives_up() {
    let app = TestApp::new().await;
    let org = app.organization("MASCP").await;
    let mut new = job(org, "flaky");
    new.max_attempts = 2;
    hermana::jobs::enqueue(app.db(), new).await.unwrap();
    let backoff = Backoff { base: Duration::from_secs(3600), cap: Duration::from_secs(7200) };
    let lease = Duration::from_secs(60);

    let first = model::claim(app.db(), "w", lease).await.unwrap().unwrap();
    let before = Utc::now();
    let Failure::RetryAt(at) = model::fail(app.db(), &first, "boom", &backoff).await.unwrap() else {
        panic!("the first failure is retried");
    };
    assert!(at >= before + chrono::Duration::seconds(3600));
    assert!(model::claim(app.db(), "w", lease).await.unwrap().is_none(), "not before run_at");
    let pending = model::find(app.db(), first.id).await.unwrap().unwrap();
    assert_eq!(pending.status, status::PENDING);
    assert_eq!(pending.last_error.as_deref(), Some("boom"));

    app.db().execute_unprepared("UPDATE jobs SET run_at = created_at").await.unwrap();
    let second = model::claim(app.db(), "w", lease).await.unwrap().unwrap();
    assert_eq!(second.attempts, 2);
    assert_eq!(model::fail(app.db(), &second, "boom again", &backoff).await.unwrap(), Failure::GaveUp);
    let failed = model::find(app.db(), first.id).await.unwrap().unwrap();
    assert_eq!(failed.status, status::FAILED);
    assert_eq!(failed.last_error.as_deref(), Some("boom again"));
    assert!(model::claim(app.db(), "w", lease).await.unwrap().is_none());
}

#[tokio::test]
async fn an_expired_lease_is_reclaimed_and_the_old_worker_can_no_longer_finish() {
    let app = TestApp::new().await;
    let org = app.organization("MASCP").await;
    hermana::jobs::enqueue(app.db(), job(org, "slow")).await.unwrap();
    let stale = model::claim(app.db(), "old", Duration::from_millis(1500)).await.unwrap().unwrap();
    assert_eq!(model::reclaim_expired(app.db()).await.unwrap(), 0, "lease still valid");
    tokio::time::sleep(Duration::from_millis(1600)).await;
    assert_eq!(model::reclaim_expired(app.db()).await.unwrap(), 1);
    let fresh = model::claim(app.db(), "new", Duration::from_secs(60)).await.unwrap().unwrap();
    assert_eq!(fresh.attempts, 2);

    assert!(!model::complete(app.db(), &stale).await.unwrap(), "fenced off");
    assert_eq!(model::fail(app.db(), &stale, "late", &Backoff::default()).await.unwrap(), Failure::LeaseLost);
    assert!(model::complete(app.db(), &fresh).await.unwrap());
    let done = model::find(app.db(), fresh.id).await.unwrap().unwrap();
    assert_eq!((done.status.as_str(), done.locked_by.as_deref()), (status::DONE, Some("new")));
}

#[tokio::test]
async fn the_worker_fails_a_job_of_an_unknown_kind_at_once() {
    let app = TestApp::new().await;
    let org = app.organization("MASCP").await;
    hermana::jobs::enqueue(app.db(), job(org, "mystery")).await.unwrap();
    let worker = start_worker(&app, test_worker_config());
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let job = loop {
        let job = model::find_by_key(app.db(), "mystery").await.unwrap().unwrap();
        if job.status == status::FAILED {
            break job;
        }
        assert!(tokio::time::Instant::now() < deadline, "{job:?}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    worker.shutdown().await;
    assert_eq!(job.attempts, 1, "a permanent error is not retried");
    assert!(job.last_error.unwrap().contains("unknown job kind"));
}

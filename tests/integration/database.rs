//! The schema and the demo on both backends: idempotent loading, concurrent migrations.

use hermana::content::entities::page_translation;
use hermana::organizations::entities::organization;
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::common::TestApp;

#[tokio::test]
async fn demo_load_is_idempotent() {
    let app = TestApp::with_demo().await;
    let organizations = organization::Entity::find().count(app.db()).await.unwrap();
    let translations = page_translation::Entity::find().count(app.db()).await.unwrap();
    assert_eq!(translations, 20, "8 pages and 2 articles in 2 languages");
    assert!(!hermana::demo::load(app.db()).await.unwrap(), "a second load changes nothing");
    assert_eq!(organization::Entity::find().count(app.db()).await.unwrap(), organizations);
    assert_eq!(page_translation::Entity::find().count(app.db()).await.unwrap(), translations);
}

#[tokio::test]
async fn every_domain_row_belongs_to_an_organization() {
    let app = TestApp::with_demo().await;
    for translation in page_translation::Entity::find().all(app.db()).await.unwrap() {
        assert!(translation.organization_id > 0);
    }
    let mascp = hermana::organizations::model::find_by_slug(app.db(), "mascp").await.unwrap().unwrap();
    assert_eq!(mascp.kind, "committee");
    assert_eq!(mascp.time_zone, "America/Chicago");
    let network = hermana::organizations::model::network_of(app.db(), &mascp).await.unwrap().unwrap();
    assert_eq!(network.kind, "network");
}

#[tokio::test]
async fn several_nodes_migrating_at_once_all_succeed() {
    let app = TestApp::new().await;
    let db = app.db().clone();
    let runs = (0..3).map(|_| {
        let db = db.clone();
        tokio::spawn(async move { hermana::db::migrate(&db).await })
    });
    for run in runs {
        run.await.unwrap().unwrap();
    }
    hermana::demo::load(app.db()).await.unwrap();
    assert_eq!(app.get("/en/").await.status, 200);
}

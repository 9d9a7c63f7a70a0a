//! `TestApp`: the real router over a fresh database per test (SQLite, or PostgreSQL when
//! `HERMANA_TEST_DATABASE_URL` names a server where tests may create databases).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use hermana::app::AppState;
use hermana::config::{DatabaseConfig, MailConfig, ServeConfig, SmtpTls};
use http_body_util::BodyExt;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use tower::ServiceExt;

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A throwaway data directory and database, removed when dropped.
struct TestDb {
    dir: PathBuf,
    postgres: Option<(String, String)>,
}

impl TestDb {
    async fn create() -> (TestDb, String) {
        let unique = format!(
            "{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .subsec_nanos()
        );
        let dir = std::env::temp_dir().join(format!("hermana-test-{unique}"));
        std::fs::create_dir_all(&dir).unwrap();
        match std::env::var("HERMANA_TEST_DATABASE_URL")
            .ok()
            .filter(|u| !u.is_empty())
        {
            Some(admin_url) => {
                let name = format!("hermana_test_{unique}");
                let admin = sea_orm::Database::connect(&admin_url)
                    .await
                    .expect("connect to the PostgreSQL test server");
                admin
                    .execute_raw(Statement::from_string(
                        DbBackend::Postgres,
                        format!("CREATE DATABASE {name}"),
                    ))
                    .await
                    .expect("create the test database");
                admin.close().await.ok();
                let (base, _) = admin_url
                    .rsplit_once('/')
                    .expect("a database URL ends in /dbname");
                let url = format!("{base}/{name}");
                let postgres = Some((admin_url, name));
                (TestDb { dir, postgres }, url)
            }
            None => {
                let url = format!("sqlite://{}?mode=rwc", dir.join("test.sqlite3").display());
                (
                    TestDb {
                        dir,
                        postgres: None,
                    },
                    url,
                )
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        if let Some((admin_url, name)) = self.postgres.take() {
            // Drop runs inside the test's runtime: use a thread with its own.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                runtime.block_on(async {
                    if let Ok(admin) = sea_orm::Database::connect(&admin_url).await {
                        let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                        let _ = admin
                            .execute_raw(Statement::from_string(DbBackend::Postgres, sql))
                            .await;
                        let _ = admin.close().await;
                    }
                });
            })
            .join();
        }
    }
}

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    db_files: TestDb,
}

impl TestApp {
    /// An empty, migrated database.
    pub async fn new() -> TestApp {
        TestApp::with_config(|_| {}).await
    }

    /// An empty, migrated database, with settings changed by `change` (e.g. the SMTP server).
    pub async fn with_config(change: impl FnOnce(&mut ServeConfig)) -> TestApp {
        let (db, url) = TestDb::create().await;
        let connection = hermana::db::connect(&url)
            .await
            .expect("open the test database");
        hermana::db::migrate(&connection).await.expect("migrate");
        hermana::content::model::ensure_cache_version(&connection)
            .await
            .expect("cache row");
        let mut config = ServeConfig {
            database: DatabaseConfig {
                data_dir: db.dir.clone(),
                database_url: Some(url),
            },
            listen: "127.0.0.1:0".parse().unwrap(),
            base_url: None,
            default_organization: "mascp".into(),
            theme_dir: None,
            cache_check_ms: 0,
            no_demo: true,
            mail: MailConfig {
                smtp_host: None,
                smtp_port: 587,
                smtp_tls: SmtpTls::Starttls,
                smtp_user: None,
                smtp_password: None,
                mail_from: "MASCP <info@mascp.example>".parse().unwrap(),
            },
        };
        change(&mut config);
        let state = AppState::new(connection, config).expect("state");
        TestApp {
            router: hermana::router::build(state.clone()),
            state,
            db_files: db,
        }
    }

    /// The demo site (MASCP) loaded.
    pub async fn with_demo() -> TestApp {
        let app = TestApp::new().await;
        assert!(
            hermana::demo::load(&app.state.db)
                .await
                .expect("load the demo")
        );
        app
    }

    /// This test's data directory (removed afterwards).
    pub fn data_dir(&self) -> &std::path::Path {
        &self.db_files.dir
    }

    /// Adds a committee named `name` and returns its id.
    pub async fn organization(&self, name: &str) -> i64 {
        use hermana::organizations::entities::organization;
        use sea_orm::{ActiveModelTrait, Set};
        let now = chrono::Utc::now();
        organization::ActiveModel {
            organization_id: Set(None),
            slug: Set(name.to_lowercase().replace(' ', "-")),
            kind: Set("committee".into()),
            name: Set(name.into()),
            short_name: Set(name.into()),
            place: Set("Madison, Wisconsin".into()),
            country: Set("US".into()),
            default_language: Set("en".into()),
            time_zone: Set("America/Chicago".into()),
            website_url: Set(None),
            host: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(self.db())
        .await
        .unwrap()
        .id
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    pub fn backend(&self) -> DbBackend {
        self.state.db.get_database_backend()
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.request(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> TestResponse {
        let mut request = Request::builder().method(Method::GET).uri(path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.request(request.body(Body::empty()).unwrap()).await
    }

    pub async fn request(&self, request: Request<Body>) -> TestResponse {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        TestResponse {
            status,
            headers,
            body,
        }
    }
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl TestResponse {
    pub fn text(&self) -> String {
        String::from_utf8(self.body.to_vec()).expect("a UTF-8 body")
    }

    pub fn html(&self) -> scraper::Html {
        scraper::Html::parse_document(&self.text())
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn location(&self) -> &str {
        self.header(header::LOCATION.as_str())
            .expect("a Location header")
    }

    /// The text of every element matching `selector`, whitespace folded.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let selector = scraper::Selector::parse(selector).expect("a valid selector");
        self.html()
            .select(&selector)
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    pub fn first(&self, selector: &str) -> String {
        self.texts(selector)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("nothing matches {selector}"))
    }

    /// The value of `attribute` on every element matching `selector`.
    pub fn attrs(&self, selector: &str, attribute: &str) -> Vec<String> {
        let selector = scraper::Selector::parse(selector).expect("a valid selector");
        self.html()
            .select(&selector)
            .filter_map(|e| e.value().attr(attribute).map(str::to_owned))
            .collect()
    }

    pub fn attr(&self, selector: &str, attribute: &str) -> String {
        self.attrs(selector, attribute)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no {attribute} on {selector}"))
    }
}

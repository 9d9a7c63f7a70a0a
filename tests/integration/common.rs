//! `TestApp`: the real router over a fresh database per test (SQLite, or PostgreSQL when
//! `HERMANA_TEST_DATABASE_URL` names a server where tests may create databases).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use hermana::app::AppState;
use hermana::auth::roles::Role;
use hermana::config::{DatabaseConfig, MailConfig, ServeConfig, SmtpTls, StripeConfig};
use hermana::content::entities::page_translation;
use hermana::content::model::Translation;
use hermana::content::studio;
use http_body_util::BodyExt;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, Statement};
use tower::ServiceExt;

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A throwaway database, removed when dropped.
enum TestDb {
    Sqlite(PathBuf),
    Postgres { admin_url: String, name: String },
}

impl TestDb {
    async fn create() -> (TestDb, String) {
        let unique = format!(
            "{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos()
        );
        match std::env::var("HERMANA_TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) {
            Some(admin_url) => {
                let name = format!("hermana_test_{unique}");
                let admin =
                    sea_orm::Database::connect(&admin_url).await.expect("connect to the PostgreSQL test server");
                admin
                    .execute_raw(Statement::from_string(DbBackend::Postgres, format!("CREATE DATABASE {name}")))
                    .await
                    .expect("create the test database");
                admin.close().await.ok();
                let (base, _) = admin_url.rsplit_once('/').expect("a database URL ends in /dbname");
                let url = format!("{base}/{name}");
                (TestDb::Postgres { admin_url, name }, url)
            }
            None => {
                let dir = std::env::temp_dir().join(format!("hermana-test-{unique}"));
                std::fs::create_dir_all(&dir).unwrap();
                let url = format!("sqlite://{}?mode=rwc", dir.join("test.sqlite3").display());
                (TestDb::Sqlite(dir), url)
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match self {
            TestDb::Sqlite(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            TestDb::Postgres { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop runs inside the test's runtime: use a thread with its own.
                let _ = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                    runtime.block_on(async {
                        if let Ok(admin) = sea_orm::Database::connect(&admin_url).await {
                            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                            let _ = admin.execute_raw(Statement::from_string(DbBackend::Postgres, sql)).await;
                            let _ = admin.close().await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// A throwaway data directory (for `.eml` files and the like), removed when dropped.
struct DataDir(PathBuf);

impl DataDir {
    fn create() -> DataDir {
        let name = format!("hermana-data-{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
        let dir = std::env::temp_dir().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        DataDir(dir)
    }
}

impl Drop for DataDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    _db: TestDb,
    data: DataDir,
}

impl TestApp {
    /// An empty, migrated database.
    pub async fn new() -> TestApp {
        TestApp::configured(|_| {}).await
    }

    /// An empty, migrated database, with settings changed by `configure`.
    pub async fn configured(configure: impl FnOnce(&mut ServeConfig)) -> TestApp {
        let (db, url) = TestDb::create().await;
        let connection = hermana::db::connect(&url).await.expect("open the test database");
        hermana::db::migrate(&connection).await.expect("migrate");
        hermana::content::model::ensure_cache_version(&connection).await.expect("cache row");
        let data = DataDir::create();
        let config = ServeConfig {
            database: DatabaseConfig { data_dir: data.0.clone(), database_url: Some(url) },
            listen: "127.0.0.1:0".parse().unwrap(),
            base_url: None,
            default_organization: "mascp".into(),
            theme_dir: None,
            cache_check_ms: 0,
            behind_proxy: false,
            no_demo: true,
            mail: MailConfig {
                smtp_host: None,
                smtp_port: 587,
                smtp_tls: SmtpTls::Starttls,
                smtp_user: None,
                smtp_password: None,
                mail_from: "MASCP <info@mascp.example>".parse().unwrap(),
            },
            stripe: StripeConfig {
                stripe_secret_key: None,
                stripe_webhook_secret: None,
                stripe_api_base: "http://127.0.0.1:9".into(),
            },
        };
        let mut config = config;
        configure(&mut config);
        let state = AppState::new(connection, config).expect("state");
        TestApp { router: hermana::router::build(state.clone()), state, _db: db, data }
    }

    /// The demo site (MASCP) loaded.
    pub async fn with_demo() -> TestApp {
        let app = TestApp::new().await;
        assert!(hermana::demo::load(&app.state.db).await.expect("load the demo"));
        app
    }

    /// Creates an account with a password and these roles in MASCP.
    pub async fn account(&self, email: &str, password: &str, roles: &[Role]) -> i64 {
        let hash = hermana::auth::password::hash(password.to_owned()).await.unwrap();
        let account = hermana::auth::model::upsert_account(self.db(), email, "Ana", "es", hash).await.unwrap();
        let org = self.mascp().await;
        for role in roles {
            hermana::auth::model::grant(self.db(), org, account.id, *role).await.unwrap();
        }
        account.id
    }

    /// This test's data directory (removed afterwards).
    pub fn data_dir(&self) -> &std::path::Path {
        &self.data.0
    }

    /// Adds a committee named `name` (to a database without the demo) and returns its id.
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
            delegation_retention_days: Set(hermana::events::delegations::retention::DEFAULT_DAYS),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(self.db())
        .await
        .unwrap()
        .id
    }

    /// MASCP's id.
    pub async fn mascp(&self) -> i64 {
        hermana::organizations::model::find_by_slug(self.db(), "mascp").await.unwrap().unwrap().id
    }

    /// Signs in through the real form; returns the browser's cookies.
    pub async fn sign_in(&self, email: &str, password: &str) -> Browser {
        let browser = Browser::new();
        let response = browser.post(self, "/es/login", &[("email", email), ("password", password)]).await;
        assert_eq!(response.status, 303, "signing in as {email}: {}", response.text());
        browser.with_cookies_from(&response)
    }

    /// Saves a translation through the studio, keeping its slug.
    pub async fn save_translation(&self, id: i64, title: &str, summary: &str, body: &str) -> Translation {
        let current = page_translation::Entity::find_by_id(id).one(self.db()).await.unwrap().unwrap();
        let edit = studio::Edit {
            title: title.to_owned(),
            slug: current.slug,
            summary: summary.to_owned(),
            body: body.to_owned(),
        };
        match studio::save(self.db(), id, &edit, None).await {
            Ok(saved) => saved,
            Err(error) => panic!("save failed: {error:?}"),
        }
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    pub fn backend(&self) -> DbBackend {
        self.state.db.get_database_backend()
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.request(Request::get(path).body(Body::empty()).unwrap()).await
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
        TestResponse { status, headers, body }
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
        self.header(header::LOCATION.as_str()).expect("a Location header")
    }

    /// The text of every element matching `selector`, whitespace folded.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let selector = scraper::Selector::parse(selector).expect("a valid selector");
        self.html()
            .select(&selector)
            .map(|e| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    }

    pub fn first(&self, selector: &str) -> String {
        self.texts(selector).into_iter().next().unwrap_or_else(|| panic!("nothing matches {selector}"))
    }

    /// The value of `attribute` on every element matching `selector`.
    pub fn attrs(&self, selector: &str, attribute: &str) -> Vec<String> {
        let selector = scraper::Selector::parse(selector).expect("a valid selector");
        self.html().select(&selector).filter_map(|e| e.value().attr(attribute).map(str::to_owned)).collect()
    }

    pub fn attr(&self, selector: &str, attribute: &str) -> String {
        self.attrs(selector, attribute).into_iter().next().unwrap_or_else(|| panic!("no {attribute} on {selector}"))
    }
}

/// A browser's cookies: the CSRF cookie, and the session once signed in.
#[derive(Clone, Debug)]
pub struct Browser {
    pub csrf: String,
    pub session: Option<String>,
}

impl Browser {
    pub fn new() -> Browser {
        Browser { csrf: "t".repeat(43), session: None }
    }

    /// The cookies set by a response, added to this browser's.
    pub fn with_cookies_from(&self, response: &TestResponse) -> Browser {
        let mut next = self.clone();
        for value in response.headers.get_all(header::SET_COOKIE) {
            let cookie = value.to_str().unwrap();
            if let Some(rest) = cookie.strip_prefix("hermana_session=") {
                let token = rest.split(';').next().unwrap();
                next.session = (!token.is_empty()).then(|| token.to_owned());
            }
        }
        next
    }

    pub fn cookie_header(&self) -> String {
        match &self.session {
            Some(session) => format!("hermana_csrf={}; hermana_session={session}", self.csrf),
            None => format!("hermana_csrf={}", self.csrf),
        }
    }

    pub async fn get(&self, app: &TestApp, path: &str) -> TestResponse {
        app.get_with(path, &[("cookie", &self.cookie_header())]).await
    }

    /// Posts a `multipart/form-data` form with this browser's CSRF token and, when given, a
    /// file (`name`, file name, content type, bytes), as a browser's upload form would.
    pub async fn post_multipart(
        &self,
        app: &TestApp,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &str, &str, &[u8])>,
    ) -> TestResponse {
        let boundary = "----hermana-test-boundary-7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        let mut all: Vec<(&str, &str)> = vec![("csrf", &self.csrf)];
        all.extend_from_slice(fields);
        for (name, value) in all {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        if let Some((name, filename, content_type, bytes)) = file {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: {content_type}\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        self.send(app, path, &format!("multipart/form-data; boundary={boundary}"), body).await
    }

    /// Posts a form with this browser's CSRF token, as a page of the site would.
    pub async fn post(&self, app: &TestApp, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let mut all: Vec<(&str, &str)> = vec![("csrf", &self.csrf)];
        all.extend_from_slice(fields);
        let body = serde_urlencoded::to_string(&all).unwrap();
        self.send(app, path, "application/x-www-form-urlencoded", body.into_bytes()).await
    }

    /// `POST path` with this browser's cookies, from a page of the site.
    async fn send(&self, app: &TestApp, path: &str, content_type: &str, body: Vec<u8>) -> TestResponse {
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, content_type)
            .header(header::COOKIE, self.cookie_header())
            .header(header::HOST, "localhost")
            .header(header::ORIGIN, "http://localhost")
            .body(Body::from(body))
            .unwrap();
        app.request(request).await
    }
}

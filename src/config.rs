//! Run-time settings, from `HERMANA_*` environment variables or command-line flags.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

/// Settings shared by every command that opens the database.
#[derive(Args, Clone, Debug)]
pub struct DatabaseConfig {
    /// Where Hermana keeps its files (the SQLite database, and later uploads and outgoing mail).
    #[arg(long, env = "HERMANA_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// `postgres://user:pass@host/db` to use PostgreSQL; empty means SQLite in the data dir.
    #[arg(long, env = "HERMANA_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
}

impl DatabaseConfig {
    /// The URL to connect to: the configured one, or `hermana.sqlite3` in the data directory.
    pub fn url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.clone(),
            _ => format!("sqlite://{}?mode=rwc", self.data_dir.join("hermana.sqlite3").display()),
        }
    }
}

/// Settings of the web server.
#[derive(Args, Clone, Debug)]
pub struct ServeConfig {
    #[command(flatten)]
    pub database: DatabaseConfig,
    /// Address and port to listen on.
    #[arg(long, env = "HERMANA_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// The public address of the site, e.g. `https://mascp.org`; `https` turns on HSTS and
    /// secure cookies.
    #[arg(long, env = "HERMANA_BASE_URL")]
    pub base_url: Option<String>,
    /// The organization shown when the request's host names none (its slug).
    #[arg(long, env = "HERMANA_DEFAULT_ORGANIZATION", default_value = "mascp")]
    pub default_organization: String,
    /// A folder of templates that replace the built-in ones of the same name.
    #[arg(long, env = "HERMANA_THEME_DIR")]
    pub theme_dir: Option<PathBuf>,
    /// How often (milliseconds) a node asks the database whether content changed elsewhere;
    /// bounds how long another node's edit can take to show. Local edits show at once.
    #[arg(long, env = "HERMANA_CACHE_CHECK_MS", default_value_t = 1000)]
    pub cache_check_ms: u64,
    /// Trust the last `X-Forwarded-For` address (set this only behind a proxy that sets it).
    #[arg(long, env = "HERMANA_BEHIND_PROXY")]
    pub behind_proxy: bool,
    /// Do not load the demo content into an empty database.
    #[arg(long, env = "HERMANA_NO_DEMO")]
    pub no_demo: bool,
}

impl ServeConfig {
    pub fn cache_check_interval(&self) -> Duration {
        Duration::from_millis(self.cache_check_ms)
    }

    /// Whether the site is served over TLS (by a proxy in front).
    pub fn is_https(&self) -> bool {
        self.base_url.as_deref().is_some_and(|url| url.starts_with("https://"))
    }
}

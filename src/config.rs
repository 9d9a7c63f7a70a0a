//! Run-time settings, from `HERMANA_*` environment variables or command-line flags.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};
use lettre::message::Mailbox;

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
    #[command(flatten)]
    pub mail: MailConfig,
    #[command(flatten)]
    pub stripe: StripeConfig,
}

/// Card payments through Stripe Checkout. Without a secret key the donate page shows how to
/// give by check or transfer instead.
#[derive(Args, Clone, Debug)]
pub struct StripeConfig {
    /// Stripe's secret API key (`sk_live_…` or `sk_test_…`; never logged).
    #[arg(long, env = "HERMANA_STRIPE_SECRET_KEY", hide_env_values = true)]
    pub stripe_secret_key: Option<Secret>,
    /// The signing secret of the webhook endpoint `/webhooks/stripe` (`whsec_…`; never logged).
    #[arg(long, env = "HERMANA_STRIPE_WEBHOOK_SECRET", hide_env_values = true)]
    pub stripe_webhook_secret: Option<Secret>,
    /// Where Stripe's API answers. Tests and the browser suite point it at a stand-in on
    /// 127.0.0.1 that plays Stripe's few endpoints.
    #[arg(long, env = "HERMANA_STRIPE_API_BASE", default_value = "https://api.stripe.com")]
    pub stripe_api_base: String,
}

impl StripeConfig {
    /// The secret key when card payments are configured (both secrets set).
    pub fn secret_key(&self) -> Option<&str> {
        let key = self.stripe_secret_key.as_ref().map(|s| s.0.trim()).filter(|k| !k.is_empty())?;
        self.webhook_secret().map(|_| key)
    }

    /// The origin Checkout pages are served from, which the donate form's redirect goes to:
    /// Stripe's own for Stripe's API, else the configured base's (a stand-in plays both).
    pub fn checkout_origin(&self) -> String {
        let base = self.stripe_api_base.trim_end_matches('/');
        if base == "https://api.stripe.com" {
            return "https://checkout.stripe.com".to_owned();
        }
        match base.split_once("://") {
            Some((scheme, rest)) => format!("{scheme}://{}", rest.split('/').next().unwrap_or_default()),
            None => String::new(),
        }
    }

    /// The webhook signing secret.
    pub fn webhook_secret(&self) -> Option<&str> {
        self.stripe_webhook_secret.as_ref().map(|s| s.0.trim()).filter(|k| !k.is_empty())
    }
}

/// How email leaves: through an SMTP server, or (with no host set) as `.eml` files in
/// `<data dir>/mail/`.
#[derive(Args, Clone, Debug)]
pub struct MailConfig {
    /// The SMTP server that sends Hermana's email. Unset: messages are written as `.eml` files
    /// under `<data dir>/mail/` instead, and nothing is sent.
    #[arg(long, env = "HERMANA_SMTP_HOST")]
    pub smtp_host: Option<String>,
    /// The SMTP server's port (587 for STARTTLS, 465 for TLS).
    #[arg(long, env = "HERMANA_SMTP_PORT", default_value_t = 587)]
    pub smtp_port: u16,
    /// `starttls` (upgrade a plain connection, required), `tls` (TLS from the first byte), or
    /// `none` (plain text; allowed only for a server on this machine).
    #[arg(long, env = "HERMANA_SMTP_TLS", value_enum, default_value_t = SmtpTls::Starttls)]
    pub smtp_tls: SmtpTls,
    /// The SMTP user name, if the server wants one.
    #[arg(long, env = "HERMANA_SMTP_USER")]
    pub smtp_user: Option<String>,
    /// The SMTP password (never logged).
    #[arg(long, env = "HERMANA_SMTP_PASSWORD", hide_env_values = true)]
    pub smtp_password: Option<Secret>,
    /// The sender of every email, e.g. `MASCP <info@mascp.org>`; its domain also names the
    /// messages' `Message-ID`s.
    #[arg(long, env = "HERMANA_MAIL_FROM", default_value = "Hermana <no-reply@localhost>")]
    pub mail_from: Mailbox,
}

/// How the connection to the SMTP server is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SmtpTls {
    Starttls,
    Tls,
    None,
}

/// A setting that must never be printed: `Debug` shows `***`.
#[derive(Clone)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Secret, Self::Err> {
        Ok(Secret(s.to_owned()))
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkout_pages_come_from_stripe_or_from_the_stand_in() {
        let config = |base: &str| StripeConfig {
            stripe_secret_key: None,
            stripe_webhook_secret: None,
            stripe_api_base: base.to_owned(),
        };
        assert_eq!(config("https://api.stripe.com").checkout_origin(), "https://checkout.stripe.com");
        assert_eq!(config("https://api.stripe.com/").checkout_origin(), "https://checkout.stripe.com");
        assert_eq!(config("http://127.0.0.1:4242/").checkout_origin(), "http://127.0.0.1:4242");
    }
}

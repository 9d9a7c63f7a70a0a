//! The `hermana` command: serve the site, migrate the database, load the demo content, export
//! the public site as static files.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use hermana::config::{DatabaseConfig, ServeConfig};

/// Hermana: bilingual website and organizing platform for sister-city committees.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Log format: `text` for people, `json` for log collectors.
    #[arg(long, global = true, env = "HERMANA_LOG_FORMAT", default_value = "text")]
    log_format: String,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site (the default). Creates, migrates and fills an empty database first.
    Serve(Box<ServeConfig>),
    /// Bring the database schema up to date, then exit.
    Migrate(DatabaseConfig),
    /// The demo content (the Madison Arcatao Sister City Project's site).
    Demo {
        #[command(subcommand)]
        action: DemoAction,
    },
    /// Write an organization's public site as static files any web host can serve: every
    /// published page in both languages, the 404 pages, the static assets, and `index.html`
    /// sending visitors to the organization's language. Serve DIR at the root of a host.
    ExportStatic {
        /// The directory to write. It is replaced as a whole once the export is complete, and
        /// only if it is absent, empty, or an earlier export.
        dir: PathBuf,
        /// The organization's slug [default: HERMANA_DEFAULT_ORGANIZATION, else mascp].
        #[arg(long)]
        org: Option<String>,
        /// Where the files will be served, e.g. `https://mascp.org` [default: HERMANA_BASE_URL].
        #[arg(long)]
        base_url: Option<String>,
        #[command(flatten)]
        database: DatabaseConfig,
    },
    /// Import records from a file.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Accounts of the core group.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
}

#[derive(Subcommand)]
enum UserAction {
    /// Create an account (or set its password) and give it a role in an organization.
    Add {
        /// The person's email address (their login).
        #[arg(long)]
        email: String,
        /// The person's name, as the core group sees it.
        #[arg(long, default_value = "")]
        name: String,
        /// admin, editor, treasurer or organizer.
        #[arg(long)]
        role: String,
        /// The organization's slug.
        #[arg(long, default_value = "mascp")]
        org: String,
        /// Read the password from standard input (the only way: never on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
        #[command(flatten)]
        database: DatabaseConfig,
    },
}

#[derive(Subcommand)]
enum ImportWhat {
    /// Supporters from a CSV file (exports of Wix Contacts, Action Network, CiviCRM, Mailchimp,
    /// or a spreadsheet with recognizable column names). Prints the preview; imports with --yes.
    Supporters {
        /// The CSV file.
        file: PathBuf,
        /// The organization's slug.
        #[arg(long, default_value = "mascp")]
        org: String,
        /// Import after the preview (without it, nothing changes).
        #[arg(long)]
        yes: bool,
        #[command(flatten)]
        database: DatabaseConfig,
    },
}

#[derive(Subcommand)]
enum DemoAction {
    /// Load the demo content; running it again changes nothing.
    Load(DatabaseConfig),
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    init_logging(&cli.log_format);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        match cli.command {
            Some(Command::Serve(config)) => hermana::serve(*config).await,
            None => hermana::serve(ServeConfig::parse_from_env()?).await,
            Some(Command::Migrate(config)) => {
                let db = hermana::open(&config).await?;
                hermana::db::migrate(&db).await?;
                tracing::info!("database is up to date");
                Ok(())
            }
            Some(Command::User { action: UserAction::Add { email, name, role, org, password_stdin: _, database } }) => {
                let role = hermana::auth::roles::Role::from_code(&role)
                    .ok_or_else(|| anyhow::anyhow!("unknown role {role:?}: admin, editor, treasurer or organizer"))?;
                let mut password = String::new();
                std::io::stdin().read_line(&mut password)?;
                let password = password.trim_end_matches(['\r', '\n']).to_owned();
                let db = hermana::open(&database).await?;
                hermana::db::migrate(&db).await?;
                hermana::auth::setup::add_user(&db, &email, &name, role, &org, password).await?;
                println!("{email} is now {} of {org}.", role.code());
                Ok(())
            }
            Some(Command::Import { what: ImportWhat::Supporters { file, org, yes, database } }) => {
                let db = hermana::open(&database).await?;
                hermana::db::migrate(&db).await?;
                let summary = hermana::supporters::import::cli::import_supporters(&db, &org, &file, yes).await?;
                println!("{summary}");
                Ok(())
            }
            Some(Command::ExportStatic { dir, org, base_url, database }) => {
                let db = hermana::open(&database).await?;
                hermana::db::migrate(&db).await?;
                // The rest of the settings (theme, base URL, default organization) as `serve`
                // would have them, so the export is the site visitors see.
                let mut config = ServeConfig::parse_from_env()?;
                config.database = database;
                let org = org.unwrap_or_else(|| config.default_organization.clone());
                let state = hermana::app::AppState::new(db, config)?;
                let summary = hermana::export::export_site(state, &org, &dir, base_url.as_deref()).await?;
                println!("{summary}");
                Ok(())
            }
            Some(Command::Demo { action: DemoAction::Load(config) }) => {
                let db = hermana::open(&config).await?;
                hermana::db::migrate(&db).await?;
                let loaded = hermana::demo::load(&db).await?;
                tracing::info!(loaded, "demo content");
                Ok(())
            }
        }
    })
}

fn init_logging(format: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(false);
    if format == "json" {
        builder.json().flatten_event(true).with_current_span(true).with_span_list(false).init();
    } else {
        builder.compact().init();
    }
}

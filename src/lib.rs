//! Hermana: a bilingual website and organizing platform for sister-city committees.

pub mod admin;
pub mod app;
pub mod audit;
pub mod auth;
pub mod config;
pub mod content;
pub mod db;
pub mod demo;
pub mod error;
pub mod events;
pub mod export;
pub mod fundraising;
pub mod i18n;
pub mod jobs;
pub mod mail;
pub mod media;
pub mod organizations;
pub mod router;
pub mod search;
pub mod supporters;
pub mod web;

use anyhow::Context as _;
use axum::serve::ListenerExt as _;
use clap::Parser as _;

use crate::config::{DatabaseConfig, ServeConfig};

/// Opens the database named by the configuration, creating the data directory if needed.
pub async fn open(config: &DatabaseConfig) -> anyhow::Result<sea_orm::DatabaseConnection> {
    let url = config.url();
    if url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("cannot create the data directory {}", config.data_dir.display()))?;
    }
    db::connect(&url).await.context("cannot open the database")
}

/// Opens, migrates, fills an empty database with the demo, and serves until Ctrl-C or SIGTERM.
pub async fn serve(config: ServeConfig) -> anyhow::Result<()> {
    let db = open(&config.database).await?;
    db::migrate(&db).await.context("migrating the database")?;
    if !config.no_demo && demo::is_empty(&db).await? {
        demo::load(&db).await.context("loading the demo content")?;
        tracing::info!("loaded the demo content into the new database");
    }
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let address = listener.local_addr()?;
    let setup_link = auth::setup::link_if_needed(&db, &config, address).await?;
    let state = app::AppState::new(db, config)?;
    let workers = jobs::spawn_workers(&state)?;
    tracing::info!(%address, "serving http://{address}");
    if let Some(link) = setup_link {
        // Printed, never logged: the link is a credential, shown once to whoever started the server.
        println!(
            "\nNo one can sign in yet. Open this link to create the first admin account (valid 7 days):\n\n    {link}\n"
        );
    }
    // Small responses go out at once instead of waiting for Nagle's algorithm.
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    // The peer address is kept for the sign-in rate limits.
    let app = router::build(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let served = axum::serve(listener, app).with_graceful_shutdown(shutdown()).await;
    // Jobs in flight finish (their leases would otherwise delay them by minutes).
    workers.shutdown().await;
    Ok(served?)
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

impl ServeConfig {
    /// The serve settings from the environment alone (for `hermana` with no subcommand).
    pub fn parse_from_env() -> anyhow::Result<ServeConfig> {
        #[derive(clap::Parser)]
        struct Only {
            #[command(flatten)]
            config: ServeConfig,
        }
        Ok(Only::try_parse_from(["hermana"])?.config)
    }
}

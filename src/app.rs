//! Application state shared by every request, and the start-up sequence.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::config::ServeConfig;
use crate::content::markdown::MarkdownCache;
use crate::i18n::Catalog;
use crate::web::cache::PageCache;
use crate::web::render::Renderer;

/// Everything a handler may use. Cloning is cheap (it is all behind `Arc`s).
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<ServeConfig>,
    pub catalog: Arc<Catalog>,
    pub renderer: Arc<Renderer>,
    pub cache: Arc<PageCache>,
    pub markdown: Arc<MarkdownCache>,
}

impl AppState {
    /// Builds the state over an open, migrated database.
    pub fn new(db: DatabaseConnection, config: ServeConfig) -> anyhow::Result<AppState> {
        let catalog = Arc::new(Catalog::embedded().map_err(anyhow::Error::msg)?);
        let renderer = Arc::new(Renderer::new(catalog.clone(), config.theme_dir.as_deref())?);
        let cache = Arc::new(PageCache::new(config.cache_check_interval(), config.default_organization.clone()));
        Ok(AppState {
            db,
            config: Arc::new(config),
            catalog,
            renderer,
            cache,
            markdown: Arc::new(MarkdownCache::default()),
        })
    }
}

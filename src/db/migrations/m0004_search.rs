//! Full-text search over page translations: SQLite FTS5, or PostgreSQL `tsvector` with
//! accent-insensitive Spanish and English configurations.

use sea_orm::{ConnectionTrait, DbBackend, Statement};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0004_search"
    }
}

/// `rowid` is the translation's id. The text columns hold plain text (Markdown already
/// rendered), which `snippet()` quotes from; `unicode61 remove_diacritics 2` folds case and
/// accents, so "mision" matches "misión". A virtual table has no foreign keys: the trigger
/// does what `ON DELETE CASCADE` does on PostgreSQL.
const SQLITE: &[&str] = &[
    "CREATE VIRTUAL TABLE page_search USING fts5(
        title, summary, body,
        organization_id UNINDEXED, language UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 2'
    )",
    "CREATE TRIGGER page_search_cascade AFTER DELETE ON page_translations BEGIN
        DELETE FROM page_search WHERE rowid = old.id;
    END",
];

/// `unaccent` runs before the dictionary in every mapping of words that may carry accents.
/// `hermana_es`/`hermana_en` stem; `hermana_words` keeps whole words, because the Spanish
/// stemmer only knows suffixes with their accents: after `unaccent`, "organización" stays
/// `organizacion` while "organizaciones" becomes `organiz`. The `document` holds both, and is
/// written by the application: a generated column calling `unaccent` is refused as not
/// immutable. The plain text is kept beside it for `ts_headline`.
const POSTGRES: &[&str] = &[
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION hermana_es (COPY = spanish)",
    "ALTER TEXT SEARCH CONFIGURATION hermana_es
        ALTER MAPPING FOR word, hword, hword_part WITH unaccent, spanish_stem",
    "CREATE TEXT SEARCH CONFIGURATION hermana_en (COPY = english)",
    "ALTER TEXT SEARCH CONFIGURATION hermana_en
        ALTER MAPPING FOR word, hword, hword_part WITH unaccent, english_stem",
    "CREATE TEXT SEARCH CONFIGURATION hermana_words (COPY = simple)",
    "ALTER TEXT SEARCH CONFIGURATION hermana_words
        ALTER MAPPING FOR word, hword, hword_part WITH unaccent, simple",
    "CREATE TABLE page_search (
        translation_id bigint PRIMARY KEY REFERENCES page_translations (id) ON DELETE CASCADE,
        organization_id bigint NOT NULL,
        language text NOT NULL,
        title text NOT NULL,
        summary text NOT NULL,
        body text NOT NULL,
        document tsvector NOT NULL
    )",
    "CREATE INDEX page_search_document ON page_search USING gin (document)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        run(db, statements(db.get_database_backend())?).await?;
        // Pages written before search existed. The index is derived data, so it is filled
        // here, once, by the same code that keeps it in step afterwards.
        crate::search::reindex_all(db).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let statements: &[&str] = match db.get_database_backend() {
            DbBackend::Sqlite => &["DROP TRIGGER page_search_cascade", "DROP TABLE page_search"],
            _ => &[
                "DROP TABLE page_search",
                "DROP TEXT SEARCH CONFIGURATION hermana_words",
                "DROP TEXT SEARCH CONFIGURATION hermana_en",
                "DROP TEXT SEARCH CONFIGURATION hermana_es",
            ],
        };
        run(db, statements).await
    }

    /// All or nothing on SQLite too, so a failed fill leaves no half-made table behind.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

fn statements(backend: DbBackend) -> Result<&'static [&'static str], DbErr> {
    match backend {
        DbBackend::Sqlite => Ok(SQLITE),
        DbBackend::Postgres => Ok(POSTGRES),
        other => Err(DbErr::Migration(format!("search has no implementation for {other:?}"))),
    }
}

async fn run(db: &impl ConnectionTrait, statements: &[&str]) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    for sql in statements {
        db.execute_raw(Statement::from_string(backend, (*sql).to_owned())).await?;
    }
    Ok(())
}

//! The search index's SQL, one version per database: SQLite FTS5, PostgreSQL `tsvector`.
//! The only raw SQL of search outside its migration (`m0004_search`).

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement, Value};

use super::{MARK_END, MARK_START};
use crate::content::model::{page_status, status};
use crate::i18n::Lang;

/// A translation's searchable text, as plain text.
pub struct Document<'a> {
    pub translation_id: i64,
    pub organization_id: i64,
    pub lang: Lang,
    pub title: &'a str,
    pub summary: &'a str,
    pub body: &'a str,
}

/// Roughly how long a snippet is, in words.
const SNIPPET_WORDS: u32 = 28;

fn unsupported(backend: DbBackend) -> DbErr {
    DbErr::Custom(format!("search has no implementation for {backend:?}"))
}

/// The PostgreSQL text search configuration of whole, unaccented words (see `m0004_search`).
const WORDS: &str = "hermana_words";

/// The PostgreSQL text search configuration that stems a language (see `m0004_search`).
fn config(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => "hermana_es",
        Lang::En => "hermana_en",
    }
}

async fn execute(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Result<(), DbErr> {
    db.execute_raw(Statement::from_sql_and_values(db.get_database_backend(), sql, values)).await?;
    Ok(())
}

/// Adds a translation to the index, or replaces what it held.
pub async fn write(db: &impl ConnectionTrait, doc: &Document<'_>) -> Result<(), DbErr> {
    let values = vec![
        doc.translation_id.into(),
        doc.organization_id.into(),
        doc.lang.code().into(),
        doc.title.into(),
        doc.summary.into(),
        doc.body.into(),
    ];
    match db.get_database_backend() {
        DbBackend::Sqlite => {
            // FTS5 tables have no upsert.
            delete(db, doc.translation_id).await?;
            let sql = "INSERT INTO page_search (rowid, organization_id, language, title, summary, body) \
                       VALUES (?, ?, ?, ?, ?, ?)";
            execute(db, sql, values).await
        }
        DbBackend::Postgres => {
            // Each field's stems and whole words, weighted: title A, summary B, body C.
            let config = config(doc.lang);
            let vector = |n: u8, weight: char| {
                format!("setweight(to_tsvector('{config}', ${n}) || to_tsvector('{WORDS}', ${n}), '{weight}')")
            };
            let sql = format!(
                "INSERT INTO page_search (translation_id, organization_id, language, title, summary, body, document) \
                 VALUES ($1, $2, $3, $4, $5, $6, {} || {} || {}) \
                 ON CONFLICT (translation_id) DO UPDATE SET \
                   organization_id = EXCLUDED.organization_id, language = EXCLUDED.language, \
                   title = EXCLUDED.title, summary = EXCLUDED.summary, body = EXCLUDED.body, \
                   document = EXCLUDED.document",
                vector(4, 'A'),
                vector(5, 'B'),
                vector(6, 'C')
            );
            execute(db, &sql, values).await
        }
        other => Err(unsupported(other)),
    }
}

/// Takes a translation out of the index.
pub async fn delete(db: &impl ConnectionTrait, translation_id: i64) -> Result<(), DbErr> {
    match db.get_database_backend() {
        DbBackend::Sqlite => execute(db, "DELETE FROM page_search WHERE rowid = ?", vec![translation_id.into()]).await,
        DbBackend::Postgres => {
            execute(db, "DELETE FROM page_search WHERE translation_id = $1", vec![translation_id.into()]).await
        }
        other => Err(unsupported(other)),
    }
}

/// Empties the index.
pub async fn clear(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    execute(db, "DELETE FROM page_search", Vec::new()).await
}

/// The best matches, best first: translation ids with a snippet of the body, matched words
/// between [`MARK_START`] and [`MARK_END`]. Only published pages with the text written.
///
/// Every term must match, as the start of a word. `terms` are runs of letters and digits
/// (see `super::terms`), so neither query language can find an operator in them; each is
/// quoted all the same, and bound as a parameter.
pub async fn matches(
    db: &impl ConnectionTrait,
    organization_id: i64,
    lang: Lang,
    terms: &[String],
    limit: u64,
) -> Result<Vec<(i64, String)>, DbErr> {
    let backend = db.get_database_backend();
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let filters: Vec<Value> = vec![
        organization_id.into(),
        lang.code().into(),
        page_status::PUBLISHED.into(),
        status::MISSING.into(),
        limit.into(),
    ];
    let (sql, values) = match backend {
        DbBackend::Sqlite => {
            // bm25: lower is better; the title weighs most, then the summary.
            let query = terms.iter().map(|t| format!("\"{}\"*", t.replace('"', "\"\""))).collect::<Vec<_>>().join(" ");
            let sql = format!(
                "SELECT page_search.rowid, \
                   snippet(page_search, 2, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_WORDS}) \
                 FROM page_search \
                 JOIN page_translations t ON t.id = page_search.rowid \
                 JOIN pages p ON p.id = t.page_id \
                 WHERE page_search MATCH ? AND page_search.organization_id = ? AND page_search.language = ? \
                   AND p.status = ? AND t.status <> ? \
                 ORDER BY bm25(page_search, 10.0, 4.0, 1.0), page_search.rowid \
                 LIMIT ?"
            );
            (sql, [vec![query.into()], filters].concat())
        }
        DbBackend::Postgres => {
            // A term matches a stem or a whole word it begins; the headline marks whole words.
            let config = config(lang);
            let n = terms.len();
            let query = (1..=n)
                .map(|i| format!("(to_tsquery('{config}', ${i}) || to_tsquery('{WORDS}', ${i}))"))
                .collect::<Vec<_>>()
                .join(" && ");
            let options = format!(
                "StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_WORDS}, MinWords={}, \
                 MaxFragments=2, FragmentDelimiter=\" … \"",
                SNIPPET_WORDS / 2
            );
            let sql = format!(
                "WITH q AS (SELECT {query} AS query) \
                 SELECT hit.translation_id, ts_headline('{WORDS}', hit.body, q.query, '{options}') \
                 FROM (SELECT s.translation_id, s.body, ts_rank(s.document, q.query) AS rank \
                       FROM page_search s CROSS JOIN q \
                       JOIN page_translations t ON t.id = s.translation_id \
                       JOIN pages p ON p.id = t.page_id \
                       WHERE s.document @@ q.query AND s.organization_id = ${} AND s.language = ${} \
                         AND p.status = ${} AND t.status <> ${} \
                       ORDER BY rank DESC, s.translation_id \
                       LIMIT ${}) hit CROSS JOIN q \
                 ORDER BY hit.rank DESC, hit.translation_id",
                n + 1,
                n + 2,
                n + 3,
                n + 4,
                n + 5
            );
            let terms: Vec<Value> = terms.iter().map(|t| format!("'{}':*", t.replace('\'', "''")).into()).collect();
            (sql, [terms, filters].concat())
        }
        other => return Err(unsupported(other)),
    };
    let rows = db.query_all_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
    rows.iter().map(|row| Ok((row.try_get_by_index::<i64>(0)?, row.try_get_by_index::<String>(1)?))).collect()
}

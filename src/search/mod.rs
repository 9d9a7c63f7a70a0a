//! Site search: an accent-insensitive, ranked full-text index of page translations, kept in
//! step by the studio and the demo loader, queried by the public search page.

mod backend;

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, DerivePartialModel, EntityTrait, QueryFilter};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::content::entities::{page, page_translation};
use crate::content::model::{self as content, Translation, status};
use crate::i18n::Lang;

/// The longest query taken into account, in characters; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 200;
/// At most this many words of a query are searched for.
const MAX_TERMS: usize = 12;
/// Marks where a matched word starts and ends in a snippet from the database. Private-use
/// characters, removed from the indexed text, so the text itself can never produce them.
const MARK_START: char = '\u{E000}';
const MARK_END: char = '\u{E001}';

/// The search page's path in a language.
pub fn path(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => "/es/buscar",
        Lang::En => "/en/search",
    }
}

/// A page that matches a query.
#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    pub title: String,
    pub path: String,
    /// Plain text around the matches, in pieces, the matched words marked.
    pub snippet: Vec<Fragment>,
}

/// A piece of a snippet; the template escapes `text` and wraps marked pieces in `<mark>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fragment {
    pub text: String,
    pub mark: bool,
}

/// Puts a translation's current text in the index (a `missing` one has none: it is taken out).
pub async fn index(db: &impl ConnectionTrait, translation: &Translation) -> Result<(), DbErr> {
    let row = Row {
        id: translation.id,
        organization_id: translation.organization_id,
        language: translation.language.clone(),
        status: translation.status.clone(),
        title: translation.title.clone(),
        summary: translation.summary.clone(),
        body: translation.body.clone(),
    };
    write(db, &row).await
}

/// Takes a translation out of the index.
pub async fn remove(db: &impl ConnectionTrait, translation_id: i64) -> Result<(), DbErr> {
    backend::delete(db, translation_id).await
}

/// Rebuilds the whole index from `page_translations`.
pub async fn reindex_all(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    backend::clear(db).await?;
    // Only the columns the index needs, so this also runs from the migration that creates
    // the index, on a database that has not gained later columns yet.
    let rows: Vec<Row> = page_translation::Entity::find().into_partial_model().all(db).await?;
    for row in &rows {
        write(db, row).await?;
    }
    Ok(())
}

/// What the index needs of a translation.
#[derive(DerivePartialModel)]
#[sea_orm(entity = "page_translation::Entity")]
struct Row {
    id: i64,
    organization_id: i64,
    language: String,
    status: String,
    title: String,
    summary: String,
    /// Markdown.
    body: String,
}

async fn write(db: &impl ConnectionTrait, row: &Row) -> Result<(), DbErr> {
    let lang = Lang::from_code(&row.language);
    let Some(lang) = lang.filter(|_| row.status != status::MISSING) else {
        return remove(db, row.id).await;
    };
    let title = clean(&row.title);
    let summary = clean(&row.summary);
    let body = clean(&hermana_markdown::to_plain_text(&row.body));
    let document = backend::Document {
        translation_id: row.id,
        organization_id: row.organization_id,
        lang,
        title: &title,
        summary: &summary,
        body: &body,
    };
    backend::write(db, &document).await
}

/// The published pages of an organization in `lang` that match `text`, best first.
pub async fn query(
    db: &impl ConnectionTrait,
    organization_id: i64,
    lang: Lang,
    text: &str,
    limit: u64,
) -> Result<Vec<Hit>, DbErr> {
    let terms = terms(text);
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let found = backend::matches(db, organization_id, lang, &terms, limit).await?;
    let ids: Vec<i64> = found.iter().map(|(id, _)| *id).collect();
    let translations: HashMap<i64, Translation> = page_translation::Entity::find()
        .filter(page_translation::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let page_ids: Vec<i64> = translations.values().map(|t| t.page_id).collect();
    let pages: HashMap<i64, content::Page> = page::Entity::find()
        .filter(page::Column::Id.is_in(page_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    Ok(found
        .into_iter()
        .filter_map(|(id, snippet)| {
            let translation = translations.get(&id)?;
            let page = pages.get(&translation.page_id)?;
            let mut snippet = fragments(&snippet);
            if snippet.is_empty() && !translation.summary.is_empty() {
                snippet.push(Fragment { text: translation.summary.clone(), mark: false });
            }
            Some(Hit { title: translation.title.clone(), path: content::path_of(page, translation), snippet })
        })
        .collect())
}

/// The words of a query: runs of letters and digits, composed (NFC) so an accent typed as a
/// combining mark stays part of its word. Nothing else reaches the database's query language.
fn terms(text: &str) -> Vec<String> {
    let text: String = text.chars().take(MAX_QUERY_CHARS).nfc().collect();
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(MAX_TERMS).map(str::to_owned).collect()
}

/// Text as it goes into the index: composed, without the snippet markers.
fn clean(text: &str) -> String {
    text.nfc().filter(|c| *c != MARK_START && *c != MARK_END).collect()
}

/// Splits a snippet from the database at its markers.
fn fragments(snippet: &str) -> Vec<Fragment> {
    let mut pieces: Vec<Fragment> = Vec::new();
    let mut text = String::new();
    let mut mark = false;
    for c in snippet.chars() {
        if c == MARK_START || c == MARK_END {
            if !text.is_empty() {
                pieces.push(Fragment { text: std::mem::take(&mut text), mark });
            }
            mark = c == MARK_START;
        } else {
            text.push(c);
        }
    }
    if !text.is_empty() {
        pieces.push(Fragment { text, mark });
    }
    if pieces.iter().all(|p| p.text.trim().is_empty()) {
        pieces.clear();
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_words_of_letters_and_digits() {
        assert_eq!(terms("  Nuestra misión, 1986! "), ["Nuestra", "misión", "1986"]);
        assert_eq!(
            terms("\"a\" * NEAR( -b OR c') ; DROP TABLE x; --"),
            ["a", "NEAR", "b", "OR", "c", "DROP", "TABLE", "x"]
        );
        assert_eq!(terms("misio\u{301}n"), ["misión"], "a combining accent stays in its word");
        assert!(terms("\"*()-:^'").is_empty());
        assert_eq!(terms(&"a ".repeat(5000)).len(), MAX_TERMS);
        assert_eq!(terms(&"x".repeat(10_000)), ["x".repeat(MAX_QUERY_CHARS)]);
    }

    #[test]
    fn snippets_split_at_their_markers() {
        let marked = |t: &str| Fragment { text: t.into(), mark: true };
        let plain = |t: &str| Fragment { text: t.into(), mark: false };
        let snippet = format!("Nuestra {MARK_START}misión{MARK_END} es <b>clara</b>");
        assert_eq!(fragments(&snippet), [plain("Nuestra "), marked("misión"), plain(" es <b>clara</b>")]);
        assert_eq!(fragments(&format!("{MARK_START}a{MARK_START}b")), [marked("a"), marked("b")]);
        assert!(fragments("  ").is_empty());
        assert_eq!(clean(&format!("a{MARK_START}b{MARK_END}c")), "abc");
    }
}

//! Articles: the dated side of the content — the public list, tags, the feed's entries, the
//! article settings the studio edits, and publishing what was scheduled.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionSession, TransactionTrait,
};

use super::entities::{page, page_tag, page_translation};
use super::model::{self, Page, Translation, kind, page_status, status};
use crate::i18n::Lang;

/// Articles shown per page of the public list.
pub const PER_PAGE: u64 = 20;
/// Entries in a feed.
pub const FEED_ENTRIES: u64 = 30;
/// Tags an article may carry, and the longest tag.
const MAX_TAGS: usize = 12;
const MAX_TAG_CHARS: usize = 40;

/// Which articles a list shows.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub tag: Option<String>,
    pub working_group_id: Option<i64>,
}

/// One published article with the text to show in a language (falling back to the other).
#[derive(Clone, Debug)]
pub struct Listed {
    pub page: Page,
    /// The translation in the requested language (its address), maybe `missing`.
    pub own: Translation,
    /// The text shown: `own`, or the other language's when `own` is missing.
    pub shown: Translation,
    pub tags: Vec<String>,
}

/// Published articles of an organization, newest first, `PER_PAGE` at a time from page
/// `number` (1-based); the flag says whether an older page exists.
pub async fn published(
    db: &impl ConnectionTrait,
    organization_id: i64,
    lang: Lang,
    filter: &Filter,
    number: u64,
) -> Result<(Vec<Listed>, bool), DbErr> {
    let mut query = page::Entity::find()
        .filter(page::Column::OrganizationId.eq(organization_id))
        .filter(page::Column::Kind.eq(kind::ARTICLE))
        .filter(page::Column::Status.eq(page_status::PUBLISHED));
    if let Some(group) = filter.working_group_id {
        query = query.filter(page::Column::WorkingGroupId.eq(group));
    }
    if let Some(tag) = &filter.tag {
        let tagged = page_tag::Entity::find()
            .select_only()
            .column(page_tag::Column::PageId)
            .filter(page_tag::Column::OrganizationId.eq(organization_id))
            .filter(page_tag::Column::Tag.eq(tag.as_str()))
            .into_tuple::<i64>()
            .all(db)
            .await?;
        query = query.filter(page::Column::Id.is_in(tagged));
    }
    let pages = query
        .order_by_desc(page::Column::PublishedAt)
        .order_by_desc(page::Column::Id)
        .offset((number.max(1) - 1) * PER_PAGE)
        .limit(PER_PAGE + 1)
        .all(db)
        .await?;
    let more = pages.len() as u64 > PER_PAGE;
    let pages: Vec<Page> = pages.into_iter().take(PER_PAGE as usize).collect();
    Ok((with_text(db, pages, lang, false).await?, more))
}

/// The `count` newest published articles, in `lang` (falling back to the other language).
pub async fn latest(
    db: &impl ConnectionTrait,
    organization_id: i64,
    lang: Lang,
    count: u64,
) -> Result<Vec<Listed>, DbErr> {
    let pages = page::Entity::find()
        .filter(page::Column::OrganizationId.eq(organization_id))
        .filter(page::Column::Kind.eq(kind::ARTICLE))
        .filter(page::Column::Status.eq(page_status::PUBLISHED))
        .order_by_desc(page::Column::PublishedAt)
        .order_by_desc(page::Column::Id)
        .limit(count)
        .all(db)
        .await?;
    with_text(db, pages, lang, false).await
}

/// The newest published articles that have text of their own in `lang`: a feed in one
/// language carries only what is written in it.
pub async fn feed(db: &impl ConnectionTrait, organization_id: i64, lang: Lang) -> Result<Vec<Listed>, DbErr> {
    let written = page_translation::Entity::find()
        .select_only()
        .column(page_translation::Column::PageId)
        .filter(page_translation::Column::OrganizationId.eq(organization_id))
        .filter(page_translation::Column::Language.eq(lang.code()))
        .filter(page_translation::Column::Status.ne(status::MISSING))
        .into_tuple::<i64>()
        .all(db)
        .await?;
    let pages = page::Entity::find()
        .filter(page::Column::OrganizationId.eq(organization_id))
        .filter(page::Column::Kind.eq(kind::ARTICLE))
        .filter(page::Column::Status.eq(page_status::PUBLISHED))
        .filter(page::Column::Id.is_in(written))
        .order_by_desc(page::Column::PublishedAt)
        .order_by_desc(page::Column::Id)
        .limit(FEED_ENTRIES)
        .all(db)
        .await?;
    with_text(db, pages, lang, true).await
}

async fn with_text(
    db: &impl ConnectionTrait,
    pages: Vec<Page>,
    lang: Lang,
    own_only: bool,
) -> Result<Vec<Listed>, DbErr> {
    let ids: Vec<i64> = pages.iter().map(|p| p.id).collect();
    let mut translations: HashMap<(i64, String), Translation> = HashMap::new();
    for t in
        page_translation::Entity::find().filter(page_translation::Column::PageId.is_in(ids.clone())).all(db).await?
    {
        translations.insert((t.page_id, t.language.clone()), t);
    }
    let mut tags = tags_of(db, &ids).await?;
    Ok(pages
        .into_iter()
        .filter_map(|page| {
            let own = translations.get(&(page.id, lang.code().to_owned()))?.clone();
            let shown = if own.status == status::MISSING {
                if own_only {
                    return None;
                }
                translations.get(&(page.id, lang.other().code().to_owned()))?.clone()
            } else {
                own.clone()
            };
            let tags = tags.remove(&page.id).unwrap_or_default();
            Some(Listed { page, own, shown, tags })
        })
        .collect())
}

/// The tags of each of `page_ids`, in the order the editor gave them.
pub async fn tags_of(db: &impl ConnectionTrait, page_ids: &[i64]) -> Result<HashMap<i64, Vec<String>>, DbErr> {
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    for row in page_tag::Entity::find()
        .filter(page_tag::Column::PageId.is_in(page_ids.iter().copied()))
        .order_by_asc(page_tag::Column::Id)
        .all(db)
        .await?
    {
        tags.entry(row.page_id).or_default().push(row.tag);
    }
    Ok(tags)
}

/// Whether any published article of the organization exists (the feed link needs one).
pub async fn any_published(db: &impl ConnectionTrait, organization_id: i64) -> Result<bool, DbErr> {
    let count = page::Entity::find()
        .filter(page::Column::OrganizationId.eq(organization_id))
        .filter(page::Column::Kind.eq(kind::ARTICLE))
        .filter(page::Column::Status.eq(page_status::PUBLISHED))
        .count(db)
        .await?;
    Ok(count > 0)
}

/// What the studio's article settings form carries, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub author_name: String,
    pub published_at: Option<DateTime<Utc>>,
    pub tags: Vec<String>,
    pub working_group_id: Option<i64>,
}

/// Tags typed as a comma-separated list: trimmed, inner spaces collapsed, duplicates (ignoring
/// case) dropped. `Err` when there are too many or one is too long.
pub fn parse_tags(typed: &str) -> Result<Vec<String>, TagProblem> {
    let mut tags: Vec<String> = Vec::new();
    for raw in typed.split([',', ';']) {
        let tag = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if tag.is_empty() {
            continue;
        }
        if tag.chars().count() > MAX_TAG_CHARS {
            return Err(TagProblem::TooLong);
        }
        if !tags.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
            tags.push(tag);
        }
    }
    if tags.len() > MAX_TAGS {
        return Err(TagProblem::TooMany);
    }
    Ok(tags)
}

/// Why typed tags were refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagProblem {
    TooLong,
    TooMany,
}

/// Saves an article's settings and tags in one transaction.
pub async fn save_settings<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    page: &Page,
    settings: &Settings,
) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    page::Entity::update_many()
        .col_expr(page::Column::AuthorName, Expr::value(settings.author_name.clone()))
        .col_expr(page::Column::PublishedAt, Expr::value(settings.published_at))
        .col_expr(page::Column::WorkingGroupId, Expr::value(settings.working_group_id))
        .col_expr(page::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(page::Column::Id.eq(page.id))
        .exec(&txn)
        .await?;
    page_tag::Entity::delete_many().filter(page_tag::Column::PageId.eq(page.id)).exec(&txn).await?;
    if !settings.tags.is_empty() {
        page_tag::Entity::insert_many(settings.tags.iter().map(|tag| page_tag::ActiveModel {
            organization_id: Set(page.organization_id),
            page_id: Set(page.id),
            tag: Set(tag.clone()),
            ..Default::default()
        }))
        .exec(&txn)
        .await?;
    }
    model::touch(&txn).await?;
    txn.commit().await
}

/// Publishes every scheduled page whose time has come, and returns them. Safe on several
/// nodes at once: each page is flipped by a conditional update, so only one node reports it.
pub async fn publish_due(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Vec<Page>, DbErr> {
    let due = page::Entity::find()
        .filter(page::Column::Status.eq(page_status::SCHEDULED))
        .filter(page::Column::PublishedAt.lte(now))
        .all(db)
        .await?;
    let mut published = Vec::new();
    for page in due {
        let flipped = page::Entity::update_many()
            .col_expr(page::Column::Status, Expr::value(page_status::PUBLISHED))
            .col_expr(page::Column::UpdatedAt, Expr::value(now))
            .filter(page::Column::Id.eq(page.id))
            .filter(page::Column::Status.eq(page_status::SCHEDULED))
            .exec(db)
            .await?;
        if flipped.rows_affected == 1 {
            published.push(page);
        }
    }
    if !published.is_empty() {
        model::touch(db).await?;
    }
    Ok(published)
}

/// Publishes what is due (see [`publish_due`]) and writes each to its organization's audit
/// log; the job worker calls this every few seconds.
pub async fn publish_scheduled(db: &impl ConnectionTrait) -> Result<usize, DbErr> {
    let published = publish_due(db, Utc::now()).await?;
    let actor = crate::audit::model::Actor { account_id: None, request_id: None };
    for page in &published {
        let title = model::translations(db, page.id)
            .await?
            .into_iter()
            .find(|t| t.language == page.source_language)
            .map(|t| t.title)
            .unwrap_or_default();
        crate::audit::model::record(db, page.organization_id, &actor, "page.published-as-scheduled", &title).await?;
    }
    Ok(published.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_trimmed_and_deduplicated() {
        assert_eq!(
            parse_tags(" Migración,  memoria   histórica ; migración,,").unwrap(),
            ["Migración", "memoria histórica"]
        );
        assert_eq!(parse_tags("").unwrap(), Vec::<String>::new());
        assert_eq!(parse_tags(&"x".repeat(41)), Err(TagProblem::TooLong));
        let many = (0..13).map(|i| format!("t{i}")).collect::<Vec<_>>().join(",");
        assert_eq!(parse_tags(&many), Err(TagProblem::TooMany));
    }
}

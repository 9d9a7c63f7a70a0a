//! Queries and writes for pages, translations and link cards.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::ExprTrait;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};

use super::entities::{cache_version, link, link_translation, page, page_translation, slug_redirect};
use crate::i18n::Lang;

pub type Page = page::Model;
pub type Translation = page_translation::Model;

/// Page layouts: how a page's text is framed.
pub mod layout {
    pub const HOME: &str = "home";
    pub const PAGE: &str = "page";
    pub const WORKING_GROUPS: &str = "working-groups";
    pub const DIRECTORY: &str = "directory";
    pub const ALL: [&str; 4] = [HOME, PAGE, WORKING_GROUPS, DIRECTORY];
}

/// Page statuses.
pub mod page_status {
    /// Seen only by the core group.
    pub const DRAFT: &str = "draft";
    /// Waiting for its `published_at`; the job worker publishes it then.
    pub const SCHEDULED: &str = "scheduled";
    /// On the public site.
    pub const PUBLISHED: &str = "published";
}

/// What a page is: lasting, or dated news.
pub mod kind {
    pub const PAGE: &str = "page";
    pub const ARTICLE: &str = "article";
}

/// The articles' section in each language: `/es/articulos`, `/en/articles`.
pub fn articles_path(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => "/es/articulos",
        Lang::En => "/en/articles",
    }
}

/// Translation statuses.
pub mod status {
    /// Up to date with the source language.
    pub const CURRENT: &str = "current";
    /// The source changed after this translation was written.
    pub const OUTDATED: &str = "outdated";
    /// Not written yet: visitors see the source language with a notice.
    pub const MISSING: &str = "missing";
}

const CACHE_ROW: i32 = 1;

/// Creates the cache version row if it is not there (idempotent, safe on several nodes).
pub async fn ensure_cache_version(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let row = cache_version::ActiveModel { id: Set(CACHE_ROW), version: Set(1), changed_at: Set(Utc::now()) };
    let insert = cache_version::Entity::insert(row)
        .on_conflict(OnConflict::column(cache_version::Column::Id).do_nothing().to_owned())
        .exec_without_returning(db)
        .await;
    match insert {
        Ok(_) | Err(DbErr::RecordNotInserted) => Ok(()),
        Err(e) => Err(e),
    }
}

/// The content version and when it last changed.
pub async fn cache_version(db: &impl ConnectionTrait) -> Result<(i64, DateTime<Utc>), DbErr> {
    let row = cache_version::Entity::find_by_id(CACHE_ROW).one(db).await?;
    Ok(row.map_or((0, DateTime::<Utc>::MIN_UTC), |r| (r.version, r.changed_at)))
}

/// Records that content changed, so every node's page cache starts over.
pub async fn touch(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    cache_version::Entity::update_many()
        .col_expr(cache_version::Column::Version, Expr::col(cache_version::Column::Version).add(1))
        .col_expr(cache_version::Column::ChangedAt, Expr::value(Utc::now()))
        .filter(cache_version::Column::Id.eq(CACHE_ROW))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn page(db: &impl ConnectionTrait, id: i64) -> Result<Option<Page>, DbErr> {
    page::Entity::find_by_id(id).one(db).await
}

pub async fn page_by_key(db: &impl ConnectionTrait, organization_id: i64, key: &str) -> Result<Option<Page>, DbErr> {
    page::Entity::find()
        .filter(page::Column::OrganizationId.eq(organization_id))
        .filter(page::Column::Key.eq(key))
        .one(db)
        .await
}

/// The translation with this slug in this language, if any.
pub async fn translation_by_slug(
    db: &impl ConnectionTrait,
    organization_id: i64,
    lang: Lang,
    slug: &str,
) -> Result<Option<Translation>, DbErr> {
    page_translation::Entity::find()
        .filter(page_translation::Column::OrganizationId.eq(organization_id))
        .filter(page_translation::Column::Language.eq(lang.code()))
        .filter(page_translation::Column::Slug.eq(slug))
        .one(db)
        .await
}

/// Every translation of a page (at most one per language).
pub async fn translations(db: &impl ConnectionTrait, page_id: i64) -> Result<Vec<Translation>, DbErr> {
    page_translation::Entity::find().filter(page_translation::Column::PageId.eq(page_id)).all(db).await
}

/// The URL path of a page in the language of `translation`.
pub fn path_of(page: &Page, translation: &Translation) -> String {
    if page.layout == layout::HOME {
        format!("/{}/", translation.language)
    } else if page.kind == kind::ARTICLE {
        let lang = Lang::from_code(&translation.language).unwrap_or(Lang::En);
        format!("{}/{}", articles_path(lang), translation.slug)
    } else {
        format!("/{}/{}", translation.language, translation.slug)
    }
}

/// A language version of a page with text of its own: what search engines are pointed at.
#[derive(Clone, Debug)]
pub struct Version {
    pub lang: Lang,
    pub path: String,
    pub updated_at: DateTime<Utc>,
}

/// The versions of a page, in [`Lang::ALL`] order. A `missing` translation has no text of its
/// own (visitors get the other language's), so it is left out.
pub fn versions(page: &Page, translations: &[Translation]) -> Vec<Version> {
    Lang::ALL
        .iter()
        .filter_map(|&lang| {
            let translation = translations.iter().find(|t| t.language == lang.code() && t.status != status::MISSING)?;
            Some(Version { lang, path: path_of(page, translation), updated_at: translation.updated_at })
        })
        .collect()
}

/// A `hreflang` alternate: a language version of a page, or `x-default`.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Alternate {
    pub hreflang: &'static str,
    /// Absolute URL.
    pub href: String,
}

/// One alternate per version under `origin`, then `x-default`: the version in the
/// organization's `default` language, else the only one there is.
pub fn alternates(origin: &str, versions: &[Version], default: Lang) -> Vec<Alternate> {
    let fallback = versions.iter().find(|v| v.lang == default).or(versions.first());
    versions
        .iter()
        .map(|v| (v.lang.code(), v))
        .chain(fallback.map(|v| ("x-default", v)))
        .map(|(hreflang, v)| Alternate { hreflang, href: format!("{origin}{}", v.path) })
        .collect()
}

/// The versions of every published page of an organization, pages in creation order.
pub async fn sitemap(db: &impl ConnectionTrait, organization_id: i64) -> Result<Vec<Vec<Version>>, DbErr> {
    let pages = page::Entity::find()
        .filter(page::Column::OrganizationId.eq(organization_id))
        .filter(page::Column::Status.eq(page_status::PUBLISHED))
        .order_by_asc(page::Column::Id)
        .all(db)
        .await?;
    let mut by_page: HashMap<i64, Vec<Translation>> = HashMap::new();
    for translation in page_translation::Entity::find()
        .filter(page_translation::Column::OrganizationId.eq(organization_id))
        .all(db)
        .await?
    {
        by_page.entry(translation.page_id).or_default().push(translation);
    }
    Ok(pages
        .iter()
        .filter_map(|page| {
            let versions = versions(page, by_page.get(&page.id)?);
            (!versions.is_empty()).then_some(versions)
        })
        .collect())
}

/// The address of every translation of an organization's published pages, home pages included.
/// A `missing` translation has its address too: there visitors read the other language.
pub async fn published_paths(db: &impl ConnectionTrait, organization_id: i64) -> Result<Vec<String>, DbErr> {
    let pages = page::Entity::find()
        .filter(page::Column::OrganizationId.eq(organization_id))
        .filter(page::Column::Status.eq(page_status::PUBLISHED))
        .order_by_asc(page::Column::Id)
        .all(db)
        .await?;
    let translations = page_translation::Entity::find()
        .filter(page_translation::Column::OrganizationId.eq(organization_id))
        .order_by_asc(page_translation::Column::Id)
        .all(db)
        .await?;
    Ok(pages
        .iter()
        .flat_map(|page| translations.iter().filter(|t| t.page_id == page.id).map(|t| path_of(page, t)))
        .collect())
}

/// The addresses pages of an organization had before their slugs changed (each answers with a
/// redirect to the page's current address).
pub async fn old_paths(db: &impl ConnectionTrait, organization_id: i64) -> Result<Vec<String>, DbErr> {
    let redirects = slug_redirect::Entity::find()
        .filter(slug_redirect::Column::OrganizationId.eq(organization_id))
        .order_by_asc(slug_redirect::Column::Id)
        .all(db)
        .await?;
    Ok(redirects.iter().map(|r| format!("/{}/{}", r.language, r.slug)).collect())
}

/// A card linking to writing published elsewhere.
#[derive(Clone, Debug, serde::Serialize)]
pub struct LinkCard {
    pub url: String,
    pub title: String,
    pub source: String,
    /// The language the card's text is in, when it is not the page's.
    pub lang: Option<&'static str>,
}

/// The link cards of an organization in `lang` (falling back to the other language).
pub async fn links(db: &impl ConnectionTrait, organization_id: i64, lang: Lang) -> Result<Vec<LinkCard>, DbErr> {
    let links = link::Entity::find()
        .filter(link::Column::OrganizationId.eq(organization_id))
        .order_by_asc(link::Column::Position)
        .all(db)
        .await?;
    let translations = link_translation::Entity::find()
        .filter(link_translation::Column::OrganizationId.eq(organization_id))
        .all(db)
        .await?;
    Ok(links
        .iter()
        .filter_map(|link| {
            let in_lang = |l: Lang| {
                translations
                    .iter()
                    .find(|t| t.link_id == link.id && t.language == l.code() && t.status != status::MISSING)
            };
            let (text, shown) = match in_lang(lang) {
                Some(t) => (t, lang),
                None => (in_lang(lang.other())?, lang.other()),
            };
            Some(LinkCard {
                url: link.url.clone(),
                title: text.title.clone(),
                source: text.source.clone(),
                lang: (shown != lang).then_some(shown.code()),
            })
        })
        .collect())
}

/// The title and address, in `lang`, of a working group's published page.
pub async fn working_group_link(
    db: &impl ConnectionTrait,
    organization_id: i64,
    group_id: i64,
    lang: Lang,
) -> Result<Option<(String, String)>, DbErr> {
    use crate::organizations::entities::working_group;
    let Some(group) = working_group::Entity::find_by_id(group_id).one(db).await? else {
        return Ok(None);
    };
    let Some(page) = page(db, group.page_id).await?.filter(|p| p.status == page_status::PUBLISHED) else {
        return Ok(None);
    };
    if group.organization_id != organization_id {
        return Ok(None);
    }
    let translations = translations(db, page.id).await?;
    let Some(own) = translations.iter().find(|t| t.language == lang.code()) else {
        return Ok(None);
    };
    let shown = if own.status == status::MISSING {
        translations.iter().find(|t| t.language != lang.code()).unwrap_or(own)
    } else {
        own
    };
    Ok(Some((shown.title.clone(), path_of(&page, own))))
}

/// Every working group an organization presents, with its title in `lang`, for choosing one.
pub async fn working_group_choices(
    db: &impl ConnectionTrait,
    organization_id: i64,
    lang: Lang,
) -> Result<Vec<(i64, String)>, DbErr> {
    use crate::organizations::entities::working_group;
    let groups = working_group::Entity::find()
        .filter(working_group::Column::OrganizationId.eq(organization_id))
        .order_by_asc(working_group::Column::Position)
        .all(db)
        .await?;
    let mut choices = Vec::with_capacity(groups.len());
    for group in groups {
        let translations = translations(db, group.page_id).await?;
        let title = translations
            .iter()
            .find(|t| t.language == lang.code() && !t.title.is_empty())
            .or_else(|| translations.iter().find(|t| !t.title.is_empty()))
            .map(|t| t.title.clone())
            .unwrap_or_default();
        choices.push((group.id, title));
    }
    Ok(choices)
}

/// A working group as listed on the working groups page.
#[derive(Clone, Debug, serde::Serialize)]
pub struct GroupCard {
    pub title: String,
    pub summary: String,
    pub path: String,
}

/// The working groups an organization presents, each with its page in `lang`.
pub async fn working_groups(
    db: &impl ConnectionTrait,
    organization_id: i64,
    lang: Lang,
) -> Result<Vec<GroupCard>, DbErr> {
    use crate::organizations::entities::working_group;
    let groups = working_group::Entity::find()
        .filter(working_group::Column::OrganizationId.eq(organization_id))
        .order_by_asc(working_group::Column::Position)
        .all(db)
        .await?;
    let mut cards = Vec::with_capacity(groups.len());
    for group in groups {
        // A draft group page stays off the list until it is published.
        let Some(page) = page(db, group.page_id).await?.filter(|p| p.status == page_status::PUBLISHED) else {
            continue;
        };
        let translations = translations(db, page.id).await?;
        let Some(translation) = translations.iter().find(|t| t.language == lang.code()) else {
            continue;
        };
        let shown = if translation.status == status::MISSING {
            translations.iter().find(|t| t.language != lang.code()).unwrap_or(translation)
        } else {
            translation
        };
        cards.push(GroupCard {
            title: shown.title.clone(),
            summary: shown.summary.clone(),
            path: path_of(&page, translation),
        });
    }
    Ok(cards)
}

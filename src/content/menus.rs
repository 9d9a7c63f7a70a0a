//! The navigation of each organization, per language, as the core group arranges it: pages
//! (by id, so a page's current slug is used), the articles section, or addresses.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter, QueryOrder, Set,
    Statement,
};
use serde::Serialize;

use super::entities::{menu_item, page, page_translation};
use super::model::{layout, page_status, path_of};
use crate::i18n::Lang;

/// What a menu item points at.
pub mod kind {
    /// A page of the site, by id.
    pub const PAGE: &str = "page";
    /// The articles index (`/es/articulos`, `/en/articles`).
    pub const ARTICLES: &str = "articles";
    /// The events list (`/es/eventos`, `/en/events`).
    pub const EVENTS: &str = "events";
    /// An address: `http(s)://…` or a path of this site.
    pub const URL: &str = "url";
}

/// Longest label accepted, in characters.
pub const MAX_LABEL: usize = 60;
/// Longest address accepted, in bytes.
pub const MAX_URL: usize = 500;

pub type Item = menu_item::Model;

/// The path of the articles index in `lang`.
pub fn articles_path(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => "/es/articulos",
        Lang::En => "/en/articles",
    }
}

/// Whether `url` may be a menu item's address: `http://` or `https://` and a host, or a path
/// of this site (`/…`, not `//…`). Anything else (`javascript:`, `data:`, …) is refused.
pub fn valid_url(url: &str) -> bool {
    if url.len() > MAX_URL || url.chars().any(|c| c.is_whitespace() || c.is_control() || c == '\\') {
        return false;
    }
    if let Some(path) = url.strip_prefix('/') {
        return !path.starts_with('/');
    }
    let lower = url.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or_default();
        !host.is_empty() && !host.starts_with('.') && !host.contains('@')
    })
}

/// One entry of the public navigation.
#[derive(Clone, Debug, Serialize)]
pub struct Link {
    /// The text; `None` for the home page, shown as "Home" in the visitor's language.
    pub label: Option<String>,
    pub path: String,
    /// Leads to another site.
    pub external: bool,
}

/// Every item of an organization's menu in `lang`, in order.
pub async fn items(db: &impl ConnectionTrait, organization_id: i64, lang: Lang) -> Result<Vec<Item>, DbErr> {
    menu_item::Entity::find()
        .filter(menu_item::Column::OrganizationId.eq(organization_id))
        .filter(menu_item::Column::Language.eq(lang.code()))
        .order_by_asc(menu_item::Column::Position)
        .order_by_asc(menu_item::Column::Id)
        .all(db)
        .await
}

/// A menu item with what it points at, for the public menu and the menus page.
#[derive(Clone, Debug, Serialize)]
pub struct Resolved {
    pub id: i64,
    pub kind: String,
    /// The label as stored (empty: the page's title).
    pub label: String,
    /// The text shown: the label, else the page's title; `None` for an unlabelled home page.
    pub shown: Option<String>,
    pub path: String,
    /// The page is a draft: the item stays out of the public menu until it is published.
    pub draft: bool,
    /// For page items: the page's title in the menu's language.
    pub page_title: Option<String>,
}

/// The items of a menu with their targets; items whose page has no translation are dropped.
pub async fn resolved(db: &impl ConnectionTrait, organization_id: i64, lang: Lang) -> Result<Vec<Resolved>, DbErr> {
    let items = items(db, organization_id, lang).await?;
    let page_ids: Vec<i64> = items.iter().filter_map(|i| i.page_id).collect();
    let pages = page::Entity::find().filter(page::Column::Id.is_in(page_ids.clone())).all(db).await?;
    // Only these pages' translations in this language: the menu is on every page.
    let translations = page_translation::Entity::find()
        .filter(page_translation::Column::Language.eq(lang.code()))
        .filter(page_translation::Column::PageId.is_in(page_ids))
        .all(db)
        .await?;
    Ok(items
        .into_iter()
        .filter_map(|item| {
            let label = item.label.clone().filter(|l| !l.is_empty());
            let (path, draft, page_title, is_home) = match item.target_kind.as_str() {
                kind::PAGE => {
                    let page = pages.iter().find(|p| Some(p.id) == item.page_id)?;
                    let translation = translations.iter().find(|t| t.page_id == page.id)?;
                    (
                        path_of(page, translation),
                        page.status != page_status::PUBLISHED,
                        Some(translation.title.clone()),
                        page.layout == layout::HOME,
                    )
                }
                kind::ARTICLES => (articles_path(lang).to_owned(), false, None, false),
                kind::EVENTS => (crate::events::paths::list(lang).to_owned(), false, None, false),
                _ => (item.url.clone()?, false, None, false),
            };
            let shown = label.clone().or_else(|| if is_home { None } else { page_title.clone() });
            Some(Resolved {
                id: item.id,
                kind: item.target_kind,
                label: label.unwrap_or_default(),
                shown,
                path,
                draft,
                page_title,
            })
        })
        .collect())
}

/// The public navigation in `lang`: drafts left out.
pub async fn public_menu(db: &impl ConnectionTrait, organization_id: i64, lang: Lang) -> Result<Vec<Link>, DbErr> {
    Ok(resolved(db, organization_id, lang)
        .await?
        .into_iter()
        .filter(|r| !r.draft)
        .map(|r| Link { external: !r.path.starts_with('/'), label: r.shown, path: r.path })
        .collect())
}

/// A new item's target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Page(i64),
    Articles,
    Events,
    Url(String),
}

/// Adds an item at the end of a menu.
pub async fn add(
    db: &impl ConnectionTrait,
    organization_id: i64,
    lang: Lang,
    label: Option<String>,
    target: Target,
) -> Result<Item, DbErr> {
    let position = items(db, organization_id, lang).await?.last().map_or(0, |i| i.position + 1);
    let (target_kind, page_id, url) = match target {
        Target::Page(id) => (kind::PAGE, Some(id), None),
        Target::Articles => (kind::ARTICLES, None, None),
        Target::Events => (kind::EVENTS, None, None),
        Target::Url(url) => (kind::URL, None, Some(url)),
    };
    let now = Utc::now();
    menu_item::ActiveModel {
        organization_id: Set(organization_id),
        language: Set(lang.code().to_owned()),
        position: Set(position),
        label: Set(label),
        target_kind: Set(target_kind.to_owned()),
        page_id: Set(page_id),
        url: Set(url),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// An item of an organization's menus.
pub async fn item(db: &impl ConnectionTrait, organization_id: i64, id: i64) -> Result<Option<Item>, DbErr> {
    menu_item::Entity::find_by_id(id).filter(menu_item::Column::OrganizationId.eq(organization_id)).one(db).await
}

/// Sets an item's label (`None`: the page's title).
pub async fn rename(db: &impl ConnectionTrait, item: Item, label: Option<String>) -> Result<Item, DbErr> {
    let mut active: menu_item::ActiveModel = item.into();
    active.label = Set(label);
    active.updated_at = Set(Utc::now());
    active.update(db).await
}

/// Moves an item one place up (towards the start) or down; `false` when it is already at that end.
pub async fn move_item(db: &impl ConnectionTrait, item: &Item, up: bool) -> Result<bool, DbErr> {
    let lang = Lang::from_code(&item.language).unwrap_or(Lang::Es);
    let mut order = items(db, item.organization_id, lang).await?;
    let Some(at) = order.iter().position(|i| i.id == item.id) else {
        return Ok(false);
    };
    let other = if up { at.checked_sub(1) } else { Some(at + 1).filter(|o| *o < order.len()) };
    let Some(other) = other else {
        return Ok(false);
    };
    order.swap(at, other);
    renumber(db, order).await?;
    Ok(true)
}

/// Removes an item; the rest close ranks.
pub async fn remove(db: &impl ConnectionTrait, item: &Item) -> Result<(), DbErr> {
    menu_item::Entity::delete_by_id(item.id).exec(db).await?;
    let lang = Lang::from_code(&item.language).unwrap_or(Lang::Es);
    let order = items(db, item.organization_id, lang).await?;
    renumber(db, order).await
}

/// Writes positions 0, 1, 2… in the given order (only where they changed).
async fn renumber(db: &impl ConnectionTrait, order: Vec<Item>) -> Result<(), DbErr> {
    let now = Utc::now();
    for (position, item) in order.into_iter().enumerate() {
        let position = i32::try_from(position).unwrap_or(i32::MAX);
        if item.position != position {
            let mut active: menu_item::ActiveModel = item.into();
            active.position = Set(position);
            active.updated_at = Set(now);
            active.update(db).await?;
        }
    }
    Ok(())
}

/// Copies the navigation of `pages.menu_position` (before menus could be edited) into
/// `menu_items`, in both languages, keeping its order; the home page shows as "Home" as before.
/// Used once, by the migration that made menus; raw SQL so it does not depend on entities.
pub async fn copy_menu_positions(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let now = Utc::now();
    let (sql, values): (&str, Vec<sea_orm::Value>) = match backend {
        DbBackend::Postgres => (
            "INSERT INTO menu_items (organization_id, language, position, label, target_kind, page_id, url, \
             created_at, updated_at)
             SELECT p.organization_id, l.code, p.menu_position, NULL, 'page', p.id, NULL, $1, $1
             FROM pages p CROSS JOIN (SELECT 'es' AS code UNION ALL SELECT 'en') l
             WHERE p.menu_position IS NOT NULL ORDER BY p.organization_id, l.code, p.menu_position, p.id",
            vec![now.into()],
        ),
        _ => (
            "INSERT INTO menu_items (organization_id, language, position, label, target_kind, page_id, url, \
             created_at, updated_at)
             SELECT p.organization_id, l.code, p.menu_position, NULL, 'page', p.id, NULL, ?, ?
             FROM pages p CROSS JOIN (SELECT 'es' AS code UNION ALL SELECT 'en') l
             WHERE p.menu_position IS NOT NULL ORDER BY p.organization_id, l.code, p.menu_position, p.id",
            vec![now.into(), now.into()],
        ),
    };
    db.execute_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_and_paths_of_this_site() {
        for good in [
            "https://www.elsalvadorsolidarity.org/",
            "http://example.org",
            "/es/buscar?q=agua",
            "/en/",
            "HTTPS://Example.org/x#y",
        ] {
            assert!(valid_url(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>",
            "//evil.example/",
            "/\\evil.example",
            "https://",
            "https:///x",
            "https://user@evil.example",
            "ftp://example.org",
            "mailto:a@b.c",
            "example.org",
            "https://exa mple.org",
            "",
        ] {
            assert!(!valid_url(bad), "{bad}");
        }
    }
}

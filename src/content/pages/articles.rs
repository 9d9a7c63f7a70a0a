//! `GET /es/articulos`, `GET /en/articles`: the published articles, newest first, optionally
//! those with one tag (`?tag=`), twenty to a page (`?page=`).

use axum::Extension;
use axum::extract::{RawQuery, State};
use axum::http::Uri;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::SecondsFormat;
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::content::articles::{self, Filter};
use crate::content::model as content;
use crate::error::AppError;
use crate::i18n::{Lang, dates};
use crate::organizations::model::Organization;
use crate::web::cache::{Bypass, Cacheable};
use crate::web::layout::{Discovery, Layout, PageHead};
use crate::web::origin::Origin;
use crate::web::{CurrentOrganization, PathLang};

#[derive(Serialize)]
struct ArticlesPage {
    #[serde(flatten)]
    layout: Layout,
    heading: String,
    tag: Option<String>,
    cards: Vec<Card>,
    newer_path: Option<String>,
    older_path: Option<String>,
}

/// One article in a list.
#[derive(Serialize)]
pub struct Card {
    title: String,
    summary: String,
    path: String,
    date: String,
    datetime: String,
    author: String,
    /// The language the card's text is in, when it is not the page's.
    lang: Option<String>,
}

#[derive(Default, Deserialize)]
struct Query {
    #[serde(default)]
    tag: Option<String>,
    #[serde(default)]
    page: Option<String>,
}

pub async fn index(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    uri: Uri,
    RawQuery(raw): RawQuery,
    exporting: Option<Extension<Bypass>>,
) -> Result<Response, AppError> {
    let section = content::articles_path(lang);
    if uri.path() != section {
        // `/es/articles` (the English section under Spanish) and the like.
        let query = raw.map(|q| format!("?{q}")).unwrap_or_default();
        return Ok(Redirect::permanent(&format!("{section}{query}")).into_response());
    }
    let query: Query = serde_urlencoded::from_str(raw.as_deref().unwrap_or_default()).unwrap_or_default();
    let tag = query.tag.map(|t| t.trim().chars().take(80).collect::<String>()).filter(|t| !t.is_empty());
    // Anything that is not a page number is the first page.
    let number = query.page.and_then(|p| p.parse::<u64>().ok()).filter(|n| (1..=10_000).contains(n)).unwrap_or(1);
    let filter = Filter { tag: tag.clone(), working_group_id: None };
    let (listed, more) = articles::published(&state.db, organization.id, lang, &filter, number).await?;
    let cards = cards(&organization, lang, listed);
    let tag_filter = tag.clone();
    let address = |section: &str, n: u64| {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(tag) = &tag_filter {
            pairs.push(("tag", tag.clone()));
        }
        if n > 1 {
            pairs.push(("page", n.to_string()));
        }
        if pairs.is_empty() {
            section.to_owned()
        } else {
            format!("{section}?{}", serde_urlencoded::to_string(&pairs).unwrap_or_default())
        }
    };
    let page_path = |n: u64| address(section, n);
    let path = page_path(number);
    let heading = state.catalog.text(lang, "content-articles-title", None);
    let discovery = Discovery {
        url: origin.url(&path),
        alternates: content::alternates(origin.as_str(), &section_versions(), lang),
        locale: lang.og_locale(),
        alternate_locale: Some(lang.other().og_locale()),
        published_time: None,
        image: None,
    };
    let head = PageHead {
        lang,
        path: path.clone(),
        // The same list in the other language: same tag, same page.
        alternate_path: address(content::articles_path(lang.other()), number),
        title: heading.clone(),
        description: String::new(),
        discovery,
    };
    let mut layout = Layout::load(&state, &organization, head).await?;
    if exporting.is_some() {
        layout.for_static_host();
    }
    let plain = raw.as_deref().is_none_or(str::is_empty);
    let page = ArticlesPage {
        layout,
        heading,
        tag,
        cards,
        newer_path: (number > 1).then(|| page_path(number - 1)),
        older_path: more.then(|| page_path(number + 1)),
    };
    let mut response = Html(state.renderer.render("content/articles.html", &page)?).into_response();
    // Only the plain list is kept in the page cache: a query is the visitor's own.
    if plain {
        response.extensions_mut().insert(Cacheable);
    }
    Ok(response)
}

/// The list in both languages, for `hreflang`.
fn section_versions() -> Vec<content::Version> {
    Lang::ALL
        .iter()
        .map(|&l| content::Version {
            lang: l,
            path: content::articles_path(l).to_owned(),
            updated_at: chrono::DateTime::<chrono::Utc>::MIN_UTC,
        })
        .collect()
}

/// Cards for articles in `lang`, dated in the organization's zone.
pub fn cards(organization: &Organization, lang: Lang, listed: Vec<articles::Listed>) -> Vec<Card> {
    let zone = dates::zone(&organization.time_zone);
    listed
        .into_iter()
        .map(|a| {
            let at = a.page.published_at.unwrap_or(a.page.created_at);
            Card {
                title: a.shown.title.clone(),
                summary: a.shown.summary.clone(),
                path: content::path_of(&a.page, &a.own),
                date: dates::long_date(lang, at, &zone),
                datetime: at.to_rfc3339_opts(SecondsFormat::Secs, true),
                author: a.page.author_name.clone(),
                lang: (a.shown.language != lang.code()).then(|| a.shown.language.clone()),
            }
        })
        .collect()
}

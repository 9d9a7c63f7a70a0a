//! `GET /es/articulos/feed.xml`, `GET /en/articles/feed.xml`: the newest articles written in
//! the language, as an Atom feed (RFC 4287) with their whole text.

use axum::extract::State;
use axum::http::{Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Datelike, SecondsFormat, Utc};
use fluent_bundle::FluentArgs;
use serde::Serialize;

use crate::app::AppState;
use crate::content::articles;
use crate::content::model as content;
use crate::error::AppError;
use crate::media::embed;
use crate::web::origin::Origin;
use crate::web::{CurrentOrganization, PathLang};

/// Context of `templates/content/feed.xml`.
#[derive(Serialize)]
struct Feed {
    lang: &'static str,
    id: String,
    title: String,
    updated: String,
    self_url: String,
    site_url: String,
    organization: String,
    entries: Vec<Entry>,
}

#[derive(Serialize)]
struct Entry {
    id: String,
    title: String,
    url: String,
    published: String,
    updated: String,
    author: String,
    tags: Vec<String>,
    summary: String,
    /// The article's HTML (escaped once more by the template, as `type="html"` wants).
    content: String,
}

pub async fn show(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    uri: Uri,
) -> Result<Response, AppError> {
    let section = content::articles_path(lang);
    let self_path = format!("{section}/feed.xml");
    if uri.path() != self_path {
        return Ok(Redirect::permanent(&self_path).into_response());
    }
    let listed = articles::feed(&state.db, organization.id, lang).await?;
    // A feed's and its entries' ids must never change: they name the site and the article,
    // not an address (a slug may change).
    let host =
        origin.as_str().split("://").nth(1).unwrap_or("localhost").split(['/', ':']).next().unwrap_or("localhost");
    let tag = |at: DateTime<Utc>, what: &str| format!("tag:{host},{}:{what}", at.year());
    let stamp = |at: DateTime<Utc>| at.to_rfc3339_opts(SecondsFormat::Secs, true);
    let updated = listed.iter().map(|a| a.shown.updated_at.max(a.page.published_at.unwrap_or(a.page.created_at))).max();
    let mut entries = Vec::with_capacity(listed.len());
    for a in &listed {
        let cached = state.markdown.html(a.shown.id, a.shown.updated_at, &a.shown.body);
        let content = embed::expand(&state.db, organization.id, lang, &cached).await?;
        let published = a.page.published_at.unwrap_or(a.page.created_at);
        entries.push(Entry {
            id: tag(a.page.created_at, &format!("article-{}-{}", a.page.id, lang.code())),
            title: a.shown.title.clone(),
            url: origin.url(&content::path_of(&a.page, &a.own)),
            published: stamp(published),
            updated: stamp(a.shown.updated_at.max(published)),
            author: a.page.author_name.clone(),
            tags: a.tags.clone(),
            summary: a.shown.summary.clone(),
            content,
        });
    }
    let mut args = FluentArgs::new();
    args.set("organization", organization.name.clone());
    let feed = Feed {
        lang: lang.code(),
        id: tag(organization.created_at, &format!("articles-{}", lang.code())),
        title: state.catalog.text(lang, "content-feed-title", Some(&args)),
        updated: stamp(updated.unwrap_or(organization.created_at)),
        self_url: origin.url(&self_path),
        site_url: origin.url(section),
        organization: organization.name.clone(),
        entries,
    };
    let xml = state.renderer.render("content/feed.xml", &feed)?;
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=600")],
        xml,
    )
        .into_response())
}

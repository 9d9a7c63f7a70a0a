//! `GET /es/buscar?q=…` and `GET /en/search?q=…`: the pages of the site that match a query.

use axum::extract::{RawQuery, State};
use axum::response::{Html, IntoResponse, Response};
use fluent_bundle::FluentArgs;
use serde::Serialize;

use crate::app::AppState;
use crate::error::AppError;
use crate::search::{self, Hit};
use crate::web::cache::Cacheable;
use crate::web::layout::{Discovery, Layout, PageHead};
use crate::web::origin::Origin;
use crate::web::{CurrentOrganization, PathLang};

/// More than a committee's site has pages on any one subject.
const MAX_HITS: u64 = 30;

#[derive(Serialize)]
struct SearchPage {
    #[serde(flatten)]
    layout: Layout,
    /// What the visitor asked for, as shown back in the search field.
    query: String,
    hits: Vec<Hit>,
}

pub async fn show(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let query = query_text(raw.as_deref());
    let hits = if query.is_empty() {
        Vec::new()
    } else {
        search::query(&state.db, organization.id, lang, &query, MAX_HITS).await?
    };
    let title = if query.is_empty() {
        state.catalog.text(lang, "content-search-title", None)
    } else {
        let mut args = FluentArgs::new();
        args.set("query", query.clone());
        state.catalog.text(lang, "content-search-results-title", Some(&args))
    };
    let with_query = |path: &str| {
        if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{}", serde_urlencoded::to_string([("q", &query)]).unwrap_or_default())
        }
    };
    let path = with_query(search::path(lang));
    // Results pages are `noindex`: no alternates to announce.
    let discovery = Discovery {
        url: origin.url(&path),
        alternates: Vec::new(),
        locale: lang.og_locale(),
        alternate_locale: None,
        published_time: None,
        image: None,
    };
    let head = PageHead {
        lang,
        path,
        alternate_path: with_query(search::path(lang.other())),
        title,
        description: String::new(),
        discovery,
    };
    let layout = Layout::load(&state, &organization, head).await?;
    let cacheable = query.is_empty();
    let html = state.renderer.render("content/search.html", &SearchPage { layout, query, hits })?;
    let mut response = Html(html).into_response();
    if cacheable {
        response.extensions_mut().insert(Cacheable);
    }
    Ok(response)
}

/// The `q` parameter, never an error: a repeated `q` counts once, bytes that are not UTF-8
/// become U+FFFD, control characters go, and the text is cut at the longest query searched.
fn query_text(raw: Option<&str>) -> String {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or_default()).unwrap_or_default();
    let q = pairs.into_iter().find(|(name, _)| name == "q").map(|(_, value)| value).unwrap_or_default();
    let q: String = q.chars().filter(|c| !c.is_control()).take(search::MAX_QUERY_CHARS).collect();
    q.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::query_text;

    #[test]
    fn the_query_parameter() {
        assert_eq!(query_text(Some("q=misi%C3%B3n+de&lang=x")), "misión de");
        assert_eq!(query_text(Some("q=a&q=b")), "a");
        assert_eq!(query_text(Some("q=%FF%00x%0A%20y")), "\u{FFFD}x y");
        assert_eq!(query_text(Some("q=%zz")), "%zz");
        assert_eq!(query_text(None), "");
        assert_eq!(query_text(Some(&format!("q={}", "a".repeat(10_000)))).len(), 200);
    }
}

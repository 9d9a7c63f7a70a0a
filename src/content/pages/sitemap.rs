//! `GET /sitemap.xml`: every page of the organization, in each language it is written in.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::SecondsFormat;
use serde::Serialize;

use crate::app::AppState;
use crate::content::model::{self as content, Alternate};
use crate::error::AppError;
use crate::organizations::model as organizations;
use crate::web::CurrentOrganization;
use crate::web::origin::Origin;

/// Context of `templates/content/sitemap.xml`.
#[derive(Serialize)]
struct Sitemap {
    urls: Vec<Url>,
}

#[derive(Serialize)]
struct Url {
    loc: String,
    /// W3C datetime of the translation's last save.
    lastmod: String,
    alternates: Vec<Alternate>,
}

/// The sitemaps.org `urlset`, with `xhtml:link` alternates between the language versions.
pub async fn show(
    State(state): State<AppState>,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
) -> Result<Response, AppError> {
    let default = organizations::default_lang(&organization);
    let mut urls = Vec::new();
    for versions in content::sitemap(&state.db, organization.id).await? {
        let alternates = content::alternates(origin.as_str(), &versions, default);
        urls.extend(versions.iter().map(|version| Url {
            loc: origin.url(&version.path),
            lastmod: version.updated_at.to_rfc3339_opts(SecondsFormat::Secs, true),
            alternates: alternates.clone(),
        }));
    }
    let xml = state.renderer.render("content/sitemap.xml", &Sitemap { urls })?;
    Ok((
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        xml,
    )
        .into_response())
}

//! `GET /{lang}/` and `GET /{lang}/{slug}`: a content page in the visitor's language.

use std::sync::Arc;

use axum::Extension;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Serialize;

use crate::app::AppState;
use crate::content::model::{self as content, GroupCard, LinkCard, Page, Translation, layout, page_status, status};
use crate::content::studio;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::organizations::model::{self as organizations, Organization, Pairing};
use crate::web::cache::{Bypass, Cacheable};
use crate::web::layout::{Discovery, Layout, PageHead};
use crate::web::origin::Origin;
use crate::web::{CurrentOrganization, PathLang};

/// The longest slug a URL may carry; anything longer cannot exist.
const MAX_SLUG: usize = 200;

pub async fn home(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    exporting: Option<Extension<Bypass>>,
) -> Result<Response, AppError> {
    let page = content::page_by_key(&state.db, organization.id, "home").await?.ok_or(AppError::NotFound)?;
    render(&state, &organization, &origin, lang, page, exporting.is_some()).await
}

pub async fn page(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    uri: Uri,
    exporting: Option<Extension<Bypass>>,
) -> Result<Response, AppError> {
    // The raw path, not a decoded one: a valid slug has nothing to decode, so any
    // percent-escape simply finds no page.
    let slug = uri.path().get(4..).unwrap_or_default();
    if let Some(trimmed) = slug.strip_suffix('/').filter(|s| is_valid_slug(s)) {
        return Ok(Redirect::permanent(&format!("/{}/{trimmed}", lang.code())).into_response());
    }
    if !is_valid_slug(slug) {
        return Err(AppError::NotFound);
    }
    if let Some(translation) = content::translation_by_slug(&state.db, organization.id, lang, slug).await? {
        let page = content::page(&state.db, translation.page_id)
            .await?
            .filter(|p| p.status == page_status::PUBLISHED)
            .ok_or(AppError::NotFound)?;
        if page.layout == layout::HOME {
            return Ok(Redirect::permanent(&format!("/{}/", lang.code())).into_response());
        }
        return render(&state, &organization, &origin, lang, page, exporting.is_some()).await;
    }
    // A slug the page had before it was renamed.
    if let Some(path) = studio::redirect_for(&state.db, organization.id, lang, slug).await? {
        return Ok(Redirect::permanent(&path).into_response());
    }
    // A slug of the other language under this prefix (someone edited the URL by hand):
    // send them to this language's version of the same page.
    if let Some(other) = content::translation_by_slug(&state.db, organization.id, lang.other(), slug).await? {
        let page = content::page(&state.db, other.page_id)
            .await?
            .filter(|p| p.status == page_status::PUBLISHED)
            .ok_or(AppError::NotFound)?;
        let translations = content::translations(&state.db, page.id).await?;
        if let Some(own) = translations.iter().find(|t| t.language == lang.code()) {
            return Ok(Redirect::permanent(&content::path_of(&page, own)).into_response());
        }
    }
    Err(AppError::NotFound)
}

/// Lower-case ASCII letters, digits, `-` and `/` between words.
fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= MAX_SLUG
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'/')
        && !slug.starts_with('/')
        && !slug.ends_with('/')
        && !slug.contains("//")
}

/// A notice above a page's text about its translation.
#[derive(Debug, Serialize)]
struct Notice {
    /// `missing` or `outdated`.
    kind: &'static str,
}

#[derive(Serialize)]
struct ShowPage {
    #[serde(flatten)]
    layout: Layout,
    heading: String,
    summary: String,
    body: String,
    /// The language the text is shown in, when it is not the page's.
    text_lang: Option<&'static str>,
    notice: Option<Notice>,
    links: Vec<LinkCard>,
    groups: Vec<GroupCard>,
    pairings: Vec<Pairing>,
}

async fn render(
    state: &AppState,
    organization: &Arc<Organization>,
    origin: &Origin,
    lang: Lang,
    page: Page,
    exporting: bool,
) -> Result<Response, AppError> {
    let translations = content::translations(&state.db, page.id).await?;
    let requested = translations.iter().find(|t| t.language == lang.code());
    let other = translations.iter().find(|t| t.language == lang.other().code());
    let (shown, notice) = match requested {
        Some(t) if t.status != status::MISSING => {
            let outdated = t.status == status::OUTDATED;
            (t, outdated.then_some(Notice { kind: "outdated" }))
        }
        _ => (other.ok_or(AppError::NotFound)?, Some(Notice { kind: "missing" })),
    };
    let path = match requested {
        Some(t) => content::path_of(&page, t),
        None if page.layout == layout::HOME => format!("/{}/", lang.code()),
        None => return Err(AppError::NotFound),
    };
    let alternate_path = other.map_or_else(|| format!("/{}/", lang.other().code()), |t| content::path_of(&page, t));
    let shown_lang = Lang::from_code(&shown.language).unwrap_or(lang);
    let text_lang = (shown_lang != lang).then_some(shown_lang.code());
    let body = state.markdown.html(shown.id, shown.updated_at, &shown.body).to_string();
    let versions = content::versions(&page, &translations);
    let discovery = Discovery {
        url: origin.url(&path),
        alternates: content::alternates(origin.as_str(), &versions, organizations::default_lang(organization)),
        locale: shown_lang.og_locale(),
        alternate_locale: versions.iter().map(|v| v.lang).find(|l| *l != shown_lang).map(Lang::og_locale),
    };
    let head =
        PageHead { lang, path, alternate_path, title: shown.title.clone(), description: description(shown), discovery };
    let mut layout = Layout::load(state, organization, head).await?;
    if exporting {
        // A static host cannot take the sign-up form: the exported footer does not offer it.
        layout.friends_path = None;
    }
    let links =
        if page.layout == layout::HOME { content::links(&state.db, organization.id, lang).await? } else { Vec::new() };
    let groups = if page.layout == layout::WORKING_GROUPS {
        content::working_groups(&state.db, organization.id, lang).await?
    } else {
        Vec::new()
    };
    let pairings = match (page.layout.as_str(), organizations::network_of(&state.db, organization).await?) {
        (layout::DIRECTORY, Some(network)) => organizations::directory(&state.db, network.id).await?,
        _ => Vec::new(),
    };
    let context = ShowPage {
        layout,
        heading: shown.title.clone(),
        summary: shown.summary.clone(),
        body,
        text_lang,
        notice,
        links,
        groups,
        pairings,
    };
    let template = match page.layout.as_str() {
        layout::HOME => "content/home.html",
        layout::WORKING_GROUPS => "content/working_groups.html",
        layout::DIRECTORY => "content/directory.html",
        _ => "content/show.html",
    };
    let html = state.renderer.render(template, &context)?;
    let mut response = Html(html).into_response();
    response.extensions_mut().insert(Cacheable);
    Ok(response)
}

fn description(translation: &Translation) -> String {
    if translation.summary.is_empty() {
        let text = hermana_markdown::to_plain_text(&translation.body);
        text.chars().take(160).collect()
    } else {
        translation.summary.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::is_valid_slug;

    #[test]
    fn slugs() {
        assert!(is_valid_slug("about-mascp"));
        assert!(is_valid_slug("working-groups/migration"));
        for bad in ["", "/x", "x/", "a//b", "Misión", "a b", "../etc", "x.html", &"a".repeat(201)] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
    }
}

//! `GET /{lang}/` and `GET /{lang}/{slug}`: a content page in the visitor's language.

use std::sync::Arc;

use axum::Extension;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Serialize;

use crate::app::AppState;
use crate::content::articles;
use crate::content::model::{
    self as content, GroupCard, LinkCard, Page, Translation, kind, layout, page_status, status,
};
use crate::content::studio;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::i18n::dates;
use crate::media::embed;
use crate::media::model as media;
use crate::media::process::Format;
use crate::organizations::model::{self as organizations, Organization, Pairing};
use crate::web::cache::{Bypass, Cacheable};
use crate::web::layout::{Discovery, Layout, OgImage, PageHead};
use crate::web::origin::Origin;
use crate::web::{CurrentOrganization, PathLang};

/// Articles the home page lists.
const LATEST_ON_HOME: u64 = 3;
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
        if page.layout == layout::HOME || page.kind == kind::ARTICLE {
            return Ok(Redirect::permanent(&content::path_of(&page, &translation)).into_response());
        }
        return render(&state, &organization, &origin, lang, page, exporting.is_some()).await;
    }
    elsewhere(&state, organization.id, lang, slug).await
}

/// `GET /es/articulos/{slug}`, `GET /en/articles/{slug}`: one article.
pub async fn article(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    origin: Origin,
    uri: Uri,
    exporting: Option<Extension<Bypass>>,
) -> Result<Response, AppError> {
    let section = content::articles_path(lang);
    let Some(slug) = uri.path().strip_prefix(section).and_then(|rest| rest.strip_prefix('/')) else {
        // The other language's section name under this language (`/es/articles/…`).
        let rest = uri.path().get(3..).unwrap_or_default();
        let other = content::articles_path(lang.other()).get(3..).unwrap_or_default();
        return match rest.strip_prefix(other) {
            Some(tail) => Ok(Redirect::permanent(&format!("{section}{tail}")).into_response()),
            None => Err(AppError::NotFound),
        };
    };
    if !is_valid_slug(slug) || slug.contains('/') {
        return Err(AppError::NotFound);
    }
    if let Some(translation) = content::translation_by_slug(&state.db, organization.id, lang, slug).await? {
        let page = content::page(&state.db, translation.page_id)
            .await?
            .filter(|p| p.status == page_status::PUBLISHED)
            .ok_or(AppError::NotFound)?;
        if page.kind != kind::ARTICLE {
            return Ok(Redirect::permanent(&content::path_of(&page, &translation)).into_response());
        }
        return render(&state, &organization, &origin, lang, page, exporting.is_some()).await;
    }
    elsewhere(&state, organization.id, lang, slug).await
}

/// Where a slug no page of this language has may still lead: the page that had it before it
/// was renamed, or, for a slug of the other language (someone edited the URL by hand), this
/// language's version of that page. Else not found.
async fn elsewhere(state: &AppState, organization_id: i64, lang: Lang, slug: &str) -> Result<Response, AppError> {
    if let Some(path) = studio::redirect_for(&state.db, organization_id, lang, slug).await? {
        return Ok(Redirect::permanent(&path).into_response());
    }
    if let Some(other) = content::translation_by_slug(&state.db, organization_id, lang.other(), slug).await? {
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
    article: Option<ArticleView>,
    /// The home page's newest articles.
    latest: Vec<super::articles::Card>,
}

/// What an article shows above its text.
#[derive(Serialize)]
pub struct ArticleView {
    /// "28 de noviembre de 2026", in the organization's time zone.
    pub date: String,
    /// The same moment for `<time datetime>`.
    pub datetime: String,
    pub author: String,
    pub tags: Vec<TagLink>,
    pub group: Option<GroupLink>,
}

/// A tag, linking to the articles that carry it.
#[derive(Serialize)]
pub struct TagLink {
    pub name: String,
    pub path: String,
}

/// The working group an article belongs to, linking to its page.
#[derive(Serialize)]
pub struct GroupLink {
    pub title: String,
    pub path: String,
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
    let cached = state.markdown.html(shown.id, shown.updated_at, &shown.body);
    let body = embed::expand(&state.db, organization.id, shown_lang, &cached).await?;
    let versions = content::versions(&page, &translations);
    let article =
        if page.kind == kind::ARTICLE { Some(article_view(state, organization, lang, &page).await?) } else { None };
    let discovery = Discovery {
        url: origin.url(&path),
        alternates: content::alternates(origin.as_str(), &versions, organizations::default_lang(organization)),
        locale: shown_lang.og_locale(),
        alternate_locale: versions.iter().map(|v| v.lang).find(|l| *l != shown_lang).map(Lang::og_locale),
        published_time: article.as_ref().map(|a| a.datetime.clone()),
        image: cover_image(state, organization.id, &page, origin, shown_lang).await?,
    };
    let head =
        PageHead { lang, path, alternate_path, title: shown.title.clone(), description: description(shown), discovery };
    let mut layout = Layout::load(state, organization, head).await?;
    if exporting {
        layout.for_static_host();
    }
    let links =
        if page.layout == layout::HOME { content::links(&state.db, organization.id, lang).await? } else { Vec::new() };
    let latest = if page.layout == layout::HOME {
        let listed = articles::latest(&state.db, organization.id, lang, LATEST_ON_HOME).await?;
        super::articles::cards(organization, lang, listed)
    } else {
        Vec::new()
    };
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
        article,
        latest,
    };
    let template = match page.layout.as_str() {
        _ if page.kind == kind::ARTICLE => "content/article.html",
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

async fn article_view(
    state: &AppState,
    organization: &Organization,
    lang: Lang,
    page: &Page,
) -> Result<ArticleView, AppError> {
    let zone = dates::zone(&organization.time_zone);
    let at = page.published_at.unwrap_or(page.created_at);
    let section = content::articles_path(lang);
    let tags = articles::tags_of(&state.db, &[page.id]).await?.remove(&page.id).unwrap_or_default();
    let tags = tags
        .into_iter()
        .map(|name| {
            let query = serde_urlencoded::to_string([("tag", &name)]).unwrap_or_default();
            TagLink { path: format!("{section}?{query}"), name }
        })
        .collect();
    let group = match page.working_group_id {
        Some(id) => content::working_group_link(&state.db, organization.id, id, lang).await?,
        None => None,
    };
    Ok(ArticleView {
        date: dates::long_date(lang, at, &zone),
        datetime: at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        author: page.author_name.clone(),
        tags,
        group: group.map(|(title, path)| GroupLink { title, path }),
    })
}

/// The page's cover for link previews: the widest JPEG, with its size and alt text.
async fn cover_image(
    state: &AppState,
    organization_id: i64,
    page: &Page,
    origin: &Origin,
    lang: Lang,
) -> Result<Option<OgImage>, AppError> {
    let Some(media) = (match page.cover_media_id {
        Some(id) => media::find(&state.db, organization_id, id).await?,
        None => None,
    }) else {
        return Ok(None);
    };
    let sizes = media::variant_sizes(&state.db, &[media.id]).await?;
    let Some(widest) = sizes.iter().filter(|v| v.format == Format::Jpeg.code()).max_by_key(|v| v.slot) else {
        return Ok(None);
    };
    Ok(Some(OgImage {
        url: origin.url(&embed::versioned_path(&media, widest.slot, Format::Jpeg)),
        width: widest.width,
        height: widest.height,
        alt: media::alt(&media, lang).to_owned(),
    }))
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

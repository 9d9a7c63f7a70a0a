//! Images in page text. An editor writes `![](media:12)` (the library gives the snippet);
//! `hermana-markdown` keeps it through the sanitizer as `<img src="media:12">`, and [`expand`]
//! turns it into a `<picture>` with the library's alt text in the page's language. An id the
//! library does not have (deleted, mistyped, another organization's) leaves nothing.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DbErr};

use super::model::{self, Media, VariantSize};
use super::process::Format;
use crate::i18n::Lang;

/// The address scheme of library images in Markdown.
pub const SCHEME: &str = "media";

/// The width the image takes: the text column (42rem), or the screen less its margins.
const SIZES: &str = "(min-width: 45rem) 42rem, calc(100vw - 2.5rem)";

/// The snippet an editor copies to put an image in a page.
pub fn snippet(media_id: i64) -> String {
    format!("![]({SCHEME}:{media_id})")
}

/// The address a page uses for a variant: the stable one plus the image's version, so that a
/// browser holding an old copy asks again after a replacement.
pub fn versioned_path(media: &Media, slot: i32, format: Format) -> String {
    format!("{}?v={}", model::path(media.id, slot, format), media.version)
}

/// Markdown as a page shows it: sanitized, with its library images (for previews; pages
/// keep the sanitized HTML in the Markdown cache and call [`expand`]).
pub async fn markdown_html(
    db: &impl ConnectionTrait,
    organization_id: i64,
    lang: Lang,
    markdown: &str,
) -> Result<String, DbErr> {
    expand(db, organization_id, lang, &hermana_markdown::to_safe_html_with_embeds(markdown, Some(SCHEME))).await
}

/// Sanitized page HTML with its library images as `<picture>` elements.
pub async fn expand(db: &impl ConnectionTrait, organization_id: i64, lang: Lang, html: &str) -> Result<String, DbErr> {
    let references = hermana_markdown::embeds(html, SCHEME);
    if references.is_empty() {
        return Ok(html.to_owned());
    }
    let ids: Vec<i64> = references.iter().filter_map(|r| r.parse().ok()).collect();
    let found = model::find_many(db, organization_id, &ids).await?;
    let sizes = model::variant_sizes(db, &ids).await?;
    let by_id: HashMap<i64, &Media> = found.iter().map(|m| (m.id, m)).collect();
    Ok(hermana_markdown::replace_embeds(html, SCHEME, |reference| {
        reference
            .parse::<i64>()
            .ok()
            .and_then(|id| by_id.get(&id))
            .map(|media| {
                let own: Vec<&VariantSize> = sizes.iter().filter(|v| v.media_id == media.id).collect();
                picture(media, &own, lang)
            })
            .unwrap_or_default()
    }))
}

/// `<picture>`: WebP when the image has it, JPEG for every browser, every width once.
pub fn picture(media: &Media, variants: &[&VariantSize], lang: Lang) -> String {
    let srcset = |format: Format| {
        let mut seen = Vec::new();
        let mut list = Vec::new();
        for v in variants.iter().filter(|v| v.format == format.code()) {
            if !seen.contains(&v.width) {
                seen.push(v.width);
                list.push(format!("{} {}w", versioned_path(media, v.slot, format), v.width));
            }
        }
        list.join(", ")
    };
    let Some(widest) = variants.iter().filter(|v| v.format == Format::Jpeg.code()).max_by_key(|v| v.slot) else {
        return String::new();
    };
    let middle = variants.iter().find(|v| v.slot == 960 && v.format == Format::Jpeg.code()).unwrap_or(widest);
    let webp = srcset(Format::Webp);
    let source = if webp.is_empty() {
        String::new()
    } else {
        format!(r#"<source type="image/webp" srcset="{webp}" sizes="{SIZES}">"#)
    };
    format!(
        r#"<picture>{source}<img src="{src}" srcset="{jpeg}" sizes="{SIZES}" width="{w}" height="{h}" loading="lazy" decoding="async" alt="{alt}"></picture>"#,
        src = versioned_path(media, middle.slot, Format::Jpeg),
        jpeg = srcset(Format::Jpeg),
        w = widest.width,
        h = widest.height,
        alt = escape(model::alt(media, lang)),
    )
}

/// Text for a double-quoted attribute value.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

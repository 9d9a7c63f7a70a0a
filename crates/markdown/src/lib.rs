//! Markdown to HTML that is safe to put in a page: no script, no event handler, no `javascript:`.

use pulldown_cmark::{Options, Parser, html};

/// Renders CommonMark (with tables and strikethrough) and passes the result through a
/// whitelist sanitizer. Links to other sites get `rel="noopener noreferrer"`.
pub fn to_safe_html(markdown: &str) -> String {
    to_safe_html_with_embeds(markdown, None)
}

/// Like [`to_safe_html`], but images whose address uses `embed_scheme` (`![](scheme:ref)`)
/// keep that address through the sanitizer, as placeholders for [`replace_embeds`].
pub fn to_safe_html_with_embeds(markdown: &str, embed_scheme: Option<&str>) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    let mut schemes: std::collections::HashSet<&str> = ["http", "https", "mailto", "tel"].into_iter().collect();
    schemes.extend(embed_scheme);
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .url_schemes(schemes)
        .clean(&unsafe_html)
        .to_string()
}

/// The references of the embeds in sanitized HTML: `ref` of each `<img src="scheme:ref">`.
pub fn embeds<'a>(html: &'a str, scheme: &str) -> Vec<&'a str> {
    img_tags(html, scheme).into_iter().map(|(_, reference)| reference).collect()
}

/// Replaces each `<img src="scheme:ref" …>` of sanitized HTML by `replace(ref)`, which the
/// caller builds (and escapes) itself; an empty string removes the image.
pub fn replace_embeds(html: &str, scheme: &str, mut replace: impl FnMut(&str) -> String) -> String {
    let mut out = String::with_capacity(html.len());
    let mut done = 0;
    for (range, reference) in img_tags(html, scheme) {
        out.push_str(&html[done..range.start]);
        out.push_str(&replace(reference));
        done = range.end;
    }
    out.push_str(&html[done..]);
    out
}

/// Each `<img>` tag whose `src` is `scheme:…`, with its byte range. The input is the
/// sanitizer's output, so attribute values are always double-quoted with `"` escaped.
fn img_tags<'a>(html: &'a str, scheme: &str) -> Vec<(std::ops::Range<usize>, &'a str)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = html[from..].find("<img ") {
        let start = from + offset;
        let Some(end) = tag_end(html, start) else { break };
        let tag = &html[start..end];
        let src = tag.find(" src=\"").map(|i| &tag[i + 6..]).and_then(|rest| rest.split('"').next());
        if let Some(reference) = src.and_then(|s| s.strip_prefix(scheme)).and_then(|s| s.strip_prefix(':')) {
            found.push((start..end, reference));
        }
        from = end;
    }
    found
}

/// The end of the tag starting at `start` (after its `>`), skipping quoted values.
fn tag_end(html: &str, start: usize) -> Option<usize> {
    let mut quoted = false;
    for (i, b) in html.bytes().enumerate().skip(start) {
        match b {
            b'"' => quoted = !quoted,
            b'>' if !quoted => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The plain text of a Markdown snippet (for summaries and meta descriptions).
pub fn to_plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, TagEnd};
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                text.push(' ')
            }
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_markdown() {
        let html = to_safe_html("## Misión\n\n1. *uno*\n2. [dos](/es/red)");
        assert!(html.contains("<h2>Misión</h2>"), "{html}");
        assert!(html.contains("<em>uno</em>"), "{html}");
        assert!(html.contains(r#"<a href="/es/red" rel="noopener noreferrer">dos</a>"#), "{html}");
    }

    #[test]
    fn strips_scripts_and_handlers() {
        let payloads = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<svg><script>alert(1)</script></svg>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<p style=\"background:url(javascript:alert(1))\">x</p>",
            "<scr<script>ipt>alert(1)</script>",
        ];
        for payload in payloads {
            let html = to_safe_html(payload).to_lowercase();
            for needle in ["<script", "onerror", "javascript:", "<iframe", "style="] {
                assert!(!html.contains(needle), "{payload} gave {html}");
            }
        }
    }

    #[test]
    fn embeds_survive_the_sanitizer_as_placeholders() {
        let html =
            to_safe_html_with_embeds("![a \"b\" > c](media:12)\n\n<img src=media:x onerror=alert(1)>", Some("media"));
        assert_eq!(embeds(&html, "media"), ["12", "x"], "{html}");
        assert!(!html.contains("onerror"), "{html}");
        let replaced = replace_embeds(&html, "media", |r| if r == "12" { "<b>12</b>".into() } else { String::new() });
        assert!(replaced.contains("<b>12</b>") && !replaced.contains("<img"), "{replaced}");
        assert!(!to_safe_html("![](media:12)").contains("media:"), "without the scheme the address is dropped");
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(to_plain_text("## Título\n\nUn *texto* con [enlace](/x)."), "Título Un texto con enlace.");
    }
}

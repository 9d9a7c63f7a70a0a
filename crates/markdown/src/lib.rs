//! Markdown to HTML that is safe to put in a page: no script, no event handler, no `javascript:`.

use pulldown_cmark::{Options, Parser, html};

/// Renders CommonMark (with tables and strikethrough) and passes the result through a
/// whitelist sanitizer. Links to other sites get `rel="noopener noreferrer"`.
pub fn to_safe_html(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .clean(&unsafe_html)
        .to_string()
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
    fn plain_text_drops_markup() {
        assert_eq!(to_plain_text("## Título\n\nUn *texto* con [enlace](/x)."), "Título Un texto con enlace.");
    }
}

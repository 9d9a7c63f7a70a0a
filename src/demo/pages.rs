//! The demo's page texts (`demo/pages/<key>/<lang>.md`, embedded) and link cards.

use crate::content::model::{kind, layout};

/// One page of the demo, with its English and Spanish files.
pub struct PageSource {
    pub key: &'static str,
    pub layout: &'static str,
    /// Place in both languages' menus; `None` keeps the page out of them.
    pub menu_position: Option<i32>,
    /// `page` or `article`.
    pub kind: &'static str,
    /// An article's byline and tags.
    pub author: &'static str,
    pub tags: &'static [&'static str],
    pub en: &'static str,
    pub es: &'static str,
}

macro_rules! page {
    ($key:literal, $dir:literal, $layout:expr, $menu:expr) => {
        PageSource {
            key: $key,
            layout: $layout,
            menu_position: $menu,
            kind: kind::PAGE,
            author: "",
            tags: &[],
            en: include_str!(concat!("../../demo/pages/", $dir, "/en.md")),
            es: include_str!(concat!("../../demo/pages/", $dir, "/es.md")),
        }
    };
}

macro_rules! article {
    ($key:literal, $author:literal, $tags:expr) => {
        PageSource {
            key: $key,
            layout: layout::PAGE,
            menu_position: None,
            kind: kind::ARTICLE,
            author: $author,
            tags: $tags,
            en: include_str!(concat!("../../demo/articles/", $key, "/en.md")),
            es: include_str!(concat!("../../demo/articles/", $key, "/es.md")),
        }
    };
}

pub const PAGES: &[PageSource] = &[
    page!("home", "home", layout::HOME, Some(0)),
    page!("about", "about", layout::PAGE, Some(1)),
    page!("network", "network", layout::PAGE, Some(2)),
    page!("working-groups", "working-groups", layout::WORKING_GROUPS, Some(3)),
    page!("wg-migration", "migration", layout::PAGE, None),
    page!("wg-environment", "environment", layout::PAGE, None),
    page!("wg-historical-memory", "historical-memory", layout::PAGE, None),
    page!("directory", "directory", layout::DIRECTORY, Some(4)),
];

/// The demo's articles, oldest first.
pub const ARTICLES: &[PageSource] =
    &[article!("forty-years", "MASCP", &["Arcatao", "1986"]), article!("new-website", "MASCP", &["MASCP"])];

/// A link card of the home page's "What's new".
pub struct LinkSource {
    pub key: &'static str,
    pub url: &'static str,
    pub title_en: &'static str,
    pub source_en: &'static str,
    pub title_es: &'static str,
    pub source_es: &'static str,
}

/// The seed page shows the network's article and a "Learn more" link to the network; the
/// article's own address is not in the capture, so its card leads to the network's site.
pub const LINKS: &[LinkSource] = &[
    LinkSource {
        key: "climate-and-migration",
        url: super::NETWORK_URL,
        title_en: "The role of community organizing to confront climate change and forced migration in El Salvador",
        source_en: "U.S.–El Salvador Sister Cities",
        title_es: "El papel de la organización comunitaria frente al cambio climático y la migración forzada en El Salvador",
        source_es: "Ciudades Hermanas Estados Unidos–El Salvador",
    },
    LinkSource {
        key: "network",
        url: super::NETWORK_URL,
        title_en: "Learn more about the U.S.–El Salvador Sister Cities network",
        source_en: "U.S.–El Salvador Sister Cities",
        title_es: "Conozca más sobre la red Ciudades Hermanas Estados Unidos–El Salvador",
        source_es: "Ciudades Hermanas Estados Unidos–El Salvador",
    },
];

/// A page file's parts.
#[derive(Debug, PartialEq)]
pub struct PageText {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub body: String,
}

/// Splits `---` front matter (`name: value` lines) from the Markdown body.
pub fn parse(file: &str) -> Result<PageText, String> {
    let rest = file.strip_prefix("---\n").ok_or("no front matter")?;
    let (head, body) = rest.split_once("\n---\n").ok_or("front matter not closed")?;
    let field = |name: &str| {
        head.lines()
            .find_map(|line| line.strip_prefix(name)?.strip_prefix(':').map(str::trim))
            .map(str::to_owned)
            .ok_or(format!("no {name}"))
    };
    Ok(PageText {
        slug: field("slug")?,
        title: field("title")?,
        summary: field("summary")?,
        body: body.trim().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_file_parses() {
        for page in PAGES {
            for file in [page.en, page.es] {
                let text = parse(file).unwrap();
                assert!(!text.title.is_empty() && !text.body.is_empty(), "{}", page.key);
                assert!(text.summary.chars().count() <= 160, "{}: summary too long", page.key);
            }
        }
    }

    #[test]
    fn rejects_broken_front_matter() {
        assert!(parse("no front matter").is_err());
        assert!(parse("---\nslug: x\n").is_err());
        assert!(parse("---\nslug: x\ntitle: y\n---\nbody").is_err(), "summary is required");
    }
}

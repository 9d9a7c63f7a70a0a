//! Languages, Fluent catalogs and language negotiation.

pub mod dates;
mod negotiate;

use std::collections::HashMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use serde::Serialize;
use unic_langid::LanguageIdentifier;

pub use negotiate::{LANGUAGE_COOKIE, from_accept_language};

/// A language the site is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Es,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Es, Lang::En];

    /// The code used in URLs, `lang` attributes and the database.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "es" => Some(Lang::Es),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language of the pair, for the language switch and fallbacks.
    pub fn other(self) -> Lang {
        match self {
            Lang::Es => Lang::En,
            Lang::En => Lang::Es,
        }
    }

    /// The language's own name for itself, as the language switch shows it.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::Es => "Español",
            Lang::En => "English",
        }
    }

    /// The Open Graph locale of text in this language: the sisterhood's two places, El Salvador
    /// and the United States.
    pub fn og_locale(self) -> &'static str {
        match self {
            Lang::Es => "es_SV",
            Lang::En => "en_US",
        }
    }
}

/// Catalog files, one per domain; a test checks this list against `locales/`.
pub const DOMAINS: &[&str] = &[
    "site",
    "content",
    "organizations",
    "errors",
    "auth",
    "admin",
    "studio",
    "mail",
    "media",
    "supporters",
    "segments",
    "import",
    "fundraising",
    "events",
];

macro_rules! catalog_files {
    ($lang:literal) => {
        [
            include_str!(concat!("../../locales/", $lang, "/site.ftl")),
            include_str!(concat!("../../locales/", $lang, "/content.ftl")),
            include_str!(concat!("../../locales/", $lang, "/organizations.ftl")),
            include_str!(concat!("../../locales/", $lang, "/errors.ftl")),
            include_str!(concat!("../../locales/", $lang, "/auth.ftl")),
            include_str!(concat!("../../locales/", $lang, "/admin.ftl")),
            include_str!(concat!("../../locales/", $lang, "/studio.ftl")),
            include_str!(concat!("../../locales/", $lang, "/mail.ftl")),
            include_str!(concat!("../../locales/", $lang, "/media.ftl")),
            include_str!(concat!("../../locales/", $lang, "/supporters.ftl")),
            include_str!(concat!("../../locales/", $lang, "/import.ftl")),
            include_str!(concat!("../../locales/", $lang, "/segments.ftl")),
            include_str!(concat!("../../locales/", $lang, "/fundraising.ftl")),
            include_str!(concat!("../../locales/", $lang, "/events.ftl")),
        ]
    };
}

/// Every UI string in both languages.
pub struct Catalog {
    bundles: HashMap<Lang, FluentBundle<FluentResource>>,
}

impl Catalog {
    /// Loads the catalogs embedded in the binary.
    pub fn embedded() -> Result<Catalog, String> {
        let mut bundles = HashMap::new();
        bundles.insert(Lang::Es, bundle(Lang::Es, &catalog_files!("es"))?);
        bundles.insert(Lang::En, bundle(Lang::En, &catalog_files!("en"))?);
        Ok(Catalog { bundles })
    }

    /// The message `key` in `lang`; the key itself (and a warning) when it is missing, so a
    /// gap shows up in tests instead of as a blank.
    pub fn text(&self, lang: Lang, key: &str, args: Option<&FluentArgs>) -> String {
        let Some(bundle) = self.bundles.get(&lang) else {
            return key.to_owned();
        };
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::warn!(key, lang = lang.code(), "missing translation key");
            return key.to_owned();
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors).into_owned();
        if !errors.is_empty() {
            tracing::warn!(key, lang = lang.code(), ?errors, "translation formatting failed");
        }
        text
    }

    /// Whether `key` exists in `lang`.
    pub fn has(&self, lang: Lang, key: &str) -> bool {
        self.bundles.get(&lang).is_some_and(|b| b.has_message(key))
    }
}

fn bundle(lang: Lang, sources: &[&str]) -> Result<FluentBundle<FluentResource>, String> {
    let id: LanguageIdentifier = lang.code().parse().map_err(|e| format!("{e}"))?;
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Isolation marks would end up as invisible characters inside HTML attributes.
    bundle.set_use_isolating(false);
    for source in sources {
        let resource = FluentResource::try_new((*source).to_owned())
            .map_err(|(_, errors)| format!("{}: {errors:?}", lang.code()))?;
        bundle.add_resource(resource).map_err(|errors| format!("{}: {errors:?}", lang.code()))?;
    }
    Ok(bundle)
}

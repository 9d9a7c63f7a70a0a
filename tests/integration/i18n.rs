//! The Fluent catalogs: the same keys in both languages, every file embedded.

use std::collections::BTreeSet;
use std::path::Path;

use hermana::i18n::{Catalog, DOMAINS, Lang};

fn keys(file: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with(' ') && l.contains(" ="))
        .map(|l| l.split(" =").next().unwrap().trim().to_owned())
        .collect()
}

#[test]
fn every_key_exists_in_both_languages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    for lang in ["es", "en"] {
        let mut files: Vec<String> = std::fs::read_dir(root.join(lang))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().trim_end_matches(".ftl").to_owned())
            .collect();
        files.sort();
        let mut domains: Vec<String> = DOMAINS.iter().map(|d| (*d).to_owned()).collect();
        domains.sort();
        assert_eq!(files, domains, "locales/{lang} holds exactly the embedded domains");
    }
    let catalog = Catalog::embedded().unwrap();
    for domain in DOMAINS {
        let es = keys(&root.join("es").join(format!("{domain}.ftl")));
        let en = keys(&root.join("en").join(format!("{domain}.ftl")));
        assert!(!es.is_empty());
        assert_eq!(es.difference(&en).collect::<Vec<_>>(), Vec::<&String>::new(), "{domain}: only in Spanish");
        assert_eq!(en.difference(&es).collect::<Vec<_>>(), Vec::<&String>::new(), "{domain}: only in English");
        for key in &es {
            assert!(key.starts_with(&format!("{domain}-")), "{key} is named after its domain");
            for lang in Lang::ALL {
                assert!(catalog.has(lang, key), "{key} loads in {lang:?}");
                assert_ne!(catalog.text(lang, key, None), "", "{key} in {lang:?}");
            }
        }
    }
}

#[test]
fn templates_use_only_existing_keys() {
    let catalog = Catalog::embedded().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut stack = vec![root];
    let mut checked = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap();
            for (at, _) in source.match_indices("t(") {
                if source[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue; // another function, e.g. asset(
                }
                let rest = &source[at + 2..];
                let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                    continue;
                };
                let key = rest[1..].split(quote).next().unwrap();
                if key.ends_with('-') {
                    continue; // a key built from parts, e.g. "content-notice-" ~ kind
                }
                assert!(catalog.has(Lang::Es, key) && catalog.has(Lang::En, key), "{}: {key}", path.display());
                checked += 1;
            }
        }
    }
    assert!(checked > 20, "the scan found the templates' keys ({checked})");
}

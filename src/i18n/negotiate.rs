//! Picking a language for a visitor who has not chosen one in the URL.

use super::Lang;

/// Remembers the language a visitor last chose with the language switch.
pub const LANGUAGE_COOKIE: &str = "lang";

/// The best supported language in an `Accept-Language` header, if any.
///
/// Reads at most the first 32 entries, so a huge header costs nothing.
pub fn from_accept_language(header: &str) -> Option<Lang> {
    let mut best: Option<(Lang, u16)> = None;
    for entry in header.split(',').take(32) {
        let mut parts = entry.split(';');
        let tag = parts.next().unwrap_or("").trim();
        let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        let Some(lang) = Lang::from_code(&primary) else {
            continue;
        };
        let quality = parts.find_map(|p| p.trim().strip_prefix("q=")).map_or(1000, parse_quality);
        if quality > 0 && best.is_none_or(|(_, q)| quality > q) {
            best = Some((lang, quality));
        }
    }
    best.map(|(lang, _)| lang)
}

/// `q` values in thousandths; malformed ones count as 0 (not acceptable).
fn parse_quality(value: &str) -> u16 {
    let value = value.trim();
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    let whole: u16 = match whole {
        "0" => 0,
        "1" => 1000,
        _ => return 0,
    };
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    let digits = format!("{fraction:0<3}");
    let fraction: u16 = digits.parse().unwrap_or(0);
    (whole + fraction).min(1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_highest_quality() {
        assert_eq!(from_accept_language("en;q=0.5, es-SV;q=0.9"), Some(Lang::Es));
        assert_eq!(from_accept_language("fr, en-US;q=0.8, es;q=0.7"), Some(Lang::En));
        assert_eq!(from_accept_language("es"), Some(Lang::Es));
    }

    #[test]
    fn ignores_unsupported_and_refused() {
        assert_eq!(from_accept_language("fr, de"), None);
        assert_eq!(from_accept_language("es;q=0, en;q=0.1"), Some(Lang::En));
        assert_eq!(from_accept_language("es;q=abc"), None);
        assert_eq!(from_accept_language(""), None);
    }

    #[test]
    fn huge_header_is_cheap_and_safe() {
        let header = "xx;q=0.1,".repeat(100_000) + "es";
        assert_eq!(from_accept_language(&header), None, "only the first 32 entries are read");
    }
}

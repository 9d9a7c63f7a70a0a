//! Normal forms for comparing what people typed: email addresses, names, postal codes.

use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;

/// An email address as stored: trimmed, Unicode NFC, lower-case; `None` when it cannot be one.
/// The one rule for account and supporter addresses alike.
pub fn normalize_email(input: &str) -> Option<String> {
    let email: String = input.trim().nfc().collect::<String>().to_lowercase();
    let (local, domain) = email.split_once('@')?;
    let valid = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';' | '"'));
    valid.then_some(email)
}

/// Text folded for "is this the same name?": accents and case dropped, punctuation and runs of
/// spaces made one space ("  Peña-López, José " → "pena lopez jose").
pub fn fold_for_matching(input: &str) -> String {
    let mut folded = String::with_capacity(input.len());
    let mut gap = false;
    for c in input.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            if gap && !folded.is_empty() {
                folded.push(' ');
            }
            gap = false;
            folded.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    folded
}

/// A postal code for comparison: letters and digits only, upper-case ("sw1a 1aa" → "SW1A1AA",
/// "53703-1234" → "537031234").
pub fn normalize_postal_code(input: &str) -> String {
    input.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(normalize_email("  Ana.Lopez@Example.ORG "), Some("ana.lopez@example.org".into()));
        // "e" + combining acute accent becomes the single precomposed "é".
        assert_eq!(normalize_email("JOSE\u{301}@correo.sv"), Some("josé@correo.sv".into()));
        assert_eq!(normalize_email("ÁNGEL@CORREO.SV"), Some("ángel@correo.sv".into()));
        for bad in [
            "",
            "ana",
            "no-at",
            "a@b",
            "a@.b",
            "a@b.c,",
            "@example.org",
            "ana@",
            "ana@example",
            "ana@.org",
            "ana@org.",
            "a b@example.org",
            "a@b@c.org",
            "<a@b.org>",
            "a@b.org, c@d.org",
        ] {
            assert_eq!(normalize_email(bad), None, "{bad}");
        }
    }

    #[test]
    fn names_and_postal_codes() {
        assert_eq!(fold_for_matching("  Peña-López, José "), "pena lopez jose");
        assert_eq!(fold_for_matching("PENA LOPEZ JOSE"), "pena lopez jose");
        assert_eq!(fold_for_matching("Ñ"), "n");
        assert_eq!(normalize_postal_code(" 53703-1234 "), "537031234");
        assert_eq!(normalize_postal_code("sw1a 1aa"), "SW1A1AA");
    }
}

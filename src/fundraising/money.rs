//! Money as integer minor units with an ISO 4217 currency code, and amounts as people type
//! them: `1,234.56` on English pages, `1.234,56` on Spanish ones. No floating point anywhere.

use std::fmt;

use serde::Serialize;

use crate::i18n::Lang;

/// An ISO 4217 currency with two decimal places (the only kind the ledger takes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    /// U.S. dollars: the currency of the committees, and of El Salvador.
    pub const USD: Currency = Currency(*b"USD");

    /// Currencies with two minor digits that the ledger accepts.
    const KNOWN: [&'static str; 4] = ["USD", "EUR", "CAD", "MXN"];

    pub fn from_code(code: &str) -> Option<Currency> {
        Currency::KNOWN.iter().find(|k| **k == code).map(|k| {
            let b = k.as_bytes();
            Currency([b[0], b[1], b[2]])
        })
    }

    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("USD")
    }

    /// The sign written before or after an amount.
    fn symbol(&self, lang: Lang) -> &str {
        match (self.code(), lang) {
            ("USD", Lang::En) => "$",
            ("USD", Lang::Es) => "US$",
            (code, _) => code,
        }
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

/// An amount of money: minor units (cents) and a currency. Refunds are negative.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }

    pub fn usd(minor: i64) -> Money {
        Money::new(minor, Currency::USD)
    }

    /// The amount as a reader of `lang` writes it: `$1,234.56` / `1.234,56 US$`.
    pub fn display(&self, lang: Lang) -> String {
        self.with_symbol(format_minor(self.minor, lang), lang)
    }

    /// Like [`Money::display`], without cents when there are none: `$25` / `25 US$` (the donate
    /// page's preset amounts); `$25.50` stays whole.
    pub fn display_short(&self, lang: Lang) -> String {
        let number = format_minor(self.minor, lang);
        let number = match self.minor % 100 {
            0 => number[..number.len() - 3].to_owned(),
            _ => number,
        };
        self.with_symbol(number, lang)
    }

    fn with_symbol(&self, number: String, lang: Lang) -> String {
        match lang {
            Lang::En => match number.strip_prefix('-') {
                Some(positive) => format!("-{}{positive}", self.currency.symbol(lang)),
                None => format!("{}{number}", self.currency.symbol(lang)),
            },
            Lang::Es => format!("{number} {}", self.currency.symbol(lang)),
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", format_minor(self.minor, Lang::En).replace(',', ""), self.currency.code())
    }
}

/// Minor units as a number in `lang`'s style, without a currency: `1,234.56` / `1.234,56`.
pub fn format_minor(minor: i64, lang: Lang) -> String {
    let (group, decimal) = separators(lang);
    let negative = minor < 0;
    let magnitude = minor.unsigned_abs();
    let whole = (magnitude / 100).to_string();
    let cents = magnitude % 100;
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(group);
        }
        grouped.push(digit);
    }
    format!("{}{grouped}{decimal}{cents:02}", if negative { "-" } else { "" })
}

/// Minor units as a form field shows them again (no grouping): `1234.56` / `1234,56`.
pub fn field_value(minor: i64, lang: Lang) -> String {
    let (_, decimal) = separators(lang);
    let magnitude = minor.unsigned_abs();
    format!("{}{}{decimal}{:02}", if minor < 0 { "-" } else { "" }, magnitude / 100, magnitude % 100)
}

/// The thousands separator and the decimal separator of `lang`.
fn separators(lang: Lang) -> (char, char) {
    match lang {
        Lang::En => (',', '.'),
        Lang::Es => ('.', ','),
    }
}

/// Why a typed amount was refused; each has a Fluent key saying so in the visitor's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AmountError {
    Empty,
    /// Letters or other signs that are not part of a number.
    Invalid,
    Negative,
    Zero,
    /// Could be read two ways (`12.50` on a Spanish page, `1,5` on an English one).
    Ambiguous,
    /// More than two decimals.
    TooPrecise,
    TooLarge,
}

impl AmountError {
    pub fn key(self) -> &'static str {
        match self {
            AmountError::Empty => "fundraising-amount-empty",
            AmountError::Invalid => "fundraising-amount-invalid",
            AmountError::Negative => "fundraising-amount-negative",
            AmountError::Zero => "fundraising-amount-zero",
            AmountError::Ambiguous => "fundraising-amount-ambiguous",
            AmountError::TooPrecise => "fundraising-amount-too-precise",
            AmountError::TooLarge => "fundraising-amount-too-large",
        }
    }
}

/// The largest amount a form takes: ten million (in major units).
pub const MAX_MINOR: i64 = 1_000_000_000;

/// Reads a positive amount typed in `lang`'s style into minor units.
///
/// Accepted on English pages: `1234`, `1234.5`, `1,234.56`, `$1,234.56`; on Spanish pages:
/// `1234`, `1234,5`, `1.234,56`, `1.234`. A group separator must separate groups of three
/// digits; a lone separator of the other language's decimal kind (`12.50` on a Spanish page)
/// is refused as ambiguous rather than guessed, and so is a number in the other style.
pub fn parse_amount(typed: &str, lang: Lang) -> Result<i64, AmountError> {
    let (group, decimal) = separators(lang);
    let mut text: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
    for sign in ["US$", "USD", "$"] {
        if let Some(rest) = text.strip_prefix(sign) {
            text = rest.to_owned();
        }
        if let Some(rest) = text.strip_suffix(sign) {
            text = rest.to_owned();
        }
    }
    if text.is_empty() {
        return Err(AmountError::Empty);
    }
    if text.starts_with(['-', '\u{2212}']) || text.starts_with('(') {
        return Err(AmountError::Negative);
    }
    let text = text.strip_prefix('+').unwrap_or(&text);
    if text.is_empty() || !text.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return Err(AmountError::Invalid);
    }
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(AmountError::Invalid);
    }
    // Split off the decimals: after the language's decimal separator, which may appear once,
    // after every group separator.
    let (whole, cents) = match text.rsplit_once(decimal) {
        Some((whole, fraction)) => {
            if whole.contains(decimal) {
                return Err(AmountError::Invalid);
            }
            if fraction.contains(group) {
                // `1.234,56` on an English page: the other language's style.
                return Err(AmountError::Ambiguous);
            }
            if fraction.is_empty() {
                return Err(AmountError::Invalid);
            }
            if fraction.len() > 2 {
                return Err(if whole.contains(group) || fraction.len() != 3 {
                    AmountError::TooPrecise
                } else {
                    // `1.234` on an English page could be a Spanish thousand.
                    AmountError::Ambiguous
                });
            }
            (whole, fraction)
        }
        None => (text, ""),
    };
    let digits = if whole.contains(group) {
        let parts: Vec<&str> = whole.split(group).collect();
        let grouped =
            parts.first().is_some_and(|p| (1..=3).contains(&p.len())) && parts.iter().skip(1).all(|p| p.len() == 3);
        if !grouped {
            // `12.50` on a Spanish page, `1,5` on an English one: a decimal in the other style?
            return Err(if parts.len() == 2 && cents.is_empty() {
                AmountError::Ambiguous
            } else {
                AmountError::Invalid
            });
        }
        parts.concat()
    } else {
        whole.to_owned()
    };
    let digits = digits.trim_start_matches('0');
    if digits.len() > 12 {
        return Err(AmountError::TooLarge);
    }
    let major: i64 = if digits.is_empty() { 0 } else { digits.parse().map_err(|_| AmountError::Invalid)? };
    let minor_part: i64 = match cents.len() {
        0 => 0,
        1 => cents.parse::<i64>().map_err(|_| AmountError::Invalid)? * 10,
        _ => cents.parse().map_err(|_| AmountError::Invalid)?,
    };
    let minor = major.checked_mul(100).and_then(|m| m.checked_add(minor_part)).ok_or(AmountError::TooLarge)?;
    if minor == 0 {
        return Err(AmountError::Zero);
    }
    if minor > MAX_MINOR {
        return Err(AmountError::TooLarge);
    }
    Ok(minor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_amounts() {
        for (typed, minor) in [
            ("1234", 123_400),
            ("1,234.56", 123_456),
            ("$1,234.56", 123_456),
            ("1234.5", 123_450),
            (" 25 ", 2_500),
            ("0.50", 50),
            ("1,234,567", 123_456_700),
            ("12.05", 1_205),
        ] {
            assert_eq!(parse_amount(typed, Lang::En), Ok(minor), "{typed}");
        }
    }

    #[test]
    fn spanish_amounts() {
        for (typed, minor) in [
            ("1234", 123_400),
            ("1.234,56", 123_456),
            ("1234,5", 123_450),
            ("1.234", 123_400),
            ("US$ 25", 2_500),
            ("25 US$", 2_500),
            ("0,50", 50),
            ("1.234.567,89", 123_456_789),
        ] {
            assert_eq!(parse_amount(typed, Lang::Es), Ok(minor), "{typed}");
        }
    }

    #[test]
    fn refused_amounts_say_why() {
        for (typed, lang, error) in [
            ("", Lang::En, AmountError::Empty),
            ("  ", Lang::Es, AmountError::Empty),
            ("-5", Lang::En, AmountError::Negative),
            ("\u{2212}5,00", Lang::Es, AmountError::Negative),
            ("0", Lang::En, AmountError::Zero),
            ("0,00", Lang::Es, AmountError::Zero),
            ("12.50", Lang::Es, AmountError::Ambiguous),
            ("1,5", Lang::En, AmountError::Ambiguous),
            ("1.234,56", Lang::En, AmountError::Ambiguous),
            ("1,234.56", Lang::Es, AmountError::Ambiguous),
            ("1.234", Lang::En, AmountError::Ambiguous),
            ("1,234", Lang::Es, AmountError::Ambiguous),
            ("1.2345", Lang::En, AmountError::TooPrecise),
            ("1,001", Lang::Es, AmountError::Ambiguous),
            ("12,3456", Lang::Es, AmountError::TooPrecise),
            ("diez", Lang::Es, AmountError::Invalid),
            ("1e3", Lang::En, AmountError::Invalid),
            ("12,34,5", Lang::En, AmountError::Invalid),
            ("1..2", Lang::En, AmountError::Invalid),
            (".5", Lang::En, AmountError::Invalid),
            ("99999999999999999999", Lang::En, AmountError::TooLarge),
            ("10000001", Lang::En, AmountError::TooLarge),
        ] {
            assert_eq!(parse_amount(typed, lang), Err(error), "{typed} in {lang:?}");
        }
    }

    #[test]
    fn formatting_round_trips() {
        assert_eq!(Money::usd(123_456).display(Lang::En), "$1,234.56");
        assert_eq!(Money::usd(123_456).display(Lang::Es), "1.234,56 US$");
        assert_eq!(Money::usd(-5).display(Lang::En), "-$0.05");
        assert_eq!(Money::usd(100_000_000).display(Lang::En), "$1,000,000.00");
        assert_eq!(Money::usd(2_500).display_short(Lang::En), "$25");
        assert_eq!(Money::usd(100_000).display_short(Lang::Es), "1.000 US$");
        assert_eq!(Money::usd(2_550).display_short(Lang::Es), "25,50 US$", "cents, when there are some");
        assert_eq!(Money::usd(-123_456).to_string(), "-1234.56 USD");
        for minor in [1, 99, 100, 1_000, 99_999, 123_456_789, MAX_MINOR] {
            for lang in Lang::ALL {
                assert_eq!(parse_amount(&format_minor(minor, lang), lang), Ok(minor), "{minor} {lang:?}");
                assert_eq!(parse_amount(&field_value(minor, lang), lang), Ok(minor), "{minor} {lang:?}");
                assert_eq!(parse_amount(&Money::usd(minor).display(lang), lang), Ok(minor), "{minor} {lang:?}");
            }
        }
        assert_eq!(Currency::from_code("USD"), Some(Currency::USD));
        assert_eq!(Currency::from_code("JPY"), None);
    }

    /// No floating-point type in the fundraising code: money is counted in whole cents.
    #[test]
    fn no_floats_near_money() {
        fn walk(dir: &std::path::Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    for (n, line) in text.lines().enumerate() {
                        let words = line.split(|c: char| !c.is_ascii_alphanumeric() && c != '_');
                        if words.clone().any(|w| w == "f32" || w == "f64") {
                            found.push(format!("{}:{}", path.display(), n + 1));
                        }
                    }
                }
            }
        }
        let mut found = Vec::new();
        walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/fundraising"), &mut found);
        // This test's own source names the types it looks for; every other line must not.
        let own = found.iter().filter(|f| f.contains("money.rs")).count();
        assert!(own <= 2 && found.len() == own, "floating point in fundraising code: {found:?}");
    }
}

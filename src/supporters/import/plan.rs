//! What each row of a file means, before anything is written: a supporter's details, tags,
//! newsletter consent and note, or the reason the row cannot be imported. Pure: the same file
//! and mapping always give the same plan, which is what lets a killed import resume by row.

use hermana_sheet::{Consent, Field, Mapping, Row, RowProblem, Sheet, normalize_email, normalize_postal_code};
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::supporters::model::{Details, fold};

/// One row that can be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub line: u64,
    pub details: Details,
    pub tags: Vec<String>,
    pub consent: Option<Consent>,
    pub note: Option<String>,
}

impl Candidate {
    /// Name and postal code as compared for suggestions, when the row has both.
    pub fn suggestion_key(&self) -> Option<(String, String)> {
        // The record's sort name, which is this folded name whenever the name is not empty.
        let name = fold(&format!("{} {}", self.details.last_name, self.details.first_name));
        let postal = postal_key(&self.details.postal_code);
        (!name.is_empty() && !postal.is_empty()).then_some((name, postal))
    }

    /// Takes what a later row of the same person adds: empty details filled, tags joined, the
    /// later consent and note.
    pub fn absorb(&mut self, later: &Candidate) {
        fill(&mut self.details, &later.details);
        for tag in &later.tags {
            if !self.tags.iter().any(|t| fold(t) == fold(tag)) {
                self.tags.push(tag.clone());
            }
        }
        if later.consent.is_some() {
            self.consent = later.consent;
        }
        if later.note.is_some() {
            self.note.clone_from(&later.note);
        }
    }
}

/// A postal code as suggestions compare it: letters and digits, upper-case; a U.S. ZIP+4
/// ("53703-1234") as its five-digit ZIP, so it meets the same address written without the +4.
pub fn postal_key(postal_code: &str) -> String {
    let normalized = normalize_postal_code(postal_code);
    if normalized.len() == 9 && normalized.bytes().all(|b| b.is_ascii_digit()) {
        normalized[..5].to_owned()
    } else {
        normalized
    }
}

/// Fills the empty fields of `details` from `from`; never overwrites what is there.
pub fn fill(details: &mut Details, from: &Details) {
    for (field, value) in [
        (&mut details.first_name, &from.first_name),
        (&mut details.last_name, &from.last_name),
        (&mut details.phone, &from.phone),
        (&mut details.address, &from.address),
        (&mut details.postal_code, &from.postal_code),
        (&mut details.place, &from.place),
        (&mut details.country, &from.country),
    ] {
        if field.is_empty() && !value.is_empty() {
            field.clone_from(value);
        }
    }
}

/// Why a row is not imported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum Reason {
    /// Not as many fields as the header.
    FieldCount { expected: usize, found: usize },
    /// A field (from 1) over the size limit.
    FieldTooLarge { column: usize, max: usize },
    /// Neither an email address nor a name: nothing to know the person by.
    NoIdentity,
    /// Something in the email column that is not an address.
    BadEmail,
}

impl Reason {
    pub fn of_problem(problem: &RowProblem) -> Reason {
        match *problem {
            RowProblem::WrongFieldCount { expected, found } => Reason::FieldCount { expected, found },
            RowProblem::FieldTooLarge { column, max } => Reason::FieldTooLarge { column, max },
        }
    }

    /// The Fluent key of the reason's message.
    pub fn key(&self) -> &'static str {
        match self {
            Reason::FieldCount { .. } => "import-reason-field-count",
            Reason::FieldTooLarge { .. } => "import-reason-field-too-large",
            Reason::NoIdentity => "import-reason-no-identity",
            Reason::BadEmail => "import-reason-bad-email",
        }
    }

    /// The reason in a language.
    pub fn message(&self, catalog: &crate::i18n::Catalog, lang: Lang) -> String {
        let mut args = fluent_bundle::FluentArgs::new();
        match *self {
            Reason::FieldCount { expected, found } => {
                args.set("expected", expected);
                args.set("found", found);
            }
            Reason::FieldTooLarge { column, max } => {
                args.set("column", column);
                args.set("max", max);
            }
            Reason::NoIdentity | Reason::BadEmail => {}
        }
        catalog.text(lang, self.key(), Some(&args))
    }
}

/// Whether a mapping can import anything: it must read an email address or a name.
pub fn usable(mapping: &Mapping) -> bool {
    [Field::Email, Field::FirstName, Field::LastName, Field::FullName].into_iter().any(|f| mapping.column(f).is_some())
}

/// A mapping as stored: the field key of each column, empty when the column is ignored.
pub fn mapping_to_json(mapping: &Mapping, width: usize) -> String {
    let keys: Vec<&str> = (0..width).map(|c| mapping.field(c).map_or("", Field::key)).collect();
    serde_json::to_string(&keys).unwrap_or_else(|_| "[]".into())
}

/// A stored mapping read back (unknown keys ignored, so an old import still reads).
pub fn mapping_from_json(json: &str, width: usize) -> Mapping {
    let keys: Vec<String> = serde_json::from_str(json).unwrap_or_default();
    let mut choices = Vec::new();
    for (column, key) in keys.iter().enumerate().take(width) {
        if let Ok(field) = key.parse::<Field>()
            && !choices.iter().any(|(_, f)| *f == field)
        {
            choices.push((column, field));
        }
    }
    Mapping::from_choices(width, choices).unwrap_or_else(|_| Mapping::recognize::<&str>(&[]).mapping)
}

/// Every row of the file, in order: readable rows as candidates or reasons, then the rows the
/// reader set aside. The index of a readable row in `sheet.rows` is the job's cursor.
pub fn plan(sheet: &Sheet, mapping: &Mapping, default_language: Lang) -> Vec<(u64, Result<Candidate, Reason>)> {
    sheet.rows.iter().map(|row| (row.line(), candidate(mapping, row, default_language))).collect()
}

/// Single spaces between words, at most `max` characters (one pass: every cell goes through it).
fn cut(value: Option<&str>, max: usize) -> String {
    let mut out = String::new();
    let mut left = max;
    for word in value.unwrap_or_default().split_whitespace() {
        if !out.is_empty() {
            if left == 0 {
                break;
            }
            out.push(' ');
            left -= 1;
        }
        for c in word.chars().take(left) {
            out.push(c);
            left -= 1;
        }
        if left == 0 {
            break;
        }
    }
    out
}

/// What one row means.
pub fn candidate(mapping: &Mapping, row: &Row, default_language: Lang) -> Result<Candidate, Reason> {
    let value = |field| mapping.value(row, field);
    let email = match value(Field::Email) {
        Some(typed) => Some(normalize_email(typed).ok_or(Reason::BadEmail)?),
        None => None,
    };
    let mut first_name = cut(value(Field::FirstName), 100);
    let last_name = cut(value(Field::LastName), 100);
    if first_name.is_empty() && last_name.is_empty() {
        // A single name column: kept whole, since "María José Pérez Gómez" has no safe split.
        first_name = cut(value(Field::FullName), 100);
    }
    if email.is_none() && first_name.is_empty() && last_name.is_empty() {
        return Err(Reason::NoIdentity);
    }
    let place = match (value(Field::City), value(Field::Region)) {
        (Some(city), Some(region)) => format!("{city}, {region}"),
        (city, region) => city.or(region).unwrap_or_default().to_owned(),
    };
    let language = value(Field::Language).and_then(language_code).unwrap_or(default_language);
    let tags = value(Field::Tags)
        .map(|list| {
            let mut tags: Vec<String> = Vec::new();
            for tag in list.split([',', ';', '|']).map(|t| cut(Some(t), 60)).filter(|t| !t.is_empty()) {
                if tags.len() < 20 && !tags.iter().any(|t| fold(t) == fold(&tag)) {
                    tags.push(tag);
                }
            }
            tags
        })
        .unwrap_or_default();
    Ok(Candidate {
        line: row.line(),
        details: Details {
            first_name,
            last_name,
            email,
            phone: cut(value(Field::Phone), 40),
            address: value(Field::Street).unwrap_or_default().chars().take(300).collect(),
            postal_code: cut(value(Field::PostalCode), 20),
            place: cut(Some(&place), 100),
            country: cut(value(Field::Country), 100),
            language: language.code().to_owned(),
            other_languages: Vec::new(),
        },
        tags,
        consent: mapping.newsletter_consent(row),
        note: value(Field::Notes).map(|n| n.chars().take(10_000).collect()),
    })
}

/// A language as exports write it: a code or its name in English or Spanish.
fn language_code(value: &str) -> Option<Lang> {
    let folded = fold(value);
    let code = folded.split(['-', '_', ' ']).next().unwrap_or_default();
    match code {
        "es" | "spa" | "spanish" | "espanol" | "castellano" => Some(Lang::Es),
        "en" | "eng" | "english" | "ingles" => Some(Lang::En),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use hermana_sheet::Limits;

    use super::*;

    #[test]
    fn cut_keeps_single_spaces_and_at_most_max_characters() {
        let plain = |text: &str, max: usize| -> String {
            text.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(max).collect()
        };
        for text in ["", "  ", "Ana", " María  José\tPérez ", "a b", "ñandú  ñandú ñandú"] {
            for max in 0..12 {
                assert_eq!(cut(Some(text), max), plain(text, max), "{text:?} {max}");
            }
        }
        assert_eq!(cut(None, 5), "");
    }

    fn rows(csv: &str) -> (Sheet, Mapping) {
        let sheet = Sheet::parse(csv.as_bytes(), &Limits::default()).unwrap();
        let mapping = Mapping::recognize(&sheet.header).mapping;
        (sheet, mapping)
    }

    #[test]
    fn rows_become_candidates_or_reasons() {
        let (sheet, mapping) = rows(
            "Email,First Name,Last Name,City,Postal Code,Language,Tags\n\
             \u{20}Ana@Example.ORG ,Ana,Pérez,Madison,53703,Spanish,\"dinner, delegation 2024\"\n\
             not-an-address,Bo,,,,,\n\
             ,,,Madison,,,\n\
             ,Carmen,,,,,\n",
        );
        let plan = plan(&sheet, &mapping, Lang::En);
        let first = plan[0].1.as_ref().unwrap();
        assert_eq!(first.details.email.as_deref(), Some("ana@example.org"));
        assert_eq!(first.details.language, "es");
        assert_eq!(first.tags, ["dinner", "delegation 2024"]);
        assert_eq!(first.suggestion_key(), Some(("perez ana".into(), "53703".into())));
        assert_eq!(plan[1].1, Err(Reason::BadEmail));
        assert_eq!(plan[2].1, Err(Reason::NoIdentity));
        assert_eq!(plan[3].1.as_ref().unwrap().details.language, "en");
    }

    #[test]
    fn a_later_row_fills_and_never_overwrites() {
        let (sheet, mapping) = rows("email,first name,phone,notes\na@x.org,Ana,,one\na@x.org,Anita,555,two\n");
        let plan = plan(&sheet, &mapping, Lang::Es);
        let mut first = plan[0].1.clone().unwrap();
        first.absorb(plan[1].1.as_ref().unwrap());
        assert_eq!(first.details.first_name, "Ana");
        assert_eq!(first.details.phone, "555");
        assert_eq!(first.note.as_deref(), Some("two"));
    }

    #[test]
    fn mappings_round_trip_through_storage() {
        let (sheet, mapping) = rows("Email Address,First Name,Whatever\na@x.org,Ana,1\n");
        let json = mapping_to_json(&mapping, sheet.header.len());
        assert_eq!(json, r#"["email","first-name",""]"#);
        assert_eq!(mapping_from_json(&json, 3), mapping);
        assert!(usable(&mapping));
        assert!(!usable(&Mapping::from_choices(3, [(2, Field::Phone)]).unwrap()));
    }
}

//! Which character separates the fields: `,` (the standard), `;` (Excel where the decimal
//! separator is a comma, as in Spanish) or tab (copied from a spreadsheet).

use std::fmt;

/// A field separator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delimiter {
    Comma,
    Semicolon,
    Tab,
}

impl Delimiter {
    pub fn byte(self) -> u8 {
        match self {
            Self::Comma => b',',
            Self::Semicolon => b';',
            Self::Tab => b'\t',
        }
    }
}

impl fmt::Display for Delimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Comma => "comma",
            Self::Semicolon => "semicolon",
            Self::Tab => "tab",
        })
    }
}

/// How much of the file the guess looks at.
const SAMPLE_BYTES: usize = 256 * 1024;
const SAMPLE_RECORDS: usize = 100;

/// Guesses the delimiter by reading the start of the file with each candidate, quotes and all
/// (so `"López; Ana"` in a comma file does not count as a semicolon): the one that splits the
/// header into two or more fields and gives the most records of the header's width wins; on a
/// tie the wider split, then the earlier of comma, semicolon, tab. A file with a single column
/// is read as comma-separated.
pub fn detect_delimiter(text: &str) -> Delimiter {
    let sample = sample(text);
    let mut best = (Delimiter::Comma, 0usize, 0usize);
    for candidate in [Delimiter::Comma, Delimiter::Semicolon, Delimiter::Tab] {
        let (consistent, width) = score(sample, candidate);
        if width >= 2 && (consistent, width) > (best.1, best.2) {
            best = (candidate, consistent, width);
        }
    }
    best.0
}

/// The first records' worth of text, cut at a line break when the file is longer (a record cut
/// in the middle would count against every candidate alike, but only add noise).
fn sample(text: &str) -> &str {
    if text.len() <= SAMPLE_BYTES {
        return text;
    }
    let mut end = SAMPLE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &text[..end];
    cut.rfind('\n').map_or(cut, |at| &cut[..at])
}

/// (records as wide as the header, header width).
fn score(sample: &str, delimiter: Delimiter) -> (usize, usize) {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter.byte())
        .has_headers(false)
        .flexible(true)
        .from_reader(sample.as_bytes());
    let mut widths = reader.records().take(SAMPLE_RECORDS).map_while(Result::ok).map(|record| record.len());
    let Some(width) = widths.next() else { return (0, 0) };
    (1 + widths.filter(|w| *w == width).count(), width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_files() {
        assert_eq!(detect_delimiter("email,first_name,last_name\na@b.sv,Ana,Peña\n"), Delimiter::Comma);
        assert_eq!(detect_delimiter("Correo;Nombre;Apellido\na@b.sv;Ana;Peña\n"), Delimiter::Semicolon);
        assert_eq!(detect_delimiter("Email\tName\na@b.sv\tAna\n"), Delimiter::Tab);
    }

    #[test]
    fn quoted_fields_with_the_other_delimiter_do_not_fool_it() {
        let comma = "Name,Notes,Email\n\"López; Ana\",\"a; b; c; d\",a@b.sv\n\"Ruiz; José\",\"x;y\",j@b.sv\n";
        assert_eq!(detect_delimiter(comma), Delimiter::Comma);
        let semicolon =
            "Nombre;Notas;Correo\n\"López, Ana\";\"uno, dos, tres, cuatro\";a@b.sv\n\"Ruiz, José\";\"x,y\";j@b.sv\n";
        assert_eq!(detect_delimiter(semicolon), Delimiter::Semicolon);
    }

    #[test]
    fn decimal_commas_in_a_semicolon_file() {
        let text = "Nombre;Cuota;Correo\nAna;12,50;a@b.sv\nJosé;7,25;j@b.sv\nLuz;100;l@b.sv\n";
        assert_eq!(detect_delimiter(text), Delimiter::Semicolon);
    }

    #[test]
    fn quoted_line_breaks_are_one_record() {
        let text =
            "Email;Address;City\na@b.sv;\"Calle 1,\nColonia Escalón, 2\";San Salvador\nb@b.sv;\"Av. 3, 4\";Arcatao\n";
        assert_eq!(detect_delimiter(text), Delimiter::Semicolon);
    }

    #[test]
    fn a_single_column_is_comma() {
        assert_eq!(detect_delimiter("email\na@b.sv\nb@b.sv\n"), Delimiter::Comma);
        assert_eq!(detect_delimiter(""), Delimiter::Comma);
    }

    #[test]
    fn long_files_are_sampled_at_a_line_break() {
        let mut text = String::from("Correo;Nombre\n");
        while text.len() < 2 * SAMPLE_BYTES {
            text.push_str("ana.peña@example.sv;Ana Peña, la de Arcatao\n");
        }
        assert!(sample(&text).ends_with("Arcatao"));
        assert_eq!(detect_delimiter(&text), Delimiter::Semicolon);
    }
}

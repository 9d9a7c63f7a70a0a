//! Text to a header and rows, within limits. Whole-file problems (not text, a quote never closed,
//! too big) are a [`SheetError`] and nothing is read; a row that cannot be read as the header
//! says (a different number of fields, a giant field) is set aside as a [`RejectedRow`] with its
//! reason, and the other rows are read.

use csv::StringRecord;
use thiserror::Error;

use crate::decode::{Encoding, decode};
use crate::delimiter::{Delimiter, detect_delimiter};

/// How much a file may hold.
#[derive(Clone, Debug)]
pub struct Limits {
    pub max_file_bytes: usize,
    pub max_field_bytes: usize,
    pub max_columns: usize,
    pub max_rows: usize,
}

impl Limits {
    /// The largest file read by default: 32 MiB.
    pub const DEFAULT_MAX_FILE_BYTES: usize = 32 * 1024 * 1024;
}

impl Default for Limits {
    /// Generous for a committee's contact list (Wix exports have about 120 columns), small
    /// enough that a hostile file cannot take the server's memory.
    fn default() -> Self {
        Self {
            max_file_bytes: Self::DEFAULT_MAX_FILE_BYTES,
            max_field_bytes: 64 * 1024,
            max_columns: 256,
            max_rows: 200_000,
        }
    }
}

/// Why a file could not be read at all.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum SheetError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than {max} bytes")]
    TooLarge { max: usize },
    #[error("the file is a spreadsheet workbook; save it as CSV first")]
    Workbook,
    #[error("the file is not text")]
    NotText,
    #[error("the file starts as {encoding} but is not valid {encoding}")]
    InvalidText { encoding: Encoding },
    #[error("a quote opened on line {line} is never closed")]
    UnterminatedQuote { line: u64 },
    #[error("line {line} has more than {max} columns")]
    TooManyColumns { line: u64, max: usize },
    #[error("column {column} of the header is longer than {max} bytes")]
    HeaderTooLarge { column: usize, max: usize },
    #[error("the file has more than {max} rows")]
    TooManyRows { max: usize },
    #[error("the file has a header but no rows")]
    NoRows,
    #[error("line {line} cannot be read")]
    Malformed { line: u64 },
}

/// Why one row was set aside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowProblem {
    /// The row does not have as many fields as the header (a separator missing or extra).
    WrongFieldCount { expected: usize, found: usize },
    /// A field (numbered from 1) is longer than the limit; the rejected copy is cut to it.
    FieldTooLarge { column: usize, max: usize },
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::WrongFieldCount { expected, found } => {
                write!(f, "{found} fields where the header has {expected}")
            }
            Self::FieldTooLarge { column, max } => write!(f, "field {column} is longer than {max} bytes"),
        }
    }
}

/// One row of data, as wide as the header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    line: u64,
    record: StringRecord,
}

impl Row {
    /// A row from stored fields (the line is where it started in its file).
    pub fn new<I, S>(line: u64, fields: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut record = StringRecord::new();
        for field in fields {
            record.push_field(field.as_ref());
        }
        Self { line, record }
    }

    /// The line of the file the row starts on (from 1; a quoted field may span lines).
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The raw field in a column (from 0).
    pub fn get(&self, column: usize) -> Option<&str> {
        self.record.get(column)
    }

    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.record.iter()
    }

    pub fn len(&self) -> usize {
        self.record.len()
    }

    pub fn is_empty(&self) -> bool {
        self.record.is_empty()
    }
}

/// A row that was set aside, with its fields as read (giant ones cut to the limit).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RejectedRow {
    pub line: u64,
    pub fields: Vec<String>,
    pub problem: RowProblem,
}

/// A file read: how it was read, its header, its rows and the rows set aside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sheet {
    pub encoding: Encoding,
    pub delimiter: Delimiter,
    /// Column names, trimmed; empty trailing columns dropped.
    pub header: Vec<String>,
    pub rows: Vec<Row>,
    pub rejected: Vec<RejectedRow>,
}

impl Sheet {
    /// Reads an uploaded file: decodes it, detects the delimiter, checks every quote is closed,
    /// then reads the header and the rows. Blank lines (and rows of empty fields only) are
    /// skipped; extra fields that are all empty are dropped.
    pub fn parse(bytes: &[u8], limits: &Limits) -> Result<Self, SheetError> {
        Self::read(bytes, limits, None)
    }

    /// Reads a file with the delimiter a person chose instead of the detected one.
    pub fn parse_with(bytes: &[u8], limits: &Limits, delimiter: Delimiter) -> Result<Self, SheetError> {
        Self::read(bytes, limits, Some(delimiter))
    }

    fn read(bytes: &[u8], limits: &Limits, chosen: Option<Delimiter>) -> Result<Self, SheetError> {
        if bytes.len() > limits.max_file_bytes {
            return Err(SheetError::TooLarge { max: limits.max_file_bytes });
        }
        let (text, encoding) = decode(bytes)?;
        if text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}').is_empty() {
            return Err(SheetError::Empty);
        }
        // Excel reads (and some tools write) a first line `sep=;` naming the delimiter.
        let (text, delimiter, first_line) = match separator_line(&text) {
            Some((named, rest)) => (rest, chosen.unwrap_or(named), 2),
            None => (text.as_str(), chosen.unwrap_or_else(|| detect_delimiter(&text)), 1),
        };
        // Twice the column limit: rows a little wider than the header are rejected one by one
        // below; only absurd lines fail the file here.
        scan(text, delimiter.byte(), limits.max_columns.saturating_mul(2), first_line)?;
        let mut records = csv::ReaderBuilder::new()
            .delimiter(delimiter.byte())
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .into_records();

        let header = loop {
            match records.next() {
                None => return Err(SheetError::Empty),
                Some(record) => {
                    let record = record.map_err(|error| malformed(&error))?;
                    if !is_blank(&record) {
                        break record;
                    }
                }
            }
        };
        let mut names: Vec<String> = header
            .iter()
            .map(|name| name.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}').to_owned())
            .collect();
        while names.last().is_some_and(String::is_empty) {
            names.pop();
        }
        if names.len() > limits.max_columns {
            return Err(SheetError::TooManyColumns { line: 1, max: limits.max_columns });
        }
        if let Some(column) = header.iter().position(|name| name.len() > limits.max_field_bytes) {
            return Err(SheetError::HeaderTooLarge { column: column + 1, max: limits.max_field_bytes });
        }

        let width = names.len();
        let mut lines = LineCounter { text: text.as_bytes(), at: 0, line: first_line };
        let mut rows = Vec::new();
        let mut rejected = Vec::new();
        for record in records {
            let mut record = record.map_err(|error| malformed(&error))?;
            if is_blank(&record) {
                continue;
            }
            if rows.len() + rejected.len() >= limits.max_rows {
                return Err(SheetError::TooManyRows { max: limits.max_rows });
            }
            let line = lines.line_at(record.position().map_or(0, |position| position.byte()));
            if record.len() > width && record.iter().skip(width).all(|field| field.trim().is_empty()) {
                record.truncate(width);
            }
            let problem = if let Some(column) = record.iter().position(|field| field.len() > limits.max_field_bytes) {
                Some(RowProblem::FieldTooLarge { column: column + 1, max: limits.max_field_bytes })
            } else if record.len() != width {
                Some(RowProblem::WrongFieldCount { expected: width, found: record.len() })
            } else {
                None
            };
            match problem {
                None => rows.push(Row { line, record }),
                Some(problem) => rejected.push(RejectedRow {
                    line,
                    fields: record.iter().map(|field| cut(field, limits.max_field_bytes).to_owned()).collect(),
                    problem,
                }),
            }
        }
        if rows.is_empty() && rejected.is_empty() {
            return Err(SheetError::NoRows);
        }
        Ok(Self { encoding, delimiter, header: names, rows, rejected })
    }
}

/// Line numbers from byte offsets, counted once through the text (the reader's own line count
/// is off after blank lines and line breaks inside quotes).
struct LineCounter<'t> {
    text: &'t [u8],
    at: usize,
    line: u64,
}

impl LineCounter<'_> {
    /// The line a record starts on, from the offset the reader gives for it: that offset can
    /// point at the end of the previous line (and blank lines after it), which are skipped.
    /// Offsets never go back.
    fn line_at(&mut self, offset: u64) -> u64 {
        let mut offset = usize::try_from(offset).unwrap_or(usize::MAX).min(self.text.len());
        while matches!(self.text.get(offset), Some(b'\r' | b'\n')) {
            offset += 1;
        }
        while self.at < offset {
            let byte = self.text[self.at];
            // "\r\n" is counted at its "\n"; a lone "\r" (old Mac files) ends a line too.
            if byte == b'\n' || (byte == b'\r' && self.text.get(self.at + 1) != Some(&b'\n')) {
                self.line += 1;
            }
            self.at += 1;
        }
        self.line
    }
}

/// The delimiter a first line `sep=X` names, and the text after that line.
fn separator_line(text: &str) -> Option<(Delimiter, &str)> {
    let rest = text.strip_prefix("sep=").or_else(|| text.strip_prefix("SEP="))?;
    let mut chars = rest.chars();
    let delimiter = match chars.next()? {
        ',' => Delimiter::Comma,
        ';' => Delimiter::Semicolon,
        '\t' => Delimiter::Tab,
        _ => return None,
    };
    let rest = chars.as_str();
    let rest = rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix('\n')).or_else(|| rest.strip_prefix('\r'))?;
    Some((delimiter, rest))
}

fn malformed(error: &csv::Error) -> SheetError {
    SheetError::Malformed { line: error.position().map_or(0, csv::Position::line) }
}

fn is_blank(record: &StringRecord) -> bool {
    record.iter().all(|field| field.trim().is_empty())
}

/// The longest prefix of `field` within `max` bytes that ends on a character boundary.
fn cut(field: &str, max: usize) -> &str {
    if field.len() <= max {
        return field;
    }
    let mut end = max;
    while !field.is_char_boundary(end) {
        end -= 1;
    }
    &field[..end]
}

/// Checks the text the way the CSV reader will read it, before it does: a quote opens a quoted
/// field only at the start of a field, `""` inside one is a literal quote, and a quote elsewhere
/// is an ordinary character. Refuses a quote the file never closes (the reader would swallow
/// the rest of the file into one field) and a line of more than `max_fields` fields (a line of
/// a million commas would take the server's memory before any row could be rejected).
fn scan(text: &str, delimiter: u8, max_fields: usize, first_line: u64) -> Result<(), SheetError> {
    let bytes = text.as_bytes();
    let mut line = first_line;
    let mut opened_on = 0u64;
    let mut in_quotes = false;
    let mut field_start = true;
    let mut fields = 1usize;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if in_quotes {
            if byte == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    in_quotes = false;
                }
            } else if byte == b'\n' {
                line += 1;
            }
        } else if byte == delimiter {
            fields += 1;
            if fields > max_fields {
                return Err(SheetError::TooManyColumns { line, max: max_fields });
            }
            field_start = true;
        } else if byte == b'\n' || byte == b'\r' {
            if byte == b'\n' {
                line += 1;
            }
            fields = 1;
            field_start = true;
        } else {
            if byte == b'"' && field_start {
                in_quotes = true;
                opened_on = line;
            }
            field_start = false;
        }
        i += 1;
    }
    if in_quotes { Err(SheetError::UnterminatedQuote { line: opened_on }) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Sheet, SheetError> {
        Sheet::parse(text.as_bytes(), &Limits::default())
    }

    fn fields(row: &Row) -> Vec<&str> {
        row.fields().collect()
    }

    #[test]
    fn header_and_rows() -> Result<(), SheetError> {
        let sheet = parse(
            "\u{feff} Email , Nombre\r\nana@example.sv,\"Peña, Ana\"\r\n\r\njose@example.sv,\"José \"\"Chepe\"\"\nRuiz\"\r\nluz@example.sv,Luz\r\r\neva@example.sv,Eva\r",
        )?;
        assert_eq!(sheet.delimiter, Delimiter::Comma);
        assert_eq!(sheet.header, ["Email", "Nombre"]);
        assert_eq!(sheet.rows.len(), 4);
        assert_eq!(fields(&sheet.rows[0]), ["ana@example.sv", "Peña, Ana"]);
        assert_eq!(fields(&sheet.rows[1]), ["jose@example.sv", "José \"Chepe\"\nRuiz"]);
        let lines: Vec<u64> = sheet.rows.iter().map(Row::line).collect();
        assert_eq!(lines, [2, 4, 6, 8], "blank lines, a line break in quotes and a lone CR all count");
        assert!(sheet.rejected.is_empty());
        Ok(())
    }

    #[test]
    fn ragged_rows_are_rejected_one_by_one() -> Result<(), SheetError> {
        let sheet = parse(
            "Correo;Nombre;Apellido\na@b.sv;Ana;Peña\nb@b.sv;Luz\nc@b.sv;Eva;Ruiz;de más\nd@b.sv;Teo;Sol;;\n;;\n",
        )?;
        assert_eq!(sheet.rows.iter().map(|row| row.line()).collect::<Vec<_>>(), [2, 5]);
        assert_eq!(fields(&sheet.rows[1]), ["d@b.sv", "Teo", "Sol"], "empty extra fields are dropped");
        assert_eq!(
            sheet.rejected,
            [
                RejectedRow {
                    line: 3,
                    fields: vec!["b@b.sv".into(), "Luz".into()],
                    problem: RowProblem::WrongFieldCount { expected: 3, found: 2 },
                },
                RejectedRow {
                    line: 4,
                    fields: vec!["c@b.sv".into(), "Eva".into(), "Ruiz".into(), "de más".into()],
                    problem: RowProblem::WrongFieldCount { expected: 3, found: 4 },
                },
            ]
        );
        Ok(())
    }

    #[test]
    fn an_unclosed_quote_fails_the_whole_file() {
        assert_eq!(
            parse("Email,Name\na@b.sv,Ana\nb@b.sv,\"Luz\nc@b.sv,Eva\n"),
            Err(SheetError::UnterminatedQuote { line: 3 })
        );
        // Quotes inside an unquoted field and escaped quotes are fine.
        assert!(parse("Email,Name\na@b.sv,Ana \"la Nena\" Peña\nb@b.sv,\"Luz \"\"Lucha\"\"\"\n").is_ok());
        // A semicolon file with a quoted comma is fine too.
        assert!(parse("Email;Name\na@b.sv;\"Peña, Ana\"\n").is_ok());
    }

    #[test]
    fn giant_fields_are_rejected_and_cut() -> Result<(), SheetError> {
        let limits = Limits { max_field_bytes: 10, ..Limits::default() };
        let text = format!("Email,Notes\na@b.sv,{}\nb@b.sv,ok\n", "ñ".repeat(100_000));
        let sheet = Sheet::parse(text.as_bytes(), &limits)?;
        assert_eq!(sheet.rows.len(), 1);
        assert_eq!(sheet.rejected.len(), 1);
        assert_eq!(sheet.rejected[0].problem, RowProblem::FieldTooLarge { column: 2, max: 10 });
        assert_eq!(sheet.rejected[0].fields, ["a@b.sv", "ñññññ"]);
        // With the default limit, a 1 MiB field is set aside the same way.
        let text = format!("Email,Notes\na@b.sv,{}\nb@b.sv,ok\n", "x".repeat(1 << 20));
        let sheet = parse(&text)?;
        assert_eq!(sheet.rejected[0].problem, RowProblem::FieldTooLarge { column: 2, max: 64 * 1024 });
        assert_eq!(sheet.rejected[0].fields[1].len(), 64 * 1024);
        // A giant header cell fails the file.
        let text = format!("Email,{}\na@b.sv,x\n", "y".repeat(11));
        assert_eq!(
            Sheet::parse(text.as_bytes(), &limits).err(),
            Some(SheetError::HeaderTooLarge { column: 2, max: 10 })
        );
        Ok(())
    }

    #[test]
    fn limits_on_size_columns_and_rows() {
        let limits = Limits { max_file_bytes: 100, max_columns: 3, max_rows: 2, ..Limits::default() };
        let big = "a,b\n".repeat(30);
        assert_eq!(Sheet::parse(big.as_bytes(), &limits).err(), Some(SheetError::TooLarge { max: 100 }));
        assert_eq!(
            Sheet::parse(b"a,b,c,d\n1,2,3,4\n", &limits).err(),
            Some(SheetError::TooManyColumns { line: 1, max: 3 })
        );
        assert!(Sheet::parse(b"a,b,c,,\n1,2,3\n", &limits).is_ok(), "empty trailing header cells do not count");
        assert_eq!(Sheet::parse(b"a,b\n1,2\n3,4\n5,6\n", &limits).err(), Some(SheetError::TooManyRows { max: 2 }));
        assert!(Sheet::parse(b"a,b\n1,2\n3,4\n", &limits).is_ok());
    }

    #[test]
    fn excel_separator_line() -> Result<(), SheetError> {
        assert_eq!(
            parse("sep=;\r\nNombre;Notas\r\nAna;uno, dos, tres\r\nLuz;\"a\r\n").err(),
            Some(SheetError::UnterminatedQuote { line: 4 }),
            "lines count the sep= line"
        );
        let sheet = parse("sep=;\r\nNombre;Notas\r\nAna;uno, dos, tres\r\n")?;
        assert_eq!(sheet.delimiter, Delimiter::Semicolon);
        assert_eq!(sheet.header, ["Nombre", "Notas"]);
        assert_eq!(sheet.rows[0].line(), 3);
        assert_eq!(fields(&sheet.rows[0]), ["Ana", "uno, dos, tres"]);
        // Anything else on the first line is the header.
        assert_eq!(parse("sep=x,b\n1,2\n")?.header, ["sep=x", "b"]);
        Ok(())
    }

    #[test]
    fn a_chosen_delimiter_wins() -> Result<(), SheetError> {
        let text = "Nombre,Apellido;Correo\nAna,Peña;a@b.sv\n";
        assert_eq!(parse(text)?.header, ["Nombre", "Apellido;Correo"]);
        let sheet = Sheet::parse_with(text.as_bytes(), &Limits::default(), Delimiter::Semicolon)?;
        assert_eq!(sheet.delimiter, Delimiter::Semicolon);
        assert_eq!(sheet.header, ["Nombre,Apellido", "Correo"]);
        Ok(())
    }

    #[test]
    fn excel_unicode_text_is_utf16_with_tabs() -> Result<(), SheetError> {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("Nombre\tCorreo\r\nJosé\tjose@example.sv\r\n".encode_utf16().flat_map(u16::to_le_bytes));
        let sheet = Sheet::parse(&bytes, &Limits::default())?;
        assert_eq!((sheet.encoding, sheet.delimiter), (Encoding::Utf16Le, Delimiter::Tab));
        assert_eq!(fields(&sheet.rows[0]), ["José", "jose@example.sv"]);
        Ok(())
    }

    #[test]
    fn a_line_of_a_million_commas_fails_before_it_is_read() {
        let text = format!("Email,Name\na@b.sv,Ana\n{}\n", ",".repeat(1_000_000));
        assert_eq!(parse(&text).err(), Some(SheetError::TooManyColumns { line: 3, max: 512 }));
    }

    #[test]
    fn empty_and_header_only() {
        assert_eq!(parse("").err(), Some(SheetError::Empty));
        assert_eq!(parse("\u{feff}\r\n  \n").err(), Some(SheetError::Empty));
        assert_eq!(Sheet::parse(b"\xEF\xBB\xBF", &Limits::default()).err(), Some(SheetError::Empty));
        assert_eq!(parse("Email Address,First Name,Last Name\r\n").err(), Some(SheetError::NoRows));
        assert_eq!(parse("Email Address,First Name\r\n,\r\n\r\n").err(), Some(SheetError::NoRows));
    }

    #[test]
    fn wrong_encodings_and_binary() -> Result<(), SheetError> {
        let sheet = Sheet::parse(b"Nombre;Apellido\nJos\xe9;Pe\xf1a\n", &Limits::default())?;
        assert_eq!(sheet.encoding, Encoding::Windows1252);
        assert_eq!(fields(&sheet.rows[0]), ["José", "Peña"]);
        assert_eq!(
            Sheet::parse(b"\x7fELF\x02\x01\x01\x00\x00\x00", &Limits::default()).err(),
            Some(SheetError::NotText)
        );
        assert_eq!(Sheet::parse(b"PK\x03\x04xlsx", &Limits::default()).err(), Some(SheetError::Workbook));
        Ok(())
    }

    #[test]
    fn scanner() {
        let unclosed = |line| Err(SheetError::UnterminatedQuote { line });
        assert_eq!(scan("a,\"b\nc", b',', 9, 1), unclosed(1));
        assert_eq!(scan("a,b\n\"c\"\"", b',', 9, 1), unclosed(2));
        assert_eq!(scan("a,b\n\"c\"\"\"", b',', 9, 1), Ok(()));
        assert_eq!(scan("a,b\"c\nd", b',', 9, 1), Ok(()), "a quote inside a field is literal");
        assert_eq!(scan("a;\"b,c\";\"", b';', 9, 1), unclosed(1));
        assert_eq!(scan("a\r\"b", b',', 9, 1), unclosed(1));
        assert_eq!(scan("a,b,c\n\"x,y,z,w\",1,2\n", b',', 3, 1), Ok(()), "delimiters in quotes do not count");
        assert_eq!(scan("a,b,c\n1,2,3,4\n", b',', 3, 1), Err(SheetError::TooManyColumns { line: 2, max: 3 }));
    }
}

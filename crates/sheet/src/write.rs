//! CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads accents), commas, quotes
//! where needed, CRLF line ends, and no cell a spreadsheet would run as a formula.

use std::borrow::Cow;
use std::io::{self, Write};

use crate::read::RejectedRow;

/// Characters that make a spreadsheet read a cell as a formula (or, for tab and carriage return,
/// hide one after them), per OWASP's advice on CSV injection.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell made safe to open: one starting with `=`, `+`, `-`, `@`, tab or carriage return gets a
/// leading `'`, which spreadsheets read as "this is text".
pub fn neutralize(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) { Cow::Owned(format!("'{cell}")) } else { Cow::Borrowed(cell) }
}

/// Takes off the `'` that [`neutralize`] put on, and only that one.
pub(crate) fn unneutralize(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// One cell of [`CsvWriter::write_cells`].
#[derive(Clone, Copy, Debug)]
pub enum Cell<'a> {
    /// Neutralized like every cell of [`CsvWriter::write_row`].
    Text(&'a str),
    Integer(i64),
}

/// Writes CSV rows, every text cell neutralized.
pub struct CsvWriter<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> CsvWriter<W> {
    /// Starts a file: writes the byte-order mark.
    pub fn new(mut out: W) -> io::Result<Self> {
        out.write_all(b"\xEF\xBB\xBF")?;
        Ok(Self { inner: Self::csv(out) })
    }

    fn csv(out: W) -> csv::Writer<W> {
        csv::WriterBuilder::new()
            .delimiter(b',')
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .flexible(true)
            .from_writer(out)
    }

    pub fn write_row<I, S>(&mut self, cells: I) -> io::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let record = cells.into_iter().map(|cell| neutralize(cell.as_ref()).into_owned());
        self.inner.write_record(record).map_err(io::Error::from)
    }

    /// Writes a row in which some cells are whole numbers, written as they are: a number such
    /// as `-2500` cannot be a formula, and a guard would make a spreadsheet read it as text.
    pub fn write_cells(&mut self, cells: &[Cell<'_>]) -> io::Result<()> {
        let record = cells.iter().map(|cell| match cell {
            Cell::Text(text) => neutralize(text).into_owned(),
            Cell::Integer(number) => number.to_string(),
        });
        self.inner.write_record(record).map_err(io::Error::from)
    }

    /// Flushes and hands back the output.
    pub fn into_inner(self) -> io::Result<W> {
        self.inner.into_inner().map_err(|error| error.into_error())
    }
}

impl CsvWriter<Vec<u8>> {
    /// Hands over what was written so far (the byte-order mark first) and keeps writing into a
    /// fresh buffer: for sending a long file in pieces.
    pub fn take(&mut self) -> io::Result<Vec<u8>> {
        std::mem::replace(&mut self.inner, Self::csv(Vec::new())).into_inner().map_err(|error| error.into_error())
    }
}

/// Writes rows that were set aside, as they were read plus a last column saying why, so a
/// person can fix them in a spreadsheet and import the file again.
pub struct RejectedWriter<W: Write> {
    csv: CsvWriter<W>,
    width: usize,
}

impl<W: Write> RejectedWriter<W> {
    /// Starts the file with the original header and a reason column of the given title.
    pub fn new<S: AsRef<str>>(out: W, header: &[S], reason_title: &str) -> io::Result<Self> {
        let mut csv = CsvWriter::new(out)?;
        csv.write_row(header.iter().map(AsRef::as_ref).chain([reason_title]))?;
        Ok(Self { csv, width: header.len() })
    }

    /// Writes one row's fields and its reason. Short rows are padded so the reason always lands
    /// in the reason column; long rows keep their extra fields after it.
    pub fn write<S: AsRef<str>>(&mut self, fields: &[S], reason: &str) -> io::Result<()> {
        let fields: Vec<&str> = fields.iter().map(AsRef::as_ref).collect();
        let (head, extra) = fields.split_at(fields.len().min(self.width));
        let padding = std::iter::repeat_n("", self.width - head.len());
        self.csv.write_row(head.iter().copied().chain(padding).chain([reason]).chain(extra.iter().copied()))
    }

    /// Writes a row the reader set aside, with the reason given for it.
    pub fn write_rejected(&mut self, row: &RejectedRow, reason: &str) -> io::Result<()> {
        self.write(&row.fields, reason)
    }

    pub fn into_inner(self) -> io::Result<W> {
        self.csv.into_inner()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{Limits, Sheet};

    fn text(bytes: &[u8]) -> &str {
        std::str::from_utf8(bytes).unwrap_or("not UTF-8")
    }

    #[test]
    fn formula_cells_are_neutralized() -> io::Result<()> {
        let mut writer = CsvWriter::new(Vec::new())?;
        writer.write_row(["=cmd|' /C calc'!A0", "+1+1", "-2", "@SUM(A1)", "\tx", "\r=1", "ana@example.sv", "a=b"])?;
        let out = writer.into_inner()?;
        assert!(out.starts_with(b"\xEF\xBB\xBF"));
        assert_eq!(text(&out[3..]), "'=cmd|' /C calc'!A0,'+1+1,'-2,'@SUM(A1),'\tx,\"'\r=1\",ana@example.sv,a=b\r\n");
        Ok(())
    }

    #[test]
    fn integers_are_written_as_numbers_and_text_beside_them_is_still_neutralized() -> io::Result<()> {
        let mut writer = CsvWriter::new(Vec::new())?;
        writer.write_cells(&[Cell::Integer(-2500), Cell::Text("-2500"), Cell::Text("=1"), Cell::Integer(7)])?;
        let out = writer.into_inner()?;
        assert_eq!(text(&out[3..]), "-2500,'-2500,'=1,7\r\n");
        Ok(())
    }

    #[test]
    fn quoting_and_line_ends() -> io::Result<()> {
        let mut writer = CsvWriter::new(Vec::new())?;
        writer.write_row(["Peña, Ana", "dijo \"hola\"", "línea 1\nlínea 2", "plain", ""])?;
        writer.write_row(["x"])?;
        let out = writer.into_inner()?;
        assert_eq!(text(&out[3..]), "\"Peña, Ana\",\"dijo \"\"hola\"\"\",\"línea 1\nlínea 2\",plain,\r\nx\r\n");
        Ok(())
    }

    #[test]
    fn what_we_write_we_read_back() -> Result<(), Box<dyn std::error::Error>> {
        let rows = [["Correo", "Teléfono", "Notas"], ["ana@example.sv", "+503 2222 0000", "=HYPERLINK(\"x\")"]];
        let mut writer = CsvWriter::new(Vec::new())?;
        for row in rows {
            writer.write_row(row)?;
        }
        let sheet = Sheet::parse(&writer.into_inner()?, &Limits::default())?;
        assert_eq!(sheet.header, rows[0]);
        let read: Vec<&str> = sheet.rows[0].fields().map(unneutralize).collect();
        assert_eq!(read, rows[1]);
        Ok(())
    }

    #[test]
    fn a_file_taken_in_pieces_is_the_whole_file() -> io::Result<()> {
        let mut writer = CsvWriter::new(Vec::new())?;
        writer.write_row(["Nombre", "Correo"])?;
        let mut out = writer.take()?;
        assert_eq!(text(&out), "\u{feff}Nombre,Correo\r\n");
        writer.write_row(["=1", "a@b.sv"])?;
        out.extend(writer.take()?);
        assert!(writer.take()?.is_empty());
        writer.write_row(["Peña"])?;
        out.extend(writer.into_inner()?);
        assert_eq!(text(&out), "\u{feff}Nombre,Correo\r\n'=1,a@b.sv\r\nPeña\r\n");
        Ok(())
    }

    #[test]
    fn rejected_rows_get_a_reason_column() -> io::Result<()> {
        let mut writer = RejectedWriter::new(Vec::new(), &["Email", "Name"], "Motivo")?;
        writer.write(&["a@b", "Ana"], "correo no válido")?;
        writer.write(&["b@b.sv"], "faltan campos")?;
        writer.write(&["c@b.sv", "Eva", "de más"], "sobran campos")?;
        writer.write(&["=1+1", "-x"], "fórmula")?;
        let out = writer.into_inner()?;
        assert_eq!(
            text(&out[3..]),
            "Email,Name,Motivo\r\na@b,Ana,correo no válido\r\nb@b.sv,,faltan campos\r\n\
             c@b.sv,Eva,sobran campos,de más\r\n'=1+1,'-x,fórmula\r\n"
        );
        Ok(())
    }

    #[test]
    fn unneutralize_only_takes_off_our_quote() {
        assert_eq!(unneutralize("'=1"), "=1");
        assert_eq!(unneutralize("'+503"), "+503");
        assert_eq!(unneutralize("'hola"), "'hola");
        assert_eq!(unneutralize("''=1"), "''=1");
        assert_eq!(unneutralize("=1"), "=1");
    }
}

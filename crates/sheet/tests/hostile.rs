//! Properties over any input: reading never panics and keeps its promises; what the writer
//! writes, the reader reads back.

use hermana_sheet::{CsvWriter, Field, Limits, Mapping, Sheet, SheetError, neutralize};
use proptest::prelude::*;

fn small_limits() -> Limits {
    Limits { max_file_bytes: 1 << 16, max_field_bytes: 64, max_columns: 8, max_rows: 50 }
}

proptest! {
    // Few cases each: the tests run unoptimized in every `scripts/test`.
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Any bytes: an error, or rows exactly as wide as the header within every limit.
    #[test]
    fn any_bytes_are_read_or_refused(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes)?;
    }

    /// Text made of the characters that matter to CSV.
    #[test]
    fn any_csv_like_text_is_read_or_refused(text in "[a,;\t\"\r\n =é]{0,400}") {
        check(text.as_bytes())?;
    }

    /// Whatever the writer writes comes back: the header, and every field through `Mapping::value`
    /// (which trims and takes off the formula guard).
    #[test]
    fn written_files_read_back(
        header in proptest::collection::vec("[A-Za-zñé0-9]{1,8}", 2..6),
        cells in proptest::collection::vec(proptest::collection::vec("[a-z;,\"\n\r\t =+@ñ'-]{0,12}", 6), 1..20),
    ) {
        let width = header.len();
        let rows: Vec<Vec<String>> = cells
            .into_iter()
            .map(|row| row.into_iter().take(width).collect::<Vec<_>>())
            .filter(|row| row.iter().any(|cell| !cell.trim().is_empty()))
            .collect();
        prop_assume!(!rows.is_empty());
        let mut writer = CsvWriter::new(Vec::new()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        writer.write_row(&header).map_err(|e| TestCaseError::fail(e.to_string()))?;
        for row in &rows {
            writer.write_row(row).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        let bytes = writer.into_inner().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let sheet = Sheet::parse(&bytes, &Limits::default()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&sheet.header, &header);
        prop_assert!(sheet.rejected.is_empty());
        prop_assert_eq!(sheet.rows.len(), rows.len());
        let mapping = Mapping::from_choices(width, (0..width).map(|column| (column, Field::ALL[column])))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        for (read, written) in sheet.rows.iter().zip(&rows) {
            for (column, cell) in written.iter().enumerate() {
                // The raw field is exactly what was written.
                let written_field = neutralize(cell);
                prop_assert_eq!(read.get(column), Some(written_field.as_ref()));
                // The value is the cell trimmed, guard or not (a cell that itself starts with the
                // guard before a formula character is ambiguous, and read as guarded).
                let trimmed = cell.trim();
                if !trimmed.starts_with('\'') {
                    let value = mapping.value(read, Field::ALL[column]).unwrap_or("");
                    prop_assert_eq!(value, trimmed, "column {} of {:?}", column, written);
                }
            }
        }
    }
}

fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    let limits = small_limits();
    match Sheet::parse(bytes, &limits) {
        Err(SheetError::Malformed { .. }) => {
            Err(TestCaseError::fail("the pre-scan should catch what the reader cannot read"))
        }
        Err(_) => Ok(()),
        Ok(sheet) => {
            prop_assert!(!sheet.header.is_empty() || sheet.rows.iter().all(|row| row.is_empty()));
            prop_assert!(sheet.header.len() <= limits.max_columns);
            prop_assert!(sheet.rows.len() + sheet.rejected.len() <= limits.max_rows);
            prop_assert!(!sheet.rows.is_empty() || !sheet.rejected.is_empty());
            for row in &sheet.rows {
                prop_assert_eq!(row.len(), sheet.header.len());
                prop_assert!(row.fields().all(|field| field.len() <= limits.max_field_bytes));
                prop_assert!(row.line() >= 2);
            }
            for rejected in &sheet.rejected {
                prop_assert!(rejected.fields.iter().all(|field| field.len() <= limits.max_field_bytes));
            }
            Ok(())
        }
    }
}

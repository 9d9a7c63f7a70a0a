//! Bytes to text: UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark, else
//! Windows-1252 (what Excel in Spanish writes as "CSV"; a superset of Latin-1's printable range).

use std::fmt;

use crate::read::SheetError;

/// The encoding a file was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// UTF-8 starting with a byte-order mark (Excel's "CSV UTF-8").
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// Anything that is not valid UTF-8 and has no byte-order mark.
    Windows1252,
}

impl Encoding {
    /// The name people know it by.
    pub fn label(self) -> &'static str {
        match self {
            Self::Utf8 => "UTF-8",
            Self::Utf8Bom => "UTF-8 (BOM)",
            Self::Utf16Le => "UTF-16LE",
            Self::Utf16Be => "UTF-16BE",
            Self::Windows1252 => "Windows-1252",
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Decodes an uploaded file, refusing what is not text: workbooks (`.xlsx`, `.xls`, `.ods`
/// uploaded by mistake), other binary files, and files whose byte-order mark promises an
/// encoding their bytes break.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), SheetError> {
    if bytes.is_empty() {
        return Err(SheetError::Empty);
    }
    // Zip (xlsx, ods) and OLE2 compound files (xls) start with these signatures.
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(SheetError::Workbook);
    }
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let text = std::str::from_utf8(rest).map_err(|_| SheetError::InvalidText { encoding: Encoding::Utf8Bom })?;
        (text.to_owned(), Encoding::Utf8Bom)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        (utf16(encoding_rs::UTF_16LE, rest, Encoding::Utf16Le)?, Encoding::Utf16Le)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        (utf16(encoding_rs::UTF_16BE, rest, Encoding::Utf16Be)?, Encoding::Utf16Be)
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        (text.to_owned(), Encoding::Utf8)
    } else {
        // Windows-1252 maps every byte to a character, so this cannot fail; binary files are
        // caught below by their control characters.
        let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
        (text.into_owned(), Encoding::Windows1252)
    };
    if !looks_like_text(&text) {
        return Err(SheetError::NotText);
    }
    Ok((text, encoding))
}

fn utf16(encoding: &'static encoding_rs::Encoding, bytes: &[u8], ours: Encoding) -> Result<String, SheetError> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
        .ok_or(SheetError::InvalidText { encoding: ours })
}

/// Text has no NUL and almost no other control characters (tab, line breaks and form feed aside).
fn looks_like_text(text: &str) -> bool {
    let mut controls = 0usize;
    let mut total = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\0' {
            return false;
        }
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0c}') {
            controls += 1;
        }
    }
    // One stray control character per hundred is a damaged text file; more is not text.
    controls * 100 <= total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("correo;José\n".as_bytes()), Ok(("correo;José\n".into(), Encoding::Utf8)));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("Nombre\nAna María\n".as_bytes());
        assert_eq!(decode(&bom), Ok(("Nombre\nAna María\n".into(), Encoding::Utf8Bom)));
    }

    #[test]
    fn windows_1252_from_spanish_excel() {
        // "Nombre;Año;Señora Núñez;€5" as Excel in Spanish saves it.
        let bytes = b"Nombre;A\xf1o\nSe\xf1ora N\xfa\xf1ez;\x805\n";
        assert_eq!(decode(bytes), Ok(("Nombre;Año\nSeñora Núñez;€5\n".into(), Encoding::Windows1252)));
    }

    #[test]
    fn utf16_with_bom() {
        let text = "Email,Nombre\nana@example.org,Ana Peña\n";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le), Ok((text.into(), Encoding::Utf16Le)));
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be), Ok((text.into(), Encoding::Utf16Be)));
        // An odd number of bytes cannot be UTF-16.
        le.push(b'x');
        assert_eq!(decode(&le), Err(SheetError::InvalidText { encoding: Encoding::Utf16Le }));
    }

    #[test]
    fn broken_utf8_after_a_bom_is_refused() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFNombre\nPe\xf1a\n"),
            Err(SheetError::InvalidText { encoding: Encoding::Utf8Bom })
        );
    }

    #[test]
    fn utf16_without_bom_is_not_text() {
        let bytes: Vec<u8> = "Email\nana@example.org\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&bytes), Err(SheetError::NotText));
    }

    #[test]
    fn binary_and_workbooks_are_refused() {
        assert_eq!(decode(b""), Err(SheetError::Empty));
        assert_eq!(decode(b"PK\x03\x04\x14\x00\x06\x00rest of a zip"), Err(SheetError::Workbook));
        assert_eq!(decode(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]), Err(SheetError::Workbook));
        // A PNG header and some pixels.
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01"), Err(SheetError::NotText));
        // Pseudo-random bytes without NUL: too many control characters to be text.
        let noise: Vec<u8> = (1..=4000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8 | 1).collect();
        assert_eq!(decode(&noise), Err(SheetError::NotText));
    }
}

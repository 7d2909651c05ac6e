//! The part of an npy file before the data: the magic string, the format
//! version, the header length and the header dictionary.
//!
//! The dictionary is a Python literal, which numpy 2.4 evaluates with
//! `ast.literal_eval`. This parser reads the small subset of Python that
//! such a header uses, without evaluating anything, in time linear in the
//! header's length.

#![forbid(unsafe_code)]

use alloc::string::String;
use alloc::vec::Vec;

use super::NpyError;
use super::dtype::{self, ByteOrder, DataType};

/// The first 6 bytes of every npy file.
pub(crate) const MAGIC: &[u8; 6] = b"\x93NUMPY";

/// The description of the data in the header.
#[derive(Debug)]
pub(crate) struct Header {
    /// The `descr` string as written, such as `<f8`.
    pub(crate) descr: String,
    pub(crate) data_type: DataType,
    pub(crate) byte_order: ByteOrder,
    /// Whether the data is in column-major order.
    pub(crate) fortran_order: bool,
    pub(crate) shape: Vec<usize>,
    /// The byte offset of the first data byte.
    pub(crate) body_start: usize,
}

/// Reads the magic string, the format version, the header length and the
/// header dictionary.
pub(crate) fn parse_header(bytes: &[u8]) -> Result<Header, NpyError> {
    let preamble = parse_preamble(bytes)?;
    // `parse_preamble` checked that the header lies inside the input.
    let text = bytes
        .get(preamble.header_start..preamble.body_start)
        .unwrap_or_default();
    // Format version 3.0 encodes the header in UTF-8. Versions 1.0 and 2.0
    // use latin-1, where every byte is a character.
    let utf8 = preamble.version == (3, 0);
    if utf8 && let Err(error) = core::str::from_utf8(text) {
        return Err(NpyError::HeaderNotUtf8 {
            offset: error.valid_up_to(),
        });
    }

    let mut cursor = Cursor {
        text,
        offset: 0,
        utf8,
        long_suffix: !utf8,
    };
    let fields = cursor.parse_dictionary()?;

    let missing = |key| NpyError::MissingKey { key };
    let (descr, data_type, byte_order) = fields.descr.ok_or_else(|| missing("descr"))?;
    let fortran_order = fields
        .fortran_order
        .ok_or_else(|| missing("fortran_order"))?;
    let shape = fields.shape.ok_or_else(|| missing("shape"))?;
    Ok(Header {
        descr,
        data_type,
        byte_order,
        fortran_order,
        shape,
        body_start: preamble.body_start,
    })
}

/// The fields before the header dictionary.
struct Preamble {
    version: (u8, u8),
    /// The byte offset of the first header byte.
    header_start: usize,
    /// The byte offset after the last header byte, at most the input length.
    body_start: usize,
}

/// Reads the magic string, the format version and the header length, and
/// checks that the header lies inside the input.
fn parse_preamble(bytes: &[u8]) -> Result<Preamble, NpyError> {
    let magic_length = bytes.len().min(MAGIC.len());
    if bytes[..magic_length] != MAGIC[..magic_length] {
        return Err(NpyError::InvalidMagic {
            found: bytes[..magic_length].to_vec(),
        });
    }
    let truncated = |needed| NpyError::TruncatedPreamble {
        needed,
        found: bytes.len(),
    };
    let (Some(&major), Some(&minor)) = (bytes.get(6), bytes.get(7)) else {
        return Err(truncated(10));
    };

    // The header length is a u16 in version 1.0 and a u32 in 2.0 and 3.0,
    // both little-endian.
    let length_size = match (major, minor) {
        (1, 0) => 2,
        (2, 0) | (3, 0) => 4,
        _ => return Err(NpyError::UnsupportedVersion { major, minor }),
    };
    let header_start = MAGIC.len() + 2 + length_size;
    let Some(length_bytes) = bytes.get(MAGIC.len() + 2..header_start) else {
        return Err(truncated(header_start));
    };
    let header_length = length_bytes
        .iter()
        .rev()
        .fold(0u32, |length, &byte| (length << 8) | u32::from(byte));

    let body_start = usize::try_from(header_length)
        .ok()
        .and_then(|length| length.checked_add(header_start))
        .filter(|&end| end <= bytes.len())
        .ok_or(NpyError::HeaderPastEnd {
            header_start,
            header_length,
            found: bytes.len(),
        })?;
    Ok(Preamble {
        version: (major, minor),
        header_start,
        body_start,
    })
}

/// The three keys of the header dictionary.
#[derive(Clone, Copy)]
enum Key {
    Descr,
    FortranOrder,
    Shape,
}

impl Key {
    fn name(self) -> &'static str {
        match self {
            Self::Descr => "descr",
            Self::FortranOrder => "fortran_order",
            Self::Shape => "shape",
        }
    }
}

/// The values of the header dictionary, each set once it is read.
#[derive(Default)]
struct Fields {
    descr: Option<(String, DataType, ByteOrder)>,
    fortran_order: Option<bool>,
    shape: Option<Vec<usize>>,
}

impl Fields {
    fn contains(&self, key: Key) -> bool {
        match key {
            Key::Descr => self.descr.is_some(),
            Key::FortranOrder => self.fortran_order.is_some(),
            Key::Shape => self.shape.is_some(),
        }
    }
}

/// A read position in the header text.
struct Cursor<'a> {
    text: &'a [u8],
    offset: usize,
    /// Whether the text is UTF-8 (format version 3.0) rather than latin-1.
    utf8: bool,
    /// Whether an integer may end in the `L` of a Python 2 long integer.
    long_suffix: bool,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.offset).copied()
    }

    /// Returns the character at the cursor, for error messages.
    fn found(&self) -> Option<char> {
        let rest = self.text.get(self.offset..)?;
        let first_byte = char::from(*rest.first()?);
        if !self.utf8 {
            return Some(first_byte);
        }
        let valid = rest.utf8_chunks().next().map(|chunk| chunk.valid());
        valid
            .and_then(|text| text.chars().next())
            .or(Some(first_byte))
    }

    fn error(&self, expected: &'static str) -> NpyError {
        NpyError::InvalidHeader {
            offset: self.offset,
            expected,
            found: self.found(),
        }
    }

    /// Moves past the whitespace that Python allows between the tokens of
    /// a dictionary: space, tab, newline, carriage return and form feed.
    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0C) = self.peek() {
            self.offset += 1;
        }
    }

    /// Moves past `byte`, or fails with `expected` if another byte is next.
    fn expect(&mut self, byte: u8, expected: &'static str) -> Result<(), NpyError> {
        if self.peek() != Some(byte) {
            return Err(self.error(expected));
        }
        self.offset += 1;
        Ok(())
    }

    /// Reads the whole header: one dictionary, then only whitespace.
    fn parse_dictionary(&mut self) -> Result<Fields, NpyError> {
        let mut fields = Fields::default();
        self.skip_whitespace();
        self.expect(b'{', "'{' to open the dictionary")?;
        self.skip_whitespace();

        // Each entry is followed by a comma or the closing brace, and a
        // comma may also come before the closing brace.
        while self.peek() != Some(b'}') {
            self.parse_entry(&mut fields)?;
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => {
                    self.offset += 1;
                    self.skip_whitespace();
                }
                Some(b'}') => {}
                _ => return Err(self.error("',' or '}' after the value")),
            }
        }
        self.offset += 1;

        self.skip_whitespace();
        if self.offset < self.text.len() {
            return Err(self.error("only whitespace after the closing '}'"));
        }
        Ok(fields)
    }

    /// Reads one `key: value` entry into `fields`.
    fn parse_entry(&mut self, fields: &mut Fields) -> Result<(), NpyError> {
        let key_offset = self.offset;
        if !matches!(self.peek(), Some(b'\'' | b'"')) {
            return Err(self.error("a quoted key or '}'"));
        }
        let key = match self.parse_string()?.as_str() {
            "descr" => Key::Descr,
            "fortran_order" => Key::FortranOrder,
            "shape" => Key::Shape,
            other => {
                return Err(NpyError::UnknownKey {
                    key: other.into(),
                    offset: key_offset,
                });
            }
        };
        if fields.contains(key) {
            return Err(NpyError::DuplicateKey {
                key: key.name(),
                offset: key_offset,
            });
        }

        self.skip_whitespace();
        self.expect(b':', "':' after the key")?;
        self.skip_whitespace();
        match key {
            Key::Descr => fields.descr = Some(self.parse_descr()?),
            Key::FortranOrder => fields.fortran_order = Some(self.parse_bool()?),
            Key::Shape => fields.shape = Some(self.parse_shape()?),
        }
        Ok(())
    }

    /// Reads a string in single or double quotes, with the cursor on the
    /// opening quote.
    fn parse_string(&mut self) -> Result<String, NpyError> {
        let quote = self.peek();
        self.offset += 1;
        let start = self.offset;

        // Python strings may contain escapes, but no header that numpy
        // writes does, so a backslash is rejected instead of decoded.
        while self.peek() != quote {
            match self.peek() {
                None | Some(b'\n' | b'\r') => {
                    return Err(self.error("the closing quote of the string"));
                }
                Some(b'\\') => return Err(self.error("a string without backslash escapes")),
                Some(_) => self.offset += 1,
            }
        }
        self.offset += 1;

        Ok(self.text_between(start, self.offset - 1))
    }

    /// Returns the header text from `start` to `end` as a string.
    fn text_between(&self, start: usize, end: usize) -> String {
        let bytes = self.text.get(start..end).unwrap_or_default();
        if self.utf8 {
            // `parse_header` checked that the whole header is UTF-8, and the
            // bounds sit next to ASCII bytes, so nothing is replaced.
            String::from_utf8_lossy(bytes).into_owned()
        } else {
            bytes.iter().map(|&byte| char::from(byte)).collect()
        }
    }

    /// Reads the `descr` value and checks that this crate reads its dtype.
    fn parse_descr(&mut self) -> Result<(String, DataType, ByteOrder), NpyError> {
        match self.peek() {
            Some(b'\'' | b'"') => {
                let descr = self.parse_string()?;
                match dtype::parse_descr(&descr) {
                    Some((data_type, byte_order)) => Ok((descr, data_type, byte_order)),
                    None => Err(NpyError::UnsupportedDtype { descr }),
                }
            }
            // numpy writes a structured dtype as a list of fields and a
            // subarray dtype as a tuple.
            Some(b'[' | b'(') => {
                let descr = self.skip_brackets()?;
                Err(NpyError::UnsupportedDtype { descr })
            }
            _ => Err(self.error("a dtype string such as '<f8'")),
        }
    }

    /// Moves past a bracketed value and returns its text, with the cursor
    /// on the opening bracket.
    fn skip_brackets(&mut self) -> Result<String, NpyError> {
        let start = self.offset;
        let mut depth = 0usize;

        loop {
            match self.peek() {
                None => return Err(self.error("the closing bracket of the dtype")),
                Some(b'[' | b'(') => depth += 1,
                Some(b']' | b')') => depth -= 1,
                Some(b'\'' | b'"') => {
                    self.parse_string()?;
                    continue;
                }
                Some(_) => {}
            }
            self.offset += 1;
            if depth == 0 {
                break;
            }
        }
        Ok(self.text_between(start, self.offset))
    }

    /// Reads the Python literal `True` or `False`.
    fn parse_bool(&mut self) -> Result<bool, NpyError> {
        let start = self.offset;
        let word_length = self.text[start..]
            .iter()
            .take_while(|&&byte| byte.is_ascii_alphanumeric() || byte == b'_')
            .count();

        let value = match &self.text[start..start + word_length] {
            b"True" => true,
            b"False" => false,
            _ => return Err(self.error("True or False")),
        };
        self.offset += word_length;
        Ok(value)
    }

    /// Reads the shape: a tuple of lengths such as `()`, `(5,)` or `(2, 3)`.
    fn parse_shape(&mut self) -> Result<Vec<usize>, NpyError> {
        self.expect(b'(', "a shape tuple such as (2, 3)")?;
        self.skip_whitespace();
        let mut shape = Vec::new();

        // Each length is followed by a comma or the closing parenthesis, and
        // a comma may also come before the closing parenthesis.
        while self.peek() != Some(b')') {
            shape.push(self.parse_length(shape.len())?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => {
                    self.offset += 1;
                    self.skip_whitespace();
                }
                // In Python `(5)` is the integer 5, so a tuple of one length
                // needs the comma.
                Some(b')') if shape.len() == 1 => {
                    return Err(self.error("',' after the only length, as in (5,)"));
                }
                Some(b')') => {}
                _ => return Err(self.error("',' or ')' after the length")),
            }
        }
        self.offset += 1;
        Ok(shape)
    }

    /// Reads one length of the shape, a Python integer literal in decimal.
    fn parse_length(&mut self, axis: usize) -> Result<usize, NpyError> {
        let start = self.offset;
        let digit_count = self.text[start..]
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        let digits = &self.text[start..start + digit_count];

        if digits.is_empty() {
            return Err(self.error("a length, a decimal integer of at least 0"));
        }
        // Python rejects a leading zero before other digits, such as `05`.
        if digits[0] == b'0' && digits.iter().any(|&digit| digit != b'0') {
            return Err(self.error("a length without leading zeros"));
        }

        let mut length = 0usize;
        for &digit in digits {
            length = length
                .checked_mul(10)
                .and_then(|tens| tens.checked_add(usize::from(digit - b'0')))
                .ok_or(NpyError::DimensionTooLarge {
                    axis,
                    offset: start,
                })?;
        }
        self.offset += digit_count;

        // numpy 2.4 removes the `L` that Python 2 wrote after long integers
        // before it evaluates a header of version 1.0 or 2.0
        // (`_filter_header` in numpy/lib/_format_impl.py).
        if self.long_suffix && self.peek() == Some(b'L') {
            self.offset += 1;
        }
        Ok(length)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::vec;

    /// Builds a version 1.0 file, without data, around `dictionary`.
    fn npy_v1(dictionary: &str) -> Vec<u8> {
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&[1, 0]);
        bytes.extend_from_slice(&(dictionary.len() as u16).to_le_bytes());
        bytes.extend_from_slice(dictionary.as_bytes());
        bytes
    }

    /// Builds a file of `version`, without data, around the bytes `dictionary`.
    fn npy_v2_or_v3(major: u8, dictionary: &[u8]) -> Vec<u8> {
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&[major, 0]);
        bytes.extend_from_slice(&(dictionary.len() as u32).to_le_bytes());
        bytes.extend_from_slice(dictionary);
        bytes
    }

    fn parse(dictionary: &str) -> Result<Header, NpyError> {
        parse_header(&npy_v1(dictionary))
    }

    /// Returns the offset, expectation and character of an `InvalidHeader`.
    fn invalid(dictionary: &str) -> (usize, &'static str, Option<char>) {
        match parse(dictionary) {
            Err(NpyError::InvalidHeader {
                offset,
                expected,
                found,
            }) => (offset, expected, found),
            other => panic!("header {dictionary:?}: expected InvalidHeader, got {other:?}"),
        }
    }

    #[test]
    fn parse_header_reads_numpy_header() {
        let text = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }          \n";
        let header = parse(text).unwrap();

        assert_eq!(header.descr, "<f8");
        assert_eq!(header.data_type, DataType::Float64);
        assert_eq!(header.byte_order, ByteOrder::Little);
        assert!(!header.fortran_order);
        assert_eq!(header.shape, vec![2, 3]);
        assert_eq!(header.body_start, 10 + text.len());
    }

    #[test]
    fn parse_header_accepts_any_key_order_and_quotes() {
        let header = parse("{\"shape\": (4,), \"fortran_order\": True, 'descr': \">i4\"}").unwrap();

        assert_eq!(header.shape, vec![4]);
        assert!(header.fortran_order);
        assert_eq!(header.data_type, DataType::Int32);
        assert_eq!(header.byte_order, ByteOrder::Big);
    }

    #[test]
    fn parse_header_accepts_whitespace_between_tokens() {
        let text = "\t{\n 'descr' :\r'|u1' ,\x0c'fortran_order':False,'shape':( 2 ,3 , ) ,\n}\n\n";
        let header = parse(text).unwrap();

        assert_eq!(header.shape, vec![2, 3]);
        assert_eq!(header.data_type, DataType::Uint8);
    }

    #[test]
    fn parse_header_reads_every_tuple_form() {
        let cases: [(&str, &[usize]); 6] = [
            ("()", &[]),
            ("( )", &[]),
            ("(5,)", &[5]),
            ("(0,)", &[0]),
            ("(2, 3)", &[2, 3]),
            ("(1, 0, 7, 100,)", &[1, 0, 7, 100]),
        ];

        for (tuple, expected) in cases {
            let text = format!("{{'descr': '<f8', 'fortran_order': False, 'shape': {tuple}}}");
            assert_eq!(parse(&text).unwrap().shape, expected, "shape {tuple}");
        }
    }

    #[test]
    fn parse_header_accepts_python2_long_suffix() {
        let text = "{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 3L), }";
        assert_eq!(parse(text).unwrap().shape, vec![2, 3]);

        let error = parse_header(&npy_v2_or_v3(3, text.as_bytes())).unwrap_err();
        assert!(matches!(
            error,
            NpyError::InvalidHeader {
                offset: 52,
                found: Some('L'),
                ..
            }
        ));
    }

    #[test]
    fn parse_header_rejects_malformed_dictionaries() {
        let cases: [(&str, usize, &str); 12] = [
            ("", 0, "'{' to open the dictionary"),
            ("'descr': '<f8'", 0, "'{' to open the dictionary"),
            ("{descr: '<f8'}", 1, "a quoted key or '}'"),
            ("{'descr' '<f8'}", 9, "':' after the key"),
            (
                "{'descr': '<f8' 'shape': ()}",
                16,
                "',' or '}' after the value",
            ),
            ("{'descr': '<f8',, }", 16, "a quoted key or '}'"),
            (
                "{'descr': '<f8'} x",
                17,
                "only whitespace after the closing '}'",
            ),
            ("{'descr': '<f8}", 15, "the closing quote of the string"),
            (
                "{'descr': '<f\\x38'}",
                13,
                "a string without backslash escapes",
            ),
            ("{'descr': <f8}", 10, "a dtype string such as '<f8'"),
            ("{'fortran_order': 0}", 18, "True or False"),
            ("{'fortran_order': Truest}", 18, "True or False"),
        ];

        for (text, expected_offset, expected_text) in cases {
            let (offset, expected, _) = invalid(text);
            assert_eq!(offset, expected_offset, "header {text:?}");
            assert_eq!(expected, expected_text, "header {text:?}");
        }
    }

    #[test]
    fn parse_header_rejects_malformed_shapes() {
        let cases: [(&str, usize, &str); 7] = [
            ("[2, 3]", 50, "a shape tuple such as (2, 3)"),
            ("(5)", 52, "',' after the only length, as in (5,)"),
            ("(2 3)", 53, "',' or ')' after the length"),
            ("(-1,)", 51, "a length, a decimal integer of at least 0"),
            ("(,)", 51, "a length, a decimal integer of at least 0"),
            ("(05,)", 51, "a length without leading zeros"),
            ("(2, 3", 55, "',' or ')' after the length"),
        ];

        for (tuple, expected_offset, expected_text) in cases {
            let text = format!("{{'descr': '<f8', 'fortran_order': False, 'shape': {tuple}}}");
            let (offset, expected, _) = invalid(&text);
            assert_eq!(offset, expected_offset, "shape {tuple}");
            assert_eq!(expected, expected_text, "shape {tuple}");
        }
    }

    #[test]
    fn parse_header_accepts_all_zero_length() {
        let text = "{'descr': '<f8', 'fortran_order': False, 'shape': (00, 3)}";
        assert_eq!(parse(text).unwrap().shape, vec![0, 3]);
    }

    #[test]
    fn parse_header_reports_found_character() {
        let (_, _, found) = invalid("{'descr': '<f8', 'fortran_order': No}");
        assert_eq!(found, Some('N'));
        let (_, _, found) = invalid("{'descr': '<f8'");
        assert_eq!(found, None);
    }

    #[test]
    fn parse_header_reports_utf8_character_in_version_3() {
        let text = "{'descr': '<f8', 'fortran_order': False, 'shape': (é,)}";
        let error = parse_header(&npy_v2_or_v3(3, text.as_bytes())).unwrap_err();

        assert!(matches!(
            error,
            NpyError::InvalidHeader {
                offset: 51,
                found: Some('é'),
                ..
            }
        ));
    }

    #[test]
    fn parse_header_reads_latin1_byte_in_version_2() {
        let mut text = b"{'descr': '<f8', 'fortran_order': False, 'shape': (".to_vec();
        text.extend_from_slice(b"\xe9,)}");
        let error = parse_header(&npy_v2_or_v3(2, &text)).unwrap_err();

        assert!(matches!(
            error,
            NpyError::InvalidHeader {
                found: Some('\u{e9}'),
                ..
            }
        ));
    }

    #[test]
    fn parse_header_rejects_invalid_utf8_in_version_3() {
        let error = parse_header(&npy_v2_or_v3(3, b"{'descr': '\xff'}")).unwrap_err();

        assert!(matches!(error, NpyError::HeaderNotUtf8 { offset: 11 }));
    }

    #[test]
    fn parse_header_skips_structured_dtype() {
        let text =
            "{'descr': [('x', '<f4'), ('y]', '<f4')], 'fortran_order': False, 'shape': (2,)}";
        let error = parse(text).unwrap_err();

        assert!(
            matches!(&error, NpyError::UnsupportedDtype { descr } if descr == "[('x', '<f4'), ('y]', '<f4')]"),
            "{error:?}"
        );
        let error = parse("{'descr': [('x', '<f4')").unwrap_err();
        assert!(matches!(error, NpyError::InvalidHeader { offset: 23, .. }));
    }

    #[test]
    fn parse_header_rejects_unknown_and_duplicate_keys() {
        let error = parse("{'descr': '<f8', 'order': 'C'}").unwrap_err();
        assert!(matches!(&error, NpyError::UnknownKey { key, offset: 17 } if key == "order"));

        let error = parse("{'shape': (), 'shape': ()}").unwrap_err();
        assert!(matches!(
            error,
            NpyError::DuplicateKey {
                key: "shape",
                offset: 14
            }
        ));
    }

    #[test]
    fn parse_header_rejects_missing_keys() {
        let cases = [
            ("{}", "descr"),
            ("{'descr': '<f8'}", "fortran_order"),
            ("{'descr': '<f8', 'fortran_order': True, }", "shape"),
        ];

        for (text, expected_key) in cases {
            let error = parse(text).unwrap_err();
            assert!(
                matches!(error, NpyError::MissingKey { key } if key == expected_key),
                "header {text:?}: {error:?}"
            );
        }
    }

    #[test]
    fn parse_header_rejects_length_above_usize() {
        let text = format!(
            "{{'descr': '<f8', 'fortran_order': False, 'shape': (1, {}0)}}",
            usize::MAX
        );
        let error = parse(&text).unwrap_err();

        assert!(matches!(
            error,
            NpyError::DimensionTooLarge {
                axis: 1,
                offset: 54
            }
        ));
    }

    #[test]
    fn parse_preamble_checks_every_field() {
        assert!(matches!(
            parse_header(b"\x93NUMPY\x01"),
            Err(NpyError::TruncatedPreamble {
                needed: 10,
                found: 7
            })
        ));
        assert!(matches!(
            parse_header(b"\x93NUMPY\x02\x00\x00\x00\x00"),
            Err(NpyError::TruncatedPreamble {
                needed: 12,
                found: 11
            })
        ));
        assert!(matches!(
            parse_header(b"\x93NUMPY\x01\x01\x00\x00"),
            Err(NpyError::UnsupportedVersion { major: 1, minor: 1 })
        ));
        assert!(matches!(
            parse_header(b"\x93NUMPY\x01\x00\x05\x00{}"),
            Err(NpyError::HeaderPastEnd {
                header_start: 10,
                header_length: 5,
                found: 12
            })
        ));
    }

    #[test]
    fn parse_preamble_reads_u32_length() {
        let mut bytes = npy_v2_or_v3(2, b"{}");
        bytes[8..12].copy_from_slice(&[0xff, 0xff, 0xff, 0xff]);

        assert!(matches!(
            parse_header(&bytes),
            Err(NpyError::HeaderPastEnd {
                header_length: u32::MAX,
                ..
            })
        ));
    }
}

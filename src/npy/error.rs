//! The error type of npy reading and writing.

#![forbid(unsafe_code)]

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::error::TupleDisplay;

/// An npy input was rejected, or an npy file could not be read or written.
///
/// Every variant carries the numbers and strings that were checked, and
/// `Display` names them. A "header byte" counts from the first byte of the
/// header dictionary, and a "byte offset" from the start of the input.
///
/// # Examples
///
/// ```
/// use baretensor::npy::{parse_npy, to_npy_bytes, NpyError};
/// use baretensor::tensor;
///
/// let bytes = to_npy_bytes(&tensor![1, 2, 3]);
/// let error = parse_npy::<f64>(&bytes).unwrap_err();
/// assert!(matches!(error, NpyError::DtypeMismatch { requested: "float64", .. }));
/// assert_eq!(
///     error.to_string(),
///     "npy dtype is <i4 (int32) but float64 was requested: \
///      request i32 or call parse_npy_any"
/// );
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum NpyError {
    /// The input ends before the magic string, the format version and the
    /// header length are complete.
    TruncatedPreamble {
        /// The number of bytes these fields need: 10 for format version
        /// 1.0, 12 for versions 2.0 and 3.0.
        needed: usize,
        /// The length of the input.
        found: usize,
    },
    /// The input does not start with the magic string `\x93NUMPY`.
    InvalidMagic {
        /// The first bytes of the input, at most 6.
        found: Vec<u8>,
    },
    /// The format version is not 1.0, 2.0 or 3.0.
    UnsupportedVersion {
        /// The major version byte.
        major: u8,
        /// The minor version byte.
        minor: u8,
    },
    /// The header length field points past the end of the input.
    HeaderPastEnd {
        /// The byte offset of the first header byte.
        header_start: usize,
        /// The header length from the length field.
        header_length: u32,
        /// The length of the input.
        found: usize,
    },
    /// The header of a format version 3.0 file is not valid UTF-8.
    HeaderNotUtf8 {
        /// The header byte where the invalid sequence starts.
        offset: usize,
    },
    /// The header is not a Python dictionary literal of the form the format
    /// specifies.
    InvalidHeader {
        /// The header byte where the parser stopped.
        offset: usize,
        /// A description of the token expected there, such as
        /// `':' after the key`.
        expected: &'static str,
        /// The character found there, or `None` at the end of the header.
        found: Option<char>,
    },
    /// The header dictionary has a key other than `'descr'`,
    /// `'fortran_order'` and `'shape'`.
    UnknownKey {
        /// The key as written, without quotes.
        key: String,
        /// The header byte where the key starts.
        offset: usize,
    },
    /// The header dictionary has the same key twice.
    DuplicateKey {
        /// The repeated key.
        key: &'static str,
        /// The header byte where the second copy starts.
        offset: usize,
    },
    /// The header dictionary lacks one of the three keys.
    MissingKey {
        /// The missing key.
        key: &'static str,
    },
    /// The dtype is not one that this crate reads.
    UnsupportedDtype {
        /// The `descr` value as written: a string such as `<c16` without
        /// quotes, or the text of a structured dtype's list.
        descr: String,
    },
    /// A length in the shape does not fit in `usize`.
    DimensionTooLarge {
        /// The axis of the length.
        axis: usize,
        /// The header byte where the length starts.
        offset: usize,
    },
    /// The element count or the byte count of the shape does not fit in
    /// `usize`.
    SizeOverflow {
        /// The shape from the header.
        shape: Vec<usize>,
        /// The size of one element in bytes.
        item_size: usize,
    },
    /// The input ends before the last element.
    TruncatedBody {
        /// The shape from the header.
        shape: Vec<usize>,
        /// The size of one element in bytes.
        item_size: usize,
        /// The number of data bytes the shape needs.
        expected: usize,
        /// The number of bytes after the header.
        found: usize,
    },
    /// Bytes follow the last element.
    TrailingBytes {
        /// The shape from the header.
        shape: Vec<usize>,
        /// The size of one element in bytes.
        item_size: usize,
        /// The number of data bytes the shape needs.
        expected: usize,
        /// The number of bytes after the header.
        found: usize,
    },
    /// A byte of a bool array is neither 0 nor 1.
    InvalidBool {
        /// The position of the element in the data, in the order stored.
        index: usize,
        /// The byte offset of the element in the input.
        offset: usize,
        /// The byte found.
        value: u8,
    },
    /// The typed reader was asked for another element type than the file's.
    DtypeMismatch {
        /// The file's `descr`, such as `<i4`.
        descr: String,
        /// numpy's name for the file's dtype, such as `"int32"`.
        found: &'static str,
        /// numpy's name for the requested element type, such as `"float64"`.
        requested: &'static str,
    },
    /// A file could not be read.
    ///
    /// `Display` includes the message of the I/O error, so
    /// [`source`](core::error::Error::source) returns `None` instead of
    /// repeating it.
    #[cfg(feature = "std")]
    ReadFile {
        /// The path as given.
        path: std::path::PathBuf,
        /// The error from the file system.
        error: std::io::Error,
    },
    /// A file could not be written.
    ///
    /// As for [`ReadFile`](Self::ReadFile), `Display` includes the message
    /// of the I/O error.
    #[cfg(feature = "std")]
    WriteFile {
        /// The path as given.
        path: std::path::PathBuf,
        /// The error from the file system.
        error: std::io::Error,
    },
}

impl fmt::Display for NpyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TruncatedPreamble { needed, found } => write!(
                f,
                "npy input is {found} bytes long, but the magic string, format version \
                 and header length need {needed}: the file is truncated"
            ),
            Self::InvalidMagic { found } => write_magic_error(f, found),
            Self::UnsupportedVersion { major, minor } => write!(
                f,
                "npy format version {major}.{minor} is not supported: \
                 the supported versions are 1.0, 2.0 and 3.0"
            ),
            Self::HeaderPastEnd {
                header_start,
                header_length,
                found,
            } => write!(
                f,
                "npy header of {header_length} bytes from byte offset {header_start} \
                 ends past the end of the input at {found} bytes: the file is truncated"
            ),
            Self::HeaderNotUtf8 { offset } => write!(
                f,
                "npy header of format version 3.0 is not valid UTF-8 at header byte {offset}"
            ),
            Self::InvalidHeader {
                offset,
                expected,
                found,
            } => write_invalid_header(f, *offset, expected, *found),
            Self::UnknownKey { key, offset } => write!(
                f,
                "npy header has the unknown key '{}' at header byte {offset}: \
                 the only keys are 'descr', 'fortran_order' and 'shape'",
                Abbreviated(key)
            ),
            Self::DuplicateKey { key, offset } => write!(
                f,
                "npy header has the key '{key}' a second time at header byte {offset}"
            ),
            Self::MissingKey { key } => write!(
                f,
                "npy header has no '{key}' key: it needs 'descr', 'fortran_order' and 'shape'"
            ),
            Self::UnsupportedDtype { descr } => write_unsupported_dtype(f, descr),
            Self::DimensionTooLarge { axis, offset } => write!(
                f,
                "npy shape length of axis {axis} at header byte {offset} is larger \
                 than the maximum {}",
                usize::MAX
            ),
            Self::SizeOverflow { shape, item_size } => write!(
                f,
                "npy shape {} of {item_size}-byte elements needs more bytes than the \
                 maximum {}",
                TupleDisplay(shape),
                usize::MAX
            ),
            Self::TruncatedBody {
                shape,
                item_size,
                expected,
                found,
            } => write!(
                f,
                "npy body is truncated: shape {} of {item_size}-byte elements needs \
                 {expected} bytes, found {found}",
                TupleDisplay(shape)
            ),
            Self::TrailingBytes {
                shape,
                item_size,
                expected,
                found,
            } => write!(
                f,
                "npy body is longer than its shape needs: shape {} of {item_size}-byte \
                 elements needs {expected} bytes, found {found}, so the header's shape \
                 is wrong or other data follows the array",
                TupleDisplay(shape)
            ),
            Self::InvalidBool {
                index,
                offset,
                value,
            } => write!(
                f,
                "npy bool element {index} at byte offset {offset} is {value}, \
                 but a bool must be stored as 0 or 1"
            ),
            Self::DtypeMismatch {
                descr,
                found,
                requested,
            } => write_dtype_mismatch(f, descr, found, requested),
            #[cfg(feature = "std")]
            Self::ReadFile { path, error } => {
                write!(f, "failed to read npy file {}: {error}", path.display())
            }
            #[cfg(feature = "std")]
            Self::WriteFile { path, error } => {
                write!(f, "failed to write npy file {}: {error}", path.display())
            }
        }
    }
}

impl core::error::Error for NpyError {}

/// Writes the message for an input that does not start with the magic
/// string, recognising the zip archives that numpy's `.npz` files are.
fn write_magic_error(f: &mut fmt::Formatter<'_>, found: &[u8]) -> fmt::Result {
    write!(
        f,
        "invalid npy magic string \"{}\": expected \"\\x93NUMPY\"",
        found.escape_ascii()
    )?;
    if found.starts_with(b"PK\x03\x04") {
        f.write_str(", and the input is a zip archive such as an .npz file: extract its .npy files")
    } else {
        f.write_str(" (the input is not an npy file)")
    }
}

fn write_invalid_header(
    f: &mut fmt::Formatter<'_>,
    offset: usize,
    expected: &str,
    found: Option<char>,
) -> fmt::Result {
    write!(
        f,
        "npy header is not a valid dictionary at header byte {offset}: \
         expected {expected}, but found "
    )?;
    match found {
        Some(character) => write!(f, "{character:?}"),
        None => f.write_str("the end of the header"),
    }
}

fn write_unsupported_dtype(f: &mut fmt::Formatter<'_>, descr: &str) -> fmt::Result {
    if descr.is_empty() {
        f.write_str("npy dtype '' (an empty string)")?;
    } else {
        write!(f, "npy dtype {}", Abbreviated(descr))?;
    }
    if let Some(name) = super::dtype::unsupported_name(descr) {
        write!(f, " ({name})")?;
    }
    f.write_str(
        " is not supported, only float32, float64, int32, int64, uint8 and bool are: \
         convert the array with numpy's astype before saving it",
    )
}

fn write_dtype_mismatch(
    f: &mut fmt::Formatter<'_>,
    descr: &str,
    found: &str,
    requested: &str,
) -> fmt::Result {
    write!(
        f,
        "npy dtype is {descr} ({found}) but {requested} was requested: "
    )?;
    match rust_type(found) {
        Some(rust_type) => write!(f, "request {rust_type} or call parse_npy_any"),
        None => f.write_str("call parse_npy_any, which reads bool arrays as u8 tensors of 0 and 1"),
    }
}

/// Returns the Rust element type for numpy's name of a dtype, or `None`
/// for bool, which has no element type of its own.
fn rust_type(numpy_name: &str) -> Option<&'static str> {
    match numpy_name {
        "float32" => Some("f32"),
        "float64" => Some("f64"),
        "int32" => Some("i32"),
        "int64" => Some("i64"),
        "uint8" => Some("u8"),
        _ => None,
    }
}

/// Text from the input, cut after 60 characters so that a long key or
/// structured dtype does not flood the message.
struct Abbreviated<'a>(&'a str);

impl fmt::Display for Abbreviated<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const MAX_CHARS: usize = 60;
        match self.0.char_indices().nth(MAX_CHARS) {
            Some((end, _)) => write!(f, "{}...", &self.0[..end]),
            None => f.write_str(self.0),
        }
    }
}

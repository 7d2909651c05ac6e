//! Decoding of binary PPM (`P6`) images.
//!
//! [`parse_ppm`] decodes one image from bytes and works without `std`.
//! `read_ppm` reads one from a file and needs the `std` feature.
//!
//! # Accepted format
//!
//! The layout follows the netpbm PPM specification, as shipped in the
//! `ppm(5)` manual page of netpbm 11.01:
//!
//! 1. The magic number `P6`, as the first two bytes of the input.
//! 2. The width, the height and the maxval, in that order, each an unsigned
//!    ASCII decimal number. Whitespace (space, tab, LF, VT, FF or CR, the
//!    bytes that C's `isspace` accepts) separates them. A comment runs from
//!    `#` to the next LF or CR and may appear wherever this whitespace may.
//!    As in netpbm 11.01, the whitespace after the magic number may be left
//!    out.
//! 3. Exactly one whitespace byte after the maxval, usually a newline. When
//!    a comment directly follows the maxval digits, the LF or CR that ends
//!    the comment is that byte, as in netpbm 11.01.
//! 4. The raster: `height` rows, top to bottom, of `width` pixels, left to
//!    right, each pixel three bytes in the order red, green, blue, with no
//!    padding. Samples are returned as stored, without scaling by the maxval.
//!
//! # Rejected input
//!
//! - Other netpbm formats, such as plain PPM (`P3`, ASCII samples) or
//!   grayscale PGM (`P5`). netpbm's `ppmtoppm` converts them to `P6`.
//! - A maxval from 256 to 65535. It is valid PPM with two bytes per sample,
//!   but this parser only supports one byte per sample.
//! - A sample above the maxval, which the specification forbids.
//! - A width or height of 0. The specification text does not mention the
//!   case, but the netpbm 11.01 library rejects such images ("Image must be
//!   at least one pixel wide"), as does libpng for PNG. So a successful parse
//!   always returns at least one pixel.
//! - Bytes after the raster. A netpbm file may contain several images one
//!   after the other, and extra bytes are either such images or a sign that
//!   the header's width and height are wrong. Both are reported instead of
//!   being dropped without notice. netpbm's `pamsplit` splits a file that
//!   contains several images.

#![forbid(unsafe_code)]

use alloc::vec::Vec;
use core::fmt;

use crate::Tensor;

/// The largest maxval that fits in one byte per sample.
const MAX_ONE_BYTE_MAXVAL: u16 = 255;

/// An RGB image decoded from a binary PPM file.
///
/// # Examples
///
/// ```
/// use baretensor::ppm::parse_ppm;
///
/// let image = parse_ppm(b"P6 2 1 255\n\x01\x02\x03\x04\x05\x06")?;
/// assert_eq!((image.height, image.width, image.maxval), (1, 2, 255));
/// assert_eq!(image.pixels, [1, 2, 3, 4, 5, 6]);
/// # Ok::<(), baretensor::ppm::PpmError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PpmImage {
    /// The number of rows, at least 1.
    pub height: usize,
    /// The number of pixels in each row, at least 1.
    pub width: usize,
    /// The sample value that means full intensity, from 1 to 255.
    pub maxval: u16,
    /// The samples in row-major order, red, green and blue for each pixel,
    /// so `height * width * 3` bytes, each at most `maxval`.
    pub pixels: Vec<u8>,
}

impl PpmImage {
    /// Returns the pixels as a tensor of shape `(height, width, 3)`, the
    /// layout numpy and the deep-learning course use for an RGB image.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::ppm::parse_ppm;
    ///
    /// let image = parse_ppm(b"P6 2 1 255\n\x01\x02\x03\x04\x05\x06")?.into_tensor();
    /// assert_eq!(image.shape(), &[1, 2, 3]);
    /// assert_eq!(image[[0, 1, 2]], 6);
    /// # Ok::<(), baretensor::ppm::PpmError>(())
    /// ```
    pub fn into_tensor(self) -> Tensor<u8> {
        let shape = [self.height, self.width, 3];
        Tensor::from_vec(self.pixels, &shape)
            .expect("the parser checked that the pixels fill height * width * 3")
    }
}

/// A numeric field of the PPM header, or its magic number.
///
/// [`PpmError`] uses it to name the field that was being read when parsing
/// failed.
///
/// # Examples
///
/// ```
/// use baretensor::ppm::{HeaderField, PpmError, parse_ppm};
///
/// // The input ends while the width, 64, is being read.
/// let error = parse_ppm(b"P6 64").unwrap_err();
/// assert!(matches!(
///     error,
///     PpmError::TruncatedHeader { field: HeaderField::Width, offset: 5 }
/// ));
/// assert_eq!(HeaderField::Width.to_string(), "width");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderField {
    /// The two bytes `P6` at the start.
    MagicNumber,
    /// The number of pixels in each row.
    Width,
    /// The number of rows.
    Height,
    /// The sample value that means full intensity.
    Maxval,
}

impl fmt::Display for HeaderField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::MagicNumber => "magic number",
            Self::Width => "width",
            Self::Height => "height",
            Self::Maxval => "maxval",
        })
    }
}

/// A PPM input was rejected, or a PPM file could not be read.
///
/// Every variant carries the numbers that were checked, and `Display`
/// names them.
///
/// # Examples
///
/// ```
/// use baretensor::ppm::{parse_ppm, PpmError};
///
/// let error = parse_ppm(b"P6 2 2 255\n\x00\x00\x00").unwrap_err();
/// assert!(matches!(error, PpmError::TruncatedBody { expected: 12, found: 3, .. }));
/// assert_eq!(
///     error.to_string(),
///     "ppm body is truncated: expected 12 bytes (width 2 x height 2 x 3 samples), found 3"
/// );
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum PpmError {
    /// The input does not start with `P6`. It is another netpbm format or
    /// not a netpbm file at all.
    InvalidMagicNumber {
        /// The first two bytes of the input.
        found: [u8; 2],
    },
    /// The input ends inside the header.
    TruncatedHeader {
        /// The field that was being read.
        field: HeaderField,
        /// The byte offset where the input ends.
        offset: usize,
    },
    /// A header number contains a byte that is neither an ASCII decimal
    /// digit nor, after the first digit, whitespace or `#`.
    InvalidDigit {
        /// The field that was being read.
        field: HeaderField,
        /// The byte offset of the invalid byte.
        offset: usize,
        /// The invalid byte.
        found: u8,
    },
    /// A header number does not fit in `usize`.
    NumberTooLarge {
        /// The field that was being read.
        field: HeaderField,
        /// The byte offset of the number's first digit.
        offset: usize,
    },
    /// The width or the height is 0.
    EmptyImage {
        /// The width from the header.
        width: usize,
        /// The height from the header.
        height: usize,
    },
    /// The maxval is 0 or above 65535, so the file is not valid PPM.
    InvalidMaxval {
        /// The maxval from the header.
        maxval: usize,
    },
    /// The maxval is from 256 to 65535. Such a file is valid PPM with two
    /// bytes per sample, but this parser only reads one byte per sample.
    UnsupportedMaxval {
        /// The maxval from the header.
        maxval: u16,
    },
    /// The body size `width * height * 3` does not fit in `usize`.
    SizeOverflow {
        /// The width from the header.
        width: usize,
        /// The height from the header.
        height: usize,
    },
    /// The input ends before the last pixel.
    TruncatedBody {
        /// The width from the header.
        width: usize,
        /// The height from the header.
        height: usize,
        /// The body size in bytes, `width * height * 3`.
        expected: usize,
        /// The number of bytes after the header.
        found: usize,
    },
    /// A sample is larger than the maxval.
    SampleAboveMaxval {
        /// The row of the pixel, counted from 0 at the top.
        row: usize,
        /// The column of the pixel, counted from 0 at the left.
        column: usize,
        /// The channel of the sample: 0 red, 1 green, 2 blue.
        channel: usize,
        /// The sample value.
        sample: u8,
        /// The maxval from the header.
        maxval: u16,
    },
    /// Bytes follow the end of the body.
    TrailingBytes {
        /// The width from the header.
        width: usize,
        /// The height from the header.
        height: usize,
        /// The byte offset where the body ends and the extra bytes start.
        body_end: usize,
        /// The number of extra bytes.
        trailing: usize,
    },
    /// A file could not be read.
    ///
    /// `Display` includes the message of the I/O error, so
    /// [`source`](core::error::Error::source) returns `None` instead of
    /// repeating it.
    #[cfg(feature = "std")]
    Io {
        /// The path as given.
        path: std::path::PathBuf,
        /// The error from the file system.
        error: std::io::Error,
    },
}

impl fmt::Display for PpmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidMagicNumber { found } => write_magic_number_error(f, *found),
            Self::TruncatedHeader { field, offset } => write!(
                f,
                "ppm header ends at byte offset {offset} before the {field} is complete, \
                 so the file is truncated or not a ppm file"
            ),
            Self::InvalidDigit {
                field,
                offset,
                found,
            } => write!(
                f,
                "ppm header has an invalid {field}: expected an ASCII decimal digit \
                 at byte offset {offset}, found '{}'",
                found.escape_ascii()
            ),
            Self::NumberTooLarge { field, offset } => write!(
                f,
                "ppm header {field} at byte offset {offset} is too large: the maximum is {}",
                usize::MAX
            ),
            Self::EmptyImage { width, height } => write!(
                f,
                "ppm image is empty: width {width} x height {height}, \
                 but both must be at least 1"
            ),
            Self::InvalidMaxval { maxval } => write!(
                f,
                "ppm maxval {maxval} is invalid: it must be from 1 to 65535"
            ),
            Self::UnsupportedMaxval { maxval } => write!(
                f,
                "ppm maxval {maxval} means 2 bytes per sample, but only 1 byte per sample \
                 (maxval 1 to {MAX_ONE_BYTE_MAXVAL}) is supported: convert the file with \
                 netpbm's `pamdepth {MAX_ONE_BYTE_MAXVAL}`"
            ),
            Self::SizeOverflow { width, height } => write!(
                f,
                "ppm body size overflows usize: width {width} x height {height} x 3 samples"
            ),
            Self::TruncatedBody {
                width,
                height,
                expected,
                found,
            } => write!(
                f,
                "ppm body is truncated: expected {expected} bytes \
                 (width {width} x height {height} x 3 samples), found {found}"
            ),
            Self::SampleAboveMaxval {
                row,
                column,
                channel,
                sample,
                maxval,
            } => write!(
                f,
                "ppm sample {sample} at row {row}, column {column}, channel {channel} \
                 is above the maxval {maxval}"
            ),
            Self::TrailingBytes {
                width,
                height,
                body_end,
                trailing,
            } => write!(
                f,
                "ppm file has {trailing} {} after the body of width {width} x height {height}, \
                 which ends at byte offset {body_end}, but only one image per file is supported: \
                 split the file with netpbm's `pamsplit` or fix the header",
                if *trailing == 1 { "byte" } else { "bytes" }
            ),
            #[cfg(feature = "std")]
            Self::Io { path, error } => {
                write!(f, "failed to read ppm file {}: {error}", path.display())
            }
        }
    }
}

/// Writes the message for a magic number other than `P6`, naming the
/// netpbm format it belongs to, if any.
fn write_magic_number_error(f: &mut fmt::Formatter<'_>, found: [u8; 2]) -> fmt::Result {
    let format = match &found {
        b"P1" => "plain PBM, ASCII bitmap",
        b"P2" => "plain PGM, ASCII grayscale",
        b"P3" => "plain PPM, ASCII RGB",
        b"P4" => "binary PBM, bitmap",
        b"P5" => "binary PGM, grayscale",
        b"P7" => "PAM",
        _ => {
            return write!(
                f,
                "invalid ppm magic number \"{}\": expected \"P6\" (the input is not a netpbm file)",
                found.escape_ascii()
            );
        }
    };
    write!(
        f,
        "ppm magic number \"{}\" ({format}) is not supported: \
         convert the file to \"P6\" (binary PPM) with netpbm's `ppmtoppm`",
        found.escape_ascii()
    )
}

impl core::error::Error for PpmError {}

/// Decodes a binary PPM (`P6`) image with one byte per sample.
///
/// The input must contain exactly one image, as the [module
/// documentation](self) describes. The samples are copied as stored, so a
/// maxval below 255 leaves them in `0..=maxval`.
///
/// The parser allocates only after checking that the input contains the whole
/// body, so a header that claims a huge size fails without allocating.
///
/// # Errors
///
/// Returns the [`PpmError`] variant that names the first problem found: a
/// magic number other than `P6`, a header that ends early or contains a byte
/// that does not belong in a number, a number too large for `usize`, a
/// width or height of 0, a maxval outside 1 to 255, a body size that
/// overflows `usize`, a body too short, a sample above the maxval, or
/// bytes after the body.
///
/// # Examples
///
/// ```
/// use baretensor::ppm::{parse_ppm, PpmError};
///
/// // A 2 x 1 image: one red and one blue pixel, with a comment.
/// let image = parse_ppm(b"P6\n# two pixels\n2 1\n255\n\xff\x00\x00\x00\x00\xff")?;
/// assert_eq!((image.width, image.height), (2, 1));
/// assert_eq!(image.pixels, [255, 0, 0, 0, 0, 255]);
///
/// // Plain PPM stores ASCII samples and is rejected.
/// let error = parse_ppm(b"P3\n1 1\n255\n0 0 0\n").unwrap_err();
/// assert!(matches!(error, PpmError::InvalidMagicNumber { found: [b'P', b'3'] }));
/// # Ok::<(), baretensor::ppm::PpmError>(())
/// ```
pub fn parse_ppm(bytes: &[u8]) -> Result<PpmImage, PpmError> {
    let header = parse_header(bytes)?;
    let (maxval, body_length) = validate_header(&header)?;

    let body = split_body(bytes, &header, body_length)?;
    check_samples(body, header.width, maxval)?;

    Ok(PpmImage {
        height: header.height,
        width: header.width,
        maxval,
        pixels: body.to_vec(),
    })
}

/// Reads a binary PPM (`P6`) file and decodes it with [`parse_ppm`].
///
/// # Errors
///
/// Returns [`PpmError::Io`] with the path when the file cannot be read, and
/// otherwise any error of [`parse_ppm`].
///
/// # Examples
///
/// ```
/// use baretensor::ppm::{read_ppm, PpmError};
///
/// let path = std::env::temp_dir().join(format!("baretensor-doc-{}.ppm", std::process::id()));
/// std::fs::write(&path, b"P6 1 1 255\n\x0a\x14\x1e").unwrap();
/// let image = read_ppm(&path)?;
/// std::fs::remove_file(&path).unwrap();
/// assert_eq!(image.pixels, [10, 20, 30]);
///
/// let error = read_ppm("no/such/file.ppm").unwrap_err();
/// assert!(matches!(error, PpmError::Io { .. }));
/// # Ok::<(), baretensor::ppm::PpmError>(())
/// ```
#[cfg(feature = "std")]
pub fn read_ppm(path: impl AsRef<std::path::Path>) -> Result<PpmImage, PpmError> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|error| PpmError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    parse_ppm(&bytes)
}

/// The header fields as written, before any range check.
struct Header {
    width: usize,
    height: usize,
    maxval: usize,
    /// The byte offset of the first raster byte.
    body_start: usize,
}

/// Reads the magic number, the three header numbers and the single
/// whitespace byte before the raster.
fn parse_header(bytes: &[u8]) -> Result<Header, PpmError> {
    let Some(&[first, second]) = bytes.get(..2) else {
        return Err(PpmError::TruncatedHeader {
            field: HeaderField::MagicNumber,
            offset: bytes.len(),
        });
    };
    if [first, second] != *b"P6" {
        return Err(PpmError::InvalidMagicNumber {
            found: [first, second],
        });
    }

    let mut cursor = HeaderCursor { bytes, offset: 2 };
    let width = cursor.read_number(HeaderField::Width)?;
    let height = cursor.read_number(HeaderField::Height)?;
    let maxval = cursor.read_number(HeaderField::Maxval)?;
    cursor.skip_raster_separator()?;

    Ok(Header {
        width,
        height,
        maxval,
        body_start: cursor.offset,
    })
}

/// Checks the header ranges, and returns the maxval and the body size in
/// bytes.
fn validate_header(header: &Header) -> Result<(u16, usize), PpmError> {
    let Header { width, height, .. } = *header;
    if width == 0 || height == 0 {
        return Err(PpmError::EmptyImage { width, height });
    }

    let maxval = match u16::try_from(header.maxval) {
        Ok(maxval) if maxval > 0 => maxval,
        _ => {
            return Err(PpmError::InvalidMaxval {
                maxval: header.maxval,
            });
        }
    };
    if maxval > MAX_ONE_BYTE_MAXVAL {
        return Err(PpmError::UnsupportedMaxval { maxval });
    }

    let body_length = width
        .checked_mul(height)
        .and_then(|pixel_count| pixel_count.checked_mul(3))
        .ok_or(PpmError::SizeOverflow { width, height })?;
    Ok((maxval, body_length))
}

/// Returns the raster, after checking that the input contains exactly
/// `body_length` bytes after the header.
fn split_body<'a>(
    bytes: &'a [u8],
    header: &Header,
    body_length: usize,
) -> Result<&'a [u8], PpmError> {
    let Header { width, height, .. } = *header;
    // `parse_header` consumed bytes up to `body_start`, so it is in range.
    let body = &bytes[header.body_start..];

    if body.len() < body_length {
        return Err(PpmError::TruncatedBody {
            width,
            height,
            expected: body_length,
            found: body.len(),
        });
    }
    if body.len() > body_length {
        return Err(PpmError::TrailingBytes {
            width,
            height,
            body_end: header.body_start + body_length,
            trailing: body.len() - body_length,
        });
    }
    Ok(body)
}

/// Rejects the first sample above the maxval, which the PPM specification
/// forbids.
fn check_samples(body: &[u8], width: usize, maxval: u16) -> Result<(), PpmError> {
    let Some(index) = body.iter().position(|&sample| u16::from(sample) > maxval) else {
        return Ok(());
    };

    let pixel = index / 3;
    Err(PpmError::SampleAboveMaxval {
        row: pixel / width,
        column: pixel % width,
        channel: index % 3,
        sample: body[index],
        maxval,
    })
}

/// A read position in the header.
struct HeaderCursor<'a> {
    bytes: &'a [u8],
    offset: usize,
}

impl HeaderCursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.offset).copied()
    }

    /// Reads one unsigned decimal number after any whitespace and comments,
    /// and leaves the cursor on the whitespace or `#` that ends it.
    fn read_number(&mut self, field: HeaderField) -> Result<usize, PpmError> {
        self.skip_whitespace_and_comments(field)?;
        let start = self.offset;

        let mut value: usize = 0;
        while let Some(digit @ b'0'..=b'9') = self.peek() {
            value = value
                .checked_mul(10)
                .and_then(|tens| tens.checked_add(usize::from(digit - b'0')))
                .ok_or(PpmError::NumberTooLarge {
                    field,
                    offset: start,
                })?;
            self.offset += 1;
        }

        match self.peek() {
            None => Err(PpmError::TruncatedHeader {
                field,
                offset: self.offset,
            }),
            Some(byte) if self.offset > start && (byte == b'#' || is_whitespace(byte)) => Ok(value),
            Some(found) => Err(PpmError::InvalidDigit {
                field,
                offset: self.offset,
                found,
            }),
        }
    }

    /// Moves to the next byte that is neither whitespace nor in a comment.
    fn skip_whitespace_and_comments(&mut self, field: HeaderField) -> Result<(), PpmError> {
        loop {
            match self.peek() {
                None => {
                    return Err(PpmError::TruncatedHeader {
                        field,
                        offset: self.offset,
                    });
                }
                Some(b'#') => self.skip_comment(field)?,
                Some(byte) if is_whitespace(byte) => self.offset += 1,
                Some(_) => return Ok(()),
            }
        }
    }

    /// Moves from a `#` to the LF or CR that ends the comment.
    fn skip_comment(&mut self, field: HeaderField) -> Result<(), PpmError> {
        let rest = &self.bytes[self.offset..];
        match rest.iter().position(|&byte| byte == b'\n' || byte == b'\r') {
            Some(length) => {
                self.offset += length;
                Ok(())
            }
            None => Err(PpmError::TruncatedHeader {
                field,
                offset: self.bytes.len(),
            }),
        }
    }

    /// Moves past the single whitespace byte that ends the header, so that
    /// raster bytes that look like whitespace or `#` stay in the raster.
    fn skip_raster_separator(&mut self) -> Result<(), PpmError> {
        // netpbm 11.01 accepts a comment right after the maxval digits and
        // takes the LF or CR that ends it as the separator.
        if self.peek() == Some(b'#') {
            self.skip_comment(HeaderField::Maxval)?;
        }
        // `read_number` and `skip_comment` leave the cursor on a whitespace
        // byte here.
        self.offset += 1;
        Ok(())
    }
}

/// Returns whether `byte` is whitespace as C's `isspace` defines it in the
/// "C" locale, which is what the netpbm specification refers to. Unlike
/// [`u8::is_ascii_whitespace`], this includes vertical tab.
fn is_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::string::ToString;

    /// The 64 x 64 photograph of Chelsea the cat, maxval 255.
    const CHELSEA: &[u8] = include_bytes!("../examples/data/chelsea64.ppm");

    /// Builds a PPM from a header string and body bytes.
    fn ppm(header: &str, body: &[u8]) -> Vec<u8> {
        let mut bytes = header.as_bytes().to_vec();
        bytes.extend_from_slice(body);
        bytes
    }

    #[test]
    fn parse_ppm_reads_one_by_one_image() {
        let image = parse_ppm(b"P6\n1 1\n255\n\x0a\x14\x1e").unwrap();

        assert_eq!(image.height, 1);
        assert_eq!(image.width, 1);
        assert_eq!(image.maxval, 255);
        assert_eq!(image.pixels, [10, 20, 30]);
    }

    #[test]
    fn parse_ppm_keeps_row_major_order() {
        let body: Vec<u8> = (0..18).collect();
        let image = parse_ppm(&ppm("P6 3 2 255\n", &body)).unwrap();

        assert_eq!(image.width, 3);
        assert_eq!(image.height, 2);
        assert_eq!(image.pixels, body);
    }

    #[test]
    fn parse_ppm_skips_comment_before_width() {
        let image = parse_ppm(b"P6\n# written by a test\n1 1\n255\n\x01\x02\x03").unwrap();

        assert_eq!((image.width, image.height), (1, 1));
        assert_eq!(image.pixels, [1, 2, 3]);
    }

    #[test]
    fn parse_ppm_skips_comments_between_fields() {
        let header = "P6#magic\n2#width\r1 # height\n\n# blank line above\n255\n";
        let image = parse_ppm(&ppm(header, &[1, 2, 3, 4, 5, 6])).unwrap();

        assert_eq!(image.width, 2);
        assert_eq!(image.height, 1);
        assert_eq!(image.maxval, 255);
        assert_eq!(image.pixels, [1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn parse_ppm_accepts_comment_after_maxval() {
        let image = parse_ppm(b"P6 1 1 255# comment\n\x07\x08\x09").unwrap();

        assert_eq!(image.pixels, [7, 8, 9]);
    }

    #[test]
    fn parse_ppm_accepts_every_whitespace_byte() {
        let image = parse_ppm(b"P6\t1\x0b1\x0c255\r\x01\x02\x03").unwrap();

        assert_eq!((image.width, image.height, image.maxval), (1, 1, 255));
        assert_eq!(image.pixels, [1, 2, 3]);
    }

    #[test]
    fn parse_ppm_accepts_missing_whitespace_after_magic() {
        let image = parse_ppm(b"P61 1 255\n\x01\x02\x03").unwrap();

        assert_eq!((image.width, image.height), (1, 1));
    }

    #[test]
    fn parse_ppm_accepts_leading_zeros() {
        let image = parse_ppm(b"P6 001 0001 0255\n\x01\x02\x03").unwrap();

        assert_eq!((image.width, image.height, image.maxval), (1, 1, 255));
    }

    #[test]
    fn parse_ppm_keeps_samples_below_255_unscaled() {
        let image = parse_ppm(b"P6 2 1 15\n\x00\x07\x0f\x0f\x00\x01").unwrap();

        assert_eq!(image.maxval, 15);
        assert_eq!(image.pixels, [0, 7, 15, 15, 0, 1]);
    }

    #[test]
    fn parse_ppm_accepts_maxval_one() {
        let image = parse_ppm(b"P6 1 1 1\n\x01\x00\x01").unwrap();

        assert_eq!(image.maxval, 1);
        assert_eq!(image.pixels, [1, 0, 1]);
    }

    #[test]
    fn parse_ppm_keeps_separator_bytes_in_body() {
        // Only one whitespace byte ends the header, so the second newline,
        // the `#` and the space belong to the raster.
        let image = parse_ppm(b"P6 1 1 255\n\n# ").unwrap();

        assert_eq!(image.pixels, [b'\n', b'#', b' ']);
    }

    #[test]
    fn parse_ppm_reads_chelsea_photo() {
        let image = parse_ppm(CHELSEA).unwrap();

        assert_eq!(image.height, 64);
        assert_eq!(image.width, 64);
        assert_eq!(image.maxval, 255);
        assert_eq!(image.pixels.len(), 64 * 64 * 3);
        // Read with numpy from the .npy copy of the same image, an array of
        // shape (64, 64, 3): the first two pixels and the last one.
        assert_eq!(image.pixels[..6], [145, 122, 107, 146, 123, 106]);
        assert_eq!(image.pixels[64 * 64 * 3 - 3..], [170, 145, 138]);
    }

    #[test]
    fn parse_ppm_rejects_empty_input() {
        let error = parse_ppm(b"").unwrap_err();

        assert!(matches!(
            error,
            PpmError::TruncatedHeader {
                field: HeaderField::MagicNumber,
                offset: 0
            }
        ));
    }

    #[test]
    fn parse_ppm_rejects_one_byte_input() {
        let error = parse_ppm(b"P").unwrap_err();

        assert!(matches!(
            error,
            PpmError::TruncatedHeader {
                field: HeaderField::MagicNumber,
                offset: 1
            }
        ));
    }

    #[test]
    fn parse_ppm_rejects_plain_ppm_magic() {
        let error = parse_ppm(b"P3\n1 1\n255\n0 0 0\n").unwrap_err();

        assert!(matches!(
            error,
            PpmError::InvalidMagicNumber {
                found: [b'P', b'3']
            }
        ));
        assert_eq!(
            error.to_string(),
            "ppm magic number \"P3\" (plain PPM, ASCII RGB) is not supported: \
             convert the file to \"P6\" (binary PPM) with netpbm's `ppmtoppm`"
        );
    }

    #[test]
    fn parse_ppm_rejects_grayscale_magic() {
        let error = parse_ppm(b"P5 1 1 255\n\x00").unwrap_err();

        assert!(matches!(
            error,
            PpmError::InvalidMagicNumber {
                found: [b'P', b'5']
            }
        ));
        assert!(error.to_string().contains("binary PGM, grayscale"));
    }

    #[test]
    fn parse_ppm_rejects_non_netpbm_magic() {
        let error = parse_ppm(b"\x89PNG\r\n").unwrap_err();

        assert!(matches!(
            error,
            PpmError::InvalidMagicNumber {
                found: [0x89, b'P']
            }
        ));
        assert_eq!(
            error.to_string(),
            "invalid ppm magic number \"\\x89P\": expected \"P6\" (the input is not a netpbm file)"
        );
    }

    #[test]
    fn parse_ppm_rejects_header_ending_in_each_field() {
        let cases: [(&[u8], HeaderField, usize); 8] = [
            (b"P6", HeaderField::Width, 2),
            (b"P6 \n", HeaderField::Width, 4),
            (b"P6 64", HeaderField::Width, 5),
            (b"P6 64 ", HeaderField::Height, 6),
            (b"P6 64 64", HeaderField::Height, 8),
            (b"P6 64 64\n", HeaderField::Maxval, 9),
            (b"P6 64 64\n255", HeaderField::Maxval, 12),
            (b"P6 64 64\n# no end of line", HeaderField::Maxval, 25),
        ];

        for (bytes, expected_field, expected_offset) in cases {
            match parse_ppm(bytes) {
                Err(PpmError::TruncatedHeader { field, offset }) => {
                    assert_eq!(field, expected_field, "input {bytes:?}");
                    assert_eq!(offset, expected_offset, "input {bytes:?}");
                }
                other => panic!("input {bytes:?}: expected TruncatedHeader, got {other:?}"),
            }
        }
    }

    #[test]
    fn parse_ppm_rejects_unended_maxval_comment() {
        let error = parse_ppm(b"P6 1 1 255# no end of line").unwrap_err();

        assert!(matches!(
            error,
            PpmError::TruncatedHeader {
                field: HeaderField::Maxval,
                offset: 26
            }
        ));
        assert_eq!(
            error.to_string(),
            "ppm header ends at byte offset 26 before the maxval is complete, \
             so the file is truncated or not a ppm file"
        );
    }

    #[test]
    fn parse_ppm_rejects_non_digit_in_each_field() {
        let cases: [(&[u8], HeaderField, usize, u8); 6] = [
            (b"P6 x 1 255\n", HeaderField::Width, 3, b'x'),
            (b"P6 64x64 255\n", HeaderField::Width, 5, b'x'),
            (b"P6 1 -1 255\n", HeaderField::Height, 5, b'-'),
            (b"P6 1 1\x00 255\n", HeaderField::Height, 6, 0),
            (b"P6 1 1 +255\n", HeaderField::Maxval, 7, b'+'),
            (b"P6 1 1 25.5\n", HeaderField::Maxval, 9, b'.'),
        ];

        for (bytes, expected_field, expected_offset, expected_byte) in cases {
            match parse_ppm(bytes) {
                Err(PpmError::InvalidDigit {
                    field,
                    offset,
                    found,
                }) => {
                    assert_eq!(field, expected_field, "input {bytes:?}");
                    assert_eq!(offset, expected_offset, "input {bytes:?}");
                    assert_eq!(found, expected_byte, "input {bytes:?}");
                }
                other => panic!("input {bytes:?}: expected InvalidDigit, got {other:?}"),
            }
        }
    }

    #[test]
    fn parse_ppm_reports_invalid_digit_message() {
        let error = parse_ppm(b"P6 64x64 255\n").unwrap_err();

        assert_eq!(
            error.to_string(),
            "ppm header has an invalid width: expected an ASCII decimal digit \
             at byte offset 5, found 'x'"
        );
    }

    #[test]
    fn parse_ppm_rejects_number_too_large() {
        let too_large = format!("{}0", usize::MAX);
        let header = format!("P6 1 {too_large} 255\n");
        let error = parse_ppm(header.as_bytes()).unwrap_err();

        assert!(matches!(
            error,
            PpmError::NumberTooLarge {
                field: HeaderField::Height,
                offset: 5
            }
        ));
        assert_eq!(
            error.to_string(),
            format!(
                "ppm header height at byte offset 5 is too large: the maximum is {}",
                usize::MAX
            )
        );
    }

    #[test]
    fn parse_ppm_accepts_usize_max_as_number() {
        // usize::MAX itself parses, and the size check rejects it later.
        let header = format!("P6 {} 1 255\n", usize::MAX);
        let error = parse_ppm(header.as_bytes()).unwrap_err();

        assert!(matches!(
            error,
            PpmError::SizeOverflow {
                width: usize::MAX,
                height: 1
            }
        ));
    }

    #[test]
    fn parse_ppm_rejects_zero_width() {
        let error = parse_ppm(b"P6 0 4 255\n").unwrap_err();

        assert!(matches!(
            error,
            PpmError::EmptyImage {
                width: 0,
                height: 4
            }
        ));
        assert_eq!(
            error.to_string(),
            "ppm image is empty: width 0 x height 4, but both must be at least 1"
        );
    }

    #[test]
    fn parse_ppm_rejects_zero_height() {
        let error = parse_ppm(b"P6 4 0 255\n").unwrap_err();

        assert!(matches!(
            error,
            PpmError::EmptyImage {
                width: 4,
                height: 0
            }
        ));
    }

    #[test]
    fn parse_ppm_rejects_maxval_zero() {
        let error = parse_ppm(b"P6 1 1 0\n\x00\x00\x00").unwrap_err();

        assert!(matches!(error, PpmError::InvalidMaxval { maxval: 0 }));
        assert_eq!(
            error.to_string(),
            "ppm maxval 0 is invalid: it must be from 1 to 65535"
        );
    }

    #[test]
    fn parse_ppm_rejects_maxval_above_65535() {
        let error = parse_ppm(b"P6 1 1 65536\n\x00\x00\x00").unwrap_err();

        assert!(matches!(error, PpmError::InvalidMaxval { maxval: 65536 }));
    }

    #[test]
    fn parse_ppm_rejects_16_bit_maxval() {
        for (header, expected_maxval) in [("P6 1 1 256\n", 256), ("P6 1 1 65535\n", 65535)] {
            let error = parse_ppm(&ppm(header, &[0; 6])).unwrap_err();

            assert!(
                matches!(error, PpmError::UnsupportedMaxval { maxval } if maxval == expected_maxval),
                "header {header:?}: got {error:?}"
            );
        }
        let error = parse_ppm(&ppm("P6 1 1 256\n", &[0; 6])).unwrap_err();
        assert_eq!(
            error.to_string(),
            "ppm maxval 256 means 2 bytes per sample, but only 1 byte per sample \
             (maxval 1 to 255) is supported: convert the file with netpbm's `pamdepth 255`"
        );
    }

    #[test]
    fn parse_ppm_rejects_size_overflow() {
        // width * height fits in usize, but times 3 samples it does not.
        let width = usize::MAX / 2;
        let header = format!("P6 {width} 2 255\n");
        let error = parse_ppm(header.as_bytes()).unwrap_err();

        assert!(matches!(error, PpmError::SizeOverflow { width: w, height: 2 } if w == width));
        assert_eq!(
            error.to_string(),
            format!("ppm body size overflows usize: width {width} x height 2 x 3 samples")
        );
    }

    #[test]
    fn parse_ppm_rejects_truncated_body() {
        let error = parse_ppm(&CHELSEA[..CHELSEA.len() - 11288]).unwrap_err();

        assert!(matches!(
            error,
            PpmError::TruncatedBody {
                width: 64,
                height: 64,
                expected: 12288,
                found: 1000
            }
        ));
        assert_eq!(
            error.to_string(),
            "ppm body is truncated: expected 12288 bytes \
             (width 64 x height 64 x 3 samples), found 1000"
        );
    }

    #[test]
    fn parse_ppm_rejects_huge_size_before_allocating() {
        // Allocating usize::MAX / 3 * 3 bytes would abort the test process,
        // so this passes only if the length check runs first.
        let width = usize::MAX / 3;
        let header = format!("P6 {width} 1 255\n");
        let error = parse_ppm(&ppm(&header, &[1, 2, 3])).unwrap_err();

        assert!(matches!(
            error,
            PpmError::TruncatedBody { width: w, height: 1, expected, found: 3 }
                if w == width && expected == width * 3
        ));
    }

    #[test]
    fn parse_ppm_rejects_sample_above_maxval() {
        // Maxval 100. The sample 200 is the blue sample of row 1, column 0.
        let body = [0, 1, 2, 3, 4, 5, 6, 7, 200, 9, 10, 11];
        let error = parse_ppm(&ppm("P6 2 2 100\n", &body)).unwrap_err();

        assert!(matches!(
            error,
            PpmError::SampleAboveMaxval {
                row: 1,
                column: 0,
                channel: 2,
                sample: 200,
                maxval: 100
            }
        ));
        assert_eq!(
            error.to_string(),
            "ppm sample 200 at row 1, column 0, channel 2 is above the maxval 100"
        );
    }

    #[test]
    fn parse_ppm_rejects_trailing_bytes() {
        let error = parse_ppm(b"P6 1 1 255\n\x01\x02\x03\n").unwrap_err();

        assert!(matches!(
            error,
            PpmError::TrailingBytes {
                width: 1,
                height: 1,
                body_end: 14,
                trailing: 1
            }
        ));
        assert_eq!(
            error.to_string(),
            "ppm file has 1 byte after the body of width 1 x height 1, \
             which ends at byte offset 14, but only one image per file is supported: \
             split the file with netpbm's `pamsplit` or fix the header"
        );
    }

    #[test]
    fn parse_ppm_rejects_two_concatenated_images() {
        let mut bytes = CHELSEA.to_vec();
        bytes.extend_from_slice(CHELSEA);
        let error = parse_ppm(&bytes).unwrap_err();

        assert!(matches!(
            error,
            PpmError::TrailingBytes {
                width: 64,
                height: 64,
                body_end: 12301,
                trailing: 12301
            }
        ));
    }

    #[test]
    fn ppm_error_messages_are_lowercase_without_final_period() {
        let inputs: [&[u8]; 12] = [
            b"",
            b"P3 1 1 255\n",
            b"GIF89a",
            b"P6 1",
            b"P6 1 x 255\n",
            b"P6 1 99999999999999999999999 255\n",
            b"P6 0 1 255\n",
            b"P6 1 1 0\n",
            b"P6 1 1 256\n",
            b"P6 1 1 255\n\x00",
            b"P6 1 1 9\n\x00\x00\x0a",
            b"P6 1 1 255\n\x00\x00\x00\x00",
        ];

        for input in inputs {
            let message = parse_ppm(input).unwrap_err().to_string();
            let first = message.chars().next().unwrap();

            assert!(first.is_lowercase(), "message {message:?}");
            assert!(
                message.starts_with("ppm") || message.starts_with("invalid ppm"),
                "message {message:?}"
            );
            assert!(!message.ends_with('.'), "message {message:?}");
        }
    }

    #[test]
    fn parse_ppm_survives_every_truncated_prefix() {
        for length in 0..CHELSEA.len() {
            let result = parse_ppm(&CHELSEA[..length]);

            assert!(result.is_err(), "prefix of {length} bytes parsed");
        }
        assert!(parse_ppm(CHELSEA).is_ok());
    }

    /// Returns the next value of a xorshift64 generator, so that the
    /// mutation test is deterministic and needs no dependency.
    fn next_random(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    /// Replaces, inserts or removes a few random bytes, mostly in the
    /// first 24 bytes so that the header gets most of the changes.
    fn mutate(bytes: &mut Vec<u8>, state: &mut u64) {
        let changes = 1 + next_random(state) % 4;
        for _ in 0..changes {
            let limit = if next_random(state).is_multiple_of(4) {
                bytes.len()
            } else {
                bytes.len().min(24)
            };
            let position = (next_random(state) % (limit as u64 + 1)) as usize;
            let byte = next_random(state) as u8;
            match next_random(state) % 3 {
                0 if position < bytes.len() => bytes[position] = byte,
                1 => bytes.insert(position, byte),
                _ if position < bytes.len() => {
                    bytes.remove(position);
                }
                _ => bytes.push(byte),
            }
        }
    }

    #[test]
    fn parse_ppm_survives_random_mutations() {
        let seeds: [&[u8]; 3] = [
            CHELSEA,
            b"P6\n# comment\n2 2\n# another\n200\n\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b",
            b"P6 1 1 9#c\n\x01\x02\x03",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut accepted = 0;

        for seed in seeds {
            for _ in 0..3000 {
                let mut bytes = seed.to_vec();
                mutate(&mut bytes, &mut state);

                if let Ok(image) = parse_ppm(&bytes) {
                    accepted += 1;
                    assert_eq!(image.pixels.len(), image.height * image.width * 3);
                    assert!(
                        image
                            .pixels
                            .iter()
                            .all(|&sample| u16::from(sample) <= image.maxval)
                    );
                }
            }
        }
        // Changes to raster bytes keep the file valid, so some inputs pass.
        assert!(accepted > 0);
    }

    #[cfg(feature = "std")]
    #[test]
    fn read_ppm_reads_chelsea_file() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/chelsea64.ppm");
        let image = read_ppm(path).unwrap();

        assert_eq!((image.height, image.width), (64, 64));
        assert_eq!(image.pixels, parse_ppm(CHELSEA).unwrap().pixels);
    }

    #[cfg(feature = "std")]
    #[test]
    fn read_ppm_reports_missing_file_with_path() {
        let error = read_ppm("no/such/dir/image.ppm").unwrap_err();

        assert!(
            matches!(&error, PpmError::Io { path, .. } if path.as_os_str() == "no/such/dir/image.ppm")
        );
        let message = error.to_string();
        assert!(
            message.starts_with("failed to read ppm file no/such/dir/image.ppm: "),
            "{message}"
        );
    }
}

//! Encoding of a tensor as an npy file, byte for byte as numpy 2.4's
//! `numpy.save` writes the same array.

#![forbid(unsafe_code)]

use alloc::format;
use alloc::vec::Vec;

use super::dtype::DataType;
use super::header::MAGIC;
use crate::error::TupleDisplay;
use crate::{Storage, TensorBase};

/// The multiple of bytes at which the data starts, numpy's `ARRAY_ALIGN`.
const ALIGNMENT: usize = 64;

/// The number of digits that numpy leaves room for in the first length of
/// the shape, its `GROWTH_AXIS_MAX_DIGITS`.
const GROWTH_DIGITS: usize = 21;

/// The bytes before the header in version 1.0: the magic string, the
/// version and a u16 header length.
const VERSION_1_PREFIX: usize = MAGIC.len() + 2 + 2;

/// The bytes before the header in version 2.0, whose header length is a u32.
const VERSION_2_PREFIX: usize = MAGIC.len() + 2 + 4;

/// Encodes `tensor` as a C-order npy file of `data_type`, in row-major
/// logical order whatever its strides, with `push` appending the
/// little-endian bytes of each element.
pub(crate) fn encode<S: Storage>(
    tensor: &TensorBase<S>,
    data_type: DataType,
    mut push: impl FnMut(S::Elem, &mut Vec<u8>),
) -> Vec<u8> {
    let mut bytes = header_bytes(data_type.little_endian_descr(), tensor.shape());
    let body_length = tensor.len().saturating_mul(data_type.item_size());
    bytes.reserve(body_length);

    for &value in tensor.iter() {
        push(value, &mut bytes);
    }
    bytes
}

/// Returns the magic string, the format version, the header length and the
/// padded header for data of `descr` and `shape` in C order.
///
/// The version is 1.0, whose header length is a u16. A header longer than
/// 65535 bytes, as thousands of axes make, gets version 2.0 instead, as in
/// numpy 2.4's `_wrap_header_guess_version`.
fn header_bytes(descr: &str, shape: &[usize]) -> Vec<u8> {
    let dictionary = header_dictionary(descr, shape);
    // The newline that ends the header follows the padding.
    let unpadded_length = dictionary.len() + 1;
    let (major, length_field, header_length) =
        match u16::try_from(padded_length(VERSION_1_PREFIX, unpadded_length)) {
            Ok(length) => (1, length.to_le_bytes().to_vec(), usize::from(length)),
            Err(_) => {
                let length = padded_length(VERSION_2_PREFIX, unpadded_length);
                let field = u32::try_from(length)
                    .expect("an npy header longer than 4 GiB needs more than 400 million axes");
                (2, field.to_le_bytes().to_vec(), length)
            }
        };

    let mut bytes = Vec::with_capacity(MAGIC.len() + 2 + length_field.len() + header_length);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&[major, 0]);
    bytes.extend_from_slice(&length_field);
    let header_start = bytes.len();
    bytes.extend_from_slice(dictionary.as_bytes());
    bytes.resize(header_start + header_length - 1, b' ');
    bytes.push(b'\n');
    bytes
}

/// Returns the header dictionary as numpy writes it, with the keys in
/// alphabetical order and a comma after each value.
///
/// Spaces follow the closing brace, so that the first length of the shape
/// can grow to 21 digits when data is appended to the file in place.
fn header_dictionary(descr: &str, shape: &[usize]) -> alloc::string::String {
    let mut dictionary = format!(
        "{{'descr': '{descr}', 'fortran_order': False, 'shape': {}, }}",
        TupleDisplay(shape)
    );
    if let Some(&first) = shape.first() {
        let digits = first.checked_ilog10().map_or(1, |log| log as usize + 1);
        let spaces = GROWTH_DIGITS.saturating_sub(digits);
        dictionary.extend(core::iter::repeat_n(' ', spaces));
    }
    dictionary
}

/// Returns the header length after padding, so that the data starts at a
/// multiple of 64 bytes after the `prefix_length` bytes before the header.
///
/// As numpy 2.4's `_wrap_header` does, a header that is already aligned
/// gets 64 more bytes of padding.
fn padded_length(prefix_length: usize, unpadded_length: usize) -> usize {
    let padding = ALIGNMENT - (prefix_length + unpadded_length) % ALIGNMENT;
    unpadded_length + padding
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_bytes_matches_numpy_save() {
        // numpy 2.4: np.save of np.zeros((2, 3)), the first 128 bytes.
        let mut expected = b"\x93NUMPY\x01\x00v\x00{'descr': '<f8', 'fortran_order': False, \
                             'shape': (2, 3), }"
            .to_vec();
        expected.resize(127, b' ');
        expected.push(b'\n');

        assert_eq!(header_bytes("<f8", &[2, 3]), expected);
    }

    #[test]
    fn header_bytes_pads_scalar_without_growth_room() {
        let bytes = header_bytes("|b1", &[]);
        let text = core::str::from_utf8(&bytes[10..]).unwrap();

        assert_eq!(bytes.len(), 128);
        assert!(text.starts_with("{'descr': '|b1', 'fortran_order': False, 'shape': (), }  "));
        assert!(text.ends_with(" \n"));
    }

    #[test]
    fn padded_length_adds_full_block_when_aligned() {
        assert_eq!(padded_length(10, 54), 118);
        assert_eq!(padded_length(10, 53), 54);
    }

    #[test]
    fn header_bytes_uses_version_2_when_long() {
        let shape = alloc::vec![1; 30_000];
        let bytes = header_bytes("<f8", &shape);
        let header_length = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);

        assert_eq!(bytes[6..8], [2, 0]);
        assert_eq!(bytes.len(), 12 + header_length as usize);
        assert_eq!(bytes.len() % 64, 0);
    }
}

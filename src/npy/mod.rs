//! Reading and writing numpy's `.npy` files.
//!
//! [`parse_npy`] and [`parse_npy_any`] decode an array from bytes, and
//! [`to_npy_bytes`] encodes a tensor. These work without `std`. `read_npy`,
//! `read_npy_any` and `write_npy` work on files and need the `std` feature.
//!
//! # Format
//!
//! The layout follows the specification in the docstring of numpy's
//! `numpy/lib/format.py` (`numpy/lib/_format_impl.py` in numpy 2.4):
//!
//! 1. The magic string `\x93NUMPY`.
//! 2. The format version, one byte major and one byte minor: 1.0, 2.0 or
//!    3.0.
//! 3. The header length in bytes, a little-endian u16 in version 1.0 and a
//!    u32 in versions 2.0 and 3.0.
//! 4. The header: a Python dictionary literal such as
//!    `{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }`, padded
//!    with spaces and ended by a newline so that the data starts at a
//!    multiple of 64 bytes. Versions 1.0 and 2.0 encode it in latin-1,
//!    version 3.0 in UTF-8.
//! 5. The data: every element in C (row-major) order, or in Fortran
//!    (column-major) order when `fortran_order` is `True`, without padding.
//!
//! # Dtypes
//!
//! | `descr` code | numpy dtype | tensor                                          |
//! |--------------|-------------|-------------------------------------------------|
//! | `f4`         | float32     | `Tensor<f32>`                                   |
//! | `f8`         | float64     | `Tensor<f64>`                                   |
//! | `i4`         | int32       | `Tensor<i32>`                                   |
//! | `i8`         | int64       | `Tensor<i64>`                                   |
//! | `u1`         | uint8       | `Tensor<u8>`                                    |
//! | `b1`         | bool        | `Tensor<u8>` of 0 and 1, from [`parse_npy_any`] |
//!
//! The code is preceded by its byte order: `<` little-endian, `>`
//! big-endian (swapped on reading), `=` the target's, or `|` for one-byte
//! types. As in numpy 2.4, `|` on a wider type and a missing character also
//! mean the target's order. The writer uses `<`, and `|` for `u1`.
//!
//! # Accepted headers
//!
//! The parser reads the dictionary itself instead of evaluating Python. It
//! accepts what numpy writes, and these variations that a Python dictionary
//! literal allows:
//!
//! - Keys in any order, in single or double quotes.
//! - Whitespace between tokens.
//! - A trailing comma after the last entry and after the last length.
//! - In versions 1.0 and 2.0, the `L` suffix that Python 2 wrote after
//!   integers, which numpy 2.4 also accepts.
//!
//! numpy 2.4 rejects headers longer than 10000 bytes unless its caller
//! raises `max_header_size`, because Python's parser is slow on large
//! input. This parser has no such limit, because it runs in time linear in
//! the header's length.
//!
//! # Rejected input
//!
//! - Keys other than `'descr'`, `'fortran_order'` and `'shape'`, a key
//!   given twice, or a missing key.
//! - Any other Python syntax: strings with backslash escapes, integers with
//!   a sign, an underscore or a leading zero, `(5)` for `(5,)`, and lists.
//! - Other dtypes, structured dtypes, and dtype names such as `'float64'`
//!   that numpy does not write in a header.
//! - Data shorter or longer than the shape needs. numpy 2.4's `load`
//!   ignores extra bytes after the data, but they mean that the header's
//!   shape is wrong or that other data follows, so they are reported
//!   instead of being dropped without notice.
//! - A bool byte other than 0 or 1, which numpy never writes.
//!
//! The data length is checked against the shape before anything is
//! allocated for the elements, so a header that claims a huge shape fails
//! without allocating.
//!
//! # Examples
//!
//! ```
//! use baretensor::npy::{parse_npy, to_npy_bytes};
//! use baretensor::tensor;
//!
//! let a = tensor![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
//! let bytes = to_npy_bytes(&a);
//! assert_eq!(&bytes[..6], b"\x93NUMPY");
//! assert_eq!(bytes.len(), 128 + 6 * 8); // the data starts at byte 128
//!
//! let b = parse_npy::<f64>(&bytes)?;
//! assert_eq!(b, a);
//! assert!(parse_npy::<f32>(&bytes).is_err());
//! # Ok::<(), baretensor::npy::NpyError>(())
//! ```

#![forbid(unsafe_code)]

use alloc::vec::Vec;

use crate::{Element, Storage, Tensor, TensorBase};

mod body;
mod dtype;
mod error;
mod header;
mod write;

use body::split_npy;
use dtype::{Codec, DataType};
pub use error::NpyError;

/// An element type that npy files store: `f32`, `f64`, `i32`, `i64` or
/// `u8`, numpy's float32, float64, int32, int64 and uint8.
///
/// numpy's bool has no element type of its own. [`parse_npy_any`] reads it
/// as `u8`, in [`NpyArray::Bool`].
///
/// The trait is sealed: the list of types is fixed.
///
/// # Examples
///
/// ```
/// use baretensor::npy::{NpyElement, NpyError, parse_npy, to_npy_bytes};
/// use baretensor::{Tensor, tensor};
///
/// // Writes and reads back any tensor whose element type npy files store.
/// fn round_trip<T: NpyElement>(tensor: &Tensor<T>) -> Result<Tensor<T>, NpyError> {
///     parse_npy(&to_npy_bytes(tensor))
/// }
/// let a = tensor![[1.5f32, 2.5], [3.5, 4.5]];
/// assert_eq!(round_trip(&a)?, a);
/// let b = tensor![1u8, 2, 3];
/// assert_eq!(round_trip(&b)?, b);
/// # Ok::<(), NpyError>(())
/// ```
pub trait NpyElement: Element + Codec {}

impl NpyElement for f32 {}
impl NpyElement for f64 {}
impl NpyElement for i32 {}
impl NpyElement for i64 {}
impl NpyElement for u8 {}

/// An array read from an npy file whose dtype was not known in advance.
///
/// # Examples
///
/// ```
/// use baretensor::npy::{parse_npy_any, to_npy_bytes, NpyArray};
/// use baretensor::tensor;
///
/// let bytes = to_npy_bytes(&tensor![7i64, 8]);
/// match parse_npy_any(&bytes)? {
///     NpyArray::I64(tensor) => assert_eq!(tensor.to_vec(), vec![7, 8]),
///     other => panic!("expected int64, got {}", other.dtype()),
/// }
/// # Ok::<(), baretensor::npy::NpyError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum NpyArray {
    /// numpy's float32.
    F32(Tensor<f32>),
    /// numpy's float64.
    F64(Tensor<f64>),
    /// numpy's int32.
    I32(Tensor<i32>),
    /// numpy's int64.
    I64(Tensor<i64>),
    /// numpy's uint8.
    U8(Tensor<u8>),
    /// numpy's bool, as `u8` elements that are 0 for `False` and 1 for
    /// `True`, because the crate has no bool element type.
    Bool(Tensor<u8>),
}

impl NpyArray {
    /// Returns numpy's name of the array's dtype, such as `"float64"` or
    /// `"bool"`.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::npy::{NpyArray, parse_npy_any, to_npy_bytes};
    /// use baretensor::tensor;
    ///
    /// let array = parse_npy_any(&to_npy_bytes(&tensor![1.5f32, 2.5]))?;
    /// assert_eq!(array.dtype(), "float32");
    /// assert_eq!(NpyArray::Bool(tensor![0u8, 1]).dtype(), "bool");
    /// # Ok::<(), baretensor::npy::NpyError>(())
    /// ```
    pub fn dtype(&self) -> &'static str {
        self.data_type().name()
    }

    /// Returns the length of every axis, outermost first.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Tensor;
    /// use baretensor::npy::{parse_npy_any, to_npy_bytes};
    ///
    /// let bytes = to_npy_bytes(&Tensor::<i32>::zeros(&[2, 3]));
    /// // Reading the shape needs no match on the dtype.
    /// assert_eq!(parse_npy_any(&bytes)?.shape(), &[2, 3]);
    /// # Ok::<(), baretensor::npy::NpyError>(())
    /// ```
    pub fn shape(&self) -> &[usize] {
        match self {
            Self::F32(tensor) => tensor.shape(),
            Self::F64(tensor) => tensor.shape(),
            Self::I32(tensor) => tensor.shape(),
            Self::I64(tensor) => tensor.shape(),
            Self::U8(tensor) | Self::Bool(tensor) => tensor.shape(),
        }
    }

    /// Encodes the array as [`to_npy_bytes`] does, with `Bool` written as
    /// numpy's bool dtype `|b1`.
    ///
    /// A `Bool` element other than 0 is written as 1 (`True`), as numpy's
    /// `astype(bool)` converts it.
    ///
    /// # Panics
    ///
    /// As [`to_npy_bytes`].
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::npy::{parse_npy_any, NpyArray};
    /// use baretensor::tensor;
    ///
    /// let mask = NpyArray::Bool(tensor![0u8, 1, 1]);
    /// let bytes = mask.to_npy_bytes();
    /// assert!(bytes.starts_with(b"\x93NUMPY\x01\x00v\x00{'descr': '|b1'"));
    /// assert_eq!(parse_npy_any(&bytes)?, mask);
    /// # Ok::<(), baretensor::npy::NpyError>(())
    /// ```
    pub fn to_npy_bytes(&self) -> Vec<u8> {
        match self {
            Self::F32(tensor) => to_npy_bytes(tensor),
            Self::F64(tensor) => to_npy_bytes(tensor),
            Self::I32(tensor) => to_npy_bytes(tensor),
            Self::I64(tensor) => to_npy_bytes(tensor),
            Self::U8(tensor) => to_npy_bytes(tensor),
            Self::Bool(tensor) => write::encode(tensor, DataType::Bool, |value, out| {
                out.push(u8::from(value != 0));
            }),
        }
    }

    fn data_type(&self) -> DataType {
        match self {
            Self::F32(_) => DataType::Float32,
            Self::F64(_) => DataType::Float64,
            Self::I32(_) => DataType::Int32,
            Self::I64(_) => DataType::Int64,
            Self::U8(_) => DataType::Uint8,
            Self::Bool(_) => DataType::Bool,
        }
    }
}

/// Decodes an npy file whose dtype is `T`'s.
///
/// Data in Fortran order is not copied: the tensor gets column-major
/// strides, so that its logical order is the array's. Big-endian data is
/// byte-swapped. The [module documentation](self) lists what is accepted.
///
/// # Errors
///
/// Returns the [`NpyError`] variant that names the first problem found,
/// in this order:
///
/// 1. An input shorter than the fixed fields, a missing magic string, or an
///    unsupported format version.
/// 2. A header that reaches past the input, or that is not a dictionary
///    with exactly the three keys.
/// 3. An unsupported dtype, or a shape whose byte count overflows `usize`.
/// 4. Data shorter or longer than the shape needs, or a bool byte other
///    than 0 or 1.
/// 5. Last, [`NpyError::DtypeMismatch`] for a valid file of another dtype.
///
/// # Examples
///
/// ```
/// use baretensor::npy::{parse_npy, NpyError};
///
/// // A (2,) int32 array in Fortran order, as numpy writes it, big-endian.
/// let mut bytes = b"\x93NUMPY\x01\x00\x76\x00".to_vec();
/// let header = "{'descr': '>i4', 'fortran_order': True, 'shape': (2,), }";
/// bytes.extend_from_slice(format!("{header:117}\n").as_bytes());
/// bytes.extend_from_slice(&[0, 0, 0, 1, 0, 0, 1, 0]);
///
/// let tensor = parse_npy::<i32>(&bytes)?;
/// assert_eq!(tensor.to_vec(), vec![1, 256]);
///
/// bytes.pop();
/// let error = parse_npy::<i32>(&bytes).unwrap_err();
/// assert!(matches!(error, NpyError::TruncatedBody { expected: 8, found: 7, .. }));
/// # Ok::<(), baretensor::npy::NpyError>(())
/// ```
pub fn parse_npy<T: NpyElement>(bytes: &[u8]) -> Result<Tensor<T>, NpyError> {
    let data = split_npy(bytes)?;
    let data_type = data.header.data_type;

    if data_type != T::DATA_TYPE {
        return Err(NpyError::DtypeMismatch {
            descr: data.header.descr,
            found: data_type.name(),
            requested: T::DTYPE,
        });
    }
    data.into_tensor()
}

/// Decodes an npy file of any supported dtype.
///
/// A bool array becomes [`NpyArray::Bool`], a `u8` tensor of 0 and 1.
/// Everything else is as in [`parse_npy`].
///
/// # Errors
///
/// Every error of [`parse_npy`] except [`NpyError::DtypeMismatch`].
///
/// # Examples
///
/// ```
/// use baretensor::npy::{parse_npy_any, NpyArray, NpyError};
///
/// let mut bytes = b"\x93NUMPY\x01\x00\x76\x00".to_vec();
/// let header = "{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }";
/// bytes.extend_from_slice(format!("{header:117}\n").as_bytes());
/// bytes.extend_from_slice(&[1, 0, 1]);
///
/// let array = parse_npy_any(&bytes)?;
/// assert_eq!(array.dtype(), "bool");
/// assert!(matches!(&array, NpyArray::Bool(mask) if mask.to_vec() == [1, 0, 1]));
///
/// *bytes.last_mut().unwrap() = 2;
/// assert!(matches!(parse_npy_any(&bytes), Err(NpyError::InvalidBool { index: 2, value: 2, .. })));
/// # Ok::<(), baretensor::npy::NpyError>(())
/// ```
pub fn parse_npy_any(bytes: &[u8]) -> Result<NpyArray, NpyError> {
    let data = split_npy(bytes)?;

    let array = match data.header.data_type {
        DataType::Float32 => NpyArray::F32(data.into_tensor()?),
        DataType::Float64 => NpyArray::F64(data.into_tensor()?),
        DataType::Int32 => NpyArray::I32(data.into_tensor()?),
        DataType::Int64 => NpyArray::I64(data.into_tensor()?),
        DataType::Uint8 => NpyArray::U8(data.into_tensor()?),
        DataType::Bool => NpyArray::Bool(data.into_tensor()?),
    };
    Ok(array)
}

/// Encodes a tensor as an npy file, byte for byte as numpy 2.4's
/// `numpy.save` writes the same array.
///
/// The file has format version 1.0 and little-endian data in C order. Its
/// header is padded with spaces so that the data starts at a multiple of
/// 64 bytes. Only a header longer than 65535 bytes, which takes thousands
/// of axes, makes the version 2.0. A transposed, broadcast or otherwise
/// strided tensor is written in its row-major logical order.
///
/// # Panics
///
/// Panics if the file would exceed `isize::MAX` bytes, as `Vec` does. Only
/// a broadcast view can describe that many elements.
///
/// # Examples
///
/// ```
/// use baretensor::npy::{parse_npy, to_npy_bytes};
/// use baretensor::tensor;
///
/// let a = tensor![[1u8, 2, 3], [4, 5, 6]];
/// let bytes = to_npy_bytes(&a.t());
/// assert!(bytes.starts_with(b"\x93NUMPY\x01\x00v\x00{'descr': '|u1', 'fortran_order': False, 'shape': (3, 2), }"));
/// assert_eq!(bytes[128..], [1, 4, 2, 5, 3, 6]);
/// assert_eq!(parse_npy::<u8>(&bytes)?, a.t());
/// # Ok::<(), baretensor::npy::NpyError>(())
/// ```
pub fn to_npy_bytes<S>(tensor: &TensorBase<S>) -> Vec<u8>
where
    S: Storage,
    S::Elem: NpyElement,
{
    write::encode(tensor, S::Elem::DATA_TYPE, |value, out| {
        value.push_npy_bytes(out);
    })
}

/// Reads an npy file whose dtype is `T`'s and decodes it with
/// [`parse_npy`].
///
/// # Errors
///
/// Returns [`NpyError::ReadFile`] with the path when the file cannot be
/// read, and otherwise any error of [`parse_npy`].
///
/// # Examples
///
/// ```
/// use baretensor::npy::{read_npy, write_npy, NpyError};
/// use baretensor::tensor;
///
/// let path = std::env::temp_dir().join(format!("baretensor-doc-{}.npy", std::process::id()));
/// write_npy(&path, &tensor![1.5f32, 2.5])?;
/// let tensor = read_npy::<f32>(&path)?;
/// std::fs::remove_file(&path).unwrap();
/// assert_eq!(tensor.to_vec(), vec![1.5, 2.5]);
///
/// let error = read_npy::<f32>("no/such/file.npy").unwrap_err();
/// assert!(matches!(error, NpyError::ReadFile { .. }));
/// # Ok::<(), baretensor::npy::NpyError>(())
/// ```
#[cfg(feature = "std")]
pub fn read_npy<T: NpyElement>(path: impl AsRef<std::path::Path>) -> Result<Tensor<T>, NpyError> {
    parse_npy(&read_file(path.as_ref())?)
}

/// Reads an npy file of any supported dtype and decodes it with
/// [`parse_npy_any`].
///
/// # Errors
///
/// Returns [`NpyError::ReadFile`] with the path when the file cannot be
/// read, and otherwise any error of [`parse_npy_any`].
///
/// # Examples
///
/// ```
/// use baretensor::npy::{read_npy_any, write_npy, NpyArray};
/// use baretensor::tensor;
///
/// let path = std::env::temp_dir().join(format!("baretensor-doc-any-{}.npy", std::process::id()));
/// write_npy(&path, &tensor![[1i32, 2], [3, 4]])?;
/// let array = read_npy_any(&path)?;
/// std::fs::remove_file(&path).unwrap();
/// assert!(matches!(array, NpyArray::I32(ref tensor) if tensor.shape() == [2, 2]));
///
/// assert!(read_npy_any("no/such/file.npy").is_err());
/// # Ok::<(), baretensor::npy::NpyError>(())
/// ```
#[cfg(feature = "std")]
pub fn read_npy_any(path: impl AsRef<std::path::Path>) -> Result<NpyArray, NpyError> {
    parse_npy_any(&read_file(path.as_ref())?)
}

/// Encodes a tensor with [`to_npy_bytes`] and writes it to a file,
/// replacing any file at `path`.
///
/// # Errors
///
/// Returns [`NpyError::WriteFile`] with the path when the file cannot be
/// written.
///
/// # Panics
///
/// As [`to_npy_bytes`].
///
/// # Examples
///
/// ```
/// use baretensor::npy::{write_npy, NpyError};
/// use baretensor::tensor;
///
/// let path = std::env::temp_dir().join(format!("baretensor-doc-write-{}.npy", std::process::id()));
/// write_npy(&path, &tensor![1u8, 2, 3])?;
/// assert_eq!(std::fs::metadata(&path).unwrap().len(), 128 + 3);
/// std::fs::remove_file(&path).unwrap();
///
/// let error = write_npy("no/such/dir/file.npy", &tensor![1u8]).unwrap_err();
/// assert!(matches!(error, NpyError::WriteFile { .. }));
/// # Ok::<(), baretensor::npy::NpyError>(())
/// ```
#[cfg(feature = "std")]
pub fn write_npy<S>(
    path: impl AsRef<std::path::Path>,
    tensor: &TensorBase<S>,
) -> Result<(), NpyError>
where
    S: Storage,
    S::Elem: NpyElement,
{
    let path = path.as_ref();
    std::fs::write(path, to_npy_bytes(tensor)).map_err(|error| NpyError::WriteFile {
        path: path.to_path_buf(),
        error,
    })
}

#[cfg(feature = "std")]
fn read_file(path: &std::path::Path) -> Result<Vec<u8>, NpyError> {
    std::fs::read(path).map_err(|error| NpyError::ReadFile {
        path: path.to_path_buf(),
        error,
    })
}

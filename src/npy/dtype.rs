//! The dtypes of an npy file: which `descr` strings this crate reads, and
//! the conversion of one element between its bytes and its value.

#![forbid(unsafe_code)]

use alloc::vec::Vec;

/// A dtype that this crate reads, without its byte order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataType {
    Bool,
    Uint8,
    Int32,
    Int64,
    Float32,
    Float64,
}

impl DataType {
    /// Returns the dtype of a type code such as `f8`, the part of a
    /// `descr` after the byte order character.
    fn from_code(code: &str) -> Option<Self> {
        match code {
            "b1" => Some(Self::Bool),
            "u1" => Some(Self::Uint8),
            "i4" => Some(Self::Int32),
            "i8" => Some(Self::Int64),
            "f4" => Some(Self::Float32),
            "f8" => Some(Self::Float64),
            _ => None,
        }
    }

    /// Returns numpy's name of the dtype, such as `"float64"`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Bool => "bool",
            Self::Uint8 => "uint8",
            Self::Int32 => "int32",
            Self::Int64 => "int64",
            Self::Float32 => "float32",
            Self::Float64 => "float64",
        }
    }

    /// Returns the size of one element in bytes.
    pub fn item_size(self) -> usize {
        match self {
            Self::Bool | Self::Uint8 => 1,
            Self::Int32 | Self::Float32 => 4,
            Self::Int64 | Self::Float64 => 8,
        }
    }

    /// Returns the `descr` that numpy writes for little-endian data of this
    /// dtype: `|` for one-byte types, which have no byte order, and `<`
    /// for the others.
    pub fn little_endian_descr(self) -> &'static str {
        match self {
            Self::Bool => "|b1",
            Self::Uint8 => "|u1",
            Self::Int32 => "<i4",
            Self::Int64 => "<i8",
            Self::Float32 => "<f4",
            Self::Float64 => "<f8",
        }
    }
}

/// The order of the bytes of each element in the data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ByteOrder {
    Little,
    Big,
}

impl ByteOrder {
    /// The byte order of the target, which numpy's `=` names.
    const NATIVE: Self = if cfg!(target_endian = "big") {
        Self::Big
    } else {
        Self::Little
    };
}

/// Returns the dtype and byte order of a `descr` string, or `None` if this
/// crate does not read that dtype.
///
/// The string is a byte order character and a type code, as numpy's
/// `dtype.str` writes it: `<` little-endian, `>` big-endian, `=` native
/// and `|` not applicable. numpy 2.4's `dtype()` takes `|` and a missing
/// character as native too, as here.
pub fn parse_descr(descr: &str) -> Option<(DataType, ByteOrder)> {
    let (byte_order, code) = match descr.as_bytes().first() {
        Some(b'<') => (ByteOrder::Little, &descr[1..]),
        Some(b'>') => (ByteOrder::Big, &descr[1..]),
        Some(b'=' | b'|') => (ByteOrder::NATIVE, &descr[1..]),
        _ => (ByteOrder::NATIVE, descr),
    };
    let data_type = DataType::from_code(code)?;
    Some((data_type, byte_order))
}

/// Returns numpy's name for a `descr` this crate does not read, for error
/// messages, or `None` if numpy would not recognise it either.
///
/// The names are those of numpy 2.4 on x86-64 Linux, where `f16` is the
/// 80-bit `longdouble` that numpy calls `float128`.
pub fn unsupported_name(descr: &str) -> Option<&'static str> {
    match descr.as_bytes().first() {
        Some(b'[') => return Some("a structured dtype"),
        Some(b'(') => return Some("a subarray dtype"),
        _ => {}
    }
    let code = descr.strip_prefix(['<', '>', '=', '|']).unwrap_or(descr);
    let name = match code {
        "i1" => "int8",
        "i2" => "int16",
        "u2" => "uint16",
        "u4" => "uint32",
        "u8" => "uint64",
        "f2" => "float16",
        "f16" => "float128",
        "c8" => "complex64",
        "c16" => "complex128",
        "c32" => "complex256",
        "O" | "O8" => "object",
        _ if code.starts_with("M8") => "datetime64",
        _ if code.starts_with("m8") => "timedelta64",
        _ if has_size_suffix(code, 'U') => "str",
        _ if has_size_suffix(code, 'S') => "bytes",
        _ if has_size_suffix(code, 'V') => "void",
        _ => return None,
    };
    Some(name)
}

/// Returns whether `code` is `kind` followed by a decimal size, as in `U5`.
fn has_size_suffix(code: &str, kind: char) -> bool {
    match code.strip_prefix(kind) {
        Some(size) => !size.is_empty() && size.bytes().all(|byte| byte.is_ascii_digit()),
        None => false,
    }
}

/// The conversion of one element between its npy bytes and its value.
///
/// It lives in a private module, so the public `NpyElement` that extends it
/// cannot be implemented outside the crate.
pub trait Codec: Copy {
    /// The dtype of the element type.
    const DATA_TYPE: DataType;

    /// Converts the bytes of one element, `DATA_TYPE.item_size()` of them.
    fn from_npy_bytes(bytes: &[u8], byte_order: ByteOrder) -> Self;

    /// Appends the little-endian bytes of the value.
    fn push_npy_bytes(self, out: &mut Vec<u8>);
}

macro_rules! impl_codec {
    ($($type:ty => $data_type:ident),*) => {$(
        impl Codec for $type {
            const DATA_TYPE: DataType = DataType::$data_type;

            fn from_npy_bytes(bytes: &[u8], byte_order: ByteOrder) -> Self {
                const SIZE: usize = core::mem::size_of::<$type>();
                // The caller passes chunks of exactly SIZE bytes, so the
                // fallback never runs. It is there instead of a panic.
                let array = <[u8; SIZE]>::try_from(bytes).unwrap_or([0; SIZE]);
                match byte_order {
                    ByteOrder::Little => <$type>::from_le_bytes(array),
                    ByteOrder::Big => <$type>::from_be_bytes(array),
                }
            }

            fn push_npy_bytes(self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
        }
    )*};
}

impl_codec!(
    u8 => Uint8,
    i32 => Int32,
    i64 => Int64,
    f32 => Float32,
    f64 => Float64
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_descr_reads_every_byte_order() {
        assert_eq!(
            parse_descr("<f8"),
            Some((DataType::Float64, ByteOrder::Little))
        );
        assert_eq!(parse_descr(">i4"), Some((DataType::Int32, ByteOrder::Big)));
        assert_eq!(
            parse_descr("=i8"),
            Some((DataType::Int64, ByteOrder::NATIVE))
        );
        assert_eq!(
            parse_descr("|u1"),
            Some((DataType::Uint8, ByteOrder::NATIVE))
        );
        assert_eq!(parse_descr("b1"), Some((DataType::Bool, ByteOrder::NATIVE)));
    }

    #[test]
    fn parse_descr_rejects_other_codes() {
        for descr in [
            "", "<", "<f8 ", "<<f8", "!f8", "float64", "<c16", "?", "<i16",
        ] {
            assert_eq!(parse_descr(descr), None, "descr {descr:?}");
        }
    }

    #[test]
    fn unsupported_name_names_numpy_dtypes() {
        assert_eq!(unsupported_name("<c16"), Some("complex128"));
        assert_eq!(unsupported_name("|O"), Some("object"));
        assert_eq!(unsupported_name("<M8[ns]"), Some("datetime64"));
        assert_eq!(unsupported_name("<U12"), Some("str"));
        assert_eq!(
            unsupported_name("[('x', '<f4')]"),
            Some("a structured dtype")
        );
        assert_eq!(unsupported_name("<U"), None);
        assert_eq!(unsupported_name("<x9"), None);
    }

    #[test]
    fn from_npy_bytes_swaps_big_endian() {
        let bytes = 1.5f64.to_be_bytes();

        assert_eq!(f64::from_npy_bytes(&bytes, ByteOrder::Big), 1.5);
        assert_eq!(i32::from_npy_bytes(&[0, 0, 0, 7], ByteOrder::Big), 7);
        assert_eq!(i32::from_npy_bytes(&[7, 0, 0, 0], ByteOrder::Little), 7);
    }
}

//! The data after the header: its length check and its conversion into a
//! tensor.

#![forbid(unsafe_code)]

use alloc::vec::Vec;

use super::NpyError;
use super::dtype::{Codec, DataType};
use super::header::{Header, parse_header};
use crate::layout::Layout;
use crate::shape::checked_len;
use crate::{Element, Tensor};

/// A parsed header and the data bytes after it, checked against each other.
pub(crate) struct NpyData<'a> {
    pub(crate) header: Header,
    body: &'a [u8],
}

/// Parses the header and checks that the data has exactly the length that
/// the shape and the dtype need, and for bool data that every byte is 0 or
/// 1. Nothing proportional to the element count is allocated.
pub(crate) fn split_npy(bytes: &[u8]) -> Result<NpyData<'_>, NpyError> {
    let header = parse_header(bytes)?;
    let item_size = header.data_type.item_size();
    let expected = checked_len(&header.shape)
        .ok()
        .and_then(|len| len.checked_mul(item_size))
        .ok_or_else(|| NpyError::SizeOverflow {
            shape: header.shape.clone(),
            item_size,
        })?;

    // `parse_header` checked that the header ends inside the input.
    let body = bytes.get(header.body_start..).unwrap_or_default();
    let found = body.len();
    if found < expected {
        return Err(NpyError::TruncatedBody {
            shape: header.shape,
            item_size,
            expected,
            found,
        });
    }
    if found > expected {
        return Err(NpyError::TrailingBytes {
            shape: header.shape,
            item_size,
            expected,
            found,
        });
    }

    if header.data_type == DataType::Bool {
        check_bools(body, header.body_start)?;
    }
    Ok(NpyData { header, body })
}

/// Rejects the first byte of bool data that is neither 0 nor 1, which numpy
/// never writes.
fn check_bools(body: &[u8], body_start: usize) -> Result<(), NpyError> {
    match body.iter().position(|&byte| byte > 1) {
        Some(index) => Err(NpyError::InvalidBool {
            index,
            offset: body_start + index,
            value: body[index],
        }),
        None => Ok(()),
    }
}

impl NpyData<'_> {
    /// Converts the data into a tensor of `T`, whose size the caller has
    /// matched to the file's dtype, swapping the bytes of big-endian data.
    ///
    /// Data in Fortran order is kept as stored, and the tensor gets
    /// column-major strides instead of a copy in row-major order.
    pub(crate) fn into_tensor<T: Codec + Element>(self) -> Result<Tensor<T>, NpyError> {
        let item_size = self.header.data_type.item_size();
        debug_assert_eq!(item_size, core::mem::size_of::<T>());
        let layout = layout_of(&self.header)?;

        let byte_order = self.header.byte_order;
        let values: Vec<T> = self
            .body
            .chunks_exact(item_size)
            .map(|bytes| T::from_npy_bytes(bytes, byte_order))
            .collect();
        Ok(Tensor::from_parts(values, layout))
    }
}

/// Returns the row-major layout of the header's shape, or the column-major
/// one for Fortran order.
fn layout_of(header: &Header) -> Result<Layout, NpyError> {
    let layout = if header.fortran_order {
        // The column-major layout of (a, b, c) is the row-major layout of
        // (c, b, a) with its axes reversed: strides (1, a, a * b).
        let reversed_shape: Vec<usize> = header.shape.iter().rev().copied().collect();
        Layout::contiguous(&reversed_shape).map(|layout| layout.reversed())
    } else {
        Layout::contiguous(&header.shape)
    };
    // `split_npy` checked the element count, the only thing that can fail.
    layout.map_err(|_| NpyError::SizeOverflow {
        shape: header.shape.clone(),
        item_size: header.data_type.item_size(),
    })
}

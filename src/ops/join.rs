//! Joining tensors: `concatenate` along an existing axis and `stack`
//! along a new one.

#![forbid(unsafe_code)]

use alloc::vec::Vec;

use crate::ShapeError;
use crate::element::Element;
use crate::layout::Layout;
use crate::shape::{checked_len, contiguous_strides, normalize_axis};
use crate::tensor::{Tensor, TensorView};
use crate::view_ops::{layout_of, normalize_new_axis};

/// Joins tensors along an existing axis, as numpy's `concatenate`; a
/// negative `axis` counts from the end.
///
/// All tensors must have the same rank, and the same length on every axis
/// but `axis`. The inputs may be any views, such as transposes, slices or
/// broadcasts; the result is a new row-major tensor.
///
/// ```text
/// (2, 3) and (1, 3), axis 0  ->  (3, 3)
/// (2, 3) and (2, 1), axis 1  ->  (2, 4)
/// ```
///
/// # Errors
///
/// - [`ShapeError::NothingToJoin`] for an empty list, as numpy raises
///   "need at least one array to concatenate".
/// - [`ShapeError::AxisOutOfRange`] unless `-ndim <= axis < ndim` for the
///   rank of the first tensor; a 0-d tensor has no axis to join along.
/// - [`ShapeError::JoinRankMismatch`] naming the first tensor whose rank
///   differs from the first's.
/// - [`ShapeError::JoinLengthMismatch`] naming the first tensor and axis
///   whose length differs from the first tensor's.
/// - [`ShapeError::SizeOverflow`] if the result has more elements than
///   `usize` can count.
///
/// # Panics
///
/// A result whose element count fits in `usize` but not in memory fails
/// as `vec!` does: a panic beyond `isize::MAX` bytes, an abort when the
/// allocator runs out. Joining broadcast views can ask for that much.
///
/// # Examples
///
/// ```
/// use baretensor::{concatenate, tensor};
///
/// let a = tensor![[1, 2, 3], [4, 5, 6]];
/// let b = tensor![[7, 8, 9]];
/// let rows = concatenate(&[a.view(), b.view()], 0)?;
/// assert_eq!(rows.shape(), &[3, 3]);
/// assert_eq!(rows.to_vec(), vec![1, 2, 3, 4, 5, 6, 7, 8, 9]);
///
/// // Views go in as they are: here a transpose, shape (3, 1).
/// let columns = concatenate(&[a.t(), b.t()], -1)?;
/// assert_eq!(columns.to_vec(), vec![1, 4, 7, 2, 5, 8, 3, 6, 9]);
///
/// assert_eq!(
///     concatenate(&[a.view(), b.view()], 1).unwrap_err().to_string(),
///     "concatenate: tensor 0 has shape (2, 3) but tensor 1 has shape (1, 3): \
///      axis 0 has lengths 2 and 1, and only the joined axis 1 may differ"
/// );
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
pub fn concatenate<T: Element>(
    tensors: &[TensorView<'_, T>],
    axis: isize,
) -> Result<Tensor<T>, ShapeError> {
    let op = "concatenate";
    let first = tensors.first().ok_or(ShapeError::NothingToJoin { op })?;
    let axis = normalize_axis(axis, first.ndim())?;
    check_lengths(op, tensors, Some(axis))?;

    let mut shape = first.shape().to_vec();
    let joined_len = tensors.iter().try_fold(0usize, |total, tensor| {
        total.checked_add(tensor.shape()[axis])
    });
    // A sum past usize::MAX is reported as that length, which is already
    // more than any tensor with a second element can count.
    shape[axis] = joined_len.unwrap_or(usize::MAX);
    if joined_len.is_none() || checked_len(&shape).is_err() {
        return Err(ShapeError::SizeOverflow { shape });
    }

    Ok(join_along(tensors, axis, &shape))
}

/// Joins tensors of equal shape along a new axis at position `axis` of
/// the result, as numpy's `stack`: 0 puts the new axis first and -1 last.
///
/// ```text
/// two (2, 3), axis  0  ->  (2, 2, 3)   result[k] is tensor k
/// two (2, 3), axis -1  ->  (2, 3, 2)   result[.., .., k] is tensor k
/// ```
///
/// # Errors
///
/// - [`ShapeError::NothingToJoin`] for an empty list.
/// - [`ShapeError::JoinRankMismatch`] or [`ShapeError::JoinLengthMismatch`]
///   naming the first tensor whose shape differs from the first's, as
///   numpy raises "all input arrays must have the same shape".
/// - [`ShapeError::InsertAxisOutOfRange`] unless
///   `-(ndim + 1) <= axis <= ndim`.
/// - [`ShapeError::SizeOverflow`] if the result has more elements than
///   `usize` can count.
///
/// # Panics
///
/// As [`concatenate`], when the result does not fit in memory.
///
/// # Examples
///
/// ```
/// use baretensor::{stack, tensor};
///
/// let a = tensor![1, 2, 3];
/// let b = tensor![4, 5, 6];
/// let rows = stack(&[a.view(), b.view()], 0)?;
/// assert_eq!(rows.shape(), &[2, 3]);
/// assert_eq!(rows.to_vec(), vec![1, 2, 3, 4, 5, 6]);
/// let pairs = stack(&[a.view(), b.view()], -1)?;
/// assert_eq!(pairs.to_vec(), vec![1, 4, 2, 5, 3, 6]);
///
/// assert_eq!(
///     stack(&[a.view(), b.view()], 2).unwrap_err().to_string(),
///     "stack: cannot insert axis 2 into shape (3,): \
///      the result has rank 2, so valid axes are -2 to 1"
/// );
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
pub fn stack<T: Element>(
    tensors: &[TensorView<'_, T>],
    axis: isize,
) -> Result<Tensor<T>, ShapeError> {
    let op = "stack";
    let first = tensors.first().ok_or(ShapeError::NothingToJoin { op })?;
    check_lengths(op, tensors, None)?;
    let position = normalize_new_axis(op, axis, first.shape())?;

    let mut shape = first.shape().to_vec();
    shape.insert(position, tensors.len());
    checked_len(&shape)?;

    let expanded: Vec<TensorView<'_, T>> = tensors
        .iter()
        .map(|tensor| {
            let layout = layout_of(tensor).with_new_axis(position);
            TensorView::with_layout(tensor.buffer(), layout)
        })
        .collect();
    Ok(join_along(&expanded, position, &shape))
}

/// Checks that every tensor has the rank of the first and its lengths on
/// every axis but `joined_axis`.
fn check_lengths<T: Element>(
    op: &'static str,
    tensors: &[TensorView<'_, T>],
    joined_axis: Option<usize>,
) -> Result<(), ShapeError> {
    let first = tensors[0].shape();
    for (index, tensor) in tensors.iter().enumerate().skip(1) {
        let other = tensor.shape();
        if other.len() != first.len() {
            return Err(ShapeError::JoinRankMismatch {
                op,
                first: first.to_vec(),
                index,
                other: other.to_vec(),
            });
        }
        let mismatch =
            (0..first.len()).find(|&axis| Some(axis) != joined_axis && first[axis] != other[axis]);
        if let Some(axis) = mismatch {
            return Err(ShapeError::JoinLengthMismatch {
                op,
                first: first.to_vec(),
                index,
                other: other.to_vec(),
                axis,
                joined_axis,
            });
        }
    }
    Ok(())
}

/// Copies checked tensors into one of `shape`, joined along `axis`.
///
/// In row-major order the result is a run of blocks, one per index of the
/// axes before `axis`. Each block takes the next `shape[axis..]`-sized
/// chunk of every tensor in turn, and each tensor yields its chunks in
/// its own row-major order:
///
/// ```text
/// a (2, 2), b (2, 1), axis 1:   a0 a1 | b0 || a2 a3 | b1
/// ```
fn join_along<T: Element>(
    tensors: &[TensorView<'_, T>],
    axis: usize,
    shape: &[usize],
) -> Tensor<T> {
    let blocks: usize = shape[..axis].iter().product();
    let mut sources: Vec<_> = tensors
        .iter()
        .map(|tensor| {
            let chunk_len: usize = tensor.shape()[axis..].iter().product();
            (tensor.iter(), chunk_len)
        })
        .collect();

    let mut data = Vec::with_capacity(shape.iter().product());
    for _ in 0..blocks {
        for (values, chunk_len) in &mut sources {
            data.extend(values.by_ref().take(*chunk_len).copied());
        }
    }

    let layout = Layout {
        shape: shape.to_vec(),
        strides: contiguous_strides(shape),
        offset: 0,
    };
    Tensor::from_parts(data, layout)
}

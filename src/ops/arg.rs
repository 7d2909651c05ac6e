//! `argmax` and `argmin`: the index of the largest or smallest element,
//! over the whole tensor or along one axis.

#![forbid(unsafe_code)]

use alloc::vec;
use alloc::vec::Vec;

use crate::ShapeError;
use crate::element::Element;
use crate::layout::Layout;
use crate::shape::{normalize_axis, shape_after_reduction};
use crate::tensor::{Storage, Tensor, TensorBase};

/// Returns the position of the first NaN in `values`. Without a NaN, it
/// returns the position of the first value that `better` prefers to every
/// value before it, and `None` when `values` is empty.
///
/// numpy's `argmax` and `argmin` both stop at the first NaN. A strict
/// `better` keeps the first of tied values.
fn position_of_extreme<T: Element>(
    values: impl Iterator<Item = T>,
    better: impl Fn(T, T) -> bool,
) -> Option<usize> {
    let mut best: Option<(usize, T)> = None;
    for (position, value) in values.enumerate() {
        if value.is_nan() {
            return Some(position);
        }
        match best {
            Some((_, best_value)) if !better(value, best_value) => {}
            _ => best = Some((position, value)),
        }
    }
    best.map(|(position, _)| position)
}

fn greater<T: Element>(lhs: T, rhs: T) -> bool {
    lhs > rhs
}

fn less<T: Element>(lhs: T, rhs: T) -> bool {
    lhs < rhs
}

impl<S: Storage> TensorBase<S> {
    /// Returns the row-major position of the largest element, as numpy's
    /// `argmax` without an axis: the first of tied elements, and the first
    /// NaN if there is one.
    ///
    /// ```text
    /// [[1, 9],
    ///  [9, 4]]   positions 0 1 2 3: the first 9 is at 1
    /// ```
    ///
    /// # Errors
    ///
    /// [`ShapeError::EmptyReduction`] for an empty tensor, as numpy raises
    /// "attempt to get argmax of an empty sequence".
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::{Tensor, tensor};
    ///
    /// assert_eq!(tensor![[1, 9], [9, 4]].argmax()?, 1);
    /// assert_eq!(tensor![1.0, f64::NAN, 3.0, f64::NAN].argmax()?, 1);
    /// assert!(Tensor::<f32>::zeros(&[2, 0]).argmax().is_err());
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn argmax(&self) -> Result<usize, ShapeError> {
        self.position_of_extreme("argmax", greater)
    }

    /// Returns the row-major position of the smallest element, as numpy's
    /// `argmin` without an axis: the first of tied elements, and the first
    /// NaN if there is one.
    ///
    /// # Errors
    ///
    /// [`ShapeError::EmptyReduction`] for an empty tensor.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::{Tensor, tensor};
    ///
    /// assert_eq!(tensor![[4, 0], [0, 4]].argmin()?, 1);
    /// assert_eq!(tensor![1.0, f64::NAN, 0.0].argmin()?, 1);
    /// assert!(Tensor::<i32>::zeros(&[0]).argmin().is_err());
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn argmin(&self) -> Result<usize, ShapeError> {
        self.position_of_extreme("argmin", less)
    }

    /// Returns the index along `axis` of the largest element of each lane,
    /// as numpy's `argmax(axis=...)`, with the rules of
    /// [`argmax`](Self::argmax) for ties and NaN. With `keepdims` the axis
    /// stays with length 1.
    ///
    /// ```text
    /// [[1, 5, 5],      axis 1    [1,     keepdims   [[1],
    ///  [7, 7, 0]]                 0]                 [0]]
    /// ```
    ///
    /// The indices are `i64`, numpy's `intp` on 64-bit platforms. A 0-d
    /// tensor accepts axis 0 and -1 and gives a 0-d tensor holding 0, as
    /// numpy does for these two functions.
    ///
    /// # Errors
    ///
    /// [`ShapeError::AxisOutOfRange`] unless `-ndim <= axis < ndim`, and
    /// [`ShapeError::EmptyReduction`] if the axis has length 0, as numpy
    /// raises even when no lane remains.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::{Tensor, tensor};
    ///
    /// let a = tensor![[1, 5, 5], [7, 7, 0]];
    /// assert_eq!(a.argmax_axis(1, false)?.to_vec(), vec![1, 0]);
    /// assert_eq!(a.argmax_axis(0, true)?.shape(), &[1, 3]);
    /// assert!(Tensor::<f64>::zeros(&[0, 3]).argmax_axis(0, false).is_err());
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn argmax_axis(&self, axis: isize, keepdims: bool) -> Result<Tensor<i64>, ShapeError> {
        self.positions_of_extremes("argmax", axis, keepdims, greater)
    }

    /// Returns the index along `axis` of the smallest element of each lane,
    /// as numpy's `argmin(axis=...)`, with the rules of
    /// [`argmin`](Self::argmin) for ties and NaN.
    ///
    /// # Errors
    ///
    /// [`ShapeError::AxisOutOfRange`] or [`ShapeError::EmptyReduction`], as
    /// for [`argmax_axis`](Self::argmax_axis).
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let a = tensor![[3.0, 1.0], [f64::NAN, 0.0], [2.0, 2.0]];
    /// assert_eq!(a.argmin_axis(-1, false)?.to_vec(), vec![1, 0, 0]);
    /// assert_eq!(a.argmin_axis(0, false)?.to_vec(), vec![1, 1]);
    /// assert!(a.argmin_axis(2, false).is_err());
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn argmin_axis(&self, axis: isize, keepdims: bool) -> Result<Tensor<i64>, ShapeError> {
        self.positions_of_extremes("argmin", axis, keepdims, less)
    }

    fn position_of_extreme(
        &self,
        op: &'static str,
        better: fn(S::Elem, S::Elem) -> bool,
    ) -> Result<usize, ShapeError> {
        position_of_extreme(self.iter().copied(), better).ok_or_else(|| {
            ShapeError::EmptyReduction {
                op,
                shape: self.shape().to_vec(),
            }
        })
    }

    /// Finds the extreme of each lane along `axis` by moving that axis
    /// last: the row-major walk of the moved view then visits each lane as
    /// one run of `shape[axis]` elements, lanes in the output's row-major
    /// order.
    fn positions_of_extremes(
        &self,
        op: &'static str,
        axis: isize,
        keepdims: bool,
        better: fn(S::Elem, S::Elem) -> bool,
    ) -> Result<Tensor<i64>, ShapeError> {
        if self.ndim() == 0 {
            // numpy reads a 0-d array as shape (1,) here, so the error for
            // another axis names rank 1 as numpy's does.
            normalize_axis(axis, 1)?;
            return Ok(Tensor::scalar(0));
        }
        let axis = normalize_axis(axis, self.ndim())?;
        let lane_len = self.shape()[axis];
        if lane_len == 0 {
            return Err(ShapeError::EmptyReduction {
                op,
                shape: self.shape().to_vec(),
            });
        }

        let mut mask = vec![false; self.ndim()];
        mask[axis] = true;
        let shape = shape_after_reduction(self.shape(), &mask, keepdims);
        let mut order: Vec<usize> = (0..self.ndim()).filter(|&other| other != axis).collect();
        order.push(axis);
        let moved = self.permute(&order)?;

        let mut values = moved.iter().copied();
        let data = (0..self.len() / lane_len)
            .map(|_| {
                let mut lane = values.by_ref().take(lane_len);
                let position = position_of_extreme(&mut lane, better);
                // The search stops at a NaN; the rest of its lane must go
                // too, so that the next lane starts in its place.
                lane.for_each(drop);
                // A lane has at least one element, and an index below the
                // length of a lane that was walked fits in i64.
                position.unwrap_or(0) as i64
            })
            .collect();
        Ok(Tensor::from_parts(data, Layout::contiguous(&shape)?))
    }
}

//! Reductions: `sum`, `prod`, `max`, `min`, `mean` and `norm_l2`, over the
//! whole tensor, one axis or several, with or without `keepdims`.

#![forbid(unsafe_code)]

use alloc::vec;
use alloc::vec::Vec;

use crate::ShapeError;
use crate::element::{Element, Float};
use crate::iter::Offsets;
use crate::kernels::{self, strided};
use crate::layout::Layout;
use crate::shape::{axis_mask, contiguous_strides, shape_after_reduction};
use crate::tensor::{Storage, Tensor, TensorBase};

/// Folds the elements of `tensor` over the axes in `mask` into one
/// accumulator per output element, and returns the accumulators in
/// row-major order of the output together with the number of elements
/// folded into each.
///
/// Each input element finds its accumulator through a second layout over
/// the input's shape whose strides are the output's strides, with 0 on the
/// reduced axes. Walking both layouts together pairs every element with
/// its accumulator, whatever the input's strides:
///
/// ```text
/// input (2, 3), reduce axis 1   accumulator strides (1, 0)
/// [[a, b, c],                   a, b, c -> accumulator 0
///  [d, e, f]]                   d, e, f -> accumulator 1
/// ```
fn fold_axes<S: Storage, A: Copy>(
    tensor: &TensorBase<S>,
    mask: &[bool],
    init: A,
    mut fold: impl FnMut(A, S::Elem) -> A,
) -> (Vec<A>, usize) {
    let kept_shape = shape_after_reduction(tensor.shape(), mask, true);
    let mut accumulator_strides = contiguous_strides(&kept_shape);
    for (stride, &reduced) in accumulator_strides.iter_mut().zip(mask) {
        if reduced {
            *stride = 0;
        }
    }
    let accumulator_layout = Layout {
        shape: tensor.shape().to_vec(),
        strides: accumulator_strides,
        offset: 0,
    };

    let output_len: usize = kept_shape.iter().product();
    let mut accumulators = vec![init; output_len];
    let buffer = tensor.buffer();
    for (input, output) in tensor.offsets().zip(Offsets::new(&accumulator_layout)) {
        accumulators[output] = fold(accumulators[output], buffer[input]);
    }

    let folded_per_output = tensor
        .shape()
        .iter()
        .zip(mask)
        .filter(|&(_, &reduced)| reduced)
        .map(|(&axis_len, _)| axis_len)
        .product();
    (accumulators, folded_per_output)
}

/// Returns the sums over the axes in `mask`, in row-major order of the
/// output, when the tensor is contiguous, not empty, and its reduced axes
/// are adjacent. Returns `None` otherwise, so that [`fold_axes`] handles
/// the tensor.
///
/// The shape then splits into kept axes before the reduced ones, the
/// reduced ones, and kept axes after them:
///
/// ```text
/// (outer, reduced, inner)   inner = 1: each sum is a row of `reduced`
///                           elements, summed in eight lanes
///                           inner > 1: each of the `reduced` rows of a
///                           block is added into `inner` accumulators
/// ```
fn sum_adjacent_axes<S: Storage>(tensor: &TensorBase<S>, mask: &[bool]) -> Option<Vec<S::Elem>> {
    let values = tensor.as_slice().filter(|values| !values.is_empty())?;
    let first = mask.iter().position(|&reduced| reduced)?;
    let end = first + mask[first..].iter().take_while(|&&reduced| reduced).count();
    if mask[end..].contains(&true) {
        return None;
    }

    let shape = tensor.shape();
    let reduced_len: usize = shape[first..end].iter().product();
    let inner_len: usize = shape[end..].iter().product();
    if inner_len == 1 {
        Some(strided::sum_rows(values, reduced_len))
    } else {
        Some(strided::sum_columns(values, reduced_len, inner_len))
    }
}

/// The maximum number of elements that the float pairwise sum hands to the wide kernel
/// [`kernels::sum`] at once. Long blocks keep the 32 accumulators busy
/// and the recursion rare; each element then passes through at most
/// `FLOAT_BLOCK / 32 + 35` roundings inside its block (see `sum`).
const FLOAT_BLOCK: usize = 4096;

/// The float pairwise sum splits at multiples of this many elements, so
/// that every block but the last has no tail after its 32-lane chunks and
/// starts at the alignment of the whole slice.
const FLOAT_SPLIT: usize = 64;

/// Sums a slice of `f32` or `f64` pairwise down to blocks of at most
/// [`FLOAT_BLOCK`] elements, each summed by [`kernels::sum`]. Returns
/// `None` for other element types, at the first block.
fn float_pairwise_sum<T: Element>(values: &[T]) -> Option<T> {
    if values.len() <= FLOAT_BLOCK {
        return kernels::sum(values);
    }
    let middle = values.len() / 2 / FLOAT_SPLIT * FLOAT_SPLIT;
    let first_half = float_pairwise_sum(&values[..middle])?;
    Some(first_half.elem_add(float_pairwise_sum(&values[middle..])?))
}

/// Sums a slice by pairwise summation: halves are summed separately and
/// then added, so the rounding error of floats grows with log2(n) instead
/// of n. Floats go to [`float_pairwise_sum`]; for other types, below 64
/// elements, four interleaved accumulators do the work.
pub(crate) fn pairwise_sum<T: Element>(values: &[T]) -> T {
    if let Some(total) = float_pairwise_sum(values) {
        return total;
    }
    integer_pairwise_sum(values)
}

/// Sums a slice pairwise, as [`pairwise_sum`] does, for types without a
/// wide kernel, in blocks of 64 elements.
fn integer_pairwise_sum<T: Element>(values: &[T]) -> T {
    const BLOCK: usize = 64;
    if values.len() <= BLOCK {
        let mut partial = [T::ZERO; 4];
        let chunks = values.chunks_exact(4);
        let tail = chunks.remainder();
        for chunk in chunks {
            for (sum, &x) in partial.iter_mut().zip(chunk) {
                *sum = sum.elem_add(x);
            }
        }
        let mut total = partial[0]
            .elem_add(partial[1])
            .elem_add(partial[2].elem_add(partial[3]));
        for &x in tail {
            total = total.elem_add(x);
        }
        return total;
    }
    let middle = values.len() / 2;
    integer_pairwise_sum(&values[..middle]).elem_add(integer_pairwise_sum(&values[middle..]))
}

/// Returns `shape` as a tensor made of `data`, which the reduction filled
/// in row-major order.
fn reduced_tensor<T: Element>(data: Vec<T>, shape: &[usize]) -> Tensor<T> {
    Tensor::from_parts(
        data,
        Layout::contiguous(shape).expect("a reduced shape is no larger than its input"),
    )
}

impl<S: Storage> TensorBase<S> {
    /// Returns the sums over the axes in `mask`, in row-major order of the
    /// output, by the fastest path that the layout allows.
    fn sums_over(&self, mask: &[bool]) -> Vec<S::Elem> {
        sum_adjacent_axes(self, mask)
            .unwrap_or_else(|| fold_axes(self, mask, S::Elem::ZERO, Element::elem_add).0)
    }

    fn reduce_axes<A: Copy, U: Element>(
        &self,
        axes: &[isize],
        keepdims: bool,
        init: A,
        fold: impl FnMut(A, S::Elem) -> A,
        finish: impl FnMut(A, usize) -> U,
    ) -> Result<Tensor<U>, ShapeError> {
        let mask = axis_mask(axes, self.ndim())?;
        let shape = shape_after_reduction(self.shape(), &mask, keepdims);
        let (accumulators, count) = fold_axes(self, &mask, init, fold);
        let mut finish = finish;
        let data = accumulators
            .into_iter()
            .map(|accumulator| finish(accumulator, count))
            .collect();
        Ok(reduced_tensor(data, &shape))
    }

    /// Like `reduce_axes`, for reductions without an identity: every output
    /// element must have at least one input element.
    fn reduce_axes_nonempty(
        &self,
        op: &'static str,
        axes: &[isize],
        keepdims: bool,
        pick: impl Fn(S::Elem, S::Elem) -> S::Elem,
    ) -> Result<Tensor<S::Elem>, ShapeError> {
        let mask = axis_mask(axes, self.ndim())?;
        let shape = shape_after_reduction(self.shape(), &mask, keepdims);
        let (accumulators, folded_per_output) =
            fold_axes(self, &mask, None, |best: Option<S::Elem>, x| match best {
                None => Some(x),
                Some(best) => Some(pick(best, x)),
            });
        // numpy rejects a reduced axis of length 0 even when the result is
        // empty too, as for axis 1 of shape (0, 0).
        let empty = ShapeError::EmptyReduction {
            op,
            shape: self.shape().to_vec(),
        };
        if folded_per_output == 0 {
            return Err(empty);
        }
        let data: Option<Vec<S::Elem>> = accumulators.into_iter().collect();
        Ok(reduced_tensor(data.ok_or(empty)?, &shape))
    }

    /// Returns the sum of all elements; 0 for an empty tensor.
    ///
    /// Integers are summed in their own type and wrap around on overflow.
    /// numpy sums `int32` and `uint8` in 64 bits instead, so its sum of
    /// `int32` `[2147483647, 1]` is 2147483648 where this one is
    /// -2147483648. Convert with [`map`](Self::map) first to sum wider.
    ///
    /// Floats are summed pairwise when the tensor is contiguous, as numpy
    /// does, so the rounding error grows with log2 of the length: the
    /// halves are split down to blocks of at most 4096 elements, and each
    /// block is summed in 32 interleaved accumulators whose totals are
    /// added in a fixed tree, then its last `len % 32` elements in order.
    /// An element passes through at most 4096 / 32 - 1 roundings in its
    /// accumulator, 5 in the tree, 31 for the remainder and one per
    /// pairwise level. The splits fall on multiples of 64 elements, so a
    /// half may exceed n / 2 by up to 63 and there are at most
    /// `ceil(log2(n / 4096)) + 1` levels. For `n` elements the computed sum
    /// is then within `gamma_k * sum(|x|)` of the exact one, with
    /// `k = 164 + ceil(log2(n / 4096))` (163 for `n <= 4096`),
    /// `gamma_k = k u / (1 - k u)` and `u` the unit roundoff (2^-24 for
    /// `f32`, 2^-53 for `f64`). Every instruction set gives the same bits.
    /// A tensor that is not contiguous is summed in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::{Tensor, tensor};
    ///
    /// assert_eq!(tensor![[1, 2], [3, 4]].sum(), 10);
    /// assert_eq!(Tensor::<f64>::zeros(&[0]).sum(), 0.0);
    /// ```
    pub fn sum(&self) -> S::Elem {
        match self.as_slice() {
            Some(values) => pairwise_sum(values),
            None => self
                .iter()
                .fold(S::Elem::ZERO, |total, &x| total.elem_add(x)),
        }
    }

    /// Returns the sums along one axis, negative counting from the end.
    /// With `keepdims` the axis stays with length 1.
    ///
    /// # Errors
    ///
    /// [`ShapeError::AxisOutOfRange`] unless `-ndim <= axis < ndim`.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let a = tensor![[1, 2, 3], [4, 5, 6]];
    /// assert_eq!(a.sum_axis(0, false)?.to_vec(), vec![5, 7, 9]);
    /// let rows = a.sum_axis(-1, true)?;
    /// assert_eq!(rows.shape(), &[2, 1]);
    /// assert_eq!(rows.to_vec(), vec![6, 15]);
    /// assert!(a.sum_axis(2, false).is_err());
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn sum_axis(&self, axis: isize, keepdims: bool) -> Result<Tensor<S::Elem>, ShapeError> {
        self.sum_axes(&[axis], keepdims)
    }

    /// Returns the sums over several axes at once. An empty list reduces
    /// nothing, as numpy's `axis=()`.
    ///
    /// When the reduced axes are the last ones of a contiguous tensor, each
    /// sum is taken in eight interleaved partial sums, so each element of
    /// a float sum passes through at most n / 8 + 10 roundings instead of
    /// n - 1. Other sums add their elements in order.
    ///
    /// # Errors
    ///
    /// [`ShapeError::AxisOutOfRange`] for an axis outside `-ndim..ndim`, and
    /// [`ShapeError::DuplicateAxis`] when two entries name the same axis.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Tensor;
    ///
    /// let a = Tensor::from_shape_fn(&[2, 3, 4], |index| index[2] as i64)?;
    /// let s = a.sum_axes(&[0, 1], false)?;
    /// assert_eq!(s.to_vec(), vec![0, 6, 12, 18]);
    /// assert_eq!(a.sum_axes(&[0, -1], true)?.shape(), &[1, 3, 1]);
    /// assert!(a.sum_axes(&[1, -2], false).is_err());
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn sum_axes(&self, axes: &[isize], keepdims: bool) -> Result<Tensor<S::Elem>, ShapeError> {
        let mask = axis_mask(axes, self.ndim())?;
        let shape = shape_after_reduction(self.shape(), &mask, keepdims);
        Ok(reduced_tensor(self.sums_over(&mask), &shape))
    }

    /// Returns the product of all elements; 1 for an empty tensor. Integers
    /// wrap around on overflow.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::{Tensor, tensor};
    ///
    /// assert_eq!(tensor![1, 2, 3, 4].prod(), 24);
    /// assert_eq!(Tensor::<i32>::zeros(&[2, 0]).prod(), 1);
    /// ```
    pub fn prod(&self) -> S::Elem {
        self.iter()
            .fold(S::Elem::ONE, |product, &x| product.elem_mul(x))
    }

    /// Returns the products along one axis.
    ///
    /// # Errors
    ///
    /// [`ShapeError::AxisOutOfRange`] unless `-ndim <= axis < ndim`.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// assert_eq!(tensor![[1, 2], [3, 4]].prod_axis(1, false)?.to_vec(), vec![2, 12]);
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn prod_axis(&self, axis: isize, keepdims: bool) -> Result<Tensor<S::Elem>, ShapeError> {
        self.prod_axes(&[axis], keepdims)
    }

    /// Returns the products over several axes.
    ///
    /// # Errors
    ///
    /// [`ShapeError::AxisOutOfRange`] or [`ShapeError::DuplicateAxis`].
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// assert_eq!(tensor![[1, 2], [3, 4]].prod_axes(&[0, 1], true)?.to_vec(), vec![24]);
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn prod_axes(&self, axes: &[isize], keepdims: bool) -> Result<Tensor<S::Elem>, ShapeError> {
        self.reduce_axes(
            axes,
            keepdims,
            S::Elem::ONE,
            Element::elem_mul,
            |product, _| product,
        )
    }

    /// Returns the largest element, or NaN if any element is NaN, as
    /// numpy's `max` does.
    ///
    /// # Errors
    ///
    /// [`ShapeError::EmptyReduction`] for an empty tensor: the maximum of
    /// nothing is undefined.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::{Tensor, tensor};
    ///
    /// assert_eq!(tensor![3, 9, 2].max()?, 9);
    /// assert!(tensor![1.0, f64::NAN, 3.0].max()?.is_nan());
    /// assert!(Tensor::<f32>::zeros(&[0]).max().is_err());
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn max(&self) -> Result<S::Elem, ShapeError> {
        self.extreme("max", Element::max_or_nan)
    }

    /// Returns the smallest element, or NaN if any element is NaN.
    ///
    /// # Errors
    ///
    /// [`ShapeError::EmptyReduction`] for an empty tensor.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// assert_eq!(tensor![3, 9, 2].min()?, 2);
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn min(&self) -> Result<S::Elem, ShapeError> {
        self.extreme("min", Element::min_or_nan)
    }

    fn extreme(
        &self,
        op: &'static str,
        pick: impl Fn(S::Elem, S::Elem) -> S::Elem,
    ) -> Result<S::Elem, ShapeError> {
        let mut values = self.iter().copied();
        let first = values.next().ok_or_else(|| ShapeError::EmptyReduction {
            op,
            shape: self.shape().to_vec(),
        })?;
        Ok(values.fold(first, pick))
    }

    /// Returns the maxima along one axis, NaN where a NaN was met.
    ///
    /// # Errors
    ///
    /// [`ShapeError::AxisOutOfRange`], or [`ShapeError::EmptyReduction`] if
    /// the axis has length 0, as numpy raises then.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::{Tensor, tensor};
    ///
    /// let a = tensor![[1.0, 5.0], [7.0, f64::NAN]];
    /// let m = a.max_axis(1, false)?;
    /// assert_eq!(m[[0]], 5.0);
    /// assert!(m[[1]].is_nan());
    /// // Axis 1 of (0, 3) has length 3: zero rows of three give zero maxima.
    /// assert_eq!(Tensor::<f64>::zeros(&[0, 3]).max_axis(1, false)?.shape(), &[0]);
    /// // Axis 0 has length 0: three columns of nothing have no maximum.
    /// assert!(Tensor::<f64>::zeros(&[0, 3]).max_axis(0, false).is_err());
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn max_axis(&self, axis: isize, keepdims: bool) -> Result<Tensor<S::Elem>, ShapeError> {
        self.max_axes(&[axis], keepdims)
    }

    /// Returns the maxima over several axes.
    ///
    /// # Errors
    ///
    /// [`ShapeError::AxisOutOfRange`], [`ShapeError::DuplicateAxis`] or
    /// [`ShapeError::EmptyReduction`].
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let a = tensor![[[1, 8], [3, 4]], [[5, 6], [7, 2]]];
    /// assert_eq!(a.max_axes(&[0, 2], false)?.to_vec(), vec![8, 7]);
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn max_axes(&self, axes: &[isize], keepdims: bool) -> Result<Tensor<S::Elem>, ShapeError> {
        self.reduce_axes_nonempty("max", axes, keepdims, Element::max_or_nan)
    }

    /// Returns the minima along one axis, NaN where a NaN was met.
    ///
    /// # Errors
    ///
    /// [`ShapeError::AxisOutOfRange`] or [`ShapeError::EmptyReduction`].
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// assert_eq!(tensor![[1, 5], [7, 0]].min_axis(0, true)?.to_vec(), vec![1, 0]);
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn min_axis(&self, axis: isize, keepdims: bool) -> Result<Tensor<S::Elem>, ShapeError> {
        self.min_axes(&[axis], keepdims)
    }

    /// Returns the minima over several axes.
    ///
    /// # Errors
    ///
    /// [`ShapeError::AxisOutOfRange`], [`ShapeError::DuplicateAxis`] or
    /// [`ShapeError::EmptyReduction`].
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// assert_eq!(tensor![[1, 5], [7, 0]].min_axes(&[0, 1], false)?.to_vec(), vec![0]);
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn min_axes(&self, axes: &[isize], keepdims: bool) -> Result<Tensor<S::Elem>, ShapeError> {
        self.reduce_axes_nonempty("min", axes, keepdims, Element::min_or_nan)
    }
}

impl<S: Storage> TensorBase<S>
where
    S::Elem: Float,
{
    /// Returns the mean of all elements; NaN for an empty tensor, as numpy
    /// gives (0 / 0).
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::{Tensor, tensor};
    ///
    /// assert_eq!(tensor![1.0, 2.0, 6.0].mean(), 3.0);
    /// assert!(Tensor::<f32>::zeros(&[0]).mean().is_nan());
    /// ```
    pub fn mean(&self) -> S::Elem {
        self.sum() / S::Elem::from_usize(self.len())
    }

    /// Returns the means along one axis.
    ///
    /// # Errors
    ///
    /// [`ShapeError::AxisOutOfRange`] unless `-ndim <= axis < ndim`.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let a = tensor![[1.0, 2.0], [3.0, 6.0]];
    /// assert_eq!(a.mean_axis(-1, true)?.to_vec(), vec![1.5, 4.5]);
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn mean_axis(&self, axis: isize, keepdims: bool) -> Result<Tensor<S::Elem>, ShapeError> {
        self.mean_axes(&[axis], keepdims)
    }

    /// Returns the means over several axes. The sums are taken as in
    /// [`sum_axes`](Self::sum_axes).
    ///
    /// # Errors
    ///
    /// [`ShapeError::AxisOutOfRange`] or [`ShapeError::DuplicateAxis`].
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let a = tensor![[1.0, 2.0], [3.0, 6.0]];
    /// assert_eq!(a.mean_axes(&[0, 1], false)?.to_vec(), vec![3.0]);
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn mean_axes(&self, axes: &[isize], keepdims: bool) -> Result<Tensor<S::Elem>, ShapeError> {
        let mask = axis_mask(axes, self.ndim())?;
        let shape = shape_after_reduction(self.shape(), &mask, keepdims);
        let count: usize = self
            .shape()
            .iter()
            .zip(&mask)
            .filter(|&(_, &reduced)| reduced)
            .map(|(&axis_len, _)| axis_len)
            .product();

        let count = S::Elem::from_usize(count);
        let means = self.sums_over(&mask).into_iter().map(|total| total / count);
        Ok(reduced_tensor(means.collect(), &shape))
    }

    /// Returns the Euclidean (L2) norm of all elements, the square root of
    /// the sum of squares, as numpy's `linalg.norm` of a flattened array.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// assert_eq!(tensor![3.0, 4.0].norm_l2(), 5.0);
    /// ```
    pub fn norm_l2(&self) -> S::Elem {
        self.iter()
            .fold(S::Elem::ZERO, |total, &x| total + x * x)
            .sqrt()
    }

    /// Returns the L2 norms along one axis; with `keepdims` the result
    /// broadcasts back against the input, which is how rows are normalised.
    ///
    /// # Errors
    ///
    /// [`ShapeError::AxisOutOfRange`] unless `-ndim <= axis < ndim`.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let x = tensor![[0.0, 3.0, 4.0], [1.0, 6.0, 4.0]];
    /// let norms = x.norm_l2_axis(1, true)?;
    /// assert_eq!(norms.shape(), &[2, 1]);
    /// assert_eq!(norms[[0, 0]], 5.0);
    /// assert_eq!((&x / &norms)[[0, 1]], 0.6);
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn norm_l2_axis(&self, axis: isize, keepdims: bool) -> Result<Tensor<S::Elem>, ShapeError> {
        self.norm_l2_axes(&[axis], keepdims)
    }

    /// Returns the L2 norms over several axes.
    ///
    /// # Errors
    ///
    /// [`ShapeError::AxisOutOfRange`] or [`ShapeError::DuplicateAxis`].
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let x = tensor![[3.0, 0.0], [0.0, 4.0]];
    /// assert_eq!(x.norm_l2_axes(&[0, 1], false)?.to_vec(), vec![5.0]);
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn norm_l2_axes(
        &self,
        axes: &[isize],
        keepdims: bool,
    ) -> Result<Tensor<S::Elem>, ShapeError> {
        self.reduce_axes(
            axes,
            keepdims,
            S::Elem::ZERO,
            |total, x| total + x * x,
            |total, _| total.sqrt(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairwise_sum_matches_sequential_for_integers() {
        let values: Vec<i64> = (0..1000).collect();
        assert_eq!(pairwise_sum(&values), 999 * 1000 / 2);
        assert_eq!(pairwise_sum::<i64>(&[]), 0);
    }

    /// Checks `sum_axes` against `fold_axes` for integers, which any
    /// order sums exactly, on every subset of axes of `tensor`.
    fn check_every_subset_of_axes<S: Storage<Elem = i64>>(tensor: &TensorBase<S>) {
        let ndim = tensor.ndim();
        for subset in 0..1usize << ndim {
            let axes: Vec<isize> = (0..ndim)
                .filter(|axis| subset & (1 << axis) != 0)
                .map(|axis| axis as isize)
                .collect();
            let mask = axis_mask(&axes, ndim).unwrap();
            let expected = fold_axes(tensor, &mask, 0, Element::elem_add).0;
            let sums = tensor.sum_axes(&axes, false).unwrap();
            assert_eq!(
                sums.to_vec(),
                expected,
                "axes {axes:?} of {:?}",
                tensor.shape()
            );
        }
    }

    #[test]
    fn sum_axes_matches_the_fold_on_every_path() {
        let wrapping = |k: i64| k.wrapping_mul(0x5851_F42D_4C95_7F2D);
        for shape in [&[2, 3, 4, 5][..], &[7, 1, 9], &[1], &[], &[3, 0, 2]] {
            let tensor = Tensor::from_shape_fn(shape, |index| {
                wrapping(index.iter().fold(1, |total, &i| total * 31 + i as i64))
            })
            .unwrap();
            check_every_subset_of_axes(&tensor);
            if shape.len() >= 2 {
                check_every_subset_of_axes(&tensor.t());
            }
        }
    }

    #[test]
    fn sum_leading_axis_sequential_order() {
        let a = Tensor::from_vec(vec![-0.0f64, 1e16, -0.0, 1.0, -0.0, -1e16], &[3, 2]).unwrap();
        let sums = a.sum_axis(0, false).unwrap();
        assert_eq!(sums[[0]].to_bits(), 0.0f64.to_bits());
        // (1e16 + 1) rounds back to 1e16, so the sequential sum is 0.
        assert_eq!(sums[[1]], 0.0);
    }

    #[test]
    fn sum_last_axis_eight_lanes() {
        let values: Vec<f32> = (0..3 * 37).map(|k| 1.0 / (k as f32 + 0.5)).collect();
        let a = Tensor::from_vec(values.clone(), &[3, 37]).unwrap();
        let rows: Vec<f32> = values
            .chunks(37)
            .map(|row| crate::kernels::strided::sum_rows(row, 37)[0])
            .collect();
        assert_eq!(a.sum_axis(1, false).unwrap().to_vec(), rows);
    }

    #[test]
    fn float_sum_splits_into_kernel_blocks() {
        let values: Vec<f32> = (0..3 * FLOAT_BLOCK + 5)
            .map(|k| 1.0 / (k as f32 + 0.25))
            .collect();
        let block = |range: core::ops::Range<usize>| kernels::sum(&values[range]).unwrap();
        // 12293 splits at 6144, each half at 3072: four blocks.
        let expected =
            (block(0..3072) + block(3072..6144)) + (block(6144..9216) + block(9216..values.len()));
        assert_eq!(pairwise_sum(&values).to_bits(), expected.to_bits());
        let short = &values[..FLOAT_BLOCK];
        let whole = kernels::sum(short).unwrap();
        assert_eq!(pairwise_sum(short).to_bits(), whole.to_bits());
    }

    #[test]
    fn pairwise_sum_is_exact_for_float_powers_of_two() {
        // 2^-k for k = 0..50 sums exactly to 2 - 2^-49 in f64 in any order.
        let values: Vec<f64> = (0..50).map(|k| 1.0 / (1u64 << k) as f64).collect();
        assert_eq!(pairwise_sum(&values), 2.0 - 1.0 / (1u64 << 49) as f64);
    }
}

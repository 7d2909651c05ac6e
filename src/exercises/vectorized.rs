//! The exercises over contiguous slices, written so that the compiler can
//! vectorize them.
//!
//! Each function first requests the elements as one slice
//! ([`as_slice`](crate::TensorBase::as_slice)). When the input is strided,
//! such as a transposed or broadcast view, it reads the elements in
//! row-major order through [`iter`](crate::TensorBase::iter) instead, or
//! makes a contiguous copy where the work is row by row. The sigmoid,
//! softmax, row normalization, losses, dot, outer, elementwise and
//! matrix-vector products run in the crate's slice kernels, which use AVX2
//! or AVX-512 when the CPU has them and return the same bits on every CPU.
//! The elementwise results also equal the scalar code bit for bit. Sums
//! use the 32 accumulators of the crate's slice kernels, so they round
//! differently from the single running sum of [`loops`](super::loops): see
//! the module [`exercises`](super) for the bound.

#![forbid(unsafe_code)]

use alloc::borrow::Cow;
use alloc::vec::Vec;

use super::loops::{matvec_shape, rank2_shape, rank3_shape, vector_pair_len};
use crate::ShapeError;
use crate::element::{Element, Float};
use crate::kernels;
use crate::ops::broadcast_pair;
use crate::tensor::{AsView, Tensor, TensorView};

/// Applies an elementwise slice kernel to every element: straight from the
/// input slice when the input is contiguous, from a row-major copy
/// otherwise.
fn map_with_kernel<T: Float>(
    x: &TensorView<'_, T>,
    kernel: impl Fn(&[T], &mut Vec<T>),
) -> Tensor<T> {
    // The kernel appends, so no pass fills the whole output with zeros
    // first, which costs a pass over memory when the allocator reuses a block.
    let mut out = Vec::with_capacity(x.len());
    match x.as_slice() {
        Some(values) => kernel(values, &mut out),
        None => kernel(&x.to_vec(), &mut out),
    }
    Tensor::from_vec(out, x.shape()).expect("one output element per input element")
}

/// Returns the sigmoid `1 / (1 + e^-x)` of every element.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::vectorized;
/// use baretensor::tensor;
///
/// let s = vectorized::sigmoid(&tensor![1.0, 2.0, 3.0]);
/// assert!(s.allclose(&tensor![0.73105858, 0.88079708, 0.95257413], 1e-5, 1e-8));
/// ```
pub fn sigmoid<T: Float>(x: &impl AsView<T>) -> Tensor<T> {
    map_with_kernel(&x.view(), kernels::sigmoid)
}

/// Returns the derivative of the sigmoid, `s * (1 - s)`, at every element.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::vectorized;
/// use baretensor::tensor;
///
/// let ds = vectorized::sigmoid_derivative(&tensor![1.0, 2.0, 3.0]);
/// assert!(ds.allclose(&tensor![0.19661193, 0.10499359, 0.04517666], 1e-5, 1e-8));
/// ```
pub fn sigmoid_derivative<T: Float>(x: &impl AsView<T>) -> Tensor<T> {
    map_with_kernel(&x.view(), kernels::sigmoid_derivative)
}

/// Returns a `(height, width, channels)` image as a `(height * width *
/// channels, 1)` column, in row-major order.
///
/// # Errors
///
/// [`ShapeError::RankMismatch`] unless the image has rank 3.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::vectorized;
/// use baretensor::Tensor;
///
/// let image = Tensor::<u8>::zeros(&[64, 64, 3]);
/// assert_eq!(vectorized::image2vector(&image)?.shape(), &[12288, 1]);
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
pub fn image2vector<T: Element>(image: &impl AsView<T>) -> Result<Tensor<T>, ShapeError> {
    let image = image.view();
    let [height, width, channels] = rank3_shape("image2vector", image.shape())?;
    Tensor::from_vec(image.to_vec(), &[height * width * channels, 1])
}

/// Returns every row of a rank-2 tensor divided by its Euclidean (L2)
/// norm. A row whose norm is 0 (all zeros, or squares that underflow)
/// becomes zeros; numpy would give NaN or infinity there.
///
/// # Errors
///
/// [`ShapeError::RankMismatch`] unless `x` has rank 2.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::vectorized;
/// use baretensor::tensor;
///
/// let x = tensor![[0.0, 3.0, 4.0], [1.0, 6.0, 4.0]];
/// let expected = tensor![[0.0, 0.6, 0.8], [0.13736056, 0.82416338, 0.54944226]];
/// assert!(vectorized::normalize_rows(&x)?.allclose(&expected, 1e-5, 1e-8));
/// assert!(vectorized::normalize_rows(&tensor![3.0, 4.0]).is_err());
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
pub fn normalize_rows<T: Float>(x: &impl AsView<T>) -> Result<Tensor<T>, ShapeError> {
    let x = x.view();
    let [rows, columns] = rank2_shape("normalize_rows", x.shape())?;

    // The kernel reads each input row and appends its output row: two
    // passes over a row, the sum of squares and the division.
    let input = contiguous(&x);
    let mut out = Vec::with_capacity(input.len());
    if columns > 0 {
        for row in input.chunks_exact(columns) {
            // A row of zeros, or one whose squares all underflow to 0,
            // becomes +0.0 everywhere, as in the loop version.
            kernels::normalize_row(row, &mut out);
        }
    }
    Tensor::from_vec(out, &[rows, columns])
}

/// Returns the softmax along the last axis, subtracting each row's maximum
/// first so that `exp` cannot overflow.
///
/// # Errors
///
/// None: every shape has a softmax, and a last axis of length 0 gives an
/// empty result (numpy's `x.max(axis=-1)` would raise there). The `Result`
/// keeps the signature of the other row-wise exercises.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::vectorized;
/// use baretensor::tensor;
///
/// let x = tensor![[9.0f64, 2.0, 5.0, 0.0, 0.0], [7.0, 5.0, 0.0, 0.0, 0.0]];
/// let s = vectorized::softmax(&x)?;
/// assert!((s[[0, 0]] - 9.80897665e-01).abs() < 1e-8);
/// // Large inputs do not overflow.
/// let big = vectorized::softmax(&tensor![1000.0, 1000.0])?;
/// assert_eq!(big.to_vec(), vec![0.5, 0.5]);
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
pub fn softmax<T: Float>(x: &impl AsView<T>) -> Result<Tensor<T>, ShapeError> {
    let x = x.view();
    let columns = x.shape().last().copied().unwrap_or(1);

    // As in `normalize_rows`, the kernel reads each input row and appends
    // its output row, with no copy of the input first.
    let input = contiguous(&x);
    let mut out = Vec::with_capacity(input.len());
    if columns > 0 {
        for row in input.chunks_exact(columns) {
            kernels::softmax_row(row, &mut out);
        }
    }
    Tensor::from_vec(out, x.shape())
}

/// Returns `sum(term(yhat, y))` over the broadcast pairs: with the fused
/// slice kernel `kernel` when both are contiguous with one shape, through
/// the iterators otherwise.
fn sum_broadcast_pairs<T: Float>(
    yhat: &TensorView<'_, T>,
    y: &TensorView<'_, T>,
    kernel: impl Fn(&[T], &[T]) -> T,
    term: impl Fn(T, T) -> T,
) -> Result<T, ShapeError> {
    if let (Some(a), Some(b), true) = (yhat.as_slice(), y.as_slice(), yhat.shape() == y.shape()) {
        return Ok(kernel(a, b));
    }
    let (yhat, y) = broadcast_pair(yhat, y)?;
    Ok(yhat
        .iter()
        .zip(y.iter())
        .fold(T::ZERO, |total, (&a, &b)| total + term(a, b)))
}

/// Returns the L1 loss `sum(|yhat - y|)`, with broadcasting as in numpy.
///
/// # Errors
///
/// [`ShapeError::Broadcast`] if the shapes cannot be broadcast together.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::vectorized;
/// use baretensor::tensor;
///
/// let yhat = tensor![0.9f64, 0.2, 0.1, 0.4, 0.9];
/// let y = tensor![1.0, 0.0, 0.0, 1.0, 1.0];
/// assert!((vectorized::l1(&yhat, &y)? - 1.1).abs() < 1e-12);
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
pub fn l1<T: Float>(yhat: &impl AsView<T>, y: &impl AsView<T>) -> Result<T, ShapeError> {
    sum_broadcast_pairs(&yhat.view(), &y.view(), kernels::l1, |prediction, label| {
        (label - prediction).abs()
    })
}

/// Returns the L2 loss `sum((yhat - y)^2)`, with broadcasting as in numpy.
///
/// # Errors
///
/// [`ShapeError::Broadcast`] if the shapes cannot be broadcast together.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::vectorized;
/// use baretensor::tensor;
///
/// let yhat = tensor![0.9f64, 0.2, 0.1, 0.4, 0.9];
/// let y = tensor![1.0, 0.0, 0.0, 1.0, 1.0];
/// assert!((vectorized::l2(&yhat, &y)? - 0.43).abs() < 1e-12);
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
pub fn l2<T: Float>(yhat: &impl AsView<T>, y: &impl AsView<T>) -> Result<T, ShapeError> {
    sum_broadcast_pairs(&yhat.view(), &y.view(), kernels::l2, |prediction, label| {
        let difference = label - prediction;
        difference * difference
    })
}

/// Returns the elementwise product with broadcasting, numpy's
/// `np.multiply`. Integers wrap around on overflow.
///
/// # Errors
///
/// [`ShapeError::Broadcast`] if the shapes cannot be broadcast together.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::vectorized;
/// use baretensor::tensor;
///
/// let product = vectorized::multiply(&tensor![[1], [2]], &tensor![3, 4, 5])?;
/// assert_eq!(product.to_vec(), vec![3, 4, 5, 6, 8, 10]);
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
pub fn multiply<T: Element>(
    x1: &impl AsView<T>,
    x2: &impl AsView<T>,
) -> Result<Tensor<T>, ShapeError> {
    // Equal shapes and contiguous operands go straight to the kernel,
    // because the views of the general path copy both shapes and strides.
    // At 1000 `f64` elements on the AMD EPYC of BENCHMARKS.md, timed as
    // benches/ops.rs times, a call took 260 ns with the views and 199 ns
    // without them.
    if let (Some((a, shape)), Some((b, other_shape))) =
        (x1.contiguous_parts(), x2.contiguous_parts())
        && shape == other_shape
    {
        return Tensor::from_vec(kernels::multiply(a, b), shape);
    }
    x1.view().try_mul(&x2.view())
}

/// Returns the dot product of two vectors of equal length. Integers wrap
/// around on overflow.
///
/// # Errors
///
/// [`ShapeError::RankMismatch`] unless both operands have rank 1, and
/// [`ShapeError::OperandMismatch`] if their lengths differ.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::vectorized;
/// use baretensor::tensor;
///
/// let x1 = tensor![9, 2, 5, 0, 0, 7, 5, 0, 0, 0, 9, 2, 5, 0, 0];
/// let x2 = tensor![9, 2, 2, 9, 0, 9, 2, 5, 0, 0, 9, 2, 5, 0, 0];
/// assert_eq!(vectorized::dot(&x1, &x2)?, 278);
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
pub fn dot<T: Element>(x1: &impl AsView<T>, x2: &impl AsView<T>) -> Result<T, ShapeError> {
    let (x1, x2) = (x1.view(), x2.view());
    vector_pair_len("dot", &x1, &x2)?;
    Ok(match (x1.as_slice(), x2.as_slice()) {
        (Some(a), Some(b)) => kernels::dot(a, b),
        _ => kernels::dot(&x1.to_vec(), &x2.to_vec()),
    })
}

/// Returns the outer product `out[i, j] = x1[i] * x2[j]`, flattening
/// inputs of higher rank first, as numpy's `np.outer` does.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::vectorized;
/// use baretensor::tensor;
///
/// let table = vectorized::outer(&tensor![1, 2, 3], &tensor![10, 100]);
/// assert_eq!(table.to_vec(), vec![10, 100, 20, 200, 30, 300]);
/// ```
pub fn outer<T: Element>(x1: &impl AsView<T>, x2: &impl AsView<T>) -> Tensor<T> {
    let (x1, x2) = (x1.view(), x2.view());
    let scales = contiguous(&x1);
    let row = contiguous(&x2);

    Tensor::from_vec(kernels::outer(&scales, &row), &[scales.len(), row.len()])
        .expect("the product of two buffer lengths that exist fits in memory")
}

/// Returns the matrix-vector product of a `(m, n)` matrix and a length-`n`
/// vector, one dot product per row. Integers wrap around on overflow.
///
/// # Errors
///
/// [`ShapeError::RankMismatch`] unless `w` has rank 2 and `x` rank 1, and
/// [`ShapeError::OperandMismatch`] unless `x` has one element per column.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::vectorized;
/// use baretensor::tensor;
///
/// let w = tensor![[1, 0, 2], [0, 1, 0]];
/// assert_eq!(vectorized::matvec(&w, &tensor![3, 4, 5])?.to_vec(), vec![13, 4]);
/// // A transposed matrix works without a copy by the caller.
/// assert_eq!(vectorized::matvec(&w.t(), &tensor![1, 1])?.to_vec(), vec![1, 1, 2]);
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
pub fn matvec<T: Element>(w: &impl AsView<T>, x: &impl AsView<T>) -> Result<Tensor<T>, ShapeError> {
    let (w, x) = (w.view(), x.view());
    // The kernel takes the column count from `x`, which the shape check
    // has matched with the matrix.
    let [rows, _] = matvec_shape(&w, &x)?;

    let x = contiguous(&x);
    let matrix = contiguous(&w);
    let mut out = alloc::vec![T::ZERO; rows];
    kernels::matvec(&matrix, &x, &mut out);
    Tensor::from_vec(out, &[rows])
}

/// Returns the elements of `x` in row-major order: borrowed when they are
/// one contiguous slice already, copied otherwise.
fn contiguous<'a, T: Element>(x: &'a TensorView<'_, T>) -> Cow<'a, [T]> {
    match x.as_slice() {
        Some(values) => Cow::Borrowed(values),
        None => Cow::Owned(x.to_vec()),
    }
}

//! The exercises as explicit index loops: the teaching version and the
//! reference for [`vectorized`](super::vectorized).
//!
//! Every element is read through its index. For a tensor with shape
//! `shape`, strides `strides` and offset `offset`, element `[i, j, k]` is
//! `buffer[offset + i*strides[0] + j*strides[1] + k*strides[2]]`. A
//! transposed view only has other strides and a broadcast view has zero
//! strides, so this code reads them all correctly without a copy.
//!
//! Results are built in row-major order, so `out[i*columns + j]` is
//! element `[i, j]` of a new contiguous tensor.

#![forbid(unsafe_code)]
// Index loops are what this module teaches, so clippy's advice to iterate
// instead does not apply here.
#![allow(clippy::needless_range_loop)]

use alloc::vec;
use alloc::vec::Vec;

use super::{sigmoid_derivative_scalar, sigmoid_scalar};
use crate::ShapeError;
use crate::broadcast::broadcast_shapes;
use crate::element::{Element, Float};
use crate::tensor::{AsView, Tensor, TensorView};

/// Returns the buffer index of element `index` of `x`:
/// `offset + index[0]*strides[0] + index[1]*strides[1] + ...`.
fn offset_of<T: Element>(x: &TensorView<'_, T>, index: &[usize]) -> usize {
    let mut position = x.offset() as isize;
    for (axis, &i) in index.iter().enumerate() {
        position += i as isize * x.strides()[axis];
    }
    // A valid index of a valid view never reaches below 0 or past the buffer.
    position as usize
}

/// Moves `index` to the next element in row-major order, as an odometer
/// turns: the last axis fastest. Returns false after the last element.
fn next_index(index: &mut [usize], shape: &[usize]) -> bool {
    for axis in (0..shape.len()).rev() {
        index[axis] += 1;
        if index[axis] < shape[axis] {
            return true;
        }
        index[axis] = 0;
    }
    false
}

/// Applies `f` to every element of `x`, visiting the indices in row-major
/// order and reading each element through its offset.
fn map_by_index<T: Element, U: Element>(x: &TensorView<'_, T>, f: impl Fn(T) -> U) -> Tensor<U> {
    let mut out = Vec::with_capacity(x.len());
    if !x.is_empty() {
        let mut index = vec![0; x.ndim()];
        loop {
            out.push(f(x.buffer()[offset_of(x, &index)]));
            if !next_index(&mut index, x.shape()) {
                break;
            }
        }
    }
    Tensor::from_vec(out, x.shape()).expect("one output element per input element")
}

/// Returns the sigmoid `1 / (1 + e^-x)` of every element.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::loops;
/// use baretensor::tensor;
///
/// let s = loops::sigmoid(&tensor![1.0, 2.0, 3.0]);
/// assert!(s.allclose(&tensor![0.73105858, 0.88079708, 0.95257413], 1e-5, 1e-8));
/// ```
pub fn sigmoid<T: Float>(x: &impl AsView<T>) -> Tensor<T> {
    map_by_index(&x.view(), sigmoid_scalar)
}

/// Returns the derivative of the sigmoid, `s * (1 - s)`, at every element.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::loops;
/// use baretensor::tensor;
///
/// let ds = loops::sigmoid_derivative(&tensor![1.0, 2.0, 3.0]);
/// assert!(ds.allclose(&tensor![0.19661193, 0.10499359, 0.04517666], 1e-5, 1e-8));
/// ```
pub fn sigmoid_derivative<T: Float>(x: &impl AsView<T>) -> Tensor<T> {
    map_by_index(&x.view(), sigmoid_derivative_scalar)
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
/// use baretensor::exercises::loops;
/// use baretensor::tensor;
///
/// let image = tensor![[[1, 2], [3, 4]], [[5, 6], [7, 8]], [[9, 10], [11, 12]]];
/// let column = loops::image2vector(&image)?;
/// assert_eq!(column.shape(), &[12, 1]);
/// assert_eq!(column[[4, 0]], 5);
/// assert!(loops::image2vector(&tensor![1, 2]).is_err());
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
pub fn image2vector<T: Element>(image: &impl AsView<T>) -> Result<Tensor<T>, ShapeError> {
    let image = image.view();
    let [height, width, channels] = rank3_shape("image2vector", image.shape())?;

    let mut out = Vec::with_capacity(image.len());
    let strides = image.strides();
    for i in 0..height {
        for j in 0..width {
            for k in 0..channels {
                let position = image.offset() as isize
                    + i as isize * strides[0]
                    + j as isize * strides[1]
                    + k as isize * strides[2];
                out.push(image.buffer()[position as usize]);
            }
        }
    }
    Tensor::from_vec(out, &[height * width * channels, 1])
}

pub(crate) fn rank3_shape(op: &'static str, shape: &[usize]) -> Result<[usize; 3], ShapeError> {
    <[usize; 3]>::try_from(shape).map_err(|_| ShapeError::RankMismatch {
        op,
        expected: 3,
        shape: shape.to_vec(),
    })
}

pub(crate) fn rank2_shape(op: &'static str, shape: &[usize]) -> Result<[usize; 2], ShapeError> {
    <[usize; 2]>::try_from(shape).map_err(|_| ShapeError::RankMismatch {
        op,
        expected: 2,
        shape: shape.to_vec(),
    })
}

/// Returns element `[i, j]` of a rank-2 view.
fn at2<T: Element>(x: &TensorView<'_, T>, i: usize, j: usize) -> T {
    let position = x.offset() as isize + i as isize * x.strides()[0] + j as isize * x.strides()[1];
    x.buffer()[position as usize]
}

/// Returns every row of a rank-2 tensor divided by its Euclidean (L2)
/// norm, so each row has length 1.
///
/// A row whose norm is 0, because it is all zeros or its squares underflow,
/// becomes zeros; numpy would give NaN or infinity there.
///
/// # Errors
///
/// [`ShapeError::RankMismatch`] unless `x` has rank 2.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::loops;
/// use baretensor::tensor;
///
/// let x = tensor![[0.0, 3.0, 4.0], [1.0, 6.0, 4.0]];
/// let expected = tensor![[0.0, 0.6, 0.8], [0.13736056, 0.82416338, 0.54944226]];
/// assert!(loops::normalize_rows(&x)?.allclose(&expected, 1e-5, 1e-8));
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
pub fn normalize_rows<T: Float>(x: &impl AsView<T>) -> Result<Tensor<T>, ShapeError> {
    let x = x.view();
    let [rows, columns] = rank2_shape("normalize_rows", x.shape())?;

    let mut out = vec![T::ZERO; rows * columns];
    for i in 0..rows {
        let mut sum_of_squares = T::ZERO;
        for j in 0..columns {
            let value = at2(&x, i, j);
            sum_of_squares += value * value;
        }
        let norm = sum_of_squares.sqrt();
        if norm == T::ZERO {
            continue;
        }
        for j in 0..columns {
            out[i * columns + j] = at2(&x, i, j) / norm;
        }
    }
    Tensor::from_vec(out, &[rows, columns])
}

/// Returns the softmax along the last axis: `e^x / sum(e^x)` for every
/// row, so each row is positive and sums to 1.
///
/// The row maximum is subtracted before `exp`, which leaves the result
/// unchanged in exact arithmetic and keeps `exp` from overflowing for large
/// inputs. A 0-d tensor is one row of one element.
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
/// use baretensor::exercises::loops;
/// use baretensor::tensor;
///
/// let x = tensor![[9.0f64, 2.0, 5.0, 0.0, 0.0], [7.0, 5.0, 0.0, 0.0, 0.0]];
/// let s = loops::softmax(&x)?;
/// assert!((s[[0, 0]] - 9.80897665e-01).abs() < 1e-8);
/// assert!((s[[1, 4]] - 8.01252314e-04).abs() < 1e-12);
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
pub fn softmax<T: Float>(x: &impl AsView<T>) -> Result<Tensor<T>, ShapeError> {
    let x = x.view();
    // A 0-d tensor is one row of one element: leading shape (), column
    // count 1, column stride irrelevant.
    let last = x.ndim().saturating_sub(1);
    let leading_shape = &x.shape()[..last];
    let columns = x.shape().get(last).copied().unwrap_or(1);
    let column_stride = x.strides().get(last).copied().unwrap_or(0);

    let mut out = Vec::with_capacity(x.len());
    if !x.is_empty() {
        let mut row_index = vec![0; last];
        loop {
            // Offset of element [row_index..., 0]; column j is j strides further.
            let row_start = offset_of(&x, &row_index) as isize;
            let element = |j: usize| x.buffer()[(row_start + j as isize * column_stride) as usize];

            let mut row_max = T::NEG_INFINITY;
            for j in 0..columns {
                row_max = row_max.max_or_nan(element(j));
            }
            let row_begin = out.len();
            let mut total = T::ZERO;
            for j in 0..columns {
                let e = (element(j) - row_max).exp();
                out.push(e);
                total += e;
            }
            for value in &mut out[row_begin..] {
                *value = *value / total;
            }

            if !next_index(&mut row_index, leading_shape) {
                break;
            }
        }
    }
    Tensor::from_vec(out, x.shape())
}

/// Broadcasts two tensors to their common shape, calls `visit` with every
/// pair of elements in row-major order, and returns that shape.
///
/// Broadcasting is only a change of strides: an axis of length 1 that is
/// stretched gets stride 0, so the same element is read again and again.
fn for_each_broadcast_pair<T: Element>(
    lhs: &TensorView<'_, T>,
    rhs: &TensorView<'_, T>,
    mut visit: impl FnMut(T, T),
) -> Result<Vec<usize>, ShapeError> {
    let shape = broadcast_shapes(&[lhs.shape(), rhs.shape()])?;
    let lhs = lhs.broadcast_to(&shape)?;
    let rhs = rhs.broadcast_to(&shape)?;

    if !lhs.is_empty() {
        let mut index = vec![0; shape.len()];
        loop {
            let x = lhs.buffer()[offset_of(&lhs, &index)];
            let y = rhs.buffer()[offset_of(&rhs, &index)];
            visit(x, y);
            if !next_index(&mut index, &shape) {
                break;
            }
        }
    }
    Ok(shape)
}

/// Returns the L1 loss `sum(|yhat - y|)`. The operands broadcast as in
/// numpy, where the course's `np.sum(np.abs(y - yhat))` would broadcast.
///
/// # Errors
///
/// [`ShapeError::Broadcast`] if the shapes cannot be broadcast together.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::loops;
/// use baretensor::tensor;
///
/// let yhat = tensor![0.9f64, 0.2, 0.1, 0.4, 0.9];
/// let y = tensor![1.0, 0.0, 0.0, 1.0, 1.0];
/// assert!((loops::l1(&yhat, &y)? - 1.1).abs() < 1e-12);
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
pub fn l1<T: Float>(yhat: &impl AsView<T>, y: &impl AsView<T>) -> Result<T, ShapeError> {
    let mut loss = T::ZERO;
    for_each_broadcast_pair(&yhat.view(), &y.view(), |prediction, label| {
        loss += (label - prediction).abs();
    })?;
    Ok(loss)
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
/// use baretensor::exercises::loops;
/// use baretensor::tensor;
///
/// let yhat = tensor![0.9f64, 0.2, 0.1, 0.4, 0.9];
/// let y = tensor![1.0, 0.0, 0.0, 1.0, 1.0];
/// assert!((loops::l2(&yhat, &y)? - 0.43).abs() < 1e-12);
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
pub fn l2<T: Float>(yhat: &impl AsView<T>, y: &impl AsView<T>) -> Result<T, ShapeError> {
    let mut loss = T::ZERO;
    for_each_broadcast_pair(&yhat.view(), &y.view(), |prediction, label| {
        let difference = label - prediction;
        loss += difference * difference;
    })?;
    Ok(loss)
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
/// use baretensor::exercises::loops;
/// use baretensor::tensor;
///
/// let product = loops::multiply(&tensor![[1], [2]], &tensor![3, 4, 5])?;
/// assert_eq!(product.to_vec(), vec![3, 4, 5, 6, 8, 10]);
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
pub fn multiply<T: Element>(
    x1: &impl AsView<T>,
    x2: &impl AsView<T>,
) -> Result<Tensor<T>, ShapeError> {
    let mut out = Vec::new();
    let shape = for_each_broadcast_pair(&x1.view(), &x2.view(), |x, y| out.push(x.elem_mul(y)))?;
    Tensor::from_vec(out, &shape)
}

/// Returns the dot product `sum(x1[i] * x2[i])` of two vectors of equal
/// length. Integers wrap around on overflow.
///
/// # Errors
///
/// [`ShapeError::RankMismatch`] unless both operands have rank 1, and
/// [`ShapeError::OperandMismatch`] if their lengths differ.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::loops;
/// use baretensor::tensor;
///
/// let x1 = tensor![9, 2, 5, 0, 0, 7, 5, 0, 0, 0, 9, 2, 5, 0, 0];
/// let x2 = tensor![9, 2, 2, 9, 0, 9, 2, 5, 0, 0, 9, 2, 5, 0, 0];
/// assert_eq!(loops::dot(&x1, &x2)?, 278);
/// assert!(loops::dot(&x1, &tensor![1, 2]).is_err());
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
pub fn dot<T: Element>(x1: &impl AsView<T>, x2: &impl AsView<T>) -> Result<T, ShapeError> {
    let (x1, x2) = (x1.view(), x2.view());
    let len = vector_pair_len("dot", &x1, &x2)?;

    let mut total = T::ZERO;
    for i in 0..len {
        let a = x1.buffer()[(x1.offset() as isize + i as isize * x1.strides()[0]) as usize];
        let b = x2.buffer()[(x2.offset() as isize + i as isize * x2.strides()[0]) as usize];
        total = total.elem_add(a.elem_mul(b));
    }
    Ok(total)
}

/// Checks that both operands are vectors of one length and returns it.
pub(crate) fn vector_pair_len<T: Element>(
    op: &'static str,
    x1: &TensorView<'_, T>,
    x2: &TensorView<'_, T>,
) -> Result<usize, ShapeError> {
    for x in [x1, x2] {
        if x.ndim() != 1 {
            return Err(ShapeError::RankMismatch {
                op,
                expected: 1,
                shape: x.shape().to_vec(),
            });
        }
    }
    if x1.len() != x2.len() {
        return Err(ShapeError::OperandMismatch {
            op,
            lhs: x1.shape().to_vec(),
            rhs: x2.shape().to_vec(),
            lhs_axis: 0,
            rhs_axis: 0,
        });
    }
    Ok(x1.len())
}

/// Returns the outer product: `out[i, j] = x1[i] * x2[j]`, with shape
/// `(x1.len(), x2.len())`. Inputs of higher rank are flattened first, as
/// numpy's `np.outer` does.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::loops;
/// use baretensor::tensor;
///
/// let table = loops::outer(&tensor![1, 2, 3], &tensor![10, 100]);
/// assert_eq!(table.shape(), &[3, 2]);
/// assert_eq!(table.to_vec(), vec![10, 100, 20, 200, 30, 300]);
/// ```
pub fn outer<T: Element>(x1: &impl AsView<T>, x2: &impl AsView<T>) -> Tensor<T> {
    let x1 = map_by_index(&x1.view(), |x| x).into_vec();
    let x2 = map_by_index(&x2.view(), |x| x).into_vec();

    let mut out = Vec::with_capacity(x1.len() * x2.len());
    for i in 0..x1.len() {
        for j in 0..x2.len() {
            out.push(x1[i].elem_mul(x2[j]));
        }
    }
    Tensor::from_vec(out, &[x1.len(), x2.len()])
        .expect("the product of two buffer lengths that exist fits in memory")
}

/// Returns the matrix-vector product `out[i] = sum over j of w[i, j] *
/// x[j]` of a `(m, n)` matrix and a length-`n` vector, a length-`m`
/// vector. Integers wrap around on overflow.
///
/// # Errors
///
/// [`ShapeError::RankMismatch`] unless `w` has rank 2 and `x` rank 1, and
/// [`ShapeError::OperandMismatch`] unless `x` has one element per column.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::loops;
/// use baretensor::tensor;
///
/// let w = tensor![[1, 0, 2], [0, 1, 0]];
/// assert_eq!(loops::matvec(&w, &tensor![3, 4, 5])?.to_vec(), vec![13, 4]);
/// assert!(loops::matvec(&w, &tensor![3, 4]).is_err());
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
pub fn matvec<T: Element>(w: &impl AsView<T>, x: &impl AsView<T>) -> Result<Tensor<T>, ShapeError> {
    let (w, x) = (w.view(), x.view());
    let [rows, columns] = matvec_shape(&w, &x)?;

    let mut out = vec![T::ZERO; rows];
    for i in 0..rows {
        let mut total = T::ZERO;
        for j in 0..columns {
            let x_j = x.buffer()[(x.offset() as isize + j as isize * x.strides()[0]) as usize];
            total = total.elem_add(at2(&w, i, j).elem_mul(x_j));
        }
        out[i] = total;
    }
    Tensor::from_vec(out, &[rows])
}

/// Checks the operands of `matvec` and returns the matrix's shape.
pub(crate) fn matvec_shape<T: Element>(
    w: &TensorView<'_, T>,
    x: &TensorView<'_, T>,
) -> Result<[usize; 2], ShapeError> {
    let [rows, columns] = rank2_shape("matvec", w.shape())?;
    if x.ndim() != 1 {
        return Err(ShapeError::RankMismatch {
            op: "matvec",
            expected: 1,
            shape: x.shape().to_vec(),
        });
    }
    if x.len() != columns {
        return Err(ShapeError::OperandMismatch {
            op: "matvec",
            lhs: w.shape().to_vec(),
            rhs: x.shape().to_vec(),
            lhs_axis: 1,
            rhs_axis: 0,
        });
    }
    Ok([rows, columns])
}

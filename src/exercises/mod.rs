//! The exercises of the "Python Basics with Numpy" notebook, written twice.
//!
//! [`loops`] spells out every index and every buffer offset, so that a
//! reader sees how `x[i, j]` becomes `buffer[offset + i*strides[0] +
//! j*strides[1]]`. It is the reference. [`vectorized`] has the same
//! functions with the same signatures, written over contiguous slices with
//! iterator chains and several accumulators so that the compiler can
//! vectorize them. Both accept any [`AsView`](crate::AsView): owned
//! tensors, transposed views, broadcast views.
//!
//! The two give equal results. The elementwise functions (sigmoid,
//! sigmoid_derivative, image2vector, outer, multiply) agree bit for bit.
//! The others sum `n` terms in a different order, so they agree within that
//! rounding error: at most about `n * EPSILON` times the sum of the
//! magnitudes. Integer results are always equal.
//!
//! ```
//! use baretensor::exercises::{loops, vectorized};
//! use baretensor::tensor;
//!
//! let x = tensor![1.0, 2.0, 3.0];
//! let s = vectorized::sigmoid(&x);
//! assert_eq!(s, loops::sigmoid(&x));
//! let expected = tensor![0.73105858, 0.88079708, 0.95257413];
//! assert!(s.allclose(&expected, 1e-5, 1e-8));
//! ```

#![forbid(unsafe_code)]

use crate::element::Float;

pub mod check;
pub mod loops;
pub mod vectorized;

/// Returns the logistic function `1 / (1 + e^-x)`. Both versions call this
/// one formula, so their sigmoids are bit-identical.
#[inline]
pub(crate) fn sigmoid_scalar<T: Float>(x: T) -> T {
    T::ONE / (T::ONE + (-x).exp())
}

/// Returns the derivative of the sigmoid, `s * (1 - s)` with `s = sigmoid(x)`.
#[inline]
pub(crate) fn sigmoid_derivative_scalar<T: Float>(x: T) -> T {
    let s = sigmoid_scalar(x);
    s * (T::ONE - s)
}

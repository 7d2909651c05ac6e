//! The `tensor!` literal macro.

#![forbid(unsafe_code)]

use alloc::vec::Vec;

use crate::element::Element;
use crate::tensor::Tensor;

/// Makes a [`Tensor`](crate::Tensor) from a nested literal of rank 1 to 4.
///
/// Rows are Rust arrays, so rows of different lengths do not compile.
///
/// # Examples
///
/// ```
/// use baretensor::tensor;
///
/// let v = tensor![1.0, 2.0, 3.0];
/// assert_eq!(v.shape(), &[3]);
///
/// let m = tensor![[1, 2, 3], [4, 5, 6]];
/// assert_eq!(m.shape(), &[2, 3]);
///
/// let image = tensor![[[0u8, 1], [2, 3]], [[4, 5], [6, 7]], [[8, 9], [10, 11]]];
/// assert_eq!(image.shape(), &[3, 2, 2]);
///
/// let batch = tensor![[[[1.0f32]]]];
/// assert_eq!(batch.shape(), &[1, 1, 1, 1]);
/// ```
#[macro_export]
macro_rules! tensor {
    ($([$([$([$($x:expr),* $(,)?]),+ $(,)?]),+ $(,)?]),+ $(,)?) => {
        $crate::__tensor_from_4d([$([$([$([$($x,)*],)+],)+],)+])
    };
    ($([$([$($x:expr),* $(,)?]),+ $(,)?]),+ $(,)?) => {
        $crate::__tensor_from_3d([$([$([$($x,)*],)+],)+])
    };
    ($([$($x:expr),* $(,)?]),+ $(,)?) => {
        $crate::__tensor_from_2d([$([$($x,)*],)+])
    };
    ($($x:expr),* $(,)?) => {
        $crate::__tensor_from_1d([$($x,)*])
    };
}

fn from_rows<T: Element, const N: usize>(
    rows: impl IntoIterator<Item = [T; N]>,
    outer: &[usize],
) -> Tensor<T> {
    let data: Vec<T> = rows.into_iter().flatten().collect();
    let mut shape = outer.to_vec();
    shape.push(N);
    Tensor::from_vec(data, &shape).expect("a literal's rows all have the same length")
}

#[doc(hidden)]
pub fn __tensor_from_1d<T: Element, const A: usize>(values: [T; A]) -> Tensor<T> {
    from_rows([values], &[])
}

#[doc(hidden)]
pub fn __tensor_from_2d<T: Element, const A: usize, const B: usize>(
    values: [[T; B]; A],
) -> Tensor<T> {
    from_rows(values, &[A])
}

#[doc(hidden)]
pub fn __tensor_from_3d<T: Element, const A: usize, const B: usize, const C: usize>(
    values: [[[T; C]; B]; A],
) -> Tensor<T> {
    from_rows(values.into_iter().flatten(), &[A, B])
}

#[doc(hidden)]
pub fn __tensor_from_4d<
    T: Element,
    const A: usize,
    const B: usize,
    const C: usize,
    const D: usize,
>(
    values: [[[[T; D]; C]; B]; A],
) -> Tensor<T> {
    from_rows(values.into_iter().flatten().flatten(), &[A, B, C])
}

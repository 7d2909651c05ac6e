//! [proptest] strategies for shapes, elements and tensors, behind the
//! feature `proptest`.
//!
//! A property test states what must hold for every input and lets proptest
//! look for an input where it does not. These strategies draw the inputs
//! that tensor code needs:
//!
//! - shapes: [`shapes`] within bounds on the number of axes and the
//!   sides, [`broadcastable_shapes`] that broadcast against a given shape,
//!   and [`mutually_broadcastable_shapes`] that broadcast together, with
//!   the shape they broadcast to;
//! - elements: [`finite_floats`], [`floats`] with NaN, infinities and -0.0
//!   on request through [`FloatOptions`], and [`integers`];
//! - tensors: [`tensors`], contiguous, and [`strided_tensors`], laid out
//!   with permuted axes, steps, negative strides, an offset or zero
//!   strides, as views are. Strided inputs find bugs that contiguous ones
//!   miss: code that walks the buffer instead of the strides passes every
//!   test on contiguous tensors.
//!
//! # Shrinking
//!
//! When a property fails, proptest shrinks the input: it tries simpler
//! inputs and keeps each one that still fails, so the failure it reports
//! is small enough to read. Here simpler means, in the order tried:
//!
//! 1. Fewer axes, down to the smallest number the range allows. Leading
//!    axes go first; for shapes that must broadcast, only leading ones go,
//!    so that the remaining axes stay aligned.
//! 2. Sides toward 1. A side of 1 keeps one element along the axis. A side
//!    of 0 would empty the tensor and hide the values that a failure
//!    depends on, so 0 stays only when the failure needs it. A side range
//!    without 1 shrinks toward its smallest side.
//! 3. For strided tensors, the layout toward contiguous: steps toward 1,
//!    reversed and broadcast axes back to normal, the offset toward 0 and
//!    the axes back in order.
//! 4. Elements toward 0, or toward the bound nearer to 0 when the range
//!    excludes 0: first straight there, then by binary search. A special
//!    float (NaN, an infinity, -0.0) becomes that value when the failure
//!    stays, and otherwise remains.
//!
//! When the shape shrinks, the elements that the smaller shape still contains
//! keep their values, so the failing values survive. Shapes are aligned at
//! the last axis for this, as in broadcasting.
//!
//! # Examples
//!
//! A property that checks a hand-written row sum against
//! [`sum_axis`](crate::TensorBase::sum_axis) on strided integer matrices.
//! Integer sums are exact, so the two must be equal:
//!
//! ```
//! use baretensor::strategies::{integers, shapes, strided_tensors};
//! use baretensor::{AsView, Tensor};
//! use proptest::prelude::*;
//!
//! /// Sums each row of a matrix, reading each element by its index.
//! fn row_sums(x: &impl AsView<i64>) -> Tensor<i64> {
//!     let x = x.view();
//!     let (rows, columns) = (x.shape()[0], x.shape()[1]);
//!     let sums = (0..rows)
//!         .map(|i| (0..columns).map(|j| x[[i, j]]).sum())
//!         .collect();
//!     Tensor::from_vec(sums, &[rows]).expect("one sum per row")
//! }
//!
//! proptest! {
//!     #![proptest_config(ProptestConfig::with_cases(64))]
//!     fn row_sums_match_sum_axis(
//!         x in strided_tensors(integers(-1000i64..=1000), shapes(2, 0..=5)),
//!     ) {
//!         let expected = x.view().sum_axis(1, false)?;
//!         prop_assert_eq!(row_sums(&x), expected, "input {:?}", x);
//!     }
//! }
//! row_sums_match_sum_axis();
//! ```
//!
//! When a property fails, proptest reports the smallest input it found.
//! Here a wrong sum that skips the last column fails on any input whose
//! last column is not all 0. Shrinking sets every element to 0 except the
//! last one, which goes down to 1, usually in a shape of one element:
//!
//! ```
//! use baretensor::Tensor;
//! use baretensor::strategies::{integers, shapes, tensors};
//! use proptest::prelude::*;
//! use proptest::test_runner::{Config, TestError, TestRunner};
//!
//! /// Sums every column but the last: a deliberate bug.
//! fn sum_but_last_column(x: &Tensor<i64>) -> i64 {
//!     let columns = x.shape().last().copied().unwrap_or(1);
//!     x.iter()
//!         .enumerate()
//!         .filter(|(position, _)| position % columns != columns - 1)
//!         .map(|(_, value)| value)
//!         .sum()
//! }
//!
//! let mut runner = TestRunner::new(Config { failure_persistence: None, ..Config::default() });
//! let strategy = tensors(integers(0i64..=9), shapes(1..=3, 1..=4));
//! let result = runner.run(&strategy, |x| {
//!     prop_assert_eq!(sum_but_last_column(&x), x.sum());
//!     Ok(())
//! });
//! let Err(TestError::Fail(_, minimal)) = result else {
//!     panic!("the property fails")
//! };
//! let values = minimal.to_vec();
//! let (last, others) = values.split_last().expect("a failing tensor has elements");
//! assert_eq!(*last, 1);
//! assert!(others.iter().all(|&value| value == 0));
//! ```
//!
//! Shrinking makes one pass through the order above, so its result is
//! small but not always the smallest. Above, when the first element of a
//! shape `[2]` is 0 as the side shrinks, `[1]` passes and the side stays
//! 2; the result is `[0, 1]`, although `[1]` holding 1 fails too.

#![forbid(unsafe_code)]

mod elements;
mod shapes;
mod strided;
mod tensors;

pub use elements::{FloatOptions, finite_floats, floats, integers};
pub use shapes::{BroadcastShapes, broadcastable_shapes, mutually_broadcastable_shapes, shapes};
pub use strided::{StridedTensor, strided_tensors};
pub use tensors::tensors;

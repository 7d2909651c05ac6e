//! An n-dimensional tensor with numpy-style broadcasting and `keepdims`
//! reductions, written from scratch with no dependencies.
//!
//! A [`Tensor`] is a flat buffer plus a shape, strides and an offset.
//! Element `[i, j]` of a `(2, 3)` tensor with strides `(3, 1)` sits at
//! buffer index `offset + 3*i + 1*j`. Views ([`TensorView`]) change only
//! that description: a transpose swaps the strides, and a broadcast sets a
//! stride to 0 so that one element repeats.
//!
//! # Broadcasting in one example
//!
//! Shapes are aligned at the last axis. Each axis must agree, or be 1 in one
//! of the operands, and a missing axis counts as 1:
//!
//! ```text
//! x        (2, 3)      rows to normalise
//! norms    (2, 1)      one norm per row, from norm_l2_axis(1, keepdims = true)
//! x/norms  (2, 3)      axis -1: 1 stretched to 3; axis -2: equal
//! ```
//!
//! ```
//! use baretensor::{broadcast_shapes, tensor};
//!
//! let x = tensor![[0.0, 3.0, 4.0], [1.0, 6.0, 4.0]];
//! let norms = x.norm_l2_axis(1, true)?;      // (2, 1): keepdims keeps the axis
//! assert_eq!(broadcast_shapes(&[x.shape(), norms.shape()])?, vec![2, 3]);
//! let normalized = &x / &norms;
//! assert_eq!(normalized.to_vec()[..3], [0.0, 0.6, 0.8]);
//!
//! // Without keepdims the norms have shape (2,), which lines up with the
//! // columns instead of the rows, and (2, 3) / (2,) fails.
//! let flat = x.norm_l2_axis(1, false)?;
//! assert!(x.try_div(&flat).is_err());
//! # Ok::<(), baretensor::ShapeError>(())
//! ```
//!
//! The [`tutorial`] explains shapes, strides, views, broadcasting and
//! `keepdims` step by step, with examples that run as tests.
//!
//! The exercises of the "Python Basics with Numpy" notebook are in
//! [`exercises`], each written twice: [`exercises::loops`] with explicit
//! index arithmetic and [`exercises::vectorized`] with slice code that the
//! compiler can vectorize.
//!
//! # Features
//!
//! - `std` (default): reading and writing files (`ppm::read_ppm`,
//!   `npy::read_npy`, `npy::write_npy`), and the run-time check for AVX2
//!   and AVX-512 that picks the kernels. Without it the crate is
//!   `no_std` with `alloc`; [`ppm::parse_ppm`], [`npy::parse_npy`] and
//!   [`npy::to_npy_bytes`] still work on bytes, and every result is
//!   bit-identical to the `std` build.
//! - `proptest`: the module `strategies`, with proptest strategies for
//!   shapes (also shapes that broadcast together), elements, tensors and
//!   strided views, for property tests of code that uses this crate. It
//!   turns on `std`, since proptest needs it.

#![cfg_attr(not(test), no_std)]
#![warn(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(clippy::undocumented_unsafe_blocks)]
#![doc(test(attr(deny(warnings))))]

extern crate alloc;
// Unit tests run with std (see the `no_std` attribute above); the library
// itself uses std only behind the feature.
#[cfg(all(feature = "std", not(test)))]
extern crate std;

pub mod broadcast;
mod element;
mod error;
pub mod exercises;
mod fmt;
mod index;
mod iter;
mod kernels;
mod layout;
mod macros;
pub mod math;
pub mod npy;
mod ops;
pub mod ppm;
mod shape;
mod slice;
#[cfg(feature = "proptest")]
pub mod strategies;
mod tensor;
pub mod tutorial;
mod view_ops;

pub use broadcast::broadcast_shapes;
pub use element::{Element, Float};
pub use error::ShapeError;
pub use iter::Iter;
#[doc(hidden)]
pub use macros::{__tensor_from_1d, __tensor_from_2d, __tensor_from_3d, __tensor_from_4d};
pub use ops::{concatenate, stack};
pub use shape::{checked_len, normalize_axis, reduced_shape};
pub use slice::SliceArg;
#[doc(hidden)]
pub use slice::SteppedRange;
pub use tensor::{AsView, CowTensor, Storage, Tensor, TensorBase, TensorView};

// The README's examples run as doctests, so they cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

#[cfg(doctest)]
#[doc = include_str!("../README.ko.md")]
struct ReadmeKoDoctests;

//! Chapter 6: checking your own version of an exercise.
//!
//! [`exercises::check`](crate::exercises::check) runs your function on the
//! course's example and on random inputs, most of them views from
//! chapter 2, and compares every result with
//! [`exercises::loops`](crate::exercises::loops) within numpy's
//! `allclose` tolerances (`rtol = 1e-5`, `atol = 1e-8`).
//!
//! # A sigmoid with the wrong sign
//!
//! The first try computes `1 / (1 + e^x)`. The course's example already
//! shows it:
//!
//! ```
//! use baretensor::exercises::check;
//! use baretensor::{Tensor, TensorView};
//!
//! fn sigmoid(x: &TensorView<'_, f64>) -> Tensor<f64> {
//!     x.map(|v| 1.0 / (1.0 + v.exp()))
//! }
//!
//! let report = check::sigmoid(sigmoid);
//! assert!(!report.is_passed());
//! let text = report.to_string();
//! assert!(text.starts_with("sigmoid: FAILED on input 1 of 51, the course's example."));
//! assert!(text.contains("[0.26894142 0.11920292 0.04742587]")); // yours
//! assert!(text.contains("[0.73105858 0.88079708 0.95257413]")); // expected
//! ```
//!
//! # A sigmoid that ignores the strides
//!
//! The second try gets the formula right but walks the buffer in storage
//! order, as if every input were a new contiguous tensor. It passes the
//! course's example and fails on the first view whose buffer order differs
//! from its index order, here one with a negative stride:
//!
//! ```
//! use baretensor::exercises::check;
//! use baretensor::{Tensor, TensorView};
//!
//! fn sigmoid(x: &TensorView<'_, f64>) -> Tensor<f64> {
//!     let values = x.buffer()[x.offset()..][..x.len()]
//!         .iter()
//!         .map(|v| 1.0 / (1.0 + (-v).exp()))
//!         .collect();
//!     Tensor::from_vec(values, x.shape()).expect("one value per element")
//! }
//!
//! let report = check::sigmoid(sigmoid);
//! assert!(!report.is_passed());
//! let failure = report.failure().expect("the strides are ignored");
//! assert!(failure.number() > 1, "the course's example passes");
//! assert!(report.to_string().contains("read the elements by index"));
//! ```
//!
//! # Right
//!
//! [`map`](crate::TensorBase::map) visits the elements in index order,
//! following the strides and the offset, so the third try passes:
//!
//! ```
//! use baretensor::exercises::check;
//! use baretensor::{Tensor, TensorView};
//!
//! fn sigmoid(x: &TensorView<'_, f64>) -> Tensor<f64> {
//!     x.map(|v| 1.0 / (1.0 + (-v).exp()))
//! }
//!
//! let report = check::sigmoid(sigmoid);
//! assert!(report.is_passed());
//! assert_eq!(report.checked(), 51);
//! ```
//!
//! A failing report prints the input's shape, strides, offset and buffer,
//! both results and the first element that differs, so the case can be
//! rebuilt with `TensorView::from_parts` and stepped through.

//! Float functions that `core` does not provide, written with `core` arithmetic only.
//!
//! In a `#![no_std]` build, `f64::exp` and `f64::sqrt` do not exist, because `core` (Rust 1.95)
//! has no libm. With `std`, `f64::exp` calls the platform's C math library, whose last bit can
//! differ between libraries and versions. These implementations use only bit casts, integer
//! operations, comparisons and IEEE 754 addition, subtraction, multiplication and division.
//! Those round the same way on every target with IEEE 754 binary arithmetic. A tensor
//! therefore computes bit-identical results with and without the `std` feature and across
//! platforms. The exception is 32-bit x86 without SSE2, where x87 extended precision changes
//! intermediate roundings.
//!
//! The algorithms use no lookup tables. Their main path is straight-line code, apart from the
//! branches for special inputs and for subnormal inputs to the square roots, so the same
//! sequence of operations can later run on SIMD lanes.
//!
//! Accuracy: [`sqrt_f64`] and [`sqrt_f32`] are correctly rounded, so they equal std's results
//! for every input. [`exp_f64`] and [`exp_f32`] are within 1 ULP of the exact value, and the
//! crate's tests check that they are within 1 ULP of std's results.

mod exp;
mod sqrt;

pub use exp::{exp_f32, exp_f64};
pub use sqrt::{sqrt_f32, sqrt_f64};

//! Slice kernels: the hot loops of the vectorized code, written over
//! contiguous slices.
//!
//! The layout follows the ISA split of crates such as memchr:
//!
//! - [`portable`] contains plain Rust kernels for every target.
//! - `x86_64` compiles the same bodies again inside functions with AVX2 or
//!   AVX-512 enabled, and chooses among them at run time.
//!
//! The entry points below take slices of any [`Float`] and route `f32` and
//! `f64` slices to the fastest kernel the CPU supports. Every variant
//! performs the same IEEE operations in the same order and never fuses a
//! multiplication with an addition, so all of them return the same bits.
//!
//! This is the only module of the crate that contains `unsafe` code: the
//! calls of `#[target_feature]` functions, and the reinterpretation of a
//! `&[T]` as `&[f64]` or `&[f32]` once `T` is known to be that type.

mod portable;
#[cfg(target_arch = "x86_64")]
mod x86_64;

use core::any::TypeId;

use crate::element::Float;

pub(crate) use portable::{dot, sum_zip};

/// Writes the sigmoid `1 / (1 + e^-x)` of each `input[i]` to `output[i]`,
/// bit-identical to `exercises::sigmoid_scalar`.
///
/// # Panics
///
/// If the two slices differ in length.
pub(crate) fn sigmoid<T: Float>(input: &[T], output: &mut [T]) {
    if let (Some(input), Some(output)) = (as_type::<T, f64>(input), as_type_mut(output)) {
        return isa::sigmoid_f64(input, output);
    }
    if let (Some(input), Some(output)) = (as_type::<T, f32>(input), as_type_mut(output)) {
        return isa::sigmoid_f32(input, output);
    }
    portable::sigmoid(input, output);
}

/// Writes the sigmoid derivative `s * (1 - s)` of each `input[i]` to
/// `output[i]`, bit-identical to `exercises::sigmoid_derivative_scalar`.
///
/// # Panics
///
/// If the two slices differ in length.
pub(crate) fn sigmoid_derivative<T: Float>(input: &[T], output: &mut [T]) {
    if let (Some(input), Some(output)) = (as_type::<T, f64>(input), as_type_mut(output)) {
        return isa::sigmoid_derivative_f64(input, output);
    }
    if let (Some(input), Some(output)) = (as_type::<T, f32>(input), as_type_mut(output)) {
        return isa::sigmoid_derivative_f32(input, output);
    }
    portable::sigmoid_derivative(input, output);
}

/// Replaces a row by its softmax `e^(x - max) / sum(e^(x - max))`, with the
/// sum taken in the eight lanes of [`portable::sum_map`]. Every ISA gives the same
/// bits; see `portable::softmax_row` for the exact sequence.
pub(crate) fn softmax_row<T: Float>(row: &mut [T]) {
    if let Some(row) = as_type_mut::<T, f64>(row) {
        return isa::softmax_row_f64(row);
    }
    if let Some(row) = as_type_mut::<T, f32>(row) {
        return isa::softmax_row_f32(row);
    }
    portable::softmax_row(row);
}

/// Divides a row by its Euclidean norm, the square root of [`portable::sum_map`] of
/// the squares, and sets a row whose norm is 0 to `+0.0` everywhere.
pub(crate) fn normalize_row<T: Float>(row: &mut [T]) {
    if let Some(row) = as_type_mut::<T, f64>(row) {
        return isa::normalize_row_f64(row);
    }
    if let Some(row) = as_type_mut::<T, f32>(row) {
        return isa::normalize_row_f32(row);
    }
    portable::normalize_row(row);
}

/// Returns `values` as a slice of `U` when `T` is `U`, `None` otherwise.
fn as_type<T: 'static, U: 'static>(values: &[T]) -> Option<&[U]> {
    if TypeId::of::<T>() != TypeId::of::<U>() {
        return None;
    }
    // SAFETY: T and U are the same type, so the pointer, length and
    // lifetime of `values` describe a valid `&[U]`.
    Some(unsafe { core::slice::from_raw_parts(values.as_ptr().cast::<U>(), values.len()) })
}

/// Returns `values` as a mutable slice of `U` when `T` is `U`, `None`
/// otherwise.
fn as_type_mut<T: 'static, U: 'static>(values: &mut [T]) -> Option<&mut [U]> {
    if TypeId::of::<T>() != TypeId::of::<U>() {
        return None;
    }
    // SAFETY: T and U are the same type, so the pointer, length and
    // lifetime of `values` describe a valid `&mut [U]`, and the exclusive
    // borrow moves into the result.
    Some(unsafe { core::slice::from_raw_parts_mut(values.as_mut_ptr().cast::<U>(), values.len()) })
}

/// The typed kernels for the target: chosen at run time on x86-64.
#[cfg(target_arch = "x86_64")]
use x86_64 as isa;

/// The typed kernels for targets without an ISA module: the portable
/// bodies, instantiated for `f64` and `f32`.
#[cfg(not(target_arch = "x86_64"))]
mod isa {
    #![forbid(unsafe_code)]

    use super::portable;

    /// [`portable::sigmoid`] for `f64`.
    pub(crate) fn sigmoid_f64(input: &[f64], output: &mut [f64]) {
        portable::sigmoid(input, output);
    }

    /// [`portable::sigmoid`] for `f32`.
    pub(crate) fn sigmoid_f32(input: &[f32], output: &mut [f32]) {
        portable::sigmoid(input, output);
    }

    /// [`portable::sigmoid_derivative`] for `f64`.
    pub(crate) fn sigmoid_derivative_f64(input: &[f64], output: &mut [f64]) {
        portable::sigmoid_derivative(input, output);
    }

    /// [`portable::sigmoid_derivative`] for `f32`.
    pub(crate) fn sigmoid_derivative_f32(input: &[f32], output: &mut [f32]) {
        portable::sigmoid_derivative(input, output);
    }

    /// [`portable::softmax_row`] for `f64`.
    pub(crate) fn softmax_row_f64(row: &mut [f64]) {
        portable::softmax_row(row);
    }

    /// [`portable::softmax_row`] for `f32`.
    pub(crate) fn softmax_row_f32(row: &mut [f32]) {
        portable::softmax_row(row);
    }

    /// [`portable::normalize_row`] for `f64`.
    pub(crate) fn normalize_row_f64(row: &mut [f64]) {
        portable::normalize_row(row);
    }

    /// [`portable::normalize_row`] for `f32`.
    pub(crate) fn normalize_row_f32(row: &mut [f32]) {
        portable::normalize_row(row);
    }
}

//! The portable kernels: plain Rust over slices, for every target.
//!
//! Each sum runs in `LANES` independent accumulators. A single accumulator
//! makes every addition wait for the one before, and since float addition
//! is not associative the compiler may not reorder it into vector lanes by
//! itself. With eight accumulators the order is fixed by the code, so the
//! compiler can keep them in vector registers, and the result is the same
//! in every build.
//!
//! The elementwise and row kernels are `#[inline(always)]` so that the
//! x86-64 modules can compile the same body again with wider vector
//! instructions enabled. The operations and their order stay the same, so
//! every build computes the same bits.

#![forbid(unsafe_code)]

use crate::element::{Element, Float};
use crate::exercises::{sigmoid_derivative_scalar, sigmoid_scalar};

/// The number of independent accumulators in a sum: 8 lanes of f32 fill a
/// 256-bit AVX register, and two SSE registers.
pub(crate) const LANES: usize = 8;

/// Adds the lanes in a fixed tree: `((a0+a1)+(a2+a3))+((a4+a5)+(a6+a7))`.
fn sum_lanes<T: Element>(lanes: [T; LANES]) -> T {
    let quarter = |k: usize| lanes[k].elem_add(lanes[k + 1]);
    let low = quarter(0).elem_add(quarter(2));
    let high = quarter(4).elem_add(quarter(6));
    low.elem_add(high)
}

/// Returns the sum of `term(x)` over a slice.
#[inline(always)]
pub(crate) fn sum_map<T: Element>(values: &[T], term: impl Fn(T) -> T) -> T {
    let mut lanes = [T::ZERO; LANES];
    let chunks = values.chunks_exact(LANES);
    let tail = chunks.remainder();
    for chunk in chunks {
        for (lane, &x) in lanes.iter_mut().zip(chunk) {
            *lane = lane.elem_add(term(x));
        }
    }
    tail.iter()
        .fold(sum_lanes(lanes), |total, &x| total.elem_add(term(x)))
}

/// Returns the sum of `term(a[i], b[i])` over two slices of equal length.
#[inline]
pub(crate) fn sum_zip<T: Element>(a: &[T], b: &[T], term: impl Fn(T, T) -> T) -> T {
    debug_assert_eq!(a.len(), b.len());
    let mut lanes = [T::ZERO; LANES];
    let a_chunks = a.chunks_exact(LANES);
    let b_chunks = b.chunks_exact(LANES);
    let tail = a_chunks.remainder().iter().zip(b_chunks.remainder());
    for (a_chunk, b_chunk) in a_chunks.zip(b_chunks) {
        for k in 0..LANES {
            lanes[k] = lanes[k].elem_add(term(a_chunk[k], b_chunk[k]));
        }
    }
    tail.fold(sum_lanes(lanes), |total, (&x, &y)| {
        total.elem_add(term(x, y))
    })
}

/// Returns the dot product of two slices of equal length.
#[inline]
pub(crate) fn dot<T: Element>(a: &[T], b: &[T]) -> T {
    sum_zip(a, b, Element::elem_mul)
}

/// Writes `sigmoid_scalar(input[i])` to `output[i]` for every `i`.
///
/// # Panics
///
/// If the two slices differ in length.
#[inline(always)]
pub(crate) fn sigmoid<T: Float>(input: &[T], output: &mut [T]) {
    map(input, output, sigmoid_scalar);
}

/// Writes `sigmoid_derivative_scalar(input[i])` to `output[i]` for every
/// `i`.
///
/// # Panics
///
/// If the two slices differ in length.
#[inline(always)]
pub(crate) fn sigmoid_derivative<T: Float>(input: &[T], output: &mut [T]) {
    map(input, output, sigmoid_derivative_scalar);
}

/// Writes `function(input[i])` to `output[i]` for every `i`.
#[inline(always)]
fn map<T: Float>(input: &[T], output: &mut [T], function: impl Fn(T) -> T) {
    assert_eq!(input.len(), output.len(), "one output per input");
    for (out, &value) in output.iter_mut().zip(input) {
        *out = function(value);
    }
}

/// Replaces a row by its softmax `e^(x - max) / sum(e^(x - max))`.
///
/// The result equals `max_or_nan` over the row, then `exp` of each
/// difference, then [`sum_map`] of those terms, then one division per
/// element. The maximum is taken with comparisons in `LANES` lanes instead
/// of `max_or_nan`, so it may be `-0.0` where `max_or_nan` gives `+0.0`.
/// The row still comes out the same, because `x - 0.0` and `x + 0.0`
/// differ only for `x = -0.0`, where both exponentials are 1.
#[inline(always)]
pub(crate) fn softmax_row<T: Float>(row: &mut [T]) {
    // 1. The maximum, NaN if any element is NaN.
    let row_max = row_max_or_nan(row);

    // 2. The exponentials, summed in the lanes and order of `sum_map`.
    let mut lanes = [T::ZERO; LANES];
    let mut chunks = row.chunks_exact_mut(LANES);
    for chunk in &mut chunks {
        for (lane, value) in lanes.iter_mut().zip(chunk.iter_mut()) {
            *value = (*value - row_max).exp();
            *lane = lane.elem_add(*value);
        }
    }
    let mut total = sum_lanes(lanes);
    for value in chunks.into_remainder() {
        *value = (*value - row_max).exp();
        total = total.elem_add(*value);
    }

    // 3. The division by the sum, as in the scalar code (no reciprocal).
    for value in row.iter_mut() {
        *value = *value / total;
    }
}

/// Divides a row by its Euclidean norm `sqrt(sum_map(x * x))`. A row whose
/// norm is 0 (all zeros, or squares that underflow) becomes `+0.0`
/// everywhere.
#[inline(always)]
pub(crate) fn normalize_row<T: Float>(row: &mut [T]) {
    // 1. The norm, with the squares summed in the lanes of `sum_map`.
    let norm = sum_map(row, |value| value * value).sqrt();

    // 2. The division, or zeros where there is nothing to divide by.
    if norm == T::ZERO {
        row.fill(T::ZERO);
    } else {
        for value in row.iter_mut() {
            *value = *value / norm;
        }
    }
}

/// Returns the largest element, NaN if any element is NaN, and -infinity
/// for an empty row.
#[inline(always)]
fn row_max_or_nan<T: Float>(row: &[T]) -> T {
    // A NaN element replaces the lane and then stays: `x > NaN` is false.
    let larger = |best: T, value: T| {
        if value > best || value.is_nan() {
            value
        } else {
            best
        }
    };
    let mut lanes = [T::NEG_INFINITY; LANES];
    let chunks = row.chunks_exact(LANES);
    let tail = chunks.remainder();
    for chunk in chunks {
        for (lane, &value) in lanes.iter_mut().zip(chunk) {
            *lane = larger(*lane, value);
        }
    }
    let lanes_max = lanes.into_iter().fold(T::NEG_INFINITY, larger);
    tail.iter()
        .fold(lanes_max, |best, &value| larger(best, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_covers_every_tail_length() {
        for len in 0..3 * LANES + 1 {
            let a: Vec<i64> = (0..len as i64).collect();
            let b: Vec<i64> = (0..len as i64).map(|x| 2 * x + 1).collect();
            let expected: i64 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            assert_eq!(dot(&a, &b), expected, "length {len}");
        }
    }

    #[test]
    fn sum_map_covers_every_tail_length() {
        for len in 0..3 * LANES + 1 {
            let values: Vec<i32> = (0..len as i32).collect();
            let expected: i32 = values.iter().map(|x| x * x).sum();
            assert_eq!(sum_map(&values, |x| x * x), expected, "length {len}");
        }
    }

    /// Values with the special cases of `exp` and a spread of finite ones.
    fn inputs() -> Vec<f64> {
        let mut values = vec![
            0.0,
            -0.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            800.0,
            -800.0,
        ];
        values.extend((0..40).map(|step| f64::from(step) * 1.7 - 31.0));
        values
    }

    #[test]
    fn sigmoid_kernels_match_the_scalar_formulas() {
        let input = inputs();
        let mut output = vec![0.0; input.len()];
        sigmoid(&input, &mut output);
        for (&x, &s) in input.iter().zip(&output) {
            assert_eq!(s.to_bits(), sigmoid_scalar(x).to_bits(), "sigmoid({x})");
        }
        sigmoid_derivative(&input, &mut output);
        for (&x, &ds) in input.iter().zip(&output) {
            let expected = sigmoid_derivative_scalar(x);
            assert_eq!(ds.to_bits(), expected.to_bits(), "derivative at {x}");
        }
    }

    /// The softmax of the previous code: `max_or_nan`, `exp`, `sum_map`
    /// and a division.
    fn softmax_reference(row: &mut [f64]) {
        let row_max = row
            .iter()
            .fold(f64::NEG_INFINITY, |best, &value| best.max_or_nan(value));
        row.iter_mut()
            .for_each(|value| *value = (*value - row_max).exp());
        let total = sum_map(row, |value| value);
        row.iter_mut().for_each(|value| *value /= total);
    }

    #[test]
    fn normalize_row_matches_the_scalar_formula() {
        let rows = [
            vec![0.0, 3.0, 4.0],
            vec![0.0, -0.0],
            vec![1e-200, 1e-200],
            inputs(),
        ];
        for row in rows {
            let norm = sum_map(&row, |value| value * value).sqrt();
            let expected: Vec<f64> = row
                .iter()
                .map(|&value| if norm == 0.0 { 0.0 } else { value / norm })
                .collect();
            let mut actual = row.clone();
            normalize_row(&mut actual);
            let same = expected
                .iter()
                .zip(&actual)
                .all(|(a, b)| a.to_bits() == b.to_bits());
            assert!(same, "{row:?}");
        }
    }

    #[test]
    fn softmax_row_matches_the_three_step_formula() {
        let all = inputs();
        let zeros = [-0.0, 0.0, -0.0, 1.0, -0.0];
        for values in [&all[..], &all[7..], &all[..3], &zeros[..], &[-0.0, 0.0][..]] {
            for len in 0..=values.len() {
                let mut expected = values[..len].to_vec();
                let mut actual = expected.clone();
                softmax_reference(&mut expected);
                softmax_row(&mut actual);
                let same = expected
                    .iter()
                    .zip(&actual)
                    .all(|(a, b)| a.to_bits() == b.to_bits());
                assert!(same, "{:?}", &values[..len]);
            }
        }
    }
}

//! Slice kernels: the hot loops of the vectorized code, written over
//! contiguous slices.
//!
//! Each sum runs in `LANES` independent accumulators. A single accumulator
//! makes every addition wait for the one before, and since float addition
//! is not associative the compiler may not reorder it into vector lanes by
//! itself. With eight accumulators the order is fixed by the code, so the
//! compiler can keep them in vector registers, and the result is the same
//! in every build.

#![forbid(unsafe_code)]

use crate::element::Element;

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
#[inline]
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
}

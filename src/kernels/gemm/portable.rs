//! The portable tile kernel: plain Rust for every target and element type.

use super::{Kernel, TileKernel, depth_steps};
use crate::element::Element;

/// Adds the product of a packed sliver of `ROWS` rows of the left operand
/// and one of `COLUMNS` columns of the right operand to the tile of
/// `product` at its start, whose rows are `row_stride` apart.
///
/// The sums stay in a local array for the whole depth. With `ROWS` and
/// `COLUMNS` known at compile time the compiler keeps them in registers
/// and vectorizes the row updates. Each step is a multiplication and an
/// addition, never fused.
///
/// # Panics
///
/// If the slivers differ in depth or the tile does not fit in `product`.
pub(crate) fn tile<T: Element, const ROWS: usize, const COLUMNS: usize>(
    lhs: &[T],
    rhs: &[T],
    product: &mut [T],
    row_stride: usize,
) {
    let (lhs_steps, rhs_steps) = depth_steps::<T, ROWS, COLUMNS>(lhs, rhs, product, row_stride);

    let mut sums = [[T::ZERO; COLUMNS]; ROWS];
    for (lhs_step, rhs_step) in lhs_steps.iter().zip(rhs_steps) {
        for (row_sums, &scale) in sums.iter_mut().zip(lhs_step) {
            for (sum, &value) in row_sums.iter_mut().zip(rhs_step) {
                *sum = sum.elem_add(scale.elem_mul(value));
            }
        }
    }

    for (row, row_sums) in sums.iter().enumerate() {
        let target = &mut product[row * row_stride..][..COLUMNS];
        for (element, &sum) in target.iter_mut().zip(row_sums) {
            *element = element.elem_add(sum);
        }
    }
}

/// Returns the portable kernel: 4 x 8 tiles, with blocks of the sizes of
/// the x86-64 kernels'.
pub(crate) fn kernel<T: Element>() -> Kernel<T> {
    let tile: TileKernel<T> = tile::<T, 4, 8>;
    // SAFETY: the portable kernel needs no target feature, and `tile`
    // adds a 4 x 8 tile and panics on short slices.
    unsafe { Kernel::new::<4, 8>(tile, [4 * 120, 256, 8 * 48]) }
}

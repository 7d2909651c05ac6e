//! The matrix product split across threads, with the `threads` feature.
//!
//! The rows of the product are cut into one band per worker, each a
//! multiple of the kernel's tile rows. A band needs the rows of the left
//! operand it covers and all of the right operand, so the workers share
//! nothing they write: each packs its own blocks into its own workspace.
//! The calling thread computes the first band itself. It also takes the
//! workspace for every worker from its own, which it keeps, so that the
//! workers, new threads each time, do not fault in fresh pages.
//!
//! Each element of the product is computed by one worker in the same
//! order as without threads, so the result has the same bits.

#![forbid(unsafe_code)]

use super::{Kernel, Matrix, multiply_into};
use crate::element::Element;

/// The smallest product, in multiply-adds `m * k * n`, split across
/// threads: 2^22, about 160 x 160 x 160. An estimate: starting a thread
/// costs tens of microseconds, and a product of this size takes 80 to 170
/// us on one core of the AMD EPYC of BENCHMARKS.md (`f32` at about 100
/// GFLOP/s, `f64` at 50). At 256 x 256 x 256 two threads took the `f32`
/// product from 345 to 301 us and the `f64` one from 660 to 445 us.
const MIN_WORK: usize = 1 << 22;

/// Returns how many threads to split a product of `shape` across: 1 for
/// a product too small to gain, otherwise one per core, but no more than
/// there are tiles of rows.
pub(super) fn worker_count<T>(kernel: &Kernel<T>, [m, k, n]: [usize; 3]) -> usize {
    let work = m.saturating_mul(k).saturating_mul(n);
    if work < MIN_WORK {
        return 1;
    }
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    cores.min(m.div_ceil(kernel.tile_rows))
}

/// Adds the product to `product`, split into bands of `band_rows` rows,
/// one per worker. Each worker packs into its own part of the two
/// buffers of `packed`, which contain [`Kernel::block_lens`] of a band for
/// every worker.
pub(super) fn multiply_in_bands<T: Element>(
    kernel: &Kernel<T>,
    [_, k, n]: [usize; 3],
    [lhs, rhs]: [Matrix<'_, T>; 2],
    product: &mut [T],
    band_rows: usize,
    [packed_lhs, packed_rhs]: [&mut [T]; 2],
) {
    let [lhs_block_len, rhs_block_len] = kernel.block_lens([band_rows, k, n]);
    let mut bands = product
        .chunks_mut(band_rows * n)
        .zip(packed_lhs.chunks_mut(lhs_block_len))
        .zip(packed_rhs.chunks_mut(rhs_block_len))
        .enumerate();
    std::thread::scope(|scope| {
        let (_, ((first_band, first_lhs), first_rhs)) =
            bands.next().expect("m > 0: one band at least");
        for (band, ((output, packed_lhs), packed_rhs)) in bands {
            let rows = output.len() / n;
            let lhs = lhs.rows_from(band * band_rows);
            let packed = [packed_lhs, packed_rhs];
            scope.spawn(move || multiply_into(kernel, [rows, k, n], [lhs, rhs], output, packed));
        }
        let rows = first_band.len() / n;
        multiply_into(
            kernel,
            [rows, k, n],
            [lhs, rhs],
            first_band,
            [first_lhs, first_rhs],
        );
    });
}

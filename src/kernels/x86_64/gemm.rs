//! The tile kernels of the matrix product with fused multiply-adds: AVX2
//! with FMA, and AVX-512.
//!
//! Each kernel keeps a tile of sums in vector registers: `ROWS` rows of
//! `VECTORS` vectors. At each depth step it loads `VECTORS` vectors of the
//! right sliver, and for each row broadcasts one element of the left
//! sliver and adds its products with those vectors into the row's sums,
//! one fused multiply-add per vector. The tile shapes fill the register
//! file while leaving room for the loaded vectors:
//!
//! | kernel | registers | tile (`f32`) | tile (`f64`) | sums |
//! |---|---:|---|---|---:|
//! | AVX2 + FMA | 16 | 6 x 16 | 6 x 8 | 12 |
//! | AVX-512 | 32 | 12 x 32 | 12 x 16 | 24 |
//!
//! A fused multiply-add rounds once where a multiplication and an addition
//! round twice, so these kernels give slightly different bits from the
//! portable one, within the same error bound.
//!
//! The intrinsics that compute on registers are safe to call inside a
//! function compiled with their feature, so `unsafe` blocks surround only
//! the loads, stores and prefetches, which take raw pointers.

use core::ops::Range;

use crate::element::Element;
use crate::kernels::gemm::pack::pack;
use crate::kernels::gemm::{Kernel, Matrix, Packer, depth_steps};

use core::arch::x86_64::{
    __m256, __m256d, __m512, __m512d, _MM_HINT_T0, _mm_prefetch, _mm256_add_pd, _mm256_add_ps,
    _mm256_fmadd_pd, _mm256_fmadd_ps, _mm256_loadu_pd, _mm256_loadu_ps, _mm256_set1_pd,
    _mm256_set1_ps, _mm256_setzero_pd, _mm256_setzero_ps, _mm256_storeu_pd, _mm256_storeu_ps,
    _mm512_add_pd, _mm512_add_ps, _mm512_fmadd_pd, _mm512_fmadd_ps, _mm512_loadu_pd,
    _mm512_loadu_ps, _mm512_set1_pd, _mm512_set1_ps, _mm512_setzero_pd, _mm512_setzero_ps,
    _mm512_storeu_pd, _mm512_storeu_ps,
};

/// Defines one tile kernel of `$rows` rows and `$vectors` vectors of
/// `$lanes` elements of `$type`, compiled with `$features`.
macro_rules! fma_tile {
    ($name:ident, $kernel:ident, $packer:ident, $features:literal, $type:ty, $vector:ty, $lanes:literal, $rows:literal,
     $vectors:literal, $zero:ident, $load:ident, $store:ident, $broadcast:ident,
     $fused:ident, $add:ident) => {
        #[doc = concat!("Returns [`", stringify!($name), "`] as a kernel of the matrix product, with its slivers packed by [`", stringify!($packer), "`] and the block sizes `[rows, depth, columns]`.")]
        ///
        /// # Safety
        ///
        #[doc = concat!("The CPU must support `", $features, "`.")]
        ///
        /// # Panics
        ///
        /// If a block size is 0 or not a multiple of the tile.
        pub(super) unsafe fn $kernel(blocks: [usize; 3]) -> Kernel<$type> {
            const ROWS: usize = $rows;
            const COLUMNS: usize = $lanes * $vectors;
            let packers: [Packer<$type>; 2] = [$packer::<$type, ROWS>, $packer::<$type, COLUMNS>];
            // SAFETY: the caller guarantees the features of the tile
            // kernel and of the packers, which need no more than it.
            unsafe { Kernel::new::<ROWS, COLUMNS>($name, blocks).with_packers(packers) }
        }

        #[doc = concat!("Adds the product of a sliver of ", stringify!($rows), " rows and one of ", stringify!($vectors), " x ", stringify!($lanes), " columns of `", stringify!($type), "` to the tile at the start of `product`, whose rows are `row_stride` apart.")]
        ///
        /// # Safety
        ///
        #[doc = concat!("The CPU must support `", $features, "`.")]
        ///
        /// # Panics
        ///
        /// If the slivers differ in depth or the tile does not fit in
        /// `product`.
        #[target_feature(enable = $features)]
        pub(crate) unsafe fn $name(
            lhs: &[$type],
            rhs: &[$type],
            product: &mut [$type],
            row_stride: usize,
        ) {
            const ROWS: usize = $rows;
            const COLUMNS: usize = $lanes * $vectors;
            let (lhs_steps, rhs_steps) = depth_steps::<$type, ROWS, COLUMNS>(lhs, rhs, product, row_stride);

            // The tile's rows are a row of the product apart, often in
            // other pages, so its loads at the end would each wait for
            // memory. Prefetched here, the lines arrive during the loop.
            for row in 0..ROWS {
                let line = product[row * row_stride..].as_ptr();
                // SAFETY: a prefetch only hints at an address. Both lie in
                // the tile, which fits in `product` (asserted above).
                unsafe {
                    _mm_prefetch::<_MM_HINT_T0>(line.cast::<i8>());
                    _mm_prefetch::<_MM_HINT_T0>(line.add(COLUMNS - 1).cast::<i8>());
                }
            }

            let mut sums: [[$vector; $vectors]; ROWS] = [[$zero(); $vectors]; ROWS];
            for (lhs_step, rhs_step) in lhs_steps.iter().zip(rhs_steps) {
                let mut columns: [$vector; $vectors] = [$zero(); $vectors];
                for (vector, column) in columns.iter_mut().enumerate() {
                    // SAFETY: `rhs_step` has `$vectors * $lanes` elements,
                    // so each vector of `$lanes` lies inside it.
                    *column = unsafe { $load(rhs_step.as_ptr().add(vector * $lanes)) };
                }
                for (row_sums, &scale) in sums.iter_mut().zip(lhs_step) {
                    let scale = $broadcast(scale);
                    for (sum, &column) in row_sums.iter_mut().zip(&columns) {
                        *sum = $fused(scale, column, *sum);
                    }
                }
            }

            for (row, row_sums) in sums.iter().enumerate() {
                let target = &mut product[row * row_stride..][..COLUMNS];
                for (vector, &sum) in row_sums.iter().enumerate() {
                    // SAFETY: `target` has `$vectors * $lanes` elements,
                    // so each vector of `$lanes` lies inside it.
                    unsafe {
                        let pointer = target.as_mut_ptr().add(vector * $lanes);
                        $store(pointer, $add($load(pointer), sum));
                    }
                }
            }
        }
    };
}

fma_tile!(
    tile_f32_avx2,
    kernel_f32_avx2,
    pack_avx2,
    "avx2,fma",
    f32,
    __m256,
    8,
    6,
    2,
    _mm256_setzero_ps,
    _mm256_loadu_ps,
    _mm256_storeu_ps,
    _mm256_set1_ps,
    _mm256_fmadd_ps,
    _mm256_add_ps
);
fma_tile!(
    tile_f64_avx2,
    kernel_f64_avx2,
    pack_avx2,
    "avx2,fma",
    f64,
    __m256d,
    4,
    6,
    2,
    _mm256_setzero_pd,
    _mm256_loadu_pd,
    _mm256_storeu_pd,
    _mm256_set1_pd,
    _mm256_fmadd_pd,
    _mm256_add_pd
);
fma_tile!(
    tile_f32_avx512,
    kernel_f32_avx512,
    pack_avx512,
    "avx512f",
    f32,
    __m512,
    16,
    12,
    2,
    _mm512_setzero_ps,
    _mm512_loadu_ps,
    _mm512_storeu_ps,
    _mm512_set1_ps,
    _mm512_fmadd_ps,
    _mm512_add_ps
);
fma_tile!(
    tile_f64_avx512,
    kernel_f64_avx512,
    pack_avx512,
    "avx512f",
    f64,
    __m512d,
    8,
    12,
    2,
    _mm512_setzero_pd,
    _mm512_loadu_pd,
    _mm512_storeu_pd,
    _mm512_set1_pd,
    _mm512_fmadd_pd,
    _mm512_add_pd
);

/// [`pack`] compiled with AVX-512 Foundation, so that the compiler moves
/// whole slivers with 512-bit vectors.
///
/// # Safety
///
/// The CPU must support `avx512f`.
#[target_feature(enable = "avx512f")]
pub(super) unsafe fn pack_avx512<T: Element, const WIDTH: usize>(
    matrix: &Matrix<'_, T>,
    rows: Range<usize>,
    depth: Range<usize>,
    packed: &mut [T],
) {
    pack::<T, WIDTH>(matrix, rows, depth, packed);
}

/// [`pack`] compiled with AVX2.
///
/// # Safety
///
/// The CPU must support `avx2`.
#[target_feature(enable = "avx2")]
pub(super) unsafe fn pack_avx2<T: Element, const WIDTH: usize>(
    matrix: &Matrix<'_, T>,
    rows: Range<usize>,
    depth: Range<usize>,
    packed: &mut [T],
) {
    pack::<T, WIDTH>(matrix, rows, depth, packed);
}

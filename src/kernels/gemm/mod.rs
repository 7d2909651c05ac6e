//! The blocked matrix product: `c = a b` for an `(m, k)` matrix `a` and a
//! `(k, n)` matrix `b`, in the loop order of Goto and van de Geijn,
//! "Anatomy of High-Performance Matrix Multiplication" (ACM TOMS, 2008),
//! as BLIS arranges it.
//!
//! A product reads each element of `a` `n` times and each element of `b`
//! `m` times. The plain triple loop fetches them from memory again and
//! again, so it runs at the speed of memory, not of the multipliers. The
//! blocked product copies (packs) blocks of both operands into buffers
//! that fit the caches, in the order a small register kernel reads them,
//! and then works from the caches:
//!
//! ```text
//! 1. rows of c in blocks of row_block      a block of a: the L3 cache
//! 2.   depth in blocks of depth_block      pack it in slivers of tile_rows
//! 3.     columns in blocks of column_block a block of b: the L2 cache
//!                                          pack it in slivers of tile_columns
//! 4.       slivers of a, tile_rows each    one sliver of a: the L1 cache
//! 5.         slivers of b                  streamed from the L2 cache
//! 6.           tile kernel: c[tile_rows x tile_columns] += sliver a * sliver b
//! ```
//!
//! The tile kernel keeps its `tile_rows x tile_columns` sums in vector
//! registers for the whole depth of a block and touches `c` once at the
//! end. At each depth step it loads `tile_columns` elements of `b` as
//! vectors and multiplies them by each of `tile_rows` elements of `a`.
//!
//! Packing reads the operands through their strides, so transposed,
//! reversed, stepped and broadcast views need no copy beforehand. Slivers
//! at the bottom and right edges are padded with zeros, and their tiles
//! are computed into a scratch tile, of which only the valid part is
//! added to `c`.
//!
//! Each element of `c` is a sum of `k` products, in blocks of the depth.
//! The order of the additions, and whether a kernel fuses the multiply
//! with the add, differ from the triple loop and between instruction
//! sets. Each product still goes through at most `k` roundings: its own
//! (none when fused), the additions of the rest of its depth block, and
//! one addition of each later block's sum to `c`. So each element keeps
//! the classic bound of a dot product,
//! `|c - exact| <= k u / (1 - k u) * sum over p of |a[i, p] b[p, j]|` for
//! the unit roundoff `u`, as stated in Muller et al., "Handbook of
//! Floating-Point Arithmetic" (2010), chapter 6.

pub(crate) mod pack;
pub(crate) mod portable;
#[cfg(feature = "threads")]
mod threads;
mod workspace;

use alloc::vec;
use alloc::vec::Vec;
use core::ops::Range;

use crate::element::Element;
pub(crate) use pack::Matrix;
use pack::pack;
use workspace::{whole_lines, with_workspace};

/// A tile kernel: adds the product of a packed sliver of `a` and a packed
/// sliver of `b` to a tile of `c`. The slivers give `tile_rows` and
/// `tile_columns` elements per depth step. The tile starts at the first
/// element of the third argument, and its rows are the fourth argument
/// apart.
///
/// Every kernel panics if the slivers do not have the same depth or the
/// tile does not fit in the slice.
pub(crate) type TileKernel<T> = unsafe fn(&[T], &[T], &mut [T], usize);

/// Returns the depth steps of a left sliver of `ROWS` elements per step
/// and a right sliver of `COLUMNS`, after the checks every tile kernel
/// starts with.
///
/// # Panics
///
/// If a sliver is not a whole number of depth steps, the slivers differ
/// in depth, or a `ROWS x COLUMNS` tile with rows `row_stride` apart does
/// not fit in `product`.
#[inline(always)]
pub(crate) fn depth_steps<'a, T, const ROWS: usize, const COLUMNS: usize>(
    lhs: &'a [T],
    rhs: &'a [T],
    product: &[T],
    row_stride: usize,
) -> (&'a [[T; ROWS]], &'a [[T; COLUMNS]]) {
    let (lhs_steps, []) = lhs.as_chunks::<ROWS>() else {
        panic!("the left sliver is a whole number of depth steps");
    };
    let (rhs_steps, []) = rhs.as_chunks::<COLUMNS>() else {
        panic!("the right sliver is a whole number of depth steps");
    };
    assert_eq!(lhs_steps.len(), rhs_steps.len(), "slivers of one depth");
    assert!(
        product.len() >= (ROWS - 1) * row_stride + COLUMNS,
        "the tile fits"
    );
    (lhs_steps, rhs_steps)
}

/// A tile kernel with the block sizes that suit it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Kernel<T> {
    /// Rows of `c` in one tile: the elements of `a` per depth step.
    tile_rows: usize,
    /// Columns of `c` in one tile: the elements of `b` per depth step.
    tile_columns: usize,
    /// Rows of `a` packed at once, a multiple of `tile_rows`.
    row_block: usize,
    /// Depth packed at once.
    depth_block: usize,
    /// Columns of `b` packed at once, a multiple of `tile_columns`.
    column_block: usize,
    /// The kernel; the CPU supports every feature it was compiled with.
    tile: TileKernel<T>,
    /// Packs a block of the left operand in slivers of `tile_rows`.
    pack_lhs: Packer<T>,
    /// Packs a block of the right operand in slivers of `tile_columns`.
    pack_rhs: Packer<T>,
}

/// An instance of [`pack`] for one sliver width, maybe compiled with
/// target features, as the tile kernels are.
pub(crate) type Packer<T> = unsafe fn(&Matrix<'_, T>, Range<usize>, Range<usize>, &mut [T]);

impl<T: Element> Kernel<T> {
    /// Describes a tile kernel of `ROWS x COLUMNS` and its block sizes:
    /// `[row_block, depth_block, column_block]`.
    ///
    /// # Safety
    ///
    /// The CPU must support every target feature `tile` was compiled
    /// with, and `tile` must add a `ROWS x COLUMNS` tile as
    /// [`TileKernel`] describes, panicking on slices too short for it.
    ///
    /// # Panics
    ///
    /// If a size is 0 or a block is not a multiple of its tile.
    pub(crate) unsafe fn new<const ROWS: usize, const COLUMNS: usize>(
        tile: TileKernel<T>,
        [row_block, depth_block, column_block]: [usize; 3],
    ) -> Self {
        let kernel = Kernel {
            tile_rows: ROWS,
            tile_columns: COLUMNS,
            row_block,
            depth_block,
            column_block,
            tile,
            pack_lhs: pack::<T, ROWS>,
            pack_rhs: pack::<T, COLUMNS>,
        };
        kernel.check_sizes();
        kernel
    }

    /// Checks that no size is 0, that the tile fits in [`MAX_TILE`], and
    /// that each block is whole tiles.
    ///
    /// # Panics
    ///
    /// If one of these does not hold.
    fn check_sizes(&self) {
        assert!(self.tile_rows > 0, "a tile has rows");
        assert!(self.tile_columns > 0, "a tile has columns");
        assert!(
            self.tile_rows * self.tile_columns <= MAX_TILE,
            "the tile fits the scratch tile of the edges"
        );
        assert!(self.depth_block > 0, "a depth block is not empty");
        assert!(self.row_block > 0, "a row block is not empty");
        assert!(
            self.row_block.is_multiple_of(self.tile_rows),
            "a row block is whole tiles"
        );
        assert!(self.column_block > 0, "a column block is not empty");
        assert!(
            self.column_block.is_multiple_of(self.tile_columns),
            "a column block is whole tiles"
        );
    }

    /// Returns the same kernel with other instances of [`pack`] for its
    /// slivers of `ROWS` and `COLUMNS`.
    ///
    /// # Safety
    ///
    /// The CPU must support every target feature the packers were
    /// compiled with, and they must pack as [`pack`] does for the tile's
    /// rows and columns.
    pub(crate) unsafe fn with_packers(self, [pack_lhs, pack_rhs]: [Packer<T>; 2]) -> Self {
        Kernel {
            pack_lhs,
            pack_rhs,
            ..self
        }
    }

    /// Returns the block sizes `[rows, depth, columns]` for a product of
    /// `shape`: the kernel's, or smaller for a smaller product.
    fn blocks_for(&self, [m, k, n]: [usize; 3]) -> [usize; 3] {
        [
            self.row_block.min(m.next_multiple_of(self.tile_rows)),
            self.depth_block.min(k),
            self.column_block.min(n.next_multiple_of(self.tile_columns)),
        ]
    }

    /// Returns the lengths of the buffers a product of `shape` packs its
    /// blocks into, each rounded up to whole cache lines, so that buffers
    /// placed one after another each start on a cache line.
    fn block_lens(&self, shape: [usize; 3]) -> [usize; 2] {
        let [row_block, depth_block, column_block] = self.blocks_for(shape);
        [
            whole_lines::<T>(row_block * depth_block),
            whole_lines::<T>(depth_block * column_block),
        ]
    }

    /// Returns the same kernel with other block sizes
    /// `[rows, depth, columns]`, so that tests cross blocks with small
    /// matrices.
    ///
    /// # Panics
    ///
    /// If a block is 0 or not a multiple of its tile.
    #[cfg(test)]
    pub(crate) fn with_blocks(self, [row_block, depth_block, column_block]: [usize; 3]) -> Self {
        let kernel = Kernel {
            row_block,
            depth_block,
            column_block,
            ..self
        };
        kernel.check_sizes();
        kernel
    }

    /// Returns the rows and columns of one tile.
    pub(crate) fn tile_shape(&self) -> [usize; 2] {
        [self.tile_rows, self.tile_columns]
    }
}

/// Returns the row-major `(m, n)` product of the `(m, k)` matrix `lhs`
/// and the `(k, n)` matrix `rhs`, where `[m, k, n]` is `shape`.
///
/// # Panics
///
/// If `m * n` overflows `usize`, which the caller rules out by building
/// the layout of the result first, or an operand's buffer does not hold
/// its elements.
pub(crate) fn multiply<T: Element>(
    kernel: &Kernel<T>,
    shape: [usize; 3],
    lhs: Matrix<'_, T>,
    rhs: Matrix<'_, T>,
) -> Vec<T> {
    let [m, k, n] = shape;
    let mut product = vec![T::ZERO; m.checked_mul(n).expect("the caller checked m * n")];
    if m == 0 || n == 0 || k == 0 {
        return product;
    }

    #[cfg(feature = "threads")]
    let workers = threads::worker_count(kernel, shape);
    #[cfg(not(feature = "threads"))]
    let workers = 1;
    multiply_into_bands(kernel, shape, [lhs, rhs], &mut product, workers);
    product
}

/// Adds the product of `lhs` and `rhs` to `product`, on `workers` threads
/// with the `threads` feature and on the calling thread without it.
fn multiply_into_bands<T: Element>(
    kernel: &Kernel<T>,
    shape: [usize; 3],
    [lhs, rhs]: [Matrix<'_, T>; 2],
    product: &mut [T],
    workers: usize,
) {
    let [m, k, n] = shape;
    let band_rows = m.div_ceil(workers).next_multiple_of(kernel.tile_rows);
    let [lhs_block_len, rhs_block_len] = kernel.block_lens([band_rows, k, n]);
    with_workspace(
        workers * lhs_block_len,
        workers * rhs_block_len,
        |packed_lhs, packed_rhs| {
            let packed = [packed_lhs, packed_rhs];
            #[cfg(feature = "threads")]
            if workers > 1 {
                threads::multiply_in_bands(kernel, shape, [lhs, rhs], product, band_rows, packed);
                return;
            }
            multiply_into(kernel, shape, [lhs, rhs], product, packed);
        },
    );
}

/// Adds the product of `lhs` and `rhs` to the row-major `(m, n)` matrix
/// `product`, packing blocks into the two buffers of `packed`, which contain
/// at least [`Kernel::block_lens`] elements: the loops 1 to 5 of the
/// module's outline.
fn multiply_into<T: Element>(
    kernel: &Kernel<T>,
    [m, k, n]: [usize; 3],
    [lhs, rhs]: [Matrix<'_, T>; 2],
    product: &mut [T],
    [packed_lhs, packed_rhs]: [&mut [T]; 2],
) {
    let [row_block, depth_block, column_block] = kernel.blocks_for([m, k, n]);
    // The right operand is packed in slivers of its columns.
    let rhs = rhs.transposed();

    // 1. Blocks of rows of the product, and of `lhs`.
    for first_row in (0..m).step_by(row_block) {
        let rows = first_row..m.min(first_row + row_block);
        // 2. Blocks of the depth.
        for first_p in (0..k).step_by(depth_block) {
            let depth = first_p..k.min(first_p + depth_block);
            // SAFETY: `Kernel::new` and `Kernel::with_packers` require
            // that the CPU supports the packer's target features.
            unsafe { (kernel.pack_lhs)(&lhs, rows.clone(), depth.clone(), packed_lhs) };
            // 3. Blocks of columns of the product, and of `rhs`.
            for first_column in (0..n).step_by(column_block) {
                let columns = first_column..n.min(first_column + column_block);
                // SAFETY: as above.
                unsafe { (kernel.pack_rhs)(&rhs, columns.clone(), depth.clone(), packed_rhs) };
                let block = Block {
                    lhs: packed_lhs,
                    rhs: packed_rhs,
                    rows: rows.clone(),
                    columns,
                    depth: depth.len(),
                };
                multiply_block(kernel, &block, product, n);
            }
        }
    }
}

/// One packed block of each operand, and where their product goes.
struct Block<'a, T> {
    /// The packed block of the left operand.
    lhs: &'a [T],
    /// The packed block of the right operand.
    rhs: &'a [T],
    /// The rows of the product that the block covers.
    rows: Range<usize>,
    /// The columns of the product that the block covers.
    columns: Range<usize>,
    /// The depth of both packed blocks.
    depth: usize,
}

/// Adds the product of two packed blocks to the row-major `product`, which
/// has `row_len` columns: the loops 4 and 5 of the module's outline.
fn multiply_block<T: Element>(
    kernel: &Kernel<T>,
    block: &Block<'_, T>,
    product: &mut [T],
    row_len: usize,
) {
    let [tile_rows, tile_columns] = kernel.tile_shape();
    let lhs_slivers = block.lhs.chunks_exact(tile_rows * block.depth);
    let rhs_sliver_len = tile_columns * block.depth;
    let mut scratch = [T::ZERO; MAX_TILE];

    // 4. Slivers of the left block, each kept in the L1 cache.
    for (row, lhs_sliver) in block.rows.clone().step_by(tile_rows).zip(lhs_slivers) {
        let filled_rows = tile_rows.min(block.rows.end - row);
        let rhs_slivers = block.rhs.chunks_exact(rhs_sliver_len);
        // 5. Slivers of the right block.
        for (column, rhs_sliver) in block.columns.clone().step_by(tile_columns).zip(rhs_slivers) {
            let filled_columns = tile_columns.min(block.columns.end - column);
            let corner = row * row_len + column;
            if filled_rows == tile_rows && filled_columns == tile_columns {
                // SAFETY: `Kernel::new` requires that the CPU supports the
                // kernel's target features.
                unsafe { (kernel.tile)(lhs_sliver, rhs_sliver, &mut product[corner..], row_len) };
                continue;
            }

            // An edge tile: computed in full into the scratch tile, of
            // which the part inside the product is added.
            let scratch = &mut scratch[..tile_rows * tile_columns];
            scratch.fill(T::ZERO);
            // SAFETY: as above.
            unsafe { (kernel.tile)(lhs_sliver, rhs_sliver, scratch, tile_columns) };
            let scratch_rows = scratch.chunks_exact(tile_columns);
            let product_rows = product[corner..].chunks_mut(row_len);
            for (source, target) in scratch_rows.zip(product_rows).take(filled_rows) {
                for (sum, &value) in target[..filled_columns].iter_mut().zip(source) {
                    *sum = sum.elem_add(value);
                }
            }
        }
    }
}

/// The largest tile, in elements, of any kernel: 12 rows of 32 `f32`.
const MAX_TILE: usize = 12 * 32;

/// Returns the matrix product computed by the definition, one sum of
/// products per element in the order of `p`: the reference the blocked
/// product is tested against.
#[cfg(test)]
pub(crate) fn multiply_by_definition<T: Element>(
    [m, k, n]: [usize; 3],
    lhs: &Matrix<'_, T>,
    rhs: &Matrix<'_, T>,
) -> Vec<T> {
    let mut product = Vec::with_capacity(m * n);
    for i in 0..m {
        for j in 0..n {
            let terms = (0..k).map(|p| {
                let left = lhs.buffer[lhs.index(i, p)];
                left.elem_mul(rhs.buffer[rhs.index(p, j)])
            });
            product.push(terms.fold(T::ZERO, Element::elem_add));
        }
    }
    product
}

#[cfg(test)]
mod tests {
    use alloc::vec::Vec;

    use super::super::isa::{gemm_kernels_f32, gemm_kernels_f64};
    use super::{Kernel, Matrix, multiply, multiply_by_definition, multiply_into_bands};
    use crate::element::Element;

    /// Returns `len` small integers from -4 to 4 in a fixed pseudo-random
    /// order. Every sum of their products up to a depth of 2^19 is exact
    /// in `f32`, so a product of them must equal the definition bit for
    /// bit, whatever the order of the additions and fused or not.
    fn small_integers(len: usize, seed: u64) -> Vec<f64> {
        let mut state = seed | 1;
        (0..len)
            .map(|_| {
                // A 64-bit xorshift generator (Marsaglia, 2003).
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state % 9) as f64 - 4.0
            })
            .collect()
    }

    /// Returns the layouts of an operand of `rows x columns` elements over
    /// a buffer of `rows * columns * 6` elements: row-major, column-major,
    /// stepped, reversed, and a broadcast row.
    fn layouts(rows: usize, columns: usize) -> [(&'static str, usize, [isize; 2]); 5] {
        let (r, c) = (rows as isize, columns as isize);
        let last = (rows * columns).saturating_sub(1);
        [
            ("row-major", 0, [c, 1]),
            ("column-major", 0, [1, r]),
            ("stepped", 3, [2 * c + 1, 2]),
            ("reversed", last, [-c, -1]),
            ("broadcast row", 1, [0, 1]),
        ]
    }

    /// Checks `kernel` against the definition on exact products of every
    /// pair of layouts, for shapes that cross the tiles and blocks.
    fn kernel_is_exact<T: Element>(name: &str, kernel: &Kernel<T>, convert: impl Fn(f64) -> T) {
        let shapes = [
            [1, 1, 1],
            [0, 3, 5],
            [4, 0, 7],
            [5, 9, 0],
            [13, 17, 33],
            [12, 64, 32],
            [49, 65, 65],
            [97, 130, 70],
        ];
        for [m, k, n] in shapes {
            let lhs_buffer: Vec<T> = small_integers(m * k * 6 + 4, 7)
                .into_iter()
                .map(&convert)
                .collect();
            let rhs_buffer: Vec<T> = small_integers(k * n * 6 + 4, 11)
                .into_iter()
                .map(&convert)
                .collect();
            for (lhs_name, lhs_offset, lhs_strides) in layouts(m, k) {
                for (rhs_name, rhs_offset, rhs_strides) in layouts(k, n) {
                    let lhs = Matrix {
                        buffer: &lhs_buffer,
                        offset: lhs_offset,
                        strides: lhs_strides,
                    };
                    let rhs = Matrix {
                        buffer: &rhs_buffer,
                        offset: rhs_offset,
                        strides: rhs_strides,
                    };
                    let expected = multiply_by_definition([m, k, n], &lhs, &rhs);
                    let actual = multiply(kernel, [m, k, n], lhs, rhs);
                    assert!(
                        actual == expected,
                        "{name}: ({m}, {k}) x ({k}, {n}), {lhs_name} x {rhs_name}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_f32_kernel_is_exact() {
        for (name, kernel) in gemm_kernels_f32() {
            kernel_is_exact(name, &kernel, |value| value as f32);
        }
    }

    #[test]
    fn every_f64_kernel_is_exact() {
        for (name, kernel) in gemm_kernels_f64() {
            kernel_is_exact(name, &kernel, |value| value);
        }
    }

    #[test]
    fn portable_kernel_is_exact_for_integers() {
        let kernel = super::portable::kernel::<i64>().with_blocks([8, 16, 16]);
        kernel_is_exact("portable i64", &kernel, |value| value as i64);
        let kernel = super::portable::kernel::<u8>().with_blocks([8, 16, 16]);
        kernel_is_exact("portable u8", &kernel, |value| value as i8 as u8);
    }

    #[test]
    fn bands_give_same_bits_as_one_band() {
        let [m, k, n] = [101, 77, 45];
        let lhs_buffer: Vec<f64> = small_integers(m * k, 3).iter().map(|v| v / 3.0).collect();
        let rhs_buffer: Vec<f64> = small_integers(k * n, 5).iter().map(|v| v / 7.0).collect();
        let lhs = Matrix {
            buffer: &lhs_buffer,
            offset: 0,
            strides: [k as isize, 1],
        };
        let rhs = Matrix {
            buffer: &rhs_buffer,
            offset: 0,
            strides: [1, k as isize],
        };
        for (name, kernel) in gemm_kernels_f64() {
            let mut one_band = alloc::vec![0.0; m * n];
            multiply_into_bands(&kernel, [m, k, n], [lhs, rhs], &mut one_band, 1);
            for workers in [2, 3, 9] {
                let mut bands = alloc::vec![0.0; m * n];
                multiply_into_bands(&kernel, [m, k, n], [lhs, rhs], &mut bands, workers);
                let same = bands
                    .iter()
                    .zip(&one_band)
                    .all(|(a, b)| a.to_bits() == b.to_bits());
                assert!(same, "{name}, {workers} workers");
            }
        }
    }
}

//! Packing: copying a block of an operand into the order the tile kernel
//! reads it.
//!
//! The tile kernel walks the depth `p` of the product, and at each step
//! reads `width` consecutive elements, one of each row of a sliver. So a
//! sliver of `width` rows is stored depth-major, and the slivers of a
//! block follow each other:
//!
//! ```text
//! block of 5 rows, depth 3, width 2        packed, sliver after sliver
//!
//!   a00 a01 a02                            a00 a10 | a01 a11 | a02 a12
//!   a10 a11 a12   sliver 0                 a20 a30 | a21 a31 | a22 a32
//!   a20 a21 a22                            a40  0  | a41  0  | a42  0
//!   a30 a31 a32   sliver 1
//!   a40 a41 a42   sliver 2, one row of zeros added
//! ```
//!
//! The left operand is packed in slivers of its rows. The right operand is
//! packed in slivers of its columns, by reading it through its transpose,
//! so one function packs both.

#![forbid(unsafe_code)]

use crate::element::Element;

/// An operand of a product as packing reads it: element `(i, p)` is
/// `buffer[offset + i * strides[0] + p * strides[1]]`.
///
/// The strides may be zero or negative, as in any view. Every element of
/// the matrix lies inside `buffer`, which the layout of the tensor the
/// matrix comes from guarantees.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Matrix<'a, T> {
    /// The buffer that contains the elements.
    pub(crate) buffer: &'a [T],
    /// The buffer index of element `(0, 0)`.
    pub(crate) offset: usize,
    /// The steps in the buffer from one row to the next and from one
    /// column to the next.
    pub(crate) strides: [isize; 2],
}

impl<'a, T> Matrix<'a, T> {
    /// Returns the same elements with rows and columns swapped.
    pub(crate) fn transposed(self) -> Self {
        Matrix {
            strides: [self.strides[1], self.strides[0]],
            ..self
        }
    }

    /// Returns the rows from `first` on: the same matrix, starting at
    /// element `(first, 0)`, which must exist.
    #[cfg(feature = "threads")]
    pub(crate) fn rows_from(self, first: usize) -> Self {
        Matrix {
            offset: self.index(first, 0),
            ..self
        }
    }

    /// Returns the buffer index of element `(row, column)`.
    pub(crate) fn index(&self, row: usize, column: usize) -> usize {
        let index = self.offset as isize
            + row as isize * self.strides[0]
            + column as isize * self.strides[1];
        index as usize
    }
}

/// Copies the block of `rows.len()` rows and `depth.len()` columns of
/// `matrix` into `packed`, in slivers of `WIDTH` rows stored depth-major,
/// and fills the rows that the last sliver lacks with zeros.
///
/// `WIDTH` is a constant so that the copies of whole slivers compile to
/// fixed-size moves instead of calls to `memcpy`.
///
/// # Panics
///
/// If `packed` is shorter than the rounded-up slivers, or the block
/// reaches outside `matrix`.
#[inline(always)]
pub(crate) fn pack<T: Element, const WIDTH: usize>(
    matrix: &Matrix<'_, T>,
    rows: core::ops::Range<usize>,
    depth: core::ops::Range<usize>,
    packed: &mut [T],
) {
    let sliver_len = WIDTH * depth.len();
    if sliver_len == 0 {
        return;
    }
    for (sliver, first) in rows.clone().step_by(WIDTH).enumerate() {
        let packed = &mut packed[sliver * sliver_len..][..sliver_len];
        let filled = WIDTH.min(rows.end - first);
        let depth = depth.clone();
        // The last sliver of a block may be partial: it is at most one in
        // each block, so the general copy serves it.
        match (matrix.strides, filled == WIDTH) {
            ([1, _], true) => pack_whole_contiguous_rows::<T, WIDTH>(matrix, first, depth, packed),
            ([_, 1], true) => pack_whole_contiguous_depth::<T, WIDTH>(matrix, first, depth, packed),
            _ => pack_strided(matrix, first, depth, WIDTH, filled, packed),
        }
    }
}

/// Packs a whole sliver of a matrix whose rows are adjacent in the
/// buffer: one copy of `WIDTH` elements per depth step.
#[inline(always)]
fn pack_whole_contiguous_rows<T: Element, const WIDTH: usize>(
    matrix: &Matrix<'_, T>,
    first: usize,
    depth: core::ops::Range<usize>,
    packed: &mut [T],
) {
    let (steps, _) = packed.as_chunks_mut::<WIDTH>();
    for (step, p) in steps.iter_mut().zip(depth) {
        let start = matrix.index(first, p);
        *step = *matrix.buffer[start..]
            .first_chunk::<WIDTH>()
            .expect("the block lies inside the matrix");
    }
}

/// The depth steps [`pack_whole_contiguous_depth`] reads from each row
/// at once.
const DEPTH_CHUNK: usize = 8;

/// Packs a whole sliver of a matrix whose rows are contiguous. It reads
/// [`DEPTH_CHUNK`] elements of each of the `WIDTH` rows, then writes them
/// out as that many depth steps, so reads and writes both run in order.
#[inline(always)]
fn pack_whole_contiguous_depth<T: Element, const WIDTH: usize>(
    matrix: &Matrix<'_, T>,
    first: usize,
    depth: core::ops::Range<usize>,
    packed: &mut [T],
) {
    let rows: [&[T]; WIDTH] = core::array::from_fn(|row| {
        let start = matrix.index(first + row, depth.start);
        &matrix.buffer[start..start + depth.len()]
    });
    let (steps, _) = packed.as_chunks_mut::<WIDTH>();
    let chunked = depth.len() / DEPTH_CHUNK * DEPTH_CHUNK;
    let (chunked_steps, tail_steps) = steps.split_at_mut(chunked);
    for (chunk, steps) in chunked_steps.chunks_exact_mut(DEPTH_CHUNK).enumerate() {
        let p = chunk * DEPTH_CHUNK;
        let columns: [[T; DEPTH_CHUNK]; WIDTH] = core::array::from_fn(|row| {
            *rows[row][p..]
                .first_chunk::<DEPTH_CHUNK>()
                .expect("each row has the block's depth")
        });
        for (step_in_chunk, step) in steps.iter_mut().enumerate() {
            for (slot, column) in step.iter_mut().zip(&columns) {
                *slot = column[step_in_chunk];
            }
        }
    }
    for (p, step) in (chunked..).zip(tail_steps) {
        for (slot, row) in step.iter_mut().zip(&rows) {
            *slot = row[p];
        }
    }
}

/// Packs one sliver, whole or partial, of a matrix with any strides: one
/// index computation per element, and zeros for the rows past `filled`.
#[inline(always)]
fn pack_strided<T: Element>(
    matrix: &Matrix<'_, T>,
    first: usize,
    depth: core::ops::Range<usize>,
    width: usize,
    filled: usize,
    packed: &mut [T],
) {
    for (step, p) in packed.chunks_exact_mut(width).zip(depth) {
        for (row, slot) in step.iter_mut().enumerate() {
            *slot = if row < filled {
                matrix.buffer[matrix.index(first + row, p)]
            } else {
                T::ZERO
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use alloc::vec;
    use alloc::vec::Vec;

    use super::{Matrix, pack};

    /// One instance of [`pack`].
    type Packer =
        fn(&Matrix<'_, i64>, core::ops::Range<usize>, core::ops::Range<usize>, &mut [i64]);

    /// Packs a block of `matrix` with the element-by-element definition.
    fn pack_by_definition(
        matrix: &Matrix<'_, i64>,
        rows: core::ops::Range<usize>,
        depth: core::ops::Range<usize>,
        width: usize,
    ) -> Vec<i64> {
        let mut packed = Vec::new();
        for first in rows.clone().step_by(width) {
            for p in depth.clone() {
                for row in first..first + width {
                    let inside = row < rows.end;
                    packed.push(if inside {
                        matrix.buffer[matrix.index(row, p)]
                    } else {
                        0
                    });
                }
            }
        }
        packed
    }

    #[test]
    fn pack_matches_definition_for_every_layout() {
        // A 7 x 9 matrix stored row-major, column-major, with steps of 2,
        // reversed, and with a broadcast row.
        let buffer: Vec<i64> = (1..=200).collect();
        let layouts = [
            (0, [9, 1]),
            (0, [1, 7]),
            (3, [20, 2]),
            (7 * 9 - 1, [-9, -1]),
            (5, [0, 1]),
            (5, [1, 0]),
            (5, [0, 0]),
        ];
        for (offset, strides) in layouts {
            let matrix = Matrix {
                buffer: &buffer,
                offset,
                strides,
            };
            let packers: [(usize, Packer); 4] = [
                (1, pack::<i64, 1>),
                (3, pack::<i64, 3>),
                (4, pack::<i64, 4>),
                (5, pack::<i64, 5>),
            ];
            for (width, packer) in packers {
                for (rows, depth) in [(0..7, 0..9), (2..7, 1..4), (3..3, 0..9), (1..2, 0..0)] {
                    let slivers = rows.len().div_ceil(width);
                    let mut packed = vec![-1; slivers * width * depth.len()];
                    packer(&matrix, rows.clone(), depth.clone(), &mut packed);
                    let expected = pack_by_definition(&matrix, rows.clone(), depth.clone(), width);
                    assert_eq!(
                        packed, expected,
                        "{offset} {strides:?} {width} {rows:?} {depth:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn transposed_swaps_strides() {
        let buffer = [1, 2, 3, 4, 5, 6];
        let matrix = Matrix {
            buffer: &buffer,
            offset: 0,
            strides: [3, 1],
        };
        let transposed = matrix.transposed();
        assert_eq!(transposed.strides, [1, 3]);
        assert_eq!(buffer[transposed.index(2, 1)], 6);
    }
}

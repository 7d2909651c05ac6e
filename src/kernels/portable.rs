//! The portable kernels: plain Rust over slices, for every target.
//!
//! Each sum runs in independent accumulators: `LANES` (8) over one slice,
//! `WIDE_LANES` (32) over two and in [`sum`]. A single accumulator makes every addition
//! wait for the one before, and since float addition is not associative
//! the compiler may not reorder it into vector lanes by itself. With the
//! accumulators written out, the order is fixed by the code, so the
//! compiler can keep them in vector registers, and the result is the same
//! in every build.
//!
//! The kernels are `#[inline(always)]` so that the
//! x86-64 modules can compile the same body again with wider vector
//! instructions enabled. The operations and their order stay the same, so
//! every build computes the same bits.

#![forbid(unsafe_code)]

use alloc::vec::Vec;

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

/// The number of independent accumulators in [`sum`] and in the sums over
/// two slices: [`dot`], [`l1`], [`l2`] and [`matvec`]. In `f64`, 32 lanes are four
/// 512-bit registers or eight 256-bit ones. The count is part of the
/// result, because it fixes the order of the additions on every
/// instruction set. On the AVX-512 machine of the benchmarks, moving from
/// 8 to 32 lanes took the `f32` dot product of 1000 elements from 293 ns
/// to 127 ns.
pub(crate) const WIDE_LANES: usize = 32;

/// Adds the wide lanes in a fixed tree that halves the count at each
/// level: lane `k` gets lane `k + 16`, then lane `k + 8`, and so on, so
/// that each level is one vector addition of the upper half to the lower.
///
/// Never inlined: inlined after the loop of the accumulators, it led
/// rustc 1.95 to vectorize that loop with 2-lane vectors instead of full
/// registers (seen in the AVX-512 assembly). A call per sum costs a few
/// nanoseconds; the additions and their order are the same either way.
#[inline(never)]
fn sum_wide_lanes<T: Element>(mut lanes: [T; WIDE_LANES]) -> T {
    let mut half = WIDE_LANES / 2;
    while half > 0 {
        for k in 0..half {
            lanes[k] = lanes[k].elem_add(lanes[k + half]);
        }
        half /= 2;
    }
    lanes[0]
}

/// Returns the sum of a slice in [`WIDE_LANES`] accumulators: element `i`
/// of the full chunks goes to lane `i % WIDE_LANES`, [`sum_wide_lanes`]
/// adds the lanes, and the elements after the last full chunk are then
/// added one by one in index order. This is the base case of the pairwise
/// sum of `Tensor::sum` for floats. Each element passes through at most
/// `len / WIDE_LANES + 35` roundings: in its lane, in the 5 levels of the
/// tree, and in the at most 31 additions of the tail.
#[inline(always)]
pub(crate) fn sum<T: Element>(values: &[T]) -> T {
    let mut lanes = [T::ZERO; WIDE_LANES];
    let chunks = values.chunks_exact(WIDE_LANES);
    let tail = chunks.remainder();
    for chunk in chunks {
        for (lane, &x) in lanes.iter_mut().zip(chunk) {
            *lane = lane.elem_add(x);
        }
    }
    tail.iter()
        .fold(sum_wide_lanes(lanes), |total, &x| total.elem_add(x))
}

/// The number of rows that [`add_rows`] and [`sum_rows`] read in one pass.
///
/// In [`add_rows`] of `f32` and narrower types, four rows go into the sums
/// with one load and one store of each sum instead of four. In
/// [`sum_rows`], four rows give four independent chains of vector
/// additions, where a single row made each addition wait for the one
/// before. Medians of `cargo bench --bench ops sum_axis1` (1000 x 1000) on
/// the AMD EPYC of BENCHMARKS.md went from 136 us to 47 us in `f32` and
/// from 128 us to 92 us in `f64`.
const ROW_GROUP: usize = 4;

/// Adds each row of `sums.len()` elements of `rows` into `sums`, element
/// by element and row after row, so that `sums[j]` gains the elements of
/// column `j` in order: the column sums of `sum_axes` over leading axes.
///
/// Groups of rows go into the sums with one load and one store of each
/// sum: 8 rows of `f64` and 4 of narrower types. Medians of `cargo bench
/// --bench ops sum_axis0`, (1000, 1000), on the AMD EPYC of BENCHMARKS.md:
/// 8 rows took `f64` from 102-106 us to 98-100 us but `f32` from 47 us to
/// 49-51 us, so `f32` keeps groups of 4.
///
/// # Panics
///
/// If `rows.len()` is not a multiple of a nonzero `sums.len()`.
#[inline(always)]
pub(crate) fn add_rows<T: Element>(sums: &mut [T], rows: &[T]) {
    let columns = sums.len();
    assert!(
        columns > 0 && rows.len().is_multiple_of(columns),
        "whole rows of the length of the sums"
    );
    let group_rows = if size_of::<T>() >= 8 { 8 } else { ROW_GROUP };
    let mut groups = rows.chunks_exact(group_rows * columns);
    if group_rows == 8 {
        for group in &mut groups {
            let group: [&[T]; 8] = core::array::from_fn(|r| &group[r * columns..][..columns]);
            for (k, sum) in sums.iter_mut().enumerate() {
                let mut total = *sum;
                for row in group {
                    total = total.elem_add(row[k]);
                }
                *sum = total;
            }
        }
    } else {
        for group in &mut groups {
            let (row0, rest) = group.split_at(columns);
            let (row1, rest) = rest.split_at(columns);
            let (row2, row3) = rest.split_at(columns);
            let rows = row0.iter().zip(row1).zip(row2).zip(row3);
            for (sum, (((&x0, &x1), &x2), &x3)) in sums.iter_mut().zip(rows) {
                *sum = sum.elem_add(x0).elem_add(x1).elem_add(x2).elem_add(x3);
            }
        }
    }
    for row in groups.remainder().chunks_exact(columns) {
        for (sum, &x) in sums.iter_mut().zip(row) {
            *sum = sum.elem_add(x);
        }
    }
}

/// Writes the sum of each row of `row_len` elements of `values` to
/// `output`, each with the bits of [`sum_map`] of the row with the
/// identity term.
///
/// # Panics
///
/// If `values.len()` is not `output.len() * row_len`.
#[inline(always)]
pub(crate) fn sum_rows<T: Element>(values: &[T], row_len: usize, output: &mut [T]) {
    assert_eq!(values.len(), output.len() * row_len, "one sum per row");
    if row_len == 0 {
        output.fill(T::ZERO);
        return;
    }
    let mut row_groups = values.chunks_exact(ROW_GROUP * row_len);
    let mut output_groups = output.chunks_exact_mut(ROW_GROUP);
    for (rows, outputs) in (&mut row_groups).zip(&mut output_groups) {
        let rows: [&[T]; ROW_GROUP] = core::array::from_fn(|r| &rows[r * row_len..][..row_len]);
        outputs.copy_from_slice(&sum_four_rows(rows));
    }
    let last_rows = row_groups.remainder().chunks_exact(row_len);
    for (row, out) in last_rows.zip(output_groups.into_remainder()) {
        *out = sum_map(row, |x| x);
    }
}

/// Returns the sums of [`ROW_GROUP`] rows of one length, each in the
/// lanes and order of [`sum_map`].
#[inline(always)]
fn sum_four_rows<T: Element>(rows: [&[T]; ROW_GROUP]) -> [T; ROW_GROUP] {
    // The rows are named one by one, as in `dot_rows`, so that the
    // accumulators stay in registers.
    let mut lanes = [[T::ZERO; LANES]; ROW_GROUP];
    let [row0, row1, row2, row3] = rows.map(|row| row.chunks_exact(LANES));
    for (((chunk0, chunk1), chunk2), chunk3) in row0.zip(row1).zip(row2).zip(row3) {
        let [lanes0, lanes1, lanes2, lanes3] = &mut lanes;
        add_chunk(lanes0, chunk0);
        add_chunk(lanes1, chunk1);
        add_chunk(lanes2, chunk2);
        add_chunk(lanes3, chunk3);
    }
    finish_rows(lanes, rows)
}

/// Returns the sum of each row from its lanes and its elements after the
/// last full chunk, in the order of [`sum_map`].
///
/// Never inlined, for the reason given at [`sum_wide_lanes`]: inlined, it
/// led rustc 1.95 to compile the loop of [`sum_four_rows`] to 128-bit
/// vectors with shuffles between them (seen in the AVX-512 assembly).
#[inline(never)]
fn finish_rows<T: Element>(
    lanes: [[T; LANES]; ROW_GROUP],
    rows: [&[T]; ROW_GROUP],
) -> [T; ROW_GROUP] {
    let full = rows[0].len() - rows[0].len() % LANES;
    core::array::from_fn(|r| {
        rows[r][full..]
            .iter()
            .fold(sum_lanes(lanes[r]), |total, &x| total.elem_add(x))
    })
}

/// Adds `chunk[k]` to `lanes[k]` for each of the [`LANES`] lanes.
#[inline(always)]
fn add_chunk<T: Element>(lanes: &mut [T; LANES], chunk: &[T]) {
    for (lane, &x) in lanes.iter_mut().zip(chunk) {
        *lane = lane.elem_add(x);
    }
}

/// Returns the sum of `term(a[i], b[i])` over two slices of equal length.
///
/// The order is fixed: element `i` of the full chunks goes to lane `i %
/// WIDE_LANES`, and [`sum_wide_lanes`] adds the lanes. The elements after
/// the last full chunk are then added one by one in index order.
///
/// # Panics
///
/// If the two slices differ in length.
#[inline(always)]
fn sum_pairs<T: Element>(a: &[T], b: &[T], term: impl Fn(T, T) -> T) -> T {
    assert_eq!(a.len(), b.len(), "two slices of one length");
    let mut lanes = [T::ZERO; WIDE_LANES];
    let a_chunks = a.chunks_exact(WIDE_LANES);
    let b_chunks = b.chunks_exact(WIDE_LANES);
    let tail = a_chunks.remainder().iter().zip(b_chunks.remainder());
    for (a_chunk, b_chunk) in a_chunks.zip(b_chunks) {
        for k in 0..WIDE_LANES {
            lanes[k] = lanes[k].elem_add(term(a_chunk[k], b_chunk[k]));
        }
    }
    tail.fold(sum_wide_lanes(lanes), |total, (&x, &y)| {
        total.elem_add(term(x, y))
    })
}

/// Returns the dot product of two slices of equal length, summed as in
/// [`sum_pairs`].
///
/// # Panics
///
/// If the two slices differ in length.
#[inline(always)]
pub(crate) fn dot<T: Element>(a: &[T], b: &[T]) -> T {
    sum_pairs(a, b, Element::elem_mul)
}

/// Returns the L1 loss `sum(|y[i] - yhat[i]|)` without a buffer of
/// differences, summed as in [`sum_pairs`].
///
/// # Panics
///
/// If the two slices differ in length.
#[inline(always)]
pub(crate) fn l1<T: Float>(yhat: &[T], y: &[T]) -> T {
    sum_pairs(yhat, y, |prediction, label| (label - prediction).abs())
}

/// Returns the L2 loss `sum((y[i] - yhat[i])^2)` without a buffer of
/// differences, summed as in [`sum_pairs`].
///
/// # Panics
///
/// If the two slices differ in length.
#[inline(always)]
pub(crate) fn l2<T: Float>(yhat: &[T], y: &[T]) -> T {
    sum_pairs(yhat, y, |prediction, label| {
        let difference = label - prediction;
        difference * difference
    })
}

/// The number of matrix rows that [`matvec`] reads in one pass: each load
/// of `x` then serves four rows. In `f64`, four rows of [`WIDE_LANES`]
/// accumulators fill 16 of the 32 AVX-512 registers.
///
/// NOTE: with AVX2 they need 32 of the 16 registers, so some accumulators
/// live on the stack there. Only the AVX-512 build was timed.
const MATVEC_ROWS: usize = 4;

/// Writes the product of a row-major `(output.len(), x.len())` matrix and
/// `x` to `output`. Each `output[i]` has the bits of `dot(row i, x)`:
/// the rows of a pass keep separate accumulators, in the order of
/// [`sum_pairs`].
///
/// # Panics
///
/// If `matrix.len()` is not `output.len() * x.len()`.
#[inline(always)]
pub(crate) fn matvec<T: Element>(matrix: &[T], x: &[T], output: &mut [T]) {
    let columns = x.len();
    assert_eq!(matrix.len(), output.len() * columns, "one row per output");
    if columns == 0 {
        output.fill(T::ZERO);
        return;
    }
    let mut row_groups = matrix.chunks_exact(MATVEC_ROWS * columns);
    let mut output_groups = output.chunks_exact_mut(MATVEC_ROWS);
    for (rows, outputs) in (&mut row_groups).zip(&mut output_groups) {
        let rows: [&[T]; MATVEC_ROWS] = core::array::from_fn(|r| &rows[r * columns..][..columns]);
        let totals = dot_rows(rows, x);
        outputs.copy_from_slice(&totals);
    }
    let last_rows = row_groups.remainder().chunks_exact(columns);
    for (row, out) in last_rows.zip(output_groups.into_remainder()) {
        *out = dot(row, x);
    }
}

/// Returns the dot products of `MATVEC_ROWS` rows with `x`, each summed as
/// in [`sum_pairs`], with one load of each element of `x` for all rows.
#[inline(always)]
fn dot_rows<T: Element>(rows: [&[T]; MATVEC_ROWS], x: &[T]) -> [T; MATVEC_ROWS] {
    // 1. The full chunks: lane k of row r collects element k of each chunk.
    // The rows are named one by one because written as a loop over an
    // array of rows, the accumulators stayed in memory and each product
    // ran as a scalar (seen in the AVX-512 assembly of rustc 1.95).
    let mut lanes = [[T::ZERO; WIDE_LANES]; MATVEC_ROWS];
    let [row0, row1, row2, row3] = rows.map(|row| row.chunks_exact(WIDE_LANES));
    let chunks = x
        .chunks_exact(WIDE_LANES)
        .zip(row0)
        .zip(row1)
        .zip(row2)
        .zip(row3);
    for ((((x_chunk, chunk0), chunk1), chunk2), chunk3) in chunks {
        let [lanes0, lanes1, lanes2, lanes3] = &mut lanes;
        accumulate_products(lanes0, chunk0, x_chunk);
        accumulate_products(lanes1, chunk1, x_chunk);
        accumulate_products(lanes2, chunk2, x_chunk);
        accumulate_products(lanes3, chunk3, x_chunk);
    }

    // 2. The lanes in the tree of `sum_wide_lanes`, then the tail in order.
    let full = x.len() - x.len() % WIDE_LANES;
    core::array::from_fn(|r| {
        let tail = rows[r][full..].iter().zip(&x[full..]);
        tail.fold(sum_wide_lanes(lanes[r]), |total, (&w, &v)| {
            total.elem_add(w.elem_mul(v))
        })
    })
}

/// Adds `row[k] * x[k]` to `lanes[k]` for each of the [`WIDE_LANES`]
/// lanes.
#[inline(always)]
fn accumulate_products<T: Element>(lanes: &mut [T; WIDE_LANES], row: &[T], x: &[T]) {
    for ((lane, &w), &v) in lanes.iter_mut().zip(row).zip(x) {
        *lane = lane.elem_add(w.elem_mul(v));
    }
}

/// Returns the outer product, row-major: `x1[i] * x2[j]` at `i *
/// x2.len() + j`. Each output row is `x2` scaled by one element of `x1`.
///
/// The kernel allocates the output and fills it by extending, so that no
/// pass writes zeros first: a zeroed request that the allocator serves
/// from memory it has freed before is cleared with a full extra pass.
#[inline(always)]
pub(crate) fn outer<T: Element>(x1: &[T], x2: &[T]) -> Vec<T> {
    let mut output = Vec::with_capacity(x1.len() * x2.len());
    for &scale in x1 {
        output.extend(x2.iter().map(|&value| scale.elem_mul(value)));
    }
    output
}

/// Returns the elementwise product `a[i] * b[i]`, allocated as in
/// [`outer`].
///
/// # Panics
///
/// If the two slices differ in length.
#[inline(always)]
pub(crate) fn multiply<T: Element>(a: &[T], b: &[T]) -> Vec<T> {
    assert_eq!(a.len(), b.len(), "two operands of one length");
    a.iter().zip(b).map(|(&x, &y)| x.elem_mul(y)).collect()
}

/// Appends the `rows x columns` matrix `t[j * t_stride + i] + c[i *
/// c_stride + j]` to `output` in row-major order: the sum of a transposed
/// operand `t` and a row-major operand `c`, `t`'s element first.
///
/// # Panics
///
/// If a slice is too short for the shape and its stride.
#[inline(always)]
pub(crate) fn add_transposed<T: Element>(
    t: &[T],
    t_stride: usize,
    c: &[T],
    c_stride: usize,
    shape: [usize; 2],
    output: &mut Vec<T>,
) {
    add_transposed_in_order::<T, true>(t, t_stride, c, c_stride, shape, output);
}

/// [`add_transposed`] with `c`'s element first: `c[i * c_stride + j] +
/// t[j * t_stride + i]`.
///
/// # Panics
///
/// If a slice is too short for the shape and its stride.
#[inline(always)]
pub(crate) fn add_to_transposed<T: Element>(
    t: &[T],
    t_stride: usize,
    c: &[T],
    c_stride: usize,
    shape: [usize; 2],
    output: &mut Vec<T>,
) {
    add_transposed_in_order::<T, false>(t, t_stride, c, c_stride, shape, output);
}

/// The output rows that [`add_transposed_in_order`] fills in one pass: a
/// pass reads 8 consecutive elements of each line of `t`, one cache line
/// of `f64`, while it walks 8 rows of `c` and of the output in order.
const TRANSPOSE_PANEL: usize = 8;

/// Appends the sum of [`add_transposed`] (`T_FIRST`) or of
/// [`add_to_transposed`] to `output`.
#[inline(always)]
fn add_transposed_in_order<T: Element, const T_FIRST: bool>(
    t: &[T],
    t_stride: usize,
    c: &[T],
    c_stride: usize,
    [rows, columns]: [usize; 2],
    output: &mut Vec<T>,
) {
    let add = |x: T, y: T| {
        if T_FIRST {
            x.elem_add(y)
        } else {
            y.elem_add(x)
        }
    };
    for row_start in (0..rows).step_by(TRANSPOSE_PANEL) {
        let panel_rows = TRANSPOSE_PANEL.min(rows - row_start);
        let panel_start = output.len();
        // The zeros are written just before the sums, while the panel is
        // in the cache.
        output.resize(panel_start + panel_rows * columns, T::ZERO);
        let panel = &mut output[panel_start..];
        for column in 0..columns {
            for i in 0..panel_rows {
                let row = row_start + i;
                let sum = add(t[column * t_stride + row], c[row * c_stride + column]);
                panel[i * columns + column] = sum;
            }
        }
    }
}

/// The number of elements that [`append_map`] adds to its output at a
/// time: 8 KiB of `f64`, which stays in the L1 cache between the zeros
/// and the values.
const BLOCK: usize = 1024;

/// Appends `function(input[i])` to `output` for every `i`.
///
/// The kernels append to a vector rather than write to a slice, so the
/// caller need not fill the whole output with zeros first. That fill is
/// one more pass over memory when the allocator reuses a freed block.
/// Here each block is zeroed just before it is written, while it is in the
/// cache. Appending with `extend` and a mapped iterator avoids even those
/// zeros, but with rustc 1.95 it made the `f64` sigmoid of 10^6 elements
/// six times slower (10 ms instead of 1.7 ms), as if `exp` ran scalar.
#[inline(always)]
fn append_map<T: Float>(input: &[T], output: &mut Vec<T>, function: impl Fn(T) -> T) {
    for block in input.chunks(BLOCK) {
        let start = output.len();
        output.resize(start + block.len(), T::ZERO);
        for (out, &value) in output[start..].iter_mut().zip(block) {
            *out = function(value);
        }
    }
}

/// Appends `sigmoid_scalar(input[i])` to `output` for every `i`.
#[inline(always)]
pub(crate) fn sigmoid<T: Float>(input: &[T], output: &mut Vec<T>) {
    append_map(input, output, sigmoid_scalar);
}

/// Appends `sigmoid_derivative_scalar(input[i])` to `output` for every
/// `i`.
#[inline(always)]
pub(crate) fn sigmoid_derivative<T: Float>(input: &[T], output: &mut Vec<T>) {
    append_map(input, output, sigmoid_derivative_scalar);
}

/// Appends `function(input[i])` to `output` for every `i`, as
/// [`append_map`] does, and returns the sum of the appended values in the
/// lanes and order of [`sum`].
///
/// One pass computes each value, stores it and adds it to its lane while
/// it is still in a register. [`BLOCK`] is a multiple of [`WIDE_LANES`], so
/// the blocks split the input at chunk boundaries, and only the last block
/// can end with elements that fill no chunk.
#[inline(always)]
fn append_map_sum<T: Float>(input: &[T], output: &mut Vec<T>, function: impl Fn(T) -> T) -> T {
    let mut lanes = [T::ZERO; WIDE_LANES];
    for block in input.chunks(BLOCK) {
        let start = output.len();
        output.resize(start + block.len(), T::ZERO);
        let mut inputs = block.chunks_exact(WIDE_LANES);
        let mut outputs = output[start..].chunks_exact_mut(WIDE_LANES);
        for (chunk, out_chunk) in (&mut inputs).zip(&mut outputs) {
            for ((lane, out), &value) in lanes.iter_mut().zip(out_chunk).zip(chunk) {
                let mapped = function(value);
                *out = mapped;
                *lane = lane.elem_add(mapped);
            }
        }
        for (out, &value) in outputs.into_remainder().iter_mut().zip(inputs.remainder()) {
            *out = function(value);
        }
    }
    let tail_start = output.len() - input.len() % WIDE_LANES;
    output[tail_start..]
        .iter()
        .fold(sum_wide_lanes(lanes), |total, &value| total.elem_add(value))
}

/// Appends the softmax `e^(x - max) / sum(e^(x - max))` of a row to
/// `output`, in three passes over the row.
///
/// The result equals `max_or_nan` over the row, then `exp` of each
/// difference, then [`sum`] of those terms, then one division per
/// element. The maximum is taken with comparisons in `WIDE_LANES` lanes instead
/// of `max_or_nan`, so it may be `-0.0` where `max_or_nan` gives `+0.0`.
/// The row still comes out the same, because `x - 0.0` and `x + 0.0`
/// differ only for `x = -0.0`, where both exponentials are 1.
#[inline(always)]
pub(crate) fn softmax_row<T: Float>(row: &[T], output: &mut Vec<T>) {
    // 1. The maximum, NaN if any element is NaN.
    let row_max = row_max_or_nan(row);

    // 2. The exponentials, written to the output and summed in one pass.
    let start = output.len();
    let total = append_map_sum(row, output, |value| (value - row_max).exp());

    // 3. The division by the sum, as in the scalar code (no reciprocal).
    for value in output[start..].iter_mut() {
        *value = *value / total;
    }
}

/// Appends a row divided by its Euclidean norm `sqrt(dot(row, row))` to
/// `output`. A row whose norm is 0 (all zeros, or squares that underflow)
/// becomes `+0.0` everywhere.
#[inline(always)]
pub(crate) fn normalize_row<T: Float>(row: &[T], output: &mut Vec<T>) {
    // 1. The norm. The squares are summed in the wide lanes of `dot`:
    // eight lanes kept one vector addition waiting for the one before.
    let norm = dot(row, row).sqrt();

    // 2. The division, or zeros where there is nothing to divide by.
    if norm == T::ZERO {
        output.extend(row.iter().map(|_| T::ZERO));
    } else {
        output.extend(row.iter().map(|&value| value / norm));
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
    // Each lane waits for its own comparison and select, so the lanes of
    // two or more vector registers keep the comparisons overlapping.
    let mut lanes = [T::NEG_INFINITY; WIDE_LANES];
    let chunks = row.chunks_exact(WIDE_LANES);
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
        for len in 0..3 * WIDE_LANES + 1 {
            let a: Vec<i64> = (0..len as i64).collect();
            let b: Vec<i64> = (0..len as i64).map(|x| 2 * x + 1).collect();
            let expected: i64 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            assert_eq!(dot(&a, &b), expected, "length {len}");
        }
    }

    #[test]
    fn matvec_rows_equal_dot_products() {
        for rows in 0..=2 * MATVEC_ROWS + 3 {
            for columns in [0, 1, 7, WIDE_LANES, 2 * WIDE_LANES + 5] {
                let matrix: Vec<i64> = (0..(rows * columns) as i64).map(|x| x * 7 - 50).collect();
                let x: Vec<i64> = (0..columns as i64).map(|x| 3 - x).collect();
                let mut output = vec![-1; rows];
                matvec(&matrix, &x, &mut output);
                let expected: Vec<i64> = (0..rows)
                    .map(|row| dot(&matrix[row * columns..][..columns], &x))
                    .collect();
                assert_eq!(output, expected, "{rows}x{columns}");
            }
        }
        // The float rows too: bit for bit the dot products.
        let matrix: Vec<f64> = (0..7 * 45).map(|x| f64::from(x).sin()).collect();
        let x: Vec<f64> = (0..45).map(|x| f64::from(x).cos()).collect();
        let mut output = vec![0.0; 7];
        matvec(&matrix, &x, &mut output);
        for (row, &value) in output.iter().enumerate() {
            let expected = dot(&matrix[row * 45..][..45], &x);
            assert_eq!(value.to_bits(), expected.to_bits(), "row {row}");
        }
    }

    #[test]
    fn row_groups_match_one_row_at_a_time() {
        // Two groups of 8 rows of `add_rows` and every leftover count of both
        // group sizes.
        for rows in 0..=2 * 8 + 3 {
            for columns in [0, 1, 7, LANES, 2 * LANES + 5, 37] {
                let values: Vec<f64> = (0..rows * columns)
                    .map(|k| (k as f64 * 0.37).sin())
                    .collect();
                let mut sums = vec![f64::NAN; rows];
                sum_rows(&values, columns, &mut sums);
                for (row, &sum) in sums.iter().enumerate() {
                    let expected = sum_map(&values[row * columns..][..columns], |x| x);
                    assert_eq!(
                        sum.to_bits(),
                        expected.to_bits(),
                        "row {row} of {rows}x{columns}"
                    );
                }
                if columns == 0 {
                    continue;
                }
                let mut column_sums = vec![0.5; columns];
                add_rows(&mut column_sums, &values);
                for (column, &sum) in column_sums.iter().enumerate() {
                    let expected =
                        (0..rows).fold(0.5, |total, row| total + values[row * columns + column]);
                    assert_eq!(
                        sum.to_bits(),
                        expected.to_bits(),
                        "column {column} of {rows}x{columns}"
                    );
                }
            }
        }
    }

    #[test]
    fn outer_and_multiply_match_the_definitions() {
        let x1 = [1, -2, 3];
        let x2 = [10, 100];
        assert_eq!(outer(&x1, &x2), vec![10, 100, -20, -200, 30, 300]);
        assert_eq!(outer(&x1, &[]), Vec::<i32>::new());
        assert_eq!(multiply(&x1, &[4, 5, 6]), vec![4, -10, 18]);
        assert_eq!(multiply(&[i32::MAX], &[2]), vec![-2], "integers wrap");
    }

    #[test]
    fn losses_sum_the_fused_differences() {
        let yhat = [0.5, 2.0, -1.0];
        let y = [1.0, 0.0, -1.0];
        assert_eq!(l1(&yhat, &y), 2.5);
        assert_eq!(l2(&yhat, &y), 4.25);
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
        let mut output = Vec::new();
        sigmoid(&input, &mut output);
        assert_eq!(output.len(), input.len(), "one output per input");
        for (&x, &s) in input.iter().zip(&output) {
            assert_eq!(s.to_bits(), sigmoid_scalar(x).to_bits(), "sigmoid({x})");
        }
        output.clear();
        sigmoid_derivative(&input, &mut output);
        for (&x, &ds) in input.iter().zip(&output) {
            let expected = sigmoid_derivative_scalar(x);
            assert_eq!(ds.to_bits(), expected.to_bits(), "derivative at {x}");
        }
    }

    /// Computes the softmax as the unfused code did: `max_or_nan`, `exp`,
    /// `sum` and a division.
    fn softmax_reference(row: &mut [f64]) {
        let row_max = row
            .iter()
            .fold(f64::NEG_INFINITY, |best, &value| best.max_or_nan(value));
        row.iter_mut()
            .for_each(|value| *value = (*value - row_max).exp());
        let total = sum(row);
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
            let squares: Vec<f64> = row.iter().map(|value| value * value).collect();
            let norm = sum(&squares).sqrt();
            let expected: Vec<f64> = row
                .iter()
                .map(|&value| if norm == 0.0 { 0.0 } else { value / norm })
                .collect();
            let mut actual = Vec::new();
            normalize_row(&row, &mut actual);
            assert_eq!(actual.len(), row.len(), "one output per input");
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
                let mut actual = Vec::new();
                softmax_reference(&mut expected);
                softmax_row(&values[..len], &mut actual);
                assert_eq!(actual.len(), len, "one output per input");
                let same = expected
                    .iter()
                    .zip(&actual)
                    .all(|(a, b)| a.to_bits() == b.to_bits());
                assert!(same, "{:?}", &values[..len]);
            }
        }
    }

    #[test]
    fn softmax_row_spans_several_blocks() {
        for len in [BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK + WIDE_LANES + 7] {
            let row: Vec<f64> = (0..len).map(|k| (k % 97) as f64 * 0.37 - 11.0).collect();
            let mut expected = row.clone();
            softmax_reference(&mut expected);
            let mut actual = vec![1.5];
            softmax_row(&row, &mut actual);
            assert_eq!(actual.len(), len + 1, "appended after the existing element");
            assert_eq!(actual[0], 1.5, "existing element kept");
            let same = expected
                .iter()
                .zip(&actual[1..])
                .all(|(a, b)| a.to_bits() == b.to_bits());
            assert!(same, "length {len}");
        }
    }
}

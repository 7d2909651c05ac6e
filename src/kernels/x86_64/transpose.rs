//! The sum of a transposed matrix and a row-major one with AVX2 shuffles.
//!
//! The output and the row-major operand `c` are walked along their rows.
//! The transposed operand `t` has the output's rows along its own rows,
//! so each of its lines gives one element to each of several output rows.
//! The kernels load square blocks of `t` as vectors, transpose them in
//! registers, and add each transposed line to a vector of `c`. A panel of
//! [`PANEL_F64`] or [`PANEL_F32`] output rows uses 64 bytes of each line
//! of `t`, one cache line, so `t` is read once from memory.
//!
//! Each output element is one IEEE addition of the same two elements as
//! in [`portable::add_transposed`], in the same operand order, so the bits
//! are the same. Shuffles only move values. The kernels use 256-bit AVX2
//! vectors on AVX-512 machines too, as the streamed products do, because
//! the loop is bound by memory.
//!
//! The intrinsics that only compute on registers are safe to call inside
//! a function compiled with their feature (Rust 1.87 and later), so
//! `unsafe` blocks surround only the loads, stores and prefetches, which
//! take raw pointers.
//!
//! [`portable::add_transposed`]: super::portable::add_transposed

use alloc::vec::Vec;
use core::arch::x86_64::{
    __m256, __m256d, _mm256_add_pd, _mm256_add_ps, _mm256_loadu_pd, _mm256_loadu_ps,
    _mm256_permute2f128_pd, _mm256_permute2f128_ps, _mm256_setzero_pd, _mm256_setzero_ps,
    _mm256_shuffle_ps, _mm256_storeu_pd, _mm256_storeu_ps, _mm256_unpackhi_pd, _mm256_unpackhi_ps,
    _mm256_unpacklo_pd, _mm256_unpacklo_ps,
};
use core::arch::x86_64::{
    _MM_HINT_T0, _mm_prefetch, _mm_sfence, _mm256_stream_pd, _mm256_stream_ps,
};

use super::stream;
use core::mem::MaybeUninit;

/// How many columns ahead the kernels prefetch the lines of `t`.
///
/// Consecutive lines of `t` are a whole row of the matrix apart, in
/// different pages, where the hardware prefetchers do not follow, so
/// without a hint each line is a wait for memory. The medians below are
/// from `cargo bench --bench ops transpose`, (1000, 1000), on the AMD EPYC
/// of BENCHMARKS.md, before the non-temporal stores of `f64`.
///
/// | columns ahead | `f32` | `f64` |
/// |---:|---:|---:|
/// | none | 445 us | 1284 us |
/// | 16 | 347 us | 961 us |
/// | 32 | 339 us | 971 us |
/// | 64 | 308 us | 895 us |
/// | 128 | 315 us | 1080 us |
const PREFETCH_COLUMNS: usize = 64;

/// The output rows of one panel in `f64`: 8 elements, one cache line of
/// each line of `t`, as two 4 x 4 blocks.
pub(super) const PANEL_F64: usize = 8;

/// The output rows of one panel in `f32`: 16 elements, one cache line of
/// each line of `t`, as two 8 x 8 blocks. Panels of 8 rows, which read
/// each line of `t` twice, took 396 us instead of 308 us for (1000, 1000)
/// on the machine of [`PREFETCH_COLUMNS`].
pub(super) const PANEL_F32: usize = 16;

/// Checks that `t` and `c` hold every element that a `rows x columns` sum
/// reads: `t[j * t_stride + i]` and `c[i * c_stride + j]`.
///
/// # Panics
///
/// If one of them is too short.
fn check_lengths<T>(
    t: &[T],
    t_stride: usize,
    c: &[T],
    c_stride: usize,
    [rows, columns]: [usize; 2],
) {
    if rows == 0 || columns == 0 {
        return;
    }
    let t_end = (columns - 1) * t_stride + rows;
    let c_end = (rows - 1) * c_stride + columns;
    assert!(
        t.len() >= t_end && c.len() >= c_end,
        "operands too short for the shape"
    );
}

/// Returns the transpose of four lines of four `f64`: element `k` of
/// output `i` is element `i` of input `k`.
#[target_feature(enable = "avx2")]
#[inline]
fn transpose_f64([r0, r1, r2, r3]: [__m256d; 4]) -> [__m256d; 4] {
    {
        // [r0.0 r1.0 r0.2 r1.2], [r0.1 r1.1 r0.3 r1.3], and so for r2, r3.
        let (low01, high01) = (_mm256_unpacklo_pd(r0, r1), _mm256_unpackhi_pd(r0, r1));
        let (low23, high23) = (_mm256_unpacklo_pd(r2, r3), _mm256_unpackhi_pd(r2, r3));
        [
            _mm256_permute2f128_pd::<0x20>(low01, low23),
            _mm256_permute2f128_pd::<0x20>(high01, high23),
            _mm256_permute2f128_pd::<0x31>(low01, low23),
            _mm256_permute2f128_pd::<0x31>(high01, high23),
        ]
    }
}

/// Returns the transpose of eight lines of eight `f32`.
#[target_feature(enable = "avx2")]
#[inline]
fn transpose_f32([r0, r1, r2, r3, r4, r5, r6, r7]: [__m256; 8]) -> [__m256; 8] {
    {
        // Pairs of lines: low01 = [r0.0 r1.0 r0.1 r1.1 | r0.4 r1.4 r0.5 r1.5],
        // high01 = [r0.2 r1.2 r0.3 r1.3 | r0.6 r1.6 r0.7 r1.7].
        let (low01, high01) = (_mm256_unpacklo_ps(r0, r1), _mm256_unpackhi_ps(r0, r1));
        let (low23, high23) = (_mm256_unpacklo_ps(r2, r3), _mm256_unpackhi_ps(r2, r3));
        let (low45, high45) = (_mm256_unpacklo_ps(r4, r5), _mm256_unpackhi_ps(r4, r5));
        let (low67, high67) = (_mm256_unpacklo_ps(r6, r7), _mm256_unpackhi_ps(r6, r7));
        // q0 to q3 hold column k of lines 0 to 3 in the low half and
        // column k + 4 in the high half. q4 to q7 do the same for lines 4
        // to 7.
        let q0 = _mm256_shuffle_ps::<0x44>(low01, low23);
        let q1 = _mm256_shuffle_ps::<0xEE>(low01, low23);
        let q2 = _mm256_shuffle_ps::<0x44>(high01, high23);
        let q3 = _mm256_shuffle_ps::<0xEE>(high01, high23);
        let q4 = _mm256_shuffle_ps::<0x44>(low45, low67);
        let q5 = _mm256_shuffle_ps::<0xEE>(low45, low67);
        let q6 = _mm256_shuffle_ps::<0x44>(high45, high67);
        let q7 = _mm256_shuffle_ps::<0xEE>(high45, high67);
        [
            _mm256_permute2f128_ps::<0x20>(q0, q4),
            _mm256_permute2f128_ps::<0x20>(q1, q5),
            _mm256_permute2f128_ps::<0x20>(q2, q6),
            _mm256_permute2f128_ps::<0x20>(q3, q7),
            _mm256_permute2f128_ps::<0x31>(q0, q4),
            _mm256_permute2f128_ps::<0x31>(q1, q5),
            _mm256_permute2f128_ps::<0x31>(q2, q6),
            _mm256_permute2f128_ps::<0x31>(q3, q7),
        ]
    }
}

/// Defines `$name::<T_FIRST>(t, t_stride, c, c_stride, shape, output)`,
/// which appends the sum of `t` transposed and `c` to `output`, as
/// [`super::portable::add_transposed`] (`T_FIRST`) or
/// [`super::portable::add_to_transposed`] does.
macro_rules! add_transposed_kernel {
    ($name:ident, $type:ty, $vector:ty, $lanes:literal, $panel:ident, $load:ident,
     $add:ident, $store:ident, $stream:ident, $may_stream:literal, $transpose:ident, $zero:ident) => {
        #[doc = concat!("Appends `t^T + c` of `", stringify!($type), "` to `output`, with `t`'s element first if `T_FIRST`.")]
        ///
        /// # Safety
        ///
        /// The CPU must support `avx2`.
        ///
        /// # Panics
        ///
        /// If a slice is too short for the shape and its stride.
        #[target_feature(enable = "avx2")]
        pub(super) unsafe fn $name<const T_FIRST: bool>(
            t: &[$type],
            t_stride: usize,
            c: &[$type],
            c_stride: usize,
            [rows, columns]: [usize; 2],
            output: &mut Vec<$type>,
        ) {
            check_lengths(t, t_stride, c, c_stride, [rows, columns]);
            let add = |x: $type, y: $type| if T_FIRST { x + y } else { y + x };
            let len = rows * columns;
            let start = output.len();
            output.reserve(len);
            let spare: &mut [MaybeUninit<$type>] = &mut output.spare_capacity_mut()[..len];

            // Large `f64` outputs go to memory with non-temporal stores,
            // as `stream` explains: for (1000, 1000) on the machine of
            // PREFETCH_COLUMNS, 700 us instead of 895 us. In `f32` they
            // made the same sum slower, 1.42 ms instead of 0.31 ms with
            // panels of 16 rows and 0.89 ms with panels of 8, so `f32`
            // keeps normal stores. The stores need every vector at a
            // multiple of 32 bytes: when a row is a whole number of
            // vectors long, the first `head` columns bring each row to
            // that boundary.
            let stream = $may_stream
                && stream::worth_streaming::<$type>(len)
                && columns % $lanes == 0;
            let head = if stream { spare.as_ptr().align_offset(32).min(columns) } else { 0 };
            let stream = stream && head < $lanes;
            let head = if stream { head } else { 0 };

            // 1. Panels of `$panel` rows: the `head` columns one by one,
            // blocks of `$lanes` columns with shuffles, then the columns
            // after the last whole block.
            let panel_rows = rows / $panel * $panel;
            let block_end = head + (columns - head) / $lanes * $lanes;
            for row_start in (0..panel_rows).step_by($panel) {
                for row in row_start..row_start + $panel {
                    for column in 0..head {
                        let sum = add(t[column * t_stride + row], c[row * c_stride + column]);
                        spare[row * columns + column].write(sum);
                    }
                }
                for column_start in (head..block_end).step_by($lanes) {
                    let ahead = column_start + PREFETCH_COLUMNS;
                    for column in ahead..(ahead + $lanes).min(columns) {
                        let first = column * t_stride + row_start;
                        for at in [first, first + $panel - 1] {
                            // SAFETY: a prefetch only hints the cache and
                            // never faults; `at` is inside `t` because
                            // `column < columns` and `row_start + $panel
                            // <= rows`, as check_lengths verified.
                            unsafe { _mm_prefetch::<_MM_HINT_T0>(t.as_ptr().add(at).cast::<i8>()) };
                        }
                    }
                    for block_row in (row_start..row_start + $panel).step_by($lanes) {
                        let mut lines = [$zero(); $lanes];
                        for (k, line) in lines.iter_mut().enumerate() {
                            let at = (column_start + k) * t_stride + block_row;
                            let run = &t[at..at + $lanes];
                            // SAFETY: `run` contains `$lanes` elements (a
                            // bounds-checked slice), so the unaligned load
                            // stays inside it. The CPU supports avx2, as
                            // the caller guarantees.
                            *line = unsafe { $load(run.as_ptr()) };
                        }
                        let sums = $transpose(lines);
                        for (i, &line) in sums.iter().enumerate() {
                            let row = block_row + i;
                            let at = row * c_stride + column_start;
                            let out = &mut spare[row * columns + column_start..][..$lanes];
                            // SAFETY: `c[at..at + $lanes]` and `out` each
                            // contain `$lanes` elements (bounds-checked
                            // slices), so the unaligned load and store stay
                            // inside them; a store into `MaybeUninit`
                            // needs no initialized value. The CPU supports
                            // avx2.
                            unsafe {
                                let other = $load(c[at..at + $lanes].as_ptr());
                                let sum = if T_FIRST { $add(line, other) } else { $add(other, line) };
                                let out = out.as_mut_ptr().cast::<$type>();
                                if stream {
                                    $stream(out, sum);
                                } else {
                                    $store(out, sum);
                                }
                            }
                        }
                    }
                }
                for row in row_start..row_start + $panel {
                    for column in block_end..columns {
                        let sum = add(t[column * t_stride + row], c[row * c_stride + column]);
                        spare[row * columns + column].write(sum);
                    }
                }
            }

            // 2. The rows after the last whole panel, element by element.
            for row in panel_rows..rows {
                for column in 0..columns {
                    let sum = add(t[column * t_stride + row], c[row * c_stride + column]);
                    spare[row * columns + column].write(sum);
                }
            }

            // SAFETY: steps 1 and 2 wrote every element `row * columns +
            // column` of the `len` spare ones: step 1 the rows below
            // `panel_rows`, in blocks of whole columns and then the last
            // columns, and step 2 the other rows. `reserve` made room for
            // them after the `start` elements already there. The fence has no
            // precondition, but Rust 1.89 still declares it unsafe.
            unsafe {
                if stream {
                    _mm_sfence();
                }
                output.set_len(start + len);
            }
        }
    };
}

add_transposed_kernel!(
    add_transposed_f64_avx2,
    f64,
    __m256d,
    4,
    PANEL_F64,
    _mm256_loadu_pd,
    _mm256_add_pd,
    _mm256_storeu_pd,
    _mm256_stream_pd,
    true,
    transpose_f64,
    _mm256_setzero_pd
);
add_transposed_kernel!(
    add_transposed_f32_avx2,
    f32,
    __m256,
    8,
    PANEL_F32,
    _mm256_loadu_ps,
    _mm256_add_ps,
    _mm256_storeu_ps,
    _mm256_stream_ps,
    false,
    transpose_f32,
    _mm256_setzero_ps
);

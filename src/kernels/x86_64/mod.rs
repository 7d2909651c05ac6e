//! The x86-64 kernels: the portable bodies compiled with AVX2 or AVX-512
//! enabled, and the dispatch that picks one at run time.
//!
//! With the `std` feature, `is_x86_feature_detected!` runs once and its
//! result is cached. Without `std`
//! there is no detection, so the choice is made at compile time from the
//! enabled target features (for example `-C target-cpu=native`), and the
//! portable kernels run otherwise.

use core::sync::atomic::{AtomicU8, Ordering};

use super::gemm::Kernel as GemmKernel;
use super::portable;

/// The instruction sets the kernels are compiled for, widest last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
enum Level {
    /// SSE2 only, which every x86-64 CPU has.
    Portable = 1,
    /// AVX2: 256-bit integer and float vectors.
    Avx2 = 2,
    /// AVX-512 Foundation: 512-bit vectors.
    Avx512 = 3,
}

/// The detected level, or 0 before the first detection. Every thread
/// computes the same value, so relaxed loads and stores suffice.
static LEVEL: AtomicU8 = AtomicU8::new(0);

/// Returns the widest level this CPU supports, detecting it on first use.
#[inline]
fn level() -> Level {
    match LEVEL.load(Ordering::Relaxed) {
        1 => Level::Portable,
        2 => Level::Avx2,
        3 => Level::Avx512,
        _ => {
            let detected = detect();
            LEVEL.store(detected as u8, Ordering::Relaxed);
            detected
        }
    }
}

/// Asks the CPU which of the levels it supports.
#[cfg(any(feature = "std", test))]
fn detect() -> Level {
    if std::is_x86_feature_detected!("avx512f") {
        Level::Avx512
    } else if std::is_x86_feature_detected!("avx2") {
        Level::Avx2
    } else {
        Level::Portable
    }
}

/// Returns the widest level enabled at compile time: without `std` the CPU
/// cannot be asked.
#[cfg(not(any(feature = "std", test)))]
fn detect() -> Level {
    if cfg!(target_feature = "avx512f") {
        Level::Avx512
    } else if cfg!(target_feature = "avx2") {
        Level::Avx2
    } else {
        Level::Portable
    }
}

/// Returns whether the CPU has fused multiply-adds on 256-bit vectors,
/// which the AVX2 tile kernel of the matrix product needs besides AVX2.
#[cfg(any(feature = "std", test))]
fn has_fma() -> bool {
    std::is_x86_feature_detected!("fma")
}

/// Returns whether FMA is enabled at compile time: without `std` the CPU
/// cannot be asked.
#[cfg(not(any(feature = "std", test)))]
fn has_fma() -> bool {
    cfg!(target_feature = "fma")
}

/// Calls the kernel `$kernel` of the widest module that `level()` allows.
macro_rules! dispatch {
    ($kernel:ident($($argument:expr),*)) => {
        match level() {
            // SAFETY: level() returns Avx512 only if avx512f was detected
            // on this CPU, or enabled at compile time in a no_std build.
            Level::Avx512 => unsafe { avx512::$kernel($($argument),*) },
            // SAFETY: level() returns Avx2 only if avx2 was detected on
            // this CPU, or enabled at compile time in a no_std build.
            Level::Avx2 => unsafe { avx2::$kernel($($argument),*) },
            Level::Portable => portable_kernels::$kernel($($argument),*),
        }
    };
}

/// Defines the typed kernels of one instruction set: each is a portable
/// body instantiated for `f64` or `f32` inside a function compiled with
/// `$features` enabled.
macro_rules! isa_kernels {
    ($features:literal, $($name:ident: $body:ident<$type:ty>($($argument:ident: $argument_type:ty),*) -> $output:ty;)*) => {$(
        #[doc = concat!("[`portable::", stringify!($body), "`] for `", stringify!($type), "`, compiled with `", $features, "`.")]
        ///
        /// # Safety
        ///
        #[doc = concat!("The CPU must support `", $features, "`.")]
        #[target_feature(enable = $features)]
        pub(super) unsafe fn $name($($argument: $argument_type),*) -> $output {
            crate::kernels::portable::$body::<$type>($($argument),*)
        }
    )*};
}

/// Invokes `$macro` with the list of typed kernels, so that every module
/// defines the same set.
///
/// Each entry names its return type, `()` for the kernels that write to an
/// output slice, so that all three macros can forward the result.
macro_rules! with_kernel_list {
    ($macro:ident!($($prefix:tt)*)) => {
        $macro!($($prefix)*
            sigmoid_f64: sigmoid<f64>(input: &[f64], output: &mut alloc::vec::Vec<f64>) -> ();
            sigmoid_f32: sigmoid<f32>(input: &[f32], output: &mut alloc::vec::Vec<f32>) -> ();
            sigmoid_derivative_f64: sigmoid_derivative<f64>(input: &[f64], output: &mut alloc::vec::Vec<f64>) -> ();
            sigmoid_derivative_f32: sigmoid_derivative<f32>(input: &[f32], output: &mut alloc::vec::Vec<f32>) -> ();
            softmax_row_f64: softmax_row<f64>(row: &[f64], output: &mut alloc::vec::Vec<f64>) -> ();
            softmax_row_f32: softmax_row<f32>(row: &[f32], output: &mut alloc::vec::Vec<f32>) -> ();
            normalize_row_f64: normalize_row<f64>(row: &[f64], output: &mut alloc::vec::Vec<f64>) -> ();
            normalize_row_f32: normalize_row<f32>(row: &[f32], output: &mut alloc::vec::Vec<f32>) -> ();
            sum_f64: sum<f64>(values: &[f64]) -> f64;
            sum_f32: sum<f32>(values: &[f32]) -> f32;
            add_rows_f64: add_rows<f64>(sums: &mut [f64], rows: &[f64]) -> ();
            add_rows_f32: add_rows<f32>(sums: &mut [f32], rows: &[f32]) -> ();
            sum_rows_f64: sum_rows<f64>(values: &[f64], row_len: usize, output: &mut [f64]) -> ();
            sum_rows_f32: sum_rows<f32>(values: &[f32], row_len: usize, output: &mut [f32]) -> ();
            dot_f64: dot<f64>(a: &[f64], b: &[f64]) -> f64;
            dot_f32: dot<f32>(a: &[f32], b: &[f32]) -> f32;
            l1_f64: l1<f64>(yhat: &[f64], y: &[f64]) -> f64;
            l1_f32: l1<f32>(yhat: &[f32], y: &[f32]) -> f32;
            l2_f64: l2<f64>(yhat: &[f64], y: &[f64]) -> f64;
            l2_f32: l2<f32>(yhat: &[f32], y: &[f32]) -> f32;
            matvec_f64: matvec<f64>(matrix: &[f64], x: &[f64], output: &mut [f64]) -> ();
            matvec_f32: matvec<f32>(matrix: &[f32], x: &[f32], output: &mut [f32]) -> ();
            outer_f64: outer<f64>(x1: &[f64], x2: &[f64]) -> alloc::vec::Vec<f64>;
            outer_f32: outer<f32>(x1: &[f32], x2: &[f32]) -> alloc::vec::Vec<f32>;
            multiply_cached_f64: multiply<f64>(a: &[f64], b: &[f64]) -> alloc::vec::Vec<f64>;
            multiply_cached_f32: multiply<f32>(a: &[f32], b: &[f32]) -> alloc::vec::Vec<f32>;
        );
    };
}

/// The portable bodies as typed functions, the fallback of `dispatch!`.
mod portable_kernels {
    #![forbid(unsafe_code)]

    use super::portable;

    /// Defines one safe typed function per kernel.
    macro_rules! portable_kernels {
        ($($name:ident: $body:ident<$type:ty>($($argument:ident: $argument_type:ty),*) -> $output:ty;)*) => {$(
            #[doc = concat!("[`portable::", stringify!($body), "`] for `", stringify!($type), "`.")]
            pub(super) fn $name($($argument: $argument_type),*) -> $output {
                portable::$body::<$type>($($argument),*)
            }
        )*};
    }

    with_kernel_list!(portable_kernels!());
}

/// Defines the public dispatching wrapper of each typed kernel.
macro_rules! dispatched_kernels {
    ($($name:ident: $body:ident<$type:ty>($($argument:ident: $argument_type:ty),*) -> $output:ty;)*) => {$(
        #[doc = concat!("[`portable::", stringify!($body), "`] for `", stringify!($type), "` on the widest instruction set available.")]
        pub(crate) fn $name($($argument: $argument_type),*) -> $output {
            dispatch!($name($($argument),*))
        }
    )*};
}

with_kernel_list!(dispatched_kernels!());

/// Returns the elementwise product `a[i] * b[i]` of two `f64` slices:
/// outputs of at least [`stream::MIN_BYTES`] with non-temporal AVX2
/// stores on AVX-512 or AVX2 machines, others with
/// [`multiply_cached_f64`].
pub(crate) fn multiply_f64(a: &[f64], b: &[f64]) -> alloc::vec::Vec<f64> {
    if !stream::worth_streaming::<f64>(a.len()) {
        return multiply_cached_f64(a, b);
    }
    match level() {
        // SAFETY: level() returns Avx512 or Avx2 only if avx512f or avx2
        // was detected on this CPU, or enabled at compile time in a no_std
        // build. rustc enables avx2 with avx512f, so the AVX-512 kernels
        // may contain AVX2 instructions already.
        Level::Avx512 | Level::Avx2 => unsafe { stream::multiply_f64_avx2(a, b) },
        Level::Portable => portable_kernels::multiply_cached_f64(a, b),
    }
}

/// Returns the elementwise product of two `f32` slices, stored as
/// [`multiply_f64`] stores it.
pub(crate) fn multiply_f32(a: &[f32], b: &[f32]) -> alloc::vec::Vec<f32> {
    if !stream::worth_streaming::<f32>(a.len()) {
        return multiply_cached_f32(a, b);
    }
    match level() {
        // SAFETY: as in `multiply_f64`, both levels mean avx2 is available.
        Level::Avx512 | Level::Avx2 => unsafe { stream::multiply_f32_avx2(a, b) },
        Level::Portable => portable_kernels::multiply_cached_f32(a, b),
    }
}

/// Defines the dispatching wrapper of one sum of a transposed and a
/// row-major operand: [`transpose`]'s AVX2 kernel on AVX-512 or AVX2
/// machines, the portable body otherwise.
macro_rules! transposed_sum {
    ($name:ident, $body:ident, $kernel:ident, $type:ty, $t_first:literal) => {
        #[doc = concat!("[`portable::", stringify!($body), "`] for `", stringify!($type), "` with AVX2 shuffles when the CPU has them.")]
        pub(crate) fn $name(
            t: &[$type],
            t_stride: usize,
            c: &[$type],
            c_stride: usize,
            shape: [usize; 2],
            output: &mut alloc::vec::Vec<$type>,
        ) {
            match level() {
                // SAFETY: level() returns Avx512 or Avx2 only if avx512f or
                // avx2 was detected on this CPU, or enabled at compile time
                // in a no_std build. rustc enables avx2 with avx512f.
                Level::Avx512 | Level::Avx2 => unsafe {
                    transpose::$kernel::<$t_first>(t, t_stride, c, c_stride, shape, output)
                },
                Level::Portable => portable::$body(t, t_stride, c, c_stride, shape, output),
            }
        }
    };
}

transposed_sum!(
    add_transposed_f64,
    add_transposed,
    add_transposed_f64_avx2,
    f64,
    true
);
transposed_sum!(
    add_transposed_f32,
    add_transposed,
    add_transposed_f32_avx2,
    f32,
    true
);
transposed_sum!(
    add_to_transposed_f64,
    add_to_transposed,
    add_transposed_f64_avx2,
    f64,
    false
);
transposed_sum!(
    add_to_transposed_f32,
    add_to_transposed,
    add_transposed_f32_avx2,
    f32,
    false
);

/// Returns the widest tile kernel of the matrix product for `f32` that
/// this CPU runs, with its block sizes `[rows, depth, columns]`.
///
/// The depth block keeps a sliver of the left operand (12 x 384 x 4
/// bytes, 18 KiB) in a 32 KiB L1 data cache while the slivers of the
/// right operand stream past it. The packed right block (384 x 512 x 4
/// bytes, 768 KiB) stays in a 1 MiB L2 cache, and the left block (480 x
/// 384 x 4 bytes, 720 KiB) in the L3 cache. On the AMD EPYC of
/// BENCHMARKS.md, row blocks from 480 to 4800 rows, and for `f64` depth
/// blocks from 128 to 320, ran within the noise of each other at 1024 x
/// 1024. The smallest row block keeps the least memory in each thread's
/// workspace.
pub(crate) fn gemm_kernel_f32() -> GemmKernel<f32> {
    match level() {
        // SAFETY: level() returns Avx512 only if avx512f was detected on
        // this CPU, or enabled at compile time in a no_std build.
        Level::Avx512 => unsafe { gemm::kernel_f32_avx512([12 * 40, 384, 512]) },
        // SAFETY: level() returns Avx2 only if avx2 is available, and
        // has_fma() only if fma is.
        Level::Avx2 if has_fma() => unsafe { gemm::kernel_f32_avx2([6 * 80, 384, 512]) },
        _ => crate::kernels::gemm::portable::kernel(),
    }
}

/// Returns the widest tile kernel of the matrix product for `f64` that
/// this CPU runs, with block sizes chosen as for [`gemm_kernel_f32`].
/// A sliver of the left operand takes 12 x 256 x 8 bytes (24 KiB), a
/// right block 256 x 384 x 8 bytes (768 KiB), and a left block 480 x 256
/// x 8 bytes (960 KiB).
pub(crate) fn gemm_kernel_f64() -> GemmKernel<f64> {
    match level() {
        // SAFETY: as in `gemm_kernel_f32`.
        Level::Avx512 => unsafe { gemm::kernel_f64_avx512([12 * 40, 256, 384]) },
        // SAFETY: as in `gemm_kernel_f32`.
        Level::Avx2 if has_fma() => unsafe { gemm::kernel_f64_avx2([6 * 80, 256, 384]) },
        _ => crate::kernels::gemm::portable::kernel(),
    }
}

/// Returns every tile kernel of the matrix product for `f32` that this
/// CPU runs, named, so that tests can run each one.
#[cfg(test)]
pub(crate) fn gemm_kernels_f32() -> alloc::vec::Vec<(&'static str, GemmKernel<f32>)> {
    let mut kernels = alloc::vec![("portable", crate::kernels::gemm::portable::kernel())];
    if std::is_x86_feature_detected!("avx2") && has_fma() {
        // SAFETY: avx2 and fma were detected on this CPU.
        kernels.push(("avx2", unsafe { gemm::kernel_f32_avx2([48, 64, 64]) }));
    }
    if std::is_x86_feature_detected!("avx512f") {
        // SAFETY: avx512f was detected on this CPU.
        kernels.push(("avx512", unsafe { gemm::kernel_f32_avx512([48, 64, 64]) }));
    }
    kernels
}

/// Returns every tile kernel of the matrix product for `f64` that this
/// CPU runs, as [`gemm_kernels_f32`] does.
#[cfg(test)]
pub(crate) fn gemm_kernels_f64() -> alloc::vec::Vec<(&'static str, GemmKernel<f64>)> {
    let mut kernels = alloc::vec![("portable", crate::kernels::gemm::portable::kernel())];
    if std::is_x86_feature_detected!("avx2") && has_fma() {
        // SAFETY: avx2 and fma were detected on this CPU.
        kernels.push(("avx2", unsafe { gemm::kernel_f64_avx2([48, 64, 64]) }));
    }
    if std::is_x86_feature_detected!("avx512f") {
        // SAFETY: avx512f was detected on this CPU.
        kernels.push(("avx512", unsafe { gemm::kernel_f64_avx512([48, 64, 64]) }));
    }
    kernels
}

/// Checks for the ISA modules: every kernel against its portable version.
#[cfg(test)]
mod checks {
    use alloc::vec::Vec;

    /// The widest vector has 16 `f32` lanes, and three of them plus one cover a
    /// full vector loop, the remainder paths and every tail length.
    pub(super) const MAX_LEN: usize = 3 * 16 + 1;

    /// Inputs with every special case of `exp` near the front, then values
    /// spread over the range where the sigmoid and softmax change.
    pub(super) fn inputs(len: usize) -> Vec<f64> {
        let special = [
            0.0,
            -0.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            800.0,
            -800.0,
            709.9,
            -745.5,
            1e-310,
            -104.0,
            89.0,
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut values: Vec<f64> = special.to_vec();
        while values.len() < len {
            // A 64-bit xorshift generator (Marsaglia, 2003) for reproducible values.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let unit = (state >> 11) as f64 / (1u64 << 53) as f64;
            values.push(80.0 * unit - 40.0);
        }
        values.truncate(len);
        values
    }

    /// Runs an elementwise kernel and its reference on every length up to
    /// `MAX_LEN` at the offsets 0 to 7 into a buffer, and requires the same
    /// bits. The kernels append to an output that already contains `offset`
    /// elements, so that the output is misaligned as the input is.
    pub(super) fn elementwise_matches<T: Copy + Default + PartialEq>(
        name: &str,
        from_f64: impl Fn(f64) -> T,
        to_bits: impl Fn(T) -> u64,
        kernel: impl Fn(&[T], &mut Vec<T>),
        reference: impl Fn(&[T], &mut Vec<T>),
    ) {
        let buffer: Vec<T> = inputs(MAX_LEN + 8).into_iter().map(from_f64).collect();
        for offset in 0..8 {
            for len in 0..=MAX_LEN {
                let input = &buffer[offset..offset + len];
                let mut expected = alloc::vec![T::default(); offset];
                let mut actual = alloc::vec![T::default(); offset];
                reference(input, &mut expected);
                kernel(input, &mut actual);
                assert_eq!(actual.len(), offset + len, "{name}, length {len}");
                let same = expected
                    .iter()
                    .zip(&actual)
                    .all(|(&a, &b)| to_bits(a) == to_bits(b));
                assert!(same, "{name}, length {len}, offset {offset}");
            }
        }
    }

    /// Like [`elementwise_matches`] for a kernel that rewrites one row.
    pub(super) fn row_matches<T: Copy>(
        name: &str,
        from_f64: impl Fn(f64) -> T,
        to_bits: impl Fn(T) -> u64,
        kernel: impl Fn(&[T], &mut Vec<T>),
        reference: impl Fn(&[T], &mut Vec<T>),
    ) {
        let all: Vec<T> = inputs(MAX_LEN + 8).into_iter().map(from_f64).collect();
        // Rows without the special values too, or every row would be NaN.
        let finite: Vec<T> = all[12..].to_vec();
        for buffer in [&all, &finite] {
            for offset in 0..8 {
                for len in 0..=(buffer.len() - 8).min(MAX_LEN) {
                    let row = &buffer[offset..offset + len];
                    let mut expected = buffer[..offset].to_vec();
                    let mut actual = expected.clone();
                    reference(row, &mut expected);
                    kernel(row, &mut actual);
                    assert_eq!(actual.len(), offset + len, "{name}, length {len}");
                    let same = expected
                        .iter()
                        .zip(&actual)
                        .all(|(&a, &b)| to_bits(a) == to_bits(b));
                    assert!(same, "{name}, length {len}, offset {offset}");
                }
            }
        }
    }

    /// A float type of the kernels, for the checks of the kernels over two
    /// slices.
    pub(super) trait Sample: Copy + Default {
        /// Converts a test input.
        fn from_f64(value: f64) -> Self;

        /// Returns the bits widened to `u64`, with one pattern for every
        /// NaN. Which NaN an operation on two NaNs returns depends on the
        /// order of its operands, which the compiler may swap in a vector
        /// addition, so only whether a result is NaN is fixed.
        fn bits(self) -> u64;
    }

    impl Sample for f64 {
        fn from_f64(value: f64) -> Self {
            value
        }

        fn bits(self) -> u64 {
            if self.is_nan() {
                u64::MAX
            } else {
                self.to_bits()
            }
        }
    }

    impl Sample for f32 {
        fn from_f64(value: f64) -> Self {
            value as f32
        }

        fn bits(self) -> u64 {
            if self.is_nan() {
                u64::MAX
            } else {
                u64::from(self.to_bits())
            }
        }
    }

    /// The maximum slice length in the checks of sums over two slices: three
    /// full passes of the 32 accumulators plus one, so that every tail
    /// length and several passes of the vector loop run.
    pub(super) const PAIR_MAX_LEN: usize = 3 * crate::kernels::portable::WIDE_LANES + 1;

    /// The maximum row count in the `matvec` checks: two full passes of four rows
    /// and every count of leftover rows.
    const MATVEC_MAX_ROWS: usize = 2 * 4 + 3;

    /// Two operand buffers of at least `len` elements with 8 spare ones for
    /// the offsets: the first with the special values of [`inputs`] at the
    /// front, the second finite and in another order.
    fn operands<T: Sample>(len: usize) -> (Vec<T>, Vec<T>) {
        let all = inputs(len + 20);
        let first = all[..len + 8].iter().map(|&value| T::from_f64(value));
        let second = all[12..].iter().rev().map(|&value| T::from_f64(value));
        (first.collect(), second.collect())
    }

    /// Returns whether two slices hold the same values, NaNs as one value.
    fn same_values<T: Sample>(expected: &[T], actual: &[T]) -> bool {
        expected.len() == actual.len()
            && expected
                .iter()
                .zip(actual)
                .all(|(a, b)| a.bits() == b.bits())
    }

    /// Runs a sum over two slices and its reference on every length up to
    /// [`PAIR_MAX_LEN`] at the offsets 0 to 7, with and without the special
    /// values, and requires the same result.
    pub(super) fn pair_sum_matches<T: Sample>(
        name: &str,
        kernel: impl Fn(&[T], &[T]) -> T,
        reference: impl Fn(&[T], &[T]) -> T,
    ) {
        let (special, finite) = operands::<T>(PAIR_MAX_LEN);
        for first in [&special, &finite] {
            for offset in 0..8 {
                for len in 0..=PAIR_MAX_LEN {
                    let a = &first[offset..offset + len];
                    let b = &finite[offset..offset + len];
                    let (expected, actual) = (reference(a, b), kernel(a, b));
                    let same = expected.bits() == actual.bits();
                    assert!(same, "{name}, length {len}, offset {offset}");
                }
            }
        }
    }

    /// Runs a sum over one slice and its reference on every length up to
    /// [`PAIR_MAX_LEN`] at the offsets 0 to 7, with and without the special
    /// values, and requires the same result.
    pub(super) fn slice_sum_matches<T: Sample>(
        name: &str,
        kernel: impl Fn(&[T]) -> T,
        reference: impl Fn(&[T]) -> T,
    ) {
        let (special, finite) = operands::<T>(PAIR_MAX_LEN);
        for buffer in [&special, &finite] {
            for offset in 0..8 {
                for len in 0..=PAIR_MAX_LEN {
                    let values = &buffer[offset..offset + len];
                    let same = reference(values).bits() == kernel(values).bits();
                    assert!(same, "{name}, length {len}, offset {offset}");
                }
            }
        }
    }

    /// Runs a kernel that adds rows into sums and its reference on every
    /// row length up to `MAX_LEN` and 1 to 9 rows, at the offsets 0 to 7,
    /// with and without the special values, and requires the same sums.
    pub(super) fn rows_sum_matches<T: Sample>(
        name: &str,
        kernel: impl Fn(&mut [T], &[T]),
        reference: impl Fn(&mut [T], &[T]),
    ) {
        let (special, finite) = operands::<T>(9 * MAX_LEN);
        for buffer in [&special, &finite] {
            for offset in 0..8 {
                for columns in 1..=MAX_LEN {
                    for rows in 1..=9 {
                        let input = &buffer[offset..offset + rows * columns];
                        let mut expected = finite[..columns].to_vec();
                        let mut actual = expected.clone();
                        reference(&mut expected, input);
                        kernel(&mut actual, input);
                        let same = same_values(&expected, &actual);
                        assert!(same, "{name}, {rows}x{columns}, offset {offset}");
                    }
                }
            }
        }
    }

    /// Runs a kernel that sums rows and its reference on every row length
    /// up to `MAX_LEN` and 0 to 9 rows, at the offsets 0 to 7, with and
    /// without the special values, and requires the same sums.
    pub(super) fn row_sums_match<T: Sample>(
        name: &str,
        kernel: impl Fn(&[T], usize, &mut [T]),
        reference: impl Fn(&[T], usize, &mut [T]),
    ) {
        let (special, finite) = operands::<T>(9 * MAX_LEN);
        for buffer in [&special, &finite] {
            for offset in 0..8 {
                for row_len in 0..=MAX_LEN {
                    for rows in 0..=9 {
                        let input = &buffer[offset..offset + rows * row_len];
                        let mut expected = alloc::vec![T::default(); rows];
                        let mut actual = expected.clone();
                        reference(input, row_len, &mut expected);
                        kernel(input, row_len, &mut actual);
                        let same = same_values(&expected, &actual);
                        assert!(same, "{name}, {rows}x{row_len}, offset {offset}");
                    }
                }
            }
        }
    }

    /// Runs a kernel that returns a new vector from two slices (`multiply`
    /// or `outer`) and its reference on every length up to `MAX_LEN` at
    /// the offsets 0 to 7. The first operand has `first_len(len)` elements
    /// when the second has `len`.
    pub(super) fn binary_matches<T: Sample>(
        name: &str,
        first_len: impl Fn(usize) -> usize,
        kernel: impl Fn(&[T], &[T]) -> Vec<T>,
        reference: impl Fn(&[T], &[T]) -> Vec<T>,
    ) {
        let (first, second) = operands::<T>(MAX_LEN);
        for offset in 0..8 {
            for len in 0..=MAX_LEN {
                let a = &first[offset..offset + first_len(len)];
                let b = &second[offset..offset + len];
                assert!(
                    same_values(&reference(a, b), &kernel(a, b)),
                    "{name}, length {len}, offset {offset}"
                );
            }
        }
    }

    /// Runs a `matvec` kernel and its reference on every column count up
    /// to [`PAIR_MAX_LEN`] and every row count up to `MATVEC_MAX_ROWS`, at
    /// the offsets 0 to 7, and requires the same outputs.
    pub(super) fn matvec_matches<T: Sample>(
        name: &str,
        kernel: impl Fn(&[T], &[T], &mut [T]),
        reference: impl Fn(&[T], &[T], &mut [T]),
    ) {
        let (matrices, vectors) = operands::<T>(MATVEC_MAX_ROWS * PAIR_MAX_LEN);
        for offset in 0..8 {
            for columns in 0..=PAIR_MAX_LEN {
                for rows in 0..=MATVEC_MAX_ROWS {
                    let matrix = &matrices[offset..offset + rows * columns];
                    let x = &vectors[offset..offset + columns];
                    let mut expected = alloc::vec![T::default(); offset + rows];
                    let mut actual = expected.clone();
                    reference(matrix, x, &mut expected[offset..]);
                    kernel(matrix, x, &mut actual[offset..]);
                    let same = same_values(&expected, &actual);
                    assert!(same, "{name}, {rows}x{columns}, offset {offset}");
                }
            }
        }
    }
}

/// Defines one test per kernel of an ISA module, comparing it with the
/// portable kernel when the CPU supports `$feature`.
#[cfg(test)]
macro_rules! isa_tests {
    ($feature:tt) => {
        #[cfg(test)]
        mod tests {
            use super::super::checks::{
                binary_matches, elementwise_matches, matvec_matches, pair_sum_matches, row_matches,
                row_sums_match, rows_sum_matches, slice_sum_matches,
            };
            use super::super::portable_kernels as reference;

            /// Converts an `f64` test input to `f32`.
            fn to_f32(value: f64) -> f32 {
                value as f32
            }

            /// Returns the bits of an `f32` widened to `u64`.
            fn bits_f32(value: f32) -> u64 {
                u64::from(value.to_bits())
            }

            /// Returns true if this CPU can run the module under test.
            fn supported() -> bool {
                std::is_x86_feature_detected!($feature)
            }

            /// Defines a test of an elementwise kernel.
            macro_rules! elementwise {
                ($name:ident, $convert:expr, $bits:expr) => {
                    #[test]
                    fn $name() {
                        if !supported() {
                            return;
                        }
                        elementwise_matches(
                            stringify!($name),
                            $convert,
                            $bits,
                            // SAFETY: supported() found the feature on this CPU.
                            |input, output| unsafe { super::$name(input, output) },
                            reference::$name,
                        );
                    }
                };
            }

            elementwise!(sigmoid_f64, |value| value, f64::to_bits);
            elementwise!(sigmoid_f32, to_f32, bits_f32);
            elementwise!(sigmoid_derivative_f64, |value| value, f64::to_bits);
            elementwise!(sigmoid_derivative_f32, to_f32, bits_f32);

            /// Defines a test of a kernel that rewrites one row.
            macro_rules! row {
                ($name:ident, $convert:expr, $bits:expr) => {
                    #[test]
                    fn $name() {
                        if !supported() {
                            return;
                        }
                        row_matches(
                            stringify!($name),
                            $convert,
                            $bits,
                            // SAFETY: supported() found the feature on this CPU.
                            |row, output| unsafe { super::$name(row, output) },
                            reference::$name,
                        );
                    }
                };
            }

            row!(softmax_row_f64, |value| value, f64::to_bits);
            row!(softmax_row_f32, to_f32, bits_f32);
            row!(normalize_row_f64, |value| value, f64::to_bits);
            row!(normalize_row_f32, to_f32, bits_f32);

            /// Defines a test of a sum over two slices.
            macro_rules! pair_sum {
                ($name:ident) => {
                    #[test]
                    fn $name() {
                        if !supported() {
                            return;
                        }
                        pair_sum_matches(
                            stringify!($name),
                            // SAFETY: supported() found the feature on this CPU.
                            |a, b| unsafe { super::$name(a, b) },
                            reference::$name,
                        );
                    }
                };
            }

            /// Defines a test of a sum over one slice.
            macro_rules! slice_sum {
                ($name:ident) => {
                    #[test]
                    fn $name() {
                        if !supported() {
                            return;
                        }
                        slice_sum_matches(
                            stringify!($name),
                            // SAFETY: supported() found the feature on this CPU.
                            |values| unsafe { super::$name(values) },
                            reference::$name,
                        );
                    }
                };
            }

            slice_sum!(sum_f64);
            slice_sum!(sum_f32);

            /// Defines a test of a kernel that adds rows into sums.
            macro_rules! rows_sum {
                ($name:ident) => {
                    #[test]
                    fn $name() {
                        if !supported() {
                            return;
                        }
                        rows_sum_matches(
                            stringify!($name),
                            // SAFETY: supported() found the feature on this CPU.
                            |sums, rows| unsafe { super::$name(sums, rows) },
                            reference::$name,
                        );
                    }
                };
            }

            rows_sum!(add_rows_f64);
            rows_sum!(add_rows_f32);

            /// Defines a test of a kernel that sums each row.
            macro_rules! row_sums {
                ($name:ident) => {
                    #[test]
                    fn $name() {
                        if !supported() {
                            return;
                        }
                        row_sums_match(
                            stringify!($name),
                            // SAFETY: supported() found the feature on this CPU.
                            |values, row_len, output| unsafe {
                                super::$name(values, row_len, output)
                            },
                            reference::$name,
                        );
                    }
                };
            }

            row_sums!(sum_rows_f64);
            row_sums!(sum_rows_f32);

            pair_sum!(dot_f64);
            pair_sum!(dot_f32);
            pair_sum!(l1_f64);
            pair_sum!(l1_f32);
            pair_sum!(l2_f64);
            pair_sum!(l2_f32);

            /// Defines a test of an elementwise product or an outer product:
            /// the first operand of `outer` takes the lengths 0 to 3.
            macro_rules! binary {
                ($name:ident, $first_len:expr) => {
                    #[test]
                    fn $name() {
                        if !supported() {
                            return;
                        }
                        binary_matches(
                            stringify!($name),
                            $first_len,
                            // SAFETY: supported() found the feature on this CPU.
                            |a, b| unsafe { super::$name(a, b) },
                            reference::$name,
                        );
                    }
                };
            }

            binary!(multiply_cached_f64, |len| len);
            binary!(multiply_cached_f32, |len| len);
            binary!(outer_f64, |len| len % 4);
            binary!(outer_f32, |len| len % 4);

            /// Defines a test of a matrix-vector product.
            macro_rules! matvec {
                ($name:ident) => {
                    #[test]
                    fn $name() {
                        if !supported() {
                            return;
                        }
                        matvec_matches(
                            stringify!($name),
                            // SAFETY: supported() found the feature on this CPU.
                            |matrix, x, output| unsafe { super::$name(matrix, x, output) },
                            reference::$name,
                        );
                    }
                };
            }

            matvec!(matvec_f64);
            matvec!(matvec_f32);

            /// Checks every `f32` bit pattern, NaNs included, in blocks of 2^20.
            #[test]
            #[ignore = "4 billion inputs: run with --release -- --ignored"]
            fn sigmoid_f32_every_input() {
                if !supported() {
                    return;
                }
                const BLOCK: u32 = 1 << 20;
                let mut expected = Vec::with_capacity(BLOCK as usize);
                let mut actual = Vec::with_capacity(BLOCK as usize);
                for block_start in (0..=u32::MAX).step_by(BLOCK as usize) {
                    let input: Vec<f32> = (block_start..=block_start + (BLOCK - 1))
                        .map(f32::from_bits)
                        .collect();
                    // The kernels append, so each block starts from empty outputs.
                    expected.clear();
                    actual.clear();
                    reference::sigmoid_f32(&input, &mut expected);
                    // SAFETY: supported() found the feature on this CPU.
                    unsafe { super::sigmoid_f32(&input, &mut actual) };
                    assert_eq!(actual.len(), input.len(), "one output per input");
                    let same = expected
                        .iter()
                        .zip(&actual)
                        .all(|(a, b)| a.to_bits() == b.to_bits());
                    assert!(same, "block starting at bits {block_start:#x}");
                }
            }
        }
    };
}

// Declared after the macros, which are then in scope inside them.
mod avx2;
mod avx512;
mod gemm;
mod stream;
mod transpose;

#[cfg(test)]
mod stream_tests {
    use super::checks::{MAX_LEN, binary_matches};
    use super::{portable_kernels as reference, stream};

    /// Defines a test of a streamed product against the portable kernel,
    /// on every length up to `MAX_LEN` at offsets 0 to 7, and on a few
    /// lengths around whole vectors at each of the first 16 offsets.
    macro_rules! streamed {
        ($name:ident, $kernel:ident, $reference:ident, $feature:tt) => {
            #[test]
            fn $name() {
                if !std::is_x86_feature_detected!($feature) {
                    return;
                }
                // SAFETY: the CPU supports the feature, checked above.
                let kernel = |a: &[_], b: &[_]| unsafe { stream::$kernel(a, b) };
                binary_matches(stringify!($name), |len| len, kernel, reference::$reference);
                let a: alloc::vec::Vec<_> = (0..MAX_LEN as u16 * 9).map(|k| k.into()).collect();
                let b: alloc::vec::Vec<_> = a.iter().map(|&x| x * 0.5 - 3.0).collect();
                for offset in 0..16 {
                    for len in [63, 64, 65, 127, 128, 129, 200, 301] {
                        let (a, b) = (&a[offset..offset + len], &b[offset..offset + len]);
                        let expected = reference::$reference(a, b);
                        assert_eq!(kernel(a, b), expected, "length {len}, offset {offset}");
                    }
                }
            }
        };
    }

    streamed!(
        streamed_f64_avx2,
        multiply_f64_avx2,
        multiply_cached_f64,
        "avx2"
    );
    streamed!(
        streamed_f32_avx2,
        multiply_f32_avx2,
        multiply_cached_f32,
        "avx2"
    );

    #[test]
    fn dispatched_products_match_above_the_threshold() {
        let len = stream::MIN_BYTES / 8 + 3;
        assert!(stream::worth_streaming::<f64>(len));
        let a: alloc::vec::Vec<f64> = (0..len).map(|k| k as f64 * 0.25 - 7.0).collect();
        let b: alloc::vec::Vec<f64> = (0..len).map(|k| (k % 97) as f64 - 48.5).collect();
        assert_eq!(
            super::multiply_f64(&a, &b),
            reference::multiply_cached_f64(&a, &b)
        );

        let len = stream::MIN_BYTES / 4 + 5;
        assert!(stream::worth_streaming::<f32>(len));
        let a: alloc::vec::Vec<f32> = (0..len).map(|k| (k % 1031) as f32 * 0.5).collect();
        let b: alloc::vec::Vec<f32> = (0..len).map(|k| (k % 89) as f32 - 44.25).collect();
        assert_eq!(
            super::multiply_f32(&a, &b),
            reference::multiply_cached_f32(&a, &b)
        );
    }
}

#[cfg(test)]
mod transpose_tests {
    use alloc::vec::Vec;

    use super::checks::{Sample, inputs};
    use super::{portable, transpose};

    /// Shapes with every remainder of the panels and blocks, empty ones,
    /// and two large enough for non-temporal stores in `f64`: one whose
    /// rows are whole vectors and one whose rows are not.
    const SHAPES: [[usize; 2]; 16] = [
        [0, 5],
        [5, 0],
        [1, 1],
        [1, 17],
        [17, 1],
        [2, 2],
        [13, 29],
        [33, 65],
        [100, 7],
        [16, 16],
        [8, 4],
        [15, 33],
        [40, 24],
        [47, 130],
        [520, 760],
        [521, 757],
    ];

    /// Runs one AVX2 kernel against the portable bodies on every shape of
    /// [`SHAPES`], with padded strides, offsets into the buffers, a non-empty
    /// output before the sums, and both operand orders.
    fn kernel_matches_portable<T: Sample + crate::Element>(
        kernel: impl Fn(bool, &[T], usize, &[T], usize, [usize; 2], &mut Vec<T>),
    ) {
        for [rows, columns] in SHAPES {
            for (pad, offset) in [(0, 0), (3, 5)] {
                let (t_stride, c_stride) = (rows + pad, columns + 2 * pad);
                let len = (rows + pad + 1) * (columns + 2 * pad + 1) + offset;
                let values: Vec<T> = inputs(2 * len).into_iter().map(T::from_f64).collect();
                let (t, c) = values.split_at(len);
                let (t, c) = (&t[offset..], &c[offset..]);
                for t_first in [true, false] {
                    let mut expected: Vec<T> = values[..offset].to_vec();
                    let mut actual = expected.clone();
                    if t_first {
                        portable::add_transposed(
                            t,
                            t_stride,
                            c,
                            c_stride,
                            [rows, columns],
                            &mut expected,
                        );
                    } else {
                        portable::add_to_transposed(
                            t,
                            t_stride,
                            c,
                            c_stride,
                            [rows, columns],
                            &mut expected,
                        );
                    }
                    kernel(
                        t_first,
                        t,
                        t_stride,
                        c,
                        c_stride,
                        [rows, columns],
                        &mut actual,
                    );
                    let same = expected.len() == actual.len()
                        && expected
                            .iter()
                            .zip(&actual)
                            .all(|(a, b)| a.bits() == b.bits());
                    assert!(same, "{rows}x{columns}, pad {pad}, t first {t_first}");
                }
            }
        }
    }

    #[test]
    fn add_transposed_f64_matches_portable() {
        if !std::is_x86_feature_detected!("avx2") {
            return;
        }
        kernel_matches_portable::<f64>(|t_first, t, t_stride, c, c_stride, shape, output| {
            // SAFETY: the CPU supports avx2, checked above.
            unsafe {
                if t_first {
                    transpose::add_transposed_f64_avx2::<true>(
                        t, t_stride, c, c_stride, shape, output,
                    );
                } else {
                    transpose::add_transposed_f64_avx2::<false>(
                        t, t_stride, c, c_stride, shape, output,
                    );
                }
            }
        });
    }

    #[test]
    fn add_transposed_f32_matches_portable() {
        if !std::is_x86_feature_detected!("avx2") {
            return;
        }
        kernel_matches_portable::<f32>(|t_first, t, t_stride, c, c_stride, shape, output| {
            // SAFETY: the CPU supports avx2, checked above.
            unsafe {
                if t_first {
                    transpose::add_transposed_f32_avx2::<true>(
                        t, t_stride, c, c_stride, shape, output,
                    );
                } else {
                    transpose::add_transposed_f32_avx2::<false>(
                        t, t_stride, c, c_stride, shape, output,
                    );
                }
            }
        });
    }

    #[test]
    #[should_panic(expected = "operands too short for the shape")]
    fn short_operands_panic() {
        if !std::is_x86_feature_detected!("avx2") {
            panic!("operands too short for the shape");
        }
        let values = [0.0f64; 20];
        let mut output = Vec::new();
        // SAFETY: the CPU supports avx2, checked above.
        unsafe {
            transpose::add_transposed_f64_avx2::<true>(&values, 5, &values, 5, [5, 5], &mut output);
        }
    }
}

//! The elementwise product with non-temporal stores, for outputs too large
//! to stay in the cache.
//!
//! A normal store first reads the cache line it writes into, and the
//! written lines then push the operands out of the cache. A non-temporal
//! store writes whole lines to memory without either. The products are the
//! same IEEE multiplications as in [`portable::multiply`], one per element,
//! so the bits are the same. Only the way they reach memory differs.
//!
//! The kernels use 256-bit AVX2 vectors on AVX-512 machines too, because
//! a loop bound by memory gains nothing from wider registers. Two
//! 32-byte non-temporal stores fill one 64-byte line in the CPU's write
//! combining buffer, as one 64-byte store would.
//!
//! [`portable::multiply`]: super::portable::multiply

use alloc::vec::Vec;
use core::arch::x86_64::{
    __m256, __m256d, _mm_sfence, _mm256_loadu_pd, _mm256_loadu_ps, _mm256_mul_pd, _mm256_mul_ps,
    _mm256_stream_pd, _mm256_stream_ps,
};
use core::mem::{MaybeUninit, size_of};

/// The smallest output, in bytes, that [`super::multiply_f64`] and
/// [`super::multiply_f32`] write with non-temporal stores.
///
/// Medians on the AMD EPYC of BENCHMARKS.md (32 MiB L3), with a fresh
/// output per call, normal stores against non-temporal ones:
///
/// | type | elements | output | normal | non-temporal |
/// |---|---:|---:|---:|---:|
/// | `f64` | 300000 | 2.4 MB | 77 us | 87 us |
/// | `f64` | 500000 | 4 MB | 155 us | 150 us |
/// | `f64` | 1000000 | 8 MB | 455 us | 313 us |
/// | `f32` | 500000 | 2 MB | 62 us | 72 us |
/// | `f32` | 1000000 | 4 MB | 159 us | 146 us |
///
/// Below about 3 MB of output the operands and the output stay in the
/// cache, so bypassing it only slows the stores.
pub(super) const MIN_BYTES: usize = 3 << 20;

/// Returns whether an output of `len` elements of `T` is large enough for
/// non-temporal stores.
pub(super) fn worth_streaming<T>(len: usize) -> bool {
    len.saturating_mul(size_of::<T>()) >= MIN_BYTES
}

/// Defines one kernel: `$name(a, b)` returns `a[i] * b[i]`, written with
/// `$stream` in vectors of `$lanes` elements of `$type`, `$align` bytes.
macro_rules! streamed_product {
    ($name:ident, $features:literal, $type:ty, $vector:ty, $lanes:literal, $align:literal,
     $load:ident, $multiply:ident, $stream:ident) => {
        #[doc = concat!("Returns `a[i] * b[i]` for `", stringify!($type), "`, stored with `", stringify!($stream), "`.")]
        ///
        /// # Safety
        ///
        #[doc = concat!("The CPU must support `", $features, "`.")]
        ///
        /// # Panics
        ///
        /// If the two slices differ in length.
        #[target_feature(enable = $features)]
        pub(super) unsafe fn $name(a: &[$type], b: &[$type]) -> Vec<$type> {
            assert_eq!(a.len(), b.len(), "two operands of one length");
            let len = a.len();
            let mut output: Vec<$type> = Vec::with_capacity(len);
            let spare: &mut [MaybeUninit<$type>] = &mut output.spare_capacity_mut()[..len];

            // 1. Single elements until the output reaches a vector boundary,
            // which the non-temporal store requires.
            let head = spare.as_ptr().align_offset($align).min(len);
            let (spare_head, spare_rest) = spare.split_at_mut(head);
            for ((out, &x), &y) in spare_head.iter_mut().zip(&a[..head]).zip(&b[..head]) {
                out.write(x * y);
            }

            // 2. Whole vectors, each to an aligned address.
            let (a, b) = (&a[head..], &b[head..]);
            let mut outputs = spare_rest.chunks_exact_mut($lanes);
            let pairs = a.chunks_exact($lanes).zip(b.chunks_exact($lanes));
            for (out, (x, y)) in (&mut outputs).zip(pairs) {
                // SAFETY: `x` and `y` contain `$lanes` elements each, so
                // the unaligned loads stay inside them. `out` has `$lanes`
                // writable elements and starts at a multiple of `$align`
                // bytes: the head ended on one and every chunk before it
                // is `$align` bytes long. The CPU supports the feature, as
                // the caller guarantees.
                unsafe {
                    let x: $vector = $load(x.as_ptr());
                    let y: $vector = $load(y.as_ptr());
                    $stream(out.as_mut_ptr().cast::<$type>(), $multiply(x, y));
                }
            }

            // 3. The last elements, fewer than one vector.
            let body = a.len() / $lanes * $lanes;
            let tail = outputs.into_remainder();
            for ((out, &x), &y) in tail.iter_mut().zip(&a[body..]).zip(&b[body..]) {
                out.write(x * y);
            }

            // SAFETY: steps 1 to 3 wrote the first `len` elements, within
            // the capacity of `len` that `with_capacity` allocated. The
            // fence orders the non-temporal stores before any later store,
            // such as one that hands the vector to another thread, which
            // release ordering alone does not do for these stores.
            unsafe {
                _mm_sfence();
                output.set_len(len);
            }
            output
        }
    };
}

streamed_product!(
    multiply_f64_avx2,
    "avx2",
    f64,
    __m256d,
    4,
    32,
    _mm256_loadu_pd,
    _mm256_mul_pd,
    _mm256_stream_pd
);
streamed_product!(
    multiply_f32_avx2,
    "avx2",
    f32,
    __m256,
    8,
    32,
    _mm256_loadu_ps,
    _mm256_mul_ps,
    _mm256_stream_ps
);

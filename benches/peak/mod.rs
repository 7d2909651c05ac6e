//! The peak arithmetic rate of this core: fused multiply-adds with no
//! loads, no stores and enough independent sums to hide their latency.
//!
//! A matrix product cannot run faster than this, so the matmul lines of
//! BENCHMARKS.md are read as a fraction of it. The loop keeps 12 vector
//! sums, each updated once per iteration. Two pipes with a latency of 4
//! cycles need 8 independent sums to stay busy, so 12 leave room.

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::{
    __m256, __m256d, __m512, __m512d, _mm256_fmadd_pd, _mm256_fmadd_ps, _mm256_set1_pd,
    _mm256_set1_ps, _mm512_fmadd_pd, _mm512_fmadd_ps, _mm512_set1_pd, _mm512_set1_ps,
};
use std::hint::black_box;

/// The iterations of one measured call.
pub const ITERATIONS: u64 = 100_000;

/// The independent sums of the loop.
const SUMS: usize = 12;

/// Defines `$name(iterations)`: `SUMS` sums of `$vector` updated with
/// `$fused` each iteration. Returns a value that depends on every sum, so
/// that the compiler keeps the work.
#[cfg(target_arch = "x86_64")]
macro_rules! fused_loop {
    ($name:ident, $features:literal, $vector:ty, $set:ident, $fused:ident, $scalar:ty) => {
        #[target_feature(enable = $features)]
        fn $name(iterations: u64) -> $vector {
            let scale = $set(black_box(1.0 as $scalar));
            let step = $set(black_box(1.0e-9 as $scalar));
            let mut sums: [$vector; SUMS] = [$set(0.0); SUMS];
            for _ in 0..iterations {
                for sum in &mut sums {
                    *sum = $fused(*sum, scale, step);
                }
            }
            let mut total = sums[0];
            for &sum in &sums[1..] {
                total = $fused(total, scale, sum);
            }
            total
        }
    };
}

#[cfg(target_arch = "x86_64")]
fused_loop!(
    fused_f32_avx512,
    "avx512f",
    __m512,
    _mm512_set1_ps,
    _mm512_fmadd_ps,
    f32
);
#[cfg(target_arch = "x86_64")]
fused_loop!(
    fused_f64_avx512,
    "avx512f",
    __m512d,
    _mm512_set1_pd,
    _mm512_fmadd_pd,
    f64
);
#[cfg(target_arch = "x86_64")]
fused_loop!(
    fused_f32_avx2,
    "avx2,fma",
    __m256,
    _mm256_set1_ps,
    _mm256_fmadd_ps,
    f32
);
#[cfg(target_arch = "x86_64")]
fused_loop!(
    fused_f64_avx2,
    "avx2,fma",
    __m256d,
    _mm256_set1_pd,
    _mm256_fmadd_pd,
    f64
);

/// Returns a call that runs the loop for `dtype` ("float32" or
/// "float64") on the widest vectors of this CPU, and its number of
/// floating-point operations. Returns `None` without AVX2 and FMA, where
/// the crate's portable kernel runs and has no fused peak to compare with.
pub fn fused_peak(dtype: &str) -> Option<(u64, Box<dyn FnMut()>)> {
    #[cfg(target_arch = "x86_64")]
    {
        let avx512 = std::is_x86_feature_detected!("avx512f");
        let avx2 = std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma");
        let bytes = if avx512 { 64 } else { 32 };
        let lanes = bytes / if dtype == "float32" { 4 } else { 8 };
        // Two operations, a multiplication and an addition, per lane.
        let flops = ITERATIONS * SUMS as u64 * lanes * 2;
        let call: Box<dyn FnMut()> = match (avx512, avx2, dtype) {
            // SAFETY: each arm runs a function compiled with features
            // that were detected on this CPU just above.
            (true, _, "float32") => Box::new(|| {
                black_box(unsafe { fused_f32_avx512(ITERATIONS) });
            }),
            (true, _, _) => Box::new(|| {
                black_box(unsafe { fused_f64_avx512(ITERATIONS) });
            }),
            (false, true, "float32") => Box::new(|| {
                black_box(unsafe { fused_f32_avx2(ITERATIONS) });
            }),
            (false, true, _) => Box::new(|| {
                black_box(unsafe { fused_f64_avx2(ITERATIONS) });
            }),
            (false, false, _) => return None,
        };
        Some((flops, call))
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let _ = dtype;
        None
    }
}

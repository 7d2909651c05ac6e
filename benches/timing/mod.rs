//! Timing and input generation shared by the benchmarks and the
//! `python_basics` example, so that both follow one protocol and the
//! numpy peer script can reproduce the inputs bit for bit.

// Each user includes this file with `#[path]` and uses part of it.
#![allow(dead_code)]

use std::hint::black_box;
use std::time::{Duration, Instant};

/// The shortest batch worth timing: shorter batches are dominated by the
/// resolution and overhead of the clock.
const MIN_BATCH: Duration = Duration::from_millis(2);
/// The minimum number of timed batches.
const MIN_SAMPLES: usize = 15;
/// The minimum total time spent in timed batches.
const MIN_TOTAL: Duration = Duration::from_millis(300);

/// Returns the median time of one call of `f`, in nanoseconds.
///
/// Protocol: two warm-up calls; then the batch size doubles until one batch
/// lasts at least 2 ms; then batches are timed until there are at least 15
/// of them and 0.3 s in all. The median of the per-call times of the
/// batches is returned.
pub fn median_ns<R>(mut f: impl FnMut() -> R) -> f64 {
    black_box(f());
    black_box(f());

    let run_batch = |f: &mut dyn FnMut() -> R, calls: u64| {
        let start = Instant::now();
        for _ in 0..calls {
            black_box(f());
        }
        start.elapsed()
    };
    let mut calls = 1u64;
    while run_batch(&mut f, calls) < MIN_BATCH {
        calls *= 2;
    }

    let mut per_call = Vec::new();
    let mut total = Duration::ZERO;
    while per_call.len() < MIN_SAMPLES || total < MIN_TOTAL {
        let elapsed = run_batch(&mut f, calls);
        total += elapsed;
        per_call.push(elapsed.as_nanos() as f64 / calls as f64);
    }
    per_call.sort_by(f64::total_cmp);
    per_call[per_call.len() / 2]
}

/// Returns the `i`-th output (1-based) of splitmix64 started at `seed`:
/// the state `seed + i * 0x9E3779B97F4A7C15` (wrapping) through the
/// splitmix64 finaliser.
fn splitmix64(seed: u64, i: u64) -> u64 {
    let mut z = seed.wrapping_add(i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Returns `len` values in [-1, 1) for operand `operand` (0-based) of a
/// case: seed `operand + 1`, the top 53 bits `u` mapped to `u * 2 / 2^53 - 1`.
pub fn operand_f64(operand: u64, len: usize) -> Vec<f64> {
    (1..=len as u64)
        .map(|i| {
            let top = splitmix64(operand + 1, i) >> 11;
            top as f64 * 2.0 / (1u64 << 53) as f64 - 1.0
        })
        .collect()
}

/// Returns `len` values in [-1, 1) for operand `operand` of a case: the top
/// 24 bits `u` mapped to `u * 2 / 2^24 - 1`, exact in f32.
pub fn operand_f32(operand: u64, len: usize) -> Vec<f32> {
    (1..=len as u64)
        .map(|i| {
            let top = splitmix64(operand + 1, i) >> 40;
            top as f32 * 2.0 / (1u32 << 24) as f32 - 1.0
        })
        .collect()
}

/// Formats nanoseconds with a unit that keeps three significant digits.
pub fn format_ns(ns: f64) -> String {
    if ns < 1e3 {
        format!("{ns:.0} ns")
    } else if ns < 1e6 {
        format!("{:.1} us", ns / 1e3)
    } else {
        format!("{:.2} ms", ns / 1e6)
    }
}

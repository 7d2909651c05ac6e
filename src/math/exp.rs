//! The exponential function for `f64` and `f32`, built from `core` float arithmetic only.
//!
//! Both functions use the same scheme. Cody-Waite range reduction writes
//! `x = k * ln(2) + r` with an integer `k` and `|r| <= ln(2) / 2`. A minimax polynomial
//! gives `e^r`, and multiplying by `2^k`, built directly from exponent bits, gives `e^x`.
//! Every step, including the clamp of the input, is straight-line code without table lookups,
//! so the same sequence of operations can later run on SIMD lanes.
//!
//! The polynomial coefficients come from a weighted Remez exchange written for this crate;
//! `tools/remez.py` (Python with mpmath) reproduces them.
//! It runs in Python with mpmath at 60 significant digits and fits
//! `Q(r) = (e^r - 1 - r) / r^2` on `[-0.3466, 0.3466]`, slightly wider than
//! `[-ln(2) / 2, ln(2) / 2]`, minimising the relative error of `Q`:
//!
//! ```text
//! def remez(f, w, a, b, n):               # minimise max |w (f - p)|, deg p = n
//!     ref = n + 2 Chebyshev extrema on [a, b]
//!     repeat until the extrema agree to 1e-8:
//!         solve p(x_i) + (-1)^i E / w(x_i) = f(x_i) for p and E
//!         on a grid of 4001 points, keep the point of largest |w (f - p)|
//!         in each run of equal sign, then trim to n + 2 points from the ends
//!         ref = those points
//! remez(Q, 1 / Q, -0.3466, 0.3466, 10)    # coefficients EXP_F64_Q*
//! remez(Q, 1 / Q, -0.3466, 0.3466, 5)     # coefficients EXP_F32_Q*
//! ```
//!
//! Each coefficient below is the Remez result rounded to the nearest `f64` or `f32`.

/// `1 / ln(2) = log2(e)` rounded to the nearest `f64`, 1.4426950408889634. For `|x| <= 746`
/// its rounding error moves `x * INV_LN2` by less than `2^-42`, so `k` can differ from
/// `round(x / ln(2))` only when `|r|` is within `2^-42` of `ln(2) / 2`, still inside the interval
/// the polynomials were fitted on.
const INV_LN2: f64 = core::f64::consts::LOG2_E;

/// High part of `ln(2)`: `ln(2)` rounded to a multiple of `2^-42`, so it has at most 42
/// significant bits and `k * LN2_HI` is exact for `|k| < 2^11`. Bits `0x3fe62e42fefa3800`.
const LN2_HI: f64 = 0.6931471805598903;

/// Low part of `ln(2)`: `ln(2) - LN2_HI` rounded to the nearest `f64`. Together the two parts
/// equal `ln(2)` to within `2^-102`. Bits `0x3d2ef35793c76730`.
const LN2_LO: f64 = 5.497923018708371e-14;

/// `1.5 * 2^52`. Adding it to any `|t| < 2^51` and subtracting it again rounds `t` to the
/// nearest integer (ties to even), because the sum has no fraction bits left.
const ROUND_SHIFT: f64 = 6755399441055744.0;

/// The exponent bias of `f64`: the exponent field of `2^n` is `n + 1023`.
const EXPONENT_BIAS: u64 = 1023;

/// The low 12 bits of a `u64`, the width of an `f64`'s sign and exponent fields. Shifting a
/// value below `2^11` left by 52 places it in the exponent field with a clear sign bit.
const EXPONENT_MASK: u64 = 0xfff;

/// Upper clamp for `exp_f64`. `e^710` is about `2.2e308`, above `f64::MAX`, so a clamped
/// input still overflows to infinity, and `k` stays at or below 1024.
const EXP_F64_MAX_INPUT: f64 = 710.0;

/// Lower clamp for `exp_f64`. `e^-746` is about `1.0e-324`, below half the smallest subnormal
/// (`2^-1075`, about `2.5e-324`), so a clamped input still rounds to zero, and `k` stays at or
/// above -1076.
const EXP_F64_MIN_INPUT: f64 = -746.0;

/// `log2(e)` rounded to the nearest `f32`. For `|x| <= 104` the roundings of the constant and
/// of `x * F32_INV_LN2` move the product by less than `2^-16`, so `k` can differ from
/// `round(x / ln(2))` only when `|r|` is within `2^-16 * ln(2)` of `ln(2) / 2`, still inside
/// the interval the polynomial was fitted on.
const F32_INV_LN2: f32 = core::f32::consts::LOG2_E;

/// High part of `ln(2)` for `exp_f32`: `45426 * 2^-16`, 16 significant bits, so `k * F32_LN2_HI`
/// is exact for `|k| < 2^8`. Bits `0x3f317200`.
const F32_LN2_HI: f32 = 0.693_145_75;

/// Low part of `ln(2)` for `exp_f32`: `ln(2) - F32_LN2_HI` rounded to the nearest `f32`.
/// Together the two parts equal `ln(2)` to within `2^-43`. Bits `0x35bfbe8e`.
const F32_LN2_LO: f32 = 1.428_606_8e-6;

/// `1.5 * 2^23`. Adding it to any `|t| < 2^22` and subtracting it again rounds `t` to the
/// nearest integer (ties to even), as [`ROUND_SHIFT`] does for `f64`.
const F32_ROUND_SHIFT: f32 = 12_582_912.0;

/// The exponent bias of `f32`: the exponent field of `2^n` is `n + 127`.
const F32_EXPONENT_BIAS: u32 = 127;

/// The low 9 bits of a `u32`, the width of an `f32`'s sign and exponent fields.
const F32_EXPONENT_MASK: u32 = 0x1ff;

/// Upper clamp for `exp_f32`. `e^89` is about `4.5e38`, above `f32::MAX`, so a clamped input
/// still overflows to infinity, and `k` stays at or below 129.
const EXP_F32_MAX_INPUT: f32 = 89.0;

/// Lower clamp for `exp_f32`. `e^-104` is about `6.8e-46`, below half the smallest `f32`
/// subnormal (`2^-150`, about `7.0e-46`), so a clamped input still rounds to zero, and `k`
/// stays at or above -150.
const EXP_F32_MIN_INPUT: f32 = -104.0;

// Degree-10 minimax approximation of Q(r) = (e^r - 1 - r) / r^2 on [-0.3466, 0.3466] with
// relative error 2.7e-18 (2^-58.4). With coefficients rounded to f64, 1 + r + r^2 Q(r) is
// within 2^-61 of e^r relative. The Taylor coefficients 1/(j + 2)! are shown for comparison.
/// `0.5000000000000000001232` rounded to `f64` (Taylor: 1/2).
const EXP_F64_Q0: f64 = 0.5;
/// `0.1666666666666667096567` rounded to `f64` (Taylor: 1/6).
const EXP_F64_Q1: f64 = 0.1666666666666667;
/// `0.04166666666666661840736` rounded to `f64` (Taylor: 1/24).
const EXP_F64_Q2: f64 = 0.041666666666666616;
/// `0.008333333333326163106858` rounded to `f64` (Taylor: 1/120).
const EXP_F64_Q3: f64 = 0.008333333333326164;
/// `0.001388888888891797552646` rounded to `f64` (Taylor: 1/720).
const EXP_F64_Q4: f64 = 0.0013888888888917976;
/// `1.984126987473604286640e-4` rounded to `f64` (Taylor: 1/5040).
const EXP_F64_Q5: f64 = 0.00019841269874736043;
/// `2.480158724571598136063e-5` rounded to `f64` (Taylor: 1/40320).
const EXP_F64_Q6: f64 = 2.4801587245715982e-5;
/// `2.755725549487952874111e-6` rounded to `f64` (Taylor: 1/362880).
const EXP_F64_Q7: f64 = 2.7557255494879528e-6;
/// `2.755734963012006378533e-7` rounded to `f64` (Taylor: 1/3628800).
const EXP_F64_Q8: f64 = 2.7557349630120063e-7;
/// `2.510518168849033249712e-8` rounded to `f64` (Taylor: 1/39916800).
const EXP_F64_Q9: f64 = 2.5105181688490333e-8;
/// `2.088937526302450001103e-9` rounded to `f64` (Taylor: 1/479001600).
const EXP_F64_Q10: f64 = 2.08893752630245e-9;

// Degree-5 minimax approximation of the same Q(r) for exp_f32, evaluated in f32. Relative
// error of Q is 2.7e-9 (2^-28.5). Rounding the coefficients to f32 (mostly Q0 to 0.5) raises
// the relative error of 1 + r + r^2 Q(r) to 2^-30.3, a small part of the f32 rounding unit of
// 2^-24.
/// `0.5000000013385655691394372` rounded to `f32` (Taylor: 1/2).
const EXP_F32_Q0: f32 = 0.5;
/// `0.166666665323062771004681` rounded to `f32` (Taylor: 1/6).
const EXP_F32_Q1: f32 = 0.166_666_67;
/// `0.04166646546632832580274063` rounded to `f32` (Taylor: 1/24).
const EXP_F32_Q2: f32 = 0.041_666_465;
/// `0.008333360722724425623487577` rounded to `f32` (Taylor: 1/120).
const EXP_F32_Q3: f32 = 0.008_333_361;
/// `0.001393360440231848555794596` rounded to `f32` (Taylor: 1/720).
const EXP_F32_Q4: f32 = 0.001_393_360_4;
/// `1.985780209445052701476925e-4` rounded to `f32` (Taylor: 1/5040).
const EXP_F32_Q5: f32 = 0.000_198_578_02;

/// Returns e raised to the power `x`, within 1 ULP of the exact value.
///
/// # Algorithm
///
/// 1. Clamp `x` to `[-746, 710]`. Inputs beyond these bounds underflow or overflow as the
///    bounds themselves do, and NaN passes through the clamp and the arithmetic as NaN.
/// 2. Compute `k = round(x / ln(2))` with the `1.5 * 2^52` shift trick, so `|k| <= 1076`.
/// 3. Cody-Waite reduction: `r_hi = x - k * LN2_HI` is exact. For `k = 0` it is `x`.
///    Otherwise `k * LN2_HI` is exact, and `r_hi` is a multiple of `2^-54` below 0.5 in
///    magnitude. Subtracting `k * LN2_LO` rounds once, and Fast2Sum keeps that rounding error
///    in `r_lo`. Then `r_hi + r_lo` equals `x - k * ln(2)` to within `2^-85`, and
///    `|r_hi| <= 0.3466`.
/// 4. `e^r - 1 - r` is `r^2 Q(r)`, with `Q` a degree-10 minimax polynomial (relative error
///    `2^-58`) evaluated with Horner's rule. `r_lo` enters to first order as `r_lo (1 + r)`.
/// 5. Fast2Sum splits `1 + r_hi` exactly into a rounded sum and its rounding error. The small
///    terms are added to the error part, and one final addition rounds `y ≈ e^r`, which lies
///    in `[0.7, 1.42]`. The estimated error of `y` is at most 0.72 ULP: 0.5 from the last
///    rounding and about 0.22 from the products and sums in the polynomial terms.
/// 6. Multiply by `2^(k / 2)` (rounded down) and then by `2^(k - k / 2)`, each built with
///    integer additions and shifts on the bits of the shifted sum from step 2. The
///    first product is always exact. The second is exact for a normal result and overflows
///    to infinity when it must. For a subnormal result it rounds `y` a second time, to the
///    coarser subnormal grid. One ULP of `y` is then at most half a subnormal ULP, so the
///    error grows to at most 0.5 + 0.72 / 2 = 0.86 ULP.
///
/// By these estimates the error stays below 1 ULP for every input. Compared with 60-digit
/// mpmath values, the largest errors seen were 0.62 ULP for normal and 0.76 ULP for subnormal
/// results. That sample was 300,000 random inputs plus every input, among 4 million random
/// ones, whose result differs from glibc's. The crate's tests compare with
/// std's `f64::exp` (glibc 2.36 on x86-64) and find at most 1 ULP difference.
///
/// # Examples
///
/// ```
/// assert_eq!(baretensor::math::exp_f64(1.0), 2.718281828459045);
/// assert_eq!(baretensor::math::exp_f64(0.0), 1.0);
/// assert_eq!(baretensor::math::exp_f64(f64::NEG_INFINITY), 0.0);
/// ```
#[inline(always)]
pub fn exp_f64(x: f64) -> f64 {
    // clamp returns NaN for a NaN input.
    let x = x.clamp(EXP_F64_MIN_INPUT, EXP_F64_MAX_INPUT);

    let shifted = x * INV_LN2 + ROUND_SHIFT;
    let k = shifted - ROUND_SHIFT;
    let r_hi = x - k * LN2_HI;
    let k_ln2_lo = k * LN2_LO;
    let r = r_hi - k_ln2_lo;
    let r_lo = (r_hi - r) - k_ln2_lo;

    let tail = exp_tail_f64(r) + (r_lo + r_lo * r);
    let sum = 1.0 + r;
    let sum_error = (1.0 - sum) + r;
    let y = sum + (sum_error + tail);

    // Two exponent fields that add up to k + 2 * 1023: floor(k / 2) + 1023 and the rest.
    // k + 2046 lies in [970, 3070], so it fits the low 12 bits, and a logical shift halves it.
    let biased_sum = low_exponent_bits(shifted).wrapping_add(2 * EXPONENT_BIAS) & EXPONENT_MASK;
    let low_field = biased_sum >> 1;
    let high_field = biased_sum - low_field;
    y * f64::from_bits(low_field << 52) * f64::from_bits(high_field << 52)
}

/// Returns e raised to the power `x`, within 1 ULP of the exact value.
///
/// # Algorithm
///
/// The steps of [`exp_f64`] in `f32` arithmetic, so that a SIMD register has room for twice
/// as many lanes as a computation in `f64` would leave:
///
/// 1. Clamp `x` to `[-104, 89]`. Inputs beyond these bounds underflow or overflow as the
///    bounds themselves do, and NaN passes through the clamp and the arithmetic as NaN.
/// 2. Compute `k = round(x / ln(2))` with the `1.5 * 2^23` shift trick, so `k` lies in
///    `[-150, 129]`.
/// 3. Cody-Waite reduction: `x - k * F32_LN2_HI` is exact, since the product is exact and
///    lies within a factor of 2 of `x` when `k` is not 0 (Sterbenz). Subtracting
///    `k * F32_LN2_LO` rounds twice, so `r` differs from `x - k * ln(2)` by at most half an
///    ULP of `r` plus `2^-35`, and `|r| <= 0.3466`.
/// 4. `e^r - 1 - r` is `r^2 Q(r)`, with `Q` a degree-5 minimax polynomial evaluated with
///    Horner's rule (`e^r` to `2^-30` relative with the coefficients in `f32`). Fast2Sum
///    splits `1 + r` into a rounded sum and its exact rounding error, the small terms are
///    added to the error, and one final addition rounds `y ≈ e^r`, which lies in
///    `[0.7, 1.42]`.
/// 5. Multiply by `2^(k / 2)` (rounded down) and then by `2^(k - k / 2)`, built from the bits
///    of the shifted sum of step 2. The first product is exact, and the second is exact for
///    a normal result, overflows to infinity when it must, and rounds once to the subnormal
///    grid otherwise.
///
/// The error of `y` is at most about 0.8 ULP. The last rounding contributes 0.5, and the
/// rounding of `r` in step 3 up to 0.25, because `r` has no low part here as it has in
/// [`exp_f64`]. The polynomial terms add a little. A subnormal result rounds once more,
/// by up to half an ULP of the subnormal grid, on which the error of `y` counts half or less,
/// so the bound there is about 0.9 ULP. Measured over every `f32` input against std's
/// `f64::exp`, the largest error is 0.78 ULP of the exact value, at `x = -87.71184`, whose
/// result is subnormal. Every result is therefore the correctly rounded value or one of its
/// two neighbours. The crate's ignored test `exp_f32_every_input_within_one_ulp` checks all
/// 2^32 inputs.
///
/// # Examples
///
/// ```
/// assert_eq!(baretensor::math::exp_f32(1.0), 2.7182817);
/// assert_eq!(baretensor::math::exp_f32(-1.0), 0.36787945);
/// assert_eq!(baretensor::math::exp_f32(f32::INFINITY), f32::INFINITY);
/// ```
#[inline(always)]
pub fn exp_f32(x: f32) -> f32 {
    // clamp returns NaN for a NaN input.
    let x = x.clamp(EXP_F32_MIN_INPUT, EXP_F32_MAX_INPUT);

    let shifted = x * F32_INV_LN2 + F32_ROUND_SHIFT;
    let k = shifted - F32_ROUND_SHIFT;
    let r = (x - k * F32_LN2_HI) - k * F32_LN2_LO;

    // Fast2Sum keeps the rounding error of 1 + r, as in exp_f64.
    let sum = 1.0 + r;
    let sum_error = (1.0 - sum) + r;
    let y = sum + (sum_error + exp_tail_f32(r));

    // Two exponent fields that add up to k + 2 * 127, as in exp_f64. k + 254 lies in
    // [104, 383], so it fits the low 9 bits of the shifted sum's bits.
    let biased_sum = shifted.to_bits().wrapping_add(2 * F32_EXPONENT_BIAS) & F32_EXPONENT_MASK;
    let low_field = biased_sum >> 1;
    let high_field = biased_sum - low_field;
    y * f32::from_bits(low_field << 23) * f32::from_bits(high_field << 23)
}

/// Approximates `e^r - 1 - r` for `|r| <= 0.3466` as `r^2 Q(r)`, to `f64` accuracy.
#[inline]
fn exp_tail_f64(r: f64) -> f64 {
    let q = EXP_F64_Q9 + r * EXP_F64_Q10;
    let q = EXP_F64_Q8 + r * q;
    let q = EXP_F64_Q7 + r * q;
    let q = EXP_F64_Q6 + r * q;
    let q = EXP_F64_Q5 + r * q;
    let q = EXP_F64_Q4 + r * q;
    let q = EXP_F64_Q3 + r * q;
    let q = EXP_F64_Q2 + r * q;
    let q = EXP_F64_Q1 + r * q;
    let q = EXP_F64_Q0 + r * q;
    (r * r) * q
}

/// Approximates `e^r - 1 - r` for `|r| <= 0.3466` as `r^2 Q(r)` in `f32`.
#[inline]
fn exp_tail_f32(r: f32) -> f32 {
    let q = EXP_F32_Q4 + r * EXP_F32_Q5;
    let q = EXP_F32_Q3 + r * q;
    let q = EXP_F32_Q2 + r * q;
    let q = EXP_F32_Q1 + r * q;
    let q = EXP_F32_Q0 + r * q;
    (r * r) * q
}

/// Returns the bits of `shifted = t + ROUND_SHIFT`, whose low 12 bits hold
/// `round(t) mod 2^12`.
///
/// For `|t| < 2^51` the sum is `ROUND_SHIFT + k` with the integer `k = round(t)`, and one unit
/// in its last place is 1. Its bits are therefore the bits of `ROUND_SHIFT`, whose low 51
/// bits are zero, plus `k`. Reading `k` this way instead of with an `as` cast keeps the code
/// free of the cast's saturation and NaN checks, so it vectorizes.
#[inline(always)]
fn low_exponent_bits(shifted: f64) -> u64 {
    shifted.to_bits()
}

/// Rounds `t` to the nearest integer, ties to even, for `|t| < 2^51`. NaN stays NaN.
#[cfg(test)]
fn round_to_integer(t: f64) -> f64 {
    (t + ROUND_SHIFT) - ROUND_SHIFT
}

/// Returns `2^n` for `n` in `[-1022, 1023]`, built from the exponent bits.
#[cfg(test)]
fn pow2(n: i32) -> f64 {
    debug_assert!((-1022..=1023).contains(&n), "2^{n} is not a normal f64");
    f64::from_bits(((n + 1023) as u64) << 52)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pow2_covers_normal_exponents() {
        assert_eq!(pow2(0), 1.0, "2^0");
        assert_eq!(pow2(1), 2.0, "2^1");
        assert_eq!(pow2(-1), 0.5, "2^-1");
        assert_eq!(pow2(-1022), f64::MIN_POSITIVE, "2^-1022");
        assert_eq!(pow2(1023), f64::from_bits(0x7fe0_0000_0000_0000), "2^1023");
    }

    #[test]
    fn exponent_fields_match_pow2_of_each_half() {
        for k in -1076..=1024 {
            let shifted = f64::from(k) + ROUND_SHIFT;
            let biased_sum =
                low_exponent_bits(shifted).wrapping_add(2 * EXPONENT_BIAS) & EXPONENT_MASK;
            let low_field = biased_sum >> 1;
            let high_field = biased_sum - low_field;
            let k_half = k >> 1;
            assert_eq!(
                f64::from_bits(low_field << 52),
                pow2(k_half),
                "low half, k = {k}"
            );
            assert_eq!(
                f64::from_bits(high_field << 52),
                pow2(k - k_half),
                "high half, k = {k}"
            );
        }
    }

    #[test]
    fn round_to_integer_rounds_ties_to_even() {
        assert_eq!(round_to_integer(0.5), 0.0, "0.5");
        assert_eq!(round_to_integer(1.5), 2.0, "1.5");
        assert_eq!(round_to_integer(2.5), 2.0, "2.5");
        assert_eq!(round_to_integer(-2.5), -2.0, "-2.5");
        assert_eq!(round_to_integer(-0.7), -1.0, "-0.7");
        assert_eq!(round_to_integer(1076.49), 1076.0, "1076.49");
        assert!(round_to_integer(f64::NAN).is_nan(), "NaN");
    }

    #[test]
    fn ln2_hi_product_is_exact() {
        // LN2_HI * 2^42 is an integer, so k * LN2_HI is exact if and only if scaling it by
        // 2^42 gives the integer product k * (LN2_HI * 2^42).
        let two_pow_42 = pow2(42);
        let ln2_hi_scaled = (LN2_HI * two_pow_42) as i64;
        assert_eq!(
            ln2_hi_scaled as f64,
            LN2_HI * two_pow_42,
            "LN2_HI * 2^42 is an integer"
        );
        for k in -1076..=1024 {
            let product = f64::from(k) * LN2_HI;
            assert_eq!(
                (product * two_pow_42) as i64,
                i64::from(k) * ln2_hi_scaled,
                "k * LN2_HI for k = {k}"
            );
        }
    }

    #[test]
    fn exp_tail_f64_is_quadratic_near_zero() {
        let r = 1.0 / 1024.0;
        let expected = r * r / 2.0 + r * r * r / 6.0;
        let error = exp_tail_f64(r) - expected;
        let bound = r * r * r * r;
        assert!(error > -bound, "r = 2^-10, error {error}");
        assert!(error < bound, "r = 2^-10, error {error}");
        assert_eq!(exp_tail_f64(0.0), 0.0, "r = 0");
    }

    #[test]
    fn exp_tail_f32_is_quadratic_near_zero() {
        let r: f32 = -1.0 / 1024.0;
        let expected = r * r / 2.0 + r * r * r / 6.0;
        let error = exp_tail_f32(r) - expected;
        // Rounding in f32 adds about 2^-24 of r^2 / 2 to the r^4 / 24 of the series.
        let bound = r * r * r * r + r * r * f32::EPSILON;
        assert!(error > -bound, "r = -2^-10, error {error}");
        assert!(error < bound, "r = -2^-10, error {error}");
        assert_eq!(exp_tail_f32(0.0), 0.0, "r = 0");
    }
}

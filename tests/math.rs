//! Compares `baretensor::math` with std's `exp` and `sqrt`.
//!
//! The random samples come from a seeded SplitMix64 generator, so every run checks the same
//! inputs. On x86-64 Linux, std's results come from glibc. Checked against 60-digit mpmath
//! values on the inputs where the two disagree, glibc 2.36's `exp` and `expf` were within
//! 0.51 ULP of the exact value. A distance of at most 1 ULP to std therefore also keeps this
//! crate's error below about 1.5 ULP.

use baretensor::math::{exp_f32, exp_f64, sqrt_f32, sqrt_f64};

/// SplitMix64 pseudo-random generator (Steele, Lea and Flood, 2014).
struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Returns a uniform `f64` in `[low, high)`.
    fn uniform_f64(&mut self, low: f64, high: f64) -> f64 {
        let unit = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        low + (high - low) * unit
    }

    /// Returns a uniform `f32` in `[low, high)`, built from 24 random bits.
    fn uniform_f32(&mut self, low: f32, high: f32) -> f32 {
        let unit = (self.next_u64() >> 40) as f32 / (1u32 << 24) as f32;
        low + (high - low) * unit
    }
}

/// Returns how many representable `f64` values lie between `a` and `b`.
///
/// Two NaNs are 0 apart, and NaN against a number, or `+0` against `-0`, is `u64::MAX` apart,
/// so both a wrong NaN and a wrong sign of zero fail every ULP bound.
fn ulp_distance_f64(a: f64, b: f64) -> u64 {
    if a.is_nan() || b.is_nan() {
        return if a.is_nan() && b.is_nan() {
            0
        } else {
            u64::MAX
        };
    }
    if a == 0.0 && b == 0.0 && a.is_sign_negative() != b.is_sign_negative() {
        return u64::MAX;
    }
    ordered_f64(a).abs_diff(ordered_f64(b))
}

/// Maps an `f64` to an integer whose order matches the float order, with `±0` both at 0.
fn ordered_f64(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    if bits < 0 { -(bits & i64::MAX) } else { bits }
}

/// Returns how many representable `f32` values lie between `a` and `b`, with the NaN and
/// zero rules of [`ulp_distance_f64`].
fn ulp_distance_f32(a: f32, b: f32) -> u32 {
    if a.is_nan() || b.is_nan() {
        return if a.is_nan() && b.is_nan() {
            0
        } else {
            u32::MAX
        };
    }
    if a == 0.0 && b == 0.0 && a.is_sign_negative() != b.is_sign_negative() {
        return u32::MAX;
    }
    ordered_f32(a).abs_diff(ordered_f32(b))
}

/// Maps an `f32` to an integer whose order matches the float order, with `±0` both at 0.
fn ordered_f32(x: f32) -> i32 {
    let bits = x.to_bits() as i32;
    if bits < 0 { -(bits & i32::MAX) } else { bits }
}

/// Asserts that `exp_f64(x)` is within 1 ULP of std and returns the distance.
fn check_exp_f64(x: f64) -> u64 {
    let expected = x.exp();
    let actual = exp_f64(x);
    let distance = ulp_distance_f64(actual, expected);
    assert!(
        distance <= 1,
        "exp_f64({x:e}) = {actual:e}, std gives {expected:e}: {distance} ULP apart"
    );
    distance
}

/// Asserts that `exp_f32(x)` is within 1 ULP of std and returns the distance.
fn check_exp_f32(x: f32) -> u32 {
    let expected = x.exp();
    let actual = exp_f32(x);
    let distance = ulp_distance_f32(actual, expected);
    assert!(
        distance <= 1,
        "exp_f32({x:e}) = {actual:e}, std gives {expected:e}: {distance} ULP apart"
    );
    distance
}

/// Asserts that `sqrt_f64(x)` has exactly the bits of std's result.
fn check_sqrt_f64(x: f64) {
    let expected = x.sqrt();
    let actual = sqrt_f64(x);
    assert!(
        actual.to_bits() == expected.to_bits() || (actual.is_nan() && expected.is_nan()),
        "sqrt_f64({x:e}) = {actual:e}, std gives {expected:e}"
    );
}

/// Asserts that `sqrt_f32(x)` has exactly the bits of std's result.
fn check_sqrt_f32(x: f32) {
    let expected = x.sqrt();
    let actual = sqrt_f32(x);
    assert!(
        actual.to_bits() == expected.to_bits() || (actual.is_nan() && expected.is_nan()),
        "sqrt_f32({x:e}) = {actual:e}, std gives {expected:e}"
    );
}

/// Checks `exp_f64` on `count` consecutive doubles on each side of `center`.
fn check_exp_f64_around(center: f64, count: u64) {
    let center_bits = center.to_bits();
    for offset in 0..count {
        check_exp_f64(f64::from_bits(center_bits + offset));
        check_exp_f64(f64::from_bits(center_bits - offset));
    }
}

/// Checks `exp_f32` on `count` consecutive floats on each side of `center`.
fn check_exp_f32_around(center: f32, count: u32) {
    let center_bits = center.to_bits();
    for offset in 0..count {
        check_exp_f32(f32::from_bits(center_bits + offset));
        check_exp_f32(f32::from_bits(center_bits - offset));
    }
}

/// Largest `f64` whose exponential is finite. The next `f64` up overflows.
const EXP_F64_LAST_FINITE_INPUT: f64 = 709.782712893384;
/// Smallest `f64` whose exponential is not zero (it is the smallest subnormal).
const EXP_F64_FIRST_NONZERO_INPUT: f64 = -745.1332191019411;
/// Largest `f32` whose exponential is finite, exactly 88.72283172607421875.
const EXP_F32_LAST_FINITE_INPUT: f32 = 88.72283;
/// Smallest `f32` whose exponential is not zero, exactly -103.972076416015625.
const EXP_F32_FIRST_NONZERO_INPUT: f32 = -103.97208;

#[test]
fn exp_f64_matches_std_within_one_ulp() {
    let mut rng = SplitMix64::new(1);
    let mut off_by_one = 0;
    for _ in 0..2_000_000 {
        let x = rng.uniform_f64(-746.0, 710.0);
        off_by_one += check_exp_f64(x);
    }
    // Both glibc and this crate are within about 0.6 ULP of the exact value, so they disagree
    // only near rounding midpoints: 1.2% of these inputs. Disagreement on many more inputs
    // would mean a larger error, even while each one stays within 1 ULP.
    assert!(
        off_by_one < 40_000,
        "{off_by_one} of 2e6 inputs differ from std by 1 ULP"
    );
}

#[test]
fn exp_f64_near_zero_within_one_ulp() {
    let mut rng = SplitMix64::new(2);
    for _ in 0..200_000 {
        check_exp_f64(rng.uniform_f64(-1.0, 1.0));
        check_exp_f64(rng.uniform_f64(-1e-6, 1e-6));
    }
    // Magnitudes from 2^-60 to 2^0 with random mantissas and signs.
    for _ in 0..200_000 {
        let bits = rng.next_u64();
        let exponent = 963 + ((bits >> 52) & 0x7ff) % 61;
        let sign = bits & (1 << 63);
        check_exp_f64(f64::from_bits(
            sign | (exponent << 52) | (bits & ((1 << 52) - 1)),
        ));
    }
}

#[test]
fn exp_f64_near_overflow_within_one_ulp() {
    check_exp_f64_around(EXP_F64_LAST_FINITE_INPUT, 100_000);
    let mut rng = SplitMix64::new(3);
    for _ in 0..200_000 {
        check_exp_f64(rng.uniform_f64(700.0, 710.0));
    }
}

#[test]
fn exp_f64_near_underflow_within_one_ulp() {
    check_exp_f64_around(EXP_F64_FIRST_NONZERO_INPUT, 100_000);
    // The boundary between normal and subnormal results, where exp(x) is near 2^-1022.
    check_exp_f64_around(-708.3964185322641, 100_000);
    let mut rng = SplitMix64::new(4);
    for _ in 0..200_000 {
        check_exp_f64(rng.uniform_f64(-746.0, -708.0));
    }
}

#[test]
fn exp_f64_edge_cases_are_exact() {
    let smallest_subnormal = f64::from_bits(1);
    let cases = [
        (f64::INFINITY, f64::INFINITY),
        (f64::NEG_INFINITY, 0.0),
        (0.0, 1.0),
        (-0.0, 1.0),
        (f64::MAX, f64::INFINITY),
        (f64::MIN, 0.0),
        (f64::MIN_POSITIVE, 1.0),
        (-f64::MIN_POSITIVE, 1.0),
        (smallest_subnormal, 1.0),
        (-smallest_subnormal, 1.0),
        (1.0, std::f64::consts::E),
        (EXP_F64_LAST_FINITE_INPUT, 1.7976931348622732e308),
        (
            f64::from_bits(EXP_F64_LAST_FINITE_INPUT.to_bits() + 1),
            f64::INFINITY,
        ),
        (710.0, f64::INFINITY),
        (EXP_F64_FIRST_NONZERO_INPUT, smallest_subnormal),
        (
            f64::from_bits(EXP_F64_FIRST_NONZERO_INPUT.to_bits() + 1),
            0.0,
        ),
        (-746.0, 0.0),
        (-708.3964185322641, 2.2250738585072626e-308),
    ];
    for (x, expected) in cases {
        let actual = exp_f64(x);
        assert_eq!(
            actual.to_bits(),
            expected.to_bits(),
            "exp_f64({x:e}) = {actual:e}, expected {expected:e}"
        );
        assert_eq!(
            actual.to_bits(),
            x.exp().to_bits(),
            "exp_f64({x:e}) against std"
        );
    }
}

#[test]
fn exp_f64_of_nan_is_nan() {
    assert!(exp_f64(f64::NAN).is_nan(), "exp_f64(NaN)");
    assert!(exp_f64(-f64::NAN).is_nan(), "exp_f64(-NaN)");
}

#[test]
fn exp_f32_matches_std_within_one_ulp() {
    let mut rng = SplitMix64::new(5);
    let mut off_by_one = 0;
    for _ in 0..2_000_000 {
        off_by_one += check_exp_f32(rng.uniform_f32(-104.0, 89.0));
    }
    // exp_f32 is within 0.78 ULP of exact and glibc's expf within 0.51 ULP, so they disagree
    // where e^x lies near a midpoint between two f32 values: on 4.5% of these inputs. A
    // rate far above that means the error grew, even while it stays below 1 ULP.
    assert!(
        off_by_one < 100_000,
        "{off_by_one} of 2e6 inputs differ from std by 1 ULP"
    );
}

#[test]
fn exp_f32_near_thresholds_within_one_ulp() {
    check_exp_f32_around(EXP_F32_LAST_FINITE_INPUT, 100_000);
    check_exp_f32_around(EXP_F32_FIRST_NONZERO_INPUT, 100_000);
    // The boundary between normal and subnormal results, where exp(x) is near 2^-126.
    check_exp_f32_around(-87.33654, 100_000);
}

#[test]
fn exp_f32_near_zero_within_one_ulp() {
    let mut rng = SplitMix64::new(9);
    for _ in 0..200_000 {
        check_exp_f32(rng.uniform_f32(-1.0, 1.0));
    }
    // Magnitudes from 2^-30 to 2^0 with random mantissas and signs.
    for _ in 0..200_000 {
        let bits = (rng.next_u64() >> 32) as u32;
        let exponent = 97 + ((bits >> 23) & 0xff) % 31;
        let sign = bits & (1 << 31);
        check_exp_f32(f32::from_bits(
            sign | (exponent << 23) | (bits & ((1 << 23) - 1)),
        ));
    }
}

#[test]
fn exp_f32_edge_cases_are_exact() {
    let smallest_subnormal = f32::from_bits(1);
    let cases = [
        (f32::INFINITY, f32::INFINITY),
        (f32::NEG_INFINITY, 0.0),
        (0.0, 1.0),
        (-0.0, 1.0),
        (f32::MAX, f32::INFINITY),
        (f32::MIN, 0.0),
        (f32::MIN_POSITIVE, 1.0),
        (smallest_subnormal, 1.0),
        (-smallest_subnormal, 1.0),
        (1.0, std::f32::consts::E),
        (EXP_F32_LAST_FINITE_INPUT, 3.4027985e38),
        (
            f32::from_bits(EXP_F32_LAST_FINITE_INPUT.to_bits() + 1),
            f32::INFINITY,
        ),
        (EXP_F32_FIRST_NONZERO_INPUT, smallest_subnormal),
        (
            f32::from_bits(EXP_F32_FIRST_NONZERO_INPUT.to_bits() + 1),
            0.0,
        ),
        (-104.0, 0.0),
    ];
    for (x, expected) in cases {
        let actual = exp_f32(x);
        assert_eq!(
            actual.to_bits(),
            expected.to_bits(),
            "exp_f32({x:e}) = {actual:e}, expected {expected:e}"
        );
        assert_eq!(
            actual.to_bits(),
            x.exp().to_bits(),
            "exp_f32({x:e}) against std"
        );
    }
}

#[test]
fn exp_f32_of_nan_is_nan() {
    assert!(exp_f32(f32::NAN).is_nan(), "exp_f32(NaN)");
    assert!(exp_f32(-f32::NAN).is_nan(), "exp_f32(-NaN)");
}

#[test]
#[ignore = "checks all 2^32 inputs; run with `cargo test --release -- --ignored`"]
fn exp_f32_every_input_within_one_ulp() {
    let mut largest_error = 0.0;
    let mut largest_error_input = 0.0;
    for bits in 0..=u32::MAX {
        let x = f32::from_bits(bits);
        check_exp_f32(x);
        let error = exp_f32_error_in_ulps(x);
        if error > largest_error {
            largest_error = error;
            largest_error_input = x;
        }
    }
    // Below 1 ULP of the exact value, a result is the correctly rounded value or one of its
    // neighbours. The documented largest error of the implementation is 0.78 ULP.
    assert!(
        largest_error < 1.0,
        "exp_f32({largest_error_input:e}) is {largest_error} ULP from the exact value"
    );
}

/// Returns the distance of `exp_f32(x)` from `e^x`, in units of the `f32` spacing at `e^x`.
///
/// std's `f64::exp` stands for the exact value: its error of about 2^-52 relative is
/// 2^-29 of an `f32` ULP. A result that overflows is 0 ULP away when `e^x` rounds to
/// infinity as well, and 1 ULP away when it is `f32::MAX` instead, or the reverse.
fn exp_f32_error_in_ulps(x: f32) -> f64 {
    let actual = exp_f32(x);
    if x.is_nan() {
        return if actual.is_nan() { 0.0 } else { f64::INFINITY };
    }
    let exact = f64::from(x).exp();
    if actual.is_infinite() || exact > f64::from(f32::MAX) {
        return f64::from(ulp_distance_f32(actual, exact as f32));
    }
    // The spacing of f32 values in the binade of `exact`, at least that of the subnormals.
    let smallest_spacing = f64::from(f32::from_bits(1));
    let binade_start = f64::from_bits(exact.to_bits() & 0xfff0_0000_0000_0000);
    let spacing = (binade_start * f64::from(f32::EPSILON)).max(smallest_spacing);
    (f64::from(actual) - exact).abs() / spacing
}

#[test]
fn sqrt_f64_matches_std_exactly() {
    let mut rng = SplitMix64::new(6);
    for _ in 0..1_000_000 {
        // Random bit patterns of positive finite numbers, including subnormals.
        let bits = rng.next_u64() >> 1;
        if bits >= f64::INFINITY.to_bits() {
            continue;
        }
        check_sqrt_f64(f64::from_bits(bits));
    }
    for _ in 0..200_000 {
        check_sqrt_f64(f64::from_bits(rng.next_u64() >> 12));
    }
}

#[test]
fn sqrt_f64_near_squares_matches_std() {
    // Near the square of a double, the root is close to a representable value or, one ULP of
    // the square away, close to a rounding midpoint.
    let mut rng = SplitMix64::new(7);
    for _ in 0..200_000 {
        let scale = f64::from_bits((483 + rng.next_u64() % 1053) << 52);
        let root = rng.uniform_f64(1.0, 2.0) * scale;
        let square_bits = (root * root).to_bits();
        if square_bits >= f64::INFINITY.to_bits() {
            continue;
        }
        for neighbour in square_bits.saturating_sub(2)..=square_bits + 2 {
            check_sqrt_f64(f64::from_bits(neighbour));
        }
    }
}

#[test]
fn sqrt_f64_edge_cases_are_exact() {
    let smallest_subnormal = f64::from_bits(1);
    let cases = [
        (f64::INFINITY, f64::INFINITY),
        (0.0, 0.0),
        (-0.0, -0.0),
        (1.0, 1.0),
        (4.0, 2.0),
        (2.0, std::f64::consts::SQRT_2),
        (f64::MAX, 1.3407807929942596e154),
        (f64::MIN_POSITIVE, 1.4916681462400413e-154),
        (smallest_subnormal, 2.2227587494850775e-162),
        (
            f64::from_bits(0x000f_ffff_ffff_ffff),
            1.4916681462400412e-154,
        ),
    ];
    for (x, expected) in cases {
        let actual = sqrt_f64(x);
        assert_eq!(
            actual.to_bits(),
            expected.to_bits(),
            "sqrt_f64({x:e}) = {actual:e}, expected {expected:e}"
        );
        assert_eq!(
            actual.to_bits(),
            x.sqrt().to_bits(),
            "sqrt_f64({x:e}) against std"
        );
    }
}

#[test]
fn sqrt_f64_of_nan_is_nan() {
    assert!(sqrt_f64(f64::NAN).is_nan(), "sqrt_f64(NaN)");
}

#[test]
fn sqrt_f64_of_negative_is_nan() {
    let smallest_subnormal = f64::from_bits(1);
    for x in [
        -1.0,
        -f64::MIN_POSITIVE,
        -smallest_subnormal,
        f64::MIN,
        f64::NEG_INFINITY,
    ] {
        assert!(sqrt_f64(x).is_nan(), "sqrt_f64({x:e})");
    }
}

#[test]
fn sqrt_f32_matches_std_exactly() {
    let mut rng = SplitMix64::new(8);
    for _ in 0..1_000_000 {
        let bits = (rng.next_u64() >> 33) as u32;
        if bits >= f32::INFINITY.to_bits() {
            continue;
        }
        check_sqrt_f32(f32::from_bits(bits));
    }
    // Every subnormal whose bit pattern is a multiple of 61, and the first 100 000.
    for bits in (1..1 << 23).step_by(61).chain(1..100_000) {
        check_sqrt_f32(f32::from_bits(bits));
    }
}

#[test]
fn sqrt_f32_edge_cases_are_exact() {
    let smallest_subnormal = f32::from_bits(1);
    let cases = [
        (f32::INFINITY, f32::INFINITY),
        (0.0, 0.0),
        (-0.0, -0.0),
        (1.0, 1.0),
        (4.0, 2.0),
        (2.0, std::f32::consts::SQRT_2),
        (f32::MAX, 1.8446743e19),
        (f32::MIN_POSITIVE, 1.0842022e-19),
        (smallest_subnormal, 3.743392e-23),
    ];
    for (x, expected) in cases {
        let actual = sqrt_f32(x);
        assert_eq!(
            actual.to_bits(),
            expected.to_bits(),
            "sqrt_f32({x:e}) = {actual:e}, expected {expected:e}"
        );
        assert_eq!(
            actual.to_bits(),
            x.sqrt().to_bits(),
            "sqrt_f32({x:e}) against std"
        );
    }
}

#[test]
fn sqrt_f32_of_nan_is_nan() {
    assert!(sqrt_f32(f32::NAN).is_nan(), "sqrt_f32(NaN)");
}

#[test]
fn sqrt_f32_of_negative_is_nan() {
    let smallest_subnormal = f32::from_bits(1);
    for x in [
        -1.0,
        -f32::MIN_POSITIVE,
        -smallest_subnormal,
        f32::MIN,
        f32::NEG_INFINITY,
    ] {
        assert!(sqrt_f32(x).is_nan(), "sqrt_f32({x:e})");
    }
}

#[test]
#[ignore = "checks all 2^32 inputs; run with `cargo test --release -- --ignored`"]
fn sqrt_f32_every_input_matches_std() {
    for bits in 0..=u32::MAX {
        check_sqrt_f32(f32::from_bits(bits));
    }
}

/// Returns a double with a random sign and mantissa and a magnitude between 2^-60 and 2^0.
fn near_zero_f64(rng: &mut SplitMix64) -> f64 {
    let bits = rng.next_u64();
    // Biased exponents 963 to 1023 are the binades 2^-60 to 2^0.
    let exponent = 963 + ((bits >> 52) & 0x7ff) % 61;
    let sign = bits & (1 << 63);
    f64::from_bits(sign | (exponent << 52) | (bits & ((1 << 52) - 1)))
}

/// Draws input `index` of the 10-million sample: 6 in 10 over the whole finite range, 2 near 0,
/// 1 near the overflow threshold and 1 near the underflow threshold.
fn exp_sample_f64(rng: &mut SplitMix64, index: u64) -> f64 {
    match index % 10 {
        0..=5 => rng.uniform_f64(-746.0, 710.0),
        6 | 7 => near_zero_f64(rng),
        8 => rng.uniform_f64(700.0, EXP_F64_LAST_FINITE_INPUT + 1e-9),
        _ => rng.uniform_f64(-746.0, -708.0),
    }
}

/// Runs in the normal test step: it took 0.7 s in a debug build on 2 cores, below the 5 s at
/// which a test moves to the ignored ones.
#[test]
fn exp_f64_ten_million_inputs_within_one_ulp() {
    const COUNT: u64 = 10_000_000;
    let mut rng = SplitMix64::new(5);
    let mut off_by_one = 0;
    for index in 0..COUNT {
        off_by_one += check_exp_f64(exp_sample_f64(&mut rng, index));
    }
    // As in `exp_f64_matches_std_within_one_ulp`: about 1.2% of inputs sit close enough to a
    // rounding midpoint for the two to round apart; 2% leaves room without hiding a larger error.
    assert!(
        off_by_one < COUNT / 50,
        "{off_by_one} of {COUNT} inputs differ from std by 1 ULP"
    );
}

//! The numbers a tensor can hold.

#![forbid(unsafe_code)]

use core::fmt::Debug;
use core::ops::{Add, AddAssign, Div, Mul, MulAssign, Neg, Sub};

use crate::math;

mod sealed {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
    impl Sealed for i32 {}
    impl Sealed for i64 {}
    impl Sealed for u8 {}
}

/// A number that a tensor can hold: `f32`, `f64`, `i32`, `i64` or `u8`.
///
/// The arithmetic methods follow numpy's rules for each type, and never
/// panic: integers wrap around on overflow, as numpy's fixed-width
/// integers do, and floats follow IEEE 754.
///
/// The trait is sealed: the list of types is fixed.
///
/// # Examples
///
/// ```
/// use baretensor::Element;
///
/// assert_eq!(250u8.elem_add(10), 4); // wraps around, as numpy's uint8 does
/// assert_eq!(7i32.elem_div(0), 0); // numpy's integer division by zero gives 0
/// assert!(f64::NAN.max_or_nan(1.0).is_nan()); // NaN propagates through maximum
/// ```
pub trait Element:
    Copy + PartialEq + PartialOrd + Debug + Send + Sync + 'static + sealed::Sealed
{
    /// The additive identity.
    const ZERO: Self;
    /// The multiplicative identity.
    const ONE: Self;
    /// numpy's name for the type, such as `"float64"` or `"uint8"`.
    const DTYPE: &'static str;

    /// Returns `self + rhs`, wrapping around for integers.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Element;
    ///
    /// assert_eq!(250u8.elem_add(10), 4); // 260 wraps around to 260 - 256
    /// assert_eq!(1.5f64.elem_add(2.0), 3.5);
    /// ```
    fn elem_add(self, rhs: Self) -> Self;
    /// Returns `self - rhs`, wrapping around for integers.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Element;
    ///
    /// assert_eq!(0u8.elem_sub(1), 255);
    /// assert_eq!(i32::MIN.elem_sub(1), i32::MAX);
    /// assert_eq!(1.0f32.elem_sub(0.25), 0.75);
    /// ```
    fn elem_sub(self, rhs: Self) -> Self;
    /// Returns `self * rhs`, wrapping around for integers.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Element;
    ///
    /// assert_eq!(16u8.elem_mul(16), 0); // 256 wraps around to 0
    /// assert_eq!(3.0f64.elem_mul(0.5), 1.5);
    /// ```
    fn elem_mul(self, rhs: Self) -> Self;
    /// Returns `self / rhs`, with IEEE division for floats. Integers give
    /// the quotient truncated toward zero, 0 when `rhs` is 0 as numpy's
    /// integer division does, and `MIN` for `MIN / -1`, which wraps around.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Element;
    ///
    /// assert_eq!(7i32.elem_div(2), 3);
    /// assert_eq!((-7i32).elem_div(2), -3); // truncated toward zero
    /// assert_eq!(7i32.elem_div(0), 0);
    /// assert_eq!(i64::MIN.elem_div(-1), i64::MIN);
    /// assert_eq!(1.0f64.elem_div(0.0), f64::INFINITY);
    /// ```
    fn elem_div(self, rhs: Self) -> Self;
    /// Returns the larger of the two, or NaN if either is NaN, as numpy's
    /// `maximum` does.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Element;
    ///
    /// assert_eq!(3i32.max_or_nan(5), 5);
    /// assert!(f64::NAN.max_or_nan(1.0).is_nan());
    /// assert!(1.0f64.max_or_nan(f64::NAN).is_nan());
    /// // f64::max instead ignores the NaN.
    /// assert_eq!(f64::NAN.max(1.0), 1.0);
    /// ```
    fn max_or_nan(self, rhs: Self) -> Self;
    /// Returns the smaller of the two, or NaN if either is NaN, as numpy's
    /// `minimum` does.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Element;
    ///
    /// assert_eq!(3i32.min_or_nan(5), 3);
    /// assert!(f32::NAN.min_or_nan(1.0).is_nan());
    /// // f32::min instead ignores the NaN.
    /// assert_eq!(f32::NAN.min(1.0), 1.0);
    /// ```
    fn min_or_nan(self, rhs: Self) -> Self;
    /// Returns whether the value is NaN; always false for integers.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Element;
    ///
    /// fn count_nan<T: Element>(values: &[T]) -> usize {
    ///     values.iter().filter(|value| value.is_nan()).count()
    /// }
    /// assert_eq!(count_nan(&[1.0, f64::NAN, 3.0]), 1);
    /// assert_eq!(count_nan(&[1, 2, 3]), 0);
    /// ```
    fn is_nan(self) -> bool;
    /// Converts the value to `f64`, exactly except for `i64` values beyond
    /// 2^53, which round to the nearest `f64`.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Element;
    ///
    /// assert_eq!(200u8.to_f64(), 200.0);
    /// assert_eq!(0.1f32.to_f64(), 0.10000000149011612); // the f32 value, exactly
    /// assert_eq!(((1i64 << 53) + 1).to_f64(), 9007199254740992.0); // rounds to 2^53
    /// ```
    fn to_f64(self) -> f64;

    /// Writes an array of this type as numpy's `str()` prints it; the
    /// `Display` of tensors calls it.
    #[doc(hidden)]
    fn write_array(
        out: &mut core::fmt::Formatter<'_>,
        shape: &[usize],
        values: &[Self],
    ) -> core::fmt::Result;
}

macro_rules! impl_element_for_integer {
    ($($type:ty => $dtype:literal),*) => {$(
        impl Element for $type {
            const ZERO: Self = 0;
            const ONE: Self = 1;
            const DTYPE: &'static str = $dtype;

            fn elem_add(self, rhs: Self) -> Self {
                self.wrapping_add(rhs)
            }
            fn elem_sub(self, rhs: Self) -> Self {
                self.wrapping_sub(rhs)
            }
            fn elem_mul(self, rhs: Self) -> Self {
                self.wrapping_mul(rhs)
            }
            fn elem_div(self, rhs: Self) -> Self {
                if rhs == 0 { 0 } else { self.wrapping_div(rhs) }
            }
            fn max_or_nan(self, rhs: Self) -> Self {
                Ord::max(self, rhs)
            }
            fn min_or_nan(self, rhs: Self) -> Self {
                Ord::min(self, rhs)
            }
            fn is_nan(self) -> bool {
                false
            }
            fn to_f64(self) -> f64 {
                self as f64
            }
            fn write_array(out: &mut core::fmt::Formatter<'_>, shape: &[usize], values: &[Self]) -> core::fmt::Result {
                crate::fmt::format_array(out, shape, values)
            }
        }
    )*};
}

impl_element_for_integer!(i32 => "int32", i64 => "int64", u8 => "uint8");

/// A floating-point element: `f32` or `f64`.
///
/// It adds the operators and the functions that the exercises need. `exp`
/// and `sqrt` come from [`crate::math`], written by hand, so a build with
/// `std` and one without give bit-identical results.
///
/// # Examples
///
/// ```
/// use baretensor::Float;
///
/// fn sigmoid<T: Float>(x: T) -> T {
///     T::ONE / (T::ONE + (-x).exp())
/// }
/// assert_eq!(sigmoid(0.0f64), 0.5);
/// assert_eq!(Float::sqrt(16.0f32), 4.0);
/// ```
pub trait Float:
    Element
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + AddAssign
    + MulAssign
{
    /// Not a number.
    const NAN: Self;
    /// Positive infinity.
    const INFINITY: Self;
    /// Negative infinity.
    const NEG_INFINITY: Self;
    /// The distance from 1.0 to the next larger number, 2^-23 for `f32`
    /// and 2^-52 for `f64`.
    const EPSILON: Self;

    /// Returns e raised to the power `self`.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Float;
    ///
    /// // f64 has an inherent `exp` too, so the trait method is named in full.
    /// assert_eq!(Float::exp(0.0f64), 1.0);
    /// assert!((Float::exp(1.0f64) - std::f64::consts::E).abs() < 1e-15);
    /// assert_eq!(Float::exp(f32::NEG_INFINITY), 0.0);
    /// ```
    fn exp(self) -> Self;
    /// Returns the correctly rounded square root, NaN for negative inputs.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Float;
    ///
    /// assert_eq!(Float::sqrt(16.0f32), 4.0);
    /// assert_eq!(Float::sqrt(2.0f64), std::f64::consts::SQRT_2);
    /// assert!(Float::sqrt(-1.0f64).is_nan());
    /// ```
    fn sqrt(self) -> Self;
    /// Returns the absolute value.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Float;
    ///
    /// assert_eq!(Float::abs(-2.5f32), 2.5);
    /// assert!(Float::abs(-0.0f64).is_sign_positive());
    /// ```
    fn abs(self) -> Self;
    /// Converts an `f64`, rounding to the nearest value of the type.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Float;
    ///
    /// assert_eq!(f32::from_f64(0.1), 0.1f32);
    /// assert_eq!(f32::from_f64(1e40), f32::INFINITY); // beyond f32::MAX
    /// assert_eq!(f64::from_f64(0.1), 0.1);
    /// ```
    fn from_f64(value: f64) -> Self;
    /// Converts a count, rounding to the nearest value of the type.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Float;
    ///
    /// fn mean<T: Float>(values: &[T]) -> T {
    ///     let sum = values.iter().fold(T::ZERO, |total, &value| total + value);
    ///     sum / T::from_usize(values.len())
    /// }
    /// assert_eq!(mean(&[1.0f32, 2.0, 6.0]), 3.0);
    /// assert_eq!(f32::from_usize(16_777_217), 16_777_216.0); // 2^24 + 1 rounds to 2^24
    /// ```
    fn from_usize(value: usize) -> Self;
}

macro_rules! impl_float {
    ($($type:ident => $dtype:literal, $exp:path, $sqrt:path);*) => {$(
        impl Element for $type {
            const ZERO: Self = 0.0;
            const ONE: Self = 1.0;
            const DTYPE: &'static str = $dtype;

            fn elem_add(self, rhs: Self) -> Self {
                self + rhs
            }
            fn elem_sub(self, rhs: Self) -> Self {
                self - rhs
            }
            fn elem_mul(self, rhs: Self) -> Self {
                self * rhs
            }
            fn elem_div(self, rhs: Self) -> Self {
                self / rhs
            }
            fn max_or_nan(self, rhs: Self) -> Self {
                if self.is_nan() || rhs.is_nan() {
                    Self::NAN
                } else if self > rhs || (self == rhs && rhs.is_sign_negative()) {
                    // The second test makes max_or_nan(-0.0, 0.0) == 0.0.
                    self
                } else {
                    rhs
                }
            }
            fn min_or_nan(self, rhs: Self) -> Self {
                if self.is_nan() || rhs.is_nan() {
                    Self::NAN
                } else if self < rhs || (self == rhs && self.is_sign_negative()) {
                    self
                } else {
                    rhs
                }
            }
            fn is_nan(self) -> bool {
                $type::is_nan(self)
            }
            fn to_f64(self) -> f64 {
                self as f64
            }
            fn write_array(out: &mut core::fmt::Formatter<'_>, shape: &[usize], values: &[Self]) -> core::fmt::Result {
                crate::fmt::format_array(out, shape, values)
            }
        }

        impl Float for $type {
            const NAN: Self = $type::NAN;
            const INFINITY: Self = $type::INFINITY;
            const NEG_INFINITY: Self = $type::NEG_INFINITY;
            const EPSILON: Self = $type::EPSILON;

            fn exp(self) -> Self {
                $exp(self)
            }
            fn sqrt(self) -> Self {
                $sqrt(self)
            }
            fn abs(self) -> Self {
                // Clearing the sign bit is exact for every input, NaN included.
                let sign_bit = 1 << (core::mem::size_of::<Self>() * 8 - 1);
                $type::from_bits(self.to_bits() & !sign_bit)
            }
            fn from_f64(value: f64) -> Self {
                value as $type
            }
            fn from_usize(value: usize) -> Self {
                value as $type
            }
        }
    )*};
}

impl_float!(
    f32 => "float32", math::exp_f32, math::sqrt_f32;
    f64 => "float64", math::exp_f64, math::sqrt_f64
);

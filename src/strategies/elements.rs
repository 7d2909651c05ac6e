//! Strategies for element values: floats in a range, with NaN, infinities
//! and -0.0 on request, and integers in a range.

#![forbid(unsafe_code)]

use alloc::vec::Vec;
use core::marker::PhantomData;
use core::ops::{Bound, RangeBounds};

use proptest::num::{u64 as u64_search, u128 as u128_search};
use proptest::strategy::{NewTree, Strategy, ValueTree};
use proptest::test_runner::{Reason, TestRunner};

use crate::{Element, Float};

/// Draws one value of `strategy`. The strategies here take their random
/// numbers this way, through proptest's own samplers, so that the crate
/// needs no direct dependency on `rand`.
pub(super) fn draw<S: Strategy>(strategy: S, runner: &mut TestRunner) -> Result<S::Value, Reason> {
    Ok(strategy.new_tree(runner)?.current())
}

/// One draw in `ROLLS` picks a special value when any is enabled, and
/// another one in `ROLLS` picks a simple value. The rest are uniform.
const ROLLS: u32 = 8;

/// The kind of value a drawn element starts from.
enum Pick {
    Special,
    Simple,
    Uniform,
}

fn pick(runner: &mut TestRunner) -> Result<Pick, Reason> {
    Ok(match draw(0..ROLLS, runner)? {
        0 => Pick::Special,
        1 => Pick::Simple,
        _ => Pick::Uniform,
    })
}

/// Shrinks a distance from a target toward 0: first straight to 0, and if
/// the failure goes away there, by binary search between 0 and the start.
///
/// Trying 0 first settles in one step the many elements whose value does
/// not matter to a failure, where a binary search would take up to 64.
#[derive(Clone, Debug)]
struct Distance<B> {
    search: B,
    jump: Jump,
}

/// The state of the first shrinking step, the jump straight to the
/// simplest value: a distance of 0, or the fallback of a special float.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Jump {
    /// The jump has not been tried yet.
    Untried,
    /// The current value is the simplest one, on trial.
    Trying,
    /// The failure happened at the simplest value too, which is final.
    Kept,
    /// The failure went away at the simplest value, so the start stays or,
    /// for a distance, the binary search takes over.
    Refused,
}

impl<B: ValueTree> Distance<B>
where
    B::Value: Default + PartialEq,
{
    fn new(search: B) -> Self {
        Self {
            search,
            jump: Jump::Untried,
        }
    }

    fn current(&self) -> B::Value {
        match self.jump {
            Jump::Trying | Jump::Kept => B::Value::default(),
            Jump::Untried | Jump::Refused => self.search.current(),
        }
    }

    fn simplify(&mut self) -> bool {
        match self.jump {
            Jump::Untried if self.search.current() != B::Value::default() => {
                self.jump = Jump::Trying;
                true
            }
            Jump::Untried | Jump::Refused => {
                self.jump = Jump::Refused;
                self.search.simplify()
            }
            Jump::Trying | Jump::Kept => {
                self.jump = Jump::Kept;
                false
            }
        }
    }

    fn complicate(&mut self) -> bool {
        match self.jump {
            Jump::Trying => {
                self.jump = Jump::Refused;
                true
            }
            Jump::Refused => self.search.complicate(),
            Jump::Untried | Jump::Kept => false,
        }
    }
}

/// The range and special values of [`floats`].
///
/// [`new`](Self::new) sets the range of finite values, and each `with_`
/// method adds special values, which are drawn in addition to the range.
///
/// # Examples
///
/// ```
/// use baretensor::strategies::{FloatOptions, floats};
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
///
/// let options = FloatOptions::new(-1.0f32, 1.0).with_nan().with_infinities();
/// let mut runner = TestRunner::deterministic();
/// for _ in 0..100 {
///     let x = floats(options).new_tree(&mut runner)?.current();
///     assert!(x.is_nan() || x.is_infinite() || (-1.0..=1.0).contains(&x));
///     assert!(!(x == 0.0 && x.is_sign_negative()), "-0.0 was not requested");
/// }
/// # Ok::<(), proptest::test_runner::Reason>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FloatOptions<T> {
    min: T,
    max: T,
    nan: bool,
    infinities: bool,
    negative_zero: bool,
}

impl<T: Float> FloatOptions<T> {
    /// Returns options for finite values from `min` to `max`, both
    /// included, and no special values.
    ///
    /// # Panics
    ///
    /// Panics if a bound is NaN or infinite, or if `min > max`.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::strategies::FloatOptions;
    ///
    /// let unit = FloatOptions::new(0.0f64, 1.0);
    /// assert_ne!(unit, unit.with_nan());
    /// ```
    #[track_caller]
    pub fn new(min: T, max: T) -> Self {
        let finite = |x: T| x.to_f64().is_finite();
        assert!(
            finite(min) && finite(max) && min <= max,
            "FloatOptions::new needs finite bounds with min <= max, got {min:?} and {max:?}"
        );
        Self {
            min,
            max,
            nan: false,
            infinities: false,
            negative_zero: false,
        }
    }

    /// Returns the options with NaN added.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::strategies::{FloatOptions, floats};
    /// use proptest::strategy::{Strategy, ValueTree};
    /// use proptest::test_runner::TestRunner;
    ///
    /// let strategy = floats(FloatOptions::new(0.0f64, 1.0).with_nan());
    /// let mut runner = TestRunner::deterministic();
    /// let draws: Vec<f64> = (0..200)
    ///     .map(|_| strategy.new_tree(&mut runner).map(|tree| tree.current()))
    ///     .collect::<Result<_, _>>()?;
    /// assert!(draws.iter().any(|x| x.is_nan()));
    /// # Ok::<(), proptest::test_runner::Reason>(())
    /// ```
    pub fn with_nan(mut self) -> Self {
        self.nan = true;
        self
    }

    /// Returns the options with positive and negative infinity added.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::strategies::{FloatOptions, floats};
    /// use proptest::strategy::{Strategy, ValueTree};
    /// use proptest::test_runner::TestRunner;
    ///
    /// let strategy = floats(FloatOptions::new(-1.0f32, 1.0).with_infinities());
    /// let mut runner = TestRunner::deterministic();
    /// let draws: Vec<f32> = (0..400)
    ///     .map(|_| strategy.new_tree(&mut runner).map(|tree| tree.current()))
    ///     .collect::<Result<_, _>>()?;
    /// assert!(draws.contains(&f32::INFINITY));
    /// assert!(draws.contains(&f32::NEG_INFINITY));
    /// # Ok::<(), proptest::test_runner::Reason>(())
    /// ```
    pub fn with_infinities(mut self) -> Self {
        self.infinities = true;
        self
    }

    /// Returns the options with -0.0 added. Without it, a zero is always
    /// +0.0.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::strategies::{FloatOptions, floats};
    /// use proptest::strategy::{Strategy, ValueTree};
    /// use proptest::test_runner::TestRunner;
    ///
    /// let strategy = floats(FloatOptions::new(-1.0f64, 1.0).with_negative_zero());
    /// let mut runner = TestRunner::deterministic();
    /// let draws: Vec<f64> = (0..200)
    ///     .map(|_| strategy.new_tree(&mut runner).map(|tree| tree.current()))
    ///     .collect::<Result<_, _>>()?;
    /// assert!(draws.iter().any(|x| *x == 0.0 && x.is_sign_negative()));
    /// # Ok::<(), proptest::test_runner::Reason>(())
    /// ```
    pub fn with_negative_zero(mut self) -> Self {
        self.negative_zero = true;
        self
    }

    /// Returns the options with every special value added: NaN, both
    /// infinities and -0.0.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::strategies::FloatOptions;
    ///
    /// let all = FloatOptions::new(0.0f32, 1.0).with_special_values();
    /// let each = FloatOptions::new(0.0f32, 1.0)
    ///     .with_nan()
    ///     .with_infinities()
    ///     .with_negative_zero();
    /// assert_eq!(all, each);
    /// ```
    pub fn with_special_values(self) -> Self {
        self.with_nan().with_infinities().with_negative_zero()
    }

    /// Returns the special values requested.
    fn special_values(&self) -> Vec<T> {
        let mut values = Vec::new();
        if self.nan {
            values.push(T::NAN);
        }
        if self.infinities {
            values.extend([T::INFINITY, T::NEG_INFINITY]);
        }
        if self.negative_zero {
            values.push(-T::ZERO);
        }
        values
    }

    /// Returns the value failures shrink toward: 0 when the range contains
    /// it, otherwise the bound nearer to 0.
    fn target(&self) -> f64 {
        0.0f64.clamp(self.min.to_f64(), self.max.to_f64())
    }

    /// Returns the values that turn up more often than a uniform draw
    /// would give them: 0, 1 and -1 where the range contains them, and
    /// both bounds.
    fn simple_values(&self) -> Vec<f64> {
        let (min, max) = (self.min.to_f64(), self.max.to_f64());
        [0.0, 1.0, -1.0, min, max]
            .into_iter()
            .filter(|x| (min..=max).contains(x))
            .collect()
    }
}

/// Generates finite floats from `min` to `max`, both included.
///
/// Most values are uniform over the range, so a wide range such as
/// `-1e30..=1e30` gives mostly large values. One draw in eight is instead
/// a simple value: 0, 1 or -1 where the range contains them, or a bound.
/// A zero is always +0.0, and [`floats`] adds -0.0 on request.
///
/// A failing value shrinks toward 0, or toward the bound nearer to 0 when
/// the range excludes 0: first straight there, then by binary search.
///
/// # Panics
///
/// Panics if a bound is NaN or infinite, or if `min > max`.
///
/// # Examples
///
/// ```
/// use baretensor::strategies::finite_floats;
/// use proptest::prelude::*;
///
/// proptest! {
///     #![proptest_config(ProptestConfig::with_cases(64))]
///     fn squares_are_small(x in finite_floats(-3.0f64, 3.0)) {
///         prop_assert!((-3.0..=3.0).contains(&x));
///         prop_assert!(x * x <= 9.0);
///     }
/// }
/// squares_are_small();
/// ```
#[track_caller]
pub fn finite_floats<T: Float>(min: T, max: T) -> impl Strategy<Value = T> + Clone {
    floats(FloatOptions::new(min, max))
}

/// Generates floats as `options` describe: finite values in its range and
/// the special values it requests.
///
/// Finite values are drawn as in [`finite_floats`]. When special values
/// are requested, one draw in eight is one of them, each as likely as the
/// others. A special value shrinks to the value finite ones shrink toward
/// when the failure still happens there, and otherwise stays.
///
/// # Examples
///
/// ```
/// use baretensor::Element;
/// use baretensor::strategies::{FloatOptions, floats};
/// use proptest::prelude::*;
///
/// proptest! {
///     #![proptest_config(ProptestConfig::with_cases(64))]
///     fn max_or_nan_propagates_nan(x in floats(FloatOptions::new(-1.0f32, 1.0).with_special_values())) {
///         prop_assert!(x.max_or_nan(f32::NAN).is_nan());
///         prop_assert_eq!(x.max_or_nan(x).is_nan(), x.is_nan());
///     }
/// }
/// max_or_nan_propagates_nan();
/// ```
pub fn floats<T: Float>(options: FloatOptions<T>) -> impl Strategy<Value = T> + Clone {
    FloatStrategy { options }
}

#[derive(Clone, Copy, Debug)]
struct FloatStrategy<T> {
    options: FloatOptions<T>,
}

impl<T: Float> Strategy for FloatStrategy<T> {
    type Tree = FloatTree<T>;
    type Value = T;

    fn new_tree(&self, runner: &mut TestRunner) -> NewTree<Self> {
        let options = &self.options;
        let target = options.target();
        let specials = options.special_values();
        let start = match pick(runner)? {
            Pick::Special if !specials.is_empty() => {
                let value = specials[draw(0..specials.len(), runner)?];
                return Ok(FloatTree::Special {
                    value,
                    fallback: T::from_f64(target),
                    jump: Jump::Untried,
                });
            }
            Pick::Simple => {
                let simple = options.simple_values();
                simple[draw(0..simple.len(), runner)?]
            }
            Pick::Special | Pick::Uniform => {
                uniform(options.min.to_f64(), options.max.to_f64(), runner)?
            }
        };
        Ok(FloatTree::Finite {
            target,
            negative: start < target,
            distance: Distance::new(u64_search::BinarySearch::new(
                (start - target).abs().to_bits(),
            )),
            bounds: (options.min.to_f64(), options.max.to_f64()),
            marker: PhantomData,
        })
    }
}

/// Draws a float uniformly from `min` to `max`, both included.
fn uniform(min: f64, max: f64, runner: &mut TestRunner) -> Result<f64, Reason> {
    const STEPS: u64 = 1 << 53;
    let fraction = draw(0..=STEPS, runner)? as f64 / STEPS as f64;
    // Weighing the bounds, rather than adding a fraction of max - min,
    // cannot overflow even when the range spans all finite floats.
    Ok((min * (1.0 - fraction) + max * fraction).clamp(min, max))
}

/// The shrinking state of one float from [`floats`].
#[derive(Clone, Debug)]
enum FloatTree<T> {
    /// A finite value at a distance from the target, the distance kept as
    /// the bits of a non-negative `f64`, whose order is the order of the
    /// values, so that the binary search takes at most 64 steps.
    Finite {
        target: f64,
        negative: bool,
        distance: Distance<u64_search::BinarySearch>,
        bounds: (f64, f64),
        marker: PhantomData<fn() -> T>,
    },
    /// A special value, which tries the fallback once.
    Special { value: T, fallback: T, jump: Jump },
}

impl<T: Float> ValueTree for FloatTree<T> {
    type Value = T;

    fn current(&self) -> T {
        match self {
            Self::Finite {
                target,
                negative,
                distance,
                bounds,
                ..
            } => {
                let distance = f64::from_bits(distance.current());
                let value = if *negative {
                    target - distance
                } else {
                    target + distance
                };
                let value = T::from_f64(value.clamp(bounds.0, bounds.1));
                // Rounding a tiny negative value to f32 gives -0.0, which
                // only special values may produce.
                if value == T::ZERO { T::ZERO } else { value }
            }
            Self::Special {
                value,
                fallback,
                jump,
            } => match jump {
                Jump::Trying | Jump::Kept => *fallback,
                Jump::Untried | Jump::Refused => *value,
            },
        }
    }

    fn simplify(&mut self) -> bool {
        match self {
            Self::Finite { distance, .. } => distance.simplify(),
            Self::Special { jump, .. } => match jump {
                Jump::Untried => {
                    *jump = Jump::Trying;
                    true
                }
                Jump::Trying | Jump::Kept => {
                    *jump = Jump::Kept;
                    false
                }
                Jump::Refused => false,
            },
        }
    }

    fn complicate(&mut self) -> bool {
        match self {
            Self::Finite { distance, .. } => distance.complicate(),
            Self::Special { jump, .. } if *jump == Jump::Trying => {
                *jump = Jump::Refused;
                true
            }
            Self::Special { .. } => false,
        }
    }
}

/// Generates integers of type `i32`, `i64` or `u8` in `range`.
///
/// The range is any Rust range: `0..10`, `-5..=5`, `1..`, or `..` for the
/// whole type. Most values are uniform over it. One draw in eight is
/// instead 0, 1 or -1 where the range contains them, or a bound, because
/// the bounds are where integer arithmetic wraps around.
///
/// A failing value shrinks toward 0, or toward the bound nearer to 0 when
/// the range excludes 0: first straight there, then by binary search.
///
/// # Panics
///
/// Panics if the range is empty.
///
/// # Examples
///
/// ```
/// use baretensor::Element;
/// use baretensor::strategies::integers;
/// use proptest::prelude::*;
///
/// proptest! {
///     #![proptest_config(ProptestConfig::with_cases(64))]
///     fn adding_zero_changes_nothing(x in integers::<u8>(..)) {
///         prop_assert_eq!(x.elem_add(0), x);
///     }
/// }
/// adding_zero_changes_nothing();
/// ```
#[track_caller]
pub fn integers<T>(range: impl RangeBounds<T>) -> impl Strategy<Value = T> + Clone
where
    T: Element + Into<i128> + TryFrom<i128>,
{
    let (type_min, type_max) = type_bounds::<T>();
    let min = match range.start_bound() {
        Bound::Included(&start) => start.into(),
        Bound::Excluded(&start) => start.into() + 1,
        Bound::Unbounded => type_min,
    };
    let max = match range.end_bound() {
        Bound::Included(&end) => end.into(),
        Bound::Excluded(&end) => end.into() - 1,
        Bound::Unbounded => type_max,
    };
    assert!(
        min <= max,
        "integers: the range from {min} to {max} is empty"
    );
    IntegerStrategy {
        min,
        max,
        marker: PhantomData::<fn() -> T>,
    }
}

/// Returns the smallest and largest value of an integer type.
fn type_bounds<T: TryFrom<i128>>() -> (i128, i128) {
    let bits = 8 * core::mem::size_of::<T>() as u32;
    if T::try_from(-1).is_ok() {
        (-(1 << (bits - 1)), (1 << (bits - 1)) - 1)
    } else {
        (0, (1 << bits) - 1)
    }
}

#[derive(Debug)]
struct IntegerStrategy<T> {
    min: i128,
    max: i128,
    marker: PhantomData<fn() -> T>,
}

// Derived impls would ask for `T: Clone`, which a marker does not need.
impl<T> Clone for IntegerStrategy<T> {
    fn clone(&self) -> Self {
        Self {
            min: self.min,
            max: self.max,
            marker: PhantomData,
        }
    }
}

impl<T> Strategy for IntegerStrategy<T>
where
    T: Element + TryFrom<i128>,
{
    type Tree = IntegerTree<T>;
    type Value = T;

    fn new_tree(&self, runner: &mut TestRunner) -> NewTree<Self> {
        let (min, max) = (self.min, self.max);
        let start = match pick(runner)? {
            Pick::Simple => {
                let simple: Vec<i128> = [0, 1, -1, min, max]
                    .into_iter()
                    .filter(|x| (min..=max).contains(x))
                    .collect();
                simple[draw(0..simple.len(), runner)?]
            }
            Pick::Special | Pick::Uniform => draw(min..=max, runner)?,
        };
        let target = 0.clamp(min, max);
        Ok(IntegerTree {
            target,
            negative: start < target,
            distance: Distance::new(u128_search::BinarySearch::new(start.abs_diff(target))),
            marker: PhantomData,
        })
    }
}

/// The shrinking state of one integer from [`integers`]: a distance from
/// the target, on the side of the target where the value started.
#[derive(Clone, Debug)]
struct IntegerTree<T> {
    target: i128,
    negative: bool,
    distance: Distance<u128_search::BinarySearch>,
    marker: PhantomData<fn() -> T>,
}

impl<T> ValueTree for IntegerTree<T>
where
    T: Element + TryFrom<i128>,
{
    type Value = T;

    fn current(&self) -> T {
        // The distance never exceeds the starting one, so the value lies
        // between the target and the start, inside the range. An i128
        // can store any distance between two values of a 64-bit type.
        let distance = self.distance.current() as i128;
        let value = if self.negative {
            self.target - distance
        } else {
            self.target + distance
        };
        match T::try_from(value) {
            Ok(value) => value,
            Err(_) => unreachable!("{value} lies between the target and the start"),
        }
    }

    fn simplify(&mut self) -> bool {
        self.distance.simplify()
    }

    fn complicate(&mut self) -> bool {
        self.distance.complicate()
    }
}

//! Strategies for shapes: any shape within bounds, shapes that broadcast
//! against a given one, and sets of shapes that broadcast together.

#![forbid(unsafe_code)]

use alloc::vec;
use alloc::vec::Vec;

use proptest::collection::{SizeRange, vec};
use proptest::strategy::Strategy;

/// The inclusive bounds of a [`SizeRange`], checked to be non-empty.
#[track_caller]
fn bounds(range: SizeRange, what: &str) -> (usize, usize) {
    assert!(
        range.start() < range.end_excl(),
        "the {what} range {}..{} is empty",
        range.start(),
        range.end_excl()
    );
    range.start_end_incl()
}

/// The sides of a range, numbered in the order shrinking prefers them.
///
/// Choice 0 is the simplest side and shrinking moves toward it: 1 when
/// the range contains 1, otherwise the smallest side. After 1 come 2, 3, ...
/// up to the largest side, and 0 comes last. A side of 0 makes an empty
/// tensor, which hides the values that a failure depends on, so a side
/// only shrinks to 0 when the failure needs an empty tensor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct SideOrder {
    min: usize,
    max: usize,
}

impl SideOrder {
    #[track_caller]
    fn new(side: SizeRange) -> Self {
        let (min, max) = bounds(side, "side");
        Self { min, max }
    }

    /// Returns whether `side` lies in the range.
    fn contains(&self, side: usize) -> bool {
        (self.min..=self.max).contains(&side)
    }

    /// Returns the number of the last choice; choices run from 0 to it.
    fn last_choice(&self) -> usize {
        self.max - self.min
    }

    /// Returns the side that `choice` stands for.
    fn side(&self, choice: usize) -> usize {
        if self.min == 0 && self.max > 0 {
            // 1, 2, ..., max, then 0.
            if choice < self.max { choice + 1 } else { 0 }
        } else {
            self.min + choice
        }
    }

    /// Returns a strategy for one side, uniform over the range, that
    /// shrinks along the order above.
    fn strategy(self) -> impl Strategy<Value = usize> + Clone {
        (0..=self.last_choice()).prop_map(move |choice| self.side(choice))
    }
}

/// Generates shapes with a number of axes in `ndim` and every side in
/// `side`.
///
/// Both ranges accept anything that converts to proptest's `SizeRange`:
/// `2` for exactly two axes, `0..=3`, `1..5`, `..=4`.
///
/// A failing shape shrinks first by dropping axes, down to the smallest
/// count `ndim` allows, then by moving each side toward 1. When `side`
/// includes 0, sides still shrink toward 1, and 0 is kept only when the
/// failure needs an empty tensor. A range that excludes 1 shrinks toward
/// its smallest side.
///
/// # Panics
///
/// Panics if either range is empty, such as `3..3`.
///
/// # Examples
///
/// ```
/// use baretensor::Tensor;
/// use baretensor::strategies::shapes;
/// use proptest::prelude::*;
///
/// proptest! {
///     #![proptest_config(ProptestConfig::with_cases(32))]
///     fn zeros_have_the_shape(shape in shapes(0..=3, 0..=4)) {
///         prop_assert!(shape.len() <= 3);
///         prop_assert!(shape.iter().all(|&side| side <= 4));
///         let zeros = Tensor::<f32>::zeros(&shape);
///         prop_assert_eq!(zeros.shape(), &shape[..]);
///     }
/// }
/// zeros_have_the_shape();
/// ```
#[track_caller]
pub fn shapes(
    ndim: impl Into<SizeRange>,
    side: impl Into<SizeRange>,
) -> impl Strategy<Value = Vec<usize>> + Clone {
    let (min_ndim, max_ndim) = bounds(ndim.into(), "ndim");
    vec(SideOrder::new(side.into()).strategy(), min_ndim..=max_ndim)
}

/// The sides that one axis may take, counted from the last axis.
#[derive(Clone, Debug)]
enum AxisChoice {
    /// Any side of the range: the other shape lacks the axis or has 1.
    Free(SideOrder),
    /// One of these sides, simplest first.
    Among(Vec<usize>),
}

impl AxisChoice {
    /// Returns the choice for an axis against a side of `other`, `None` for
    /// a missing axis, or `None` if the range allows no side there.
    fn against(other: Option<usize>, sides: SideOrder) -> Option<Self> {
        match other {
            None | Some(1) => Some(Self::Free(sides)),
            Some(other) => {
                let among: Vec<usize> = [1, other]
                    .into_iter()
                    .filter(|&side| sides.contains(side))
                    .collect();
                (!among.is_empty()).then_some(Self::Among(among))
            }
        }
    }

    fn strategy(self) -> impl Strategy<Value = usize> + Clone {
        let last_choice = match &self {
            Self::Free(sides) => sides.last_choice(),
            Self::Among(among) => among.len() - 1,
        };
        (0..=last_choice).prop_map(move |choice| match &self {
            Self::Free(sides) => sides.side(choice),
            Self::Among(among) => among[choice],
        })
    }
}

/// Generates shapes that broadcast against `shape`, with a number of axes
/// in `ndim` and every side in `side`.
///
/// Shapes are aligned at their last axis. Where `shape` has a side other
/// than 1, a generated shape has the same side or 1. Where `shape` has 1,
/// or has no axis because the generated shape is longer, any side of the
/// range is allowed. So [`broadcast_shapes`](crate::broadcast_shapes) of
/// `shape` and a generated shape always succeeds.
///
/// When `side` contains neither 1 nor the side of `shape` at some axis, no
/// generated shape reaches that axis: the number of axes is capped below
/// it, counted from the end.
///
/// A failing shape shrinks first by dropping leading axes, then by moving
/// each side toward 1, as in [`shapes`].
///
/// # Panics
///
/// Panics if either range is empty, or if the cap above leaves no number
/// of axes in `ndim`.
///
/// # Examples
///
/// ```
/// use baretensor::{Tensor, broadcast_shapes};
/// use baretensor::strategies::broadcastable_shapes;
/// use proptest::prelude::*;
///
/// proptest! {
///     #![proptest_config(ProptestConfig::with_cases(32))]
///     fn adding_a_bias_keeps_the_shape(bias in broadcastable_shapes(&[4, 3], 0..=2, 1..=5)) {
///         // Each generated shape is (), (3,), (1,), (4, 3), (1, 3), (4, 1) or (1, 1).
///         let x = Tensor::<f64>::ones(&[4, 3]);
///         let sum = x.try_add(&Tensor::<f64>::ones(&bias))?;
///         prop_assert_eq!(sum.shape(), &[4, 3]);
///         prop_assert_eq!(broadcast_shapes(&[&[4, 3], &bias])?, vec![4, 3]);
///     }
/// }
/// adding_a_bias_keeps_the_shape();
/// ```
#[track_caller]
pub fn broadcastable_shapes<N, S>(
    shape: &[usize],
    ndim: N,
    side: S,
) -> impl Strategy<Value = Vec<usize>> + Clone + use<N, S>
where
    N: Into<SizeRange>,
    S: Into<SizeRange>,
{
    let (min_ndim, max_ndim) = bounds(ndim.into(), "ndim");
    let sides = SideOrder::new(side.into());
    let mut choices = Vec::new();
    for from_end in 1..=max_ndim {
        let other = shape.len().checked_sub(from_end).map(|axis| shape[axis]);
        match AxisChoice::against(other, sides) {
            Some(choice) => choices.push(choice.strategy()),
            None => break,
        }
    }
    let max_ndim = choices.len();
    assert!(
        min_ndim <= max_ndim,
        "broadcastable_shapes: no shape with at least {min_ndim} axes broadcasts against \
         {shape:?} with sides in {}..={}, since axis -{} would need a side of 1 or {}",
        sides.min,
        sides.max,
        max_ndim + 1,
        shape[shape.len() - max_ndim - 1],
    );
    // The number of axes comes first in the tuple, so it shrinks before
    // the sides: dropping a leading axis is the larger simplification.
    (min_ndim..=max_ndim, choices)
        .prop_map(|(ndim, sides_from_end)| sides_from_end[..ndim].iter().rev().copied().collect())
}

/// Shapes that broadcast together, and the shape they broadcast to, as
/// generated by [`mutually_broadcastable_shapes`].
///
/// `result` is what [`broadcast_shapes`](crate::broadcast_shapes) returns
/// for `inputs`, computed without it so that a test can compare the two.
///
/// # Examples
///
/// ```
/// use baretensor::strategies::BroadcastShapes;
///
/// let shapes = BroadcastShapes {
///     inputs: vec![vec![2, 1], vec![3]],
///     result: vec![2, 3],
/// };
/// assert_eq!(shapes.inputs.len(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BroadcastShapes {
    /// The generated shapes, as many as were asked for.
    pub inputs: Vec<Vec<usize>>,
    /// The shape that `inputs` broadcast to.
    pub result: Vec<usize>,
}

/// Generates `count` shapes that broadcast together, each with a number of
/// axes in `ndim` and every side in `side`, together with the shape they
/// broadcast to.
///
/// Aligned at the last axis, the shapes share one side per axis, drawn
/// from `side`. Each shape has that side or a 1 in its place, about half
/// the time each when `side` includes 1. Shapes with fewer axes than
/// others lack the leading axes, which counts as 1.
///
/// A failing set shrinks first by dropping leading axes of each shape,
/// then by moving the shared sides toward 1, then by replacing sides of
/// single shapes with 1.
///
/// # Panics
///
/// Panics if either range is empty.
///
/// # Examples
///
/// ```
/// use baretensor::{Tensor, broadcast_shapes};
/// use baretensor::strategies::mutually_broadcastable_shapes;
/// use proptest::prelude::*;
///
/// proptest! {
///     #![proptest_config(ProptestConfig::with_cases(32))]
///     fn addition_broadcasts_to_the_result(shapes in mutually_broadcastable_shapes(3, 0..=3, 1..=4)) {
///         let [a, b, c] = [0, 1, 2].map(|k| Tensor::<i32>::ones(&shapes.inputs[k]));
///         let sum = &(&a + &b) + &c;
///         prop_assert_eq!(sum.shape(), &shapes.result[..]);
///         let inputs: Vec<&[usize]> = shapes.inputs.iter().map(Vec::as_slice).collect();
///         prop_assert_eq!(broadcast_shapes(&inputs)?, shapes.result);
///     }
/// }
/// addition_broadcasts_to_the_result();
/// ```
#[track_caller]
pub fn mutually_broadcastable_shapes(
    count: usize,
    ndim: impl Into<SizeRange>,
    side: impl Into<SizeRange>,
) -> impl Strategy<Value = BroadcastShapes> + Clone {
    let (min_ndim, max_ndim) = bounds(ndim.into(), "ndim");
    let sides = SideOrder::new(side.into());
    // Without 1 in the range every shape must take the shared side, so
    // there is nothing to choose per shape.
    let flags_per_shape = if sides.contains(1) { max_ndim } else { 0 };
    let ndims = vec![min_ndim..=max_ndim; count];
    let shared = vec![sides.strategy(); max_ndim];
    // `true` keeps the shared side and `false` puts a 1 there, so shrinking
    // a flag toward `false` moves toward 1.
    let keeps = vec![vec![proptest::bool::weighted(0.5); flags_per_shape]; count];
    (ndims, shared, keeps).prop_map(|(ndims, shared, keeps)| assemble(&ndims, &shared, &keeps))
}

/// Builds the shapes of [`mutually_broadcastable_shapes`] from the drawn
/// parts: the number of axes of each shape, the shared sides counted from
/// the last axis, and per shape and axis whether the shared side is kept.
fn assemble(ndims: &[usize], shared: &[usize], keeps: &[Vec<bool>]) -> BroadcastShapes {
    let inputs: Vec<Vec<usize>> = ndims
        .iter()
        .zip(keeps)
        .map(|(&ndim, keep)| {
            (0..ndim)
                .rev()
                .map(|from_end| {
                    let kept = keep.get(from_end).copied().unwrap_or(true);
                    if kept { shared[from_end] } else { 1 }
                })
                .collect()
        })
        .collect();
    let result_ndim = ndims.iter().copied().max().unwrap_or(0);
    let result = (0..result_ndim)
        .rev()
        .map(|from_end| {
            // Every side at this axis is the shared side or 1, so the result
            // is the shared side if any shape kept it, and 1 otherwise.
            inputs
                .iter()
                .filter_map(|shape| {
                    shape
                        .len()
                        .checked_sub(from_end + 1)
                        .map(|axis| shape[axis])
                })
                .find(|&side| side != 1)
                .unwrap_or(1)
        })
        .collect();
    BroadcastShapes { inputs, result }
}

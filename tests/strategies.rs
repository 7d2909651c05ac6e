//! Tests of `baretensor::strategies`: properties of what each strategy
//! generates, checked with proptest over the strategies' own parameters,
//! and the minimal failures that shrinking reports for properties that
//! fail on purpose.

use std::fmt::Debug;

use baretensor::strategies::{
    BroadcastShapes, FloatOptions, StridedTensor, broadcastable_shapes, finite_floats, floats,
    integers, mutually_broadcastable_shapes, shapes, strided_tensors, tensors,
};
use baretensor::{Element, Tensor, broadcast_shapes};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseResult, TestError, TestRng, TestRunner};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// 256 cases per property, and no regressions file, so that a run leaves
/// the source tree as it was.
fn config() -> Config {
    Config {
        cases: 256,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Draws `count` values of `strategy` from a fixed seed.
fn draws<S: Strategy>(strategy: &S, count: usize) -> Vec<S::Value> {
    let mut runner = TestRunner::deterministic();
    (0..count)
        .map(|_| {
            strategy
                .new_tree(&mut runner)
                .expect("the strategy draws")
                .current()
        })
        .collect()
}

/// How many seeds each shrinking test runs: the minimal failure must not
/// depend on the starting value.
const SEEDS: u8 = 8;

/// Runs `test`, which must fail, from each of `SEEDS` fixed seeds, and
/// returns the minimal failing value that shrinking reports for each.
fn minimal_failures<S>(strategy: S, test: impl Fn(S::Value) -> TestCaseResult) -> Vec<S::Value>
where
    S: Strategy,
    S::Value: Debug,
{
    (0..SEEDS)
        .map(|seed| {
            let config = Config {
                cases: 1024,
                failure_persistence: None,
                ..Config::default()
            };
            let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]);
            let mut runner = TestRunner::new_with_rng(config, rng);
            match runner.run(&strategy, &test) {
                Err(TestError::Fail(_, minimal)) => minimal,
                other => panic!("seed {seed}: the property should fail, got {other:?}"),
            }
        })
        .collect()
}

/// Bounds of a range: its smallest and largest value.
#[derive(Clone, Copy, Debug)]
struct Bounds {
    min: usize,
    max: usize,
}

impl Bounds {
    fn contains(self, value: usize) -> bool {
        (self.min..=self.max).contains(&value)
    }
}

/// Draws ranges for the number of axes and for the sides, with sides from
/// 0 so that empty tensors are covered.
fn ndim_and_side_bounds() -> impl Strategy<Value = (Bounds, Bounds)> {
    (0usize..=3, 0usize..=2, 0usize..=3, 0usize..=3).prop_map(
        |(ndim, more_ndim, side, more_side)| {
            (
                Bounds {
                    min: ndim,
                    max: ndim + more_ndim,
                },
                Bounds {
                    min: side,
                    max: side + more_side,
                },
            )
        },
    )
}

fn shape_is_within(shape: &[usize], ndim: Bounds, side: Bounds) -> bool {
    ndim.contains(shape.len()) && shape.iter().all(|&axis_len| side.contains(axis_len))
}

/// Returns whether `a` and `b` broadcast, by numpy's rule written out:
/// aligned at the last axis, the sides are equal or one of them is 1.
fn broadcast_by_rule(a: &[usize], b: &[usize]) -> bool {
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .all(|(&x, &y)| x == y || x == 1 || y == 1)
}

/// Returns the lowest and highest buffer position that a non-empty
/// strided tensor reads, from its strides alone.
fn reach(x: &StridedTensor<impl Element>) -> (isize, isize) {
    let view = x.view();
    let mut lowest = view.offset() as isize;
    let mut highest = lowest;
    for (&axis_len, &stride) in view.shape().iter().zip(view.strides()) {
        let extent = (axis_len as isize - 1) * stride;
        lowest += extent.min(0);
        highest += extent.max(0);
    }
    (lowest, highest)
}

/// Returns the buffer position of `index` in a strided tensor.
fn position(x: &StridedTensor<impl Element>, index: &[usize]) -> usize {
    let view = x.view();
    let steps: isize = index
        .iter()
        .zip(view.strides())
        .map(|(&i, &stride)| i as isize * stride)
        .sum();
    (view.offset() as isize + steps) as usize
}

/// Returns every index of `shape` in row-major order.
fn indices(shape: &[usize]) -> Vec<Vec<usize>> {
    let mut all = Vec::new();
    Tensor::from_shape_fn(shape, |index| {
        all.push(index.to_vec());
        0u8
    })
    .expect("a small shape");
    all
}

/// Fails on every input, so that shrinking goes as far as the strategy
/// allows.
fn always_fail<V>(_: V) -> TestCaseResult {
    Err(TestCaseError::fail("fails on every input"))
}

/// Returns whether a float is -0.0.
fn is_negative_zero(x: f64) -> bool {
    x == 0.0 && x.is_sign_negative()
}

// ---------------------------------------------------------------------------
// 1. What the strategies generate
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    #[test]
    fn shapes_stay_within_ndim_and_side_bounds(
        (ndim, side, shape) in ndim_and_side_bounds().prop_flat_map(|(ndim, side)| {
            (Just(ndim), Just(side), shapes(ndim.min..=ndim.max, side.min..=side.max))
        }),
    ) {
        prop_assert!(shape_is_within(&shape, ndim, side), "{shape:?} outside {ndim:?}, {side:?}");
    }

    #[test]
    fn broadcastable_shapes_broadcast_against_any_shape(
        (base, ndim, side, shape) in (shapes(0..=4, 0..=4), ndim_and_side_bounds())
            .prop_flat_map(|(base, (ndim, side))| {
                // With at least 0 axes allowed, every base shape works: the
                // generated shapes stop short of an axis they cannot match.
                let generated = broadcastable_shapes(&base, 0..=ndim.max, side.min..=side.max);
                (Just(base), Just(ndim), Just(side), generated)
            }),
    ) {
        prop_assert!(shape.len() <= ndim.max);
        prop_assert!(shape.iter().all(|&axis_len| side.contains(axis_len)), "{shape:?} {side:?}");
        prop_assert!(broadcast_by_rule(&base, &shape), "{shape:?} against {base:?}");
        prop_assert!(broadcast_shapes(&[&base, &shape]).is_ok());
    }

    #[test]
    fn broadcastable_shapes_reach_min_ndim_with_side_one(
        (base, ndim, side, shape) in (shapes(0..=4, 0..=4), ndim_and_side_bounds())
            .prop_flat_map(|(base, (ndim, side))| {
                let side = Bounds { min: side.min.min(1), max: side.max.max(1) };
                let generated = broadcastable_shapes(&base, ndim.min..=ndim.max, side.min..=side.max);
                (Just(base), Just(ndim), Just(side), generated)
            }),
    ) {
        prop_assert!(shape_is_within(&shape, ndim, side), "{shape:?} outside {ndim:?}, {side:?}");
        let result = broadcast_shapes(&[&base, &shape])?;
        // Broadcasting against the generated shape only prepends axes to
        // the base shape or stretches its sides of 1.
        let aligned = &result[result.len() - base.len()..];
        for (&from, &to) in base.iter().zip(aligned) {
            prop_assert!(from == to || from == 1, "{base:?} became {result:?}");
        }
        prop_assert!(broadcast_by_rule(&base, &shape));
    }

    #[test]
    fn mutually_broadcastable_shapes_broadcast_to_the_stated_result(
        (count, ndim, side, generated) in (0usize..=4, ndim_and_side_bounds())
            .prop_flat_map(|(count, (ndim, side))| {
                let generated = mutually_broadcastable_shapes(count, ndim.min..=ndim.max, side.min..=side.max);
                (Just(count), Just(ndim), Just(side), generated)
            }),
    ) {
        let BroadcastShapes { inputs, result } = &generated;
        prop_assert_eq!(inputs.len(), count);
        for shape in inputs {
            prop_assert!(shape_is_within(shape, ndim, side), "{shape:?} outside {ndim:?}, {side:?}");
        }
        let slices: Vec<&[usize]> = inputs.iter().map(Vec::as_slice).collect();
        prop_assert_eq!(&broadcast_shapes(&slices)?, result);
        for (a, b) in inputs.iter().zip(inputs.iter().skip(1)) {
            prop_assert!(broadcast_by_rule(a, b), "{a:?} with {b:?}");
        }
    }

    #[test]
    fn tensors_stay_within_shape_and_element_bounds(
        (ndim, side, x) in ndim_and_side_bounds().prop_flat_map(|(ndim, side)| {
            let shape = shapes(ndim.min..=ndim.max, side.min..=side.max);
            (Just(ndim), Just(side), tensors(integers(-5i32..=5), shape))
        }),
    ) {
        prop_assert!(shape_is_within(x.shape(), ndim, side));
        prop_assert!(x.is_contiguous());
        prop_assert_eq!(x.offset(), 0);
        prop_assert!(x.iter().all(|value| (-5..=5).contains(value)));
    }

    #[test]
    fn strided_tensors_equal_contiguous_copies(
        x in strided_tensors(integers(-1000i64..=1000), shapes(0..=4, 0..=4)),
    ) {
        let view = x.view();
        let copy = x.to_contiguous();
        prop_assert!(copy.is_contiguous());
        prop_assert_eq!(copy.shape(), view.shape());
        for (row_major, index) in indices(view.shape()).iter().enumerate() {
            let from_buffer = view.buffer()[position(&x, index)];
            prop_assert_eq!(view[&index[..]], from_buffer);
            prop_assert_eq!(copy.to_vec()[row_major], from_buffer, "{:?} at {:?}", x, index);
        }
        prop_assert!(view.iter().all(|value| (-1000..=1000).contains(value)));
    }

    #[test]
    fn strided_tensors_read_inside_their_buffer(
        x in strided_tensors(finite_floats(-1.0f32, 1.0), shapes(0..=7, 0..=3)),
    ) {
        let view = x.view();
        let buffer_len = view.buffer().len() as isize;
        if view.is_empty() {
            prop_assert!(view.offset() as isize <= buffer_len);
        } else {
            let (lowest, highest) = reach(&x);
            prop_assert!(0 <= lowest && highest < buffer_len, "{x:?} reads {lowest}..={highest}");
        }
    }

    #[test]
    fn finite_floats_stay_in_range_for_f64(
        (min, max, x) in (-1e6f64..=1e6, -1e6f64..=1e6).prop_flat_map(|(a, b)| {
            let (min, max) = (a.min(b), a.max(b));
            (Just(min), Just(max), finite_floats(min, max))
        }),
    ) {
        prop_assert!((min..=max).contains(&x), "{x} outside {min}..={max}");
        prop_assert!(!is_negative_zero(x));
    }

    #[test]
    fn finite_floats_stay_in_range_for_f32(
        (min, max, x) in (-1e30f32..=1e30, -1e30f32..=1e30).prop_flat_map(|(a, b)| {
            let (min, max) = (a.min(b), a.max(b));
            (Just(min), Just(max), finite_floats(min, max))
        }),
    ) {
        prop_assert!((min..=max).contains(&x), "{x} outside {min}..={max}");
        prop_assert!(!is_negative_zero(f64::from(x)));
    }

    #[test]
    fn integers_stay_in_range_for_each_type(
        (low, high, a, b, c) in (any::<i32>(), any::<i32>()).prop_flat_map(|(x, y)| {
            let (low, high) = (x.min(y), x.max(y));
            let narrow = |v: i32| v.clamp(0, 255) as u8;
            (
                Just(low),
                Just(high),
                integers(low..=high),
                integers(i64::from(low)..i64::from(high) + 1),
                integers(narrow(low)..=narrow(high)),
            )
        }),
    ) {
        prop_assert!((low..=high).contains(&a));
        prop_assert!((i64::from(low)..=i64::from(high)).contains(&b));
        prop_assert!((low.clamp(0, 255)..=high.clamp(0, 255)).contains(&i32::from(c)));
    }
}

#[test]
fn broadcastable_shapes_stop_before_unmatched_axis() {
    // Against (5, 3) with sides 2..=4, axis -1 can only be 3 and axis -2
    // neither 5 nor 1, so no shape has two axes.
    let generated = draws(&broadcastable_shapes(&[5, 3], 0..=3, 2..=4), 200);
    assert!(
        generated
            .iter()
            .all(|shape| shape.is_empty() || shape == &[3])
    );
    assert!(generated.iter().any(|shape| shape == &[3]));
}

#[test]
#[should_panic(expected = "no shape with at least 2 axes broadcasts against [5, 3]")]
fn broadcastable_shapes_panic_when_min_ndim_cannot_be_matched() {
    let _ = broadcastable_shapes(&[5, 3], 2..=3, 2..=4);
}

#[test]
#[should_panic(expected = "the side range 3..3 is empty")]
fn shapes_panic_on_empty_side_range() {
    let _ = shapes(1, 3..3);
}

#[test]
fn mutually_broadcastable_shapes_stretch_and_prepend_axes() {
    let generated = draws(&mutually_broadcastable_shapes(3, 0..=3, 1..=4), 300);
    // Some shape has a 1 where the result is longer: a real broadcast.
    let stretches = |set: &BroadcastShapes| {
        set.inputs.iter().any(|shape| {
            let skip = set.result.len() - shape.len();
            shape
                .iter()
                .zip(&set.result[skip..])
                .any(|(&a, &r)| a == 1 && r > 1)
        })
    };
    assert!(generated.iter().any(stretches));
    // Some shape has fewer axes than the result.
    assert!(generated.iter().any(|set| {
        set.inputs
            .iter()
            .any(|shape| shape.len() < set.result.len())
    }));
    // Without 1 in the side range, every shape takes the shared sides.
    for set in draws(&mutually_broadcastable_shapes(3, 2, 2..=4), 100) {
        assert!(
            set.inputs.iter().all(|shape| *shape == set.result),
            "{set:?}"
        );
    }
}

/// The layouts `strided_tensors` should produce, observed from the view.
#[derive(Debug, Default)]
struct LayoutsSeen {
    contiguous_at_zero: bool,
    permuted: bool,
    stepped: bool,
    negative_stride: bool,
    leading_offset: bool,
    broadcast_from_smaller_buffer: bool,
}

impl LayoutsSeen {
    fn record(&mut self, x: &StridedTensor<u8>) {
        let view = x.view();
        let long_axes: Vec<(usize, isize)> = view
            .shape()
            .iter()
            .zip(view.strides())
            .filter(|(axis_len, _)| **axis_len > 1)
            .map(|(&axis_len, &stride)| (axis_len, stride))
            .collect();
        let magnitudes: Vec<usize> = long_axes
            .iter()
            .map(|(_, stride)| stride.unsigned_abs())
            .collect();
        self.contiguous_at_zero |=
            view.is_contiguous() && view.offset() == 0 && view.buffer().len() == view.len();
        self.permuted |= magnitudes
            .windows(2)
            .any(|pair| 0 < pair[0] && pair[0] < pair[1]);
        self.stepped |= long_axes
            .last()
            .is_some_and(|&(_, stride)| stride.unsigned_abs() > 1);
        self.negative_stride |= long_axes.iter().any(|&(_, stride)| stride < 0);
        self.leading_offset |= view.is_contiguous() && view.offset() > 0;
        self.broadcast_from_smaller_buffer |=
            long_axes.iter().any(|&(_, stride)| stride == 0) && view.buffer().len() < view.len();
    }
}

#[test]
fn strided_tensors_cover_every_layout() {
    let mut seen = LayoutsSeen::default();
    for x in draws(
        &strided_tensors(integers(0u8..=9), shapes(2..=3, 2..=4)),
        400,
    ) {
        seen.record(&x);
    }
    assert!(seen.contiguous_at_zero, "{seen:?}");
    assert!(seen.permuted, "{seen:?}");
    assert!(seen.stepped, "{seen:?}");
    assert!(seen.negative_stride, "{seen:?}");
    assert!(seen.leading_offset, "{seen:?}");
    assert!(seen.broadcast_from_smaller_buffer, "{seen:?}");
}

#[test]
fn strided_tensor_debug_shows_layout_and_values() {
    let x = draws(&strided_tensors(integers(0i32..=9), Just(vec![2, 3])), 1).remove(0);
    let text = format!("{x:?}");
    let view = x.view();
    let expected_start = format!(
        "StridedTensor {{ shape: [2, 3], strides: {:?}, offset: {}, values: {:?}, buffer: ",
        view.strides(),
        view.offset(),
        view.to_vec()
    );
    assert!(text.starts_with(&expected_start), "{text}");
}

/// Counts NaN, infinities and -0.0 among many draws of `options`.
fn special_counts(options: FloatOptions<f64>) -> [usize; 4] {
    let values = draws(&floats(options), 2000);
    [
        values.iter().filter(|x| x.is_nan()).count(),
        values.iter().filter(|&&x| x == f64::INFINITY).count(),
        values.iter().filter(|&&x| x == f64::NEG_INFINITY).count(),
        values.iter().filter(|&&x| is_negative_zero(x)).count(),
    ]
}

#[test]
fn floats_produce_special_values_only_on_request() {
    let base = FloatOptions::new(-2.0, 2.0);
    for mask in 0..8u8 {
        let [nan, infinities, negative_zero] = [mask & 1 != 0, mask & 2 != 0, mask & 4 != 0];
        let mut options = base;
        if nan {
            options = options.with_nan();
        }
        if infinities {
            options = options.with_infinities();
        }
        if negative_zero {
            options = options.with_negative_zero();
        }
        let [nans, positive, negative, zeros] = special_counts(options);
        let requested = [nan, infinities, infinities, negative_zero];
        for (count, requested) in [nans, positive, negative, zeros].into_iter().zip(requested) {
            assert_eq!(
                count > 0,
                requested,
                "mask {mask}: counts {nans} {positive} {negative} {zeros}"
            );
        }
    }
    let finite = draws(&floats(base.with_special_values()), 2000);
    assert!(
        finite
            .iter()
            .filter(|x| x.is_finite())
            .all(|x| (-2.0..=2.0).contains(x))
    );
}

#[test]
fn finite_floats_favour_zero_one_and_the_bounds() {
    let values = draws(&finite_floats(-100.0f64, 100.0), 1000);
    for simple in [0.0, 1.0, -1.0, -100.0, 100.0] {
        assert!(values.contains(&simple), "{simple} never drawn");
    }
    let inside = draws(&finite_floats(0.25f32, 0.75), 400);
    assert!(inside.contains(&0.25));
    assert!(inside.contains(&0.75));
    assert!(!inside.contains(&0.0));
    assert!(!inside.contains(&1.0));
}

#[test]
fn integers_favour_zero_and_the_bounds() {
    let full: Vec<i64> = draws(&integers(..), 1000);
    assert!(full.contains(&i64::MIN));
    assert!(full.contains(&i64::MAX));
    assert!(full.contains(&0));
}

#[test]
fn integers_accept_every_range_form() {
    assert!(draws(&integers::<u8>(200..), 300).iter().all(|&x| x >= 200));
    assert!(draws(&integers::<i32>(..-3), 300).iter().all(|&x| x < -3));
    assert!(draws(&integers::<i32>(..=-3), 300).contains(&-3));
    assert!(draws(&integers(7u8..8), 10).iter().all(|&x| x == 7));
}

// ---------------------------------------------------------------------------
// 2. Shrinking: the minimal failure of properties that fail on purpose
// ---------------------------------------------------------------------------

#[test]
fn shapes_shrink_sides_to_one_not_zero() {
    let minimal = minimal_failures(shapes(0..=6, 0..=5), |shape| {
        prop_assert!(shape.len() != 3);
        Ok(())
    });
    assert!(
        minimal.iter().all(|shape| shape == &[1, 1, 1]),
        "{minimal:?}"
    );
}

#[test]
fn shapes_keep_zero_side_failure_needs() {
    let minimal = minimal_failures(shapes(1..=4, 0..=5), |shape| {
        prop_assert!(!shape.contains(&0));
        Ok(())
    });
    assert!(minimal.iter().all(|shape| shape == &[0]), "{minimal:?}");
}

#[test]
fn shapes_shrink_to_smallest_side_without_one() {
    let minimal = minimal_failures(shapes(2..=4, 3..=6), always_fail);
    assert!(minimal.iter().all(|shape| shape == &[3, 3]), "{minimal:?}");
}

#[test]
fn broadcastable_shapes_shrink_to_fewest_axes_and_ones() {
    let strategy = broadcastable_shapes(&[4, 3], 0..=4, 1..=5);
    let no_axes = minimal_failures(strategy.clone(), always_fail);
    assert!(no_axes.iter().all(Vec::is_empty), "{no_axes:?}");
    let three_axes = minimal_failures(strategy.clone(), |shape| {
        prop_assert!(shape.len() < 3);
        Ok(())
    });
    assert!(
        three_axes.iter().all(|shape| shape == &[1, 1, 1]),
        "{three_axes:?}"
    );
    let last_is_three = minimal_failures(strategy, |shape| {
        prop_assert!(shape.last() != Some(&3));
        Ok(())
    });
    assert!(
        last_is_three.iter().all(|shape| shape == &[3]),
        "{last_is_three:?}"
    );
}

#[test]
fn mutually_broadcastable_shapes_shrink_to_one_shape() {
    let minimal = minimal_failures(mutually_broadcastable_shapes(3, 0..=3, 1..=4), |shapes| {
        prop_assert!(shapes.result.len() != 2);
        Ok(())
    });
    for set in &minimal {
        assert_eq!(set.result, [1, 1], "{set:?}");
        let mut inputs = set.inputs.clone();
        inputs.sort();
        assert_eq!(inputs, [vec![], vec![], vec![1, 1]], "{set:?}");
    }
    let needs_three = minimal_failures(mutually_broadcastable_shapes(3, 0..=3, 1..=4), |shapes| {
        prop_assert!(shapes.result.last() != Some(&3));
        Ok(())
    });
    for set in &needs_three {
        assert_eq!(set.result, [3], "{set:?}");
        let mut inputs = set.inputs.clone();
        inputs.sort();
        assert_eq!(inputs, [vec![], vec![], vec![3]], "{set:?}");
    }
}

#[test]
fn tensors_shrink_to_unit_sides_and_zero() {
    let minimal = minimal_failures(tensors(integers(-9i32..=9), shapes(0..=5, 0..=4)), |x| {
        prop_assert!(x.ndim() < 3);
        Ok(())
    });
    for x in &minimal {
        assert_eq!((x.shape(), x.to_vec()), (&[1, 1, 1][..], vec![0]), "{x:?}");
    }
}

#[test]
fn tensors_shrink_to_a_sum_of_exactly_ten() {
    let minimal = minimal_failures(tensors(integers(0i64..=9), shapes(1..=3, 1..=4)), |x| {
        prop_assert!(x.sum() < 10);
        Ok(())
    });
    for x in &minimal {
        assert_eq!(x.sum(), 10, "{x:?}");
    }
}

#[test]
fn tensors_shrink_to_one_element_at_the_threshold() {
    let minimal = minimal_failures(tensors(integers(0u8..=200), shapes(0..=3, 1..=4)), |x| {
        prop_assert!(x.iter().all(|&value| value < 50));
        Ok(())
    });
    for x in &minimal {
        let values = x.to_vec();
        assert_eq!(
            values.iter().filter(|&&value| value == 50).count(),
            1,
            "{x:?}"
        );
        assert!(
            values.iter().all(|&value| value == 0 || value == 50),
            "{x:?}"
        );
    }
}

/// Returns whether a strided tensor is laid out row-major with no offset
/// and no unused buffer elements.
fn is_plain(x: &StridedTensor<i32>) -> bool {
    let view = x.view();
    view.is_contiguous() && view.offset() == 0 && view.buffer() == view.to_vec()
}

#[test]
fn strided_tensors_shrink_to_contiguous_layout() {
    let minimal = minimal_failures(
        strided_tensors(integers(0i32..=9), shapes(1..=3, 1..=4)),
        |x| {
            prop_assert!(x.view().len() < 2);
            Ok(())
        },
    );
    for x in &minimal {
        let view = x.view();
        assert_eq!(
            (view.shape(), view.strides()),
            (&[2][..], &[1][..]),
            "{x:?}"
        );
        assert!(is_plain(x), "{x:?}");
        assert_eq!(view.to_vec(), [0, 0], "{x:?}");
    }
}

#[test]
fn strided_tensors_keep_needed_negative_stride() {
    let minimal = minimal_failures(
        strided_tensors(integers(0i32..=9), shapes(1..=3, 1..=4)),
        |x| {
            prop_assert!(x.view().strides().iter().all(|&stride| stride >= 0));
            Ok(())
        },
    );
    for x in &minimal {
        let view = x.view();
        assert!(view.shape().iter().all(|&axis_len| axis_len == 1), "{x:?}");
        assert_eq!(
            view.strides().iter().filter(|&&stride| stride < 0).count(),
            1,
            "{x:?}"
        );
        assert!(
            view.strides().iter().all(|&stride| stride.abs() == 1),
            "{x:?}"
        );
        assert_eq!((view.offset(), view.buffer()), (0, &[0][..]), "{x:?}");
    }
}

#[test]
fn strided_tensors_keep_needed_broadcast() {
    let minimal = minimal_failures(
        strided_tensors(integers(0i32..=9), shapes(1..=3, 1..=4)),
        |x| {
            let view = x.view();
            prop_assert!(view.buffer().len() >= view.len());
            Ok(())
        },
    );
    // The shape may stay larger than needed: it shrinks before the layout,
    // and while an offset pads the buffer, a smaller shape passes.
    for x in &minimal {
        let view = x.view();
        let broadcast: Vec<usize> = (0..view.ndim())
            .filter(|&axis| view.strides()[axis] == 0)
            .collect();
        assert_eq!(broadcast.len(), 1, "{x:?}");
        assert!(view.strides().iter().all(|&stride| stride >= 0), "{x:?}");
        assert_eq!(view.offset(), 0, "{x:?}");
        assert_eq!(
            view.buffer().len() * view.shape()[broadcast[0]],
            view.len(),
            "{x:?}"
        );
        assert!(
            view.iter().chain(view.buffer()).all(|&value| value == 0),
            "{x:?}"
        );
    }
}

#[test]
fn finite_floats_shrink_to_the_exact_threshold() {
    let minimal = minimal_failures(finite_floats(-100.0f64, 100.0), |x| {
        prop_assert!(x < 10.5);
        Ok(())
    });
    assert!(minimal.iter().all(|&x| x == 10.5), "{minimal:?}");
    let minimal = minimal_failures(finite_floats(-100.0f32, 100.0), |x| {
        prop_assert!(x > -0.125);
        Ok(())
    });
    assert!(minimal.iter().all(|&x| x == -0.125), "{minimal:?}");
}

#[test]
fn finite_floats_shrink_toward_the_bound_nearer_zero() {
    let minimal = minimal_failures(finite_floats(2.0f64, 5.0), always_fail);
    assert!(minimal.iter().all(|&x| x == 2.0), "{minimal:?}");
    let minimal = minimal_failures(finite_floats(-5.0f32, -2.0), always_fail);
    assert!(minimal.iter().all(|&x| x == -2.0), "{minimal:?}");
    let everything = FloatOptions::new(-1.0f64, 1.0).with_special_values();
    let minimal = minimal_failures(floats(everything), always_fail);
    assert!(
        minimal.iter().all(|&x| x == 0.0 && !is_negative_zero(x)),
        "{minimal:?}"
    );
}

#[test]
fn floats_keep_nan_when_the_failure_needs_it() {
    let minimal = minimal_failures(floats(FloatOptions::new(-1.0f64, 1.0).with_nan()), |x| {
        prop_assert!(!x.is_nan());
        Ok(())
    });
    assert!(minimal.iter().all(|x| x.is_nan()), "{minimal:?}");
}

#[test]
fn integers_shrink_toward_zero_or_the_low_end() {
    let minimal = minimal_failures(integers(-50i32..=50), |x| {
        prop_assert!(x > -7);
        Ok(())
    });
    assert!(minimal.iter().all(|&x| x == -7), "{minimal:?}");
    let minimal = minimal_failures(integers(10u8..=20), always_fail);
    assert!(minimal.iter().all(|&x| x == 10), "{minimal:?}");
    let minimal = minimal_failures(integers::<i64>(..), |x| {
        prop_assert!(x < 1000);
        Ok(())
    });
    assert!(minimal.iter().all(|&x| x == 1000), "{minimal:?}");
}

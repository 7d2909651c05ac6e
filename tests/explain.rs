//! Property tests of the explainers in `baretensor::broadcast`: their
//! results must be exactly those of `broadcast_shapes` and
//! `reduced_shape`, and their per-axis rules must agree with the lengths.

use baretensor::broadcast::{
    Alignment, AxisRule, BroadcastExplanation, explain, explain_reduction,
};
use baretensor::strategies::{mutually_broadcastable_shapes, shapes};
use baretensor::{ShapeError, broadcast_shapes, reduced_shape};
use proptest::prelude::*;

/// Checks that each axis's rule fits its lengths and the result.
fn check_rules(explanation: &BroadcastExplanation) -> Result<(), TestCaseError> {
    let axes = explanation.axes();
    let failed = axes
        .iter()
        .position(|axis| matches!(axis.rule(), AxisRule::Incompatible { .. }));

    for (position, axis) in axes.iter().enumerate() {
        prop_assert_eq!(axis.axis(), position as isize - axes.len() as isize);
        let lengths = axis.lengths();
        match axis.rule() {
            AxisRule::Equal { length } => {
                prop_assert!(lengths.iter().all(|given| given == &Some(*length)));
            }
            AxisRule::Stretched {
                length,
                from_one,
                missing,
            } => {
                prop_assert_ne!(*length, 1);
                prop_assert!(!from_one.is_empty());
                for (input, given) in lengths.iter().enumerate() {
                    match given {
                        None => prop_assert!(missing.contains(&input)),
                        Some(1) => prop_assert!(from_one.contains(&input)),
                        Some(given) => prop_assert_eq!(given, length),
                    }
                }
            }
            AxisRule::Missing { length, missing } => {
                prop_assert!(!missing.is_empty());
                for (input, given) in lengths.iter().enumerate() {
                    match given {
                        None => prop_assert!(missing.contains(&input)),
                        Some(given) => prop_assert!(given == length),
                    }
                }
            }
            AxisRule::Incompatible {
                inputs,
                lengths: pair,
            } => {
                prop_assert_eq!(Some(position), failed);
                prop_assert!(inputs[0] < inputs[1]);
                prop_assert_eq!(lengths[inputs[0]], Some(pair[0]));
                prop_assert_eq!(lengths[inputs[1]], Some(pair[1]));
                prop_assert!(pair[0] != pair[1] && pair[0] != 1 && pair[1] != 1);
            }
            AxisRule::NotChecked => {
                prop_assert!(failed.is_some_and(|failed| position < failed));
            }
        }
    }

    if let Ok(result) = explanation.result() {
        let lengths: Vec<Option<usize>> = axes.iter().map(|axis| axis.length()).collect();
        let expected: Vec<Option<usize>> = result.iter().copied().map(Some).collect();
        prop_assert_eq!(lengths, expected);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn explain_agrees_on_compatible_shapes(
        generated in (0usize..=5).prop_flat_map(|count| mutually_broadcastable_shapes(count, 0..=4, 0..=4)),
    ) {
        let inputs: Vec<&[usize]> = generated.inputs.iter().map(Vec::as_slice).collect();
        let explanation = explain(&inputs);
        prop_assert_eq!(explanation.result(), &broadcast_shapes(&inputs));
        prop_assert_eq!(explanation.result(), &Ok(generated.result.clone()));
        check_rules(&explanation)?;

        let text = explanation.to_string();
        let expected_end = format!("result: {}", tuple(&generated.result));
        prop_assert!(text.ends_with(&expected_end), "{}", text);
    }

    #[test]
    fn explain_agrees_on_any_shapes(
        inputs in proptest::collection::vec(shapes(0..=4, 0..=4), 0..=5),
    ) {
        let inputs: Vec<&[usize]> = inputs.iter().map(Vec::as_slice).collect();
        let explanation = explain(&inputs);
        let expected = broadcast_shapes(&inputs);
        prop_assert_eq!(explanation.result(), &expected);
        check_rules(&explanation)?;

        let text = explanation.to_string();
        match &expected {
            Ok(result) => prop_assert!(text.ends_with(&format!("result: {}", tuple(result))), "{}", text),
            Err(error) => prop_assert!(text.ends_with(&format!("error: {error}")), "{}", text),
        }
    }

    #[test]
    fn explain_reduction_agrees_with_reduced_shape(
        shape in shapes(0..=4, 0..=4),
        axes in proptest::collection::vec(-5isize..5, 0..=3),
        keepdims in any::<bool>(),
    ) {
        let explanation = explain_reduction(&shape, &axes, keepdims);
        let expected = reduced_shape(&shape, &axes, keepdims);
        prop_assert_eq!(explanation.result(), &expected);

        match &expected {
            Ok(result) => {
                let back = explanation.broadcast_back().expect("valid axes have a broadcast");
                prop_assert_eq!(back.shapes(), &[shape.clone(), result.clone()]);
                check_rules(back)?;
                if keepdims {
                    prop_assert_eq!(explanation.alignment(), Some(Alignment::Aligned));
                    prop_assert_eq!(back.result(), &Ok(shape.clone()));
                }
                if explanation.alignment() == Some(Alignment::Incompatible) {
                    let is_broadcast_error = matches!(back.result(), Err(ShapeError::Broadcast { .. }));
                    prop_assert!(is_broadcast_error);
                }
            }
            Err(error) => {
                prop_assert!(explanation.broadcast_back().is_none());
                let text = explanation.to_string();
                prop_assert!(text.ends_with(&format!("error: {error}")), "{}", text);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// An aligned reduction divides every element by the sum reduced from
    /// it, just as the same reduction with `keepdims` does.
    #[test]
    fn aligned_division_matches_keepdims(
        (shape, axes) in shapes(0..=3, 1..=3).prop_flat_map(|shape| {
            let ndim = shape.len();
            let axes = proptest::sample::subsequence((0..ndim).collect::<Vec<usize>>(), 0..=ndim);
            (Just(shape), axes)
        }),
    ) {
        let axes: Vec<isize> = axes.into_iter().map(|axis| axis as isize).collect();
        prop_assume!(explain_reduction(&shape, &axes, false).alignment() == Some(Alignment::Aligned));
        let x = baretensor::Tensor::from_shape_fn(&shape, |index| {
            index.iter().fold(1.0, |value, &i| value * 7.0 + i as f64)
        })?;
        let sums = x.sum_axes(&axes, false)?;
        let sums_keepdims = x.sum_axes(&axes, true)?;
        prop_assert_eq!(&x / &sums, &x / &sums_keepdims);
    }
}

/// Checks the claim of `Alignment::Aligned` on actual values: dividing
/// by the sums must give the same values as dividing by the sums computed
/// with `keepdims`, which keep every sum next to its elements.
#[test]
fn aligned_reductions_pair_the_right_sums() {
    use baretensor::Tensor;

    let cases: [(&[usize], &[isize]); 4] = [
        (&[2, 3], &[0]),
        (&[1, 3], &[1]),
        (&[2, 3], &[]),
        (&[4, 2, 3], &[0, 1]),
    ];
    for (shape, axes) in cases {
        assert_eq!(
            explain_reduction(shape, axes, false).alignment(),
            Some(Alignment::Aligned),
            "{shape:?} over {axes:?}"
        );
        let x = Tensor::from_shape_fn(shape, |index| {
            index.iter().fold(1.0, |value, &i| value * 7.0 + i as f64)
        })
        .expect("a small shape");
        let sums = x.sum_axes(axes, false).expect("valid axes");
        let sums_keepdims = x.sum_axes(axes, true).expect("valid axes");
        assert_eq!(&x / &sums, &x / &sums_keepdims, "{shape:?} over {axes:?}");
    }
}

/// The opposite claim: for `Alignment::Misaligned`, the division runs but
/// differs from the one with `keepdims`.
#[test]
fn misaligned_reductions_pair_wrong_sums() {
    use baretensor::Tensor;

    let x = Tensor::from_shape_fn(&[3, 3], |index| (3 * index[0] + index[1] + 1) as f64)
        .expect("a small shape");
    assert_eq!(
        explain_reduction(&[3, 3], &[-1], false).alignment(),
        Some(Alignment::Misaligned)
    );
    let sums = x.sum_axis(-1, false).expect("valid axis");
    let sums_keepdims = x.sum_axis(-1, true).expect("valid axis");
    let by_sums = &x / &sums;
    let by_sums_keepdims = &x / &sums_keepdims;
    assert_ne!(by_sums, by_sums_keepdims);
    // x[0, 1] = 2 meets the sum of row 1, 4 + 5 + 6 = 15.
    assert_eq!(by_sums[[0, 1]], 2.0 / 15.0);
}

/// Writes a shape as numpy does, independently of the crate's formatter.
fn tuple(shape: &[usize]) -> String {
    let lengths: Vec<String> = shape.iter().map(|length| length.to_string()).collect();
    match lengths.len() {
        1 => format!("({},)", lengths[0]),
        _ => format!("({})", lengths.join(", ")),
    }
}

//! Tests of `baretensor::exercises::check`, the checker for a learner's
//! version of each exercise.
//!
//! 1. Both of the crate's versions pass every check.
//! 2. Deliberately wrong versions fail, on the expected input and with the
//!    expected problem: wrong formulas and axes, reads of the buffer that
//!    ignore strides or the offset, wrong shapes, errors.
//! 3. The tolerance: a result just inside `ATOL + RTOL * |expected|`
//!    passes and one just outside fails.
//! 4. The report: what it prints, and that it is the same on every run.

use std::cell::Cell;

use baretensor::exercises::check::{
    self, ATOL, CheckReport, Failure, InputLayout, Origin, Problem, RANDOM_INPUTS, RTOL,
};
use baretensor::exercises::{loops, vectorized};
use baretensor::{ShapeError, Tensor, TensorView};

/// The number of inputs of every check: the course's example, then the
/// random ones.
const TOTAL: usize = 1 + RANDOM_INPUTS;

/// Returns the failure of `report`, or panics with the report printed.
fn failure_of(report: &CheckReport) -> &Failure {
    report
        .failure()
        .unwrap_or_else(|| panic!("expected a failure, got:\n{report}"))
}

/// Asserts that `report` passed, printing it otherwise.
fn assert_passed(report: &CheckReport) {
    assert!(report.is_passed(), "{report}");
    assert_eq!(report.checked(), TOTAL, "{}", report.exercise());
}

fn sigmoid_of(v: f64) -> f64 {
    1.0 / (1.0 + (-v).exp())
}

// ---------------------------------------------------------------------------
// 1. The crate's own versions pass
// ---------------------------------------------------------------------------

#[test]
fn vectorized_versions_pass() {
    let reports = [
        check::sigmoid(|x| vectorized::sigmoid(x)),
        check::sigmoid_derivative(|x| vectorized::sigmoid_derivative(x)),
        check::image2vector(|image| vectorized::image2vector(image)),
        check::normalize_rows(|x| vectorized::normalize_rows(x)),
        check::softmax(|x| vectorized::softmax(x)),
        check::l1(|yhat, y| vectorized::l1(yhat, y)),
        check::l2(|yhat, y| vectorized::l2(yhat, y)),
        check::dot(|x1, x2| vectorized::dot(x1, x2)),
        check::outer(|x1, x2| vectorized::outer(x1, x2)),
        check::multiply(|x1, x2| vectorized::multiply(x1, x2)),
        check::matvec(|w, x| vectorized::matvec(w, x)),
    ];
    for report in &reports {
        assert_passed(report);
    }
}

#[test]
fn loops_versions_pass() {
    let reports = [
        check::sigmoid(|x| loops::sigmoid(x)),
        check::sigmoid_derivative(|x| loops::sigmoid_derivative(x)),
        check::image2vector(|image| loops::image2vector(image)),
        check::normalize_rows(|x| loops::normalize_rows(x)),
        check::softmax(|x| loops::softmax(x)),
        check::l1(|yhat, y| loops::l1(yhat, y)),
        check::l2(|yhat, y| loops::l2(yhat, y)),
        check::dot(|x1, x2| loops::dot(x1, x2)),
        check::outer(|x1, x2| loops::outer(x1, x2)),
        check::multiply(|x1, x2| loops::multiply(x1, x2)),
        check::matvec(|w, x| loops::matvec(w, x)),
    ];
    for report in &reports {
        assert_passed(report);
    }
}

#[test]
fn reports_name_their_exercise() {
    let names = [
        check::sigmoid(|x| loops::sigmoid(x)).exercise(),
        check::sigmoid_derivative(|x| loops::sigmoid_derivative(x)).exercise(),
        check::image2vector(|image| loops::image2vector(image)).exercise(),
        check::normalize_rows(|x| loops::normalize_rows(x)).exercise(),
        check::softmax(|x| loops::softmax(x)).exercise(),
        check::l1(|yhat, y| loops::l1(yhat, y)).exercise(),
        check::l2(|yhat, y| loops::l2(yhat, y)).exercise(),
        check::dot(|x1, x2| loops::dot(x1, x2)).exercise(),
        check::outer(|x1, x2| loops::outer(x1, x2)).exercise(),
        check::multiply(|x1, x2| loops::multiply(x1, x2)).exercise(),
        check::matvec(|w, x| loops::matvec(w, x)).exercise(),
    ];
    let expected = [
        "sigmoid",
        "sigmoid_derivative",
        "image2vector",
        "normalize_rows",
        "softmax",
        "l1",
        "l2",
        "dot",
        "outer",
        "multiply",
        "matvec",
    ];
    assert_eq!(names, expected);
}

#[test]
fn matrix_checks_cover_every_layout() {
    let report = check::softmax(|x| loops::softmax(x));
    let all = [
        InputLayout::Contiguous,
        InputLayout::Offset,
        InputLayout::Transposed,
        InputLayout::Reversed,
        InputLayout::Stepped,
        InputLayout::Broadcast,
        InputLayout::TransposedStepped,
    ];
    assert_eq!(report.layouts(), all);
    let report = check::matvec(|w, x| loops::matvec(w, x));
    assert_eq!(report.layouts(), all);
}

#[test]
fn vector_checks_skip_transposes() {
    // The transpose of a vector is the vector itself.
    let report = check::dot(|x1, x2| loops::dot(x1, x2));
    let expected = [
        InputLayout::Contiguous,
        InputLayout::Offset,
        InputLayout::Reversed,
        InputLayout::Stepped,
        InputLayout::Broadcast,
    ];
    assert_eq!(report.layouts(), expected);
}

#[test]
fn learner_is_called_once_per_input() {
    let calls = Cell::new(0);
    let report = check::outer(|x1, x2| {
        calls.set(calls.get() + 1);
        loops::outer(x1, x2)
    });
    assert_passed(&report);
    assert_eq!(calls.get(), TOTAL);
}

#[test]
fn check_accepts_fn_mut() {
    let mut shapes = Vec::new();
    let report = check::image2vector(|image| {
        shapes.push(image.shape().to_vec());
        loops::image2vector(image)
    });
    assert_passed(&report);
    assert_eq!(shapes.len(), TOTAL);
    assert_eq!(shapes[0], [3, 3, 2]);
    assert!(shapes.iter().all(|shape| shape.len() == 3));
}

// ---------------------------------------------------------------------------
// 2. Wrong versions fail
// ---------------------------------------------------------------------------

#[test]
fn sigmoid_wrong_sign_fails_on_course() {
    let report = check::sigmoid(|x| x.map(|v| 1.0 / (1.0 + v.exp())));
    assert!(!report.is_passed());
    assert_eq!(report.checked(), 1);

    let failure = failure_of(&report);
    assert_eq!(failure.exercise(), "sigmoid");
    assert_eq!(failure.number(), 1);
    assert_eq!(failure.total(), TOTAL);
    assert_eq!(failure.origin(), Origin::Course);
    assert_eq!(failure.rtol(), 1e-5);
    assert_eq!(failure.atol(), 1e-8);

    let [x] = failure.inputs() else {
        panic!("sigmoid takes one input")
    };
    assert_eq!(x.name(), "x");
    assert_eq!(x.layout(), InputLayout::Contiguous);
    assert_eq!(x.shape(), &[3]);
    assert_eq!(x.strides(), &[1]);
    assert_eq!(x.offset(), 0);
    assert_eq!(x.view().to_vec(), vec![1.0, 2.0, 3.0]);

    let Problem::NotClose {
        index,
        got,
        expected,
        allowed,
    } = failure.problem()
    else {
        panic!("expected NotClose, got {:?}", failure.problem())
    };
    assert_eq!(index, &[0]);
    assert!((got - 0.26894142).abs() < 1e-8, "{got}");
    assert!((expected - 0.73105858).abs() < 1e-8, "{expected}");
    assert_eq!(*allowed, ATOL + RTOL * expected);
    assert_eq!(failure.expected(), &loops::sigmoid(&x.view()));
    assert_eq!(failure.got().expect("a tensor").shape(), &[3]);
}

#[test]
fn sigmoid_derivative_wrong_formula_fails() {
    // s * (1 + s) in place of s * (1 - s).
    let report = check::sigmoid_derivative(|x| {
        x.map(|v| {
            let s = sigmoid_of(v);
            s * (1.0 + s)
        })
    });
    let failure = failure_of(&report);
    assert_eq!(failure.number(), 1);
    assert!(matches!(failure.problem(), Problem::NotClose { index, .. } if index == &[0]));
}

#[test]
fn softmax_wrong_axis_fails_on_course() {
    let report = check::softmax(|x| {
        let exps = x.map(f64::exp);
        exps.try_div(&exps.sum_axis(0, true)?)
    });
    let failure = failure_of(&report);
    assert_eq!(failure.number(), 1);
    assert_eq!(failure.origin(), Origin::Course);
    assert_eq!(failure.inputs()[0].shape(), &[2, 5]);
    let Problem::NotClose { index, got, .. } = failure.problem() else {
        panic!("expected NotClose, got {:?}", failure.problem())
    };
    assert_eq!(index, &[0, 0]);
    // e^9 / (e^9 + e^7): the sum of column 0 instead of row 0.
    let column_share = 1.0 / (1.0 + (-2.0f64).exp());
    assert!((got - column_share).abs() < 1e-12, "{got}");
}

#[test]
fn normalize_rows_wrong_axis_fails_on_course() {
    let report = check::normalize_rows(|x| x.try_div(&x.norm_l2_axis(0, true)?));
    let failure = failure_of(&report);
    assert_eq!(failure.number(), 1);
    assert_eq!(failure.origin(), Origin::Course);
    // Column 0 is [0, 1], so element [0, 0] stays 0 either way; [0, 1] is
    // the first to differ: 3 / sqrt(45) instead of 3 / 5.
    assert!(matches!(failure.problem(), Problem::NotClose { index, .. } if index == &[0, 1]));
}

#[test]
fn normalize_rows_returning_norms_has_wrong_shape() {
    let report = check::normalize_rows(|x| x.norm_l2_axis(1, true));
    let failure = failure_of(&report);
    assert_eq!(failure.number(), 1);
    assert_eq!(
        failure.problem(),
        &Problem::WrongShape {
            got: vec![2, 1],
            expected: vec![2, 3],
        }
    );
}

#[test]
fn image2vector_flat_has_wrong_shape() {
    let report = check::image2vector(|image| Tensor::from_vec(image.to_vec(), &[image.len()]));
    let failure = failure_of(&report);
    assert_eq!(failure.number(), 1);
    assert_eq!(failure.inputs()[0].name(), "image");
    assert_eq!(
        failure.problem(),
        &Problem::WrongShape {
            got: vec![18],
            expected: vec![18, 1],
        }
    );
    let printed = report.to_string();
    assert!(
        printed.contains("Your result has shape (18,), but it should have shape (18, 1)."),
        "{printed}"
    );
}

#[test]
fn outer_swapped_operands_fails_on_course() {
    // x2[i] * x1[j]: the transpose of the outer product. The course's
    // vectors start 9, 2 in both, so [0, 2] is the first element to differ.
    let report = check::outer(|x1, x2| loops::outer(x2, x1));
    let failure = failure_of(&report);
    assert_eq!(failure.number(), 1);
    let Problem::NotClose {
        index,
        got,
        expected,
        ..
    } = failure.problem()
    else {
        panic!("expected NotClose, got {:?}", failure.problem())
    };
    assert_eq!(index, &[0, 2]);
    assert_eq!(*got, 45.0);
    assert_eq!(*expected, 18.0);
}

#[test]
fn outer_flattened_has_wrong_shape() {
    let report = check::outer(|x1, x2| {
        let table = loops::outer(x1, x2);
        Tensor::from_vec(table.to_vec(), &[table.len()]).expect("one value per element")
    });
    let failure = failure_of(&report);
    assert_eq!(failure.number(), 1);
    assert_eq!(
        failure.problem(),
        &Problem::WrongShape {
            got: vec![225],
            expected: vec![15, 15],
        }
    );
}

#[test]
fn multiply_adding_fails_on_course() {
    let report = check::multiply(|x1, x2| x1.try_add(x2));
    let failure = failure_of(&report);
    assert_eq!(failure.number(), 1);
    // 9 + 9 instead of 9 * 9.
    assert!(matches!(
        failure.problem(),
        Problem::NotClose { index, got, expected, .. }
            if index == &[0] && *got == 18.0 && *expected == 81.0
    ));
}

#[test]
fn l1_without_abs_fails_with_scalar() {
    let report = check::l1(|yhat, y| Ok(y.try_sub(yhat)?.sum()));
    let failure = failure_of(&report);
    assert_eq!(failure.number(), 1);
    let names: Vec<&str> = failure.inputs().iter().map(|input| input.name()).collect();
    assert_eq!(names, ["yhat", "y"]);
    let Problem::NotClose {
        index,
        got,
        expected,
        ..
    } = failure.problem()
    else {
        panic!("expected NotClose, got {:?}", failure.problem())
    };
    assert!(index.is_empty());
    assert!((got - 0.5).abs() < 1e-12, "{got}");
    assert!((expected - 1.1).abs() < 1e-12, "{expected}");
    assert_eq!(failure.got().expect("a scalar").shape(), &[] as &[usize]);
    assert_eq!(failure.expected()[[]], *expected);
    let printed = report.to_string();
    assert!(
        printed.contains("The result differs: yours is 0.49999"),
        "{printed}"
    );
}

#[test]
fn l2_with_abs_fails_with_scalar() {
    // sum(|y - yhat|) is the L1 loss: 1.1 where L2 is 0.43.
    let report = check::l2(|yhat, y| loops::l1(yhat, y));
    let failure = failure_of(&report);
    assert_eq!(failure.number(), 1);
    assert!(matches!(
        failure.problem(),
        Problem::NotClose { index, .. } if index.is_empty()
    ));
}

#[test]
fn dot_off_by_more_than_tolerance_fails() {
    let report = check::dot(|x1, x2| Ok(loops::dot(x1, x2)? * (1.0 + 2.0 * RTOL)));
    let failure = failure_of(&report);
    assert_eq!(failure.number(), 1);
    let Problem::NotClose { got, expected, .. } = failure.problem() else {
        panic!("expected NotClose, got {:?}", failure.problem())
    };
    assert_eq!(*expected, 278.0);
    assert!(*got > 278.0);
}

#[test]
fn softmax_error_fails_on_course() {
    // Axis 2 does not exist in a matrix.
    let report = check::softmax(|x| {
        let exps = x.map(f64::exp);
        exps.try_div(&exps.sum_axis(2, true)?)
    });
    let failure = failure_of(&report);
    assert_eq!(failure.number(), 1);
    let Problem::ReturnedError(error) = failure.problem() else {
        panic!("expected ReturnedError, got {:?}", failure.problem())
    };
    assert_eq!(failure.got().unwrap_err(), error);
    assert_eq!(failure.expected().shape(), &[2, 5]);
    let printed = report.to_string();
    assert!(printed.contains("Your result is an error: "), "{printed}");
    assert!(
        printed.contains(
            "Your function returned an error, but exercises::loops::softmax accepts this input."
        ),
        "{printed}"
    );
}

#[test]
fn matvec_error_on_random_fails() {
    // Rejects any matrix with more than 3 rows, which the course's has not.
    let report = check::matvec(|w, x| {
        if w.shape()[0] > 3 {
            return Err(ShapeError::RankMismatch {
                op: "matvec",
                expected: 2,
                shape: w.shape().to_vec(),
            });
        }
        loops::matvec(w, x)
    });
    let failure = failure_of(&report);
    assert!(failure.number() > 1);
    assert_eq!(failure.origin(), Origin::Random);
    assert!(failure.inputs()[0].shape()[0] > 3);
    assert!(matches!(failure.problem(), Problem::ReturnedError(_)));
}

#[test]
fn nan_result_fails() {
    let report = check::sigmoid(|x| x.map(|_| f64::NAN));
    let failure = failure_of(&report);
    assert_eq!(failure.number(), 1);
    assert!(matches!(failure.problem(), Problem::NotClose { got, .. } if got.is_nan()));
    let text = report.to_string();
    assert!(
        text.contains("Only a NaN in the expected result matches a NaN in yours."),
        "{text}"
    );
    assert!(!text.contains("The difference NaN"), "{text}");
}

// ---------------------------------------------------------------------------
// 2b. Reading the buffer instead of following the strides
// ---------------------------------------------------------------------------

/// Returns the `len()` buffer elements from `offset()` on, in storage
/// order: right for a contiguous view, wrong for most strided ones.
fn storage_order(x: &TensorView<'_, f64>) -> Vec<f64> {
    x.buffer()[x.offset()..x.offset() + x.len()].to_vec()
}

/// Asserts that `failure` is on a random, strided input, after the
/// course's contiguous example passed.
fn assert_fails_on_strided(failure: &Failure) {
    assert!(failure.number() > 1, "{failure}");
    assert_eq!(failure.origin(), Origin::Random);
    let layouts: Vec<InputLayout> = failure
        .inputs()
        .iter()
        .map(|input| input.layout())
        .collect();
    assert!(
        layouts
            .iter()
            .any(|layout| !matches!(layout, InputLayout::Contiguous | InputLayout::Offset)),
        "{layouts:?}"
    );
    let printed = failure.to_string();
    assert!(
        printed.contains("is not a plain contiguous tensor"),
        "{printed}"
    );
}

#[test]
fn sigmoid_in_storage_order_fails() {
    let report = check::sigmoid(|x| {
        let values = storage_order(x).into_iter().map(sigmoid_of).collect();
        Tensor::from_vec(values, x.shape()).expect("one value per element")
    });
    let failure = failure_of(&report);
    assert_fails_on_strided(failure);

    // The failing input reproduces the failure on its own.
    let x = failure.inputs()[0].view();
    let values: Vec<f64> = storage_order(&x).into_iter().map(sigmoid_of).collect();
    assert_eq!(failure.got().expect("a tensor").to_vec(), values);
    assert_eq!(failure.expected(), &loops::sigmoid(&x));
}

#[test]
fn sigmoid_ignoring_offset_fails_on_offset() {
    // Reads from buffer index 0, as if every view started there.
    let report = check::sigmoid(|x| {
        let values = x.buffer()[..x.len()]
            .iter()
            .map(|&v| sigmoid_of(v))
            .collect();
        Tensor::from_vec(values, x.shape()).expect("one value per element")
    });
    let failure = failure_of(&report);
    assert_eq!(failure.origin(), Origin::Random);
    assert_eq!(failure.inputs()[0].layout(), InputLayout::Offset);
    assert!(failure.inputs()[0].offset() > 0);
}

#[test]
fn image2vector_in_storage_order_fails() {
    let report =
        check::image2vector(|image| Tensor::from_vec(storage_order(image), &[image.len(), 1]));
    assert_fails_on_strided(failure_of(&report));
}

#[test]
fn softmax_in_storage_order_fails() {
    let report = check::softmax(|x| {
        let data = Tensor::from_vec(storage_order(x), x.shape())?;
        loops::softmax(&data)
    });
    assert_fails_on_strided(failure_of(&report));
}

#[test]
fn dot_in_storage_order_fails() {
    let report = check::dot(|x1, x2| {
        let products = storage_order(x1).into_iter().zip(storage_order(x2));
        Ok(products.map(|(a, b)| a * b).sum())
    });
    assert_fails_on_strided(failure_of(&report));
}

#[test]
fn matvec_in_storage_order_fails() {
    // Treats w's buffer as row-major from the offset on, ignoring its strides.
    let report = check::matvec(|w, x| {
        let matrix = Tensor::from_vec(storage_order(w), w.shape())?;
        loops::matvec(&matrix, x)
    });
    let failure = failure_of(&report);
    assert_fails_on_strided(failure);
    assert!(!matches!(
        failure.inputs()[0].layout(),
        InputLayout::Contiguous | InputLayout::Offset
    ));
}

// ---------------------------------------------------------------------------
// 3. The tolerance edge
// ---------------------------------------------------------------------------

/// Returns `value` moved away from itself by `fraction` of the allowed
/// difference, `ATOL + RTOL * |value|`.
fn shifted(value: f64, fraction: f64) -> f64 {
    value + fraction * (ATOL + RTOL * value.abs())
}

#[test]
fn sigmoid_just_inside_tolerance_passes() {
    for fraction in [0.99, -0.99] {
        let report = check::sigmoid(|x| loops::sigmoid(x).map(|v| shifted(v, fraction)));
        assert_passed(&report);
    }
}

#[test]
fn sigmoid_just_outside_tolerance_fails() {
    for fraction in [1.01, -1.01] {
        let report = check::sigmoid(|x| loops::sigmoid(x).map(|v| shifted(v, fraction)));
        let failure = failure_of(&report);
        assert_eq!(failure.number(), 1, "fraction {fraction}");
        let Problem::NotClose {
            index,
            got,
            expected,
            allowed,
        } = failure.problem()
        else {
            panic!("expected NotClose, got {:?}", failure.problem())
        };
        assert_eq!(index, &[0]);
        let difference = (got - expected).abs();
        assert!(difference > *allowed, "{difference} <= {allowed}");
        assert!(
            difference < 1.02 * allowed,
            "{difference} >= 1.02 * {allowed}"
        );
    }
}

#[test]
fn tolerance_edge_near_zero_uses_atol() {
    // The softmax of a row with a large spread has elements far below 1,
    // where atol is most of the allowed difference.
    let report = check::softmax(|x| Ok(loops::softmax(x)?.map(|v| shifted(v, 0.99))));
    assert_passed(&report);

    // Adding 1.01 * ATOL fails only where RTOL * |expected| is below
    // 0.01 * ATOL, at an element below 1e-5.
    let report = check::softmax(|x| Ok(loops::softmax(x)?.map(|v| v + 1.01 * ATOL)));
    let failure = failure_of(&report);
    let Problem::NotClose {
        expected, allowed, ..
    } = failure.problem()
    else {
        panic!("expected NotClose, got {:?}", failure.problem())
    };
    assert!(*expected < 1e-5, "{expected}");
    assert!(*allowed < 1.01 * ATOL, "{allowed}");
}

#[test]
fn l2_tolerance_edge_on_scalar() {
    let report = check::l2(|yhat, y| Ok(shifted(loops::l2(yhat, y)?, 0.99)));
    assert_passed(&report);
    let report = check::l2(|yhat, y| Ok(shifted(loops::l2(yhat, y)?, 1.01)));
    let failure = failure_of(&report);
    assert_eq!(failure.number(), 1);
    assert!(matches!(failure.problem(), Problem::NotClose { index, .. } if index.is_empty()));
}

// ---------------------------------------------------------------------------
// 4. The report
// ---------------------------------------------------------------------------

#[test]
fn failure_report_names_input_and_tolerance() {
    let report = check::sigmoid(|x| x.map(|v| 1.0 / (1.0 + v.exp())));
    let printed = report.to_string();
    for expected in [
        "sigmoid: FAILED on input 1 of 51, the course's example.",
        "Input x: shape (3,), strides (1,), offset 0, in a buffer of 3 elements",
        "[1. 2. 3.]",
        "Your result, shape (3,):\n[0.26894142 0.11920292 0.04742587]",
        "Expected, from exercises::loops::sigmoid, shape (3,):\n[0.73105858 0.88079708 0.95257413]",
        "Element [0] is the first that differs",
        "with rtol = 1e-5 and atol = 1e-8.",
    ] {
        assert!(
            printed.contains(expected),
            "missing {expected:?} in:\n{printed}"
        );
    }
    assert!(
        !printed.contains("is not a plain contiguous tensor"),
        "{printed}"
    );
}

#[test]
fn failure_report_shows_strides_of_view() {
    let report = check::softmax(|x| {
        let data = Tensor::from_vec(storage_order(x), x.shape())?;
        loops::softmax(&data)
    });
    let failure = failure_of(&report);
    let input = &failure.inputs()[0];
    let printed = report.to_string();
    let strides: Vec<String> = input.strides().iter().map(|s| s.to_string()).collect();
    let header = format!(
        "Input x: shape ({}, {}), strides ({}), offset {}, in a buffer of {} elements",
        input.shape()[0],
        input.shape()[1],
        strides.join(", "),
        input.offset(),
        input.buffer().len()
    );
    assert!(
        printed.contains(&header),
        "missing {header:?} in:\n{printed}"
    );
    assert!(printed.contains(&format!("input {} of 51, a random input", failure.number())));
}

#[test]
fn passed_report_lists_what_was_checked() {
    let printed = check::softmax(|x| vectorized::softmax(x)).to_string();
    assert_eq!(
        printed,
        "softmax: passed. Your function agreed with exercises::loops::softmax on all 51 inputs:\n\
         the course's example and 50 random ones, in these layouts: contiguous, offset, \
         transposed, reversed, stepped, broadcast and transposed with negative steps.\n\
         Every element was within atol + rtol * |expected| of the reference, \
         with rtol = 1e-5 and atol = 1e-8."
    );
}

#[test]
fn reports_are_reproducible() {
    let wrong_axis = |x: &TensorView<'_, f64>| x.try_div(&x.norm_l2_axis(0, true)?);
    let first = check::normalize_rows(wrong_axis).to_string();
    let second = check::normalize_rows(wrong_axis).to_string();
    assert_eq!(first, second);

    let storage = |x: &TensorView<'_, f64>| {
        let values = storage_order(x).into_iter().map(sigmoid_of).collect();
        Tensor::from_vec(values, x.shape()).expect("one value per element")
    };
    let first = check::sigmoid(storage).to_string();
    let second = check::sigmoid(storage).to_string();
    assert_eq!(first, second);
}

#[test]
fn sigmoid_checks_share_inputs() {
    // sigmoid and its derivative draw the same inputs, so a learner can
    // compare their two reports.
    let mut sigmoid_inputs = Vec::new();
    let report = check::sigmoid(|x| {
        sigmoid_inputs.push(x.to_vec());
        loops::sigmoid(x)
    });
    assert_passed(&report);
    let mut derivative_inputs = Vec::new();
    let report = check::sigmoid_derivative(|x| {
        derivative_inputs.push(x.to_vec());
        loops::sigmoid_derivative(x)
    });
    assert_passed(&report);
    assert_eq!(sigmoid_inputs, derivative_inputs);
    assert!(sigmoid_inputs[1..].iter().any(|values| values.len() > 1));
}

#[test]
fn random_values_are_hundredths() {
    let mut values = Vec::new();
    let report = check::multiply(|x1, x2| {
        values.extend(x1.to_vec());
        values.extend(x2.to_vec());
        loops::multiply(x1, x2)
    });
    assert_passed(&report);
    for value in values {
        let hundredths = value * 100.0;
        assert!((hundredths - hundredths.round()).abs() < 1e-9, "{value}");
        assert!(value.abs() <= 9.0, "{value}");
    }
}

#[test]
fn normalize_rows_inputs_have_no_zero_row() {
    let mut rows_seen = 0;
    let report = check::normalize_rows(|x| {
        for i in 0..x.shape()[0] {
            let row: Vec<f64> = (0..x.shape()[1]).map(|j| x[[i, j]]).collect();
            assert!(row.iter().any(|&v| v != 0.0), "zero row in {x}");
            rows_seen += 1;
        }
        loops::normalize_rows(x)
    });
    assert_passed(&report);
    assert!(rows_seen > TOTAL);
}

//! The result of a check, [`CheckReport`], and how it prints.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::fmt;

use super::inputs::{Input, InputLayout};
use crate::ShapeError;
use crate::element::Float;
use crate::error::TupleDisplay;
use crate::tensor::Tensor;

/// The relative tolerance of the comparison, numpy's default for
/// `allclose`, which the course's grader uses.
pub const RTOL: f64 = 1e-5;

/// The absolute tolerance of the comparison, numpy's default for
/// `allclose`, which the course's grader uses.
pub const ATOL: f64 = 1e-8;

/// Returns whether `got` is close enough to `expected`:
/// `|got - expected| <= ATOL + RTOL * |expected|`.
///
/// This is the test of the crate's `allclose`, numpy 2's `isclose`, so
/// equal infinities are close and other values are not close to an
/// infinity. Unlike `allclose` it counts NaN as close to NaN, as numpy's
/// `equal_nan=True` does, because a NaN where the reference has one is
/// the right result. NaN where the reference has a number is not close.
pub(crate) fn is_close(got: f64, expected: f64) -> bool {
    if expected.is_nan() {
        return got.is_nan();
    }
    got == expected || (expected.is_finite() && Float::abs(got - expected) <= allowed(expected))
}

/// Returns the largest difference from `expected` that counts as close.
fn allowed(expected: f64) -> f64 {
    ATOL + RTOL * Float::abs(expected)
}

/// The outcome of a check: passed, or the first input on which the
/// function under check disagreed with the reference.
///
/// `Display` prints it for a learner: on success what was checked, on
/// failure the input, both results and what differs.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::{check, vectorized};
///
/// let report = check::l1(|yhat, y| vectorized::l1(yhat, y));
/// assert!(report.is_passed());
/// assert_eq!(report.exercise(), "l1");
/// assert!(report.checked() > 1);
/// assert!(report.failure().is_none());
/// println!("{report}");
/// ```
#[derive(Clone, Debug)]
pub struct CheckReport {
    exercise: &'static str,
    checked: usize,
    layouts: Vec<InputLayout>,
    failure: Option<Box<Failure>>,
}

impl CheckReport {
    pub(crate) fn passed(
        exercise: &'static str,
        checked: usize,
        layouts: Vec<InputLayout>,
    ) -> Self {
        Self {
            exercise,
            checked,
            layouts,
            failure: None,
        }
    }

    pub(crate) fn failed(failure: Failure, layouts: Vec<InputLayout>) -> Self {
        Self {
            exercise: failure.exercise,
            checked: failure.number,
            layouts,
            failure: Some(Box::new(failure)),
        }
    }

    /// Returns whether the function agreed with the reference on every
    /// input.
    pub fn is_passed(&self) -> bool {
        self.failure.is_none()
    }

    /// Returns the name of the exercise, such as `"sigmoid"`.
    pub fn exercise(&self) -> &'static str {
        self.exercise
    }

    /// Returns the number of inputs the function was called on: all of
    /// them when the check passed, up to and including the failing one
    /// otherwise.
    pub fn checked(&self) -> usize {
        self.checked
    }

    /// Returns the first input on which the function disagreed with the
    /// reference, or `None` if it passed.
    pub fn failure(&self) -> Option<&Failure> {
        self.failure.as_deref()
    }

    /// Returns the layouts of the inputs the function was called on, each
    /// once, in the order of [`InputLayout`]'s variants.
    pub fn layouts(&self) -> &[InputLayout] {
        &self.layouts
    }
}

/// Prints what was checked, or the failing input and what to look at.
impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.failure {
            Some(failure) => write!(f, "{failure}"),
            None => {
                writeln!(
                    f,
                    "{}: passed. Your function agreed with exercises::loops::{} on all {} inputs:",
                    self.exercise, self.exercise, self.checked,
                )?;
                write!(
                    f,
                    "the course's example and {} random ones, in these layouts:",
                    self.checked - 1
                )?;
                for (position, layout) in self.layouts.iter().enumerate() {
                    let separator = match position {
                        0 => " ",
                        _ if position + 1 == self.layouts.len() => " and ",
                        _ => ", ",
                    };
                    write!(f, "{separator}{}", layout.name())?;
                }
                write!(
                    f,
                    ".\nEvery element was within atol + rtol * |expected| of the reference, \
                     with rtol = {RTOL:e} and atol = {ATOL:e}."
                )
            }
        }
    }
}

/// The source of an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// The example of the course's notebook for this exercise.
    Course,
    /// The checker's random generator, with a fixed seed, so the same input
    /// comes back on every run.
    Random,
}

/// The disagreement between the function's result and the reference's.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Problem {
    /// The function returned an error, but the reference returned a
    /// result. The checker only makes inputs that the reference accepts.
    ReturnedError(ShapeError),
    /// The result has another shape than the reference's.
    WrongShape {
        /// The shape of the function's result.
        got: Vec<usize>,
        /// The shape of the reference's result.
        expected: Vec<usize>,
    },
    /// An element is further from the reference than the tolerance allows.
    /// It is the first such element in row-major order.
    NotClose {
        /// The element's index; empty for the scalar of `l1`, `l2` and `dot`.
        index: Vec<usize>,
        /// The function's value.
        got: f64,
        /// The reference's value.
        expected: f64,
        /// The largest difference that counts as close,
        /// `ATOL + RTOL * |expected|`.
        allowed: f64,
    },
}

/// Returns the first problem of `got` against `expected`, or `None` if
/// they agree.
pub(crate) fn find_problem(
    got: &Result<Tensor<f64>, ShapeError>,
    expected: &Tensor<f64>,
) -> Option<Problem> {
    let got = match got {
        Ok(got) => got,
        Err(error) => return Some(Problem::ReturnedError(error.clone())),
    };
    if got.shape() != expected.shape() {
        return Some(Problem::WrongShape {
            got: got.shape().to_vec(),
            expected: expected.shape().to_vec(),
        });
    }
    let (position, (&got_value, &expected_value)) = got
        .iter()
        .zip(expected.iter())
        .enumerate()
        .find(|&(_, (&got, &expected))| !is_close(got, expected))?;
    Some(Problem::NotClose {
        index: unravel(position, expected.shape()),
        got: got_value,
        expected: expected_value,
        allowed: allowed(expected_value),
    })
}

/// Returns the index of element number `position` in row-major order.
fn unravel(mut position: usize, shape: &[usize]) -> Vec<usize> {
    let mut index = alloc::vec![0; shape.len()];
    for (axis, &side) in shape.iter().enumerate().rev() {
        index[axis] = position % side;
        position /= side;
    }
    index
}

/// The first input on which the function under check disagreed with the
/// reference, with both results.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::check::{self, Origin, Problem};
/// use baretensor::{Tensor, TensorView};
///
/// // Gives the shape (18,) instead of the column (18, 1).
/// fn flat(image: &TensorView<'_, f64>) -> Result<Tensor<f64>, baretensor::ShapeError> {
///     Tensor::from_vec(image.to_vec(), &[image.len()])
/// }
/// let report = check::image2vector(flat);
/// let failure = report.failure().expect("the shape is wrong");
/// assert_eq!(failure.number(), 1);
/// assert_eq!(failure.origin(), Origin::Course);
/// assert_eq!(failure.inputs()[0].shape(), &[3, 3, 2]);
/// assert_eq!(
///     failure.problem(),
///     &Problem::WrongShape { got: vec![18], expected: vec![18, 1] }
/// );
/// assert_eq!(failure.expected().shape(), &[18, 1]);
/// ```
#[derive(Clone, Debug)]
pub struct Failure {
    pub(crate) exercise: &'static str,
    pub(crate) number: usize,
    pub(crate) total: usize,
    pub(crate) origin: Origin,
    pub(crate) inputs: Vec<Input>,
    pub(crate) got: Result<Tensor<f64>, ShapeError>,
    pub(crate) expected: Tensor<f64>,
    pub(crate) problem: Problem,
}

impl Failure {
    /// Returns the name of the exercise, such as `"softmax"`.
    pub fn exercise(&self) -> &'static str {
        self.exercise
    }

    /// Returns the number of the failing input, counted from 1. The
    /// course's inputs come first, then the random ones.
    pub fn number(&self) -> usize {
        self.number
    }

    /// Returns the number of inputs the check would have run had the
    /// function passed them all.
    pub fn total(&self) -> usize {
        self.total
    }

    /// Returns whether the failing input is the course's example or a
    /// random one.
    pub fn origin(&self) -> Origin {
        self.origin
    }

    /// Returns the arguments the function was called with, in the order
    /// of its parameters.
    pub fn inputs(&self) -> &[Input] {
        &self.inputs
    }

    /// Returns the function's result, or the error it returned. The
    /// scalar of `l1`, `l2` and `dot` is a tensor of shape `()`, read with
    /// `result[[]]`.
    pub fn got(&self) -> Result<&Tensor<f64>, &ShapeError> {
        self.got.as_ref()
    }

    /// Returns the result of `exercises::loops` on the same input, in the
    /// same form as [`got`](Self::got).
    pub fn expected(&self) -> &Tensor<f64> {
        &self.expected
    }

    /// Returns what is wrong with the function's result.
    pub fn problem(&self) -> &Problem {
        &self.problem
    }

    /// Returns the relative tolerance used, [`RTOL`].
    pub fn rtol(&self) -> f64 {
        RTOL
    }

    /// Returns the absolute tolerance used, [`ATOL`].
    pub fn atol(&self) -> f64 {
        ATOL
    }
}

/// Prints the failing input, both results and what differs, with a hint
/// when the input is a strided view.
impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let origin = match self.origin {
            Origin::Course => "the course's example",
            Origin::Random => "a random input",
        };
        writeln!(
            f,
            "{}: FAILED on input {} of {}, {origin}.",
            self.exercise, self.number, self.total
        )?;
        for input in &self.inputs {
            write!(f, "\nInput {input}\n")?;
        }

        f.write_str("\nYour result")?;
        match &self.got {
            Ok(got) => write!(f, ", shape {}:\n{got}\n", TupleDisplay(got.shape()))?,
            Err(error) => writeln!(f, " is an error: {error}")?,
        }
        write!(
            f,
            "Expected, from exercises::loops::{}, shape {}:\n{}\n\n",
            self.exercise,
            TupleDisplay(self.expected.shape()),
            self.expected
        )?;

        match &self.problem {
            Problem::ReturnedError(_) => write!(
                f,
                "Your function returned an error, but exercises::loops::{} accepts this input.",
                self.exercise
            )?,
            Problem::WrongShape { got, expected } => write!(
                f,
                "Your result has shape {}, but it should have shape {}.",
                TupleDisplay(got),
                TupleDisplay(expected)
            )?,
            Problem::NotClose {
                index,
                got,
                expected,
                allowed,
            } => {
                if index.is_empty() {
                    f.write_str("The result differs")?;
                } else {
                    write!(f, "Element {index:?} is the first that differs")?;
                }
                write!(f, ": yours is {got:?}, expected {expected:?}.")?;
                if got.is_nan() || expected.is_nan() {
                    // A NaN difference compares with nothing, so the
                    // tolerance does not apply.
                    f.write_str("\nOnly a NaN in the expected result matches a NaN in yours.")?;
                } else {
                    write!(
                        f,
                        "\nThe difference {:?} is more than the allowed atol + rtol * \
                         |expected| = {allowed:?},\nwith rtol = {RTOL:e} and atol = {ATOL:e}.",
                        Float::abs(got - expected),
                    )?;
                }
            }
        }

        let strided = self
            .inputs
            .iter()
            .find(|input| input.layout() != InputLayout::Contiguous);
        if let (Some(input), true) = (strided, self.number > 1) {
            match self.number - 1 {
                1 => f.write_str("\n\nThe input before this one passed")?,
                passed => write!(f, "\n\nThe {passed} inputs before this one passed")?,
            }
            write!(
                f,
                ", and {} is not a plain contiguous tensor.\nIf your function reads \
                 `buffer()` or `as_slice()` directly, read the elements by index,\nor with \
                 `iter()`, `to_vec()` or `map`, which follow the strides and offset.",
                input.name()
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_close_follows_numpy_formula() {
        assert!(is_close(1.0 + 0.99e-5, 1.0));
        assert!(!is_close(1.0 + 1.02e-5, 1.0));
        assert!(is_close(0.99e-8, 0.0));
        assert!(!is_close(1.01e-8, 0.0));
        assert!(is_close(f64::INFINITY, f64::INFINITY));
        assert!(!is_close(f64::INFINITY, f64::NEG_INFINITY));
        assert!(!is_close(1e300, f64::INFINITY));
        assert!(is_close(f64::NAN, f64::NAN));
        assert!(!is_close(f64::NAN, 1.0));
        assert!(!is_close(1.0, f64::NAN));
    }

    #[test]
    fn unravel_is_row_major() {
        assert_eq!(unravel(0, &[2, 3]), [0, 0]);
        assert_eq!(unravel(4, &[2, 3]), [1, 1]);
        assert_eq!(unravel(23, &[2, 3, 4]), [1, 2, 3]);
        assert_eq!(unravel(0, &[]), [] as [usize; 0]);
    }
}

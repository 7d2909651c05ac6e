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
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::exercises::{check, vectorized};
    ///
    /// assert!(check::sigmoid(|x| vectorized::sigmoid(x)).is_passed());
    /// // The derivative is not the sigmoid.
    /// assert!(!check::sigmoid(|x| vectorized::sigmoid_derivative(x)).is_passed());
    /// ```
    pub fn is_passed(&self) -> bool {
        self.failure.is_none()
    }

    /// Returns the name of the exercise, such as `"sigmoid"`.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::exercises::{check, vectorized};
    ///
    /// let report = check::softmax(|x| vectorized::softmax(x));
    /// assert_eq!(report.exercise(), "softmax");
    /// ```
    pub fn exercise(&self) -> &'static str {
        self.exercise
    }

    /// Returns the number of inputs the function was called on: all of
    /// them when the check passed, up to and including the failing one
    /// otherwise.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::exercises::check::{self, RANDOM_INPUTS};
    /// use baretensor::exercises::vectorized;
    ///
    /// // The course's example and every random input.
    /// let passed = check::sigmoid(|x| vectorized::sigmoid(x));
    /// assert_eq!(passed.checked(), 1 + RANDOM_INPUTS);
    ///
    /// // The derivative fails on the first input, the course's example.
    /// let failed = check::sigmoid(|x| vectorized::sigmoid_derivative(x));
    /// assert_eq!(failed.checked(), 1);
    /// ```
    pub fn checked(&self) -> usize {
        self.checked
    }

    /// Returns the first input on which the function disagreed with the
    /// reference, or `None` if it passed.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::exercises::check;
    /// use baretensor::exercises::vectorized;
    ///
    /// let passed = check::sigmoid(|x| vectorized::sigmoid(x));
    /// assert!(passed.failure().is_none());
    ///
    /// let failed = check::sigmoid(|x| vectorized::sigmoid_derivative(x));
    /// let failure = failed.failure().expect("the derivative is not the sigmoid");
    /// assert_eq!(failure.exercise(), "sigmoid");
    /// ```
    pub fn failure(&self) -> Option<&Failure> {
        self.failure.as_deref()
    }

    /// Returns the layouts of the inputs the function was called on, each
    /// once, in the order of [`InputLayout`]'s variants.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::exercises::check::{self, InputLayout};
    /// use baretensor::exercises::vectorized;
    ///
    /// // A passing check went through every layout.
    /// let passed = check::sigmoid(|x| vectorized::sigmoid(x));
    /// assert_eq!(passed.layouts().len(), 7);
    /// assert!(passed.layouts().contains(&InputLayout::Broadcast));
    ///
    /// // A check that failed on the course's example saw only its layout.
    /// let failed = check::sigmoid(|x| vectorized::sigmoid_derivative(x));
    /// assert_eq!(failed.layouts(), &[InputLayout::Contiguous]);
    /// ```
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
///
/// # Examples
///
/// ```
/// use baretensor::exercises::check::{self, Origin};
/// use baretensor::{Tensor, TensorView};
///
/// // The sign of the exponent is wrong, which the course's example shows.
/// let wrong_sign = check::sigmoid(|x| x.map(|v| 1.0 / (1.0 + v.exp())));
/// assert_eq!(wrong_sign.failure().map(|failure| failure.origin()), Some(Origin::Course));
///
/// // Reads the buffer from index 0, which only a random view of a larger buffer shows.
/// fn storage_order(x: &TensorView<'_, f64>) -> Tensor<f64> {
///     let values = x.buffer()[..x.len()].iter().map(|v| 1.0 / (1.0 + (-v).exp()));
///     Tensor::from_vec(values.collect(), x.shape()).unwrap()
/// }
/// let report = check::sigmoid(storage_order);
/// assert_eq!(report.failure().map(|failure| failure.origin()), Some(Origin::Random));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// The example of the course's notebook for this exercise.
    Course,
    /// The checker's random generator, with a fixed seed, so the same input
    /// comes back on every run.
    Random,
}

/// The disagreement between the function's result and the reference's.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::check::{self, Problem};
/// use baretensor::{ShapeError, Tensor, TensorView};
///
/// // Asks for one element too many, so `from_vec` returns an error.
/// fn too_long(image: &TensorView<'_, f64>) -> Result<Tensor<f64>, ShapeError> {
///     Tensor::from_vec(image.to_vec(), &[image.len() + 1, 1])
/// }
/// let report = check::image2vector(too_long);
/// let failure = report.failure().expect("the function returns an error");
/// assert!(matches!(failure.problem(), Problem::ReturnedError(_)));
///
/// // Returns a row instead of a column.
/// fn row(image: &TensorView<'_, f64>) -> Result<Tensor<f64>, ShapeError> {
///     Tensor::from_vec(image.to_vec(), &[1, image.len()])
/// }
/// let report = check::image2vector(row);
/// let failure = report.failure().expect("the shape is wrong");
/// assert_eq!(
///     failure.problem(),
///     &Problem::WrongShape { got: vec![1, 18], expected: vec![18, 1] }
/// );
/// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::exercises::check;
    /// use baretensor::{ShapeError, Tensor, TensorView};
    ///
    /// // Divides by the total of the whole matrix, not of each row.
    /// fn softmax(x: &TensorView<'_, f64>) -> Result<Tensor<f64>, ShapeError> {
    ///     let exps = x.map(f64::exp);
    ///     Ok(exps.map(|v| v / exps.sum()))
    /// }
    /// let report = check::softmax(softmax);
    /// let failure = report.failure().expect("each row should sum to 1");
    /// assert_eq!(failure.exercise(), "softmax");
    /// ```
    pub fn exercise(&self) -> &'static str {
        self.exercise
    }

    /// Returns the number of the failing input, counted from 1. The
    /// course's inputs come first, then the random ones.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::exercises::check;
    /// use baretensor::{Tensor, TensorView};
    ///
    /// // 1 / (1 + e^x): the sign of the exponent is wrong.
    /// fn my_sigmoid(x: &TensorView<'_, f64>) -> Tensor<f64> {
    ///     x.map(|v| 1.0 / (1.0 + v.exp()))
    /// }
    /// let report = check::sigmoid(my_sigmoid);
    /// let failure = report.failure().expect("the sign is wrong");
    /// // Input 1 is the course's example, [1, 2, 3].
    /// assert_eq!(failure.number(), 1);
    /// ```
    pub fn number(&self) -> usize {
        self.number
    }

    /// Returns the number of inputs the check would have run had the
    /// function passed them all.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::exercises::check::{self, RANDOM_INPUTS};
    /// use baretensor::{Tensor, TensorView};
    ///
    /// // 1 / (1 + e^x): the sign of the exponent is wrong.
    /// fn my_sigmoid(x: &TensorView<'_, f64>) -> Tensor<f64> {
    ///     x.map(|v| 1.0 / (1.0 + v.exp()))
    /// }
    /// let report = check::sigmoid(my_sigmoid);
    /// let failure = report.failure().expect("the sign is wrong");
    /// // The course's example and every random input, though only the first ran.
    /// assert_eq!(failure.total(), 1 + RANDOM_INPUTS);
    /// assert_eq!(failure.total(), 51);
    /// ```
    pub fn total(&self) -> usize {
        self.total
    }

    /// Returns whether the failing input is the course's example or a
    /// random one.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::exercises::check::{self, Origin};
    /// use baretensor::{Tensor, TensorView};
    ///
    /// // 1 / (1 + e^x): the sign of the exponent is wrong.
    /// fn my_sigmoid(x: &TensorView<'_, f64>) -> Tensor<f64> {
    ///     x.map(|v| 1.0 / (1.0 + v.exp()))
    /// }
    /// let report = check::sigmoid(my_sigmoid);
    /// let failure = report.failure().expect("the sign is wrong");
    /// assert_eq!(failure.origin(), Origin::Course);
    /// ```
    pub fn origin(&self) -> Origin {
        self.origin
    }

    /// Returns the arguments the function was called with, in the order
    /// of its parameters.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::exercises::check;
    /// use baretensor::{ShapeError, TensorView};
    ///
    /// // Adds 1 to the dot product.
    /// fn dot(x1: &TensorView<'_, f64>, x2: &TensorView<'_, f64>) -> Result<f64, ShapeError> {
    ///     Ok(x1.iter().zip(x2.iter()).map(|(a, b)| a * b).sum::<f64>() + 1.0)
    /// }
    /// let report = check::dot(dot);
    /// let failure = report.failure().expect("the sum is off by 1");
    /// let names: Vec<&str> = failure.inputs().iter().map(|input| input.name()).collect();
    /// assert_eq!(names, ["x1", "x2"]);
    /// assert_eq!(failure.inputs()[0].shape(), &[15]);
    /// ```
    pub fn inputs(&self) -> &[Input] {
        &self.inputs
    }

    /// Returns the function's result, or the error it returned. The
    /// scalar of `l1`, `l2` and `dot` is a tensor of shape `()`, read with
    /// `result[[]]`.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::exercises::check;
    /// use baretensor::{Tensor, TensorView};
    ///
    /// // 1 / (1 + e^x): the sign of the exponent is wrong.
    /// fn my_sigmoid(x: &TensorView<'_, f64>) -> Tensor<f64> {
    ///     x.map(|v| 1.0 / (1.0 + v.exp()))
    /// }
    /// let report = check::sigmoid(my_sigmoid);
    /// let failure = report.failure().expect("the sign is wrong");
    /// // The learner's values on [1, 2, 3], not the reference's.
    /// let got = failure.got().expect("the function returns no error");
    /// assert_eq!(got.to_vec(), [1.0, 2.0, 3.0].map(|v: f64| 1.0 / (1.0 + v.exp())));
    /// assert!(got[[0]] < 0.5);
    /// ```
    pub fn got(&self) -> Result<&Tensor<f64>, &ShapeError> {
        self.got.as_ref()
    }

    /// Returns the result of `exercises::loops` on the same input, in the
    /// same form as [`got`](Self::got).
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::exercises::check;
    /// use baretensor::{ShapeError, TensorView};
    ///
    /// // Adds 1 to the dot product.
    /// fn dot(x1: &TensorView<'_, f64>, x2: &TensorView<'_, f64>) -> Result<f64, ShapeError> {
    ///     Ok(x1.iter().zip(x2.iter()).map(|(a, b)| a * b).sum::<f64>() + 1.0)
    /// }
    /// let report = check::dot(dot);
    /// let failure = report.failure().expect("the sum is off by 1");
    /// // The dot product is a tensor of shape (), read with `[[]]`.
    /// assert_eq!(failure.expected().shape(), &[] as &[usize]);
    /// assert_eq!(failure.expected()[[]], 278.0);
    /// assert_eq!(failure.got().map(|got| got[[]]), Ok(279.0));
    /// ```
    pub fn expected(&self) -> &Tensor<f64> {
        &self.expected
    }

    /// Returns what is wrong with the function's result.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::exercises::check::{self, Problem};
    /// use baretensor::{Tensor, TensorView};
    ///
    /// // 1 / (1 + e^x): the sign of the exponent is wrong.
    /// fn my_sigmoid(x: &TensorView<'_, f64>) -> Tensor<f64> {
    ///     x.map(|v| 1.0 / (1.0 + v.exp()))
    /// }
    /// let report = check::sigmoid(my_sigmoid);
    /// let failure = report.failure().expect("the sign is wrong");
    /// // Element [0] is the first that differs: 1 / (1 + e) instead of 1 / (1 + e^-1).
    /// let Problem::NotClose { index, got, expected, .. } = failure.problem() else {
    ///     panic!("the shape is right, so only the values differ");
    /// };
    /// assert_eq!(index, &[0]);
    /// assert_eq!(*got, 1.0 / (1.0 + 1.0_f64.exp()));
    /// assert!((expected - 0.7310585786300049).abs() < 1e-15);
    /// ```
    pub fn problem(&self) -> &Problem {
        &self.problem
    }

    /// Returns the relative tolerance used, [`RTOL`].
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::exercises::check::{self, Problem};
    /// use baretensor::{Tensor, TensorView};
    ///
    /// // 1 / (1 + e^x): the sign of the exponent is wrong.
    /// fn my_sigmoid(x: &TensorView<'_, f64>) -> Tensor<f64> {
    ///     x.map(|v| 1.0 / (1.0 + v.exp()))
    /// }
    /// let report = check::sigmoid(my_sigmoid);
    /// let failure = report.failure().expect("the sign is wrong");
    /// assert_eq!(failure.rtol(), 1e-5);
    /// // The allowed difference grows with the expected value.
    /// let Problem::NotClose { expected, allowed, .. } = failure.problem() else {
    ///     panic!("the values differ");
    /// };
    /// assert_eq!(*allowed, failure.atol() + failure.rtol() * expected.abs());
    /// ```
    pub fn rtol(&self) -> f64 {
        RTOL
    }

    /// Returns the absolute tolerance used, [`ATOL`].
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::exercises::check::{self, ATOL};
    /// use baretensor::{Tensor, TensorView};
    ///
    /// // 1 / (1 + e^x): the sign of the exponent is wrong.
    /// fn my_sigmoid(x: &TensorView<'_, f64>) -> Tensor<f64> {
    ///     x.map(|v| 1.0 / (1.0 + v.exp()))
    /// }
    /// let report = check::sigmoid(my_sigmoid);
    /// let failure = report.failure().expect("the sign is wrong");
    /// // numpy's default for `allclose`, the allowed difference where 0 is expected.
    /// assert_eq!(failure.atol(), ATOL);
    /// assert_eq!(failure.atol(), 1e-8);
    /// ```
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

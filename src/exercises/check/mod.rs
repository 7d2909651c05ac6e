//! Checks a learner's version of an exercise against the reference,
//! [`exercises::loops`](super::loops), and reports the first input where
//! they disagree.
//!
//! There is one function per exercise. Each takes the learner's function,
//! with the signature of the crate's version specialised to `f64`, and
//! returns a [`CheckReport`] that prints what was checked or what went
//! wrong:
//!
//! ```
//! use baretensor::exercises::check;
//! use baretensor::{Tensor, TensorView};
//!
//! // A first try that gets the sign of the exponent wrong: 1 / (1 + e^x).
//! fn my_sigmoid(x: &TensorView<'_, f64>) -> Tensor<f64> {
//!     x.map(|v| 1.0 / (1.0 + v.exp()))
//! }
//! let report = check::sigmoid(my_sigmoid);
//! println!("{report}");
//! assert!(!report.is_passed());
//! let failure = report.failure().expect("the sign is wrong");
//! assert_eq!(failure.number(), 1); // the course's example, [1, 2, 3]
//! assert!(report.to_string().contains("Element [0] is the first that differs"));
//!
//! // Fixed: 1 / (1 + e^-x).
//! fn my_sigmoid_fixed(x: &TensorView<'_, f64>) -> Tensor<f64> {
//!     x.map(|v| 1.0 / (1.0 + (-v).exp()))
//! }
//! let report = check::sigmoid(my_sigmoid_fixed);
//! println!("{report}");
//! assert!(report.is_passed());
//! ```
//!
//! The first report prints:
//!
//! ```text
//! sigmoid: FAILED on input 1 of 51, the course's example.
//!
//! Input x: shape (3,), strides (1,), offset 0, in a buffer of 3 elements
//! The input is contiguous, in row-major order from the start of its buffer.
//! [1. 2. 3.]
//!
//! Your result, shape (3,):
//! [0.26894142 0.11920292 0.04742587]
//! Expected, from exercises::loops::sigmoid, shape (3,):
//! [0.73105858 0.88079708 0.95257413]
//!
//! Element [0] is the first that differs: yours is 0.2689414213699951, expected 0.7310585786300049.
//! The difference 0.4621171572600098 is more than the allowed atol + rtol * |expected| = 7.320585786300049e-6,
//! with rtol = 1e-5 and atol = 1e-8.
//! ```
//!
//! # The inputs
//!
//! Each check calls the function first on the course's example for the
//! exercise, then on [`RANDOM_INPUTS`] random inputs of the shapes the
//! exercise takes. The random inputs come from a SplitMix64 generator
//! with a fixed seed, so every run checks the same inputs and a report
//! can be reproduced. Their values are multiples of 0.01 in a range that
//! suits the exercise.
//!
//! Most random inputs are not plain contiguous tensors. They are views of
//! a larger buffer made with the crate's own view operations:
//! transposes, negative steps, every second element, an offset into the
//! buffer and broadcasts with a stride of 0 (see [`InputLayout`]). A
//! function that reads `buffer()` or `as_slice()` in storage order passes
//! the course's example but fails on those. The elements that such a view
//! skips hold random values too, so reading them shows.
//!
//! | check | arguments |
//! | --- | --- |
//! | [`sigmoid`], [`sigmoid_derivative`] | `x` of rank 1 to 3 |
//! | [`image2vector`] | `image` of rank 3, values in `[0, 1]` |
//! | [`normalize_rows`] | `x` of rank 2; the random ones have no zero element, so no row has norm 0 |
//! | [`softmax`] | `x` of rank 2, softmax along each row |
//! | [`l1`], [`l2`] | `yhat` in `[0, 1]` and labels `y` of 0 and 1, two vectors of one length |
//! | [`dot`] | `x1` and `x2`, two vectors of one length |
//! | [`outer`] | `x1` and `x2`, two vectors |
//! | [`multiply`] | `x1` and `x2` of one shape, rank 1 or 2 |
//! | [`matvec`] | `w` of shape `(m, n)` and `x` of length `n` |
//!
//! Every axis has a length of at least 1. The reference accepts every
//! input the checker makes, so the function under check never has to
//! return an error; if it does, the check fails. Inputs that the
//! exercise rejects, such as an image of rank 2, are not tried, because
//! a function that indexes such an input out of range would panic, and
//! the check could not report that.
//!
//! # The comparison
//!
//! A result passes if it has the reference's shape and every element
//! `got` is close to the reference's `expected`:
//! `|got - expected| <= ATOL + RTOL * |expected|`, with numpy's defaults
//! for `allclose`, [`RTOL`] = 1e-5 and [`ATOL`] = 1e-8, which the
//! course's grader uses. This is the test of the crate's
//! [`allclose`](crate::TensorBase::allclose). Unlike `allclose`, NaN
//! counts as close to NaN, as with numpy's `equal_nan=True`, but only
//! where the reference has NaN. The scalar of [`l1`], [`l2`] and [`dot`] is
//! compared the same way, as a tensor of shape `()`.
//!
//! # Panics
//!
//! A panic in the function under check is not caught: it ends the check
//! and unwinds (or aborts) as any panic does. The crate is `no_std`,
//! where no panic can be caught, and catching one with `std` would still
//! print the panic message before the report. The panic message and the
//! backtrace point at the failing line of the function.
//!
//! The checker avoids the panics it can. It never passes an input that
//! the exercise rejects, and each buffer reaches at least `len()`
//! elements past `offset()`, so a function that reads the buffer in
//! storage order gets wrong values, which the report shows, instead of an
//! index out of range.
//!
//! # Passing a generic function
//!
//! The learner's function receives a [`TensorView`]. A function that is
//! generic over [`AsView`](crate::AsView), as the crate's own are, goes
//! through a closure, which picks the type:
//!
//! ```
//! use baretensor::exercises::{check, vectorized};
//!
//! assert!(check::softmax(|x| vectorized::softmax(x)).is_passed());
//! assert!(check::dot(|x1, x2| vectorized::dot(x1, x2)).is_passed());
//! ```

#![forbid(unsafe_code)]

mod inputs;
mod report;

use alloc::vec;
use alloc::vec::Vec;

use super::loops;
use crate::ShapeError;
use crate::tensor::{Tensor, TensorView};
use inputs::{SplitMix64, Values};

pub use inputs::{Input, InputLayout};
pub use report::{ATOL, CheckReport, Failure, Origin, Problem, RTOL};

/// The number of random inputs each check runs after the course's example.
pub const RANDOM_INPUTS: usize = 50;

/// The seed of the random inputs. Each check starts its own generator from
/// it, so the inputs of one exercise do not depend on the others.
const SEED: u64 = 0x5eed_ba2e_7e25_0001;

/// Checks a sigmoid, `1 / (1 + e^-x)` of every element.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::check;
/// use baretensor::{Tensor, TensorView};
///
/// fn sigmoid(x: &TensorView<'_, f64>) -> Tensor<f64> {
///     x.map(|v| 1.0 / (1.0 + (-v).exp()))
/// }
/// assert!(check::sigmoid(sigmoid).is_passed());
/// ```
pub fn sigmoid<F>(mut learner: F) -> CheckReport
where
    F: FnMut(&TensorView<'_, f64>) -> Tensor<f64>,
{
    let course = vec![Input::contiguous("x", &[1.0, 2.0, 3.0], &[3])];
    let random = elementwise_inputs();
    run("sigmoid", course, random, |inputs| {
        let x = &inputs[0];
        (Ok(learner(x)), loops::sigmoid(x))
    })
}

/// Checks the derivative of the sigmoid, `s * (1 - s)` with `s` the
/// sigmoid of each element.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::check;
/// use baretensor::{Tensor, TensorView};
///
/// // The sigmoid itself, not its derivative.
/// fn derivative(x: &TensorView<'_, f64>) -> Tensor<f64> {
///     x.map(|v| 1.0 / (1.0 + (-v).exp()))
/// }
/// assert!(!check::sigmoid_derivative(derivative).is_passed());
///
/// fn derivative_fixed(x: &TensorView<'_, f64>) -> Tensor<f64> {
///     x.map(|v| {
///         let s = 1.0 / (1.0 + (-v).exp());
///         s * (1.0 - s)
///     })
/// }
/// assert!(check::sigmoid_derivative(derivative_fixed).is_passed());
/// ```
pub fn sigmoid_derivative<F>(mut learner: F) -> CheckReport
where
    F: FnMut(&TensorView<'_, f64>) -> Tensor<f64>,
{
    let course = vec![Input::contiguous("x", &[1.0, 2.0, 3.0], &[3])];
    let random = elementwise_inputs();
    run("sigmoid_derivative", course, random, |inputs| {
        let x = &inputs[0];
        (Ok(learner(x)), loops::sigmoid_derivative(x))
    })
}

/// The course's 3x3x2 image, in row-major order.
const COURSE_IMAGE: [f64; 18] = [
    0.67826139, 0.29380381, 0.90714982, 0.52835647, 0.4215251, 0.45017551, 0.92814219, 0.96677647,
    0.85304703, 0.52351845, 0.19981397, 0.27417313, 0.60659855, 0.00533165, 0.10820313, 0.49978937,
    0.34144279, 0.94630077,
];

/// Checks `image2vector`, which turns a `(height, width, channels)` image
/// into a `(height * width * channels, 1)` column in row-major order.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::check;
/// use baretensor::{ShapeError, Tensor, TensorView};
///
/// fn image2vector(image: &TensorView<'_, f64>) -> Result<Tensor<f64>, ShapeError> {
///     Tensor::from_vec(image.to_vec(), &[image.len(), 1])
/// }
/// assert!(check::image2vector(image2vector).is_passed());
/// ```
pub fn image2vector<F>(mut learner: F) -> CheckReport
where
    F: FnMut(&TensorView<'_, f64>) -> Result<Tensor<f64>, ShapeError>,
{
    let course = vec![Input::contiguous("image", &COURSE_IMAGE, &[3, 3, 2])];
    let pixels = Values::Uniform { low: 0, high: 100 };
    let random = random_inputs(&[("image", pixels)], |rng| vec![rng.shape(3, 4)]);
    run("image2vector", course, random, |inputs| {
        let image = &inputs[0];
        (learner(image), reference(loops::image2vector(image)))
    })
}

/// Checks `normalize_rows`, which divides every row of a matrix by its
/// Euclidean norm.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::check::{self, Origin};
/// use baretensor::{ShapeError, Tensor, TensorView};
///
/// // Divides each column, not each row, by its norm.
/// fn by_columns(x: &TensorView<'_, f64>) -> Result<Tensor<f64>, ShapeError> {
///     x.try_div(&x.norm_l2_axis(0, true)?)
/// }
/// let report = check::normalize_rows(by_columns);
/// assert_eq!(report.failure().map(|failure| failure.origin()), Some(Origin::Course));
///
/// fn by_rows(x: &TensorView<'_, f64>) -> Result<Tensor<f64>, ShapeError> {
///     x.try_div(&x.norm_l2_axis(1, true)?)
/// }
/// assert!(check::normalize_rows(by_rows).is_passed());
/// ```
pub fn normalize_rows<F>(mut learner: F) -> CheckReport
where
    F: FnMut(&TensorView<'_, f64>) -> Result<Tensor<f64>, ShapeError>,
{
    let course = vec![Input::contiguous(
        "x",
        &[0.0, 3.0, 4.0, 1.0, 6.0, 4.0],
        &[2, 3],
    )];
    let values = Values::NonZero { max: 500 };
    let random = random_inputs(&[("x", values)], |rng| vec![rng.shape(2, 6)]);
    run("normalize_rows", course, random, |inputs| {
        let x = &inputs[0];
        (learner(x), reference(loops::normalize_rows(x)))
    })
}

/// Checks `softmax` of a matrix, taken along each row.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::check;
/// use baretensor::{ShapeError, Tensor, TensorView};
///
/// fn softmax(x: &TensorView<'_, f64>) -> Result<Tensor<f64>, ShapeError> {
///     let exps = x.map(f64::exp);
///     exps.try_div(&exps.sum_axis(1, true)?)
/// }
/// assert!(check::softmax(softmax).is_passed());
/// ```
pub fn softmax<F>(mut learner: F) -> CheckReport
where
    F: FnMut(&TensorView<'_, f64>) -> Result<Tensor<f64>, ShapeError>,
{
    let course = vec![Input::contiguous(
        "x",
        &[9.0, 2.0, 5.0, 0.0, 0.0, 7.0, 5.0, 0.0, 0.0, 0.0],
        &[2, 5],
    )];
    let values = Values::Uniform {
        low: -1000,
        high: 1000,
    };
    let random = random_inputs(&[("x", values)], |rng| vec![rng.shape(2, 6)]);
    run("softmax", course, random, |inputs| {
        let x = &inputs[0];
        (learner(x), reference(loops::softmax(x)))
    })
}

/// Returns the course's predictions and labels for the losses.
fn course_losses() -> Vec<Input> {
    vec![
        Input::contiguous("yhat", &[0.9, 0.2, 0.1, 0.4, 0.9], &[5]),
        Input::contiguous("y", &[1.0, 0.0, 0.0, 1.0, 1.0], &[5]),
    ]
}

/// Returns random predictions in `[0, 1]` and labels of the same length.
fn random_losses() -> Vec<Vec<Input>> {
    let operands = [
        ("yhat", Values::Uniform { low: 0, high: 100 }),
        ("y", Values::Labels),
    ];
    random_inputs(&operands, |rng| {
        let len = rng.side(12);
        vec![vec![len], vec![len]]
    })
}

/// Checks the L1 loss, `sum(|yhat - y|)`.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::check::{self, Problem};
/// use baretensor::{ShapeError, TensorView};
///
/// // Forgets the absolute value.
/// fn l1(yhat: &TensorView<'_, f64>, y: &TensorView<'_, f64>) -> Result<f64, ShapeError> {
///     Ok(y.try_sub(yhat)?.sum())
/// }
/// let report = check::l1(l1);
/// let failure = report.failure().expect("the terms have mixed signs");
/// assert!(matches!(failure.problem(), Problem::NotClose { index, .. } if index.is_empty()));
/// ```
pub fn l1<F>(mut learner: F) -> CheckReport
where
    F: FnMut(&TensorView<'_, f64>, &TensorView<'_, f64>) -> Result<f64, ShapeError>,
{
    run("l1", course_losses(), random_losses(), |inputs| {
        let (yhat, y) = (&inputs[0], &inputs[1]);
        let got = learner(yhat, y).map(Tensor::scalar);
        (got, Tensor::scalar(reference(loops::l1(yhat, y))))
    })
}

/// Checks the L2 loss, `sum((yhat - y)^2)`.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::check;
/// use baretensor::{ShapeError, TensorView};
///
/// fn l2(yhat: &TensorView<'_, f64>, y: &TensorView<'_, f64>) -> Result<f64, ShapeError> {
///     let difference = y.try_sub(yhat)?;
///     Ok(difference.try_mul(&difference)?.sum())
/// }
/// assert!(check::l2(l2).is_passed());
/// ```
pub fn l2<F>(mut learner: F) -> CheckReport
where
    F: FnMut(&TensorView<'_, f64>, &TensorView<'_, f64>) -> Result<f64, ShapeError>,
{
    run("l2", course_losses(), random_losses(), |inputs| {
        let (yhat, y) = (&inputs[0], &inputs[1]);
        let got = learner(yhat, y).map(Tensor::scalar);
        (got, Tensor::scalar(reference(loops::l2(yhat, y))))
    })
}

/// Returns the course's two integer vectors for the products, as `f64`.
fn course_vectors() -> Vec<Input> {
    vec![
        Input::contiguous("x1", &COURSE_X1, &[15]),
        Input::contiguous("x2", &COURSE_X2, &[15]),
    ]
}

const COURSE_X1: [f64; 15] = [
    9.0, 2.0, 5.0, 0.0, 0.0, 7.0, 5.0, 0.0, 0.0, 0.0, 9.0, 2.0, 5.0, 0.0, 0.0,
];
const COURSE_X2: [f64; 15] = [
    9.0, 2.0, 2.0, 9.0, 0.0, 9.0, 2.0, 5.0, 0.0, 0.0, 9.0, 2.0, 5.0, 0.0, 0.0,
];

/// Values of the random operands of the products.
const FACTORS: Values = Values::Uniform {
    low: -500,
    high: 500,
};

/// Checks the dot product of two vectors of one length.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::check;
/// use baretensor::{ShapeError, TensorView};
///
/// fn dot(x1: &TensorView<'_, f64>, x2: &TensorView<'_, f64>) -> Result<f64, ShapeError> {
///     Ok(x1.iter().zip(x2.iter()).map(|(a, b)| a * b).sum())
/// }
/// assert!(check::dot(dot).is_passed());
/// ```
pub fn dot<F>(mut learner: F) -> CheckReport
where
    F: FnMut(&TensorView<'_, f64>, &TensorView<'_, f64>) -> Result<f64, ShapeError>,
{
    let random = random_inputs(&[("x1", FACTORS), ("x2", FACTORS)], |rng| {
        let len = rng.side(16);
        vec![vec![len], vec![len]]
    });
    run("dot", course_vectors(), random, |inputs| {
        let (x1, x2) = (&inputs[0], &inputs[1]);
        let got = learner(x1, x2).map(Tensor::scalar);
        (got, Tensor::scalar(reference(loops::dot(x1, x2))))
    })
}

/// Checks the outer product of two vectors, `out[i, j] = x1[i] * x2[j]`.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::check;
/// use baretensor::{Tensor, TensorView};
///
/// fn outer(x1: &TensorView<'_, f64>, x2: &TensorView<'_, f64>) -> Tensor<f64> {
///     Tensor::from_shape_fn(&[x1.len(), x2.len()], |index| x1[[index[0]]] * x2[[index[1]]])
///         .unwrap()
/// }
/// assert!(check::outer(outer).is_passed());
/// ```
pub fn outer<F>(mut learner: F) -> CheckReport
where
    F: FnMut(&TensorView<'_, f64>, &TensorView<'_, f64>) -> Tensor<f64>,
{
    let random = random_inputs(&[("x1", FACTORS), ("x2", FACTORS)], |rng| {
        vec![vec![rng.side(8)], vec![rng.side(8)]]
    });
    run("outer", course_vectors(), random, |inputs| {
        let (x1, x2) = (&inputs[0], &inputs[1]);
        (Ok(learner(x1, x2)), loops::outer(x1, x2))
    })
}

/// Checks the elementwise product of two tensors of one shape.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::check;
/// use baretensor::{ShapeError, Tensor, TensorView};
///
/// fn multiply(
///     x1: &TensorView<'_, f64>,
///     x2: &TensorView<'_, f64>,
/// ) -> Result<Tensor<f64>, ShapeError> {
///     x1.zip_with(x2, |a, b| a * b)
/// }
/// assert!(check::multiply(multiply).is_passed());
/// ```
pub fn multiply<F>(mut learner: F) -> CheckReport
where
    F: FnMut(&TensorView<'_, f64>, &TensorView<'_, f64>) -> Result<Tensor<f64>, ShapeError>,
{
    let random = random_inputs(&[("x1", FACTORS), ("x2", FACTORS)], |rng| {
        let rank = rng.between(1, 2);
        let shape = rng.shape(rank, 6);
        vec![shape.clone(), shape]
    });
    run("multiply", course_vectors(), random, |inputs| {
        let (x1, x2) = (&inputs[0], &inputs[1]);
        (learner(x1, x2), reference(loops::multiply(x1, x2)))
    })
}

/// Checks the product of a `(m, n)` matrix and a vector of length `n`.
///
/// The course draws its matrix at random. The check's first input uses
/// the rows `x1`, `x2` and `x1 + x2` of the course's two vectors instead,
/// with `x1` as the vector.
///
/// # Examples
///
/// ```
/// use baretensor::exercises::check;
/// use baretensor::{ShapeError, Tensor, TensorView};
///
/// fn matvec(w: &TensorView<'_, f64>, x: &TensorView<'_, f64>) -> Result<Tensor<f64>, ShapeError> {
///     let rows = w.shape()[0];
///     let row = |i: usize| (0..x.len()).map(move |j| w[[i, j]] * x[[j]]).sum::<f64>();
///     Tensor::from_vec((0..rows).map(row).collect(), &[rows])
/// }
/// assert!(check::matvec(matvec).is_passed());
/// ```
pub fn matvec<F>(mut learner: F) -> CheckReport
where
    F: FnMut(&TensorView<'_, f64>, &TensorView<'_, f64>) -> Result<Tensor<f64>, ShapeError>,
{
    let sum: Vec<f64> = COURSE_X1
        .iter()
        .zip(COURSE_X2)
        .map(|(a, b)| a + b)
        .collect();
    let course = vec![
        Input::contiguous("w", &[&COURSE_X1[..], &COURSE_X2, &sum].concat(), &[3, 15]),
        Input::contiguous("x", &COURSE_X1, &[15]),
    ];
    let random = random_inputs(&[("w", FACTORS), ("x", FACTORS)], |rng| {
        let (rows, columns) = (rng.side(6), rng.side(6));
        vec![vec![rows, columns], vec![columns]]
    });
    run("matvec", course, random, |inputs| {
        let (w, x) = (&inputs[0], &inputs[1]);
        (learner(w, x), reference(loops::matvec(w, x)))
    })
}

/// Returns the random inputs of sigmoid and its derivative: rank 1 to 3,
/// values in `[-10, 10]`.
fn elementwise_inputs() -> Vec<Vec<Input>> {
    let values = Values::Uniform {
        low: -1000,
        high: 1000,
    };
    random_inputs(&[("x", values)], |rng| {
        let rank = rng.between(1, 3);
        vec![rng.shape(rank, 5)]
    })
}

/// Returns [`RANDOM_INPUTS`] argument lists. `shapes` draws the shape of
/// every operand, which `operands` names and gives values. The first
/// operand goes through every layout in turn, so that each appears; the
/// others take random layouts.
fn random_inputs(
    operands: &[(&'static str, Values)],
    mut shapes: impl FnMut(&mut SplitMix64) -> Vec<Vec<usize>>,
) -> Vec<Vec<Input>> {
    let mut rng = SplitMix64::new(SEED);
    (0..RANDOM_INPUTS)
        .map(|case| {
            let shapes = shapes(&mut rng);
            operands
                .iter()
                .zip(&shapes)
                .enumerate()
                .map(|(position, (&(name, values), shape))| {
                    let layout = if position == 0 {
                        InputLayout::cycle(shape.len(), case)
                    } else {
                        InputLayout::random(shape.len(), &mut rng)
                    };
                    Input::random(name, shape, layout, values, &mut rng)
                })
                .collect()
        })
        .collect()
}

/// Returns the reference's result, which exists for every input the
/// checker makes.
fn reference<T>(result: Result<T, ShapeError>) -> T {
    result.expect("the checker makes only inputs that exercises::loops accepts")
}

/// Calls `evaluate` on the course's input, then on each random one, and
/// stops at the first whose two results differ. `evaluate` returns the
/// learner's result and the reference's.
fn run(
    exercise: &'static str,
    course: Vec<Input>,
    random: Vec<Vec<Input>>,
    mut evaluate: impl FnMut(&[TensorView<'_, f64>]) -> (Result<Tensor<f64>, ShapeError>, Tensor<f64>),
) -> CheckReport {
    let total = 1 + random.len();
    let cases = core::iter::once((Origin::Course, course))
        .chain(random.into_iter().map(|inputs| (Origin::Random, inputs)));

    // The layouts seen so far, for the report.
    let mut layouts: Vec<InputLayout> = Vec::new();
    for (position, (origin, inputs)) in cases.enumerate() {
        for input in &inputs {
            if !layouts.contains(&input.layout()) {
                layouts.push(input.layout());
            }
        }
        layouts.sort();

        let (got, expected) = {
            let views: Vec<TensorView<'_, f64>> = inputs.iter().map(Input::view).collect();
            evaluate(&views)
        };
        if let Some(problem) = report::find_problem(&got, &expected) {
            let failure = Failure {
                exercise,
                number: position + 1,
                total,
                origin,
                inputs,
                got,
                expected,
                problem,
            };
            return CheckReport::failed(failure, layouts);
        }
    }
    CheckReport::passed(exercise, total, layouts)
}

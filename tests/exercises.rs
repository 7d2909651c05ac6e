//! Tests of `baretensor::exercises`, the "Python Basics with Numpy" course
//! exercises written twice.
//!
//! 1. The course's published outputs, for `loops` and `vectorized`, in f64
//!    and f32 (i32 and i64 for the integer exercises).
//! 2. `loops` against `vectorized` on random shapes and memory layouts, by
//!    proptest: bit for bit for the elementwise functions, within a bound
//!    derived from the rounding of a sum for the reductions.
//! 3. Errors and edge cases.

use std::any::type_name;

use baretensor::exercises::{loops, vectorized};
use baretensor::strategies::{
    self, FloatOptions, StridedTensor, finite_floats, integers, mutually_broadcastable_shapes,
    shapes, strided_tensors,
};
use baretensor::{Element, Float, ShapeError, Tensor, TensorView, broadcast_shapes, s, tensor};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError};

// ---------------------------------------------------------------------------
// 1. The course's published outputs
// ---------------------------------------------------------------------------

/// Makes a float tensor of `shape` from f64 literals, each rounded to `T`.
fn floats<T: Float>(values: &[f64], shape: &[usize]) -> Tensor<T> {
    let values = values.iter().map(|&value| T::from_f64(value)).collect();
    Tensor::from_vec(values, shape).expect("the values fill the shape")
}

/// Makes an integer tensor of `shape`.
fn ints<T: Element + From<i32>>(values: &[i32], shape: &[usize]) -> Tensor<T> {
    let values = values.iter().map(|&value| T::from(value)).collect();
    Tensor::from_vec(values, shape).expect("the values fill the shape")
}

/// Asserts numpy's `allclose(got, expected)` with numpy's default
/// tolerances, rtol = 1e-5 and atol = 1e-8, which the course's grader uses.
/// The published values have 8 significant digits, so they are themselves
/// only that close to the exact results. f32 results are within about 1e-7
/// relative, also well inside rtol.
fn assert_course_close<T: Float>(got: &Tensor<T>, expected: &Tensor<T>, context: &str) {
    assert!(
        got.allclose(expected, T::from_f64(1e-5), T::from_f64(1e-8)),
        "{context} in {}: got {:?}, the course has {:?}",
        type_name::<T>(),
        got.to_vec(),
        expected.to_vec()
    );
}

#[test]
fn sigmoid_matches_course_output() {
    fn check<T: Float>() {
        let x = floats::<T>(&[1.0, 2.0, 3.0], &[3]);
        let expected = floats(&[0.73105858, 0.88079708, 0.95257413], &[3]);
        assert_course_close(&loops::sigmoid(&x), &expected, "loops::sigmoid([1, 2, 3])");
        let got = vectorized::sigmoid(&x);
        assert_course_close(&got, &expected, "vectorized::sigmoid([1, 2, 3])");
    }
    check::<f64>();
    check::<f32>();
}

#[test]
fn sigmoid_derivative_matches_course_output() {
    fn check<T: Float>() {
        let x = floats::<T>(&[1.0, 2.0, 3.0], &[3]);
        let expected = floats(&[0.19661193, 0.10499359, 0.04517666], &[3]);
        let got = loops::sigmoid_derivative(&x);
        assert_course_close(&got, &expected, "loops::sigmoid_derivative([1, 2, 3])");
        let got = vectorized::sigmoid_derivative(&x);
        assert_course_close(&got, &expected, "vectorized::sigmoid_derivative([1, 2, 3])");
    }
    check::<f64>();
    check::<f32>();
}

#[test]
fn normalize_rows_matches_course_output() {
    fn check<T: Float>() {
        let x = floats::<T>(&[0.0, 3.0, 4.0, 1.0, 6.0, 4.0], &[2, 3]);
        let expected = floats(
            &[0.0, 0.6, 0.8, 0.13736056, 0.82416338, 0.54944226],
            &[2, 3],
        );
        let got = loops::normalize_rows(&x).expect("rank 2");
        assert_course_close(
            &got,
            &expected,
            "loops::normalize_rows([[0, 3, 4], [1, 6, 4]])",
        );
        let got = vectorized::normalize_rows(&x).expect("rank 2");
        let context = "vectorized::normalize_rows([[0, 3, 4], [1, 6, 4]])";
        assert_course_close(&got, &expected, context);
    }
    check::<f64>();
    check::<f32>();
}

#[test]
fn softmax_matches_course_output() {
    fn check<T: Float>() {
        let x = floats::<T>(&[9.0, 2.0, 5.0, 0.0, 0.0, 7.0, 5.0, 0.0, 0.0, 0.0], &[2, 5]);
        let expected = floats(
            &[
                9.80897665e-01,
                8.94462891e-04,
                1.79657674e-02,
                1.21052389e-04,
                1.21052389e-04,
                8.78679856e-01,
                1.18916387e-01,
                8.01252314e-04,
                8.01252314e-04,
                8.01252314e-04,
            ],
            &[2, 5],
        );
        let got = loops::softmax(&x).expect("every shape has a softmax");
        let context = "loops::softmax([[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]])";
        assert_course_close(&got, &expected, context);
        let got = vectorized::softmax(&x).expect("every shape has a softmax");
        let context = "vectorized::softmax([[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]])";
        assert_course_close(&got, &expected, context);
    }
    check::<f64>();
    check::<f32>();
}

/// The course's 3x3x2 image, in row-major order.
const IMAGE: [f64; 18] = [
    0.67826139, 0.29380381, 0.90714982, 0.52835647, 0.4215251, 0.45017551, 0.92814219, 0.96677647,
    0.85304703, 0.52351845, 0.19981397, 0.27417313, 0.60659855, 0.00533165, 0.10820313, 0.49978937,
    0.34144279, 0.94630077,
];

#[test]
fn image2vector_matches_course_output() {
    // image2vector only moves elements, so the column equals the image's
    // values exactly.
    fn check<T: Float>() {
        let image = floats::<T>(&IMAGE, &[3, 3, 2]);
        let expected = floats::<T>(&IMAGE, &[18, 1]);
        let got = loops::image2vector(&image).expect("rank 3");
        assert_eq!(
            got,
            expected,
            "loops::image2vector of the course's image, {}",
            type_name::<T>()
        );
        let got = vectorized::image2vector(&image).expect("rank 3");
        assert_eq!(
            got,
            expected,
            "vectorized::image2vector of the course's image, {}",
            type_name::<T>()
        );
    }
    check::<f64>();
    check::<f32>();
}

/// Asserts `|got - expected| <= 8 * EPSILON * expected` for the losses of
/// the course's example.
///
/// The decimals of `yhat` round on input, a relative error of at most
/// u = EPSILON / 2 each. `y - yhat` is then exact (Sterbenz's lemma covers
/// 1 - 0.9, and 0 - x is exact), except 1 - 0.4, which rounds once.
/// Squaring rounds once, and each of the four additions rounds once, on a
/// partial sum no larger than the total. Together with the rounding of
/// the decimal `expected`, that is at most about 8.6u = 3.9 * EPSILON * 1.1
/// for l1 and 4.3u = 5 * EPSILON * 0.43 for l2. So 8 * EPSILON * expected
/// leaves a margin, and is far tighter than numpy's rtol of 1e-5.
fn assert_loss_close<T: Float>(got: T, expected: f64, context: &str) {
    let tolerance = 8.0 * T::EPSILON.to_f64() * expected;
    assert!(
        (got.to_f64() - expected).abs() <= tolerance,
        "{context} in {}: got {got:?}, the course has {expected}",
        type_name::<T>()
    );
}

#[test]
fn l1_and_l2_match_course_output() {
    fn check<T: Float>() {
        let yhat = floats::<T>(&[0.9, 0.2, 0.1, 0.4, 0.9], &[5]);
        let y = floats::<T>(&[1.0, 0.0, 0.0, 1.0, 1.0], &[5]);
        let context = "loops::l1(yhat, y) of the course's example";
        assert_loss_close(loops::l1(&yhat, &y).expect("equal shapes"), 1.1, context);
        let context = "vectorized::l1(yhat, y) of the course's example";
        assert_loss_close(
            vectorized::l1(&yhat, &y).expect("equal shapes"),
            1.1,
            context,
        );
        let context = "loops::l2(yhat, y) of the course's example";
        assert_loss_close(loops::l2(&yhat, &y).expect("equal shapes"), 0.43, context);
        let context = "vectorized::l2(yhat, y) of the course's example";
        assert_loss_close(
            vectorized::l2(&yhat, &y).expect("equal shapes"),
            0.43,
            context,
        );
    }
    check::<f64>();
    check::<f32>();
}

/// The course's integer vectors.
const X1: [i32; 15] = [9, 2, 5, 0, 0, 7, 5, 0, 0, 0, 9, 2, 5, 0, 0];
const X2: [i32; 15] = [9, 2, 2, 9, 0, 9, 2, 5, 0, 0, 9, 2, 5, 0, 0];

#[test]
fn dot_matches_course_output() {
    fn check<T: Element + From<i32>>() {
        let (x1, x2) = (ints::<T>(&X1, &[15]), ints::<T>(&X2, &[15]));
        let name = type_name::<T>();
        assert_eq!(
            loops::dot(&x1, &x2),
            Ok(T::from(278)),
            "loops::dot(x1, x2), {name}"
        );
        assert_eq!(
            vectorized::dot(&x1, &x2),
            Ok(T::from(278)),
            "vectorized::dot(x1, x2), {name}"
        );
    }
    check::<i32>();
    check::<i64>();
}

/// Checks the course's 15x15 outer product: a few entries, and every row
/// sum, which is `x1[i] * sum(x2)`.
fn assert_course_outer<T: Element + From<i32> + Into<i64>>(table: &Tensor<T>, context: &str) {
    let name = type_name::<T>();
    assert_eq!(table.shape(), &[15, 15], "{context}, {name}: shape");
    for (i, j) in [(0, 0), (0, 3), (5, 0), (5, 7), (12, 12), (14, 14), (1, 10)] {
        let expected = T::from(X1[i] * X2[j]);
        assert_eq!(
            table[[i, j]],
            expected,
            "{context}, {name}: entry [{i}, {j}]"
        );
    }
    let x2_sum: i64 = X2.iter().map(|&value| i64::from(value)).sum();
    for i in 0..15 {
        let row_sum: i64 = (0..15).map(|j| Into::<i64>::into(table[[i, j]])).sum();
        assert_eq!(
            row_sum,
            i64::from(X1[i]) * x2_sum,
            "{context}, {name}: sum of row {i}"
        );
    }
}

#[test]
fn outer_matches_course_output() {
    fn check<T: Element + From<i32> + Into<i64>>() {
        let (x1, x2) = (ints::<T>(&X1, &[15]), ints::<T>(&X2, &[15]));
        assert_course_outer(&loops::outer(&x1, &x2), "loops::outer(x1, x2)");
        assert_course_outer(&vectorized::outer(&x1, &x2), "vectorized::outer(x1, x2)");
    }
    check::<i32>();
    check::<i64>();
}

#[test]
fn multiply_matches_course_output() {
    fn check<T: Element + From<i32>>() {
        let (x1, x2) = (ints::<T>(&X1, &[15]), ints::<T>(&X2, &[15]));
        let expected = ints::<T>(&[81, 4, 10, 0, 0, 63, 10, 0, 0, 0, 81, 4, 25, 0, 0], &[15]);
        let name = type_name::<T>();
        assert_eq!(
            loops::multiply(&x1, &x2),
            Ok(expected.clone()),
            "loops::multiply(x1, x2), {name}"
        );
        assert_eq!(
            vectorized::multiply(&x1, &x2),
            Ok(expected),
            "vectorized::multiply(x1, x2), {name}"
        );
    }
    check::<i32>();
    check::<i64>();
}

/// Checks the contiguous fast path of `vectorized::multiply` bit for bit
/// against the loop version and the general operator. It covers every
/// length up to 70 at offsets 0 to 7 into the buffers, and a 2-d shape.
#[test]
fn multiply_fast_path_matches_loops() {
    fn check<T: Float>(from: fn(f64) -> T, bits: fn(T) -> u64) {
        let values = |seed: f64| -> Vec<T> {
            (0..78)
                .map(|k| from((k as f64 * seed).sin() * 1e3))
                .collect()
        };
        let (first, second) = (
            Tensor::from_vec(values(0.7), &[78]).unwrap(),
            Tensor::from_vec(values(1.3), &[78]).unwrap(),
        );
        let same = |x: &Tensor<T>, y: &Tensor<T>| {
            x.shape() == y.shape() && x.iter().zip(y.iter()).all(|(&a, &b)| bits(a) == bits(b))
        };
        for offset in 0..8 {
            for len in 0..=70 {
                let a = first.slice(&s![offset..offset + len]).unwrap();
                let b = second.slice(&s![offset..offset + len]).unwrap();
                let fast = vectorized::multiply(&a, &b).unwrap();
                let context = format!("{}, length {len}, offset {offset}", type_name::<T>());
                assert!(same(&fast, &loops::multiply(&a, &b).unwrap()), "{context}");
                assert!(same(&fast, &a.try_mul(&b).unwrap()), "{context}");
            }
        }
        let (a, b) = (
            first.slice(&s![3..75]).unwrap(),
            second.slice(&s![1..73]).unwrap(),
        );
        let (a, b) = (a.reshape(&[8, 9]).unwrap(), b.reshape(&[8, 9]).unwrap());
        let fast = vectorized::multiply(&a, &b).unwrap();
        assert!(same(&fast, &loops::multiply(&a, &b).unwrap()));
        assert!(same(&fast, &a.try_mul(&b).unwrap()));
    }
    check::<f32>(|x| x as f32, |x| u64::from(x.to_bits()));
    check::<f64>(|x| x, f64::to_bits);
}

#[test]
fn matvec_matches_course_output() {
    fn check<T: Element + From<i32>>() {
        // W's rows are x1, x2 and x1 + x2.
        let sum: Vec<i32> = X1.iter().zip(&X2).map(|(a, b)| a + b).collect();
        let w = ints::<T>(&[X1.as_slice(), &X2, &sum].concat(), &[3, 15]);
        let x1 = ints::<T>(&X1, &[15]);
        let expected = ints::<T>(&[294, 278, 572], &[3]);
        let name = type_name::<T>();
        assert_eq!(
            loops::matvec(&w, &x1),
            Ok(expected.clone()),
            "loops::matvec(W, x1), {name}"
        );
        assert_eq!(
            vectorized::matvec(&w, &x1),
            Ok(expected),
            "vectorized::matvec(W, x1), {name}"
        );
    }
    check::<i32>();
    check::<i64>();
}

// ---------------------------------------------------------------------------
// 2. loops equals vectorized, by proptest
// ---------------------------------------------------------------------------

/// 256 cases per property. Failures are not saved to a regressions file, so
/// a run leaves the source tree as it was.
fn config() -> Config {
    Config {
        cases: 256,
        failure_persistence: None,
        ..Config::default()
    }
}

/// An element type the properties run on, with the strategies for its
/// values.
trait Sample: Element {
    /// Generates any value: for floats NaN with any payload, infinities,
    /// -0.0, subnormals, huge values, and values in [-10, 10] where the
    /// sigmoid is not flat. For the functions that must agree bit for bit.
    fn any_value() -> BoxedStrategy<Self>;
    /// Generates values for the reductions: finite floats in [-10, 10], so
    /// that the rounding bound applies, and any integer, since wrapping
    /// sums are exact in every order.
    fn moderate() -> BoxedStrategy<Self>;
    /// Returns the bit pattern, so that NaN matches NaN and -0.0 differs
    /// from 0.0.
    fn bits(self) -> u64;
}

/// A float type, with the constants and values that the rounding bounds need.
trait FloatSample: Sample + Float {
    /// The smallest positive subnormal number, as f64.
    const SMALLEST_SUBNORMAL: f64;
    /// Generates mostly values in [-10, 10], with NaN and both infinities
    /// mixed in.
    fn special() -> BoxedStrategy<Self>;
}

impl Sample for f64 {
    fn any_value() -> BoxedStrategy<Self> {
        // proptest's ANY, since `floats` draws no NaN payloads or subnormals.
        prop_oneof![proptest::num::f64::ANY, finite_floats(-10.0, 10.0)].boxed()
    }
    fn moderate() -> BoxedStrategy<Self> {
        finite_floats(-10.0, 10.0).boxed()
    }
    fn bits(self) -> u64 {
        // Rust leaves the payload of a NaN result unspecified (the optimizer
        // may swap the operands of a commutative operation that meets two
        // NaNs), so every NaN compares as the canonical one.
        if self.is_nan() {
            f64::NAN.to_bits()
        } else {
            self.to_bits()
        }
    }
}

impl FloatSample for f64 {
    const SMALLEST_SUBNORMAL: f64 = f64::from_bits(1);
    fn special() -> BoxedStrategy<Self> {
        strategies::floats(FloatOptions::new(-10.0, 10.0).with_nan().with_infinities()).boxed()
    }
}

impl Sample for f32 {
    fn any_value() -> BoxedStrategy<Self> {
        // proptest's ANY, since `floats` draws no NaN payloads or subnormals.
        prop_oneof![proptest::num::f32::ANY, finite_floats(-10.0f32, 10.0)].boxed()
    }
    fn moderate() -> BoxedStrategy<Self> {
        finite_floats(-10.0f32, 10.0).boxed()
    }
    fn bits(self) -> u64 {
        // NaN payloads are unspecified, as for f64.
        if self.is_nan() {
            u64::from(f32::NAN.to_bits())
        } else {
            u64::from(self.to_bits())
        }
    }
}

impl FloatSample for f32 {
    const SMALLEST_SUBNORMAL: f64 = f32::from_bits(1) as f64;
    fn special() -> BoxedStrategy<Self> {
        strategies::floats(
            FloatOptions::new(-10.0f32, 10.0)
                .with_nan()
                .with_infinities(),
        )
        .boxed()
    }
}

impl Sample for i32 {
    fn any_value() -> BoxedStrategy<Self> {
        integers::<i32>(..).boxed()
    }
    fn moderate() -> BoxedStrategy<Self> {
        integers::<i32>(..).boxed()
    }
    fn bits(self) -> u64 {
        u64::from(self as u32)
    }
}

impl Sample for i64 {
    fn any_value() -> BoxedStrategy<Self> {
        integers::<i64>(..).boxed()
    }
    fn moderate() -> BoxedStrategy<Self> {
        integers::<i64>(..).boxed()
    }
    fn bits(self) -> u64 {
        self as u64
    }
}

impl Sample for u8 {
    fn any_value() -> BoxedStrategy<Self> {
        integers::<u8>(..).boxed()
    }
    fn moderate() -> BoxedStrategy<Self> {
        integers::<u8>(..).boxed()
    }
    fn bits(self) -> u64 {
        u64::from(self)
    }
}

// Rounding bounds. Both versions compute every term of a sum bit for bit
// alike: the same products, squares or exponentials. They differ only in
// the order of the additions, because `loops` keeps one running sum and
// `vectorized` eight accumulators and a tail.

/// Returns the unit roundoff u = EPSILON / 2 of `T`. A rounded operation
/// returns the exact result times (1 + d) with |d| <= u, or, in the
/// subnormal range, the exact result plus at most half the smallest
/// subnormal.
fn unit_roundoff<T: Float>() -> f64 {
    T::EPSILON.to_f64() / 2.0
}

/// Returns gamma_k = k*u / (1 - k*u). A product of k factors
/// (1 + d)^(+1 or -1), each |d| <= u, lies within gamma_k of 1, and two
/// factors within gamma_j and gamma_k of 1 multiply to one within
/// gamma_(j+k) of 1.
fn gamma<T: Float>(k: usize) -> f64 {
    let ku = k as f64 * unit_roundoff::<T>();
    ku / (1.0 - ku)
}

/// Returns a bound on |a - b| for two sums of the same `n` terms, of any
/// sign, added in different orders.
///
/// In any order each term goes through at most n - 1 additions, so each
/// sum is within gamma_(n-1) * sum|terms| of the exact sum, and the two are
/// within twice that of each other. (An addition whose result is subnormal
/// is exact, so underflow adds nothing.) Using gamma_n instead of
/// gamma_(n-1) leaves room for the rounding of the caller's own f64 sum of
/// |terms|.
fn sum_order_bound<T: Float>(n: usize, sum_of_magnitudes: f64) -> f64 {
    2.0 * gamma::<T>(n) * sum_of_magnitudes
}

/// Returns a bound on |a - b| for two results that each equal the exact
/// value times a factor within gamma_k of 1, given the value `a` of one.
///
/// A sum of n nonnegative terms has no cancellation, so in any order it is
/// the exact sum times a factor within gamma_(n-1) of 1. A square root
/// keeps that bound (|sqrt(1 + t) - 1| <= |t|) and rounds once more. The
/// reciprocal of a factor within gamma_j of 1 is within gamma_(2j) of 1,
/// because |t| / (1 - |t|) <= gamma_(2j), and the division rounds once
/// more. Then |a - exact| is at most gamma_k |exact|, and |exact| at most
/// |a| / (1 - gamma_k), so |a - b| is at most 2 gamma_k |a| / (1 -
/// gamma_k). A last rounding into the subnormal range is absolute
/// instead, at most half the smallest subnormal for each result, which the
/// last term adds.
fn relative_order_bound<T: FloatSample>(k: usize, a: f64) -> f64 {
    let g = gamma::<T>(k);
    2.0 * g / (1.0 - g) * a.abs() + T::SMALLEST_SUBNORMAL
}

// Inputs in random layouts: contiguous, permuted, with steps, negative
// strides, an offset or zero strides, from `strided_tensors`.

/// Describes the layout of `x` for assert messages. Proptest prints the
/// values itself.
fn layout_of<T: Element>(x: &StridedTensor<T>) -> String {
    let view = x.view();
    format!(
        "shape {:?}, strides {:?}, offset {}",
        view.shape(),
        view.strides(),
        view.offset()
    )
}

/// Appends to each shape of `leading` one axis of 0 to 40, a length that
/// reaches the eight accumulators of the vectorized sums and every tail
/// length. `shapes` takes one side range for all axes, so the long last
/// axis is added here.
fn with_long_last_axis(
    leading: impl Strategy<Value = Vec<usize>>,
) -> impl Strategy<Value = Vec<usize>> {
    (leading, shapes(1, 0..=40)).prop_map(|(mut shape, last)| {
        shape.extend(last);
        shape
    })
}

/// Generates a shape of rank 0 to 4 whose last axis, if any, is 0 to 40
/// long, and whose other axes are 0 to 6 long.
fn shape_with_long_last_axis() -> BoxedStrategy<Vec<usize>> {
    let with_last = with_long_last_axis(shapes(0..=3, 0..=6));
    prop_oneof![1 => Just(Vec::new()), 8 => with_last].boxed()
}

/// Two inputs, each in its own layout.
type Pair<T> = (StridedTensor<T>, StridedTensor<T>);

/// Generates two inputs whose shapes come from `shapes`.
fn pair<T: Element>(
    shapes: impl Strategy<Value = (Vec<usize>, Vec<usize>)> + 'static,
    values: BoxedStrategy<T>,
) -> BoxedStrategy<Pair<T>> {
    shapes
        .prop_flat_map(move |(a, b)| {
            (
                strided_tensors(values.clone(), Just(a)),
                strided_tensors(values.clone(), Just(b)),
            )
        })
        .boxed()
}

/// Generates two inputs of rank 0 to 4 whose shapes broadcast together.
/// One time in four the shapes are equal, where the vectorized code takes
/// its slice paths: `mutually_broadcastable_shapes` alone makes them rare.
fn broadcast_pair<T: Element>(values: BoxedStrategy<T>) -> BoxedStrategy<Pair<T>> {
    let broadcast = mutually_broadcastable_shapes(2, 0..=4, 0..=6)
        .prop_map(|shapes| (shapes.inputs[0].clone(), shapes.inputs[1].clone()));
    let equal = shapes(0..=4, 0..=6).prop_map(|shape| (shape.clone(), shape));
    pair(prop_oneof![3 => broadcast, 1 => equal], values)
}

/// Generates two inputs of the same shape, of rank 0 to 4.
fn equal_shape_pair<T: Element>(values: BoxedStrategy<T>) -> BoxedStrategy<Pair<T>> {
    pair(
        shapes(0..=4, 0..=6).prop_map(|shape| (shape.clone(), shape)),
        values,
    )
}

/// Generates two vectors of one length from 0 to 40.
fn vector_pair<T: Element>(values: BoxedStrategy<T>) -> BoxedStrategy<Pair<T>> {
    pair(
        shapes(1, 0..=40).prop_map(|shape| (shape.clone(), shape)),
        values,
    )
}

/// Generates a matrix of 0 to 6 rows and 0 to 40 columns, and a vector
/// with one element per column.
fn matvec_pair<T: Element>(values: BoxedStrategy<T>) -> BoxedStrategy<Pair<T>> {
    let shapes = with_long_last_axis(shapes(1, 0..=6)).prop_map(|w| {
        let x = vec![w[1]];
        (w, x)
    });
    pair(shapes, values)
}

/// Generates a matrix of 0 to 6 rows and 0 to 40 columns.
fn matrix<T: Element>(values: BoxedStrategy<T>) -> BoxedStrategy<StridedTensor<T>> {
    strided_tensors(values, with_long_last_axis(shapes(1, 0..=6))).boxed()
}

// Comparisons.

type Check = Result<(), TestCaseError>;

/// Asserts equal shapes and equal bits everywhere, with every NaN equal to
/// every other NaN.
fn assert_bitwise<T: Sample>(loops: &Tensor<T>, vectorized: &Tensor<T>, context: &str) -> Check {
    prop_assert_eq!(
        loops.shape(),
        vectorized.shape(),
        "{}: shapes differ",
        context
    );
    for (i, (x, y)) in loops.iter().zip(vectorized.iter()).enumerate() {
        prop_assert_eq!(
            x.bits(),
            y.bits(),
            "{}: element {} is {:?} in loops, {:?} in vectorized",
            context,
            i,
            x,
            y
        );
    }
    Ok(())
}

/// Asserts equal shapes and |loops - vectorized| <= bound(i, loops) for
/// every element i.
fn assert_within<T: Float>(
    loops: &Tensor<T>,
    vectorized: &Tensor<T>,
    bound: impl Fn(usize, f64) -> f64,
    context: &str,
) -> Check {
    prop_assert_eq!(
        loops.shape(),
        vectorized.shape(),
        "{}: shapes differ",
        context
    );
    for (i, (x, y)) in loops.iter().zip(vectorized.iter()).enumerate() {
        let (x, y) = (x.to_f64(), y.to_f64());
        let bound = bound(i, x);
        prop_assert!(
            (x - y).abs() <= bound,
            "{}: element {} is {:e} in loops, {:e} in vectorized, bound {:e}",
            context,
            i,
            x,
            y,
            bound
        );
    }
    Ok(())
}

/// Asserts NaN in the same places, and equal values where either is
/// infinite.
fn assert_same_nan_places<T: Float>(loops: &[T], vectorized: &[T], context: &str) -> Check {
    prop_assert_eq!(loops.len(), vectorized.len(), "{}: lengths differ", context);
    for (i, (&x, &y)) in loops.iter().zip(vectorized).enumerate() {
        prop_assert_eq!(
            x.is_nan(),
            y.is_nan(),
            "{}: element {} is {:?} in loops, {:?} in vectorized",
            context,
            i,
            x,
            y
        );
        if x.to_f64().is_infinite() || y.to_f64().is_infinite() {
            prop_assert!(
                x == y,
                "{}: element {} is {:?} in loops, {:?} in vectorized",
                context,
                i,
                x,
                y
            );
        }
    }
    Ok(())
}

/// Returns the number of elements of the shape that `a` and `b` broadcast
/// to.
fn broadcast_len<T: Element>(a: &TensorView<'_, T>, b: &TensorView<'_, T>) -> usize {
    let shape = broadcast_shapes(&[a.shape(), b.shape()]).expect("the shapes broadcast");
    shape.iter().product()
}

// Checks of one case each, shared by the element types.

fn check_sigmoid<T: FloatSample>(x: &StridedTensor<T>) -> Check {
    let view = x.view();
    let context = format!("sigmoid of {}", layout_of(x));
    assert_bitwise(
        &loops::sigmoid(&view),
        &vectorized::sigmoid(&view),
        &context,
    )
}

fn check_sigmoid_derivative<T: FloatSample>(x: &StridedTensor<T>) -> Check {
    let view = x.view();
    let context = format!("sigmoid_derivative of {}", layout_of(x));
    let (a, b) = (
        loops::sigmoid_derivative(&view),
        vectorized::sigmoid_derivative(&view),
    );
    assert_bitwise(&a, &b, &context)
}

fn check_image2vector<T: Sample>(image: &StridedTensor<T>) -> Check {
    let view = image.view();
    let context = format!("image2vector of {}", layout_of(image));
    let a = loops::image2vector(&view).expect("rank 3");
    let b = vectorized::image2vector(&view).expect("rank 3");
    prop_assert_eq!(a.shape(), &[view.len(), 1], "{}: shape", context);
    assert_bitwise(&a, &b, &context)
}

fn check_outer<T: Sample>(x1: &StridedTensor<T>, x2: &StridedTensor<T>) -> Check {
    let (a, b) = (x1.view(), x2.view());
    let context = format!("outer of {} and {}", layout_of(x1), layout_of(x2));
    assert_bitwise(&loops::outer(&a, &b), &vectorized::outer(&a, &b), &context)
}

fn check_multiply<T: Sample>(x1: &StridedTensor<T>, x2: &StridedTensor<T>) -> Check {
    let (a, b) = (x1.view(), x2.view());
    let context = format!("multiply of {} and {}", layout_of(x1), layout_of(x2));
    let loops = loops::multiply(&a, &b).expect("the shapes broadcast");
    let vectorized = vectorized::multiply(&a, &b).expect("the shapes broadcast");
    assert_bitwise(&loops, &vectorized, &context)
}

fn check_normalize_rows<T: FloatSample>(x: &StridedTensor<T>) -> Check {
    let view = x.view();
    let context = format!("normalize_rows of {}", layout_of(x));
    let a = loops::normalize_rows(&view).expect("rank 2");
    let b = vectorized::normalize_rows(&view).expect("rank 2");
    // A row of n elements: the sum of squares is within gamma_(n-1), its
    // rounded root within gamma_n, the reciprocal within gamma_(2n), and
    // the rounded quotient within gamma_(2n+1).
    let k = 2 * view.shape()[1] + 1;
    let bound = |_: usize, value: f64| relative_order_bound::<T>(k, value);
    assert_within(&a, &b, bound, &context)
}

fn check_softmax<T: FloatSample>(x: &StridedTensor<T>) -> Check {
    let view = x.view();
    let context = format!("softmax of {}", layout_of(x));
    let a = loops::softmax(&view).expect("every shape has a softmax");
    let b = vectorized::softmax(&view).expect("every shape has a softmax");
    prop_assert_eq!(a.shape(), view.shape(), "{}: shape", context);
    // A row of n exponentials, all >= 0: their sum is within gamma_(n-1),
    // its reciprocal within gamma_(2n-2), the rounded quotient within
    // gamma_(2n-1).
    let columns = view.shape().last().copied().unwrap_or(1);
    let k = (2 * columns).saturating_sub(1);
    let bound = |_: usize, value: f64| relative_order_bound::<T>(k, value);
    assert_within(&a, &b, bound, &context)
}

/// Checks l1 (`squared` false) or l2 (`squared` true). Their terms are all
/// >= 0, so the bound is relative to the loss.
fn check_loss<T: FloatSample>(
    yhat: &StridedTensor<T>,
    y: &StridedTensor<T>,
    squared: bool,
) -> Check {
    let (a, b) = (yhat.view(), y.view());
    let (loops, vectorized, name) = if squared {
        (loops::l2(&a, &b), vectorized::l2(&a, &b), "l2")
    } else {
        (loops::l1(&a, &b), vectorized::l1(&a, &b), "l1")
    };
    let (loops, vectorized) = (loops.expect("broadcast"), vectorized.expect("broadcast"));
    // A sum of n terms, all >= 0: within gamma_(n-1) of the exact sum.
    let k = broadcast_len(&a, &b).saturating_sub(1);
    let bound = relative_order_bound::<T>(k, loops.to_f64());
    prop_assert!(
        (loops.to_f64() - vectorized.to_f64()).abs() <= bound,
        "{} of {} and {}: loops {:?}, vectorized {:?}, bound {:e}",
        name,
        layout_of(yhat),
        layout_of(y),
        loops,
        vectorized,
        bound
    );
    Ok(())
}

fn check_dot_float<T: FloatSample>(x1: &StridedTensor<T>, x2: &StridedTensor<T>) -> Check {
    let (a, b) = (x1.view(), x2.view());
    let loops = loops::dot(&a, &b).expect("equal lengths");
    let vectorized = vectorized::dot(&a, &b).expect("equal lengths");
    let terms = a
        .iter()
        .zip(b.iter())
        .map(|(&x, &y)| x.elem_mul(y).to_f64().abs());
    let bound = sum_order_bound::<T>(a.len(), terms.sum());
    prop_assert!(
        (loops.to_f64() - vectorized.to_f64()).abs() <= bound,
        "dot of {} and {}: loops {:?}, vectorized {:?}, bound {:e}",
        layout_of(x1),
        layout_of(x2),
        loops,
        vectorized,
        bound
    );
    Ok(())
}

fn check_dot_exact<T: Sample>(x1: &StridedTensor<T>, x2: &StridedTensor<T>) -> Check {
    let (a, b) = (x1.view(), x2.view());
    let loops = loops::dot(&a, &b).expect("equal lengths");
    let vectorized = vectorized::dot(&a, &b).expect("equal lengths");
    prop_assert_eq!(
        loops,
        vectorized,
        "dot of {} and {}",
        layout_of(x1),
        layout_of(x2)
    );
    Ok(())
}

fn check_matvec_float<T: FloatSample>(w: &StridedTensor<T>, x: &StridedTensor<T>) -> Check {
    let (wv, xv) = (w.view(), x.view());
    let context = format!("matvec of {} and {}", layout_of(w), layout_of(x));
    let a = loops::matvec(&wv, &xv).expect("matching shapes");
    let b = vectorized::matvec(&wv, &xv).expect("matching shapes");
    let columns = xv.len();
    // Each row is a dot product of `columns` terms of any sign.
    let row_bound = |i: usize, _: f64| {
        let terms = (0..columns).map(|j| wv[[i, j]].elem_mul(xv[[j]]).to_f64().abs());
        sum_order_bound::<T>(columns, terms.sum())
    };
    assert_within(&a, &b, row_bound, &context)
}

fn check_matvec_exact<T: Sample>(w: &StridedTensor<T>, x: &StridedTensor<T>) -> Check {
    let (wv, xv) = (w.view(), x.view());
    let context = format!("matvec of {} and {}", layout_of(w), layout_of(x));
    let a = loops::matvec(&wv, &xv).expect("matching shapes");
    let b = vectorized::matvec(&wv, &xv).expect("matching shapes");
    assert_bitwise(&a, &b, &context)
}

/// Runs every reduction on inputs with NaN and infinities.
fn check_nan_places<T: FloatSample>(
    rows: &StridedTensor<T>,
    last_axis: &StridedTensor<T>,
    (yhat, y): &Pair<T>,
    (x1, x2): &Pair<T>,
    (w, x): &Pair<T>,
) -> Check {
    let view = rows.view();
    let a = loops::normalize_rows(&view).expect("rank 2").to_vec();
    let b = vectorized::normalize_rows(&view).expect("rank 2").to_vec();
    assert_same_nan_places(&a, &b, &format!("normalize_rows of {}", layout_of(rows)))?;

    let view = last_axis.view();
    let a = loops::softmax(&view).expect("any shape").to_vec();
    let b = vectorized::softmax(&view).expect("any shape").to_vec();
    assert_same_nan_places(&a, &b, &format!("softmax of {}", layout_of(last_axis)))?;

    let (p, q) = (yhat.view(), y.view());
    let (a, b) = (
        loops::l1(&p, &q).expect("broadcast"),
        vectorized::l1(&p, &q).expect("broadcast"),
    );
    assert_same_nan_places(
        &[a],
        &[b],
        &format!("l1 of {} and {}", layout_of(yhat), layout_of(y)),
    )?;
    let (a, b) = (
        loops::l2(&p, &q).expect("broadcast"),
        vectorized::l2(&p, &q).expect("broadcast"),
    );
    assert_same_nan_places(
        &[a],
        &[b],
        &format!("l2 of {} and {}", layout_of(yhat), layout_of(y)),
    )?;

    let (p, q) = (x1.view(), x2.view());
    let (a, b) = (
        loops::dot(&p, &q).expect("equal"),
        vectorized::dot(&p, &q).expect("equal"),
    );
    assert_same_nan_places(
        &[a],
        &[b],
        &format!("dot of {} and {}", layout_of(x1), layout_of(x2)),
    )?;

    let (p, q) = (w.view(), x.view());
    let a = loops::matvec(&p, &q).expect("matching").to_vec();
    let b = vectorized::matvec(&p, &q).expect("matching").to_vec();
    assert_same_nan_places(
        &a,
        &b,
        &format!("matvec of {} and {}", layout_of(w), layout_of(x)),
    )
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn sigmoid_loops_equals_vectorized_f64(
        x in strided_tensors(f64::any_value(), shapes(0..=4, 0..=6)),
    ) {
        check_sigmoid(&x)?;
    }

    #[test]
    fn sigmoid_loops_equals_vectorized_f32(
        x in strided_tensors(f32::any_value(), shapes(0..=4, 0..=6)),
    ) {
        check_sigmoid(&x)?;
    }

    #[test]
    fn sigmoid_derivative_loops_equals_vectorized_f64(
        x in strided_tensors(f64::any_value(), shapes(0..=4, 0..=6)),
    ) {
        check_sigmoid_derivative(&x)?;
    }

    #[test]
    fn sigmoid_derivative_loops_equals_vectorized_f32(
        x in strided_tensors(f32::any_value(), shapes(0..=4, 0..=6)),
    ) {
        check_sigmoid_derivative(&x)?;
    }

    #[test]
    fn image2vector_loops_equals_vectorized_f64(
        x in strided_tensors(f64::any_value(), shapes(3, 0..=6)),
    ) {
        check_image2vector(&x)?;
    }

    #[test]
    fn image2vector_loops_equals_vectorized_f32(
        x in strided_tensors(f32::any_value(), shapes(3, 0..=6)),
    ) {
        check_image2vector(&x)?;
    }

    #[test]
    fn image2vector_loops_equals_vectorized_integers(
        a in strided_tensors(i32::any_value(), shapes(3, 0..=6)),
        b in strided_tensors(i64::any_value(), shapes(3, 0..=6)),
        c in strided_tensors(u8::any_value(), shapes(3, 0..=6)),
    ) {
        check_image2vector(&a)?;
        check_image2vector(&b)?;
        check_image2vector(&c)?;
    }

    // outer's output has len(x1) * len(x2) elements, so its inputs stop at
    // rank 3 (216 elements each) to keep the run short.
    #[test]
    fn outer_loops_equals_vectorized_f64(
        x1 in strided_tensors(f64::any_value(), shapes(0..=3, 0..=6)),
        x2 in strided_tensors(f64::any_value(), shapes(0..=3, 0..=6)),
    ) {
        check_outer(&x1, &x2)?;
    }

    #[test]
    fn outer_loops_equals_vectorized_f32(
        x1 in strided_tensors(f32::any_value(), shapes(0..=3, 0..=6)),
        x2 in strided_tensors(f32::any_value(), shapes(0..=3, 0..=6)),
    ) {
        check_outer(&x1, &x2)?;
    }

    #[test]
    fn outer_loops_equals_vectorized_integers(
        a1 in strided_tensors(i32::any_value(), shapes(0..=3, 0..=6)),
        a2 in strided_tensors(i32::any_value(), shapes(0..=3, 0..=6)),
        b1 in strided_tensors(i64::any_value(), shapes(0..=3, 0..=6)),
        b2 in strided_tensors(i64::any_value(), shapes(0..=3, 0..=6)),
    ) {
        check_outer(&a1, &a2)?;
        check_outer(&b1, &b2)?;
    }

    #[test]
    fn multiply_loops_equals_vectorized_on_broadcast_f64(
        (x1, x2) in broadcast_pair(f64::any_value()),
    ) {
        check_multiply(&x1, &x2)?;
    }

    #[test]
    fn multiply_loops_equals_vectorized_on_broadcast_f32(
        (x1, x2) in broadcast_pair(f32::any_value()),
    ) {
        check_multiply(&x1, &x2)?;
    }

    #[test]
    fn multiply_loops_equals_vectorized_on_broadcast_integers(
        (a1, a2) in broadcast_pair(i32::any_value()),
        (b1, b2) in broadcast_pair(i64::any_value()),
    ) {
        check_multiply(&a1, &a2)?;
        check_multiply(&b1, &b2)?;
    }

    #[test]
    fn normalize_rows_loops_equals_vectorized_f64(x in matrix(f64::moderate())) {
        check_normalize_rows(&x)?;
    }

    #[test]
    fn normalize_rows_loops_equals_vectorized_f32(x in matrix(f32::moderate())) {
        check_normalize_rows(&x)?;
    }

    #[test]
    fn softmax_loops_equals_vectorized_f64(
        x in strided_tensors(f64::moderate(), shape_with_long_last_axis()),
    ) {
        check_softmax(&x)?;
    }

    #[test]
    fn softmax_loops_equals_vectorized_f32(
        x in strided_tensors(f32::moderate(), shape_with_long_last_axis()),
    ) {
        check_softmax(&x)?;
    }

    #[test]
    fn l1_loops_equals_vectorized_on_equal_shapes_f64(
        (yhat, y) in equal_shape_pair(f64::moderate()),
    ) {
        check_loss(&yhat, &y, false)?;
    }

    #[test]
    fn l1_loops_equals_vectorized_on_equal_shapes_f32(
        (yhat, y) in equal_shape_pair(f32::moderate()),
    ) {
        check_loss(&yhat, &y, false)?;
    }

    #[test]
    fn l1_loops_equals_vectorized_on_broadcast_shapes_f64(
        (yhat, y) in broadcast_pair(f64::moderate()),
    ) {
        check_loss(&yhat, &y, false)?;
    }

    #[test]
    fn l1_loops_equals_vectorized_on_broadcast_shapes_f32(
        (yhat, y) in broadcast_pair(f32::moderate()),
    ) {
        check_loss(&yhat, &y, false)?;
    }

    #[test]
    fn l2_loops_equals_vectorized_on_equal_shapes_f64(
        (yhat, y) in equal_shape_pair(f64::moderate()),
    ) {
        check_loss(&yhat, &y, true)?;
    }

    #[test]
    fn l2_loops_equals_vectorized_on_equal_shapes_f32(
        (yhat, y) in equal_shape_pair(f32::moderate()),
    ) {
        check_loss(&yhat, &y, true)?;
    }

    #[test]
    fn l2_loops_equals_vectorized_on_broadcast_shapes_f64(
        (yhat, y) in broadcast_pair(f64::moderate()),
    ) {
        check_loss(&yhat, &y, true)?;
    }

    #[test]
    fn l2_loops_equals_vectorized_on_broadcast_shapes_f32(
        (yhat, y) in broadcast_pair(f32::moderate()),
    ) {
        check_loss(&yhat, &y, true)?;
    }

    #[test]
    fn dot_loops_equals_vectorized_on_strided_views_f64((x1, x2) in vector_pair(f64::moderate())) {
        check_dot_float(&x1, &x2)?;
    }

    #[test]
    fn dot_loops_equals_vectorized_on_strided_views_f32((x1, x2) in vector_pair(f32::moderate())) {
        check_dot_float(&x1, &x2)?;
    }

    #[test]
    fn dot_loops_equals_vectorized_on_strided_views_integers(
        (a1, a2) in vector_pair(i32::moderate()),
        (b1, b2) in vector_pair(i64::moderate()),
    ) {
        check_dot_exact(&a1, &a2)?;
        check_dot_exact(&b1, &b2)?;
    }

    #[test]
    fn matvec_loops_equals_vectorized_on_strided_views_f64((w, x) in matvec_pair(f64::moderate())) {
        check_matvec_float(&w, &x)?;
    }

    #[test]
    fn matvec_loops_equals_vectorized_on_strided_views_f32((w, x) in matvec_pair(f32::moderate())) {
        check_matvec_float(&w, &x)?;
    }

    #[test]
    fn matvec_loops_equals_vectorized_on_strided_views_integers(
        (a1, a2) in matvec_pair(i32::moderate()),
        (b1, b2) in matvec_pair(i64::moderate()),
    ) {
        check_matvec_exact(&a1, &a2)?;
        check_matvec_exact(&b1, &b2)?;
    }

    #[test]
    fn reductions_give_nan_in_same_places_f64(
        rows in matrix(f64::special()),
        last_axis in strided_tensors(f64::special(), shape_with_long_last_axis()),
        losses in broadcast_pair(f64::special()),
        dots in vector_pair(f64::special()),
        matvecs in matvec_pair(f64::special()),
    ) {
        check_nan_places(&rows, &last_axis, &losses, &dots, &matvecs)?;
    }

    #[test]
    fn reductions_give_nan_in_same_places_f32(
        rows in matrix(f32::special()),
        last_axis in strided_tensors(f32::special(), shape_with_long_last_axis()),
        losses in broadcast_pair(f32::special()),
        dots in vector_pair(f32::special()),
        matvecs in matvec_pair(f32::special()),
    ) {
        check_nan_places(&rows, &last_axis, &losses, &dots, &matvecs)?;
    }
}

// ---------------------------------------------------------------------------
// 3. Errors and edge cases
// ---------------------------------------------------------------------------

#[test]
fn image2vector_rejects_rank_other_than_three() {
    let vector = tensor![1.0, 2.0];
    let message = "image2vector needs a tensor of rank 3, got shape (2,) of rank 1";
    let error = loops::image2vector(&vector).unwrap_err();
    assert_eq!(
        error.to_string(),
        message,
        "loops::image2vector of shape (2,)"
    );
    let error = vectorized::image2vector(&vector).unwrap_err();
    assert_eq!(
        error.to_string(),
        message,
        "vectorized::image2vector of shape (2,)"
    );

    for shape in [&[][..], &[2, 2], &[1, 2, 3, 4]] {
        let x = Tensor::<u8>::zeros(shape);
        let is_rank_error = |error: ShapeError| {
            matches!(
                error,
                ShapeError::RankMismatch {
                    op: "image2vector",
                    expected: 3,
                    ..
                }
            )
        };
        let error = loops::image2vector(&x).unwrap_err();
        assert!(
            is_rank_error(error),
            "loops::image2vector of shape {shape:?}"
        );
        let error = vectorized::image2vector(&x).unwrap_err();
        assert!(
            is_rank_error(error),
            "vectorized::image2vector of shape {shape:?}"
        );
    }
}

#[test]
fn normalize_rows_rejects_rank_other_than_two() {
    let vector = tensor![3.0, 4.0];
    let message = "normalize_rows needs a tensor of rank 2, got shape (2,) of rank 1";
    let error = loops::normalize_rows(&vector).unwrap_err();
    assert_eq!(
        error.to_string(),
        message,
        "loops::normalize_rows of shape (2,)"
    );
    let error = vectorized::normalize_rows(&vector).unwrap_err();
    assert_eq!(
        error.to_string(),
        message,
        "vectorized::normalize_rows of shape (2,)"
    );

    for shape in [&[][..], &[2, 2, 2]] {
        let x = Tensor::<f64>::ones(shape);
        let is_rank_error = |error: ShapeError| {
            matches!(
                error,
                ShapeError::RankMismatch {
                    op: "normalize_rows",
                    expected: 2,
                    ..
                }
            )
        };
        let error = loops::normalize_rows(&x).unwrap_err();
        assert!(
            is_rank_error(error),
            "loops::normalize_rows of shape {shape:?}"
        );
        let error = vectorized::normalize_rows(&x).unwrap_err();
        assert!(
            is_rank_error(error),
            "vectorized::normalize_rows of shape {shape:?}"
        );
    }
}

#[test]
fn dot_rejects_unequal_lengths() {
    let (x1, x2) = (tensor![1, 2, 3], tensor![1, 2]);
    let message = "dot: shapes (3,) and (2,) do not match: \
                   axis 0 of the left has length 3, axis 0 of the right has length 2";
    let error = loops::dot(&x1, &x2).unwrap_err();
    assert_eq!(error.to_string(), message, "loops::dot of (3,) and (2,)");
    let error = vectorized::dot(&x1, &x2).unwrap_err();
    assert_eq!(
        error.to_string(),
        message,
        "vectorized::dot of (3,) and (2,)"
    );
}

#[test]
fn dot_rejects_rank_other_than_one() {
    let matrix = tensor![[1.0, 2.0], [3.0, 4.0]];
    let vector = tensor![1.0, 2.0];
    let is_rank_error = |error: ShapeError| {
        matches!(
            error,
            ShapeError::RankMismatch {
                op: "dot",
                expected: 1,
                ..
            }
        )
    };
    let error = loops::dot(&matrix, &vector).unwrap_err();
    assert!(is_rank_error(error), "loops::dot of (2, 2) and (2,)");
    let error = vectorized::dot(&matrix, &vector).unwrap_err();
    assert!(is_rank_error(error), "vectorized::dot of (2, 2) and (2,)");
    let error = loops::dot(&vector, &matrix).unwrap_err();
    assert!(is_rank_error(error), "loops::dot of (2,) and (2, 2)");
    let error = vectorized::dot(&vector, &matrix).unwrap_err();
    assert!(is_rank_error(error), "vectorized::dot of (2,) and (2, 2)");
    let scalar = Tensor::scalar(2.0);
    let error = loops::dot(&scalar, &scalar).unwrap_err();
    assert!(is_rank_error(error), "loops::dot of () and ()");
    let error = vectorized::dot(&scalar, &scalar).unwrap_err();
    assert!(is_rank_error(error), "vectorized::dot of () and ()");
}

#[test]
fn matvec_rejects_mismatched_columns() {
    let w = tensor![[1, 0, 2], [0, 1, 0]];
    let x = tensor![1, 2];
    let message = "matvec: shapes (2, 3) and (2,) do not match: \
                   axis 1 of the left has length 3, axis 0 of the right has length 2";
    let error = loops::matvec(&w, &x).unwrap_err();
    assert_eq!(
        error.to_string(),
        message,
        "loops::matvec of (2, 3) and (2,)"
    );
    let error = vectorized::matvec(&w, &x).unwrap_err();
    assert_eq!(
        error.to_string(),
        message,
        "vectorized::matvec of (2, 3) and (2,)"
    );
    // The transpose has 2 columns, so the same x fits it.
    assert_eq!(
        loops::matvec(&w.t(), &x),
        Ok(tensor![1, 2, 2]),
        "loops::matvec of w.t()"
    );
    assert_eq!(
        vectorized::matvec(&w.t(), &x),
        Ok(tensor![1, 2, 2]),
        "vectorized::matvec of w.t()"
    );
}

#[test]
fn matvec_rejects_wrong_ranks() {
    let matrix = tensor![[1, 2], [3, 4]];
    let vector = tensor![1, 2];
    let is_rank_error = |error: ShapeError, rank: usize| match error {
        ShapeError::RankMismatch { op, expected, .. } => op == "matvec" && expected == rank,
        _ => false,
    };
    let error = loops::matvec(&vector, &vector).unwrap_err();
    assert!(is_rank_error(error, 2), "loops::matvec of (2,) and (2,)");
    let error = vectorized::matvec(&vector, &vector).unwrap_err();
    assert!(
        is_rank_error(error, 2),
        "vectorized::matvec of (2,) and (2,)"
    );
    let error = loops::matvec(&matrix, &matrix).unwrap_err();
    assert!(
        is_rank_error(error, 1),
        "loops::matvec of (2, 2) and (2, 2)"
    );
    let error = vectorized::matvec(&matrix, &matrix).unwrap_err();
    assert!(
        is_rank_error(error, 1),
        "vectorized::matvec of (2, 2) and (2, 2)"
    );
}

#[test]
fn l1_rejects_shapes_that_cannot_broadcast() {
    let (yhat, y) = (tensor![0.5, 0.5, 0.5], tensor![1.0, 0.0, 1.0, 0.0]);
    let message = "cannot broadcast (3,) with (4,): axis -1 has lengths 3 and 4";
    let error = loops::l1(&yhat, &y).unwrap_err();
    assert_eq!(error.to_string(), message, "loops::l1 of (3,) and (4,)");
    let error = vectorized::l1(&yhat, &y).unwrap_err();
    assert_eq!(
        error.to_string(),
        message,
        "vectorized::l1 of (3,) and (4,)"
    );

    let (yhat, y) = (Tensor::<f64>::zeros(&[2, 3]), Tensor::<f64>::zeros(&[3, 2]));
    let is_broadcast_error =
        |error: ShapeError| matches!(error, ShapeError::Broadcast { axis: -1, .. });
    assert!(
        is_broadcast_error(loops::l2(&yhat, &y).unwrap_err()),
        "loops::l2 of (2, 3) and (3, 2)"
    );
    let error = vectorized::l2(&yhat, &y).unwrap_err();
    assert!(
        is_broadcast_error(error),
        "vectorized::l2 of (2, 3) and (3, 2)"
    );
}

#[test]
fn multiply_rejects_shapes_that_cannot_broadcast() {
    let (x1, x2) = (Tensor::<i32>::ones(&[2, 3]), Tensor::<i32>::ones(&[4, 3]));
    let is_broadcast_error = |error: ShapeError| {
        matches!(
            error,
            ShapeError::Broadcast {
                axis: -2,
                lengths: [2, 4],
                ..
            }
        )
    };
    let error = loops::multiply(&x1, &x2).unwrap_err();
    assert!(
        is_broadcast_error(error),
        "loops::multiply of (2, 3) and (4, 3)"
    );
    let error = vectorized::multiply(&x1, &x2).unwrap_err();
    assert!(
        is_broadcast_error(error),
        "vectorized::multiply of (2, 3) and (4, 3)"
    );
}

#[test]
fn normalize_rows_of_zero_row_gives_zeros() {
    // numpy gives NaN here (0 / 0); the crate documents zeros instead.
    let x = tensor![[0.0, 0.0, 0.0], [3.0, 0.0, 4.0]];
    let expected = tensor![[0.0, 0.0, 0.0], [0.6, 0.0, 0.8]];
    let got = loops::normalize_rows(&x).expect("rank 2");
    assert_eq!(
        got, expected,
        "loops::normalize_rows([[0, 0, 0], [3, 0, 4]])"
    );
    let got = vectorized::normalize_rows(&x).expect("rank 2");
    assert_eq!(
        got, expected,
        "vectorized::normalize_rows([[0, 0, 0], [3, 0, 4]])"
    );
}

#[test]
fn normalize_rows_agrees_when_squares_underflow() {
    // Every square rounds to 0, so the computed norm is 0 although the row
    // is not zero. Both versions must still give the same row.
    fn check<T: FloatSample>(tiny: f64) {
        let x = floats::<T>(&[tiny, -tiny], &[1, 2]);
        let a = loops::normalize_rows(&x).expect("rank 2");
        let b = vectorized::normalize_rows(&x).expect("rank 2");
        assert_eq!(
            a,
            b,
            "normalize_rows([[{tiny:e}, {:e}]]), {}",
            -tiny,
            type_name::<T>()
        );
    }
    check::<f64>(1e-200);
    check::<f32>(1e-30);
}

#[test]
fn normalize_rows_of_extreme_scales_gives_unit_rows() {
    // The squares stay within f64's range, so the exact result is
    // (0.6, 0.8) at any scale.
    let x = tensor![[3e100, 4e100], [3e-100, 4e-100]];
    let expected = tensor![[0.6, 0.8], [0.6, 0.8]];
    let input = "[[3e100, 4e100], [3e-100, 4e-100]]";
    let got = loops::normalize_rows(&x).expect("rank 2");
    let close = got.allclose(&expected, 1e-12, 0.0);
    assert!(
        close,
        "loops::normalize_rows({input}): got {:?}",
        got.to_vec()
    );
    let got = vectorized::normalize_rows(&x).expect("rank 2");
    let close = got.allclose(&expected, 1e-12, 0.0);
    assert!(
        close,
        "vectorized::normalize_rows({input}): got {:?}",
        got.to_vec()
    );
}

#[test]
fn softmax_of_large_equal_values_is_half() {
    fn check<T: Float>() {
        let x = floats::<T>(&[1000.0, 1000.0], &[2]);
        let half = floats::<T>(&[0.5, 0.5], &[2]);
        let name = type_name::<T>();
        assert_eq!(
            loops::softmax(&x),
            Ok(half.clone()),
            "loops::softmax([1000, 1000]), {name}"
        );
        assert_eq!(
            vectorized::softmax(&x),
            Ok(half),
            "vectorized::softmax([1000, 1000]), {name}"
        );
    }
    check::<f64>();
    check::<f32>();
}

#[test]
fn softmax_of_scalar_is_one() {
    let x = Tensor::scalar(3.0);
    let one = Tensor::scalar(1.0);
    assert_eq!(
        loops::softmax(&x),
        Ok(one.clone()),
        "loops::softmax of the 0-d tensor 3"
    );
    assert_eq!(
        vectorized::softmax(&x),
        Ok(one),
        "vectorized::softmax of the 0-d tensor 3"
    );
}

#[test]
fn softmax_of_empty_shape_keeps_shape() {
    let x = Tensor::<f64>::zeros(&[2, 0]);
    let got = loops::softmax(&x).expect("any shape");
    assert_eq!(got.shape(), &[2, 0], "loops::softmax of shape (2, 0)");
    let got = vectorized::softmax(&x).expect("any shape");
    assert_eq!(got.shape(), &[2, 0], "vectorized::softmax of shape (2, 0)");
}

#[test]
fn softmax_of_widely_spread_row_matches_exact_values() {
    // After the maximum is subtracted the row is (0, -20): exp(-20) is far
    // below 1 but a normal number, and must come out positive and accurate.
    let exp_minus_20 = 2.061153622438558e-9;
    let x = tensor![10.0, -10.0];
    let expected = tensor![
        1.0 / (1.0 + exp_minus_20),
        exp_minus_20 / (1.0 + exp_minus_20)
    ];
    // numpy's atol of 1e-8 would accept 0 for the second element.
    let got = loops::softmax(&x).expect("any shape");
    assert!(
        got.allclose(&expected, 1e-10, 0.0),
        "loops::softmax([10, -10]): got {:?}",
        got.to_vec()
    );
    let got = vectorized::softmax(&x).expect("any shape");
    let message = "vectorized::softmax([10, -10])";
    assert!(
        got.allclose(&expected, 1e-10, 0.0),
        "{message}: got {:?}",
        got.to_vec()
    );
}

#[test]
fn softmax_of_negative_infinity_gives_zero_there() {
    // exp(-inf) = 0, as in numpy.
    let x = tensor![0.0, f64::NEG_INFINITY];
    let expected = tensor![1.0, 0.0];
    let got = loops::softmax(&x).expect("any shape");
    assert_eq!(got, expected, "loops::softmax([0, -inf])");
    let got = vectorized::softmax(&x).expect("any shape");
    assert_eq!(got, expected, "vectorized::softmax([0, -inf])");
}

#[test]
fn sigmoid_of_infinities_is_zero_and_one() {
    let x = tensor![f64::NEG_INFINITY, 0.0, f64::INFINITY];
    let expected = tensor![0.0, 0.5, 1.0];
    assert_eq!(
        loops::sigmoid(&x),
        expected,
        "loops::sigmoid([-inf, 0, inf])"
    );
    assert_eq!(
        vectorized::sigmoid(&x),
        expected,
        "vectorized::sigmoid([-inf, 0, inf])"
    );
}

#[test]
fn l1_and_dot_of_empty_inputs_are_zero() {
    let empty = Tensor::<f64>::zeros(&[0]);
    assert_eq!(
        loops::l1(&empty, &empty),
        Ok(0.0),
        "loops::l1 of two (0,) tensors"
    );
    assert_eq!(
        vectorized::l1(&empty, &empty),
        Ok(0.0),
        "vectorized::l1 of two (0,) tensors"
    );
    assert_eq!(
        loops::l2(&empty, &empty),
        Ok(0.0),
        "loops::l2 of two (0,) tensors"
    );
    assert_eq!(
        vectorized::l2(&empty, &empty),
        Ok(0.0),
        "vectorized::l2 of two (0,) tensors"
    );
    assert_eq!(
        loops::dot(&empty, &empty),
        Ok(0.0),
        "loops::dot of two (0,) tensors"
    );
    assert_eq!(
        vectorized::dot(&empty, &empty),
        Ok(0.0),
        "vectorized::dot of two (0,) tensors"
    );
    let empty = Tensor::<i64>::zeros(&[0]);
    assert_eq!(
        loops::dot(&empty, &empty),
        Ok(0),
        "loops::dot of two (0,) i64 tensors"
    );
    assert_eq!(
        vectorized::dot(&empty, &empty),
        Ok(0),
        "vectorized::dot of two (0,) i64 tensors"
    );
}

#[test]
fn exercises_accept_tensor_view_and_cow_tensor() {
    let a = tensor![[1.0, -2.0, 3.0], [0.5, 0.0, -4.0]];
    let transposed = a.t();
    let expected = loops::softmax(&transposed.to_owned()).expect("any shape");
    assert_eq!(
        loops::softmax(&transposed),
        Ok(expected.clone()),
        "loops::softmax of a.t()"
    );
    let got = vectorized::softmax(&transposed);
    assert_eq!(got, Ok(expected), "vectorized::softmax of a.t()");

    // The transpose's row-major order is not one stride walk, so the
    // reshape copies.
    let copied = transposed.reshape(&[6]).expect("same count");
    assert!(!copied.buffer_is_borrowed(), "a.t().reshape([6]) copies");
    let expected = loops::sigmoid(&Tensor::from_vec(transposed.to_vec(), &[6]).expect("6"));
    let context = "a copied CowTensor";
    assert_eq!(
        loops::sigmoid(&copied),
        expected,
        "loops::sigmoid of {context}"
    );
    assert_eq!(
        vectorized::sigmoid(&copied),
        expected,
        "vectorized::sigmoid of {context}"
    );

    // A contiguous tensor reshapes without a copy.
    let borrowed = a.reshape(&[3, 2]).expect("same count");
    assert!(borrowed.buffer_is_borrowed(), "a.reshape([3, 2]) borrows");
    let expected = loops::softmax(&Tensor::from_vec(a.to_vec(), &[3, 2]).expect("6"));
    let expected = expected.expect("any shape");
    let context = "a borrowed CowTensor";
    assert_eq!(
        loops::softmax(&borrowed),
        Ok(expected.clone()),
        "loops::softmax of {context}"
    );
    assert_eq!(
        vectorized::softmax(&borrowed),
        Ok(expected),
        "vectorized::softmax of {context}"
    );
}

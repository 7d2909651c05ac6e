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
use std::fmt;

use baretensor::exercises::{loops, vectorized};
use baretensor::{Element, Float, ShapeError, Tensor, TensorView, broadcast_shapes, tensor};
use proptest::collection::vec;
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
        prop_oneof![proptest::num::f64::ANY, -10.0..=10.0].boxed()
    }
    fn moderate() -> BoxedStrategy<Self> {
        (-10.0..=10.0).boxed()
    }
    fn bits(self) -> u64 {
        self.to_bits()
    }
}

impl FloatSample for f64 {
    const SMALLEST_SUBNORMAL: f64 = f64::from_bits(1);
    fn special() -> BoxedStrategy<Self> {
        let special = prop_oneof![Just(f64::NAN), Just(f64::INFINITY), Just(f64::NEG_INFINITY)];
        prop_oneof![2 => Self::moderate(), 1 => special].boxed()
    }
}

impl Sample for f32 {
    fn any_value() -> BoxedStrategy<Self> {
        prop_oneof![proptest::num::f32::ANY, -10.0f32..=10.0].boxed()
    }
    fn moderate() -> BoxedStrategy<Self> {
        (-10.0f32..=10.0).boxed()
    }
    fn bits(self) -> u64 {
        u64::from(self.to_bits())
    }
}

impl FloatSample for f32 {
    const SMALLEST_SUBNORMAL: f64 = f32::from_bits(1) as f64;
    fn special() -> BoxedStrategy<Self> {
        let special = prop_oneof![Just(f32::NAN), Just(f32::INFINITY), Just(f32::NEG_INFINITY)];
        prop_oneof![2 => Self::moderate(), 1 => special].boxed()
    }
}

impl Sample for i32 {
    fn any_value() -> BoxedStrategy<Self> {
        any::<i32>().boxed()
    }
    fn moderate() -> BoxedStrategy<Self> {
        any::<i32>().boxed()
    }
    fn bits(self) -> u64 {
        u64::from(self as u32)
    }
}

impl Sample for i64 {
    fn any_value() -> BoxedStrategy<Self> {
        any::<i64>().boxed()
    }
    fn moderate() -> BoxedStrategy<Self> {
        any::<i64>().boxed()
    }
    fn bits(self) -> u64 {
        self as u64
    }
}

impl Sample for u8 {
    fn any_value() -> BoxedStrategy<Self> {
        any::<u8>().boxed()
    }
    fn moderate() -> BoxedStrategy<Self> {
        any::<u8>().boxed()
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

// Inputs with random layouts.

/// The memory layout of an input. Every variant shows the function the
/// same logical shape, and only the strides and the offset differ.
#[derive(Clone, Debug)]
enum Layout {
    /// Row-major from offset 0, the vectorized code's slice path.
    Contiguous,
    /// `base.t()` of a base with the axes in reverse order.
    Transposed,
    /// `base.permute(axes)`: the axes stored in another order.
    Permuted(Vec<usize>),
    /// `base.broadcast_to(shape)` of a base that lacks the first `dropped`
    /// axes and has length 1 where `ones` is true: zero strides.
    Broadcast { dropped: usize, ones: Vec<bool> },
    /// `TensorView::from_parts` over a flat buffer: the axes stored in
    /// `order` (outermost first), every `step`-th element, negative strides
    /// on the axes marked in `reversed`, `pad` unused elements before the
    /// first one.
    Strided {
        order: Vec<usize>,
        reversed: Vec<bool>,
        step: usize,
        pad: usize,
    },
}

/// One operand: the tensor that stores the data, and the view of it that
/// the function gets.
#[derive(Clone, Debug)]
struct Input<T: Element> {
    shape: Vec<usize>,
    layout: Layout,
    base: Tensor<T>,
}

/// Returns `shape` without its first `dropped` axes and with length 1 on
/// the axes marked in `ones`, a shape that broadcasts to `shape`. (3, 1)
/// and (1, 4) are two such shapes for (3, 4).
fn stretched_from(shape: &[usize], dropped: usize, ones: &[bool]) -> Vec<usize> {
    let axes = shape[dropped..].iter().zip(&ones[dropped..]);
    axes.map(|(&len, &is_one)| if is_one { 1 } else { len })
        .collect()
}

/// Returns the strides and offset of a `Layout::Strided` view of `shape`.
fn strided_parts(
    shape: &[usize],
    order: &[usize],
    reversed: &[bool],
    step: usize,
    pad: usize,
) -> (Vec<isize>, usize) {
    let mut strides = vec![0isize; shape.len()];
    let mut next = step as isize;
    for &axis in order.iter().rev() {
        strides[axis] = next;
        next *= shape[axis] as isize;
    }
    let mut offset = pad;
    let empty = shape.contains(&0);
    for (axis, &reverse) in reversed.iter().enumerate() {
        if reverse {
            if !empty {
                // Element 0 of a reversed axis is its last one in memory.
                offset += (shape[axis] - 1) * strides[axis] as usize;
            }
            strides[axis] = -strides[axis];
        }
    }
    (strides, offset)
}

impl<T: Element> Input<T> {
    /// Returns the shape of the tensor that stores the data for `layout`.
    fn base_shape(shape: &[usize], layout: &Layout) -> Vec<usize> {
        match layout {
            Layout::Contiguous => shape.to_vec(),
            Layout::Transposed => shape.iter().rev().copied().collect(),
            Layout::Permuted(axes) => {
                let mut base = vec![0; shape.len()];
                for (position, &axis) in axes.iter().enumerate() {
                    base[axis] = shape[position];
                }
                base
            }
            Layout::Broadcast { dropped, ones } => stretched_from(shape, *dropped, ones),
            Layout::Strided { step, pad, .. } => {
                let len: usize = shape.iter().product();
                let reach = if len == 0 { 0 } else { step * (len - 1) + 1 };
                vec![pad + reach]
            }
        }
    }

    /// Returns the view that the functions under test get.
    fn view(&self) -> TensorView<'_, T> {
        let base = &self.base;
        match &self.layout {
            Layout::Contiguous => base.view(),
            Layout::Transposed => base.t(),
            Layout::Permuted(axes) => base.permute(axes).expect("a permutation"),
            Layout::Broadcast { .. } => base.broadcast_to(&self.shape).expect("stretchable"),
            Layout::Strided {
                order,
                reversed,
                step,
                pad,
            } => {
                let (strides, offset) = strided_parts(&self.shape, order, reversed, *step, *pad);
                TensorView::from_parts(base.buffer(), &self.shape, &strides, offset)
                    .expect("the buffer was sized for these strides")
            }
        }
    }
}

/// Names the view in assert messages. Proptest prints the values itself.
impl<T: Element> fmt::Display for Input<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let view = self.view();
        write!(
            f,
            "shape {:?}, strides {:?}, offset {} ({:?})",
            view.shape(),
            view.strides(),
            view.offset(),
            self.layout
        )
    }
}

/// Generates an axis length of 0 to 6, with 0 one time in ten so that a
/// rank-4 shape is not mostly empty.
fn side() -> BoxedStrategy<usize> {
    prop_oneof![1 => Just(0usize), 9 => 1..=6usize].boxed()
}

/// Generates an axis length of 0 to 40 for an axis that is summed. Lengths
/// of 8 and more reach the eight accumulators of the vectorized sums, and
/// every tail length occurs.
fn long_side() -> BoxedStrategy<usize> {
    (0..=40usize).boxed()
}

/// Generates a shape with a rank in `ranks` and axis lengths 0 to 6.
fn shape(ranks: std::ops::RangeInclusive<usize>) -> BoxedStrategy<Vec<usize>> {
    vec(side(), ranks).boxed()
}

/// Generates a shape of rank 0 to 4 whose last axis, if any, is 0 to 40
/// long.
fn shape_with_long_last_axis() -> BoxedStrategy<Vec<usize>> {
    let with_last = (shape(0..=3), long_side()).prop_map(|(mut shape, last)| {
        shape.push(last);
        shape
    });
    prop_oneof![1 => Just(Vec::new()), 8 => with_last].boxed()
}

/// Generates a layout for a tensor of `rank` axes. It is contiguous three
/// times in seven, so that pairs of contiguous inputs are common too.
fn layout(rank: usize) -> BoxedStrategy<Layout> {
    let axes: Vec<usize> = (0..rank).collect();
    let broadcast = (0..=rank, vec(any::<bool>(), rank))
        .prop_map(|(dropped, ones)| Layout::Broadcast { dropped, ones });
    let strided = (
        Just(axes.clone()).prop_shuffle(),
        vec(any::<bool>(), rank),
        1..=3usize,
        0..=2usize,
    )
        .prop_map(|(order, reversed, step, pad)| Layout::Strided {
            order,
            reversed,
            step,
            pad,
        });
    prop_oneof![
        3 => Just(Layout::Contiguous),
        1 => Just(Layout::Transposed),
        1 => Just(axes).prop_shuffle().prop_map(Layout::Permuted),
        1 => broadcast,
        1 => strided,
    ]
    .boxed()
}

/// Generates an input of logical shape `shape` in a random layout, with its
/// values drawn from `values`.
fn input<T: Element>(shape: Vec<usize>, values: BoxedStrategy<T>) -> BoxedStrategy<Input<T>> {
    layout(shape.len())
        .prop_flat_map(move |layout| {
            let base_shape = Input::<T>::base_shape(&shape, &layout);
            let len: usize = base_shape.iter().product();
            let (shape, layout) = (shape.clone(), layout.clone());
            vec(values.clone(), len).prop_map(move |data| Input {
                shape: shape.clone(),
                layout: layout.clone(),
                base: Tensor::from_vec(data, &base_shape).expect("sized for the shape"),
            })
        })
        .boxed()
}

/// Generates an input whose shape comes from `shapes`.
fn input_of<T: Element>(
    shapes: BoxedStrategy<Vec<usize>>,
    values: BoxedStrategy<T>,
) -> BoxedStrategy<Input<T>> {
    shapes
        .prop_flat_map(move |shape| input(shape, values.clone()))
        .boxed()
}

/// Generates two inputs whose shapes broadcast together, each in its own
/// layout. Half the time an operand keeps the common shape. Otherwise it
/// drops leading axes and has length 1 on others, as (3, 1) and (1, 4) do
/// for (3, 4).
fn broadcast_pair<T: Element>(values: BoxedStrategy<T>) -> BoxedStrategy<(Input<T>, Input<T>)> {
    fn operand_shape(common: Vec<usize>) -> BoxedStrategy<Vec<usize>> {
        let rank = common.len();
        let unchanged = Just(common.clone());
        let stretched = (0..=rank, vec(any::<bool>(), rank))
            .prop_map(move |(dropped, ones)| stretched_from(&common, dropped, &ones));
        prop_oneof![unchanged, stretched].boxed()
    }
    shape(0..=4)
        .prop_flat_map(move |common| {
            let values = values.clone();
            (operand_shape(common.clone()), operand_shape(common))
                .prop_flat_map(move |(a, b)| (input(a, values.clone()), input(b, values.clone())))
        })
        .boxed()
}

/// Generates two inputs of the same shape, each in its own layout.
fn equal_shape_pair<T: Element>(values: BoxedStrategy<T>) -> BoxedStrategy<(Input<T>, Input<T>)> {
    shape(0..=4)
        .prop_flat_map(move |shape| {
            (
                input(shape.clone(), values.clone()),
                input(shape, values.clone()),
            )
        })
        .boxed()
}

/// Generates two vectors of one length from 0 to 40.
fn vector_pair<T: Element>(values: BoxedStrategy<T>) -> BoxedStrategy<(Input<T>, Input<T>)> {
    long_side()
        .prop_flat_map(move |n| {
            (
                input(vec![n], values.clone()),
                input(vec![n], values.clone()),
            )
        })
        .boxed()
}

/// Generates a matrix of 0 to 6 rows and 0 to 40 columns, and a vector
/// with one element per column.
fn matvec_pair<T: Element>(values: BoxedStrategy<T>) -> BoxedStrategy<(Input<T>, Input<T>)> {
    (side(), long_side())
        .prop_flat_map(move |(rows, columns)| {
            let w = input(vec![rows, columns], values.clone());
            (w, input(vec![columns], values.clone()))
        })
        .boxed()
}

/// Generates a matrix of 0 to 6 rows and 0 to 40 columns.
fn matrix<T: Element>(values: BoxedStrategy<T>) -> BoxedStrategy<Input<T>> {
    input_of(
        (side(), long_side()).prop_map(|(r, c)| vec![r, c]).boxed(),
        values,
    )
}

// Comparisons.

type Check = Result<(), TestCaseError>;

/// Asserts equal shapes and equal bits everywhere.
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

fn check_sigmoid<T: FloatSample>(x: &Input<T>) -> Check {
    let view = x.view();
    let context = format!("sigmoid of {x}");
    assert_bitwise(
        &loops::sigmoid(&view),
        &vectorized::sigmoid(&view),
        &context,
    )
}

fn check_sigmoid_derivative<T: FloatSample>(x: &Input<T>) -> Check {
    let view = x.view();
    let context = format!("sigmoid_derivative of {x}");
    let (a, b) = (
        loops::sigmoid_derivative(&view),
        vectorized::sigmoid_derivative(&view),
    );
    assert_bitwise(&a, &b, &context)
}

fn check_image2vector<T: Sample>(image: &Input<T>) -> Check {
    let view = image.view();
    let context = format!("image2vector of {image}");
    let a = loops::image2vector(&view).expect("rank 3");
    let b = vectorized::image2vector(&view).expect("rank 3");
    prop_assert_eq!(a.shape(), &[view.len(), 1], "{}: shape", context);
    assert_bitwise(&a, &b, &context)
}

fn check_outer<T: Sample>(x1: &Input<T>, x2: &Input<T>) -> Check {
    let (a, b) = (x1.view(), x2.view());
    let context = format!("outer of {x1} and {x2}");
    assert_bitwise(&loops::outer(&a, &b), &vectorized::outer(&a, &b), &context)
}

fn check_multiply<T: Sample>(x1: &Input<T>, x2: &Input<T>) -> Check {
    let (a, b) = (x1.view(), x2.view());
    let context = format!("multiply of {x1} and {x2}");
    let loops = loops::multiply(&a, &b).expect("the shapes broadcast");
    let vectorized = vectorized::multiply(&a, &b).expect("the shapes broadcast");
    assert_bitwise(&loops, &vectorized, &context)
}

fn check_normalize_rows<T: FloatSample>(x: &Input<T>) -> Check {
    let view = x.view();
    let context = format!("normalize_rows of {x}");
    let a = loops::normalize_rows(&view).expect("rank 2");
    let b = vectorized::normalize_rows(&view).expect("rank 2");
    // A row of n elements: the sum of squares is within gamma_(n-1), its
    // rounded root within gamma_n, the reciprocal within gamma_(2n), and
    // the rounded quotient within gamma_(2n+1).
    let k = 2 * view.shape()[1] + 1;
    let bound = |_: usize, value: f64| relative_order_bound::<T>(k, value);
    assert_within(&a, &b, bound, &context)
}

fn check_softmax<T: FloatSample>(x: &Input<T>) -> Check {
    let view = x.view();
    let context = format!("softmax of {x}");
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
fn check_loss<T: FloatSample>(yhat: &Input<T>, y: &Input<T>, squared: bool) -> Check {
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
        yhat,
        y,
        loops,
        vectorized,
        bound
    );
    Ok(())
}

fn check_dot_float<T: FloatSample>(x1: &Input<T>, x2: &Input<T>) -> Check {
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
        x1,
        x2,
        loops,
        vectorized,
        bound
    );
    Ok(())
}

fn check_dot_exact<T: Sample>(x1: &Input<T>, x2: &Input<T>) -> Check {
    let (a, b) = (x1.view(), x2.view());
    let loops = loops::dot(&a, &b).expect("equal lengths");
    let vectorized = vectorized::dot(&a, &b).expect("equal lengths");
    prop_assert_eq!(loops, vectorized, "dot of {} and {}", x1, x2);
    Ok(())
}

fn check_matvec_float<T: FloatSample>(w: &Input<T>, x: &Input<T>) -> Check {
    let (wv, xv) = (w.view(), x.view());
    let context = format!("matvec of {w} and {x}");
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

fn check_matvec_exact<T: Sample>(w: &Input<T>, x: &Input<T>) -> Check {
    let (wv, xv) = (w.view(), x.view());
    let context = format!("matvec of {w} and {x}");
    let a = loops::matvec(&wv, &xv).expect("matching shapes");
    let b = vectorized::matvec(&wv, &xv).expect("matching shapes");
    assert_bitwise(&a, &b, &context)
}

/// Runs every reduction on inputs with NaN and infinities.
fn check_nan_places<T: FloatSample>(
    rows: &Input<T>,
    last_axis: &Input<T>,
    (yhat, y): &(Input<T>, Input<T>),
    (x1, x2): &(Input<T>, Input<T>),
    (w, x): &(Input<T>, Input<T>),
) -> Check {
    let view = rows.view();
    let a = loops::normalize_rows(&view).expect("rank 2").to_vec();
    let b = vectorized::normalize_rows(&view).expect("rank 2").to_vec();
    assert_same_nan_places(&a, &b, &format!("normalize_rows of {rows}"))?;

    let view = last_axis.view();
    let a = loops::softmax(&view).expect("any shape").to_vec();
    let b = vectorized::softmax(&view).expect("any shape").to_vec();
    assert_same_nan_places(&a, &b, &format!("softmax of {last_axis}"))?;

    let (p, q) = (yhat.view(), y.view());
    let (a, b) = (
        loops::l1(&p, &q).expect("broadcast"),
        vectorized::l1(&p, &q).expect("broadcast"),
    );
    assert_same_nan_places(&[a], &[b], &format!("l1 of {yhat} and {y}"))?;
    let (a, b) = (
        loops::l2(&p, &q).expect("broadcast"),
        vectorized::l2(&p, &q).expect("broadcast"),
    );
    assert_same_nan_places(&[a], &[b], &format!("l2 of {yhat} and {y}"))?;

    let (p, q) = (x1.view(), x2.view());
    let (a, b) = (
        loops::dot(&p, &q).expect("equal"),
        vectorized::dot(&p, &q).expect("equal"),
    );
    assert_same_nan_places(&[a], &[b], &format!("dot of {x1} and {x2}"))?;

    let (p, q) = (w.view(), x.view());
    let a = loops::matvec(&p, &q).expect("matching").to_vec();
    let b = vectorized::matvec(&p, &q).expect("matching").to_vec();
    assert_same_nan_places(&a, &b, &format!("matvec of {w} and {x}"))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn sigmoid_loops_equals_vectorized_f64(
        x in input_of(shape(0..=4), f64::any_value()),
    ) {
        check_sigmoid(&x)?;
    }

    #[test]
    fn sigmoid_loops_equals_vectorized_f32(
        x in input_of(shape(0..=4), f32::any_value()),
    ) {
        check_sigmoid(&x)?;
    }

    #[test]
    fn sigmoid_derivative_loops_equals_vectorized_f64(
        x in input_of(shape(0..=4), f64::any_value()),
    ) {
        check_sigmoid_derivative(&x)?;
    }

    #[test]
    fn sigmoid_derivative_loops_equals_vectorized_f32(
        x in input_of(shape(0..=4), f32::any_value()),
    ) {
        check_sigmoid_derivative(&x)?;
    }

    #[test]
    fn image2vector_loops_equals_vectorized_f64(
        x in input_of(shape(3..=3), f64::any_value()),
    ) {
        check_image2vector(&x)?;
    }

    #[test]
    fn image2vector_loops_equals_vectorized_f32(
        x in input_of(shape(3..=3), f32::any_value()),
    ) {
        check_image2vector(&x)?;
    }

    #[test]
    fn image2vector_loops_equals_vectorized_integers(
        a in input_of(shape(3..=3), i32::any_value()),
        b in input_of(shape(3..=3), i64::any_value()),
        c in input_of(shape(3..=3), u8::any_value()),
    ) {
        check_image2vector(&a)?;
        check_image2vector(&b)?;
        check_image2vector(&c)?;
    }

    // outer's output has len(x1) * len(x2) elements, so its inputs stop at
    // rank 3 (216 elements each) to keep the run short.
    #[test]
    fn outer_loops_equals_vectorized_f64(
        x1 in input_of(shape(0..=3), f64::any_value()),
        x2 in input_of(shape(0..=3), f64::any_value()),
    ) {
        check_outer(&x1, &x2)?;
    }

    #[test]
    fn outer_loops_equals_vectorized_f32(
        x1 in input_of(shape(0..=3), f32::any_value()),
        x2 in input_of(shape(0..=3), f32::any_value()),
    ) {
        check_outer(&x1, &x2)?;
    }

    #[test]
    fn outer_loops_equals_vectorized_integers(
        a1 in input_of(shape(0..=3), i32::any_value()),
        a2 in input_of(shape(0..=3), i32::any_value()),
        b1 in input_of(shape(0..=3), i64::any_value()),
        b2 in input_of(shape(0..=3), i64::any_value()),
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
        x in input_of(shape_with_long_last_axis(), f64::moderate()),
    ) {
        check_softmax(&x)?;
    }

    #[test]
    fn softmax_loops_equals_vectorized_f32(
        x in input_of(shape_with_long_last_axis(), f32::moderate()),
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
        last_axis in input_of(shape_with_long_last_axis(), f64::special()),
        losses in broadcast_pair(f64::special()),
        dots in vector_pair(f64::special()),
        matvecs in matvec_pair(f64::special()),
    ) {
        check_nan_places(&rows, &last_axis, &losses, &dots, &matvecs)?;
    }

    #[test]
    fn reductions_give_nan_in_same_places_f32(
        rows in matrix(f32::special()),
        last_axis in input_of(shape_with_long_last_axis(), f32::special()),
        losses in broadcast_pair(f32::special()),
        dots in vector_pair(f32::special()),
        matvecs in matvec_pair(f32::special()),
    ) {
        check_nan_places(&rows, &last_axis, &losses, &dots, &matvecs)?;
    }
}

/// Checks the generator's layouts once on a known 2x3 tensor, because
/// every property above relies on them.
#[test]
fn input_layouts_give_logical_shape() {
    let base = |layout: &Layout, shape: &[usize]| {
        let base_shape = Input::<i32>::base_shape(shape, layout);
        let len = base_shape.iter().product::<usize>() as i32;
        Tensor::from_vec((0..len).collect(), &base_shape).expect("sized")
    };
    let layouts = [
        Layout::Contiguous,
        Layout::Transposed,
        Layout::Permuted(vec![1, 0]),
        Layout::Broadcast {
            dropped: 0,
            ones: vec![true, false],
        },
        Layout::Strided {
            order: vec![1, 0],
            reversed: vec![true, false],
            step: 2,
            pad: 1,
        },
    ];
    for layout in layouts {
        let input = Input {
            shape: vec![2, 3],
            base: base(&layout, &[2, 3]),
            layout,
        };
        assert_eq!(input.view().shape(), &[2, 3], "view of {input}");
    }
    // Strided with order (1, 0), row 0 reversed, step 2, pad 1: column j
    // of row i is at 1 + 2 * (2 * j + (1 - i)).
    let strided = Input {
        shape: vec![2, 3],
        layout: Layout::Strided {
            order: vec![1, 0],
            reversed: vec![true, false],
            step: 2,
            pad: 1,
        },
        base: Tensor::from_vec((0..12).collect(), &[12]).expect("sized"),
    };
    assert_eq!(
        strided.view().to_vec(),
        vec![3, 7, 11, 1, 5, 9],
        "values of {strided}"
    );
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

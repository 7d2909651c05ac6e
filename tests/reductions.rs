//! Integration tests of the reductions (`sum`, `mean`, `max`, `min`, `prod`,
//! `norm_l2`, whole and per axis), `matmul` and `allclose`, against numpy's
//! behaviour and against oracles written here. The numpy results quoted in
//! comments were checked with numpy 2.4.

use std::fmt::Debug;

use baretensor::strategies::{
    FloatOptions, StridedTensor, floats, integers, shapes, strided_tensors,
};
use baretensor::{Element, ShapeError, Tensor, TensorView, tensor};
use proptest::prelude::*;

mod common;
use common::row_major_indices;

#[path = "common/strided.rs"]
mod strided;
use strided::{position_of, values_by_strides};

// ---------------------------------------------------------------------------
// Helpers.

fn row_major_position(index: &[usize], shape: &[usize]) -> usize {
    index
        .iter()
        .zip(shape)
        .fold(0, |position, (&i, &len)| position * len + i)
}

/// Returns a copy of the buffer of `view` in which every element that the
/// view does not read is `filler`.
///
/// `strided_tensors` fills the gaps with a drawn element, and a sum that
/// adds a gap of 0, or a max that reads a gap below the true max, would
/// still be right. The fillers here, NaN or an integer that a case almost
/// never draws, make a reduction that reads a gap fail.
fn buffer_with_filler<T: Element>(view: &TensorView<'_, T>, filler: T) -> Vec<T> {
    let mut buffer = vec![filler; view.buffer().len()];
    for index in row_major_indices(view.shape()) {
        let position = position_of(&index, view.strides(), view.offset());
        buffer[position] = view.buffer()[position];
    }
    buffer
}

/// Returns gamma_k = k u / (1 - k u), where u is the unit roundoff.
///
/// Each rounded operation multiplies its exact result by some (1 + d) with
/// |d| <= u, and a product of k such factors lies within 1 +- gamma_k. So a
/// sum of k + 1 floats, in any order, is off by at most gamma_k times the sum
/// of their magnitudes, and a product of k + 1 floats by gamma_k times its
/// magnitude.
fn gamma(k: usize, unit_roundoff: f64) -> f64 {
    let ku = k as f64 * unit_roundoff;
    assert!(ku < 1.0, "gamma_{k} is defined only while k u < 1");
    ku / (1.0 - ku)
}

const U32: f64 = f32::EPSILON as f64 / 2.0;
const U64: f64 = f64::EPSILON / 2.0;

/// Reduces `data` of `shape` over the axes in `mask` the slow way: every
/// input index is mapped to its output index by zeroing the reduced axes.
/// Returns the output shape and, per output element, the inputs folded
/// into it in row-major order.
fn oracle_groups<T: Copy>(
    data: &[T],
    shape: &[usize],
    mask: &[bool],
    keepdims: bool,
) -> (Vec<usize>, Vec<Vec<T>>) {
    let kept_shape: Vec<usize> = shape
        .iter()
        .zip(mask)
        .map(|(&len, &reduced)| if reduced { 1 } else { len })
        .collect();
    let out_shape: Vec<usize> = shape
        .iter()
        .zip(mask)
        .filter(|&(_, &reduced)| !reduced || keepdims)
        .map(|(&len, &reduced)| if reduced { 1 } else { len })
        .collect();
    let mut groups = vec![Vec::new(); kept_shape.iter().product()];
    for index in row_major_indices(shape) {
        let out: Vec<usize> = index
            .iter()
            .zip(mask)
            .map(|(&i, &reduced)| if reduced { 0 } else { i })
            .collect();
        groups[row_major_position(&out, &kept_shape)].push(data[row_major_position(&index, shape)]);
    }
    (out_shape, groups)
}

/// Returns the axes of `mask` in a scrambled order: rotated by `rotation`,
/// and written as negative where `negative` is true for the axis.
fn axes_of(mask: &[bool], rotation: usize, negative: &[bool]) -> Vec<isize> {
    let ndim = mask.len() as isize;
    let mut axes: Vec<isize> = (0..mask.len())
        .filter(|&axis| mask[axis])
        .map(|axis| {
            if negative[axis] {
                axis as isize - ndim
            } else {
                axis as isize
            }
        })
        .collect();
    if !axes.is_empty() {
        let len = axes.len();
        axes.rotate_left(rotation % len);
    }
    axes
}

fn masks(ndim: usize) -> impl Iterator<Item = Vec<bool>> {
    (0..1usize << ndim).map(move |bits| (0..ndim).map(|axis| (bits >> axis) & 1 == 1).collect())
}

/// Checks a reduction's result shape and then every element with `check`,
/// which gets the output position, the group of inputs and the value.
fn check_groups<T: Element, A>(
    result: Result<Tensor<T>, ShapeError>,
    expected_shape: &[usize],
    groups: &[Vec<A>],
    context: &str,
    mut check: impl FnMut(&[A], T) -> Result<(), String>,
) -> Result<(), TestCaseError> {
    let result = match result {
        Ok(result) => result,
        Err(error) => return Err(TestCaseError::fail(format!("{context}: error {error}"))),
    };
    prop_assert_eq!(result.shape(), expected_shape, "shape of {}", context);
    let values = result.to_vec();
    prop_assert_eq!(values.len(), groups.len(), "element count of {}", context);
    for (position, (group, &value)) in groups.iter().zip(&values).enumerate() {
        if let Err(message) = check(group, value) {
            return Err(TestCaseError::fail(format!(
                "{context}, output element {position}: {message}"
            )));
        }
    }
    Ok(())
}

fn exactly<T: PartialEq + Debug>(expected: T, got: T) -> Result<(), String> {
    if expected == got {
        Ok(())
    } else {
        Err(format!("expected {expected:?}, got {got:?}"))
    }
}

/// Compares bits, so that -0.0 and 0.0 differ. NaN matches NaN.
fn same_f64(expected: f64, got: f64) -> Result<(), String> {
    if expected.to_bits() == got.to_bits() || (expected.is_nan() && got.is_nan()) {
        Ok(())
    } else {
        Err(format!("expected {expected:?}, got {got:?}"))
    }
}

fn within(expected: f64, got: f64, bound: f64) -> Result<(), String> {
    if (expected - got).abs() <= bound {
        Ok(())
    } else {
        Err(format!(
            "expected {expected:e}, got {got:e}: off by {:e}, bound {bound:e}",
            (expected - got).abs()
        ))
    }
}

/// Returns numpy's `np.arange(24.).reshape(2, 3, 4)`.
fn arange_2x3x4() -> Tensor<f64> {
    Tensor::from_vec((0..24).map(f64::from).collect(), &[2, 3, 4]).unwrap()
}

// ---------------------------------------------------------------------------
// Whole-tensor reductions.

#[test]
fn whole_reductions_of_arange_match_numpy() {
    let a = arange_2x3x4();
    assert_eq!(a.sum(), 276.0, "sum of arange(24)");
    assert_eq!(a.mean(), 11.5, "mean of arange(24)");
    assert_eq!(a.prod(), 0.0, "prod of arange(24)");
    assert_eq!(a.max(), Ok(23.0), "max of arange(24)");
    assert_eq!(a.min(), Ok(0.0), "min of arange(24)");
}

#[test]
fn whole_reductions_of_integers() {
    let a = tensor![[3, -1, 4], [1, -5, 9]];
    assert_eq!(a.sum(), 11, "sum of [[3, -1, 4], [1, -5, 9]]");
    assert_eq!(a.prod(), 540, "prod of [[3, -1, 4], [1, -5, 9]]");
    assert_eq!(a.max(), Ok(9), "max of [[3, -1, 4], [1, -5, 9]]");
    assert_eq!(a.min(), Ok(-5), "min of [[3, -1, 4], [1, -5, 9]]");
    let bytes = tensor![200u8, 7];
    assert_eq!(bytes.max(), Ok(200), "max of u8 [200, 7]");
}

#[test]
fn whole_reductions_of_i64_wrap_around_as_numpy() {
    // numpy: np.array([2**63 - 1, 1]).sum() == -2**63 and
    // np.array([2**62, 4]).prod() == 0, wrapping silently.
    assert_eq!(tensor![i64::MAX, 1].sum(), i64::MIN, "sum of [i64::MAX, 1]");
    assert_eq!(tensor![1i64 << 62, 4].prod(), 0, "prod of [2^62, 4]");
    assert_eq!(
        tensor![[i64::MAX], [1]].sum_axis(0, false),
        Ok(tensor![i64::MIN]),
        "sum_axis(0) of [[i64::MAX], [1]]"
    );
}

#[test]
fn whole_reductions_of_0d_tensor_are_its_value() {
    let s = Tensor::scalar(-2.5f64);
    assert_eq!(s.sum(), -2.5, "sum of scalar(-2.5)");
    assert_eq!(s.mean(), -2.5, "mean of scalar(-2.5)");
    assert_eq!(s.prod(), -2.5, "prod of scalar(-2.5)");
    assert_eq!(s.max(), Ok(-2.5), "max of scalar(-2.5)");
    assert_eq!(s.min(), Ok(-2.5), "min of scalar(-2.5)");
    assert_eq!(s.norm_l2(), 2.5, "norm_l2 of scalar(-2.5)");
}

#[test]
fn whole_reductions_of_views_read_logical_elements() {
    let a = tensor![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    let t = a.t();
    assert_eq!(t.sum(), 21.0, "sum of a.t()");
    assert_eq!(t.prod(), 720.0, "prod of a.t()");
    assert_eq!(t.max(), Ok(6.0), "max of a.t()");
    let row = tensor![1, 2, 3];
    let grid = row.broadcast_to(&[4, 3]).unwrap();
    assert_eq!(
        grid.sum(),
        24,
        "sum of (3,) broadcast to (4, 3) counts each row"
    );
    assert_eq!(grid.prod(), 1296, "prod of (3,) broadcast to (4, 3)");
    let data = [9, 1, 2, 3, 4, 5, 6, 9];
    let inner = TensorView::from_parts(&data, &[2, 3], &[-3, 1], 4).unwrap();
    assert_eq!(
        inner.sum(),
        21,
        "sum of a reversed view skips the buffer's ends"
    );
    assert_eq!(inner.max(), Ok(6), "max of a reversed view");
    assert_eq!(inner.min(), Ok(1), "min of a reversed view");
}

#[test]
fn sum_of_negative_zeros_is_positive_zero() {
    // numpy: np.sum(np.array([-0.0])) and np.sum(-np.zeros(100)) are 0.0,
    // not -0.0, and so is np.mean(np.array([-0.0])).
    let single = tensor![-0.0f64];
    assert_eq!(single.sum(), 0.0, "sum of [-0.0] is zero");
    assert!(single.sum().is_sign_positive(), "sum of [-0.0] is +0.0");
    assert!(single.mean().is_sign_positive(), "mean of [-0.0] is +0.0");
    let many = Tensor::full(&[100], -0.0f64);
    assert!(many.sum().is_sign_positive(), "sum of 100 times -0.0");
}

// numpy's np.linalg.norm of a flattened array is sqrt(x.dot(x)). For
// integer-valued inputs the sum of squares is exact, so with the correctly
// rounded square root that `Float::sqrt` documents, the values agree to the bit.
#[test]
fn norm_l2_of_arange_matches_numpy() {
    let a = arange_2x3x4();
    assert_eq!(a.norm_l2(), 65.75712889109438, "norm_l2 of arange(24)");
    assert_eq!(
        a.norm_l2_axes(&[2, 1, 0], true).unwrap().to_vec(),
        vec![65.75712889109438],
        "norm_l2 over every axis of arange(24)"
    );
    assert_eq!(
        a.norm_l2_axis(1, false).unwrap().to_vec(),
        vec![
            8.94427190999916,
            10.344080432788601,
            11.832159566199232,
            13.379088160259652,
            28.284271247461902,
            29.9833287011299,
            31.68595903550972,
            33.391615714128,
        ],
        "norm_l2(axis=1) of arange(24).reshape(2, 3, 4)"
    );
    assert_eq!(
        tensor![1.0, 1.0].norm_l2(),
        std::f64::consts::SQRT_2,
        "norm_l2 of [1, 1] is the correctly rounded sqrt(2)"
    );
}

#[test]
fn norm_l2_of_extreme_values_matches_numpy() {
    // numpy: np.linalg.norm of each input below, which does not rescale, so
    // squares that overflow give inf and squares that underflow give 0.
    let cases: &[(&[f64], f64)] = &[
        (&[1e150], 1e150),
        (&[3e100, 4e100], 5e100),
        (&[1e-150], 1e-150),
        (&[3e-100, 4e-100], 5e-100),
        (&[1e-181], 0.0),
        (&[f64::INFINITY], f64::INFINITY),
        (&[1e200, 1e200], f64::INFINITY),
    ];
    for &(data, expected) in cases {
        let a = Tensor::from_vec(data.to_vec(), &[data.len()]).unwrap();
        assert_eq!(a.norm_l2(), expected, "norm_l2 of {data:?}");
        assert_eq!(
            a.norm_l2_axis(0, false).unwrap()[[]],
            expected,
            "norm_l2_axis(0) of {data:?}"
        );
    }
    let f = tensor![3e10f32, 4e10];
    assert_eq!(f.norm_l2(), 5e10, "f32 norm_l2 of [3e10, 4e10]");
}

// ---------------------------------------------------------------------------
// Reductions over axes, against numpy's results for arange(24).reshape(2, 3, 4).

#[test]
fn sum_axis_matches_numpy() {
    let a = arange_2x3x4();
    let s = a.sum_axis(1, false).unwrap();
    assert_eq!(s.shape(), &[2, 4], "shape of sum(axis=1)");
    assert_eq!(
        s.to_vec(),
        vec![12.0, 15.0, 18.0, 21.0, 48.0, 51.0, 54.0, 57.0],
        "sum(axis=1)"
    );
    assert_eq!(
        a.sum_axis(-2, false),
        Ok(s),
        "sum(axis=-2) equals sum(axis=1)"
    );
}

#[test]
fn sum_axis_with_keepdims_keeps_unit_axis() {
    let a = arange_2x3x4();
    let s = a.sum_axis(-1, true).unwrap();
    assert_eq!(
        s.shape(),
        &[2, 3, 1],
        "shape of sum(axis=-1, keepdims=True)"
    );
    assert_eq!(
        s.to_vec(),
        vec![6.0, 22.0, 38.0, 54.0, 70.0, 86.0],
        "sum(axis=-1, keepdims=True)"
    );
    let centered = &a - &a.mean_axis(-1, true).unwrap();
    assert_eq!(
        centered.sum_axis(-1, false).unwrap().to_vec(),
        vec![0.0; 6],
        "keepdims means broadcast back against the input"
    );
}

#[test]
fn sum_axes_in_any_order_matches_numpy() {
    let a = arange_2x3x4();
    let expected = vec![60.0, 92.0, 124.0];
    assert_eq!(
        a.sum_axes(&[2, 0], false).unwrap().to_vec(),
        expected,
        "sum(axis=(2, 0))"
    );
    assert_eq!(
        a.sum_axes(&[0, 2], false).unwrap().to_vec(),
        expected,
        "sum(axis=(0, 2))"
    );
    assert_eq!(
        a.sum_axes(&[-1, -3], true).unwrap().shape(),
        &[1, 3, 1],
        "shape of sum(axis=(-1, -3), keepdims=True)"
    );
    let all = a.sum_axes(&[0, 1, 2], false).unwrap();
    assert_eq!(all.shape(), &[] as &[usize], "sum over every axis is 0-d");
    assert_eq!(all[[]], 276.0, "sum over every axis");
}

#[test]
fn max_and_min_axes_match_numpy() {
    let a = arange_2x3x4();
    assert_eq!(
        a.max_axes(&[0, 1], false).unwrap().to_vec(),
        vec![20.0, 21.0, 22.0, 23.0],
        "max(axis=(0, 1))"
    );
    let m = a.min_axes(&[-1, -3], true).unwrap();
    assert_eq!(
        m.shape(),
        &[1, 3, 1],
        "shape of min(axis=(-1, -3), keepdims=True)"
    );
    assert_eq!(
        m.to_vec(),
        vec![0.0, 4.0, 8.0],
        "min(axis=(-1, -3), keepdims=True)"
    );
    assert_eq!(
        a.max_axis(2, false).unwrap().to_vec(),
        vec![3.0, 7.0, 11.0, 15.0, 19.0, 23.0],
        "max(axis=2)"
    );
    assert_eq!(
        a.min_axis(-3, true).unwrap().shape(),
        &[1, 3, 4],
        "shape of min(axis=-3, keepdims=True)"
    );
}

#[test]
fn prod_and_mean_axes_match_numpy() {
    let a = arange_2x3x4();
    assert_eq!(
        a.prod_axis(0, false).unwrap().to_vec(),
        vec![
            0.0, 13.0, 28.0, 45.0, 64.0, 85.0, 108.0, 133.0, 160.0, 189.0, 220.0, 253.0
        ],
        "prod(axis=0)"
    );
    assert_eq!(
        a.mean_axes(&[0, 2], false).unwrap().to_vec(),
        vec![7.5, 11.5, 15.5],
        "mean(axis=(0, 2))"
    );
}

#[test]
fn reductions_over_no_axes_leave_the_tensor_unchanged() {
    // numpy: a.sum(axis=()) and a.max(axis=()) return a copy of a.
    let a = tensor![[1.0, -2.0], [3.0, -4.0]];
    for keepdims in [false, true] {
        let name = format!("keepdims={keepdims}");
        assert_eq!(
            a.sum_axes(&[], keepdims),
            Ok(a.clone()),
            "sum over () {name}"
        );
        assert_eq!(
            a.prod_axes(&[], keepdims),
            Ok(a.clone()),
            "prod over () {name}"
        );
        assert_eq!(
            a.max_axes(&[], keepdims),
            Ok(a.clone()),
            "max over () {name}"
        );
        assert_eq!(
            a.min_axes(&[], keepdims),
            Ok(a.clone()),
            "min over () {name}"
        );
        assert_eq!(
            a.mean_axes(&[], keepdims),
            Ok(a.clone()),
            "mean over () {name}"
        );
        assert_eq!(
            a.norm_l2_axes(&[], keepdims),
            Ok(tensor![[1.0, 2.0], [3.0, 4.0]]),
            "norm_l2 over () is |a| {name}"
        );
    }
}

#[test]
fn reductions_of_strided_views_over_axes() {
    let a = tensor![[1, 2, 3], [4, 5, 6]];
    let t = a.t();
    assert_eq!(
        t.sum_axis(0, false),
        Ok(tensor![6, 15]),
        "a.t().sum(axis=0)"
    );
    assert_eq!(
        t.sum_axis(1, true),
        Ok(tensor![[5], [7], [9]]),
        "a.t().sum(axis=1, keepdims)"
    );
    assert_eq!(
        t.max_axis(-1, false),
        Ok(tensor![4, 5, 6]),
        "a.t().max(axis=-1)"
    );
    let row = tensor![1, 2, 3];
    let grid = row.broadcast_to(&[4, 3]).unwrap();
    assert_eq!(
        grid.sum_axis(0, false),
        Ok(tensor![4, 8, 12]),
        "broadcast sum(axis=0)"
    );
    assert_eq!(
        grid.prod_axis(1, false),
        Ok(tensor![6, 6, 6, 6]),
        "broadcast prod(axis=1)"
    );
}

// ---------------------------------------------------------------------------
// Axis errors.

/// Every reduction over axes of a float tensor, by name.
type AxesReduction = fn(&Tensor<f64>, &[isize], bool) -> Result<Tensor<f64>, ShapeError>;
type AxisReduction = fn(&Tensor<f64>, isize, bool) -> Result<Tensor<f64>, ShapeError>;

const AXES_REDUCTIONS: [(&str, AxesReduction); 6] = [
    ("sum_axes", |a, axes, k| a.sum_axes(axes, k)),
    ("mean_axes", |a, axes, k| a.mean_axes(axes, k)),
    ("max_axes", |a, axes, k| a.max_axes(axes, k)),
    ("min_axes", |a, axes, k| a.min_axes(axes, k)),
    ("prod_axes", |a, axes, k| a.prod_axes(axes, k)),
    ("norm_l2_axes", |a, axes, k| a.norm_l2_axes(axes, k)),
];

const AXIS_REDUCTIONS: [(&str, AxisReduction); 6] = [
    ("sum_axis", |a, axis, k| a.sum_axis(axis, k)),
    ("mean_axis", |a, axis, k| a.mean_axis(axis, k)),
    ("max_axis", |a, axis, k| a.max_axis(axis, k)),
    ("min_axis", |a, axis, k| a.min_axis(axis, k)),
    ("prod_axis", |a, axis, k| a.prod_axis(axis, k)),
    ("norm_l2_axis", |a, axis, k| a.norm_l2_axis(axis, k)),
];

#[test]
fn axis_out_of_range_is_rejected_with_message() {
    // numpy: "axis 3 is out of bounds for array of dimension 3".
    let a = arange_2x3x4();
    for (name, reduce) in AXIS_REDUCTIONS {
        for keepdims in [false, true] {
            let error = reduce(&a, 3, keepdims).unwrap_err();
            assert_eq!(
                error,
                ShapeError::AxisOutOfRange { axis: 3, ndim: 3 },
                "{name}(3, keepdims={keepdims}) of rank 3"
            );
            assert_eq!(
                error.to_string(),
                "axis 3 is out of range for a tensor of rank 3 (valid axes are -3 to 2)",
                "message of {name}(3) of rank 3"
            );
            assert_eq!(
                reduce(&a, -4, keepdims).unwrap_err().to_string(),
                "axis -4 is out of range for a tensor of rank 3 (valid axes are -3 to 2)",
                "message of {name}(-4) of rank 3"
            );
        }
    }
    for (name, reduce) in AXES_REDUCTIONS {
        assert_eq!(
            reduce(&a, &[0, 7], false).unwrap_err(),
            ShapeError::AxisOutOfRange { axis: 7, ndim: 3 },
            "{name}([0, 7]) of rank 3"
        );
    }
}

#[test]
fn axis_given_twice_is_rejected_with_message() {
    // numpy: "duplicate value in 'axis'".
    let a = arange_2x3x4();
    for (name, reduce) in AXES_REDUCTIONS {
        for keepdims in [false, true] {
            let error = reduce(&a, &[1, -2], keepdims).unwrap_err();
            assert_eq!(
                error,
                ShapeError::DuplicateAxis {
                    axis: 1,
                    axes: vec![1, -2]
                },
                "{name}([1, -2], keepdims={keepdims}) of rank 3"
            );
            assert_eq!(
                error.to_string(),
                "axis 1 appears more than once in the axes [1, -2]",
                "message of {name}([1, -2])"
            );
            assert_eq!(
                reduce(&a, &[2, 0, 2], keepdims).unwrap_err().to_string(),
                "axis 2 appears more than once in the axes [2, 0, 2]",
                "message of {name}([2, 0, 2])"
            );
        }
    }
}

#[test]
fn axis_of_0d_tensor_is_rejected() {
    // numpy's sum, max, min and prod accept a bare axis=0 or -1 on a 0-d
    // array as a special case. They reject axis=(0,), and mean and
    // normalize_axis_index reject axis=0 too. The crate follows the general rule.
    let s = Tensor::scalar(1.0f64);
    for (name, reduce) in AXIS_REDUCTIONS {
        assert_eq!(
            reduce(&s, 0, false).unwrap_err().to_string(),
            "axis 0 is out of range for a tensor of rank 0 (it has no axes)",
            "{name}(0) of a 0-d tensor"
        );
    }
    for (name, reduce) in AXES_REDUCTIONS {
        assert_eq!(
            reduce(&s, &[], false),
            Ok(s.clone()),
            "{name}([]) of a 0-d tensor"
        );
    }
}

// ---------------------------------------------------------------------------
// Empty tensors.

#[test]
fn whole_reductions_of_empty_tensor_follow_numpy() {
    // numpy: sum of nothing is 0, prod is 1, mean is nan (with a warning),
    // np.linalg.norm is 0, and max/min raise "zero-size array to reduction
    // operation maximum which has no identity".
    let empty = Tensor::<f64>::zeros(&[0, 3]);
    assert_eq!(empty.sum(), 0.0, "sum of (0, 3)");
    assert_eq!(empty.prod(), 1.0, "prod of (0, 3)");
    assert!(empty.mean().is_nan(), "mean of (0, 3)");
    assert_eq!(empty.norm_l2(), 0.0, "norm_l2 of (0, 3)");

    let error = empty.max().unwrap_err();
    assert_eq!(
        error,
        ShapeError::EmptyReduction {
            op: "max",
            shape: vec![0, 3]
        },
        "max of (0, 3)"
    );
    assert_eq!(
        error.to_string(),
        "max of an empty selection of shape (0, 3) has no value: reduce a non-empty tensor or axis",
        "message of max of (0, 3)"
    );
    assert_eq!(
        empty.min().unwrap_err().to_string(),
        "min of an empty selection of shape (0, 3) has no value: reduce a non-empty tensor or axis",
        "message of min of (0, 3)"
    );

    assert_eq!(Tensor::<i32>::zeros(&[0]).sum(), 0, "i32 sum of (0,)");
    assert_eq!(
        Tensor::<i32>::zeros(&[2, 0]).prod(),
        1,
        "i32 prod of (2, 0)"
    );
}

#[test]
fn reductions_over_empty_axis_with_identity_follow_numpy() {
    // numpy on zeros((0, 3)): sum(axis=0) == [0, 0, 0], prod(axis=0) ==
    // [1, 1, 1], mean(axis=0) == [nan, nan, nan], and over axis 1 each gives
    // an empty (0,) result.
    let empty = Tensor::<f64>::zeros(&[0, 3]);
    assert_eq!(
        empty.sum_axis(0, false),
        Ok(tensor![0.0, 0.0, 0.0]),
        "sum(axis=0) of (0, 3)"
    );
    assert_eq!(
        empty.prod_axis(0, false),
        Ok(tensor![1.0, 1.0, 1.0]),
        "prod(axis=0) of (0, 3)"
    );
    assert_eq!(
        empty.norm_l2_axis(0, true),
        Ok(tensor![[0.0, 0.0, 0.0]]),
        "norm_l2(axis=0, keepdims) of (0, 3)"
    );
    let means = empty.mean_axis(0, false).unwrap();
    assert_eq!(means.shape(), &[3], "shape of mean(axis=0) of (0, 3)");
    assert!(
        means.iter().all(|x| x.is_nan()),
        "mean(axis=0) of (0, 3) is nan"
    );
    for (name, reduce) in AXIS_REDUCTIONS {
        let result = reduce(&empty, 1, false).unwrap();
        assert_eq!(result.shape(), &[0], "shape of {name}(1) of (0, 3)");
        let with_keepdims = reduce(&empty, 1, true).unwrap();
        assert_eq!(
            with_keepdims.shape(),
            &[0, 1],
            "shape of {name}(1, keepdims) of (0, 3)"
        );
    }
}

#[test]
fn max_along_axis_of_empty_tensor_follows_numpy() {
    // numpy: zeros((0, 3)).max(axis=1) is an empty (0,) array, while
    // max(axis=0) raises: three maxima of nothing.
    let empty = Tensor::<f64>::zeros(&[0, 3]);
    assert_eq!(
        empty.max_axis(1, false).map(|m| m.shape().to_vec()),
        Ok(vec![0]),
        "max(axis=1) of (0, 3)"
    );
    assert_eq!(
        empty.max_axis(0, false),
        Err(ShapeError::EmptyReduction {
            op: "max",
            shape: vec![0, 3]
        }),
        "max(axis=0) of (0, 3)"
    );
    assert!(
        empty.min_axis(0, true).is_err(),
        "min(axis=0, keepdims) of (0, 3)"
    );
    assert!(
        empty.max_axes(&[0, 1], false).is_err(),
        "max(axis=(0, 1)) of (0, 3)"
    );
    assert_eq!(
        empty.max_axes(&[], false).map(|m| m.shape().to_vec()),
        Ok(vec![0, 3]),
        "max(axis=()) of (0, 3) reduces nothing"
    );
    let wide = Tensor::<i32>::zeros(&[3, 0]);
    assert_eq!(
        wide.min_axis(0, false).map(|m| m.shape().to_vec()),
        Ok(vec![0]),
        "min(axis=0) of (3, 0)"
    );
    assert!(wide.min_axis(1, false).is_err(), "min(axis=1) of (3, 0)");
}

// numpy raises whenever a reduced axis is empty, even when the result has no
// elements: zeros((0, 0)).max(axis=1) and zeros((0, 0, 3)).max(axis=1) raise
// "zero-size array to reduction operation maximum which has no identity".
#[test]
fn max_over_empty_axis_is_always_err() {
    let empty = Tensor::<f64>::zeros(&[0, 0]);
    let result = empty.max_axis(1, false);
    assert!(
        matches!(result, Err(ShapeError::EmptyReduction { op: "max", .. })),
        "max(axis=1) of (0, 0) should be EmptyReduction as numpy raises, got {result:?}"
    );
    let deeper = Tensor::<f64>::zeros(&[0, 0, 3]);
    let result = deeper.max_axis(1, true);
    assert!(
        result.is_err(),
        "max(axis=1, keepdims) of (0, 0, 3) should be an error as numpy raises, got {result:?}"
    );
}

#[test]
fn min_over_empty_axis_is_always_err() {
    let empty = Tensor::<i64>::zeros(&[0, 0]);
    let result = empty.min_axes(&[0], false);
    assert!(
        matches!(result, Err(ShapeError::EmptyReduction { op: "min", .. })),
        "min(axis=0) of (0, 0) should be EmptyReduction as numpy raises, got {result:?}"
    );
}

// ---------------------------------------------------------------------------
// NaN and signed zeros.

#[test]
fn nan_propagates_through_whole_max_and_min() {
    // numpy: np.max([1.0, nan, 3.0]) and np.min(...) are nan wherever the
    // nan sits, and np.max([inf, nan]) is nan.
    for data in [
        vec![1.0, f64::NAN, 3.0],
        vec![f64::NAN, 1.0, 3.0],
        vec![1.0, 3.0, f64::NAN],
        vec![f64::INFINITY, f64::NAN],
        vec![f64::NAN, f64::NEG_INFINITY],
    ] {
        let a = Tensor::from_vec(data.clone(), &[data.len()]).unwrap();
        assert!(a.max().unwrap().is_nan(), "max of {data:?}");
        assert!(a.min().unwrap().is_nan(), "min of {data:?}");
    }
    let f = tensor![[2.0f32, 1.0], [f32::NAN, 0.0]];
    assert!(
        f.t().max().unwrap().is_nan(),
        "max of a transposed f32 view with nan"
    );
    assert!(
        f.t().min().unwrap().is_nan(),
        "min of a transposed f32 view with nan"
    );
}

#[test]
fn nan_propagates_through_max_and_min_per_axis() {
    // numpy: [[1, nan], [3, 2]].max(axis=0) == [3, nan];
    // .min(axis=1) == [nan, 2].
    let a = tensor![[1.0, f64::NAN], [3.0, 2.0]];
    let max0 = a.max_axis(0, false).unwrap();
    assert_eq!(max0[[0]], 3.0, "max(axis=0)[0] of [[1, nan], [3, 2]]");
    assert!(max0[[1]].is_nan(), "max(axis=0)[1] of [[1, nan], [3, 2]]");
    let min1 = a.min_axis(1, false).unwrap();
    assert!(min1[[0]].is_nan(), "min(axis=1)[0] of [[1, nan], [3, 2]]");
    assert_eq!(min1[[1]], 2.0, "min(axis=1)[1] of [[1, nan], [3, 2]]");
    let first = tensor![[f64::NAN, 5.0], [1.0, 2.0]];
    assert!(
        first.max_axis(0, true).unwrap()[[0, 0]].is_nan(),
        "nan first along axis 0"
    );
    assert!(
        first.t().min_axis(1, false).unwrap()[[0]].is_nan(),
        "nan first along axis 1 of the transpose"
    );
    assert!(
        a.max_axes(&[0, 1], false).unwrap()[[]].is_nan(),
        "max over both axes"
    );
}

#[test]
fn nan_propagates_through_sum_prod_mean_and_norm() {
    // numpy: sum([1, nan]) and prod([0, inf]) are nan; norm([3, nan]) is nan.
    assert!(tensor![1.0, f64::NAN].sum().is_nan(), "sum of [1, nan]");
    assert!(
        tensor![0.0, f64::INFINITY].prod().is_nan(),
        "prod of [0, inf]"
    );
    assert!(tensor![1.0, f64::NAN].mean().is_nan(), "mean of [1, nan]");
    assert!(
        tensor![3.0, f64::NAN].norm_l2().is_nan(),
        "norm_l2 of [3, nan]"
    );
}

// numpy documents `maximum` as `np.where(x1 >= x2, x1, x2)`, which would
// keep the first of two equal zeros. Yet numpy 2.4 gives
// np.max([-0.0, 0.0]) == 0.0 and np.max([0.0, -0.0]) == -0.0, keeping the
// later one, and np.max([-0.0, 0.0, -0.0]) == -0.0. So numpy defines no sign
// for a zero maximum. The crate treats -0.0 as the smaller zero, so max gives
// +0.0 and min gives -0.0. Only [-0.0, 0.0], where numpy 2.4 gives +0.0 too,
// is checked to the bit.
#[test]
fn max_of_negative_and_positive_zero() {
    let zeros = tensor![-0.0f64, 0.0];
    let max = zeros.max().unwrap();
    assert_eq!(max, 0.0, "max of [-0.0, 0.0] is zero");
    assert!(
        max.is_sign_positive(),
        "max of [-0.0, 0.0] is +0.0, as numpy 2.4 gives"
    );
    let swapped = tensor![0.0f64, -0.0];
    assert_eq!(swapped.max().unwrap(), 0.0, "max of [0.0, -0.0] is zero");
    assert_eq!(zeros.min().unwrap(), 0.0, "min of [-0.0, 0.0] is zero");
    assert_eq!(swapped.min().unwrap(), 0.0, "min of [0.0, -0.0] is zero");
    let per_axis = tensor![[-0.0, 0.0], [0.0, -0.0]]
        .max_axis(0, false)
        .unwrap();
    assert_eq!(per_axis, tensor![0.0, 0.0], "max(axis=0) of signed zeros");
}

// ---------------------------------------------------------------------------
// The reduction property tests.

/// A tensor of 1 to 4 axes of 1 to 4 elements in a strided layout, its
/// logical elements read by the stride formula, and how the reduced axes
/// are written: rotated by `rotation`, negative where `negative` is true
/// (one flag per possible axis).
#[derive(Clone, Debug)]
struct Case<T: Element> {
    shape: Vec<usize>,
    data: Vec<T>,
    strided: StridedTensor<T>,
    negative: Vec<bool>,
    rotation: usize,
}

fn case<T: Element>(element: impl Strategy<Value = T>) -> impl Strategy<Value = Case<T>> {
    (
        strided_tensors(element, shapes(1..=4, 1..=4)),
        prop::collection::vec(any::<bool>(), 4),
        0usize..4,
    )
        .prop_map(|(strided, negative, rotation)| Case {
            shape: strided.view().shape().to_vec(),
            data: values_by_strides(&strided.view()),
            strided,
            negative,
            rotation,
        })
}

/// Calls `check` with the case's data as a contiguous tensor and as a
/// strided view of the same logical elements, whose gaps hold `filler`,
/// and a name for each.
fn for_both_layouts<T: Element>(
    case: &Case<T>,
    filler: T,
    mut check: impl FnMut(&TensorView<'_, T>, &str) -> Result<(), TestCaseError>,
) -> Result<(), TestCaseError> {
    let contiguous = Tensor::from_vec(case.data.clone(), &case.shape).unwrap();
    check(&contiguous.view(), &format!("contiguous {:?}", case.shape))?;
    let strided = case.strided.view();
    let buffer = buffer_with_filler(&strided, filler);
    let view =
        TensorView::from_parts(&buffer, &case.shape, strided.strides(), strided.offset()).unwrap();
    check(
        &view,
        &format!(
            "view {:?} strides {:?} offset {}",
            case.shape,
            view.strides(),
            view.offset()
        ),
    )
}

/// Generates integers from -8 to 8 as f64, whose sums and products are
/// exact.
fn small_integer_f64() -> impl Strategy<Value = f64> + Clone {
    integers(-8i32..=8).prop_map(f64::from)
}

/// Generates values whose products are exact in f64: 0 and signed powers of two.
fn power_of_two_f64() -> impl Strategy<Value = f64> + Clone {
    prop::sample::select(vec![0.0, 0.5, -0.5, 1.0, -1.0, 2.0, -2.0])
}

/// Generates f32 values k / 1024 with |k| <= 10^6. They have enough
/// significant bits that sums round, and apart from 0 no magnitude is below
/// 2^-10, so squares never underflow.
fn fraction_f32() -> impl Strategy<Value = f32> + Clone {
    integers(-1_000_000i32..=1_000_000).prop_map(|k| k as f32 / 1024.0)
}

/// Generates nonzero f32 values of magnitude 0.75 to 1.25, so that a product
/// of up to 256 of them stays far from overflow and underflow.
fn near_one_f32() -> impl Strategy<Value = f32> + Clone {
    (integers(768i32..=1280), any::<bool>()).prop_map(|(k, negative)| {
        let x = k as f32 / 1024.0;
        if negative { -x } else { x }
    })
}

/// Generates small integers three times in four, for ties in max and min
/// and products that do not wrap, and otherwise any i64.
fn any_i64() -> impl Strategy<Value = i64> + Clone {
    prop_oneof![3 => integers(-10i64..=10), 1 => integers::<i64>(..)]
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Failures are reported here, not saved next to the tests.
        failure_persistence: None,
        ..ProptestConfig::with_cases(96)
    })]

    // Integers: sum and prod wrap around, max and min are exact, for every
    // subset of axes in a scrambled order, with and without keepdims.
    #[test]
    fn integer_reductions_over_every_axis_subset_match_oracle(
        case in case(any_i64())
    ) {
        for_both_layouts(&case, i64::MIN + 12345, |tensor, name| {
            for mask in masks(case.shape.len()) {
                let axes = axes_of(&mask, case.rotation, &case.negative);
                for keepdims in [false, true] {
                    let (shape, groups) = oracle_groups(&case.data, &case.shape, &mask, keepdims);
                    let context = |op: &str| format!("{op}({axes:?}, keepdims={keepdims}) of {name}");
                    check_groups(tensor.sum_axes(&axes, keepdims), &shape, &groups, &context("sum_axes"),
                        |g, got| exactly(g.iter().fold(0i64, |s, &x| s.wrapping_add(x)), got))?;
                    check_groups(tensor.prod_axes(&axes, keepdims), &shape, &groups, &context("prod_axes"),
                        |g, got| exactly(g.iter().fold(1i64, |p, &x| p.wrapping_mul(x)), got))?;
                    check_groups(tensor.max_axes(&axes, keepdims), &shape, &groups, &context("max_axes"),
                        |g, got| exactly(*g.iter().max().unwrap(), got))?;
                    check_groups(tensor.min_axes(&axes, keepdims), &shape, &groups, &context("min_axes"),
                        |g, got| exactly(*g.iter().min().unwrap(), got))?;
                }
            }
            let total = case.data.iter().fold(0i64, |s, &x| s.wrapping_add(x));
            prop_assert_eq!(tensor.sum(), total, "sum() of {}", name);
            let product = case.data.iter().fold(1i64, |p, &x| p.wrapping_mul(x));
            prop_assert_eq!(tensor.prod(), product, "prod() of {}", name);
            prop_assert_eq!(tensor.max(), Ok(*case.data.iter().max().unwrap()), "max() of {}", name);
            prop_assert_eq!(tensor.min(), Ok(*case.data.iter().min().unwrap()), "min() of {}", name);
            Ok(())
        })?;
    }

    // Small integers stored as f64: every partial sum is an integer below
    // 2^53, so sums are exact in any order and a mean is the exact sum
    // divided once (correctly rounded). The crate must agree to the bit.
    #[test]
    fn sum_axes_with_keepdims_matches_oracle(
        case in case(small_integer_f64())
    ) {
        for_both_layouts(&case, f64::NAN, |tensor, name| {
            for mask in masks(case.shape.len()) {
                let axes = axes_of(&mask, case.rotation, &case.negative);
                for keepdims in [false, true] {
                    let (shape, groups) = oracle_groups(&case.data, &case.shape, &mask, keepdims);
                    let context = |op: &str| format!("{op}({axes:?}, keepdims={keepdims}) of {name}");
                    let exact_sum = |g: &[f64]| g.iter().sum::<f64>();
                    check_groups(tensor.sum_axes(&axes, keepdims), &shape, &groups, &context("sum_axes"),
                        |g, got| same_f64(0.0 + exact_sum(g), got))?;
                    check_groups(tensor.mean_axes(&axes, keepdims), &shape, &groups, &context("mean_axes"),
                        |g, got| same_f64((0.0 + exact_sum(g)) / g.len() as f64, got))?;
                    check_groups(tensor.max_axes(&axes, keepdims), &shape, &groups, &context("max_axes"),
                        |g, got| same_f64(g.iter().copied().fold(f64::NEG_INFINITY, f64::max), got))?;
                    check_groups(tensor.min_axes(&axes, keepdims), &shape, &groups, &context("min_axes"),
                        |g, got| same_f64(g.iter().copied().fold(f64::INFINITY, f64::min), got))?;
                    if axes.len() == 1 {
                        let axis = axes[0];
                        prop_assert_eq!(
                            tensor.sum_axis(axis, keepdims),
                            tensor.sum_axes(&axes, keepdims),
                            "sum_axis({}) and sum_axes([{}]) of {}", axis, axis, name
                        );
                        prop_assert_eq!(
                            tensor.mean_axis(axis, keepdims),
                            tensor.mean_axes(&axes, keepdims),
                            "mean_axis({}) of {}", axis, name
                        );
                        prop_assert_eq!(
                            tensor.max_axis(axis, keepdims),
                            tensor.max_axes(&axes, keepdims),
                            "max_axis({}) of {}", axis, name
                        );
                        prop_assert_eq!(
                            tensor.min_axis(axis, keepdims),
                            tensor.min_axes(&axes, keepdims),
                            "min_axis({}) of {}", axis, name
                        );
                    }
                }
            }
            let total: f64 = case.data.iter().sum();
            same_f64(0.0 + total, tensor.sum()).map_err(|m| TestCaseError::fail(format!("sum() of {name}: {m}")))?;
            same_f64((0.0 + total) / case.data.len() as f64, tensor.mean())
                .map_err(|m| TestCaseError::fail(format!("mean() of {name}: {m}")))?;
            Ok(())
        })?;
    }

    // The same integers: the sum of squares is exact, so a norm is the
    // correctly rounded square root of an exact integer.
    #[test]
    fn norm_l2_axes_matches_oracle(
        case in case(small_integer_f64())
    ) {
        for_both_layouts(&case, f64::NAN, |tensor, name| {
            for mask in masks(case.shape.len()) {
                let axes = axes_of(&mask, case.rotation, &case.negative);
                for keepdims in [false, true] {
                    let (shape, groups) = oracle_groups(&case.data, &case.shape, &mask, keepdims);
                    let context = format!("norm_l2_axes({axes:?}, keepdims={keepdims}) of {name}");
                    check_groups(tensor.norm_l2_axes(&axes, keepdims), &shape, &groups, &context,
                        |g, got| same_f64(g.iter().map(|x| x * x).sum::<f64>().sqrt(), got))?;
                    if let [axis] = axes[..] {
                        prop_assert_eq!(
                            tensor.norm_l2_axis(axis, keepdims),
                            tensor.norm_l2_axes(&axes, keepdims),
                            "norm_l2_axis({}) of {}", axis, name
                        );
                    }
                }
            }
            let squares: f64 = case.data.iter().map(|x| x * x).sum();
            same_f64(squares.sqrt(), tensor.norm_l2())
                .map_err(|m| TestCaseError::fail(format!("norm_l2() of {name}: {m}")))
        })?;
    }

    // Signed powers of two and zero: products are exact in f64 (at most
    // 2^256 in magnitude), so prod must agree to the bit, sign of zero
    // included.
    #[test]
    fn prod_axes_of_powers_of_two_matches_oracle(
        case in case(power_of_two_f64())
    ) {
        for_both_layouts(&case, f64::NAN, |tensor, name| {
            for mask in masks(case.shape.len()) {
                let axes = axes_of(&mask, case.rotation, &case.negative);
                for keepdims in [false, true] {
                    let (shape, groups) = oracle_groups(&case.data, &case.shape, &mask, keepdims);
                    let context = format!("prod_axes({axes:?}, keepdims={keepdims}) of {name}");
                    check_groups(tensor.prod_axes(&axes, keepdims), &shape, &groups, &context,
                        |g, got| same_f64(g.iter().fold(1.0, |p, &x| p * x), got))?;
                }
            }
            let product = case.data.iter().fold(1.0, |p, &x| p * x);
            same_f64(product, tensor.prod())
                .map_err(|m| TestCaseError::fail(format!("prod() of {name}: {m}")))
        })?;
    }

    // f32 values whose sums round. The bounds (see `gamma`): with n values
    // in a group and S = sum |x|,
    //   sum:  |computed - exact| <= gamma_{n-1} S, for any summation order,
    //         so it covers both the sequential and the pairwise sum;
    //   mean: fl(fl(sum) / n) is off by at most
    //         (gamma_{n-1} + u (1 + gamma_{n-1})) S / n = gamma_n S / n;
    //   norm: the sum of squares is off by gamma_n sum x^2 (n products,
    //         n - 1 additions), the square root does not increase that
    //         relative error, and its rounding adds u: gamma_{n+1} times the
    //         norm;
    //   prod: n - 1 roundings, gamma_{n-1} times |product|.
    // The oracle runs in f64; its own error, the same bound with f64's u, is
    // added.
    #[test]
    fn float_reductions_within_rounding_bounds(
        case in case(fraction_f32())
    ) {
        for_both_layouts(&case, f32::NAN, |tensor, name| {
            let data: Vec<f64> = case.data.iter().map(|&x| f64::from(x)).collect();
            for mask in masks(case.shape.len()) {
                let axes = axes_of(&mask, case.rotation, &case.negative);
                for keepdims in [false, true] {
                    let (shape, groups) = oracle_groups(&data, &case.shape, &mask, keepdims);
                    let context = |op: &str| format!("{op}({axes:?}, keepdims={keepdims}) of {name}");
                    check_groups(tensor.sum_axes(&axes, keepdims), &shape, &groups, &context("sum_axes"), |g, got| {
                        let n = g.len();
                        let magnitude: f64 = g.iter().map(|x| x.abs()).sum();
                        let bound = (gamma(n - 1, U32) + gamma(n - 1, U64)) * magnitude;
                        within(g.iter().sum(), f64::from(got), bound)
                    })?;
                    check_groups(tensor.mean_axes(&axes, keepdims), &shape, &groups, &context("mean_axes"), |g, got| {
                        let n = g.len();
                        let magnitude: f64 = g.iter().map(|x| x.abs()).sum();
                        let bound = (gamma(n, U32) + gamma(n, U64)) * magnitude / n as f64;
                        within(g.iter().sum::<f64>() / n as f64, f64::from(got), bound)
                    })?;
                    check_groups(tensor.norm_l2_axes(&axes, keepdims), &shape, &groups, &context("norm_l2_axes"), |g, got| {
                        let n = g.len();
                        let norm = g.iter().map(|x| x * x).sum::<f64>().sqrt();
                        let bound = (gamma(n + 1, U32) + gamma(n + 2, U64)) * norm;
                        within(norm, f64::from(got), bound)
                    })?;
                }
            }
            let n = data.len();
            let magnitude: f64 = data.iter().map(|x| x.abs()).sum();
            let exact: f64 = data.iter().sum();
            within(exact, f64::from(tensor.sum()), (gamma(n - 1, U32) + gamma(n - 1, U64)) * magnitude)
                .map_err(|m| TestCaseError::fail(format!("sum() of {name}: {m}")))?;
            within(
                exact / n as f64,
                f64::from(tensor.mean()),
                (gamma(n, U32) + gamma(n, U64)) * magnitude / n as f64,
            )
            .map_err(|m| TestCaseError::fail(format!("mean() of {name}: {m}")))?;
            let norm = data.iter().map(|x| x * x).sum::<f64>().sqrt();
            within(norm, f64::from(tensor.norm_l2()), (gamma(n + 1, U32) + gamma(n + 2, U64)) * norm)
                .map_err(|m| TestCaseError::fail(format!("norm_l2() of {name}: {m}")))?;
            Ok(())
        })?;
    }

    #[test]
    fn float_prod_stays_within_rounding_bound(
        case in case(near_one_f32())
    ) {
        for_both_layouts(&case, f32::NAN, |tensor, name| {
            let data: Vec<f64> = case.data.iter().map(|&x| f64::from(x)).collect();
            for mask in masks(case.shape.len()) {
                let axes = axes_of(&mask, case.rotation, &case.negative);
                let (shape, groups) = oracle_groups(&data, &case.shape, &mask, false);
                let context = format!("prod_axes({axes:?}) of {name}");
                check_groups(tensor.prod_axes(&axes, false), &shape, &groups, &context, |g, got| {
                    let product = g.iter().product::<f64>();
                    let n = g.len();
                    within(product, f64::from(got), (gamma(n - 1, U32) + gamma(n - 1, U64)) * product.abs())
                })?;
            }
            let product: f64 = data.iter().product();
            let n = data.len();
            within(product, f64::from(tensor.prod()), (gamma(n - 1, U32) + gamma(n - 1, U64)) * product.abs())
                .map_err(|m| TestCaseError::fail(format!("prod() of {name}: {m}")))
        })?;
    }

    // Tensors with at least one empty axis, every subset of axes: sum gives
    // 0, prod 1, norm 0 and mean nan for each output element, and max/min
    // follow numpy: an error exactly when some reduced axis is empty.
    #[test]
    fn empty_reductions_follow_numpy(
        shape in shapes(1..=3, 0..=3),
        zero_at in any::<prop::sample::Index>(),
        negative in prop::collection::vec(any::<bool>(), 3),
        rotation in 0usize..4,
    ) {
        let mut shape = shape;
        let ndim = shape.len();
        shape[zero_at.index(ndim)] = 0;
        let tensor = Tensor::<f64>::zeros(&shape);
        for mask in masks(shape.len()) {
            let axes = axes_of(&mask, rotation, &negative);
            for keepdims in [false, true] {
                let (out_shape, groups) = oracle_groups(&[] as &[f64], &shape, &mask, keepdims);
                let context = |op: &str| format!("{op}({axes:?}, keepdims={keepdims}) of {shape:?}");
                check_groups(tensor.sum_axes(&axes, keepdims), &out_shape, &groups, &context("sum_axes"),
                    |_, got| same_f64(0.0, got))?;
                check_groups(tensor.prod_axes(&axes, keepdims), &out_shape, &groups, &context("prod_axes"),
                    |_, got| same_f64(1.0, got))?;
                check_groups(tensor.norm_l2_axes(&axes, keepdims), &out_shape, &groups, &context("norm_l2_axes"),
                    |_, got| same_f64(0.0, got))?;
                check_groups(tensor.mean_axes(&axes, keepdims), &out_shape, &groups, &context("mean_axes"),
                    |_, got| same_f64(f64::NAN, got))?;
                let reduces_empty_axis = shape.iter().zip(&mask).any(|(&len, &reduced)| reduced && len == 0);
                for (op, result) in [
                    ("max_axes", tensor.max_axes(&axes, keepdims)),
                    ("min_axes", tensor.min_axes(&axes, keepdims)),
                ] {
                    if reduces_empty_axis {
                        prop_assert!(
                            matches!(result, Err(ShapeError::EmptyReduction { .. })),
                            "{} should be EmptyReduction as numpy raises, got {:?}", context(op), result
                        );
                    } else {
                        check_groups(result, &out_shape, &groups, &context(op), |_, got| same_f64(0.0, got))?;
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// matmul.

fn naive_matmul<T: Element>(lhs: &[T], rhs: &[T], (m, k, n): (usize, usize, usize)) -> Vec<T> {
    let mut out = vec![T::ZERO; m * n];
    for i in 0..m {
        for j in 0..n {
            let mut total = T::ZERO;
            for p in 0..k {
                total = total.elem_add(lhs[i * k + p].elem_mul(rhs[p * n + j]));
            }
            out[i * n + j] = total;
        }
    }
    out
}

/// Operands of (m, k) and (k, n) in strided layouts, with their logical
/// elements read by the stride formula.
#[derive(Clone, Debug)]
struct MatmulCase<T: Element> {
    dims: (usize, usize, usize),
    lhs: Vec<T>,
    rhs: Vec<T>,
    lhs_strided: StridedTensor<T>,
    rhs_strided: StridedTensor<T>,
}

fn matmul_case<T: Element>(
    element: impl Strategy<Value = T> + Clone + 'static,
) -> impl Strategy<Value = MatmulCase<T>> {
    // The three lengths m, k and n, each 0 to 7, drawn as one shape.
    shapes(3, 0..=7).prop_flat_map(move |dims| {
        let (m, k, n) = (dims[0], dims[1], dims[2]);
        (
            strided_tensors(element.clone(), Just(vec![m, k])),
            strided_tensors(element.clone(), Just(vec![k, n])),
        )
            .prop_map(move |(lhs_strided, rhs_strided)| MatmulCase {
                dims: (m, k, n),
                lhs: values_by_strides(&lhs_strided.view()),
                rhs: values_by_strides(&rhs_strided.view()),
                lhs_strided,
                rhs_strided,
            })
    })
}

/// Runs `matmul` on the operands as contiguous tensors, as transposes of
/// column-major storage, and as arbitrary strided views, and passes each
/// result to `check`.
fn for_matmul_layouts<T: Element>(
    case: &MatmulCase<T>,
    filler: T,
    mut check: impl FnMut(Tensor<T>, &str) -> Result<(), TestCaseError>,
) -> Result<(), TestCaseError> {
    let (m, k, n) = case.dims;
    let lhs = Tensor::from_vec(case.lhs.clone(), &[m, k]).unwrap();
    let rhs = Tensor::from_vec(case.rhs.clone(), &[k, n]).unwrap();
    check(lhs.matmul(&rhs).unwrap(), "contiguous")?;

    // Store each operand transposed, then view it back with t(): the
    // logical values are the same, the strides are column-major.
    let lhs_columns = lhs.t().to_owned();
    let rhs_columns = rhs.t().to_owned();
    let (lhs_t, rhs_t) = (lhs_columns.t(), rhs_columns.t());
    prop_assert_eq!(&lhs_t, &lhs, "transposed storage shows the lhs");
    check(lhs_t.matmul(&rhs).unwrap(), "transposed lhs")?;
    check(lhs.matmul(&rhs_t).unwrap(), "transposed rhs")?;
    check(lhs_t.matmul(&rhs_t).unwrap(), "both transposed")?;

    let (lhs_view, rhs_view) = (case.lhs_strided.view(), case.rhs_strided.view());
    let lhs_buffer = buffer_with_filler(&lhs_view, filler);
    let rhs_buffer = buffer_with_filler(&rhs_view, filler);
    let lhs_strided =
        TensorView::from_parts(&lhs_buffer, &[m, k], lhs_view.strides(), lhs_view.offset())
            .unwrap();
    let rhs_strided =
        TensorView::from_parts(&rhs_buffer, &[k, n], rhs_view.strides(), rhs_view.offset())
            .unwrap();
    let name = format!(
        "strided views, strides {:?} and {:?}",
        lhs_strided.strides(),
        rhs_strided.strides()
    );
    check(lhs_strided.matmul(&rhs_strided).unwrap(), &name)
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Failures are reported here, not saved next to the tests.
        failure_persistence: None,
        ..ProptestConfig::with_cases(128)
    })]

    #[test]
    fn integer_matmul_matches_naive_oracle(case in matmul_case(any_i64())) {
        let expected = naive_matmul(&case.lhs, &case.rhs, case.dims);
        let (m, _, n) = case.dims;
        for_matmul_layouts(&case, i64::MIN + 777, |result, name| {
            prop_assert_eq!(result.shape(), &[m, n][..], "shape of {:?} matmul ({})", case.dims, name);
            prop_assert_eq!(result.to_vec(), expected.clone(), "{:?} matmul ({})", case.dims, name);
            Ok(())
        })?;
    }

    // Small integers in f64: every product and partial sum is exact.
    #[test]
    fn float_matmul_of_small_integers_is_exact(case in matmul_case(small_integer_f64())) {
        let expected = naive_matmul(&case.lhs, &case.rhs, case.dims);
        for_matmul_layouts(&case, f64::NAN, |result, name| {
            prop_assert_eq!(result.to_vec(), expected.clone(), "{:?} matmul ({})", case.dims, name);
            Ok(())
        })?;
    }

    // Each output element is a dot product of length k: off by at most
    // gamma_k sum_p |a_ip b_pj| in f32, plus the f64 oracle's own error.
    #[test]
    fn float_matmul_stays_within_dot_product_bound(case in matmul_case(fraction_f32())) {
        let (m, k, n) = case.dims;
        let lhs: Vec<f64> = case.lhs.iter().map(|&x| f64::from(x)).collect();
        let rhs: Vec<f64> = case.rhs.iter().map(|&x| f64::from(x)).collect();
        for_matmul_layouts(&case, f32::NAN, |result, name| {
            for i in 0..m {
                for j in 0..n {
                    let exact: f64 = (0..k).map(|p| lhs[i * k + p] * rhs[p * n + j]).sum();
                    let magnitude: f64 = (0..k).map(|p| (lhs[i * k + p] * rhs[p * n + j]).abs()).sum();
                    let bound = (gamma(k, U32) + gamma(k, U64)) * magnitude;
                    if let Err(message) = within(exact, f64::from(result[[i, j]]), bound) {
                        return Err(TestCaseError::fail(format!(
                            "{:?} matmul ({name}) at [{i}, {j}]: {message}", case.dims
                        )));
                    }
                }
            }
            Ok(())
        })?;
    }
}

#[test]
fn matmul_of_small_matrices_matches_numpy() {
    let a = tensor![[1, 2, 3], [4, 5, 6]];
    let b = tensor![[1, 0], [0, 1], [1, 1]];
    assert_eq!(
        a.matmul(&b),
        Ok(tensor![[4, 5], [10, 11]]),
        "(2, 3) @ (3, 2)"
    );
    assert_eq!(a.matmul(&a.t()), Ok(tensor![[14, 32], [32, 77]]), "a @ a.T");
    assert_eq!(
        a.t().matmul(&a),
        Ok(tensor![[17, 22, 27], [22, 29, 36], [27, 36, 45]]),
        "a.T @ a"
    );
}

#[test]
fn matmul_with_empty_dimensions_follows_numpy() {
    // numpy: zeros((2, 0)) @ zeros((0, 3)) is zeros((2, 3)). (0, 3) @ (3, 2)
    // has shape (0, 2), and (2, 3) @ (3, 0) has shape (2, 0).
    let inner = Tensor::<f64>::zeros(&[2, 0]).matmul(&Tensor::zeros(&[0, 3]));
    assert_eq!(inner, Ok(Tensor::zeros(&[2, 3])), "(2, 0) @ (0, 3)");
    let rows = Tensor::<i32>::zeros(&[0, 3]).matmul(&Tensor::ones(&[3, 2]));
    assert_eq!(
        rows.map(|r| r.shape().to_vec()),
        Ok(vec![0, 2]),
        "(0, 3) @ (3, 2)"
    );
    let columns = Tensor::<i32>::ones(&[2, 3]).matmul(&Tensor::ones(&[3, 0]));
    assert_eq!(
        columns.map(|r| r.shape().to_vec()),
        Ok(vec![2, 0]),
        "(2, 3) @ (3, 0)"
    );
}

#[test]
fn matmul_of_integers_wraps_around() {
    let a = tensor![[i32::MAX, 1]];
    let b = tensor![[2], [2]];
    assert_eq!(
        a.matmul(&b),
        Ok(tensor![[0]]),
        "[[i32::MAX, 1]] @ [[2], [2]] wraps"
    );
}

#[test]
fn matmul_rejects_other_ranks_with_message() {
    let matrix = tensor![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    let vector = tensor![1.0, 2.0, 3.0];
    let error = vector.matmul(&matrix).unwrap_err();
    assert_eq!(
        error,
        ShapeError::RankMismatch {
            op: "matmul",
            expected: 2,
            shape: vec![3]
        },
        "variant of (3,) @ (2, 3)"
    );
    assert_eq!(
        error.to_string(),
        "matmul needs a tensor of rank 2, got shape (3,) of rank 1",
        "message of (3,) @ (2, 3)"
    );
    assert_eq!(
        matrix.matmul(&vector).unwrap_err().to_string(),
        "matmul needs a tensor of rank 2, got shape (3,) of rank 1",
        "message of (2, 3) @ (3,)"
    );
    assert_eq!(
        matrix.matmul(&Tensor::scalar(1.0)).unwrap_err().to_string(),
        "matmul needs a tensor of rank 2, got shape () of rank 0",
        "message of (2, 3) @ ()"
    );
    let cube = Tensor::<f64>::zeros(&[2, 3, 4]);
    assert_eq!(
        cube.matmul(&matrix).unwrap_err().to_string(),
        "matmul needs a tensor of rank 2, got shape (2, 3, 4) of rank 3",
        "message of (2, 3, 4) @ (2, 3)"
    );
}

#[test]
fn matmul_rejects_mismatched_inner_lengths_with_message() {
    let a = tensor![[1, 2, 3], [4, 5, 6]];
    let error = a.matmul(&a).unwrap_err();
    assert_eq!(
        error,
        ShapeError::OperandMismatch {
            op: "matmul",
            lhs: vec![2, 3],
            rhs: vec![2, 3],
            lhs_axis: 1,
            rhs_axis: 0
        },
        "variant of (2, 3) @ (2, 3)"
    );
    assert_eq!(
        error.to_string(),
        "matmul: shapes (2, 3) and (2, 3) do not match: axis 1 of the left has length 3, axis 0 of the right has length 2",
        "message of (2, 3) @ (2, 3)"
    );
    let b = Tensor::<i32>::zeros(&[4, 5]);
    assert_eq!(
        a.matmul(&b).unwrap_err().to_string(),
        "matmul: shapes (2, 3) and (4, 5) do not match: axis 1 of the left has length 3, axis 0 of the right has length 4",
        "message of (2, 3) @ (4, 5)"
    );
}

// ---------------------------------------------------------------------------
// allclose.

#[test]
fn allclose_uses_atol_plus_rtol_times_other() {
    let a = tensor![1.0, 100.0];
    assert!(
        a.allclose(&a, 0.0, 0.0),
        "a tensor is close to itself with no tolerance"
    );
    assert!(
        tensor![1.0].allclose(&tensor![1.5], 0.0, 0.5),
        "|1 - 1.5| <= atol 0.5 (the bound is inclusive)"
    );
    assert!(
        !tensor![1.0].allclose(&tensor![1.5], 0.0, 0.49),
        "|1 - 1.5| > atol 0.49"
    );
    assert!(
        tensor![100.0].allclose(&tensor![101.0], 0.01, 0.0),
        "|100 - 101| <= rtol 0.01 * |101|"
    );
    assert!(
        tensor![0.0, 1e-9].allclose(&tensor![1e-9, 0.0], 1e-5, 1e-8),
        "numpy's default atol covers tiny differences"
    );
}

#[test]
fn allclose_scales_rtol_by_the_second_operand() {
    // numpy: isclose(1.0, 1.1, rtol=0.1, atol=0) is True,
    // isclose(1.1, 1.0, rtol=0.1, atol=0) is False.
    let small = tensor![1.0];
    let large = tensor![1.1];
    assert!(
        small.allclose(&large, 0.1, 0.0),
        "1.0 against 1.1, rtol 0.1"
    );
    assert!(
        !large.allclose(&small, 0.1, 0.0),
        "1.1 against 1.0, rtol 0.1"
    );
}

#[test]
fn allclose_nan_is_never_close() {
    let nan = tensor![f64::NAN];
    assert!(!nan.allclose(&nan, 1e-5, 1e-8), "nan against nan");
    assert!(!nan.allclose(&tensor![1.0], 1e-5, 1e-8), "nan against 1");
    assert!(!tensor![1.0].allclose(&nan, 1e-5, 1e-8), "1 against nan");
    assert!(
        !tensor![f32::NAN].allclose(&tensor![f32::NAN], 1.0, 1.0),
        "f32 nan against nan, large tolerances"
    );
}

#[test]
fn allclose_equal_infinities_are_close() {
    let inf = tensor![f64::INFINITY, f64::NEG_INFINITY];
    assert!(inf.allclose(&inf, 1e-5, 1e-8), "[inf, -inf] against itself");
    assert!(
        !tensor![f64::INFINITY].allclose(&tensor![f64::NEG_INFINITY], 1e-5, 1e-8),
        "inf against -inf"
    );
    assert!(
        !tensor![f64::INFINITY].allclose(&tensor![1e308], 1e-5, 1e-8),
        "inf against 1e308"
    );
    assert!(
        !tensor![1e308].allclose(&tensor![f64::INFINITY], 1e-5, 1e-8),
        "1e308 against inf"
    );
}

#[test]
fn allclose_of_different_shapes_is_false() {
    // numpy's allclose would broadcast (3,) against (1, 3); the crate
    // documents that different shapes are never close.
    let a = Tensor::<f64>::zeros(&[3]);
    let b = Tensor::<f64>::zeros(&[1, 3]);
    assert!(!a.allclose(&b, 1.0, 1.0), "(3,) against (1, 3)");
    assert!(
        !Tensor::<f32>::zeros(&[0, 2]).allclose(&Tensor::zeros(&[2, 0]), 1.0, 1.0),
        "(0, 2) against (2, 0)"
    );
    assert!(
        Tensor::<f32>::zeros(&[0, 2]).allclose(&Tensor::zeros(&[0, 2]), 0.0, 0.0),
        "two empty (0, 2) tensors are close"
    );
}

#[test]
fn allclose_compares_logical_elements_of_views() {
    let a = tensor![[1.0, 2.0], [3.0, 4.0]];
    let b = tensor![[1.0, 3.0], [2.0, 4.0 + 1e-12]];
    assert!(
        a.t().allclose(&b, 1e-9, 0.0),
        "a.t() against its transposed copy"
    );
    assert!(!a.allclose(&b, 1e-9, 0.0), "a against the transposed copy");
}

// Both operands and the tolerances are finite, and mathematically
// |1e308 - (-1e308)| = 2e308 <= 0 + 10 * 1e308. numpy 2.4 returns True for
// np.isclose(1e308, -1e308, rtol=10, atol=0): its difference and its
// tolerance both round to inf, and inf <= inf.
#[test]
fn allclose_with_overflowing_difference_follows_numpy() {
    let a = tensor![1e308f64];
    let b = tensor![-1e308f64];
    assert!(
        a.allclose(&b, 10.0, 0.0),
        "1e308 against -1e308 with rtol 10 is close in numpy"
    );
    let c = tensor![3e38f32];
    let d = tensor![-3e38f32];
    assert!(
        c.allclose(&d, 2.0, 0.0),
        "f32 3e38 against -3e38 with rtol 2 is close in numpy"
    );
}

/// numpy 2.4's isclose, with finite tolerances, written as numpy writes it:
/// `(|x - y| <= atol + rtol * |y|) & isfinite(y) | (x == y)`.
fn numpy_isclose(x: f64, y: f64, rtol: f64, atol: f64) -> bool {
    ((x - y).abs() <= atol + rtol * y.abs() && y.is_finite()) || x == y
}

fn allclose_value() -> impl Strategy<Value = f64> + Clone {
    floats(FloatOptions::new(-100.0, 100.0).with_special_values())
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Failures are reported here, not saved next to the tests.
        failure_persistence: None,
        ..ProptestConfig::with_cases(256)
    })]

    // Pairs that sit just inside, on, or just outside the tolerance, and
    // unrelated pairs: allclose is the conjunction of numpy's isclose.
    #[test]
    fn allclose_matches_numpy_isclose_elementwise(
        pairs in prop::collection::vec(
            (allclose_value(), allclose_value(), prop::sample::select(vec![-1.0, 0.0, 0.5, 1.0, 1.0000001, 2.0]), any::<bool>()),
            0..6,
        ),
        rtol in prop::sample::select(vec![0.0, 1e-5, 0.1]),
        atol in prop::sample::select(vec![0.0, 1e-8, 0.5]),
    ) {
        // Either an unrelated pair, or y plus a multiple of the tolerance.
        let (lhs, rhs): (Vec<f64>, Vec<f64>) = pairs
            .iter()
            .map(|&(x, y, scale, related)| {
                if related {
                    (y + scale * (atol + rtol * y.abs()), y)
                } else {
                    (x, y)
                }
            })
            .unzip();
        let expected = lhs.iter().zip(&rhs).all(|(&x, &y)| numpy_isclose(x, y, rtol, atol));
        let a = Tensor::from_vec(lhs.clone(), &[lhs.len()]).unwrap();
        let b = Tensor::from_vec(rhs.clone(), &[rhs.len()]).unwrap();
        prop_assert_eq!(
            a.allclose(&b, rtol, atol),
            expected,
            "allclose({:?}, {:?}, rtol={}, atol={})", lhs, rhs, rtol, atol
        );
        for (&x, &y) in lhs.iter().zip(&rhs) {
            prop_assert_eq!(
                tensor![x].allclose(&tensor![y], rtol, atol),
                numpy_isclose(x, y, rtol, atol),
                "isclose({}, {}, rtol={}, atol={})", x, y, rtol, atol
            );
        }
    }
}

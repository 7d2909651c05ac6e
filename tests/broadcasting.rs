//! Integration tests of numpy broadcasting: `broadcast_shapes`,
//! `reduced_shape`, `normalize_axis`, the `+ - * /` operators between
//! tensors, views, references and scalars, the `try_*` methods, `map` and
//! `zip_with`. The numpy results quoted in comments were checked with
//! numpy 2.4.

use baretensor::strategies::{
    FloatOptions, StridedTensor, floats, integers, mutually_broadcastable_shapes, strided_tensors,
};
use baretensor::{
    Element, ShapeError, Tensor, TensorView, broadcast_shapes, normalize_axis, reduced_shape,
    tensor,
};
use proptest::prelude::*;

mod common;
use common::row_major_indices;

#[path = "common/strided.rs"]
mod strided;
use strided::values_by_strides;

// ---------------------------------------------------------------------------
// broadcast_shapes.

#[test]
fn broadcast_shapes_of_no_shapes_is_scalar_shape() {
    // numpy: np.broadcast_shapes() == ().
    assert_eq!(
        broadcast_shapes(&[]),
        Ok(vec![]),
        "broadcast_shapes of no shapes"
    );
}

#[test]
fn broadcast_shapes_of_one_shape_is_that_shape() {
    assert_eq!(broadcast_shapes(&[&[2, 3]]), Ok(vec![2, 3]), "((2, 3),)");
    assert_eq!(broadcast_shapes(&[&[]]), Ok(vec![]), "((),)");
    assert_eq!(broadcast_shapes(&[&[0]]), Ok(vec![0]), "((0,),)");
    assert_eq!(broadcast_shapes(&[&[1, 1]]), Ok(vec![1, 1]), "((1, 1),)");
}

#[test]
fn broadcast_shapes_of_two_shapes_matches_numpy() {
    let cases: &[(&[usize], &[usize], &[usize])] = &[
        (&[2, 1], &[3], &[2, 3]),
        (&[4, 3], &[2, 1, 3], &[2, 4, 3]),
        (&[], &[2, 3], &[2, 3]),
        (&[2, 3], &[], &[2, 3]),
        (&[0, 3], &[1, 3], &[0, 3]),
        (&[1], &[0], &[0]),
        (&[5, 1, 4], &[3, 1], &[5, 3, 4]),
        (&[3, 1], &[1, 4], &[3, 4]),
        (&[1, 1], &[1], &[1, 1]),
    ];
    for &(lhs, rhs, expected) in cases {
        assert_eq!(
            broadcast_shapes(&[lhs, rhs]),
            Ok(expected.to_vec()),
            "broadcast_shapes({lhs:?}, {rhs:?})"
        );
        assert_eq!(
            broadcast_shapes(&[rhs, lhs]),
            Ok(expected.to_vec()),
            "broadcast_shapes({rhs:?}, {lhs:?})"
        );
    }
}

#[test]
fn broadcast_shapes_of_many_shapes_matches_numpy() {
    let cases: &[(&[&[usize]], &[usize])] = &[
        (&[&[3, 1], &[1, 4], &[4]], &[3, 4]),
        (&[&[1], &[2, 1], &[3, 1, 1], &[4, 1, 1, 1]], &[4, 3, 2, 1]),
        (&[&[1, 1], &[1], &[]], &[1, 1]),
        (&[&[2, 0], &[1], &[2, 1]], &[2, 0]),
        (&[&[6, 1, 1], &[1, 5, 1], &[1, 1, 4], &[4], &[]], &[6, 5, 4]),
    ];
    for &(shapes, expected) in cases {
        assert_eq!(
            broadcast_shapes(shapes),
            Ok(expected.to_vec()),
            "broadcast_shapes{shapes:?}"
        );
    }
}

#[test]
fn broadcast_shapes_error_for_two_shapes() {
    let error = broadcast_shapes(&[&[2, 3], &[4]]).unwrap_err();
    assert_eq!(
        error,
        ShapeError::Broadcast {
            shapes: vec![vec![2, 3], vec![4]],
            axis: -1,
            lengths: [3, 4]
        },
        "variant of (2, 3) with (4,)"
    );
    assert_eq!(
        error.to_string(),
        "cannot broadcast (2, 3) with (4,): axis -1 has lengths 3 and 4",
        "message of (2, 3) with (4,)"
    );
}

#[test]
fn broadcast_shapes_error_names_rightmost_mismatch() {
    // Axis -3 (5 against 4) also mismatches, but axis -2 is nearer the end.
    let error = broadcast_shapes(&[&[5, 2, 3], &[4, 3, 3]]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot broadcast (5, 2, 3) with (4, 3, 3): axis -2 has lengths 2 and 3",
        "(5, 2, 3) with (4, 3, 3)"
    );
    // numpy names the pair that mismatches at axis -2 here. The crate names
    // the first axis from the end instead, axis -1, where 3 meets 2.
    let error = broadcast_shapes(&[&[2, 1], &[1, 3], &[3, 2]]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot broadcast (2, 1), (1, 3) and (3, 2): axis -1 has lengths 3 and 2",
        "(2, 1), (1, 3) and (3, 2)"
    );
}

#[test]
fn broadcast_shapes_error_with_three_shapes_lists_all() {
    let error = broadcast_shapes(&[&[2, 3], &[3], &[4, 1]]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot broadcast (2, 3), (3,) and (4, 1): axis -2 has lengths 2 and 4",
        "(2, 3), (3,) and (4, 1)"
    );
    let error = broadcast_shapes(&[&[], &[2], &[3]]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot broadcast (), (2,) and (3,): axis -1 has lengths 2 and 3",
        "(), (2,) and (3,)"
    );
}

#[test]
fn broadcast_shapes_error_skips_ones() {
    let error = broadcast_shapes(&[&[1], &[2], &[1], &[3]]).unwrap_err();
    assert_eq!(
        error,
        ShapeError::Broadcast {
            shapes: vec![vec![1], vec![2], vec![1], vec![3]],
            axis: -1,
            lengths: [2, 3]
        },
        "variant of (1,), (2,), (1,) and (3,)"
    );
    assert_eq!(
        error.to_string(),
        "cannot broadcast (1,), (2,), (1,) and (3,): axis -1 has lengths 2 and 3",
        "message of (1,), (2,), (1,) and (3,)"
    );
}

#[test]
fn broadcast_shapes_zero_does_not_stretch() {
    // numpy: a length 0 meets only 0 or 1.
    let error = broadcast_shapes(&[&[0], &[2]]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot broadcast (0,) with (2,): axis -1 has lengths 0 and 2",
        "(0,) with (2,)"
    );
}

#[test]
fn broadcast_shapes_with_huge_result_is_size_overflow() {
    // numpy: np.broadcast_shapes((2**62,), (2, 1)) raises "broadcast
    // dimensions too large".
    let result = broadcast_shapes(&[&[usize::MAX], &[2, 1]]);
    assert_eq!(
        result,
        Err(ShapeError::SizeOverflow {
            shape: vec![2, usize::MAX]
        }),
        "(usize::MAX,) with (2, 1)"
    );
}

// numpy: np.broadcast_shapes((2, 2**62, 0)) raises "broadcast dimensions too
// large", although the result has no elements.
#[test]
fn broadcast_shapes_rejects_overflowing_empty_shape() {
    let result = broadcast_shapes(&[&[2, usize::MAX, 0], &[1]]);
    assert!(
        matches!(result, Err(ShapeError::SizeOverflow { .. })),
        "(2, usize::MAX, 0) with (1,) should be SizeOverflow as numpy raises: {result:?}"
    );
}

// ---------------------------------------------------------------------------
// reduced_shape and normalize_axis.

type ReducedShapeCase = (&'static [usize], &'static [isize], bool, &'static [usize]);

#[test]
fn reduced_shape_keeps_or_drops_reduced_axes() {
    // (shape, axes, keepdims, expected shape)
    let cases: &[ReducedShapeCase] = &[
        (&[2, 3, 4], &[-1], true, &[2, 3, 1]),
        (&[2, 3, 4], &[-1], false, &[2, 3]),
        (&[2, 3, 4], &[0, 2], false, &[3]),
        (&[2, 3, 4], &[2, 0], false, &[3]),
        (&[2, 3, 4], &[2, 0], true, &[1, 3, 1]),
        (&[2, 3, 4], &[0, -2, 2], false, &[]),
        (&[2, 3, 4], &[0, -2, 2], true, &[1, 1, 1]),
        (&[0, 3], &[0], false, &[3]),
        (&[0, 3], &[1], true, &[0, 1]),
    ];
    for &(shape, axes, keepdims, expected) in cases {
        assert_eq!(
            reduced_shape(shape, axes, keepdims),
            Ok(expected.to_vec()),
            "reduced_shape({shape:?}, {axes:?}, keepdims={keepdims})"
        );
    }
}

#[test]
fn reduced_shape_with_no_axes_reduces_nothing() {
    // numpy: np.zeros((2, 3)).sum(axis=()) has shape (2, 3).
    for keepdims in [false, true] {
        assert_eq!(
            reduced_shape(&[2, 3], &[], keepdims),
            Ok(vec![2, 3]),
            "reduced_shape((2, 3), [], keepdims={keepdims})"
        );
        assert_eq!(
            reduced_shape(&[], &[], keepdims),
            Ok(vec![]),
            "reduced_shape((), [], keepdims={keepdims})"
        );
    }
}

#[test]
fn reduced_shape_rejects_axis_out_of_range() {
    let error = reduced_shape(&[2, 3, 4], &[3], false).unwrap_err();
    assert_eq!(
        error,
        ShapeError::AxisOutOfRange { axis: 3, ndim: 3 },
        "variant of axis 3 of rank 3"
    );
    assert_eq!(
        error.to_string(),
        "axis 3 is out of range for a tensor of rank 3 (valid axes are -3 to 2)",
        "message of axis 3 of rank 3"
    );
    assert_eq!(
        reduced_shape(&[2, 3, 4], &[0, -4], true)
            .unwrap_err()
            .to_string(),
        "axis -4 is out of range for a tensor of rank 3 (valid axes are -3 to 2)",
        "axis -4 of rank 3"
    );
    assert_eq!(
        reduced_shape(&[], &[0], false).unwrap_err().to_string(),
        "axis 0 is out of range for a tensor of rank 0 (it has no axes)",
        "axis 0 of rank 0"
    );
}

#[test]
fn reduced_shape_rejects_duplicate_axis_with_message() {
    // numpy raises "duplicate value in 'axis'" for axis=(1, -2) of rank 3.
    let error = reduced_shape(&[2, 3, 4], &[1, -2], false).unwrap_err();
    assert_eq!(
        error,
        ShapeError::DuplicateAxis {
            axis: 1,
            axes: vec![1, -2]
        },
        "variant of [1, -2] of rank 3"
    );
    assert_eq!(
        error.to_string(),
        "axis 1 appears more than once in the axes [1, -2]",
        "message of [1, -2] of rank 3"
    );
    assert_eq!(
        reduced_shape(&[2, 3], &[0, 0], true)
            .unwrap_err()
            .to_string(),
        "axis 0 appears more than once in the axes [0, 0]",
        "[0, 0] of rank 2"
    );
}

#[test]
fn normalize_axis_maps_negative_axes_from_the_end() {
    for ndim in 1..=5usize {
        for axis in 0..ndim {
            assert_eq!(
                normalize_axis(axis as isize, ndim),
                Ok(axis),
                "normalize_axis({axis}, {ndim})"
            );
            let negative = axis as isize - ndim as isize;
            assert_eq!(
                normalize_axis(negative, ndim),
                Ok(axis),
                "normalize_axis({negative}, {ndim})"
            );
        }
        assert_eq!(
            normalize_axis(ndim as isize, ndim),
            Err(ShapeError::AxisOutOfRange {
                axis: ndim as isize,
                ndim
            }),
            "normalize_axis({ndim}, {ndim})"
        );
        let below = -(ndim as isize) - 1;
        assert_eq!(
            normalize_axis(below, ndim),
            Err(ShapeError::AxisOutOfRange { axis: below, ndim }),
            "normalize_axis({below}, {ndim})"
        );
    }
}

#[test]
fn normalize_axis_rejects_extremes_and_rank_0() {
    assert!(
        normalize_axis(isize::MIN, 3).is_err(),
        "isize::MIN of rank 3"
    );
    assert!(
        normalize_axis(isize::MAX, 3).is_err(),
        "isize::MAX of rank 3"
    );
    assert!(normalize_axis(0, 0).is_err(), "axis 0 of rank 0");
    assert!(normalize_axis(-1, 0).is_err(), "axis -1 of rank 0");
    assert_eq!(
        normalize_axis(-1, 0).unwrap_err().to_string(),
        "axis -1 is out of range for a tensor of rank 0 (it has no axes)",
        "message of axis -1 of rank 0"
    );
}

// ---------------------------------------------------------------------------
// Operators on every kind of operand.

#[test]
fn add_accepts_owned_views_references_and_cow() {
    let a = tensor![[1, 2], [3, 4]];
    let b = tensor![10, 20];
    let expected = tensor![[11, 22], [13, 24]];
    assert_eq!(a.clone() + b.clone(), expected, "owned + owned");
    assert_eq!(&a + &b, expected, "&owned + &owned");
    assert_eq!(a.clone() + &b, expected, "owned + &owned");
    assert_eq!(&a + b.clone(), expected, "&owned + owned");
    assert_eq!(a.view() + b.view(), expected, "view + view");
    assert_eq!(&a.view() + &b, expected, "&view + &owned");
    assert_eq!(a.view() + &b.view(), expected, "view + &view");
    let cow = a.reshape(&[2, 2]).unwrap();
    assert_eq!(&cow + &b, expected, "&cow + &owned");
    assert_eq!(b.view() + cow.clone(), expected, "view + cow");
    assert_eq!(
        a.t() + b.view(),
        tensor![[11, 23], [12, 24]],
        "transposed view + view"
    );
}

#[test]
fn sub_mul_div_accept_owned_views_and_references() {
    let a = tensor![[8.0, 6.0], [4.0, 2.0]];
    let b = tensor![[2.0], [4.0]];
    assert_eq!(&a - &b, tensor![[6.0, 4.0], [0.0, -2.0]], "&a - &b");
    assert_eq!(
        a.view() - b.view(),
        tensor![[6.0, 4.0], [0.0, -2.0]],
        "view - view"
    );
    assert_eq!(
        a.clone() * b.clone(),
        tensor![[16.0, 12.0], [16.0, 8.0]],
        "a * b"
    );
    assert_eq!(
        &a * b.view(),
        tensor![[16.0, 12.0], [16.0, 8.0]],
        "&a * view"
    );
    assert_eq!(a.clone() / &b, tensor![[4.0, 3.0], [1.0, 0.5]], "a / &b");
    assert_eq!(
        a.t() / b.t(),
        tensor![[4.0, 1.0], [3.0, 0.5]],
        "a.t() / b.t()"
    );
}

#[test]
fn scalar_on_the_right_applies_to_every_element() {
    let a = tensor![[1, 2], [3, 4]];
    assert_eq!(&a + 10, tensor![[11, 12], [13, 14]], "&a + 10");
    assert_eq!(a.clone() - 1, tensor![[0, 1], [2, 3]], "a - 1");
    assert_eq!(a.view() * 3, tensor![[3, 6], [9, 12]], "a.view() * 3");
    assert_eq!(a.t() / 2, tensor![[0, 1], [1, 2]], "a.t() / 2");
    let f = tensor![1.0f32, 2.0];
    assert_eq!(&f / 4.0, tensor![0.25f32, 0.5], "&f / 4.0");
}

#[test]
fn scalar_on_the_left_applies_to_every_element() {
    let a = tensor![[1, 2], [3, 4]];
    assert_eq!(10 + &a, tensor![[11, 12], [13, 14]], "10 + &a");
    assert_eq!(10 - a.clone(), tensor![[9, 8], [7, 6]], "10 - a");
    assert_eq!(3 * a.view(), tensor![[3, 6], [9, 12]], "3 * a.view()");
    assert_eq!(12 / a.t(), tensor![[12, 4], [6, 3]], "12 / a.t()");
    let f = tensor![1.0f64, 4.0];
    assert_eq!(1.0 / &f, tensor![1.0, 0.25], "1.0 / &f");
    let u = tensor![1u8, 2];
    assert_eq!(100u8 - &u, tensor![99u8, 98], "100u8 - &u");
    let i = tensor![2i64, 5];
    assert_eq!(7i64 * i.view(), tensor![14i64, 35], "7i64 * i.view()");
    let g = tensor![2.0f32];
    assert_eq!(1.0f32 - g, tensor![-1.0f32], "1.0f32 - g");
}

#[test]
fn scalar_op_keeps_0d_and_empty_shapes() {
    let s = Tensor::scalar(3);
    let sum = &s + 1;
    assert_eq!(sum.shape(), &[] as &[usize], "shape of scalar(3) + 1");
    assert_eq!(sum[[]], 4, "scalar(3) + 1");
    let empty = Tensor::<f64>::zeros(&[2, 0]);
    assert_eq!((2.0 * &empty).shape(), &[2, 0], "2.0 * empty (2, 0)");
}

#[test]
fn try_ops_broadcast_and_report_errors() {
    let a = tensor![[1, 2, 3], [4, 5, 6]];
    let row = tensor![10, 20, 30];
    assert_eq!(
        a.try_add(&row),
        Ok(tensor![[11, 22, 33], [14, 25, 36]]),
        "try_add (2, 3) + (3,)"
    );
    assert_eq!(
        a.try_sub(&row),
        Ok(tensor![[-9, -18, -27], [-6, -15, -24]]),
        "try_sub (2, 3) - (3,)"
    );
    assert_eq!(
        row.try_mul(&a),
        Ok(tensor![[10, 40, 90], [40, 100, 180]]),
        "try_mul (3,) * (2, 3)"
    );
    assert_eq!(
        row.try_div(&a),
        Ok(tensor![[10, 10, 10], [2, 4, 5]]),
        "try_div (3,) / (2, 3)"
    );

    let bad = tensor![1, 2];
    let expected = ShapeError::Broadcast {
        shapes: vec![vec![2, 3], vec![2]],
        axis: -1,
        lengths: [3, 2],
    };
    assert_eq!(
        a.try_add(&bad),
        Err(expected.clone()),
        "try_add (2, 3) + (2,)"
    );
    assert_eq!(
        a.try_sub(&bad),
        Err(expected.clone()),
        "try_sub (2, 3) - (2,)"
    );
    assert_eq!(
        a.try_mul(&bad),
        Err(expected.clone()),
        "try_mul (2, 3) * (2,)"
    );
    assert_eq!(a.try_div(&bad), Err(expected), "try_div (2, 3) / (2,)");

    assert_eq!(
        a.t().try_add(&bad),
        Ok(tensor![[2, 6], [3, 7], [4, 8]]),
        "try_add of the (3, 2) transpose and (2,)"
    );
}

#[test]
fn ops_with_empty_and_0d_operands_follow_numpy() {
    // numpy: zeros((0, 3)) + ones(3) has shape (0, 3); zeros((2, 0)) +
    // ones((2, 1)) has shape (2, 0); a 0-d operand broadcasts everywhere.
    let empty = Tensor::<f64>::zeros(&[0, 3]);
    let row = Tensor::<f64>::ones(&[3]);
    assert_eq!((&empty + &row).shape(), &[0, 3], "(0, 3) + (3,)");
    let narrow = Tensor::<f64>::zeros(&[2, 0]);
    let column = Tensor::<f64>::ones(&[2, 1]);
    assert_eq!((&narrow * &column).shape(), &[2, 0], "(2, 0) * (2, 1)");
    let s = Tensor::scalar(2.0);
    assert_eq!(&s * &row, tensor![2.0, 2.0, 2.0], "() * (3,)");
    assert_eq!(&s + &s, Tensor::scalar(4.0), "() + ()");
    assert!(
        empty.try_add(&Tensor::<f64>::ones(&[2])).is_err(),
        "(0, 3) + (2,) mismatches"
    );
}

#[test]
#[should_panic(expected = "cannot broadcast (2, 3) with (2,): axis -1 has lengths 3 and 2")]
fn add_of_incompatible_shapes_panics_with_message() {
    let _ = tensor![[1, 2, 3], [4, 5, 6]] + tensor![1, 2];
}

#[test]
#[should_panic(expected = "cannot broadcast (2, 3) with (2,): axis -1 has lengths 3 and 2")]
fn sub_of_incompatible_shapes_panics_with_message() {
    let a = tensor![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    let b = tensor![1.0, 2.0];
    let _ = &a - &b;
}

#[test]
#[should_panic(expected = "cannot broadcast (3, 2) with (3,): axis -1 has lengths 2 and 3")]
fn mul_of_incompatible_view_panics_with_message() {
    let a = tensor![[1, 2, 3], [4, 5, 6]];
    let b = tensor![1, 2, 3];
    let _ = a.t() * b.view();
}

#[test]
#[should_panic(expected = "cannot broadcast (4,) with (2, 3): axis -1 has lengths 4 and 3")]
fn div_of_incompatible_shapes_panics_with_message() {
    let a = tensor![1u8, 2, 3, 4];
    let b = tensor![[1u8, 2, 3], [4, 5, 6]];
    let _ = a / &b;
}

// ---------------------------------------------------------------------------
// Integer wrap-around and division by zero, as numpy's fixed-width integers.

#[test]
fn integer_add_wraps_around() {
    // numpy: np.int32(2**31 - 1) + np.int32(1) == -2**31 (with a warning
    // only for scalars); arrays wrap silently. np.uint8(250) + 10 == 4.
    assert_eq!(
        tensor![i32::MAX] + tensor![1],
        tensor![i32::MIN],
        "i32::MAX + 1 tensor + tensor"
    );
    assert_eq!(
        &tensor![i32::MAX] + 1,
        tensor![i32::MIN],
        "i32::MAX + 1 tensor + scalar"
    );
    assert_eq!(
        1 + &tensor![i32::MAX],
        tensor![i32::MIN],
        "1 + i32::MAX scalar + tensor"
    );
    assert_eq!(tensor![250u8] + tensor![10u8], tensor![4u8], "250u8 + 10");
    assert_eq!(
        &tensor![250u8, 5] + 10,
        tensor![4u8, 15],
        "[250, 5] + 10 as u8"
    );
    assert_eq!(
        tensor![i64::MAX] + tensor![i64::MAX],
        tensor![-2i64],
        "i64::MAX + i64::MAX"
    );
}

#[test]
fn integer_sub_and_mul_wrap_around() {
    assert_eq!(tensor![3u8] - tensor![5u8], tensor![254u8], "3u8 - 5");
    assert_eq!(0u8 - &tensor![1u8], tensor![255u8], "0u8 - 1");
    assert_eq!(
        tensor![i32::MIN] - tensor![1],
        tensor![i32::MAX],
        "i32::MIN - 1"
    );
    assert_eq!(tensor![16u8] * tensor![16u8], tensor![0u8], "16u8 * 16");
    assert_eq!(
        &tensor![i32::MAX] * 2,
        tensor![-2],
        "i32::MAX * 2 wraps to -2"
    );
    assert_eq!(
        tensor![i64::MIN] * tensor![-1i64],
        tensor![i64::MIN],
        "i64::MIN * -1 wraps to itself"
    );
}

#[test]
fn integer_division_by_zero_gives_zero() {
    // numpy: np.array([7, -7, 0], np.int32) // 0 == [0, 0, 0], with a
    // RuntimeWarning but no error; the same for uint8 and int64.
    assert_eq!(
        tensor![7, -7, 0].try_div(&tensor![0, 0, 0]),
        Ok(tensor![0, 0, 0]),
        "i32 [7, -7, 0] / 0"
    );
    assert_eq!(tensor![200u8] / tensor![0u8], tensor![0u8], "200u8 / 0");
    assert_eq!(
        tensor![i64::MAX, i64::MIN] / tensor![0i64],
        tensor![0i64, 0],
        "i64 [MAX, MIN] / 0"
    );
    assert_eq!(&tensor![5, 6] / 0, tensor![0, 0], "tensor / scalar 0");
    assert_eq!(5 / &tensor![0, 1], tensor![0, 5], "scalar 5 / [0, 1]");
    let zeros = Tensor::<i32>::zeros(&[2, 1]);
    assert_eq!(
        tensor![[1, 2, 3]] / &zeros,
        Tensor::<i32>::zeros(&[2, 3]),
        "(1, 3) / (2, 1) zeros broadcasts to zeros"
    );
}

#[test]
fn integer_division_of_min_by_minus_one_wraps() {
    // numpy: np.array([-2**31], np.int32) // -1 == [-2**31].
    assert_eq!(
        tensor![i32::MIN] / tensor![-1],
        tensor![i32::MIN],
        "i32::MIN / -1"
    );
    assert_eq!(&tensor![i64::MIN] / -1, tensor![i64::MIN], "i64::MIN / -1");
}

#[test]
fn integer_division_of_positive_operands_truncates() {
    // numpy's // floors; for operands of the same sign floor and truncation
    // agree.
    assert_eq!(
        tensor![7, 8, 9, 1] / tensor![2, 3, 3, 5],
        tensor![3, 2, 3, 0],
        "[7, 8, 9, 1] / [2, 3, 3, 5]"
    );
    assert_eq!(
        tensor![-7, -9] / tensor![-2, -3],
        tensor![3, 3],
        "[-7, -9] / [-2, -3]"
    );
}

#[test]
fn float_division_by_zero_follows_ieee() {
    let quotient = tensor![1.0, -1.0, 0.0] / tensor![0.0, 0.0, 0.0];
    assert_eq!(quotient[[0]], f64::INFINITY, "1.0 / 0.0");
    assert_eq!(quotient[[1]], f64::NEG_INFINITY, "-1.0 / 0.0");
    assert!(quotient[[2]].is_nan(), "0.0 / 0.0");
    let negative_zero = tensor![1.0f32] / tensor![-0.0f32];
    assert_eq!(negative_zero[[0]], f32::NEG_INFINITY, "1.0 / -0.0");
}

// ---------------------------------------------------------------------------
// map and zip_with.

#[test]
fn map_applies_in_logical_order() {
    let a = tensor![[1, 2], [3, 4]];
    let halves = a.t().map(|x| x as f64 / 2.0);
    assert_eq!(halves, tensor![[0.5, 1.5], [1.0, 2.0]], "map of a.t()");
    assert!(halves.is_contiguous(), "map returns a contiguous tensor");

    let mut order = Vec::new();
    let _ = a.t().map(|x| {
        order.push(x);
        0u8
    });
    assert_eq!(
        order,
        vec![1, 3, 2, 4],
        "map visits a.t() in row-major order"
    );

    let pair = tensor![1, 2];
    let broadcast = pair.broadcast_to(&[2, 2]).unwrap();
    assert_eq!(
        broadcast.map(|x| x * 10),
        tensor![[10, 20], [10, 20]],
        "map of broadcast"
    );

    assert_eq!(
        Tensor::scalar(2i64).map(|x| x * x),
        Tensor::scalar(4i64),
        "map of a 0-d tensor"
    );
    assert_eq!(
        Tensor::<f32>::zeros(&[0, 2]).map(|x| x as f64).shape(),
        &[0, 2],
        "map of an empty tensor"
    );
}

#[test]
fn zip_with_broadcasts_and_mixes_element_types() {
    let counts = tensor![[1], [2]];
    let weights = tensor![0.5, 1.5, 2.5];
    let product = counts
        .zip_with(&weights, |n: i32, w: f64| n as f64 * w)
        .unwrap();
    assert_eq!(
        product,
        tensor![[0.5, 1.5, 2.5], [1.0, 3.0, 5.0]],
        "(2, 1) i32 with (3,) f64"
    );
    let mut pairs = Vec::new();
    let _ = counts
        .zip_with(&weights, |n, w| {
            pairs.push((n, w));
            0u8
        })
        .unwrap();
    assert_eq!(
        pairs,
        vec![(1, 0.5), (1, 1.5), (1, 2.5), (2, 0.5), (2, 1.5), (2, 2.5)],
        "zip_with visits the broadcast pairs in row-major order"
    );
    let error = weights
        .zip_with(&tensor![1.0, 2.0], |x, y| x + y)
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot broadcast (3,) with (2,): axis -1 has lengths 3 and 2",
        "zip_with of (3,) and (2,)"
    );
}

// ---------------------------------------------------------------------------
// The broadcasting property test.

/// Returns the broadcast shape of two compatible shapes, by numpy's rule.
fn oracle_broadcast_shape(lhs: &[usize], rhs: &[usize]) -> Vec<usize> {
    let ndim = lhs.len().max(rhs.len());
    let padded = |shape: &[usize]| {
        let mut full = vec![1; ndim - shape.len()];
        full.extend_from_slice(shape);
        full
    };
    let (lhs, rhs) = (padded(lhs), padded(rhs));
    lhs.iter()
        .zip(&rhs)
        .map(|(&l, &r)| if l == 1 { r } else { l })
        .collect()
}

/// Returns the row-major position, in an operand of `shape`, of the element
/// that broadcasting pairs with output index `out`. Missing leading axes are
/// skipped, and an axis of length 1 always reads index 0.
fn source_position(out: &[usize], shape: &[usize]) -> usize {
    let skipped = out.len() - shape.len();
    shape
        .iter()
        .zip(&out[skipped..])
        .fold(0, |position, (&len, &i)| {
            position * len + if len == 1 { 0 } else { i }
        })
}

/// Two operands whose shapes broadcast together, each in a strided layout,
/// with their logical elements read by the stride formula.
#[derive(Clone, Debug)]
struct Operands<T: Element> {
    lhs_shape: Vec<usize>,
    lhs: Vec<T>,
    lhs_strided: StridedTensor<T>,
    rhs_shape: Vec<usize>,
    rhs: Vec<T>,
    rhs_strided: StridedTensor<T>,
}

fn operands<T: Element>(
    element: impl Strategy<Value = T> + Clone + 'static,
) -> impl Strategy<Value = Operands<T>> {
    mutually_broadcastable_shapes(2, 0..=4, 0..=4)
        .prop_flat_map(move |shapes| {
            let (lhs_shape, rhs_shape) = (shapes.inputs[0].clone(), shapes.inputs[1].clone());
            (
                strided_tensors(element.clone(), Just(lhs_shape)),
                strided_tensors(element.clone(), Just(rhs_shape)),
            )
        })
        .prop_map(|(lhs_strided, rhs_strided)| {
            let (lhs_view, rhs_view) = (lhs_strided.view(), rhs_strided.view());
            Operands {
                lhs_shape: lhs_view.shape().to_vec(),
                lhs: values_by_strides(&lhs_view),
                rhs_shape: rhs_view.shape().to_vec(),
                rhs: values_by_strides(&rhs_view),
                lhs_strided,
                rhs_strided,
            }
        })
}

type TryMethod<T> = fn(&TensorView<'_, T>, &TensorView<'_, T>) -> Result<Tensor<T>, ShapeError>;

/// A binary operation under test: its name, the crate's two entry points
/// (the `try_*` method and the operator on references), and the oracle.
struct BinaryOp<T> {
    name: &'static str,
    method: TryMethod<T>,
    operator: fn(&TensorView<'_, T>, &TensorView<'_, T>) -> Tensor<T>,
    oracle: fn(T, T) -> T,
}

fn integer_ops() -> [BinaryOp<i32>; 4] {
    [
        BinaryOp {
            name: "add",
            method: |a, b| a.try_add(b),
            operator: |a, b| a + b,
            oracle: i32::wrapping_add,
        },
        BinaryOp {
            name: "sub",
            method: |a, b| a.try_sub(b),
            operator: |a, b| a - b,
            oracle: i32::wrapping_sub,
        },
        BinaryOp {
            name: "mul",
            method: |a, b| a.try_mul(b),
            operator: |a, b| a * b,
            oracle: i32::wrapping_mul,
        },
        BinaryOp {
            name: "div",
            method: |a, b| a.try_div(b),
            operator: |a, b| a / b,
            // The crate documents truncation toward zero and 0 for a zero
            // divisor. numpy's integer `//` gives 0 for a zero divisor too,
            // but floors (-7 // 2 == -4 where this gives -3).
            oracle: |a, b| if b == 0 { 0 } else { a.wrapping_div(b) },
        },
    ]
}

fn float_ops() -> [BinaryOp<f64>; 4] {
    [
        BinaryOp {
            name: "add",
            method: |a, b| a.try_add(b),
            operator: |a, b| a + b,
            oracle: |a, b| a + b,
        },
        BinaryOp {
            name: "sub",
            method: |a, b| a.try_sub(b),
            operator: |a, b| a - b,
            oracle: |a, b| a - b,
        },
        BinaryOp {
            name: "mul",
            method: |a, b| a.try_mul(b),
            operator: |a, b| a * b,
            oracle: |a, b| a * b,
        },
        BinaryOp {
            name: "div",
            method: |a, b| a.try_div(b),
            operator: |a, b| a / b,
            oracle: |a, b| a / b,
        },
    ]
}

/// A comparison of two results that treats any two NaNs as the same value,
/// whatever their payload bits, and otherwise compares bits.
trait SameValue: Copy {
    fn same_value(self, other: Self) -> bool;
}

impl SameValue for i32 {
    fn same_value(self, other: Self) -> bool {
        self == other
    }
}

impl SameValue for f64 {
    fn same_value(self, other: Self) -> bool {
        self.to_bits() == other.to_bits() || (self.is_nan() && other.is_nan())
    }
}

/// Compares `result` element by element with the oracle applied to the
/// broadcast operands.
fn check_against_oracle<T: Element + SameValue>(
    result: &Tensor<T>,
    operands: &Operands<T>,
    oracle: fn(T, T) -> T,
    context: &str,
) -> Result<(), TestCaseError> {
    let shape = oracle_broadcast_shape(&operands.lhs_shape, &operands.rhs_shape);
    prop_assert_eq!(result.shape(), &shape[..], "shape of {}", context);
    for index in row_major_indices(&shape) {
        let lhs = operands.lhs[source_position(&index, &operands.lhs_shape)];
        let rhs = operands.rhs[source_position(&index, &operands.rhs_shape)];
        let expected = oracle(lhs, rhs);
        let got = result[&index[..]];
        prop_assert!(
            got.same_value(expected),
            "{} at {:?}: {:?} op {:?} gave {:?}, expected {:?}",
            context,
            index,
            lhs,
            rhs,
            got,
            expected
        );
    }
    Ok(())
}

/// Applies every op to the operands laid out three ways and compares each
/// result with the oracle.
///
/// The layouts: (a) contiguous, (b) the strided views of the strategy, with
/// permuted axes, steps, negative strides, an offset or zero strides, (c)
/// broadcast views of the common shape, both sides or one side against the
/// other operand as it is.
fn check_binary_ops<T: Element + SameValue>(
    operands: &Operands<T>,
    ops: &[BinaryOp<T>],
) -> Result<(), TestCaseError> {
    let shapes = format!("{:?} and {:?}", operands.lhs_shape, operands.rhs_shape);
    let lhs = Tensor::from_vec(operands.lhs.clone(), &operands.lhs_shape).unwrap();
    let rhs = Tensor::from_vec(operands.rhs.clone(), &operands.rhs_shape).unwrap();

    let lhs_strided = operands.lhs_strided.view();
    let rhs_strided = operands.rhs_strided.view();
    // The strided views must show the same logical data, or mode (b) would
    // test something else. `==` cannot check it because NaN is never equal.
    for (view, data, side) in [
        (&lhs_strided, &operands.lhs, "lhs"),
        (&rhs_strided, &operands.rhs, "rhs"),
    ] {
        let same = view.iter().zip(data).all(|(&x, &y)| x.same_value(y));
        prop_assert!(same, "strided {} of {} shows other data", side, shapes);
    }

    let common = oracle_broadcast_shape(&operands.lhs_shape, &operands.rhs_shape);
    let lhs_broadcast = lhs.broadcast_to(&common).unwrap();
    let rhs_broadcast = rhs.broadcast_to(&common).unwrap();
    let lhs_strided_broadcast = lhs_strided.broadcast_to(&common).unwrap();

    let modes: [(&str, TensorView<'_, T>, TensorView<'_, T>); 5] = [
        ("contiguous", lhs.view(), rhs.view()),
        ("strided", lhs_strided.clone(), rhs_strided.clone()),
        ("both broadcast", lhs_broadcast.clone(), rhs_broadcast),
        ("lhs broadcast", lhs_broadcast, rhs.view()),
        ("strided and broadcast", lhs_strided_broadcast, rhs_strided),
    ];
    for op in ops {
        for (mode, a, b) in &modes {
            let context = format!("{} of {} ({})", op.name, shapes, mode);
            let result = (op.method)(a, b);
            prop_assert!(result.is_ok(), "try_{} failed: {:?}", context, result);
            check_against_oracle(
                &result.unwrap(),
                operands,
                op.oracle,
                &format!("try_{context}"),
            )?;
            let result = (op.operator)(a, b);
            check_against_oracle(&result, operands, op.oracle, &format!("operator {context}"))?;
        }
    }
    let zipped = lhs_strided.zip_with(&rhs, ops[0].oracle).unwrap();
    check_against_oracle(
        &zipped,
        operands,
        ops[0].oracle,
        &format!("zip_with of {shapes}"),
    )
}

/// Generates small integers half the time, for zero divisors and quotients
/// other than 0, and otherwise any i32. The edge values where division and
/// multiplication wrap get weight of their own, since `integers` draws
/// them only one time in 40 each.
fn any_i32() -> impl Strategy<Value = i32> + Clone {
    prop_oneof![
        3 => integers(-5i32..=5),
        2 => integers::<i32>(..),
        1 => prop::sample::select(vec![i32::MIN, i32::MAX, -1, 0]),
    ]
}

/// Generates floats of moderate size with NaN, both infinities and -0.0,
/// and also any bit pattern and the smallest normal value, which `floats`
/// does not draw: NaN payloads, subnormals, and products that underflow.
fn any_f64() -> impl Strategy<Value = f64> + Clone {
    prop_oneof![
        10 => floats(FloatOptions::new(-1e3, 1e3).with_special_values()),
        4 => any::<f64>(),
        1 => Just(f64::MIN_POSITIVE),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Failures are reported here, not saved next to the tests.
        failure_persistence: None,
        ..ProptestConfig::with_cases(192)
    })]

    #[test]
    fn integer_ops_with_broadcasting_match_oracle(operands in operands(any_i32())) {
        check_binary_ops(&operands, &integer_ops())?;
    }

    #[test]
    fn float_ops_with_broadcasting_match_oracle(operands in operands(any_f64())) {
        check_binary_ops(&operands, &float_ops())?;
    }

    // broadcast_shapes agrees with the pairwise rule for every pair of
    // shapes that broadcast together, and is symmetric.
    #[test]
    fn broadcast_shapes_of_derived_shapes_matches_oracle(
        shapes in mutually_broadcastable_shapes(2, 0..=4, 0..=4),
    ) {
        let (lhs, rhs) = (&shapes.inputs[0], &shapes.inputs[1]);
        let expected = oracle_broadcast_shape(lhs, rhs);
        prop_assert_eq!(
            broadcast_shapes(&[lhs, rhs]),
            Ok(expected.clone()),
            "broadcast_shapes({:?}, {:?})",
            lhs,
            rhs
        );
        prop_assert_eq!(
            broadcast_shapes(&[rhs, lhs]),
            Ok(expected),
            "broadcast_shapes({:?}, {:?})",
            rhs,
            lhs
        );
    }
}

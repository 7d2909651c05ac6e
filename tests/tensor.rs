//! Integration tests of the tensor itself: constructors, layout queries,
//! indexing, iteration order, `reshape`, `permute`, `t`, `broadcast_to` and
//! equality. numpy is the reference; the numpy results quoted in comments
//! were checked with numpy 2.4.

use baretensor::strategies::{shapes, strided_tensors};
use baretensor::{ShapeError, Tensor, TensorView, tensor};
use proptest::prelude::*;

mod common;
use common::row_major_indices;

#[path = "common/strided.rs"]
mod strided;
use strided::values_by_strides;

#[path = "common/counting_allocator.rs"]
mod counting_allocator;
use counting_allocator::bytes_allocated_by;

// ---------------------------------------------------------------------------

/// The bytes a rejected shape may allocate: its error contains a copy of the
/// shape, but the elements must never be allocated.
const ERROR_ALLOCATION_LIMIT: usize = 4096;

// ---------------------------------------------------------------------------
// Helpers shared by several tests.

/// Returns numpy's C-contiguity flag (with relaxed strides): every axis
/// longer than 1 steps by the product of the lengths after it. An empty
/// array is contiguous.
fn numpy_is_c_contiguous(shape: &[usize], strides: &[isize]) -> bool {
    if shape.contains(&0) {
        return true;
    }
    let mut expected = 1isize;
    for (&len, &stride) in shape.iter().zip(strides).rev() {
        if len != 1 && stride != expected {
            return false;
        }
        expected *= len as isize;
    }
    true
}

/// Returns whether numpy flattens to `(len,)` without a copy: the axes
/// longer than 1 must chain, each stride being the next one times the next
/// length. Empty arrays always reshape without a copy.
fn numpy_flattens_without_copy(shape: &[usize], strides: &[isize]) -> bool {
    if shape.contains(&0) {
        return true;
    }
    let long_axes: Vec<(usize, isize)> = shape
        .iter()
        .copied()
        .zip(strides.iter().copied())
        .filter(|&(len, _)| len != 1)
        .collect();
    long_axes
        .windows(2)
        .all(|pair| pair[0].1 == pair[1].1 * pair[1].0 as isize)
}

// ---------------------------------------------------------------------------
// Constructors.

#[test]
fn from_vec_lays_out_row_major() {
    let a = Tensor::from_vec(vec![1, 2, 3, 4, 5, 6], &[2, 3]).unwrap();
    assert_eq!(a.shape(), &[2, 3], "shape of from_vec([1..=6], (2, 3))");
    assert_eq!(a.strides(), &[3, 1], "strides of from_vec([1..=6], (2, 3))");
    assert_eq!(a.offset(), 0, "offset of from_vec([1..=6], (2, 3))");
    assert_eq!(a.ndim(), 2, "ndim of from_vec([1..=6], (2, 3))");
    assert_eq!(a.len(), 6, "len of from_vec([1..=6], (2, 3))");
    assert!(!a.is_empty(), "from_vec([1..=6], (2, 3)) is not empty");
    assert!(a.is_contiguous(), "from_vec([1..=6], (2, 3)) is contiguous");
    assert_eq!(a[[1, 0]], 4, "element [1, 0] of from_vec([1..=6], (2, 3))");
    assert_eq!(a[[0, 2]], 3, "element [0, 2] of from_vec([1..=6], (2, 3))");
}

#[test]
fn from_vec_three_axes_has_row_major_strides() {
    let a = Tensor::from_vec((0..24).collect(), &[2, 3, 4]).unwrap();
    assert_eq!(a.strides(), &[12, 4, 1], "strides of (2, 3, 4)");
    assert_eq!(
        a[[1, 2, 3]],
        23,
        "element [1, 2, 3] of arange(24) as (2, 3, 4)"
    );
}

#[test]
fn from_vec_rejects_wrong_length_with_message() {
    let error = Tensor::from_vec(vec![1, 2, 3], &[2, 2]).unwrap_err();
    assert_eq!(
        error,
        ShapeError::LengthMismatch {
            shape: vec![2, 2],
            len: 3
        },
        "variant for 3 elements into (2, 2)"
    );
    assert_eq!(
        error.to_string(),
        "cannot make a tensor of shape (2, 2) from 3 elements: the shape needs 4",
        "message for 3 elements into (2, 2)"
    );
}

#[test]
fn from_vec_0d_needs_one_element() {
    let scalar = Tensor::from_vec(vec![7], &[]).unwrap();
    assert_eq!(scalar.len(), 1, "len of from_vec([7], ())");
    assert_eq!(scalar[[]], 7, "element of from_vec([7], ())");
    let error = Tensor::<i32>::from_vec(vec![], &[]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot make a tensor of shape () from 0 elements: the shape needs 1",
        "message for no elements into ()"
    );
}

#[test]
fn from_vec_with_zero_length_axis_is_empty() {
    let a = Tensor::<f64>::from_vec(vec![], &[2, 0, 3]).unwrap();
    assert_eq!(a.shape(), &[2, 0, 3], "shape of empty (2, 0, 3)");
    assert_eq!(a.len(), 0, "len of empty (2, 0, 3)");
    assert!(a.is_empty(), "(2, 0, 3) is empty");
    assert!(a.is_contiguous(), "numpy calls an empty array contiguous");
    assert_eq!(a.to_vec(), Vec::<f64>::new(), "elements of empty (2, 0, 3)");
    assert!(
        Tensor::from_vec(vec![1.0], &[2, 0, 3]).is_err(),
        "one element into (2, 0, 3) is rejected"
    );
}

#[test]
fn from_vec_with_huge_shape_is_size_overflow() {
    let (result, bytes) = bytes_allocated_by(|| Tensor::from_vec(vec![0u8; 4], &[usize::MAX, 2]));
    let error = result.unwrap_err();
    assert_eq!(
        error,
        ShapeError::SizeOverflow {
            shape: vec![usize::MAX, 2]
        },
        "from_vec(4 elements, (usize::MAX, 2)) is SizeOverflow, not LengthMismatch"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "shape ({}, 2) has more elements than fit in usize",
            usize::MAX
        ),
        "message for (usize::MAX, 2)"
    );
    assert!(
        bytes < ERROR_ALLOCATION_LIMIT,
        "from_vec with (usize::MAX, 2) allocated {bytes} bytes"
    );
}

#[test]
fn try_full_huge_shape_allocates_nothing() {
    let (result, bytes) = bytes_allocated_by(|| Tensor::<u8>::try_full(&[usize::MAX, 2], 0));
    assert_eq!(
        result.unwrap_err(),
        ShapeError::SizeOverflow {
            shape: vec![usize::MAX, 2]
        },
        "try_full((usize::MAX, 2))"
    );
    assert!(
        bytes < ERROR_ALLOCATION_LIMIT,
        "try_full((usize::MAX, 2)) allocated {bytes} bytes"
    );

    let (result, bytes) = bytes_allocated_by(|| Tensor::<f64>::try_full(&[1 << 40, 1 << 30], 0.0));
    assert!(
        matches!(result, Err(ShapeError::SizeOverflow { .. })),
        "try_full((2^40, 2^30)) overflows: {result:?}"
    );
    assert!(
        bytes < ERROR_ALLOCATION_LIMIT,
        "try_full((2^40, 2^30)) allocated {bytes} bytes"
    );
}

#[test]
fn from_shape_fn_huge_shape_skips_f() {
    let mut calls = 0;
    let (result, bytes) = bytes_allocated_by(|| {
        Tensor::<u8>::from_shape_fn(&[usize::MAX, 3], |_| {
            calls += 1;
            0
        })
    });
    assert!(
        matches!(result, Err(ShapeError::SizeOverflow { .. })),
        "from_shape_fn((usize::MAX, 3)): {result:?}"
    );
    assert_eq!(calls, 0, "from_shape_fn((usize::MAX, 3)) called f");
    assert!(
        bytes < ERROR_ALLOCATION_LIMIT,
        "from_shape_fn((usize::MAX, 3)) allocated {bytes} bytes"
    );
}

#[test]
fn from_slice_with_huge_shape_is_size_overflow() {
    let result = TensorView::<u8>::from_slice(&[], &[usize::MAX, 2]);
    assert!(
        matches!(result, Err(ShapeError::SizeOverflow { .. })),
        "from_slice(&[], (usize::MAX, 2)): {result:?}"
    );
}

// numpy rejects such an array although it has no elements:
// np.zeros((2, 2**62, 0)) raises "array is too big". The crate accepts the
// shape, and then `len()` overflows on 2 * usize::MAX (a panic in debug).
#[test]
fn try_full_rejects_overflowing_empty_shape() {
    let result = Tensor::<u8>::try_full(&[2, usize::MAX, 0], 0);
    assert!(
        matches!(result, Err(ShapeError::SizeOverflow { .. })),
        "try_full((2, usize::MAX, 0)) should be SizeOverflow as numpy raises, got shape {:?}",
        result.as_ref().map(|tensor| tensor.shape().to_vec())
    );
}

// numpy: np.zeros(0).reshape(2, 2**62, 0) raises "cannot reshape array of
// size 0 into shape (2,4611686018427387904,0)".
#[test]
fn reshape_rejects_overflowing_empty_shape() {
    let empty = Tensor::<u8>::zeros(&[0]);
    let result = empty.reshape(&[2, usize::MAX, 0]);
    assert!(
        result.is_err(),
        "reshape of (0,) into (2, usize::MAX, 0) should be an error as in numpy, got shape {:?}",
        result.as_ref().map(|tensor| tensor.shape().to_vec())
    );
}

#[test]
#[should_panic(expected = "has more elements than fit in usize")]
fn full_with_huge_shape_panics_with_size_overflow_message() {
    let _ = Tensor::full(&[usize::MAX, 2], 0u8);
}

#[test]
#[should_panic(expected = "has more elements than fit in usize")]
fn zeros_with_huge_shape_panics_with_size_overflow_message() {
    let _ = Tensor::<f32>::zeros(&[usize::MAX, usize::MAX]);
}

#[test]
#[should_panic(expected = "has more elements than fit in usize")]
fn ones_with_huge_shape_panics_with_size_overflow_message() {
    let _ = Tensor::<i64>::ones(&[1 << 33, 1 << 33]);
}

#[test]
fn zeros_ones_and_full_fill_every_element() {
    let zeros = Tensor::<f64>::zeros(&[2, 3]);
    assert_eq!(zeros.shape(), &[2, 3], "shape of zeros((2, 3))");
    assert_eq!(zeros.to_vec(), vec![0.0; 6], "elements of zeros((2, 3))");
    let ones = Tensor::<i32>::ones(&[4]);
    assert_eq!(ones.to_vec(), vec![1; 4], "elements of ones((4,))");
    let full = Tensor::full(&[2, 1, 2], 7u8);
    assert_eq!(full.shape(), &[2, 1, 2], "shape of full((2, 1, 2), 7)");
    assert_eq!(full.to_vec(), vec![7; 4], "elements of full((2, 1, 2), 7)");
    let tried = Tensor::try_full(&[3], -1i64).unwrap();
    assert_eq!(
        tried.to_vec(),
        vec![-1; 3],
        "elements of try_full((3,), -1)"
    );
}

#[test]
fn zeros_of_0d_shape_has_one_element() {
    // numpy: np.zeros(()) has shape () and size 1.
    let zero = Tensor::<f32>::zeros(&[]);
    assert_eq!(zero.ndim(), 0, "ndim of zeros(())");
    assert_eq!(zero.len(), 1, "len of zeros(())");
    assert_eq!(zero.to_vec(), vec![0.0], "elements of zeros(())");
    let empty = Tensor::<f32>::ones(&[3, 0]);
    assert_eq!(empty.len(), 0, "len of ones((3, 0))");
    assert!(empty.is_empty(), "ones((3, 0)) is empty");
}

#[test]
fn scalar_is_a_0d_tensor() {
    let s = Tensor::scalar(2.5f64);
    assert_eq!(s.shape(), &[] as &[usize], "shape of scalar(2.5)");
    assert_eq!(s.strides(), &[] as &[isize], "strides of scalar(2.5)");
    assert_eq!(s.ndim(), 0, "ndim of scalar(2.5)");
    assert_eq!(s.len(), 1, "len of scalar(2.5)");
    assert!(!s.is_empty(), "scalar(2.5) is not empty");
    assert!(s.is_contiguous(), "scalar(2.5) is contiguous");
    assert_eq!(s[[]], 2.5, "s[[]] of scalar(2.5)");
    assert_eq!(s.get(&[]), Some(&2.5), "get(&[]) of scalar(2.5)");
    assert_eq!(s.get(&[0]), None, "get(&[0]) of scalar(2.5)");
    assert_eq!(s.as_slice(), Some(&[2.5][..]), "as_slice of scalar(2.5)");
    assert_eq!(s.to_vec(), vec![2.5], "to_vec of scalar(2.5)");
}

#[test]
fn from_shape_fn_visits_row_major_order() {
    let mut visited = Vec::new();
    let a = Tensor::from_shape_fn(&[2, 3, 2], |index| {
        visited.push(index.to_vec());
        (100 * index[0] + 10 * index[1] + index[2]) as i32
    })
    .unwrap();
    assert_eq!(
        visited,
        row_major_indices(&[2, 3, 2]),
        "order in which from_shape_fn((2, 3, 2)) calls f"
    );
    for index in row_major_indices(&[2, 3, 2]) {
        let expected = (100 * index[0] + 10 * index[1] + index[2]) as i32;
        assert_eq!(
            a[&index[..]],
            expected,
            "element {index:?} of from_shape_fn((2, 3, 2))"
        );
    }
}

#[test]
fn from_shape_fn_of_0d_and_empty_shapes() {
    let mut calls = Vec::new();
    let scalar = Tensor::from_shape_fn(&[], |index| {
        calls.push(index.to_vec());
        9u8
    })
    .unwrap();
    assert_eq!(
        calls,
        vec![Vec::<usize>::new()],
        "from_shape_fn(()) calls f once with []"
    );
    assert_eq!(scalar.to_vec(), vec![9], "elements of from_shape_fn(())");

    let mut count = 0;
    let empty = Tensor::from_shape_fn(&[3, 0, 2], |_| {
        count += 1;
        1.0f32
    })
    .unwrap();
    assert_eq!(count, 0, "from_shape_fn((3, 0, 2)) called f");
    assert_eq!(
        empty.shape(),
        &[3, 0, 2],
        "shape of from_shape_fn((3, 0, 2))"
    );
}

#[test]
fn tensor_macro_rank_1() {
    let v = tensor![1.0, 2.0, 3.0];
    assert_eq!(v.shape(), &[3], "shape of tensor![1.0, 2.0, 3.0]");
    assert_eq!(
        v.to_vec(),
        vec![1.0, 2.0, 3.0],
        "elements of tensor![1.0, 2.0, 3.0]"
    );
    let trailing = tensor![4u8, 5,];
    assert_eq!(trailing.shape(), &[2], "shape of tensor![4u8, 5,]");
}

#[test]
fn tensor_macro_rank_2() {
    let m = tensor![[1, 2, 3], [4, 5, 6]];
    assert_eq!(m.shape(), &[2, 3], "shape of 2x3 literal");
    assert_eq!(
        m.to_vec(),
        vec![1, 2, 3, 4, 5, 6],
        "elements of 2x3 literal"
    );
    assert_eq!(m[[1, 0]], 4, "m[[1, 0]] of 2x3 literal");
    let column = tensor![[1i64], [2], [3],];
    assert_eq!(
        column.shape(),
        &[3, 1],
        "shape of 3x1 literal with trailing comma"
    );
}

#[test]
fn tensor_macro_rank_3() {
    let image = tensor![[[0u8, 1], [2, 3]], [[4, 5], [6, 7]], [[8, 9], [10, 11]]];
    assert_eq!(image.shape(), &[3, 2, 2], "shape of 3x2x2 literal");
    assert_eq!(
        image.to_vec(),
        (0..12).collect::<Vec<u8>>(),
        "elements of 3x2x2 literal"
    );
    assert_eq!(image[[2, 0, 1]], 9, "image[[2, 0, 1]] of 3x2x2 literal");
}

#[test]
fn tensor_macro_rank_4() {
    let batch = tensor![[[[1.0f32]]]];
    assert_eq!(batch.shape(), &[1, 1, 1, 1], "shape of [[[[1.0]]]]");
    let b = tensor![[[[1, 2, 3]], [[4, 5, 6]]], [[[7, 8, 9]], [[10, 11, 12]]]];
    assert_eq!(b.shape(), &[2, 2, 1, 3], "shape of 2x2x1x3 literal");
    assert_eq!(
        b.to_vec(),
        (1..=12).collect::<Vec<i32>>(),
        "elements of 2x2x1x3 literal"
    );
    assert_eq!(b[[1, 0, 0, 2]], 9, "b[[1, 0, 0, 2]] of 2x2x1x3 literal");
}

#[test]
fn from_slice_borrows_the_data() {
    let data = [1.0, 2.0, 3.0, 4.0];
    let view = TensorView::from_slice(&data, &[2, 2]).unwrap();
    assert_eq!(
        view[[1, 0]],
        3.0,
        "view[[1, 0]] of from_slice([1, 2, 3, 4], (2, 2))"
    );
    assert_eq!(view.strides(), &[2, 1], "strides of from_slice((2, 2))");
    assert!(
        std::ptr::eq(view.buffer().as_ptr(), data.as_ptr()),
        "from_slice shares the caller's memory"
    );
}

#[test]
fn from_slice_rejects_wrong_length_with_message() {
    let data = [1, 2, 3, 4, 5];
    let error = TensorView::from_slice(&data, &[2, 2]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot make a tensor of shape (2, 2) from 5 elements: the shape needs 4",
        "from_slice of 5 elements into (2, 2)"
    );
}

#[test]
fn from_parts_with_negative_strides_reads_backwards() {
    let data = [0, 1, 2, 3, 4, 5, 6, 7];
    let view = TensorView::from_parts(&data, &[2, 2], &[-4, 2], 4).unwrap();
    assert_eq!(
        view.to_vec(),
        vec![4, 6, 0, 2],
        "(2, 2) strides (-4, 2) offset 4"
    );
    assert_eq!(
        view.offset(),
        4,
        "offset of (2, 2) strides (-4, 2) offset 4"
    );
    assert_eq!(view[[1, 1]], 2, "view[[1, 1]] of strides (-4, 2) offset 4");

    let reversed = TensorView::from_parts(&data, &[8], &[-1], 7).unwrap();
    assert_eq!(
        reversed.to_vec(),
        vec![7, 6, 5, 4, 3, 2, 1, 0],
        "(8,) strides (-1,) offset 7"
    );
    assert!(
        !reversed.is_contiguous(),
        "a reversed view is not contiguous"
    );
    assert_eq!(reversed.as_slice(), None, "as_slice of a reversed view");
}

#[test]
fn from_parts_with_zero_strides_repeats_elements() {
    let data = [10, 20, 30];
    let row = TensorView::from_parts(&data, &[2, 3], &[0, 1], 0).unwrap();
    assert_eq!(
        row.to_vec(),
        vec![10, 20, 30, 10, 20, 30],
        "(2, 3) strides (0, 1)"
    );
    let single = TensorView::from_parts(&data, &[2, 2], &[0, 0], 2).unwrap();
    assert_eq!(
        single.to_vec(),
        vec![30; 4],
        "(2, 2) strides (0, 0) offset 2"
    );
    assert!(!row.is_contiguous(), "a zero-stride view is not contiguous");
}

#[test]
fn from_parts_rejects_reach_past_end() {
    let data = [0, 1, 2, 3, 4, 5, 6, 7];
    let error = TensorView::from_parts(&data, &[2, 2], &[4, 2], 4).unwrap_err();
    assert_eq!(
        error,
        ShapeError::OutOfBounds {
            shape: vec![2, 2],
            strides: vec![4, 2],
            offset: 4,
            buffer_len: 8
        },
        "variant for (2, 2) strides (4, 2) offset 4 over 8 elements"
    );
    assert_eq!(
        error.to_string(),
        "shape (2, 2) with strides (4, 2) and offset 4 reaches buffer index 10, past the end of a buffer of 8 elements",
        "message for (2, 2) strides (4, 2) offset 4 over 8 elements"
    );
}

#[test]
fn from_parts_rejects_reach_before_the_start() {
    let data = [0, 1, 2, 3];
    let result = TensorView::from_parts(&data, &[4], &[-1], 2);
    assert!(
        matches!(result, Err(ShapeError::OutOfBounds { .. })),
        "(4,) strides (-1,) offset 2 reaches index -1: {result:?}"
    );
    assert_eq!(
        result.unwrap_err().to_string(),
        "shape (4,) with strides (-1,) and offset 2 reaches buffer index -1, \
         before the start of a buffer of 4 elements",
        "message for a negative reach"
    );
    assert!(
        TensorView::from_parts(&data, &[4], &[-1], 3).is_ok(),
        "(4,) strides (-1,) offset 3 fits exactly"
    );
}

#[test]
fn from_parts_rejects_mismatched_stride_count_with_message() {
    let data = [0; 6];
    let error = TensorView::from_parts(&data, &[2, 3], &[1], 0).unwrap_err();
    assert_eq!(
        error.to_string(),
        "shape (2, 3) has 2 axes but 1 strides were given",
        "(2, 3) with strides (1,)"
    );
}

#[test]
fn from_parts_of_0d_needs_offset_inside_buffer() {
    let data = [1, 2, 3];
    let last = TensorView::from_parts(&data, &[], &[], 2).unwrap();
    assert_eq!(last.to_vec(), vec![3], "0-d view at offset 2");
    assert_eq!(
        last.as_slice(),
        Some(&[3][..]),
        "as_slice of 0-d view at offset 2"
    );
    assert!(
        TensorView::from_parts(&data, &[], &[], 3).is_err(),
        "0-d view at offset 3 of a 3-element buffer"
    );
    assert!(
        TensorView::<i32>::from_parts(&[], &[], &[], 0).is_err(),
        "0-d view of an empty buffer"
    );
}

#[test]
fn from_parts_empty_accepts_any_offset() {
    let data: [f64; 0] = [];
    let view = TensorView::from_parts(&data, &[0, 3], &[3, 1], 100).unwrap();
    assert!(view.is_empty(), "(0, 3) view at offset 100 is empty");
    assert_eq!(view.to_vec(), Vec::<f64>::new(), "elements of (0, 3) view");
    assert_eq!(view.as_slice(), Some(&[][..]), "as_slice of (0, 3) view");
}

#[test]
fn from_parts_with_offset_is_contiguous_slice() {
    let data = [0, 1, 2, 3, 4, 5, 6];
    let view = TensorView::from_parts(&data, &[2, 2], &[2, 1], 3).unwrap();
    assert!(view.is_contiguous(), "(2, 2) strides (2, 1) offset 3");
    assert_eq!(view.as_slice(), Some(&data[3..7]), "as_slice at offset 3");
}

// A stride on an axis of length 1 is never applied, so any value is valid:
// numpy's as_strided with shape (2, 1) and byte strides (16, 2**63 - 1)
// reads [[3], [5]] here. Walking such a view must not overflow.
#[test]
fn iter_huge_stride_on_unit_axis() {
    let data = [0, 1, 2, 3, 4, 5];
    let view = TensorView::from_parts(&data, &[2, 1], &[2, isize::MAX], 3).unwrap();
    assert_eq!(
        view[[1, 0]],
        5,
        "view[[1, 0]] of (2, 1) strides (2, MAX) offset 3"
    );
    assert_eq!(
        view.to_vec(),
        vec![3, 5],
        "to_vec of (2, 1) strides (2, isize::MAX) offset 3"
    );
}

#[test]
fn unit_axis_stride_does_not_affect_contiguity() {
    // numpy with relaxed strides ignores the stride of a length-1 axis.
    let data = [0, 1, 2, 3, 4, 5];
    let view = TensorView::from_parts(&data, &[2, 1, 3], &[3, 99, 1], 0).unwrap();
    assert!(view.is_contiguous(), "(2, 1, 3) with strides (3, 99, 1)");
    assert_eq!(view.as_slice(), Some(&data[..]), "as_slice of (2, 1, 3)");
}

// ---------------------------------------------------------------------------
// Indexing.

#[test]
fn index_and_get_agree_on_owned_and_views() {
    let a = tensor![[1, 2, 3], [4, 5, 6]];
    assert_eq!(a[[1, 2]], 6, "a[[1, 2]]");
    assert_eq!(a[&[0usize, 1][..]], 2, "a[&[0, 1][..]]");
    assert_eq!(a.get(&[1, 2]), Some(&6), "a.get(&[1, 2])");
    assert_eq!(a.get(&[2, 0]), None, "a.get(&[2, 0]) past axis 0");
    assert_eq!(a.get(&[0, 3]), None, "a.get(&[0, 3]) past axis 1");
    assert_eq!(a.get(&[1]), None, "a.get(&[1]) too short");
    assert_eq!(a.get(&[1, 0, 0]), None, "a.get(&[1, 0, 0]) too long");
    let t = a.t();
    assert_eq!(t[[2, 1]], 6, "a.t()[[2, 1]]");
    assert_eq!(t.get(&[0, 1]), Some(&4), "a.t().get(&[0, 1])");
    assert_eq!(t.get(&[1, 2]), None, "a.t().get(&[1, 2])");
}

#[test]
#[should_panic(expected = "index [2, 0] is out of range for shape (2, 3)")]
fn index_past_axis_panics_with_message() {
    let a = tensor![[1, 2, 3], [4, 5, 6]];
    let _ = a[[2, 0]];
}

#[test]
#[should_panic(expected = "index [1] has 1 entries but shape (2, 3) has 2 axes")]
fn index_with_too_few_entries_panics_with_message() {
    let a = tensor![[1, 2, 3], [4, 5, 6]];
    let _ = a[[1]];
}

#[test]
#[should_panic(expected = "index [0, 0, 0] has 3 entries but shape (2, 3) has 2 axes")]
fn index_slice_with_too_many_entries_panics_with_message() {
    let a = tensor![[1, 2, 3], [4, 5, 6]];
    let index = [0usize, 0, 0];
    let _ = a[&index[..]];
}

#[test]
#[should_panic(expected = "index [0, 0] is out of range for shape (0, 3)")]
fn index_into_empty_tensor_panics_with_message() {
    let a = Tensor::<f32>::zeros(&[0, 3]);
    let _ = a[[0, 0]];
}

#[test]
#[should_panic(expected = "index [3, 0] is out of range for shape (3, 2)")]
fn index_into_transposed_view_panics_with_its_own_shape() {
    let a = tensor![[1, 2, 3], [4, 5, 6]];
    let _ = a.t()[[3, 0]];
}

// ---------------------------------------------------------------------------
// Iteration order, as_slice, to_vec, to_owned.

#[test]
fn iter_of_transpose_is_row_major() {
    let a = tensor![[1, 2, 3], [4, 5, 6]];
    let transposed: Vec<i32> = a.t().iter().copied().collect();
    assert_eq!(transposed, vec![1, 4, 2, 5, 3, 6], "iter of a.t()");
    assert_eq!(a.t().iter().len(), 6, "ExactSizeIterator len of a.t()");
}

#[test]
fn iter_of_permuted_3d_view_follows_its_index() {
    let a = Tensor::from_shape_fn(&[2, 3, 4], |i| (100 * i[0] + 10 * i[1] + i[2]) as i32).unwrap();
    let p = a.permute(&[2, 0, 1]).unwrap();
    let expected: Vec<i32> = row_major_indices(p.shape())
        .iter()
        .map(|i| (100 * i[1] + 10 * i[2] + i[0]) as i32)
        .collect();
    assert_eq!(
        p.to_vec(),
        expected,
        "iter of permute([2, 0, 1]) of (2, 3, 4)"
    );
}

#[test]
fn iter_of_stepped_and_reversed_views() {
    let data: Vec<i32> = (0..12).collect();
    // Every other column of a (3, 4) buffer: numpy a.reshape(3, 4)[:, ::2].
    let stepped = TensorView::from_parts(&data, &[3, 2], &[4, 2], 0).unwrap();
    assert_eq!(
        stepped.to_vec(),
        vec![0, 2, 4, 6, 8, 10],
        "(3, 2) strides (4, 2): a[:, ::2]"
    );
    // numpy a.reshape(3, 4)[::-1, 1::2].
    let flipped = TensorView::from_parts(&data, &[3, 2], &[-4, 2], 9).unwrap();
    assert_eq!(
        flipped.to_vec(),
        vec![9, 11, 5, 7, 1, 3],
        "(3, 2) strides (-4, 2) offset 9: a[::-1, 1::2]"
    );
}

#[test]
fn iter_of_broadcast_view_repeats_rows() {
    let row = tensor![1, 2, 3];
    let grid = row.broadcast_to(&[2, 3]).unwrap();
    assert_eq!(
        grid.to_vec(),
        vec![1, 2, 3, 1, 2, 3],
        "(3,) broadcast to (2, 3)"
    );
    let column = tensor![[1], [2]];
    let wide = column.broadcast_to(&[2, 3]).unwrap();
    assert_eq!(
        wide.to_vec(),
        vec![1, 1, 1, 2, 2, 2],
        "(2, 1) broadcast to (2, 3)"
    );
}

#[test]
fn as_slice_is_some_only_when_contiguous() {
    let a = tensor![[1, 2], [3, 4]];
    assert_eq!(
        a.as_slice(),
        Some(&[1, 2, 3, 4][..]),
        "as_slice of owned (2, 2)"
    );
    assert_eq!(a.t().as_slice(), None, "as_slice of a.t()");
    assert_eq!(
        a.broadcast_to(&[3, 2, 2]).unwrap().as_slice(),
        None,
        "as_slice of a broadcast to (3, 2, 2)"
    );
    assert_eq!(
        a.view().as_slice(),
        Some(&[1, 2, 3, 4][..]),
        "as_slice of a.view()"
    );
    let row = tensor![[1, 2, 3]];
    assert_eq!(
        row.t().as_slice(),
        Some(&[1, 2, 3][..]),
        "the transpose of a (1, 3) row is a contiguous (3, 1) column, as numpy says"
    );
}

#[test]
fn to_vec_and_to_owned_copy_logically() {
    let a = tensor![[1, 2, 3], [4, 5, 6]];
    let t = a.t();
    assert_eq!(t.to_vec(), vec![1, 4, 2, 5, 3, 6], "to_vec of a.t()");
    let owned = t.to_owned();
    assert_eq!(owned.shape(), &[3, 2], "shape of a.t().to_owned()");
    assert_eq!(owned.strides(), &[2, 1], "to_owned is row-major");
    assert_eq!(owned.offset(), 0, "offset of to_owned");
    assert!(owned.is_contiguous(), "to_owned is contiguous");
    assert_eq!(owned, t, "to_owned equals the view");
    assert_eq!(
        owned.into_vec(),
        vec![1, 4, 2, 5, 3, 6],
        "into_vec of to_owned"
    );

    let broadcast = tensor![7, 8].broadcast_to(&[2, 2]).unwrap().to_owned();
    assert_eq!(
        broadcast.as_slice(),
        Some(&[7, 8, 7, 8][..]),
        "to_owned of a broadcast view materialises it"
    );
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Failures are reported here, not saved next to the tests.
        failure_persistence: None,
        ..ProptestConfig::with_cases(256)
    })]

    // Any layout from_parts accepts: the elements come out in the row-major
    // order of the view's own index, as_slice exists exactly when numpy calls
    // the layout C-contiguous, and reshape copies exactly when numpy does.
    //
    // Only the layout of the strided tensor is used: the buffer is numbered
    // 3p + 1 at position p, so that reading any wrong element shows.
    #[test]
    fn strided_views_iterate_index_and_reshape_as_numpy(
        strided in strided_tensors(Just(0i64), shapes(0..=4, 0..=4)),
    ) {
        let layout = strided.view();
        let (shape, strides, offset) = (layout.shape(), layout.strides(), layout.offset());
        let buffer: Vec<i64> = (0..layout.buffer().len() as i64).map(|p| 3 * p + 1).collect();
        let view = TensorView::from_parts(&buffer, shape, strides, offset).unwrap();
        let data = values_by_strides(&view);
        let len = data.len();
        let name = format!("shape {shape:?} strides {strides:?} offset {offset}");

        prop_assert_eq!(view.to_vec(), data.clone(), "to_vec of {}", name);
        prop_assert_eq!(view.iter().len(), len, "iter().len() of {}", name);
        for (flat, index) in row_major_indices(shape).iter().enumerate() {
            prop_assert_eq!(view[&index[..]], data[flat], "view{:?} of {}", index, name);
            prop_assert_eq!(view.get(index), Some(&data[flat]), "get({:?}) of {}", index, name);
        }
        let contiguous = numpy_is_c_contiguous(shape, strides);
        prop_assert_eq!(view.is_contiguous(), contiguous, "is_contiguous of {}", name);
        prop_assert_eq!(
            view.as_slice().map(<[i64]>::to_vec),
            contiguous.then(|| data.clone()),
            "as_slice of {}",
            name
        );
        prop_assert_eq!(view.to_owned(), view.clone(), "to_owned of {}", name);

        let flat = view.reshape(&[len]).unwrap();
        prop_assert_eq!(flat.to_vec(), data.clone(), "reshape to ({},) of {}", len, name);
        prop_assert_eq!(
            flat.buffer_is_borrowed(),
            numpy_flattens_without_copy(shape, strides),
            "reshape to ({},) of {} copies exactly when numpy does",
            len,
            name
        );
        let same = view.reshape(shape).unwrap();
        prop_assert!(same.buffer_is_borrowed(), "reshape of {} to its own shape is a view", name);
        prop_assert_eq!(same.to_vec(), data.clone(), "reshape of {} to its own shape", name);

        // Length-1 axes never force a copy.
        let mut padded = vec![1];
        for &axis_len in shape {
            padded.extend([axis_len, 1]);
        }
        let unit = view.reshape(&padded).unwrap();
        prop_assert!(unit.buffer_is_borrowed(), "reshape of {} to {:?} is a view", name, padded);
        prop_assert_eq!(unit.to_vec(), data, "reshape of {} to {:?}", name, padded);
    }
}

// ---------------------------------------------------------------------------
// reshape.

#[test]
fn reshape_of_contiguous_is_a_view() {
    let a = tensor![[1, 2, 3], [4, 5, 6]];
    let b = a.reshape(&[3, 2]).unwrap();
    assert!(
        b.buffer_is_borrowed(),
        "(2, 3) -> (3, 2) of a contiguous tensor"
    );
    assert!(
        std::ptr::eq(b.buffer().as_ptr(), a.buffer().as_ptr()),
        "the view shares a's buffer"
    );
    assert_eq!(b.strides(), &[2, 1], "strides of (2, 3) -> (3, 2)");
    assert_eq!(
        b.to_vec(),
        vec![1, 2, 3, 4, 5, 6],
        "elements of (2, 3) -> (3, 2)"
    );
}

#[test]
fn reshape_of_transpose_copies() {
    // numpy: np.shares_memory(a.T.reshape(6), a) is False.
    let a = tensor![[1, 2, 3], [4, 5, 6]];
    let t = a.t();
    let flat = t.reshape(&[6]).unwrap();
    assert!(
        !flat.buffer_is_borrowed(),
        "(3, 2) transpose -> (6,) must copy"
    );
    assert_eq!(
        flat.to_vec(),
        vec![1, 4, 2, 5, 3, 6],
        "elements of a.t() -> (6,)"
    );
    assert!(flat.is_contiguous(), "the copy is row-major");
    let owned = flat.into_owned();
    assert_eq!(owned.shape(), &[6], "into_owned keeps the shape");
}

#[test]
fn reshape_transpose_to_same_shape_is_view() {
    let a = tensor![[1, 2, 3], [4, 5, 6]];
    let t = a.t();
    let same = t.reshape(&[3, 2]).unwrap();
    assert!(
        same.buffer_is_borrowed(),
        "a.t() -> (3, 2) is a view in numpy"
    );
    assert_eq!(same.strides(), &[1, 3], "strides of a.t() -> (3, 2)");
}

#[test]
fn reshape_merging_leading_axes_is_a_view() {
    let a = Tensor::from_vec((0..24).collect::<Vec<i32>>(), &[2, 3, 4]).unwrap();
    let b = a.reshape(&[6, 4]).unwrap();
    assert!(b.buffer_is_borrowed(), "(2, 3, 4) -> (6, 4) is a view");
    assert_eq!(b.strides(), &[4, 1], "strides of (2, 3, 4) -> (6, 4)");
    assert_eq!(b[[5, 3]], 23, "b[[5, 3]] of (2, 3, 4) -> (6, 4)");
}

/// numpy's view/copy decision and resulting element strides for reshapes of
/// strided layouts, from np.shares_memory on numpy 2.4. The input is arange
/// over `buffer_len` elements viewed through (shape, strides, offset).
struct ReshapeCase {
    name: &'static str,
    buffer_len: usize,
    shape: &'static [usize],
    strides: &'static [isize],
    offset: usize,
    to: &'static [usize],
    view: bool,
    /// numpy's strides in elements for a view, for the axes longer than 1.
    view_strides: Option<&'static [isize]>,
}

const RESHAPE_CASES: &[ReshapeCase] = &[
    ReshapeCase {
        name: "a.transpose(1, 0, 2) of (2, 3, 4) -> (6, 4)",
        buffer_len: 24,
        shape: &[3, 2, 4],
        strides: &[4, 12, 1],
        offset: 0,
        to: &[6, 4],
        view: false,
        view_strides: None,
    },
    ReshapeCase {
        name: "a.transpose(1, 0, 2) of (2, 3, 4) -> (3, 8)",
        buffer_len: 24,
        shape: &[3, 2, 4],
        strides: &[4, 12, 1],
        offset: 0,
        to: &[3, 8],
        view: false,
        view_strides: None,
    },
    ReshapeCase {
        name: "a.transpose(2, 0, 1) of (2, 3, 4) -> (4, 6)",
        buffer_len: 24,
        shape: &[4, 2, 3],
        strides: &[1, 12, 4],
        offset: 0,
        to: &[4, 6],
        view: true,
        view_strides: Some(&[1, 4]),
    },
    ReshapeCase {
        name: "arange(6)[::-1] -> (2, 3)",
        buffer_len: 6,
        shape: &[6],
        strides: &[-1],
        offset: 5,
        to: &[2, 3],
        view: true,
        view_strides: Some(&[-3, -1]),
    },
    ReshapeCase {
        name: "a[:, ::-1] of (2, 3) -> (6,)",
        buffer_len: 6,
        shape: &[2, 3],
        strides: &[3, -1],
        offset: 2,
        to: &[6],
        view: false,
        view_strides: None,
    },
    ReshapeCase {
        name: "a[::-1, ::-1] of (2, 3) -> (6,)",
        buffer_len: 6,
        shape: &[2, 3],
        strides: &[-3, -1],
        offset: 5,
        to: &[6],
        view: true,
        view_strides: Some(&[-1]),
    },
    ReshapeCase {
        name: "a[::-1] of (2, 3) -> (6,)",
        buffer_len: 6,
        shape: &[2, 3],
        strides: &[-3, 1],
        offset: 3,
        to: &[6],
        view: false,
        view_strides: None,
    },
    ReshapeCase {
        name: "a[::-1] of (2, 3) -> (2, 3, 1)",
        buffer_len: 6,
        shape: &[2, 3],
        strides: &[-3, 1],
        offset: 3,
        to: &[2, 3, 1],
        view: true,
        view_strides: Some(&[-3, 1]),
    },
    ReshapeCase {
        name: "arange(6)[::2] -> (3, 1)",
        buffer_len: 6,
        shape: &[3],
        strides: &[2],
        offset: 0,
        to: &[3, 1],
        view: true,
        view_strides: Some(&[2]),
    },
    ReshapeCase {
        name: "broadcast_to(arange(3), (2, 3)) -> (6,)",
        buffer_len: 3,
        shape: &[2, 3],
        strides: &[0, 1],
        offset: 0,
        to: &[6],
        view: false,
        view_strides: None,
    },
    ReshapeCase {
        name: "broadcast_to(arange(3), (2, 3)) -> (3, 2)",
        buffer_len: 3,
        shape: &[2, 3],
        strides: &[0, 1],
        offset: 0,
        to: &[3, 2],
        view: false,
        view_strides: None,
    },
    ReshapeCase {
        name: "broadcast_to(arange(3), (2, 3)) -> (1, 2, 3)",
        buffer_len: 3,
        shape: &[2, 3],
        strides: &[0, 1],
        offset: 0,
        to: &[1, 2, 3],
        view: true,
        view_strides: Some(&[0, 1]),
    },
    ReshapeCase {
        name: "broadcast_to(arange(2)[:, None], (2, 3)) -> (6,)",
        buffer_len: 2,
        shape: &[2, 3],
        strides: &[1, 0],
        offset: 0,
        to: &[6],
        view: false,
        view_strides: None,
    },
    ReshapeCase {
        name: "broadcast_to(arange(2)[:, None], (2, 3)) -> (2, 1, 3)",
        buffer_len: 2,
        shape: &[2, 3],
        strides: &[1, 0],
        offset: 0,
        to: &[2, 1, 3],
        view: true,
        view_strides: Some(&[1, 0]),
    },
];

#[test]
fn reshape_copies_exactly_when_numpy_does() {
    for case in RESHAPE_CASES {
        let data: Vec<i32> = (0..case.buffer_len as i32).collect();
        let view = TensorView::from_parts(&data, case.shape, case.strides, case.offset).unwrap();
        let reshaped = view.reshape(case.to).unwrap();
        assert_eq!(
            reshaped.buffer_is_borrowed(),
            case.view,
            "{}: numpy returns a {}",
            case.name,
            if case.view { "view" } else { "copy" }
        );
        assert_eq!(reshaped.shape(), case.to, "{}: shape", case.name);
        assert_eq!(
            reshaped.to_vec(),
            view.to_vec(),
            "{}: elements in row-major order",
            case.name
        );
        if let Some(expected) = case.view_strides {
            let long_axis_strides: Vec<isize> = reshaped
                .shape()
                .iter()
                .zip(reshaped.strides())
                .filter(|&(&len, _)| len != 1)
                .map(|(_, &stride)| stride)
                .collect();
            assert_eq!(
                long_axis_strides, expected,
                "{}: numpy's strides",
                case.name
            );
        }
    }
}

#[test]
fn reshape_of_reversed_view_keeps_negative_strides() {
    let data = [0, 1, 2, 3, 4, 5];
    let reversed = TensorView::from_parts(&data, &[6], &[-1], 5).unwrap();
    let grid = reversed.reshape(&[2, 3]).unwrap();
    assert!(
        grid.buffer_is_borrowed(),
        "arange(6)[::-1].reshape(2, 3) is a view"
    );
    assert_eq!(grid.strides(), &[-3, -1], "strides of the reversed reshape");
    assert_eq!(grid.offset(), 5, "offset of the reversed reshape");
    assert_eq!(
        grid.to_vec(),
        vec![5, 4, 3, 2, 1, 0],
        "elements of the reversed reshape"
    );
}

#[test]
fn reshape_of_empty_tensors_is_a_view() {
    let empty = Tensor::<f32>::zeros(&[0, 3]);
    let swapped = empty.reshape(&[3, 0]).unwrap();
    assert!(swapped.buffer_is_borrowed(), "(0, 3) -> (3, 0) is a view");
    assert_eq!(swapped.shape(), &[3, 0], "shape of (0, 3) -> (3, 0)");
    let t = empty.t();
    let flat = t.reshape(&[0]).unwrap();
    assert!(flat.buffer_is_borrowed(), "(0, 3).T -> (0,) is a view");
    let more = t.reshape(&[0, 5, 2]).unwrap();
    assert_eq!(more.shape(), &[0, 5, 2], "shape of (3, 0) -> (0, 5, 2)");
    assert!(more.is_empty(), "(0, 5, 2) is empty");
    let error = empty.reshape(&[1]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot reshape (0, 3) into (1,): 0 elements cannot become 1",
        "(0, 3) -> (1,)"
    );
}

#[test]
fn reshape_0d_to_unit_shape_is_view() {
    let s = Tensor::scalar(5.0f64);
    let grid = s.reshape(&[1, 1]).unwrap();
    assert!(grid.buffer_is_borrowed(), "() -> (1, 1) is a view");
    assert_eq!(grid[[0, 0]], 5.0, "element of () -> (1, 1)");
    let back = grid.reshape(&[]).unwrap();
    assert!(back.buffer_is_borrowed(), "(1, 1) -> () is a view");
    assert_eq!(back.to_vec(), vec![5.0], "element of (1, 1) -> ()");
}

#[test]
fn reshape_rejects_other_element_count_with_message() {
    let a = tensor![[1, 2, 3], [4, 5, 6]];
    let error = a.reshape(&[4]).unwrap_err();
    assert_eq!(
        error,
        ShapeError::Reshape {
            from: vec![2, 3],
            to: vec![4]
        },
        "variant of (2, 3) -> (4,)"
    );
    assert_eq!(
        error.to_string(),
        "cannot reshape (2, 3) into (4,): 6 elements cannot become 4",
        "message of (2, 3) -> (4,)"
    );
    let error = a.t().reshape(&[2, 2, 2]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot reshape (3, 2) into (2, 2, 2): 6 elements cannot become 8",
        "message of (3, 2) -> (2, 2, 2)"
    );
}

#[test]
fn reshape_to_huge_shape_is_size_overflow() {
    let a = tensor![1u8, 2];
    let result = a.reshape(&[usize::MAX, 2]);
    assert!(
        matches!(result, Err(ShapeError::SizeOverflow { .. })),
        "(2,) -> (usize::MAX, 2): {:?}",
        result.map(|tensor| tensor.shape().to_vec())
    );
}

// ---------------------------------------------------------------------------
// permute, t and broadcast_to.

#[test]
fn permute_reorders_shape_and_strides_without_copying() {
    let a = Tensor::<f32>::zeros(&[2, 3, 4]);
    let p = a.permute(&[2, 0, 1]).unwrap();
    assert_eq!(p.shape(), &[4, 2, 3], "shape of permute([2, 0, 1])");
    assert_eq!(p.strides(), &[1, 12, 4], "strides of permute([2, 0, 1])");
    assert!(
        std::ptr::eq(p.buffer().as_ptr(), a.buffer().as_ptr()),
        "permute shares the buffer"
    );
    let identity = a.permute(&[0, 1, 2]).unwrap();
    assert_eq!(identity.strides(), a.strides(), "identity permutation");
    let s = Tensor::scalar(1i32);
    assert_eq!(
        s.permute(&[]).unwrap().shape(),
        &[] as &[usize],
        "empty permutation of a 0-d tensor"
    );
}

#[test]
fn permute_rejects_invalid_permutations_with_message() {
    let a = Tensor::<f32>::zeros(&[2, 3, 4]);
    let error = a.permute(&[0, 0, 1]).unwrap_err();
    assert_eq!(
        error,
        ShapeError::InvalidPermutation {
            axes: vec![0, 0, 1],
            ndim: 3
        },
        "variant of permute([0, 0, 1])"
    );
    assert_eq!(
        error.to_string(),
        "permutation [0, 0, 1] is not an ordering of the 3 axes 0 to 2",
        "message of permute([0, 0, 1])"
    );
    assert!(a.permute(&[0, 1]).is_err(), "permute([0, 1]) of rank 3");
    assert!(
        a.permute(&[0, 1, 2, 3]).is_err(),
        "permute([0, 1, 2, 3]) of rank 3"
    );
    assert!(
        a.permute(&[0, 1, 3]).is_err(),
        "permute([0, 1, 3]) of rank 3"
    );
}

#[test]
fn t_reverses_the_axes() {
    let a = Tensor::from_vec((0..24).collect::<Vec<i32>>(), &[2, 3, 4]).unwrap();
    let t = a.t();
    assert_eq!(t.shape(), &[4, 3, 2], "shape of (2, 3, 4).t()");
    assert_eq!(t.strides(), &[1, 4, 12], "strides of (2, 3, 4).t()");
    assert_eq!(t[[3, 2, 1]], a[[1, 2, 3]], "t[[k, j, i]] == a[[i, j, k]]");
    let tt = t.t();
    assert_eq!(tt.strides(), a.strides(), "t().t() restores the strides");
    assert_eq!(tt, a, "t().t() equals the original");

    let v = tensor![1, 2, 3];
    assert_eq!(v.t().shape(), &[3], "a 1-d tensor stays as it is");
    assert_eq!(v.t().strides(), &[1], "strides of a 1-d transpose");
    let s = Tensor::scalar(4u8);
    assert_eq!(s.t().to_vec(), vec![4], "transpose of a 0-d tensor");
}

#[test]
fn broadcast_to_sets_zero_strides() {
    let row = tensor![1, 2, 3];
    let grid = row.broadcast_to(&[2, 3]).unwrap();
    assert_eq!(grid.strides(), &[0, 1], "(3,) to (2, 3)");
    let column = tensor![[1], [2]];
    let wide = column.broadcast_to(&[2, 4]).unwrap();
    assert_eq!(wide.strides(), &[1, 0], "(2, 1) to (2, 4)");
    assert_eq!(
        wide.to_vec(),
        vec![1, 1, 1, 1, 2, 2, 2, 2],
        "(2, 1) to (2, 4)"
    );
    let deep = row.broadcast_to(&[4, 2, 3]).unwrap();
    assert_eq!(deep.strides(), &[0, 0, 1], "(3,) to (4, 2, 3)");
    let same = row.broadcast_to(&[3]).unwrap();
    assert_eq!(same.strides(), &[1], "(3,) to (3,)");
    let s = Tensor::scalar(9i64);
    let filled = s.broadcast_to(&[2, 2]).unwrap();
    assert_eq!(filled.strides(), &[0, 0], "() to (2, 2)");
    assert_eq!(filled.to_vec(), vec![9; 4], "() to (2, 2)");
}

#[test]
fn broadcast_to_of_transposed_view_keeps_its_strides() {
    let a = tensor![[1, 2, 3], [4, 5, 6]];
    let t = a.t();
    let b = t.broadcast_to(&[2, 3, 2]).unwrap();
    assert_eq!(
        b.strides(),
        &[0, 1, 3],
        "(3, 2) strides (1, 3) to (2, 3, 2)"
    );
    assert_eq!(
        b.to_vec(),
        vec![1, 4, 2, 5, 3, 6, 1, 4, 2, 5, 3, 6],
        "elements of the transposed broadcast"
    );
}

#[test]
fn broadcast_to_with_zero_lengths_follows_numpy() {
    // numpy: broadcast_to(zeros((2, 1)), (2, 0)) has shape (2, 0);
    // broadcast_to(zeros(1), (0,)) has shape (0,); zeros(0) to (1,) raises.
    let column = Tensor::<f64>::zeros(&[2, 1]);
    let narrow = column.broadcast_to(&[2, 0]).unwrap();
    assert_eq!(narrow.shape(), &[2, 0], "(2, 1) to (2, 0)");
    assert!(narrow.is_empty(), "(2, 0) is empty");
    let single = Tensor::<f64>::zeros(&[1]);
    assert_eq!(
        single.broadcast_to(&[0]).unwrap().shape(),
        &[0],
        "(1,) to (0,)"
    );
    let none = Tensor::<f64>::zeros(&[0]);
    let error = none.broadcast_to(&[1]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot broadcast (0,) to (1,): axis -1 has length 0 and would need 1",
        "(0,) to (1,)"
    );
}

#[test]
fn broadcast_to_rejects_unstretchable_axes_with_message() {
    let row = tensor![1, 2, 3];
    let error = row.broadcast_to(&[3, 2]).unwrap_err();
    assert_eq!(
        error,
        ShapeError::BroadcastTo {
            from: vec![3],
            to: vec![3, 2],
            axis: Some(-1)
        },
        "variant of (3,) to (3, 2)"
    );
    assert_eq!(
        error.to_string(),
        "cannot broadcast (3,) to (3, 2): axis -1 has length 3 and would need 2",
        "message of (3,) to (3, 2)"
    );
    let a = Tensor::<i32>::zeros(&[2, 3]);
    assert_eq!(
        a.broadcast_to(&[4, 3]).unwrap_err().to_string(),
        "cannot broadcast (2, 3) to (4, 3): axis -2 has length 2 and would need 4",
        "(2, 3) to (4, 3)"
    );
    assert_eq!(
        a.broadcast_to(&[5, 4, 3]).unwrap_err().to_string(),
        "cannot broadcast (2, 3) to (5, 4, 3): axis -2 has length 2 and would need 4",
        "(2, 3) to (5, 4, 3)"
    );
}

#[test]
fn broadcast_to_fewer_axes_is_rejected_with_message() {
    let a = Tensor::<i32>::zeros(&[2, 3]);
    let error = a.broadcast_to(&[3]).unwrap_err();
    assert_eq!(
        error,
        ShapeError::BroadcastTo {
            from: vec![2, 3],
            to: vec![3],
            axis: None
        },
        "variant of (2, 3) to (3,)"
    );
    assert_eq!(
        error.to_string(),
        "cannot broadcast (2, 3) to (3,): the target has fewer axes (1 < 2)",
        "message of (2, 3) to (3,)"
    );
    let single = Tensor::<i32>::zeros(&[1]);
    assert!(
        single.broadcast_to(&[]).is_err(),
        "(1,) to () has fewer axes"
    );
}

#[test]
fn broadcast_to_huge_shape_allocates_nothing() {
    let s = Tensor::scalar(1u8);
    let (result, bytes) = bytes_allocated_by(|| {
        s.broadcast_to(&[usize::MAX, 2])
            .map(|view| view.shape().to_vec())
    });
    assert!(
        matches!(result, Err(ShapeError::SizeOverflow { .. })),
        "() to (usize::MAX, 2): {result:?}"
    );
    assert!(
        bytes < ERROR_ALLOCATION_LIMIT,
        "broadcast_to((usize::MAX, 2)) allocated {bytes} bytes"
    );
}

// ---------------------------------------------------------------------------
// Equality.

#[test]
fn eq_compares_logical_elements_across_strides_and_ownership() {
    let a = tensor![[1, 2], [3, 4]];
    let b = tensor![[1, 3], [2, 4]];
    assert_eq!(a.t(), b, "a.t() == b");
    assert_eq!(b, a.t(), "b == a.t()");
    assert_ne!(a, b, "a != b");
    assert_eq!(a.view(), a, "a.view() == a");
    let cow = a.reshape(&[2, 2]).unwrap();
    assert_eq!(cow, a, "reshape to the same shape == a");
    let data = [4, 3, 2, 1];
    let reversed = TensorView::from_parts(&data, &[2, 2], &[-2, -1], 3).unwrap();
    assert_eq!(
        reversed, a,
        "a reversed view of [4, 3, 2, 1] == [[1, 2], [3, 4]]"
    );
    let pair = tensor![1, 2];
    let broadcast = pair.broadcast_to(&[2, 2]).unwrap();
    assert_eq!(
        broadcast,
        tensor![[1, 2], [1, 2]],
        "broadcast view == its copy"
    );
}

#[test]
fn eq_requires_equal_shapes() {
    let a = tensor![[1, 2], [3, 4]];
    assert_ne!(
        tensor![1, 2, 3, 4],
        a,
        "(4,) != (2, 2) with the same elements"
    );
    assert_ne!(
        a.reshape(&[1, 4]).unwrap(),
        a,
        "(1, 4) != (2, 2) with the same elements"
    );
    assert_ne!(
        Tensor::<f32>::zeros(&[0, 3]),
        Tensor::<f32>::zeros(&[3, 0]),
        "empty (0, 3) != empty (3, 0)"
    );
    assert_eq!(
        Tensor::<f32>::zeros(&[0, 3]),
        Tensor::<f32>::zeros(&[0, 3]),
        "empty (0, 3) == empty (0, 3)"
    );
    assert_ne!(
        Tensor::scalar(1),
        tensor![1],
        "() != (1,) with the same element"
    );
}

#[test]
fn eq_with_nan_is_false() {
    let a = tensor![1.0, f64::NAN];
    assert_ne!(
        a,
        a.clone(),
        "a tensor containing NaN is not equal to itself"
    );
}

#[test]
fn eq_treats_signed_zeros_as_equal() {
    assert_eq!(tensor![0.0], tensor![-0.0], "0.0 == -0.0 elementwise");
}

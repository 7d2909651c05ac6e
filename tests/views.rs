//! Integration tests of slicing (`s!`, `SliceArg`, `slice`), the view
//! operations (`squeeze`, `expand_dims`, `swapaxes`, `flatten`, `ravel`,
//! `to_contiguous`), `concatenate`, `stack`, `argmax` and `argmin`.
//!
//! Expected values were checked with numpy 2.4; the comments quote what
//! numpy returned. The property tests compare slices, chains of views and
//! the joins against oracles that work on plain row-major data.

use std::ops::Bound;

use baretensor::strategies::{shapes, tensors};
use baretensor::{SliceArg, Tensor, TensorView, concatenate, s, stack, tensor};
use proptest::prelude::*;

mod common;
use common::row_major_indices;

// ---------------------------------------------------------------------------
// Helpers.

/// numpy's `np.arange(len).reshape(shape)` as `i32`.
fn arange(shape: &[usize]) -> Tensor<i32> {
    let len: usize = shape.iter().product();
    Tensor::from_vec((0..len as i32).collect(), shape).unwrap()
}

fn row_major_position(index: &[usize], shape: &[usize]) -> usize {
    index
        .iter()
        .zip(shape)
        .fold(0, |position, (&i, &len)| position * len + i)
}

/// Checks that a view's layout only reaches positions inside its buffer,
/// which `from_parts` verifies independently of how the view was made.
fn stays_in_buffer<T: baretensor::Element>(view: &TensorView<'_, T>) -> bool {
    TensorView::from_parts(view.buffer(), view.shape(), view.strides(), view.offset()).is_ok()
}

// ---------------------------------------------------------------------------
// Slicing.

#[test]
fn slice_range_and_reversal_match_numpy() {
    let x = arange(&[2, 3, 4]);
    // x[1:3, ::-1]: shape (1, 3, 4), strides (12, -4, 1), offset 20,
    // values [20..24, 16..20, 12..16].
    let view = x.slice(&s![1..3, ..;-1]).unwrap();
    assert_eq!(view.shape(), &[1, 3, 4]);
    assert_eq!(view.strides(), &[12, -4, 1]);
    assert_eq!(view.offset(), 20);
    assert_eq!(
        view.to_vec(),
        vec![20, 21, 22, 23, 16, 17, 18, 19, 12, 13, 14, 15]
    );
}

#[test]
fn slice_step_and_index_match_numpy() {
    let x = arange(&[2, 3, 4]);
    // x[::2, -1]: shape (1, 4), strides (24, 1), offset 8.
    let view = x.slice(&s![..;2, -1]).unwrap();
    assert_eq!(view.shape(), &[1, 4]);
    assert_eq!(view.strides(), &[24, 1]);
    assert_eq!(view.offset(), 8);
    assert_eq!(view.to_vec(), vec![8, 9, 10, 11]);

    // x[:, 1:, -2::-2]: shape (2, 2, 2), strides (12, 4, -2), offset 6.
    let view = x.slice(&s![.., 1.., -2..;-2]).unwrap();
    assert_eq!(view.shape(), &[2, 2, 2]);
    assert_eq!(view.strides(), &[12, 4, -2]);
    assert_eq!(view.offset(), 6);
    assert_eq!(view.to_vec(), vec![6, 4, 10, 8, 18, 16, 22, 20]);
}

#[test]
fn slice_indices_drop_axes() {
    let x = arange(&[2, 3, 4]);
    // x[-1, 2]: shape (4,), strides (1,), offset 20.
    let view = x.slice(&s![-1, 2]).unwrap();
    assert_eq!(view.shape(), &[4]);
    assert_eq!(view.offset(), 20);
    assert_eq!(view.to_vec(), vec![20, 21, 22, 23]);

    // x[0, :, 1]: shape (3,), strides (4,), offset 1.
    let view = x.slice(&s![0, .., 1]).unwrap();
    assert_eq!(view.strides(), &[4]);
    assert_eq!(view.to_vec(), vec![1, 5, 9]);

    // x[1, 2, 3] is the 0-d element 23.
    let element = x.slice(&s![1, 2, 3]).unwrap();
    assert_eq!(element.shape(), &[] as &[usize]);
    assert_eq!(element.to_vec(), vec![23]);
}

#[test]
fn slice_one_axis_matches_numpy() {
    let a = arange(&[6]);
    let values = |args: &[SliceArg]| a.slice(args).unwrap().to_vec();
    // a[5:0:-2] [5, 3, 1]; a[2:] [2, 3, 4, 5]; a[:-1] [0, 1, 2, 3, 4];
    // a[-100:100] [0..6]; a[4:1] []; a[::-1] [5..0]; a[-2::-3] [4, 1].
    assert_eq!(values(&s![5..0;-2]), vec![5, 3, 1]);
    assert_eq!(values(&s![2..]), vec![2, 3, 4, 5]);
    assert_eq!(values(&s![..-1]), vec![0, 1, 2, 3, 4]);
    assert_eq!(values(&s![-100..100]), vec![0, 1, 2, 3, 4, 5]);
    assert_eq!(values(&s![4..1]), Vec::<i32>::new());
    assert_eq!(values(&s![..;-1]), vec![5, 4, 3, 2, 1, 0]);
    assert_eq!(values(&s![-2..;-3]), vec![4, 1]);
}

#[test]
fn slice_empty_result_is_view() {
    let x = arange(&[2, 3, 4]);
    // x[:, -7:7:-3]: shape (2, 0, 4), offset 0.
    let view = x.slice(&s![.., -7..7;-3]).unwrap();
    assert_eq!(view.shape(), &[2, 0, 4]);
    assert_eq!(view.offset(), 0);
    assert!(view.to_vec().is_empty());

    let nothing = arange(&[0]);
    assert_eq!(nothing.slice(&s![..;-1]).unwrap().shape(), &[0]);
}

#[test]
fn slice_inclusive_end_takes_stop() {
    let a = arange(&[6]);
    let values = |args: &[SliceArg]| a.slice(args).unwrap().to_vec();
    // numpy a[1:4] [1, 2, 3]; a[3:0:-1] [3, 2, 1]; a[:] and a[::-1].
    assert_eq!(values(&s![1..=3]), vec![1, 2, 3]);
    assert_eq!(values(&s![3..=1;-1]), vec![3, 2, 1]);
    assert_eq!(values(&s![..=-1]), vec![0, 1, 2, 3, 4, 5]);
    assert_eq!(values(&s![..=0;-1]), vec![5, 4, 3, 2, 1, 0]);
    assert_eq!(values(&s![..=-2;2]), vec![0, 2, 4]);
    assert_eq!(values(&s![..=-7]), Vec::<i32>::new());
}

#[test]
fn slice_of_strided_views_matches_numpy() {
    let m = arange(&[3, 4]);
    // m.T[1:, ::-2]: shape (3, 2), strides (1, -8), offset 9.
    let transposed = m.t();
    let view = transposed.slice(&s![1.., ..;-2]).unwrap();
    assert_eq!(view.shape(), &[3, 2]);
    assert_eq!(view.strides(), &[1, -8]);
    assert_eq!(view.offset(), 9);
    assert_eq!(view.to_vec(), vec![9, 1, 10, 2, 11, 3]);

    // broadcast_to(arange(3), (4, 3))[::-1, 1:]: [[1, 2]] * 4, strides (0, 1).
    let row = arange(&[3]);
    let grid = row.broadcast_to(&[4, 3]).unwrap();
    let view = grid.slice(&s![..;-1, 1..]).unwrap();
    assert_eq!(view.strides(), &[0, 1]);
    assert_eq!(view.to_vec(), vec![1, 2, 1, 2, 1, 2, 1, 2]);
}

#[test]
fn slice_accepts_integer_types() {
    let x = arange(&[4, 5]);
    let (rows, column, first): (usize, i64, isize) = (3, -2, 1);
    assert_eq!(x.slice(&s![1..rows, column]).unwrap().to_vec(), vec![8, 13]);
    assert_eq!(x.slice(&s![first.., ..=3;2]).unwrap().shape(), &[3, 2]);
    assert_eq!(x.slice(&s![]).unwrap().shape(), &[4, 5]);
}

#[test]
fn slice_builder_matches_macro() {
    let built = [
        SliceArg::index(-1),
        SliceArg::range(Some(5), Some(0), -2),
        SliceArg::full(),
        SliceArg::range(None, Some(-1), 1),
    ];
    assert_eq!(built, s![-1, 5..0;-2, .., ..-1]);
    let inclusive = SliceArg::Range {
        start: None,
        stop: Bound::Included(3),
        step: 2,
    };
    assert_eq!(s![..=3;2], [inclusive]);
}

#[test]
fn slice_index_out_of_range_names_axis() {
    let x = arange(&[2, 3]);
    // numpy: IndexError: index 5 is out of bounds for axis 1 with size 3.
    let error = x.slice(&s![.., 5]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "index 5 is out of range for axis 1 of shape (2, 3): its length is 3, \
         so valid indices are -3 to 2"
    );
    let error = x.slice(&s![-3]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "index -3 is out of range for axis 0 of shape (2, 3): its length is 2, \
         so valid indices are -2 to 1"
    );
    let empty = arange(&[0, 3]);
    assert_eq!(
        empty.slice(&s![0]).unwrap_err().to_string(),
        "index 0 is out of range for axis 0 of shape (0, 3): its length is 0, \
         so no index is valid"
    );
}

#[test]
fn slice_step_zero_is_error() {
    // numpy: ValueError: slice step cannot be zero.
    let x = arange(&[2, 3]);
    assert_eq!(
        x.slice(&s![.., ..;0]).unwrap_err().to_string(),
        "cannot slice axis 1 with step 0: the step must be non-zero"
    );
    assert!(x.slice(&[SliceArg::range(None, None, 0)]).is_err());
}

#[test]
fn slice_too_many_entries_is_error() {
    // numpy: IndexError: too many indices for array: array is
    // 3-dimensional, but 4 were indexed.
    let x = arange(&[2, 3, 1]);
    assert_eq!(
        x.slice(&s![0, 0, 0, 0]).unwrap_err().to_string(),
        "cannot slice shape (2, 3, 1) with 4 entries: it has 3 axes"
    );
    let scalar = Tensor::scalar(7);
    assert_eq!(scalar.slice(&s![]).unwrap().to_vec(), vec![7]);
    assert!(scalar.slice(&s![..]).is_err());
}

// ---------------------------------------------------------------------------
// squeeze, expand_dims, swapaxes.

#[test]
fn squeeze_removes_unit_axes() {
    let y = arange(&[1, 3, 1, 2]);
    // np.squeeze(y): shape (3, 2), strides (2, 1) in elements.
    let squeezed = y.squeeze();
    assert_eq!(squeezed.shape(), &[3, 2]);
    assert_eq!(squeezed.strides(), &[2, 1]);
    assert_eq!(squeezed.to_vec(), y.to_vec());
    // np.squeeze(y, axis=(0, -2)): (3, 2); axis=(): (1, 3, 1, 2).
    assert_eq!(y.squeeze_axes(&[0, -2]).unwrap().shape(), &[3, 2]);
    assert_eq!(y.squeeze_axes(&[]).unwrap().shape(), &[1, 3, 1, 2]);
    assert_eq!(Tensor::scalar(1).squeeze().shape(), &[] as &[usize]);
}

#[test]
fn squeeze_axes_rejects_long_axis() {
    // numpy: ValueError: cannot select an axis to squeeze out which has
    // size not equal to one.
    let x = arange(&[2, 3, 1]);
    assert_eq!(
        x.squeeze_axes(&[1]).unwrap_err().to_string(),
        "cannot squeeze axis 1 of shape (2, 3, 1): its length is 3, not 1"
    );
    // numpy: ValueError: duplicate value in 'axis'.
    assert_eq!(
        x.squeeze_axes(&[2, -1]).unwrap_err().to_string(),
        "axis 2 appears more than once in the axes [2, -1]"
    );
    assert!(x.squeeze_axes(&[3]).is_err());
}

#[test]
fn expand_dims_strides_match_numpy() {
    let z = arange(&[2, 3]);
    // np.expand_dims(z, axis): shapes and strides in elements.
    let cases: [(isize, [usize; 3], [isize; 3]); 5] = [
        (0, [1, 2, 3], [6, 3, 1]),
        (1, [2, 1, 3], [3, 3, 1]),
        (2, [2, 3, 1], [3, 1, 1]),
        (-1, [2, 3, 1], [3, 1, 1]),
        (-3, [1, 2, 3], [6, 3, 1]),
    ];
    for (axis, shape, strides) in cases {
        let expanded = z.expand_dims(axis).unwrap();
        assert_eq!(expanded.shape(), &shape, "axis {axis}");
        assert_eq!(expanded.strides(), &strides, "axis {axis}");
        assert_eq!(expanded.to_vec(), z.to_vec(), "axis {axis}");
    }
}

#[test]
fn expand_dims_rejects_far_axis() {
    // numpy: AxisError: axis 4 is out of bounds for array of dimension 4
    // (for shape (2, 3, 1)); -5 likewise.
    let x = arange(&[2, 3, 1]);
    assert!(x.expand_dims(3).is_ok());
    assert!(x.expand_dims(-4).is_ok());
    assert_eq!(
        x.expand_dims(4).unwrap_err().to_string(),
        "expand_dims: cannot insert axis 4 into shape (2, 3, 1): \
         the result has rank 4, so valid axes are -4 to 3"
    );
    assert!(x.expand_dims(-5).is_err());
    assert_eq!(Tensor::scalar(1).expand_dims(-1).unwrap().shape(), &[1]);
}

#[test]
fn swapaxes_matches_numpy() {
    let w = arange(&[2, 3, 4]);
    // np.swapaxes(w, 0, -1): shape (4, 3, 2), strides (1, 4, 12),
    // values starting [0, 12, 4, 16, 8, 20, 1, 13].
    let swapped = w.swapaxes(0, -1).unwrap();
    assert_eq!(swapped.shape(), &[4, 3, 2]);
    assert_eq!(swapped.strides(), &[1, 4, 12]);
    assert_eq!(swapped.to_vec()[..8], [0, 12, 4, 16, 8, 20, 1, 13]);
    assert_eq!(w.swapaxes(1, 1).unwrap().shape(), &[2, 3, 4]);
    assert_eq!(
        w.swapaxes(0, 3).unwrap_err().to_string(),
        "axis 3 is out of range for a tensor of rank 3 (valid axes are -3 to 2)"
    );
}

// ---------------------------------------------------------------------------
// flatten, ravel, to_contiguous.

#[test]
fn flatten_copies_in_row_major_order() {
    let z = arange(&[2, 3]);
    // z.T.flatten() [0, 3, 1, 4, 2, 5]; np.array(7).flatten().shape (1,).
    let flat = z.t().flatten();
    assert_eq!(flat.shape(), &[6]);
    assert_eq!(flat.to_vec(), vec![0, 3, 1, 4, 2, 5]);
    assert_eq!(Tensor::scalar(7).flatten().shape(), &[1]);
    assert_eq!(z.flatten().into_vec(), vec![0, 1, 2, 3, 4, 5]);
}

#[test]
fn ravel_borrows_only_contiguous() {
    let z = arange(&[2, 3]);
    // np.shares_memory(z[1], z[1].ravel()) is True: [3, 4, 5].
    let row = z.slice(&s![1]).unwrap();
    let raveled = row.ravel();
    assert!(raveled.buffer_is_borrowed());
    assert_eq!(raveled.offset(), 3);
    assert_eq!(raveled.to_vec(), vec![3, 4, 5]);

    // np.arange(10)[::2].ravel() is a copy: [0, 2, 4, 6, 8].
    let a = arange(&[10]);
    let every_second = a.slice(&s![..;2]).unwrap();
    let raveled = every_second.ravel();
    assert!(!raveled.buffer_is_borrowed());
    assert_eq!(raveled.strides(), &[1]);
    assert_eq!(raveled.to_vec(), vec![0, 2, 4, 6, 8]);

    let transposed = z.t();
    assert!(!transposed.ravel().buffer_is_borrowed());
    assert_eq!(transposed.ravel().to_vec(), vec![0, 3, 1, 4, 2, 5]);
    assert_eq!(Tensor::scalar(7).ravel().shape(), &[1]);
}

#[test]
fn to_contiguous_borrows_or_copies() {
    let x = arange(&[2, 3, 4]);
    let block = x.slice(&s![1, 1..]).unwrap();
    let borrowed = block.to_contiguous();
    assert!(borrowed.buffer_is_borrowed());
    assert_eq!(
        borrowed.as_slice(),
        Some(&[16, 17, 18, 19, 20, 21, 22, 23][..])
    );

    let reversed = x.slice(&s![.., ..;-1]).unwrap();
    let copied = reversed.to_contiguous();
    assert!(!copied.buffer_is_borrowed());
    assert_eq!(copied.shape(), &[2, 3, 4]);
    assert_eq!(copied.strides(), &[12, 4, 1]);
    assert_eq!(copied.to_vec(), reversed.to_vec());

    // A copy stays the same tensor through into_owned.
    let owned = copied.into_owned();
    assert_eq!(owned.to_vec(), reversed.to_vec());

    // The stride of a unit axis is never applied, so (3, 1) with strides
    // (1, 7) is contiguous and comes back borrowed with row-major strides.
    let data = [1, 2, 3];
    let column = TensorView::from_parts(&data, &[3, 1], &[1, 7], 0).unwrap();
    let borrowed = column.to_contiguous();
    assert!(borrowed.buffer_is_borrowed());
    assert_eq!(borrowed.strides(), &[1, 1]);
    assert_eq!(borrowed.to_vec(), vec![1, 2, 3]);
}

// ---------------------------------------------------------------------------
// concatenate and stack.

#[test]
fn concatenate_matches_numpy() {
    let z = arange(&[2, 3]);
    // np.concatenate([z, z[:1]], 0): [[0, 1, 2], [3, 4, 5], [0, 1, 2]].
    let first_row = z.slice(&s![..1]).unwrap();
    let joined = concatenate(&[z.view(), first_row], 0).unwrap();
    assert_eq!(joined.shape(), &[3, 3]);
    assert_eq!(joined.to_vec(), vec![0, 1, 2, 3, 4, 5, 0, 1, 2]);

    // np.concatenate([z, z[:, ::-1], z.T[:2].T], 1):
    // [[0, 1, 2, 2, 1, 0, 0, 1], [3, 4, 5, 5, 4, 3, 3, 4]].
    let transposed = z.t();
    let two_rows = transposed.slice(&s![..2]).unwrap();
    let pieces = [z.view(), z.slice(&s![.., ..;-1]).unwrap(), two_rows.t()];
    let joined = concatenate(&pieces, 1).unwrap();
    assert_eq!(
        joined.to_vec(),
        vec![0, 1, 2, 2, 1, 0, 0, 1, 3, 4, 5, 5, 4, 3, 3, 4]
    );
}

#[test]
fn concatenate_broadcast_and_empty_pieces() {
    // np.concatenate([broadcast_to(arange(2), (3, 2)), zeros((3, 0)),
    // arange(3).reshape(3, 1)], -1): [[0, 1, 0], [0, 1, 1], [0, 1, 2]].
    let pair = arange(&[2]);
    let empty = arange(&[3, 0]);
    let column = arange(&[3, 1]);
    let pieces = [
        pair.broadcast_to(&[3, 2]).unwrap(),
        empty.view(),
        column.view(),
    ];
    let joined = concatenate(&pieces, -1).unwrap();
    assert_eq!(joined.to_vec(), vec![0, 1, 0, 0, 1, 1, 0, 1, 2]);

    // np.concatenate([arange(3), arange(0), arange(2)[::-1]]): [0, 1, 2, 1, 0].
    let (three, none, two) = (arange(&[3]), arange(&[0]), arange(&[2]));
    let pieces = [three.view(), none.view(), two.slice(&s![..;-1]).unwrap()];
    assert_eq!(
        concatenate(&pieces, 0).unwrap().to_vec(),
        vec![0, 1, 2, 1, 0]
    );
}

#[test]
fn concatenate_errors_name_shapes() {
    let a = arange(&[2, 3, 1]);
    let b = arange(&[2, 3]);
    let c = arange(&[2, 2, 1]);

    // numpy: need at least one array to concatenate.
    assert_eq!(
        concatenate::<i32>(&[], 0).unwrap_err().to_string(),
        "concatenate needs at least one tensor, but the list is empty"
    );

    // numpy: all the input arrays must have same number of dimensions, but
    // the array at index 0 has 3 dimension(s) and the array at index 1 has 2.
    assert_eq!(
        concatenate(&[a.view(), b.view()], 0)
            .unwrap_err()
            .to_string(),
        "concatenate: tensor 0 has shape (2, 3, 1) of rank 3 but tensor 1 has shape (2, 3) of rank 2"
    );

    // numpy: ... along dimension 1, the array at index 0 has size 3 and the
    // array at index 1 has size 2.
    assert_eq!(
        concatenate(&[a.view(), c.view()], 0)
            .unwrap_err()
            .to_string(),
        "concatenate: tensor 0 has shape (2, 3, 1) but tensor 1 has shape (2, 2, 1): \
         axis 1 has lengths 3 and 2, and only the joined axis 0 may differ"
    );
    assert!(concatenate(&[a.view(), c.view()], 1).is_ok());

    assert!(concatenate(&[a.view()], 3).is_err());
    // numpy: zero-dimensional arrays cannot be concatenated.
    let scalar = Tensor::scalar(1);
    assert!(concatenate(&[scalar.view(), scalar.view()], 0).is_err());
}

#[test]
fn concatenate_rejects_overflowing_length() {
    let one_element = Tensor::scalar(1u8);
    let huge = one_element.broadcast_to(&[usize::MAX]).unwrap();
    let error = concatenate(&[huge.clone(), huge], 0).unwrap_err();
    assert!(matches!(error, baretensor::ShapeError::SizeOverflow { .. }));
}

#[test]
fn stack_matches_numpy() {
    let z = arange(&[2, 3]);
    let tens = z.map(|x| x * 10);
    let pieces = [z.view(), tens.view()];

    // np.stack([z, z*10]) (2, 2, 3): [0..6, 0, 10, .., 50].
    let stacked = stack(&pieces, 0).unwrap();
    assert_eq!(stacked.shape(), &[2, 2, 3]);
    assert_eq!(
        stacked.to_vec(),
        vec![0, 1, 2, 3, 4, 5, 0, 10, 20, 30, 40, 50]
    );

    // np.stack(..., 1) (2, 2, 3): [0, 1, 2, 0, 10, 20, 3, 4, 5, 30, 40, 50].
    let stacked = stack(&pieces, 1).unwrap();
    assert_eq!(stacked.shape(), &[2, 2, 3]);
    assert_eq!(
        stacked.to_vec(),
        vec![0, 1, 2, 0, 10, 20, 3, 4, 5, 30, 40, 50]
    );

    // np.stack(..., -1) (2, 3, 2): [0, 0, 1, 10, 2, 20, 3, 30, 4, 40, 5, 50].
    let stacked = stack(&pieces, -1).unwrap();
    assert_eq!(stacked.shape(), &[2, 3, 2]);
    assert_eq!(
        stacked.to_vec(),
        vec![0, 0, 1, 10, 2, 20, 3, 30, 4, 40, 5, 50]
    );

    // np.stack([np.array(1), np.array(2)]): [1, 2].
    let (one, two) = (Tensor::scalar(1), Tensor::scalar(2));
    assert_eq!(
        stack(&[one.view(), two.view()], 0).unwrap().to_vec(),
        vec![1, 2]
    );
}

#[test]
fn stack_errors_name_shapes() {
    let a = arange(&[2, 3]);
    let b = arange(&[2, 2]);
    // numpy: need at least one array to stack.
    assert_eq!(
        stack::<i32>(&[], 0).unwrap_err().to_string(),
        "stack needs at least one tensor, but the list is empty"
    );
    // numpy: all input arrays must have the same shape.
    assert_eq!(
        stack(&[a.view(), b.view()], 0).unwrap_err().to_string(),
        "stack: tensor 0 has shape (2, 3) but tensor 1 has shape (2, 2): \
         axis 1 has lengths 3 and 2, and all shapes must be equal"
    );
    // numpy: AxisError: axis 3 is out of bounds for array of dimension 3.
    assert_eq!(
        stack(&[a.view(), a.view()], 3).unwrap_err().to_string(),
        "stack: cannot insert axis 3 into shape (2, 3): \
         the result has rank 3, so valid axes are -3 to 2"
    );
    assert!(stack(&[a.view(), a.view()], -3).is_ok());
}

// ---------------------------------------------------------------------------
// argmax and argmin.

#[test]
fn argmax_argmin_match_numpy() {
    let q = tensor![[3, 7, 7, 1], [9, 2, 9, 0], [4, 4, 4, 4]];
    // np.argmax(q) 4, np.argmin(q) 7.
    assert_eq!(q.argmax().unwrap(), 4);
    assert_eq!(q.argmin().unwrap(), 7);
    // argmax axis 0 [1, 0, 1, 2], axis 1 [1, 0, 0], keepdims shape (3, 1).
    assert_eq!(q.argmax_axis(0, false).unwrap().to_vec(), vec![1, 0, 1, 2]);
    assert_eq!(q.argmax_axis(1, false).unwrap().to_vec(), vec![1, 0, 0]);
    assert_eq!(q.argmax_axis(1, true).unwrap().shape(), &[3, 1]);
    // argmin axis 0 [0, 1, 2, 1], axis -1 [3, 3, 0].
    assert_eq!(q.argmin_axis(0, false).unwrap().to_vec(), vec![0, 1, 2, 1]);
    assert_eq!(q.argmin_axis(-1, false).unwrap().to_vec(), vec![3, 3, 0]);
}

#[test]
fn argmax_argmin_stop_at_first_nan() {
    let nan = f64::NAN;
    let f = tensor![
        [1.0, nan, 5.0],
        [nan, nan, 0.0],
        [2.0, 2.0, f64::NEG_INFINITY]
    ];
    // np.argmax(f) 1, np.argmin(f) 1; axis 0: argmax [1, 0, 0],
    // argmin [1, 0, 2]; axis 1: argmax [1, 0, 0], argmin [1, 0, 2].
    assert_eq!(f.argmax().unwrap(), 1);
    assert_eq!(f.argmin().unwrap(), 1);
    assert_eq!(f.argmax_axis(0, false).unwrap().to_vec(), vec![1, 0, 0]);
    assert_eq!(f.argmin_axis(0, false).unwrap().to_vec(), vec![1, 0, 2]);
    assert_eq!(f.argmax_axis(1, false).unwrap().to_vec(), vec![1, 0, 0]);
    assert_eq!(f.argmin_axis(1, false).unwrap().to_vec(), vec![1, 0, 2]);
}

#[test]
fn argmax_axis_of_strided_view() {
    let mut g = Tensor::from_shape_fn(&[2, 3, 4], |index| {
        (12 * index[0] + 4 * index[1] + index[2]) as f64
    })
    .unwrap();
    g[[1, 0, 2]] = f64::NAN;
    // np.argmax(g, 1) [[2, 2, 2, 2], [2, 2, 0, 2]];
    // np.argmin(g[:, ::-1], 2) [[0, 0, 0], [0, 0, 2]].
    assert_eq!(
        g.argmax_axis(1, false).unwrap().to_vec(),
        vec![2, 2, 2, 2, 2, 2, 0, 2]
    );
    let reversed = g.slice(&s![.., ..;-1]).unwrap();
    assert_eq!(
        reversed.argmin_axis(2, false).unwrap().to_vec(),
        vec![0, 0, 0, 0, 0, 2]
    );
}

#[test]
fn argmax_empty_is_error() {
    // numpy: ValueError: attempt to get argmax of an empty sequence, for
    // np.argmax(zeros((0, 3))) and for axis 0; axis 1 gives shape (0,).
    let empty = Tensor::<f64>::zeros(&[0, 3]);
    assert_eq!(
        empty.argmax().unwrap_err().to_string(),
        "argmax of an empty selection of shape (0, 3) has no value: reduce a non-empty tensor or axis"
    );
    assert!(empty.argmin_axis(0, false).is_err());
    assert_eq!(empty.argmax_axis(1, false).unwrap().shape(), &[0]);
    // np.argmax(zeros((2, 0, 3)), axis=2).shape (2, 0).
    let hollow = Tensor::<f64>::zeros(&[2, 0, 3]);
    assert_eq!(hollow.argmax_axis(2, false).unwrap().shape(), &[2, 0]);
    assert!(hollow.argmax_axis(1, true).is_err());
}

#[test]
fn argmax_of_scalar_accepts_axis_zero() {
    // np.argmax(np.array(3.0), axis=0) and axis=-1 give 0; axis=1 raises
    // AxisError(1, 1), naming dimension 1.
    let scalar = Tensor::scalar(3.0);
    assert_eq!(scalar.argmax().unwrap(), 0);
    let along = scalar.argmax_axis(0, true).unwrap();
    assert_eq!(along.shape(), &[] as &[usize]);
    assert_eq!(along.to_vec(), vec![0]);
    assert_eq!(scalar.argmin_axis(-1, false).unwrap().to_vec(), vec![0]);
    assert!(scalar.argmax_axis(1, false).is_err());
}

// ---------------------------------------------------------------------------
// The slice oracle: Python's slice.indices written out as CPython does it,
// then each selected position read by index.

#[derive(Clone, Debug)]
enum Entry {
    Index(isize),
    Range {
        start: Option<isize>,
        stop: Option<isize>,
        inclusive: bool,
        step: isize,
    },
}

impl Entry {
    fn to_arg(&self) -> SliceArg {
        match *self {
            Entry::Index(index) => SliceArg::index(index),
            Entry::Range {
                start,
                stop: Some(stop),
                inclusive: true,
                step,
            } => SliceArg::Range {
                start,
                stop: Bound::Included(stop),
                step,
            },
            Entry::Range {
                start, stop, step, ..
            } => SliceArg::range(start, stop, step),
        }
    }
}

/// CPython's `PySlice_AdjustIndices` for a non-zero step.
fn python_indices(
    start: Option<isize>,
    stop: Option<isize>,
    step: isize,
    len: isize,
) -> (isize, isize) {
    let adjust = |bound: Option<isize>, default: isize| match bound {
        None => default,
        Some(mut bound) => {
            if bound < 0 {
                bound += len;
                if bound < 0 {
                    bound = if step < 0 { -1 } else { 0 };
                }
            } else if bound >= len {
                bound = if step < 0 { len - 1 } else { len };
            }
            bound
        }
    };
    let (start_default, stop_default) = if step < 0 { (len - 1, -1) } else { (0, len) };
    (adjust(start, start_default), adjust(stop, stop_default))
}

/// Returns the positions an entry selects, or `None` for an index out of
/// range.
fn oracle_positions(entry: &Entry, len: usize) -> Option<Vec<usize>> {
    let len = len as isize;
    match *entry {
        Entry::Index(index) => {
            let position = if index < 0 { index + len } else { index };
            (0..len)
                .contains(&position)
                .then(|| vec![position as usize])
        }
        Entry::Range {
            start,
            stop,
            inclusive,
            step,
        } => {
            // An inclusive stop: walk without a stop, and keep positions up
            // to and including `stop` in the direction of the walk.
            let exclusive_stop = if inclusive { None } else { stop };
            let (mut position, end) = python_indices(start, exclusive_stop, step, len);
            let mut positions = Vec::new();
            while (step > 0 && position < end) || (step < 0 && position > end) {
                positions.push(position);
                position += step;
            }
            if let (true, Some(stop)) = (inclusive, stop) {
                let last = if stop < 0 { stop + len } else { stop };
                positions.retain(|&p| if step > 0 { p <= last } else { p >= last });
            }
            Some(positions.into_iter().map(|p| p as usize).collect())
        }
    }
}

/// A tensor as plain row-major data, on which the oracles work.
#[derive(Clone, Debug, PartialEq)]
struct Nested {
    shape: Vec<usize>,
    data: Vec<i32>,
}

impl Nested {
    fn from_view(tensor: &TensorView<'_, i32>) -> Nested {
        Nested {
            shape: tensor.shape().to_vec(),
            data: tensor.to_vec(),
        }
    }

    /// Builds the tensor of `shape` whose element at each index is this
    /// one's element at `source(index)`.
    fn remap(&self, shape: Vec<usize>, source: impl Fn(&[usize]) -> Vec<usize>) -> Nested {
        let data = row_major_indices(&shape)
            .iter()
            .map(|index| self.data[row_major_position(&source(index), &self.shape)])
            .collect();
        Nested { shape, data }
    }

    fn slice(&self, entries: &[Entry]) -> Option<Nested> {
        let mut per_axis = Vec::new();
        for (axis, &len) in self.shape.iter().enumerate() {
            let entry = entries.get(axis).cloned().unwrap_or(Entry::Range {
                start: None,
                stop: None,
                inclusive: false,
                step: 1,
            });
            let keeps_axis = matches!(entry, Entry::Range { .. });
            per_axis.push((oracle_positions(&entry, len)?, keeps_axis));
        }
        let shape = per_axis
            .iter()
            .filter(|(_, keeps_axis)| *keeps_axis)
            .map(|(positions, _)| positions.len())
            .collect();
        Some(self.remap(shape, |index| {
            let mut kept_indices = index.iter();
            per_axis
                .iter()
                .map(|(positions, keeps_axis)| match keeps_axis {
                    true => positions[*kept_indices.next().unwrap()],
                    false => positions[0],
                })
                .collect()
        }))
    }

    fn permute(&self, axes: &[usize]) -> Nested {
        let shape = axes.iter().map(|&axis| self.shape[axis]).collect();
        self.remap(shape, |index| {
            let mut source = vec![0; axes.len()];
            for (k, &axis) in axes.iter().enumerate() {
                source[axis] = index[k];
            }
            source
        })
    }

    fn broadcast_to(&self, shape: &[usize]) -> Nested {
        let added = shape.len() - self.shape.len();
        self.remap(shape.to_vec(), |index| {
            (0..self.shape.len())
                .map(|k| {
                    if self.shape[k] == 1 {
                        0
                    } else {
                        index[added + k]
                    }
                })
                .collect()
        })
    }

    fn expand_dims(&self, position: usize) -> Nested {
        let mut shape = self.shape.clone();
        shape.insert(position, 1);
        self.remap(shape, |index| {
            let mut source = index.to_vec();
            source.remove(position);
            source
        })
    }

    fn squeeze(&self) -> Nested {
        let shape = self.shape.iter().copied().filter(|&len| len != 1).collect();
        self.remap(shape, |index| {
            let mut kept_indices = index.iter();
            self.shape
                .iter()
                .map(|&len| {
                    if len == 1 {
                        0
                    } else {
                        *kept_indices.next().unwrap()
                    }
                })
                .collect()
        })
    }
}

fn entry() -> impl Strategy<Value = Entry> {
    let bound = prop::option::of(-7isize..7);
    let step = prop_oneof![-3isize..=-1, 1isize..=3];
    prop_oneof![
        1 => (-7isize..7).prop_map(Entry::Index),
        3 => (bound.clone(), bound, any::<bool>(), step).prop_map(|(start, stop, inclusive, step)| {
            Entry::Range { start, stop, inclusive, step }
        }),
    ]
}

// ---------------------------------------------------------------------------
// The chain oracle: each step is drawn from a seed against the current
// shape, applied to the view and to the plain data, and compared.

/// A small deterministic generator (SplitMix64), so a step's parameters
/// follow from its seed and the shape it meets.
struct Draw(u64);

impl Draw {
    fn below(&mut self, bound: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % bound.max(1) as u64) as usize
    }

    fn permutation(&mut self, len: usize) -> Vec<usize> {
        let mut axes: Vec<usize> = (0..len).collect();
        for k in (1..len).rev() {
            axes.swap(k, self.below(k + 1));
        }
        axes
    }

    fn signed_axis(&mut self, ndim: usize) -> isize {
        let axis = self.below(ndim) as isize;
        if self.below(2) == 0 {
            axis
        } else {
            axis - ndim as isize
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum StepKind {
    Permute,
    ReversingSlice,
    BroadcastTo,
    Swapaxes,
    ExpandDims,
    Squeeze,
    Reshape,
}

fn step() -> impl Strategy<Value = (StepKind, u64)> {
    // Steps that make a layout strided come more often than those that
    // may make it contiguous again (a reshape that copies, a squeeze).
    let kind = prop_oneof![
        2 => Just(StepKind::Permute),
        3 => Just(StepKind::ReversingSlice),
        2 => Just(StepKind::BroadcastTo),
        2 => Just(StepKind::Swapaxes),
        1 => Just(StepKind::ExpandDims),
        1 => Just(StepKind::Squeeze),
        1 => Just(StepKind::Reshape),
    ];
    (kind, any::<u64>())
}

/// Returns a slice with a negative step on one axis, or more.
fn reversing_slice(shape: &[usize], draw: &mut Draw) -> Vec<Entry> {
    let reversed_axis = draw.below(shape.len());
    (0..draw
        .below(shape.len() + 1)
        .max(reversed_axis + 1)
        .min(shape.len()))
        .map(|axis| {
            // Mostly whole ranges and bounds within the axis: the slice
            // property test covers the rest, and a chain that turns empty
            // early checks little.
            let len = shape[axis] as isize;
            let bound = |draw: &mut Draw| match draw.below(4) {
                0 => Some(draw.below(2 * len as usize + 1) as isize - len),
                _ => None,
            };
            if axis != reversed_axis && draw.below(4) == 0 {
                return Entry::Index(draw.below(shape[axis].max(1)) as isize);
            }
            let magnitude = 1 + draw.below(3) as isize;
            let step = if axis == reversed_axis || draw.below(2) == 0 {
                -magnitude
            } else {
                magnitude
            };
            Entry::Range {
                start: bound(draw),
                stop: bound(draw),
                inclusive: draw.below(4) == 0,
                step,
            }
        })
        .collect()
}

/// Returns a shape that `shape` broadcasts to, with at most `max_len`
/// elements, or `shape` itself when a stretched one would be larger.
fn broadcast_target(shape: &[usize], draw: &mut Draw, max_len: usize) -> Vec<usize> {
    let mut target: Vec<usize> = (0..draw.below(2)).map(|_| 1 + draw.below(3)).collect();
    target.extend(
        shape
            .iter()
            .map(|&len| if len == 1 { 1 + draw.below(3) } else { len }),
    );
    if target.iter().product::<usize>() > max_len || target.len() > 6 {
        shape.to_vec()
    } else {
        target
    }
}

/// Returns a shape with `len` elements, split from `len` by random divisors.
fn reshape_target(len: usize, draw: &mut Draw) -> Vec<usize> {
    if len == 0 {
        let mut shape = vec![draw.below(3), draw.below(3)];
        shape[draw.below(2)] = 0;
        return shape;
    }
    let mut shape = Vec::new();
    let mut remaining = len;
    for _ in 0..draw.below(3) {
        let divisors: Vec<usize> = (1..=remaining)
            .filter(|d| remaining.is_multiple_of(*d))
            .collect();
        let divisor = divisors[draw.below(divisors.len())];
        shape.push(divisor);
        remaining /= divisor;
    }
    shape.push(remaining);
    shape
}

/// Applies `steps` to `view` and to `oracle` one at a time, checking the
/// view's shape, elements and bounds after each.
fn check_chain(
    view: TensorView<'_, i32>,
    oracle: Nested,
    steps: &[(StepKind, u64)],
) -> Result<(), TestCaseError> {
    prop_assert_eq!(view.shape(), &oracle.shape[..]);
    prop_assert_eq!(view.to_vec(), oracle.data.clone());
    prop_assert!(
        stays_in_buffer(&view),
        "{:?} {:?} {}",
        view.shape(),
        view.strides(),
        view.offset()
    );

    let Some((&(kind, seed), rest)) = steps.split_first() else {
        return Ok(());
    };
    let mut draw = Draw(seed);
    let ndim = view.ndim();
    match kind {
        StepKind::Permute => {
            let axes = draw.permutation(ndim);
            check_chain(view.permute(&axes).unwrap(), oracle.permute(&axes), rest)
        }
        StepKind::ReversingSlice if ndim > 0 => {
            let entries = reversing_slice(view.shape(), &mut draw);
            let args: Vec<SliceArg> = entries.iter().map(Entry::to_arg).collect();
            match oracle.slice(&entries) {
                Some(expected) => check_chain(view.slice(&args).unwrap(), expected, rest),
                None => {
                    prop_assert!(view.slice(&args).is_err());
                    check_chain(view.view(), oracle, rest)
                }
            }
        }
        StepKind::BroadcastTo => {
            let target = broadcast_target(view.shape(), &mut draw, 400);
            let expected = oracle.broadcast_to(&target);
            check_chain(view.broadcast_to(&target).unwrap(), expected, rest)
        }
        StepKind::Swapaxes if ndim > 0 => {
            let (first, second) = (draw.signed_axis(ndim), draw.signed_axis(ndim));
            let mut axes: Vec<usize> = (0..ndim).collect();
            axes.swap(
                first.rem_euclid(ndim as isize) as usize,
                second.rem_euclid(ndim as isize) as usize,
            );
            let expected = oracle.permute(&axes);
            check_chain(view.swapaxes(first, second).unwrap(), expected, rest)
        }
        StepKind::ExpandDims if ndim < 6 => {
            let axis = draw.signed_axis(ndim + 1);
            let position = axis.rem_euclid(ndim as isize + 1) as usize;
            check_chain(
                view.expand_dims(axis).unwrap(),
                oracle.expand_dims(position),
                rest,
            )
        }
        StepKind::Squeeze => check_chain(view.squeeze(), oracle.squeeze(), rest),
        StepKind::Reshape => {
            let shape = reshape_target(view.len(), &mut draw);
            let reshaped = view.reshape(&shape).unwrap();
            let expected = Nested {
                shape,
                data: oracle.data,
            };
            check_chain(reshaped.view(), expected, rest)
        }
        _ => check_chain(view, oracle, rest),
    }
}

// ---------------------------------------------------------------------------
// Oracles for the joins and the arg reductions.

/// Returns the row-major data of `pieces` joined along `axis`, read by
/// index.
fn oracle_concatenate(pieces: &[Nested], axis: usize) -> Nested {
    let mut shape = pieces[0].shape.clone();
    shape[axis] = pieces.iter().map(|piece| piece.shape[axis]).sum();
    let data = row_major_indices(&shape)
        .into_iter()
        .map(|mut index| {
            let mut piece = 0;
            while index[axis] >= pieces[piece].shape[axis] {
                index[axis] -= pieces[piece].shape[axis];
                piece += 1;
            }
            pieces[piece].data[row_major_position(&index, &pieces[piece].shape)]
        })
        .collect();
    Nested { shape, data }
}

fn oracle_stack(pieces: &[Nested], position: usize) -> Nested {
    let mut shape = pieces[0].shape.clone();
    shape.insert(position, pieces.len());
    let data = row_major_indices(&shape)
        .into_iter()
        .map(|mut index| {
            let piece = index.remove(position);
            pieces[piece].data[row_major_position(&index, &pieces[piece].shape)]
        })
        .collect();
    Nested { shape, data }
}

/// Returns the first index of a NaN in `lane`, or else of its first
/// maximum (or minimum), by a plain scan.
fn oracle_arg(lane: &[f64], maximum: bool) -> usize {
    if let Some(nan) = lane.iter().position(|x| x.is_nan()) {
        return nan;
    }
    let mut best = 0;
    for (position, &value) in lane.iter().enumerate() {
        if (maximum && value > lane[best]) || (!maximum && value < lane[best]) {
            best = position;
        }
    }
    best
}

/// Generates the integers 0 to 3 or NaN, so that lanes have ties and NaN.
/// Kept by hand: `floats` draws from a continuous range, where ties are
/// rare.
fn small_float() -> impl Strategy<Value = f64> {
    prop_oneof![4 => (0..4).prop_map(f64::from), 1 => Just(f64::NAN)]
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Failures are reported here, not saved next to the tests.
        failure_persistence: None,
        ..ProptestConfig::with_cases(256)
    })]

    /// Random slices of random shapes, on a contiguous tensor and on the
    /// same elements behind negative strides, against the slice oracle.
    #[test]
    fn slice_matches_python_oracle(
        (shape, entries, reversed) in shapes(1..=4, 0..=5).prop_flat_map(|shape| {
            let ndim = shape.len();
            (Just(shape), prop::collection::vec(entry(), 0..=ndim), any::<bool>())
        })
    ) {
        let base = arange(&shape);
        let reversed_base;
        let source = if reversed {
            let all_reversed: Vec<SliceArg> =
                shape.iter().map(|_| SliceArg::range(None, None, -1)).collect();
            reversed_base = base.slice(&all_reversed).unwrap();
            reversed_base.view()
        } else {
            base.view()
        };
        let args: Vec<SliceArg> = entries.iter().map(Entry::to_arg).collect();

        match Nested::from_view(&source).slice(&entries) {
            Some(expected) => {
                let view = source.slice(&args).unwrap();
                prop_assert_eq!(view.shape(), &expected.shape[..]);
                prop_assert_eq!(view.to_vec(), expected.data);
                prop_assert!(stays_in_buffer(&view));
            }
            None => {
                let is_index_error = matches!(
                    source.slice(&args),
                    Err(baretensor::ShapeError::SliceIndexOutOfRange { .. })
                );
                prop_assert!(is_index_error);
            }
        }
    }

    /// Chains of up to eight view operations against the data oracle,
    /// checked after every step.
    #[test]
    fn view_chain_matches_oracle(
        // Mostly non-empty, so that most chains have elements to compare.
        // Kept by hand: `shapes` draws a side of 0 as often as any other.
        shape in prop::collection::vec(prop_oneof![8 => 2usize..=4, 3 => Just(1), 1 => Just(0)], 1..=4),
        steps in prop::collection::vec(step(), 1..=8),
    ) {
        let base = arange(&shape);
        let view = base.view();
        let oracle = Nested::from_view(&view);
        check_chain(view, oracle, &steps)?;
    }

    /// concatenate and stack of reversed and contiguous views against the
    /// index oracles.
    #[test]
    fn join_matches_oracle(
        negative_axis in any::<bool>(),
        (shape, axis, lengths, reversed) in shapes(1..=3, 0..=3)
            .prop_flat_map(|shape| {
                let ndim = shape.len();
                (
                    Just(shape),
                    0..ndim,
                    prop::collection::vec(0usize..=3, 1..=3),
                    prop::collection::vec(any::<bool>(), 3),
                )
            })
    ) {
        let owned: Vec<Tensor<i32>> = lengths
            .iter()
            .enumerate()
            .map(|(k, &len)| {
                let mut piece_shape = shape.clone();
                piece_shape[axis] = len;
                arange(&piece_shape).map(|x| x + 100 * k as i32)
            })
            .collect();
        let reverse_all = [SliceArg::range(None, None, -1); 3];
        let views: Vec<TensorView<'_, i32>> = owned
            .iter()
            .zip(&reversed)
            .map(|(piece, &is_reversed)| match is_reversed {
                true => piece.slice(&reverse_all[..shape.len()]).unwrap(),
                false => piece.view(),
            })
            .collect();
        let nested: Vec<Nested> = views.iter().map(Nested::from_view).collect();

        let ndim = shape.len() as isize;
        let signed_axis = if negative_axis { axis as isize - ndim } else { axis as isize };
        let joined = concatenate(&views, signed_axis).unwrap();
        let expected = oracle_concatenate(&nested, axis);
        prop_assert_eq!(joined.shape(), &expected.shape[..]);
        prop_assert_eq!(joined.to_vec(), expected.data);

        let same_shape: Vec<TensorView<'_, i32>> = views
            .iter()
            .filter(|view| view.shape() == views[0].shape())
            .cloned()
            .collect();
        let same_nested: Vec<Nested> = same_shape.iter().map(Nested::from_view).collect();
        for position in 0..=shape.len() {
            let signed_position = match negative_axis {
                true => position as isize - (ndim + 1),
                false => position as isize,
            };
            let stacked = stack(&same_shape, signed_position).unwrap();
            let expected = oracle_stack(&same_nested, position);
            prop_assert_eq!(stacked.shape(), &expected.shape[..]);
            prop_assert_eq!(stacked.to_vec(), expected.data);
        }
    }

    /// argmax and argmin along every axis of a transposed view, with ties
    /// and NaN, against a plain scan of each lane.
    #[test]
    fn arg_axis_matches_oracle(
        tensor in tensors(small_float(), shapes(1..=3, 1..=4)),
        keepdims in any::<bool>(),
    ) {
        let view = tensor.t();
        let view_shape = view.shape().to_vec();
        let data = view.to_vec();

        prop_assert_eq!(view.argmax().unwrap(), oracle_arg(&data, true));
        prop_assert_eq!(view.argmin().unwrap(), oracle_arg(&data, false));

        for axis in 0..view_shape.len() {
            let mut kept_shape = view_shape.clone();
            kept_shape[axis] = 1;
            let lanes: Vec<Vec<f64>> = row_major_indices(&kept_shape)
                .into_iter()
                .map(|mut index| {
                    (0..view_shape[axis])
                        .map(|i| {
                            index[axis] = i;
                            data[row_major_position(&index, &view_shape)]
                        })
                        .collect()
                })
                .collect();
            for maximum in [true, false] {
                let expected: Vec<i64> =
                    lanes.iter().map(|lane| oracle_arg(lane, maximum) as i64).collect();
                let result = match maximum {
                    true => view.argmax_axis(axis as isize, keepdims).unwrap(),
                    false => view.argmin_axis(axis as isize, keepdims).unwrap(),
                };
                let mut expected_shape = kept_shape.clone();
                if !keepdims {
                    expected_shape.remove(axis);
                }
                prop_assert_eq!(result.shape(), &expected_shape[..]);
                prop_assert_eq!(result.to_vec(), expected);
            }
        }
    }
}

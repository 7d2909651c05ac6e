//! `map`, `zip_with` with broadcasting, the `try_*` arithmetic and
//! `allclose`.

#![forbid(unsafe_code)]

use alloc::vec::Vec;

use crate::ShapeError;
use crate::broadcast::broadcast_shapes;
use crate::element::{Element, Float};
use crate::iter::Offsets;
use crate::kernels;
use crate::kernels::strided::{Strided, zip_run, zip_tiled};
use crate::layout::Layout;
use crate::tensor::{Storage, Tensor, TensorBase, TensorView};

/// Returns both operands as views of their common broadcast shape.
pub(crate) fn broadcast_pair<'l, 'r, A: Element, B: Element>(
    lhs: &'l TensorView<'_, A>,
    rhs: &'r TensorView<'_, B>,
) -> Result<(TensorView<'l, A>, TensorView<'r, B>), ShapeError> {
    let shape = broadcast_shapes(&[lhs.shape(), rhs.shape()])?;
    Ok((lhs.broadcast_to(&shape)?, rhs.broadcast_to(&shape)?))
}

/// The axes of two operands of one shape, with the axes of length 1
/// dropped and each run of axes that both operands step through with one
/// stride merged into a single axis.
///
/// ```text
/// (1000, 1000) + row:  strides (1000, 1) and (0, 1): two axes, the last
///                      a run of 1000 with strides (1, 1)
/// (2, 3, 4), both contiguous: one axis of 24 with strides (1, 1)
/// ```
#[derive(Debug, PartialEq, Eq)]
struct MergedAxes {
    shape: Vec<usize>,
    left: Vec<isize>,
    right: Vec<isize>,
}

impl MergedAxes {
    fn new(shape: &[usize], left: &[isize], right: &[isize]) -> Self {
        let mut merged = Self {
            shape: Vec::new(),
            left: Vec::new(),
            right: Vec::new(),
        };
        for axis in 0..shape.len() {
            let axis_len = shape[axis];
            if axis_len == 1 {
                continue;
            }
            // The axis joins the one before when, for both operands, one
            // step on that axis is a whole walk along this one.
            let joins = |outer: Option<&isize>, inner: isize| {
                let walk = inner.checked_mul(axis_len as isize);
                outer.is_some_and(|&outer| Some(outer) == walk)
            };
            if joins(merged.left.last(), left[axis]) && joins(merged.right.last(), right[axis]) {
                let last = merged.shape.len() - 1;
                merged.shape[last] *= axis_len;
                merged.left[last] = left[axis];
                merged.right[last] = right[axis];
            } else {
                merged.shape.push(axis_len);
                merged.left.push(left[axis]);
                merged.right.push(right[axis]);
            }
        }
        merged
    }

    /// Returns the layouts of the axes before the last `inner` ones, one
    /// per operand, to walk with [`Offsets`].
    fn outer_layouts(&self, inner: usize, offsets: [usize; 2]) -> [Layout; 2] {
        let outer = self.shape.len() - inner;
        [(&self.left, offsets[0]), (&self.right, offsets[1])].map(|(strides, offset)| Layout {
            shape: self.shape[..outer].to_vec(),
            strides: strides[..outer].to_vec(),
            offset,
        })
    }
}

/// Returns `f(lhs, rhs)` for every pair of elements of two views of one
/// shape, in row-major order.
///
/// The innermost merged axis is a run that a slice kernel handles whole,
/// and only the axes outside it are walked element by element with an
/// odometer. When one operand's run has a stride other than 0 or 1, as a
/// transposed operand has, the last two axes are walked in tiles instead.
fn zip_views<A: Element, B: Element, U: Element>(
    lhs: &TensorView<'_, A>,
    rhs: &TensorView<'_, B>,
    f: &mut impl FnMut(A, B) -> U,
) -> Vec<U> {
    let (left_buffer, right_buffer) = (lhs.buffer(), rhs.buffer());
    if lhs.is_empty() {
        return Vec::new();
    }
    let axes = MergedAxes::new(lhs.shape(), lhs.strides(), rhs.strides());
    let offsets = [lhs.offset(), rhs.offset()];
    let Some(&run_len) = axes.shape.last() else {
        return alloc::vec![f(left_buffer[offsets[0]], right_buffer[offsets[1]])];
    };

    let last = axes.shape.len() - 1;
    let is_slice_or_fixed = |stride: isize| stride == 0 || stride == 1;
    if last > 0 && !(is_slice_or_fixed(axes.left[last]) && is_slice_or_fixed(axes.right[last])) {
        return zip_tiles(&axes, (left_buffer, right_buffer), offsets, f);
    }

    let mut data = Vec::with_capacity(lhs.len());
    let [left_outer, right_outer] = axes.outer_layouts(1, offsets);
    for (left_start, right_start) in Offsets::new(&left_outer).zip(Offsets::new(&right_outer)) {
        let left = Strided {
            buffer: left_buffer,
            start: left_start,
            strides: [axes.left[last]],
        };
        let right = Strided {
            buffer: right_buffer,
            start: right_start,
            strides: [axes.right[last]],
        };
        zip_run(left, right, run_len, &mut data, f);
    }
    data
}

/// Returns `f(lhs, rhs)` in row-major order for merged axes of rank 2 or
/// more, walking the last two axes in tiles and the others with an
/// odometer.
fn zip_tiles<A: Element, B: Element, U: Element>(
    axes: &MergedAxes,
    buffers: (&[A], &[B]),
    offsets: [usize; 2],
    f: &mut impl FnMut(A, B) -> U,
) -> Vec<U> {
    let rank = axes.shape.len();
    let block = [axes.shape[rank - 2], axes.shape[rank - 1]];
    let block_len = block[0] * block[1];
    let left_strides = [axes.left[rank - 2], axes.left[rank - 1]];
    let right_strides = [axes.right[rank - 2], axes.right[rank - 1]];
    let [left_outer, right_outer] = axes.outer_layouts(2, offsets);

    // The output is written tile by tile, out of order, so it starts
    // filled and each block is overwritten in place.
    let mut data = alloc::vec![U::ZERO; left_outer.len() * block_len];
    let starts = Offsets::new(&left_outer).zip(Offsets::new(&right_outer));
    for ((left_start, right_start), output) in starts.zip(data.chunks_exact_mut(block_len)) {
        let left = Strided {
            buffer: buffers.0,
            start: left_start,
            strides: left_strides,
        };
        let right = Strided {
            buffer: buffers.1,
            start: right_start,
            strides: right_strides,
        };
        zip_tiled(left, right, block, output, f);
    }
    data
}

/// Returns the elements of `view` from its offset on and the stride of
/// its other axis when `axis` has stride 1 and the other a positive
/// stride, `None` otherwise.
fn along<S: Storage>(tensor: &TensorBase<S>, axis: usize) -> Option<(&[S::Elem], usize)> {
    let strides = tensor.strides();
    let other = strides[1 - axis];
    let buffer = tensor.buffer();
    (strides[axis] == 1 && other > 0).then(|| (&buffer[tensor.offset()..], other as usize))
}

/// Returns `lhs + rhs` through [`kernels::add_transposed`] when both are
/// matrices of one shape with at least two rows and two columns. One must
/// have strides `(1, s)`, as a transposed contiguous matrix has, and the
/// other strides `(s', 1)`. Other pairs give `None`, and [`zip_views`]
/// handles them. Each element is the same single addition as on the
/// general path, with `lhs`'s element first. The operands are read in
/// place, so that the common case of other layouts builds no views here.
fn add_transposed_pair<S: Storage, R: Storage<Elem = S::Elem>>(
    lhs: &TensorBase<S>,
    rhs: &TensorBase<R>,
) -> Option<Tensor<S::Elem>> {
    let &[rows, columns] = lhs.shape() else {
        return None;
    };
    if rhs.shape() != lhs.shape() || rows < 2 || columns < 2 {
        return None;
    }
    let data = if let (Some(t), Some(c)) = (along(lhs, 0), along(rhs, 1)) {
        kernels::add_transposed(t, c, [rows, columns], true)
    } else if let (Some(c), Some(t)) = (along(lhs, 1), along(rhs, 0)) {
        kernels::add_transposed(t, c, [rows, columns], false)
    } else {
        return None;
    };
    let layout = Layout::contiguous(&[rows, columns]).expect("the shape of a valid view");
    Some(Tensor::from_parts(data, layout))
}

impl<S: Storage> TensorBase<S> {
    /// Returns a new tensor of the same shape with `f` applied to every
    /// element. The element type may change.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let a = tensor![[1, 2], [3, 4]];
    /// assert_eq!(a.map(|x| x * 10).to_vec(), vec![10, 20, 30, 40]);
    /// assert_eq!(a.t().map(|x| x as f64 / 2.0).to_vec(), vec![0.5, 1.5, 1.0, 2.0]);
    /// ```
    pub fn map<U: Element>(&self, f: impl FnMut(S::Elem) -> U) -> Tensor<U> {
        let data: Vec<U> = self.iter().copied().map(f).collect();
        Tensor::from_parts(
            data,
            Layout::contiguous(self.shape())
                .expect("the shape was checked when the tensor was made"),
        )
    }

    /// Returns `f(lhs, rhs)` for every pair of elements after broadcasting
    /// both tensors to their common shape.
    ///
    /// ```text
    /// lhs (3, 1)   rhs (1, 4)   result (3, 4): result[i, j] = f(lhs[i, 0], rhs[0, j])
    /// ```
    ///
    /// # Errors
    ///
    /// [`ShapeError::Broadcast`] if the shapes cannot be broadcast together.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let column = tensor![[1.0], [5.0]];
    /// let row = tensor![0.0, 3.0, 9.0];
    /// let larger = column.zip_with(&row, |x: f64, y: f64| x.max(y))?;
    /// assert_eq!(larger.shape(), &[2, 3]);
    /// assert_eq!(larger.to_vec(), vec![1.0, 3.0, 9.0, 5.0, 5.0, 9.0]);
    ///
    /// assert!(row.zip_with(&tensor![1.0, 2.0], |x, y| x + y).is_err());
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn zip_with<R: Storage, U: Element>(
        &self,
        rhs: &TensorBase<R>,
        mut f: impl FnMut(S::Elem, R::Elem) -> U,
    ) -> Result<Tensor<U>, ShapeError> {
        let (lhs, rhs) = (self.view(), rhs.view());
        let (lhs, rhs) = broadcast_pair(&lhs, &rhs)?;
        let layout = Layout::contiguous(lhs.shape())?;

        let data = zip_views(&lhs, &rhs, &mut f);
        Ok(Tensor::from_parts(data, layout))
    }

    /// Returns `self + rhs` elementwise with broadcasting, wrapping around
    /// on integer overflow.
    ///
    /// # Errors
    ///
    /// [`ShapeError::Broadcast`] if the shapes cannot be broadcast together.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let a = tensor![[1, 2, 3], [4, 5, 6]];
    /// assert_eq!(a.try_add(&tensor![10, 20, 30])?.to_vec(), vec![11, 22, 33, 14, 25, 36]);
    /// assert!(a.try_add(&tensor![1, 2]).is_err());
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn try_add<R: Storage<Elem = S::Elem>>(
        &self,
        rhs: &TensorBase<R>,
    ) -> Result<Tensor<S::Elem>, ShapeError> {
        if let Some(sum) = add_transposed_pair(self, rhs) {
            return Ok(sum);
        }
        self.zip_with(rhs, Element::elem_add)
    }

    /// Returns `self - rhs` elementwise with broadcasting, wrapping around
    /// on integer overflow.
    ///
    /// # Errors
    ///
    /// [`ShapeError::Broadcast`] if the shapes cannot be broadcast together.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let a = tensor![[1.0, 2.0], [3.0, 4.0]];
    /// let column = tensor![[1.0], [3.0]];
    /// assert_eq!(a.try_sub(&column)?.to_vec(), vec![0.0, 1.0, 0.0, 1.0]);
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn try_sub<R: Storage<Elem = S::Elem>>(
        &self,
        rhs: &TensorBase<R>,
    ) -> Result<Tensor<S::Elem>, ShapeError> {
        self.zip_with(rhs, Element::elem_sub)
    }

    /// Returns `self * rhs` elementwise with broadcasting, wrapping around
    /// on integer overflow.
    ///
    /// # Errors
    ///
    /// [`ShapeError::Broadcast`] if the shapes cannot be broadcast together.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let column = tensor![[1], [2], [3]];
    /// let row = tensor![[1, 10, 100, 1000]];
    /// let table = column.try_mul(&row)?;
    /// assert_eq!(table.shape(), &[3, 4]);
    /// assert_eq!(table[[2, 3]], 3000);
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn try_mul<R: Storage<Elem = S::Elem>>(
        &self,
        rhs: &TensorBase<R>,
    ) -> Result<Tensor<S::Elem>, ShapeError> {
        self.zip_with(rhs, Element::elem_mul)
    }

    /// Returns `self / rhs` elementwise with broadcasting.
    ///
    /// Floats divide as IEEE 754 defines. Integers divide with truncation
    /// toward zero, as Rust's `/` does, and give 0 where `rhs` is 0, as
    /// numpy's integer division does. numpy's `/` on integers would give
    /// floats instead, and its `//` rounds toward negative infinity, so
    /// `-7 // 2` is -4 there and `-7 / 2` is -3 here. Convert first with
    /// [`map`](Self::map) for float division.
    ///
    /// # Errors
    ///
    /// [`ShapeError::Broadcast`] if the shapes cannot be broadcast together.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// assert_eq!(tensor![7, -7, 7].try_div(&tensor![2, 2, 0])?.to_vec(), vec![3, -3, 0]);
    /// assert_eq!(tensor![1.0, 1.0].try_div(&tensor![4.0, 0.0])?.to_vec(), vec![0.25, f64::INFINITY]);
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn try_div<R: Storage<Elem = S::Elem>>(
        &self,
        rhs: &TensorBase<R>,
    ) -> Result<Tensor<S::Elem>, ShapeError> {
        self.zip_with(rhs, Element::elem_div)
    }
}

impl<S: Storage> TensorBase<S>
where
    S::Elem: Float,
{
    /// Returns whether both tensors have the same shape and every pair of
    /// elements satisfies numpy's `isclose`:
    /// `|self - other| <= atol + rtol * |other|`.
    ///
    /// As in numpy, equal infinities are close, NaN is close to nothing,
    /// and the test is not symmetric: `rtol` scales `|other|`. numpy's own
    /// defaults are `rtol = 1e-5`, `atol = 1e-8`. Unlike numpy's
    /// `allclose`, shapes are not broadcast: different shapes give `false`.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let computed = tensor![0.7310585786300049, 0.8807970779778823];
    /// let published = tensor![0.73105858, 0.88079708];
    /// assert!(computed.allclose(&published, 1e-5, 1e-8));
    /// assert!(!computed.allclose(&tensor![0.73, 0.88], 1e-5, 1e-8));
    /// assert!(!tensor![f64::NAN].allclose(&tensor![f64::NAN], 1e-5, 1e-8));
    /// ```
    pub fn allclose<R: Storage<Elem = S::Elem>>(
        &self,
        other: &TensorBase<R>,
        rtol: S::Elem,
        atol: S::Elem,
    ) -> bool {
        if self.shape() != other.shape() {
            return false;
        }
        // numpy 2.4's isclose: (|x - y| <= atol + rtol * |y|) & isfinite(y) | (x == y).
        self.iter().zip(other.iter()).all(|(&x, &y)| {
            let y_is_finite = !Element::is_nan(y) && y.abs() != S::Elem::INFINITY;
            x == y || ((x - y).abs() <= atol + rtol * y.abs() && y_is_finite)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::strided::{TILE_COLUMNS, TILE_ROWS};
    use alloc::vec;

    /// Values with the cases where a different pairing would show: NaN,
    /// both zeros and infinities, then distinct finite values.
    fn values(len: usize) -> Vec<f64> {
        let special = [f64::NAN, -0.0, 0.0, f64::INFINITY, f64::NEG_INFINITY];
        (0..len)
            .map(|k| {
                special
                    .get(k % 23)
                    .copied()
                    .unwrap_or(k as f64 * 0.37 - 5.0)
            })
            .collect()
    }

    /// Checks `zip_with` against the element-by-element walk of both
    /// broadcast operands, bit for bit, with an operation that is not
    /// symmetric so that a swapped pair would show.
    fn check(lhs: &TensorView<'_, f64>, rhs: &TensorView<'_, f64>) {
        let f = |x: f64, y: f64| x - 2.0 * y;
        let (left, right) = broadcast_pair(lhs, rhs).unwrap();
        let expected: Vec<u64> = left
            .iter()
            .zip(right.iter())
            .map(|(&x, &y)| f(x, y).to_bits())
            .collect();
        let result = lhs.zip_with(rhs, f).unwrap();
        assert_eq!(result.shape(), left.shape());
        let bits: Vec<u64> = result.iter().map(|x| x.to_bits()).collect();
        assert_eq!(
            bits,
            expected,
            "{:?} with {:?}",
            lhs.strides(),
            rhs.strides()
        );
    }

    fn view<'a>(
        data: &'a [f64],
        shape: &[usize],
        strides: &[isize],
        offset: usize,
    ) -> TensorView<'a, f64> {
        TensorView::from_parts(data, shape, strides, offset).unwrap()
    }

    #[test]
    fn merged_axes_join_runs_that_both_operands_continue() {
        let row = MergedAxes::new(&[4, 5], &[5, 1], &[0, 1]);
        assert_eq!(
            (row.shape, row.left, row.right),
            (vec![4, 5], vec![5, 1], vec![0, 1])
        );
        let whole = MergedAxes::new(&[2, 1, 3, 4], &[12, 99, 4, 1], &[0, 7, 0, 0]);
        assert_eq!(
            (whole.shape, whole.left, whole.right),
            (vec![24], vec![1], vec![0])
        );
        let scalar = MergedAxes::new(&[1, 1], &[3, 1], &[0, 0]);
        assert!(scalar.shape.is_empty());
    }

    #[test]
    fn contiguous_runs_with_and_without_a_repeated_operand() {
        let data = values(200);
        let matrix = view(&data, &[6, 7], &[7, 1], 0);
        check(&matrix, &view(&data, &[6, 7], &[7, 1], 50));
        check(&matrix, &view(&data, &[7], &[1], 3));
        check(
            &view(&data, &[2, 3, 4], &[12, 4, 1], 0),
            &view(&data, &[3, 4], &[4, 1], 100),
        );
    }

    #[test]
    fn runs_against_a_fixed_element() {
        let data = values(200);
        let column = view(&data, &[6, 1], &[1, 1], 10);
        check(&column, &view(&data, &[1, 9], &[9, 1], 0));
        check(&view(&data, &[6, 9], &[9, 1], 0), &column);
        check(&view(&data, &[], &[], 4), &view(&data, &[3, 5], &[5, 1], 0));
        check(&view(&data, &[4], &[0], 4), &view(&data, &[4], &[0], 8));
    }

    #[test]
    fn strided_and_negative_runs() {
        let data = values(200);
        let reversed = view(&data, &[5, 6], &[-6, -1], 29);
        check(&reversed, &view(&data, &[5, 6], &[6, 1], 0));
        check(&view(&data, &[10], &[3], 1), &view(&data, &[10], &[-2], 40));
        check(
            &view(&data, &[3, 10], &[1, 0], 0),
            &view(&data, &[10], &[2], 0),
        );
    }

    #[test]
    fn transposed_operands_walk_in_tiles() {
        let (rows, columns) = (TILE_ROWS + 5, 2 * TILE_COLUMNS + 3);
        let data = values(3 * rows * columns);
        let transposed = view(&data, &[rows, columns], &[1, rows as isize], 0);
        let plain = view(&data, &[rows, columns], &[columns as isize, 1], 7);
        check(&transposed, &plain);
        check(&plain, &transposed);
        let batch = view(
            &data,
            &[3, rows, columns],
            &[-((rows * columns) as isize), 1, rows as isize],
            2 * rows * columns,
        );
        check(&batch, &plain);
    }

    /// Checks `lhs + rhs` and `rhs + lhs` against the general path of
    /// `zip_with`, bit for bit.
    fn check_add<T: Element>(
        lhs: &TensorView<'_, T>,
        rhs: &TensorView<'_, T>,
        bits: impl Fn(T) -> u64,
    ) {
        for (x, y) in [(lhs, rhs), (rhs, lhs)] {
            let expected = x.zip_with(y, |a, b| a.elem_add(b)).unwrap();
            let sum = x + y;
            assert_eq!(sum.shape(), expected.shape());
            let same = sum
                .iter()
                .zip(expected.iter())
                .all(|(&a, &b)| bits(a) == bits(b));
            assert!(
                same,
                "{:?} + {:?}, shape {:?}",
                x.strides(),
                y.strides(),
                x.shape()
            );
        }
    }

    #[test]
    fn transposed_sums_match_the_general_path() {
        let shapes = [
            [0, 5],
            [5, 0],
            [1, 1],
            [1, 17],
            [17, 1],
            [2, 2],
            [13, 29],
            [33, 65],
            [100, 7],
            [16, 16],
            [47, 130],
        ];
        for [rows, columns] in shapes {
            let len = 3 * (rows + 2) * (columns + 3) + 40;
            let data = values(len);
            let data32: Vec<f32> = data.iter().map(|&x| x as f32).collect();
            let data_i32: Vec<i32> = (0..len as i32)
                .map(|k| k.wrapping_mul(0x3c6e_f35f))
                .collect();
            let shape = [rows, columns];
            // A transposed view with padding and an offset, a row-major view
            // with a row step of 2 and an offset, and reversed views, which
            // the general path handles.
            let layouts: [(&[isize], usize); 4] = [
                (&[1, rows as isize + 2], 3),
                (&[2 * columns as isize + 1, 1], 5),
                (&[-1, -(rows as isize)], rows * columns.max(1)),
                (&[-(columns as isize), 1], rows * columns),
            ];
            for (left, left_offset) in layouts {
                for (right, right_offset) in layouts {
                    let lhs = view(&data, &shape, left, left_offset);
                    let rhs = view(&data, &shape, right, right_offset + 7);
                    check_add(
                        &lhs,
                        &rhs,
                        |x: f64| if x.is_nan() { u64::MAX } else { x.to_bits() },
                    );
                    let lhs = TensorView::from_parts(&data32, &shape, left, left_offset).unwrap();
                    let rhs =
                        TensorView::from_parts(&data32, &shape, right, right_offset + 7).unwrap();
                    check_add(&lhs, &rhs, |x: f32| {
                        if x.is_nan() {
                            u64::MAX
                        } else {
                            u64::from(x.to_bits())
                        }
                    });
                    let lhs = TensorView::from_parts(&data_i32, &shape, left, left_offset).unwrap();
                    let rhs =
                        TensorView::from_parts(&data_i32, &shape, right, right_offset + 7).unwrap();
                    check_add(&lhs, &rhs, |x: i32| u64::from(x as u32));
                }
            }
        }
        // A transposed contiguous matrix, as `a.t() + b` has.
        let (a, b) = (
            Tensor::from_vec(values(33 * 65), &[33, 65]).unwrap(),
            Tensor::from_vec(values(65 * 33), &[65, 33]).unwrap(),
        );
        check_add(&a.t(), &b.view(), f64::to_bits);
    }

    #[test]
    fn empty_and_rank_zero_operands() {
        let data = values(10);
        check(
            &view(&data, &[0, 3], &[3, 1], 0),
            &view(&data, &[3], &[1], 0),
        );
        check(
            &view(&data, &[4, 0], &[1, 1], 0),
            &view(&data, &[1], &[1], 0),
        );
        check(&view(&data, &[], &[], 9), &view(&data, &[], &[], 2));
        check(&view(&data, &[1, 1], &[5, 5], 3), &view(&data, &[], &[], 2));
    }
}

//! Matrix products.

#![forbid(unsafe_code)]

use alloc::vec;

use crate::ShapeError;
use crate::element::Element;
use crate::layout::Layout;
use crate::tensor::{Storage, Tensor, TensorBase};

impl<S: Storage> TensorBase<S> {
    /// Returns the matrix product of a `(m, k)` tensor and a `(k, n)`
    /// tensor, a `(m, n)` tensor. Either operand may be strided, such as a
    /// transposed view. Integers wrap around on overflow.
    ///
    /// ```text
    /// result[i, j] = sum over p of self[i, p] * rhs[p, j]
    /// ```
    ///
    /// This version walks the three loops in i, p, j order, so the inner
    /// loop runs along a row of `rhs` and of the result. It is simple and
    /// exact to follow, not fast for large matrices.
    ///
    /// # Errors
    ///
    /// [`ShapeError::RankMismatch`] unless both operands have rank 2, and
    /// [`ShapeError::OperandMismatch`] unless the columns of `self` match
    /// the rows of `rhs`.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let a = tensor![[1, 2, 3], [4, 5, 6]];
    /// let b = tensor![[1, 0], [0, 1], [1, 1]];
    /// assert_eq!(a.matmul(&b)?.to_vec(), vec![4, 5, 10, 11]);
    /// assert_eq!(a.matmul(&a.t())?.to_vec(), vec![14, 32, 32, 77]);
    ///
    /// assert_eq!(
    ///     a.matmul(&a).unwrap_err().to_string(),
    ///     "matmul: shapes (2, 3) and (2, 3) do not match: axis 1 of the left has length 3, axis 0 of the right has length 2"
    /// );
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn matmul<R: Storage<Elem = S::Elem>>(
        &self,
        rhs: &TensorBase<R>,
    ) -> Result<Tensor<S::Elem>, ShapeError> {
        for operand in [self.shape(), rhs.shape()] {
            if operand.len() != 2 {
                return Err(ShapeError::RankMismatch {
                    op: "matmul",
                    expected: 2,
                    shape: operand.to_vec(),
                });
            }
        }
        let (rows, inner, columns) = (self.shape()[0], self.shape()[1], rhs.shape()[1]);
        if rhs.shape()[0] != inner {
            return Err(ShapeError::OperandMismatch {
                op: "matmul",
                lhs: self.shape().to_vec(),
                rhs: rhs.shape().to_vec(),
                lhs_axis: 1,
                rhs_axis: 0,
            });
        }

        let layout = Layout::contiguous(&[rows, columns])?;
        let mut result = vec![S::Elem::ZERO; rows * columns];
        let (lhs_buffer, rhs_buffer) = (self.buffer(), rhs.buffer());
        let (lhs_strides, rhs_strides) = (self.strides(), rhs.strides());

        for i in 0..rows {
            let result_row = &mut result[i * columns..(i + 1) * columns];
            for p in 0..inner {
                let lhs_position = self.offset() as isize
                    + i as isize * lhs_strides[0]
                    + p as isize * lhs_strides[1];
                let scale = lhs_buffer[lhs_position as usize];
                let rhs_row = rhs.offset() as isize + p as isize * rhs_strides[0];
                for (j, out) in result_row.iter_mut().enumerate() {
                    let rhs_position = rhs_row + j as isize * rhs_strides[1];
                    *out = out.elem_add(scale.elem_mul(rhs_buffer[rhs_position as usize]));
                }
            }
        }
        Ok(Tensor::from_parts(result, layout))
    }
}

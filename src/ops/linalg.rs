//! Matrix products.

#![forbid(unsafe_code)]

use crate::ShapeError;
use crate::kernels::{self, gemm::Matrix};
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
    /// `f32` and `f64` products use a packed, blocked algorithm with tile
    /// kernels for AVX2 with FMA and for AVX-512, chosen at run time, and
    /// a portable kernel elsewhere. Other element types use the portable
    /// kernel. Packing copies blocks of the operands into buffers that
    /// fit the caches, reading strided operands such as transposed views
    /// through their strides, so no contiguous copy is made first.
    ///
    /// The sums run in another order than the definition and may use
    /// fused multiply-adds. So a float result can differ from the triple
    /// loop in the last bits, within the error bound of a sum of `k`
    /// products, where `u` is the unit roundoff (`f32::EPSILON / 2` or
    /// `f64::EPSILON / 2`):
    ///
    /// ```text
    /// |error| <= k u / (1 - k u) * sum over p of |self[i, p] * rhs[p, j]|
    /// ```
    ///
    /// With the `threads` feature, a product of at least 2^22
    /// multiply-adds splits its rows across up to one thread per core. Each
    /// element is computed as without threads, so the bits are the same.
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
        let lhs = Matrix {
            buffer: self.buffer(),
            offset: self.offset(),
            strides: [self.strides()[0], self.strides()[1]],
        };
        let rhs = Matrix {
            buffer: rhs.buffer(),
            offset: rhs.offset(),
            strides: [rhs.strides()[0], rhs.strides()[1]],
        };
        let result = kernels::matmul([rows, inner, columns], lhs, rhs);
        Ok(Tensor::from_parts(result, layout))
    }
}

//! `map`, `zip_with` with broadcasting, the `try_*` arithmetic and
//! `allclose`.

#![forbid(unsafe_code)]

use alloc::vec::Vec;

use crate::ShapeError;
use crate::broadcast::broadcast_shapes;
use crate::element::{Element, Float};
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

        let data: Vec<U> = match (lhs.as_slice(), rhs.as_slice()) {
            (Some(left), Some(right)) => left.iter().zip(right).map(|(&x, &y)| f(x, y)).collect(),
            _ => lhs.iter().zip(rhs.iter()).map(|(&x, &y)| f(x, y)).collect(),
        };
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

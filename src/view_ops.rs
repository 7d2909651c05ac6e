//! Views that add, remove or reorder axes (`squeeze`, `expand_dims`,
//! `swapaxes`), and the row-major copies `flatten`, `ravel` and
//! `to_contiguous`.

#![forbid(unsafe_code)]

use alloc::borrow::Cow;
use alloc::vec;
use alloc::vec::Vec;

use crate::ShapeError;
use crate::layout::Layout;
use crate::shape::{axis_mask, contiguous_strides, normalize_axis};
use crate::tensor::{CowTensor, Storage, Tensor, TensorBase, TensorView};

/// Returns the layout of `tensor`, for the view operations outside
/// `tensor.rs`, which cannot read its private field.
pub(crate) fn layout_of<S: Storage>(tensor: &TensorBase<S>) -> Layout {
    Layout {
        shape: tensor.shape().to_vec(),
        strides: tensor.strides().to_vec(),
        offset: tensor.offset(),
    }
}

/// Converts the position of a new axis, negative counting from the end of
/// the result, into an index into the result's shape, as numpy's
/// `expand_dims` and `stack` do: valid positions are
/// `-(ndim + 1)..=ndim` for a `shape` of `ndim` axes.
pub(crate) fn normalize_new_axis(
    op: &'static str,
    axis: isize,
    shape: &[usize],
) -> Result<usize, ShapeError> {
    normalize_axis(axis, shape.len() + 1).map_err(|_| ShapeError::InsertAxisOutOfRange {
        op,
        axis,
        shape: shape.to_vec(),
    })
}

impl Layout {
    /// Returns the layout without the axes in `mask`, which all have
    /// length 1, so the same elements are reached.
    pub(crate) fn without_axes(&self, mask: &[bool]) -> Self {
        let kept_axes = || {
            self.shape
                .iter()
                .zip(&self.strides)
                .zip(mask)
                .filter(|&(_, &removed)| !removed)
                .map(|(axis, _)| axis)
        };
        Self {
            shape: kept_axes().map(|(&len, _)| len).collect(),
            strides: kept_axes().map(|(_, &stride)| stride).collect(),
            offset: self.offset,
        }
    }

    /// Returns the layout with a new axis of length 1 at `position`.
    ///
    /// The new axis is never stepped along, so its stride is free. It gets
    /// the one a row-major layout would have, `strides[position] *
    /// shape[position]` or 1 at the end, as numpy's `expand_dims` gives.
    pub(crate) fn with_new_axis(&self, position: usize) -> Self {
        let stride = match (self.shape.get(position), self.strides.get(position)) {
            (Some(&len), Some(&stride)) => stride.saturating_mul(len as isize),
            _ => 1,
        };
        let mut layout = self.clone();
        layout.shape.insert(position, 1);
        layout.strides.insert(position, stride);
        layout
    }
}

impl<S: Storage> TensorBase<S> {
    /// Returns a view without the axes of length 1, as numpy's `squeeze`.
    ///
    /// ```text
    /// shape    (1, 3, 1, 2)  ->  (3, 2)
    /// strides  (6, 2, 2, 1)  ->  (2, 1)
    /// ```
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Tensor;
    ///
    /// let a = Tensor::from_vec(vec![1, 2, 3], &[1, 3, 1])?;
    /// assert_eq!(a.squeeze().shape(), &[3]);
    /// assert_eq!(Tensor::scalar(5).squeeze().shape(), &[] as &[usize]);
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn squeeze(&self) -> TensorView<'_, S::Elem> {
        let mask: Vec<bool> = self.shape().iter().map(|&len| len == 1).collect();
        TensorView::with_layout(self.buffer(), layout_of(self).without_axes(&mask))
    }

    /// Returns a view without the listed axes, each of which must have
    /// length 1, as numpy's `squeeze(axis=...)`. Negative axes count from
    /// the end, and an empty list removes nothing.
    ///
    /// ```text
    /// shape (1, 3, 1), axes [-1]  ->  (1, 3)
    /// ```
    ///
    /// # Errors
    ///
    /// [`ShapeError::AxisOutOfRange`] or [`ShapeError::DuplicateAxis`] for
    /// an invalid list, and [`ShapeError::SqueezeAxisNotUnit`] naming the
    /// first listed axis whose length is not 1.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Tensor;
    ///
    /// let a = Tensor::from_vec(vec![1, 2, 3, 4, 5, 6], &[2, 3, 1])?;
    /// assert_eq!(a.squeeze_axes(&[-1])?.shape(), &[2, 3]);
    /// assert_eq!(
    ///     a.squeeze_axes(&[1]).unwrap_err().to_string(),
    ///     "cannot squeeze axis 1 of shape (2, 3, 1): its length is 3, not 1"
    /// );
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn squeeze_axes(&self, axes: &[isize]) -> Result<TensorView<'_, S::Elem>, ShapeError> {
        let mask = axis_mask(axes, self.ndim())?;
        for &axis in axes {
            let axis = normalize_axis(axis, self.ndim())?;
            if self.shape()[axis] != 1 {
                return Err(ShapeError::SqueezeAxisNotUnit {
                    axis,
                    shape: self.shape().to_vec(),
                });
            }
        }

        let layout = layout_of(self).without_axes(&mask);
        Ok(TensorView::with_layout(self.buffer(), layout))
    }

    /// Returns a view with a new axis of length 1 at position `axis` of the
    /// result, as numpy's `expand_dims`: 0 prepends and -1 appends.
    ///
    /// ```text
    /// shape (2, 3), axis  0  ->  (1, 2, 3)
    ///               axis  1  ->  (2, 1, 3)
    ///               axis -1  ->  (2, 3, 1)
    /// ```
    ///
    /// # Errors
    ///
    /// [`ShapeError::InsertAxisOutOfRange`] unless
    /// `-(ndim + 1) <= axis <= ndim`.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let a = tensor![[1, 2, 3], [4, 5, 6]];
    /// assert_eq!(a.expand_dims(1)?.shape(), &[2, 1, 3]);
    /// assert_eq!(a.expand_dims(-1)?.shape(), &[2, 3, 1]);
    /// assert_eq!(
    ///     a.expand_dims(3).unwrap_err().to_string(),
    ///     "expand_dims: cannot insert axis 3 into shape (2, 3): \
    ///      the result has rank 3, so valid axes are -3 to 2"
    /// );
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn expand_dims(&self, axis: isize) -> Result<TensorView<'_, S::Elem>, ShapeError> {
        let position = normalize_new_axis("expand_dims", axis, self.shape())?;
        let layout = layout_of(self).with_new_axis(position);
        Ok(TensorView::with_layout(self.buffer(), layout))
    }

    /// Returns a view with axes `axis1` and `axis2` exchanged, as numpy's
    /// `swapaxes`. Negative axes count from the end.
    ///
    /// ```text
    /// shape (2, 3, 4), strides (12, 4, 1), swapaxes(0, -1)
    ///    -> (4, 3, 2),         ( 1, 4, 12)
    /// ```
    ///
    /// # Errors
    ///
    /// [`ShapeError::AxisOutOfRange`] unless both axes are in
    /// `-ndim..ndim`.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let a = tensor![[1, 2, 3], [4, 5, 6]];
    /// let swapped = a.swapaxes(0, -1)?;
    /// assert_eq!(swapped.shape(), &[3, 2]);
    /// assert_eq!(swapped.to_vec(), vec![1, 4, 2, 5, 3, 6]);
    /// assert!(a.swapaxes(0, 2).is_err());
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn swapaxes(
        &self,
        axis1: isize,
        axis2: isize,
    ) -> Result<TensorView<'_, S::Elem>, ShapeError> {
        let axis1 = normalize_axis(axis1, self.ndim())?;
        let axis2 = normalize_axis(axis2, self.ndim())?;

        let mut layout = layout_of(self);
        layout.shape.swap(axis1, axis2);
        layout.strides.swap(axis1, axis2);
        Ok(TensorView::with_layout(self.buffer(), layout))
    }

    /// Returns a 1-d copy of the elements in row-major order, as numpy's
    /// `flatten`, which always copies. A 0-d tensor gives shape `(1,)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let a = tensor![[1, 2, 3], [4, 5, 6]];
    /// let flat = a.t().flatten();
    /// assert_eq!(flat.shape(), &[6]);
    /// assert_eq!(flat.to_vec(), vec![1, 4, 2, 5, 3, 6]);
    /// ```
    pub fn flatten(&self) -> Tensor<S::Elem> {
        let layout = Layout {
            shape: vec![self.len()],
            strides: vec![1],
            offset: 0,
        };
        Tensor::from_parts(self.to_vec(), layout)
    }

    /// Returns the elements as a 1-d tensor in row-major order: a view
    /// when the tensor is contiguous, otherwise a copy, as numpy's `ravel`.
    ///
    /// A strided layout such as `x[::2]` is copied even though one stride
    /// could walk it, because numpy's `ravel` copies it too;
    /// [`reshape`](Self::reshape) to `[len]` keeps such a view.
    ///
    /// ```text
    /// (2, 3), strides (3, 1)  ->  (6,), strides (1,): borrowed
    /// (3, 2), strides (1, 3)  ->  (6,), copied in row-major order
    /// ```
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let a = tensor![[1, 2, 3], [4, 5, 6]];
    /// assert!(a.ravel().buffer_is_borrowed());
    /// let transposed = a.t();
    /// let copied = transposed.ravel();
    /// assert!(!copied.buffer_is_borrowed());
    /// assert_eq!(copied.to_vec(), vec![1, 4, 2, 5, 3, 6]);
    /// ```
    pub fn ravel(&self) -> CowTensor<'_, S::Elem> {
        let shape = [self.len()];
        if self.is_contiguous() {
            let layout = Layout {
                shape: shape.to_vec(),
                strides: vec![1],
                offset: self.offset(),
            };
            return CowTensor::from_cow_parts(Cow::Borrowed(self.buffer()), layout);
        }
        CowTensor::from_cow_parts(Cow::Owned(self.to_vec()), row_major(&shape))
    }

    /// Returns the tensor with its elements in row-major order without
    /// gaps: borrowed when they already are, otherwise copied. The shape is
    /// kept, also for a 0-d tensor, which numpy's `ascontiguousarray`
    /// would turn into shape `(1,)`.
    ///
    /// A borrowed result gets row-major strides; they differ from the
    /// input's only on axes of length 1, which are never stepped along.
    ///
    /// ```text
    /// shape (3, 2), strides (1, 3)  ->  strides (2, 1), copied
    /// shape (2, 1), strides (1, 7)  ->  strides (1, 1), borrowed
    /// ```
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let a = tensor![[1, 2, 3], [4, 5, 6]];
    /// assert!(a.to_contiguous().buffer_is_borrowed());
    /// let transposed = a.t();
    /// let copied = transposed.to_contiguous();
    /// assert!(!copied.buffer_is_borrowed());
    /// assert_eq!(copied.strides(), &[2, 1]);
    /// assert_eq!(copied.as_slice(), Some(&[1, 4, 2, 5, 3, 6][..]));
    /// ```
    pub fn to_contiguous(&self) -> CowTensor<'_, S::Elem> {
        if self.is_contiguous() {
            let mut layout = row_major(self.shape());
            layout.offset = self.offset();
            return CowTensor::from_cow_parts(Cow::Borrowed(self.buffer()), layout);
        }
        CowTensor::from_cow_parts(Cow::Owned(self.to_vec()), row_major(self.shape()))
    }
}

/// Returns the row-major layout of a shape that an existing tensor
/// already has, so its element count is known to fit.
fn row_major(shape: &[usize]) -> Layout {
    Layout {
        shape: shape.to_vec(),
        strides: contiguous_strides(shape),
        offset: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_new_axis_takes_row_major_stride() {
        let layout = Layout::contiguous(&[2, 3]).unwrap();
        assert_eq!(layout.with_new_axis(0).strides, vec![6, 3, 1]);
        assert_eq!(layout.with_new_axis(1).strides, vec![3, 3, 1]);
        assert_eq!(layout.with_new_axis(2).strides, vec![3, 1, 1]);
    }

    #[test]
    fn without_axes_keeps_offset_and_order() {
        let layout = Layout {
            shape: vec![1, 4, 1],
            strides: vec![9, -2, 5],
            offset: 6,
        };
        let squeezed = layout.without_axes(&[true, false, true]);
        assert_eq!(squeezed.shape, vec![4]);
        assert_eq!(squeezed.strides, vec![-2]);
        assert_eq!(squeezed.offset, 6);
    }
}

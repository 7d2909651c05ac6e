//! Shape, strides and offset: where each element of a tensor lives in its
//! flat buffer.
//!
//! ```text
//! shape (2, 3), strides (3, 1), offset 0: element (i, j) is at 0 + 3*i + 1*j
//! buffer   0    1    2    3    4    5
//!         a00  a01  a02  a10  a11  a12
//! transpose: shape (3, 2), strides (1, 3), the same buffer, no copy
//! ```
//!
//! A view changes only this description, never the buffer: transposing
//! swaps strides, broadcasting sets a stride to 0 so one element repeats,
//! and a negative stride walks backwards from `offset`.

#![forbid(unsafe_code)]

use alloc::vec;
use alloc::vec::Vec;

use crate::ShapeError;
use crate::shape::{checked_len, contiguous_strides};

/// The shape, strides (in elements) and offset of a tensor.
///
/// Invariant, kept by every constructor: the element count fits in
/// `usize`, and when it is not zero, every valid index maps to an offset
/// inside the buffer the layout was checked against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Layout {
    pub(crate) shape: Vec<usize>,
    pub(crate) strides: Vec<isize>,
    pub(crate) offset: usize,
}

/// Returns the lowest and the highest buffer position that a non-empty
/// layout reaches. They are at the corners: each axis adds
/// `(len - 1) * stride` to one end or the other. Every such sum of `usize`
/// and `isize` products fits in `i128`.
pub(crate) fn extreme_positions(shape: &[usize], strides: &[isize], offset: usize) -> (i128, i128) {
    let mut lowest = offset as i128;
    let mut highest = offset as i128;
    for (&axis_len, &stride) in shape.iter().zip(strides) {
        let reach = (axis_len as i128 - 1) * stride as i128;
        if reach < 0 {
            lowest += reach;
        } else {
            highest += reach;
        }
    }
    (lowest, highest)
}

impl Layout {
    /// Returns the row-major layout of `shape` starting at offset 0.
    pub(crate) fn contiguous(shape: &[usize]) -> Result<Self, ShapeError> {
        checked_len(shape)?;
        Ok(Self {
            shape: shape.to_vec(),
            strides: contiguous_strides(shape),
            offset: 0,
        })
    }

    /// Returns a layout from its parts after checking that every element it
    /// describes lies inside a buffer of `buffer_len` elements.
    pub(crate) fn checked(
        shape: &[usize],
        strides: &[isize],
        offset: usize,
        buffer_len: usize,
    ) -> Result<Self, ShapeError> {
        let out_of_bounds = || ShapeError::OutOfBounds {
            shape: shape.to_vec(),
            strides: strides.to_vec(),
            offset,
            buffer_len,
        };
        if shape.len() != strides.len() {
            return Err(out_of_bounds());
        }
        if checked_len(shape)? == 0 {
            return Ok(Self {
                shape: shape.to_vec(),
                strides: strides.to_vec(),
                offset,
            });
        }

        let (lowest, highest) = extreme_positions(shape, strides, offset);
        if lowest < 0 || highest >= buffer_len as i128 {
            return Err(out_of_bounds());
        }
        Ok(Self {
            shape: shape.to_vec(),
            strides: strides.to_vec(),
            offset,
        })
    }

    pub(crate) fn ndim(&self) -> usize {
        self.shape.len()
    }

    /// Returns the number of elements, which the constructors checked to
    /// fit in `usize`.
    pub(crate) fn len(&self) -> usize {
        self.shape.iter().product()
    }

    /// Returns whether the elements sit in row-major order without gaps,
    /// so that they are `buffer[offset..offset + len]`.
    ///
    /// The stride of an axis of length 1 never moves, so it is ignored, as
    /// numpy ignores it. An empty tensor is contiguous.
    pub(crate) fn is_contiguous(&self) -> bool {
        if self.len() == 0 {
            return true;
        }
        let mut expected = 1isize;
        for (&axis_len, &stride) in self.shape.iter().zip(&self.strides).rev() {
            if axis_len != 1 && stride != expected {
                return false;
            }
            expected *= axis_len as isize;
        }
        true
    }

    /// Returns the buffer offset of `index`, or `None` if the index has the
    /// wrong number of entries or one entry is out of range.
    pub(crate) fn offset_of(&self, index: &[usize]) -> Option<usize> {
        if index.len() != self.ndim()
            || index
                .iter()
                .zip(&self.shape)
                .any(|(&i, &axis_len)| i >= axis_len)
        {
            return None;
        }
        // Every entry is in range, so the tensor is not empty and, by the
        // invariant, each partial sum stays within the buffer. An empty
        // tensor may carry any strides and offset, which is why the range
        // check comes first.
        let mut position = self.offset as isize;
        for (&i, &stride) in index.iter().zip(&self.strides) {
            position += i as isize * stride;
        }
        Some(position as usize)
    }

    /// Returns the layout with its axes reordered: axis `k` of the result is
    /// axis `axes[k]` of `self`.
    pub(crate) fn permuted(&self, axes: &[usize]) -> Result<Self, ShapeError> {
        let invalid = || ShapeError::InvalidPermutation {
            axes: axes.to_vec(),
            ndim: self.ndim(),
        };
        if axes.len() != self.ndim() {
            return Err(invalid());
        }
        let mut seen = vec![false; self.ndim()];
        for &axis in axes {
            if axis >= self.ndim() || seen[axis] {
                return Err(invalid());
            }
            seen[axis] = true;
        }
        Ok(Self {
            shape: axes.iter().map(|&axis| self.shape[axis]).collect(),
            strides: axes.iter().map(|&axis| self.strides[axis]).collect(),
            offset: self.offset,
        })
    }

    /// Returns the layout with the order of its axes reversed.
    pub(crate) fn reversed(&self) -> Self {
        Self {
            shape: self.shape.iter().rev().copied().collect(),
            strides: self.strides.iter().rev().copied().collect(),
            offset: self.offset,
        }
    }

    /// Returns a layout of `shape` that reads the same elements, repeating
    /// them along stretched axes through a stride of 0.
    ///
    /// ```text
    /// (3,) to (2, 3):  strides (1,) become (0, 1): both rows read one row
    /// ```
    pub(crate) fn broadcast_to(&self, shape: &[usize]) -> Result<Self, ShapeError> {
        let error = |axis| ShapeError::BroadcastTo {
            from: self.shape.clone(),
            to: shape.to_vec(),
            axis,
        };
        let Some(added) = shape.len().checked_sub(self.ndim()) else {
            return Err(error(None));
        };
        checked_len(shape)?;

        let mut strides = vec![0isize; shape.len()];
        for (position, (&from_len, &stride)) in self.shape.iter().zip(&self.strides).enumerate() {
            let to_len = shape[added + position];
            if from_len == to_len {
                strides[added + position] = stride;
            } else if from_len != 1 {
                let from_end = self.ndim() - position;
                return Err(error(Some(-(from_end as isize))));
            }
        }
        Ok(Self {
            shape: shape.to_vec(),
            strides,
            offset: self.offset,
        })
    }

    /// Returns a layout of `shape` over the same buffer that reads the
    /// elements in the same row-major order, or `None` when the strides do
    /// not allow it and the data must be copied.
    ///
    /// The old axes (ignoring those of length 1) are split into groups
    /// whose lengths multiply to the lengths of a group of new axes. Each
    /// old group must be contiguous within itself; then its new axes take
    /// strides that step through it in row-major order. This is how numpy
    /// decides whether `reshape` can return a view.
    ///
    /// The caller has checked that both shapes have the same element count.
    pub(crate) fn reshaped(&self, shape: &[usize]) -> Option<Self> {
        if self.len() == 0 {
            return Some(Self {
                shape: shape.to_vec(),
                strides: contiguous_strides(shape),
                offset: self.offset,
            });
        }
        let old: Vec<(usize, isize)> = self
            .shape
            .iter()
            .copied()
            .zip(self.strides.iter().copied())
            .filter(|&(axis_len, _)| axis_len != 1)
            .collect();
        let mut strides = vec![1isize; shape.len()];

        let (mut old_start, mut new_start) = (0, 0);
        while old_start < old.len() && new_start < shape.len() {
            // 1. Grow the two groups until their lengths multiply to the same.
            let (mut old_end, mut new_end) = (old_start + 1, new_start + 1);
            let mut old_product = old[old_start].0;
            let mut new_product = shape[new_start];
            while old_product != new_product {
                if new_product < old_product {
                    new_product *= shape[new_end];
                    new_end += 1;
                } else {
                    old_product *= old[old_end].0;
                    old_end += 1;
                }
            }

            // 2. The old group must be one contiguous run in the buffer.
            for k in old_start..old_end - 1 {
                if old[k].1 != old[k + 1].1 * old[k + 1].0 as isize {
                    return None;
                }
            }

            // 3. The new group steps through that run in row-major order.
            strides[new_end - 1] = old[old_end - 1].1;
            for k in (new_start..new_end - 1).rev() {
                strides[k] = strides[k + 1] * shape[k + 1] as isize;
            }
            (old_start, new_start) = (old_end, new_end);
        }

        Some(Self {
            shape: shape.to_vec(),
            strides,
            offset: self.offset,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(shape: &[usize], strides: &[isize], offset: usize) -> Layout {
        Layout {
            shape: shape.to_vec(),
            strides: strides.to_vec(),
            offset,
        }
    }

    #[test]
    fn is_contiguous_ignores_unit_axes() {
        assert!(layout(&[2, 1, 3], &[3, 99, 1], 0).is_contiguous());
        assert!(!layout(&[2, 3], &[1, 2], 0).is_contiguous());
    }

    #[test]
    fn checked_rejects_reach_past_buffer() {
        assert!(Layout::checked(&[2, 3], &[3, 1], 0, 6).is_ok());
        assert!(Layout::checked(&[2, 3], &[3, 1], 1, 6).is_err());
        assert!(Layout::checked(&[3], &[-1], 2, 3).is_ok());
        assert!(Layout::checked(&[3], &[-1], 1, 3).is_err());
    }

    #[test]
    fn checked_accepts_empty_shape_anywhere() {
        assert!(Layout::checked(&[0, 3], &[3, 1], 100, 0).is_ok());
    }

    #[test]
    fn reshaped_of_transpose_needs_copy() {
        let transposed = Layout::contiguous(&[2, 3]).unwrap().reversed();
        assert_eq!(transposed.reshaped(&[6]), None);
        assert_eq!(transposed.reshaped(&[3, 2]), Some(transposed.clone()));
    }

    #[test]
    fn reshaped_splits_and_merges_axes() {
        let base = Layout::contiguous(&[2, 3, 4]).unwrap();
        assert_eq!(base.reshaped(&[6, 4]).unwrap().strides, vec![4, 1]);
        assert_eq!(base.reshaped(&[2, 12]).unwrap().strides, vec![12, 1]);
        assert_eq!(base.reshaped(&[1, 24, 1]).unwrap().strides[1], 1);
    }

    #[test]
    fn reshaped_keeps_step_of_strided_axis() {
        // Every second element of a buffer of 12: shape (6,), stride 2.
        let strided = layout(&[6], &[2], 0);
        assert_eq!(strided.reshaped(&[2, 3]).unwrap().strides, vec![6, 2]);
    }

    #[test]
    fn broadcast_to_sets_zero_strides() {
        let row = Layout::contiguous(&[3]).unwrap();
        assert_eq!(row.broadcast_to(&[2, 3]).unwrap().strides, vec![0, 1]);
        let column = Layout::contiguous(&[2, 1]).unwrap();
        assert_eq!(column.broadcast_to(&[2, 4]).unwrap().strides, vec![1, 0]);
    }
}

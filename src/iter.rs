//! Walking a strided layout in row-major logical order.

#![forbid(unsafe_code)]

use alloc::vec;
use alloc::vec::Vec;
use core::iter::FusedIterator;

use crate::element::Element;
use crate::layout::Layout;

/// The buffer offsets of a layout's elements, in row-major logical order.
///
/// It counts like an odometer: the last index turns fastest, and when an
/// index wraps around, the offset steps back by `(len - 1) * stride` on
/// that axis and forward by one stride on the axis before it.
#[derive(Clone, Debug)]
pub(crate) struct Offsets {
    shape: Vec<usize>,
    strides: Vec<isize>,
    index: Vec<usize>,
    position: isize,
    remaining: usize,
}

impl Offsets {
    pub(crate) fn new(layout: &Layout) -> Self {
        Self {
            shape: layout.shape.clone(),
            strides: layout.strides.clone(),
            index: vec![0; layout.ndim()],
            position: layout.offset as isize,
            remaining: layout.len(),
        }
    }
}

impl Iterator for Offsets {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        if self.remaining == 0 {
            return None;
        }
        let current = self.position as usize;
        self.remaining -= 1;
        for axis in (0..self.shape.len()).rev() {
            // Step only within the axis: a stride is never applied past the
            // last index, where it could leave the range of isize.
            if self.index[axis] + 1 < self.shape[axis] {
                self.index[axis] += 1;
                self.position += self.strides[axis];
                break;
            }
            self.position -= self.strides[axis] * self.index[axis] as isize;
            self.index[axis] = 0;
        }
        Some(current)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for Offsets {}
impl FusedIterator for Offsets {}

/// An iterator over the elements of a tensor or view in row-major logical
/// order, whatever its strides.
///
/// Made by `iter` on a tensor or a view. A contiguous tensor is walked as a
/// slice; any other layout through its offsets.
///
/// # Examples
///
/// ```
/// use baretensor::tensor;
///
/// let a = tensor![[1, 2, 3], [4, 5, 6]];
/// let transposed: Vec<i32> = a.t().iter().copied().collect();
/// assert_eq!(transposed, vec![1, 4, 2, 5, 3, 6]);
/// ```
#[derive(Clone, Debug)]
pub struct Iter<'a, T> {
    inner: Inner<'a, T>,
}

#[derive(Clone, Debug)]
enum Inner<'a, T> {
    Contiguous(core::slice::Iter<'a, T>),
    Strided { buffer: &'a [T], offsets: Offsets },
}

impl<'a, T: Element> Iter<'a, T> {
    pub(crate) fn new(buffer: &'a [T], layout: &Layout) -> Self {
        let inner = if layout.is_contiguous() {
            let start = layout.offset.min(buffer.len());
            let end = (start + layout.len()).min(buffer.len());
            Inner::Contiguous(buffer[start..end].iter())
        } else {
            Inner::Strided {
                buffer,
                offsets: Offsets::new(layout),
            }
        };
        Self { inner }
    }
}

impl<'a, T> Iterator for Iter<'a, T> {
    type Item = &'a T;

    fn next(&mut self) -> Option<&'a T> {
        match &mut self.inner {
            Inner::Contiguous(slice) => slice.next(),
            Inner::Strided { buffer, offsets } => offsets.next().map(|offset| &buffer[offset]),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.inner {
            Inner::Contiguous(slice) => slice.size_hint(),
            Inner::Strided { offsets, .. } => offsets.size_hint(),
        }
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {}
impl<T> FusedIterator for Iter<'_, T> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_of_transpose_jump_by_row() {
        let layout = Layout::contiguous(&[2, 3]).unwrap().reversed();
        let offsets: Vec<usize> = Offsets::new(&layout).collect();
        assert_eq!(offsets, vec![0, 3, 1, 4, 2, 5]);
    }

    #[test]
    fn offsets_of_reversed_axis_count_down() {
        let layout = Layout::checked(&[4], &[-1], 3, 4).unwrap();
        let offsets: Vec<usize> = Offsets::new(&layout).collect();
        assert_eq!(offsets, vec![3, 2, 1, 0]);
    }

    #[test]
    fn offsets_of_broadcast_repeat_row() {
        let layout = Layout::contiguous(&[3])
            .unwrap()
            .broadcast_to(&[2, 3])
            .unwrap();
        let offsets: Vec<usize> = Offsets::new(&layout).collect();
        assert_eq!(offsets, vec![0, 1, 2, 0, 1, 2]);
    }

    #[test]
    fn offsets_of_scalar_yield_offset_once() {
        let layout = Layout::checked(&[], &[], 5, 6).unwrap();
        let offsets: Vec<usize> = Offsets::new(&layout).collect();
        assert_eq!(offsets, vec![5]);
    }

    #[test]
    fn offsets_of_empty_yield_nothing() {
        let layout = Layout::contiguous(&[3, 0]).unwrap();
        assert_eq!(Offsets::new(&layout).count(), 0);
    }
}

//! `tensor[[i, j]]` indexing.

#![forbid(unsafe_code)]

use core::ops::{Index, IndexMut};

use crate::ShapeError;
use crate::element::Element;
use crate::tensor::{Storage, Tensor, TensorBase};

impl<S: Storage> TensorBase<S> {
    #[track_caller]
    fn element_or_panic(&self, index: &[usize]) -> &S::Elem {
        match self.get(index) {
            Some(element) => element,
            None => {
                let error = ShapeError::IndexOutOfRange {
                    index: index.to_vec(),
                    shape: self.shape().to_vec(),
                };
                panic!("{error}")
            }
        }
    }
}

/// Returns the element at a fixed-length index, such as `a[[1, 2]]`.
///
/// # Panics
///
/// Panics if the index does not have one entry per axis or an entry is out
/// of range. [`get`](TensorBase::get) returns `None` instead.
///
/// # Examples
///
/// ```
/// use baretensor::tensor;
///
/// let a = tensor![[1, 2, 3], [4, 5, 6]];
/// assert_eq!(a[[1, 2]], 6);
/// assert_eq!(a.t()[[2, 1]], 6);
/// ```
impl<S: Storage, const N: usize> Index<[usize; N]> for TensorBase<S> {
    type Output = S::Elem;

    #[track_caller]
    fn index(&self, index: [usize; N]) -> &S::Elem {
        self.element_or_panic(&index)
    }
}

/// Returns the element at an index given as a slice, such as `a[&index[..]]`.
///
/// # Panics
///
/// Panics if the index does not have one entry per axis or an entry is out
/// of range. [`get`](TensorBase::get) returns `None` instead.
impl<S: Storage> Index<&[usize]> for TensorBase<S> {
    type Output = S::Elem;

    #[track_caller]
    fn index(&self, index: &[usize]) -> &S::Elem {
        self.element_or_panic(index)
    }
}

impl<T: Element> Tensor<T> {
    #[track_caller]
    fn element_mut_or_panic(&mut self, index: &[usize]) -> &mut T {
        let shape = self.shape().to_vec();
        match self.get_mut(index) {
            Some(element) => element,
            None => {
                let error = ShapeError::IndexOutOfRange {
                    index: index.to_vec(),
                    shape,
                };
                panic!("{error}")
            }
        }
    }
}

/// Returns the element at a fixed-length index for assignment, such as
/// `a[[1, 2]] = 7`.
///
/// # Panics
///
/// Panics if the index does not have one entry per axis or an entry is out
/// of range. [`get_mut`](Tensor::get_mut) returns `None` instead.
///
/// # Examples
///
/// ```
/// use baretensor::tensor;
///
/// let mut a = tensor![[1, 2, 3], [4, 5, 6]];
/// a[[1, 2]] = 60;
/// assert_eq!(a.to_vec(), vec![1, 2, 3, 4, 5, 60]);
/// ```
impl<T: Element, const N: usize> IndexMut<[usize; N]> for Tensor<T> {
    #[track_caller]
    fn index_mut(&mut self, index: [usize; N]) -> &mut T {
        self.element_mut_or_panic(&index)
    }
}

/// Returns the element at an index given as a slice for assignment.
///
/// # Panics
///
/// Panics if the index does not have one entry per axis or an entry is out
/// of range. [`get_mut`](Tensor::get_mut) returns `None` instead.
impl<T: Element> IndexMut<&[usize]> for Tensor<T> {
    #[track_caller]
    fn index_mut(&mut self, index: &[usize]) -> &mut T {
        self.element_mut_or_panic(index)
    }
}

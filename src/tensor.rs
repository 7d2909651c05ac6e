//! `TensorBase`, the one struct behind [`Tensor`], [`TensorView`] and
//! [`CowTensor`]: a buffer plus a [`Layout`] that maps each index to a
//! buffer position.

#![forbid(unsafe_code)]

use alloc::borrow::Cow;
use alloc::vec;
use alloc::vec::Vec;

use crate::ShapeError;
use crate::element::Element;
use crate::iter::{Iter, Offsets};
use crate::layout::Layout;
use crate::shape::checked_len;

mod sealed {
    pub trait Sealed {}
    impl<T> Sealed for alloc::vec::Vec<T> {}
    impl<T> Sealed for &[T] {}
    impl<T: Clone> Sealed for alloc::borrow::Cow<'_, [T]> {}
}

/// The buffer behind a tensor: owned (`Vec<T>`), borrowed (`&[T]`) or
/// either (`Cow<[T]>`).
///
/// The trait is sealed. Code that accepts any tensor is generic over it.
///
/// # Examples
///
/// ```
/// use baretensor::{Storage, TensorBase, tensor};
///
/// fn first<S: Storage>(tensor: &TensorBase<S>) -> Option<S::Elem> {
///     tensor.iter().next().copied()
/// }
/// let a = tensor![[1, 2], [3, 4]];
/// assert_eq!(first(&a), Some(1));
/// assert_eq!(first(&a.t()), Some(1));
/// ```
pub trait Storage: sealed::Sealed {
    /// The element type.
    type Elem: Element;

    /// Returns the whole buffer, including elements the layout skips.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::borrow::Cow;
    ///
    /// use baretensor::Storage;
    ///
    /// let owned = vec![1, 2, 3];
    /// let borrowed: &[i32] = &owned;
    /// let cow: Cow<'_, [i32]> = Cow::Borrowed(borrowed);
    /// // Each kind of storage lends its elements as one slice.
    /// assert_eq!(Storage::as_buffer(&owned), &[1, 2, 3]);
    /// assert_eq!(borrowed.as_buffer(), cow.as_buffer());
    /// ```
    fn as_buffer(&self) -> &[Self::Elem];
}

impl<T: Element> Storage for Vec<T> {
    type Elem = T;
    fn as_buffer(&self) -> &[T] {
        self
    }
}

impl<T: Element> Storage for &[T] {
    type Elem = T;
    fn as_buffer(&self) -> &[T] {
        self
    }
}

impl<T: Element> Storage for Cow<'_, [T]> {
    type Elem = T;
    fn as_buffer(&self) -> &[T] {
        self
    }
}

/// An n-dimensional tensor: a buffer, a shape, strides and an offset.
///
/// Use it through its three aliases: [`Tensor`] owns its buffer,
/// [`TensorView`] borrows one, and [`CowTensor`] is whichever of the two an
/// operation could give, such as [`reshape`](TensorBase::reshape). All
/// methods that only read work on all three.
///
/// # Examples
///
/// ```
/// use baretensor::{CowTensor, Tensor, TensorView, tensor};
///
/// let a: Tensor<i32> = tensor![[1, 2, 3], [4, 5, 6]];
/// let transposed: TensorView<'_, i32> = a.t(); // borrows the buffer of `a`
/// let flat: CowTensor<'_, i32> = transposed.reshape(&[6])?; // copies
/// assert_eq!(a.sum(), 21);
/// assert_eq!(transposed.sum(), 21);
/// assert_eq!(flat.to_vec(), vec![1, 4, 2, 5, 3, 6]);
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
///
/// # Memory layout
///
/// Element `[i, j, ...]` sits at buffer index
/// `offset + i * strides[0] + j * strides[1] + ...`:
///
/// ```text
/// shape (2, 3), strides (3, 1), offset 0
/// buffer   0    1    2    3    4    5
///         a00  a01  a02  a10  a11  a12
/// t():     shape (3, 2), strides (1, 3): a00 a10 | a01 a11 | a02 a12, no copy
/// ```
#[derive(Clone)]
pub struct TensorBase<S> {
    storage: S,
    layout: Layout,
}

/// A tensor that owns its elements.
///
/// # Examples
///
/// ```
/// use baretensor::{Tensor, tensor};
///
/// let a: Tensor<f64> = tensor![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
/// let b = Tensor::from_vec(vec![10.0, 20.0, 30.0], &[3])?;
/// assert_eq!((&a + &b).to_vec(), vec![11.0, 22.0, 33.0, 14.0, 25.0, 36.0]);
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
pub type Tensor<T> = TensorBase<Vec<T>>;

/// A tensor that borrows its elements, possibly with strides that skip,
/// repeat (stride 0) or reverse (negative stride) them.
///
/// # Examples
///
/// ```
/// use baretensor::{TensorView, tensor};
///
/// let a = tensor![[1, 2, 3], [4, 5, 6]];
/// let view: TensorView<'_, i32> = a.t();
/// assert_eq!(view.shape(), &[3, 2]);
/// assert_eq!(view.strides(), &[1, 3]);
/// assert_eq!(view[[2, 1]], 6);
/// ```
pub type TensorView<'a, T> = TensorBase<&'a [T]>;

/// A tensor that either borrows or owns its elements, as returned by
/// [`reshape`](TensorBase::reshape) when it may or may not need a copy.
///
/// # Examples
///
/// ```
/// use baretensor::{CowTensor, Tensor, tensor};
///
/// let a = tensor![[1, 2, 3], [4, 5, 6]];
/// // Row-major (2, 3) data read as (3, 2) needs no copy.
/// let b: CowTensor<'_, i32> = a.reshape(&[3, 2])?;
/// assert!(b.buffer_is_borrowed());
/// assert_eq!(b[[2, 0]], 5);
/// // into_owned gives a Tensor, copying the borrowed elements.
/// let owned: Tensor<i32> = b.into_owned();
/// assert_eq!(owned.shape(), &[3, 2]);
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
pub type CowTensor<'a, T> = TensorBase<Cow<'a, [T]>>;

impl<T: Element> Tensor<T> {
    /// Makes a tensor of `shape` from `data` in row-major order.
    ///
    /// # Errors
    ///
    /// [`ShapeError::LengthMismatch`] if `data.len()` is not the product of
    /// `shape`, and [`ShapeError::SizeOverflow`] if that product overflows.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Tensor;
    ///
    /// let a = Tensor::from_vec(vec![1, 2, 3, 4, 5, 6], &[2, 3])?;
    /// assert_eq!(a[[1, 0]], 4);
    ///
    /// let error = Tensor::from_vec(vec![1, 2, 3], &[2, 2]).unwrap_err();
    /// assert_eq!(
    ///     error.to_string(),
    ///     "cannot make a tensor of shape (2, 2) from 3 elements: the shape needs 4"
    /// );
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn from_vec(data: Vec<T>, shape: &[usize]) -> Result<Self, ShapeError> {
        if checked_len(shape)? != data.len() {
            return Err(ShapeError::LengthMismatch {
                shape: shape.to_vec(),
                len: data.len(),
            });
        }
        let layout = Layout::contiguous(shape)?;
        Ok(Self {
            storage: data,
            layout,
        })
    }

    /// Makes a 0-d tensor, shape `()`, holding `value`.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Tensor;
    ///
    /// let s = Tensor::scalar(2.5);
    /// assert_eq!(s.shape(), &[] as &[usize]);
    /// assert_eq!(s[[]], 2.5);
    /// ```
    pub fn scalar(value: T) -> Self {
        Self {
            storage: vec![value],
            layout: Layout {
                shape: Vec::new(),
                strides: Vec::new(),
                offset: 0,
            },
        }
    }

    /// Makes a tensor of `shape` with every element equal to `value`.
    ///
    /// # Errors
    ///
    /// [`ShapeError::SizeOverflow`] if the element count overflows `usize`.
    /// A shape that fits in `usize` but not in memory fails as `vec!` does:
    /// a panic for more than `isize::MAX` bytes, an abort when the
    /// allocator runs out.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Tensor;
    ///
    /// assert_eq!(Tensor::try_full(&[2], 7)?.to_vec(), vec![7, 7]);
    /// assert!(Tensor::try_full(&[usize::MAX, 2], 0u8).is_err());
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn try_full(shape: &[usize], value: T) -> Result<Self, ShapeError> {
        let len = checked_len(shape)?;
        Self::from_vec(vec![value; len], shape)
    }

    /// Makes a tensor of `shape` with every element equal to `value`.
    ///
    /// # Panics
    ///
    /// Panics if the element count overflows `usize`; [`try_full`] returns
    /// the error instead.
    ///
    /// [`try_full`]: Self::try_full
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Tensor;
    ///
    /// assert_eq!(Tensor::full(&[2, 2], 0.5).to_vec(), vec![0.5; 4]);
    /// ```
    #[track_caller]
    pub fn full(shape: &[usize], value: T) -> Self {
        Self::try_full(shape, value).unwrap_or_else(|error| panic!("{error}"))
    }

    /// Makes a tensor of `shape` filled with zeros.
    ///
    /// # Panics
    ///
    /// Panics if the element count overflows `usize`.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Tensor;
    ///
    /// let z = Tensor::<f32>::zeros(&[2, 3]);
    /// assert_eq!(z.shape(), &[2, 3]);
    /// assert!(z.iter().all(|&x| x == 0.0));
    /// ```
    #[track_caller]
    pub fn zeros(shape: &[usize]) -> Self {
        Self::full(shape, T::ZERO)
    }

    /// Makes a tensor of `shape` filled with ones.
    ///
    /// # Panics
    ///
    /// Panics if the element count overflows `usize`.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Tensor;
    ///
    /// assert_eq!(Tensor::<i64>::ones(&[3]).to_vec(), vec![1, 1, 1]);
    /// ```
    #[track_caller]
    pub fn ones(shape: &[usize]) -> Self {
        Self::full(shape, T::ONE)
    }

    /// Makes a tensor of `shape` whose element at each index is
    /// `f(index)`, visiting indices in row-major order.
    ///
    /// # Errors
    ///
    /// [`ShapeError::SizeOverflow`] if the element count overflows `usize`.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Tensor;
    ///
    /// let a = Tensor::from_shape_fn(&[2, 3], |index| (10 * index[0] + index[1]) as i32)?;
    /// assert_eq!(a.to_vec(), vec![0, 1, 2, 10, 11, 12]);
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn from_shape_fn(
        shape: &[usize],
        mut f: impl FnMut(&[usize]) -> T,
    ) -> Result<Self, ShapeError> {
        let len = checked_len(shape)?;
        let mut data = Vec::with_capacity(len);
        let mut index = vec![0usize; shape.len()];
        for _ in 0..len {
            data.push(f(&index));
            for axis in (0..shape.len()).rev() {
                index[axis] += 1;
                if index[axis] < shape[axis] {
                    break;
                }
                index[axis] = 0;
            }
        }
        Self::from_vec(data, shape)
    }

    /// Returns the elements in row-major order, consuming the tensor.
    ///
    /// The buffer is returned without a copy when it already contains exactly
    /// the elements in that order, as it does for tensors made by the
    /// constructors and operations of this crate; otherwise the elements
    /// are copied, as [`to_vec`](TensorBase::to_vec) does.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Tensor;
    ///
    /// let data = vec![1, 2, 3, 4, 5, 6];
    /// let address = data.as_ptr();
    /// let a = Tensor::from_vec(data, &[2, 3])?;
    /// let back = a.into_vec();
    /// assert_eq!(back, vec![1, 2, 3, 4, 5, 6]);
    /// assert_eq!(back.as_ptr(), address); // the same buffer, not a copy
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn into_vec(self) -> Vec<T> {
        if self.layout.is_contiguous()
            && self.layout.offset == 0
            && self.storage.len() == self.layout.len()
        {
            self.storage
        } else {
            self.to_vec()
        }
    }

    /// Returns a mutable reference to the element at `index`, or `None` if
    /// the index has the wrong length or is out of range.
    ///
    /// Only an owned tensor can be changed. Its layout never repeats an
    /// element (views do that, with zero strides), so each index names its
    /// own element.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let mut a = tensor![[1.0, 2.0], [3.0, 4.0]];
    /// if let Some(element) = a.get_mut(&[0, 1]) {
    ///     *element = 20.0;
    /// }
    /// assert_eq!(a.to_vec(), vec![1.0, 20.0, 3.0, 4.0]);
    /// assert!(a.get_mut(&[2, 0]).is_none());
    /// ```
    pub fn get_mut(&mut self, index: &[usize]) -> Option<&mut T> {
        let position = self.layout.offset_of(index)?;
        self.storage.get_mut(position)
    }

    /// Returns the elements as a mutable slice in row-major order, or
    /// `None` if the layout is not contiguous.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let mut a = tensor![1, 2, 3];
    /// if let Some(values) = a.as_mut_slice() {
    ///     values.iter_mut().for_each(|x| *x *= 10);
    /// }
    /// assert_eq!(a.to_vec(), vec![10, 20, 30]);
    /// ```
    pub fn as_mut_slice(&mut self) -> Option<&mut [T]> {
        if !self.layout.is_contiguous() {
            return None;
        }
        let start = self.layout.offset.min(self.storage.len());
        let end = start + self.layout.len();
        self.storage.get_mut(start..end)
    }

    /// Makes a tensor from a buffer and a layout made by this crate.
    pub(crate) fn from_parts(storage: Vec<T>, layout: Layout) -> Self {
        debug_assert!(storage.len() >= layout.len());
        Self { storage, layout }
    }
}

impl<'a, T: Element> TensorView<'a, T> {
    /// Makes a row-major view of `shape` over `data`.
    ///
    /// # Errors
    ///
    /// [`ShapeError::LengthMismatch`] if `data.len()` is not the product of
    /// `shape`.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::TensorView;
    ///
    /// let data = [1.0, 2.0, 3.0, 4.0];
    /// let view = TensorView::from_slice(&data, &[2, 2])?;
    /// assert_eq!(view[[1, 0]], 3.0);
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn from_slice(data: &'a [T], shape: &[usize]) -> Result<Self, ShapeError> {
        if checked_len(shape)? != data.len() {
            return Err(ShapeError::LengthMismatch {
                shape: shape.to_vec(),
                len: data.len(),
            });
        }
        Ok(Self {
            storage: data,
            layout: Layout::contiguous(shape)?,
        })
    }

    /// Makes a view over `data` with any strides and offset, after checking
    /// that every element it describes lies inside `data`.
    ///
    /// ```text
    /// data      0  1  2  3  4  5  6  7
    /// shape (2, 2), strides (-4, 2), offset 4
    /// view      [[4, 6],
    ///            [0, 2]]
    /// ```
    ///
    /// # Errors
    ///
    /// [`ShapeError::OutOfBounds`] if `shape` and `strides` differ in length
    /// or some element would lie outside `data`.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::TensorView;
    ///
    /// let data = [0, 1, 2, 3, 4, 5, 6, 7];
    /// let view = TensorView::from_parts(&data, &[2, 2], &[-4, 2], 4)?;
    /// assert_eq!(view.to_vec(), vec![4, 6, 0, 2]);
    /// assert!(TensorView::from_parts(&data, &[2, 2], &[4, 2], 4).is_err());
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn from_parts(
        data: &'a [T],
        shape: &[usize],
        strides: &[isize],
        offset: usize,
    ) -> Result<Self, ShapeError> {
        Ok(Self {
            storage: data,
            layout: Layout::checked(shape, strides, offset, data.len())?,
        })
    }

    pub(crate) fn with_layout(storage: &'a [T], layout: Layout) -> Self {
        Self { storage, layout }
    }
}

impl<T: Element> CowTensor<'_, T> {
    /// Returns an owned tensor, copying the elements only if they are
    /// borrowed.
    ///
    /// A borrowed view may repeat elements (zero strides) or skip them, so it
    /// is copied into a new contiguous buffer, as [`to_owned`] does. An owned
    /// buffer is the contiguous copy that `reshape` made, and is kept.
    ///
    /// [`to_owned`]: TensorBase::to_owned
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let row = tensor![1, 2, 3];
    /// let grid = row.broadcast_to(&[2, 3])?;
    /// let mut owned = grid.reshape(&[2, 3])?.into_owned();
    /// assert_eq!(owned.strides(), &[3, 1]);
    /// owned[[0, 0]] = 99;
    /// assert_eq!(owned.to_vec(), vec![99, 2, 3, 1, 2, 3]);
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn into_owned(self) -> Tensor<T> {
        match self.storage {
            Cow::Borrowed(_) => self.to_owned(),
            Cow::Owned(storage) => TensorBase {
                storage,
                layout: self.layout,
            },
        }
    }
}

impl<S: Storage> TensorBase<S> {
    /// Returns the length of every axis, outermost first.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::{Tensor, tensor};
    ///
    /// let a = tensor![[1, 2, 3], [4, 5, 6]];
    /// assert_eq!(a.shape(), &[2, 3]); // 2 rows of 3
    /// assert_eq!(a.t().shape(), &[3, 2]);
    /// assert_eq!(Tensor::scalar(1.0).shape(), &[] as &[usize]);
    /// ```
    pub fn shape(&self) -> &[usize] {
        &self.layout.shape
    }

    /// Returns the step in elements between neighbours along each axis.
    ///
    /// A stride of 0 repeats one element along the axis (a broadcast); a
    /// negative stride walks backwards through the buffer.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let a = tensor![[1, 2, 3], [4, 5, 6]];
    /// // The next row is 3 elements further in the buffer, and the next column 1.
    /// assert_eq!(a.strides(), &[3, 1]);
    /// // The transpose swaps the strides and copies nothing.
    /// assert_eq!(a.t().strides(), &[1, 3]);
    /// // Broadcasting repeats the row with a stride of 0.
    /// assert_eq!(tensor![1, 2, 3].broadcast_to(&[2, 3])?.strides(), &[0, 1]);
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn strides(&self) -> &[isize] {
        &self.layout.strides
    }

    /// Returns the buffer index of the first element, the one at index
    /// `[0, 0, ...]`.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::{s, tensor};
    ///
    /// let a = tensor![[0, 1, 2], [3, 4, 5]];
    /// assert_eq!(a.offset(), 0);
    /// // a[1:, 1:] starts at element [1, 1], buffer index 1 * 3 + 1.
    /// let corner = a.slice(&s![1.., 1..])?;
    /// assert_eq!(corner.offset(), 4);
    /// assert_eq!(corner.to_vec(), vec![4, 5]);
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn offset(&self) -> usize {
        self.layout.offset
    }

    /// Returns the number of axes.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::{Tensor, tensor};
    ///
    /// assert_eq!(tensor![[1, 2, 3], [4, 5, 6]].ndim(), 2);
    /// assert_eq!(tensor![1, 2, 3].ndim(), 1);
    /// assert_eq!(Tensor::scalar(7).ndim(), 0);
    /// ```
    pub fn ndim(&self) -> usize {
        self.layout.ndim()
    }

    /// Returns the number of elements, the product of the shape.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let a = tensor![[1, 2, 3], [4, 5, 6]];
    /// assert_eq!(a.len(), 6);
    /// // A broadcast view counts every position, though its buffer has 3 elements.
    /// let row = tensor![1, 2, 3];
    /// let grid = row.broadcast_to(&[4, 3])?;
    /// assert_eq!(grid.len(), 12);
    /// assert_eq!(grid.buffer().len(), 3);
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn len(&self) -> usize {
        self.layout.len()
    }

    /// Returns whether the tensor has no elements, because some axis has
    /// length 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Tensor;
    ///
    /// assert!(Tensor::<f32>::zeros(&[0, 3]).is_empty());
    /// assert!(!Tensor::<f32>::zeros(&[2, 3]).is_empty());
    /// // A 0-d tensor has shape () and one element.
    /// assert!(!Tensor::scalar(0.0).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Returns whether the elements lie in row-major order without gaps.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let a = tensor![[1, 2, 3], [4, 5, 6]];
    /// assert!(a.is_contiguous());
    /// assert!(!a.t().is_contiguous());
    /// assert!(a.t().to_owned().is_contiguous());
    /// ```
    pub fn is_contiguous(&self) -> bool {
        self.layout.is_contiguous()
    }

    /// Returns the whole underlying buffer, with elements that the layout
    /// skips and in buffer order, for code that does its own index
    /// arithmetic with [`strides`](Self::strides) and [`offset`](Self::offset).
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let a = tensor![[1, 2, 3], [4, 5, 6]];
    /// let view = a.t();
    /// // Element (2, 1) of the transpose is at offset + 2*strides[0] + 1*strides[1].
    /// let position = view.offset() as isize + 2 * view.strides()[0] + view.strides()[1];
    /// assert_eq!(view.buffer()[position as usize], 6);
    /// ```
    pub fn buffer(&self) -> &[S::Elem] {
        self.storage.as_buffer()
    }

    /// Returns the elements as a slice in row-major order, or `None` if
    /// the layout is not contiguous.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let a = tensor![[1, 2], [3, 4]];
    /// assert_eq!(a.as_slice(), Some(&[1, 2, 3, 4][..]));
    /// assert_eq!(a.t().as_slice(), None);
    /// ```
    pub fn as_slice(&self) -> Option<&[S::Elem]> {
        if !self.layout.is_contiguous() {
            return None;
        }
        if self.is_empty() {
            return Some(&[]);
        }
        let start = self.layout.offset;
        Some(&self.buffer()[start..start + self.len()])
    }

    /// Returns a view of the whole tensor.
    ///
    /// The view borrows the buffer and keeps the shape, strides and offset.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::{TensorView, tensor};
    ///
    /// let a = tensor![[1, 2], [3, 4]];
    /// let view: TensorView<'_, i32> = a.view();
    /// assert_eq!(view, a);
    /// assert_eq!(view.buffer().as_ptr(), a.buffer().as_ptr()); // no copy
    /// ```
    pub fn view(&self) -> TensorView<'_, S::Elem> {
        TensorBase {
            storage: self.buffer(),
            layout: self.layout.clone(),
        }
    }

    /// Returns an iterator over the elements in row-major logical order.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let a = tensor![[1, 2, 3], [4, 5, 6]];
    /// assert_eq!(a.iter().sum::<i32>(), 21);
    /// // The order follows the indices, not the buffer.
    /// let columns: Vec<i32> = a.t().iter().copied().collect();
    /// assert_eq!(columns, vec![1, 4, 2, 5, 3, 6]);
    /// ```
    pub fn iter(&self) -> Iter<'_, S::Elem> {
        Iter::new(self.buffer(), &self.layout)
    }

    /// Returns the elements in row-major logical order.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let a = tensor![[1, 2, 3], [4, 5, 6]];
    /// let transposed = a.t();
    /// assert_eq!(transposed.to_vec(), vec![1, 4, 2, 5, 3, 6]);
    /// assert_eq!(transposed.buffer(), &[1, 2, 3, 4, 5, 6]); // buffer order
    /// ```
    pub fn to_vec(&self) -> Vec<S::Elem> {
        self.iter().copied().collect()
    }

    /// Returns a contiguous owned copy.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let a = tensor![[1, 2, 3], [4, 5, 6]];
    /// let mut b = a.t().to_owned();
    /// assert_eq!(b.strides(), &[2, 1]); // row-major for shape (3, 2)
    /// b[[0, 1]] = 40;
    /// assert_eq!(b.to_vec(), vec![1, 40, 2, 5, 3, 6]);
    /// assert_eq!(a[[1, 0]], 4); // the copy does not share the buffer
    /// ```
    pub fn to_owned(&self) -> Tensor<S::Elem> {
        TensorBase {
            storage: self.to_vec(),
            layout: Layout::contiguous(self.shape())
                .expect("the shape was checked when the tensor was made"),
        }
    }

    /// Returns a reference to the element at `index`, or `None` if the
    /// index has the wrong length or is out of range.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let a = tensor![[1, 2, 3], [4, 5, 6]];
    /// assert_eq!(a.get(&[1, 2]), Some(&6));
    /// assert_eq!(a.get(&[2, 0]), None);
    /// assert_eq!(a.get(&[1]), None);
    /// ```
    pub fn get(&self, index: &[usize]) -> Option<&S::Elem> {
        let position = self.layout.offset_of(index)?;
        self.buffer().get(position)
    }

    /// Returns a view with the axes reordered: axis `k` of the result is
    /// axis `axes[k]` of `self`. No element is copied.
    ///
    /// # Errors
    ///
    /// [`ShapeError::InvalidPermutation`] unless `axes` names every axis
    /// exactly once.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::Tensor;
    ///
    /// let a = Tensor::<f32>::zeros(&[2, 3, 4]);
    /// let p = a.permute(&[2, 0, 1])?;
    /// assert_eq!(p.shape(), &[4, 2, 3]);
    /// assert_eq!(p.strides(), &[1, 12, 4]);
    /// assert!(a.permute(&[0, 0, 1]).is_err());
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn permute(&self, axes: &[usize]) -> Result<TensorView<'_, S::Elem>, ShapeError> {
        Ok(TensorView::with_layout(
            self.buffer(),
            self.layout.permuted(axes)?,
        ))
    }

    /// Returns the transpose: a view with the order of the axes reversed,
    /// as numpy's `.T`. A 1-d tensor stays as it is.
    ///
    /// ```text
    /// shape (2, 3), strides (3, 1)  ->  shape (3, 2), strides (1, 3)
    /// ```
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let a = tensor![[1, 2, 3], [4, 5, 6]];
    /// let transposed = a.t();
    /// assert_eq!(transposed.shape(), &[3, 2]);
    /// assert_eq!(transposed[[2, 1]], a[[1, 2]]);
    /// assert_eq!(tensor![1, 2, 3].t(), tensor![1, 2, 3]);
    /// ```
    pub fn t(&self) -> TensorView<'_, S::Elem> {
        TensorView::with_layout(self.buffer(), self.layout.reversed())
    }

    /// Returns a view of `shape` that repeats the elements along stretched
    /// axes through a stride of 0, following numpy's broadcasting rule.
    ///
    /// ```text
    /// (3,), strides (1,)  to  (2, 3), strides (0, 1): two rows, one buffer row
    /// ```
    ///
    /// # Errors
    ///
    /// [`ShapeError::BroadcastTo`] if the shape cannot be reached by
    /// prepending axes and stretching axes of length 1.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let row = tensor![1, 2, 3];
    /// let grid = row.broadcast_to(&[2, 3])?;
    /// assert_eq!(grid.strides(), &[0, 1]);
    /// assert_eq!(grid.to_vec(), vec![1, 2, 3, 1, 2, 3]);
    /// assert_eq!(
    ///     row.broadcast_to(&[3, 2]).unwrap_err().to_string(),
    ///     "cannot broadcast (3,) to (3, 2): axis -1 has length 3 and would need 2"
    /// );
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn broadcast_to(&self, shape: &[usize]) -> Result<TensorView<'_, S::Elem>, ShapeError> {
        Ok(TensorView::with_layout(
            self.buffer(),
            self.layout.broadcast_to(shape)?,
        ))
    }

    /// Returns the tensor with a new shape of the same element count, read
    /// in row-major order: a view when the strides allow it, otherwise a
    /// copy, as numpy's `reshape` does.
    ///
    /// ```text
    /// (2, 3) contiguous  -> (3, 2): a view, strides (2, 1)
    /// (2, 3) transposed  -> (6,):   a copy, the row-major order is not a
    ///                               single stride walk through the buffer
    /// ```
    ///
    /// # Errors
    ///
    /// [`ShapeError::Reshape`] if the element counts differ, and
    /// [`ShapeError::SizeOverflow`] if the new shape's count overflows.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let a = tensor![[1, 2, 3], [4, 5, 6]];
    /// let b = a.reshape(&[3, 2])?;
    /// assert_eq!(b.to_vec(), vec![1, 2, 3, 4, 5, 6]);
    /// assert!(b.buffer_is_borrowed());
    ///
    /// let transposed = a.t();
    /// let c = transposed.reshape(&[6])?;
    /// assert_eq!(c.to_vec(), vec![1, 4, 2, 5, 3, 6]);
    /// assert!(!c.buffer_is_borrowed());
    ///
    /// assert!(a.reshape(&[4]).is_err());
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn reshape(&self, shape: &[usize]) -> Result<CowTensor<'_, S::Elem>, ShapeError> {
        if checked_len(shape)? != self.len() {
            return Err(ShapeError::Reshape {
                from: self.shape().to_vec(),
                to: shape.to_vec(),
            });
        }
        match self.layout.reshaped(shape) {
            Some(layout) => Ok(TensorBase {
                storage: Cow::Borrowed(self.buffer()),
                layout,
            }),
            None => Ok(TensorBase {
                storage: Cow::Owned(self.to_vec()),
                layout: Layout::contiguous(shape)?,
            }),
        }
    }

    /// Returns the buffer offsets of the elements in row-major order.
    pub(crate) fn offsets(&self) -> Offsets {
        Offsets::new(&self.layout)
    }
}

impl<T: Element> CowTensor<'_, T> {
    /// Returns whether the elements are borrowed, which means that the
    /// operation that made this tensor copied nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::tensor;
    ///
    /// let a = tensor![[1, 2, 3], [4, 5, 6]];
    /// assert!(a.reshape(&[6])?.buffer_is_borrowed());
    /// // The transpose's row-major order is not one stride through the buffer,
    /// // so reshape copies.
    /// assert!(!a.t().reshape(&[6])?.buffer_is_borrowed());
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn buffer_is_borrowed(&self) -> bool {
        matches!(self.storage, Cow::Borrowed(_))
    }
}

impl<'a, T: Element> CowTensor<'a, T> {
    /// Makes a tensor from a buffer and a layout made by this crate. An
    /// owned buffer must hold the elements in row-major order with the
    /// layout's contiguous strides, as `into_owned` keeps it as it is.
    pub(crate) fn from_cow_parts(storage: Cow<'a, [T]>, layout: Layout) -> Self {
        Self { storage, layout }
    }
}

/// Types that can lend a [`TensorView`] of themselves: [`Tensor`],
/// [`TensorView`] and [`CowTensor`].
///
/// Functions that take `&impl AsView<T>` accept all three, so a transposed
/// or broadcast view goes in without a copy.
///
/// # Examples
///
/// ```
/// use baretensor::{AsView, tensor};
///
/// fn total(x: &impl AsView<i32>) -> i32 {
///     x.view().iter().sum()
/// }
/// let a = tensor![[1, 2], [3, 4]];
/// assert_eq!(total(&a), 10);
/// assert_eq!(total(&a.t()), 10);
/// ```
pub trait AsView<T: Element> {
    /// Returns a view of all elements.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::{AsView, tensor};
    ///
    /// fn strides_of(x: &impl AsView<i32>) -> Vec<isize> {
    ///     x.view().strides().to_vec()
    /// }
    /// let a = tensor![[1, 2], [3, 4]];
    /// assert_eq!(strides_of(&a), vec![2, 1]);
    /// assert_eq!(strides_of(&a.t()), vec![1, 2]); // the layout is kept
    /// ```
    fn view(&self) -> TensorView<'_, T>;

    /// Returns the elements as one slice in row-major order together with
    /// the shape, or `None` if they are not contiguous.
    ///
    /// Unlike [`view`](Self::view), this copies no shape or strides, so a
    /// fast path for contiguous operands costs no allocation. The default
    /// returns `None`, which sends callers to `view`.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::{AsView, tensor};
    ///
    /// let a = tensor![[1, 2], [3, 4]];
    /// assert_eq!(a.contiguous_parts(), Some((&[1, 2, 3, 4][..], &[2, 2][..])));
    /// assert_eq!(a.t().contiguous_parts(), None);
    /// ```
    fn contiguous_parts(&self) -> Option<(&[T], &[usize])> {
        None
    }
}

impl<S: Storage> AsView<S::Elem> for TensorBase<S> {
    fn view(&self) -> TensorView<'_, S::Elem> {
        TensorBase::view(self)
    }

    fn contiguous_parts(&self) -> Option<(&[S::Elem], &[usize])> {
        Some((self.as_slice()?, self.shape()))
    }
}

/// Tensors are equal when their shapes are equal and their elements are
/// equal in row-major order, whatever their strides or ownership. As with
/// floats, a tensor holding NaN is not equal to itself.
///
/// # Examples
///
/// ```
/// use baretensor::tensor;
///
/// let a = tensor![[1, 2], [3, 4]];
/// let b = tensor![[1, 3], [2, 4]];
/// assert_eq!(a.t(), b);
/// assert_ne!(a, b);
/// assert_ne!(tensor![1, 2, 3, 4], a); // same elements, other shape
/// ```
impl<L: Storage, R: Storage<Elem = L::Elem>> PartialEq<TensorBase<R>> for TensorBase<L> {
    fn eq(&self, other: &TensorBase<R>) -> bool {
        self.shape() == other.shape() && self.iter().eq(other.iter())
    }
}

/// Prints the tensor as numpy's `str()` prints an array with the default
/// print options: nested brackets, aligned columns, at most 8 digits after
/// the decimal point, and scientific notation where numpy switches to it.
///
/// # Examples
///
/// ```
/// use baretensor::tensor;
///
/// let x = tensor![[0.0, 0.6, 0.8], [0.13736056, 0.82416338, 0.54944226]];
/// assert_eq!(
///     x.to_string(),
///     "[[0.         0.6        0.8       ]\n [0.13736056 0.82416338 0.54944226]]"
/// );
/// assert_eq!(tensor![[1, 20], [300, 4]].t().to_string(), "[[  1 300]\n [ 20   4]]");
/// ```
impl<S: Storage> core::fmt::Display for TensorBase<S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        S::Elem::write_array(f, self.shape(), &self.to_vec())
    }
}

/// Prints the values as [`Display`](core::fmt::Display) does, followed by
/// the layout: shape, strides, offset and dtype. Strides count elements,
/// where numpy's `strides` attribute counts bytes.
///
/// The alternate form `{:#?}` puts each part on a line of its own and adds
/// the whole buffer, including the elements the layout skips or repeats,
/// so that a view can be read against the memory it points into.
///
/// # Examples
///
/// ```
/// use baretensor::tensor;
///
/// let a = tensor![[1, 2, 3], [4, 5, 6]];
/// assert_eq!(
///     format!("{a:?}"),
///     "[[1 2 3]\n [4 5 6]], shape=(2, 3), strides=(3, 1), offset=0, dtype=int32"
/// );
///
/// // The transpose reads the same buffer with the strides swapped.
/// let t = a.t();
/// assert_eq!(
///     format!("{t:#?}"),
///     "[[1 4]\n [2 5]\n [3 6]]\n\
///      shape:   (3, 2)\n\
///      strides: (1, 3)\n\
///      offset:  0\n\
///      dtype:   int32\n\
///      buffer:  [1 2 3 4 5 6]"
/// );
/// ```
impl<S: Storage> core::fmt::Debug for TensorBase<S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        use crate::error::TupleDisplay;

        let shape = TupleDisplay(self.shape());
        let strides = TupleDisplay(self.strides());
        let (offset, dtype) = (self.offset(), S::Elem::DTYPE);
        if f.alternate() {
            let buffer = self.storage.as_buffer();
            core::fmt::Display::fmt(self, f)?;
            write!(
                f,
                "\nshape:   {shape}\nstrides: {strides}\noffset:  {offset}"
            )?;
            write!(f, "\ndtype:   {dtype}\nbuffer:  ")?;
            S::Elem::write_array(f, &[buffer.len()], buffer)
        } else {
            core::fmt::Display::fmt(self, f)?;
            write!(
                f,
                ", shape={shape}, strides={strides}, offset={offset}, dtype={dtype}"
            )
        }
    }
}

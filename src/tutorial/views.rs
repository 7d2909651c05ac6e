//! Chapter 2: views, which change the layout and never copy.
//!
//! Because the position of an element comes from the shape, the strides
//! and the offset, many operations need to change only those three. The
//! result is a [`TensorView`](crate::TensorView) that borrows the same
//! buffer.
//!
//! # Transpose: swap the strides
//!
//! ```text
//! x:    shape (2, 3), strides (3, 1)      x.t(): shape (3, 2), strides (1, 3)
//!
//!   [ 0 1 2 ]                               [ 0 3 ]
//!   [ 3 4 5 ]                               [ 1 4 ]
//!                                           [ 2 5 ]
//! buffer: 0 1 2 3 4 5  (shared, unchanged)
//! ```
//!
//! One step along a row of the transpose is one step down a column of `x`,
//! 3 elements in the buffer.
//!
//! ```
//! use baretensor::tensor;
//!
//! let x = tensor![[0, 1, 2], [3, 4, 5]];
//! let t = x.t();
//! assert_eq!(t.shape(), &[3, 2]);
//! assert_eq!(t.strides(), &[1, 3]);
//! assert_eq!(t.to_vec(), vec![0, 3, 1, 4, 2, 5]);
//! // The same memory: the view's buffer is x's buffer.
//! assert!(std::ptr::eq(t.buffer(), x.buffer()));
//! // Its elements are not in row-major order in that buffer.
//! assert!(!t.is_contiguous());
//! ```
//!
//! # Slicing: scale the strides, move the offset
//!
//! A step of 2 doubles a stride, a negative step makes it negative, and a
//! start other than 0 moves the offset. Picking one index removes the axis.
//!
//! ```text
//! x: shape (4, 3), strides (3, 1), buffer 0..12
//!
//! x[1:3, ::-1]   rows 1 and 2, columns reversed
//!                shape (2, 3), strides (3, -1), offset 3*1 + 2 = 5
//! x[::2, 1]      every other row, column 1
//!                shape (2,), strides (6,), offset 1
//! ```
//!
//! ```
//! use baretensor::{Tensor, s};
//!
//! let x = Tensor::from_shape_fn(&[4, 3], |index| (3 * index[0] + index[1]) as i32)?;
//!
//! let reversed = x.slice(&s![1..3, ..;-1])?;
//! assert_eq!(reversed.strides(), &[3, -1]);
//! assert_eq!(reversed.offset(), 5);
//! assert_eq!(reversed.to_vec(), vec![5, 4, 3, 8, 7, 6]);
//!
//! let column = x.slice(&s![..;2, 1])?;
//! assert_eq!(column.shape(), &[2]);
//! assert_eq!(column.strides(), &[6]);
//! assert_eq!(column.offset(), 1);
//! assert_eq!(column.to_vec(), vec![1, 7]);
//! # Ok::<(), baretensor::ShapeError>(())
//! ```
//!
//! # broadcast_to: a stride of 0 repeats an element
//!
//! A stride of 0 means that stepping along the axis does not move in the
//! buffer, so the same elements appear again. That is how a row of 3 can
//! act as a `(4, 3)` matrix without 12 elements in memory:
//!
//! ```text
//! row: shape (3,), strides (1,)     broadcast_to (4, 3): strides (0, 1)
//!
//!   [ 10 20 30 ]                      [ 10 20 30 ]   every row reads
//!                                     [ 10 20 30 ]   buffer 0, 1, 2
//!                                     [ 10 20 30 ]
//!                                     [ 10 20 30 ]
//! ```
//!
//! ```
//! use baretensor::tensor;
//!
//! let row = tensor![10, 20, 30];
//! let matrix = row.broadcast_to(&[4, 3])?;
//! assert_eq!(matrix.strides(), &[0, 1]);
//! assert_eq!(matrix.buffer().len(), 3);
//! assert_eq!(matrix[[3, 2]], 30);
//! assert_eq!(format!("{matrix:?}"),
//!     "[[10 20 30]\n [10 20 30]\n [10 20 30]\n [10 20 30]], \
//!      shape=(4, 3), strides=(0, 1), offset=0, dtype=int32");
//! # Ok::<(), baretensor::ShapeError>(())
//! ```
//!
//! # When a copy is needed
//!
//! `reshape` returns a view when the new shape can be described with new
//! strides over the same buffer, as numpy's does, and copies otherwise: a
//! transpose read as one flat row is not evenly spaced in its buffer. Its
//! result is a [`CowTensor`](crate::CowTensor), which records which of the
//! two happened.
//!
//! ```
//! use baretensor::tensor;
//!
//! let x = tensor![[0, 1, 2], [3, 4, 5]];
//! assert!(x.reshape(&[3, 2])?.buffer_is_borrowed());
//! // The result may borrow the view, so the view needs a name of its own:
//! // `x.t().reshape(&[6])?` would drop the view while it is borrowed.
//! let t = x.t();
//! let flat = t.reshape(&[6])?;
//! assert!(!flat.buffer_is_borrowed());
//! assert_eq!(flat.to_vec(), vec![0, 3, 1, 4, 2, 5]);
//! # Ok::<(), baretensor::ShapeError>(())
//! ```

//! Chapter 1: shape and strides, or how an index becomes an offset.
//!
//! A tensor keeps its elements in one flat buffer. The shape gives the
//! number of positions along each axis, and the strides give the number of
//! buffer elements that one step along each axis skips. Element `[i, j]` of a rank-2 tensor is
//! at
//!
//! ```text
//! offset + i * strides[0] + j * strides[1]
//! ```
//!
//! and every rank adds one term. A new tensor of shape `(2, 3)` is stored
//! row by row (row-major, numpy's default order), so one step along a row
//! moves 1 element and one step down a column moves a whole row of 3:
//!
//! ```text
//! shape (2, 3), strides (3, 1), offset 0
//!
//!            j=0  j=1  j=2
//!     i=0  [  0    1    2 ]        buffer index 0 + 3*i + 1*j
//!     i=1  [  3    4    5 ]
//!
//! buffer:    0  1  2  3  4  5
//! ```
//!
//! The last axis always has stride 1 in a new tensor, and each stride to
//! its left is the product of the lengths to its right. Strides here count
//! elements. numpy's `strides` attribute counts bytes, so an `(2, 3)` array
//! of `float64` shows `(24, 8)` there: the same numbers times 8.
//!
//! ```
//! use baretensor::Tensor;
//!
//! // Each element is its own buffer index, to make the layout visible.
//! let x = Tensor::from_shape_fn(&[2, 3], |index| (3 * index[0] + index[1]) as i32)?;
//! assert_eq!(x.shape(), &[2, 3]);
//! assert_eq!(x.strides(), &[3, 1]);
//! assert_eq!(x.offset(), 0);
//!
//! // The formula, spelled out for element [1, 2].
//! let (i, j) = (1, 2);
//! let position = x.offset() as isize + i * x.strides()[0] + j * x.strides()[1];
//! assert_eq!(position, 5);
//! assert_eq!(x.buffer()[position as usize], x[[1, 2]]);
//!
//! // Rank 3: shape (2, 3, 4) has strides (12, 4, 1).
//! let y = Tensor::<f64>::zeros(&[2, 3, 4]);
//! assert_eq!(y.strides(), &[12, 4, 1]);
//! # Ok::<(), baretensor::ShapeError>(())
//! ```
//!
//! `Debug` prints the layout beside the values, which is the quickest way
//! to see it while experimenting:
//!
//! ```
//! use baretensor::tensor;
//!
//! let x = tensor![[0, 1, 2], [3, 4, 5]];
//! assert_eq!(
//!     format!("{x:?}"),
//!     "[[0 1 2]\n [3 4 5]], shape=(2, 3), strides=(3, 1), offset=0, dtype=int32"
//! );
//! ```
//!
//! [`exercises::loops`](crate::exercises::loops) computes every position
//! with this formula, so its source reads as a worked example of it.

//! Chapter 3: broadcasting, step by step.
//!
//! An operation such as `a + b` on tensors of different shapes first
//! decides a common shape, then reads both operands as views of that
//! shape, with a stride of 0 along every axis that was stretched
//! (chapter 2). No element is copied.
//!
//! # The rule
//!
//! 1. Align the shapes at their last axis, as numbers are aligned at the
//!    decimal point. A shape with fewer axes gets missing axes on the
//!    left, which count as length 1.
//! 2. In each column the lengths must be equal, or one of them must be 1.
//!    A 1 is stretched to the other length.
//! 3. The result has, in each column, the length that is not 1 (or 1 if
//!    all are 1).
//!
//! ```text
//!        a   (2, 1, 3)
//!        b      (4, 3)
//!
//! axis       -3  -2  -1
//!   a         2   1   3
//!   b         -   4   3      "-": missing, counts as 1
//!   stretched b   a   -      the input stretched along the axis:
//!                            b's missing axis becomes 2, a's 1 becomes 4
//! result  (2, 4, 3)
//! ```
//!
//! ```
//! use baretensor::{broadcast_shapes, Tensor};
//!
//! assert_eq!(broadcast_shapes(&[&[2, 1, 3], &[4, 3]])?, vec![2, 4, 3]);
//!
//! let a = Tensor::from_shape_fn(&[2, 1, 3], |index| (10 * index[0] + index[2]) as i32)?;
//! let b = Tensor::from_shape_fn(&[4, 3], |index| (100 * index[0]) as i32)?;
//! let sum = &a + &b;
//! assert_eq!(sum.shape(), &[2, 4, 3]);
//! // sum[i, j, k] = a[i, 0, k] + b[j, k]
//! assert_eq!(sum[[1, 3, 2]], a[[1, 0, 2]] + b[[3, 2]]);
//!
//! // What the addition reads: a stretched along axis 1, b along axis 0.
//! let a_view = a.broadcast_to(&[2, 4, 3])?;
//! assert_eq!(a_view.strides(), &[3, 0, 1]);
//! let b_view = b.broadcast_to(&[2, 4, 3])?;
//! assert_eq!(b_view.strides(), &[0, 3, 1]);
//! # Ok::<(), baretensor::ShapeError>(())
//! ```
//!
//! # When it fails
//!
//! If an axis has two different lengths and neither is 1, there is no
//! common shape. The error names the shapes, the axis (counted from the
//! end, as the alignment is) and both lengths:
//!
//! ```text
//!        a   (2, 3)
//!        b   (4, 3)
//! axis       -2  -1
//!             2   3
//!             4   3
//!             ^ 2 and 4: neither is 1
//! ```
//!
//! ```
//! use baretensor::{broadcast_shapes, tensor};
//!
//! let error = broadcast_shapes(&[&[2, 3], &[4, 3]]).unwrap_err();
//! assert_eq!(
//!     error.to_string(),
//!     "cannot broadcast (2, 3) with (4, 3): axis -2 has lengths 2 and 4"
//! );
//!
//! // The operators panic with the same message; the try_ methods return it.
//! let a = tensor![[1, 2, 3], [4, 5, 6]];
//! let b = tensor![1, 2];
//! assert!(a.try_add(&b).is_err());
//! # Ok::<(), baretensor::ShapeError>(())
//! ```
//!
//! An axis of 1 against 0 gives 0, as in numpy: an empty axis stays
//! empty. 3 against 0 fails, since neither is 1.
//!
//! ```
//! use baretensor::broadcast_shapes;
//!
//! assert_eq!(broadcast_shapes(&[&[1, 3], &[0, 1]])?, vec![0, 3]);
//! assert!(broadcast_shapes(&[&[3], &[0]]).is_err());
//! # Ok::<(), baretensor::ShapeError>(())
//! ```
//!
//! # Asking the crate
//!
//! [`broadcast::explain`](crate::broadcast::explain) does the alignment
//! above for any number of shapes and prints it, and its value gives the
//! rule of each column to code. `cargo run --example broadcast -- 2,3 4,3`
//! prints the same from the command line.
//!
//! ```
//! use baretensor::broadcast::{explain, AxisRule};
//!
//! let explanation = explain(&[&[2, 3], &[4, 3]]);
//! assert_eq!(
//!     explanation.to_string(),
//!     "axis  -2  -1\n\
//!      a      2   3    (2, 3)\n\
//!      b      4   3    (4, 3)\n       ^\n\
//!      \n\
//!      axis -1: equal lengths, a and b have 3\n\
//!      axis -2: incompatible, a has 2 and b has 4, and neither is 1\n\
//!      error: cannot broadcast (2, 3) with (4, 3): axis -2 has lengths 2 and 4"
//! );
//! // axes() runs from the first axis to the last, so index 1 is axis -1.
//! assert!(matches!(explanation.axes()[1].rule(), AxisRule::Equal { .. }));
//! assert!(explanation.result().is_err());
//! ```

//! Chapter 4: `keepdims`, and why `normalize_rows` and `softmax` need it.
//!
//! A reduction such as a sum over an axis removes that axis. With
//! `keepdims` it keeps the axis with length 1 instead:
//!
//! ```text
//! x                 (2, 3)
//! sum over axis 1   (2,)        keepdims = false: axis 1 removed
//! sum over axis 1   (2, 1)      keepdims = true:  axis 1 kept as 1
//! ```
//!
//! The difference shows when the result meets `x` again. Dividing each
//! row by its own sum is `x / sums`, and broadcasting aligns shapes at the
//! last axis (chapter 3):
//!
//! ```text
//! keepdims = true                     keepdims = false
//!   x      (2, 3)                       x      (2, 3)
//!   sums   (2, 1)                       sums      (2,)
//!   column -1: 1 stretched to 3         column -1: 3 and 2, neither is 1
//!   column -2: equal                    -> error
//!   result (2, 3), row i / sums[i]
//! ```
//!
//! Without `keepdims` the 2 row sums line up with the 3 columns. For a
//! square matrix the lengths agree and the division succeeds, but it
//! divides column `j` by the sum of row `j`, which is silently wrong.
//!
//! ```
//! use baretensor::tensor;
//!
//! let x = tensor![[1.0, 1.0, 2.0], [3.0, 3.0, 4.0]];
//! let sums = x.sum_axis(1, true)?;
//! assert_eq!(sums.shape(), &[2, 1]);
//! let shares = &x / &sums;
//! assert_eq!(shares.to_vec(), vec![0.25, 0.25, 0.5, 0.3, 0.3, 0.4]);
//!
//! let flat = x.sum_axis(1, false)?;
//! assert_eq!(flat.shape(), &[2]);
//! assert!(x.try_div(&flat).is_err());
//!
//! // A square matrix: no error, but column j is divided by row j's sum.
//! let square = tensor![[1.0, 3.0], [2.0, 6.0]];
//! let wrong = &square / &square.sum_axis(1, false)?; // sums [4, 8]
//! assert_eq!(wrong.to_vec(), vec![0.25, 0.375, 0.5, 0.75]);
//! let right = &square / &square.sum_axis(1, true)?;
//! assert_eq!(right.to_vec(), vec![0.25, 0.75, 0.25, 0.75]);
//! # Ok::<(), baretensor::ShapeError>(())
//! ```
//!
//! # In the exercises
//!
//! `normalize_rows` divides each row by its norm, `x / ||x||` with the
//! norm taken over axis 1 and kept as a column. `softmax` subtracts each
//! row's maximum and divides by each row's sum of exponentials, both kept
//! as columns. [`exercises::loops`](crate::exercises::loops) writes these
//! steps out:
//!
//! ```
//! use baretensor::exercises::loops;
//! use baretensor::tensor;
//!
//! let x = tensor![[0.0, 3.0, 4.0], [1.0, 6.0, 4.0]];
//! let norms = x.norm_l2_axis(1, true)?; // (2, 1)
//! let by_hand = &x / &norms;
//! assert!(by_hand.allclose(&loops::normalize_rows(&x)?, 1e-12, 0.0));
//! # Ok::<(), baretensor::ShapeError>(())
//! ```
//!
//! [`broadcast::explain_reduction`](crate::broadcast::explain_reduction)
//! shows which axes a reduction removes or keeps, and how its result
//! broadcasts back against the input, with a note when the pairing is
//! wrong. `cargo run --example broadcast -- --reduce 2,3 --axis -1` prints
//! it from the command line, and `--keepdims` keeps the axis.
//!
//! ```
//! use baretensor::broadcast::{explain_reduction, Alignment};
//!
//! let with_keepdims = explain_reduction(&[2, 3], &[-1], true);
//! assert_eq!(with_keepdims.result().as_ref().ok(), Some(&vec![2, 1]));
//! assert!(matches!(with_keepdims.alignment(), Some(Alignment::Aligned)));
//!
//! let square = explain_reduction(&[3, 3], &[-1], false);
//! assert!(matches!(square.alignment(), Some(Alignment::Misaligned)));
//! assert!(square.to_string().contains("x[i, j] meets the sum of row j instead of row i"));
//! ```

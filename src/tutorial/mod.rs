//! A tutorial on what numpy does behind one line: shapes, strides, views,
//! broadcasting and `keepdims`, shown with this crate. Every example on
//! these pages runs as a test, so each claim is checked.
//!
//! This module contains documentation only. Read the chapters in order:
//!
//! 1. [`shape_and_strides`]: how an index becomes a buffer offset.
//! 2. [`views`]: transpose, slicing and `broadcast_to` without copies.
//! 3. [`broadcasting`]: the rule, column by column, and its errors.
//! 4. [`keepdims`]: why `normalize_rows` and `softmax` keep the reduced
//!    axis.
//! 5. [`loops_and_vectorized`]: the two versions of each exercise, and
//!    why a sum with a single accumulator cannot be vectorized.
//! 6. [`checking`]: testing your own version of an exercise, wrong twice
//!    and then right.
//!
//! The exercises themselves are in [`exercises`](crate::exercises).

pub mod broadcasting;
pub mod checking;
pub mod keepdims;
pub mod loops_and_vectorized;
pub mod shape_and_strides;
pub mod views;

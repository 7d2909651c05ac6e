//! The exercises.
pub mod loops;
pub mod vectorized;

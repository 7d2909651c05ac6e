//! Operations on tensors: elementwise arithmetic with broadcasting,
//! reductions, and matrix products.

mod arg;
mod arithmetic;
mod elementwise;
mod join;
mod linalg;
mod reduce;

pub(crate) use elementwise::broadcast_pair;
pub use join::{concatenate, stack};

//! Operations on tensors: elementwise arithmetic with broadcasting,
//! reductions, and matrix products.

mod arithmetic;
mod elementwise;
mod linalg;
mod reduce;

pub(crate) use elementwise::broadcast_pair;

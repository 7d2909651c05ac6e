//! Reads the elements of a view straight from its buffer by the stride
//! formula, so that a property has an oracle that does not go through the
//! crate's own iterators or copies. A test file includes it with
//! `#[path = "common/strided.rs"] mod strided;`, next to `mod common;`.

use baretensor::{Element, TensorView};

use crate::common::row_major_indices;

/// Returns the buffer position of `index`: `offset + sum(index[k] *
/// strides[k])`.
pub fn position_of(index: &[usize], strides: &[isize], offset: usize) -> usize {
    let position = index
        .iter()
        .zip(strides)
        .fold(offset as isize, |position, (&i, &stride)| {
            position + i as isize * stride
        });
    usize::try_from(position).expect("the layout stays inside its buffer")
}

/// Returns the elements of `view` in row-major order, each read from the
/// buffer at the position of its index.
pub fn values_by_strides<T: Element>(view: &TensorView<'_, T>) -> Vec<T> {
    row_major_indices(view.shape())
        .iter()
        .map(|index| view.buffer()[position_of(index, view.strides(), view.offset())])
        .collect()
}

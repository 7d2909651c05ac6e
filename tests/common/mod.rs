//! Helpers shared by the integration tests. Each test file includes this
//! module with `mod common;`.

/// Returns all indices of `shape` in row-major order: the last index turns
/// fastest, as numpy's `ndindex` walks them.
pub fn row_major_indices(shape: &[usize]) -> Vec<Vec<usize>> {
    let len: usize = shape.iter().product();
    let mut indices = Vec::with_capacity(len);
    let mut index = vec![0; shape.len()];
    for _ in 0..len {
        indices.push(index.clone());
        for axis in (0..shape.len()).rev() {
            index[axis] += 1;
            if index[axis] < shape[axis] {
                break;
            }
            index[axis] = 0;
        }
    }
    indices
}

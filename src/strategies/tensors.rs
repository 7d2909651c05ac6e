//! Strategies for tensors, and the value tree that shrinks a tensor's shape
//! while it keeps the values that the smaller shape still contains.

#![forbid(unsafe_code)]

use alloc::string::ToString;
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;
use core::mem;

use proptest::strategy::{Just, NewTree, Strategy, ValueTree};
use proptest::test_runner::{Reason, TestRunner};

use crate::{Element, Tensor, checked_len};

/// Generates tensors with a shape from `shape` and every element from
/// `elements`, contiguous and in row-major order.
///
/// A failing tensor shrinks its shape first, as the shape strategy
/// shrinks it (for [`shapes`](super::shapes): fewer axes, then sides
/// toward 1). The elements that the smaller shape still contains keep
/// their values. Shapes are aligned at the last axis for this, so dropping
/// the leading axis keeps the first block, and a shorter side keeps the
/// first positions. Then the elements shrink one by one, as `elements` shrinks
/// them.
///
/// # Examples
///
/// ```
/// use baretensor::strategies::{integers, shapes, tensors};
/// use proptest::prelude::*;
///
/// proptest! {
///     #![proptest_config(ProptestConfig::with_cases(32))]
///     fn a_transpose_keeps_the_sum(x in tensors(integers(-100i64..=100), shapes(2, 0..=4))) {
///         let transposed = x.t();
///         prop_assert_eq!(transposed.sum(), x.sum());
///         prop_assert_eq!(transposed.t(), x.view());
///     }
/// }
/// a_transpose_keeps_the_sum();
/// ```
pub fn tensors<T: Element>(
    elements: impl Strategy<Value = T>,
    shape: impl Strategy<Value = Vec<usize>>,
) -> impl Strategy<Value = Tensor<T>> + Clone {
    TensorParts::new(Arc::new(elements), shape, Just(())).prop_map(|parts| {
        Tensor::from_vec(parts.values, &parts.shape).expect("the tree keeps one value per element")
    })
}

/// A shape, one value per element of it in row-major order, and whatever
/// else a strategy draws along with them.
#[derive(Clone, Debug)]
pub(super) struct Parts<T, X> {
    pub(super) shape: Vec<usize>,
    pub(super) values: Vec<T>,
    pub(super) extra: X,
}

/// The strategy behind [`tensors`] and [`strided_tensors`](super::strided_tensors):
/// a shape, then its values, then `extra`, which the strided tensors use
/// for their layout.
#[derive(Debug)]
pub(super) struct TensorParts<E, S, X> {
    elements: Arc<E>,
    shape: Arc<S>,
    extra: Arc<X>,
}

impl<E, S, X> TensorParts<E, S, X> {
    pub(super) fn new(elements: Arc<E>, shape: S, extra: X) -> Self {
        Self {
            elements,
            shape: Arc::new(shape),
            extra: Arc::new(extra),
        }
    }
}

// Derived impls would ask for `E: Clone` and so on; sharing the `Arc`s
// needs nothing of the strategies.
impl<E, S, X> Clone for TensorParts<E, S, X> {
    fn clone(&self) -> Self {
        Self {
            elements: Arc::clone(&self.elements),
            shape: Arc::clone(&self.shape),
            extra: Arc::clone(&self.extra),
        }
    }
}

impl<E, S, X> Strategy for TensorParts<E, S, X>
where
    E: Strategy,
    S: Strategy<Value = Vec<usize>>,
    X: Strategy,
{
    type Tree = PartsTree<E, S::Tree, X::Tree>;
    type Value = Parts<E::Value, X::Value>;

    fn new_tree(&self, runner: &mut TestRunner) -> NewTree<Self> {
        let shape = self.shape.new_tree(runner)?;
        let base_shape = shape.current();
        let len = checked_len(&base_shape).map_err(|error| Reason::from(error.to_string()))?;
        let values = (0..len)
            .map(|_| self.elements.new_tree(runner))
            .collect::<Result<Vec<_>, _>>()?;
        let extra = self.extra.new_tree(runner)?;
        Ok(PartsTree {
            elements: Arc::clone(&self.elements),
            // Elements that a new shape adds are drawn from a runner of
            // their own, as proptest's `prop_flat_map` does.
            runner: TestRunner::new_with_rng(runner.config().clone(), runner.new_rng()),
            shape,
            base_shape,
            values,
            extra,
            phase: Phase::Shape,
            last: Last::Nothing,
            undo: None,
        })
    }
}

/// The part that shrinks now. The parts go in this order, each until it
/// cannot shrink further.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Shape,
    Extra,
    Value(usize),
}

/// The part that the last successful `simplify` changed, which
/// `complicate` undoes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Last {
    Nothing,
    Shape,
    Extra,
    Value(usize),
}

/// The record that undoes a change of shape. `base` has the value trees of
/// the shape before the change, with an empty slot for each tree that
/// moved. `sources` has, for each tree of the new shape, the slot it came
/// from, or `None` for a new tree.
struct Undo<V> {
    base: Vec<Option<V>>,
    sources: Vec<Option<usize>>,
}

/// The value tree of [`TensorParts`].
///
/// Between calls, `values` has one tree per element of
/// `shape.current()`, and `base_shape` is the shape of the last failing
/// value, the one that `undo` restores.
pub(super) struct PartsTree<E: Strategy, S, X> {
    elements: Arc<E>,
    runner: TestRunner,
    shape: S,
    base_shape: Vec<usize>,
    values: Vec<E::Tree>,
    extra: X,
    phase: Phase,
    last: Last,
    undo: Option<Undo<E::Tree>>,
}

impl<E, S, X> ValueTree for PartsTree<E, S, X>
where
    E: Strategy,
    S: ValueTree<Value = Vec<usize>>,
    X: ValueTree,
{
    type Value = Parts<E::Value, X::Value>;

    fn current(&self) -> Self::Value {
        Parts {
            shape: self.shape.current(),
            values: self.values.iter().map(ValueTree::current).collect(),
            extra: self.extra.current(),
        }
    }

    fn simplify(&mut self) -> bool {
        // The runner simplifies only from a failing value, so the last
        // change stays.
        self.undo = None;
        self.base_shape = self.shape.current();
        loop {
            match self.phase {
                Phase::Shape if self.shape.simplify() => {
                    self.reshape();
                    self.last = Last::Shape;
                    return true;
                }
                Phase::Shape => self.phase = Phase::Extra,
                Phase::Extra if self.extra.simplify() => {
                    self.last = Last::Extra;
                    return true;
                }
                Phase::Extra => self.phase = Phase::Value(0),
                Phase::Value(index) => {
                    let Some(value) = self.values.get_mut(index) else {
                        self.last = Last::Nothing;
                        return false;
                    };
                    if value.simplify() {
                        self.last = Last::Value(index);
                        return true;
                    }
                    self.phase = Phase::Value(index + 1);
                }
            }
        }
    }

    fn complicate(&mut self) -> bool {
        match self.last {
            Last::Nothing => false,
            Last::Shape => {
                self.restore();
                if !self.shape.complicate() {
                    // The shape is back at the failing value, which the
                    // restored trees fit, so reshaping keeps every tree.
                    self.last = Last::Nothing;
                }
                self.reshape();
                true
            }
            Last::Extra => self.extra.complicate(),
            Last::Value(index) => self.values[index].complicate(),
        }
    }
}

impl<E, S, X> PartsTree<E, S, X>
where
    E: Strategy,
    S: ValueTree<Value = Vec<usize>>,
{
    /// Moves the value trees of `base_shape` to the positions they take in
    /// the shape's current value, draws trees for positions that are new,
    /// and records how to undo the move.
    fn reshape(&mut self) {
        let shape = self.shape.current();
        let len = checked_len(&shape).expect("a shape that shrank from a valid one has a length");
        let mut base: Vec<Option<E::Tree>> =
            mem::take(&mut self.values).into_iter().map(Some).collect();
        let mut values = Vec::with_capacity(len);
        let mut sources = Vec::with_capacity(len);
        let mut index = vec![0; shape.len()];
        for _ in 0..len {
            let source = source_position(&self.base_shape, &index)
                .filter(|&position| base[position].is_some());
            let tree = match source {
                Some(position) => base[position].take().expect("the slot was checked"),
                None => self.fresh_tree(),
            };
            values.push(tree);
            sources.push(source);
            advance(&mut index, &shape);
        }
        self.values = values;
        self.undo = Some(Undo { base, sources });
    }

    /// Puts the value trees back where [`reshape`](Self::reshape) took
    /// them from.
    fn restore(&mut self) {
        let Some(Undo { mut base, sources }) = self.undo.take() else {
            return;
        };
        for (tree, source) in mem::take(&mut self.values).into_iter().zip(sources) {
            if let Some(position) = source {
                base[position] = Some(tree);
            }
        }
        self.values = base
            .into_iter()
            .map(|slot| slot.expect("every tree that moved has come back"))
            .collect();
    }

    fn fresh_tree(&mut self) -> E::Tree {
        self.elements
            .new_tree(&mut self.runner)
            .unwrap_or_else(|reason| {
                panic!("the element strategy failed while shrinking: {reason}")
            })
    }
}

/// Returns the row-major position, in a tensor of `base_shape`, of the
/// element that takes `index` in a tensor of another shape, or `None` if
/// `base_shape` has no such element.
///
/// The shapes are aligned at their last axis, as in broadcasting. Axes
/// that only one of the two has take index 0, so the element exists only
/// if `index` is 0 on the axes `base_shape` lacks. Two indices never map
/// to the same position.
fn source_position(base_shape: &[usize], index: &[usize]) -> Option<usize> {
    let added = index.len().saturating_sub(base_shape.len());
    if index[..added].iter().any(|&i| i != 0) {
        return None;
    }
    let dropped = base_shape.len() - (index.len() - added);
    let mut position = 0;
    for (axis, &side) in base_shape.iter().enumerate() {
        let i = if axis < dropped {
            0
        } else {
            index[added + axis - dropped]
        };
        if i >= side {
            return None;
        }
        position = position * side + i;
    }
    Some(position)
}

/// Moves `index` to the next index of `shape` in row-major order, back to
/// all zeros after the last.
pub(super) fn advance(index: &mut [usize], shape: &[usize]) {
    for axis in (0..shape.len()).rev() {
        index[axis] += 1;
        if index[axis] < shape[axis] {
            return;
        }
        index[axis] = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_position_keeps_first_block() {
        // (2, 3) -> (3,): the first row.
        assert_eq!(source_position(&[2, 3], &[2]), Some(2));
        // (2, 3) -> (2, 2): the first two columns of each row.
        assert_eq!(source_position(&[2, 3], &[1, 1]), Some(4));
        assert_eq!(source_position(&[2, 3], &[1, 2]), Some(5));
    }

    #[test]
    fn source_position_of_added_axis_needs_index_zero() {
        assert_eq!(source_position(&[3], &[0, 2]), Some(2));
        assert_eq!(source_position(&[3], &[1, 2]), None);
        assert_eq!(source_position(&[3], &[3]), None);
        assert_eq!(source_position(&[], &[0]), Some(0));
    }

    #[test]
    fn advance_walks_row_major_and_wraps() {
        let mut index = vec![0, 2];
        advance(&mut index, &[2, 3]);
        assert_eq!(index, [1, 0]);
        advance(&mut index, &[2, 3]);
        assert_eq!(index, [1, 1]);
        let mut last = vec![1, 2];
        advance(&mut last, &[2, 3]);
        assert_eq!(last, [0, 0]);
    }
}

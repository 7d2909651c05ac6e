//! Strided tensors: values laid out in a buffer with permuted axes, steps,
//! reversed axes, a leading offset or zero strides, for tests of code that
//! must read any layout.

#![forbid(unsafe_code)]

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

use proptest::bool::weighted;
use proptest::strategy::{NewTree, Strategy, ValueTree};
use proptest::test_runner::TestRunner;

use super::elements::draw;
use super::tensors::{Parts, TensorParts, advance};
use crate::{AsView, Element, Tensor, TensorView};

/// Generates tensors as [`tensors`](super::tensors) does, each laid out in
/// a buffer in one of these ways, about equally often:
///
/// - contiguous: row-major, offset 0, the buffer holding exactly the
///   elements;
/// - permuted: the axes stored in another order, as a transpose leaves
///   them;
/// - sliced: every axis stored with a step of 1 to 3, some axes reversed
///   (negative strides), and up to 3 unused elements before the first;
/// - broadcast: some axes longer than 1 read one stored slice with a
///   stride of 0, from a buffer smaller than the tensor;
/// - all of these at once.
///
/// The layout covers the last 6 axes, and axes before them are stored in
/// order. Buffer elements that the layout skips hold one more value drawn
/// from `elements`, so code that reads them gets a wrong but plausible
/// value. Along a broadcast axis every element repeats the first slice,
/// so the values drawn for the other slices are unused.
///
/// A failing tensor shrinks its shape first, as [`tensors`](super::tensors)
/// does. Then its layout shrinks toward contiguous: the offset toward 0,
/// each step toward 1, each reversed or broadcast axis back to normal, and
/// the axes back in order. Last come the value of the skipped elements and
/// the elements.
///
/// # Examples
///
/// ```
/// use baretensor::strategies::{finite_floats, shapes, strided_tensors};
/// use proptest::prelude::*;
///
/// proptest! {
///     #![proptest_config(ProptestConfig::with_cases(64))]
///     fn sum_ignores_the_layout(x in strided_tensors(finite_floats(-4.0f64, 4.0), shapes(0..=3, 1..=4))) {
///         let view = x.view();
///         let contiguous = x.to_contiguous();
///         prop_assert_eq!(&view, &contiguous);
///         let difference = (view.sum() - contiguous.sum()).abs();
///         prop_assert!(difference <= 1e-12, "{x:?}");
///     }
/// }
/// sum_ignores_the_layout();
/// ```
pub fn strided_tensors<T: Element>(
    elements: impl Strategy<Value = T>,
    shape: impl Strategy<Value = Vec<usize>>,
) -> impl Strategy<Value = StridedTensor<T>> + Clone {
    let elements = Arc::new(elements);
    let layout = (LayoutPlans, Arc::clone(&elements));
    TensorParts::new(elements, shape, layout).prop_map(|parts: Parts<T, (LayoutPlan, T)>| {
        let (plan, padding) = parts.extra;
        StridedTensor::build(parts.shape, &parts.values, &plan, padding)
    })
}

/// A tensor that owns a buffer and a layout over it, made by
/// [`strided_tensors`].
///
/// Its `Debug` output shows the shape, strides, offset, the values in
/// row-major order and the whole buffer, so a failing case shows both
/// what the code under test saw and how it was laid out.
///
/// # Examples
///
/// ```
/// use baretensor::strategies::{integers, shapes, strided_tensors};
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
///
/// let strategy = strided_tensors(integers(0i32..=9), shapes(2, 2..=3));
/// let mut runner = TestRunner::deterministic();
/// for _ in 0..20 {
///     let x = strategy.new_tree(&mut runner)?.current();
///     assert_eq!(x.view(), x.to_contiguous());
///     assert!(x.to_contiguous().is_contiguous());
///     assert!(format!("{x:?}").starts_with("StridedTensor { shape: "));
/// }
/// # Ok::<(), proptest::test_runner::Reason>(())
/// ```
#[derive(Clone)]
pub struct StridedTensor<T> {
    buffer: Vec<T>,
    shape: Vec<usize>,
    strides: Vec<isize>,
    offset: usize,
}

impl<T: Element> StridedTensor<T> {
    /// Returns a view of the tensor: its shape, strides and offset over its
    /// buffer.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::exercises::loops;
    /// use baretensor::strategies::{finite_floats, shapes, strided_tensors};
    /// use proptest::prelude::*;
    ///
    /// proptest! {
    ///     #![proptest_config(ProptestConfig::with_cases(32))]
    ///     fn sigmoid_reads_any_layout(x in strided_tensors(finite_floats(-5.0f32, 5.0), shapes(1..=3, 1..=3))) {
    ///         let from_view = loops::sigmoid(&x.view());
    ///         let from_copy = loops::sigmoid(&x.to_contiguous());
    ///         prop_assert_eq!(from_view, from_copy);
    ///     }
    /// }
    /// sigmoid_reads_any_layout();
    /// ```
    pub fn view(&self) -> TensorView<'_, T> {
        TensorView::from_parts(&self.buffer, &self.shape, &self.strides, self.offset)
            .expect("the layout was built inside its buffer")
    }

    /// Returns a contiguous copy, equal to the view element by element.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::strategies::{integers, shapes, strided_tensors};
    /// use proptest::strategy::{Strategy, ValueTree};
    /// use proptest::test_runner::TestRunner;
    ///
    /// let mut runner = TestRunner::deterministic();
    /// let x = strided_tensors(integers(0u8..=255), shapes(1..=3, 1..=4))
    ///     .new_tree(&mut runner)?
    ///     .current();
    /// let copy = x.to_contiguous();
    /// assert_eq!(copy.strides().len(), x.view().ndim());
    /// assert_eq!(copy.to_vec(), x.view().to_vec());
    /// # Ok::<(), proptest::test_runner::Reason>(())
    /// ```
    pub fn to_contiguous(&self) -> Tensor<T> {
        self.view().to_owned()
    }

    /// Lays out `values`, the elements of `shape` in row-major order, as
    /// `plan` describes, and fills the rest of the buffer with `padding`.
    fn build(shape: Vec<usize>, values: &[T], plan: &LayoutPlan, padding: T) -> Self {
        let ndim = shape.len();
        let axes: Vec<AxisPlan> = (0..ndim)
            .map(|axis| plan.axis(ndim, axis, shape[axis]))
            .collect();
        let (strides, block_len) = stored_strides(&shape, &axes, &plan.storage_order(ndim));

        // A reversed axis starts at the far end of its span. An empty
        // tensor reads nothing, but its offset stays in the buffer.
        let reversal: usize = (0..ndim)
            .filter(|&axis| strides[axis] < 0)
            .map(|axis| shape[axis].saturating_sub(1) * strides[axis].unsigned_abs())
            .sum();
        let offset = plan.padding + if block_len == 0 { 0 } else { reversal };

        let mut tensor = Self {
            buffer: vec![padding; plan.padding + block_len],
            shape,
            strides,
            offset,
        };
        tensor.fill(values);
        tensor
    }

    /// Writes `values`, in row-major order, where the layout reads them.
    /// Along an axis of stride 0 only index 0 is written, since the other
    /// indices read the same buffer elements.
    fn fill(&mut self, values: &[T]) {
        let mut index = vec![0; self.shape.len()];
        for &value in values {
            let repeated = (0..index.len()).any(|axis| self.strides[axis] == 0 && index[axis] != 0);
            if !repeated {
                let position = index
                    .iter()
                    .zip(&self.strides)
                    .fold(self.offset as isize, |position, (&i, &stride)| {
                        position + i as isize * stride
                    });
                self.buffer[position as usize] = value;
            }
            advance(&mut index, &self.shape);
        }
    }
}

/// Returns the strides that read the axes of `shape` from a row-major
/// block that stores them in `order`, outermost first, each as `axes`
/// describes, and the number of buffer elements in that block.
fn stored_strides(shape: &[usize], axes: &[AxisPlan], order: &[usize]) -> (Vec<isize>, usize) {
    // The stored axes go from the innermost out, as the strides of a
    // row-major block grow.
    let mut block_stride = 1;
    let mut strides = vec![0; shape.len()];
    for &axis in order.iter().rev() {
        let stored = axes[axis];
        if !stored.broadcast {
            let stride = (stored.step * block_stride) as isize;
            strides[axis] = if stored.reversed { -stride } else { stride };
        }
        block_stride *= stored.extent(shape[axis]);
    }
    (strides, block_stride)
}

impl<T: Element> AsView<T> for StridedTensor<T> {
    fn view(&self) -> TensorView<'_, T> {
        StridedTensor::view(self)
    }
}

impl<T: Element> fmt::Debug for StridedTensor<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StridedTensor")
            .field("shape", &self.shape)
            .field("strides", &self.strides)
            .field("offset", &self.offset)
            .field("values", &self.view().to_vec())
            .field("buffer", &self.buffer)
            .finish()
    }
}

/// How many axes, counted from the last, a layout plan describes.
const PLAN_AXES: usize = 6;

/// A layout, independent of the shape it is applied to. Each list has
/// one entry per axis counted from the last, so a plan still applies, to
/// the axes that remain, after a shape loses leading axes.
#[derive(Clone, Debug, PartialEq, Eq)]
struct LayoutPlan {
    /// Axes are stored in the order of their keys, ties in axis order, so
    /// equal keys store row-major.
    keys: Vec<u8>,
    /// The step of each axis, minus 1.
    extra_steps: Vec<u8>,
    reversed: Vec<bool>,
    broadcast: Vec<bool>,
    /// Unused buffer elements before the stored block.
    padding: usize,
}

/// The storage of one axis: its step, and whether it is reversed or
/// broadcast.
#[derive(Clone, Copy, Debug)]
struct AxisPlan {
    step: usize,
    reversed: bool,
    broadcast: bool,
}

impl AxisPlan {
    /// Returns how many buffer elements the axis spans in the stored block.
    fn extent(&self, side: usize) -> usize {
        match side {
            0 => 0,
            _ if self.broadcast => 1,
            _ => (side - 1) * self.step + 1,
        }
    }
}

impl LayoutPlan {
    fn axis(&self, ndim: usize, axis: usize, side: usize) -> AxisPlan {
        let from_end = ndim - 1 - axis;
        let flag = |flags: &[bool]| flags.get(from_end).copied().unwrap_or(false);
        AxisPlan {
            step: 1 + usize::from(self.extra_steps.get(from_end).copied().unwrap_or(0)),
            reversed: flag(&self.reversed),
            // A stride of 0 on an axis of length 0 or 1 broadcasts nothing.
            broadcast: side > 1 && flag(&self.broadcast),
        }
    }

    /// Returns the axes from the outermost stored to the innermost.
    fn storage_order(&self, ndim: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..ndim).collect();
        order.sort_by_key(|&axis| (self.keys.get(ndim - 1 - axis).copied().unwrap_or(0), axis));
        order
    }
}

/// The families of layouts that [`LayoutPlans`] draws from.
#[derive(Clone, Copy, Debug)]
enum LayoutKind {
    Contiguous,
    Permuted,
    Sliced,
    Broadcast,
    Mixed,
}

impl LayoutKind {
    const ALL: [Self; 5] = [
        Self::Contiguous,
        Self::Permuted,
        Self::Sliced,
        Self::Broadcast,
        Self::Mixed,
    ];

    /// Returns a strategy for the plans of this family. Every part that the
    /// family leaves out has a range of one value, so all families share a
    /// type and a plan shrinks the same way whatever its family.
    fn plans(self) -> impl Strategy<Value = LayoutPlan> {
        let permuted = matches!(self, Self::Permuted | Self::Mixed);
        let sliced = matches!(self, Self::Sliced | Self::Mixed);
        let broadcast = matches!(self, Self::Broadcast | Self::Mixed);
        let key_max: u8 = if permuted { 7 } else { 0 };
        let extra_step_max: u8 = if sliced { 2 } else { 0 };
        let reversed = weighted(if sliced { 0.5 } else { 0.0 });
        let broadcast = weighted(if broadcast { 0.5 } else { 0.0 });
        let padding_max: usize = if sliced { 3 } else { 0 };
        // The parts shrink in tuple order: first those that only enlarge
        // the buffer, so that a broadcast a failure needs shows alone.
        (
            0..=padding_max,
            vec![0..=extra_step_max; PLAN_AXES],
            vec![reversed; PLAN_AXES],
            vec![broadcast; PLAN_AXES],
            vec![0..=key_max; PLAN_AXES],
        )
            .prop_map(
                |(padding, extra_steps, reversed, broadcast, keys)| LayoutPlan {
                    keys,
                    extra_steps,
                    reversed,
                    broadcast,
                    padding,
                },
            )
    }
}

/// Draws a layout family, then a plan of that family. Every part of the
/// plan shrinks toward the contiguous layout.
#[derive(Clone, Copy, Debug)]
struct LayoutPlans;

impl Strategy for LayoutPlans {
    type Tree = Box<dyn ValueTree<Value = LayoutPlan>>;
    type Value = LayoutPlan;

    fn new_tree(&self, runner: &mut TestRunner) -> NewTree<Self> {
        let kind = LayoutKind::ALL[draw(0..LayoutKind::ALL.len(), runner)?];
        Ok(Box::new(kind.plans().new_tree(runner)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(
        keys: &[u8],
        extra_steps: &[u8],
        reversed: &[bool],
        broadcast: &[bool],
        padding: usize,
    ) -> LayoutPlan {
        LayoutPlan {
            keys: keys.to_vec(),
            extra_steps: extra_steps.to_vec(),
            reversed: reversed.to_vec(),
            broadcast: broadcast.to_vec(),
            padding,
        }
    }

    const VALUES: [i32; 6] = [0, 1, 2, 10, 11, 12];

    #[test]
    fn build_of_empty_plan_is_contiguous() {
        let x = StridedTensor::build(vec![2, 3], &VALUES, &plan(&[], &[], &[], &[], 0), -1);
        assert_eq!((x.strides.as_slice(), x.offset), (&[3, 1][..], 0));
        assert_eq!(x.buffer, VALUES);
    }

    #[test]
    fn build_of_swapped_keys_stores_the_transpose() {
        // Keys from the last axis: axis 1 has key 0, axis 0 has key 1, so
        // axis 1 is stored outermost.
        let x = StridedTensor::build(vec![2, 3], &VALUES, &plan(&[0, 1], &[], &[], &[], 0), -1);
        assert_eq!(x.strides, [1, 2]);
        assert_eq!(x.buffer, [0, 10, 1, 11, 2, 12]);
        assert_eq!(x.view().to_vec(), VALUES);
    }

    #[test]
    fn build_of_steps_and_reversal_pads_the_buffer() {
        // Last axis: step 2, reversed; one padding element in front.
        let x = StridedTensor::build(vec![2, 3], &VALUES, &plan(&[], &[1], &[true], &[], 1), -1);
        assert_eq!(x.strides, [5, -2]);
        assert_eq!(x.offset, 1 + 4);
        assert_eq!(x.buffer, [-1, 2, -1, 1, -1, 0, 12, -1, 11, -1, 10]);
        assert_eq!(x.view().to_vec(), VALUES);
    }

    #[test]
    fn build_of_broadcast_axis_repeats_the_first_row() {
        let x = StridedTensor::build(
            vec![2, 3],
            &VALUES,
            &plan(&[], &[], &[], &[false, true], 0),
            -1,
        );
        assert_eq!(x.strides, [0, 1]);
        assert_eq!(x.buffer, [0, 1, 2]);
        assert_eq!(x.view().to_vec(), [0, 1, 2, 0, 1, 2]);
    }

    #[test]
    fn build_of_empty_shape_keeps_offset_in_buffer() {
        let x = StridedTensor::build(
            vec![2, 0],
            &[],
            &plan(&[], &[2, 2], &[true, true], &[], 2),
            7,
        );
        assert_eq!(x.buffer, [7, 7]);
        assert_eq!(x.offset, 2);
        assert!(x.view().is_empty());
    }
}

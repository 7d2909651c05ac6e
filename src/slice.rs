//! numpy's basic slicing: integer indices and `start:stop:step` ranges,
//! one per axis, that select a view without copying.

#![forbid(unsafe_code)]

use alloc::vec::Vec;
use core::ops::{Bound, Range, RangeFrom, RangeFull, RangeInclusive, RangeTo, RangeToInclusive};

use crate::ShapeError;
use crate::layout::Layout;
use crate::shape::checked_len;
use crate::tensor::{Storage, TensorBase, TensorView};
use crate::view_ops::layout_of;

/// The selection along one axis of a slice, made by [`s!`](crate::s) or
/// by the constructors [`index`](Self::index), [`range`](Self::range) and
/// [`full`](Self::full).
///
/// # Examples
///
/// ```
/// use baretensor::{SliceArg, Tensor, s};
///
/// let a = Tensor::from_shape_fn(&[3, 4], |index| (10 * index[0] + index[1]) as i32)?;
/// // Built at run time: numpy's a[-1, 3:0:-2].
/// let args = [SliceArg::index(-1), SliceArg::range(Some(3), Some(0), -2)];
/// assert_eq!(a.slice(&args)?.to_vec(), vec![23, 21]);
/// assert_eq!(args, s![-1, 3..0;-2]);
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SliceArg {
    /// Selects one position and removes the axis, as numpy's `x[i]`.
    /// Negative values count from the end.
    Index(isize),
    /// Selects every `step`-th position from `start` towards `stop` and
    /// keeps the axis, as numpy's `x[start:stop:step]`.
    Range {
        /// The first position, negative counting from the end. `None`
        /// starts at the first position when `step > 0` and at the last
        /// when `step < 0`.
        start: Option<isize>,
        /// The end of the walk, negative counting from the end:
        /// `Excluded(stop)` is numpy's `stop`, `Included(stop)` also takes
        /// position `stop`, and `Unbounded` walks to the end (the
        /// beginning when `step < 0`).
        stop: Bound<isize>,
        /// The distance between selected positions. A negative step walks
        /// backwards; 0 is rejected when the slice is applied.
        step: isize,
    },
}

impl SliceArg {
    /// Returns the entry that selects position `index` and removes the
    /// axis, as numpy's `x[index]`.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::{SliceArg, tensor};
    ///
    /// let a = tensor![[1, 2, 3], [4, 5, 6]];
    /// // numpy's a[-1]: the last row, with the row axis removed.
    /// let last = a.slice(&[SliceArg::index(-1)])?;
    /// assert_eq!(last.shape(), &[3]);
    /// assert_eq!(last.to_vec(), vec![4, 5, 6]);
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn index(index: isize) -> Self {
        Self::Index(index)
    }

    /// Returns the entry that selects numpy's `x[start:stop:step]`, with
    /// `None` for a missing bound.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::{SliceArg, tensor};
    ///
    /// let a = tensor![0, 1, 2, 3, 4, 5];
    /// // numpy's a[1:5:2]
    /// let every_other = a.slice(&[SliceArg::range(Some(1), Some(5), 2)])?;
    /// assert_eq!(every_other.to_vec(), vec![1, 3]);
    /// // numpy's a[::-1]: a negative step with no bounds reverses the axis.
    /// let reversed = a.slice(&[SliceArg::range(None, None, -1)])?;
    /// assert_eq!(reversed.to_vec(), vec![5, 4, 3, 2, 1, 0]);
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn range(start: Option<isize>, stop: Option<isize>, step: isize) -> Self {
        let stop = match stop {
            Some(stop) => Bound::Excluded(stop),
            None => Bound::Unbounded,
        };
        Self::Range { start, stop, step }
    }

    /// Returns the entry that selects the whole axis, numpy's `x[:]`.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::{SliceArg, tensor};
    ///
    /// let a = tensor![[1, 2, 3], [4, 5, 6]];
    /// // numpy's a[:, 1]: every row, column 1.
    /// let column = a.slice(&[SliceArg::full(), SliceArg::index(1)])?;
    /// assert_eq!(column.to_vec(), vec![2, 5]);
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn full() -> Self {
        Self::range(None, None, 1)
    }

    /// Returns `range` with its step replaced, for `s![start..stop;step]`.
    #[doc(hidden)]
    pub fn __stepped(range: impl SteppedRange, step: isize) -> Self {
        match range.into() {
            Self::Range { start, stop, .. } => Self::Range { start, stop, step },
            index => index,
        }
    }
}

/// The range types that [`s!`](crate::s) accepts before `;step`. An
/// integer index takes no step, so `s![1;2]` does not compile.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`s!` takes `;step` only after a range, not after `{Self}`",
    label = "an integer index selects one position and takes no step"
)]
pub trait SteppedRange: Into<SliceArg> {}

impl From<RangeFull> for SliceArg {
    fn from(_: RangeFull) -> Self {
        Self::full()
    }
}

impl SteppedRange for RangeFull {}

/// Converts an integer to `isize`, clamping values beyond its range.
///
/// On an axis of at most `isize::MAX` positions this changes nothing,
/// because a bound past the end clamps to the end anyway and a clamped
/// index stays out of range. NOTE: a longer axis, which only a broadcast
/// view can have, gets fewer positions from a `usize` bound past
/// `isize::MAX` than numpy would select.
fn saturating_isize<I: TryInto<isize> + PartialOrd + Default>(value: I) -> isize {
    let negative = value < I::default();
    value
        .try_into()
        .unwrap_or(if negative { isize::MIN } else { isize::MAX })
}

macro_rules! impl_slice_arg_from {
    ($($integer:ty),*) => {$(
        impl From<$integer> for SliceArg {
            fn from(index: $integer) -> Self {
                Self::Index(saturating_isize(index))
            }
        }

        impl From<Range<$integer>> for SliceArg {
            fn from(range: Range<$integer>) -> Self {
                Self::Range {
                    start: Some(saturating_isize(range.start)),
                    stop: Bound::Excluded(saturating_isize(range.end)),
                    step: 1,
                }
            }
        }

        impl From<RangeFrom<$integer>> for SliceArg {
            fn from(range: RangeFrom<$integer>) -> Self {
                Self::Range {
                    start: Some(saturating_isize(range.start)),
                    stop: Bound::Unbounded,
                    step: 1,
                }
            }
        }

        impl From<RangeTo<$integer>> for SliceArg {
            fn from(range: RangeTo<$integer>) -> Self {
                Self::Range {
                    start: None,
                    stop: Bound::Excluded(saturating_isize(range.end)),
                    step: 1,
                }
            }
        }

        impl From<RangeInclusive<$integer>> for SliceArg {
            fn from(range: RangeInclusive<$integer>) -> Self {
                Self::Range {
                    start: Some(saturating_isize(*range.start())),
                    stop: Bound::Included(saturating_isize(*range.end())),
                    step: 1,
                }
            }
        }

        impl From<RangeToInclusive<$integer>> for SliceArg {
            fn from(range: RangeToInclusive<$integer>) -> Self {
                Self::Range {
                    start: None,
                    stop: Bound::Included(saturating_isize(range.end)),
                    step: 1,
                }
            }
        }

        impl SteppedRange for Range<$integer> {}
        impl SteppedRange for RangeFrom<$integer> {}
        impl SteppedRange for RangeTo<$integer> {}
        impl SteppedRange for RangeInclusive<$integer> {}
        impl SteppedRange for RangeToInclusive<$integer> {}
    )*};
}

// Integer literals without a suffix fall back to i32, so `s![1..3]` needs
// the i32 impls; the others let variables of those types in.
impl_slice_arg_from!(isize, i32, i64, usize);

/// Makes the argument of [`slice`](crate::TensorBase::slice) from numpy's
/// slice syntax, one comma-separated entry per axis.
///
/// An entry is an integer index, which removes the axis, or a Rust range,
/// optionally followed by `;step`. Axes after the last entry are taken
/// whole. Ranges follow Python's `slice(start, stop, step).indices(len)`:
/// negative bounds count from the end, bounds past either end are clamped,
/// and a negative step walks backwards from the last position by default.
/// `start > stop` is valid Rust range syntax, so `5..0;-2` is numpy's
/// `5:0:-2`.
///
/// | numpy            | baretensor                       |
/// |------------------|----------------------------------|
/// | `x[1]`, `x[-1]`  | `x.slice(&s![1])`, `s![-1]`      |
/// | `x[1:3]`         | `s![1..3]`                       |
/// | `x[2:]`, `x[:-1]`| `s![2..]`, `s![..-1]`            |
/// | `x[:]`           | `s![..]`                         |
/// | `x[::2]`         | `s![..;2]`                       |
/// | `x[::-1]`        | `s![..;-1]`                      |
/// | `x[5:0:-2]`      | `s![5..0;-2]`                    |
/// | `x[1:4]`         | `s![1..=3]` (inclusive end)      |
/// | `x[1:3, ::-1]`   | `s![1..3, ..;-1]`                |
/// | `x[:, 0]`        | `s![.., 0]`                      |
///
/// An inclusive end also takes position `stop`, walking in the step's
/// direction: `3..=1;-1` selects 3, 2 and 1. Rust's `..` is numpy's `:`,
/// not its `...`, so `s![.., 0]` indexes axis 1 whatever the rank. numpy's
/// `...` and `np.newaxis` have no counterpart here.
///
/// The result is an array of [`SliceArg`], so a slice can be kept and
/// reused, or built at run time from the constructors of [`SliceArg`].
/// Integers may be `isize`, `i32`, `i64` or `usize`; steps are `isize`.
///
/// # Examples
///
/// ```
/// use baretensor::{Tensor, s};
///
/// let x = Tensor::from_shape_fn(&[4, 3], |index| (10 * index[0] + index[1]) as i32)?;
/// let view = x.slice(&s![1..3, ..;-1])?;
/// assert_eq!(view.shape(), &[2, 3]);
/// assert_eq!(view.to_vec(), vec![12, 11, 10, 22, 21, 20]);
/// assert_eq!(x.slice(&s![..;2, -1])?.to_vec(), vec![2, 22]);
/// assert_eq!(x.slice(&s![5..0;-2])?.to_vec(), vec![30, 31, 32, 10, 11, 12]);
/// assert_eq!(x.slice(&s![-1])?.to_vec(), vec![30, 31, 32]);
///
/// assert_eq!(
///     x.slice(&s![4]).unwrap_err().to_string(),
///     "index 4 is out of range for axis 0 of shape (4, 3): its length is 4, \
///      so valid indices are -4 to 3"
/// );
/// assert!(x.slice(&s![..;0]).is_err());
/// # Ok::<(), baretensor::ShapeError>(())
/// ```
///
/// A step after an integer index does not compile:
///
/// ```compile_fail
/// use baretensor::{SliceArg, s};
///
/// let args: [SliceArg; 1] = s![1;2];
/// ```
#[macro_export]
macro_rules! s {
    // `5..0` and `4..1` are empty Rust ranges, which clippy rejects, but
    // valid numpy slices, so the lint is allowed on each entry.
    (@entry $entry:expr) => {{
        #[allow(clippy::reversed_empty_ranges)]
        let entry = $entry;
        $crate::SliceArg::from(entry)
    }};
    (@entry $entry:expr; $step:expr) => {{
        #[allow(clippy::reversed_empty_ranges)]
        let entry = $entry;
        $crate::SliceArg::__stepped(entry, $step)
    }};
    ($($entry:expr $(; $step:expr)?),* $(,)?) => {
        [$($crate::s!(@entry $entry $(; $step)?)),*]
    };
}

/// The positions that a range selects on an axis: `len` of them, the
/// first at `start`, which is 0 when `len` is 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct AxisSelection {
    start: usize,
    len: usize,
}

/// Resolves a range on an axis of length `len` as Python's
/// `slice(start, stop, step).indices(len)` does, then counts the positions.
///
/// Negative bounds count from the end. Bounds then clamp into `0..=len`
/// for a positive step and into `-1..=len - 1` for a negative one, where
/// -1 means "before position 0". The arithmetic is in `i128`, so no bound
/// or length overflows. `step` is not 0.
fn select_range(
    start: Option<isize>,
    stop: Bound<isize>,
    step: isize,
    len: usize,
) -> AxisSelection {
    let (len, step) = (len as i128, step as i128);
    let (lower, upper) = if step > 0 { (0, len) } else { (-1, len - 1) };
    let clamp = |bound: i128| {
        let from_start = if bound < 0 { bound + len } else { bound };
        from_start.clamp(lower, upper)
    };

    // An inclusive stop is the exclusive stop one position further in the
    // step's direction, except where that would wrap around to the other
    // end: `..=-1` walks to the end and `..=0;-1` to the beginning.
    let stop = match stop {
        Bound::Included(-1) if step > 0 => None,
        Bound::Included(0) if step < 0 => None,
        Bound::Included(stop) => Some(stop as i128 + step.signum()),
        Bound::Excluded(stop) => Some(stop as i128),
        Bound::Unbounded => None,
    };
    let first = start.map_or(if step > 0 { lower } else { upper }, |start| {
        clamp(start as i128)
    });
    let stop = stop.map_or(if step > 0 { upper } else { lower }, clamp);

    let distance = (stop - first) * step.signum();
    let count = if distance > 0 {
        (distance - 1) / step.abs() + 1
    } else {
        0
    };
    AxisSelection {
        start: first.max(0) as usize,
        len: count as usize,
    }
}

impl Layout {
    /// Returns the layout of the positions that `args` select, one entry
    /// per leading axis; the axes after the last entry are taken whole.
    ///
    /// ```text
    /// axis of length 5, stride 3, entry 4..0;-2: positions 4, 2
    ///     length 2, stride 3 * -2 = -6, offset + 4*3
    /// ```
    ///
    /// The result stays inside the buffer: its element at `j` is the
    /// source's element at `i`, with `i = start + j * step` on each kept
    /// axis and the index on each removed one. Python's rule keeps every
    /// such `i` within `0..len`, so the position is one the source already
    /// reaches. An empty result keeps the source's offset, which an empty
    /// layout never reads.
    pub(crate) fn sliced(&self, args: &[SliceArg]) -> Result<Self, ShapeError> {
        if args.len() > self.ndim() {
            return Err(ShapeError::TooManySliceEntries {
                entries: args.len(),
                shape: self.shape.clone(),
            });
        }

        let mut first = Vec::with_capacity(self.ndim());
        let mut shape = Vec::with_capacity(self.ndim());
        let mut strides = Vec::with_capacity(self.ndim());
        for (axis, (&len, &stride)) in self.shape.iter().zip(&self.strides).enumerate() {
            match args.get(axis).copied().unwrap_or_else(SliceArg::full) {
                SliceArg::Index(index) => first.push(self.resolve_index(index, axis)?),
                SliceArg::Range { start, stop, step } => {
                    if step == 0 {
                        return Err(ShapeError::SliceStepZero { axis });
                    }
                    let selection = select_range(start, stop, step, len);
                    first.push(selection.start);
                    shape.push(selection.len);
                    // Exact when the axis keeps two or more positions of a
                    // non-empty source, because |stride * step| is then at
                    // most the span the source reaches. Otherwise the
                    // stride is never applied, so 0 replaces an overflow.
                    strides.push(stride.checked_mul(step).unwrap_or(0));
                }
            }
        }

        let offset = if checked_len(&shape)? == 0 {
            self.offset
        } else {
            // Every entry of `first` is in range when the result has an
            // element, so `offset_of` finds it.
            self.offset_of(&first).unwrap_or(self.offset)
        };
        Ok(Self {
            shape,
            strides,
            offset,
        })
    }

    /// Returns `index` as a position on `axis`, negative counting from the
    /// end, or the error numpy raises for an index outside the axis.
    fn resolve_index(&self, index: isize, axis: usize) -> Result<usize, ShapeError> {
        let len = self.shape[axis];
        let position = if index < 0 {
            len.checked_sub(index.unsigned_abs())
        } else {
            Some(index.unsigned_abs())
        };
        match position {
            Some(position) if position < len => Ok(position),
            _ => Err(ShapeError::SliceIndexOutOfRange {
                index,
                axis,
                shape: self.shape.clone(),
            }),
        }
    }
}

impl<S: Storage> TensorBase<S> {
    /// Returns a view of the positions that `args` select, as numpy's basic
    /// slicing does; [`s!`](crate::s) writes `args` in numpy's syntax.
    ///
    /// No element is copied: a range multiplies the axis's stride by its
    /// step and moves the offset to its first position, and an index
    /// moves the offset and removes the axis.
    ///
    /// ```text
    ///        shape     strides   offset
    /// x     (4, 3)     (3,  1)        0
    /// x.slice(&s![1..3, ..;-1])
    ///       (2, 3)     (3, -1)        5    first element x[1, 2]
    /// x.slice(&s![..;2, -1])
    ///         (2,)        (6,)        2    first element x[0, 2]
    /// ```
    ///
    /// # Errors
    ///
    /// - [`ShapeError::TooManySliceEntries`] if `args` has more entries
    ///   than the tensor has axes.
    /// - [`ShapeError::SliceIndexOutOfRange`] for an integer index outside
    ///   `-len..len` of its axis.
    /// - [`ShapeError::SliceStepZero`] for a range with step 0.
    ///
    /// A range never fails on its bounds: as in numpy, bounds past the end
    /// clamp, and a range that selects nothing gives an empty axis.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::{Tensor, s};
    ///
    /// let x = Tensor::from_shape_fn(&[4, 3], |index| (10 * index[0] + index[1]) as i32)?;
    /// let view = x.slice(&s![1..3, ..;-1])?;
    /// assert_eq!(view.strides(), &[3, -1]);
    /// assert_eq!(view.offset(), 5);
    /// assert_eq!(view.to_vec(), vec![12, 11, 10, 22, 21, 20]);
    ///
    /// // Slices of slices are views too, and bounds past the end clamp.
    /// let corner = view.slice(&s![-1, ..10])?;
    /// assert_eq!(corner.to_vec(), vec![22, 21, 20]);
    /// assert_eq!(x.slice(&s![9..])?.shape(), &[0, 3]);
    ///
    /// assert_eq!(
    ///     x.slice(&s![.., .., 0]).unwrap_err().to_string(),
    ///     "cannot slice shape (4, 3) with 3 entries: it has 2 axes"
    /// );
    /// # Ok::<(), baretensor::ShapeError>(())
    /// ```
    pub fn slice(&self, args: &[SliceArg]) -> Result<TensorView<'_, S::Elem>, ShapeError> {
        let layout = layout_of(self).sliced(args)?;

        debug_assert!(
            Layout::checked(
                &layout.shape,
                &layout.strides,
                layout.offset,
                self.buffer().len()
            )
            .is_ok(),
            "a slice reaches only positions that its source reaches"
        );
        Ok(TensorView::with_layout(self.buffer(), layout))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn select(
        start: Option<isize>,
        stop: Option<isize>,
        step: isize,
        len: usize,
    ) -> (usize, usize) {
        let SliceArg::Range { start, stop, step } = SliceArg::range(start, stop, step) else {
            unreachable!("range returns a range");
        };
        let selection = select_range(start, stop, step, len);
        (selection.start, selection.len)
    }

    #[test]
    fn select_range_matches_python_indices() {
        // Python: slice(3, None, -2).indices(5) == (3, -1, -2), 2 positions.
        assert_eq!(select(Some(3), None, -2, 5), (3, 2));
        // slice(None, None, -1).indices(0) == (-1, -1, -1), nothing.
        assert_eq!(select(None, None, -1, 0), (0, 0));
        // slice(-7, 7, -3).indices(6) == (0, 5, -3), nothing.
        assert_eq!(select(Some(-7), Some(7), -3, 6), (0, 0));
        // slice(5, 0, -2).indices(6) == (5, 0, -2): 5, 3, 1.
        assert_eq!(select(Some(5), Some(0), -2, 6), (5, 3));
    }

    #[test]
    fn select_range_survives_extreme_bounds() {
        assert_eq!(select(Some(isize::MIN), Some(isize::MAX), 1, 4), (0, 4));
        assert_eq!(select(Some(isize::MAX), Some(isize::MIN), -1, 4), (3, 4));
        assert_eq!(select(None, None, isize::MIN, 4), (3, 1));
        // Positions 0, 2^63 - 1 and 2^64 - 2 of an axis of length 2^64 - 1.
        assert_eq!(select(None, None, isize::MAX, usize::MAX), (0, 3));
    }

    #[test]
    fn select_range_inclusive_stop_at_ends() {
        let inclusive = |stop, step, len| select_range(None, Bound::Included(stop), step, len);
        assert_eq!(inclusive(-1, 1, 4).len, 4);
        assert_eq!(inclusive(0, -1, 4).len, 4);
        assert_eq!(inclusive(isize::MAX, 1, 4).len, 4);
        assert_eq!(inclusive(isize::MIN, -1, 4).len, 4);
        assert_eq!(inclusive(-5, 1, 4).len, 0);
    }
}

//! The error type of every shape check.

#![forbid(unsafe_code)]

use alloc::vec::Vec;
use core::fmt;

/// An operation rejected the shapes, axes or lengths it was given.
///
/// Every variant carries the numbers that were checked, and `Display`
/// names them in numpy's tuple notation, such as `(2, 3)` or `(4,)`.
///
/// # Examples
///
/// ```
/// use baretensor::{broadcast_shapes, ShapeError};
///
/// let error = broadcast_shapes(&[&[2, 3], &[4, 3]]).unwrap_err();
/// assert!(matches!(error, ShapeError::Broadcast { axis: -2, .. }));
/// assert_eq!(
///     error.to_string(),
///     "cannot broadcast (2, 3) with (4, 3): axis -2 has lengths 2 and 4"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ShapeError {
    /// A buffer's length is not the product of the shape it should fill.
    LengthMismatch {
        /// The requested shape.
        shape: Vec<usize>,
        /// The number of elements supplied.
        len: usize,
    },
    /// The product of a shape does not fit in `usize`.
    SizeOverflow {
        /// The shape whose product overflows.
        shape: Vec<usize>,
    },
    /// Shapes cannot be broadcast together.
    Broadcast {
        /// All shapes of the operation, in the order given.
        shapes: Vec<Vec<usize>>,
        /// The first axis, counted from the end (so always negative), whose
        /// lengths cannot be matched.
        axis: isize,
        /// The first two different lengths, neither of them 1, on that axis.
        lengths: [usize; 2],
    },
    /// A tensor cannot be broadcast to a requested shape.
    BroadcastTo {
        /// The tensor's shape.
        from: Vec<usize>,
        /// The requested shape.
        to: Vec<usize>,
        /// The first axis, counted from the end, that cannot be stretched;
        /// `None` when the requested shape has fewer axes than the tensor.
        axis: Option<isize>,
    },
    /// Strides and an offset reach outside the buffer they describe.
    OutOfBounds {
        /// The requested shape.
        shape: Vec<usize>,
        /// The requested strides.
        strides: Vec<isize>,
        /// The requested offset.
        offset: usize,
        /// The number of elements in the buffer.
        buffer_len: usize,
    },
    /// An index has the wrong number of entries or an entry past the end
    /// of its axis.
    IndexOutOfRange {
        /// The index as given.
        index: Vec<usize>,
        /// The shape of the tensor indexed.
        shape: Vec<usize>,
    },
    /// A reshape changes the number of elements.
    Reshape {
        /// The tensor's shape.
        from: Vec<usize>,
        /// The requested shape.
        to: Vec<usize>,
    },
    /// An axis is outside `-ndim..ndim`.
    AxisOutOfRange {
        /// The axis as given, negative values counting from the end.
        axis: isize,
        /// The number of axes of the tensor.
        ndim: usize,
    },
    /// The same axis appears twice in a list of axes.
    DuplicateAxis {
        /// The repeated axis, normalised to `0..ndim`.
        axis: usize,
        /// The list as given.
        axes: Vec<isize>,
    },
    /// A permutation does not name every axis exactly once.
    InvalidPermutation {
        /// The permutation as given.
        axes: Vec<usize>,
        /// The number of axes of the tensor.
        ndim: usize,
    },
    /// An operation needs a tensor of another rank.
    RankMismatch {
        /// The operation, such as `"matmul"`.
        op: &'static str,
        /// The rank the operation needs.
        expected: usize,
        /// The shape it was given.
        shape: Vec<usize>,
    },
    /// The operands of an operation that does not broadcast have
    /// incompatible shapes.
    OperandMismatch {
        /// The operation, such as `"dot"` or `"matmul"`.
        op: &'static str,
        /// The left operand's shape.
        lhs: Vec<usize>,
        /// The right operand's shape.
        rhs: Vec<usize>,
        /// The left operand's axis that must match.
        lhs_axis: usize,
        /// The right operand's axis that must match.
        rhs_axis: usize,
    },
    /// A reduction without an identity, such as `max`, met an empty
    /// tensor or an empty axis.
    EmptyReduction {
        /// The reduction, such as `"max"`.
        op: &'static str,
        /// The shape of the tensor reduced.
        shape: Vec<usize>,
    },
    /// A slice has more entries than the tensor has axes.
    TooManySliceEntries {
        /// The number of entries in the slice.
        entries: usize,
        /// The shape of the tensor sliced.
        shape: Vec<usize>,
    },
    /// An integer index in a slice is outside its axis.
    SliceIndexOutOfRange {
        /// The index as given, negative values counting from the end.
        index: isize,
        /// The axis it indexes.
        axis: usize,
        /// The shape of the tensor sliced.
        shape: Vec<usize>,
    },
    /// A range in a slice has step 0.
    SliceStepZero {
        /// The axis of the range.
        axis: usize,
    },
    /// `squeeze` was given an axis whose length is not 1.
    SqueezeAxisNotUnit {
        /// The axis, normalised to `0..ndim`.
        axis: usize,
        /// The shape of the tensor squeezed.
        shape: Vec<usize>,
    },
    /// The position of a new axis is outside `-(ndim + 1)..=ndim`, where
    /// `ndim` is the rank before the axis is inserted.
    InsertAxisOutOfRange {
        /// The operation, such as `"expand_dims"` or `"stack"`.
        op: &'static str,
        /// The position as given, negative values counting from the end of
        /// the result.
        axis: isize,
        /// The shape the axis would be inserted into.
        shape: Vec<usize>,
    },
    /// `concatenate` or `stack` was given an empty list of tensors.
    NothingToJoin {
        /// The operation, such as `"concatenate"`.
        op: &'static str,
    },
    /// Tensors to join have different ranks.
    JoinRankMismatch {
        /// The operation, such as `"concatenate"`.
        op: &'static str,
        /// The shape of the first tensor.
        first: Vec<usize>,
        /// The position in the list of the first tensor whose rank differs.
        index: usize,
        /// The shape of that tensor.
        other: Vec<usize>,
    },
    /// Tensors to join differ in length on an axis where they must agree.
    JoinLengthMismatch {
        /// The operation, such as `"concatenate"`.
        op: &'static str,
        /// The shape of the first tensor.
        first: Vec<usize>,
        /// The position in the list of the first tensor that differs.
        index: usize,
        /// The shape of that tensor.
        other: Vec<usize>,
        /// The first axis, normalised to `0..ndim`, whose lengths differ.
        axis: usize,
        /// The axis along which the tensors are joined and may differ, as
        /// in `concatenate`; `None` when all lengths must agree, as in
        /// `stack`.
        joined_axis: Option<usize>,
    },
}

/// A shape or strides in numpy's tuple notation: `()`, `(4,)`, `(2, 3)`.
pub(crate) struct TupleDisplay<'a, T = usize>(pub(crate) &'a [T]);

impl<T: fmt::Display> fmt::Display for TupleDisplay<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [] => f.write_str("()"),
            [only] => write!(f, "({only},)"),
            [first, rest @ ..] => {
                write!(f, "({first}")?;
                for length in rest {
                    write!(f, ", {length}")?;
                }
                f.write_str(")")
            }
        }
    }
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use TupleDisplay as T;
        match self {
            Self::LengthMismatch { shape, len } => write!(
                f,
                "cannot make a tensor of shape {} from {len} elements: the shape needs {}",
                T(shape),
                shape.iter().product::<usize>()
            ),
            Self::SizeOverflow { shape } => {
                write!(f, "shape {} has more elements than fit in usize", T(shape))
            }
            Self::Broadcast {
                shapes,
                axis,
                lengths,
            } => {
                f.write_str("cannot broadcast ")?;
                write_shape_list(f, shapes)?;
                write!(
                    f,
                    ": axis {axis} has lengths {} and {}",
                    lengths[0], lengths[1]
                )
            }
            Self::BroadcastTo { from, to, axis } => match axis {
                Some(axis) => write!(
                    f,
                    "cannot broadcast {} to {}: axis {axis} has length {} and would need {}",
                    T(from),
                    T(to),
                    length_from_end(from, *axis),
                    length_from_end(to, *axis)
                ),
                None => write!(
                    f,
                    "cannot broadcast {} to {}: the target has fewer axes ({} < {})",
                    T(from),
                    T(to),
                    to.len(),
                    from.len()
                ),
            },
            Self::OutOfBounds {
                shape,
                strides,
                offset,
                buffer_len,
            } => {
                if shape.len() == strides.len() {
                    let (lowest, highest) =
                        crate::layout::extreme_positions(shape, strides, *offset);
                    let (position, side) = if lowest < 0 {
                        (lowest, "before the start of")
                    } else {
                        (highest, "past the end of")
                    };
                    write!(
                        f,
                        "shape {} with strides {} and offset {offset} reaches buffer index {position}, \
                         {side} a buffer of {buffer_len} elements",
                        T(shape),
                        T(strides)
                    )
                } else {
                    write!(
                        f,
                        "shape {} has {} axes but {} strides were given",
                        T(shape),
                        shape.len(),
                        strides.len()
                    )
                }
            }
            Self::IndexOutOfRange { index, shape } => {
                if index.len() == shape.len() {
                    write!(f, "index {index:?} is out of range for shape {}", T(shape))
                } else {
                    write!(
                        f,
                        "index {index:?} has {} entries but shape {} has {} axes",
                        index.len(),
                        T(shape),
                        shape.len()
                    )
                }
            }
            Self::Reshape { from, to } => write!(
                f,
                "cannot reshape {} into {}: {} elements cannot become {}",
                T(from),
                T(to),
                from.iter().product::<usize>(),
                to.iter().product::<usize>()
            ),
            Self::AxisOutOfRange { axis, ndim } => {
                write!(f, "axis {axis} is out of range for a tensor of rank {ndim}")?;
                if *ndim == 0 {
                    f.write_str(" (it has no axes)")
                } else {
                    write!(f, " (valid axes are -{ndim} to {})", ndim - 1)
                }
            }
            Self::DuplicateAxis { axis, axes } => {
                write!(f, "axis {axis} appears more than once in the axes [")?;
                for (position, given) in axes.iter().enumerate() {
                    if position > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{given}")?;
                }
                f.write_str("]")
            }
            Self::InvalidPermutation { axes, ndim } => write!(
                f,
                "permutation {axes:?} is not an ordering of the {ndim} axes 0 to {}",
                ndim.saturating_sub(1)
            ),
            Self::RankMismatch {
                op,
                expected,
                shape,
            } => write!(
                f,
                "{op} needs a tensor of rank {expected}, got shape {} of rank {}",
                T(shape),
                shape.len()
            ),
            Self::OperandMismatch {
                op,
                lhs,
                rhs,
                lhs_axis,
                rhs_axis,
            } => write!(
                f,
                "{op}: shapes {} and {} do not match: axis {lhs_axis} of the left has length {}, axis {rhs_axis} of the right has length {}",
                T(lhs),
                T(rhs),
                length_at(lhs, *lhs_axis),
                length_at(rhs, *rhs_axis)
            ),
            Self::EmptyReduction { op, shape } => write!(
                f,
                "{op} of an empty selection of shape {} has no value: reduce a non-empty tensor or axis",
                T(shape)
            ),
            Self::TooManySliceEntries { entries, shape } => write!(
                f,
                "cannot slice shape {} with {entries} entries: it has {} axes",
                T(shape),
                shape.len()
            ),
            Self::SliceIndexOutOfRange { index, axis, shape } => {
                write!(
                    f,
                    "index {index} is out of range for axis {axis} of shape {}: its length is {}",
                    T(shape),
                    length_at(shape, *axis)
                )?;
                match shape.get(*axis) {
                    Some(0) => f.write_str(", so no index is valid"),
                    Some(&len) => write!(f, ", so valid indices are -{len} to {}", len - 1),
                    None => Ok(()),
                }
            }
            Self::SliceStepZero { axis } => write!(
                f,
                "cannot slice axis {axis} with step 0: the step must be non-zero"
            ),
            Self::SqueezeAxisNotUnit { axis, shape } => write!(
                f,
                "cannot squeeze axis {axis} of shape {}: its length is {}, not 1",
                T(shape),
                length_at(shape, *axis)
            ),
            Self::InsertAxisOutOfRange { op, axis, shape } => {
                let ndim = shape.len() + 1;
                write!(
                    f,
                    "{op}: cannot insert axis {axis} into shape {}: the result has rank {ndim}, so valid axes are -{ndim} to {}",
                    T(shape),
                    ndim - 1
                )
            }
            Self::NothingToJoin { op } => {
                write!(f, "{op} needs at least one tensor, but the list is empty")
            }
            Self::JoinRankMismatch {
                op,
                first,
                index,
                other,
            } => write!(
                f,
                "{op}: tensor 0 has shape {} of rank {} but tensor {index} has shape {} of rank {}",
                T(first),
                first.len(),
                T(other),
                other.len()
            ),
            Self::JoinLengthMismatch {
                op,
                first,
                index,
                other,
                axis,
                joined_axis,
            } => {
                write!(
                    f,
                    "{op}: tensor 0 has shape {} but tensor {index} has shape {}: axis {axis} has lengths {} and {}",
                    T(first),
                    T(other),
                    length_at(first, *axis),
                    length_at(other, *axis)
                )?;
                match joined_axis {
                    Some(joined) => write!(f, ", and only the joined axis {joined} may differ"),
                    None => f.write_str(", and all shapes must be equal"),
                }
            }
        }
    }
}

// The variants' fields are public, so a hand-made error may name an axis
// that its shape lacks. These lookups show such a length as `?` instead of
// panicking inside `Display`.
fn length_at(shape: &[usize], axis: usize) -> LengthDisplay {
    LengthDisplay(shape.get(axis).copied())
}

fn length_from_end(shape: &[usize], axis: isize) -> LengthDisplay {
    let axis = shape.len().checked_add_signed(axis);
    LengthDisplay(axis.and_then(|axis| shape.get(axis).copied()))
}

struct LengthDisplay(Option<usize>);

impl fmt::Display for LengthDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(length) => write!(f, "{length}"),
            None => f.write_str("?"),
        }
    }
}

/// Writes `(2, 3) with (4, 3)` for two shapes, `(2, 3), (4, 3) and (3,)` for more.
fn write_shape_list(f: &mut fmt::Formatter<'_>, shapes: &[Vec<usize>]) -> fmt::Result {
    for (position, shape) in shapes.iter().enumerate() {
        if position > 0 {
            let last = position + 1 == shapes.len();
            f.write_str(match (shapes.len(), last) {
                (2, _) => " with ",
                (_, true) => " and ",
                _ => ", ",
            })?;
        }
        write!(f, "{}", TupleDisplay(shape))?;
    }
    Ok(())
}

impl core::error::Error for ShapeError {}

//! The explanation of the shape a reduction leaves, and of how that shape
//! broadcasts back against the input.

#![forbid(unsafe_code)]

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use super::explain::{BroadcastExplanation, Table, TableRow};
use crate::ShapeError;
use crate::error::TupleDisplay;
use crate::shape::{axis_mask, checked_len, shape_after_reduction};

/// Whether the result of a reduction, broadcast against its input, pairs
/// each value with the elements it was reduced from.
///
/// # Examples
///
/// ```
/// use baretensor::broadcast::{Alignment, explain_reduction};
///
/// // x / x.sum(axis=-1, keepdims=True): the sums stay in their rows.
/// let kept = explain_reduction(&[3, 3], &[-1], true);
/// assert_eq!(kept.alignment(), Some(Alignment::Aligned));
/// // x / x.sum(axis=-1) on a square x: it runs, but divides by the wrong sums.
/// let square = explain_reduction(&[3, 3], &[-1], false);
/// assert_eq!(square.alignment(), Some(Alignment::Misaligned));
/// // x / x.sum(axis=-1) on a (2, 3) x: (2, 3) with (2,) does not broadcast.
/// let wide = explain_reduction(&[2, 3], &[-1], false);
/// assert_eq!(wide.alignment(), Some(Alignment::Incompatible));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alignment {
    /// The result broadcasts against the input, and every element meets
    /// the value reduced from it. This is always the case with `keepdims`,
    /// and without it when every kept axis of length other than 1 lines up
    /// with itself, for example when only leading axes are reduced.
    Aligned,
    /// The result broadcasts against the input, but some axis of the
    /// result lines up with another axis of the input, so elements meet
    /// values reduced from other elements. The broadcast may also give a
    /// larger shape than the input's.
    Misaligned,
    /// The result does not broadcast against the input.
    Incompatible,
}

/// The shape a reduction leaves and how it broadcasts back against its
/// input, as [`explain_reduction`] returns it.
///
/// `Display` prints the input and the result in a table with the reduced
/// axes marked. Then it prints the broadcast of the result against the
/// input, as [`explain`](super::explain) prints it, and a note on whether
/// that broadcast pairs each value with the elements it came from.
///
/// # Examples
///
/// ```
/// use baretensor::broadcast::explain_reduction;
///
/// let explanation = explain_reduction(&[2, 3], &[-1], true);
/// assert_eq!(explanation.result(), &Ok(vec![2, 1]));
/// assert_eq!(explanation.reduced_axes(), &[1]);
/// assert!(explanation.to_string().starts_with(
///     "\
/// x.sum(axis=-1, keepdims=True) with x of shape (2, 3)
///
/// axis  0  1
/// x     2  3    (2, 3)
/// sum   2  1    (2, 1)
///          ^
///
/// axis 1 (given as -1): reduced, kept with length 1
/// result: (2, 1)"
/// ));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReductionExplanation {
    shape: Vec<usize>,
    axes: Vec<isize>,
    keepdims: bool,
    reduced_axes: Vec<usize>,
    result: Result<Vec<usize>, ShapeError>,
    broadcast_back: Option<(BroadcastExplanation, Alignment)>,
}

/// Explains the shape that reducing `shape` over `axes` leaves, such as
/// the shape of numpy's `x.sum(axis=axes, keepdims=keepdims)`, and how
/// that shape broadcasts back against `shape`.
///
/// Every reduction of the crate (`sum`, `prod`, `max`, `min`, `mean`,
/// `norm_l2`) leaves the same shape, so `Display` writes `sum` for all of
/// them. Axes may be negative, counting from the end. An empty list
/// reduces nothing, as numpy's `axis=()`, so the result has the input's
/// shape.
///
/// The [`result`](ReductionExplanation::result) is always what
/// [`reduced_shape`](crate::reduced_shape) returns for the same
/// arguments: [`ShapeError::AxisOutOfRange`] for an axis outside
/// `-ndim..ndim` and [`ShapeError::DuplicateAxis`] when two entries name
/// the same axis, as numpy raises for both, and
/// [`ShapeError::SizeOverflow`] for a shape with more elements than `usize`
/// can count. On an error the explanation
/// shows the input and the error, and has no broadcast.
///
/// # Examples
///
/// ```
/// use baretensor::broadcast::{Alignment, explain_reduction};
///
/// // normalize_rows and softmax: x / x.sum(axis=-1, keepdims=True)
/// let explanation = explain_reduction(&[2, 3, 4], &[-1], true);
/// assert_eq!(explanation.result(), &Ok(vec![2, 3, 1]));
/// let back = explanation.broadcast_back().expect("the axes are valid");
/// assert_eq!(back.result(), &Ok(vec![2, 3, 4]));
/// assert_eq!(explanation.alignment(), Some(Alignment::Aligned));
///
/// let error = explain_reduction(&[2, 3], &[2], false);
/// assert_eq!(
///     error.to_string(),
///     "\
/// x.sum(axis=2) with x of shape (2, 3)
///
/// error: axis 2 is out of range for a tensor of rank 2 (valid axes are -2 to 1)"
/// );
/// ```
pub fn explain_reduction(shape: &[usize], axes: &[isize], keepdims: bool) -> ReductionExplanation {
    let mut explanation = ReductionExplanation {
        shape: shape.to_vec(),
        axes: axes.to_vec(),
        keepdims,
        reduced_axes: Vec::new(),
        result: Ok(Vec::new()),
        broadcast_back: None,
    };
    // The same checks in the same order as `reduced_shape`.
    let checked = checked_len(shape).and_then(|_| axis_mask(axes, shape.len()));
    let mask = match checked {
        Ok(mask) => mask,
        Err(error) => {
            explanation.result = Err(error);
            return explanation;
        }
    };

    let result = shape_after_reduction(shape, &mask, keepdims);
    let back = BroadcastExplanation::with_labels(
        &[shape, &result],
        Vec::from([String::from("x"), String::from("sum")]),
    );
    let alignment = if back.incompatible_axis().is_some() {
        Alignment::Incompatible
    } else if misplaced_axes(shape, &mask, keepdims).is_empty() {
        Alignment::Aligned
    } else {
        Alignment::Misaligned
    };

    explanation.reduced_axes = (0..shape.len()).filter(|&axis| mask[axis]).collect();
    explanation.result = Ok(result);
    explanation.broadcast_back = Some((back, alignment));
    explanation
}

/// An axis of a reduction's result that broadcasting lines up with
/// another axis of the input than the one it came from.
struct MisplacedAxis {
    /// The axis of the result.
    result_axis: usize,
    /// The axis of the input it came from.
    source: usize,
    /// The axis of the input it lines up with when aligned at the end.
    lined_up_with: usize,
}

/// Returns the axes of the result that broadcasting against the input
/// lines up with the wrong input axis.
///
/// Without `keepdims`, the result's axis `j` is the input's `j`-th kept
/// axis, but broadcasting aligns it with input axis `ndim - kept + j`. An
/// axis of length 1 is harmless wherever it lands, because its only index
/// is 0 and broadcasting stretches it. With `keepdims` every axis stays in
/// place, so the list is empty.
fn misplaced_axes(shape: &[usize], mask: &[bool], keepdims: bool) -> Vec<MisplacedAxis> {
    if keepdims {
        return Vec::new();
    }
    let kept_axes: Vec<usize> = (0..shape.len()).filter(|&axis| !mask[axis]).collect();
    let first_lined_up = shape.len() - kept_axes.len();
    kept_axes
        .iter()
        .enumerate()
        .map(|(result_axis, &source)| MisplacedAxis {
            result_axis,
            source,
            lined_up_with: first_lined_up + result_axis,
        })
        .filter(|axis| axis.source != axis.lined_up_with && shape[axis.source] != 1)
        .collect()
}

impl ReductionExplanation {
    /// Returns the shape of the input.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::broadcast::explain_reduction;
    ///
    /// let explanation = explain_reduction(&[2, 3, 4], &[-1], false);
    /// assert_eq!(explanation.shape(), &[2, 3, 4]);
    /// ```
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// Returns the axes as given, negative ones counting from the end.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::broadcast::explain_reduction;
    ///
    /// // Kept as written, not normalised or sorted: see `reduced_axes`.
    /// let explanation = explain_reduction(&[2, 3, 4], &[-1, 0], false);
    /// assert_eq!(explanation.axes(), &[-1, 0]);
    /// ```
    pub fn axes(&self) -> &[isize] {
        &self.axes
    }

    /// Returns whether the reduced axes stay with length 1.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::broadcast::explain_reduction;
    ///
    /// let kept = explain_reduction(&[2, 3], &[1], true);
    /// assert!(kept.keepdims());
    /// assert_eq!(kept.result(), &Ok(vec![2, 1]));
    ///
    /// let removed = explain_reduction(&[2, 3], &[1], false);
    /// assert!(!removed.keepdims());
    /// assert_eq!(removed.result(), &Ok(vec![2]));
    /// ```
    pub fn keepdims(&self) -> bool {
        self.keepdims
    }

    /// Returns the reduced axes, normalised to `0..ndim` and in increasing
    /// order. The list is empty when nothing is reduced or the axes are
    /// invalid.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::broadcast::explain_reduction;
    ///
    /// // -1 is axis 2 of a rank-3 input.
    /// let explanation = explain_reduction(&[2, 3, 4], &[-1, 0], false);
    /// assert_eq!(explanation.reduced_axes(), &[0, 2]);
    ///
    /// // Axis 3 does not exist, so nothing is reduced.
    /// let invalid = explain_reduction(&[2, 3, 4], &[3], false);
    /// assert!(invalid.reduced_axes().is_empty());
    /// ```
    pub fn reduced_axes(&self) -> &[usize] {
        &self.reduced_axes
    }

    /// Returns the shape the reduction leaves, or the error, exactly as
    /// [`reduced_shape`](crate::reduced_shape) returns them.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::broadcast::explain_reduction;
    /// use baretensor::{ShapeError, reduced_shape};
    ///
    /// let explanation = explain_reduction(&[2, 3, 4], &[-1, 0], false);
    /// assert_eq!(explanation.result(), &Ok(vec![3]));
    /// assert_eq!(explanation.result(), &reduced_shape(&[2, 3, 4], &[-1, 0], false));
    ///
    /// let duplicate = explain_reduction(&[2, 3], &[1, -1], false);
    /// assert!(matches!(duplicate.result(), Err(ShapeError::DuplicateAxis { .. })));
    /// ```
    pub fn result(&self) -> &Result<Vec<usize>, ShapeError> {
        &self.result
    }

    /// Returns the explanation of broadcasting the input (`x`) against the
    /// result (`sum`), as in `x / x.sum(...)`, or `None` when the axes are
    /// invalid.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::broadcast::explain_reduction;
    ///
    /// // x of shape (2, 3) against its row sums of shape (2, 1).
    /// let explanation = explain_reduction(&[2, 3], &[1], true);
    /// let back = explanation.broadcast_back().expect("axis 1 is valid");
    /// assert_eq!(back.shapes(), &[vec![2, 3], vec![2, 1]]);
    /// assert_eq!(back.result(), &Ok(vec![2, 3]));
    ///
    /// assert!(explain_reduction(&[2, 3], &[2], true).broadcast_back().is_none());
    /// ```
    pub fn broadcast_back(&self) -> Option<&BroadcastExplanation> {
        self.broadcast_back.as_ref().map(|(back, _)| back)
    }

    /// Returns whether that broadcast pairs each value with the elements it
    /// was reduced from, or `None` when the axes are invalid.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::broadcast::{Alignment, explain_reduction};
    ///
    /// // Summing the leading axis keeps the others in place.
    /// let leading = explain_reduction(&[2, 3], &[0], false);
    /// assert_eq!(leading.alignment(), Some(Alignment::Aligned));
    ///
    /// // The row sums of a square matrix line up with its columns.
    /// let square = explain_reduction(&[3, 3], &[1], false);
    /// assert_eq!(square.alignment(), Some(Alignment::Misaligned));
    ///
    /// assert_eq!(explain_reduction(&[3, 3], &[2], false).alignment(), None);
    /// ```
    pub fn alignment(&self) -> Option<Alignment> {
        self.broadcast_back
            .as_ref()
            .map(|&(_, alignment)| alignment)
    }

    fn table<'a>(&'a self, result: &'a [usize]) -> Table<'a> {
        let reduced = |axis: usize| self.reduced_axes.contains(&axis);
        let result_lengths = (0..self.shape.len())
            .map(|axis| match (reduced(axis), self.keepdims) {
                (false, _) => Some(self.shape[axis]),
                (true, true) => Some(1),
                (true, false) => None,
            })
            .collect();
        Table {
            axes: (0..self.shape.len()).map(|axis| axis as isize).collect(),
            rows: Vec::from([
                TableRow {
                    label: "x",
                    lengths: self.shape.iter().copied().map(Some).collect(),
                    shape: &self.shape,
                },
                TableRow {
                    label: "sum",
                    lengths: result_lengths,
                    shape: result,
                },
            ]),
            marked: (0..self.shape.len()).map(reduced).collect(),
        }
    }

    fn write_reduced_axes(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.axes.is_empty() {
            f.write_str(
                "no axes given: nothing is reduced, so each element is its own sum, \
                 as numpy's x.sum(axis=()) returns the values of x\n",
            )?;
        }
        let outcome = if self.keepdims {
            "reduced, kept with length 1"
        } else {
            "reduced and removed"
        };
        for (&given, &axis) in self.axes.iter().zip(&self.normalized_axes()) {
            if given == axis as isize {
                writeln!(f, "axis {axis}: {outcome}")?;
            } else {
                writeln!(f, "axis {axis} (given as {given}): {outcome}")?;
            }
        }
        Ok(())
    }

    /// Returns the axes in the order given, normalised. Only called once
    /// the axes are known to be valid.
    fn normalized_axes(&self) -> Vec<usize> {
        let ndim = self.shape.len() as isize;
        self.axes
            .iter()
            .map(|&axis| if axis < 0 { axis + ndim } else { axis } as usize)
            .collect()
    }

    /// Writes why the broadcast back pairs the values as it does.
    fn write_note(&self, f: &mut fmt::Formatter<'_>, alignment: Alignment) -> fmt::Result {
        let mask: Vec<bool> = (0..self.shape.len())
            .map(|axis| self.reduced_axes.contains(&axis))
            .collect();
        if self.keepdims {
            f.write_str(
                "keepdims=True leaves each reduced axis in place with length 1, so every \
                 value of sum lines up with the elements it was reduced from and is \
                 stretched across them.",
            )?;
            // The exercises reduce the last axis only, so they are named
            // where the reduction is theirs.
            if self.shape.len() >= 2 && self.reduced_axes == [self.shape.len() - 1] {
                f.write_str(
                    " normalize_rows and softmax rely on this to divide each row by its own \
                     norm or total, as in x / x.sum(axis=-1, keepdims=True).",
                )?;
            }
            return Ok(());
        }
        if alignment == Alignment::Aligned {
            return f.write_str(
                "Every axis of sum lines up with the axis of x it came from, or has \
                 length 1, so each element of x meets the value reduced from it.",
            );
        }

        if alignment == Alignment::Misaligned {
            f.write_str("This works by accident and pairs the wrong values. ")?;
        }
        f.write_str(
            "Broadcasting aligns shapes at the last axis, not at the axes the reduction kept: ",
        )?;
        let misplaced = misplaced_axes(&self.shape, &mask, false);
        for (position, axis) in misplaced.iter().enumerate() {
            if position > 0 {
                f.write_str(", and ")?;
            }
            write!(
                f,
                "axis {} of sum comes from axis {} of x but lines up with axis {} of x",
                axis.result_axis, axis.source, axis.lined_up_with
            )?;
        }
        f.write_str(".")?;

        if alignment == Alignment::Misaligned {
            let square = self.shape.len() == 2 && self.shape[0] == self.shape[1];
            if square && self.reduced_axes == [1] {
                f.write_str(" So x[i, j] meets the sum of row j instead of row i.")?;
            }
            if let Some(Ok(broadcast)) = self.broadcast_back().map(BroadcastExplanation::result)
                && broadcast != &self.shape
            {
                write!(
                    f,
                    " The broadcast also has shape {}, not the shape of x.",
                    TupleDisplay(broadcast)
                )?;
            }
        }
        write!(
            f,
            " With keepdims=True the result would be {}, which lines up with x.",
            TupleDisplay(&shape_after_reduction(&self.shape, &mask, true))
        )
    }
}

/// The reduction as numpy code: `x.sum(axis=-1)`, `x.sum(axis=(0, 2),
/// keepdims=True)`, `x.sum(axis=())`.
struct CallDisplay<'a> {
    axes: &'a [isize],
    keepdims: bool,
}

impl fmt::Display for CallDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("x.sum(axis=")?;
        match self.axes {
            [only] => write!(f, "{only}")?,
            axes => {
                f.write_str("(")?;
                for (position, axis) in axes.iter().enumerate() {
                    if position > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{axis}")?;
                }
                f.write_str(")")?;
            }
        }
        if self.keepdims {
            f.write_str(", keepdims=True")?;
        }
        f.write_str(")")
    }
}

impl fmt::Display for ReductionExplanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let call = CallDisplay {
            axes: &self.axes,
            keepdims: self.keepdims,
        };
        writeln!(f, "{call} with x of shape {}", TupleDisplay(&self.shape))?;
        writeln!(f)?;
        // Invalid axes leave an error and no broadcast. Valid ones leave both
        // a result and a broadcast.
        let (Ok(result), Some((back, alignment))) = (&self.result, &self.broadcast_back) else {
            return match &self.result {
                Err(error) => write!(f, "error: {error}"),
                Ok(_) => Ok(()),
            };
        };

        writeln!(f, "{}", self.table(result))?;
        writeln!(f)?;
        self.write_reduced_axes(f)?;
        writeln!(f, "result: {}", TupleDisplay(result))?;
        writeln!(f)?;

        writeln!(
            f,
            "Broadcasting the result back against x, as in x / {call}:"
        )?;
        writeln!(f)?;
        writeln!(f, "{back}")?;
        writeln!(f)?;
        self.write_note(f, *alignment)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::broadcast::AxisRule;
    use crate::reduced_shape;
    use alloc::string::ToString;
    use alloc::vec;

    #[test]
    fn keepdims_note_last_axis_only() {
        let last = explain_reduction(&[2, 3], &[-1], true).to_string();
        assert!(
            last.contains("normalize_rows and softmax rely on this"),
            "{last}"
        );
        let first = explain_reduction(&[2, 3], &[0], true).to_string();
        assert!(
            first.contains("keepdims=True leaves each reduced axis"),
            "{first}"
        );
        assert!(!first.contains("normalize_rows"), "{first}");
    }

    #[test]
    fn overflowing_shape_is_rejected() {
        let explanation = explain_reduction(&[usize::MAX, usize::MAX], &[0], false);
        assert!(
            matches!(explanation.result(), Err(ShapeError::SizeOverflow { .. })),
            "{:?}",
            explanation.result()
        );
        assert!(
            explanation.broadcast_back().is_none(),
            "no broadcast to show"
        );
        assert_eq!(explanation.alignment(), None, "no alignment to judge");
    }

    #[test]
    fn display_keepdims_last_axis() {
        assert_eq!(
            explain_reduction(&[2, 3, 4], &[-1], true).to_string(),
            "\
x.sum(axis=-1, keepdims=True) with x of shape (2, 3, 4)

axis  0  1  2
x     2  3  4    (2, 3, 4)
sum   2  3  1    (2, 3, 1)
            ^

axis 2 (given as -1): reduced, kept with length 1
result: (2, 3, 1)

Broadcasting the result back against x, as in x / x.sum(axis=-1, keepdims=True):

axis    -3  -2  -1
x        2   3   4    (2, 3, 4)
sum      2   3   1    (2, 3, 1)
result   2   3   4    (2, 3, 4)

axis -1: x has 4; sum has 1, so it is stretched to 4
axis -2: equal lengths, x and sum have 3
axis -3: equal lengths, x and sum have 2
result: (2, 3, 4)

keepdims=True leaves each reduced axis in place with length 1, so every value of sum \
lines up with the elements it was reduced from and is stretched across them. \
normalize_rows and softmax rely on this to divide each row by its own norm or total, \
as in x / x.sum(axis=-1, keepdims=True)."
        );
    }

    #[test]
    fn display_without_keepdims_fails() {
        assert_eq!(
            explain_reduction(&[2, 3], &[-1], false).to_string(),
            "\
x.sum(axis=-1) with x of shape (2, 3)

axis  0  1
x     2  3    (2, 3)
sum   2  -    (2,)
         ^

axis 1 (given as -1): reduced and removed
result: (2,)

Broadcasting the result back against x, as in x / x.sum(axis=-1):

axis  -2  -1
x      2   3    (2, 3)
sum    -   2    (2,)
           ^

axis -1: incompatible, x has 3 and sum has 2, and neither is 1
axis -2: not checked, because the check stops at the first incompatible axis
error: cannot broadcast (2, 3) with (2,): axis -1 has lengths 3 and 2

Broadcasting aligns shapes at the last axis, not at the axes the reduction kept: \
axis 0 of sum comes from axis 0 of x but lines up with axis 1 of x. \
With keepdims=True the result would be (2, 1), which lines up with x."
        );
    }

    #[test]
    fn display_square_works_by_accident() {
        let text = explain_reduction(&[3, 3], &[-1], false).to_string();
        assert!(
            text.contains("result: (3, 3)\n\nThis works by accident"),
            "{text}"
        );
        assert!(
            text.ends_with(
                "So x[i, j] meets the sum of row j instead of row i. \
                 With keepdims=True the result would be (3, 1), which lines up with x."
            ),
            "{text}"
        );
    }

    #[test]
    fn display_invalid_axes() {
        assert_eq!(
            explain_reduction(&[2, 3], &[-3], false).to_string(),
            "\
x.sum(axis=-3) with x of shape (2, 3)

error: axis -3 is out of range for a tensor of rank 2 (valid axes are -2 to 1)"
        );
        assert_eq!(
            explain_reduction(&[2, 3], &[1, -1], true).to_string(),
            "\
x.sum(axis=(1, -1), keepdims=True) with x of shape (2, 3)

error: axis 1 appears more than once in the axes [1, -1]"
        );
        assert_eq!(
            explain_reduction(&[], &[0], false).to_string(),
            "\
x.sum(axis=0) with x of shape ()

error: axis 0 is out of range for a tensor of rank 0 (it has no axes)"
        );
    }

    #[test]
    fn display_empty_axes() {
        let text = explain_reduction(&[2, 3], &[], false).to_string();
        assert!(
            text.starts_with(
                "\
x.sum(axis=()) with x of shape (2, 3)

axis  0  1
x     2  3    (2, 3)
sum   2  3    (2, 3)

no axes given: nothing is reduced"
            ),
            "{text}"
        );
    }

    #[test]
    fn display_scalar_input() {
        assert_eq!(
            explain_reduction(&[], &[], false).to_string(),
            "\
x.sum(axis=()) with x of shape ()

x      ()
sum    ()

no axes given: nothing is reduced, so each element is its own sum, as numpy's \
x.sum(axis=()) returns the values of x
result: ()

Broadcasting the result back against x, as in x / x.sum(axis=()):

x         ()
sum       ()
result    ()

every shape is a scalar with no axes, so the result is a scalar too
result: ()

Every axis of sum lines up with the axis of x it came from, or has length 1, so each \
element of x meets the value reduced from it."
        );
    }

    #[test]
    fn alignment_cases() {
        let cases: [(&[usize], &[isize], bool, Alignment); 9] = [
            (&[2, 3], &[-1], true, Alignment::Aligned),
            (&[2, 3], &[0], false, Alignment::Aligned),
            (&[2, 3], &[], false, Alignment::Aligned),
            // The kept axis has length 1, so it meets the right value anywhere.
            (&[1, 3], &[1], false, Alignment::Aligned),
            (&[2, 3], &[-1], false, Alignment::Incompatible),
            (&[3, 3], &[-1], false, Alignment::Misaligned),
            // (2, 1) against (2,) broadcasts to (2, 2).
            (&[2, 1], &[1], false, Alignment::Misaligned),
            (&[3, 4, 5], &[0, 2], false, Alignment::Incompatible),
            (&[4, 4, 5], &[2], false, Alignment::Incompatible),
        ];
        for (shape, axes, keepdims, expected) in cases {
            let explanation = explain_reduction(shape, axes, keepdims);
            assert_eq!(
                explanation.alignment(),
                Some(expected),
                "shape {shape:?}, axes {axes:?}, keepdims {keepdims}"
            );
        }
    }

    #[test]
    fn accessors_of_valid_reduction() {
        let explanation = explain_reduction(&[2, 3, 4], &[-1, 0], false);
        assert_eq!(explanation.shape(), &[2, 3, 4]);
        assert_eq!(explanation.axes(), &[-1, 0]);
        assert!(!explanation.keepdims());
        assert_eq!(explanation.reduced_axes(), &[0, 2]);
        assert_eq!(explanation.result(), &Ok(vec![3]));

        let back = explanation.broadcast_back().expect("the axes are valid");
        assert_eq!(back.shapes(), &[vec![2, 3, 4], vec![3]]);
        assert_eq!(
            back.axes()[2].rule(),
            &AxisRule::Incompatible {
                inputs: [0, 1],
                lengths: [4, 3]
            }
        );
    }

    #[test]
    fn accessors_of_invalid_reduction() {
        let explanation = explain_reduction(&[2, 3], &[5], true);
        assert_eq!(
            explanation.result(),
            &Err(ShapeError::AxisOutOfRange { axis: 5, ndim: 2 })
        );
        assert_eq!(explanation.reduced_axes(), &[] as &[usize]);
        assert!(explanation.broadcast_back().is_none());
        assert!(explanation.alignment().is_none());
    }

    #[test]
    fn result_matches_reduced_shape() {
        let cases: [(&[usize], &[isize]); 8] = [
            (&[2, 3, 4], &[-1]),
            (&[2, 3, 4], &[0, 2]),
            (&[2, 3, 4], &[]),
            (&[2, 3, 4], &[3]),
            (&[2, 3, 4], &[-4]),
            (&[2, 3, 4], &[2, -1]),
            (&[0, 5], &[0]),
            (&[], &[]),
        ];
        for (shape, axes) in cases {
            for keepdims in [false, true] {
                assert_eq!(
                    explain_reduction(shape, axes, keepdims).result(),
                    &reduced_shape(shape, axes, keepdims),
                    "shape {shape:?}, axes {axes:?}, keepdims {keepdims}"
                );
            }
        }
    }
}

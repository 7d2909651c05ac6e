//! The explanation of one broadcast, axis by axis, and the table of axis
//! lengths that both explainers print.

#![forbid(unsafe_code)]

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::ShapeError;
use crate::error::TupleDisplay;
use crate::shape::checked_len;

/// The rule that decided one axis of a broadcast, or the reason it failed.
///
/// Inputs are named by their position in the list of shapes given to
/// [`explain`].
///
/// # Examples
///
/// ```
/// use baretensor::broadcast::{AxisRule, explain};
///
/// // (2, 1, 3) with (4, 3)
/// let explanation = explain(&[&[2, 1, 3], &[4, 3]]);
/// let rules: Vec<&AxisRule> = explanation.axes().iter().map(|axis| axis.rule()).collect();
/// assert_eq!(
///     rules,
///     [
///         &AxisRule::Missing { length: 2, missing: vec![1] },
///         &AxisRule::Stretched { length: 4, from_one: vec![0], missing: vec![] },
///         &AxisRule::Equal { length: 3 },
///     ]
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AxisRule {
    /// Every input has the axis, with the same length.
    Equal {
        /// The length of every input, and of the result.
        length: usize,
    },
    /// The inputs in `from_one` have length 1 and are stretched to
    /// `length`, the length of the others. `length` is never 1.
    Stretched {
        /// The length of the result.
        length: usize,
        /// The inputs with length 1 on this axis.
        from_one: Vec<usize>,
        /// The inputs that lack the axis, which count as 1 and are
        /// stretched as well. Often empty.
        missing: Vec<usize>,
    },
    /// The inputs in `missing` have fewer axes and lack this one, so they
    /// count as 1. They are stretched to `length` unless it is 1. No input
    /// is stretched from an actual 1, which [`AxisRule::Stretched`]
    /// covers.
    Missing {
        /// The length of the result.
        length: usize,
        /// The inputs that lack the axis.
        missing: Vec<usize>,
    },
    /// Two inputs have different lengths and neither is 1, so the shapes
    /// do not broadcast. Both pairs are the ones that
    /// [`ShapeError::Broadcast`] reports: the first input with a length
    /// other than 1, and the first input after it with another such length.
    Incompatible {
        /// The positions of the two inputs.
        inputs: [usize; 2],
        /// Their lengths on this axis.
        lengths: [usize; 2],
    },
    /// The axis lies left of an incompatible one. The check goes from the
    /// last axis to the first and stops at the first failure, so these
    /// lengths were never compared.
    NotChecked,
}

/// One axis of a broadcast: the lengths of the inputs there and the rule
/// that decided it.
///
/// # Examples
///
/// ```
/// use baretensor::broadcast::explain;
///
/// let explanation = explain(&[&[2, 1, 3], &[4, 3]]);
/// let first = &explanation.axes()[0];
/// assert_eq!(first.axis(), -3);
/// assert_eq!(first.lengths(), &[Some(2), None]);
/// assert_eq!(first.length(), Some(2));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BroadcastAxis {
    axis: isize,
    lengths: Vec<Option<usize>>,
    rule: AxisRule,
}

impl BroadcastAxis {
    /// Returns the axis, counted from the end: -1 is the last axis.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::broadcast::explain;
    ///
    /// // (2, 1) with (3,): the axes run from the first, -2, to the last, -1.
    /// let explanation = explain(&[&[2, 1], &[3]]);
    /// let axes: Vec<isize> = explanation.axes().iter().map(|axis| axis.axis()).collect();
    /// assert_eq!(axes, [-2, -1]);
    /// ```
    pub fn axis(&self) -> isize {
        self.axis
    }

    /// Returns each input's length on this axis, in the order of the
    /// inputs, `None` for an input that has fewer axes and lacks it.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::broadcast::explain;
    ///
    /// let explanation = explain(&[&[2, 1], &[3]]);
    /// // Axis -2: a has 2, and b, of rank 1, lacks it.
    /// assert_eq!(explanation.axes()[0].lengths(), &[Some(2), None]);
    /// // Axis -1: a has 1 and b has 3.
    /// assert_eq!(explanation.axes()[1].lengths(), &[Some(1), Some(3)]);
    /// ```
    pub fn lengths(&self) -> &[Option<usize>] {
        &self.lengths
    }

    /// Returns the rule that decided the axis.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::broadcast::{AxisRule, explain};
    ///
    /// let explanation = explain(&[&[2, 1], &[3]]);
    /// let last = &explanation.axes()[1];
    /// assert_eq!(last.axis(), -1);
    /// // Input 0 has length 1 on axis -1 and is stretched to input 1's 3.
    /// assert_eq!(
    ///     last.rule(),
    ///     &AxisRule::Stretched { length: 3, from_one: vec![0], missing: vec![] }
    /// );
    /// ```
    pub fn rule(&self) -> &AxisRule {
        &self.rule
    }

    /// Returns the length of the result on this axis, or `None` when the
    /// axis is incompatible or was not checked.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::broadcast::explain;
    ///
    /// let stretched = explain(&[&[2, 1], &[3]]);
    /// assert_eq!(stretched.axes()[1].length(), Some(3));
    ///
    /// // 3 and 4 do not broadcast, so the axis has no length.
    /// let incompatible = explain(&[&[3], &[4]]);
    /// assert_eq!(incompatible.axes()[0].length(), None);
    /// ```
    pub fn length(&self) -> Option<usize> {
        match self.rule {
            AxisRule::Equal { length }
            | AxisRule::Stretched { length, .. }
            | AxisRule::Missing { length, .. } => Some(length),
            AxisRule::Incompatible { .. } | AxisRule::NotChecked => None,
        }
    }
}

/// The explanation of how a list of shapes broadcasts, axis by axis, as
/// [`explain`] returns it.
///
/// `Display` prints the shapes aligned at their last axis in a table, one
/// line per axis with the rule that decided it, and the result shape or
/// the error. The methods give the same facts as values.
///
/// # Examples
///
/// ```
/// use baretensor::broadcast::explain;
///
/// let explanation = explain(&[&[2, 1, 3], &[4, 3]]);
/// assert_eq!(explanation.result(), &Ok(vec![2, 4, 3]));
/// assert_eq!(
///     explanation.to_string(),
///     "\
/// axis    -3  -2  -1
/// a        2   1   3    (2, 1, 3)
/// b        -   4   3    (4, 3)
/// result   2   4   3    (2, 4, 3)
///
/// axis -1: equal lengths, a and b have 3
/// axis -2: b has 4; a has 1, so it is stretched to 4
/// axis -3: a has 2; b lacks the axis, so it is treated as 1 and stretched to 2
/// result: (2, 4, 3)"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BroadcastExplanation {
    shapes: Vec<Vec<usize>>,
    labels: Vec<String>,
    axes: Vec<BroadcastAxis>,
    result: Result<Vec<usize>, ShapeError>,
}

/// Explains how `shapes` broadcast together, axis by axis.
///
/// The explanation follows [`broadcast_shapes`](super::broadcast_shapes):
/// its [`result`](BroadcastExplanation::result) is always the value that
/// `broadcast_shapes` returns for the same shapes, errors included. Its
/// `Display` names the inputs `a`, `b`, `c`, and so on, or `shape 0`,
/// `shape 1`, and so on when there are more than 26.
///
/// The axes are checked from the last one to the first, and the first
/// incompatible axis ends the check, as in `broadcast_shapes`. The
/// explanation marks that axis and leaves the axes left of it as
/// [`AxisRule::NotChecked`].
///
/// # Examples
///
/// ```
/// use baretensor::broadcast::{AxisRule, explain};
///
/// let explanation = explain(&[&[3], &[4]]);
/// assert!(explanation.result().is_err());
/// assert_eq!(
///     explanation.axes()[0].rule(),
///     &AxisRule::Incompatible { inputs: [0, 1], lengths: [3, 4] }
/// );
/// assert_eq!(
///     explanation.to_string(),
///     "\
/// axis  -1
/// a      3    (3,)
/// b      4    (4,)
///        ^
///
/// axis -1: incompatible, a has 3 and b has 4, and neither is 1
/// error: cannot broadcast (3,) with (4,): axis -1 has lengths 3 and 4"
/// );
/// ```
pub fn explain(shapes: &[&[usize]]) -> BroadcastExplanation {
    let labels = (0..shapes.len())
        .map(|input| default_label(input, shapes.len()))
        .collect();
    BroadcastExplanation::with_labels(shapes, labels)
}

/// Decides one axis from each input's length there, `None` where an input
/// lacks the axis. The scan is the one of `broadcast_shapes`, so that a
/// failure names the same two lengths.
fn decide_axis(lengths: &[Option<usize>]) -> AxisRule {
    let mut length = 1;
    let mut source = None;
    for (input, &given) in lengths.iter().enumerate() {
        let Some(given) = given else {
            continue;
        };
        if given == 1 || given == length {
            continue;
        }
        if let Some(first) = source {
            return AxisRule::Incompatible {
                inputs: [first, input],
                lengths: [length, given],
            };
        }
        length = given;
        source = Some(input);
    }

    let missing: Vec<usize> = (0..lengths.len())
        .filter(|&input| lengths[input].is_none())
        .collect();
    // A 1 is stretched only when another input sets a length other than 1.
    let from_one: Vec<usize> = (0..lengths.len())
        .filter(|&input| length != 1 && lengths[input] == Some(1))
        .collect();
    if !from_one.is_empty() {
        AxisRule::Stretched {
            length,
            from_one,
            missing,
        }
    } else if !missing.is_empty() {
        AxisRule::Missing { length, missing }
    } else {
        AxisRule::Equal { length }
    }
}

/// Returns `a` to `z` for up to 26 inputs, and `shape 0`, `shape 1`, ...
/// for more, so that every input of one explanation is named the same way.
fn default_label(input: usize, count: usize) -> String {
    if count <= 26 {
        let letter = char::from(b'a' + input as u8);
        format!("{letter}")
    } else {
        format!("shape {input}")
    }
}

impl BroadcastExplanation {
    /// Explains the broadcast of `shapes`, naming each input by the label
    /// at its position. `labels` has one entry per shape.
    pub(super) fn with_labels(shapes: &[&[usize]], labels: Vec<String>) -> Self {
        let ndim = shapes.iter().map(|shape| shape.len()).max().unwrap_or(0);
        let mut axes = Vec::with_capacity(ndim);
        let mut failure = None;

        // `from_end` is 1 for the last axis, 2 for the one before, and so
        // on, as in `broadcast_shapes`.
        for from_end in 1..=ndim {
            let lengths: Vec<Option<usize>> = shapes
                .iter()
                .map(|shape| {
                    let position = shape.len().checked_sub(from_end)?;
                    Some(shape[position])
                })
                .collect();
            let rule = if failure.is_some() {
                AxisRule::NotChecked
            } else {
                decide_axis(&lengths)
            };
            if let AxisRule::Incompatible { lengths, .. } = rule {
                failure = Some((-(from_end as isize), lengths));
            }
            axes.push(BroadcastAxis {
                axis: -(from_end as isize),
                lengths,
                rule,
            });
        }
        axes.reverse();

        let result = match failure {
            Some((axis, lengths)) => Err(ShapeError::Broadcast {
                shapes: shapes.iter().map(|shape| shape.to_vec()).collect(),
                axis,
                lengths,
            }),
            None => {
                // Every axis is decided when nothing failed.
                let result: Vec<usize> = axes.iter().filter_map(BroadcastAxis::length).collect();
                checked_len(&result).map(|_| result)
            }
        };

        Self {
            shapes: shapes.iter().map(|shape| shape.to_vec()).collect(),
            labels,
            axes,
            result,
        }
    }

    /// Returns the input shapes, in the order given.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::broadcast::explain;
    ///
    /// let explanation = explain(&[&[2, 1], &[3]]);
    /// assert_eq!(explanation.shapes(), &[vec![2, 1], vec![3]]);
    /// ```
    pub fn shapes(&self) -> &[Vec<usize>] {
        &self.shapes
    }

    /// Returns the axes of the result from the first to the last, so that
    /// `axes()[i]` lines up with the result's axis `i`.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::broadcast::explain;
    ///
    /// // One entry per axis of the longest shape, the first one first.
    /// let explanation = explain(&[&[2, 1], &[3]]);
    /// assert_eq!(explanation.axes().len(), 2);
    /// assert_eq!(explanation.axes()[0].axis(), -2);
    /// assert_eq!(explanation.axes()[0].length(), Some(2));
    /// ```
    pub fn axes(&self) -> &[BroadcastAxis] {
        &self.axes
    }

    /// Returns the shape the inputs broadcast to, or the error, exactly as
    /// [`broadcast_shapes`](super::broadcast_shapes) returns them.
    ///
    /// # Examples
    ///
    /// ```
    /// use baretensor::broadcast::explain;
    /// use baretensor::{ShapeError, broadcast_shapes};
    ///
    /// let explanation = explain(&[&[2, 1], &[3]]);
    /// assert_eq!(explanation.result(), &Ok(vec![2, 3]));
    /// assert_eq!(explanation.result(), &broadcast_shapes(&[&[2, 1], &[3]]));
    ///
    /// let error = explain(&[&[3], &[4]]);
    /// assert!(matches!(error.result(), Err(ShapeError::Broadcast { axis: -1, .. })));
    /// ```
    pub fn result(&self) -> &Result<Vec<usize>, ShapeError> {
        &self.result
    }

    /// Returns the axis that failed, counted from the end, if any.
    pub(super) fn incompatible_axis(&self) -> Option<&BroadcastAxis> {
        self.axes
            .iter()
            .find(|axis| matches!(axis.rule, AxisRule::Incompatible { .. }))
    }

    fn table(&self) -> Table<'_> {
        let mut rows: Vec<TableRow<'_>> = self
            .shapes
            .iter()
            .zip(&self.labels)
            .enumerate()
            .map(|(input, (shape, label))| TableRow {
                label,
                lengths: self.axes.iter().map(|axis| axis.lengths[input]).collect(),
                shape,
            })
            .collect();
        if let Ok(result) = &self.result {
            rows.push(TableRow {
                label: "result",
                lengths: result.iter().copied().map(Some).collect(),
                shape: result,
            });
        }
        Table {
            axes: self.axes.iter().map(|axis| axis.axis).collect(),
            rows,
            marked: self
                .axes
                .iter()
                .map(|axis| matches!(axis.rule, AxisRule::Incompatible { .. }))
                .collect(),
        }
    }

    /// Writes one line per axis, last axis first, and the result or the
    /// error, without the table.
    pub(super) fn write_rules(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.shapes.is_empty() {
            f.write_str("no shapes: broadcasting nothing gives the shape of a scalar\n")?;
        } else if self.axes.is_empty() {
            f.write_str("every shape is a scalar with no axes, so the result is a scalar too\n")?;
        }

        let not_checked: Vec<isize> = self
            .axes
            .iter()
            .filter(|axis| axis.rule == AxisRule::NotChecked)
            .map(|axis| axis.axis)
            .collect();
        for axis in self.axes.iter().rev() {
            if axis.rule != AxisRule::NotChecked {
                writeln!(
                    f,
                    "axis {}: {}",
                    axis.axis,
                    RuleDisplay {
                        axis,
                        labels: &self.labels
                    }
                )?;
            }
        }
        match not_checked.as_slice() {
            [] => {}
            [only] => writeln!(f, "axis {only}: {NOT_CHECKED}")?,
            [first, .., last] => writeln!(f, "axes {first} to {last}: {NOT_CHECKED}")?,
        }

        match &self.result {
            Ok(result) => write!(f, "result: {}", TupleDisplay(result)),
            Err(error) => write!(f, "error: {error}"),
        }
    }
}

const NOT_CHECKED: &str = "not checked, because the check stops at the first incompatible axis";

impl fmt::Display for BroadcastExplanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.shapes.is_empty() {
            writeln!(f, "{}", self.table())?;
            writeln!(f)?;
        }
        self.write_rules(f)
    }
}

/// The sentence that explains one axis, after `axis -1: `.
struct RuleDisplay<'a> {
    axis: &'a BroadcastAxis,
    labels: &'a [String],
}

impl fmt::Display for RuleDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let labels = self.labels;
        let lengths = &self.axis.lengths;
        let with_length = |length: usize| -> Vec<usize> {
            (0..lengths.len())
                .filter(|&input| lengths[input] == Some(length))
                .collect()
        };

        match &self.axis.rule {
            AxisRule::Equal { length } if lengths.len() == 1 => {
                write!(f, "{} has {length}", labels[0])
            }
            AxisRule::Equal { length } => {
                let all: Vec<usize> = (0..lengths.len()).collect();
                write!(
                    f,
                    "equal lengths, {} {length}",
                    Subject::new(&all, labels, "has", "have")
                )
            }
            AxisRule::Stretched {
                length,
                from_one,
                missing,
            } => {
                write!(
                    f,
                    "{} {length}; {} 1, so {} stretched to {length}",
                    Subject::new(&with_length(*length), labels, "has", "have"),
                    Subject::new(from_one, labels, "has", "have"),
                    Pronoun::new(from_one, "it is", "they are"),
                )?;
                if !missing.is_empty() {
                    write!(f, "; ")?;
                    write_missing(f, missing, labels, *length)?;
                }
                Ok(())
            }
            AxisRule::Missing { length, missing } => {
                write!(
                    f,
                    "{} {length}; ",
                    Subject::new(&with_length(*length), labels, "has", "have")
                )?;
                write_missing(f, missing, labels, *length)
            }
            AxisRule::Incompatible { inputs, lengths } => write!(
                f,
                "incompatible, {} has {} and {} has {}, and neither is 1",
                labels[inputs[0]], lengths[0], labels[inputs[1]], lengths[1]
            ),
            AxisRule::NotChecked => f.write_str(NOT_CHECKED),
        }
    }
}

fn write_missing(
    f: &mut fmt::Formatter<'_>,
    missing: &[usize],
    labels: &[String],
    length: usize,
) -> fmt::Result {
    write!(
        f,
        "{} the axis, so {} treated as 1",
        Subject::new(missing, labels, "lacks", "lack"),
        Pronoun::new(missing, "it is", "they are"),
    )?;
    if length != 1 {
        write!(f, " and stretched to {length}")?;
    }
    Ok(())
}

/// A list of inputs as the subject of a verb: `a has`, `a and b have`,
/// `a, b and c have`.
struct Subject<'a> {
    inputs: &'a [usize],
    labels: &'a [String],
    verb: &'a str,
}

impl<'a> Subject<'a> {
    fn new(inputs: &'a [usize], labels: &'a [String], singular: &'a str, plural: &'a str) -> Self {
        let verb = if inputs.len() == 1 { singular } else { plural };
        Self {
            inputs,
            labels,
            verb,
        }
    }
}

impl fmt::Display for Subject<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (position, &input) in self.inputs.iter().enumerate() {
            if position > 0 {
                let last = position + 1 == self.inputs.len();
                f.write_str(if last { " and " } else { ", " })?;
            }
            f.write_str(&self.labels[input])?;
        }
        write!(f, " {}", self.verb)
    }
}

struct Pronoun<'a>(&'a str);

impl<'a> Pronoun<'a> {
    fn new(inputs: &[usize], singular: &'a str, plural: &'a str) -> Self {
        Self(if inputs.len() == 1 { singular } else { plural })
    }
}

impl fmt::Display for Pronoun<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// A table of axis lengths, one column per axis and one row per shape,
/// with each shape in tuple notation on the right:
///
/// ```text
/// axis    -3  -2  -1
/// a        2   1   3    (2, 1, 3)
/// b        -   4   3    (4, 3)
/// ```
///
/// A missing axis shows as `-`. Marked columns get a `^` on a line below.
pub(super) struct Table<'a> {
    /// The header of each column.
    pub(super) axes: Vec<isize>,
    pub(super) rows: Vec<TableRow<'a>>,
    /// One entry per column.
    pub(super) marked: Vec<bool>,
}

pub(super) struct TableRow<'a> {
    pub(super) label: &'a str,
    /// One entry per column, `None` for an axis the shape lacks.
    pub(super) lengths: Vec<Option<usize>>,
    pub(super) shape: &'a [usize],
}

/// The gap between columns, and the wider gap before the tuples.
const COLUMN_GAP: &str = "  ";
const SHAPE_GAP: &str = "    ";

impl fmt::Display for Table<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label_width = self
            .rows
            .iter()
            .map(|row| row.label.chars().count())
            .chain([if self.axes.is_empty() {
                0
            } else {
                "axis".len()
            }])
            .max()
            .unwrap_or(0);
        let widths: Vec<usize> = (0..self.axes.len())
            .map(|column| {
                let cells = self
                    .rows
                    .iter()
                    .map(|row| row.lengths[column].map_or(1, digits));
                cells
                    .chain([signed_digits(self.axes[column])])
                    .max()
                    .unwrap_or(1)
            })
            .collect();

        // The lines are joined, not ended, by newlines, so the table ends
        // without one, and no line ends in spaces.
        if !self.axes.is_empty() {
            write!(f, "{:<label_width$}", "axis")?;
            for (axis, width) in self.axes.iter().zip(&widths) {
                write!(f, "{COLUMN_GAP}{axis:>width$}")?;
            }
        }
        for (index, row) in self.rows.iter().enumerate() {
            if index > 0 || !self.axes.is_empty() {
                f.write_str("\n")?;
            }
            write!(f, "{:<label_width$}", row.label)?;
            for (length, width) in row.lengths.iter().zip(&widths) {
                match length {
                    Some(length) => write!(f, "{COLUMN_GAP}{length:>width$}")?,
                    None => write!(f, "{COLUMN_GAP}{:>width$}", "-")?,
                }
            }
            write!(f, "{SHAPE_GAP}{}", TupleDisplay(row.shape))?;
        }

        if let Some(last_marked) = self.marked.iter().rposition(|&marked| marked) {
            write!(f, "\n{:label_width$}", "")?;
            let columns = self.marked.iter().zip(&widths).take(last_marked + 1);
            for (&marked, width) in columns {
                let mark = if marked { "^" } else { "" };
                write!(f, "{COLUMN_GAP}{mark:>width$}")?;
            }
        }
        Ok(())
    }
}

fn digits(value: usize) -> usize {
    value.checked_ilog10().map_or(1, |log| log as usize + 1)
}

fn signed_digits(value: isize) -> usize {
    digits(value.unsigned_abs()) + usize::from(value < 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::broadcast_shapes;
    use alloc::string::ToString;
    use alloc::vec;

    #[test]
    fn display_prepends_and_stretches() {
        assert_eq!(
            explain(&[&[2, 1, 3], &[4, 3]]).to_string(),
            "\
axis    -3  -2  -1
a        2   1   3    (2, 1, 3)
b        -   4   3    (4, 3)
result   2   4   3    (2, 4, 3)

axis -1: equal lengths, a and b have 3
axis -2: b has 4; a has 1, so it is stretched to 4
axis -3: a has 2; b lacks the axis, so it is treated as 1 and stretched to 2
result: (2, 4, 3)"
        );
    }

    #[test]
    fn display_numpy_docs_example() {
        // The example of numpy's broadcasting guide: an (8, 1, 6, 1) array
        // with a (7, 1, 5) array gives (8, 7, 6, 5).
        assert_eq!(
            explain(&[&[8, 1, 6, 1], &[7, 1, 5]]).to_string(),
            "\
axis    -4  -3  -2  -1
a        8   1   6   1    (8, 1, 6, 1)
b        -   7   1   5    (7, 1, 5)
result   8   7   6   5    (8, 7, 6, 5)

axis -1: b has 5; a has 1, so it is stretched to 5
axis -2: a has 6; b has 1, so it is stretched to 6
axis -3: b has 7; a has 1, so it is stretched to 7
axis -4: a has 8; b lacks the axis, so it is treated as 1 and stretched to 8
result: (8, 7, 6, 5)"
        );
    }

    #[test]
    fn display_marks_incompatible_axis() {
        assert_eq!(
            explain(&[&[3], &[4]]).to_string(),
            "\
axis  -1
a      3    (3,)
b      4    (4,)
       ^

axis -1: incompatible, a has 3 and b has 4, and neither is 1
error: cannot broadcast (3,) with (4,): axis -1 has lengths 3 and 4"
        );
    }

    #[test]
    fn display_skips_axes_left_of_failure() {
        assert_eq!(
            explain(&[&[6, 5, 2, 3], &[4, 3, 3]]).to_string(),
            "\
axis  -4  -3  -2  -1
a      6   5   2   3    (6, 5, 2, 3)
b      -   4   3   3    (4, 3, 3)
               ^

axis -1: equal lengths, a and b have 3
axis -2: incompatible, a has 2 and b has 3, and neither is 1
axes -4 to -3: not checked, because the check stops at the first incompatible axis
error: cannot broadcast (6, 5, 2, 3) with (4, 3, 3): axis -2 has lengths 2 and 3"
        );
    }

    #[test]
    fn display_scalar_against_matrix() {
        assert_eq!(
            explain(&[&[], &[2, 3]]).to_string(),
            "\
axis    -2  -1
a        -   -    ()
b        2   3    (2, 3)
result   2   3    (2, 3)

axis -1: b has 3; a lacks the axis, so it is treated as 1 and stretched to 3
axis -2: b has 2; a lacks the axis, so it is treated as 1 and stretched to 2
result: (2, 3)"
        );
    }

    #[test]
    fn display_only_scalars() {
        assert_eq!(
            explain(&[&[], &[]]).to_string(),
            "\
a         ()
b         ()
result    ()

every shape is a scalar with no axes, so the result is a scalar too
result: ()"
        );
    }

    #[test]
    fn display_no_shapes() {
        assert_eq!(
            explain(&[]).to_string(),
            "no shapes: broadcasting nothing gives the shape of a scalar\nresult: ()"
        );
    }

    #[test]
    fn display_three_shapes() {
        assert_eq!(
            explain(&[&[1, 3], &[2, 1], &[3]]).to_string(),
            "\
axis    -2  -1
a        1   3    (1, 3)
b        2   1    (2, 1)
c        -   3    (3,)
result   2   3    (2, 3)

axis -1: a and c have 3; b has 1, so it is stretched to 3
axis -2: b has 2; a has 1, so it is stretched to 2; c lacks the axis, so it is treated as 1 and stretched to 2
result: (2, 3)"
        );
    }

    #[test]
    fn display_zero_lengths() {
        assert_eq!(
            explain(&[&[0, 3], &[1, 3]]).to_string(),
            "\
axis    -2  -1
a        0   3    (0, 3)
b        1   3    (1, 3)
result   0   3    (0, 3)

axis -1: equal lengths, a and b have 3
axis -2: a has 0; b has 1, so it is stretched to 0
result: (0, 3)"
        );
        assert_eq!(
            explain(&[&[0], &[3]]).to_string(),
            "\
axis  -1
a      0    (0,)
b      3    (3,)
       ^

axis -1: incompatible, a has 0 and b has 3, and neither is 1
error: cannot broadcast (0,) with (3,): axis -1 has lengths 0 and 3"
        );
    }

    #[test]
    fn display_missing_axis_of_length_one() {
        assert_eq!(
            explain(&[&[1, 1], &[1]]).to_string(),
            "\
axis    -2  -1
a        1   1    (1, 1)
b        -   1    (1,)
result   1   1    (1, 1)

axis -1: equal lengths, a and b have 1
axis -2: a has 1; b lacks the axis, so it is treated as 1
result: (1, 1)"
        );
    }

    #[test]
    fn display_one_shape_and_wide_lengths() {
        assert_eq!(
            explain(&[&[1000, 7]]).to_string(),
            "\
axis      -2  -1
a       1000   7    (1000, 7)
result  1000   7    (1000, 7)

axis -1: a has 7
axis -2: a has 1000
result: (1000, 7)"
        );
    }

    #[test]
    fn labels_switch_to_numbers_past_26() {
        let shapes: Vec<&[usize]> = vec![&[1]; 27];
        let explanation = explain(&shapes);
        assert_eq!(explanation.labels[0], "shape 0");
        assert_eq!(explanation.labels[26], "shape 26");
        assert_eq!(explain(&shapes[..26]).labels[25], "z");
    }

    #[test]
    fn rules_of_three_shapes() {
        let explanation = explain(&[&[1, 3], &[2, 1], &[3]]);
        let rules: Vec<&AxisRule> = explanation.axes().iter().map(BroadcastAxis::rule).collect();
        assert_eq!(
            rules,
            [
                &AxisRule::Stretched {
                    length: 2,
                    from_one: vec![0],
                    missing: vec![2]
                },
                &AxisRule::Stretched {
                    length: 3,
                    from_one: vec![1],
                    missing: vec![]
                },
            ]
        );
    }

    #[test]
    fn rules_stop_at_first_failure() {
        let explanation = explain(&[&[6, 5, 2, 3], &[4, 3, 3]]);
        let rules: Vec<&AxisRule> = explanation.axes().iter().map(BroadcastAxis::rule).collect();
        assert_eq!(
            rules,
            [
                &AxisRule::NotChecked,
                &AxisRule::NotChecked,
                &AxisRule::Incompatible {
                    inputs: [0, 1],
                    lengths: [2, 3]
                },
                &AxisRule::Equal { length: 3 },
            ]
        );
    }

    #[test]
    fn incompatible_names_first_two_lengths() {
        // Input b has 1 and is skipped. Inputs a and c are the first two
        // lengths that differ, as broadcast_shapes reports them.
        let explanation = explain(&[&[2], &[1], &[3], &[4]]);
        assert_eq!(
            explanation.axes()[0].rule(),
            &AxisRule::Incompatible {
                inputs: [0, 2],
                lengths: [2, 3]
            }
        );
        assert_eq!(
            explanation.result(),
            &broadcast_shapes(&[&[2], &[1], &[3], &[4]])
        );
    }

    #[test]
    fn result_reports_size_overflow() {
        let shapes: [&[usize]; 2] = [&[usize::MAX], &[2, 1]];
        let explanation = explain(&shapes);
        assert_eq!(explanation.result(), &broadcast_shapes(&shapes));
        assert!(matches!(
            explanation.result(),
            Err(ShapeError::SizeOverflow { .. })
        ));
        let expected_end = format!(
            "error: shape (2, {}) has more elements than fit in usize",
            usize::MAX
        );
        assert!(
            explanation.to_string().ends_with(&expected_end),
            "{explanation}"
        );
    }
}

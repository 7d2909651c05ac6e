//! Text of an n-dimensional array, byte for byte as numpy's `str(array)`
//! prints it with the default print options of numpy 2.x (precision 8,
//! floatmode `'maxprec'`, no suppression, line width 75, threshold 1000,
//! 3 edge items, sign `'-'`).
//!
//! The rules, as read in `numpy/_core/arrayprint.py` of numpy 2.4.6:
//!
//! - An array with no elements prints as `[]`, whatever its shape
//!   (`array2string`). A 0-d array prints as the `str()` of its scalar, which
//!   follows different rules from elements inside an array (see
//!   `scalar_float_text`).
//! - Arrays of more than 1000 elements are summarised: every axis longer than
//!   6 keeps its first 3 and last 3 entries and shows `...` in between
//!   (`_leading_trailing`, `_formatArray`). The element format is computed
//!   from the kept elements only.
//! - Every element is padded to one common width so that columns line up:
//!   integers are padded on the left, and `True` is written ` True` to match
//!   `False`.
//! - Floats are printed either all positional or all scientific
//!   (`FloatingFormat.fillFormat`). Scientific notation is chosen from the
//!   finite non-zero magnitudes when the largest is at least 1e8 (1e6 for
//!   `f32`, because numpy 2.4.6 caps the cutoff at `10 ** finfo.precision`),
//!   the smallest is below 1e-4, or their ratio is above 1000. Each value
//!   keeps its shortest round-trip digits, cut to 8 fraction digits with
//!   correct rounding. Positional values end with the point when the
//!   fraction is empty (`1.`) and are padded with spaces on both sides of the
//!   point. Scientific values are all printed with the same number of
//!   fraction digits, the largest any of them needs, and an exponent of at
//!   least two digits.
//! - Rows that do not fit in 75 columns, less one column for each closing
//!   bracket, wrap onto continuation lines that line up with the row's first
//!   element. Inside a block of rank `r`, the sub-blocks are separated by
//!   `r - 1` newlines, so rank 3 leaves one blank line between its matrices.
//!
//! The digits come from `core::fmt` instead of a port of numpy's Dragon4.
//! `{:.N}` and `{:.Ne}` round the exact binary value to `N` digits with ties
//! to even, as Dragon4 does. `{:e}` finds the shortest digit count that
//! round-trips in the value's own type, and only its tie-break differs from
//! Dragon4 (see `Shortest::new`).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

/// numpy's `threshold`: arrays with more elements than this are summarised.
const THRESHOLD: usize = 1000;

/// numpy's `edgeitems`: entries kept at each end of a summarised axis.
const EDGE_ITEMS: usize = 3;

/// numpy's `linewidth`: the column limit that rows wrap at.
const LINE_WIDTH: usize = 75;

/// numpy's `precision`: the maximum number of digits after the point.
const PRECISION: usize = 8;

/// An element type that can be printed the way numpy prints its dtype.
///
/// Implemented for `f32`, `f64`, `i32`, `i64`, `u8` and `bool`.
pub(crate) trait FormatElement: Copy {
    /// Returns numpy's `str()` of a scalar of this type, which is also the
    /// text of a 0-d array.
    fn scalar_text(self) -> String;

    /// Returns the text of every element of `values`, padded to the common
    /// width that numpy's per-dtype formatter derives from all of them.
    fn element_texts(values: &[Self]) -> Vec<String>;
}

/// Writes numpy's `str()` of an array given its shape and its elements in
/// row-major logical order.
///
/// `values.len()` must be the product of `shape`. A 0-d array has shape `[]`
/// and one value.
pub(crate) fn format_array<T: FormatElement>(
    out: &mut impl fmt::Write,
    shape: &[usize],
    values: &[T],
) -> fmt::Result {
    debug_assert_eq!(values.len(), shape.iter().product::<usize>());

    if shape.is_empty() {
        return out.write_str(&values[0].scalar_text());
    }
    if values.is_empty() {
        return out.write_str("[]");
    }

    let summarise = values.len() > THRESHOLD;
    let mut printed = Vec::new();
    collect_printed(shape, values, summarise, &mut printed);

    let layout = Layout {
        shape,
        printed_shape: shape
            .iter()
            .map(|&len| printed_len(len, summarise))
            .collect(),
        words: T::element_texts(&printed),
        summarise,
    };
    out.write_str(&layout.block(0, 0, 1, LINE_WIDTH))
}

/// Returns whether a summarised array replaces the middle of an axis of
/// length `len` with `...`.
fn is_elided(len: usize, summarise: bool) -> bool {
    summarise && len > 2 * EDGE_ITEMS
}

/// Returns how many entries of an axis of length `len` are printed.
fn printed_len(len: usize, summarise: bool) -> usize {
    if is_elided(len, summarise) {
        2 * EDGE_ITEMS
    } else {
        len
    }
}

/// Appends the elements that are printed, in row-major order, to `printed`.
fn collect_printed<T: Copy>(shape: &[usize], values: &[T], summarise: bool, printed: &mut Vec<T>) {
    let Some((&len, inner_shape)) = shape.split_first() else {
        printed.push(values[0]);
        return;
    };

    let stride: usize = inner_shape.iter().product();
    let (head_end, tail_start) = if is_elided(len, summarise) {
        (EDGE_ITEMS, len - EDGE_ITEMS)
    } else {
        (len, len)
    };
    for index in (0..head_end).chain(tail_start..len) {
        let block = &values[index * stride..(index + 1) * stride];
        collect_printed(inner_shape, block, summarise, printed);
    }
}

/// The bracket structure of an array whose printed elements are already
/// formatted.
struct Layout<'a> {
    /// The shape of the whole array.
    shape: &'a [usize],
    /// The shape of the printed part: elided axes keep `2 * EDGE_ITEMS`.
    printed_shape: Vec<usize>,
    /// The padded text of every printed element, in row-major order.
    words: Vec<String>,
    summarise: bool,
}

impl Layout<'_> {
    /// Returns the bracketed text of the sub-array that starts at axis `axis`
    /// and at element `start` of `words`.
    ///
    /// `indent` is the column of the sub-array's opening bracket plus one,
    /// where continuation lines and nested blocks start, and `width` is the
    /// room left before the closing brackets of the enclosing blocks
    /// (numpy's `hanging_indent` and `curr_width` in `_formatArray`).
    fn block(&self, axis: usize, start: usize, indent: usize, width: usize) -> String {
        let body = if axis + 1 == self.shape.len() {
            self.row(axis, start, indent, width)
        } else {
            self.nested_blocks(axis, start, indent, width)
        };

        // Both builders start the body with the indent, which the opening
        // bracket replaces on the first line.
        format!("[{}]", &body[indent..])
    }

    /// Returns the elements of the last axis, wrapped to fit `width` less one
    /// column for the closing bracket.
    fn row(&self, axis: usize, start: usize, indent: usize, width: usize) -> String {
        let len = self.printed_shape[axis];
        let elided = is_elided(self.shape[axis], self.summarise);
        let mut lines = LineWrapper::new(indent, width.saturating_sub(1));

        for position in 0..len {
            if elided && position == EDGE_ITEMS {
                lines.push_word("...");
                lines.push_separator();
            }
            lines.push_word(&self.words[start + position]);
            if position + 1 < len {
                lines.push_separator();
            }
        }
        lines.finish()
    }

    /// Returns the sub-blocks of axis `axis`, one per line, separated by as
    /// many newlines as there are axes below `axis`.
    fn nested_blocks(&self, axis: usize, start: usize, indent: usize, width: usize) -> String {
        let len = self.printed_shape[axis];
        let elided = is_elided(self.shape[axis], self.summarise);
        let child_size: usize = self.printed_shape[axis + 1..].iter().product();
        let separator = "\n".repeat(self.shape.len() - axis - 1);
        let indent_text = " ".repeat(indent);
        let mut text = String::new();

        for position in 0..len {
            if elided && position == EDGE_ITEMS {
                text.push_str(&indent_text);
                text.push_str("...");
                text.push_str(&separator);
            }
            let child_start = start + position * child_size;
            text.push_str(&indent_text);
            text.push_str(&self.block(axis + 1, child_start, indent + 1, width.saturating_sub(1)));
            if position + 1 < len {
                text.push_str(&separator);
            }
        }
        text
    }
}

/// Greedy line filling as numpy's `_extendLine` does it.
struct LineWrapper {
    /// The finished lines, each ending with a newline.
    text: String,
    /// The line being filled, which starts with `indent` spaces.
    line: String,
    indent: usize,
    /// The column that a word may not cross.
    limit: usize,
}

impl LineWrapper {
    fn new(indent: usize, limit: usize) -> Self {
        LineWrapper {
            text: String::new(),
            line: " ".repeat(indent),
            indent,
            limit,
        }
    }

    /// Appends `word`, first starting a new line if the word would cross the
    /// limit and the current line already contains a word.
    fn push_word(&mut self, word: &str) {
        let overflows = self.line.len() + word.len() > self.limit;
        if overflows && self.line.len() > self.indent {
            // numpy strips the trailing separator and padding of a wrapped line.
            self.text.push_str(self.line.trim_end_matches(' '));
            self.text.push('\n');
            self.line = " ".repeat(self.indent);
        }
        self.line.push_str(word);
    }

    fn push_separator(&mut self) {
        self.line.push(' ');
    }

    /// Returns all lines. Unlike the wrapped ones, the last line keeps its
    /// trailing padding.
    fn finish(mut self) -> String {
        self.text.push_str(&self.line);
        self.text
    }
}

/// Returns `texts` right-aligned to the width of the longest one.
fn pad_all_left(texts: Vec<String>) -> Vec<String> {
    let width = texts.iter().map(String::len).max().unwrap_or(0);
    texts
        .into_iter()
        .map(|text| format!("{text:>width$}"))
        .collect()
}

macro_rules! impl_format_element_for_integer {
    ($($integer:ty),*) => {$(
        impl FormatElement for $integer {
            fn scalar_text(self) -> String {
                self.to_string()
            }

            /// numpy's `IntegerFormat` right-aligns every element to the
            /// longer of the texts of the maximum and the minimum.
            fn element_texts(values: &[Self]) -> Vec<String> {
                pad_all_left(values.iter().map(ToString::to_string).collect())
            }
        }
    )*};
}

impl_format_element_for_integer!(i32, i64, u8);

impl FormatElement for bool {
    fn scalar_text(self) -> String {
        String::from(if self { "True" } else { "False" })
    }

    /// numpy's `BoolFormat` always writes ` True` in arrays of rank 1 or
    /// more, even when no element is false, so that it lines up with `False`.
    fn element_texts(values: &[Self]) -> Vec<String> {
        let text = |&value: &bool| String::from(if value { " True" } else { "False" });
        values.iter().map(text).collect()
    }
}

/// The per-type facts that numpy's float formatting depends on.
trait FloatValue: Copy + fmt::Display + fmt::LowerExp {
    /// The magnitude from which arrays switch to scientific notation:
    /// `10 ** min(8, finfo(dtype).precision)` in `FloatingFormat.fillFormat`
    /// of numpy 2.4.6, so 1e8 for `f64` and 1e6 for `f32`. Only the legacy
    /// print mode `'2.2'` and older use 1e8 for every dtype.
    const EXPONENT_CUTOFF: f64;

    /// 1e-4 rounded to this type. numpy compares the array's minimum with
    /// the Python float `0.0001`, which NEP 50 converts to the array's dtype,
    /// so an `f32` array holding `1e-4f32` (just below 1e-4) stays positional.
    const MIN_POSITIONAL: f64;

    /// The magnitude from which a scalar's `str()` is scientific: the
    /// `max_positional` of `floattype_str_either` and `doubletype_str_either`
    /// in numpy's `scalartypes.c.src` (1e6 for `f32`, 1e16 for `f64`).
    const SCALAR_EXPONENT_CUTOFF: f64;

    /// Returns the value converted exactly to `f64`.
    fn widen(self) -> f64;

    /// Returns whether `|max| / |min| > 1000`, computed in this type's own
    /// arithmetic as numpy does, so an overflow to infinity counts as above.
    fn ratio_above_thousand(max: Self, min: Self) -> bool;
}

macro_rules! impl_float {
    ($float:ty, $exponent_cutoff:expr, $scalar_exponent_cutoff:expr) => {
        impl FloatValue for $float {
            const EXPONENT_CUTOFF: f64 = $exponent_cutoff;
            const MIN_POSITIONAL: f64 = 1e-4 as $float as f64;
            const SCALAR_EXPONENT_CUTOFF: f64 = $scalar_exponent_cutoff;

            fn widen(self) -> f64 {
                self as f64
            }

            fn ratio_above_thousand(max: Self, min: Self) -> bool {
                max.abs() / min.abs() > 1000.0
            }
        }

        impl FormatElement for $float {
            fn scalar_text(self) -> String {
                scalar_float_text(self)
            }

            fn element_texts(values: &[Self]) -> Vec<String> {
                FloatFormat::new(values).texts(values)
            }
        }
    };
}

impl_float!(f32, 1e6, 1e6);
impl_float!(f64, 1e8, 1e16);

/// A finite float as a decimal with the shortest digits that round-trip.
struct Shortest {
    negative: bool,
    /// The significant digits without trailing zeros, or `"0"` for zero.
    digits: String,
    /// The power of ten of the first digit.
    exponent: i32,
}

impl Shortest {
    fn new<F: FloatValue>(value: F) -> Self {
        // Rust's `{:e}` and numpy's Dragon4 stop at the same digit count, but
        // when the value lies exactly halfway between the two candidates of
        // that length Rust takes the upper one and numpy the even one. At that
        // length numpy's digits are always the exact value correctly rounded
        // with ties to even, which is what `{:.Ne}` prints.
        let shortest = format!("{value:e}");
        let digit_count = split_exponent(&shortest)
            .0
            .chars()
            .filter(char::is_ascii_digit)
            .count();
        let rounded = format!("{value:.*e}", digit_count - 1);

        let (mantissa, exponent) = split_exponent(&rounded);
        let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
        let significant_len = digits.trim_end_matches('0').len().max(1);
        Shortest {
            negative: mantissa.starts_with('-'),
            digits: String::from(&digits[..significant_len]),
            exponent,
        }
    }

    /// Returns how many digits the shortest positional text has after the point.
    fn positional_fraction_len(&self) -> usize {
        let digit_count = self.digits.len() as i32;
        (digit_count - 1 - self.exponent).max(0) as usize
    }

    /// Returns the text before the point (with the sign) and the digits after
    /// it, in positional notation.
    fn positional_parts(&self) -> (String, String) {
        let mut integer = String::from(if self.negative { "-" } else { "" });
        if self.exponent < 0 {
            integer.push('0');
            let leading_zeros = "0".repeat((-self.exponent - 1) as usize);
            return (integer, leading_zeros + &self.digits);
        }

        let integer_len = self.exponent as usize + 1;
        let split = integer_len.min(self.digits.len());
        integer.push_str(&self.digits[..split]);
        integer.push_str(&"0".repeat(integer_len - split));
        let fraction = String::from(&self.digits[split..]);
        (integer, fraction)
    }
}

/// Splits Rust's `{:e}` text, such as `-1.25e-7`, into mantissa and exponent.
fn split_exponent(text: &str) -> (&str, i32) {
    let (mantissa, exponent) = text.split_once('e').expect("`{:e}` output contains an `e`");
    (
        mantissa,
        exponent.parse().expect("`{:e}` exponent is an integer"),
    )
}

/// A finite float split into the text before the point, the digits after
/// it and, in scientific notation, the power of ten.
struct FloatParts {
    integer: String,
    fraction: String,
    exponent: i32,
}

/// Returns `value` in positional notation with at most `PRECISION` digits
/// after the point and no trailing zeros: numpy's `dragon4_positional` with
/// `unique=True`, `trim='.'`.
fn positional_parts<F: FloatValue>(value: F) -> FloatParts {
    let shortest = Shortest::new(value);

    let (integer, fraction) = if shortest.positional_fraction_len() <= PRECISION {
        shortest.positional_parts()
    } else {
        // The shortest digits do not fit, so numpy cuts the exact value at
        // the last allowed digit with correct rounding, as `{:.8}` does.
        let rounded = format!("{value:.PRECISION$}");
        let (integer, fraction) = rounded
            .split_once('.')
            .expect("`{:.8}` output contains a point");
        (
            String::from(integer),
            String::from(fraction.trim_end_matches('0')),
        )
    };

    FloatParts {
        integer,
        fraction,
        exponent: 0,
    }
}

/// Returns `value` in scientific notation with at most `PRECISION` digits
/// after the point and no trailing zeros: numpy's `dragon4_scientific` with
/// `unique=True`, `trim='.'`.
fn scientific_parts<F: FloatValue>(value: F) -> FloatParts {
    let shortest = Shortest::new(value);
    if shortest.digits.len() - 1 <= PRECISION {
        let sign = if shortest.negative { "-" } else { "" };
        return FloatParts {
            integer: format!("{sign}{}", &shortest.digits[..1]),
            fraction: String::from(&shortest.digits[1..]),
            exponent: shortest.exponent,
        };
    }

    let mut parts = fixed_scientific_parts(value, PRECISION);
    let trimmed_len = parts.fraction.trim_end_matches('0').len();
    parts.fraction.truncate(trimmed_len);
    parts
}

/// Returns `value` in scientific notation with exactly `fraction_digits`
/// digits after the point, rounded from the exact binary value. This is what
/// numpy's Dragon4 prints with `min_digits` equal to the precision, which is
/// why an `f32` 0.1 can print as `1.00000001e-01`.
fn fixed_scientific_parts<F: FloatValue>(value: F, fraction_digits: usize) -> FloatParts {
    let text = format!("{value:.fraction_digits$e}");
    let (mantissa, exponent) = split_exponent(&text);
    let (integer, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    FloatParts {
        integer: String::from(integer),
        fraction: String::from(fraction),
        exponent,
    }
}

/// Returns the exponent as numpy writes it: a sign, then at least
/// `min_digits` digits.
fn exponent_text(exponent: i32, min_digits: usize) -> String {
    let sign = if exponent < 0 { '-' } else { '+' };
    format!("e{sign}{:0min_digits$}", exponent.unsigned_abs())
}

/// Returns the number of decimal digits of the exponent, at least two.
fn exponent_digits(exponent: i32) -> usize {
    exponent.unsigned_abs().to_string().len().max(2)
}

/// The shared format of the elements of one float array: numpy's
/// `FloatingFormat` after `fillFormat`.
struct FloatFormat {
    scientific: bool,
    /// Columns before the point, sign included.
    pad_left: usize,
    /// Positional: columns after the point. Scientific: digits after the point.
    pad_right: usize,
    /// Scientific only: the minimum number of exponent digits.
    exponent_digits: usize,
}

impl FloatFormat {
    /// Chooses the notation and the padding from all `values`.
    fn new<F: FloatValue>(values: &[F]) -> Self {
        let finite: Vec<F> = values
            .iter()
            .copied()
            .filter(|value| value.widen().is_finite())
            .collect();
        let scientific = uses_scientific(&finite);

        let mut format = if finite.is_empty() {
            FloatFormat {
                scientific: false,
                pad_left: 0,
                pad_right: 0,
                exponent_digits: 0,
            }
        } else if scientific {
            Self::scientific_widths(&finite)
        } else {
            Self::positional_widths(&finite)
        };

        // `nan`, `inf` and `-inf` are right-aligned in the full element width,
        // which grows on the left when they are longer than the numbers.
        if finite.len() < values.len() {
            let has_negative_infinity = values
                .iter()
                .any(|value| value.widen() == f64::NEG_INFINITY);
            let longest_name: usize = if has_negative_infinity { 4 } else { 3 };
            let right_width = format.right_width() + 1;
            format.pad_left = format
                .pad_left
                .max(longest_name.saturating_sub(right_width));
        }
        format
    }

    /// Returns the widths of positional notation: the longest text before
    /// the point and the most digits after it.
    fn positional_widths<F: FloatValue>(finite: &[F]) -> Self {
        let parts: Vec<FloatParts> = finite
            .iter()
            .map(|&value| positional_parts(value))
            .collect();
        FloatFormat {
            scientific: false,
            pad_left: max_len(&parts, |part| part.integer.len()),
            pad_right: max_len(&parts, |part| part.fraction.len()),
            exponent_digits: 0,
        }
    }

    /// Returns the widths of scientific notation. Every element is later
    /// printed with as many digits after the point as the longest one needs.
    fn scientific_widths<F: FloatValue>(finite: &[F]) -> Self {
        let parts: Vec<FloatParts> = finite
            .iter()
            .map(|&value| scientific_parts(value))
            .collect();
        FloatFormat {
            scientific: true,
            pad_left: max_len(&parts, |part| part.integer.len()),
            pad_right: max_len(&parts, |part| part.fraction.len()),
            exponent_digits: max_len(&parts, |part| exponent_digits(part.exponent)),
        }
    }

    /// Returns the columns after the point: numpy's `pad_right`, which for
    /// scientific notation also counts the `e`, the sign and the exponent.
    fn right_width(&self) -> usize {
        if self.scientific {
            self.pad_right + 2 + self.exponent_digits
        } else {
            self.pad_right
        }
    }

    fn texts<F: FloatValue>(&self, values: &[F]) -> Vec<String> {
        values.iter().map(|&value| self.text(value)).collect()
    }

    /// Returns the padded text of one element.
    fn text<F: FloatValue>(&self, value: F) -> String {
        let wide = value.widen();
        if !wide.is_finite() {
            let width = self.pad_left + 1 + self.right_width();
            return format!("{:>width$}", non_finite_text(wide));
        }

        let pad_left = self.pad_left;
        if self.scientific {
            let parts = fixed_scientific_parts(value, self.pad_right);
            let exponent = exponent_text(parts.exponent, self.exponent_digits);
            format!("{:>pad_left$}.{}{exponent}", parts.integer, parts.fraction)
        } else {
            let parts = positional_parts(value);
            let pad_right = self.pad_right;
            format!(
                "{:>pad_left$}.{:<pad_right$}",
                parts.integer, parts.fraction
            )
        }
    }
}

/// Returns the largest `len` of `parts`, or 0 if there are none.
fn max_len(parts: &[FloatParts], len: impl Fn(&FloatParts) -> usize) -> usize {
    parts.iter().map(len).max().unwrap_or(0)
}

/// Returns whether numpy prints an array whose finite elements are `finite`
/// in scientific notation. Zeros do not count, and neither do NaN and
/// infinities, which the caller has removed.
fn uses_scientific<F: FloatValue>(finite: &[F]) -> bool {
    let mut non_zero = finite.iter().copied().filter(|value| value.widen() != 0.0);
    let Some(first) = non_zero.next() else {
        return false;
    };

    let magnitude = |value: F| value.widen().abs();
    let (mut max, mut min) = (first, first);
    for value in non_zero {
        if magnitude(value) > magnitude(max) {
            max = value;
        }
        if magnitude(value) < magnitude(min) {
            min = value;
        }
    }

    magnitude(max) >= F::EXPONENT_CUTOFF
        || magnitude(min) < F::MIN_POSITIONAL
        || F::ratio_above_thousand(max, min)
}

fn non_finite_text(value: f64) -> &'static str {
    if value.is_nan() {
        "nan"
    } else if value > 0.0 {
        "inf"
    } else {
        "-inf"
    }
}

/// Returns numpy's `str()` of a float scalar (`doubletype_str_either` and
/// `floattype_str_either` in `scalartypes.c.src`). Unlike array elements it
/// shows every shortest digit. Zero and magnitudes in
/// `[1e-4, SCALAR_EXPONENT_CUTOFF)` are positional with at least one digit
/// after the point (`1.0`), the rest scientific with no trailing point
/// (`1e-05`, `1.5e+16`).
fn scalar_float_text<F: FloatValue>(value: F) -> String {
    let wide = value.widen();
    if !wide.is_finite() {
        return String::from(non_finite_text(wide));
    }

    let shortest = Shortest::new(value);
    let magnitude = wide.abs();
    // numpy compares with the long double 1e-4L, so the exact value of the
    // scalar counts; `f32` 1e-4 is just below it and prints as `1e-04`.
    if magnitude == 0.0 || (1e-4..F::SCALAR_EXPONENT_CUTOFF).contains(&magnitude) {
        let (integer, fraction) = shortest.positional_parts();
        let fraction = if fraction.is_empty() {
            String::from("0")
        } else {
            fraction
        };
        return format!("{integer}.{fraction}");
    }

    let sign = if shortest.negative { "-" } else { "" };
    let (first, rest) = shortest.digits.split_at(1);
    let point = if rest.is_empty() { "" } else { "." };
    let exponent = exponent_text(shortest.exponent, 2);
    format!("{sign}{first}{point}{rest}{exponent}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Returns the text that `format_array` writes.
    fn render<T: FormatElement>(shape: &[usize], values: &[T]) -> String {
        let mut text = String::new();
        format_array(&mut text, shape, values).expect("writing to a String cannot fail");
        text
    }

    #[test]
    fn format_array_sigmoid_uses_eight_digits() {
        let values = [
            0.7310585786300049_f64,
            0.8807970779778823,
            0.9525741268224334,
        ];
        assert_eq!(render(&[3], &values), "[0.73105858 0.88079708 0.95257413]");
    }

    #[test]
    fn format_array_trims_zero_to_point() {
        let values = [
            0.0,
            0.6,
            0.8,
            0.13736056394868904,
            0.8241633836921342,
            0.5494422557947561,
        ];
        let expected = "[[0.         0.6        0.8       ]\n [0.13736056 0.82416338 0.54944226]]";
        assert_eq!(render(&[2, 3], &values), expected);
    }

    #[test]
    fn format_array_wraps_scientific_rows() {
        // The softmax of [[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]].
        let values = [
            0.9808976649146187_f64,
            0.0008944628906901777,
            0.017965767417378736,
            0.00012105238865619453,
            0.00012105238865619453,
            0.87867985588699,
            0.11891638717077183,
            0.0008012523140793875,
            0.0008012523140793875,
            0.0008012523140793875,
        ];
        let expected = "[[9.80897665e-01 8.94462891e-04 1.79657674e-02 1.21052389e-04\n  1.21052389e-04]\n [8.78679856e-01 1.18916387e-01 8.01252314e-04 8.01252314e-04\n  8.01252314e-04]]";
        assert_eq!(render(&[2, 5], &values), expected);
    }

    #[test]
    fn format_array_aligns_integer_columns() {
        let values: Vec<i32> = (1..=3)
            .flat_map(|row| (1..=4).map(move |column| row * column * 5))
            .collect();
        let expected = "[[ 5 10 15 20]\n [10 20 30 40]\n [15 30 45 60]]";
        assert_eq!(render(&[3, 4], &values), expected);
    }

    #[test]
    fn format_array_separates_matrices_with_blank_line() {
        let values: Vec<i64> = (0..8).collect();
        assert_eq!(
            render(&[2, 2, 2], &values),
            "[[[0 1]\n  [2 3]]\n\n [[4 5]\n  [6 7]]]"
        );
    }

    #[test]
    fn format_array_pads_non_finite_floats() {
        assert_eq!(
            render(&[3], &[f64::NAN, f64::NEG_INFINITY, 1e-10]),
            "[   nan   -inf 1.e-10]"
        );
        assert_eq!(render(&[2], &[-0.0_f64, 0.0]), "[-0.  0.]");
    }

    #[test]
    fn format_array_pads_true_to_false_width() {
        assert_eq!(render(&[2], &[true, true]), "[ True  True]");
        assert_eq!(render(&[2], &[true, false]), "[ True False]");
    }

    #[test]
    fn format_array_prints_empty_as_brackets() {
        assert_eq!(render::<f64>(&[0], &[]), "[]");
        assert_eq!(render::<i32>(&[2, 0, 3], &[]), "[]");
    }

    #[test]
    fn format_array_prints_scalar_as_numpy_scalar() {
        assert_eq!(render(&[], &[1.5_f64]), "1.5");
        assert_eq!(render(&[], &[1.0_f64]), "1.0");
        assert_eq!(render(&[], &[1e-5_f64]), "1e-05");
        assert_eq!(render(&[], &[1e16_f64]), "1e+16");
        assert_eq!(render(&[], &[1e7_f32]), "1e+07");
        assert_eq!(render(&[], &[f64::NAN]), "nan");
        assert_eq!(render(&[], &[true]), "True");
    }

    #[test]
    fn format_array_summarises_long_arrays() {
        let values: Vec<i64> = (0..1001).collect();
        assert_eq!(
            render(&[1001], &values),
            "[   0    1    2 ...  998  999 1000]"
        );
    }

    #[test]
    fn format_array_wraps_long_positional_rows() {
        let values: Vec<f64> = (0..30).map(|index| index as f64 * 1.5).collect();
        let expected = "[ 0.   1.5  3.   4.5  6.   7.5  9.  10.5 12.  13.5 15.  16.5 18.  19.5\n 21.  22.5 24.  25.5 27.  28.5 30.  31.5 33.  34.5 36.  37.5 39.  40.5\n 42.  43.5]";
        assert_eq!(render(&[30], &values), expected);
    }

    #[test]
    fn format_array_widens_exponent_to_three_digits() {
        let values = [1e100_f64, 1e-100, 1.0];
        assert_eq!(render(&[3], &values), "[1.e+100 1.e-100 1.e+000]");
    }

    #[test]
    fn format_array_rounds_shortest_tie_to_even() {
        // 57327.8125 is exactly halfway between 57327.812 and 57327.813,
        // which both round-trip in f32; Dragon4 takes the even digit.
        assert_eq!(render(&[1], &[57327.0_f32 + 0.8125]), "[57327.812]");
    }

    #[test]
    fn format_array_pads_f32_with_exact_digits() {
        // With 8 digits after the point, f32 0.1 shows its exact binary value.
        let values = [0.1_f32, 1.190_973_86e-7];
        assert_eq!(render(&[2], &values), "[1.00000001e-01 1.19097386e-07]");
    }

    #[test]
    fn format_array_uses_f32_shortest_digits() {
        assert_eq!(render(&[3], &[0.1_f32, 0.2, 0.3]), "[0.1 0.2 0.3]");
        assert_eq!(render(&[2], &[1e6_f32, 1.0]), "[1.e+06 1.e+00]");
    }

    /// One array of the golden file with numpy's text for it.
    struct GoldenCase<'a> {
        numpy_version: &'a str,
        dtype: &'a str,
        shape: Vec<usize>,
        bit_patterns: Vec<u64>,
        expected: &'a str,
    }

    /// A cursor over the text of the golden file.
    struct GoldenReader<'a> {
        rest: &'a str,
    }

    impl<'a> GoldenReader<'a> {
        fn line(&mut self) -> &'a str {
            let (line, tail) = self
                .rest
                .split_once('\n')
                .expect("golden file ends with a newline");
            self.rest = tail;
            line
        }

        /// Returns the text block of `length` bytes and skips the newline after it.
        fn block(&mut self, length: usize) -> &'a str {
            let (block, tail) = self.rest.split_at(length);
            self.rest = tail
                .strip_prefix('\n')
                .expect("text block ends with a newline");
            block
        }

        /// Returns the value after `key ` on the next line.
        fn field(&mut self, key: &str) -> &'a str {
            let line = self.line();
            let value = line
                .strip_prefix(key)
                .and_then(|rest| rest.strip_prefix(' '));
            value.unwrap_or_else(|| panic!("expected a `{key}` line, found {line:?}"))
        }
    }

    /// Parses the file that `tests/data/numpy_str.py` writes. The script's
    /// docstring describes the format.
    fn parse_golden(text: &str) -> Vec<GoldenCase<'_>> {
        let mut reader = GoldenReader { rest: text };
        assert_eq!(
            reader.field("numpy_str"),
            "1",
            "unknown golden file version"
        );
        let numpy_version = reader.field("numpy");
        let count: usize = reader
            .field("cases")
            .parse()
            .expect("case count is an integer");

        let mut cases = Vec::new();
        for _ in 0..count {
            let header: Vec<&str> = reader.field("case").split(' ').collect();
            let shape: Vec<usize> = header[2..]
                .iter()
                .map(|dim| dim.parse().expect("dimension is an integer"))
                .collect();
            assert_eq!(header[1], format!("{}", shape.len()), "ndim of {header:?}");

            // An empty array has a bare `values` line without the space.
            let values_line = reader.line();
            let hex_values = values_line.strip_prefix("values").expect("`values` line");
            let bit_patterns = hex_values
                .split_whitespace()
                .map(|hex| u64::from_str_radix(hex, 16).expect("value is a hex bit pattern"))
                .collect();

            let length: usize = reader
                .field("str")
                .parse()
                .expect("text length is an integer");
            cases.push(GoldenCase {
                numpy_version,
                dtype: header[0],
                shape,
                bit_patterns,
                expected: reader.block(length),
            });
        }
        cases
    }

    /// Returns the output of `format_array` for a golden case.
    fn render_golden(case: &GoldenCase) -> String {
        let bits = &case.bit_patterns;
        let shape = &case.shape;
        match case.dtype {
            "float64" => render(
                shape,
                &bits
                    .iter()
                    .map(|&bits| f64::from_bits(bits))
                    .collect::<Vec<_>>(),
            ),
            "float32" => render(
                shape,
                &bits
                    .iter()
                    .map(|&bits| f32::from_bits(bits as u32))
                    .collect::<Vec<_>>(),
            ),
            "int32" => render(
                shape,
                &bits
                    .iter()
                    .map(|&bits| bits as u32 as i32)
                    .collect::<Vec<_>>(),
            ),
            "int64" => render(
                shape,
                &bits.iter().map(|&bits| bits as i64).collect::<Vec<_>>(),
            ),
            "uint8" => render(
                shape,
                &bits.iter().map(|&bits| bits as u8).collect::<Vec<_>>(),
            ),
            "bool" => render(
                shape,
                &bits.iter().map(|&bits| bits != 0).collect::<Vec<_>>(),
            ),
            other => panic!("unknown dtype {other} in golden file"),
        }
    }

    #[test]
    fn format_array_matches_numpy_golden_file() {
        let cases = parse_golden(include_str!("../tests/data/numpy_str.txt"));
        assert!(
            cases.len() >= 300,
            "golden file has only {} cases",
            cases.len()
        );

        for (index, case) in cases.iter().enumerate() {
            let actual = render_golden(case);
            assert!(
                actual == case.expected,
                "golden case {index} ({} with shape {:?}) differs from numpy {}\n\
                 numpy:\n{}\nformat_array:\n{}",
                case.dtype,
                case.shape,
                case.numpy_version,
                case.expected,
                actual,
            );
        }
    }
}

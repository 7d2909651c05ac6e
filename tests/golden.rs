//! Golden tests: baretensor against results that numpy computed.
//!
//! `tests/data/golden/generate.py` wrote the corpus with numpy; each
//! manifest's header names the numpy version. A group is a `.bin` file of
//! concatenated `.npy` records and a `.manifest` with one case per line,
//! described in the script's docstring and in `tests/data/golden/README.md`.
//! Both files are compiled into this test, so it reads nothing at run time.
//!
//! Each group is one `#[test]`. It runs every case, then fails with the
//! number of failing cases and the first failure in full: the case id, its
//! manifest line (op and parameters), the element, numpy's value and
//! baretensor's.
//!
//! How results are compared:
//! - Integer results, elementwise `+ - * /` of floats, `max`, `min`,
//!   `image2vector`, `outer`, `multiply` and slicing must equal numpy's bit
//!   for bit, except that any NaN matches any NaN. IEEE 754 defines these
//!   results exactly.
//! - Sums, means, products, norms, `dot`, `matvec`, `l1`, `l2` and
//!   `normalize_rows` round differently from numpy's, because the two
//!   libraries add in other orders. They must agree within a bound derived
//!   from the rounding error of the operation, derived above `gamma`.
//! - Functions that call `exp` must agree within a bound derived from the
//!   accuracy of both exps, derived at `EXP_DIFFERENCE_IN_U`.
//! - Where a bound allows a difference, a NaN, an infinity and the sign of
//!   a zero result must still match numpy's, unless the manifest marks the
//!   sign as unordered.

use std::any::Any;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};

use baretensor::exercises::{loops, vectorized};
use baretensor::npy::{self, NpyElement};
use baretensor::{
    Element, Float, ShapeError, SliceArg, Storage, Tensor, TensorBase, TensorView,
    broadcast_shapes, s,
};

mod common;
use common::row_major_indices;

// ---------------------------------------------------------------------------
// The groups

/// A group's manifest and records, compiled into the test binary.
struct Group {
    name: &'static str,
    manifest: &'static str,
    bin: &'static [u8],
}

macro_rules! group {
    ($name:literal) => {
        Group {
            name: $name,
            manifest: include_str!(concat!("data/golden/", $name, ".manifest")),
            bin: include_bytes!(concat!("data/golden/", $name, ".bin")),
        }
    };
}

#[test]
fn broadcast_arithmetic_matches_numpy() {
    run_group(&group!("broadcast"), 2000);
}

#[test]
fn reductions_match_numpy() {
    run_group(&group!("reductions"), 3000);
}

#[test]
fn exercises_match_numpy() {
    run_group(&group!("exercises"), 600);
}

#[test]
fn slicing_matches_numpy() {
    run_group(&group!("slicing"), 300);
}

#[test]
fn special_values_match_numpy() {
    run_group(&group!("special"), 1000);
}

#[test]
fn integer_wrapping_matches_numpy() {
    run_group(&group!("integers"), 600);
}

/// The `s!` macro writes the same selections as the Python slice syntax of
/// the manifests, which the runtime builder parses and the corpus checks
/// against numpy.
#[test]
fn slice_macro_matches_manifest_syntax() {
    let cases: [(&str, Vec<SliceArg>); 8] = [
        ("1:3,::-1", s![1..3, ..;-1].to_vec()),
        ("-1,3:0:-2", s![-1, 3..0;-2].to_vec()),
        (":", s![..].to_vec()),
        ("2:,:-1", s![2.., ..-1].to_vec()),
        ("::2,-3", s![..;2, -3].to_vec()),
        ("5:0:-2", s![5..0;-2].to_vec()),
        ("-4:-1:3", s![-4..-1;3].to_vec()),
        ("", Vec::new()),
    ];
    for (text, expected) in cases {
        assert_eq!(
            parse_slice_entries(text).unwrap(),
            expected,
            "slice[{text}]"
        );
    }
}

/// Runs every case of `group` and asserts that all agree with numpy.
///
/// The header declares the number of cases, and the run checks it, so a
/// truncated manifest fails instead of passing with fewer cases.
/// `minimum_cases` guards against a regenerated corpus that lost a group.
fn run_group(group: &Group, minimum_cases: usize) {
    let numpy = header_value(group.manifest, "# numpy ")
        .unwrap_or_else(|| panic!("{}.manifest names no numpy version", group.name));
    let declared = declared_case_count(group);

    let mut cases = 0;
    let mut failures = Vec::new();
    for line in group.manifest.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        cases += 1;
        let outcome = match Case::parse(line, group.bin) {
            Ok(case) => catch_unwind(AssertUnwindSafe(|| check_case(&case)))
                .unwrap_or_else(|panic| Err(format!("panicked: {}", panic_message(&*panic)))),
            Err(message) => Err(message),
        };
        if let Err(message) = outcome {
            failures.push((line, message));
        }
    }

    assert_eq!(
        cases, declared,
        "{}.manifest declares {declared} cases but has {cases}",
        group.name
    );
    assert!(
        cases >= minimum_cases,
        "{}.manifest has {cases} cases, fewer than the {minimum_cases} expected",
        group.name
    );
    if let Some((line, message)) = failures.first() {
        let other_ids: Vec<&str> = failures
            .iter()
            .skip(1)
            .take(20)
            .filter_map(|(line, _)| line.split(' ').next())
            .collect();
        panic!(
            "group {}: {} of {cases} cases disagree with numpy {numpy}\n\
             first failure: {line}\n  {message}\n\
             other failing cases (up to 20): {other_ids:?}",
            group.name,
            failures.len(),
        );
    }
    println!(
        "group {}: {cases} cases agree with numpy {numpy}",
        group.name
    );
}

fn header_value<'a>(manifest: &'a str, prefix: &str) -> Option<&'a str> {
    manifest
        .lines()
        .take_while(|line| line.starts_with('#'))
        .find_map(|line| line.strip_prefix(prefix))
        .map(str::trim)
}

/// Reads N from the header line `# baretensor golden corpus, group NAME: N cases`.
fn declared_case_count(group: &Group) -> usize {
    let prefix = format!("# baretensor golden corpus, group {}: ", group.name);
    header_value(group.manifest, &prefix)
        .and_then(|rest| rest.strip_suffix(" cases"))
        .and_then(|count| count.parse().ok())
        .unwrap_or_else(|| panic!("{}.manifest has no line {prefix:?}N cases", group.name))
}

fn panic_message(panic: &(dyn Any + Send)) -> String {
    if let Some(message) = panic.downcast_ref::<&str>() {
        (*message).to_string()
    } else if let Some(message) = panic.downcast_ref::<String>() {
        message.clone()
    } else {
        "a panic without a message".to_string()
    }
}

// ---------------------------------------------------------------------------
// One case: `ID OP KEY=VALUE ...`

type Outcome = Result<(), String>;

struct Case<'a> {
    id: &'a str,
    op: &'a str,
    params: Vec<(&'a str, &'a str)>,
    bin: &'a [u8],
}

impl<'a> Case<'a> {
    fn parse(line: &'a str, bin: &'a [u8]) -> Result<Self, String> {
        let mut fields = line.split(' ');
        let (Some(id), Some(op)) = (fields.next(), fields.next()) else {
            return Err("a case line needs an id and an op".to_string());
        };
        let params = fields
            .map(|field| {
                field
                    .split_once('=')
                    .ok_or_else(|| format!("field {field:?} is not KEY=VALUE"))
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            id,
            op,
            params,
            bin,
        })
    }

    fn get(&self, key: &str) -> Option<&'a str> {
        self.params
            .iter()
            .find(|(name, _)| *name == key)
            .map(|&(_, value)| value)
    }

    fn param(&self, key: &str) -> Result<&'a str, String> {
        self.get(key)
            .ok_or_else(|| format!("case {} has no parameter {key}", self.id))
    }

    /// Returns the bytes of the record that `key` names as `@OFFSET+LENGTH`.
    fn record(&self, key: &str) -> Result<&'a [u8], String> {
        let value = self.param(key)?;
        let (offset, length) = value
            .strip_prefix('@')
            .and_then(|span| span.split_once('+'))
            .ok_or_else(|| format!("{key}={value} is not a record reference @OFFSET+LENGTH"))?;
        let offset: usize = parse_number(offset)?;
        let length: usize = parse_number(length)?;
        offset
            .checked_add(length)
            .and_then(|end| self.bin.get(offset..end))
            .ok_or_else(|| format!("{key}={value} reaches past the end of the .bin file"))
    }

    /// Parses the record `key` with baretensor's npy reader.
    fn tensor<T: Golden>(&self, key: &str) -> Result<Tensor<T>, String> {
        npy::parse_npy::<T>(self.record(key)?)
            .map_err(|error| format!("npy::parse_npy failed on record {key}: {error}"))
    }

    /// Returns the logical view of input `name`: the view steps of
    /// `view_NAME` applied to `tensor`, or all of it.
    fn view<'t, T: Element>(
        &self,
        tensor: &'t Tensor<T>,
        name: &str,
    ) -> Result<TensorView<'t, T>, String> {
        let steps = match self.get(&format!("view_{name}")) {
            Some(text) => parse_view(text)?,
            None => Vec::new(),
        };
        apply_view(tensor, &steps)
            .map_err(|error| format!("view_{name}: baretensor returned an error: {error}"))
    }

    fn flag(&self, key: &str) -> Result<bool, String> {
        match self.param(key)? {
            "True" => Ok(true),
            "False" => Ok(false),
            other => Err(format!("{key}={other} is neither True nor False")),
        }
    }

    fn zero_sign(&self) -> ZeroSign {
        match self.get("signed_zero") {
            Some("unordered") => ZeroSign::Unordered,
            _ => ZeroSign::Checked,
        }
    }
}

fn parse_number<N: std::str::FromStr>(text: &str) -> Result<N, String> {
    text.parse()
        .map_err(|_| format!("{text:?} is not a valid number"))
}

/// Parses a numpy tuple without spaces, such as `()`, `(3,)` or `(2,-1)`.
fn parse_tuple<N: std::str::FromStr>(text: &str) -> Result<Vec<N>, String> {
    let inner = text
        .strip_prefix('(')
        .and_then(|rest| rest.strip_suffix(')'))
        .ok_or_else(|| format!("{text:?} is not a tuple"))?;
    inner
        .split(',')
        .filter(|part| !part.is_empty())
        .map(parse_number)
        .collect()
}

// ---------------------------------------------------------------------------
// Views: the steps that turn a contiguous record into the logical input

/// One step of a `view_NAME` parameter.
#[derive(Debug)]
enum ViewStep {
    /// `T`: all axes reversed, numpy's `x.T`.
    Transpose,
    /// `permute(2,0,1)`: numpy's `x.transpose((2, 0, 1))`.
    Permute(Vec<usize>),
    /// `flip(1)`: axis 1 reversed, numpy's `np.flip(x, 1)`.
    Flip(usize),
    /// `slice[1:3,::-1,2]`: numpy's basic indexing `x[1:3, ::-1, 2]`.
    Slice(Vec<SliceArg>),
    /// `broadcast(3,4)`: numpy's `np.broadcast_to(x, (3, 4))`.
    Broadcast(Vec<usize>),
}

fn parse_view(text: &str) -> Result<Vec<ViewStep>, String> {
    text.split('|').map(parse_view_step).collect()
}

fn parse_view_step(step: &str) -> Result<ViewStep, String> {
    if step == "T" {
        return Ok(ViewStep::Transpose);
    }
    if let Some(entries) = step
        .strip_prefix("slice[")
        .and_then(|rest| rest.strip_suffix(']'))
    {
        return Ok(ViewStep::Slice(parse_slice_entries(entries)?));
    }
    let (name, arguments) = step
        .split_once('(')
        .ok_or_else(|| format!("unknown view step {step:?}"))?;
    let arguments = format!("({arguments}");
    match name {
        "permute" => Ok(ViewStep::Permute(parse_tuple(&arguments)?)),
        "broadcast" => Ok(ViewStep::Broadcast(parse_tuple(&arguments)?)),
        "flip" => match parse_tuple(&arguments)?[..] {
            [axis] => Ok(ViewStep::Flip(axis)),
            _ => Err(format!("flip takes one axis: {step:?}")),
        },
        _ => Err(format!("unknown view step {step:?}")),
    }
}

/// Parses `1:3,::-1,2` into baretensor's runtime slice arguments, with
/// Python's meaning: a missing bound is `None`, a missing step is 1.
fn parse_slice_entries(text: &str) -> Result<Vec<SliceArg>, String> {
    if text.is_empty() {
        return Ok(Vec::new());
    }
    text.split(',')
        .map(|entry| {
            if !entry.contains(':') {
                return Ok(SliceArg::index(parse_number(entry)?));
            }
            let parts: Vec<&str> = entry.split(':').collect();
            let bound = |part: &str| -> Result<Option<isize>, String> {
                if part.is_empty() {
                    Ok(None)
                } else {
                    parse_number(part).map(Some)
                }
            };
            let (start, stop, step) = match parts[..] {
                [start, stop] => (bound(start)?, bound(stop)?, None),
                [start, stop, step] => (bound(start)?, bound(stop)?, bound(step)?),
                _ => return Err(format!("slice entry {entry:?} has too many colons")),
            };
            Ok(SliceArg::range(start, stop, step.unwrap_or(1)))
        })
        .collect()
}

/// Applies the view steps to `base`. Every step's result is rebuilt over
/// `base`'s buffer with `from_parts`, so the final view borrows `base`
/// rather than the intermediate views.
fn apply_view<'a, T: Element>(
    base: &'a Tensor<T>,
    steps: &[ViewStep],
) -> Result<TensorView<'a, T>, ShapeError> {
    let buffer = base.buffer();
    let mut view = base.view();
    for step in steps {
        let next = match step {
            ViewStep::Transpose => view.t(),
            ViewStep::Permute(axes) => view.permute(axes)?,
            ViewStep::Flip(axis) => flipped(buffer, &view, *axis)?,
            ViewStep::Slice(args) => view.slice(args)?,
            ViewStep::Broadcast(shape) => view.broadcast_to(shape)?,
        };
        let (shape, strides, offset) = (
            next.shape().to_vec(),
            next.strides().to_vec(),
            next.offset(),
        );
        view = TensorView::from_parts(buffer, &shape, &strides, offset)?;
    }
    Ok(view)
}

/// Reverses one axis by negating its stride and starting at its last
/// element, as numpy's `np.flip` does. An empty axis stays as it is.
fn flipped<'a, T: Element>(
    buffer: &'a [T],
    view: &TensorView<'_, T>,
    axis: usize,
) -> Result<TensorView<'a, T>, ShapeError> {
    let mut strides = view.strides().to_vec();
    let mut offset = view.offset() as isize;
    let length = view.shape()[axis];
    if length > 0 {
        offset += (length as isize - 1) * strides[axis];
        strides[axis] = -strides[axis];
    }
    TensorView::from_parts(buffer, view.shape(), &strides, offset as usize)
}

// ---------------------------------------------------------------------------
// Element types and comparison

/// An element value widened without loss: every `i32`, `i64` and `u8` fits
/// in `i128`, and every `f32` in `f64`.
#[derive(Clone, Copy, Debug)]
enum Value {
    Int(i128),
    Float(f64),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Int(value) => write!(f, "{value}"),
            // Debug prints the shortest text that reads back as the same
            // f64, and shows -0.0, NaN and inf.
            Self::Float(value) => write!(f, "{value:?}"),
        }
    }
}

/// An element type of the corpus.
trait Golden: NpyElement {
    /// The unit roundoff u = EPSILON / 2, the largest relative error of
    /// one rounding to nearest in the normal range. 0 for integers, which
    /// makes every bound 0: integer results must be exact.
    const UNIT_ROUNDOFF: f64;
    /// The smallest positive subnormal. One rounding below the normal range
    /// errs by at most half of it. 0 for integers.
    const SMALLEST_SUBNORMAL: f64;

    fn value(self) -> Value;
}

impl Golden for f64 {
    const UNIT_ROUNDOFF: f64 = f64::EPSILON / 2.0;
    const SMALLEST_SUBNORMAL: f64 = f64::from_bits(1);
    fn value(self) -> Value {
        Value::Float(self)
    }
}

impl Golden for f32 {
    const UNIT_ROUNDOFF: f64 = f32::EPSILON as f64 / 2.0;
    const SMALLEST_SUBNORMAL: f64 = f32::from_bits(1) as f64;
    fn value(self) -> Value {
        Value::Float(f64::from(self))
    }
}

macro_rules! impl_golden_integer {
    ($($type:ty),*) => {$(
        impl Golden for $type {
            const UNIT_ROUNDOFF: f64 = 0.0;
            const SMALLEST_SUBNORMAL: f64 = 0.0;
            fn value(self) -> Value {
                Value::Int(i128::from(self))
            }
        }
    )*};
}

impl_golden_integer!(i32, i64, u8);

trait GoldenFloat: Golden + Float {}
impl GoldenFloat for f64 {}
impl GoldenFloat for f32 {}

/// Whether the sign of a zero result must match numpy's.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ZeroSign {
    Checked,
    /// numpy's max and min returned whichever of 0.0 and -0.0 they met
    /// first, so the sign depends on the order of the walk.
    Unordered,
}

/// Returns whether `got` matches numpy's `expected` within `bound`.
///
/// A bound of 0 requires the same value: the same bits, except that any
/// NaN matches any NaN. With any bound, NaN must meet NaN, an infinity the
/// same infinity, and a zero result a zero of the same sign (unless
/// `zero_sign` is unordered); otherwise |got - expected| <= bound.
fn element_matches(got: Value, expected: Value, bound: f64, zero_sign: ZeroSign) -> bool {
    match (got, expected) {
        (Value::Int(got), Value::Int(expected)) => got == expected,
        (Value::Float(got), Value::Float(expected)) => {
            if expected.is_nan() || got.is_nan() {
                return expected.is_nan() && got.is_nan();
            }
            if expected.is_infinite() || got.is_infinite() {
                return got == expected;
            }
            if got == 0.0 && expected == 0.0 {
                return zero_sign == ZeroSign::Unordered
                    || got.is_sign_negative() == expected.is_sign_negative();
            }
            (got - expected).abs() <= bound
        }
        _ => false,
    }
}

/// Compares `got` with numpy's `expected` element by element; `bound(k)`
/// is the allowed difference for the k-th element in row-major order.
fn compare<S, T>(
    label: &str,
    got: &TensorBase<S>,
    expected: &Tensor<T>,
    bound: impl Fn(usize) -> f64,
    zero_sign: ZeroSign,
) -> Outcome
where
    S: Storage<Elem = T>,
    T: Golden,
{
    if got.shape() != expected.shape() {
        return Err(format!(
            "{label}: shape {:?}, numpy's is {:?}",
            got.shape(),
            expected.shape()
        ));
    }
    for (position, (&got_element, &expected_element)) in got.iter().zip(expected.iter()).enumerate()
    {
        let allowed = bound(position);
        if !element_matches(
            got_element.value(),
            expected_element.value(),
            allowed,
            zero_sign,
        ) {
            let index = &row_major_indices(expected.shape())[position];
            let allowed = if allowed == 0.0 || !allowed.is_finite() {
                "none (bit for bit)".to_string()
            } else {
                format!("{allowed:e}")
            };
            return Err(format!(
                "{label}: element {index:?}: numpy {}, baretensor {}, allowed difference {allowed}",
                expected_element.value(),
                got_element.value(),
            ));
        }
    }
    Ok(())
}

fn exact(_: usize) -> f64 {
    0.0
}

fn unexpected_error(label: &str, error: ShapeError) -> String {
    format!("{label}: baretensor returned an error where numpy has a result: {error}")
}

// ---------------------------------------------------------------------------
// Tolerances
//
// One rounding to nearest multiplies a value by some (1 + d) with |d| <= u,
// the unit roundoff, and k such factors multiply to within
// gamma_k = k u / (1 - k u) of 1, the usual constant of rounding-error
// analysis. In a sum of n terms each term passes through at most n - 1
// additions, whatever the order, pairwise or one after another. So every
// summation order is within gamma_(n-1) * sum(|x|) of the exact sum, and a
// dot product of length n, with one more rounding per product, within
// gamma_n * sum(|x * y|). numpy and baretensor each satisfy such a bound,
// so they are within twice it of each other.
//
// The derivations below write out the terms of first order in u. Each
// bound is multiplied by SLACK to cover the terms of order u^2, which are
// below n u = 1.5e-5 of the first-order terms for the largest n in the
// corpus (256 f32 elements). Below the normal range a rounding errs by up
// to half the smallest subnormal instead of u relative, and
// `underflow_slack` adds that.

const SLACK: f64 = 1.01;

/// Returns gamma_n = n u / (1 - n u) for unit roundoff `u`.
fn gamma(n: usize, u: f64) -> f64 {
    let nu = n as f64 * u;
    assert!(nu < 0.5, "gamma_{n} is not small for u = {u:e}");
    nu / (1.0 - nu)
}

/// Returns an upper bound on the absolute error that `roundings` roundings
/// in the subnormal range add beyond the relative bounds.
fn underflow_slack<T: Golden>(roundings: usize) -> f64 {
    roundings as f64 * T::SMALLEST_SUBNORMAL
}

/// Returns the allowed difference between two sums of the same n terms
/// added in different orders, 2 gamma_n sum(|x|), or between two dot
/// products whose terms have the magnitudes `abs_sum` sums.
fn sum_bound<T: Golden>(n: usize, abs_sum: f64) -> f64 {
    2.0 * gamma(n, T::UNIT_ROUNDOFF) * abs_sum * SLACK + underflow_slack::<T>(2 * n)
}

/// Returns the allowed difference for a reduction over n elements whose
/// numpy result is `expected`. Integer results must be exact.
///
/// - mean: both sums within `sum_bound`, divided by n, plus one rounding
///   of the quotient on each side: 2 gamma_n sum(|x|) / n + 2u |mean|.
/// - prod: every product of n terms is within gamma_n relative of the
///   exact product whatever the order (no cancellation), so the two are
///   within 2 gamma_n |prod|.
/// - norm_l2: both libraries compute the same squares, and their sum of n
///   nonnegative terms is within gamma_n relative of the exact one. The
///   square root halves a relative error and rounds once more. So each
///   side is within gamma_n / 2 + u, and the two within (gamma_n + 2u) |norm|.
/// - max and min select an element without rounding: exact.
fn reduction_bound<T: Golden>(op: &str, n: usize, abs_sum: f64, expected: Value) -> f64 {
    let u = T::UNIT_ROUNDOFF;
    let Value::Float(expected) = expected else {
        return 0.0;
    };
    let magnitude = expected.abs();
    let first_order = match op {
        "sum" => return sum_bound::<T>(n, abs_sum),
        "mean" if n == 0 => return 0.0,
        "mean" => 2.0 * gamma(n, u) * abs_sum / n as f64 + 2.0 * u * magnitude,
        "prod" => 2.0 * gamma(n, u) * magnitude,
        "norm_l2" => (gamma(n, u) + 2.0 * u) * magnitude,
        _ => return 0.0,
    };
    first_order * SLACK + underflow_slack::<T>(2 * n + 2)
}

/// numpy's exp is within this many ULP of e^x: generate.py checks it on
/// every input whose exp it uses, against the exact value from Python's
/// decimal module at 40 digits.
const NUMPY_EXP_ULPS: f64 = 3.0;

/// baretensor's `exp_f64` and `exp_f32` are within 1 ULP of e^x, by the
/// error analysis and the mpmath comparison in `src/math/exp.rs`.
const BARETENSOR_EXP_ULPS: f64 = 1.0;

/// The largest relative difference between numpy's exp and baretensor's,
/// in units of u. A result y with an error of k ULP has a relative error
/// of at most 2ku, because one ULP of a normal y is at most 2u |y|.
/// So this is 2 (3 + 1) = 8.
const EXP_DIFFERENCE_IN_U: f64 = 2.0 * (NUMPY_EXP_ULPS + BARETENSOR_EXP_ULPS);

/// Returns the allowed difference for sigmoid `s = 1 / (1 + e)` with
/// `e = exp(-x)`, where numpy's result is `expected`.
///
/// A relative error d in e moves 1 + e by d e / (1 + e) <= d relative, and
/// the addition and the division round once each. So each side is within
/// d_side + 2u of the exact s, and the two within
/// (EXP_DIFFERENCE_IN_U + 4) u |s|.
fn sigmoid_bound<T: Golden>(expected: f64) -> f64 {
    let u = T::UNIT_ROUNDOFF;
    (EXP_DIFFERENCE_IN_U + 4.0) * u * expected.abs() * SLACK + underflow_slack::<T>(4)
}

/// Returns the allowed difference for the sigmoid derivative `s (1 - s)`
/// at an input whose exact sigmoid is about `s` and where numpy's result is
/// `expected`.
///
/// With each side's s off by D from the exact value, s'(1 - s') differs
/// from s(1 - s) by D (1 - 2s - D), so by about |D| |1 - 2s|, where |D| is
/// bounded as in `sigmoid_bound`. `1 - s'` is exact for s' >= 1/2
/// (Sterbenz) and rounds once otherwise, and the product rounds once: 2u
/// relative on each side. Near s = 1 the subtraction cancels, so the
/// error is large relative to the result in both libraries alike.
fn sigmoid_derivative_bound<T: Golden>(s: f64, expected: f64) -> f64 {
    let u = T::UNIT_ROUNDOFF;
    let from_sigmoid = (EXP_DIFFERENCE_IN_U + 4.0) * u * s * (1.0 - 2.0 * s).abs();
    (from_sigmoid + 4.0 * u * expected.abs()) * SLACK + underflow_slack::<T>(8)
}

/// Returns the allowed difference for softmax over rows of `n` elements.
///
/// The shifted inputs `x - max` are the same bits in both libraries,
/// because max is exact and the subtraction is IEEE. Each exp has a
/// relative error d, and the row sum of n positive terms carries d plus
/// gamma_(n-1). The division rounds once more. So each side is within
/// 2 d_side + gamma_n + u, and the two within
/// (2 EXP_DIFFERENCE_IN_U + 2) u + 2 gamma_n.
fn softmax_bound<T: Golden>(n: usize, expected: f64) -> f64 {
    let u = T::UNIT_ROUNDOFF;
    let relative = (2.0 * EXP_DIFFERENCE_IN_U + 2.0) * u + 2.0 * gamma(n, u);
    relative * expected.abs() * SLACK + underflow_slack::<T>(2 * n + 4)
}

/// Returns the allowed difference for `x / norm(row)` over rows of `n`
/// elements.
///
/// Each side's norm is within gamma_n / 2 + u of the exact norm, as in
/// `reduction_bound`, and the division rounds once more. This bound takes
/// gamma_n + 2u for each side, without the square root's halving, so the
/// two are within 2 gamma_n + 4u.
fn normalize_rows_bound<T: Golden>(n: usize, expected: f64) -> f64 {
    let u = T::UNIT_ROUNDOFF;
    (2.0 * gamma(n, u) + 4.0 * u) * expected.abs() * SLACK + underflow_slack::<T>(2 * n + 4)
}

// ---------------------------------------------------------------------------
// Dispatch by op and dtype

fn check_case(case: &Case) -> Outcome {
    let dtype = case.param("dtype")?;
    macro_rules! by_dtype {
        ($check:ident) => {
            match dtype {
                "float64" => $check::<f64>(case),
                "float32" => $check::<f32>(case),
                "int32" => $check::<i32>(case),
                "int64" => $check::<i64>(case),
                "uint8" => $check::<u8>(case),
                other => Err(format!("unknown dtype {other}")),
            }
        };
        ($float_check:ident, $integer_check:ident) => {
            match dtype {
                "float64" => $float_check::<f64>(case),
                "float32" => $float_check::<f32>(case),
                "int32" => $integer_check::<i32>(case),
                "int64" => $integer_check::<i64>(case),
                "uint8" => $integer_check::<u8>(case),
                other => Err(format!("unknown dtype {other}")),
            }
        };
    }
    match case.op {
        "add" | "sub" | "mul" | "div" => by_dtype!(check_binary),
        "sum" | "mean" | "max" | "min" | "prod" | "norm_l2" => {
            by_dtype!(check_float_reduction, check_reduction)
        }
        "sigmoid" | "sigmoid_derivative" | "normalize_rows" | "softmax" | "l1" | "l2" => {
            by_dtype!(check_float_exercise, check_exercise)
        }
        "image2vector" | "dot" | "outer" | "multiply" | "matvec" => by_dtype!(check_exercise),
        "slice" => by_dtype!(check_slice),
        other => Err(format!("unknown op {other}")),
    }
}

// ---------------------------------------------------------------------------
// Elementwise arithmetic with broadcasting

fn check_binary<T: Golden>(case: &Case) -> Outcome {
    if case.get("expect") == Some("Broadcast") {
        return check_broadcast_error::<T>(case);
    }
    let a = case.tensor::<T>("a")?;
    let b = case.tensor::<T>("b")?;
    let expected = case.tensor::<T>("out")?;

    let (label, result) = match case.op {
        "add" => ("try_add", a.try_add(&b)),
        "sub" => ("try_sub", a.try_sub(&b)),
        "mul" => ("try_mul", a.try_mul(&b)),
        _ => ("try_div", a.try_div(&b)),
    };
    let result = result.map_err(|error| unexpected_error(label, error))?;
    compare(label, &result, &expected, exact, ZeroSign::Checked)?;

    // The operators on views give the same result as the try_ methods.
    let (a, b) = (a.view(), b.view());
    let (label, result) = match case.op {
        "add" => ("operator +", &a + &b),
        "sub" => ("operator -", &a - &b),
        "mul" => ("operator *", &a * &b),
        _ => ("operator /", &a / &b),
    };
    compare(label, &result, &expected, exact, ZeroSign::Checked)
}

/// Asserts that the operation fails with `ShapeError::Broadcast` naming the
/// axis and lengths that numpy cannot broadcast.
fn check_broadcast_error<T: Golden>(case: &Case) -> Outcome {
    let shape_a: Vec<usize> = parse_tuple(case.param("shape_a")?)?;
    let shape_b: Vec<usize> = parse_tuple(case.param("shape_b")?)?;
    let axis: isize = parse_number(case.param("axis")?)?;
    let lengths: Vec<usize> = parse_tuple(case.param("lengths")?)?;
    let a = Tensor::<T>::zeros(&shape_a);
    let b = Tensor::<T>::zeros(&shape_b);

    let result = match case.op {
        "add" => a.try_add(&b),
        "sub" => a.try_sub(&b),
        "mul" => a.try_mul(&b),
        _ => a.try_div(&b),
    };
    let expected = ShapeError::Broadcast {
        shapes: vec![shape_a.clone(), shape_b.clone()],
        axis,
        lengths: [lengths[0], lengths[1]],
    };
    for (label, outcome) in [
        ("try_op", result.map(|tensor| tensor.shape().to_vec())),
        ("broadcast_shapes", broadcast_shapes(&[&shape_a, &shape_b])),
    ] {
        match outcome {
            Err(error) if error == expected => {}
            Err(error) => {
                return Err(format!(
                    "{label}: error {error:?}, expected {expected:?} (numpy raises ValueError)"
                ));
            }
            Ok(shape) => {
                return Err(format!(
                    "{label}: baretensor broadcast to {shape:?} where numpy raises ValueError"
                ));
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Reductions

/// How a reduction is called: over the whole tensor, along one axis, or
/// over a list of axes.
enum Call<'a> {
    Whole,
    Axis(isize),
    Axes(&'a [isize]),
}

impl Call<'_> {
    fn label(&self, op: &str) -> String {
        match self {
            Self::Whole => format!("{op}()"),
            Self::Axis(axis) => format!("{op}_axis({axis})"),
            Self::Axes(axes) => format!("{op}_axes({axes:?})"),
        }
    }
}

/// Calls sum, prod, max or min, which every element type has.
fn reduce_any<T: Golden>(
    x: &Tensor<T>,
    op: &str,
    call: &Call,
    keepdims: bool,
) -> Result<Tensor<T>, ShapeError> {
    match (op, call) {
        ("sum", Call::Whole) => Ok(Tensor::scalar(x.sum())),
        ("sum", Call::Axis(axis)) => x.sum_axis(*axis, keepdims),
        ("sum", Call::Axes(axes)) => x.sum_axes(axes, keepdims),
        ("prod", Call::Whole) => Ok(Tensor::scalar(x.prod())),
        ("prod", Call::Axis(axis)) => x.prod_axis(*axis, keepdims),
        ("prod", Call::Axes(axes)) => x.prod_axes(axes, keepdims),
        ("max", Call::Whole) => x.max().map(Tensor::scalar),
        ("max", Call::Axis(axis)) => x.max_axis(*axis, keepdims),
        ("max", Call::Axes(axes)) => x.max_axes(axes, keepdims),
        ("min", Call::Whole) => x.min().map(Tensor::scalar),
        ("min", Call::Axis(axis)) => x.min_axis(*axis, keepdims),
        ("min", Call::Axes(axes)) => x.min_axes(axes, keepdims),
        _ => panic!("{op} is not a reduction of every element type"),
    }
}

/// Calls any reduction, mean and norm_l2 included, on a float tensor.
fn reduce_float<T: GoldenFloat>(
    x: &Tensor<T>,
    op: &str,
    call: &Call,
    keepdims: bool,
) -> Result<Tensor<T>, ShapeError> {
    match (op, call) {
        ("mean", Call::Whole) => Ok(Tensor::scalar(x.mean())),
        ("mean", Call::Axis(axis)) => x.mean_axis(*axis, keepdims),
        ("mean", Call::Axes(axes)) => x.mean_axes(axes, keepdims),
        ("norm_l2", Call::Whole) => Ok(Tensor::scalar(x.norm_l2())),
        ("norm_l2", Call::Axis(axis)) => x.norm_l2_axis(*axis, keepdims),
        ("norm_l2", Call::Axes(axes)) => x.norm_l2_axes(axes, keepdims),
        _ => reduce_any(x, op, call, keepdims),
    }
}

fn check_float_reduction<T: GoldenFloat>(case: &Case) -> Outcome {
    run_reduction(case, reduce_float::<T>)
}

fn check_reduction<T: Golden>(case: &Case) -> Outcome {
    if matches!(case.op, "mean" | "norm_l2") {
        return Err(format!("{} of integers is not part of the corpus", case.op));
    }
    run_reduction(case, reduce_any::<T>)
}

type Reducer<T> = fn(&Tensor<T>, &str, &Call, bool) -> Result<Tensor<T>, ShapeError>;

fn run_reduction<T: Golden>(case: &Case, reduce: Reducer<T>) -> Outcome {
    let x = case.tensor::<T>("x")?;
    let keepdims = case.flag("keepdims")?;
    let axes_text = case.param("axes")?;
    let axes: Option<Vec<isize>> = match axes_text {
        "None" => None,
        text => Some(parse_tuple(text)?),
    };

    let mut calls = Vec::new();
    match &axes {
        None => calls.push(Call::Whole),
        Some(axes) => {
            if let [axis] = axes[..] {
                calls.push(Call::Axis(axis));
            }
            calls.push(Call::Axes(axes));
        }
    }

    // The reduced axes as a mask, and for each result element the number
    // of elements reduced into it and the sum of their magnitudes.
    let ndim = x.ndim();
    let mut mask = vec![axes.is_none(); ndim];
    for &axis in axes.iter().flatten() {
        let index = if axis < 0 { axis + ndim as isize } else { axis };
        mask[index as usize] = true;
    }
    let count: usize = x
        .shape()
        .iter()
        .zip(&mask)
        .filter(|&(_, &reduced)| reduced)
        .map(|(&length, _)| length)
        .product();
    let abs_sums = reduced_abs_sums(&x, &mask);

    for call in &calls {
        let label = format!("{} keepdims={keepdims}", call.label(case.op));
        let result = reduce(&x, case.op, call, keepdims);
        if case.get("expect") == Some("EmptyReduction") {
            match result {
                Err(ShapeError::EmptyReduction { .. }) => continue,
                Err(error) => {
                    return Err(format!(
                        "{label}: error {error:?}, expected EmptyReduction (numpy raises ValueError)"
                    ));
                }
                Ok(tensor) => {
                    return Err(format!(
                        "{label}: baretensor returned {:?} where numpy raises ValueError",
                        tensor.to_vec()
                    ));
                }
            }
        }
        let expected = case.tensor::<T>("out")?;
        let result = result.map_err(|error| unexpected_error(&label, error))?;
        let expected_values: Vec<Value> = expected.iter().map(|value| value.value()).collect();
        let bound = |position: usize| {
            reduction_bound::<T>(
                case.op,
                count,
                abs_sums[position],
                expected_values[position],
            )
        };
        compare(&label, &result, &expected, bound, case.zero_sign())?;
    }
    Ok(())
}

/// Returns, for each element of the reduction's result in row-major order,
/// the sum of |x| over the elements that reduce into it. The result's
/// order is the same with and without keepdims.
fn reduced_abs_sums<T: Golden>(x: &Tensor<T>, mask: &[bool]) -> Vec<f64> {
    let kept: Vec<usize> = x
        .shape()
        .iter()
        .zip(mask)
        .map(|(&length, &reduced)| if reduced { 1 } else { length })
        .collect();
    let mut sums = vec![0.0; kept.iter().product()];
    for (index, value) in row_major_indices(x.shape()).iter().zip(x.iter()) {
        let position = index
            .iter()
            .zip(&kept)
            .zip(mask)
            .fold(0, |position, ((&i, &length), &reduced)| {
                position * length + if reduced { 0 } else { i }
            });
        sums[position] += value.to_f64().abs();
    }
    sums
}

// ---------------------------------------------------------------------------
// The exercises

/// Compares both versions of an exercise, `loops` and `vectorized`.
fn compare_both<S1, S2, T>(
    op: &str,
    results: (TensorBase<S1>, TensorBase<S2>),
    expected: &Tensor<T>,
    bound: impl Fn(usize) -> f64,
) -> Outcome
where
    S1: Storage<Elem = T>,
    S2: Storage<Elem = T>,
    T: Golden,
{
    compare(
        &format!("loops::{op}"),
        &results.0,
        expected,
        &bound,
        ZeroSign::Checked,
    )?;
    compare(
        &format!("vectorized::{op}"),
        &results.1,
        expected,
        &bound,
        ZeroSign::Checked,
    )
}

fn both<U>(
    op: &str,
    results: (Result<U, ShapeError>, Result<U, ShapeError>),
) -> Result<(U, U), String> {
    let loops = results
        .0
        .map_err(|error| unexpected_error(&format!("loops::{op}"), error))?;
    let vectorized = results
        .1
        .map_err(|error| unexpected_error(&format!("vectorized::{op}"), error))?;
    Ok((loops, vectorized))
}

/// Checks the exercises that take any element type: image2vector, dot,
/// outer, multiply and matvec. Integer results must be exact because their
/// bound is 0.
fn check_exercise<T: Golden>(case: &Case) -> Outcome {
    let op = case.op;
    let expected = case.tensor::<T>("out")?;
    match op {
        "image2vector" => {
            let x = case.tensor::<T>("x")?;
            let x = case.view(&x, "x")?;
            let results = both(op, (loops::image2vector(&x), vectorized::image2vector(&x)))?;
            compare_both(op, results, &expected, exact)
        }
        "outer" | "multiply" => {
            let (x1, x2) = (case.tensor::<T>("x1")?, case.tensor::<T>("x2")?);
            let (x1, x2) = (case.view(&x1, "x1")?, case.view(&x2, "x2")?);
            if op == "outer" {
                let results = (loops::outer(&x1, &x2), vectorized::outer(&x1, &x2));
                compare_both(op, results, &expected, exact)
            } else {
                let results = both(
                    op,
                    (loops::multiply(&x1, &x2), vectorized::multiply(&x1, &x2)),
                )?;
                compare_both(op, results, &expected, exact)
            }
        }
        "dot" => {
            let (x1, x2) = (case.tensor::<T>("x1")?, case.tensor::<T>("x2")?);
            let (x1, x2) = (case.view(&x1, "x1")?, case.view(&x2, "x2")?);
            let (loops_result, vectorized_result) =
                both(op, (loops::dot(&x1, &x2), vectorized::dot(&x1, &x2)))?;
            let abs_products: f64 = x1
                .iter()
                .zip(x2.iter())
                .map(|(a, b)| (a.to_f64() * b.to_f64()).abs())
                .sum();
            let bound = sum_bound::<T>(x1.len(), abs_products);
            let results = (
                Tensor::scalar(loops_result),
                Tensor::scalar(vectorized_result),
            );
            compare_both(op, results, &expected, |_| bound)
        }
        "matvec" => {
            let (w, x) = (case.tensor::<T>("w")?, case.tensor::<T>("x")?);
            let (w, x) = (case.view(&w, "w")?, case.view(&x, "x")?);
            let results = both(op, (loops::matvec(&w, &x), vectorized::matvec(&w, &x)))?;
            let columns = x.len();
            let w_values = w.to_vec();
            let x_values = x.to_vec();
            let bound = |row: usize| {
                let abs_products: f64 = (0..columns)
                    .map(|j| (w_values[row * columns + j].to_f64() * x_values[j].to_f64()).abs())
                    .sum();
                sum_bound::<T>(columns, abs_products)
            };
            compare_both(op, results, &expected, bound)
        }
        _ => Err(format!("{op} needs a float dtype")),
    }
}

/// Checks the exercises defined for floats only, and the others through
/// `check_exercise`.
fn check_float_exercise<T: GoldenFloat>(case: &Case) -> Outcome {
    let op = case.op;
    let expected = case.tensor::<T>("out")?;
    let expected_values: Vec<f64> = expected.iter().map(|value| value.to_f64()).collect();
    match op {
        "sigmoid" | "sigmoid_derivative" | "normalize_rows" | "softmax" => {
            let x = case.tensor::<T>("x")?;
            let x = case.view(&x, "x")?;
            match op {
                "sigmoid" => {
                    let results = (loops::sigmoid(&x), vectorized::sigmoid(&x));
                    compare_both(op, results, &expected, |k| {
                        sigmoid_bound::<T>(expected_values[k])
                    })
                }
                "sigmoid_derivative" => {
                    // The exact sigmoid, to scale the bound; std's exp in
                    // f64 is far more accurate than the bound needs.
                    let sigmoids: Vec<f64> = x
                        .iter()
                        .map(|value| 1.0 / (1.0 + (-value.to_f64()).exp()))
                        .collect();
                    let results = (
                        loops::sigmoid_derivative(&x),
                        vectorized::sigmoid_derivative(&x),
                    );
                    compare_both(op, results, &expected, |k| {
                        sigmoid_derivative_bound::<T>(sigmoids[k], expected_values[k])
                    })
                }
                "normalize_rows" => {
                    let columns = x.shape().get(1).copied().unwrap_or(0);
                    let results = both(
                        op,
                        (loops::normalize_rows(&x), vectorized::normalize_rows(&x)),
                    )?;
                    compare_both(op, results, &expected, |k| {
                        normalize_rows_bound::<T>(columns, expected_values[k])
                    })
                }
                _ => {
                    let columns = x.shape().last().copied().unwrap_or(1);
                    let results = both(op, (loops::softmax(&x), vectorized::softmax(&x)))?;
                    compare_both(op, results, &expected, |k| {
                        softmax_bound::<T>(columns, expected_values[k])
                    })
                }
            }
        }
        "l1" | "l2" => {
            let (yhat, y) = (case.tensor::<T>("yhat")?, case.tensor::<T>("y")?);
            let (yhat, y) = (case.view(&yhat, "yhat")?, case.view(&y, "y")?);
            let results = if op == "l1" {
                both(op, (loops::l1(&yhat, &y), vectorized::l1(&yhat, &y)))?
            } else {
                both(op, (loops::l2(&yhat, &y), vectorized::l2(&yhat, &y)))?
            };
            // Both libraries compute the same terms, |y - yhat| or
            // (y - yhat)^2, bit for bit, and differ only in the order of
            // the sum. The terms are nonnegative, so sum(|terms|) is the
            // exact sum, within gamma_n of numpy's result.
            let n: usize = broadcast_shapes(&[yhat.shape(), y.shape()])
                .map_err(|error| unexpected_error("broadcast_shapes", error))?
                .iter()
                .product();
            let u = T::UNIT_ROUNDOFF;
            let abs_sum = expected_values[0].abs() / (1.0 - gamma(n, u));
            let bound = sum_bound::<T>(n, abs_sum);
            let results = (Tensor::scalar(results.0), Tensor::scalar(results.1));
            compare_both(op, results, &expected, |_| bound)
        }
        _ => check_exercise::<T>(case),
    }
}

// ---------------------------------------------------------------------------
// Slicing

fn check_slice<T: Golden>(case: &Case) -> Outcome {
    let x = case.tensor::<T>("x")?;
    let steps = parse_view(case.param("view_x")?)?;
    let view = apply_view(&x, &steps);
    if case.get("expect") == Some("IndexError") {
        return match view {
            Err(ShapeError::SliceIndexOutOfRange { .. }) => Ok(()),
            Err(error) => Err(format!(
                "error {error:?}, expected SliceIndexOutOfRange (numpy raises IndexError)"
            )),
            Ok(view) => Err(format!(
                "baretensor returned a view of shape {:?} where numpy raises IndexError",
                view.shape()
            )),
        };
    }
    let view = view.map_err(|error| unexpected_error("slice", error))?;
    let expected = case.tensor::<T>("out")?;
    compare("slice", &view, &expected, exact, ZeroSign::Checked)
}

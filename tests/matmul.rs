//! Integration tests of `matmul` against a plain triple loop and an f64
//! reference, on operands laid out as views leave them.
//!
//! The sizes cross the edges of the tiles and blocks of a blocked
//! product. Its tiles have about 12 rows by 32 columns. Its blocks take
//! 256 or 384 along the depth, 384 or 512 columns, and 480 rows.
//!
//! # Error bound
//!
//! Each element of the product is a dot product of length k. Any
//! evaluation of it in floating point, in any order of summation and with
//! or without fused multiply-adds, puts each product `a[i, p] * b[p, j]`
//! through at most k roundings. Each rounding multiplies by some `1 + d`
//! with `|d| <= u`, the unit roundoff (2^-24 for f32, 2^-53 for f64), and
//! a product of k such factors lies within `1 +- gamma_k`, where
//! `gamma_k = k u / (1 - k u)`. So, without underflow or overflow, each
//! element keeps the classic bound of a dot product, as stated in Muller
//! et al., "Handbook of Floating-Point Arithmetic" (2010), chapter 6:
//!
//! ```text
//! |computed - exact| <= gamma_k * S,   S = sum over p of |a[i, p] * b[p, j]|
//! ```
//!
//! This holds for `matmul` and for the loop alike, so the two differ by at
//! most `2 * gamma_k * S`. The values drawn here are multiples of 2^-23
//! (f32) or 2^-52 (f64) in [-1, 1], so no product of two nonzero values
//! comes near the subnormal range.

use std::fmt;

use baretensor::{Element, Float, ShapeError, SliceArg, Tensor, TensorView, tensor};
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// Values.

/// The unit roundoff of f64.
const U64: f64 = f64::EPSILON / 2.0;

/// Returns `gamma_k = k u / (1 - k u)` for the unit roundoff `u`.
fn gamma(k: usize, u: f64) -> f64 {
    let ku = k as f64 * u;
    assert!(ku < 1.0, "gamma_{k} needs k u < 1");
    ku / (1.0 - ku)
}

/// A splitmix64 generator, so that a seed gives the same values on every
/// run and every machine.
struct Random(u64);

impl Random {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Returns an integer in `-8..=8`.
    fn small_integer(&mut self) -> i8 {
        (self.next_u64() % 17) as i8 - 8
    }
}

/// An element type under test.
trait Sample: Element {
    /// The value of every buffer position that no view reads. A product
    /// that reads one anyway comes out NaN for floats, and almost surely
    /// wrong for integers.
    const FILLER: Self;

    /// Draws a value: for floats a multiple of 2^-23 (f32) or 2^-52 (f64)
    /// in [-1, 1], for integers any value of the type.
    fn draw(random: &mut Random) -> Self;

    /// Converts an integer in `-8..=8`: exactly for floats and signed
    /// integers, wrapping around for u8.
    fn from_small(value: i8) -> Self;
}

impl Sample for f32 {
    const FILLER: Self = f32::NAN;

    fn draw(random: &mut Random) -> Self {
        // 24 random bits centred on 0 give an integer that f32 represents
        // exactly.
        let integer = (random.next_u64() >> 40) as i32 - (1 << 23);
        integer as f32 / (1u32 << 23) as f32
    }

    fn from_small(value: i8) -> Self {
        f32::from(value)
    }
}

impl Sample for f64 {
    const FILLER: Self = f64::NAN;

    fn draw(random: &mut Random) -> Self {
        // 53 random bits centred on 0 give an integer that f64 represents
        // exactly.
        let integer = (random.next_u64() >> 11) as i64 - (1 << 52);
        integer as f64 / (1u64 << 52) as f64
    }

    fn from_small(value: i8) -> Self {
        f64::from(value)
    }
}

impl Sample for i32 {
    const FILLER: Self = 0xDEAD_BEEFu32 as i32;

    fn draw(random: &mut Random) -> Self {
        random.next_u64() as i32
    }

    fn from_small(value: i8) -> Self {
        i32::from(value)
    }
}

impl Sample for i64 {
    const FILLER: Self = 0xDEAD_BEEF_DEAD_BEEFu64 as i64;

    fn draw(random: &mut Random) -> Self {
        random.next_u64() as i64
    }

    fn from_small(value: i8) -> Self {
        i64::from(value)
    }
}

impl Sample for u8 {
    const FILLER: Self = 0xA5;

    fn draw(random: &mut Random) -> Self {
        random.next_u64() as u8
    }

    fn from_small(value: i8) -> Self {
        value as u8
    }
}

// ---------------------------------------------------------------------------
// Operands in strided layouts.

/// Which axis of an operand repeats one stored row or column through a
/// stride of 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Broadcast {
    None,
    /// One stored row, broadcast to every row.
    Rows,
    /// One stored column, broadcast to every column.
    Columns,
}

/// How an operand is stored and viewed.
///
/// The values are stored in a larger buffer, transposed when `transposed`
/// is set, at every `row_step`-th row and `column_step`-th column after
/// `offset` unused rows and columns. A negative step stores that axis in
/// reverse. A view made with `slice`, then `t()` when transposed, then
/// `broadcast_to`, shows the logical values again without a copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Layout {
    transposed: bool,
    /// The step between stored rows, before the transpose.
    row_step: isize,
    /// The step between stored columns, before the transpose.
    column_step: isize,
    offset: usize,
    broadcast: Broadcast,
}

/// Prints the layout in assertion messages, such as `transposed, row
/// step -3, offset 1`, or `contiguous`.
impl fmt::Display for Layout {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if self.transposed {
            parts.push("transposed".to_string());
        }
        if self.row_step != 1 {
            parts.push(format!("row step {}", self.row_step));
        }
        if self.column_step != 1 {
            parts.push(format!("column step {}", self.column_step));
        }
        if self.offset != 0 {
            parts.push(format!("offset {}", self.offset));
        }
        match self.broadcast {
            Broadcast::None => {}
            Broadcast::Rows => parts.push("broadcast rows".to_string()),
            Broadcast::Columns => parts.push("broadcast columns".to_string()),
        }
        if parts.is_empty() {
            out.write_str("contiguous")
        } else {
            out.write_str(&parts.join(", "))
        }
    }
}

const CONTIGUOUS: Layout = Layout {
    transposed: false,
    row_step: 1,
    column_step: 1,
    offset: 0,
    broadcast: Broadcast::None,
};

/// Every layout on its own, then a few combinations.
const LAYOUTS: [Layout; 12] = [
    CONTIGUOUS,
    Layout {
        transposed: true,
        ..CONTIGUOUS
    },
    Layout {
        row_step: 2,
        ..CONTIGUOUS
    },
    Layout {
        column_step: 3,
        ..CONTIGUOUS
    },
    Layout {
        row_step: -1,
        ..CONTIGUOUS
    },
    Layout {
        column_step: -2,
        ..CONTIGUOUS
    },
    Layout {
        offset: 3,
        ..CONTIGUOUS
    },
    Layout {
        broadcast: Broadcast::Rows,
        ..CONTIGUOUS
    },
    Layout {
        broadcast: Broadcast::Columns,
        ..CONTIGUOUS
    },
    Layout {
        transposed: true,
        row_step: -3,
        column_step: 2,
        offset: 1,
        broadcast: Broadcast::None,
    },
    Layout {
        transposed: true,
        row_step: -1,
        column_step: 2,
        offset: 2,
        broadcast: Broadcast::Rows,
    },
    Layout {
        transposed: false,
        row_step: 3,
        column_step: -1,
        offset: 1,
        broadcast: Broadcast::Columns,
    },
];

/// A matrix operand: a buffer, a view of it, and the logical values that
/// the view shows, in row-major order.
struct Operand<T> {
    rows: usize,
    columns: usize,
    layout: Layout,
    values: Vec<T>,
    storage: Tensor<T>,
    strides: Vec<isize>,
    offset: usize,
}

impl<T: Sample> Operand<T> {
    /// Stores a `(rows, columns)` matrix in `layout`, drawing its values
    /// with `draw`. A broadcast operand draws one row or column only.
    fn new(rows: usize, columns: usize, layout: Layout, mut draw: impl FnMut() -> T) -> Self {
        let (source_rows, source_columns) = match layout.broadcast {
            Broadcast::None => (rows, columns),
            Broadcast::Rows => (1, columns),
            Broadcast::Columns => (rows, 1),
        };
        let source: Vec<T> = (0..source_rows * source_columns).map(|_| draw()).collect();
        let values = (0..rows * columns)
            .map(|position| {
                let (mut i, mut j) = (position / columns, position % columns);
                match layout.broadcast {
                    Broadcast::None => {}
                    Broadcast::Rows => i = 0,
                    Broadcast::Columns => j = 0,
                }
                source[i * source_columns + j]
            })
            .collect();

        // The stored matrix, (stored_rows, stored_columns), is the source
        // or its transpose. Stored element [i, j] sits at buffer row
        // stored_position(i) and column stored_position(j).
        let (stored_rows, stored_columns) = if layout.transposed {
            (source_columns, source_rows)
        } else {
            (source_rows, source_columns)
        };
        let stored_position = |index: usize, len: usize, step: isize| {
            let from_start = if step > 0 { index } else { len - 1 - index };
            layout.offset + from_start * step.unsigned_abs()
        };
        let buffer_rows = layout.offset + stored_rows * layout.row_step.unsigned_abs();
        let buffer_columns = layout.offset + stored_columns * layout.column_step.unsigned_abs();
        let mut buffer = vec![T::FILLER; buffer_rows * buffer_columns];
        for i in 0..stored_rows {
            for j in 0..stored_columns {
                let value = if layout.transposed {
                    source[j * source_columns + i]
                } else {
                    source[i * source_columns + j]
                };
                let row = stored_position(i, stored_rows, layout.row_step);
                let column = stored_position(j, stored_columns, layout.column_step);
                buffer[row * buffer_columns + column] = value;
            }
        }
        let storage = Tensor::from_vec(buffer, &[buffer_rows, buffer_columns])
            .expect("the buffer fills its shape");

        let selection = [
            axis_selection(stored_rows, layout.row_step, layout.offset),
            axis_selection(stored_columns, layout.column_step, layout.offset),
        ];
        let sliced = storage
            .slice(&selection)
            .expect("the slice lies inside the buffer");
        let oriented = if layout.transposed {
            sliced.t()
        } else {
            sliced.view()
        };
        let view = oriented
            .broadcast_to(&[rows, columns])
            .expect("one row or column broadcasts");
        let (strides, offset) = (view.strides().to_vec(), view.offset());

        let operand = Self {
            rows,
            columns,
            layout,
            values,
            storage,
            strides,
            offset,
        };
        assert!(
            operand.view().to_vec() == operand.values,
            "the view of ({rows}, {columns}), {layout}, shows the stored values"
        );
        operand
    }

    /// Returns the operand's view of its buffer.
    fn view(&self) -> TensorView<'_, T> {
        TensorView::from_parts(
            self.storage.buffer(),
            &[self.rows, self.columns],
            &self.strides,
            self.offset,
        )
        .expect("the layout was made by views of the buffer")
    }
}

/// Returns the slice entry that selects `len` positions `step` apart,
/// starting after `offset` unused positions. A negative step selects them
/// from the last to the first.
fn axis_selection(len: usize, step: isize, offset: usize) -> SliceArg {
    let start = offset as isize;
    if step > 0 || len == 0 {
        return SliceArg::range(Some(start), Some(start + len as isize * step.abs()), step);
    }
    let last = start + (len as isize - 1) * -step;
    // A stop of -1 would count from the end, so a walk down to position 0
    // has no stop.
    let stop = if offset == 0 { None } else { Some(start - 1) };
    SliceArg::range(Some(last), stop, step)
}

/// Draws both operands of an `(m, k) x (k, n)` product from `seed`.
fn operands<T: Sample>(
    [m, k, n]: [usize; 3],
    [lhs_layout, rhs_layout]: [Layout; 2],
    seed: u64,
) -> (Operand<T>, Operand<T>) {
    let mut random = Random(seed);
    let lhs = Operand::new(m, k, lhs_layout, || T::draw(&mut random));
    let rhs = Operand::new(k, n, rhs_layout, || T::draw(&mut random));
    (lhs, rhs)
}

/// Draws both operands with integer values in `-8..=8`.
fn small_integer_operands<T: Sample>(
    [m, k, n]: [usize; 3],
    [lhs_layout, rhs_layout]: [Layout; 2],
    seed: u64,
) -> (Operand<T>, Operand<T>) {
    let mut random = Random(seed);
    let lhs = Operand::new(m, k, lhs_layout, || T::from_small(random.small_integer()));
    let rhs = Operand::new(k, n, rhs_layout, || T::from_small(random.small_integer()));
    (lhs, rhs)
}

// ---------------------------------------------------------------------------
// References and checks.

/// Returns the product by the triple loop, in `T`, summing over p in
/// order. Integers wrap around, as `Element::elem_add` does.
fn loop_product<T: Element>(lhs: &[T], rhs: &[T], [m, k, n]: [usize; 3]) -> Vec<T> {
    let mut product = vec![T::ZERO; m * n];
    for i in 0..m {
        for j in 0..n {
            let mut total = T::ZERO;
            for p in 0..k {
                total = total.elem_add(lhs[i * k + p].elem_mul(rhs[p * n + j]));
            }
            product[i * n + j] = total;
        }
    }
    product
}

/// Names the sizes and layouts of a product in assertion messages.
fn describe<T>(lhs: &Operand<T>, rhs: &Operand<T>) -> String {
    format!(
        "({}, {}) x ({}, {}), lhs {}, rhs {}",
        lhs.rows, lhs.columns, rhs.rows, rhs.columns, lhs.layout, rhs.layout
    )
}

/// Multiplies the operands through their views, checking the shape.
fn product_of<T: Sample>(lhs: &Operand<T>, rhs: &Operand<T>) -> Vec<T> {
    let context = describe(lhs, rhs);
    let product = lhs
        .view()
        .matmul(&rhs.view())
        .unwrap_or_else(|error| panic!("{context}: {error}"));
    assert_eq!(
        product.shape(),
        &[lhs.rows, rhs.columns],
        "shape of {context}"
    );
    product.to_vec()
}

/// Checks that the product equals the triple loop element for element,
/// as it must for integers and for floats whose partial sums are all
/// exact.
fn assert_product_exact<T: Sample>(lhs: &Operand<T>, rhs: &Operand<T>) {
    let context = describe(lhs, rhs);
    let (m, k, n) = (lhs.rows, lhs.columns, rhs.columns);
    let product = product_of(lhs, rhs);
    let expected = loop_product(&lhs.values, &rhs.values, [m, k, n]);
    for (position, (&got, &want)) in product.iter().zip(&expected).enumerate() {
        let (i, j) = (position / n, position % n);
        assert!(
            got == want,
            "{context}: [{i}, {j}] is {got:?}, the loop gives {want:?}"
        );
    }
}

/// Checks the product against the loop within `2 gamma_k S` and, for f32,
/// against the sum in f64 within `(gamma_k + gamma_k(f64)) S`, element by
/// element.
fn assert_product_within_bound<T: Sample + Float>(lhs: &Operand<T>, rhs: &Operand<T>) {
    let context = describe(lhs, rhs);
    let (m, k, n) = (lhs.rows, lhs.columns, rhs.columns);
    let product = product_of(lhs, rhs);
    let expected = loop_product(&lhs.values, &rhs.values, [m, k, n]);

    let u = T::EPSILON.to_f64() / 2.0;
    let is_f32 = u > U64;
    // S and the reference are rounded sums in f64, so the computed S is
    // at most a factor 1 - gamma_k(f64) below the exact S. Products of two
    // f32 values are exact in f64, and products of two f64 values add one
    // rounding each. The difference and the bound add a few roundings
    // more, and the slack 1 + gamma_{2k+8}(f64) covers all of them.
    let slack = 1.0 + gamma(2 * k + 8, U64);
    let loop_bound = 2.0 * gamma(k, u) * slack;
    let reference_bound = (gamma(k, u) + gamma(k, U64)) * slack;

    for i in 0..m {
        for j in 0..n {
            let (mut reference, mut magnitude) = (0.0f64, 0.0f64);
            for p in 0..k {
                let term = lhs.values[i * k + p].to_f64() * rhs.values[p * n + j].to_f64();
                reference += term;
                magnitude += term.abs();
            }
            let got = product[i * n + j].to_f64();
            let looped = expected[i * n + j].to_f64();
            assert!(
                (got - looped).abs() <= loop_bound * magnitude,
                "{context}: [{i}, {j}] is {got:e}, the loop gives {looped:e}, \
                 more than 2 gamma_{k} S = {:e} apart",
                loop_bound * magnitude
            );
            if is_f32 {
                assert!(
                    (got - reference).abs() <= reference_bound * magnitude,
                    "{context}: [{i}, {j}] is {got:e}, the f64 sum gives {reference:e}, \
                     more than (gamma_{k} + gamma_{k}(f64)) S = {:e} apart",
                    reference_bound * magnitude
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Random sizes and layouts.

/// Sides just below, at and above the tile and depth edges.
const EDGE_SIDES: [usize; 14] = [0, 1, 2, 5, 11, 12, 13, 31, 32, 33, 255, 256, 257, 300];

/// Draws a side in `0..=300`, mostly small or at an edge, so that most
/// products stay quick in a debug build.
fn sides() -> impl Strategy<Value = usize> {
    prop_oneof![
        2 => 0usize..=16,
        2 => prop::sample::select(EDGE_SIDES.to_vec()),
        1 => 0usize..=300,
    ]
}

fn steps() -> impl Strategy<Value = isize> {
    prop_oneof![
        3 => Just(1isize),
        1 => Just(2),
        1 => Just(3),
        1 => Just(-1),
        1 => Just(-2),
    ]
}

/// Draws a layout: contiguous, transposed, or any combination of steps,
/// reversal, an offset, a transpose and a broadcast.
fn layouts() -> impl Strategy<Value = Layout> {
    let broadcasts = prop_oneof![
        4 => Just(Broadcast::None),
        1 => Just(Broadcast::Rows),
        1 => Just(Broadcast::Columns),
    ];
    let mixed = (any::<bool>(), steps(), steps(), 0usize..=3, broadcasts).prop_map(
        |(transposed, row_step, column_step, offset, broadcast)| Layout {
            transposed,
            row_step,
            column_step,
            offset,
            broadcast,
        },
    );
    prop_oneof![
        1 => Just(CONTIGUOUS),
        1 => Just(Layout {
            transposed: true,
            ..CONTIGUOUS
        }),
        2 => mixed,
    ]
}

/// The sizes `[m, k, n]`, the layouts of both operands and the seed of
/// their values.
#[derive(Clone, Debug)]
struct Case {
    sizes: [usize; 3],
    layouts: [Layout; 2],
    seed: u64,
}

/// Draws a case. Products of more than 2^23 multiply-adds are skipped,
/// which rejects about one case in a hundred, to keep the debug run
/// short.
fn cases() -> impl Strategy<Value = Case> {
    (
        [sides(), sides(), sides()],
        [layouts(), layouts()],
        any::<u64>(),
    )
        .prop_map(|(sizes, layouts, seed)| Case {
            sizes,
            layouts,
            seed,
        })
        .prop_filter("product too large for a debug run", |case| {
            case.sizes.iter().product::<usize>() <= 1 << 23
        })
}

/// Draws a case with sides up to 70, for the integer types.
fn small_cases() -> impl Strategy<Value = Case> {
    let side = prop_oneof![
        1 => 0usize..=70,
        1 => prop::sample::select(EDGE_SIDES[..10].to_vec()),
    ];
    (
        [side.clone(), side.clone(), side],
        [layouts(), layouts()],
        any::<u64>(),
    )
        .prop_map(|(sizes, layouts, seed)| Case {
            sizes,
            layouts,
            seed,
        })
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Failures are reported, not saved next to the tests.
        failure_persistence: None,
        ..ProptestConfig::with_cases(24)
    })]

    #[test]
    fn f32_products_within_error_bound(case in cases()) {
        let (lhs, rhs) = operands::<f32>(case.sizes, case.layouts, case.seed);
        assert_product_within_bound(&lhs, &rhs);
    }

    #[test]
    fn f64_products_within_error_bound(case in cases()) {
        let (lhs, rhs) = operands::<f64>(case.sizes, case.layouts, case.seed);
        assert_product_within_bound(&lhs, &rhs);
    }

    // Partial sums of at most 300 products of integers in -8..=8 stay
    // below 2^24 in magnitude, so every order of summation is exact.
    #[test]
    fn small_integer_floats_exact(case in cases()) {
        let (lhs, rhs) = small_integer_operands::<f32>(case.sizes, case.layouts, case.seed);
        assert_product_exact(&lhs, &rhs);
        let (lhs, rhs) = small_integer_operands::<f64>(case.sizes, case.layouts, case.seed);
        assert_product_exact(&lhs, &rhs);
    }
}

// Integer products are cheaper to check, so they run more cases.
proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(64)
    })]

    #[test]
    fn i32_products_wrap_like_loop(case in small_cases()) {
        let (lhs, rhs) = operands::<i32>(case.sizes, case.layouts, case.seed);
        assert_product_exact(&lhs, &rhs);
    }

    #[test]
    fn i64_products_wrap_like_loop(case in small_cases()) {
        let (lhs, rhs) = operands::<i64>(case.sizes, case.layouts, case.seed);
        assert_product_exact(&lhs, &rhs);
    }

    #[test]
    fn u8_products_wrap_like_loop(case in small_cases()) {
        let (lhs, rhs) = operands::<u8>(case.sizes, case.layouts, case.seed);
        assert_product_exact(&lhs, &rhs);
    }
}

// ---------------------------------------------------------------------------
// Fixed sizes at the block edges.

/// Sizes `[m, k, n]` that cross the tile, depth and column block edges.
/// The last has more than 2^22 multiply-adds, enough work for a product
/// that splits its rows across threads.
const EDGE_SIZES: [[usize; 3]; 14] = [
    [1, 1, 1],
    [2, 5, 3],
    [11, 12, 13],
    [12, 32, 12],
    [13, 33, 31],
    [31, 255, 33],
    [32, 256, 32],
    [33, 257, 11],
    [5, 385, 300],
    [12, 513, 2],
    [2, 800, 257],
    [13, 300, 513],
    [2, 257, 1025],
    [257, 300, 65],
];

#[test]
fn edge_sizes_within_error_bound() {
    for (case, sizes) in EDGE_SIZES.into_iter().enumerate() {
        let seed = case as u64;
        let (lhs, rhs) = operands::<f32>(sizes, [CONTIGUOUS; 2], seed);
        assert_product_within_bound(&lhs, &rhs);
        let (lhs, rhs) = operands::<f64>(sizes, [CONTIGUOUS; 2], seed);
        assert_product_within_bound(&lhs, &rhs);
    }
}

// The blocked product takes the rows in blocks of 480, so these products
// cross two and ten edges between row blocks.
#[test]
fn rows_past_row_block_within_bound() {
    for (case, rows) in [1000, 5000].into_iter().enumerate() {
        let seed = 10 * case as u64;
        let (lhs, rhs) = operands::<f32>([rows, 3, 40], [CONTIGUOUS; 2], seed);
        assert_product_within_bound(&lhs, &rhs);
        let (lhs, rhs) = operands::<f64>([rows, 3, 40], [CONTIGUOUS; 2], seed + 1);
        assert_product_within_bound(&lhs, &rhs);
        let layouts = [LAYOUTS[9], LAYOUTS[4]];
        let (lhs, rhs) = small_integer_operands::<f32>([rows, 3, 40], layouts, seed + 2);
        assert_product_exact(&lhs, &rhs);
        let (lhs, rhs) = operands::<i64>([rows, 3, 40], layouts, seed + 3);
        assert_product_exact(&lhs, &rhs);
    }
}

/// Pairs of layouts: each layout with a contiguous partner on either
/// side, and each layout on both operands.
fn layout_pairs() -> Vec<[Layout; 2]> {
    let mut pairs = Vec::new();
    for layout in LAYOUTS {
        pairs.push([layout, CONTIGUOUS]);
        pairs.push([CONTIGUOUS, layout]);
        pairs.push([layout, layout]);
    }
    pairs
}

#[test]
fn strided_operands_within_error_bound() {
    for (case, layouts) in layout_pairs().into_iter().enumerate() {
        let seed = 100 + case as u64;
        let (lhs, rhs) = operands::<f32>([13, 257, 33], layouts, seed);
        assert_product_within_bound(&lhs, &rhs);
        let (lhs, rhs) = operands::<f64>([33, 31, 12], layouts, seed);
        assert_product_within_bound(&lhs, &rhs);
    }
}

// Partial sums of at most 1000 products of integers in -8..=8 stay below
// 64000 < 2^24 in magnitude, so every order of summation is exact in f32
// and in f64.
#[test]
fn small_integer_floats_exact_everywhere() {
    for (case, layouts) in layout_pairs().into_iter().enumerate() {
        let seed = 200 + case as u64;
        let (lhs, rhs) = small_integer_operands::<f32>([13, 1000, 33], layouts, seed);
        assert_product_exact(&lhs, &rhs);
        let (lhs, rhs) = small_integer_operands::<f64>([12, 385, 65], layouts, seed);
        assert_product_exact(&lhs, &rhs);
    }
}

#[test]
fn integer_edge_sizes_wrap_like_loop() {
    for (case, sizes) in EDGE_SIZES.into_iter().enumerate() {
        let layouts = [
            LAYOUTS[case % LAYOUTS.len()],
            LAYOUTS[(case + 5) % LAYOUTS.len()],
        ];
        let seed = 300 + case as u64;
        let (lhs, rhs) = operands::<i32>(sizes, layouts, seed);
        assert_product_exact(&lhs, &rhs);
        let (lhs, rhs) = operands::<i64>(sizes, layouts, seed);
        assert_product_exact(&lhs, &rhs);
        let (lhs, rhs) = operands::<u8>(sizes, layouts, seed);
        assert_product_exact(&lhs, &rhs);
    }
}

#[test]
fn integer_products_wrap_around() {
    let a = tensor![[200u8, 100], [16, 0]];
    let b = tensor![[2u8, 16], [3, 1]];
    // 200 * 2 + 100 * 3 = 700 wraps to 700 - 2 * 256 = 188, and
    // 200 * 16 + 100 = 3300 wraps to 3300 - 12 * 256 = 228. 16 * 16 = 256
    // wraps to 0.
    assert_eq!(
        a.matmul(&b),
        Ok(tensor![[188u8, 228], [32, 0]]),
        "(2, 2) x (2, 2) of u8"
    );

    let a = tensor![[i64::MAX, i64::MAX, 3]];
    let b = tensor![[2i64], [1], [1]];
    // 3 * i64::MAX + 3 = 3 * 2^63 wraps to 2^63, which is i64::MIN.
    assert_eq!(
        a.matmul(&b),
        Ok(tensor![[i64::MIN]]),
        "(1, 3) x (3, 1) of i64"
    );
}

// ---------------------------------------------------------------------------
// Edge cases.

#[test]
fn empty_sides_give_zero_products() {
    for [m, k, n] in [
        [0, 5, 3],
        [4, 0, 3],
        [3, 5, 0],
        [0, 0, 0],
        [13, 0, 33],
        [300, 0, 257],
    ] {
        let lhs = Tensor::<f32>::ones(&[m, k]);
        let rhs = Tensor::<f32>::ones(&[k, n]);
        let product = lhs.matmul(&rhs).expect("inner lengths match");
        assert_eq!(product.shape(), &[m, n], "shape of ({m}, {k}) x ({k}, {n})");
        assert!(
            product.iter().all(|&value| value == 0.0),
            "({m}, {k}) x ({k}, {n}) is all zeros"
        );
    }

    // An empty inner axis in strided layouts, and in integers.
    for layouts in layout_pairs() {
        let (lhs, rhs) = operands::<f64>([13, 0, 33], layouts, 400);
        assert_product_exact(&lhs, &rhs);
        let (lhs, rhs) = operands::<i32>([5, 0, 3], layouts, 401);
        assert_product_exact(&lhs, &rhs);
    }
}

#[test]
fn one_by_one_product() {
    assert_eq!(
        tensor![[3.0f32]].matmul(&tensor![[-4.0f32]]),
        Ok(tensor![[-12.0f32]]),
        "(1, 1) x (1, 1) of f32"
    );
    assert_eq!(
        tensor![[7i64]].matmul(&tensor![[6i64]]),
        Ok(tensor![[42i64]]),
        "(1, 1) x (1, 1) of i64"
    );
}

#[test]
fn row_times_matrix_matches_loop() {
    for layouts in [
        [CONTIGUOUS; 2],
        [LAYOUTS[1], LAYOUTS[4]],
        [LAYOUTS[7], LAYOUTS[9]],
    ] {
        let (lhs, rhs) = operands::<f32>([1, 257, 33], layouts, 500);
        assert_product_within_bound(&lhs, &rhs);
        let (lhs, rhs) = small_integer_operands::<f64>([1, 513, 300], layouts, 501);
        assert_product_exact(&lhs, &rhs);
    }
}

#[test]
fn matrix_times_column_matches_loop() {
    for layouts in [
        [CONTIGUOUS; 2],
        [LAYOUTS[1], LAYOUTS[4]],
        [LAYOUTS[9], LAYOUTS[8]],
    ] {
        let (lhs, rhs) = operands::<f32>([33, 257, 1], layouts, 600);
        assert_product_within_bound(&lhs, &rhs);
        let (lhs, rhs) = small_integer_operands::<f64>([300, 513, 1], layouts, 601);
        assert_product_exact(&lhs, &rhs);
    }
}

/// Checks the non-finite cases of a `(13, 33) x (33, 31)` product of
/// small integers, large enough to reach full tiles and edge tiles:
///
/// - a NaN at `a[1, 2]` makes row 1 NaN;
/// - an infinity at `a[5, 7]` times a 0 at `b[7, 3]` makes `[5, 3]` NaN,
///   and the rest of row 5 infinite with the sign of `b[7, j]`;
/// - `+inf` at `b[4, 20]` and `-inf` at `b[6, 20]` make column 20 NaN in
///   every row whose entries 4 and 6 are both 1, and `+inf` in row 8,
///   whose entry 6 is -1.
///
/// Each of these is true in any order of summation. Every other element
/// is a finite sum of small integers and equals the loop exactly. The
/// operands are checked contiguous and as transposes of column-major
/// copies.
fn assert_non_finite_propagate<T: Sample + Float>() {
    let (m, k, n) = (13, 33, 31);
    let mut random = Random(700);
    let mut lhs: Vec<T> = (0..m * k)
        .map(|_| T::from_small(random.small_integer()))
        .collect();
    let mut rhs: Vec<T> = (0..k * n)
        .map(|_| T::from_small(random.small_integer()))
        .collect();
    // Rows 7, 4 and 6 of b, and entries 4 and 6 of every row of a, are
    // made nonzero so that the signs below are known.
    for j in 0..n {
        rhs[7 * n + j] = T::from_small(if j % 2 == 0 { 2 } else { -3 });
    }
    for i in 0..m {
        lhs[i * k + 4] = T::from_small(1);
        lhs[i * k + 6] = T::from_small(if i == 8 { -1 } else { 1 });
    }
    lhs[k + 2] = T::NAN;
    lhs[5 * k + 7] = T::INFINITY;
    rhs[7 * n + 3] = T::ZERO;
    rhs[4 * n + 20] = T::INFINITY;
    rhs[6 * n + 20] = T::NEG_INFINITY;

    let a = Tensor::from_vec(lhs.clone(), &[m, k]).expect("13 * 33 values");
    let b = Tensor::from_vec(rhs.clone(), &[k, n]).expect("33 * 31 values");
    let (a_columns, b_columns) = (a.t().to_owned(), b.t().to_owned());
    let expected = loop_product(&lhs, &rhs, [m, k, n]);
    for (layout, product) in [
        ("contiguous", a.matmul(&b)),
        ("transposed", a_columns.t().matmul(&b_columns.t())),
    ] {
        let product = product.expect("inner lengths match");
        assert_non_finite_elements(&product, &expected, layout);
    }
}

/// Checks each element of the product that `assert_non_finite_propagate`
/// describes.
fn assert_non_finite_elements<T: Sample + Float>(
    product: &Tensor<T>,
    expected: &[T],
    layout: &str,
) {
    let n = product.shape()[1];
    for i in 0..product.shape()[0] {
        for j in 0..n {
            let got = product[[i, j]];
            let context = format!(
                "[{i}, {j}] of (13, 33) x (33, 31) of {}, {layout}",
                T::DTYPE
            );
            if i == 1 || (i == 5 && j == 3) || (i != 8 && j == 20) {
                assert!(got.is_nan(), "{context} is {got:?}, expected NaN");
            } else if i == 8 && j == 20 {
                assert!(got == T::INFINITY, "{context} is {got:?}, expected inf");
            } else if i == 5 {
                let infinity = if j % 2 == 0 {
                    T::INFINITY
                } else {
                    T::NEG_INFINITY
                };
                assert!(
                    got == infinity,
                    "{context} is {got:?}, expected {infinity:?}"
                );
            } else {
                let want = expected[i * n + j];
                assert!(got == want, "{context} is {got:?}, the loop gives {want:?}");
            }
        }
    }
}

#[test]
fn nan_and_infinity_propagate() {
    assert_non_finite_propagate::<f32>();
    assert_non_finite_propagate::<f64>();
}

// ---------------------------------------------------------------------------
// Errors.

#[test]
fn rank_mismatch_reports_shape() {
    let matrix = Tensor::<f32>::ones(&[2, 3]);
    let rank_error = |shape: &[usize]| ShapeError::RankMismatch {
        op: "matmul",
        expected: 2,
        shape: shape.to_vec(),
    };

    let vector = Tensor::<f32>::ones(&[2]);
    assert_eq!(
        vector.matmul(&matrix),
        Err(rank_error(&[2])),
        "(2,) x (2, 3)"
    );
    let vector = Tensor::<f32>::ones(&[3]);
    assert_eq!(
        matrix.matmul(&vector),
        Err(rank_error(&[3])),
        "(2, 3) x (3,)"
    );
    let cube = Tensor::<f32>::ones(&[3, 3, 4]);
    assert_eq!(
        matrix.matmul(&cube),
        Err(rank_error(&[3, 3, 4])),
        "(2, 3) x (3, 3, 4)"
    );
    assert_eq!(
        cube.matmul(&matrix),
        Err(rank_error(&[3, 3, 4])),
        "(3, 3, 4) x (2, 3)"
    );
    assert_eq!(
        matrix.matmul(&Tensor::scalar(1.0f32)),
        Err(rank_error(&[])),
        "(2, 3) x ()"
    );
}

#[test]
fn inner_mismatch_reports_shapes() {
    let mismatch = |lhs: &[usize], rhs: &[usize]| ShapeError::OperandMismatch {
        op: "matmul",
        lhs: lhs.to_vec(),
        rhs: rhs.to_vec(),
        lhs_axis: 1,
        rhs_axis: 0,
    };

    let a = Tensor::<f64>::ones(&[2, 3]);
    let b = Tensor::<f64>::ones(&[4, 5]);
    assert_eq!(
        a.matmul(&b),
        Err(mismatch(&[2, 3], &[4, 5])),
        "(2, 3) x (4, 5)"
    );
    assert_eq!(
        a.matmul(&a),
        Err(mismatch(&[2, 3], &[2, 3])),
        "(2, 3) x (2, 3)"
    );
    assert_eq!(
        a.t().matmul(&b),
        Err(mismatch(&[3, 2], &[4, 5])),
        "transposed (3, 2) x (4, 5)"
    );

    let empty = Tensor::<i32>::zeros(&[2, 0]);
    let column = Tensor::<i32>::zeros(&[1, 3]);
    assert_eq!(
        empty.matmul(&column),
        Err(mismatch(&[2, 0], &[1, 3])),
        "(2, 0) x (1, 3)"
    );
}

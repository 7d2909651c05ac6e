//! Slice kernels: the hot loops of the vectorized code, written over
//! contiguous slices.
//!
//! The layout follows the ISA split of crates such as memchr:
//!
//! - [`portable`] contains plain Rust kernels for every target.
//! - `x86_64` compiles the same bodies again inside functions with AVX2 or
//!   AVX-512 enabled, and chooses among them at run time.
//!
//! The entry points below take slices of any [`Float`] and route `f32` and
//! `f64` slices to the fastest kernel the CPU supports. Every variant
//! performs the same IEEE operations in the same order and never fuses a
//! multiplication with an addition, so all of them return the same bits.
//!
//! This is the only module of the crate that contains `unsafe` code. It
//! calls the `#[target_feature]` functions, and it reinterprets a `&[T]`
//! as `&[f64]` or `&[f32]`, an output `&mut Vec<T>` as `&mut Vec<f64>` or
//! `&mut Vec<f32>`, and a returned `Vec<f64>` or `Vec<f32>` as `Vec<T>`,
//! once `T` is known to be that type.

pub(crate) mod gemm;
mod portable;
pub(crate) mod strided;
#[cfg(target_arch = "x86_64")]
mod x86_64;

use alloc::vec::Vec;
use core::any::TypeId;

use crate::element::{Element, Float};

/// Returns the dot product of two slices of equal length, summed in
/// [`portable::WIDE_LANES`] accumulators in a fixed order, so that every
/// instruction set gives the same bits. Integers wrap around.
///
/// # Panics
///
/// If the two slices differ in length.
pub(crate) fn dot<T: Element>(a: &[T], b: &[T]) -> T {
    if let (Some(a), Some(b)) = (as_type::<T, f64>(a), as_type::<T, f64>(b)) {
        return cast_back(isa::dot_f64(a, b));
    }
    if let (Some(a), Some(b)) = (as_type::<T, f32>(a), as_type::<T, f32>(b)) {
        return cast_back(isa::dot_f32(a, b));
    }
    portable::dot(a, b)
}

/// Returns the sum of a slice of `f32` or `f64` in
/// [`portable::WIDE_LANES`] accumulators in a fixed order, the same bits on
/// every instruction set. Returns `None` for other element types, which
/// the caller sums in its own order.
pub(crate) fn sum<T: Element>(values: &[T]) -> Option<T> {
    if let Some(values) = as_type::<T, f64>(values) {
        return Some(cast_back(isa::sum_f64(values)));
    }
    if let Some(values) = as_type::<T, f32>(values) {
        return Some(cast_back(isa::sum_f32(values)));
    }
    None
}

/// Adds each row of `sums.len()` elements of `rows` into `sums` in order,
/// so that `sums[j]` gains column `j` one element after another.
///
/// # Panics
///
/// If `rows.len()` is not a multiple of a nonzero `sums.len()`.
pub(crate) fn add_rows<T: Element>(sums: &mut [T], rows: &[T]) {
    if let (Some(sums), Some(rows)) = (as_type_mut::<T, f64>(sums), as_type(rows)) {
        return isa::add_rows_f64(sums, rows);
    }
    if let (Some(sums), Some(rows)) = (as_type_mut::<T, f32>(sums), as_type(rows)) {
        return isa::add_rows_f32(sums, rows);
    }
    portable::add_rows(sums, rows);
}

/// Writes the sum of each row of `row_len` elements of `values` to
/// `output`, in the eight lanes of [`portable::sum_map`], so the bits are
/// those of `sum_map` of each row on every instruction set.
///
/// # Panics
///
/// If `values.len()` is not `output.len() * row_len`.
pub(crate) fn sum_rows<T: Element>(values: &[T], row_len: usize, output: &mut [T]) {
    if let (Some(values), Some(output)) = (as_type::<T, f64>(values), as_type_mut(output)) {
        return isa::sum_rows_f64(values, row_len, output);
    }
    if let (Some(values), Some(output)) = (as_type::<T, f32>(values), as_type_mut(output)) {
        return isa::sum_rows_f32(values, row_len, output);
    }
    portable::sum_rows(values, row_len, output);
}

/// Returns the L1 loss `sum(|y[i] - yhat[i]|)`, summed as [`dot`] is.
///
/// # Panics
///
/// If the two slices differ in length.
pub(crate) fn l1<T: Float>(yhat: &[T], y: &[T]) -> T {
    if let (Some(yhat), Some(y)) = (as_type::<T, f64>(yhat), as_type::<T, f64>(y)) {
        return cast_back(isa::l1_f64(yhat, y));
    }
    if let (Some(yhat), Some(y)) = (as_type::<T, f32>(yhat), as_type::<T, f32>(y)) {
        return cast_back(isa::l1_f32(yhat, y));
    }
    portable::l1(yhat, y)
}

/// Returns the L2 loss `sum((y[i] - yhat[i])^2)`, summed as [`dot`] is.
///
/// # Panics
///
/// If the two slices differ in length.
pub(crate) fn l2<T: Float>(yhat: &[T], y: &[T]) -> T {
    if let (Some(yhat), Some(y)) = (as_type::<T, f64>(yhat), as_type::<T, f64>(y)) {
        return cast_back(isa::l2_f64(yhat, y));
    }
    if let (Some(yhat), Some(y)) = (as_type::<T, f32>(yhat), as_type::<T, f32>(y)) {
        return cast_back(isa::l2_f32(yhat, y));
    }
    portable::l2(yhat, y)
}

/// Writes the product of the row-major `(output.len(), x.len())` matrix
/// and `x` to `output`, where `output[i]` has the bits of [`dot`] of row
/// `i` and `x`. Integers wrap around.
///
/// # Panics
///
/// If `matrix.len()` is not `output.len() * x.len()`.
pub(crate) fn matvec<T: Element>(matrix: &[T], x: &[T], output: &mut [T]) {
    if let (Some(matrix), Some(x), Some(output)) =
        (as_type::<T, f64>(matrix), as_type(x), as_type_mut(output))
    {
        return isa::matvec_f64(matrix, x, output);
    }
    if let (Some(matrix), Some(x), Some(output)) =
        (as_type::<T, f32>(matrix), as_type(x), as_type_mut(output))
    {
        return isa::matvec_f32(matrix, x, output);
    }
    portable::matvec(matrix, x, output);
}

/// Returns the row-major `(m, n)` product of the `(m, k)` matrix `lhs`
/// and the `(k, n)` matrix `rhs`, where `[m, k, n]` is `shape`.
///
/// The product runs the blocked algorithm of [`gemm`], with the widest
/// tile kernel of the CPU for `f32` and `f64` and the portable one for
/// other types. Integers wrap around.
///
/// # Panics
///
/// If `m * n` overflows `usize` or an operand's buffer does not hold its
/// elements: the caller builds both from valid layouts.
pub(crate) fn matmul<T: Element>(
    shape: [usize; 3],
    lhs: gemm::Matrix<'_, T>,
    rhs: gemm::Matrix<'_, T>,
) -> Vec<T> {
    if let (Some(lhs), Some(rhs)) = (retype_matrix::<T, f64>(lhs), retype_matrix(rhs)) {
        return cast_vec(gemm::multiply(&isa::gemm_kernel_f64(), shape, lhs, rhs));
    }
    if let (Some(lhs), Some(rhs)) = (retype_matrix::<T, f32>(lhs), retype_matrix(rhs)) {
        return cast_vec(gemm::multiply(&isa::gemm_kernel_f32(), shape, lhs, rhs));
    }
    gemm::multiply(&gemm::portable::kernel(), shape, lhs, rhs)
}

/// Returns `matrix` over a buffer of `U` when `T` is `U`, `None`
/// otherwise.
fn retype_matrix<T: 'static, U: 'static>(
    matrix: gemm::Matrix<'_, T>,
) -> Option<gemm::Matrix<'_, U>> {
    Some(gemm::Matrix {
        buffer: as_type(matrix.buffer)?,
        offset: matrix.offset,
        strides: matrix.strides,
    })
}

/// Returns the outer product, row-major: `x1[i] * x2[j]` at `i *
/// x2.len() + j`.
pub(crate) fn outer<T: Element>(x1: &[T], x2: &[T]) -> Vec<T> {
    if let (Some(x1), Some(x2)) = (as_type::<T, f64>(x1), as_type(x2)) {
        return cast_vec(isa::outer_f64(x1, x2));
    }
    if let (Some(x1), Some(x2)) = (as_type::<T, f32>(x1), as_type(x2)) {
        return cast_vec(isa::outer_f32(x1, x2));
    }
    portable::outer(x1, x2)
}

/// Returns the elementwise product `a[i] * b[i]`.
///
/// # Panics
///
/// If the two slices differ in length.
pub(crate) fn multiply<T: Element>(a: &[T], b: &[T]) -> Vec<T> {
    if let (Some(a), Some(b)) = (as_type::<T, f64>(a), as_type(b)) {
        return cast_vec(isa::multiply_f64(a, b));
    }
    if let (Some(a), Some(b)) = (as_type::<T, f32>(a), as_type(b)) {
        return cast_vec(isa::multiply_f32(a, b));
    }
    portable::multiply(a, b)
}

/// Returns the sum of a transposed operand `t` and a row-major operand
/// `c` of shape `rows x columns`, in row-major order: element `(i, j)` is
/// one addition of `t[j * t_stride + i]` and `c[i * c_stride + j]`, with
/// `t`'s element first if `t_first`, `c`'s otherwise.
///
/// # Panics
///
/// If a slice is too short for the shape and its stride.
pub(crate) fn add_transposed<T: Element>(
    (t, t_stride): (&[T], usize),
    (c, c_stride): (&[T], usize),
    shape: [usize; 2],
    t_first: bool,
) -> Vec<T> {
    let mut output = Vec::with_capacity(shape[0] * shape[1]);
    if let (Some(t), Some(c), Some(out)) =
        (as_type::<T, f64>(t), as_type(c), as_vec_mut(&mut output))
    {
        if t_first {
            isa::add_transposed_f64(t, t_stride, c, c_stride, shape, out);
        } else {
            isa::add_to_transposed_f64(t, t_stride, c, c_stride, shape, out);
        }
    } else if let (Some(t), Some(c), Some(out)) =
        (as_type::<T, f32>(t), as_type(c), as_vec_mut(&mut output))
    {
        if t_first {
            isa::add_transposed_f32(t, t_stride, c, c_stride, shape, out);
        } else {
            isa::add_to_transposed_f32(t, t_stride, c, c_stride, shape, out);
        }
    } else if t_first {
        portable::add_transposed(t, t_stride, c, c_stride, shape, &mut output);
    } else {
        portable::add_to_transposed(t, t_stride, c, c_stride, shape, &mut output);
    }
    output
}

/// Returns `values` as a `Vec<T>`, which the caller has found to be
/// `Vec<U>`.
///
/// # Panics
///
/// If `T` is not `U`: the callers check the type first.
fn cast_vec<U: 'static, T: 'static>(values: Vec<U>) -> Vec<T> {
    assert!(
        TypeId::of::<T>() == TypeId::of::<U>(),
        "the caller checked that T is U"
    );
    let mut values = core::mem::ManuallyDrop::new(values);
    let (pointer, len, capacity) = (values.as_mut_ptr(), values.len(), values.capacity());
    // SAFETY: T and U are the same type (asserted above), so the buffer
    // allocated for `capacity` elements of U with `len` initialized is one
    // of T with the same layout, and ManuallyDrop hands its ownership over.
    unsafe { Vec::from_raw_parts(pointer.cast::<T>(), len, capacity) }
}

/// Appends the sigmoid `1 / (1 + e^-x)` of each `input[i]` to `output`,
/// bit-identical to `exercises::sigmoid_scalar`.
pub(crate) fn sigmoid<T: Float>(input: &[T], output: &mut Vec<T>) {
    if let (Some(input), Some(output)) = (as_type::<T, f64>(input), as_vec_mut(output)) {
        return isa::sigmoid_f64(input, output);
    }
    if let (Some(input), Some(output)) = (as_type::<T, f32>(input), as_vec_mut(output)) {
        return isa::sigmoid_f32(input, output);
    }
    portable::sigmoid(input, output);
}

/// Appends the sigmoid derivative `s * (1 - s)` of each `input[i]` to
/// `output`, bit-identical to `exercises::sigmoid_derivative_scalar`.
pub(crate) fn sigmoid_derivative<T: Float>(input: &[T], output: &mut Vec<T>) {
    if let (Some(input), Some(output)) = (as_type::<T, f64>(input), as_vec_mut(output)) {
        return isa::sigmoid_derivative_f64(input, output);
    }
    if let (Some(input), Some(output)) = (as_type::<T, f32>(input), as_vec_mut(output)) {
        return isa::sigmoid_derivative_f32(input, output);
    }
    portable::sigmoid_derivative(input, output);
}

/// Appends the softmax `e^(x - max) / sum(e^(x - max))` of a row to
/// `output`, with the sum taken in the lanes and order of [`sum`]. Every
/// ISA gives the same bits; see
/// `portable::softmax_row` for the exact sequence.
pub(crate) fn softmax_row<T: Float>(row: &[T], output: &mut Vec<T>) {
    if let (Some(row), Some(output)) = (as_type::<T, f64>(row), as_vec_mut(output)) {
        return isa::softmax_row_f64(row, output);
    }
    if let (Some(row), Some(output)) = (as_type::<T, f32>(row), as_vec_mut(output)) {
        return isa::softmax_row_f32(row, output);
    }
    portable::softmax_row(row, output);
}

/// Appends a row divided by its Euclidean norm, the square root of
/// [`dot`] of the row with itself, to `output`, or zeros for a row whose
/// norm is 0.
pub(crate) fn normalize_row<T: Float>(row: &[T], output: &mut Vec<T>) {
    if let (Some(row), Some(output)) = (as_type::<T, f64>(row), as_vec_mut(output)) {
        return isa::normalize_row_f64(row, output);
    }
    if let (Some(row), Some(output)) = (as_type::<T, f32>(row), as_vec_mut(output)) {
        return isa::normalize_row_f32(row, output);
    }
    portable::normalize_row(row, output);
}

/// Returns `values` as a `&mut Vec<U>` when `T` is `U`, `None` otherwise.
fn as_vec_mut<T: 'static, U: 'static>(values: &mut Vec<T>) -> Option<&mut Vec<U>> {
    if TypeId::of::<T>() != TypeId::of::<U>() {
        return None;
    }
    // SAFETY: T and U are the same type, so `Vec<T>` and `Vec<U>` are the
    // same type too, and the exclusive borrow moves into the result.
    Some(unsafe { &mut *core::ptr::from_mut(values).cast::<Vec<U>>() })
}

/// Returns `value` as a `T`, which the caller has found to be `U`.
///
/// # Panics
///
/// If `T` is not `U`: the callers check the type first.
fn cast_back<U: Copy + 'static, T: Copy + 'static>(value: U) -> T {
    *as_type::<U, T>(core::slice::from_ref(&value))
        .and_then(<[T]>::first)
        .expect("the caller checked that T is U")
}

/// Returns `values` as a slice of `U` when `T` is `U`, `None` otherwise.
fn as_type<T: 'static, U: 'static>(values: &[T]) -> Option<&[U]> {
    if TypeId::of::<T>() != TypeId::of::<U>() {
        return None;
    }
    // SAFETY: T and U are the same type, so the pointer, length and
    // lifetime of `values` describe a valid `&[U]`.
    Some(unsafe { core::slice::from_raw_parts(values.as_ptr().cast::<U>(), values.len()) })
}

/// Returns `values` as a mutable slice of `U` when `T` is `U`, `None`
/// otherwise.
fn as_type_mut<T: 'static, U: 'static>(values: &mut [T]) -> Option<&mut [U]> {
    if TypeId::of::<T>() != TypeId::of::<U>() {
        return None;
    }
    // SAFETY: T and U are the same type, so the pointer, length and
    // lifetime of `values` describe a valid `&mut [U]`, and the exclusive
    // borrow moves into the result.
    Some(unsafe { core::slice::from_raw_parts_mut(values.as_mut_ptr().cast::<U>(), values.len()) })
}

/// The typed kernels for the target: chosen at run time on x86-64.
#[cfg(target_arch = "x86_64")]
use x86_64 as isa;

/// The typed kernels for targets without an ISA module: the portable
/// bodies, instantiated for `f64` and `f32`.
#[cfg(not(target_arch = "x86_64"))]
mod isa {
    #![forbid(unsafe_code)]

    use alloc::vec::Vec;

    use super::portable;

    /// Returns the tile kernels of the matrix product for `f64`: the
    /// portable one.
    #[cfg(test)]
    pub(crate) fn gemm_kernels_f64() -> Vec<(&'static str, crate::kernels::gemm::Kernel<f64>)> {
        alloc::vec![("portable", crate::kernels::gemm::portable::kernel())]
    }

    /// Returns the tile kernels of the matrix product for `f32`: the
    /// portable one.
    #[cfg(test)]
    pub(crate) fn gemm_kernels_f32() -> Vec<(&'static str, crate::kernels::gemm::Kernel<f32>)> {
        alloc::vec![("portable", crate::kernels::gemm::portable::kernel())]
    }

    /// Returns the portable tile kernel of the matrix product for `f64`.
    pub(crate) fn gemm_kernel_f64() -> crate::kernels::gemm::Kernel<f64> {
        crate::kernels::gemm::portable::kernel()
    }

    /// Returns the portable tile kernel of the matrix product for `f32`.
    pub(crate) fn gemm_kernel_f32() -> crate::kernels::gemm::Kernel<f32> {
        crate::kernels::gemm::portable::kernel()
    }

    /// [`portable::sigmoid`] for `f64`.
    pub(crate) fn sigmoid_f64(input: &[f64], output: &mut Vec<f64>) {
        portable::sigmoid(input, output);
    }

    /// [`portable::sigmoid`] for `f32`.
    pub(crate) fn sigmoid_f32(input: &[f32], output: &mut Vec<f32>) {
        portable::sigmoid(input, output);
    }

    /// [`portable::sigmoid_derivative`] for `f64`.
    pub(crate) fn sigmoid_derivative_f64(input: &[f64], output: &mut Vec<f64>) {
        portable::sigmoid_derivative(input, output);
    }

    /// [`portable::sigmoid_derivative`] for `f32`.
    pub(crate) fn sigmoid_derivative_f32(input: &[f32], output: &mut Vec<f32>) {
        portable::sigmoid_derivative(input, output);
    }

    /// [`portable::softmax_row`] for `f64`.
    pub(crate) fn softmax_row_f64(row: &[f64], output: &mut Vec<f64>) {
        portable::softmax_row(row, output);
    }

    /// [`portable::softmax_row`] for `f32`.
    pub(crate) fn softmax_row_f32(row: &[f32], output: &mut Vec<f32>) {
        portable::softmax_row(row, output);
    }

    /// [`portable::normalize_row`] for `f64`.
    pub(crate) fn normalize_row_f64(row: &[f64], output: &mut Vec<f64>) {
        portable::normalize_row(row, output);
    }

    /// [`portable::normalize_row`] for `f32`.
    pub(crate) fn normalize_row_f32(row: &[f32], output: &mut Vec<f32>) {
        portable::normalize_row(row, output);
    }

    /// [`portable::sum`] for `f64`.
    pub(crate) fn sum_f64(values: &[f64]) -> f64 {
        portable::sum(values)
    }

    /// [`portable::sum`] for `f32`.
    pub(crate) fn sum_f32(values: &[f32]) -> f32 {
        portable::sum(values)
    }

    /// [`portable::add_rows`] for `f64`.
    pub(crate) fn add_rows_f64(sums: &mut [f64], rows: &[f64]) {
        portable::add_rows(sums, rows);
    }

    /// [`portable::add_rows`] for `f32`.
    pub(crate) fn add_rows_f32(sums: &mut [f32], rows: &[f32]) {
        portable::add_rows(sums, rows);
    }

    /// [`portable::sum_rows`] for `f64`.
    pub(crate) fn sum_rows_f64(values: &[f64], row_len: usize, output: &mut [f64]) {
        portable::sum_rows(values, row_len, output);
    }

    /// [`portable::sum_rows`] for `f32`.
    pub(crate) fn sum_rows_f32(values: &[f32], row_len: usize, output: &mut [f32]) {
        portable::sum_rows(values, row_len, output);
    }

    /// [`portable::dot`] for `f64`.
    pub(crate) fn dot_f64(a: &[f64], b: &[f64]) -> f64 {
        portable::dot(a, b)
    }

    /// [`portable::dot`] for `f32`.
    pub(crate) fn dot_f32(a: &[f32], b: &[f32]) -> f32 {
        portable::dot(a, b)
    }

    /// [`portable::l1`] for `f64`.
    pub(crate) fn l1_f64(yhat: &[f64], y: &[f64]) -> f64 {
        portable::l1(yhat, y)
    }

    /// [`portable::l1`] for `f32`.
    pub(crate) fn l1_f32(yhat: &[f32], y: &[f32]) -> f32 {
        portable::l1(yhat, y)
    }

    /// [`portable::l2`] for `f64`.
    pub(crate) fn l2_f64(yhat: &[f64], y: &[f64]) -> f64 {
        portable::l2(yhat, y)
    }

    /// [`portable::l2`] for `f32`.
    pub(crate) fn l2_f32(yhat: &[f32], y: &[f32]) -> f32 {
        portable::l2(yhat, y)
    }

    /// [`portable::matvec`] for `f64`.
    pub(crate) fn matvec_f64(matrix: &[f64], x: &[f64], output: &mut [f64]) {
        portable::matvec(matrix, x, output);
    }

    /// [`portable::matvec`] for `f32`.
    pub(crate) fn matvec_f32(matrix: &[f32], x: &[f32], output: &mut [f32]) {
        portable::matvec(matrix, x, output);
    }

    /// [`portable::outer`] for `f64`.
    pub(crate) fn outer_f64(x1: &[f64], x2: &[f64]) -> Vec<f64> {
        portable::outer(x1, x2)
    }

    /// [`portable::outer`] for `f32`.
    pub(crate) fn outer_f32(x1: &[f32], x2: &[f32]) -> Vec<f32> {
        portable::outer(x1, x2)
    }

    /// [`portable::multiply`] for `f64`.
    pub(crate) fn multiply_f64(a: &[f64], b: &[f64]) -> Vec<f64> {
        portable::multiply(a, b)
    }

    /// [`portable::multiply`] for `f32`.
    pub(crate) fn multiply_f32(a: &[f32], b: &[f32]) -> Vec<f32> {
        portable::multiply(a, b)
    }

    /// [`portable::add_transposed`] for `f64`.
    pub(crate) fn add_transposed_f64(
        t: &[f64],
        t_stride: usize,
        c: &[f64],
        c_stride: usize,
        shape: [usize; 2],
        output: &mut Vec<f64>,
    ) {
        portable::add_transposed(t, t_stride, c, c_stride, shape, output);
    }

    /// [`portable::add_transposed`] for `f32`.
    pub(crate) fn add_transposed_f32(
        t: &[f32],
        t_stride: usize,
        c: &[f32],
        c_stride: usize,
        shape: [usize; 2],
        output: &mut Vec<f32>,
    ) {
        portable::add_transposed(t, t_stride, c, c_stride, shape, output);
    }

    /// [`portable::add_to_transposed`] for `f64`.
    pub(crate) fn add_to_transposed_f64(
        t: &[f64],
        t_stride: usize,
        c: &[f64],
        c_stride: usize,
        shape: [usize; 2],
        output: &mut Vec<f64>,
    ) {
        portable::add_to_transposed(t, t_stride, c, c_stride, shape, output);
    }

    /// [`portable::add_to_transposed`] for `f32`.
    pub(crate) fn add_to_transposed_f32(
        t: &[f32],
        t_stride: usize,
        c: &[f32],
        c_stride: usize,
        shape: [usize; 2],
        output: &mut Vec<f32>,
    ) {
        portable::add_to_transposed(t, t_stride, c, c_stride, shape, output);
    }
}

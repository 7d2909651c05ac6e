//! The benchmark cases of the project's protocol, printed as tab-separated
//! lines `op dtype shape impl median_ns` that line up with the numpy peer's.
//!
//! `cargo bench --bench ops [FILTER] [--check]`: FILTER keeps the cases
//! whose op name contains it; `--check` prints the f64 sum of each result
//! instead of the time, so that implementations can be compared.
//!
//! Every case has a `loops` line (an explicit index loop) and a
//! `vectorized` line (the crate's fast version or operator). The `read`
//! and `triad` lines, with impl `reference`, measure in the same run how
//! fast this machine streams arrays of the benchmark's sizes, so that the
//! bandwidth-bound cases can be read as a fraction of that speed.

// The `loops_` functions show index loops on purpose, as
// `exercises::loops` does, so clippy's advice to iterate does not apply.
#![allow(clippy::needless_range_loop)]

use baretensor::exercises::{loops, vectorized};
use baretensor::{Element, Float, Tensor, TensorView};

mod peak;
mod timing;

/// An element type the cases run on, with its operand generator and its
/// bandwidth reference.
trait BenchFloat: Float + Checksum {
    /// Returns operand `operand` of a case, `len` values in memory placed
    /// as numpy places array data (see [`as_numpy_places`]).
    fn operand(operand: u64, len: usize) -> &'static [Self];

    /// Returns the sum of `values` with the bandwidth reference [`read`].
    fn read(values: &[Self]) -> Self;
}

// `read` takes 128 bytes per step, 32 f32 or 16 f64: 8 SSE registers of
// partial sums. On the machine of BENCHMARKS.md, 32 f64 lanes (16
// registers) took about 35% longer to read 8 MB than 32 f32 lanes did.
impl BenchFloat for f32 {
    fn operand(operand: u64, len: usize) -> &'static [Self] {
        as_numpy_places(timing::operand_f32(operand, len))
    }

    fn read(values: &[Self]) -> Self {
        read::<f32, 32>(values)
    }
}

impl BenchFloat for f64 {
    fn operand(operand: u64, len: usize) -> &'static [Self] {
        as_numpy_places(timing::operand_f64(operand, len))
    }

    fn read(values: &[Self]) -> Self {
        read::<f64, 16>(values)
    }
}

/// Reduces a result to one f64 for `--check`.
trait Checksum {
    fn checksum(&self) -> f64;
}

impl<T: Float> Checksum for Tensor<T> {
    fn checksum(&self) -> f64 {
        self.iter().map(|x| x.to_f64()).sum()
    }
}

impl Checksum for f32 {
    fn checksum(&self) -> f64 {
        f64::from(*self)
    }
}

impl Checksum for f64 {
    fn checksum(&self) -> f64 {
        *self
    }
}

impl<T: Float> Checksum for Vec<T> {
    fn checksum(&self) -> f64 {
        self.iter().map(|x| x.to_f64()).sum()
    }
}

impl<C: Checksum, E> Checksum for Result<C, E> {
    fn checksum(&self) -> f64 {
        self.as_ref().map_or(f64::NAN, Checksum::checksum)
    }
}

struct Runner {
    filter: Option<String>,
    check: bool,
}

impl Runner {
    fn run<R: Checksum>(
        &self,
        op: &str,
        dtype: &str,
        shape: &str,
        implementation: &str,
        mut f: impl FnMut() -> R,
    ) {
        if self
            .filter
            .as_ref()
            .is_some_and(|filter| !op.contains(filter.as_str()))
        {
            return;
        }
        let value = if self.check {
            f().checksum().to_string()
        } else {
            format!("{:.0}", timing::median_ns(&mut f))
        };
        println!("{op}\t{dtype}\t{shape}\t{implementation}\t{value}");
    }

    /// Runs one case twice: the index-loop version, then the vectorized one.
    fn pair<L: Checksum, V: Checksum>(
        &self,
        op: &str,
        dtype: &str,
        shape: &str,
        mut loop_version: impl FnMut() -> L,
        mut vectorized_version: impl FnMut() -> V,
    ) {
        self.run(op, dtype, shape, "loops", &mut loop_version);
        self.run(op, dtype, shape, "vectorized", &mut vectorized_version);
    }
}

fn operand<T: BenchFloat>(operand: u64, shape: &[usize]) -> TensorView<'static, T> {
    let len = shape.iter().product();
    TensorView::from_slice(T::operand(operand, len), shape)
        .expect("the length is the product of the shape")
}

/// The size from which numpy 2.4 on Linux requests huge pages for an
/// array's data (`numpy/_core/src/multiarray/alloc.c`): `1 << 22` bytes.
const HUGE_PAGE_MIN_BYTES: usize = 1 << 22;

/// Returns `values` in memory that the rest of the run keeps, placed as
/// numpy places the data of the arrays it benchmarks.
///
/// numpy calls `madvise(MADV_HUGEPAGE)` on every data buffer of 4 MiB or
/// more, so where Linux enables transparent huge pages on request, its
/// large inputs sit on 2 MiB pages, which need 512 times fewer TLB
/// entries. On the machine of BENCHMARKS.md, numpy's float64 dot of
/// 1000000 elements took 199 us with that and 218 us with it turned off
/// (`numpy._core.multiarray._set_madvise_hugepage(False)`). So that the
/// two programs compare kernels rather than page sizes, each Rust operand
/// of 4 MiB or more is copied into a fresh mapping with the same advice,
/// before its pages are first written. A buffer the allocator reuses would
/// keep the 4 KiB pages it already has, so the mapping is never freed.
/// Smaller operands, and all of them off Linux, are leaked vectors.
fn as_numpy_places<T: Float>(values: Vec<T>) -> &'static [T] {
    let bytes = values.len() * size_of::<T>();
    #[cfg(target_os = "linux")]
    if bytes >= HUGE_PAGE_MIN_BYTES
        && let Some(buffer) = huge_page_buffer::<T>(values.len())
    {
        buffer.copy_from_slice(&values);
        return buffer;
    }
    Vec::leak(values)
}

/// Maps a fresh anonymous region for `len` values of `T`, aligned to 2 MiB
/// and advised for huge pages, or returns `None` if the mapping fails.
#[cfg(target_os = "linux")]
fn huge_page_buffer<T: Float>(len: usize) -> Option<&'static mut [T]> {
    use core::ffi::c_void;

    /// The size of a transparent huge page on x86-64 Linux.
    const HUGE_PAGE: usize = 2 << 20;
    // Values from the Linux UAPI headers `asm-generic/mman-common.h` and
    // `linux/mman.h`.
    const PROT_READ: i32 = 1;
    const PROT_WRITE: i32 = 2;
    const MAP_PRIVATE: i32 = 2;
    const MAP_ANONYMOUS: i32 = 0x20;
    const MADV_HUGEPAGE: i32 = 14;

    unsafe extern "C" {
        fn mmap(
            address: *mut c_void,
            len: usize,
            prot: i32,
            flags: i32,
            fd: i32,
            offset: i64,
        ) -> *mut c_void;
        fn madvise(address: *mut c_void, len: usize, advice: i32) -> i32;
    }

    let bytes = len.checked_mul(size_of::<T>())?;
    let mapped_bytes = bytes.checked_add(HUGE_PAGE)?;
    // SAFETY: an anonymous private mapping at an address of the kernel's
    // choice touches no existing memory. A failure returns MAP_FAILED,
    // which is -1 as a pointer.
    let mapped = unsafe {
        mmap(
            core::ptr::null_mut(),
            mapped_bytes,
            PROT_READ | PROT_WRITE,
            MAP_PRIVATE | MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    if mapped as isize == -1 {
        return None;
    }
    let start = mapped.cast::<u8>();
    let skip = start.align_offset(HUGE_PAGE);
    // SAFETY: `skip` is below HUGE_PAGE, so `start + skip` and the `bytes`
    // after it lie inside the `bytes + HUGE_PAGE` bytes just mapped, which
    // nothing else uses. A failed madvise leaves normal pages, which only
    // changes the timing, so its result is ignored. The mapping is
    // readable, writable, zeroed and never unmapped, and all-zero bits are
    // the value 0.0 of every float type, so a `'static` slice of `len`
    // values over it is valid.
    unsafe {
        let aligned = start.add(skip);
        madvise(aligned.cast(), bytes, MADV_HUGEPAGE);
        Some(core::slice::from_raw_parts_mut(aligned.cast::<T>(), len))
    }
}

// Index-loop versions of the tensor's own operations, written as
// `exercises::loops` is: every element is read through
// `offset + i*strides[0] + j*strides[1]`, and results are built in
// row-major order. They are the `loops` lines of those cases.

/// Returns the buffer index of element `[i]` of a rank-1 view.
fn offset1<T: Element>(x: &TensorView<'_, T>, i: usize) -> usize {
    (x.offset() as isize + i as isize * x.strides()[0]) as usize
}

/// Returns the buffer index of element `[i, j]` of a rank-2 view.
fn offset2<T: Element>(x: &TensorView<'_, T>, i: usize, j: usize) -> usize {
    let strides = x.strides();
    (x.offset() as isize + i as isize * strides[0] + j as isize * strides[1]) as usize
}

/// Returns `matrix + row` for a `(rows, columns)` matrix and a `(columns,)` row.
fn loops_add_row<T: Float>(matrix: &TensorView<'_, T>, row: &TensorView<'_, T>) -> Tensor<T> {
    let (rows, columns) = (matrix.shape()[0], matrix.shape()[1]);
    let mut out = Vec::with_capacity(rows * columns);
    for i in 0..rows {
        for j in 0..columns {
            let value = matrix.buffer()[offset2(matrix, i, j)] + row.buffer()[offset1(row, j)];
            out.push(value);
        }
    }
    Tensor::from_vec(out, &[rows, columns]).expect("one element per index")
}

/// Returns `column + row` for a `(rows, 1)` column and a `(1, columns)`
/// row: the `(rows, columns)` table of their sums.
fn loops_add_outer<T: Float>(column: &TensorView<'_, T>, row: &TensorView<'_, T>) -> Tensor<T> {
    let (rows, columns) = (column.shape()[0], row.shape()[1]);
    let mut out = Vec::with_capacity(rows * columns);
    for i in 0..rows {
        for j in 0..columns {
            let value = column.buffer()[offset2(column, i, 0)] + row.buffer()[offset2(row, 0, j)];
            out.push(value);
        }
    }
    Tensor::from_vec(out, &[rows, columns]).expect("one element per index")
}

/// Returns the sums of the columns of a matrix, with shape `(1, columns)`.
fn loops_sum_axis0<T: Float>(matrix: &TensorView<'_, T>) -> Tensor<T> {
    let (rows, columns) = (matrix.shape()[0], matrix.shape()[1]);
    let mut out = vec![T::ZERO; columns];
    // Row by row, so that the matrix is read in the order it is stored.
    for i in 0..rows {
        for j in 0..columns {
            out[j] += matrix.buffer()[offset2(matrix, i, j)];
        }
    }
    Tensor::from_vec(out, &[1, columns]).expect("one sum per column")
}

/// Returns the sums of the rows of a matrix, with shape `(rows, 1)`.
fn loops_sum_axis1<T: Float>(matrix: &TensorView<'_, T>) -> Tensor<T> {
    let (rows, columns) = (matrix.shape()[0], matrix.shape()[1]);
    let mut out = vec![T::ZERO; rows];
    for i in 0..rows {
        for j in 0..columns {
            out[i] += matrix.buffer()[offset2(matrix, i, j)];
        }
    }
    Tensor::from_vec(out, &[rows, 1]).expect("one sum per row")
}

/// Returns the sum of all elements of a rank-1 view.
fn loops_sum_all<T: Float>(x: &TensorView<'_, T>) -> T {
    let mut sum = T::ZERO;
    for i in 0..x.shape()[0] {
        sum += x.buffer()[offset1(x, i)];
    }
    sum
}

/// Returns `a + b` for two views of the same rank-2 shape. Called with the
/// transposed view `matrix.t()` as `a`, it reads `a` with its swapped
/// strides, as numpy's `A.T + B` does, without a copy.
fn loops_transpose_add<T: Float>(a: &TensorView<'_, T>, b: &TensorView<'_, T>) -> Tensor<T> {
    let (rows, columns) = (a.shape()[0], a.shape()[1]);
    let mut out = Vec::with_capacity(rows * columns);
    for i in 0..rows {
        for j in 0..columns {
            out.push(a.buffer()[offset2(a, i, j)] + b.buffer()[offset2(b, i, j)]);
        }
    }
    Tensor::from_vec(out, &[rows, columns]).expect("one element per index")
}

/// Returns the matrix product of a `(rows, inner)` and an `(inner,
/// columns)` matrix.
fn loops_matmul<T: Float>(a: &TensorView<'_, T>, b: &TensorView<'_, T>) -> Tensor<T> {
    let (rows, inner, columns) = (a.shape()[0], a.shape()[1], b.shape()[1]);
    let mut out = vec![T::ZERO; rows * columns];
    // The order i, k, j walks a row of `b` and a row of `out` in the inner
    // loop. The textbook order i, j, k walks a column of `b` instead, which
    // at 1024x1024 misses the cache on nearly every read and takes many
    // seconds per call.
    for i in 0..rows {
        for k in 0..inner {
            let scale = a.buffer()[offset2(a, i, k)];
            for j in 0..columns {
                out[i * columns + j] += scale * b.buffer()[offset2(b, k, j)];
            }
        }
    }
    Tensor::from_vec(out, &[rows, columns]).expect("one element per index")
}

// Reference kernels for the bandwidth of this machine. Arrays of 4 to 24 MB
// do not fit in a core's L2 cache, so on a machine with a larger L3 cache
// these measure L3 bandwidth rather than main memory, as the cases of the
// same sizes do. Each kernel moves a known number of bytes, so its
// bandwidth is
//     GB/s = bytes moved / median_ns
// (bytes per nanosecond is gigabytes per second). `read` moves
// `len * size_of::<T>()` bytes; `triad` moves `3 * len * size_of::<T>()`:
// two inputs read and one output written. The extra read of the output's
// cache lines before they are written (write-allocate) is not counted, so
// that the figure compares with other code that writes an output.

/// Returns the sum of `values`, in `LANES` partial sums that the compiler
/// keeps in vector registers. With enough of them the loop is limited by
/// the speed of the data, not by the latency of one addition; with too
/// many the registers run out.
fn read<T: Float, const LANES: usize>(values: &[T]) -> T {
    let mut partial = [T::ZERO; LANES];
    let chunks = values.chunks_exact(LANES);
    let mut total = chunks.remainder().iter().fold(T::ZERO, |sum, &x| sum + x);
    for chunk in chunks {
        for (sum, &x) in partial.iter_mut().zip(chunk) {
            *sum += x;
        }
    }
    for sum in partial {
        total += sum;
    }
    total
}

/// Returns the new vector `b + scale * c`, the STREAM triad.
fn triad<T: Float>(b: &[T], c: &[T], scale: T) -> Vec<T> {
    b.iter().zip(c).map(|(&b, &c)| b + scale * c).collect()
}

/// Runs the bandwidth references: `read` of 1000000 elements, the working
/// set of the sums over one array, and of 2000000 elements, that of dot,
/// l1 and l2 over two arrays, and `triad` of 1000000 elements, that of
/// multiply. The cache level a working set fits in sets its bandwidth, so
/// each case is compared with a reference of its own size.
fn references<T: BenchFloat>(runner: &Runner) {
    let dtype = T::DTYPE;
    for len in [1_000_000, 2_000_000] {
        let values = T::operand(0, len);
        runner.run("read", dtype, &len.to_string(), "reference", || {
            T::read(values)
        });
    }
    let (b, c) = (T::operand(0, 1_000_000), T::operand(1, 1_000_000));
    let scale = T::from_f64(0.5);
    runner.run("triad", dtype, "1000000", "reference", || {
        triad(b, c, scale)
    });
}

fn cases<T: BenchFloat>(runner: &Runner) {
    let dtype = T::DTYPE;
    for len in [1000, 1_000_000] {
        let shape = len.to_string();
        let (x, y) = (operand::<T>(0, &[len]), operand::<T>(1, &[len]));
        runner.pair(
            "sigmoid",
            dtype,
            &shape,
            || loops::sigmoid(&x),
            || vectorized::sigmoid(&x),
        );
        runner.pair(
            "sigmoid_derivative",
            dtype,
            &shape,
            || loops::sigmoid_derivative(&x),
            || vectorized::sigmoid_derivative(&x),
        );
        runner.pair(
            "l1",
            dtype,
            &shape,
            || loops::l1(&x, &y),
            || vectorized::l1(&x, &y),
        );
        runner.pair(
            "l2",
            dtype,
            &shape,
            || loops::l2(&x, &y),
            || vectorized::l2(&x, &y),
        );
        runner.pair(
            "dot",
            dtype,
            &shape,
            || loops::dot(&x, &y),
            || vectorized::dot(&x, &y),
        );
        runner.pair(
            "multiply",
            dtype,
            &shape,
            || loops::multiply(&x, &y),
            || vectorized::multiply(&x, &y),
        );
    }

    let matrix = operand::<T>(0, &[1000, 1000]);
    runner.pair(
        "softmax",
        dtype,
        "1000x1000",
        || loops::softmax(&matrix),
        || vectorized::softmax(&matrix),
    );
    runner.pair(
        "normalize_rows",
        dtype,
        "1000x1000",
        || loops::normalize_rows(&matrix),
        || vectorized::normalize_rows(&matrix),
    );

    let (x, y) = (operand::<T>(0, &[1000]), operand::<T>(1, &[1000]));
    runner.pair(
        "outer",
        dtype,
        "1000",
        || loops::outer(&x, &y),
        || vectorized::outer(&x, &y),
    );
    runner.pair(
        "matvec",
        dtype,
        "1000x1000",
        // The vector is operand 1 of the case, as in the numpy peer.
        || loops::matvec(&matrix, &y),
        || vectorized::matvec(&matrix, &y),
    );

    // Operations of the tensor itself: the crate's operator is `vectorized`.
    let other = operand::<T>(1, &[1000, 1000]);
    let row = operand::<T>(1, &[1000]);
    runner.pair(
        "add_row",
        dtype,
        "1000x1000",
        || loops_add_row(&matrix.view(), &row.view()),
        || &matrix + &row,
    );
    let column = operand::<T>(0, &[1000, 1]);
    let row = operand::<T>(1, &[1, 1000]);
    runner.pair(
        "add_outer",
        dtype,
        "1000x1000",
        || loops_add_outer(&column.view(), &row.view()),
        || &column + &row,
    );
    reduction_cases(runner, &matrix);
    runner.pair(
        "transpose_add",
        dtype,
        "1000x1000",
        || loops_transpose_add(&matrix.t(), &other.view()),
        || matrix.t() + &other,
    );
    matmul_cases::<T>(runner);
}

/// Runs the sums along each axis of `matrix` and over a 1000000-element vector.
fn reduction_cases<T: BenchFloat>(runner: &Runner, matrix: &TensorView<'static, T>) {
    let dtype = T::DTYPE;
    runner.pair(
        "sum_axis0",
        dtype,
        "1000x1000",
        || loops_sum_axis0(&matrix.view()),
        || matrix.sum_axis(0, true),
    );
    runner.pair(
        "sum_axis1",
        dtype,
        "1000x1000",
        || loops_sum_axis1(&matrix.view()),
        || matrix.sum_axis(1, true),
    );
    let flat = operand::<T>(0, &[1_000_000]);
    runner.pair(
        "sum_all",
        dtype,
        "1000000",
        || loops_sum_all(&flat.view()),
        || flat.sum(),
    );
}

/// Runs the matrix products of 256x256 and 1024x1024 matrices, after the
/// `matmul_peak` reference line: the time of [`peak::fused_peak`], whose
/// shape column is its number of floating-point operations.
fn matmul_cases<T: BenchFloat>(runner: &Runner) {
    if !runner.check
        && let Some((flops, mut call)) = peak::fused_peak(T::DTYPE)
    {
        runner.run(
            "matmul_peak",
            T::DTYPE,
            &flops.to_string(),
            "reference",
            || {
                call();
                0.0_f64
            },
        );
    }
    for size in [256, 1024] {
        let (a, b) = (
            operand::<T>(0, &[size, size]),
            operand::<T>(1, &[size, size]),
        );
        runner.pair(
            "matmul",
            T::DTYPE,
            &format!("{size}x{size}"),
            || loops_matmul(&a.view(), &b.view()),
            || a.matmul(&b),
        );
    }
}

fn main() {
    // `cargo bench` passes `--bench` to every bench target; skip it.
    let arguments: Vec<String> = std::env::args()
        .skip(1)
        .filter(|argument| argument != "--bench")
        .collect();
    let runner = Runner {
        check: arguments.iter().any(|argument| argument == "--check"),
        filter: arguments
            .iter()
            .find(|argument| !argument.starts_with("--"))
            .cloned(),
    };
    println!("op\tdtype\tshape\timpl\tmedian_ns");
    references::<f32>(&runner);
    references::<f64>(&runner);
    cases::<f32>(&runner);
    cases::<f64>(&runner);
}

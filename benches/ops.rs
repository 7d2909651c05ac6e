//! The benchmark cases of the project's protocol, printed as tab-separated
//! lines `op dtype shape impl median_ns` that line up with the numpy peer's.
//!
//! `cargo bench --bench ops [FILTER] [--check]`: FILTER keeps the cases
//! whose op name contains it; `--check` prints the f64 sum of each result
//! instead of the time, so that implementations can be compared.

use baretensor::exercises::{loops, vectorized};
use baretensor::{Float, Tensor};

mod timing;

/// An element type the cases run on, with its operand generator.
trait BenchFloat: Float + Checksum {
    fn operand(operand: u64, len: usize) -> Vec<Self>;
}

impl BenchFloat for f32 {
    fn operand(operand: u64, len: usize) -> Vec<Self> {
        timing::operand_f32(operand, len)
    }
}

impl BenchFloat for f64 {
    fn operand(operand: u64, len: usize) -> Vec<Self> {
        timing::operand_f64(operand, len)
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

    /// Runs one exercise case for both implementations.
    fn pair<R: Checksum>(
        &self,
        op: &str,
        dtype: &str,
        shape: &str,
        mut loop_version: impl FnMut() -> R,
        mut vectorized_version: impl FnMut() -> R,
    ) {
        self.run(op, dtype, shape, "loops", &mut loop_version);
        self.run(op, dtype, shape, "vectorized", &mut vectorized_version);
    }
}

fn operand<T: BenchFloat>(operand: u64, shape: &[usize]) -> Tensor<T> {
    let len = shape.iter().product();
    Tensor::from_vec(T::operand(operand, len), shape)
        .expect("the length is the product of the shape")
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
        || loops::matvec(&matrix, &x),
        || vectorized::matvec(&matrix, &x),
    );

    // Operations of the tensor itself: one implementation each so far.
    let other = operand::<T>(1, &[1000, 1000]);
    let column = operand::<T>(0, &[1000, 1]);
    let row = operand::<T>(1, &[1, 1000]);
    let flat = operand::<T>(0, &[1_000_000]);
    runner.run("add_row", dtype, "1000x1000", "vectorized", || {
        &matrix + &operand::<T>(1, &[1000])
    });
    runner.run("add_outer", dtype, "1000x1000", "vectorized", || {
        &column + &row
    });
    runner.run("sum_axis0", dtype, "1000x1000", "vectorized", || {
        matrix.sum_axis(0, true)
    });
    runner.run("sum_axis1", dtype, "1000x1000", "vectorized", || {
        matrix.sum_axis(1, true)
    });
    runner.run("sum_all", dtype, "1000000", "vectorized", || flat.sum());
    runner.run("transpose_add", dtype, "1000x1000", "vectorized", || {
        matrix.t() + &other
    });
    for size in [256, 1024] {
        let (a, b) = (
            operand::<T>(0, &[size, size]),
            operand::<T>(1, &[size, size]),
        );
        runner.run(
            "matmul",
            dtype,
            &format!("{size}x{size}"),
            "vectorized",
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
    cases::<f32>(&runner);
    cases::<f64>(&runner);
}

//! The "Python Basics with Numpy" notebook, run with baretensor.
//!
//! Every exercise runs on the course's own inputs and prints its result as
//! numpy prints it. Then a real photograph goes through `image2vector`,
//! and a table shows how much faster the vectorized versions are than the
//! index loops, which is the notebook's point.
//!
//! Run it with `cargo run --release --example python_basics [IMAGE.ppm]`.
//! Without an argument it reads `examples/data/chelsea64.ppm`, a 64 x 64
//! photograph of Chelsea the cat (CC0, from scikit-image's sample data).

use std::process::ExitCode;

use baretensor::exercises::{loops, vectorized};
use baretensor::ppm::{PpmError, read_ppm};
use baretensor::{ShapeError, Tensor, tensor};

#[path = "../benches/timing/mod.rs"]
mod timing;

const USAGE: &str = "usage: python_basics [IMAGE.ppm]
  IMAGE.ppm   a binary P6 PPM with maxval up to 255 (default: examples/data/chelsea64.ppm)
  -h, --help  print this message and exit";

const DEFAULT_IMAGE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/chelsea64.ppm");

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let path = match arguments.as_slice() {
        [] => DEFAULT_IMAGE,
        [flag] if flag == "-h" || flag == "--help" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        [option] if option.starts_with('-') => {
            eprintln!("error: unknown option '{option}'\n{USAGE}");
            return ExitCode::FAILURE;
        }
        [path] => path.as_str(),
        _ => {
            eprintln!(
                "error: expected at most one image path, got {} arguments\n{USAGE}",
                arguments.len()
            );
            return ExitCode::FAILURE;
        }
    };

    // Check the image before the long output, so that a wrong path is
    // reported first. `photograph` reads it again below.
    if let Err(error) = std::fs::metadata(path) {
        eprintln!("error: cannot read {path}: {error}\n{USAGE}");
        return ExitCode::FAILURE;
    }

    if let Err(error) = course_exercises() {
        eprintln!("error: {error}");
        return ExitCode::FAILURE;
    }

    if let Err(error) = photograph(path) {
        match error.downcast_ref::<PpmError>() {
            // An I/O error already names the path.
            Some(PpmError::Io { .. }) => eprintln!("error: {error}"),
            _ => eprintln!("error: {path}: {error}"),
        }
        eprintln!("{USAGE}");
        return ExitCode::FAILURE;
    }

    timing_table();
    ExitCode::SUCCESS
}

/// Formats a shape as numpy prints it: `(64, 64, 3)`, `(18,)`, `()`.
fn tuple(shape: &[usize]) -> String {
    let lengths: Vec<String> = shape.iter().map(|length| length.to_string()).collect();
    match lengths.len() {
        1 => format!("({},)", lengths[0]),
        _ => format!("({})", lengths.join(", ")),
    }
}

fn heading(title: &str) {
    println!("\n== {title} ==");
}

/// Prints every exercise on the inputs the course uses.
fn course_exercises() -> Result<(), ShapeError> {
    heading("sigmoid and its derivative");
    let x: Tensor<f64> = tensor![1.0, 2.0, 3.0];
    println!("sigmoid(x) = {}", vectorized::sigmoid(&x));
    println!(
        "sigmoid_derivative(x) = {}",
        vectorized::sigmoid_derivative(&x)
    );

    heading("image2vector");
    let image: Tensor<f64> = tensor![
        [
            [0.67826139, 0.29380381],
            [0.90714982, 0.52835647],
            [0.4215251, 0.45017551]
        ],
        [
            [0.92814219, 0.96677647],
            [0.85304703, 0.52351845],
            [0.19981397, 0.27417313]
        ],
        [
            [0.60659855, 0.00533165],
            [0.10820313, 0.49978937],
            [0.34144279, 0.94630077]
        ]
    ];
    println!(
        "image2vector(image) = {}",
        vectorized::image2vector(&image)?
    );

    heading("normalize_rows");
    let x: Tensor<f64> = tensor![[0.0, 3.0, 4.0], [1.0, 6.0, 4.0]];
    println!("normalizeRows(x) = {}", vectorized::normalize_rows(&x)?);

    heading("softmax");
    let x: Tensor<f64> = tensor![[9.0, 2.0, 5.0, 0.0, 0.0], [7.0, 5.0, 0.0, 0.0, 0.0]];
    println!("softmax(x) = {}", vectorized::softmax(&x)?);

    heading("L1 and L2 losses");
    let yhat: Tensor<f64> = tensor![0.9, 0.2, 0.1, 0.4, 0.9];
    let y: Tensor<f64> = tensor![1.0, 0.0, 0.0, 1.0, 1.0];
    println!("L1 = {}", Tensor::scalar(vectorized::l1(&yhat, &y)?));
    println!("L2 = {}", Tensor::scalar(vectorized::l2(&yhat, &y)?));

    heading("products of integer vectors");
    let x1: Tensor<i64> = tensor![9, 2, 5, 0, 0, 7, 5, 0, 0, 0, 9, 2, 5, 0, 0];
    let x2: Tensor<i64> = tensor![9, 2, 2, 9, 0, 9, 2, 5, 0, 0, 9, 2, 5, 0, 0];
    println!("dot = {}", Tensor::scalar(vectorized::dot(&x1, &x2)?));
    println!("outer = {}", vectorized::outer(&x1, &x2));
    println!(
        "elementwise multiplication = {}",
        vectorized::multiply(&x1, &x2)?
    );
    // The course draws W at random; this W has the rows x1, x2 and x1 + x2,
    // so W x1 is [x1.x1, x2.x1, x1.x1 + x2.x1] and can be checked by hand.
    let w = Tensor::from_vec(
        [x1.to_vec(), x2.to_vec(), (&x1 + &x2).to_vec()].concat(),
        &[3, 15],
    )?;
    println!("gdot = W x1 = {}", vectorized::matvec(&w, &x1)?);
    Ok(())
}

/// Reads a photograph and flattens it as the course flattens its cat
/// pictures before logistic regression.
fn photograph(path: &str) -> Result<(), Box<dyn std::error::Error>> {
    heading("a real photograph");
    let ppm = read_ppm(path)?;
    let maxval = f64::from(ppm.maxval);
    let image = ppm.into_tensor();
    println!("read {path}");
    println!("image shape: {}", tuple(image.shape()));

    let column = vectorized::image2vector(&image)?;
    println!("image2vector(image) shape: {}", tuple(column.shape()));

    // The course divides 8-bit samples by 255 to bring them into [0, 1];
    // a PPM's full intensity is its maxval, 255 in most files.
    let scaled = column.map(|sample| f64::from(sample) / maxval);
    let pixel_count = image.len() / 3;
    let shown_count = pixel_count.min(2);
    let pixels = scaled.reshape(&[pixel_count, 3])?;
    let shown = pixels.to_vec()[..shown_count * 3].to_vec();
    println!(
        "first {shown_count} pixel(s) (R, G, B) scaled to [0, 1]:\n{}",
        Tensor::from_vec(shown, &[shown_count, 3])?
    );
    println!(
        "mean of all scaled samples: {}",
        Tensor::scalar(scaled.mean())
    );
    Ok(())
}

/// One row of the timing table: the median time of the loop version and
/// of the vectorized version of one exercise on one input.
fn time_pair<R>(
    name: &str,
    size: &str,
    mut loop_version: impl FnMut() -> R,
    mut vectorized_version: impl FnMut() -> R,
) {
    let loop_ns = timing::median_ns(&mut loop_version);
    let vectorized_ns = timing::median_ns(&mut vectorized_version);
    println!(
        "{name:<10} {size:>11} {:>12} {:>12} {:>8.1}x",
        timing::format_ns(loop_ns),
        timing::format_ns(vectorized_ns),
        loop_ns / vectorized_ns
    );
}

fn random_tensor(operand: u64, shape: &[usize]) -> Tensor<f64> {
    let len = shape.iter().product();
    Tensor::from_vec(timing::operand_f64(operand, len), shape)
        .expect("the length is the product of the shape")
}

/// Times both versions of six exercises at the course's size and at a
/// million elements.
fn timing_table() {
    heading("loops versus vectorized, median time per call (f64)");
    if cfg!(debug_assertions) {
        println!("(this is a debug build; run with --release for meaningful times)");
    }
    println!(
        "{:<10} {:>11} {:>12} {:>12} {:>9}",
        "exercise", "input", "loops", "vectorized", "speedup"
    );

    for (len, label) in [(15, "15"), (1_000_000, "1000000")] {
        let (x1, x2) = (random_tensor(0, &[len]), random_tensor(1, &[len]));
        time_pair(
            "dot",
            label,
            || loops::dot(&x1, &x2),
            || vectorized::dot(&x1, &x2),
        );
        time_pair(
            "multiply",
            label,
            || loops::multiply(&x1, &x2),
            || vectorized::multiply(&x1, &x2),
        );
        time_pair(
            "sigmoid",
            label,
            || loops::sigmoid(&x1),
            || vectorized::sigmoid(&x1),
        );
    }
    for (len, label) in [(15, "15"), (1000, "1000")] {
        let (x1, x2) = (random_tensor(0, &[len]), random_tensor(1, &[len]));
        time_pair(
            "outer",
            label,
            || loops::outer(&x1, &x2),
            || vectorized::outer(&x1, &x2),
        );
    }
    for (rows, columns, label) in [(3, 15, "3x15"), (1000, 1000, "1000x1000")] {
        let (w, x) = (
            random_tensor(0, &[rows, columns]),
            random_tensor(1, &[columns]),
        );
        time_pair(
            "matvec",
            label,
            || loops::matvec(&w, &x),
            || vectorized::matvec(&w, &x),
        );
    }
    for (rows, columns, label) in [(2, 5, "2x5"), (1000, 1000, "1000x1000")] {
        let x = random_tensor(0, &[rows, columns]);
        time_pair(
            "softmax",
            label,
            || loops::softmax(&x),
            || vectorized::softmax(&x),
        );
    }
    println!("speedup = loops median / vectorized median, measured in this run");
}

//! The course's published outputs, as numpy 2.4 prints them with default
//! print options, for both versions of every exercise.
//!
//! The course notebook shows these values with an older numpy, which put
//! extra spaces before each number. numpy 2 prints the same digits in the
//! layout below, and `Display` must match it byte for byte.

use baretensor::exercises::{loops, vectorized};
use baretensor::{ShapeError, Tensor, tensor};

/// Runs one exercise through both versions and checks that each prints as
/// `expected`.
fn assert_both_print(
    name: &str,
    loop_result: impl ToString,
    vectorized_result: impl ToString,
    expected: &str,
) {
    assert_eq!(loop_result.to_string(), expected, "loops::{name}");
    assert_eq!(
        vectorized_result.to_string(),
        expected,
        "vectorized::{name}"
    );
}

#[test]
fn sigmoid_prints_course_output() {
    let x: Tensor<f64> = tensor![1.0, 2.0, 3.0];
    assert_both_print(
        "sigmoid",
        loops::sigmoid(&x),
        vectorized::sigmoid(&x),
        "[0.73105858 0.88079708 0.95257413]",
    );
}

#[test]
fn sigmoid_derivative_prints_course_output() {
    let x: Tensor<f64> = tensor![1.0, 2.0, 3.0];
    assert_both_print(
        "sigmoid_derivative",
        loops::sigmoid_derivative(&x),
        vectorized::sigmoid_derivative(&x),
        "[0.19661193 0.10499359 0.04517666]",
    );
}

#[test]
fn normalize_rows_prints_course_output() -> Result<(), ShapeError> {
    let x: Tensor<f64> = tensor![[0.0, 3.0, 4.0], [1.0, 6.0, 4.0]];
    assert_both_print(
        "normalize_rows",
        loops::normalize_rows(&x)?,
        vectorized::normalize_rows(&x)?,
        "[[0.         0.6        0.8       ]\n [0.13736056 0.82416338 0.54944226]]",
    );
    Ok(())
}

#[test]
fn softmax_prints_course_output() -> Result<(), ShapeError> {
    let x: Tensor<f64> = tensor![[9.0, 2.0, 5.0, 0.0, 0.0], [7.0, 5.0, 0.0, 0.0, 0.0]];
    // numpy wraps each row at 75 characters, after the fourth number.
    let expected = "[[9.80897665e-01 8.94462891e-04 1.79657674e-02 1.21052389e-04\n  1.21052389e-04]\n [8.78679856e-01 1.18916387e-01 8.01252314e-04 8.01252314e-04\n  8.01252314e-04]]";
    assert_both_print(
        "softmax",
        loops::softmax(&x)?,
        vectorized::softmax(&x)?,
        expected,
    );
    Ok(())
}

#[test]
fn image2vector_prints_course_column() -> Result<(), ShapeError> {
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
    let rows = [
        "0.67826139",
        "0.29380381",
        "0.90714982",
        "0.52835647",
        "0.4215251 ",
        "0.45017551",
        "0.92814219",
        "0.96677647",
        "0.85304703",
        "0.52351845",
        "0.19981397",
        "0.27417313",
        "0.60659855",
        "0.00533165",
        "0.10820313",
        "0.49978937",
        "0.34144279",
        "0.94630077",
    ];
    let expected = format!("[[{}]]", rows.join("]\n ["));
    assert_both_print(
        "image2vector",
        loops::image2vector(&image)?,
        vectorized::image2vector(&image)?,
        &expected,
    );
    Ok(())
}

#[test]
fn losses_print_course_output() -> Result<(), ShapeError> {
    let yhat: Tensor<f64> = tensor![0.9, 0.2, 0.1, 0.4, 0.9];
    let y: Tensor<f64> = tensor![1.0, 0.0, 0.0, 1.0, 1.0];
    assert_both_print(
        "l1",
        Tensor::scalar(loops::l1(&yhat, &y)?),
        Tensor::scalar(vectorized::l1(&yhat, &y)?),
        "1.1",
    );
    assert_both_print(
        "l2",
        Tensor::scalar(loops::l2(&yhat, &y)?),
        Tensor::scalar(vectorized::l2(&yhat, &y)?),
        "0.43",
    );
    Ok(())
}

#[test]
fn integer_products_print_course_output() -> Result<(), ShapeError> {
    let x1: Tensor<i64> = tensor![9, 2, 5, 0, 0, 7, 5, 0, 0, 0, 9, 2, 5, 0, 0];
    let x2: Tensor<i64> = tensor![9, 2, 2, 9, 0, 9, 2, 5, 0, 0, 9, 2, 5, 0, 0];
    assert_both_print(
        "dot",
        Tensor::scalar(loops::dot(&x1, &x2)?),
        Tensor::scalar(vectorized::dot(&x1, &x2)?),
        "278",
    );
    assert_both_print(
        "multiply",
        loops::multiply(&x1, &x2)?,
        vectorized::multiply(&x1, &x2)?,
        "[81  4 10  0  0 63 10  0  0  0 81  4 25  0  0]",
    );

    let outer_rows = [
        "[81 18 18 81  0 81 18 45  0  0 81 18 45  0  0]",
        "[18  4  4 18  0 18  4 10  0  0 18  4 10  0  0]",
        "[45 10 10 45  0 45 10 25  0  0 45 10 25  0  0]",
        "[ 0  0  0  0  0  0  0  0  0  0  0  0  0  0  0]",
        "[ 0  0  0  0  0  0  0  0  0  0  0  0  0  0  0]",
        "[63 14 14 63  0 63 14 35  0  0 63 14 35  0  0]",
        "[45 10 10 45  0 45 10 25  0  0 45 10 25  0  0]",
        "[ 0  0  0  0  0  0  0  0  0  0  0  0  0  0  0]",
        "[ 0  0  0  0  0  0  0  0  0  0  0  0  0  0  0]",
        "[ 0  0  0  0  0  0  0  0  0  0  0  0  0  0  0]",
        "[81 18 18 81  0 81 18 45  0  0 81 18 45  0  0]",
        "[18  4  4 18  0 18  4 10  0  0 18  4 10  0  0]",
        "[45 10 10 45  0 45 10 25  0  0 45 10 25  0  0]",
        "[ 0  0  0  0  0  0  0  0  0  0  0  0  0  0  0]",
        "[ 0  0  0  0  0  0  0  0  0  0  0  0  0  0  0]",
    ];
    let expected = format!("[{}]", outer_rows.join("\n "));
    assert_both_print(
        "outer",
        loops::outer(&x1, &x2),
        vectorized::outer(&x1, &x2),
        &expected,
    );

    // The course draws W at random. Rows x1, x2 and x1 + x2 give a product
    // that can be checked by hand: [x1.x1, x2.x1, x1.x1 + x2.x1].
    let w = Tensor::from_vec(
        [x1.to_vec(), x2.to_vec(), (&x1 + &x2).to_vec()].concat(),
        &[3, 15],
    )?;
    assert_both_print(
        "matvec",
        loops::matvec(&w, &x1)?,
        vectorized::matvec(&w, &x1)?,
        "[294 278 572]",
    );
    Ok(())
}

#[test]
fn photograph_flattens_to_column() -> Result<(), Box<dyn std::error::Error>> {
    let bytes = include_bytes!("../examples/data/chelsea64.ppm");
    let image = baretensor::ppm::parse_ppm(bytes)?.into_tensor();
    assert_eq!(image.shape(), &[64, 64, 3]);

    let column = vectorized::image2vector(&image)?;
    assert_eq!(column.shape(), &[12288, 1]);
    assert_eq!(column, loops::image2vector(&image)?);

    // The first two pixels, read from the numpy copy of the same image
    // (chelsea64.npy, uint8), divided by 255 as the course scales pixels.
    let first_pixels = image
        .reshape(&[4096, 3])?
        .map(|sample| f64::from(sample) / 255.0);
    let first_two = Tensor::from_vec(first_pixels.to_vec()[..6].to_vec(), &[2, 3])?;
    assert_eq!(
        first_two.to_string(),
        "[[0.56862745 0.47843137 0.41960784]\n [0.57254902 0.48235294 0.41568627]]"
    );
    Ok(())
}

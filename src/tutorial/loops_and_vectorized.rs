//! Chapter 5: the loop version and the vectorized version.
//!
//! Every exercise exists twice. [`exercises::loops`](crate::exercises::loops)
//! visits each index and computes its buffer position with the formula of
//! chapter 1. [`exercises::vectorized`](crate::exercises::vectorized) works
//! on contiguous slices in a form the compiler can turn into SIMD
//! instructions, which handle 4, 8 or 16 numbers at once.
//!
//! # Elementwise functions vectorize by themselves
//!
//! `sigmoid` computes each output from one input, so the compiler may
//! compute 8 of them with one instruction: the results do not depend on
//! the order. Both versions call the same scalar formula, so they agree
//! bit for bit.
//!
//! ```
//! use baretensor::exercises::{loops, vectorized};
//! use baretensor::tensor;
//!
//! let x = tensor![[-2.0, 0.0, 3.0], [1.0, 2.0, -1.0]];
//! assert_eq!(loops::sigmoid(&x), vectorized::sigmoid(&x));
//! // Also on a transposed view, which the vectorized version first copies.
//! assert_eq!(loops::sigmoid(&x.t()), vectorized::sigmoid(&x.t()));
//! ```
//!
//! # A sum with one accumulator does not
//!
//! ```text
//! total = 0
//! for x in values: total = total + x        ((((0 + x0) + x1) + x2) + x3) ...
//! ```
//!
//! Each addition needs the result of the one before, so they run one after
//! another, and a vector unit cannot start the next one early. Splitting
//! the sum into lanes would help, but it changes the order of the
//! additions, and float addition is not associative: `(a + b) + c` and
//! `a + (b + c)` can round differently. The compiler must keep the order
//! the code states, so it leaves a single-accumulator loop scalar.
//!
//! ```
//! let (a, b, c) = (1e16_f64, -1e16_f64, 1.0_f64);
//! assert_eq!((a + b) + c, 1.0);
//! assert_eq!(a + (b + c), 0.0);
//! ```
//!
//! # Several accumulators, written out, do
//!
//! Most vectorized sums keep 32 independent partial sums (sums along the
//! last axis of a matrix keep 8 per row): element `i` goes to accumulator
//! `i % 32`, and the 32 are added at the end in a fixed tree. The order is now stated in the source, so the compiler may keep
//! the partial sums in vector registers, and every build and every CPU
//! gives the same result.
//!
//! ```text
//! lane:    0    1    2   ...  31
//!         x0   x1   x2   ...  x31
//!       + x32  x33  x34  ...  x63
//!       + ...
//! then: lane 0..15 += lane 16..31, lane 0..7 += lane 8..15, ... lane 0
//! ```
//!
//! The two versions then round differently, by at most about `n` times
//! the machine epsilon times the sum of the magnitudes for `n` terms.
//! Integer sums are exact, so they agree exactly.
//!
//! ```
//! use baretensor::exercises::{loops, vectorized};
//! use baretensor::Tensor;
//!
//! let n = 10_000;
//! let x = Tensor::from_shape_fn(&[n], |index| 1.0 / (index[0] as f64 + 1.0))?;
//! let y = Tensor::from_shape_fn(&[n], |index| (index[0] % 7) as f64)?;
//! let (one, many) = (loops::dot(&x, &y)?, vectorized::dot(&x, &y)?);
//!
//! // Both are close to the exact value, within n * epsilon * sum(|x * y|).
//! let magnitude: f64 = x.iter().zip(y.iter()).map(|(a, b)| (a * b).abs()).sum();
//! let bound = n as f64 * f64::EPSILON * magnitude;
//! assert!((one - many).abs() <= bound);
//!
//! // Integers do not round.
//! let i = Tensor::from_shape_fn(&[n], |index| index[0] as i64)?;
//! assert_eq!(loops::dot(&i, &i)?, vectorized::dot(&i, &i)?);
//! # Ok::<(), baretensor::ShapeError>(())
//! ```
//!
//! `BENCHMARKS.md` in the repository compares the speed of the two
//! versions and of numpy; `cargo run --release --example python_basics`
//! prints the same comparison on your machine.

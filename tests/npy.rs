//! Integration tests of `baretensor::npy`: round trips through the writer
//! and the reader, files written by numpy, one test per error, and
//! properties that feed the parser random and damaged input.
//!
//! The fixtures in tests/data/npy/ were written by tests/data/npy_fixtures.py
//! with numpy 2.4.6; that script states each array that is checked here.

use std::path::{Path, PathBuf};

use baretensor::npy::{NpyArray, NpyElement, NpyError, parse_npy, parse_npy_any, to_npy_bytes};
#[cfg(feature = "std")]
use baretensor::npy::{read_npy, read_npy_any, write_npy};
use baretensor::strategies::{integers, shapes, tensors};
use baretensor::{Tensor, tensor};
use proptest::prelude::*;
use proptest::sample::Index;

#[path = "common/counting_allocator.rs"]
mod counting_allocator;
use counting_allocator::bytes_allocated_by;

// ---------------------------------------------------------------------------
// Helpers.

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn data_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Returns the bytes of a fixture in tests/data/npy/.
fn fixture(name: &str) -> Vec<u8> {
    let path = data_path("npy").join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Builds a file of format version `major`.0 with the header dictionary
/// `dictionary`, padded as numpy pads it, and the data `body`.
fn npy_file(major: u8, dictionary: &str, body: &[u8]) -> Vec<u8> {
    let prefix_length = if major == 1 { 10 } else { 12 };
    let unpadded = prefix_length + dictionary.len() + 1;
    let header_length = dictionary.len() + 1 + (64 - unpadded % 64) % 64;

    let mut bytes = b"\x93NUMPY".to_vec();
    bytes.extend_from_slice(&[major, 0]);
    if major == 1 {
        bytes.extend_from_slice(&(header_length as u16).to_le_bytes());
    } else {
        bytes.extend_from_slice(&(header_length as u32).to_le_bytes());
    }
    bytes.extend_from_slice(dictionary.as_bytes());
    bytes.resize(prefix_length + header_length - 1, b' ');
    bytes.push(b'\n');
    bytes.extend_from_slice(body);
    bytes
}

/// Builds a version 1.0 file from the three header values, written as the
/// Python source of each.
fn npy_with(descr: &str, fortran_order: &str, shape: &str, body: &[u8]) -> Vec<u8> {
    let dictionary =
        format!("{{'descr': {descr}, 'fortran_order': {fortran_order}, 'shape': {shape}, }}");
    npy_file(1, &dictionary, body)
}

/// Returns a tensor of `shape` whose element at row-major position `i` is
/// `value(i)`.
fn sample<T: NpyElement>(shape: &[usize], value: impl Fn(usize) -> T) -> Tensor<T> {
    let mut position = 0;
    Tensor::from_shape_fn(shape, |_| {
        position += 1;
        value(position - 1)
    })
    .unwrap()
}

fn f32_bits(values: &[f32]) -> Vec<u32> {
    values.iter().map(|value| value.to_bits()).collect()
}

fn f64_bits(values: &[f64]) -> Vec<u64> {
    values.iter().map(|value| value.to_bits()).collect()
}

// ---------------------------------------------------------------------------
// Round trips: to_npy_bytes, then parse_npy and parse_npy_any.

/// Shapes of ranks 0 to 4, and shapes with no elements.
const SHAPES: [&[usize]; 9] = [
    &[],
    &[5],
    &[2, 3],
    &[2, 3, 4],
    &[2, 1, 3, 2],
    &[0],
    &[2, 0],
    &[0, 3, 0],
    &[1, 1, 1, 0],
];

/// Writes a tensor of every shape of `SHAPES`, its transpose and a
/// broadcast of it, and checks that both readers return the same tensor.
fn check_round_trips<T: NpyElement>(value: fn(usize) -> T, wrap: fn(Tensor<T>) -> NpyArray) {
    for shape in SHAPES {
        let tensor = sample(shape, value);
        let mut broadcast_shape = vec![3];
        broadcast_shape.extend_from_slice(shape);
        let broadcast = tensor.broadcast_to(&broadcast_shape).unwrap();

        for view in [tensor.view(), tensor.t(), broadcast] {
            let bytes = to_npy_bytes(&view);
            let element_bytes = view.len() * std::mem::size_of::<T>();
            assert_eq!(bytes.len() % 64, element_bytes % 64, "shape {shape:?}");

            let typed = parse_npy::<T>(&bytes).unwrap();
            assert_eq!(typed, view, "{} shape {:?}", T::DTYPE, view.shape());
            assert!(typed.is_contiguous());
            let any = parse_npy_any(&bytes).unwrap();
            assert_eq!(
                any,
                wrap(view.to_owned()),
                "{} {:?}",
                T::DTYPE,
                view.shape()
            );
        }
    }
}

#[test]
fn round_trip_float32() {
    check_round_trips(|i| i as f32 * 0.25 - 3.0, NpyArray::F32);
}

#[test]
fn round_trip_float64() {
    check_round_trips(
        |i| (i as f64 - 7.0) * 1e-300 + i as f64 * 1e15,
        NpyArray::F64,
    );
}

#[test]
fn round_trip_int32() {
    check_round_trips(
        |i| i32::MIN.wrapping_add((i as i32).wrapping_mul(98_765_431)),
        NpyArray::I32,
    );
}

#[test]
fn round_trip_int64() {
    check_round_trips(|i| (i as i64 - 5) * 1_000_000_000_007, NpyArray::I64);
}

#[test]
fn round_trip_uint8() {
    check_round_trips(|i| (i * 37 % 256) as u8, NpyArray::U8);
}

#[test]
fn round_trip_bool() {
    for shape in SHAPES {
        let mask = NpyArray::Bool(sample(shape, |i| u8::from(i % 3 == 0)));
        let bytes = mask.to_npy_bytes();

        assert_eq!(parse_npy_any(&bytes).unwrap(), mask, "shape {shape:?}");
    }
}

#[test]
fn round_trip_keeps_float_bits() {
    let values = [
        f64::NAN,
        -f64::NAN,
        f64::from_bits(0x7ff0_0000_0000_0001), // a signalling NaN payload
        f64::INFINITY,
        f64::NEG_INFINITY,
        -0.0,
        f64::from_bits(1),
        f64::MAX,
    ];
    let tensor = Tensor::from_vec(values.to_vec(), &[8]).unwrap();
    let back = parse_npy::<f64>(&to_npy_bytes(&tensor)).unwrap();

    assert_eq!(f64_bits(&back.to_vec()), f64_bits(&values));
}

#[test]
fn bool_writer_stores_nonzero_as_one() {
    let mask = NpyArray::Bool(tensor![0u8, 1, 2, 255]);
    let back = parse_npy_any(&mask.to_npy_bytes()).unwrap();

    assert_eq!(back, NpyArray::Bool(tensor![0u8, 1, 1, 1]));
}

#[test]
fn writer_uses_version_2_for_huge_header() {
    // 30000 axes of length 1 make a header of about 90000 bytes.
    let shape = vec![1; 30_000];
    let tensor = Tensor::from_vec(vec![7i32], &shape).unwrap();
    let bytes = to_npy_bytes(&tensor);

    assert_eq!(bytes[6..8], [2, 0]);
    let back = parse_npy::<i32>(&bytes).unwrap();
    assert_eq!(back.shape(), &shape[..]);
    assert_eq!(back.to_vec(), vec![7]);
}

#[test]
fn writer_matches_numpy_header_growth_padding() {
    // numpy leaves room for the first length to grow to 21 digits, so a
    // first length of 10 digits still fits the header in 128 bytes.
    let tensor = Tensor::<u8>::zeros(&[0, 1_000_000_000]);
    let bytes = to_npy_bytes(&tensor);
    let header = std::str::from_utf8(&bytes[10..]).unwrap();

    assert_eq!(bytes.len(), 128);
    assert!(header.starts_with(
        "{'descr': '|u1', 'fortran_order': False, 'shape': (0, 1000000000), }                     "
    ));
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Failures are reported here, not saved next to the tests.
        failure_persistence: None,
        ..ProptestConfig::with_cases(128)
    })]

    // any::<f64>() instead of `floats`, because the round trip must keep
    // every bit pattern: NaN payloads, subnormals and huge values.
    #[test]
    fn round_trip_random_float64(tensor in tensors(any::<f64>(), shapes(0..=4, 0..=3))) {
        let back = parse_npy::<f64>(&to_npy_bytes(&tensor)).unwrap();

        prop_assert_eq!(back.shape(), tensor.shape());
        prop_assert_eq!(f64_bits(&back.to_vec()), f64_bits(&tensor.to_vec()));
    }

    #[test]
    fn round_trip_random_int64_transposed(
        tensor in tensors(integers::<i64>(..), shapes(0..=4, 0..=3)),
    ) {
        let back = parse_npy::<i64>(&to_npy_bytes(&tensor.t())).unwrap();

        prop_assert_eq!(back, tensor.t());
    }
}

// ---------------------------------------------------------------------------
// Files written by numpy.

#[test]
fn chelsea_npy_equals_ppm_copy() -> TestResult {
    let from_npy = parse_npy::<u8>(&std::fs::read(data_path("chelsea64.npy"))?)?;
    let ppm_bytes = include_bytes!("../examples/data/chelsea64.ppm");
    let from_ppm = baretensor::ppm::parse_ppm(ppm_bytes)?.into_tensor();

    assert_eq!(from_npy.shape(), &[64, 64, 3]);
    assert_eq!(from_npy, from_ppm);
    Ok(())
}

#[test]
fn fixture_float32_values() -> TestResult {
    let tensor = parse_npy::<f32>(&fixture("float32.npy"))?;

    assert_eq!(tensor.shape(), &[2, 3]);
    let expected = [0.1, -2.5, f32::INFINITY, f32::NAN, -0.0, 1e-45];
    assert_eq!(f32_bits(&tensor.to_vec()), f32_bits(&expected));
    Ok(())
}

#[test]
fn fixture_float64_values() -> TestResult {
    let tensor = parse_npy::<f64>(&fixture("float64.npy"))?;

    assert_eq!(tensor.shape(), &[2, 3]);
    let expected = [0.1, -1e300, 5e-324, -0.0, f64::NEG_INFINITY, f64::NAN];
    assert_eq!(f64_bits(&tensor.to_vec()), f64_bits(&expected));
    Ok(())
}

#[test]
fn fixture_int32_values() -> TestResult {
    let tensor = parse_npy::<i32>(&fixture("int32.npy"))?;

    assert_eq!(tensor, tensor![[i32::MIN, i32::MAX], [0, -1]]);
    Ok(())
}

#[test]
fn fixture_int64_values() -> TestResult {
    let tensor = parse_npy::<i64>(&fixture("int64.npy"))?;

    assert_eq!(tensor, tensor![i64::MIN, i64::MAX, 0, -1]);
    Ok(())
}

#[test]
fn fixture_uint8_values() -> TestResult {
    let tensor = parse_npy::<u8>(&fixture("uint8.npy"))?;

    assert_eq!(tensor, tensor![[0u8, 1, 127], [128, 254, 255]]);
    Ok(())
}

#[test]
fn fixture_bool_values() -> TestResult {
    let array = parse_npy_any(&fixture("bool.npy"))?;

    assert_eq!(array.dtype(), "bool");
    assert_eq!(array, NpyArray::Bool(tensor![[1u8, 0, 1], [0, 0, 1]]));
    Ok(())
}

#[test]
fn fixture_big_endian_float64_values() -> TestResult {
    let bytes = fixture("float64_big_endian.npy");
    let tensor = parse_npy::<f64>(&bytes)?;

    assert!(bytes[10..].starts_with(b"{'descr': '>f8'"));
    assert_eq!(tensor, tensor![[1.5, -2.0], [1e-300, f64::INFINITY]]);
    Ok(())
}

#[test]
fn fixture_big_endian_int32_values() -> TestResult {
    let bytes = fixture("int32_big_endian.npy");
    let tensor = parse_npy::<i32>(&bytes)?;

    assert!(bytes[10..].starts_with(b"{'descr': '>i4'"));
    assert_eq!(tensor, tensor![1, -2, 0x1234_5678]);
    Ok(())
}

#[test]
fn fixture_fortran_float64_keeps_storage_order() -> TestResult {
    let tensor = parse_npy::<f64>(&fixture("float64_fortran.npy"))?;

    assert_eq!(tensor.shape(), &[2, 3, 4]);
    assert_eq!(tensor.strides(), &[1, 2, 6]);
    assert!(!tensor.is_contiguous());
    // Element [1, 0, 0] is 12 and comes second in column-major storage.
    assert_eq!(tensor.buffer()[..3], [0.0, 12.0, 4.0]);
    let expected: Vec<f64> = (0..24).map(f64::from).collect();
    assert_eq!(tensor.to_vec(), expected);
    Ok(())
}

#[test]
fn fixture_fortran_uint8_values() -> TestResult {
    let tensor = parse_npy::<u8>(&fixture("uint8_fortran.npy"))?;

    assert_eq!(tensor.strides(), &[1, 3]);
    assert_eq!(tensor, tensor![[0u8, 1], [2, 3], [4, 5]]);
    Ok(())
}

#[test]
fn fixture_version_2_values() -> TestResult {
    let bytes = fixture("int64_version_2.npy");
    let tensor = parse_npy::<i64>(&bytes)?;

    assert_eq!(bytes[6..8], [2, 0]);
    assert_eq!(tensor, tensor![[-3i64, -2, -1], [0, 1, 2]]);
    Ok(())
}

#[test]
fn fixture_version_3_values() -> TestResult {
    let bytes = fixture("float32_version_3.npy");
    let tensor = parse_npy::<f32>(&bytes)?;

    assert_eq!(bytes[6..8], [3, 0]);
    assert_eq!(tensor, tensor![[1.0f32, 2.0], [3.0, 4.0]]);
    Ok(())
}

#[test]
fn fixture_scalar_values() -> TestResult {
    let tensor = parse_npy::<f64>(&fixture("float64_scalar.npy"))?;

    assert_eq!(tensor.shape(), &[] as &[usize]);
    assert_eq!(tensor[[]], 2.5);
    Ok(())
}

#[test]
fn fixture_empty_values() -> TestResult {
    let tensor = parse_npy::<i32>(&fixture("int32_empty.npy"))?;

    assert_eq!(tensor.shape(), &[0, 3]);
    assert!(tensor.is_empty());
    Ok(())
}

#[test]
fn fixture_complex_is_rejected_with_name() {
    let error = parse_npy_any(&fixture("complex128.npy")).unwrap_err();

    assert!(matches!(&error, NpyError::UnsupportedDtype { descr } if descr == "<c16"));
    assert_eq!(
        error.to_string(),
        "npy dtype <c16 (complex128) is not supported, only float32, float64, int32, int64, \
         uint8 and bool are: convert the array with numpy's astype before saving it"
    );
}

#[test]
fn fixture_object_is_rejected_with_name() {
    let error = parse_npy_any(&fixture("object.npy")).unwrap_err();

    assert!(matches!(&error, NpyError::UnsupportedDtype { descr } if descr == "|O"));
    assert!(
        error
            .to_string()
            .starts_with("npy dtype |O (object) is not supported")
    );
}

#[test]
fn writer_reproduces_numpy_files_byte_for_byte() {
    let names = [
        "float32.npy",
        "float64.npy",
        "int32.npy",
        "int64.npy",
        "uint8.npy",
        "bool.npy",
        "float64_scalar.npy",
        "int32_empty.npy",
    ];

    for name in names {
        let bytes = fixture(name);
        let array = parse_npy_any(&bytes).unwrap();

        assert!(array.to_npy_bytes() == bytes, "{name} differs");
    }
}

#[cfg(feature = "std")]
#[test]
fn read_npy_reads_chelsea_file() -> TestResult {
    let tensor = read_npy::<u8>(data_path("chelsea64.npy"))?;

    assert_eq!(tensor.shape(), &[64, 64, 3]);
    // The first two pixels and the last one, as in the PPM copy.
    assert_eq!(tensor.to_vec()[..6], [145, 122, 107, 146, 123, 106]);
    assert_eq!(tensor.to_vec()[64 * 64 * 3 - 3..], [170, 145, 138]);
    Ok(())
}

#[cfg(feature = "std")]
#[test]
fn read_npy_any_reads_every_fixture_dtype() {
    let cases = [
        ("float32.npy", "float32"),
        ("float64_big_endian.npy", "float64"),
        ("int32_big_endian.npy", "int32"),
        ("int64_version_2.npy", "int64"),
        ("uint8_fortran.npy", "uint8"),
        ("bool.npy", "bool"),
    ];

    for (name, dtype) in cases {
        let array = read_npy_any(data_path("npy").join(name)).unwrap();
        assert_eq!(array.dtype(), dtype, "{name}");
    }
}

// ---------------------------------------------------------------------------
// Written files, checked here and, by hand, with numpy (tests/data/README.md).

/// Returns the files that tests/data/npy_fixtures.py `check-written`
/// expects, with their bytes. The script states each array again.
fn written_files() -> Vec<(&'static str, Vec<u8>)> {
    let base = sample(&[3, 4], |i| i as i32 - 5);
    let row = tensor![-(1i64 << 40), 0, 1 << 40];
    let fortran = parse_npy::<f64>(&fixture("float64_fortran.npy")).unwrap();
    let special = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        -0.0,
        5e-324,
        f64::MAX,
    ];
    let mask = NpyArray::Bool(tensor![[1u8, 0], [0, 1]]);

    vec![
        (
            "float64_2x3.npy",
            to_npy_bytes(&sample(&[2, 3], |i| i as f64 * 0.5 - 1.0)),
        ),
        (
            "float32_2x3x4.npy",
            to_npy_bytes(&sample(&[2, 3, 4], |i| i as f32 / 8.0)),
        ),
        ("int32_transposed.npy", to_npy_bytes(&base.t())),
        (
            "int64_broadcast.npy",
            to_npy_bytes(&row.broadcast_to(&[4, 3]).unwrap()),
        ),
        (
            "uint8_rank4.npy",
            to_npy_bytes(&sample(&[2, 3, 2, 2], |i| (i * 11 % 256) as u8)),
        ),
        ("float64_scalar.npy", to_npy_bytes(&Tensor::scalar(-0.0f64))),
        (
            "int32_empty.npy",
            to_npy_bytes(&Tensor::<i32>::zeros(&[0, 3])),
        ),
        (
            "float32_empty_rank3.npy",
            to_npy_bytes(&Tensor::<f32>::zeros(&[2, 0, 4])),
        ),
        ("bool_mask.npy", mask.to_npy_bytes()),
        ("float64_from_fortran.npy", to_npy_bytes(&fortran)),
        (
            "float64_special.npy",
            to_npy_bytes(&Tensor::from_vec(special.to_vec(), &[6]).unwrap()),
        ),
    ]
}

/// Writes the files for tests/data/npy_fixtures.py `check-written` and reads
/// them back. With `BARETENSOR_KEEP_NPY=1` the directory is kept and its
/// path printed; otherwise it is removed.
#[test]
fn written_files_read_back() -> TestResult {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_nanos();
    let directory =
        std::env::temp_dir().join(format!("baretensor-npy-{}-{nanos}", std::process::id()));
    std::fs::create_dir(&directory)?;

    for (name, bytes) in written_files() {
        let path = directory.join(name);
        std::fs::write(&path, &bytes)?;
        let array = parse_npy_any(&std::fs::read(&path)?)?;
        assert!(array.to_npy_bytes() == bytes, "{name} changed on reading");
    }

    if std::env::var_os("BARETENSOR_KEEP_NPY").is_some() {
        println!("npy files written to {}", directory.display());
    } else {
        std::fs::remove_dir_all(&directory)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Errors: one test per variant, with the exact message for most.

#[test]
fn error_truncated_preamble() {
    let error = parse_npy_any(b"\x93NUMPY\x01\x00v").unwrap_err();

    assert!(matches!(
        error,
        NpyError::TruncatedPreamble {
            needed: 10,
            found: 9
        }
    ));
    assert_eq!(
        error.to_string(),
        "npy input is 9 bytes long, but the magic string, format version and header \
         length need 10: the file is truncated"
    );
    assert!(matches!(
        parse_npy_any(b""),
        Err(NpyError::TruncatedPreamble {
            needed: 10,
            found: 0
        })
    ));
}

#[test]
fn error_invalid_magic() {
    let error = parse_npy_any(include_bytes!("../examples/data/chelsea64.ppm")).unwrap_err();

    assert!(matches!(&error, NpyError::InvalidMagic { found } if found == b"P6\n64 "));
    assert_eq!(
        error.to_string(),
        "invalid npy magic string \"P6\\n64 \": expected \"\\x93NUMPY\" \
         (the input is not an npy file)"
    );
}

#[test]
fn error_invalid_magic_names_zip_archive() {
    let error = parse_npy_any(b"PK\x03\x04\x14\x00\x00\x00").unwrap_err();

    assert_eq!(
        error.to_string(),
        "invalid npy magic string \"PK\\x03\\x04\\x14\\x00\": expected \"\\x93NUMPY\", \
         and the input is a zip archive such as an .npz file: extract its .npy files"
    );
}

#[test]
fn error_unsupported_version() {
    let mut bytes = fixture("float64.npy");
    bytes[6] = 4;
    let error = parse_npy_any(&bytes).unwrap_err();

    assert!(matches!(
        error,
        NpyError::UnsupportedVersion { major: 4, minor: 0 }
    ));
    assert_eq!(
        error.to_string(),
        "npy format version 4.0 is not supported: the supported versions are 1.0, 2.0 and 3.0"
    );
}

#[test]
fn error_header_past_end() {
    let bytes = fixture("float64.npy");
    let error = parse_npy_any(&bytes[..100]).unwrap_err();

    assert!(matches!(
        error,
        NpyError::HeaderPastEnd {
            header_start: 10,
            header_length: 118,
            found: 100
        }
    ));
    assert_eq!(
        error.to_string(),
        "npy header of 118 bytes from byte offset 10 ends past the end of the input \
         at 100 bytes: the file is truncated"
    );
}

#[test]
fn error_header_not_utf8() {
    // Header byte 14 becomes a UTF-8 lead byte followed by a quote instead
    // of a continuation byte.
    let mut bytes = npy_file(3, "{'descr': '<f8?', }", b"");
    bytes[12 + 14] = 0xC3;
    let error = parse_npy_any(&bytes).unwrap_err();

    assert!(matches!(error, NpyError::HeaderNotUtf8 { offset: 14 }));
    assert_eq!(
        error.to_string(),
        "npy header of format version 3.0 is not valid UTF-8 at header byte 14"
    );
}

#[test]
fn error_invalid_header() {
    let bytes = npy_with("'<f8'", "False", "(5)", &[0; 40]);
    let error = parse_npy_any(&bytes).unwrap_err();

    assert!(matches!(
        error,
        NpyError::InvalidHeader {
            offset: 52,
            found: Some(')'),
            ..
        }
    ));
    assert_eq!(
        error.to_string(),
        "npy header is not a valid dictionary at header byte 52: \
         expected ',' after the only length, as in (5,), but found ')'"
    );
}

#[test]
fn error_invalid_header_at_end() {
    // The padding spaces and the newline are whitespace, so the parser
    // reports the end of the header, after them.
    let bytes = npy_file(1, "{'descr': '<f8'", b"");
    let error = parse_npy_any(&bytes).unwrap_err();

    assert!(matches!(
        error,
        NpyError::InvalidHeader {
            offset: 54,
            found: None,
            ..
        }
    ));
    assert_eq!(
        error.to_string(),
        "npy header is not a valid dictionary at header byte 54: \
         expected ',' or '}' after the value, but found the end of the header"
    );
}

#[test]
fn error_unknown_key() {
    let bytes = npy_file(
        1,
        "{'descr': '<f8', 'fortran_order': False, 'shape': (), 'strides': (8,)}",
        &[0; 8],
    );
    let error = parse_npy_any(&bytes).unwrap_err();

    assert!(
        matches!(&error, NpyError::UnknownKey { key, offset: 54 } if key == "strides"),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "npy header has the unknown key 'strides' at header byte 54: \
         the only keys are 'descr', 'fortran_order' and 'shape'"
    );
}

#[test]
fn error_duplicate_key() {
    let bytes = npy_file(
        1,
        "{'descr': '<f8', 'descr': '<f4', 'fortran_order': False, 'shape': ()}",
        &[0; 8],
    );
    let error = parse_npy_any(&bytes).unwrap_err();

    assert!(matches!(
        error,
        NpyError::DuplicateKey {
            key: "descr",
            offset: 17
        }
    ));
    assert_eq!(
        error.to_string(),
        "npy header has the key 'descr' a second time at header byte 17"
    );
}

#[test]
fn error_missing_key() {
    let bytes = npy_file(1, "{'descr': '<f8', 'fortran_order': False}", &[0; 8]);
    let error = parse_npy_any(&bytes).unwrap_err();

    assert!(matches!(error, NpyError::MissingKey { key: "shape" }));
    assert_eq!(
        error.to_string(),
        "npy header has no 'shape' key: it needs 'descr', 'fortran_order' and 'shape'"
    );
}

#[test]
fn error_unsupported_dtype() {
    let cases = [
        (
            "'<c16'",
            "<c16",
            "npy dtype <c16 (complex128) is not supported",
        ),
        ("'|O'", "|O", "npy dtype |O (object) is not supported"),
        ("'<f2'", "<f2", "npy dtype <f2 (float16) is not supported"),
        ("'float64'", "float64", "npy dtype float64 is not supported"),
        ("''", "", "npy dtype '' (an empty string) is not supported"),
        (
            "[('x', '<f4'), ('y', '<f4')]",
            "[('x', '<f4'), ('y', '<f4')]",
            "npy dtype [('x', '<f4'), ('y', '<f4')] (a structured dtype) is not supported",
        ),
    ];

    for (source, expected_descr, expected_start) in cases {
        let bytes = npy_with(source, "False", "(1,)", &[0; 16]);
        let error = parse_npy_any(&bytes).unwrap_err();

        assert!(
            matches!(&error, NpyError::UnsupportedDtype { descr } if descr == expected_descr),
            "descr {source}: {error:?}"
        );
        let message = error.to_string();
        assert!(message.starts_with(expected_start), "{message}");
        assert!(message.ends_with("convert the array with numpy's astype before saving it"));
    }
}

#[test]
fn error_dimension_too_large() {
    let shape = format!("(2, {}0)", usize::MAX);
    let bytes = npy_with("'<f8'", "False", &shape, b"");
    let error = parse_npy_any(&bytes).unwrap_err();

    assert!(matches!(
        error,
        NpyError::DimensionTooLarge {
            axis: 1,
            offset: 54
        }
    ));
    assert_eq!(
        error.to_string(),
        format!(
            "npy shape length of axis 1 at header byte 54 is larger than the maximum {}",
            usize::MAX
        )
    );
}

#[test]
fn error_size_overflow() {
    let bytes = npy_with("'<f8'", "False", "(99999999999, 99999999999)", &[0; 8]);
    let error = parse_npy_any(&bytes).unwrap_err();

    assert!(
        matches!(&error, NpyError::SizeOverflow { shape, item_size: 8 }
            if shape == &[99_999_999_999, 99_999_999_999]),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "npy shape (99999999999, 99999999999) of 8-byte elements needs more bytes than \
             the maximum {}",
            usize::MAX
        )
    );
}

#[test]
fn error_size_overflow_in_bytes_only() {
    // The element count fits in usize, but eight bytes each do not.
    let shape = format!("({},)", usize::MAX / 4);
    let bytes = npy_with("'<f8'", "False", &shape, &[0; 8]);

    assert!(matches!(
        parse_npy_any(&bytes),
        Err(NpyError::SizeOverflow { item_size: 8, .. })
    ));
}

#[test]
fn error_truncated_body() {
    let bytes = fixture("float64.npy");
    let error = parse_npy_any(&bytes[..bytes.len() - 1]).unwrap_err();

    assert!(matches!(
        error,
        NpyError::TruncatedBody {
            item_size: 8,
            expected: 48,
            found: 47,
            ..
        }
    ));
    assert_eq!(
        error.to_string(),
        "npy body is truncated: shape (2, 3) of 8-byte elements needs 48 bytes, found 47"
    );
}

#[test]
fn error_trailing_bytes() {
    let mut bytes = fixture("int32.npy");
    bytes.extend_from_slice(&[0; 4]);
    let error = parse_npy_any(&bytes).unwrap_err();

    assert!(matches!(
        error,
        NpyError::TrailingBytes {
            item_size: 4,
            expected: 16,
            found: 20,
            ..
        }
    ));
    assert_eq!(
        error.to_string(),
        "npy body is longer than its shape needs: shape (2, 2) of 4-byte elements needs \
         16 bytes, found 20, so the header's shape is wrong or other data follows the array"
    );
}

#[test]
fn error_invalid_bool() {
    let mut bytes = fixture("bool.npy");
    let position = bytes.len() - 2;
    bytes[position] = 7;
    let error = parse_npy_any(&bytes).unwrap_err();

    assert!(matches!(
        error,
        NpyError::InvalidBool {
            index: 4,
            offset: 132,
            value: 7
        }
    ));
    assert_eq!(
        error.to_string(),
        "npy bool element 4 at byte offset 132 is 7, but a bool must be stored as 0 or 1"
    );
}

#[test]
fn error_dtype_mismatch() {
    let error = parse_npy::<f64>(&fixture("int32.npy")).unwrap_err();

    assert!(
        matches!(&error, NpyError::DtypeMismatch { descr, found: "int32", requested: "float64" }
            if descr == "<i4"),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "npy dtype is <i4 (int32) but float64 was requested: request i32 or call parse_npy_any"
    );
}

#[test]
fn error_dtype_mismatch_for_bool() {
    let error = parse_npy::<u8>(&fixture("bool.npy")).unwrap_err();

    assert_eq!(
        error.to_string(),
        "npy dtype is |b1 (bool) but uint8 was requested: call parse_npy_any, \
         which reads bool arrays as u8 tensors of 0 and 1"
    );
}

#[test]
fn error_dtype_mismatch_keeps_big_endian_descr() {
    let error = parse_npy::<i64>(&fixture("int32_big_endian.npy")).unwrap_err();

    assert!(
        error
            .to_string()
            .starts_with("npy dtype is >i4 (int32) but int64 was requested")
    );
}

#[cfg(feature = "std")]
#[test]
fn error_read_file_names_path() {
    let error = read_npy::<f64>("no/such/dir/array.npy").unwrap_err();

    assert!(
        matches!(&error, NpyError::ReadFile { path, .. } if path.as_os_str() == "no/such/dir/array.npy")
    );
    let message = error.to_string();
    assert!(
        message.starts_with("failed to read npy file no/such/dir/array.npy: "),
        "{message}"
    );
}

#[cfg(feature = "std")]
#[test]
fn error_write_file_names_path() {
    let error = write_npy("no/such/dir/array.npy", &tensor![1.0]).unwrap_err();

    assert!(matches!(&error, NpyError::WriteFile { .. }));
    let message = error.to_string();
    assert!(
        message.starts_with("failed to write npy file no/such/dir/array.npy: "),
        "{message}"
    );
}

#[test]
fn error_messages_are_lowercase_without_final_period() {
    let inputs = [
        b"".to_vec(),
        b"GIF89a".to_vec(),
        b"\x93NUMPY\x09\x00\x00\x00".to_vec(),
        npy_with("'<c8'", "False", "()", &[0; 8]),
        npy_with("'<f8'", "None", "()", &[0; 8]),
        npy_with("'<f8'", "False", "(3,)", &[0; 8]),
        npy_with("'<f8'", "False", "()", &[0; 9]),
        npy_with("'|b1'", "False", "()", &[2]),
    ];

    for input in inputs {
        let message = parse_npy_any(&input).unwrap_err().to_string();

        assert!(
            message.starts_with("npy") || message.starts_with("invalid npy"),
            "{message}"
        );
        assert!(!message.ends_with('.'), "{message}");
    }
}

#[test]
fn huge_shape_is_rejected_before_allocating() {
    // Eight bytes short of usize::MAX bytes of data: the length check must
    // come before any allocation of that size, which would abort.
    let shape = format!("({},)", usize::MAX / 8);
    let bytes = npy_with("'<f8'", "False", &shape, &[0; 64]);

    let (result, allocated) = bytes_allocated_by(|| parse_npy::<f64>(&bytes));

    assert!(matches!(
        result,
        Err(NpyError::TruncatedBody { found: 64, .. })
    ));
    assert!(allocated < 4096, "allocated {allocated} bytes");
}

#[test]
fn huge_fortran_shape_is_rejected_before_allocating() {
    let bytes = npy_with("'|u1'", "True", "(99999999999, 99999999999, 0)", b"");

    let (result, allocated) = bytes_allocated_by(|| parse_npy_any(&bytes));

    assert!(matches!(result, Err(NpyError::SizeOverflow { .. })));
    assert!(allocated < 4096, "allocated {allocated} bytes");
}

// ---------------------------------------------------------------------------
// Accepted variations of the header.

#[test]
fn header_variations_are_accepted() {
    let dictionaries = [
        "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }",
        "{\"shape\": (2,), \"descr\": \"<i4\", \"fortran_order\": False}",
        "{'fortran_order':False,'shape':(2,),'descr':'<i4'}",
        "{ 'descr' : '<i4' ,\n 'fortran_order' : False ,\n 'shape' : ( 2 , ) , }",
        "{'descr': '<i4', 'fortran_order': False, 'shape': (2L,)}",
    ];

    for dictionary in dictionaries {
        let bytes = npy_file(1, dictionary, &[1, 0, 0, 0, 2, 0, 0, 0]);
        let tensor = parse_npy::<i32>(&bytes)
            .unwrap_or_else(|error| panic!("header {dictionary:?}: {error}"));
        assert_eq!(tensor, tensor![1, 2], "header {dictionary:?}");
    }
}

#[test]
fn native_byte_order_reads_target_order() {
    let body = 3.5f64.to_ne_bytes();

    for descr in ["'=f8'", "'|f8'", "'f8'"] {
        let tensor = parse_npy::<f64>(&npy_with(descr, "False", "()", &body)).unwrap();
        assert_eq!(tensor[[]], 3.5, "descr {descr}");
    }
}

#[test]
fn fortran_order_vector_and_scalar() {
    let vector = parse_npy::<u8>(&npy_with("'|u1'", "True", "(3,)", &[1, 2, 3])).unwrap();
    let scalar = parse_npy::<u8>(&npy_with("'|u1'", "True", "()", &[9])).unwrap();

    assert_eq!(vector, tensor![1u8, 2, 3]);
    assert_eq!(vector.strides(), &[1]);
    assert_eq!(scalar[[]], 9);
}

// ---------------------------------------------------------------------------
// Properties: the parser returns Ok or Err and never panics, and an Ok
// tensor has as many elements as the product of its shape.

/// Parses `bytes` with both readers and checks that an accepted array is
/// consistent with its shape.
fn check_parse(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Ok(array) = parse_npy_any(bytes) {
        let expected: usize = array.shape().iter().product();
        let (len, values) = match &array {
            NpyArray::F32(tensor) => (tensor.len(), tensor.to_vec().len()),
            NpyArray::F64(tensor) => (tensor.len(), tensor.to_vec().len()),
            NpyArray::I32(tensor) => (tensor.len(), tensor.to_vec().len()),
            NpyArray::I64(tensor) => (tensor.len(), tensor.to_vec().len()),
            NpyArray::U8(tensor) | NpyArray::Bool(tensor) => (tensor.len(), tensor.to_vec().len()),
        };
        prop_assert_eq!(len, expected);
        prop_assert_eq!(values, expected);
    }
    if let Ok(tensor) = parse_npy::<f64>(bytes) {
        prop_assert_eq!(
            tensor.to_vec().len(),
            tensor.shape().iter().product::<usize>()
        );
    }
    Ok(())
}

/// Valid files for the mutation property: fixtures of every dtype, order,
/// version and rank, and files written by this crate.
fn seed_files() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = [
        "float32.npy",
        "bool.npy",
        "float64_big_endian.npy",
        "uint8_fortran.npy",
        "int64_version_2.npy",
        "float32_version_3.npy",
        "float64_scalar.npy",
        "int32_empty.npy",
    ]
    .iter()
    .map(|name| fixture(name))
    .collect();
    seeds.push(to_npy_bytes(&sample(&[2, 1, 2], |i| i as i64)));
    seeds.push(npy_with("'<i4'", "False", "(1,)", &[1, 0, 0, 0]));
    seeds
}

/// One change to a file.
#[derive(Clone, Debug)]
enum Edit {
    Replace(Index, u8),
    Flip(Index, u8),
    Insert(Index, u8),
    Delete(Index),
    Truncate(Index),
    /// Replaces the header length field (bytes 8 and 9) with a value.
    HeaderLength(u16),
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<Index>(), any::<u8>()).prop_map(|(at, byte)| Edit::Replace(at, byte)),
        (any::<Index>(), 0u8..8).prop_map(|(at, bit)| Edit::Flip(at, 1 << bit)),
        (any::<Index>(), any::<u8>()).prop_map(|(at, byte)| Edit::Insert(at, byte)),
        any::<Index>().prop_map(Edit::Delete),
        any::<Index>().prop_map(Edit::Truncate),
        any::<u16>().prop_map(Edit::HeaderLength),
    ]
}

/// Applies `edit` at a position in the first 128 bytes, where the header
/// is, or with `whole_file` anywhere.
fn apply(bytes: &mut Vec<u8>, edit: &Edit, whole_file: bool) {
    let length = bytes.len();
    let limit = if whole_file { length } else { length.min(128) };
    let position = |at: &Index| at.index(limit.max(1)).min(length);
    match edit {
        Edit::Replace(at, byte) => {
            if let Some(target) = bytes.get_mut(position(at)) {
                *target = *byte;
            }
        }
        Edit::Flip(at, mask) => {
            if let Some(target) = bytes.get_mut(position(at)) {
                *target ^= mask;
            }
        }
        Edit::Insert(at, byte) => bytes.insert(position(at), *byte),
        Edit::Delete(at) => {
            if position(at) < length {
                bytes.remove(position(at));
            }
        }
        Edit::Truncate(at) => bytes.truncate(at.index(length + 1)),
        Edit::HeaderLength(length) => {
            if bytes.len() >= 10 {
                bytes[8..10].copy_from_slice(&length.to_le_bytes());
            }
        }
    }
}

/// Valid `descr` values as Python source, with their item sizes.
const VALID_DESCRS: [(&str, usize); 8] = [
    ("'<f4'", 4),
    ("'>f8'", 8),
    ("'=i4'", 4),
    ("'<i8'", 8),
    ("'>i8'", 8),
    ("'|u1'", 1),
    ("'|b1'", 1),
    ("\"<f8\"", 8),
];

/// Returns `shape` as a Python tuple, such as `()`, `(5,)` or `(2, 3,)`.
fn python_tuple(shape: &[usize]) -> String {
    if shape.is_empty() {
        return "()".to_string();
    }
    let lengths: Vec<String> = shape.iter().map(usize::to_string).collect();
    format!("({},)", lengths.join(", "))
}

/// Header values as Python source: valid ones, near misses and huge shapes.
fn descr_source() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "'<f4'",
            "'>f8'",
            "'=i4'",
            "'|i8'",
            "'|u1'",
            "'<b1'",
            "'<c16'",
            "'|O'",
            "''",
            "'<f8",
            "[('x', '<f4')]",
            "[(",
            "<f8",
            "'<f8'L",
        ])
        .prop_map(String::from),
        "[<>|=]?[a-zA-Z?][0-9]{0,2}".prop_map(|descr| format!("'{descr}'")),
    ]
}

fn shape_source() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "()",
            "(0,)",
            "(1,)",
            "(2, 3)",
            "(99999999999, 99999999999)",
            "(18446744073709551615,)",
            "(18446744073709551616,)",
            "(2305843009213693952,)",
            "(4611686018427387904, 0)",
            "(0, 18446744073709551615, 18446744073709551615)",
            "(-1,)",
            "(5)",
            "(2, 3",
            "[2, 3]",
            "(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)",
        ])
        .prop_map(String::from),
        shapes(0..=4, 0..=4).prop_map(|shape| python_tuple(&shape)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(512)
    })]

    #[test]
    fn parse_survives_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        check_parse(&bytes)?;
    }

    #[test]
    fn parse_survives_random_header_bytes(
        major in 0u8..5,
        length in 0u16..200,
        rest in prop::collection::vec(any::<u8>(), 0..256),
    ) {
        let mut bytes = b"\x93NUMPY".to_vec();
        bytes.extend_from_slice(&[major, 0]);
        bytes.extend_from_slice(&length.to_le_bytes());
        bytes.extend_from_slice(&rest);
        check_parse(&bytes)?;
    }

    #[test]
    fn parse_survives_mutated_files(
        seed in 0usize..10,
        edits in prop::collection::vec((edit_strategy(), prop::bool::weighted(0.3)), 1..5),
    ) {
        let mut bytes = seed_files().swap_remove(seed);
        for (edit, whole_file) in &edits {
            apply(&mut bytes, edit, *whole_file);
        }
        check_parse(&bytes)?;
    }

    /// Starts from a valid file whose body fits its shape and replaces some
    /// of its header values.
    #[test]
    fn parse_survives_corrupt_header_fields(
        major in prop::sample::select(vec![1u8, 2, 3]),
        (descr, item_size) in prop::sample::select(VALID_DESCRS.to_vec()),
        fortran_order in prop::sample::select(vec!["True", "False"]),
        shape in shapes(0..=3, 0..=3),
        body in prop::collection::vec(0u8..2, 216),
        bad_descr in prop::option::weighted(0.3, descr_source()),
        bad_fortran_order in prop::option::weighted(0.2, prop::sample::select(vec!["1", "None", "true"])),
        bad_shape in prop::option::weighted(0.3, shape_source()),
    ) {
        let body_length = shape.iter().product::<usize>() * item_size;
        let descr = bad_descr.unwrap_or_else(|| descr.to_string());
        let fortran_order = bad_fortran_order.unwrap_or(fortran_order);
        let shape = bad_shape.unwrap_or_else(|| python_tuple(&shape));
        let dictionary =
            format!("{{'descr': {descr}, 'fortran_order': {fortran_order}, 'shape': {shape}, }}");
        check_parse(&npy_file(major, &dictionary, &body[..body_length]))?;
    }
}

//! Feeds arbitrary bytes to the npy parser. It must return `Ok` or `Err`
//! without panicking, and an accepted array must contain as many elements
//! as the product of its shape.

#![no_main]

use baretensor::npy::{NpyArray, parse_npy_any};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(array) = parse_npy_any(bytes) else {
        return;
    };
    let expected: usize = array.shape().iter().product();
    let len = match &array {
        NpyArray::F32(tensor) => tensor.iter().count(),
        NpyArray::F64(tensor) => tensor.iter().count(),
        NpyArray::I32(tensor) => tensor.iter().count(),
        NpyArray::I64(tensor) => tensor.iter().count(),
        NpyArray::U8(tensor) => tensor.iter().count(),
        NpyArray::Bool(tensor) => {
            assert!(tensor.iter().all(|&value| value <= 1));
            tensor.iter().count()
        }
    };
    assert_eq!(len, expected);
    // Writing the array back and reading it again gives the same bytes.
    let written = array.to_npy_bytes();
    let reread = parse_npy_any(&written).expect("a written file parses");
    assert!(reread.to_npy_bytes() == written);
});

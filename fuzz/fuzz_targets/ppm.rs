//! Feeds arbitrary bytes to the PPM parser. It must return `Ok` or `Err`
//! without panicking, and an accepted image must contain `height * width * 3`
//! samples, none above the maxval.

#![no_main]

use baretensor::ppm::parse_ppm;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(image) = parse_ppm(bytes) else {
        return;
    };
    assert_eq!(image.pixels.len(), image.height * image.width * 3);
    assert!(
        image
            .pixels
            .iter()
            .all(|&sample| u16::from(sample) <= image.maxval)
    );
    let tensor = image.into_tensor();
    assert_eq!(tensor.shape()[2], 3);
});

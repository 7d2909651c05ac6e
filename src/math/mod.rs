//! TEMPORARY stand-in until the hand-written math lands.
#![allow(missing_docs)]
pub fn exp_f64(x: f64) -> f64 {
    let mut t = 1.0;
    let mut s = 1.0;
    for k in 1..60 {
        t *= x / k as f64;
        s += t;
    }
    s
}
pub fn exp_f32(x: f32) -> f32 {
    exp_f64(x as f64) as f32
}
pub fn sqrt_f64(x: f64) -> f64 {
    if x <= 0.0 {
        return if x == 0.0 { x } else { f64::NAN };
    }
    let mut g = x;
    for _ in 0..100 {
        g = 0.5 * (g + x / g);
    }
    g
}
pub fn sqrt_f32(x: f32) -> f32 {
    sqrt_f64(x as f64) as f32
}

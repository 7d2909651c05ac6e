//! The portable kernels compiled with AVX2: 256-bit vectors of four `f64`
//! or eight `f32`. Only the `avx2` feature is enabled, not `fma`, so the
//! compiler has no fused multiply-add instruction to choose.

with_kernel_list!(isa_kernels!("avx2",));

#[cfg(test)]
isa_tests!("avx2");

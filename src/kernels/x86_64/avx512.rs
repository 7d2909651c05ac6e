//! The portable kernels compiled with AVX-512 Foundation: 512-bit vectors
//! of eight `f64` or sixteen `f32`. FMA is not enabled separately, and
//! the bodies never ask for a fused multiply-add, so none is emitted.

with_kernel_list!(isa_kernels!("avx512f",));

#[cfg(test)]
isa_tests!("avx512f");

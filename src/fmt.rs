//! TEMPORARY stand-in until the numpy-style formatter lands.
pub(crate) trait FormatElement: Copy + core::fmt::Debug {}
impl FormatElement for f32 {}
impl FormatElement for f64 {}
impl FormatElement for i32 {}
impl FormatElement for i64 {}
impl FormatElement for u8 {}
impl FormatElement for bool {}
pub(crate) fn format_array<T: FormatElement>(
    out: &mut impl core::fmt::Write,
    shape: &[usize],
    values: &[T],
) -> core::fmt::Result {
    write!(out, "{shape:?} {values:?}")
}

//! The buffers that hold the packed blocks, aligned to cache lines and,
//! with `std`, kept from one product to the next on each thread.
//!
//! A fresh buffer of a few hundred KiB costs more than packing into it.
//! The allocator returns such sizes as new pages from the kernel, and
//! each page faults on first touch and is cleared. In a product of two
//! 256 x 256 `f32` matrices the page faults took a third of the time. So
//! with `std` each thread keeps its workspace, as BLAS libraries keep
//! theirs. It grows to the blocks of the largest product the thread has
//! computed: at most one block of each operand, 1.7 MiB with the block
//! sizes of this crate's kernels, and that for each worker of a product
//! split across threads.
//!
//! Alignment to 64 bytes puts every vector load of a packed sliver on one
//! cache line.

use alloc::vec;
use alloc::vec::Vec;
use core::mem::{align_of, size_of};

use crate::element::Element;

/// One cache line of a workspace. Its alignment is the alignment of the
/// workspace.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct CacheLine([u64; 8]);

/// Calls `work` with two buffers of `lhs_len` and `rhs_len` elements, each
/// starting on a cache line. Their contents are unspecified: the caller
/// writes every element before it reads it.
pub(crate) fn with_workspace<T: Element, R>(
    lhs_len: usize,
    rhs_len: usize,
    work: impl FnOnce(&mut [T], &mut [T]) -> R,
) -> R {
    let lhs_lines = lines_for::<T>(lhs_len);
    let lines = lhs_lines + lines_for::<T>(rhs_len);
    let mut workspace = take_workspace();
    if workspace.len() < lines {
        workspace = vec![CacheLine([0; 8]); lines];
    }

    let (lhs_lines, rhs_lines) = workspace[..lines].split_at_mut(lhs_lines);
    let result = work(
        &mut as_elements(lhs_lines)[..lhs_len],
        &mut as_elements(rhs_lines)[..rhs_len],
    );
    keep_workspace(workspace);
    result
}

/// Returns `len` rounded up to a whole number of cache lines of `T`.
pub(crate) fn whole_lines<T>(len: usize) -> usize {
    lines_for::<T>(len) * (size_of::<CacheLine>() / size_of::<T>())
}

/// Returns the number of cache lines that hold `len` elements of `T`.
fn lines_for<T>(len: usize) -> usize {
    len.div_ceil(size_of::<CacheLine>() / size_of::<T>())
}

/// Returns cache lines as the elements of `T` they hold.
fn as_elements<T: Element>(lines: &mut [CacheLine]) -> &mut [T] {
    assert!(
        align_of::<T>() <= align_of::<CacheLine>()
            && size_of::<CacheLine>().is_multiple_of(size_of::<T>()),
        "a cache line holds a whole number of elements"
    );
    let len = lines.len() * (size_of::<CacheLine>() / size_of::<T>());
    // SAFETY: the lines are initialized memory of `len * size_of::<T>()`
    // bytes, aligned for `T` (asserted above). `Element` is sealed and
    // implemented only for primitive integers and floats, for which every
    // bit pattern is a valid value. The exclusive borrow of the lines
    // moves into the result.
    unsafe { core::slice::from_raw_parts_mut(lines.as_mut_ptr().cast::<T>(), len) }
}

#[cfg(feature = "std")]
std::thread_local! {
    /// The workspace of this thread, empty while a product uses it.
    static WORKSPACE: core::cell::Cell<Vec<CacheLine>> = const { core::cell::Cell::new(Vec::new()) };
}

/// Returns this thread's workspace, leaving an empty one in its place.
#[cfg(feature = "std")]
fn take_workspace() -> Vec<CacheLine> {
    // A thread being torn down has no workspace left, so it allocates one.
    WORKSPACE
        .try_with(core::cell::Cell::take)
        .unwrap_or_default()
}

/// Stores the workspace for this thread's next product.
#[cfg(feature = "std")]
fn keep_workspace(workspace: Vec<CacheLine>) {
    // A thread being torn down drops it instead.
    let _ = WORKSPACE.try_with(|cell| cell.set(workspace));
}

/// Returns an empty workspace: without `std` there is no thread-local
/// storage, so every product allocates its own.
#[cfg(not(feature = "std"))]
fn take_workspace() -> Vec<CacheLine> {
    Vec::new()
}

/// Drops the workspace: without `std` it cannot be kept.
#[cfg(not(feature = "std"))]
fn keep_workspace(_workspace: Vec<CacheLine>) {}

#[cfg(test)]
mod tests {
    use super::with_workspace;

    #[test]
    fn workspace_buffers_are_aligned_and_sized() {
        for (lhs_len, rhs_len) in [(0, 0), (1, 17), (100, 3), (5000, 7000), (3, 2)] {
            with_workspace::<f32, _>(lhs_len, rhs_len, |lhs, rhs| {
                assert_eq!((lhs.len(), rhs.len()), (lhs_len, rhs_len));
                assert_eq!(lhs.as_ptr().align_offset(64), 0);
                assert_eq!(rhs.as_ptr().align_offset(64), 0);
                lhs.fill(1.0);
                rhs.fill(2.0);
            });
        }
    }

    #[test]
    fn workspace_serves_every_element_type() {
        with_workspace::<u8, _>(65, 1, |lhs, rhs| {
            lhs.fill(7);
            rhs.fill(8);
            assert_eq!(lhs[64], 7);
        });
        with_workspace::<f64, _>(9, 9, |lhs, rhs| {
            lhs.fill(1.5);
            rhs.copy_from_slice(lhs);
            assert_eq!(rhs[8], 1.5);
        });
    }
}

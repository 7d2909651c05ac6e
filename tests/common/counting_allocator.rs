//! A global allocator that counts the bytes each thread requests, so that
//! a test can show that a rejected huge shape allocated (almost) nothing.
//! A test file includes it with
//! `#[path = "common/counting_allocator.rs"] mod counting_allocator;`,
//! which installs it for that test binary only.
//!
//! The counter is per thread because the test harness runs tests on several
//! threads.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct CountingAllocator;

thread_local! {
    static BYTES_ALLOCATED: Cell<usize> = const { Cell::new(0) };
}

fn count_allocation(size: usize) {
    // The allocator may run while a thread's locals are being torn down, so
    // use `try_with`: skipping a count then is harmless.
    let _ = BYTES_ALLOCATED.try_with(|bytes| bytes.set(bytes.get().saturating_add(size)));
}

// SAFETY: every method forwards to `System` with the arguments it was given,
// so the contract of `GlobalAlloc` is `System`'s.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_allocation(layout.size());
        // SAFETY: the caller upholds `alloc`'s contract, which we forward.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count_allocation(layout.size());
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_allocation(new_size);
        // SAFETY: `ptr` and `layout` come from this allocator, which got them
        // from `System`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Runs `f` and returns its result with the bytes this thread allocated
/// meanwhile.
pub fn bytes_allocated_by<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = BYTES_ALLOCATED.with(Cell::get);
    let result = f();
    let after = BYTES_ALLOCATED.with(Cell::get);
    (result, after - before)
}

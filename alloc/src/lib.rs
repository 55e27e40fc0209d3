//! mimalloc as a global allocator, called so that ordinary allocations take its fast path.
//!
//! An evaluation allocates many small values (decisions, parameter maps, missing-fact lists).
//! mimalloc is much quicker at that than the system allocator, but only through `mi_malloc`: its
//! aligned entry point (`mi_malloc_aligned`) falls back to over-allocating a larger block whenever
//! the block size is not a power of two and the size class has no free block at hand, which an
//! evaluation loop hits on a good share of its allocations. Every mimalloc block is aligned to at
//! least a machine word, so requests that need no more than that go to `mi_malloc`; the rest keep
//! the aligned calls.
//!
//! ```no_run
//! #[global_allocator]
//! static GLOBAL: aturan_alloc::Mimalloc = aturan_alloc::Mimalloc;
//!
//! fn main() {}
//! ```

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// The global allocator: mimalloc.
pub struct Mimalloc;

/// The alignment every mimalloc block has, whatever its size.
const WORD: usize = std::mem::size_of::<usize>();

fn plain(align: usize) -> bool {
    align <= WORD
}

// SAFETY: every method hands the request to mimalloc, which returns blocks of at least the
// requested size, aligned to at least a word (`plain`) or to the requested alignment (the
// `_aligned` calls), or null when out of memory; `dealloc` and `realloc` receive only pointers
// that mimalloc gave out, as `GlobalAlloc` guarantees.
unsafe impl GlobalAlloc for Mimalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if plain(layout.align()) {
            mi::mi_malloc(layout.size()).cast()
        } else {
            mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if plain(layout.align()) {
            mi::mi_zalloc(layout.size()).cast()
        } else {
            mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        mi::mi_free(ptr.cast::<c_void>());
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if plain(layout.align()) {
            mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
        } else {
            mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
        }
    }
}

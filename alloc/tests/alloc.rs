//! The allocator keeps every alignment it is asked for, keeps contents across `realloc`, and
//! zeroes what `alloc_zeroed` gives.

use std::alloc::{GlobalAlloc, Layout};

use aturan_alloc::Mimalloc;

#[global_allocator]
static GLOBAL: Mimalloc = Mimalloc;

fn sizes() -> impl Iterator<Item = usize> {
    [0usize, 1, 3, 7, 8, 12, 21, 24, 40, 48, 80, 100, 1000, 4096, 5000, 70_000, 1 << 21].into_iter()
}

#[test]
fn blocks_have_the_requested_alignment_and_hold_their_bytes() {
    for align in (0..13).map(|k| 1usize << k) {
        for size in sizes() {
            let Ok(layout) = Layout::from_size_align(size.max(1), align) else { continue };
            // SAFETY: the layout has a non-zero size; the block is written within its size and freed once.
            unsafe {
                let p = GLOBAL.alloc(layout);
                assert!(!p.is_null(), "size {size}, align {align}");
                assert_eq!(p as usize % align, 0, "size {size}, align {align}");
                std::ptr::write_bytes(p, 0xA5, layout.size());
                let grown = GLOBAL.realloc(p, layout, layout.size() * 3 + 5);
                assert!(!grown.is_null());
                assert_eq!(grown as usize % align, 0, "realloc: size {size}, align {align}");
                let kept = std::slice::from_raw_parts(grown, layout.size());
                assert!(kept.iter().all(|&b| b == 0xA5), "realloc lost bytes: size {size}, align {align}");
                GLOBAL.dealloc(grown, Layout::from_size_align_unchecked(layout.size() * 3 + 5, align));

                let z = GLOBAL.alloc_zeroed(layout);
                assert!(!z.is_null());
                assert_eq!(z as usize % align, 0);
                assert!(std::slice::from_raw_parts(z, layout.size()).iter().all(|&b| b == 0));
                GLOBAL.dealloc(z, layout);
            }
        }
    }
}

#[test]
fn ordinary_collections_work_on_it() {
    let words: Vec<String> = (0..10_000).map(|i| format!("pegawai-{i}")).collect();
    let joined: std::collections::BTreeMap<&str, usize> = words.iter().map(|w| (w.as_str(), w.len())).collect();
    assert_eq!(joined.len(), 10_000);
    assert_eq!(joined.get("pegawai-9999"), Some(&12));
    let shared: std::sync::Arc<str> = std::sync::Arc::from("as_of 2025-12-31");
    assert_eq!(&*shared, "as_of 2025-12-31");
}

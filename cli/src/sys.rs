//! The one call the tools make outside pyssl and the Rust standard library.
#![allow(unsafe_code)]

/// glibc's `malloc_trim(0)`: hands the heap's free pages back to the
/// system, so an idle server's resident size returns to its start level
/// after a burst. A no-op elsewhere.
pub(crate) fn trim_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks glibc's own allocator state, under
    // glibc's locks; it takes no pointer and cannot invalidate live blocks.
    unsafe {
        libc::malloc_trim(0);
    }
}

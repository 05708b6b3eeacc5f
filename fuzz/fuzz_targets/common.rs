//! Shared by the targets that call into OpenSSL.

extern "C" {
    /// OpenSSL ≥ 1.1.0: releases this thread's OpenSSL state (the error
    /// queue and its data buffers, the thread's DRBGs, …), as thread exit
    /// would. The next OpenSSL call builds it again.
    fn OPENSSL_thread_stop();
}

/// Call at the end of every input. OpenSSL keeps per-thread caches (the
/// error queue keeps the text buffers of earlier errors for reuse, and grows
/// them as needed) that one input fills and a later one releases. libFuzzer
/// counts mallocs and frees per input and, whenever they differ, runs a full
/// LeakSanitizer scan: with those caches that happened after most inputs and
/// made the targets 5–20 times slower. Releasing the thread's state after
/// each input makes the count balance unless the input really kept
/// something, which the leak check then reports.
pub fn release_thread_state() {
    openssl::init();
    // SAFETY: takes no arguments and only frees state owned by the calling
    // thread; OpenSSL re-creates it lazily on the next call. No OpenSSL
    // object of this thread is in use across the call.
    unsafe { OPENSSL_thread_stop() }
}

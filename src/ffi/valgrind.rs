//! Helgrind client requests, so that `tools/stress.sh` can check pyssl's
//! threads with helgrind: its locks are Rust's (futex-based, invisible to
//! helgrind, which only follows pthread calls), so [`crate::sync`] reports
//! each acquire and release; its atomics and once-initialised statics are
//! race-free by construction and are excluded from checking.
//!
//! Compiled in only with `--cfg pyssl_valgrind` (the script's build);
//! otherwise every function here is empty. Outside valgrind a client
//! request is a no-op sequence of instructions, so such a build also runs
//! normally.

#[cfg(all(pyssl_valgrind, target_arch = "x86_64"))]
mod imp {
    /// `_VG_USERREQ__HG_PTHREAD_RWLOCK_ACQUIRED` (helgrind.h).
    const RWLOCK_ACQUIRED: usize = 0x4847_0111;
    /// `_VG_USERREQ__HG_PTHREAD_RWLOCK_RELEASED`.
    const RWLOCK_RELEASED: usize = 0x4847_0112;
    /// `_VG_USERREQ__HG_PTHREAD_RWLOCK_DESTROY_PRE`.
    const RWLOCK_DESTROY_PRE: usize = 0x4847_010f;
    /// `_VG_USERREQ__HG_ARANGE_MAKE_UNTRACKED`.
    const ARANGE_MAKE_UNTRACKED: usize = 0x4847_0127;

    /// `VALGRIND_DO_CLIENT_REQUEST` for amd64 (valgrind.h): the special
    /// preamble (four `rol`s of `rdi` that add up to 128 bits, so `rdi` is
    /// unchanged) and `xchg rbx, rbx`, with `rax` pointing at the request.
    fn request(code: usize, a1: usize, a2: usize) {
        let args: [usize; 6] = [code, a1, a2, 0, 0, 0];
        // SAFETY: natively these instructions only rotate rdi by a total of
        // 128 bits (no change) and swap rbx with itself; under valgrind the
        // sequence is replaced by the client request, which reads the six
        // words at `args` (alive across the asm) and writes rdx only.
        unsafe {
            std::arch::asm!(
                "rol rdi, 3",
                "rol rdi, 13",
                "rol rdi, 61",
                "rol rdi, 51",
                "xchg rbx, rbx",
                in("rax") args.as_ptr(),
                inout("rdx") 0usize => _,
                inout("rdi") 0usize => _,
                options(nostack),
            );
        }
    }

    pub(crate) fn acquired(lock: *const (), exclusive: bool) {
        request(RWLOCK_ACQUIRED, lock as usize, usize::from(exclusive));
    }

    pub(crate) fn released(lock: *const ()) {
        request(RWLOCK_RELEASED, lock as usize, 0);
    }

    pub(crate) fn destroyed(lock: *const ()) {
        request(RWLOCK_DESTROY_PRE, lock as usize, 0);
    }

    pub(crate) fn untracked(start: *const (), len: usize) {
        request(ARANGE_MAKE_UNTRACKED, start as usize, len);
    }
}

#[cfg(not(all(pyssl_valgrind, target_arch = "x86_64")))]
mod imp {
    #[inline(always)]
    pub(crate) fn acquired(_lock: *const (), _exclusive: bool) {}
    #[inline(always)]
    pub(crate) fn released(_lock: *const ()) {}
    #[inline(always)]
    pub(crate) fn destroyed(_lock: *const ()) {}
    #[inline(always)]
    pub(crate) fn untracked(_start: *const (), _len: usize) {}
}

/// Tells helgrind that this thread now holds `lock` (exclusively or shared).
pub(crate) fn lock_acquired<T: ?Sized>(lock: &T, exclusive: bool) {
    imp::acquired(lock as *const T as *const (), exclusive);
}

/// Tells helgrind that this thread is about to release `lock`.
pub(crate) fn lock_released<T: ?Sized>(lock: &T) {
    imp::released(lock as *const T as *const ());
}

/// Tells helgrind that `lock` no longer exists (its memory may be reused
/// for another lock, whose acquisition order must not be mixed up with it).
pub(crate) fn lock_destroyed<T: ?Sized>(lock: &T) {
    imp::destroyed(lock as *const T as *const ());
}

/// Excludes `value` (an atomic, or a value published once through a
/// `OnceLock`) from helgrind's race checks.
pub(crate) fn race_free<T>(value: &T) {
    imp::untracked(value as *const T as *const (), std::mem::size_of::<T>());
}

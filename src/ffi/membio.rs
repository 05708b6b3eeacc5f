//! The `BIO` behind `ssl.MemoryBIO`: a BIO of our own whose every observable answer is
//! `BIO_s_mem`'s (the BIO CPython's `MemoryBIO` wraps), with its bytes in a Rust buffer.
//!
//! Why not `BIO_s_mem` itself: its `mem_write` zeroes every region it is about to copy
//! into (`BUF_MEM_grow_clean`), and it offers no way to let a socket read land in it or a
//! socket write leave from it, so an event loop pays a memset and one more copy per byte
//! in each direction (BENCHMARKS.md, "asyncio"). This buffer zeroes memory only when it
//! grows, and [`MemBio::fill_with`]/[`MemBio::drain_with`] lend its spare room and its
//! pending bytes to the transport.
//!
//! What OpenSSL sees is `BIO_s_mem`'s contract, answer for answer (OpenSSL's
//! `crypto/bio/bss_mem.c`, `mem_read`/`mem_write`/`mem_ctrl`):
//! * write: clears the retry flags, appends everything, returns the count (0 for none);
//! * read: clears the retry flags; with bytes pending, copies up to the request; when
//!   empty, returns the EOF value (`BIO_set_mem_eof_return`, -1 here until CPython's
//!   `write_eof()` makes it 0) and, when that value is not 0, sets "retry read";
//! * ctrl: `BIO_CTRL_PENDING` the byte count, `BIO_CTRL_EOF` "nothing pending",
//!   `BIO_CTRL_WPENDING` 0, `BIO_CTRL_FLUSH`/`BIO_CTRL_DUP` 1, `BIO_CTRL_RESET` empties,
//!   `BIO_C_SET_BUF_MEM_EOF_RETURN` sets the EOF value, `BIO_CTRL_INFO` (`BIO_get_mem_data`)
//!   the pending bytes, `BIO_CTRL_GET_CLOSE`/`SET_CLOSE` the close flag; anything else 0.
//!
//! Who touches the buffer: the [`MemBio`] owner through `&mut self` (crate::bio::MemoryBio
//! keeps it in a `Mutex`), and OpenSSL's calls into the callbacks below, which only happen
//! inside an `SSL_*` call made while that same lock is held (crate::bio::MemoryBio::hold_pair,
//! taken by every SslObject operation). So at most one of them reaches it at a time.

use std::os::raw::{c_char, c_int, c_long, c_void};
use std::ptr;
use std::sync::OnceLock;

use super::extra::*;
use foreign_types_shared::ForeignTypeRef;
use openssl::ssl::SslRef;
use openssl_sys as sys;

const BIO_CTRL_RESET: c_int = 1;
const BIO_CTRL_GET_CLOSE: c_int = 8;
const BIO_CTRL_SET_CLOSE: c_int = 9;
const BIO_CTRL_PENDING: c_int = 10;
const BIO_CTRL_DUP: c_int = 12;
const BIO_CTRL_WPENDING: c_int = 13;

/// The bytes of one BIO: `data[start..end]` pending; `data[end..]` spare room, already
/// initialised (zeroed when the buffer grew, never per write).
struct Buffer {
    data: Vec<u8>,
    start: usize,
    end: usize,
    /// `BIO_s_mem`'s `b->num`: what a read of an empty buffer returns.
    eof_return: c_int,
    /// `BIO_get_close`/`BIO_set_close` (no effect: the buffer is always ours).
    close: c_long,
}

impl Buffer {
    fn pending(&self) -> usize {
        self.end - self.start
    }

    /// At least `want` bytes of spare room after `end`, moving the pending bytes to the
    /// front first (as `mem_buf_sync` does) and growing only when that is not enough.
    /// False when the memory cannot be had.
    fn reserve(&mut self, want: usize) -> bool {
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        }
        if self.data.len() - self.end >= want {
            return true;
        }
        if self.start > 0 {
            self.data.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        let need = match self.end.checked_add(want) {
            Some(n) => n,
            None => return false,
        };
        if self.data.len() >= need {
            return true;
        }
        let target = need.max(self.data.len().saturating_mul(2));
        if self
            .data
            .try_reserve_exact(target - self.data.len())
            .is_err()
        {
            return false;
        }
        self.data.resize(target, 0);
        true
    }

    fn append(&mut self, bytes: &[u8]) -> bool {
        if !self.reserve(bytes.len()) {
            return false;
        }
        self.data[self.end..self.end + bytes.len()].copy_from_slice(bytes);
        self.end += bytes.len();
        true
    }

    fn consume(&mut self, n: usize) {
        self.start += n.min(self.pending());
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        }
    }

    fn take(&mut self, out: &mut [u8]) -> usize {
        let n = out.len().min(self.pending());
        out[..n].copy_from_slice(&self.data[self.start..self.start + n]);
        self.consume(n);
        n
    }
}

/// `BIO_METHOD*` made once per process and never freed; OpenSSL only reads it.
struct Method(*mut sys::BIO_METHOD);

// SAFETY: the method table is written once, in `method()`, before the pointer is
// published through the OnceLock; afterwards OpenSSL only reads it, from any thread.
unsafe impl Send for Method {}
// SAFETY: as above: shared read-only after initialisation.
unsafe impl Sync for Method {}

fn method() -> Option<*mut sys::BIO_METHOD> {
    static METHOD: OnceLock<Option<Method>> = OnceLock::new();
    METHOD
        .get_or_init(|| {
            // SAFETY: BIO_meth_new returns a fresh method table or NULL (checked); the
            // setters store our callbacks, whose signatures are the ones OpenSSL calls.
            unsafe {
                let m = sys::BIO_meth_new(sys::BIO_TYPE_NONE, c"pyssl memory".as_ptr());
                if m.is_null() {
                    return None;
                }
                sys::BIO_meth_set_write__fixed_rust(m, Some(bio_write));
                sys::BIO_meth_set_read__fixed_rust(m, Some(bio_read));
                sys::BIO_meth_set_ctrl__fixed_rust(m, Some(bio_ctrl));
                sys::BIO_meth_set_create__fixed_rust(m, Some(bio_create));
                sys::BIO_meth_set_destroy__fixed_rust(m, Some(bio_destroy));
                Some(Method(m))
            }
        })
        .as_ref()
        .map(|m| m.0)
}

/// The buffer of `b`, a BIO of [`method()`] that `bio_create` set up.
///
/// # Safety
/// `b` is live, made with [`method()`], and nothing else holds a reference to its
/// buffer for the lifetime chosen (see the module note: the owner's lock).
unsafe fn buffer<'a>(b: *mut sys::BIO) -> &'a mut Buffer {
    // SAFETY: bio_create stored a Box<Buffer> that lives until bio_destroy; the caller
    // guarantees exclusive access.
    unsafe { &mut *(sys::BIO_get_data(b) as *mut Buffer) }
}

unsafe extern "C" fn bio_create(b: *mut sys::BIO) -> c_int {
    let buf = Box::new(Buffer {
        data: Vec::new(),
        start: 0,
        end: 0,
        eof_return: -1,
        close: 1,
    });
    // SAFETY: `b` is the BIO being created (BIO_new); its data pointer now owns the box,
    // released in bio_destroy.
    unsafe {
        sys::BIO_set_data(b, Box::into_raw(buf) as *mut c_void);
        sys::BIO_set_init(b, 1);
    }
    1
}

unsafe extern "C" fn bio_destroy(b: *mut sys::BIO) -> c_int {
    if b.is_null() {
        return 0;
    }
    // SAFETY: called once, by BIO_free of the last reference: nobody uses the buffer
    // any more; the pointer is the box bio_create made (or NULL if it never ran).
    unsafe {
        let p = sys::BIO_get_data(b) as *mut Buffer;
        if !p.is_null() {
            drop(Box::from_raw(p));
        }
        sys::BIO_set_data(b, ptr::null_mut());
        sys::BIO_set_init(b, 0);
    }
    1
}

unsafe extern "C" fn bio_write(b: *mut sys::BIO, data: *const c_char, len: c_int) -> c_int {
    // SAFETY: OpenSSL calls this on one of our BIOs during an SSL call, under the owner's
    // lock (module note).
    let buf = unsafe {
        sys::BIO_clear_retry_flags(b);
        buffer(b)
    };
    if len <= 0 {
        return 0;
    }
    if data.is_null() {
        return -1;
    }
    // SAFETY: OpenSSL passes `len` readable bytes at `data`.
    let bytes = unsafe { std::slice::from_raw_parts(data as *const u8, len as usize) };
    if buf.append(bytes) {
        len
    } else {
        -1
    }
}

unsafe extern "C" fn bio_read(b: *mut sys::BIO, out: *mut c_char, len: c_int) -> c_int {
    // SAFETY: as in bio_write.
    let buf = unsafe {
        sys::BIO_clear_retry_flags(b);
        buffer(b)
    };
    let pending = buf.pending();
    if pending == 0 {
        if buf.eof_return != 0 {
            // SAFETY: flag update on our BIO.
            unsafe { sys::BIO_set_retry_read(b) };
        }
        return buf.eof_return;
    }
    if out.is_null() || len <= 0 {
        // mem_read: min(request, pending), nothing copied.
        return if len >= 0 {
            len.min(pending as c_int)
        } else {
            len
        };
    }
    let n = (len as usize).min(pending);
    // SAFETY: OpenSSL passes `len` writable bytes at `out`; n <= len.
    let dst = unsafe { std::slice::from_raw_parts_mut(out as *mut u8, n) };
    buf.take(dst) as c_int
}

unsafe extern "C" fn bio_ctrl(b: *mut sys::BIO, cmd: c_int, num: c_long, p: *mut c_void) -> c_long {
    // SAFETY: as in bio_write.
    let buf = unsafe { buffer(b) };
    match cmd {
        BIO_CTRL_RESET => {
            buf.start = 0;
            buf.end = 0;
            1
        }
        sys::BIO_CTRL_EOF => (buf.pending() == 0) as c_long,
        sys::BIO_C_SET_BUF_MEM_EOF_RETURN => {
            buf.eof_return = num as c_int;
            1
        }
        sys::BIO_CTRL_INFO => {
            if !p.is_null() {
                let at = buf.data[buf.start..].as_mut_ptr() as *mut c_char;
                // SAFETY: BIO_get_mem_data passes a `char **` to store the data pointer in.
                unsafe { *(p as *mut *mut c_char) = at };
            }
            buf.pending() as c_long
        }
        BIO_CTRL_GET_CLOSE => buf.close,
        BIO_CTRL_SET_CLOSE => {
            buf.close = num;
            1
        }
        BIO_CTRL_WPENDING => 0,
        BIO_CTRL_PENDING => buf.pending() as c_long,
        BIO_CTRL_DUP | sys::BIO_CTRL_FLUSH => 1,
        _ => 0,
    }
}

/// One of our memory BIOs, with its own reference (an `SSL` it is attached to holds
/// another).
pub(crate) struct MemBio(*mut sys::BIO);

// SAFETY: a BIO may move between threads; every use goes through &mut self (the owner's
// lock) or an SSL call made under that lock (module note).
unsafe impl Send for MemBio {}

impl MemBio {
    /// A new, empty buffer whose empty reads mean "retry later" (CPython's
    /// `BIO_set_mem_eof_return(bio, -1)`). `None` if OpenSSL is out of memory.
    pub(crate) fn new() -> Option<MemBio> {
        let m = method()?;
        // SAFETY: `m` is our live method table; BIO_new runs bio_create or returns NULL.
        let b = unsafe { sys::BIO_new(m) };
        if b.is_null() {
            None
        } else {
            Some(MemBio(b))
        }
    }

    fn buf(&mut self) -> &mut Buffer {
        // SAFETY: our BIO, reached through &mut self (module note).
        unsafe { buffer(self.0) }
    }

    fn clear_retry(&mut self) {
        // SAFETY: flag update on our BIO.
        unsafe { sys::BIO_clear_retry_flags(self.0) };
    }

    /// `BIO_write`: appends `data`; the count written, or -1 without memory.
    pub(crate) fn write(&mut self, data: &[u8]) -> c_int {
        self.clear_retry();
        if data.is_empty() {
            return 0;
        }
        let len = data.len().min(c_int::MAX as usize);
        if self.buf().append(&data[..len]) {
            len as c_int
        } else {
            -1
        }
    }

    /// `BIO_read` into `buf`: bytes read (0 when empty).
    pub(crate) fn read(&mut self, out: &mut [u8]) -> usize {
        if out.is_empty() {
            return 0;
        }
        let len = out.len().min(c_int::MAX as usize);
        // SAFETY: `out` is writable for `len` bytes; our BIO, through &mut self.
        let n = unsafe { bio_read(self.0, out.as_mut_ptr() as *mut c_char, len as c_int) };
        n.max(0) as usize
    }

    /// `BIO_ctrl_pending`.
    pub(crate) fn pending(&self) -> usize {
        // SAFETY: reads the pending count through our BIO's ctrl.
        unsafe { BIO_ctrl_pending(self.0) }
    }

    /// CPython's `write_eof`: clears the retry flags and makes an empty BIO
    /// read as EOF from now on.
    pub(crate) fn set_eof(&mut self) {
        self.clear_retry();
        self.buf().eof_return = 0;
    }

    #[cfg(any(feature = "tokio", test))]
    /// Lends the pending bytes to `f`, which returns how many of them it took (at most
    /// all); those are consumed. No copy: the transport writes straight from here.
    pub(crate) fn drain_with<R>(&mut self, f: impl FnOnce(&[u8]) -> (usize, R)) -> R {
        let buf = self.buf();
        let (n, r) = f(&buf.data[buf.start..buf.end]);
        buf.consume(n);
        r
    }

    #[cfg(any(feature = "tokio", test))]
    /// Lends `want` bytes of spare room to `f`, which returns how many of them it filled
    /// (at most all); those become pending, as a `BIO_write` of them would. No copy: the
    /// transport reads straight into here. `None` without memory.
    pub(crate) fn fill_with<R>(
        &mut self,
        want: usize,
        f: impl FnOnce(&mut [u8]) -> (usize, R),
    ) -> Option<R> {
        self.clear_retry();
        let buf = self.buf();
        if !buf.reserve(want) {
            return None;
        }
        let end = buf.end;
        let (n, r) = f(&mut buf.data[end..end + want]);
        buf.end += n.min(want);
        Some(r)
    }

    /// Hands `rbio`/`wbio` to `ssl` (`SSL_set_bio`), each with an extra
    /// reference so that both the `SSL` and the `MemBio` own one.
    pub(crate) fn attach(ssl: &mut SslRef, rbio: &MemBio, wbio: &MemBio) {
        // SAFETY: BIO_up_ref gives the SSL its own reference to each BIO,
        // which SSL_free releases; our MemBio keeps (and frees) its own.
        unsafe {
            BIO_up_ref(rbio.0);
            BIO_up_ref(wbio.0);
            sys::SSL_set_bio(ssl.as_ptr(), rbio.0, wbio.0);
        }
    }
}

impl Drop for MemBio {
    fn drop(&mut self) {
        // SAFETY: our reference, from BIO_new; the SSL keeps its own.
        unsafe { BIO_free(self.0) };
    }
}

#[cfg(test)]
mod tests {
    //! `BIO_s_mem`'s answers, side by side with ours, through OpenSSL's own BIO calls.
    use super::*;

    extern "C" {
        // <openssl/bio.h>
        fn BIO_test_flags(b: *const sys::BIO, flags: c_int) -> c_int;
    }

    struct Raw(*mut sys::BIO);
    impl Drop for Raw {
        fn drop(&mut self) {
            // SAFETY: a BIO this test made.
            unsafe { BIO_free(self.0) };
        }
    }

    fn pair() -> (Raw, Raw) {
        // SAFETY: fresh BIOs (checked non-NULL), eof return set as CPython's MemoryBIO does.
        unsafe {
            let mem = sys::BIO_new(sys::BIO_s_mem());
            let ours = sys::BIO_new(method().unwrap());
            assert!(!mem.is_null() && !ours.is_null());
            for b in [mem, ours] {
                sys::BIO_ctrl(b, sys::BIO_C_SET_BUF_MEM_EOF_RETURN, -1, ptr::null_mut());
            }
            (Raw(mem), Raw(ours))
        }
    }

    /// (return value, bytes, should_retry, should_read, pending, eof) of one BIO_read.
    fn read(b: &Raw, n: c_int) -> (c_int, Vec<u8>, bool, bool, usize, bool) {
        let mut v = vec![0u8; n.max(0) as usize];
        // SAFETY: `v` holds `n` writable bytes; a BIO this test owns.
        unsafe {
            let r = sys::BIO_read(b.0, v.as_mut_ptr() as *mut c_void, n);
            v.truncate(r.max(0) as usize);
            let f = BIO_test_flags(b.0, !0);
            (
                r,
                v,
                f & sys::BIO_FLAGS_SHOULD_RETRY != 0,
                f & sys::BIO_FLAGS_READ != 0,
                BIO_ctrl_pending(b.0),
                sys::BIO_ctrl(b.0, sys::BIO_CTRL_EOF, 0, ptr::null_mut()) != 0,
            )
        }
    }

    fn write(b: &Raw, data: &[u8]) -> c_int {
        // SAFETY: `data` readable for its length; a BIO this test owns.
        unsafe { sys::BIO_write(b.0, data.as_ptr() as *const c_void, data.len() as c_int) }
    }

    fn ctrl(b: &Raw, cmd: c_int, num: c_long) -> c_long {
        // SAFETY: ctrls that take no pointer, on a BIO this test owns.
        unsafe { sys::BIO_ctrl(b.0, cmd, num, ptr::null_mut()) }
    }

    #[test]
    fn answers_as_bio_s_mem_does() {
        let (mem, ours) = pair();
        type Step = Box<dyn Fn(&Raw) -> String>;
        let script: Vec<Step> = vec![
            Box::new(|b| format!("{:?}", read(b, 10))),
            Box::new(|b| format!("{}", write(b, b""))),
            Box::new(|b| format!("{}", write(b, b"hello world"))),
            Box::new(|b| format!("{:?}", read(b, 5))),
            Box::new(|b| format!("{}", write(b, &[7u8; 40000]))),
            Box::new(|b| format!("{:?}", read(b, 6).0)),
            Box::new(|b| format!("{}", ctrl(b, BIO_CTRL_PENDING, 0))),
            Box::new(|b| format!("{}", ctrl(b, BIO_CTRL_WPENDING, 0))),
            Box::new(|b| format!("{}", ctrl(b, sys::BIO_CTRL_FLUSH, 0))),
            Box::new(|b| format!("{}", ctrl(b, sys::BIO_CTRL_EOF, 0))),
            Box::new(|b| format!("{:?}", read(b, 50000).0)),
            Box::new(|b| format!("{:?}", read(b, 1))),
            Box::new(|b| format!("{}", ctrl(b, sys::BIO_C_SET_BUF_MEM_EOF_RETURN, 0))),
            Box::new(|b| format!("{:?}", read(b, 1))),
            Box::new(|b| format!("{}", write(b, b"abc"))),
            Box::new(|b| {
                let mut p: *mut c_char = ptr::null_mut();
                // SAFETY: BIO_get_mem_data stores a pointer to the pending bytes in `p`.
                let n = unsafe { sys::BIO_get_mem_data(b.0, &mut p) };
                // SAFETY: `n` bytes are readable at `p`.
                let s = unsafe { std::slice::from_raw_parts(p as *const u8, n as usize) };
                format!("{n} {s:?}")
            }),
            Box::new(|b| format!("{}", ctrl(b, BIO_CTRL_GET_CLOSE, 0))),
            Box::new(|b| format!("{}", ctrl(b, BIO_CTRL_RESET, 0))),
            Box::new(|b| format!("{:?}", read(b, 3))),
            Box::new(|b| format!("{}", ctrl(b, 9999, 0))),
        ];
        for (i, step) in script.iter().enumerate() {
            assert_eq!(step(&mem), step(&ours), "step {i}");
        }
    }

    #[test]
    fn lending_keeps_the_byte_order() {
        let mut b = MemBio::new().unwrap();
        assert_eq!(b.write(b"abc"), 3);
        let got = b.fill_with(4, |room| {
            room.copy_from_slice(b"defg");
            (4, ())
        });
        assert_eq!(got, Some(()));
        let mut first = Vec::new();
        b.drain_with(|d| {
            first.extend_from_slice(&d[..2]);
            (2, ())
        });
        assert_eq!(first, b"ab");
        assert_eq!(b.pending(), 5);
        let mut rest = [0u8; 8];
        assert_eq!(b.read(&mut rest), 5);
        assert_eq!(&rest[..5], b"cdefg");
        assert_eq!(b.read(&mut rest), 0);
    }
}

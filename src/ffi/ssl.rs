//! Raw `SSL` operations, exactly as CPython's `_ssl.c` calls them: the I/O
//! calls with their return value, `SSL_get_error` code and `errno`, memory
//! BIOs, and the few per-connection settings the safe crate lacks.

use std::ffi::{CStr, CString};
use std::os::raw::{c_int, c_long, c_uint, c_void};
use std::ptr;

use super::extra::*;
use foreign_types_shared::ForeignTypeRef;
use openssl::ssl::{SslCipherRef, SslRef, SslSessionRef};
use openssl_sys as sys;

const SSL_CTRL_MODE: c_int = 33;
const BIO_C_SET_NBIO: c_int = 102;
/// `SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_AUTO_RETRY`.
pub(crate) const CPYTHON_SSL_MODE: c_long = 0x2 | 0x4;
/// `SSL_RECEIVED_SHUTDOWN`.
pub(crate) const SSL_RECEIVED_SHUTDOWN: c_int = 2;

/// What one raw OpenSSL I/O call gave: CPython's `_PySSLError` plus the
/// return value and the byte count of the `_ex` calls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct IoOutcome {
    /// The call's return value.
    pub ret: c_int,
    /// Bytes read or written (`_ex` calls).
    pub count: usize,
    /// `sys::SSL_get_error(ssl, ret)` when the call failed, else 0.
    pub ssl_error: c_int,
    /// `errno` right after the call when it failed, else 0.
    pub errno: c_int,
}

fn outcome(ssl: *mut sys::SSL, failed: bool, ret: c_int, count: usize) -> IoOutcome {
    if !failed {
        return IoOutcome {
            ret,
            count,
            ssl_error: 0,
            errno: 0,
        };
    }
    let errno = super::errno();
    // SAFETY: `ssl` is the live SSL the call was made on.
    let ssl_error = unsafe { sys::SSL_get_error(ssl, ret) };
    IoOutcome {
        ret,
        count,
        ssl_error,
        errno,
    }
}

/// `SSL_do_handshake` (failure: `ret < 1`).
pub(crate) fn do_handshake(ssl: &mut SslRef) -> IoOutcome {
    super::clear_errno();
    // SAFETY: `ssl` is live and exclusively borrowed by the caller's &mut.
    let ret = unsafe { sys::SSL_do_handshake(ssl.as_ptr()) };
    outcome(ssl.as_ptr(), ret < 1, ret, 0)
}

/// `SSL_read_ex` (3.10+) or `SSL_read` (older CPython) into `buf`.
pub(crate) fn read(ssl: &mut SslRef, buf: &mut [u8], ex: bool) -> IoOutcome {
    super::clear_errno();
    // SAFETY: `buf` is valid for `buf.len()` bytes of writes; `ssl` is live.
    unsafe {
        if ex {
            let mut n = 0usize;
            let ret = sys::SSL_read_ex(
                ssl.as_ptr(),
                buf.as_mut_ptr() as *mut c_void,
                buf.len(),
                &mut n,
            );
            outcome(ssl.as_ptr(), ret == 0, ret, n)
        } else {
            let len = buf.len().min(c_int::MAX as usize) as c_int;
            let ret = sys::SSL_read(ssl.as_ptr(), buf.as_mut_ptr() as *mut c_void, len);
            outcome(ssl.as_ptr(), ret <= 0, ret, ret.max(0) as usize)
        }
    }
}

/// `SSL_write_ex` (3.10+) or `SSL_write` (older CPython) of `data`.
pub(crate) fn write(ssl: &mut SslRef, data: &[u8], ex: bool) -> IoOutcome {
    super::clear_errno();
    // SAFETY: `data` is valid for `data.len()` bytes of reads; `ssl` is live.
    unsafe {
        if ex {
            let mut n = 0usize;
            let ret = sys::SSL_write_ex(
                ssl.as_ptr(),
                data.as_ptr() as *const c_void,
                data.len(),
                &mut n,
            );
            outcome(ssl.as_ptr(), ret == 0, ret, n)
        } else {
            let len = data.len().min(c_int::MAX as usize) as c_int;
            let ret = sys::SSL_write(ssl.as_ptr(), data.as_ptr() as *const c_void, len);
            outcome(ssl.as_ptr(), ret <= 0, ret, ret.max(0) as usize)
        }
    }
}

/// `SSL_shutdown` (failure: `ret < 0`), after `SSL_set_read_ahead(0)` when
/// `no_read_ahead` (CPython does so once a first shutdown returned 0).
pub(crate) fn shutdown(ssl: &mut SslRef, no_read_ahead: bool) -> IoOutcome {
    super::clear_errno();
    // SAFETY: `ssl` is live.
    unsafe {
        if no_read_ahead {
            SSL_set_read_ahead(ssl.as_ptr(), 0);
        }
        let ret = sys::SSL_shutdown(ssl.as_ptr());
        outcome(ssl.as_ptr(), ret < 0, ret, 0)
    }
}

/// `SSL_set_read_ahead(ssl, yes)`: whether the record layer may read more
/// than the record it needs from the transport in one call.
pub(crate) fn set_read_ahead(ssl: &mut SslRef, yes: bool) {
    // SAFETY: sets a flag of the live `ssl`.
    unsafe { SSL_set_read_ahead(ssl.as_ptr(), c_int::from(yes)) }
}

/// `SSL_get_shutdown`.
pub(crate) fn get_shutdown(ssl: &SslRef) -> c_int {
    // SAFETY: reads a flag of the live `ssl`.
    unsafe { sys::SSL_get_shutdown(ssl.as_ptr()) }
}

/// `SSL_set_shutdown(ssl, SSL_SENT_SHUTDOWN | SSL_get_shutdown(ssl))`: marks
/// close_notify as sent without sending it, so that `SSL_free` keeps the
/// session resumable (what CPython 3.14's `PySSL_dealloc` does).
pub(crate) fn mark_shutdown_sent(ssl: &mut SslRef) {
    // SAFETY: reads and sets the shutdown flags of the live `ssl` (`&mut`:
    // no other thread is using it); no I/O happens.
    unsafe {
        let state = sys::SSL_get_shutdown(ssl.as_ptr());
        sys::SSL_set_shutdown(ssl.as_ptr(), state | sys::SSL_SENT_SHUTDOWN);
    }
}

/// `SSL_is_init_finished`.
pub(crate) fn is_init_finished(ssl: &SslRef) -> bool {
    // SAFETY: reads state of the live `ssl`.
    unsafe { sys::SSL_is_init_finished(ssl.as_ptr()) != 0 }
}

/// `SSL_set_mode(ssl, mode)`.
pub(crate) fn set_mode(ssl: &mut SslRef, mode: c_long) {
    // SAFETY: SSL_CTRL_MODE only ORs bits into the live `ssl`'s mode.
    unsafe {
        sys::SSL_ctrl(ssl.as_ptr(), SSL_CTRL_MODE, mode, ptr::null_mut());
    }
}

/// `SSL_set_session_id_context(ssl, "Python\0", 7)` for server sockets.
pub(crate) fn set_python_session_id_context(ssl: &mut SslRef) {
    const SID: &[u8] = b"Python\0";
    // SAFETY: copies SID.len() bytes from a static slice.
    unsafe {
        SSL_set_session_id_context(ssl.as_ptr(), SID.as_ptr(), SID.len() as c_uint);
    }
}

/// `SSL_set_post_handshake_auth(ssl, 1)` (TLS 1.3 clients).
pub(crate) fn enable_post_handshake_auth(ssl: &mut SslRef) {
    // SAFETY: sets a flag on the live `ssl`.
    unsafe { SSL_set_post_handshake_auth(ssl.as_ptr(), 1) }
}

/// `SSL_verify_client_post_handshake`; true on success (errors stay queued).
pub(crate) fn verify_client_post_handshake(ssl: &mut SslRef) -> bool {
    // SAFETY: queues a CertificateRequest on the live `ssl`.
    unsafe { SSL_verify_client_post_handshake(ssl.as_ptr()) == 1 }
}

/// `SSL_set_fd(ssl, fd)`: OpenSSL's own socket BIO over `fd` (borrowed:
/// the caller keeps the socket open for the life of `ssl`).
pub(crate) fn set_fd(ssl: &mut SslRef, fd: c_int) -> bool {
    // SAFETY: the socket BIO does not own the fd (BIO_NOCLOSE) and the caller
    // keeps `fd` open while `ssl` uses it.
    unsafe { SSL_set_fd(ssl.as_ptr(), fd) == 1 }
}

/// `BIO_set_nbio` on both BIOs of `ssl`.
pub(crate) fn set_nbio(ssl: &mut SslRef, on: bool) {
    // SAFETY: the BIOs belong to the live `ssl`; NULL BIOs are skipped.
    unsafe {
        for b in [
            sys::SSL_get_rbio(ssl.as_ptr()),
            sys::SSL_get_wbio(ssl.as_ptr()),
        ] {
            if !b.is_null() {
                sys::BIO_ctrl(b, BIO_C_SET_NBIO, on as c_long, ptr::null_mut());
            }
        }
    }
}

/// `SSL_get_current_compression` → short name, `None` without compression.
pub(crate) fn compression(ssl: &SslRef) -> Option<String> {
    // SAFETY: reads state of the live `ssl`. OpenSSL 3 here is built without
    // zlib, so this is NULL in practice; a non-NULL value is not decoded.
    let p = unsafe { super::extra::SSL_get_current_compression(ssl.as_ptr()) };
    if p.is_null() {
        None
    } else {
        Some("unknown".to_string())
    }
}

/// One cipher as CPython's `cipher_to_tuple`: (name, protocol, secret bits).
pub(crate) fn cipher_tuple(c: &SslCipherRef) -> (String, String, i32) {
    (
        c.name().to_string(),
        c.version().to_string(),
        c.bits().secret,
    )
}

fn stack_ciphers(sk: *mut sys::stack_st_SSL_CIPHER) -> Option<Vec<*const sys::SSL_CIPHER>> {
    if sk.is_null() {
        return None;
    }
    // SAFETY: `sk` is a live cipher stack owned by an SSL the caller borrows.
    unsafe {
        let n = sys::OPENSSL_sk_num(sk as *const sys::OPENSSL_STACK);
        Some(
            (0..n)
                .map(|i| {
                    sys::OPENSSL_sk_value(sk as *const sys::OPENSSL_STACK, i)
                        as *const sys::SSL_CIPHER
                })
                .collect(),
        )
    }
}

/// CPython 3.10+ `shared_ciphers()`: the `SSL_get_ciphers` entries that are
/// also in `SSL_get_client_ciphers`; `None` when either list is missing.
/// With `all_local` (3.6–3.9) simply every `SSL_get_ciphers` entry.
pub(crate) fn shared_ciphers(ssl: &SslRef, all_local: bool) -> Option<Vec<(String, String, i32)>> {
    // SAFETY: both stacks are owned by the live `ssl` and read while it is
    // borrowed; the SSL_CIPHERs are static tables of libssl.
    unsafe {
        let ours = stack_ciphers(SSL_get_ciphers(ssl.as_ptr()))?;
        let theirs = if all_local {
            None
        } else {
            Some(stack_ciphers(SSL_get_client_ciphers(ssl.as_ptr()))?)
        };
        Some(
            ours.into_iter()
                .filter(|c| theirs.as_ref().is_none_or(|t| t.contains(c)))
                .map(|c| cipher_tuple(SslCipherRef::from_ptr(c as *mut sys::SSL_CIPHER)))
                .collect(),
        )
    }
}

/// `a2i_IPADDRESS(host)`: the address bytes when OpenSSL reads `host` as an
/// IP literal (4 or 16 bytes), exactly by OpenSSL's rules.
pub(crate) fn ip_address(host: &str) -> Option<Vec<u8>> {
    let c = CString::new(host).ok()?;
    // SAFETY: `c` is NUL-terminated; the returned octet string is freed
    // after its bytes are copied.
    unsafe {
        let ip = a2i_IPADDRESS(c.as_ptr());
        if ip.is_null() {
            super::clear_errors();
            return None;
        }
        let s = ip as *const sys::ASN1_STRING;
        let len = sys::ASN1_STRING_length(s).max(0) as usize;
        let bytes = std::slice::from_raw_parts(sys::ASN1_STRING_get0_data(s), len).to_vec();
        sys::ASN1_OCTET_STRING_free(ip);
        Some(bytes)
    }
}

/// `SSL_SESSION_has_ticket`.
pub(crate) fn session_has_ticket(s: &SslSessionRef) -> bool {
    // SAFETY: reads a live session.
    unsafe { SSL_SESSION_has_ticket(s.as_ptr()) != 0 }
}

/// `SSL_SESSION_get_ticket_lifetime_hint`.
pub(crate) fn session_ticket_lifetime_hint(s: &SslSessionRef) -> u64 {
    // SAFETY: reads a live session.
    unsafe { SSL_SESSION_get_ticket_lifetime_hint(s.as_ptr()) as u64 }
}

/// `X509_verify_cert_error_string(code)`.
pub(crate) fn verify_cert_error_string(code: c_long) -> Option<String> {
    // SAFETY: returns a static string (or NULL).
    unsafe {
        let p = sys::X509_verify_cert_error_string(code);
        if p.is_null() {
            None
        } else {
            Some(CStr::from_ptr(p).to_string_lossy().into_owned())
        }
    }
}

/// `poll()` on one descriptor for reading or writing, `timeout_ms` (-1 =
/// forever). True when ready, false on timeout; errors count as ready (the
/// next I/O call reports them), as in CPython's `PySSL_select`.
pub(crate) fn poll_fd(fd: c_int, writing: bool, timeout_ms: c_int) -> bool {
    let mut p = libc::pollfd {
        fd,
        events: if writing { libc::POLLOUT } else { libc::POLLIN },
        revents: 0,
    };
    loop {
        // SAFETY: one valid pollfd on the stack.
        let rc = unsafe { libc::poll(&mut p, 1, timeout_ms) };
        if rc < 0 && super::errno() == libc::EINTR {
            continue;
        }
        return rc != 0;
    }
}

/// `SSL_set_session`. The safe crate marks it `unsafe` because the session
/// must belong to a compatible context; the caller has checked that it comes
/// from the same `SSL_CTX` (CPython's "Session refers to a different
/// SSLContext." check).
pub(crate) fn set_session(
    ssl: &mut SslRef,
    session: &SslSessionRef,
) -> Result<(), openssl::error::ErrorStack> {
    // SAFETY: see above: same SSL_CTX, so the session is usable by `ssl`.
    unsafe { ssl.set_session(session) }
}

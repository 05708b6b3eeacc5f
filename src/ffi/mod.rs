//! The only `unsafe` code of the crate: raw `openssl-sys` calls that the safe
//! `openssl` crate does not offer. Each function here is a small safe wrapper;
//! each `unsafe` block says why it is sound. vendor-notes.md lists every call
//! and why the safe crate could not do it.
#![allow(unsafe_code)]
// Every unsafe operation gets its own block and SAFETY comment, also inside
// `unsafe fn`s (here and in every submodule).
#![deny(unsafe_op_in_unsafe_fn)]

pub(crate) mod extra;
pub(crate) mod lookup;
pub(crate) mod membio;
pub(crate) mod misc;
pub(crate) mod sock;
pub(crate) mod ssl;
pub(crate) mod valgrind;
pub(crate) mod x509;

use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_long, c_ulong, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use extra::*;
use foreign_types_shared::ForeignTypeRef;
use openssl::ssl::{SslCipherRef, SslContextBuilder, SslContextRef, SslMethod, SslRef};
use openssl::x509::X509Ref;
use openssl_sys as sys;

const SSL_CTRL_SET_GROUPS: c_int = 91;
/// `ERR_LIB_X509` (err.h).
const ERR_LIB_X509: c_int = 11;
/// `X509_R_CERT_ALREADY_IN_HASH_TABLE` (x509err.h).
const X509_R_CERT_ALREADY_IN_HASH_TABLE: c_int = 101;

/// Proof that the caller holds its context's write lock: the context's
/// [`State`] is only reachable through that lock, so a `&mut State` exists
/// only while it is held. Every wrapper here that mutates an `SSL_CTX` takes
/// one, so no `SSL_new` (made under the read lock) runs meanwhile.
pub(crate) use crate::context::State as WriteLocked;

/// A temporary builder over an existing, shared `SSL_CTX`, for as long as
/// the write lock it was made under is held.
///
/// The `openssl` crate only mutates a context through `SslContextBuilder`,
/// and builds it once. CPython mutates one `SSL_CTX` for its whole life, so
/// this takes one more reference on it and wraps that reference in a builder;
/// dropping the builder gives the reference back.
pub(crate) struct BuilderView<'a> {
    builder: SslContextBuilder,
    _locked: std::marker::PhantomData<&'a mut WriteLocked>,
}

impl std::ops::Deref for BuilderView<'_> {
    type Target = SslContextBuilder;
    fn deref(&self) -> &SslContextBuilder {
        &self.builder
    }
}

impl std::ops::DerefMut for BuilderView<'_> {
    fn deref_mut(&mut self) -> &mut SslContextBuilder {
        &mut self.builder
    }
}

/// A [`BuilderView`] of `ctx`, valid while `locked` is borrowed.
pub(crate) fn builder_view<'a>(
    ctx: &SslContextRef,
    locked: &'a mut WriteLocked,
) -> BuilderView<'a> {
    let _ = locked;
    // SAFETY: `ctx` is a live SSL_CTX. SSL_CTX_up_ref adds the reference that
    // the returned builder owns and releases with SSL_CTX_free on drop, so
    // the count stays balanced and the context outlives the builder.
    let builder = unsafe {
        sys::SSL_CTX_up_ref(ctx.as_ptr());
        SslContextBuilder::from_ptr(ctx.as_ptr())
    };
    BuilderView {
        builder,
        _locked: std::marker::PhantomData,
    }
}

/// Error-queue bracket: `ERR_set_mark` on creation, `ERR_pop_to_mark` on drop.
pub(crate) struct ErrMark;

impl ErrMark {
    pub(crate) fn new() -> ErrMark {
        // SAFETY: ERR_set_mark only touches this thread's error queue; it has
        // no pointer arguments.
        unsafe { ERR_set_mark() };
        ErrMark
    }
}

impl Drop for ErrMark {
    fn drop(&mut self) {
        // SAFETY: pairs with the ERR_set_mark in `ErrMark::new`; pops only
        // the errors raised since then on this thread.
        unsafe { ERR_pop_to_mark() };
    }
}

/// An owned `BIO` (memory or file), freed with `BIO_free`; `'a` is the
/// life of the memory a read-only memory BIO reads ([`Bio::from_slice`]).
pub(crate) struct Bio<'a>(*mut sys::BIO, std::marker::PhantomData<&'a [u8]>);

impl Bio<'static> {
    pub(crate) fn new_mem() -> Option<Bio<'static>> {
        // SAFETY: BIO_s_mem returns a static method table; BIO_new returns a
        // fresh BIO or NULL, which we check.
        let p = unsafe { sys::BIO_new(sys::BIO_s_mem()) };
        if p.is_null() {
            None
        } else {
            Some(Bio(p, std::marker::PhantomData))
        }
    }

    pub(crate) fn new_file() -> Option<Bio<'static>> {
        // SAFETY: as in `new_mem`, with the static file method table.
        let p = unsafe { sys::BIO_new(sys::BIO_s_file()) };
        if p.is_null() {
            None
        } else {
            Some(Bio(p, std::marker::PhantomData))
        }
    }
}

impl<'a> Bio<'a> {
    /// `BIO_new_mem_buf`: a read-only memory BIO over `data`, which must
    /// outlive it.
    pub(crate) fn from_slice(data: &'a [u8]) -> Option<Bio<'a>> {
        let len = data.len().min(c_int::MAX as usize) as c_int;
        // SAFETY: the BIO only reads `data`, for at most its life ('a).
        let p = unsafe { sys::BIO_new_mem_buf(data.as_ptr() as *const c_void, len) };
        if p.is_null() {
            None
        } else {
            Some(Bio(p, std::marker::PhantomData))
        }
    }

    pub(crate) fn as_ptr(&self) -> *mut sys::BIO {
        self.0
    }

    /// Everything written to a memory BIO so far.
    pub(crate) fn contents(&self) -> Vec<u8> {
        let mut data: *mut c_char = ptr::null_mut();
        // SAFETY: self.0 is a live memory BIO; BIO_get_mem_data stores a
        // pointer to its internal buffer (valid until the next write or
        // free) in `data` and returns its length. We copy it out at once.
        unsafe {
            let len = sys::BIO_get_mem_data(self.0, &mut data);
            if len <= 0 || data.is_null() {
                return Vec::new();
            }
            std::slice::from_raw_parts(data as *const u8, len as usize).to_vec()
        }
    }
}

impl Drop for Bio<'_> {
    fn drop(&mut self) {
        // SAFETY: self.0 came from BIO_new, is non-NULL and is freed only
        // here, once.
        unsafe { BIO_free(self.0) };
    }
}

/// The fixed-version methods (`TLSv1_method` …) that the safe crate lacks.
pub(crate) fn fixed_method(minor: u8) -> SslMethod {
    // SAFETY: these return pointers to static, immutable SSL_METHOD tables
    // that live for the whole program.
    unsafe {
        SslMethod::from_ptr(match minor {
            0 => TLSv1_method(),
            1 => TLSv1_1_method(),
            _ => TLSv1_2_method(),
        })
    }
}

/// The raw fields of one `SSL_CIPHER` that CPython's `get_ciphers()` reports
/// and the safe crate does not expose.
pub(crate) struct CipherRaw<'a> {
    pub cipher: &'a SslCipherRef,
    pub id: u32,
    pub aead: bool,
    pub cipher_nid: c_int,
    pub digest_nid: c_int,
    pub kx_nid: c_int,
    pub auth_nid: c_int,
}

/// `SSL_get_ciphers(ssl)`: the ciphers an `SSL` made from the context would
/// offer, in OpenSSL's order.
pub(crate) fn ssl_ciphers(ssl: &SslRef) -> Vec<CipherRaw<'_>> {
    let mut out = Vec::new();
    // SAFETY: SSL_get_ciphers returns a stack owned by `ssl` (or NULL); it is
    // only read while `ssl` is borrowed, and each element is a static
    // SSL_CIPHER owned by libssl.
    unsafe {
        let sk = SSL_get_ciphers(ssl.as_ptr());
        if sk.is_null() {
            return out;
        }
        let n = sys::OPENSSL_sk_num(sk as *const sys::OPENSSL_STACK);
        for i in 0..n {
            let c =
                sys::OPENSSL_sk_value(sk as *const sys::OPENSSL_STACK, i) as *const sys::SSL_CIPHER;
            if c.is_null() {
                continue;
            }
            out.push(CipherRaw {
                cipher: SslCipherRef::from_ptr(c as *mut sys::SSL_CIPHER),
                id: SSL_CIPHER_get_id(c),
                aead: SSL_CIPHER_is_aead(c) != 0,
                cipher_nid: sys::SSL_CIPHER_get_cipher_nid(c),
                digest_nid: sys::SSL_CIPHER_get_digest_nid(c),
                kx_nid: SSL_CIPHER_get_kx_nid(c),
                auth_nid: SSL_CIPHER_get_auth_nid(c),
            });
        }
    }
    out
}

/// `X509_check_ca`: non-zero when the certificate may act as a CA.
pub(crate) fn x509_check_ca(cert: &X509Ref) -> bool {
    // SAFETY: `cert` is a live X509; X509_check_ca only reads it (it may
    // cache extension data inside the object, which OpenSSL locks).
    unsafe { X509_check_ca(cert.as_ptr()) != 0 }
}

/// Sets `errno` to 0, as CPython does before the OpenSSL calls whose
/// failure it reports through `errno`.
pub(crate) fn clear_errno() {
    // SAFETY: __errno_location returns this thread's errno slot.
    unsafe { *libc::__errno_location() = 0 }
}

/// This thread's `errno`.
pub(crate) fn errno() -> i32 {
    // SAFETY: as above; reading an int.
    unsafe { *libc::__errno_location() }
}

/// `ERR_peek_last_error()`: the newest error on the queue, left in place.
pub(crate) fn peek_last_error() -> c_ulong {
    // SAFETY: reads this thread's OpenSSL error queue.
    unsafe { sys::ERR_peek_last_error() }
}

/// `ERR_clear_error()`.
pub(crate) fn clear_errors() {
    // SAFETY: empties this thread's OpenSSL error queue.
    unsafe { sys::ERR_clear_error() }
}

/// OpenSSL 3's flag of a system error (`ERR_SYSTEM_FLAG`, `INT_MAX + 1`):
/// the rest of the code is the `errno`. Never set in a 1.1.1 code, whose
/// top byte is a library number below 128.
const ERR_SYSTEM_FLAG: c_ulong = c_int::MAX as c_ulong + 1;
/// `ERR_LIB_SYS`.
const ERR_LIB_SYS: c_int = 2;

/// `ERR_GET_LIB` / `ERR_GET_REASON` of a packed error code, as OpenSSL's C
/// macros (which CPython uses) give them. For a system error that is
/// `(ERR_LIB_SYS, errno)`; openssl-sys's `ERR_GET_REASON` gives
/// `ERR_LIB_SYS` again instead of the errno, which turned every system
/// error into `FileNotFoundError [Errno 2]` (`EPIPE` is 32:
/// `BrokenPipeError`).
pub(crate) fn err_lib_reason(code: c_ulong) -> (c_int, c_int) {
    if code & ERR_SYSTEM_FLAG != 0 {
        return (ERR_LIB_SYS, (code & (ERR_SYSTEM_FLAG - 1)) as c_int);
    }
    (sys::ERR_GET_LIB(code), sys::ERR_GET_REASON(code))
}

/// Queues a system error for `errno` as OpenSSL's own `ERR_raise(ERR_LIB_SYS,
/// errno)` does (tests of [`err_lib_reason`] and of the errors made from
/// it).
#[cfg(all(test, ossl300))]
pub(crate) fn raise_system_error(errno: c_int) {
    // SAFETY: `ERR_new` starts a new entry in this thread's error queue;
    // `ERR_set_debug` gets static NUL-terminated strings; `ERR_set_error`
    // with a null format adds no data. Nothing else touches the queue
    // between the three calls (it is thread-local).
    unsafe {
        sys::ERR_new();
        sys::ERR_set_debug(c"test.c".as_ptr(), 1, c"raise_system_error".as_ptr());
        sys::ERR_set_error(ERR_LIB_SYS, errno, std::ptr::null());
    }
}

/// Password source for [`with_password_callback`]: given OpenSSL's buffer
/// size, returns the password bytes, or `None` to make OpenSSL fail.
pub(crate) type PasswordFn<'a> = dyn FnMut(usize) -> Option<Vec<u8>> + 'a;

extern "C" fn password_trampoline(
    buf: *mut c_char,
    size: c_int,
    _rwflag: c_int,
    userdata: *mut c_void,
) -> c_int {
    if userdata.is_null() || buf.is_null() || size < 0 {
        return -1;
    }
    // SAFETY: `userdata` is the `&mut &mut PasswordFn` that
    // `with_password_callback` installed and keeps alive (and exclusively
    // borrowed) until it restores the previous callback.
    let f = unsafe { &mut *(userdata as *mut &mut PasswordFn<'_>) };
    let size = size as usize;
    // A panic must not unwind into C: treat it as a refused password.
    match catch_unwind(AssertUnwindSafe(|| f(size))) {
        Ok(Some(pw)) if pw.len() <= size => {
            // SAFETY: OpenSSL gave `buf` with room for `size` bytes and
            // pw.len() <= size.
            unsafe { ptr::copy_nonoverlapping(pw.as_ptr(), buf as *mut u8, pw.len()) };
            pw.len() as c_int
        }
        _ => -1,
    }
}

/// Runs `body` with `password` installed as the context's PEM password
/// callback, then restores the previous callback and its user data, as
/// CPython's `load_cert_chain` does.
pub(crate) fn with_password_callback<R>(
    ctx: &SslContextRef,
    locked: &mut WriteLocked,
    password: &mut PasswordFn<'_>,
    body: impl FnOnce(&mut WriteLocked) -> R,
) -> R {
    let mut slot: &mut PasswordFn<'_> = password;
    let raw = ctx.as_ptr();
    // SAFETY: `raw` is live for the whole call. The user data points at
    // `slot`, which outlives the callback's installation: the previous
    // callback and user data are put back before `slot` goes out of scope,
    // on every path (body cannot unwind past us without restoring, because
    // the restore runs in a guard's Drop).
    unsafe {
        let orig_cb = SSL_CTX_get_default_passwd_cb(raw);
        let orig_ud = SSL_CTX_get_default_passwd_cb_userdata(raw);
        struct Restore(*mut sys::SSL_CTX, sys::pem_password_cb, *mut c_void);
        impl Drop for Restore {
            fn drop(&mut self) {
                // SAFETY: puts back what was read above on the same live context.
                unsafe {
                    SSL_CTX_set_default_passwd_cb(self.0, self.1);
                    SSL_CTX_set_default_passwd_cb_userdata(self.0, self.2);
                }
            }
        }
        let _guard = Restore(raw, orig_cb, orig_ud);
        SSL_CTX_set_default_passwd_cb(raw, Some(password_trampoline));
        SSL_CTX_set_default_passwd_cb_userdata(
            raw,
            &mut slot as *mut &mut PasswordFn<'_> as *mut c_void,
        );
        body(locked)
    }
}

/// One step of CPython's `_add_ca_certs`: what a run over `data` loaded.
pub(crate) struct CaLoad {
    /// Certificates added (duplicates count, as in CPython).
    pub loaded: usize,
    /// `ERR_peek_last_error()` after the loop (the queue is left as is).
    pub last_error: c_ulong,
    /// The loop ended because the data was used up (`stop_at_eof` only).
    pub was_bio_eof: bool,
}

/// CPython's `_add_ca_certs` loop: reads PEM (`pem`) or concatenated DER
/// certificates from `data` and adds each to the context's store, ignoring
/// `X509_R_CERT_ALREADY_IN_HASH_TABLE`. `data` must not be empty. With
/// `stop_at_eof` (DER on CPython 3.12+) the loop first asks `BIO_eof` and
/// stops there, so trailing bytes that are not a certificate are an error.
pub(crate) fn add_ca_certs(
    ctx: &SslContextRef,
    _locked: &mut WriteLocked,
    data: &[u8],
    pem: bool,
    stop_at_eof: bool,
) -> CaLoad {
    let mut loaded = 0;
    let mut was_bio_eof = false;
    // SAFETY: the memory BIO borrows `data` read-only for its lifetime, which
    // ends (BIO_free) before this function returns. Certificates read are
    // freed after X509_STORE_add_cert, which takes its own reference. The
    // store belongs to `ctx` and the caller holds the context's write lock.
    unsafe {
        let Some(owned) = Bio::from_slice(data) else {
            return CaLoad {
                loaded,
                last_error: sys::ERR_peek_last_error(),
                was_bio_eof,
            };
        };
        let bio = owned.as_ptr();
        let store = sys::SSL_CTX_get_cert_store(ctx.as_ptr());
        let raw = ctx.as_ptr();
        loop {
            let cert = if pem {
                sys::PEM_read_bio_X509(
                    bio,
                    ptr::null_mut(),
                    SSL_CTX_get_default_passwd_cb(raw),
                    SSL_CTX_get_default_passwd_cb_userdata(raw),
                )
            } else {
                // BIO_eof(bio): a memory BIO with nothing left to read.
                if stop_at_eof && sys::BIO_ctrl(bio, sys::BIO_CTRL_EOF, 0, ptr::null_mut()) != 0 {
                    was_bio_eof = true;
                    break;
                }
                sys::d2i_X509_bio(bio, ptr::null_mut())
            };
            if cert.is_null() {
                break;
            }
            let r = sys::X509_STORE_add_cert(store, cert);
            sys::X509_free(cert);
            if r == 0 {
                let err = sys::ERR_peek_last_error();
                if sys::ERR_GET_LIB(err) == ERR_LIB_X509
                    && sys::ERR_GET_REASON(err) == X509_R_CERT_ALREADY_IN_HASH_TABLE
                {
                    sys::ERR_clear_error();
                } else {
                    break;
                }
            }
            loaded += 1;
        }
        drop(owned);
        CaLoad {
            loaded,
            last_error: sys::ERR_peek_last_error(),
            was_bio_eof,
        }
    }
}

/// `SSL_CTX_set1_groups(ctx, &nid, 1)` (what CPython 3.11+ `set_ecdh_curve` calls).
pub(crate) fn set1_groups_one(ctx: &SslContextRef, _locked: &mut WriteLocked, nid: c_int) -> bool {
    let mut n = nid;
    // SAFETY: SSL_CTRL_SET_GROUPS copies one int from the pointer; `n` lives
    // across the call.
    unsafe {
        sys::SSL_CTX_ctrl(
            ctx.as_ptr(),
            SSL_CTRL_SET_GROUPS,
            1,
            &mut n as *mut c_int as *mut c_void,
        ) == 1
    }
}

/// `OBJ_sn2nid(name)`: 0 (NID_undef) when unknown or when `name` holds a NUL.
pub(crate) fn sn2nid(name: &str) -> c_int {
    let Ok(c) = std::ffi::CString::new(name) else {
        return 0;
    };
    // SAFETY: `c` is a valid NUL-terminated string for the call.
    unsafe { sys::OBJ_sn2nid(c.as_ptr()) }
}

/// `SSL_CTX_ctrl(ctx, cmd, 0, NULL)` for the session-statistics counters.
pub(crate) fn ctx_ctrl_counter(ctx: &SslContextRef, cmd: c_int) -> c_long {
    // SAFETY: the SSL_CTRL_SESS_* commands only read counters of `ctx`.
    unsafe { sys::SSL_CTX_ctrl(ctx.as_ptr(), cmd, 0, ptr::null_mut()) }
}

/// `X509_VERIFY_PARAM_get_flags` on the context's parameters.
pub(crate) fn verify_flags(ctx: &SslContextRef) -> c_ulong {
    // SAFETY: the param object is owned by the live `ctx`; only read.
    unsafe { sys::X509_VERIFY_PARAM_get_flags(sys::SSL_CTX_get0_param(ctx.as_ptr())) }
}

/// `SSL_CTX_get_min_proto_version` / `SSL_CTX_get_max_proto_version`.
pub(crate) fn proto_versions(ctx: &SslContextRef) -> (c_int, c_int) {
    // SAFETY: ctrl getters that only read `ctx`.
    unsafe {
        (
            sys::SSL_CTX_get_min_proto_version(ctx.as_ptr()),
            sys::SSL_CTX_get_max_proto_version(ctx.as_ptr()),
        )
    }
}

/// `SSL_CTX_set_min_proto_version` / `_max_` with CPython's raw number
/// (0 = no bound); true on success.
pub(crate) fn set_proto_version(
    ctx: &SslContextRef,
    _locked: &mut WriteLocked,
    max: bool,
    v: c_int,
) -> bool {
    // SAFETY: ctrl setters on the live `ctx`; the caller holds the write lock.
    unsafe {
        if max {
            sys::SSL_CTX_set_max_proto_version(ctx.as_ptr(), v) == 1
        } else {
            sys::SSL_CTX_set_min_proto_version(ctx.as_ptr(), v) == 1
        }
    }
}

/// `SSL_CTX_set_options` / `SSL_CTX_clear_options` with raw bits.
pub(crate) fn update_options(ctx: &SslContextRef, _locked: &mut WriteLocked, set: u64, clear: u64) {
    // SAFETY: option setters on the live `ctx`; the caller holds the write lock.
    unsafe {
        if clear != 0 {
            sys::SSL_CTX_clear_options(ctx.as_ptr(), clear as _);
        }
        if set != 0 {
            sys::SSL_CTX_set_options(ctx.as_ptr(), set as _);
        }
    }
}

/// `SSL_CTX_get_options`.
pub(crate) fn options(ctx: &SslContextRef) -> u64 {
    // SAFETY: reads the options of the live `ctx`.
    unsafe { sys::SSL_CTX_get_options(ctx.as_ptr()) as u64 }
}

/// `OBJ_nid2ln(nid)`, or `None` for `NID_undef` / unknown nids.
pub(crate) fn nid2ln(nid: c_int) -> Option<&'static str> {
    if nid == 0 {
        return None;
    }
    // SAFETY: OBJ_nid2ln returns NULL or a pointer to a static string.
    unsafe {
        let p = sys::OBJ_nid2ln(nid);
        if p.is_null() {
            None
        } else {
            CStr::from_ptr(p).to_str().ok()
        }
    }
}

/// `ERR_reason_error_string(code)`.
pub(crate) fn reason_error_string(code: c_ulong) -> Option<String> {
    // SAFETY: returns NULL or a pointer to a static string table entry.
    unsafe {
        let p = sys::ERR_reason_error_string(code);
        if p.is_null() {
            None
        } else {
            Some(CStr::from_ptr(p).to_string_lossy().into_owned())
        }
    }
}

/// The certificates and the number of CRLs in the context's trust store,
/// read under the store's lock (the safe crate's `objects()` is unsound
/// because it reads without it).
pub(crate) fn store_contents(ctx: &SslContextRef) -> (Vec<openssl::x509::X509>, usize) {
    use foreign_types_shared::ForeignType;
    const X509_LU_X509: c_int = 1;
    const X509_LU_CRL: c_int = 2;
    let mut certs = Vec::new();
    let mut crls = 0;
    // SAFETY: the store belongs to the live `ctx`. The object stack is only
    // read between X509_STORE_lock and X509_STORE_unlock; every certificate
    // kept gets its own reference (X509_up_ref) before the lock is released,
    // and X509::from_ptr takes ownership of exactly that reference.
    unsafe {
        let store = sys::SSL_CTX_get_cert_store(ctx.as_ptr());
        if store.is_null() {
            return (certs, crls);
        }
        X509_STORE_lock(store);
        let objs = sys::X509_STORE_get0_objects(store);
        if !objs.is_null() {
            let n = sys::OPENSSL_sk_num(objs as *const sys::OPENSSL_STACK);
            for i in 0..n {
                let o = sys::OPENSSL_sk_value(objs as *const sys::OPENSSL_STACK, i)
                    as *const sys::X509_OBJECT;
                match X509_OBJECT_get_type(o) {
                    X509_LU_X509 => {
                        let x = sys::X509_OBJECT_get0_X509(o);
                        if !x.is_null() {
                            sys::X509_up_ref(x);
                            certs.push(openssl::x509::X509::from_ptr(x));
                        }
                    }
                    X509_LU_CRL => crls += 1,
                    _ => {}
                }
            }
        }
        X509_STORE_unlock(store);
    }
    (certs, crls)
}

/// The SNI hook a context installs: called with the handshake's `SSL` and
/// the client's server name; `Err(alert)` aborts with that fatal alert.
/// `Ok(false)`: no user callback is set, and the handshake goes on exactly
/// as without a servername callback (`SSL_TLSEXT_ERR_NOACK`, OpenSSL's
/// answer when none is installed).
pub(crate) type SniHook = dyn Fn(&mut openssl::ssl::SslRef, Result<Option<&str>, ()>) -> Result<bool, c_int>
    + Send
    + Sync;

/// Owner of an installed SNI hook (kept alive by the SSL_CTX's ex data).
pub(crate) struct SniHookBox(pub(crate) Box<SniHook>);

unsafe extern "C" fn sni_trampoline(ssl: *mut sys::SSL, al: *mut c_int, arg: *mut c_void) -> c_int {
    const SSL_AD_INTERNAL_ERROR: c_int = 80;
    if ssl.is_null() || arg.is_null() {
        return sys::SSL_TLSEXT_ERR_OK;
    }
    // SAFETY: `arg` points into the Arc<SniHookBox> stored in the SSL_CTX's
    // ex data by `install_sni`, which lives as long as the SSL_CTX, and the
    // SSL_CTX outlives every handshake that calls this. `ssl` is the live
    // SSL of the handshake in progress, exclusively ours during the callback.
    let (hook, ssl) = unsafe {
        (
            &*(arg as *const SniHookBox),
            openssl::ssl::SslRef::from_ptr_mut(ssl),
        )
    };
    let name = match ssl.servername_raw(openssl::ssl::NameType::HOST_NAME) {
        None => Ok(None),
        Some(raw) => std::str::from_utf8(raw)
            .ok()
            .filter(|s| s.is_ascii())
            .map(|s| Some(s.to_owned()))
            .ok_or(()),
    };
    let r = catch_unwind(AssertUnwindSafe(|| {
        (hook.0)(ssl, name.as_ref().map(|o| o.as_deref()).map_err(|_| ()))
    }));
    let alert = match r {
        Ok(Ok(true)) => return sys::SSL_TLSEXT_ERR_OK,
        Ok(Ok(false)) => return sys::SSL_TLSEXT_ERR_NOACK,
        Ok(Err(alert)) => alert,
        Err(_) => SSL_AD_INTERNAL_ERROR,
    };
    if !al.is_null() {
        // SAFETY: OpenSSL passes a valid out-pointer for the alert.
        unsafe { *al = alert };
    }
    sys::SSL_TLSEXT_ERR_ALERT_FATAL
}

/// Installs `hook` as the context's servername callback, once, when the
/// context is made: OpenSSL reads the callback from the `SSL_CTX` during
/// every server handshake, so it is never changed afterwards; the hook
/// itself decides whether a user callback is set.
pub(crate) fn install_sni(
    ctx: &SslContextRef,
    locked: &mut WriteLocked,
    hook: std::sync::Arc<SniHookBox>,
) {
    static INDEX: std::sync::OnceLock<
        Option<openssl::ex_data::Index<openssl::ssl::SslContext, std::sync::Arc<SniHookBox>>>,
    > = std::sync::OnceLock::new();
    valgrind::race_free(&INDEX);
    let Some(index) = *INDEX.get_or_init(|| openssl::ssl::SslContext::new_ex_index().ok()) else {
        return;
    };
    let arg = std::sync::Arc::as_ptr(&hook) as *mut c_void;
    let mut b = builder_view(ctx, locked);
    b.set_ex_data(index, hook);
    // SAFETY: `arg` stays valid while the ex data holds the Arc (for the
    // SSL_CTX's life); the trampoline has the signature OpenSSL expects.
    unsafe {
        sys::SSL_CTX_set_tlsext_servername_arg(ctx.as_ptr(), arg);
        sys::SSL_CTX_set_tlsext_servername_callback__fixed_rust(ctx.as_ptr(), Some(sni_trampoline));
    }
}

/// `SSL_CTX_set1_cert_store`: the context takes its own reference to `store`
/// (shared with whoever else holds it) and drops its previous store.
pub(crate) fn set_shared_cert_store(
    ctx: &SslContextRef,
    _locked: &mut WriteLocked,
    store: &openssl::x509::store::X509StoreRef,
) {
    // SAFETY: X509_STORE_up_ref gives the context the reference that
    // SSL_CTX_set_cert_store takes over (it frees the old store); both
    // pointers are live. The caller holds the context's write lock.
    unsafe {
        X509_STORE_up_ref(store.as_ptr());
        sys::SSL_CTX_set_cert_store(ctx.as_ptr(), store.as_ptr());
    }
}

/// `SSL_CTX_use_psk_identity_hint(ctx, hint)` (`NULL` for none); true on success.
pub(crate) fn use_psk_identity_hint(
    ctx: &SslContextRef,
    _locked: &mut WriteLocked,
    hint: Option<&str>,
) -> bool {
    let c = match hint.map(std::ffi::CString::new).transpose() {
        Ok(c) => c,
        Err(_) => return false,
    };
    // SAFETY: OpenSSL copies the NUL-terminated hint (or takes NULL); `c`
    // lives across the call. The caller holds the context's write lock.
    unsafe {
        SSL_CTX_use_psk_identity_hint(ctx.as_ptr(), c.as_ref().map_or(ptr::null(), |c| c.as_ptr()))
            == 1
    }
}

/// The PSK and message callbacks of one context, reached from OpenSSL's C
/// callbacks through the `SSL_CTX`'s ex data, which is set once, when the
/// context is made (ex data written later could move under a handshake
/// reading it).
pub(crate) struct CtxHooks {
    /// Given the server's hint, fills `identity` (NUL-terminated) and `psk`;
    /// returns the key's length (0: no PSK).
    pub(crate) client: Box<PskClientHook>,
    /// Given the client's identity, fills `psk`; returns the key's length.
    pub(crate) server: Box<PskServerHook>,
    /// Given `(write_p, version, content_type, buf)` of one protocol
    /// message, reports it.
    pub(crate) msg: Box<MsgHook>,
}

/// See [`CtxHooks::msg`].
pub(crate) type MsgHook = dyn Fn(bool, i32, i32, &[u8]) + Send + Sync;

/// See [`CtxHooks::client`].
pub(crate) type PskClientHook = dyn Fn(Option<&[u8]>, &mut [u8], &mut [u8]) -> usize + Send + Sync;
/// See [`CtxHooks::server`].
pub(crate) type PskServerHook = dyn Fn(Option<&[u8]>, &mut [u8]) -> usize + Send + Sync;

fn hooks_index(
) -> Option<openssl::ex_data::Index<openssl::ssl::SslContext, std::sync::Arc<CtxHooks>>> {
    static INDEX: std::sync::OnceLock<
        Option<openssl::ex_data::Index<openssl::ssl::SslContext, std::sync::Arc<CtxHooks>>>,
    > = std::sync::OnceLock::new();
    valgrind::race_free(&INDEX);
    *INDEX.get_or_init(|| openssl::ssl::SslContext::new_ex_index().ok())
}

/// The hooks of the context `ssl` uses now (an SNI callback may have
/// switched it, and CPython asks the connection's current context).
///
/// # Safety
/// `ssl` is a live `SSL` in a callback of its handshake.
unsafe fn ctx_hooks<'a>(ssl: *mut sys::SSL) -> Option<&'a CtxHooks> {
    let index = hooks_index()?;
    // SAFETY: as the caller promises, `ssl` is live, and so is its SSL_CTX
    // (the SSL holds a reference). The ex data, set before the context made
    // any SSL, holds the Arc for the SSL_CTX's whole life.
    unsafe {
        let ctx = sys::SSL_get_SSL_CTX(ssl);
        if ctx.is_null() {
            return None;
        }
        SslContextRef::from_ptr(ctx).ex_data(index).map(|a| &**a)
    }
}

/// What a PSK callback returns to OpenSSL: the key's length, or 0 (no
/// PSK) for a length that does not fit the buffer.
fn key_length(n: usize, room: usize) -> std::os::raw::c_uint {
    if n <= room {
        std::os::raw::c_uint::try_from(n).unwrap_or(0)
    } else {
        0
    }
}

extern "C" fn psk_client_trampoline(
    ssl: *mut sys::SSL,
    hint: *const c_char,
    identity: *mut c_char,
    max_identity_len: std::os::raw::c_uint,
    psk: *mut std::os::raw::c_uchar,
    max_psk_len: std::os::raw::c_uint,
) -> std::os::raw::c_uint {
    if ssl.is_null() || identity.is_null() || psk.is_null() {
        return 0;
    }
    catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: OpenSSL calls this during the handshake of the live `ssl`
        // with a NUL-terminated hint (or NULL) and two writable buffers of
        // the given sizes, valid for the call.
        unsafe {
            let Some(hooks) = ctx_hooks(ssl) else {
                return 0;
            };
            let hint = (!hint.is_null()).then(|| CStr::from_ptr(hint).to_bytes());
            let identity =
                std::slice::from_raw_parts_mut(identity as *mut u8, max_identity_len as usize);
            let psk = std::slice::from_raw_parts_mut(psk, max_psk_len as usize);
            let n = (hooks.client)(hint, identity, psk);
            key_length(n, psk.len())
        }
    }))
    .unwrap_or(0)
}

extern "C" fn psk_server_trampoline(
    ssl: *mut sys::SSL,
    identity: *const c_char,
    psk: *mut std::os::raw::c_uchar,
    max_psk_len: std::os::raw::c_uint,
) -> std::os::raw::c_uint {
    if ssl.is_null() || psk.is_null() {
        return 0;
    }
    catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: as in psk_client_trampoline: a live `ssl`, a
        // NUL-terminated identity (or NULL) and a writable key buffer.
        unsafe {
            let Some(hooks) = ctx_hooks(ssl) else {
                return 0;
            };
            let identity = (!identity.is_null()).then(|| CStr::from_ptr(identity).to_bytes());
            let psk = std::slice::from_raw_parts_mut(psk, max_psk_len as usize);
            let n = (hooks.server)(identity, psk);
            key_length(n, psk.len())
        }
    }))
    .unwrap_or(0)
}

/// Stores the context's PSK hooks in its ex data: once, before the context
/// makes any connection.
pub(crate) fn install_ctx_hooks(
    ctx: &SslContextRef,
    locked: &mut WriteLocked,
    hooks: std::sync::Arc<CtxHooks>,
) {
    if let Some(index) = hooks_index() {
        builder_view(ctx, locked).set_ex_data(index, hooks);
    }
}

extern "C" fn msg_trampoline(
    write_p: c_int,
    version: c_int,
    content_type: c_int,
    buf: *const std::os::raw::c_void,
    len: usize,
    ssl: *mut sys::SSL,
    _arg: *mut std::os::raw::c_void,
) {
    if ssl.is_null() || (buf.is_null() && len != 0) {
        return;
    }
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: OpenSSL calls this from an operation on the live `ssl`,
        // with `len` readable bytes at `buf` for the call.
        unsafe {
            let Some(hooks) = ctx_hooks(ssl) else {
                return;
            };
            let data = if len == 0 {
                &[][..]
            } else {
                std::slice::from_raw_parts(buf as *const u8, len)
            };
            (hooks.msg)(write_p != 0, version, content_type, data);
        }
    }));
}

/// `SSL_CTX_set_msg_callback(ctx, on ? hook : NULL)`, as CPython's
/// `_msg_callback` setter installs or clears it. Each `SSL` copies the
/// pointer when it is made, as in CPython.
pub(crate) fn enable_msg_callback(ctx: &SslContextRef, _locked: &mut WriteLocked, on: bool) {
    // SAFETY: a setter on the live `ctx`, under its write lock; the
    // trampoline has the signature OpenSSL expects.
    unsafe { extra::SSL_CTX_set_msg_callback(ctx.as_ptr(), on.then_some(msg_trampoline as _)) }
}

/// `SSL_CTX_set_psk_client_callback(ctx, on ? hook : NULL)`, as CPython's
/// `set_psk_client_callback` installs or clears it. Each `SSL` copies the
/// pointer when it is made (under the read lock), so this never races a
/// running handshake.
pub(crate) fn enable_psk_client(ctx: &SslContextRef, _locked: &mut WriteLocked, on: bool) {
    // SAFETY: a setter on the live `ctx`, under its write lock; the
    // trampoline has the signature OpenSSL expects.
    unsafe {
        sys::SSL_CTX_set_psk_client_callback(ctx.as_ptr(), on.then_some(psk_client_trampoline as _))
    }
}

/// `SSL_CTX_set_psk_server_callback(ctx, on ? hook : NULL)`; see
/// [`enable_psk_client`].
pub(crate) fn enable_psk_server(ctx: &SslContextRef, _locked: &mut WriteLocked, on: bool) {
    // SAFETY: as in enable_psk_client.
    unsafe {
        sys::SSL_CTX_set_psk_server_callback(ctx.as_ptr(), on.then_some(psk_server_trampoline as _))
    }
}

/// Gives `ssl` its own reference to `ctx`'s certificate store, for
/// verifying the peer and for building its own chain. Without it a handshake
/// reads `SSL_CTX->cert_store` whenever it needs it, and a setter that
/// replaces the context's store would free it under the handshake.
pub(crate) fn pin_cert_store(ssl: &mut SslRef, ctx: &SslContextRef) {
    const SSL_CTRL_SET_VERIFY_CERT_STORE: c_int = 106;
    const SSL_CTRL_SET_CHAIN_CERT_STORE: c_int = 107;
    // SAFETY: both objects are live; with larg = 1 each ctrl takes its own
    // reference on the store (ssl_cert_set_cert_store), released with the SSL.
    unsafe {
        let store = sys::SSL_CTX_get_cert_store(ctx.as_ptr());
        if store.is_null() {
            return;
        }
        sys::SSL_ctrl(
            ssl.as_ptr(),
            SSL_CTRL_SET_VERIFY_CERT_STORE,
            1,
            store as *mut c_void,
        );
        sys::SSL_ctrl(
            ssl.as_ptr(),
            SSL_CTRL_SET_CHAIN_CERT_STORE,
            1,
            store as *mut c_void,
        );
    }
}

/// A lookup a context's private store was given, to give a copy of the
/// store the same ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum StoreLookup {
    /// `X509_STORE_set_default_paths`.
    DefaultPaths,
    /// `X509_STORE_load_locations(store, NULL, dir)`.
    Dir(std::path::PathBuf),
}

/// Replaces the context's store with a copy: the same lookups (replayed in
/// order) and the same certificates and CRLs. Connections made so far keep
/// the old one (they hold references, [`pin_cert_store`]), so lookups can be
/// added to the copy while they verify with the original.
pub(crate) fn copy_cert_store(
    ctx: &SslContextRef,
    locked: &mut WriteLocked,
    lookups: &[StoreLookup],
) -> Result<(), openssl::error::ErrorStack> {
    use openssl::x509::store::{X509Lookup, X509StoreBuilder};
    const X509_LU_X509: c_int = 1;
    const X509_LU_CRL: c_int = 2;
    let mut b = X509StoreBuilder::new()?;
    for l in lookups {
        match l {
            // The certificates of the default file are copied below.
            StoreLookup::DefaultPaths => lookup::add_default_lookups_without_loading(&mut b)?,
            StoreLookup::Dir(d) => {
                let dir = d.to_str().ok_or_else(openssl::error::ErrorStack::get)?;
                b.add_lookup(X509Lookup::hash_dir())?
                    .add_dir(dir, openssl::ssl::SslFiletype::PEM)?
            }
        }
    }
    let new = b.build();
    // SAFETY: the old store belongs to the live `ctx`; its object stack is
    // read under its lock, each object kept with its own reference (taken
    // before unlocking) and added to the new store (which takes another)
    // before that reference is dropped.
    unsafe {
        let old = sys::SSL_CTX_get_cert_store(ctx.as_ptr());
        let mut certs = Vec::new();
        let mut crls = Vec::new();
        if !old.is_null() {
            X509_STORE_lock(old);
            let objs = sys::X509_STORE_get0_objects(old);
            let n = if objs.is_null() {
                0
            } else {
                sys::OPENSSL_sk_num(objs as *const sys::OPENSSL_STACK)
            };
            for i in 0..n {
                let o = sys::OPENSSL_sk_value(objs as *const sys::OPENSSL_STACK, i)
                    as *const sys::X509_OBJECT;
                match X509_OBJECT_get_type(o) {
                    X509_LU_X509 => {
                        let x = sys::X509_OBJECT_get0_X509(o);
                        if !x.is_null() && sys::X509_up_ref(x) == 1 {
                            certs.push(x);
                        }
                    }
                    X509_LU_CRL => {
                        let c = X509_OBJECT_get0_X509_CRL(o);
                        if !c.is_null() && sys::X509_CRL_up_ref(c) == 1 {
                            crls.push(c);
                        }
                    }
                    _ => {}
                }
            }
            X509_STORE_unlock(old);
        }
        for x in certs {
            sys::X509_STORE_add_cert(new.as_ptr(), x);
            sys::X509_free(x);
        }
        for c in crls {
            X509_STORE_add_crl(new.as_ptr(), c);
            sys::X509_CRL_free(c);
        }
    }
    clear_errors();
    set_shared_cert_store(ctx, locked, &new);
    Ok(())
}

impl crate::SslContext {
    /// Escape hatch: the underlying `openssl` context (`SSL_CTX`).
    ///
    /// # Safety
    /// pyssl changes this `SSL_CTX` in place when a setter runs (as CPython
    /// does), ordering that against the connections it makes itself. It
    /// cannot order it against what the caller does with the returned
    /// reference: the caller must make sure that no `Ssl` created from it
    /// (e.g. `openssl::ssl::Ssl::new`) is in use, and no other reference
    /// to it is read, while any setter of this context runs on any thread.
    /// Changing the context through it may also make pyssl's getters
    /// disagree with CPython's.
    ///
    /// After `load_default_certs()` its certificate store is the lazily
    /// parsed system store: it holds only the certificates verification has
    /// asked for until `cert_store_stats()` or `get_ca_certs()` swaps in the
    /// fully loaded one.
    pub unsafe fn as_openssl(&self) -> &SslContextRef {
        self.raw_context()
    }
}

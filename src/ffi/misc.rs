//! Raw OpenSSL calls behind the module-level functions of `ssl`
//! (`crate::functions`): the default verify paths, the RAND functions and
//! the ASN.1 object lookups of `_ASN1Object`. Each function is a small safe
//! wrapper; each `unsafe` block says why it is sound.
//!
//! OpenSSL pushes errors onto the thread's queue when a lookup fails
//! (`OBJ_txt2obj`, `OBJ_nid2obj`). CPython leaves them there; these wrappers
//! put the queue back as they found it (`ERR_set_mark` / `ERR_pop_to_mark`),
//! so a later, unrelated error message is not polluted by them.
#![allow(unsafe_code)]

use std::ffi::{CStr, OsString};
use std::os::raw::{c_char, c_int, c_ulong, c_void};
use std::path::PathBuf;
use std::ptr;

use openssl_sys as sys;

/// A static C string from OpenSSL as a path (bytes kept as they are, like
/// `PyUnicode_DecodeFSDefault` with `surrogateescape` keeps them).
fn static_path(p: *const c_char) -> Option<PathBuf> {
    if p.is_null() {
        return None;
    }
    // SAFETY: `p` is non-null and points at a NUL-terminated string that
    // OpenSSL keeps for the life of the process (a compiled-in constant).
    let bytes = unsafe { CStr::from_ptr(p) }.to_bytes();
    Some(PathBuf::from(os_string(bytes)))
}

#[cfg(unix)]
fn os_string(bytes: &[u8]) -> OsString {
    use std::os::unix::ffi::OsStringExt;
    OsString::from_vec(bytes.to_vec())
}

#[cfg(not(unix))]
fn os_string(bytes: &[u8]) -> OsString {
    OsString::from(String::from_utf8_lossy(bytes).into_owned())
}

/// The four answers `_ssl.get_default_verify_paths()` returns:
/// `X509_get_default_cert_file_env()`, `X509_get_default_cert_file()`,
/// `X509_get_default_cert_dir_env()`, `X509_get_default_cert_dir()`
/// (`None` where OpenSSL returns NULL, which it does not in practice). In a
/// `vendored` build whose compiled-in file or directory does not exist, the
/// platform's ([`crate::trust::vendored_defaults`]) take their place.
pub(crate) fn default_verify_paths() -> [Option<PathBuf>; 4] {
    #[cfg_attr(not(feature = "vendored"), allow(unused_mut))]
    let mut p = compiled_verify_paths();
    #[cfg(feature = "vendored")]
    if let Some((file, dir)) = crate::trust::vendored_defaults() {
        p[1] = file;
        p[3] = dir;
    }
    p
}

/// OpenSSL's own four answers of [`default_verify_paths`].
pub(crate) fn compiled_verify_paths() -> [Option<PathBuf>; 4] {
    // SAFETY: these functions take no arguments and return pointers to
    // static strings (or NULL); `static_path` only reads them.
    unsafe {
        [
            static_path(sys::X509_get_default_cert_file_env()),
            static_path(sys::X509_get_default_cert_file()),
            static_path(sys::X509_get_default_cert_dir_env()),
            static_path(sys::X509_get_default_cert_dir()),
        ]
    }
}

/// `RAND_status()`.
pub(crate) fn rand_status() -> c_int {
    // SAFETY: no arguments; only queries the default RNG's state.
    unsafe { sys::RAND_status() }
}

/// `RAND_add(buf, num, entropy)` over `data` in chunks of at most
/// `INT_MAX` bytes, called once even for empty data, as `_ssl.c` does.
pub(crate) fn rand_add(data: &[u8], entropy: f64) {
    let mut rest = data;
    loop {
        let n = rest.len().min(c_int::MAX as usize);
        // SAFETY: `rest[..n]` is readable for `n` bytes (n fits a c_int);
        // RAND_add only reads the buffer during the call.
        unsafe { sys::RAND_add(rest.as_ptr() as *const c_void, n as c_int, entropy) };
        rest = &rest[n..];
        if rest.is_empty() {
            break;
        }
    }
}

/// `RAND_bytes(buf, len)`: fills `buf` (at most `INT_MAX` bytes). On
/// failure returns `ERR_get_error()` (0 if the queue was empty), as CPython
/// reads it; the queue is emptied before the call so that the code is the
/// one a fresh process would see, and after it.
pub(crate) fn rand_bytes(buf: &mut [u8]) -> Result<(), c_ulong> {
    if buf.len() > c_int::MAX as usize {
        return Err(0);
    }
    // SAFETY: `buf` is writable for `buf.len()` bytes, which fits a c_int;
    // the error-queue calls only touch this thread's queue.
    unsafe {
        sys::ERR_clear_error();
        if sys::RAND_bytes(buf.as_mut_ptr(), buf.len() as c_int) == 1 {
            return Ok(());
        }
        let code = sys::ERR_get_error();
        sys::ERR_clear_error();
        Err(code)
    }
}

/// What `_ssl.c`'s `asn1obj2py` builds from an `ASN1_OBJECT`.
pub(crate) enum ObjectLookup {
    /// The lookup itself failed (`OBJ_txt2obj` / `OBJ_nid2obj` gave NULL).
    NotFound,
    /// An object with `NID_undef` (`ValueError("Unknown object")`).
    Undefined,
    /// `OBJ_obj2txt` failed (negative length): CPython's `_setSSLError`.
    TextFailed,
    /// `(nid, OBJ_nid2sn, OBJ_nid2ln, OBJ_obj2txt(no_name=1))`; the OID text
    /// is `None` for an object without OID data.
    Found {
        nid: c_int,
        short_name: Option<String>,
        long_name: Option<String>,
        oid: Option<String>,
    },
}

fn static_str(p: *const c_char) -> Option<String> {
    if p.is_null() {
        return None;
    }
    // SAFETY: non-null pointer into OpenSSL's static object table.
    Some(unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
}

/// `asn1obj2py(obj)`; frees nothing.
///
/// # Safety
///
/// `obj` must be a valid, live `ASN1_OBJECT` pointer for the whole call.
unsafe fn describe(obj: *const sys::ASN1_OBJECT) -> ObjectLookup {
    // SAFETY: `obj` is valid per this function's contract. The nid lookups
    // return static strings (read by `static_str`). OBJ_obj2txt writes at
    // most `buf_len` bytes (NUL included) into the buffer it is given, and
    // the buffers below are at least that long; with a NULL buffer it only
    // computes the length.
    unsafe {
        let nid = sys::OBJ_obj2nid(obj);
        if nid == 0 {
            return ObjectLookup::Undefined;
        }
        let short_name = static_str(sys::OBJ_nid2sn(nid));
        let long_name = static_str(sys::OBJ_nid2ln(nid));
        // _asn1obj2py(obj, no_name=1): a 256-byte buffer, then an exact one.
        let mut buf = vec![0u8; 256];
        let mut len = sys::OBJ_obj2txt(buf.as_mut_ptr() as *mut c_char, 256, obj, 1);
        if len < 0 {
            return ObjectLookup::TextFailed;
        }
        if len > 255 {
            let need = sys::OBJ_obj2txt(ptr::null_mut(), 0, obj, 1);
            if need < 0 || need == c_int::MAX {
                return ObjectLookup::TextFailed;
            }
            buf = vec![0u8; need as usize + 1];
            len = sys::OBJ_obj2txt(buf.as_mut_ptr() as *mut c_char, need + 1, obj, 1);
            if len < 0 {
                return ObjectLookup::TextFailed;
            }
        }
        let len = (len as usize).min(buf.len());
        let oid = if len == 0 {
            None
        } else {
            Some(String::from_utf8_lossy(&buf[..len]).into_owned())
        };
        ObjectLookup::Found {
            nid,
            short_name,
            long_name,
            oid,
        }
    }
}

/// `OBJ_txt2obj(txt, no_name)` then `asn1obj2py` (CPython's `_ssl.txt2obj`).
pub(crate) fn txt2obj(txt: &CStr, no_name: bool) -> ObjectLookup {
    // SAFETY: `txt` is NUL-terminated. The object OBJ_txt2obj returns is
    // owned here and freed once `describe` (which only reads it) is done.
    // The mark/pop pair restores this thread's error queue.
    unsafe {
        let mark = super::ErrMark::new();
        let obj = sys::OBJ_txt2obj(txt.as_ptr(), c_int::from(no_name));
        let out = if obj.is_null() {
            ObjectLookup::NotFound
        } else {
            let d = describe(obj);
            sys::ASN1_OBJECT_free(obj);
            d
        };
        drop(mark);
        out
    }
}

/// `OBJ_nid2obj(nid)` then `asn1obj2py` (CPython's `_ssl.nid2obj`, after
/// its `nid < 0` check).
pub(crate) fn nid2obj(nid: c_int) -> ObjectLookup {
    // SAFETY: OBJ_nid2obj returns NULL, a static table entry, or a reference
    // to an added object; ASN1_OBJECT_free is a no-op on static objects and
    // drops the reference otherwise, exactly as `_ssl.c` does. The mark/pop
    // pair restores this thread's error queue.
    unsafe {
        let mark = super::ErrMark::new();
        let obj = sys::OBJ_nid2obj(nid);
        let out = if obj.is_null() {
            ObjectLookup::NotFound
        } else {
            let d = describe(obj);
            sys::ASN1_OBJECT_free(obj);
            d
        };
        drop(mark);
        out
    }
}

//! Raw OpenSSL calls behind [`crate::cert`]: CPython's `_decode_certificate`
//! (`Modules/_ssl.c`) needs several things the safe `openssl` crate does not
//! expose, or exposes with different semantics:
//!
//! * `X509_NAME_ENTRY_set` (the RDN a name entry belongs to);
//! * the `GENERAL_NAME` type tag and its othername / x400Address /
//!   ediPartyName / registeredID variants, and `GENERAL_NAME_print`;
//! * `OBJ_obj2txt` / `i2t_ASN1_OBJECT` with CPython's exact buffer sizes;
//! * `ASN1_STRING_to_UTF8` returning raw bytes (the safe crate's
//!   `as_utf8` assumes the output is valid UTF-8);
//! * `i2a_ASN1_INTEGER` and `ASN1_TIME_print` output (including
//!   `"Bad time value"`, which the safe crate turns into `"error"`);
//! * `X509V3_EXT_d2i` on each subjectAltName extension (CPython 3.6);
//! * `PEM_read_bio_X509` / `PEM_read_bio_X509_AUX` on a `BIO_s_file`.
//!
//! Every function here returns owned Rust data: nothing borrowed from OpenSSL
//! outlives the call, and everything allocated here is freed here (RAII guards
//! below). The policy decisions (what CPython does with the data) live in the
//! safe module `crate::cert`.
//!
//! OpenSSL error queue: CPython never cleans up after the calls it makes here
//! and so leaks stale errors into later messages. This module instead brackets
//! its work with `ERR_set_mark` / `ERR_pop_to_mark`, so it neither leaves
//! errors behind nor discards the caller's. Where CPython reports a failure
//! through `_setSSLError(NULL, 0, ...)` the code it would have used
//! (`ERR_peek_last_error()`) is captured first, see [`OpenSslFailure`].
#![allow(unsafe_code)]

use std::ffi::{c_char, c_int, c_long, c_uchar, c_ulong, c_void, CStr};
use std::ptr;
use std::slice;

use super::extra::*;
use super::{Bio, ErrMark};
use foreign_types_shared::{ForeignType, ForeignTypeRef};
use openssl::x509::{X509NameRef, X509Ref, X509};
use openssl_sys as sys;

/// `BIO_C_SET_FILENAME` from `<openssl/bio.h>` (used by the `BIO_read_filename` macro).
const BIO_C_SET_FILENAME: c_int = 108;
/// `BIO_CLOSE | BIO_FP_READ`: the flags `BIO_read_filename` passes.
const BIO_CLOSE_FP_READ: c_long = 0x01 | 0x02;
/// `X509_NAME_MAXLEN`: the first buffer CPython's `_asn1obj2py` tries.
const X509_NAME_MAXLEN: usize = 256;
/// Size of the `char buf[2048]` CPython uses in `_get_peer_alt_names`.
pub(crate) const CPYTHON_BUF_SIZE: usize = 2048;

// ---------------------------------------------------------------------------
// RAII guards
// ---------------------------------------------------------------------------

/// Generic owner of a pointer returned by `X509_get_ext_d2i` /
/// `X509V3_EXT_d2i`, freed with the matching `*_free`.
struct Owned<T> {
    ptr: *mut T,
    free: unsafe extern "C" fn(*mut T),
}

impl<T> Drop for Owned<T> {
    fn drop(&mut self) {
        // SAFETY: `ptr` is non-NULL (checked before construction), owned by
        // us, and `free` is the destructor for its exact type.
        unsafe { (self.free)(self.ptr) };
    }
}

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

/// A failed OpenSSL call that CPython reports with `_setSSLError(NULL, 0, …)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OpenSslFailure {
    /// `ERR_peek_last_error()` right after the failure; 0 when the queue was
    /// empty (CPython then says "unknown error").
    pub code: c_ulong,
    /// `ERR_reason_error_string(code)`, when there is one.
    pub reason: Option<String>,
}

fn capture_failure() -> OpenSslFailure {
    // SAFETY: reads this thread's error queue only.
    let code = unsafe { sys::ERR_peek_last_error() };
    let reason = if code == 0 {
        None
    } else {
        // SAFETY: ERR_reason_error_string returns NULL or a pointer to a
        // static NUL-terminated string, which we copy at once.
        unsafe {
            let p = sys::ERR_reason_error_string(code);
            if p.is_null() {
                None
            } else {
                Some(CStr::from_ptr(p).to_string_lossy().into_owned())
            }
        }
    };
    OpenSslFailure { code, reason }
}

/// Copy the bytes of an `ASN1_STRING` (any of its typedefs).
///
/// # Safety
/// `s` must be NULL or point to a live `ASN1_STRING`.
unsafe fn asn1_string_bytes(s: *const sys::ASN1_STRING) -> Vec<u8> {
    // SAFETY: the caller guarantees `s` is NULL (checked) or a live ASN1_STRING; get0_data points
    // to `len` readable bytes, copied at once.
    unsafe {
        if s.is_null() {
            return Vec::new();
        }
        let len = sys::ASN1_STRING_length(s);
        let data = sys::ASN1_STRING_get0_data(s);
        if len <= 0 || data.is_null() {
            return Vec::new();
        }
        slice::from_raw_parts(data, len as usize).to_vec()
    }
}

/// Run a printing function against a fresh memory BIO and return its output.
fn print_to_vec(f: impl FnOnce(*mut sys::BIO)) -> Result<Vec<u8>, BioAllocFailed> {
    let bio = Bio::new_mem().ok_or(BioAllocFailed)?;
    f(bio.as_ptr());
    Ok(bio.contents())
}

/// `BIO_new(BIO_s_mem())` returned NULL (CPython: `SSLError("failed to allocate BIO")`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BioAllocFailed;

// ---------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------

/// One `X509_NAME_ENTRY`, with what CPython's `_create_tuple_for_attribute`
/// computes from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameEntry {
    /// `X509_NAME_ENTRY_set(entry)`: the index of the RDN (SET) it is in.
    pub set: c_int,
    /// `ASN1_STRING_to_UTF8(value)` (raw bytes; CPython decodes them strictly).
    pub value: Result<Vec<u8>, OpenSslFailure>,
    /// `OBJ_obj2txt(object, no_name=0)` as `_asn1obj2py` calls it (256-byte
    /// buffer first, then one of the exact size).
    pub name: Result<Vec<u8>, OpenSslFailure>,
}

/// CPython's `_asn1obj2py(name, 0)` buffer logic around `OBJ_obj2txt`.
///
/// # Safety
/// `obj` must point to a live `ASN1_OBJECT`.
unsafe fn asn1obj2txt(obj: *const sys::ASN1_OBJECT) -> Result<Vec<u8>, OpenSslFailure> {
    // SAFETY: the caller guarantees `obj` is a live ASN1_OBJECT; every buffer passed to OBJ_obj2txt
    // is writable for the length we pass (a NULL buffer with length 0 only asks for the size).
    unsafe {
        let mut buf = [0u8; X509_NAME_MAXLEN];
        let n = sys::OBJ_obj2txt(
            buf.as_mut_ptr() as *mut c_char,
            X509_NAME_MAXLEN as c_int,
            obj,
            0,
        );
        if n < 0 {
            return Err(capture_failure());
        }
        let n = n as usize;
        if n < X509_NAME_MAXLEN {
            return Ok(buf[..n].to_vec());
        }
        // Too long for the first buffer: ask for the size, then convert again.
        let needed = sys::OBJ_obj2txt(ptr::null_mut(), 0, obj, 0);
        if needed < 0 {
            return Err(capture_failure());
        }
        let mut big = vec![0u8; needed as usize + 1];
        let n = sys::OBJ_obj2txt(big.as_mut_ptr() as *mut c_char, needed + 1, obj, 0);
        if n < 0 {
            return Err(capture_failure());
        }
        big.truncate((n as usize).min(needed as usize));
        Ok(big)
    }
}

/// `ASN1_STRING_to_UTF8`, returning the raw output bytes.
///
/// # Safety
/// `s` must point to a live `ASN1_STRING`.
unsafe fn asn1_string_to_utf8(s: *const sys::ASN1_STRING) -> Result<Vec<u8>, OpenSslFailure> {
    // SAFETY: the caller guarantees `s` is a live ASN1_STRING; on success `out` holds `n` bytes
    // allocated by OpenSSL, copied and then freed exactly once with OPENSSL_free.
    unsafe {
        let mut out: *mut c_uchar = ptr::null_mut();
        let n = sys::ASN1_STRING_to_UTF8(&mut out, s);
        if n < 0 {
            // On failure OpenSSL has not handed us a buffer.
            return Err(capture_failure());
        }
        let v = if n == 0 || out.is_null() {
            Vec::new()
        } else {
            slice::from_raw_parts(out, n as usize).to_vec()
        };
        if !out.is_null() {
            sys::OPENSSL_free(out as *mut c_void);
        }
        Ok(v)
    }
}

/// Walk an `X509_NAME` in order.
///
/// # Safety
/// `name` must be NULL or point to a live `X509_NAME`.
unsafe fn name_entries_raw(name: *const sys::X509_NAME) -> Vec<NameEntry> {
    // SAFETY: the caller guarantees `name` is NULL (checked) or a live X509_NAME; entries and their
    // object/data are internal pointers of it, only read during this call.
    unsafe {
        if name.is_null() {
            return Vec::new();
        }
        let count = sys::X509_NAME_entry_count(name);
        let mut out = Vec::with_capacity(count.max(0) as usize);
        for i in 0..count {
            let entry = sys::X509_NAME_get_entry(name, i);
            if entry.is_null() {
                continue;
            }
            let set = X509_NAME_ENTRY_set(entry);
            let object = sys::X509_NAME_ENTRY_get_object(entry);
            let data = sys::X509_NAME_ENTRY_get_data(entry);
            // CPython converts the value first, then the attribute name.
            let value = asn1_string_to_utf8(data);
            let name = asn1obj2txt(object);
            out.push(NameEntry { set, value, name });
        }
        out
    }
}

/// The entries of `name` with their RDN index, attribute name and UTF-8 value
/// (`X509_NAME_get_entry`, `X509_NAME_ENTRY_set`, `OBJ_obj2txt`, `ASN1_STRING_to_UTF8`).
pub(crate) fn name_entries(name: &X509NameRef) -> Vec<NameEntry> {
    let _mark = ErrMark::new();
    // SAFETY: `name` is a live X509_NAME borrowed for the whole call; every
    // pointer derived from it is used only inside this call.
    unsafe { name_entries_raw(name.as_ptr()) }
}

// ---------------------------------------------------------------------------
// Version, serial number, validity
// ---------------------------------------------------------------------------

/// `X509_get_version(cert)` (0 for v1, 2 for v3; -1 if unrepresentable).
///
/// For a version that does not fit a `long`, `ASN1_INTEGER_get` queues a
/// "too large" error; the mark drops it.
pub(crate) fn version(cert: &X509Ref) -> c_long {
    let _mark = ErrMark::new();
    // SAFETY: `cert` is a live X509; X509_get_version only reads it.
    unsafe { sys::X509_get_version(cert.as_ptr()) }
}

/// Everything `i2a_ASN1_INTEGER` writes for the serial number (uppercase hex,
/// `-` for negatives, `\\\n` after every 35 bytes).
pub(crate) fn serial_number_text(cert: &X509Ref) -> Result<Vec<u8>, BioAllocFailed> {
    let _mark = ErrMark::new();
    print_to_vec(|bio| {
        // SAFETY: `cert` is live; X509_get_serialNumber returns an internal
        // pointer (never NULL for a parsed certificate, and i2a_ASN1_INTEGER
        // accepts NULL anyway) that we only read; `bio` is a live memory BIO.
        unsafe {
            let serial = sys::X509_get_serialNumber(cert.as_ptr());
            i2a_ASN1_INTEGER(bio, serial);
        }
    })
}

/// `XN_FLAG_RFC2253` of `<openssl/x509.h>`.
const XN_FLAG_RFC2253: c_ulong = 0x0111_0317;

/// What `X509_NAME_print_ex(bio, subject, 0, XN_FLAG_RFC2253)` writes (CPython's
/// `_x509name_print` for `Certificate.__repr__`).
pub(crate) fn subject_rfc2253(cert: &X509Ref) -> Result<Vec<u8>, BioAllocFailed> {
    let _mark = ErrMark::new();
    print_to_vec(|bio| {
        // SAFETY: `cert` is live; X509_get_subject_name returns an internal
        // pointer we only read while `cert` is borrowed; `bio` is a live
        // memory BIO.
        unsafe {
            let name = sys::X509_get_subject_name(cert.as_ptr());
            X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253);
        }
    })
}

/// Which validity bound to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Validity {
    NotBefore,
    NotAfter,
}

/// Everything `ASN1_TIME_print` writes for notBefore / notAfter
/// (e.g. `"Aug 29 14:23:16 2018 GMT"`, or `"Bad time value"`).
pub(crate) fn validity_text(cert: &X509Ref, which: Validity) -> Result<Vec<u8>, BioAllocFailed> {
    let _mark = ErrMark::new();
    print_to_vec(|bio| {
        // SAFETY: `cert` is live; X509_get0_notBefore/After return internal
        // pointers that we only read while `cert` is borrowed. A NULL time
        // would make ASN1_TIME_print use the current time, so it is skipped
        // (cannot happen for a parsed certificate).
        unsafe {
            let t = match which {
                Validity::NotBefore => X509_get0_notBefore(cert.as_ptr()),
                Validity::NotAfter => X509_get0_notAfter(cert.as_ptr()),
            };
            if !t.is_null() {
                sys::ASN1_TIME_print(bio, t);
            }
        }
    })
}

// ---------------------------------------------------------------------------
// subjectAltName
// ---------------------------------------------------------------------------

/// One `GENERAL_NAME`, copied out with what CPython's `_get_peer_alt_names`
/// needs for its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum GeneralName {
    /// `GEN_DIRNAME`: the entries of `d.directoryName`.
    DirName(Vec<NameEntry>),
    /// `GEN_EMAIL`: the raw bytes of `d.rfc822Name`.
    Email(Vec<u8>),
    /// `GEN_DNS`: the raw bytes of `d.dNSName`.
    Dns(Vec<u8>),
    /// `GEN_URI`: the raw bytes of `d.uniformResourceIdentifier`.
    Uri(Vec<u8>),
    /// `GEN_RID`: `len = i2t_ASN1_OBJECT(buf, sizeof(buf)-1, d.rid)` with
    /// CPython's `char buf[2048]`; `buf` is that whole (zero-initialised)
    /// buffer afterwards.
    RegisteredId {
        len: c_int,
        buf: Vec<u8>,
        failure: Option<OpenSslFailure>,
    },
    /// `GEN_IPADD`: the raw octets of `d.iPAddress`, plus what
    /// `GENERAL_NAME_print` writes for it (used by CPython 3.6).
    IpAddress { octets: Vec<u8>, printed: Vec<u8> },
    /// `GEN_OTHERNAME`, `GEN_X400`, `GEN_EDIPARTY` (or an unknown type):
    /// what `GENERAL_NAME_print` writes for it.
    Other { gen_type: c_int, printed: Vec<u8> },
}

/// What `GENERAL_NAME_print` writes for `gen` (CPython writes it into a
/// freshly reset memory BIO).
///
/// # Safety
/// `gen` must point to a live `GENERAL_NAME`.
unsafe fn general_name_print(gen: *mut sys::GENERAL_NAME) -> Result<Vec<u8>, BioAllocFailed> {
    print_to_vec(|bio| {
        // SAFETY: the caller guarantees `gen` is a live GENERAL_NAME; `bio`
        // is the live memory BIO print_to_vec created.
        unsafe { GENERAL_NAME_print(bio, gen) };
    })
}

/// Copy one GENERAL_NAME.
///
/// # Safety
/// `gen` must point to a live `GENERAL_NAME`.
unsafe fn general_name(gen: *mut sys::GENERAL_NAME) -> Result<GeneralName, BioAllocFailed> {
    // SAFETY: the caller guarantees `gen` is a live GENERAL_NAME; `d` is the union member selected
    // by `type_` (checked by the match) and is only read; the i2t buffer is CPYTHON_BUF_SIZE bytes
    // and we pass one less, as CPython does.
    unsafe {
        let d = (*gen).d;
        Ok(match (*gen).type_ {
            sys::GEN_DIRNAME => GeneralName::DirName(name_entries_raw(d as *const sys::X509_NAME)),
            sys::GEN_EMAIL => GeneralName::Email(asn1_string_bytes(d as *const sys::ASN1_STRING)),
            sys::GEN_DNS => GeneralName::Dns(asn1_string_bytes(d as *const sys::ASN1_STRING)),
            sys::GEN_URI => GeneralName::Uri(asn1_string_bytes(d as *const sys::ASN1_STRING)),
            sys::GEN_RID => {
                let mut buf = vec![0u8; CPYTHON_BUF_SIZE];
                let len = if d.is_null() {
                    -1
                } else {
                    i2t_ASN1_OBJECT(
                        buf.as_mut_ptr() as *mut c_char,
                        (CPYTHON_BUF_SIZE - 1) as c_int,
                        d as *const sys::ASN1_OBJECT,
                    )
                };
                let failure = if len < 0 {
                    Some(capture_failure())
                } else {
                    None
                };
                GeneralName::RegisteredId { len, buf, failure }
            }
            sys::GEN_IPADD => GeneralName::IpAddress {
                octets: asn1_string_bytes(d as *const sys::ASN1_STRING),
                printed: general_name_print(gen)?,
            },
            other => GeneralName::Other {
                gen_type: other,
                printed: general_name_print(gen)?,
            },
        })
    }
}

/// Copy every GENERAL_NAME of a `GENERAL_NAMES` stack.
///
/// # Safety
/// `names` must point to a live `STACK_OF(GENERAL_NAME)`.
unsafe fn general_names(
    names: *mut sys::stack_st_GENERAL_NAME,
) -> Result<Vec<GeneralName>, BioAllocFailed> {
    // SAFETY: the caller guarantees `names` is a live STACK_OF(GENERAL_NAME); indices are below
    // OPENSSL_sk_num, elements are live GENERAL_NAMEs owned by the stack.
    unsafe {
        let stack = names as *const sys::OPENSSL_STACK;
        let n = sys::OPENSSL_sk_num(stack);
        let mut out = Vec::with_capacity(n.max(0) as usize);
        for j in 0..n {
            let gen = sys::OPENSSL_sk_value(stack, j) as *mut sys::GENERAL_NAME;
            if gen.is_null() {
                continue;
            }
            out.push(general_name(gen)?);
        }
        Ok(out)
    }
}

/// `X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL)`, copied out.
///
/// `Ok(None)` when that returns NULL: no such extension, more than one, or it
/// does not parse (CPython 3.7+ then omits `subjectAltName`).
pub(crate) fn subject_alt_names(
    cert: &X509Ref,
) -> Result<Option<Vec<GeneralName>>, BioAllocFailed> {
    let _mark = ErrMark::new();
    // SAFETY: `cert` is live; X509_get_ext_d2i returns NULL or a new
    // GENERAL_NAMES that we own and free via the guard.
    unsafe {
        let p = sys::X509_get_ext_d2i(
            cert.as_ptr(),
            sys::NID_subject_alt_name,
            ptr::null_mut(),
            ptr::null_mut(),
        ) as *mut sys::stack_st_GENERAL_NAME;
        if p.is_null() {
            return Ok(None);
        }
        let owned = Owned {
            ptr: p,
            free: GENERAL_NAMES_free,
        };
        general_names(owned.ptr).map(Some)
    }
}

/// CPython 3.6's way: every subjectAltName extension in order
/// (`X509_get_ext_by_NID` loop), each decoded on its own with
/// `X509V3_EXT_d2i`; `None` for one that does not parse.
///
/// `Ok(None)` when the certificate has no subjectAltName extension.
pub(crate) fn subject_alt_names_per_extension(
    cert: &X509Ref,
) -> Result<Option<Vec<Option<Vec<GeneralName>>>>, BioAllocFailed> {
    let _mark = ErrMark::new();
    let x = cert.as_ptr();
    let mut found: Option<Vec<Option<Vec<GeneralName>>>> = None;
    let mut i: c_int = -1;
    loop {
        // SAFETY: `x` is live for the whole call; the extension pointer is
        // internal to it and only read; X509V3_EXT_d2i returns NULL or a new
        // GENERAL_NAMES that we own and free via the guard.
        unsafe {
            i = sys::X509_get_ext_by_NID(x, sys::NID_subject_alt_name, i);
            if i < 0 {
                break;
            }
            let list = found.get_or_insert_with(Vec::new);
            let ext = sys::X509_get_ext(x, i);
            if ext.is_null() {
                list.push(None);
                continue;
            }
            let p = sys::X509V3_EXT_d2i(ext) as *mut sys::stack_st_GENERAL_NAME;
            if p.is_null() {
                list.push(None);
                continue;
            }
            let owned = Owned {
                ptr: p,
                free: GENERAL_NAMES_free,
            };
            list.push(Some(general_names(owned.ptr)?));
        }
    }
    Ok(found)
}

// ---------------------------------------------------------------------------
// authorityInfoAccess and CRL distribution points
// ---------------------------------------------------------------------------

/// Which access method of authorityInfoAccess to collect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AccessMethod {
    /// `NID_ad_OCSP` (`OCSP`).
    Ocsp,
    /// `NID_ad_ca_issuers` (`caIssuers`).
    CaIssuers,
}

/// CPython's `_get_aia_uri`: the raw URIs of the authorityInfoAccess entries
/// with the given method whose location is a URI.
///
/// `None` when `X509_get_ext_d2i(NID_info_access)` is NULL or the stack is
/// empty; otherwise the (possibly empty) list.
pub(crate) fn aia_uris(cert: &X509Ref, method: AccessMethod) -> Option<Vec<Vec<u8>>> {
    let _mark = ErrMark::new();
    let nid = match method {
        AccessMethod::Ocsp => sys::NID_ad_OCSP,
        AccessMethod::CaIssuers => sys::NID_ad_ca_issuers,
    };
    // SAFETY: `cert` is live; X509_get_ext_d2i returns NULL or a new
    // AUTHORITY_INFO_ACCESS we own and free via the guard; the stack
    // elements and their fields are only read while it is alive.
    unsafe {
        let p = sys::X509_get_ext_d2i(
            cert.as_ptr(),
            sys::NID_info_access,
            ptr::null_mut(),
            ptr::null_mut(),
        ) as *mut sys::stack_st_ACCESS_DESCRIPTION;
        if p.is_null() {
            return None;
        }
        let owned = Owned {
            ptr: p,
            free: AUTHORITY_INFO_ACCESS_free,
        };
        let stack = owned.ptr as *const sys::OPENSSL_STACK;
        let n = sys::OPENSSL_sk_num(stack);
        if n == 0 {
            return None;
        }
        let mut out = Vec::new();
        for i in 0..n {
            let ad = sys::OPENSSL_sk_value(stack, i) as *const sys::ACCESS_DESCRIPTION;
            if ad.is_null() || (*ad).location.is_null() {
                continue;
            }
            if sys::OBJ_obj2nid((*ad).method) != nid || (*(*ad).location).type_ != sys::GEN_URI {
                continue;
            }
            out.push(asn1_string_bytes(
                (*(*ad).location).d as *const sys::ASN1_STRING,
            ));
        }
        Some(out)
    }
}

/// CPython's `_get_crl_dp`: the raw URIs in the fullName of every CRL
/// distribution point, skipping points without a distributionPoint
/// (CVE-2019-5010).
///
/// A point whose name is a nameRelativeToCRLIssuer contributes nothing:
/// CPython reads that union member as a `STACK_OF(GENERAL_NAME)` whose
/// elements are really `X509_NAME_ENTRY`s, so their "type" is the low half of
/// a pointer and never `GEN_URI`.
///
/// `None` when `X509_get_ext_d2i(NID_crl_distribution_points)` is NULL;
/// otherwise the (possibly empty) list.
pub(crate) fn crl_distribution_point_uris(cert: &X509Ref) -> Option<Vec<Vec<u8>>> {
    let _mark = ErrMark::new();
    // SAFETY: `cert` is live; X509_get_ext_d2i returns NULL or a new
    // CRL_DIST_POINTS we own and free via the guard; all nested pointers are
    // NULL-checked and only read while it is alive.
    unsafe {
        let p = sys::X509_get_ext_d2i(
            cert.as_ptr(),
            sys::NID_crl_distribution_points,
            ptr::null_mut(),
            ptr::null_mut(),
        ) as *mut sys::stack_st_DIST_POINT;
        if p.is_null() {
            return None;
        }
        let owned = Owned {
            ptr: p,
            free: CRL_DIST_POINTS_free,
        };
        let dps = owned.ptr as *const sys::OPENSSL_STACK;
        let mut out = Vec::new();
        for i in 0..sys::OPENSSL_sk_num(dps) {
            let dp = sys::OPENSSL_sk_value(dps, i) as *const sys::DIST_POINT;
            if dp.is_null() || (*dp).distpoint.is_null() {
                continue;
            }
            let dpn = (*dp).distpoint;
            if (*dpn).type_ != 0 {
                continue; // nameRelativeToCRLIssuer, see above
            }
            let gns = (*dpn).name.fullname as *const sys::OPENSSL_STACK;
            if gns.is_null() {
                continue;
            }
            for j in 0..sys::OPENSSL_sk_num(gns) {
                let gn = sys::OPENSSL_sk_value(gns, j) as *const sys::GENERAL_NAME;
                if gn.is_null() || (*gn).type_ != sys::GEN_URI {
                    continue;
                }
                out.push(asn1_string_bytes((*gn).d as *const sys::ASN1_STRING));
            }
        }
        Some(out)
    }
}

// ---------------------------------------------------------------------------
// Reading a PEM file (`_ssl._test_decode_cert`)
// ---------------------------------------------------------------------------

/// Why [`read_pem_certificate_file`] failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PemFileError {
    /// `BIO_new(BIO_s_file())` returned NULL.
    AllocFailed,
    /// `BIO_read_filename` failed (the file cannot be `fopen`ed for reading).
    CantOpen,
    /// `PEM_read_bio_X509[_AUX]` returned NULL.
    Decode,
}

/// Password callback that never supplies a password. With CPython's NULL
/// callback OpenSSL would prompt on the controlling terminal for an encrypted
/// PEM block; without a terminal (every test run) both simply fail.
extern "C" fn no_password(
    _buf: *mut c_char,
    _size: c_int,
    _rwflag: c_int,
    _u: *mut c_void,
) -> c_int {
    -1
}

/// `BIO_new(BIO_s_file())` + `BIO_read_filename(path)` +
/// `PEM_read_bio_X509` (or `PEM_read_bio_X509_AUX` when `aux`, as CPython 3.6
/// does): the first certificate of a PEM file.
pub(crate) fn read_pem_certificate_file(path: &CStr, aux: bool) -> Result<X509, PemFileError> {
    let _mark = ErrMark::new();
    let bio = Bio::new_file().ok_or(PemFileError::AllocFailed)?;
    // SAFETY: `bio` is a live file BIO; BIO_C_SET_FILENAME with
    // BIO_CLOSE|BIO_FP_READ fopen()s the NUL-terminated `path` (copied by
    // fopen, not retained) and makes the BIO own the FILE, closed by BIO_free.
    let opened = unsafe {
        sys::BIO_ctrl(
            bio.as_ptr(),
            BIO_C_SET_FILENAME,
            BIO_CLOSE_FP_READ,
            path.as_ptr() as *mut c_void,
        )
    };
    if opened <= 0 {
        return Err(PemFileError::CantOpen);
    }
    // SAFETY: `bio` is live; with a NULL `x` argument the functions return a
    // new X509 (or NULL) that we take ownership of exactly once below.
    let x = unsafe {
        if aux {
            PEM_read_bio_X509_AUX(
                bio.as_ptr(),
                ptr::null_mut(),
                Some(no_password),
                ptr::null_mut(),
            )
        } else {
            sys::PEM_read_bio_X509(
                bio.as_ptr(),
                ptr::null_mut(),
                Some(no_password),
                ptr::null_mut(),
            )
        }
    };
    if x.is_null() {
        return Err(PemFileError::Decode);
    }
    // SAFETY: `x` is a fresh, non-NULL X509 owned by nobody else.
    Ok(unsafe { X509::from_ptr(x) })
}

//! A lazy `X509_LOOKUP` for the system CA bundle ([`crate::trust`]).
//!
//! `X509_STORE_set_default_paths` loads the whole bundle file up front: every
//! certificate goes through `d2i_X509`, whose eager public-key decoding
//! costs OpenSSL 3.0 about 0.1 ms per certificate (≈ 20 ms for 144). The
//! store built here has the same three lookups in the same order, but its
//! first one, instead of OpenSSL's file lookup, answers `get_by_subject`
//! from an index of the bundle (subject name → DER): it parses and adds to
//! the store only the certificates whose subject OpenSSL asks for, as the
//! hashed-directory lookup does for a CA directory. Verification sees the
//! same candidates for every subject it looks up.
#![allow(unsafe_code)]

use std::ffi::{c_int, c_void};
use std::ptr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use super::extra::*;
use foreign_types_shared::{ForeignType, ForeignTypeRef};
use openssl::error::ErrorStack;
use openssl::x509::store::{X509Store, X509StoreBuilderRef};
use openssl::x509::{X509Name, X509NameRef, X509};
use openssl_sys as sys;

use sys::X509_OBJECT;

/// `X509_LU_X509` of `X509_LOOKUP_TYPE`.
const X509_LU_X509: c_int = 1;
/// `X509_L_ADD_DIR` / `X509_L_ADD_STORE`, the `X509_LOOKUP_ctrl` commands
/// behind `X509_LOOKUP_add_dir` / `X509_LOOKUP_add_store`.
const X509_L_ADD_DIR: c_int = 2;
#[cfg(ossl300)]
const X509_L_ADD_STORE: c_int = 3;
/// `X509_FILETYPE_DEFAULT` and `X509_FILETYPE_PEM`.
const X509_FILETYPE_DEFAULT: i64 = 3;
const X509_FILETYPE_PEM: i64 = 1;

/// The certificates of a bundle file, indexed by subject, not yet parsed.
pub(crate) struct Bundle {
    certs: Vec<(X509Name, Vec<u8>)>,
    /// A certificate failed to parse when it was asked for. Loaded eagerly,
    /// the whole file would have failed (`X509_load_cert_crl_file` is all or
    /// nothing), so from then on the lookup finds nothing.
    broken: AtomicBool,
}

impl Bundle {
    /// A bundle of (subject, certificate DER) pairs in file order.
    pub(crate) fn new(certs: Vec<(X509Name, Vec<u8>)>) -> Bundle {
        Bundle {
            certs,
            broken: AtomicBool::new(false),
        }
    }

    /// Excludes the `broken` flag (an atomic) from helgrind's checks, once
    /// the bundle is at its final address.
    fn mark_race_free(&self) {
        super::valgrind::race_free(&self.broken);
    }

    /// How many certificates the bundle holds.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.certs.len()
    }

    /// Parses the certificates whose subject is `name` (OpenSSL's
    /// `X509_NAME_cmp`), in file order; `None` if one of them does not parse.
    fn matching(&self, name: &X509NameRef) -> Option<Vec<X509>> {
        self.mark_race_free();
        if self.broken.load(Ordering::Relaxed) {
            return Some(Vec::new());
        }
        let mut out = Vec::new();
        for (subject, der) in &self.certs {
            if subject.try_cmp(name).ok() == Some(std::cmp::Ordering::Equal) {
                match X509::from_der(der) {
                    Ok(x) => out.push(x),
                    Err(_) => {
                        self.broken.store(true, Ordering::Relaxed);
                        return None;
                    }
                }
            }
        }
        Some(out)
    }
}

/// The lookup method, made once per process.
struct Method(*mut sys::X509_LOOKUP_METHOD);
// SAFETY: the pointer is to a method table that is written once, inside
// `OnceLock::get_or_init` in `method` (which publishes it to other threads),
// never freed, and only read afterwards, by OpenSSL, from any thread.
unsafe impl Send for Method {}
// SAFETY: as for Send: after `method` has built it, nothing writes through
// the pointer, so shared references from many threads only read.
unsafe impl Sync for Method {}

fn method() -> Option<*mut sys::X509_LOOKUP_METHOD> {
    static METHOD: OnceLock<Method> = OnceLock::new();
    super::valgrind::race_free(&METHOD);
    let m = METHOD.get_or_init(|| {
        // SAFETY: the name is a NUL-terminated literal (OpenSSL copies it);
        // the two callbacks have the signatures OpenSSL declares. The table
        // is never freed: stores made from it may live until exit.
        unsafe {
            let m = X509_LOOKUP_meth_new(c"pyssl lazy CA bundle".as_ptr());
            if !m.is_null() {
                X509_LOOKUP_meth_set_get_by_subject(m, Some(by_subject));
                X509_LOOKUP_meth_set_free(m, Some(free_bundle));
            }
            Method(m)
        }
    });
    (!m.0.is_null()).then_some(m.0)
}

/// `get_by_subject`: adds the bundle's certificates with this subject to the
/// lookup's store and returns the first, borrowed (as `by_dir` does: the
/// caller takes its own reference from the store's object).
unsafe extern "C" fn by_subject(
    ctx: *mut sys::X509_LOOKUP,
    kind: c_int,
    name: *const sys::X509_NAME,
    ret: *mut X509_OBJECT,
) -> c_int {
    let found = std::panic::catch_unwind(|| {
        if kind != X509_LU_X509 || name.is_null() || ret.is_null() {
            return 0;
        }
        // SAFETY: the method data is the boxed `Arc<Bundle>` that
        // `lazy_default_store` gave this lookup; it lives until
        // `free_bundle`. `name` is live for the call.
        let (bundle, name) = unsafe {
            let data = X509_LOOKUP_get_method_data(ctx) as *const Arc<Bundle>;
            if data.is_null() {
                return 0;
            }
            (&**data, X509NameRef::from_ptr(name as *mut sys::X509_NAME))
        };
        let Some(certs) = bundle.matching(name) else {
            super::clear_errors();
            return 0;
        };
        // SAFETY: the store owns this lookup and outlives the call.
        // X509_STORE_add_cert takes its own reference; when the store already
        // holds an equal certificate (another thread got here first) it keeps
        // that one and ours is freed with `certs`. So, as by_dir does, the
        // answer is the store's own object for this subject, found under the
        // store's lock: objects are never removed from a store while it
        // lives, so the pointer stays valid after unlocking. `ret` borrows
        // it (X509_OBJECT_set1_X509 takes a reference that the caller never
        // releases, so it is dropped again at once); the caller takes its
        // own reference (X509_STORE_CTX_get_by_subject's up-ref).
        unsafe {
            let store = X509_LOOKUP_get_store(ctx);
            if store.is_null() {
                return 0;
            }
            for x in &certs {
                sys::X509_STORE_add_cert(store, x.as_ptr());
            }
            super::clear_errors();
            if certs.is_empty() {
                return 0;
            }
            store_own_certificate(store, name, ret)
        }
    });
    found.unwrap_or(0)
}

/// Points `ret` at the store's own certificate whose subject is `name`
/// (borrowed, as `by_dir` answers); 0 when the store holds none.
///
/// # Safety
/// `store` is a live `X509_STORE`, `name` a live `X509_NAME`, `ret` a
/// writable `X509_OBJECT`.
unsafe fn store_own_certificate(
    store: *mut sys::X509_STORE,
    name: &X509NameRef,
    ret: *mut X509_OBJECT,
) -> c_int {
    // SAFETY: as the caller promises; the object is looked up under the
    // store's lock, and a store never drops an object while it lives.
    unsafe {
        if X509_STORE_lock(store) != 1 {
            return 0;
        }
        let obj = X509_OBJECT_retrieve_by_subject(
            sys::X509_STORE_get0_objects(store),
            X509_LU_X509,
            name.as_ptr(),
        );
        let x = if obj.is_null() {
            ptr::null_mut()
        } else {
            sys::X509_OBJECT_get0_X509(obj)
        };
        X509_STORE_unlock(store);
        if x.is_null() || X509_OBJECT_set1_X509(ret, x) != 1 {
            return 0;
        }
        sys::X509_free(x);
        1
    }
}

/// The lookup's `free`: drops its reference to the bundle.
unsafe extern "C" fn free_bundle(ctx: *mut sys::X509_LOOKUP) {
    // SAFETY: the data is the pointer `Box::into_raw` made in
    // `lazy_default_store`, released exactly once, here.
    unsafe {
        let data = X509_LOOKUP_get_method_data(ctx) as *mut Arc<Bundle>;
        if !data.is_null() {
            X509_LOOKUP_set_method_data(ctx, ptr::null_mut());
            drop(Box::from_raw(data));
        }
    }
}

/// What `X509_STORE_set_default_paths` builds, with the bundle file's
/// lookup replaced by the lazy one over `bundle`: then the hashed CA
/// directory (`SSL_CERT_DIR` or OpenSSL's default) and the default store
/// URI, as OpenSSL adds them, errors cleared at the end as it does.
pub(crate) fn lazy_default_store(bundle: Arc<Bundle>) -> Result<X509Store, ErrorStack> {
    let m = method().ok_or_else(ErrorStack::get)?;
    // SAFETY: X509_STORE_new returns an owned store (wrapped at once, so it
    // is freed on every path). X509_STORE_add_lookup returns a lookup the
    // store owns; the bundle pointer handed to it is released by
    // `free_bundle` when the store frees the lookup (or right here if it
    // cannot be attached). The ctrl calls take NULL for "the default".
    unsafe {
        let raw = sys::X509_STORE_new();
        if raw.is_null() {
            return Err(ErrorStack::get());
        }
        let store = X509Store::from_ptr(raw);
        let lookup = sys::X509_STORE_add_lookup(store.as_ptr(), m);
        if lookup.is_null() {
            return Err(ErrorStack::get());
        }
        // Boxed, so OpenSSL holds the start of an allocation (leak
        // checkers see the index as reachable, not as an interior pointer).
        let data = Box::into_raw(Box::new(bundle)) as *mut c_void;
        if X509_LOOKUP_set_method_data(lookup, data) != 1 {
            drop(Box::from_raw(data as *mut Arc<Bundle>));
            return Err(ErrorStack::get());
        }
        add_default_dir_and_store(store.as_ptr())?;
        Ok(store)
    }
}

/// The second and third lookups of `X509_STORE_set_default_paths`: the
/// hashed CA directory (`SSL_CERT_DIR` or OpenSSL's default) and, from
/// OpenSSL 3.0 on, the default store URI; errors cleared at the end, as
/// OpenSSL does.
///
/// # Safety
/// `store` is a live `X509_STORE` that no other thread uses yet.
unsafe fn add_default_dir_and_store(store: *mut sys::X509_STORE) -> Result<(), ErrorStack> {
    // NULL asks for the default directory (`SSL_CERT_DIR`, else the
    // compiled-in one); a vendored build that replaced the latter with the
    // platform's (crate::trust::vendored_defaults) names the directory.
    #[cfg(feature = "vendored")]
    let named = crate::trust::vendored_defaults()
        .and_then(|_| crate::trust::effective_paths().1)
        .and_then(|d| std::ffi::CString::new(d.into_os_string().into_encoded_bytes()).ok());
    #[cfg(not(feature = "vendored"))]
    let named: Option<std::ffi::CString> = None;
    let (arg, kind) = match &named {
        Some(d) => (d.as_ptr(), X509_FILETYPE_PEM),
        None => (ptr::null(), X509_FILETYPE_DEFAULT),
    };
    // SAFETY: as the caller promises; the lookups belong to the store;
    // `arg` is NULL ("the default") or points into `named`, a C string that
    // outlives the ctrl call (OpenSSL copies the directory name).
    unsafe {
        let dir = sys::X509_STORE_add_lookup(store, sys::X509_LOOKUP_hash_dir());
        if dir.is_null() {
            return Err(ErrorStack::get());
        }
        sys::X509_LOOKUP_ctrl(dir, X509_L_ADD_DIR, arg, kind as _, ptr::null_mut());
        // OpenSSL 3.0 added the store-URI lookup (`X509_LOOKUP_store`);
        // 1.1.1's default paths are the file and the directory only.
        #[cfg(ossl300)]
        {
            let uri = sys::X509_STORE_add_lookup(store, X509_LOOKUP_store());
            if uri.is_null() {
                return Err(ErrorStack::get());
            }
            sys::X509_LOOKUP_ctrl(uri, X509_L_ADD_STORE, ptr::null(), 0, ptr::null_mut());
        }
        super::clear_errors();
    }
    Ok(())
}

/// The lookups `X509_STORE_set_default_paths` adds to `store`, without
/// loading the default CA file (for a copy of a store that already has its
/// certificates): the file lookup, then [`add_default_dir_and_store`].
pub(crate) fn add_default_lookups_without_loading(
    store: &mut X509StoreBuilderRef,
) -> Result<(), ErrorStack> {
    // SAFETY: the builder's store is live and not shared yet (&mut).
    unsafe {
        if sys::X509_STORE_add_lookup(store.as_ptr(), sys::X509_LOOKUP_file()).is_null() {
            return Err(ErrorStack::get());
        }
        add_default_dir_and_store(store.as_ptr())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two threads that miss the store's cache for one subject both reach
    /// `by_subject`; the second one's `X509_STORE_add_cert` is ignored. What
    /// it returns must then be the store's certificate, not its own copy
    /// (freed when the lookup returns).
    #[test]
    fn a_certificate_already_in_the_store_is_the_one_returned() {
        let pem =
            std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("certs/ca.pem"))
                .unwrap();
        let ca = X509::from_pem(&pem).unwrap();
        let der = ca.to_der().unwrap();
        let bundle = Bundle::new(vec![(ca.subject_name().to_owned().unwrap(), der.clone())]);
        let store = lazy_default_store(Arc::new(bundle)).unwrap();
        // The one the "first thread" added: an equal certificate, another object.
        let first = X509::from_der(&der).unwrap();
        // SAFETY: every pointer comes from a live object owned by this test
        // (`store`, `first`, `ca`); X509_STORE_add_lookup returns the
        // store's existing lookup for our method; the X509_OBJECT is freed
        // once, after taking the reference a real caller takes.
        unsafe {
            assert_eq!(sys::X509_STORE_add_cert(store.as_ptr(), first.as_ptr()), 1);
            let lu = sys::X509_STORE_add_lookup(store.as_ptr(), method().unwrap());
            assert!(!lu.is_null());
            let obj = X509_OBJECT_new();
            let found = X509_LOOKUP_by_subject(lu, X509_LU_X509, ca.subject_name().as_ptr(), obj);
            assert_eq!(found, 1);
            assert_eq!(
                sys::X509_OBJECT_get0_X509(obj),
                first.as_ptr(),
                "the store's own certificate, not the lookup's freed copy"
            );
            assert_eq!(X509_OBJECT_up_ref_count(obj), 1);
            sys::X509_OBJECT_free(obj);
        }
        drop(first);
        super::super::clear_errors();
    }
}

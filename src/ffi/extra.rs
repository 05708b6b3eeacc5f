//! The OpenSSL functions pyssl calls that `openssl-sys` does not declare,
//! all in one place (prototypes from OpenSSL 3.0's headers; each is also in
//! 1.1.1 unless marked). Everything `openssl-sys` declares is used from
//! there. vendor-notes.md lists why each call is needed.
#![allow(non_snake_case)]

use std::os::raw::{c_char, c_int, c_uint, c_ulong, c_void};

use openssl_sys as sys;
use sys::X509_OBJECT;

/// `X509_LOOKUP_get_by_subject_fn`.
pub(crate) type BySubject = unsafe extern "C" fn(
    *mut sys::X509_LOOKUP,
    c_int,
    *const sys::X509_NAME,
    *mut X509_OBJECT,
) -> c_int;

/// The `cb` of `SSL_CTX_set_msg_callback`: `(write_p, version,
/// content_type, buf, len, ssl, arg)`.
pub(crate) type MsgCallbackFn =
    unsafe extern "C" fn(c_int, c_int, c_int, *const c_void, usize, *mut sys::SSL, *mut c_void);

extern "C" {
    // <openssl/err.h>
    pub(crate) fn ERR_set_mark() -> c_int;
    pub(crate) fn ERR_pop_to_mark() -> c_int;

    // <openssl/bio.h>
    pub(crate) fn BIO_free(b: *mut sys::BIO) -> c_int;
    pub(crate) fn BIO_up_ref(b: *mut sys::BIO) -> c_int;
    pub(crate) fn BIO_ctrl_pending(b: *mut sys::BIO) -> usize;

    // <openssl/ssl.h>: methods, ciphers, connections, sessions, contexts
    pub(crate) fn TLSv1_method() -> *const sys::SSL_METHOD;
    pub(crate) fn TLSv1_1_method() -> *const sys::SSL_METHOD;
    pub(crate) fn TLSv1_2_method() -> *const sys::SSL_METHOD;
    pub(crate) fn SSL_CIPHER_get_id(c: *const sys::SSL_CIPHER) -> u32;
    pub(crate) fn SSL_CIPHER_is_aead(c: *const sys::SSL_CIPHER) -> c_int;
    pub(crate) fn SSL_CIPHER_get_kx_nid(c: *const sys::SSL_CIPHER) -> c_int;
    pub(crate) fn SSL_CIPHER_get_auth_nid(c: *const sys::SSL_CIPHER) -> c_int;
    pub(crate) fn SSL_get_ciphers(ssl: *const sys::SSL) -> *mut sys::stack_st_SSL_CIPHER;
    pub(crate) fn SSL_get_client_ciphers(ssl: *const sys::SSL) -> *mut sys::stack_st_SSL_CIPHER;
    pub(crate) fn SSL_set_fd(ssl: *mut sys::SSL, fd: c_int) -> c_int;
    /// Declared here: openssl-sys leaves it out when OpenSSL was configured
    /// `no-comp` (as openssl-src builds it), though libssl always defines it
    /// (returning NULL then).
    pub(crate) fn SSL_get_current_compression(ssl: *const sys::SSL) -> *const c_void;
    pub(crate) fn SSL_CTX_set_msg_callback(ctx: *mut sys::SSL_CTX, cb: Option<MsgCallbackFn>);
    pub(crate) fn SSL_set_read_ahead(ssl: *mut sys::SSL, yes: c_int);
    pub(crate) fn SSL_set_session_id_context(
        ssl: *mut sys::SSL,
        sid: *const u8,
        len: c_uint,
    ) -> c_int;
    /// 1.1.1+.
    pub(crate) fn SSL_set_post_handshake_auth(ssl: *mut sys::SSL, val: c_int);
    /// 1.1.1+.
    pub(crate) fn SSL_verify_client_post_handshake(ssl: *mut sys::SSL) -> c_int;
    pub(crate) fn SSL_SESSION_has_ticket(s: *const sys::SSL_SESSION) -> c_int;
    pub(crate) fn SSL_SESSION_get_ticket_lifetime_hint(s: *const sys::SSL_SESSION) -> c_ulong;
    pub(crate) fn SSL_CTX_set_default_passwd_cb(ctx: *mut sys::SSL_CTX, cb: sys::pem_password_cb);
    pub(crate) fn SSL_CTX_set_default_passwd_cb_userdata(ctx: *mut sys::SSL_CTX, u: *mut c_void);
    pub(crate) fn SSL_CTX_get_default_passwd_cb(ctx: *mut sys::SSL_CTX) -> sys::pem_password_cb;
    pub(crate) fn SSL_CTX_get_default_passwd_cb_userdata(ctx: *mut sys::SSL_CTX) -> *mut c_void;
    pub(crate) fn SSL_CTX_use_psk_identity_hint(
        ctx: *mut sys::SSL_CTX,
        hint: *const c_char,
    ) -> c_int;

    // <openssl/x509.h>, <openssl/x509_vfy.h>: certificates and stores
    pub(crate) fn X509_check_ca(x: *mut sys::X509) -> c_int;
    pub(crate) fn X509_get0_notBefore(x: *const sys::X509) -> *const sys::ASN1_TIME;
    pub(crate) fn X509_get0_notAfter(x: *const sys::X509) -> *const sys::ASN1_TIME;
    pub(crate) fn X509_NAME_ENTRY_set(ne: *const sys::X509_NAME_ENTRY) -> c_int;
    pub(crate) fn X509_NAME_print_ex(
        out: *mut sys::BIO,
        name: *const sys::X509_NAME,
        indent: c_int,
        flags: c_ulong,
    ) -> c_int;
    pub(crate) fn X509_STORE_lock(store: *mut sys::X509_STORE) -> c_int;
    pub(crate) fn X509_STORE_unlock(store: *mut sys::X509_STORE) -> c_int;
    pub(crate) fn X509_STORE_up_ref(store: *mut sys::X509_STORE) -> c_int;
    pub(crate) fn X509_STORE_add_crl(store: *mut sys::X509_STORE, c: *mut sys::X509_CRL) -> c_int;
    pub(crate) fn X509_OBJECT_get_type(o: *const X509_OBJECT) -> c_int;
    pub(crate) fn X509_OBJECT_get0_X509_CRL(o: *const X509_OBJECT) -> *mut sys::X509_CRL;
    pub(crate) fn X509_OBJECT_set1_X509(o: *mut X509_OBJECT, x: *mut sys::X509) -> c_int;
    pub(crate) fn X509_OBJECT_retrieve_by_subject(
        objs: *mut sys::stack_st_X509_OBJECT,
        kind: c_int,
        name: *const sys::X509_NAME,
    ) -> *mut X509_OBJECT;
    pub(crate) fn X509_LOOKUP_meth_new(name: *const c_char) -> *mut sys::X509_LOOKUP_METHOD;
    pub(crate) fn X509_LOOKUP_meth_set_get_by_subject(
        m: *mut sys::X509_LOOKUP_METHOD,
        f: Option<BySubject>,
    ) -> c_int;
    pub(crate) fn X509_LOOKUP_meth_set_free(
        m: *mut sys::X509_LOOKUP_METHOD,
        f: Option<unsafe extern "C" fn(*mut sys::X509_LOOKUP)>,
    ) -> c_int;
    pub(crate) fn X509_LOOKUP_set_method_data(
        ctx: *mut sys::X509_LOOKUP,
        data: *mut c_void,
    ) -> c_int;
    pub(crate) fn X509_LOOKUP_get_method_data(ctx: *const sys::X509_LOOKUP) -> *mut c_void;
    pub(crate) fn X509_LOOKUP_get_store(ctx: *const sys::X509_LOOKUP) -> *mut sys::X509_STORE;
    /// 3.0+.
    #[cfg(ossl300)]
    pub(crate) fn X509_LOOKUP_store() -> *mut sys::X509_LOOKUP_METHOD;

    // <openssl/x509v3.h>, <openssl/asn1.h>, <openssl/pem.h>
    pub(crate) fn GENERAL_NAME_print(out: *mut sys::BIO, gen: *mut sys::GENERAL_NAME) -> c_int;
    pub(crate) fn GENERAL_NAMES_free(a: *mut sys::stack_st_GENERAL_NAME);
    pub(crate) fn AUTHORITY_INFO_ACCESS_free(a: *mut sys::stack_st_ACCESS_DESCRIPTION);
    pub(crate) fn CRL_DIST_POINTS_free(a: *mut sys::stack_st_DIST_POINT);
    pub(crate) fn a2i_IPADDRESS(ipasc: *const c_char) -> *mut sys::ASN1_OCTET_STRING;
    pub(crate) fn i2a_ASN1_INTEGER(bp: *mut sys::BIO, a: *const sys::ASN1_INTEGER) -> c_int;
    pub(crate) fn i2t_ASN1_OBJECT(
        buf: *mut c_char,
        buf_len: c_int,
        a: *const sys::ASN1_OBJECT,
    ) -> c_int;
    pub(crate) fn PEM_read_bio_X509_AUX(
        bp: *mut sys::BIO,
        x: *mut *mut sys::X509,
        cb: sys::pem_password_cb,
        u: *mut c_void,
    ) -> *mut sys::X509;
}

#[cfg(test)]
extern "C" {
    pub(crate) fn X509_OBJECT_new() -> *mut X509_OBJECT;
    pub(crate) fn X509_OBJECT_up_ref_count(o: *mut X509_OBJECT) -> c_int;
    pub(crate) fn X509_LOOKUP_by_subject(
        ctx: *mut sys::X509_LOOKUP,
        kind: c_int,
        name: *const sys::X509_NAME,
        ret: *mut X509_OBJECT,
    ) -> c_int;
}

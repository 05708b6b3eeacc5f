//! `SSLContext.get_ciphers()`: one [`CipherInfo`] per cipher, with every
//! field of CPython's dict, in OpenSSL's order.

use openssl::ssl::SslRef;
#[cfg(feature = "serde")]
use serde::Serialize;

use crate::ffi;

/// One entry of `SSLContext.get_ciphers()` (CPython's `cipher_to_dict`).
#[doc(alias = "get_ciphers")]
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[non_exhaustive]
pub struct CipherInfo {
    /// `id`: `SSL_CIPHER_get_id` (e.g. 50380848 = 0x03000030).
    pub id: u32,
    /// `name`: OpenSSL's name, e.g. `"ECDHE-RSA-AES256-GCM-SHA384"`.
    pub name: String,
    /// `protocol`: e.g. `"TLSv1.2"`, `"TLSv1.3"`.
    pub protocol: String,
    /// `description`: `SSL_CIPHER_description` without its newline.
    pub description: String,
    /// `strength_bits`.
    pub strength_bits: i32,
    /// `alg_bits`.
    pub alg_bits: i32,
    /// `aead`.
    pub aead: bool,
    /// `symmetric`: long name of the cipher nid, e.g. `"aes-256-gcm"`.
    pub symmetric: Option<String>,
    /// `digest`: long name of the digest nid, `None` for AEAD suites.
    pub digest: Option<String>,
    /// `kea`: e.g. `"kx-ecdhe"`.
    pub kea: Option<String>,
    /// `auth`: e.g. `"auth-rsa"`.
    pub auth: Option<String>,
}

/// The ciphers an `SSL` offers, decoded as CPython's `get_ciphers()` does.
pub(crate) fn ciphers_of(ssl: &SslRef) -> Vec<CipherInfo> {
    ffi::ssl_ciphers(ssl)
        .into_iter()
        .map(|raw| {
            let bits = raw.cipher.bits();
            let mut description = raw.cipher.description();
            if description.len() > 1 && description.ends_with('\n') {
                description.pop();
            }
            CipherInfo {
                id: raw.id,
                name: raw.cipher.name().to_string(),
                protocol: raw.cipher.version().to_string(),
                description,
                strength_bits: bits.secret,
                alg_bits: bits.algorithm,
                aead: raw.aead,
                symmetric: ffi::nid2ln(raw.cipher_nid).map(str::to_owned),
                digest: ffi::nid2ln(raw.digest_nid).map(str::to_owned),
                kea: ffi::nid2ln(raw.kx_nid).map(str::to_owned),
                auth: ffi::nid2ln(raw.auth_nid).map(str::to_owned),
            }
        })
        .collect()
}

//! Every integer constant of CPython's `ssl` module (and the `_ssl`-only
//! ones), with the first release that has it.
//!
//! This one table backs the typed flags of [`crate::options`], the
//! name parsing of the binaries (`--options OP_NO_TICKET,-OP_NO_COMPRESSION`)
//! and the golden tests that compare it with `dir(ssl)` of each CPython.

use crate::profile::PythonVersion;

/// Where CPython exposes a constant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConstantModule {
    /// `ssl.NAME`.
    Ssl,
    /// Only `_ssl.NAME` (e.g. `PROTO_TLSv1_2`, `HOSTFLAG_*`, `ENCODING_*`).
    PrivateSsl,
}

/// One named integer constant of CPython's `ssl` module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Constant {
    /// The Python name, e.g. `"OP_NO_TICKET"`.
    pub name: &'static str,
    /// Its value, identical on 3.6 … 3.14 over this OpenSSL.
    pub value: i64,
    /// The first CPython release that has it.
    pub since: PythonVersion,
    /// `ssl` or `_ssl` only.
    pub module: ConstantModule,
}

/// The release of a minor number in the table below (evaluated when the
/// table is compiled: an unknown number is a compile error).
const fn release(minor: u8) -> PythonVersion {
    match minor {
        6 => PythonVersion::Py36,
        7 => PythonVersion::Py37,
        8 => PythonVersion::Py38,
        9 => PythonVersion::Py39,
        10 => PythonVersion::Py310,
        11 => PythonVersion::Py311,
        12 => PythonVersion::Py312,
        13 => PythonVersion::Py313,
        14 => PythonVersion::Py314,
        _ => panic!("a CPython release pyssl does not know"),
    }
}

macro_rules! constants {
    ($( $(#[$m:meta])* $name:literal = $value:expr, $since:literal, $module:ident; )*) => {
        /// The table, in no particular order.
        pub const CONSTANTS: &[Constant] = &[
            $( $(#[$m])* Constant { name: $name, value: $value, since: release($since), module: ConstantModule::$module }, )*
        ];
    };
}

/// `OP_ALL`: CPython's `SSL_OP_ALL & ~SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS`,
/// which depends on the OpenSSL (1.1.1's `SSL_OP_ALL` also holds
/// `SSL_OP_LEGACY_SERVER_CONNECT`, 0x4: CPython 3.14 on 1.1.1w says
/// 0x80000054).
#[cfg(ossl300)]
const OP_ALL: i64 = 0x8000_0050;
#[cfg(not(ossl300))]
const OP_ALL: i64 = 0x8000_0054;

constants! {
    "CERT_NONE" = 0, 6, Ssl;
    "CERT_OPTIONAL" = 1, 6, Ssl;
    "CERT_REQUIRED" = 2, 6, Ssl;
    "PROTOCOL_SSLv23" = 2, 6, Ssl;
    "PROTOCOL_TLS" = 2, 6, Ssl;
    "PROTOCOL_TLSv1" = 3, 6, Ssl;
    "PROTOCOL_TLSv1_1" = 4, 6, Ssl;
    "PROTOCOL_TLSv1_2" = 5, 6, Ssl;
    "PROTOCOL_TLS_CLIENT" = 16, 6, Ssl;
    "PROTOCOL_TLS_SERVER" = 17, 6, Ssl;
    "OP_ALL" = OP_ALL, 6, Ssl;
    "OP_NO_SSLv2" = 0, 6, Ssl;
    "OP_NO_SSLv3" = 0x0200_0000, 6, Ssl;
    "OP_NO_TLSv1" = 0x0400_0000, 6, Ssl;
    "OP_NO_TLSv1_1" = 0x1000_0000, 6, Ssl;
    "OP_NO_TLSv1_2" = 0x0800_0000, 6, Ssl;
    "OP_NO_TLSv1_3" = 0x2000_0000, 6, Ssl;
    "OP_NO_COMPRESSION" = 0x0002_0000, 6, Ssl;
    "OP_CIPHER_SERVER_PREFERENCE" = 0x0040_0000, 6, Ssl;
    "OP_SINGLE_DH_USE" = 0, 6, Ssl;
    "OP_SINGLE_ECDH_USE" = 0, 6, Ssl;
    "OP_NO_TICKET" = 0x4000, 6, Ssl;
    "OP_ENABLE_MIDDLEBOX_COMPAT" = 0x0010_0000, 6, Ssl;
    "OP_NO_RENEGOTIATION" = 0x4000_0000, 7, Ssl;
    // `#ifdef SSL_OP_IGNORE_UNEXPECTED_EOF` / `SSL_OP_ENABLE_KTLS` in _ssl.c:
    // OpenSSL 3.0 added both.
    #[cfg(ossl300)]
    "OP_IGNORE_UNEXPECTED_EOF" = 0x80, 8, Ssl;
    "OP_LEGACY_SERVER_CONNECT" = 0x4, 12, Ssl;
    #[cfg(ossl300)]
    "OP_ENABLE_KTLS" = 0x8, 12, Ssl;
    "VERIFY_DEFAULT" = 0, 6, Ssl;
    "VERIFY_CRL_CHECK_LEAF" = 0x4, 6, Ssl;
    "VERIFY_CRL_CHECK_CHAIN" = 0xc, 6, Ssl;
    "VERIFY_X509_STRICT" = 0x20, 6, Ssl;
    "VERIFY_X509_TRUSTED_FIRST" = 0x8000, 6, Ssl;
    "VERIFY_ALLOW_PROXY_CERTS" = 0x40, 10, Ssl;
    "VERIFY_X509_PARTIAL_CHAIN" = 0x8_0000, 10, Ssl;
    "SSL_ERROR_SSL" = 1, 6, Ssl;
    "SSL_ERROR_WANT_READ" = 2, 6, Ssl;
    "SSL_ERROR_WANT_WRITE" = 3, 6, Ssl;
    "SSL_ERROR_WANT_X509_LOOKUP" = 4, 6, Ssl;
    "SSL_ERROR_SYSCALL" = 5, 6, Ssl;
    "SSL_ERROR_ZERO_RETURN" = 6, 6, Ssl;
    "SSL_ERROR_WANT_CONNECT" = 7, 6, Ssl;
    "SSL_ERROR_EOF" = 8, 6, Ssl;
    "SSL_ERROR_INVALID_ERROR_CODE" = 10, 6, Ssl;
    "ALERT_DESCRIPTION_CLOSE_NOTIFY" = 0, 6, Ssl;
    "ALERT_DESCRIPTION_UNEXPECTED_MESSAGE" = 10, 6, Ssl;
    "ALERT_DESCRIPTION_BAD_RECORD_MAC" = 20, 6, Ssl;
    "ALERT_DESCRIPTION_RECORD_OVERFLOW" = 22, 6, Ssl;
    "ALERT_DESCRIPTION_DECOMPRESSION_FAILURE" = 30, 6, Ssl;
    "ALERT_DESCRIPTION_HANDSHAKE_FAILURE" = 40, 6, Ssl;
    "ALERT_DESCRIPTION_BAD_CERTIFICATE" = 42, 6, Ssl;
    "ALERT_DESCRIPTION_UNSUPPORTED_CERTIFICATE" = 43, 6, Ssl;
    "ALERT_DESCRIPTION_CERTIFICATE_REVOKED" = 44, 6, Ssl;
    "ALERT_DESCRIPTION_CERTIFICATE_EXPIRED" = 45, 6, Ssl;
    "ALERT_DESCRIPTION_CERTIFICATE_UNKNOWN" = 46, 6, Ssl;
    "ALERT_DESCRIPTION_ILLEGAL_PARAMETER" = 47, 6, Ssl;
    "ALERT_DESCRIPTION_UNKNOWN_CA" = 48, 6, Ssl;
    "ALERT_DESCRIPTION_ACCESS_DENIED" = 49, 6, Ssl;
    "ALERT_DESCRIPTION_DECODE_ERROR" = 50, 6, Ssl;
    "ALERT_DESCRIPTION_DECRYPT_ERROR" = 51, 6, Ssl;
    "ALERT_DESCRIPTION_PROTOCOL_VERSION" = 70, 6, Ssl;
    "ALERT_DESCRIPTION_INSUFFICIENT_SECURITY" = 71, 6, Ssl;
    "ALERT_DESCRIPTION_INTERNAL_ERROR" = 80, 6, Ssl;
    "ALERT_DESCRIPTION_USER_CANCELLED" = 90, 6, Ssl;
    "ALERT_DESCRIPTION_NO_RENEGOTIATION" = 100, 6, Ssl;
    "ALERT_DESCRIPTION_UNSUPPORTED_EXTENSION" = 110, 6, Ssl;
    "ALERT_DESCRIPTION_CERTIFICATE_UNOBTAINABLE" = 111, 6, Ssl;
    "ALERT_DESCRIPTION_UNRECOGNIZED_NAME" = 112, 6, Ssl;
    "ALERT_DESCRIPTION_BAD_CERTIFICATE_STATUS_RESPONSE" = 113, 6, Ssl;
    "ALERT_DESCRIPTION_BAD_CERTIFICATE_HASH_VALUE" = 114, 6, Ssl;
    "ALERT_DESCRIPTION_UNKNOWN_PSK_IDENTITY" = 115, 6, Ssl;
    "HOSTFLAG_ALWAYS_CHECK_SUBJECT" = 0x1, 7, PrivateSsl;
    "HOSTFLAG_NO_WILDCARDS" = 0x2, 7, PrivateSsl;
    "HOSTFLAG_NO_PARTIAL_WILDCARDS" = 0x4, 7, PrivateSsl;
    "HOSTFLAG_MULTI_LABEL_WILDCARDS" = 0x8, 7, PrivateSsl;
    "HOSTFLAG_SINGLE_LABEL_SUBDOMAINS" = 0x10, 7, PrivateSsl;
    "HOSTFLAG_NEVER_CHECK_SUBJECT" = 0x20, 7, PrivateSsl;
    "PROTO_MINIMUM_SUPPORTED" = -2, 7, PrivateSsl;
    "PROTO_MAXIMUM_SUPPORTED" = -1, 7, PrivateSsl;
    "PROTO_SSLv3" = 0x300, 7, PrivateSsl;
    "PROTO_TLSv1" = 0x301, 7, PrivateSsl;
    "PROTO_TLSv1_1" = 0x302, 7, PrivateSsl;
    "PROTO_TLSv1_2" = 0x303, 7, PrivateSsl;
    "PROTO_TLSv1_3" = 0x304, 7, PrivateSsl;
    "ENCODING_PEM" = 1, 10, PrivateSsl;
    "ENCODING_DER" = 2, 10, PrivateSsl;
}

/// The constants that `ssl` (and `_ssl`) of `version` define.
pub fn python_constants(version: PythonVersion) -> impl Iterator<Item = &'static Constant> {
    CONSTANTS.iter().filter(move |c| version >= c.since)
}

/// Looks up `ssl.NAME` (or `_ssl.NAME`) as CPython `version` has it.
#[doc(alias = "AlertDescription")]
#[doc(alias = "SSLErrorNumber")]
#[doc(alias = "SSL_ERROR_EOF")]
#[doc(alias = "SSL_ERROR_INVALID_ERROR_CODE")]
#[doc(alias = "SSL_ERROR_SSL")]
#[doc(alias = "SSL_ERROR_SYSCALL")]
#[doc(alias = "SSL_ERROR_WANT_CONNECT")]
#[doc(alias = "SSL_ERROR_WANT_READ")]
#[doc(alias = "SSL_ERROR_WANT_WRITE")]
#[doc(alias = "SSL_ERROR_WANT_X509_LOOKUP")]
#[doc(alias = "SSL_ERROR_ZERO_RETURN")]
#[doc(alias = "ALERT_DESCRIPTION_ACCESS_DENIED")]
#[doc(alias = "ALERT_DESCRIPTION_BAD_CERTIFICATE")]
#[doc(alias = "ALERT_DESCRIPTION_BAD_CERTIFICATE_HASH_VALUE")]
#[doc(alias = "ALERT_DESCRIPTION_BAD_CERTIFICATE_STATUS_RESPONSE")]
#[doc(alias = "ALERT_DESCRIPTION_BAD_RECORD_MAC")]
#[doc(alias = "ALERT_DESCRIPTION_CERTIFICATE_EXPIRED")]
#[doc(alias = "ALERT_DESCRIPTION_CERTIFICATE_REVOKED")]
#[doc(alias = "ALERT_DESCRIPTION_CERTIFICATE_UNKNOWN")]
#[doc(alias = "ALERT_DESCRIPTION_CERTIFICATE_UNOBTAINABLE")]
#[doc(alias = "ALERT_DESCRIPTION_CLOSE_NOTIFY")]
#[doc(alias = "ALERT_DESCRIPTION_DECODE_ERROR")]
#[doc(alias = "ALERT_DESCRIPTION_DECOMPRESSION_FAILURE")]
#[doc(alias = "ALERT_DESCRIPTION_DECRYPT_ERROR")]
#[doc(alias = "ALERT_DESCRIPTION_HANDSHAKE_FAILURE")]
#[doc(alias = "ALERT_DESCRIPTION_ILLEGAL_PARAMETER")]
#[doc(alias = "ALERT_DESCRIPTION_INSUFFICIENT_SECURITY")]
#[doc(alias = "ALERT_DESCRIPTION_INTERNAL_ERROR")]
#[doc(alias = "ALERT_DESCRIPTION_NO_RENEGOTIATION")]
#[doc(alias = "ALERT_DESCRIPTION_PROTOCOL_VERSION")]
#[doc(alias = "ALERT_DESCRIPTION_RECORD_OVERFLOW")]
#[doc(alias = "ALERT_DESCRIPTION_UNEXPECTED_MESSAGE")]
#[doc(alias = "ALERT_DESCRIPTION_UNKNOWN_CA")]
#[doc(alias = "ALERT_DESCRIPTION_UNKNOWN_PSK_IDENTITY")]
#[doc(alias = "ALERT_DESCRIPTION_UNRECOGNIZED_NAME")]
#[doc(alias = "ALERT_DESCRIPTION_UNSUPPORTED_CERTIFICATE")]
#[doc(alias = "ALERT_DESCRIPTION_UNSUPPORTED_EXTENSION")]
#[doc(alias = "ALERT_DESCRIPTION_USER_CANCELLED")]
pub fn python_constant(name: &str, version: PythonVersion) -> Option<&'static Constant> {
    python_constants(version).find(|c| c.name == name)
}

/// The `HAS_*` feature flags of `ssl` for `version` on this OpenSSL.
///
/// `HAS_SSLv2`/`HAS_SSLv3` are False (OpenSSL has no SSLv3 method here) and
/// `HAS_NPN` is False on every build observed.
#[doc(alias = "HAS_ALPN")]
#[doc(alias = "HAS_TLSv1_3")]
#[doc(alias = "HAS_ECDH")]
#[doc(alias = "HAS_NEVER_CHECK_COMMON_NAME")]
#[doc(alias = "HAS_NPN")]
#[doc(alias = "HAS_PSK")]
#[doc(alias = "HAS_PHA")]
#[doc(alias = "HAS_SNI")]
#[doc(alias = "HAS_SSLv2")]
#[doc(alias = "HAS_SSLv3")]
#[doc(alias = "HAS_TLSv1")]
#[doc(alias = "HAS_TLSv1_1")]
#[doc(alias = "HAS_TLSv1_2")]
pub fn has_flags(version: PythonVersion) -> Vec<(&'static str, bool)> {
    let mut v = vec![
        ("HAS_ALPN", true),
        ("HAS_ECDH", true),
        ("HAS_NPN", false),
        ("HAS_SNI", true),
        ("HAS_TLSv1_3", true),
    ];
    if version.at_least(7) {
        v.extend([
            ("HAS_NEVER_CHECK_COMMON_NAME", true),
            ("HAS_SSLv2", false),
            ("HAS_SSLv3", false),
            ("HAS_TLSv1", true),
            ("HAS_TLSv1_1", true),
            ("HAS_TLSv1_2", true),
        ]);
    }
    if version.at_least(13) {
        v.push(("HAS_PSK", true));
    }
    if version.at_least(14) {
        // TLS 1.3 post-handshake authentication, which OpenSSL 1.1.1+ has.
        v.push(("HAS_PHA", true));
    }
    v.sort_by_key(|(n, _)| *n);
    v
}

/// The `HAS_*` flags of the C module `_ssl` for `version`: those of
/// [`has_flags`] that `_ssl` defines (`HAS_NEVER_CHECK_COMMON_NAME` is computed
/// by `ssl.py`), and `HAS_TLS_UNIQUE`, which `ssl.py` does not re-export
/// (`get_channel_binding("tls-unique")` works on every release).
#[doc(alias = "HAS_TLS_UNIQUE")]
pub fn private_has_flags(version: PythonVersion) -> Vec<(&'static str, bool)> {
    let mut v: Vec<_> = has_flags(version)
        .into_iter()
        .filter(|(n, _)| *n != "HAS_NEVER_CHECK_COMMON_NAME")
        .collect();
    v.push(("HAS_TLS_UNIQUE", true));
    v.sort_by_key(|(n, _)| *n);
    v
}

/// `ssl.CHANNEL_BINDING_TYPES`.
pub const CHANNEL_BINDING_TYPES: &[&str] = &["tls-unique"];

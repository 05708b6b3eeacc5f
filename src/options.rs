//! The typed values of CPython's `ssl`: `Options`, `VerifyFlags`,
//! `VerifyMode`, `TLSVersion`, the `PROTOCOL_*` methods and `Purpose`.
//!
//! Numbers are CPython's (which are OpenSSL's, except `OP_ALL`, from which
//! CPython removes `SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS`). Flag sets keep bits
//! they do not name (`from_bits_retain`), so an `options` value read back from
//! OpenSSL survives a round trip unchanged, as an int does in Python.

use std::fmt;

use bitflags::bitflags;

use crate::constants::python_constant;
use crate::error::Error;
use crate::profile::PythonVersion;

bitflags! {
    /// `ssl.Options`: the `OP_*` bits of `SSLContext.options`.
    ///
    /// Zero-valued members (`NO_SSLV2`, `SINGLE_DH_USE`, `SINGLE_ECDH_USE`)
    /// are 0 on OpenSSL ≥ 1.1, exactly as in CPython: setting them does nothing.
    #[doc(alias = "SSL_CTX_set_options")]
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct Options: u64 {
        /// `OP_ALL`: CPython's value, `SSL_OP_ALL & ~SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS`
        /// (OpenSSL 3; on 1.1.1 it also holds `LEGACY_SERVER_CONNECT`, as there).
        #[doc(alias = "OP_ALL")]
        #[cfg(ossl300)]
        const ALL = 0x8000_0050;
        /// `OP_ALL` on OpenSSL 1.1.1: `SSL_OP_ALL & ~SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS`.
        #[doc(alias = "OP_ALL")]
        #[cfg(not(ossl300))]
        const ALL = 0x8000_0054;
        /// `OP_NO_SSLv2` (0: SSLv2 is gone from OpenSSL).
        #[doc(alias = "OP_NO_SSLv2")]
        const NO_SSLV2 = 0;
        /// `OP_NO_SSLv3`.
        #[doc(alias = "OP_NO_SSLv3")]
        const NO_SSLV3 = 0x0200_0000;
        /// `OP_NO_TLSv1`.
        #[doc(alias = "OP_NO_TLSv1")]
        const NO_TLSV1 = 0x0400_0000;
        /// `OP_NO_TLSv1_1`.
        #[doc(alias = "OP_NO_TLSv1_1")]
        const NO_TLSV1_1 = 0x1000_0000;
        /// `OP_NO_TLSv1_2`.
        #[doc(alias = "OP_NO_TLSv1_2")]
        const NO_TLSV1_2 = 0x0800_0000;
        /// `OP_NO_TLSv1_3`.
        #[doc(alias = "OP_NO_TLSv1_3")]
        const NO_TLSV1_3 = 0x2000_0000;
        /// `OP_NO_COMPRESSION`.
        #[doc(alias = "OP_NO_COMPRESSION")]
        const NO_COMPRESSION = 0x0002_0000;
        /// `OP_CIPHER_SERVER_PREFERENCE`.
        #[doc(alias = "OP_CIPHER_SERVER_PREFERENCE")]
        const CIPHER_SERVER_PREFERENCE = 0x0040_0000;
        /// `OP_SINGLE_DH_USE` (0 on OpenSSL ≥ 1.1).
        #[doc(alias = "OP_SINGLE_DH_USE")]
        const SINGLE_DH_USE = 0;
        /// `OP_SINGLE_ECDH_USE` (0 on OpenSSL ≥ 1.1).
        #[doc(alias = "OP_SINGLE_ECDH_USE")]
        const SINGLE_ECDH_USE = 0;
        /// `OP_NO_TICKET`: no stateless session tickets (TLS 1.3 then issues
        /// stateful ones; see `num_tickets`).
        #[doc(alias = "OP_NO_TICKET")]
        const NO_TICKET = 0x4000;
        /// `OP_ENABLE_MIDDLEBOX_COMPAT` (OpenSSL's default).
        #[doc(alias = "OP_ENABLE_MIDDLEBOX_COMPAT")]
        const ENABLE_MIDDLEBOX_COMPAT = 0x0010_0000;
        /// `OP_NO_RENEGOTIATION` (CPython 3.7+).
        #[doc(alias = "OP_NO_RENEGOTIATION")]
        const NO_RENEGOTIATION = 0x4000_0000;
        /// `OP_IGNORE_UNEXPECTED_EOF` (CPython 3.8+).
        #[doc(alias = "OP_IGNORE_UNEXPECTED_EOF")]
        const IGNORE_UNEXPECTED_EOF = 0x80;
        /// `OP_LEGACY_SERVER_CONNECT` (CPython 3.12+).
        #[doc(alias = "OP_LEGACY_SERVER_CONNECT")]
        const LEGACY_SERVER_CONNECT = 0x4;
        /// `OP_ENABLE_KTLS` (CPython 3.12+).
        #[doc(alias = "OP_ENABLE_KTLS")]
        const ENABLE_KTLS = 0x8;
        /// SSL_OP_CRYPTOPRO_TLSEXT_BUG: part of `OP_ALL`, no Python name.
        const CRYPTOPRO_TLSEXT_BUG = 0x8000_0000;
        /// SSL_OP_SAFARI_ECDHE_ECDSA_BUG: part of `OP_ALL`, no Python name.
        const SAFARI_ECDHE_ECDSA_BUG = 0x40;
        /// SSL_OP_TLSEXT_PADDING: part of `OP_ALL`, no Python name.
        const TLSEXT_PADDING = 0x10;
    }
}

impl Options {
    /// The bits a CPython `OP_*` name stands for, if `version` defines it.
    ///
    /// Unknown names give CPython's `AttributeError` for `ssl.NAME`.
    pub fn from_python_name(name: &str, version: PythonVersion) -> Result<Options, Error> {
        match python_constant(name, version) {
            Some(c) if c.name.starts_with("OP_") => Ok(Options::from_bits_retain(c.value as u64)),
            _ => Err(Error::module_attribute(name)),
        }
    }

    /// Applies a comma-separated list of `OP_*` names to `self`, left to
    /// right; a leading `-` clears the bit instead of setting it
    /// (`"OP_NO_TICKET,-OP_NO_COMPRESSION"`).
    pub fn apply_python_names(self, list: &str, version: PythonVersion) -> Result<Options, Error> {
        let mut out = self;
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            if let Some(name) = item.strip_prefix('-') {
                out &= !Options::from_python_name(name.trim(), version)?;
            } else {
                out |= Options::from_python_name(item.trim_start_matches('+'), version)?;
            }
        }
        Ok(out)
    }
}

bitflags! {
    /// `ssl.VerifyFlags`: `SSLContext.verify_flags`, the `X509_V_FLAG_*` bits.
    #[doc(alias = "X509_VERIFY_PARAM_set_flags")]
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct VerifyFlags: u64 {
        /// `VERIFY_DEFAULT` (0).
        #[doc(alias = "VERIFY_DEFAULT")]
        const DEFAULT = 0;
        /// `VERIFY_CRL_CHECK_LEAF`.
        #[doc(alias = "VERIFY_CRL_CHECK_LEAF")]
        const CRL_CHECK_LEAF = 0x4;
        /// `VERIFY_CRL_CHECK_CHAIN` (includes the leaf bit).
        #[doc(alias = "VERIFY_CRL_CHECK_CHAIN")]
        const CRL_CHECK_CHAIN = 0xc;
        /// `VERIFY_X509_STRICT`.
        #[doc(alias = "VERIFY_X509_STRICT")]
        const X509_STRICT = 0x20;
        /// `VERIFY_ALLOW_PROXY_CERTS` (CPython 3.10+).
        #[doc(alias = "VERIFY_ALLOW_PROXY_CERTS")]
        const ALLOW_PROXY_CERTS = 0x40;
        /// `VERIFY_X509_TRUSTED_FIRST` (CPython's default).
        #[doc(alias = "VERIFY_X509_TRUSTED_FIRST")]
        const X509_TRUSTED_FIRST = 0x8000;
        /// `VERIFY_X509_PARTIAL_CHAIN` (CPython 3.10+).
        #[doc(alias = "VERIFY_X509_PARTIAL_CHAIN")]
        const X509_PARTIAL_CHAIN = 0x8_0000;
    }
}

bitflags! {
    /// `SSLContext._host_flags`: the `HOSTFLAG_*` (`X509_CHECK_FLAG_*`) bits
    /// used when OpenSSL checks the host name.
    #[doc(alias = "_host_flags")]
    #[doc(alias = "X509_VERIFY_PARAM_set_hostflags")]
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct HostFlags: u32 {
        /// `HOSTFLAG_ALWAYS_CHECK_SUBJECT`.
        #[doc(alias = "HOSTFLAG_ALWAYS_CHECK_SUBJECT")]
        const ALWAYS_CHECK_SUBJECT = 0x1;
        /// `HOSTFLAG_NO_WILDCARDS`.
        #[doc(alias = "HOSTFLAG_NO_WILDCARDS")]
        const NO_WILDCARDS = 0x2;
        /// `HOSTFLAG_NO_PARTIAL_WILDCARDS` (CPython's default).
        #[doc(alias = "HOSTFLAG_NO_PARTIAL_WILDCARDS")]
        const NO_PARTIAL_WILDCARDS = 0x4;
        /// `HOSTFLAG_MULTI_LABEL_WILDCARDS`.
        #[doc(alias = "HOSTFLAG_MULTI_LABEL_WILDCARDS")]
        const MULTI_LABEL_WILDCARDS = 0x8;
        /// `HOSTFLAG_SINGLE_LABEL_SUBDOMAINS`.
        #[doc(alias = "HOSTFLAG_SINGLE_LABEL_SUBDOMAINS")]
        const SINGLE_LABEL_SUBDOMAINS = 0x10;
        /// `HOSTFLAG_NEVER_CHECK_SUBJECT`: set when
        /// `hostname_checks_common_name` is False.
        #[doc(alias = "HOSTFLAG_NEVER_CHECK_SUBJECT")]
        const NEVER_CHECK_SUBJECT = 0x20;
    }
}

/// `ssl.VerifyMode`: `CERT_NONE`, `CERT_OPTIONAL`, `CERT_REQUIRED`.
#[doc(alias = "CERT_NONE")]
#[doc(alias = "CERT_OPTIONAL")]
#[doc(alias = "CERT_REQUIRED")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VerifyMode {
    /// `CERT_NONE` (0): `SSL_VERIFY_NONE`.
    #[doc(alias = "CERT_NONE")]
    CertNone = 0,
    /// `CERT_OPTIONAL` (1): `SSL_VERIFY_PEER`.
    #[doc(alias = "CERT_OPTIONAL")]
    CertOptional = 1,
    /// `CERT_REQUIRED` (2): `SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT`.
    #[doc(alias = "CERT_REQUIRED")]
    CertRequired = 2,
}

impl VerifyMode {
    /// The Python name, e.g. `"CERT_REQUIRED"`.
    pub fn name(self) -> &'static str {
        match self {
            VerifyMode::CertNone => "CERT_NONE",
            VerifyMode::CertOptional => "CERT_OPTIONAL",
            VerifyMode::CertRequired => "CERT_REQUIRED",
        }
    }
}

impl TryFrom<i64> for VerifyMode {
    type Error = Error;

    /// As `ctx.verify_mode = n`: anything but 0, 1, 2 is CPython's
    /// `ValueError("invalid value for verify_mode")`.
    fn try_from(n: i64) -> Result<Self, Error> {
        match n {
            0 => Ok(VerifyMode::CertNone),
            1 => Ok(VerifyMode::CertOptional),
            2 => Ok(VerifyMode::CertRequired),
            _ => Err(Error::value_error("invalid value for verify_mode")),
        }
    }
}

/// `ssl.TLSVersion` (CPython 3.7+): the values of `minimum_version` and
/// `maximum_version`.
#[doc(alias = "TLSVersion")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum TlsVersion {
    /// `TLSVersion.MINIMUM_SUPPORTED` (-2): no floor set in OpenSSL.
    #[doc(alias = "MINIMUM_SUPPORTED")]
    MinimumSupported,
    /// `TLSVersion.SSLv3` (0x300).
    #[doc(alias = "SSLv3")]
    SslV3,
    /// `TLSVersion.TLSv1` (0x301).
    #[doc(alias = "TLSv1")]
    TlsV1,
    /// `TLSVersion.TLSv1_1` (0x302).
    #[doc(alias = "TLSv1_1")]
    TlsV1_1,
    /// `TLSVersion.TLSv1_2` (0x303).
    #[doc(alias = "TLSv1_2")]
    TlsV1_2,
    /// `TLSVersion.TLSv1_3` (0x304).
    #[doc(alias = "TLSv1_3")]
    TlsV1_3,
    /// `TLSVersion.MAXIMUM_SUPPORTED` (-1): no ceiling set in OpenSSL.
    #[doc(alias = "MAXIMUM_SUPPORTED")]
    MaximumSupported,
}

impl TlsVersion {
    /// CPython's integer value.
    pub fn value(self) -> i64 {
        match self {
            TlsVersion::MinimumSupported => -2,
            TlsVersion::SslV3 => 0x300,
            TlsVersion::TlsV1 => 0x301,
            TlsVersion::TlsV1_1 => 0x302,
            TlsVersion::TlsV1_2 => 0x303,
            TlsVersion::TlsV1_3 => 0x304,
            TlsVersion::MaximumSupported => -1,
        }
    }

    /// The member name, e.g. `"TLSv1_2"`.
    pub fn name(self) -> &'static str {
        match self {
            TlsVersion::MinimumSupported => "MINIMUM_SUPPORTED",
            TlsVersion::SslV3 => "SSLv3",
            TlsVersion::TlsV1 => "TLSv1",
            TlsVersion::TlsV1_1 => "TLSv1_1",
            TlsVersion::TlsV1_2 => "TLSv1_2",
            TlsVersion::TlsV1_3 => "TLSv1_3",
            TlsVersion::MaximumSupported => "MAXIMUM_SUPPORTED",
        }
    }

    /// All members, in CPython's declaration order.
    pub const ALL: [TlsVersion; 7] = [
        TlsVersion::MinimumSupported,
        TlsVersion::SslV3,
        TlsVersion::TlsV1,
        TlsVersion::TlsV1_1,
        TlsVersion::TlsV1_2,
        TlsVersion::TlsV1_3,
        TlsVersion::MaximumSupported,
    ];

    /// `TLSVersion[name]`: a member by name. An unknown name is CPython's
    /// `KeyError(name)`.
    pub fn from_name(name: &str) -> Result<TlsVersion, Error> {
        TlsVersion::ALL
            .into_iter()
            .find(|v| v.name() == name)
            .ok_or_else(|| Error::key_error(name))
    }

    /// A member from CPython's integer, if one has that value.
    pub fn from_value(n: i64) -> Option<TlsVersion> {
        TlsVersion::ALL.into_iter().find(|v| v.value() == n)
    }
}

impl fmt::Display for TlsVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TLSVersion.{}", self.name())
    }
}

/// `ssl._SSLMethod`: the `PROTOCOL_*` argument of `SSLContext(protocol)`.
#[doc(alias = "_SSLMethod")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Protocol {
    /// `PROTOCOL_TLS` / `PROTOCOL_SSLv23` (2): negotiate, either side.
    #[doc(alias = "PROTOCOL_TLS")]
    #[doc(alias = "PROTOCOL_SSLv23")]
    Tls,
    /// `PROTOCOL_TLSv1` (3): TLS 1.0 only (deprecated).
    #[doc(alias = "PROTOCOL_TLSv1")]
    TlsV1,
    /// `PROTOCOL_TLSv1_1` (4): TLS 1.1 only (deprecated).
    #[doc(alias = "PROTOCOL_TLSv1_1")]
    TlsV1_1,
    /// `PROTOCOL_TLSv1_2` (5): TLS 1.2 only (deprecated).
    #[doc(alias = "PROTOCOL_TLSv1_2")]
    TlsV1_2,
    /// `PROTOCOL_TLS_CLIENT` (16): client side, verifying by default.
    #[doc(alias = "PROTOCOL_TLS_CLIENT")]
    TlsClient,
    /// `PROTOCOL_TLS_SERVER` (17): server side.
    #[doc(alias = "PROTOCOL_TLS_SERVER")]
    TlsServer,
}

impl Protocol {
    /// CPython's integer value.
    pub fn value(self) -> i64 {
        match self {
            Protocol::Tls => 2,
            Protocol::TlsV1 => 3,
            Protocol::TlsV1_1 => 4,
            Protocol::TlsV1_2 => 5,
            Protocol::TlsClient => 16,
            Protocol::TlsServer => 17,
        }
    }

    /// The enum member name (`protocol.name`), e.g. `"PROTOCOL_TLS_CLIENT"`.
    #[doc(alias = "get_protocol_name")]
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Tls => "PROTOCOL_TLS",
            Protocol::TlsV1 => "PROTOCOL_TLSv1",
            Protocol::TlsV1_1 => "PROTOCOL_TLSv1_1",
            Protocol::TlsV1_2 => "PROTOCOL_TLSv1_2",
            Protocol::TlsClient => "PROTOCOL_TLS_CLIENT",
            Protocol::TlsServer => "PROTOCOL_TLS_SERVER",
        }
    }

    /// `SSLContext(n)` with a raw integer: an unknown number is CPython's
    /// `ValueError`, worded as `version` words it.
    pub fn from_value(n: i64, version: PythonVersion) -> Result<Protocol, Error> {
        let all = [
            Protocol::Tls,
            Protocol::TlsV1,
            Protocol::TlsV1_1,
            Protocol::TlsV1_2,
            Protocol::TlsClient,
            Protocol::TlsServer,
        ];
        all.into_iter().find(|p| p.value() == n).ok_or_else(|| {
            Error::value_error(if version.at_least(10) {
                format!("invalid or unsupported protocol version {n}")
            } else if version.at_least(7) {
                "invalid or unsupported protocol version".to_string()
            } else {
                "invalid protocol version".to_string()
            })
        })
    }

    /// Accepts `tls`, `tls-client`, `tls-server`, `tlsv1`, `tlsv1_1`,
    /// `tlsv1_2` or the `PROTOCOL_*` names.
    pub fn from_name(name: &str) -> Result<Protocol, Error> {
        let n = name.trim();
        let key = n
            .strip_prefix("PROTOCOL_")
            .unwrap_or(n)
            .to_ascii_lowercase()
            .replace('-', "_");
        match key.as_str() {
            "tls" | "sslv23" => Ok(Protocol::Tls),
            "tls_client" => Ok(Protocol::TlsClient),
            "tls_server" => Ok(Protocol::TlsServer),
            "tlsv1" => Ok(Protocol::TlsV1),
            "tlsv1_1" => Ok(Protocol::TlsV1_1),
            "tlsv1_2" => Ok(Protocol::TlsV1_2),
            _ => Err(Error::module_attribute(&format!("PROTOCOL_{n}"))),
        }
    }

    /// True for the fixed-version methods, whose version range cannot move.
    pub fn is_fixed_version(self) -> bool {
        matches!(
            self,
            Protocol::TlsV1 | Protocol::TlsV1_1 | Protocol::TlsV1_2
        )
    }
}

/// `ssl.Purpose`: what a certificate is for, and so which defaults
/// `create_default_context` picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Purpose {
    /// `Purpose.SERVER_AUTH`: a client context that verifies servers.
    #[doc(alias = "SERVER_AUTH")]
    #[default]
    ServerAuth,
    /// `Purpose.CLIENT_AUTH`: a server context (that may verify clients).
    #[doc(alias = "CLIENT_AUTH")]
    ClientAuth,
}

impl Purpose {
    /// The `_ASN1Object` tuple: `(nid, shortname, longname, oid)`.
    pub fn asn1(self) -> (i32, &'static str, &'static str, &'static str) {
        match self {
            Purpose::ServerAuth => (
                129,
                "serverAuth",
                "TLS Web Server Authentication",
                "1.3.6.1.5.5.7.3.1",
            ),
            Purpose::ClientAuth => (
                130,
                "clientAuth",
                "TLS Web Client Authentication",
                "1.3.6.1.5.5.7.3.2",
            ),
        }
    }
}

//! `_ssl.Certificate` (CPython 3.13+): one certificate of a peer's chain, as
//! `SSLSocket.get_verified_chain()` and `get_unverified_chain()` return them.

use std::hash::{Hash, Hasher};

use openssl::x509::X509;

use crate::cert::PeerCertificate;
use crate::error::{Error, Result};
use crate::ffi;
use crate::profile::PythonVersion;

/// The encodings of [`Certificate::public_bytes`]: CPython's
/// `_ssl.ENCODING_PEM` (1) and `_ssl.ENCODING_DER` (2).
#[doc(alias = "ENCODING_PEM")]
#[doc(alias = "ENCODING_DER")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Encoding {
    /// `ENCODING_PEM`: text, `-----BEGIN CERTIFICATE-----` …
    Pem,
    /// `ENCODING_DER`: the DER bytes.
    Der,
}

impl Encoding {
    /// CPython's number for the encoding (`Encoding.PEM` is 1, `DER` 2);
    /// any other number is `ValueError("Unsupported format")`.
    pub fn from_value(n: i64) -> Result<Encoding> {
        match n {
            1 => Ok(Encoding::Pem),
            2 => Ok(Encoding::Der),
            _ => Err(Error::value_error("Unsupported format")),
        }
    }
}

/// What [`Certificate::public_bytes`] returns: `str` for PEM, `bytes` for DER.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PublicBytes {
    /// PEM text.
    Pem(String),
    /// DER bytes.
    Der(Vec<u8>),
}

/// `_ssl.Certificate` (3.13+).
///
/// Equal when OpenSSL's `X509_cmp` says so (CPython's `==`); hashed by
/// `X509_subject_name_hash` (CPython's `hash()`).
#[derive(Clone)]
pub struct Certificate {
    x509: X509,
}

impl std::fmt::Debug for Certificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<Certificate '{}'>", self.subject_rfc2253())
    }
}

impl Certificate {
    /// A certificate from its DER bytes (what `get_verified_chain` gives).
    pub fn from_der(der: &[u8]) -> Result<Certificate> {
        X509::from_der(der)
            .map(|x509| Certificate { x509 })
            .map_err(|_| Error::value_error("invalid DER certificate"))
    }

    /// `cert.public_bytes(format)`: PEM text or DER bytes.
    pub fn public_bytes(&self, format: Encoding) -> Result<PublicBytes> {
        let failed = |_| Error::ssl_one_arg("failed to encode the certificate");
        Ok(match format {
            Encoding::Der => PublicBytes::Der(self.x509.to_der().map_err(failed)?),
            Encoding::Pem => PublicBytes::Pem(
                String::from_utf8_lossy(&self.x509.to_pem().map_err(failed)?).into_owned(),
            ),
        })
    }

    /// The DER bytes.
    pub fn to_der(&self) -> Vec<u8> {
        self.x509.to_der().unwrap_or_default()
    }

    /// `cert.get_info()`: the dict `getpeercert()` would give for it.
    pub fn get_info(&self, version: PythonVersion) -> Result<PeerCertificate> {
        PeerCertificate::from_x509_for(&self.x509, version)
    }

    /// The subject in RFC 2253 form, as `repr(cert)` shows it:
    /// `<Certificate 'CN=localhost,O=…'>`.
    pub fn subject_rfc2253(&self) -> String {
        ffi::x509::subject_rfc2253(&self.x509)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    }

    /// `hash(cert)`: `X509_subject_name_hash`.
    pub fn subject_name_hash(&self) -> u32 {
        self.x509.subject_name_hash()
    }
}

impl PartialEq for Certificate {
    fn eq(&self, other: &Certificate) -> bool {
        *self.x509 == *other.x509
    }
}

impl Eq for Certificate {}

impl Hash for Certificate {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.subject_name_hash().hash(state)
    }
}

//! Certificate decoding exactly as CPython's `ssl` module prints it.
//!
//! CPython turns an `X509` into a dict in one C function,
//! `_decode_certificate` in `Modules/_ssl.c`. That dict is what
//! `SSLSocket.getpeercert()` (and `SSLObject.getpeercert()`) returns for a
//! validated peer, what `SSLContext.get_ca_certs()` lists, and what the
//! private test helper `_ssl._test_decode_cert(path)` returns. This module is
//! that function: [`PeerCertificate::from_x509`] builds the value,
//! [`PeerCertificate::to_json`] serialises it as `json.dumps(dict)` would, and
//! [`crate::functions::decode_cert`] is `_ssl._test_decode_cert`.
//!
//! What CPython does, and so what this module does:
//!
//! * `subject` / `issuer`: a tuple of RDNs; each RDN a tuple of
//!   `(name, value)` pairs, grouped by `X509_NAME_ENTRY_set` (multi-valued
//!   RDNs stay together). Names come from `OBJ_obj2txt(no_name=0)`: long
//!   names such as `commonName`, or the dotted OID. Values come from
//!   `ASN1_STRING_to_UTF8`, strictly decoded, NUL characters kept.
//! * `version`: `X509_get_version() + 1`.
//! * `serialNumber`: `i2a_ASN1_INTEGER` (uppercase hex, `-` for negative
//!   serials, and for serials longer than 35 bytes only the first 35 bytes
//!   followed by `"\\\n"`, because CPython reads one line with `BIO_gets`).
//! * `notBefore` / `notAfter`: `ASN1_TIME_print`, e.g.
//!   `"May  3 00:00:01 2969 GMT"`, or `"Bad time value"`.
//! * `subjectAltName` (only when the extension decodes): `DNS`, `email`,
//!   `URI` raw (NULs kept); `IP Address` as dotted IPv4, IPv6 as 8 uppercase
//!   hex groups without zero compression, `"<invalid>"` for other lengths;
//!   `DirName` nested; `Registered ID` via `i2t_ASN1_OBJECT` (so a known OID
//!   prints as its long name, e.g. `"TLS Web Server Authentication"`);
//!   everything else (othername, X400Name, EdiPartyName) is the first line of
//!   `GENERAL_NAME_print` split at the first `':'`, e.g.
//!   `("othername", "<unsupported>")` or `("othername", "UPN:user@realm")`.
//! * `OCSP` / `caIssuers`: URIs from authorityInfoAccess;
//!   `crlDistributionPoints`: fullName URIs, distribution points without a
//!   name skipped (CVE-2019-5010). Each key only when it has at least one URI.
//!
//! # Differences between CPython versions
//!
//! The dict has the same shape on 3.6–3.14, and on every certificate in
//! CPython's own test data the values are identical. CPython 3.6 differs on
//! unusual certificates, which is why the `*_for(…, minor)` variants exist
//! (3.7 through 3.13 behave identically):
//!
//! * 3.6 decodes every subjectAltName extension separately (so duplicates are
//!   concatenated and an undecodable one contributes nothing, leaving
//!   `subjectAltName: ()`); 3.7+ use `X509_get_ext_d2i`, which gives up on
//!   duplicates or on a decoding error, and then the key is absent.
//! * 3.6 prints `IP Address` with OpenSSL's `GENERAL_NAME_print`, so an
//!   address that is neither 4 nor 16 bytes long reads
//!   `"<invalid length=5>"` instead of `"<invalid>"`.
//! * 3.6's `_test_decode_cert` reads the file with `PEM_read_bio_X509_AUX`:
//!   it also accepts `TRUSTED CERTIFICATE` blocks, and rejects a certificate
//!   followed by bytes that are not valid trust settings. 3.7+ use
//!   `PEM_read_bio_X509`.
//! * When an attribute name cannot be converted to text (an OID of more than
//!   586 bytes, which `OBJ_obj2txt` refuses) 3.6–3.9 raise
//!   `SSLError("unknown error (_ssl.c:N)")`, 3.10+ a `SystemError` (a CPython
//!   bug); see [`CertDecodeError::python_type`].
//!
//! # Not reproduced
//!
//! CPython never clears OpenSSL's error queue after these calls, so inside a
//! long-lived interpreter an `SSLError` raised here may carry a stale
//! message from an earlier, unrelated failure (seen as
//! `"[ASN1] nested asn1 error"` where a fresh process says
//! `"unknown error"`). This module leaves the queue as it found it, and
//! reports what a fresh process reports.

use std::fmt;
use std::path::Path;

use openssl::x509::X509Ref;
#[cfg(feature = "serde")]
use serde_json::{Map, Value};

use crate::ffi::x509 as raw;
use crate::profile::PythonVersion;

/// One relative distinguished name: `(long attribute name, value)` pairs.
///
/// CPython: one inner tuple of `getpeercert()['subject']`, e.g.
/// `(('commonName', 'localhost'),)`.
#[doc(alias = "_create_tuple_for_X509_NAME")]
pub type Rdn = Vec<(String, String)>;

/// A subjectAltName value: text, or a directory name (`DirName`).
///
/// CPython: the second item of each `getpeercert()['subjectAltName']` pair.
#[doc(alias = "_get_peer_alt_names")]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AltNameValue {
    /// A `str` value (`DNS`, `email`, `URI`, `IP Address`, `Registered ID`,
    /// or the rest of a `GENERAL_NAME_print` line).
    Text(String),
    /// A `DirName`: a name tuple like `subject`.
    DirName(Vec<Rdn>),
}

/// A decoded certificate: CPython's `getpeercert()` dict.
///
/// CPython equivalent: the return value of `_decode_certificate` in
/// `Modules/_ssl.c`, as returned by `SSLSocket.getpeercert()`,
/// `SSLContext.get_ca_certs()` and `_ssl._test_decode_cert()`.
///
/// `PeerCertificate::default()` is the empty dict `{}`; set its fields to
/// build a certificate dict by hand (for [`crate::functions::match_hostname`],
/// as ported code passes a literal dict).
#[doc(alias = "getpeercert")]
#[doc(alias = "get_ca_certs")]
#[doc(alias = "_decode_certificate")]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct PeerCertificate {
    /// `'subject'`: the subject name, one [`Rdn`] per RDN.
    pub subject: Vec<Rdn>,
    /// `'issuer'`: the issuer name.
    pub issuer: Vec<Rdn>,
    /// `'version'`: `X509_get_version() + 1` (3 for X.509 v3).
    pub version: i64,
    /// `'serialNumber'`: uppercase hex from `i2a_ASN1_INTEGER`.
    #[doc(alias = "serialNumber")]
    pub serial_number: String,
    /// `'notBefore'`: `ASN1_TIME_print` output, e.g. `"Aug 29 14:23:16 2018 GMT"`.
    #[doc(alias = "notBefore")]
    pub not_before: String,
    /// `'notAfter'`: `ASN1_TIME_print` output.
    #[doc(alias = "notAfter")]
    pub not_after: String,
    /// `'subjectAltName'`: `(type, value)` pairs; `None` when CPython omits the key.
    #[doc(alias = "subjectAltName")]
    pub subject_alt_name: Option<Vec<(String, AltNameValue)>>,
    /// `'OCSP'`: authorityInfoAccess OCSP URIs; `None` when omitted.
    #[doc(alias = "OCSP")]
    pub ocsp: Option<Vec<String>>,
    /// `'caIssuers'`: authorityInfoAccess caIssuers URIs; `None` when omitted.
    #[doc(alias = "caIssuers")]
    pub ca_issuers: Option<Vec<String>>,
    /// `'crlDistributionPoints'`: CRL distribution point URIs; `None` when omitted.
    #[doc(alias = "crlDistributionPoints")]
    pub crl_distribution_points: Option<Vec<String>>,
}

/// What `getpeercert()` returns, on an `SSLSocket` or `SSLObject` whose
/// handshake is done: `None`, `{}` or the certificate's dict.
#[doc(alias = "getpeercert")]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PeerCert {
    /// `None`: the peer sent no certificate (a client asked for none, or a
    /// TLS-PSK handshake).
    #[doc(alias = "None")]
    NoCertificate,
    /// `{}`: the peer sent a certificate, but the context does not verify
    /// (`CERT_NONE`), and CPython does not decode what it did not validate.
    /// Its bytes are still available (`getpeercert_der`).
    NotValidated,
    /// The validated certificate, decoded as CPython's dict.
    Validated(Box<PeerCertificate>),
}

impl PeerCert {
    /// The decoded certificate, if it was validated.
    pub fn certificate(&self) -> Option<&PeerCertificate> {
        match self {
            PeerCert::Validated(c) => Some(c.as_ref()),
            _ => None,
        }
    }

    /// [`certificate`](Self::certificate), by value.
    pub fn into_certificate(self) -> Option<PeerCertificate> {
        match self {
            PeerCert::Validated(c) => Some(*c),
            _ => None,
        }
    }

    /// As `json.dumps(getpeercert())`: `null`, `{}` or the dict.
    #[cfg(feature = "serde")]
    pub fn to_json(&self) -> Value {
        match self {
            PeerCert::NoCertificate => Value::Null,
            PeerCert::NotValidated => Value::Object(Map::new()),
            PeerCert::Validated(c) => c.to_json(),
        }
    }
}

/// How a byte string failed CPython's strict UTF-8 decoding.
///
/// CPython: the `reason` attribute of the `UnicodeDecodeError`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Utf8DecodeFailure {
    /// `"invalid start byte"`.
    InvalidStartByte,
    /// `"invalid continuation byte"`.
    InvalidContinuationByte,
    /// `"unexpected end of data"`.
    UnexpectedEndOfData,
}

impl Utf8DecodeFailure {
    /// CPython's wording of the reason.
    pub fn as_str(self) -> &'static str {
        match self {
            Utf8DecodeFailure::InvalidStartByte => "invalid start byte",
            Utf8DecodeFailure::InvalidContinuationByte => "invalid continuation byte",
            Utf8DecodeFailure::UnexpectedEndOfData => "unexpected end of data",
        }
    }
}

/// The place in `Modules/_ssl.c` where an OpenSSL call failed; CPython embeds
/// its line number in the message (`"unknown error (_ssl.c:1093)"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenSslSite {
    /// `_asn1obj2py`: `OBJ_obj2txt` refused an attribute type OID (more than
    /// 586 bytes long).
    AttributeName,
    /// `_create_tuple_for_attribute`: `ASN1_STRING_to_UTF8` failed (an
    /// attribute value that is not a string type, e.g. a SEQUENCE).
    AttributeValue,
    /// `_get_peer_alt_names`: `i2t_ASN1_OBJECT` refused a registeredID.
    RegisteredId,
}

impl OpenSslSite {
    /// The `_ssl.c` line the given CPython release reports for this site (measured
    /// on the installed 3.6.15, 3.7.16, 3.8.18, 3.9.18, 3.10.13, 3.11.7,
    /// 3.12.1, 3.13.0 and 3.14.7). For [`OpenSslSite::AttributeName`] on 3.10+ it is
    /// the line of the `SSLError` chained as `__context__` of the
    /// `SystemError`.
    pub fn ssl_c_line(self, version: PythonVersion) -> Option<u32> {
        let minor = version.minor();
        let table: [u32; 9] = match self {
            OpenSslSite::AttributeName => [871, 1110, 1151, 1149, 1027, 1026, 1020, 1040, 1102],
            OpenSslSite::AttributeValue => [914, 1153, 1194, 1192, 1081, 1080, 1073, 1093, 1155],
            OpenSslSite::RegisteredId => [1168, 1381, 1422, 1420, 1311, 1310, 1303, 1323, 1385],
        };
        minor
            .checked_sub(6)
            .and_then(|i| table.get(usize::from(i)).copied())
    }
}

/// Why a certificate could not be decoded: each variant is one exception
/// CPython raises from `_decode_certificate` or `_ssl._test_decode_cert`.
///
/// [`CertDecodeError::python_type`] and [`CertDecodeError::python_str`] give
/// the exception's class name and `str()`.
#[doc(alias = "_test_decode_cert")]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CertDecodeError {
    /// `SSLError("Can't open file")`: `BIO_read_filename` (i.e. `fopen(path, "r")`) failed.
    CantOpenFile,
    /// `SSLError("Error decoding PEM-encoded file")`: no (valid) certificate
    /// in the file. A directory also ends up here, as in CPython.
    ErrorDecodingPem,
    /// `ValueError("embedded null byte")`: the path contains a NUL byte
    /// (CPython's `PyUnicode_FSConverter`).
    EmbeddedNulInPath,
    /// `SSLError("Can't malloc memory to read file")`: `BIO_new(BIO_s_file())` failed.
    FileBioAllocation,
    /// `SSLError("failed to allocate BIO")`: `BIO_new(BIO_s_mem())` failed.
    BioAllocation,
    /// `UnicodeDecodeError`: a value (DNS name, URI, attribute value, …) is
    /// not valid UTF-8; CPython decodes every value strictly.
    UnicodeDecode {
        /// The bytes being decoded (the exception's `object`).
        object: Vec<u8>,
        /// Start of the undecodable range.
        start: usize,
        /// End (exclusive) of the undecodable range.
        end: usize,
        /// Why it failed.
        reason: Utf8DecodeFailure,
    },
    /// `SSLError(code, "… (_ssl.c:N)")` from `_setSSLError(NULL, 0, …)`: an
    /// OpenSSL call failed (on 3.10+ a failure at
    /// [`OpenSslSite::AttributeName`] surfaces as a `SystemError`).
    OpenSsl {
        /// Where in `_ssl.c`.
        site: OpenSslSite,
        /// `ERR_peek_last_error()` at the time; 0 (the usual case: these
        /// calls fail without queueing an error) means `"unknown error"`.
        code: u64,
        /// `ERR_reason_error_string(code)`, if any.
        reason: Option<String>,
    },
    /// `ValueError("Invalid value %.200s")`: a `GENERAL_NAME_print` line
    /// without a `':'` (not produced by OpenSSL 3.0 for parsed certificates).
    InvalidGeneralName {
        /// The line CPython had in its buffer (up to the first NUL).
        printed: Vec<u8>,
    },
}

impl CertDecodeError {
    /// The Python exception class the given CPython release raises, e.g. `"SSLError"`.
    pub fn python_type(&self, version: PythonVersion) -> &'static str {
        let minor = version.minor();
        match self {
            CertDecodeError::CantOpenFile
            | CertDecodeError::ErrorDecodingPem
            | CertDecodeError::FileBioAllocation
            | CertDecodeError::BioAllocation => "SSLError",
            CertDecodeError::EmbeddedNulInPath | CertDecodeError::InvalidGeneralName { .. } => {
                "ValueError"
            }
            CertDecodeError::UnicodeDecode { .. } => "UnicodeDecodeError",
            CertDecodeError::OpenSsl { site, .. } => {
                if *site == OpenSslSite::AttributeName && minor >= 10 {
                    "SystemError"
                } else {
                    "SSLError"
                }
            }
        }
    }

    /// `str(exception)` as the given CPython release prints it. One-argument
    /// `SSLError`s print as a tuple repr, e.g.
    /// `"('Error decoding PEM-encoded file',)"`. `_ssl.c` line numbers are
    /// those of the installed builds, or `N` for an unknown version.
    pub fn python_str(&self, version: PythonVersion) -> String {
        let minor = version.minor();
        match self {
            CertDecodeError::CantOpenFile => "(\"Can't open file\",)".to_owned(),
            CertDecodeError::ErrorDecodingPem => "('Error decoding PEM-encoded file',)".to_owned(),
            CertDecodeError::EmbeddedNulInPath => "embedded null byte".to_owned(),
            CertDecodeError::FileBioAllocation => {
                "(\"Can't malloc memory to read file\",)".to_owned()
            }
            CertDecodeError::BioAllocation => "('failed to allocate BIO',)".to_owned(),
            CertDecodeError::UnicodeDecode {
                object,
                start,
                end,
                reason,
            } => {
                if end.saturating_sub(*start) == 1 {
                    format!(
                        "'utf-8' codec can't decode byte 0x{:02x} in position {}: {}",
                        object.get(*start).copied().unwrap_or(0),
                        start,
                        reason.as_str()
                    )
                } else {
                    format!(
                        "'utf-8' codec can't decode bytes in position {}-{}: {}",
                        start,
                        end.saturating_sub(1),
                        reason.as_str()
                    )
                }
            }
            CertDecodeError::OpenSsl { site, code, reason } => {
                if *site == OpenSslSite::AttributeName && minor >= 10 {
                    return "<class 'ssl.SSLError'> returned a result with an exception set"
                        .to_owned();
                }
                let line = site
                    .ssl_c_line(version)
                    .map_or_else(|| "N".to_owned(), |l| l.to_string());
                // With a non-zero code CPython also prefixes "[LIB: REASON] "
                // from its mnemonic tables (crate::error's business); only a
                // stale error left on the thread's queue can cause that here.
                let text = match (code, reason) {
                    (_, Some(r)) if *code != 0 => r.clone(),
                    _ => crate::error::unknown_error_text(version, *code),
                };
                format!("{} (_ssl.c:{})", text, line)
            }
            CertDecodeError::InvalidGeneralName { printed } => {
                let shown = &printed[..printed.len().min(200)];
                format!("Invalid value {}", String::from_utf8_lossy(shown))
            }
        }
    }

    /// The `_ssl.c` site, for [`CertDecodeError::OpenSsl`].
    pub fn openssl_site(&self) -> Option<OpenSslSite> {
        match self {
            CertDecodeError::OpenSsl { site, .. } => Some(*site),
            _ => None,
        }
    }
}

impl fmt::Display for CertDecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}",
            self.python_type(PythonVersion::LATEST),
            self.python_str(PythonVersion::LATEST)
        )
    }
}

impl std::error::Error for CertDecodeError {}

impl From<raw::BioAllocFailed> for CertDecodeError {
    fn from(_: raw::BioAllocFailed) -> Self {
        CertDecodeError::BioAllocation
    }
}

// ---------------------------------------------------------------------------
// CPython's C-level string handling
// ---------------------------------------------------------------------------

/// `PyUnicode_FromStringAndSize(buf, len)`: strict UTF-8, NULs kept.
fn py_str(bytes: &[u8]) -> Result<String, CertDecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let start = e.valid_up_to();
            let (end, reason) = match e.error_len() {
                None => (bytes.len(), Utf8DecodeFailure::UnexpectedEndOfData),
                Some(n) => {
                    // Bytes that can never start a sequence; anything else that
                    // failed did so on a continuation byte.
                    let lead = bytes[start];
                    if n == 1 && matches!(lead, 0x80..=0xC1 | 0xF5..=0xFF) {
                        (start + 1, Utf8DecodeFailure::InvalidStartByte)
                    } else {
                        (start + n, Utf8DecodeFailure::InvalidContinuationByte)
                    }
                }
            };
            Err(CertDecodeError::UnicodeDecode {
                object: bytes.to_vec(),
                start,
                end,
                reason,
            })
        }
    }
}

/// `BIO_gets(bio, buf, sizeof(buf)-1)` on a freshly filled memory BIO, with
/// CPython's `char buf[2048]`: at most 2046 bytes, and no further than the
/// first newline (which is included).
fn bio_gets(data: &[u8]) -> &[u8] {
    let max = raw::CPYTHON_BUF_SIZE - 2;
    let limit = data.len().min(max);
    match data[..limit].iter().position(|&b| b == b'\n') {
        Some(i) => &data[..=i],
        None => &data[..limit],
    }
}

fn openssl_error(site: OpenSslSite, failure: &raw::OpenSslFailure) -> CertDecodeError {
    CertDecodeError::OpenSsl {
        site,
        code: failure.code,
        reason: failure.reason.clone(),
    }
}

// ---------------------------------------------------------------------------
// The pieces of _decode_certificate
// ---------------------------------------------------------------------------

/// `_create_tuple_for_X509_NAME`.
fn decode_name(entries: &[raw::NameEntry]) -> Result<Vec<Rdn>, CertDecodeError> {
    let mut dn = Vec::new();
    let mut rdn: Rdn = Vec::new();
    let mut rdn_level: std::ffi::c_int = -1;
    for entry in entries {
        if rdn_level >= 0 && rdn_level != entry.set {
            dn.push(std::mem::take(&mut rdn));
        }
        rdn_level = entry.set;
        // _create_tuple_for_attribute: ASN1_STRING_to_UTF8, then
        // _asn1obj2py, then the strict decode of the value.
        let value = entry
            .value
            .as_ref()
            .map_err(|f| openssl_error(OpenSslSite::AttributeValue, f))?;
        let name = entry
            .name
            .as_ref()
            .map_err(|f| openssl_error(OpenSslSite::AttributeName, f))?;
        let name = py_str(name)?;
        let value = py_str(value)?;
        rdn.push((name, value));
    }
    if !rdn.is_empty() {
        dn.push(rdn);
    }
    Ok(dn)
}

/// The `default:` branch of `_get_peer_alt_names`: the first line of
/// `GENERAL_NAME_print`, split at the first `':'`.
fn split_printed(printed: &[u8]) -> Result<(String, AltNameValue), CertDecodeError> {
    let line = bio_gets(printed);
    // strchr() stops at the first NUL.
    let c_len = line.iter().position(|&b| b == 0).unwrap_or(line.len());
    let colon = line[..c_len]
        .iter()
        .position(|&b| b == b':')
        .ok_or_else(|| CertDecodeError::InvalidGeneralName {
            printed: line[..c_len].to_vec(),
        })?;
    let kind = py_str(&line[..colon])?;
    let rest = py_str(&line[colon + 1..])?;
    Ok((kind, AltNameValue::Text(rest)))
}

/// One entry of `_get_peer_alt_names`.
fn decode_general_name(
    name: &raw::GeneralName,
    minor: u8,
) -> Result<(String, AltNameValue), CertDecodeError> {
    let text = |kind: &str, bytes: &[u8]| -> Result<(String, AltNameValue), CertDecodeError> {
        Ok((kind.to_owned(), AltNameValue::Text(py_str(bytes)?)))
    };
    match name {
        raw::GeneralName::DirName(entries) => Ok((
            "DirName".to_owned(),
            AltNameValue::DirName(decode_name(entries)?),
        )),
        raw::GeneralName::Email(b) => text("email", b),
        raw::GeneralName::Dns(b) => text("DNS", b),
        raw::GeneralName::Uri(b) => text("URI", b),
        raw::GeneralName::RegisteredId { len, buf, failure } => {
            if *len < 0 {
                let failure = failure.clone().unwrap_or(raw::OpenSslFailure {
                    code: 0,
                    reason: None,
                });
                return Err(openssl_error(OpenSslSite::RegisteredId, &failure));
            }
            let len = *len as usize;
            if len >= buf.len() {
                return text("Registered ID", b"<INVALID>");
            }
            // len == 2047 reads the terminating NUL, exactly like CPython.
            text("Registered ID", &buf[..len])
        }
        raw::GeneralName::IpAddress { octets, printed } => {
            if minor <= 6 {
                return split_printed(printed);
            }
            let value = match octets.len() {
                4 => format!("{}.{}.{}.{}", octets[0], octets[1], octets[2], octets[3]),
                16 => octets
                    .chunks(2)
                    .map(|p| format!("{:X}", u16::from(p[0]) << 8 | u16::from(p[1])))
                    .collect::<Vec<_>>()
                    .join(":"),
                _ => "<invalid>".to_owned(),
            };
            Ok(("IP Address".to_owned(), AltNameValue::Text(value)))
        }
        raw::GeneralName::Other { printed, .. } => split_printed(printed),
    }
}

/// `_get_peer_alt_names`.
fn decode_alt_names(
    cert: &X509Ref,
    minor: u8,
) -> Result<Option<Vec<(String, AltNameValue)>>, CertDecodeError> {
    if minor <= 6 {
        let Some(extensions) = raw::subject_alt_names_per_extension(cert)? else {
            return Ok(None);
        };
        let mut out = Vec::new();
        for names in extensions.iter().flatten() {
            for name in names {
                out.push(decode_general_name(name, minor)?);
            }
        }
        return Ok(Some(out));
    }
    match raw::subject_alt_names(cert)? {
        None => Ok(None),
        Some(names) => names
            .iter()
            .map(|n| decode_general_name(n, minor))
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
    }
}

/// A list of raw URIs as `_get_aia_uri` / `_get_crl_dp` return it: `None`
/// when empty.
fn decode_uri_list(list: Option<Vec<Vec<u8>>>) -> Result<Option<Vec<String>>, CertDecodeError> {
    let Some(list) = list else { return Ok(None) };
    let uris = list
        .iter()
        .map(|u| py_str(u))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(if uris.is_empty() { None } else { Some(uris) })
}

impl PeerCertificate {
    /// Decode `cert` as CPython 3.13 (and 3.7–3.12) does.
    ///
    /// CPython equivalent: `_decode_certificate(cert)`, i.e. the dict of
    /// `getpeercert()` / `get_ca_certs()`.
    #[doc(alias = "getpeercert")]
    #[doc(alias = "get_ca_certs")]
    #[doc(alias = "_decode_certificate")]
    pub fn from_x509(cert: &X509Ref) -> crate::Result<PeerCertificate> {
        PeerCertificate::from_x509_for(cert, PythonVersion::LATEST)
    }

    /// Decode `cert` as the given CPython release does (`minor <= 6` selects 3.6's
    /// subjectAltName handling, see the [module documentation](self)).
    ///
    /// CPython equivalent: `_decode_certificate(cert)`.
    #[doc(alias = "getpeercert")]
    #[doc(alias = "_decode_certificate")]
    pub fn from_x509_for(cert: &X509Ref, version: PythonVersion) -> crate::Result<PeerCertificate> {
        PeerCertificate::decode(cert, version)
            .map_err(|e| crate::error::from_cert_decode(&e, version))
    }

    /// The decoding itself; its failure is the cause of the `Error` CPython
    /// raises ([`CertDecodeError`]).
    pub(crate) fn decode(
        cert: &X509Ref,
        version: PythonVersion,
    ) -> Result<PeerCertificate, CertDecodeError> {
        let minor = version.minor();
        let subject = decode_name(&raw::name_entries(cert.subject_name()))?;
        let issuer = decode_name(&raw::name_entries(cert.issuer_name()))?;
        // PyLong_FromLong(X509_get_version(certificate) + 1)
        let version = (raw::version(cert) as i64).wrapping_add(1);
        let serial_number = py_str(bio_gets(&raw::serial_number_text(cert)?))?;
        let not_before = py_str(bio_gets(&raw::validity_text(
            cert,
            raw::Validity::NotBefore,
        )?))?;
        let not_after = py_str(bio_gets(&raw::validity_text(
            cert,
            raw::Validity::NotAfter,
        )?))?;
        let subject_alt_name = decode_alt_names(cert, minor)?;
        let ocsp = decode_uri_list(raw::aia_uris(cert, raw::AccessMethod::Ocsp))?;
        let ca_issuers = decode_uri_list(raw::aia_uris(cert, raw::AccessMethod::CaIssuers))?;
        let crl_distribution_points = decode_uri_list(raw::crl_distribution_point_uris(cert))?;
        Ok(PeerCertificate {
            subject,
            issuer,
            version,
            serial_number,
            not_before,
            not_after,
            subject_alt_name,
            ocsp,
            ca_issuers,
            crl_distribution_points,
        })
    }

    /// The dict as `json.dumps(cert)` prints it: keys in CPython's insertion
    /// order (`subject`, `issuer`, `version`, `serialNumber`, `notBefore`,
    /// `notAfter`, then `subjectAltName`, `OCSP`, `caIssuers`,
    /// `crlDistributionPoints` only when present), tuples as arrays.
    ///
    /// The dict is the same on every CPython version; only its values can
    /// differ (see [`PeerCertificate::from_x509_for`]).
    #[doc(alias = "getpeercert")]
    #[cfg(feature = "serde")]
    pub fn to_json(&self) -> Value {
        fn name_json(name: &[Rdn]) -> Value {
            Value::Array(
                name.iter()
                    .map(|rdn| {
                        Value::Array(
                            rdn.iter()
                                .map(|(k, v)| {
                                    Value::Array(vec![
                                        Value::from(k.as_str()),
                                        Value::from(v.as_str()),
                                    ])
                                })
                                .collect(),
                        )
                    })
                    .collect(),
            )
        }
        fn strings(list: &[String]) -> Value {
            Value::Array(list.iter().map(|s| Value::from(s.as_str())).collect())
        }
        let mut m = Map::new();
        m.insert("subject".into(), name_json(&self.subject));
        m.insert("issuer".into(), name_json(&self.issuer));
        m.insert("version".into(), Value::from(self.version));
        m.insert(
            "serialNumber".into(),
            Value::from(self.serial_number.as_str()),
        );
        m.insert("notBefore".into(), Value::from(self.not_before.as_str()));
        m.insert("notAfter".into(), Value::from(self.not_after.as_str()));
        if let Some(san) = &self.subject_alt_name {
            let entries = san
                .iter()
                .map(|(kind, value)| {
                    let value = match value {
                        AltNameValue::Text(s) => Value::from(s.as_str()),
                        AltNameValue::DirName(name) => name_json(name),
                    };
                    Value::Array(vec![Value::from(kind.as_str()), value])
                })
                .collect();
            m.insert("subjectAltName".into(), Value::Array(entries));
        }
        if let Some(v) = &self.ocsp {
            m.insert("OCSP".into(), strings(v));
        }
        if let Some(v) = &self.ca_issuers {
            m.insert("caIssuers".into(), strings(v));
        }
        if let Some(v) = &self.crl_distribution_points {
            m.insert("crlDistributionPoints".into(), strings(v));
        }
        Value::Object(m)
    }
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Vec<u8> {
    path.to_string_lossy().into_owned().into_bytes()
}

/// `_ssl._test_decode_cert(path)` as the given CPython release does it; for
/// `minor <= 6` the file is read with `PEM_read_bio_X509_AUX` (which also
/// accepts `TRUSTED CERTIFICATE` blocks) and decoded with 3.6's rules.
#[doc(alias = "_test_decode_cert")]
pub(crate) fn decode_cert_file_for(
    path: &Path,
    version: PythonVersion,
) -> Result<PeerCertificate, CertDecodeError> {
    let c_path =
        std::ffi::CString::new(path_bytes(path)).map_err(|_| CertDecodeError::EmbeddedNulInPath)?;
    let old = version == PythonVersion::Py36;
    let cert = raw::read_pem_certificate_file(&c_path, old).map_err(|e| match e {
        raw::PemFileError::AllocFailed => CertDecodeError::FileBioAllocation,
        raw::PemFileError::CantOpen => CertDecodeError::CantOpenFile,
        raw::PemFileError::Decode => CertDecodeError::ErrorDecodingPem,
    })?;
    PeerCertificate::decode(&cert, version)
}

#[cfg(test)]
mod tests {
    use super::*;
    use openssl::asn1::{Asn1Integer, Asn1Time};
    use openssl::bn::BigNum;
    use openssl::ec::{EcGroup, EcKey};
    use openssl::hash::MessageDigest;
    use openssl::nid::Nid;
    use openssl::pkey::PKey;
    use openssl::x509::extension::SubjectAlternativeName;
    use openssl::x509::{X509Builder, X509Extension, X509NameBuilder, X509};
    use serde_json::json;

    /// A v3 certificate with subject C=XY, CN=localhost, a fixed serial and
    /// validity, and the extensions `extensions` makes.
    fn build(extensions: impl FnOnce(&X509Builder) -> Vec<X509Extension>) -> X509 {
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
        let key = PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap();
        let mut name = X509NameBuilder::new().unwrap();
        name.append_entry_by_nid(Nid::COUNTRYNAME, "XY").unwrap();
        name.append_entry_by_nid(Nid::COMMONNAME, "localhost")
            .unwrap();
        let name = name.build();
        let mut b = X509Builder::new().unwrap();
        b.set_version(2).unwrap();
        let serial =
            Asn1Integer::from_bn(&BigNum::from_hex_str("CB2D80995A69525C").unwrap()).unwrap();
        b.set_serial_number(&serial).unwrap();
        b.set_subject_name(&name).unwrap();
        b.set_issuer_name(&name).unwrap();
        b.set_not_before(&Asn1Time::from_str("20180829142316Z").unwrap())
            .unwrap();
        b.set_not_after(&Asn1Time::from_str("29690503000001Z").unwrap())
            .unwrap();
        b.set_pubkey(&key).unwrap();
        for ext in extensions(&b) {
            b.append_extension(ext).unwrap();
        }
        b.sign(&key, MessageDigest::sha256()).unwrap();
        b.build()
    }

    #[test]
    fn in_memory_certificate_matches_cpython_dict() {
        let cert = build(|b| {
            let ctx = b.x509v3_context(None, None);
            vec![SubjectAlternativeName::new()
                .dns("localhost")
                .ip("2001:db8::1")
                .build(&ctx)
                .unwrap()]
        });
        let decoded = PeerCertificate::from_x509(&cert).unwrap();
        let expected = json!({
            "subject": [[["countryName", "XY"]], [["commonName", "localhost"]]],
            "issuer": [[["countryName", "XY"]], [["commonName", "localhost"]]],
            "version": 3,
            "serialNumber": "CB2D80995A69525C",
            "notBefore": "Aug 29 14:23:16 2018 GMT",
            "notAfter": "May  3 00:00:01 2969 GMT",
            "subjectAltName": [["DNS", "localhost"], ["IP Address", "2001:DB8:0:0:0:0:0:1"]],
        });
        // Same value, and the same key order as json.dumps(getpeercert()).
        assert_eq!(decoded.to_json(), expected);
        assert_eq!(decoded.to_json().to_string(), expected.to_string());
        // 3.6 prints IP addresses with OpenSSL's GENERAL_NAME_print, which ends an IPv6
        // address with a newline before OpenSSL 3.0 (observed with 1.1.1w).
        let py36 = PeerCertificate::from_x509_for(&cert, PythonVersion::Py36).unwrap();
        if openssl::version::number() >= 0x3000_0000 {
            assert_eq!(py36, decoded);
        } else {
            assert_eq!(
                py36.to_json()["subjectAltName"][1],
                json!(["IP Address", "2001:DB8:0:0:0:0:0:1\n"])
            );
        }
        assert_eq!(
            decoded.subject,
            vec![
                vec![("countryName".to_owned(), "XY".to_owned())],
                vec![("commonName".to_owned(), "localhost".to_owned())]
            ]
        );
    }

    /// A subjectAltName given as raw DER (OpenSSL's `DER:` extension syntax).
    #[allow(deprecated)]
    fn raw_san(der_hex: &str) -> X509Extension {
        X509Extension::new_nid(
            None,
            None,
            Nid::SUBJECT_ALT_NAME,
            &format!("DER:{}", der_hex),
        )
        .unwrap()
    }

    #[test]
    fn python36_differs_on_odd_ip_lengths_and_duplicate_san() {
        // SEQUENCE { [7] 01 02 03 04 05, [7] 7f 00 00 01 }
        let cert = build(|_| vec![raw_san("300d8705010203040587047f000001")]);
        let new = PeerCertificate::from_x509(&cert).unwrap();
        let old = PeerCertificate::from_x509_for(&cert, PythonVersion::Py36).unwrap();
        assert_eq!(
            new.to_json()["subjectAltName"],
            json!([["IP Address", "<invalid>"], ["IP Address", "127.0.0.1"]])
        );
        // GENERAL_NAME_print's words for it: OpenSSL 3.0 gives the length, 1.1.1w not.
        let odd = if openssl::version::number() >= 0x3000_0000 {
            "<invalid length=5>"
        } else {
            "<invalid>"
        };
        assert_eq!(
            old.to_json()["subjectAltName"],
            json!([["IP Address", odd], ["IP Address", "127.0.0.1"]])
        );

        // Two subjectAltName extensions: 3.7+ omit the key, 3.6 concatenates.
        let cert = build(|_| vec![raw_san("300582036f6e65"), raw_san("3005820374776f")]);
        assert_eq!(
            PeerCertificate::from_x509(&cert).unwrap().subject_alt_name,
            None
        );
        assert!(!PeerCertificate::from_x509(&cert)
            .unwrap()
            .to_json()
            .as_object()
            .unwrap()
            .contains_key("subjectAltName"));
        assert_eq!(
            PeerCertificate::from_x509_for(&cert, PythonVersion::Py36)
                .unwrap()
                .to_json()["subjectAltName"],
            json!([["DNS", "one"], ["DNS", "two"]])
        );
    }

    #[test]
    fn other_name_types_use_general_name_print() {
        // otherName UPN "u@r", registeredID 1.3.6.1.5.5.7.3.1, DNS "a\0b",
        // x400Address, ediPartyName "p".
        let cert = build(|_| {
            vec![raw_san(
                "302fa013060a2b060104018237140203a0050c0375407288082b060105050703018203610062a3023000a505a1030c0170",
            )]
        });
        // GENERAL_NAME_print names a UPN from OpenSSL 3.0 on; 1.1.1w says `<unsupported>`.
        let upn = if openssl::version::number() >= 0x3000_0000 {
            "UPN:u@r"
        } else {
            "<unsupported>"
        };
        let expected = json!([
            ["othername", upn],
            ["Registered ID", "TLS Web Server Authentication"],
            ["DNS", "a\0b"],
            ["X400Name", "<unsupported>"],
            ["EdiPartyName", "<unsupported>"],
        ]);
        for v in [PythonVersion::Py36, PythonVersion::Py313] {
            let decoded = PeerCertificate::from_x509_for(&cert, v).unwrap();
            assert_eq!(decoded.to_json()["subjectAltName"], expected);
        }
    }

    #[test]
    fn utf8_errors_read_like_python() {
        let e = py_str(b"bad\xff").unwrap_err();
        assert_eq!(
            e.python_str(PythonVersion::Py313),
            "'utf-8' codec can't decode byte 0xff in position 3: invalid start byte"
        );
        let e = py_str(b"ab\xe2\x82").unwrap_err();
        assert_eq!(
            e.python_str(PythonVersion::Py313),
            "'utf-8' codec can't decode bytes in position 2-3: unexpected end of data"
        );
        let e = py_str(b"x\xe2\x28\xa1").unwrap_err();
        assert_eq!(
            e.python_str(PythonVersion::Py313),
            "'utf-8' codec can't decode byte 0xe2 in position 1: invalid continuation byte"
        );
        assert_eq!(py_str(b"a\0b").unwrap(), "a\0b");
    }

    #[test]
    fn bio_gets_reads_one_line_of_at_most_2046_bytes() {
        assert_eq!(bio_gets(b"ab\ncd"), b"ab\n");
        assert_eq!(bio_gets(&[b'x'; 3000]).len(), 2046);
        assert_eq!(bio_gets(b""), b"");
    }

    #[test]
    fn error_messages() {
        assert_eq!(
            CertDecodeError::ErrorDecodingPem.python_str(PythonVersion::Py36),
            "('Error decoding PEM-encoded file',)"
        );
        assert_eq!(
            CertDecodeError::CantOpenFile.python_str(PythonVersion::Py313),
            "(\"Can't open file\",)"
        );
        let e = CertDecodeError::OpenSsl {
            site: OpenSslSite::RegisteredId,
            code: 0,
            reason: None,
        };
        assert_eq!(e.python_type(PythonVersion::Py313), "SSLError");
        assert_eq!(
            e.python_str(PythonVersion::Py313),
            "unknown error (_ssl.c:1323)"
        );
        let e = CertDecodeError::OpenSsl {
            site: OpenSslSite::AttributeName,
            code: 0,
            reason: None,
        };
        assert_eq!(e.python_type(PythonVersion::Py39), "SSLError");
        assert_eq!(e.python_type(PythonVersion::Py310), "SystemError");
    }

    #[test]
    fn missing_file() {
        let e = decode_cert_file_for(Path::new("/nonexistent/cert.pem"), PythonVersion::LATEST)
            .unwrap_err();
        assert_eq!(e, CertDecodeError::CantOpenFile);
        assert_eq!(
            decode_cert_file_for(Path::new("a\0b"), PythonVersion::LATEST).unwrap_err(),
            CertDecodeError::EmbeddedNulInPath
        );
    }
}

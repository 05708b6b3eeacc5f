//! The module-level functions of CPython's `ssl`: certificate time and
//! PEM/DER conversion, the default verify paths, the RAND functions, the
//! OpenSSL version numbers, `get_protocol_name`, `_ssl._test_decode_cert` and
//! the `_ASN1Object` lookups.
//!
//! Each function behaves as the CPython release you name (the `*_for`
//! variants take a [`PythonVersion`]; the others behave as
//! [`PythonVersion::LATEST`], 3.14), down to
//! the text of the exceptions:
//!
//! ```
//! use pyssl::functions::{cert_time_to_seconds, der_cert_to_pem_cert, pem_cert_to_der_cert};
//!
//! assert_eq!(cert_time_to_seconds("Jan  5 09:34:43 2018 GMT")?, 1515144883);
//! let err = cert_time_to_seconds("Jan  5 09:34:43 2018 UTC").unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "time data '  5 09:34:43 2018 UTC' does not match format ' %d %H:%M:%S %Y GMT'"
//! );
//! let pem = der_cert_to_pem_cert(b"ab");
//! assert_eq!(pem, "-----BEGIN CERTIFICATE-----\nYWI=\n-----END CERTIFICATE-----\n");
//! assert_eq!(pem_cert_to_der_cert(&pem)?, b"ab");
//! # Ok::<(), pyssl::Error>(())
//! ```
//!
//! # Where the behaviour comes from
//!
//! * `cert_time_to_seconds` is Python code in `ssl.py` over `time.strptime`
//!   and `calendar.timegm`: the month is matched by `cert_time[:3].title()`,
//!   the rest by `strptime`'s regular expression for `' %d %H:%M:%S %Y GMT'`
//!   (case-insensitive, `\s` and `\d` in their Unicode meaning). That is
//!   reproduced here, including which Unicode digits each release's Unicode
//!   database knows and how `repr()` escapes the input in the message.
//! * `DER_cert_to_PEM_cert` / `PEM_cert_to_DER_cert` are `ssl.py` over
//!   `base64` / `binascii`, reproduced in Rust (`binascii.a2b_base64`'s
//!   lenient decoding included).
//! * The rest are thin wrappers over OpenSSL, as in `_ssl.c`.
//!
//! # Known differences
//!
//! * A `base64` decoding failure in [`pem_cert_to_der_cert`] is
//!   `binascii.Error` in CPython (a `ValueError` subclass); [`ErrorKind`]
//!   has no such class, so it is reported as [`ErrorKind::Value`] with
//!   CPython's message.
//! * If the buffer of [`rand_bytes`] cannot be allocated CPython raises
//!   `MemoryError`, which [`ErrorKind`] lacks: it is reported as
//!   [`ErrorKind::System`] with the text `"MemoryError"`.
//! * `PEM_cert_to_DER_cert(b'...')` (bytes instead of str, a `TypeError`)
//!   cannot be expressed: the argument is a `&str`.

use std::path::{Path, PathBuf};

#[cfg(feature = "serde")]
use serde_json::{json, Value};

use crate::cert::PeerCertificate;
use crate::error::{Arg, Error, ErrorKind, Result};
use crate::ffi::misc;
use crate::options::Protocol;
use crate::profile::PythonVersion;

mod asn1;
mod cert_time;
mod paths;
mod pem;
mod rand;

pub use asn1::*;
pub use cert_time::*;
pub use paths::*;
pub use pem::*;
pub use rand::*;

/// An `int` argument converted to C `int` as CPython's argument parser does.
fn c_int_arg(n: i64, version: PythonVersion) -> Result<i32> {
    i32::try_from(n).map_err(|_| {
        let msg = if version.at_least(8) {
            "Python int too large to convert to C int"
        } else if n > 0 {
            "signed integer is greater than maximum"
        } else {
            "signed integer is less than minimum"
        };
        Error::overflow_error(msg).for_version(version)
    })
}

/// `str.isspace()` / regex `\s` (the same set on every release 3.6–3.14).
fn py_is_space(c: char) -> bool {
    matches!(
        c as u32,
        0x09..=0x0D
            | 0x1C..=0x20
            | 0x85
            | 0xA0
            | 0x1680
            | 0x2000..=0x200A
            | 0x2028
            | 0x2029
            | 0x202F
            | 0x205F
            | 0x3000
    )
}

// ---------------------------------------------------------------------------
// OpenSSL version
// ---------------------------------------------------------------------------

/// `(major, minor, fix, patch, status)` from an `OPENSSL_VERSION_NUMBER`,
/// as `_ssl.c`'s `parse_openssl_version` splits it.
fn parse_openssl_version(n: u64) -> (u32, u32, u32, u32, u32) {
    let n = n as u32;
    (
        (n >> 28) & 0xff,
        (n >> 20) & 0xff,
        (n >> 12) & 0xff,
        (n >> 4) & 0xff,
        n & 0xf,
    )
}

/// The version text of the OpenSSL library in use, e.g.
/// `"OpenSSL 3.0.19 27 Jan 2026"`.
///
/// CPython equivalent: `ssl.OPENSSL_VERSION` (`OpenSSL_version(OPENSSL_VERSION)`).
#[doc(alias = "OPENSSL_VERSION")]
pub fn openssl_version() -> &'static str {
    openssl::version::version()
}

/// The version number of the OpenSSL library in use, e.g. `0x30000130`.
///
/// CPython equivalent: `ssl.OPENSSL_VERSION_NUMBER` (`OpenSSL_version_num()`).
#[doc(alias = "OPENSSL_VERSION_NUMBER")]
pub fn openssl_version_number() -> u64 {
    openssl::version::number() as u64
}

/// The version of the OpenSSL library in use as `(major, minor, fix,
/// patch, status)`, e.g. `(3, 0, 0, 19, 0)` for 3.0.19.
///
/// CPython equivalent: `ssl.OPENSSL_VERSION_INFO`.
#[doc(alias = "OPENSSL_VERSION_INFO")]
pub fn openssl_version_info() -> (u32, u32, u32, u32, u32) {
    parse_openssl_version(openssl_version_number())
}

/// The OpenSSL headers this crate was compiled against, as
/// `(major, minor, fix, patch, status)`.
///
/// CPython equivalent: `_ssl._OPENSSL_API_VERSION` (from the
/// `OPENSSL_VERSION_NUMBER` macro at build time). If the build script could
/// not learn the number (it is told by `openssl-sys`), the library in use
/// answers instead.
#[doc(alias = "_OPENSSL_API_VERSION")]
pub fn openssl_api_version() -> (u32, u32, u32, u32, u32) {
    parse_openssl_version(openssl_api_version_number())
}

/// `OPENSSL_VERSION_NUMBER` of the headers this crate was compiled against
/// (the library in use when the build script could not learn it): what
/// CPython's compile-time choices, such as its error-name table, depend on.
pub(crate) fn openssl_api_version_number() -> u64 {
    option_env!("PYSSL_OPENSSL_BUILD_VERSION_NUMBER")
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or_else(openssl_version_number)
}

// ---------------------------------------------------------------------------
// get_protocol_name
// ---------------------------------------------------------------------------

/// The `PROTOCOL_*` name of a protocol number, or `"<unknown>"`.
///
/// CPython equivalent: `ssl.get_protocol_name(protocol_code)`: `2` gives
/// `"PROTOCOL_TLS"` (never the alias `PROTOCOL_SSLv23`), `16`
/// `"PROTOCOL_TLS_CLIENT"`, and so on.
pub fn get_protocol_name(code: i64) -> &'static str {
    [
        Protocol::Tls,
        Protocol::TlsV1,
        Protocol::TlsV1_1,
        Protocol::TlsV1_2,
        Protocol::TlsClient,
        Protocol::TlsServer,
    ]
    .into_iter()
    .find(|p| p.value() == code)
    .map_or("<unknown>", Protocol::name)
}

// ---------------------------------------------------------------------------
// _test_decode_cert
// ---------------------------------------------------------------------------

/// Decodes the first certificate of a PEM file into the dict
/// `getpeercert()` returns, as CPython 3.13 does.
///
/// CPython equivalent: `_ssl._test_decode_cert(path)`. Errors are CPython's:
/// `SSLError("Can't open file")` (printed `("Can't open file",)`),
/// `SSLError("Error decoding PEM-encoded file")`, `ValueError("embedded
/// null byte")`, `UnicodeDecodeError` for a value that is not UTF-8, …
/// (see [`crate::cert::CertDecodeError`]).
#[doc(alias = "_test_decode_cert")]
pub fn decode_cert(path: impl AsRef<Path>) -> Result<PeerCertificate> {
    decode_cert_for(path, PythonVersion::LATEST)
}

/// [`decode_cert`] as CPython `version` does it (3.6 reads the file with
/// `PEM_read_bio_X509_AUX` and decodes subjectAltName its own way; see
/// [`crate::cert`]).
///
/// CPython equivalent: `_ssl._test_decode_cert(path)`.
#[doc(alias = "_test_decode_cert")]
pub fn decode_cert_for(path: impl AsRef<Path>, version: PythonVersion) -> Result<PeerCertificate> {
    crate::cert::decode_cert_file_for(path.as_ref(), version)
        .map_err(|e| crate::error::from_cert_decode(&e, version))
}

pub use crate::hostname::match_hostname;

/// `ssl.get_server_certificate(addr, ssl_version=…, ca_certs=None,
/// timeout=…)`: connects, takes the server's certificate (verified against
/// `ca_certs` when given, otherwise not at all) and returns it as PEM.
///
/// `ssl_version` defaults as in CPython (`PROTOCOL_TLS_CLIENT` from 3.10,
/// `PROTOCOL_TLS` before); 3.10+ also send `host` as SNI. `timeout` bounds
/// the connection and the handshake (3.10+ has the argument; before, pass
/// `None`).
pub fn get_server_certificate(
    addr: (&str, u16),
    ssl_version: Option<crate::Protocol>,
    ca_certs: Option<&Path>,
    timeout: Option<std::time::Duration>,
    version: PythonVersion,
) -> Result<String> {
    use std::net::ToSocketAddrs;
    let (host, port) = addr;
    let cert_reqs = if ca_certs.is_some() {
        crate::VerifyMode::CertRequired
    } else {
        crate::VerifyMode::CertNone
    };
    let ctx =
        crate::context::create_stdlib_context(version, ssl_version, Some(cert_reqs), ca_certs)?;
    // socket.create_connection: every resolved address in turn, the last
    // error if none connects.
    let mut last: Option<std::io::Error> = None;
    let mut sock = None;
    for a in (host, port).to_socket_addrs()? {
        let r = match timeout {
            Some(t) => std::net::TcpStream::connect_timeout(&a, t),
            None => std::net::TcpStream::connect(a),
        };
        match r {
            Ok(s) => {
                sock = Some(s);
                break;
            }
            Err(e) => last = Some(e),
        }
    }
    let sock = match (sock, last) {
        (Some(s), _) => s,
        (None, Some(e)) => return Err(e.into()),
        (None, None) => return Err(Error::os_error(libc::EADDRNOTAVAIL, None).for_version(version)),
    };
    let mut opts = crate::WrapOptions::new().do_handshake_on_connect(false);
    if version.at_least(10) {
        opts = opts.server_hostname(host);
    }
    let mut s = ctx.wrap_socket(sock, opts)?;
    s.settimeout(timeout)?;
    s.do_handshake()?;
    let der = s.getpeercert_der()?.unwrap_or_default();
    Ok(der_cert_to_pem_cert_for(&der, version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cert_time_examples() {
        assert_eq!(
            cert_time_to_seconds("Jan  5 09:34:43 2018 GMT"),
            Ok(1515144883)
        );
        assert_eq!(
            cert_time_to_seconds("jan 5 09:34:43 2018 gmt"),
            Ok(1515144883)
        );
        assert_eq!(
            cert_time_to_seconds("Dec 31 23:59:60 2008 GMT"),
            Ok(1230768000)
        );
        assert_eq!(
            cert_time_to_seconds("Mar  1 00:00:00 9999 GMT"),
            Ok(253375862400)
        );
        assert_eq!(
            cert_time_to_seconds("Jan 1 0:0:0 0001 GMT"),
            Ok(-62135596800)
        );
        assert_eq!(
            cert_time_to_seconds("\u{17f}ep  5 09:34:43 2018 GMT"),
            Ok(1536140083)
        );
        let e = cert_time_to_seconds("xyz").unwrap_err();
        assert_eq!(e.python_type(), "ValueError");
        assert_eq!(
            e.to_string(),
            "time data 'xyz' does not match format \"%b %d %H:%M:%S %Y GMT\""
        );
        let e = cert_time_to_seconds("Jan  5 09:34:43 2018 GMTxyz").unwrap_err();
        assert_eq!(e.to_string(), "unconverted data remains: xyz");
        let e = cert_time_to_seconds("Jan  5 09:34:43 0000 GMT").unwrap_err();
        assert_eq!(e.to_string(), "year must be in 1..9999, not 0");
        let e =
            cert_time_to_seconds_for("Jan  5 09:34:43 0000 GMT", PythonVersion::Py313).unwrap_err();
        assert_eq!(e.to_string(), "year 0 is out of range");
    }

    #[test]
    fn unicode_digits_follow_the_release() {
        let s = "Jan 5 09:34:43 \u{11950}\u{11951}\u{11952}\u{11953} GMT";
        assert_eq!(
            cert_time_to_seconds_for(s, PythonVersion::Py39),
            Ok(-58285319117)
        );
        let e = cert_time_to_seconds_for(s, PythonVersion::Py38).unwrap_err();
        assert_eq!(
            e.to_string(),
            "time data ' 5 09:34:43 \\U00011950\\U00011951\\U00011952\\U00011953 GMT' \
             does not match format ' %d %H:%M:%S %Y GMT'"
        );
        // Unicode 16 (CPython 3.14) adds Garay digits: observed, 3.14.7 reads
        // day "1\u{10D45}" as 15, 3.13.0 refuses it and escapes it in repr.
        let s = "Jan 1\u{10D45} 09:34:43 2018 GMT";
        assert_eq!(
            cert_time_to_seconds_for(s, PythonVersion::Py314),
            Ok(1516008883)
        );
        let e = cert_time_to_seconds_for(s, PythonVersion::Py313).unwrap_err();
        assert_eq!(
            e.to_string(),
            "time data ' 1\\U00010d45 09:34:43 2018 GMT' does not match format ' %d %H:%M:%S %Y GMT'"
        );
    }

    #[test]
    fn pem_and_der() {
        assert_eq!(
            der_cert_to_pem_cert_for(b"", PythonVersion::Py36),
            "-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----\n"
        );
        assert_eq!(
            der_cert_to_pem_cert(b""),
            "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"
        );
        let data: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        let pem = der_cert_to_pem_cert(&data);
        assert!(pem.lines().all(|l| l.len() <= 64));
        assert_eq!(pem_cert_to_der_cert(&pem), Ok(data));
        assert_eq!(
            pem_cert_to_der_cert("-----BEGIN CERTIFICATE-----END CERTIFICATE-----"),
            Ok(Vec::new())
        );
        let body = |b: &str| format!("{PEM_HEADER}\n{b}\n{PEM_FOOTER}");
        assert_eq!(pem_cert_to_der_cert(&body("AB=C=")), Ok(vec![0, 0x10]));
        // Observed: 3.13 stops at the first complete padding, 3.14 reads on.
        let v13 = PythonVersion::Py313;
        assert_eq!(
            pem_cert_to_der_cert_for(&body("YWI=YWI="), v13),
            Ok(b"ab".to_vec())
        );
        let e = pem_cert_to_der_cert(&body("YWI=YWI=")).unwrap_err();
        assert_eq!(e.to_string(), "Incorrect padding");
        assert_eq!(
            pem_cert_to_der_cert_for(&body("YW==Jj"), v13),
            Ok(b"a".to_vec())
        );
        assert_eq!(pem_cert_to_der_cert(&body("YW==Jj")), Ok(b"abc".to_vec()));
        let e = pem_cert_to_der_cert(&body("AAAAA")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Invalid base64-encoded string: number of data characters (5) cannot be 1 more than a multiple of 4"
        );
        let e = pem_cert_to_der_cert_for(&body("AAAAA"), PythonVersion::Py36).unwrap_err();
        assert_eq!(e.to_string(), "Incorrect padding");
        let e = pem_cert_to_der_cert(&body("A\u{e9}\u{e9}B")).unwrap_err();
        assert_eq!(e.python_type(), "UnicodeEncodeError");
        assert_eq!(
            e.to_string(),
            "'ascii' codec can't encode characters in position 2-3: ordinal not in range(128)"
        );
    }

    #[test]
    fn rand_and_versions() {
        assert_eq!(rand_bytes(0), Ok(Vec::new()));
        assert_eq!(rand_bytes(16).map(|b| b.len()), Ok(16));
        assert_eq!(
            rand_bytes(-1).unwrap_err().to_string(),
            "num must be positive"
        );
        let e = rand_bytes_for(1 << 31, PythonVersion::Py37).unwrap_err();
        assert_eq!(e.python_type(), "OverflowError");
        assert_eq!(e.to_string(), "signed integer is greater than maximum");
        assert!(rand_status());
        rand_add(b"x", 1.5);
        rand_add(b"", 0.0);
        let (major, ..) = openssl_version_info();
        assert!(openssl_version().starts_with(&format!("OpenSSL {major}.")));
        assert_eq!(get_protocol_name(2), "PROTOCOL_TLS");
        assert_eq!(get_protocol_name(999), "<unknown>");
    }

    #[test]
    fn asn1_objects() {
        let server = Asn1Object::from(crate::options::Purpose::ServerAuth);
        assert_eq!(Asn1Object::from_nid(129), Ok(server.clone()));
        assert_eq!(Asn1Object::from_name("serverAuth"), Ok(server.clone()));
        assert_eq!(Asn1Object::from_oid("1.3.6.1.5.5.7.3.1"), Ok(server));
        assert_eq!(Asn1Object::from_nid(855).map(|o| o.oid), Ok(None));
        let msg = |r: Result<Asn1Object>| r.unwrap_err().to_string();
        assert_eq!(msg(Asn1Object::from_oid("1.2.3")), "Unknown object");
        assert_eq!(
            msg(Asn1Object::from_oid("garbage")),
            "unknown object 'garbage'"
        );
        assert_eq!(msg(Asn1Object::from_nid(0)), "Unknown object");
        assert_eq!(msg(Asn1Object::from_nid(-1)), "NID must be positive.");
        assert_eq!(msg(Asn1Object::from_nid(99999)), "unknown NID 99999");
        assert_eq!(
            msg(Asn1Object::from_name("a\0b")),
            "embedded null character"
        );
        assert_eq!(
            msg(Asn1Object::from_name(&"\u{20ac}".repeat(50))),
            format!("unknown object '{}'", "\u{20ac}".repeat(33))
        );
        assert_eq!(
            Asn1Object::from_name_for(&"\u{20ac}".repeat(50), PythonVersion::Py313)
                .unwrap_err()
                .to_string(),
            format!("unknown object '{}\u{fffd}'", "\u{20ac}".repeat(33))
        );
    }
}

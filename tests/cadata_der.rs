//! `load_verify_locations(cadata=der + trailing bytes)`: CPython 3.12
//! changed where concatenated DER ends. Up to 3.11 a read that fails with
//! `[ASN1: HEADER_TOO_LONG]` counts as the end of the data; from 3.12 only
//! the end of the data does (`BIO_eof`), so trailing bytes are an error.
//! Observed on this OpenSSL with `certs/ca.pem` as DER (found by CPython's
//! `test_ssl.ContextTests.test_load_verify_cadata`):
//!
//! | cadata | 3.11.7 | 3.12.1, 3.13.0, 3.14.7 |
//! |---|---|---|
//! | `der + b"A"` | loaded, 1 CA | `SSLError(123, '[ASN1: HEADER_TOO_LONG] header too long')` |
//! | `der + b"\0"` | loaded, 1 CA | `SSLError(123, '[ASN1: HEADER_TOO_LONG] header too long')` |
//! | `der + der[:10]` | `SSLError(142, '[ASN1: NOT_ENOUGH_DATA] not enough data')` | the same |

mod common;

use pyssl::{CaData, Protocol, PythonVersion, SslContext};

fn ca_der() -> Vec<u8> {
    let pem = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/certs/ca.pem"))
        .expect("certs/ca.pem");
    pyssl::functions::pem_cert_to_der_cert(&pem).expect("DER")
}

/// `Ok(x509_ca)` or `Err((errno, str))`.
fn load(v: PythonVersion, data: &[u8]) -> Result<usize, (Option<i64>, String)> {
    let ctx = SslContext::with_version(Protocol::TlsClient, v).expect("context");
    match ctx.load_verify_locations(None, None, Some(CaData::Der(data))) {
        Ok(()) => Ok(ctx.cert_store_stats().x509_ca),
        Err(e) => {
            assert_eq!(e.python_type(), "SSLError", "{v}: {e}");
            Err((e.errno(), e.to_string()))
        }
    }
}

#[test]
fn trailing_bytes_after_der_cadata_follow_the_release() {
    // The table above is what CPython did on the OpenSSL of tests/golden/; OpenSSL 3.0.21+
    // and 3.6 fail DER alone (`[ASN1: NOT_ENOUGH_DATA]`, a regression CPython shares).
    if !common::on_golden_openssl("cadata_der's table") {
        return;
    }
    let der = ca_der();
    let header_too_long = Err((
        Some(123),
        "[ASN1: HEADER_TOO_LONG] header too long".to_string(),
    ));
    let not_enough = Err((
        Some(142),
        "[ASN1: NOT_ENOUGH_DATA] not enough data".to_string(),
    ));
    for &v in PythonVersion::ALL.iter().filter(|v| v.at_least(8)) {
        let with = |tail: &[u8]| [der.as_slice(), tail].concat();
        assert_eq!(load(v, &der), Ok(1), "{v}: DER alone");
        let expect_trailing = if v.at_least(12) {
            header_too_long.clone()
        } else {
            Ok(1)
        };
        assert_eq!(load(v, &with(b"A")), expect_trailing, "{v}: der + b'A'");
        assert_eq!(load(v, &with(b"\0")), expect_trailing, "{v}: der + b'\\0'");
        assert_eq!(
            load(v, &with(&der[..10])),
            not_enough,
            "{v}: der + der[:10]"
        );
    }
}

//! `_ssl._test_decode_cert(path)` against CPython's own output.
//!
//! `tests/golden/oracle-3.X.json` (X = 6..13) holds, in its section
//! `test_decode_cert`, what CPython 3.X returned for every `*.pem` file of
//! its own test-data directory (`interpreter.certdir_own`), plus
//! `"<missing file>"` for `/nonexistent/cert.pem`: `{"ok": dict}` or
//! `{"error": {"type", "str", "str_normalized", …}}`. The golden files are
//! dumped with sorted keys, so dicts are compared as values here; the key
//! order of `to_json()` is covered by the unit tests in `src/cert.rs`.
//!
//! The PEM files live inside the pyenv installations, so a version whose
//! certificate directory is absent on this machine is skipped with a note.
//!
//! A second test, `decode_cert_edge_cases_match_cpython`, needs no CPython
//! installation: it carries unusual certificates (built byte by byte, with
//! garbage signatures) together with what CPython 3.13, 3.14 and 3.6 returned
//! for them, each from a fresh interpreter (3.7–3.12 agree with 3.13 apart from
//! `_ssl.c` line numbers, and 3.7–3.9 raise `SSLError` where 3.10+ raise
//! `SystemError` for `name_huge_oid.pem`).

mod common;

use std::path::{Path, PathBuf};

use pyssl::cert::{CertDecodeError, PeerCertificate};
use pyssl::functions::{decode_cert as decode_cert_file, decode_cert_for as decode_cert_file_for};

/// The decoding failure behind an `Error` (its `source()`), which renders
/// `str(e)` with CPython's `_ssl.c` line; and a check that the `Error`
/// itself is CPython's class.
/// Whether two decodings give the same dict, or fail the same way (the
/// `Error`s themselves differ in the release they render for).
fn same(a: &pyssl::Result<PeerCertificate>, b: &pyssl::Result<PeerCertificate>) -> bool {
    let why = |e: &pyssl::Error| {
        std::error::Error::source(e)
            .and_then(|s| s.downcast_ref::<CertDecodeError>())
            .cloned()
    };
    match (a, b) {
        (Ok(x), Ok(y)) => x == y,
        (Err(x), Err(y)) => why(x) == why(y),
        _ => false,
    }
}

fn cause(e: &pyssl::Error, v: pyssl::PythonVersion) -> &CertDecodeError {
    let c = std::error::Error::source(e)
        .and_then(|s| s.downcast_ref::<CertDecodeError>())
        .expect("a decoding error carries its cause");
    assert_eq!(e.python_type(), c.python_type(v), "{e}");
    c
}
use serde_json::Value;

/// `_ssl.c:1234` → `_ssl.c:N`, as the oracle's `str_normalized` does.
fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("_ssl.c:") {
        out.push_str(&rest[..i + "_ssl.c:".len()]);
        rest = &rest[i + "_ssl.c:".len()..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            out.push('N');
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn decode_cert_matches_cpython_golden() {
    let mut failures = Vec::new();
    let mut summary = Vec::new();
    let mut versions_checked = 0;
    for &v in common::releases() {
        let minor = v.minor();
        let golden = common::golden_file(&format!("oracle-3.{}.json", minor));
        let Ok(text) = std::fs::read_to_string(&golden) else {
            eprintln!("note: {} not found, skipping 3.{}", golden.display(), minor);
            continue;
        };
        let doc: Value = serde_json::from_str(&text).expect("golden file is JSON");
        let certdir = doc["interpreter"]["certdir_own"]
            .as_str()
            .expect("interpreter.certdir_own");
        let certdir = Path::new(certdir);
        if !certdir.is_dir() {
            eprintln!(
                "note: {} absent on this machine, skipping 3.{}",
                certdir.display(),
                minor
            );
            continue;
        }
        let cases = doc["test_decode_cert"]
            .as_object()
            .expect("test_decode_cert section");
        let mut matched = 0;
        for (name, expected) in cases {
            let path = if name == "<missing file>" {
                PathBuf::from("/nonexistent/cert.pem")
            } else {
                certdir.join(name)
            };
            let got = decode_cert_file_for(&path, v);
            // CPython's test data never hits the 3.6-only differences: the
            // default (3.13) decoding must agree on every version's files.
            let newest = decode_cert_file(&path);
            if !same(&got, &newest) {
                failures.push(format!(
                    "3.{} {}: 3.{} and 3.13 decoding differ",
                    minor, name, minor
                ));
            }
            let ok = match (expected.get("ok"), expected.get("error"), &got) {
                (Some(want), _, Ok(cert)) => {
                    let have = PeerCertificate::to_json(cert);
                    if &have == want {
                        true
                    } else {
                        failures.push(format!(
                            "3.{} {}:\n  want {}\n  have {}",
                            minor, name, want, have
                        ));
                        false
                    }
                }
                (_, Some(want), Err(err)) => {
                    let want_type = want["type"].as_str().unwrap_or_default();
                    let want_str = want
                        .get("str_normalized")
                        .and_then(Value::as_str)
                        .or_else(|| want["str"].as_str())
                        .unwrap_or_default();
                    let have_type = cause(err, v).python_type(v);
                    let have_str = normalize(&cause(err, v).python_str(v));
                    if want_type == have_type && normalize(want_str) == have_str {
                        true
                    } else {
                        failures.push(format!(
                            "3.{} {}: want {}({:?}), have {}({:?})",
                            minor, name, want_type, want_str, have_type, have_str
                        ));
                        false
                    }
                }
                _ => {
                    failures.push(format!(
                        "3.{} {}: want {}, have {:?}",
                        minor, name, expected, got
                    ));
                    false
                }
            };
            if ok {
                matched += 1;
            }
        }
        versions_checked += 1;
        summary.push(format!("3.{}: {}/{}", minor, matched, cases.len()));
    }
    eprintln!("decode_cert golden: {}", summary.join(", "));
    if versions_checked == 0 {
        eprintln!("note: no CPython certificate directory present; nothing compared");
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// One unusual certificate file and CPython's answers for it.
struct EdgeCase {
    /// File name it had when CPython decoded it.
    name: &'static str,
    /// The file's contents.
    pem: &'static str,
    /// `json.dumps({"ok": dict})` or `{"error": {"type", "str"}}` from 3.13.
    py313: &'static str,
    /// The same from 3.6, when it differs.
    py36: Option<&'static str>,
    /// The same from 3.14, when it differs (3.14 writes an unnamed OpenSSL
    /// error as `unknown error (0x0)`).
    py314: Option<&'static str>,
}

fn check_edge(case: &EdgeCase, path: &Path, v: pyssl::PythonVersion, want: &str) -> Option<String> {
    let minor = v.minor();
    let want: Value = serde_json::from_str(want).expect("expected value is JSON");
    let got = decode_cert_file_for(path, v);
    let (ok, have) = match (&got, want.get("ok"), want.get("error")) {
        // Compared as text: key order matters too.
        (Ok(cert), Some(w), _) => {
            let (have, want_text) = (cert.to_json().to_string(), w.to_string());
            (have == want_text, have)
        }
        (Err(e), _, Some(w)) => {
            let (t, s) = (cause(e, v).python_type(v), cause(e, v).python_str(v));
            (
                w["type"] == t && w["str"] == s.as_str(),
                format!("{t}: {s}"),
            )
        }
        _ => (false, format!("{got:?}")),
    };
    (!ok).then(|| {
        format!(
            "3.{} {}:\n  want {}\n  have {}",
            minor, case.name, want, have
        )
    })
}

/// With `PYSSL_SAME_OPENSSL_PYTHON` set (tools/openssl-matrix.sh: a CPython 3.14 built on
/// the OpenSSL these tests run on), that CPython's own `_ssl._test_decode_cert` answer for
/// `path`, in the shape of [`EDGE_CASES`]: the 3.14 expectation then comes from the same
/// OpenSSL (its `GENERAL_NAME_print` and `ASN1_TIME_print` differ between 1.1.1 and 3.x)
/// instead of the 3.0.19 recording.
fn same_openssl_cpython_decode(path: &Path) -> Option<String> {
    let py = std::env::var_os("PYSSL_SAME_OPENSSL_PYTHON")?;
    let out = std::process::Command::new(&py)
        .env_remove("SSLKEYLOGFILE")
        .arg("-c")
        .arg(
            "import _ssl, json, sys\n\
             try:\n    r = {'ok': _ssl._test_decode_cert(sys.argv[1])}\n\
             except Exception as e:\n    r = {'error': {'type': type(e).__name__, 'str': str(e)}}\n\
             print(json.dumps(r))\n",
        )
        .arg(path)
        .output()
        .expect("run PYSSL_SAME_OPENSSL_PYTHON");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).expect("UTF-8"))
}

#[test]
fn decode_cert_edge_cases_match_cpython() {
    let dir = std::env::temp_dir().join(format!("pyssl-decode-cert-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut failures = Vec::new();
    for case in EDGE_CASES {
        let path = dir.join(case.name);
        std::fs::write(&path, case.pem).expect("write temp file");
        // The 3.13 and 3.6 answers were recorded on the OpenSSL of tests/golden/
        // (`ASN1_TIME_print` and `GENERAL_NAME_print` differ on 1.1.1).
        if common::releases().contains(&pyssl::PythonVersion::Py313) {
            failures.extend(check_edge(
                case,
                &path,
                pyssl::PythonVersion::Py313,
                case.py313,
            ));
        }
        if common::releases().contains(&pyssl::PythonVersion::Py36) {
            failures.extend(check_edge(
                case,
                &path,
                pyssl::PythonVersion::Py36,
                case.py36.unwrap_or(case.py313),
            ));
        }
        let live = same_openssl_cpython_decode(&path);
        failures.extend(check_edge(
            case,
            &path,
            pyssl::PythonVersion::Py314,
            live.as_deref().unwrap_or(case.py314.unwrap_or(case.py313)),
        ));
        // 3.7 through 3.12 (and 3.14, apart from the wording checked above)
        // decode exactly as 3.13 does.
        let newest = decode_cert_file_for(&path, pyssl::PythonVersion::Py313);
        let all = pyssl::PythonVersion::ALL;
        for &v in &all[1..] {
            if !same(&decode_cert_file_for(&path, v), &newest) {
                failures.push(format!("{v} {}: differs from 3.13", case.name));
            }
        }
    }
    // A directory can be fopen()ed, but holds no PEM data.
    let e = decode_cert_file(&dir).unwrap_err();
    assert_eq!(
        cause(&e, pyssl::PythonVersion::Py313).python_str(pyssl::PythonVersion::Py313),
        "('Error decoding PEM-encoded file',)"
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Generated from CPython 3.6.15, 3.13.0 and 3.14.7 on OpenSSL 3.0.19 (the
/// 3.14 answers by running each file through `_ssl._test_decode_cert` of
/// 3.14.7 and keeping those that differ from 3.13's).
#[rustfmt::skip]
const EDGE_CASES: &[EdgeCase] = &[
    EdgeCase {
        name: "name_multirdn.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIIBJzCCAQygAwIBAgICEjQwCgYIKoZIzj0EAwIwHjELMAkGA1UEBhMCWFkxDzAN
BgNVBAMMBmlzc3VlcjAeFw0yMDAxMDEwMDAwMDBaFw0zMDAxMDEwMDAwMDBaMFox
CzAJBgNVBAYTAlhZMScwDAYDVQQDDAVtdWx0aTAKBgNVBAoMA09yZzALBgNVBAsM
BFVuaXQxIjAKBgNVBAcMA0xvYzAUBgUqAwQFBgwLdW5rbm93biBvaWQwWTATBgcq
hkjOPQIBBggqhkjOPQMBBwNCAAQ5dg/GYOvXfAt/cZVE4vmTLvCNvYu3CwG0DDGh
bIjxysjBCA1jqSCdPJqjag075nhiZEBB3s9KTlrLALzdK6ewMAoGCCqGSM49BAMC
AwkAMAYCAQECAQE=
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","multi"],["organizationName","Org"],["organizationalUnitName","Unit"]],[["localityName","Loc"],["1.2.3.4.5.6","unknown oid"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "name_oids.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIICZjCCAkugAwIBAgICEjQwCgYIKoZIzj0EAwIwHjELMAkGA1UEBhMCWFkxDzAN
BgNVBAMMBmlzc3VlcjAeFw0yMDAxMDEwMDAwMDBaFw0zMDAxMDEwMDAwMDBaMIIB
lzEOMAwGA1UEBRMFU04xMjMxEDAOBgNVBGEMB1ZBVFhZLTExFzAVBgoJkiaJk/Is
ZAEZFgdleGFtcGxlMRQwEgYJKoZIhvcNAQkBFgVhQGIuYzEOMAwGA1UEDAwFdGl0
bGUxHTAbBgNVBA8MFFByaXZhdGUgT3JnYW5pemF0aW9uMRMwEQYLKwYBBAGCNzwC
AQMTAlhZMQ4wDAYDVQQqDAVnaXZlbjEMMAoGA1UEBAwDc3VyMQ4wDAYDVQQRDAUx
MjM0NTEPMA0GA1UECQwGc3RyZWV0MQ8wDQYDVQRBDAZwc2V1ZG8xEzARBgoJkiaJ
k/IsZAEBDAN1aWQxgYgwgYUGeSq9hEC9hEG9hEK9hEO9hES9hEW9hEa9hEe9hEi9
hEm9hEq9hEu9hEy9hE29hE69hE+9hFC9hFG9hFK9hFO9hFS9hFW9hFa9hFe9hFi9
hFm9hFq9hFu9hFy9hF29hF69hF+9hGC9hGG9hGK9hGO9hGS9hGW9hGa9hGcMCGxv
bmcgb2lkMRAwDgYDiDcBDAdiaWcgYXJjMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcD
QgAEOXYPxmDr13wLf3GVROL5ky7wjb2LtwsBtAwxoWyI8crIwQgNY6kgnTyao2oN
O+Z4YmRAQd7PSk5aywC83SunsDAKBggqhkjOPQQDAgMJADAGAgEBAgEB
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["serialNumber","SN123"]],[["organizationIdentifier","VATXY-1"]],[["domainComponent","example"]],[["emailAddress","a@b.c"]],[["title","title"]],[["businessCategory","Private Organization"]],[["jurisdictionCountryName","XY"]],[["givenName","given"]],[["surname","sur"]],[["postalCode","12345"]],[["streetAddress","street"]],[["pseudonym","pseudo"]],[["userId","uid"]],[["1.2.1000000.1000001.1000002.1000003.1000004.1000005.1000006.1000007.1000008.1000009.1000010.1000011.1000012.1000013.1000014.1000015.1000016.1000017.1000018.1000019.1000020.1000021.1000022.1000023.1000024.1000025.1000026.1000027.1000028.1000029.1000030.1000031.1000032.1000033.1000034.1000035.1000036.1000037.1000038.1000039","long oid"]],[["2.999.1","big arc"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "strtype_00.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIHbMIHBoAMCAQICAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwHhcNMjAwMTAxMDAwMDAwWhcNMzAwMTAxMDAwMDAwWjAPMQ0w
CwYDVQQDHgQA6SCsMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEOXYPxmDr13wL
f3GVROL5ky7wjb2LtwsBtAwxoWyI8crIwQgNY6kgnTyao2oNO+Z4YmRAQd7PSk5a
ywC83SunsDAKBggqhkjOPQQDAgMJADAGAgEBAgEB
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["commonName","\u00e9\u20ac"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "strtype_01.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIHfMIHFoAMCAQICAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwHhcNMjAwMTAxMDAwMDAwWhcNMzAwMTAxMDAwMDAwWjATMREw
DwYDVQQDHAgAAdEeAAAAYTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABDl2D8Zg
69d8C39xlUTi+ZMu8I29i7cLAbQMMaFsiPHKyMEIDWOpIJ08mqNqDTvmeGJkQEHe
z0pOWssAvN0rp7AwCgYIKoZIzj0EAwIDCQAwBgIBAQIBAQ==
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["commonName","\ud834\udd1ea"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "strtype_02.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIHbMIHBoAMCAQICAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwHhcNMjAwMTAxMDAwMDAwWhcNMzAwMTAxMDAwMDAwWjAPMQ0w
CwYDVQQDFARjYWbpMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEOXYPxmDr13wL
f3GVROL5ky7wjb2LtwsBtAwxoWyI8crIwQgNY6kgnTyao2oNO+Z4YmRAQd7PSk5a
ywC83SunsDAKBggqhkjOPQQDAgMJADAGAgEBAgEB
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["commonName","caf\u00e9"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "strtype_03.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIHnMIHNoAMCAQICAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwHhcNMjAwMTAxMDAwMDAwWhcNMzAwMTAxMDAwMDAwWjAbMRkw
FwYDVQQDDBBlbW9qaSDwn46JIMO8bsOvMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcD
QgAEOXYPxmDr13wLf3GVROL5ky7wjb2LtwsBtAwxoWyI8crIwQgNY6kgnTyao2oN
O+Z4YmRAQd7PSk5aywC83SunsDAKBggqhkjOPQQDAgMJADAGAgEBAgEB
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["commonName","emoji \ud83c\udf89 \u00fcn\u00ef"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "name_nul.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIHrMIHRoAMCAQICAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwHhcNMjAwMTAxMDAwMDAwWhcNMzAwMTAxMDAwMDAwWjAfMQww
CgYDVQQDDANhAGIxDzANBgNVBAoeBgBhAAAAYjBZMBMGByqGSM49AgEGCCqGSM49
AwEHA0IABDl2D8Zg69d8C39xlUTi+ZMu8I29i7cLAbQMMaFsiPHKyMEIDWOpIJ08
mqNqDTvmeGJkQEHez0pOWssAvN0rp7AwCgYIKoZIzj0EAwIDCQAwBgIBAQIBAQ==
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["commonName","a\u0000b"]],[["organizationName","a\u0000b"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "name_empty.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIGuMIGUoAMCAQICAhI0MAoGCCqGSM49BAMCMAAwHhcNMjAwMTAxMDAwMDAwWhcN
MzAwMTAxMDAwMDAwWjAAMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEOXYPxmDr
13wLf3GVROL5ky7wjb2LtwsBtAwxoWyI8crIwQgNY6kgnTyao2oNO+Z4YmRAQd7P
Sk5aywC83SunsDAKBggqhkjOPQQDAgMJADAGAgEBAgEB
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[],"issuer":[],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "name_ia5_ff.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIHaMIHAoAMCAQICAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwHhcNMjAwMTAxMDAwMDAwWhcNMzAwMTAxMDAwMDAwWjAOMQww
CgYDVQQDFgNh/2IwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQ5dg/GYOvXfAt/
cZVE4vmTLvCNvYu3CwG0DDGhbIjxysjBCA1jqSCdPJqjag075nhiZEBB3s9KTlrL
ALzdK6ewMAoGCCqGSM49BAMCAwkAMAYCAQECAQE=
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["commonName","a\u00ffb"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "name_rdn_order.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIHvMIHVoAMCAQICAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwHhcNMjAwMTAxMDAwMDAwWhcNMzAwMTAxMDAwMDAwWjAjMRQw
CAYDVQQKDAFvMAgGA1UEAwwBYzELMAkGA1UEBhMCWFkwWTATBgcqhkjOPQIBBggq
hkjOPQMBBwNCAAQ5dg/GYOvXfAt/cZVE4vmTLvCNvYu3CwG0DDGhbIjxysjBCA1j
qSCdPJqjag075nhiZEBB3s9KTlrLALzdK6ewMAoGCCqGSM49BAMCAwkAMAYCAQEC
AQE=
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["organizationName","o"],["commonName","c"]],[["countryName","XY"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "name_seq_value.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIHXMIG9oAMCAQICAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwHhcNMjAwMTAxMDAwMDAwWhcNMzAwMTAxMDAwMDAwWjALMQkw
BwYDKgMEMAAwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQ5dg/GYOvXfAt/cZVE
4vmTLvCNvYu3CwG0DDGhbIjxysjBCA1jqSCdPJqjag075nhiZEBB3s9KTlrLALzd
K6ewMAoGCCqGSM49BAMCAwkAMAYCAQECAQE=
-----END CERTIFICATE-----
"#,
        py313: r#"{"error":{"type":"SSLError","str":"unknown error (_ssl.c:1093)"}}"#,
        py36: Some(r#"{"error":{"type":"SSLError","str":"unknown error (_ssl.c:914)"}}"#),
        py314: Some(r#"{"error":{"type":"SSLError","str":"unknown error (0x0) (_ssl.c:1155)"}}"#),
    },
    EdgeCase {
        name: "name_huge_oid.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIIDrzCCA5SgAwIBAgICEjQwCgYIKoZIzj0EAwIwHjELMAkGA1UEBhMCWFkxDzAN
BgNVBAMMBmlzc3VlcjAeFw0yMDAxMDEwMDAwMDBaFw0zMDAxMDEwMDAwMDBaMIIC
4DGCAtwwggLYBoIC0Sqj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/s
iUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/s
iUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/s
iUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/s
iUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/s
iUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/s
iUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/s
iUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/s
iUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/s
iUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/s
iUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/s
iUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/s
iUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/s
iUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/s
iUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/siUuj94/s
iUuj94/siUuj94/siUsMAXYwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQ5dg/G
YOvXfAt/cZVE4vmTLvCNvYu3CwG0DDGhbIjxysjBCA1jqSCdPJqjag075nhiZEBB
3s9KTlrLALzdK6ewMAoGCCqGSM49BAMCAwkAMAYCAQECAQE=
-----END CERTIFICATE-----
"#,
        py313: r#"{"error":{"type":"SystemError","str":"<class 'ssl.SSLError'> returned a result with an exception set"}}"#,
        py36: Some(r#"{"error":{"type":"SSLError","str":"unknown error (_ssl.c:871)"}}"#),
        py314: None,
    },
    EdgeCase {
        name: "serial_neg.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIHqMIHQoAMCAQICAf8wCgYIKoZIzj0EAwIwHjELMAkGA1UEBhMCWFkxDzANBgNV
BAMMBmlzc3VlcjAeFw0yMDAxMDEwMDAwMDBaFw0zMDAxMDEwMDAwMDBaMB8xCzAJ
BgNVBAYTAlhZMRAwDgYDVQQDDAdzdWJqZWN0MFkwEwYHKoZIzj0CAQYIKoZIzj0D
AQcDQgAEOXYPxmDr13wLf3GVROL5ky7wjb2LtwsBtAwxoWyI8crIwQgNY6kgnTya
o2oNO+Z4YmRAQd7PSk5aywC83SunsDAKBggqhkjOPQQDAgMJADAGAgEBAgEB
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"-01","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "serial_neg_big.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIHzMIHZoAMCAQICCv7cuph2VDIQ/t0wCgYIKoZIzj0EAwIwHjELMAkGA1UEBhMC
WFkxDzANBgNVBAMMBmlzc3VlcjAeFw0yMDAxMDEwMDAwMDBaFw0zMDAxMDEwMDAw
MDBaMB8xCzAJBgNVBAYTAlhZMRAwDgYDVQQDDAdzdWJqZWN0MFkwEwYHKoZIzj0C
AQYIKoZIzj0DAQcDQgAEOXYPxmDr13wLf3GVROL5ky7wjb2LtwsBtAwxoWyI8crI
wQgNY6kgnTyao2oNO+Z4YmRAQd7PSk5aywC83SunsDAKBggqhkjOPQQDAgMJADAG
AgEBAgEB
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"-0123456789ABCDEF0123","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "serial_zero.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIHqMIHQoAMCAQICAQAwCgYIKoZIzj0EAwIwHjELMAkGA1UEBhMCWFkxDzANBgNV
BAMMBmlzc3VlcjAeFw0yMDAxMDEwMDAwMDBaFw0zMDAxMDEwMDAwMDBaMB8xCzAJ
BgNVBAYTAlhZMRAwDgYDVQQDDAdzdWJqZWN0MFkwEwYHKoZIzj0CAQYIKoZIzj0D
AQcDQgAEOXYPxmDr13wLf3GVROL5ky7wjb2LtwsBtAwxoWyI8crIwQgNY6kgnTya
o2oNO+Z4YmRAQd7PSk5aywC83SunsDAKBggqhkjOPQQDAgMJADAGAgEBAgEB
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"00","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "serial_80.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIIBOjCCAR+gAwIBAgJQfxISEhISEhISEhISEhISEhISEhISEhISEhISEhISEhIS
EhISEhISEhISEhISEhISEhISEhISEhISEhISEhISEhISEhISEhISEhISEhISEhIw
CgYIKoZIzj0EAwIwHjELMAkGA1UEBhMCWFkxDzANBgNVBAMMBmlzc3VlcjAeFw0y
MDAxMDEwMDAwMDBaFw0zMDAxMDEwMDAwMDBaMB8xCzAJBgNVBAYTAlhZMRAwDgYD
VQQDDAdzdWJqZWN0MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEOXYPxmDr13wL
f3GVROL5ky7wjb2LtwsBtAwxoWyI8crIwQgNY6kgnTyao2oNO+Z4YmRAQd7PSk5a
ywC83SunsDAKBggqhkjOPQQDAgMJADAGAgEBAgEB
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"7F12121212121212121212121212121212121212121212121212121212121212121212\\\n","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "time_bad.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIHcMIHCoAMCAQICAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwDxcHZ2FyYmFnZRgEMjAyMDAfMQswCQYDVQQGEwJYWTEQMA4G
A1UEAwwHc3ViamVjdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABDl2D8Zg69d8
C39xlUTi+ZMu8I29i7cLAbQMMaFsiPHKyMEIDWOpIJ08mqNqDTvmeGJkQEHez0pO
WssAvN0rp7AwCgYIKoZIzj0EAwIDCQAwBgIBAQIBAQ==
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Bad time value","notAfter":"Bad time value"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "time_frac.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIH1MIHboAMCAQICAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwKBgTMjA1MDAxMDEwMDAwMDAuMTIzWhgRMjA1MDAxMDEwMDAw
MDAuNVowHzELMAkGA1UEBhMCWFkxEDAOBgNVBAMMB3N1YmplY3QwWTATBgcqhkjO
PQIBBggqhkjOPQMBBwNCAAQ5dg/GYOvXfAt/cZVE4vmTLvCNvYu3CwG0DDGhbIjx
ysjBCA1jqSCdPJqjag075nhiZEBB3s9KTlrLALzdK6ewMAoGCCqGSM49BAMCAwkA
MAYCAQECAQE=
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00.123 2050 GMT","notAfter":"Jan  1 00:00:00.5 2050 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "time_gen.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIHvMIHVoAMCAQICAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwIhgPMTk0OTEyMzEyMzU5NTlaGA85OTk5MTIzMTIzNTk1OVow
HzELMAkGA1UEBhMCWFkxEDAOBgNVBAMMB3N1YmplY3QwWTATBgcqhkjOPQIBBggq
hkjOPQMBBwNCAAQ5dg/GYOvXfAt/cZVE4vmTLvCNvYu3CwG0DDGhbIjxysjBCA1j
qSCdPJqjag075nhiZEBB3s9KTlrLALzdK6ewMAoGCCqGSM49BAMCAwkAMAYCAQEC
AQE=
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Dec 31 23:59:59 1949 GMT","notAfter":"Dec 31 23:59:59 9999 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "time_utc_boundary.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIHrMIHRoAMCAQICAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwHhcNNDkxMjMxMjM1OTU5WhcNNTAwMTAxMDAwMDAwWjAfMQsw
CQYDVQQGEwJYWTEQMA4GA1UEAwwHc3ViamVjdDBZMBMGByqGSM49AgEGCCqGSM49
AwEHA0IABDl2D8Zg69d8C39xlUTi+ZMu8I29i7cLAbQMMaFsiPHKyMEIDWOpIJ08
mqNqDTvmeGJkQEHez0pOWssAvN0rp7AwCgYIKoZIzj0EAwIDCQAwBgIBAQIBAQ==
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Dec 31 23:59:59 2049 GMT","notAfter":"Jan  1 00:00:00 1950 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "time_gen_local.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIHyMIHYoAMCAQICAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwJRgOMjAyMDAxMDEwMDAwMDAYEzIwMjAwMTAxMDAwMDAwKzAx
MzAwHzELMAkGA1UEBhMCWFkxEDAOBgNVBAMMB3N1YmplY3QwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAAQ5dg/GYOvXfAt/cZVE4vmTLvCNvYu3CwG0DDGhbIjxysjB
CA1jqSCdPJqjag075nhiZEBB3s9KTlrLALzdK6ewMAoGCCqGSM49BAMCAwkAMAYC
AQECAQE=
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Bad time value","notAfter":"Dec 31 22:30:00 2019 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "version_v1.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIHmMIHMAgISNDAKBggqhkjOPQQDAjAeMQswCQYDVQQGEwJYWTEPMA0GA1UEAwwG
aXNzdWVyMB4XDTIwMDEwMTAwMDAwMFoXDTMwMDEwMTAwMDAwMFowHzELMAkGA1UE
BhMCWFkxEDAOBgNVBAMMB3N1YmplY3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC
AAQ5dg/GYOvXfAt/cZVE4vmTLvCNvYu3CwG0DDGhbIjxysjBCA1jqSCdPJqjag07
5nhiZEBB3s9KTlrLALzdK6ewMAoGCCqGSM49BAMCAwkAMAYCAQECAQE=
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":1,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "version_v2.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIHrMIHRoAMCAQECAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwHhcNMjAwMTAxMDAwMDAwWhcNMzAwMTAxMDAwMDAwWjAfMQsw
CQYDVQQGEwJYWTEQMA4GA1UEAwwHc3ViamVjdDBZMBMGByqGSM49AgEGCCqGSM49
AwEHA0IABDl2D8Zg69d8C39xlUTi+ZMu8I29i7cLAbQMMaFsiPHKyMEIDWOpIJ08
mqNqDTvmeGJkQEHez0pOWssAvN0rp7AwCgYIKoZIzj0EAwIDCQAwBgIBAQIBAQ==
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":2,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "version_big.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIHzMIHZoAsCCUAAAAAAAAAAAAICEjQwCgYIKoZIzj0EAwIwHjELMAkGA1UEBhMC
WFkxDzANBgNVBAMMBmlzc3VlcjAeFw0yMDAxMDEwMDAwMDBaFw0zMDAxMDEwMDAw
MDBaMB8xCzAJBgNVBAYTAlhZMRAwDgYDVQQDDAdzdWJqZWN0MFkwEwYHKoZIzj0C
AQYIKoZIzj0DAQcDQgAEOXYPxmDr13wLf3GVROL5ky7wjb2LtwsBtAwxoWyI8crI
wQgNY6kgnTyao2oNO+Z4YmRAQd7PSk5aywC83SunsDAKBggqhkjOPQQDAgMJADAG
AgEBAgEB
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":0,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "version_5.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIHrMIHRoAMCAQUCAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwHhcNMjAwMTAxMDAwMDAwWhcNMzAwMTAxMDAwMDAwWjAfMQsw
CQYDVQQGEwJYWTEQMA4GA1UEAwwHc3ViamVjdDBZMBMGByqGSM49AgEGCCqGSM49
AwEHA0IABDl2D8Zg69d8C39xlUTi+ZMu8I29i7cLAbQMMaFsiPHKyMEIDWOpIJ08
mqNqDTvmeGJkQEHez0pOWssAvN0rp7AwCgYIKoZIzj0EAwIDCQAwBgIBAQIBAQ==
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":6,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "san_othernames.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIICXTCCAkKgAwIBAgICEjQwCgYIKoZIzj0EAwIwHjELMAkGA1UEBhMCWFkxDzAN
BgNVBAMMBmlzc3VlcjAeFw0yMDAxMDEwMDAwMDBaFw0zMDAxMDEwMDAwMDBaMB8x
CzAJBgNVBAYTAlhZMRAwDgYDVQQDDAdzdWJqZWN0MFkwEwYHKoZIzj0CAQYIKoZI
zj0DAQcDQgAEOXYPxmDr13wLf3GVROL5ky7wjb2LtwsBtAwxoWyI8crIwQgNY6kg
nTyao2oNO+Z4YmRAQd7PSk5aywC83SunsKOCAW0wggFpMIIBZQYDVR0RBIIBXDCC
AVigGgYKKwYBBAGCNxQCA6AMDAp1c2VyQHJlYWxtoBwGCCsGAQUFBwgJoBAMDsO8
QGV4YW1wbGUub3JnoCMGCCsGAQUFBwgFoBcMFWp1bGlldEBpbS5leGFtcGxlLmNv
baAfBggrBgEFBQcIB6ATFhFfeG1wcC5leGFtcGxlLmNvbaAZBggrBgEFBQcICKAN
DAtleGFtcGxlLm5ldKATBgMqAwSgDAwKb3RoZXIgdXRmOKASBgMqAwSgCxYJb3Ro
ZXIgaWE1oBoGCisGAQQBgjcUAgOgDBYKdXBuLWFzLWlhNaAZBggrBgEFBQcIB6AN
DAtzcnYtYXMtdXRmOKAiBgorBgEEAYI3FAIDoBQMEndpdGg6Y29sb24KbmV3bGlu
ZaAZBgorBgEEAYI3FAIDoAsMCW51bABhZnRlcqAQBgorBgEEAYI3FAIDoAIMAKAK
BgMqAwSgAwIBBTAKBggqhkjOPQQDAgMJADAGAgEBAgEB
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT","subjectAltName":[["othername","UPN:user@realm"],["othername","SmtpUTF8Mailbox:\u00fc@example.org"],["othername","XmppAddr:juliet@im.example.com"],["othername","SRVName:_xmpp.example.com"],["othername","NAIRealm:example.net"],["othername","<unsupported>"],["othername","<unsupported>"],["othername","<unsupported>"],["othername","<unsupported>"],["othername","UPN:with:colon\n"],["othername","UPN:nul"],["othername","UPN:"],["othername","<unsupported>"]]}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "san_x400_edi.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIIBJDCCAQmgAwIBAgICEjQwCgYIKoZIzj0EAwIwHjELMAkGA1UEBhMCWFkxDzAN
BgNVBAMMBmlzc3VlcjAeFw0yMDAxMDEwMDAwMDBaFw0zMDAxMDEwMDAwMDBaMB8x
CzAJBgNVBAYTAlhZMRAwDgYDVQQDDAdzdWJqZWN0MFkwEwYHKoZIzj0CAQYIKoZI
zj0DAQcDQgAEOXYPxmDr13wLf3GVROL5ky7wjb2LtwsBtAwxoWyI8crIwQgNY6kg
nTyao2oNO+Z4YmRAQd7PSk5aywC83SunsKM2MDQwMgYDVR0RBCswKaMEMAIwAKUJ
oQcMBXBhcnR5pRagCgwIYXNzaWduZXKhCAwGcGFydHkyMAoGCCqGSM49BAMCAwkA
MAYCAQECAQE=
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT","subjectAltName":[["X400Name","<unsupported>"],["EdiPartyName","<unsupported>"],["EdiPartyName","<unsupported>"]]}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "san_ip_lengths.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIIBbDCCAVGgAwIBAgICEjQwCgYIKoZIzj0EAwIwHjELMAkGA1UEBhMCWFkxDzAN
BgNVBAMMBmlzc3VlcjAeFw0yMDAxMDEwMDAwMDBaFw0zMDAxMDEwMDAwMDBaMB8x
CzAJBgNVBAYTAlhZMRAwDgYDVQQDDAdzdWJqZWN0MFkwEwYHKoZIzj0CAQYIKoZI
zj0DAQcDQgAEOXYPxmDr13wLf3GVROL5ky7wjb2LtwsBtAwxoWyI8crIwQgNY6kg
nTyao2oNO+Z4YmRAQd7PSk5aywC83SunsKN+MHwwegYDVR0RBHMwcYcAhwQBAgME
hwUBAgMEBYcICgAAAP8AAACHEAABAgMEBQYHCAkKCwwNDg+HEP//////////////
//////+HIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAhxAAAAAAAAAA
AAAAAAAAAAABMAoGCCqGSM49BAMCAwkAMAYCAQECAQE=
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT","subjectAltName":[["IP Address","<invalid>"],["IP Address","1.2.3.4"],["IP Address","<invalid>"],["IP Address","<invalid>"],["IP Address","1:203:405:607:809:A0B:C0D:E0F"],["IP Address","FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF"],["IP Address","<invalid>"],["IP Address","0:0:0:0:0:0:0:1"]]}}"#,
        py36: Some(r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT","subjectAltName":[["IP Address","<invalid length=0>"],["IP Address","1.2.3.4"],["IP Address","<invalid length=5>"],["IP Address","<invalid length=8>"],["IP Address","1:203:405:607:809:A0B:C0D:E0F"],["IP Address","FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF"],["IP Address","<invalid length=32>"],["IP Address","0:0:0:0:0:0:0:1"]]}}"#),
        py314: None,
    },
    EdgeCase {
        name: "san_rid.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIIBHjCCAQOgAwIBAgICEjQwCgYIKoZIzj0EAwIwHjELMAkGA1UEBhMCWFkxDzAN
BgNVBAMMBmlzc3VlcjAeFw0yMDAxMDEwMDAwMDBaFw0zMDAxMDEwMDAwMDBaMB8x
CzAJBgNVBAYTAlhZMRAwDgYDVQQDDAdzdWJqZWN0MFkwEwYHKoZIzj0CAQYIKoZI
zj0DAQcDQgAEOXYPxmDr13wLf3GVROL5ky7wjb2LtwsBtAwxoWyI8crIwQgNY6kg
nTyao2oNO+Z4YmRAQd7PSk5aywC83SunsKMwMC4wLAYDVR0RBCUwI4gEKgMEBYgI
KwYBBQUHAwGIA1UEA4gMiDeCgICAgICAgIAAMAoGCCqGSM49BAMCAwkAMAYCAQEC
AQE=
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT","subjectAltName":[["Registered ID","1.2.3.4.5"],["Registered ID","TLS Web Server Authentication"],["Registered ID","commonName"],["Registered ID","2.999.18446744073709551616"]]}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "san_rid_len2047.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIIDEDCCAvWgAwIBAgICEjQwCgYIKoZIzj0EAwIwHjELMAkGA1UEBhMCWFkxDzAN
BgNVBAMMBmlzc3VlcjAeFw0yMDAxMDEwMDAwMDBaFw0zMDAxMDEwMDAwMDBaMB8x
CzAJBgNVBAYTAlhZMRAwDgYDVQQDDAdzdWJqZWN0MFkwEwYHKoZIzj0CAQYIKoZI
zj0DAQcDQgAEOXYPxmDr13wLf3GVROL5ky7wjb2LtwsBtAwxoWyI8crIwQgNY6kg
nTyao2oNO+Z4YmRAQd7PSk5aywC83SunsKOCAiAwggIcMIICGAYDVR0RBIICDzCC
AguIggIAKmRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRk
ZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRk
ZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRk
ZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRk
ZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRk
ZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRk
ZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRk
ZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRk
ZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRk
ZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRk
ZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGSCBWFmdGVyMAoG
CCqGSM49BAMCAwkAMAYCAQECAQE=
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT","subjectAltName":[["Registered ID","1.2.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.100.10\u0000"],["DNS","after"]]}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "san_rid_len2048.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIIDCjCCAu+gAwIBAgICEjQwCgYIKoZIzj0EAwIwHjELMAkGA1UEBhMCWFkxDzAN
BgNVBAMMBmlzc3VlcjAeFw0yMDAxMDEwMDAwMDBaFw0zMDAxMDEwMDAwMDBaMB8x
CzAJBgNVBAYTAlhZMRAwDgYDVQQDDAdzdWJqZWN0MFkwEwYHKoZIzj0CAQYIKoZI
zj0DAQcDQgAEOXYPxmDr13wLf3GVROL5ky7wjb2LtwsBtAwxoWyI8crIwQgNY6kg
nTyao2oNO+Z4YmRAQd7PSk5aywC83SunsKOCAhowggIWMIICEgYDVR0RBIICCTCC
AgWIggIBKodoZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRk
ZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRk
ZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRk
ZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRk
ZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRk
ZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRk
ZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRk
ZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRk
ZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRk
ZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRk
ZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkMAoGCCqGSM49
BAMCAwkAMAYCAQECAQE=
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT","subjectAltName":[["Registered ID","<INVALID>"]]}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "san_rid_long.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIIE8jCCBNegAwIBAgICEjQwCgYIKoZIzj0EAwIwHjELMAkGA1UEBhMCWFkxDzAN
BgNVBAMMBmlzc3VlcjAeFw0yMDAxMDEwMDAwMDBaFw0zMDAxMDEwMDAwMDBaMB8x
CzAJBgNVBAYTAlhZMRAwDgYDVQQDDAdzdWJqZWN0MFkwEwYHKoZIzj0CAQYIKoZI
zj0DAQcDQgAEOXYPxmDr13wLf3GVROL5ky7wjb2LtwsBtAwxoWyI8crIwQgNY6kg
nTyao2oNO+Z4YmRAQd7PSk5aywC83SunsKOCBAIwggP+MIID+gYDVR0RBIID8TCC
A+2IggPpKrrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW6
75oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW6
75oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW6
75oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW6
75oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW6
75oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW6
75oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW6
75oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW6
75oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW6
75oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW6
75oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW6
75oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW6
75oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW6
75oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW6
75oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW6
75oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW6
75oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW6
75oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW6
75oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW6
75oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW6
75oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhW675oVuu+aFbrvmhUw
CgYIKoZIzj0EAwIDCQAwBgIBAQIBAQ==
-----END CERTIFICATE-----
"#,
        py313: r#"{"error":{"type":"SSLError","str":"unknown error (_ssl.c:1323)"}}"#,
        py36: Some(r#"{"error":{"type":"SSLError","str":"unknown error (_ssl.c:1168)"}}"#),
        py314: Some(r#"{"error":{"type":"SSLError","str":"unknown error (0x0) (_ssl.c:1385)"}}"#),
    },
    EdgeCase {
        name: "san_dns_badutf8.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIIBBDCB6qADAgECAgISNDAKBggqhkjOPQQDAjAeMQswCQYDVQQGEwJYWTEPMA0G
A1UEAwwGaXNzdWVyMB4XDTIwMDEwMTAwMDAwMFoXDTMwMDEwMTAwMDAwMFowHzEL
MAkGA1UEBhMCWFkxEDAOBgNVBAMMB3N1YmplY3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQ5dg/GYOvXfAt/cZVE4vmTLvCNvYu3CwG0DDGhbIjxysjBCA1jqSCd
PJqjag075nhiZEBB3s9KTlrLALzdK6ewoxcwFTATBgNVHREEDDAKggJva4IEYmFk
/zAKBggqhkjOPQQDAgMJADAGAgEBAgEB
-----END CERTIFICATE-----
"#,
        py313: r#"{"error":{"type":"UnicodeDecodeError","str":"'utf-8' codec can't decode byte 0xff in position 3: invalid start byte"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "san_dns_trunc_utf8.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIIBADCB5qADAgECAgISNDAKBggqhkjOPQQDAjAeMQswCQYDVQQGEwJYWTEPMA0G
A1UEAwwGaXNzdWVyMB4XDTIwMDEwMTAwMDAwMFoXDTMwMDEwMTAwMDAwMFowHzEL
MAkGA1UEBhMCWFkxEDAOBgNVBAMMB3N1YmplY3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQ5dg/GYOvXfAt/cZVE4vmTLvCNvYu3CwG0DDGhbIjxysjBCA1jqSCd
PJqjag075nhiZEBB3s9KTlrLALzdK6ewoxMwETAPBgNVHREECDAGggRhYuKCMAoG
CCqGSM49BAMCAwkAMAYCAQECAQE=
-----END CERTIFICATE-----
"#,
        py313: r#"{"error":{"type":"UnicodeDecodeError","str":"'utf-8' codec can't decode bytes in position 2-3: unexpected end of data"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "san_uri_badutf8.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIIBADCB5qADAgECAgISNDAKBggqhkjOPQQDAjAeMQswCQYDVQQGEwJYWTEPMA0G
A1UEAwwGaXNzdWVyMB4XDTIwMDEwMTAwMDAwMFoXDTMwMDEwMTAwMDAwMFowHzEL
MAkGA1UEBhMCWFkxEDAOBgNVBAMMB3N1YmplY3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQ5dg/GYOvXfAt/cZVE4vmTLvCNvYu3CwG0DDGhbIjxysjBCA1jqSCd
PJqjag075nhiZEBB3s9KTlrLALzdK6ewoxMwETAPBgNVHREECDAGhgR44iihMAoG
CCqGSM49BAMCAwkAMAYCAQECAQE=
-----END CERTIFICATE-----
"#,
        py313: r#"{"error":{"type":"UnicodeDecodeError","str":"'utf-8' codec can't decode byte 0xe2 in position 1: invalid continuation byte"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "san_upn_badutf8.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIIBFDCB+qADAgECAgISNDAKBggqhkjOPQQDAjAeMQswCQYDVQQGEwJYWTEPMA0G
A1UEAwwGaXNzdWVyMB4XDTIwMDEwMTAwMDAwMFoXDTMwMDEwMTAwMDAwMFowHzEL
MAkGA1UEBhMCWFkxEDAOBgNVBAMMB3N1YmplY3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQ5dg/GYOvXfAt/cZVE4vmTLvCNvYu3CwG0DDGhbIjxysjBCA1jqSCd
PJqjag075nhiZEBB3s9KTlrLALzdK6ewoycwJTAjBgNVHREEHDAaoBgGCisGAQQB
gjcUAgOgCgwIYmFk/3V0ZjgwCgYIKoZIzj0EAwIDCQAwBgIBAQIBAQ==
-----END CERTIFICATE-----
"#,
        py313: r#"{"error":{"type":"UnicodeDecodeError","str":"'utf-8' codec can't decode byte 0xff in position 7: invalid start byte"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "san_dirname.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIIBJjCCAQugAwIBAgICEjQwCgYIKoZIzj0EAwIwHjELMAkGA1UEBhMCWFkxDzAN
BgNVBAMMBmlzc3VlcjAeFw0yMDAxMDEwMDAwMDBaFw0zMDAxMDEwMDAwMDBaMB8x
CzAJBgNVBAYTAlhZMRAwDgYDVQQDDAdzdWJqZWN0MFkwEwYHKoZIzj0CAQYIKoZI
zj0DAQcDQgAEOXYPxmDr13wLf3GVROL5ky7wjb2LtwsBtAwxoWyI8crIwQgNY6kg
nTyao2oNO+Z4YmRAQd7PSk5aywC83SunsKM4MDYwNAYDVR0RBC0wK6QlMCMxCzAJ
BgNVBAYTAlhZMRQwCAYDVQQDDAFhMAgGA1UECgwBYqQCMAAwCgYIKoZIzj0EAwID
CQAwBgIBAQIBAQ==
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT","subjectAltName":[["DirName",[[["countryName","XY"]],[["commonName","a"],["organizationName","b"]]]],["DirName",[]]]}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "san_dirname_badutf8.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIIBFTCB+6ADAgECAgISNDAKBggqhkjOPQQDAjAeMQswCQYDVQQGEwJYWTEPMA0G
A1UEAwwGaXNzdWVyMB4XDTIwMDEwMTAwMDAwMFoXDTMwMDEwMTAwMDAwMFowHzEL
MAkGA1UEBhMCWFkxEDAOBgNVBAMMB3N1YmplY3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQ5dg/GYOvXfAt/cZVE4vmTLvCNvYu3CwG0DDGhbIjxysjBCA1jqSCd
PJqjag075nhiZEBB3s9KTlrLALzdK6ewoygwJjAkBgNVHREEHTAbggZiZWZvcmWk
ETAPMQ0wCwYDVQQDDARiYWT/MAoGCCqGSM49BAMCAwkAMAYCAQECAQE=
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: Some(r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT","subjectAltName":[]}}"#),
        py314: None,
    },
    EdgeCase {
        name: "san_empty.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIH6MIHgoAMCAQICAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwHhcNMjAwMTAxMDAwMDAwWhcNMzAwMTAxMDAwMDAwWjAfMQsw
CQYDVQQGEwJYWTEQMA4GA1UEAwwHc3ViamVjdDBZMBMGByqGSM49AgEGCCqGSM49
AwEHA0IABDl2D8Zg69d8C39xlUTi+ZMu8I29i7cLAbQMMaFsiPHKyMEIDWOpIJ08
mqNqDTvmeGJkQEHez0pOWssAvN0rp7CjDTALMAkGA1UdEQQCMAAwCgYIKoZIzj0E
AwIDCQAwBgIBAQIBAQ==
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT","subjectAltName":[]}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "san_dup.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIIBDzCB9aADAgECAgISNDAKBggqhkjOPQQDAjAeMQswCQYDVQQGEwJYWTEPMA0G
A1UEAwwGaXNzdWVyMB4XDTIwMDEwMTAwMDAwMFoXDTMwMDEwMTAwMDAwMFowHzEL
MAkGA1UEBhMCWFkxEDAOBgNVBAMMB3N1YmplY3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQ5dg/GYOvXfAt/cZVE4vmTLvCNvYu3CwG0DDGhbIjxysjBCA1jqSCd
PJqjag075nhiZEBB3s9KTlrLALzdK6ewoyIwIDAOBgNVHREEBzAFggNvbmUwDgYD
VR0RBAcwBYIDdHdvMAoGCCqGSM49BAMCAwkAMAYCAQECAQE=
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: Some(r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT","subjectAltName":[["DNS","one"],["DNS","two"]]}}"#),
        py314: None,
    },
    EdgeCase {
        name: "san_garbage.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIH8MIHioAMCAQICAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwHhcNMjAwMTAxMDAwMDAwWhcNMzAwMTAxMDAwMDAwWjAfMQsw
CQYDVQQGEwJYWTEQMA4GA1UEAwwHc3ViamVjdDBZMBMGByqGSM49AgEGCCqGSM49
AwEHA0IABDl2D8Zg69d8C39xlUTi+ZMu8I29i7cLAbQMMaFsiPHKyMEIDWOpIJ08
mqNqDTvmeGJkQEHez0pOWssAvN0rp7CjDzANMAsGA1UdEQQEMAWCATAKBggqhkjO
PQQDAgMJADAGAgEBAgEB
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: Some(r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT","subjectAltName":[]}}"#),
        py314: None,
    },
    EdgeCase {
        name: "aia_mixed.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIIBnzCCAYSgAwIBAgICEjQwCgYIKoZIzj0EAwIwHjELMAkGA1UEBhMCWFkxDzAN
BgNVBAMMBmlzc3VlcjAeFw0yMDAxMDEwMDAwMDBaFw0zMDAxMDEwMDAwMDBaMB8x
CzAJBgNVBAYTAlhZMRAwDgYDVQQDDAdzdWJqZWN0MFkwEwYHKoZIzj0CAQYIKoZI
zj0DAQcDQgAEOXYPxmDr13wLf3GVROL5ky7wjb2LtwsBtAwxoWyI8crIwQgNY6kg
nTyao2oNO+Z4YmRAQd7PSk5aywC83SunsKOBsDCBrTCBqgYIKwYBBQUHAQEEgZ0w
gZowFwYIKwYBBQUHMAKGC2h0dHA6Ly9jYS8xMBkGCCsGAQUFBzABhg1odHRwOi8v
b2NzcC8xMBQGCCsGAQUFBzABgghvY3NwLmRuczAXBggrBgEFBQcwBYYLaHR0cDov
L3JlcG8wHAYIKwYBBQUHMAGGEGh0dHA6Ly9vY3NwLwBudWwwFwYIKwYBBQUHMAKG
C2h0dHA6Ly9jYS8yMAoGCCqGSM49BAMCAwkAMAYCAQECAQE=
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT","OCSP":["http://ocsp/1","http://ocsp/\u0000nul"],"caIssuers":["http://ca/1","http://ca/2"]}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "aia_empty.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIH/MIHloAMCAQICAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwHhcNMjAwMTAxMDAwMDAwWhcNMzAwMTAxMDAwMDAwWjAfMQsw
CQYDVQQGEwJYWTEQMA4GA1UEAwwHc3ViamVjdDBZMBMGByqGSM49AgEGCCqGSM49
AwEHA0IABDl2D8Zg69d8C39xlUTi+ZMu8I29i7cLAbQMMaFsiPHKyMEIDWOpIJ08
mqNqDTvmeGJkQEHez0pOWssAvN0rp7CjEjAQMA4GCCsGAQUFBwEBBAIwADAKBggq
hkjOPQQDAgMJADAGAgEBAgEB
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "aia_badutf8.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIIBFTCB+6ADAgECAgISNDAKBggqhkjOPQQDAjAeMQswCQYDVQQGEwJYWTEPMA0G
A1UEAwwGaXNzdWVyMB4XDTIwMDEwMTAwMDAwMFoXDTMwMDEwMTAwMDAwMFowHzEL
MAkGA1UEBhMCWFkxEDAOBgNVBAMMB3N1YmplY3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQ5dg/GYOvXfAt/cZVE4vmTLvCNvYu3CwG0DDGhbIjxysjBCA1jqSCd
PJqjag075nhiZEBB3s9KTlrLALzdK6ewoygwJjAkBggrBgEFBQcBAQQYMBYwFAYI
KwYBBQUHMAGGCGh0dHA6Ly//MAoGCCqGSM49BAMCAwkAMAYCAQECAQE=
-----END CERTIFICATE-----
"#,
        py313: r#"{"error":{"type":"UnicodeDecodeError","str":"'utf-8' codec can't decode byte 0xff in position 7: invalid start byte"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "cdp_mixed.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIIBgTCCAWagAwIBAgICEjQwCgYIKoZIzj0EAwIwHjELMAkGA1UEBhMCWFkxDzAN
BgNVBAMMBmlzc3VlcjAeFw0yMDAxMDEwMDAwMDBaFw0zMDAxMDEwMDAwMDBaMB8x
CzAJBgNVBAYTAlhZMRAwDgYDVQQDDAdzdWJqZWN0MFkwEwYHKoZIzj0CAQYIKoZI
zj0DAQcDQgAEOXYPxmDr13wLf3GVROL5ky7wjb2LtwsBtAwxoWyI8crIwQgNY6kg
nTyao2oNO+Z4YmRAQd7PSk5aywC83SunsKOBkjCBjzCBjAYDVR0fBIGEMIGBMCmg
J6AlhgxodHRwOi8vY3JsLzGCB2NybC5kbnOGDGh0dHA6Ly9jcmwvMjAooiakJDAi
MQswCQYDVQQGEwJYWTETMBEGA1UEAwwKY3JsIGlzc3VlcjAQoA6hDDAKBgNVBAMM
A3JlbDAWoBCgDoYMaHR0cDovL2NybC8zgQIHgDAAMAoGCCqGSM49BAMCAwkAMAYC
AQECAQE=
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT","crlDistributionPoints":["http://crl/1","http://crl/2","http://crl/3"]}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "cdp_relative_only.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIIBDDCB8qADAgECAgISNDAKBggqhkjOPQQDAjAeMQswCQYDVQQGEwJYWTEPMA0G
A1UEAwwGaXNzdWVyMB4XDTIwMDEwMTAwMDAwMFoXDTMwMDEwMTAwMDAwMFowHzEL
MAkGA1UEBhMCWFkxEDAOBgNVBAMMB3N1YmplY3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQ5dg/GYOvXfAt/cZVE4vmTLvCNvYu3CwG0DDGhbIjxysjBCA1jqSCd
PJqjag075nhiZEBB3s9KTlrLALzdK6ewox8wHTAbBgNVHR8EFDASMBCgDqEMMAoG
A1UEAwwDcmVsMAoGCCqGSM49BAMCAwkAMAYCAQECAQE=
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "cdp_empty.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIH6MIHgoAMCAQICAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwHhcNMjAwMTAxMDAwMDAwWhcNMzAwMTAxMDAwMDAwWjAfMQsw
CQYDVQQGEwJYWTEQMA4GA1UEAwwHc3ViamVjdDBZMBMGByqGSM49AgEGCCqGSM49
AwEHA0IABDl2D8Zg69d8C39xlUTi+ZMu8I29i7cLAbQMMaFsiPHKyMEIDWOpIJ08
mqNqDTvmeGJkQEHez0pOWssAvN0rp7CjDTALMAkGA1UdHwQCMAAwCgYIKoZIzj0E
AwIDCQAwBgIBAQIBAQ==
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "cdp_nouri.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIIBAzCB6aADAgECAgISNDAKBggqhkjOPQQDAjAeMQswCQYDVQQGEwJYWTEPMA0G
A1UEAwwGaXNzdWVyMB4XDTIwMDEwMTAwMDAwMFoXDTMwMDEwMTAwMDAwMFowHzEL
MAkGA1UEBhMCWFkxEDAOBgNVBAMMB3N1YmplY3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQ5dg/GYOvXfAt/cZVE4vmTLvCNvYu3CwG0DDGhbIjxysjBCA1jqSCd
PJqjag075nhiZEBB3s9KTlrLALzdK6ewoxYwFDASBgNVHR8ECzAJMAegBaADggF4
MAoGCCqGSM49BAMCAwkAMAYCAQECAQE=
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "all_exts.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIIBWzCCAUCgAwIBAgICEjQwCgYIKoZIzj0EAwIwHjELMAkGA1UEBhMCWFkxDzAN
BgNVBAMMBmlzc3VlcjAeFw0yMDAxMDEwMDAwMDBaFw0zMDAxMDEwMDAwMDBaMB8x
CzAJBgNVBAYTAlhZMRAwDgYDVQQDDAdzdWJqZWN0MFkwEwYHKoZIzj0CAQYIKoZI
zj0DAQcDQgAEOXYPxmDr13wLf3GVROL5ky7wjb2LtwsBtAwxoWyI8crIwQgNY6kg
nTyao2oNO+Z4YmRAQd7PSk5aywC83SunsKNtMGswGwYDVR0fBBQwEjAQoA6gDIYK
aHR0cDovL2NybDA+BggrBgEFBQcBAQQyMDAwFQYIKwYBBQUHMAKGCWh0dHA6Ly9j
YTAXBggrBgEFBQcwAYYLaHR0cDovL29jc3AwDAYDVR0RBAUwA4IBYTAKBggqhkjO
PQQDAgMJADAGAgEBAgEB
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT","subjectAltName":[["DNS","a"]],"OCSP":["http://ocsp"],"caIssuers":["http://ca"],"crlDistributionPoints":["http://crl"]}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "pem_trusted.pem",
        pem: r#"-----BEGIN TRUSTED CERTIFICATE-----
MIHrMIHRoAMCAQICAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwHhcNMjAwMTAxMDAwMDAwWhcNMzAwMTAxMDAwMDAwWjAfMQsw
CQYDVQQGEwJYWTEQMA4GA1UEAwwHc3ViamVjdDBZMBMGByqGSM49AgEGCCqGSM49
AwEHA0IABDl2D8Zg69d8C39xlUTi+ZMu8I29i7cLAbQMMaFsiPHKyMEIDWOpIJ08
mqNqDTvmeGJkQEHez0pOWssAvN0rp7AwCgYIKoZIzj0EAwIDCQAwBgIBAQIBAQ==
-----END TRUSTED CERTIFICATE-----
"#,
        py313: r#"{"error":{"type":"SSLError","str":"('Error decoding PEM-encoded file',)"}}"#,
        py36: Some(r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#),
        py314: None,
    },
    EdgeCase {
        name: "pem_trailing_junk.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIHrMIHRoAMCAQICAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwHhcNMjAwMTAxMDAwMDAwWhcNMzAwMTAxMDAwMDAwWjAfMQsw
CQYDVQQGEwJYWTEQMA4GA1UEAwwHc3ViamVjdDBZMBMGByqGSM49AgEGCCqGSM49
AwEHA0IABDl2D8Zg69d8C39xlUTi+ZMu8I29i7cLAbQMMaFsiPHKyMEIDWOpIJ08
mqNqDTvmeGJkQEHez0pOWssAvN0rp7AwCgYIKoZIzj0EAwIDCQAwBgIBAQIBAQEC
Aw==
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: Some(r#"{"error":{"type":"SSLError","str":"('Error decoding PEM-encoded file',)"}}"#),
        py314: None,
    },
    EdgeCase {
        name: "pem_trailing_aux.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIHrMIHRoAMCAQICAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwHhcNMjAwMTAxMDAwMDAwWhcNMzAwMTAxMDAwMDAwWjAfMQsw
CQYDVQQGEwJYWTEQMA4GA1UEAwwHc3ViamVjdDBZMBMGByqGSM49AgEGCCqGSM49
AwEHA0IABDl2D8Zg69d8C39xlUTi+ZMu8I29i7cLAbQMMaFsiPHKyMEIDWOpIJ08
mqNqDTvmeGJkQEHez0pOWssAvN0rp7AwCgYIKoZIzj0EAwIDCQAwBgIBAQIBATAM
MAoGCCsGAQUFBwMB
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "pem_x509cert.pem",
        pem: r#"-----BEGIN X509 CERTIFICATE-----
MIHrMIHRoAMCAQICAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwHhcNMjAwMTAxMDAwMDAwWhcNMzAwMTAxMDAwMDAwWjAfMQsw
CQYDVQQGEwJYWTEQMA4GA1UEAwwHc3ViamVjdDBZMBMGByqGSM49AgEGCCqGSM49
AwEHA0IABDl2D8Zg69d8C39xlUTi+ZMu8I29i7cLAbQMMaFsiPHKyMEIDWOpIJ08
mqNqDTvmeGJkQEHez0pOWssAvN0rp7AwCgYIKoZIzj0EAwIDCQAwBgIBAQIBAQ==
-----END X509 CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","subject"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "pem_two.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIHpMIHPoAMCAQICAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwHhcNMjAwMTAxMDAwMDAwWhcNMzAwMTAxMDAwMDAwWjAdMQsw
CQYDVQQGEwJYWTEOMAwGA1UEAwwFZmlyc3QwWTATBgcqhkjOPQIBBggqhkjOPQMB
BwNCAAQ5dg/GYOvXfAt/cZVE4vmTLvCNvYu3CwG0DDGhbIjxysjBCA1jqSCdPJqj
ag075nhiZEBB3s9KTlrLALzdK6ewMAoGCCqGSM49BAMCAwkAMAYCAQECAQE=
-----END CERTIFICATE-----
-----BEGIN CERTIFICATE-----
MIHqMIHQoAMCAQICAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwHhcNMjAwMTAxMDAwMDAwWhcNMzAwMTAxMDAwMDAwWjAeMQsw
CQYDVQQGEwJYWTEPMA0GA1UEAwwGc2Vjb25kMFkwEwYHKoZIzj0CAQYIKoZIzj0D
AQcDQgAEOXYPxmDr13wLf3GVROL5ky7wjb2LtwsBtAwxoWyI8crIwQgNY6kgnTya
o2oNO+Z4YmRAQd7PSk5aywC83SunsDAKBggqhkjOPQQDAgMJADAGAgEBAgEB
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","first"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "pem_text_around.pem",
        pem: r#"some text
-----BEGIN FOO-----
AAAA
-----END FOO-----
-----BEGIN CERTIFICATE-----
MIHpMIHPoAMCAQICAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwHhcNMjAwMTAxMDAwMDAwWhcNMzAwMTAxMDAwMDAwWjAdMQsw
CQYDVQQGEwJYWTEOMAwGA1UEAwwFZmlyc3QwWTATBgcqhkjOPQIBBggqhkjOPQMB
BwNCAAQ5dg/GYOvXfAt/cZVE4vmTLvCNvYu3CwG0DDGhbIjxysjBCA1jqSCdPJqj
ag075nhiZEBB3s9KTlrLALzdK6ewMAoGCCqGSM49BAMCAwkAMAYCAQECAQE=
-----END CERTIFICATE-----
trailing text
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","first"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "pem_broken_then_good.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
AAAA
-----END CERTIFICATE-----
-----BEGIN CERTIFICATE-----
MIHqMIHQoAMCAQICAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwHhcNMjAwMTAxMDAwMDAwWhcNMzAwMTAxMDAwMDAwWjAeMQsw
CQYDVQQGEwJYWTEPMA0GA1UEAwwGc2Vjb25kMFkwEwYHKoZIzj0CAQYIKoZIzj0D
AQcDQgAEOXYPxmDr13wLf3GVROL5ky7wjb2LtwsBtAwxoWyI8crIwQgNY6kgnTya
o2oNO+Z4YmRAQd7PSk5aywC83SunsDAKBggqhkjOPQQDAgMJADAGAgEBAgEB
-----END CERTIFICATE-----
"#,
        py313: r#"{"error":{"type":"SSLError","str":"('Error decoding PEM-encoded file',)"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "pem_crlf.pem",
        pem: r#"-----BEGIN CERTIFICATE-----
MIHpMIHPoAMCAQICAhI0MAoGCCqGSM49BAMCMB4xCzAJBgNVBAYTAlhZMQ8wDQYD
VQQDDAZpc3N1ZXIwHhcNMjAwMTAxMDAwMDAwWhcNMzAwMTAxMDAwMDAwWjAdMQsw
CQYDVQQGEwJYWTEOMAwGA1UEAwwFZmlyc3QwWTATBgcqhkjOPQIBBggqhkjOPQMB
BwNCAAQ5dg/GYOvXfAt/cZVE4vmTLvCNvYu3CwG0DDGhbIjxysjBCA1jqSCdPJqj
ag075nhiZEBB3s9KTlrLALzdK6ewMAoGCCqGSM49BAMCAwkAMAYCAQECAQE=
-----END CERTIFICATE-----
"#,
        py313: r#"{"ok":{"subject":[[["countryName","XY"]],[["commonName","first"]]],"issuer":[[["countryName","XY"]],[["commonName","issuer"]]],"version":3,"serialNumber":"1234","notBefore":"Jan  1 00:00:00 2020 GMT","notAfter":"Jan  1 00:00:00 2030 GMT"}}"#,
        py36: None,
        py314: None,
    },
    EdgeCase {
        name: "pem_empty.pem",
        pem: r#""#,
        py313: r#"{"error":{"type":"SSLError","str":"('Error decoding PEM-encoded file',)"}}"#,
        py36: None,
        py314: None,
    },
];

/// `decode_cert` on every PEM of the repo's certs/ equals CPython's
/// `_ssl._test_decode_cert` (tests/golden/certs_decode-3.X.json, made by
/// tools/certs_oracle.py under each CPython).
#[test]
fn bundled_certs_decode_as_cpython() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut problems = Vec::new();
    let mut compared = 0;
    for &v in common::releases() {
        let path = common::golden_file(&format!("certs_decode-{v}.json"));
        let golden: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("golden")).expect("json");
        for (name, want) in golden.as_object().expect("files") {
            compared += 1;
            let ours = match pyssl::functions::decode_cert_for(root.join("certs").join(name), v) {
                Ok(c) => serde_json::json!({ "ok": c.to_json() }),
                Err(e) => {
                    serde_json::json!({ "error": { "type": e.python_type(), "str": e.message() } })
                }
            };
            if &ours != want {
                problems.push(format!("{v} {name}: ours {ours} cpython {want}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        compared >= common::floor_releases(8) * 20,
        "compared {compared}"
    );
}

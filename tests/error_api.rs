//! The `Error` type as Rust code uses it: `source()`, the conversion to
//! `io::Error`, and the errno → exception-class table, checked against
//! CPython's own `OSError(errno, …)` class choice.

mod common;

use std::error::Error as _;
use std::io;

use pyssl::{Error, ErrorKind, MemoryBio, Protocol, PythonVersion, SslContext};

fn certs(n: &str) -> std::path::PathBuf {
    common::root().join("certs").join(n)
}

#[test]
fn source_is_the_underlying_error() {
    // An OpenSSL failure carries OpenSSL's error stack.
    let ctx = SslContext::new(Protocol::TlsServer).unwrap();
    let e = ctx
        .load_cert_chain(certs("garbage.pem"), None, None)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Ssl);
    let src = e.source().expect("an OpenSSL error has a source");
    assert!(
        src.downcast_ref::<openssl::error::ErrorStack>().is_some(),
        "{src:?}"
    );
    // An io::Error stays reachable.
    let e = Error::from(io::Error::from_raw_os_error(libc::ECONNRESET));
    assert_eq!(e.kind(), ErrorKind::ConnectionReset);
    let io = e
        .source()
        .and_then(|s| s.downcast_ref::<io::Error>())
        .unwrap();
    assert_eq!(io.raw_os_error(), Some(libc::ECONNRESET));
}

#[test]
fn io_errors_keep_the_kind_and_the_pyssl_error() {
    let ctx = SslContext::new(Protocol::TlsClient).unwrap();
    let (i, o) = (MemoryBio::new().unwrap(), MemoryBio::new().unwrap());
    let mut obj = ctx
        .wrap_bio(&i, &o, false, Some("localhost"), None)
        .unwrap();
    let e = obj.do_handshake().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::WantRead);
    let io = io::Error::from(e.clone());
    assert_eq!(io.kind(), io::ErrorKind::WouldBlock);
    let inner = io.into_inner().unwrap().downcast::<Error>().unwrap();
    assert_eq!(*inner, e);
    for (kind, want) in [
        (libc::ETIMEDOUT, io::ErrorKind::TimedOut),
        (libc::EPIPE, io::ErrorKind::BrokenPipe),
        (libc::ENOENT, io::ErrorKind::NotFound),
        (libc::EACCES, io::ErrorKind::PermissionDenied),
    ] {
        let e = Error::os_error(kind, None);
        assert_eq!(io::Error::from(e).kind(), want, "errno {kind}");
    }
}

/// Every errno 1…133: the class `OSError(errno, 'x')` is in CPython and
/// `ErrorKind::from_errno(errno)` here.
#[test]
fn errno_classes_match_cpython() {
    let ours: Vec<String> = (1..134)
        .map(|n| {
            ErrorKind::from_errno(n)
                .python_name(PythonVersion::LATEST)
                .to_string()
        })
        .collect();
    let Some(py) = common::pyenv_python(PythonVersion::LATEST) else {
        eprintln!(
            "SKIPPED comparison: no pyenv CPython {}",
            PythonVersion::LATEST
        );
        return;
    };
    let out = common::python_command(&py)
        .arg("-c")
        .arg("import json; print(json.dumps([type(OSError(n, 'x')).__name__ for n in range(1, 134)]))")
        .output()
        .unwrap();
    assert!(out.status.success());
    let theirs: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    for (n, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        assert_eq!(a, b, "errno {}", n + 1);
    }
}

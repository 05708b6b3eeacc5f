//! `ErrorKind::mro` / `Error::is_instance`: the class hierarchy of every
//! exception pyssl raises, checked against each CPython's `__mro__`, so
//! ported `except ValueError:` / `except ConnectionError:` clauses keep their
//! meaning (issue: `SSLCertVerificationError` is also a `ValueError`).

mod common;

use pyssl::{Error, ErrorKind, PythonVersion};

const KINDS: &[ErrorKind] = &[
    ErrorKind::Ssl,
    ErrorKind::CertVerification,
    ErrorKind::ZeroReturn,
    ErrorKind::WantRead,
    ErrorKind::WantWrite,
    ErrorKind::Syscall,
    ErrorKind::Eof,
    ErrorKind::Certificate,
    ErrorKind::Value,
    ErrorKind::Type,
    ErrorKind::Key,
    ErrorKind::Attribute,
    ErrorKind::Overflow,
    ErrorKind::NotImplemented,
    ErrorKind::UnicodeEncode,
    ErrorKind::Unicode,
    ErrorKind::UnicodeDecode,
    ErrorKind::System,
    ErrorKind::Os,
    ErrorKind::FileNotFound,
    ErrorKind::IsADirectory,
    ErrorKind::Permission,
    ErrorKind::Timeout,
    ErrorKind::ConnectionReset,
    ErrorKind::BlockingIo,
    ErrorKind::ConnectionRefused,
    ErrorKind::ConnectionAborted,
    ErrorKind::BrokenPipe,
    ErrorKind::TimedOut,
    ErrorKind::ChildProcess,
    ErrorKind::FileExists,
    ErrorKind::NotADirectory,
    ErrorKind::Interrupted,
    ErrorKind::ProcessLookup,
];

/// `{name: [mro names]}` from CPython `v` for the given class names.
fn cpython_mros(v: PythonVersion, names: &[&str]) -> Option<serde_json::Value> {
    let py = common::pyenv_python(v)?;
    let script = format!(
        r#"
import builtins, json, socket, ssl
out = {{}}
for n in {names:?}:
    if n == "timeout":
        c = socket.timeout
    elif n.startswith(("SSL", "Certificate")):
        c = getattr(ssl, n)
    else:
        c = getattr(builtins, n)
    out[n] = [k.__name__ for k in c.__mro__]
print(json.dumps(out))
"#
    );
    let out = common::python_command(&py)
        .arg("-c")
        .arg(script)
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).ok()
}

#[test]
fn every_class_has_cpythons_mro() {
    let mut compared = 0;
    for v in PythonVersion::ALL.iter().copied() {
        // CertificateError is pyssl's own kind on 3.6 only; 3.7 added
        // SSLCertVerificationError (3.6 reports verification failures as
        // plain SSLError).
        let kinds: Vec<ErrorKind> = KINDS
            .iter()
            .copied()
            .filter(|k| match k {
                ErrorKind::Certificate => v == PythonVersion::Py36,
                ErrorKind::CertVerification => v != PythonVersion::Py36,
                _ => true,
            })
            .collect();
        let names: Vec<&str> = kinds.iter().map(|k| k.python_name(v)).collect();
        let Some(theirs) = cpython_mros(v, &names) else {
            eprintln!("note: no pyenv CPython {v}; MROs not compared for it");
            continue;
        };
        for k in kinds {
            let ours = k.mro(v);
            assert_eq!(
                serde_json::json!(ours),
                theirs[k.python_name(v)],
                "{v} {k:?}"
            );
            compared += 1;
        }
    }
    assert!(
        compared > 0 || std::env::var_os("CI").is_none(),
        "no CPython to compare with"
    );
}

#[test]
fn except_value_error_catches_verification_failures() {
    let e = Error::new(ErrorKind::CertVerification, vec![]);
    assert!(e.is_instance("ValueError"));
    assert!(e.is_instance("SSLError"));
    assert!(e.is_instance("OSError"));
    assert!(!e.is_instance("ConnectionError"));
    let reset = Error::os_error(libc::ECONNRESET, None);
    assert!(reset.is_instance("ConnectionError"));
    assert!(!reset.is_instance("ValueError"));
}

//! `get_server_certificate` and the deprecated module-level `wrap_socket`,
//! against the golden `socket_semantics` entries of every CPython 3.6–3.14
//! (a server with CPython's keycert3.pem; a self-signed one checked against
//! pycacert.pem) over 127.0.0.1 with kernel-chosen ports.

mod common;

use std::net::TcpListener;
use std::path::PathBuf;
use std::thread;
use std::time::Duration;

use common::{cpython_cert, diff_outcome, golden, outcome};
use pyssl::functions::{get_server_certificate, pem_cert_to_der_cert};
use pyssl::{Protocol, PythonVersion, SslContext, WrapOptions};
use serde_json::{json, Value};

/// Serves one TLS handshake with `cert` (PEM with key) and returns the port.
fn serve_once(v: PythonVersion, cert: PathBuf) -> (u16, thread::JoinHandle<()>) {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    let t = thread::spawn(move || {
        let ctx = SslContext::with_version(Protocol::TlsServer, v).expect("ctx");
        ctx.load_cert_chain(&cert, None, None).expect("cert");
        if let Ok((s, _)) = l.accept() {
            s.set_read_timeout(Some(Duration::from_secs(10))).ok();
            if let Ok(mut ss) = ctx.wrap_socket(s, WrapOptions::new().server_side(true)) {
                let _ = ss.recv(10);
            }
        }
    });
    (port, t)
}

#[test]
fn get_server_certificate_matches_cpython() {
    let mut problems = Vec::new();
    for &v in common::releases() {
        let g = golden(v);
        let cases = &g["socket_semantics"];
        // Plain fetch, no verification.
        let (port, t) = serve_once(v, cpython_cert(v, "keycert3.pem"));
        let timeout = v.at_least(10).then(|| Duration::from_secs(10));
        let r = get_server_certificate(("127.0.0.1", port), None, None, timeout, v).map(|pem| {
            let file = std::fs::read_to_string(cpython_cert(v, "keycert3.pem")).expect("pem");
            let start = file.find("-----BEGIN CERTIFICATE-----").expect("cert");
            let want = pem_cert_to_der_cert(&file[start..]).expect("der");
            let lines: Vec<&str> = pem.split('\n').collect();
            json!({
                "der_equal": pem_cert_to_der_cert(&pem).expect("der") == want,
                "pem_head": lines[0],
                "pem_tail": lines[lines.len() - 2..],
            })
        });
        t.join().expect("server");
        problems.extend(diff_outcome(
            &format!("{v} get_server_certificate"),
            &outcome(r),
            &cases["get_server_certificate(127.0.0.1)"],
        ));
        // ca_certs against a self-signed server: CPython's verify error.
        let (port, t) = serve_once(v, cpython_cert(v, "keycert.pem"));
        let ca = cpython_cert(v, "pycacert.pem");
        let r = get_server_certificate(("127.0.0.1", port), None, Some(&ca), timeout, v)
            .map(|s| json!(s));
        t.join().expect("server");
        let want = &cases["get_server_certificate(ca_certs=pycacert, self-signed server)"];
        let ours = outcome(r);
        problems.extend(diff_outcome(
            &format!("{v} get_server_certificate(ca_certs)"),
            &ours,
            want,
        ));
        if let (Some(code), Some(w)) = (
            ours["error"].get("verify_code"),
            want["error"].get("verify_code"),
        ) {
            if code != w {
                problems.push(format!("{v} verify_code ours {code} cpython {w}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
#[allow(deprecated)]
fn legacy_wrap_socket_checks_and_removal() {
    use pyssl::legacy::{wrap_socket, LegacyWrapArgs};
    let mut problems = Vec::new();
    for &v in common::releases() {
        let g = golden(v);
        let w = &g["wrap_arguments"];
        let (a, _b) = std::os::unix::net::UnixStream::pair().expect("pair");
        let keycert = cpython_cert(v, "keycert.pem");
        let r =
            wrap_socket(a, LegacyWrapArgs::new().keyfile(Some(&keycert)), v).map(|_| Value::Null);
        let ours = outcome(r);
        match w.get("ssl.wrap_socket(keyfile only)") {
            Some(want) => problems.extend(diff_outcome(&format!("{v} keyfile only"), &ours, want)),
            None => {
                if ours["error"]["str"] != "module 'ssl' has no attribute 'wrap_socket'" {
                    problems.push(format!("{v}: wrap_socket should be gone: {ours}"));
                }
            }
        }
        let (a, _b) = std::os::unix::net::UnixStream::pair().expect("pair");
        let r = wrap_socket(a, LegacyWrapArgs::new().server_side(true), v).map(|_| Value::Null);
        if let Some(want) = w.get("ssl.wrap_socket(server_side, no certfile)") {
            problems.extend(diff_outcome(
                &format!("{v} server_side no cert"),
                &outcome(r),
                want,
            ));
        }
        let _ = pyssl::warnings::take_warnings();
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

//! Differences from CPython that CPython's own test_ssl.py found when run
//! through the conformance shim (`conformance/run.sh`), each pinned here
//! against CPython's observed answer so it cannot come back unnoticed.

/// A client connection from a TLS_SERVER context, or a server one from a
/// TLS_CLIENT context: 3.10+ refuses when wrapping; 3.6–3.9 wrap, and the
/// handshake fails in OpenSSL (test_ssl's `test_echo` subtests, observed
/// with CPython 3.9.18 and 3.10.13 over memory BIOs).
#[test]
fn wrong_side_contexts_fail_where_cpython_fails() {
    use pyssl::{MemoryBio, Protocol, PythonVersion, SslContext, VerifyMode};
    for (v, protocol, server_side) in [
        (PythonVersion::Py39, Protocol::TlsServer, false),
        (PythonVersion::Py39, Protocol::TlsClient, true),
        (PythonVersion::Py310, Protocol::TlsServer, false),
        (PythonVersion::Py310, Protocol::TlsClient, true),
    ] {
        let ctx = SslContext::with_version(protocol, v).expect("ctx");
        if protocol == Protocol::TlsClient {
            ctx.set_check_hostname(false).expect("ch");
            ctx.set_verify_mode(VerifyMode::CertNone).expect("vm");
        }
        let (a, b) = (MemoryBio::new().expect("a"), MemoryBio::new().expect("b"));
        let e = match ctx.wrap_bio(&a, &b, server_side, None, None) {
            Err(e) => e,
            Ok(mut o) => {
                if server_side {
                    a.write(&[0x16, 0x03, 0x01, 0x00]).expect("write");
                }
                o.do_handshake().expect_err("handshake must fail")
            }
        };
        let side = if server_side { "server" } else { "client" };
        let (errno, text) = if v == PythonVersion::Py39 {
            (1, "[SSL] called a function you should not call".to_owned())
        } else {
            let other = if server_side { "CLIENT" } else { "SERVER" };
            (
                0,
                format!("Cannot create a {side} socket with a PROTOCOL_TLS_{other} context"),
            )
        };
        assert_eq!(
            (e.errno(), e.to_string()),
            (Some(errno), text),
            "{v:?} {side}"
        );
        assert_eq!(e.python_type(), "SSLError");
    }
}

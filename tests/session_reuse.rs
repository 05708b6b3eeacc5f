//! One `SSLSession` offered to several connections, as CPython's own
//! `test_ssl.ThreadedTests.test_session` does: connect without a session,
//! reuse it, connect without one again, reuse the first one again. Every
//! connection ends without `unwrap()` (the objects are just dropped).
//!
//! OpenSSL marks a session non-resumable when a connection using it is freed
//! without close_notify having been sent. CPython up to 3.13 therefore hands
//! each connection a copy (`_ssl_session_dup`, in the `session` getter and
//! setter); 3.14 shares the session instead and marks every connection as shut
//! down before freeing it. Either way the fourth connection resumes, on every
//! release — observed with CPython 3.13.0 and 3.14.7's `test_session`.

use std::path::Path;

mod common;

use pyssl::{Protocol, PythonVersion, SslContext, SslSession, TlsVersion};

const CERTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/certs");

fn contexts(v: PythonVersion) -> (SslContext, SslContext) {
    let server = SslContext::with_version(Protocol::TlsServer, v).expect("server context");
    server
        .load_cert_chain(
            format!("{CERTS}/server.pem"),
            Some(Path::new(&format!("{CERTS}/server.key"))),
            None,
        )
        .expect("server certificate");
    let client = SslContext::with_version(Protocol::TlsClient, v).expect("client context");
    client
        .load_verify_locations(Some(Path::new(&format!("{CERTS}/ca.pem"))), None, None)
        .expect("CA");
    // As test_session: "sessions aren't compatible with TLSv1.3 yet".
    client
        .set_maximum_version(TlsVersion::TlsV1_2)
        .expect("maximum_version");
    (client, server)
}

/// One connection over memory BIOs, handshake and a byte of data each way,
/// then both ends dropped without `unwrap()`. Returns the client's session
/// and `session_reused`.
fn connect(
    client: &SslContext,
    server: &SslContext,
    session: Option<&SslSession>,
) -> (SslSession, bool) {
    let mut p = common::BioPair::with_session(client, server, Some("localhost"), session)
        .expect("wrap_bio");
    let (c_err, s_err) = p.handshake();
    assert!(
        c_err.is_none() && s_err.is_none(),
        "handshake failed: {c_err:?} {s_err:?}"
    );
    p.client.write(b"x").expect("client write");
    p.flush();
    assert_eq!(p.server.read(1).expect("server read"), b"x");
    p.server.write(b"y").expect("server write");
    p.flush();
    assert_eq!(p.client.read(1).expect("client read"), b"y");
    let sess = p
        .client
        .session()
        .expect("a client session after the handshake");
    (sess, p.client.session_reused())
}

#[test]
fn one_session_resumes_again_after_connections_closed_without_unwrap() {
    for &v in PythonVersion::ALL.iter().filter(|v| v.at_least(7)) {
        let (client, server) = contexts(v);
        let (first, reused) = connect(&client, &server, None);
        assert!(!reused, "{v}: first connection");
        let (second, reused) = connect(&client, &server, Some(&first));
        assert!(reused, "{v}: second connection offers the first session");
        assert_eq!(second.id(), first.id(), "{v}");
        let (third, reused) = connect(&client, &server, None);
        assert!(!reused, "{v}: third connection, no session");
        assert_ne!(third.id(), first.id(), "{v}");
        let (fourth, reused) = connect(&client, &server, Some(&first));
        assert!(
            reused,
            "{v}: the first session offered again after a connection that used it closed"
        );
        assert_eq!(fourth.id(), first.id(), "{v}");
        let stats = server.session_stats();
        assert_eq!(
            (stats.accept, stats.hits),
            (4, 2),
            "{v}: server session_stats"
        );
    }
}

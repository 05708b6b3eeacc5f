//! `sni_callback`: the server sees the client's name, can switch context
//! (certificate) mid-handshake, or refuse with an alert — with CPython's
//! outcomes on both sides (observed with CPython 3.14's oracle:
//! `sni_callback_*` in tests/golden/oracle-3.14.json).

mod common;

use std::sync::{Arc, Mutex};

use common::BioPair as Pair;
use pyssl::{Protocol, PythonVersion, SniConnection, SslContext};

fn certs(n: &str) -> std::path::PathBuf {
    common::root().join("certs").join(n)
}

fn contexts() -> (SslContext, SslContext, SslContext) {
    let v = PythonVersion::Py314;
    let client = SslContext::with_version(Protocol::TlsClient, v).unwrap();
    client
        .load_verify_locations(Some(&certs("ca.pem")), None, None)
        .unwrap();
    let server = SslContext::with_version(Protocol::TlsServer, v).unwrap();
    server
        .load_cert_chain(
            certs("wrong-host.pem"),
            Some(&certs("wrong-host.key")),
            None,
        )
        .unwrap();
    let other = SslContext::with_version(Protocol::TlsServer, v).unwrap();
    other
        .load_cert_chain(certs("server.pem"), Some(&certs("server.key")), None)
        .unwrap();
    (client, server, other)
}

#[test]
fn callback_sees_name_and_switches_certificate() {
    let (client, server, other) = contexts();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let seen2 = Arc::clone(&seen);
    let other2 = other.clone();
    server
        .set_sni_callback(Some(Arc::new(
            move |conn: &mut SniConnection<'_>, name: Option<&str>, _ctx: &SslContext| {
                seen2.lock().unwrap().push(name.map(str::to_owned));
                conn.set_context(&other2)?;
                Ok(None)
            },
        )))
        .unwrap();
    let mut p = Pair::new(&client, &server, Some("localhost")).expect("pair");
    let (c, s) = p.handshake();
    assert!(c.is_none() && s.is_none(), "{c:?} {s:?}");
    assert_eq!(*seen.lock().unwrap(), vec![Some("localhost".to_string())]);
    assert!(
        p.server.context() == other,
        "the connection now uses the other context"
    );
    // Without the switch the client would have refused wrong-host.pem.
    let cert = p.client.getpeercert().unwrap().to_json();
    assert_eq!(cert["subject"][2][0][1], "localhost");
}

#[test]
fn alert_from_callback_fails_both_sides_as_in_cpython() {
    let (client, server, _) = contexts();
    server
        .set_sni_callback(Some(Arc::new(
            |_: &mut SniConnection<'_>, _: Option<&str>, _: &SslContext| Ok(Some(112)),
        )))
        .unwrap();
    let mut p = Pair::new(&client, &server, Some("localhost")).expect("pair");
    let (c, s) = p.handshake();
    let (c, s) = (c.expect("client error"), s.expect("server error"));
    // CPython 3.13 (oracle sni_callback_alert): client TLSV1_UNRECOGNIZED_NAME,
    // server CALLBACK_FAILED.
    assert_eq!(c.reason(), Some("TLSV1_UNRECOGNIZED_NAME"), "{c}");
    assert_eq!(s.reason(), Some("CALLBACK_FAILED"), "{s}");
    assert_eq!(s.to_string(), "[SSL: CALLBACK_FAILED] callback failed");
}

#[test]
fn no_server_name_without_sni_and_client_context_refuses() {
    let (client, server, _) = contexts();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let seen2 = Arc::clone(&seen);
    server
        .set_sni_callback(Some(Arc::new(
            move |_: &mut SniConnection<'_>, name: Option<&str>, _: &SslContext| {
                seen2.lock().unwrap().push(name.map(str::to_owned));
                Ok(None)
            },
        )))
        .unwrap();
    client.set_check_hostname(false).unwrap();
    let mut p = Pair::new(&client, &server, None).expect("pair");
    let _ = p.handshake();
    assert_eq!(*seen.lock().unwrap(), vec![None]);
    let e = client.set_sni_callback(None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "sni_callback cannot be set on TLS_CLIENT context"
    );
}

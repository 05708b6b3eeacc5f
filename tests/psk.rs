//! TLS-PSK (`set_psk_client_callback` / `set_psk_server_callback`, 3.13):
//! CPython's own test_psk and test_psk_tls1_3 ported, compared live with
//! CPython 3.14 when pyenv has it (version and cipher negotiated, callback
//! arguments), plus the context-side checks.

mod common;

use std::sync::{Arc, Mutex};

use pyssl::{Protocol, PythonVersion, SslContext, TlsVersion, VerifyMode};

fn certs(n: &str) -> std::path::PathBuf {
    common::root().join("certs").join(n)
}

/// Handshake over a MemoryBio pair; the client's (version, cipher).
fn handshake(
    c: &SslContext,
    s: &SslContext,
) -> Result<(Option<String>, Option<String>), pyssl::Error> {
    let mut p = common::BioPair::new(c, s, None)?;
    if let (Some(e), _) | (None, Some(e)) = p.handshake() {
        return Err(e);
    }
    Ok((p.client.version(), p.client.cipher().map(|c| c.0)))
}

fn contexts(tls13: bool) -> (SslContext, SslContext) {
    let v = PythonVersion::Py314;
    let c = SslContext::with_version(Protocol::TlsClient, v).expect("c");
    c.set_check_hostname(false).expect("ch");
    c.set_verify_mode(VerifyMode::CertNone).expect("vm");
    let s = SslContext::with_version(Protocol::TlsServer, v).expect("s");
    s.load_cert_chain(certs("server.pem"), Some(&certs("server.key")), None)
        .expect("cert");
    for ctx in [&c, &s] {
        if tls13 {
            ctx.set_minimum_version(TlsVersion::TlsV1_3).expect("min");
        } else {
            ctx.set_maximum_version(TlsVersion::TlsV1_2).expect("max");
        }
        ctx.set_ciphers("PSK").expect("ciphers");
    }
    (c, s)
}

/// What CPython 3.14 negotiates in the same two scenarios (None: no pyenv).
fn cpython() -> Option<serde_json::Value> {
    let py = common::pyenv_python(PythonVersion::Py314)?;
    let script = format!(
        r#"
import json, ssl
def run(tls13):
    psk = bytes.fromhex('deadbeef'); seen = []
    c = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT); c.check_hostname = False; c.verify_mode = ssl.CERT_NONE
    s = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); s.load_cert_chain({cert:?}, {key:?})
    for x in (c, s):
        if tls13: x.minimum_version = ssl.TLSVersion.TLSv1_3
        else: x.maximum_version = ssl.TLSVersion.TLSv1_2
        x.set_ciphers('PSK')
    def ccb(hint): seen.append(['hint', hint]); return ('client-identity' if tls13 else None, psk)
    def scb(identity): seen.append(['identity', identity]); return psk
    c.set_psk_client_callback(ccb)
    if tls13: s.set_psk_server_callback(scb, 'identity-hint')
    else: s.set_psk_server_callback(scb)
    b = [ssl.MemoryBIO() for _ in range(4)]
    co = c.wrap_bio(b[0], b[1]); so = s.wrap_bio(b[2], b[3], server_side=True)
    cd = sd = False
    for _ in range(20):
        if not cd:
            try: co.do_handshake(); cd = True
            except ssl.SSLWantReadError: pass
        b[2].write(b[1].read()); b[0].write(b[3].read())
        if not sd:
            try: so.do_handshake(); sd = True
            except ssl.SSLWantReadError: pass
        x = b[1].read(); y = b[3].read(); b[2].write(x); b[0].write(y)
        if cd and sd and not x and not y: break
    return {{'version': co.version(), 'cipher': co.cipher()[0], 'seen': seen}}
print(json.dumps({{'tls12': run(False), 'tls13': run(True)}}))
"#,
        cert = certs("server.pem").display().to_string(),
        key = certs("server.key").display().to_string()
    );
    let out = common::python_command(&py)
        .arg("-c")
        .arg(script)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    serde_json::from_slice(&out.stdout).ok()
}

fn run(tls13: bool) -> serde_json::Value {
    let (c, s) = contexts(tls13);
    let psk = vec![0xde, 0xad, 0xbe, 0xef];
    let seen = Arc::new(Mutex::new(Vec::<serde_json::Value>::new()));
    let (seen_c, seen_s, psk_c, psk_s) = (seen.clone(), seen.clone(), psk.clone(), psk.clone());
    c.set_psk_client_callback(Some(Arc::new(move |hint: Option<&str>| {
        seen_c
            .lock()
            .expect("lock")
            .push(serde_json::json!(["hint", hint]));
        Ok((tls13.then(|| "client-identity".to_string()), psk_c.clone()))
    })))
    .expect("client cb");
    s.set_psk_server_callback(
        Some(Arc::new(move |identity: Option<&str>| {
            seen_s
                .lock()
                .expect("lock")
                .push(serde_json::json!(["identity", identity]));
            Ok(psk_s.clone())
        })),
        tls13.then_some("identity-hint"),
    )
    .expect("server cb");
    let (version, cipher) = handshake(&c, &s).expect("psk handshake");
    let seen = seen.lock().expect("lock").clone();
    serde_json::json!({"version": version, "cipher": cipher, "seen": seen})
}

#[test]
fn psk_handshakes_match_cpython() {
    let ours = serde_json::json!({"tls12": run(false), "tls13": run(true)});
    assert_eq!(ours["tls12"]["version"], "TLSv1.2");
    assert_eq!(ours["tls13"]["version"], "TLSv1.3");
    match cpython() {
        Some(theirs) => assert_eq!(ours, theirs),
        None => eprintln!("note: no pyenv CPython 3.14; PSK compared with itself only"),
    }
}

#[test]
fn psk_setters_check_the_side_and_the_version() {
    let v = PythonVersion::Py314;
    let s = SslContext::with_version(Protocol::TlsServer, v).expect("s");
    let e = s.set_psk_client_callback(None).expect_err("server");
    assert_eq!(
        e.to_string(),
        "Cannot add PSK client callback to a PROTOCOL_TLS_SERVER context"
    );
    // CPython's `_setSSLError(…, "Cannot add…", 0, …)`: SSLError(0, text),
    // no library, no reason (test_ssl's test_psk asserts the class).
    assert_eq!(e.python_type(), "SSLError");
    assert_eq!(e.errno(), Some(0));
    assert_eq!(e.library(), None);
    let c = SslContext::with_version(Protocol::TlsClient, v).expect("c");
    let e = c.set_psk_server_callback(None, None).expect_err("client");
    assert_eq!(
        e.to_string(),
        "Cannot add PSK server callback to a PROTOCOL_TLS_CLIENT context"
    );
    assert_eq!(e.python_type(), "SSLError");
    let old = SslContext::with_version(Protocol::TlsClient, PythonVersion::Py312).expect("old");
    let e = old.set_psk_client_callback(None).expect_err("3.12");
    assert_eq!(
        e.to_string(),
        "'SSLContext' object has no attribute 'set_psk_client_callback'"
    );
}

/// Outcome of a TLS 1.2 PSK-only handshake after the client's callback went
/// Some -> None (`cleared`) or Some -> None -> Some (`restored`): the
/// client's and the server's result, "ok" or `Class:REASON`.
fn toggled(restore: bool) -> Vec<String> {
    let (c, s) = contexts(false);
    let psk = vec![0xde, 0xad, 0xbe, 0xef];
    let (p1, p2, p3) = (psk.clone(), psk.clone(), psk);
    let first: Arc<pyssl::PskClientCallback> = Arc::new(move |_h| Ok((None, p1.clone())));
    c.set_psk_client_callback(Some(first)).expect("set");
    c.set_psk_client_callback(None).expect("clear");
    if restore {
        let again: Arc<pyssl::PskClientCallback> = Arc::new(move |_h| Ok((None, p2.clone())));
        c.set_psk_client_callback(Some(again)).expect("set again");
    }
    s.set_psk_server_callback(Some(Arc::new(move |_id| Ok(p3.clone()))), None)
        .expect("server cb");
    let mut p = common::BioPair::new(&c, &s, None).expect("pair");
    let (ce, se) = p.handshake();
    [ce, se]
        .iter()
        .map(|e| match e {
            None => "ok".to_string(),
            Some(e) => format!("{}:{}", e.python_type(), e.reason().unwrap_or("")),
        })
        .collect()
}

fn cpython_toggled() -> Option<serde_json::Value> {
    let py = common::pyenv_python(PythonVersion::Py314)?;
    let script = format!(
        r#"
import json, ssl
def run(restore):
    psk = bytes.fromhex('deadbeef')
    c = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT); c.check_hostname = False; c.verify_mode = ssl.CERT_NONE
    s = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); s.load_cert_chain({cert:?}, {key:?})
    for x in (c, s):
        x.maximum_version = ssl.TLSVersion.TLSv1_2
        x.set_ciphers('PSK')
    c.set_psk_client_callback(lambda h: (None, psk))
    c.set_psk_client_callback(None)
    if restore: c.set_psk_client_callback(lambda h: (None, psk))
    s.set_psk_server_callback(lambda i: psk)
    b = [ssl.MemoryBIO() for _ in range(4)]
    co = c.wrap_bio(b[0], b[1]); so = s.wrap_bio(b[2], b[3], server_side=True)
    res = [None, None]
    for _ in range(20):
        for i, (o, out, inp) in enumerate(((co, b[1], b[2]), (so, b[3], b[0]))):
            if res[i] is None:
                try: o.do_handshake(); res[i] = 'ok'
                except ssl.SSLWantReadError: pass
                except ssl.SSLError as e: res[i] = '%s:%s' % (type(e).__name__, e.reason or '')
            inp.write(out.read())
    return res
print(json.dumps({{'cleared': run(False), 'restored': run(True)}}))
"#,
        cert = certs("server.pem").display().to_string(),
        key = certs("server.key").display().to_string()
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

/// `set_psk_client_callback(None)` clears the callback as CPython does (the
/// client then offers no PSK cipher), and setting one again works.
#[test]
fn clearing_and_setting_again_the_psk_callback_match_cpython() {
    let ours = serde_json::json!({"cleared": toggled(false), "restored": toggled(true)});
    assert_eq!(ours["restored"], serde_json::json!(["ok", "ok"]));
    assert_ne!(ours["cleared"][0], "ok", "no PSK cipher without a callback");
    match cpython_toggled() {
        Some(theirs) => assert_eq!(ours, theirs),
        None => eprintln!("SKIPPED comparison: no pyenv CPython 3.14; pyssl gave {ours}"),
    }
}

/// test_ssl's `test_psk_tls1_3` (3.13+): a server with no certificate at all
/// must take the client's external PSK. The session OpenSSL makes from the
/// client callback has no session id context, so the client connection must
/// have none either (3.13 moved CPython's "Python" id context to server
/// connections); with one, the client failed with
/// `ATTEMPT_TO_REUSE_SESSION_IN_DIFFERENT_CONTEXT`.
#[test]
fn tls13_psk_with_no_server_certificate() {
    for v in [PythonVersion::Py313, PythonVersion::Py314] {
        let c = SslContext::with_version(Protocol::TlsClient, v).expect("c");
        c.set_check_hostname(false).expect("ch");
        c.set_verify_mode(VerifyMode::CertNone).expect("vm");
        let s = SslContext::with_version(Protocol::TlsServer, v).expect("s");
        for ctx in [&c, &s] {
            ctx.set_minimum_version(TlsVersion::TlsV1_3).expect("min");
            ctx.set_ciphers("PSK").expect("ciphers");
        }
        let psk = vec![0xde, 0xad, 0xbe, 0xef];
        let (pc, ps) = (psk.clone(), psk);
        c.set_psk_client_callback(Some(Arc::new(move |hint: Option<&str>| {
            assert_eq!(hint, None, "TLS 1.3 sends no identity hint");
            Ok((Some("client-identity".to_string()), pc.clone()))
        })))
        .expect("client cb");
        s.set_psk_server_callback(
            Some(Arc::new(move |identity: Option<&str>| {
                assert_eq!(identity, Some("client-identity"));
                Ok(ps.clone())
            })),
            Some("identity-hint"),
        )
        .expect("server cb");
        let (version, _) = handshake(&c, &s).unwrap_or_else(|e| panic!("{v:?}: {e}"));
        assert_eq!(version.as_deref(), Some("TLSv1.3"), "{v:?}");
    }
}

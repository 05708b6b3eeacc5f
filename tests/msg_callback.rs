//! `SSLContext._msg_callback` (`SslContext::set_msg_callback`): the same
//! messages, with the same `(direction, version, content_type, msg_type,
//! len(data))`, as CPython reports for the same handshake over memory BIOs.

mod common;

use std::sync::{Arc, Mutex};

use pyssl::context::Message;
use pyssl::{Protocol, PythonVersion, SslContext, TlsVersion, VerifyMode};
use serde_json::{json, Value};

fn cert(n: &str) -> String {
    common::root().join("certs").join(n).display().to_string()
}

/// What the client's callback saw, per handshake: TLS 1.2, then TLS 1.3.
fn ours(v: PythonVersion) -> Value {
    let mut runs = Vec::new();
    for tls13 in [false, true] {
        let c = SslContext::with_version(Protocol::TlsClient, v).expect("c");
        c.set_check_hostname(false).expect("ch");
        c.set_verify_mode(VerifyMode::CertNone).expect("vm");
        let s = SslContext::with_version(Protocol::TlsServer, v).expect("s");
        s.load_cert_chain(cert("server.pem"), Some(cert("server.key").as_ref()), None)
            .expect("cert");
        if !tls13 {
            c.set_maximum_version(TlsVersion::TlsV1_2).expect("max");
        }
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        c.set_msg_callback(Some(Arc::new(move |m: &Message<'_>| {
            sink.lock().expect("lock").push(json!([
                if m.write { "write" } else { "read" },
                m.version,
                m.content_type,
                m.msg_type,
                m.data.len()
            ]));
        })));
        let mut p = common::BioPair::new(&c, &s, None).expect("pair");
        let (ce, se) = p.handshake();
        assert!(ce.is_none() && se.is_none(), "{ce:?} {se:?}");
        // Cleared: a later connection of the context reports nothing.
        c.set_msg_callback(None);
        let mut q = common::BioPair::new(&c, &s, None).expect("pair");
        let before = seen.lock().expect("lock").len();
        let _ = q.handshake();
        assert_eq!(seen.lock().expect("lock").len(), before, "callback cleared");
        let all = seen.lock().expect("lock").clone();
        runs.push(Value::Array(all));
    }
    Value::Array(runs)
}

fn theirs(v: PythonVersion) -> Option<Value> {
    let py = common::pyenv_python(v)?;
    let script = format!(
        r#"
import json, ssl
runs = []
for tls13 in (False, True):
    c = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT); c.check_hostname = False; c.verify_mode = ssl.CERT_NONE
    s = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); s.load_cert_chain({cert:?}, {key:?})
    if not tls13: c.maximum_version = ssl.TLSVersion.TLSv1_2
    seen = []
    c._msg_callback = lambda conn, d, ver, ct, mt, data: seen.append([d, int(ver), int(ct), int(mt), len(data)])
    b = [ssl.MemoryBIO() for _ in range(4)]
    co = c.wrap_bio(b[0], b[1]); so = s.wrap_bio(b[2], b[3], server_side=True)
    def flush():
        x = b[1].read(); y = b[3].read()
        if x: b[2].write(x)
        if y: b[0].write(y)
        return len(x) + len(y)
    cd = sd = False
    for _ in range(30):
        if not cd:
            try: co.do_handshake(); cd = True
            except ssl.SSLWantReadError: pass
        flush()
        if not sd:
            try: so.do_handshake(); sd = True
            except ssl.SSLWantReadError: pass
        if cd and sd and flush() == 0: break
    runs.append(seen)
print(json.dumps(runs))
"#,
        cert = cert("server.pem"),
        key = cert("server.key"),
    );
    let out = common::python_command(&py)
        .arg("-c")
        .arg(script)
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "CPython failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).ok()
}

#[test]
fn messages_match_cpython() {
    for v in [PythonVersion::Py38, PythonVersion::Py314]
        .into_iter()
        .filter(|v| common::releases().contains(v))
    {
        let ours = ours(v);
        assert!(
            ours[0].as_array().is_some_and(|a| a.len() > 5),
            "TLS 1.2 handshake reported: {ours}"
        );
        match theirs(v) {
            Some(theirs) => assert_eq!(ours, theirs, "{v:?}"),
            None => eprintln!("note: no pyenv CPython {v}; message callback not compared"),
        }
    }
}

/// CPython reads `msg_type` from a signed C `char`: a record header's first
/// byte, an alert's description, a handshake message's type.
#[test]
fn msg_type_follows_cpython_decoding() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let c = SslContext::with_version(Protocol::TlsClient, PythonVersion::LATEST).expect("c");
    c.set_msg_callback(Some(Arc::new(move |m: &Message<'_>| {
        sink.lock()
            .expect("lock")
            .push((m.content_type, m.msg_type, m.version, m.data.to_vec()));
    })));
    let s = SslContext::with_version(Protocol::TlsServer, PythonVersion::LATEST).expect("s");
    s.load_cert_chain(cert("server.pem"), Some(cert("server.key").as_ref()), None)
        .expect("cert");
    // The client verifies and fails: it sends an alert (unknown_ca, 48).
    let mut p = common::BioPair::new(&c, &s, Some("localhost")).expect("pair");
    let (ce, _) = p.handshake();
    assert_eq!(
        ce.expect("verify fails").python_type(),
        "SSLCertVerificationError"
    );
    let seen = seen.lock().expect("lock");
    for (ct, mt, version, data) in seen.iter() {
        match ct {
            256 => {
                assert_eq!(*mt, data[0] as i8 as i32);
                assert_eq!(*version, (data[1] as i32) << 8 | data[2] as i32);
            }
            21 => assert_eq!(*mt, data[1] as i8 as i32),
            22 | 257 => assert_eq!(*mt, data[0] as i8 as i32),
            20 => assert_eq!(*mt, 0x0101),
            _ => assert_eq!(*mt, -1),
        }
    }
    assert!(
        seen.iter().any(|(ct, mt, _, _)| *ct == 21 && *mt == 48),
        "the unknown_ca alert is reported"
    );
}

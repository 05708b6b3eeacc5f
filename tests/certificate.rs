//! `Certificate` (CPython 3.13+'s `_ssl.Certificate`): what
//! `get_verified_chain()` / `get_unverified_chain()` hold, compared with
//! CPython 3.14 for the same handshake (server-chain.pem, verified by ca.pem).

mod common;

use pyssl::certificate::{Encoding, PublicBytes};
use pyssl::{Certificate, Protocol, PythonVersion, SslContext};
use serde_json::{json, Value};

fn cert(n: &str) -> String {
    common::root().join("certs").join(n).display().to_string()
}

fn describe(chain: &[Certificate], other: &[Certificate]) -> Value {
    let v = PythonVersion::Py314;
    Value::Array(
        chain
            .iter()
            .map(|c| {
                let pem = match c.public_bytes(Encoding::Pem).expect("pem") {
                    PublicBytes::Pem(s) => s,
                    other => panic!("{other:?}"),
                };
                let der = match c.public_bytes(Encoding::Der).expect("der") {
                    PublicBytes::Der(b) => b,
                    other => panic!("{other:?}"),
                };
                json!({
                    "pem": pem,
                    "der_len": der.len(),
                    "info": c.get_info(v).expect("info").to_json(),
                    "repr": format!("<_ssl.Certificate '{}'>", c.subject_rfc2253()),
                    "hash": c.subject_name_hash(),
                    "in_other": other.iter().filter(|o| *o == c).count(),
                })
            })
            .collect(),
    )
}

fn ours() -> Value {
    let v = PythonVersion::Py314;
    let c = SslContext::with_version(Protocol::TlsClient, v).expect("c");
    c.load_verify_locations(Some(cert("ca.pem").as_ref()), None, None)
        .expect("ca");
    let s = SslContext::with_version(Protocol::TlsServer, v).expect("s");
    s.load_cert_chain(
        cert("server-chain.pem"),
        Some(cert("server.key").as_ref()),
        None,
    )
    .expect("chain");
    let mut p = common::BioPair::new(&c, &s, Some("localhost")).expect("pair");
    let (ce, se) = p.handshake();
    assert!(ce.is_none() && se.is_none(), "{ce:?} {se:?}");
    let load = |ders: Vec<Vec<u8>>| -> Vec<Certificate> {
        ders.iter()
            .map(|d| Certificate::from_der(d).expect("der"))
            .collect()
    };
    let verified = load(p.client.get_verified_chain());
    let unverified = load(p.client.get_unverified_chain());
    json!({
        "verified": describe(&verified, &unverified),
        "unverified": describe(&unverified, &verified),
    })
}

fn theirs() -> Option<Value> {
    let py = common::pyenv_python(PythonVersion::Py314)?;
    let script = format!(
        r#"
import json, ssl
c = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT); c.load_verify_locations({ca:?})
s = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); s.load_cert_chain({chain:?}, {key:?})
b = [ssl.MemoryBIO() for _ in range(4)]
co = c.wrap_bio(b[0], b[1], server_hostname='localhost'); so = s.wrap_bio(b[2], b[3], server_side=True)
cd = sd = False
for _ in range(30):
    if not cd:
        try: co.do_handshake(); cd = True
        except ssl.SSLWantReadError: pass
    b[2].write(b[1].read()); b[0].write(b[3].read())
    if not sd:
        try: so.do_handshake(); sd = True
        except ssl.SSLWantReadError: pass
    b[2].write(b[1].read()); b[0].write(b[3].read())
    if cd and sd: break
def describe(chain, other):
    return [{{"pem": x.public_bytes(ssl._ssl.ENCODING_PEM),
              "der_len": len(x.public_bytes(ssl._ssl.ENCODING_DER)),
              "info": x.get_info(), "repr": repr(x), "hash": hash(x),
              "in_other": sum(1 for o in other if o == x)}} for x in chain]
v = co._sslobj.get_verified_chain(); u = co._sslobj.get_unverified_chain()
print(json.dumps({{"verified": describe(v, u), "unverified": describe(u, v)}}))
"#,
        ca = cert("ca.pem"),
        chain = cert("server-chain.pem"),
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
fn chain_certificates_match_cpython() {
    let ours = ours();
    assert_eq!(ours["verified"].as_array().map(Vec::len), Some(2));
    match theirs() {
        Some(theirs) => assert_eq!(ours, theirs),
        None => eprintln!("note: no pyenv CPython 3.14; Certificate compared with itself only"),
    }
}

#[test]
fn bad_input_is_a_typed_error() {
    assert_eq!(
        Certificate::from_der(b"not a certificate")
            .expect_err("garbage")
            .python_type(),
        "ValueError"
    );
    assert_eq!(
        Encoding::from_value(3).expect_err("format").to_string(),
        "Unsupported format"
    );
}

//! A stream's own timeout is the `SslSocket`'s, as CPython takes the
//! timeout from the socket it wraps: the natural port of
//! `socket.create_connection(addr, timeout=T)` (`connect_timeout` +
//! `set_read_timeout`) then fails after `T` against a silent peer, with
//! CPython's class and text, instead of waiting forever. Compared with
//! CPython 3.8 and 3.13 against the same peers (handshake, `recv`,
//! `sendall`).

mod common;

use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

use pyssl::{Protocol, PythonVersion, SslContext, WrapOptions};
use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_millis(300);
/// How long a silent peer holds each connection (well above TIMEOUT).
const HOLD: Duration = Duration::from_secs(3);

fn cert(n: &str) -> std::path::PathBuf {
    common::root().join("certs").join(n)
}

/// A TCP peer that accepts `n` connections and never says anything.
fn silent_tcp_peer(n: usize) -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    thread::spawn(move || {
        let mut held = Vec::new();
        for _ in 0..n {
            match l.accept() {
                Ok((s, _)) => held.push(s),
                Err(_) => break,
            }
        }
        thread::sleep(HOLD);
    });
    port
}

/// A TLS server that completes `n` handshakes and then neither reads nor
/// writes until it closes each connection after HOLD.
fn silent_tls_peer(n: usize) -> u16 {
    let ctx = SslContext::with_version(Protocol::TlsServer, PythonVersion::LATEST).expect("ctx");
    ctx.load_cert_chain(cert("server.pem"), Some(&cert("server.key")), None)
        .expect("cert");
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    thread::spawn(move || {
        for _ in 0..n {
            let Ok((s, _)) = l.accept() else { break };
            let ctx = ctx.clone();
            thread::spawn(move || {
                let opts = WrapOptions::new()
                    .server_side(true)
                    .timeout(Some(Duration::from_secs(10)));
                if let Ok(tls) = ctx.wrap_socket(s, opts) {
                    thread::sleep(HOLD);
                    drop(tls);
                }
            });
        }
    });
    port
}

fn client_ctx(v: PythonVersion) -> SslContext {
    let c = SslContext::with_version(Protocol::TlsClient, v).expect("client");
    c.load_verify_locations(Some(&cert("ca.pem")), None, None)
        .expect("ca");
    c
}

/// A stream as the port of `socket.create_connection(addr, timeout=T)`.
fn connect(port: u16) -> TcpStream {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let s = TcpStream::connect_timeout(&addr, TIMEOUT).expect("connect");
    s.set_read_timeout(Some(TIMEOUT)).expect("timeout");
    s
}

fn outcome<T>(r: pyssl::Result<T>) -> Value {
    match r {
        Ok(_) => json!("ok"),
        Err(e) => json!([e.python_type(), e.to_string()]),
    }
}

/// `[handshake, [gettimeout, recv], [gettimeout, sendall]]` from pyssl.
fn ours(v: PythonVersion, plain: u16, tls: u16) -> Value {
    let ctx = client_ctx(v);
    let handshake = outcome(ctx.wrap_socket(
        connect(plain),
        WrapOptions::new().server_hostname("localhost"),
    ));
    let mut results = vec![handshake];
    for op in ["recv", "sendall"] {
        let mut s = ctx
            .wrap_socket(
                connect(tls),
                WrapOptions::new().server_hostname("localhost"),
            )
            .expect("handshake with the silent TLS peer");
        let t = s.gettimeout().map(|d| d.as_secs_f64());
        // The stream agrees with the SslSocket.
        assert_eq!(
            s.get_ref().expect("stream").read_timeout().expect("rt"),
            Some(TIMEOUT)
        );
        let r = if op == "recv" {
            outcome(s.recv(10))
        } else {
            outcome(s.sendall(&vec![b'x'; 64 << 20]))
        };
        results.push(json!([t, r]));
    }
    Value::Array(results)
}

fn theirs(v: PythonVersion, plain: u16, tls: u16) -> Option<Value> {
    let py = common::pyenv_python(v)?;
    let script = format!(
        r#"
import json, re, socket, ssl
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT); ctx.load_verify_locations({ca:?})
def outcome(f):
    try:
        f(); return "ok"
    except Exception as e:
        return [type(e).__name__, re.sub(r"^_ssl\.c:\d+: ", "", str(e))]
def conn(port):
    return socket.create_connection(("127.0.0.1", port), timeout={t})
out = [outcome(lambda: ctx.wrap_socket(conn({plain}), server_hostname="localhost"))]
for op in ("recv", "sendall"):
    s = ctx.wrap_socket(conn({tls}), server_hostname="localhost")
    t = s.gettimeout()
    if op == "recv":
        out.append([t, outcome(lambda: s.recv(10))])
    else:
        out.append([t, outcome(lambda: s.sendall(b"x" * (64 << 20)))])
print(json.dumps(out))
"#,
        ca = cert("ca.pem").display().to_string(),
        t = TIMEOUT.as_secs_f64(),
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
fn timeouts_come_from_the_stream_as_in_cpython() {
    for v in [PythonVersion::Py38, PythonVersion::Py313] {
        let (plain, tls) = (silent_tcp_peer(2), silent_tls_peer(4));
        let ours = ours(v, plain, tls);
        let timeout_class = if v.at_least(10) {
            "TimeoutError"
        } else {
            "timeout"
        };
        assert_eq!(
            ours[0],
            json!([timeout_class, "The handshake operation timed out"]),
            "{v:?}: {ours}"
        );
        match theirs(v, plain, tls) {
            Some(theirs) => assert_eq!(ours, theirs, "{v:?}"),
            None => eprintln!("note: no pyenv CPython {v}; compared with the expected text only"),
        }
    }
}

/// `settimeout` and the stream's timeouts agree both ways; a non-blocking
/// stream is a non-blocking `SslSocket`, and CPython's check of
/// `do_handshake_on_connect` on a non-blocking socket applies.
#[test]
fn settimeout_and_the_stream_agree() {
    let plain = silent_tcp_peer(2);
    let ctx = client_ctx(PythonVersion::LATEST);
    let s = TcpStream::connect(("127.0.0.1", plain)).expect("connect");
    s.set_nonblocking(true).expect("nb");
    let e = ctx
        .wrap_socket(s, WrapOptions::new().server_hostname("localhost"))
        .expect_err("non-blocking + handshake on connect");
    assert_eq!(
        e.to_string(),
        "do_handshake_on_connect should not be specified for non-blocking sockets"
    );
    let s = TcpStream::connect(("127.0.0.1", plain)).expect("connect");
    let mut tls = ctx
        .wrap_socket(
            s,
            WrapOptions::new()
                .server_hostname("localhost")
                .do_handshake_on_connect(false),
        )
        .expect("wrap");
    assert_eq!(tls.gettimeout(), None);
    tls.settimeout(Some(Duration::from_millis(1500)))
        .expect("settimeout");
    let stream = tls.get_ref().expect("stream");
    assert_eq!(
        stream.read_timeout().expect("rt"),
        Some(Duration::from_millis(1500))
    );
    assert_eq!(
        stream.write_timeout().expect("wt"),
        Some(Duration::from_millis(1500))
    );
    tls.settimeout(None).expect("blocking");
    assert_eq!(
        tls.get_ref().expect("stream").read_timeout().expect("rt"),
        None
    );
}

//! `pyssl::asyncio` beside CPython's asyncio, scenario by scenario, for CPython 3.8, 3.11
//! and the newest release: the same peers (tests/peers/asyncio_peer.py), the same outcome
//! document (exception class and text, bytes read, close result and its duration).
//!
//! Client scenarios: connection refused, untrusted certificate, wrong host, no common TLS version, a silent
//! peer (handshake timeout), TCP closed during the handshake, ragged EOF, clean close,
//! echo of many sizes (then `write_eof()`: asyncio's SSL transport has no half-close), a peer that never answers close_notify (3.11+: shutdown timeout),
//! STARTTLS (plain text, then `start_tls` on the same connection; CPython 3.8-3.10 through
//! `loop.start_tls`, 3.11+ `StreamWriter.start_tls`).
//! Server scenarios, seen by the same blocking client: echo, a reply then close, client
//! certificates required and given / not given (no alert is flushed), a silent client
//! (handshake timeout).

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use pyssl::asyncio::{open_connection, start_server, start_tls, TlsOptions};
use pyssl::{
    DefaultContext, Error, PeerCert, Protocol, Purpose, PythonVersion, SslContext, TlsVersion,
    VerifyMode,
};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};

const VERSIONS: [PythonVersion; 3] = [
    PythonVersion::Py38,
    PythonVersion::Py311,
    PythonVersion::LATEST,
];
const SHORT: Duration = Duration::from_millis(500);

fn cert(name: &str) -> std::path::PathBuf {
    common::root().join("certs").join(name)
}

fn script() -> std::path::PathBuf {
    common::root().join("tests/peers/asyncio_peer.py")
}

/// The pyenv CPython `v`; in CI every one is installed, so a missing one fails there.
fn python(v: PythonVersion) -> Option<std::path::PathBuf> {
    let py = common::pyenv_python(v);
    if py.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CPython {v} is missing in CI"
        );
        eprintln!("*** SKIPPED: no pyenv CPython {v}: pyssl::asyncio not compared for it ***");
    }
    py
}

/// Starts `asyncio_peer.py MODE KIND` and reads the port it prints.
fn spawn_with_port(py: &std::path::Path, mode: &str, kind: &str) -> (Child, u16) {
    let mut child = common::python_command(py)
        .arg(script())
        .args([mode, kind])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start asyncio_peer.py");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("port line");
    let port = line
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("port: {line:?}"));
    (child, port)
}

/// Runs `asyncio_peer.py MODE KIND PORT` to the end and parses its JSON.
fn run_json(py: &std::path::Path, mode: &str, kind: &str, port: u16) -> Value {
    let out = common::python_command(py)
        .arg(script())
        .args([mode, kind, &port.to_string()])
        .stdin(Stdio::null())
        .output()
        .expect("run asyncio_peer.py");
    assert!(
        out.status.success(),
        "{mode} {kind}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// Waits for a child we started, for at most 15 s, then stops it by its PID.
fn reap(mut child: Child) {
    let end = Instant::now() + Duration::from_secs(15);
    while Instant::now() < end {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// The outcome with the peer's port (in asyncio's "Connect call failed ('127.0.0.1', N)")
/// written as `PORT`: each side meets its own peer.
fn without_port(v: Value, port: u16) -> Value {
    let text = v.to_string().replace(&format!(", {port})"), ", PORT)");
    serde_json::from_str(&text).expect("JSON")
}

fn exc(e: &Error) -> Value {
    json!([e.python_type(), e.message()])
}

fn io_exc(e: std::io::Error) -> Value {
    exc(&Error::from(e))
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// pyssl's side of the STARTTLS scenario: a plain-text exchange, then `start_tls` on the
/// same connection.
async fn our_starttls_client(ctx: &SslContext, port: u16) -> Value {
    let mut out = serde_json::Map::new();
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connect");
    // Line reading that gives the connection back with nothing read ahead: the server
    // waits for STARTTLS before it says more, so a BufReader holds nothing at the upgrade.
    let mut plain = tokio::io::BufReader::new(tcp);
    let mut lines = vec![];
    let mut line = String::new();
    plain.read_line(&mut line).await.expect("banner");
    lines.push(std::mem::take(&mut line));
    plain
        .get_mut()
        .write_all(b"STARTTLS\r\n")
        .await
        .expect("write");
    plain.read_line(&mut line).await.expect("go ahead");
    lines.push(line);
    out.insert("plain".into(), json!(lines));
    assert!(plain.buffer().is_empty(), "bytes read ahead of the upgrade");
    let tcp = plain.into_inner();
    let mut s = match start_tls(
        tcp,
        ctx,
        false,
        TlsOptions::with_server_hostname("localhost"),
    )
    .await
    {
        Ok(s) => s,
        Err(e) => {
            out.insert("start_tls".into(), exc(&e));
            return Value::Object(out);
        }
    };
    out.insert("start_tls".into(), json!("ok"));
    out.insert("version".into(), json!(s.ssl_object().version()));
    s.write_all(b"hello over TLS").await.expect("write");
    s.flush().await.expect("flush");
    let mut buf = [0u8; 100];
    let n = s.read(&mut buf).await.expect("read");
    out.insert(
        "echo".into(),
        json!(String::from_utf8_lossy(&buf[..n]).into_owned()),
    );
    out.insert(
        "close".into(),
        s.close().await.map_or_else(|e| exc(&e), |()| json!("ok")),
    );
    Value::Object(out)
}

/// pyssl's side of `asyncio_peer.py client KIND PORT`.
async fn our_client(v: PythonVersion, kind: &str, port: u16) -> Value {
    let ctx = DefaultContext::new(Purpose::ServerAuth)
        .cafile(cert("ca.pem"))
        .version(v)
        .build()
        .expect("context");
    if kind == "tls13_only" {
        ctx.set_maximum_version(TlsVersion::TlsV1_2).expect("max");
    }
    if kind == "starttls" {
        return our_starttls_client(&ctx, port).await;
    }
    let mut opts = TlsOptions::with_server_hostname("localhost");
    if kind == "silent" {
        opts.ssl_handshake_timeout = Some(SHORT);
    }
    if kind == "no_close_reply" && v.at_least(11) {
        opts.ssl_shutdown_timeout = Some(SHORT);
    }
    let mut out = serde_json::Map::new();
    let mut s = match open_connection("127.0.0.1", port, &ctx, opts).await {
        Ok(s) => s,
        Err(e) => {
            out.insert("open".into(), exc(&e));
            return Value::Object(out);
        }
    };
    out.insert("open".into(), json!("ok"));
    let (name, proto, bits) = s.cipher().expect("cipher");
    out.insert("cipher".into(), json!([name, proto, bits]));
    out.insert("compression".into(), json!(s.compression()));
    let cn = match s.peercert().expect("peercert") {
        PeerCert::Validated(c) => c
            .subject
            .iter()
            .flatten()
            .find(|(k, _)| k == "commonName")
            .map(|(_, v)| v.clone()),
        other => panic!("peercert: {other:?}"),
    };
    out.insert("peer_cn".into(), json!(cn));
    out.insert("version".into(), json!(s.ssl_object().version()));
    out.insert("can_write_eof".into(), json!(s.can_write_eof()));
    let io: Result<(), std::io::Error> = async {
        match kind {
            "ragged" | "clean" => {
                let mut buf = [0u8; 100];
                let a = s.read(&mut buf).await?;
                let b = s.read(&mut buf).await?;
                out.insert("reads".into(), json!([a, b]));
            }
            "echo" => {
                let mut got = vec![];
                for n in [1usize, 1000, 16384, 16385, 100000, 1 << 20] {
                    s.write_all(&vec![b'x'; n]).await?;
                    s.flush().await?;
                    let mut have = 0;
                    let mut buf = vec![0u8; 1 << 20];
                    while have < n {
                        let k = s.read(&mut buf).await?;
                        if k == 0 {
                            break;
                        }
                        have += k;
                    }
                    got.push(have);
                }
                out.insert("echo".into(), json!(got));
                out.insert(
                    "write_eof".into(),
                    s.write_eof().map_or_else(|e| exc(&e), |()| json!("ok")),
                );
            }
            "no_close_reply" => {
                s.write_all(b"hi").await?;
                s.flush().await?;
            }
            _ => {}
        }
        Ok(())
    }
    .await;
    if let Err(e) = io {
        out.insert("io".into(), io_exc(e));
    }
    let t = Instant::now();
    let closed = s.close().await;
    out.insert(
        "close".into(),
        closed.map_or_else(|e| exc(&e), |()| json!("ok")),
    );
    out.insert(
        "close_s".into(),
        // In half seconds, as the CPython side rounds it.
        json!((t.elapsed().as_secs_f64() * 2.0).round() / 2.0),
    );
    Value::Object(out)
}

/// pyssl's side of `asyncio_peer.py server KIND`: serves one connection, while the
/// blocking client of the same script reports what it saw.
async fn our_server(py: std::path::PathBuf, v: PythonVersion, kind: &'static str) -> Value {
    let ctx = SslContext::with_version(Protocol::TlsServer, v).expect("context");
    ctx.load_cert_chain(cert("server.pem"), Some(&cert("server.key")), None)
        .expect("chain");
    if matches!(kind, "client_cert" | "no_client_cert") {
        ctx.set_verify_mode(VerifyMode::CertRequired)
            .expect("verify");
        ctx.load_verify_locations(Some(&cert("ca.pem")), None, None)
            .expect("ca");
    }
    let mut opts = TlsOptions::default();
    if kind == "silent_client" {
        opts.ssl_handshake_timeout = Some(SHORT);
    }
    let server = start_server("127.0.0.1", 0, &ctx, opts)
        .await
        .expect("start_server");
    let port = server.local_addr().expect("addr").port();
    let client = tokio::task::spawn_blocking(move || run_json(&py, "rawclient", kind, port));
    // One connection; a failed handshake (as asyncio) only ends it.
    if let Ok((mut s, _peer)) = server.accept().await {
        let _ = async {
            match kind {
                "echo" => {
                    let mut buf = vec![0u8; 65536];
                    loop {
                        let n = s.read(&mut buf).await?;
                        if n == 0 {
                            break;
                        }
                        s.write_all(&buf[..n]).await?;
                        s.flush().await?;
                    }
                }
                "hello_close" | "client_cert" => {
                    s.write_all(b"hello").await?;
                    s.flush().await?;
                }
                _ => {}
            }
            Ok::<(), std::io::Error>(())
        }
        .await;
        let _ = s.close().await;
    }
    client.await.expect("client thread")
}

#[test]
fn client_scenarios_match_cpython_asyncio() {
    let rt = runtime();
    let mut problems = vec![];
    for v in VERSIONS {
        let Some(py) = python(v) else { continue };
        for kind in [
            "untrusted",
            "wrong_host",
            "tls13_only",
            "silent",
            "tcp_close",
            "ragged",
            "clean",
            "echo",
            "no_close_reply",
            "starttls",
            "refused",
        ] {
            let (peer, port) = spawn_with_port(&py, "peer", kind);
            let theirs = without_port(run_json(&py, "client", kind, port), port);
            reap(peer);
            let (peer, port) = spawn_with_port(&py, "peer", kind);
            let ours = without_port(rt.block_on(our_client(v, kind, port)), port);
            reap(peer);
            if ours != theirs {
                problems.push(format!("{v} {kind}:\n  CPython {theirs}\n  pyssl   {ours}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn server_scenarios_match_cpython_asyncio() {
    let rt = runtime();
    let mut problems = vec![];
    for v in VERSIONS {
        let Some(py) = python(v) else { continue };
        for kind in [
            "echo",
            "hello_close",
            "client_cert",
            "no_client_cert",
            "silent_client",
        ] {
            let (server, port) = spawn_with_port(&py, "server", kind);
            let theirs = run_json(&py, "rawclient", kind, port);
            reap(server);
            let ours = rt.block_on(our_server(py.clone(), v, kind));
            if ours != theirs {
                problems.push(format!("{v} {kind}:\n  CPython {theirs}\n  pyssl   {ours}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// asyncio's argument checks: `ssl_shutdown_timeout` does not exist before 3.11.
#[test]
fn shutdown_timeout_is_a_311_argument() {
    let rt = runtime();
    let ctx = DefaultContext::new(Purpose::ServerAuth)
        .version(PythonVersion::Py310)
        .build()
        .expect("ctx");
    let mut opts = TlsOptions::with_server_hostname("localhost");
    opts.ssl_shutdown_timeout = Some(SHORT);
    let e = rt
        .block_on(open_connection("127.0.0.1", 9, &ctx, opts))
        .expect_err("3.10 has no ssl_shutdown_timeout");
    assert_eq!(
        exc(&e),
        json!([
            "TypeError",
            "BaseEventLoop.create_connection() got an unexpected keyword argument \
             'ssl_shutdown_timeout'"
        ])
    );
}

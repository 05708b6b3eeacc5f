//! `pyssl-client` end to end: the built binary against servers started
//! in-process with the pyssl library (threads, 127.0.0.1, kernel-chosen
//! ports, every wait bounded) and, when `python3` is there, against a
//! CPython `ssl` server, all with the bundled `certs/`.
//!
//! What is checked is the command-line contract (`cli-contract.md`,
//! "pyssl-client --json" and "Errors, everywhere") and the client's own
//! flags: `--get`/`--request` byte for byte, `--sink`, `--show-cert`,
//! `--alpn`, `[::1]:PORT`, `--session-file`, `--keylog` and the load mode.

use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use pyssl::{DefaultContext, Purpose, SslContext, TlsVersion, VerifyMode, WrapOptions};
use serde_json::Value;

const CLIENT: &str = env!("CARGO_BIN_EXE_pyssl-client");
/// Upper bound of any one wait in these tests.
const BOUND: Duration = Duration::from_secs(20);

fn certs(name: &str) -> String {
    // The repository root: these tests live in cli/.
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("certs")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn server_cert_json() -> Value {
    pyssl::functions::decode_cert(certs("server.pem"))
        .expect("decode certs/server.pem")
        .to_json()
}

// ---------------------------------------------------------------------------
// In-process server

struct ServerSpec {
    /// Connections to accept before the server stops.
    conns: usize,
    /// The bytes sent after the request (up to its blank line) arrived.
    reply: Vec<u8>,
    max_version: Option<TlsVersion>,
    alpn: Option<&'static [&'static str]>,
    ipv6: bool,
    /// `CERT_REQUIRED` with `certs/ca.pem` as the client CA.
    require_client_cert: bool,
}

impl Default for ServerSpec {
    fn default() -> Self {
        ServerSpec {
            conns: 1,
            reply: b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"
                .to_vec(),
            max_version: None,
            alpn: None,
            ipv6: false,
            require_client_cert: false,
        }
    }
}

struct Server {
    port: u16,
    /// One entry per connection whose handshake succeeded: the request bytes.
    requests: mpsc::Receiver<Vec<u8>>,
    handle: thread::JoinHandle<()>,
}

impl Server {
    /// Waits for the server thread (bounded: it gives up by itself).
    fn finish(self) -> Vec<Vec<u8>> {
        self.handle.join().expect("server thread");
        self.requests.try_iter().collect()
    }
}

fn server_context(spec: &ServerSpec) -> SslContext {
    let ctx = DefaultContext::new(Purpose::ClientAuth)
        .keylog_env(None)
        .build()
        .expect("server context");
    ctx.load_cert_chain(
        certs("server.pem"),
        Some(certs("server.key").as_ref()),
        None,
    )
    .expect("server cert");
    if let Some(v) = spec.max_version {
        ctx.set_maximum_version(v).expect("max version");
    }
    if let Some(p) = spec.alpn {
        ctx.set_alpn_protocols(p).expect("alpn");
    }
    if spec.require_client_cert {
        ctx.load_verify_locations(Some(certs("ca.pem").as_ref()), None, None)
            .expect("client CA");
        ctx.set_verify_mode(VerifyMode::CertRequired)
            .expect("CERT_REQUIRED");
    }
    ctx
}

/// Starts a TLS server on 127.0.0.1 (or ::1) port 0; `None` when the
/// address cannot be bound (no IPv6 loopback).
fn try_serve(spec: ServerSpec) -> Option<Server> {
    let addr = if spec.ipv6 { "[::1]:0" } else { "127.0.0.1:0" };
    let listener = TcpListener::bind(addr).ok()?;
    let port = listener.local_addr().ok()?.port();
    listener.set_nonblocking(true).ok()?;
    let ctx = server_context(&spec);
    let (tx, requests) = mpsc::channel();
    let handle = thread::spawn(move || {
        let deadline = Instant::now() + BOUND;
        let mut workers = Vec::new();
        while workers.len() < spec.conns && Instant::now() < deadline {
            match listener.accept() {
                Ok((s, _)) => {
                    let (ctx, reply, tx) = (ctx.clone(), spec.reply.clone(), tx.clone());
                    workers.push(thread::spawn(move || serve_one(&ctx, s, &reply, &tx)));
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    thread::sleep(Duration::from_millis(2))
                }
                Err(_) => break,
            }
        }
        for w in workers {
            let _ = w.join();
        }
    });
    Some(Server {
        port,
        requests,
        handle,
    })
}

fn serve(spec: ServerSpec) -> Server {
    try_serve(spec).expect("bind 127.0.0.1:0")
}

/// One connection: handshake, read the request up to its blank line,
/// send the reply, close_notify.
fn serve_one(ctx: &SslContext, s: TcpStream, reply: &[u8], tx: &mpsc::Sender<Vec<u8>>) {
    let _ = s.set_nonblocking(false);
    let opts = WrapOptions::new()
        .server_side(true)
        .do_handshake_on_connect(false);
    let Ok(mut ss) = ctx.wrap_socket(s, opts) else {
        return;
    };
    if ss.settimeout(Some(Duration::from_secs(10))).is_err() || ss.do_handshake().is_err() {
        // Lingering close: let the alert reach the client instead of a reset.
        if let Some(tcp) = ss.get_ref() {
            let _ = tcp.shutdown(std::net::Shutdown::Write);
            let _ = tcp.set_nonblocking(false);
            let _ = tcp.set_read_timeout(Some(Duration::from_secs(2)));
            let mut sink = [0u8; 4096];
            let mut r: &TcpStream = tcp;
            while matches!(r.read(&mut sink), Ok(n) if n > 0) {}
        }
        return;
    }
    let mut req = Vec::new();
    while !req.windows(4).any(|w| w == b"\r\n\r\n") && req.len() < 65536 {
        match ss.recv(4096) {
            Ok(b) if !b.is_empty() => req.extend_from_slice(&b),
            _ => break,
        }
    }
    let _ = tx.send(req);
    if ss.sendall(reply).is_ok() {
        let _ = ss.settimeout(Some(Duration::from_secs(2)));
        let _ = ss.unwrap();
    }
}

// ---------------------------------------------------------------------------
// Running the binary

struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    fn ok(&self) -> bool {
        self.code == Some(0)
    }
    fn json(&self) -> Value {
        serde_json::from_slice(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}): {:?}\nstderr: {}",
                String::from_utf8_lossy(&self.stdout),
                self.stderr
            )
        })
    }
    fn stderr_lines(&self) -> Vec<&str> {
        self.stderr.lines().collect()
    }
}

/// Runs `pyssl-client ARGS`, killed after [`BOUND`].
fn client(args: &[&str]) -> Run {
    let mut child = Command::new(CLIENT)
        .args(args)
        .env_remove("SSLKEYLOGFILE")
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start pyssl-client");
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let t_out = thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let t_err = thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let deadline = Instant::now() + BOUND;
    let status = loop {
        match child.try_wait().expect("wait") {
            Some(s) => break Some(s),
            None if Instant::now() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            None => thread::sleep(Duration::from_millis(5)),
        }
    };
    let run = Run {
        code: status.and_then(|s| s.code()),
        stdout: t_out.join().unwrap_or_default(),
        stderr: String::from_utf8_lossy(&t_err.join().unwrap_or_default()).into_owned(),
    };
    assert!(
        status.is_some(),
        "pyssl-client {args:?} did not finish: {}",
        run.stderr
    );
    run
}

fn target(port: u16) -> String {
    format!("localhost:{port}")
}

// ---------------------------------------------------------------------------
// --json

#[test]
fn json_success_matches_contract() {
    let srv = serve(ServerSpec::default());
    let t = target(srv.port);
    let r = client(&[&t, "--cafile", &certs("ca.pem"), "--json"]);
    let reqs = srv.finish();
    assert!(r.ok(), "exit {:?}: {}", r.code, r.stderr);
    let j = r.json();
    let keys: Vec<&str> = j
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "ok",
            "version",
            "cipher",
            "alpn",
            "session_reused",
            "peer_cert",
            "error"
        ]
    );
    assert_eq!(j["ok"], true);
    assert_eq!(j["version"], "TLSv1.3");
    let cipher = j["cipher"].as_array().expect("cipher list");
    assert_eq!(cipher.len(), 3);
    assert_eq!(cipher[1], "TLSv1.3");
    assert!(cipher[2].as_i64().is_some_and(|b| b >= 128));
    assert_eq!(j["alpn"], Value::Null);
    assert_eq!(j["session_reused"], false);
    assert_eq!(j["peer_cert"], server_cert_json());
    assert_eq!(j["error"], Value::Null);
    // The default request of the contract.
    let want = format!("GET / HTTP/1.1\r\nHost: {t}\r\nConnection: close\r\n\r\n");
    assert_eq!(reqs, vec![want.into_bytes()]);
}

#[test]
fn json_hostname_mismatch() {
    let srv = serve(ServerSpec::default());
    let t = target(srv.port);
    let r = client(&[
        &t,
        "--cafile",
        &certs("ca.pem"),
        "--server-hostname",
        "example.org",
        "--json",
    ]);
    let reqs = srv.finish();
    assert!(!r.ok() && r.code.is_some());
    assert!(reqs.is_empty());
    let j = r.json();
    assert_eq!(j["ok"], false);
    for k in ["version", "cipher", "alpn", "session_reused", "peer_cert"] {
        assert_eq!(j[k], Value::Null, "{k}");
    }
    let e = &j["error"];
    assert_eq!(e["type"], "SSLCertVerificationError");
    assert_eq!(e["library"], "SSL");
    assert_eq!(e["reason"], "CERTIFICATE_VERIFY_FAILED");
    assert_eq!(e["verify_code"], 62);
    assert_eq!(
        e["verify_message"],
        "Hostname mismatch, certificate is not valid for 'example.org'."
    );
    assert_eq!(
        e["message"],
        "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, \
         certificate is not valid for 'example.org'."
    );
    let lines = r.stderr_lines();
    assert_eq!(lines.len(), 1, "stderr: {}", r.stderr);
    assert!(lines[0].starts_with("error: certificate verify failed"));
    assert!(lines[0].contains("example.org"), "{}", lines[0]);
}

#[test]
fn untrusted_without_cafile_uses_system_store() {
    let srv = serve(ServerSpec::default());
    let r = client(&[&target(srv.port)]);
    srv.finish();
    assert_eq!(r.code, Some(1));
    assert!(r.stdout.is_empty(), "stdout must stay empty");
    // Outside --json: the human line, then the error object, on stderr.
    let lines = r.stderr_lines();
    assert_eq!(lines.len(), 2, "stderr: {}", r.stderr);
    assert!(lines[0].starts_with("error: certificate verify failed"));
    assert!(lines[0].contains("--cafile"), "{}", lines[0]);
    let j: Value = serde_json::from_str(lines[1]).expect("error JSON");
    assert_eq!(j["error"]["type"], "SSLCertVerificationError");
    assert_eq!(j["error"]["verify_code"], 20);
    assert_eq!(
        j["error"]["verify_message"],
        "unable to get local issuer certificate"
    );
}

#[test]
fn insecure_gives_empty_peer_cert() {
    let srv = serve(ServerSpec::default());
    let r = client(&[&target(srv.port), "--insecure", "--json"]);
    srv.finish();
    assert!(r.ok(), "{}", r.stderr);
    let j = r.json();
    assert_eq!(j["ok"], true);
    assert_eq!(j["peer_cert"], serde_json::json!({}));
    assert!(r.stderr.contains("--insecure"), "the warning: {}", r.stderr);
}

#[test]
fn connection_refused() {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let r = client(&[&format!("127.0.0.1:{port}"), "--json", "--timeout", "5"]);
    assert_eq!(r.code, Some(1));
    let j = r.json();
    assert_eq!(j["ok"], false);
    assert_eq!(j["error"]["type"], "ConnectionRefusedError");
    assert_eq!(j["error"]["message"], "[Errno 111] Connection refused");
    assert_eq!(r.stderr_lines().len(), 1, "{}", r.stderr);
}

#[test]
fn client_certificate_rejection_shows_up_on_the_first_read() {
    let srv = serve(ServerSpec {
        conns: 2,
        require_client_cert: true,
        ..Default::default()
    });
    let t = target(srv.port);
    let r = client(&[&t, "--cafile", &certs("ca.pem"), "--json"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let j = r.json();
    assert_eq!(j["ok"], false);
    // TLS 1.3: the client's handshake returned before the server decided.
    assert_eq!(j["version"], "TLSv1.3");
    assert_eq!(j["peer_cert"], server_cert_json());
    assert_eq!(j["error"]["type"], "SSLError", "{j}");
    assert_eq!(j["error"]["reason"], "TLSV13_ALERT_CERTIFICATE_REQUIRED");
    let lines = r.stderr_lines();
    assert_eq!(lines.len(), 1, "{}", r.stderr);
    assert!(lines[0].contains("--cert"), "{}", lines[0]);
    let r = client(&[
        &t,
        "--cafile",
        &certs("ca.pem"),
        "--cert",
        &certs("client.pem"),
        "--key",
        &certs("client.key"),
        "--json",
    ]);
    srv.finish();
    assert!(r.ok(), "{}", r.stderr);
    assert_eq!(r.json()["ok"], true);
}

#[test]
fn handshake_timeout() {
    // Accepts the TCP connection and says nothing until the client is done.
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    let (done, wait) = mpsc::channel::<()>();
    let hold = thread::spawn(move || {
        let s = l.accept();
        let _ = wait.recv_timeout(BOUND);
        drop(s);
    });
    let r = client(&[&format!("127.0.0.1:{port}"), "--timeout", "0.3", "--json"]);
    let _ = done.send(());
    let _ = hold.join();
    assert_eq!(r.code, Some(1));
    let j = r.json();
    assert_eq!(j["ok"], false);
    assert_eq!(j["error"]["type"], "TimeoutError");
    assert_eq!(j["error"]["message"], "The handshake operation timed out");
    assert!(
        r.stderr.contains("did not answer within 0.3 s"),
        "{}",
        r.stderr
    );
}

#[test]
fn plain_text_server() {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    let srv = thread::spawn(move || {
        if let Ok((mut s, _)) = l.accept() {
            use std::io::Write;
            let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
            let mut buf = [0u8; 1024];
            let _ = s.read(&mut buf);
            let _ = s.write_all(b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
            let _ = s.shutdown(std::net::Shutdown::Write);
            let _ = s.read(&mut buf);
        }
    });
    let r = client(&[&format!("127.0.0.1:{port}"), "--json"]);
    let _ = srv.join();
    assert_eq!(r.code, Some(1));
    let j = r.json();
    assert_eq!(j["error"]["type"], "SSLError");
    assert_eq!(j["error"]["reason"], "WRONG_VERSION_NUMBER");
    assert!(r.stderr.contains("did not answer with TLS"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------
// Requests and replies

#[test]
fn get_and_request_are_byte_for_byte() {
    let mut reply = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_vec();
    reply.extend((0..=255u8).cycle().take(70_000));
    let srv = serve(ServerSpec {
        conns: 2,
        reply: reply.clone(),
        ..Default::default()
    });
    let port = srv.port;
    let url = format!("https://127.0.0.1:{port}/a/b?c=d");
    let r = client(&[&url, "--cafile", &certs("ca.pem"), "--get", "/x?y=1"]);
    assert!(r.ok(), "{}", r.stderr);
    assert_eq!(r.stdout, reply, "stdout must be the reply, byte for byte");
    let r = client(&[
        &url,
        "--cafile",
        &certs("ca.pem"),
        "--request",
        r"PING \x01\xff\t\\\r\n\r\n",
    ]);
    assert!(r.ok(), "{}", r.stderr);
    assert_eq!(r.stdout, reply);
    let mut reqs = srv.finish();
    reqs.sort();
    let get = format!("GET /x?y=1 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    assert_eq!(
        reqs,
        vec![get.into_bytes(), b"PING \x01\xff\t\\\r\n\r\n".to_vec()]
    );
}

#[test]
fn url_path_is_the_default_request() {
    let srv = serve(ServerSpec::default());
    let port = srv.port;
    let url = format!("https://localhost:{port}/p/q?r#frag");
    let r = client(&[&url, "--cafile", &certs("ca.pem")]);
    let reqs = srv.finish();
    assert!(r.ok(), "{}", r.stderr);
    assert!(r.stdout.ends_with(b"\r\n\r\nhello"));
    let want =
        format!("GET /p/q?r HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n");
    assert_eq!(reqs, vec![want.into_bytes()]);
}

#[test]
fn sink_counts_bytes() {
    let mut reply = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_vec();
    reply.resize(reply.len() + 3 * 1024 * 1024, b'z');
    let total = reply.len() as u64;
    let srv = serve(ServerSpec {
        conns: 2,
        reply,
        ..Default::default()
    });
    let t = target(srv.port);
    let r = client(&[&t, "--cafile", &certs("ca.pem"), "--sink"]);
    assert!(r.ok(), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains(&format!("received {total} bytes in ")) && r.stderr.contains("MB/s"),
        "{}",
        r.stderr
    );
    let r = client(&[&t, "--cafile", &certs("ca.pem"), "--sink", "--json"]);
    srv.finish();
    assert!(r.ok(), "{}", r.stderr);
    let j = r.json();
    assert_eq!(j["ok"], true);
    assert_eq!(j["sink"]["bytes"], total);
    assert!(j["sink"]["mb_per_s"].as_f64().is_some_and(|x| x > 0.0));
}

#[test]
fn json_reads_at_most_one_mib() {
    let mut reply = b"HTTP/1.1 200 OK\r\n\r\n".to_vec();
    reply.resize(4 * 1024 * 1024, b'z');
    let srv = serve(ServerSpec {
        reply,
        ..Default::default()
    });
    let r = client(&[&target(srv.port), "--cafile", &certs("ca.pem"), "--json"]);
    srv.finish();
    assert!(r.ok(), "{}", r.stderr);
    assert_eq!(r.json()["ok"], true);
}

#[test]
fn show_cert_prints_getpeercert() {
    let srv = serve(ServerSpec::default());
    let r = client(&[
        &target(srv.port),
        "--cafile",
        &certs("ca.pem"),
        "--show-cert",
    ]);
    let reqs = srv.finish();
    assert!(r.ok(), "{}", r.stderr);
    assert_eq!(r.json(), server_cert_json());
    assert_eq!(reqs, vec![Vec::<u8>::new()], "no request is sent");
}

#[test]
fn alpn_is_negotiated() {
    let srv = serve(ServerSpec {
        conns: 2,
        alpn: Some(&["http/1.1"]),
        ..Default::default()
    });
    let t = target(srv.port);
    let r = client(&[
        &t,
        "--cafile",
        &certs("ca.pem"),
        "--alpn",
        "h2,http/1.1",
        "--json",
    ]);
    assert!(r.ok(), "{}", r.stderr);
    assert_eq!(r.json()["alpn"], "http/1.1");
    let r = client(&[&t, "--cafile", &certs("ca.pem"), "--json"]);
    srv.finish();
    assert_eq!(r.json()["alpn"], Value::Null);
}

#[test]
fn ipv6_bracket_form() {
    let Some(srv) = try_serve(ServerSpec {
        ipv6: true,
        ..Default::default()
    }) else {
        eprintln!("skipped: no IPv6 loopback");
        return;
    };
    let t = format!("[::1]:{}", srv.port);
    let r = client(&[&t, "--cafile", &certs("ca.pem"), "--json"]);
    let reqs = srv.finish();
    assert!(r.ok(), "{}", r.stderr);
    let j = r.json();
    assert_eq!(j["ok"], true, "::1 is checked against the IP SAN");
    assert_eq!(j["peer_cert"], server_cert_json());
    let want = format!("GET / HTTP/1.1\r\nHost: {t}\r\nConnection: close\r\n\r\n");
    assert_eq!(reqs, vec![want.into_bytes()]);
}

// ---------------------------------------------------------------------------
// Sessions, key log, load mode

#[test]
fn session_file_resumes_across_runs() {
    let dir = std::env::temp_dir().join(format!("pyssl-client-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (max, name) in [("TLSv1_2", "s12.pem"), ("TLSv1_3", "s13.pem")] {
        let file = dir.join(name);
        let _ = std::fs::remove_file(&file);
        let f = file.to_string_lossy().into_owned();
        let srv = serve(ServerSpec {
            conns: 2,
            ..Default::default()
        });
        let t = target(srv.port);
        let args = [
            t.as_str(),
            "--cafile",
            &certs("ca.pem"),
            "--json",
            "--max-version",
            max,
            "--session-file",
            &f,
        ];
        let first = client(&args);
        assert!(first.ok(), "{}", first.stderr);
        assert_eq!(first.json()["session_reused"], false);
        let text = std::fs::read_to_string(&file).expect("session file written");
        assert!(text.starts_with("-----BEGIN SSL SESSION PARAMETERS-----\n"));
        let second = client(&args);
        srv.finish();
        assert!(second.ok(), "{}", second.stderr);
        assert_eq!(second.json()["session_reused"], true, "{max}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn keylog_file_is_written() {
    let file = std::env::temp_dir().join(format!("pyssl-client-keylog-{}.txt", std::process::id()));
    let _ = std::fs::remove_file(&file);
    let srv = serve(ServerSpec::default());
    let f = file.to_string_lossy().into_owned();
    let r = client(&[
        &target(srv.port),
        "--cafile",
        &certs("ca.pem"),
        "--keylog",
        &f,
    ]);
    srv.finish();
    assert!(r.ok(), "{}", r.stderr);
    let text = std::fs::read_to_string(&file).expect("key log");
    let _ = std::fs::remove_file(&file);
    assert!(text.contains("CLIENT_TRAFFIC_SECRET_0 "), "{text}");
}

#[test]
fn load_mode_resumes_on_tls12_and_tls13() {
    for (max, version) in [("TLSv1_2", "TLSv1.2"), ("TLSv1_3", "TLSv1.3")] {
        let srv = serve(ServerSpec {
            conns: 20,
            ..Default::default()
        });
        let r = client(&[
            &target(srv.port),
            "--cafile",
            &certs("ca.pem"),
            "--max-version",
            max,
            "--repeat",
            "20",
            "--concurrency",
            "4",
            "--reuse",
            "--json",
        ]);
        let reqs = srv.finish();
        assert!(r.ok(), "{max}: {}", r.stderr);
        assert_eq!(reqs.len(), 20);
        let j = r.json();
        assert_eq!(j["ok"], true);
        assert_eq!(j["connections"], 20);
        assert_eq!(j["handshakes"], 20);
        assert_eq!(j["errors"], 0);
        assert_eq!(j["versions"][version], 20, "{j}");
        let ratio = j["resumed_ratio"].as_f64().expect("ratio");
        assert!(ratio > 0.0, "{max}: nothing resumed: {j}");
        let lines = r.stderr_lines();
        assert_eq!(lines.len(), 1, "{}", r.stderr);
        assert!(lines[0].starts_with("20 handshakes in "), "{}", lines[0]);
    }
}

#[test]
fn load_mode_counts_errors() {
    let srv = serve(ServerSpec {
        conns: 3,
        ..Default::default()
    });
    // The system store does not trust certs/ca.pem: every handshake fails.
    let r = client(&[
        &target(srv.port),
        "--repeat",
        "3",
        "--concurrency",
        "2",
        "--json",
    ]);
    srv.finish();
    assert_eq!(r.code, Some(1));
    let j = r.json();
    assert_eq!(j["ok"], false);
    assert_eq!(j["handshakes"], 0);
    assert_eq!(j["errors"], 3);
    assert_eq!(j["error"]["type"], "SSLCertVerificationError");
    assert!(r.stderr.contains("first error: certificate verify failed"));
}

// ---------------------------------------------------------------------------
// Flags

#[test]
fn usage_errors_follow_the_error_contract() {
    for args in [
        &["--json"][..],
        &["http://localhost", "--json"],
        &["localhost:99999", "--json"],
        &["localhost", "--reuse", "--json"],
        &["localhost", "--protocol", "tls", "--json"],
    ] {
        let r = client(args);
        assert_eq!(r.code, Some(1), "{args:?}");
        let j = r.json();
        assert_eq!(j["error"]["type"], "ValueError", "{args:?}");
        assert_eq!(r.stderr_lines().len(), 1, "{args:?}: {}", r.stderr);
    }
    let r = client(&["localhost", "--cafile", "/nonexistent/ca.pem", "--json"]);
    assert_eq!(r.code, Some(1));
    let j = r.json();
    assert_eq!(j["ok"], false);
    assert_eq!(j["error"]["type"], "FileNotFoundError");
}

#[test]
fn help_lists_every_flag_on_one_line() {
    let r = client(&["--help"]);
    assert!(r.ok());
    let text = String::from_utf8_lossy(&r.stdout);
    for flag in [
        "--cafile",
        "--capath",
        "--no-default-certs",
        "--insecure",
        "--server-hostname",
        "--ciphers",
        "--options",
        "--min-version",
        "--max-version",
        "--alpn",
        "--cert",
        "--key",
        "--password-file",
        "--session-file",
        "--keylog",
        "--compat",
        "--timeout",
        "--request",
        "--get",
        "--sink",
        "--show-cert",
        "--json",
        "--repeat",
        "--concurrency",
        "--reuse",
        "--duration",
        "--dump-context",
    ] {
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{flag} ")))
            .unwrap_or_else(|| panic!("{flag} missing from --help"));
        let desc = line.trim_start()[flag.len()..].trim_start();
        let desc = desc
            .strip_prefix('<')
            .map_or(desc, |d| d.split_once('>').map_or(d, |(_, rest)| rest));
        assert!(!desc.trim().is_empty(), "{flag}: help on its own line");
    }
    let examples = text.split("Examples:").nth(1).expect("Examples:");
    assert_eq!(
        examples
            .lines()
            .filter(|l| l.trim_start().starts_with("pyssl-client "))
            .count(),
        2
    );
}

// ---------------------------------------------------------------------------
// A CPython server

const CPYTHON_SERVER: &str = r#"
import socket, ssl, sys
ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
ctx.set_alpn_protocols(["http/1.1"])
srv = socket.create_server(("127.0.0.1", 0))
srv.settimeout(20)
print(srv.getsockname()[1], flush=True)
for _ in range(int(sys.argv[3])):
    conn, _ = srv.accept()
    conn.settimeout(10)
    try:
        with ctx.wrap_socket(conn, server_side=True) as s:
            req = b""
            while b"\r\n\r\n" not in req:
                chunk = s.recv(4096)
                if not chunk:
                    break
                req += chunk
            s.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\ncpython")
            s.unwrap()
    except (OSError, ssl.SSLError) as e:
        print("server:", e, file=sys.stderr)
"#;

#[test]
fn against_a_cpython_server() {
    let python = match Command::new("python3").arg("-c").arg("import ssl").output() {
        Ok(o) if o.status.success() => "python3",
        _ => {
            eprintln!("skipped: no python3 with ssl");
            return;
        }
    };
    let mut child = Command::new(python)
        .arg("-c")
        .arg(CPYTHON_SERVER)
        .args([certs("server.pem"), certs("server.key"), "2".to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start python3");
    let mut first = String::new();
    let mut out = child.stdout.take().expect("stdout");
    let mut byte = [0u8; 1];
    while !first.ends_with('\n') && first.len() < 16 {
        match out.read(&mut byte) {
            Ok(1) => first.push(byte[0] as char),
            _ => break,
        }
    }
    let Ok(port) = first.trim().parse::<u16>() else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("the CPython server did not start: {first:?}");
    };
    let t = target(port);
    let r1 = client(&[
        &t,
        "--cafile",
        &certs("ca.pem"),
        "--alpn",
        "h2,http/1.1",
        "--json",
    ]);
    let r2 = client(&[&t, "--cafile", &certs("ca.pem")]);
    let deadline = Instant::now() + BOUND;
    while child.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(10));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(r1.ok(), "{}", r1.stderr);
    let j = r1.json();
    assert_eq!(j["ok"], true);
    assert_eq!(j["alpn"], "http/1.1");
    assert_eq!(j["peer_cert"], server_cert_json());
    assert!(r2.ok(), "{}", r2.stderr);
    assert_eq!(
        r2.stdout,
        b"HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\ncpython"
    );
}

/// `--upload N` against the real `pyssl-server --sink`: the server counts
/// exactly N bytes and a clean close_notify exchange (its log line says
/// `ok`), and the client reports N.
#[test]
fn upload_sends_exactly_n_bytes_to_a_sink() {
    use std::io::{BufRead, BufReader};
    let mut srv = Command::new(env!("CARGO_BIN_EXE_pyssl-server"))
        .args(["--bind", "127.0.0.1", "--port", "0", "--sink"])
        .args([
            "--cert",
            &certs("server.pem"),
            "--key",
            &certs("server.key"),
        ])
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start pyssl-server");
    let mut line = String::new();
    BufReader::new(srv.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("listening line");
    let port: u16 = line
        .trim()
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    let t = target(port);
    let plain = client(&[&t, "--cafile", &certs("ca.pem"), "--upload", "300000"]);
    let json = client(&[&t, "--cafile", &certs("ca.pem"), "--upload", "1M", "--json"]);
    // The server logs a connection when it has closed it, which may be just
    // after the client exited: wait (bounded) for both lines, then stop it.
    let (tx, rx) = mpsc::channel();
    let err = BufReader::new(srv.stderr.take().expect("stderr"));
    thread::spawn(move || {
        for l in err.lines().map_while(std::result::Result::ok) {
            if tx.send(l).is_err() {
                break;
            }
        }
    });
    let mut log = String::new();
    let deadline = Instant::now() + BOUND;
    while log.matches(" ok, ").count() < 2 {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(l) => {
                log.push_str(&l);
                log.push('\n');
            }
            Err(_) => break,
        }
    }
    let _ = srv.kill();
    let _ = srv.wait();
    assert!(plain.ok(), "{}", plain.stderr);
    assert!(plain.stdout.is_empty());
    assert!(
        plain.stderr.contains("sent 300000 bytes in "),
        "{}",
        plain.stderr
    );
    assert!(json.ok(), "{}", json.stderr);
    let j = json.json();
    assert_eq!(j["ok"], true);
    assert_eq!(j["upload"]["bytes"], 1_048_576);
    assert!(log.contains("ok, 0 bytes out, 300000 in"), "{log}");
    assert!(log.contains("ok, 0 bytes out, 1048576 in"), "{log}");
}

/// With `--json`, a bad flag or value is the contract's error object on
/// stdout too (`ArgumentError`, clap's message), and clap's usage exit 2.
#[test]
fn usage_errors_are_json_with_json() {
    for (args, needle) in [
        (
            &["--json", "--bogus", "x"][..],
            "unexpected argument '--bogus'",
        ),
        (
            &["--json", "--compat", "3.15", "x"][..],
            "unsupported CPython version \"3.15\"",
        ),
        (
            &["--dump-context", "--protocol", "tls9"][..],
            "'--protocol <P>'",
        ),
    ] {
        let r = client(args);
        assert_eq!(r.code, Some(2), "{args:?}");
        let j = r.json();
        assert_eq!(j["error"]["type"], "ArgumentError", "{args:?}");
        let msg = j["error"]["message"].as_str().expect("message");
        assert!(msg.contains(needle), "{args:?}: {msg}");
    }
    // Without a JSON flag: clap's usage text on stderr only.
    let r = client(&["--bogus", "x"]);
    assert_eq!(r.code, Some(2));
    assert!(r.stdout.is_empty());
}

/// Any number of `-v`/`-q` flags (clap counts them in a u8; the level is
/// their difference) must not overflow.
#[test]
fn many_verbosity_flags_do_not_overflow() {
    for flag in ["-q", "-v"] {
        let mut args = vec![flag; 300];
        args.push("--dump-context");
        let r = client(&args);
        assert_eq!(r.code, Some(0), "{flag} x300: {}", r.stderr);
    }
}

/// `socket.gaierror` comes from getaddrinfo's EAI code, with glibc's text,
/// as CPython's `socket.getaddrinfo` raises it (observed with 3.14:
/// `[Errno -2] Name or service not known` for a `.invalid` name).
#[test]
fn unknown_host_is_gaierror_from_the_resolver_code() {
    let r = client(&["no-such-host.invalid", "--json", "--timeout", "5"]);
    assert_eq!(r.code, Some(1));
    let j = r.json();
    assert_eq!(j["error"]["type"], "gaierror");
    assert_eq!(
        j["error"]["message"],
        "[Errno -2] Name or service not known"
    );
}

//! `pyssl-server` as a process: started with `--port 0` on loopback, read
//! back from its `listening on` line, talked to by pyssl's own client
//! (`wrap_socket` trusting `certs/ca.pem`), by CPython when `python3` is
//! there, and by clients that misbehave; stopped with SIGTERM or killed
//! (only the child each test started, by its handle).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use pyssl::{
    DefaultContext, ErrorKind, MemoryBio, Purpose, SslContext, SslSocket, TlsVersion, WrapOptions,
};

const EXE: &str = env!("CARGO_BIN_EXE_pyssl-server");
const HELLO: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 19\r\nConnection: close\r\n\r\nHello Secure World!";
const GET: &[u8] = b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
const IO_TIMEOUT: Duration = Duration::from_secs(10);

fn cert(name: &str) -> PathBuf {
    // The repository root: these tests live in cli/.
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("certs")
        .join(name)
}

fn cert_arg(name: &str) -> String {
    cert(name).to_string_lossy().into_owned()
}

/// A running `pyssl-server`; killed (if still running) when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    log: Arc<Mutex<String>>,
    stdout_rest: mpsc::Receiver<String>,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        Self::try_start(args).unwrap_or_else(|(status, log)| {
            panic!("server did not start ({status:?}); stderr:\n{log}")
        })
    }

    /// Starts the server; `Err((exit status, stderr))` when no `listening on`
    /// line comes.
    fn try_start(args: &[&str]) -> Result<Server, (Option<ExitStatus>, String)> {
        let port: &[&str] = if args.contains(&"--port") {
            &[]
        } else {
            &["--port", "0"]
        };
        let mut child = Command::new(EXE)
            .args(port)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn pyssl-server");
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().expect("stderr");
        let sink = Arc::clone(&log);
        let stderr_done = thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut l = sink.lock().unwrap();
                l.push_str(&line);
                l.push('\n');
            }
        });
        let stdout = child.stdout.take().expect("stdout");
        let (first_tx, first_rx) = mpsc::channel();
        let (rest_tx, rest_rx) = mpsc::channel();
        thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            let mut line = String::new();
            let _ = r.read_line(&mut line);
            let _ = first_tx.send(line);
            let mut rest = String::new();
            let _ = r.read_to_string(&mut rest);
            let _ = rest_tx.send(rest);
        });
        let line = first_rx.recv_timeout(IO_TIMEOUT).unwrap_or_default();
        let addr = line
            .strip_prefix("listening on ")
            .and_then(|a| a.strip_suffix('\n'))
            .and_then(|a| a.parse::<SocketAddr>().ok());
        match addr {
            Some(addr) => Ok(Server {
                child,
                addr,
                log,
                stdout_rest: rest_rx,
            }),
            None => {
                let status = wait_exit(&mut child, IO_TIMEOUT);
                if status.is_none() {
                    let _ = child.kill();
                    let _ = child.wait();
                }
                let _ = stderr_done.join();
                assert_eq!(line, "", "stdout had something else than `listening on`");
                let text = log.lock().unwrap().clone();
                Err((status, text))
            }
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Waits until the log has `n` lines containing `needle`.
    fn wait_log(&self, needle: &str, n: usize) -> String {
        let end = Instant::now() + IO_TIMEOUT;
        loop {
            let log = self.log();
            if log.matches(needle).count() >= n || Instant::now() >= end {
                return log;
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    fn sigterm(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success());
    }

    fn wait(&mut self, limit: Duration) -> Option<ExitStatus> {
        wait_exit(&mut self.child, limit)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

fn wait_exit(child: &mut Child, limit: Duration) -> Option<ExitStatus> {
    let end = Instant::now() + limit;
    loop {
        if let Ok(Some(s)) = child.try_wait() {
            return Some(s);
        }
        if Instant::now() >= end {
            return None;
        }
        thread::sleep(Duration::from_millis(20));
    }
}

/// `create_default_context(cafile="certs/ca.pem")`.
fn client_ctx() -> SslContext {
    DefaultContext::new(Purpose::ServerAuth)
        .cafile(cert("ca.pem"))
        .build()
        .expect("client context")
}

/// TCP connect, `wrap_socket(server_hostname="localhost")` with a 10 s
/// timeout per operation, and ragged EOFs reported (not suppressed).
fn connect(ctx: &SslContext, addr: SocketAddr) -> pyssl::Result<SslSocket> {
    let tcp = TcpStream::connect_timeout(&addr, IO_TIMEOUT)?;
    let opts = WrapOptions::new()
        .server_hostname("localhost")
        .do_handshake_on_connect(false)
        .suppress_ragged_eofs(false);
    let mut s = ctx.wrap_socket(tcp, opts)?;
    s.settimeout(Some(IO_TIMEOUT))?;
    s.do_handshake()?;
    Ok(s)
}

/// Reads until the server's close_notify (a ragged EOF is an error here).
fn read_to_close_notify(s: &mut SslSocket) -> pyssl::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = s.read_into(&mut buf)?;
        if n == 0 {
            return Ok(out);
        }
        out.extend_from_slice(&buf[..n]);
        assert!(out.len() <= 16 << 20, "runaway response");
    }
}

/// One request, the whole response, and the close_notify exchange.
fn fetch(ctx: &SslContext, addr: SocketAddr, request: &[u8]) -> pyssl::Result<Vec<u8>> {
    let mut s = connect(ctx, addr)?;
    s.sendall(request)?;
    let data = read_to_close_notify(&mut s)?;
    s.unwrap()?;
    Ok(data)
}

/// A plain TCP client with a read timeout.
fn raw(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect_timeout(&addr, IO_TIMEOUT).expect("connect");
    s.set_read_timeout(Some(IO_TIMEOUT)).expect("timeout");
    s
}

/// Reads a plain socket to EOF (or reset); `Err` only on the read timeout.
fn raw_read_all(s: &mut TcpStream) -> Result<Vec<u8>, std::io::Error> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return Ok(out),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return Ok(out),
            Err(e) => return Err(e),
        }
    }
}

/// A real ClientHello, made by a memory-BIO client.
fn client_hello() -> Vec<u8> {
    let (inc, out) = (MemoryBio::new().unwrap(), MemoryBio::new().unwrap());
    let ctx = client_ctx();
    let mut obj = ctx
        .wrap_bio(&inc, &out, false, Some("localhost"), None)
        .unwrap();
    let e = obj.do_handshake().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::WantRead);
    out.read(None)
}

fn python3() -> Option<&'static str> {
    let ok = Command::new("python3")
        .args(["-c", "import ssl"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    ok.then_some("python3")
}

#[test]
fn hello_reply_to_a_pyssl_client() {
    let srv = Server::start(&[]);
    assert!(srv.addr.ip().is_loopback(), "{}", srv.addr);
    assert_ne!(srv.addr.port(), 0);
    let data = fetch(&client_ctx(), srv.addr, GET).expect("fetch");
    assert_eq!(data, HELLO);
    let log = srv.wait_log(" ok", 1);
    assert!(
        log.contains(&format!(
            "sni=localhost TLSv1.3 TLS_AES_256_GCM_SHA384 ok, {} bytes out, {} in",
            HELLO.len(),
            GET.len()
        )),
        "{log}"
    );
}

#[test]
fn hello_reply_to_cpython() {
    let Some(py) = python3() else {
        eprintln!("skipped: no python3 with ssl");
        return;
    };
    let srv = Server::start(&[]);
    let script = r#"
import socket, ssl, sys
ctx = ssl.create_default_context(cafile=sys.argv[1])
with socket.create_connection(("127.0.0.1", int(sys.argv[2])), timeout=10) as raw:
    s = ctx.wrap_socket(raw, server_hostname="localhost")
    version = s.version()
    s.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
    data = b""
    while True:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    s.unwrap()
    print(version)
    sys.stdout.write(data.decode())
"#;
    let out = Command::new(py)
        .args([
            "-c",
            script,
            &cert_arg("ca.pem"),
            &srv.addr.port().to_string(),
        ])
        .output()
        .expect("python3");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout,
        format!("TLSv1.3\n{}", String::from_utf8_lossy(HELLO))
    );
}

#[test]
fn reply_text_understands_escapes() {
    let srv = Server::start(&["--reply", r"pong\r\n\x41"]);
    let data = fetch(&client_ctx(), srv.addr, b"ping\n\n").expect("fetch");
    assert_eq!(data, b"pong\r\nA");
}

#[test]
fn echo_sends_everything_back() {
    let srv = Server::start(&["--echo"]);
    let mut s = connect(&client_ctx(), srv.addr).expect("connect");
    let mut expected = Vec::new();
    for i in 0..20u8 {
        let chunk = vec![b'a' + i; 1000 * (i as usize + 1)];
        s.sendall(&chunk).expect("send");
        expected.extend_from_slice(&chunk);
    }
    let mut got = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    while got.len() < expected.len() {
        let n = s.read_into(&mut buf).expect("read");
        assert_ne!(n, 0, "early close");
        got.extend_from_slice(&buf[..n]);
    }
    assert_eq!(got, expected);
    // Our close_notify ends the echo; the server answers with its own.
    s.unwrap().expect("close_notify exchange");
    let log = srv.wait_log(" ok", 1);
    let n = expected.len();
    assert!(log.contains(&format!("ok, {n} bytes out, {n} in")), "{log}");
}

#[test]
fn www_page_describes_the_connection() {
    let srv = Server::start(&[
        "--www",
        "--alpn",
        "h2,http/1.1",
        "--client-ca",
        &cert_arg("ca.pem"),
        "--verify-client",
        "optional",
    ]);
    let ctx = client_ctx();
    ctx.set_alpn_protocols(&["http/1.1"]).unwrap();
    ctx.load_cert_chain(cert("client.pem"), Some(cert("client.key").as_path()), None)
        .unwrap();
    let data = fetch(&ctx, srv.addr, GET).expect("fetch");
    let text = String::from_utf8(data).expect("utf-8");
    let (head, body) = text.split_once("\r\n\r\n").expect("headers");
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    assert!(head.contains("Content-Type: text/html"), "{head}");
    assert!(
        head.contains(&format!("Content-Length: {}", body.len())),
        "{head}"
    );
    for want in [
        "Protocol version: TLSv1.3",
        "Cipher: TLS_AES_256_GCM_SHA384 (TLSv1.3, 256 bits)",
        "ALPN protocol: http/1.1",
        "SNI server name: localhost",
        "Session reused: no",
        "Client certificate subject: countryName=XY, organizationName=pyssl, commonName=pyssl client",
        "GET / HTTP/1.1",
    ] {
        assert!(body.contains(want), "{want:?} missing from\n{body}");
    }
}

#[test]
fn source_delivers_exactly_that_many_bytes_then_close_notify() {
    let srv = Server::start(&["--source", "1048576"]);
    let mut s = connect(&client_ctx(), srv.addr).expect("connect");
    let start = Instant::now();
    // A ragged EOF would be an SSLEOFError here: 0 means close_notify.
    let data = read_to_close_notify(&mut s).expect("read");
    assert_eq!(data.len(), 1 << 20);
    assert!(data.iter().all(u8::is_ascii_hexdigit));
    s.unwrap().expect("our close_notify");
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    let log = srv.wait_log(" ok", 1);
    assert!(log.contains("ok, 1048576 bytes out, 0 in"), "{log}");
}

#[test]
fn sink_counts_what_it_reads() {
    let srv = Server::start(&["--sink"]);
    let mut s = connect(&client_ctx(), srv.addr).expect("connect");
    let chunk = vec![7u8; 10_000];
    for _ in 0..30 {
        s.sendall(&chunk).expect("send");
    }
    s.unwrap().expect("close_notify exchange");
    let log = srv.wait_log(" ok", 1);
    assert!(log.contains("ok, 0 bytes out, 300000 in"), "{log}");
}

#[test]
fn version_bounds_are_the_contexts() {
    let srv = Server::start(&["--max-version", "TLSv1_2"]);
    let mut s = connect(&client_ctx(), srv.addr).expect("connect");
    assert_eq!(s.version().as_deref(), Some("TLSv1.2"));
    s.sendall(GET).unwrap();
    assert_eq!(read_to_close_notify(&mut s).unwrap(), HELLO);
    drop(s);

    let srv = Server::start(&["--min-version", "TLSv1_3"]);
    let ctx = client_ctx();
    ctx.set_maximum_version(TlsVersion::TlsV1_2).unwrap();
    let e = connect(&ctx, srv.addr).expect_err("TLS 1.2 client");
    assert_eq!(e.kind(), ErrorKind::Ssl, "{e}");
    // The alert reached the client (lingering close): not a reset or EOF.
    assert!(e.to_string().contains("PROTOCOL_VERSION"), "{e}");
    let log = srv.wait_log("handshake failed", 1);
    assert!(log.contains("UNSUPPORTED_PROTOCOL"), "{log}");
}

#[test]
fn required_client_certificate_is_enforced() {
    let srv = Server::start(&[
        "--client-ca",
        &cert_arg("ca.pem"),
        "--verify-client",
        "required",
    ]);
    // TLS 1.3: the client's handshake returns; the refusal is the first read.
    let mut s = connect(&client_ctx(), srv.addr).expect("connect");
    let _ = s.sendall(GET);
    let e = read_to_close_notify(&mut s).expect_err("no certificate");
    assert!(
        e.to_string().contains("CERTIFICATE_REQUIRED"),
        "{}: {e}",
        e.python_type()
    );
    let log = srv.wait_log("handshake failed", 1);
    assert!(log.contains("PEER_DID_NOT_RETURN_A_CERTIFICATE"), "{log}");
}

#[test]
fn hostile_clients_are_dropped_while_good_ones_are_served() {
    let srv = Server::start(&["--handshake-timeout", "1", "--idle-timeout", "1"]);
    let addr = srv.addr;
    let t0 = Instant::now();
    // Completes the handshake, then says nothing.
    let mut idle = connect(&client_ctx(), addr).expect("connect");
    // Connects and says nothing.
    let mut silent = raw(addr);
    // Starts a TLS record and stalls.
    let mut stalled = raw(addr);
    stalled
        .write_all(&[0x16, 0x03, 0x01, 0x02, 0x00, 0x01])
        .unwrap();
    // Junk.
    let mut junk = raw(addr);
    junk.write_all(b"\x00\x01\x02 this is not TLS \xff\xfe\r\n")
        .unwrap();
    // Plain HTTP on the TLS port.
    let mut http = raw(addr);
    http.write_all(GET).unwrap();
    // A real ClientHello, then gone before reading the answer: the
    // unread ServerHello makes the kernel send a reset.
    let mut resetter = raw(addr);
    resetter.write_all(&client_hello()).unwrap();
    let mut first = [0u8; 1];
    resetter.read_exact(&mut first).unwrap();
    drop(resetter);

    // Good clients, several at a time, all served meanwhile.
    let workers: Vec<_> = (0..4)
        .map(|_| {
            thread::spawn(move || {
                let ctx = client_ctx();
                (0..5)
                    .map(|_| fetch(&ctx, addr, GET).map_err(|e| e.to_string()))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for w in workers {
        for r in w.join().unwrap() {
            assert_eq!(r.as_deref(), Ok(HELLO));
        }
    }

    let answer = raw_read_all(&mut http).expect("plain HTTP answered and closed");
    assert!(
        answer.starts_with(b"HTTP/1.0 400 Bad Request\r\n"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    raw_read_all(&mut junk).expect("junk client closed");
    raw_read_all(&mut silent).expect("silent client closed by the handshake timeout");
    raw_read_all(&mut stalled).expect("stalled client closed by the handshake timeout");
    let rest = read_to_close_notify(&mut idle).expect("close_notify after the idle timeout");
    assert!(rest.is_empty());
    assert!(t0.elapsed() >= Duration::from_millis(900));

    let log = srv.wait_log("handshake timeout", 2);
    for want in [
        "handshake timeout",
        "idle timeout (1s)",
        "[SSL: HTTP_REQUEST] http request",
        "WRONG_VERSION_NUMBER",
        "ConnectionResetError",
    ] {
        assert!(log.contains(want), "{want:?} missing from\n{log}");
    }
    assert_eq!(log.matches(" ok, ").count(), 20, "{log}");
}

#[test]
fn max_connections_holds_the_rest_in_the_backlog() {
    let srv = Server::start(&["--max-connections", "1"]);
    let addr = srv.addr;
    let hog = raw(addr);
    let (tx, rx) = mpsc::channel();
    let waiter = thread::spawn(move || {
        let r = fetch(&client_ctx(), addr, GET).map_err(|e| e.to_string());
        let _ = tx.send(r);
    });
    assert!(
        rx.recv_timeout(Duration::from_millis(500)).is_err(),
        "served beyond --max-connections"
    );
    hog.shutdown(Shutdown::Both).unwrap();
    drop(hog);
    let r = rx
        .recv_timeout(IO_TIMEOUT)
        .expect("served once a slot freed");
    assert_eq!(r.as_deref(), Ok(HELLO));
    waiter.join().unwrap();
}

#[test]
fn sigterm_lets_open_connections_finish_then_exits_0() {
    let mut srv = Server::start(&["--grace", "5"]);
    let addr = srv.addr;
    let mut s = connect(&client_ctx(), addr).expect("connect");
    srv.sigterm();
    srv.wait_log("no longer accepting", 1);
    // The listener is gone…
    assert!(TcpStream::connect_timeout(&addr, IO_TIMEOUT).is_err());
    // …but the open connection is still served.
    s.sendall(GET).unwrap();
    assert_eq!(read_to_close_notify(&mut s).unwrap(), HELLO);
    let _ = s.unwrap();
    let status = srv.wait(Duration::from_secs(3)).expect("exited");
    assert_eq!(status.code(), Some(0));
    // The process has exited, but the thread reading its stderr may not
    // have taken the last line yet.
    assert!(srv.wait_log("stopped", 1).contains("stopped"));
}

#[test]
fn sigterm_with_a_stuck_client_exits_0_after_the_grace_period() {
    let mut srv = Server::start(&["--grace", "1", "--echo"]);
    let _s = connect(&client_ctx(), srv.addr).expect("connect");
    let t0 = Instant::now();
    srv.sigterm();
    let status = srv.wait(Duration::from_secs(4)).expect("exited");
    assert_eq!(status.code(), Some(0));
    assert!(
        t0.elapsed() >= Duration::from_millis(900),
        "{:?}",
        t0.elapsed()
    );
    assert!(srv
        .wait_log("aborted: server shutting down", 1)
        .contains("aborted: server shutting down"));
    let rest = srv.stdout_rest.recv_timeout(IO_TIMEOUT).unwrap();
    assert_eq!(rest, "", "stdout carries only the listening line");
}

#[test]
fn ipv6_listening_line_uses_brackets() {
    if std::net::TcpListener::bind("[::1]:0").is_err() {
        eprintln!("skipped: no IPv6 loopback");
        return;
    }
    let srv = Server::start(&["--bind", "::1"]);
    assert_eq!(srv.addr.ip().to_string(), "::1");
    assert_eq!(fetch(&client_ctx(), srv.addr, GET).unwrap(), HELLO);
}

#[test]
fn keylog_file_gets_the_secrets() {
    let path = std::env::temp_dir().join(format!("pyssl-server-keylog-{}.txt", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let srv = Server::start(&["--keylog", &path.to_string_lossy()]);
    fetch(&client_ctx(), srv.addr, GET).unwrap();
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let _ = std::fs::remove_file(&path);
    assert!(text.contains("CLIENT_HANDSHAKE_TRAFFIC_SECRET "), "{text}");
}

#[test]
fn start_up_failures_give_the_error_object_and_no_listening_line() {
    let cases: [(&[&str], &str); 4] = [
        (&["--cert", &cert_arg("garbage.pem")], "SSLError"),
        (&["--cert", "/nonexistent/cert.pem"], "FileNotFoundError"),
        (&["--ciphers", "NOTHING-LIKE-THIS"], "SSLError"),
        // wrap_socket(server_side=True) would refuse every connection.
        (&["--protocol", "tls-client"], "ValueError"),
    ];
    for (args, ty) in cases {
        let (status, log) = match Server::try_start(args) {
            Ok(_) => panic!("{args:?} started"),
            Err(r) => r,
        };
        let status = status.expect("exited");
        assert!(!status.success(), "{args:?}");
        let json_line = log
            .lines()
            .find(|l| l.starts_with('{'))
            .unwrap_or_else(|| panic!("{args:?}: no JSON in\n{log}"));
        let v: serde_json::Value = serde_json::from_str(json_line).expect("JSON");
        assert_eq!(v["error"]["type"], ty, "{args:?}: {log}");
        for key in [
            "library",
            "reason",
            "verify_code",
            "verify_message",
            "message",
        ] {
            assert!(v["error"].get(key).is_some(), "{key} missing: {json_line}");
        }
        assert!(log.contains("pyssl-server: error: "), "{log}");
    }
    // The port is taken.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let (_, log) = match Server::try_start(&["--bind", "127.0.0.1", "--port", &port]) {
        Ok(_) => panic!("bound a taken port"),
        Err(r) => r,
    };
    assert!(log.contains("\"OSError\""), "{log}");
}

#[test]
fn help_explains_every_flag_with_two_examples() {
    let out = Command::new(EXE).arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for flag in [
        "--bind",
        "--port",
        "--cert",
        "--key",
        "--password-file",
        "--ciphers",
        "--options",
        "--no-ticket",
        "--num-tickets",
        "--min-version",
        "--max-version",
        "--client-ca",
        "--verify-client",
        "--alpn",
        "--keylog",
        "--compat",
        "--dump-context",
        "--reply",
        "--echo",
        "--www",
        "--source",
        "--sink",
        "--handshake-timeout",
        "--idle-timeout",
        "--max-connections",
        "--grace",
    ] {
        assert!(
            help.contains(&format!("{flag} ")),
            "{flag} missing:\n{help}"
        );
    }
    let examples = help.split("Examples:\n").nth(1).expect("examples");
    assert_eq!(
        examples
            .lines()
            .filter(|l| l.starts_with("  pyssl-server "))
            .count(),
        2,
        "{help}"
    );
}

/// `--workers 3`: three event loops on one port. They are threads of the
/// one process; `--max-connections` counts all their connections; the
/// session cache is shared (a session from one connection resumes on
/// whichever loop accepts the next); many clients at once are all served;
/// SIGTERM stops every loop, with one log line for all, and exits 0.
#[test]
fn workers_share_the_port_the_limit_the_sessions_and_the_stop() {
    let mut srv = Server::start(&["--workers", "3", "--max-connections", "2", "--grace", "5"]);
    let addr = srv.addr;
    // The loops start right after the `listening on` line.
    let tasks = || {
        std::fs::read_dir(format!("/proc/{}/task", srv.child.id()))
            .map(|d| d.count())
            .expect("read /proc/PID/task")
    };
    let end = Instant::now() + IO_TIMEOUT;
    while tasks() < 3 && Instant::now() < end {
        thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(tasks(), 3, "one thread per worker");
    assert!(srv.log().contains("3 worker(s)"), "{}", srv.log());

    // The limit is the process's, not each loop's.
    let hogs = [raw(addr), raw(addr)];
    let (tx, rx) = mpsc::channel();
    let waiter = thread::spawn(move || {
        let _ = tx.send(fetch(&client_ctx(), addr, GET).map_err(|e| e.to_string()));
    });
    assert!(
        rx.recv_timeout(Duration::from_millis(500)).is_err(),
        "served beyond --max-connections with three workers"
    );
    for h in &hogs {
        h.shutdown(Shutdown::Both).unwrap();
    }
    drop(hogs);
    let r = rx
        .recv_timeout(IO_TIMEOUT)
        .expect("served once slots freed");
    assert_eq!(r.as_deref(), Ok(HELLO));
    waiter.join().unwrap();

    // Resumption, whichever loop takes each connection.
    let ctx = client_ctx();
    let mut first = connect(&ctx, addr).expect("connect");
    first.sendall(GET).unwrap();
    assert_eq!(read_to_close_notify(&mut first).unwrap(), HELLO);
    let session = first.session().expect("a session");
    drop(first);
    for _ in 0..6 {
        let tcp = TcpStream::connect_timeout(&addr, IO_TIMEOUT).unwrap();
        let opts = WrapOptions::new()
            .server_hostname("localhost")
            .session(session.clone());
        let mut s = ctx.wrap_socket(tcp, opts).expect("resumed handshake");
        s.settimeout(Some(IO_TIMEOUT)).unwrap();
        assert_eq!(s.session_reused(), Some(true));
        s.sendall(GET).unwrap();
        assert_eq!(read_to_close_notify(&mut s).unwrap(), HELLO);
    }

    // Twelve clients at once (two at a time get in; the rest wait their turn).
    let clients: Vec<_> = (0..12)
        .map(|_| thread::spawn(move || fetch(&client_ctx(), addr, GET).map_err(|e| e.to_string())))
        .collect();
    for c in clients {
        assert_eq!(c.join().unwrap().as_deref(), Ok(HELLO));
    }

    srv.sigterm();
    let status = srv.wait(Duration::from_secs(5)).expect("exited");
    assert_eq!(status.code(), Some(0));
    let log = srv.wait_log("stopped", 1);
    assert_eq!(log.matches("no longer accepting").count(), 1, "{log}");
    assert_eq!(log.matches("stopped").count(), 1, "{log}");
    assert_eq!(log.matches("Hello").count(), 0);
}

#[test]
fn workers_flag_values() {
    for bad in ["0", "-1", "many", "257"] {
        let out = Command::new(EXE)
            .args(["--port", "0", &format!("--workers={bad}")])
            .stdin(Stdio::null())
            .output()
            .expect("run pyssl-server");
        assert_eq!(out.status.code(), Some(2), "--workers {bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("not a worker count"), "--workers {bad}: {err}");
        assert!(out.stdout.is_empty());
    }
    let srv = Server::start(&["--workers", "auto"]);
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    assert!(
        srv.wait_log("worker(s)", 1)
            .contains(&format!("{cores} worker(s)")),
        "{}",
        srv.log()
    );
}

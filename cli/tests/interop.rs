//! The built `pyssl-server` and `pyssl-client` against each other and
//! against real TLS peers on loopback: `curl`, `openssl s_client` and
//! `openssl s_server`, `gnutls-cli`, CPython's `ssl` (client and server, the
//! scripts in `tests/peers/`) and headless Chromium. Last, the contract's
//! promise that a server accepts exactly the protocol versions and cipher
//! suites a CPython server with the same context would: `openssl s_client`
//! probes `pyssl-server` and a CPython server built the same way (under the
//! matching pyenv CPython) and the two accept/reject tables must be equal.
//!
//! Every server listens on 127.0.0.1 or ::1 on a port the kernel picks (read
//! back from its `listening on` / `ACCEPT` line). Every process is started
//! here, waited for with a bound, and killed by its handle when the bound
//! passes or the test ends (Chromium in its own process group, killed as a
//! group). A peer that is not installed is skipped with a note on stderr;
//! `.ci/run` installs them.

#[path = "../../tests/common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, ChildStderr, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use pyssl::PythonVersion;
use serde_json::Value;

const SERVER: &str = env!("CARGO_BIN_EXE_pyssl-server");
const CLIENT: &str = env!("CARGO_BIN_EXE_pyssl-client");
/// `pyssl-server`'s default reply, and the CPython server script's.
const HELLO: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 19\r\nConnection: close\r\n\r\nHello Secure World!";
const HELLO_BODY: &str = "Hello Secure World!";
const GET: &str = "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
/// Upper bound of any one wait (a process run, a server start, a log line).
const BOUND: Duration = Duration::from_secs(20);
/// Chromium's start can be slow on a cold machine.
const CHROMIUM_BOUND: Duration = Duration::from_secs(40);

fn certs(name: &str) -> String {
    common::root()
        .join("certs")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn peer_script(name: &str) -> String {
    common::root()
        .join("tests/peers")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// `getpeercert()` of a verified `certs/server.pem`, as pyssl decodes it.
fn server_cert_json() -> Value {
    pyssl::functions::decode_cert(certs("server.pem"))
        .expect("decode certs/server.pem")
        .to_json()
}

/// base64(SHA-256(SubjectPublicKeyInfo)) of `certs/server.pem`: Chromium's
/// `--ignore-certificate-errors-spki-list` pin (and gnutls-cli's
/// `pin-sha256`).
fn server_spki_pin() -> String {
    let pem = std::fs::read(certs("server.pem")).expect("read server.pem");
    let cert = openssl::x509::X509::from_pem(&pem).expect("parse server.pem");
    let spki = cert
        .public_key()
        .and_then(|k| k.public_key_to_der())
        .expect("SPKI");
    openssl::base64::encode_block(&openssl::sha::sha256(&spki))
}

// ---------------------------------------------------------------------------
// Finding the peers

/// The executable `name` on `PATH`.
fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| {
            p.metadata()
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

/// The first of `names` that is installed, or a note that `peer` is skipped.
fn tool(peer: &str, names: &[&str], package: &str) -> Option<PathBuf> {
    let found = names.iter().find_map(|n| which(n));
    if found.is_none() {
        eprintln!(
            "note: {} not found (Debian package {package}; .ci/run installs it): {peer} skipped",
            names.join(" / ")
        );
    }
    found
}

/// `python3` from `PATH` when it imports `ssl`.
fn python3(peer: &str) -> Option<PathBuf> {
    let py = which("python3");
    let ok = py.as_ref().is_some_and(|p| {
        common::python_command(p)
            .args(["-c", "import ssl"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    });
    if !ok {
        eprintln!("note: no python3 with ssl: {peer} skipped");
    }
    py.filter(|_| ok)
}

// ---------------------------------------------------------------------------
// Processes

/// A child's output, collected by a thread while it runs.
struct Collector {
    buf: Arc<Mutex<Vec<u8>>>,
    done: mpsc::Receiver<()>,
}

impl Collector {
    fn new<R: Read + Send + 'static>(mut pipe: R) -> Collector {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&buf);
        let (tx, done) = mpsc::channel();
        thread::spawn(move || {
            let mut chunk = [0u8; 16 * 1024];
            while let Ok(n) = pipe.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&chunk[..n]);
            }
            let _ = tx.send(());
        });
        Collector { buf, done }
    }

    /// Waits until the pipe reached end of file (true) or `deadline`.
    fn wait(&self, deadline: Instant) -> bool {
        let left = deadline.saturating_duration_since(Instant::now());
        !matches!(
            self.done.recv_timeout(left),
            Err(mpsc::RecvTimeoutError::Timeout)
        )
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.buf.lock().unwrap()).into_owned()
    }
}

/// How a one-shot process is run.
#[derive(Default)]
struct Io {
    /// Bytes for its stdin (`None`: stdin is `/dev/null`).
    stdin: Option<Vec<u8>>,
    /// Keep stdin open until the process is gone (instead of closing it
    /// after the bytes, which some clients take as "hang up now").
    keep_stdin_open: bool,
    /// Start it as the leader of a new process group and kill the whole
    /// group when it overstays (Chromium's helper processes).
    own_group: bool,
}

/// A finished (or killed) one-shot process.
struct Ran {
    what: String,
    /// `None`: it overstayed its bound and was killed.
    status: Option<ExitStatus>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

impl Ran {
    fn success(&self) -> bool {
        self.status.is_some_and(|s| s.success())
    }

    /// Everything about the run, for assertion messages.
    fn show(&self) -> String {
        let status = match self.status {
            Some(s) => format!("{s}"),
            None => "killed after overstaying its bound".to_string(),
        };
        format!(
            "{} ({status}, {:?})\n--- stdout\n{}\n--- stderr\n{}",
            self.what, self.elapsed, self.stdout, self.stderr
        )
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not one JSON object ({e}): {}", self.show()))
    }
}

/// SIGKILL to the process group led by our child `pid` (never reaped yet,
/// so the group id is still ours).
fn kill_group(pid: u32) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{pid}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// Runs `cmd` to its end, at most `limit`; on overstaying, it is killed by
/// its handle (and its group, with `own_group`).
fn run(what: &str, mut cmd: Command, io: Io, limit: Duration) -> Ran {
    cmd.stdin(if io.stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    if io.own_group {
        cmd.process_group(0);
    }
    let start = Instant::now();
    let deadline = start + limit;
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    let out = Collector::new(child.stdout.take().expect("stdout"));
    let err = Collector::new(child.stderr.take().expect("stderr"));
    let mut stdin = child.stdin.take();
    if let (Some(pipe), Some(data)) = (stdin.as_mut(), io.stdin.as_ref()) {
        let _ = pipe.write_all(data).and_then(|()| pipe.flush());
    }
    if !io.keep_stdin_open {
        drop(stdin.take());
    }
    // Both pipes at end of file: the process (and, for a group, every
    // member that inherited them) is done writing; then it must exit.
    let mut status = None;
    if out.wait(deadline) && err.wait(deadline) {
        while Instant::now() < deadline {
            if let Ok(Some(s)) = child.try_wait() {
                status = Some(s);
                break;
            }
            thread::sleep(Duration::from_millis(10));
        }
    }
    if status.is_none() {
        if io.own_group {
            kill_group(child.id());
        }
        let _ = child.kill();
    }
    // Reaps it (or gives back what try_wait saw).
    let _ = child.wait();
    if status.is_none() {
        let grace = Instant::now() + Duration::from_secs(2);
        out.wait(grace);
        err.wait(grace);
    }
    drop(stdin);
    Ran {
        what: what.to_string(),
        status,
        stdout: out.text(),
        stderr: err.text(),
        elapsed: start.elapsed(),
    }
}

fn pyssl_client(args: &[&str]) -> Ran {
    let mut cmd = Command::new(CLIENT);
    cmd.args(args).env_remove("SSLKEYLOGFILE");
    run(
        &format!("pyssl-client {}", args.join(" ")),
        cmd,
        Io::default(),
        BOUND,
    )
}

/// A long-running server (pyssl-server, `openssl s_server`, the CPython
/// server script); killed by its handle when dropped.
struct Peer {
    what: String,
    child: Child,
    addr: SocketAddr,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

/// `listening on HOST:PORT` (pyssl-server, cpython_server.py).
fn listening_line(line: &str) -> Option<SocketAddr> {
    line.trim_end().strip_prefix("listening on ")?.parse().ok()
}

/// `ACCEPT HOST:PORT` (openssl s_server).
fn accept_line(line: &str) -> Option<SocketAddr> {
    line.trim_end().strip_prefix("ACCEPT ")?.parse().ok()
}

fn lines_into(
    pipe: impl Read + Send + 'static,
    sink: Arc<Mutex<String>>,
) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
            let _ = tx.send(line);
        }
    });
    rx
}

impl Peer {
    fn start(what: &str, cmd: Command, parse: fn(&str) -> Option<SocketAddr>) -> Peer {
        Self::try_start(what, cmd, parse).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Starts `cmd` and waits (bounded) for the line `parse` reads the
    /// address from; `Err` with its output when none comes.
    fn try_start(
        what: &str,
        mut cmd: Command,
        parse: fn(&str) -> Option<SocketAddr>,
    ) -> Result<Peer, String> {
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {what}: {e}"))?;
        let stdout = Arc::new(Mutex::new(String::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        let out: ChildStdout = child.stdout.take().expect("stdout");
        let err: ChildStderr = child.stderr.take().expect("stderr");
        let lines = lines_into(out, Arc::clone(&stdout));
        drop(lines_into(err, Arc::clone(&stderr)));
        let deadline = Instant::now() + BOUND;
        let mut addr = None;
        while addr.is_none() {
            let left = deadline.saturating_duration_since(Instant::now());
            match lines.recv_timeout(left) {
                Ok(line) => addr = parse(&line),
                Err(_) => break,
            }
        }
        // The rest of stdout still goes into `stdout` (the thread keeps
        // reading after this receiver is gone).
        drop(lines);
        match addr {
            Some(addr) => Ok(Peer {
                what: what.to_string(),
                child,
                addr,
                stdout,
                stderr,
            }),
            None => {
                let _ = child.kill();
                let status = child.wait();
                thread::sleep(Duration::from_millis(50));
                Err(format!(
                    "{what} did not start ({status:?})\n--- stdout\n{}\n--- stderr\n{}",
                    stdout.lock().unwrap(),
                    stderr.lock().unwrap()
                ))
            }
        }
    }

    fn port(&self) -> String {
        self.addr.port().to_string()
    }

    fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits (bounded) until stderr has `n` lines containing `needle`.
    fn wait_stderr(&self, needle: &str, n: usize) -> String {
        let end = Instant::now() + BOUND;
        loop {
            let log = self.stderr();
            if log.matches(needle).count() >= n || Instant::now() >= end {
                return log;
            }
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
        if thread::panicking() {
            eprintln!(
                "--- {} stdout\n{}--- {} stderr\n{}",
                self.what,
                self.stdout(),
                self.what,
                self.stderr()
            );
        }
    }
}

/// `pyssl-server --port 0 ARGS`.
fn pyssl_server(args: &[&str]) -> Peer {
    try_pyssl_server(args).unwrap_or_else(|e| panic!("{e}"))
}

fn try_pyssl_server(args: &[&str]) -> Result<Peer, String> {
    let mut cmd = Command::new(SERVER);
    cmd.args(["--port", "0"])
        .args(args)
        .env_remove("SSLKEYLOGFILE")
        .env_remove("RUST_LOG");
    Peer::try_start(
        &format!("pyssl-server {}", args.join(" ")),
        cmd,
        listening_line,
    )
}

/// The CPython server script under `python` (`cpython_server.py ARGS`).
fn cpython_server(python: &std::path::Path, args: &[&str]) -> Peer {
    try_cpython_server(python, args).unwrap_or_else(|e| panic!("{e}"))
}

fn try_cpython_server(python: &std::path::Path, args: &[&str]) -> Result<Peer, String> {
    let mut cmd = common::python_command(python);
    cmd.arg(peer_script("cpython_server.py"))
        .args([
            "--cert",
            &certs("server.pem"),
            "--key",
            &certs("server.key"),
        ])
        .args(args);
    Peer::try_start(
        &format!("{} cpython_server.py {}", python.display(), args.join(" ")),
        cmd,
        listening_line,
    )
}

/// `(version, cipher)` of each connection `pyssl-server` logged as ok
/// (`... sni=NAME VERSION CIPHER [alpn=P] ok...`).
fn logged_handshakes(log: &str) -> Vec<(String, String)> {
    log.lines()
        .filter_map(|line| {
            let mut words = line
                .split_whitespace()
                .skip_while(|w| !w.starts_with("sni="));
            words.next()?;
            let (version, cipher) = (words.next()?, words.next()?);
            // Then optional `alpn=...` & co., then `ok` (or a failure).
            words
                .any(|w| w.trim_end_matches(',') == "ok")
                .then(|| (version.to_string(), cipher.to_string()))
        })
        .collect()
}

/// The `Protocol version:` and `Cipher:` name of a `pyssl-server --www` page.
fn www_page_fields(page: &str) -> Option<(String, String)> {
    let field = |key: &str| {
        page.lines()
            .find_map(|l| l.trim().strip_prefix(key))
            .map(|v| v.trim().to_string())
    };
    let version = field("Protocol version:")?;
    let cipher = field("Cipher:")?.split(' ').next()?.to_string();
    Some((version, cipher))
}

/// What `openssl s_server -www`'s page says about the session: the
/// `Protocol  :` line and the `New, ..., Cipher is X` line's cipher.
/// (`s_client` prints the `Protocol` line only once a TLS 1.3 ticket has
/// arrived, so the probes use `-brief` instead.)
fn openssl_session_fields(text: &str) -> Option<(String, String)> {
    let cipher = text.lines().find_map(|l| {
        let l = l.trim();
        let rest = l
            .strip_prefix("New, ")
            .or_else(|| l.strip_prefix("Reused, "))?;
        rest.split_once("Cipher is ")
            .map(|(_, c)| c.trim().to_string())
    })?;
    let version = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Protocol  :"))
        .map(|v| v.trim().to_string())?;
    Some((version, cipher))
}

// ---------------------------------------------------------------------------
// pyssl-client <-> pyssl-server

#[test]
fn pyssl_client_and_pyssl_server() {
    let srv = pyssl_server(&["--bind", "127.0.0.1"]);
    let target = format!("localhost:{}", srv.port());
    let ca = certs("ca.pem");

    let r = pyssl_client(&["--json", "--cafile", &ca, &target]);
    assert!(r.success(), "{}", r.show());
    let j = r.json();
    assert_eq!(j["ok"], true, "{j}");
    assert_eq!(j["version"], "TLSv1.3");
    assert_eq!(
        j["cipher"],
        serde_json::json!(["TLS_AES_256_GCM_SHA384", "TLSv1.3", 256])
    );
    assert_eq!(j["alpn"], Value::Null);
    assert_eq!(j["session_reused"], false);
    assert_eq!(j["peer_cert"], server_cert_json());
    assert_eq!(j["error"], Value::Null);

    // Without --json: the reply bytes on stdout, nothing else.
    let r = pyssl_client(&["--cafile", &ca, &target]);
    assert!(r.success(), "{}", r.show());
    assert_eq!(r.stdout, HELLO, "{}", r.show());

    // Not trusting the test CA: CPython's verification error, as JSON.
    let r = pyssl_client(&["--json", "--no-default-certs", &target]);
    assert!(!r.success(), "{}", r.show());
    let j = r.json();
    assert_eq!(j["ok"], false, "{j}");
    assert_eq!(j["version"], Value::Null, "{j}");
    assert_eq!(j["error"]["type"], "SSLCertVerificationError", "{j}");
    assert_eq!(j["error"]["reason"], "CERTIFICATE_VERIFY_FAILED", "{j}");
    assert_eq!(j["error"]["verify_code"], 20, "{j}");

    let log = srv.wait_stderr(" ok", 2);
    assert_eq!(
        logged_handshakes(&log),
        vec![("TLSv1.3".to_string(), "TLS_AES_256_GCM_SHA384".to_string()); 2],
        "{log}"
    );
}

#[test]
fn pyssl_client_and_pyssl_server_tls12_alpn_ipv6() {
    let srv = match try_pyssl_server(&["--bind", "::1", "--alpn", "h2,http/1.1"]) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("note: no IPv6 loopback? ::1 test skipped: {e}");
            return;
        }
    };
    assert_eq!(srv.addr.ip().to_string(), "::1");
    let target = format!("[::1]:{}", srv.port());
    let r = pyssl_client(&[
        "--json",
        "--cafile",
        &certs("ca.pem"),
        "--max-version",
        "TLSv1_2",
        "--alpn",
        "http/1.1",
        &target,
    ]);
    assert!(r.success(), "{}", r.show());
    let j = r.json();
    assert_eq!(j["ok"], true, "{j}");
    assert_eq!(j["version"], "TLSv1.2");
    assert_eq!(
        j["cipher"],
        serde_json::json!(["ECDHE-RSA-AES256-GCM-SHA384", "TLSv1.2", 256])
    );
    assert_eq!(j["alpn"], "http/1.1");
    assert_eq!(j["peer_cert"], server_cert_json());
    let log = srv.wait_stderr(" ok", 1);
    assert!(log.contains(" alpn=http/1.1 ok"), "{log}");
    assert_eq!(
        logged_handshakes(&log),
        vec![(
            "TLSv1.2".to_string(),
            "ECDHE-RSA-AES256-GCM-SHA384".to_string()
        )],
        "{log}"
    );
}

// ---------------------------------------------------------------------------
// curl

#[test]
fn curl_against_pyssl_server() {
    let Some(curl) = tool("curl", &["curl"], "curl") else {
        return;
    };
    let srv = pyssl_server(&[]);
    let url = format!("https://localhost:{}/", srv.port());
    let fetch = |extra: &[&str]| {
        let mut cmd = Command::new(&curl);
        cmd.args([
            "-sS",
            "-v",
            "--max-time",
            "10",
            "--cacert",
            &certs("ca.pem"),
        ])
        .args(extra)
        .arg(&url)
        .env_remove("SSLKEYLOGFILE")
        .env_remove("CURL_CA_BUNDLE");
        run(
            &format!("curl {} {url}", extra.join(" ")),
            cmd,
            Io::default(),
            BOUND,
        )
    };

    let r = fetch(&[]);
    assert!(r.success(), "{}", r.show());
    assert_eq!(r.stdout, HELLO_BODY, "{}", r.show());
    assert!(
        r.stderr
            .contains("SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384"),
        "{}",
        r.show()
    );

    let r = fetch(&["--tls-max", "1.2"]);
    assert!(r.success(), "{}", r.show());
    assert_eq!(r.stdout, HELLO_BODY, "{}", r.show());
    assert!(
        r.stderr
            .contains("SSL connection using TLSv1.2 / ECDHE-RSA-AES256-GCM-SHA384"),
        "{}",
        r.show()
    );

    let log = srv.wait_stderr(" ok", 2);
    let seen = logged_handshakes(&log);
    for want in [
        ("TLSv1.3", "TLS_AES_256_GCM_SHA384"),
        ("TLSv1.2", "ECDHE-RSA-AES256-GCM-SHA384"),
    ] {
        assert!(
            seen.iter().any(|(v, c)| (v.as_str(), c.as_str()) == want),
            "{want:?} not in the server log:\n{log}"
        );
    }
}

#[test]
fn curl_against_pyssl_server_on_ipv6() {
    let Some(curl) = tool("curl", &["curl"], "curl") else {
        return;
    };
    let srv = match try_pyssl_server(&["--bind", "::1"]) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("note: no IPv6 loopback? ::1 test skipped: {e}");
            return;
        }
    };
    // The certificate's IP:::1 SAN is what curl checks here.
    let url = format!("https://[::1]:{}/", srv.port());
    let mut cmd = Command::new(&curl);
    cmd.args([
        "-sS",
        "--max-time",
        "10",
        "--cacert",
        &certs("ca.pem"),
        &url,
    ])
    .env_remove("CURL_CA_BUNDLE");
    let r = run(&format!("curl {url}"), cmd, Io::default(), BOUND);
    assert!(r.success(), "{}", r.show());
    assert_eq!(r.stdout, HELLO_BODY, "{}", r.show());
}

// ---------------------------------------------------------------------------
// openssl s_client / s_server

#[test]
fn openssl_s_client_against_pyssl_server() {
    let Some(openssl) = tool("openssl s_client", &["openssl"], "openssl") else {
        return;
    };
    let srv = pyssl_server(&[]);
    let connect = format!("127.0.0.1:{}", srv.port());
    let mut cmd = Command::new(&openssl);
    cmd.args([
        "s_client",
        "-connect",
        &connect,
        "-servername",
        "localhost",
        "-CAfile",
        &certs("ca.pem"),
        "-verify_return_error",
        // Keep reading after our request until the server closes.
        "-ign_eof",
    ])
    .env_remove("SSLKEYLOGFILE");
    let io = Io {
        stdin: Some(GET.as_bytes().to_vec()),
        ..Io::default()
    };
    let r = run("openssl s_client", cmd, io, BOUND);
    assert!(r.success(), "{}", r.show());
    assert!(
        r.stdout.contains("Verify return code: 0 (ok)"),
        "{}",
        r.show()
    );
    assert!(r.stdout.contains(HELLO), "{}", r.show());
    assert!(
        r.stdout
            .contains("New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384"),
        "{}",
        r.show()
    );
    let log = srv.wait_stderr(" ok", 1);
    assert!(
        log.contains("sni=localhost TLSv1.3 TLS_AES_256_GCM_SHA384 ok"),
        "{log}"
    );
}

#[test]
fn pyssl_client_against_openssl_s_server() {
    let Some(openssl) = tool("openssl s_server", &["openssl"], "openssl") else {
        return;
    };
    let mut cmd = Command::new(&openssl);
    cmd.args([
        "s_server",
        "-accept",
        "127.0.0.1:0",
        "-cert",
        &certs("server.pem"),
        "-key",
        &certs("server.key"),
        "-www",
        // Four connections, then it exits by itself.
        "-naccept",
        "4",
    ]);
    let srv = Peer::start("openssl s_server", cmd, accept_line);
    let target = format!("localhost:{}", srv.port());
    let ca = certs("ca.pem");

    for (extra, version) in [
        (&[][..], "TLSv1.3"),
        (&["--max-version", "TLSv1_2"][..], "TLSv1.2"),
    ] {
        let mut args = vec!["--json", "--cafile", &ca];
        args.extend_from_slice(extra);
        args.push(&target);
        let r = pyssl_client(&args);
        assert!(r.success(), "{}", r.show());
        let j = r.json();
        assert_eq!(j["ok"], true, "{j}");
        assert_eq!(j["version"], version, "{j}");
        assert_eq!(j["cipher"][1], version, "{j}");
        assert_eq!(j["peer_cert"], server_cert_json());

        // The same connection once more, now printing s_server's page.
        let mut args = vec!["--cafile", &ca];
        args.extend_from_slice(extra);
        args.push(&target);
        let page = pyssl_client(&args);
        assert!(page.success(), "{}", page.show());
        assert!(
            page.stdout.starts_with("HTTP/1.0 200 ok"),
            "{}",
            page.show()
        );
        let (v, c) = openssl_session_fields(&page.stdout)
            .unwrap_or_else(|| panic!("no session lines in {}", page.show()));
        assert_eq!(v, version, "{}", page.show());
        assert_eq!(
            c,
            j["cipher"][0].as_str().unwrap_or_default(),
            "s_server saw another cipher than pyssl-client reported: {}",
            page.show()
        );
    }
}

// ---------------------------------------------------------------------------
// gnutls-cli

#[test]
fn gnutls_cli_against_pyssl_server() {
    let Some(gnutls) = tool("gnutls-cli", &["gnutls-cli"], "gnutls-bin") else {
        return;
    };
    let srv = pyssl_server(&[]);
    let talk = |extra: &[&str]| {
        let mut cmd = Command::new(&gnutls);
        cmd.args(["--x509cafile", &certs("ca.pem"), "-p", &srv.port()])
            .args(extra)
            .arg("localhost")
            .env_remove("SSLKEYLOGFILE");
        // stdin stays open: the server's close_notify ends gnutls-cli.
        let io = Io {
            stdin: Some(GET.as_bytes().to_vec()),
            keep_stdin_open: true,
            ..Io::default()
        };
        run(&format!("gnutls-cli {}", extra.join(" ")), cmd, io, BOUND)
    };

    let r = talk(&[]);
    assert!(r.success(), "{}", r.show());
    assert!(r.stdout.contains(HELLO), "{}", r.show());
    assert!(
        r.stdout.contains("- Status: The certificate is trusted."),
        "{}",
        r.show()
    );
    assert!(r.stdout.contains("(TLS1.3-X.509)"), "{}", r.show());
    assert!(r.stdout.contains("(AES-256-GCM)"), "{}", r.show());
    // gnutls' own SPKI hash agrees with the pin the Chromium test uses.
    let pin = format!("pin-sha256:{}", server_spki_pin());
    assert!(r.stdout.contains(&pin), "{pin} missing: {}", r.show());

    let r = talk(&["--priority", "NORMAL:-VERS-TLS1.3"]);
    assert!(r.success(), "{}", r.show());
    assert!(r.stdout.contains(HELLO), "{}", r.show());
    assert!(r.stdout.contains("(TLS1.2-X.509)-(ECDHE-"), "{}", r.show());

    let log = srv.wait_stderr(" ok", 2);
    let seen = logged_handshakes(&log);
    assert_eq!(seen.len(), 2, "{log}");
    assert_eq!(seen[0].0, "TLSv1.3", "{log}");
    assert_eq!(seen[1].0, "TLSv1.2", "{log}");
}

// ---------------------------------------------------------------------------
// CPython's ssl

#[test]
fn cpython_client_against_pyssl_server() {
    let Some(py) = python3("CPython client") else {
        return;
    };
    let srv = pyssl_server(&[]);
    let ca = certs("ca.pem");
    for max in [None, Some("TLSv1_2")] {
        let mut cmd = common::python_command(&py);
        cmd.arg(peer_script("cpython_client.py"))
            .args(["localhost", &srv.port(), "--cafile", &ca]);
        if let Some(m) = max {
            cmd.args(["--max-version", m]);
        }
        let r = run("python3 cpython_client.py", cmd, Io::default(), BOUND);
        assert!(r.success(), "{}", r.show());
        let theirs = r.json();
        assert_eq!(theirs["reply"], HELLO, "{theirs}");

        // pyssl-client, built the same way, sees the same connection.
        let mut args = vec!["--json", "--cafile", &ca];
        if let Some(m) = max {
            args.extend(["--max-version", m]);
        }
        let target = format!("localhost:{}", srv.port());
        args.push(&target);
        let ours = pyssl_client(&args);
        assert!(ours.success(), "{}", ours.show());
        let ours = ours.json();
        for key in ["version", "cipher", "alpn", "peer_cert"] {
            assert_eq!(
                ours[key], theirs[key],
                "{key}: pyssl-client vs CPython {} ({})",
                theirs["python"], theirs["openssl"]
            );
        }
        let want = if max.is_some() { "TLSv1.2" } else { "TLSv1.3" };
        assert_eq!(theirs["version"], want);
    }
    let log = srv.wait_stderr(" ok", 4);
    assert_eq!(logged_handshakes(&log).len(), 4, "{log}");
}

#[test]
fn pyssl_client_against_cpython_server() {
    let Some(py) = python3("CPython server") else {
        return;
    };
    let ca = certs("ca.pem");
    for bind in ["127.0.0.1", "::1"] {
        let srv = match try_cpython_server(&py, &["--bind", bind]) {
            Ok(s) => s,
            Err(e) if bind == "::1" => {
                eprintln!("note: no IPv6 loopback? ::1 case skipped: {e}");
                continue;
            }
            Err(e) => panic!("{e}"),
        };
        let target = match srv.addr {
            SocketAddr::V4(_) => format!("localhost:{}", srv.port()),
            SocketAddr::V6(_) => format!("[::1]:{}", srv.port()),
        };
        let r = pyssl_client(&["--json", "--cafile", &ca, &target]);
        assert!(r.success(), "{}", r.show());
        let j = r.json();
        assert_eq!(j["ok"], true, "{j}");
        assert_eq!(j["version"], "TLSv1.3");
        assert_eq!(
            j["cipher"],
            serde_json::json!(["TLS_AES_256_GCM_SHA384", "TLSv1.3", 256])
        );
        assert_eq!(j["peer_cert"], server_cert_json());
        assert_eq!(j["error"], Value::Null);

        let r = pyssl_client(&["--cafile", &ca, "--max-version", "TLSv1_2", &target]);
        assert!(r.success(), "{}", r.show());
        assert_eq!(r.stdout, HELLO, "{}", r.show());

        let r = pyssl_client(&[
            "--json",
            "--cafile",
            &ca,
            "--max-version",
            "TLSv1_2",
            &target,
        ]);
        assert!(r.success(), "{}", r.show());
        let j = r.json();
        assert_eq!(
            j["cipher"],
            serde_json::json!(["ECDHE-RSA-AES256-GCM-SHA384", "TLSv1.2", 256]),
            "{}",
            r.show()
        );
    }
}

// ---------------------------------------------------------------------------
// Headless Chromium

#[test]
fn chromium_fetches_the_www_page() {
    let Some(chromium) = tool(
        "headless Chromium",
        &["chromium", "chromium-browser"],
        "chromium",
    ) else {
        return;
    };
    let srv = pyssl_server(&["--www"]);
    let profile = std::env::temp_dir().join(format!(
        "pyssl-interop-chromium-{}-{}",
        std::process::id(),
        srv.port()
    ));
    std::fs::create_dir_all(&profile).expect("profile dir");
    let url = format!("https://localhost:{}/", srv.port());
    let mut cmd = Command::new(&chromium);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .arg(format!(
        "--ignore-certificate-errors-spki-list={}",
        server_spki_pin()
    ))
    .args(["--dump-dom", &url])
    .env_remove("SSLKEYLOGFILE");
    let io = Io {
        own_group: true,
        ..Io::default()
    };
    let r = run("chromium --dump-dom", cmd, io, CHROMIUM_BOUND);
    let _ = std::fs::remove_dir_all(&profile);
    assert!(r.success(), "{}", r.show());
    let dom = &r.stdout;
    assert!(dom.contains("<h1>pyssl-server</h1>"), "{}", r.show());
    assert!(dom.contains("SNI server name: localhost"), "{}", r.show());
    let (version, cipher) =
        www_page_fields(dom).unwrap_or_else(|| panic!("no version/cipher in {}", r.show()));
    assert_eq!(version, "TLSv1.3", "{}", r.show());
    assert!(
        dom.contains(&format!("Cipher: {cipher} ({version}, ")),
        "{}",
        r.show()
    );
    // The page describes the connection the server logged.
    let log = srv.wait_stderr(" ok", 1);
    assert!(
        logged_handshakes(&log)
            .iter()
            .any(|(v, c)| *v == version && *c == cipher),
        "{version} {cipher} not in the server log:\n{log}"
    );
}

// ---------------------------------------------------------------------------
// Version and cipher acceptance: pyssl-server vs a CPython server

/// One server configuration, given to both servers.
struct FlagSet {
    /// `--compat` (`None`: pyssl's default, compared with that CPython).
    compat: Option<&'static str>,
    ciphers: Option<&'static str>,
    min: Option<&'static str>,
    max: Option<&'static str>,
}

impl FlagSet {
    fn version(&self) -> PythonVersion {
        self.compat
            .map(|c| c.parse().expect("compat"))
            .unwrap_or_default()
    }

    /// The flags, as `pyssl-server` takes them (the CPython script takes the
    /// same, minus `--compat`).
    fn args(&self, with_compat: bool) -> Vec<&'static str> {
        let mut a = Vec::new();
        if let (true, Some(c)) = (with_compat, self.compat) {
            a.extend(["--compat", c]);
        }
        for (flag, v) in [
            ("--ciphers", self.ciphers),
            ("--min-version", self.min),
            ("--max-version", self.max),
        ] {
            if let Some(v) = v {
                a.extend([flag, v]);
            }
        }
        a
    }

    fn label(&self) -> String {
        let a = self.args(true);
        if a.is_empty() {
            "(defaults)".to_string()
        } else {
            a.join(" ")
        }
    }
}

const fn set(
    compat: Option<&'static str>,
    ciphers: Option<&'static str>,
    min: Option<&'static str>,
    max: Option<&'static str>,
) -> FlagSet {
    FlagSet {
        compat,
        ciphers,
        min,
        max,
    }
}

const SECLEVEL_0: Option<&str> = Some("ALL:@SECLEVEL=0");

const FLAG_SETS: &[FlagSet] = &[
    // The defaults of every supported release.
    set(None, None, None, None),
    set(Some("3.12"), None, None, None),
    set(Some("3.11"), None, None, None),
    set(Some("3.10"), None, None, None),
    set(Some("3.9"), None, None, None),
    set(Some("3.8"), None, None, None),
    set(Some("3.7"), None, None, None),
    set(Some("3.6"), None, None, None),
    // Bounds and cipher strings.
    set(None, None, Some("TLSv1_3"), None),
    set(
        None,
        Some("ECDHE-RSA-AES128-GCM-SHA256"),
        None,
        Some("TLSv1_2"),
    ),
    set(
        Some("3.8"),
        Some("HIGH:!aNULL:!SHA1"),
        Some("TLSv1_2"),
        None,
    ),
    // Old versions accepted at all: security level 0, TLS 1.0 allowed.
    set(None, SECLEVEL_0, Some("TLSv1"), None),
    set(Some("3.9"), SECLEVEL_0, None, Some("TLSv1_1")),
    // 3.6 has no maximum_version: the bound becomes OP_NO_TLSv1_2 | _3.
    set(Some("3.6"), SECLEVEL_0, None, Some("TLSv1_1")),
];

/// One `openssl s_client` probe: label and arguments. The client offers
/// everything (security level 0) so that the server decides.
const PROBES: &[(&str, &[&str])] = &[
    ("-tls1", &["-tls1", "-cipher", "ALL:@SECLEVEL=0"]),
    ("-tls1_1", &["-tls1_1", "-cipher", "ALL:@SECLEVEL=0"]),
    ("-tls1_2", &["-tls1_2", "-cipher", "ALL:@SECLEVEL=0"]),
    ("-tls1_3", &["-tls1_3"]),
    (
        "ECDHE-RSA-AES128-GCM-SHA256",
        &[
            "-tls1_2",
            "-cipher",
            "ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0",
        ],
    ),
    (
        "ECDHE-RSA-AES256-GCM-SHA384",
        &[
            "-tls1_2",
            "-cipher",
            "ECDHE-RSA-AES256-GCM-SHA384:@SECLEVEL=0",
        ],
    ),
    (
        "ECDHE-RSA-CHACHA20-POLY1305",
        &[
            "-tls1_2",
            "-cipher",
            "ECDHE-RSA-CHACHA20-POLY1305:@SECLEVEL=0",
        ],
    ),
    (
        "ECDHE-RSA-AES128-SHA256",
        &["-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA256:@SECLEVEL=0"],
    ),
    (
        "ECDHE-RSA-AES128-SHA",
        &["-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA:@SECLEVEL=0"],
    ),
    (
        "DHE-RSA-AES128-GCM-SHA256",
        &[
            "-tls1_2",
            "-cipher",
            "DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0",
        ],
    ),
    (
        "AES128-GCM-SHA256",
        &["-tls1_2", "-cipher", "AES128-GCM-SHA256:@SECLEVEL=0"],
    ),
    (
        "AES256-SHA",
        &["-tls1_2", "-cipher", "AES256-SHA:@SECLEVEL=0"],
    ),
    (
        "ECDHE-ECDSA-AES128-GCM-SHA256",
        &[
            "-tls1_2",
            "-cipher",
            "ECDHE-ECDSA-AES128-GCM-SHA256:@SECLEVEL=0",
        ],
    ),
    (
        "TLS_CHACHA20_POLY1305_SHA256",
        &["-tls1_3", "-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256"],
    ),
    (
        "TLS_AES_128_GCM_SHA256",
        &["-tls1_3", "-ciphersuites", "TLS_AES_128_GCM_SHA256"],
    ),
];

/// One probe's result: `accept VERSION CIPHER`, `reject: REASON` (the
/// OpenSSL error the client saw, e.g. the server's alert), `timed out`, or
/// `no handshake: ...` (the client itself refused, e.g. a cipher it lacks).
fn probe(openssl: &std::path::Path, addr: SocketAddr, args: &[&str]) -> (String, Ran) {
    let connect = addr.to_string();
    let mut cmd = Command::new(openssl);
    cmd.args(["s_client", "-brief", "-connect", &connect])
        .args(["-servername", "localhost", "-CAfile", &certs("ca.pem")])
        .args(args)
        .env_remove("SSLKEYLOGFILE");
    let r = run(
        &format!("openssl s_client {}", args.join(" ")),
        cmd,
        Io::default(),
        BOUND,
    );
    let text = format!("{}\n{}", r.stdout, r.stderr);
    let field = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key))
            .map(|v| v.trim().to_string())
    };
    // `...:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake
    // failure:../ssl/record/rec_layer_s3.c:1601:SSL alert number 40`
    let reason = text.lines().find_map(|l| {
        let (_, rest) = l.split_once(":SSL routines:")?;
        rest.split(':').nth(1).map(str::to_string)
    });
    let outcome = if text.contains("CONNECTION ESTABLISHED") {
        format!(
            "accept {} {}",
            field("Protocol version:").unwrap_or_default(),
            field("Ciphersuite:").unwrap_or_default()
        )
    } else if r.status.is_none() {
        "timed out".to_string()
    } else if let Some(reason) = reason {
        format!("reject: {reason}")
    } else {
        format!(
            "no handshake: {}",
            r.stderr.lines().next().unwrap_or_default()
        )
    };
    (outcome, r)
}

type Table = BTreeMap<&'static str, String>;

/// All probes against one server, in order.
fn probe_all(openssl: &std::path::Path, addr: SocketAddr) -> (Table, Vec<Ran>) {
    let mut table = Table::new();
    let mut runs = Vec::new();
    for (label, args) in PROBES {
        let (outcome, r) = probe(openssl, addr, args);
        table.insert(label, outcome);
        runs.push(r);
    }
    (table, runs)
}

/// The flag set's tables (pyssl, CPython), or why it was skipped.
fn compare_flag_set(
    openssl: &std::path::Path,
    set: &FlagSet,
) -> Result<(Table, Table, String), String> {
    let v = set.version();
    let Some(py) = common::pyenv_python(v) else {
        return Err(format!("no pyenv CPython {v}"));
    };
    let ours = pyssl_server(&{
        let mut a = vec!["--bind", "127.0.0.1"];
        a.extend(set.args(true));
        a
    });
    let theirs = cpython_server(&py, &set.args(false));
    let banner = theirs.stdout();
    let banner = banner.lines().next().unwrap_or_default().to_string();
    if !banner.starts_with(&format!("cpython {v}.")) {
        return Err(format!("pyenv gave {banner:?} for {v}"));
    }
    let ossl = pyssl::functions::openssl_version();
    if !banner.ends_with(ossl) {
        return Err(format!(
            "{banner:?} is linked to another OpenSSL than pyssl ({ossl})"
        ));
    }
    // Both servers probed at once.
    let (a, b) = thread::scope(|s| {
        let a = s.spawn(|| probe_all(openssl, ours.addr));
        let b = s.spawn(|| probe_all(openssl, theirs.addr));
        (
            a.join().expect("probe thread"),
            b.join().expect("probe thread"),
        )
    });
    let mut detail = String::new();
    for (label, (x, y)) in PROBES.iter().map(|p| p.0).zip(a.1.iter().zip(&b.1)) {
        if a.0[label] != b.0[label] {
            detail.push_str(&format!(
                "== {label} against pyssl-server\n{}\n== {label} against CPython\n{}\n",
                x.show(),
                y.show()
            ));
        }
    }
    Ok((a.0, b.0, detail))
}

#[test]
fn accepted_versions_and_ciphers_match_cpython_servers() {
    let Some(openssl) = tool("the version/cipher probes", &["openssl"], "openssl") else {
        return;
    };
    if which("pyenv").is_none() {
        eprintln!("note: no pyenv: the version/cipher comparison with CPython skipped");
        return;
    }
    let start = Instant::now();
    let results: Vec<_> = thread::scope(|s| {
        let handles: Vec<_> = FLAG_SETS
            .iter()
            .map(|set| s.spawn(|| compare_flag_set(&openssl, set)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("flag set thread"))
            .collect()
    });
    let mut report = String::new();
    let mut problems = Vec::new();
    let mut compared = 0;
    for (set, result) in FLAG_SETS.iter().zip(results) {
        let label = set.label();
        match result {
            Err(why) => eprintln!("note: {label}: skipped ({why})"),
            Ok((ours, theirs, detail)) => {
                compared += 1;
                report.push_str(&format!(
                    "pyssl-server {label}  vs  CPython {}\n",
                    set.version()
                ));
                for (probe, outcome) in &ours {
                    let other = &theirs[probe];
                    let mark = if outcome == other { "  " } else { "!!" };
                    report.push_str(&format!("  {mark} {probe:<30} {outcome:<45} {other}\n"));
                }
                if ours != theirs {
                    problems.push(format!("{label}\n{detail}"));
                }
                let accepted = ours.values().filter(|o| o.starts_with("accept")).count();
                if accepted == 0 {
                    problems.push(format!("{label}: no probe was accepted at all"));
                }
            }
        }
    }
    eprintln!("{report}({compared} flag sets in {:?})", start.elapsed());
    assert!(
        problems.is_empty(),
        "accept/reject differs from CPython:\n{report}\n{}",
        problems.join("\n")
    );
}

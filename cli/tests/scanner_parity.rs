//! Scanner parity: what TLS scanners see of `pyssl-server` must be what they
//! see of a CPython `ssl` server built the same way, on the same OpenSSL.
//!
//! Each configuration starts two servers on 127.0.0.1 with the bundled
//! `certs/server.pem`/`server.key`:
//!
//! - `pyssl-server --compat 3.X [--ciphers 'HIGH:!RC4:!MD5:!3DES' --no-ticket]`
//! - `tests/peers/cpython_scan_server.py` under pyenv's CPython 3.X:
//!   `create_default_context(Purpose.CLIENT_AUTH)`, [`set_ciphers(…)`],
//!   `load_cert_chain`, [`options |= OP_NO_TICKET`]
//!
//! and compares, server against server:
//!
//! - `sslscan` (Debian): accepted protocol versions, TLS fallback SCSV,
//!   renegotiation, heartbleed, every accepted cipher suite per protocol in
//!   the order the server prefers them (with its key exchange), the key
//!   exchange groups, the certificate. (Debian's sslscan cannot test
//!   compression: its OpenSSL has no zlib; see the next probe.)
//! - compression: a TLS 1.2 ClientHello offering DEFLATE and null; the
//!   ServerHello's version, cipher suite and compression method.
//! - resumption and tickets: `openssl s_client` over TLS 1.2 and TLS 1.3,
//!   a full handshake (request, reply, close) saving the session, then a
//!   second connection offering it: new/reused, session ID present, ticket
//!   lifetime hints, TLS 1.3 tickets received, secure renegotiation,
//!   compression, extended master secret, verification with
//!   `certs/ca.pem`.
//! - `testssl.sh` (Debian's `testssl`; the `#[ignore]`d full run only):
//!   `-p -P -S -R -C` (protocols, cipher order, server defaults including
//!   session tickets and resumption by ID and ticket, renegotiation, CRIME),
//!   every JSON finding but the scan time and the clock-skew probe.
//!
//! `quick_scanner_parity` runs with `cargo test` (operator configuration for
//! 3.14, defaults for 3.6, 3.9 and 3.14; sslscan and the two probes): it is
//! skipped with a note when `sslscan` is not installed, and a configuration
//! whose pyenv CPython is missing (or links another OpenSSL) is skipped with
//! a note. The full run adds the operator configuration for 3.6 and 3.9 and
//! testssl.sh:
//!
//! ```text
//! cargo test --test scanner_parity -- --ignored --nocapture
//! ```
//!
//! `tlsfuzzer_parity` runs 44 tlsfuzzer scripts (TLS 1.2 and 1.3
//! conversations, resumption by session ID and by ticket, extended master
//! secret, fuzzed MAC/padding/ciphertext/plaintext, record fragmentation,
//! fallback SCSV, renegotiation, invalid and truncated client hellos, key
//! update, HelloRetryRequest, CCS and alert handling…) against both servers
//! of the operator configuration (3.14) and requires the same verdict per
//! script: the same number of passing and failing conversations, and the
//! same failing ones by name. It needs tlsfuzzer unpacked
//! (a tlsfuzzer checkout with tlslite-ng and a venv beside it, which `.ci/run`
//! sets up; found through `TLSFUZZER_DIR` or the default place it uses) and is skipped with
//! a note otherwise. The two servers are run one after the other, and a
//! script whose verdicts differ is run again up to twice, because
//! tlsfuzzer's timeouts fail a conversation now and then on a loaded
//! 2-core machine, against either server (a real difference is
//! deterministic and stays). Scripts whose conversations are chosen at random
//! (`test-tls13-finished.py`, `test-tls13-symetric-ciphers.py`,
//! `test-heartbeat.py`) are left out: their failing sets differ from run to
//! run against either server.
//!
//! Only children the test spawned are killed, by their handles.

#[path = "../../tests/common/mod.rs"]
mod common;

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use pyssl::PythonVersion;

const EXE: &str = env!("CARGO_BIN_EXE_pyssl-server");
const OPERATOR_CIPHERS: &str = "HIGH:!RC4:!MD5:!3DES";
const IO_TIMEOUT: Duration = Duration::from_secs(10);
const REQUEST: &[u8] = b"GET / HTTP/1.0\r\nHost: localhost\r\n\r\n";

fn root() -> PathBuf {
    common::root()
}

fn cert(name: &str) -> String {
    root()
        .join("certs")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| {
            p.metadata()
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

/// A fresh directory for one configuration's files; removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let p = std::env::temp_dir().join(format!(
            "pyssl-scan-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("temp dir");
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// One configuration: the CPython release, and whether it is the hardened
/// operator setup (`set_ciphers('HIGH:!RC4:!MD5:!3DES')` + `OP_NO_TICKET`)
/// or `create_default_context`'s defaults.
#[derive(Clone, Copy)]
struct Config {
    version: PythonVersion,
    operator: bool,
}

impl Config {
    fn name(&self) -> String {
        let what = if self.operator {
            "operator (ciphers + no ticket)"
        } else {
            "defaults"
        };
        format!("CPython {} {what}", self.version)
    }

    fn pyssl_args(&self) -> Vec<String> {
        let mut a = vec!["--compat".to_string(), self.version.to_string()];
        if self.operator {
            a.extend(["--ciphers".into(), OPERATOR_CIPHERS.into()]);
            a.push("--no-ticket".into());
        }
        a
    }

    fn cpython_args(&self) -> Vec<String> {
        let mut a = Vec::new();
        if self.operator {
            a.extend(["--ciphers".into(), OPERATOR_CIPHERS.into()]);
            a.push("--no-ticket".into());
        }
        a
    }
}

// ---------------------------------------------------------------- servers

/// A server child; killed (if still running) when dropped.
struct Target {
    child: Child,
    port: u16,
    banner: String,
}

impl Drop for Target {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// Starts `cmd` and reads its stdout up to `listening on 127.0.0.1:PORT`;
/// the lines before are the banner. stderr goes to `log`.
fn start(mut cmd: Command, log: &Path) -> Result<Target, String> {
    let err = File::create(log).map_err(|e| e.to_string())?;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(err)
        .spawn()
        .map_err(|e| format!("spawn {cmd:?}: {e}"))?;
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        let mut banner = String::new();
        loop {
            let mut line = String::new();
            if r.read_line(&mut line).unwrap_or(0) == 0 {
                let _ = tx.send(Err(banner));
                return;
            }
            if let Some(addr) = line.trim_end().strip_prefix("listening on ") {
                let _ = tx.send(Ok((addr.to_string(), banner)));
                break;
            }
            banner.push_str(line.trim_end());
        }
        let _ = std::io::copy(&mut r, &mut std::io::sink());
    });
    let got = rx.recv_timeout(Duration::from_secs(60));
    let port = match &got {
        Ok(Ok((addr, _))) => addr
            .rsplit_once(':')
            .and_then(|(_, p)| p.parse::<u16>().ok()),
        _ => None,
    };
    match (port, got) {
        (Some(port), Ok(Ok((_, banner)))) => Ok(Target {
            child,
            port,
            banner,
        }),
        _ => {
            let _ = child.kill();
            let _ = child.wait();
            Err(format!(
                "{cmd:?} did not start: {}",
                std::fs::read_to_string(log).unwrap_or_default()
            ))
        }
    }
}

fn start_pyssl(cfg: Config, dir: &Path) -> Result<Target, String> {
    let mut cmd = Command::new(EXE);
    cmd.args(["--port", "0", "--bind", "127.0.0.1", "-q"])
        .args(["--cert", &cert("server.pem"), "--key", &cert("server.key")])
        .args(cfg.pyssl_args());
    start(cmd, &dir.join("pyssl.log"))
}

/// `Ok(None)`: this CPython cannot be compared (missing, other OpenSSL).
fn start_cpython(cfg: Config, dir: &Path) -> Result<Option<Target>, String> {
    let Some(python) = common::pyenv_python(cfg.version) else {
        eprintln!(
            "note: no pyenv CPython {}: {} skipped",
            cfg.version.observed_release(),
            cfg.name()
        );
        return Ok(None);
    };
    let mut cmd = Command::new(python);
    cmd.arg(root().join("tests/peers/cpython_scan_server.py"))
        .args(["--cert", &cert("server.pem"), "--key", &cert("server.key")])
        .args(cfg.cpython_args());
    let t = start(cmd, &dir.join("cpython.log"))?;
    let ours = pyssl::functions::openssl_version();
    if !t.banner.ends_with(ours) {
        eprintln!(
            "note: {} links another OpenSSL ({:?}; pyssl: {ours}): {} skipped",
            cfg.version.observed_release(),
            t.banner,
            cfg.name()
        );
        return Ok(None);
    }
    Ok(Some(t))
}

// ---------------------------------------------------------------- tools

/// Runs a tool with a time limit (`timeout(1)`), stdin from `input`;
/// returns (success, stdout).
fn run_tool(limit_secs: u32, args: &[&str], input: &[u8]) -> Result<(bool, String), String> {
    let mut child = Command::new("timeout")
        .arg(limit_secs.to_string())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e}", args[0]))?;
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_vec();
    let feeder = thread::spawn(move || {
        let _ = stdin.write_all(&input);
        // Dropped: stdin closes (s_client -ign_eof keeps going).
    });
    let mut out = String::new();
    let _ = child
        .stdout
        .take()
        .expect("stdout")
        .read_to_string(&mut out);
    let status = child.wait().map_err(|e| e.to_string())?;
    let _ = feeder.join();
    Ok((status.success(), out))
}

/// `sslscan`'s report, without what names the host and port and without
/// colour codes.
fn sslscan(port: u16) -> Result<String, String> {
    let target = format!("127.0.0.1:{port}");
    let (ok, out) = run_tool(
        180,
        &[
            "sslscan",
            "--no-colour",
            "--timeout=15",
            "--sni-name=localhost",
            &target,
        ],
        b"",
    )?;
    if !ok {
        return Err(format!("sslscan failed:\n{out}"));
    }
    let mut lines = Vec::new();
    for line in out.lines() {
        let line = strip_ansi(line);
        let line = line.trim_end();
        if line.contains("Testing SSL server") || line.starts_with("Connected to") {
            continue;
        }
        lines.push(line.to_string());
    }
    Ok(lines.join("\n"))
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn push_ext(out: &mut Vec<u8>, kind: u16, data: &[u8]) {
    out.extend(kind.to_be_bytes());
    out.extend((data.len() as u16).to_be_bytes());
    out.extend(data);
}

/// A TLS 1.2 ClientHello (no supported_versions) offering the usual RSA
/// suites and the compression methods DEFLATE (1) and null (0).
fn deflate_client_hello() -> Vec<u8> {
    let mut body = vec![0x03, 0x03];
    body.extend([0x5a; 32]);
    body.push(0);
    let suites: [u16; 19] = [
        0xc030, 0xc02f, 0xcca8, 0xc028, 0xc027, 0xc014, 0xc013, 0x009f, 0x009e, 0xccaa, 0x006b,
        0x0067, 0x0039, 0x0033, 0x009d, 0x009c, 0x003d, 0x003c, 0x0035,
    ];
    body.extend(((suites.len() * 2) as u16).to_be_bytes());
    for s in suites {
        body.extend(s.to_be_bytes());
    }
    body.extend([2, 1, 0]);
    let mut ext = Vec::new();
    let name = b"localhost";
    let mut sni = ((name.len() + 3) as u16).to_be_bytes().to_vec();
    sni.push(0);
    sni.extend((name.len() as u16).to_be_bytes());
    sni.extend(name);
    push_ext(&mut ext, 0x0000, &sni);
    push_ext(
        &mut ext,
        0x000a,
        &[0, 6, 0x00, 0x1d, 0x00, 0x17, 0x00, 0x18],
    );
    push_ext(&mut ext, 0x000b, &[1, 0]);
    let sigs: [u16; 9] = [
        0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0403, 0x0503, 0x0603,
    ];
    let mut sa = ((sigs.len() * 2) as u16).to_be_bytes().to_vec();
    for s in sigs {
        sa.extend(s.to_be_bytes());
    }
    push_ext(&mut ext, 0x000d, &sa);
    push_ext(&mut ext, 0xff01, &[0]);
    body.extend((ext.len() as u16).to_be_bytes());
    body.extend(ext);
    let mut hs = vec![0x01];
    hs.extend(&(body.len() as u32).to_be_bytes()[1..]);
    hs.extend(body);
    let mut rec = vec![0x16, 0x03, 0x01];
    rec.extend((hs.len() as u16).to_be_bytes());
    rec.extend(hs);
    rec
}

/// What the server answers to [`deflate_client_hello`].
fn compression_probe(port: u16) -> String {
    let answer = || -> std::io::Result<String> {
        let mut s = TcpStream::connect(("127.0.0.1", port))?;
        s.set_read_timeout(Some(IO_TIMEOUT))?;
        s.write_all(&deflate_client_hello())?;
        let mut head = [0u8; 5];
        s.read_exact(&mut head)?;
        let len = u16::from_be_bytes([head[3], head[4]]) as usize;
        let mut body = vec![0u8; len];
        s.read_exact(&mut body)?;
        Ok(match (head[0], body.first()) {
            (0x15, _) if body.len() >= 2 => {
                format!("alert: level {} description {}", body[0], body[1])
            }
            (0x16, Some(2)) if body.len() >= 39 => {
                let sid = body[38] as usize;
                match body.get(39 + sid..39 + sid + 3) {
                    Some(c) => format!(
                        "ServerHello: version {:02x}{:02x}, cipher suite 0x{:02x}{:02x}, compression method {} ({})",
                        body[4],
                        body[5],
                        c[0],
                        c[1],
                        c[2],
                        match c[2] {
                            0 => "null",
                            1 => "DEFLATE",
                            _ => "?",
                        }
                    ),
                    None => "short ServerHello".to_string(),
                }
            }
            (t, _) => format!("record type {t}, {len} bytes"),
        })
    };
    match answer() {
        Ok(a) => a,
        Err(e) => format!("no answer: {:?}", e.kind()),
    }
}

/// The lines of an `openssl s_client` run that say something about the
/// session (not its random parts).
fn s_client_summary(out: &str) -> Vec<String> {
    let keep = [
        "New, ",
        "Reused, ",
        "Secure Renegotiation",
        "Compression:",
        "Expansion:",
        "Verify return code:",
        "Extended master secret:",
        "Protocol  :",
        "Cipher    :",
        "TLS session ticket lifetime hint:",
        "Timeout   :",
        "Post-Handshake New Session Ticket arrived",
        "Max Early Data:",
        "Server Temp Key:",
        "Peer signature type:",
        "Peer signing digest:",
        "Hello Secure World!",
        "HTTP/1.1 200 OK",
    ];
    let mut lines = Vec::new();
    for line in out.lines() {
        let t = line.trim();
        if let Some(id) = t.strip_prefix("Session-ID:") {
            lines.push(format!(
                "Session-ID: {}",
                if id.trim().is_empty() {
                    "(empty)"
                } else {
                    "(present)"
                }
            ));
        } else if keep.iter().any(|k| t.starts_with(k)) {
            lines.push(t.to_string());
        }
    }
    lines
}

/// Resumption and tickets as `openssl s_client` sees them, TLS 1.2 and 1.3.
fn resumption_probe(port: u16, dir: &Path) -> Result<String, String> {
    let target = format!("127.0.0.1:{port}");
    let ca = cert("ca.pem");
    let mut report = Vec::new();
    for proto in ["-tls1_2", "-tls1_3"] {
        let sess = dir.join(format!("session{proto}-{port}.pem"));
        let sess = sess.to_string_lossy().into_owned();
        for (step, flag) in [("full handshake", "-sess_out"), ("resumption", "-sess_in")] {
            let (_, out) = run_tool(
                60,
                &[
                    "openssl",
                    "s_client",
                    "-connect",
                    &target,
                    "-servername",
                    "localhost",
                    "-CAfile",
                    &ca,
                    proto,
                    "-ign_eof",
                    flag,
                    &sess,
                ],
                REQUEST,
            )?;
            report.push(format!("s_client {proto} {step}:"));
            let summary = s_client_summary(&out);
            if !summary
                .iter()
                .any(|l| l.starts_with("New, ") || l.starts_with("Reused, "))
            {
                return Err(format!(
                    "s_client {proto} {step}: no session line in\n{out}"
                ));
            }
            report.extend(summary.into_iter().map(|l| format!("  {l}")));
        }
    }
    Ok(report.join("\n"))
}

/// testssl.sh findings that are not reproducible against one and the same
/// server (CPython's or pyssl's): testssl 3.0.8 runs `openssl s_client
/// </dev/null`, which may close before a TLS 1.3 server's post-handshake
/// NewSessionTicket arrives, so the ticket lifetime and both resumption
/// verdicts change from run to run (seen: "supported" / "not supported" /
/// "check failed because of connect problem" in four runs against one
/// server). They are shown, not compared; the s_client probe (which reads
/// the reply, hence the tickets) compares the same properties
/// deterministically.
const TESTSSL_RACY: [&str; 3] = [
    "TLS_session_ticket",
    "sessionresumption_ticket",
    "sessionresumption_ID",
];

/// testssl.sh's JSON findings, one line each, without the scan time, the
/// clock-skew probe and [`TESTSSL_RACY`]; one scan at a time (a loaded
/// machine makes testssl's own timeouts fire).
fn testssl(port: u16, dir: &Path, tag: &str) -> Result<String, String> {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let json = dir.join(format!("testssl-{tag}.json"));
    let target = format!("127.0.0.1:{port}");
    let (_, out) = run_tool(
        900,
        &[
            "testssl",
            "--quiet",
            "--color",
            "0",
            "--warnings",
            "off",
            "--jsonfile",
            &json.to_string_lossy(),
            "-p",
            "-P",
            "-S",
            "-R",
            "-C",
            &target,
        ],
        b"",
    )?;
    let text = std::fs::read_to_string(&json)
        .map_err(|e| format!("testssl wrote no JSON ({e}):\n{out}"))?;
    let findings: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("testssl JSON: {e}"))?;
    let mut lines = Vec::new();
    for f in findings.as_array().into_iter().flatten() {
        let id = f["id"].as_str().unwrap_or("?");
        if matches!(id, "scanTime" | "TLS_timestamp") {
            continue;
        }
        if TESTSSL_RACY.contains(&id) {
            println!(
                "  ({tag} port {port}, not compared) {id}: {}",
                f["finding"].as_str().unwrap_or("?")
            );
            continue;
        }
        lines.push(format!(
            "{id} [{}] {}",
            f["severity"].as_str().unwrap_or("?"),
            f["finding"].as_str().unwrap_or("?")
        ));
    }
    if lines.len() < 10 {
        return Err(format!(
            "testssl found too little:\n{}\n{out}",
            lines.join("\n")
        ));
    }
    Ok(lines.join("\n"))
}

// ---------------------------------------------------------------- comparison

/// Everything the tools say about one server, section by section.
fn observe(t: &Target, dir: &Path, full: bool, tag: &str) -> Result<Vec<(String, String)>, String> {
    let mut obs = vec![
        ("sslscan".to_string(), sslscan(t.port)?),
        (
            "compression (TLS 1.2 ClientHello offering DEFLATE)".to_string(),
            compression_probe(t.port),
        ),
        (
            "resumption and tickets (openssl s_client)".to_string(),
            resumption_probe(t.port, dir)?,
        ),
    ];
    if full && which("testssl").is_some() {
        obs.push((
            "testssl.sh -p -P -S -R -C".to_string(),
            testssl(t.port, dir, tag)?,
        ));
    }
    Ok(obs)
}

/// A line diff (longest common subsequence): `-` pyssl-server only, `+`
/// CPython only, with one line of context around each change.
fn line_diff(a: &str, b: &str) -> String {
    let (la, lb): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let (n, m) = (la.len(), lb.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if la[i] == lb[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut ops: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && la[i] == lb[j] {
            ops.push((' ', la[i]));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            ops.push(('+', lb[j]));
            j += 1;
        } else {
            ops.push(('-', la[i]));
            i += 1;
        }
    }
    let changed = |k: usize| ops.get(k).is_some_and(|(c, _)| *c != ' ');
    let mut out = String::from("    (- pyssl-server only, + CPython only)\n");
    for (k, (c, l)) in ops.iter().enumerate() {
        if *c != ' ' || changed(k + 1) || (k > 0 && changed(k - 1)) {
            out += &format!("    {c} {l}\n");
        }
    }
    out
}

/// What a configuration's scan found that tells the two apart, or the
/// summary when nothing did; `Ok(None)`: skipped.
fn compare(cfg: Config, full: bool) -> Result<Option<String>, String> {
    let dir = TempDir::new();
    let Some(cpython) = start_cpython(cfg, &dir.0)? else {
        return Ok(None);
    };
    let pyssl = start_pyssl(cfg, &dir.0)?;
    let (ours, theirs) = thread::scope(|s| {
        let a = s.spawn(|| observe(&pyssl, &dir.0, full, "pyssl"));
        let b = s.spawn(|| observe(&cpython, &dir.0, full, "cpython"));
        (
            a.join().expect("pyssl scan"),
            b.join().expect("cpython scan"),
        )
    });
    let (ours, theirs) = (ours?, theirs?);
    if std::env::var_os("PYSSL_SCAN_SHOW").is_some() {
        for (section, text) in &ours {
            println!("--- {} / pyssl-server: {section}\n{text}", cfg.name());
        }
    }
    // Both must have been reachable and speaking TLS.
    for (who, obs) in [("pyssl-server", &ours), ("CPython", &theirs)] {
        let scan = &obs[0].1;
        if !scan.contains("TLSv1.2   enabled") || !scan.contains("Preferred TLSv1.2") {
            return Err(format!(
                "{}: sslscan saw no TLS 1.2 at {who}:\n{scan}",
                cfg.name()
            ));
        }
    }
    let mut diffs = String::new();
    for ((section, a), (_, b)) in ours.iter().zip(&theirs) {
        if a != b {
            diffs += &format!("  {section} differs:\n{}", line_diff(a, b));
        }
    }
    if !diffs.is_empty() {
        return Err(format!(
            "{} ({}): pyssl-server {:?} and CPython differ:\n{diffs}",
            cfg.name(),
            cpython.banner,
            cfg.pyssl_args()
        ));
    }
    let scan = &ours[0].1;
    let ciphers = |proto: &str| {
        scan.lines()
            .filter(|l| l.starts_with("Preferred") || l.starts_with("Accepted"))
            .filter(|l| l.split_whitespace().nth(1) == Some(proto))
            .count()
    };
    let protocols: Vec<&str> = scan
        .lines()
        .filter(|l| l.ends_with(" enabled"))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let resumed: Vec<&str> = ours[2]
        .1
        .lines()
        .filter(|l| l.trim_start().starts_with("Reused, ") || l.trim_start().starts_with("New, "))
        .map(|l| l.trim().split(',').next().unwrap_or(""))
        .collect();
    Ok(Some(format!(
        "{}: identical ({} sections{}): protocols {}, {} TLS 1.3 + {} TLS 1.2 cipher suites, compression: {}, s_client new/resumed 1.2 and 1.3: {}",
        cfg.name(),
        ours.len(),
        if ours.len() > 3 { ", testssl.sh included" } else { "" },
        protocols.join(" "),
        ciphers("TLSv1.3"),
        ciphers("TLSv1.2"),
        ours[1].1.rsplit(", ").next().unwrap_or(""),
        resumed.join("/"),
    )))
}

/// The tests of this file run one at a time: each loads both cores, and
/// tlsfuzzer's and the scanners' timeouts misfire when two run together.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn run(configs: &[Config], full: bool) {
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    if which("sslscan").is_none() {
        eprintln!(
            "note: sslscan is not installed (apt-get install sslscan): scanner parity skipped"
        );
        return;
    }
    if which("openssl").is_none() || which("timeout").is_none() {
        eprintln!("note: openssl(1) or timeout(1) missing: scanner parity skipped");
        return;
    }
    if full && which("testssl").is_none() {
        eprintln!(
            "note: testssl.sh is not installed (apt-get install testssl.sh): running without it"
        );
    }
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut compared = 0;
    for &cfg in configs {
        match compare(cfg, full) {
            Ok(Some(summary)) => {
                compared += 1;
                println!("{summary}");
            }
            Ok(None) => {}
            Err(e) => failures.push(e),
        }
    }
    println!(
        "{compared} of {} configurations compared in {:.1} s",
        configs.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

const fn cfg(version: PythonVersion, operator: bool) -> Config {
    Config { version, operator }
}

/// sslscan and the two probes: the hardened operator configuration (3.14,
/// pyssl-server's default `--compat`) and the defaults of 3.6, 3.9, 3.14.
#[test]
fn quick_scanner_parity() {
    run(
        &[
            cfg(PythonVersion::Py314, true),
            cfg(PythonVersion::Py36, false),
            cfg(PythonVersion::Py39, false),
            cfg(PythonVersion::Py314, false),
        ],
        false,
    );
}

/// Adds testssl.sh and the operator configuration for 3.6 and 3.9.
#[test]
#[ignore = "slow (testssl.sh): cargo test --test scanner_parity -- --ignored --nocapture"]
fn full_scanner_parity_with_testssl() {
    run(
        &[
            cfg(PythonVersion::Py314, true),
            cfg(PythonVersion::Py39, true),
            cfg(PythonVersion::Py36, true),
            cfg(PythonVersion::Py36, false),
            cfg(PythonVersion::Py39, false),
            cfg(PythonVersion::Py314, false),
        ],
        true,
    );
}

// ---------------------------------------------------------------- tlsfuzzer

/// The scripts and their arguments (`-d`: use (EC)DHE suites, as the
/// operator cipher string has no RSA key exchange).
const TLSFUZZER_SCRIPTS: &[(&str, &[&str])] = &[
    ("test-conversation.py", &["-d"]),
    ("test-sessionID-resumption.py", &["-d"]),
    ("test-extended-master-secret-extension.py", &["-d"]),
    ("test-session-ticket-resumption.py", &["-d"]),
    ("test-fuzzed-MAC.py", &["-d"]),
    ("test-fuzzed-padding.py", &["-d"]),
    ("test-fuzzed-ciphertext.py", &["-d"]),
    ("test-fuzzed-plaintext.py", &["-d"]),
    ("test-record-layer-fragmentation.py", &["-d"]),
    ("test-fallback-scsv.py", &["-d"]),
    ("test-renegotiation-disabled.py", &["-d"]),
    ("test-legacy-renegotiation.py", &["-d"]),
    ("test-invalid-client-hello.py", &[]),
    ("test-invalid-cipher-suites.py", &[]),
    ("test-invalid-compression-methods.py", &["-d"]),
    ("test-invalid-content-type.py", &["-d"]),
    ("test-invalid-session-id.py", &[]),
    ("test-large-hello.py", &["-d"]),
    ("test-alpn-negotiation.py", &["-d"]),
    ("test-truncating-of-client-hello.py", &["-d"]),
    ("test-zero-length-data.py", &["-d"]),
    ("test-encrypt-then-mac.py", &["-d"]),
    ("test-version-numbers.py", &["-d"]),
    ("test-downgrade-protection.py", &["-d"]),
    ("test-ccs.py", &["-d"]),
    ("test-no-heartbeat.py", &["-d"]),
    ("test-sig-algs.py", &[]),
    ("test-x25519.py", &[]),
    ("test-tls13-conversation.py", &[]),
    ("test-tls13-session-resumption.py", &["-d"]),
    ("test-tls13-count-tickets.py", &[]),
    // Two conversations whose alert varies from run to run against either
    // server (decode_error or illegal_parameter; OpenSSL reads the padded
    // KeyUpdate together with the Finished or not) are excluded.
    (
        "test-tls13-keyupdate.py",
        &[
            "-e",
            "large KeyUpdate message",
            "-e",
            "app data split, conversation with KeyUpdate msg",
        ],
    ),
    ("test-tls13-hrr.py", &[]),
    ("test-tls13-ecdhe-curves.py", &[]),
    ("test-tls13-record-padding.py", &[]),
    ("test-tls13-zero-length-data.py", &[]),
    ("test-tls13-legacy-version.py", &[]),
    ("test-tls13-unencrypted-alert.py", &[]),
    ("test-tls13-ccs.py", &[]),
    ("test-tls13-nociphers.py", &[]),
    // "fallback from TLS 1.8 to 1.1" passes or fails from one run of the whole script to the
    // next against either server (measured 2026-12-07: pyssl-server 201/202 then 202/202,
    // the CPython server 201/202; alone, it fails on both every time): excluded.
    (
        "test-tls13-version-negotiation.py",
        &["-d", "-e", "fallback from TLS 1.8 to 1.1"],
    ),
    ("test-tls13-empty-alert.py", &[]),
    ("test-tls13-multiple-ccs-messages.py", &[]),
    ("test-tls13-shuffled-extentions.py", &[]),
];

/// tlsfuzzer's `tlsfuzzer/` directory with its venv beside it, if set up.
fn tlsfuzzer_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("TLSFUZZER_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("tlsfuzzer-snapshot/tlsfuzzer"));
    (dir.join("scripts").is_dir() && dir.join("../venv/bin/python").is_file()).then_some(dir)
}

/// One script's verdict against one server: passed, failed, and the
/// failing conversations by name (sorted).
#[derive(Debug, PartialEq, Eq)]
struct Verdict {
    passed: u32,
    failed: u32,
    failing: Vec<String>,
}

fn tlsfuzzer_run(dir: &Path, script: &str, args: &[&str], port: u16) -> Result<Verdict, String> {
    let tlslite = dir.join("../tlslite-ng");
    let out = Command::new("timeout")
        .arg("300")
        .arg(dir.join("../venv/bin/python"))
        .arg(dir.join("scripts").join(script))
        .args(["-h", "127.0.0.1", "-p", &port.to_string()])
        .args(args)
        .current_dir(dir)
        .env(
            "PYTHONPATH",
            format!("{}:{}", dir.display(), tlslite.display()),
        )
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{script}: {e}"))?;
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let count = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|n| n.trim().parse::<u32>().ok())
    };
    let (Some(passed), Some(failed)) = (count("PASS:"), count("FAIL:")) else {
        let tail: Vec<&str> = text.lines().rev().take(15).collect();
        return Err(format!(
            "{script}: no verdict (exit {:?}):\n{}",
            out.status.code(),
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        ));
    };
    let mut failing: Vec<String> = text
        .lines()
        .skip_while(|l| !l.starts_with("FAILED:"))
        .skip(1)
        .take_while(|l| l.starts_with('\t'))
        .map(|l| l.trim().to_string())
        .collect();
    failing.sort();
    Ok(Verdict {
        passed,
        failed,
        failing,
    })
}

/// tlsfuzzer's verdict on pyssl-server must be the CPython server's, script
/// by script (see the module docs).
#[test]
fn tlsfuzzer_parity() {
    let Some(dir) = tlsfuzzer_dir() else {
        eprintln!(
            "note: tlsfuzzer is not set up (point TLSFUZZER_DIR at a tlsfuzzer checkout with ../venv and ../tlslite-ng beside it): tlsfuzzer parity skipped"
        );
        return;
    };
    if which("timeout").is_none() {
        eprintln!("note: timeout(1) missing: tlsfuzzer parity skipped");
        return;
    }
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let config = cfg(PythonVersion::Py314, true);
    let tmp = TempDir::new();
    let Some(cpython) = start_cpython(config, &tmp.0).expect("CPython server") else {
        return;
    };
    let pyssl = start_pyssl(config, &tmp.0).expect("pyssl-server");
    let started = Instant::now();
    let mut differences = Vec::new();
    let (mut conversations, mut scripts) = (0, 0);
    for (script, args) in TLSFUZZER_SCRIPTS {
        // One server at a time: tlsfuzzer's own timeouts fail conversations
        // at random when both runs share the 2 cores. A difference is run
        // again (up to twice): a real one is deterministic and stays, a
        // timing accident does not.
        let mut attempt = 0;
        let (ours, theirs) = loop {
            attempt += 1;
            let ours = tlsfuzzer_run(&dir, script, args, pyssl.port);
            let theirs = tlsfuzzer_run(&dir, script, args, cpython.port);
            let same = matches!((&ours, &theirs), (Ok(a), Ok(b)) if a == b);
            if same || attempt == 3 {
                break (ours, theirs);
            }
            println!("{script}: verdicts differ (attempt {attempt}), running it again");
        };
        match (ours, theirs) {
            (Ok(a), Ok(b)) if a == b => {
                scripts += 1;
                conversations += a.passed + a.failed;
                println!(
                    "{script} {args:?}: {} passed, {} failed, as CPython",
                    a.passed, a.failed
                );
            }
            (Ok(a), Ok(b)) => differences.push(format!(
                "{script}: pyssl-server {} passed / {} failed {:?}; CPython {} / {} {:?}",
                a.passed, a.failed, a.failing, b.passed, b.failed, b.failing
            )),
            (a, b) => differences.push(format!("{script}: pyssl-server {a:?}; CPython {b:?}")),
        }
    }
    println!(
        "tlsfuzzer: {scripts} of {} scripts ({conversations} conversations) with CPython's verdict, {:.1} s",
        TLSFUZZER_SCRIPTS.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(differences.is_empty(), "{}", differences.join("\n"));
    assert!(scripts >= 30, "only {scripts} scripts compared");
}

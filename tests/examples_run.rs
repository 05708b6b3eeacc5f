//! Smoke test of `examples/`: each example is built (`cargo build
//! --examples`) and run with no arguments — it then starts its own server on
//! 127.0.0.1 with the certificates in `certs/` — and must exit 0 within a
//! time limit. `hello_server` is run as `--port 0 --once` and fetched from.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(60);

/// Builds the examples once and maps each name to its executable, as cargo
/// reports them (`--message-format=json`), so any target directory works.
fn examples() -> &'static HashMap<String, PathBuf> {
    static EXAMPLES: OnceLock<HashMap<String, PathBuf>> = OnceLock::new();
    EXAMPLES.get_or_init(|| {
        let out = Command::new(env!("CARGO"))
            .args(["build", "--examples", "--quiet", "--message-format=json"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stderr(Stdio::inherit())
            .output()
            .expect("run cargo build --examples");
        assert!(out.status.success(), "cargo build --examples failed");
        let mut map = HashMap::new();
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let is_example = msg["target"]["kind"]
                .as_array()
                .is_some_and(|k| k.iter().any(|k| k == "example"));
            if let (true, Some(name), Some(exe)) = (
                is_example,
                msg["target"]["name"].as_str(),
                msg["executable"].as_str(),
            ) {
                map.insert(name.to_string(), PathBuf::from(exe));
            }
        }
        map
    })
}

fn spawn(name: &str, args: &[&str]) -> Child {
    let exe = examples()
        .get(name)
        .unwrap_or_else(|| panic!("example {name} was not built"));
    Command::new(exe)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("start {name}: {e}"))
}

/// Waits for `child` (killing it after [`TIMEOUT`]) and returns its exit
/// success and its output.
fn finish(name: &str, mut child: Child, mut stdout: Option<Box<dyn Read + Send>>) -> String {
    let out = stdout.take().or_else(|| {
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>)
    });
    let err = child.stderr.take();
    let reader = |r: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            if let Some(mut r) = r {
                let _ = r.read_to_string(&mut s);
            }
            s
        })
    };
    let out = reader(out);
    let err = reader(err.map(|e| Box::new(e) as Box<dyn Read + Send>));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let (out, err) = (out.join().unwrap(), err.join().unwrap());
    let text = format!("--- stdout\n{out}--- stderr\n{err}");
    match status {
        None => panic!("example {name} did not finish within {TIMEOUT:?}\n{text}"),
        Some(s) if !s.success() => panic!("example {name} failed: {s}\n{text}"),
        Some(_) => {
            println!("example {name} ok\n{text}");
            out
        }
    }
}

fn run(name: &str) -> String {
    let child = spawn(name, &[]);
    finish(name, child, None)
}

#[test]
fn http_get_client() {
    assert!(run("http_get_client").contains("Hello, world!"));
}

#[test]
fn ssl_errors() {
    let out = run("ssl_errors");
    for class in [
        "SSLCertVerificationError",
        "SSLEOFError",
        "SSLWantReadError",
        "SSLError",
        "FileNotFoundError",
    ] {
        assert!(out.contains(class), "{class} missing");
    }
}

#[test]
fn verify_custom_ca() {
    run("verify_custom_ca");
}

#[test]
fn server_hardening() {
    assert!(run("server_hardening").contains("bits the line changed: 0x4000"));
}

#[test]
fn memorybio_client() {
    assert!(run("memorybio_client").contains("Hello"));
}

#[test]
fn session_resumption() {
    run("session_resumption");
}

#[test]
fn mutual_tls() {
    assert!(run("mutual_tls").contains("pyssl client"));
}

#[test]
fn hello_server_once() {
    let mut child = spawn("hello_server", &["--port", "0", "--once"]);
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    stdout
        .read_line(&mut first)
        .expect("read the listening line");
    let addr = first
        .trim()
        .strip_prefix("listening on https://")
        .and_then(|a| a.strip_suffix('/'))
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
        .to_string();

    let ctx = pyssl::DefaultContext::new(pyssl::Purpose::ServerAuth)
        .cafile(concat!(env!("CARGO_MANIFEST_DIR"), "/certs/ca.pem"))
        .build()
        .expect("client context");
    let sock = std::net::TcpStream::connect(&addr).expect("connect");
    sock.set_read_timeout(Some(TIMEOUT)).unwrap();
    let mut tls = ctx
        .wrap_socket(sock, pyssl::WrapOptions::new().server_hostname("localhost"))
        .expect("handshake with hello_server");
    tls.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let mut reply = Vec::new();
    loop {
        let chunk = tls.recv(4096).expect("recv");
        if chunk.is_empty() {
            break;
        }
        reply.extend_from_slice(&chunk);
    }
    assert!(reply.ends_with(b"Hello\n"), "{reply:?}");
    finish("hello_server", child, Some(Box::new(stdout)));
}

/// A CPython peer from `tests/peers/` serving `n` connections: the process
/// and its port (first line of its output); `None` without pyenv's newest
/// CPython.
fn python_peer(
    script: &str,
    n: usize,
) -> Option<(Child, u16, BufReader<std::process::ChildStdout>)> {
    let py = common::pyenv_python(pyssl::PythonVersion::LATEST)?;
    let root = common::root();
    let mut child = common::python_command(&py)
        .arg(root.join("tests/peers").join(script))
        .arg(root.join("certs/server.pem"))
        .arg(root.join("certs/server.key"))
        .arg(n.to_string())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the CPython peer");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    out.read_line(&mut first).expect("port line");
    let port = first.trim().parse().expect("port");
    Some((child, port, out))
}

/// Runs a CPython client script (`{port}` and `{ca}` filled in) to the end.
fn python_client(script: &str, port: u16) {
    let py = common::pyenv_python(pyssl::PythonVersion::LATEST).expect("pyenv CPython");
    let ca = common::root().join("certs/ca.pem");
    let script = script
        .replace("{port}", &port.to_string())
        .replace("{ca}", &ca.display().to_string());
    let out = common::python_command(&py)
        .arg("-c")
        .arg(script)
        .output()
        .expect("run the CPython client");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The peer's final JSON line (what each connection sent), after it exits.
fn peer_log(mut child: Child, mut out: BufReader<std::process::ChildStdout>) -> serde_json::Value {
    let mut line = String::new();
    out.read_line(&mut line).expect("log line");
    let _ = child.wait();
    serde_json::from_str(&line).unwrap_or_else(|e| panic!("peer log {line:?}: {e}"))
}

/// The STARTTLS port against an SMTP-style CPython server, next to
/// CPython's own `smtplib`: the server sees the same commands, each over the
/// same transport (plain, then TLS).
#[test]
fn starttls_smtp_against_cpython() {
    let Some((child, port, out)) = python_peer("starttls_smtp_server.py", 2) else {
        eprintln!(
            "note: no pyenv CPython {}; STARTTLS example not run",
            pyssl::PythonVersion::LATEST
        );
        return;
    };
    let ca = concat!(env!("CARGO_MANIFEST_DIR"), "/certs/ca.pem");
    let addr = format!("127.0.0.1:{port}");
    let text = finish("starttls_smtp", spawn("starttls_smtp", &[&addr, ca]), None);
    assert!(text.contains("S: 221"), "{text}");
    python_client(
        "import smtplib, ssl\n\
         ctx = ssl.create_default_context(cafile='{ca}')\n\
         s = smtplib.SMTP('127.0.0.1', {port}, local_hostname='client')\n\
         s.starttls(context=ctx)\n\
         s.ehlo()\n\
         s.quit()\n",
        port,
    );
    let log = peer_log(child, out);
    let expected = serde_json::json!([
        ["ehlo client", "plain"],
        ["STARTTLS", "plain"],
        ["ehlo client", "tls"],
        ["quit", "tls"]
    ]);
    assert_eq!(log[0], expected, "the port");
    assert_eq!(log[1], expected, "CPython's smtplib");
}

/// The FTP_TLS port: its data connection resumes the control connection's
/// session on a CPython server, as the usual `ftplib.FTP_TLS` subclass does
/// (stock `ftplib` passes no `session=`; the server then sees a fresh
/// session, which vsftpd's `require_ssl_reuse` refuses — checked too).
#[test]
fn ftp_tls_session_reuse_against_cpython() {
    let Some((child, port, out)) = python_peer("ftp_tls_server.py", 3) else {
        eprintln!(
            "note: no pyenv CPython {}; FTP_TLS example not run",
            pyssl::PythonVersion::LATEST
        );
        return;
    };
    let ca = concat!(env!("CARGO_MANIFEST_DIR"), "/certs/ca.pem");
    let addr = format!("127.0.0.1:{port}");
    let text = finish(
        "ftp_tls_session",
        spawn("ftp_tls_session", &[&addr, ca]),
        None,
    );
    assert!(text.contains("session reused: true"), "{text}");
    python_client(
        "import ftplib, ssl\n\
         class ReusedSessionFTP_TLS(ftplib.FTP_TLS):\n\
         \x20   def ntransfercmd(self, cmd, rest=None):\n\
         \x20       conn, size = ftplib.FTP.ntransfercmd(self, cmd, rest)\n\
         \x20       if self._prot_p:\n\
         \x20           conn = self.context.wrap_socket(conn, server_hostname=self.host, session=self.sock.session)\n\
         \x20       return conn, size\n\
         ctx = ssl.create_default_context(cafile='{ca}')\n\
         ftp = ReusedSessionFTP_TLS(context=ctx)\n\
         ftp.connect('127.0.0.1', {port})\n\
         ftp.auth()\n\
         ftp.prot_p()\n\
         data = bytearray()\n\
         ftp.retrbinary('RETR hello.txt', data.extend)\n\
         assert len(data) == 3200, len(data)\n\
         ftp.quit()\n",
        port,
    );
    // Stock ftplib, for the record: no session offered, none resumed.
    python_client(
        "import ftplib, ssl\n\
         ftp = ftplib.FTP_TLS(context=ssl.create_default_context(cafile='{ca}'))\n\
         ftp.connect('127.0.0.1', {port})\n\
         ftp.auth()\n\
         ftp.prot_p()\n\
         ftp.retrbinary('RETR hello.txt', lambda b: None)\n\
         ftp.quit()\n",
        port,
    );
    let log = peer_log(child, out);
    assert_eq!(
        log[0], log[1],
        "the port and CPython's FTP_TLS with session="
    );
    assert!(
        log[2]
            .as_array()
            .is_some_and(|l| l.contains(&serde_json::json!(["data session_reused", false]))),
        "stock ftplib: {log}"
    );
    assert!(
        log[0]
            .as_array()
            .is_some_and(|l| l.contains(&serde_json::json!(["data session_reused", true]))),
        "{log}"
    );
}

/// The asyncio client port against CPython's asyncio server (an upper-casing line echo,
/// tests/peers/asyncio_peer.py), and on its own (its in-process pyssl server).
#[test]
fn asyncio_client_against_cpython() {
    let text = run("asyncio_client");
    assert!(text.contains("echo: HELLO"), "{text}");
    let Some(py) = common::pyenv_python(pyssl::PythonVersion::LATEST) else {
        assert!(std::env::var_os("CI").is_none(), "no pyenv CPython in CI");
        eprintln!("*** SKIPPED: no pyenv CPython: asyncio_client not run against CPython ***");
        return;
    };
    let mut server = common::python_command(&py)
        .arg(common::root().join("tests/peers/asyncio_peer.py"))
        .args(["server", "upper"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the CPython asyncio server");
    let mut first = String::new();
    BufReader::new(server.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("port line");
    let addr = format!("127.0.0.1:{}", first.trim());
    let ca = concat!(env!("CARGO_MANIFEST_DIR"), "/certs/ca.pem");
    let text = finish(
        "asyncio_client",
        spawn("asyncio_client", &[&addr, ca]),
        None,
    );
    let _ = server.wait();
    assert!(text.contains("connected: TLSv1.3"), "{text}");
    assert!(
        text.contains("echo: HELLO\necho: ASYNCIO OVER TLS\nclosed"),
        "{text}"
    );
}

/// The asyncio server port, `--once`, with CPython's asyncio client talking to it.
#[test]
fn asyncio_server_against_cpython() {
    if common::pyenv_python(pyssl::PythonVersion::LATEST).is_none() {
        assert!(std::env::var_os("CI").is_none(), "no pyenv CPython in CI");
        eprintln!("*** SKIPPED: no pyenv CPython: asyncio_server not run against CPython ***");
        return;
    }
    let mut child = spawn("asyncio_server", &["--port", "0", "--once"]);
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    out.read_line(&mut first).expect("port line");
    let port: u16 = first.trim().parse().expect("port");
    python_client(
        "import asyncio, ssl\n\
         async def main():\n\
         \x20   ctx = ssl.create_default_context(cafile='{ca}')\n\
         \x20   r, w = await asyncio.open_connection('127.0.0.1', {port}, ssl=ctx, server_hostname='localhost')\n\
         \x20   for line in (b'one\\n', b'two words\\n'):\n\
         \x20       w.write(line)\n\
         \x20       await w.drain()\n\
         \x20       got = await r.readline()\n\
         \x20       assert got == line.upper(), got\n\
         \x20   w.close()\n\
         \x20   await w.wait_closed()\n\
         asyncio.run(main())\n",
        port,
    );
    let text = finish("asyncio_server", child, Some(Box::new(out)));
    assert!(text.contains("served 127.0.0.1"), "{text}");
}

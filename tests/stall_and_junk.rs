//! A peer that sends junk, stalls or vanishes never panics pyssl and never
//! blocks it past the timeout it was given.
//!
//! Everything runs over 127.0.0.1 (ports from the kernel) against a peer the
//! test controls: a raw TCP socket for the handshake cases, a pyssl TLS peer
//! in a thread for the cases after the handshake ((g) over a socketpair, the
//! transport its golden was recorded on). Every raw socket has 5 s
//! read/write timeouts, accepts poll with a deadline, every loop has an
//! iteration bound, and every peer thread ends by itself (its channel
//! closes, or its socket hits EOF or its timeout). Elapsed times only get
//! generous upper bounds.
//!
//! Where CPython's answer is recorded in the golden files it is compared
//! field by field (class, message, `args[0]`, library, reason, errno,
//! strerror): `eof_during_handshake` and `SSLWantReadError shape` of
//! `bio_handshakes` (memory BIOs; OpenSSL reports an EOF or an empty read on
//! a socket the same way), `recv timeout`, `recv nonblocking` and the
//! ragged-EOF cases of `socket_semantics`. Otherwise the expectation is
//! CPython's `_ssl.c` text for the same condition, as noted at each case.
//!
//! The scenarios run for every CPython version (3.6 … 3.14), the versions
//! side by side.

mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::os::unix::net::UnixStream;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{cpython_cert, diff_exc, diff_os_attrs, exc_info_json, golden};
use pyssl::{Error, ErrorKind, Protocol, PythonVersion, SslContext, SslSocket, WrapOptions};
use serde_json::{json, Value};

type R<T> = Result<T, Error>;
type Tls = SslSocket<TcpStream>;

/// The timeout pyssl is given in the stall cases.
const SHORT: Duration = Duration::from_millis(300);
/// The generous upper bound for an operation with [`SHORT`].
const SHORT_BOUND: Duration = Duration::from_secs(2);
/// Timeouts of the raw peers and of pyssl where nothing should stall.
const PEER_TIMEOUT: Duration = Duration::from_secs(5);
/// The bound for operations that should fail at once (non-blocking, EOF…).
const PROMPT_BOUND: Duration = Duration::from_secs(1);

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

fn mk_client(v: PythonVersion) -> R<SslContext> {
    let c = SslContext::with_version(Protocol::TlsClient, v)?;
    c.load_verify_locations(Some(&cpython_cert(v, "pycacert.pem")), None, None)?;
    Ok(c)
}

fn mk_server(v: PythonVersion) -> R<SslContext> {
    let s = SslContext::with_version(Protocol::TlsServer, v)?;
    s.load_cert_chain(cpython_cert(v, "keycert3.pem"), None, None)?;
    Ok(s)
}

/// A client `SslSocket` over `sock`, no handshake yet.
fn client_over(v: PythonVersion, sock: TcpStream) -> R<Tls> {
    mk_client(v)?.wrap_socket(
        sock,
        WrapOptions::new()
            .server_hostname("localhost")
            .do_handshake_on_connect(false),
    )
}

/// A server `SslSocket` over `sock`, no handshake yet.
fn server_over<S: pyssl::Socket>(v: PythonVersion, sock: S) -> R<SslSocket<S>> {
    mk_server(v)?.wrap_socket(
        sock,
        WrapOptions::new()
            .server_side(true)
            .do_handshake_on_connect(false),
    )
}

fn listen() -> (TcpListener, SocketAddr) {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let a = l.local_addr().expect("local_addr");
    (l, a)
}

/// `accept()` with a deadline (a bounded poll: the other side may have
/// failed before connecting).
fn accept_within(l: &TcpListener, limit: Duration) -> std::io::Result<TcpStream> {
    l.set_nonblocking(true)?;
    let end = Instant::now() + limit;
    for _ in 0..100_000 {
        match l.accept() {
            Ok((s, _)) => {
                s.set_nonblocking(false)?;
                s.set_read_timeout(Some(PEER_TIMEOUT))?;
                s.set_write_timeout(Some(PEER_TIMEOUT))?;
                return Ok(s);
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if Instant::now() >= end {
                    break;
                }
                std::thread::sleep(Duration::from_millis(2));
            }
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::TimedOut,
        "(test harness) nobody connected",
    ))
}

fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect_timeout(&addr, PEER_TIMEOUT).expect("connect");
    s.set_read_timeout(Some(PEER_TIMEOUT)).expect("timeout");
    s.set_write_timeout(Some(PEER_TIMEOUT)).expect("timeout");
    s
}

/// Reads and discards until EOF, an error or `limit` (a raw peer keeping
/// the connection open without ever answering, and never leaving unread
/// bytes behind that would turn its close into a reset).
fn drain_until_eof(s: &mut TcpStream, limit: Duration) {
    let end = Instant::now() + limit;
    let mut buf = [0u8; 16384];
    for _ in 0..100_000 {
        if Instant::now() >= end {
            return;
        }
        match s.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
    }
}

/// Reads one whole TLS record (the client's first flight).
fn read_record(s: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut head = [0u8; 5];
    s.read_exact(&mut head)?;
    let len = u16::from_be_bytes([head[3], head[4]]) as usize;
    let mut body = vec![0u8; len];
    s.read_exact(&mut body)?;
    Ok(body)
}

/// Waits (bounded) until at least one byte is readable, without reading it.
fn wait_readable(s: &TcpStream) -> std::io::Result<()> {
    let mut b = [0u8; 1];
    match s.peek(&mut b)? {
        0 => Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "(test harness) EOF before any byte",
        )),
        _ => Ok(()),
    }
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let r = f();
    (r, t.elapsed())
}

fn check_bound(label: &str, took: Duration, bound: Duration, problems: &mut Vec<String>) {
    if took > bound {
        problems.push(format!(
            "{label}: took {took:.2?}, more than the {bound:?} allowed"
        ));
    }
}

/// An `exc_info`-shaped expectation for an exception CPython builds in
/// `_ssl.c` (the golden files do not record it for this condition).
fn want_exc(ty: &str, msg: &str, code: Option<i64>) -> Value {
    match code {
        // SSLError family: args == (code, msg), errno == code.
        Some(c) => json!({
            "type": ty, "mro": [], "str_normalized": msg, "args": [c, msg],
            "errno": c, "strerror": msg, "library": null, "reason": null,
        }),
        // socket.timeout / TimeoutError(msg): errno and strerror are None.
        None => json!({
            "type": ty, "mro": [], "str_normalized": msg, "args": [msg],
            "errno": null, "strerror": null,
        }),
    }
}

/// `TimeoutError(msg)` (`socket.timeout` before 3.10), the class name as
/// the golden `recv timeout` case of version `v` records it.
fn want_timeout(g: &Value, msg: &str) -> Value {
    let ty = g["socket_semantics"]["recv timeout"]["client"]["recv with no data"]["error"]["type"]
        .as_str()
        .expect("golden recv timeout class")
        .to_string();
    want_exc(&ty, msg, None)
}

/// Compares a pyssl result that must be an error with CPython's exception.
fn expect_err<T: std::fmt::Debug>(label: &str, r: &R<T>, want: &Value, problems: &mut Vec<String>) {
    match r {
        Ok(x) => problems.push(format!(
            "{label}: ours ok {x:?}, cpython raises {} {}",
            want["type"], want["str_normalized"]
        )),
        Err(e) => {
            let ours = exc_info_json(e);
            problems.extend(diff_exc(label, &ours, want));
            problems.extend(diff_os_attrs(label, &ours, want));
        }
    }
}

/// Runs `f` for every version side by side; a panic is a problem.
fn for_each_version(f: impl Fn(PythonVersion) -> Vec<String> + Sync) -> Vec<String> {
    let f = &f;
    std::thread::scope(|s| {
        let hs: Vec<_> = common::releases()
            .iter()
            .copied()
            .map(|v| (v, s.spawn(move || catch_unwind(AssertUnwindSafe(|| f(v))))))
            .collect();
        let mut out = Vec::new();
        for (v, h) in hs {
            match h.join() {
                Ok(Ok(p)) => out.extend(p),
                Ok(Err(p)) | Err(p) => {
                    let msg = p
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_else(|| "panic".into());
                    out.push(format!("{v}: panicked: {msg}"));
                }
            }
        }
        out
    })
}

fn report(name: &str, started: Instant, problems: &[String]) {
    eprintln!("{name}: {:.2?}", started.elapsed());
    for p in problems {
        eprintln!("  {p}");
    }
    assert!(
        problems.is_empty(),
        "{name}: {} problems (listed above)",
        problems.len()
    );
}

// ---------------------------------------------------------------------------
// (a) a server that accepts and never answers
// ---------------------------------------------------------------------------

#[test]
fn a_client_handshake_times_out_against_a_silent_server() {
    let started = Instant::now();
    let problems = for_each_version(|v| {
        let g = golden(v);
        let mut p = Vec::new();
        let (l, addr) = listen();
        std::thread::scope(|s| {
            s.spawn(move || {
                if let Ok(mut peer) = accept_within(&l, PEER_TIMEOUT) {
                    // reads the ClientHello, answers nothing, holds the line
                    drain_until_eof(&mut peer, PEER_TIMEOUT);
                }
            });
            let label = format!("{v} (a) client do_handshake, silent server");
            let r = (|| {
                let mut c = client_over(v, connect(addr))?;
                c.settimeout(Some(SHORT))?;
                let (r, took) = timed(|| c.do_handshake());
                check_bound(&label, took, SHORT_BOUND, &mut p);
                r
            })();
            // _ssl.c: PyErr_SetString(PySocketModule.timeout_error,
            // "The handshake operation timed out")
            expect_err(
                &label,
                &r,
                &want_timeout(&g, "The handshake operation timed out"),
                &mut p,
            );
        });
        p
    });
    report("(a) silent server", started, &problems);
}

// ---------------------------------------------------------------------------
// (b) a client that connects and stalls (nothing, or a partial record)
// ---------------------------------------------------------------------------

#[test]
fn b_server_handshake_times_out_against_a_stalled_client() {
    let started = Instant::now();
    let problems = for_each_version(|v| {
        let g = golden(v);
        let mut p = Vec::new();
        for (what, first) in [
            ("sends nothing", &b""[..]),
            ("sends 3 bytes of a record header", &b"\x16\x03\x01"[..]),
            (
                "sends a header and half a body",
                &b"\x16\x03\x01\x00\x40\x01\x00\x00"[..],
            ),
        ] {
            let (l, addr) = listen();
            std::thread::scope(|s| {
                s.spawn(move || {
                    let mut peer = connect(addr);
                    let _ = peer.write_all(first);
                    drain_until_eof(&mut peer, PEER_TIMEOUT);
                });
                let label = format!("{v} (b) server do_handshake, client {what}");
                let r = (|| {
                    let sock = accept_within(&l, PEER_TIMEOUT)?;
                    let mut srv = server_over(v, sock)?;
                    srv.settimeout(Some(SHORT))?;
                    let (r, took) = timed(|| srv.do_handshake());
                    check_bound(&label, took, SHORT_BOUND, &mut p);
                    r
                })();
                expect_err(
                    &label,
                    &r,
                    &want_timeout(&g, "The handshake operation timed out"),
                    &mut p,
                );
            });
        }
        p
    });
    report("(b) stalled client", started, &problems);
}

// ---------------------------------------------------------------------------
// (c) 64 KiB of junk
// ---------------------------------------------------------------------------

fn junk_variants() -> Vec<(&'static str, Vec<u8>)> {
    let random = |n: usize| {
        let mut b = vec![0u8; n];
        openssl::rand::rand_bytes(&mut b).expect("rand_bytes");
        b
    };
    let mut tls_header = b"\x16\x03\x03\x40\x00".to_vec();
    tls_header.extend(random(64 * 1024 - 5));
    let mut handshake_header = b"\x16\x03\x03\x00\x40\x02\xff\xff\xff".to_vec();
    handshake_header.extend(random(64 * 1024 - 9));
    let mut http = b"HTTP/1.1 400 Bad Request\r\n\r\n".to_vec();
    http.resize(64 * 1024, b'x');
    vec![
        ("random bytes", random(64 * 1024)),
        ("random bytes", random(64 * 1024)),
        ("random bytes", random(64 * 1024)),
        ("a 16 KiB handshake record header, then random", tls_header),
        (
            "a ServerHello header announcing 16 MiB, then random",
            handshake_header,
        ),
        ("an HTTP answer padded with 'x'", http),
    ]
}

/// A typed `SSLError` (any subclass but the want-read/write ones).
fn check_junk_error(label: &str, r: &R<()>, junk: &[u8], p: &mut Vec<String>) {
    let head: String = junk.iter().take(12).map(|b| format!("{b:02x}")).collect();
    match r {
        Ok(()) => p.push(format!("{label}: handshake succeeded on junk {head}…")),
        Err(e)
            if e.kind().is_ssl_error()
                && !matches!(e.kind(), ErrorKind::WantRead | ErrorKind::WantWrite) => {}
        Err(e) => p.push(format!(
            "{label}: not a typed SSLError: {} {} (junk {head}…)",
            e.python_type(),
            e
        )),
    }
}

#[test]
fn c_junk_from_the_peer_is_a_typed_ssl_error() {
    let started = Instant::now();
    let problems = for_each_version(|v| {
        let mut p = Vec::new();
        for (what, junk) in junk_variants() {
            // pyssl client, junk server
            let (l, addr) = listen();
            let j = junk.clone();
            std::thread::scope(|s| {
                s.spawn(move || {
                    if let Ok(mut peer) = accept_within(&l, PEER_TIMEOUT) {
                        let _ = peer.write_all(&j);
                        let _ = peer.shutdown(Shutdown::Write);
                        drain_until_eof(&mut peer, PEER_TIMEOUT);
                    }
                });
                let label = format!("{v} (c) client, server sends {what}");
                let r = (|| {
                    let mut c = client_over(v, connect(addr))?;
                    c.settimeout(Some(PEER_TIMEOUT))?;
                    let (r, took) = timed(|| c.do_handshake());
                    check_bound(&label, took, SHORT_BOUND, &mut p);
                    r
                })();
                check_junk_error(&label, &r, &junk, &mut p);
            });
            // pyssl server, junk client
            let (l, addr) = listen();
            let j = junk.clone();
            std::thread::scope(|s| {
                s.spawn(move || {
                    let mut peer = connect(addr);
                    let _ = peer.write_all(&j);
                    let _ = peer.shutdown(Shutdown::Write);
                    drain_until_eof(&mut peer, PEER_TIMEOUT);
                });
                let label = format!("{v} (c) server, client sends {what}");
                let r = (|| {
                    let mut srv = server_over(v, accept_within(&l, PEER_TIMEOUT)?)?;
                    srv.settimeout(Some(PEER_TIMEOUT))?;
                    let (r, took) = timed(|| srv.do_handshake());
                    check_bound(&label, took, SHORT_BOUND, &mut p);
                    r
                })();
                check_junk_error(&label, &r, &junk, &mut p);
            });
        }
        p
    });
    report("(c) junk", started, &problems);
}

// ---------------------------------------------------------------------------
// (d) the peer closes or vanishes mid-handshake
// ---------------------------------------------------------------------------

#[test]
fn d_peer_closing_mid_handshake_is_cpythons_eof_error() {
    let started = Instant::now();
    let problems = for_each_version(|v| {
        let g = golden(v);
        // CPython's do_handshake() on EOF in the handshake (memory BIOs; a
        // socket read of 0 bytes is the same EOF to OpenSSL).
        let eof = &g["bio_handshakes"]["eof_during_handshake"]["ok"]["error"];
        let mut p = Vec::new();

        // d1: the server reads the ClientHello, then closes (FIN).
        // d2: the server half-closes at once and drains what comes.
        for (what, read_first) in [
            ("reads the ClientHello, then closes", true),
            ("half-closes at once", false),
        ] {
            let (l, addr) = listen();
            std::thread::scope(|s| {
                s.spawn(move || {
                    if let Ok(mut peer) = accept_within(&l, PEER_TIMEOUT) {
                        if read_first {
                            let _ = read_record(&mut peer);
                            let _ = peer.shutdown(Shutdown::Both);
                        } else {
                            let _ = peer.shutdown(Shutdown::Write);
                            drain_until_eof(&mut peer, PEER_TIMEOUT);
                        }
                    }
                });
                let label = format!("{v} (d) client, server {what}");
                let r = (|| {
                    let mut c = client_over(v, connect(addr))?;
                    c.settimeout(Some(PEER_TIMEOUT))?;
                    let (r, took) = timed(|| c.do_handshake());
                    check_bound(&label, took, PROMPT_BOUND, &mut p);
                    r
                })();
                expect_err(&label, &r, eof, &mut p);
            });
        }

        // d3: a client sends half a ClientHello record and closes: the
        // pyssl server sees the same EOF inside a record.
        let (l, addr) = listen();
        std::thread::scope(|s| {
            s.spawn(move || {
                let mut peer = connect(addr);
                let _ = peer.write_all(b"\x16\x03\x01\x00\xc8\x01\x00\x00\xc4\x03\x03");
                let _ = peer.shutdown(Shutdown::Write);
                drain_until_eof(&mut peer, PEER_TIMEOUT);
            });
            let label = format!("{v} (d) server, client sends half a record and closes");
            let r = (|| {
                let mut srv = server_over(v, accept_within(&l, PEER_TIMEOUT)?)?;
                srv.settimeout(Some(PEER_TIMEOUT))?;
                let (r, took) = timed(|| srv.do_handshake());
                check_bound(&label, took, PROMPT_BOUND, &mut p);
                r
            })();
            expect_err(&label, &r, eof, &mut p);
        });

        // d4: the server vanishes with a reset (it closes with the
        // ClientHello unread). CPython: SSL_ERROR_SYSCALL with errno
        // ECONNRESET and an empty error queue → OSError from errno, i.e.
        // ConnectionResetError(104, 'Connection reset by peer'), in every
        // version (3.6-3.9 through the socket's error handler).
        let (l, addr) = listen();
        std::thread::scope(|s| {
            s.spawn(move || {
                if let Ok(peer) = accept_within(&l, PEER_TIMEOUT) {
                    let _ = wait_readable(&peer);
                    drop(peer);
                }
            });
            let label = format!("{v} (d) client, server resets the connection");
            let r = (|| {
                let mut c = client_over(v, connect(addr))?;
                c.settimeout(Some(PEER_TIMEOUT))?;
                let (r, took) = timed(|| c.do_handshake());
                check_bound(&label, took, PROMPT_BOUND, &mut p);
                r
            })();
            let want = json!({
                "type": "ConnectionResetError", "mro": [],
                "str_normalized": "[Errno 104] Connection reset by peer",
                "args": [104, "Connection reset by peer"],
                "errno": 104, "strerror": "Connection reset by peer",
            });
            expect_err(&label, &r, &want, &mut p);
        });
        p
    });
    report("(d) EOF mid-handshake", started, &problems);
}

// ---------------------------------------------------------------------------
// (e), (f), (g): after a successful handshake, with a pyssl TLS peer
// ---------------------------------------------------------------------------

/// What the TLS peer thread is told to do next.
enum Step {
    /// `send(data)`.
    Send(Vec<u8>),
    /// `unwrap()`, then plain `send(data)` after `delay`.
    UnwrapThenPlainSend(Duration, Vec<u8>),
    /// Drop the transport without close_notify (`into_inner`,
    /// `shutdown(Both)`).
    Vanish,
}

/// What a pair runs over: TCP for most cases, a socketpair for (g).
trait Transport: pyssl::Socket + Send {
    /// `shutdown(SHUT_RDWR)`: the peer vanishing.
    fn shutdown_both(&self);
}

impl Transport for TcpStream {
    fn shutdown_both(&self) {
        let _ = self.shutdown(Shutdown::Both);
    }
}

impl Transport for UnixStream {
    fn shutdown_both(&self) {
        let _ = self.shutdown(Shutdown::Both);
    }
}

/// A connected pair over TCP: pyssl client (handshake done, 10 s timeout) and
/// a pyssl server in a scoped thread that does the handshake, then follows
/// the [`Step`]s it is sent (it ends when the channel closes). `body` gets
/// the client and the sender.
fn with_tls_pair(
    v: PythonVersion,
    suppress_ragged_eofs: bool,
    p: &mut Vec<String>,
    body: impl FnOnce(&mut Tls, &mpsc::Sender<Step>, &mut Vec<String>),
) {
    let (l, addr) = listen();
    with_tls_over(
        v,
        suppress_ragged_eofs,
        p,
        move || Ok(accept_within(&l, PEER_TIMEOUT)?),
        move || connect(addr),
        body,
    );
}

/// (g)'s pair: as [`with_tls_pair`], over a socketpair, as the golden's ragged close
/// (socket_semantics) was recorded. Over TCP the ragged close is not the same event on
/// every OpenSSL: 3.6 writes its alert into a TCP socket whose peer is gone without an
/// error (`SSLEOFError`), into a socketpair with `EPIPE` (`BrokenPipeError`, as CPython
/// on 3.6 gives over a socketpair).
fn with_tls_socketpair(
    v: PythonVersion,
    suppress_ragged_eofs: bool,
    p: &mut Vec<String>,
    body: impl FnOnce(&mut SslSocket<UnixStream>, &mpsc::Sender<Step>, &mut Vec<String>),
) {
    let (a, b) = UnixStream::pair().expect("socketpair");
    for s in [&a, &b] {
        s.set_read_timeout(Some(PEER_TIMEOUT)).expect("timeout");
        s.set_write_timeout(Some(PEER_TIMEOUT)).expect("timeout");
    }
    with_tls_over(v, suppress_ragged_eofs, p, move || Ok(b), move || a, body);
}

/// The pair of [`with_tls_pair`] over any transport: `server_end` gives the server's
/// socket (in the server thread), `client_end` the client's.
fn with_tls_over<S: Transport>(
    v: PythonVersion,
    suppress_ragged_eofs: bool,
    p: &mut Vec<String>,
    server_end: impl FnOnce() -> R<S> + Send,
    client_end: impl FnOnce() -> S,
    body: impl FnOnce(&mut SslSocket<S>, &mpsc::Sender<Step>, &mut Vec<String>),
) {
    let (tx, rx) = mpsc::channel::<Step>();
    std::thread::scope(|s| {
        let server = s.spawn(move || -> R<()> {
            let mut srv = server_over(v, server_end()?)?;
            srv.settimeout(Some(PEER_TIMEOUT))?;
            srv.do_handshake()?;
            // Each step is awaited with a bound; a closed channel ends it.
            while let Ok(step) = rx.recv_timeout(Duration::from_secs(20)) {
                match step {
                    Step::Send(d) => srv.sendall(&d)?,
                    Step::UnwrapThenPlainSend(delay, d) => {
                        srv.unwrap()?;
                        std::thread::sleep(delay);
                        srv.send(&d)?;
                    }
                    Step::Vanish => {
                        if let Some(sock) = srv.into_inner() {
                            sock.shutdown_both();
                        }
                        return Ok(());
                    }
                }
            }
            Ok(())
        });
        let client = (|| -> R<SslSocket<S>> {
            let mut c = mk_client(v)?.wrap_socket(
                client_end(),
                WrapOptions::new()
                    .server_hostname("localhost")
                    .do_handshake_on_connect(false)
                    .suppress_ragged_eofs(suppress_ragged_eofs),
            )?;
            c.settimeout(Some(Duration::from_secs(10)))?;
            c.do_handshake()?;
            Ok(c)
        })();
        match client {
            Ok(mut c) => body(&mut c, &tx, p),
            Err(e) => p.push(format!("{v}: (test harness) handshake failed: {e}")),
        }
        drop(tx);
        match server.join() {
            Ok(Ok(())) => {}
            // The peer's own errors after the test body are not the point
            // (e.g. the client closed first); a panic is.
            Ok(Err(_)) => {}
            Err(_) => p.push(format!("{v}: the pyssl peer thread panicked")),
        }
    });
}

#[test]
fn e_stalled_peer_after_the_handshake_times_out() {
    let started = Instant::now();
    let problems = for_each_version(|v| {
        let g = golden(v);
        let mut p = Vec::new();
        // recv / read / recv_into with a 300 ms timeout while the peer
        // stalls; afterwards the connection still works.
        with_tls_pair(v, true, &mut p, |c, tx, p| {
            let want = want_timeout(&g, "The read operation timed out");
            if let Err(e) = c.settimeout(Some(SHORT)) {
                p.push(format!("{v} settimeout: {e}"));
                return;
            }
            let (r, took) = timed(|| c.recv(10));
            check_bound(&format!("{v} (e) recv"), took, SHORT_BOUND, p);
            expect_err(&format!("{v} (e) recv, peer stalls"), &r, &want, p);
            let (r, took) = timed(|| c.read(10));
            check_bound(&format!("{v} (e) read"), took, SHORT_BOUND, p);
            expect_err(&format!("{v} (e) read, peer stalls"), &r, &want, p);
            let mut buf = [0u8; 10];
            let (r, took) = timed(|| c.recv_into(&mut buf));
            check_bound(&format!("{v} (e) recv_into"), took, SHORT_BOUND, p);
            expect_err(&format!("{v} (e) recv_into, peer stalls"), &r, &want, p);
            // The peer wakes up: the data still arrives.
            let _ = tx.send(Step::Send(b"late".to_vec()));
            let _ = c.settimeout(Some(PEER_TIMEOUT));
            match c.recv(10) {
                Ok(d) if d == b"late" => {}
                other => p.push(format!(
                    "{v} (e) recv after the stall: ours {other:?}, want Ok(b\"late\")"
                )),
            }
        });
        // send with a 300 ms timeout to a peer that never reads: once the
        // socket buffers are full, TimeoutError("The write operation timed
        // out") (_ssl.c), each call within the bound.
        with_tls_pair(v, true, &mut p, |c, _tx, p| {
            let want = want_timeout(&g, "The write operation timed out");
            let _ = c.settimeout(Some(SHORT));
            let chunk = vec![b'z'; 64 * 1024];
            let mut last = None;
            for _ in 0..4096 {
                let (r, took) = timed(|| c.send(&chunk));
                check_bound(
                    &format!("{v} (e) send to a stalled peer"),
                    took,
                    SHORT_BOUND,
                    p,
                );
                if let Err(e) = r {
                    last = Some(e);
                    break;
                }
            }
            match last {
                Some(e) => expect_err(
                    &format!("{v} (e) send to a stalled peer"),
                    &Err::<(), _>(e),
                    &want,
                    p,
                ),
                None => p.push(format!(
                    "{v} (e) send to a stalled peer: 256 MiB accepted, no timeout"
                )),
            }
        });
        // After unwrap() the socket is plain again: CPython's socket.recv
        // still honours the timeout — socket.timeout('timed out')
        // (TimeoutError from 3.10) while the peer stalls, and the data
        // when it comes.
        with_tls_pair(v, true, &mut p, |c, tx, p| {
            let _ = tx.send(Step::UnwrapThenPlainSend(
                Duration::from_millis(700),
                b"plain".to_vec(),
            ));
            if let Err(e) = c.unwrap() {
                p.push(format!("{v} (e) unwrap: {e}"));
                return;
            }
            let _ = c.settimeout(Some(SHORT));
            let (r, took) = timed(|| c.recv(10));
            check_bound(
                &format!("{v} (e) plain recv after unwrap"),
                took,
                SHORT_BOUND,
                p,
            );
            expect_err(
                &format!("{v} (e) plain recv after unwrap, peer stalls"),
                &r,
                &want_timeout(&g, "timed out"),
                p,
            );
            let _ = c.settimeout(Some(PEER_TIMEOUT));
            match c.recv(10) {
                Ok(d) if d == b"plain" => {}
                other => p.push(format!(
                    "{v} (e) plain recv after unwrap, data after 0.7 s: ours {other:?}, want Ok(b\"plain\")"
                )),
            }
        });
        p
    });
    report("(e) stalled peer after the handshake", started, &problems);
}

#[test]
fn f_nonblocking_operations_without_data_want_read_or_write() {
    let started = Instant::now();
    let problems = for_each_version(|v| {
        let g = golden(v);
        let mut p = Vec::new();
        // recv with no data: the golden `recv nonblocking` exception.
        let want_read = &g["socket_semantics"]["recv nonblocking"]["client"]
            ["recv nonblocking no data"]["error"];
        with_tls_pair(v, true, &mut p, |c, _tx, p| {
            let _ = c.setblocking(false);
            let (r, took) = timed(|| c.recv(10));
            check_bound(&format!("{v} (f) recv"), took, PROMPT_BOUND, p);
            expect_err(
                &format!("{v} (f) non-blocking recv, no data"),
                &r,
                want_read,
                p,
            );
            // send until the buffers are full: SSLWantWriteError (_ssl.c:
            // SSL_ERROR_WANT_WRITE → "The operation did not complete (write)").
            let want_write = want_exc(
                "SSLWantWriteError",
                "The operation did not complete (write)",
                Some(3),
            );
            let chunk = vec![b'z'; 64 * 1024];
            let mut last = None;
            for _ in 0..4096 {
                let (r, took) = timed(|| c.send(&chunk));
                check_bound(&format!("{v} (f) send"), took, PROMPT_BOUND, p);
                if let Err(e) = r {
                    last = Some(e);
                    break;
                }
            }
            match last {
                Some(e) => expect_err(
                    &format!("{v} (f) non-blocking send to a stalled peer"),
                    &Err::<(), _>(e),
                    &want_write,
                    p,
                ),
                None => p.push(format!(
                    "{v} (f) non-blocking send: 256 MiB accepted, never SSLWantWriteError"
                )),
            }
        });
        // do_handshake against a silent server: the golden
        // `SSLWantReadError shape` (the first do_handshake of a client).
        let want_hs = &g["bio_handshakes"]["SSLWantReadError shape"]["ok"];
        let (l, addr) = listen();
        std::thread::scope(|s| {
            s.spawn(move || {
                if let Ok(mut peer) = accept_within(&l, PEER_TIMEOUT) {
                    drain_until_eof(&mut peer, PEER_TIMEOUT);
                }
            });
            let label = format!("{v} (f) non-blocking do_handshake, silent server");
            let r = (|| {
                let mut c = client_over(v, connect(addr))?;
                c.setblocking(false)?;
                let (r, took) = timed(|| c.do_handshake());
                check_bound(&label, took, PROMPT_BOUND, &mut p);
                r
            })();
            expect_err(&label, &r, want_hs, &mut p);
        });
        p
    });
    report("(f) non-blocking", started, &problems);
}

#[test]
fn g_peer_vanishing_while_we_wait_ends_the_wait_at_once() {
    let started = Instant::now();
    let problems = for_each_version(|v| {
        let g = golden(v);
        let mut p = Vec::new();
        for suppress in [true, false] {
            // What CPython's first recv gives after a ragged close (the
            // socketpair scenario of socket_semantics).
            let want = g["socket_semantics"][format!(
                "ragged EOF, suppress_ragged_eofs={}",
                if suppress { "True" } else { "False" }
            )]["client"]["recv after ragged close"]
                .clone();
            with_tls_socketpair(v, suppress, &mut p, |c, tx, p| {
                let label = format!(
                    "{v} (g) recv (10 s timeout) while the peer vanishes, suppress_ragged_eofs={suppress}"
                );
                let waker = tx.clone();
                let (r, took) = std::thread::scope(|s| {
                    s.spawn(move || {
                        std::thread::sleep(Duration::from_millis(200));
                        let _ = waker.send(Step::Vanish);
                    });
                    timed(|| c.recv(1024))
                });
                check_bound(&label, took, SHORT_BOUND, p);
                match (&r, want.get("ok"), want.get("error")) {
                    (Ok(d), Some(ok), _) => {
                        let ours = common::bytes_json(d);
                        if &ours != ok {
                            p.push(format!("{label}: ours ok {ours} cpython ok {ok}"));
                        }
                    }
                    (_, _, Some(err)) => expect_err(&label, &r, err, p),
                    (Err(e), Some(ok), _) => p.push(format!(
                        "{label}: ours raises {} {e}, cpython ok {ok}",
                        e.python_type()
                    )),
                    _ => p.push(format!("{label}: no golden answer")),
                }
            });
        }
        p
    });
    report("(g) peer vanishes", started, &problems);
}

//! Differential handshake tests on loopback: pyssl against CPython's `ssl`.
//!
//! For each scenario (a client side and a server side, each a context recipe
//! plus a list of connections with their I/O steps), CPython ↔ CPython is
//! the reference and three pairings are compared with it:
//!
//! * pyssl client ↔ CPython server,
//! * CPython client ↔ pyssl server,
//! * pyssl client ↔ pyssl server.
//!
//! Each side records one JSON observation per connection: the handshake
//! outcome (or the error: type, message without ` (_ssl.c:N)`, errno /
//! `args[0]`, library, reason, verify_code, verify_message), and when it
//! succeeded `version()`, `cipher()`, `selected_alpn_protocol()`,
//! `getpeercert()` and `session_reused`, then the result of each I/O step
//! (client sends `b"ping\n"`, server answers `b"pong\n"`, then the
//! scenario's close), errors included. Every pyssl side must record exactly
//! what the CPython side recorded in the reference run; the CPython peer in a
//! mixed pairing must too (the peer's implementation must not matter).
//!
//! Scenarios where one end is a plain TCP peer (garbage bytes, EOF in the
//! handshake) have one pairing: the TLS end is pyssl, compared with CPython
//! against the same raw peer (whose view, the bytes the TLS end sent back, is
//! compared as well).
//!
//! The CPython side is `tests/peers/cpython_peer.py` (one process per side,
//! the spec as JSON on argv; a server prints `{"port": N}` first). The suite
//! runs for CPython 3.14 (pyssl `Py314` against pyenv's 3.14.7), 3.13
//! (`Py313` against 3.13.0) and 3.8 (`Py38` against 3.8.18); a release pyenv
//! does not have is skipped with a note.
//!
//! Everything runs on 127.0.0.1 with ports from the kernel; every socket has
//! a 10 s timeout; every loop is bounded; a CPython peer that outlives its
//! deadline is killed by its handle.
//!
//! How pyssl sockets are driven: pyssl's `wrap_socket` cannot take a
//! timeout before its handshake, so the pyssl side wraps with
//! `do_handshake_on_connect(false)`, sets the 10 s timeout and then calls
//! `do_handshake()` (closing the socket on failure, as `wrap_socket` does).
//! The CPython side does the idiomatic `sock.settimeout(10)` and
//! `ctx.wrap_socket(sock, …)`; both handshakes therefore run in timeout mode.
//!
//! Determinism: a side whose handshake fails keeps a duplicate descriptor,
//! half-closes it and reads to EOF before closing (`linger`), so its peer
//! always sees the alert and then EOF. Closing with unread bytes would send a
//! TCP reset that races the peer's next send (e.g. a TLS 1.3 client whose
//! certificate the server refused got `ConnectionResetError` from `send` or
//! the alert from `recv` depending on timing). Set `HANDSHAKE_DIFF_DUMP=1`
//! to print every reference observation.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use common::{pyenv_python, python_command, root};
use pyssl::{
    Arg, DefaultContext, Error, Protocol, Purpose, PythonVersion, SslContext, SslSession,
    TlsVersion, VerifyMode, WrapOptions,
};
use serde_json::{json, Map, Value};

/// Timeout of every socket operation (and of `accept`).
const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// Upper bound of one pairing run (a peer still alive then is killed).
const RUN_TIMEOUT: Duration = Duration::from_secs(45);
/// Concurrent pairing runs per CPython version.
const WORKERS: usize = 6;

// ---------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------

/// What a plain TCP peer does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RawMode {
    /// Server: reads the ClientHello, sends `GARBAGE\r\n\r\n`, reads until
    /// EOF. Client: sends `GARBAGE\r\n\r\n`, reads until EOF.
    Garbage,
    /// Server: reads the ClientHello, then closes.
    HelloThenClose,
    /// Client: connects and closes at once.
    CloseAtOnce,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// TLS on both ends.
    Tls,
    /// The server is a raw TCP peer.
    RawServer(RawMode),
    /// The client is a raw TCP peer.
    RawClient(RawMode),
}

#[derive(Debug, Clone)]
struct Scenario {
    name: &'static str,
    kind: Kind,
    /// `{"ctx": {...}, "conns": [...]}` (see `tests/peers/cpython_peer.py`).
    client: Value,
    server: Value,
}

const GARBAGE: &[u8] = b"GARBAGE\r\n\r\n";

fn cert(name: &str) -> String {
    root()
        .join("certs")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn merge(mut base: Value, extra: Value) -> Value {
    if let (Some(b), Value::Object(e)) = (base.as_object_mut(), extra) {
        for (k, v) in e {
            b.insert(k, v);
        }
    }
    base
}

/// A client context: `create_default_context(Purpose.SERVER_AUTH,
/// cafile="certs/ca.pem")`, then `extra`'s settings.
fn cctx(extra: Value) -> Value {
    merge(
        json!({"purpose": "server_auth", "cafile": cert("ca.pem")}),
        extra,
    )
}

/// A server context: `create_default_context(Purpose.CLIENT_AUTH,
/// cafile="certs/ca.pem")`, `load_cert_chain(server.pem, server.key)`, then
/// `extra`'s settings.
fn sctx(extra: Value) -> Value {
    merge(
        json!({
            "purpose": "client_auth",
            "cafile": cert("ca.pem"),
            "cert": [cert("server.pem"), cert("server.key")],
        }),
        extra,
    )
}

fn chain(name: &str) -> Value {
    json!([cert(&format!("{name}.pem")), cert(&format!("{name}.key"))])
}

fn send(data: &str) -> Value {
    json!({"op": "send", "data": data})
}

fn op(name: &str) -> Value {
    json!({"op": name})
}

fn keep_going(mut v: Value) -> Value {
    v["keep_going"] = json!(true);
    v
}

/// Client: send ping, read the answer, look at the session, close (no
/// close_notify, as `SSLSocket.close()`).
fn client_ops() -> Vec<Value> {
    vec![send("ping\n"), op("recv"), op("session"), op("close")]
}

/// Server: read the ping, answer pong, look at the session, read again (the
/// client's close: a ragged EOF).
fn server_ops() -> Vec<Value> {
    vec![op("recv"), send("pong\n"), op("session"), op("recv")]
}

fn cconn(host: &str, ops: Vec<Value>) -> Value {
    json!({"server_hostname": host, "suppress_ragged_eofs": true, "ops": ops})
}

fn sconn(ops: Vec<Value>) -> Value {
    json!({"suppress_ragged_eofs": true, "ops": ops})
}

fn tls(
    name: &'static str,
    client_ctx: Value,
    client_conns: Vec<Value>,
    server_ctx: Value,
    server_conns: Vec<Value>,
) -> Scenario {
    Scenario {
        name,
        kind: Kind::Tls,
        client: json!({"ctx": client_ctx, "conns": client_conns}),
        server: json!({"ctx": server_ctx, "conns": server_conns}),
    }
}

/// One connection with the default exchange.
fn simple(name: &'static str, client_extra: Value, host: &str, server_extra: Value) -> Scenario {
    tls(
        name,
        cctx(client_extra),
        vec![cconn(host, client_ops())],
        sctx(server_extra),
        vec![sconn(server_ops())],
    )
}

fn scenarios() -> Vec<Scenario> {
    let mut s = vec![
        simple("tls13_ok", json!({}), "localhost", json!({})),
        simple(
            "tls12_ok",
            json!({"maximum_version": "TLSv1_2"}),
            "localhost",
            json!({}),
        ),
        simple(
            "ecdsa_server_cert",
            json!({}),
            "localhost",
            json!({"cert": chain("server-ecdsa")}),
        ),
        simple(
            "untrusted_ca",
            json!({}),
            "localhost",
            json!({"cert": chain("untrusted")}),
        ),
        simple(
            "untrusted_ca_tls12",
            json!({"maximum_version": "TLSv1_2"}),
            "localhost",
            json!({"cert": chain("untrusted")}),
        ),
        simple(
            "self_signed",
            json!({}),
            "localhost",
            json!({"cert": chain("selfsigned")}),
        ),
        simple(
            "expired",
            json!({}),
            "localhost",
            json!({"cert": chain("expired")}),
        ),
        simple(
            "hostname_mismatch",
            json!({}),
            "localhost",
            json!({"cert": chain("wrong-host")}),
        ),
        simple("ip_san_match", json!({}), "127.0.0.1", json!({})),
        simple("ip_san_mismatch", json!({}), "127.0.0.2", json!({})),
        simple(
            "nosan_common_name_on",
            json!({"hostname_checks_common_name": true}),
            "nosan.localhost",
            json!({"cert": chain("nosan")}),
        ),
        simple(
            "nosan_common_name_off",
            json!({"hostname_checks_common_name": false}),
            "nosan.localhost",
            json!({"cert": chain("nosan")}),
        ),
        simple(
            "client_cert_required_given",
            json!({"cert": chain("client")}),
            "localhost",
            json!({"verify_mode": "CERT_REQUIRED"}),
        ),
        // TLS 1.3: the client's handshake succeeds; it learns of the
        // failure on its first read (so it sends, then reads).
        simple(
            "client_cert_required_missing",
            json!({}),
            "localhost",
            json!({"verify_mode": "CERT_REQUIRED"}),
        ),
        simple(
            "client_cert_required_missing_tls12",
            json!({"maximum_version": "TLSv1_2"}),
            "localhost",
            json!({"verify_mode": "CERT_REQUIRED"}),
        ),
        simple(
            "client_cert_optional_missing",
            json!({}),
            "localhost",
            json!({"verify_mode": "CERT_OPTIONAL"}),
        ),
        simple(
            "client_cert_optional_given",
            json!({"cert": chain("client")}),
            "localhost",
            json!({"verify_mode": "CERT_OPTIONAL"}),
        ),
        simple(
            "alpn_match",
            json!({"alpn": ["h2", "http/1.1"]}),
            "localhost",
            json!({"alpn": ["http/1.1"]}),
        ),
        simple(
            "alpn_no_overlap",
            json!({"alpn": ["h2"]}),
            "localhost",
            json!({"alpn": ["http/1.1"]}),
        ),
        simple(
            "version_no_overlap",
            json!({"maximum_version": "TLSv1_2"}),
            "localhost",
            json!({"minimum_version": "TLSv1_3"}),
        ),
        simple(
            "no_shared_cipher_tls12",
            json!({"maximum_version": "TLSv1_2", "ciphers": "ECDHE-RSA-AES128-GCM-SHA256"}),
            "localhost",
            json!({"maximum_version": "TLSv1_2", "ciphers": "ECDHE-RSA-AES256-GCM-SHA384"}),
        ),
    ];
    // Clean close: the server unwraps (close_notify both ways); the client
    // reads b'' and unwraps too.
    for (name, max) in [
        ("clean_close", json!(null)),
        ("clean_close_tls12", json!("TLSv1_2")),
    ] {
        s.push(tls(
            name,
            cctx(json!({"maximum_version": max})),
            vec![cconn(
                "localhost",
                vec![send("ping\n"), op("recv"), op("recv"), op("unwrap")],
            )],
            sctx(json!({})),
            vec![sconn(vec![op("recv"), send("pong\n"), op("unwrap")])],
        ));
    }
    // Ragged EOF: the server closes the TCP socket without close_notify.
    for (name, max, suppress) in [
        ("ragged_eof_suppressed", json!(null), true),
        ("ragged_eof_unsuppressed", json!(null), false),
        ("ragged_eof_suppressed_tls12", json!("TLSv1_2"), true),
        ("ragged_eof_unsuppressed_tls12", json!("TLSv1_2"), false),
    ] {
        let mut c = cconn(
            "localhost",
            vec![
                send("ping\n"),
                op("recv"),
                keep_going(op("recv")),
                op("recv"),
            ],
        );
        c["suppress_ragged_eofs"] = json!(suppress);
        s.push(tls(
            name,
            cctx(json!({"maximum_version": max})),
            vec![c],
            sctx(json!({})),
            vec![sconn(vec![op("recv"), send("pong\n"), op("close")])],
        ));
    }
    // Session resumption: a second connection offers the first's session.
    for (name, max) in [
        ("resume_tls13", json!(null)),
        ("resume_tls12", json!("TLSv1_2")),
    ] {
        let mut second = cconn("localhost", client_ops());
        second["session_from"] = json!(0);
        s.push(tls(
            name,
            cctx(json!({"maximum_version": max})),
            vec![cconn("localhost", client_ops()), second],
            sctx(json!({})),
            vec![sconn(server_ops()), sconn(server_ops())],
        ));
    }
    // The same, the first connection closed cleanly (unwrap on both ends).
    for (name, max) in [
        ("resume_after_unwrap_tls13", json!(null)),
        ("resume_after_unwrap_tls12", json!("TLSv1_2")),
    ] {
        let first_c = cconn(
            "localhost",
            vec![
                send("ping\n"),
                op("recv"),
                op("session"),
                op("recv"),
                op("unwrap"),
            ],
        );
        let first_s = sconn(vec![
            op("recv"),
            send("pong\n"),
            op("session"),
            op("unwrap"),
        ]);
        let mut second = cconn("localhost", client_ops());
        second["session_from"] = json!(0);
        s.push(tls(
            name,
            cctx(json!({"maximum_version": max})),
            vec![first_c, second],
            sctx(json!({})),
            vec![first_s, sconn(server_ops())],
        ));
    }
    // TLS 1.3 tickets sent by the server (SSLContext(PROTOCOL_TLS_SERVER),
    // since 3.8's create_default_context makes a PROTOCOL_TLS context).
    for (name, n) in [("num_tickets_0", 0), ("num_tickets_3", 3)] {
        s.push(tls(
            name,
            cctx(json!({})),
            vec![cconn("localhost", client_ops())],
            sctx(json!({"protocol": "PROTOCOL_TLS_SERVER", "num_tickets": n})),
            vec![sconn(server_ops())],
        ));
    }
    // Post-handshake authentication: the server asks for the client's
    // certificate after the handshake, with its next write.
    for (name, max) in [
        ("post_handshake_auth", json!(null)),
        ("post_handshake_auth_tls12", json!("TLSv1_2")),
    ] {
        s.push(tls(
            name,
            cctx(json!({
                "maximum_version": max,
                "post_handshake_auth": true,
                "cert": chain("client"),
            })),
            vec![cconn(
                "localhost",
                vec![
                    send("ping\n"),
                    op("recv"),
                    send("ping\n"),
                    op("recv"),
                    op("close"),
                ],
            )],
            sctx(json!({"verify_mode": "CERT_REQUIRED", "post_handshake_auth": true})),
            vec![sconn(vec![
                op("recv"),
                op("peercert"),
                op("vcph"),
                send("pong\n"),
                op("recv"),
                op("peercert"),
                send("pong\n"),
                op("recv"),
            ])],
        ));
    }
    // Raw TCP peers.
    s.push(Scenario {
        name: "garbage_from_server",
        kind: Kind::RawServer(RawMode::Garbage),
        client: json!({"ctx": cctx(json!({})), "conns": [cconn("localhost", client_ops())]}),
        server: Value::Null,
    });
    s.push(Scenario {
        name: "garbage_from_client",
        kind: Kind::RawClient(RawMode::Garbage),
        client: Value::Null,
        server: json!({"ctx": sctx(json!({})), "conns": [sconn(server_ops())]}),
    });
    s.push(Scenario {
        name: "eof_mid_handshake_client",
        kind: Kind::RawServer(RawMode::HelloThenClose),
        client: json!({"ctx": cctx(json!({})), "conns": [cconn("localhost", client_ops())]}),
        server: Value::Null,
    });
    s.push(Scenario {
        name: "eof_before_handshake_server",
        kind: Kind::RawClient(RawMode::CloseAtOnce),
        client: Value::Null,
        server: json!({"ctx": sctx(json!({})), "conns": [sconn(server_ops())]}),
    });
    s
}

// ---------------------------------------------------------------------------
// Observations, pyssl side
// ---------------------------------------------------------------------------

fn err_json(e: &Error) -> Value {
    let errno = e.errno().or_else(|| match e.args().first() {
        Some(Arg::Int(n)) => Some(*n),
        _ => None,
    });
    json!({
        "type": e.python_type(),
        "message": e.message(),
        "errno": errno,
        "library": e.library(),
        "reason": e.reason(),
        "verify_code": e.verify_code(),
        "verify_message": e.verify_message(),
    })
}

fn io_err_json(e: std::io::Error) -> Value {
    err_json(&Error::from(e))
}

fn text(b: &[u8]) -> String {
    b.iter().map(|&c| c as char).collect()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn peercert_json(r: pyssl::Result<pyssl::PeerCert>) -> Result<Value, Value> {
    r.map(|c| c.to_json()).map_err(|e| err_json(&e))
}

fn session_json(s: &Option<SslSession>) -> Value {
    match s {
        None => Value::Null,
        Some(s) => json!({
            "has_ticket": s.has_ticket(),
            "id_len": s.id().len(),
            "timeout": s.timeout(),
            "ticket_lifetime_hint": s.ticket_lifetime_hint(),
        }),
    }
}

/// The context a side's `ctx` recipe describes, built with pyssl the way
/// `cpython_peer.py` builds it with `ssl`. Failing settings are recorded in
/// `errors` and skipped.
fn pyssl_context(
    spec: &Value,
    v: PythonVersion,
    errors: &mut Vec<Value>,
) -> pyssl::Result<SslContext> {
    let purpose = match spec["purpose"].as_str() {
        Some("client_auth") => Purpose::ClientAuth,
        _ => Purpose::ServerAuth,
    };
    let cafile = spec["cafile"].as_str().map(PathBuf::from);
    let ctx = if let Some(p) = spec["protocol"].as_str() {
        let c = SslContext::with_version(Protocol::from_name(p)?, v)?;
        if let Some(ca) = &cafile {
            c.load_verify_locations(Some(ca), None, None)?;
        }
        c
    } else {
        let mut d = DefaultContext::new(purpose).version(v).keylog_env(None);
        if let Some(ca) = &cafile {
            d = d.cafile(ca);
        }
        d.build()?
    };
    let mut step = |name: &str, r: pyssl::Result<()>| {
        if let Err(e) = r {
            errors.push(json!({"step": name, "error": err_json(&e)}));
        }
    };
    if let Some(c) = spec["cert"].as_array() {
        let key = c[1].as_str().map(Path::new);
        step(
            "load_cert_chain",
            ctx.load_cert_chain(c[0].as_str().unwrap_or_default(), key, None),
        );
    }
    if let Some(b) = spec["check_hostname"].as_bool() {
        step("check_hostname", ctx.set_check_hostname(b));
    }
    if let Some(m) = spec["verify_mode"].as_str() {
        let mode = match m {
            "CERT_NONE" => VerifyMode::CertNone,
            "CERT_OPTIONAL" => VerifyMode::CertOptional,
            _ => VerifyMode::CertRequired,
        };
        step("verify_mode", ctx.set_verify_mode(mode));
    }
    if let Some(b) = spec["hostname_checks_common_name"].as_bool() {
        step(
            "hostname_checks_common_name",
            ctx.set_hostname_checks_common_name(b),
        );
    }
    if let Some(n) = spec["minimum_version"].as_str() {
        step(
            "minimum_version",
            TlsVersion::from_name(n).and_then(|t| ctx.set_minimum_version(t)),
        );
    }
    if let Some(n) = spec["maximum_version"].as_str() {
        step(
            "maximum_version",
            TlsVersion::from_name(n).and_then(|t| ctx.set_maximum_version(t)),
        );
    }
    if let Some(c) = spec["ciphers"].as_str() {
        step("set_ciphers", ctx.set_ciphers(c));
    }
    if let Some(list) = spec["alpn"].as_array() {
        let protos: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
        step("set_alpn_protocols", ctx.set_alpn_protocols(&protos));
    }
    if let Some(n) = spec["num_tickets"].as_i64() {
        step("num_tickets", ctx.set_num_tickets(n));
    }
    if let Some(b) = spec["post_handshake_auth"].as_bool() {
        ctx.set_post_handshake_auth(b);
    }
    Ok(ctx)
}

/// One connection on `stream`: handshake, state, ops. Returns the
/// observation and the session kept by a `session` op.
fn pyssl_conn(
    ctx: &SslContext,
    stream: TcpStream,
    conn: &Value,
    server: bool,
    sessions: &[Option<SslSession>],
) -> (Value, Option<SslSession>) {
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let mut obs = Map::new();
    let mut opts = WrapOptions::new()
        .do_handshake_on_connect(false)
        .suppress_ragged_eofs(conn["suppress_ragged_eofs"].as_bool().unwrap_or(true));
    if server {
        opts = opts.server_side(true);
    } else {
        if let Some(h) = conn["server_hostname"].as_str() {
            opts = opts.server_hostname(h);
        }
        if let Some(j) = conn["session_from"].as_u64() {
            if let Some(Some(s)) = sessions.get(j as usize) {
                opts = opts.session(s.clone());
            }
        }
    }
    // A second descriptor keeps the connection open if the handshake
    // fails: see `linger`.
    let guard = stream.try_clone().ok();
    let mut ss = match ctx.wrap_socket(stream, opts) {
        Ok(s) => s,
        Err(e) => {
            obs.insert("handshake".into(), json!({"error": err_json(&e)}));
            linger(guard);
            return (Value::Object(obs), None);
        }
    };
    let hs = ss
        .settimeout(Some(IO_TIMEOUT))
        .and_then(|()| ss.do_handshake());
    if let Err(e) = hs {
        ss.close();
        obs.insert("handshake".into(), json!({"error": err_json(&e)}));
        linger(guard);
        return (Value::Object(obs), None);
    }
    drop(guard);
    obs.insert("handshake".into(), json!("ok"));
    obs.insert("version".into(), json!(ss.version()));
    obs.insert(
        "cipher".into(),
        match ss.cipher() {
            Some((n, p, b)) => json!([n, p, b]),
            None => Value::Null,
        },
    );
    obs.insert("alpn".into(), json!(ss.selected_alpn_protocol()));
    obs.insert(
        "peercert".into(),
        match peercert_json(ss.getpeercert()) {
            Ok(v) => v,
            Err(e) => json!({"error": e}),
        },
    );
    obs.insert("session_reused".into(), json!(ss.session_reused()));
    let mut kept = None;
    let mut results = Vec::new();
    for o in conn["ops"].as_array().into_iter().flatten() {
        let name = o["op"].as_str().unwrap_or_default();
        let r: Result<Value, Value> = match name {
            "send" => {
                let data: Vec<u8> = o["data"]
                    .as_str()
                    .unwrap_or_default()
                    .chars()
                    .map(|c| c as u8)
                    .collect();
                ss.sendall(&data)
                    .map(|()| Value::Null)
                    .map_err(|e| err_json(&e))
            }
            "recv" => ss
                .recv(1024)
                .map(|b| json!(text(&b)))
                .map_err(|e| err_json(&e)),
            "unwrap" => ss.unwrap().map(|_| Value::Null).map_err(|e| err_json(&e)),
            "close" => {
                ss.close();
                Ok(Value::Null)
            }
            "vcph" => ss
                .verify_client_post_handshake()
                .map(|()| Value::Null)
                .map_err(|e| err_json(&e)),
            "peercert" => peercert_json(ss.getpeercert()),
            "session" => {
                let s = ss.session();
                let j = session_json(&s);
                kept = s;
                Ok(j)
            }
            other => panic!("unknown op {other}"),
        };
        match r {
            Ok(v) => results.push(json!({"op": name, "ok": v})),
            Err(e) => {
                results.push(json!({"op": name, "error": e}));
                if !o["keep_going"].as_bool().unwrap_or(false) {
                    break;
                }
            }
        }
    }
    obs.insert("ops".into(), Value::Array(results));
    ss.close();
    (Value::Object(obs), kept)
}

/// After a failed handshake: half-close, read to EOF (bounded), close. The
/// peer sees the alert (if any) and then EOF, never a TCP reset caused by
/// closing with unread data, which would race with the peer's own I/O. The
/// CPython peer does the same with `sock.dup()`.
fn linger(guard: Option<TcpStream>) {
    let Some(mut g) = guard else { return };
    set_timeouts(&g);
    let _ = g.shutdown(std::net::Shutdown::Write);
    let mut buf = [0u8; 4096];
    for _ in 0..1024 {
        match g.read(&mut buf) {
            Ok(n) if n > 0 => {}
            _ => break,
        }
    }
}

/// `accept` with a deadline (the listener is polled, never blocks forever).
fn accept_bounded(l: &TcpListener) -> std::io::Result<TcpStream> {
    l.set_nonblocking(true)?;
    let deadline = Instant::now() + IO_TIMEOUT;
    loop {
        match l.accept() {
            Ok((s, _)) => {
                s.set_nonblocking(false)?;
                return Ok(s);
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if Instant::now() >= deadline {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        "accept timed out",
                    ));
                }
                thread::sleep(Duration::from_millis(5));
            }
            Err(e) => return Err(e),
        }
    }
}

enum Endpoint {
    Listener(TcpListener),
    Port(u16),
}

/// A whole side run by pyssl: `{"ctx_errors": [...], "conns": [...]}`.
fn pyssl_side(spec: &Value, v: PythonVersion, endpoint: Endpoint) -> Value {
    let mut ctx_errors = Vec::new();
    let ctx = match pyssl_context(&spec["ctx"], v, &mut ctx_errors) {
        Ok(c) => c,
        Err(e) => {
            return json!({"ctx_errors": ctx_errors, "conns": [], "fatal": err_json(&e)});
        }
    };
    let mut conns = Vec::new();
    let mut sessions: Vec<Option<SslSession>> = Vec::new();
    for conn in spec["conns"].as_array().into_iter().flatten() {
        let stream = match &endpoint {
            Endpoint::Listener(l) => match accept_bounded(l) {
                Ok(s) => s,
                Err(e) => {
                    conns.push(json!({"accept": {"error": io_err_json(e)}}));
                    break;
                }
            },
            Endpoint::Port(p) => {
                let addr = SocketAddr::from(([127, 0, 0, 1], *p));
                match TcpStream::connect_timeout(&addr, IO_TIMEOUT) {
                    Ok(s) => s,
                    Err(e) => {
                        conns.push(json!({"connect": {"error": io_err_json(e)}}));
                        break;
                    }
                }
            }
        };
        let server = matches!(endpoint, Endpoint::Listener(_));
        let (obs, kept) = pyssl_conn(&ctx, stream, conn, server, &sessions);
        sessions.push(kept);
        conns.push(obs);
    }
    json!({"ctx_errors": ctx_errors, "conns": conns})
}

// ---------------------------------------------------------------------------
// Raw TCP peers
// ---------------------------------------------------------------------------

fn set_timeouts(s: &TcpStream) {
    let _ = s.set_read_timeout(Some(IO_TIMEOUT));
    let _ = s.set_write_timeout(Some(IO_TIMEOUT));
}

/// Reads one TLS record (the ClientHello): header, then its body.
fn read_record(s: &mut TcpStream) -> std::io::Result<usize> {
    let mut hdr = [0u8; 5];
    s.read_exact(&mut hdr)?;
    let len = u16::from_be_bytes([hdr[3], hdr[4]]) as usize;
    let mut body = vec![0u8; len];
    s.read_exact(&mut body)?;
    Ok(5 + len)
}

/// Reads until EOF (bounded in bytes and time): what the TLS end sent.
fn drain(s: &mut TcpStream) -> Value {
    let deadline = Instant::now() + IO_TIMEOUT;
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let end = loop {
        if got.len() > 65536 || Instant::now() >= deadline {
            break "limit".to_string();
        }
        match s.read(&mut buf) {
            Ok(0) => break "eof".to_string(),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) => break format!("{:?}", e.kind()),
        }
    };
    json!({"received": hex(&got), "end": end})
}

/// A raw server on a kernel port; its observation comes on the channel.
fn raw_server(mode: RawMode) -> (u16, mpsc::Receiver<Value>) {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let obs = (|| {
            let mut s = match accept_bounded(&l) {
                Ok(s) => s,
                Err(e) => return json!({"accept": {"error": io_err_json(e)}}),
            };
            set_timeouts(&s);
            let hello = match read_record(&mut s) {
                Ok(_) => json!("read"),
                Err(e) => json!({"error": format!("{:?}", e.kind())}),
            };
            match mode {
                RawMode::Garbage => {
                    let w = s.write_all(GARBAGE).map_err(|e| format!("{:?}", e.kind()));
                    json!({"client_hello": hello, "write": w.err(), "after": drain(&mut s)})
                }
                _ => json!({"client_hello": hello}),
            }
        })();
        let _ = tx.send(obs);
    });
    (port, rx)
}

fn raw_client(port: u16, mode: RawMode) -> Value {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut s = match TcpStream::connect_timeout(&addr, IO_TIMEOUT) {
        Ok(s) => s,
        Err(e) => return json!({"connect": {"error": io_err_json(e)}}),
    };
    set_timeouts(&s);
    match mode {
        RawMode::Garbage => {
            let w = s.write_all(GARBAGE).map_err(|e| format!("{:?}", e.kind()));
            json!({"write": w.err(), "after": drain(&mut s)})
        }
        _ => json!({}),
    }
}

// ---------------------------------------------------------------------------
// CPython peers
// ---------------------------------------------------------------------------

fn peer_script() -> PathBuf {
    root().join("tests/peers/cpython_peer.py")
}

/// One `cpython_peer.py` process: its stdout lines arrive on a channel so
/// every wait has a deadline; dropped (or late) it is killed by its handle.
struct PeerProc {
    child: Child,
    lines: mpsc::Receiver<String>,
    stderr: mpsc::Receiver<String>,
}

impl PeerProc {
    fn spawn(python: &Path, spec: &Value) -> Result<PeerProc, String> {
        let mut child = python_command(python)
            .arg(peer_script())
            .arg(spec.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
        let out = child.stdout.take().expect("stdout");
        let err = child.stderr.take().expect("stderr");
        let (tx, lines) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let (etx, stderr) = mpsc::channel();
        thread::spawn(move || {
            let mut s = String::new();
            let _ = BufReader::new(err).take(1 << 20).read_to_string(&mut s);
            let _ = etx.send(s);
        });
        Ok(PeerProc {
            child,
            lines,
            stderr,
        })
    }

    fn stderr_text(&mut self) -> String {
        self.stderr
            .recv_timeout(Duration::from_secs(2))
            .unwrap_or_default()
    }

    fn line(&mut self, deadline: Instant) -> Result<Value, String> {
        let wait = deadline.saturating_duration_since(Instant::now());
        match self.lines.recv_timeout(wait) {
            Ok(l) => serde_json::from_str(&l).map_err(|e| format!("bad JSON line {l:?}: {e}")),
            Err(e) => {
                self.kill();
                Err(format!(
                    "CPython peer gave no line ({e}); stderr:\n{}",
                    self.stderr_text()
                ))
            }
        }
    }

    fn kill(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }

    /// The observation line, then the exit (bounded wait).
    fn finish(mut self, deadline: Instant) -> Result<Value, String> {
        let v = self.line(deadline)?;
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) => break,
                Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(5)),
                _ => {
                    self.kill();
                    break;
                }
            }
        }
        if v.get("fatal").is_some() {
            return Err(format!(
                "CPython peer failed: {}\nstderr:\n{}",
                v["fatal"].as_str().unwrap_or_default(),
                self.stderr_text()
            ));
        }
        Ok(v)
    }
}

impl Drop for PeerProc {
    fn drop(&mut self) {
        self.kill();
    }
}

// ---------------------------------------------------------------------------
// Pairings
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Imp {
    CPython,
    Pyssl,
    Raw,
}

impl Imp {
    fn name(self) -> &'static str {
        match self {
            Imp::CPython => "CPython",
            Imp::Pyssl => "pyssl",
            Imp::Raw => "raw TCP",
        }
    }
}

fn with_role(side: &Value, role: &str, port: Option<u16>) -> Value {
    let mut v = side.clone();
    v["role"] = json!(role);
    if let Some(p) = port {
        v["port"] = json!(p);
    }
    v
}

/// Runs `f` on a thread, waiting at most until `deadline`.
fn bounded<T: Send + 'static>(
    deadline: Instant,
    f: impl FnOnce() -> T + Send + 'static,
) -> (mpsc::Receiver<T>, Instant) {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(f());
    });
    (rx, deadline)
}

fn wait_for<T>(rx: (mpsc::Receiver<T>, Instant), what: &str) -> Result<T, String> {
    let wait = rx.1.saturating_duration_since(Instant::now());
    rx.0.recv_timeout(wait)
        .map_err(|e| format!("{what} did not finish: {e}"))
}

/// One run of `sc` with the given implementations: (client, server)
/// observations.
fn run_pairing(
    sc: &Scenario,
    client: Imp,
    server: Imp,
    v: PythonVersion,
    python: &Path,
) -> RunResult {
    let deadline = Instant::now() + RUN_TIMEOUT;
    enum Srv {
        Proc(PeerProc),
        Chan((mpsc::Receiver<Value>, Instant)),
    }
    let (port, srv) = match server {
        Imp::CPython => {
            let mut p = PeerProc::spawn(python, &with_role(&sc.server, "server", None))?;
            let first = p.line(deadline)?;
            let port = first["port"]
                .as_u64()
                .ok_or_else(|| format!("CPython server's first line is not a port: {first}"))?;
            (port as u16, Srv::Proc(p))
        }
        Imp::Pyssl => {
            let l = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("bind: {e}"))?;
            let port = l.local_addr().map_err(|e| e.to_string())?.port();
            let spec = sc.server.clone();
            (
                port,
                Srv::Chan(bounded(deadline, move || {
                    pyssl_side(&spec, v, Endpoint::Listener(l))
                })),
            )
        }
        Imp::Raw => {
            let Kind::RawServer(mode) = sc.kind else {
                unreachable!()
            };
            let (port, rx) = raw_server(mode);
            (port, Srv::Chan((rx, deadline)))
        }
    };
    let client_obs = match client {
        Imp::CPython => PeerProc::spawn(python, &with_role(&sc.client, "client", Some(port)))?
            .finish(deadline)?,
        Imp::Pyssl => {
            let spec = sc.client.clone();
            wait_for(
                bounded(deadline, move || pyssl_side(&spec, v, Endpoint::Port(port))),
                "pyssl client",
            )?
        }
        Imp::Raw => {
            let Kind::RawClient(mode) = sc.kind else {
                unreachable!()
            };
            wait_for(
                bounded(deadline, move || raw_client(port, mode)),
                "raw client",
            )?
        }
    };
    let server_obs = match srv {
        Srv::Proc(p) => p.finish(deadline)?,
        Srv::Chan(rx) => wait_for(rx, "server")?,
    };
    Ok((client_obs, server_obs))
}

/// A pairing's (client, server) observations, or why the run failed.
type RunResult = Result<(Value, Value), String>;

/// The pairings of a scenario; the first is the reference.
fn pairings(sc: &Scenario) -> Vec<(Imp, Imp)> {
    match sc.kind {
        Kind::Tls => vec![
            (Imp::CPython, Imp::CPython),
            (Imp::Pyssl, Imp::CPython),
            (Imp::CPython, Imp::Pyssl),
            (Imp::Pyssl, Imp::Pyssl),
        ],
        Kind::RawServer(_) => vec![(Imp::CPython, Imp::Raw), (Imp::Pyssl, Imp::Raw)],
        Kind::RawClient(_) => vec![(Imp::Raw, Imp::CPython), (Imp::Raw, Imp::Pyssl)],
    }
}

// ---------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 300 {
        format!("{}…", s.chars().take(300).collect::<String>())
    } else {
        s
    }
}

/// Field-by-field differences of `ours` against `reference`: (path, ours,
/// reference). Object key order counts too (it is `json.dumps`' order).
fn json_diff(path: &str, ours: &Value, reference: &Value, out: &mut Vec<(String, String, String)>) {
    match (ours, reference) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, bv) in b {
                let p = format!("{path}.{k}");
                match a.get(k) {
                    Some(av) => json_diff(&p, av, bv, out),
                    None => out.push((p, "<absent>".into(), short(bv))),
                }
            }
            for (k, av) in a {
                if !b.contains_key(k) {
                    out.push((format!("{path}.{k}"), short(av), "<absent>".into()));
                }
            }
            let ka: Vec<&String> = a.keys().collect();
            let kb: Vec<&String> = b.keys().collect();
            if a.len() == b.len() && a.keys().all(|k| b.contains_key(k)) && ka != kb {
                out.push((
                    format!("{path} (key order)"),
                    format!("{ka:?}"),
                    format!("{kb:?}"),
                ));
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            // Ops lists and conns: element by element, then what only one
            // side has. Other arrays (cipher, names) are compared whole.
            let structured = a.iter().chain(b.iter()).any(Value::is_object);
            if !structured {
                if a != b {
                    out.push((path.to_string(), short(ours), short(reference)));
                }
                return;
            }
            for (i, (x, y)) in a.iter().zip(b.iter()).enumerate() {
                json_diff(&format!("{path}[{i}]"), x, y, out);
            }
            for (i, x) in a.iter().enumerate().skip(b.len()) {
                out.push((format!("{path}[{i}]"), short(x), "<absent>".into()));
            }
            for (i, y) in b.iter().enumerate().skip(a.len()) {
                out.push((format!("{path}[{i}]"), "<absent>".into(), short(y)));
            }
        }
        _ => {
            if ours != reference {
                out.push((path.to_string(), short(ours), short(reference)));
            }
        }
    }
}

/// One difference found.
#[derive(Debug, Clone)]
struct Diff {
    scenario: &'static str,
    version: PythonVersion,
    /// e.g. "pyssl client (server: CPython)".
    who: String,
    path: String,
    ours: String,
    reference: String,
}

fn side_label(side: &str, me: Imp, peer: Imp) -> String {
    format!("{} {side} (peer: {})", me.name(), peer.name())
}

/// Compares one pairing's observations with the reference's. Every side
/// that is not a CPython↔CPython reference side is checked: pyssl sides,
/// the CPython peer of a pyssl side, and the raw peer.
fn compare_run(
    sc: &Scenario,
    v: PythonVersion,
    (client, server): (Imp, Imp),
    run: &(Value, Value),
    reference: &(Value, Value),
    diffs: &mut Vec<Diff>,
) {
    for (side, me, peer, ours, theirs) in [
        ("client", client, server, &run.0, &reference.0),
        ("server", server, client, &run.1, &reference.1),
    ] {
        let mut out = Vec::new();
        json_diff("", ours, theirs, &mut out);
        for (path, o, r) in out {
            diffs.push(Diff {
                scenario: sc.name,
                version: v,
                who: side_label(side, me, peer),
                path: path.trim_start_matches('.').to_string(),
                ours: o,
                reference: r,
            });
        }
    }
}

// ---------------------------------------------------------------------------
// The suite
// ---------------------------------------------------------------------------

/// The interpreter for `v`, checked to be that release and to link the
/// OpenSSL this crate links; `None` (with a note) otherwise.
fn interpreter(v: PythonVersion) -> Option<PathBuf> {
    let Some(py) = pyenv_python(v) else {
        eprintln!(
            "note: CPython {} not found in pyenv; handshake_diff for {v} skipped",
            v.observed_release()
        );
        return None;
    };
    let out = python_command(&py)
        .args([
            "-c",
            "import sys, ssl, json; print(json.dumps(['%d.%d' % sys.version_info[:2], ssl.OPENSSL_VERSION]))",
        ])
        .stdin(Stdio::null())
        .output();
    let info: Value = match out {
        Ok(o) if o.status.success() => serde_json::from_slice(&o.stdout).unwrap_or(Value::Null),
        _ => Value::Null,
    };
    if info[0] != json!(v.to_string()) {
        eprintln!(
            "note: {} is not CPython {v} ({info}); handshake_diff for {v} skipped",
            py.display()
        );
        return None;
    }
    let ours = openssl::version::version();
    if info[1] != json!(ours) {
        eprintln!(
            "note: {} links {} but pyssl links {ours}; handshake_diff for {v} skipped",
            py.display(),
            info[1]
        );
        return None;
    }
    Some(py)
}

struct Summary {
    scenarios: usize,
    runs: usize,
    compared_pairings: usize,
    diffs: Vec<Diff>,
    failures: Vec<String>,
    elapsed: Duration,
}

fn run_suite(v: PythonVersion, python: &Path) -> Summary {
    let start = Instant::now();
    let scs = scenarios();
    let jobs: Vec<(usize, usize)> = scs
        .iter()
        .enumerate()
        .flat_map(|(i, sc)| (0..pairings(sc).len()).map(move |j| (i, j)))
        .collect();
    let results: Mutex<Vec<Option<RunResult>>> = Mutex::new(vec![None; jobs.len()]);
    let next = AtomicUsize::new(0);
    thread::scope(|scope| {
        for _ in 0..WORKERS {
            scope.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::SeqCst);
                if k >= jobs.len() {
                    break;
                }
                let (i, j) = jobs[k];
                let (c, s) = pairings(&scs[i])[j];
                let r = run_pairing(&scs[i], c, s, v, python);
                results.lock().unwrap()[k] = Some(r);
            });
        }
    });
    let results = results.into_inner().unwrap();
    let mut diffs = Vec::new();
    let mut failures = Vec::new();
    let mut compared = 0;
    for (i, sc) in scs.iter().enumerate() {
        let pairs = pairings(sc);
        let runs: Vec<&RunResult> = jobs
            .iter()
            .zip(results.iter())
            .filter(|((a, _), _)| *a == i)
            .map(|(_, r)| r.as_ref().expect("every job ran"))
            .collect();
        let reference = match runs[0] {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("[{v}] {}: reference run failed: {e}", sc.name));
                continue;
            }
        };
        for (pair, run) in pairs.iter().zip(runs.iter()).skip(1) {
            match run {
                Ok(r) => {
                    compared += 1;
                    compare_run(sc, v, *pair, r, reference, &mut diffs);
                }
                Err(e) => failures.push(format!(
                    "[{v}] {} ({} client, {} server): run failed: {e}",
                    sc.name,
                    pair.0.name(),
                    pair.1.name()
                )),
            }
        }
        if std::env::var_os("HANDSHAKE_DIFF_DUMP").is_some() {
            eprintln!(
                "[{v}] {} reference:\n  client {}\n  server {}",
                sc.name, reference.0, reference.1
            );
        }
    }
    Summary {
        scenarios: scs.len(),
        runs: jobs.len(),
        compared_pairings: compared,
        diffs,
        failures,
        elapsed: start.elapsed(),
    }
}

fn report(v: PythonVersion, s: &Summary) -> String {
    let mut text = format!(
        "handshake_diff {v}: {} scenarios, {} runs ({} pairings compared with the CPython reference), {:.1} s; {} differences, {} failed runs\n",
        s.scenarios,
        s.runs,
        s.compared_pairings,
        s.elapsed.as_secs_f64(),
        s.diffs.len(),
        s.failures.len()
    );
    for f in &s.failures {
        text.push_str(&format!("  FAILED RUN {f}\n"));
    }
    for d in &s.diffs {
        text.push_str(&format!(
            "  [{}] {} | {} | {}: ours {} / reference {}\n",
            d.version, d.scenario, d.who, d.path, d.ours, d.reference
        ));
    }
    text
}

fn check_version(v: PythonVersion) {
    let Some(py) = interpreter(v) else {
        return;
    };
    let summary = run_suite(v, &py);
    let text = report(v, &summary);
    eprintln!("{text}");
    assert!(
        summary.diffs.is_empty() && summary.failures.is_empty(),
        "pyssl differs from CPython {v}:\n{text}"
    );
}

#[test]
fn handshakes_match_cpython_314() {
    check_version(PythonVersion::Py314);
}

#[test]
fn handshakes_match_cpython_313() {
    check_version(PythonVersion::Py313);
}

#[test]
fn handshakes_match_cpython_38() {
    check_version(PythonVersion::Py38);
}

//! Connection fidelity over memory BIOs: a port of oracle.py's section 6
//! ("live handshakes over MemoryBIO pairs": `Pair`, `conn_info`,
//! `session_info`, `mk_client`, `mk_server` and every scenario of `_bio()`)
//! and of the `wrap_bio …` / `MemoryBIO semantics` cases of its
//! `wrap_arguments` section. For each CPython 3.6 … 3.14 golden file, every
//! scenario is replayed with pyssl under that version and the result tree is
//! compared with CPython's field by field (`common::diff_tree`): exceptions
//! by class, message (minus ` (_ssl.c:N)`), library, reason, `args[0]` and
//! `verify_code`/`verify_message`; everything else exactly.
//!
//! Scenarios that need a feature pyssl lacks, and inputs that only Python can
//! express (a `str` where bytes go, an `int` host name…), are listed in
//! [`SKIPPED_SCENARIOS`] / [`PYTHON_ONLY_FIELDS`] and reported when the test
//! runs. Set `BIO_GOLDEN_DUMP=dir` to write pyssl's trees as JSON there.

mod common;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use common::{bytes_json, cpython_cert, diff_tree, exc_info_json, golden, TreeStats};
use pyssl::warnings::{take_warnings, Warning};
use pyssl::{
    create_unverified_context, Error, ErrorKind, MemoryBio, Protocol, PythonVersion, SslContext,
    SslObject, SslSession, TlsVersion, VerifyMode,
};
use serde_json::{json, Map, Value};

type R<T> = Result<T, Error>;

/// A change `fail()` makes to the client context (`extra`).
type Tweak<'a> = &'a dyn Fn(&SslContext) -> R<()>;

/// Whole scenarios with no Rust form yet, and why.
const SKIPPED_SCENARIOS: [(&str, &str); 2] = [
    (
        "_msg_callback",
        "SSLContext._msg_callback is not implemented",
    ),
    (
        "sni_callback_bad_return",
        "the Python callback returns a str; a Rust SniCallback cannot return one",
    ),
];

/// `wrap_arguments` cases whose input only Python can express.
const SKIPPED_WRAP_CASES: [(&str, &str); 4] = [
    // `wrap_bio` takes `&MemoryBio`: a `str` cannot be passed.
    (
        "wrap_bio non-BIO args",
        "Python-only input: wrap_bio(\"a\", \"b\")",
    ),
    // `server_hostname` is `Option<&str>`: no int.
    (
        "wrap_bio server_hostname=42",
        "Python-only input: server_hostname=42",
    ),
    // `server_hostname` is `Option<&str>`: no bytes (the str path is covered
    // by 'client ok' and 'example.org.').
    (
        "wrap_bio server_hostname bytes",
        "Python-only input: server_hostname=b'example.org'",
    ),
    // `session` is `Option<&SslSession>`: no str.
    ("wrap_bio session='x'", "Python-only input: session='x'"),
];

/// Golden sub-fields whose input only Python can express; they are left out
/// of our trees and counted as skipped.
const PYTHON_ONLY_FIELDS: [&str; 4] = [
    // tls13_ok / tls12_ok: `p.client.write("str")` — `write` takes `&[u8]`.
    "client write(str)",
    // sessions_*: `Pair(c, s, session="nope")` — `session` is `Option<&SslSession>`.
    "session wrong type",
    // context_setter: `p.client.context = 42` — `set_context` takes `&SslContext`.
    "set context to int",
    // MemoryBIO semantics: `MemoryBIO().write("x")` — `write` takes `&[u8]`.
    "write(str)",
];

const SIGNED_CERTFILE: &str = "keycert3.pem";
const SIGNED_CERTFILE2: &str = "keycert4.pem";
const SIGNING_CA: &str = "pycacert.pem";
const SELFSIGNED: &str = "keycert.pem";
const ALLSANS: &str = "allsans.pem";

// ---------------------------------------------------------------------------
// oracle.py's helpers
// ---------------------------------------------------------------------------

thread_local! {
    /// One frame per open `capture`: the warnings raised inside it.
    static WARNING_FRAMES: RefCell<Vec<Vec<Warning>>> = const { RefCell::new(Vec::new()) };
}

/// Moves the warnings pyssl recorded so far into the innermost `capture`.
fn flush_warnings() {
    let w = take_warnings();
    WARNING_FRAMES.with(|frames| {
        if let Some(top) = frames.borrow_mut().last_mut() {
            top.extend(w);
        }
    });
}

/// `capture(fn)`: `{"ok": value}` or `{"error": exc_info}`, plus the
/// warnings raised inside (nested captures keep their own, as
/// `warnings.catch_warnings(record=True)` does).
fn capture(f: impl FnOnce() -> R<Value>) -> Value {
    flush_warnings();
    WARNING_FRAMES.with(|frames| frames.borrow_mut().push(Vec::new()));
    let r = f();
    flush_warnings();
    let w = WARNING_FRAMES
        .with(|frames| frames.borrow_mut().pop())
        .unwrap_or_default();
    let mut out = match r {
        Ok(v) => json!({ "ok": v }),
        Err(e) => json!({ "error": exc_info_json(&e) }),
    };
    if !w.is_empty() {
        out["warnings"] = Value::Array(
            w.iter()
                .map(|x| json!({"category": x.category, "message": x.message}))
                .collect(),
        );
    }
    out
}

fn exc(e: &Error) -> Value {
    exc_info_json(e)
}

/// `jsonable(o.getpeercert())`: `None`, `{}` or the decoded dict.
fn peercert_json(c: pyssl::PeerCert) -> Value {
    c.to_json()
}

fn opt_bytes(b: Option<Vec<u8>>) -> Value {
    b.map_or(Value::Null, |b| bytes_json(&b))
}

/// `(o.getpeercert() or {}).get("subject")`.
fn peer_subject(o: &SslObject) -> R<Value> {
    Ok(match o.getpeercert()? {
        pyssl::PeerCert::Validated(c) => c.to_json().get("subject").cloned().unwrap_or(Value::Null),
        _ => Value::Null,
    })
}

/// `type(session).__name__`: `_ssl.Session` became `_ssl.SSLSession` in 3.10.
fn session_type(v: PythonVersion) -> &'static str {
    if v.at_least(10) {
        "SSLSession"
    } else {
        "Session"
    }
}

/// `session_info(s)`.
fn session_info(s: Option<&SslSession>, v: PythonVersion) -> Value {
    match s {
        None => Value::Null,
        Some(s) => json!({
            "type": session_type(v),
            "id_len": s.id().len(),
            "time_type": "int", // SslSession::time() is an i64
            "timeout": s.timeout(),
            "ticket_lifetime_hint": s.ticket_lifetime_hint(),
            "has_ticket": s.has_ticket(),
        }),
    }
}

/// A session the next step needs; a harness error when pyssl gave none
/// (CPython always did in these scenarios).
fn need(s: &Option<SslSession>) -> R<&SslSession> {
    s.as_ref()
        .ok_or_else(|| Error::value_error("(test harness) pyssl returned no session"))
}

/// oracle.py's `conn_info(o)`.
fn conn_info(o: &SslObject, v: PythonVersion) -> Value {
    let mut d = Map::new();
    d.insert("version".into(), capture(|| Ok(json!(o.version()))));
    d.insert("cipher".into(), capture(|| Ok(json!(o.cipher()))));
    d.insert(
        "shared_ciphers_len".into(),
        capture(|| Ok(json!(o.shared_ciphers().map(|s| s.len())))),
    );
    d.insert(
        "shared_ciphers_first3".into(),
        capture(|| {
            Ok(json!(o
                .shared_ciphers()
                .map(|s| s.into_iter().take(3).collect::<Vec<_>>())))
        }),
    );
    d.insert("compression".into(), capture(|| Ok(json!(o.compression()))));
    d.insert(
        "selected_alpn_protocol".into(),
        capture(|| Ok(json!(o.selected_alpn_protocol()))),
    );
    d.insert(
        "getpeercert".into(),
        capture(|| Ok(peercert_json(o.getpeercert()?))),
    );
    d.insert(
        "getpeercert(True)".into(),
        capture(|| Ok(opt_bytes(o.getpeercert_der()?))),
    );
    d.insert("pending".into(), capture(|| Ok(json!(o.pending()))));
    d.insert("server_side".into(), json!(o.server_side()));
    d.insert("server_hostname".into(), json!(o.server_hostname()));
    d.insert(
        "session_reused".into(),
        capture(|| Ok(json!(o.session_reused()))),
    );
    d.insert(
        "session".into(),
        capture(|| Ok(session_info(o.session().as_ref(), v))),
    );
    d.insert(
        "tls-unique_len".into(),
        capture(|| Ok(json!(o.get_channel_binding("tls-unique")?.map(|b| b.len())))),
    );
    d.insert(
        "get_channel_binding('bogus')".into(),
        capture(|| Ok(opt_bytes(o.get_channel_binding("bogus")?))),
    );
    // `if hasattr(o, "get_verified_chain")`: SSLObject has it from 3.13.
    if v.at_least(13) {
        d.insert(
            "get_verified_chain_len".into(),
            capture(|| Ok(json!(o.get_verified_chain().len()))),
        );
        d.insert(
            "get_unverified_chain_len".into(),
            capture(|| Ok(json!(o.get_unverified_chain().len()))),
        );
    }
    Value::Object(d)
}

/// oracle.py's `Pair`: a client and a server `SSLObject`, each over its own
/// two memory BIOs, the bytes moved by hand.
struct Pair {
    c_in: MemoryBio,
    c_out: MemoryBio,
    s_in: MemoryBio,
    s_out: MemoryBio,
    client: SslObject,
    server: SslObject,
}

impl Pair {
    fn new(
        cctx: &SslContext,
        sctx: &SslContext,
        server_hostname: Option<&str>,
        session: Option<&SslSession>,
    ) -> R<Pair> {
        let (c_in, c_out) = (MemoryBio::new()?, MemoryBio::new()?);
        let (s_in, s_out) = (MemoryBio::new()?, MemoryBio::new()?);
        let client = cctx.wrap_bio(&c_in, &c_out, false, server_hostname, session)?;
        let server = sctx.wrap_bio(&s_in, &s_out, true, None, None)?;
        Ok(Pair {
            c_in,
            c_out,
            s_in,
            s_out,
            client,
            server,
        })
    }

    fn flush(&self) -> R<usize> {
        let mut moved = 0;
        let d = self.c_out.read(None);
        if !d.is_empty() {
            self.s_in.write(&d)?;
            moved += d.len();
        }
        let d = self.s_out.read(None);
        if !d.is_empty() {
            self.c_in.write(&d)?;
            moved += d.len();
        }
        Ok(moved)
    }

    fn handshake(&mut self) -> R<Value> {
        let (mut c_done, mut s_done) = (false, false);
        let (mut c_err, mut s_err): (Option<Error>, Option<Error>) = (None, None);
        for _ in 0..30 {
            if !c_done && c_err.is_none() {
                match self.client.do_handshake() {
                    Ok(()) => c_done = true,
                    Err(e) if e.kind() == ErrorKind::WantRead => {}
                    Err(e) => c_err = Some(e),
                }
            }
            self.flush()?;
            if !s_done && s_err.is_none() {
                match self.server.do_handshake() {
                    Ok(()) => s_done = true,
                    Err(e) if e.kind() == ErrorKind::WantRead => {}
                    Err(e) => s_err = Some(e),
                }
            }
            let moved = self.flush()?;
            if (c_done || c_err.is_some()) && (s_done || s_err.is_some()) && moved == 0 {
                break;
            }
        }
        Ok(json!({
            "client_done": c_done,
            "server_done": s_done,
            "client_error": c_err.as_ref().map(exc),
            "server_error": s_err.as_ref().map(exc),
        }))
    }

    /// `send(src, dst, data)`; `from_client` picks the direction.
    fn send(&mut self, from_client: bool, data: &[u8]) -> R<Value> {
        let w = if from_client {
            self.client.write(data)
        } else {
            self.server.write(data)
        };
        if let Err(e) = w {
            self.flush()?;
            return Ok(json!({ "write_error": exc(&e) }));
        }
        self.flush()?;
        let r = if from_client {
            self.server.read(1024)
        } else {
            self.client.read(1024)
        };
        Ok(match r {
            Ok(b) => json!({ "ok": bytes_json(&b) }),
            Err(e) => json!({ "error": exc(&e) }),
        })
    }
}

/// The certificates, contexts and scenarios of one CPython release.
struct Oracle {
    v: PythonVersion,
}

impl Oracle {
    fn cert(&self, name: &str) -> PathBuf {
        cpython_cert(self.v, name)
    }

    /// `client_ctx()`: `SSLContext(PROTOCOL_TLS_CLIENT)` (3.6 has it too).
    fn client_ctx(&self) -> R<SslContext> {
        SslContext::with_version(Protocol::TlsClient, self.v)
    }

    /// `server_ctx()`.
    fn server_ctx(&self) -> R<SslContext> {
        SslContext::with_version(Protocol::TlsServer, self.v)
    }

    /// `mk_client(ca=True, hostname_check=True)`.
    fn mk_client_with(&self, ca: bool, hostname_check: bool) -> R<SslContext> {
        let c = self.client_ctx()?;
        if ca {
            c.load_verify_locations(Some(&self.cert(SIGNING_CA)), None, None)?;
        }
        if !hostname_check {
            c.set_check_hostname(false)?;
        }
        Ok(c)
    }

    fn mk_client(&self) -> R<SslContext> {
        self.mk_client_with(true, true)
    }

    /// `mk_server(certfile=SIGNED_CERTFILE)`.
    fn mk_server_with(&self, certfile: &str) -> R<SslContext> {
        let s = self.server_ctx()?;
        s.load_cert_chain(self.cert(certfile), None, None)?;
        Ok(s)
    }

    fn mk_server(&self) -> R<SslContext> {
        self.mk_server_with(SIGNED_CERTFILE)
    }

    // -- a) plain successful TLS handshake + data + close_notify ----------

    fn ok_case(&self, max_tls12: bool) -> R<Value> {
        let v = self.v;
        let c = self.mk_client()?;
        let s = self.mk_server()?;
        if max_tls12 {
            c.set_maximum_version(TlsVersion::TlsV1_2)?;
        }
        let mut p = Pair::new(&c, &s, Some("localhost"), None)?;
        let mut r = Map::new();
        r.insert("handshake".into(), p.handshake()?);
        r.insert("client".into(), conn_info(&p.client, v));
        r.insert("server".into(), conn_info(&p.server, v));
        r.insert("client->server 'ping'".into(), p.send(true, b"ping")?);
        r.insert("server->client 'pong'".into(), p.send(false, b"pong")?);
        r.insert(
            "client_session_after_data".into(),
            capture(|| Ok(session_info(p.client.session().as_ref(), v))),
        );
        r.insert(
            "client read, nothing pending".into(),
            capture(|| Ok(bytes_json(&p.client.read(10)?))),
        );
        r.insert(
            "client write(b'')".into(),
            capture(|| Ok(json!(p.client.write(b"")?))),
        );
        // "client write(str)": Python-only (PYTHON_ONLY_FIELDS).
        r.insert(
            "read(0)".into(),
            capture(|| Ok(bytes_json(&p.client.read(0)?))),
        );
        r.insert(
            "read(-1)".into(),
            capture(|| Ok(bytes_json(&p.client.read_size(-1)?))),
        );
        // pending(): write 10 bytes, read 3
        p.server.write(b"0123456789")?;
        p.flush()?;
        r.insert(
            "client read(3) of 10".into(),
            capture(|| Ok(bytes_json(&p.client.read(3)?))),
        );
        r.insert(
            "client pending() after".into(),
            capture(|| Ok(json!(p.client.pending()))),
        );
        r.insert(
            "client read rest".into(),
            capture(|| Ok(bytes_json(&p.client.read(100)?))),
        );
        // read into buffer
        p.server.write(b"abcdef")?;
        p.flush()?;
        let mut buf = [0u8; 4];
        r.insert(
            "client read(4, buffer)".into(),
            capture(|| Ok(json!(p.client.read_into(&mut buf)?))),
        );
        r.insert("buffer after".into(), bytes_json(&buf));
        r.insert(
            "client read rest 2".into(),
            capture(|| Ok(bytes_json(&p.client.read(100)?))),
        );
        // close_notify from client
        r.insert(
            "client unwrap() #1".into(),
            capture(|| p.client.unwrap().map(|()| Value::Null)),
        );
        p.flush()?;
        r.insert(
            "server read after client close_notify".into(),
            capture(|| Ok(bytes_json(&p.server.read(10)?))),
        );
        r.insert(
            "server read again".into(),
            capture(|| Ok(bytes_json(&p.server.read(10)?))),
        );
        r.insert(
            "server unwrap()".into(),
            capture(|| p.server.unwrap().map(|()| Value::Null)),
        );
        p.flush()?;
        r.insert(
            "client unwrap() #2".into(),
            capture(|| p.client.unwrap().map(|()| Value::Null)),
        );
        r.insert(
            "client read after full shutdown".into(),
            capture(|| Ok(bytes_json(&p.client.read(10)?))),
        );
        r.insert(
            "client write after full shutdown".into(),
            capture(|| Ok(json!(p.client.write(b"x")?))),
        );
        r.insert(
            "client version after shutdown".into(),
            capture(|| Ok(json!(p.client.version()))),
        );
        r.insert(
            "client cipher after shutdown".into(),
            capture(|| Ok(json!(p.client.cipher()))),
        );
        r.insert(
            "server write after full shutdown".into(),
            capture(|| Ok(json!(p.server.write(b"x")?))),
        );

        // peer writes application data after our close_notify
        let c2 = self.mk_client()?;
        if max_tls12 {
            c2.set_maximum_version(TlsVersion::TlsV1_2)?;
        }
        let mut p2 = Pair::new(&c2, &self.mk_server()?, Some("localhost"), None)?;
        p2.handshake()?;
        p2.send(false, b"t")?;
        let mut r2 = Map::new();
        r2.insert(
            "client unwrap() #1".into(),
            capture(|| p2.client.unwrap().map(|()| Value::Null)),
        );
        p2.flush()?;
        r2.insert(
            "server write after peer close_notify".into(),
            capture(|| Ok(json!(p2.server.write(b"x")?))),
        );
        p2.flush()?;
        r2.insert(
            "client unwrap() #2".into(),
            capture(|| p2.client.unwrap().map(|()| Value::Null)),
        );
        r.insert("app data after close_notify".into(), Value::Object(r2));
        Ok(Value::Object(r))
    }

    // -- b) ragged EOF -----------------------------------------------------

    fn ragged(&self, max_tls12: bool) -> R<Value> {
        let c = self.mk_client()?;
        let s = self.mk_server()?;
        if max_tls12 {
            c.set_maximum_version(TlsVersion::TlsV1_2)?;
        }
        let mut p = Pair::new(&c, &s, Some("localhost"), None)?;
        p.handshake()?;
        p.send(true, b"x")?;
        p.send(false, b"y")?;
        p.s_in.write_eof();
        let mut r = Map::new();
        r.insert(
            "server read after EOF".into(),
            capture(|| Ok(bytes_json(&p.server.read(10)?))),
        );
        r.insert(
            "server read after EOF again".into(),
            capture(|| Ok(bytes_json(&p.server.read(10)?))),
        );
        p.c_in.write_eof();
        r.insert(
            "client read after EOF".into(),
            capture(|| Ok(bytes_json(&p.client.read(10)?))),
        );
        Ok(Value::Object(r))
    }

    /// A first client `do_handshake()` whose `SSLWantReadError` is ignored.
    fn first_flight(&self) -> R<Pair> {
        let mut p = Pair::new(
            &self.mk_client()?,
            &self.mk_server()?,
            Some("localhost"),
            None,
        )?;
        match p.client.do_handshake() {
            Err(e) if e.kind() != ErrorKind::WantRead => Err(e),
            _ => Ok(p),
        }
    }

    fn eof_during_handshake(&self) -> R<Value> {
        let mut p = self.first_flight()?;
        p.c_in.write_eof();
        Ok(capture(|| p.client.do_handshake().map(|()| Value::Null)))
    }

    fn garbage_from_peer(&self) -> R<Value> {
        let mut p = self.first_flight()?;
        p.c_in.write(b"HTTP/1.1 400 Bad Request\r\n\r\n")?;
        Ok(capture(|| p.client.do_handshake().map(|()| Value::Null)))
    }

    fn want_read_str(&self) -> R<Value> {
        let mut p = Pair::new(
            &self.mk_client()?,
            &self.mk_server()?,
            Some("localhost"),
            None,
        )?;
        match p.client.do_handshake() {
            Err(e) if e.kind() == ErrorKind::WantRead => Ok(exc(&e)),
            Err(e) => Err(e),
            Ok(()) => Ok(json!("no error")),
        }
    }

    // -- c) verification failures -----------------------------------------

    fn fail(
        &self,
        server_hostname: &str,
        certfile: &str,
        ca: bool,
        extra: Option<Tweak<'_>>,
    ) -> R<Value> {
        let c = self.mk_client_with(ca, true)?;
        if let Some(f) = extra {
            f(&c)?;
        }
        let mut p = Pair::new(
            &c,
            &self.mk_server_with(certfile)?,
            Some(server_hostname),
            None,
        )?;
        p.handshake()
    }

    fn ip_ok(&self) -> R<Value> {
        let c = self.mk_client()?;
        let mut p = Pair::new(&c, &self.mk_server_with(ALLSANS)?, Some("127.0.0.1"), None)?;
        let mut r = p.handshake()?;
        r["client_peercert"] = capture(|| Ok(peercert_json(p.client.getpeercert()?)));
        Ok(r)
    }

    fn fakehostname(&self) -> R<Value> {
        let mut p = Pair::new(
            &self.mk_client()?,
            &self.mk_server_with(SIGNED_CERTFILE2)?,
            Some("fakehostname"),
            None,
        )?;
        p.handshake()
    }

    fn cn_only(&self, flag: Option<bool>) -> R<Value> {
        if !self.cert("nosan.pem").exists() {
            return Ok(json!("absent"));
        }
        let c = self.mk_client()?;
        if let Some(f) = flag {
            c.set_hostname_checks_common_name(f)?;
        }
        let mut p = Pair::new(&c, &self.mk_server_with("nosan.pem")?, Some("nosan"), None)?;
        p.handshake()
    }

    fn unverified_peercert(&self) -> R<Value> {
        let c = create_unverified_context(self.v)?;
        let mut p = Pair::new(&c, &self.mk_server()?, Some("localhost"), None)?;
        let mut r = p.handshake()?;
        r["client getpeercert()"] = capture(|| Ok(peercert_json(p.client.getpeercert()?)));
        r["client getpeercert(True) len"] = capture(|| match p.client.getpeercert_der()? {
            Some(d) => Ok(json!(d.len())),
            // len(None)
            None => Err(Error::type_error("object of type 'NoneType' has no len()")),
        });
        r["server getpeercert() (no client cert)"] =
            capture(|| Ok(peercert_json(p.server.getpeercert()?)));
        r["server getpeercert(True)"] = capture(|| Ok(opt_bytes(p.server.getpeercert_der()?)));
        Ok(r)
    }

    fn optional_peercert(&self) -> R<Value> {
        let c = self.mk_client_with(true, false)?;
        c.set_verify_mode(VerifyMode::CertOptional)?;
        let mut p = Pair::new(
            &c,
            &self.mk_server_with(SELFSIGNED)?,
            Some("localhost"),
            None,
        )?;
        p.handshake()
    }

    // -- d) protocol version handling -------------------------------------

    fn min_gt_max_hs(&self) -> R<Value> {
        let c = self.mk_client()?;
        c.set_minimum_version(TlsVersion::TlsV1_3)?;
        c.set_maximum_version(TlsVersion::TlsV1_2)?;
        Pair::new(&c, &self.mk_server()?, Some("localhost"), None)?.handshake()
    }

    fn version_mismatch(&self) -> R<Value> {
        let c = self.mk_client()?;
        c.set_maximum_version(TlsVersion::TlsV1_2)?;
        let s = self.mk_server()?;
        s.set_minimum_version(TlsVersion::TlsV1_3)?;
        Pair::new(&c, &s, Some("localhost"), None)?.handshake()
    }

    fn tls11(&self) -> R<Value> {
        let c = self.mk_client()?;
        c.set_minimum_version(TlsVersion::TlsV1_1)?;
        c.set_maximum_version(TlsVersion::TlsV1_1)?;
        let s = self.mk_server()?;
        s.set_minimum_version(TlsVersion::TlsV1_1)?;
        Pair::new(&c, &s, Some("localhost"), None)?.handshake()
    }

    // -- e) ALPN -----------------------------------------------------------

    fn alpn(&self, cl: Option<&[&str]>, sl: Option<&[&str]>) -> R<Value> {
        let c = self.mk_client()?;
        let s = self.mk_server()?;
        if let Some(l) = cl {
            c.set_alpn_protocols(l)?;
        }
        if let Some(l) = sl {
            s.set_alpn_protocols(l)?;
        }
        let mut p = Pair::new(&c, &s, Some("localhost"), None)?;
        let mut r = p.handshake()?;
        r["client_alpn"] = capture(|| Ok(json!(p.client.selected_alpn_protocol())));
        r["server_alpn"] = capture(|| Ok(json!(p.server.selected_alpn_protocol())));
        Ok(r)
    }

    // -- f) SNI callback ----------------------------------------------------

    /// oracle.py's `sni(cb_kind)`. The callback's first argument is the
    /// SSLObject in CPython; pyssl passes an `SniConnection`, recorded under
    /// CPython's type name. (`bad_return` returns a str: no Rust form.)
    fn sni(&self, kind: &'static str) -> R<Value> {
        let c = self.mk_client()?;
        let s = self.mk_server()?;
        let seen: Arc<Mutex<Vec<Value>>> = Arc::new(Mutex::new(Vec::new()));
        let seen2 = Arc::clone(&seen);
        let switch_to = if kind == "switch" {
            Some(self.mk_server_with(SIGNED_CERTFILE2)?)
        } else {
            None
        };
        s.set_sni_callback(Some(Arc::new(
            move |conn: &mut pyssl::SniConnection<'_>, name: Option<&str>, _ctx: &SslContext| {
                seen2
                    .lock()
                    .expect("lock")
                    .push(json!(["SSLObject", name, "SSLContext"]));
                match kind {
                    "alert" => Ok(Some(112)),
                    "raise" => Err(pyssl::Error::new(
                        pyssl::ErrorKind::Value,
                        vec![pyssl::Arg::Str("boom".into())],
                    )),
                    _ => {
                        if let Some(other) = &switch_to {
                            conn.set_context(other)?;
                        }
                        Ok(None)
                    }
                }
            },
        )))?;
        let host = if kind == "switch" {
            "fakehostname"
        } else {
            "localhost"
        };
        let mut p = Pair::new(&c, &s, Some(host), None)?;
        pyssl::warnings::take_unraisable();
        let mut r = p.handshake()?;
        r["callback_calls"] = json!(*seen.lock().expect("lock"));
        // oracle.py can only collect these through sys.unraisablehook (3.8+);
        // before, CPython printed them to stderr and the oracle saw [].
        let reported = pyssl::warnings::take_unraisable();
        let reported = if self.v.at_least(8) {
            reported
        } else {
            Vec::new()
        };
        let unraisable: Vec<Value> = reported
            .into_iter()
            // CPython's callback raised ZeroDivisionError("boom"); the Rust
            // callback returns an Error, whose class is recorded as such.
            .map(|(t, m)| {
                json!([
                    if kind == "raise" {
                        "ZeroDivisionError".to_string()
                    } else {
                        t
                    },
                    m
                ])
            })
            .collect();
        r["unraisable"] = json!(unraisable);
        Ok(r)
    }

    fn sni_no_hostname(&self) -> R<Value> {
        let c = self.mk_client_with(true, false)?;
        let s = self.mk_server()?;
        let seen: Arc<Mutex<Vec<Value>>> = Arc::new(Mutex::new(Vec::new()));
        let seen2 = Arc::clone(&seen);
        s.set_sni_callback(Some(Arc::new(
            move |_: &mut pyssl::SniConnection<'_>, name: Option<&str>, _: &SslContext| {
                seen2.lock().expect("lock").push(json!(name));
                Ok(None)
            },
        )))?;
        let mut p = Pair::new(&c, &s, None, None)?;
        let mut r = p.handshake()?;
        r["callback_names"] = json!(*seen.lock().expect("lock"));
        Ok(r)
    }

    // -- g) client certificates -------------------------------------------

    fn client_cert(&self, mode: VerifyMode, give_cert: bool) -> R<Value> {
        let c = self.mk_client()?;
        if give_cert {
            c.load_cert_chain(self.cert(SIGNED_CERTFILE), None, None)?;
        }
        let s = self.mk_server()?;
        s.set_verify_mode(mode)?;
        s.load_verify_locations(Some(&self.cert(SIGNING_CA)), None, None)?;
        let mut p = Pair::new(&c, &s, Some("localhost"), None)?;
        let mut r = Map::new();
        r.insert("handshake".into(), p.handshake()?);
        r.insert("client->server".into(), p.send(true, b"x")?);
        r.insert("server->client".into(), p.send(false, b"y")?);
        r.insert(
            "server getpeercert subject".into(),
            capture(|| peer_subject(&p.server)),
        );
        Ok(Value::Object(r))
    }

    fn pha(&self) -> R<Value> {
        let c = self.mk_client()?;
        c.load_cert_chain(self.cert(SIGNED_CERTFILE), None, None)?;
        c.set_post_handshake_auth(true);
        let s = self.mk_server()?;
        s.set_verify_mode(VerifyMode::CertRequired)?;
        s.load_verify_locations(Some(&self.cert(SIGNING_CA)), None, None)?;
        s.set_post_handshake_auth(true);
        let mut p = Pair::new(&c, &s, Some("localhost"), None)?;
        let mut r = Map::new();
        r.insert("handshake".into(), p.handshake()?);
        r.insert(
            "server getpeercert before".into(),
            capture(|| Ok(peercert_json(p.server.getpeercert()?))),
        );
        r.insert(
            "verify_client_post_handshake".into(),
            capture(|| {
                p.server
                    .verify_client_post_handshake()
                    .map(|()| Value::Null)
            }),
        );
        r.insert("server->client".into(), p.send(false, b"y")?);
        r.insert("client->server".into(), p.send(true, b"x")?);
        r.insert(
            "server getpeercert subject after".into(),
            capture(|| peer_subject(&p.server)),
        );
        r.insert(
            "client verify_client_post_handshake".into(),
            capture(|| {
                p.client
                    .verify_client_post_handshake()
                    .map(|()| Value::Null)
            }),
        );
        Ok(Value::Object(r))
    }

    fn pha_tls12(&self) -> R<Value> {
        let c = self.mk_client()?;
        c.set_maximum_version(TlsVersion::TlsV1_2)?;
        c.set_post_handshake_auth(true);
        let s = self.mk_server()?;
        let mut p = Pair::new(&c, &s, Some("localhost"), None)?;
        p.handshake()?;
        Ok(capture(|| {
            p.server
                .verify_client_post_handshake()
                .map(|()| Value::Null)
        }))
    }

    fn pha_not_enabled(&self) -> R<Value> {
        let mut p = Pair::new(
            &self.mk_client()?,
            &self.mk_server()?,
            Some("localhost"),
            None,
        )?;
        p.handshake()?;
        Ok(capture(|| {
            p.server
                .verify_client_post_handshake()
                .map(|()| Value::Null)
        }))
    }

    // -- h) sessions -------------------------------------------------------

    fn sessions(&self, max_tls12: bool) -> R<Value> {
        let v = self.v;
        let c = self.mk_client()?;
        if max_tls12 {
            c.set_maximum_version(TlsVersion::TlsV1_2)?;
        }
        let s = self.mk_server()?;
        let mut p = Pair::new(&c, &s, Some("localhost"), None)?;
        p.handshake()?;
        p.send(true, b"x")?;
        p.send(false, b"y")?;
        let sess = p.client.session();
        let stats = |x: &SslContext| serde_json::to_value(x.session_stats()).expect("json");
        let mut r = Map::new();
        r.insert("session".into(), session_info(sess.as_ref(), v));
        r.insert(
            "server_session".into(),
            capture(|| Ok(session_info(p.server.session().as_ref(), v))),
        );
        r.insert("session_stats_client".into(), stats(&c));
        r.insert("session_stats_server".into(), stats(&s));
        let mut p2 = Pair::new(&c, &s, Some("localhost"), sess.as_ref())?;
        r.insert("second_handshake".into(), p2.handshake()?);
        r.insert(
            "second_session_reused".into(),
            capture(|| Ok(json!(p2.client.session_reused()))),
        );
        r.insert(
            "server_session_reused".into(),
            capture(|| Ok(json!(p2.server.session_reused()))),
        );
        r.insert(
            "session_equal".into(),
            capture(|| Ok(json!(p2.client.session() == sess))),
        );
        r.insert("session_stats_server_after".into(), stats(&s));
        r.insert(
            "set session after handshake".into(),
            capture(|| {
                p2.client.set_session(need(&sess)?)?;
                Ok(Value::Null)
            }),
        );
        r.insert(
            "set session on server side".into(),
            capture(|| {
                let mut p3 = Pair::new(&c, &s, Some("localhost"), None)?;
                p3.server.set_session(need(&sess)?)?;
                Ok(Value::Null)
            }),
        );
        r.insert(
            "session from other context".into(),
            capture(|| {
                Pair::new(
                    &self.mk_client()?,
                    &s,
                    Some("localhost"),
                    Some(need(&sess)?),
                )?;
                Ok(Value::Null)
            }),
        );
        // "session wrong type": Python-only (PYTHON_ONLY_FIELDS).
        Ok(Value::Object(r))
    }

    // -- i) num_tickets ----------------------------------------------------

    fn tickets(&self, n: i64) -> R<Value> {
        let c = self.mk_client()?;
        let s = self.mk_server()?;
        s.set_num_tickets(n)?;
        let mut p = Pair::new(&c, &s, Some("localhost"), None)?;
        p.handshake()?;
        p.send(true, b"x")?;
        p.send(false, b"y")?;
        Ok(json!({
            "client_session": session_info(p.client.session().as_ref(), self.v),
            "session_stats_server": serde_json::to_value(s.session_stats()).expect("json"),
        }))
    }

    // -- j) context swap ---------------------------------------------------

    fn ctx_swap(&self) -> R<Value> {
        let c = self.mk_client()?;
        let mut p = Pair::new(&c, &self.mk_server()?, Some("localhost"), None)?;
        let c2 = self.mk_client()?;
        let mut r = Map::new();
        r.insert(
            "set context".into(),
            capture(|| p.client.set_context(&c2).map(|()| Value::Null)),
        );
        // `p.client.context is c2`: the same SSL_CTX.
        let same = p.client.context() == c2;
        r.insert("context is new".into(), json!(same));
        // "set context to int": Python-only (PYTHON_ONLY_FIELDS).
        Ok(Value::Object(r))
    }

    // -- k) cipher restriction leading to no shared cipher (TLS 1.2) --------

    fn no_shared_cipher(&self) -> R<Value> {
        let c = self.mk_client()?;
        c.set_maximum_version(TlsVersion::TlsV1_2)?;
        c.set_ciphers("ECDHE-RSA-AES128-GCM-SHA256")?;
        let s = self.mk_server()?;
        s.set_ciphers("ECDHE-RSA-AES256-GCM-SHA384")?;
        Pair::new(&c, &s, Some("localhost"), None)?.handshake()
    }

    fn ecc_cert(&self) -> R<Value> {
        if !self.cert("keycertecc.pem").exists() {
            return Ok(json!("absent"));
        }
        let mut p = Pair::new(
            &self.mk_client()?,
            &self.mk_server_with("keycertecc.pem")?,
            Some("localhost-ecc"),
            None,
        )?;
        let mut r = p.handshake()?;
        r["cipher"] = capture(|| Ok(json!(p.client.cipher())));
        Ok(r)
    }

    /// One `bio_handshakes` scenario, `capture`d; `None` if not ported.
    fn bio_scenario(&self, name: &str) -> Option<Value> {
        let no_check = |c: &SslContext| c.set_check_hostname(false);
        let h2 = ["h2", "http/1.1"];
        Some(match name {
            "tls13_ok" => capture(|| self.ok_case(false)),
            "tls12_ok" => capture(|| self.ok_case(true)),
            "ragged_eof_tls13" => capture(|| self.ragged(false)),
            "ragged_eof_tls12" => capture(|| self.ragged(true)),
            "eof_during_handshake" => capture(|| self.eof_during_handshake()),
            "garbage_from_server" => capture(|| self.garbage_from_peer()),
            "SSLWantReadError shape" => capture(|| self.want_read_str()),
            "hostname_mismatch" => {
                capture(|| self.fail("example.org", SIGNED_CERTFILE, true, None))
            }
            "ip_mismatch" => capture(|| self.fail("192.0.2.1", SIGNED_CERTFILE, true, None)),
            "ipv6_mismatch" => capture(|| self.fail("2001:db8::1", SIGNED_CERTFILE, true, None)),
            "unknown_ca" => capture(|| self.fail("localhost", SIGNED_CERTFILE, false, None)),
            "self_signed" => capture(|| self.fail("localhost", SELFSIGNED, true, None)),
            "self_signed_no_check" => {
                capture(|| self.fail("localhost", SELFSIGNED, true, Some(&no_check)))
            }
            "hostname_trailing_dot" => {
                capture(|| self.fail("localhost.", SIGNED_CERTFILE, true, None))
            }
            "hostname_uppercase" => capture(|| self.fail("LOCALHOST", SIGNED_CERTFILE, true, None)),
            "allsans_ip_127.0.0.1" => capture(|| self.ip_ok()),
            "fakehostname_ok" => capture(|| self.fakehostname()),
            "nosan_cn_default" => capture(|| self.cn_only(None)),
            "nosan_cn_checks_common_name=False" => capture(|| self.cn_only(Some(false))),
            "nosan_cn_checks_common_name=True" => capture(|| self.cn_only(Some(true))),
            "unverified_client_getpeercert" => capture(|| self.unverified_peercert()),
            "CERT_OPTIONAL_self_signed" => capture(|| self.optional_peercert()),
            "client_min_gt_max" => capture(|| self.min_gt_max_hs()),
            "client_max12_server_min13" => capture(|| self.version_mismatch()),
            "tls11_both" => capture(|| self.tls11()),
            "sni_callback_none" => capture(|| self.sni("none")),
            "sni_callback_alert" => capture(|| self.sni("alert")),
            "sni_callback_raise" => capture(|| self.sni("raise")),
            "sni_callback_switch_context" => capture(|| self.sni("switch")),
            "sni_callback_no_server_hostname" => capture(|| self.sni_no_hostname()),
            "alpn_match" => capture(|| self.alpn(Some(&h2), Some(&["foo", "http/1.1", "h2"]))),
            "alpn_no_overlap" => capture(|| self.alpn(Some(&["h2"]), Some(&["foo"]))),
            "alpn_client_only" => capture(|| self.alpn(Some(&["h2"]), None)),
            "alpn_server_only" => capture(|| self.alpn(None, Some(&["h2"]))),
            "client_cert_required_missing" => {
                capture(|| self.client_cert(VerifyMode::CertRequired, false))
            }
            "client_cert_required_given" => {
                capture(|| self.client_cert(VerifyMode::CertRequired, true))
            }
            "client_cert_optional_missing" => {
                capture(|| self.client_cert(VerifyMode::CertOptional, false))
            }
            "post_handshake_auth" => capture(|| self.pha()),
            "verify_client_post_handshake_on_tls12" => capture(|| self.pha_tls12()),
            "verify_client_post_handshake_not_enabled" => capture(|| self.pha_not_enabled()),
            "sessions_tls13" => capture(|| self.sessions(false)),
            "sessions_tls12" => capture(|| self.sessions(true)),
            "num_tickets_0" => capture(|| self.tickets(0)),
            "num_tickets_3" => capture(|| self.tickets(3)),
            "context_setter" => capture(|| self.ctx_swap()),
            "no_shared_cipher_tls12" => capture(|| self.no_shared_cipher()),
            "ecc_cert" => capture(|| self.ecc_cert()),
            _ => return None,
        })
    }

    // -- wrap_arguments: wrap_bio … and MemoryBIO semantics ----------------

    /// `bio(ctx_factory, **kw)` of `_wrap_args`.
    fn bio(&self, server_side: bool, server_hostname: Option<&str>) -> Value {
        capture(|| {
            let ctx = if server_side {
                self.server_ctx()?
            } else {
                self.client_ctx()?
            };
            let (i, o) = (MemoryBio::new()?, MemoryBio::new()?);
            let mut obj = ctx.wrap_bio(&i, &o, server_side, server_hostname, None)?;
            let mut d = Map::new();
            d.insert("type".into(), json!("SSLObject"));
            d.insert("server_side".into(), json!(obj.server_side()));
            d.insert("server_hostname".into(), json!(obj.server_hostname()));
            d.insert("cipher".into(), json!(obj.cipher()));
            d.insert("version".into(), json!(obj.version()));
            d.insert("pending".into(), json!(obj.pending()));
            d.insert(
                "getpeercert".into(),
                capture(|| Ok(peercert_json(obj.getpeercert()?))),
            );
            // jsonable(o.session): None, or the object's repr.
            d.insert(
                "session".into(),
                obj.session()
                    .map_or(Value::Null, |s| json!(format!("<session {s:?}>"))),
            );
            d.insert(
                "session_reused".into(),
                capture(|| Ok(json!(obj.session_reused()))),
            );
            d.insert(
                "shared_ciphers".into(),
                capture(|| Ok(json!(obj.shared_ciphers()))),
            );
            d.insert(
                "get_channel_binding".into(),
                capture(|| Ok(opt_bytes(obj.get_channel_binding("tls-unique")?))),
            );
            d.insert(
                "get_channel_binding('tls-server-end-point')".into(),
                capture(|| Ok(opt_bytes(obj.get_channel_binding("tls-server-end-point")?))),
            );
            d.insert(
                "do_handshake".into(),
                capture(|| obj.do_handshake().map(|()| Value::Null)),
            );
            d.insert("read".into(), capture(|| Ok(bytes_json(&obj.read(10)?))));
            d.insert("write".into(), capture(|| Ok(json!(obj.write(b"x")?))));
            Ok(Value::Object(d))
        })
    }

    fn memorybio(&self) -> Value {
        capture(|| {
            let b = MemoryBio::new()?;
            let mut r = Map::new();
            r.insert("pending0".into(), json!(b.pending()));
            r.insert("eof0".into(), json!(b.eof()));
            r.insert("write".into(), json!(b.write(b"abc")?));
            r.insert("pending1".into(), json!(b.pending()));
            r.insert("read(2)".into(), bytes_json(&b.read(Some(2))));
            r.insert("read()".into(), bytes_json(&b.read(None)));
            r.insert("read_empty".into(), bytes_json(&b.read(None)));
            b.write_eof();
            r.insert("eof_after_write_eof".into(), json!(b.eof()));
            r.insert(
                "write_after_eof".into(),
                capture(|| Ok(json!(b.write(b"x")?))),
            );
            // "write(str)": Python-only (PYTHON_ONLY_FIELDS).
            Ok(Value::Object(r))
        })
    }

    /// One `wrap_bio …` / `MemoryBIO semantics` case; `None` if not ported.
    fn wrap_case(&self, name: &str) -> Option<Value> {
        Some(match name {
            "wrap_bio client ok" => self.bio(false, Some("localhost")),
            "wrap_bio client no hostname" => self.bio(false, None),
            "wrap_bio server_side with hostname" => self.bio(true, Some("x")),
            "wrap_bio server_hostname IDN" => self.bio(false, Some("\u{e9}xample.org")),
            "wrap_bio server_hostname=''" => self.bio(false, Some("")),
            "wrap_bio server_hostname='.example.org'" => self.bio(false, Some(".example.org")),
            "wrap_bio server_hostname='a\\x00b'" => self.bio(false, Some("a\0b")),
            "wrap_bio server_hostname='example.org.'" => self.bio(false, Some("example.org.")),
            "MemoryBIO semantics" => self.memorybio(),
            _ => return None,
        })
    }
}

/// Why a golden scenario is not replayed, if it is not.
fn skip_reason(name: &str, v: PythonVersion, want: &Value) -> Option<String> {
    if let Some((_, why)) = SKIPPED_SCENARIOS
        .iter()
        .chain(SKIPPED_WRAP_CASES.iter())
        .find(|(n, _)| *n == name)
    {
        return Some(why.to_string());
    }
    // 3.6 has no ssl.TLSVersion: the oracle's own code failed before doing
    // anything (pyssl's Rust enum exists for every version).
    if v == PythonVersion::Py36
        && want["error"]["str"] == "module 'ssl' has no attribute 'TLSVersion'"
    {
        return Some("3.6: oracle.py itself failed (no ssl.TLSVersion)".to_string());
    }
    None
}

thread_local! {
    /// Where the last panic inside `run_case` happened.
    static PANIC_AT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs one case, turning a pyssl panic into a reported difference (with
/// its location, and without the default hook's backtrace noise).
fn run_case(f: impl FnOnce() -> Option<Value>) -> Result<Option<Value>, String> {
    let _ = take_warnings();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        let at = info.location().map(|l| l.to_string());
        PANIC_AT.with(|p| *p.borrow_mut() = at);
    }));
    let r = catch_unwind(AssertUnwindSafe(f));
    std::panic::set_hook(previous);
    r.map_err(|p| {
        let msg = p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panic".to_string());
        let at = PANIC_AT.with(|p| p.borrow_mut().take()).unwrap_or_default();
        format!("{msg} (at {at})")
    })
}

#[test]
fn bio_handshakes_match_cpython() {
    let started = std::time::Instant::now();
    let dump = std::env::var_os("BIO_GOLDEN_DUMP").map(PathBuf::from);
    let mut problems: Vec<String> = Vec::new();
    let mut skipped: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    let mut skipped_fields: BTreeMap<String, usize> = BTreeMap::new();
    let mut summary = Vec::new();
    let mut total_compared = 0;
    for &v in common::releases() {
        let g = golden(v);
        let o = Oracle { v };
        let mut stats = TreeStats::default();
        let mut ours_all = Map::new();
        let (mut scenarios, mut n_skipped, mut diffs_before) = (0, 0, problems.len());
        let mut cases: Vec<(&str, &String, &Value)> = Vec::new();
        for (name, want) in g["bio_handshakes"].as_object().expect("bio_handshakes") {
            cases.push(("bio_handshakes", name, want));
        }
        for (name, want) in g["wrap_arguments"].as_object().expect("wrap_arguments") {
            if name.starts_with("wrap_bio") || name == "MemoryBIO semantics" {
                cases.push(("wrap_arguments", name, want));
            }
        }
        for (section, name, want) in cases {
            if let Some(why) = skip_reason(name, v, want) {
                skipped
                    .entry((name.clone(), why))
                    .or_default()
                    .push(v.to_string());
                n_skipped += 1;
                continue;
            }
            let ran = run_case(|| {
                if section == "bio_handshakes" {
                    o.bio_scenario(name)
                } else {
                    o.wrap_case(name)
                }
            });
            let ours = match ran {
                Ok(Some(x)) => x,
                Ok(None) => {
                    problems.push(format!("{v} {name}: no port of this oracle case"));
                    continue;
                }
                Err(msg) => {
                    problems.push(format!("{v} {name}: pyssl panicked: {msg}"));
                    continue;
                }
            };
            scenarios += 1;
            problems.extend(diff_tree(
                &format!("{v} {name}"),
                &ours,
                want,
                &PYTHON_ONLY_FIELDS,
                &mut stats,
            ));
            ours_all.insert(name.clone(), ours);
        }
        for f in &stats.skipped {
            let key = f.rsplit(" / ").next().unwrap_or(f).to_string();
            *skipped_fields.entry(key).or_default() += 1;
        }
        diffs_before = problems.len() - diffs_before;
        summary.push(format!(
            "{v}: {scenarios} cases compared ({} fields), {n_skipped} cases skipped, {} Python-only fields skipped, {diffs_before} differences",
            stats.compared,
            stats.skipped.len()
        ));
        total_compared += stats.compared;
        if let Some(dir) = &dump {
            let _ = std::fs::create_dir_all(dir);
            let _ = std::fs::write(
                dir.join(format!("bio-{v}.json")),
                serde_json::to_string_pretty(&Value::Object(ours_all)).expect("json"),
            );
        }
    }
    eprintln!("bio_golden: per version");
    for s in &summary {
        eprintln!("  {s}");
    }
    eprintln!(
        "bio_golden: skipped cases ({}):",
        skipped.values().map(Vec::len).sum::<usize>()
    );
    for ((name, why), versions) in &skipped {
        eprintln!("  {name} [{}]: {why}", versions.join(" "));
    }
    eprintln!("bio_golden: skipped Python-only fields:");
    for (name, n) in &skipped_fields {
        eprintln!("  {name}: {n}×");
    }
    eprintln!("bio_golden: {:.1?}", started.elapsed());
    if !problems.is_empty() {
        eprintln!("bio_golden: {} differences:", problems.len());
        for p in &problems {
            eprintln!("  {p}");
        }
    }
    assert!(
        total_compared > common::floor_releases(8) * 400,
        "compared only {total_compared} fields"
    );
    assert!(
        problems.is_empty(),
        "{} differences with CPython (listed above)",
        problems.len()
    );
}

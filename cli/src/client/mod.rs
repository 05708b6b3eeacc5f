//! `pyssl-client`: one connection (or a load run of many) made the way
//! CPython's `ssl` makes it, reported as the command-line contract says.
//!
//! The binary turns its flags once into a plain [`ClientConfig`]; [`run`]
//! does the rest: build the context ([`build_context`]), connect
//! (`socket.create_connection`), `wrap_socket(sock, server_hostname=…)`,
//! send the request, read the reply to EOF, print.

use std::io::{self, Write};
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::{build_context, print_json, ContextSpec, Side};
use pyssl::context::SslContext;
use pyssl::error::{Error, ErrorKind, Result};
use pyssl::profile::PythonVersion;
use pyssl::session::SslSession;
use pyssl::socket::{SslSocket, WrapOptions};
use pyssl::warnings::take_warnings;

mod connect;
mod load;
mod messages;
mod session_file;

use connect::*;
use load::*;
use messages::*;
use session_file::*;

/// The most a `--json` run (and each load-mode connection) reads of the reply.
pub const JSON_READ_LIMIT: u64 = 1 << 20;

/// The port used when the target names none.
pub const DEFAULT_PORT: u16 = 443;

/// The most connections a load run keeps open at a time.
pub const MAX_CONCURRENCY: usize = 4096;

/// Where to connect: the positional `HOST[:PORT]`, `[::1]:PORT` or
/// `https://HOST[:PORT]/PATH`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The host as given, without brackets (`::1`, `localhost`, `example.org`).
    pub host: String,
    /// The TCP port (443 unless given).
    pub port: u16,
    /// The path of an `https://` URL (with its query), if one was given.
    pub path: Option<String>,
}

impl Target {
    /// True when the host is an IPv6 address literal.
    pub fn is_ipv6(&self) -> bool {
        self.host.parse::<std::net::Ipv6Addr>().is_ok()
    }

    /// `HOST:PORT`, with IPv6 addresses in brackets.
    pub fn display(&self) -> String {
        format!("{}:{}", self.host_for_url(), self.port)
    }

    fn host_for_url(&self) -> String {
        if self.is_ipv6() {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        }
    }

    /// The `Host` header value: the host, and the port when it is not 443.
    pub fn host_header(&self) -> String {
        if self.port == DEFAULT_PORT {
            self.host_for_url()
        } else {
            self.display()
        }
    }
}

/// Parses the positional target. Errors are `ValueError`s that say what is
/// wrong with the text.
pub fn parse_target(text: &str) -> Result<Target> {
    let bad = |why: &str| Error::value_error(format!("invalid target {text:?}: {why}"));
    let (authority, path) = match text.split_once("://") {
        Some((scheme, rest)) => {
            if scheme.eq_ignore_ascii_case("http") {
                return Err(bad("http:// is plain text, not TLS; use https://"));
            }
            if !scheme.eq_ignore_ascii_case("https") {
                return Err(bad("only https:// URLs are understood"));
            }
            let rest = rest.split('#').next().unwrap_or_default();
            let end = rest.find(['/', '?']).unwrap_or(rest.len());
            let (auth, path) = rest.split_at(end);
            let path = match path {
                "" => "/".to_string(),
                p if p.starts_with('?') => format!("/{p}"),
                p => p.to_string(),
            };
            (auth, Some(path))
        }
        None => (text, None),
    };
    if authority.contains('@') {
        return Err(bad("user names in URLs are not supported"));
    }
    let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
        let Some((addr, after)) = inner.split_once(']') else {
            return Err(bad("missing ']' after the IPv6 address"));
        };
        if addr.parse::<std::net::Ipv6Addr>().is_err() {
            return Err(bad("not an IPv6 address between '[' and ']'"));
        }
        let port = match after {
            "" => None,
            p => match p.strip_prefix(':') {
                Some(p) => Some(p),
                None => return Err(bad("expected ':PORT' after ']'")),
            },
        };
        (addr.to_string(), port)
    } else if authority.matches(':').count() > 1 {
        if authority.parse::<std::net::Ipv6Addr>().is_err() {
            return Err(bad("write IPv6 addresses as [ADDRESS]:PORT"));
        }
        (authority.to_string(), None)
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (authority.to_string(), None),
        }
    };
    if host.is_empty() {
        return Err(bad("no host name"));
    }
    let port = match port {
        None => DEFAULT_PORT,
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 => n,
            _ => return Err(bad("the port must be a number from 1 to 65535")),
        },
    };
    Ok(Target { host, port, path })
}

/// `GET PATH HTTP/1.1` with `Host` and `Connection: close`.
pub fn get_request(target: &Target, path: &str) -> Vec<u8> {
    let path = if path.is_empty() { "/" } else { path };
    format!(
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        target.host_header()
    )
    .into_bytes()
}

/// What to do with the connection once the handshake is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Send the request; write the reply to stdout byte for byte (or, with
    /// `--json`, read at most 1 MiB of it and print the JSON object).
    Fetch,
    /// `--sink`: send the request, read the reply to EOF, report its size
    /// and rate.
    Sink,
    /// `--show-cert`: print `getpeercert()` as JSON; no request.
    ShowCert,
    /// `--upload N`: send N bytes instead of a request, then close_notify;
    /// report the size and rate.
    Upload(u64),
}

/// `--repeat N --concurrency C [--reuse] [--duration S]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadConfig {
    /// At most this many connections (`None`: bounded by `duration` only).
    pub repeat: Option<u64>,
    /// Connections at a time.
    pub concurrency: usize,
    /// Each worker resumes the session of its previous connection.
    pub reuse: bool,
    /// Stop starting connections after this long.
    pub duration: Option<Duration>,
}

/// Everything `pyssl-client` was asked for, parsed and checked.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// The context flags.
    pub spec: ContextSpec,
    /// Where to connect.
    pub target: Target,
    /// `server_hostname=` (SNI and the name checked): `--server-hostname`
    /// or the target's host.
    pub server_hostname: String,
    /// The bytes sent after the handshake.
    pub request: Vec<u8>,
    /// What to do after the handshake.
    pub mode: Mode,
    /// `--json`.
    pub json: bool,
    /// `--timeout`: for the TCP connect and for each TLS operation.
    pub timeout: Duration,
    /// `--keylog FILE`: `keylog_filename = FILE`.
    pub keylog: Option<PathBuf>,
    /// `--session-file FILE`: resume the session saved there, save the new one.
    pub session_file: Option<PathBuf>,
    /// Load mode, when asked for.
    pub load: Option<LoadConfig>,
}

/// Where in the connection something failed (for the human message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Flags, files, the context.
    Setup,
    /// Looking up the host's addresses.
    Resolve,
    /// The TCP connect.
    Connect,
    /// The TLS handshake.
    Handshake,
    /// Sending the request.
    Send,
    /// Reading the reply.
    Receive,
    /// Writing our own output (stdout, the session file).
    Output,
}

impl Stage {
    fn during(self) -> &'static str {
        match self {
            Stage::Setup => "while setting up",
            Stage::Resolve => "while looking up the host",
            Stage::Connect => "while connecting",
            Stage::Handshake => "during the TLS handshake",
            Stage::Send => "while sending the request",
            Stage::Receive => "while reading the reply",
            Stage::Output => "while writing the output",
        }
    }
}

/// A failure: the contract's error object and a one-line human message.
#[derive(Debug, Clone)]
pub struct Failure {
    /// `{"type", "library", "reason", "verify_code", "verify_message", "message"}`.
    pub error: Value,
    /// One line for a person.
    pub human: String,
    /// Where it happened.
    pub stage: Stage,
}

impl Failure {
    fn from_error(e: &Error, stage: Stage, info: &Info<'_>) -> Failure {
        let error = e.to_json();
        let human = human_message(&error, stage, info);
        Failure {
            error,
            human,
            stage,
        }
    }

    fn from_json(error: Value, stage: Stage, info: &Info<'_>) -> Failure {
        let human = human_message(&error, stage, info);
        Failure {
            error,
            human,
            stage,
        }
    }

    /// Prints the failure: the human line on stderr, and the `{"error": …}`
    /// object on stdout (`json_to_stdout`) or, compact, on stderr.
    pub fn report(&self, json_to_stdout: bool) {
        eprintln!("error: {}", one_line(&self.human));
        let obj = json!({ "error": self.error });
        if json_to_stdout {
            print_json(&obj);
        } else {
            eprintln!("{obj}");
        }
    }
}

/// What the human messages may mention.
struct Info<'a> {
    target: &'a Target,
    server_hostname: &'a str,
    timeout: Duration,
}

impl<'a> Info<'a> {
    fn of(cfg: &'a ClientConfig) -> Info<'a> {
        Info {
            target: &cfg.target,
            server_hostname: &cfg.server_hostname,
            timeout: cfg.timeout,
        }
    }
}

fn one_line(s: &str) -> String {
    s.split(['\n', '\r'])
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn error_object(ty: &str, message: String) -> Value {
    json!({
        "type": ty,
        "library": null,
        "reason": null,
        "verify_code": null,
        "verify_message": null,
        "message": message,
    })
}

/// Prints a failure that happened before any connection (bad flags) and
/// gives the exit status.
pub fn report_setup_error(e: &Error, json_to_stdout: bool) -> ExitCode {
    let error = e.to_json();
    let human = match (e.python_type(), e.filename()) {
        (_, Some(_)) => format!("{} ({})", e.message(), e.python_type()),
        ("ValueError", None) => e.message(),
        (ty, None) => format!("{} ({ty})", e.message()),
    };
    Failure {
        error,
        human,
        stage: Stage::Setup,
    }
    .report(json_to_stdout);
    ExitCode::from(1)
}

// ---------------------------------------------------------------------------
// One connection

/// What the handshake gave (the `--json` fields filled "as soon as the
/// handshake returned").
#[derive(Debug, Clone)]
struct Handshake {
    version: Option<String>,
    cipher: Option<(String, String, i32)>,
    alpn: Option<String>,
    session_reused: Option<bool>,
    /// `getpeercert()` as JSON: decoded only when the output shows it
    /// (`--json`, `--show-cert`), `Null` otherwise (the load mode, plain
    /// fetches): decoding the certificate and building its JSON cost a
    /// load client about as much CPU as the rest of its handshake.
    peer_cert: Value,
}

impl Handshake {
    fn of(s: &SslSocket, with_cert: bool) -> std::result::Result<Handshake, Error> {
        let peer_cert = if with_cert {
            s.getpeercert()?.to_json()
        } else {
            Value::Null
        };
        Ok(Handshake {
            version: s.version(),
            cipher: s.cipher(),
            alpn: s.selected_alpn_protocol(),
            session_reused: s.session_reused(),
            peer_cert,
        })
    }
}

/// Where the reply goes.
enum Body<'a> {
    /// Nowhere (counted), at most this many bytes.
    Discard(Option<u64>),
    /// Byte for byte into a writer (stdout).
    Stream(&'a mut dyn Write),
    /// No request, no reply (`--show-cert`).
    Skip,
    /// No request: send this many bytes, then close_notify (`--upload`).
    Upload(u64),
}

/// One connection's result.
struct Outcome {
    handshake: Option<Handshake>,
    bytes: u64,
    read_time: Duration,
    session: Option<SslSession>,
    error: Option<Failure>,
}

/// Connect, handshake, send, read: one connection as the contract says.
fn converse(
    ctx: &SslContext,
    cfg: &ClientConfig,
    resolved: Option<&[SocketAddr]>,
    session: Option<SslSession>,
    body: Body<'_>,
) -> Outcome {
    let v = ctx.python_version();
    let info = Info::of(cfg);
    let mut out = Outcome {
        handshake: None,
        bytes: 0,
        read_time: Duration::ZERO,
        session: None,
        error: None,
    };
    let tcp = match connect(cfg, v, resolved) {
        Ok(s) => s,
        Err(f) => {
            out.error = Some(f);
            return out;
        }
    };
    let fail = |e: &Error, stage| Some(Failure::from_error(e, stage, &info));
    // wrap_socket(sock, server_hostname=…) on a socket whose timeout is
    // --timeout: the handshake, and every read and write, are bounded.
    let mut opts = WrapOptions::new()
        .server_hostname(cfg.server_hostname.clone())
        .do_handshake_on_connect(false);
    if let Some(s) = session {
        opts = opts.session(s);
    }
    let mut sock = match ctx.wrap_socket(tcp, opts) {
        Ok(s) => s,
        Err(e) => {
            out.error = fail(&e, Stage::Handshake);
            return out;
        }
    };
    if let Err(e) = sock
        .settimeout(Some(cfg.timeout))
        .and_then(|()| sock.do_handshake())
    {
        sock.close();
        out.error = fail(&e, Stage::Handshake);
        return out;
    }
    let with_cert = cfg.load.is_none() && (cfg.json || cfg.mode == Mode::ShowCert);
    match Handshake::of(&sock, with_cert) {
        Ok(h) => {
            log::info!(
                "{} {} with {}, ALPN {}, session {}",
                h.version.as_deref().unwrap_or("?"),
                h.cipher.as_ref().map_or("?", |c| c.0.as_str()),
                cfg.target.display(),
                h.alpn.as_deref().unwrap_or("none"),
                if h.session_reused == Some(true) {
                    "resumed"
                } else {
                    "new"
                },
            );
            out.handshake = Some(h);
        }
        Err(e) => {
            out.error = fail(&e, Stage::Handshake);
            return out;
        }
    }
    let mut clean_eof = false;
    match body {
        Body::Skip => {}
        Body::Upload(n) => {
            let start = Instant::now();
            match upload(&mut sock, n) {
                Ok(()) => {
                    out.bytes = n;
                    clean_eof = true;
                }
                Err(e) => out.error = fail(&e, Stage::Send),
            }
            out.read_time = start.elapsed();
        }
        body => {
            // The reply is read to its end and the socket is never handed
            // back for plain text: let OpenSSL read what the socket has in
            // one read() (not a record header and then its body).
            sock.set_read_ahead(true);
            if let Err(e) = sock.sendall(&cfg.request) {
                out.error = fail(&e, Stage::Send);
                out.session = sock.session();
                return out;
            }
            let start = Instant::now();
            let r = read_reply(&mut sock, body, &mut out.bytes);
            out.read_time = start.elapsed();
            match r {
                Ok(eof) => clean_eof = eof,
                Err(ReadError::Tls(e)) => out.error = fail(&e, Stage::Receive),
                Err(ReadError::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => {}
                Err(ReadError::Output(e)) => {
                    let mut err = socket_error_json(&e, v);
                    err["message"] = json!(format!("cannot write the reply to stdout: {e}"));
                    out.error = Some(Failure::from_json(err, Stage::Output, &info));
                }
            }
        }
    }
    // For TLS 1.3 the ticket arrives with the first read: take the session
    // now, then say goodbye (close_notify) if the server did.
    out.session = sock.session();
    if clean_eof {
        let _ = sock.settimeout(Some(cfg.timeout.min(Duration::from_secs(1))));
        let _ = sock.unwrap();
    }
    sock.close();
    out
}

/// Sends `n` bytes of a fixed pattern with `sendall`, the socket corked
/// meanwhile: OpenSSL writes one 16 KiB record per `write`, and corked the
/// kernel sends them as full-size segments.
fn upload(sock: &mut SslSocket, n: u64) -> Result<()> {
    const CHUNK: usize = 256 * 1024;
    let data = super::pattern(CHUNK);
    let cork = |sock: &SslSocket, on: bool| sock.get_ref().map(|s| super::set_cork(s, on));
    cork(sock, true);
    let mut left = n;
    let mut r = Ok(());
    while left > 0 {
        let k = usize::try_from(left).unwrap_or(CHUNK).min(CHUNK);
        if let Err(e) = sock.sendall(&data[..k]) {
            r = Err(e);
            break;
        }
        left -= k as u64;
    }
    cork(sock, false);
    r
}

enum ReadError {
    Tls(Error),
    Output(io::Error),
}

/// Reads the reply into `body`; `Ok(true)` at EOF, `Ok(false)` when the
/// limit or the reader stopped first.
fn read_reply(
    sock: &mut SslSocket,
    body: Body<'_>,
    count: &mut u64,
) -> std::result::Result<bool, ReadError> {
    let mut buf = vec![0u8; 64 * 1024];
    let (limit, mut sink): (Option<u64>, Option<&mut dyn Write>) = match body {
        Body::Discard(limit) => (limit, None),
        Body::Stream(w) => (None, Some(w)),
        Body::Skip | Body::Upload(_) => return Ok(false),
    };
    loop {
        let want = match limit {
            Some(l) if *count >= l => return Ok(false),
            Some(l) => buf
                .len()
                .min(usize::try_from(l - *count).unwrap_or(usize::MAX)),
            None => buf.len(),
        };
        let n = sock.read_into(&mut buf[..want]).map_err(ReadError::Tls)?;
        if n == 0 {
            if let Some(w) = sink.as_mut() {
                w.flush().map_err(ReadError::Output)?;
            }
            return Ok(true);
        }
        *count += n as u64;
        if let Some(w) = sink.as_mut() {
            w.write_all(&buf[..n]).map_err(ReadError::Output)?;
        }
    }
}

// ---------------------------------------------------------------------------
// Entry point

/// The context of the flags, with `--keylog` applied; CPython's warnings
/// are logged (debug) and dropped.
fn make_context(cfg: &ClientConfig) -> Result<SslContext> {
    take_warnings();
    let ctx = build_context(&cfg.spec, Side::Client)?;
    if let Some(path) = &cfg.keylog {
        if ctx.python_version() == PythonVersion::Py37 {
            log::warn!("--keylog: CPython 3.7 has no keylog_filename; no key log is written");
        }
        ctx.set_keylog_filename(Some(path))?;
    }
    for w in take_warnings() {
        log::debug!("{}: {}", w.category, w.message);
    }
    Ok(ctx)
}

fn connection_json(h: Option<&Handshake>, error: Option<&Failure>) -> Value {
    json!({
        "ok": error.is_none(),
        "version": h.and_then(|h| h.version.clone()),
        "cipher": h.and_then(|h| h.cipher.as_ref()).map(|(n, p, b)| json!([n, p, b])),
        "alpn": h.and_then(|h| h.alpn.clone()),
        "session_reused": h.and_then(|h| h.session_reused),
        "peer_cert": h.map_or(Value::Null, |h| h.peer_cert.clone()),
        "error": error.map(|f| f.error.clone()),
    })
}

fn rate(bytes: u64, t: Duration) -> f64 {
    bytes as f64 / 1e6 / t.as_secs_f64().max(1e-9)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Runs what `cfg` asks for, prints the result and gives the exit status
/// (0 exactly when everything succeeded).
pub fn run(cfg: &ClientConfig) -> ExitCode {
    let info = Info::of(cfg);
    let ctx = match make_context(cfg) {
        Ok(c) => c,
        Err(e) => {
            let f = Failure::from_error(&e, Stage::Setup, &info);
            if cfg.json && cfg.load.is_none() {
                print_json(&connection_json(None, Some(&f)));
                eprintln!("error: {}", one_line(&f.human));
            } else {
                f.report(cfg.json);
            }
            return ExitCode::from(1);
        }
    };
    let session = cfg
        .session_file
        .as_deref()
        .and_then(|p| load_session(p, &ctx));
    if let Some(load) = &cfg.load {
        return run_load(&ctx, cfg, load, session);
    }
    let mut stdout = io::stdout();
    let body = match (cfg.mode, cfg.json) {
        (Mode::ShowCert, _) => Body::Skip,
        (Mode::Sink, _) => Body::Discard(None),
        (Mode::Upload(n), _) => Body::Upload(n),
        (Mode::Fetch, true) => Body::Discard(Some(JSON_READ_LIMIT)),
        (Mode::Fetch, false) => Body::Stream(&mut stdout),
    };
    let mut out = converse(&ctx, cfg, None, session, body);
    if let (Some(path), Some(s)) = (&cfg.session_file, &out.session) {
        let version = out.handshake.as_ref().and_then(|h| h.version.as_deref());
        match save_session(path, s, version) {
            Ok(true) => log::info!("session saved to {}", path.display()),
            Ok(false) => {}
            Err(e) if out.error.is_none() => {
                out.error = Some(save_session_failure(path, &e, &info))
            }
            Err(e) => log::warn!("cannot save the session to {}: {e}", path.display()),
        }
    }
    let sink_report = matches!(cfg.mode, Mode::Sink | Mode::Upload(_)).then(|| {
        json!({
            "bytes": out.bytes,
            "seconds": out.read_time.as_secs_f64(),
            "mb_per_s": round3(rate(out.bytes, out.read_time)),
        })
    });
    if cfg.json {
        let mut obj = connection_json(out.handshake.as_ref(), out.error.as_ref());
        if let (Some(s), Value::Object(m)) = (sink_report, &mut obj) {
            let key = if cfg.mode == Mode::Sink {
                "sink"
            } else {
                "upload"
            };
            m.insert(key.into(), s);
        }
        print_json(&obj);
        if let Some(f) = &out.error {
            eprintln!("error: {}", one_line(&f.human));
        }
    } else {
        if let (Mode::ShowCert, Some(h)) = (cfg.mode, &out.handshake) {
            if out.error.is_none() {
                print_json(&h.peer_cert);
            }
        }
        if matches!(cfg.mode, Mode::Sink | Mode::Upload(_)) && out.handshake.is_some() {
            eprintln!(
                "{} {} bytes in {:.3} s ({:.1} MB/s)",
                if cfg.mode == Mode::Sink {
                    "received"
                } else {
                    "sent"
                },
                out.bytes,
                out.read_time.as_secs_f64(),
                rate(out.bytes, out.read_time)
            );
        }
        if let Some(f) = &out.error {
            f.report(false);
        }
    }
    if out.error.is_none() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unescape;

    #[test]
    fn targets() {
        let t = parse_target("example.org").unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.path),
            ("example.org", 443, None)
        );
        let t = parse_target("localhost:8443").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("localhost", 8443));
        assert_eq!(t.host_header(), "localhost:8443");
        let t = parse_target("[::1]:4433").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("::1", 4433));
        assert_eq!(t.display(), "[::1]:4433");
        let t = parse_target("[::1]").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("::1", 443));
        assert_eq!(t.host_header(), "[::1]");
        let t = parse_target("::1").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("::1", 443));
        let t = parse_target("https://example.org:8443/a/b?c=d#frag").unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.path.as_deref()),
            ("example.org", 8443, Some("/a/b?c=d"))
        );
        let t = parse_target("HTTPS://example.org").unwrap();
        assert_eq!(t.path.as_deref(), Some("/"));
        let t = parse_target("https://example.org?q").unwrap();
        assert_eq!(t.path.as_deref(), Some("/?q"));
        for bad in [
            "",
            ":443",
            "host:",
            "host:0",
            "host:65536",
            "host:x",
            "http://host",
            "ftp://host",
            "[::1",
            "[nope]:1",
            "[::1]x",
            "a:b:c",
            "https://u@host/",
        ] {
            let e = parse_target(bad).unwrap_err();
            assert_eq!(e.python_type(), "ValueError", "{bad}");
        }
    }

    #[test]
    fn escapes() {
        assert_eq!(
            unescape(r"GET / HTTP/1.0\r\n\r\n"),
            b"GET / HTTP/1.0\r\n\r\n"
        );
        assert_eq!(unescape(r"a\tb\\c\x41\xff\0"), b"a\tb\\cA\xff\0");
        assert_eq!(unescape(r"\q\x4"), b"\\q\\x4");
        assert_eq!(unescape("trailing\\"), b"trailing\\");
        assert_eq!(unescape("é"), "é".as_bytes());
    }

    #[test]
    fn default_request() {
        let t = parse_target("localhost").unwrap();
        assert_eq!(
            get_request(&t, "/"),
            b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        );
    }

    #[test]
    fn session_pem_round_trip() {
        assert!(session_der(b"garbage").is_err());
        let pem = session_to_pem(b"\x30\x03\x02\x01\x01");
        assert!(pem.starts_with("-----BEGIN SSL SESSION PARAMETERS-----\n"));
        // Not a real session: the base64 decodes, the DER does not parse.
        assert_eq!(
            session_der(pem.as_bytes()).unwrap_err(),
            "not a TLS session"
        );
    }
}

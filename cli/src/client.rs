//! `pyssl-client`: one connection (or a load run of many) made the way
//! CPython's `ssl` makes it, reported as the command-line contract says.
//!
//! The binary turns its flags once into a plain [`ClientConfig`]; [`run`]
//! does the rest: build the context ([`build_context`]), connect
//! (`socket.create_connection`), `wrap_socket(sock, server_hostname=…)`,
//! send the request, read the reply to EOF, print.

use std::io::{self, Write};
use std::net::{IpAddr, SocketAddr, TcpStream, ToSocketAddrs};
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
// Human messages

fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s} s")
    }
}

fn human_message(err: &Value, stage: Stage, info: &Info<'_>) -> String {
    let ty = err["type"].as_str().unwrap_or("Error");
    let msg = err["message"].as_str().unwrap_or_default();
    let reason = err["reason"].as_str().unwrap_or_default();
    let addr = info.target.display();
    let name = info.server_hostname;
    let timed_out = matches!(ty, "TimeoutError" | "timeout");
    match stage {
        Stage::Setup => return format!("{msg} ({ty})"),
        Stage::Resolve => return format!("cannot find the address of {}: {msg}", info.target.host),
        Stage::Connect => {
            return match ty {
                "ConnectionRefusedError" => {
                    format!("connection to {addr} refused: nothing is listening on that port")
                }
                _ if timed_out => format!(
                    "could not connect to {addr} within {} (--timeout)",
                    secs(info.timeout)
                ),
                _ => format!("could not connect to {addr}: {msg}"),
            };
        }
        Stage::Output => return format!("{msg} ({ty})"),
        _ => {}
    }
    let during = stage.during();
    if ty == "SSLCertVerificationError" {
        let vmsg = err["verify_message"].as_str().unwrap_or(msg);
        let code = err["verify_code"].as_i64().unwrap_or(-1);
        let what = match code {
            62 => format!(
                "the server's certificate is not valid for {name} (hostname mismatch); \
                 connect by a name it lists, or choose the name checked with --server-hostname"
            ),
            64 => format!(
                "the server's certificate is not valid for the IP address {name} (IP address \
                 mismatch); connect by a name it lists, or choose one with --server-hostname"
            ),
            2 | 20 | 21 => format!(
                "the server's certificate was issued by a CA this client does not trust \
                 ({vmsg}); pass that CA with --cafile"
            ),
            18 => format!(
                "the server's certificate is self-signed ({vmsg}); pass it with --cafile \
                 to trust it"
            ),
            19 => format!(
                "the server's chain ends in a self-signed CA this client does not trust \
                 ({vmsg}); pass that CA with --cafile"
            ),
            10 => format!("the server's certificate has expired ({vmsg})"),
            9 => format!("the server's certificate is not valid yet ({vmsg})"),
            23 => format!("the server's certificate has been revoked ({vmsg})"),
            _ => vmsg.to_string(),
        };
        return format!("certificate verify failed: {what}");
    }
    if ty == "CertificateError" {
        return format!("certificate verify failed: {msg}");
    }
    if timed_out {
        return format!(
            "the server at {addr} did not answer within {} {during} (--timeout)",
            secs(info.timeout)
        );
    }
    let hint = match reason {
        "WRONG_VERSION_NUMBER" | "HTTP_REQUEST" | "RECORD_LAYER_FAILURE" => Some(format!(
            "the server at {addr} did not answer with TLS; is this a plain-text (e.g. HTTP) port?"
        )),
        "UNSUPPORTED_PROTOCOL" | "TLSV1_ALERT_PROTOCOL_VERSION" | "NO_PROTOCOLS_AVAILABLE" => Some(
            "the client and the server have no TLS version in common \
                 (see --min-version / --max-version)"
                .to_string(),
        ),
        "NO_SHARED_CIPHER" | "NO_CIPHERS_AVAILABLE" | "NO_CIPHER_MATCH" => {
            Some("the client and the server have no cipher in common (see --ciphers)".to_string())
        }
        "SSLV3_ALERT_HANDSHAKE_FAILURE" => Some(
            "the server refused the handshake: no cipher, version or key type in common, \
             or it wants a client certificate (--cert/--key)"
                .to_string(),
        ),
        "TLSV13_ALERT_CERTIFICATE_REQUIRED" | "PEER_DID_NOT_RETURN_A_CERTIFICATE" => Some(
            "the server requires a client certificate; pass one with --cert and --key".to_string(),
        ),
        "SSLV3_ALERT_BAD_CERTIFICATE"
        | "TLSV1_ALERT_UNKNOWN_CA"
        | "SSLV3_ALERT_CERTIFICATE_UNKNOWN"
        | "SSLV3_ALERT_UNSUPPORTED_CERTIFICATE"
        | "SSLV3_ALERT_CERTIFICATE_EXPIRED"
        | "SSLV3_ALERT_CERTIFICATE_REVOKED"
        | "TLSV1_ALERT_ACCESS_DENIED" => {
            Some("the server rejected the client certificate".to_string())
        }
        "TLSV1_ALERT_NO_APPLICATION_PROTOCOL" => {
            Some("the server supports none of the ALPN protocols offered (--alpn)".to_string())
        }
        "TLSV1_UNRECOGNIZED_NAME" | "TLSV1_ALERT_UNRECOGNIZED_NAME" => Some(format!(
            "the server does not serve the name {name} (see --server-hostname)"
        )),
        "TLSV1_ALERT_INTERNAL_ERROR" => Some("the server reported an internal error".to_string()),
        _ => None,
    };
    if let Some(h) = hint {
        return format!("{h} [{during}: {msg}]");
    }
    match ty {
        "SSLEOFError" | "SSLZeroReturnError" | "SSLSyscallError" => {
            format!("the server at {addr} closed the connection {during} ({msg})")
        }
        "ConnectionResetError" => format!("the server at {addr} reset the connection {during}"),
        "BrokenPipeError" => format!("the server at {addr} closed the connection {during}"),
        _ => format!("TLS failure {during}: {msg} ({ty})"),
    }
}

// ---------------------------------------------------------------------------
// Resolving and connecting: `socket.create_connection((host, port), timeout)`

/// The Python class of an `OSError` with this errno (`PyErr_SetFromErrno`).
fn os_error_class(errno: i32) -> &'static str {
    ErrorKind::from_errno(errno).python_name(PythonVersion::LATEST)
}

/// A socket-level `io::Error` as the exception CPython's socket module raises.
fn socket_error_json(e: &io::Error, v: PythonVersion) -> Value {
    match e.raw_os_error() {
        Some(n) => error_object(os_error_class(n), Error::os_error(n, None).message()),
        None if e.kind() == io::ErrorKind::TimedOut => error_object(
            if v.at_least(10) {
                "TimeoutError"
            } else {
                "timeout"
            },
            "timed out".to_string(),
        ),
        None => error_object("OSError", e.to_string()),
    }
}

/// A failed `getaddrinfo` as `socket.gaierror` (glibc's codes and texts).
fn gaierror_json(e: &io::Error) -> Value {
    let text = e.to_string();
    let text = text
        .strip_prefix("failed to lookup address information: ")
        .unwrap_or(&text)
        .to_string();
    let code = match text.as_str() {
        "Bad value for ai_flags" => Some(-1),
        "Name or service not known" => Some(-2),
        "Temporary failure in name resolution" => Some(-3),
        "Non-recoverable failure in name resolution" => Some(-4),
        "No address associated with hostname" => Some(-5),
        "ai_family not supported" => Some(-6),
        "ai_socktype not supported" => Some(-7),
        "Servname not supported for ai_socktype" => Some(-8),
        "Memory allocation failure" => Some(-10),
        "System error" => Some(-11),
        _ => None,
    };
    let message = match code {
        Some(n) => format!("[Errno {n}] {text}"),
        None => text,
    };
    error_object("gaierror", message)
}

fn resolve(cfg: &ClientConfig) -> std::result::Result<Vec<SocketAddr>, Value> {
    let host = &cfg.target.host;
    // socket.getaddrinfo encodes a non-ASCII name with the "idna" codec.
    let lookup = if host.is_ascii() || host.parse::<IpAddr>().is_ok() {
        host.clone()
    } else {
        idna::domain_to_ascii(host).map_err(|_| {
            error_object(
                "UnicodeError",
                "encoding with 'idna' codec failed (UnicodeError: label empty or too long)"
                    .to_string(),
            )
        })?
    };
    if lookup.contains('\0') {
        return Err(error_object(
            "ValueError",
            "embedded null character".to_string(),
        ));
    }
    let addrs: Vec<SocketAddr> = (lookup.as_str(), cfg.target.port)
        .to_socket_addrs()
        .map_err(|e| gaierror_json(&e))?
        .collect();
    if addrs.is_empty() {
        return Err(error_object(
            "OSError",
            "getaddrinfo returns an empty list".to_string(),
        ));
    }
    Ok(addrs)
}

/// `socket.create_connection((host, port), timeout)`: each address in
/// turn; the last error if none answers.
fn connect(cfg: &ClientConfig, v: PythonVersion) -> std::result::Result<TcpStream, Failure> {
    let info = Info::of(cfg);
    let addrs = resolve(cfg).map_err(|e| Failure::from_json(e, Stage::Resolve, &info))?;
    let mut last = None;
    for a in &addrs {
        log::debug!("connecting to {a}");
        match TcpStream::connect_timeout(a, cfg.timeout) {
            Ok(s) => {
                let _ = s.set_nodelay(true);
                return Ok(s);
            }
            Err(e) => {
                log::debug!("connect to {a}: {e}");
                last = Some(e);
            }
        }
    }
    let e = last.unwrap_or_else(|| io::Error::other("no address to connect to"));
    Err(Failure::from_json(
        socket_error_json(&e, v),
        Stage::Connect,
        &info,
    ))
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
    peer_cert: Value,
}

impl Handshake {
    fn of(s: &SslSocket) -> std::result::Result<Handshake, Error> {
        let peer_cert = s.getpeercert()?.to_json();
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
    let tcp = match connect(cfg, v) {
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
    match Handshake::of(&sock) {
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
// Session files (PEM "SSL SESSION PARAMETERS", as `openssl s_client -sess_out`)

const SESSION_PEM: &str = "SSL SESSION PARAMETERS";

fn session_to_pem(der: &[u8]) -> String {
    let b64 = openssl::base64::encode_block(der);
    let mut s = format!("-----BEGIN {SESSION_PEM}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        s.push_str(&String::from_utf8_lossy(chunk));
        s.push('\n');
    }
    s.push_str(&format!("-----END {SESSION_PEM}-----\n"));
    s
}

/// The DER in a session file (PEM or raw DER), or why it is unusable.
fn session_der(data: &[u8]) -> std::result::Result<Vec<u8>, String> {
    let begin = format!("-----BEGIN {SESSION_PEM}-----");
    let end = format!("-----END {SESSION_PEM}-----");
    let der = match std::str::from_utf8(data) {
        Ok(text) if text.contains(&begin) => {
            let start = text.find(&begin).unwrap_or(0) + begin.len();
            let stop = text[start..]
                .find(&end)
                .map(|i| start + i)
                .ok_or_else(|| format!("no {end} line"))?;
            let b64: String = text[start..stop].split_whitespace().collect();
            openssl::base64::decode_block(&b64).map_err(|_| "bad base64".to_string())?
        }
        _ => data.to_vec(),
    };
    openssl::ssl::SslSession::from_der(&der).map_err(|_| "not a TLS session".to_string())?;
    Ok(der)
}

/// Turns the DER of a saved session back into a session of `ctx`.
fn session_from_der(der: &[u8], ctx: &SslContext, path: &Path) -> Option<SslSession> {
    match SslSession::from_der(der, ctx) {
        Ok(s) => Some(s),
        Err(e) => {
            log::warn!(
                "{}: ignoring the saved session ({e}); making a full handshake",
                path.display()
            );
            None
        }
    }
}

/// The session saved in `path`, if there is a usable one; a missing file
/// is the first run, an unusable one is ignored with a warning.
fn load_session(path: &Path, ctx: &SslContext) -> Option<SslSession> {
    let data = match std::fs::read(path) {
        Ok(d) => d,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            log::info!("{}: no saved session yet", path.display());
            return None;
        }
        Err(e) => {
            log::warn!("{}: cannot read the saved session: {e}", path.display());
            return None;
        }
    };
    match session_der(&data) {
        Ok(der) => session_from_der(&der, ctx, path),
        Err(why) => {
            log::warn!(
                "{}: ignoring the saved session ({why}); making a full handshake",
                path.display()
            );
            None
        }
    }
}

/// Saves `session` to `path` (atomically) when it can be resumed: with a
/// ticket, or (TLS ≤ 1.2) a session id.
fn save_session(
    path: &Path,
    session: &SslSession,
    version: Option<&str>,
) -> std::result::Result<bool, io::Error> {
    let resumable =
        session.has_ticket() || (version != Some("TLSv1.3") && !session.id().is_empty());
    if !resumable {
        log::info!("the server gave no resumable session; not saving one");
        return Ok(false);
    }
    let der = session
        .to_der()
        .map_err(|e| io::Error::other(e.to_string()))?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".tmp{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, session_to_pem(&der))?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    Ok(true)
}

fn save_session_failure(path: &Path, e: &io::Error, info: &Info<'_>) -> Failure {
    let mut err = match e.raw_os_error() {
        Some(n) => Error::os_error(n, Some(&path.to_string_lossy())).to_json(),
        None => error_object("OSError", e.to_string()),
    };
    if e.raw_os_error().is_some() {
        err["type"] = json!(os_error_class(e.raw_os_error().unwrap_or_default()));
    }
    let mut f = Failure::from_json(err, Stage::Output, info);
    f.human = format!("cannot save the session to {}: {e}", path.display());
    f
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
    let mut out = converse(&ctx, cfg, session, body);
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

// ---------------------------------------------------------------------------
// Load mode

#[derive(Default)]
struct Tally {
    connections: u64,
    handshakes: u64,
    errors: u64,
    resumed: u64,
    versions: std::collections::BTreeMap<String, u64>,
    first_error: Option<(Instant, Failure)>,
    last_session: Option<(Instant, SslSession)>,
}

impl Tally {
    fn merge(&mut self, o: Tally) {
        self.connections += o.connections;
        self.handshakes += o.handshakes;
        self.errors += o.errors;
        self.resumed += o.resumed;
        for (k, n) in o.versions {
            *self.versions.entry(k).or_default() += n;
        }
        if let Some((t, f)) = o.first_error {
            if self.first_error.as_ref().is_none_or(|(t0, _)| t < *t0) {
                self.first_error = Some((t, f));
            }
        }
        if let Some((t, s)) = o.last_session {
            if self.last_session.as_ref().is_none_or(|(t0, _)| t > *t0) {
                self.last_session = Some((t, s));
            }
        }
    }
}

fn worker(
    ctx: &SslContext,
    cfg: &ClientConfig,
    load: &LoadConfig,
    initial: Option<SslSession>,
    next: &AtomicU64,
    limit: u64,
    deadline: Option<Instant>,
) -> Tally {
    let mut t = Tally::default();
    let mut session = initial.clone();
    loop {
        if deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        if next.fetch_add(1, Ordering::Relaxed) >= limit {
            break;
        }
        // --reuse: the session of this worker's previous connection (the
        // saved one at first); otherwise the saved one, if any, every time.
        let offer = if load.reuse {
            session.clone()
        } else {
            initial.clone()
        };
        let out = converse(ctx, cfg, offer, Body::Discard(Some(JSON_READ_LIMIT)));
        t.connections += 1;
        if let Some(h) = &out.handshake {
            t.handshakes += 1;
            if h.session_reused == Some(true) {
                t.resumed += 1;
            }
            if let Some(v) = &h.version {
                *t.versions.entry(v.clone()).or_default() += 1;
            }
        }
        if let Some(s) = out.session {
            if out.error.is_none() {
                t.last_session = Some((Instant::now(), s.clone()));
                session = Some(s);
            }
        }
        if let Some(f) = out.error {
            t.errors += 1;
            log::debug!("connection failed: {}", f.human);
            if t.first_error.is_none() {
                t.first_error = Some((Instant::now(), f));
            }
        }
    }
    t
}

fn run_load(
    ctx: &SslContext,
    cfg: &ClientConfig,
    load: &LoadConfig,
    initial: Option<SslSession>,
) -> ExitCode {
    let info = Info::of(cfg);
    let limit = load.repeat.unwrap_or(u64::MAX);
    let workers = load
        .concurrency
        .clamp(1, MAX_CONCURRENCY)
        .min(usize::try_from(limit).unwrap_or(usize::MAX).max(1));
    let next = AtomicU64::new(0);
    let start = Instant::now();
    let deadline = load.duration.map(|d| start + d);
    let mut total = Tally::default();
    std::thread::scope(|scope| {
        let mut handles = Vec::with_capacity(workers);
        for i in 0..workers {
            let initial = initial.clone();
            let next = &next;
            let b = std::thread::Builder::new().name(format!("load-{i}"));
            match b.spawn_scoped(scope, move || {
                worker(ctx, cfg, load, initial, next, limit, deadline)
            }) {
                Ok(h) => handles.push(h),
                Err(e) => {
                    log::warn!("could not start worker {i}: {e}");
                    break;
                }
            }
        }
        for h in handles {
            match h.join() {
                Ok(t) => total.merge(t),
                Err(_) => total.errors += 1,
            }
        }
    });
    let elapsed = start.elapsed();
    let per_s = total.handshakes as f64 / elapsed.as_secs_f64().max(1e-9);
    let ratio = if total.handshakes > 0 {
        total.resumed as f64 / total.handshakes as f64
    } else {
        0.0
    };
    let ok = total.errors == 0 && total.handshakes > 0;
    if let (Some(path), Some((_, s))) = (&cfg.session_file, &total.last_session) {
        let version = total
            .versions
            .iter()
            .max_by_key(|(_, n)| **n)
            .map(|(v, _)| v.as_str());
        if let Err(e) = save_session(path, s, version) {
            log::warn!("{}", save_session_failure(path, &e, &info).human);
        }
    }
    let first_error = total.first_error.as_ref().map(|(_, f)| f);
    eprintln!(
        "{} handshakes in {:.3} s ({:.1}/s, {} at a time), {} errors, {}/{} resumed ({:.0}%){}",
        total.handshakes,
        elapsed.as_secs_f64(),
        per_s,
        workers,
        total.errors,
        total.resumed,
        total.handshakes,
        ratio * 100.0,
        first_error.map_or(String::new(), |f| format!(
            "; first error: {}",
            one_line(&f.human)
        )),
    );
    if cfg.json {
        print_json(&json!({
            "ok": ok,
            "connections": total.connections,
            "handshakes": total.handshakes,
            "errors": total.errors,
            "resumed": total.resumed,
            "resumed_ratio": round3(ratio),
            "seconds": elapsed.as_secs_f64(),
            "handshakes_per_second": round3(per_s),
            "concurrency": workers,
            "reuse": load.reuse,
            "versions": total.versions,
            "error": first_error.map(|f| f.error.clone()),
        }));
    }
    if ok {
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

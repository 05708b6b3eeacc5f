//! `pyssl-client` and `pyssl-server`, the command-line tools of
//! [pyssl](https://docs.rs/pyssl), in the spirit of `openssl s_client` and
//! `s_server`: their contract is `docs/cli-contract.md` in the repository.
//!
//! This library is what both binaries share: a plain [`ContextSpec`] (what
//! the flags asked for) turned into a [`pyssl::SslContext`] in the order of
//! the command-line contract, the JSON they print, the client
//! ([`client`]) and the server ([`server`]). It is not meant as an API.
#![deny(unsafe_code)]

mod args;
pub mod client;
pub mod server;
mod sys;

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

pub use args::ContextArgs;

use pyssl::context::{DefaultContext, Password, SslContext};
use pyssl::error::{Error, Result};
use pyssl::options::{Options, Protocol, Purpose, TlsVersion, VerifyMode};
use pyssl::profile::PythonVersion;
use pyssl::report::context_report;
use pyssl::warnings::take_warnings;

/// Which side a context is built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// `pyssl-client`: `create_default_context()`.
    Client,
    /// `pyssl-server`: `create_default_context(Purpose.CLIENT_AUTH)`.
    Server,
}

/// `--verify-client`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyClient {
    /// `CERT_OPTIONAL`.
    Optional,
    /// `CERT_REQUIRED`.
    Required,
}

/// Everything the context flags ask for, before any of it is applied.
#[derive(Debug, Clone, Default)]
pub struct ContextSpec {
    /// `--compat 3.X`.
    pub compat: PythonVersion,
    /// `--protocol`: `SSLContext(P)` instead of `create_default_context`.
    pub protocol: Option<Protocol>,
    /// `--cafile` (client: `create_default_context(cafile=…)`).
    pub cafile: Option<PathBuf>,
    /// `--capath` (client).
    pub capath: Option<PathBuf>,
    /// `--no-default-certs`: no system trust store.
    pub no_default_certs: bool,
    /// `--insecure`: `check_hostname = False`, `verify_mode = CERT_NONE`.
    pub insecure: bool,
    /// `--ciphers`.
    pub ciphers: Option<String>,
    /// `--options A,-B` (CPython `OP_*` names).
    pub options: Option<String>,
    /// `--no-ticket` (server): `options |= OP_NO_TICKET`.
    pub no_ticket: bool,
    /// `--num-tickets` (server).
    pub num_tickets: Option<i64>,
    /// `--min-version` (a `TLSVersion` member name).
    pub min_version: Option<String>,
    /// `--max-version`.
    pub max_version: Option<String>,
    /// `--alpn a,b`.
    pub alpn: Option<String>,
    /// `--cert`.
    pub cert: Option<PathBuf>,
    /// `--key`.
    pub key: Option<PathBuf>,
    /// `--password-file`: its first line is the key's password.
    pub password_file: Option<PathBuf>,
    /// `--client-ca` (server): `load_verify_locations`.
    pub client_ca: Option<PathBuf>,
    /// `--verify-client` (server).
    pub verify_client: Option<VerifyClient>,
}

/// Loads the bundled test certificate and key (`certs/server.pem`,
/// `certs/server.key`) for a server started without `--cert`, with a
/// warning: that key is public. Read from the source tree when it is there;
/// otherwise the copies compiled into the binary are written to a new
/// directory with an unpredictable name, created exclusively and readable by
/// this user only, and removed once loaded (no fixed path another user could
/// plant a link at).
fn load_bundled_test_cert(ctx: &SslContext) -> Result<()> {
    load_test_cert_from(
        ctx,
        // The repository's certs/, beside this crate.
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../certs"),
    )
}

/// [`load_bundled_test_cert`], with the source tree's `certs/` at `dir`.
fn load_test_cert_from(ctx: &SslContext, dir: &Path) -> Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    log::warn!(
        "no --cert given: serving the bundled test certificate, whose private key is public; \
         use it for testing only"
    );
    let (cert, key) = (dir.join("server.pem"), dir.join("server.key"));
    if cert.is_file() && key.is_file() {
        return ctx.load_cert_chain(&cert, Some(&key), None);
    }
    let mut rnd = [0u8; 16];
    openssl::rand::rand_bytes(&mut rnd).map_err(|_| Error::ssl_one_arg("RAND_bytes failed"))?;
    let name: String = rnd.iter().map(|b| format!("{b:02x}")).collect();
    let tmp = std::env::temp_dir().join(format!("pyssl-certs-{name}"));
    std::fs::DirBuilder::new().mode(0o700).create(&tmp)?;
    let write = |path: &Path, data: &[u8]| -> std::io::Result<()> {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)?
            .write_all(data)
    };
    let (c, k) = (tmp.join("server.pem"), tmp.join("server.key"));
    let loaded = write(&c, include_bytes!("../assets/server.pem"))
        .and_then(|()| write(&k, include_bytes!("../assets/server.key")))
        .map_err(Error::from)
        .and_then(|()| ctx.load_cert_chain(&c, Some(&k), None));
    let _ = std::fs::remove_dir_all(&tmp);
    loaded
}

fn bounds_the_36_way(ctx: &SslContext, min: Option<TlsVersion>, max: Option<TlsVersion>) {
    let order = [
        (TlsVersion::SslV3, Options::NO_SSLV3),
        (TlsVersion::TlsV1, Options::NO_TLSV1),
        (TlsVersion::TlsV1_1, Options::NO_TLSV1_1),
        (TlsVersion::TlsV1_2, Options::NO_TLSV1_2),
        (TlsVersion::TlsV1_3, Options::NO_TLSV1_3),
    ];
    let mut opts = ctx.options();
    for (v, bit) in order {
        if min.is_some_and(|m| m != TlsVersion::MinimumSupported && v < m) {
            opts |= bit;
        }
        if max.is_some_and(|m| m != TlsVersion::MaximumSupported && v > m) {
            opts |= bit;
        }
    }
    ctx.set_options(opts);
}

/// Builds the context the flags describe, step by step as the contract says.
pub fn build_context(spec: &ContextSpec, side: Side) -> Result<SslContext> {
    let v = spec.compat;
    let ctx = match (spec.protocol, side) {
        (Some(p), _) => SslContext::with_version(p, v)?,
        (None, Side::Client) => {
            let mut d = DefaultContext::new(Purpose::ServerAuth).version(v);
            if let Some(f) = &spec.cafile {
                d = d.cafile(f);
            }
            if let Some(f) = &spec.capath {
                d = d.capath(f);
            }
            if spec.no_default_certs && spec.cafile.is_none() && spec.capath.is_none() {
                d = d.without_default_certs();
            }
            d.build()?
        }
        (None, Side::Server) => DefaultContext::new(Purpose::ClientAuth)
            .version(v)
            .build()?,
    };
    if spec.protocol.is_some() && (spec.cafile.is_some() || spec.capath.is_some()) {
        ctx.load_verify_locations(spec.cafile.as_deref(), spec.capath.as_deref(), None)?;
    }
    if spec.insecure {
        ctx.set_check_hostname(false)?;
        ctx.set_verify_mode(VerifyMode::CertNone)?;
    }
    if let Some(c) = &spec.ciphers {
        ctx.set_ciphers(c)?;
    }
    if let Some(list) = &spec.options {
        ctx.set_options(ctx.options().apply_python_names(list, v)?);
    }
    if spec.no_ticket {
        ctx.set_options(ctx.options() | Options::NO_TICKET);
    }
    if let Some(n) = spec.num_tickets {
        ctx.set_num_tickets(n)?;
    }
    let min = spec
        .min_version
        .as_deref()
        .map(TlsVersion::from_name)
        .transpose()?;
    let max = spec
        .max_version
        .as_deref()
        .map(TlsVersion::from_name)
        .transpose()?;
    if v.at_least(7) {
        if let Some(m) = min {
            ctx.set_minimum_version(m)?;
        }
        if let Some(m) = max {
            ctx.set_maximum_version(m)?;
        }
    } else if min.is_some() || max.is_some() {
        bounds_the_36_way(&ctx, min, max);
    }
    if let Some(list) = &spec.alpn {
        let protos: Vec<&str> = list.split(',').filter(|s| !s.is_empty()).collect();
        ctx.set_alpn_protocols(&protos)?;
    }
    let password = match &spec.password_file {
        Some(p) => {
            let text = std::fs::read(p).map_err(|e| {
                Error::os_error(
                    e.raw_os_error().unwrap_or(libc::EIO),
                    Some(&p.to_string_lossy()),
                )
            })?;
            let line = text.split(|b| *b == b'\n').next().unwrap_or_default();
            Some(line.strip_suffix(b"\r").unwrap_or(line).to_vec())
        }
        None => None,
    };
    let cert = match (&spec.cert, side) {
        (Some(c), _) => Some((c.clone(), spec.key.clone())),
        (None, Side::Server) => {
            load_bundled_test_cert(&ctx)?;
            None
        }
        (None, Side::Client) => None,
    };
    if let Some((c, k)) = cert {
        ctx.load_cert_chain(&c, k.as_deref(), password.as_deref().map(Password::Bytes))?;
    }
    if side == Side::Server {
        if let Some(ca) = &spec.client_ca {
            ctx.load_verify_locations(Some(ca), None, None)?;
        }
        match spec.verify_client {
            Some(VerifyClient::Optional) => ctx.set_verify_mode(VerifyMode::CertOptional)?,
            Some(VerifyClient::Required) => ctx.set_verify_mode(VerifyMode::CertRequired)?,
            None => {}
        }
    }
    Ok(ctx)
}

/// The contract's `{"error": {type, library, reason, verify_code,
/// verify_message, message}}` object for an error: the one place it is made.
pub fn error_object(e: &pyssl::Error) -> Value {
    json!({ "error": e.to_json() })
}

/// A command-line usage error (a bad flag or value, as clap reports it) as
/// the contract's error object: type `ArgumentError` (argparse's), the
/// message clap prints, without its `error: ` prefix and usage lines.
pub fn usage_error_object(e: &clap::Error) -> Value {
    let text = e.to_string();
    let first = text.lines().next().unwrap_or_default();
    let message = first.strip_prefix("error: ").unwrap_or(first);
    json!({ "error": {
        "type": "ArgumentError",
        "library": null,
        "reason": null,
        "verify_code": null,
        "verify_message": null,
        "message": message,
    }})
}

/// Parses the command line; a usage error is printed by clap (exit 2) or,
/// when the command line asks for JSON output (one of `json_flags`), also
/// written to stdout as the contract's error object.
pub fn parse_args<T: clap::Parser>(json_flags: &[&str]) -> T {
    match T::try_parse() {
        Ok(t) => t,
        Err(e) => {
            let wants_json = std::env::args_os()
                .skip(1)
                .any(|a| json_flags.iter().any(|f| a == *f));
            if wants_json && e.use_stderr() {
                print_json(&usage_error_object(&e));
            }
            e.exit()
        }
    }
}

/// `--dump-context`: the report of the context the flags build, or the
/// contract's `{"error": …}` object.
pub fn dump_context(spec: &ContextSpec, side: Side) -> std::result::Result<Value, Value> {
    take_warnings();
    match build_context(spec, side) {
        Ok(ctx) => Ok(context_report(&ctx, &take_warnings())),
        Err(e) => Err(error_object(&e)),
    }
}

/// Prints a `--dump-context` result (stdout) and gives the exit code.
pub fn print_dump(result: std::result::Result<Value, Value>) -> std::process::ExitCode {
    match result {
        Ok(v) => {
            print_json(&v);
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            print_json(&e);
            if let Some(msg) = e["error"]["message"].as_str() {
                eprintln!(
                    "error: {} ({})",
                    msg,
                    e["error"]["type"].as_str().unwrap_or("?")
                );
            }
            std::process::ExitCode::from(1)
        }
    }
}

/// Sets up `env_logger` from `-v`/`-q` counts (and `RUST_LOG`, which wins).
pub fn init_logging(verbose: u8, quiet: u8) {
    // i32: 255 `-q` flags and none of `-v` must not overflow.
    let level = match i32::from(verbose) - i32::from(quiet) {
        i32::MIN..=-2 => log::LevelFilter::Off,
        -1 => log::LevelFilter::Error,
        0 => log::LevelFilter::Warn,
        1 => log::LevelFilter::Info,
        2 => log::LevelFilter::Debug,
        _ => log::LevelFilter::Trace,
    };
    let mut b = env_logger::Builder::new();
    b.filter_level(level);
    if let Ok(spec) = std::env::var("RUST_LOG") {
        b.parse_filters(&spec);
    }
    let _ = b.try_init();
}

/// Writes one JSON document to stdout. A closed pipe (`| head`) is not an
/// error worth a panic: the reader has what it wanted.
pub fn print_json(v: &Value) {
    use std::io::Write;
    let text = serde_json::to_string_pretty(v).unwrap_or_default();
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}").and_then(|()| out.flush());
}

/// `--request TEXT` / `--reply TEXT`: Python-style escapes (`\r`, `\n`, `\t`, `\0`, `\\`,
/// `\xHH`, `\a`, `\b`, `\f`, `\v`, `\'`, `\"`) become the bytes they name;
/// anything else after a backslash is kept as written, as Python does.
pub fn unescape(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b != b'\\' || i + 1 >= bytes.len() {
            out.push(b);
            i += 1;
            continue;
        }
        let next = bytes[i + 1];
        let simple = match next {
            b'r' => Some(b'\r'),
            b'n' => Some(b'\n'),
            b't' => Some(b'\t'),
            b'0' => Some(0),
            b'\\' => Some(b'\\'),
            b'a' => Some(0x07),
            b'b' => Some(0x08),
            b'f' => Some(0x0c),
            b'v' => Some(0x0b),
            b'\'' => Some(b'\''),
            b'"' => Some(b'"'),
            _ => None,
        };
        if let Some(c) = simple {
            out.push(c);
            i += 2;
            continue;
        }
        if next == b'x' {
            let hex = bytes
                .get(i + 2..i + 4)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(c) = hex {
                out.push(c);
                i += 4;
                continue;
            }
        }
        out.push(b'\\');
        i += 1;
    }
    out
}

/// `TCP_CORK` on or off (true when set). While it is on, small writes wait
/// in the socket; turning it off sends them as full-size segments: one pass
/// through the loopback (or network) path instead of one per `write`.
pub(crate) fn set_cork(socket: &impl std::os::fd::AsFd, on: bool) -> bool {
    socket2::SockRef::from(socket).set_tcp_cork(on).is_ok()
}

/// `len` bytes of `0123456789abcdef…`: what `pyssl-server --source` and
/// `pyssl-client --upload` send.
pub(crate) fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| b"0123456789abcdef"[i % 16]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours() -> Vec<std::ffi::OsString> {
        let mut v: Vec<_> = std::fs::read_dir(std::env::temp_dir())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .filter(|n| n.to_string_lossy().starts_with("pyssl-certs-"))
            .collect();
        v.sort();
        v
    }

    /// Without the source tree, the compiled-in test key is loaded through
    /// a directory no one could have predicted, which is gone afterwards;
    /// nothing is written at the old fixed path `pyssl-certs-<pid>`.
    #[test]
    fn the_test_key_leaves_no_file_at_a_predictable_path() {
        let before = ours();
        let ctx = SslContext::new(Protocol::TlsServer).unwrap();
        let missing = std::env::temp_dir().join("pyssl-no-such-source-tree");
        load_test_cert_from(&ctx, &missing).unwrap();
        assert_eq!(ours(), before, "the temporary directory is removed");
        let fixed = std::env::temp_dir().join(format!("pyssl-certs-{}", std::process::id()));
        assert!(!fixed.exists());
        // The key is really loaded: a client trusting the test CA verifies it.
        let client = pyssl::context::DefaultContext::new(Purpose::ServerAuth)
            .cafile(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../certs/ca.pem"))
            .build()
            .unwrap();
        let (ci, co, si, so) = (
            pyssl::MemoryBio::new().unwrap(),
            pyssl::MemoryBio::new().unwrap(),
            pyssl::MemoryBio::new().unwrap(),
            pyssl::MemoryBio::new().unwrap(),
        );
        let mut c = client
            .wrap_bio(&ci, &co, false, Some("localhost"), None)
            .unwrap();
        let mut s = ctx.wrap_bio(&si, &so, true, None, None).unwrap();
        let mut done = (false, false);
        for _ in 0..10 {
            done.0 = done.0 || c.do_handshake().is_ok();
            si.write(&co.read(None)).unwrap();
            done.1 = done.1 || s.do_handshake().is_ok();
            ci.write(&so.read(None)).unwrap();
        }
        assert_eq!(done, (true, true));
    }
}

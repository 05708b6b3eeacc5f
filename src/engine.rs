//! The connection core shared by [`SslSocket`](crate::SslSocket) and
//! [`SslObject`](crate::SslObject): CPython's `_ssl._SSLSocket`.
//!
//! One OpenSSL `SSL` with CPython's per-connection settings, driven the way
//! `_ssl.c` drives it: each operation loops on `WANT_READ`/`WANT_WRITE` while
//! the transport can wait (a socket with a timeout or a blocking one), and a
//! failure is turned into CPython's exception by [`Engine::error`]
//! (`PySSL_SetError`), whose rules changed between 3.6 and 3.14.

use std::os::raw::c_int;
use std::time::{Duration, Instant};

use openssl::ssl::{Ssl, SslRef, SslVerifyMode};

use crate::cert::{PeerCert, PeerCertificate};
use crate::context::SslContext;
use crate::error::{ssl_error_from_code, ssl_error_from_queue, Error, ErrorKind, Result};
use crate::ffi;
use crate::ffi::ssl::IoOutcome;
use crate::options::Protocol;
use crate::profile::PythonVersion;
use crate::session::SslSession;

const SSL_ERROR_SSL: c_int = 1;
const SSL_ERROR_WANT_READ: c_int = 2;
const SSL_ERROR_WANT_WRITE: c_int = 3;
const SSL_ERROR_WANT_X509_LOOKUP: c_int = 4;
const SSL_ERROR_SYSCALL: c_int = 5;
const SSL_ERROR_ZERO_RETURN: c_int = 6;
const SSL_ERROR_WANT_CONNECT: c_int = 7;
/// CPython's `PY_SSL_ERROR_EOF` and `PY_SSL_ERROR_INVALID_ERROR_CODE`.
const PY_SSL_ERROR_EOF: u64 = crate::error::ssl_errno::EOF as u64;
const PY_SSL_ERROR_INVALID_ERROR_CODE: u64 = 10;
/// `ERR_LIB_SSL`, `ERR_LIB_SYS` and the two reasons CPython singles out.
const ERR_LIB_SYS: c_int = 2;
const ERR_LIB_SSL: c_int = 20;
const SSL_R_CERTIFICATE_VERIFY_FAILED: c_int = 134;
const SSL_R_UNEXPECTED_EOF_WHILE_READING: c_int = 294;
/// `X509_V_ERR_HOSTNAME_MISMATCH`, `X509_V_ERR_IP_ADDRESS_MISMATCH`.
const X509_V_ERR_HOSTNAME_MISMATCH: i64 = 62;
const X509_V_ERR_IP_ADDRESS_MISMATCH: i64 = 64;
/// `PySSL_CB_MAXLEN`.
const CB_MAXLEN: usize = 128;

/// How the `SSL` reaches its peer, and how long an operation may wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Transport {
    /// Memory BIOs (`SSLObject`): never waits.
    Memory,
    /// A socket descriptor (`SSLSocket`) with the socket's timeout: `None`
    /// blocks, `Some(0)` is non-blocking, otherwise a deadline per call.
    Socket {
        fd: c_int,
        timeout: Option<Duration>,
    },
}

/// `PySSL_select`'s answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SockState {
    NonBlocking,
    Blocking,
    TimedOut,
    Ok,
}

/// How a [`Engine::retry`] loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LoopEnd {
    /// The call succeeded or failed for good (or would block, non-blocking).
    Finished,
    /// The peer's close_notify arrived (`SSL_RECEIVED_SHUTDOWN`).
    CleanClose,
}

/// The deadline bookkeeping of one operation (`_PyDeadline_*`).
struct Deadline {
    end: Option<Instant>,
}

impl Deadline {
    fn start(t: Transport) -> Deadline {
        match t {
            Transport::Socket {
                timeout: Some(d), ..
            } if !d.is_zero() => Deadline {
                end: Some(Instant::now() + d),
            },
            _ => Deadline { end: None },
        }
    }

    /// `PySSL_select(sock, writing, remaining)`.
    fn select(&self, t: Transport, writing: bool) -> SockState {
        let Transport::Socket { fd, timeout } = t else {
            return SockState::NonBlocking;
        };
        match timeout {
            Some(d) if d.is_zero() => SockState::NonBlocking,
            None => SockState::Blocking,
            Some(_) => {
                let end = self.end.unwrap_or_else(Instant::now);
                let now = Instant::now();
                if now >= end {
                    return SockState::TimedOut;
                }
                let ms = (end - now).as_millis().clamp(1, c_int::MAX as u128) as c_int;
                if ffi::ssl::poll_fd(fd, writing, ms) {
                    SockState::Ok
                } else {
                    SockState::TimedOut
                }
            }
        }
    }
}

fn timeout_error(version: PythonVersion, what: &str) -> Error {
    Error::new(
        ErrorKind::Timeout,
        vec![crate::error::Arg::Str(format!(
            "The {what} operation timed out"
        ))],
    )
    .for_version(version)
}

/// One TLS connection: CPython's `PySSLSocket`.
pub(crate) struct Engine {
    ssl: Ssl,
    ctx: SslContext,
    version: PythonVersion,
    server_side: bool,
    server_hostname: Option<String>,
    err: IoOutcome,
    /// The context's change number the `SSL`'s pinned state reflects
    /// (`SslContext::refresh`).
    ctx_seen: u64,
    shutdown_seen_zero: bool,
    /// An `SSLSocket` (fd BIO) rather than an `SSLObject` (memory BIOs):
    /// `PySSL_SetError` tells them apart on `SSL_ERROR_SYSCALL`.
    has_socket: bool,
}

/// CPython's `_ssl_session_dup` (3.6 … 3.13): `i2d_SSL_SESSION` then
/// `d2i_SSL_SESSION`, with its `ValueError`s.
fn dup_session(s: &openssl::ssl::SslSessionRef) -> Result<openssl::ssl::SslSession> {
    let der = s
        .to_der()
        .ok()
        .filter(|d| !d.is_empty() && d.len() <= 0xFF00)
        .ok_or_else(|| Error::value_error("i2d() failed"))?;
    openssl::ssl::SslSession::from_der(&der).map_err(|_| Error::value_error("d2i() failed"))
}

impl Drop for Engine {
    /// `PySSL_dealloc`. From 3.14 on CPython marks the connection as having
    /// sent close_notify before `SSL_free` (gh-123249), so OpenSSL keeps its
    /// session resumable even when the socket was closed without `unwrap()`;
    /// up to 3.13 such a session was dropped from the server's cache.
    fn drop(&mut self) {
        if self.version.at_least(14) {
            ffi::ssl::mark_shutdown_sent(&mut self.ssl);
        }
    }
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("server_side", &self.server_side)
            .field("server_hostname", &self.server_hostname)
            .finish_non_exhaustive()
    }
}

impl Engine {
    /// `newPySSLSocket`: the `SSL`, its BIOs (set up by `attach`), mode,
    /// post-handshake auth, host name, connect/accept state and session.
    pub(crate) fn new(
        ctx: &SslContext,
        has_socket: bool,
        server_side: bool,
        server_hostname: Option<&str>,
        session: Option<&SslSession>,
        attach: impl FnOnce(&mut SslRef) -> Result<()>,
    ) -> Result<Engine> {
        let version = ctx.python_version();
        // 3.10 added these checks; before, OpenSSL itself refuses at the
        // handshake ("[SSL] called a function you should not call").
        let checked = version.at_least(10);
        if checked && server_side && ctx.protocol() == Protocol::TlsClient {
            return Err(ssl_error_from_queue(
                version,
                Some("Cannot create a server socket with a PROTOCOL_TLS_CLIENT context"),
            ));
        }
        if checked && !server_side && ctx.protocol() == Protocol::TlsServer {
            return Err(ssl_error_from_queue(
                version,
                Some("Cannot create a client socket with a PROTOCOL_TLS_SERVER context"),
            ));
        }
        ffi::clear_errors();
        let (mut ssl, ctx_seen) = ctx.new_ssl()?;
        if server_side {
            ffi::ssl::set_python_session_id_context(&mut ssl);
        }
        attach(&mut ssl)?;
        ffi::ssl::set_mode(&mut ssl, ffi::ssl::CPYTHON_SSL_MODE);
        let mut engine = Engine {
            ssl,
            ctx: ctx.clone(),
            version,
            server_side,
            server_hostname: None,
            err: IoOutcome::default(),
            ctx_seen,
            shutdown_seen_zero: false,
            has_socket,
        };
        if ctx.post_handshake_auth() {
            if server_side {
                let mode = engine.ssl.verify_mode();
                if mode.contains(SslVerifyMode::PEER) {
                    engine
                        .ssl
                        .set_verify(mode | SslVerifyMode::from_bits_retain(0x8));
                }
            } else {
                ffi::ssl::enable_post_handshake_auth(&mut engine.ssl);
            }
        }
        if let Some(h) = server_hostname {
            engine.configure_hostname(h)?;
        }
        if server_side {
            engine.ssl.set_accept_state();
        } else {
            engine.ssl.set_connect_state();
        }
        if let Some(s) = session {
            engine.set_session(s)?;
        }
        Ok(engine)
    }

    /// `_ssl_configure_hostname`: SNI unless an IP literal, and the name
    /// (or address) OpenSSL must check when `check_hostname` is on.
    fn configure_hostname(&mut self, host: &str) -> Result<()> {
        if host.contains('\0') {
            return Err(Error::type_error(
                "argument must be encoded string without null bytes, not str",
            ));
        }
        if !self.version.at_least(7) {
            // 3.6 only sends SNI (ignoring a failure); the name is checked in
            // Python after the handshake (`match_hostname`).
            self.server_hostname = Some(host.to_string());
            if !host.is_empty() && self.ssl.set_hostname(host).is_err() {
                ffi::clear_errors();
            }
            return Ok(());
        }
        if host.is_empty() || host.starts_with('.') {
            return Err(Error::value_error(
                "server_hostname cannot be an empty string or start with a leading dot.",
            ));
        }
        let ip = ffi::ssl::ip_address(host);
        self.server_hostname = Some(host.to_string());
        if ip.is_none() && self.ssl.set_hostname(host).is_err() {
            return Err(ssl_error_from_queue(self.version, None));
        }
        if self.ctx.check_hostname() {
            let param = self.ssl.param_mut();
            let r = match &ip {
                None => param.set_host(host),
                Some(bytes) => {
                    let addr = match bytes.len() {
                        4 => std::net::IpAddr::from(
                            <[u8; 4]>::try_from(&bytes[..]).unwrap_or_default(),
                        ),
                        _ => std::net::IpAddr::from(
                            <[u8; 16]>::try_from(&bytes[..]).unwrap_or_default(),
                        ),
                    };
                    param.set_ip(addr)
                }
            };
            if let Err(e) = r {
                return Err(crate::error::ssl_error_from_stack(self.version, &e));
            }
        }
        Ok(())
    }

    /// 3.6's `SSLObject.do_handshake` tail: with `check_hostname`, the peer
    /// certificate is matched in Python after the handshake.
    fn check_hostname_36(&self) -> Result<()> {
        if self.version.at_least(7) || !self.ctx.check_hostname() {
            return Ok(());
        }
        let Some(host) = self.server_hostname.as_deref().filter(|h| !h.is_empty()) else {
            return Err(Error::value_error(
                "check_hostname needs server_hostname argument",
            ));
        };
        let cert = self.getpeercert()?.into_certificate();
        crate::hostname::match_hostname(cert.as_ref(), host, self.version)
    }

    /// `server_side`.
    pub(crate) fn server_side(&self) -> bool {
        self.server_side
    }

    /// `server_hostname` (the A-label given, or `None`).
    pub(crate) fn server_hostname(&self) -> Option<&str> {
        self.server_hostname.as_deref()
    }

    /// The context in use (the one an SNI callback switched to, if any).
    pub(crate) fn context(&self) -> SslContext {
        crate::sni::context_index()
            .and_then(|i| self.ssl.ex_data(i).cloned())
            .unwrap_or_else(|| self.ctx.clone())
    }

    /// `ssl.context = ctx` (`SSL_set_SSL_CTX`).
    pub(crate) fn set_context(&mut self, ctx: &SslContext) -> Result<()> {
        self.ctx_seen = ctx.attach(&mut self.ssl)?;
        if let Some(i) = crate::sni::context_index() {
            self.ssl.set_ex_data(i, ctx.clone());
        }
        self.ctx = ctx.clone();
        Ok(())
    }

    fn uses_ex(&self) -> bool {
        self.version.at_least(10)
    }

    fn set_nbio_for(&mut self, t: Transport) {
        if let Transport::Socket { timeout, .. } = t {
            ffi::ssl::set_nbio(&mut self.ssl, timeout.is_some());
        }
    }

    /// Before an operation that may run the handshake: what the context
    /// changed since (see `SslContext::refresh`).
    fn sync_context(&mut self) {
        if ffi::ssl::is_init_finished(&self.ssl) {
            return;
        }
        let ctx = self.context();
        ctx.refresh(&mut self.ssl, &mut self.ctx_seen);
    }

    /// `do_handshake()`.
    pub(crate) fn do_handshake(&mut self, t: Transport) -> Result<()> {
        self.sync_context();
        self.set_nbio_for(t);
        let deadline = Deadline::start(t);
        self.retry(t, &deadline, "handshake", false, ffi::ssl::do_handshake)?;
        if self.err.ret < 1 {
            return Err(self.error());
        }
        self.check_hostname_36()
    }

    /// CPython's retry loop around one OpenSSL call: while it wants to read
    /// or write and the transport can wait (`PySSL_select`), call again.
    /// With `clean_close`, `SSL_ERROR_ZERO_RETURN` after the peer's
    /// close_notify ends the loop as [`LoopEnd::CleanClose`].
    fn retry(
        &mut self,
        t: Transport,
        deadline: &Deadline,
        what: &str,
        clean_close: bool,
        mut call: impl FnMut(&mut SslRef) -> IoOutcome,
    ) -> Result<LoopEnd> {
        loop {
            let r = call(&mut self.ssl);
            self.err = r;
            let state = match r.ssl_error {
                SSL_ERROR_WANT_READ => deadline.select(t, false),
                SSL_ERROR_WANT_WRITE => deadline.select(t, true),
                SSL_ERROR_ZERO_RETURN
                    if clean_close
                        && ffi::ssl::get_shutdown(&self.ssl) == ffi::ssl::SSL_RECEIVED_SHUTDOWN =>
                {
                    return Ok(LoopEnd::CleanClose);
                }
                _ => return Ok(LoopEnd::Finished),
            };
            match state {
                SockState::TimedOut => return Err(timeout_error(self.version, what)),
                SockState::NonBlocking => return Ok(LoopEnd::Finished),
                SockState::Blocking | SockState::Ok => {}
            }
        }
    }

    /// Whether the last `SSL_read`/`SSL_write` (`_ex` from 3.10) failed.
    fn io_failed(&self) -> bool {
        if self.uses_ex() {
            self.err.ret == 0
        } else {
            self.err.ret <= 0
        }
    }

    /// `read(len)` into `buf` (`len == buf.len()`): the byte count, 0 at a
    /// clean close (`SSL_RECEIVED_SHUTDOWN`), as CPython's `_SSLSocket.read`.
    pub(crate) fn read(&mut self, t: Transport, buf: &mut [u8]) -> Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        self.sync_context();
        self.set_nbio_for(t);
        let deadline = Deadline::start(t);
        let ex = self.uses_ex();
        let end = self.retry(t, &deadline, "read", true, |ssl| {
            ffi::ssl::read(ssl, buf, ex)
        })?;
        if end == LoopEnd::CleanClose {
            return Ok(0);
        }
        if self.io_failed() {
            return Err(self.error());
        }
        Ok(self.err.count)
    }

    /// `write(data)`: bytes written.
    pub(crate) fn write(&mut self, t: Transport, data: &[u8]) -> Result<usize> {
        if data.len() > i32::MAX as usize {
            return Err(Error::overflow_error(format!(
                "string longer than {} bytes",
                i32::MAX
            )));
        }
        self.sync_context();
        self.set_nbio_for(t);
        let deadline = Deadline::start(t);
        if deadline.select(t, true) == SockState::TimedOut {
            return Err(timeout_error(self.version, "write"));
        }
        let ex = self.uses_ex();
        self.retry(t, &deadline, "write", false, |ssl| {
            ffi::ssl::write(ssl, data, ex)
        })?;
        if self.io_failed() {
            return Err(self.error());
        }
        Ok(self.err.count)
    }

    /// `shutdown()`: sends close_notify and, where the transport can wait,
    /// waits for the peer's (two `SSL_shutdown` calls at most, as CPython).
    pub(crate) fn shutdown(&mut self, t: Transport) -> Result<()> {
        self.set_nbio_for(t);
        let deadline = Deadline::start(t);
        let mut zeros = 0;
        let mut ret;
        loop {
            let r = ffi::ssl::shutdown(&mut self.ssl, self.shutdown_seen_zero);
            self.err = r;
            ret = r.ret;
            if ret > 0 {
                break;
            }
            if ret == 0 {
                zeros += 1;
                if zeros > 1 {
                    break;
                }
                self.shutdown_seen_zero = true;
                continue;
            }
            let state = match r.ssl_error {
                SSL_ERROR_WANT_READ => deadline.select(t, false),
                SSL_ERROR_WANT_WRITE => deadline.select(t, true),
                _ => break,
            };
            match state {
                SockState::TimedOut => {
                    let what = if r.ssl_error == SSL_ERROR_WANT_READ {
                        "read"
                    } else {
                        "write"
                    };
                    return Err(timeout_error(self.version, what));
                }
                SockState::Ok => {}
                _ => break,
            }
        }
        if ret < 0 {
            return Err(self.error());
        }
        Ok(())
    }

    /// `PySSL_SetError`: the exception for the last failed call, by the
    /// rules of this connection's CPython release.
    pub(crate) fn error(&mut self) -> Error {
        let v = self.version;
        let e = ffi::peek_last_error() as u64;
        let (lib, reason) = ffi::err_lib_reason(e as _);
        let err = self.err;
        let socket = self.has_socket;
        let mut kind = ErrorKind::Ssl;
        let mut errstr: Option<&str> = None;
        let p: u64;
        let os_error = |errno: c_int| {
            ffi::clear_errors();
            Error::os_error(errno, None).for_version(v)
        };
        // 3.13+ raise a queued system error (`ERR_LIB_SYS`) as OSError and
        // return at once, without `ERR_clear_error()`: the entry stays queued,
        // so the next failing call on this thread finds it again (OpenSSL
        // 3.2+ queue one when an alert cannot be written to a closed peer).
        let os_error_queued = |errno: c_int| Error::os_error(errno, None).for_version(v);
        match err.ssl_error {
            SSL_ERROR_ZERO_RETURN => {
                errstr = Some("TLS/SSL connection has been closed (EOF)");
                kind = ErrorKind::ZeroReturn;
                p = 6;
            }
            SSL_ERROR_WANT_READ => {
                errstr = Some("The operation did not complete (read)");
                kind = ErrorKind::WantRead;
                p = 2;
            }
            SSL_ERROR_WANT_WRITE => {
                errstr = Some("The operation did not complete (write)");
                kind = ErrorKind::WantWrite;
                p = 3;
            }
            SSL_ERROR_WANT_X509_LOOKUP => {
                errstr = Some("The operation did not complete (X509 lookup)");
                p = 4;
            }
            SSL_ERROR_WANT_CONNECT => {
                errstr = Some("The operation did not complete (connect)");
                p = 7;
            }
            SSL_ERROR_SYSCALL => {
                if e == 0 {
                    if v.at_least(13) {
                        if err.errno != 0 {
                            return os_error(err.errno);
                        }
                        p = PY_SSL_ERROR_EOF;
                        kind = ErrorKind::Eof;
                        errstr = Some("EOF occurred in violation of protocol");
                    } else if err.ret == 0 {
                        p = PY_SSL_ERROR_EOF;
                        kind = ErrorKind::Eof;
                        errstr = Some("EOF occurred in violation of protocol");
                    } else if socket && err.ret == -1 {
                        if err.errno != 0 || !v.at_least(10) {
                            // 3.6-3.9 call the socket's error handler, which
                            // raises OSError from errno even when it is 0.
                            return os_error(err.errno);
                        }
                        p = PY_SSL_ERROR_EOF;
                        kind = ErrorKind::Eof;
                        errstr = Some("EOF occurred in violation of protocol");
                    } else {
                        p = 5;
                        kind = ErrorKind::Syscall;
                        errstr = Some("Some I/O error occurred");
                    }
                } else {
                    if v.at_least(13) {
                        if lib == ERR_LIB_SSL && reason == SSL_R_CERTIFICATE_VERIFY_FAILED {
                            kind = ErrorKind::CertVerification;
                        }
                        if lib == ERR_LIB_SYS {
                            return os_error_queued(reason);
                        }
                    }
                    p = 5;
                }
            }
            SSL_ERROR_SSL => {
                p = 1;
                if e == 0 {
                    errstr = Some("A failure in the SSL library occurred");
                }
                if v.at_least(7) && lib == ERR_LIB_SSL && reason == SSL_R_CERTIFICATE_VERIFY_FAILED
                {
                    kind = ErrorKind::CertVerification;
                }
                if v.at_least(10)
                    && lib == ERR_LIB_SSL
                    && reason == SSL_R_UNEXPECTED_EOF_WHILE_READING
                {
                    return self.finish_error(
                        ErrorKind::Eof,
                        PY_SSL_ERROR_EOF,
                        Some("EOF occurred in violation of protocol"),
                        e,
                    );
                }
                if v.at_least(13) && lib == ERR_LIB_SYS {
                    return os_error_queued(reason);
                }
            }
            _ => {
                p = PY_SSL_ERROR_INVALID_ERROR_CODE;
                errstr = Some("Invalid error code");
            }
        }
        self.finish_error(kind, p, errstr, e)
    }

    /// `fill_and_set_sslerror` with this socket's verify result, then
    /// `ERR_clear_error`.
    fn finish_error(&self, kind: ErrorKind, p: u64, errstr: Option<&str>, e: u64) -> Error {
        let v = self.version;
        let err = if kind == ErrorKind::CertVerification {
            let code = self.ssl.verify_result().as_raw() as i64;
            let host = self.server_hostname.as_deref().unwrap_or("None");
            let verify = match code {
                X509_V_ERR_HOSTNAME_MISMATCH => Some(format!(
                    "Hostname mismatch, certificate is not valid for '{host}'."
                )),
                X509_V_ERR_IP_ADDRESS_MISMATCH => Some(format!(
                    "IP address mismatch, certificate is not valid for '{host}'."
                )),
                c => ffi::ssl::verify_cert_error_string(c as _),
            };
            // CPython prints a missing message as None.
            let shown = verify.clone().unwrap_or_else(|| "None".to_string());
            ssl_error_from_code(v, kind, e, errstr, p, Some(&shown)).with_verify(code, verify)
        } else {
            ssl_error_from_code(v, kind, e, errstr, p, None)
        };
        ffi::clear_errors();
        err
    }

    /// `errno` right after the last failed I/O call (0 when the transport
    /// did not fail: e.g. OpenSSL asked to read again after dropping a
    /// record).
    pub(crate) fn last_errno(&self) -> i32 {
        self.err.errno
    }

    /// OpenSSL's read-ahead (`SSL_set_read_ahead`); off unless asked for.
    pub(crate) fn set_read_ahead(&mut self, yes: bool) {
        ffi::ssl::set_read_ahead(&mut self.ssl, yes);
    }

    /// `pending()`.
    pub(crate) fn pending(&self) -> usize {
        self.ssl.pending()
    }

    /// True once the handshake completed (`SSL_is_init_finished`).
    pub(crate) fn handshake_done(&self) -> bool {
        ffi::ssl::is_init_finished(&self.ssl)
    }

    /// `getpeercert()`: `Ok(None)` without a peer certificate, an empty
    /// certificate (`{}`) when the context does not verify, the decoded dict
    /// otherwise. Before the handshake: `ValueError("handshake not done yet")`.
    pub(crate) fn getpeercert(&self) -> Result<PeerCert> {
        if !self.handshake_done() {
            return Err(Error::value_error("handshake not done yet"));
        }
        let Some(cert) = self.ssl.peer_certificate() else {
            return Ok(PeerCert::NoCertificate);
        };
        let verifying = self
            .ssl
            .ssl_context()
            .verify_mode()
            .contains(SslVerifyMode::PEER);
        if !verifying {
            return Ok(PeerCert::NotValidated);
        }
        PeerCertificate::from_x509_for(&cert, self.version)
            .map(|c| PeerCert::Validated(Box::new(c)))
    }

    /// `getpeercert(binary_form=True)`.
    pub(crate) fn getpeercert_der(&self) -> Result<Option<Vec<u8>>> {
        if !self.handshake_done() {
            return Err(Error::value_error("handshake not done yet"));
        }
        Ok(self.ssl.peer_certificate().and_then(|c| c.to_der().ok()))
    }

    /// `cipher()`.
    pub(crate) fn cipher(&self) -> Option<(String, String, i32)> {
        self.ssl.current_cipher().map(ffi::ssl::cipher_tuple)
    }

    /// `version()`.
    pub(crate) fn tls_version(&self) -> Option<String> {
        if !self.handshake_done() {
            return None;
        }
        let v = self.ssl.version_str();
        (v != "unknown").then(|| v.to_string())
    }

    /// `shared_ciphers()`.
    pub(crate) fn shared_ciphers(&self) -> Option<Vec<(String, String, i32)>> {
        ffi::ssl::shared_ciphers(&self.ssl, !self.version.at_least(10))
    }

    /// `compression()`.
    pub(crate) fn compression(&self) -> Option<String> {
        ffi::ssl::compression(&self.ssl)
    }

    /// `selected_alpn_protocol()`.
    pub(crate) fn selected_alpn_protocol(&self) -> Option<String> {
        self.ssl
            .selected_alpn_protocol()
            .map(|p| String::from_utf8_lossy(p).into_owned())
    }

    /// `get_channel_binding(cb_type)`.
    pub(crate) fn channel_binding(&self, cb_type: &str) -> Result<Option<Vec<u8>>> {
        if cb_type != "tls-unique" {
            return Err(Error::value_error(if self.version.at_least(7) {
                format!(
                    "{} channel binding type not implemented",
                    crate::pyrepr::repr(cb_type)
                )
            } else {
                "Unsupported channel binding type".to_string()
            }));
        }
        let mut buf = [0u8; CB_MAXLEN];
        let own = self.ssl.session_reused() ^ !self.server_side;
        let n = if own {
            self.ssl.finished(&mut buf)
        } else {
            self.ssl.peer_finished(&mut buf)
        };
        Ok((n > 0).then(|| buf[..n.min(CB_MAXLEN)].to_vec()))
    }

    /// `session` (the current session, if any). Up to 3.13 a copy made
    /// through its serialised form, like CPython's `_ssl_session_dup`:
    /// sharing the live object would let OpenSSL mark it non-resumable when
    /// this connection ends without close_notify. 3.14 shares it
    /// (`SSL_get1_session`) and marks connections shut down when freeing
    /// them instead (see `Drop`).
    pub(crate) fn session(&self) -> Option<SslSession> {
        let s = self.ssl.session()?;
        let session = if self.version.at_least(14) {
            s.to_owned()
        } else {
            dup_session(s).unwrap_or_else(|_| s.to_owned())
        };
        Some(SslSession::new(session, self.ctx.clone()))
    }

    /// `session = s`, with CPython's checks in CPython's order.
    pub(crate) fn set_session(&mut self, s: &SslSession) -> Result<()> {
        if !s.context().same_context(&self.ctx) {
            return Err(Error::value_error(
                "Session refers to a different SSLContext.",
            ));
        }
        if self.server_side {
            return Err(Error::value_error(
                "Cannot set session for server-side SSLSocket.",
            ));
        }
        if self.handshake_done() {
            return Err(Error::value_error("Cannot set session after handshake."));
        }
        // Up to 3.13 the connection gets a copy (`_ssl_session_dup`), so that
        // its end without close_notify cannot make the caller's session
        // non-resumable; 3.14 hands over the session itself.
        let copy;
        let session = if self.version.at_least(14) {
            s.raw()
        } else {
            copy = dup_session(s.raw()).map_err(|e| e.for_version(self.version))?;
            &copy
        };
        crate::ffi::ssl::set_session(&mut self.ssl, session)
            .map_err(|_| ssl_error_from_queue(self.version, None))
    }

    /// The server name the client sent (SNI), as a server sees it.
    pub(crate) fn requested_server_name(&self) -> Option<String> {
        self.ssl
            .servername(openssl::ssl::NameType::HOST_NAME)
            .map(str::to_owned)
    }

    /// `session_reused`.
    pub(crate) fn session_reused(&self) -> bool {
        self.ssl.session_reused()
    }

    /// `verify_client_post_handshake()`.
    pub(crate) fn verify_client_post_handshake(&mut self) -> Result<()> {
        if ffi::ssl::verify_client_post_handshake(&mut self.ssl) {
            Ok(())
        } else {
            Err(ssl_error_from_queue(self.version, None))
        }
    }

    /// `get_verified_chain()` (DER, leaf first).
    pub(crate) fn verified_chain(&self) -> Vec<Vec<u8>> {
        self.ssl
            .verified_chain()
            .map(|s| s.iter().filter_map(|c| c.to_der().ok()).collect())
            .unwrap_or_default()
    }

    /// `get_unverified_chain()` (DER, as the peer sent it).
    pub(crate) fn unverified_chain(&self) -> Vec<Vec<u8>> {
        let mut out: Vec<Vec<u8>> = Vec::new();
        if let Some(chain) = self.ssl.peer_cert_chain() {
            out.extend(chain.iter().filter_map(|c| c.to_der().ok()));
        }
        if self.server_side {
            // On the server, SSL_get_peer_cert_chain omits the leaf.
            if let Some(leaf) = self.ssl.peer_certificate().and_then(|c| c.to_der().ok()) {
                out.insert(0, leaf);
            }
        }
        out
    }
}

#[cfg(all(test, ossl300))]
mod tests {
    use super::*;
    use crate::bio::MemoryBio;
    use crate::options::Protocol;

    fn engine(v: PythonVersion) -> Engine {
        let ctx = SslContext::with_version(Protocol::TlsClient, v).expect("context");
        let (i, o) = (MemoryBio::new().unwrap(), MemoryBio::new().unwrap());
        Engine::new(&ctx, true, false, Some("localhost"), None, |ssl| {
            MemoryBio::attach(ssl, &i, &o);
            Ok(())
        })
        .expect("engine")
    }

    fn failed_ssl_call() -> ffi::ssl::IoOutcome {
        ffi::ssl::IoOutcome {
            ret: -1,
            count: 0,
            ssl_error: SSL_ERROR_SSL,
            errno: 0,
        }
    }

    /// CPython 3.13+ raise a queued system error as `OSError` and return
    /// without `ERR_clear_error()`: the entry stays, and the next failure on
    /// the thread is the same `OSError` (on OpenSSL 3.2+, a ragged close whose
    /// alert cannot be written gives `BrokenPipeError` on every later read,
    /// as CPython 3.14 on 3.6.3 does). 3.12 has no such path.
    #[test]
    fn a_queued_system_error_stays_queued_as_in_cpython() {
        for v in [PythonVersion::Py313, PythonVersion::Py314] {
            let mut e = engine(v);
            ffi::clear_errors();
            ffi::raise_system_error(libc::EPIPE);
            e.err = failed_ssl_call();
            for _ in 0..2 {
                let err = e.error();
                assert_eq!(err.python_type(), "BrokenPipeError", "{v}");
                assert_eq!(err.errno(), Some(i64::from(libc::EPIPE)), "{v}");
                assert_ne!(ffi::peek_last_error(), 0, "{v}: the entry stays queued");
            }
            ffi::clear_errors();
        }
        // 3.12 reports it as an SSLError and clears the queue.
        let mut e = engine(PythonVersion::Py312);
        ffi::raise_system_error(libc::EPIPE);
        e.err = failed_ssl_call();
        assert_eq!(e.error().python_type(), "SSLError");
        assert_eq!(ffi::peek_last_error(), 0);
    }
}

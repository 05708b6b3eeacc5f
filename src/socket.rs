//! `ssl.SSLSocket`: TLS over a connected socket, with CPython's blocking,
//! timeout and non-blocking behaviour and its end-of-file rules.
//!
//! As in CPython, OpenSSL reads and writes the socket descriptor itself
//! (`SSL_set_fd`), so a missing close_notify, a reset or a timeout surface
//! exactly as they do in Python.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::fd::{AsFd, AsRawFd};
use std::time::Duration;

use crate::cert::PeerCert;
use crate::context::SslContext;
use crate::engine::{Engine, Transport};
use crate::error::{Error, ErrorKind, Result};
use crate::hostname::encode_hostname;
use crate::session::SslSession;

/// What can carry an [`SslSocket`]: any connected socket that reads,
/// writes and has a descriptor ([`AsFd`]), as CPython's `wrap_socket` takes
/// any `socket.socket`. `TcpStream`, `UnixStream` and, for instance, mio's
/// streams qualify. Sealed: pyssl drives the descriptor itself
/// (`settimeout` sets `O_NONBLOCK`, `shutdown` calls `shutdown(2)`, OpenSSL
/// reads and writes it), so the trait has nothing to implement.
#[doc(alias = "socket")]
pub trait Socket: Read + Write + AsFd + sealed::Sealed {}

impl<T: Read + Write + AsFd> Socket for T {}

mod sealed {
    /// Implemented for every `Read + Write + AsFd` type, by pyssl only.
    pub trait Sealed {}
    impl<T: std::io::Read + std::io::Write + std::os::fd::AsFd> Sealed for T {}
}

/// The keyword arguments of `SSLContext.wrap_socket`. `WrapOptions::new()`
/// and `WrapOptions::default()` are the same: CPython's defaults.
#[doc(alias = "wrap_socket")]
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct WrapOptions {
    /// `server_side=`.
    pub server_side: bool,
    /// `server_hostname=`: SNI and the name checked (IDNA-encoded as CPython).
    pub server_hostname: Option<String>,
    /// `do_handshake_on_connect=` (CPython's default is true: see
    /// [`WrapOptions::new`]).
    pub do_handshake_on_connect: bool,
    /// `suppress_ragged_eofs=` (default true): an EOF without close_notify
    /// reads as `b''` instead of raising `SSLEOFError`.
    pub suppress_ragged_eofs: bool,
    /// `session=`: a session to resume (client only).
    pub session: Option<SslSession>,
    /// The timeout of the new `SSLSocket`. CPython takes it from the socket
    /// being wrapped (`sock.gettimeout()`), and so does pyssl by default
    /// (`None` here): a stream with `set_nonblocking(true)` is non-blocking
    /// (`Some(0)`), one with `set_read_timeout(t)` (else
    /// `set_write_timeout(t)`) has timeout `t`, any other blocks.
    /// `Some(t)` overrides it, as `sock.settimeout(t)` before wrapping would:
    /// `Some(None)` blocks, `Some(Some(0))` is non-blocking.
    pub timeout: Option<Option<Duration>>,
}

impl Default for WrapOptions {
    /// CPython's defaults, as [`WrapOptions::new`].
    fn default() -> WrapOptions {
        WrapOptions::new()
    }
}

impl WrapOptions {
    /// CPython's defaults: client side, handshake on connect, ragged EOFs
    /// suppressed.
    pub fn new() -> WrapOptions {
        WrapOptions {
            server_side: false,
            server_hostname: None,
            do_handshake_on_connect: true,
            suppress_ragged_eofs: true,
            session: None,
            timeout: None,
        }
    }

    /// `server_hostname=host`.
    pub fn server_hostname(mut self, host: impl Into<String>) -> Self {
        self.server_hostname = Some(host.into());
        self
    }

    /// `server_side=True`.
    pub fn server_side(mut self, yes: bool) -> Self {
        self.server_side = yes;
        self
    }

    /// `do_handshake_on_connect=`.
    pub fn do_handshake_on_connect(mut self, yes: bool) -> Self {
        self.do_handshake_on_connect = yes;
        self
    }

    /// `suppress_ragged_eofs=`.
    pub fn suppress_ragged_eofs(mut self, yes: bool) -> Self {
        self.suppress_ragged_eofs = yes;
        self
    }

    /// `session=`: a session, or `None` (so `session=self.sock.session`
    /// ports as `.session(sock.session())`).
    pub fn session(mut self, s: impl Into<Option<SslSession>>) -> Self {
        self.session = s.into();
        self
    }

    /// `sock.settimeout(t)` before wrapping, instead of the stream's own
    /// timeouts: bounds the handshake on connect and every later call.
    #[doc(alias = "settimeout")]
    pub fn timeout(mut self, t: Option<Duration>) -> Self {
        self.timeout = Some(t);
        self
    }
}

/// `ssl.SSLSocket`, made by [`SslContext::wrap_socket`].
///
/// Threads: `Send + Sync` when `S` is; one connection, driven through `&mut self`,
/// so it may move between threads; shared references only read.
#[doc(alias = "SSLSocket")]
pub struct SslSocket<S: Socket = TcpStream> {
    sock: Option<S>,
    engine: Option<Engine>,
    version: crate::profile::PythonVersion,
    timeout: Option<Duration>,
    server_side: bool,
    server_hostname: Option<String>,
    do_handshake_on_connect: bool,
    suppress_ragged_eofs: bool,
    context: SslContext,
}

impl<S: Socket> std::fmt::Debug for SslSocket<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SslSocket")
            .field("server_side", &self.server_side)
            .field("server_hostname", &self.server_hostname)
            .field("fd", &self.sock.as_ref().map(|s| s.as_fd().as_raw_fd()))
            .field("wrapped", &self.engine.is_some())
            .finish()
    }
}

impl SslContext {
    /// `SSLContext.wrap_socket(sock, …)` over a connected socket, with
    /// CPython's argument checks and, by default, the handshake.
    ///
    /// The socket's blocking mode is kept as its timeout: call
    /// [`SslSocket::settimeout`] to change it. On failure the socket is closed,
    /// as CPython does.
    pub fn wrap_socket<S: Socket>(&self, sock: S, opts: WrapOptions) -> Result<SslSocket<S>> {
        let version = self.python_version();
        if opts.server_side {
            if opts
                .server_hostname
                .as_deref()
                .is_some_and(|h| !h.is_empty())
            {
                return Err(Error::value_error(
                    "server_hostname can only be specified in client mode",
                ));
            }
            if opts.session.is_some() {
                return Err(Error::value_error(
                    "session can only be specified in client mode",
                ));
            }
        }
        if self.check_hostname() && opts.server_hostname.as_deref().is_none_or(str::is_empty) {
            return Err(Error::value_error(
                "check_hostname requires server_hostname",
            ));
        }
        let host = match &opts.server_hostname {
            Some(h) if version.at_least(7) => Some(encode_hostname(h, version)?),
            Some(h) => Some(h.clone()),
            None => None,
        };
        if let Some(h) = &host {
            if h.contains('\0') {
                return Err(Error::type_error(
                    "argument must be encoded string without null bytes, not str",
                ));
            }
        }
        let c_host = match &host {
            Some(h) if !version.at_least(7) => Some(encode_hostname(h, version)?),
            other => other.clone(),
        };
        let fd = sock.as_fd().as_raw_fd();
        let engine = Engine::new(
            self,
            true,
            opts.server_side,
            c_host.as_deref(),
            opts.session.as_ref(),
            |ssl| {
                if crate::ffi::ssl::set_fd(ssl, fd) {
                    Ok(())
                } else {
                    Err(crate::error::ssl_error_from_queue(version, None))
                }
            },
        )?;
        let timeout = match opts.timeout {
            Some(t) => t,
            None => stream_timeout(&sock)?,
        };
        if opts.do_handshake_on_connect && timeout.is_some_and(|t| t.is_zero()) {
            return Err(Error::value_error(
                "do_handshake_on_connect should not be specified for non-blocking sockets",
            ));
        }
        let mut s = SslSocket {
            sock: Some(sock),
            engine: Some(engine),
            version,
            timeout: None,
            server_side: opts.server_side,
            server_hostname: host,
            do_handshake_on_connect: opts.do_handshake_on_connect,
            suppress_ragged_eofs: opts.suppress_ragged_eofs,
            context: self.clone(),
        };
        s.settimeout(timeout)?;
        if opts.do_handshake_on_connect {
            if let Err(e) = s.do_handshake() {
                s.close();
                return Err(e);
            }
        }
        Ok(s)
    }
}

/// The timeout CPython would read from the socket (`sock.gettimeout()`),
/// from what a Rust stream keeps on its descriptor.
fn stream_timeout<S: Socket>(sock: &S) -> Result<Option<Duration>> {
    let (nonblocking, read, write) = crate::ffi::sock::stream_timeouts(sock.as_fd())?;
    Ok(if nonblocking {
        Some(Duration::ZERO)
    } else {
        read.or(write)
    })
}

impl<S: Socket> SslSocket<S> {
    fn transport(&self) -> Result<Transport> {
        let sock = self
            .sock
            .as_ref()
            .ok_or_else(|| Error::os_error(libc::EBADF, None).for_version(self.version))?;
        Ok(Transport::Socket {
            fd: sock.as_fd().as_raw_fd(),
            timeout: self.timeout,
        })
    }

    fn engine(&mut self) -> Result<(&mut Engine, Transport)> {
        let t = self.transport()?;
        match self.engine.as_mut() {
            Some(e) => Ok((e, t)),
            None => Err(Error::value_error(
                "Read on closed or unwrapped SSL socket.",
            )),
        }
    }

    /// `SSLSocket.settimeout(t)`: `None` blocks, `Some(0)` is non-blocking
    /// (operations fail with `SSLWantReadError`/`SSLWantWriteError`), any
    /// other value bounds each operation (`TimeoutError`). The stream's own
    /// read and write timeouts are set to match, so `get_ref().read_timeout()`
    /// agrees with [`gettimeout`](Self::gettimeout) for a positive timeout.
    pub fn settimeout(&mut self, timeout: Option<Duration>) -> Result<()> {
        if let Some(s) = &self.sock {
            crate::ffi::sock::set_nonblocking(s.as_fd(), timeout.is_some())?;
            crate::ffi::sock::set_stream_timeouts(s.as_fd(), timeout.filter(|t| !t.is_zero()))?;
        }
        self.timeout = timeout;
        Ok(())
    }

    /// `SSLSocket.gettimeout()`.
    pub fn gettimeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// `SSLSocket.setblocking(flag)`.
    pub fn setblocking(&mut self, blocking: bool) -> Result<()> {
        self.settimeout(if blocking { None } else { Some(Duration::ZERO) })
    }

    /// `SSLSocket.do_handshake()`.
    pub fn do_handshake(&mut self) -> Result<()> {
        let (e, t) = self.engine()?;
        e.do_handshake(t)
    }

    /// `SSLSocket.read(len)`: up to `len` bytes; `b''` at a clean close, or at
    /// a ragged EOF when `suppress_ragged_eofs` is set.
    pub fn read(&mut self, len: usize) -> Result<Vec<u8>> {
        let mut buf = vec![0u8; len];
        let n = self.read_into(&mut buf)?;
        buf.truncate(n);
        Ok(buf)
    }

    /// `SSLSocket.read(len, buffer)` / `recv_into(buffer)`: the byte count.
    #[doc(alias = "read")]
    pub fn read_into(&mut self, buf: &mut [u8]) -> Result<usize> {
        let suppress = self.suppress_ragged_eofs;
        let (e, t) = self.engine()?;
        match e.read(t, buf) {
            Err(err)
                if suppress
                    && err.errno() == Some(crate::error::ssl_errno::EOF)
                    && err.kind().is_ssl_error() =>
            {
                Ok(0)
            }
            other => other,
        }
    }

    /// `SSLSocket.recv(bufsize)`: [`read`](Self::read) while wrapped; after
    /// [`unwrap`](Self::unwrap) a plain socket read.
    pub fn recv(&mut self, bufsize: usize) -> Result<Vec<u8>> {
        if self.engine.is_some() {
            return self.read(bufsize);
        }
        let mut buf = vec![0u8; bufsize];
        let n = self.plain_io(false, |s| s.read(&mut buf))?;
        buf.truncate(n);
        Ok(buf)
    }

    /// `SSLSocket.recv_into(buffer)`.
    pub fn recv_into(&mut self, buf: &mut [u8]) -> Result<usize> {
        if self.engine.is_some() {
            return self.read_into(buf);
        }
        self.plain_io(false, |s| s.read(buf))
    }

    /// A plain socket call after `unwrap()`, with Python's socket timeout
    /// rules: wait up to the timeout (`TimeoutError('timed out')`), or fail
    /// at once when non-blocking (`BlockingIOError`).
    fn plain_io(
        &mut self,
        writing: bool,
        mut op: impl FnMut(&mut S) -> std::io::Result<usize>,
    ) -> Result<usize> {
        let v = self.version;
        let timeout = self.timeout;
        let sock = self.plain()?;
        if let Some(t) = timeout.filter(|t| !t.is_zero()) {
            let ms = t.as_millis().clamp(1, i32::MAX as u128) as i32;
            if !crate::ffi::ssl::poll_fd(sock.as_fd().as_raw_fd(), writing, ms) {
                return Err(Error::new(
                    ErrorKind::Timeout,
                    vec![crate::error::Arg::Str("timed out".into())],
                )
                .for_version(v));
            }
        }
        op(sock).map_err(|e| Error::from(e).for_version(v))
    }

    fn plain(&mut self) -> Result<&mut S> {
        let v = self.version;
        self.sock
            .as_mut()
            .ok_or_else(|| Error::os_error(libc::EBADF, None).for_version(v))
    }

    /// `SSLSocket.write(data)` / `send(data)`: bytes written.
    pub fn write(&mut self, data: &[u8]) -> Result<usize> {
        if self.engine.is_none() {
            return Err(Error::value_error(
                "Write on closed or unwrapped SSL socket.",
            ));
        }
        let (e, t) = self.engine()?;
        e.write(t, data)
    }

    /// `SSLSocket.send(data)`: [`write`](Self::write) while wrapped; a plain
    /// socket write after [`unwrap`](Self::unwrap).
    pub fn send(&mut self, data: &[u8]) -> Result<usize> {
        if self.engine.is_some() {
            return self.write(data);
        }
        self.plain_io(true, |s| s.write(data))
    }

    /// `SSLSocket.recv(bufsize, flags)`: CPython refuses non-zero flags on
    /// a wrapped socket.
    #[doc(alias = "recv")]
    pub fn recv_with_flags(&mut self, bufsize: usize, flags: i32) -> Result<Vec<u8>> {
        if flags != 0 && self.engine.is_some() {
            return Err(Self::flags_error("recv"));
        }
        self.recv(bufsize)
    }

    /// `SSLSocket.send(data, flags)`: CPython refuses non-zero flags on a
    /// wrapped socket.
    #[doc(alias = "send")]
    pub fn send_with_flags(&mut self, data: &[u8], flags: i32) -> Result<usize> {
        if flags != 0 && self.engine.is_some() {
            return Err(Self::flags_error("send"));
        }
        self.send(data)
    }

    /// `SSLSocket.fileno()`; `-1` once closed.
    pub fn fileno(&self) -> i32 {
        self.sock.as_ref().map_or(-1, |s| s.as_fd().as_raw_fd())
    }

    /// `SSLSocket.sendall(data)`.
    pub fn sendall(&mut self, data: &[u8]) -> Result<()> {
        let mut sent = 0;
        while sent < data.len() {
            sent += self.send(&data[sent..])?;
        }
        Ok(())
    }

    /// Not in CPython: OpenSSL's read-ahead (`SSL_set_read_ahead`). Off by
    /// default, as CPython leaves it; when on, OpenSSL reads whatever the
    /// socket has (up to its buffer) instead of one record header and then
    /// its body, which saves system calls. Bytes read past a close_notify
    /// stay in OpenSSL's buffer, so leave it off for a socket that
    /// [`unwrap`](Self::unwrap) hands back for plain-text use (STARTTLS).
    /// `pyssl-server` turns it on, as nginx does.
    #[doc(alias = "SSL_set_read_ahead")]
    pub fn set_read_ahead(&mut self, yes: bool) {
        if let Some(e) = &mut self.engine {
            e.set_read_ahead(yes);
        }
    }

    /// The `errno` the socket left after the last failed OpenSSL I/O call
    /// (CPython keeps it internally, in `_PySSLError`), 0 when the transport
    /// did not fail: e.g. OpenSSL asks to read again after dropping a record,
    /// while `EAGAIN` means the socket really had nothing. Not in CPython's
    /// API: an event loop (such as `pyssl-server`'s) needs it to tell the two
    /// apart.
    pub fn last_errno(&self) -> i32 {
        self.engine.as_ref().map_or(0, Engine::last_errno)
    }

    /// `SSLSocket.pending()`.
    pub fn pending(&self) -> usize {
        self.engine.as_ref().map_or(0, Engine::pending)
    }

    /// `SSLSocket.unwrap()`: the TLS shutdown (close_notify both ways); returns
    /// the plain socket, as CPython does. Afterwards this `SslSocket` is a
    /// plain socket too (`recv`/`send` go to the stream unencrypted, with the
    /// same timeout), and [`into_inner`](Self::into_inner) hands the stream
    /// back. On a non-blocking socket it may fail with `SSLWantReadError`:
    /// call it again, as in CPython.
    pub fn unwrap(&mut self) -> Result<&mut S> {
        let t = self.transport()?;
        let Some(e) = self.engine.as_mut() else {
            return Err(Error::value_error(format!(
                "No SSL wrapper around {self:?}"
            )));
        };
        e.shutdown(t)?;
        self.engine = None;
        self.plain()
    }

    /// `SSLSocket.shutdown(how)`: drops TLS without close_notify and shuts
    /// the socket down.
    pub fn shutdown(&mut self, how: std::net::Shutdown) -> Result<()> {
        self.engine = None;
        Ok(crate::ffi::sock::shutdown(self.plain()?.as_fd(), how)?)
    }

    /// `SSLSocket.close()`: closes the descriptor (no close_notify).
    pub fn close(&mut self) {
        self.engine = None;
        self.sock = None;
    }

    /// The socket back (e.g. after [`unwrap`](Self::unwrap)); `None` once closed.
    #[doc(alias = "detach")]
    pub fn into_inner(mut self) -> Option<S> {
        self.engine = None;
        self.sock.take()
    }

    /// The socket, borrowed.
    pub fn get_ref(&self) -> Option<&S> {
        self.sock.as_ref()
    }

    fn info<T>(&self, f: impl FnOnce(&Engine) -> Option<T>) -> Option<T> {
        self.engine.as_ref().and_then(f)
    }

    /// `SSLSocket.getpeercert()`.
    pub fn getpeercert(&self) -> Result<PeerCert> {
        match &self.engine {
            Some(e) => e.getpeercert(),
            None => Err(Error::value_error("handshake not done yet")),
        }
    }

    /// `SSLSocket.getpeercert(binary_form=True)`.
    #[doc(alias = "getpeercert")]
    pub fn getpeercert_der(&self) -> Result<Option<Vec<u8>>> {
        match &self.engine {
            Some(e) => e.getpeercert_der(),
            None => Err(Error::value_error("handshake not done yet")),
        }
    }

    /// `SSLSocket.cipher()`.
    pub fn cipher(&self) -> Option<(String, String, i32)> {
        self.info(Engine::cipher)
    }

    /// `SSLSocket.version()`.
    pub fn version(&self) -> Option<String> {
        self.info(Engine::tls_version)
    }

    /// `SSLSocket.shared_ciphers()`.
    pub fn shared_ciphers(&self) -> Option<Vec<(String, String, i32)>> {
        self.info(Engine::shared_ciphers)
    }

    /// `SSLSocket.compression()`.
    pub fn compression(&self) -> Option<String> {
        self.info(Engine::compression)
    }

    /// `SSLSocket.selected_alpn_protocol()`.
    pub fn selected_alpn_protocol(&self) -> Option<String> {
        self.info(Engine::selected_alpn_protocol)
    }

    /// `SSLSocket.get_channel_binding(cb_type="tls-unique")`.
    pub fn get_channel_binding(&self, cb_type: &str) -> Result<Option<Vec<u8>>> {
        match &self.engine {
            Some(e) => e.channel_binding(cb_type),
            None => Ok(None),
        }
    }

    /// `SSLSocket.session`.
    pub fn session(&self) -> Option<SslSession> {
        self.info(Engine::session)
    }

    /// `SSLSocket.session = s`.
    #[doc(alias = "session")]
    pub fn set_session(&mut self, s: &SslSession) -> Result<()> {
        match self.engine.as_mut() {
            Some(e) => e.set_session(s),
            None => Err(Error::value_error("Cannot set session after handshake.")),
        }
    }

    /// The server name the client asked for (SNI), on a server socket after
    /// the handshake. No CPython equivalent (there, `sni_callback` receives
    /// it); pyssl-server logs it.
    pub fn requested_server_name(&self) -> Option<String> {
        self.info(Engine::requested_server_name)
    }

    /// `SSLSocket.session_reused`.
    pub fn session_reused(&self) -> Option<bool> {
        self.engine.as_ref().map(Engine::session_reused)
    }

    /// `SSLSocket.server_side`.
    pub fn server_side(&self) -> bool {
        self.server_side
    }

    /// `SSLSocket.server_hostname` (the A-label from 3.7 on).
    pub fn server_hostname(&self) -> Option<&str> {
        self.server_hostname.as_deref()
    }

    /// `SSLSocket.do_handshake_on_connect`.
    pub fn do_handshake_on_connect(&self) -> bool {
        self.do_handshake_on_connect
    }

    /// `SSLSocket.suppress_ragged_eofs`.
    pub fn suppress_ragged_eofs(&self) -> bool {
        self.suppress_ragged_eofs
    }

    /// `SSLSocket.context` (the one an SNI callback switched to, if any).
    pub fn context(&self) -> SslContext {
        match &self.engine {
            Some(e) => e.context(),
            None => self.context.clone(),
        }
    }

    /// `SSLSocket.context = ctx` (`SSL_set_SSL_CTX`).
    #[doc(alias = "context")]
    pub fn set_context(&mut self, ctx: &SslContext) -> Result<()> {
        if let Some(e) = self.engine.as_mut() {
            e.set_context(ctx)?;
        }
        self.context = ctx.clone();
        Ok(())
    }

    /// `SSLSocket.verify_client_post_handshake()`.
    pub fn verify_client_post_handshake(&mut self) -> Result<()> {
        match self.engine.as_mut() {
            Some(e) => e.verify_client_post_handshake(),
            None => Err(Error::value_error("No SSL wrapper around socket")),
        }
    }

    /// `SSLSocket.get_verified_chain()` (3.13).
    pub fn get_verified_chain(&self) -> Vec<Vec<u8>> {
        self.engine
            .as_ref()
            .map(Engine::verified_chain)
            .unwrap_or_default()
    }

    /// `SSLSocket.get_unverified_chain()` (3.13).
    pub fn get_unverified_chain(&self) -> Vec<Vec<u8>> {
        self.engine
            .as_ref()
            .map(Engine::unverified_chain)
            .unwrap_or_default()
    }

    /// `recv`/`send` with non-zero `flags`: CPython's `ValueError`.
    fn flags_error(method: &str) -> Error {
        Error::new(
            ErrorKind::Value,
            vec![crate::error::Arg::Str(format!(
                "non-zero flags not allowed in calls to {method}() on <class 'ssl.SSLSocket'>"
            ))],
        )
    }
}

impl<S: Socket> Read for SslSocket<S> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.recv_into(buf).map_err(std::io::Error::from)
    }
}

impl<S: Socket> Write for SslSocket<S> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.send(buf).map_err(std::io::Error::from)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

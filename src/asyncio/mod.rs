//! asyncio's TLS streams on tokio (feature `tokio`): `asyncio.open_connection(…, ssl=ctx)`,
//! `asyncio.start_server(…, ssl=ctx)`, `loop.start_tls()` / `StreamWriter.start_tls()`, and
//! `get_extra_info()`, with the semantics of the `SSLProtocol` of the [`PythonVersion`] the
//! context was made for.
//!
//! Like `Lib/asyncio/sslproto.py`, a [`TlsStream`] drives an [`SslObject`] over two
//! [`MemoryBio`]s and moves the bytes between them and the transport itself. What a port keeps,
//! each observed against CPython 3.8, 3.11 and 3.14 asyncio on this machine:
//!
//! | situation | asyncio (every release unless said) | here |
//! |---|---|---|
//! | handshake longer than `ssl_handshake_timeout` (default 60 s) | `ConnectionAbortedError('SSL handshake is taking longer than 60.0 seconds: aborting the connection')` | the same [`Error`] (`ErrorKind::ConnectionAborted`) |
//! | transport closed during the handshake | `ConnectionResetError()` (no arguments) | the same |
//! | handshake failure | the `SSLError` subclass of `do_handshake()`, no alert flushed to the peer | the same |
//! | peer's close_notify | `read()` returns `b''`; asyncio answers with its own close_notify | `poll_read` reads 0 bytes; the same answer |
//! | transport EOF without close_notify (ragged EOF) | `read()` returns `b''` | `poll_read` reads 0 bytes |
//! | close (`writer.close()`; `wait_closed()`) | close_notify, then wait for the peer's; 3.11+: at most `ssl_shutdown_timeout` (default 30 s), then `TimeoutError('SSL shutdown timed out')`; 3.8–3.10: no limit | `poll_shutdown`, the same |
//! | `writer.can_write_eof()`, `writer.write_eof()` | `False`; a bare `NotImplementedError()`: TLS has no half-close | [`TlsStream::can_write_eof`] is `false`, [`TlsStream::write_eof`] the same error; `poll_shutdown` closes both ways |
//! | `writer.drain()` | waits while more than 64 KiB of ciphertext is buffered | `poll_write` is pending while more than 64 KiB is buffered |
//!
//! Errors reach `AsyncRead`/`AsyncWrite` callers as an [`std::io::Error`] holding the pyssl
//! [`Error`] (`get_ref()`/`into_inner()`, or `pyssl::Error::from(io_error)`).

mod server;

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

use crate::bio::MemoryBio;
use crate::cert::PeerCert;
use crate::context::SslContext;
use crate::error::{Arg, Error, ErrorKind, Result};
use crate::object::SslObject;
use crate::profile::PythonVersion;
use crate::session::SslSession;

pub use server::{start_server, Server};

/// asyncio's `constants.SSL_HANDSHAKE_TIMEOUT`: 60 s.
pub const SSL_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(60);
/// asyncio's `constants.SSL_SHUTDOWN_TIMEOUT` (3.11+): 30 s.
pub const SSL_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(30);
/// asyncio's default write-buffer high-water mark: `drain()` waits above it (64 KiB).
const HIGH_WATER: usize = 64 * 1024;
/// The most asyncio reads from the transport at a time (`SSLProtocol.max_size`, 256 KiB).
const READ_CHUNK: usize = 256 * 1024;
/// The first transport read: a handshake's flights fit; a read that fills it doubles the
/// next, up to [`READ_CHUNK`], so a short connection never pays for 256 KiB.
const FIRST_READ_CHUNK: usize = 16 * 1024;

/// The TLS keyword arguments of `open_connection`, `start_server` and `start_tls`.
///
/// CPython equivalent: `server_hostname=`, `ssl_handshake_timeout=` and (3.11+)
/// `ssl_shutdown_timeout=`.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct TlsOptions {
    /// `server_hostname=`: the name to send (SNI) and check; `None` = the host connected
    /// to (`open_connection`), as asyncio does.
    pub server_hostname: Option<String>,
    /// `ssl_handshake_timeout=`; `None` = [`SSL_HANDSHAKE_TIMEOUT`].
    pub ssl_handshake_timeout: Option<Duration>,
    /// `ssl_shutdown_timeout=` (3.11+; before, `open_connection`/`start_server` fail with
    /// asyncio's `TypeError` for the unexpected keyword argument);
    /// `None` = [`SSL_SHUTDOWN_TIMEOUT`] on 3.11+, no limit before.
    pub ssl_shutdown_timeout: Option<Duration>,
    /// `session=`-like reuse of an earlier connection's session (not an asyncio argument:
    /// asyncio cannot resume; `SSLObject.session` can).
    pub session: Option<SslSession>,
}

impl TlsOptions {
    /// Options with a server name.
    pub fn with_server_hostname(name: impl Into<String>) -> TlsOptions {
        TlsOptions {
            server_hostname: Some(name.into()),
            ..TlsOptions::default()
        }
    }

    /// asyncio's call-time check for `version`: `ssl_shutdown_timeout` is a `TypeError`
    /// before 3.11 (an unexpected keyword argument of the loop method `func`).
    fn check_arguments(&self, version: PythonVersion, func: &str) -> Result<()> {
        if self.ssl_shutdown_timeout.is_some() && !version.at_least(11) {
            let qualified = if version.at_least(10) {
                format!("BaseEventLoop.{func}")
            } else {
                func.to_owned()
            };
            return Err(Error::type_error(format!(
                "{qualified}() got an unexpected keyword argument 'ssl_shutdown_timeout'"
            )));
        }
        Ok(())
    }

    /// `SSLProtocol.__init__`'s check, once the transport exists: a timeout must be
    /// positive.
    fn check_timeouts(&self) -> Result<()> {
        for (name, t) in [
            ("ssl_handshake_timeout", self.ssl_handshake_timeout),
            ("ssl_shutdown_timeout", self.ssl_shutdown_timeout),
        ] {
            if t.is_some_and(|t| t.is_zero()) {
                return Err(Error::value_error(format!(
                    "{name} should be a positive number, got {}",
                    py_float(Duration::ZERO)
                )));
            }
        }
        Ok(())
    }

    fn handshake_timeout(&self) -> Duration {
        self.ssl_handshake_timeout.unwrap_or(SSL_HANDSHAKE_TIMEOUT)
    }

    fn shutdown_timeout(&self, version: PythonVersion) -> Option<Duration> {
        if version.at_least(11) {
            Some(self.ssl_shutdown_timeout.unwrap_or(SSL_SHUTDOWN_TIMEOUT))
        } else {
            None
        }
    }
}

/// A duration as Python prints the float of seconds (`60.0`, `0.5`).
fn py_float(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.1}")
    } else {
        format!("{s}")
    }
}

/// `asyncio.open_connection(host, port, ssl=ctx, server_hostname=…,
/// ssl_handshake_timeout=…, ssl_shutdown_timeout=…)`: a TCP connection and the TLS
/// handshake over it, as one stream (read it and write it, or
/// [`into_split`](TlsStream::into_split) it into asyncio's reader and writer).
///
/// Without `server_hostname` the host connected to is the name, as asyncio does.
pub async fn open_connection(
    host: &str,
    port: u16,
    ctx: &SslContext,
    opts: TlsOptions,
) -> Result<TlsStream<TcpStream>> {
    opts.check_arguments(ctx.python_version(), "create_connection")?;
    let tcp = connect(host, port).await?;
    tcp.set_nodelay(true).map_err(Error::from)?;
    let opts = TlsOptions {
        server_hostname: Some(
            opts.server_hostname
                .clone()
                .unwrap_or_else(|| host.to_owned()),
        ),
        ..opts
    };
    start_tls(tcp, ctx, false, opts).await
}

/// `loop.create_connection`'s TCP part: every resolved address in turn; a refused or
/// failed connect is asyncio's `OSError(errno, "Connect call failed ('127.0.0.1', 9)")`
/// (`sock_connect`), the first one when every address failed the same way.
async fn connect(host: &str, port: u16) -> Result<TcpStream> {
    let addrs: Vec<std::net::SocketAddr> = tokio::net::lookup_host((host, port))
        .await
        .map_err(Error::from)?
        .collect();
    let mut first: Option<Error> = None;
    for addr in addrs {
        match TcpStream::connect(addr).await {
            Ok(tcp) => return Ok(tcp),
            Err(e) => {
                let err = match e.raw_os_error() {
                    Some(errno) => Error::new(
                        ErrorKind::from_errno(errno),
                        vec![
                            Arg::Int(i64::from(errno)),
                            Arg::Str(format!("Connect call failed {}", py_address(&addr))),
                        ],
                    ),
                    None => Error::from(e),
                };
                first.get_or_insert(err);
            }
        }
    }
    Err(first.unwrap_or_else(|| {
        Error::new(
            ErrorKind::Os,
            vec![Arg::Str("getaddrinfo() returned empty list".into())],
        )
    }))
}

/// A socket address as Python prints `sock.getpeername()`'s tuple:
/// `('127.0.0.1', 443)`, `('::1', 443, 0, 0)`.
fn py_address(addr: &std::net::SocketAddr) -> String {
    match addr {
        std::net::SocketAddr::V4(a) => format!("('{}', {})", a.ip(), a.port()),
        std::net::SocketAddr::V6(a) => format!(
            "('{}', {}, {}, {})",
            a.ip(),
            a.port(),
            a.flowinfo(),
            a.scope_id()
        ),
    }
}

/// `loop.start_tls(transport, protocol, sslcontext, server_side=…, server_hostname=…,
/// ssl_handshake_timeout=…, ssl_shutdown_timeout=…)` and `StreamWriter.start_tls()`
/// (3.11+): TLS over a connection that already carried plain bytes, handshake included.
///
/// Bytes the peer sent after its plain-text part and already read into a buffer of yours
/// are not seen here: hand over the connection at a message boundary, as STARTTLS
/// protocols do.
pub async fn start_tls<S>(
    io: S,
    ctx: &SslContext,
    server_side: bool,
    opts: TlsOptions,
) -> Result<TlsStream<S>>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let version = ctx.python_version();
    opts.check_timeouts()?;
    let incoming = MemoryBio::new()?;
    let outgoing = MemoryBio::new()?;
    let obj = ctx.wrap_bio(
        &incoming,
        &outgoing,
        server_side,
        if server_side {
            None
        } else {
            opts.server_hostname.as_deref()
        },
        opts.session.as_ref(),
    )?;
    let mut stream = TlsStream {
        io,
        obj,
        incoming,
        outgoing,
        version,
        read_chunk: FIRST_READ_CHUNK,
        transport_eof: false,
        tls_eof: false,
        close_sent: false,
        closed: false,
        shutdown_timeout: opts.shutdown_timeout(version),
        shutdown_deadline: None,
    };
    let limit = opts.handshake_timeout();
    match tokio::time::timeout(limit, std::future::poll_fn(|cx| stream.poll_handshake(cx))).await {
        Ok(r) => r.map(|()| stream),
        Err(_elapsed) => Err(Error::new(
            ErrorKind::ConnectionAborted,
            vec![Arg::Str(format!(
                "SSL handshake is taking longer than {} seconds: aborting the connection",
                py_float(limit)
            ))],
        )),
    }
}

/// A TLS connection as asyncio's `SSLProtocol` runs it, over any tokio transport `S`
/// (a `TcpStream`, a Unix socket, an in-memory duplex…).
///
/// CPython equivalent: the `StreamReader`/`StreamWriter` pair (or the `_SSLProtocolTransport`)
/// of a connection opened with `ssl=`; `get_extra_info(name)` is a method per name here.
///
/// Threads: `Send` when `S` is; one task drives it (or two, after
/// [`into_split`](TlsStream::into_split)).
pub struct TlsStream<S> {
    io: S,
    obj: SslObject,
    incoming: MemoryBio,
    outgoing: MemoryBio,
    version: PythonVersion,
    /// The most the next transport read asks for (asyncio's buffer size, grown as reads
    /// fill it). Transport reads land straight in `incoming`'s spare room and transport
    /// writes leave straight from `outgoing` (no copy of the bytes in between).
    read_chunk: usize,
    /// The transport said EOF.
    transport_eof: bool,
    /// Reads return EOF from now on (close_notify, or a ragged EOF).
    tls_eof: bool,
    /// Our close_notify is queued.
    close_sent: bool,
    /// `poll_shutdown` finished.
    closed: bool,
    shutdown_timeout: Option<Duration>,
    shutdown_deadline: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<S> std::fmt::Debug for TlsStream<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsStream")
            .field("obj", &self.obj)
            .field("version", &self.version)
            .field("transport_eof", &self.transport_eof)
            .field("tls_eof", &self.tls_eof)
            .field("close_sent", &self.close_sent)
            .finish_non_exhaustive()
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> TlsStream<S> {
    /// Moves what OpenSSL produced to the transport; ready when all of it was accepted.
    fn poll_flush_out(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        loop {
            let io = &mut self.io;
            // The transport writes from the outgoing buffer; what it took is consumed.
            let step = self.outgoing.drain_with(|data| {
                if data.is_empty() {
                    return (0, Poll::Ready(Ok(None)));
                }
                match Pin::new(io).poll_write(cx, data) {
                    Poll::Ready(Ok(n)) => (n, Poll::Ready(Ok(Some(n)))),
                    Poll::Ready(Err(e)) => (0, Poll::Ready(Err(e))),
                    Poll::Pending => (0, Poll::Pending),
                }
            });
            match ready!(step)? {
                None => return Poll::Ready(Ok(())),
                Some(0) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Some(_) => {}
            }
        }
    }

    /// Ciphertext waiting for the transport, in bytes (asyncio's `get_write_buffer_size()`).
    #[doc(alias = "get_write_buffer_size")]
    pub fn write_buffer_size(&self) -> usize {
        self.outgoing.pending()
    }

    /// Reads one chunk of the transport into the incoming BIO; ready(true) at transport EOF.
    fn poll_fill_in(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<bool>> {
        if self.transport_eof {
            return Poll::Ready(Ok(true));
        }
        let io = &mut self.io;
        // The transport reads into the incoming buffer's spare room, which is what
        // `MemoryBIO.write()` of those bytes would leave there.
        let polled = self
            .incoming
            .fill_with(self.read_chunk, |room| {
                let mut rb = ReadBuf::new(room);
                match Pin::new(io).poll_read(cx, &mut rb) {
                    Poll::Ready(Ok(())) => {
                        let n = rb.filled().len();
                        (n, Poll::Ready(Ok(n)))
                    }
                    Poll::Ready(Err(e)) => (0, Poll::Ready(Err(e))),
                    Poll::Pending => (0, Poll::Pending),
                }
            })
            .map_err(io::Error::from)?;
        let n = ready!(polled)?;
        if n == 0 {
            self.transport_eof = true;
            return Poll::Ready(Ok(true));
        }
        if n == self.read_chunk && n < READ_CHUNK {
            self.read_chunk = n * 2;
        }
        Poll::Ready(Ok(false))
    }

    fn poll_handshake(&mut self, cx: &mut Context<'_>) -> Poll<Result<()>> {
        loop {
            match self.obj.do_handshake() {
                Ok(()) => {
                    // Deliver our last flight (a TLS 1.3 client's Finished) now; if the
                    // transport is slow, the first read or write finishes it.
                    let _ = self.poll_flush_out(cx).map_err(Error::from)?;
                    return Poll::Ready(Ok(()));
                }
                Err(e) if e.kind() == ErrorKind::WantRead => {
                    ready!(self.poll_flush_out(cx)).map_err(Error::from)?;
                    if ready!(self.poll_fill_in(cx)).map_err(Error::from)? {
                        // sslproto: eof_received() in DO_HANDSHAKE is
                        // _on_handshake_complete(ConnectionResetError).
                        return Poll::Ready(Err(Error::new(ErrorKind::ConnectionReset, vec![])));
                    }
                }
                // The alert OpenSSL queued is not sent: asyncio aborts the transport.
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
    }

    /// The underlying [`SslObject`]: `get_extra_info('ssl_object')`.
    #[doc(alias = "get_extra_info")]
    pub fn ssl_object(&self) -> &SslObject {
        &self.obj
    }

    /// `get_extra_info('sslcontext')`.
    #[doc(alias = "get_extra_info")]
    pub fn sslcontext(&self) -> SslContext {
        self.obj.context()
    }

    /// `get_extra_info('peercert')`: `SSLObject.getpeercert()`.
    #[doc(alias = "get_extra_info")]
    pub fn peercert(&self) -> Result<PeerCert> {
        self.obj.getpeercert()
    }

    /// `get_extra_info('cipher')`: `SSLObject.cipher()`.
    #[doc(alias = "get_extra_info")]
    pub fn cipher(&self) -> Option<(String, String, i32)> {
        self.obj.cipher()
    }

    /// `get_extra_info('compression')`: `SSLObject.compression()`.
    #[doc(alias = "get_extra_info")]
    pub fn compression(&self) -> Option<String> {
        self.obj.compression()
    }

    /// `get_extra_info('socket')` (the transport), by reference.
    #[doc(alias = "get_extra_info")]
    pub fn get_ref(&self) -> &S {
        &self.io
    }

    /// `writer.can_write_eof()`: `false`, as for every asyncio SSL transport (TLS has no
    /// half-close).
    pub fn can_write_eof(&self) -> bool {
        false
    }

    /// `writer.write_eof()`: asyncio's SSL transport raises a bare `NotImplementedError()`;
    /// so does this. Close both ways with [`close`](Self::close).
    pub fn write_eof(&mut self) -> Result<()> {
        Err(Error::new(ErrorKind::NotImplemented, vec![]))
    }

    /// Splits into a reader and a writer for two tasks (`asyncio`'s `StreamReader` and
    /// `StreamWriter`), over one lock as `tokio::io::split` does.
    pub fn into_split(self) -> (tokio::io::ReadHalf<Self>, tokio::io::WriteHalf<Self>) {
        tokio::io::split(self)
    }

    /// Reads and throws away application data, as sslproto's `_do_read_into_void` does
    /// while shutting down.
    fn discard_app_data(&mut self) -> Result<()> {
        let mut scratch = [0u8; 16 * 1024];
        loop {
            match self.obj.read_into(&mut scratch) {
                Ok(0) => return Ok(()),
                Ok(_) => continue,
                Err(e) if matches!(e.kind(), ErrorKind::WantRead | ErrorKind::ZeroReturn) => {
                    return Ok(())
                }
                Err(e) => return Err(e),
            }
        }
    }

    fn poll_close(&mut self, cx: &mut Context<'_>) -> Poll<Result<()>> {
        if self.closed {
            return Poll::Ready(Ok(()));
        }
        if !self.close_sent {
            self.close_sent = true;
            match self.obj.unwrap() {
                Ok(()) => {}
                Err(e) if e.kind() == ErrorKind::WantRead => {}
                Err(e) => return Poll::Ready(Err(e)),
            }
            if let Some(t) = self.shutdown_timeout {
                self.shutdown_deadline = Some(Box::pin(tokio::time::sleep(t)));
            }
        }
        // Wait for the peer's close_notify (3.11+: at most ssl_shutdown_timeout).
        loop {
            if let Some(d) = self.shutdown_deadline.as_mut() {
                if d.as_mut().poll(cx).is_ready() {
                    self.closed = true;
                    return Poll::Ready(Err(Error::new(
                        ErrorKind::TimedOut,
                        vec![Arg::Str("SSL shutdown timed out".into())],
                    )));
                }
            }
            ready!(self.poll_flush_out(cx)).map_err(Error::from)?;
            if self.transport_eof {
                break;
            }
            self.discard_app_data()?;
            match self.obj.unwrap() {
                Ok(()) => {
                    ready!(self.poll_flush_out(cx)).map_err(Error::from)?;
                    break;
                }
                Err(e) if e.kind() == ErrorKind::WantRead => {
                    ready!(self.poll_fill_in(cx)).map_err(Error::from)?;
                }
                Err(e) => {
                    self.closed = true;
                    return Poll::Ready(Err(e));
                }
            }
        }
        ready!(Pin::new(&mut self.io).poll_shutdown(cx)).map_err(Error::from)?;
        self.closed = true;
        self.tls_eof = true;
        Poll::Ready(Ok(()))
    }

    /// `writer.close(); await writer.wait_closed()`: close_notify, the peer's close_notify
    /// awaited (3.11+: for at most `ssl_shutdown_timeout`), then the transport closed.
    /// The same as [`AsyncWriteExt::shutdown`](tokio::io::AsyncWriteExt::shutdown), with
    /// the pyssl [`Error`].
    #[doc(alias = "wait_closed")]
    pub async fn close(&mut self) -> Result<()> {
        std::future::poll_fn(|cx| self.poll_close(cx)).await
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncRead for TlsStream<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if buf.remaining() == 0 {
            return Poll::Ready(Ok(()));
        }
        loop {
            if this.tls_eof {
                return Poll::Ready(Ok(()));
            }
            match this.obj.read_into(buf.initialize_unfilled()) {
                Ok(0) => {
                    // The peer's close_notify: EOF, and asyncio answers with its own.
                    this.tls_eof = true;
                    if !this.close_sent {
                        this.close_sent = true;
                        let _ = this.obj.unwrap();
                        let _ = this.poll_flush_out(cx)?;
                    }
                    return Poll::Ready(Ok(()));
                }
                Ok(n) => {
                    buf.advance(n);
                    return Poll::Ready(Ok(()));
                }
                Err(e) if e.kind() == ErrorKind::WantRead => {
                    // Post-handshake messages (tickets, key updates) may need an answer.
                    let _ = this.poll_flush_out(cx)?;
                    if ready!(this.poll_fill_in(cx))? {
                        // A ragged EOF is an EOF for asyncio's reader.
                        this.tls_eof = true;
                        return Poll::Ready(Ok(()));
                    }
                }
                Err(e) => return Poll::Ready(Err(e.into())),
            }
        }
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncWrite for TlsStream<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.close_sent {
            // asyncio's transport.write() after close() is silently dropped; a Rust writer
            // must hear of it.
            return Poll::Ready(Err(io::Error::from(Error::new(
                ErrorKind::BrokenPipe,
                vec![Arg::Str("write after close".into())],
            ))));
        }
        // drain(): wait while the transport has more than the high-water mark to take.
        if this.write_buffer_size() > HIGH_WATER {
            match this.poll_flush_out(cx)? {
                Poll::Ready(()) => {}
                Poll::Pending if this.write_buffer_size() > HIGH_WATER => return Poll::Pending,
                Poll::Pending => {}
            }
        }
        let n = this.obj.write(data).map_err(io::Error::from)?;
        let _ = this.poll_flush_out(cx)?;
        Poll::Ready(Ok(n))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_flush_out(cx))?;
        Pin::new(&mut this.io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.get_mut().poll_close(cx).map_err(io::Error::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_print_as_python_tuples() {
        assert_eq!(
            py_address(&"127.0.0.1:9".parse().unwrap()),
            "('127.0.0.1', 9)"
        );
        assert_eq!(py_address(&"[::1]:9".parse().unwrap()), "('::1', 9, 0, 0)");
    }

    #[test]
    fn timeouts_print_as_python_floats() {
        assert_eq!(py_float(Duration::from_secs(60)), "60.0");
        assert_eq!(py_float(Duration::from_millis(500)), "0.5");
        assert_eq!(py_float(Duration::from_millis(1250)), "1.25");
    }
}

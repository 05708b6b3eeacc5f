//! TLS over any `Read + Write` transport (a pipe, an in-memory stream, a
//! TLS-in-TLS tunnel…): an [`SslObject`] with its two [`MemoryBio`]s pumped
//! to and from the transport, the way asyncio's `SSLProtocol` drives
//! CPython's `SSLObject`.
//!
//! Use [`SslSocket`](crate::SslSocket) for real sockets: there OpenSSL drives
//! the descriptor itself, exactly as in CPython, with timeouts. Here the
//! transport's own blocking behaviour applies; a transport `WouldBlock`
//! surfaces as `SSLWantReadError` / `SSLWantWriteError`.

use std::io::{self, Read, Write};

use crate::bio::MemoryBio;
use crate::cert::PeerCert;
use crate::context::SslContext;
use crate::error::{Error, ErrorKind, Result};
use crate::object::SslObject;
use crate::session::SslSession;
use crate::socket::WrapOptions;

/// TLS over a generic transport, with `SSLSocket`'s methods.
///
/// Threads: `Send + Sync` when `T` is; one connection, driven through `&mut self`,
/// so it may move between threads; shared references only read.
pub struct SslStream<T: Read + Write> {
    transport: T,
    obj: SslObject,
    incoming: MemoryBio,
    outgoing: MemoryBio,
    suppress_ragged_eofs: bool,
}

impl<T: Read + Write> std::fmt::Debug for SslStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SslStream")
            .field("obj", &self.obj)
            .finish_non_exhaustive()
    }
}

impl SslContext {
    /// `wrap_socket` for a transport that is not a socket: same arguments,
    /// same checks, the handshake on connect unless told otherwise.
    pub fn wrap_stream<T: Read + Write>(
        &self,
        transport: T,
        opts: WrapOptions,
    ) -> Result<SslStream<T>> {
        if opts.server_side
            && opts
                .server_hostname
                .as_deref()
                .is_some_and(|h| !h.is_empty())
        {
            return Err(Error::value_error(
                "server_hostname can only be specified in client mode",
            ));
        }
        if self.check_hostname() && opts.server_hostname.as_deref().is_none_or(str::is_empty) {
            return Err(Error::value_error(
                "check_hostname requires server_hostname",
            ));
        }
        let incoming = MemoryBio::new()?;
        let outgoing = MemoryBio::new()?;
        let obj = self.wrap_bio(
            &incoming,
            &outgoing,
            opts.server_side,
            opts.server_hostname.as_deref(),
            opts.session.as_ref(),
        )?;
        let mut s = SslStream {
            transport,
            obj,
            incoming,
            outgoing,
            suppress_ragged_eofs: opts.suppress_ragged_eofs,
        };
        if opts.do_handshake_on_connect {
            s.do_handshake()?;
        }
        Ok(s)
    }
}

impl<T: Read + Write> SslStream<T> {
    /// Writes everything OpenSSL produced to the transport.
    fn flush_out(&mut self) -> Result<()> {
        loop {
            let data = self.outgoing.read(Some(64 * 1024));
            if data.is_empty() {
                return self.transport.flush().map_err(Error::from);
            }
            self.transport
                .write_all(&data)
                .map_err(|e| map_io(e, true))?;
        }
    }

    /// Reads one chunk from the transport into the incoming BIO (EOF marks
    /// the BIO's end).
    fn fill_in(&mut self) -> Result<()> {
        let mut buf = [0u8; 16 * 1024];
        let n = self
            .transport
            .read(&mut buf)
            .map_err(|e| map_io(e, false))?;
        if n == 0 {
            self.incoming.write_eof();
        } else {
            self.incoming.write(&buf[..n])?;
        }
        Ok(())
    }

    /// Runs `op` until it stops wanting input, moving bytes as needed.
    fn drive<R>(&mut self, mut op: impl FnMut(&mut SslObject) -> Result<R>) -> Result<R> {
        loop {
            let r = op(&mut self.obj);
            self.flush_out()?;
            match r {
                Err(e) if e.kind() == ErrorKind::WantRead && !self.incoming.eof() => {
                    self.fill_in()?
                }
                other => return other,
            }
        }
    }

    /// `do_handshake()`.
    pub fn do_handshake(&mut self) -> Result<()> {
        self.drive(SslObject::do_handshake)
    }

    /// `read(len)`: `b''` at a clean close, or at a ragged EOF when
    /// `suppress_ragged_eofs`.
    pub fn read(&mut self, len: usize) -> Result<Vec<u8>> {
        let suppress = self.suppress_ragged_eofs;
        match self.drive(|o| o.read(len)) {
            Err(e) if suppress && e.errno() == Some(crate::error::ssl_errno::EOF) => Ok(Vec::new()),
            other => other,
        }
    }

    /// `write(data)`.
    pub fn write(&mut self, data: &[u8]) -> Result<usize> {
        self.drive(|o| o.write(data))
    }

    /// `sendall(data)`.
    pub fn sendall(&mut self, data: &[u8]) -> Result<()> {
        let mut sent = 0;
        while sent < data.len() {
            sent += self.write(&data[sent..])?;
        }
        Ok(())
    }

    /// `unwrap()`: close_notify both ways; then [`into_inner`](Self::into_inner).
    pub fn unwrap(&mut self) -> Result<()> {
        self.drive(SslObject::unwrap)
    }

    /// The transport back.
    pub fn into_inner(self) -> T {
        self.transport
    }

    /// The underlying [`SslObject`], for `getpeercert`, `cipher`, `version`,
    /// `session`… (all of `SSLSocket`'s information methods).
    pub fn ssl_object(&self) -> &SslObject {
        &self.obj
    }

    /// `getpeercert()`.
    pub fn getpeercert(&self) -> Result<PeerCert> {
        self.obj.getpeercert()
    }

    /// `version()`.
    pub fn version(&self) -> Option<String> {
        self.obj.version()
    }

    /// `cipher()`.
    pub fn cipher(&self) -> Option<(String, String, i32)> {
        self.obj.cipher()
    }

    /// `session`.
    pub fn session(&self) -> Option<SslSession> {
        self.obj.session()
    }
}

fn map_io(e: io::Error, writing: bool) -> Error {
    if e.kind() == io::ErrorKind::WouldBlock {
        let (kind, what) = if writing {
            (
                ErrorKind::WantWrite,
                "The operation did not complete (write)",
            )
        } else {
            (ErrorKind::WantRead, "The operation did not complete (read)")
        };
        return Error::new(
            kind,
            vec![
                crate::error::Arg::Int(if writing {
                    crate::error::ssl_errno::WANT_WRITE
                } else {
                    crate::error::ssl_errno::WANT_READ
                }),
                crate::error::Arg::Str(what.into()),
            ],
        );
    }
    Error::from(e)
}

impl<T: Read + Write> Read for SslStream<T> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let data = SslStream::read(self, buf.len()).map_err(io::Error::from)?;
        buf[..data.len()].copy_from_slice(&data);
        Ok(data.len())
    }
}

impl<T: Read + Write> Write for SslStream<T> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        SslStream::write(self, buf).map_err(io::Error::from)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.flush_out().map_err(io::Error::from)
    }
}

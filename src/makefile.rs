//! `socket.makefile('rwb')`: buffered line reading over a connection, for
//! the protocols that read lines and then upgrade the same connection to TLS
//! (SMTP, IMAP, POP3, FTP: `STARTTLS`, `AUTH TLS`), or go back to plain text
//! (FTP's `CCC`, `SSLSocket.unwrap()`).
//!
//! A [`SocketFile`] reads ahead into its own buffer, as CPython's
//! `BufferedReader` does; [`SocketFile::into_parts`] hands the stream back
//! with the bytes read but not consumed, so an upgrade loses nothing (after
//! `STARTTLS` the peer sends nothing until the handshake, so a correct
//! exchange leaves the buffer empty; a non-empty one is the peer's error,
//! and the caller sees it).
//!
//! ```no_run
//! # fn main() -> pyssl::Result<()> {
//! use std::net::TcpStream;
//! use pyssl::{create_default_context, makefile::SocketFile, Purpose, WrapOptions};
//!
//! let mut file = SocketFile::new(TcpStream::connect("127.0.0.1:25")?);
//! file.readline(None)?; // 220 greeting
//! file.write(b"STARTTLS\r\n")?;
//! file.readline(None)?; // 220 Ready to start TLS
//! let (plain, unread) = file.into_parts();
//! assert!(unread.is_empty());
//! let ctx = create_default_context(Purpose::ServerAuth)?;
//! let tls = ctx.wrap_socket(plain, WrapOptions::new().server_hostname("mail.example"))?;
//! let mut file = SocketFile::new(tls); // the same protocol, now over TLS
//! file.write(b"EHLO me\r\n")?;
//! # Ok(()) }
//! ```

use std::io::{Read, Write};

use crate::error::{Arg, Error, ErrorKind, Result};
use crate::profile::PythonVersion;

/// CPython's read-ahead size for `makefile()` (`io.DEFAULT_BUFFER_SIZE`).
const CHUNK: usize = 8192;

/// `sock.makefile('rwb')`: a stream with a read buffer and `readline`.
///
/// Works over a plain stream (`TcpStream`, `UnixStream`) and over an
/// [`SslSocket`](crate::SslSocket); errors are CPython's (`TimeoutError`
/// "timed out" when a plain stream's read timeout expires, the `SSLError`
/// family through TLS).
#[doc(alias = "makefile")]
#[derive(Debug)]
pub struct SocketFile<S: Read + Write> {
    inner: S,
    buf: Vec<u8>,
    pos: usize,
    version: PythonVersion,
}

impl<S: Read + Write> SocketFile<S> {
    /// `sock.makefile('rwb')` with the newest CPython's error classes.
    pub fn new(inner: S) -> SocketFile<S> {
        SocketFile::with_version(inner, PythonVersion::LATEST)
    }

    /// [`new`](Self::new) with CPython `version`'s error classes
    /// (`socket.timeout` on 3.6–3.9).
    pub fn with_version(inner: S, version: PythonVersion) -> SocketFile<S> {
        SocketFile {
            inner,
            buf: Vec::new(),
            pos: 0,
            version,
        }
    }

    /// Reads more into the buffer; 0 at end of stream.
    fn fill(&mut self) -> Result<usize> {
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        let start = self.buf.len();
        self.buf.resize(start + CHUNK, 0);
        let r = loop {
            match self.inner.read(&mut self.buf[start..]) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                other => break other,
            }
        };
        match r {
            Ok(n) => {
                self.buf.truncate(start + n);
                Ok(n)
            }
            Err(e) => {
                self.buf.truncate(start);
                Err(self.error(e))
            }
        }
    }

    /// A read error as CPython's socket file raises it: a plain stream's
    /// expired read timeout (`EAGAIN`) is `TimeoutError('timed out')`, as
    /// CPython raises for a socket with a timeout; a TLS error is unchanged.
    fn error(&self, e: std::io::Error) -> Error {
        if matches!(e.raw_os_error(), Some(n) if n == libc::EAGAIN || n == libc::EWOULDBLOCK) {
            return Error::new(ErrorKind::Timeout, vec![Arg::Str("timed out".into())])
                .for_version(self.version);
        }
        Error::from(e).for_version(self.version)
    }

    /// `file.readline(limit)`: the next line with its `b"\n"`; less at the
    /// end of the stream (`b""` when nothing is left); at most `limit` bytes
    /// when given (smtplib and ftplib pass their line limit + 1).
    pub fn readline(&mut self, limit: Option<usize>) -> Result<Vec<u8>> {
        loop {
            let avail = &self.buf[self.pos..];
            let stop = limit.map_or(avail.len(), |l| l.min(avail.len()));
            if let Some(i) = avail[..stop].iter().position(|&b| b == b'\n') {
                return Ok(self.take(i + 1));
            }
            if limit.is_some_and(|l| avail.len() >= l) {
                return Ok(self.take(stop));
            }
            if self.fill()? == 0 {
                let n = self.buf.len() - self.pos;
                return Ok(self.take(n));
            }
        }
    }

    /// `file.read(n)`: `n` bytes, fewer only at the end of the stream.
    pub fn read(&mut self, n: usize) -> Result<Vec<u8>> {
        while self.buf.len() - self.pos < n {
            if self.fill()? == 0 {
                break;
            }
        }
        let n = n.min(self.buf.len() - self.pos);
        Ok(self.take(n))
    }

    fn take(&mut self, n: usize) -> Vec<u8> {
        let out = self.buf[self.pos..self.pos + n].to_vec();
        self.pos += n;
        out
    }

    /// `file.write(data); file.flush()`: all of `data` (`sendall`).
    pub fn write(&mut self, data: &[u8]) -> Result<()> {
        self.inner
            .write_all(data)
            .and_then(|()| self.inner.flush())
            .map_err(|e| Error::from(e).for_version(self.version))
    }

    /// The bytes read ahead and not yet returned.
    pub fn buffered(&self) -> &[u8] {
        &self.buf[self.pos..]
    }

    /// The stream, borrowed.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }

    /// The stream, mutably (a read from it bypasses the buffer).
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.inner
    }

    /// The stream back, with the bytes read ahead and not consumed.
    pub fn into_parts(self) -> (S, Vec<u8>) {
        let rest = self.buf[self.pos..].to_vec();
        (self.inner, rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::net::UnixStream;

    /// CPython's `BufferedReader.readline(limit)` on the same bytes:
    /// `b"220 hi\r\n"`, then at most `limit` bytes, then the rest at EOF.
    #[test]
    fn readline_limit_eof_and_leftover() {
        let (mut a, b) = UnixStream::pair().expect("pair");
        a.write_all(b"220 hi\r\n250-one\r\n250 two\r\nabcdefgh")
            .expect("write");
        drop(a);
        let mut f = SocketFile::new(b);
        assert_eq!(f.readline(None).expect("1"), b"220 hi\r\n");
        assert_eq!(f.readline(Some(4)).expect("2"), b"250-");
        assert_eq!(f.readline(Some(100)).expect("3"), b"one\r\n");
        assert_eq!(f.read(3).expect("read"), b"250");
        assert_eq!(f.buffered(), b" two\r\nabcdefgh");
        assert_eq!(f.readline(None).expect("4"), b" two\r\n");
        assert_eq!(f.readline(None).expect("5"), b"abcdefgh");
        assert_eq!(f.readline(None).expect("eof"), b"");
        let (_, rest) = f.into_parts();
        assert!(rest.is_empty());
    }

    /// Bytes read ahead are handed back with the stream, none lost.
    #[test]
    fn into_parts_returns_unread_bytes() {
        let (mut a, b) = UnixStream::pair().expect("pair");
        a.write_all(b"220 Ready\r\nearly").expect("write");
        let mut f = SocketFile::new(b);
        assert_eq!(f.readline(None).expect("line"), b"220 Ready\r\n");
        let (_, rest) = f.into_parts();
        assert_eq!(rest, b"early");
    }

    /// A read timeout on a plain stream is CPython's `TimeoutError('timed out')`.
    #[test]
    fn plain_read_timeout_is_timeout_error() {
        let (_a, b) = UnixStream::pair().expect("pair");
        b.set_read_timeout(Some(std::time::Duration::from_millis(50)))
            .expect("timeout");
        let mut f = SocketFile::with_version(b, PythonVersion::Py38);
        let e = f.readline(None).expect_err("silent peer");
        assert_eq!(
            (e.python_type(), e.to_string()),
            ("timeout", "timed out".into())
        );
    }
}

//! `ssl.MemoryBIO`: an in-memory byte pipe an [`SslObject`](crate::SslObject)
//! reads from and writes to, for event loops and other sans-IO uses.

use std::sync::Arc;

use crate::sync::{Mutex, MutexGuard};

use crate::error::{Error, Result};
use crate::ffi::membio::MemBio;

struct State {
    bio: MemBio,
    eof_written: bool,
}

/// `ssl.MemoryBIO`. Cloning gives another handle to the same buffer (as a
/// second Python reference would).
///
/// Threads: `Send + Sync`; the buffer is behind a lock, so clones may be
/// written and read from different threads.
#[doc(alias = "MemoryBIO")]
#[derive(Clone)]
pub struct MemoryBio {
    inner: Arc<Mutex<State>>,
}

impl std::fmt::Debug for MemoryBio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryBio")
            .field("pending", &self.pending())
            .field("eof", &self.eof())
            .finish()
    }
}

impl MemoryBio {
    /// `MemoryBIO()`.
    pub fn new() -> Result<MemoryBio> {
        let bio = MemBio::new().ok_or_else(|| Error::ssl_one_arg("failed to allocate BIO"))?;
        Ok(MemoryBio {
            inner: Arc::new(Mutex::new(State {
                bio,
                eof_written: false,
            })),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.inner.lock()
    }

    /// `MemoryBIO.write(data)`: appends, returns the count. After
    /// [`write_eof`](Self::write_eof) it is CPython's
    /// `SSLError('cannot write() after write_eof()')`.
    pub fn write(&self, data: &[u8]) -> Result<usize> {
        let mut s = self.lock();
        if s.eof_written {
            return Err(Error::ssl_one_arg("cannot write() after write_eof()"));
        }
        if data.len() > i32::MAX as usize {
            return Err(Error::overflow_error(format!(
                "string longer than {} bytes",
                i32::MAX
            )));
        }
        let n = s.bio.write(data);
        if n < 0 {
            return Err(crate::error::ssl_error_from_queue(
                crate::PythonVersion::LATEST,
                None,
            ));
        }
        Ok(n as usize)
    }

    /// `MemoryBIO.read(n=-1)`: up to `n` bytes (`None` = all).
    pub fn read(&self, n: Option<usize>) -> Vec<u8> {
        let mut s = self.lock();
        let avail = s.bio.pending();
        let want = n.map_or(avail, |n| n.min(avail));
        let mut buf = vec![0u8; want];
        let got = s.bio.read(&mut buf);
        buf.truncate(got);
        buf
    }

    /// `MemoryBIO.read(n)` into `buf`, up to `buf.len()` bytes, without a new
    /// buffer: the byte count (0 when empty).
    #[doc(alias = "read")]
    pub fn read_into(&self, buf: &mut [u8]) -> usize {
        self.lock().bio.read(buf)
    }

    #[cfg(feature = "tokio")]
    /// Lends the pending bytes to `f`, which returns how many it took (those are consumed)
    /// and a result: `read()` without the copy, for a transport that writes straight from
    /// the buffer (crate::asyncio).
    pub(crate) fn drain_with<R>(&self, f: impl FnOnce(&[u8]) -> (usize, R)) -> R {
        self.lock().bio.drain_with(f)
    }

    #[cfg(feature = "tokio")]
    /// Lends up to `want` bytes of spare room to `f`, which returns how many it filled
    /// (those become pending) and a result: `write()` without the copy, for a transport
    /// that reads straight into the buffer (crate::asyncio). The same errors as `write()`.
    pub(crate) fn fill_with<R>(
        &self,
        want: usize,
        f: impl FnOnce(&mut [u8]) -> (usize, R),
    ) -> Result<R> {
        let mut s = self.lock();
        if s.eof_written {
            return Err(Error::ssl_one_arg("cannot write() after write_eof()"));
        }
        s.bio
            .fill_with(want.min(i32::MAX as usize), f)
            .ok_or_else(|| crate::error::ssl_error_from_queue(crate::PythonVersion::LATEST, None))
    }

    /// `MemoryBIO.write_eof()`: no more data will be written; once drained,
    /// the TLS layer sees end of file.
    pub fn write_eof(&self) {
        let mut s = self.lock();
        s.eof_written = true;
        s.bio.set_eof();
    }

    /// `MemoryBIO.pending`: bytes buffered.
    pub fn pending(&self) -> usize {
        self.lock().bio.pending()
    }

    /// `MemoryBIO.eof`: true after `write_eof()` once the buffer is empty.
    pub fn eof(&self) -> bool {
        let s = self.lock();
        s.eof_written && s.bio.pending() == 0
    }

    /// Locks both buffers of an `SSL` while it runs (CPython's GIL gave the
    /// same exclusion): one lock when they are the same buffer, otherwise
    /// both in one global order (by address), so two objects whose buffers
    /// cross (one's incoming is the other's outgoing) driven from two
    /// threads cannot deadlock.
    pub(crate) fn hold_pair<'a>(a: &'a MemoryBio, b: &'a MemoryBio) -> PairGuard<'a> {
        if a.same(b) {
            return PairGuard {
                a: a.lock(),
                b: None,
            };
        }
        if Arc::as_ptr(&a.inner) < Arc::as_ptr(&b.inner) {
            let ga = a.lock();
            let gb = b.lock();
            PairGuard { a: ga, b: Some(gb) }
        } else {
            let gb = b.lock();
            let ga = a.lock();
            PairGuard { a: ga, b: Some(gb) }
        }
    }

    /// True when both handles are the same buffer.
    pub(crate) fn same(&self, other: &MemoryBio) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }

    /// Gives `ssl` these two BIOs (`SSL_set_bio`), as `wrap_bio` does.
    pub(crate) fn attach(
        ssl: &mut openssl::ssl::SslRef,
        incoming: &MemoryBio,
        outgoing: &MemoryBio,
    ) {
        let g = MemoryBio::hold_pair(incoming, outgoing);
        let i = &g.a;
        let o = g.b.as_ref().unwrap_or(&g.a);
        MemBio::attach(ssl, &i.bio, &o.bio);
    }
}

/// Both buffers of one `SSL`, locked in the global order
/// ([`MemoryBio::hold_pair`]).
pub(crate) struct PairGuard<'a> {
    a: MutexGuard<'a, State>,
    /// `None` when both are the same buffer.
    b: Option<MutexGuard<'a, State>>,
}

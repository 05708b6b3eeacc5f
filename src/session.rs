//! `ssl.SSLSession`: a TLS session a client can resume.

use crate::context::SslContext;
use crate::error::Result;
use crate::ffi;

/// `ssl.SSLSession` (`_ssl.Session` before 3.10): taken from a client's
/// `session` after a handshake (for TLS 1.3, after the first read, when the
/// ticket has arrived) and passed to the next `wrap_socket`/`wrap_bio` of the
/// same context to resume.
#[doc(alias = "SSLSession")]
#[derive(Clone)]
pub struct SslSession {
    inner: openssl::ssl::SslSession,
    ctx: SslContext,
}

impl SslSession {
    pub(crate) fn new(inner: openssl::ssl::SslSession, ctx: SslContext) -> SslSession {
        SslSession { inner, ctx }
    }

    pub(crate) fn context(&self) -> &SslContext {
        &self.ctx
    }

    pub(crate) fn raw(&self) -> &openssl::ssl::SslSessionRef {
        &self.inner
    }

    /// `SSLSession.id`: the session id (empty when the server sent none).
    pub fn id(&self) -> Vec<u8> {
        self.inner.id().to_vec()
    }

    /// `SSLSession.time`: creation time, seconds since the epoch.
    pub fn time(&self) -> i64 {
        self.inner.time()
    }

    /// `SSLSession.timeout`: lifetime in seconds.
    pub fn timeout(&self) -> i64 {
        self.inner.timeout()
    }

    /// `SSLSession.has_ticket`.
    pub fn has_ticket(&self) -> bool {
        ffi::ssl::session_has_ticket(&self.inner)
    }

    /// `SSLSession.ticket_lifetime_hint`.
    pub fn ticket_lifetime_hint(&self) -> u64 {
        ffi::ssl::session_ticket_lifetime_hint(&self.inner)
    }

    /// The session serialised (DER), to keep it across processes. Not a
    /// CPython API (CPython sessions cannot be pickled); pyssl-client's
    /// `--session-file` uses it.
    pub fn to_der(&self) -> Result<Vec<u8>> {
        self.inner
            .to_der()
            .map_err(|e| crate::error::ssl_error_from_stack(self.ctx.python_version(), &e))
    }

    /// A session read back from [`to_der`](Self::to_der), for `ctx`
    /// (resumption also needs the server to still accept it).
    pub fn from_der(der: &[u8], ctx: &SslContext) -> Result<SslSession> {
        let inner = openssl::ssl::SslSession::from_der(der)
            .map_err(|e| crate::error::ssl_error_from_stack(ctx.python_version(), &e))?;
        Ok(SslSession::new(inner, ctx.clone()))
    }

    /// Escape hatch: the `openssl` session.
    pub fn as_openssl(&self) -> &openssl::ssl::SslSessionRef {
        &self.inner
    }
}

/// Sessions compare equal when their ids are equal, as in CPython.
impl PartialEq for SslSession {
    fn eq(&self, other: &SslSession) -> bool {
        self.inner.id() == other.inner.id()
    }
}

impl std::fmt::Debug for SslSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SslSession")
            .field("id_len", &self.inner.id().len())
            .field("has_ticket", &self.has_ticket())
            .finish()
    }
}

//! `ssl.SSLObject`: TLS over two [`MemoryBio`]s, with no I/O of its own.
//!
//! The caller moves bytes between the BIOs and the network; every call that
//! needs more input fails with `SSLWantReadError`, exactly as in CPython.

use crate::bio::MemoryBio;
use crate::cert::PeerCert;
use crate::context::SslContext;
use crate::engine::{Engine, Transport};
use crate::error::{Error, Result};
use crate::hostname::encode_hostname;
use crate::session::SslSession;

/// `ssl.SSLObject`, made by [`SslContext::wrap_bio`].
///
/// Threads: `Send + Sync`; one connection, driven through `&mut self`,
/// so it may move between threads; shared references only read.
#[doc(alias = "SSLObject")]
#[derive(Debug)]
pub struct SslObject {
    engine: Engine,
    /// 3.6 reports the name as given (a U-label stays a U-label).
    hostname_36: Option<String>,
    incoming: MemoryBio,
    outgoing: MemoryBio,
}

impl SslContext {
    /// `SSLContext.wrap_bio(incoming, outgoing, server_side=False,
    /// server_hostname=None, session=None)`.
    ///
    /// As in CPython (observed up to 3.14.7), no Python-level argument checks run here
    /// (unlike [`wrap_socket`](SslContext::wrap_socket)): a client with
    /// `check_hostname` and no host name verifies the chain only.
    pub fn wrap_bio(
        &self,
        incoming: &MemoryBio,
        outgoing: &MemoryBio,
        server_side: bool,
        server_hostname: Option<&str>,
        session: Option<&SslSession>,
    ) -> Result<SslObject> {
        let version = self.python_version();
        let host = server_hostname
            .map(|h| encode_hostname(h, version))
            .transpose()?;
        let engine = Engine::new(self, false, server_side, host.as_deref(), session, |ssl| {
            MemoryBio::attach(ssl, incoming, outgoing);
            Ok(())
        })?;
        Ok(SslObject {
            engine,
            hostname_36: server_hostname
                .filter(|_| !version.at_least(7))
                .map(str::to_owned),
            incoming: incoming.clone(),
            outgoing: outgoing.clone(),
        })
    }
}

impl SslObject {
    fn run<T>(&mut self, f: impl FnOnce(&mut Engine) -> T) -> T {
        let _held = MemoryBio::hold_pair(&self.incoming, &self.outgoing);
        f(&mut self.engine)
    }

    /// `SSLObject.do_handshake()`.
    pub fn do_handshake(&mut self) -> Result<()> {
        self.run(|e| e.do_handshake(Transport::Memory))
    }

    /// `SSLObject.read(len=1024)`: up to `len` decrypted bytes; `b''` at a
    /// clean close.
    pub fn read(&mut self, len: usize) -> Result<Vec<u8>> {
        let mut buf = vec![0u8; len];
        let n = self.run(|e| e.read(Transport::Memory, &mut buf))?;
        buf.truncate(n);
        Ok(buf)
    }

    /// `SSLObject.read(len, buffer)`: into `buf`, returns the count.
    #[doc(alias = "read")]
    pub fn read_into(&mut self, buf: &mut [u8]) -> Result<usize> {
        self.run(|e| e.read(Transport::Memory, buf))
    }

    /// `SSLObject.read(n)` with CPython's check of a raw size:
    /// `ValueError("size should not be negative")`.
    #[doc(alias = "read")]
    pub fn read_size(&mut self, len: i64) -> Result<Vec<u8>> {
        if len < 0 {
            return Err(Error::value_error("size should not be negative"));
        }
        self.read(len as usize)
    }

    /// `SSLObject.write(data)`: bytes written.
    pub fn write(&mut self, data: &[u8]) -> Result<usize> {
        self.run(|e| e.write(Transport::Memory, data))
    }

    /// `SSLObject.unwrap()`: sends close_notify; `SSLWantReadError` until the
    /// peer's close_notify has been fed in.
    pub fn unwrap(&mut self) -> Result<()> {
        self.run(|e| e.shutdown(Transport::Memory))
    }

    /// `SSLObject.pending()`.
    pub fn pending(&self) -> usize {
        self.engine.pending()
    }

    /// `SSLObject.getpeercert()`: `None` without a peer certificate; an
    /// empty dict (`Some(None)`) when the context does not verify.
    pub fn getpeercert(&self) -> Result<PeerCert> {
        self.engine.getpeercert()
    }

    /// `SSLObject.getpeercert(binary_form=True)`.
    #[doc(alias = "getpeercert")]
    pub fn getpeercert_der(&self) -> Result<Option<Vec<u8>>> {
        self.engine.getpeercert_der()
    }

    /// `SSLObject.cipher()`: `(name, protocol, secret_bits)`.
    pub fn cipher(&self) -> Option<(String, String, i32)> {
        self.engine.cipher()
    }

    /// `SSLObject.version()`: e.g. `"TLSv1.3"`, `None` before the handshake.
    pub fn version(&self) -> Option<String> {
        self.engine.tls_version()
    }

    /// `SSLObject.shared_ciphers()`.
    pub fn shared_ciphers(&self) -> Option<Vec<(String, String, i32)>> {
        self.engine.shared_ciphers()
    }

    /// `SSLObject.compression()`.
    pub fn compression(&self) -> Option<String> {
        self.engine.compression()
    }

    /// `SSLObject.selected_alpn_protocol()`.
    pub fn selected_alpn_protocol(&self) -> Option<String> {
        self.engine.selected_alpn_protocol()
    }

    /// `SSLObject.get_channel_binding(cb_type="tls-unique")`.
    pub fn get_channel_binding(&self, cb_type: &str) -> Result<Option<Vec<u8>>> {
        self.engine.channel_binding(cb_type)
    }

    /// `SSLObject.session`.
    pub fn session(&self) -> Option<SslSession> {
        self.engine.session()
    }

    /// `SSLObject.session = s`.
    #[doc(alias = "session")]
    pub fn set_session(&mut self, s: &SslSession) -> Result<()> {
        self.engine.set_session(s)
    }

    /// The server name the client asked for (SNI), on a server object after
    /// the handshake (no CPython equivalent; `sni_callback` receives it).
    pub fn requested_server_name(&self) -> Option<String> {
        self.engine.requested_server_name()
    }

    /// `SSLObject.session_reused`.
    pub fn session_reused(&self) -> bool {
        self.engine.session_reused()
    }

    /// `SSLObject.server_side`.
    pub fn server_side(&self) -> bool {
        self.engine.server_side()
    }

    /// `SSLObject.server_hostname`.
    pub fn server_hostname(&self) -> Option<&str> {
        self.hostname_36
            .as_deref()
            .or_else(|| self.engine.server_hostname())
    }

    /// `SSLObject.context`.
    pub fn context(&self) -> SslContext {
        self.engine.context()
    }

    /// `SSLObject.context = ctx` (e.g. from an SNI callback).
    #[doc(alias = "context")]
    pub fn set_context(&mut self, ctx: &SslContext) -> Result<()> {
        self.engine.set_context(ctx)
    }

    /// `SSLObject.verify_client_post_handshake()`.
    pub fn verify_client_post_handshake(&mut self) -> Result<()> {
        self.run(|e| e.verify_client_post_handshake())
    }

    /// `SSLObject.get_verified_chain()` (3.13): DER certificates, leaf first.
    pub fn get_verified_chain(&self) -> Vec<Vec<u8>> {
        self.engine.verified_chain()
    }

    /// `SSLObject.get_unverified_chain()` (3.13).
    pub fn get_unverified_chain(&self) -> Vec<Vec<u8>> {
        self.engine.unverified_chain()
    }
}

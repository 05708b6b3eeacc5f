//! `SSLContext.sni_callback`: the server's hook on the client's server name.

use std::sync::OnceLock;

use openssl::ex_data::Index;
use openssl::ssl::{Ssl, SslRef};

use crate::context::SslContext;
use crate::error::Result;

/// The callback of `SSLContext.sni_callback`: CPython calls
/// `cb(ssl_object, server_name, ctx)`.
///
/// `server_name` is the A-label the client sent, or `None` without SNI.
/// Return `Ok(None)` to go on, `Ok(Some(alert))` to fail the handshake with
/// that alert (e.g. `ALERT_DESCRIPTION_UNRECOGNIZED_NAME`, 112), or an error,
/// which — like an exception raised in the Python callback — is reported
/// (logged) and fails the handshake with `handshake_failure`.
#[doc(alias = "sni_callback")]
#[doc(alias = "set_servername_callback")]
pub type SniCallback =
    dyn Fn(&mut SniConnection<'_>, Option<&str>, &SslContext) -> Result<Option<i32>> + Send + Sync;

/// The connection as the SNI callback sees it (CPython passes the
/// `SSLSocket`/`SSLObject`): it can switch to another context, e.g. one with
/// the certificate for the requested name.
#[doc(alias = "SSLObject")]
pub struct SniConnection<'a> {
    pub(crate) ssl: &'a mut SslRef,
}

impl SniConnection<'_> {
    /// `ssl_object.context = ctx`: later steps of this handshake use `ctx`
    /// (its certificate, verification settings…).
    #[doc(alias = "context")]
    pub fn set_context(&mut self, ctx: &SslContext) -> Result<()> {
        ctx.attach(self.ssl)?;
        if let Some(idx) = context_index() {
            self.ssl.set_ex_data(idx, ctx.clone());
        }
        Ok(())
    }

    /// `ssl_object.server_side` (always true here: SNI callbacks run on servers).
    pub fn server_side(&self) -> bool {
        self.ssl.is_server()
    }
}

/// Where a connection keeps the context an SNI callback switched to.
pub(crate) fn context_index() -> Option<Index<Ssl, SslContext>> {
    static INDEX: OnceLock<Option<Index<Ssl, SslContext>>> = OnceLock::new();
    crate::ffi::valgrind::race_free(&INDEX);
    *INDEX.get_or_init(|| Ssl::new_ex_index().ok())
}

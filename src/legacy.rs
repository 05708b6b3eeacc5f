//! Module-level APIs CPython has removed, kept so old code ports line for
//! line. Each is `#[deprecated]`, as it was in Python.

use std::path::Path;

use crate::context::{Password, SslContext};
use crate::error::{Error, Result};
use crate::options::{Protocol, VerifyMode};
use crate::profile::PythonVersion;
use crate::socket::{Socket, SslSocket, WrapOptions};
use crate::warnings::deprecation;

/// The arguments of the removed `ssl.wrap_socket()`, with its defaults.
///
/// Those defaults are insecure: `cert_reqs=CERT_NONE` and no host name
/// check, so a client wrapped this way accepts any certificate from anyone.
#[derive(Debug, Clone)]
#[doc(alias = "wrap_socket")]
#[non_exhaustive]
pub struct LegacyWrapArgs<'a> {
    /// `keyfile=`.
    pub keyfile: Option<&'a Path>,
    /// `certfile=`.
    pub certfile: Option<&'a Path>,
    /// `server_side=`.
    pub server_side: bool,
    /// `cert_reqs=` (default `CERT_NONE`: nothing is verified).
    pub cert_reqs: VerifyMode,
    /// `ssl_version=` (default `PROTOCOL_TLS`).
    pub ssl_version: Protocol,
    /// `ca_certs=`.
    pub ca_certs: Option<&'a Path>,
    /// `do_handshake_on_connect=` (default true).
    pub do_handshake_on_connect: bool,
    /// `suppress_ragged_eofs=` (default true).
    pub suppress_ragged_eofs: bool,
    /// `ciphers=`.
    pub ciphers: Option<&'a str>,
}

/// A chainable setter for each keyword argument, as CPython's keywords.
macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident: $ty:ty),* $(,)?) => {
        $(
            $(#[$doc])*
            pub fn $name(mut self, value: $ty) -> Self {
                self.$name = value;
                self
            }
        )*
    };
}

impl<'a> LegacyWrapArgs<'a> {
    /// CPython's defaults ([`Default`]).
    pub fn new() -> Self {
        Self::default()
    }

    setters! {
        /// `keyfile=path`.
        keyfile: Option<&'a Path>,
        /// `certfile=path`.
        certfile: Option<&'a Path>,
        /// `server_side=`.
        server_side: bool,
        /// `cert_reqs=`.
        cert_reqs: VerifyMode,
        /// `ssl_version=`.
        ssl_version: Protocol,
        /// `ca_certs=path`.
        ca_certs: Option<&'a Path>,
        /// `do_handshake_on_connect=`.
        do_handshake_on_connect: bool,
        /// `suppress_ragged_eofs=`.
        suppress_ragged_eofs: bool,
        /// `ciphers=`.
        ciphers: Option<&'a str>,
    }
}

impl Default for LegacyWrapArgs<'_> {
    /// CPython's defaults: `cert_reqs=CERT_NONE`, `PROTOCOL_TLS`, handshake
    /// on connect, ragged EOFs suppressed.
    fn default() -> Self {
        LegacyWrapArgs {
            keyfile: None,
            certfile: None,
            server_side: false,
            cert_reqs: VerifyMode::CertNone,
            ssl_version: Protocol::Tls,
            ca_certs: None,
            do_handshake_on_connect: true,
            suppress_ragged_eofs: true,
            ciphers: None,
        }
    }
}

/// `ssl.wrap_socket(sock, …)` of CPython ≤ 3.11 (deprecated in 3.7, warns
/// from 3.10, removed in 3.12, where this returns CPython's
/// `AttributeError`). It builds `SSLContext(ssl_version)`, sets
/// `verify_mode = cert_reqs`, loads `ca_certs`, `certfile`/`keyfile` and
/// `ciphers`, and never checks the host name.
#[deprecated(
    note = "ssl.wrap_socket() verifies nothing by default and was removed in CPython 3.12; \
            use create_default_context() and SslContext::wrap_socket"
)]
pub fn wrap_socket<S: Socket>(
    sock: S,
    args: LegacyWrapArgs<'_>,
    version: PythonVersion,
) -> Result<SslSocket<S>> {
    if version.at_least(12) {
        return Err(Error::module_attribute("wrap_socket").for_version(version));
    }
    if version.at_least(10) {
        deprecation("ssl.wrap_socket() is deprecated, use SSLContext.wrap_socket()");
    }
    if args.server_side && args.certfile.is_none() {
        return Err(Error::value_error(
            "certfile must be specified for server-side operations",
        ));
    }
    if args.keyfile.is_some() && args.certfile.is_none() {
        return Err(Error::value_error("certfile must be specified"));
    }
    let ctx = SslContext::with_version(args.ssl_version, version)?;
    ctx.set_verify_mode(args.cert_reqs)?;
    if let Some(ca) = args.ca_certs {
        ctx.load_verify_locations(Some(ca), None, None)?;
    }
    if let Some(cert) = args.certfile {
        ctx.load_cert_chain(cert, args.keyfile, None::<Password<'_>>)?;
    }
    if let Some(c) = args.ciphers.filter(|c| !c.is_empty()) {
        ctx.set_ciphers(c)?;
    }
    ctx.wrap_socket(
        sock,
        WrapOptions::new()
            .server_side(args.server_side)
            .do_handshake_on_connect(args.do_handshake_on_connect)
            .suppress_ragged_eofs(args.suppress_ragged_eofs),
    )
}

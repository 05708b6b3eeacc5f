//! The ready-made contexts: `create_default_context` (and its arguments,
//! [`DefaultContext`]), `_create_unverified_context` and
//! `_create_stdlib_context`.

use super::*;

/// Arguments of `create_default_context` (and the version to imitate).
///
/// ```no_run
/// use pyssl::{DefaultContext, Purpose, PythonVersion};
/// let ctx = DefaultContext::new(Purpose::ServerAuth)
///     .cafile("certs/ca.pem")
///     .version(PythonVersion::Py311)
///     .build()?;
/// # Ok::<(), pyssl::Error>(())
/// ```
#[doc(alias = "create_default_context")]
#[derive(Debug, Clone, Default)]
pub struct DefaultContext<'a> {
    purpose: Purpose,
    cafile: Option<PathBuf>,
    capath: Option<PathBuf>,
    cadata: Option<CaData<'a>>,
    version: PythonVersion,
    keylog_env: Option<Option<std::ffi::OsString>>,
    skip_default_certs: bool,
}

impl<'a> DefaultContext<'a> {
    /// `create_default_context(purpose)`.
    pub fn new(purpose: Purpose) -> Self {
        DefaultContext {
            purpose,
            ..Default::default()
        }
    }

    /// `cafile=`: trust these PEM certificates instead of the system store.
    pub fn cafile(mut self, path: impl Into<PathBuf>) -> Self {
        self.cafile = Some(path.into());
        self
    }

    /// `capath=`: trust a hashed certificate directory.
    pub fn capath(mut self, path: impl Into<PathBuf>) -> Self {
        self.capath = Some(path.into());
        self
    }

    /// `cadata=`: trust certificates given in memory.
    pub fn cadata(mut self, data: CaData<'a>) -> Self {
        self.cadata = Some(data);
        self
    }

    /// Which CPython's `create_default_context` to reproduce.
    pub fn version(mut self, version: PythonVersion) -> Self {
        self.version = version;
        self
    }

    /// Overrides the `SSLKEYLOGFILE` lookup (`None` = as if unset), for
    /// callers that must not depend on the environment.
    pub fn keylog_env(mut self, value: Option<std::ffi::OsString>) -> Self {
        self.keylog_env = Some(value);
        self
    }

    /// Skips `load_default_certs` when no CA is given: the context then
    /// trusts nothing until `load_verify_locations` is called. (Not a
    /// CPython argument; the equivalent of building the context by hand.)
    pub fn without_default_certs(mut self) -> Self {
        self.skip_default_certs = true;
        self
    }

    /// Builds the context, step for step as `ssl.create_default_context`.
    pub fn build(self) -> Result<SslContext> {
        let v = self.version;
        let ctx = if v.at_least(10) {
            match self.purpose {
                Purpose::ServerAuth => {
                    let c = SslContext::with_version(Protocol::TlsClient, v)?;
                    c.set_verify_mode(VerifyMode::CertRequired)?;
                    c.set_check_hostname(true)?;
                    c
                }
                Purpose::ClientAuth => SslContext::with_version(Protocol::TlsServer, v)?,
            }
        } else {
            let c = SslContext::with_version(Protocol::Tls, v)?;
            match self.purpose {
                Purpose::ServerAuth => {
                    c.set_verify_mode(VerifyMode::CertRequired)?;
                    c.set_check_hostname(true)?;
                }
                Purpose::ClientAuth if v == PythonVersion::Py36 => {
                    c.set_ciphers(v.restricted_server_ciphers())?;
                }
                Purpose::ClientAuth => {}
            }
            c
        };
        if v.at_least(13) {
            let f = ctx.verify_flags() | VerifyFlags::X509_PARTIAL_CHAIN;
            ctx.set_verify_flags(f)?;
            let f = ctx.verify_flags() | VerifyFlags::X509_STRICT;
            ctx.set_verify_flags(f)?;
        }
        let truthy = |p: &Option<PathBuf>| p.as_ref().is_some_and(|p| !p.as_os_str().is_empty());
        let cadata_truthy = match self.cadata {
            Some(CaData::Pem(s)) => !s.is_empty(),
            Some(CaData::Der(b)) => !b.is_empty(),
            None => false,
        };
        if truthy(&self.cafile) || truthy(&self.capath) || cadata_truthy {
            ctx.load_verify_locations(self.cafile.as_deref(), self.capath.as_deref(), self.cadata)?;
        } else if ctx.verify_mode() != VerifyMode::CertNone && !self.skip_default_certs {
            ctx.load_default_certs(self.purpose)?;
        }
        if v.at_least(8) {
            let env = match self.keylog_env {
                Some(e) => e,
                None => std::env::var_os("SSLKEYLOGFILE"),
            };
            if let Some(path) = env.filter(|p| !p.is_empty()) {
                ctx.set_keylog_filename(Some(Path::new(&path)))?;
            }
        }
        Ok(ctx)
    }
}

/// `ssl.create_default_context(purpose)` as the newest CPython (3.14) does it: for
/// [`Purpose::ServerAuth`] a verifying client context with the system trust
/// store, for [`Purpose::ClientAuth`] a server context.
///
/// Use [`DefaultContext`] for `cafile`/`capath`/`cadata` or another CPython
/// version.
pub fn create_default_context(purpose: Purpose) -> Result<SslContext> {
    DefaultContext::new(purpose).build()
}

/// `ssl._create_unverified_context()`: CPython's deliberately unverified
/// client context (`CERT_NONE`, no host name check, no CAs loaded).
#[doc(alias = "_create_unverified_context")]
pub fn create_unverified_context(version: PythonVersion) -> Result<SslContext> {
    create_stdlib_context(version, None, None, None)
}

/// `ssl._create_stdlib_context(protocol, cert_reqs=…, cafile=…)` (the same
/// function as `_create_unverified_context`), for the stdlib-style helpers:
/// `protocol` defaults to `PROTOCOL_TLS_CLIENT` (3.10+) or `PROTOCOL_TLS`,
/// `cert_reqs` to `CERT_NONE` (3.6: unchanged), never a host name check;
/// with a verify mode but no CA, the default trust store is loaded.
#[doc(alias = "_create_stdlib_context")]
pub fn create_stdlib_context(
    version: PythonVersion,
    protocol: Option<Protocol>,
    cert_reqs: Option<VerifyMode>,
    cafile: Option<&Path>,
) -> Result<SslContext> {
    let protocol = protocol.unwrap_or(if version.at_least(10) {
        Protocol::TlsClient
    } else {
        Protocol::Tls
    });
    let ctx = SslContext::with_version(protocol, version)?;
    ctx.set_check_hostname(false)?;
    let cert_reqs = match cert_reqs {
        Some(m) => Some(m),
        None if version == PythonVersion::Py36 => None,
        None => Some(VerifyMode::CertNone),
    };
    if let Some(m) = cert_reqs {
        ctx.set_verify_mode(m)?;
    }
    if let Some(f) = cafile.filter(|f| !f.as_os_str().is_empty()) {
        ctx.load_verify_locations(Some(f), None, None)?;
    } else if ctx.verify_mode() != VerifyMode::CertNone {
        ctx.load_default_certs(Purpose::ServerAuth)?;
    }
    if version.at_least(8) {
        if let Some(path) = std::env::var_os("SSLKEYLOGFILE").filter(|p| !p.is_empty()) {
            ctx.set_keylog_filename(Some(Path::new(&path)))?;
        }
    }
    Ok(ctx)
}

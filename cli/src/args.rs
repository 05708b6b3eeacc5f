//! The context flags both binaries accept (clap derive), turned once into a
//! plain [`ContextSpec`].

use std::path::PathBuf;

use clap::Args;

use super::ContextSpec;
use pyssl::error::Result;
use pyssl::options::Protocol;
use pyssl::profile::PythonVersion;

/// Flags that shape the TLS context (shared by client and server).
#[derive(Debug, Clone, Args)]
pub struct ContextArgs {
    /// Reproduce this CPython release's ssl defaults (3.6 … 3.14)
    #[arg(long, value_name = "3.X", default_value = "3.14", value_parser = parse_compat)]
    pub compat: PythonVersion,
    /// Start from SSLContext(P) instead of create_default_context(): tls, tls-client, tls-server, tlsv1, tlsv1_1, tlsv1_2
    #[arg(long, value_name = "P", value_parser = parse_protocol)]
    pub protocol: Option<Protocol>,
    /// Trust only these PEM CA certificates (CPython's cafile=)
    #[arg(long, value_name = "FILE")]
    pub cafile: Option<PathBuf>,
    /// Trust a hashed CA directory (CPython's capath=)
    #[arg(long, value_name = "DIR")]
    pub capath: Option<PathBuf>,
    /// Do not load the system trust store
    #[arg(long)]
    pub no_default_certs: bool,
    /// OpenSSL cipher string for TLS ≤ 1.2, as SSLContext.set_ciphers()
    #[arg(long, value_name = "STRING")]
    pub ciphers: Option<String>,
    /// CPython OP_* names, comma-separated; a leading - clears the bit (e.g. --options=OP_NO_TICKET,-OP_NO_COMPRESSION)
    #[arg(long, value_name = "LIST", allow_hyphen_values = true)]
    pub options: Option<String>,
    /// Lowest TLS version, a TLSVersion member name (TLSv1_2, TLSv1_3, MINIMUM_SUPPORTED…)
    #[arg(long, value_name = "V")]
    pub min_version: Option<String>,
    /// Highest TLS version, a TLSVersion member name
    #[arg(long, value_name = "V")]
    pub max_version: Option<String>,
    /// ALPN protocols in preference order, comma-separated (e.g. h2,http/1.1)
    #[arg(long, value_name = "LIST")]
    pub alpn: Option<String>,
    /// Certificate chain (PEM) for load_cert_chain
    #[arg(long, value_name = "FILE")]
    pub cert: Option<PathBuf>,
    /// Private key (PEM); default: read from --cert
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
    /// File whose first line is the private key's password
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,
    /// Print the context these flags build as one JSON object and exit
    #[arg(long)]
    pub dump_context: bool,
}

/// `--compat 3.X`: `PythonVersion`'s `FromStr` (its `ValueError` text on failure).
fn parse_compat(s: &str) -> std::result::Result<PythonVersion, String> {
    s.parse::<PythonVersion>().map_err(|e| e.to_string())
}

/// `--protocol P`: `Protocol::from_name`.
fn parse_protocol(s: &str) -> std::result::Result<Protocol, String> {
    Protocol::from_name(s).map_err(|e| e.to_string())
}

impl ContextArgs {
    /// The plain spec (every flag already parsed by clap).
    pub fn to_spec(&self) -> Result<ContextSpec> {
        Ok(ContextSpec {
            compat: self.compat,
            protocol: self.protocol,
            cafile: self.cafile.clone(),
            capath: self.capath.clone(),
            no_default_certs: self.no_default_certs,
            ciphers: self.ciphers.clone(),
            options: self.options.clone(),
            min_version: self.min_version.clone(),
            max_version: self.max_version.clone(),
            alpn: self.alpn.clone(),
            cert: self.cert.clone(),
            key: self.key.clone(),
            password_file: self.password_file.clone(),
            ..ContextSpec::default()
        })
    }
}

//! # pyssl: CPython's `ssl` module, one-to-one, over the system OpenSSL
//!
//! For code ported from Python that must behave exactly as it did: the same
//! context defaults, the same negotiated result and the same error text as
//! CPython gives on the same OpenSSL — for the CPython version you name
//! ([`PythonVersion`], 3.6 … 3.13; 3.13 by default).
//!
//! ```
//! use pyssl::{create_default_context, Options, Purpose};
//!
//! // ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
//! let ctx = create_default_context(Purpose::ClientAuth)?;
//! // ctx.set_ciphers("HIGH:!RC4:!MD5:!3DES")
//! ctx.set_ciphers("HIGH:!RC4:!MD5:!3DES")?;
//! // ctx.options |= ssl.OP_NO_SSLv2 | ssl.OP_NO_SSLv3 | ssl.OP_NO_TICKET
//! ctx.set_options(ctx.options() | Options::NO_SSLV2 | Options::NO_SSLV3 | Options::NO_TICKET);
//! // ctx.load_cert_chain("certs/server.pem", "certs/server.key")
//! ctx.load_cert_chain("certs/server.pem", Some("certs/server.key".as_ref()), None)?;
//! assert_eq!(ctx.get_ciphers()[0].name, "TLS_AES_256_GCM_SHA384");
//! # Ok::<(), pyssl::Error>(())
//! ```
//!
//! Errors are [`Error`]s whose [`ErrorKind`] is CPython's exception class and
//! whose `Display` is CPython's `str(e)`:
//!
//! ```
//! let ctx = pyssl::create_default_context(pyssl::Purpose::ServerAuth)?;
//! let err = ctx.set_ciphers("RC4").unwrap_err();
//! assert_eq!(err.python_type(), "SSLError");
//! assert_eq!(err.to_string(), "('No cipher can be selected.',)");
//! # Ok::<(), pyssl::Error>(())
//! ```
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod bio;
pub mod cert;
pub mod ciphers;
#[doc(hidden)]
pub mod cli;
pub mod constants;
pub mod context;
mod engine;
pub mod error;
mod error_names;
mod ffi;
pub mod functions;
mod hostname;
pub mod legacy;
pub mod object;
pub mod options;
pub mod profile;
pub mod report;
pub mod session;
pub mod sni;
pub mod socket;
pub mod stream;
pub mod warnings;

pub use bio::MemoryBio;
pub use cert::PeerCertificate;
pub use ciphers::CipherInfo;
pub use context::{
    create_default_context, create_stdlib_context, create_unverified_context, CaData,
    CertStoreStats, DefaultContext, Password, PasswordValue, SessionStats, SslContext,
};
pub use error::{Arg, Error, ErrorKind, Result};
pub use object::SslObject;
pub use options::{HostFlags, Options, Protocol, Purpose, TlsVersion, VerifyFlags, VerifyMode};
pub use profile::PythonVersion;
pub use session::SslSession;
pub use sni::{SniCallback, SniConnection};
pub use socket::{Socket, SslSocket, WrapOptions};
pub use stream::SslStream;

//! # pyssl: CPython's `ssl` module, one-to-one, over the system OpenSSL
//!
//! For code ported from Python that must behave exactly as it did: the same
//! context defaults, the same negotiated result and the same error text as
//! CPython gives on the same OpenSSL — for the CPython version you name
//! ([`PythonVersion`], 3.6 … 3.14; 3.14 by default).
//!
//! **Porting a Python file that imports `ssl`?** The [porting guide](porting)
//! has a row for every public name of CPython 3.14's `ssl` module with its
//! Rust item and how the call changes, and corrects some common advice
//! (`OP_NO_TICKET`, `OP_NO_SSLv2`, `ssl.wrap_socket`, `PROTOCOL_TLS`). Every
//! Python name is searchable in these docs. The crate's `examples/` port the
//! classic pieces of Python `ssl` code (`cargo run --example http_get_client`).
//!
//! ## A client
//!
//! ```
//! use std::net::TcpStream;
//! use pyssl::{DefaultContext, Purpose, WrapOptions};
//! # let (addr, server) = {
//! #     let ctx = pyssl::create_default_context(Purpose::ClientAuth)?;
//! #     let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/certs");
//! #     let key = format!("{dir}/server.key");
//! #     ctx.load_cert_chain(format!("{dir}/server.pem"), Some(key.as_ref()), None)?;
//! #     let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
//! #     let addr = listener.local_addr()?;
//! #     (addr, std::thread::spawn(move || -> pyssl::Result<()> {
//! #         let (conn, _) = listener.accept()?;
//! #         let mut tls = ctx.wrap_socket(conn, WrapOptions::new().server_side(true))?;
//! #         tls.recv(4096)?;
//! #         tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
//! #     }))
//! # };
//!
//! // ctx = ssl.create_default_context(cafile="certs/ca.pem")
//! let ctx = DefaultContext::new(Purpose::ServerAuth)
//!     .cafile(concat!(env!("CARGO_MANIFEST_DIR"), "/certs/ca.pem"))
//!     .build()?;
//! // tls = ctx.wrap_socket(socket.create_connection(addr), server_hostname="localhost")
//! let sock = TcpStream::connect(addr)?;
//! let mut tls = ctx.wrap_socket(sock, WrapOptions::new().server_hostname("localhost"))?;
//! tls.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")?;
//! let reply = tls.recv(4096)?;
//! assert!(reply.starts_with(b"HTTP/1.1 200 OK"));
//! assert_eq!(tls.version().as_deref(), Some("TLSv1.3"));
//! # server.join().unwrap()?;
//! # Ok::<(), pyssl::Error>(())
//! ```
//!
//! ## A server
//!
//! ```
//! use std::net::TcpListener;
//! use pyssl::{create_default_context, Purpose, WrapOptions};
//!
//! // ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
//! let ctx = create_default_context(Purpose::ClientAuth)?;
//! // ctx.load_cert_chain("certs/server.pem", "certs/server.key")
//! let certs = concat!(env!("CARGO_MANIFEST_DIR"), "/certs");
//! let key = format!("{certs}/server.key");
//! ctx.load_cert_chain(format!("{certs}/server.pem"), Some(key.as_ref()), None)?;
//! let listener = TcpListener::bind("127.0.0.1:0")?;
//! # let addr = listener.local_addr()?;
//! # let client = std::thread::spawn(move || -> pyssl::Result<Vec<u8>> {
//! #     let ctx = pyssl::DefaultContext::new(Purpose::ServerAuth)
//! #         .cafile(concat!(env!("CARGO_MANIFEST_DIR"), "/certs/ca.pem"))
//! #         .build()?;
//! #     let sock = std::net::TcpStream::connect(addr)?;
//! #     let mut tls = ctx.wrap_socket(sock, WrapOptions::new().server_hostname("localhost"))?;
//! #     tls.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")?;
//! #     let mut reply = Vec::new();
//! #     while !reply.ends_with(b"Hello\n") {
//! #         let chunk = tls.recv(4096)?;
//! #         if chunk.is_empty() { break; }
//! #         reply.extend_from_slice(&chunk);
//! #     }
//! #     Ok(reply)
//! # });
//! // conn, addr = listener.accept(); tls = ctx.wrap_socket(conn, server_side=True)
//! let (conn, _) = listener.accept()?;
//! let mut tls = ctx.wrap_socket(conn, WrapOptions::new().server_side(true))?;
//! let request = tls.recv(4096)?;
//! assert!(request.starts_with(b"GET / "));
//! tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nHello\n")?;
//! # assert!(client.join().unwrap()?.ends_with(b"Hello\n"));
//! # Ok::<(), pyssl::Error>(())
//! ```
//!
//! ## Contexts and errors as CPython makes them
//!
//! Each line of the well-known "hardened server" recipe ports one-to-one
//! (what the recipe really does today is in
//! [the porting guide](porting#correcting-the-record)):
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

#[cfg(feature = "tokio")]
pub mod asyncio;
pub mod bio;
pub mod cert;
pub mod certificate;
pub mod ciphers;
pub mod constants;
pub mod context;
mod engine;
pub mod error;
mod error_names;
mod ffi;
pub mod functions;
mod hostname;
pub mod legacy;
pub mod makefile;
pub mod object;
pub mod options;
pub mod porting;
pub mod profile;
mod pyrepr;
#[cfg(feature = "serde")]
pub mod report;
pub mod session;
pub mod sni;
pub mod socket;
pub mod stream;
mod sync;
mod threads;
mod trust;
mod unicode_data;
pub mod warnings;

pub use bio::MemoryBio;
pub use cert::{PeerCert, PeerCertificate};
pub use certificate::Certificate;
pub use ciphers::CipherInfo;
pub use context::{
    create_default_context, create_stdlib_context, create_unverified_context, CaData,
    CertStoreStats, DefaultContext, Password, PasswordValue, PskClientCallback, PskServerCallback,
    SessionStats, SslContext,
};
pub use error::{Arg, Error, ErrorKind, Result};
pub use object::SslObject;
pub use options::{HostFlags, Options, Protocol, Purpose, TlsVersion, VerifyFlags, VerifyMode};
pub use profile::PythonVersion;
pub use session::SslSession;
pub use sni::{SniCallback, SniConnection};
pub use socket::{Socket, SslSocket, WrapOptions};
pub use stream::SslStream;

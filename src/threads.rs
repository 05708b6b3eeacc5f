//! The thread contract of every public type, checked at compile time.
//!
//! Every type pyssl exports is `Send` and `Sync` (for the generic I/O
//! wrappers: when the wrapped transport is), except [`Password`], an
//! argument of one `load_cert_chain` call whose `Callback` borrows a
//! closure that need not be either. What that means for each:
//!
//! - [`SslContext`]: shared by any number of threads, like one Python
//!   `SSLContext` used from many threads. Setters may run while other
//!   threads make connections and handshake; each setter is atomic with
//!   respect to the connections made from the context, which see the
//!   change from their creation on (see vendor-notes.md, "Threads").
//! - [`MemoryBio`]: a handle to a buffer behind a lock; clones may be used
//!   from different threads.
//! - [`SslObject`], [`SslSocket`], [`SslStream`]: one connection, driven
//!   through `&mut self`; they can be moved to another thread, and shared
//!   references only read.
//! - Values (errors, certificates, options, sessions, statistics): plain data.
//! - [`SniConnection`]: only exists inside the SNI callback, on the thread
//!   that runs the handshake.
#![allow(dead_code)]
#[allow(unused_imports)]
use crate::context::Password;

use std::net::TcpStream;

use crate::cert::{AltNameValue, CertDecodeError, PeerCertificate};
use crate::constants::Constant;
use crate::context::{
    CaData, CertStoreStats, DefaultContext, PasswordValue, PskClientCallback, PskServerCallback,
    SessionStats, SslContext,
};
use crate::error::{Arg, Error, ErrorKind};
use crate::functions::{Asn1Object, DefaultVerifyPaths};
use crate::legacy::LegacyWrapArgs;
use crate::options::{HostFlags, Options, Protocol, Purpose, TlsVersion, VerifyFlags, VerifyMode};
use crate::sni::{SniCallback, SniConnection};
use crate::warnings::Warning;
use crate::{
    CipherInfo, MemoryBio, PythonVersion, SslObject, SslSession, SslSocket, SslStream, WrapOptions,
};

const fn send_sync<T: Send + Sync + ?Sized>() {}

const _: () = {
    send_sync::<SslContext>();
    send_sync::<DefaultContext<'static>>();
    send_sync::<MemoryBio>();
    send_sync::<SslObject>();
    send_sync::<SslSocket<TcpStream>>();
    send_sync::<SslSocket<std::os::unix::net::UnixStream>>();
    send_sync::<SslStream<TcpStream>>();
    send_sync::<SslSession>();
    send_sync::<WrapOptions>();
    send_sync::<SniConnection<'static>>();
    send_sync::<SniCallback>();
    send_sync::<PskClientCallback>();
    send_sync::<PskServerCallback>();
    send_sync::<Error>();
    send_sync::<ErrorKind>();
    send_sync::<Arg>();
    send_sync::<CertDecodeError>();
    send_sync::<PeerCertificate>();
    send_sync::<AltNameValue>();
    send_sync::<CipherInfo>();
    send_sync::<CertStoreStats>();
    send_sync::<SessionStats>();
    send_sync::<CaData<'static>>();
    send_sync::<PasswordValue>();
    send_sync::<Options>();
    send_sync::<VerifyFlags>();
    send_sync::<HostFlags>();
    send_sync::<VerifyMode>();
    send_sync::<TlsVersion>();
    send_sync::<Protocol>();
    send_sync::<Purpose>();
    send_sync::<PythonVersion>();
    send_sync::<Warning>();
    send_sync::<Constant>();
    send_sync::<Asn1Object>();
    send_sync::<DefaultVerifyPaths>();
    send_sync::<LegacyWrapArgs<'static>>();
};

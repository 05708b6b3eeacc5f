//! `ssl.SSLError` and friends, with CPython's classes, attributes and text.
//!
//! One [`Error`] type carries every exception CPython's `ssl` raises from the
//! calls this crate reproduces: the `SSLError` family and the built-in
//! `ValueError`, `TypeError`, `OSError`… cases. [`ErrorKind`] names the class;
//! [`Error::args`], [`Error::library`], [`Error::reason`],
//! [`Error::verify_code`] and [`Error::verify_message`] are the attributes;
//! `Display` is `str(e)` without the build-specific source location that
//! CPython's `_ssl.c` adds to some messages: the ` (_ssl.c:NNN)` suffix of
//! `SSLError` texts and the `_ssl.c:NNN: ` prefix of timeout texts (e.g.
//! `_ssl.c:1003: The handshake operation timed out` in CPython 3.13). The one
//! rule: pyssl never prints an `_ssl.c` line number. [`Error::is_instance`]
//! and [`Error::mro`] answer `except` clauses by CPython's class hierarchy.

use std::fmt;
use std::io;

use crate::profile::PythonVersion;

/// Which Python exception class an [`Error`] stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// `ssl.SSLError`.
    #[doc(alias = "SSLError")]
    Ssl,
    /// `ssl.SSLCertVerificationError` (3.7+; also `ssl.CertificateError`).
    #[doc(alias = "SSLCertVerificationError")]
    #[doc(alias = "CertificateError")]
    CertVerification,
    /// `ssl.SSLZeroReturnError`: the peer closed the TLS session cleanly.
    #[doc(alias = "SSLZeroReturnError")]
    ZeroReturn,
    /// `ssl.SSLWantReadError`: non-blocking, needs more input.
    #[doc(alias = "SSLWantReadError")]
    WantRead,
    /// `ssl.SSLWantWriteError`: non-blocking, needs to flush output.
    #[doc(alias = "SSLWantWriteError")]
    WantWrite,
    /// `ssl.SSLSyscallError`.
    #[doc(alias = "SSLSyscallError")]
    Syscall,
    /// `ssl.SSLEOFError`: the transport closed in violation of the protocol.
    #[doc(alias = "SSLEOFError")]
    Eof,
    /// `ssl.CertificateError` of CPython 3.6 (a `ValueError`, raised by
    /// `match_hostname` after the handshake).
    #[doc(alias = "CertificateError")]
    Certificate,
    /// `ValueError`.
    #[doc(alias = "ValueError")]
    Value,
    /// `TypeError`.
    #[doc(alias = "TypeError")]
    Type,
    /// `KeyError`.
    #[doc(alias = "KeyError")]
    Key,
    /// `AttributeError`.
    #[doc(alias = "AttributeError")]
    Attribute,
    /// `OverflowError`.
    #[doc(alias = "OverflowError")]
    Overflow,
    /// `NotImplementedError`.
    #[doc(alias = "NotImplementedError")]
    NotImplemented,
    /// `UnicodeEncodeError`.
    #[doc(alias = "UnicodeEncodeError")]
    UnicodeEncode,
    /// `UnicodeError`.
    #[doc(alias = "UnicodeError")]
    Unicode,
    /// `UnicodeDecodeError`.
    #[doc(alias = "UnicodeDecodeError")]
    UnicodeDecode,
    /// `SystemError` (what 3.6/3.7 raise when a password callback fails).
    #[doc(alias = "SystemError")]
    System,
    /// `OSError`.
    #[doc(alias = "OSError")]
    #[doc(alias = "socket_error")]
    Os,
    /// `FileNotFoundError`.
    #[doc(alias = "FileNotFoundError")]
    FileNotFound,
    /// `IsADirectoryError`.
    #[doc(alias = "IsADirectoryError")]
    IsADirectory,
    /// `PermissionError`.
    #[doc(alias = "PermissionError")]
    Permission,
    /// `TimeoutError` (`socket.timeout` before 3.10).
    #[doc(alias = "TimeoutError")]
    #[doc(alias = "socket.timeout")]
    Timeout,
    /// `ConnectionResetError`.
    #[doc(alias = "ConnectionResetError")]
    ConnectionReset,
    /// `BlockingIOError` (a non-blocking socket with nothing to do).
    #[doc(alias = "BlockingIOError")]
    BlockingIo,
    /// `ConnectionRefusedError`.
    #[doc(alias = "ConnectionRefusedError")]
    ConnectionRefused,
    /// `ConnectionAbortedError`.
    #[doc(alias = "ConnectionAbortedError")]
    ConnectionAborted,
    /// `BrokenPipeError`.
    #[doc(alias = "BrokenPipeError")]
    BrokenPipe,
    /// The built-in `TimeoutError` of an `OSError` with `errno == ETIMEDOUT`
    /// (on every version, unlike `socket.timeout`).
    #[doc(alias = "TimeoutError")]
    TimedOut,
    /// `ChildProcessError` (`ECHILD`).
    #[doc(alias = "ChildProcessError")]
    ChildProcess,
    /// `FileExistsError` (`EEXIST`).
    #[doc(alias = "FileExistsError")]
    FileExists,
    /// `NotADirectoryError` (`ENOTDIR`).
    #[doc(alias = "NotADirectoryError")]
    NotADirectory,
    /// `InterruptedError` (`EINTR`).
    #[doc(alias = "InterruptedError")]
    Interrupted,
    /// `ProcessLookupError` (`ESRCH`).
    #[doc(alias = "ProcessLookupError")]
    ProcessLookup,
}

impl ErrorKind {
    /// The class name as CPython `version` prints it (`type(e).__name__`).
    pub fn python_name(self, version: PythonVersion) -> &'static str {
        match self {
            ErrorKind::Ssl => "SSLError",
            ErrorKind::CertVerification => "SSLCertVerificationError",
            ErrorKind::ZeroReturn => "SSLZeroReturnError",
            ErrorKind::WantRead => "SSLWantReadError",
            ErrorKind::WantWrite => "SSLWantWriteError",
            ErrorKind::Syscall => "SSLSyscallError",
            ErrorKind::Eof => "SSLEOFError",
            ErrorKind::Certificate => "CertificateError",
            ErrorKind::Value => "ValueError",
            ErrorKind::Type => "TypeError",
            ErrorKind::Key => "KeyError",
            ErrorKind::Attribute => "AttributeError",
            ErrorKind::Overflow => "OverflowError",
            ErrorKind::NotImplemented => "NotImplementedError",
            ErrorKind::UnicodeEncode => "UnicodeEncodeError",
            ErrorKind::Unicode => "UnicodeError",
            ErrorKind::UnicodeDecode => "UnicodeDecodeError",
            ErrorKind::System => "SystemError",
            ErrorKind::Os => "OSError",
            ErrorKind::FileNotFound => "FileNotFoundError",
            ErrorKind::IsADirectory => "IsADirectoryError",
            ErrorKind::Permission => "PermissionError",
            ErrorKind::Timeout if version.at_least(10) => "TimeoutError",
            ErrorKind::Timeout => "timeout",
            ErrorKind::ConnectionReset => "ConnectionResetError",
            ErrorKind::BlockingIo => "BlockingIOError",
            ErrorKind::ConnectionRefused => "ConnectionRefusedError",
            ErrorKind::ConnectionAborted => "ConnectionAbortedError",
            ErrorKind::BrokenPipe => "BrokenPipeError",
            ErrorKind::TimedOut => "TimeoutError",
            ErrorKind::ChildProcess => "ChildProcessError",
            ErrorKind::FileExists => "FileExistsError",
            ErrorKind::NotADirectory => "NotADirectoryError",
            ErrorKind::Interrupted => "InterruptedError",
            ErrorKind::ProcessLookup => "ProcessLookupError",
        }
    }

    /// `[c.__name__ for c in type(e).__mro__]` under CPython `version`: the
    /// class, its bases in method resolution order, up to `object`.
    ///
    /// What ported `except ValueError:` or `except ConnectionError:` clauses
    /// need: see [`Error::is_instance`]. Checked against each CPython's
    /// `__mro__` (`tests/error_mro.rs`).
    #[doc(alias = "__mro__")]
    pub fn mro(self, version: PythonVersion) -> Vec<&'static str> {
        const TAIL: [&str; 3] = ["Exception", "BaseException", "object"];
        let bases: &[&str] = match self {
            ErrorKind::Ssl => &["OSError"],
            ErrorKind::CertVerification => &["SSLError", "OSError", "ValueError"],
            ErrorKind::ZeroReturn
            | ErrorKind::WantRead
            | ErrorKind::WantWrite
            | ErrorKind::Syscall
            | ErrorKind::Eof => &["SSLError", "OSError"],
            // Only 3.6 raises its own CertificateError (a ValueError).
            ErrorKind::Certificate => &["ValueError"],
            ErrorKind::Key => &["LookupError"],
            ErrorKind::Overflow => &["ArithmeticError"],
            ErrorKind::NotImplemented => &["RuntimeError"],
            ErrorKind::UnicodeEncode | ErrorKind::UnicodeDecode => &["UnicodeError", "ValueError"],
            ErrorKind::Unicode => &["ValueError"],
            ErrorKind::Value
            | ErrorKind::Type
            | ErrorKind::Attribute
            | ErrorKind::System
            | ErrorKind::Os => &[],
            ErrorKind::ConnectionReset
            | ErrorKind::ConnectionRefused
            | ErrorKind::ConnectionAborted
            | ErrorKind::BrokenPipe => &["ConnectionError", "OSError"],
            ErrorKind::FileNotFound
            | ErrorKind::IsADirectory
            | ErrorKind::Permission
            | ErrorKind::Timeout
            | ErrorKind::BlockingIo
            | ErrorKind::TimedOut
            | ErrorKind::ChildProcess
            | ErrorKind::FileExists
            | ErrorKind::NotADirectory
            | ErrorKind::Interrupted
            | ErrorKind::ProcessLookup => &["OSError"],
        };
        let mut v = vec![self.python_name(version)];
        v.extend_from_slice(bases);
        v.extend_from_slice(&TAIL);
        v
    }

    /// The `OSError` subclass CPython picks for an errno (the errno map of
    /// `Objects/exceptions.c`, used by `PyErr_SetFromErrno`): the one table
    /// pyssl and its tools use.
    #[doc(alias = "PyErr_SetFromErrno")]
    pub fn from_errno(errno: i32) -> ErrorKind {
        match errno {
            libc::EAGAIN | libc::EALREADY | libc::EINPROGRESS => ErrorKind::BlockingIo,
            libc::EPIPE | libc::ESHUTDOWN => ErrorKind::BrokenPipe,
            libc::ECHILD => ErrorKind::ChildProcess,
            libc::ECONNABORTED => ErrorKind::ConnectionAborted,
            libc::ECONNREFUSED => ErrorKind::ConnectionRefused,
            libc::ECONNRESET => ErrorKind::ConnectionReset,
            libc::EEXIST => ErrorKind::FileExists,
            libc::ENOENT => ErrorKind::FileNotFound,
            libc::EISDIR => ErrorKind::IsADirectory,
            libc::ENOTDIR => ErrorKind::NotADirectory,
            libc::EINTR => ErrorKind::Interrupted,
            libc::EACCES | libc::EPERM => ErrorKind::Permission,
            libc::ESRCH => ErrorKind::ProcessLookup,
            libc::ETIMEDOUT => ErrorKind::TimedOut,
            _ => ErrorKind::Os,
        }
    }

    /// True for `SSLError` and its subclasses.
    pub fn is_ssl_error(self) -> bool {
        matches!(
            self,
            ErrorKind::Ssl
                | ErrorKind::CertVerification
                | ErrorKind::ZeroReturn
                | ErrorKind::WantRead
                | ErrorKind::WantWrite
                | ErrorKind::Syscall
                | ErrorKind::Eof
        )
    }

    /// True for `OSError` and its subclasses (the `SSLError` family included).
    pub fn is_os_error(self) -> bool {
        self.is_ssl_error()
            || matches!(
                self,
                ErrorKind::Os
                    | ErrorKind::FileNotFound
                    | ErrorKind::IsADirectory
                    | ErrorKind::Permission
                    | ErrorKind::Timeout
                    | ErrorKind::ConnectionReset
                    | ErrorKind::BlockingIo
                    | ErrorKind::ConnectionRefused
                    | ErrorKind::ConnectionAborted
                    | ErrorKind::BrokenPipe
                    | ErrorKind::TimedOut
                    | ErrorKind::ChildProcess
                    | ErrorKind::FileExists
                    | ErrorKind::NotADirectory
                    | ErrorKind::Interrupted
                    | ErrorKind::ProcessLookup
            )
    }
}

/// One element of an exception's `args` tuple.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Arg {
    /// A Python `int`.
    Int(i64),
    /// A Python `str`.
    Str(String),
}

impl Arg {
    fn repr(&self) -> String {
        match self {
            Arg::Int(n) => n.to_string(),
            Arg::Str(s) => crate::pyrepr::repr(s),
        }
    }
}

/// An exception as CPython's `ssl` would raise it.
///
/// Boxed inside, so `Result<T, Error>` stays one pointer wide on the error side.
#[derive(Debug, Clone, PartialEq, Eq)]
#[doc(alias = "SSLError")]
#[doc(alias = "exception")]
pub struct Error {
    repr: Box<Repr>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Repr {
    kind: ErrorKind,
    args: Vec<Arg>,
    library: Option<String>,
    reason: Option<String>,
    verify_code: Option<i64>,
    verify_message: Option<String>,
    filename: Option<String>,
    text: Option<String>,
    version: PythonVersion,
    /// What the error came from (`Error::source`): the `io::Error`, the
    /// OpenSSL error stack or the certificate-decoding failure.
    cause: Option<Cause>,
}

/// The underlying error of an [`Error`]. Not part of equality: two errors
/// are equal when CPython would show them the same.
#[derive(Clone)]
struct Cause(std::sync::Arc<dyn std::error::Error + Send + Sync + 'static>);

impl PartialEq for Cause {
    fn eq(&self, _: &Cause) -> bool {
        true
    }
}

impl Eq for Cause {}

impl fmt::Debug for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// CPython's `ssl.SSL_ERROR_*` numbers that pyssl itself compares an
/// exception's `errno` (`args[0]`) with.
pub(crate) mod ssl_errno {
    /// `SSL_ERROR_WANT_READ`.
    pub(crate) const WANT_READ: i64 = 2;
    /// `SSL_ERROR_WANT_WRITE`.
    pub(crate) const WANT_WRITE: i64 = 3;
    /// `SSL_ERROR_EOF` (CPython's `PY_SSL_ERROR_EOF`).
    pub(crate) const EOF: i64 = 8;
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An exception of `kind` with the given `args`, as `kind(*args)`.
    pub fn new(kind: ErrorKind, args: Vec<Arg>) -> Error {
        Error {
            repr: Box::new(Repr {
                kind,
                args,
                library: None,
                reason: None,
                verify_code: None,
                verify_message: None,
                filename: None,
                text: None,
                version: PythonVersion::LATEST,
                cause: None,
            }),
        }
    }

    fn one(kind: ErrorKind, msg: impl Into<String>) -> Error {
        Error::new(kind, vec![Arg::Str(msg.into())])
    }

    /// `ValueError(msg)`.
    pub fn value_error(msg: impl Into<String>) -> Error {
        Error::one(ErrorKind::Value, msg)
    }

    /// `TypeError(msg)`.
    pub fn type_error(msg: impl Into<String>) -> Error {
        Error::one(ErrorKind::Type, msg)
    }

    /// `KeyError(key)`: prints as `repr(key)`.
    pub fn key_error(key: impl Into<String>) -> Error {
        Error::one(ErrorKind::Key, key)
    }

    /// `AttributeError(msg)`.
    pub fn attribute_error(msg: impl Into<String>) -> Error {
        Error::one(ErrorKind::Attribute, msg)
    }

    /// `AttributeError("module 'ssl' has no attribute 'NAME'")`.
    pub fn module_attribute(name: &str) -> Error {
        Error::attribute_error(format!("module 'ssl' has no attribute '{name}'"))
    }

    /// `AttributeError("'SSLContext' object has no attribute 'NAME'")`: an
    /// attribute the chosen CPython release does not have yet.
    pub fn no_context_attribute(name: &str) -> Error {
        Error::attribute_error(format!("'SSLContext' object has no attribute '{name}'"))
    }

    /// `OverflowError(msg)`.
    pub fn overflow_error(msg: impl Into<String>) -> Error {
        Error::one(ErrorKind::Overflow, msg)
    }

    /// `NotImplementedError(msg)`.
    pub fn not_implemented(msg: impl Into<String>) -> Error {
        Error::one(ErrorKind::NotImplemented, msg)
    }

    /// `SSLError(msg)` with a single argument: `str()` is the tuple repr,
    /// e.g. `('No cipher can be selected.',)`, as in CPython.
    pub fn ssl_one_arg(msg: impl Into<String>) -> Error {
        Error::one(ErrorKind::Ssl, msg)
    }

    /// An `OSError` subclass from an errno, as `OSError(errno, strerror[, filename])`.
    pub fn os_error(errno: i32, filename: Option<&str>) -> Error {
        let kind = ErrorKind::from_errno(errno);
        let mut e = Error::new(
            kind,
            vec![Arg::Int(errno as i64), Arg::Str(strerror(errno))],
        );
        e.repr.filename = filename.map(str::to_owned);
        e
    }

    /// Builds an `SSLError` subclass from raw parts, as `fill_and_set_sslerror`
    /// in `_ssl.c` does: `args == (code, message)`.
    pub(crate) fn ssl_parts(
        kind: ErrorKind,
        code: i64,
        message: String,
        library: Option<&str>,
        reason: Option<&str>,
    ) -> Error {
        let mut e = Error::new(kind, vec![Arg::Int(code), Arg::Str(message)]);
        e.repr.library = library.map(str::to_owned);
        e.repr.reason = reason.map(str::to_owned);
        e
    }

    /// Attaches the certificate verification result
    /// (`SSLCertVerificationError.verify_code` / `verify_message`).
    pub(crate) fn with_verify(mut self, code: i64, message: Option<String>) -> Error {
        self.repr.verify_code = Some(code);
        self.repr.verify_message = message;
        self
    }

    /// Sets the text `str()` prints when CPython formats it specially
    /// (e.g. `UnicodeEncodeError`).
    pub(crate) fn with_text(mut self, text: String) -> Error {
        self.repr.text = Some(text);
        self
    }

    /// Records which CPython release raised it (affects class names such as
    /// `socket.timeout` vs `TimeoutError`).
    pub(crate) fn for_version(mut self, version: PythonVersion) -> Error {
        self.repr.version = version;
        self
    }

    /// The exception class.
    pub fn kind(&self) -> ErrorKind {
        self.repr.kind
    }

    /// `type(e).__name__` under the CPython release that raised it.
    pub fn python_type(&self) -> &'static str {
        self.repr.kind.python_name(self.repr.version)
    }

    /// `type(e).__mro__` by name, under the CPython release that raised it
    /// (see [`ErrorKind::mro`]).
    #[doc(alias = "__mro__")]
    pub fn mro(&self) -> Vec<&'static str> {
        self.repr.kind.mro(self.repr.version)
    }

    /// `isinstance(e, cls)` for a class named as Python names it:
    /// `e.is_instance("ValueError")` is true for a certificate verification
    /// failure (`SSLCertVerificationError` is also a `ValueError`), as ported
    /// `except ValueError:` code expects; `"ConnectionError"`, `"OSError"`,
    /// `"Exception"`… work the same way. (`socket.timeout` is `"timeout"` on
    /// 3.6–3.9 and `"TimeoutError"` from 3.10, where it is an alias.)
    #[doc(alias = "isinstance")]
    pub fn is_instance(&self, class: &str) -> bool {
        self.mro().contains(&class)
    }

    /// `e.args`.
    pub fn args(&self) -> &[Arg] {
        &self.repr.args
    }

    /// `e.errno` of an `OSError` (`SSLError` included): the first argument
    /// when there are two or more.
    pub fn errno(&self) -> Option<i64> {
        if self.repr.kind.is_os_error() && (2..=5).contains(&self.repr.args.len()) {
            if let Arg::Int(n) = self.repr.args[0] {
                return Some(n);
            }
        }
        None
    }

    /// `e.strerror` of an `OSError`.
    pub fn strerror(&self) -> Option<&str> {
        if self.repr.kind.is_os_error() && (2..=5).contains(&self.repr.args.len()) {
            if let Arg::Str(s) = &self.repr.args[1] {
                return Some(s);
            }
        }
        None
    }

    /// `e.repr.filename` of an `OSError`.
    pub fn filename(&self) -> Option<&str> {
        self.repr.filename.as_deref()
    }

    /// `SSLError.library`: the OpenSSL library mnemonic, e.g. `"SSL"`, `"PEM"`.
    pub fn library(&self) -> Option<&str> {
        self.repr.library.as_deref()
    }

    /// `SSLError.reason`: the reason mnemonic, e.g. `"CERTIFICATE_VERIFY_FAILED"`.
    pub fn reason(&self) -> Option<&str> {
        self.repr.reason.as_deref()
    }

    /// `SSLCertVerificationError.verify_code`.
    pub fn verify_code(&self) -> Option<i64> {
        self.repr.verify_code
    }

    /// `SSLCertVerificationError.verify_message`.
    pub fn verify_message(&self) -> Option<&str> {
        self.repr.verify_message.as_deref()
    }

    /// `str(e)` exactly as CPython prints it, minus the `_ssl.c:NNN` location
    /// (a ` (_ssl.c:NNN)` suffix or an `_ssl.c:NNN: ` prefix).
    pub fn message(&self) -> String {
        self.to_string()
    }

    /// The `{"type", "library", "reason", "verify_code", "verify_message",
    /// "message"}` object of the command-line contract.
    #[cfg(feature = "serde")]
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "type": self.python_type(),
            "library": self.repr.library,
            "reason": self.repr.reason,
            "verify_code": self.repr.verify_code,
            "verify_message": self.repr.verify_message,
            "message": self.message(),
        })
    }

    fn args_repr(&self) -> String {
        match self.repr.args.as_slice() {
            [] => "()".to_string(),
            [one] => format!("({},)", one.repr()),
            many => format!(
                "({})",
                many.iter().map(Arg::repr).collect::<Vec<_>>().join(", ")
            ),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(t) = &self.repr.text {
            return f.write_str(t);
        }
        if self.repr.kind.is_ssl_error() {
            // SSLError.__str__: strerror when it is a str, else str(args).
            return match self.strerror() {
                Some(s) => f.write_str(s),
                None => f.write_str(&self.args_repr()),
            };
        }
        if self.repr.kind.is_os_error() {
            if let (Some(n), Some(s)) = (self.errno(), self.strerror()) {
                return match &self.repr.filename {
                    Some(p) => write!(f, "[Errno {n}] {s}: {}", crate::pyrepr::repr(p)),
                    None => write!(f, "[Errno {n}] {s}"),
                };
            }
        }
        match self.repr.args.as_slice() {
            [] => Ok(()),
            [Arg::Str(s)] if self.repr.kind == ErrorKind::Key => {
                f.write_str(&crate::pyrepr::repr(s))
            }
            [Arg::Str(s)] => f.write_str(s),
            [Arg::Int(n)] => write!(f, "{n}"),
            _ => f.write_str(&self.args_repr()),
        }
    }
}

impl Error {
    /// Attaches what this error came from (see `source()`).
    pub(crate) fn caused_by(
        mut self,
        cause: impl std::error::Error + Send + Sync + 'static,
    ) -> Error {
        self.repr.cause = Some(Cause(std::sync::Arc::new(cause)));
        self
    }
}

/// `source()` is the underlying `io::Error`, OpenSSL `ErrorStack` or
/// [`CertDecodeError`](crate::cert::CertDecodeError), when there is one.
impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.repr
            .cause
            .as_ref()
            .map(|c| &*c.0 as &(dyn std::error::Error + 'static))
    }
}

/// The error as an `io::Error` for `Read`/`Write` users, with the
/// `io::ErrorKind` of its Python class (`SSLWantReadError` → `WouldBlock`,
/// `TimeoutError` → `TimedOut`, …) and the pyssl [`Error`] inside (`get_ref`,
/// `into_inner`, `source`).
impl From<Error> for io::Error {
    fn from(e: Error) -> io::Error {
        let kind = match e.kind() {
            ErrorKind::WantRead | ErrorKind::WantWrite | ErrorKind::BlockingIo => {
                io::ErrorKind::WouldBlock
            }
            ErrorKind::Timeout | ErrorKind::TimedOut => io::ErrorKind::TimedOut,
            ErrorKind::Eof | ErrorKind::ZeroReturn => io::ErrorKind::UnexpectedEof,
            ErrorKind::ConnectionReset => io::ErrorKind::ConnectionReset,
            ErrorKind::ConnectionRefused => io::ErrorKind::ConnectionRefused,
            ErrorKind::ConnectionAborted => io::ErrorKind::ConnectionAborted,
            ErrorKind::BrokenPipe => io::ErrorKind::BrokenPipe,
            ErrorKind::FileNotFound => io::ErrorKind::NotFound,
            ErrorKind::FileExists => io::ErrorKind::AlreadyExists,
            ErrorKind::Permission => io::ErrorKind::PermissionDenied,
            ErrorKind::Interrupted => io::ErrorKind::Interrupted,
            ErrorKind::Value | ErrorKind::Type | ErrorKind::Overflow => io::ErrorKind::InvalidInput,
            _ => io::ErrorKind::Other,
        };
        io::Error::new(kind, e)
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Error {
        // An `io::Error` made from a pyssl `Error` (`SslSocket`'s `Read` and
        // `Write`) converts back to that error unchanged.
        if e.get_ref().is_some_and(|inner| inner.is::<Error>()) {
            if let Some(Ok(inner)) = e.into_inner().map(|b| b.downcast::<Error>()) {
                return *inner;
            }
            unreachable!("checked above that the io::Error holds a pyssl Error");
        }
        let err = match e.raw_os_error() {
            Some(n) => Error::os_error(n, None),
            None => match e.kind() {
                io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => {
                    Error::one(ErrorKind::Timeout, e.to_string())
                }
                _ => Error::one(ErrorKind::Os, e.to_string()),
            },
        };
        err.caused_by(e)
    }
}

/// `strerror(errno)` as Python's `OSError.strerror` shows it.
pub(crate) fn strerror(errno: i32) -> String {
    if errno == 0 {
        // PyErr_SetFromErrno's text when errno is 0.
        return "Error".to_string();
    }
    let s = io::Error::from_raw_os_error(errno).to_string();
    // Rust appends " (os error N)"; Python shows the C text alone.
    match s.rfind(" (os error ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// What `fill_and_set_sslerror` writes when it has no text for `code`:
/// `unknown error`, which 3.14 follows with the code (`unknown error (0x0)`).
pub(crate) fn unknown_error_text(version: PythonVersion, code: u64) -> String {
    if version.at_least(14) {
        format!("unknown error (0x{code:x})")
    } else {
        "unknown error".to_string()
    }
}

/// CPython's `fill_and_set_sslerror`: an `SSLError` of `kind` from a packed
/// OpenSSL error `code` (0 = none) and an optional fixed text.
///
/// `args[0]` is `ERR_GET_REASON(ssl_errno)` from 3.7 on and the raw value on
/// 3.6; the `[LIB: REASON]` mnemonics come from the table `version` shipped.
pub(crate) fn ssl_error_from_code(
    version: PythonVersion,
    kind: ErrorKind,
    code: u64,
    errstr: Option<&str>,
    ssl_errno: u64,
    verify: Option<&str>,
) -> Error {
    let mut lib_name = None;
    let mut reason_name = None;
    let mut text = errstr.map(str::to_owned);
    if code != 0 {
        let (lib, reason) = crate::ffi::err_lib_reason(code as _);
        let table = version.error_table();
        lib_name = crate::error_names::library_name(table, lib);
        reason_name = crate::error_names::reason_name(table, lib, reason);
        if text.is_none() {
            text = crate::ffi::reason_error_string(code as _);
        }
    }
    let text = text.unwrap_or_else(|| unknown_error_text(version, code));
    // "[LIB", ": REASON" when known, "] ", the text, then ": VERIFY". Up to
    // 3.13 the verify text is shown only next to both mnemonics; 3.14 builds
    // the message piece by piece and shows it whenever there is one.
    let mut msg = String::new();
    if let Some(l) = lib_name {
        msg.push('[');
        msg.push_str(l);
        if let Some(r) = reason_name {
            msg.push_str(": ");
            msg.push_str(r);
        }
        msg.push_str("] ");
    }
    msg.push_str(&text);
    let show_verify = version.at_least(14) || (lib_name.is_some() && reason_name.is_some());
    if let Some(v) = verify.filter(|_| show_verify) {
        msg.push_str(": ");
        msg.push_str(v);
    }
    let errno = if version.at_least(7) {
        crate::ffi::err_lib_reason(ssl_errno as _).1 as i64
    } else {
        ssl_errno as u32 as i32 as i64
    };
    Error::ssl_parts(kind, errno, msg, lib_name, reason_name).for_version(version)
}

/// CPython's `_setSSLError(state, errstr, 0, …)`: with no text, the newest
/// error on OpenSSL's queue; with a text, that text and no library. Empties
/// the queue either way.
pub(crate) fn ssl_error_from_queue(version: PythonVersion, errstr: Option<&str>) -> Error {
    let code = if errstr.is_none() {
        crate::ffi::peek_last_error() as u64
    } else {
        0
    };
    let e = ssl_error_from_code(version, ErrorKind::Ssl, code, errstr, code, None);
    crate::ffi::clear_errors();
    e
}

/// `_setSSLError` for an error the safe `openssl` crate already took off the
/// queue: its newest entry plays `ERR_peek_last_error()`.
pub(crate) fn ssl_error_from_stack(
    version: PythonVersion,
    stack: &openssl::error::ErrorStack,
) -> Error {
    crate::ffi::clear_errors();
    // c_ulong is 32 bits on some targets; widen explicitly.
    #[allow(clippy::unnecessary_cast)]
    let code = stack.errors().last().map(|e| e.code() as u64).unwrap_or(0);
    ssl_error_from_code(version, ErrorKind::Ssl, code, None, code, None).caused_by(stack.clone())
}

/// A certificate-decoding failure as the `Error` CPython `version` raises.
pub(crate) fn from_cert_decode(e: &crate::cert::CertDecodeError, version: PythonVersion) -> Error {
    use crate::cert::CertDecodeError as C;
    let err = match e {
        C::CantOpenFile => Error::ssl_one_arg("Can't open file"),
        C::ErrorDecodingPem => Error::ssl_one_arg("Error decoding PEM-encoded file"),
        C::FileBioAllocation => Error::ssl_one_arg("Can't malloc memory to read file"),
        C::BioAllocation => Error::ssl_one_arg("failed to allocate BIO"),
        other => {
            let kind = match other.python_type(version) {
                "ValueError" => ErrorKind::Value,
                "UnicodeDecodeError" => ErrorKind::UnicodeDecode,
                "SystemError" => ErrorKind::System,
                _ => ErrorKind::Ssl,
            };
            let text = strip_sslc_suffix(&other.python_str(version));
            Error::new(kind, vec![Arg::Str(text.clone())]).with_text(text)
        }
    };
    err.for_version(version).caused_by(e.clone())
}

/// Drops a trailing ` (_ssl.c:NNN)` (build-specific) from a CPython message.
pub(crate) fn strip_sslc_suffix(s: &str) -> String {
    match s.rfind(" (_ssl.c:") {
        Some(i) if s.ends_with(')') => s[..i].to_string(),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A system error on OpenSSL 3's queue carries its errno: `ERR_GET_REASON`
    /// (the C macro CPython uses) gives the errno, and so does pyssl: the
    /// error's `args[0]`, and `BrokenPipeError` rather than
    /// `FileNotFoundError` for `EPIPE` where 3.13+ raise the `OSError`.
    #[cfg(ossl300)]
    #[test]
    fn system_errors_carry_their_errno() {
        crate::ffi::clear_errors();
        crate::ffi::raise_system_error(libc::EPIPE);
        let code = crate::ffi::peek_last_error();
        assert_eq!(crate::ffi::err_lib_reason(code), (2, libc::EPIPE));
        let e = ssl_error_from_queue(PythonVersion::LATEST, None);
        assert_eq!(e.errno(), Some(i64::from(libc::EPIPE)));
        let os = Error::os_error(crate::ffi::err_lib_reason(code).1, None)
            .for_version(PythonVersion::LATEST);
        assert_eq!(os.python_type(), "BrokenPipeError");
        // An SSL library error is unchanged.
        let (lib, reason) = crate::ffi::err_lib_reason(0x0A00_0086);
        assert_eq!((lib, reason), (20, 134));
    }

    #[test]
    fn one_arg_ssl_error_prints_as_tuple() {
        let e = Error::ssl_one_arg("No cipher can be selected.");
        assert_eq!(e.to_string(), "('No cipher can be selected.',)");
        assert_eq!(e.python_type(), "SSLError");
        assert_eq!(e.errno(), None);
    }

    #[test]
    fn two_arg_ssl_error_prints_strerror() {
        let e = Error::ssl_parts(
            ErrorKind::Ssl,
            116,
            "[X509: X] y".into(),
            Some("X509"),
            None,
        );
        assert_eq!(e.to_string(), "[X509: X] y");
        assert_eq!(e.errno(), Some(116));
    }

    #[test]
    fn os_errors_print_like_python() {
        assert_eq!(
            Error::os_error(2, None).to_string(),
            "[Errno 2] No such file or directory"
        );
        assert_eq!(
            Error::os_error(21, Some("/")).to_string(),
            "[Errno 21] Is a directory: '/'"
        );
        assert_eq!(Error::os_error(21, None).python_type(), "IsADirectoryError");
    }

    #[test]
    fn key_error_prints_repr() {
        assert_eq!(
            Error::key_error("from callback").to_string(),
            "'from callback'"
        );
        assert_eq!(crate::pyrepr::repr("it's"), "\"it's\"");
        assert_eq!(crate::pyrepr::repr("a\0b"), "'a\\x00b'");
    }
}

//! The `SSLError` family as `_ssl` defines it, and the conversion of a
//! [`pyssl::Error`] into the Python exception CPython would raise.
//!
//! pyssl already decides the class, the `args`, `library`, `reason` and the
//! verification result; this module only builds the Python object.

use std::cell::RefCell;

use pyo3::exceptions::{PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};
use pyo3::PyErr;
use pyssl::{Arg, Error};

/// The classes `_ssl.c` creates at import (`_ssl__SSLError` and friends),
/// written in Python because they are plain subclasses: `SSLError.__str__`
/// is the one piece of C behaviour (`SSLError_str`).
const CLASSES: &str = r#"
class SSLError(OSError):
    """An error occurred in the SSL implementation."""
    def __str__(self):
        if isinstance(self.strerror, str):
            return self.strerror
        return str(self.args)

class SSLZeroReturnError(SSLError):
    """SSL/TLS session closed cleanly."""

class SSLWantReadError(SSLError):
    """Non-blocking SSL socket needs to read more data
before the requested operation can be completed."""

class SSLWantWriteError(SSLError):
    """Non-blocking SSL socket needs to write more data
before the requested operation can be completed."""

class SSLSyscallError(SSLError):
    """System error when attempting SSL operation."""

class SSLEOFError(SSLError):
    """SSL/TLS connection terminated abruptly."""

class SSLCertVerificationError(SSLError, ValueError):
    """A certificate could not be verified."""

for _c in (SSLError, SSLZeroReturnError, SSLWantReadError, SSLWantWriteError,
           SSLSyscallError, SSLEOFError, SSLCertVerificationError):
    _c.__module__ = "ssl"
del _c
"#;

/// The SSL exception class names, in the order `_ssl` exports them.
pub const SSL_CLASSES: [&str; 7] = [
    "SSLError",
    "SSLZeroReturnError",
    "SSLWantReadError",
    "SSLWantWriteError",
    "SSLSyscallError",
    "SSLEOFError",
    "SSLCertVerificationError",
];

/// Defines the classes in `m`.
pub fn add_classes(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let ns = PyDict::new(py);
    ns.set_item("__builtins__", py.import("builtins")?)?;
    let code = std::ffi::CString::new(CLASSES).expect("no NUL in the class source");
    py.run(&code, Some(&ns), None)?;
    for name in SSL_CLASSES {
        m.add(name, ns.get_item(name)?.expect("class just defined"))?;
    }
    Ok(())
}

thread_local! {
    /// A Python exception raised by a callback that pyssl called (a
    /// password callable, say): pyssl sees a stand-in error, and the shim
    /// raises this one instead, as CPython re-raises the callback's own.
    static PENDING: RefCell<Option<PyErr>> = const { RefCell::new(None) };
}

/// Keeps a callback's exception for [`to_py`] to raise; returns the
/// stand-in error handed to pyssl.
pub fn stash(err: PyErr) -> Error {
    PENDING.with(|p| *p.borrow_mut() = Some(err));
    Error::value_error("exception raised by a Python callback")
}

/// Takes a stashed exception, if a callback raised one.
pub fn take_stash() -> Option<PyErr> {
    PENDING.with(|p| p.borrow_mut().take())
}

/// Forgets a stashed exception (before an operation that may stash one).
pub fn clear_stash() {
    PENDING.with(|p| p.borrow_mut().take());
}

fn class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    match name {
        "CertificateError" => class(py, "SSLCertVerificationError"),
        n if SSL_CLASSES.contains(&n) => py.import("_ssl")?.getattr(n),
        "timeout" => py.import("socket")?.getattr("timeout"),
        n => py.import("builtins")?.getattr(n),
    }
}

fn build(py: Python<'_>, e: &Error) -> PyResult<PyErr> {
    let cls = class(py, e.python_type())?;
    let args: Vec<Py<PyAny>> = e
        .args()
        .iter()
        .map(|a| match a {
            Arg::Int(n) => n.into_pyobject(py).expect("infallible").into_any().unbind(),
            Arg::Str(s) => PyString::new(py, s).into_any().unbind(),
            _ => py.None(),
        })
        .collect();
    let args = PyTuple::new(py, args)?;
    let exc = match cls.call1(args) {
        Ok(x) => x,
        // Classes whose constructor needs more than pyssl's args carry
        // (UnicodeDecodeError wants the bytes): the class with its text.
        Err(_) => cls.call1((e.to_string(),))?,
    };
    if e.kind().is_ssl_error() || e.python_type() == "CertificateError" {
        exc.setattr("library", e.library())?;
        exc.setattr("reason", e.reason())?;
        if e.verify_code().is_some() || e.python_type() == "SSLCertVerificationError" {
            exc.setattr("verify_code", e.verify_code())?;
            exc.setattr("verify_message", e.verify_message())?;
        }
    }
    if let Some(f) = e.filename() {
        exc.setattr("filename", f)?;
    }
    Ok(PyErr::from_value(exc))
}

/// The Python exception for `e`, or the callback exception stashed while
/// pyssl ran.
pub fn to_py(e: Error) -> PyErr {
    if let Some(stashed) = PENDING.with(|p| p.borrow_mut().take()) {
        return stashed;
    }
    Python::attach(|py| match build(py, &e) {
        Ok(err) => err,
        Err(build_err) => PyRuntimeError::new_err(format!(
            "cannot raise {}({e}): {build_err}",
            e.python_type()
        )),
    })
}

/// `Result` conversion used by every method.
pub trait IntoPy<T> {
    /// pyssl's error as the Python exception.
    fn py(self) -> PyResult<T>;
}

impl<T> IntoPy<T> for pyssl::Result<T> {
    fn py(self) -> PyResult<T> {
        self.map_err(to_py)
    }
}

/// `TypeError(msg)`.
pub fn type_error(msg: impl Into<String>) -> PyErr {
    PyTypeError::new_err(msg.into())
}

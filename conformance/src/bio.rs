//! `_ssl.MemoryBIO`, `_ssl.SSLSession` and `_ssl.Certificate`.

use pyo3::basic::CompareOp;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use pyssl::certificate::{Encoding, PublicBytes};
use pyssl::{Certificate, MemoryBio, SslSession};

use crate::convert::{bytes_like, json_to_py};
use crate::errors::IntoPy;
use crate::version;

/// `_ssl.MemoryBIO`.
///
/// Every method waits for the buffer's lock with the GIL released: an
/// `SSLObject` holds its two buffers' locks for the whole OpenSSL call, and
/// a callback inside that call (SNI, message, PSK) needs the GIL; a thread
/// that kept the GIL while it waited here would deadlock with it.
#[pyclass(name = "MemoryBIO", module = "_ssl", frozen)]
pub struct PyMemoryBio {
    pub(crate) bio: MemoryBio,
}

#[pymethods]
impl PyMemoryBio {
    #[new]
    fn new() -> PyResult<Self> {
        Ok(PyMemoryBio {
            bio: MemoryBio::new().py()?,
        })
    }

    #[pyo3(signature = (size=-1))]
    fn read<'py>(&self, py: Python<'py>, size: i32) -> Bound<'py, PyBytes> {
        let n = usize::try_from(size).ok();
        PyBytes::new(py, &py.detach(|| self.bio.read(n)))
    }

    fn write(&self, py: Python<'_>, b: &Bound<'_, PyAny>) -> PyResult<usize> {
        let data = bytes_like(b)?;
        py.detach(|| self.bio.write(&data)).py()
    }

    fn write_eof(&self, py: Python<'_>) {
        py.detach(|| self.bio.write_eof())
    }

    #[getter]
    fn pending(&self, py: Python<'_>) -> usize {
        py.detach(|| self.bio.pending())
    }

    #[getter]
    fn eof(&self, py: Python<'_>) -> bool {
        py.detach(|| self.bio.eof())
    }
}

/// `_ssl.SSLSession`.
#[pyclass(name = "SSLSession", module = "_ssl", frozen)]
pub struct PySession {
    pub(crate) session: SslSession,
}

#[pymethods]
impl PySession {
    #[new]
    fn new() -> PyResult<Self> {
        // 3.8 and 3.9 name the type `_ssl.Session` in this message.
        let name = if version().at_least(10) {
            "SSLSession"
        } else {
            "Session"
        };
        Err(crate::errors::type_error(format!(
            "cannot create '_ssl.{name}' instances"
        )))
    }

    #[getter]
    fn id<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.session.id())
    }

    #[getter]
    fn time(&self) -> i64 {
        self.session.time()
    }

    #[getter]
    fn timeout(&self) -> i64 {
        self.session.timeout()
    }

    #[getter]
    fn has_ticket(&self) -> bool {
        self.session.has_ticket()
    }

    #[getter]
    fn ticket_lifetime_hint(&self) -> u64 {
        self.session.ticket_lifetime_hint()
    }

    fn __richcmp__(&self, other: &Bound<'_, PyAny>, op: CompareOp, py: Python<'_>) -> Py<PyAny> {
        let Ok(other) = other.cast::<PySession>() else {
            return py.NotImplemented();
        };
        let eq = self.session == other.get().session;
        match op {
            CompareOp::Eq => eq.into_pyobject(py).unwrap().to_owned().into_any().unbind(),
            CompareOp::Ne => (!eq)
                .into_pyobject(py)
                .unwrap()
                .to_owned()
                .into_any()
                .unbind(),
            _ => py.NotImplemented(),
        }
    }
}

/// `_ssl.Certificate` (3.13+).
#[pyclass(name = "Certificate", module = "_ssl", frozen)]
pub struct PyCertificate {
    cert: Option<Certificate>,
}

impl PyCertificate {
    pub fn from_der(der: Vec<u8>) -> PyCertificate {
        PyCertificate {
            cert: Certificate::from_der(&der).ok(),
        }
    }

    fn cert(&self) -> PyResult<&Certificate> {
        self.cert
            .as_ref()
            .ok_or_else(|| pyo3::exceptions::PyValueError::new_err("invalid certificate"))
    }
}

#[pymethods]
impl PyCertificate {
    #[new]
    fn new() -> PyResult<Self> {
        Err(crate::errors::type_error(
            "cannot create '_ssl.Certificate' instances",
        ))
    }

    fn get_info(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let info = self.cert()?.get_info(version()).py()?;
        json_to_py(py, &info.to_json())
    }

    #[pyo3(signature = (format=1))]
    fn public_bytes(&self, py: Python<'_>, format: i64) -> PyResult<Py<PyAny>> {
        let enc = Encoding::from_value(format).py()?;
        Ok(match self.cert()?.public_bytes(enc).py()? {
            PublicBytes::Pem(s) => PyString::new(py, &s).into_any().unbind(),
            PublicBytes::Der(b) => PyBytes::new(py, &b).into_any().unbind(),
            _ => py.None(),
        })
    }

    fn __repr__(&self) -> PyResult<String> {
        Ok(format!(
            "<_ssl.Certificate '{}'>",
            self.cert()?.subject_rfc2253()
        ))
    }

    fn __hash__(&self) -> PyResult<isize> {
        let h = self.cert()?.subject_name_hash();
        // CPython returns X509_subject_name_hash as the hash.
        Ok(h as isize)
    }

    fn __richcmp__(&self, other: &Bound<'_, PyAny>, op: CompareOp, py: Python<'_>) -> Py<PyAny> {
        let Ok(other) = other.cast::<PyCertificate>() else {
            return py.NotImplemented();
        };
        let eq = match (&self.cert, &other.get().cert) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        };
        match op {
            CompareOp::Eq => eq.into_pyobject(py).unwrap().to_owned().into_any().unbind(),
            CompareOp::Ne => (!eq)
                .into_pyobject(py)
                .unwrap()
                .to_owned()
                .into_any()
                .unbind(),
            _ => py.NotImplemented(),
        }
    }
}

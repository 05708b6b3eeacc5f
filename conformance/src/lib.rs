//! `_ssl`, CPython's C extension module under `Lib/ssl.py`, rebuilt on
//! pyssl's public API, so that CPython's own `test_ssl.py` runs against
//! pyssl unchanged (`conformance/run.sh`).
//!
//! The module is a boundary and nothing more: it converts Python values to
//! pyssl's types and back, raises pyssl's errors as CPython's exception
//! classes, releases the GIL around I/O, and calls Python callbacks. Every
//! decision about behaviour (defaults, checks, messages) is pyssl's; where
//! test_ssl disagrees, pyssl is fixed, not this module.
//!
//! The CPython release pyssl emulates is the one that imports the module.

use std::sync::OnceLock;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString, PyTuple};
use pyssl::constants::{private_has_flags, python_constants};
use pyssl::functions::{self, Asn1Object};
use pyssl::PythonVersion;

mod bio;
mod context;
mod convert;
mod errors;
mod ffi;
mod sock;

use errors::IntoPy;

static VERSION: OnceLock<PythonVersion> = OnceLock::new();

/// The CPython release that imported the module (set at import).
pub(crate) fn version() -> PythonVersion {
    *VERSION.get().unwrap_or(&PythonVersion::LATEST)
}

/// Turns the `DeprecationWarning`s pyssl recorded into Python warnings.
pub(crate) fn emit_warnings(py: Python<'_>) -> PyResult<()> {
    let recorded = pyssl::warnings::take_warnings();
    if recorded.is_empty() {
        return Ok(());
    }
    let warnings = py.import("warnings")?;
    let builtins = py.import("builtins")?;
    for w in recorded {
        let cat = builtins.getattr(w.category)?;
        warnings.call_method1("warn", (w.message, cat, 2))?;
    }
    Ok(())
}

fn asn1_tuple(py: Python<'_>, o: Asn1Object) -> PyResult<Bound<'_, PyTuple>> {
    PyTuple::new(
        py,
        [
            o.nid.into_pyobject(py)?.into_any(),
            PyString::new(py, &o.shortname).into_any(),
            PyString::new(py, &o.longname).into_any(),
            match &o.oid {
                Some(s) => PyString::new(py, s).into_any(),
                None => py.None().into_bound(py),
            },
        ],
    )
}

#[pyfunction]
#[pyo3(signature = (txt, name=false))]
fn txt2obj<'py>(py: Python<'py>, txt: &str, name: bool) -> PyResult<Bound<'py, PyTuple>> {
    let o = if name {
        Asn1Object::from_name_for(txt, version())
    } else {
        Asn1Object::from_oid_for(txt, version())
    };
    asn1_tuple(py, o.py()?)
}

#[pyfunction]
fn nid2obj(py: Python<'_>, nid: i64) -> PyResult<Bound<'_, PyTuple>> {
    asn1_tuple(py, Asn1Object::from_nid_for(nid, version()).py()?)
}

#[pyfunction]
#[pyo3(name = "RAND_bytes")]
fn rand_bytes(py: Python<'_>, n: i64) -> PyResult<Bound<'_, PyBytes>> {
    let b = functions::rand_bytes_for(n, version()).py()?;
    Ok(PyBytes::new(py, &b))
}

#[pyfunction]
#[pyo3(name = "RAND_pseudo_bytes")]
fn rand_pseudo_bytes(py: Python<'_>, n: i64) -> PyResult<(Bound<'_, PyBytes>, bool)> {
    let r = functions::rand_pseudo_bytes_for(n, version());
    emit_warnings(py)?;
    let (b, strong) = r.py()?;
    Ok((PyBytes::new(py, &b), strong))
}

#[pyfunction]
#[pyo3(name = "RAND_status")]
fn rand_status(py: Python<'_>) -> PyResult<Py<PyAny>> {
    let ok = functions::rand_status();
    // 3.6–3.9 return the int from OpenSSL, 3.10+ a bool.
    Ok(if version().at_least(10) {
        ok.into_pyobject(py)?.to_owned().into_any().unbind()
    } else {
        (ok as i64).into_pyobject(py)?.into_any().unbind()
    })
}

#[pyfunction]
#[pyo3(name = "RAND_add")]
fn rand_add(string: &Bound<'_, PyAny>, entropy: f64) -> PyResult<()> {
    let data = if let Ok(s) = string.cast::<PyString>() {
        s.to_str()?.as_bytes().to_vec()
    } else {
        convert::bytes_like(string)?
    };
    functions::rand_add(&data, entropy);
    Ok(())
}

#[pyfunction]
fn get_default_verify_paths() -> (String, String, String, String) {
    let (fe, f, de, d) = functions::openssl_default_verify_paths();
    (
        fe,
        f.to_string_lossy().into_owned(),
        de,
        d.to_string_lossy().into_owned(),
    )
}

#[pyfunction]
fn _test_decode_cert(py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let p = convert::fs_path(Some(path), "path")?
        .ok_or_else(|| errors::type_error("path should be a valid filesystem path"))?;
    let cert = functions::decode_cert_for(p, version()).py()?;
    convert::json_to_py(py, &cert.to_json())
}

#[pymodule]
#[pyo3(name = "_ssl")]
fn ssl_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let (major, minor): (u8, u8) = py
        .import("sys")?
        .getattr("version_info")?
        .extract::<(u8, u8, u32, String, u32)>()
        .map(|t| (t.0, t.1))?;
    let v = if major == 3 {
        PythonVersion::from_minor(minor)
    } else {
        None
    }
    .ok_or_else(|| {
        pyo3::exceptions::PyImportError::new_err(format!(
            "pyssl has no profile for CPython {major}.{minor}"
        ))
    })?;
    let _ = VERSION.set(v);

    errors::add_classes(m)?;
    m.add_class::<context::PyContext>()?;
    m.add_class::<sock::PySslSocket>()?;
    m.add_class::<bio::PyMemoryBio>()?;
    m.add_class::<bio::PySession>()?;
    if v.at_least(10) {
        m.add_class::<bio::PyCertificate>()?;
    }
    // `_ssl.c`'s types are immutable (static types before 3.10, heap types
    // flagged Py_TPFLAGS_IMMUTABLETYPE from 3.10, SSLError included).
    for name in [
        "_SSLContext",
        "_SSLSocket",
        "MemoryBIO",
        "SSLSession",
        "Certificate",
        "SSLError",
    ] {
        if let Ok(t) = m.getattr(name) {
            ffi::make_immutable(t.cast::<pyo3::types::PyType>()?);
        }
    }
    for c in python_constants(v) {
        m.add(c.name, c.value)?;
    }
    for (name, on) in private_has_flags(v) {
        m.add(name, on)?;
    }
    m.add("OPENSSL_VERSION", functions::openssl_version())?;
    m.add(
        "OPENSSL_VERSION_NUMBER",
        functions::openssl_version_number(),
    )?;
    m.add("OPENSSL_VERSION_INFO", functions::openssl_version_info())?;
    m.add("_OPENSSL_API_VERSION", functions::openssl_api_version())?;
    m.add("_DEFAULT_CIPHERS", v.default_ciphers())?;

    m.add_function(wrap_pyfunction!(txt2obj, m)?)?;
    m.add_function(wrap_pyfunction!(nid2obj, m)?)?;
    m.add_function(wrap_pyfunction!(rand_bytes, m)?)?;
    if !v.at_least(12) {
        m.add_function(wrap_pyfunction!(rand_pseudo_bytes, m)?)?;
    }
    m.add_function(wrap_pyfunction!(rand_status, m)?)?;
    m.add_function(wrap_pyfunction!(rand_add, m)?)?;
    m.add_function(wrap_pyfunction!(get_default_verify_paths, m)?)?;
    m.add_function(wrap_pyfunction!(_test_decode_cert, m)?)?;
    // Tells run.sh (and anyone asking) which `_ssl` this is.
    m.add("__pyssl__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

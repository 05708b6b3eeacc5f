//! Python ⇄ Rust value conversions at the boundary.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use serde_json::Value;

use crate::errors::type_error;

/// A JSON value from pyssl's `to_json` as the Python object CPython builds:
/// every array of a certificate dict is a tuple in `_ssl.c`.
pub fn json_to_py(py: Python<'_>, v: &Value) -> PyResult<Py<PyAny>> {
    Ok(match v {
        Value::Null => py.None(),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any().unbind(),
        Value::Number(n) => match n.as_i64() {
            Some(i) => i.into_pyobject(py)?.into_any().unbind(),
            None => match n.as_u64() {
                Some(u) => u.into_pyobject(py)?.into_any().unbind(),
                None => n.as_f64().into_pyobject(py)?.into_any().unbind(),
            },
        },
        Value::String(s) => PyString::new(py, s).into_any().unbind(),
        Value::Array(a) => {
            let items = a
                .iter()
                .map(|x| json_to_py(py, x))
                .collect::<PyResult<Vec<_>>>()?;
            PyTuple::new(py, items)?.into_any().unbind()
        }
        Value::Object(o) => {
            let d = PyDict::new(py);
            for (k, x) in o {
                d.set_item(k, json_to_py(py, x)?)?;
            }
            d.into_any().unbind()
        }
    })
}

/// A list of dicts (`get_ciphers()`, `get_ca_certs()`).
pub fn json_list(py: Python<'_>, items: Vec<Value>) -> PyResult<Py<PyAny>> {
    let l = PyList::empty(py);
    for v in &items {
        l.append(json_to_py(py, v)?)?;
    }
    Ok(l.into_any().unbind())
}

/// `PyUnicode_FSConverter`: `str`, `bytes` or `os.PathLike`; `None` when the
/// value is `None`. `what` names the argument in CPython's `TypeError`.
pub fn fs_path(obj: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Option<PathBuf>> {
    let Some(obj) = obj else { return Ok(None) };
    if obj.is_none() {
        return Ok(None);
    }
    let os = obj.py().import("os")?;
    let p = match os.call_method1("fspath", (obj,)) {
        Ok(p) => p,
        Err(_) => {
            return Err(type_error(format!(
                "{what} should be a valid filesystem path"
            )))
        }
    };
    if let Ok(b) = p.cast::<PyBytes>() {
        return Ok(Some(PathBuf::from(OsString::from_vec(
            b.as_bytes().to_vec(),
        ))));
    }
    let b = os.call_method1("fsencode", (&p,))?;
    let b = b.cast::<PyBytes>()?;
    Ok(Some(PathBuf::from(OsString::from_vec(
        b.as_bytes().to_vec(),
    ))))
}

/// The bytes of a bytes-like object (`y*` in `_ssl.c`'s argument clinic).
pub fn bytes_like(obj: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    crate::ffi::read_buffer(obj)
}

/// The clinic's `TypeError` for a `w*` argument that is not a writable buffer.
fn not_writable(obj: &Bound<'_, PyAny>) -> PyErr {
    let name = if obj.is_none() {
        "None".to_owned()
    } else {
        obj.get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_default()
    };
    type_error(format!(
        "read() argument 2 must be read-write bytes-like object, not {name}"
    ))
}

/// Copies `data` into the writable buffer `obj` (`w*`).
pub fn fill_buffer(obj: &Bound<'_, PyAny>, data: &[u8]) -> PyResult<()> {
    if crate::ffi::write_buffer(obj, data) {
        Ok(())
    } else {
        Err(not_writable(obj))
    }
}

/// The size of a writable buffer (`w*`).
pub fn buffer_len(obj: &Bound<'_, PyAny>) -> PyResult<usize> {
    crate::ffi::writable_len(obj).ok_or_else(|| not_writable(obj))
}

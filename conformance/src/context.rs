//! `_ssl._SSLContext` over [`pyssl::SslContext`].

use std::sync::{Arc, Mutex};

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use pyo3::{PyTraverseError, PyVisit};
use pyssl::context::{CaData, Password, PasswordValue};
use pyssl::{SslContext, VerifyMode};

use crate::convert::{bytes_like, fs_path, json_list, json_to_py};
use crate::errors::{clear_stash, stash, type_error, IntoPy};
use crate::sock::PySslSocket;
use crate::{emit_warnings, version};

/// `_ssl._SSLContext`.
#[pyclass(name = "_SSLContext", module = "_ssl", subclass, frozen, weakref)]
pub struct PyContext {
    pub(crate) ctx: SslContext,
    /// The Python objects CPython's getters hand back as they were set.
    pub(crate) sni_callback: Mutex<Option<Py<PyAny>>>,
    pub(crate) msg_callback: Mutex<Option<Py<PyAny>>>,
    pub(crate) psk_client: Mutex<Option<Py<PyAny>>>,
    pub(crate) psk_server: Mutex<Option<Py<PyAny>>>,
    /// What `keylog_filename` was set to, returned as it was given.
    keylog_filename: Mutex<Option<Py<PyAny>>>,
}

impl PyContext {
    fn callbacks(&self) -> [&Mutex<Option<Py<PyAny>>>; 5] {
        [
            &self.keylog_filename,
            &self.sni_callback,
            &self.msg_callback,
            &self.psk_client,
            &self.psk_server,
        ]
    }
}

impl PyContext {
    /// A context object for `ctx` (SNI callbacks may meet contexts made
    /// elsewhere; every context the shim hands out is one of these).
    pub fn rust(&self) -> &SslContext {
        &self.ctx
    }
}

fn warned<T>(py: Python<'_>, r: pyssl::Result<T>) -> PyResult<T> {
    let r = r.py();
    emit_warnings(py)?;
    r
}

/// `int` → `i64` for setters, with the `TypeError` CPython's converters give.
fn int_arg(v: &Bound<'_, PyAny>) -> PyResult<i128> {
    v.extract::<i128>()
}

#[pymethods]
impl PyContext {
    #[new]
    #[pyo3(signature = (protocol))]
    fn new(py: Python<'_>, protocol: i64) -> PyResult<Self> {
        let ctx = warned(py, SslContext::from_protocol_number(protocol, version()))?;
        Ok(PyContext {
            ctx,
            sni_callback: Mutex::new(None),
            msg_callback: Mutex::new(None),
            psk_client: Mutex::new(None),
            psk_server: Mutex::new(None),
            keylog_filename: Mutex::new(None),
        })
    }

    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        for slot in self.callbacks() {
            if let Ok(g) = slot.try_lock() {
                if let Some(cb) = &*g {
                    visit.call(cb)?;
                }
            }
        }
        Ok(())
    }

    fn __clear__(&self) {
        for slot in self.callbacks() {
            if let Ok(mut g) = slot.lock() {
                g.take();
            }
        }
    }

    #[getter]
    fn protocol(&self) -> i64 {
        self.ctx.protocol().value()
    }

    #[getter]
    fn get_options(&self) -> i128 {
        self.ctx.options_value()
    }

    #[setter]
    fn set_options(&self, py: Python<'_>, v: &Bound<'_, PyAny>) -> PyResult<()> {
        let n = int_arg(v)?;
        warned(py, self.ctx.set_options_value(n))
    }

    #[getter]
    fn get_verify_mode(&self) -> i64 {
        self.ctx.verify_mode() as i64
    }

    #[setter]
    fn set_verify_mode(&self, v: i64) -> PyResult<()> {
        let mode = VerifyMode::try_from(v).py()?;
        self.ctx.set_verify_mode(mode).py()
    }

    #[getter]
    fn get_verify_flags(&self) -> u64 {
        self.ctx.verify_flags().bits()
    }

    #[setter]
    fn set_verify_flags(&self, v: &Bound<'_, PyAny>) -> PyResult<()> {
        self.ctx.set_verify_flags_value(int_arg(v)?).py()
    }

    #[getter]
    fn get_check_hostname(&self) -> bool {
        self.ctx.check_hostname()
    }

    #[setter]
    fn set_check_hostname(&self, v: &Bound<'_, PyAny>) -> PyResult<()> {
        self.ctx.set_check_hostname(v.is_truthy()?).py()
    }

    #[getter(_host_flags)]
    fn host_flags(&self) -> PyResult<u32> {
        Ok(self.ctx.host_flags().py()?.bits())
    }

    #[setter(_host_flags)]
    fn set_host_flags(&self, v: u32) -> PyResult<()> {
        self.ctx
            .set_host_flags(pyssl::HostFlags::from_bits_retain(v))
            .py()
    }

    #[getter]
    fn get_minimum_version(&self) -> PyResult<i64> {
        Ok(self.ctx.minimum_version().py()?.value())
    }

    #[setter]
    fn set_minimum_version(&self, py: Python<'_>, v: i64) -> PyResult<()> {
        warned(py, self.ctx.set_proto_version_value(false, v))
    }

    #[getter]
    fn get_maximum_version(&self) -> PyResult<i64> {
        Ok(self.ctx.maximum_version().py()?.value())
    }

    #[setter]
    fn set_maximum_version(&self, py: Python<'_>, v: i64) -> PyResult<()> {
        warned(py, self.ctx.set_proto_version_value(true, v))
    }

    #[getter]
    fn get_num_tickets(&self) -> PyResult<i64> {
        self.ctx.num_tickets().py()
    }

    #[setter]
    fn set_num_tickets(&self, v: i64) -> PyResult<()> {
        self.ctx.set_num_tickets(v).py()
    }

    #[getter]
    fn get_post_handshake_auth(&self) -> bool {
        self.ctx.post_handshake_auth()
    }

    #[setter]
    fn set_post_handshake_auth(&self, v: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        let Some(v) = v else {
            return Err(pyo3::exceptions::PyAttributeError::new_err(
                "cannot delete attribute",
            ));
        };
        self.ctx.set_post_handshake_auth(v.is_truthy()?);
        Ok(())
    }

    #[getter]
    fn get_security_level(&self) -> PyResult<u32> {
        self.ctx.security_level().py()
    }

    #[getter]
    fn get_keylog_filename(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(match self.ctx.keylog_filename().py()? {
            Some(p) => match &*self.keylog_filename.lock().unwrap() {
                Some(obj) => obj.clone_ref(py),
                None => PyString::new(py, &p.to_string_lossy()).into_any().unbind(),
            },
            None => py.None(),
        })
    }

    #[setter]
    fn set_keylog_filename(&self, v: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        let v = v.filter(|v| !v.is_none());
        let path = match v {
            Some(v) => Some(
                fs_path(Some(v), "keylog_filename")
                    .map_err(|_| type_error("keylog_filename must be str, bytes or os.PathLike"))?
                    .expect("not None"),
            ),
            None => None,
        };
        self.ctx.set_keylog_filename(path.as_deref()).py()?;
        *self.keylog_filename.lock().unwrap() = v.map(|v| v.clone().unbind());
        Ok(())
    }

    #[getter]
    fn get_sni_callback(&self, py: Python<'_>) -> Py<PyAny> {
        match &*self.sni_callback.lock().unwrap() {
            Some(cb) => cb.clone_ref(py),
            None => py.None(),
        }
    }

    #[setter]
    fn set_sni_callback(&self, v: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        let v = v.filter(|v| !v.is_none());
        if let Some(cb) = v {
            if !cb.is_callable() {
                // CPython checks the protocol first, then callability.
                if self.ctx.protocol() == pyssl::Protocol::TlsClient {
                    return Err(PyValueError::new_err(
                        "sni_callback cannot be set on TLS_CLIENT context",
                    ));
                }
                return Err(type_error("not a callable object"));
            }
        }
        // The closure holds no Python object (the callable lives in this
        // object, where the garbage collector sees it): it finds the
        // connection's context, as `_ssl.c` reads `ssl->ctx->set_sni_cb`.
        let rust_cb: Option<Arc<pyssl::SniCallback>> = v.map(|_| {
            Arc::new(
                |conn: &mut pyssl::SniConnection<'_>,
                 name: Option<&str>,
                 _ctx: &SslContext|
                 -> pyssl::Result<Option<i32>> {
                    Python::attach(|py| crate::sock::run_sni_callback(py, conn, name))
                },
            ) as Arc<pyssl::SniCallback>
        });
        self.ctx.set_sni_callback(rust_cb).py()?;
        *self.sni_callback.lock().unwrap() = v.map(|v| v.clone().unbind());
        Ok(())
    }

    #[getter(_msg_callback)]
    fn msg_callback(&self, py: Python<'_>) -> Py<PyAny> {
        match &*self.msg_callback.lock().unwrap() {
            Some(cb) => cb.clone_ref(py),
            None => py.None(),
        }
    }

    #[setter(_msg_callback)]
    fn set_msg_callback(&self, v: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        let v = v.filter(|v| !v.is_none());
        if let Some(cb) = v {
            if !cb.is_callable() {
                return Err(type_error(format!(
                    "{} is not callable.",
                    cb.repr()?.to_string_lossy()
                )));
            }
        }
        let rust_cb: Option<Arc<pyssl::context::MsgCallback>> = v.map(|_| {
            Arc::new(|m: &pyssl::context::Message<'_>| {
                Python::attach(|py| crate::sock::run_msg_callback(py, m))
            }) as Arc<pyssl::context::MsgCallback>
        });
        *self.msg_callback.lock().unwrap() = v.map(|v| v.clone().unbind());
        self.ctx.set_msg_callback(rust_cb);
        Ok(())
    }

    fn set_ciphers(&self, cipherlist: &str) -> PyResult<()> {
        self.ctx.set_ciphers(cipherlist).py()
    }

    fn get_ciphers(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let items = self
            .ctx
            .get_ciphers()
            .iter()
            .map(|c| serde_json::to_value(c).expect("plain data"))
            .collect();
        json_list(py, items)
    }

    fn _set_alpn_protocols(&self, protos: &Bound<'_, PyAny>) -> PyResult<()> {
        let wire = bytes_like(protos)?;
        let mut names = Vec::new();
        let mut rest = wire.as_slice();
        while let Some((&n, tail)) = rest.split_first() {
            let n = (n as usize).min(tail.len());
            names.push(String::from_utf8_lossy(&tail[..n]).into_owned());
            rest = &tail[n..];
        }
        self.ctx.set_alpn_protocols(&names).py()
    }

    #[pyo3(signature = (certfile, keyfile=None, password=None))]
    fn load_cert_chain(
        &self,
        py: Python<'_>,
        certfile: &Bound<'_, PyAny>,
        keyfile: Option<&Bound<'_, PyAny>>,
        password: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let certfile = fs_path(Some(certfile), "certfile")?
            .ok_or_else(|| type_error("certfile should be a valid filesystem path"))?;
        let keyfile = fs_path(keyfile, "keyfile")?;
        let password = password.filter(|p| !p.is_none());
        let mut owned_str = None;
        let mut owned_bytes = None;
        let mut callable = None;
        if let Some(p) = password {
            if let Ok(s) = p.cast::<PyString>() {
                owned_str = Some(s.to_str()?.to_owned());
            } else if p.is_callable() {
                callable = Some(p.clone());
            } else if let Ok(b) = bytes_like(p) {
                owned_bytes = Some(b);
            } else {
                return Err(type_error("password should be a string or callable"));
            }
        }
        let mut call = || -> pyssl::Result<PasswordValue> {
            let cb = callable.as_ref().expect("only called with a callable");
            let v = cb.call0().map_err(stash)?;
            if let Ok(s) = v.cast::<PyString>() {
                return Ok(PasswordValue::Str(s.to_str().map_err(stash)?.to_owned()));
            }
            match bytes_like(&v) {
                Ok(b) => Ok(PasswordValue::Bytes(b)),
                Err(_) => Err(stash(type_error("password callback must return a string"))),
            }
        };
        let pw = if let Some(s) = &owned_str {
            Some(Password::Str(s))
        } else if let Some(b) = &owned_bytes {
            Some(Password::Bytes(b))
        } else if callable.is_some() {
            Some(Password::Callback(&mut call))
        } else {
            None
        };
        clear_stash();
        let _ = py;
        self.ctx
            .load_cert_chain(&certfile, keyfile.as_deref(), pw)
            .py()
    }

    #[pyo3(signature = (cafile=None, capath=None, cadata=None))]
    fn load_verify_locations(
        &self,
        cafile: Option<&Bound<'_, PyAny>>,
        capath: Option<&Bound<'_, PyAny>>,
        cadata: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let cafile = fs_path(cafile, "cafile")?;
        let capath = fs_path(capath, "capath")?;
        let cadata = cadata.filter(|c| !c.is_none());
        let pem;
        let der;
        let data = match cadata {
            None => None,
            Some(c) => {
                if let Ok(s) = c.cast::<PyString>() {
                    pem = s.to_str()?.to_owned();
                    Some(CaData::Pem(&pem))
                } else if let Ok(b) = bytes_like(c) {
                    der = b;
                    Some(CaData::Der(&der))
                } else {
                    return Err(type_error(
                        "cadata should be an ASCII string or a bytes-like object",
                    ));
                }
            }
        };
        self.ctx
            .load_verify_locations(cafile.as_deref(), capath.as_deref(), data)
            .py()
    }

    fn load_dh_params(&self, path: &Bound<'_, PyAny>) -> PyResult<()> {
        let p = fs_path(Some(path), "path")?.ok_or_else(|| type_error("path is None"))?;
        self.ctx.load_dh_params(p).py()
    }

    fn set_default_verify_paths(&self) -> PyResult<()> {
        self.ctx.set_default_verify_paths().py()
    }

    fn set_ecdh_curve(&self, name: &Bound<'_, PyAny>) -> PyResult<()> {
        let n = if let Ok(s) = name.cast::<PyString>() {
            s.to_str()?.to_owned()
        } else if let Ok(b) = name.cast::<PyBytes>() {
            String::from_utf8_lossy(b.as_bytes()).into_owned()
        } else {
            return Err(type_error(format!(
                "expected str, bytes or os.PathLike object, not {}",
                name.get_type().name()?
            )));
        };
        self.ctx.set_ecdh_curve(&n).py()
    }

    fn cert_store_stats(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        json_to_py(
            py,
            &serde_json::to_value(self.ctx.cert_store_stats()).expect("plain data"),
        )
    }

    #[pyo3(signature = (binary_form=false))]
    fn get_ca_certs(&self, py: Python<'_>, binary_form: bool) -> PyResult<Py<PyAny>> {
        if binary_form {
            let l = pyo3::types::PyList::empty(py);
            for der in self.ctx.get_ca_certs_der() {
                l.append(PyBytes::new(py, &der))?;
            }
            return Ok(l.into_any().unbind());
        }
        let certs = self.ctx.get_ca_certs().py()?;
        json_list(py, certs.iter().map(|c| c.to_json()).collect())
    }

    fn session_stats(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        json_to_py(
            py,
            &serde_json::to_value(self.ctx.session_stats()).expect("plain data"),
        )
    }

    fn set_psk_client_callback(&self, callback: &Bound<'_, PyAny>) -> PyResult<()> {
        let cb = if callback.is_none() {
            None
        } else {
            if !callback.is_callable() {
                return Err(type_error("callback must be callable"));
            }
            Some(Arc::new(|hint: Option<&str>| {
                Python::attach(|py| crate::sock::run_psk_client(py, hint))
            }) as Arc<pyssl::PskClientCallback>)
        };
        self.ctx.set_psk_client_callback(cb).py()?;
        *self.psk_client.lock().unwrap() = (!callback.is_none()).then(|| callback.clone().unbind());
        Ok(())
    }

    #[pyo3(signature = (callback, identity_hint=None))]
    fn set_psk_server_callback(
        &self,
        callback: &Bound<'_, PyAny>,
        identity_hint: Option<&str>,
    ) -> PyResult<()> {
        let cb = if callback.is_none() {
            None
        } else {
            if !callback.is_callable() {
                return Err(type_error("callback must be callable"));
            }
            Some(Arc::new(|identity: Option<&str>| {
                Python::attach(|py| crate::sock::run_psk_server(py, identity))
            }) as Arc<pyssl::PskServerCallback>)
        };
        self.ctx.set_psk_server_callback(cb, identity_hint).py()?;
        *self.psk_server.lock().unwrap() = (!callback.is_none()).then(|| callback.clone().unbind());
        Ok(())
    }

    #[pyo3(signature = (sock, server_side, server_hostname=None, *, owner=None, session=None))]
    fn _wrap_socket(
        slf: &Bound<'_, Self>,
        sock: &Bound<'_, PyAny>,
        server_side: bool,
        server_hostname: Option<&Bound<'_, PyAny>>,
        owner: Option<&Bound<'_, PyAny>>,
        session: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PySslSocket>> {
        PySslSocket::wrap_socket(slf, sock, server_side, server_hostname, owner, session)
    }

    #[pyo3(signature = (incoming, outgoing, server_side, server_hostname=None, *, owner=None, session=None))]
    fn _wrap_bio(
        slf: &Bound<'_, Self>,
        incoming: &Bound<'_, crate::bio::PyMemoryBio>,
        outgoing: &Bound<'_, crate::bio::PyMemoryBio>,
        server_side: bool,
        server_hostname: Option<&Bound<'_, PyAny>>,
        owner: Option<&Bound<'_, PyAny>>,
        session: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PySslSocket>> {
        PySslSocket::wrap_bio(
            slf,
            incoming,
            outgoing,
            server_side,
            server_hostname,
            owner,
            session,
        )
    }
}

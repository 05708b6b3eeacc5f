//! `_ssl._SSLSocket`: one TLS connection, over a Python socket
//! (`_wrap_socket`, pyssl's [`SslSocket`]) or over two `MemoryBIO`s
//! (`_wrap_bio`, pyssl's [`SslObject`]).
//!
//! The Python socket stays Python's: the connection drives a duplicate of
//! its descriptor (same open file description, so the same blocking mode)
//! and, as `_ssl.c` does, reads the socket's timeout before every call.
//! OpenSSL calls the SNI, message and PSK callbacks on the thread running
//! the operation; [`CURRENT`] tells them which connection that is.

use std::cell::RefCell;
use std::fs::File;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple};
use pyssl::context::Message;
use pyssl::{Error, ErrorKind, SslObject, SslSocket, WrapOptions};

use crate::bio::{PyCertificate, PyMemoryBio, PySession};
use crate::context::PyContext;
use crate::convert::{buffer_len, bytes_like, fill_buffer, json_to_py};
use crate::errors::{clear_stash, stash, type_error, IntoPy};
use crate::ffi::dup_socket_fd;

enum Conn {
    Sock(SslSocket<File>),
    Bio(SslObject),
}

/// `_ssl._SSLSocket`.
#[pyclass(name = "_SSLSocket", module = "_ssl", frozen, weakref)]
pub struct PySslSocket {
    conn: Mutex<Conn>,
    context: Mutex<Py<PyContext>>,
    /// A context an SNI callback assigned while the handshake ran: applied
    /// when the callback returns.
    switched: Mutex<Option<Py<PyContext>>>,
    /// `weakref.ref(owner)` (the `ssl.SSLSocket`/`SSLObject`), as CPython keeps it.
    owner: Mutex<Option<Py<PyAny>>>,
    /// `weakref.ref(sock)` for `_wrap_socket`.
    sock: Option<Py<PyAny>>,
    server_side: bool,
    server_hostname: Option<String>,
}

thread_local! {
    /// The connections whose operation is running on this thread, innermost last.
    static CURRENT: RefCell<Vec<Py<PySslSocket>>> = const { RefCell::new(Vec::new()) };
}

struct CurrentGuard;

impl CurrentGuard {
    fn push(s: &Bound<'_, PySslSocket>) -> CurrentGuard {
        CURRENT.with(|c| c.borrow_mut().push(s.clone().unbind()));
        CurrentGuard
    }
}

impl Drop for CurrentGuard {
    fn drop(&mut self) {
        CURRENT.with(|c| c.borrow_mut().pop());
    }
}

fn is_current(s: &PySslSocket) -> bool {
    CURRENT.with(|c| c.borrow().iter().any(|x| std::ptr::eq(x.get(), s)))
}

fn weakref(obj: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    Ok(obj
        .py()
        .import("weakref")?
        .call_method1("ref", (obj,))?
        .unbind())
}

fn deref_weak<'py>(py: Python<'py>, w: &Option<Py<PyAny>>) -> Option<Bound<'py, PyAny>> {
    let w = w.as_ref()?;
    let o = w.bind(py).call0().ok()?;
    (!o.is_none()).then_some(o)
}

fn session_arg(session: Option<&Bound<'_, PyAny>>) -> PyResult<Option<pyssl::SslSession>> {
    match session {
        None => Ok(None),
        Some(s) if s.is_none() => Ok(None),
        Some(s) => match s.cast::<PySession>() {
            Ok(s) => Ok(Some(s.get().session.clone())),
            Err(_) => Err(type_error("Value is not a SSLSession.")),
        },
    }
}

fn hostname_arg(h: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    match h {
        None => Ok(None),
        Some(h) if h.is_none() => Ok(None),
        Some(h) => match h.cast::<PyString>() {
            Ok(s) => Ok(Some(s.to_str()?.to_owned())),
            Err(_) => Err(type_error(format!(
                "server_hostname must be str, not {}",
                h.get_type().name()?
            ))),
        },
    }
}

/// `sock.gettimeout()` as pyssl's timeout.
fn py_timeout(sock: &Bound<'_, PyAny>) -> PyResult<Option<Duration>> {
    let t = sock.call_method0("gettimeout")?;
    if t.is_none() {
        return Ok(None);
    }
    let secs: f64 = t.extract()?;
    Ok(Some(Duration::from_secs_f64(secs.max(0.0))))
}

impl PySslSocket {
    pub(crate) fn wrap_socket(
        ctx: &Bound<'_, PyContext>,
        sock: &Bound<'_, PyAny>,
        server_side: bool,
        server_hostname: Option<&Bound<'_, PyAny>>,
        owner: Option<&Bound<'_, PyAny>>,
        session: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PySslSocket>> {
        let py = ctx.py();
        let host = hostname_arg(server_hostname)?;
        let session = session_arg(session)?;
        let fd: i32 = sock.call_method0("fileno")?.extract()?;
        let file = dup_socket_fd(fd)?;
        let timeout = py_timeout(sock)?;
        let mut opts = WrapOptions::new()
            .server_side(server_side)
            .do_handshake_on_connect(false)
            .suppress_ragged_eofs(false)
            .timeout(timeout);
        if let Some(h) = &host {
            opts = opts.server_hostname(h.clone());
        }
        if let Some(s) = session {
            opts = opts.session(s);
        }
        let rust_ctx = ctx.get().ctx.clone();
        let s = py.detach(move || rust_ctx.wrap_socket(file, opts)).py()?;
        let hostname = s.server_hostname().map(str::to_owned);
        let obj = PySslSocket {
            conn: Mutex::new(Conn::Sock(s)),
            context: Mutex::new(ctx.clone().unbind()),
            switched: Mutex::new(None),
            owner: Mutex::new(owner.filter(|o| !o.is_none()).map(weakref).transpose()?),
            sock: Some(weakref(sock)?),
            server_side,
            server_hostname: hostname,
        };
        Py::new(py, obj)
    }

    pub(crate) fn wrap_bio(
        ctx: &Bound<'_, PyContext>,
        incoming: &Bound<'_, PyMemoryBio>,
        outgoing: &Bound<'_, PyMemoryBio>,
        server_side: bool,
        server_hostname: Option<&Bound<'_, PyAny>>,
        owner: Option<&Bound<'_, PyAny>>,
        session: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PySslSocket>> {
        let py = ctx.py();
        let host = hostname_arg(server_hostname)?;
        let session = session_arg(session)?;
        let o = ctx
            .get()
            .ctx
            .wrap_bio(
                &incoming.get().bio,
                &outgoing.get().bio,
                server_side,
                host.as_deref(),
                session.as_ref(),
            )
            .py()?;
        let hostname = o.server_hostname().map(str::to_owned);
        let obj = PySslSocket {
            conn: Mutex::new(Conn::Bio(o)),
            context: Mutex::new(ctx.clone().unbind()),
            switched: Mutex::new(None),
            owner: Mutex::new(owner.filter(|o| !o.is_none()).map(weakref).transpose()?),
            sock: None,
            server_side,
            server_hostname: hostname,
        };
        Py::new(py, obj)
    }

    /// The object CPython hands to callbacks: the owner, else the socket,
    /// else this object. A dead weak reference gives `None` up to 3.13
    /// (`PyWeakref_GetObject`) and no object at all on 3.14, where the SNI
    /// callback then fails the handshake without calling Python (gh-146080).
    fn callback_target<'py>(slf: &Bound<'py, Self>) -> Option<Bound<'py, PyAny>> {
        let py = slf.py();
        let me = slf.get();
        let owner = me.owner.lock().unwrap().as_ref().map(|o| o.clone_ref(py));
        let weak = owner.or_else(|| me.sock.as_ref().map(|s| s.clone_ref(py)));
        match weak {
            None => Some(slf.clone().into_any()),
            Some(w) => match deref_weak(py, &Some(w)) {
                Some(o) => Some(o),
                None if crate::version().at_least(14) => None,
                None => Some(py.None().into_bound(py)),
            },
        }
    }

    /// Runs `f` on the connection with the GIL released, as `_ssl.c` does
    /// around every OpenSSL call. Callbacks run inside find this connection
    /// in [`CURRENT`]; an exception a callback raised is raised here.
    ///
    /// `f` runs with the connection's lock held, so it must not wait for
    /// the peer: see [`io_waiting`](Self::io_waiting) for the calls that do.
    fn io<T: Send>(
        slf: &Bound<'_, Self>,
        f: impl FnOnce(&mut Conn) -> pyssl::Result<T> + Send,
    ) -> PyResult<T> {
        let mut f = Some(f);
        Self::run(slf, false, move |c| match f.take() {
            Some(f) => f(c),
            None => unreachable!("run calls a non-waiting operation once"),
        })
    }

    /// `do_handshake`, `read` and `write` on a socket: CPython calls OpenSSL
    /// with the GIL released and no lock, and waits for the socket in
    /// `PySSL_select`, so one thread can block in `recv()` while another
    /// sends on the same socket (test_ssl's
    /// `test_thread_recv_while_main_thread_sends`, gh-137583). Two threads
    /// must not be inside OpenSSL on one `SSL` at once, though, so here
    /// each attempt runs non-blocking under the connection's lock and the
    /// wait for the socket happens after the lock is released. When the
    /// timeout runs out, one last attempt with the deadline already past
    /// lets pyssl give CPython's error (`The read operation timed out`, …).
    fn io_waiting<T: Send>(
        slf: &Bound<'_, Self>,
        f: impl FnMut(&mut Conn) -> pyssl::Result<T> + Send,
    ) -> PyResult<T> {
        Self::run(slf, true, f)
    }

    fn run<T: Send>(
        slf: &Bound<'_, Self>,
        wait_unlocked: bool,
        mut f: impl FnMut(&mut Conn) -> pyssl::Result<T> + Send,
    ) -> PyResult<T> {
        let py = slf.py();
        let me = slf.get();
        if is_current(me) {
            return Err(PyRuntimeError::new_err(
                "the connection is busy: called from one of its own callbacks",
            ));
        }
        let timeout = match deref_weak(py, &me.sock) {
            Some(s) => Some(py_timeout(&s)?),
            None if me.sock.is_some() => {
                return Err(PyValueError::new_err("Underlying socket connection gone"))
            }
            None => None,
        };
        let _current = CurrentGuard::push(slf);
        clear_stash();
        let r = py.detach(|| {
            let Some(t) = timeout else {
                // Memory BIOs: nothing to wait for.
                return f(&mut me.conn.lock().unwrap());
            };
            if !wait_unlocked || t.is_some_and(|t| t.is_zero()) {
                let mut g = me.conn.lock().unwrap();
                if let Conn::Sock(s) = &mut *g {
                    s.settimeout(t)?;
                }
                return f(&mut g);
            }
            let deadline = t.map(|t| Instant::now() + t);
            loop {
                let (r, fd) = {
                    let mut g = me.conn.lock().unwrap();
                    let Conn::Sock(s) = &mut *g else {
                        return f(&mut g);
                    };
                    s.settimeout(Some(Duration::ZERO))?;
                    let r = f(&mut g);
                    let Conn::Sock(s) = &mut *g else {
                        unreachable!("a connection keeps its kind")
                    };
                    s.settimeout(t)?;
                    let fd = s.get_ref().map(File::try_clone).transpose()?;
                    (r, fd)
                };
                let writing = match &r {
                    Err(e) if e.kind() == ErrorKind::WantRead => false,
                    Err(e) if e.kind() == ErrorKind::WantWrite => true,
                    _ => return r,
                };
                let Some(fd) = fd else { return r };
                let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
                if left.is_some_and(|l| l.is_zero()) || !crate::ffi::poll_ready(&fd, writing, left)
                {
                    // Out of time: pyssl's own loop, with a deadline that
                    // has passed, makes CPython's timeout error (or
                    // succeeds if the peer was just in time).
                    let mut g = me.conn.lock().unwrap();
                    if let Conn::Sock(s) = &mut *g {
                        s.settimeout(Some(Duration::from_nanos(1)))?;
                    }
                    let last = f(&mut g);
                    if let Conn::Sock(s) = &mut *g {
                        s.settimeout(t)?;
                    }
                    return last;
                }
            }
        });
        let _ = pyssl::warnings::take_unraisable();
        // A message callback's exception is raised even when the operation
        // succeeded (`PySSL_ChainExceptions`).
        if let Some(e) = crate::errors::take_stash() {
            return Err(e);
        }
        r.py()
    }

    /// Reads connection state that needs no OpenSSL I/O.
    fn peek<T: Send>(slf: &Bound<'_, Self>, f: impl FnOnce(&Conn) -> T + Send) -> PyResult<T> {
        let me = slf.get();
        if is_current(me) {
            return Err(PyRuntimeError::new_err(
                "the connection is busy: called from one of its own callbacks",
            ));
        }
        Ok(slf.py().detach(|| f(&me.conn.lock().unwrap())))
    }
}

/// `Conn` methods shared by both kinds of connection.
macro_rules! both {
    ($c:expr, $s:ident => $e:expr) => {
        match $c {
            Conn::Sock($s) => $e,
            Conn::Bio($s) => $e,
        }
    };
}

#[pymethods]
impl PySslSocket {
    /// Only `_wrap_socket`/`_wrap_bio` make connections. (CPython 3.10–3.13
    /// let `_SSLSocket()` build an unusable object; 3.8, 3.9 and 3.14 refuse,
    /// as this does for every release.)
    #[new]
    fn new() -> PyResult<Self> {
        Err(type_error("cannot create '_ssl._SSLSocket' instances"))
    }

    fn do_handshake(slf: &Bound<'_, Self>) -> PyResult<()> {
        Self::io_waiting(slf, |c| both!(c, s => s.do_handshake()))
    }

    #[pyo3(signature = (size, buffer=None))]
    fn read(
        slf: &Bound<'_, Self>,
        size: i64,
        buffer: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        let buffer = buffer.filter(|b| !b.is_none());
        match buffer {
            None => {
                if size < 0 {
                    return Err(PyValueError::new_err("size should not be negative"));
                }
                let n = size as usize;
                let data = Self::io_waiting(slf, move |c| {
                    let mut buf = vec![0u8; n];
                    let got = both!(c, s => s.read_into(&mut buf))?;
                    buf.truncate(got);
                    Ok(buf)
                })?;
                Ok(PyBytes::new(py, &data).into_any().unbind())
            }
            Some(b) => {
                let cap = buffer_len(b)?;
                let n = if size <= 0 || size as usize > cap {
                    cap
                } else {
                    size as usize
                };
                let data = Self::io_waiting(slf, move |c| {
                    let mut buf = vec![0u8; n];
                    let got = both!(c, s => s.read_into(&mut buf))?;
                    buf.truncate(got);
                    Ok(buf)
                })?;
                fill_buffer(b, &data)?;
                Ok(data.len().into_pyobject(py)?.into_any().unbind())
            }
        }
    }

    fn write(slf: &Bound<'_, Self>, b: &Bound<'_, PyAny>) -> PyResult<usize> {
        let data = bytes_like(b)?;
        Self::io_waiting(slf, move |c| both!(c, s => s.write(&data)))
    }

    fn pending(slf: &Bound<'_, Self>) -> PyResult<usize> {
        Self::peek(slf, |c| both!(c, s => s.pending()))
    }

    /// `shutdown()`: the TLS close; returns the Python socket (`None` over BIOs).
    fn shutdown(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        Self::io(slf, |c| both!(c, s => s.unwrap().map(|_| ())))?;
        Ok(match deref_weak(py, &slf.get().sock) {
            Some(s) => s.unbind(),
            None => py.None(),
        })
    }

    #[pyo3(signature = (binary_mode=false))]
    fn getpeercert(slf: &Bound<'_, Self>, binary_mode: bool) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        if binary_mode {
            let der = Self::peek(slf, |c| both!(c, s => s.getpeercert_der()))?.py()?;
            return Ok(match der {
                Some(d) => PyBytes::new(py, &d).into_any().unbind(),
                None => py.None(),
            });
        }
        let cert = Self::peek(slf, |c| both!(c, s => s.getpeercert()))?.py()?;
        json_to_py(py, &cert.to_json())
    }

    fn get_verified_chain(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        let chain = Self::peek(slf, |c| both!(c, s => s.get_verified_chain()))?;
        certificate_list(slf.py(), chain)
    }

    fn get_unverified_chain(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        let chain = Self::peek(slf, |c| both!(c, s => s.get_unverified_chain()))?;
        certificate_list(slf.py(), chain)
    }

    fn cipher(slf: &Bound<'_, Self>) -> PyResult<Option<(String, String, i32)>> {
        Self::peek(slf, |c| both!(c, s => s.cipher()))
    }

    fn shared_ciphers(slf: &Bound<'_, Self>) -> PyResult<Option<Vec<(String, String, i32)>>> {
        Self::peek(slf, |c| both!(c, s => s.shared_ciphers()))
    }

    fn version(slf: &Bound<'_, Self>) -> PyResult<Option<String>> {
        Self::peek(slf, |c| both!(c, s => s.version()))
    }

    fn selected_alpn_protocol(slf: &Bound<'_, Self>) -> PyResult<Option<String>> {
        Self::peek(slf, |c| both!(c, s => s.selected_alpn_protocol()))
    }

    fn compression(slf: &Bound<'_, Self>) -> PyResult<Option<String>> {
        Self::peek(slf, |c| both!(c, s => s.compression()))
    }

    #[pyo3(signature = (cb_type="tls-unique"))]
    fn get_channel_binding(slf: &Bound<'_, Self>, cb_type: &str) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        let t = cb_type.to_owned();
        let v = Self::peek(slf, move |c| both!(c, s => s.get_channel_binding(&t)))?.py()?;
        Ok(match v {
            Some(d) => PyBytes::new(py, &d).into_any().unbind(),
            None => py.None(),
        })
    }

    fn verify_client_post_handshake(slf: &Bound<'_, Self>) -> PyResult<()> {
        Self::io(slf, |c| both!(c, s => s.verify_client_post_handshake()))
    }

    #[getter]
    fn get_context(&self, py: Python<'_>) -> Py<PyContext> {
        self.context.lock().unwrap().clone_ref(py)
    }

    #[setter]
    fn set_context(slf: &Bound<'_, Self>, ctx: &Bound<'_, PyAny>) -> PyResult<()> {
        let py = slf.py();
        let Ok(ctx) = ctx.cast::<PyContext>() else {
            return Err(type_error("The value must be a SSLContext"));
        };
        let me = slf.get();
        if is_current(me) {
            // Assigned from an SNI callback: the handshake applies it when
            // the callback returns.
            *me.switched.lock().unwrap() = Some(ctx.clone().unbind());
        } else {
            let rust = ctx.get().ctx.clone();
            py.detach(|| both!(&mut *me.conn.lock().unwrap(), s => s.set_context(&rust)))
                .py()?;
        }
        *me.context.lock().unwrap() = ctx.clone().unbind();
        Ok(())
    }

    #[getter]
    fn server_side(&self) -> bool {
        self.server_side
    }

    #[getter]
    fn server_hostname(&self) -> Option<String> {
        self.server_hostname.clone()
    }

    #[getter]
    fn get_owner(&self, py: Python<'_>) -> Py<PyAny> {
        let owner = self.owner.lock().unwrap().as_ref().map(|o| o.clone_ref(py));
        match deref_weak(py, &owner) {
            Some(o) => o.unbind(),
            None => py.None(),
        }
    }

    #[setter]
    fn set_owner(&self, owner: &Bound<'_, PyAny>) -> PyResult<()> {
        *self.owner.lock().unwrap() = if owner.is_none() {
            None
        } else {
            Some(weakref(owner)?)
        };
        Ok(())
    }

    #[getter]
    fn get_session(slf: &Bound<'_, Self>) -> PyResult<Option<Py<PySession>>> {
        let py = slf.py();
        let s = Self::peek(slf, |c| both!(c, s => s.session()))?;
        s.map(|s| Py::new(py, PySession { session: s })).transpose()
    }

    #[setter]
    fn set_session(slf: &Bound<'_, Self>, session: &Bound<'_, PyAny>) -> PyResult<()> {
        let Some(s) = session_arg(Some(session))? else {
            return Err(type_error("Value is not a SSLSession."));
        };
        let me = slf.get();
        slf.py()
            .detach(|| both!(&mut *me.conn.lock().unwrap(), c => c.set_session(&s)))
            .py()
    }

    #[getter]
    fn session_reused(slf: &Bound<'_, Self>) -> PyResult<bool> {
        Self::peek(slf, |c| match c {
            Conn::Sock(s) => s.session_reused().unwrap_or(false),
            Conn::Bio(s) => s.session_reused(),
        })
    }
}

fn certificate_list(py: Python<'_>, chain: Vec<Vec<u8>>) -> PyResult<Py<PyAny>> {
    let l = PyList::empty(py);
    for der in chain {
        l.append(Py::new(py, PyCertificate::from_der(der))?)?;
    }
    Ok(l.into_any().unbind())
}

/// The SNI callback: `callback(sslobj_owner, server_name, context)`.
pub fn run_sni_callback(
    py: Python<'_>,
    conn: &mut pyssl::SniConnection<'_>,
    name: Option<&str>,
) -> pyssl::Result<Option<i32>> {
    let Some(sock) = CURRENT.with(|c| c.borrow().last().map(|s| s.clone_ref(py))) else {
        return Err(Error::value_error("SNI callback outside of a handshake"));
    };
    let sock = sock.bind(py);
    let ctx = sock.get().context.lock().unwrap().clone_ref(py);
    let Some(cb) = callback(py, &ctx.get().sni_callback) else {
        return Ok(None);
    };
    let Some(target) = PySslSocket::callback_target(sock) else {
        return Ok(Some(80)); // SSL_AD_INTERNAL_ERROR
    };
    let result = cb.bind(py).call1((target, name, ctx));
    if let Some(new) = sock.get().switched.lock().unwrap().take() {
        conn.set_context(&new.get().ctx)?;
    }
    match result {
        Err(e) => {
            e.write_unraisable(py, Some(cb.bind(py)));
            Err(Error::value_error("sni_callback raised"))
        }
        Ok(v) if v.is_none() => Ok(None),
        Ok(v) => match v.extract::<i32>() {
            Ok(alert) => Ok(Some(alert)),
            Err(e) => {
                e.write_unraisable(py, Some(&v));
                Ok(Some(80)) // SSL_AD_INTERNAL_ERROR
            }
        },
    }
}

/// The message callback: `callback(conn, direction, version, content_type,
/// msg_type, data)`; its exception is raised by the operation.
pub fn run_msg_callback(py: Python<'_>, m: &Message<'_>) {
    let Some(sock) = CURRENT.with(|c| c.borrow().last().map(|s| s.clone_ref(py))) else {
        return;
    };
    let ctx = sock.get().context.lock().unwrap().clone_ref(py);
    let Some(cb) = callback(py, &ctx.get().msg_callback) else {
        return;
    };
    let Some(target) = PySslSocket::callback_target(sock.bind(py)) else {
        return;
    };
    let args = (
        target,
        if m.write { "write" } else { "read" },
        m.version,
        m.content_type,
        m.msg_type,
        PyBytes::new(py, m.data),
    );
    if let Err(e) = cb.bind(py).call1(args) {
        // CPython keeps the last one (`ssl_obj->exc`).
        let _ = stash(e);
    }
}

/// `psk_client_callback(hint) -> (identity, psk)`.
pub fn run_psk_client(
    py: Python<'_>,
    hint: Option<&str>,
) -> pyssl::Result<(Option<String>, Vec<u8>)> {
    let cb = current_callback(py, |c| &c.psk_client)
        .ok_or_else(|| Error::value_error("no psk_client_callback"))?;
    let r = cb.bind(py).call1((hint,)).and_then(|v| {
        let t = v
            .cast::<PyTuple>()
            .map_err(|_| type_error("psk_client_callback must return a tuple (identity, psk)"))?;
        if t.len() != 2 {
            return Err(type_error(
                "psk_client_callback must return a tuple (identity, psk)",
            ));
        }
        let id = t.get_item(0)?;
        let id = if id.is_none() {
            None
        } else {
            Some(id.extract::<String>()?)
        };
        let key = bytes_like(&t.get_item(1)?)?;
        Ok((id, key))
    });
    r.map_err(|e| {
        e.write_unraisable(py, Some(cb.bind(py)));
        Error::value_error("psk_client_callback raised")
    })
}

/// `psk_server_callback(identity) -> psk`.
pub fn run_psk_server(py: Python<'_>, identity: Option<&str>) -> pyssl::Result<Vec<u8>> {
    let cb = current_callback(py, |c| &c.psk_server)
        .ok_or_else(|| Error::value_error("no psk_server_callback"))?;
    cb.bind(py)
        .call1((identity,))
        .and_then(|v| bytes_like(&v))
        .map_err(|e| {
            e.write_unraisable(py, Some(cb.bind(py)));
            Error::value_error("psk_server_callback raised")
        })
}

/// The callable in `slot`, if set.
fn callback(py: Python<'_>, slot: &Mutex<Option<Py<PyAny>>>) -> Option<Py<PyAny>> {
    slot.lock().unwrap().as_ref().map(|c| c.clone_ref(py))
}

/// A callback of the context of the connection running on this thread.
fn current_callback(
    py: Python<'_>,
    slot: impl Fn(&PyContext) -> &Mutex<Option<Py<PyAny>>>,
) -> Option<Py<PyAny>> {
    let sock = CURRENT.with(|c| c.borrow().last().map(|s| s.clone_ref(py)))?;
    let ctx = sock.get().context.lock().unwrap().clone_ref(py);
    callback(py, slot(ctx.get()))
}

//! The shim's raw calls: a socket descriptor, the buffer protocol as
//! `_ssl.c`'s argument clinic uses it, and the immutable-type flag. Every
//! `unsafe` block of the crate is here.
#![allow(unsafe_code)]

use std::fs::File;
use std::os::fd::BorrowedFd;

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyType;

/// A duplicate of the Python socket's descriptor `fd`, owned by the
/// connection: it shares the socket's open file description (its blocking
/// mode, its connection), and closing it leaves Python's descriptor alone.
pub fn dup_socket_fd(fd: i32) -> PyResult<File> {
    if fd < 0 {
        return Err(pyo3::exceptions::PyOSError::new_err((
            libc::EBADF,
            "Bad file descriptor",
        )));
    }
    // SAFETY: `fd` is the descriptor the Python socket object reported by
    // `fileno()` just now, with the GIL held: Python cannot close it before
    // the duplicate below is made, and the borrow ends with this statement.
    let borrowed = unsafe { BorrowedFd::borrow_raw(fd) };
    let owned = borrowed.try_clone_to_owned()?;
    Ok(File::from(owned))
}

/// A `Py_buffer` held for as long as this value lives.
struct Buffer(ffi::Py_buffer);

impl Buffer {
    /// `PyObject_GetBuffer(obj, &view, flags)`; CPython's own exception on
    /// failure.
    fn get(obj: &Bound<'_, PyAny>, flags: std::os::raw::c_int) -> PyResult<Buffer> {
        let mut view = std::mem::MaybeUninit::<ffi::Py_buffer>::zeroed();
        // SAFETY: `obj` is a live object (the GIL is held through `obj`'s
        // lifetime); `view` is writable storage for one Py_buffer, which
        // PyObject_GetBuffer fills on success (0) and leaves unowned on
        // failure (-1, with an exception set).
        let rc = unsafe { ffi::PyObject_GetBuffer(obj.as_ptr(), view.as_mut_ptr(), flags) };
        if rc != 0 {
            return Err(PyErr::fetch(obj.py()));
        }
        // SAFETY: filled by the successful call above.
        Ok(Buffer(unsafe { view.assume_init() }))
    }

    fn len(&self) -> usize {
        usize::try_from(self.0.len).unwrap_or(0)
    }
}

impl Drop for Buffer {
    fn drop(&mut self) {
        // SAFETY: the view came from a successful PyObject_GetBuffer and is
        // released once. Buffers are only made and dropped with the GIL held
        // (every function below takes a `Bound`, and none is kept).
        unsafe { ffi::PyBuffer_Release(&mut self.0) }
    }
}

/// The bytes of a bytes-like object: `y*` (`PyBUF_SIMPLE`: any contiguous
/// buffer; `BufferError` for a non-contiguous one, `TypeError` for a
/// non-buffer, both CPython's own).
pub fn read_buffer(obj: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    let b = Buffer::get(obj, ffi::PyBUF_SIMPLE)?;
    if b.0.buf.is_null() || b.len() == 0 {
        return Ok(Vec::new());
    }
    // SAFETY: a PyBUF_SIMPLE view is `len` contiguous readable bytes at
    // `buf`, valid until it is released (when `b` drops, after the copy).
    Ok(unsafe { std::slice::from_raw_parts(b.0.buf as *const u8, b.len()) }.to_vec())
}

/// The size of a writable contiguous buffer (`w*`), or `None` when `obj`
/// is not one (the caller raises the clinic's `TypeError`).
pub fn writable_len(obj: &Bound<'_, PyAny>) -> Option<usize> {
    match Buffer::get(obj, ffi::PyBUF_WRITABLE) {
        Ok(b) => Some(b.len()),
        Err(_) => None,
    }
}

/// Copies `data` to the start of the writable buffer `obj` (at most its
/// size); `false` when `obj` is not a writable contiguous buffer.
pub fn write_buffer(obj: &Bound<'_, PyAny>, data: &[u8]) -> bool {
    let Ok(b) = Buffer::get(obj, ffi::PyBUF_WRITABLE) else {
        return false;
    };
    let n = data.len().min(b.len());
    if n > 0 {
        // SAFETY: a PyBUF_WRITABLE view is `len` contiguous writable bytes
        // at `buf` until released; `n <= len`, and `data` is a Rust slice
        // that cannot overlap memory Python handed out as a buffer here.
        unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), b.0.buf as *mut u8, n) };
    }
    true
}

/// Sets `Py_TPFLAGS_IMMUTABLETYPE` (3.10+) on a type the module made, as
/// `_ssl.c` creates its types: `setattr` on the class then fails with
/// CPython's own `TypeError("cannot set … attribute of immutable type …")`.
pub fn make_immutable(ty: &Bound<'_, PyType>) {
    const PY_TPFLAGS_IMMUTABLETYPE: std::os::raw::c_ulong = 1 << 8;
    if ty.py().version_info() < (3, 10) {
        return;
    }
    // SAFETY: `ty` is a live heap type created by this module at import,
    // with the GIL held, before any other code can see it; the flag is read
    // by `type_setattro`, and PyType_Modified drops cached lookups.
    unsafe {
        let p = ty.as_ptr() as *mut ffi::PyTypeObject;
        (*p).tp_flags |= PY_TPFLAGS_IMMUTABLETYPE;
        ffi::PyType_Modified(p);
    }
}

/// `poll(2)` on `f` for reading or writing, up to `timeout` (`None`: no
/// limit): `false` only when the time ran out. An error or a signal
/// (`EINTR`) counts as ready: the caller's next OpenSSL call reports it.
pub fn poll_ready(f: &File, writing: bool, timeout: Option<std::time::Duration>) -> bool {
    use std::os::fd::AsRawFd;
    let mut pfd = libc::pollfd {
        fd: f.as_raw_fd(),
        events: if writing { libc::POLLOUT } else { libc::POLLIN },
        revents: 0,
    };
    let ms = match timeout {
        None => -1,
        Some(t) => t.as_millis().clamp(1, i32::MAX as u128) as libc::c_int,
    };
    // SAFETY: `pfd` is one initialised `pollfd` on this stack frame, and
    // `nfds` is 1; its descriptor belongs to `f`, which the borrow keeps
    // open for the whole call.
    let rc = unsafe { libc::poll(&mut pfd, 1, ms) };
    rc != 0
}

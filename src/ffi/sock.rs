//! The two socket calls `SslSocket` makes on any descriptor it wraps:
//! `socket.setblocking()` and `socket.shutdown()`, as CPython makes them
//! (`fcntl(O_NONBLOCK)`, `shutdown(2)`), for every [`crate::Socket`].

use std::io;
use std::net::Shutdown;
use std::os::fd::{AsRawFd, BorrowedFd};

/// Sets or clears `O_NONBLOCK` (CPython's `internal_setblocking`).
pub(crate) fn set_nonblocking(fd: BorrowedFd<'_>, nonblocking: bool) -> io::Result<()> {
    let raw = fd.as_raw_fd();
    // SAFETY: `fd` is a descriptor borrowed for the call, so it stays open;
    // F_GETFL/F_SETFL only read and write its status flags.
    unsafe {
        let flags = libc::fcntl(raw, libc::F_GETFL);
        if flags < 0 {
            return Err(io::Error::last_os_error());
        }
        let new = if nonblocking {
            flags | libc::O_NONBLOCK
        } else {
            flags & !libc::O_NONBLOCK
        };
        if new != flags && libc::fcntl(raw, libc::F_SETFL, new) < 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

/// `shutdown(fd, how)`.
pub(crate) fn shutdown(fd: BorrowedFd<'_>, how: Shutdown) -> io::Result<()> {
    let how = match how {
        Shutdown::Read => libc::SHUT_RD,
        Shutdown::Write => libc::SHUT_WR,
        Shutdown::Both => libc::SHUT_RDWR,
    };
    // SAFETY: `fd` is a descriptor borrowed for the call (still open);
    // shutdown(2) takes no pointer.
    if unsafe { libc::shutdown(fd.as_raw_fd(), how) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// The timeouts a Rust stream carries on its descriptor: whether it is
/// non-blocking (`set_nonblocking(true)`), and `SO_RCVTIMEO`/`SO_SNDTIMEO`
/// (`set_read_timeout`/`set_write_timeout`). A descriptor that is not a
/// socket has no socket timeouts.
pub(crate) fn stream_timeouts(
    fd: BorrowedFd<'_>,
) -> io::Result<(
    bool,
    Option<std::time::Duration>,
    Option<std::time::Duration>,
)> {
    let raw = fd.as_raw_fd();
    // SAFETY: `fd` is a descriptor borrowed for the call; F_GETFL only reads
    // its status flags.
    let flags = unsafe { libc::fcntl(raw, libc::F_GETFL) };
    if flags < 0 {
        return Err(io::Error::last_os_error());
    }
    let get = |opt: libc::c_int| -> Option<std::time::Duration> {
        let mut tv = libc::timeval {
            tv_sec: 0,
            tv_usec: 0,
        };
        let mut len = std::mem::size_of::<libc::timeval>() as libc::socklen_t;
        // SAFETY: getsockopt writes at most `len` bytes into `tv`, a timeval
        // on this stack frame whose size `len` states; `raw` stays open for
        // the borrow. A non-socket fails with ENOTSOCK, read as "none".
        let rc = unsafe {
            libc::getsockopt(
                raw,
                libc::SOL_SOCKET,
                opt,
                (&mut tv as *mut libc::timeval).cast(),
                &mut len,
            )
        };
        let d = std::time::Duration::from_secs(tv.tv_sec.max(0) as u64)
            + std::time::Duration::from_micros(tv.tv_usec.max(0) as u64);
        (rc == 0 && !d.is_zero()).then_some(d)
    };
    Ok((
        flags & libc::O_NONBLOCK != 0,
        get(libc::SO_RCVTIMEO),
        get(libc::SO_SNDTIMEO),
    ))
}

/// Sets `SO_RCVTIMEO` and `SO_SNDTIMEO` to `t` (`None`: no timeout), so the
/// Rust stream's `read_timeout()`/`write_timeout()` agree with the
/// `SslSocket`'s. A descriptor that is not a socket is left alone.
pub(crate) fn set_stream_timeouts(
    fd: BorrowedFd<'_>,
    t: Option<std::time::Duration>,
) -> io::Result<()> {
    let raw = fd.as_raw_fd();
    let t = t.unwrap_or_default();
    let tv = libc::timeval {
        tv_sec: t.as_secs().min(libc::time_t::MAX as u64) as libc::time_t,
        tv_usec: t.subsec_micros() as libc::suseconds_t,
    };
    for opt in [libc::SO_RCVTIMEO, libc::SO_SNDTIMEO] {
        // SAFETY: setsockopt reads `size_of::<timeval>()` bytes from `tv`, a
        // live timeval; `raw` stays open for the borrow.
        let rc = unsafe {
            libc::setsockopt(
                raw,
                libc::SOL_SOCKET,
                opt,
                (&tv as *const libc::timeval).cast(),
                std::mem::size_of::<libc::timeval>() as libc::socklen_t,
            )
        };
        if rc < 0 {
            let e = io::Error::last_os_error();
            if e.raw_os_error() == Some(libc::ENOTSOCK) {
                return Ok(());
            }
            return Err(e);
        }
    }
    Ok(())
}

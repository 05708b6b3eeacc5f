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

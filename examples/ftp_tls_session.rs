//! Two connections, one TLS session: the port of an `ftplib.FTP_TLS` whose
//! data connections resume the control connection's session. Servers such
//! as vsftpd with `require_ssl_reuse` (its default) refuse a data connection
//! that does not; stock `ftplib` passes no `session=`, so Python code for
//! them uses this well-known subclass:
//!
//! ```python
//! class ReusedSessionFTP_TLS(ftplib.FTP_TLS):
//!     def ntransfercmd(self, cmd, rest=None):
//!         conn, size = ftplib.FTP.ntransfercmd(self, cmd, rest)
//!         if self._prot_p:
//!             conn = self.context.wrap_socket(conn, server_hostname=self.host,
//!                                             session=self.sock.session)
//!         return conn, size
//!
//! ftp = ReusedSessionFTP_TLS(context=ctx)
//! ftp.connect(host, port)         # 220
//! ftp.auth()                      # AUTH TLS -> 234, then wrap the control socket
//! ftp.prot_p()                    # PBSZ 0, PROT P
//! ftp.retrbinary('RETR hello.txt', data.extend)
//! #   TYPE I; PASV -> 227 (h1,h2,h3,h4,p1,p2); RETR -> 150
//! #   conn = ctx.wrap_socket(conn, server_hostname=host, session=self.sock.session)
//! #   read to EOF; conn.unwrap(); 226
//! ftp.quit()
//! ```
//!
//! What changes in Rust:
//!
//! * `session=self.sock.session` is `.session(control.session())`:
//!   [`WrapOptions::session`](pyssl::WrapOptions::session) takes an
//!   `Option<SslSession>`, as CPython's keyword takes `None`.
//! * The control connection's `makefile('r')` is a
//!   [`SocketFile`](pyssl::makefile::SocketFile) over the plain stream, then
//!   (after `AUTH TLS`) over the `SslSocket`.
//! * `conn.unwrap()` returns the plain stream, as in CPython.
//!
//! Usage: `cargo run --example ftp_tls_session -- HOST:PORT CAFILE`; the
//! tests run it against an FTP-style server written with CPython's `ssl`
//! (`tests/peers/ftp_tls_server.py`) next to CPython's own `ftplib`.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use pyssl::makefile::SocketFile;
use pyssl::{DefaultContext, Error, Purpose, WrapOptions};

/// ftplib's `MAXLINE`.
const MAXLINE: usize = 8192;
const TIMEOUT: Duration = Duration::from_secs(10);

/// `FTP.getresp()`: the reply line (multi-line replies are not used here).
fn reply<S: Read + Write>(f: &mut SocketFile<S>) -> Result<String, Error> {
    let line = f.readline(Some(MAXLINE + 1))?;
    if line.is_empty() {
        return Err(Error::new(pyssl::ErrorKind::Eof, vec![]));
    }
    let text = String::from_utf8_lossy(&line).trim_end().to_string();
    println!("S: {text}");
    Ok(text)
}

fn cmd<S: Read + Write>(f: &mut SocketFile<S>, c: &str) -> Result<String, Error> {
    println!("C: {c}");
    f.write(format!("{c}\r\n").as_bytes())?;
    reply(f)
}

fn connect(addr: &str) -> Result<TcpStream, Error> {
    let target = addr
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| Error::value_error("no address"))?;
    let s = TcpStream::connect_timeout(&target, TIMEOUT)?;
    s.set_read_timeout(Some(TIMEOUT))?;
    Ok(s)
}

/// `ftplib.parse227`: the data address of a `227 … (h1,h2,h3,h4,p1,p2)` reply.
fn parse227(text: &str) -> Result<String, Error> {
    let inner = text
        .split_once('(')
        .and_then(|(_, r)| r.split_once(')'))
        .map(|(i, _)| i)
        .ok_or_else(|| Error::value_error(format!("bad 227 reply: {text}")))?;
    let n: Vec<u16> = inner
        .split(',')
        .filter_map(|x| x.trim().parse().ok())
        .collect();
    if n.len() != 6 {
        return Err(Error::value_error(format!("bad 227 reply: {text}")));
    }
    Ok(format!(
        "{}.{}.{}.{}:{}",
        n[0],
        n[1],
        n[2],
        n[3],
        (n[4] << 8) | n[5]
    ))
}

fn main() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    let (Some(addr), Some(cafile)) = (args.next(), args.next()) else {
        eprintln!("usage: ftp_tls_session HOST:PORT CAFILE");
        std::process::exit(2);
    };
    let host = addr
        .rsplit_once(':')
        .map_or(addr.as_str(), |(h, _)| h)
        .to_string();
    let ctx = DefaultContext::new(Purpose::ServerAuth)
        .cafile(&cafile)
        .build()?;

    let mut plain = SocketFile::new(connect(&addr)?);
    reply(&mut plain)?;
    let r = cmd(&mut plain, "AUTH TLS")?;
    if !r.starts_with("234") {
        return Err(Error::value_error(format!("AUTH TLS refused: {r}")));
    }
    let (sock, unread) = plain.into_parts();
    assert!(unread.is_empty(), "the server sent data after 234");
    let control = ctx.wrap_socket(sock, WrapOptions::new().server_hostname(host.clone()))?;
    let mut control = SocketFile::new(control);
    cmd(&mut control, "PBSZ 0")?;
    cmd(&mut control, "PROT P")?;
    cmd(&mut control, "TYPE I")?;
    let data_addr = parse227(&cmd(&mut control, "PASV")?)?;
    let data = connect(&data_addr)?;
    let r = cmd(&mut control, "RETR hello.txt")?;
    if !r.starts_with("150") {
        return Err(Error::value_error(format!("RETR refused: {r}")));
    }
    // ftplib.FTP_TLS.ntransfercmd: session=self.sock.session
    let session = control.get_ref().session();
    let mut conn = ctx.wrap_socket(
        data,
        WrapOptions::new()
            .server_hostname(host.clone())
            .session(session),
    )?;
    let mut received = Vec::new();
    loop {
        let chunk = conn.recv(8192)?;
        if chunk.is_empty() {
            break;
        }
        received.extend_from_slice(&chunk);
    }
    let reused = conn.session_reused().unwrap_or(false);
    let version = conn.version().unwrap_or_default();
    conn.unwrap()?;
    println!(
        "-- data: {} bytes over {version}, session reused: {reused}",
        received.len()
    );
    reply(&mut control)?; // 226
    cmd(&mut control, "QUIT")?;
    if !reused {
        return Err(Error::value_error(
            "the data connection did not resume the session",
        ));
    }
    Ok(())
}

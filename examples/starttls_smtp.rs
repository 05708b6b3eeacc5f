//! STARTTLS: plain text first, then TLS on the same connection — the port of
//! `smtplib.SMTP.starttls()`.
//!
//! ```python
//! sock = socket.create_connection((host, port), timeout=10)
//! file = sock.makefile('rb')
//! read_reply(file)                        # 220 greeting
//! sock.sendall(b'ehlo client\r\n'); read_reply(file)
//! sock.sendall(b'STARTTLS\r\n'); read_reply(file)   # 220 Ready to start TLS
//! sock = context.wrap_socket(sock, server_hostname=host)
//! file = sock.makefile('rb')              # smtplib drops the old file
//! sock.sendall(b'ehlo client\r\n'); read_reply(file)
//! sock.sendall(b'QUIT\r\n'); read_reply(file)        # 221
//! ```
//!
//! What changes in Rust:
//!
//! * `sock.makefile('rb')` is [`pyssl::makefile::SocketFile`]; smtplib's
//!   `readline(_MAXLINE + 1)` is `readline(Some(8193))`.
//! * The upgrade takes the stream back from the file with
//!   [`SocketFile::into_parts`](pyssl::makefile::SocketFile::into_parts),
//!   which also returns any bytes read ahead: after `220 Ready to start TLS`
//!   the server must send nothing, so they must be none (a server that
//!   pipelines data there is attacking the upgrade: CVE-2011-0411).
//! * The timeout of `create_connection(timeout=10)` is the stream's read
//!   timeout, and the `SslSocket` keeps it (`gettimeout()`).
//!
//! Usage: `cargo run --example starttls_smtp -- HOST:PORT CAFILE`; the tests
//! run it against an SMTP-style server written with CPython's `ssl`
//! (`tests/peers/starttls_smtp_server.py`) next to CPython's own `smtplib`.

use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use pyssl::makefile::SocketFile;
use pyssl::{DefaultContext, Error, Purpose, WrapOptions};

/// smtplib's `_MAXLINE`.
const MAXLINE: usize = 8192;

/// One reply as `smtplib.SMTP.getreply()` reads it: the code and its lines.
fn read_reply<S>(file: &mut SocketFile<S>) -> Result<(u16, Vec<String>), Error>
where
    S: std::io::Read + std::io::Write,
{
    let mut lines = Vec::new();
    loop {
        let line = file.readline(Some(MAXLINE + 1))?;
        if line.is_empty() {
            return Err(Error::value_error("Connection unexpectedly closed"));
        }
        if line.len() > MAXLINE {
            return Err(Error::value_error("line too long"));
        }
        let text = String::from_utf8_lossy(&line).trim_end().to_string();
        println!("S: {text}");
        let code = text.get(..3).and_then(|c| c.parse().ok()).unwrap_or(0);
        let more = text.as_bytes().get(3) == Some(&b'-');
        lines.push(text.get(4..).unwrap_or_default().to_string());
        if !more {
            return Ok((code, lines));
        }
    }
}

fn command<S>(file: &mut SocketFile<S>, cmd: &str) -> Result<(u16, Vec<String>), Error>
where
    S: std::io::Read + std::io::Write,
{
    println!("C: {cmd}");
    file.write(format!("{cmd}\r\n").as_bytes())?;
    read_reply(file)
}

fn main() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    let (Some(addr), Some(cafile)) = (args.next(), args.next()) else {
        eprintln!("usage: starttls_smtp HOST:PORT CAFILE");
        std::process::exit(2);
    };
    // smtplib checks the certificate against the host it connected to.
    let host = addr.rsplit_once(':').map_or(addr.as_str(), |(h, _)| h);
    let ctx = DefaultContext::new(Purpose::ServerAuth)
        .cafile(&cafile)
        .build()?;

    // socket.create_connection((host, port), timeout=10)
    let target = addr
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| Error::value_error("no address"))?;
    let sock = TcpStream::connect_timeout(&target, Duration::from_secs(10))?;
    sock.set_read_timeout(Some(Duration::from_secs(10)))?;

    let mut file = SocketFile::new(sock);
    let (code, _) = read_reply(&mut file)?;
    assert_eq!(code, 220, "greeting");
    let (_, features) = command(&mut file, "ehlo client")?;
    if !features.iter().any(|f| f.eq_ignore_ascii_case("STARTTLS")) {
        return Err(Error::value_error(
            "STARTTLS extension not supported by server.",
        ));
    }
    let (code, _) = command(&mut file, "STARTTLS")?;
    if code != 220 {
        return Err(Error::value_error(format!("STARTTLS refused: {code}")));
    }
    let (sock, unread) = file.into_parts();
    if !unread.is_empty() {
        return Err(Error::value_error("data after STARTTLS reply"));
    }
    let tls = ctx.wrap_socket(sock, WrapOptions::new().server_hostname(host))?;
    println!(
        "-- {} {} (timeout {:?})",
        tls.version().unwrap_or_default(),
        tls.cipher().map(|c| c.0).unwrap_or_default(),
        tls.gettimeout()
    );
    let mut file = SocketFile::new(tls);
    command(&mut file, "ehlo client")?;
    let (code, _) = command(&mut file, "quit")?;
    assert_eq!(code, 221, "QUIT");
    Ok(())
}

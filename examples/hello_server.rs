//! An HTTPS "hello" server on localhost:4433: the classic Python server loop.
//!
//! Ports this Python idiom:
//!
//! ```python
//! import socket, ssl
//!
//! ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
//! ctx.load_cert_chain("certs/server.pem", "certs/server.key")
//! with socket.create_server(("localhost", 4433)) as listener:
//!     while True:
//!         conn, addr = listener.accept()
//!         try:
//!             with ctx.wrap_socket(conn, server_side=True) as tls:
//!                 request = tls.recv(4096)
//!                 tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n"
//!                             b"Connection: close\r\n\r\nHello\n")
//!         except ssl.SSLError as e:
//!             print("handshake failed:", e)
//! ```
//!
//! What changes in Rust:
//!
//! * `server_side=True` is [`WrapOptions::server_side`]; `wrap_socket` takes
//!   the accepted `TcpStream` by value and returns an [`pyssl::SslSocket`].
//! * `except ssl.SSLError` is a `match` on the `Result`:
//!   [`pyssl::ErrorKind::is_ssl_error`] is true for `SSLError` and every
//!   subclass, as `except` would be.
//! * `recv` returns a `Vec<u8>` (Python `bytes`); `sendall` takes `&[u8]`.
//! * There is no `with`: the socket is closed when it is dropped (no
//!   close_notify, like CPython's `close()`); call `unwrap()` for a TLS
//!   shutdown.
//!
//! Run it and try `curl --cacert certs/ca.pem https://localhost:4433/`.
//! `--port 0 --once` binds an ephemeral port, prints it, serves a single
//! connection and exits (the smoke test in `tests/examples_run.rs` does
//! this).

use std::net::TcpListener;

use pyssl::{create_default_context, Purpose, WrapOptions};

const CERTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/certs");

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut port = 4433u16;
    let mut once = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--port" => port = args.next().ok_or("--port needs a value")?.parse()?,
            "--once" => once = true,
            other => return Err(format!("unknown argument {other:?}").into()),
        }
    }

    // ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    let ctx = create_default_context(Purpose::ClientAuth)?;
    // ctx.load_cert_chain("certs/server.pem", "certs/server.key")
    let key = format!("{CERTS}/server.key");
    ctx.load_cert_chain(format!("{CERTS}/server.pem"), Some(key.as_ref()), None)?;

    let listener = TcpListener::bind(("localhost", port))?;
    println!("listening on https://{}/", listener.local_addr()?);

    for conn in listener.incoming() {
        let conn = conn?;
        let peer = conn.peer_addr()?;
        match ctx.wrap_socket(conn, WrapOptions::new().server_side(true)) {
            Ok(mut tls) => {
                let request = tls.recv(4096)?;
                let first = String::from_utf8_lossy(&request);
                let first = first.lines().next().unwrap_or("");
                println!(
                    "{peer} {} {:?}: {first}",
                    tls.version().unwrap_or_default(),
                    tls.cipher().map(|c| c.0)
                );
                tls.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nHello\n",
                )?;
                // Leaving the `with` block closes the socket without a TLS
                // close_notify; dropping `tls` does the same.
            }
            // except ssl.SSLError as e:
            Err(e) if e.kind().is_ssl_error() => {
                println!("{peer}: handshake failed: {}: {e}", e.python_type())
            }
            Err(e) => return Err(e.into()),
        }
        if once {
            break;
        }
    }
    Ok(())
}

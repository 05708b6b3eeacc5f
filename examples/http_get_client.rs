//! An HTTPS GET over a wrapped socket: the first thing most Python TLS code
//! does.
//!
//! Ports this Python idiom:
//!
//! ```python
//! import socket, ssl
//!
//! host = "example.org"
//! ctx = ssl.create_default_context()          # or create_default_context(cafile=...)
//! with socket.create_connection((host, 443)) as sock:
//!     with ctx.wrap_socket(sock, server_hostname=host) as tls:
//!         print(tls.version(), tls.cipher())
//!         tls.sendall(f"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
//!         reply = b""
//!         while chunk := tls.recv(4096):
//!             reply += chunk
//! print(reply.decode(errors="replace"))
//! ```
//!
//! What changes in Rust:
//!
//! * `create_default_context()` is [`pyssl::create_default_context`] with an
//!   explicit [`pyssl::Purpose::ServerAuth`]; its `cafile=` keyword is the
//!   [`pyssl::DefaultContext`] builder.
//! * `socket.create_connection` is `TcpStream::connect`; `wrap_socket`'s
//!   keywords are a [`pyssl::WrapOptions`] value
//!   (`server_hostname=host` → `.server_hostname(host)`).
//! * `recv` returns `Vec<u8>`; an empty one is Python's `b''` (the server
//!   closed). A server that closes without close_notify also reads as `b''`,
//!   because `suppress_ragged_eofs` defaults to true, as in Python.
//! * Errors (`SSLCertVerificationError`, `ConnectionRefusedError`, …) come
//!   back as [`pyssl::Error`]; `?` propagates them like an uncaught exception.
//!
//! `cargo run --example http_get_client -- HOST [PORT]` fetches from a real
//! server with the system trust store. With no arguments it starts its own
//! HTTPS server thread on 127.0.0.1 (the test certificates in `certs/`) and
//! fetches from that, trusting `certs/ca.pem`.

use std::net::{TcpListener, TcpStream};
use std::thread;

use pyssl::{create_default_context, DefaultContext, Purpose, WrapOptions};

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
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (host, port, ctx, server) = match args.as_slice() {
        [] => {
            let (port, server) = local_server()?;
            // ctx = ssl.create_default_context(cafile="certs/ca.pem")
            let ctx = DefaultContext::new(Purpose::ServerAuth)
                .cafile(format!("{CERTS}/ca.pem"))
                .build()?;
            ("localhost".to_string(), port, ctx, Some(server))
        }
        [host] => (
            host.clone(),
            443,
            create_default_context(Purpose::ServerAuth)?,
            None,
        ),
        [host, port] => (
            host.clone(),
            port.parse()?,
            create_default_context(Purpose::ServerAuth)?,
            None,
        ),
        _ => return Err("usage: http_get_client [HOST [PORT]]".into()),
    };

    // sock = socket.create_connection((host, port))
    let sock = TcpStream::connect((host.as_str(), port))?;
    // tls = ctx.wrap_socket(sock, server_hostname=host)
    let mut tls = ctx.wrap_socket(sock, WrapOptions::new().server_hostname(host.as_str()))?;
    println!("# {} {:?}", tls.version().unwrap_or_default(), tls.cipher());

    let request = format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    tls.sendall(request.as_bytes())?;
    let mut reply = Vec::new();
    loop {
        let chunk = tls.recv(4096)?;
        if chunk.is_empty() {
            break; // b'': the server closed the connection
        }
        reply.extend_from_slice(&chunk);
    }
    println!("{}", String::from_utf8_lossy(&reply));
    // Leaving the `with` block: close the socket.
    drop(tls);

    if let Some(server) = server {
        server.join().expect("server thread")?;
        if !reply.starts_with(b"HTTP/1.1 200 OK") {
            return Err("unexpected reply".into());
        }
    }
    Ok(())
}

type ServerThread = thread::JoinHandle<Result<(), pyssl::Error>>;

/// A one-shot HTTPS server on 127.0.0.1 (the "real" server of this example).
fn local_server() -> Result<(u16, ServerThread), Box<dyn std::error::Error>> {
    let ctx = create_default_context(Purpose::ClientAuth)?;
    let key = format!("{CERTS}/server.key");
    ctx.load_cert_chain(format!("{CERTS}/server.pem"), Some(key.as_ref()), None)?;
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let server = thread::spawn(move || {
        let (conn, _) = listener.accept()?;
        let mut tls = ctx.wrap_socket(conn, WrapOptions::new().server_side(true))?;
        let _request = tls.recv(4096)?;
        tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 14\r\nConnection: close\r\n\r\nHello, world!\n")?;
        // Like leaving Python's `with` block: close without a TLS
        // close_notify. The client still reads b'' (suppress_ragged_eofs).
        drop(tls);
        Ok(())
    });
    Ok((port, server))
}

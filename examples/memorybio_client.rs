//! A sans-I/O client: an `SSLObject` over two `MemoryBIO`s, with the program
//! moving the bytes — how asyncio (and any event loop) drives CPython's TLS.
//!
//! Ports this Python idiom:
//!
//! ```python
//! incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
//! tls = ctx.wrap_bio(incoming, outgoing, server_hostname="localhost")
//!
//! def pump(op, *args):
//!     """Run op until it stops asking for input, doing the I/O it needs."""
//!     while True:
//!         try:
//!             result = op(*args)
//!         except ssl.SSLWantReadError:
//!             sock.sendall(outgoing.read())      # flush what TLS produced
//!             data = sock.recv(65536)            # an event loop would await here
//!             if data:
//!                 incoming.write(data)
//!             else:
//!                 incoming.write_eof()
//!         else:
//!             sock.sendall(outgoing.read())
//!             return result
//!
//! pump(tls.do_handshake)
//! pump(tls.write, b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
//! while chunk := pump(tls.read, 4096):
//!     print(chunk)
//! pump(tls.unwrap)                               # close_notify both ways
//! ```
//!
//! What changes in Rust:
//!
//! * `wrap_bio(incoming, outgoing, server_side=False, server_hostname=None,
//!   session=None)` takes its arguments positionally:
//!   `ctx.wrap_bio(&incoming, &outgoing, false, Some("localhost"), None)`.
//!   The [`pyssl::MemoryBio`] handles are shared (cloning one is a second
//!   reference to the same buffer, as in Python).
//! * `except ssl.SSLWantReadError` is `Err(e) if e.kind() == ErrorKind::WantRead`.
//! * `MemoryBIO.read()` (all pending bytes) is `read(None)`; `read(n)` is
//!   `read(Some(n))`. `incoming.write(data)` takes `&[u8]`.
//! * `pump` takes a closure instead of a bound method and `*args`.
//!
//! The SSLObject itself never blocks: each call returns at once, asking for
//! input when it needs some, so the same code works with a non-blocking
//! socket and a readiness loop (mio, tokio…). This example uses a blocking
//! socket to a server thread on 127.0.0.1 (certificates in `certs/`).
//! [`pyssl::SslStream`] packages the same pump for any `Read + Write`.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;

use pyssl::{
    create_default_context, DefaultContext, Error, ErrorKind, MemoryBio, Purpose, SslObject,
    WrapOptions,
};

const CERTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/certs");

/// The client side: one connection's TLS state plus its transport.
struct Client {
    tls: SslObject,
    incoming: MemoryBio,
    outgoing: MemoryBio,
    sock: TcpStream,
    round_trips: usize,
}

impl Client {
    /// `pump(op, *args)` from the Python above.
    fn pump<T>(
        &mut self,
        mut op: impl FnMut(&mut SslObject) -> Result<T, Error>,
    ) -> Result<T, Error> {
        loop {
            match op(&mut self.tls) {
                Err(e) if e.kind() == ErrorKind::WantRead => {
                    self.sock.write_all(&self.outgoing.read(None))?;
                    let mut buf = [0u8; 65536];
                    let n = self.sock.read(&mut buf)?;
                    self.round_trips += 1;
                    if n == 0 {
                        self.incoming.write_eof();
                    } else {
                        self.incoming.write(&buf[..n])?;
                    }
                }
                other => {
                    self.sock.write_all(&self.outgoing.read(None))?;
                    return other;
                }
            }
        }
    }
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}: {e}", e.python_type());
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Error> {
    let (port, server) = server()?;

    let ctx = DefaultContext::new(Purpose::ServerAuth)
        .cafile(format!("{CERTS}/ca.pem"))
        .build()?;
    // incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    let (incoming, outgoing) = (MemoryBio::new()?, MemoryBio::new()?);
    // tls = ctx.wrap_bio(incoming, outgoing, server_hostname="localhost")
    let tls = ctx.wrap_bio(&incoming, &outgoing, false, Some("localhost"), None)?;
    let mut c = Client {
        tls,
        incoming,
        outgoing,
        sock: TcpStream::connect(("127.0.0.1", port))?,
        round_trips: 0,
    };

    c.pump(|t| t.do_handshake())?;
    println!(
        "handshake done after {} reads from the socket: {} {:?}, server_hostname={:?}",
        c.round_trips,
        c.tls.version().unwrap_or_default(),
        c.tls.cipher().map(|x| x.0),
        c.tls.server_hostname()
    );
    c.pump(|t| t.write(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"))?;
    let mut reply = Vec::new();
    loop {
        let chunk = c.pump(|t| t.read(4096))?;
        if chunk.is_empty() {
            break; // b'': the server sent close_notify
        }
        reply.extend_from_slice(&chunk);
    }
    print!("{}", String::from_utf8_lossy(&reply));
    c.pump(|t| t.unwrap())?;
    println!("unwrapped: close_notify sent and received; the TCP socket is plain again");

    server.join().expect("server thread")?;
    if !reply.ends_with(b"Hello\n") {
        return Err(Error::value_error("unexpected reply"));
    }
    Ok(())
}

/// An ordinary blocking `SSLSocket` server for one connection.
fn server() -> Result<(u16, thread::JoinHandle<Result<(), Error>>), Error> {
    let ctx = create_default_context(Purpose::ClientAuth)?;
    let key = format!("{CERTS}/server.key");
    ctx.load_cert_chain(format!("{CERTS}/server.pem"), Some(key.as_ref()), None)?;
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    Ok((
        port,
        thread::spawn(move || {
            let (conn, _) = listener.accept()?;
            let mut tls = ctx.wrap_socket(conn, WrapOptions::new().server_side(true))?;
            tls.recv(4096)?;
            tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nHello\n")?;
            tls.unwrap().map(|_| ())
        }),
    ))
}

//! Handling `ssl.SSLError` and its subclasses: a failed verification, an
//! unexpected EOF, a non-blocking "want read", and a plain `SSLError`.
//!
//! Ports this Python idiom:
//!
//! ```python
//! try:
//!     tls = ctx.wrap_socket(sock, server_hostname="localhost")
//!     data = tls.recv(1024)
//! except ssl.SSLCertVerificationError as e:   # must come before SSLError
//!     print("verify failed:", e.verify_code, e.verify_message)
//! except ssl.SSLEOFError:
//!     print("peer vanished without close_notify")
//! except ssl.SSLWantReadError:
//!     pass                                    # non-blocking: wait for input, retry
//! except ssl.SSLError as e:
//!     print(e.library, e.reason, e)
//! except OSError as e:                        # ConnectionResetError, TimeoutError, ...
//!     print(e.errno, e)
//! ```
//!
//! What changes in Rust:
//!
//! * There is one error type, [`pyssl::Error`]; the Python class is its
//!   [`pyssl::ErrorKind`], so the `except` ladder is a `match` on
//!   `e.kind()`. `except ssl.SSLError` (which also catches every subclass)
//!   is [`ErrorKind::is_ssl_error`]; `except OSError` is
//!   [`ErrorKind::is_os_error`].
//! * The attributes are methods: `e.verify_code` → `e.verify_code()`,
//!   `e.library` → `e.library()`, `e.errno` → `e.errno()`; they are
//!   `Option`s because not every class has them.
//! * `str(e)` is `e.to_string()` (CPython's text without the `(_ssl.c:NNN)`
//!   suffix) and `type(e).__name__` is [`pyssl::Error::python_type`].
//!
//! Runs entirely on 127.0.0.1 with the test certificates in `certs/`, and
//! exits non-zero if any case does not raise the class CPython raises.

use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

use pyssl::{
    create_default_context, DefaultContext, Error, ErrorKind, MemoryBio, Purpose, SslContext,
    WrapOptions,
};

const CERTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/certs");

/// The `except` ladder of the Python code above, as one `match`.
fn report(what: &str, e: &Error) -> ErrorKind {
    let class = e.python_type();
    match e.kind() {
        ErrorKind::CertVerification => println!(
            "{what}: {class}: verify_code={:?} verify_message={:?}",
            e.verify_code(),
            e.verify_message()
        ),
        ErrorKind::Eof => println!("{what}: {class}: peer vanished without close_notify ({e})"),
        ErrorKind::WantRead | ErrorKind::WantWrite => {
            println!("{what}: {class}: non-blocking, try again when the socket is ready ({e})")
        }
        k if k.is_ssl_error() => println!(
            "{what}: {class}: library={:?} reason={:?}: {e}",
            e.library(),
            e.reason()
        ),
        k if k.is_os_error() => println!("{what}: {class}: errno={:?}: {e}", e.errno()),
        _ => println!("{what}: {class}: {e}"),
    }
    e.kind()
}

/// A server thread on 127.0.0.1 presenting `cert`; it runs `then` on each
/// accepted TLS connection (handshake errors are ignored: the client's side
/// is what this example is about).
fn server(
    cert: &str,
    then: impl Fn(pyssl::SslSocket) + Send + 'static,
) -> Result<(u16, thread::JoinHandle<()>), Error> {
    let ctx = create_default_context(Purpose::ClientAuth)?;
    let key = format!("{CERTS}/{cert}.key");
    ctx.load_cert_chain(format!("{CERTS}/{cert}.pem"), Some(key.as_ref()), None)?;
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let handle = thread::spawn(move || {
        if let Ok((conn, _)) = listener.accept() {
            if let Ok(tls) = ctx.wrap_socket(conn, WrapOptions::new().server_side(true)) {
                then(tls);
            }
        }
    });
    Ok((port, handle))
}

fn client_ctx() -> Result<SslContext, Error> {
    DefaultContext::new(Purpose::ServerAuth)
        .cafile(format!("{CERTS}/ca.pem"))
        .build()
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(true) => std::process::ExitCode::SUCCESS,
        Ok(false) => {
            eprintln!("some case did not raise what CPython raises");
            std::process::ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {}: {e}", e.python_type());
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<bool, Error> {
    let mut ok = true;
    let mut expect = |got: ErrorKind, want: ErrorKind| ok &= got == want;

    // 1. SSLCertVerificationError: a certificate from a CA we do not trust.
    let (port, srv) = server("untrusted", |_| {})?;
    let sock = TcpStream::connect(("127.0.0.1", port))?;
    match client_ctx()?.wrap_socket(sock, WrapOptions::new().server_hostname("localhost")) {
        Ok(_) => expect(ErrorKind::Ssl, ErrorKind::CertVerification),
        Err(e) => expect(report("untrusted CA", &e), ErrorKind::CertVerification),
    }
    srv.join().ok();

    // ... and one for another host name (verify_code 62).
    let (port, srv) = server("wrong-host", |_| {})?;
    let sock = TcpStream::connect(("127.0.0.1", port))?;
    match client_ctx()?.wrap_socket(sock, WrapOptions::new().server_hostname("localhost")) {
        Ok(_) => expect(ErrorKind::Ssl, ErrorKind::CertVerification),
        Err(e) => expect(report("wrong host", &e), ErrorKind::CertVerification),
    }
    srv.join().ok();

    // 2. SSLEOFError: the server closes TCP without a TLS close_notify. With
    //    suppress_ragged_eofs=False recv raises; with the default it reads b''.
    for suppress in [false, true] {
        let (port, srv) = server("server", drop)?;
        let sock = TcpStream::connect(("127.0.0.1", port))?;
        let opts = WrapOptions::new()
            .server_hostname("localhost")
            .suppress_ragged_eofs(suppress);
        let mut tls = client_ctx()?.wrap_socket(sock, opts)?;
        match tls.recv(1024) {
            Ok(data) => {
                println!("ragged EOF with suppress_ragged_eofs=True: recv() = {data:?} (b'')");
                expect(
                    if suppress {
                        ErrorKind::Eof
                    } else {
                        ErrorKind::Ssl
                    },
                    ErrorKind::Eof,
                );
            }
            Err(e) => expect(
                report("ragged EOF, suppress_ragged_eofs=False", &e),
                ErrorKind::Eof,
            ),
        }
        srv.join().ok();
    }

    // 3. SSLWantReadError: a non-blocking socket (settimeout(0)) with nothing
    //    to read yet. Python code catches it and waits in select()/asyncio.
    let (port, srv) = server("server", |mut tls| {
        thread::sleep(Duration::from_millis(200));
        let _ = tls.sendall(b"late");
    })?;
    let sock = TcpStream::connect(("127.0.0.1", port))?;
    let mut tls =
        client_ctx()?.wrap_socket(sock, WrapOptions::new().server_hostname("localhost"))?;
    tls.setblocking(false)?;
    match tls.recv(1024) {
        Ok(data) => {
            println!("unexpected data {data:?}");
            expect(ErrorKind::Ssl, ErrorKind::WantRead)
        }
        Err(e) => expect(report("non-blocking recv", &e), ErrorKind::WantRead),
    }
    tls.setblocking(true)?;
    println!(
        "after waiting: recv() = {:?}",
        String::from_utf8_lossy(&tls.recv(1024)?)
    );
    srv.join().ok();

    // The same with an SSLObject: every call that needs input says so.
    let (incoming, outgoing) = (MemoryBio::new()?, MemoryBio::new()?);
    let mut obj = client_ctx()?.wrap_bio(&incoming, &outgoing, false, Some("localhost"), None)?;
    match obj.do_handshake() {
        Ok(()) => expect(ErrorKind::Ssl, ErrorKind::WantRead),
        Err(e) => expect(report("SSLObject.do_handshake", &e), ErrorKind::WantRead),
    }
    println!(
        "  ... and {} bytes of ClientHello wait in the outgoing MemoryBIO",
        outgoing.pending()
    );

    // 4. A plain SSLError, with library and reason.
    let ctx = client_ctx()?;
    match ctx.set_ciphers("RC4") {
        Ok(()) => expect(ErrorKind::Value, ErrorKind::Ssl),
        Err(e) => expect(report("set_ciphers('RC4')", &e), ErrorKind::Ssl),
    }
    match ctx.load_cert_chain(format!("{CERTS}/garbage.pem"), None, None) {
        Ok(()) => expect(ErrorKind::Value, ErrorKind::Ssl),
        Err(e) => expect(report("load_cert_chain('garbage.pem')", &e), ErrorKind::Ssl),
    }

    // 5. Not an SSLError at all: an OSError subclass.
    match ctx.load_cert_chain(format!("{CERTS}/missing.pem"), None, None) {
        Ok(()) => expect(ErrorKind::Value, ErrorKind::FileNotFound),
        Err(e) => expect(
            report("load_cert_chain('missing.pem')", &e),
            ErrorKind::FileNotFound,
        ),
    }

    Ok(ok)
}

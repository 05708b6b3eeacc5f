//! Mutual TLS: the server requires a client certificate from its CA, and
//! the client presents one.
//!
//! Ports this Python idiom:
//!
//! ```python
//! # server
//! sctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile="certs/ca.pem")
//! sctx.verify_mode = ssl.CERT_REQUIRED
//! sctx.load_cert_chain("certs/server.pem", "certs/server.key")
//! conn = sctx.wrap_socket(sock, server_side=True)
//! print(conn.getpeercert()["subject"])
//!
//! # client
//! cctx = ssl.create_default_context(cafile="certs/ca.pem")
//! cctx.load_cert_chain("certs/client.pem", "certs/client.key")
//! tls = cctx.wrap_socket(sock, server_hostname="localhost")
//! ```
//!
//! What changes in Rust:
//!
//! * `create_default_context(purpose, cafile=...)` is
//!   `DefaultContext::new(purpose).cafile(...).build()`.
//! * `sctx.verify_mode = ssl.CERT_REQUIRED` is
//!   `sctx.set_verify_mode(VerifyMode::CertRequired)?`.
//! * `getpeercert()["subject"]` is the `subject` field of a
//!   [`pyssl::PeerCertificate`]: a `Vec` of RDNs, each a `Vec` of
//!   `(name, value)` pairs, the same nesting as CPython's tuples.
//!
//! A client without a certificate is refused. Under TLS 1.3 the client's
//! handshake completes before the server has checked the client, so — as
//! in CPython — the client learns it was refused on its first read
//! (`SSLError … TLSV13_ALERT_CERTIFICATE_REQUIRED`). Runs on 127.0.0.1 with
//! the test certificates in `certs/`.

use std::net::{TcpListener, TcpStream};
use std::thread;

use pyssl::{DefaultContext, Error, ErrorKind, Purpose, VerifyMode, WrapOptions};

const CERTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/certs");

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
    // sctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile="certs/ca.pem")
    let sctx = DefaultContext::new(Purpose::ClientAuth)
        .cafile(format!("{CERTS}/ca.pem"))
        .build()?;
    // sctx.verify_mode = ssl.CERT_REQUIRED
    sctx.set_verify_mode(VerifyMode::CertRequired)?;
    let key = format!("{CERTS}/server.key");
    sctx.load_cert_chain(format!("{CERTS}/server.pem"), Some(key.as_ref()), None)?;

    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let server = thread::spawn(move || -> Vec<String> {
        let mut log = Vec::new();
        for _ in 0..2 {
            let Ok((conn, _)) = listener.accept() else {
                continue;
            };
            match sctx.wrap_socket(conn, WrapOptions::new().server_side(true)) {
                Ok(mut tls) => {
                    // conn.getpeercert()["subject"]
                    let subject = match tls.getpeercert() {
                        Ok(pyssl::PeerCert::Validated(cert)) => format!("{:?}", cert.subject),
                        other => format!("{other:?}"),
                    };
                    log.push(format!("server: client certificate subject {subject}"));
                    let _ = tls.sendall(b"welcome");
                }
                Err(e) => log.push(format!("server: refused: {}: {e}", e.python_type())),
            }
        }
        log
    });

    // cctx = ssl.create_default_context(cafile="certs/ca.pem")
    let cctx = DefaultContext::new(Purpose::ServerAuth)
        .cafile(format!("{CERTS}/ca.pem"))
        .build()?;

    // Without a client certificate first.
    let sock = TcpStream::connect(("127.0.0.1", port))?;
    let mut tls = cctx.wrap_socket(sock, WrapOptions::new().server_hostname("localhost"))?;
    println!(
        "client without a certificate: handshake returned ({})",
        tls.version().unwrap_or_default()
    );
    let refused = match tls.recv(16) {
        Ok(data) => {
            println!("client without a certificate: read {data:?}");
            false
        }
        Err(e) => {
            println!(
                "client without a certificate: first read: {}: {e}",
                e.python_type()
            );
            e.kind() == ErrorKind::Ssl
        }
    };
    drop(tls);

    // cctx.load_cert_chain("certs/client.pem", "certs/client.key")
    let key = format!("{CERTS}/client.key");
    cctx.load_cert_chain(format!("{CERTS}/client.pem"), Some(key.as_ref()), None)?;
    let sock = TcpStream::connect(("127.0.0.1", port))?;
    let mut tls = cctx.wrap_socket(sock, WrapOptions::new().server_hostname("localhost"))?;
    let greeting = tls.recv(16)?;
    println!(
        "client with certs/client.pem: {:?}",
        String::from_utf8_lossy(&greeting)
    );

    for line in server.join().expect("server thread") {
        println!("{line}");
    }
    if !refused || greeting != b"welcome" {
        return Err(Error::value_error(
            "mutual TLS did not behave as CPython's does",
        ));
    }
    Ok(())
}

//! Certificate verification against a private CA, and `CERT_NONE` — with
//! why not to use it.
//!
//! Ports these Python idioms:
//!
//! ```python
//! # Trust a private CA (and only it) -- the right way:
//! ctx = ssl.create_default_context(cafile="certs/ca.pem")
//! # or: ctx = ssl.create_default_context(); ctx.load_verify_locations("certs/ca.pem")
//! tls = ctx.wrap_socket(sock, server_hostname="localhost")
//!
//! # "Make the error go away" -- the wrong way:
//! ctx = ssl.create_default_context()
//! ctx.check_hostname = False          # must come first: CERT_NONE with
//! ctx.verify_mode = ssl.CERT_NONE     # check_hostname=True is a ValueError
//! ```
//!
//! What changes in Rust:
//!
//! * `create_default_context(cafile=...)` is the [`pyssl::DefaultContext`]
//!   builder; `load_verify_locations(cafile, capath, cadata)` takes three
//!   `Option`s ([`pyssl::CaData`] for `cadata`).
//! * The properties are a getter and a setter each:
//!   `ctx.check_hostname = False` → `ctx.set_check_hostname(false)?`,
//!   `ctx.verify_mode = ssl.CERT_NONE` → `ctx.set_verify_mode(VerifyMode::CertNone)?`.
//!   Setters that CPython can refuse return a `Result`: the order rule above
//!   is the same `ValueError`.
//! * `getpeercert()` is `Result<Option<Option<PeerCertificate>>>`: the outer
//!   `None` is Python's `None` (no certificate), `Some(None)` is Python's `{}`
//!   (a certificate was sent but not verified, so CPython will not decode it).
//!
//! Why not `CERT_NONE`: the connection is still encrypted, but to whoever
//! answered. The run below connects with it to a server presenting a
//! certificate for another host, issued by a CA nobody loaded, and nothing
//! complains — that server could be any man in the middle. Trust the
//! private CA instead (`cafile=`/`cadata=`), or pin the one self-signed
//! certificate by loading it as the CA.
//!
//! Runs on 127.0.0.1 with the test certificates in `certs/`.

use std::net::{TcpListener, TcpStream};
use std::thread;

use pyssl::{
    create_default_context, DefaultContext, Error, ErrorKind, Purpose, SslContext, VerifyMode,
    WrapOptions,
};

const CERTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/certs");

/// Serves one TLS connection with `certs/NAME.pem` (errors ignored).
fn server(name: &str) -> Result<(u16, thread::JoinHandle<()>), Error> {
    let ctx = create_default_context(Purpose::ClientAuth)?;
    let key = format!("{CERTS}/{name}.key");
    ctx.load_cert_chain(format!("{CERTS}/{name}.pem"), Some(key.as_ref()), None)?;
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    Ok((
        port,
        thread::spawn(move || {
            if let Ok((conn, _)) = listener.accept() {
                if let Ok(mut tls) = ctx.wrap_socket(conn, WrapOptions::new().server_side(true)) {
                    let _ = tls.sendall(b"hello");
                }
            }
        }),
    ))
}

/// Connects to a fresh server presenting `name` and reports the outcome.
fn connect(ctx: &SslContext, name: &str) -> Result<Result<(), Error>, Error> {
    let (port, srv) = server(name)?;
    let sock = TcpStream::connect(("127.0.0.1", port))?;
    let r = ctx
        .wrap_socket(sock, WrapOptions::new().server_hostname("localhost"))
        .map(|tls| {
            let cert = tls.getpeercert();
            let shown = match &cert {
                Ok(pyssl::PeerCert::NoCertificate) => "None".to_string(),
                Ok(pyssl::PeerCert::Validated(c)) => format!("subject {:?}", c.subject),
                Ok(_) => "{} (not verified, not decoded)".to_string(),
                Err(e) => e.to_string(),
            };
            println!("    connected to {name}: getpeercert() = {shown}");
        });
    if let Err(e) = &r {
        println!("    {name}: {}: {e}", e.python_type());
    }
    srv.join().ok();
    Ok(r)
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
    println!("create_default_context(cafile='certs/ca.pem'):");
    let ctx = DefaultContext::new(Purpose::ServerAuth)
        .cafile(format!("{CERTS}/ca.pem"))
        .build()?;
    connect(&ctx, "server")?.map_err(|e| fail("our CA's server was refused", e))?;
    let e = connect(&ctx, "untrusted")?.expect_err("another CA's certificate was accepted");
    assert_eq!(e.kind(), ErrorKind::CertVerification);

    println!("create_default_context() + load_verify_locations(cadata=<PEM text>):");
    // `without_default_certs()` (not a CPython argument) skips the system
    // store that create_default_context() would load, so only `cadata` counts.
    let ctx = DefaultContext::new(Purpose::ServerAuth)
        .without_default_certs()
        .build()?;
    let pem = std::fs::read_to_string(format!("{CERTS}/ca.pem"))?;
    ctx.load_verify_locations(None, None, Some(pyssl::CaData::Pem(&pem)))?;
    connect(&ctx, "server")?.map_err(|e| fail("cadata did not work", e))?;

    println!("pinning one self-signed certificate (cafile=the certificate itself):");
    let ctx = DefaultContext::new(Purpose::ServerAuth)
        .cafile(format!("{CERTS}/selfsigned.pem"))
        .build()?;
    connect(&ctx, "selfsigned")?.map_err(|e| fail("the pinned certificate was refused", e))?;

    println!("verify_mode = CERT_NONE while check_hostname is on:");
    let ctx = DefaultContext::new(Purpose::ServerAuth)
        .without_default_certs()
        .build()?;
    let e = ctx
        .set_verify_mode(VerifyMode::CertNone)
        .expect_err("CPython refuses this order");
    println!("    {}: {e}", e.python_type());

    println!("check_hostname = False; verify_mode = CERT_NONE (don't):");
    ctx.set_check_hostname(false)?;
    ctx.set_verify_mode(VerifyMode::CertNone)?;
    // A certificate for example.org from an unknown CA, for "localhost":
    // accepted without a word. So would an attacker's be.
    connect(&ctx, "wrong-host")?.map_err(|e| fail("CERT_NONE refused a certificate", e))?;
    connect(&ctx, "untrusted")?.map_err(|e| fail("CERT_NONE refused a certificate", e))?;
    Ok(())
}

fn fail(what: &str, e: Error) -> Error {
    eprintln!("{what}");
    e
}

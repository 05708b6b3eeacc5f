//! The "hardened server context" recipe found in countless Python
//! snippets, ported line for line — and what each line really does today.
//!
//! Ports this Python idiom:
//!
//! ```python
//! ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
//! ctx.set_ciphers("HIGH:!RC4:!MD5:!3DES")
//! ctx.options |= ssl.OP_NO_SSLv2 | ssl.OP_NO_SSLv3 | ssl.OP_NO_TICKET
//! ctx.load_cert_chain("certs/server.pem", "certs/server.key")
//! ```
//!
//! What changes in Rust:
//!
//! * `ctx.options |= …` is a read, an `|` and a write:
//!   `ctx.set_options(ctx.options() | Options::NO_SSLV2 | …)`.
//!   [`pyssl::Options`] is a bitflags type whose constants are CPython's
//!   `OP_*` values (`OP_NO_SSLv2` → `Options::NO_SSLV2`).
//! * `set_ciphers` returns `Result<(), Error>`; `SSLError('No cipher can be
//!   selected.')` is an `Err`.
//! * `load_cert_chain(certfile, keyfile)` takes the key file as
//!   `Option<&Path>` and the password as `Option<Password>`.
//!
//! What the recipe does on CPython 3.10+ with OpenSSL 3 (this program
//! measures it, and CPython 3.13 gives the same numbers —
//! `tools/correcting_record.py`):
//!
//! * `OP_NO_SSLv2` is 0 and `OP_NO_SSLv3` is already set by every
//!   `SSLContext`: of the three options only `OP_NO_TICKET` changes anything.
//! * `OP_NO_TICKET` does not stop TLS 1.3 resumption: the server still sends
//!   tickets, now stateful (see the `session_resumption` example).
//! * `HIGH:!RC4:!MD5:!3DES` *replaces* CPython's stricter default list: it
//!   enables many more TLS 1.2 suites, including anonymous (`aNULL`) ones,
//!   static-RSA key exchange (no forward secrecy) and SHA-1 MACs. TLS 1.3
//!   suites are not affected by `set_ciphers` at all.
//!
//! So on a current stack the recipe weakens TLS 1.2 and does nothing for
//! TLS 1.3; `create_default_context(Purpose.CLIENT_AUTH)` alone is the
//! better server context. Runs on 127.0.0.1 with `certs/`.

use std::net::{TcpListener, TcpStream};
use std::thread;

use pyssl::{
    create_default_context, CipherInfo, DefaultContext, Error, Options, Purpose, TlsVersion,
    WrapOptions,
};

const CERTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/certs");

fn summary(label: &str, ciphers: &[CipherInfo]) {
    let count = |f: &dyn Fn(&CipherInfo) -> bool| ciphers.iter().filter(|c| f(c)).count();
    println!(
        "  {label:<28} {:>3} suites: TLS 1.3 {}, anonymous (auth-null) {}, static RSA kx {}, SHA-1 MAC {}",
        ciphers.len(),
        count(&|c| c.protocol == "TLSv1.3"),
        count(&|c| c.auth.as_deref() == Some("auth-null")),
        count(&|c| c.kea.as_deref() == Some("kx-rsa")),
        count(&|c| c.digest.as_deref() == Some("sha1")),
    );
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
    // ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    let ctx = create_default_context(Purpose::ClientAuth)?;
    let default_ciphers = ctx.get_ciphers();
    let before = ctx.options();

    // ctx.set_ciphers("HIGH:!RC4:!MD5:!3DES")
    ctx.set_ciphers("HIGH:!RC4:!MD5:!3DES")?;
    // ctx.options |= ssl.OP_NO_SSLv2 | ssl.OP_NO_SSLv3 | ssl.OP_NO_TICKET
    ctx.set_options(ctx.options() | Options::NO_SSLV2 | Options::NO_SSLV3 | Options::NO_TICKET);
    // ctx.load_cert_chain("certs/server.pem", "certs/server.key")
    let key = format!("{CERTS}/server.key");
    ctx.load_cert_chain(format!("{CERTS}/server.pem"), Some(key.as_ref()), None)?;

    println!("options:");
    println!("  OP_NO_SSLv2 = {:#x}", Options::NO_SSLV2.bits());
    println!(
        "  OP_NO_SSLv3 already set by default: {}",
        before.contains(Options::NO_SSLV3)
    );
    println!(
        "  bits the line changed: {:#x} (OP_NO_TICKET = {:#x})",
        (ctx.options() ^ before).bits(),
        Options::NO_TICKET.bits()
    );
    assert_eq!(ctx.options() ^ before, Options::NO_TICKET);

    println!("ciphers:");
    summary("CPython 3.13 default:", &default_ciphers);
    let hardened = ctx.get_ciphers();
    summary("HIGH:!RC4:!MD5:!3DES:", &hardened);
    assert!(hardened.len() > default_ciphers.len());

    // A TLS 1.3 handshake is untouched by set_ciphers; a TLS 1.2 one now
    // picks from the longer list.
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let server_ctx = ctx.clone();
    let server = thread::spawn(move || {
        for _ in 0..2 {
            if let Ok((conn, _)) = listener.accept() {
                if let Ok(mut tls) =
                    server_ctx.wrap_socket(conn, WrapOptions::new().server_side(true))
                {
                    let _ = tls.sendall(b"ok");
                }
            }
        }
    });
    println!("handshakes with a create_default_context() client:");
    for max in [TlsVersion::MaximumSupported, TlsVersion::TlsV1_2] {
        let client = DefaultContext::new(Purpose::ServerAuth)
            .cafile(format!("{CERTS}/ca.pem"))
            .build()?;
        client.set_maximum_version(max)?;
        let sock = TcpStream::connect(("127.0.0.1", port))?;
        let mut tls = client.wrap_socket(sock, WrapOptions::new().server_hostname("localhost"))?;
        tls.recv(2)?;
        println!(
            "  maximum_version={:<18} {} {:?}",
            max.name(),
            tls.version().unwrap_or_default(),
            tls.cipher().map(|c| c.0)
        );
    }
    server.join().ok();
    Ok(())
}

//! TLS session resumption: take `SSLSocket.session` from one connection and
//! pass it to the next — and what `OP_NO_TICKET` and `num_tickets` change.
//!
//! Ports this Python idiom:
//!
//! ```python
//! ctx = ssl.create_default_context(cafile="certs/ca.pem")
//! with ctx.wrap_socket(socket.create_connection(addr), server_hostname="localhost") as s:
//!     s.recv(1024)              # TLS 1.3: tickets arrive after the handshake
//!     session = s.session
//! print(session.has_ticket, session.ticket_lifetime_hint)
//! with ctx.wrap_socket(socket.create_connection(addr), server_hostname="localhost",
//!                      session=session) as s:
//!     print(s.session_reused)   # True
//! ```
//!
//! What changes in Rust:
//!
//! * `s.session` is `s.session()` → `Option<SslSession>`; `session=` is
//!   [`pyssl::WrapOptions::session`]. As in CPython the session must come
//!   from the same context.
//! * `SSLSession`'s attributes are methods: `has_ticket()`,
//!   `ticket_lifetime_hint()`, `id()` (`Vec<u8>`), `time()`, `timeout()`.
//! * `ctx.num_tickets = 0` is `ctx.set_num_tickets(0)?` (a `Result`: client
//!   contexts refuse, as in CPython); `ctx.session_stats()` returns a
//!   [`pyssl::SessionStats`] struct instead of a dict.
//!
//! What it shows (the same as CPython 3.13 and 3.14 on OpenSSL 3, see
//! `tools/correcting_record.py`): with `OP_NO_TICKET` a TLS 1.3 server still
//! sends tickets, but stateful ones — the session lives in the server's cache
//! (`session_stats().number` > 0) instead of inside the ticket. OpenSSL
//! drops a cached session when its connection is freed without a
//! close_notify having been sent. Up to 3.13 that is what a plain `close()`
//! does, so such a session resumes only if the server ended the first
//! connection with `unwrap()`; 3.14 marks every connection as shut down
//! before freeing it, so it resumes either way. Stateless tickets (the
//! default) resume either way. `num_tickets = 0` turns TLS 1.3 resumption
//! off. Runs on 127.0.0.1 with `certs/`.

use std::net::{TcpListener, TcpStream};
use std::thread;

use pyssl::{
    DefaultContext, Error, Options, Purpose, PythonVersion, SslContext, SslSession, WrapOptions,
};

const CERTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/certs");

/// A server answering `n` connections with one byte each; with `clean`
/// it ends each with `unwrap()` (close_notify both ways), else it just
/// closes, like leaving a Python `with` block.
fn server(ctx: SslContext, n: usize, clean: bool) -> Result<(u16, thread::JoinHandle<()>), Error> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    Ok((
        port,
        thread::spawn(move || {
            for _ in 0..n {
                if let Ok((conn, _)) = listener.accept() {
                    if let Ok(mut tls) = ctx.wrap_socket(conn, WrapOptions::new().server_side(true))
                    {
                        let _ = tls.sendall(b"!");
                        if clean {
                            let _ = tls.unwrap();
                        }
                    }
                }
            }
        }),
    ))
}

/// One client connection; returns the session and whether it was resumed.
fn connect(
    ctx: &SslContext,
    port: u16,
    session: Option<SslSession>,
    clean: bool,
) -> Result<(Option<SslSession>, Option<bool>), Error> {
    let mut opts = WrapOptions::new().server_hostname("localhost");
    if let Some(s) = session {
        opts = opts.session(s);
    }
    let mut tls = ctx.wrap_socket(TcpStream::connect(("127.0.0.1", port))?, opts)?;
    tls.recv(1)?; // read once so the TLS 1.3 NewSessionTicket messages are processed
    let result = (tls.session(), tls.session_reused());
    if clean {
        tls.unwrap()?;
    }
    Ok(result)
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
    use PythonVersion::{Py313, Py314};
    // (release, server setting, OP_NO_TICKET, num_tickets, server ends
    // connections with unwrap(), resumed?)
    type Case = (PythonVersion, &'static str, bool, Option<i64>, bool, bool);
    let cases: [Case; 5] = [
        (Py314, "defaults", false, None, false, true),
        (Py314, "OP_NO_TICKET", true, None, true, true),
        (Py314, "OP_NO_TICKET", true, None, false, true),
        (Py313, "OP_NO_TICKET", true, None, false, false),
        (Py314, "num_tickets = 0", false, Some(0), true, false),
    ];
    for (version, label, no_ticket, num_tickets, clean, expect_resumed) in cases {
        let sctx = DefaultContext::new(Purpose::ClientAuth)
            .version(version)
            .build()?;
        let key = format!("{CERTS}/server.key");
        sctx.load_cert_chain(format!("{CERTS}/server.pem"), Some(key.as_ref()), None)?;
        if no_ticket {
            // ctx.options |= ssl.OP_NO_TICKET
            sctx.set_options(sctx.options() | Options::NO_TICKET);
        }
        if let Some(n) = num_tickets {
            // ctx.num_tickets = 0
            sctx.set_num_tickets(n)?;
        }
        let (port, srv) = server(sctx.clone(), 2, clean)?;

        let cctx = DefaultContext::new(Purpose::ServerAuth)
            .version(version)
            .cafile(format!("{CERTS}/ca.pem"))
            .build()?;
        let (session, _) = connect(&cctx, port, None, clean)?;
        let session = session.expect("a client has a session after the handshake");
        let (_, reused) = connect(&cctx, port, Some(session.clone()), clean)?;
        srv.join().ok();

        println!(
            "{version} server {label:<16} {:<22} has_ticket={:<5} lifetime_hint={:<4} resumed={:<5} server cache entries={}",
            if clean { "closes with unwrap()" } else { "closes without unwrap" },
            session.has_ticket(),
            session.ticket_lifetime_hint(),
            reused == Some(true),
            sctx.session_stats().number
        );
        if reused != Some(expect_resumed) {
            return Err(Error::value_error(format!(
                "{version} {label}: expected session_reused={expect_resumed}"
            )));
        }
    }
    Ok(())
}

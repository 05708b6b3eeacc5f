//! The server side of a handshake fed arbitrary bytes as the client's
//! flight through `MemoryBIO`s: `do_handshake()` (or `read()`, which
//! handshakes implicitly) after every chunk, draining what the server sends.
//!
//! Input: one control byte, then the client's bytes.
//! - bits 0..=4: chunk size (0: everything at once; n: n*7 bytes at a time,
//!   so records are split at odd places);
//! - bit 5: call `read()` instead of `do_handshake()`;
//! - bit 6: the 3.6 context (TLS 1.0–1.3, `CERT_OPTIONAL`) instead of 3.14's
//!   default server context (ALPN, an SNI callback and a TLS-PSK callback,
//!   which run Rust code on the ClientHello's extensions);
//! - bit 7: `write_eof()` on the incoming BIO after the last chunk.
//!
//! The contexts are built once per process.
#![no_main]

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

mod common;

use libfuzzer_sys::fuzz_target;
use pyssl::{
    DefaultContext, ErrorKind, MemoryBio, Protocol, Purpose, PythonVersion, SniConnection,
    SslContext, VerifyMode,
};

fn cert(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("certs")
        .join(name)
}

/// A context the SNI callback can switch to (a different certificate).
fn other() -> &'static SslContext {
    static OTHER: OnceLock<SslContext> = OnceLock::new();
    OTHER.get_or_init(|| {
        let ctx = SslContext::with_version(Protocol::TlsServer, PythonVersion::LATEST)
            .expect("server context");
        ctx.load_cert_chain(
            cert("server-ecdsa.pem"),
            Some(&cert("server-ecdsa.key")),
            None,
        )
        .expect("server-ecdsa.pem");
        ctx
    })
}

fn contexts() -> &'static [SslContext; 2] {
    static CTX: OnceLock<[SslContext; 2]> = OnceLock::new();
    CTX.get_or_init(|| {
        // create_default_context(Purpose.CLIENT_AUTH) + load_cert_chain.
        let modern = DefaultContext::new(Purpose::ClientAuth)
            .version(PythonVersion::LATEST)
            .build()
            .expect("3.14 server context");
        modern
            .load_cert_chain(cert("server.pem"), Some(&cert("server.key")), None)
            .expect("server.pem");
        modern
            .set_alpn_protocols(&["h2", "http/1.1"])
            .expect("ALPN");
        modern
            .set_sni_callback(Some(Arc::new(
                |conn: &mut SniConnection<'_>, name: Option<&str>, _ctx: &SslContext| {
                    match name {
                        Some(n) if n.starts_with('e') => {
                            conn.set_context(other())?;
                            Ok(None)
                        }
                        // An alert number from the callback: the handshake fails.
                        Some(n) if n.starts_with('x') => Ok(Some(112)),
                        _ => Ok(None),
                    }
                },
            )))
            .expect("SNI callback");
        // TLS-PSK (3.13): the identity in the ClientHello's pre_shared_key
        // extension reaches this callback; some identities give an error or
        // an over-long key, which pyssl reports as unraisable.
        modern
            .set_psk_server_callback(
                Some(Arc::new(|identity: Option<&str>| match identity {
                    None => Ok(Vec::new()),
                    Some(i) if i.starts_with('e') => {
                        Err(pyssl::Error::value_error("unknown identity"))
                    }
                    Some(i) if i.starts_with('l') => Ok(vec![0x42; 4096]),
                    Some(_) => Ok(vec![0x42; 32]),
                })),
                Some("pyssl-fuzz"),
            )
            .expect("PSK server callback");
        // SSLContext(PROTOCOL_TLS) as 3.6 builds it: every TLS version on,
        // a client certificate asked for (and verified against ca.pem).
        let legacy =
            SslContext::with_version(Protocol::Tls, PythonVersion::Py36).expect("3.6 context");
        legacy
            .load_cert_chain(cert("server.pem"), Some(&cert("server.key")), None)
            .expect("server.pem");
        legacy
            .load_verify_locations(Some(&cert("ca.pem")), None, None)
            .expect("ca.pem");
        legacy
            .set_verify_mode(VerifyMode::CertOptional)
            .expect("CERT_OPTIONAL");
        pyssl::warnings::take_warnings();
        [modern, legacy]
    })
}

/// Ends this connection attempt early: a hard error or a finished handshake.
fn step(obj: &mut pyssl::SslObject, use_read: bool, outgoing: &MemoryBio) -> bool {
    let result = if use_read {
        obj.read(1024).map(|_| ())
    } else {
        obj.do_handshake()
    };
    let _ = outgoing.read(None);
    match result {
        Ok(()) => {
            // Whatever arrived after the handshake is application data.
            let _ = obj.read(1024);
            let _ = (obj.version(), obj.cipher(), obj.selected_alpn_protocol());
            let _ = obj.getpeercert();
            let _ = outgoing.read(None);
            false
        }
        Err(e) => match e.kind() {
            ErrorKind::WantRead | ErrorKind::WantWrite => false,
            _ => {
                let _ = (e.python_type(), e.to_string());
                true
            }
        },
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&ctrl, flight)) = data.split_first() else {
        return;
    };
    let chunk = match usize::from(ctrl & 0x1f) {
        0 => usize::MAX,
        n => n * 7,
    };
    let use_read = ctrl & 0x20 != 0;
    let ctx = &contexts()[usize::from(ctrl >> 6 & 1)];
    let eof = ctrl & 0x80 != 0;

    let (incoming, outgoing) = (
        MemoryBio::new().expect("MemoryBIO"),
        MemoryBio::new().expect("MemoryBIO"),
    );
    let mut obj = ctx
        .wrap_bio(&incoming, &outgoing, true, None, None)
        .expect("wrap_bio(server_side=True)");
    let mut failed = false;
    for part in flight.chunks(chunk.min(flight.len().max(1))) {
        incoming.write(part).expect("MemoryBIO.write");
        if step(&mut obj, use_read, &outgoing) {
            failed = true;
            break;
        }
    }
    if !failed && eof {
        incoming.write_eof();
        step(&mut obj, use_read, &outgoing);
    }
    pyssl::warnings::take_warnings();
    pyssl::warnings::take_unraisable();
    drop(obj);
    common::release_thread_state();
});

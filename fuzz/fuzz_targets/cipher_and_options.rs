//! The string parsers: cipher strings (`SSLContext.set_ciphers`), `OP_*`
//! name lists (`Options::apply_python_names`), `TLSVersion` / protocol
//! names, `"3.x"` version strings, and host names given to `wrap_bio` as
//! `server_hostname`. The first byte picks the parser; the rest is the text.
#![no_main]

use std::sync::OnceLock;

mod common;

use libfuzzer_sys::fuzz_target;
use pyssl::{MemoryBio, Options, Protocol, PythonVersion, SslContext, TlsVersion};

/// The client contexts the host names go to, built once (`wrap_bio` does
/// not change them): 3.14's and 3.7's `SSLContext(PROTOCOL_TLS_CLIENT)`
/// (check_hostname on) and 3.6's `SSLContext(PROTOCOL_TLS)`, which keeps
/// the name its own way. No CA store is loaded: the handshake never gets
/// that far, and a big heap makes every leak check slow.
fn contexts() -> &'static [SslContext; 3] {
    static CTX: OnceLock<[SslContext; 3]> = OnceLock::new();
    CTX.get_or_init(|| {
        let ctx = [
            SslContext::with_version(Protocol::TlsClient, PythonVersion::LATEST),
            SslContext::with_version(Protocol::Tls, PythonVersion::Py36),
            SslContext::with_version(Protocol::TlsClient, PythonVersion::Py37),
        ]
        .map(|c| c.expect("client context"));
        pyssl::warnings::take_warnings();
        ctx
    })
}

/// The contexts the cipher strings go to, built once (OpenSSL 3's
/// `SSL_CTX_new` costs milliseconds): 3.14's `PROTOCOL_TLS_CLIENT`, 3.6's
/// `PROTOCOL_TLS` and 3.10's `PROTOCOL_TLS_SERVER`. Each input starts from
/// the list the previous ones left: one that works replaces it, and one
/// that fails for lack of a TLS 1.2 cipher still leaves only the TLS 1.3
/// suites (OpenSSL's behaviour, which CPython shows too).
fn cipher_contexts() -> &'static [SslContext; 3] {
    static CTX: OnceLock<[SslContext; 3]> = OnceLock::new();
    CTX.get_or_init(|| {
        let ctx = [
            SslContext::with_version(Protocol::TlsClient, PythonVersion::LATEST),
            SslContext::with_version(Protocol::Tls, PythonVersion::Py36),
            SslContext::with_version(Protocol::TlsServer, PythonVersion::Py310),
        ]
        .map(|c| c.expect("context"));
        pyssl::warnings::take_warnings();
        ctx
    })
}

fn cipher_string(s: &str, which: usize) {
    let ctx = &cipher_contexts()[which % 3];
    if let Err(e) = ctx.set_ciphers(s) {
        let _ = (e.python_type(), e.to_string());
    }
    // The list as it is now, after success and failure alike (CPython's
    // oracle records it after a failure too).
    for c in ctx.get_ciphers() {
        let _ = (c.name.len(), c.description.len());
    }
}

fn option_names(s: &str) {
    for v in [
        PythonVersion::Py36,
        PythonVersion::Py310,
        PythonVersion::LATEST,
    ] {
        for start in [Options::empty(), Options::all()] {
            if let Err(e) = start.apply_python_names(s, v) {
                let _ = (e.python_type(), e.to_string());
            }
        }
        if let Err(e) = Options::from_python_name(s, v) {
            let _ = e.to_string();
        }
    }
}

fn version_names(s: &str) {
    match TlsVersion::from_name(s) {
        Ok(v) => assert_eq!(v.name(), s),
        Err(e) => {
            let _ = (e.python_type(), e.to_string());
        }
    }
    if let Err(e) = Protocol::from_name(s) {
        let _ = e.to_string();
    }
}

fn python_version(s: &str) {
    match s.parse::<PythonVersion>() {
        Ok(v) => {
            // Display gives "3.x", which must parse back to the same release.
            let again: PythonVersion = v.to_string().parse().expect("Display parses back");
            assert_eq!(again, v);
        }
        Err(e) => {
            let _ = (e.python_type(), e.to_string());
        }
    }
}

fn hostname(s: &str, which: usize) {
    let ctx = &contexts()[which % 3];
    let (incoming, outgoing) = (
        MemoryBio::new().expect("MemoryBIO"),
        MemoryBio::new().expect("MemoryBIO"),
    );
    match ctx.wrap_bio(&incoming, &outgoing, false, Some(s), None) {
        Ok(mut obj) => {
            let _ = obj.server_hostname();
            // The ClientHello carries the name (SNI) when it is not an IP
            // address: let OpenSSL build it.
            match obj.do_handshake() {
                Ok(()) => panic!("a handshake cannot finish without a peer"),
                Err(e) => {
                    let _ = e.to_string();
                }
            }
            let _ = outgoing.read(None);
        }
        Err(e) => {
            let _ = (e.python_type(), e.to_string());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let which = usize::from(sel >> 4);
    match sel % 5 {
        0 => cipher_string(&text, which),
        1 => option_names(&text),
        2 => version_names(&text),
        3 => python_version(&text),
        _ => hostname(&text, which),
    }
    pyssl::warnings::take_warnings();
    common::release_thread_state();
});

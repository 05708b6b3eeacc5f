//! TLS over a plain `Read + Write` transport (`SslStream`): a pyssl client
//! over a `TcpStream` used only through `Read`/`Write`, against a pyssl
//! `SslSocket` server; data both ways, clean close, and a verification
//! failure with CPython's error.

mod common;

use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

use pyssl::{create_default_context, DefaultContext, Purpose, WrapOptions};

/// A transport that is only `Read + Write` (no descriptor).
struct Plain(TcpStream);

impl std::io::Read for Plain {
    fn read(&mut self, b: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(b)
    }
}

impl std::io::Write for Plain {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.write(b)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

fn certs(n: &str) -> std::path::PathBuf {
    common::root().join("certs").join(n)
}

fn server(cert: &'static str) -> (u16, thread::JoinHandle<()>) {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    let t = thread::spawn(move || {
        let ctx = create_default_context(Purpose::ClientAuth).expect("ctx");
        ctx.load_cert_chain(
            certs(&format!("{cert}.pem")),
            Some(&certs(&format!("{cert}.key"))),
            None,
        )
        .expect("cert");
        let (s, _) = l.accept().expect("accept");
        s.set_read_timeout(Some(Duration::from_secs(10))).ok();
        if let Ok(mut ss) = ctx.wrap_socket(s, WrapOptions::new().server_side(true)) {
            if let Ok(d) = ss.recv(100) {
                let _ = ss.sendall(&d.to_ascii_uppercase());
                let _ = ss.unwrap();
            }
        }
    });
    (port, t)
}

#[test]
fn data_and_clean_close_over_a_generic_transport() {
    let (port, t) = server("server");
    let s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let ctx = DefaultContext::new(Purpose::ServerAuth)
        .cafile(certs("ca.pem"))
        .build()
        .expect("ctx");
    let mut tls = ctx
        .wrap_stream(Plain(s), WrapOptions::new().server_hostname("localhost"))
        .expect("handshake");
    assert_eq!(tls.version().as_deref(), Some("TLSv1.3"));
    tls.sendall(b"hello").expect("send");
    assert_eq!(tls.read(100).expect("read"), b"HELLO");
    assert_eq!(tls.read(100).expect("read at close_notify"), b"");
    tls.unwrap().expect("unwrap");
    t.join().expect("server");
}

#[test]
fn verification_failure_is_cpythons_error() {
    let (port, t) = server("wrong-host");
    let s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let ctx = DefaultContext::new(Purpose::ServerAuth)
        .cafile(certs("ca.pem"))
        .build()
        .expect("ctx");
    let e = ctx
        .wrap_stream(Plain(s), WrapOptions::new().server_hostname("localhost"))
        .expect_err("mismatch");
    assert_eq!(e.python_type(), "SSLCertVerificationError");
    assert_eq!(e.verify_code(), Some(62));
    assert_eq!(
        e.to_string(),
        "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for 'localhost'."
    );
    t.join().expect("server");
}

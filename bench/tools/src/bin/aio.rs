//! `pyssl-aio-bench`: the servers and the one load client of `bench/asyncio.sh`.
//!
//! * `server IMPL PORT_FILE`: a single-threaded tokio TLS server on 127.0.0.1 (kernel
//!   port, written to PORT_FILE), ECDSA P-256 (`certs/server-ecdsa.*`), TLS 1.3, that reads
//!   every connection to its end and closes it (close_notify). IMPL is `pyssl`
//!   (`pyssl::asyncio::start_server`, CPython 3.14 semantics), `tokio-openssl` or
//!   `tokio-rustls` (ring). CPython's asyncio server is bench/py_aio_server.py, the same
//!   protocol. Runs until killed.
//! * `bulk PORT BYTES`: one connection that sends BYTES (64 KiB writes), closes and waits
//!   for the server's close; prints JSON with the seconds.
//! * `handshakes PORT N CONC`: N connections, CONC at a time: connect, full TLS 1.3
//!   handshake, close, wait for the server's close; prints JSON with the seconds.
//!
//! The client is the same for every server: tokio-openssl, verification on (`certs/ca.pem`,
//! name `localhost`), no session reuse. Loopback only; every loop is bounded by its count.

use std::pin::Pin;
use std::sync::Arc;
use std::time::Instant;

use openssl::ssl::{Ssl, SslAcceptor, SslConnector, SslFiletype, SslMethod, SslVersion};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

fn cert(name: &str) -> String {
    format!("{}/../../certs/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn die(msg: &str) -> ! {
    eprintln!("pyssl-aio-bench: {msg}");
    std::process::exit(2)
}

/// Reads a connection to its end, then closes it (close_notify and FIN).
async fn sink<S: AsyncRead + AsyncWrite + Unpin>(mut s: S) {
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        match s.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
    }
    let _ = s.shutdown().await;
}

/// Listens on a kernel port (written to `port_file`) and runs `handle` in its own task
/// for every connection, until killed.
async fn serve<F, Fut>(port_file: &str, handle: F)
where
    F: Fn(TcpStream) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let l = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = l.local_addr().expect("addr").port();
    std::fs::write(port_file, format!("{port}\n")).expect("port file");
    loop {
        let (tcp, _) = l.accept().await.expect("accept");
        let _ = tcp.set_nodelay(true);
        tokio::spawn(handle(tcp));
    }
}

async fn serve_pyssl(port_file: &str) {
    let ctx = pyssl::SslContext::new(pyssl::Protocol::TlsServer).expect("ctx");
    ctx.load_cert_chain(
        cert("server-ecdsa.pem"),
        Some(cert("server-ecdsa.key").as_ref()),
        None,
    )
    .expect("chain");
    ctx.set_minimum_version(pyssl::TlsVersion::TlsV1_3)
        .expect("min");
    serve(port_file, move |tcp| {
        let ctx = ctx.clone();
        async move {
            let opts = pyssl::asyncio::TlsOptions::default();
            if let Ok(s) = pyssl::asyncio::start_tls(tcp, &ctx, true, opts).await {
                sink(s).await;
            }
        }
    })
    .await
}

async fn serve_tokio_openssl(port_file: &str) {
    let mut b = SslAcceptor::mozilla_modern_v5(SslMethod::tls_server()).expect("acceptor");
    b.set_certificate_chain_file(cert("server-ecdsa.pem"))
        .expect("chain");
    b.set_private_key_file(cert("server-ecdsa.key"), SslFiletype::PEM)
        .expect("key");
    let acceptor = Arc::new(b.build());
    serve(port_file, move |tcp| {
        let acceptor = acceptor.clone();
        async move {
            let ssl = Ssl::new(acceptor.context()).expect("ssl");
            let mut s = tokio_openssl::SslStream::new(ssl, tcp).expect("stream");
            if Pin::new(&mut s).accept().await.is_ok() {
                sink(s).await;
            }
        }
    })
    .await
}

async fn serve_tokio_rustls(port_file: &str) {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let chain: Vec<CertificateDer<'static>> =
        CertificateDer::pem_file_iter(cert("server-ecdsa.pem"))
            .expect("chain")
            .collect::<Result<_, _>>()
            .expect("chain");
    let key = PrivateKeyDer::from_pem_file(cert("server-ecdsa.key")).expect("key");
    // ring: X25519 as OpenSSL 3.0 negotiates (aws-lc-rs would add ML-KEM, a heavier key
    // exchange, to the comparison); rustls deprecates it for lacking post-quantum groups.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13])
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("config");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    serve(port_file, move |tcp| {
        let acceptor = acceptor.clone();
        async move {
            if let Ok(s) = acceptor.accept(tcp).await {
                sink(s).await;
            }
        }
    })
    .await
}

fn connector() -> Arc<SslConnector> {
    let mut b = SslConnector::builder(SslMethod::tls_client()).expect("connector");
    b.set_ca_file(cert("ca.pem")).expect("ca");
    b.set_min_proto_version(Some(SslVersion::TLS1_3))
        .expect("min");
    Arc::new(b.build())
}

async fn connect(
    c: &SslConnector,
    port: u16,
) -> Result<tokio_openssl::SslStream<TcpStream>, Box<dyn std::error::Error + Send + Sync>> {
    let tcp = TcpStream::connect(("127.0.0.1", port)).await?;
    tcp.set_nodelay(true)?;
    let ssl = c.configure()?.into_ssl("localhost")?;
    let mut s = tokio_openssl::SslStream::new(ssl, tcp)?;
    Pin::new(&mut s).connect().await?;
    Ok(s)
}

/// Close and wait for the server's close (its close_notify, then EOF).
async fn close(mut s: tokio_openssl::SslStream<TcpStream>) {
    let _ = s.shutdown().await;
    let mut buf = [0u8; 1024];
    while let Ok(n) = s.read(&mut buf).await {
        if n == 0 {
            break;
        }
    }
}

async fn bulk(port: u16, bytes: u64) {
    let c = connector();
    let t = Instant::now();
    let mut s = connect(&c, port)
        .await
        .unwrap_or_else(|e| die(&format!("connect: {e}")));
    let chunk = vec![b'x'; 64 * 1024];
    let mut sent = 0u64;
    while sent < bytes {
        let n = (bytes - sent).min(chunk.len() as u64) as usize;
        s.write_all(&chunk[..n])
            .await
            .unwrap_or_else(|e| die(&format!("write: {e}")));
        sent += n as u64;
    }
    close(s).await;
    println!(
        "{{\"bytes\": {sent}, \"seconds\": {:.4}}}",
        t.elapsed().as_secs_f64()
    );
}

async fn handshakes(port: u16, n: u64, conc: u64) {
    let c = connector();
    let next = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let done = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let t = Instant::now();
    let mut tasks = vec![];
    for _ in 0..conc {
        let (c, next, done) = (c.clone(), next.clone(), done.clone());
        tasks.push(tokio::spawn(async move {
            while next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < n {
                match connect(&c, port).await {
                    Ok(s) => {
                        close(s).await;
                        done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    Err(e) => die(&format!("handshake: {e}")),
                }
            }
        }));
    }
    for t in tasks {
        t.await.expect("task");
    }
    println!(
        "{{\"handshakes\": {}, \"seconds\": {:.4}}}",
        done.load(std::sync::atomic::Ordering::Relaxed),
        t.elapsed().as_secs_f64()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let num = |i: usize| -> u64 {
        args.get(i)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| die("bad or missing number"))
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    match args.first().map(String::as_str) {
        Some("server") => {
            let port_file = args.get(2).unwrap_or_else(|| die("server IMPL PORT_FILE"));
            match args.get(1).map(String::as_str) {
                Some("pyssl") => rt.block_on(serve_pyssl(port_file)),
                Some("tokio-openssl") => rt.block_on(serve_tokio_openssl(port_file)),
                Some("tokio-rustls") => rt.block_on(serve_tokio_rustls(port_file)),
                _ => die("server IMPL: pyssl, tokio-openssl or tokio-rustls"),
            }
        }
        Some("bulk") => rt.block_on(bulk(num(1) as u16, num(2))),
        Some("handshakes") => rt.block_on(handshakes(num(1) as u16, num(2), num(3))),
        _ => die("usage: server IMPL PORT_FILE | bulk PORT BYTES | handshakes PORT N CONC"),
    }
}

//! The memory-BIO path under asyncio (`pyssl::asyncio`): pyssl's `SslObject` + two
//! `MemoryBio`s next to the raw `openssl` crate's `SslStream` over an in-memory duplex, in
//! one process, with the same P-256 certificate, TLS 1.3 and the same cipher:
//!
//! * bulk: 16 KiB application writes, server to client, each read out on the client;
//! * handshake: a full TLS 1.3 handshake, client and server together.
//!
//! `cargo bench --bench memory_bio`; BENCHMARKS.md reports the ratios.

use std::cell::RefCell;
use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::rc::Rc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use openssl::ssl::{self as ossl, SslFiletype, SslMethod, SslVerifyMode, SslVersion};
use pyssl::{ErrorKind, MemoryBio, Protocol, PythonVersion, SslContext, SslObject, TlsVersion};

const CHUNK: usize = 16 * 1024;
const CIPHER: &str = "TLS_AES_256_GCM_SHA384";

fn cert(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("certs")
        .join(name)
}

// ---------------------------------------------------------------------------
// pyssl: SslObject + MemoryBio
// ---------------------------------------------------------------------------

struct PysslPair {
    c_in: MemoryBio,
    c_out: MemoryBio,
    s_in: MemoryBio,
    s_out: MemoryBio,
    client: SslObject,
    server: SslObject,
    wire: Vec<u8>,
}

fn pyssl_contexts() -> (SslContext, SslContext) {
    let v = PythonVersion::LATEST;
    let client = SslContext::with_version(Protocol::TlsClient, v).unwrap();
    client
        .load_verify_locations(Some(&cert("ca.pem")), None, None)
        .unwrap();
    client.set_minimum_version(TlsVersion::TlsV1_3).unwrap();
    let server = SslContext::with_version(Protocol::TlsServer, v).unwrap();
    server
        .load_cert_chain(
            cert("server-ecdsa.pem"),
            Some(&cert("server-ecdsa.key")),
            None,
        )
        .unwrap();
    (client, server)
}

impl PysslPair {
    fn new(client: &SslContext, server: &SslContext) -> PysslPair {
        let bio = || MemoryBio::new().unwrap();
        let (c_in, c_out, s_in, s_out) = (bio(), bio(), bio(), bio());
        let client = client
            .wrap_bio(&c_in, &c_out, false, Some("localhost"), None)
            .unwrap();
        let server = server.wrap_bio(&s_in, &s_out, true, None, None).unwrap();
        PysslPair {
            c_in,
            c_out,
            s_in,
            s_out,
            client,
            server,
            wire: vec![0; 64 * 1024],
        }
    }

    /// Moves every pending byte both ways, as an event loop would, through one buffer.
    fn pump(&mut self) -> usize {
        let mut moved = 0;
        loop {
            let n = self.c_out.read_into(&mut self.wire);
            if n == 0 {
                break;
            }
            self.s_in.write(&self.wire[..n]).unwrap();
            moved += n;
        }
        loop {
            let n = self.s_out.read_into(&mut self.wire);
            if n == 0 {
                break;
            }
            self.c_in.write(&self.wire[..n]).unwrap();
            moved += n;
        }
        moved
    }

    fn handshake(&mut self) {
        let (mut c_done, mut s_done) = (false, false);
        for _ in 0..30 {
            if !c_done {
                match self.client.do_handshake() {
                    Ok(()) => c_done = true,
                    Err(e) if e.kind() == ErrorKind::WantRead => {}
                    Err(e) => panic!("client: {e}"),
                }
            }
            self.pump();
            if !s_done {
                match self.server.do_handshake() {
                    Ok(()) => s_done = true,
                    Err(e) if e.kind() == ErrorKind::WantRead => {}
                    Err(e) => panic!("server: {e}"),
                }
            }
            if self.pump() == 0 && c_done && s_done {
                return;
            }
        }
        panic!("handshake did not finish");
    }

    fn bulk_chunk(&mut self, data: &[u8], buf: &mut [u8]) {
        assert_eq!(self.server.write(data).unwrap(), data.len());
        self.pump();
        let mut got = 0;
        while got < data.len() {
            got += self.client.read_into(buf).unwrap();
        }
    }
}

// ---------------------------------------------------------------------------
// The raw openssl crate: SslStream over an in-memory duplex
// ---------------------------------------------------------------------------

/// A byte queue: a buffer and a read position (memcpy in, memcpy out).
#[derive(Clone, Default)]
struct Pipe(Rc<RefCell<(Vec<u8>, usize)>>);

/// One end of an in-memory duplex: reads `rx`, writes `tx`; an empty `rx` is WouldBlock.
struct End {
    rx: Pipe,
    tx: Pipe,
}

impl Read for End {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut q = self.rx.0.borrow_mut();
        let (data, pos) = &mut *q;
        if *pos == data.len() {
            return Err(io::ErrorKind::WouldBlock.into());
        }
        let n = buf.len().min(data.len() - *pos);
        buf[..n].copy_from_slice(&data[*pos..*pos + n]);
        *pos += n;
        if *pos == data.len() {
            data.clear();
            *pos = 0;
        }
        Ok(n)
    }
}

impl Write for End {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.tx.0.borrow_mut().0.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn raw_contexts() -> (ossl::SslContext, ossl::SslContext) {
    let mut c = ossl::SslContext::builder(SslMethod::tls_client()).unwrap();
    c.set_ca_file(cert("ca.pem")).unwrap();
    c.set_verify(SslVerifyMode::PEER);
    c.set_min_proto_version(Some(SslVersion::TLS1_3)).unwrap();
    let mut s = ossl::SslContext::builder(SslMethod::tls_server()).unwrap();
    s.set_certificate_chain_file(cert("server-ecdsa.pem"))
        .unwrap();
    s.set_private_key_file(cert("server-ecdsa.key"), SslFiletype::PEM)
        .unwrap();
    (c.build(), s.build())
}

struct RawPair {
    client: ossl::SslStream<End>,
    server: ossl::SslStream<End>,
}

impl RawPair {
    fn new(client: &ossl::SslContext, server: &ossl::SslContext) -> RawPair {
        let (a, b) = (Pipe::default(), Pipe::default());
        let mut cs = ossl::Ssl::new(client).unwrap();
        cs.set_hostname("localhost").unwrap();
        cs.param_mut().set_host("localhost").unwrap();
        cs.set_connect_state();
        let mut ss = ossl::Ssl::new(server).unwrap();
        ss.set_accept_state();
        RawPair {
            client: ossl::SslStream::new(
                cs,
                End {
                    rx: a.clone(),
                    tx: b.clone(),
                },
            )
            .unwrap(),
            server: ossl::SslStream::new(ss, End { rx: b, tx: a }).unwrap(),
        }
    }

    fn handshake(&mut self) {
        let (mut c_done, mut s_done) = (false, false);
        for _ in 0..30 {
            if !c_done {
                match self.client.do_handshake() {
                    Ok(()) => c_done = true,
                    Err(e) if e.code() == ossl::ErrorCode::WANT_READ => {}
                    Err(e) => panic!("client: {e}"),
                }
            }
            if !s_done {
                match self.server.do_handshake() {
                    Ok(()) => s_done = true,
                    Err(e) if e.code() == ossl::ErrorCode::WANT_READ => {}
                    Err(e) => panic!("server: {e}"),
                }
            }
            if c_done && s_done {
                return;
            }
        }
        panic!("handshake did not finish");
    }

    fn bulk_chunk(&mut self, data: &[u8], buf: &mut [u8]) {
        assert_eq!(self.server.ssl_write(data).unwrap(), data.len());
        let mut got = 0;
        while got < data.len() {
            got += self.client.ssl_read(buf).unwrap();
        }
    }
}

fn bench(c: &mut Criterion) {
    let (pc, ps) = pyssl_contexts();
    let (rc, rs) = raw_contexts();
    let data = vec![b'x'; CHUNK];
    let mut buf = vec![0u8; CHUNK];

    let mut g = c.benchmark_group("memory BIO: bulk 16 KiB server to client");
    g.warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .throughput(Throughput::Bytes(CHUNK as u64));
    let mut p = PysslPair::new(&pc, &ps);
    p.handshake();
    assert_eq!(
        p.client.cipher().map(|c| c.0),
        Some(CIPHER.to_owned()),
        "pyssl cipher"
    );
    g.bench_function("pyssl SslObject + MemoryBio", |b| {
        b.iter(|| p.bulk_chunk(&data, &mut buf))
    });
    let mut r = RawPair::new(&rc, &rs);
    r.handshake();
    assert_eq!(
        r.client
            .ssl()
            .current_cipher()
            .map(|c| c.standard_name().unwrap_or("")),
        Some(CIPHER),
        "raw cipher"
    );
    g.bench_function("openssl SslStream over a duplex", |b| {
        b.iter(|| r.bulk_chunk(&data, &mut buf))
    });
    g.finish();

    let mut g = c.benchmark_group("memory BIO: full TLS 1.3 handshake, ECDSA P-256");
    g.warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(30);
    g.bench_function("pyssl SslObject + MemoryBio", |b| {
        b.iter(|| {
            let mut p = PysslPair::new(&pc, &ps);
            p.handshake();
            p
        })
    });
    g.bench_function("openssl SslStream over a duplex", |b| {
        b.iter(|| {
            let mut r = RawPair::new(&rc, &rs);
            r.handshake();
            r
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

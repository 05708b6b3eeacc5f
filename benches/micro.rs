//! In-process micro-benchmarks: context creation, `get_ciphers`,
//! `decode_cert`, and whole TLS handshakes between two `SslObject`s over
//! `MemoryBio` pairs (no sockets, no threads: the handshake's CPU cost alone,
//! client and server together).
//!
//! `cargo bench --bench micro` runs in about a minute; the whole-process
//! figures (servers, bulk, start-up, memory) are `bench/run.sh`'s.

use std::path::PathBuf;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, SamplingMode};
use pyssl::{
    MemoryBio, Protocol, Purpose, PythonVersion, SslContext, SslObject, SslSession, TlsVersion,
};

fn cert(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("certs")
        .join(name)
}

fn short(g: &mut BenchmarkGroup<'_, WallTime>) {
    g.warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20);
}

fn contexts(c: &mut Criterion) {
    let mut g = c.benchmark_group("context");
    short(&mut g);
    // ~20 ms a call while the system trust store is parsed per context: flat
    // sampling keeps this inside the time budget.
    g.sampling_mode(SamplingMode::Flat).sample_size(10);
    g.bench_function("create_default_context(SERVER_AUTH) system store", |b| {
        b.iter(|| pyssl::create_default_context(Purpose::ServerAuth).unwrap())
    });
    g.sampling_mode(SamplingMode::Auto).sample_size(20);
    g.bench_function("SSLContext(PROTOCOL_TLS_CLIENT) no CAs", |b| {
        b.iter(|| SslContext::with_version(Protocol::TlsClient, PythonVersion::LATEST).unwrap())
    });
    g.bench_function("SSLContext(PROTOCOL_TLS_SERVER)+load_cert_chain RSA", |b| {
        b.iter(|| {
            let ctx = SslContext::with_version(Protocol::TlsServer, PythonVersion::LATEST).unwrap();
            ctx.load_cert_chain(cert("server.pem"), Some(&cert("server.key")), None)
                .unwrap();
            ctx
        })
    });
    g.finish();
}

fn ciphers_and_certs(c: &mut Criterion) {
    let mut g = c.benchmark_group("functions");
    short(&mut g);
    let ctx = SslContext::with_version(Protocol::TlsClient, PythonVersion::LATEST).unwrap();
    g.bench_function("get_ciphers", |b| b.iter(|| ctx.get_ciphers()));
    let path = cert("server.pem");
    g.bench_function("decode_cert server.pem", |b| {
        b.iter(|| pyssl::functions::decode_cert(&path).unwrap())
    });
    let path = cert("server-ecdsa.pem");
    g.bench_function("decode_cert server-ecdsa.pem", |b| {
        b.iter(|| pyssl::functions::decode_cert(&path).unwrap())
    });
    g.finish();
}

/// A client and a server `SslObject`, each with its own pair of BIOs.
struct Pair {
    c_in: MemoryBio,
    c_out: MemoryBio,
    s_in: MemoryBio,
    s_out: MemoryBio,
    client: SslObject,
    server: SslObject,
}

impl Pair {
    fn new(client: &SslContext, server: &SslContext, session: Option<&SslSession>) -> Pair {
        let bio = || MemoryBio::new().unwrap();
        let (c_in, c_out, s_in, s_out) = (bio(), bio(), bio(), bio());
        let client = client
            .wrap_bio(&c_in, &c_out, false, Some("localhost"), session)
            .unwrap();
        let server = server.wrap_bio(&s_in, &s_out, true, None, None).unwrap();
        Pair {
            c_in,
            c_out,
            s_in,
            s_out,
            client,
            server,
        }
    }

    fn flush(&self) -> usize {
        let a = self.c_out.read(None);
        let b = self.s_out.read(None);
        if !a.is_empty() {
            self.s_in.write(&a).unwrap();
        }
        if !b.is_empty() {
            self.c_in.write(&b).unwrap();
        }
        a.len() + b.len()
    }

    /// Drives both sides to the end of the handshake; panics on failure.
    fn handshake(&mut self) {
        let (mut c_done, mut s_done) = (false, false);
        for _ in 0..30 {
            if !c_done {
                match self.client.do_handshake() {
                    Ok(()) => c_done = true,
                    Err(e) if e.kind() == pyssl::ErrorKind::WantRead => {}
                    Err(e) => panic!("client: {e}"),
                }
            }
            self.flush();
            if !s_done {
                match self.server.do_handshake() {
                    Ok(()) => s_done = true,
                    Err(e) if e.kind() == pyssl::ErrorKind::WantRead => {}
                    Err(e) => panic!("server: {e}"),
                }
            }
            let moved = self.flush();
            if c_done && s_done && moved == 0 {
                return;
            }
        }
        panic!("handshake did not finish");
    }

    /// TLS 1.3 tickets arrive after the handshake: the client reads them
    /// (a read that finds no data) before it asks for its session.
    fn client_session(&mut self) -> SslSession {
        self.flush();
        let _ = self.client.read(1);
        self.client.session().expect("a session")
    }
}

fn handshake_contexts(key: &str, version: TlsVersion) -> (SslContext, SslContext) {
    let v = PythonVersion::LATEST;
    let client = SslContext::with_version(Protocol::TlsClient, v).unwrap();
    client
        .load_verify_locations(Some(&cert("ca.pem")), None, None)
        .unwrap();
    client.set_minimum_version(version).unwrap();
    client.set_maximum_version(version).unwrap();
    let server = SslContext::with_version(Protocol::TlsServer, v).unwrap();
    server
        .load_cert_chain(
            cert(&format!("{key}.pem")),
            Some(&cert(&format!("{key}.key"))),
            None,
        )
        .unwrap();
    (client, server)
}

fn handshakes(c: &mut Criterion) {
    let mut g = c.benchmark_group("handshake (client+server, MemoryBio)");
    short(&mut g);
    for (key, label) in [("server", "RSA-2048"), ("server-ecdsa", "ECDSA P-256")] {
        for (version, vname) in [
            (TlsVersion::TlsV1_3, "TLS 1.3"),
            (TlsVersion::TlsV1_2, "TLS 1.2"),
        ] {
            let (client, server) = handshake_contexts(key, version);
            g.bench_function(format!("full {vname} {label}"), |b| {
                b.iter(|| {
                    let mut p = Pair::new(&client, &server, None);
                    p.handshake();
                    p
                })
            });
            // A TLS 1.3 ticket resumes once (OpenSSL's client does not offer
            // it again): like `pyssl-client --reuse`, each connection offers
            // the session of the previous one.
            let mut session = {
                let mut p = Pair::new(&client, &server, None);
                p.handshake();
                p.client_session()
            };
            g.bench_function(format!("resumed {vname} {label}"), |b| {
                b.iter(|| {
                    let mut p = Pair::new(&client, &server, Some(&session));
                    p.handshake();
                    assert!(p.client.session_reused());
                    session = p.client_session();
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, contexts, ciphers_and_certs, handshakes);
criterion_main!(benches);

//! Soundness under threads: the public API driven from many threads at once,
//! the way a server that reconfigures itself while serving does.
//!
//! Each test is a regression test of a race that was reachable from safe
//! code (see SECURITY.md, "Threads"): a setter freeing context state that a
//! running handshake reads, two threads answering the shared lazy trust
//! store's lookup for one subject, and crossed memory BIOs locked in
//! opposite orders. Crashes show as a failed test (a signal); use-after-free
//! that does not crash shows under valgrind (`tools/stress.sh`).
//!
//! The work done is bounded by counts, and every wait by a deadline.
//! `PYSSL_STRESS_SECS` stretches the setter test for the long form.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use pyssl::{
    CaData, DefaultContext, ErrorKind, MemoryBio, Protocol, Purpose, SslContext, SslObject,
    TlsVersion, VerifyFlags, WrapOptions,
};

fn cert(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("certs")
        .join(name)
}

/// `d`, stretched for slow runs: under valgrind everything runs 20-100
/// times slower (tools/stress.sh sets `PYSSL_STRESS_LIMIT_SCALE`).
fn scaled(d: Duration) -> Duration {
    let scale = std::env::var("PYSSL_STRESS_LIMIT_SCALE")
        .ok()
        .and_then(|s| s.parse::<u32>().ok())
        .unwrap_or(1);
    d * scale
}

/// Runs `f` on a thread and fails the test if it has not finished within
/// `limit` (a deadlock shows as this failure, not as a hung test run).
fn within<T: Send + 'static>(
    limit: Duration,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let limit = scaled(limit);
    let (tx, rx) = mpsc::channel();
    let t = thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(limit) {
        Ok(v) => v,
        // `f` panicked: pass its panic on.
        Err(mpsc::RecvTimeoutError::Disconnected) => match t.join() {
            Err(p) => std::panic::resume_unwind(p),
            Ok(()) => unreachable!("the sender is only dropped after sending or panicking"),
        },
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{what}: not finished after {limit:?} (deadlock?)")
        }
    }
}

fn server_context() -> SslContext {
    let ctx = SslContext::new(Protocol::TlsServer).unwrap();
    ctx.load_cert_chain(cert("server.pem"), Some(&cert("server.key")), None)
        .unwrap();
    ctx
}

fn client_context() -> SslContext {
    let ctx = SslContext::new(Protocol::TlsClient).unwrap();
    ctx.load_verify_locations(Some(&cert("ca.pem")), None, None)
        .unwrap();
    ctx
}

/// Moves everything pending from `from` to `to`.
fn pump(from: &MemoryBio, to: &MemoryBio) {
    let data = from.read(None);
    if !data.is_empty() {
        to.write(&data).unwrap();
    }
}

/// One handshake between two `SslObject`s in this thread, over memory.
/// Returns the client's result.
fn memory_handshake(cctx: &SslContext, sctx: &SslContext) -> pyssl::Result<()> {
    let (c_in, c_out, s_in, s_out) = (
        MemoryBio::new()?,
        MemoryBio::new()?,
        MemoryBio::new()?,
        MemoryBio::new()?,
    );
    let mut client = cctx.wrap_bio(&c_in, &c_out, false, Some("localhost"), None)?;
    let mut server = sctx.wrap_bio(&s_in, &s_out, true, None, None)?;
    drive(&mut client, &mut server, &c_in, &c_out, &s_in, &s_out)
}

fn drive(
    client: &mut SslObject,
    server: &mut SslObject,
    c_in: &MemoryBio,
    c_out: &MemoryBio,
    s_in: &MemoryBio,
    s_out: &MemoryBio,
) -> pyssl::Result<()> {
    let (mut c_done, mut s_done) = (false, false);
    for _ in 0..50 {
        if !c_done {
            match client.do_handshake() {
                Ok(()) => c_done = true,
                Err(e) if e.kind() == ErrorKind::WantRead => {}
                Err(e) => return Err(e),
            }
        }
        pump(c_out, s_in);
        if !s_done {
            match server.do_handshake() {
                Ok(()) => s_done = true,
                Err(e) if e.kind() == ErrorKind::WantRead => {}
                Err(e) => {
                    // The client learns of it from the alert.
                    pump(s_out, c_in);
                    return client.do_handshake().and(Err(e));
                }
            }
        }
        pump(s_out, c_in);
        if c_done && s_done {
            // The client reads the server's tickets (TLS 1.3).
            let _ = client.read(1);
            return Ok(());
        }
    }
    panic!("handshake did not finish in 50 rounds");
}

/// How long the setter test runs: short in `cargo test`, longer for the
/// script's long form.
fn stress_time() -> Duration {
    let secs = std::env::var("PYSSL_STRESS_SECS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(2.0);
    Duration::from_secs_f64(secs)
}

/// Every setter, round and round, on the two contexts that the handshake
/// threads share. Each value it sets leaves a handshake that still succeeds
/// (the PSK callbacks run, but offer and accept no key).
fn mutate(i: usize, cctx: &SslContext, sctx: &SslContext, keylog: &std::path::Path) {
    let ciphers = ["HIGH:!aNULL", "ECDHE+AESGCM:ECDHE+CHACHA20", "DEFAULT"];
    sctx.set_ciphers(ciphers[i % 3]).unwrap();
    cctx.set_ciphers(ciphers[(i + 1) % 3]).unwrap();
    cctx.load_verify_locations(Some(&cert("ca.pem")), None, None)
        .unwrap();
    if i % 4 == 0 {
        // A fresh CA directory: capath adds a lookup to the store.
        cctx.load_verify_locations(None, Some(&cert("")), None)
            .unwrap();
    }
    let ca_pem = std::fs::read_to_string(cert("ca.pem")).unwrap();
    cctx.load_verify_locations(None, None, Some(CaData::Pem(&ca_pem)))
        .unwrap();
    let alpn: &[&str] = if i % 2 == 0 { &["h2", "http/1.1"] } else { &[] };
    sctx.set_alpn_protocols(alpn).unwrap();
    cctx.set_alpn_protocols(&["http/1.1"]).unwrap();
    let v = if i % 2 == 0 {
        TlsVersion::TlsV1_2
    } else {
        TlsVersion::TlsV1_3
    };
    cctx.set_minimum_version(v).unwrap();
    sctx.set_minimum_version(TlsVersion::TlsV1_2).unwrap();
    let sni: Option<Arc<pyssl::SniCallback>> = if i % 3 == 1 {
        None
    } else {
        Some(Arc::new(|_conn, _name, _ctx| Ok(None)))
    };
    sctx.set_sni_callback(sni).unwrap();
    let psk_c: Option<Arc<pyssl::context::PskClientCallback>> = if i % 2 == 0 {
        Some(Arc::new(|_hint| Ok((None, Vec::new()))))
    } else {
        None
    };
    cctx.set_psk_client_callback(psk_c).unwrap();
    let psk_s: Option<Arc<pyssl::context::PskServerCallback>> = if i % 3 == 0 {
        None
    } else {
        Some(Arc::new(|_id| Ok(Vec::new())))
    };
    sctx.set_psk_server_callback(psk_s, Some("hint")).unwrap();
    sctx.set_options(sctx.options() ^ pyssl::Options::NO_TICKET);
    let f = cctx.verify_flags() ^ VerifyFlags::X509_STRICT;
    cctx.set_verify_flags(f).unwrap();
    sctx.load_cert_chain(cert("server.pem"), Some(&cert("server.key")), None)
        .unwrap();
    sctx.set_ecdh_curve(if i % 2 == 0 {
        "prime256v1"
    } else {
        "secp384r1"
    })
    .unwrap();
    sctx.set_num_tickets((i % 3) as i64).unwrap();
    let path = if i % 2 == 0 { Some(keylog) } else { None };
    sctx.set_keylog_filename(path).unwrap();
    // The heavy setters (the whole system bundle parsed; DH parameters
    // checked) once in ten rounds, so that slow runs (valgrind) still make
    // many rounds.
    if i % 10 == 5 {
        cctx.set_default_verify_paths().unwrap();
        let _ = cctx.cert_store_stats();
        let _ = cctx.get_ca_certs();
    }
    cctx.set_verify_mode(if i % 2 == 0 {
        pyssl::VerifyMode::CertOptional
    } else {
        pyssl::VerifyMode::CertRequired
    })
    .unwrap();
    cctx.set_hostname_checks_common_name(i % 2 == 0).unwrap();
    cctx.set_post_handshake_auth(i % 2 == 0);
    sctx.set_post_handshake_auth(i % 3 == 0);
    if i % 10 == 7 {
        sctx.load_dh_params(cert("dh2048.pem")).unwrap();
    }
    let _ = sctx.get_ciphers();
    let _ = sctx.session_stats();
}

/// Threads doing handshakes (memory BIOs and loopback sockets) on shared
/// contexts while another thread keeps calling every setter.
#[test]
fn setters_while_handshakes_run() {
    let limit = stress_time() + Duration::from_secs(120);
    within(limit, "setters while handshakes run", || {
        let cctx = client_context();
        let sctx = server_context();
        let stop = Arc::new(AtomicBool::new(false));
        let done = Arc::new(AtomicUsize::new(0));
        let mut workers = Vec::new();
        for _ in 0..3 {
            let (cctx, sctx, stop, done) = (cctx.clone(), sctx.clone(), stop.clone(), done.clone());
            workers.push(thread::spawn(move || {
                for n in 0..100_000 {
                    if stop.load(Ordering::Relaxed) && n > 0 {
                        break;
                    }
                    if let Err(e) = memory_handshake(&cctx, &sctx) {
                        panic!("memory handshake {n} failed: {e}");
                    }
                    done.fetch_add(1, Ordering::Relaxed);
                }
            }));
        }
        // Loopback sockets: a server thread and a client thread.
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        // The server side's failures, shown when the client's handshake fails
        // (a server that gives up resets the client's connection).
        let server_errors = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
        // Set once the client thread has ended: the next connection is the wake-up below.
        // (Checking `stop` here instead dropped, unserved, a connection the client made just
        // before `stop` was set: its handshake was reset, seen 2 times in ~86 runs.)
        let client_done = Arc::new(AtomicBool::new(false));
        let sock_server = {
            let (sctx, done_flag, errors) =
                (sctx.clone(), client_done.clone(), server_errors.clone());
            thread::spawn(move || {
                for stream in listener.incoming() {
                    let stream = stream.unwrap();
                    if done_flag.load(Ordering::SeqCst) {
                        break;
                    }
                    let opts = WrapOptions::new()
                        .server_side(true)
                        .timeout(Some(scaled(Duration::from_secs(10))));
                    match sctx.wrap_socket(stream, opts) {
                        Ok(mut s) => {
                            let _ = s.sendall(b"hi");
                            let _ = s.unwrap();
                        }
                        Err(e) => errors
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .push(format!("{}: {e}", e.python_type())),
                    }
                }
            })
        };
        let sock_client = {
            let (cctx, stop, done) = (cctx.clone(), stop.clone(), done.clone());
            let server_errors = server_errors.clone();
            thread::spawn(move || {
                for n in 0..100_000 {
                    if stop.load(Ordering::Relaxed) && n > 0 {
                        break;
                    }
                    let tcp = TcpStream::connect(addr).unwrap();
                    let opts = WrapOptions::new()
                        .server_hostname("localhost")
                        .timeout(Some(scaled(Duration::from_secs(10))));
                    let mut s = cctx.wrap_socket(tcp, opts).unwrap_or_else(|e| {
                        thread::sleep(Duration::from_millis(200));
                        let theirs = server_errors.lock().unwrap_or_else(|p| p.into_inner());
                        panic!("socket handshake {n} failed: {e}; server side: {theirs:?}")
                    });
                    assert_eq!(s.recv(2).unwrap(), b"hi");
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        };
        let keylog =
            std::env::temp_dir().join(format!("pyssl-stress-{}.keylog", std::process::id()));
        let start = Instant::now();
        let mut rounds = 0;
        while start.elapsed() < stress_time() {
            mutate(rounds, &cctx, &sctx, &keylog);
            rounds += 1;
        }
        stop.store(true, Ordering::Relaxed);
        for w in workers {
            w.join().unwrap();
        }
        sock_client.join().unwrap();
        // Wake the accept loop so it sees `client_done`.
        client_done.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(addr);
        sock_server.join().unwrap();
        let _ = std::fs::remove_file(&keylog);
        let handshakes = done.load(Ordering::Relaxed);
        eprintln!("stress: {rounds} setter rounds, {handshakes} handshakes, 5 threads");
        assert!(rounds > 0 && handshakes > 0);
    });
}

/// Two `SslObject`s wired to each other's BIOs (one's incoming is the
/// other's outgoing), each driven by its own thread.
#[test]
fn crossed_bios_from_two_threads_do_not_deadlock() {
    within(Duration::from_secs(60), "crossed BIOs", || {
        let cctx = client_context();
        let sctx = server_context();
        for _ in 0..20 {
            let a = MemoryBio::new().unwrap();
            let b = MemoryBio::new().unwrap();
            // Client reads a, writes b; server reads b, writes a.
            let mut client = cctx
                .wrap_bio(&a, &b, false, Some("localhost"), None)
                .unwrap();
            let mut server = sctx.wrap_bio(&b, &a, true, None, None).unwrap();
            let go = Arc::new(Barrier::new(2));
            let g2 = go.clone();
            let t = thread::spawn(move || {
                g2.wait();
                handshake_until_done(&mut server, "server")
            });
            go.wait();
            let ok = handshake_until_done(&mut client, "client");
            assert!(ok && t.join().unwrap(), "both sides finish the handshake");
        }
    });
}

/// Drives one side of a handshake whose peer runs on another thread: retries
/// on `SSLWantReadError` (with a short sleep, so a busy peer gets the CPU)
/// until done, for at most 20 s (stretched under valgrind).
fn handshake_until_done(obj: &mut SslObject, side: &str) -> bool {
    let deadline = Instant::now() + scaled(Duration::from_secs(20));
    while Instant::now() < deadline {
        match obj.do_handshake() {
            Ok(()) => return true,
            Err(e) if e.kind() == ErrorKind::WantRead => thread::sleep(Duration::from_micros(50)),
            Err(e) => panic!("{side}: {e}"),
        }
    }
    false
}

/// `wrap_bio(x, y)` and `wrap_bio(y, x)` at the same time.
#[test]
fn wrap_bio_in_both_orders_from_two_threads() {
    within(Duration::from_secs(60), "wrap_bio orders", || {
        let ctx = client_context();
        let x = MemoryBio::new().unwrap();
        let y = MemoryBio::new().unwrap();
        let go = Arc::new(Barrier::new(2));
        let t = {
            let (ctx, x, y, go) = (ctx.clone(), x.clone(), y.clone(), go.clone());
            thread::spawn(move || {
                go.wait();
                for _ in 0..2_000 {
                    drop(ctx.wrap_bio(&x, &y, false, None, None).unwrap());
                }
            })
        };
        go.wait();
        for _ in 0..2_000 {
            drop(ctx.wrap_bio(&y, &x, false, None, None).unwrap());
        }
        t.join().unwrap();
    });
}

/// The system CA bundle's certificates, if the machine has one.
fn system_roots() -> Option<Vec<openssl::x509::X509>> {
    let paths = pyssl::functions::get_default_verify_paths();
    let file = paths.cafile.unwrap_or(paths.openssl_cafile);
    let pem = std::fs::read(file).ok()?;
    openssl::x509::X509::stack_from_pem(&pem).ok()
}

/// A leaf certificate for `localhost` whose issuer name is `issuer`'s
/// subject, signed by a key of its own (so verification looks the issuer
/// up in the trust store, then fails).
fn forged_leaf(issuer: &openssl::x509::X509Ref) -> (Vec<u8>, Vec<u8>) {
    use openssl::ec::{EcGroup, EcKey};
    use openssl::hash::MessageDigest;
    use openssl::nid::Nid;
    use openssl::pkey::PKey;
    use openssl::x509::{X509Builder, X509NameBuilder};
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
    let key = PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap();
    let mut name = X509NameBuilder::new().unwrap();
    name.append_entry_by_text("CN", "localhost").unwrap();
    let name = name.build();
    let mut b = X509Builder::new().unwrap();
    b.set_version(2).unwrap();
    b.set_subject_name(&name).unwrap();
    b.set_issuer_name(issuer.subject_name()).unwrap();
    b.set_pubkey(&key).unwrap();
    b.set_not_before(&openssl::asn1::Asn1Time::days_from_now(0).unwrap())
        .unwrap();
    b.set_not_after(&openssl::asn1::Asn1Time::days_from_now(30).unwrap())
        .unwrap();
    b.sign(&key, MessageDigest::sha256()).unwrap();
    (
        b.build().to_pem().unwrap(),
        key.private_key_to_pem_pkcs8().unwrap(),
    )
}

/// Several threads verify, at the same moment, leaves whose issuer is a
/// system root that no one has asked the lazy store for yet.
#[test]
fn lazy_store_same_subject_from_many_threads() {
    let Some(roots) = system_roots() else {
        eprintln!("SKIPPED lazy_store_same_subject_from_many_threads: no system CA bundle");
        return;
    };
    let rounds: usize = std::env::var("PYSSL_STRESS_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(12);
    const THREADS: usize = 8;
    within(Duration::from_secs(300), "lazy store", move || {
        let dir = std::env::temp_dir().join(format!("pyssl-forged-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let client = DefaultContext::new(Purpose::ServerAuth).build().unwrap();
        for (r, root) in roots.iter().take(rounds).enumerate() {
            let (leaf, key) = forged_leaf(root);
            let (lp, kp) = (dir.join(format!("{r}.pem")), dir.join(format!("{r}.key")));
            std::fs::write(&lp, leaf).unwrap();
            std::fs::write(&kp, key).unwrap();
            let server = SslContext::new(Protocol::TlsServer).unwrap();
            server.load_cert_chain(&lp, Some(&kp), None).unwrap();
            let go = Arc::new(Barrier::new(THREADS));
            let threads: Vec<_> = (0..THREADS)
                .map(|_| {
                    let (client, server, go) = (client.clone(), server.clone(), go.clone());
                    thread::spawn(move || {
                        go.wait();
                        memory_handshake(&client, &server)
                    })
                })
                .collect();
            for t in threads {
                let e = t
                    .join()
                    .unwrap()
                    .expect_err("a forged leaf does not verify");
                assert_eq!(e.kind(), ErrorKind::CertVerification, "{e}");
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    });
}

/// The setter rounds of the stress test, one thread: every configuration
/// they pass through still gives a successful handshake, so a failure in
/// the threaded test is a race, not a setting.
#[test]
fn every_setter_round_leaves_a_working_configuration() {
    let cctx = client_context();
    let sctx = server_context();
    let keylog = std::env::temp_dir().join(format!("pyssl-rounds-{}.keylog", std::process::id()));
    for i in 0..30 {
        mutate(i, &cctx, &sctx, &keylog);
        if let Err(e) = memory_handshake(&cctx, &sctx) {
            panic!("round {i}: {e}");
        }
    }
    let _ = std::fs::remove_file(&keylog);
}

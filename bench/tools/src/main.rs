//! `pyssl-bench`: the helpers of `bench/run.sh`.
//!
//! * `load`: the one load generator every server gets — C blocking threads,
//!   each doing connect → TLS handshake → GET → read to EOF → close, for at
//!   most N connections and at most S seconds. Plain `openssl` crate (no
//!   pyssl code on the client side), verification on (`--cafile`, name
//!   `localhost`), `--reuse` offers each worker's previous session. Prints
//!   one JSON line.
//! * `idle`: opens N TLS connections (handshake done), prints `ready N`,
//!   holds them at most `--hold` seconds (run.sh kills it earlier).
//! * `upload`: the pyssl side of the client→server bulk pair — pyssl's
//!   `SslSocket::sendall` of BYTES in 256 KiB chunks, then `unwrap()`.
//! * `ctx`: time per `pyssl::create_default_context(Purpose::ServerAuth)`
//!   call (the system trust store, or `SSL_CERT_FILE`), with its
//!   `cert_store_stats`.
//!
//! Every loop is bounded by a count and a deadline; loopback addresses only
//! (run.sh passes 127.0.0.1).

use std::io::Write;
use std::net::{SocketAddr, TcpStream};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use openssl::ssl::{
    ErrorCode, SslConnector, SslMethod, SslSession, SslSessionCacheMode, SslVersion,
};

struct Args(Vec<String>);

impl Args {
    fn value(&self, name: &str) -> Option<&str> {
        let i = self.0.iter().position(|a| a == name)?;
        self.0.get(i + 1).map(String::as_str)
    }
    fn flag(&self, name: &str) -> bool {
        self.0.iter().any(|a| a == name)
    }
    fn num(&self, name: &str, default: u64) -> u64 {
        self.value(name)
            .map(|v| parse_count(v).unwrap_or_else(|| die(&format!("{name}: bad number {v:?}"))))
            .unwrap_or(default)
    }
    fn addr(&self) -> SocketAddr {
        let a = self
            .value("--connect")
            .unwrap_or_else(|| die("--connect 127.0.0.1:PORT is required"));
        let addr: SocketAddr = a
            .parse()
            .unwrap_or_else(|_| die(&format!("--connect: not an address: {a}")));
        if !addr.ip().is_loopback() {
            die("--connect: loopback addresses only");
        }
        addr
    }
}

fn parse_count(v: &str) -> Option<u64> {
    let (num, mult) = match v.chars().last()? {
        'K' | 'k' => (&v[..v.len() - 1], 1u64 << 10),
        'M' | 'm' => (&v[..v.len() - 1], 1 << 20),
        'G' | 'g' => (&v[..v.len() - 1], 1 << 30),
        _ => (v, 1),
    };
    num.parse::<u64>().ok()?.checked_mul(mult)
}

fn die(msg: &str) -> ! {
    eprintln!("pyssl-bench: {msg}");
    std::process::exit(2)
}

fn connector(args: &Args) -> SslConnector {
    let mut b = SslConnector::builder(SslMethod::tls_client()).expect("SSL_CTX_new");
    let ca = args.value("--cafile").unwrap_or("certs/ca.pem");
    b.set_ca_file(ca)
        .unwrap_or_else(|e| die(&format!("--cafile {ca}: {e}")));
    let v = match args.value("--tls") {
        Some("1.2") => Some(SslVersion::TLS1_2),
        Some("1.3") => Some(SslVersion::TLS1_3),
        None => None,
        Some(v) => die(&format!("--tls {v}: 1.2 or 1.3")),
    };
    if v.is_some() {
        b.set_min_proto_version(v).unwrap();
        b.set_max_proto_version(v).unwrap();
    }
    // Sessions are handed over by hand (--reuse), not through a cache.
    b.set_session_cache_mode(SslSessionCacheMode::OFF);
    b.build()
}

#[derive(Default)]
struct Tally {
    handshakes: u64,
    resumed: u64,
    errors: u64,
    first_error: Option<String>,
}

/// One connection: handshake, request, reply to EOF. Returns (resumed,
/// the session to offer next).
fn one(
    conn: &SslConnector,
    addr: SocketAddr,
    request: &[u8],
    offer: Option<&SslSession>,
    buf: &mut [u8],
) -> Result<(bool, Option<SslSession>), String> {
    let tcp =
        TcpStream::connect_timeout(&addr, Duration::from_secs(10)).map_err(|e| e.to_string())?;
    tcp.set_read_timeout(Some(Duration::from_secs(10))).ok();
    tcp.set_write_timeout(Some(Duration::from_secs(10))).ok();
    tcp.set_nodelay(true).ok();
    let mut cfg = conn.configure().map_err(|e| e.to_string())?;
    cfg.set_verify_hostname(true);
    let mut ssl = cfg.into_ssl("localhost").map_err(|e| e.to_string())?;
    if let Some(s) = offer {
        // SAFETY: the session comes from a connection of the same SSL_CTX.
        #[allow(unsafe_code)]
        unsafe {
            ssl.set_session(s).map_err(|e| e.to_string())?;
        }
    }
    let mut tls = openssl::ssl::SslStream::new(ssl, tcp).map_err(|e| e.to_string())?;
    tls.connect().map_err(|e| format!("handshake: {e}"))?;
    tls.write_all(request).map_err(|e| format!("send: {e}"))?;
    let mut total = 0usize;
    loop {
        match tls.ssl_read(buf) {
            Ok(0) => break,
            Ok(n) => {
                total += n;
                if total > 1 << 20 {
                    break;
                }
            }
            Err(e) if e.code() == ErrorCode::ZERO_RETURN => break,
            // A close without close_notify ends the reply too.
            Err(e) if e.code() == ErrorCode::SYSCALL && e.io_error().is_none() => break,
            Err(e) => return Err(format!("read: {e}")),
        }
    }
    if total == 0 {
        return Err("empty reply".into());
    }
    let resumed = tls.ssl().session_reused();
    let next = tls.ssl().session().map(|s| s.to_owned());
    let _ = tls.shutdown();
    Ok((resumed, next))
}

/// This process's user+system CPU time (all threads), from /proc/self/stat.
fn own_cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the ")" that ends the command name: utime is the 12th, stime the 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = f.get(11).and_then(|v| v.parse().ok()).unwrap_or(0)
        + f.get(12).and_then(|v| v.parse().ok()).unwrap_or(0);
    ticks as f64 / 100.0
}

fn load(args: &Args) -> ExitCode {
    let addr = args.addr();
    let n = args.num("--n", 1000);
    let conc = args.num("--concurrency", 8).clamp(1, 256);
    let secs = args.num("--duration", 60);
    let reuse = args.flag("--reuse");
    let path = args.value("--get").unwrap_or("/hello.txt");
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").into_bytes();
    let conn = connector(args);
    let next = AtomicU64::new(0);
    let total = Mutex::new(Tally::default());
    let start = Instant::now();
    let deadline = start + Duration::from_secs(secs);
    std::thread::scope(|s| {
        for _ in 0..conc {
            s.spawn(|| {
                let mut t = Tally::default();
                let mut session: Option<SslSession> = None;
                let mut buf = vec![0u8; 16 * 1024];
                while next.fetch_add(1, Ordering::Relaxed) < n && Instant::now() < deadline {
                    let offer = if reuse { session.as_ref() } else { None };
                    match one(&conn, addr, &request, offer, &mut buf) {
                        Ok((resumed, s)) => {
                            t.handshakes += 1;
                            t.resumed += u64::from(resumed);
                            if s.is_some() {
                                session = s;
                            }
                        }
                        Err(e) => {
                            t.errors += 1;
                            session = None;
                            t.first_error.get_or_insert(e);
                        }
                    }
                }
                let mut all = total.lock().unwrap();
                all.handshakes += t.handshakes;
                all.resumed += t.resumed;
                all.errors += t.errors;
                if all.first_error.is_none() {
                    all.first_error = t.first_error;
                }
            });
        }
    });
    let secs = start.elapsed().as_secs_f64();
    let t = total.into_inner().unwrap();
    println!(
        "{{\"handshakes\": {}, \"resumed\": {}, \"errors\": {}, \"seconds\": {:.4}, \"cpu_seconds\": {:.3}, \"per_second\": {:.1}, \"first_error\": {}}}",
        t.handshakes,
        t.resumed,
        t.errors,
        secs,
        own_cpu_seconds(),
        t.handshakes as f64 / secs,
        t.first_error
            .map_or("null".to_string(), |e| format!("{:?}", e.replace('"', "'"))),
    );
    if t.handshakes > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn idle(args: &Args) -> ExitCode {
    let addr = args.addr();
    let n = args.num("--n", 1000).min(20_000);
    let hold = args.num("--hold", 120);
    let conn = connector(args);
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut held = Vec::with_capacity(n as usize);
    let mut errors = 0u64;
    while (held.len() as u64) < n && errors < 20 && Instant::now() < deadline {
        let r = TcpStream::connect_timeout(&addr, Duration::from_secs(10))
            .map_err(|e| e.to_string())
            .and_then(|tcp| {
                tcp.set_read_timeout(Some(Duration::from_secs(10))).ok();
                conn.connect("localhost", tcp).map_err(|e| e.to_string())
            });
        match r {
            Ok(s) => held.push(s),
            Err(e) => {
                errors += 1;
                eprintln!("idle: connection {} failed: {e}", held.len());
            }
        }
    }
    println!("ready {}", held.len());
    std::io::stdout().flush().ok();
    std::thread::sleep(Duration::from_secs(hold));
    drop(held);
    ExitCode::SUCCESS
}

fn upload(args: &Args) -> ExitCode {
    use pyssl::{Purpose, WrapOptions};
    let addr = args.addr();
    let bytes = args.num("--bytes", 1 << 30);
    let ca = args.value("--cafile").unwrap_or("certs/ca.pem");
    let ctx = pyssl::DefaultContext::new(Purpose::ServerAuth)
        .cafile(ca)
        .build()
        .unwrap_or_else(|e| die(&format!("context: {e}")));
    ctx.set_minimum_version(pyssl::TlsVersion::TlsV1_3).unwrap();
    let chunk = vec![b'x'; 256 * 1024];
    let start = Instant::now();
    let tcp = TcpStream::connect(addr).unwrap_or_else(|e| die(&format!("connect: {e}")));
    let mut s = ctx
        .wrap_socket(tcp, WrapOptions::new().server_hostname("localhost"))
        .unwrap_or_else(|e| die(&format!("handshake: {e}")));
    let mut left = bytes;
    while left > 0 {
        let k = left.min(chunk.len() as u64) as usize;
        s.sendall(&chunk[..k])
            .unwrap_or_else(|e| die(&format!("send: {e}")));
        left -= k as u64;
    }
    // close_notify both ways: the server has read everything.
    let _ = s.unwrap();
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{{\"bytes\": {bytes}, \"seconds\": {secs:.4}, \"mb_per_s\": {:.1}}}",
        bytes as f64 / secs / 1e6
    );
    ExitCode::SUCCESS
}

fn ctx(args: &Args) -> ExitCode {
    let n = args.num("--n", 200).clamp(1, 100_000);
    // The first call may fill caches; it is timed apart.
    let t0 = Instant::now();
    let first = pyssl::create_default_context(pyssl::Purpose::ServerAuth).unwrap();
    let first_us = t0.elapsed().as_secs_f64() * 1e6;
    let stats = first.cert_store_stats();
    let start = Instant::now();
    for _ in 0..n {
        let c = pyssl::create_default_context(pyssl::Purpose::ServerAuth).unwrap();
        std::hint::black_box(&c);
    }
    let per = start.elapsed().as_secs_f64() * 1e6 / n as f64;
    println!(
        "{{\"us_per_call\": {per:.2}, \"first_call_us\": {first_us:.1}, \"calls\": {n}, \"x509\": {}, \"x509_ca\": {}, \"crl\": {}}}",
        stats.x509, stats.x509_ca, stats.crl
    );
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let all: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = all.first().cloned() else {
        die("usage: pyssl-bench load|idle|upload|ctx [--connect 127.0.0.1:PORT] [options]");
    };
    let args = Args(all);
    match cmd.as_str() {
        "load" => load(&args),
        "idle" => idle(&args),
        "upload" => upload(&args),
        "ctx" => ctx(&args),
        other => die(&format!("unknown command {other}")),
    }
}

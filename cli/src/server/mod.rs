//! `pyssl-server`'s serving loop: non-blocking sockets and a `mio` event
//! loop driving [`SslSocket`]s in CPython's non-blocking mode
//! (`settimeout(0)`: every operation either completes or raises
//! `SSLWantReadError`/`SSLWantWriteError`). `--workers N` runs N such loops
//! on N threads, each with its own descriptor of the one listening socket
//! (the kernel hands each new connection to one of them), sharing the
//! context (and so its session cache), the connection limit and the log.
//!
//! A connection costs a descriptor and a small record until its first byte
//! arrives (the `SSL` object is only made then), and a released-buffer `SSL`
//! while it idles. Each one ends with exactly one log line at info level.
//!
//! The lifecycle is the command-line contract's: handshake (with a timeout),
//! read the request up to the blank line (64 KiB at most), reply, send
//! close_notify and wait ≤ 2 s for the peer's; after a failure, shut down
//! the write side and drain ≤ 2 s ("lingering close") so the alert arrives.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::fmt::Write as _;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, ToSocketAddrs};
use std::os::fd::{AsFd, BorrowedFd};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use mio::net::{TcpListener, TcpStream, UnixStream};
use mio::{Events, Interest, Poll, Token};

use super::{build_context, print_dump, ContextSpec, Side};
use pyssl::context::SslContext;
use pyssl::error::{Arg, Error, ErrorKind, Result};
use pyssl::report::context_report;
use pyssl::socket::{SslSocket, WrapOptions};
use pyssl::warnings::{take_unraisable, take_warnings};
use pyssl::PeerCert;

mod config;
mod log_line;
mod www;

pub use config::*;
use log_line::*;
use www::*;

/// `--bind` default.
pub const DEFAULT_BIND: &str = "localhost";
/// `--port` default.
pub const DEFAULT_PORT: u16 = 4433;
/// `--handshake-timeout` default.
pub const DEFAULT_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// `--idle-timeout` default.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// `--max-connections` default.
pub const DEFAULT_MAX_CONNECTIONS: u32 = 10_000;
/// `--grace` default.
pub const DEFAULT_GRACE: Duration = Duration::from_secs(5);
/// The most `--workers` accepts.
pub const MAX_WORKERS: usize = 256;
/// The longest any timeout flag may be (a year), so deadlines cannot overflow.
pub const MAX_SECONDS: f64 = 365.0 * 86_400.0;

/// The reply when no mode flag is given.
pub const HELLO_REPLY: &[u8] = b"HTTP/1.1 200 OK\r\n\
Content-Type: text/plain\r\n\
Content-Length: 19\r\n\
Connection: close\r\n\
\r\n\
Hello Secure World!";

/// What a plain-HTTP client gets on the TLS port (no TLS alert exists for it).
const PLAIN_HTTP_REPLY: &[u8] = b"HTTP/1.0 400 Bad Request\r\n\
Content-Type: text/plain\r\n\
Content-Length: 48\r\n\
Connection: close\r\n\
\r\n\
This port speaks TLS: use https:// to reach it.\n";

/// The request is read up to the blank line, at most this much.
const MAX_REQUEST: usize = 64 * 1024;
/// One read's buffer (a TLS record carries at most 16 KiB).
const READ_CHUNK: usize = 64 * 1024;
/// One write of `--source` (several records per `SSL_write`).
const SOURCE_CHUNK: usize = 256 * 1024;
/// How long to wait for the peer's close_notify after ours.
const CLOSE_WAIT: Duration = Duration::from_secs(2);
/// How long a lingering close drains.
const LINGER: Duration = Duration::from_secs(2);
/// Operations one connection may run before others get their turn.
const BUDGET: u32 = 64;
/// Connections accepted per loop turn.
const ACCEPT_BUDGET: u32 = 256;
/// Closed connections after which an idle server trims its heap.
const TRIM_AFTER: u32 = 64;
/// Pause after `EMFILE` & co. before accepting again.
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

const LISTENER: Token = Token(0);
const SIGNALS: Token = Token(1);
const FIRST_CONN: usize = 2;

/// The context the flags build: the contract's steps, then `--keylog`.
pub fn server_context(cfg: &ServerConfig) -> Result<SslContext> {
    let ctx = build_context(&cfg.context, Side::Server)?;
    if let Some(path) = &cfg.keylog {
        ctx.set_keylog_filename(Some(path))?;
    }
    Ok(ctx)
}

/// `--dump-context`: the JSON report (or error object) on stdout.
pub fn dump_context(cfg: &ServerConfig) -> ExitCode {
    take_warnings();
    let result = match server_context(cfg) {
        Ok(ctx) => Ok(context_report(&ctx, &take_warnings())),
        Err(e) => Err(crate::error_object(&e)),
    };
    print_dump(result)
}

/// A start-up failure as the contract wants it on stderr: the error object
/// on one line, then a one-line human message.
pub fn report_startup_error(e: &Error) {
    let obj = crate::error_object(e);
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "{obj}");
    let _ = writeln!(err, "pyssl-server: error: {e} ({})", e.python_type());
    let _ = err.flush();
}

/// Binds, prints `listening on HOST:PORT`, and serves until SIGINT/SIGTERM
/// and the grace period are over. Errors are start-up failures (nothing is
/// printed on stdout then) or a failing event loop.
pub fn serve(cfg: &ServerConfig) -> Result<()> {
    let ctx = server_context(cfg)?;
    probe_server_side(&ctx)?;
    let listener = bind(&cfg.bind, cfg.port)?;
    let local = listener.local_addr()?;
    let workers = cfg.workers.clamp(1, MAX_WORKERS);
    // Every loop is set up (its listener descriptor, poll and signal pipe)
    // before the `listening on` line: a start-up failure then still prints
    // nothing on stdout.
    let mut others = Vec::with_capacity(workers - 1);
    for _ in 1..workers {
        others.push(Loop::new(clone_listener(&listener)?)?);
    }
    let first = Loop::new(listener)?;
    {
        let mut out = io::stdout().lock();
        let _ = writeln!(out, "listening on {local}").and_then(|()| out.flush());
    }
    log::info!(
        "serving {local}: mode {}, CPython {} context, up to {} connections, {} worker(s)",
        cfg.mode.name(),
        cfg.context.compat,
        cfg.max_connections,
        workers
    );
    let open = AtomicUsize::new(0);
    let result = std::thread::scope(|scope| {
        let mut handles = Vec::with_capacity(others.len());
        let mut spawn_error = None;
        for (i, lp) in others.into_iter().enumerate() {
            let ctx = ctx.clone();
            let open = &open;
            let spawned = std::thread::Builder::new()
                .name(format!("pyssl-worker-{}", i + 2))
                .spawn_scoped(scope, move || Server::new(cfg, ctx, lp, open, i + 1).run());
            match spawned {
                Ok(h) => handles.push(h),
                Err(e) => {
                    // The workers already running stop as on SIGTERM (they
                    // have no connection yet), then the error is reported.
                    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGTERM);
                    spawn_error = Some(Error::from(e));
                    break;
                }
            }
        }
        let mut result = match spawn_error {
            Some(e) => Err(e),
            None => Server::new(cfg, ctx.clone(), first, &open, 0).run(),
        };
        for h in handles {
            let r = h.join().unwrap_or_else(|_| {
                Err(Error::new(
                    ErrorKind::System,
                    vec![Arg::Str("a worker thread panicked".into())],
                ))
            });
            if result.is_ok() {
                result = r;
            }
        }
        result
    });
    log::info!("stopped");
    result
}

/// What one event loop owns besides its connections: a descriptor of the
/// listening socket, its `mio` poll, and a signal pipe of its own (every
/// pipe gets a byte per SIGINT/SIGTERM, so every loop hears each signal).
struct Loop {
    poll: Poll,
    listener: TcpListener,
    signals: UnixStream,
}

impl Loop {
    fn new(mut listener: TcpListener) -> Result<Loop> {
        let poll = Poll::new()?;
        poll.registry()
            .register(&mut listener, LISTENER, Interest::READABLE)?;
        let mut signals = signal_pipe()?;
        poll.registry()
            .register(&mut signals, SIGNALS, Interest::READABLE)?;
        Ok(Loop {
            poll,
            listener,
            signals,
        })
    }
}

/// Another descriptor of the same listening socket (`dup`): one accept
/// queue, watched by one more loop.
fn clone_listener(l: &TcpListener) -> Result<TcpListener> {
    let dup = socket2::SockRef::from(l).try_clone()?;
    Ok(TcpListener::from_std(dup.into()))
}

/// What `wrap_socket(server_side=True)` would refuse for every connection
/// (e.g. a `PROTOCOL_TLS_CLIENT` context) is a start-up failure: found by
/// wrapping one end of a socket pair once, without a handshake.
fn probe_server_side(ctx: &SslContext) -> Result<()> {
    let (a, _b) = std::os::unix::net::UnixStream::pair()?;
    let opts = WrapOptions::new()
        .server_side(true)
        .do_handshake_on_connect(false);
    ctx.wrap_socket(a, opts).map(drop)
}

/// Resolves `--bind` (IPv4 addresses first) and binds the first that works.
fn bind(host: &str, port: u16) -> Result<TcpListener> {
    let name = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    let mut addrs: Vec<SocketAddr> = (name, port)
        .to_socket_addrs()
        .map_err(|e| match e.raw_os_error() {
            Some(_) => Error::from(e),
            None => Error::new(
                ErrorKind::Os,
                vec![Arg::Str(format!("cannot resolve {host:?}: {e}"))],
            ),
        })?
        .collect();
    addrs.sort_by_key(SocketAddr::is_ipv6);
    let mut last = None;
    for a in addrs {
        match TcpListener::bind(a) {
            Ok(l) => return Ok(l),
            Err(e) => last = Some(e),
        }
    }
    Err(match last {
        Some(e) => e.into(),
        None => Error::new(
            ErrorKind::Os,
            vec![Arg::Str(format!("{host:?} has no address"))],
        ),
    })
}

/// SIGINT and SIGTERM write a byte into a socket pair the loop watches.
fn signal_pipe() -> Result<UnixStream> {
    let (reader, writer) = std::os::unix::net::UnixStream::pair()?;
    reader.set_nonblocking(true)?;
    writer.set_nonblocking(true)?;
    signal_hook::low_level::pipe::register(signal_hook::consts::SIGINT, writer.try_clone()?)?;
    signal_hook::low_level::pipe::register(signal_hook::consts::SIGTERM, writer)?;
    Ok(UnixStream::from_std(reader))
}

/// A `mio` TCP stream as a [`pyssl::Socket`] OpenSSL can drive (always
/// non-blocking: the loop only runs it with `settimeout(0)`).
#[derive(Debug)]
struct Stream(TcpStream);

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        (&self.0).read(buf)
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        (&self.0).write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl AsFd for Stream {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.0.as_fd()
    }
}

/// Where a connection is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Accepted; no byte yet, no `SSL` object yet.
    Accepted,
    /// `do_handshake` until it completes.
    Handshake,
    /// Reading the request up to the blank line.
    Request,
    /// Sending the reply (`--reply`, `--www`).
    Reply,
    /// `--echo`.
    Echo,
    /// `--source`.
    Source,
    /// `--sink`.
    Sink,
    /// close_notify sent or being sent; waiting for the peer's.
    Closing,
    /// Write side shut after a failure; draining what still comes.
    Linger,
}

enum Io {
    Raw(Stream),
    Tls(SslSocket<Stream>),
    Closed,
}

/// One connection's state.
struct Conn {
    id: usize,
    io: Io,
    phase: Phase,
    peer: SocketAddr,
    started: Instant,
    deadline: Instant,
    /// The deadline of the timer entry that stands for this connection.
    armed: Option<Instant>,
    /// What the log line reports of the TLS state, taken once at the end.
    noted: Option<Box<Noted>>,
    /// The request so far, then the `--www` page, or unsent `--echo` bytes.
    buf: Vec<u8>,
    pos: usize,
    remaining: u64,
    bytes_in: u64,
    bytes_out: u64,
    /// The first failure, as logged.
    failure: Option<String>,
    /// Something worth noting about an otherwise good connection.
    note: Option<&'static str>,
    /// The last step blocked on `SSLWantWriteError` (or a full socket): only
    /// then does a writable event have work to do.
    wants_write: bool,
    /// Our write side is shut (after our close_notify).
    fin_sent: bool,
    /// The handshake has waited for the client once (normally: our first
    /// flight is out, and the next step may finish the handshake).
    flight_sent: bool,
    /// `TCP_CORK` is on until the end of this event.
    corked: bool,
}

impl Conn {
    fn fail(&mut self, what: impl Into<String>) {
        if self.failure.is_none() {
            self.failure = Some(what.into());
        }
    }

    fn tls(&mut self) -> Option<&mut SslSocket<Stream>> {
        match &mut self.io {
            Io::Tls(t) => Some(t),
            _ => None,
        }
    }
}

/// What one step of a connection did.
enum Step {
    Continue,
    Blocked,
    Close,
}

fn would_block(e: &Error) -> bool {
    matches!(e.kind(), ErrorKind::WantRead | ErrorKind::WantWrite)
}

/// A step that must wait: for a writable socket on `SSLWantWriteError`,
/// for a readable one otherwise.
fn blocked(c: &mut Conn, e: &Error) -> Step {
    c.wants_write = e.kind() == ErrorKind::WantWrite;
    Step::Blocked
}

/// The connection's TCP socket, while it has one.
fn tcp(c: &Conn) -> Option<&TcpStream> {
    match &c.io {
        Io::Raw(s) => Some(&s.0),
        Io::Tls(t) => t.get_ref().map(|s| &s.0),
        Io::Closed => None,
    }
}

/// Corks the socket until the end of this event (once).
fn cork_now(c: &mut Conn) {
    if !c.corked && cork(c, true) {
        c.corked = true;
    }
}

/// [`set_cork`](super::set_cork) on the connection's socket.
fn cork(c: &Conn, on: bool) -> bool {
    tcp(c).is_some_and(|s| super::set_cork(s, on))
}

fn describe(e: &Error) -> String {
    format!("{}: {e}", e.python_type())
}

/// `\r\n\r\n` or `\n\n` in `data`.
fn has_blank_line(data: &[u8]) -> bool {
    data.windows(4).any(|w| w == b"\r\n\r\n") || data.windows(2).any(|w| w == b"\n\n")
}

struct Server<'a> {
    cfg: &'a ServerConfig,
    ctx: SslContext,
    poll: Poll,
    listener: Option<TcpListener>,
    signals: UnixStream,
    /// Boxed: the map's spare slots then cost a pointer, not a whole `Conn`
    /// (this is most of the server's own memory per idle connection).
    conns: HashMap<usize, Box<Conn>>,
    timers: BinaryHeap<Reverse<(Instant, usize)>>,
    ready: VecDeque<usize>,
    next_id: usize,
    scratch: Vec<u8>,
    source: Vec<u8>,
    accept_ready: bool,
    accept_paused_until: Option<Instant>,
    shutdown_at: Option<Instant>,
    warned_full: bool,
    last_accept_warning: Option<Instant>,
    /// Connections closed since the heap was last trimmed.
    closed_since_trim: u32,
    /// Open connections of all the workers (`--max-connections` bounds it):
    /// a slot is reserved before `accept` and released when the
    /// connection's record is dropped.
    open: &'a AtomicUsize,
    /// 0 for the first loop, which alone logs what all of them do alike.
    worker: usize,
}

impl<'a> Server<'a> {
    fn new(
        cfg: &'a ServerConfig,
        ctx: SslContext,
        lp: Loop,
        open: &'a AtomicUsize,
        worker: usize,
    ) -> Server<'a> {
        let source = match cfg.mode {
            Mode::Source(_) => super::pattern(SOURCE_CHUNK),
            _ => Vec::new(),
        };
        Server {
            cfg,
            ctx,
            poll: lp.poll,
            listener: Some(lp.listener),
            signals: lp.signals,
            conns: HashMap::new(),
            timers: BinaryHeap::new(),
            ready: VecDeque::new(),
            next_id: FIRST_CONN,
            scratch: vec![0; READ_CHUNK],
            source,
            accept_ready: true,
            accept_paused_until: None,
            shutdown_at: None,
            warned_full: false,
            last_accept_warning: None,
            closed_since_trim: 0,
            open,
            worker,
        }
    }

    /// Takes one of `--max-connections`' slots, if one is free.
    fn reserve(&self) -> bool {
        self.open
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < self.cfg.max_connections).then_some(n + 1)
            })
            .is_ok()
    }

    fn release(&self) {
        self.open.fetch_sub(1, Ordering::AcqRel);
    }

    fn open_connections(&self) -> usize {
        self.open.load(Ordering::Acquire)
    }

    fn run(&mut self) -> Result<()> {
        let mut events = Events::with_capacity(1024);
        loop {
            let now = Instant::now();
            if let Some(end) = self.shutdown_at {
                if self.conns.is_empty() {
                    break;
                }
                if now >= end {
                    self.abort_all();
                    break;
                }
            }
            let timeout = self.poll_timeout(now);
            if let Err(e) = self.poll.poll(&mut events, timeout) {
                if e.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                return Err(e.into());
            }
            for ev in events.iter() {
                match ev.token() {
                    LISTENER => self.accept_ready = true,
                    SIGNALS => self.on_signal(),
                    Token(id) => {
                        // Every segment we send makes the socket writable
                        // again (edge-triggered): only a step that blocked on
                        // writing has work for that.
                        let write_only = ev.is_writable()
                            && !(ev.is_readable()
                                || ev.is_read_closed()
                                || ev.is_write_closed()
                                || ev.is_error());
                        if !write_only || self.conns.get(&id).is_some_and(|c| c.wants_write) {
                            self.drive(id);
                        }
                    }
                }
            }
            for _ in 0..self.ready.len() {
                if let Some(id) = self.ready.pop_front() {
                    self.drive(id);
                }
            }
            self.accept();
            self.expire(Instant::now());
            if self.conns.is_empty() && self.closed_since_trim >= TRIM_AFTER {
                // Idle after a burst: give glibc's free pages back, so the
                // RSS returns to its level before the load.
                self.closed_since_trim = 0;
                crate::sys::trim_heap();
            }
        }
        Ok(())
    }

    fn can_accept(&self, now: Instant) -> bool {
        self.listener.is_some()
            && self.accept_ready
            && self.open_connections() < self.cfg.max_connections
            && self.accept_paused_until.is_none_or(|t| now >= t)
    }

    fn poll_timeout(&self, now: Instant) -> Option<Duration> {
        if !self.ready.is_empty() || self.can_accept(now) {
            return Some(Duration::ZERO);
        }
        let candidates = [
            self.timers.peek().map(|Reverse((t, _))| *t),
            self.accept_paused_until.filter(|_| self.listener.is_some()),
            self.shutdown_at,
        ];
        candidates
            .into_iter()
            .flatten()
            .min()
            .map(|t| t.saturating_duration_since(now))
    }

    fn on_signal(&mut self) {
        let mut buf = [0u8; 16];
        let mut n = 0;
        loop {
            match (&self.signals).read(&mut buf) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        if n == 0 {
            return;
        }
        let now = Instant::now();
        if let Some(mut l) = self.listener.take() {
            let _ = self.poll.registry().deregister(&mut l);
        }
        // Every loop hears the signal; the first one says it, for all.
        let level = if self.worker == 0 {
            log::Level::Info
        } else {
            log::Level::Debug
        };
        let open = self.open_connections();
        if self.shutdown_at.is_some() || n > 1 {
            log::log!(level, "signal again: closing {open} connection(s) now");
            self.shutdown_at = Some(now);
        } else {
            log::log!(
                level,
                "signal: no longer accepting; {open} open connection(s) get {:?} to finish",
                self.cfg.grace
            );
            self.shutdown_at = Some(now + self.cfg.grace);
        }
    }

    fn accept(&mut self) {
        let mut budget = ACCEPT_BUDGET;
        let now = Instant::now();
        let open = self.open_connections();
        if self.listener.is_some()
            && self.accept_ready
            && open >= self.cfg.max_connections
            && !self.warned_full
        {
            // Said once, by the first loop (the others stop accepting too).
            if self.worker == 0 {
                log::warn!(
                    "{open} connections open (--max-connections): not accepting until one closes"
                );
            }
            self.warned_full = true;
        }
        while budget > 0 && self.can_accept(now) {
            budget -= 1;
            let Some(listener) = &self.listener else {
                return;
            };
            // Another loop may have taken the last slot since can_accept.
            if !self.reserve() {
                break;
            }
            let accepted = listener.accept();
            if accepted.is_err() {
                self.release();
            }
            match accepted {
                Ok((stream, peer)) => self.add(stream, peer, now),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => self.accept_ready = false,
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::Interrupted | io::ErrorKind::ConnectionAborted
                    ) => {}
                Err(e) => {
                    // EMFILE, ENFILE, ENOBUFS, ENOMEM…: the pending connection
                    // stays in the backlog; try again shortly.
                    if self
                        .last_accept_warning
                        .is_none_or(|t| now.duration_since(t) >= Duration::from_secs(1))
                    {
                        log::warn!("accept failed ({e}); retrying in {ACCEPT_PAUSE:?}");
                        self.last_accept_warning = Some(now);
                    }
                    self.accept_paused_until = Some(now + ACCEPT_PAUSE);
                    return;
                }
            }
        }
        if self.open_connections() < self.cfg.max_connections {
            self.warned_full = false;
        }
    }

    fn add(&mut self, mut stream: TcpStream, peer: SocketAddr, now: Instant) {
        let _ = stream.set_nodelay(true);
        let id = self.next_id;
        self.next_id += 1;
        if let Err(e) = self.poll.registry().register(
            &mut stream,
            Token(id),
            Interest::READABLE | Interest::WRITABLE,
        ) {
            log::warn!("{peer} dropped: cannot watch the socket: {e}");
            self.release();
            return;
        }
        let mut c = Box::new(Conn {
            id,
            io: Io::Raw(Stream(stream)),
            phase: Phase::Accepted,
            peer,
            started: now,
            deadline: now,
            armed: None,
            noted: None,
            buf: Vec::new(),
            pos: 0,
            remaining: 0,
            bytes_in: 0,
            bytes_out: 0,
            failure: None,
            note: None,
            wants_write: false,
            fin_sent: false,
            flight_sent: false,
            corked: false,
        });
        self.set_deadline(&mut c, now + self.cfg.handshake_timeout);
        self.conns.insert(id, c);
        // The first readiness event comes from the registration itself.
    }

    /// Deadlines only move with `set_deadline`; the heap holds one armed
    /// entry per connection, at or before its deadline.
    fn set_deadline(&mut self, c: &mut Conn, at: Instant) {
        c.deadline = at;
        if c.armed.is_none_or(|t| at < t) {
            c.armed = Some(at);
            self.timers.push(Reverse((at, c.id)));
        }
    }

    fn expire(&mut self, now: Instant) {
        while let Some(&Reverse((t, id))) = self.timers.peek() {
            if t > now {
                break;
            }
            self.timers.pop();
            let Some(mut c) = self.conns.remove(&id) else {
                continue;
            };
            if c.armed != Some(t) {
                self.conns.insert(id, c);
                continue;
            }
            c.armed = None;
            if c.deadline > now {
                let d = c.deadline;
                self.set_deadline(&mut c, d);
                self.conns.insert(id, c);
                continue;
            }
            if matches!(c.phase, Phase::Accepted | Phase::Handshake) {
                // Under a burst the client's last handshake flight may be
                // waiting unread while the timer fires: give the connection
                // one more non-blocking step before declaring it timed out.
                self.conns.insert(id, c);
                self.drive(id);
                let Some(again) = self.conns.remove(&id) else {
                    continue;
                };
                c = again;
                if !matches!(c.phase, Phase::Accepted | Phase::Handshake) {
                    self.conns.insert(id, c);
                    continue;
                }
            }
            match self.timed_out(&mut c, now) {
                Step::Close => self.finish(c),
                _ => {
                    self.conns.insert(id, c);
                    self.drive(id);
                }
            }
        }
    }

    fn timed_out(&mut self, c: &mut Conn, now: Instant) -> Step {
        match c.phase {
            Phase::Accepted | Phase::Handshake => {
                c.fail(format!(
                    "handshake timeout ({:?}, {} bytes received)",
                    self.cfg.handshake_timeout, c.bytes_in
                ));
                self.start_linger(c, now, None)
            }
            Phase::Request | Phase::Reply | Phase::Echo | Phase::Source | Phase::Sink => {
                c.fail(format!("idle timeout ({:?})", self.cfg.idle_timeout));
                self.start_closing(c, now)
            }
            Phase::Closing => {
                if c.failure.is_none() {
                    c.note = Some("no close_notify from peer");
                }
                Step::Close
            }
            Phase::Linger => Step::Close,
        }
    }

    /// Runs one connection until it blocks, closes, or used its budget.
    ///
    /// A step may cork the socket ([`cork_now`]): what the rest of the
    /// event writes (TLS 1.3 session tickets, the reply, close_notify, the
    /// FIN) then leaves in one segment when the event ends.
    fn drive(&mut self, id: usize) {
        let Some(mut c) = self.conns.remove(&id) else {
            return;
        };
        let now = Instant::now();
        c.wants_write = false;
        let mut budget = BUDGET;
        let outcome = loop {
            if budget == 0 {
                break Step::Continue;
            }
            budget -= 1;
            match self.step(&mut c, now) {
                Step::Continue => {}
                other => break other,
            }
        };
        if c.corked {
            c.corked = false;
            cork(&c, false);
        }
        match outcome {
            Step::Continue => {
                self.conns.insert(id, c);
                self.ready.push_back(id);
            }
            Step::Blocked => {
                self.conns.insert(id, c);
            }
            Step::Close => self.finish(c),
        }
    }

    fn step(&mut self, c: &mut Conn, now: Instant) -> Step {
        match c.phase {
            Phase::Accepted => self.start_tls(c),
            Phase::Handshake => self.handshake(c, now),
            Phase::Request => self.read_request(c, now),
            Phase::Reply => self.send_reply(c, now),
            Phase::Echo => self.echo(c, now),
            Phase::Source => self.send_source(c, now),
            Phase::Sink => self.sink(c, now),
            Phase::Closing => self.close_notify(c),
            Phase::Linger => self.linger(c),
        }
    }

    /// The socket is readable (or its deadline came): make the `SSL` object.
    fn start_tls(&mut self, c: &mut Conn) -> Step {
        let Io::Raw(stream) = std::mem::replace(&mut c.io, Io::Closed) else {
            return Step::Close;
        };
        let opts = WrapOptions::new()
            .server_side(true)
            .timeout(Some(Duration::ZERO))
            .do_handshake_on_connect(false)
            .suppress_ragged_eofs(false);
        match self.ctx.wrap_socket(stream, opts) {
            Ok(mut t) => {
                if let Err(e) = t.settimeout(Some(Duration::ZERO)) {
                    c.fail(format!("settimeout: {}", describe(&e)));
                    return Step::Close;
                }
                // nginx does the same: one read() takes what the socket has
                // rather than a record header and then its body.
                t.set_read_ahead(true);
                c.io = Io::Tls(t);
                c.phase = Phase::Handshake;
                Step::Continue
            }
            Err(e) => {
                c.fail(format!("wrap_socket failed: {}", describe(&e)));
                Step::Close
            }
        }
    }

    fn handshake(&mut self, c: &mut Conn, now: Instant) -> Step {
        if c.flight_sent {
            // This step may finish the handshake: its TLS 1.3 tickets, and
            // the reply that follows, go out together.
            cork_now(c);
        }
        let Io::Tls(t) = &mut c.io else {
            return Step::Close;
        };
        match t.do_handshake() {
            Ok(()) => {
                c.phase = match self.cfg.mode {
                    Mode::Reply(_) | Mode::Www => Phase::Request,
                    Mode::Echo => Phase::Echo,
                    Mode::Sink => Phase::Sink,
                    Mode::Source(n) => {
                        c.remaining = n;
                        Phase::Source
                    }
                };
                self.set_deadline(c, now + self.cfg.idle_timeout);
                Step::Continue
            }
            Err(e) if would_block(&e) => {
                c.flight_sent = true;
                blocked(c, &e)
            }
            Err(e) if e.kind() == ErrorKind::Eof && !c.flight_sent => {
                c.fail("closed before the handshake");
                Step::Close
            }
            Err(e) => {
                let plain_http = matches!(e.reason(), Some("HTTP_REQUEST" | "HTTPS_PROXY_REQUEST"));
                c.fail(format!("handshake failed: {}", describe(&e)));
                let answer = plain_http.then_some(PLAIN_HTTP_REPLY);
                self.start_linger(c, now, answer)
            }
        }
    }

    fn read_request(&mut self, c: &mut Conn, now: Instant) -> Step {
        let Io::Tls(t) = &mut c.io else {
            return Step::Close;
        };
        let room = (MAX_REQUEST - c.buf.len()).min(self.scratch.len());
        match t.read_into(&mut self.scratch[..room]) {
            // The peer closed (close_notify) without sending a request:
            // answering would put application data after its close_notify
            // (tlsfuzzer's resumption scripts expect our close_notify
            // alone). Answer its close_notify with ours.
            Ok(0) if c.buf.is_empty() => self.start_closing(c, now),
            Ok(0) => {
                self.prepare_reply(c);
                Step::Continue
            }
            Ok(n) => {
                c.bytes_in += n as u64;
                let from = c.buf.len().saturating_sub(3);
                c.buf.extend_from_slice(&self.scratch[..n]);
                self.set_deadline(c, now + self.cfg.idle_timeout);
                if has_blank_line(&c.buf[from..]) || c.buf.len() >= MAX_REQUEST {
                    self.prepare_reply(c);
                }
                Step::Continue
            }
            Err(e) if would_block(&e) => blocked(c, &e),
            Err(e) => self.fail_and_linger(c, "reading the request", &e, now),
        }
    }

    fn prepare_reply(&mut self, c: &mut Conn) {
        // The reply, close_notify and the FIN in one segment.
        cork_now(c);
        if self.cfg.mode == Mode::Www {
            note_session(c);
        }
        c.buf = match (&self.cfg.mode, &c.io) {
            (Mode::Www, Io::Tls(t)) => www_page(c, t),
            _ => Vec::new(),
        };
        c.pos = 0;
        c.phase = Phase::Reply;
    }

    fn send_reply(&mut self, c: &mut Conn, now: Instant) -> Step {
        let cfg = self.cfg;
        let data: &[u8] = match &cfg.mode {
            Mode::Reply(r) => r,
            _ => &c.buf,
        };
        if c.pos >= data.len() {
            c.buf = Vec::new();
            return self.start_closing(c, now);
        }
        let Io::Tls(t) = &mut c.io else {
            return Step::Close;
        };
        match t.write(&data[c.pos..]) {
            Ok(n) => {
                c.pos += n;
                c.bytes_out += n as u64;
                self.set_deadline(c, now + self.cfg.idle_timeout);
                Step::Continue
            }
            Err(e) if would_block(&e) => blocked(c, &e),
            Err(e) => self.fail_and_linger(c, "sending the reply", &e, now),
        }
    }

    fn echo(&mut self, c: &mut Conn, now: Instant) -> Step {
        let Io::Tls(t) = &mut c.io else {
            return Step::Close;
        };
        if !c.buf.is_empty() {
            // A write that blocked: OpenSSL wants the same bytes again.
            return match t.write(&c.buf) {
                Ok(n) => {
                    c.bytes_out += n as u64;
                    c.buf = Vec::new();
                    self.set_deadline(c, now + self.cfg.idle_timeout);
                    Step::Continue
                }
                Err(e) if would_block(&e) => blocked(c, &e),
                Err(e) => self.fail_and_linger(c, "echoing", &e, now),
            };
        }
        let n = match t.read_into(&mut self.scratch) {
            Ok(0) => return self.start_closing(c, now),
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Eof => {
                c.note = Some("no close_notify from peer");
                return Step::Close;
            }
            Err(e) if would_block(&e) => return blocked(c, &e),
            Err(e) => return self.fail_and_linger(c, "reading", &e, now),
        };
        c.bytes_in += n as u64;
        match t.write(&self.scratch[..n]) {
            Ok(m) => {
                c.bytes_out += m as u64;
                self.set_deadline(c, now + self.cfg.idle_timeout);
                Step::Continue
            }
            Err(e) if would_block(&e) => {
                c.buf = self.scratch[..n].to_vec();
                self.set_deadline(c, now + self.cfg.idle_timeout);
                blocked(c, &e)
            }
            Err(e) => self.fail_and_linger(c, "echoing", &e, now),
        }
    }

    fn send_source(&mut self, c: &mut Conn, now: Instant) -> Step {
        if c.remaining == 0 {
            return self.start_closing(c, now);
        }
        // OpenSSL writes one 16 KiB record per write(): corked, the kernel
        // sends them as full-size segments instead (fewer passes through
        // the network path per byte).
        cork_now(c);
        let Io::Tls(t) = &mut c.io else {
            return Step::Close;
        };
        // After a blocked write the same length comes again: `remaining`
        // has not moved, so neither has `chunk`.
        let chunk = c.remaining.min(self.source.len() as u64) as usize;
        match t.write(&self.source[..chunk]) {
            Ok(n) => {
                c.remaining -= n as u64;
                c.bytes_out += n as u64;
                self.set_deadline(c, now + self.cfg.idle_timeout);
                Step::Continue
            }
            Err(e) if would_block(&e) => blocked(c, &e),
            Err(e) => self.fail_and_linger(c, "sending", &e, now),
        }
    }

    fn sink(&mut self, c: &mut Conn, now: Instant) -> Step {
        let Io::Tls(t) = &mut c.io else {
            return Step::Close;
        };
        match t.read_into(&mut self.scratch) {
            Ok(0) => self.start_closing(c, now),
            Ok(n) => {
                c.bytes_in += n as u64;
                self.set_deadline(c, now + self.cfg.idle_timeout);
                Step::Continue
            }
            Err(e) if e.kind() == ErrorKind::Eof => {
                c.note = Some("no close_notify from peer");
                Step::Close
            }
            Err(e) if would_block(&e) => blocked(c, &e),
            Err(e) => self.fail_and_linger(c, "reading", &e, now),
        }
    }

    fn start_closing(&mut self, c: &mut Conn, now: Instant) -> Step {
        // unwrap() ends the TLS state the log line reports.
        note_session(c);
        c.phase = Phase::Closing;
        self.set_deadline(c, now + CLOSE_WAIT);
        Step::Continue
    }

    /// `unwrap()`: our close_notify, then the peer's (what it sends before
    /// that is read and dropped by OpenSSL).
    fn close_notify(&mut self, c: &mut Conn) -> Step {
        let Some(t) = c.tls() else {
            return Step::Close;
        };
        let r = t.unwrap().map(|_| ());
        let ours_sent = match &r {
            Ok(()) => true,
            Err(e) => e.kind() == ErrorKind::WantRead,
        };
        if ours_sent && !c.fin_sent {
            // Our close_notify is written and nothing follows it: half-close
            // now, so that (corked) the FIN leaves in the same segment
            // instead of one more at close(). The peer's close_notify is
            // still read.
            c.fin_sent = true;
            let _ = tcp(c).map(|s| s.shutdown(Shutdown::Write));
        }
        let Some(t) = c.tls() else {
            return Step::Close;
        };
        match r {
            Ok(()) => Step::Close,
            Err(e) if e.kind() == ErrorKind::WantRead => {
                // OpenSSL also asks to read again after dropping a record
                // that came after our close_notify; only a socket that had
                // nothing left (EAGAIN) is really blocked.
                if t.last_errno() == libc::EAGAIN {
                    Step::Blocked
                } else {
                    Step::Continue
                }
            }
            Err(e) if would_block(&e) => blocked(c, &e),
            Err(e) => {
                if c.failure.is_none() {
                    c.note = Some("no close_notify from peer");
                }
                log::debug!("{} closing: {}", c.peer, describe(&e));
                Step::Close
            }
        }
    }

    fn fail_and_linger(&mut self, c: &mut Conn, what: &str, e: &Error, now: Instant) -> Step {
        c.fail(format!("{what}: {}", describe(e)));
        self.start_linger(c, now, None)
    }

    /// Lingering close: drop TLS (OpenSSL has already written any alert),
    /// optionally say something in plain text, shut the write side down and
    /// drain for at most [`LINGER`], so that our last bytes are not destroyed
    /// by a reset while the peer's are unread.
    fn start_linger(&mut self, c: &mut Conn, now: Instant, say: Option<&[u8]>) -> Step {
        note_session(c);
        let stream = match std::mem::replace(&mut c.io, Io::Closed) {
            Io::Raw(s) => Some(s),
            Io::Tls(t) => t.into_inner(),
            Io::Closed => None,
        };
        let Some(stream) = stream else {
            return Step::Close;
        };
        if let Some(bytes) = say {
            let _ = (&stream.0).write(bytes);
        }
        let _ = stream.0.shutdown(Shutdown::Write);
        c.io = Io::Raw(stream);
        c.phase = Phase::Linger;
        self.set_deadline(c, now + LINGER);
        Step::Continue
    }

    fn linger(&mut self, c: &mut Conn) -> Step {
        let Io::Raw(s) = &c.io else {
            return Step::Close;
        };
        match (&s.0).read(&mut self.scratch) {
            Ok(0) => Step::Close,
            Ok(_) => Step::Continue,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => Step::Blocked,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Step::Continue,
            Err(_) => Step::Close,
        }
    }

    fn abort_all(&mut self) {
        let ids: Vec<usize> = self.conns.keys().copied().collect();
        for id in ids {
            if let Some(mut c) = self.conns.remove(&id) {
                c.fail("aborted: server shutting down");
                self.finish(c);
            }
        }
    }

    /// The connection's one log line; dropping it closes the socket.
    fn finish(&mut self, mut c: Box<Conn>) {
        if log::log_enabled!(log::Level::Info) {
            note_session(&mut c);
            log::info!("{}", log_line(&c));
        }
        // Close now (the log line above needed the TLS state), then drop the
        // record.
        c.io = Io::Closed;
        drop(c);
        self.release();
        self.closed_since_trim = self.closed_since_trim.saturating_add(1);
        // Nothing reads these in a server; keep them from piling up.
        take_warnings();
        take_unraisable();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unescape;

    #[test]
    fn unescape_understands_the_usual_escapes() {
        assert_eq!(unescape(r"a\r\nb\tc\\d\x41\0"), b"a\r\nb\tc\\dA\0");
        assert_eq!(unescape(r"\q\"), b"\\q\\");
        assert_eq!(unescape(r"\xZZ"), b"\\xZZ");
    }

    #[test]
    fn byte_counts_and_seconds() {
        assert_eq!(parse_byte_count("1048576"), Ok(1 << 20));
        assert_eq!(parse_byte_count("1M"), Ok(1 << 20));
        assert_eq!(parse_byte_count("2k"), Ok(2048));
        assert!(parse_byte_count("x").is_err());
        assert!(parse_byte_count("99999999999999G").is_err());
        assert_eq!(parse_seconds("1.5"), Ok(Duration::from_millis(1500)));
        assert!(parse_seconds("-1").is_err());
        assert!(parse_seconds("1e30").is_err());
        assert!(parse_seconds("nan").is_err());
    }

    #[test]
    fn blank_line_detection() {
        assert!(has_blank_line(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        assert!(has_blank_line(b"GET /\n\n"));
        assert!(!has_blank_line(b"GET / HTTP/1.1\r\n"));
    }

    #[test]
    fn hello_reply_has_the_right_length() {
        let text = std::str::from_utf8(HELLO_REPLY).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.contains(&format!("Content-Length: {}", body.len())));
        let plain = std::str::from_utf8(PLAIN_HTTP_REPLY).unwrap();
        let (head, body) = plain.split_once("\r\n\r\n").unwrap();
        assert!(head.contains(&format!("Content-Length: {}", body.len())));
    }
}

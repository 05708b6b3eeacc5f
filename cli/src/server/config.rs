//! The server's configuration: what the flags ask for ([`ServerConfig`],
//! [`Mode`]) and the parsers of their values.

use super::*;

/// What the server does with each connection after the handshake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Read the request up to the blank line, send these bytes (`--reply`,
    /// [`HELLO_REPLY`] by default).
    Reply(Vec<u8>),
    /// `--echo`: send back everything read, until the peer closes.
    Echo,
    /// `--www`: read the request, answer with an HTML page describing the
    /// connection (as `openssl s_server -www`).
    Www,
    /// `--source N`: send N bytes right after the handshake.
    Source(u64),
    /// `--sink`: read to end of file and count.
    Sink,
}

impl Mode {
    pub(super) fn name(&self) -> &'static str {
        match self {
            Mode::Reply(r) if r == HELLO_REPLY => "hello",
            Mode::Reply(_) => "reply",
            Mode::Echo => "echo",
            Mode::Www => "www",
            Mode::Source(_) => "source",
            Mode::Sink => "sink",
        }
    }
}

/// Everything the server's flags ask for, parsed once.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The context flags.
    pub context: ContextSpec,
    /// `--keylog FILE`: `ctx.keylog_filename = FILE` after the contract's steps.
    pub keylog: Option<PathBuf>,
    /// `--bind HOST` (a name, an address, or `[v6]`).
    pub bind: String,
    /// `--port` (0: the system picks one; the `listening on` line tells).
    pub port: u16,
    /// The mode flags.
    pub mode: Mode,
    /// `--handshake-timeout`: from accept to the handshake's end.
    pub handshake_timeout: Duration,
    /// `--idle-timeout`: longest pause in a connection after the handshake.
    pub idle_timeout: Duration,
    /// `--max-connections`: beyond it, new connections wait in the backlog.
    pub max_connections: usize,
    /// `--grace`: after SIGINT/SIGTERM, how long open connections may take.
    pub grace: Duration,
    /// `--workers`: event loops (threads) accepting on the same listening
    /// socket; `--max-connections` counts the connections of all of them.
    pub workers: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            context: ContextSpec::default(),
            keylog: None,
            bind: DEFAULT_BIND.to_string(),
            port: DEFAULT_PORT,
            mode: Mode::Reply(HELLO_REPLY.to_vec()),
            handshake_timeout: DEFAULT_HANDSHAKE_TIMEOUT,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS as usize,
            grace: DEFAULT_GRACE,
            workers: 1,
        }
    }
}

/// A duration flag in seconds (fractions allowed, 0 … one year).
pub fn parse_seconds(text: &str) -> std::result::Result<Duration, String> {
    let v: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a number of seconds"))?;
    if !(0.0..=MAX_SECONDS).contains(&v) {
        return Err(format!("{text} is not between 0 and {MAX_SECONDS} seconds"));
    }
    Duration::try_from_secs_f64(v).map_err(|e| e.to_string())
}

/// `--source BYTES`: an integer, optionally with a binary `K`, `M` or `G`
/// suffix (`1M` = 1048576).
pub fn parse_byte_count(text: &str) -> std::result::Result<u64, String> {
    let t = text.trim();
    let (digits, mult) = match t.char_indices().last() {
        Some((i, 'k' | 'K')) => (&t[..i], 1u64 << 10),
        Some((i, 'm' | 'M')) => (&t[..i], 1 << 20),
        Some((i, 'g' | 'G')) => (&t[..i], 1 << 30),
        _ => (t, 1),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(mult))
        .ok_or_else(|| format!("{text:?} is not a byte count (e.g. 1048576 or 1M)"))
}

/// `--workers N`: 1 … [`MAX_WORKERS`], or `auto` (the cores this process
/// may run on, `std::thread::available_parallelism`).
pub fn parse_workers(text: &str) -> std::result::Result<usize, String> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("auto") {
        return Ok(std::thread::available_parallelism().map_or(1, |n| n.get()));
    }
    match t.parse::<usize>() {
        Ok(n) if (1..=MAX_WORKERS).contains(&n) => Ok(n),
        _ => Err(format!(
            "{text:?} is not a worker count (1 to {MAX_WORKERS}, or auto)"
        )),
    }
}

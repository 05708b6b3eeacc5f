//! `pyssl-client`: a TLS client that behaves as CPython's `ssl` does.
//!
//! Flags ([`Opts`]) → one plain [`ClientConfig`] → [`client::run`].

// The field doc comments below are clap's --help text (HOST[:PORT], [::1]…),
// not rustdoc links.
#![allow(rustdoc::broken_intra_doc_links, rustdoc::redundant_explicit_links)]

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use pyssl::Error;
use pyssl_cli::client::{self, get_request, parse_target, ClientConfig, LoadConfig, Mode};
use pyssl_cli::{dump_context, init_logging, print_dump, ContextArgs, Side};

/// A TLS client with CPython's ssl behaviour: connect, send an HTTP/1.1 GET
/// (or --request), write the reply to stdout.
#[derive(Debug, Parser)]
#[command(
    name = "pyssl-client",
    version,
    after_help = "Examples:\n  \
        pyssl-client --json https://example.org/\n  \
        pyssl-client localhost:8443 --cafile certs/ca.pem --repeat 1000 --concurrency 8 --reuse"
)]
struct Opts {
    /// HOST[:PORT], [IPv6]:PORT or https://HOST[:PORT]/PATH (port 443 by default)
    #[arg(value_name = "TARGET")]
    target: Option<String>,
    #[command(flatten)]
    context: ContextArgs,
    /// Turn hostname checking and verification off (check_hostname = False, CERT_NONE)
    #[arg(long)]
    insecure: bool,
    /// Name sent as SNI and checked against the certificate (default: the target's host)
    #[arg(long, value_name = "NAME")]
    server_hostname: Option<String>,
    /// Append the TLS secrets to FILE in NSS key log format (keylog_filename; SSLKEYLOGFILE also works)
    #[arg(long, value_name = "FILE")]
    keylog: Option<PathBuf>,
    /// Resume the session saved in FILE (PEM, as openssl s_client -sess_out) and save the new one there
    #[arg(long, value_name = "FILE")]
    session_file: Option<PathBuf>,
    /// Seconds allowed for the TCP connect and for each TLS read or write
    #[arg(long, value_name = "SECONDS", default_value = "10", value_parser = seconds)]
    timeout: Duration,
    /// Send "GET PATH HTTP/1.1" with Host and Connection: close (default: GET / or the URL's path)
    #[arg(long, value_name = "PATH", conflicts_with = "request")]
    get: Option<String>,
    /// Send TEXT as the request instead; escapes such as \r \n \t \\ \xHH are understood
    #[arg(long, value_name = "TEXT")]
    request: Option<String>,
    /// Print one JSON object for the connection (ok, version, cipher, alpn, session_reused, peer_cert, error)
    #[arg(long)]
    json: bool,
    /// Read the reply to EOF without printing it; report its size and MB/s
    #[arg(long, conflicts_with_all = ["repeat", "duration"])]
    sink: bool,
    /// Send BYTES of data (K/M/G suffixes) instead of a request, then close_notify; report the size and MB/s (pyssl-server --sink's counterpart)
    #[arg(long, value_name = "BYTES", value_parser = pyssl_cli::server::parse_byte_count,
          conflicts_with_all = ["sink", "get", "request", "repeat", "duration"])]
    upload: Option<u64>,
    /// Print getpeercert() as JSON and close (no request is sent)
    #[arg(long, conflicts_with_all = ["json", "sink", "upload", "get", "request", "repeat", "duration"])]
    show_cert: bool,
    /// Load mode: make N connections (handshake, request, reply) and report handshakes/s
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    repeat: Option<u64>,
    /// Load mode: connections at a time (default 1)
    #[arg(long, value_name = "C", value_parser = clap::value_parser!(u64).range(1..=client::MAX_CONCURRENCY as u64))]
    concurrency: Option<u64>,
    /// Load mode: each worker resumes the session of its previous connection
    #[arg(long)]
    reuse: bool,
    /// Load mode: stop starting connections after SECONDS
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    duration: Option<Duration>,
    /// More log output (repeat for more)
    #[arg(short, long, action = clap::ArgAction::Count)]
    verbose: u8,
    /// Less log output
    #[arg(short, long, action = clap::ArgAction::Count)]
    quiet: u8,
}

/// A positive number of seconds.
fn seconds(s: &str) -> Result<Duration, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 && x < 1e9 => Ok(Duration::from_secs_f64(x)),
        _ => Err(format!("expected a positive number of seconds, not {s:?}")),
    }
}

impl Opts {
    /// The plain configuration, with every flag parsed and checked.
    fn into_config(self) -> pyssl::Result<ClientConfig> {
        let mut spec = self.context.to_spec()?;
        spec.insecure = self.insecure;
        if spec.protocol.is_some() {
            return Err(Error::value_error(
                "--protocol is only for --dump-context; connections use create_default_context()",
            ));
        }
        let Some(text) = self.target.as_deref() else {
            return Err(Error::value_error(
                "no target: give HOST[:PORT] or https://HOST[:PORT]/PATH (see --help)",
            ));
        };
        let target = parse_target(text)?;
        let load = match (self.repeat, self.duration) {
            (None, None) => {
                if self.concurrency.is_some() || self.reuse {
                    return Err(Error::value_error(
                        "--concurrency and --reuse need --repeat N or --duration SECONDS",
                    ));
                }
                None
            }
            (repeat, duration) => Some(LoadConfig {
                repeat,
                concurrency: self
                    .concurrency
                    .map_or(1, |c| usize::try_from(c).unwrap_or(client::MAX_CONCURRENCY)),
                reuse: self.reuse,
                duration,
            }),
        };
        let request = match (&self.request, &self.get) {
            (Some(r), _) => pyssl_cli::unescape(r),
            (None, Some(path)) => get_request(&target, path),
            (None, None) => get_request(&target, target.path.as_deref().unwrap_or("/")),
        };
        let mode = if self.show_cert {
            Mode::ShowCert
        } else if self.sink {
            Mode::Sink
        } else if let Some(n) = self.upload {
            Mode::Upload(n)
        } else {
            Mode::Fetch
        };
        Ok(ClientConfig {
            spec,
            server_hostname: self.server_hostname.unwrap_or_else(|| target.host.clone()),
            target,
            request,
            mode,
            json: self.json,
            timeout: self.timeout,
            keylog: self.keylog,
            session_file: self.session_file,
            load,
        })
    }
}

fn run(opts: Opts) -> pyssl::Result<ExitCode> {
    if opts.insecure {
        log::warn!("--insecure: the server's certificate and host name are NOT checked");
    }
    if opts.context.dump_context {
        let mut spec = opts.context.to_spec()?;
        spec.insecure = opts.insecure;
        return Ok(print_dump(dump_context(&spec, Side::Client)));
    }
    let cfg = opts.into_config()?;
    Ok(client::run(&cfg))
}

fn main() -> ExitCode {
    let opts: Opts = pyssl_cli::parse_args(&["--json", "--dump-context"]);
    init_logging(opts.verbose, opts.quiet);
    let json_to_stdout = opts.json || opts.context.dump_context;
    match run(opts) {
        Ok(code) => code,
        Err(e) => client::report_setup_error(&e, json_to_stdout),
    }
}

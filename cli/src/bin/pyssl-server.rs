//! `pyssl-server`: a TLS server that behaves as CPython's `ssl` does.
//!
//! Flags → [`ServerConfig`] (the context
//! part a [`ContextSpec`](pyssl_cli::ContextSpec)) → the serving loop of
//! [`pyssl_cli::server`].

// The field doc comments below are clap's --help text (HOST[:PORT], [::1]…),
// not rustdoc links.
#![allow(rustdoc::broken_intra_doc_links, rustdoc::redundant_explicit_links)]

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{ArgGroup, Parser, ValueEnum};
use pyssl_cli::server::{self, Mode, ServerConfig};
use pyssl_cli::{init_logging, print_dump, ContextArgs, VerifyClient};

#[derive(Debug, Clone, Copy, ValueEnum)]
enum VerifyClientArg {
    Optional,
    Required,
}

/// `--reply` text with its escapes resolved.
#[derive(Debug, Clone)]
struct ReplyBytes(Vec<u8>);

fn parse_reply(text: &str) -> Result<ReplyBytes, String> {
    Ok(ReplyBytes(pyssl_cli::unescape(text)))
}

/// A TLS server with CPython's ssl behaviour (by default: HTTPS on localhost:4433, bundled test certificates, a log line per connection on stderr)
#[derive(Debug, Parser)]
#[command(
    name = "pyssl-server",
    version,
    group(ArgGroup::new("mode").args(["reply", "echo", "www", "source", "sink"])),
    after_help = "Examples:\n  pyssl-server --port 8443 --www --alpn h2,http/1.1 --client-ca certs/ca.pem --verify-client optional\n  pyssl-server --port 0 --source 1M --min-version TLSv1_3 --keylog /tmp/keys.txt"
)]
struct Opts {
    #[command(flatten)]
    context: ContextArgs,
    /// options |= OP_NO_TICKET
    #[arg(long)]
    no_ticket: bool,
    /// TLS 1.3 session tickets to send (SSLContext.num_tickets)
    #[arg(long, value_name = "N")]
    num_tickets: Option<i64>,
    /// CA certificates (PEM) that client certificates must chain to
    #[arg(long, value_name = "FILE")]
    client_ca: Option<PathBuf>,
    /// Ask for a client certificate: optional (CERT_OPTIONAL) or required (CERT_REQUIRED)
    #[arg(long, value_enum, value_name = "MODE")]
    verify_client: Option<VerifyClientArg>,
    /// Append TLS secrets in NSS key-log format to FILE (SSLContext.keylog_filename)
    #[arg(long, value_name = "FILE")]
    keylog: Option<PathBuf>,
    #[arg(long, value_name = "HOST", default_value = server::DEFAULT_BIND,
          help = "Address or host name to listen on ([::1] or ::1 for IPv6)")]
    bind: String,
    /// TCP port; 0 picks a free one (the "listening on" line tells which)
    #[arg(long, value_name = "PORT", default_value_t = server::DEFAULT_PORT)]
    port: u16,
    /// After the request, send these bytes instead of the hello response (escapes: \r \n \t \0 \\ \xHH)
    #[arg(long, value_name = "TEXT", value_parser = parse_reply)]
    reply: Option<ReplyBytes>,
    /// Send back everything the client sends, until it closes
    #[arg(long)]
    echo: bool,
    /// After the request, answer with an HTML page describing the TLS connection
    #[arg(long)]
    www: bool,
    /// Send BYTES bytes right after the handshake, then close (K/M/G suffixes: 1M = 1048576)
    #[arg(long, value_name = "BYTES", value_parser = server::parse_byte_count)]
    source: Option<u64>,
    /// Read until the client closes and log the byte count
    #[arg(long)]
    sink: bool,
    /// Seconds from accept to the end of the handshake
    #[arg(long, value_name = "SECS", value_parser = server::parse_seconds,
          default_value = "10")]
    handshake_timeout: Duration,
    /// Seconds a connection may stay silent after the handshake
    #[arg(long, value_name = "SECS", value_parser = server::parse_seconds,
          default_value = "30")]
    idle_timeout: Duration,
    /// Open connections at most; more wait in the listen backlog
    #[arg(long, value_name = "N", default_value_t = server::DEFAULT_MAX_CONNECTIONS,
          value_parser = clap::value_parser!(u32).range(1..))]
    max_connections: u32,
    /// Seconds open connections get to finish after SIGINT/SIGTERM (a second signal stops at once)
    #[arg(long, value_name = "SECS", value_parser = server::parse_seconds,
          default_value = "5")]
    grace: Duration,
    /// Event loops (threads) serving the port: a number, or auto for one per core
    #[arg(long, value_name = "N", value_parser = server::parse_workers, default_value = "1")]
    workers: usize,
    /// More log output (repeat for more)
    #[arg(short, long, action = clap::ArgAction::Count)]
    verbose: u8,
    /// Less log output (-q: warnings only, -qq: errors only)
    #[arg(short, long, action = clap::ArgAction::Count)]
    quiet: u8,
}

fn config(opts: &Opts) -> pyssl::Result<ServerConfig> {
    let mut spec = opts.context.to_spec()?;
    spec.no_ticket = opts.no_ticket;
    spec.num_tickets = opts.num_tickets;
    spec.client_ca = opts.client_ca.clone();
    spec.verify_client = opts.verify_client.map(|v| match v {
        VerifyClientArg::Optional => VerifyClient::Optional,
        VerifyClientArg::Required => VerifyClient::Required,
    });
    let mode = if opts.echo {
        Mode::Echo
    } else if opts.www {
        Mode::Www
    } else if opts.sink {
        Mode::Sink
    } else if let Some(n) = opts.source {
        Mode::Source(n)
    } else if let Some(r) = &opts.reply {
        Mode::Reply(r.0.clone())
    } else {
        Mode::Reply(server::HELLO_REPLY.to_vec())
    };
    Ok(ServerConfig {
        context: spec,
        keylog: opts.keylog.clone(),
        bind: opts.bind.clone(),
        port: opts.port,
        mode,
        handshake_timeout: opts.handshake_timeout,
        idle_timeout: opts.idle_timeout,
        max_connections: opts.max_connections as usize,
        grace: opts.grace,
        workers: opts.workers,
    })
}

fn run(opts: &Opts) -> pyssl::Result<ExitCode> {
    let dump = opts.context.dump_context;
    let cfg = match config(opts) {
        Ok(cfg) => cfg,
        Err(e) if dump => return Ok(print_dump(Err(pyssl_cli::error_object(&e)))),
        Err(e) => return Err(e),
    };
    if dump {
        return Ok(server::dump_context(&cfg));
    }
    server::serve(&cfg)?;
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let opts: Opts = pyssl_cli::parse_args(&["--dump-context"]);
    // A server's per-connection lines are its output: info by default.
    init_logging(opts.verbose.saturating_add(1), opts.quiet);
    match run(&opts) {
        Ok(code) => code,
        Err(e) => {
            server::report_startup_error(&e);
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_defaults_are_the_config_defaults() {
        let opts = Opts::parse_from(["pyssl-server"]);
        let cfg = config(&opts).expect("config");
        let def = ServerConfig::default();
        assert_eq!(cfg.bind, def.bind);
        assert_eq!(cfg.port, def.port);
        assert_eq!(cfg.mode, def.mode);
        assert_eq!(cfg.handshake_timeout, def.handshake_timeout);
        assert_eq!(cfg.idle_timeout, def.idle_timeout);
        assert_eq!(cfg.max_connections, def.max_connections);
        assert_eq!(cfg.grace, def.grace);
        assert_eq!(cfg.workers, def.workers);
    }

    #[test]
    fn one_mode_at_a_time() {
        assert!(Opts::try_parse_from(["pyssl-server", "--echo", "--sink"]).is_err());
        let opts = Opts::try_parse_from(["pyssl-server", "--reply", r"hi\r\n"]).expect("parse");
        assert_eq!(
            config(&opts).expect("config").mode,
            Mode::Reply(b"hi\r\n".to_vec())
        );
    }
}

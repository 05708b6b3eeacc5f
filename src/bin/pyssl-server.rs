//! `pyssl-server`: a TLS server that behaves as CPython's `ssl` does.
//!
//! Flags → [`ContextSpec`](pyssl::cli::ContextSpec) → library calls.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use pyssl::cli::{dump_context, init_logging, print_dump, ContextArgs, Side, VerifyClient};

#[derive(Debug, Clone, Copy, ValueEnum)]
enum VerifyClientArg {
    Optional,
    Required,
}

/// A TLS server with CPython's ssl behaviour.
#[derive(Debug, Parser)]
#[command(
    name = "pyssl-server",
    version,
    after_help = "Examples:\n  pyssl-server --dump-context --compat 3.8\n  pyssl-server --dump-context --no-ticket --client-ca certs/ca.pem --verify-client required"
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
    #[arg(long, value_enum)]
    verify_client: Option<VerifyClientArg>,
    /// More log output (repeat for more)
    #[arg(short, long, action = clap::ArgAction::Count)]
    verbose: u8,
    /// Less log output
    #[arg(short, long, action = clap::ArgAction::Count)]
    quiet: u8,
}

fn run(opts: Opts) -> pyssl::Result<ExitCode> {
    let mut spec = opts.context.to_spec()?;
    spec.no_ticket = opts.no_ticket;
    spec.num_tickets = opts.num_tickets;
    spec.client_ca = opts.client_ca.clone();
    spec.verify_client = opts.verify_client.map(|v| match v {
        VerifyClientArg::Optional => VerifyClient::Optional,
        VerifyClientArg::Required => VerifyClient::Required,
    });
    if opts.context.dump_context {
        return Ok(print_dump(dump_context(&spec, Side::Server)));
    }
    eprintln!("pyssl-server: only --dump-context is available in this release");
    Ok(ExitCode::from(2))
}

fn main() -> ExitCode {
    let opts = Opts::parse();
    init_logging(opts.verbose, opts.quiet);
    match run(opts) {
        Ok(code) => code,
        Err(e) => {
            pyssl::cli::print_json(&serde_json::json!({ "error": e.to_json() }));
            eprintln!("error: {e} ({})", e.python_type());
            ExitCode::from(1)
        }
    }
}

//! `pyssl-client`: a TLS client that behaves as CPython's `ssl` does.
//!
//! Flags → [`ContextSpec`](pyssl::cli::ContextSpec) → library calls.

use std::process::ExitCode;

use clap::Parser;
use pyssl::cli::{dump_context, init_logging, print_dump, ContextArgs, Side};

/// A TLS client with CPython's ssl behaviour.
#[derive(Debug, Parser)]
#[command(
    name = "pyssl-client",
    version,
    after_help = "Examples:\n  pyssl-client --dump-context --compat 3.9\n  pyssl-client --dump-context --ciphers 'HIGH:!RC4:!MD5:!3DES' --options=OP_NO_TICKET"
)]
struct Opts {
    #[command(flatten)]
    context: ContextArgs,
    /// Turn hostname checking and verification off (check_hostname = False, CERT_NONE)
    #[arg(long)]
    insecure: bool,
    /// More log output (repeat for more)
    #[arg(short, long, action = clap::ArgAction::Count)]
    verbose: u8,
    /// Less log output
    #[arg(short, long, action = clap::ArgAction::Count)]
    quiet: u8,
}

fn run(opts: Opts) -> pyssl::Result<ExitCode> {
    let mut spec = opts.context.to_spec()?;
    spec.insecure = opts.insecure;
    if opts.insecure {
        log::warn!("--insecure: the server's certificate and host name are NOT checked");
    }
    if opts.context.dump_context {
        return Ok(print_dump(dump_context(&spec, Side::Client)));
    }
    eprintln!("pyssl-client: only --dump-context is available in this release");
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

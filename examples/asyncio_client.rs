//! An asyncio TLS client, ported: `open_connection(ssl=ctx)`, write, drain, read lines,
//! close and `wait_closed()`.
//!
//! Ports this Python program:
//!
//! ```python
//! import asyncio, ssl, sys
//!
//! async def main(host, port, cafile):
//!     ctx = ssl.create_default_context(cafile=cafile)
//!     reader, writer = await asyncio.open_connection(
//!         host, port, ssl=ctx, server_hostname="localhost", ssl_handshake_timeout=10)
//!     print("connected:", writer.get_extra_info("ssl_object").version(),
//!           writer.get_extra_info("cipher")[0])
//!     for line in (b"hello\n", b"asyncio over TLS\n"):
//!         writer.write(line)
//!         await writer.drain()
//!         print("echo:", (await reader.readline()).decode().rstrip())
//!     writer.close()
//!     await writer.wait_closed()
//!     print("closed")
//!
//! asyncio.run(main(sys.argv[1], int(sys.argv[2]), sys.argv[3]))
//! ```
//!
//! What changes in Rust:
//!
//! * `asyncio.open_connection(…, ssl=ctx, server_hostname=…, ssl_handshake_timeout=…)` is
//!   [`pyssl::asyncio::open_connection`] with a [`pyssl::asyncio::TlsOptions`]; it returns
//!   one stream, which `tokio::io::split` (or `into_split`) turns into asyncio's reader and
//!   writer. Its errors are CPython's: `SSLCertVerificationError`, and
//!   `ConnectionAbortedError("SSL handshake is taking longer than 10.0 seconds: aborting the
//!   connection")` for a handshake that does not finish in time.
//! * `reader.readline()` is tokio's `BufReader::read_line` (or `read_until(b'\n')`).
//! * `writer.write(); await writer.drain()` is `write_all(…).await`: the write waits while
//!   more than 64 KiB of ciphertext is buffered, like `drain()`.
//! * `writer.get_extra_info("cipher")` is `stream.cipher()`; every `get_extra_info` name is
//!   a method of [`pyssl::asyncio::TlsStream`].
//! * `writer.close(); await writer.wait_closed()` is `stream.close().await`: close_notify,
//!   then the peer's awaited for at most `ssl_shutdown_timeout` (30 s) on 3.11+.
//!
//! `cargo run --example asyncio_client -- 127.0.0.1:PORT certs/ca.pem` talks to a line echo
//! server that answers in upper case (such as `cargo run --example asyncio_server`). With
//! no arguments it starts that server itself on 127.0.0.1 and talks to it.

use std::time::Duration;

use pyssl::asyncio::{open_connection, TlsOptions};
use pyssl::{DefaultContext, Purpose};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

async fn run(host: &str, port: u16, cafile: &str) -> Result<(), Box<dyn std::error::Error>> {
    let ctx = DefaultContext::new(Purpose::ServerAuth)
        .cafile(cafile)
        .build()?;
    let mut opts = TlsOptions::with_server_hostname("localhost");
    opts.ssl_handshake_timeout = Some(Duration::from_secs(10));
    let stream = open_connection(host, port, &ctx, opts).await?;
    println!(
        "connected: {} {}",
        stream.ssl_object().version().unwrap_or_default(),
        stream.cipher().map(|c| c.0).unwrap_or_default()
    );
    let mut stream = BufReader::new(stream);
    for line in [&b"hello\n"[..], b"asyncio over TLS\n"] {
        stream.get_mut().write_all(line).await?;
        let mut answer = String::new();
        stream.read_line(&mut answer).await?;
        println!("echo: {}", answer.trim_end());
    }
    stream.into_inner().close().await?;
    println!("closed");
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [addr, cafile] = args.as_slice() {
        let (host, port) = addr.rsplit_once(':').ok_or("expected HOST:PORT")?;
        return run(host, port.parse()?, cafile).await;
    }
    // No arguments: our own upper-casing echo server on 127.0.0.1, one connection.
    let root = env!("CARGO_MANIFEST_DIR");
    let ctx = pyssl::SslContext::new(pyssl::Protocol::TlsServer)?;
    ctx.load_cert_chain(
        format!("{root}/certs/server.pem"),
        Some(format!("{root}/certs/server.key").as_ref()),
        None,
    )?;
    let server = pyssl::asyncio::start_server("127.0.0.1", 0, &ctx, TlsOptions::default()).await?;
    let port = server.local_addr()?.port();
    let served = tokio::spawn(async move {
        let (stream, _peer) = server.accept().await?;
        let mut stream = BufReader::new(stream);
        let mut line = String::new();
        while stream.read_line(&mut line).await? > 0 {
            stream
                .get_mut()
                .write_all(line.to_uppercase().as_bytes())
                .await?;
            line.clear();
        }
        stream.into_inner().close().await?;
        Ok::<(), pyssl::Error>(())
    });
    run("127.0.0.1", port, &format!("{root}/certs/ca.pem")).await?;
    served.await??;
    Ok(())
}

//! An asyncio TLS server, ported: `start_server(cb, ssl=ctx)`, a line protocol per client,
//! many clients at once.
//!
//! Ports this Python program:
//!
//! ```python
//! import asyncio, ssl, sys
//!
//! async def handle(reader, writer):
//!     peer = writer.get_extra_info("peername")
//!     while line := await reader.readline():
//!         writer.write(line.upper())
//!         await writer.drain()
//!     writer.close()
//!     await writer.wait_closed()
//!     print("served", peer[0], flush=True)
//!
//! async def main(port):
//!     ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
//!     ctx.load_cert_chain("certs/server.pem", "certs/server.key")
//!     server = await asyncio.start_server(handle, "127.0.0.1", port, ssl=ctx)
//!     print(server.sockets[0].getsockname()[1], flush=True)
//!     async with server:
//!         await server.serve_forever()
//!
//! asyncio.run(main(int(sys.argv[1])))
//! ```
//!
//! What changes in Rust:
//!
//! * `asyncio.start_server(handle, host, port, ssl=ctx)` is [`pyssl::asyncio::start_server`];
//!   `server.serve_forever()` takes the callback, which gets the connection (after a
//!   successful handshake, as in asyncio) and the peer's address.
//! * A client whose handshake fails never reaches the callback; asyncio logs it only in
//!   debug mode, pyssl at `log::debug!`.
//! * `server.sockets[0].getsockname()` is `server.local_addr()`.
//!
//! `cargo run --example asyncio_server -- [--port N] [--once]`: prints the port, then
//! serves (with `--once`: the first connection only, then exits).

use pyssl::asyncio::{start_server, TlsOptions, TlsStream};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

async fn handle(stream: TlsStream<TcpStream>, peer: std::net::SocketAddr) {
    let mut stream = BufReader::new(stream);
    let mut line = String::new();
    loop {
        line.clear();
        match stream.read_line(&mut line).await {
            Ok(0) => break,
            Ok(_) => {
                if let Err(e) = stream
                    .get_mut()
                    .write_all(line.to_uppercase().as_bytes())
                    .await
                {
                    eprintln!("{peer}: {e}");
                    return;
                }
            }
            Err(e) => {
                eprintln!("{peer}: {e}");
                return;
            }
        }
    }
    if let Err(e) = stream.into_inner().close().await {
        eprintln!("{peer}: close: {e}");
    }
    println!("served {}", peer.ip());
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut port = 0u16;
    let mut once = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--port" => port = args.next().ok_or("--port needs a value")?.parse()?,
            "--once" => once = true,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let root = env!("CARGO_MANIFEST_DIR");
    let ctx = pyssl::SslContext::new(pyssl::Protocol::TlsServer)?;
    ctx.load_cert_chain(
        format!("{root}/certs/server.pem"),
        Some(format!("{root}/certs/server.key").as_ref()),
        None,
    )?;
    let server = start_server("127.0.0.1", port, &ctx, TlsOptions::default()).await?;
    println!("{}", server.local_addr()?.port());
    if once {
        let (stream, peer) = server.accept().await?;
        handle(stream, peer).await;
        return Ok(());
    }
    server.serve_forever(handle).await?;
    Ok(())
}

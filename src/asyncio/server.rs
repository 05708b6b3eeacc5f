//! `asyncio.start_server(client_connected_cb, host, port, ssl=ctx, …)`.

use std::future::Future;
use std::net::SocketAddr;

use tokio::net::{TcpListener, TcpStream};

use super::{start_tls, TlsOptions, TlsStream};
use crate::context::SslContext;
use crate::error::{Error, Result};

/// A listening TLS server, as `asyncio.start_server(…, ssl=ctx)` returns.
///
/// CPython equivalent: `asyncio.Server` of a server started with `ssl=`; each accepted
/// connection does its handshake in its own task (bounded by `ssl_handshake_timeout`), and
/// only a connection whose handshake succeeded reaches the callback, as in asyncio.
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    ctx: SslContext,
    opts: TlsOptions,
}

/// `asyncio.start_server(client_connected_cb, host, port, ssl=ctx,
/// ssl_handshake_timeout=…, ssl_shutdown_timeout=…)`: binds and listens; run it with
/// [`Server::serve_forever`] (or take connections one at a time with [`Server::accept`]).
pub async fn start_server(
    host: &str,
    port: u16,
    ctx: &SslContext,
    opts: TlsOptions,
) -> Result<Server> {
    let version = ctx.python_version();
    opts.check_arguments(version, "create_server")?;
    if opts.server_hostname.is_some() {
        // create_server has no server_hostname argument.
        let func = if version.at_least(10) {
            "BaseEventLoop.create_server"
        } else {
            "create_server"
        };
        return Err(Error::type_error(format!(
            "{func}() got an unexpected keyword argument 'server_hostname'"
        )));
    }
    let listener = TcpListener::bind((host, port)).await.map_err(Error::from)?;
    Ok(Server {
        listener,
        ctx: ctx.clone(),
        opts,
    })
}

impl Server {
    /// The bound address (`server.sockets[0].getsockname()`).
    #[doc(alias = "sockets")]
    pub fn local_addr(&self) -> Result<SocketAddr> {
        self.listener.local_addr().map_err(Error::from)
    }

    /// Accepts one TCP connection and runs its handshake in the caller's task; a failed
    /// handshake is this call's error. Spawn the work per connection (or use
    /// [`serve_forever`](Server::serve_forever)) so one slow client does not hold up others.
    pub async fn accept(&self) -> Result<(TlsStream<TcpStream>, SocketAddr)> {
        let (tcp, peer) = self.listener.accept().await.map_err(Error::from)?;
        tcp.set_nodelay(true).map_err(Error::from)?;
        let stream = start_tls(tcp, &self.ctx, true, self.opts.clone()).await?;
        Ok((stream, peer))
    }

    /// `await server.serve_forever()` with `client_connected_cb`: every connection
    /// handshakes in its own task and, once it succeeded, `cb` runs with it. A failed
    /// handshake is logged at debug level and dropped, as asyncio does with an `OSError`
    /// (every `SSLError` is one) outside debug mode. Returns only when accepting fails.
    pub async fn serve_forever<F, Fut>(self, cb: F) -> Result<()>
    where
        F: Fn(TlsStream<TcpStream>, SocketAddr) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let cb = std::sync::Arc::new(cb);
        loop {
            let (tcp, peer) = self.listener.accept().await.map_err(Error::from)?;
            let ctx = self.ctx.clone();
            let opts = self.opts.clone();
            let cb = cb.clone();
            tokio::spawn(async move {
                let _ = tcp.set_nodelay(true);
                match start_tls(tcp, &ctx, true, opts).await {
                    Ok(stream) => cb(stream, peer).await,
                    Err(e) => log::debug!("SSL handshake failed with {peer}: {e}"),
                }
            });
        }
    }
}

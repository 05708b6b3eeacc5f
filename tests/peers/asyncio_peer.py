"""CPython's asyncio TLS behaviour, for tests/asyncio_diff.rs (pyssl::asyncio beside it).

    python3 asyncio_peer.py peer KIND          a blocking TLS peer for one connection of
                                               scenario KIND; prints its port, then serves
    python3 asyncio_peer.py client KIND PORT   CPython's asyncio client of scenario KIND
                                               against such a peer; prints the outcome (JSON)
    python3 asyncio_peer.py server KIND        CPython's asyncio server of scenario KIND for
                                               one connection; prints its port, then serves
    python3 asyncio_peer.py rawclient KIND PORT  a blocking TLS client that reports what it
                                               saw of a server of scenario KIND (JSON)

Every outcome is plain data: "ok", or [exception class name, str(exc) without the build's
" (_ssl.c:NNN)"], or bytes as a list of lengths, so that the pyssl side can produce the
same document. Loopback only; each process serves one connection and exits.
"""
import asyncio
import json
import os
import re
import socket
import ssl
import sys
import threading
import time

CERTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "certs")
SHORT = 0.5  # the handshake and shutdown timeouts of the timeout scenarios


def cert(name):
    return os.path.join(CERTS, name)


def exc(e):
    return [type(e).__name__, re.sub(r" \(_ssl\.c:\d+\)$", "", str(e))]


# ---------------------------------------------------------------------------
# Blocking peers of the client scenarios
# ---------------------------------------------------------------------------

PEER_CERTS = {
    "untrusted": ("untrusted.pem", "untrusted.key"),
    "wrong_host": ("wrong-host.pem", "wrong-host.key"),
}


def peer(kind):
    ls = socket.socket()
    ls.bind(("127.0.0.1", 0))
    if kind == "refused":  # a port the kernel just gave out, with nothing listening on it
        print(ls.getsockname()[1], flush=True)
        ls.close()
        return
    ls.listen(1)
    print(ls.getsockname()[1], flush=True)
    ls.settimeout(30)
    conn, _ = ls.accept()
    ls.close()
    conn.settimeout(30)
    try:
        if kind == "silent":
            time.sleep(3)
            return
        if kind == "tcp_close":
            conn.recv(4096)
            return
        if kind == "starttls":
            f = conn.makefile("rb")
            conn.sendall(b"220 ready\r\n")
            if f.readline() != b"STARTTLS\r\n":
                return
            conn.sendall(b"220 go ahead\r\n")
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        c, k = PEER_CERTS.get(kind, ("server.pem", "server.key"))
        ctx.load_cert_chain(cert(c), cert(k))
        if kind == "tls13_only":
            ctx.minimum_version = ssl.TLSVersion.TLSv1_3
        try:
            s = ctx.wrap_socket(conn, server_side=True)
        except (ssl.SSLError, OSError):
            return
        if kind == "ragged":
            s.sendall(b"hello")
            time.sleep(0.2)
            s.close()  # no close_notify
        elif kind == "clean":
            s.sendall(b"hello")
            time.sleep(0.2)
            try:
                s.unwrap()
            except (ssl.SSLError, OSError):
                pass
        elif kind in ("echo", "starttls"):
            while True:
                d = s.recv(65536)
                if not d:
                    break
                s.sendall(d)
            try:
                s.unwrap()
            except (ssl.SSLError, OSError):
                pass
        elif kind == "no_close_reply":
            s.recv(10)
            time.sleep(2)
    finally:
        conn.close()


# ---------------------------------------------------------------------------
# CPython's asyncio client
# ---------------------------------------------------------------------------

async def starttls_client(port, ctx):
    """A plain-text exchange, then TLS on the same connection (SMTP-style)."""
    out = {}
    r, w = await asyncio.open_connection("127.0.0.1", port)
    lines = [(await r.readline()).decode()]
    w.write(b"STARTTLS\r\n")
    await w.drain()
    lines.append((await r.readline()).decode())
    out["plain"] = lines
    try:
        if sys.version_info >= (3, 11):
            await w.start_tls(ctx, server_hostname="localhost")
        else:  # what 3.8-3.10 code does: loop.start_tls, then the streams' transport swapped
            loop = asyncio.get_running_loop()
            transport = await loop.start_tls(w.transport, w.transport.get_protocol(), ctx,
                                             server_hostname="localhost")
            w._transport = transport
            r._transport = transport
    except Exception as e:
        out["start_tls"] = exc(e)
        return out
    out["start_tls"] = "ok"
    out["version"] = w.get_extra_info("ssl_object").version()
    w.write(b"hello over TLS")
    await w.drain()
    out["echo"] = (await r.read(100)).decode()
    w.close()
    try:
        await w.wait_closed()
        out["close"] = "ok"
    except Exception as e:
        out["close"] = exc(e)
    return out


async def client(kind, port):
    ctx = ssl.create_default_context(cafile=cert("ca.pem"))
    if kind == "starttls":
        return await starttls_client(port, ctx)
    if kind == "tls13_only":
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    kw = {}
    if kind == "silent":
        kw["ssl_handshake_timeout"] = SHORT
    if kind == "no_close_reply" and sys.version_info >= (3, 11):
        kw["ssl_shutdown_timeout"] = SHORT
    out = {}
    try:
        r, w = await asyncio.open_connection("127.0.0.1", port, ssl=ctx,
                                             server_hostname="localhost", **kw)
    except Exception as e:
        out["open"] = exc(e)
        return out
    out["open"] = "ok"
    out["cipher"] = list(w.get_extra_info("cipher"))
    out["compression"] = w.get_extra_info("compression")
    out["peer_cn"] = dict(x[0] for x in w.get_extra_info("peercert")["subject"])["commonName"]
    out["version"] = w.get_extra_info("ssl_object").version()
    out["can_write_eof"] = w.can_write_eof()
    try:
        if kind in ("ragged", "clean"):
            out["reads"] = [len(await r.read(100)), len(await r.read(100))]
        elif kind == "echo":
            sizes = [1, 1000, 16384, 16385, 100000, 1 << 20]
            got = []
            for n in sizes:
                w.write(b"x" * n)
                await w.drain()
                data = b""
                while len(data) < n:
                    chunk = await r.read(1 << 20)
                    if not chunk:
                        break
                    data += chunk
                got.append(len(data))
            out["echo"] = got
            try:
                w.write_eof()
                out["write_eof"] = "ok"
            except Exception as e:
                out["write_eof"] = exc(e)
        elif kind == "no_close_reply":
            w.write(b"hi")
            await w.drain()
    except Exception as e:
        out["io"] = exc(e)
    t = time.monotonic()
    w.close()
    try:
        await w.wait_closed()
        out["close"] = "ok"
    except Exception as e:
        out["close"] = exc(e)
    # In half seconds: the scenarios take 0, 0.5 or 2 s; a loaded machine adds a little.
    out["close_s"] = round((time.monotonic() - t) * 2) / 2
    return out


# ---------------------------------------------------------------------------
# CPython's asyncio server, and a blocking client that reports what it saw
# ---------------------------------------------------------------------------

async def server(kind):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert("server.pem"), cert("server.key"))
    if kind in ("client_cert", "no_client_cert"):
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.load_verify_locations(cert("ca.pem"))
    done = asyncio.Event()

    async def cb(r, w):
        try:
            if kind == "echo":
                while True:
                    d = await r.read(65536)
                    if not d:
                        break
                    w.write(d)
                    await w.drain()
            elif kind == "upper":
                while True:
                    line = await r.readline()
                    if not line:
                        break
                    w.write(line.upper())
                    await w.drain()
            elif kind in ("hello_close", "client_cert"):
                w.write(b"hello")
                await w.drain()
            w.close()
            try:
                await w.wait_closed()
            except Exception:
                pass
        finally:
            done.set()

    kw = {}
    if kind == "silent_client":
        kw["ssl_handshake_timeout"] = SHORT
    srv = await asyncio.start_server(cb, "127.0.0.1", 0, ssl=ctx, **kw)
    print(srv.sockets[0].getsockname()[1], flush=True)
    try:
        # A failed handshake never reaches cb: give it the time of the scenario only.
        await asyncio.wait_for(done.wait(), 2 if kind in ("no_client_cert", "silent_client") else 10)
    except asyncio.TimeoutError:
        pass
    srv.close()


def rawclient(kind, port):
    ctx = ssl.create_default_context(cafile=cert("ca.pem"))
    if kind == "client_cert":
        ctx.load_cert_chain(cert("client.pem"), cert("client.key"))
    out = {}
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    if kind == "silent_client":
        t = time.monotonic()
        try:
            out["recv"] = len(sock.recv(100))
        except Exception as e:
            out["recv"] = exc(e)
        out["after_s"] = round((time.monotonic() - t) * 2) / 2
        sock.close()
        return out
    s = ctx.wrap_socket(sock, server_hostname="localhost")
    out["version"] = s.version()
    if kind == "echo":
        got = []
        for n in (1, 1000, 16385, 100000):
            s.sendall(b"y" * n)
            data = b""
            while len(data) < n:
                chunk = s.recv(1 << 20)
                if not chunk:
                    break
                data += chunk
            got.append(len(data))
        out["echo"] = got
        try:
            s.unwrap()
            out["unwrap"] = "ok"
        except Exception as e:
            out["unwrap"] = exc(e)
    else:
        reads = []
        for _ in range(2):
            try:
                reads.append(len(s.recv(100)))
            except Exception as e:
                reads.append(exc(e))
        out["reads"] = reads
        try:
            s.unwrap()
            out["unwrap"] = "ok"
        except Exception as e:
            out["unwrap"] = exc(e)
    s.close()
    return out


def main():
    mode, kind = sys.argv[1], sys.argv[2]
    if mode == "peer":
        peer(kind)
    elif mode == "client":
        print(json.dumps(asyncio.run(client(kind, int(sys.argv[3])))))
    elif mode == "server":
        asyncio.run(server(kind))
    elif mode == "rawclient":
        print(json.dumps(rawclient(kind, int(sys.argv[3]))))
    else:
        sys.exit("unknown mode %r" % mode)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A CPython `ssl` HTTPS server for tests/interop.rs: the context a
`pyssl-server` with the same flags builds, made by CPython itself.

Usage:
    python3 cpython_server.py --cert F --key K [--bind 127.0.0.1|::1]
        [--ciphers S] [--min-version V] [--max-version V]

The context is built in pyssl-server's order (cli-contract.md):
`create_default_context(Purpose.CLIENT_AUTH)`, `set_ciphers`,
`minimum_version`, `maximum_version`, `load_cert_chain`. CPython 3.6 has no
`minimum_version`: there the bounds become `OP_NO_*` options, as
`pyssl-server --compat 3.6` sets them.

Prints `cpython X.Y.Z, OPENSSL_VERSION`, then `listening on HOST:PORT`
(IPv6 as `[::1]:PORT`), then serves until it
is killed: per connection (one thread each, 10 s socket timeout) the
handshake, the request up to its blank line, the reply
`Hello Secure World!` and a close_notify. A failed handshake ends with a
lingering close (half-close, drain, close) so the peer gets the alert.
Runs under CPython 3.6 ... 3.14.
"""

import argparse
import socket
import ssl
import sys
import threading

TIMEOUT = 10.0
REPLY = (
    b"HTTP/1.1 200 OK\r\n"
    b"Content-Type: text/plain\r\n"
    b"Content-Length: 19\r\n"
    b"Connection: close\r\n"
    b"\r\n"
    b"Hello Secure World!"
)
MAX_REQUEST = 64 * 1024

# TLSVersion member name -> (rank, OP_NO_* name) for the 3.6 way.
ORDER = [
    ("SSLv3", "OP_NO_SSLv3"),
    ("TLSv1", "OP_NO_TLSv1"),
    ("TLSv1_1", "OP_NO_TLSv1_1"),
    ("TLSv1_2", "OP_NO_TLSv1_2"),
    ("TLSv1_3", "OP_NO_TLSv1_3"),
]
RANK = {name: i for i, (name, _) in enumerate(ORDER)}


def bounds_the_36_way(ctx, lo, hi):
    for i, (_, op) in enumerate(ORDER):
        bit = getattr(ssl, op, 0)
        if lo not in (None, "MINIMUM_SUPPORTED") and i < RANK[lo]:
            ctx.options |= bit
        if hi not in (None, "MAXIMUM_SUPPORTED") and i > RANK[hi]:
            ctx.options |= bit


def build_context(args):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    if args.ciphers is not None:
        ctx.set_ciphers(args.ciphers)
    if hasattr(ssl, "TLSVersion"):
        if args.min_version is not None:
            ctx.minimum_version = ssl.TLSVersion[args.min_version]
        if args.max_version is not None:
            ctx.maximum_version = ssl.TLSVersion[args.max_version]
    elif args.min_version is not None or args.max_version is not None:
        bounds_the_36_way(ctx, args.min_version, args.max_version)
    ctx.load_cert_chain(args.cert, args.key)
    return ctx


def linger(sock):
    try:
        sock.settimeout(2.0)
        sock.shutdown(socket.SHUT_WR)
        for _ in range(1024):
            if not sock.recv(4096):
                break
    except OSError:
        pass
    sock.close()


def handle(ctx, sock):
    sock.settimeout(TIMEOUT)
    guard = sock.dup()  # wrap_socket closes its own descriptor on failure
    try:
        ssock = ctx.wrap_socket(sock, server_side=True)
    except Exception:
        sock.close()
        linger(guard)
        return
    guard.close()
    try:
        data = b""
        while b"\r\n\r\n" not in data and b"\n\n" not in data and len(data) < MAX_REQUEST:
            chunk = ssock.recv(4096)
            if not chunk:
                break
            data += chunk
        ssock.sendall(REPLY)
        try:
            ssock.unwrap()
        except Exception:
            pass
    except Exception:
        pass
    finally:
        try:
            ssock.close()
        except Exception:
            pass


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--bind", default="127.0.0.1")
    p.add_argument("--ciphers")
    p.add_argument("--min-version")
    p.add_argument("--max-version")
    args = p.parse_args()
    ctx = build_context(args)
    family = socket.AF_INET6 if ":" in args.bind else socket.AF_INET
    ls = socket.socket(family, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((args.bind, 0))
    ls.listen(64)
    host, port = ls.getsockname()[:2]
    shown = "[%s]" % host if family == socket.AF_INET6 else host
    sys.stdout.write("cpython %d.%d.%d, %s\n" % (sys.version_info[:3] + (ssl.OPENSSL_VERSION,)))
    sys.stdout.write("listening on %s:%d\n" % (shown, port))
    sys.stdout.flush()
    while True:
        sock, _ = ls.accept()
        t = threading.Thread(target=handle, args=(ctx, sock))
        t.daemon = True
        t.start()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass

#!/usr/bin/env python3
"""A CPython `ssl` HTTPS server for tests/scanner_parity.rs: the server a
scanner compares with `pyssl-server` started with the same flags.

Usage:
    python3 cpython_scan_server.py --cert F --key K [--ciphers S] [--no-ticket]

The context, as the issue describes it:

    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.set_ciphers(S)                  # only with --ciphers
    ctx.load_cert_chain(F, K)
    ctx.options |= ssl.OP_NO_TICKET     # only with --no-ticket

(pyssl-server applies `--ciphers` before `load_cert_chain` too; the order
changes nothing here.) Listens on 127.0.0.1 (a free port), prints
`cpython X.Y.Z, OPENSSL_VERSION` and `listening on 127.0.0.1:PORT`, then
serves until killed: per connection (a thread each, 10 s socket timeout) the
handshake, the request up to its blank line, the `Hello Secure World!`
reply (none if the peer closed before sending anything) and a close_notify,
like pyssl-server's default mode. A failed
handshake, or any later error, ends with a lingering close so that the peer
gets the alert (pyssl-server's contract).
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


def build_context(args):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    if args.ciphers is not None:
        ctx.set_ciphers(args.ciphers)
    ctx.load_cert_chain(args.cert, args.key)
    if args.no_ticket:
        ctx.options |= ssl.OP_NO_TICKET
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
    try:
        data = b""
        while b"\r\n\r\n" not in data and b"\n\n" not in data and len(data) < MAX_REQUEST:
            chunk = ssock.recv(4096)
            if not chunk:
                break
            data += chunk
        if data:  # a peer that closed without a request gets no reply
            ssock.sendall(REPLY)
        try:
            ssock.unwrap()
        except Exception:
            pass
        failed = False
    except Exception:
        failed = True
    try:
        ssock.close()
    except Exception:
        pass
    # As pyssl-server: after an error (e.g. the alert for an unexpected
    # message), a lingering close, so the alert is not lost to a reset.
    if failed:
        linger(guard)
    else:
        guard.close()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--ciphers")
    p.add_argument("--no-ticket", action="store_true")
    args = p.parse_args()
    ctx = build_context(args)
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(128)
    host, port = ls.getsockname()[:2]
    sys.stdout.write("cpython %d.%d.%d, %s\n" % (sys.version_info[:3] + (ssl.OPENSSL_VERSION,)))
    sys.stdout.write("listening on %s:%d\n" % (host, port))
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

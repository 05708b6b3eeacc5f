#!/usr/bin/env python3
"""A CPython `ssl` HTTPS client for tests/interop.rs: one connection with
`create_default_context(cafile=CAFILE)`, `GET /`, the reply read to EOF.

Usage:
    python3 cpython_client.py HOST PORT --cafile F [--max-version V]
        [--server-hostname NAME]

Prints one JSON object: `python`, `openssl`, `version`, `cipher`, `alpn`,
`peer_cert` (getpeercert(), tuples as lists) and `reply` (latin-1), or
`{"error": {"type": ..., "message": ...}}` with exit status 1. Every socket
operation has a 10 s timeout. Runs under CPython 3.6 ... 3.14.
"""

import argparse
import json
import re
import socket
import ssl
import sys

TIMEOUT = 10.0
MAX_REPLY = 1 << 20
SUFFIX = re.compile(r" \(_ssl\.c:\d+\)$")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("--cafile", required=True)
    p.add_argument("--max-version")
    p.add_argument("--server-hostname")
    args = p.parse_args()
    out = {
        "python": "%d.%d.%d" % sys.version_info[:3],
        "openssl": ssl.OPENSSL_VERSION,
    }
    try:
        ctx = ssl.create_default_context(cafile=args.cafile)
        if args.max_version is not None:
            ctx.maximum_version = ssl.TLSVersion[args.max_version]
        name = args.server_hostname or args.host
        raw = socket.create_connection((args.host, args.port), timeout=TIMEOUT)
        with ctx.wrap_socket(raw, server_hostname=name) as s:
            out["version"] = s.version()
            c = s.cipher()
            out["cipher"] = list(c) if c is not None else None
            out["alpn"] = s.selected_alpn_protocol()
            out["peer_cert"] = s.getpeercert()
            host = "[%s]" % name if ":" in name else name
            s.sendall(
                ("GET / HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\n\r\n"
                 % (host, args.port)).encode("ascii")
            )
            data = b""
            while len(data) <= MAX_REPLY:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            try:
                s.unwrap()
            except (OSError, ValueError):
                pass
            out["reply"] = data.decode("latin-1")
    except Exception as e:
        out["error"] = {"type": type(e).__name__, "message": SUFFIX.sub("", str(e))}
        print(json.dumps(out))
        return 1
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""CPython `ssl` client side of the bulk pairs in bench/run.sh (issue 5).

  --sink          read to EOF (64 KiB recv_into), unwrap()
  --upload BYTES  sendall BYTES in 256 KiB chunks, unwrap()
Verifies the server against --cafile with the name "localhost", TLS 1.3.
Prints one JSON line with its own timing (connect to close) for reference;
run.sh times the whole process from outside. Loopback only.
"""
import argparse
import json
import socket
import ssl
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--connect", required=True, help="127.0.0.1:PORT")
    p.add_argument("--cafile", required=True)
    p.add_argument("--sink", action="store_true")
    p.add_argument("--upload", type=int, default=0)
    args = p.parse_args()
    host, port = args.connect.rsplit(":", 1)
    if not host.startswith("127.") and host not in ("localhost", "::1"):
        raise SystemExit("loopback only")
    ctx = ssl.create_default_context(cafile=args.cafile)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    start = time.perf_counter()
    sock = socket.create_connection((host, int(port)), timeout=600)
    conn = ctx.wrap_socket(sock, server_hostname="localhost")
    total = 0
    if args.upload:
        block = b"x" * (256 * 1024)
        left = args.upload
        while left > 0:
            n = min(left, len(block))
            conn.sendall(block if n == len(block) else block[:n])
            left -= n
        total = args.upload
    else:
        buf = bytearray(65536)
        while True:
            n = conn.recv_into(buf)
            if n == 0:
                break
            total += n
    try:
        conn.unwrap()
    except (ssl.SSLError, OSError):
        pass
    conn.close()
    secs = time.perf_counter() - start
    print(json.dumps({"bytes": total, "seconds": round(secs, 4),
                      "mb_per_s": round(total / secs / 1e6, 1)}))


if __name__ == "__main__":
    main()

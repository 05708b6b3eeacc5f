#!/usr/bin/env python3
"""CPython `ssl` threaded TLS server for bench/run.sh (issue 5).

A thread per connection (socketserver.ThreadingMixIn style, without the
framework): the handshake runs in that thread (wrap_socket with
do_handshake_on_connect), then, by --mode:
  reply   read the request up to the blank line, send a 19-byte HTTP answer
          ("Hello Secure World!"), send close_notify, close
  source  send --bytes bytes in 256 KiB chunks, then unwrap() (close_notify
          both ways), close
  sink    read (64 KiB at a time) until the client's close_notify, unwrap(),
          close
Prints "listening on 127.0.0.1:PORT" once bound. Loopback only.
"""
import argparse
import socket
import ssl
import sys
import threading

REPLY = (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 19\r\n"
         b"Connection: close\r\n\r\nHello Secure World!")


def send_close_notify(conn):
    # unwrap() on a non-blocking socket sends close_notify and returns
    # (SSLWantReadError) instead of waiting for the peer's.
    try:
        conn.setblocking(False)
        conn.unwrap()
    except (ssl.SSLError, OSError):
        pass


def handle(ctx, sock, args):
    try:
        sock.settimeout(args.timeout)
        conn = ctx.wrap_socket(sock, server_side=True)
    except (ssl.SSLError, OSError):
        sock.close()
        return
    try:
        if args.mode == "reply":
            data = b""
            while b"\r\n\r\n" not in data and len(data) < 65536:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                data += chunk
            conn.sendall(REPLY)
            send_close_notify(conn)
        elif args.mode == "source":
            block = b"x" * (256 * 1024)
            left = args.bytes
            while left > 0:
                n = min(left, len(block))
                conn.sendall(block[:n] if n < len(block) else block)
                left -= n
            conn.unwrap()
        else:  # sink
            buf = bytearray(65536)
            total = 0
            while True:
                n = conn.recv_into(buf)
                if n == 0:
                    break
                total += n
            conn.unwrap()
    except (ssl.SSLError, OSError):
        pass
    finally:
        conn.close()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--mode", choices=["reply", "source", "sink"], default="reply")
    p.add_argument("--bytes", type=int, default=1 << 30)
    p.add_argument("--timeout", type=float, default=600.0)
    args = p.parse_args()
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(args.cert, args.key)
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", args.port))
    ls.listen(4096)
    print("listening on 127.0.0.1:%d" % ls.getsockname()[1], flush=True)
    while True:
        sock, _ = ls.accept()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=handle, args=(ctx, sock, args), daemon=True).start()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)

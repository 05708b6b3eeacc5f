"""An SMTP-style server with STARTTLS, on CPython's own ssl, for
tests/stdlib_ports.rs: serves N connections one after the other and prints,
for each, the commands it received and whether each came over TLS.

Usage: python3 starttls_smtp_server.py CERTFILE KEYFILE N
Prints the port on the first line, then one JSON line when done.
"""
import json
import socket
import ssl
import sys

certfile, keyfile, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
ctx.load_cert_chain(certfile, keyfile)
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(5)
print(srv.getsockname()[1], flush=True)
log = []
for _ in range(n):
    conn, _ = srv.accept()
    conn.settimeout(20)
    sock, f, tls, seen = conn, conn.makefile("rb"), False, []
    sock.sendall(b"220 localhost ESMTP pyssl test\r\n")
    while True:
        line = f.readline(1001)
        if not line:
            break
        cmd = line.rstrip(b"\r\n").decode()
        seen.append([cmd, "tls" if tls else "plain"])
        verb = cmd.split(" ")[0].upper()
        if verb == "EHLO":
            sock.sendall(b"250-localhost\r\n250-SIZE 1000\r\n"
                         + (b"" if tls else b"250-STARTTLS\r\n") + b"250 HELP\r\n")
        elif verb == "STARTTLS" and not tls:
            sock.sendall(b"220 2.0.0 Ready to start TLS\r\n")
            f.close()
            sock = ctx.wrap_socket(conn, server_side=True)
            f, tls = sock.makefile("rb"), True
        elif verb == "QUIT":
            sock.sendall(b"221 2.0.0 Bye\r\n")
            break
        else:
            sock.sendall(b"500 5.5.2 unknown command\r\n")
    f.close()
    sock.close()
    log.append(seen)
print(json.dumps(log), flush=True)

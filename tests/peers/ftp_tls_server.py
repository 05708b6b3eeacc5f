"""An FTP-style server with AUTH TLS and protected data connections, on
CPython's own ssl, for tests/stdlib_ports.rs: like vsftpd's
require_ssl_reuse, it records whether each data connection resumed the
control connection's TLS session. Serves N control connections one after
the other.

Usage: python3 ftp_tls_server.py CERTFILE KEYFILE N
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
PAYLOAD = b"hello from the data connection\r\n" * 100
log = []
for _ in range(n):
    conn, _ = srv.accept()
    conn.settimeout(20)
    sock, f, seen, pasv = conn, conn.makefile("rb"), [], None

    def reply(text):
        sock.sendall(text.encode() + b"\r\n")

    reply("220 pyssl test FTP")
    while True:
        line = f.readline(8193)
        if not line:
            break
        cmd = line.rstrip(b"\r\n").decode()
        seen.append(cmd)
        verb = cmd.split(" ")[0].upper()
        if verb == "AUTH":
            reply("234 AUTH TLS successful")
            f.close()
            sock = ctx.wrap_socket(conn, server_side=True)
            f = sock.makefile("rb")
        elif verb in ("PBSZ", "PROT", "TYPE"):
            reply("200 OK")
        elif verb == "PASV":
            pasv = socket.socket()
            pasv.bind(("127.0.0.1", 0))
            pasv.listen(1)
            p = pasv.getsockname()[1]
            reply("227 Entering Passive Mode (127,0,0,1,%d,%d)" % (p >> 8, p & 255))
        elif verb == "RETR":
            reply("150 Opening data connection")
            data, _ = pasv.accept()
            data.settimeout(20)
            data = ctx.wrap_socket(data, server_side=True)
            seen.append(["data session_reused", data.session_reused])
            data.sendall(PAYLOAD)
            data.unwrap().close()
            pasv.close()
            reply("226 Transfer complete")
        elif verb == "QUIT":
            reply("221 Goodbye")
            break
        else:
            reply("502 not implemented")
    f.close()
    sock.close()
    log.append(seen)
print(json.dumps(log), flush=True)

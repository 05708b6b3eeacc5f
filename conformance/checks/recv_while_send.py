"""A blocking recv() in one thread does not stop a send() in another.

CPython's test_ssl has this test from 3.14 on (test_thread_recv_while_main_
thread_sends, gh-137583); the behaviour is the same in every release, since
_ssl.c never held a lock while it waited for the socket. This runs it on any
CPython 3.8+, several times, for blocking sockets and for sockets with a
timeout; exit 0 when every round finished, 3 when the watchdog fired.

Run: python3 recv_while_send.py
"""

import faulthandler
import os
import socket
import ssl
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
CERTS = os.path.join(HERE, "..", "..", "certs")
ROUNDS = 20
DATA = b"1" * 1024

faulthandler.dump_traceback_later(30, exit=True)


def echo_server(ctx, listener, rounds):
    for _ in range(rounds):
        conn, _ = listener.accept()
        with ctx.wrap_socket(conn, server_side=True) as s:
            while True:
                data = s.recv(4096)
                if not data:
                    break
                s.sendall(data)


def main():
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(os.path.join(CERTS, "server.pem"), os.path.join(CERTS, "server.key"))
    client_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client_ctx.load_verify_locations(os.path.join(CERTS, "ca.pem"))
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    rounds = [(None, i) for i in range(ROUNDS // 2)] + [(5.0, i) for i in range(ROUNDS // 2)]
    server = threading.Thread(target=echo_server, args=(server_ctx, listener, len(rounds)))
    server.start()
    for timeout, _ in rounds:
        with client_ctx.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname="localhost") as sock:
            sock.settimeout(timeout)
            sock.sendall(b"123")
            assert sock.recv(3) == b"123"
            got = []
            started = threading.Event()

            def background():
                started.set()
                got.append(sock.recv(len(DATA)))

            t = threading.Thread(target=background)
            t.start()
            started.wait()
            sock.sendall(DATA)
            t.join()
            assert got and len(got[0]) > 0 and DATA.startswith(got[0]), got
    server.join()
    listener.close()
    print(f"{len(rounds)} rounds of recv() in a thread while the main thread sends: no hang")


main()

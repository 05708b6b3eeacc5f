"""No deadlock between the GIL and the shim's own locks.

An SSLObject holds its two MemoryBIOs' locks for the whole OpenSSL call, with
the GIL released; the message callback inside that call needs the GIL back.
Another thread that keeps the GIL while it waits for one of those BIOs must
not block both threads for ever. CPython has no such lock (the GIL alone
orders these calls), so this cannot hang there; it ran with the real _ssl
too, as the control.

Run: python3 gil_and_locks.py  (exit 0: no hang; a watchdog exits 3 after
30 s, printing every thread's stack).
"""

import faulthandler
import os
import ssl
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
CERT = os.path.join(HERE, "..", "..", "certs", "server.pem")
KEY = os.path.join(HERE, "..", "..", "certs", "server.key")
ROUNDS = 60

faulthandler.dump_traceback_later(30, exit=True)


def pump(src, dst):
    data = src.read()
    if data:
        dst.write(data)


def handshake_pair(seen):
    client_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client_ctx.check_hostname = False
    client_ctx.verify_mode = ssl.CERT_NONE
    client_ctx._msg_callback = lambda *args: seen.append(args[1])
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(CERT, KEY)
    c_in, c_out, s_in, s_out = (ssl.MemoryBIO() for _ in range(4))
    client = client_ctx.wrap_bio(c_in, c_out)
    server = server_ctx.wrap_bio(s_in, s_out, server_side=True)
    return client, server, (c_in, c_out, s_in, s_out)


def main():
    seen = []
    stop = threading.Event()
    bios = []

    def spinner():
        # Keeps the GIL as much as it can while touching the BIOs.
        while not stop.is_set():
            for b in list(bios):
                b.pending
                b.eof

    t = threading.Thread(target=spinner)
    t.start()
    try:
        for _ in range(ROUNDS):
            client, server, four = handshake_pair(seen)
            bios[:] = four
            c_in, c_out, s_in, s_out = four
            for _ in range(10):
                done = 0
                for side in (client, server):
                    try:
                        side.do_handshake()
                        done += 1
                    except ssl.SSLWantReadError:
                        pass
                pump(c_out, s_in)
                pump(s_out, c_in)
                if done == 2:
                    break
            else:
                sys.exit("handshake did not finish")
    finally:
        stop.set()
        t.join()
    assert seen, "the message callback never ran"
    print(f"{ROUNDS} handshakes with a message callback while another thread used their BIOs: no hang")


main()

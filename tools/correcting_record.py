"""Re-checks the claims of the "Correcting the record" section of the
porting guide (src/porting.rs) against CPython and this machine's OpenSSL.

    "$(pyenv prefix 3.14.7)/bin/python3" tools/correcting_record.py

Runs under CPython 3.13 or 3.14 (no packages). The `ssl.wrap_socket` check also
runs the pyenv interpreters 3.9 … 3.14 when `pyenv` finds them. Prints what it
observes; nothing is written.
"""
import os
import socket
import ssl
import subprocess
import sys
import threading
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
CERTS = os.path.join(HERE, "..", "certs")


def cert(name):
    return os.path.join(CERTS, name)


def bio_pair(cctx, sctx, session=None):
    """A client and a server SSLObject over MemoryBIOs, handshaken, with one
    byte of application data sent so TLS 1.3 tickets reach the client."""
    ci, co, si, so = ssl.MemoryBIO(), ssl.MemoryBIO(), ssl.MemoryBIO(), ssl.MemoryBIO()
    c = cctx.wrap_bio(ci, co, server_hostname="localhost", session=session)
    s = sctx.wrap_bio(si, so, server_side=True)

    def pump():
        si.write(co.read())
        ci.write(so.read())

    for _ in range(20):
        done = 0
        for o in (c, s):
            try:
                o.do_handshake()
                done += 1
            except ssl.SSLWantReadError:
                pass
        pump()
        if done == 2:
            break
    s.write(b"x")
    pump()
    c.read(1)
    pump()
    return c, s


def contexts(no_ticket=False, num_tickets=None, tls12=False):
    sctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    sctx.load_cert_chain(cert("server.pem"), cert("server.key"))
    if no_ticket:
        sctx.options |= ssl.OP_NO_TICKET
    if num_tickets is not None:
        sctx.num_tickets = num_tickets
    if tls12:
        sctx.maximum_version = ssl.TLSVersion.TLSv1_2
    cctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    cctx.load_verify_locations(cert("ca.pem"))
    return cctx, sctx


def server_hello_extensions(sctx):
    """Records the extension types of the ServerHello the server writes
    (through the private `_msg_callback`, the only way to see them)."""
    seen = {}

    def cb(conn, direction, version, content_type, msg_type, data):
        if direction == "write" and msg_type == ssl._TLSMessageType.SERVER_HELLO and data[:1] == b"\x02":
            p = 4 + 2 + 32
            p += 1 + data[p]
            p += 2 + 1
            end = p + 2 + int.from_bytes(data[p:p + 2], "big")
            p += 2
            exts = []
            while p < end:
                exts.append(int.from_bytes(data[p:p + 2], "big"))
                p += 4 + int.from_bytes(data[p + 2:p + 4], "big")
            seen["extensions"] = exts

    sctx._msg_callback = cb
    return seen


def over_sockets(sctx, cctx, clean, client_clean=None):
    """Two connections over loopback sockets, the second offering the first's
    session. With `clean`, the server ends each connection with unwrap()
    (close_notify), and so does the client unless `client_clean` says
    otherwise; else they just close, like leaving a `with` block."""
    if client_clean is None:
        client_clean = clean
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(2)

    def serve():
        for _ in range(2):
            conn, _ = listener.accept()
            with sctx.wrap_socket(conn, server_side=True) as tls:
                tls.sendall(b"!")
                if clean:
                    try:
                        tls.unwrap()
                    except OSError:
                        pass  # the client closed without its close_notify

    t = threading.Thread(target=serve)
    t.start()
    session = None
    results = []
    for _ in range(2):
        sock = socket.create_connection(listener.getsockname())
        with cctx.wrap_socket(sock, server_hostname="localhost", session=session) as tls:
            tls.recv(1)  # TLS 1.3 tickets arrive after the handshake
            results.append(tls.session_reused)
            session = session or tls.session
            if client_clean:
                try:
                    tls.unwrap()
                except OSError:
                    pass  # the server closed without its close_notify
    t.join()
    listener.close()
    return session, results[1]


def tickets():
    print("== OP_NO_TICKET, num_tickets and resumption (%s, %s)" % (sys.version.split()[0], ssl.OPENSSL_VERSION))
    cases = [
        ("TLS 1.3, defaults", {}),
        ("TLS 1.3, OP_NO_TICKET", {"no_ticket": True}),
        ("TLS 1.3, num_tickets = 0", {"num_tickets": 0}),
        ("TLS 1.2, defaults", {"tls12": True}),
        ("TLS 1.2, OP_NO_TICKET", {"no_ticket": True, "tls12": True}),
    ]
    print("  over sockets, both sides closing with / without unwrap():")
    for label, kw in cases:
        for clean in (True, False):
            cctx, sctx = contexts(**kw)
            session, resumed = over_sockets(sctx, cctx, clean)
            print("    %-26s %-15s has_ticket=%-5s lifetime_hint=%-4s resumed=%-5s server cache entries=%s" % (
                label, "unwrap()" if clean else "plain close", session.has_ticket,
                session.ticket_lifetime_hint, resumed, sctx.session_stats()["number"]))
    print("  TLS 1.3, OP_NO_TICKET, only one side ending with unwrap():")
    for server_clean, client_clean in ((True, False), (False, True)):
        cctx, sctx = contexts(no_ticket=True)
        _, resumed = over_sockets(sctx, cctx, server_clean, client_clean)
        print("    server unwrap()=%-5s client unwrap()=%-5s resumed=%s" % (server_clean, client_clean, resumed))
    print("  over MemoryBIOs (all connections alive), extensions of the resumed ServerHello:")
    for label, kw in cases:
        cctx, sctx = contexts(**kw)
        c1, s1 = bio_pair(cctx, sctx)
        seen = server_hello_extensions(sctx)
        c2, s2 = bio_pair(cctx, sctx, session=c1.session)
        print("    %-26s resumed=%-5s ServerHello extensions %s" % (label, c2.session_reused, seen.get("extensions")))
    print("  (51 = key_share: a fresh (EC)DHE exchange in the resumed handshake; 41 = pre_shared_key;"
          " 65281 = renegotiation_info, 23 = extended_master_secret)")


def op_no_sslv2():
    print("== OP_NO_SSLv2")
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    before = int(ctx.options)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        ctx.options |= ssl.OP_NO_SSLv2 | ssl.OP_NO_SSLv3 | ssl.OP_NO_TICKET
    print("  OP_NO_SSLv2 = %d, HAS_SSLv2 = %s, hasattr(ssl, 'PROTOCOL_SSLv2') = %s" % (
        ssl.OP_NO_SSLv2, ssl.HAS_SSLv2, hasattr(ssl, "PROTOCOL_SSLv2")))
    print("  default options 0x%x already have OP_NO_SSLv3: %s; |= NO_SSLv2|NO_SSLv3|NO_TICKET changes 0x%x; warnings %s" % (
        before, bool(before & ssl.OP_NO_SSLv3), int(ctx.options) ^ before, [str(x.message) for x in w]))


def ciphers():
    print("== set_ciphers('HIGH:!RC4:!MD5:!3DES')")
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    default = ctx.get_ciphers()
    ctx.set_ciphers("HIGH:!RC4:!MD5:!3DES")
    after = ctx.get_ciphers()

    def count(cs, key, value):
        return sum(1 for c in cs if c[key] == value)

    for label, cs in (("default", default), ("after", after)):
        print("  %-8s %3d suites (TLS 1.3: %d); auth-null %d, kx-rsa (no forward secrecy) %d, sha1 MAC %d; first %s" % (
            label, len(cs), count(cs, "protocol", "TLSv1.3"), count(cs, "auth", "auth-null"),
            count(cs, "kea", "kx-rsa"), count(cs, "digest", "sha1"), cs[0]["name"]))
    ctx.set_ciphers("HIGH")
    print("  'HIGH' alone selects the same list: %s" % ([c["name"] for c in ctx.get_ciphers()] == [c["name"] for c in after]))
    for s in ("RC4", "3DES"):
        try:
            ctx.set_ciphers(s)
            print("  set_ciphers(%r): %d suites" % (s, len(ctx.get_ciphers())))
        except ssl.SSLError as e:
            print("  set_ciphers(%r): SSLError %s" % (s, e))


def protocol_tls():
    print("== PROTOCOL_TLS")
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS)
    print("  PROTOCOL_SSLv23 is PROTOCOL_TLS: %s; warnings %s; verify_mode %s, check_hostname %s, minimum_version %r" % (
        ssl.PROTOCOL_SSLv23 is ssl.PROTOCOL_TLS, [str(x.message) for x in w], ctx.verify_mode.name,
        ctx.check_hostname, ctx.minimum_version))
    warnings.simplefilter("ignore")
    sctx = ssl.SSLContext(ssl.PROTOCOL_TLS)
    sctx.load_cert_chain(cert("server.pem"), cert("server.key"))
    c, _ = bio_pair(ctx, sctx)
    print("  PROTOCOL_TLS client + PROTOCOL_TLS server negotiate %s; client getpeercert() = %r (nothing verified)" % (
        c.version(), c.getpeercert()))
    d = ssl.create_default_context()
    print("  create_default_context(): %s, %s, check_hostname %s" % (d.protocol.name, d.verify_mode.name, d.check_hostname))


WRAP_SOCKET_CHECK = r"""
import socket, ssl, sys, threading, warnings, inspect
print("  %s: hasattr(ssl, 'wrap_socket') = %s" % (sys.version.split()[0], hasattr(ssl, "wrap_socket")), end="")
if not hasattr(ssl, "wrap_socket"):
    print(); sys.exit()
p = inspect.signature(ssl.wrap_socket).parameters
sctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
sctx.load_cert_chain(sys.argv[1], sys.argv[2])
ls = socket.socket(); ls.bind(("127.0.0.1", 0)); ls.listen(1)
def serve():
    c, _ = ls.accept()
    try:
        with sctx.wrap_socket(c, server_side=True) as s:
            s.recv(1)
    except OSError:
        pass
t = threading.Thread(target=serve); t.start()
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    s = ssl.wrap_socket(socket.create_connection(ls.getsockname()))
print("; cert_reqs default %s; handshake with an example.org certificate from an unloaded CA succeeded: getpeercert() = %r; warnings %s"
      % (p["cert_reqs"].default.name, s.getpeercert(), [str(x.message) for x in w if x.category is DeprecationWarning]))
s.close(); t.join(); ls.close()
"""


def wrap_socket():
    print("== ssl.wrap_socket")
    for v in ("3.9", "3.10", "3.11", "3.12", "3.13", "3.14"):
        try:
            prefix = subprocess.run(["pyenv", "prefix", v], capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            prefix = None
        if not prefix:
            print("  %s: not installed" % v)
            continue
        subprocess.run([os.path.join(prefix, "bin", "python3"), "-c", WRAP_SOCKET_CHECK,
                        cert("wrong-host.pem"), cert("wrong-host.key")], check=False)


if __name__ == "__main__":
    if sys.version_info[:2] not in ((3, 13), (3, 14)):
        sys.exit("run this under CPython 3.13 or 3.14 (see the docstring)")
    tickets()
    op_no_sslv2()
    ciphers()
    protocol_tls()
    wrap_socket()

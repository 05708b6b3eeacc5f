"""Which context changes made after wrap_bio() but before the handshake reach
that connection, as CPython does it (tests/context_mutation.rs runs the same
cases with pyssl and compares). Prints one JSON object: case -> [client, server],
each "ok" or the exception's class name and its reason (or first words).
Run from the repository root, with a hashed CA directory holding
certs/ca.pem as its only argument."""
import json
import ssl
import sys

C = "certs/"


def outcome(e):
    reason = getattr(e, "reason", None)
    return "%s:%s" % (type(e).__name__, reason or str(e).split(" (")[0])


def run(cctx, sctx):
    ci, co, si, so = ssl.MemoryBIO(), ssl.MemoryBIO(), ssl.MemoryBIO(), ssl.MemoryBIO()
    c = cctx.wrap_bio(ci, co, server_hostname="localhost")
    s = sctx.wrap_bio(si, so, server_side=True)
    return c, s, (ci, co, si, so)


def finish(c, s, bios):
    ci, co, si, so = bios
    res = [None, None]
    for _ in range(10):
        for i, (obj, out, inp) in enumerate([(c, co, si), (s, so, ci)]):
            if res[i] is None:
                try:
                    obj.do_handshake()
                    res[i] = "ok"
                except ssl.SSLWantReadError:
                    pass
                except Exception as e:  # noqa: BLE001 - the class is the result
                    res[i] = outcome(e)
            inp.write(out.read())
    return res


def server():
    s = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    s.load_cert_chain(C + "server.pem", C + "server.key")
    return s


def client(cafile=None):
    c = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if cafile:
        c.load_verify_locations(C + cafile)
    return c


out = {}
# set_ciphers: TLS 1.2, the server switches to a cipher the client lacks.
cctx = client("ca.pem")
cctx.maximum_version = ssl.TLSVersion.TLSv1_2
cctx.set_ciphers("ECDHE-RSA-AES128-GCM-SHA256")
sctx = server()
conn = run(cctx, sctx)
sctx.set_ciphers("ECDHE-RSA-AES256-GCM-SHA384")
out["set_ciphers"] = finish(*conn)
# A first cafile, on a context that had no CA.
cctx = client()
conn = run(cctx, server())
cctx.load_verify_locations(C + "ca.pem")
out["first cafile"] = finish(*conn)
# A second cafile.
cctx = client("other-ca.pem")
conn = run(cctx, server())
cctx.load_verify_locations(C + "ca.pem")
out["second cafile"] = finish(*conn)
# capath: a directory holding the CA under its hash name.
cctx = client()
conn = run(cctx, server())
cctx.load_verify_locations(capath=sys.argv[1])
out["capath"] = finish(*conn)
# cadata.
cctx = client()
conn = run(cctx, server())
cctx.load_verify_locations(cadata=open(C + "ca.pem").read())
out["cadata"] = finish(*conn)
# verify_mode: each connection copies it when made.
cctx = client()
cctx.check_hostname = False
conn = run(cctx, server())
cctx.verify_mode = ssl.CERT_NONE
out["verify_mode"] = finish(*conn)
# load_cert_chain: each connection copies the certificate when made (the
# later one, for another host name, would fail the client's host check).
sctx = server()
conn = run(client("ca.pem"), sctx)
sctx.load_cert_chain(C + "wrong-host.pem", C + "wrong-host.key")
out["load_cert_chain"] = finish(*conn)
print(json.dumps(out, sort_keys=True))

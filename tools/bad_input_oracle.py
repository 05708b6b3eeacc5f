#!/usr/bin/env python3
"""Bad-input cases on the repo's own certs/: what CPython raises for each.

Prints one JSON object {label: {"ok": value} | {"error": {...}}} in the
shape of oracle.py's capture(). Run from the repo root under each CPython:
    python3 tools/bad_input_oracle.py > tests/golden/bad_input-3.X.json
(tools/make-golden.sh does it for every pyenv version).
"""
import json
import os
import re
import ssl
import sys
import tempfile
import warnings

os.environ.pop("SSLKEYLOGFILE", None)
tmpdir = tempfile.mkdtemp()
C = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "certs"))


def c(name):
    return os.path.join(C, name)


def paths(s):
    """Machine paths in messages, made comparable."""
    return s.replace(C, "<certs>").replace(tmpdir, "<tmp>")


def err(e):
    d = {"type": type(e).__name__, "str": paths(str(e)),
         "str_normalized": paths(re.sub(r"_ssl\.c:\d+", "_ssl.c:N", str(e))),
         "args": [a if isinstance(a, (int, str)) else repr(a) for a in e.args]}
    for a in ("library", "reason"):
        if hasattr(e, a):
            d[a] = getattr(e, a)
    return d


def capture(fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            r = fn()
            return {"ok": r}
        except Exception as e:  # noqa
            return {"error": err(e)}


def client():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def server():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)


def lcc(cert, key=None, password=None):
    return lambda: client().load_cert_chain(c(cert) if cert else cert,
                                            c(key) if key else None, password)


def lvl(cafile=None, cadata=None):
    return lambda: client().load_verify_locations(
        cafile=c(cafile) if cafile else None, cadata=cadata)


CASES = [
    ("load_cert_chain(missing)", lcc("nope.pem")),
    ("load_cert_chain(directory)", lambda: client().load_cert_chain(C)),
    ("load_cert_chain(empty.pem)", lcc("empty.pem")),
    ("load_cert_chain(garbage.pem)", lcc("garbage.pem")),
    ("load_cert_chain(key as cert)", lcc("server.key")),
    ("load_cert_chain(cert, no key)", lcc("server.pem")),
    ("load_cert_chain(cert, other key)", lcc("server.pem", "client.key")),
    ("load_cert_chain(ecdsa cert, rsa key)", lcc("server-ecdsa.pem", "server.key")),
    ("load_cert_chain(cert, garbage key)", lcc("server.pem", "garbage.pem")),
    ("load_cert_chain(cert, missing key)", lcc("server.pem", "nope.key")),
    ("load_cert_chain(encrypted, right password)", lcc("server.pem", "server.passwd.key", "somepass")),
    ("load_cert_chain(encrypted, wrong password)", lcc("server.pem", "server.passwd.key", "wrong")),
    ("load_cert_chain(encrypted, empty password)", lcc("server.pem", "server.passwd.key", "")),
    ("load_cert_chain(encrypted, 1024-byte password)", lcc("server.pem", "server.passwd.key", "a" * 1024)),
    ("load_cert_chain(encrypted, 1025-byte password)", lcc("server.pem", "server.passwd.key", "a" * 1025)),
    ("load_cert_chain(plain key, password)", lcc("server.pem", "server.key", "unused")),
    ("load_cert_chain(keycert file)", lcc("server-keycert.pem")),
    ("load_cert_chain(chain file)", lcc("server-chain.pem", "server.key")),
    ("load_verify_locations(missing)", lvl("nope.pem")),
    ("load_verify_locations(directory as cafile)", lambda: client().load_verify_locations(C)),
    ("load_verify_locations(empty.pem)", lvl("empty.pem")),
    ("load_verify_locations(garbage.pem)", lvl("garbage.pem")),
    ("load_verify_locations(key file)", lvl("server.key")),
    ("load_verify_locations(ca.pem)", lambda: (lambda x: (x.load_verify_locations(c("ca.pem")), x.cert_store_stats())[1])(client())),
    ("load_verify_locations(cadata garbage str)", lvl(cadata="-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")),
    ("load_verify_locations(cadata key pem)", lvl(cadata=open(c("server.key")).read())),
    ("load_dh_params(missing)", lambda: server().load_dh_params(c("nope.pem"))),
    ("load_dh_params(garbage)", lambda: server().load_dh_params(c("garbage.pem"))),
    ("load_dh_params(empty)", lambda: server().load_dh_params(c("empty.pem"))),
    ("load_dh_params(directory)", lambda: server().load_dh_params(C)),
    ("load_dh_params(dh2048.pem)", lambda: server().load_dh_params(c("dh2048.pem"))),
    ("set_ciphers('')", lambda: client().set_ciphers("")),
    ("set_ciphers('garbage')", lambda: client().set_ciphers("garbage")),
    ("set_ciphers('ALL:!ALL')", lambda: client().set_ciphers("ALL:!ALL")),
    ("set_ciphers('NULL:@SECLEVEL=0')", lambda: client().set_ciphers("NULL:@SECLEVEL=0")),
    ("ssl.OP_BOGUS", lambda: getattr(ssl, "OP_BOGUS")),
    ("set_ecdh_curve('')", lambda: server().set_ecdh_curve("")),
    ("set_ecdh_curve('nope')", lambda: server().set_ecdh_curve("nope")),
    ("set_alpn_protocols(['h2', ''])", lambda: client().set_alpn_protocols(["h2", ""])),
    ("keylog_filename=<directory>", lambda: setattr(client(), "keylog_filename", tmpdir)),
    ("keylog_filename=<new file>", lambda: setattr(client(), "keylog_filename", os.path.join(tmpdir, "k.txt"))),
]
if hasattr(ssl, "TLSVersion"):
    CASES += [
        ("TLSVersion['TLSv9']", lambda: ssl.TLSVersion["TLSv9"]),
        ("minimum_version=TLSv1_3, maximum_version=TLSv1_2", lambda: (lambda x: (
            setattr(x, "minimum_version", ssl.TLSVersion.TLSv1_3),
            setattr(x, "maximum_version", ssl.TLSVersion.TLSv1_2),
            [int(x.minimum_version), int(x.maximum_version)])[2])(client())),
    ]

out = {}
for label, fn in CASES:
    out[label] = capture(fn)
json.dump(out, sys.stdout, indent=1, sort_keys=True)
sys.stdout.write("\n")

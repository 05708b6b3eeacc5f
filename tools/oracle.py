#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""oracle.py - dump the running interpreter's ``ssl`` semantics as ONE JSON
document on stdout: pyssl's golden reference. ``tests/golden/oracle-3.X.json``
is this script's output under CPython 3.X (``tools/make-golden.sh``), and the
live tests (``tests/cli_dump.rs``, ``tests/live_cpython.rs``) run parts of it
against the pyenv interpreters on the machine.

Runs unchanged on CPython 3.6 and later (no f-strings, no walrus, no match).

Usage:
    python3 tools/oracle.py [--certdir DIR] > tests/golden/oracle-3.X.json

--certdir overrides the directory used for the live (memory-BIO and
socketpair) handshakes; by default the interpreter's own test cert data
(Lib/test/certdata or Lib/test) is used.  ``_test_decode_cert`` always uses
the interpreter's own test cert data.

Nothing here touches the network: handshakes run over ssl.MemoryBIO pairs,
socket.socketpair() and a listener on 127.0.0.1.
"""
import sys
import os

# Determinism: create_default_context() honours SSLKEYLOGFILE.
os.environ.pop("SSLKEYLOGFILE", None)

import json
import re
import socket
import threading
import hashlib
import warnings
import glob
import traceback

import ssl
import _ssl

RESULT = {}
_SSLC_RE = re.compile(r"_ssl\.c:\d+")


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------

def jsonable(o):
    """Convert an arbitrary Python value into JSON-compatible data."""
    if o is None or isinstance(o, (bool, str, float)):
        return o
    if isinstance(o, int):
        return int(o)
    if isinstance(o, (bytes, bytearray)):
        b = bytes(o)
        out = {"__bytes__": True, "len": len(b)}
        if len(b) <= 64:
            out["hex"] = b.hex()
        else:
            out["sha256"] = hashlib.sha256(b).hexdigest()
        return out
    if isinstance(o, dict):
        return dict((str(k), jsonable(v)) for k, v in o.items())
    if isinstance(o, (list, tuple)):
        return [jsonable(x) for x in o]
    if isinstance(o, (set, frozenset)):
        return sorted(jsonable(x) for x in o)
    return "<%s %r>" % (type(o).__name__, o)


def norm(s):
    """Replace _ssl.c:NNNN line numbers so strings diff across versions."""
    if isinstance(s, str):
        return _SSLC_RE.sub("_ssl.c:N", s)
    return s


def exc_info(e):
    d = {
        "type": type(e).__name__,
        "module": type(e).__module__,
        "mro": [c.__name__ for c in type(e).__mro__],
        "str": str(e),
        "str_normalized": norm(str(e)),
        "args": jsonable(e.args),
    }
    if isinstance(e, OSError):
        d["errno"] = jsonable(e.errno)
        d["strerror"] = jsonable(e.strerror)
        if getattr(e, "filename", None) is not None:
            d["filename"] = jsonable(e.filename)
    for attr in ("library", "reason", "verify_code", "verify_message"):
        if hasattr(e, attr):
            d[attr] = jsonable(getattr(e, attr))
    return d


def capture(fn, *args, **kwargs):
    """Run fn; return {"ok": value} or {"error": exc_info}, plus warnings."""
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            res = {"ok": jsonable(fn(*args, **kwargs))}
        except Exception as e:  # noqa
            res = {"error": exc_info(e)}
    # ResourceWarnings depend on garbage-collection timing: not recorded.
    w = [x for x in w if not issubclass(x.category, ResourceWarning)]
    if w:
        res["warnings"] = [
            {"category": x.category.__name__, "message": str(x.message)}
            for x in w
        ]
    return res


def quiet(fn, *args, **kwargs):
    """Call fn with warnings suppressed; return its value (may raise)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def section(name):
    """Decorator: run a section, store its result or traceback."""
    def deco(fn):
        try:
            RESULT[name] = fn()
        except Exception:  # noqa
            RESULT[name] = {"section_failed": traceback.format_exc()}
        return fn
    return deco


def test_dir():
    d = os.path.join(os.path.dirname(os.__file__), "test")
    cd = os.path.join(d, "certdata")
    if os.path.isdir(cd):
        return cd
    return d


CERTDIR_OWN = test_dir()
CERTDIR = CERTDIR_OWN
if "--certdir" in sys.argv:
    CERTDIR = sys.argv[sys.argv.index("--certdir") + 1]


def cert(name, own=False):
    return os.path.join(CERTDIR_OWN if own else CERTDIR, name)


SIGNED_CERTFILE = cert("keycert3.pem")     # CN=localhost, signed by pycacert
SIGNED_CERTFILE2 = cert("keycert4.pem")    # CN=fakehostname, signed by CA
SIGNING_CA = cert("pycacert.pem")
SELFSIGNED = cert("keycert.pem")           # self-signed localhost
ALLSANS = cert("allsans.pem")


# --------------------------------------------------------------------------
# 1. interpreter / module level facts
# --------------------------------------------------------------------------

@section("interpreter")
def _interp():
    return {
        "python_version": sys.version.split()[0],
        "python_version_info": list(sys.version_info[:3]),
        "implementation": sys.implementation.name,
        "openssl_version": ssl.OPENSSL_VERSION,
        "openssl_version_number": ssl.OPENSSL_VERSION_NUMBER,
        "openssl_version_info": list(ssl.OPENSSL_VERSION_INFO),
        "_openssl_api_version": jsonable(getattr(_ssl, "_OPENSSL_API_VERSION", None)),
        "certdir_own": CERTDIR_OWN,
        "certdir_handshakes": CERTDIR,
        "env": dict((k, os.environ.get(k)) for k in
                    ("SSL_CERT_FILE", "SSL_CERT_DIR", "OPENSSL_CONF")),
    }


RESULT["python_version"] = sys.version.split()[0]
RESULT["openssl_version"] = ssl.OPENSSL_VERSION
RESULT["openssl_version_number"] = ssl.OPENSSL_VERSION_NUMBER


CONST_PREFIXES = ("OP_", "VERIFY_", "CERT_", "PROTOCOL_", "ALERT_DESCRIPTION_",
                  "SSL_ERROR_", "HOSTFLAG_", "ENCODING_", "PROTO_")


@section("constants")
def _constants():
    out = {}
    for prefix in CONST_PREFIXES:
        vals = {}
        for name in sorted(dir(ssl)):
            if name.startswith(prefix):
                v = getattr(ssl, name)
                if isinstance(v, int):
                    vals[name] = int(v)
        out[prefix.rstrip("_")] = vals
    # names that live only in _ssl (not re-exported by ssl.py)
    only = {}
    for name in sorted(dir(_ssl)):
        if name.startswith(CONST_PREFIXES) and not hasattr(ssl, name):
            v = getattr(_ssl, name)
            if isinstance(v, int):
                only[name] = int(v)
    out["_ssl_only"] = only
    out["HAS"] = dict((n, jsonable(getattr(ssl, n)))
                      for n in sorted(dir(ssl)) if n.startswith("HAS_"))
    out["_ssl_HAS"] = dict((n, jsonable(getattr(_ssl, n)))
                           for n in sorted(dir(_ssl)) if n.startswith("HAS_"))
    out["CHANNEL_BINDING_TYPES"] = jsonable(getattr(ssl, "CHANNEL_BINDING_TYPES", None))
    out["_DEFAULT_CIPHERS"] = jsonable(getattr(ssl, "_DEFAULT_CIPHERS", None))
    out["_ssl._DEFAULT_CIPHERS"] = jsonable(getattr(_ssl, "_DEFAULT_CIPHERS", None))
    out["_RESTRICTED_SERVER_CIPHERS"] = jsonable(
        getattr(ssl, "_RESTRICTED_SERVER_CIPHERS", None))
    out["socket_error_is_OSError"] = ssl.socket_error is OSError
    enums = {}
    for en in ("TLSVersion", "Options", "VerifyFlags", "VerifyMode",
               "AlertDescription", "SSLErrorNumber", "_SSLMethod",
               "_TLSContentType", "_TLSAlertType", "_TLSMessageType",
               "Purpose"):
        cls = getattr(ssl, en, None)
        if cls is None:
            continue
        try:
            members = []
            for name, m in cls.__members__.items():
                v = m.value
                if isinstance(v, tuple):
                    v = list(v)
                members.append([name, jsonable(v)])
            enums[en] = {"bases": [b.__name__ for b in cls.__mro__[1:]],
                         "members": members}
        except Exception as e:  # noqa
            enums[en] = {"error": exc_info(e)}
    out["enums"] = enums
    return out


@section("api_surface")
def _api():
    def pub(obj):
        return sorted(n for n in dir(obj) if not n.startswith("__"))
    out = {
        "ssl_all": sorted(getattr(ssl, "__all__", [])),
        "ssl_module_functions": sorted(
            n for n in dir(ssl)
            if callable(getattr(ssl, n)) and not isinstance(getattr(ssl, n), type)
            and not n.startswith("__")),
        "SSLContext": pub(ssl.SSLContext),
        "_SSLContext": pub(_ssl._SSLContext),
        "SSLSocket": pub(ssl.SSLSocket),
        "SSLObject": pub(ssl.SSLObject),
        "SSLSession": pub(ssl.SSLSession) if hasattr(ssl, "SSLSession") else None,
        "MemoryBIO": pub(ssl.MemoryBIO),
        "_ssl": pub(_ssl),
        "has_module_wrap_socket": hasattr(ssl, "wrap_socket"),
        "has_match_hostname": hasattr(ssl, "match_hostname"),
        "has_RAND_pseudo_bytes": hasattr(ssl, "RAND_pseudo_bytes"),
        "has_RAND_egd": hasattr(ssl, "RAND_egd"),
        "has_get_server_certificate": hasattr(ssl, "get_server_certificate"),
    }
    return out


@section("exceptions")
def _exceptions():
    out = {"classes": {}}
    for n in ("SSLError", "SSLZeroReturnError", "SSLWantReadError",
              "SSLWantWriteError", "SSLSyscallError", "SSLEOFError",
              "SSLCertVerificationError", "CertificateError"):
        c = getattr(ssl, n, None)
        if c is None:
            continue
        out["classes"][n] = {
            "qualname": "%s.%s" % (c.__module__, c.__name__),
            "mro": [x.__name__ for x in c.__mro__],
            "doc": c.__doc__,
        }
    ce = getattr(ssl, "CertificateError", None)
    cve = getattr(ssl, "SSLCertVerificationError", None)
    out["CertificateError_is_SSLCertVerificationError"] = (
        ce is not None and ce is cve)
    cons = {}
    samples = [
        ("SSLError()", lambda: ssl.SSLError()),
        ("SSLError('msg')", lambda: ssl.SSLError("msg")),
        ("SSLError(1, 'msg')", lambda: ssl.SSLError(1, "msg")),
        ("SSLError(1, 'msg', 'x')", lambda: ssl.SSLError(1, "msg", "x")),
        ("SSLZeroReturnError(6, 'zr')", lambda: ssl.SSLZeroReturnError(6, "zr")),
        ("SSLEOFError(8, 'eof')", lambda: ssl.SSLEOFError(8, "eof")),
    ]
    for label, mk in samples:
        try:
            e = mk()
            d = exc_info(e)
            d["repr"] = repr(e)
            d["has_library_attr"] = hasattr(e, "library")
            cons[label] = d
        except Exception as e:  # noqa
            cons[label] = {"construct_error": exc_info(e)}
    out["constructed"] = cons
    return out


# --------------------------------------------------------------------------
# 2. context defaults
# --------------------------------------------------------------------------

def option_names(value):
    names = []
    for n in sorted(dir(ssl)):
        if n.startswith("OP_") and n != "OP_ALL":
            v = int(getattr(ssl, n))
            if v and (value & v) == v:
                names.append(n)
    return names


def verify_flag_names(value):
    names = []
    for n in sorted(dir(ssl)):
        if n.startswith("VERIFY_") and n not in ("VERIFY_DEFAULT",):
            v = int(getattr(ssl, n))
            if v and (value & v) == v:
                names.append(n)
    return names


CTX_ATTRS = ("protocol", "options", "verify_mode", "verify_flags",
             "check_hostname", "minimum_version", "maximum_version",
             "security_level", "post_handshake_auth", "num_tickets",
             "hostname_checks_common_name", "_host_flags", "keylog_filename",
             "sni_callback")


def describe_context(ctx, full_ciphers=False):
    d = {"missing_attributes": []}
    for a in CTX_ATTRS:
        try:
            v = quiet(getattr, ctx, a)
        except AttributeError:
            d["missing_attributes"].append(a)
            continue
        except Exception as e:  # noqa
            d[a] = {"error": exc_info(e)}
            continue
        if a == "sni_callback":
            v = None if v is None else repr(v)
        d[a] = jsonable(v)
        if a in ("options",) and isinstance(v, int):
            d["options_hex"] = hex(int(v))
            d["options_names"] = option_names(int(v))
        if a == "verify_flags" and isinstance(v, int):
            d["verify_flags_hex"] = hex(int(v))
            d["verify_flags_names"] = verify_flag_names(int(v))
        if a in ("minimum_version", "maximum_version", "protocol",
                 "verify_mode") and hasattr(v, "name"):
            d[a + "_name"] = v.name
    try:
        ciphers = ctx.get_ciphers()
        d["ciphers"] = [c["name"] for c in ciphers]
        d["cipher_count"] = len(ciphers)
        if full_ciphers:
            d["cipher_dicts"] = jsonable(ciphers)
    except Exception as e:  # noqa
        d["ciphers"] = {"error": exc_info(e)}
    d["cert_store_stats"] = capture(ctx.cert_store_stats)
    try:
        d["get_ca_certs_len"] = len(ctx.get_ca_certs())
        d["get_ca_certs_binary_len"] = len(ctx.get_ca_certs(True))
    except Exception as e:  # noqa
        d["get_ca_certs_len"] = {"error": exc_info(e)}
    d["type"] = "%s.%s" % (type(ctx).__module__, type(ctx).__name__)
    return d


def context_factories():
    f = []
    f.append(("create_default_context()", lambda: ssl.create_default_context()))
    f.append(("create_default_context(Purpose.CLIENT_AUTH)",
              lambda: ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)))
    f.append(("_create_unverified_context()",
              lambda: ssl._create_unverified_context()))
    for p in ("PROTOCOL_TLS_CLIENT", "PROTOCOL_TLS_SERVER", "PROTOCOL_TLS",
              "PROTOCOL_TLSv1_2", "PROTOCOL_TLSv1"):
        if hasattr(ssl, p):
            f.append(("SSLContext(%s)" % p,
                      (lambda pv: lambda: ssl.SSLContext(pv))(getattr(ssl, p))))
    f.append(("SSLContext()", lambda: ssl.SSLContext()))
    return f


@section("contexts")
def _contexts():
    out = {}
    for label, mk in context_factories():
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            try:
                ctx = mk()
            except Exception as e:  # noqa
                out[label] = {"construct_error": exc_info(e)}
                continue
        d = describe_context(ctx, full_ciphers=(label == "SSLContext(PROTOCOL_TLS_CLIENT)"))
        d["construct_warnings"] = [
            {"category": x.category.__name__, "message": str(x.message)}
            for x in w]
        out[label] = d
    return out


CIPHER_STRINGS = [
    "HIGH:!RC4:!MD5:!3DES", "DEFAULT", "ALL", "ECDHE+AESGCM",
    "HIGH:!aNULL:!eNULL", "AES256-SHA", "@SECLEVEL=1:ALL", "RC4", "NULL",
    "garbage-cipher", "", "DEFAULT:@SECLEVEL=0", "ALL:@SECLEVEL=0",
    "ECDHE-RSA-AES128-GCM-SHA256", "TLS_AES_128_GCM_SHA256", "aNULL",
    "PSK", "3DES", "DES-CBC3-SHA", "HIGH", "MEDIUM", "COMPLEMENTOFDEFAULT",
    "kRSA", "ECDH+AESGCM:!ECDSA", "AESGCM:!garbage", "!ALL",
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384",
]


@section("set_ciphers")
def _set_ciphers():
    out = {}
    for s in CIPHER_STRINGS:
        ctx = ssl.create_default_context()
        try:
            ctx.set_ciphers(s)
        except Exception as e:  # noqa
            err = exc_info(e)
            err["ciphers_after_failure"] = [c["name"] for c in ctx.get_ciphers()]
            out[s] = {"error": err}
            continue
        out[s] = {"ok": [c["name"] for c in ctx.get_ciphers()]}
    return out


# --------------------------------------------------------------------------
# 3. misuse / error cases on contexts
# --------------------------------------------------------------------------

def client_ctx():
    if hasattr(ssl, "PROTOCOL_TLS_CLIENT"):
        return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    return ssl.create_default_context()


def server_ctx():
    return ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)


@section("misuse")
def _misuse():
    out = {}

    def verify_none_with_check_hostname():
        ctx = ssl.create_default_context()
        ctx.verify_mode = ssl.CERT_NONE
    out["verify_mode=CERT_NONE while check_hostname"] = capture(
        verify_none_with_check_hostname)

    def check_hostname_on_cert_none():
        ctx = ssl._create_unverified_context()
        ctx.check_hostname = True
        return {"verify_mode": int(ctx.verify_mode),
                "check_hostname": ctx.check_hostname}
    out["check_hostname=True on CERT_NONE ctx"] = capture(check_hostname_on_cert_none)

    def check_hostname_false_then_none():
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        return {"verify_mode": int(ctx.verify_mode),
                "check_hostname": ctx.check_hostname}
    out["check_hostname=False then CERT_NONE"] = capture(check_hostname_false_then_none)

    def bad_verify_mode():
        ctx = client_ctx()
        ctx.verify_mode = 42
    out["verify_mode=42"] = capture(bad_verify_mode)

    def bad_verify_mode_type():
        ctx = client_ctx()
        ctx.verify_mode = "x"
    out["verify_mode='x'"] = capture(bad_verify_mode_type)

    out["SSLContext(42)"] = capture(lambda: ssl.SSLContext(42))
    out["SSLContext(-1)"] = capture(lambda: ssl.SSLContext(-1))

    out["load_cert_chain(missing)"] = capture(
        lambda: client_ctx().load_cert_chain("/nonexistent/cert.pem"))
    out["load_cert_chain(certfile=None)"] = capture(
        lambda: client_ctx().load_cert_chain(None))
    out["load_cert_chain(cert only, no key)"] = capture(
        lambda: client_ctx().load_cert_chain(cert("ssl_cert.pem", True)))
    out["load_cert_chain(cert, mismatched key)"] = capture(
        lambda: client_ctx().load_cert_chain(cert("ssl_cert.pem", True),
                                             cert("pycakey.pem", True)))
    out["load_cert_chain(keycert.pem)"] = capture(
        lambda: client_ctx().load_cert_chain(cert("keycert.pem", True)))
    out["load_cert_chain(cert, key)"] = capture(
        lambda: client_ctx().load_cert_chain(cert("ssl_cert.pem", True),
                                             cert("ssl_key.pem", True)))
    out["load_cert_chain(badcert.pem)"] = capture(
        lambda: client_ctx().load_cert_chain(cert("badcert.pem", True)))
    out["load_cert_chain(badkey.pem)"] = capture(
        lambda: client_ctx().load_cert_chain(cert("badkey.pem", True)))
    out["load_cert_chain(emptycert)"] = capture(
        lambda: client_ctx().load_cert_chain(cert("nullcert.pem", True)))
    out["load_cert_chain(key file as cert)"] = capture(
        lambda: client_ctx().load_cert_chain(cert("ssl_key.pem", True)))

    pw = cert("keycert.passwd.pem", True)
    out["load_cert_chain(passwd, no password)"] = {
        "note": "skipped: OpenSSL would prompt on the terminal"}
    out["load_cert_chain(passwd, str)"] = capture(
        lambda: client_ctx().load_cert_chain(pw, password="somepass"))
    out["load_cert_chain(passwd, bytes)"] = capture(
        lambda: client_ctx().load_cert_chain(pw, password=b"somepass"))
    out["load_cert_chain(passwd, bytearray)"] = capture(
        lambda: client_ctx().load_cert_chain(pw, password=bytearray(b"somepass")))
    out["load_cert_chain(passwd, callable->str)"] = capture(
        lambda: client_ctx().load_cert_chain(pw, password=lambda: "somepass"))
    out["load_cert_chain(passwd, callable->bytes)"] = capture(
        lambda: client_ctx().load_cert_chain(pw, password=lambda: b"somepass"))
    out["load_cert_chain(passwd, wrong)"] = capture(
        lambda: client_ctx().load_cert_chain(pw, password="wrong"))
    out["load_cert_chain(passwd, int)"] = capture(
        lambda: client_ctx().load_cert_chain(pw, password=3))
    out["load_cert_chain(passwd, callable->int)"] = capture(
        lambda: client_ctx().load_cert_chain(pw, password=lambda: 3))

    def raiser():
        raise KeyError("from callback")
    out["load_cert_chain(passwd, callable raises)"] = capture(
        lambda: client_ctx().load_cert_chain(pw, password=raiser))
    out["load_cert_chain(passwd, too long)"] = capture(
        lambda: client_ctx().load_cert_chain(pw, password="a" * 2000))
    out["load_cert_chain(passwd, callable too long)"] = capture(
        lambda: client_ctx().load_cert_chain(pw, password=lambda: "a" * 2000))
    out["load_cert_chain(plain key, password given)"] = capture(
        lambda: client_ctx().load_cert_chain(cert("keycert.pem", True),
                                             password="ignored"))

    out["load_verify_locations()"] = capture(lambda: client_ctx().load_verify_locations())
    out["load_verify_locations(missing cafile)"] = capture(
        lambda: client_ctx().load_verify_locations("/nonexistent/ca.pem"))
    out["load_verify_locations(capath=missing)"] = capture(
        lambda: client_ctx().load_verify_locations(capath="/nonexistent/dir"))
    out["load_verify_locations(cadata='garbage')"] = capture(
        lambda: client_ctx().load_verify_locations(cadata="garbage"))
    out["load_verify_locations(cadata=b'garbage')"] = capture(
        lambda: client_ctx().load_verify_locations(cadata=b"garbage"))
    out["load_verify_locations(cadata='')"] = capture(
        lambda: client_ctx().load_verify_locations(cadata=""))
    out["load_verify_locations(cadata=b'')"] = capture(
        lambda: client_ctx().load_verify_locations(cadata=b""))
    out["load_verify_locations(cadata=42)"] = capture(
        lambda: client_ctx().load_verify_locations(cadata=42))
    out["load_verify_locations(cadata='\\xe9')"] = capture(
        lambda: client_ctx().load_verify_locations(cadata=u"\xe9"))
    out["load_verify_locations(cafile=42)"] = capture(
        lambda: client_ctx().load_verify_locations(cafile=42))

    def ca_pem_str():
        ctx = client_ctx()
        with open(SIGNING_CA) as f:
            pem = f.read()
        ctx.load_verify_locations(cadata=pem)
        s1 = ctx.cert_store_stats()
        ctx.load_verify_locations(cadata=pem)   # duplicate is not an error
        return {"stats": s1, "stats_after_dup": ctx.cert_store_stats(),
                "get_ca_certs": ctx.get_ca_certs()}
    out["load_verify_locations(cadata=PEM str, twice)"] = capture(ca_pem_str)

    def ca_der_bytes():
        ctx = client_ctx()
        with open(SIGNING_CA) as f:
            text = f.read()
        der = ssl.PEM_cert_to_DER_cert(text[text.index("-----BEGIN CERTIFICATE-----"):])
        ctx.load_verify_locations(cadata=der)
        return ctx.cert_store_stats()
    out["load_verify_locations(cadata=DER bytes)"] = capture(ca_der_bytes)

    def ca_pem_bytes():
        ctx = client_ctx()
        with open(SIGNING_CA, "rb") as f:
            ctx.load_verify_locations(cadata=f.read())
        return ctx.cert_store_stats()
    out["load_verify_locations(cadata=PEM as bytes)"] = capture(ca_pem_bytes)

    def ca_pem_plus_garbage():
        ctx = client_ctx()
        with open(SIGNING_CA) as f:
            ctx.load_verify_locations(cadata=f.read() + "\ngarbage\n")
        return ctx.cert_store_stats()
    out["load_verify_locations(cadata=PEM+garbage)"] = capture(ca_pem_plus_garbage)

    def cafile_ok():
        ctx = client_ctx()
        ctx.load_verify_locations(cafile=SIGNING_CA)
        return ctx.cert_store_stats()
    out["load_verify_locations(cafile=pycacert)"] = capture(cafile_ok)

    def cafile_keycert():
        ctx = client_ctx()
        ctx.load_verify_locations(cafile=cert("keycert.pem", True))
        return {"stats": ctx.cert_store_stats(), "ca_certs": len(ctx.get_ca_certs())}
    out["load_verify_locations(cafile=keycert.pem non-CA)"] = capture(cafile_keycert)

    def cafile_crl():
        ctx = client_ctx()
        p = cert("revocation.crl", True)
        if not os.path.exists(p):
            return "absent"
        ctx.load_verify_locations(p)
        return ctx.cert_store_stats()
    out["load_verify_locations(revocation.crl)"] = capture(cafile_crl)

    def capath_ok():
        ctx = client_ctx()
        p = os.path.join(CERTDIR_OWN, "capath")
        if not os.path.isdir(p):
            return "absent"
        ctx.load_verify_locations(capath=p)
        return {"stats": ctx.cert_store_stats(), "ca_certs": len(ctx.get_ca_certs())}
    out["load_verify_locations(capath=capath)"] = capture(capath_ok)

    def default_verify_paths():
        ctx = client_ctx()
        s0 = ctx.cert_store_stats()
        ctx.set_default_verify_paths()
        return {"before": s0, "after": ctx.cert_store_stats()}
    out["set_default_verify_paths()"] = capture(default_verify_paths)

    def load_default_certs_bad():
        client_ctx().load_default_certs("SERVER_AUTH")
    out["load_default_certs('SERVER_AUTH')"] = capture(load_default_certs_bad)
    out["create_default_context('x')"] = capture(lambda: ssl.create_default_context("x"))

    def min_gt_max():
        ctx = client_ctx()
        ctx.minimum_version = ssl.TLSVersion.TLSv1_3
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
        return {"min": int(ctx.minimum_version), "max": int(ctx.maximum_version)}
    out["minimum_version > maximum_version"] = capture(min_gt_max)

    def min_max_special():
        ctx = client_ctx()
        res = {}
        ctx.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
        res["min=MINIMUM_SUPPORTED"] = int(ctx.minimum_version)
        ctx.minimum_version = ssl.TLSVersion.MAXIMUM_SUPPORTED
        res["min=MAXIMUM_SUPPORTED"] = int(ctx.minimum_version)
        ctx.maximum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
        res["max=MINIMUM_SUPPORTED"] = int(ctx.maximum_version)
        ctx.maximum_version = ssl.TLSVersion.MAXIMUM_SUPPORTED
        res["max=MAXIMUM_SUPPORTED"] = int(ctx.maximum_version)
        ctx.minimum_version = ssl.TLSVersion.SSLv3
        res["min=SSLv3 -> min"] = int(ctx.minimum_version)
        res["min=SSLv3 -> options has OP_NO_SSLv3"] = bool(ctx.options & ssl.OP_NO_SSLv3)
        return res
    out["minimum/maximum special values"] = capture(min_max_special)

    def min_bad():
        ctx = client_ctx()
        ctx.minimum_version = 0x999
    out["minimum_version=0x999"] = capture(min_bad)

    def min_on_tls12_ctx():
        ctx = quiet(ssl.SSLContext, ssl.PROTOCOL_TLSv1_2)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    out["minimum_version on PROTOCOL_TLSv1_2 ctx"] = capture(min_on_tls12_ctx)

    def num_tickets_client():
        ctx = client_ctx()
        ctx.num_tickets = 1
    out["num_tickets on client ctx"] = capture(num_tickets_client)

    def num_tickets_neg():
        ctx = server_ctx()
        ctx.num_tickets = -1
    out["num_tickets=-1 on server ctx"] = capture(num_tickets_neg)

    def num_tickets_ok():
        ctx = server_ctx()
        ctx.num_tickets = 0
        return ctx.num_tickets
    out["num_tickets=0 on server ctx"] = capture(num_tickets_ok)

    def options_clear_all():
        ctx = client_ctx()
        before = int(ctx.options)
        ctx.options = 0
        after0 = int(ctx.options)
        ctx.options = before
        return {"before": before, "after_set_0": after0,
                "after_restore": int(ctx.options)}
    out["options=0"] = capture(options_clear_all)

    def options_no_tls1():
        ctx = client_ctx()
        before = int(ctx.options)
        ctx.options |= ssl.OP_NO_TLSv1
        return {"before": before, "after": int(ctx.options)}
    out["options |= OP_NO_TLSv1"] = capture(options_no_tls1)

    def options_neg():
        ctx = client_ctx()
        ctx.options = -1
        return int(ctx.options)
    out["options=-1"] = capture(options_neg)

    def options_huge():
        ctx = client_ctx()
        ctx.options = 2 ** 64
        return int(ctx.options)
    out["options=2**64"] = capture(options_huge)

    def verify_flags_rt():
        ctx = client_ctx()
        ctx.verify_flags = ssl.VERIFY_CRL_CHECK_CHAIN | ssl.VERIFY_X509_STRICT
        a = int(ctx.verify_flags)
        ctx.verify_flags = 0
        return {"set_crl_chain_strict": a, "set_0": int(ctx.verify_flags)}
    out["verify_flags set/clear"] = capture(verify_flags_rt)

    def verify_flags_neg():
        ctx = client_ctx()
        ctx.verify_flags = -1
        return int(ctx.verify_flags)
    out["verify_flags=-1"] = capture(verify_flags_neg)

    def alpn_empty():
        client_ctx().set_alpn_protocols([""])
    out["set_alpn_protocols([''])"] = capture(alpn_empty)
    out["set_alpn_protocols(['a'*256])"] = capture(
        lambda: client_ctx().set_alpn_protocols(["a" * 256]))
    out["set_alpn_protocols(['h2','http/1.1'])"] = capture(
        lambda: client_ctx().set_alpn_protocols(["h2", "http/1.1"]))
    out["set_alpn_protocols([b'h2'])"] = capture(
        lambda: client_ctx().set_alpn_protocols([b"h2"]))
    out["set_alpn_protocols(['\\xe9'])"] = capture(
        lambda: client_ctx().set_alpn_protocols([u"\xe9"]))
    out["set_alpn_protocols([])"] = capture(
        lambda: client_ctx().set_alpn_protocols([]))

    out["set_ecdh_curve('prime256v1')"] = capture(
        lambda: client_ctx().set_ecdh_curve("prime256v1"))
    out["set_ecdh_curve('secp384r1')"] = capture(
        lambda: server_ctx().set_ecdh_curve("secp384r1"))
    out["set_ecdh_curve(b'prime256v1')"] = capture(
        lambda: server_ctx().set_ecdh_curve(b"prime256v1"))
    out["set_ecdh_curve('X25519')"] = capture(
        lambda: server_ctx().set_ecdh_curve("X25519"))
    out["set_ecdh_curve('foo')"] = capture(
        lambda: server_ctx().set_ecdh_curve("foo"))
    out["set_ecdh_curve(42)"] = capture(lambda: server_ctx().set_ecdh_curve(42))

    out["load_dh_params(ffdh3072.pem)"] = capture(
        lambda: server_ctx().load_dh_params(cert("ffdh3072.pem", True)))
    out["load_dh_params(missing)"] = capture(
        lambda: server_ctx().load_dh_params("/nonexistent/dh.pem"))
    out["load_dh_params(keycert.pem)"] = capture(
        lambda: server_ctx().load_dh_params(cert("keycert.pem", True)))
    out["load_dh_params(None)"] = capture(lambda: server_ctx().load_dh_params(None))

    def sni_not_callable():
        client_ctx().sni_callback = 42
    out["sni_callback=42"] = capture(sni_not_callable)

    def sni_not_callable_server():
        server_ctx().sni_callback = 42
    out["sni_callback=42 on server ctx"] = capture(sni_not_callable_server)

    def sni_on_tls_ctx():
        ctx = quiet(ssl.SSLContext, ssl.PROTOCOL_TLS)
        ctx.sni_callback = lambda *a: None
        return "ok"
    out["sni_callback on PROTOCOL_TLS ctx"] = capture(sni_on_tls_ctx)

    def sni_set_get():
        ctx = server_ctx()
        f = lambda *a: None  # noqa
        ctx.sni_callback = f
        same = ctx.sni_callback is f
        ctx.sni_callback = None
        return {"same_object": same, "after_none": ctx.sni_callback}
    out["sni_callback set/get"] = capture(sni_set_get)

    out["set_servername_callback(42)"] = capture(
        lambda: server_ctx().set_servername_callback(42))

    def keylog_dir():
        ctx = client_ctx()
        ctx.keylog_filename = "/"
    out["keylog_filename='/'"] = capture(keylog_dir)

    def keylog_missing_dir():
        ctx = client_ctx()
        ctx.keylog_filename = "/nonexistent/dir/keylog.txt"
    out["keylog_filename in missing dir"] = capture(keylog_missing_dir)

    def keylog_int():
        ctx = client_ctx()
        ctx.keylog_filename = 42
    out["keylog_filename=42"] = capture(keylog_int)

    def post_handshake_auth_rt():
        ctx = client_ctx()
        a = ctx.post_handshake_auth
        ctx.post_handshake_auth = True
        b = ctx.post_handshake_auth
        ctx.post_handshake_auth = 0
        return {"default": a, "after_True": b, "after_0": ctx.post_handshake_auth}
    out["post_handshake_auth roundtrip"] = capture(post_handshake_auth_rt)

    def hccn_rt():
        ctx = client_ctx()
        a = ctx.hostname_checks_common_name
        ctx.hostname_checks_common_name = False
        b = ctx.hostname_checks_common_name
        hf = int(ctx._host_flags)
        ctx.hostname_checks_common_name = True
        return {"default": a, "after_False": b, "host_flags_after_False": hf,
                "host_flags_after_True": int(ctx._host_flags)}
    out["hostname_checks_common_name roundtrip"] = capture(hccn_rt)

    def protocol_setter():
        ctx = client_ctx()
        ctx.protocol = ssl.PROTOCOL_TLS
    out["protocol is read-only"] = capture(protocol_setter)

    def security_level_setter():
        ctx = client_ctx()
        ctx.security_level = 1
    out["security_level is read-only"] = capture(security_level_setter)

    def seclevel_via_ciphers():
        ctx = client_ctx()
        ctx.set_ciphers("DEFAULT:@SECLEVEL=1")
        a = ctx.security_level
        ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
        return {"after_SECLEVEL=1": a, "after_SECLEVEL=0": ctx.security_level}
    out["security_level via set_ciphers"] = capture(seclevel_via_ciphers)

    def session_stats():
        return server_ctx().session_stats()
    out["session_stats()"] = capture(session_stats)

    def get_ca_certs_shape():
        ctx = client_ctx()
        ctx.load_verify_locations(SIGNING_CA)
        ctx.load_verify_locations(cert("keycert.pem", True))
        return {"dicts": ctx.get_ca_certs(), "binary": ctx.get_ca_certs(True)}
    out["get_ca_certs() shape"] = capture(get_ca_certs_shape)

    def set_npn():
        ctx = client_ctx()
        ctx.set_npn_protocols(["http/1.1"])
    out["set_npn_protocols(['http/1.1'])"] = capture(set_npn)

    return out


# --------------------------------------------------------------------------
# 4. wrap_socket / wrap_bio argument validation (no handshake performed)
# --------------------------------------------------------------------------

@section("wrap_arguments")
def _wrap_args():
    out = {}

    def w(ctx_factory, **kw):
        def run():
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                ss = ctx_factory().wrap_socket(s, **kw)
                r = {"type": type(ss).__name__,
                     "server_side": ss.server_side,
                     "server_hostname": ss.server_hostname,
                     "do_handshake_on_connect": ss.do_handshake_on_connect,
                     "suppress_ragged_eofs": ss.suppress_ragged_eofs,
                     "cipher_before_handshake": jsonable(ss.cipher()),
                     "version_before_handshake": jsonable(ss.version()),
                     "pending_before_handshake": capture(ss.pending),
                     "session": jsonable(ss.session),
                     "session_reused": capture(lambda: ss.session_reused),
                     "getpeercert_unconnected": capture(ss.getpeercert),
                     "selected_alpn_protocol": capture(ss.selected_alpn_protocol),
                     "compression": capture(ss.compression),
                     "shared_ciphers": capture(ss.shared_ciphers),
                     "get_channel_binding": capture(ss.get_channel_binding),
                     "recv_unconnected": capture(ss.recv, 10),
                     "send_unconnected": capture(ss.send, b"x"),
                     "unwrap_unconnected": capture(ss.unwrap),
                     "do_handshake_unconnected": capture(ss.do_handshake),
                     "dup": capture(ss.dup),
                     }
                ss.close()
                return r
            finally:
                s.close()
        return capture(run)

    out["client ok"] = w(client_ctx, server_hostname="localhost")
    out["client, check_hostname, no server_hostname"] = w(client_ctx)
    out["server_side with server_hostname"] = w(server_ctx, server_side=True,
                                                server_hostname="localhost")
    out["server_hostname=''"] = w(client_ctx, server_hostname="")
    out["server_hostname='.example.org'"] = w(client_ctx, server_hostname=".example.org")
    out["server_hostname='a\\x00b'"] = w(client_ctx, server_hostname="a\x00b")
    out["server_hostname=b'bytes.example'"] = w(client_ctx, server_hostname=b"bytes.example")
    out["server_hostname=IDN"] = w(client_ctx, server_hostname=u"\u00e9xample.org")
    out["server_hostname=xn--"] = w(client_ctx, server_hostname="xn--xample-9ua.org")
    out["server_hostname=127.0.0.1"] = w(client_ctx, server_hostname="127.0.0.1")
    out["server_hostname=42"] = w(client_ctx, server_hostname=42)
    out["server_hostname='LocalHost.'"] = w(client_ctx, server_hostname="LocalHost.")
    out["server_side, no cert"] = w(server_ctx, server_side=True)

    def udp():
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            client_ctx().wrap_socket(s, server_hostname="localhost")
        finally:
            s.close()
    out["wrap SOCK_DGRAM"] = capture(udp)

    def direct_ctor():
        return ssl.SSLSocket()
    out["SSLSocket() direct"] = capture(direct_ctor)
    out["SSLObject() direct"] = capture(lambda: ssl.SSLObject())

    def bio(ctx_factory, **kw):
        def run():
            o = ctx_factory().wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO(), **kw)
            return {"type": type(o).__name__, "server_side": o.server_side,
                    "server_hostname": o.server_hostname,
                    "cipher": o.cipher(), "version": o.version(),
                    "pending": o.pending(),
                    "getpeercert": capture(o.getpeercert),
                    "session": jsonable(o.session),
                    "session_reused": capture(lambda: o.session_reused),
                    "shared_ciphers": capture(o.shared_ciphers),
                    "get_channel_binding": capture(o.get_channel_binding),
                    "get_channel_binding('tls-server-end-point')":
                        capture(o.get_channel_binding, "tls-server-end-point"),
                    "do_handshake": capture(o.do_handshake),
                    "read": capture(o.read, 10),
                    "write": capture(o.write, b"x"),
                    }
        return capture(run)
    out["wrap_bio client ok"] = bio(client_ctx, server_hostname="localhost")
    out["wrap_bio client no hostname"] = bio(client_ctx)
    out["wrap_bio server_side with hostname"] = bio(server_ctx, server_side=True,
                                                    server_hostname="x")
    out["wrap_bio server_hostname IDN"] = bio(client_ctx,
                                              server_hostname=u"\u00e9xample.org")
    out["wrap_bio server_hostname bytes"] = bio(client_ctx, server_hostname=b"example.org")
    out["wrap_bio server_hostname=''"] = bio(client_ctx, server_hostname="")
    out["wrap_bio server_hostname='.example.org'"] = bio(client_ctx,
                                                         server_hostname=".example.org")
    out["wrap_bio server_hostname='a\\x00b'"] = bio(client_ctx, server_hostname="a\x00b")
    out["wrap_bio server_hostname='example.org.'"] = bio(client_ctx,
                                                         server_hostname="example.org.")
    out["wrap_bio server_hostname=42"] = bio(client_ctx, server_hostname=42)
    out["wrap_bio session='x'"] = bio(client_ctx, server_hostname="localhost",
                                      session="x")

    # wrap_socket on a *connected* socket: the C-level _wrap_socket runs now
    def wc(ctx_factory, **kw):
        def run():
            a, b = socket.socketpair()
            try:
                kw.setdefault("do_handshake_on_connect", False)
                ss = ctx_factory().wrap_socket(a, **kw)
                r = {"server_hostname": ss.server_hostname,
                     "server_side": ss.server_side,
                     "sslobj_type": type(ss._sslobj).__name__}
                ss.close()
                return r
            finally:
                a.close()
                b.close()
        return capture(run)
    out["connected: server_hostname='localhost'"] = wc(client_ctx, server_hostname="localhost")
    out["connected: server_hostname=''"] = wc(client_ctx, server_hostname="")
    def nohost_client():
        c = client_ctx()
        c.check_hostname = False
        return c
    out["connected: server_hostname='' (no check_hostname)"] = wc(
        nohost_client, server_hostname="")
    out["connected: server_hostname='.example.org'"] = wc(client_ctx,
                                                         server_hostname=".example.org")
    out["connected: server_hostname='a\\x00b'"] = wc(client_ctx, server_hostname="a\x00b")
    out["connected: server_hostname=IDN"] = wc(client_ctx,
                                              server_hostname=u"\u00e9xample.org")
    out["connected: server_hostname=b'bytes.example'"] = wc(client_ctx,
                                                           server_hostname=b"bytes.example")
    out["connected: server_hostname=42"] = wc(client_ctx, server_hostname=42)
    out["connected: server_side + hostname"] = wc(server_ctx, server_side=True,
                                                 server_hostname="x")
    out["connected: session='x'"] = wc(client_ctx, server_hostname="localhost",
                                       session="x")

    def bio_bad_types():
        client_ctx().wrap_bio("a", "b", server_hostname="localhost")
    out["wrap_bio non-BIO args"] = capture(bio_bad_types)

    def memorybio():
        b = ssl.MemoryBIO()
        r = {"pending0": b.pending, "eof0": b.eof}
        r["write"] = b.write(b"abc")
        r["pending1"] = b.pending
        r["read(2)"] = b.read(2)
        r["read()"] = b.read()
        r["read_empty"] = b.read()
        b.write_eof()
        r["eof_after_write_eof"] = b.eof
        r["write_after_eof"] = capture(b.write, b"x")
        r["write(str)"] = capture(ssl.MemoryBIO().write, "x")
        return r
    out["MemoryBIO semantics"] = capture(memorybio)

    if hasattr(ssl, "wrap_socket"):
        def module_wrap_socket():
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                with warnings.catch_warnings(record=True) as wl:
                    warnings.simplefilter("always")
                    ss = ssl.wrap_socket(s)
                c = ss.context
                r = {"warnings": [str(x.message) for x in wl],
                     "context": describe_context(c),
                     "server_side": ss.server_side,
                     "server_hostname": ss.server_hostname}
                ss.close()
                return r
            finally:
                s.close()
        out["ssl.wrap_socket(sock) defaults"] = capture(module_wrap_socket)

        def module_wrap_socket_keyfile_only():
            s = socket.socket()
            try:
                quiet(ssl.wrap_socket, s, keyfile=cert("keycert.pem", True))
            finally:
                s.close()
        out["ssl.wrap_socket(keyfile only)"] = capture(module_wrap_socket_keyfile_only)

        def module_wrap_socket_server_nocert():
            s = socket.socket()
            try:
                quiet(ssl.wrap_socket, s, server_side=True)
            finally:
                s.close()
        out["ssl.wrap_socket(server_side, no certfile)"] = capture(
            module_wrap_socket_server_nocert)
    return out


# --------------------------------------------------------------------------
# 5. certificate decoding
# --------------------------------------------------------------------------

@section("test_decode_cert")
def _decode():
    out = {}
    for p in sorted(glob.glob(os.path.join(CERTDIR_OWN, "*.pem"))):
        out[os.path.basename(p)] = capture(_ssl._test_decode_cert, p)
    out["<missing file>"] = capture(_ssl._test_decode_cert, "/nonexistent/cert.pem")
    return out


@section("module_functions")
def _module_functions():
    out = {}
    for t in ("Jan  5 09:34:43 2018 GMT", "Jan 5 09:34:43 2018 GMT",
              "jan  5 09:34:43 2018 GMT", "Feb 29 00:00:00 2020 GMT",
              "Jan  5 09:34:43 2018 UTC", "Jan  5 09:34:61 2018 GMT",
              "Dec 31 23:59:60 2008 GMT", "Jan  5 09:34 2018 GMT",
              "xyz", "Jan  1 00:00:00 1970 GMT", "Jan  1 00:00:00 2038 GMT",
              "Mar  1 00:00:00 9999 GMT"):
        out["cert_time_to_seconds(%r)" % t] = capture(ssl.cert_time_to_seconds, t)

    with open(cert("ssl_cert.pem", True)) as f:
        pem_in = f.read()
    out["PEM_cert_to_DER_cert(ssl_cert.pem)"] = capture(ssl.PEM_cert_to_DER_cert, pem_in)
    der = ssl.PEM_cert_to_DER_cert(pem_in)

    def roundtrip():
        pem = ssl.DER_cert_to_PEM_cert(der)
        lines = pem.split("\n")
        return {"pem_sha256": hashlib.sha256(pem.encode()).hexdigest(),
                "first_line": lines[0], "last_lines": lines[-3:],
                "line_lengths": sorted(set(len(x) for x in lines)),
                "ends_with_newline": pem.endswith("\n"),
                "der_roundtrip_equal": ssl.PEM_cert_to_DER_cert(pem) == der,
                "equals_file_text": pem == pem_in}
    out["DER_cert_to_PEM_cert roundtrip"] = capture(roundtrip)
    out["DER_cert_to_PEM_cert(b'')"] = capture(ssl.DER_cert_to_PEM_cert, b"")
    out["DER_cert_to_PEM_cert(bytearray(b'ab'))"] = capture(
        ssl.DER_cert_to_PEM_cert, bytearray(b"ab"))
    out["PEM_cert_to_DER_cert('garbage')"] = capture(ssl.PEM_cert_to_DER_cert, "garbage")
    out["PEM_cert_to_DER_cert(no footer)"] = capture(
        ssl.PEM_cert_to_DER_cert, "-----BEGIN CERTIFICATE-----\nAAAA\n")
    out["PEM_cert_to_DER_cert(leading ws)"] = capture(
        ssl.PEM_cert_to_DER_cert, "  " + pem_in)
    out["PEM_cert_to_DER_cert(bytes)"] = capture(
        ssl.PEM_cert_to_DER_cert, pem_in.encode())

    out["get_default_verify_paths()"] = capture(
        lambda: dict(ssl.get_default_verify_paths()._asdict()))
    out["get_default_verify_paths() type"] = type(ssl.get_default_verify_paths()).__name__
    out["_ssl.get_default_verify_paths()"] = capture(_ssl.get_default_verify_paths)

    out["RAND_status()"] = capture(ssl.RAND_status)
    out["len(RAND_bytes(16))"] = capture(lambda: len(ssl.RAND_bytes(16)))
    out["type(RAND_bytes(16))"] = type(ssl.RAND_bytes(16)).__name__
    out["RAND_bytes(0)"] = capture(ssl.RAND_bytes, 0)
    out["RAND_bytes(-1)"] = capture(ssl.RAND_bytes, -1)
    out["RAND_add('x', 0.0)"] = capture(ssl.RAND_add, "x", 0.0)
    out["RAND_add(b'x', 1.5)"] = capture(ssl.RAND_add, b"x", 1.5)
    if hasattr(ssl, "RAND_pseudo_bytes"):
        out["RAND_pseudo_bytes(4)"] = capture(
            lambda: [len(x) if isinstance(x, bytes) else x
                     for x in ssl.RAND_pseudo_bytes(4)])

    for p in ("PROTOCOL_TLS", "PROTOCOL_TLS_CLIENT", "PROTOCOL_TLS_SERVER",
              "PROTOCOL_TLSv1", "PROTOCOL_TLSv1_2"):
        if hasattr(ssl, p):
            out["get_protocol_name(%s)" % p] = capture(
                ssl.get_protocol_name, getattr(ssl, p))
    out["get_protocol_name(999)"] = capture(ssl.get_protocol_name, 999)

    out["Purpose.SERVER_AUTH"] = jsonable(tuple(ssl.Purpose.SERVER_AUTH))
    out["Purpose.CLIENT_AUTH"] = jsonable(tuple(ssl.Purpose.CLIENT_AUTH))
    out["_ASN1Object.fromnid(129)"] = capture(lambda: tuple(ssl._ASN1Object.fromnid(129)))
    out["_ASN1Object.fromname('serverAuth')"] = capture(
        lambda: tuple(ssl._ASN1Object.fromname("serverAuth")))
    out["_ASN1Object('1.2.3')"] = capture(lambda: tuple(ssl._ASN1Object("1.2.3")))
    out["_ASN1Object('garbage')"] = capture(lambda: tuple(ssl._ASN1Object("garbage")))

    if hasattr(ssl, "match_hostname"):
        cert_localhost = {"subject": ((("commonName", "localhost"),),),
                          "subjectAltName": (("DNS", "localhost"),
                                             ("IP Address", "127.0.0.1"))}
        cert_wild = {"subject": ((("commonName", "x"),),),
                     "subjectAltName": (("DNS", "*.example.com"),)}
        cert_cn_only = {"subject": ((("commonName", "cn.example.com"),),)}
        cases = [
            ("localhost", cert_localhost, "localhost"),
            ("LOCALHOST", cert_localhost, "LOCALHOST"),
            ("mismatch", cert_localhost, "example.org"),
            ("ip ok", cert_localhost, "127.0.0.1"),
            ("ip mismatch", cert_localhost, "127.0.0.2"),
            ("wildcard ok", cert_wild, "www.example.com"),
            ("wildcard 2 labels", cert_wild, "a.b.example.com"),
            ("wildcard bare", cert_wild, "example.com"),
            ("cn only", cert_cn_only, "cn.example.com"),
            ("cn only mismatch", cert_cn_only, "other.example.com"),
            ("empty cert", {}, "example.com"),
            ("None cert", None, "example.com"),
            ("multi SAN mismatch",
             {"subjectAltName": (("DNS", "a.example"), ("DNS", "b.example"))},
             "c.example"),
        ]
        mh = {}
        for label, c, host in cases:
            mh[label] = capture(quiet, ssl.match_hostname, c, host)
        out["match_hostname"] = mh
    return out


# --------------------------------------------------------------------------
# 6. live handshakes over MemoryBIO pairs (no sockets)
# --------------------------------------------------------------------------

class Pair(object):
    def __init__(self, cctx, sctx, server_hostname="localhost", session=None):
        self.c_in, self.c_out = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.s_in, self.s_out = ssl.MemoryBIO(), ssl.MemoryBIO()
        kw = {}
        if session is not None:
            kw["session"] = session
        self.client = cctx.wrap_bio(self.c_in, self.c_out, server_side=False,
                                    server_hostname=server_hostname, **kw)
        self.server = sctx.wrap_bio(self.s_in, self.s_out, server_side=True)

    def flush(self):
        moved = 0
        d = self.c_out.read()
        if d:
            self.s_in.write(d)
            moved += len(d)
        d = self.s_out.read()
        if d:
            self.c_in.write(d)
            moved += len(d)
        return moved

    def handshake(self, rounds=30):
        c_done = s_done = False
        c_err = s_err = None
        for _ in range(rounds):
            if not c_done and c_err is None:
                try:
                    self.client.do_handshake()
                    c_done = True
                except ssl.SSLWantReadError:
                    pass
                except Exception as e:  # noqa
                    c_err = e
            self.flush()
            if not s_done and s_err is None:
                try:
                    self.server.do_handshake()
                    s_done = True
                except ssl.SSLWantReadError:
                    pass
                except Exception as e:  # noqa
                    s_err = e
            moved = self.flush()
            if (c_done or c_err) and (s_done or s_err) and not moved:
                break
        return {"client_done": c_done, "server_done": s_done,
                "client_error": exc_info(c_err) if c_err else None,
                "server_error": exc_info(s_err) if s_err else None}

    def send(self, src, dst, data):
        try:
            src.write(data)
        except Exception as e:  # noqa
            self.flush()
            return {"write_error": exc_info(e)}
        self.flush()
        try:
            return {"ok": jsonable(dst.read(1024))}
        except Exception as e:  # noqa
            return {"error": exc_info(e)}


def session_info(s):
    if s is None:
        return None
    d = {"type": type(s).__name__}
    for a in ("id", "time", "timeout", "ticket_lifetime_hint", "has_ticket"):
        try:
            v = getattr(s, a)
        except Exception as e:  # noqa
            d[a] = {"error": exc_info(e)}
            continue
        if a == "id":
            d["id_len"] = len(v)
        elif a == "time":
            d["time_type"] = type(v).__name__
        else:
            d[a] = jsonable(v)
    return d


def conn_info(o):
    d = {}
    d["version"] = capture(o.version)
    d["cipher"] = capture(o.cipher)
    d["shared_ciphers_len"] = capture(lambda: None if o.shared_ciphers() is None
                                      else len(o.shared_ciphers()))
    d["shared_ciphers_first3"] = capture(lambda: None if o.shared_ciphers() is None
                                         else o.shared_ciphers()[:3])
    d["compression"] = capture(o.compression)
    d["selected_alpn_protocol"] = capture(o.selected_alpn_protocol)
    d["getpeercert"] = capture(o.getpeercert)
    d["getpeercert(True)"] = capture(o.getpeercert, True)
    d["pending"] = capture(o.pending)
    d["server_side"] = o.server_side
    d["server_hostname"] = jsonable(o.server_hostname)
    d["session_reused"] = capture(lambda: o.session_reused)
    d["session"] = capture(lambda: session_info(o.session))
    d["tls-unique_len"] = capture(lambda: None if o.get_channel_binding() is None
                                  else len(o.get_channel_binding()))
    d["get_channel_binding('bogus')"] = capture(o.get_channel_binding, "bogus")
    if hasattr(o, "get_verified_chain"):
        d["get_verified_chain_len"] = capture(lambda: len(o.get_verified_chain()))
        d["get_unverified_chain_len"] = capture(lambda: len(o.get_unverified_chain()))
    return d


def mk_client(ca=True, hostname_check=True):
    c = client_ctx()
    if ca:
        c.load_verify_locations(SIGNING_CA)
    if not hostname_check:
        c.check_hostname = False
    return c


def mk_server(certfile=SIGNED_CERTFILE):
    s = server_ctx()
    s.load_cert_chain(certfile)
    return s


@section("bio_handshakes")
def _bio():
    out = {}

    # a) plain successful TLS handshake + data + close_notify
    def ok_case(max_tls12=False):
        c = mk_client()
        s = mk_server()
        if max_tls12:
            c.maximum_version = ssl.TLSVersion.TLSv1_2
        p = Pair(c, s)
        r = {"handshake": p.handshake()}
        r["client"] = conn_info(p.client)
        r["server"] = conn_info(p.server)
        r["client->server 'ping'"] = p.send(p.client, p.server, b"ping")
        r["server->client 'pong'"] = p.send(p.server, p.client, b"pong")
        r["client_session_after_data"] = capture(lambda: session_info(p.client.session))
        r["client read, nothing pending"] = capture(p.client.read, 10)
        r["client write(b'')"] = capture(p.client.write, b"")
        r["client write(str)"] = capture(p.client.write, "str")
        r["read(0)"] = capture(p.client.read, 0)
        r["read(-1)"] = capture(p.client.read, -1)
        # pending(): write 10 bytes, read 3
        p.server.write(b"0123456789")
        p.flush()
        r["client read(3) of 10"] = capture(p.client.read, 3)
        r["client pending() after"] = capture(p.client.pending)
        r["client read rest"] = capture(p.client.read, 100)
        # read into buffer
        p.server.write(b"abcdef")
        p.flush()
        buf = bytearray(4)
        r["client read(4, buffer)"] = capture(p.client.read, 4, buf)
        r["buffer after"] = jsonable(buf)
        r["client read rest 2"] = capture(p.client.read, 100)
        # close_notify from client
        r["client unwrap() #1"] = capture(p.client.unwrap)
        p.flush()
        r["server read after client close_notify"] = capture(p.server.read, 10)
        r["server read again"] = capture(p.server.read, 10)
        r["server unwrap()"] = capture(p.server.unwrap)
        p.flush()
        r["client unwrap() #2"] = capture(p.client.unwrap)
        r["client read after full shutdown"] = capture(p.client.read, 10)
        r["client write after full shutdown"] = capture(p.client.write, b"x")
        r["client version after shutdown"] = capture(p.client.version)
        r["client cipher after shutdown"] = capture(p.client.cipher)
        r["server write after full shutdown"] = capture(p.server.write, b"x")

        # peer writes application data after our close_notify
        c2 = mk_client()
        if max_tls12:
            c2.maximum_version = ssl.TLSVersion.TLSv1_2
        p2 = Pair(c2, mk_server())
        p2.handshake()
        p2.send(p2.server, p2.client, b"t")
        r2 = {"client unwrap() #1": capture(p2.client.unwrap)}
        p2.flush()
        r2["server write after peer close_notify"] = capture(p2.server.write, b"x")
        p2.flush()
        r2["client unwrap() #2"] = capture(p2.client.unwrap)
        r["app data after close_notify"] = r2
        return r
    out["tls13_ok"] = capture(ok_case)
    out["tls12_ok"] = capture(ok_case, True)

    # b) ragged EOF (transport EOF without close_notify)
    def ragged(max_tls12=False):
        c = mk_client()
        s = mk_server()
        if max_tls12:
            c.maximum_version = ssl.TLSVersion.TLSv1_2
        p = Pair(c, s)
        p.handshake()
        p.send(p.client, p.server, b"x")
        p.send(p.server, p.client, b"y")
        p.s_in.write_eof()
        r = {"server read after EOF": capture(p.server.read, 10),
             "server read after EOF again": capture(p.server.read, 10)}
        p.c_in.write_eof()
        r["client read after EOF"] = capture(p.client.read, 10)
        return r
    out["ragged_eof_tls13"] = capture(ragged)
    out["ragged_eof_tls12"] = capture(ragged, True)

    def eof_during_handshake():
        p = Pair(mk_client(), mk_server())
        try:
            p.client.do_handshake()
        except ssl.SSLWantReadError:
            pass
        p.c_in.write_eof()
        return capture(p.client.do_handshake)
    out["eof_during_handshake"] = capture(eof_during_handshake)

    def garbage_from_peer():
        p = Pair(mk_client(), mk_server())
        try:
            p.client.do_handshake()
        except ssl.SSLWantReadError:
            pass
        p.c_in.write(b"HTTP/1.1 400 Bad Request\r\n\r\n")
        return capture(p.client.do_handshake)
    out["garbage_from_server"] = capture(garbage_from_peer)

    def want_read_str():
        p = Pair(mk_client(), mk_server())
        try:
            p.client.do_handshake()
        except ssl.SSLWantReadError as e:
            return exc_info(e)
        return "no error"
    out["SSLWantReadError shape"] = capture(want_read_str)

    # c) verification failures
    def fail(server_hostname, certfile=SIGNED_CERTFILE, ca=True, extra=None):
        c = mk_client(ca=ca)
        if extra:
            extra(c)
        p = Pair(c, mk_server(certfile), server_hostname=server_hostname)
        r = p.handshake()
        return r
    out["hostname_mismatch"] = capture(fail, "example.org")
    out["ip_mismatch"] = capture(fail, "192.0.2.1")
    out["ipv6_mismatch"] = capture(fail, "2001:db8::1")
    out["unknown_ca"] = capture(fail, "localhost", ca=False)
    out["self_signed"] = capture(fail, "localhost", SELFSIGNED)
    out["self_signed_no_check"] = capture(
        fail, "localhost", SELFSIGNED, True,
        lambda c: setattr(c, "check_hostname", False))
    out["hostname_trailing_dot"] = capture(fail, "localhost.")
    out["hostname_uppercase"] = capture(fail, "LOCALHOST")

    def ip_ok():
        c = mk_client()
        p = Pair(c, mk_server(ALLSANS), server_hostname="127.0.0.1")
        r = p.handshake()
        r["client_peercert"] = capture(p.client.getpeercert)
        return r
    out["allsans_ip_127.0.0.1"] = capture(ip_ok)

    def fakehostname():
        p = Pair(mk_client(), mk_server(SIGNED_CERTFILE2), server_hostname="fakehostname")
        return p.handshake()
    out["fakehostname_ok"] = capture(fakehostname)

    def cn_only(flag):
        p_nosan = cert("nosan.pem")
        if not os.path.exists(p_nosan):
            return "absent"
        c = mk_client()
        if flag is not None:
            c.hostname_checks_common_name = flag
        p = Pair(c, mk_server(p_nosan), server_hostname="nosan")
        return p.handshake()
    out["nosan_cn_default"] = capture(cn_only, None)
    out["nosan_cn_checks_common_name=False"] = capture(cn_only, False)
    out["nosan_cn_checks_common_name=True"] = capture(cn_only, True)

    def unverified_peercert():
        c = ssl._create_unverified_context()
        p = Pair(c, mk_server(), server_hostname="localhost")
        r = p.handshake()
        r["client getpeercert()"] = capture(p.client.getpeercert)
        r["client getpeercert(True) len"] = capture(lambda: len(p.client.getpeercert(True)))
        r["server getpeercert() (no client cert)"] = capture(p.server.getpeercert)
        r["server getpeercert(True)"] = capture(p.server.getpeercert, True)
        return r
    out["unverified_client_getpeercert"] = capture(unverified_peercert)

    def optional_peercert():
        c = mk_client(hostname_check=False)
        c.verify_mode = ssl.CERT_OPTIONAL
        p = Pair(c, mk_server(SELFSIGNED), server_hostname="localhost")
        return p.handshake()
    out["CERT_OPTIONAL_self_signed"] = capture(optional_peercert)

    # d) protocol version handling
    def min_gt_max_hs():
        c = mk_client()
        c.minimum_version = ssl.TLSVersion.TLSv1_3
        c.maximum_version = ssl.TLSVersion.TLSv1_2
        return Pair(c, mk_server()).handshake()
    out["client_min_gt_max"] = capture(min_gt_max_hs)

    def version_mismatch():
        c = mk_client()
        c.maximum_version = ssl.TLSVersion.TLSv1_2
        s = mk_server()
        s.minimum_version = ssl.TLSVersion.TLSv1_3
        return Pair(c, s).handshake()
    out["client_max12_server_min13"] = capture(version_mismatch)

    def tls11():
        c = mk_client()
        c.minimum_version = ssl.TLSVersion.TLSv1_1
        c.maximum_version = ssl.TLSVersion.TLSv1_1
        s = mk_server()
        s.minimum_version = ssl.TLSVersion.TLSv1_1
        return Pair(c, s).handshake()
    out["tls11_both"] = capture(tls11)

    # e) ALPN
    def alpn(cl, sl):
        c = mk_client()
        s = mk_server()
        if cl is not None:
            c.set_alpn_protocols(cl)
        if sl is not None:
            s.set_alpn_protocols(sl)
        p = Pair(c, s)
        r = p.handshake()
        r["client_alpn"] = capture(p.client.selected_alpn_protocol)
        r["server_alpn"] = capture(p.server.selected_alpn_protocol)
        return r
    out["alpn_match"] = capture(alpn, ["h2", "http/1.1"], ["foo", "http/1.1", "h2"])
    out["alpn_no_overlap"] = capture(alpn, ["h2"], ["foo"])
    out["alpn_client_only"] = capture(alpn, ["h2"], None)
    out["alpn_server_only"] = capture(alpn, None, ["h2"])

    # f) SNI callback
    def sni(cb_kind):
        c = mk_client()
        s = mk_server()
        seen = []

        def cb(sslobj, name, ctx):
            seen.append([type(sslobj).__name__, name, type(ctx).__name__])
            if cb_kind == "alert":
                return ssl.ALERT_DESCRIPTION_UNRECOGNIZED_NAME
            if cb_kind == "raise":
                raise ZeroDivisionError("boom")
            if cb_kind == "bad_return":
                return "notanint"
            if cb_kind == "switch":
                sslobj.context = mk_server(SIGNED_CERTFILE2)
            return None
        s.sni_callback = cb
        host = "fakehostname" if cb_kind == "switch" else "localhost"
        p = Pair(c, s, server_hostname=host)
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            old_hook = getattr(sys, "unraisablehook", None)
            unraisable = []
            if old_hook is not None:
                sys.unraisablehook = lambda u: unraisable.append(
                    [type(u.exc_value).__name__, str(u.exc_value)])
            try:
                r = p.handshake()
            finally:
                if old_hook is not None:
                    sys.unraisablehook = old_hook
        r["callback_calls"] = seen
        r["unraisable"] = unraisable
        return r
    out["sni_callback_none"] = capture(sni, "none")
    out["sni_callback_alert"] = capture(sni, "alert")
    out["sni_callback_raise"] = capture(sni, "raise")
    out["sni_callback_bad_return"] = capture(sni, "bad_return")
    out["sni_callback_switch_context"] = capture(sni, "switch")

    def sni_no_hostname():
        c = mk_client(hostname_check=False)
        s = mk_server()
        seen = []
        s.sni_callback = lambda o, n, x: seen.append(n)
        p = Pair(c, s, server_hostname=None)
        r = p.handshake()
        r["callback_names"] = seen
        return r
    out["sni_callback_no_server_hostname"] = capture(sni_no_hostname)

    # g) client certificates
    def client_cert(mode, give_cert):
        c = mk_client()
        if give_cert:
            c.load_cert_chain(SIGNED_CERTFILE)
        s = mk_server()
        s.verify_mode = mode
        s.load_verify_locations(SIGNING_CA)
        p = Pair(c, s)
        r = {"handshake": p.handshake()}
        r["client->server"] = p.send(p.client, p.server, b"x")
        r["server->client"] = p.send(p.server, p.client, b"y")
        r["server getpeercert subject"] = capture(
            lambda: (p.server.getpeercert() or {}).get("subject"))
        return r
    out["client_cert_required_missing"] = capture(client_cert, ssl.CERT_REQUIRED, False)
    out["client_cert_required_given"] = capture(client_cert, ssl.CERT_REQUIRED, True)
    out["client_cert_optional_missing"] = capture(client_cert, ssl.CERT_OPTIONAL, False)

    def pha():
        c = mk_client()
        c.load_cert_chain(SIGNED_CERTFILE)
        c.post_handshake_auth = True
        s = mk_server()
        s.verify_mode = ssl.CERT_REQUIRED
        s.load_verify_locations(SIGNING_CA)
        s.post_handshake_auth = True
        p = Pair(c, s)
        r = {"handshake": p.handshake()}
        r["server getpeercert before"] = capture(p.server.getpeercert)
        r["verify_client_post_handshake"] = capture(p.server.verify_client_post_handshake)
        r["server->client"] = p.send(p.server, p.client, b"y")
        r["client->server"] = p.send(p.client, p.server, b"x")
        r["server getpeercert subject after"] = capture(
            lambda: (p.server.getpeercert() or {}).get("subject"))
        r["client verify_client_post_handshake"] = capture(
            p.client.verify_client_post_handshake)
        return r
    out["post_handshake_auth"] = capture(pha)

    def pha_tls12():
        c = mk_client()
        c.maximum_version = ssl.TLSVersion.TLSv1_2
        c.post_handshake_auth = True
        s = mk_server()
        p = Pair(c, s)
        p.handshake()
        return capture(p.server.verify_client_post_handshake)
    out["verify_client_post_handshake_on_tls12"] = capture(pha_tls12)

    def pha_not_enabled():
        p = Pair(mk_client(), mk_server())
        p.handshake()
        return capture(p.server.verify_client_post_handshake)
    out["verify_client_post_handshake_not_enabled"] = capture(pha_not_enabled)

    # h) sessions
    def sessions(max_tls12):
        c = mk_client()
        if max_tls12:
            c.maximum_version = ssl.TLSVersion.TLSv1_2
        s = mk_server()
        p = Pair(c, s)
        p.handshake()
        p.send(p.client, p.server, b"x")
        p.send(p.server, p.client, b"y")
        sess = p.client.session
        r = {"session": session_info(sess),
             "server_session": capture(lambda: session_info(p.server.session)),
             "session_stats_client": c.session_stats(),
             "session_stats_server": s.session_stats()}
        p2 = Pair(c, s, session=sess)
        r["second_handshake"] = p2.handshake()
        r["second_session_reused"] = capture(lambda: p2.client.session_reused)
        r["server_session_reused"] = capture(lambda: p2.server.session_reused)
        r["session_equal"] = capture(lambda: p2.client.session == sess)
        r["session_stats_server_after"] = s.session_stats()

        def set_after_handshake():
            p2.client.session = sess
        r["set session after handshake"] = capture(set_after_handshake)

        def set_on_server():
            p3 = Pair(c, s)
            p3.server.session = sess
        r["set session on server side"] = capture(set_on_server)

        def set_other_ctx():
            Pair(mk_client(), s, session=sess)
        r["session from other context"] = capture(set_other_ctx)

        def set_wrong_type():
            Pair(c, s, session="nope")
        r["session wrong type"] = capture(set_wrong_type)
        return r
    out["sessions_tls13"] = capture(sessions, False)
    out["sessions_tls12"] = capture(sessions, True)

    # i) num_tickets
    def tickets(n):
        c = mk_client()
        s = mk_server()
        s.num_tickets = n
        p = Pair(c, s)
        p.handshake()
        p.send(p.client, p.server, b"x")
        p.send(p.server, p.client, b"y")
        return {"client_session": session_info(p.client.session),
                "session_stats_server": s.session_stats()}
    out["num_tickets_0"] = capture(tickets, 0)
    out["num_tickets_3"] = capture(tickets, 3)

    # j) context swap
    def ctx_swap():
        c = mk_client()
        p = Pair(c, mk_server())
        c2 = mk_client()

        def setctx():
            p.client.context = c2
        r = {"set context": capture(setctx),
             "context is new": p.client.context is c2}

        def set_bad():
            p.client.context = 42
        r["set context to int"] = capture(set_bad)
        return r
    out["context_setter"] = capture(ctx_swap)

    # k) cipher restriction leading to no shared cipher (TLS 1.2)
    def no_shared_cipher():
        c = mk_client()
        c.maximum_version = ssl.TLSVersion.TLSv1_2
        c.set_ciphers("ECDHE-RSA-AES128-GCM-SHA256")
        s = mk_server()
        s.set_ciphers("ECDHE-RSA-AES256-GCM-SHA384")
        return Pair(c, s).handshake()
    out["no_shared_cipher_tls12"] = capture(no_shared_cipher)

    def ecc_cert():
        pth = cert("keycertecc.pem")
        if not os.path.exists(pth):
            return "absent"
        p = Pair(mk_client(), mk_server(pth), server_hostname="localhost-ecc")
        r = p.handshake()
        r["cipher"] = capture(p.client.cipher)
        return r
    out["ecc_cert"] = capture(ecc_cert)

    def msg_callback():
        c = mk_client()
        msgs = []
        c._msg_callback = lambda conn, direction, v, ct, mt, data: msgs.append(
            [direction, int(v), int(ct), int(mt), len(data)])
        p = Pair(c, mk_server())
        p.handshake()
        return {"count": len(msgs), "first": msgs[:3],
                "directions": sorted(set(m[0] for m in msgs))}
    out["_msg_callback"] = capture(msg_callback)
    return out


# --------------------------------------------------------------------------
# 7. real sockets (socketpair + 127.0.0.1 listener) for SSLSocket semantics
# --------------------------------------------------------------------------

def run_socket_case(client_fn, server_fn, cctx=None, sctx=None,
                    server_hostname="localhost", client_kwargs=None,
                    server_kwargs=None):
    cctx = cctx or mk_client()
    sctx = sctx or mk_server()
    a, b = socket.socketpair()
    a.settimeout(10)
    b.settimeout(10)
    res = {}

    def srv():
        try:
            ss = sctx.wrap_socket(b, server_side=True, **(server_kwargs or {}))
            res["server"] = server_fn(ss)
        except Exception as e:  # noqa
            res["server_exception"] = exc_info(e)

    t = threading.Thread(target=srv)
    t.daemon = True
    t.start()
    try:
        cs = cctx.wrap_socket(a, server_hostname=server_hostname,
                              **(client_kwargs or {}))
        res["client"] = client_fn(cs)
    except Exception as e:  # noqa
        res["client_exception"] = exc_info(e)
    t.join(15)
    for s in (a, b):
        try:
            s.close()
        except Exception:  # noqa
            pass
    return res


@section("socket_semantics")
def _sockets():
    out = {}

    def c_basic(cs):
        r = {"type": type(cs).__name__, "version": cs.version(),
             "cipher": jsonable(cs.cipher()),
             "getpeercert_subject": jsonable(cs.getpeercert()["subject"]),
             "recv(0)": capture(cs.recv, 0),
             "send(b'')": capture(cs.send, b""),
             "send": cs.send(b"hello"),
             "recv": jsonable(cs.recv(1024)),
             "fileno_is_int": isinstance(cs.fileno(), int),
             "recv_flags": capture(cs.recv, 10, socket.MSG_PEEK),
             "send_flags": capture(cs.send, b"x", socket.MSG_OOB),
             "sendto": capture(cs.sendto, b"x", ("127.0.0.1", 1)),
             "recvfrom": capture(cs.recvfrom, 10),
             "sendmsg": capture(cs.sendmsg, [b"x"]),
             "recvmsg": capture(cs.recvmsg, 10),
             "makefile_type": capture(lambda: type(cs.makefile("rb")).__name__),
             "repr_prefix": repr(cs).split(" ")[0]}
        r["recv after peer unwrap (close_notify)"] = capture(cs.recv, 1024)
        r["recv again"] = capture(cs.recv, 1024)
        def unwrap():
            plain = cs.unwrap()
            return {"type": type(plain).__name__, "is_same_object": plain is cs,
                    "version_after": plain.version(),
                    "cipher_after": plain.cipher()}
        r["unwrap"] = capture(unwrap)
        r["recv after unwrap (plain socket)"] = capture(cs.recv, 10)
        cs.close()
        r["recv after close"] = capture(cs.recv, 10)
        r["getpeercert after close"] = capture(cs.getpeercert)
        r["version after close"] = capture(cs.version)
        return r

    def s_basic(ss):
        d = ss.recv(1024)
        ss.sendall(b"world")
        plain = ss.unwrap()
        return {"recv": jsonable(d), "unwrap_type": type(plain).__name__}
    out["basic + peer unwrap"] = run_socket_case(c_basic, s_basic)

    def ragged(suppress):
        def c(cs):
            cs.send(b"hi")
            return {"recv after ragged close": capture(cs.recv, 1024),
                    "recv_into after ragged close": capture(
                        cs.recv_into, bytearray(10)),
                    "read after": capture(cs.read, 10)}

        def s(ss):
            ss.recv(10)
            # close the transport without close_notify
            sock = socket.socket(fileno=ss.detach())
            sock.shutdown(socket.SHUT_RDWR)
            sock.close()
            return "closed"
        return run_socket_case(c, s, client_kwargs={"suppress_ragged_eofs": suppress})
    out["ragged EOF, suppress_ragged_eofs=True"] = ragged(True)
    out["ragged EOF, suppress_ragged_eofs=False"] = ragged(False)

    def close_without_unwrap():
        def c(cs):
            return {"recv after peer close()": capture(cs.recv, 1024)}

        def s(ss):
            ss.close()
            return "closed"
        return run_socket_case(c, s)
    out["peer SSLSocket.close() (no close_notify?)"] = close_without_unwrap()

    def no_handshake_on_connect():
        def c(cs):
            r = {"cipher_before": jsonable(cs.cipher()),
                 "version_before": jsonable(cs.version()),
                 "getpeercert_before": capture(cs.getpeercert),
                 "pending_before": capture(cs.pending),
                 "get_channel_binding_before": capture(cs.get_channel_binding),
                 "selected_alpn_before": capture(cs.selected_alpn_protocol),
                 "session_before": jsonable(cs.session),
                 "shared_ciphers_before": capture(cs.shared_ciphers)}
            cs.do_handshake()
            r["version_after"] = cs.version()
            cs.unwrap()
            return r

        def s(ss):
            ss.do_handshake()
            ss.unwrap()
            return "ok"
        return run_socket_case(c, s, client_kwargs={"do_handshake_on_connect": False},
                               server_kwargs={"do_handshake_on_connect": False})
    out["do_handshake_on_connect=False"] = no_handshake_on_connect()

    def verify_fail_socket():
        def c(cs):
            return "unexpected success"

        def s(ss):
            return "unexpected success"
        return run_socket_case(c, s, server_hostname="example.org")
    out["hostname mismatch over socket"] = verify_fail_socket()

    def timeout_case():
        def c(cs):
            cs.settimeout(0.2)
            r = {"recv with no data": capture(cs.recv, 10)}
            cs.settimeout(10)
            r["recv after peer unwrap"] = capture(cs.recv, 10)
            cs.unwrap()
            return r

        def s(ss):
            import time
            time.sleep(0.6)
            ss.unwrap()
            return "ok"
        return run_socket_case(c, s)
    out["recv timeout"] = timeout_case()

    def nonblocking_case():
        def c(cs):
            cs.setblocking(False)
            r = {"recv nonblocking no data": capture(cs.recv, 10)}
            cs.setblocking(True)
            cs.unwrap()
            return r

        def s(ss):
            ss.recv(10)
            ss.unwrap()
            return "ok"
        return run_socket_case(c, s)
    out["recv nonblocking"] = nonblocking_case()

    # get_server_certificate against a local listener
    def gsc():
        lsock = socket.socket()
        lsock.bind(("127.0.0.1", 0))
        lsock.listen(1)
        port = lsock.getsockname()[1]
        sctx = mk_server()

        def srv():
            try:
                conn, _ = lsock.accept()
                conn.settimeout(10)
                ss = sctx.wrap_socket(conn, server_side=True)
                try:
                    ss.recv(10)
                except Exception:  # noqa
                    pass
                ss.close()
            except Exception:  # noqa
                pass
        t = threading.Thread(target=srv)
        t.daemon = True
        t.start()
        try:
            pem = ssl.get_server_certificate(("127.0.0.1", port))
            with open(SIGNED_CERTFILE) as f:
                filetext = f.read()
            der_expected = ssl.PEM_cert_to_DER_cert(
                filetext[filetext.index("-----BEGIN CERTIFICATE-----"):])
            return {"pem_head": pem.split("\n")[0], "pem_tail": pem.split("\n")[-2:],
                    "der_equal": ssl.PEM_cert_to_DER_cert(pem) == der_expected}
        finally:
            t.join(10)
            lsock.close()
    out["get_server_certificate(127.0.0.1)"] = capture(gsc)

    def gsc_verify_fail():
        lsock = socket.socket()
        lsock.bind(("127.0.0.1", 0))
        lsock.listen(1)
        port = lsock.getsockname()[1]
        sctx = mk_server(SELFSIGNED)

        def srv():
            try:
                conn, _ = lsock.accept()
                conn.settimeout(10)
                try:
                    sctx.wrap_socket(conn, server_side=True)
                except Exception:  # noqa
                    pass
                conn.close()
            except Exception:  # noqa
                pass
        t = threading.Thread(target=srv)
        t.daemon = True
        t.start()
        try:
            return ssl.get_server_certificate(("127.0.0.1", port),
                                              ca_certs=SIGNING_CA)
        finally:
            t.join(10)
            lsock.close()
    out["get_server_certificate(ca_certs=pycacert, self-signed server)"] = capture(
        gsc_verify_fail)
    return out


# --------------------------------------------------------------------------

def main():
    doc = {"oracle_format": 1}
    doc.update(RESULT)
    json.dump(doc, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

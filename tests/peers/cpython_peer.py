#!/usr/bin/env python3
"""One TLS peer for tests/handshake_diff.rs: CPython's ssl module as client or
server, driven by a JSON side description, printing one JSON observation.

Usage: python3 cpython_peer.py SPEC_JSON   (or "-" to read the spec from stdin)

The spec (the Rust test builds the same one for its pyssl side):

    {"role": "client" | "server",
     "port": N,                       # client only: the server's port
     "ctx": {"purpose": "server_auth" | "client_auth",
             "protocol": null | "PROTOCOL_TLS_SERVER" | "PROTOCOL_TLS_CLIENT",
             "cafile": path | null,
             "cert": [certfile, keyfile] | null,
             "check_hostname": bool | null,
             "verify_mode": "CERT_NONE" | "CERT_OPTIONAL" | "CERT_REQUIRED" | null,
             "hostname_checks_common_name": bool | null,
             "minimum_version": "TLSv1_2" | ... | null,
             "maximum_version": ... | null,
             "ciphers": str | null,
             "alpn": [str] | null,
             "num_tickets": int | null,
             "post_handshake_auth": bool | null},
     "conns": [{"server_hostname": str | null,          # client only
                "suppress_ragged_eofs": bool,
                "session_from": index | null,           # client only
                "ops": [{"op": "send", "data": str} | {"op": "recv"} |
                        {"op": "unwrap"} | {"op": "close"} | {"op": "vcph"} |
                        {"op": "peercert"} | {"op": "session"},
                        optional "keep_going": true]}]}

The server first prints {"port": N} (after listen), then, like the client,
one line {"ctx_errors": [...], "conns": [observation, ...]}.

Every socket has a 10 s timeout; nothing here loops without a bound.
"""

import json
import re
import socket
import ssl
import sys
import traceback

TIMEOUT = 10.0
SUFFIX = re.compile(r" \(_ssl\.c:\d+\)$")


def error_json(e):
    msg = SUFFIX.sub("", str(e))
    errno = getattr(e, "errno", None)
    if errno is None and e.args and isinstance(e.args[0], int):
        errno = e.args[0]
    return {
        "type": type(e).__name__,
        "message": msg,
        "errno": errno,
        "library": getattr(e, "library", None),
        "reason": getattr(e, "reason", None),
        "verify_code": getattr(e, "verify_code", None),
        "verify_message": getattr(e, "verify_message", None),
    }


def text(b):
    return b.decode("latin-1")


def build_context(spec, errors):
    purpose = {
        "server_auth": ssl.Purpose.SERVER_AUTH,
        "client_auth": ssl.Purpose.CLIENT_AUTH,
    }[spec["purpose"]]
    if spec.get("protocol"):
        ctx = ssl.SSLContext(getattr(ssl, spec["protocol"]))
        if spec.get("cafile"):
            ctx.load_verify_locations(cafile=spec["cafile"])
    else:
        ctx = ssl.create_default_context(purpose, cafile=spec.get("cafile"))

    def step(name, fn):
        try:
            fn()
        except Exception as e:  # recorded, the context is used as it is
            errors.append({"step": name, "error": error_json(e)})

    if spec.get("cert"):
        step("load_cert_chain", lambda: ctx.load_cert_chain(spec["cert"][0], spec["cert"][1]))
    if spec.get("check_hostname") is not None:
        step("check_hostname", lambda: setattr(ctx, "check_hostname", spec["check_hostname"]))
    if spec.get("verify_mode") is not None:
        step("verify_mode", lambda: setattr(ctx, "verify_mode", getattr(ssl, spec["verify_mode"])))
    if spec.get("hostname_checks_common_name") is not None:
        step("hostname_checks_common_name",
             lambda: setattr(ctx, "hostname_checks_common_name",
                             spec["hostname_checks_common_name"]))
    if spec.get("minimum_version") is not None:
        step("minimum_version",
             lambda: setattr(ctx, "minimum_version", ssl.TLSVersion[spec["minimum_version"]]))
    if spec.get("maximum_version") is not None:
        step("maximum_version",
             lambda: setattr(ctx, "maximum_version", ssl.TLSVersion[spec["maximum_version"]]))
    if spec.get("ciphers") is not None:
        step("set_ciphers", lambda: ctx.set_ciphers(spec["ciphers"]))
    if spec.get("alpn") is not None:
        step("set_alpn_protocols", lambda: ctx.set_alpn_protocols(spec["alpn"]))
    if spec.get("num_tickets") is not None:
        step("num_tickets", lambda: setattr(ctx, "num_tickets", spec["num_tickets"]))
    if spec.get("post_handshake_auth") is not None:
        step("post_handshake_auth",
             lambda: setattr(ctx, "post_handshake_auth", spec["post_handshake_auth"]))
    return ctx


def session_json(s):
    if s is None:
        return None
    return {
        "has_ticket": s.has_ticket,
        "id_len": len(s.id),
        "timeout": s.timeout,
        "ticket_lifetime_hint": s.ticket_lifetime_hint,
    }


def linger(guard):
    """After a failed handshake: half-close, read to EOF, close. The peer
    sees the alert (if any) and then EOF, never a TCP reset caused by
    closing with unread data (which would race with the peer's I/O)."""
    guard.settimeout(TIMEOUT)
    try:
        guard.shutdown(socket.SHUT_WR)
        for _ in range(1024):
            if not guard.recv(4096):
                break
    except OSError:
        pass
    guard.close()


def run_conn(ctx, sock, conn, role, sessions):
    """Wraps `sock`, runs the ops; returns (observation, session kept)."""
    obs = {}
    kwargs = {"suppress_ragged_eofs": conn.get("suppress_ragged_eofs", True)}
    if role == "server":
        kwargs["server_side"] = True
    else:
        kwargs["server_hostname"] = conn.get("server_hostname")
        if conn.get("session_from") is not None:
            kwargs["session"] = sessions[conn["session_from"]]
    # A second descriptor keeps the connection open if the handshake fails
    # (wrap_socket closes its own): see linger().
    guard = sock.dup()
    try:
        ssock = ctx.wrap_socket(sock, **kwargs)
    except Exception as e:
        obs["handshake"] = {"error": error_json(e)}
        sock.close()
        linger(guard)
        return obs, None
    guard.close()
    obs["handshake"] = "ok"
    obs["version"] = ssock.version()
    c = ssock.cipher()
    obs["cipher"] = list(c) if c is not None else None
    obs["alpn"] = ssock.selected_alpn_protocol()
    try:
        obs["peercert"] = ssock.getpeercert()
    except Exception as e:
        obs["peercert"] = {"error": error_json(e)}
    obs["session_reused"] = ssock.session_reused
    kept = None
    results = []
    for op in conn["ops"]:
        name = op["op"]
        r = {"op": name}
        try:
            if name == "send":
                ssock.sendall(op["data"].encode("latin-1"))
                r["ok"] = None
            elif name == "recv":
                r["ok"] = text(ssock.recv(1024))
            elif name == "unwrap":
                ssock = ssock.unwrap()
                r["ok"] = None
            elif name == "close":
                ssock.close()
                r["ok"] = None
            elif name == "vcph":
                ssock.verify_client_post_handshake()
                r["ok"] = None
            elif name == "peercert":
                r["ok"] = ssock.getpeercert()
            elif name == "session":
                s = ssock.session
                kept = s
                r["ok"] = session_json(s)
            else:
                raise RuntimeError("unknown op %r" % name)
        except Exception as e:
            r["error"] = error_json(e)
            results.append(r)
            if not op.get("keep_going"):
                break
            continue
        results.append(r)
    obs["ops"] = results
    try:
        ssock.close()
    except Exception:
        pass
    return obs, kept


def main():
    arg = sys.argv[1] if len(sys.argv) > 1 else "-"
    spec = json.loads(sys.stdin.read() if arg == "-" else arg)
    role = spec["role"]
    out = {"ctx_errors": [], "conns": []}
    try:
        ctx = build_context(spec["ctx"], out["ctx_errors"])
        sessions = []
        if role == "server":
            ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            ls.bind(("127.0.0.1", 0))
            ls.listen(8)
            ls.settimeout(TIMEOUT)
            print(json.dumps({"port": ls.getsockname()[1]}), flush=True)
            for conn in spec["conns"]:
                try:
                    s, _ = ls.accept()
                except Exception as e:
                    out["conns"].append({"accept": {"error": error_json(e)}})
                    break
                s.settimeout(TIMEOUT)
                obs, kept = run_conn(ctx, s, conn, role, sessions)
                sessions.append(kept)
                out["conns"].append(obs)
            ls.close()
        else:
            for conn in spec["conns"]:
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.settimeout(TIMEOUT)
                try:
                    s.connect(("127.0.0.1", spec["port"]))
                except Exception as e:
                    s.close()
                    out["conns"].append({"connect": {"error": error_json(e)}})
                    break
                obs, kept = run_conn(ctx, s, conn, role, sessions)
                sessions.append(kept)
                out["conns"].append(obs)
    except Exception:
        out["fatal"] = traceback.format_exc()
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()

"""The public names of CPython's `ssl` module that the porting guide must cover.

Writes one name per line, sorted: the module's own public names, then
`SSLContext.x`, `SSLSocket.x`, `SSLObject.x`, `MemoryBIO.x` and
`SSLSession.x` members. `tests/porting_coverage.rs` checks that the tables of
`src/porting.rs` have exactly one row per line of the committed list.

Regenerate (needs CPython 3.14, the newest supported release, from pyenv; no
packages):

    "$(pyenv prefix 3.14.7)/bin/python3" tools/porting_names.py > tests/golden/porting-names-3.14.txt

Which names count:

* module level: `dir(ssl)` (the module has no `__all__`) minus names that
  start with `_`, imported modules (`os`, `sys`, `errno`, `warnings`,
  `base64`), and what `ssl.py` re-exports from `socket`: objects whose
  `__module__` is `socket`/`_socket` (`socket`, `create_connection`,
  `SOCK_STREAM`), objects that *are* the `socket` module's attribute of the
  same name (the plain ints `SOL_SOCKET`, `SO_TYPE`, which have no
  `__module__`) and `socket_error` (an alias of `OSError`). `namedtuple`
  (from `collections`) stays: it is in `dir(ssl)` and not from `socket`;
  its row says it is not ssl API.
* `SSLContext`, `SSLObject`, `MemoryBIO`, `SSLSession`: `dir(cls)` minus
  names that start with `_`.
* `SSLSocket`: only what it adds to `socket.socket`:
  `set(dir(ssl.SSLSocket)) - set(dir(socket.socket))`, minus `_` names.
"""
import socket
import ssl
import sys
import types

if sys.version_info[:2] != (3, 14):
    sys.exit("run this under CPython 3.14 (see the docstring)")

_MISSING = object()


def from_socket(name, obj):
    if getattr(obj, "__module__", None) in ("socket", "_socket"):
        return True
    return getattr(socket, name, _MISSING) is obj


def module_names():
    out = []
    for name in dir(ssl):
        if name.startswith("_") or name == "socket_error":
            continue
        obj = getattr(ssl, name)
        if isinstance(obj, types.ModuleType) or from_socket(name, obj):
            continue
        out.append(name)
    return out


def public(names):
    return [n for n in names if not n.startswith("_")]


def main():
    names = module_names()
    names += ["SSLContext." + n for n in public(dir(ssl.SSLContext))]
    names += ["SSLSocket." + n for n in public(set(dir(ssl.SSLSocket)) - set(dir(socket.socket)))]
    names += ["SSLObject." + n for n in public(dir(ssl.SSLObject))]
    names += ["MemoryBIO." + n for n in public(dir(ssl.MemoryBIO))]
    names += ["SSLSession." + n for n in public(dir(ssl.SSLSession))]
    for n in sorted(names):
        print(n)


if __name__ == "__main__":
    main()

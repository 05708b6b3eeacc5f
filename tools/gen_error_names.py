#!/usr/bin/env python3
"""Generate src/error_names.rs: CPython's OpenSSL error mnemonic tables.

Regenerate (from the repository root, with the pyenv interpreters installed):

    python3 tools/gen_error_names.py

Check that the committed file is up to date without writing it:

    python3 tools/gen_error_names.py --check

Background
----------
CPython formats an OpenSSL error as ``[LIB: REASON] text``.  LIB and REASON are
mnemonics that CPython looks up in its *own* static tables, compiled into the
``_ssl`` extension from ``Modules/_ssl_data*.h``, keyed by
``(ERR_GET_LIB(code), ERR_GET_REASON(code))`` (see ``fill_and_set_sslerror`` in
``Modules/_ssl.c``).  At module init CPython walks the NULL-terminated arrays

    struct py_ssl_error_code   { const char *mnemonic; int library, reason; } error_codes[];
    struct py_ssl_library_code { const char *mnemonic; int library; }         library_codes[];

and inserts every entry into a dict with ``PyDict_SetItem`` (so for a repeated
key the LAST entry wins).  Which header is used, and the numbers in it, depend
on the CPython version *and* on the OpenSSL headers it was built against (old
headers carry ``#ifdef X ... #else <stale number>`` fallbacks), so the only
faithful source is each installed interpreter's compiled ``_ssl`` module.  The
OpenSSL reason *text* is not tabulated: CPython takes it from OpenSSL at run
time (``ERR_reason_error_string``), so only the mnemonics are needed here.
(Caveat for the caller, not this table: for some errors CPython replaces the
text with its own, e.g. (20, 294) on 3.10+ is SSLEOFError "[SSL:
UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol", on
3.8/3.9 SSLZeroReturnError "TLS/SSL connection has been closed (EOF)" without
any mnemonic, while 3.6/3.7 print "[SSL: KRB5_S_TKT_NYV] unexpected eof while
reading".)

How the tables are extracted
----------------------------
For each interpreter (``$(pyenv prefix <v>)/bin/python3``) a child script:

1. imports ``_ssl`` and parses its ELF ``.symtab`` (pure ``struct``, no
   dependencies) for ``error_codes``, ``library_codes`` and ``PyInit__ssl``;
2. computes the load bias as ``dlsym(PyInit__ssl) - st_value(PyInit__ssl)``
   and reads both arrays from the *loaded* (relocated) module with ctypes,
   checking that the NULL sentinel is exactly the last element;
3. fetches CPython's live dicts for a cross-check: ``_ssl.err_codes_to_names``
   / ``_ssl.lib_codes_to_names`` on 3.6-3.11; on 3.12+ (no longer exported) the
   two dicts are found in the module state (``PyModule_GetState``): the slots
   right after the seven SSLError* exception pointers, each confirmed to be a
   ``dict`` via its ``ob_type`` before use.  On 3.10/3.11, which both export the
   dicts and keep them in the module state, this state lookup is checked
   against the exported dicts.

The generator then rebuilds each dict from the raw array with the last-wins
rule and fails unless it is *identical* to CPython's live dict, for every
version.  Identical tables are shared between versions in the Rust output.
"""

import argparse
import json
import os
import re
import subprocess
import sys

# (CPython version as installed by pyenv, Rust enum variant)
VERSIONS = [
    ("3.6.15", "Py36"),
    ("3.7.16", "Py37"),
    ("3.8.18", "Py38"),
    ("3.9.18", "Py39"),
    ("3.10.13", "Py310"),
    ("3.11.7", "Py311"),
    ("3.12.1", "Py312"),
    ("3.13.0", "Py313"),
    ("3.14.7", "Py314"),
]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(ROOT, "src", "error_names.rs")

# Runs inside each target interpreter (must stay Python 3.6 compatible).
CHILD = r'''
import ctypes, json, os, struct, sys
import _ssl


def elf_symbols(path, wanted):
    with open(path, "rb") as f:
        data = f.read()
    assert data[:4] == b"\x7fELF" and data[4] == 2 and data[5] == 1, "need ELF64 little-endian"
    e_shoff, = struct.unpack_from("<Q", data, 0x28)
    e_shentsize, e_shnum = struct.unpack_from("<HH", data, 0x3A)
    secs = []
    for i in range(e_shnum):
        fields = struct.unpack_from("<IIQQQQIIQQ", data, e_shoff + i * e_shentsize)
        secs.append((fields[1], fields[4], fields[5], fields[6], fields[9]))  # type, off, size, link, entsize
    out = {}
    for typ, off, size, link, entsize in secs:
        if typ not in (2, 11):  # SHT_SYMTAB, SHT_DYNSYM
            continue
        stroff = secs[link][1]
        for j in range(size // entsize):
            st_name, _info, _other, _shndx, st_value, st_size = struct.unpack_from(
                "<IBBHQQ", data, off + j * entsize)
            name = data[stroff + st_name:data.index(b"\0", stroff + st_name)].decode()
            if name in wanted:
                assert out.get(name, (st_value, st_size)) == (st_value, st_size), name
                out[name] = (st_value, st_size)
    missing = set(wanted) - set(out)
    assert not missing, "symbols not found (stripped .so?): %r" % sorted(missing)
    return out


class ErrCode(ctypes.Structure):
    _fields_ = [("mnemonic", ctypes.c_char_p), ("library", ctypes.c_int), ("reason", ctypes.c_int)]


class LibCode(ctypes.Structure):
    _fields_ = [("mnemonic", ctypes.c_char_p), ("library", ctypes.c_int)]


def read_array(addr, size, cls, fields):
    n = size // ctypes.sizeof(cls)
    assert n * ctypes.sizeof(cls) == size, "symbol size is not a multiple of the struct size"
    rows = []
    for i, e in enumerate((cls * n).from_address(addr)):
        if e.mnemonic is None:
            assert i == n - 1, "NULL sentinel is not the last element"
            return rows
        rows.append([e.mnemonic.decode("ascii")] + [getattr(e, f) for f in fields])
    raise AssertionError("no NULL sentinel")


def state_dicts():
    get_state = ctypes.pythonapi.PyModule_GetState
    get_state.restype = ctypes.c_void_p
    get_state.argtypes = [ctypes.py_object]
    base = get_state(_ssl)
    assert base, "_ssl has no module state"
    excs = set(id(getattr(_ssl, n)) for n in (
        "SSLError", "SSLCertVerificationError", "SSLZeroReturnError", "SSLWantReadError",
        "SSLWantWriteError", "SSLSyscallError", "SSLEOFError"))
    slots = [s or 0 for s in (ctypes.c_void_p * 16).from_address(base)]
    idx = slots.index(id(_ssl.SSLError))
    assert set(slots[idx:idx + 7]) == excs, "unexpected _sslmodulestate layout"
    # The next slots are PyObject pointers: err_codes_to_names, (3.10/3.11 only:
    # err_names_to_codes), lib_codes_to_names, Sock_Type, ...
    found = {}
    for p in slots[idx + 7:idx + 10]:
        if not p or ctypes.c_void_p.from_address(p + 8).value != id(dict):  # ob_type
            continue
        d = ctypes.cast(ctypes.c_void_p(p), ctypes.py_object).value
        keys = set(type(k) for k in d)
        if keys == {tuple}:
            found.setdefault("err", d)
        elif keys == {int}:
            found.setdefault("lib", d)
    assert set(found) == {"err", "lib"}, "error dicts not found in the module state"
    return found["err"], found["lib"]


path = os.path.realpath(_ssl.__file__)
syms = elf_symbols(path, {"error_codes", "library_codes", "PyInit__ssl"})
bias = ctypes.cast(ctypes.CDLL(path).PyInit__ssl, ctypes.c_void_p).value - syms["PyInit__ssl"][0]
errs = read_array(bias + syms["error_codes"][0], syms["error_codes"][1], ErrCode, ("library", "reason"))
libs = read_array(bias + syms["library_codes"][0], syms["library_codes"][1], LibCode, ("library",))
if hasattr(_ssl, "err_codes_to_names"):
    live_err, live_lib, live_from = _ssl.err_codes_to_names, _ssl.lib_codes_to_names, "exported _ssl dicts"
    if sys.version_info >= (3, 10):  # 3.10/3.11 export AND keep state: test the 3.12+ path
        e, l = state_dicts()
        assert e is live_err and l == live_lib, "module state lookup disagrees with exported dicts"
        live_from += " (== module state dicts)"
else:
    live_err, live_lib = state_dicts()
    live_from = "module state dicts"
json.dump({
    "version": "%d.%d.%d" % sys.version_info[:3],
    "openssl": _ssl.OPENSSL_VERSION,
    "error_codes": errs,
    "library_codes": libs,
    "live_from": live_from,
    "live_err": sorted([k[0], k[1], v] for k, v in live_err.items()),
    "live_lib": sorted([k, v] for k, v in live_lib.items()),
}, sys.stdout)
'''


def extract(version):
    # Resolve the interpreter by path: under a pyenv shim PATH already starts with
    # the *current* version's bin/, so a bare "python3" would ignore PYENV_VERSION.
    prefix = subprocess.run(["pyenv", "prefix", version], stdout=subprocess.PIPE,
                            check=True).stdout.decode().strip()
    python = os.path.join(prefix, "bin", "python3")
    proc = subprocess.run([python, "-"], input=CHILD.encode(),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if proc.returncode != 0:
        sys.exit("extraction failed for %s:\n%s" % (version, proc.stderr.decode()))
    data = json.loads(proc.stdout)
    if data["version"] != version:
        sys.exit("PYENV_VERSION=%s ran Python %s" % (version, data["version"]))
    return data


def build(version, data):
    """Rebuild CPython's dicts from the raw arrays (PyDict_SetItem: last wins)."""
    reasons, libs = {}, {}
    for name, lib, reason in data["error_codes"]:
        reasons[(lib, reason)] = name
    for name, lib in data["library_codes"]:
        libs[lib] = name
    live_err = {(l, r): n for l, r, n in data["live_err"]}
    live_lib = {l: n for l, n in data["live_lib"]}
    if reasons != live_err or libs != live_lib:
        sys.exit("%s: table read from the .so differs from CPython's live dict" % version)
    dups = len(data["error_codes"]) - len(reasons)
    ldups = len(data["library_codes"]) - len(libs)
    print("%-8s raw %4d reasons (%d duplicate keys), %2d libraries (%d duplicate); "
          "identical to %s" % (version, len(data["error_codes"]), dups, len(data["library_codes"]),
                               ldups, data["live_from"]), file=sys.stderr)
    return (tuple(sorted((l, r, n) for (l, r), n in reasons.items())),
            tuple(sorted(libs.items())))


def rust_str(s):
    if not re.fullmatch(r"[\x20-\x7e]*", s):
        raise ValueError("unexpected mnemonic %r" % s)
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def group(tables):
    """[(variant, table)] -> [(static name suffix, [variants], table)] in first-seen order."""
    groups = []
    for variant, table in tables:
        for g in groups:
            if g[2] == table:
                g[1].append(variant)
                break
        else:
            groups.append((variant.upper(), [variant], table))
    return groups


def render(results, openssl):
    pretty = {v: ver for ver, v in VERSIONS}
    reason_groups = group([(v, r) for v, (r, _l) in results])
    lib_groups = group([(v, l) for v, (_r, l) in results])

    def versions_of(variants):
        return ", ".join(pretty[v] for v in variants)

    o = []
    w = o.append
    w("// @generated by tools/gen_error_names.py -- do not edit by hand.")
    w("// Regenerate from the repository root with: python3 tools/gen_error_names.py")
    w("// Extracted from each CPython's compiled _ssl module (built against %s)" % openssl)
    w("// and cross-checked against CPython's own err_codes_to_names/lib_codes_to_names dicts.")
    w("")
    w("//! CPython's OpenSSL error mnemonic tables, per CPython version.")
    w("//!")
    w("//! CPython formats an OpenSSL error as `[LIB: REASON] text`; LIB and REASON come")
    w("//! from CPython's own static tables (`Modules/_ssl_data*.h`), looked up by")
    w("//! `(ERR_GET_LIB(code), ERR_GET_REASON(code))`. Old CPython versions carry stale")
    w("//! numbers for OpenSSL 3 and so print different (wrong) mnemonics; these tables")
    w("//! reproduce exactly what each version prints on this system's OpenSSL.")
    w("")
    w("/// Which CPython version's `_ssl` mnemonic tables to use.")
    w("#[derive(Debug, Clone, Copy, PartialEq, Eq)]")
    w("pub(crate) enum ErrorTable {")
    for ver, v in VERSIONS:
        w("    /// The tables of CPython %s (%s)." % (".".join(ver.split(".")[:2]), ver))
        w("    %s," % v)
    w("}")
    for suffix, variants, table in lib_groups:
        w("")
        w("/// Library mnemonics `(lib, name)`, sorted by `lib`; used by CPython %s." % versions_of(variants))
        w("static LIBRARIES_%s: &[(i32, &str)] = &[" % suffix)
        for lib, name in table:
            w("    (%d, %s)," % (lib, rust_str(name)))
        w("];")
    for suffix, variants, table in reason_groups:
        w("")
        w("/// Reason mnemonics `(lib, reason, name)`, sorted by `(lib, reason)`; used by CPython %s."
          % versions_of(variants))
        w("static REASONS_%s: &[(i32, i32, &str)] = &[" % suffix)
        for lib, reason, name in table:
            w("    (%d, %d, %s)," % (lib, reason, rust_str(name)))
        w("];")

    def dispatch(fn, ret, prefix, groups):
        w("")
        w("/// The %s table used by `table`." % prefix.lower())
        w("fn %s(table: ErrorTable) -> %s {" % (fn, ret))
        w("    match table {")
        for suffix, variants, _t in groups:
            w("        %s => %s_%s," % (" | ".join("ErrorTable::" + v for v in variants), prefix, suffix))
        w("    }")
        w("}")

    dispatch("libraries", "&'static [(i32, &'static str)]", "LIBRARIES", lib_groups)
    dispatch("reasons", "&'static [(i32, i32, &'static str)]", "REASONS", reason_groups)
    w("""
/// The library mnemonic CPython prints for OpenSSL library code `lib`
/// (`ERR_GET_LIB`), e.g. `SSL` for 20; `None` when the table has no entry.
pub(crate) fn library_name(table: ErrorTable, lib: i32) -> Option<&'static str> {
    let t = libraries(table);
    t.binary_search_by(|&(l, _)| l.cmp(&lib)).ok().map(|i| t[i].1)
}

/// The reason mnemonic CPython prints for `(lib, reason)` (`ERR_GET_LIB`,
/// `ERR_GET_REASON`), e.g. `UNEXPECTED_EOF_WHILE_READING` for (20, 294) on
/// CPython 3.8+; `None` when the table has no entry.
pub(crate) fn reason_name(table: ErrorTable, lib: i32, reason: i32) -> Option<&'static str> {
    let t = reasons(table);
    t.binary_search_by(|&(l, r, _)| (l, r).cmp(&(lib, reason)))
        .ok()
        .map(|i| t[i].2)
}

/// Spot checks against messages observed live from the pyenv interpreters.
#[cfg(test)]
mod tests {
    use super::*;

    /// Every variant, oldest first.
    const ALL: [ErrorTable; %d] = [%s];

    /// Binary search needs every table strictly sorted by its key.
    #[test]
    fn tables_sorted_and_unique() {
        for t in ALL {
            assert!(libraries(t).windows(2).all(|w| w[0].0 < w[1].0), "{t:?}");
            assert!(
                reasons(t).windows(2).all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1)),
                "{t:?}"
            );
        }
    }

    /// Library mnemonics, including ones only the newer table has.
    #[test]
    fn library_names() {
        for t in ALL {
            assert_eq!(library_name(t, 20), Some("SSL"), "{t:?}");
            assert_eq!(library_name(t, 11), Some("X509"), "{t:?}");
            assert_eq!(library_name(t, 9), Some("PEM"), "{t:?}");
            assert_eq!(library_name(t, 0), None, "{t:?}");
        }
        // The old table (3.6/3.7) knows only PEM, X509 and SSL.
        assert_eq!(library_name(ErrorTable::Py37, 6), None);
        assert_eq!(library_name(ErrorTable::Py38, 6), Some("EVP"));
    }

    /// Each of these was observed live (error message text) on this machine.
    #[test]
    fn reason_names_observed_live() {
        for t in ALL {
            // load_cert_chain(cert, unrelated key)
            assert_eq!(reason_name(t, 11, 116), Some("KEY_VALUES_MISMATCH"), "{t:?}");
            // load_dh_params(garbage file)
            assert_eq!(reason_name(t, 9, 108), Some("NO_START_LINE"), "{t:?}");
            // server without a certificate
            assert_eq!(reason_name(t, 20, 193), Some("NO_SHARED_CIPHER"), "{t:?}");
        }
        // Peer EOF during the handshake: 3.6/3.7 print the stale name.
        for t in [ErrorTable::Py36, ErrorTable::Py37] {
            assert_eq!(reason_name(t, 20, 294), Some("KRB5_S_TKT_NYV"), "{t:?}");
        }
        for t in [ErrorTable::Py311, ErrorTable::Py312, ErrorTable::Py313] {
            assert_eq!(reason_name(t, 20, 294), Some("UNEXPECTED_EOF_WHILE_READING"), "{t:?}");
        }
    }

    /// Stale OpenSSL 1.x numbers in the 3.6/3.7 table, and unknown codes.
    #[test]
    fn stale_names_in_old_table() {
        assert_eq!(reason_name(ErrorTable::Py37, 20, 284), Some("KEY_ARG_TOO_LONG"));
        assert_eq!(reason_name(ErrorTable::Py313, 20, 284), Some("NOT_SERVER"));
        assert_eq!(reason_name(ErrorTable::Py38, 20, 294), Some("UNEXPECTED_EOF_WHILE_READING"));
        assert_eq!(reason_name(ErrorTable::Py313, 20, 0), None);
        assert_eq!(reason_name(ErrorTable::Py313, 99999, 1), None);
    }
}""" % (len(VERSIONS), ", ".join("ErrorTable::" + v for _ver, v in VERSIONS)))
    return "\n".join(o) + "\n"


def rustfmt(text):
    """Format like `cargo fmt` would, so the generated file passes `cargo fmt --check`."""
    proc = subprocess.run(["rustfmt", "--edition", "2021"], input=text.encode(), cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if proc.returncode != 0:
        sys.exit("rustfmt failed:\n%s" % proc.stderr.decode())
    return proc.stdout.decode()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT, help="output file (default: src/error_names.rs)")
    ap.add_argument("--check", action="store_true", help="fail if the output file is not up to date")
    args = ap.parse_args()

    results, openssl = [], set()
    for version, variant in VERSIONS:
        data = extract(version)
        openssl.add(data["openssl"])
        results.append((variant, build(version, data)))
    if len(openssl) != 1:
        sys.exit("interpreters are linked to different OpenSSLs: %r" % sorted(openssl))
    text = rustfmt(render(results, openssl.pop()))

    if args.check:
        with open(args.out) as f:
            if f.read() != text:
                sys.exit("%s is out of date; run python3 tools/gen_error_names.py" % args.out)
        print("%s is up to date" % args.out, file=sys.stderr)
        return
    with open(args.out, "w") as f:
        f.write(text)
    print("wrote %s" % args.out, file=sys.stderr)


if __name__ == "__main__":
    main()

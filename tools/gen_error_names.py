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

Other OpenSSL series
--------------------
The pyenv interpreters all link the system OpenSSL (3.0).  CPython 3.10+ picks
one of several headers at compile time by ``OPENSSL_VERSION_NUMBER`` (3.14:
``_ssl_data_111.h`` for 1.1.1, ``_300`` for 3.0, ``_340`` for 3.1.0-3.4.0,
``_35`` for 3.4.1+), and resolves each ``#ifdef NAME`` against the headers of
the OpenSSL it is built on.  For every other series pyssl supports, this
generator reads the header that CPython 3.14.7's ``Modules/_ssl.c`` selects
(from ``--cpython-src``: the source tarball or tree) and resolves it against
that OpenSSL's own headers, taken from the ``openssl-src`` crate that carries
them (fetched by cargo: 111.28.2 = 1.1.1w, 300.3.2 = 3.3.2, 300.5.5 = 3.5.5,
300.6.1 = 3.6.3).  The same resolver run on the system headers must give the
3.14.7 interpreter's extracted table exactly, or the generator fails; and
``--interpreter SERIES=python3`` (used by tools/openssl-matrix.sh) compares a
series table with the one compiled into a CPython built on that OpenSSL.
Older releases' own series headers are not available offline, so CPython
3.10-3.13 profiles use 3.14.7's table of the series (said in vendor-notes.md).
"""

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile

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
    data = extract_python(os.path.join(prefix, "bin", "python3"))
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


# (label, openssl-src crate version, Rust variant): the OpenSSL releases whose
# headers resolve CPython 3.14.7's series tables.  The system OpenSSL (3.0) is
# not here: the interpreters' own tables cover it.
SERIES = [
    ("1.1.1w", "111.28.2", "Openssl111"),
    ("3.3.2", "300.3.2", "Openssl33"),
    ("3.5.5", "300.5.5", "Openssl35"),
    ("3.6.3", "300.6.1", "Openssl36"),
]


def openssl_include(crate_version):
    """The include directory of the openssl-src crate `crate_version` (cargo fetches it)."""
    home = os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo"))
    pattern = os.path.join(home, "registry", "src", "*", "openssl-src-%s+*" % crate_version)
    if not glob.glob(pattern):
        with tempfile.TemporaryDirectory() as scratch:
            os.mkdir(os.path.join(scratch, "src"))
            with open(os.path.join(scratch, "Cargo.toml"), "w") as f:
                f.write('[package]\nname = "fetch"\nversion = "0.0.0"\nedition = "2021"\n'
                        'publish = false\n[workspace]\n[dependencies]\n'
                        'openssl-src = "=%s"\n' % crate_version)
            with open(os.path.join(scratch, "src", "main.rs"), "w") as f:
                f.write("fn main() {}\n")
            subprocess.run(["cargo", "fetch", "-q"], cwd=scratch, check=True)
    found = glob.glob(pattern)
    if not found:
        sys.exit("openssl-src %s: sources not found after cargo fetch" % crate_version)
    return os.path.join(sorted(found)[0], "openssl", "include")


def c_defines(include):
    """Every `#define NAME value` of <include>/openssl/*.h (and 3.x's *.h.in templates)."""
    defs = {}
    files = sorted(glob.glob(os.path.join(include, "openssl", "*.h")) +
                   glob.glob(os.path.join(include, "openssl", "*.h.in")))
    for path in files:
        with open(path, errors="replace") as f:
            for line in f:
                m = re.match(r"\s*#\s*define\s+([A-Za-z_]\w*)\s+([^/\\]+?)\s*(/\*.*)?$", line)
                if m:
                    defs.setdefault(m.group(1), m.group(2).strip())
    return defs


def c_value(defs, expr, depth=0):
    expr = expr.strip()
    m = re.fullmatch(r"(0x[0-9a-fA-F]+|\d+)[uUlL]*", expr)
    if m:
        return int(m.group(1), 0)
    m = re.fullmatch(r"\((.*)\)", expr)
    if m:
        return c_value(defs, m.group(1), depth + 1)
    if expr in defs and depth < 16:
        return c_value(defs, defs[expr], depth + 1)
    raise ValueError("cannot evaluate %r" % expr)


def resolve_header(text, defs):
    """A `_ssl_data_*.h` as the C compiler sees it: `#ifdef NAME` true when the OpenSSL
    headers define NAME; returns the (error_codes, library_codes) arrays in order."""
    errs, libs, target, stack = [], [], None, []
    for line in text.splitlines():
        t = line.strip()
        if t.startswith("static struct py_ssl_library_code"):
            target = libs
            continue
        if t.startswith("static struct py_ssl_error_code"):
            target = errs
            continue
        m = re.match(r"#\s*ifdef\s+(\w+)$", t)
        if m:
            stack.append([m.group(1) in defs, False])
            continue
        if re.match(r"#\s*else\b", t):
            stack[-1][1] = True
            continue
        if re.match(r"#\s*endif\b", t):
            stack.pop()
            continue
        if t.startswith("#"):
            sys.exit("unexpected preprocessor line in a data header: %r" % t)
        if not all(cond != in_else for cond, in_else in stack):
            continue
        m = re.match(r'\{\s*"(\w+)"\s*,\s*([^,}]+?)\s*(?:,\s*([^,}]+?)\s*)?\}', t)
        if m and target is libs:
            libs.append([m.group(1), c_value(defs, m.group(2))])
        elif m and target is errs:
            errs.append([m.group(1), c_value(defs, m.group(2)), c_value(defs, m.group(3))])
    if stack:
        sys.exit("unbalanced #ifdef in a data header")
    return errs, libs


class CPythonSource:
    """Modules/_ssl.c and Modules/_ssl_data_*.h of a CPython tarball or source tree."""

    def __init__(self, path):
        self.files = {}
        if os.path.isdir(path):
            for name in glob.glob(os.path.join(path, "Modules", "_ssl*")):
                if os.path.isfile(name):
                    with open(name) as f:
                        self.files[os.path.basename(name)] = f.read()
        else:
            with tarfile.open(path) as tar:
                for member in tar:
                    parts = member.name.split("/")
                    if len(parts) == 3 and parts[1] == "Modules" and parts[2].startswith("_ssl") \
                            and member.isfile():
                        self.files[parts[2]] = tar.extractfile(member).read().decode()
        if "_ssl.c" not in self.files:
            sys.exit("%s: no Modules/_ssl.c" % path)
        # The compile-time choice: `#if (OPENSSL_VERSION_NUMBER >= 0x…L)` / `#include "…"`.
        self.chain = [(int(v, 16), h) for v, h in re.findall(
            r'#\s*(?:el)?if \(OPENSSL_VERSION_NUMBER >= 0x([0-9A-Fa-f]+)L\)\s*\n\s*#\s*include "(_ssl_data_\w+\.h)"',
            self.files["_ssl.c"])]
        if not self.chain:
            sys.exit("%s: the _ssl_data header choice was not found in _ssl.c" % path)

    def header_for(self, version_number):
        for floor, header in self.chain:
            if version_number >= floor:
                return header
        sys.exit("no _ssl_data header for OpenSSL 0x%x" % version_number)

    def table(self, include):
        defs = c_defines(include)
        number = version_number(include, defs)
        header = self.header_for(number)
        errs, libs = resolve_header(self.files[header], defs)
        return number, header, {"error_codes": errs, "library_codes": libs}


def dict_tables(data):
    """CPython's dicts from the raw arrays (PyDict_SetItem: last wins), as sorted tuples."""
    reasons = {(l, r): n for n, l, r in data["error_codes"]}
    libs = {l: n for n, l in data["library_codes"]}
    return (tuple(sorted((l, r, n) for (l, r), n in reasons.items())),
            tuple(sorted(libs.items())))


def version_number(include, defs):
    """OPENSSL_VERSION_NUMBER of the OpenSSL whose headers are in `include`."""
    parts = ("OPENSSL_VERSION_MAJOR", "OPENSSL_VERSION_MINOR", "OPENSSL_VERSION_PATCH")
    try:  # 3.x installed headers: synthesised from the three parts
        major, minor, patch = (c_value(defs, p) for p in parts)
        return (major << 28) | (minor << 20) | (patch << 4)
    except ValueError:
        pass
    try:  # 1.1.1: a literal
        return c_value(defs, "OPENSSL_VERSION_NUMBER")
    except ValueError:
        pass
    # 3.x sources: opensslv.h is generated from VERSION.dat
    with open(os.path.join(os.path.dirname(include), "VERSION.dat")) as f:
        part = dict(re.findall(r"^(\w+)=(\S*)", f.read(), re.M))
    return (int(part["MAJOR"]) << 28) | (int(part["MINOR"]) << 20) | (int(part["PATCH"]) << 4)


def extract_python(python):
    proc = subprocess.run([python, "-"], input=CHILD.encode(),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if proc.returncode != 0:
        sys.exit("extraction failed for %s:\n%s" % (python, proc.stderr.decode()))
    return json.loads(proc.stdout)


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


def series_ranges(source, system_number, series):
    """[(from, to or None, variant or None)]: which table CPython 3.14.7 compiles in for an
    OpenSSL version number. None = the header the system OpenSSL uses (the per-release
    tables); each other header's range is split between the OpenSSLs whose headers resolved
    it, each from its own major.minor.0 (the first from the start of the header's range)."""
    floors = sorted(source.chain)
    ranges = []
    for i, (floor, header) in enumerate(floors):
        end = floors[i + 1][0] if i + 1 < len(floors) else None
        if header == source.header_for(system_number):
            ranges.append((floor, end, None))
            continue
        mine = sorted((n, v) for _l, n, h, v, _t in series if h == header)
        if not mine:
            sys.exit("no OpenSSL in SERIES resolves %s" % header)
        for j, (number, variant) in enumerate(mine):
            start = floor if j == 0 else number & 0xFFF00000
            stop = (mine[j + 1][1] and mine[j + 1][0] & 0xFFF00000) if j + 1 < len(mine) else end
            ranges.append((start, stop, variant))
    return ranges


def render(results, openssl, series, ranges, source_name):
    pretty = {v: ver for ver, v in VERSIONS}
    short_openssl = " ".join(openssl.split()[:2])  # "OpenSSL 3.0.19"
    for label, _n, header, variant, _t in series:
        pretty[variant] = "3.14.7 on OpenSSL %s (%s)" % (label, header)
    reason_groups = group([(v, r) for v, (r, _l) in results])
    lib_groups = group([(v, l) for v, (_r, l) in results])

    def versions_of(variants):
        return ", ".join(pretty[v] for v in variants)

    o = []
    w = o.append
    w("// @generated by tools/gen_error_names.py -- do not edit by hand.")
    w("// Regenerate from the repository root with: python3 tools/gen_error_names.py")
    w("// Extracted from each CPython's compiled _ssl module (built against %s)" % openssl)
    w("// and cross-checked against CPython's own err_codes_to_names/lib_codes_to_names dicts;")
    w("// the tables of other OpenSSL series are %s's data headers resolved against" % source_name)
    w("// each OpenSSL's own headers (openssl-src), the resolver checked against the system table.")
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
    for label, _n, header, v, _t in series:
        w("    /// CPython %s's `%s` as compiled on OpenSSL %s." % (source_name, header, label))
        w("    %s," % v)
    w("}")
    w("")
    w("/// The table CPython %s compiles in for OpenSSL `version` (its" % source_name)
    w("/// `OPENSSL_VERSION_NUMBER`), or `None` for the series of the system OpenSSL (%s)," % openssl)
    w("/// where each release's own table applies.")
    w("pub(crate) fn series_table(version: u64) -> Option<ErrorTable> {")
    for start, stop, variant in ranges:
        cond = ("(0x%x..0x%x).contains(&version)" % (start, stop)) if stop else \
            ("version >= 0x%x" % start)
        w("    if %s {" % cond)
        w("        return %s;" % (("Some(ErrorTable::%s)" % variant) if variant else "None"))
        w("    }")
    w("    None")
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

    w("")
    w("/// Which CPython build `table` was read from, e.g. `CPython 3.13.0 on OpenSSL 3.0.19`.")
    w("pub(crate) fn origin(table: ErrorTable) -> &'static str {")
    w("    match table {")
    for ver, v in VERSIONS:
        w('        ErrorTable::%s => "CPython %s on %s (its compiled _ssl)",' % (v, ver, short_openssl))
    for label, _n, header, v, _t in series:
        w('        ErrorTable::%s => "CPython %s on OpenSSL %s (%s)",' % (v, source_name, label, header))
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

    /// Each OpenSSL version maps to the table of its series (CPython's `#if` chain).
    #[test]
    fn series_choice() {
        assert_eq!(series_table(0x3000_0130), None);
        assert_eq!(series_table(0x1010_117f), Some(ErrorTable::Openssl111));
        assert_eq!(series_table(0x3020_0000), Some(ErrorTable::Openssl33));
        assert_eq!(series_table(0x3040_0000), Some(ErrorTable::Openssl33));
        assert_eq!(series_table(0x3040_1000), Some(ErrorTable::Openssl35));
        assert_eq!(series_table(0x3050_0050), Some(ErrorTable::Openssl35));
        assert_eq!(series_table(0x3060_0030), Some(ErrorTable::Openssl36));
        assert_eq!(series_table(0x3070_0000), Some(ErrorTable::Openssl36));
    }
}""" % (len(VERSIONS) + len(series), ", ".join(["ErrorTable::" + v for _ver, v in VERSIONS] +
                                           ["ErrorTable::" + s[3] for s in series])))
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
    ap.add_argument("--cpython-src", default=os.environ.get("CPYTHON_TARBALL"),
                    help="CPython 3.14.7's source tarball or tree, for the other OpenSSL series "
                         "(default: $CPYTHON_TARBALL)")
    ap.add_argument("--interpreter", action="append", default=[], metavar="LABEL=PYTHON",
                    help="also compare the series table LABEL (e.g. 1.1.1w) with the one compiled "
                         "into this CPython 3.14 built on that OpenSSL")
    args = ap.parse_args()
    if not args.cpython_src:
        sys.exit("the tables of other OpenSSL series need CPython 3.14.7's sources: pass "
                 "--cpython-src (or set CPYTHON_TARBALL) to the tarball or a source tree")

    results, openssl, system = [], set(), {}
    for version, variant in VERSIONS:
        data = extract(version)
        openssl.add(data["openssl"])
        results.append((variant, build(version, data)))
        system[version] = data
    if len(openssl) != 1:
        sys.exit("interpreters are linked to different OpenSSLs: %r" % sorted(openssl))

    source = CPythonSource(args.cpython_src)
    # The resolver on the system headers must give the 3.14.7 interpreter's own table.
    newest = VERSIONS[-1][0]
    system_number, header, data = source.table("/usr/include")
    if dict_tables(data) != dict_tables(system[newest]):
        sys.exit("%s resolved against /usr/include differs from %s's compiled table"
                 % (header, newest))
    print("%s on the system headers (0x%x) == %s's compiled table" % (header, system_number, newest),
          file=sys.stderr)
    series = []
    for label, crate, variant in SERIES:
        number, header, data = source.table(openssl_include(crate))
        tables = dict_tables(data)
        series.append((label, number, header, variant, tables))
        results.append((variant, tables))
        print("OpenSSL %-6s (0x%x): %s, %d reasons, %d libraries"
              % (label, number, header, len(tables[0]), len(tables[1])), file=sys.stderr)
    for spec in args.interpreter:
        label, _, python = spec.partition("=")
        mine = [t for l, _n, _h, _v, t in series if l == label]
        if not mine:
            sys.exit("--interpreter %s: no series %s (known: %s)"
                     % (spec, label, ", ".join(s[0] for s in SERIES)))
        data = extract_python(python)
        if dict_tables(data) != mine[0]:
            sys.exit("series %s differs from the table compiled into %s (%s)"
                     % (label, python, data["openssl"]))
        print("series %s == the table compiled into %s (%s)" % (label, python, data["openssl"]),
              file=sys.stderr)
    ranges = series_ranges(source, system_number, series)
    text = rustfmt(render(results, openssl.pop(), series, ranges, "3.14.7"))

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

#!/usr/bin/env python3
"""Sorts a server's CPU samples into categories, per handshake (bench/profile.sh).

perf mode: reads `perf script -F comm,tid,event,ip,sym,dso` (cpu-clock samples
with DWARF call chains) on stdin. Each sample goes to the first category whose
test matches its chain (leaf first), so the categories add up to the total.
Debian's libcrypto/libssl have no symbols for their internal functions, so
categories are recognised by the exported functions on the chain
(EVP_DigestSignFinal, EVP_PKEY_derive, SSL_new, …) or by the leaf's library.

callgrind mode (--callgrind INCLUSIVE SELF): inclusive instruction counts of
the same exported functions, from callgrind_annotate's two listings.
"""
import argparse
import bisect
import collections
import re
import subprocess
import sys

SIGN = {"EVP_DigestSignFinal", "EVP_DigestSign", "EVP_PKEY_sign", "RSA_private_encrypt",
        "ECDSA_do_sign_ex", "ECDSA_sign", "EVP_SignFinal"}
ECDHE = {"EVP_PKEY_derive", "EVP_PKEY_generate", "EVP_PKEY_keygen", "EVP_PKEY_set1_encoded_public_key",
         "EVP_PKEY_derive_set_peer", "EVP_PKEY_derive_set_peer_ex", "EVP_PKEY_copy_parameters"}
SSL_LIFE = {"SSL_new", "SSL_free", "SSL_clear", "SSL_SESSION_free", "SSL_set_session", "SSL_copy_session_id",
            "SSL_set_SSL_CTX", "SSL_get1_session", "SSL_SESSION_new", "ssl_session_dup"}
KDF_HASH = {"EVP_KDF_derive", "EVP_DigestUpdate", "EVP_DigestFinal_ex", "EVP_Digest", "EVP_DigestInit_ex",
            "HMAC_Init_ex", "HMAC_Update", "HMAC_Final", "EVP_MAC_init", "EVP_MAC_update", "EVP_MAC_final",
            "EVP_MD_CTX_copy_ex", "EVP_DigestFinalXOF", "EVP_Q_digest", "EVP_MD_CTX_free", "EVP_MD_CTX_new"}
CIPHER = {"EVP_EncryptUpdate", "EVP_DecryptUpdate", "EVP_CipherInit_ex", "EVP_EncryptInit_ex",
          "EVP_DecryptInit_ex", "EVP_CipherUpdate", "EVP_EncryptFinal_ex", "EVP_DecryptFinal_ex",
          "EVP_CIPHER_CTX_ctrl", "EVP_CIPHER_CTX_new", "EVP_CIPHER_CTX_free", "EVP_CipherInit_ex2",
          "EVP_EncryptInit_ex2", "EVP_DecryptInit_ex2", "RAND_bytes_ex", "RAND_priv_bytes_ex", "RAND_bytes"}
X509 = re.compile(r"^(X509|i2d_|d2i_|ASN1_|OSSL_DECODER|OSSL_ENCODER|PEM_|OBJ_|EVP_PKEY_get1_encoded_public_key|EVP_PKEY_todata)")
FETCH = re.compile(r"(_fetch$|^OSSL_PROVIDER|^OSSL_LIB_CTX|^EVP_.*_up_ref$|^OSSL_PARAM|^EVP_.*_is_a$|^ossl_)")
ALLOC = {"malloc", "_int_malloc", "free", "cfree@GLIBC_2.2.5", "_int_free", "realloc", "_int_realloc", "calloc",
         "malloc_consolidate", "unlink_chunk.constprop.0", "__libc_malloc", "__libc_free", "__libc_calloc",
         "__libc_realloc", "CRYPTO_malloc", "CRYPTO_zalloc", "CRYPTO_free", "CRYPTO_realloc",
         "CRYPTO_clear_free", "_int_free_merge_chunk", "_int_free_create_chunk", "tcache_get", "tcache_put",
         "__rust_alloc", "__rust_dealloc", "__rust_realloc", "__rdl_alloc", "__rdl_dealloc", "__rdl_realloc",
         "sysmalloc", "__memset_avx2_unaligned_erms"}
STRCMP = re.compile(r"^(__)?str(n)?(case)?cmp|^__strcmp|^__strncmp|^__strcasecmp|^OPENSSL_strcasecmp|^OPENSSL_strncasecmp")
KERNEL_SYSCALLS = [
    ("send/write", re.compile(r"^(ksys_write|__sys_sendto|__x64_sys_sendto|__x64_sys_write|sock_write_iter|__sys_sendmsg)$")),
    ("recv/read", re.compile(r"^(ksys_read|__sys_recvfrom|__x64_sys_recvfrom|__x64_sys_read|sock_read_iter|__sys_recvmsg)$")),
    ("accept", re.compile(r"^(__sys_accept4|__x64_sys_accept4|do_accept)$")),
    ("close", re.compile(r"^(__x64_sys_close|__fput|tcp_close|sock_close|__sys_shutdown|task_work_run)$")),
    ("epoll", re.compile(r"^(do_epoll_wait|ep_poll|do_epoll_ctl|__x64_sys_epoll_ctl|__x64_sys_epoll_wait)$")),
    ("poll/select", re.compile(r"^(do_sys_poll|do_select|core_sys_select|__x64_sys_poll|__x64_sys_select)$")),
]


def classify(chain, server_dsos):
    """chain: [(sym, dso)] leaf first → category."""
    syms = [s for s, _ in chain]
    names = set(syms)
    if names & SIGN:
        return "signature (RSA/ECDSA sign)"
    if names & ECDHE:
        return "ECDHE X25519 (keygen, peer key, derive)"
    leaf_sym, leaf_dso = chain[0]
    if "kernel" in leaf_dso:
        for label, rx in KERNEL_SYSCALLS:
            if any(rx.match(s) for s in syms):
                return "kernel: " + label
        return "kernel: other (incl. page faults, timers)"
    if names & SSL_LIFE:
        return "SSL/SSL_SESSION new+free"
    if names & KDF_HASH:
        return "key schedule + transcript hashes (HKDF, HMAC, SHA)"
    if names & CIPHER:
        return "record/ticket encryption, RAND"
    if any(X509.match(s) for s in syms):
        return "certificates, ASN.1 encode/decode"
    if leaf_sym in ALLOC or leaf_sym.startswith("_int_") or "malloc" in leaf_sym:
        return "allocator (malloc/free)"
    if (STRCMP.match(leaf_sym) or leaf_sym.startswith("OPENSSL_LH_") or any(FETCH.search(s) for s in syms)
            or names & {"EVP_PKEY_digestsign_supports_digest", "EVP_DigestSignInit_ex", "EVP_PKEY_CTX_new_from_pkey",
                        "EVP_PKEY_CTX_new_from_name", "EVP_PKEY_CTX_free", "EVP_PKEY_CTX_new"}):
        return "OpenSSL name/property lookups (fetch, strcmp)"
    if any(d in leaf_dso for d in server_dsos):
        return "server's own code"
    if "libssl" in leaf_dso:
        return "libssl other (state machine, extensions)"
    if "libcrypto" in leaf_dso:
        return "libcrypto other"
    if "libc" in leaf_dso:
        return "libc other (memcpy, …)"
    return "other"


UNSURE = {"libcrypto other", "libssl other (state machine, extensions)", "other"}


class Functions:
    """Function ranges of a stripped library from its .eh_frame (readelf -wf):
    an unnamed frame becomes (library, function start)."""

    def __init__(self):
        self.tables = {}

    def of(self, dso, ip):
        if dso not in self.tables:
            starts, ends = [], []
            try:
                out = subprocess.run(["readelf", "-wf", dso], capture_output=True, text=True).stdout
                for a, b in sorted(re.findall(r"pc=([0-9a-f]+)\.\.([0-9a-f]+)", out)):
                    starts.append(int(a, 16))
                    ends.append(int(b, 16))
            except OSError:
                pass
            order = sorted(range(len(starts)), key=lambda i: starts[i])
            self.tables[dso] = ([starts[i] for i in order], [ends[i] for i in order])
        starts, ends = self.tables[dso]
        i = bisect.bisect_right(starts, ip) - 1
        if i >= 0 and ip < ends[i]:
            return (dso, starts[i])
        return None


def perf_mode(args):
    samples = []
    chain = []
    line_rx = re.compile(r"^\s*([0-9a-f]+)\s+(.*?)\s+\((.*)\)\s*$")
    for line in sys.stdin:
        if not line.strip() or not line.startswith((" ", "\t")):
            if chain:
                samples.append(chain)
            chain = []
            continue
        m = line_rx.match(line)
        if m:
            sym = re.sub(r"\+0x[0-9a-f]+$", "", m.group(2))
            chain.append((sym, m.group(3), int(m.group(1), 16)))
    if chain:
        samples.append(chain)
    servers = ("pyssl-server", "nginx", "openssl")
    fns = Functions()
    # Pass 1: by the exported functions on the chain. Debian's libcrypto has
    # no names for its internal functions and tail calls hide some exported
    # ones (EVP_PKEY_derive jumps into the provider), so…
    first = [classify([(s, d) for s, d, _ in ch], servers) for ch in samples]
    # …pass 2: an unsure sample takes the category of the nearest unnamed
    # function on its chain that the sure samples agree on (≥ 80 %, ≥ 5).
    votes = collections.defaultdict(collections.Counter)
    keys = []
    for ch, cat in zip(samples, first):
        k = [fns.of(d, ip) if s == "[unknown]" and ("libcrypto" in d or "libssl" in d) else None
             for s, d, ip in ch]
        keys.append(k)
        if cat not in UNSURE:
            for f in set(x for x in k if x):
                votes[f][cat] += 1
    cats = collections.Counter()
    moved = 0
    for ch, cat, k in zip(samples, first, keys):
        if cat in UNSURE:
            for f in k:
                if f and votes[f]:
                    best, n = votes[f].most_common(1)[0]
                    if n >= 5 and n >= 0.8 * sum(votes[f].values()):
                        cat = best
                        moved += 1
                        break
        cats[cat] += 1
    total = len(samples)
    per = 1e6 / args.freq / max(args.handshakes, 1)
    print("## %s: %d handshakes, %d samples (%.0f µs of server CPU per handshake)"
          % (args.label, args.handshakes, total, total * per))
    print()
    print("| category | µs/handshake | share |")
    print("|---|---:|---:|")
    for cat, n in cats.most_common():
        print("| %s | %.1f | %.1f%% |" % (cat, n * per, 100.0 * n / max(total, 1)))
    print()
    print("(%d of %d samples placed by the unnamed OpenSSL function on their chain)" % (moved, total))
    print()


def callgrind_mode(args):
    inc, slf = args.callgrind
    rx = re.compile(r"^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+\S*?:(.*?)\s+\[(.*)\]\s*$")

    def read(path):
        out = []
        for line in open(path, errors="replace"):
            m = rx.match(line)
            if m:
                out.append((int(m.group(1).replace(",", "")), m.group(2), m.group(3)))
        return out

    inclusive = {}
    for n, fn, obj in read(inc):
        inclusive.setdefault(fn, n)
    selfc = read(slf)
    total_line = [l for l in open(inc) if "PROGRAM TOTALS" in l]
    total = int(total_line[0].split()[0].replace(",", "")) if total_line else sum(n for n, _, _ in selfc)
    h = max(args.handshakes, 1)

    def kinstr(n):
        return "%.0f k" % (n / h / 1000)

    print("## callgrind: pyssl-server, full TLS 1.3 RSA-2048: %s instructions per handshake (user space)" % kinstr(total))
    print()
    print("| function (inclusive) | instructions/handshake | share |")
    print("|---|---:|---:|")
    for fn in ["SSL_do_handshake", "EVP_DigestSignFinal", "EVP_PKEY_generate", "EVP_PKEY_derive",
               "EVP_KDF_derive", "EVP_DigestUpdate", "EVP_DigestFinal_ex", "SSL_new", "SSL_free",
               "SSL_read", "SSL_write", "SSL_shutdown", "EVP_EncryptUpdate", "EVP_CIPHER_fetch",
               "EVP_MD_fetch", "EVP_KDF_fetch", "EVP_MAC_fetch", "i2d_X509"]:
        if fn in inclusive:
            print("| %s | %s | %.1f%% |" % (fn, kinstr(inclusive[fn]), 100.0 * inclusive[fn] / total))
    by_obj = collections.Counter()
    alloc = 0
    strcmp = 0
    for n, fn, obj in selfc:
        by_obj[obj.rsplit("/", 1)[-1]] += n
        if fn in ALLOC or fn.startswith("_int_"):
            alloc += n
        if STRCMP.match(fn):
            strcmp += n
    print("| (self) allocator: malloc/free/realloc | %s | %.1f%% |" % (kinstr(alloc), 100.0 * alloc / total))
    print("| (self) strcmp family (name lookups) | %s | %.1f%% |" % (kinstr(strcmp), 100.0 * strcmp / total))
    for obj, n in by_obj.most_common(6):
        print("| (self) all of %s | %s | %.1f%% |" % (obj, kinstr(n), 100.0 * n / total))
    print()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--handshakes", type=int, required=True)
    p.add_argument("--freq", type=float, default=1000)
    p.add_argument("--label", default="")
    p.add_argument("--callgrind", nargs=2)
    args = p.parse_args()
    if args.callgrind:
        callgrind_mode(args)
    else:
        perf_mode(args)


if __name__ == "__main__":
    main()

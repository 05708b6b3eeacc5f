#!/usr/bin/env bash
# pyssl::asyncio next to tokio-openssl, tokio-rustls and CPython's asyncio, as TLS servers
# on one event loop each (BENCHMARKS.md, "asyncio"): 1 GiB client-to-server bulk and full
# TLS 1.3 handshakes (ECDSA P-256), the same load client for all (pyssl-aio-bench, on
# tokio-openssl), servers interleaved and rotated each repetition. Reports wall-clock rates
# and rates per server-CPU-second (utime+stime of the server process, /proc), medians over
# REPS, and each as a ratio to tokio-openssl.
#
#   bash bench/asyncio.sh            # REPS=3 BULK=1GiB HS=2000 CONC=8, about 3 minutes
#
# Loopback only; every process it starts is stopped by its PID.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
source bench/common.sh
REPS=${REPS:-3}
BULK=${BULK:-1073741824}
HS=${HS:-2000}
CONC=${CONC:-8}
PY=${PYTHON:-$(pyenv prefix 3.14.7 2>/dev/null)/bin/python3}
[[ -x "$PY" ]] || PY=python3
begin_run aio
command -v cargo >/dev/null || export PATH="$HOME/.cargo/bin:$PATH"
[[ -f bench/tools/Cargo.lock ]] || cp Cargo.lock bench/tools/Cargo.lock
cargo build --release --quiet --manifest-path bench/tools/Cargo.toml \
  --target-dir "$ROOT/target/bench-tools" --bin pyssl-aio-bench
AIO=$ROOT/target/bench-tools/release/pyssl-aio-bench
"$PY" -c 'import ssl, sys; print("CPython", sys.version.split()[0], ssl.OPENSSL_VERSION)' >&2

# cpu_ticks PID: utime + stime of a process, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)

start_server() { # IMPL -> sets SPID, SPORT
  local pf=$T/port.$1
  rm -f "$pf"
  if [[ $1 == cpython ]]; then
    "$PY" bench/py_aio_server.py "$pf" &
  else
    "$AIO" server "$1" "$pf" &
  fi
  SPID=$!
  PIDS+=("$SPID")
  local i
  for i in $(seq 100); do [[ -s $pf ]] && break; sleep 0.1; done
  [[ -s $pf ]] || { echo "$1 server did not start" >&2; exit 1; }
  SPORT=$(cat "$pf")
}

stop_server() { kill "$SPID" 2>/dev/null || true; wait "$SPID" 2>/dev/null || true; }

impls=(pyssl tokio-openssl tokio-rustls cpython)
rows=$T/rows
: >"$rows"
for rep in $(seq "$REPS"); do
  # rotate the order each repetition
  order=("${impls[@]:$((rep % 4))}" "${impls[@]:0:$((rep % 4))}")
  for impl in "${order[@]}"; do
    start_server "$impl"
    c0=$(cpu_ticks "$SPID")
    bulk=$("$AIO" bulk "$SPORT" "$BULK")
    c1=$(cpu_ticks "$SPID")
    hs=$("$AIO" handshakes "$SPORT" "$HS" "$CONC")
    c2=$(cpu_ticks "$SPID")
    stop_server
    echo "$impl $rep $(echo "$bulk" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["seconds"])') $(((c1 - c0))) $(echo "$hs" | "$PY" -c 'import json,sys; d=json.load(sys.stdin); print(d["handshakes"], d["seconds"])') $(((c2 - c1)))" >>"$rows"
    echo "rep $rep $impl done" >&2
  done
done
"$PY" - "$rows" "$BULK" "$HZ" "$REPS" "$HS" "$CONC" <<'PYEOF'
import statistics, sys
rows, bulk, hz, reps, hs, conc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
data = {}
for line in open(rows):
    impl, rep, bsec, bcpu, n, hsec, hcpu = line.split()
    d = data.setdefault(impl, {"bulk": [], "bulk_cpu": [], "hs": [], "hs_cpu": []})
    gib = bulk / 2**30
    d["bulk"].append(bulk / 2**20 / float(bsec))
    d["bulk_cpu"].append(gib / max(int(bcpu) / hz, 1 / hz))
    d["hs"].append(int(n) / float(hsec))
    d["hs_cpu"].append(int(n) / max(int(hcpu) / hz, 1 / hz))
med = {k: {m: statistics.median(v) for m, v in d.items()} for k, d in data.items()}
spread = {k: {m: (min(v), max(v)) for m, v in d.items()} for k, d in data.items()}
base = med["tokio-openssl"]
print(f"REPS={reps}, bulk {bulk / 2**30:g} GiB client to server, {hs} full TLS 1.3 handshakes ({conc} at a time); medians (min-max); ratio to tokio-openssl\n")
print("| server | bulk MiB/s | bulk GiB per server-CPU-s | handshakes/s | handshakes per server-CPU-s |")
print("|---|---|---|---|---|")
for k in ["pyssl", "tokio-openssl", "tokio-rustls", "cpython"]:
    m, s = med[k], spread[k]
    cell = lambda key, fmt: f"{m[key]:{fmt}} ({s[key][0]:{fmt}}–{s[key][1]:{fmt}}) **{m[key] / base[key]:.2f}×**"
    name = {"pyssl": "pyssl::asyncio", "cpython": "CPython asyncio"}.get(k, k)
    print(f"| {name} | {cell('bulk', '.0f')} | {cell('bulk_cpu', '.2f')} | {cell('hs', '.0f')} | {cell('hs_cpu', '.0f')} |")
p, c = med["pyssl"], med["cpython"]
print(f"\npyssl::asyncio over CPython asyncio: bulk {p['bulk'] / c['bulk']:.2f}× (wall), {p['bulk_cpu'] / c['bulk_cpu']:.2f}× (per server-CPU-s); handshakes {p['hs'] / c['hs']:.2f}× (wall), {p['hs_cpu'] / c['hs_cpu']:.2f}× (per server-CPU-s)")
PYEOF

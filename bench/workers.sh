#!/usr/bin/env bash
# Every core, and a load client that is not the bottleneck (issue 17).
#
#   bash bench/workers.sh              # both parts, REPS=3 (~4 min on 2 cores)
#   REPS=5 HS_SECS=5 bash bench/workers.sh
#
# Part 1, workers: full TLS 1.3 handshakes (ECDSA P-256 and RSA-2048, no
# resumption) against `pyssl-server --workers W` and nginx with
# `worker_processes W`, W = 1 and 2, one load generator for all
# (`pyssl-bench load`, plain openssl crate, CONC threads). Neither side is
# pinned: with 2 workers the servers may use every core, and so may the load.
# Figures: handshakes per second (wall clock) and per server-CPU-second (the
# schedstat run time of every server thread: pyssl's workers, nginx's master
# and workers).
#
# Part 2, the load client's CPU: `pyssl-client --repeat --concurrency CONC
# --duration HS_SECS` (full TLS 1.3, ECDSA P-256) against `pyssl-server`
# (1 worker, pinned to SERVER_CPU, the client to CLIENT_CPU); the client's
# CPU per handshake (utime+stime from /usr/bin/time) over the server's
# (schedstat). `pyssl-bench load` in the same conditions is the reference:
# a client with no per-connection work beyond the handshake and the request.
# BASELINE_CLIENT=PATH adds another pyssl-client binary (e.g. one built from
# an older commit) as a third client, "pyssl-client (baseline)".
#
# Medians of REPS interleaved repetitions; the table goes to stdout and
# $OUT/workers.md, raw rows to $OUT/workers.tsv. Loopback only, bounded
# loops, and only the processes this script started are stopped, by PID.
# Not run by CI.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=bench/common.sh
. bench/common.sh
REPS=${REPS:-3}
HS_SECS=${HS_SECS:-3}
HS_MAX=${HS_MAX:-100000}
CONC=${CONC:-8}
SC=${SERVER_CPU:-0}
CC=${CLIENT_CPU:-1}
PY=${PYTHON:-python3}
OUT=${OUT:-$ROOT/target/bench-results}
mkdir -p "$OUT"
RES=$OUT/workers.tsv
: >"$RES"

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

require openssl:openssl nginx:nginx-light taskset:util-linux /usr/bin/time:time "$PY:python3"
log "building pyssl (release) and bench/tools"
build_bench pyssl-server pyssl-client
PSERVER=$ROOT/target/release/pyssl-server
PCLIENT=$ROOT/target/release/pyssl-client
ulimit -n 65536 2>/dev/null || ulimit -n 16384 2>/dev/null || true
begin_run workers

wait_line() { # FILE: the port of its "listening on HOST:PORT" line (10 s at most)
  local i
  for i in $(seq 100); do
    if grep -q '^listening on' "$1" 2>/dev/null; then
      sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$1" | head -1
      return 0
    fi
    sleep 0.1
  done
  cat "$1" "$1.err" >&2 || true
  die "no 'listening on' line in $1"
}

cpu_ns() { # PID…: schedstat run time (ns) of every thread of these processes
  local p f v s=0
  for p in "$@"; do
    for f in /proc/"$p"/task/*/schedstat; do
      read -r v _ <"$f" 2>/dev/null || v=0
      s=$((s + v))
    done
  done
  echo "$s"
}

now() { date +%s.%N; }
row() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RES"; } # part case who rep value

# start NAME CERTBASE WORKERS [PIN]: sets SPORT and SPIDS.
start() {
  local name=$1 base=$2 w=$3 pin=${4:-}
  local tsk=(); [[ -n $pin ]] && tsk=(taskset -c "$pin")
  if [[ $name == pyssl ]]; then
    local f=$T/pyssl.$RANDOM.out
    "${tsk[@]}" "$PSERVER" --bind 127.0.0.1 --port 0 --cert "certs/$base.pem" --key "certs/$base.key" \
      --workers "$w" -qq --idle-timeout 900 --handshake-timeout 60 >"$f" 2>"$f.err" &
    PIDS+=($!)
    SPIDS=$!
    SPORT=$(wait_line "$f")
  else
    SPORT=$(free_port)
    local d=$T/nginx.$SPORT
    nginx_conf "$d" "$SPORT" "$base" "$w"
    "${tsk[@]}" nginx -p "$d" -c "$d/nginx.conf" -e "$d/error.log" 2>"$d/stderr" &
    local m=$!
    PIDS+=("$m")
    wait_port "$SPORT"
    local ws i
    for i in $(seq 50); do
      ws=$(pgrep -P "$m" | tr '\n' ' ')
      [[ $(wc -w <<<"$ws") -ge $w ]] && break
      sleep 0.1
    done
    [[ $(wc -w <<<"$ws") -ge $w ]] || die "nginx: $w workers expected, got '$ws'"
    SPIDS="$m $ws"
  fi
}

stop() { # PID…: TERM, wait ≤ 5 s, KILL (only PIDs this script started)
  local p
  for p in "$@"; do kill "$p" 2>/dev/null || true; done
  for p in "$@"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
}

# --- part 1: workers ------------------------------------------------------------
declare -A PORT CPUP
for base in server-ecdsa server; do
  for w in 1 2; do
    for s in pyssl nginx; do
      start "$s" "$base" "$w"
      PORT[$s.$base.$w]=$SPORT
      CPUP[$s.$base.$w]=$SPIDS
    done
  done
done
for k in "${!PORT[@]}"; do
  out=$("$BENCH" load --connect "127.0.0.1:${PORT[$k]}" --tls 1.3 --n 50 --concurrency 4 --duration 20)
  "$PY" -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["errors"] == 0, d' "$out" || die "warm-up $k: $out"
done
log "part 1: ${HS_SECS}s × 2 certificates × 2 worker counts × 2 servers × $REPS reps"
for rep in $(seq "$REPS"); do
  for base in server-ecdsa server; do
    for w in 1 2; do
      order=(pyssl nginx); ((rep % 2)) || order=(nginx pyssl)
      for s in "${order[@]}"; do
        k=$s.$base.$w
        # shellcheck disable=SC2086
        c0=$(cpu_ns ${CPUP[$k]}); w0=$(now)
        out=$("$BENCH" load --connect "127.0.0.1:${PORT[$k]}" --tls 1.3 --n "$HS_MAX" \
          --duration "$HS_SECS" --concurrency "$CONC")
        # shellcheck disable=SC2086
        w1=$(now); c1=$(cpu_ns ${CPUP[$k]})
        read -r per_s per_cpu errs < <("$PY" -c '
import json, sys
d = json.loads(sys.argv[1]); c0, c1, w0, w1 = map(float, sys.argv[2:])
cpu = (c1 - c0) / 1e9
print("%.1f %.1f %d" % (d["handshakes"] / (w1 - w0), d["handshakes"] / cpu if cpu > 0 else 0, d["errors"]))
' "$out" "$c0" "$c1" "$w0" "$w1")
        [[ $errs == 0 ]] || die "$k: $errs errors: $out"
        key=$([[ $base == server ]] && echo "RSA-2048" || echo "ECDSA P-256")
        row workers "$key, $w worker(s): handshakes/s" "$s" "$rep" "$per_s"
        row workers "$key, $w worker(s): handshakes/server-CPU-s" "$s" "$rep" "$per_cpu"
        log "  $key w=$w $s: $per_s hs/s, $per_cpu hs/server-CPU-s"
      done
    done
  done
done
for k in "${!CPUP[@]}"; do
  # shellcheck disable=SC2086
  stop ${CPUP[$k]%% *}
done

# --- part 2: the load client's CPU per handshake ----------------------------------
start pyssl server-ecdsa 1 "$SC"
CPORT=$SPORT
CPID=$SPIDS
"$PCLIENT" "127.0.0.1:$CPORT" --cafile certs/ca.pem --server-hostname localhost \
  --repeat 50 --concurrency 4 >/dev/null 2>"$T/warm.err" || die "pyssl-client warm-up: $(cat "$T/warm.err")"
log "part 2: client CPU per handshake, ${HS_SECS}s × 2 clients × $REPS reps"
CLIENTS=(pyssl-client pyssl-bench)
[[ -n ${BASELINE_CLIENT:-} ]] && CLIENTS+=("pyssl-client (baseline)")
for rep in $(seq "$REPS"); do
  for client in "${CLIENTS[@]}"; do
    c0=$(cpu_ns "$CPID")
    if [[ $client == pyssl-client* ]]; then
      exe=$PCLIENT
      [[ $client == pyssl-client ]] || exe=$BASELINE_CLIENT
      /usr/bin/time -f "%U %S" -o "$T/time.out" taskset -c "$CC" "$exe" "127.0.0.1:$CPORT" \
        --cafile certs/ca.pem --server-hostname localhost --min-version TLSv1_3 \
        --repeat "$HS_MAX" --concurrency "$CONC" --duration "$HS_SECS" --json >"$T/client.json" 2>/dev/null
      hs=$("$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["errors"] == 0, d; print(d["handshakes"])' "$T/client.json")
    else
      /usr/bin/time -f "%U %S" -o "$T/time.out" taskset -c "$CC" "$BENCH" load --connect "127.0.0.1:$CPORT" \
        --tls 1.3 --n "$HS_MAX" --duration "$HS_SECS" --concurrency "$CONC" >"$T/client.json"
      hs=$("$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["errors"] == 0, d; print(d["handshakes"])' "$T/client.json")
    fi
    c1=$(cpu_ns "$CPID")
    read -r ratio cms sms < <("$PY" -c '
import sys
u, s = map(float, open(sys.argv[1]).read().split()[-2:])
hs, c0, c1 = int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
client = (u + s) / hs * 1e3; server = (c1 - c0) / 1e6 / hs
print("%.3f %.3f %.3f" % (client / server, client, server))
' "$T/time.out" "$hs" "$c0" "$c1")
    row client "client CPU / server CPU per handshake" "$client" "$rep" "$ratio"
    row client "client CPU ms per handshake" "$client" "$rep" "$cms"
    row client "server CPU ms per handshake" "$client" "$rep" "$sms"
    log "  $client: client $cms ms, server $sms ms per handshake: $ratio×"
  done
done
stop "$CPID"

# --- the table --------------------------------------------------------------------
"$PY" - "$RES" "$REPS" <<'PYEOF' | tee "$OUT/workers.md"
import collections, statistics, sys
rows = collections.OrderedDict()
for line in open(sys.argv[1]):
    part, case, who, rep, value = line.rstrip("\n").split("\t")
    rows.setdefault((part, case), collections.OrderedDict()).setdefault(who, []).append(float(value))
med = statistics.median
def spread(xs):
    m = med(xs)
    return "±%.0f%%" % (100 * (max(xs) - min(xs)) / 2 / m) if m and len(xs) > 1 else "–"
print(f"Medians of {sys.argv[2]} repetitions (spread: half the range over the median).\n")
print("| workers: full TLS 1.3 | pyssl-server | nginx | pyssl/nginx |")
print("|---|---|---|---|")
for (part, case), by in rows.items():
    if part != "workers":
        continue
    p, n = by["pyssl"], by["nginx"]
    print(f"| {case} | {med(p):.0f} {spread(p)} | {med(n):.0f} {spread(n)} | {med(p) / med(n):.2f}× |")
print()
clients = []
for (part, case), by in rows.items():
    if part == "client":
        clients = list(by)
        break
names = {"pyssl-client": "pyssl-client --repeat", "pyssl-bench": "pyssl-bench load"}
print("| load client, full TLS 1.3, ECDSA P-256, vs pyssl-server | " + " | ".join(names.get(c, c) for c in clients) + " |")
print("|---" * (len(clients) + 1) + "|")
for (part, case), by in rows.items():
    if part != "client":
        continue
    fmt = "%.2f×" if "/" in case else "%.3f"
    print(f"| {case} | " + " | ".join(f"{fmt % med(by[c])} {spread(by[c])}" for c in clients) + " |")
PYEOF

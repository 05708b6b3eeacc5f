#!/usr/bin/env bash
# Instructions per handshake, pyssl-server next to nginx (1 process), counted
# by callgrind: user space only, but exact and repeatable whatever else the
# machine does (the timed figures of bench/run.sh move by ±5–10 % here).
# Split by where the instructions run: libcrypto, libssl, libc (the
# allocator among them), the server's own binary.
#
#   bash bench/instructions.sh                  # 5 cases, ~10 min
#   CASES="resumed-1.2-server" N=500 bash bench/instructions.sh
#   PRELOADS="mimalloc=/usr/lib/x86_64-linux-gnu/libmimalloc.so.2" bash bench/instructions.sh
#
# CASES: MODE-TLS-CERTBASE as in bench/profile.sh. N handshakes are counted
# per case and server, after 40 uncounted ones (4 load threads: the resumed
# cases resume all but the first connection of each thread). PRELOADS adds a
# pyssl-server row per NAME=LIBRARY run with LD_PRELOAD=LIBRARY (an allocator
# experiment; the library must be installed). The servers run under valgrind
# one at a time, nginx with `master_process off` (the worker's work, in one
# process). Loopback only; bounded; kills what it starts by PID. Installs
# valgrind and nginx-light when missing. Output: the table on stdout and in
# $OUT/table.md, the callgrind files in $OUT.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=bench/common.sh
. bench/common.sh
CASES=${CASES:-full-1.3-server full-1.3-server-ecdsa full-1.2-server resumed-1.3-server resumed-1.2-server}
N=${N:-300}
PRELOADS=${PRELOADS:-}
PY=${PYTHON:-python3}
OUT=${OUT:-$ROOT/target/bench-results/instructions}
mkdir -p "$OUT"

require valgrind:valgrind nginx:nginx-light
build_bench pyssl-server
begin_run instructions

# count SERVER LABEL CERTBASE TLS REUSE PRELOAD: prints one TSV row
count() {
  local s=$1 label=$2 base=$3 tls=$4 reuse=$5 preload=$6 cg port main
  cg=$OUT/$label.$case.callgrind
  rm -f "$cg" "$cg".*
  port=$(free_port)
  local vg=(valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$cg")
  case $s in
    pyssl)
      env ${preload:+LD_PRELOAD="$preload"} "${vg[@]}" target/release/pyssl-server --bind 127.0.0.1 \
        --port "$port" --cert "certs/$base.pem" --key "certs/$base.key" -qq >"$T/out" 2>"$T/vg.err" & ;;
    nginx)
      nginx_conf "$T/ngx.$port" "$port" "$base"
      "${vg[@]}" nginx -g 'master_process off;' -p "$T/ngx.$port" -c "$T/ngx.$port/nginx.conf" \
        -e "$T/ngx.$port/error.log" >"$T/out" 2>"$T/vg.err" & ;;
  esac
  main=$!
  PIDS+=("$main")
  wait_port "$port" 600  # 60 s: a server starts slowly under valgrind
  local r=(); [[ $reuse == 1 ]] && r=(--reuse)
  "$BENCH" load --connect "127.0.0.1:$port" --tls "$tls" --n 40 --concurrency 8 --duration 120 "${r[@]}" >/dev/null
  callgrind_control -i on "$main" >/dev/null
  local got
  got=$("$BENCH" load --connect "127.0.0.1:$port" --tls "$tls" --n "$N" --concurrency 4 --duration 600 "${r[@]}")
  callgrind_control -i off "$main" >/dev/null
  callgrind_control -d "$main" >/dev/null 2>&1
  kill -9 "$main" 2>/dev/null || true
  wait "$main" 2>/dev/null || true
  local part
  part=$(ls -S "$cg"* 2>/dev/null | head -1)
  [[ -s $part ]] || { echo "no callgrind output for $label $case" >&2; exit 1; }
  callgrind_annotate --threshold=100 "$part" 2>/dev/null >"$T/annotate.txt"
  "$PY" - "$case" "$label" "$got" "$T/annotate.txt" <<'PY'
import collections, json, re, sys
case, label, got, path = sys.argv[1:5]
d = json.loads(got)
hs, resumed = d["handshakes"], d["resumed"]
if d["errors"]:
    sys.exit("load errors: %s" % got)
rx = re.compile(r"^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+\S*?:(.*?)\s+\[(.*)\]\s*$")
alloc = re.compile(r"^(malloc|free|cfree|realloc|calloc|_int_\w+|tcache_\w+|malloc_consolidate|unlink_chunk)$"
                   r"|^(mi_|_mi_|je_|imalloc|ifree|arena_|tcache_|sdallocx|rallocx)")
by, total, al = collections.Counter(), 0, 0
for line in open(path, errors="replace"):
    if "PROGRAM TOTALS" in line:
        total = int(line.split()[0].replace(",", ""))
        continue
    m = rx.match(line)
    if not m:
        continue
    n, fn, obj = int(m.group(1).replace(",", "")), m.group(2), m.group(3).rsplit("/", 1)[-1]
    kind = ("libcrypto" if obj.startswith("libcrypto") else "libssl" if obj.startswith("libssl")
            else "libc" if obj.startswith(("libc.", "libmimalloc", "libjemalloc")) else "own" if obj in ("pyssl-server", "nginx")
            else "other")
    by[kind] += n
    if alloc.search(fn) or obj.startswith(("libmimalloc", "libjemalloc")):
        al += n
by["other"] += total - sum(by.values())
print("\t".join([case, label, str(hs), "%.1f" % (100.0 * resumed / hs), str(total // hs)]
                + [str(by[k] // hs) for k in ("libcrypto", "libssl", "libc", "own", "other")]
                + [str(al // hs)]))
PY
}

ROWS=$OUT/rows.tsv
: >"$ROWS"
for case in $CASES; do
  IFS=- read -r mode tls base <<<"$case"
  [[ $case == *-server-ecdsa ]] && base=server-ecdsa
  reuse=0; [[ $mode == resumed ]] && reuse=1
  echo "[$(date +%T)] $case" >&2
  count pyssl pyssl "$base" "$tls" "$reuse" "" >>"$ROWS"
  count nginx nginx "$base" "$tls" "$reuse" "" >>"$ROWS"
  for p in $PRELOADS; do
    count pyssl "pyssl+${p%%=*}" "$base" "$tls" "$reuse" "${p#*=}" >>"$ROWS"
  done
done

"$PY" - "$ROWS" <<'PY' | tee "$OUT/table.md"
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
def kk(n):
    return "%.1f k" % (int(n) / 1000)
print("Instructions per handshake (callgrind, user space), thousands: k = 1,000.")
print()
print("| case | server | handshakes (resumed) | total | libcrypto | libssl | libc (+ preloaded allocator) | of it malloc/free | server's own | other | nginx / this |")
print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
nginx = {r[0]: float(r[4]) for r in rows if r[1] == "nginx"}
for case, label, hs, res, total, cry, ssl, libc, own, other, al in rows:
    ratio = "%.3f×" % (nginx[case] / float(total)) if case in nginx and label != "nginx" else ""
    print("| %s | %s | %s (%s %%) | %s | %s | %s | %s | %s | %s | %s | %s |" % (
        case, label, hs, res, kk(total), kk(cry), kk(ssl), kk(libc), kk(al), kk(own), kk(other), ratio))
PY

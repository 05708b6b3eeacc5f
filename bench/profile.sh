#!/usr/bin/env bash
# Where a server's CPU goes per handshake (the "gap to the crypto
# limit"): runs SERVER under `perf record -e cpu-clock --call-graph dwarf`
# (software clock: hardware counters are not needed) while bench/run.sh's load
# client drives it, then sorts every sample into one category and prints
# microseconds of server CPU per handshake for each.
#
#   bash bench/profile.sh                       # pyssl and nginx, 4 cases
#   SERVERS=pyssl CASES="full-1.3-server" SECS=8 bash bench/profile.sh
#   CALLGRIND=1 bash bench/profile.sh           # also: callgrind, pyssl only
#
# CASES: MODE-TLS-CERTBASE, MODE full|resumed, TLS 1.2|1.3, CERTBASE server
# (RSA-2048) or server-ecdsa (P-256). Server on core 0, client on core 1.
# Needs perf (Debian linux-perf; installed when missing) and, with
# CALLGRIND=1, valgrind. Loopback only; bounded; kills what it starts by PID.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=bench/common.sh
. bench/common.sh
SERVERS=${SERVERS:-pyssl nginx}
CASES=${CASES:-full-1.3-server full-1.3-server-ecdsa resumed-1.3-server resumed-1.2-server}
SECS=${SECS:-5}
FREQ=${FREQ:-1000}
PY=${PYTHON:-python3}
OUT=${OUT:-$ROOT/target/bench-results/profile}
mkdir -p "$OUT"

tools=(perf:linux-perf nginx:nginx-light)
[[ ${CALLGRIND:-0} == 1 ]] && tools+=(valgrind:valgrind)
require "${tools[@]}"
build_bench pyssl-server
begin_run profile

start() { # SERVER CERTBASE [wrapper…] → PORT, MAIN (PID to stop), WORK (PID to profile)
  local s=$1 base=$2; shift 2
  PORT=$(free_port)
  case $s in
    pyssl)
      taskset -c 0 "$@" target/release/pyssl-server --bind 127.0.0.1 --port "$PORT" --cert "certs/$base.pem" \
        --key "certs/$base.key" -qq --grace 1 >"$T/out" 2>"$T/err" &
      MAIN=$!; PIDS+=("$MAIN"); wait_port "$PORT"; WORK=$MAIN ;;
    nginx)
      nginx_conf "$T/ngx" "$PORT" "$base"
      taskset -c 0 nginx -p "$T/ngx" -c "$T/ngx/nginx.conf" -e "$T/ngx/error.log" &
      MAIN=$!; PIDS+=("$MAIN"); wait_port "$PORT"; WORK=$(pgrep -P "$MAIN" | head -1) ;;
  esac
}

stop() {
  kill "$MAIN" 2>/dev/null || true
  local i
  for i in $(seq 100); do kill -0 "$MAIN" 2>/dev/null || break; sleep 0.1; done
  wait "$MAIN" 2>/dev/null || true
}

classify() { # PERF_DATA HANDSHAKES LABEL
  perf script -i "$1" -F comm,tid,event,ip,sym,dso 2>/dev/null | "$PY" "$ROOT/bench/perf_categories.py" \
    --handshakes "$2" --freq "$FREQ" --label "$3"
}

for case in $CASES; do
  IFS=- read -r mode tls base <<<"$case"
  [[ $base == server && $case == *-server-ecdsa ]] && base=server-ecdsa
  reuse=(); [[ $mode == resumed ]] && reuse=(--reuse)
  for s in $SERVERS; do
    start "$s" "$base"
    "$BENCH" load --connect "127.0.0.1:$PORT" --tls "$tls" --n 200 --concurrency 4 --duration 20 "${reuse[@]}" >/dev/null
    perf record -e cpu-clock -F "$FREQ" --call-graph dwarf,16384 -p "$WORK" -o "$T/perf.data" \
      -- sleep $((SECS + 1)) >/dev/null 2>&1 &
    pp=$!
    sleep 0.5
    out=$(taskset -c 1 "$BENCH" load --connect "127.0.0.1:$PORT" --tls "$tls" --n 1000000 --duration "$SECS" \
      --concurrency 8 "${reuse[@]}")
    wait "$pp" || true
    hs=$("$PY" -c 'import json,sys; print(json.loads(sys.argv[1])["handshakes"])' "$out")
    stop
    classify "$T/perf.data" "$hs" "$s $case" | tee "$OUT/$s.$case.txt"
  done
done

if [[ ${CALLGRIND:-0} == 1 ]]; then
  # Instructions (user space only) per handshake, pyssl-server, full TLS 1.3
  # RSA: 300 handshakes after a warm-up, instrumentation switched on around them.
  PORT=$(free_port)
  valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$OUT/callgrind.out" \
    target/release/pyssl-server --bind 127.0.0.1 --port "$PORT" --cert certs/server.pem --key certs/server.key \
    -qq --grace 1 >"$T/out" 2>"$T/vg.err" &
  MAIN=$!; PIDS+=("$MAIN")
  wait_port "$PORT" 600  # 60 s: a server starts slowly under valgrind
  "$BENCH" load --connect "127.0.0.1:$PORT" --tls 1.3 --n 20 --concurrency 2 --duration 120 >/dev/null
  callgrind_control -i on "$MAIN" >/dev/null
  "$BENCH" load --connect "127.0.0.1:$PORT" --tls 1.3 --n 300 --concurrency 4 --duration 300 >/dev/null
  callgrind_control -i off "$MAIN" >/dev/null
  stop
  callgrind_annotate --threshold=100 --inclusive=yes "$OUT/callgrind.out" 2>/dev/null >"$OUT/callgrind.inclusive.txt"
  callgrind_annotate --threshold=100 "$OUT/callgrind.out" 2>/dev/null >"$OUT/callgrind.self.txt"
  "$PY" "$ROOT/bench/perf_categories.py" --callgrind "$OUT/callgrind.inclusive.txt" "$OUT/callgrind.self.txt" --handshakes 300
fi

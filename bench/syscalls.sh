#!/usr/bin/env bash
# System calls and TCP segments per connection, pyssl-server next to nginx
# (1 worker): what the server-side performance work changed, counted rather
# than timed, so a busy machine does not blur it.
#
#   bash bench/syscalls.sh              # TLS 1.3 full and TLS 1.2 resumed
#   N=1000 bash bench/syscalls.sh
#
# For each server and case: `strace -c -f` attached to the server (nginx: its
# worker) while bench/tools' load client makes N connections (8 at a time),
# then `nstat` deltas over another N connections: TcpOutSegs counts the
# segments both ends sent over loopback (the client's too), per connection.
# Loopback only; bounded; kills what it starts by PID. Needs strace, nstat
# (iproute2) and nginx (nginx-light); installs them when missing.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=bench/common.sh
. bench/common.sh
N=${N:-300}
PY=${PYTHON:-python3}

require strace:strace nstat:iproute2 nginx:nginx-light
build_bench pyssl-server
begin_run syscalls

start_pyssl() { # sets PORT, TRACE (the PID to trace)
  "$ROOT/target/release/pyssl-server" --bind 127.0.0.1 --port 0 --cert certs/server.pem \
    --key certs/server.key -qq >"$T/pyssl.out" 2>&1 &
  PIDS+=($!)
  TRACE=$!
  local i
  for i in $(seq 100); do grep -q '^listening on' "$T/pyssl.out" && break; sleep 0.1; done
  PORT=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$T/pyssl.out")
  [[ -n $PORT ]] || { cat "$T/pyssl.out" >&2; exit 1; }
}

start_nginx() { # sets PORT, TRACE (the worker)
  PORT=$(free_port)
  local d=$T/nginx
  nginx_conf "$d" "$PORT" server
  nginx -p "$d" -c "$d/nginx.conf" -e "$d/error.log" 2>"$d/stderr" &
  local m=$! i
  PIDS+=("$m")
  for i in $(seq 100); do TRACE=$(pgrep -P "$m" | head -1 || true); [[ -n $TRACE ]] && break; sleep 0.1; done
  [[ -n $TRACE ]] || { echo "nginx: no worker" >&2; exit 1; }
  sleep 0.5
}

load() { # TLS [--reuse]: N connections, 8 at a time
  local tls=$1; shift
  "$BENCH" load --connect "127.0.0.1:$PORT" --tls "$tls" --n "$N" --concurrency 8 "$@" >/dev/null
}

printf '| server | case | per connection |\n|---|---|---|\n'
for server in pyssl nginx; do
  "start_$server"
  for case in "1.3 full" "1.2 resumed"; do
    tls=${case%% *}
    reuse=()
    [[ $case == *resumed ]] && reuse=(--reuse)
    load "$tls" "${reuse[@]}"   # warm-up
    strace -c -f -p "$TRACE" -o "$T/strace.txt" 2>/dev/null &
    st=$!
    sleep 0.5
    load "$tls" "${reuse[@]}"
    sleep 0.3
    kill -INT "$st"
    wait "$st" 2>/dev/null || true
    calls=$(awk -v n="$N" 'NR > 2 && $NF != "total" && $4 ~ /^[0-9]+$/ { t += $4; printf "%s %.2f, ", $NF, $4 / n } END { printf "total %.1f", t / n }' "$T/strace.txt")
    nstat -n >/dev/null
    load "$tls" "${reuse[@]}"
    sleep 2.5   # closes, FINs and their ACKs
    segs=$(nstat 2>/dev/null | awk -v n="$N" '$1 == "TcpOutSegs" { printf "%.1f", $2 / n }')
    printf '| %s | TLS %s | system calls: %s; TCP segments (both ends): %s |\n' "$server" "$case" "$calls" "${segs:-?}"
  done
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 0.5
  PIDS=()
done

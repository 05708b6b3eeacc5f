#!/usr/bin/env bash
# Whole-process benchmarks: pyssl-server / pyssl-client side by
# side with nginx (1 worker), `openssl s_server`/`s_client` and CPython's ssl,
# in one run, interleaved, medians of REPS repetitions, one table at the end.
#
#   bash bench/run.sh                 # everything (~10 min on 2 cores)
#   ONLY=ab REPS=5 bash bench/run.sh  # some sections, more repetitions
#   SERVERS="pyssl nginx" ONLY=ae bash bench/run.sh   # some servers (a, e)
#   PSERVER_ENV="LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libmimalloc.so.2" SERVERS="pyssl nginx" ONLY=ae \
#     bash bench/run.sh               # pyssl-server with an environment (an allocator experiment)
#
# Sections (ONLY=…, default abcdef):
#   a  handshakes per server-CPU-second: full TLS 1.3 / 1.2, resumed TLS 1.3 /
#      1.2, RSA-2048 (certs/server.pem) and ECDSA P-256 (certs/server-ecdsa.pem)
#   b  bulk 1 GiB (BULK=…) server→client and client→server over loopback TLS 1.3:
#      MB/s by the wall clock (client process start to exit), and "CPU-bound"
#      MB per CPU-second of the busier side (bytes / max(server CPU, client
#      CPU)), which other load on the machine disturbs much less
#   c  create_default_context() per call, pyssl vs CPython, system trust store
#   d  client start-up: process start → verified handshake → exit (hyperfine):
#      median wall time and mean CPU (user+sys)
#   e  RSS per idle TLS connection held by the server (IDLE_N=1000)
#   f  the crypto limit (`openssl speed`) the handshake figures compare with
#
# Servers run on core SERVER_CPU (0), every client on CLIENT_CPU (1), via
# taskset. Server CPU is read before and after each measurement: the
# schedstat run time (ns) of the server's threads (nginx: master + worker), or
# utime+stime from /proc/PID/stat for the CPython server, whose per-connection
# threads exit. Loopback only; every loop is
# bounded; every process the script starts is killed by PID on exit.
# Installs nginx-light and hyperfine with apt-get when missing (run as root).
# Raw rows go to $OUT/results.tsv, the table to stdout and $OUT/table.md.
# Not run by CI.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=bench/common.sh
. bench/common.sh
REPS=${REPS:-3}
ONLY=${ONLY:-abcdef}
HS_SECS=${HS_SECS:-3}         # seconds of load per handshake measurement
HS_MAX=${HS_MAX:-50000}       # connections at most per measurement
CONC=${CONC:-8}               # load-client threads
BULK=${BULK:-1G}
IDLE_N=${IDLE_N:-1000}
STARTUP_RUNS=${STARTUP_RUNS:-30}
SC=${SERVER_CPU:-0}
CC=${CLIENT_CPU:-1}
PY=${PYTHON:-python3}
OUT=${OUT:-$ROOT/target/bench-results}
mkdir -p "$OUT"
RES=$OUT/results.tsv
: >"$RES"

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
has() { [[ $ONLY == *"$1"* ]]; }

# --- what the run needs ----------------------------------------------------
require openssl:openssl nginx:nginx-light hyperfine:hyperfine taskset:util-linux /usr/bin/time:time "$PY:python3"
log "building pyssl (release) and bench/tools"
build_bench pyssl-server pyssl-client
PSERVER=$ROOT/target/release/pyssl-server
PCLIENT=$ROOT/target/release/pyssl-client
NCPU=$(nproc)
((NCPU >= 2)) || log "warning: one CPU only; server and client share it"
TICK=$(getconf CLK_TCK)

ulimit -n 65536 2>/dev/null || ulimit -n 16384 2>/dev/null || ulimit -n 4096 || true
log "open files limit $(ulimit -n)"

if [[ -d /dev/shm && -w /dev/shm ]]; then T=$(mktemp -d /dev/shm/pyssl-bench.XXXXXX)
else T=$(mktemp -d /tmp/pyssl-bench.XXXXXX); fi

# --- process bookkeeping -----------------------------------------------------
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 0.3
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  exec 7>&- 2>/dev/null || true
  rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

forget() { # drop PID from PIDS after stopping it
  local p=$1 keep=() q
  kill "$p" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
  for q in "${PIDS[@]}"; do [[ $q == "$p" ]] || keep+=("$q"); done
  PIDS=("${keep[@]}")
}

wait_line() { # FILE: the port of its "listening on HOST:PORT" line (10 s at most)
  local i
  for i in $(seq 100); do
    if grep -q '^listening on' "$1" 2>/dev/null; then
      sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$1" | head -1
      return 0
    fi
    sleep 0.1
  done
  cat "$1" >&2 || true
  die "no 'listening on' line in $1"
}

cpu_ticks() { # PID…: utime+stime summed, in clock ticks
  local p s=0 v
  for p in "$@"; do
    v=$(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0)
    s=$((s + v))
  done
  echo "$s"
}

cpu_ns() { # NAME PID…: the server's CPU time in ns. Live threads' schedstat
  # (ns resolution) for servers whose threads outlive the measurement; the
  # CPython server's per-connection threads die, so utime+stime (ticks) there.
  local name=$1 p f v s=0; shift
  if [[ $name == cpython ]]; then
    echo $(($(cpu_ticks "$@") * 1000000000 / TICK))
    return
  fi
  for p in "$@"; do
    for f in /proc/"$p"/task/*/schedstat; do
      read -r v _ <"$f" 2>/dev/null || v=0
      s=$((s + v))
    done
  done
  echo "$s"
}

rss_kib() { awk '/^VmRSS:/{print $2}' "/proc/$1/status"; }

jget() { "$PY" -c 'import json,sys; v=json.loads(sys.argv[1]).get(sys.argv[2]); print("" if v is None else v)' "$1" "$2"; }

row() { # section case server rep value unit extra
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RES"
}

now() { date +%s.%N; }

# --- servers -------------------------------------------------------------------
# Each start_* sets SPORT (its port) and SPIDS (PIDs whose CPU is the server's).
mkdir -p "$T/www"
printf 'Hello Secure World!' >"$T/www/hello.txt"

start_pyssl() { # CERTBASE [mode flags…]
  local base=$1; shift
  local f=$T/pyssl.$RANDOM.out
  taskset -c "$SC" env ${PSERVER_ENV:-} "$PSERVER" --bind 127.0.0.1 --port 0 --cert "certs/$base.pem" \
    --key "certs/$base.key" -qq --idle-timeout 900 --handshake-timeout 60 "$@" \
    >"$f" 2>"$f.err" &
  PIDS+=($!)
  SPIDS=$!
  SPORT=$(wait_line "$f")
  [[ -n $SPORT ]] || die "server did not start: $(cat "$f.err")"
}

start_python() { # CERTBASE [mode flags…]
  local base=$1; shift
  local f=$T/py.$RANDOM.out
  taskset -c "$SC" "$PY" bench/py_server.py --cert "certs/$base.pem" --key "certs/$base.key" "$@" \
    >"$f" 2>"$f.err" &
  PIDS+=($!)
  SPIDS=$!
  SPORT=$(wait_line "$f")
  [[ -n $SPORT ]] || die "server did not start: $(cat "$f.err")"
}

start_openssl() { # CERTBASE [s_server flags…]   (from $T/www, stdin the held FIFO)
  local base=$1; shift
  SPORT=$(free_port)
  (cd "$T/www" && exec taskset -c "$SC" openssl s_server -quiet -accept "127.0.0.1:$SPORT" \
    -cert "$ROOT/certs/$base.pem" -key "$ROOT/certs/$base.key" "$@" \
    <"$T/stdin.fifo" >/dev/null 2>"$T/s_server.$SPORT.err") &
  PIDS+=($!)
  SPIDS=$!
  wait_port "$SPORT"
}

start_nginx() { # CERTBASE
  local base=$1 d
  SPORT=$(free_port)
  d=$T/nginx.$SPORT
  nginx_conf "$d" "$SPORT" "$base"
  taskset -c "$SC" nginx -p "$d" -c "$d/nginx.conf" -e "$d/error.log" 2>"$d/stderr" &
  local m=$!
  PIDS+=("$m")
  wait_port "$SPORT"
  local w
  w=$(pgrep -P "$m" | tr '\n' ' ')
  [[ -n $w ]] || die "nginx: no worker"
  SPIDS="$m $w"
  NGINX_WORKER=${w%% *}
}

start_server() { # NAME CERTBASE
  case $1 in
    pyssl) start_pyssl "$2" ;;
    nginx) start_nginx "$2" ;;
    openssl) start_openssl "$2" -WWW ;;
    cpython) start_python "$2" ;;
  esac
}

# s_server reads its stdin: give it one that never ends and never has data.
mkfifo "$T/stdin.fifo"
exec 7<>"$T/stdin.fifo"

rotate() { # REP word…: the words rotated by REP (interleaving order)
  local r=$1; shift
  local a=("$@") n=$# i
  for ((i = 0; i < n; i++)); do printf '%s ' "${a[$(((i + r) % n))]}"; done
}

# SERVERS="pyssl nginx" limits sections a and e to some servers.
read -r -a SERVERS <<<"${SERVERS:-pyssl nginx openssl cpython}"
pick() { # the arguments that are in SERVERS
  local s
  for s in "$@"; do [[ " ${SERVERS[*]} " == *" $s "* ]] && printf '%s ' "$s"; done
  return 0
}

log "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "load_start	$(cut -d' ' -f1-3 /proc/loadavg)" >"$OUT/load.txt"

# --- a: handshakes per server-CPU-second ---------------------------------------
if has a; then
  declare -A PORT CPUP
  for base in server server-ecdsa; do
    for s in "${SERVERS[@]}"; do
      start_server "$s" "$base"
      PORT[$s.$base]=$SPORT
      CPUP[$s.$base]=$SPIDS
    done
  done
  # Warm-up (and a check that every server answers every case).
  for k in "${!PORT[@]}"; do
    for tls in 1.3 1.2; do
      out=$(taskset -c "$CC" "$BENCH" load --connect "127.0.0.1:${PORT[$k]}" --tls $tls --n 50 --concurrency 4 --reuse --duration 20)
      [[ $(jget "$out" errors) == 0 ]] || die "warm-up $k TLS $tls: $out"
    done
  done
  log "a: handshakes (${HS_SECS}s × ${#SERVERS[@]} servers × 8 cases × $REPS reps)"
  for rep in $(seq "$REPS"); do
    for base in server server-ecdsa; do
      for mode in full resumed; do
        for tls in 1.3 1.2; do
          reuse=(); [[ $mode == resumed ]] && reuse=(--reuse)
          for s in $(rotate "$rep" "${SERVERS[@]}"); do
            k=$s.$base
            # shellcheck disable=SC2086
            c0=$(cpu_ns "$s" ${CPUP[$k]}); w0=$(now)
            out=$(taskset -c "$CC" "$BENCH" load --connect "127.0.0.1:${PORT[$k]}" --tls $tls \
              --n "$HS_MAX" --duration "$HS_SECS" --concurrency "$CONC" "${reuse[@]}")
            # shellcheck disable=SC2086
            w1=$(now); c1=$(cpu_ns "$s" ${CPUP[$k]})
            read -r v extra < <("$PY" -c '
import json, sys
d = json.loads(sys.argv[1])
c0, c1, w0, w1 = map(float, sys.argv[2:])
hs, cpu, wall = d["handshakes"], (c1 - c0) / 1e9, w1 - w0
print("%.1f" % (hs / cpu if cpu > 0 else 0),
      "rate=%.0f/s;server_util=%.0f%%;client_util=%.0f%%;n=%d;errors=%d;resumed=%.1f%%" % (
          hs / wall, 100 * cpu / wall, 100 * d["cpu_seconds"] / d["seconds"], hs, d["errors"],
          100 * d["resumed"] / max(hs, 1)))
' "$out" "$c0" "$c1" "$w0" "$w1")
            key=$([[ $base == server ]] && echo RSA-2048 || echo "ECDSA P-256")
            row a "$mode TLS $tls $key" "$s" "$rep" "$v" "hs/CPU-s" "$extra"
            log "  $mode TLS $tls $key $s: $v handshakes/CPU-s ($extra)"
          done
        done
      done
    done
  done
  for k in "${!CPUP[@]}"; do forget "${CPUP[$k]%% *}"; done
fi

# --- b: bulk -----------------------------------------------------------------------
if has b; then
  NBYTES=$("$PY" -c 'import sys
v=sys.argv[1]; m={"K":1<<10,"M":1<<20,"G":1<<30}
print(int(v[:-1])*m[v[-1].upper()] if v[-1].upper() in m else int(v))' "$BULK")
  log "b: bulk $BULK ($NBYTES bytes) each way, TLS 1.3"
  head -c "$NBYTES" /dev/zero >"$T/www/big.bin"
  start_pyssl server --source "$BULK" --min-version TLSv1_3; P_SRC=$SPORT; P_SRC_PID=$SPIDS
  start_pyssl server --sink --min-version TLSv1_3; P_SNK=$SPORT; P_SNK_PID=$SPIDS
  start_python server --mode source --bytes "$NBYTES"; Y_SRC=$SPORT; Y_SRC_PID=$SPIDS
  start_python server --mode sink; Y_SNK=$SPORT; Y_SNK_PID=$SPIDS
  start_openssl server -WWW -tls1_3; O_SRC=$SPORT; O_SRC_PID=$SPIDS
  start_openssl server -tls1_3; O_SNK=$SPORT; O_SNK_PID=$SPIDS

  bulk_client() { # DIR NAME: one transfer, the client pinned to CLIENT_CPU
    local dir=$1 s=$2 pin=(/usr/bin/time -f "%U %S" -o "$T/time.out" taskset -c "$CC")
    case $dir.$s in
      down.pyssl) "${pin[@]}" "$PCLIENT" --sink "127.0.0.1:$P_SRC" --cafile certs/ca.pem --min-version TLSv1_3 >"$T/bulk.out" 2>&1 ;;
      down.cpython) "${pin[@]}" "$PY" bench/py_client.py --connect "127.0.0.1:$Y_SRC" --cafile certs/ca.pem --sink >"$T/bulk.out" ;;
      down.openssl) printf 'GET /big.bin HTTP/1.0\r\n\r\n' | "${pin[@]}" openssl s_client -quiet -connect "127.0.0.1:$O_SRC" \
        -CAfile certs/ca.pem -verify_return_error -verify_ip 127.0.0.1 -tls1_3 >/dev/null 2>"$T/bulk.out" ;;
      up.pyssl) "${pin[@]}" "$PCLIENT" --upload "$NBYTES" "127.0.0.1:$P_SNK" --cafile certs/ca.pem --min-version TLSv1_3 >"$T/bulk.out" 2>&1 ;;
      up.cpython) "${pin[@]}" "$PY" bench/py_client.py --connect "127.0.0.1:$Y_SNK" --cafile certs/ca.pem --upload "$NBYTES" >"$T/bulk.out" ;;
      up.openssl) "${pin[@]}" openssl s_client -quiet -no_ign_eof -nocommands -connect "127.0.0.1:$O_SNK" \
        -CAfile certs/ca.pem -verify_return_error -verify_ip 127.0.0.1 -tls1_3 <"$T/www/big.bin" >/dev/null 2>"$T/bulk.out" ;;
    esac
  }
  # One check of what each pair moves (outside the timed runs).
  got=$(printf 'GET /big.bin HTTP/1.0\r\n\r\n' | taskset -c "$CC" openssl s_client -quiet -connect "127.0.0.1:$O_SRC" \
    -CAfile certs/ca.pem -verify_return_error -tls1_3 2>/dev/null | wc -c)
  ((got >= NBYTES)) || die "openssl pair moved $got bytes, not $NBYTES"
  log "  check: s_server -WWW → s_client moved $got bytes (header included)"
  for rep in $(seq "$REPS"); do
    for dir in down up; do
      for s in $(rotate "$rep" pyssl cpython openssl); do
        case $dir.$s in
          down.pyssl) sp=$P_SRC_PID ;; down.cpython) sp=$Y_SRC_PID ;; down.openssl) sp=$O_SRC_PID ;;
          up.pyssl) sp=$P_SNK_PID ;; up.cpython) sp=$Y_SNK_PID ;; up.openssl) sp=$O_SNK_PID ;;
        esac
        c0=$(cpu_ns "$s" "$sp"); w0=$(now)
        bulk_client $dir $s || die "bulk $dir $s failed: $(cat "$T/bulk.out")"
        w1=$(now); c1=$(cpu_ns "$s" "$sp")
        if [[ $s == pyssl ]]; then
          grep -q "$NBYTES" "$T/bulk.out" || die "pyssl-client did not move $NBYTES bytes: $(cat "$T/bulk.out")"
        elif [[ $s == cpython ]]; then
          [[ $(jget "$(cat "$T/bulk.out")" bytes) == "$NBYTES" ]] || die "cpython pair: $(cat "$T/bulk.out")"
        fi
        read -r cu cs <"$T/time.out"
        read -r v v2 extra < <("$PY" -c '
import sys
n, w0, w1, c0, c1, cu, cs = map(float, sys.argv[1:])
srv, cli = (c1 - c0) / 1e9, cu + cs
print("%.0f" % (n / (w1 - w0) / 1e6), "%.0f" % (n / max(srv, cli) / 1e6),
      "server_cpu=%.2fs;client_cpu=%.2fs;wall=%.3fs" % (srv, cli, w1 - w0))
' "$NBYTES" "$w0" "$w1" "$c0" "$c1" "$cu" "$cs")
        label=$([[ $dir == down ]] && echo "server→client" || echo "client→server")
        row b "bulk $BULK $label, wall clock" "$s" "$rep" "$v" "MB/s" "$extra"
        row b "bulk $BULK $label, CPU-bound" "$s" "$rep" "$v2" "MB/CPU-s" "$extra"
        log "  $label $s: $v MB/s wall, $v2 MB per CPU-second of the busier side ($extra)"
      done
    done
  done
  for p in $P_SRC_PID $P_SNK_PID $Y_SRC_PID $Y_SNK_PID $O_SRC_PID $O_SNK_PID; do forget "$p"; done
  rm -f "$T/www/big.bin"
fi

# --- c: context creation ---------------------------------------------------------------
if has c; then
  log "c: create_default_context() per call, system trust store"
  for rep in $(seq "$REPS"); do
    for s in $(rotate "$rep" pyssl cpython); do
      if [[ $s == pyssl ]]; then
        out=$(taskset -c "$CC" "$BENCH" ctx --n 300)
        v=$("$PY" -c 'import json,sys; print(round(json.loads(sys.argv[1])["us_per_call"]/1000, 4))' "$out")
        extra=$("$PY" -c 'import json,sys; d=json.loads(sys.argv[1]); print("x509=%d;x509_ca=%d;first_call=%.2fms" % (d["x509"], d["x509_ca"], d["first_call_us"]/1000))' "$out")
      else
        out=$(taskset -c "$CC" "$PY" -c '
import ssl, time
c = ssl.create_default_context(); st = c.cert_store_stats()
n = 30; t = time.perf_counter()
for _ in range(n): ssl.create_default_context()
print("%.4f x509=%d;x509_ca=%d" % ((time.perf_counter() - t) / n * 1000, st["x509"], st["x509_ca"]))')
        v=${out%% *}; extra=${out#* }
      fi
      row c "create_default_context()" "$s" "$rep" "$v" "ms/call" "$extra"
      log "  $s: $v ms per call ($extra)"
    done
  done
fi

# --- d: client start-up ---------------------------------------------------------------
if has d; then
  log "d: client start-up (hyperfine, $STARTUP_RUNS runs × $REPS reps)"
  start_nginx server; D_PORT=$SPORT; D_PIDS=$SPIDS
  # The system trust store plus the test CA, loaded by all three clients.
  sysfile=$(openssl version -d | sed 's/.*"\(.*\)"/\1/')/cert.pem
  [[ -r $sysfile ]] || sysfile=/etc/ssl/certs/ca-certificates.crt
  cat "$sysfile" certs/ca.pem >"$T/bundle.pem"
  export SSL_CERT_FILE=$T/bundle.pem
  ncerts=$(grep -c 'BEGIN CERTIFICATE' "$T/bundle.pem")
  pyssl_cmd="$PCLIENT --show-cert -q 127.0.0.1:$D_PORT"
  openssl_cmd="openssl s_client -connect 127.0.0.1:$D_PORT -CAfile $T/bundle.pem -verify_return_error -verify_ip 127.0.0.1 -brief"
  python_cmd="$PY -c \"import socket,ssl; c=ssl.create_default_context(); s=c.wrap_socket(socket.create_connection(('127.0.0.1',$D_PORT)),server_hostname='127.0.0.1'); s.close()\""
  # Each must succeed (verification included) before it is timed.
  $pyssl_cmd >/dev/null || die "pyssl-client does not verify with SSL_CERT_FILE"
  openssl s_client -connect "127.0.0.1:$D_PORT" -CAfile "$T/bundle.pem" -verify_return_error -verify_ip 127.0.0.1 -brief </dev/null >/dev/null 2>&1 \
    || die "s_client does not verify"
  "$PY" -c "import socket,ssl; c=ssl.create_default_context(); s=c.wrap_socket(socket.create_connection(('127.0.0.1',$D_PORT)),server_hostname='127.0.0.1'); s.close()" \
    || die "python client does not verify"
  for rep in $(seq "$REPS"); do
    order=$(rotate "$rep" pyssl openssl cpython)
    cmds=()
    for s in $order; do
      case $s in pyssl) cmds+=("$pyssl_cmd") ;; openssl) cmds+=("$openssl_cmd") ;; cpython) cmds+=("$python_cmd") ;; esac
    done
    taskset -c "$CC" hyperfine -N --style none --warmup 3 --runs "$STARTUP_RUNS" \
      --export-json "$T/hf.$rep.json" "${cmds[@]}" >/dev/null 2>&1 || die "hyperfine failed"
    i=0
    for s in $order; do
      v=$("$PY" -c 'import json,sys,statistics; r=json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]; print("%.2f" % (statistics.median(r["times"])*1000))' "$T/hf.$rep.json" "$i")
      c=$("$PY" -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]; print("%.2f" % ((r["user"]+r["system"])*1000))' "$T/hf.$rep.json" "$i")
      row d "start-up → verified handshake → exit, wall" "$s" "$rep" "$v" "ms" "trust_store_certs=$ncerts"
      row d "start-up → verified handshake → exit, CPU (user+sys)" "$s" "$rep" "$c" "ms" "trust_store_certs=$ncerts"
      log "  $s: $v ms wall (median), $c ms CPU (mean)"
      i=$((i + 1))
    done
  done
  unset SSL_CERT_FILE
  forget "${D_PIDS%% *}"
fi

# --- e: memory per idle connection -------------------------------------------------------
if has e; then
  log "e: RSS per idle TLS 1.3 connection ($IDLE_N connections)"
  for rep in $(seq "$REPS"); do
    # shellcheck disable=SC2046
    for s in $(rotate "$rep" $(pick pyssl nginx cpython)); do
      case $s in
        pyssl) start_pyssl server; mp=$SPIDS ;;
        nginx) start_nginx server; mp=$NGINX_WORKER ;;
        cpython) start_python server; mp=$SPIDS ;;
      esac
      # Warm-up connections: lazily built state is in the baseline.
      taskset -c "$CC" "$BENCH" load --connect "127.0.0.1:$SPORT" --n 50 --concurrency 4 --duration 20 >/dev/null
      sleep 0.5
      r0=$(rss_kib "$mp")
      taskset -c "$CC" "$BENCH" idle --connect "127.0.0.1:$SPORT" --n "$IDLE_N" --hold 300 >"$T/idle.out" 2>"$T/idle.err" &
      ip=$!; PIDS+=("$ip")
      for _ in $(seq 1200); do grep -q '^ready' "$T/idle.out" && break; kill -0 "$ip" 2>/dev/null || break; sleep 0.1; done
      n=$(sed -n 's/^ready \([0-9]*\)/\1/p' "$T/idle.out")
      [[ -n $n && $n -gt 0 ]] || die "idle client: $(cat "$T/idle.err")"
      sleep 2
      r1=$(rss_kib "$mp")
      v=$("$PY" -c 'import sys; a,b,n=map(float,sys.argv[1:]); print("%.1f" % ((b-a)/n))' "$r0" "$r1" "$n")
      row e "RSS per idle TLS connection" "$s" "$rep" "$v" "KiB" "rss_before=${r0}KiB;rss_after=${r1}KiB;connections=$n"
      log "  $s: $v KiB per connection ($r0 → $r1 KiB, $n connections)"
      forget "$ip"
      forget "${SPIDS%% *}"
    done
  done
fi

# --- f: crypto limit ---------------------------------------------------------------------
if has f; then
  log "f: crypto limit (openssl speed on core $SC)"
  taskset -c "$SC" openssl speed -seconds 2 rsa2048 ecdsap256 ecdhx25519 2>/dev/null >"$T/speed.txt" || true
  read -r rsa ec x < <("$PY" - "$T/speed.txt" <<'EOF'
import re, sys
t = open(sys.argv[1]).read()
rsa = re.search(r"^rsa 2048 bits\s+\S+s\s+\S+s\s+([\d.]+)", t, re.M)
ec = re.search(r"^ 256 bits ecdsa \(nistp256\)\s+\S+s\s+\S+s\s+([\d.]+)", t, re.M)
x = re.search(r"^ 253 bits ecdh \(X25519\)\s+\S+s\s+([\d.]+)", t, re.M)
print(*(m.group(1) if m else "0" for m in (rsa, ec, x)))
EOF
)
  echo "rsa2048_sign_per_s=$rsa ecdsap256_sign_per_s=$ec x25519_op_per_s=$x" >"$OUT/crypto.txt"
  log "  RSA-2048 sign $rsa/s, ECDSA P-256 sign $ec/s, X25519 $x ops/s"
fi

echo "load_end	$(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/load.txt"

# --- the table ----------------------------------------------------------------------------
"$PY" - "$RES" "$OUT" <<'EOF' | tee "$OUT/table.md"
import collections, os, statistics, sys
res, out = sys.argv[1], sys.argv[2]
rows = collections.defaultdict(lambda: collections.defaultdict(list))
units, order = {}, []
for line in open(res):
    sec, case, server, rep, value, unit, extra = line.rstrip("\n").split("\t")
    if (sec, case) not in order:
        order.append((sec, case))
    rows[(sec, case)][server].append(float(value))
    units[(sec, case)] = unit
crypto = {}
if os.path.exists(os.path.join(out, "crypto.txt")):
    for kv in open(os.path.join(out, "crypto.txt")).read().split():
        k, v = kv.split("=")
        crypto[k] = float(v)

def med(xs):
    return statistics.median(xs)

def spread(xs):
    m = med(xs)
    return "±%.0f%%" % (100 * (max(xs) - min(xs)) / 2 / m) if m and len(xs) > 1 else "–"

def limit(case):
    rsa, ec, x = crypto.get("rsa2048_sign_per_s"), crypto.get("ecdsap256_sign_per_s"), crypto.get("x25519_op_per_s")
    if not x:
        return ""
    if case.startswith("full"):
        s = rsa if "RSA" in case else ec
        return "%.0f" % (1 / (1 / s + 2 / x)) if s else ""
    if case.startswith("resumed TLS 1.3"):
        return "%.0f" % (x / 2)
    return ""

# (higher is better?, target ratios: {other: factor})
targets = {
    "a": (True, {"nginx": 1.1}),
    "b": (True, {"cpython": 1.25, "openssl": 2.0}),
    "c": (False, {"cpython": 50.0}),
    "d": (False, {"openssl": 1.0}),
    "e": (False, {"nginx": 1.0}),
}
others = ["nginx", "openssl", "cpython"]
print("| what | unit | pyssl | nginx | openssl | CPython | pyssl/nginx | pyssl/openssl | pyssl/CPython | crypto limit | issue target |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for sec, case in order:
    d = rows[(sec, case)]
    higher, tg = targets.get(sec, (True, {}))
    cells, ratios, verdict = [], [], []
    for s in ["pyssl"] + others:
        cells.append("%s %s" % (("%.4g" % med(d[s])) if d.get(s) else "–", spread(d[s]) if d.get(s) else ""))
    for s in others:
        if d.get("pyssl") and d.get(s):
            r = med(d["pyssl"]) / med(d[s]) if higher else med(d[s]) / med(d["pyssl"])
            ratios.append("%.2f×" % r)
            if s in tg:
                verdict.append("%s %.2f× vs ≥ %g× %s" % ("met" if r >= tg[s] else "NOT met", r, tg[s], s))
        else:
            ratios.append("–")
    print("| %s %s | %s | %s | %s | %s | %s |" % (sec, case, units[(sec, case)], " | ".join(cells), " | ".join(ratios),
                                              limit(case) if sec == "a" else "", "; ".join(verdict)))
print()
print("Medians of the repetitions; ± is half the min–max range over the median. Ratios are pyssl's advantage")
print("(>1 is better for pyssl: higher rate, or lower time/memory). Load average: "
      + " / ".join(l.split("\t")[1] for l in open(os.path.join(out, "load.txt"))))
EOF
log "raw rows: $RES"

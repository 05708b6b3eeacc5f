#!/usr/bin/env bash
# Runs a representative part of the test suite under valgrind's memcheck:
# the library's unit tests and the integration tests that go through the FFI
# paths (ffi/ssl.rs, ffi/x509.rs, ffi/misc.rs, the password callback, the SNI
# trampoline, the shared trust store), and `pyssl-server` itself under a
# small mixed load.
#
#   tools/valgrind.sh                 # all of them
#   tools/valgrind.sh sni bio_golden  # only these (names as in ALL below)
#
# Each test binary is run directly (found with `cargo test --no-run
# --message-format=json`), one test at a time (--test-threads=1), under
#
#   valgrind --leak-check=full --error-exitcode=99 --track-origins=yes \
#            --suppressions=tools/valgrind.supp
#
# with one log per binary in target/valgrind/NAME.log (the test output in
# NAME.out). `server`: the debug pyssl-server under the same valgrind
# options, on 127.0.0.1, driven by `openssl s_client` (TLS 1.2 and 1.3, each
# a full handshake then a resumption, request and reply) and by bash
# /dev/tcp clients (junk bytes, plain HTTP, a silent connection and a
# truncated ClientHello, both left to the 5 s handshake timeout), then
# stopped with SIGTERM so that it exits normally and valgrind checks for
# leaks.
#
# The summary gives, per binary: the test result, "definitely", "indirectly"
# and "possibly" lost bytes, what tools/valgrind.supp suppressed (two
# interior-pointer "possibly lost" reports about process-wide statics; see
# that file), "still reachable" (OpenSSL's and the Rust runtime's globals,
# alive at exit: not a failure), valgrind's error count and the invalid
# read/write/free and uninitialised-value reports among them.
# Exit status: 0 when every binary passed its tests with no valgrind error
# and 0 bytes definitely lost, 1 otherwise, 2 when it could not run.
#
# Needs: valgrind, cargo, jq (or python3); openssl(1) and timeout(1) for
# `server`. Slow: about 3-5 minutes on a busy two-core machine (code runs
# 20-50 times slower under memcheck).
set -uo pipefail
cd "$(dirname "$0")/.."

ALL=(lib bio_golden bad_input decode_cert_golden sni context_mutation server)
if [ $# -gt 0 ]; then
  WANT=("$@")
else
  WANT=("${ALL[@]}")
fi

command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }

VALGRIND=(valgrind --leak-check=full --error-exitcode=99 --track-origins=yes
  --num-callers=40 --suppressions=tools/valgrind.supp)

# name<TAB>executable for every test binary of the package, plus the
# pyssl-server binary as "pyssl-server-bin".
list_binaries() {
  local json
  json=$(cargo test --no-run --message-format=json 2>/dev/null) || {
    echo "cargo test --no-run failed:" >&2
    cargo test --no-run >&2
    return 1
  }
  if command -v jq >/dev/null; then
    jq -r 'select(.reason == "compiler-artifact" and .executable != null)
           | (if .profile.test then
                (if (.target.kind | index("lib")) then "lib" else .target.name end)
              else .target.name + "-bin" end)
             + "\t" + .executable' <<<"$json"
  else
    python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") != "compiler-artifact" or not m.get("executable"):
        continue
    t = m["target"]
    if m["profile"]["test"]:
        name = "lib" if "lib" in t["kind"] else t["name"]
    else:
        name = t["name"] + "-bin"
    print(name + "\t" + m["executable"])
' <<<"$json"
  fi
}

declare -A EXE=()
while IFS=$'\t' read -r name exe; do
  [ -n "$name" ] && EXE[$name]=$exe
done < <(list_binaries)
[ ${#EXE[@]} -gt 0 ] || { echo "no test binaries found" >&2; exit 2; }

LOGDIR=target/valgrind
mkdir -p "$LOGDIR"

# "==123==    definitely lost: 0 bytes in 0 blocks" -> "0"
leak_bytes() { # kind logfile
  local v
  v=$(grep -E "^==[0-9]+==[[:space:]]+$1:" "$2" | tail -1 | sed -E 's/.*: ([0-9,]+) bytes.*/\1/' | tr -d ,)
  echo "${v:-0}"
}

# A bash /dev/tcp client: send $2 (printf format), keep the connection
# $3 seconds, read what comes back into $4.
raw_client() { # port format hold outfile
  timeout 60 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "$2" >&3
    sleep "$3"
    timeout 30 cat <&3 >"$4"
    exec 3>&- 3<&-' _ "$@"
}

# pyssl-server under memcheck with a small mixed load; prints "N/M ok".
run_server() { # exe log out
  local exe=$1 log=$2 out=$3 port="" pid ok=0 n=0 i proto
  : >"$out"
  "${VALGRIND[@]}" --log-file="$log" "$exe" --port 0 --bind 127.0.0.1 \
    --handshake-timeout 5 >"$out.stdout" 2>>"$out" &
  pid=$!
  for _ in $(seq 240); do
    port=$(sed -n 's/^listening on 127\.0\.0\.1://p' "$out.stdout")
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if [ -z "$port" ]; then
    echo "server did not start" >>"$out"
    kill "$pid" 2>/dev/null
    wait "$pid"
    return
  fi
  # Hostile clients, in the background while the good ones run.
  local bad=()
  raw_client "$port" '\x80\x01junk\xff\xfe\xfd' 0 "$out.junk" & bad+=($!)
  raw_client "$port" 'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n' 0 "$out.http" & bad+=($!)
  raw_client "$port" '' 1 "$out.stall" & bad+=($!)
  raw_client "$port" '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03' 0 "$out.half" & bad+=($!)
  for i in 1 2 3; do
    for proto in -tls1_2 -tls1_3; do
      for sess in -sess_out -sess_in; do
        n=$((n + 1))
        if printf 'GET / HTTP/1.0\r\n\r\n' | timeout 120 openssl s_client \
          -connect "127.0.0.1:$port" -servername localhost -CAfile certs/ca.pem \
          "$proto" -ign_eof "$sess" "$LOGDIR/server$proto.sess" >"$out.s_client" 2>&1 &&
          grep -q 'Hello Secure World!' "$out.s_client" &&
          grep -q 'Verify return code: 0 (ok)' "$out.s_client"; then
          ok=$((ok + 1))
        else
          cat "$out.s_client" >>"$out"
        fi
      done
    done
  done
  for b in "${bad[@]}"; do wait "$b"; done
  n=$((n + 1))
  if grep -q 'HTTP/1.0 400 Bad Request' "$out.http"; then ok=$((ok + 1)); fi
  kill -TERM "$pid"
  wait "$pid"
  echo "server exit status $?" >>"$out"
  echo "test result: ok. $ok passed; $((n - ok)) failed (of $n checks)" >>"$out"
}

status=0
rows=()
for name in "${WANT[@]}"; do
  log="$LOGDIR/$name.log"
  out="$LOGDIR/$name.out"
  start=$(date +%s)
  if [ "$name" = server ]; then
    exe=${EXE[pyssl-server-bin]:-}
    [ -n "$exe" ] || { echo "pyssl-server binary not found" >&2; status=1; continue; }
    echo "== server: $exe under a mixed load (log: $log)"
    run_server "$exe" "$log" "$out"
    rc=0
    grep -q '^server exit status 0$' "$out" || rc=1
    grep -qE '^test result: ok\. [0-9]+ passed; 0 failed' "$out" || rc=1
  else
    exe=${EXE[$name]:-}
    if [ -z "$exe" ]; then
      echo "unknown test binary: $name (known: server ${!EXE[*]})" >&2
      status=1
      continue
    fi
    echo "== $name: $exe (log: $log)"
    "${VALGRIND[@]}" --log-file="$log" "$exe" --test-threads=1 >"$out" 2>&1
    rc=$?
  fi
  secs=$(($(date +%s) - start))
  result=$(grep -E '^test result:' "$out" | tail -1 | sed -E 's/^test result: ([a-zA-Z]+)\. ([0-9]+) passed; ([0-9]+) failed.*/\1 \2 passed \3 failed/')
  errors=$(grep -E 'ERROR SUMMARY:' "$log" | tail -1 | sed -E 's/.*ERROR SUMMARY: ([0-9,]+) errors.*/\1/' | tr -d ,)
  invalid=$(grep -cE '^==[0-9]+== (Invalid (read|write|free)|Conditional jump|Use of uninitialised|Syscall param|Mismatched free|Source and destination overlap)' "$log")
  definite=$(leak_bytes "definitely lost" "$log")
  indirect=$(leak_bytes "indirectly lost" "$log")
  possible=$(leak_bytes "possibly lost" "$log")
  reachable=$(leak_bytes "still reachable" "$log")
  suppressed=$(leak_bytes "suppressed" "$log")
  if grep -q "All heap blocks were freed" "$log"; then
    definite=0 indirect=0 possible=0 reachable=0 suppressed=0
  fi
  verdict=ok
  if [ "$rc" -ne 0 ] || [ "${errors:-1}" != 0 ] || [ "$definite" != 0 ]; then
    verdict=FAIL
    status=1
  fi
  rows+=("$(printf '%-20s %-26s %9s %9s %9s %10s %10s %7s %8s %6ss  %s' \
    "$name" "${result:-no result (rc $rc)}" "$definite" "$indirect" "$possible" "$suppressed" \
    "$reachable" "${errors:-?}" "$invalid" "$secs" "$verdict")")
  echo "${rows[-1]}"
done

echo
echo "valgrind $(valgrind --version | sed 's/valgrind-//'), $(openssl version 2>/dev/null || echo 'openssl ?')"
printf '%-20s %-26s %9s %9s %9s %10s %10s %7s %8s %7s  %s\n' \
  binary tests definite indirect possible suppressed reachable errors invalid time verdict
printf '%s\n' "${rows[@]}"
echo "(bytes; 'errors' is valgrind's ERROR SUMMARY; 'invalid' counts invalid"
echo " read/write/free and uninitialised-value reports; 'suppressed' is what"
echo " tools/valgrind.supp hides; logs in $LOGDIR/)"
exit $status

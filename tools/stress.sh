#!/usr/bin/env bash
# The long form of tests/thread_safety.rs (the short form runs in
# `cargo test`): the same tests, longer, under valgrind.
#
#   tools/stress.sh                  # memcheck, then helgrind
#   tools/stress.sh memcheck         # one tool (memcheck | helgrind | drd | none)
#   SECS=30 ROUNDS=40 tools/stress.sh
#
# SECS: how long the setter thread keeps calling every setter while three
# threads do memory-BIO handshakes and two more loopback-socket handshakes
# (PYSSL_STRESS_SECS). ROUNDS: how many never-seen system roots eight
# threads look up in the lazy trust store at the same moment
# (PYSSL_STRESS_ROUNDS). The crossed-BIO tests run as in the short form.
#
# Logs: target/valgrind/stress-TOOL.log (valgrind) and .out (test output).
# The summary line per tool gives the test result and valgrind's error
# count; errors whose stack runs through pyssl's own code are counted
# apart. Exit: 0 when every tool ran the tests green with no error in
# pyssl's code, 1 otherwise, 2 when it could not run. helgrind and drd see
# OpenSSL's lock-free atomics (reference counts, the RAND and provider
# caches) as races: tools/stress.supp suppresses those, each explained.
set -uo pipefail
cd "$(dirname "$0")/.."
SECS=${SECS:-20}
ROUNDS=${ROUNDS:-30}
TOOLS=("$@")
[ ${#TOOLS[@]} -gt 0 ] || TOOLS=(memcheck helgrind)

# --cfg pyssl_valgrind: pyssl reports its lock operations to helgrind
# (src/ffi/valgrind.rs); a separate target directory keeps the normal
# build's cache.
bin=$(RUSTFLAGS="--cfg pyssl_valgrind" CARGO_TARGET_DIR=target/valgrind-build \
  cargo test --test thread_safety --no-run 2>&1 |
  sed -n 's/.*Executable tests\/thread_safety.rs (\(.*\))/\1/p')
[ -x "$bin" ] || { echo "could not build tests/thread_safety.rs" >&2; exit 2; }
mkdir -p target/valgrind
status=0
for tool in "${TOOLS[@]}"; do
  log=target/valgrind/stress-$tool.log
  out=target/valgrind/stress-$tool.out
  case $tool in
    none) run=() ;;
    memcheck) run=(valgrind --tool=memcheck --error-exitcode=99 --num-callers=40
                   --suppressions=tools/valgrind.supp --log-file="$log") ;;
    # helgrind and drd report races inside Rust's std (channels, barriers,
    # thread bookkeeping: futex-based, invisible to them) in every Rust
    # program, so their verdict is the count in pyssl's code, not their
    # exit status.
    helgrind|drd) run=(valgrind --tool="$tool" --num-callers=40
                   --suppressions=tools/stress.supp --log-file="$log") ;;
    *) echo "unknown tool $tool" >&2; exit 2 ;;
  esac
  command -v valgrind >/dev/null || [ "$tool" = none ] || { echo "valgrind is not installed" >&2; exit 2; }
  start=$(date +%s)
  scale=100; [ "$tool" = none ] && scale=1
  PYSSL_STRESS_SECS=$SECS PYSSL_STRESS_ROUNDS=$ROUNDS PYSSL_STRESS_LIMIT_SCALE=$scale \
    "${run[@]}" "$bin" --test-threads=1 --nocapture >"$out" 2>&1
  rc=$?
  secs=$(( $(date +%s) - start ))
  result=$(grep -E '^test result' "$out" | tail -1)
  figures=$(grep -oE 'stress: .*' "$out" | tail -1)
  errors=0; ours=0
  if [ -f "$log" ] && [ "$tool" != none ]; then
    errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$log" | tail -1)
    # An error "in pyssl's code": for memcheck, a report whose stack has a
    # pyssl frame; for helgrind and drd, a race with a pyssl frame in one of
    # the two accesses (tools/helgrind_summary.py groups them all).
    if [ "$tool" = memcheck ]; then
      ours=$(awk '/^==[0-9]+== (Invalid|Conditional|Use of uninit|Mismatched|Source and destination)/ {inerr=1; hit=0; next}
                  inerr && /pyssl::/ && !hit {hit=1; n++}
                  /^==[0-9]+== $/ {inerr=0}
                  END {print n+0}' "$log")
    else
      python3 tools/helgrind_summary.py "$log" > "target/valgrind/stress-$tool.summary"
      ours=$(sed -n "s/^races [0-9]*, in pyssl's code \([0-9]*\)$/\1/p" "target/valgrind/stress-$tool.summary")
    fi
  fi
  echo "$tool: ${result:-no test result} | ${figures:-} | valgrind errors ${errors:-?}, in pyssl's code $ours | ${secs}s"
  if [ $rc -ne 0 ] || [ "${ours:-1}" != 0 ]; then status=1; fi
done
exit $status

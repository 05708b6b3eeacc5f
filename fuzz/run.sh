#!/usr/bin/env bash
# Runs pyssl's libFuzzer targets (see FUZZING.md).
#
#   fuzz/run.sh TARGET SECONDS   one target for SECONDS
#   fuzz/run.sh all SECONDS      every target, one after another, SECONDS each
#   fuzz/run.sh smoke [SECONDS]  every target for 10 s (a CI smoke run; all
#                                under AddressSanitizer: one build)
#   fuzz/run.sh list             the target names
#
# Each run prints the executions libFuzzer reached (its final
# stat::number_of_executed_units), exec/s and corpus size, and fails if a
# target crashed, panicked, leaked or timed out; the input is then in
# fuzz/artifacts/TARGET/. New corpus entries go to fuzz/work/corpus/TARGET
# (not committed); the committed seeds in fuzz/corpus/TARGET and the inputs
# of fixed findings in fuzz/regressions/TARGET are only read (and all run
# first).
#
# Works on a stable toolchain: cargo-fuzz's nightly flag (-Zsanitizer) is
# accepted through RUSTC_BOOTSTRAP=1. The targets that reach OpenSSL and
# pyssl's unsafe FFI code run under AddressSanitizer (with LeakSanitizer);
# pem_der and cert_time test safe Rust only and run without a sanitizer,
# several times faster. Environment:
#   SANITIZER=address|none   use this sanitizer for every target
#   FUZZ_ARGS="..."          extra libFuzzer arguments, e.g. "-runs=10000000"
#                            (stop after that many executions)
#   NICE=0                   do not lower the priority (default: nice -n 10)
set -euo pipefail
SELF="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$SELF")"
FUZZ_DIR=$(pwd)

TARGETS=(decode_cert_der decode_cert_pem pem_der cert_time cipher_and_options server_handshake)

# The sanitizer a target runs under unless $SANITIZER says otherwise.
sanitizer_of() {
  if [ -n "${SANITIZER:-}" ]; then
    echo "$SANITIZER"
  else
    case "$1" in
      pem_der|cert_time) echo none ;;
      *) echo address ;;
    esac
  fi
}
export RUSTC_BOOTSTRAP=1

usage() {
  sed -n '2,9p' "$SELF" | sed 's/^# \{0,1\}//'
  exit 2
}

if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz (cargo install cargo-fuzz --locked)" >&2
  cargo install cargo-fuzz --locked >&2
fi

# Cheaper ASan bookkeeping: shorter malloc stacks, no fake stacks for
# use-after-return (safe Rust cannot return a dangling stack pointer; OpenSSL
# is not instrumented), no filling of new allocations. About 30% more
# executions; rerun a finding with ASAN_OPTIONS=detect_odr_violation=0 for full
# reports.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_odr_violation=0:malloc_context_size=5:detect_stack_use_after_return=0:max_malloc_fill_size=0}

nice_cmd=(nice -n 10)
[ "${NICE:-1}" = 0 ] && nice_cmd=()

# Each sanitizer builds into its own target directory: switching between
# them would otherwise rebuild everything.
fuzz_opts() {
  local san
  san=$(sanitizer_of "$1")
  echo --sanitizer "$san" --target-dir "$FUZZ_DIR/target/san-$san"
}

# build TARGET...
build() {
  local t
  for t in "$@"; do
    # shellcheck disable=SC2046
    "${nice_cmd[@]}" cargo fuzz build $(fuzz_opts "$t") "$t" >&2
  done
}

# run_one TARGET SECONDS: prints one result line; returns 1 on a finding.
run_one() {
  local t=$1 secs=$2
  local work="$FUZZ_DIR/work/corpus/$t" log="$FUZZ_DIR/work/logs/$t.log"
  local arts="$FUZZ_DIR/artifacts/$t"
  mkdir -p "$work" "$(dirname "$log")" "$arts" "$FUZZ_DIR/corpus/$t"
  local before
  before=$(ls "$arts" | wc -l)
  # Inputs that once crashed (fuzz/regressions/TARGET) run first, with the
  # seeds; libFuzzer only ever writes to the first directory.
  local seeds=("$FUZZ_DIR/corpus/$t")
  if [ -d "$FUZZ_DIR/regressions/$t" ]; then
    seeds+=("$FUZZ_DIR/regressions/$t")
  fi
  local rc=0
  # -timeout: one input taking 10 s is a finding; -rss_limit_mb: leave room
  # for the machine's other work.
  # shellcheck disable=SC2046,SC2086
  "${nice_cmd[@]}" cargo fuzz run $(fuzz_opts "$t") "$t" "$work" "${seeds[@]}" -- \
    -max_total_time="$secs" -print_final_stats=1 -timeout=10 -rss_limit_mb=3072 \
    ${FUZZ_ARGS:-} >"$log" 2>&1 || rc=$?
  if [ "$t" = decode_cert_pem ]; then
    # The target's temporary files (one per process, see the target).
    local f
    for f in /dev/shm/pyssl-fuzz-decode-*.pem; do
      [ -e "$f" ] || continue
      f=${f##*-}
      kill -0 "${f%.pem}" 2>/dev/null || rm -f "/dev/shm/pyssl-fuzz-decode-${f}"
    done
  fi
  local execs rate corp found
  execs=$(grep -a 'stat::number_of_executed_units' "$log" | tail -1 | awk '{print $2}')
  rate=$(grep -a 'stat::average_exec_per_sec' "$log" | tail -1 | awk '{print $2}')
  # libFuzzer's corpus as its last status line gives it: inputs/bytes.
  corp=$(grep -a -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' "$log" | tail -1 | cut -d' ' -f2)
  found=$(( $(ls "$arts" | wc -l) - before ))
  printf '%-20s %-8s %12s execs %8s exec/s  corpus %s inputs/bytes  rc=%s  new artifacts=%s\n' \
    "$t" "$(sanitizer_of "$t")" "${execs:-?}" "${rate:-?}" "${corp:-?}" "$rc" "$found"
  if [ "$rc" != 0 ] || [ "$found" != 0 ]; then
    echo "  FINDING in $t: see $log and $arts" >&2
    grep -a -m5 -E '^==[0-9]+==ERROR|panicked at|SUMMARY|Test unit written' "$log" | sed 's/^/  /' >&2 || true
    return 1
  fi
}

cmd=${1:-}
case "$cmd" in
  list)
    printf '%s\n' "${TARGETS[@]}"
    ;;
  all|smoke)
    secs=${2:-}
    if [ "$cmd" = smoke ]; then
      secs=${secs:-10}
      # One build for every target: a smoke run is mostly build time.
      SANITIZER=${SANITIZER:-address}
    fi
    [ -n "$secs" ] || usage
    build "${TARGETS[@]}"
    status=0
    for t in "${TARGETS[@]}"; do
      run_one "$t" "$secs" || status=1
    done
    exit $status
    ;;
  ""|-h|--help)
    usage
    ;;
  *)
    printf '%s\n' "${TARGETS[@]}" | grep -qx -- "$cmd" || { echo "unknown target: $cmd" >&2; usage; }
    [ -n "${2:-}" ] || usage
    build "$cmd"
    run_one "$cmd" "$2"
    ;;
esac

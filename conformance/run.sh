#!/usr/bin/env bash
# CPython's own test_ssl.py, unchanged, on a pyssl-backed `_ssl`, beside the
# same test_ssl on the real `_ssl` of the same CPython.
#
#   bash conformance/run.sh            # every CPython 3.8 … 3.14 (CI)
#   bash conformance/run.sh 3.13 3.7   # those releases only (3.7 works, but its
#                                      # own test_ssl is flaky: README.md)
#
# For each release: builds the shim against that interpreter (PyO3), puts
# it first on PYTHONPATH, checks that `import _ssl` loads it, runs
# `python -m test test_ssl` with it and without it (JUnit XML per run), and
# prints one line per release; the last line is
#   test_ssl: V/W versions at parity (P/Q tests)
# and the exit status is 0 only at full parity and when every script in
# checks/ passes with both. A hung run is cut off (CONFORMANCE_TIMEOUT
# seconds, 300 by default) with every thread's traceback in the output.
# Logs and XML are kept in target/conformance/<version>/.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${CONFORMANCE_OUT:-$root/target/conformance}
pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
# Seconds one test_ssl run may take before it counts as hung.
run_timeout=${CONFORMANCE_TIMEOUT:-300}

# The newest installed patch release of each requested minor version.
installed() {
    ls "$pyenv_root/versions" 2>/dev/null | grep -E '^3\.[0-9]+\.[0-9]+$' | sort -t. -k1,1n -k2,2n -k3,3n
}
pick() {
    installed | grep -E "^${1//./\\.}\.[0-9]+$" | tail -n 1
}

if [ $# -gt 0 ]; then
    wanted=("$@")
else
    wanted=(3.8 3.9 3.10 3.11 3.12 3.13 3.14)
fi

releases=()
for w in "${wanted[@]}"; do
    case "$w" in
        3.*.*) r=$w ;;
        *) r=$(pick "$w") ;;
    esac
    if [ -z "$r" ] || [ ! -x "$pyenv_root/versions/$r/bin/python3" ]; then
        echo "conformance: no CPython $w under $pyenv_root/versions: NOT RUN" >&2
        missing=1
        continue
    fi
    releases+=("$r")
done

mkdir -p "$out"
cd "$root"
for r in "${releases[@]}"; do
    py="$pyenv_root/versions/$r/bin/python3"
    dir="$out/$r"
    rm -rf "$dir"
    mkdir -p "$dir/shim"
    t0=$(date +%s)
    # PyO3 reads the interpreter from PYO3_PYTHON; pyssl itself is not rebuilt.
    PYO3_PYTHON="$py" cargo build -q -p pyssl-conformance 2> "$dir/build.log" || {
        cat "$dir/build.log" >&2
        echo "conformance: the shim does not build for $r" >&2
        exit 2
    }
    cp "$root/target/debug/lib_ssl.so" "$dir/shim/_ssl.so"
    loaded=$(cd "$dir" && PYTHONPATH="$dir/shim" "$py" -c 'import _ssl, ssl; print(_ssl.__file__, getattr(_ssl, "__pyssl__", "-"))')
    if [ "$loaded" != "$dir/shim/_ssl.so 0.0.0" ]; then
        echo "conformance: $r imported '$loaded', not the shim" >&2
        exit 2
    fi
    # Both runs from an empty directory (test_ssl writes temporary files).
    # A run takes 5-60 s; one that hangs must not hold CI: regrtest's
    # --timeout dumps every thread's traceback into the log and exits, and
    # timeout(1) backs it up. A run that ends either way has no JUnit XML
    # and counts as failed; its traceback is printed below.
    for kind in shim real; do
        env=()
        [ "$kind" = shim ] && env=(PYTHONPATH="$dir/shim")
        rc=0
        (cd "$dir" && env "${env[@]}" timeout -k 30 "$((run_timeout + 60))" \
            "$py" -m test test_ssl --timeout "$run_timeout" --junit-xml "$dir/$kind.xml" \
            > "$dir/$kind.log" 2>&1) || rc=$?
        if grep -q "Timeout (" "$dir/$kind.log" || [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
            echo "conformance: $r test_ssl with the $kind _ssl hung (> $run_timeout s); its threads:" >&2
            grep -A 40 "Timeout (" "$dir/$kind.log" | head -n 120 >&2 || tail -n 40 "$dir/$kind.log" >&2
            rm -f "$dir/$kind.xml"
        fi
    done
    # The checks test_ssl lacks (checks/*.py: hangs between threads that
    # no release's test_ssl covers), with the shim and, as the control,
    # with the real _ssl; each exits 0 or fails (a watchdog ends a hang).
    passed=0
    for check in "$root"/conformance/checks/*.py; do
        name=$(basename "$check" .py)
        ok=1
        for kind in shim real; do
            env=()
            [ "$kind" = shim ] && env=(PYTHONPATH="$dir/shim")
            if ! (cd "$dir" && env "${env[@]}" timeout -k 10 120 "$py" "$check" > "$dir/check-$name-$kind.log" 2>&1); then
                ok=0
                echo "conformance: $r check $name failed with the $kind _ssl:" >&2
                tail -n 30 "$dir/check-$name-$kind.log" >&2
                checks_failed=1
            fi
        done
        passed=$((passed + ok))
    done
    echo "$(( $(date +%s) - t0 ))" > "$dir/seconds"
    echo "conformance: $r done in $(cat "$dir/seconds") s; checks/: $passed/$(ls "$root"/conformance/checks/*.py | wc -l) pass with both _ssl"
done

status=0
python3 "$root/conformance/compare.py" "$out" "$root/conformance/excluded.txt" "${releases[@]}" || status=$?
if [ "${missing:-0}" = 1 ] || [ "${checks_failed:-0}" = 1 ]; then
    exit 1
fi
exit $status

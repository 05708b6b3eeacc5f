#!/usr/bin/env bash
# pyssl on another OpenSSL, judged against a CPython built on that same OpenSSL
# (vendor-notes.md, "Supported and tested versions").
#
#   CPYTHON_TARBALL=/path/cpython-3.14.7.tar.xz bash tools/openssl-matrix.sh 1.1.1 3.6
#
# For each OpenSSL series named (1.1.1: openssl-src 111.28.2 = 1.1.1w; 3.6: openssl-src
# 300.6.1 = 3.6.3, the sources the `openssl-src` crate carries, fetched by cargo):
#   1. builds that OpenSSL into target/openssl-matrix/<series>/openssl (1.1.1: shared
#      libraries; 3.x: static, as the crate's trimmed sources allow; about 3 minutes);
#   2. builds CPython from CPYTHON_TARBALL against it into .../cpython (about 8 minutes;
#      default: https://www.python.org/ftp/python/3.14.7/Python-3.14.7.tar.xz);
#   3. records that CPython's goldens (tools/oracle.py, bad_input_oracle.py, certs_oracle.py)
#      into .../golden/{oracle,bad_input,certs_decode}-3.X.json;
#   4. builds pyssl against the same libraries (its own target directory) and runs
#      `cargo test --no-fail-fast` with PYSSL_GOLDEN_DIR pointing at those goldens;
#   5. prints one line per series: the error-name table (tools/gen_error_names.py
#      --interpreter: pyssl's table for the series == the one compiled into that CPython),
#      builds, own tests passed/failed, and how many
#      differences the golden tests report for that CPython's release (lines "3.X …").
# Logs stay in target/openssl-matrix/<series>/ (MATRIX_OUT overrides the directory). Steps
# already done are kept (delete the directory to redo them). About 20 minutes per series the
# first time, 3-5 once its OpenSSL and CPython are built.
# MATRIX_STRICT=1: exit 1 (after printing the failing tests) unless every row builds, has the
# same error-name table as its CPython, passes all its own tests and shows no golden
# difference. CI runs the 1.1.1 row that way, with MATRIX_OUT under ~/.cache so that a machine
# keeps its OpenSSL and CPython builds (.ci/run).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out_root=${MATRIX_OUT:-$root/target/openssl-matrix}
jobs=$(nproc)
series_list=("${@:-1.1.1 3.6}")
read -r -a series_list <<<"${series_list[*]}"

crate_of() {
  case $1 in
    1.1.1) echo "openssl-src =111.28.2" ;;
    3.6) echo "openssl-src =300.6.1" ;;
    *) echo "unknown OpenSSL series $1 (known: 1.1.1, 3.6)" >&2; exit 2 ;;
  esac
}

# extra_config SERIES: Configure options the crate's trimmed sources need. 1.1.1 builds
# shared libraries. The 3.x crate ships no tests, no util/providers.num and no
# util/mkdef.pl (the shared libraries' symbol script): no-tests, no-module (the legacy
# provider built in, as openssl-src itself configures it), and static libraries built
# position-independent (-fPIC) so that CPython's _ssl module links them in; no-dso so
# that the static libcrypto needs no libdl.
extra_config() {
  case $1 in
    1.1.1) echo "shared" ;;
    *) echo "no-shared no-tests no-module no-dso -fPIC" ;;
  esac
}

# openssl_source SERIES: the directory of that OpenSSL's sources (cargo fetches the crate).
openssl_source() {
  local spec name version scratch
  spec=$(crate_of "$1")
  name=${spec%% *}
  version=${spec##*=}
  scratch=$out_root/fetch-$1
  mkdir -p "$scratch/src"
  printf '[package]\nname = "fetch"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n[workspace]\n[dependencies]\n%s = "=%s"\n' \
    "$name" "$version" >"$scratch/Cargo.toml"
  echo 'fn main() {}' >"$scratch/src/main.rs"
  (cd "$scratch" && cargo fetch -q)
  local dir
  dir=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/"$name-$version"*/openssl | head -n 1)
  [ -d "$dir" ] || { echo "no sources for $name $version" >&2; exit 1; }
  echo "$dir"
}

tarball() {
  if [ -n "${CPYTHON_TARBALL:-}" ]; then
    echo "$CPYTHON_TARBALL"
    return
  fi
  local t=$out_root/Python-3.14.7.tar.xz
  [ -f "$t" ] || curl -fsSL -o "$t" https://www.python.org/ftp/python/3.14.7/Python-3.14.7.tar.xz
  echo "$t"
}

summary=()
strict_failed=()
for s in "${series_list[@]}"; do
  d=$out_root/$s
  mkdir -p "$d"
  # 1. OpenSSL, shared.
  if [ ! -x "$d/openssl/bin/openssl" ]; then
    echo "[$s] building OpenSSL" >&2
    src=$(openssl_source "$s") || exit 1
    rm -rf "$d/openssl-src"
    cp -r "$src" "$d/openssl-src"
    (cd "$d/openssl-src" &&
      ./config $(extra_config "$s") --prefix="$d/openssl" --libdir=lib --openssldir="$d/openssl/ssl" -Wl,-rpath,"$d/openssl/lib" -Wl,-rpath,"$d/openssl/lib64" &&
      make -j"$jobs" && make install_sw) >"$d/openssl-build.log" 2>&1 ||
      { tail -20 "$d/openssl-build.log"; exit 1; }
  fi
  libdir=$d/openssl/lib
  [ -d "$d/openssl/lib64" ] && libdir=$d/openssl/lib64
  export LD_LIBRARY_PATH=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  osslv=$("$d/openssl/bin/openssl" version)
  # 2. CPython on it.
  py=$d/cpython/bin/python3
  if ! "$py" -c 'import ssl' 2>/dev/null; then
    echo "[$s] building CPython on $osslv" >&2
    rm -rf "$d/cpython-src" && mkdir -p "$d/cpython-src"
    tar -xJf "$(tarball)" -C "$d/cpython-src" --strip-components=1
    (cd "$d/cpython-src" &&
      ./configure --prefix="$d/cpython" --with-openssl="$d/openssl" --with-openssl-rpath=auto &&
      make -j"$jobs" && make install) >"$d/cpython-build.log" 2>&1 ||
      { tail -30 "$d/cpython-build.log"; exit 1; }
  fi
  minor=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  "$py" -c 'import ssl; print(ssl.OPENSSL_VERSION)' >&2
  # 2b. The error-name table pyssl compiles in for this series (src/error_names.rs) must be
  # the one compiled into this CPython.
  label=$(crate_of "$s"); label=${label##*=}
  case $label in 111.28.2) label=1.1.1w ;; 300.6.1) label=3.6.3 ;; esac
  tables=same
  (cd "$root" && python3 tools/gen_error_names.py --check --cpython-src "$(tarball)" \
    --interpreter "$label=$py") >"$d/error-names.log" 2>&1 || tables="DIFFERENT (see $d/error-names.log)"
  # 3. Its goldens: the three files tools/make-golden.sh records per release.
  mkdir -p "$d/golden"
  (cd "$root" && env -u SSLKEYLOGFILE "$py" tools/oracle.py >"$d/golden/oracle-$minor.json")
  (cd "$root" && env -u SSLKEYLOGFILE "$py" tools/bad_input_oracle.py >"$d/golden/bad_input-$minor.json")
  (cd "$root" && "$py" tools/certs_oracle.py >"$d/golden/certs_decode-$minor.json")
  # 4. pyssl on the same libraries, judged by them.
  echo "[$s] building and testing pyssl on $osslv" >&2
  rc=0
  static=0
  ls "$libdir"/libssl.so* >/dev/null 2>&1 || static=1
  (cd "$root" && OPENSSL_DIR="$d/openssl" OPENSSL_LIB_DIR="$libdir" OPENSSL_STATIC=$static CARGO_TARGET_DIR="$d/target" \
    PYSSL_GOLDEN_DIR="$d/golden" PYSSL_SAME_OPENSSL_PYTHON="$py" cargo test --workspace --exclude pyssl-conformance --no-fail-fast) \
    >"$d/test.log" 2>&1 || rc=$?
  passed=$(awk '/test result/{p+=$4} END {print p+0}' "$d/test.log")
  failed=$(awk '/test result/{f+=$6} END {print f+0}' "$d/test.log")
  builds=yes
  grep -q "could not compile" "$d/test.log" && builds=no
  # 5. The comparisons with this CPython's own goldens: the differences the golden
  # tests print for its release.
  diffs=$(grep -E "^[[:space:]]*$minor[ :]" "$d/test.log" | grep -cv " compared" || true)
  if [ "$tables" != same ] || [ "$builds" != yes ] || [ "$rc" != 0 ] || [ "$failed" != 0 ] || [ "$diffs" != 0 ]; then
    strict_failed+=("$s")
    grep -E "^test .* FAILED$|panicked at|^[[:space:]]*$minor[ :]" "$d/test.log" | grep -v " compared" | head -n 60 >&2 || true
  fi
  summary+=("$s ($osslv): error-name table $tables as CPython's; builds $builds; own tests $passed passed, $failed failed (exit $rc); CPython $minor on it: goldens in $d/golden, $diffs lines of $minor differences in $d/test.log")
done
printf '%s\n' "${summary[@]}"
if [ "${MATRIX_STRICT:-0}" = 1 ] && [ ${#strict_failed[@]} -gt 0 ]; then
  echo "openssl-matrix: rows not clean: ${strict_failed[*]} (logs under $out_root)" >&2
  exit 1
fi

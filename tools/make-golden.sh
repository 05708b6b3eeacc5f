#!/usr/bin/env bash
# Regenerates tests/golden/oracle-3.X.json, bad_input-3.X.json, certs_decode-3.X.json (one per
# CPython 3.6 … 3.14 from pyenv) and tests/data/cpython/3.X/ (the CPython test certificates the
# oracle's `misuse` cases load), so the golden tests do not need pyenv.
#   bash tools/make-golden.sh            # all nine releases
#   bash tools/make-golden.sh 3.14.7     # only the named pyenv versions
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
oracle="$here/tools/oracle.py"
files="ssl_cert.pem pycakey.pem keycert.pem ssl_key.pem badcert.pem badkey.pem nullcert.pem keycert.passwd.pem pycacert.pem revocation.crl ffdh3072.pem keycert3.pem keycert4.pem keycertecc.pem allsans.pem nosan.pem"
versions=${*:-3.6.15 3.7.16 3.8.18 3.9.18 3.10.13 3.11.7 3.12.1 3.13.0 3.14.7}
for v in $versions; do
  minor=${v%.*}
  py="$(pyenv prefix "$v")/bin/python3"
  env -u SSLKEYLOGFILE "$py" "$oracle" > "$here/tests/golden/oracle-$minor.json"
  certdir=$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["interpreter"]["certdir_own"])' "$here/tests/golden/oracle-$minor.json")
  dest="$here/tests/data/cpython/$minor"
  rm -rf "$dest"; mkdir -p "$dest"
  for f in $files; do [ -e "$certdir/$f" ] && cp "$certdir/$f" "$dest/"; done
  [ -d "$certdir/capath" ] && cp -r "$certdir/capath" "$dest/"
  (cd "$here" && env -u SSLKEYLOGFILE "$py" tools/bad_input_oracle.py > "tests/golden/bad_input-$minor.json")
  (cd "$here" && "$py" tools/certs_oracle.py > "tests/golden/certs_decode-$minor.json")
  echo "$v -> tests/golden/oracle-$minor.json, $(ls "$dest" | wc -l) cert files"
done

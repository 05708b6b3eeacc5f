#!/usr/bin/env python3
"""_ssl._test_decode_cert on every PEM file of the repo's certs/.

Prints {file name: {"ok": dict} | {"error": {"type", "str"}}}; run from the
repo root under each CPython (tools/make-golden.sh does):
    python3 tools/certs_oracle.py > tests/golden/certs_decode-3.X.json
"""
import glob
import json
import os
import sys

import _ssl

here = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "certs"))
out = {}
for p in sorted(glob.glob(os.path.join(here, "*.pem")) + glob.glob(os.path.join(here, "*.key"))):
    try:
        out[os.path.basename(p)] = {"ok": _ssl._test_decode_cert(p)}
    except Exception as e:  # noqa
        out[os.path.basename(p)] = {"error": {"type": type(e).__name__, "str": str(e)}}
json.dump(out, sys.stdout, indent=1, sort_keys=True)
sys.stdout.write("\n")

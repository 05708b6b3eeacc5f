"""Compares test_ssl's results with the shim and with the real _ssl.

Usage: compare.py OUT_DIR EXCLUDED_TXT RELEASE...

Reads OUT_DIR/<release>/{shim,real}.xml (regrtest's --junit-xml), prints one
line per release and the summary line, and exits 0 only when, for every
release, every test that passes with the real _ssl passes with the shim
(or is listed in EXCLUDED_TXT for that release, with its reason).
"""

import sys
import xml.etree.ElementTree as ET


def outcomes(path):
    """{test id: 'passed' | 'failed' | 'error' | 'skipped'}; None if no XML."""
    try:
        tree = ET.parse(path)
    except (OSError, ET.ParseError):
        return None
    result = {}
    for case in tree.iter("testcase"):
        name = case.get("name")
        tags = {child.tag for child in case}
        if "error" in tags:
            outcome = "error"
        elif "failure" in tags:
            outcome = "failed"
        elif "skipped" in tags or case.get("status") == "skipped":
            outcome = "skipped"
        else:
            outcome = "passed"
        # A test with failing subtests appears more than once: keep the worst.
        rank = ["passed", "skipped", "failed", "error"]
        if name in result and rank.index(result[name]) > rank.index(outcome):
            continue
        result[name] = outcome
    return result


def counts(res):
    c = {"passed": 0, "failed": 0, "error": 0, "skipped": 0}
    for o in res.values():
        c[o] += 1
    return "{passed:3} passed {failed:2} failed {error:2} errors {skipped:2} skipped".format(**c)


def excluded(path):
    """{(release minor 'X.Y', test id): reason} from lines 'X.Y test.id  reason'."""
    found = {}
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError:
        return found
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 2)
        if len(parts) < 3:
            sys.exit("excluded.txt: a line needs a release, a test and a reason: " + line)
        found[(parts[0], parts[1])] = parts[2]
    return found


def main():
    out, excl_path, releases = sys.argv[1], sys.argv[2], sys.argv[3:]
    excl = excluded(excl_path)
    at_parity = 0
    good = total = 0
    for release in releases:
        minor = ".".join(release.split(".")[:2])
        shim = outcomes(f"{out}/{release}/shim.xml")
        real = outcomes(f"{out}/{release}/real.xml")
        try:
            secs = open(f"{out}/{release}/seconds").read().strip() + " s"
        except OSError:
            secs = "?"
        if shim is None or real is None:
            missing = "shim" if shim is None else "real"
            print(f"{release:8} no result from the {missing} run (see {out}/{release}/{missing}.log)")
            continue
        must = [t for t, o in real.items() if o == "passed"]
        broken = [t for t in must if shim.get(t) != "passed" and (minor, t) not in excl]
        listed = [t for t in must if shim.get(t) != "passed" and (minor, t) in excl]
        total += len(must)
        good += len(must) - len(broken) - len(listed)
        verdict = "parity" if not broken else f"{len(broken)} behind"
        if listed:
            verdict += f" ({len(listed)} excluded)"
        print(f"{release:8} shim: {counts(shim)} | real: {counts(real)} | {verdict} [{secs}]")
        for t in broken:
            print(f"         {shim.get(t, 'missing')}: {t}")
        if not broken:
            at_parity += 1
    print(f"test_ssl: {at_parity}/{len(releases)} versions at parity ({good}/{total} tests)")
    return 0 if at_parity == len(releases) and releases else 1


if __name__ == "__main__":
    sys.exit(main())

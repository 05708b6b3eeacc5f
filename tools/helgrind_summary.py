"""Groups a helgrind log's race reports, for tools/stress.sh.

Each report has two stacks, the racing access and the conflicting earlier
one. A report whose racing access (either stack's innermost frames) is inside
Rust's standard library (`std::`, `core::`, `alloc::`: channels, barriers,
thread handles, whose futex-based synchronisation helgrind cannot see) is
counted under `std:`; otherwise, one with a frame of pyssl's own code
(`pyssl::`) in either stack under `pyssl:` (these are what must be zero);
the rest under `elsewhere:`. Prints one line per group, most frequent first,
then `races N, in pyssl's code M`."""
import re
import sys

STD = re.compile(r"(^|[<(, ])(std|core|alloc)::|^(unpark|memmove)\b")

log = open(sys.argv[1], encoding="utf-8", errors="replace").read()
groups = {}
for b in re.split(r"\n==\d+== -{20,}\n", log):
    if "Possible data race" not in b:
        continue
    stacks = []
    state = "out"
    for line in b.split("\n"):
        text = re.sub(r"^==\d+==", "", line)
        frame = re.match(r"\s*(?:at|by) 0x[0-9A-F]+: (.+?)(?: \(|$)", text)
        if re.match(r"\s*(Possible data race|This conflicts with)", text):
            state = "header"
        elif state == "header" and frame:
            state = "stack"
            stacks.append([frame.group(1)])
        elif state == "stack" and frame:
            stacks[-1].append(frame.group(1))
        elif state == "stack":
            state = "out"
    firsts = [s[0] for s in stacks if s]
    ours = [f for s in stacks for f in s if f.startswith("pyssl::")]
    # In std when the access's innermost frames (inlined helpers such as
    # atomics carry no path of their own) belong to std.
    std = [s[0] for s in stacks if any(STD.search(f) for f in s[:4])]
    if std:
        key = "std: " + std[0]
    elif ours:
        key = "pyssl: " + ours[0]
    else:
        key = "elsewhere: " + (firsts[0] if firsts else "?")
    groups[key] = groups.get(key, 0) + 1
for k, v in sorted(groups.items(), key=lambda x: -x[1]):
    print("%5d  %s" % (v, k[:160]))
ours = sum(v for k, v in groups.items() if k.startswith("pyssl: "))
print("races %d, in pyssl's code %d" % (sum(groups.values()), ours))

"""Groups a helgrind log's race reports by where they are, for
tools/stress.sh: each report is counted under the first frame of pyssl's
own code (`pyssl::`) in either of the two racing accesses' stacks, or else
under its first frame. Prints one line per group, most frequent first, then
`races N, in pyssl's code M`."""
import re
import sys

log = open(sys.argv[1], encoding="utf-8", errors="replace").read()
blocks = re.split(r"\n==\d+== -{20,}\n", log)
groups = {}
for b in blocks:
    if "Possible data race" not in b and "lock order" not in b:
        continue
    # Only the two racing accesses' stacks: not where the memory came from,
    # nor where the locks then held were first seen.
    frames = []
    state = "out"  # out -> header (blank / "Locks held" lines) -> stack
    for line in b.split("\n"):
        text = re.sub(r"^==\d+==", "", line)
        frame = re.match(r"\s*(?:at|by) 0x[0-9A-F]+: (.+?)(?: \(|$)", text)
        if re.match(r"\s*(Possible data race|This conflicts with)", text):
            state = "header"
        elif state == "header" and frame:
            state = "stack"
            frames.append(frame.group(1))
        elif state == "stack" and frame:
            frames.append(frame.group(1))
        elif state == "stack":
            state = "out"
    ours = [f for f in frames if f.startswith("pyssl::")]
    key = ("pyssl: " + ours[0]) if ours else ("elsewhere: " + (frames[0] if frames else "?"))
    groups[key] = groups.get(key, 0) + 1
for k, v in sorted(groups.items(), key=lambda x: -x[1]):
    print("%5d  %s" % (v, k[:160]))
ours = sum(v for k, v in groups.items() if k.startswith("pyssl: "))
print("races %d, in pyssl's code %d" % (sum(groups.values()), ours))

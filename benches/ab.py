#!/usr/bin/env python3
"""Two builds of isoaudit compared on `map DIR --format json`, run in turn (A, B, then B, A,
and so on, so that neither always runs first): medians of wall and CPU time (user + system,
getrusage), and whether the two JSON outputs are byte-identical (they must be, for a change
that only makes the work faster).

    benches/ab.py PAIRS DIR BIN_A BIN_B [THREADS]

THREADS sets RAYON_NUM_THREADS for both. The figures of a change in the README's Performance
section were taken this way, ten pairs or so on this VM, whose speed wanders over minutes.
"""
import filecmp
import os
import resource
import statistics as st
import subprocess
import sys
import tempfile
import time


def main() -> None:
    n, d, a, b = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    env = dict(os.environ)
    if len(sys.argv) > 5:
        env["RAYON_NUM_THREADS"] = sys.argv[5]
    res = {"A": [], "B": []}
    with tempfile.TemporaryDirectory() as tmp:
        out = {x: os.path.join(tmp, f"{x}.json") for x in "AB"}
        for i in range(n):
            order = (("A", a), ("B", b)) if i % 2 == 0 else (("B", b), ("A", a))
            for x, binary in order:
                r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
                t0 = time.perf_counter()
                cmd = [binary, "map", d, "--format", "json", "-o", out[x], "--force", "-q"]
                subprocess.run(cmd, env=env, check=True)
                t = time.perf_counter() - t0
                r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime
                res[x].append((t, cpu))
        same = filecmp.cmp(out["A"], out["B"], shallow=False)
    for x in "AB":
        walls = [w for w, _ in res[x]]
        cpus = [c for _, c in res[x]]
        print(f"{x} wall {st.median(walls):.3f} cpu {st.median(cpus):.3f} (min cpu {min(cpus):.3f}) n={n}")
    ca = st.median(c for _, c in res["A"])
    cb = st.median(c for _, c in res["B"])
    print(f"cpu B/A {cb / ca:.3f} json {'identical' if same else 'DIFFERENT'}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()

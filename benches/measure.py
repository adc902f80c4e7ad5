#!/usr/bin/env python3
"""Run a command RUNS times; print the run of median wall time as "wall_s cpu_s maxrss_kb".

Wall time is taken with a monotonic clock and CPU time (user + system of the command and
its children, GNU time's own 2-3 ms included: `measure.py 9 true` gives 0.002-0.003 s) from
getrusage, both to the microsecond: GNU time prints them to 10 ms, which is 5 % of a 0.2 s
run. Peak RSS still comes from GNU time (`/usr/bin/time -f %M`). A run that fails stops the
script with the command's stderr: a broken case must not pass for a fast one.

    measure.py RUNS COMMAND [ARGS...]
    measure.py RUNS COMMAND [ARGS...] --and COMMAND2 [ARGS...] [--and COMMAND3 ...]

With `--and`, the commands run in turn (first, second, …, first, …) and one line is printed
for each, in order: a ratio of two is then taken under the same conditions. This machine's speed
wanders by a third over minutes; three runs of one command and then three of the other
measured the wandering as much as the commands.
"""
import resource
import subprocess
import sys
import tempfile
import time


def run_once(cmd, rss):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", "-o", rss.name, *cmd],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.stderr.write(f"failed: {' '.join(cmd)}\n")
        sys.stderr.write("\n".join(done.stderr.decode(errors="replace").splitlines()[-5:]) + "\n")
        sys.exit(1)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    rss.seek(0)
    return wall, cpu, int(rss.read().split()[-1])


def main() -> None:
    runs, args = int(sys.argv[1]), sys.argv[2:]
    cmds = [[]]
    for a in args:
        if a == "--and":
            cmds.append([])
        else:
            cmds[-1].append(a)
    results = [[] for _ in cmds]
    with tempfile.NamedTemporaryFile("r") as rss:
        for _ in range(runs):
            for cmd, res in zip(cmds, results):
                res.append(run_once(cmd, rss))
    for res in results:
        res.sort()
        wall, cpu, kb = res[(runs - 1) // 2]
        print(f"{wall:.3f} {cpu:.3f} {kb}")


if __name__ == "__main__":
    main()

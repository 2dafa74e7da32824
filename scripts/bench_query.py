#!/usr/bin/env python3
"""Query latency over a log of rare to very common queries: whole process and in-process, against a baseline.

    scripts/bench_query.py INDEX [--baseline TREE] [--repeat R] [--queries FILE] [--term T ...]

Times each query of the log (``scripts/queries.txt``, the log ``scripts/bench``
runs: rare to very common; or ``--term``s) ``R`` times in this tree
and, with ``--baseline``, in another source tree (a checkout of main) in the same
run, alternating, so that both see the same machine. Whole process: ``python -m
govsearch query`` (wall time, peak RSS). In-process: ``Index.search`` in one
process that opened the index once. Prints the startup (``--version``), p50/p95 of each, the ratio to the
baseline, and the slowest query; then ``query 发展 --limit 0 --json`` and
``--csv`` and ``export``, ``R`` times each (the median time, the peak RSS, and
the time a hit beyond that of ``query 发展``'s first page).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IN_PROCESS = """
import json, sys, time
import govsearch
index, repeat, terms = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
times = {t: [] for t in terms}
with govsearch.Index(index) as ix:
    for _ in range(repeat):
        for term in terms:
            started = time.perf_counter()
            ix.search(term, limit=20)
            times[term].append(time.perf_counter() - started)
print(json.dumps(times))
"""


def run(tree, argv):
    """Wall seconds and peak RSS (MB) of one whole process run with ``tree`` first on the path."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=tree)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(argv)}\n{err}")
    return seconds, usage.ru_maxrss / 1024


def percentiles(values):
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index")
    parser.add_argument("--baseline", help="another source tree to time the same way (e.g. a checkout of main)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--queries", default=str(ROOT / "scripts" / "queries.txt"))
    parser.add_argument("--term", action="append", dest="terms")
    args = parser.parse_args()
    index = str(Path(args.index).absolute())
    terms = args.terms or [q for q in Path(args.queries).read_text(encoding="utf-8").splitlines() if q.strip()]
    trees = {"this": ROOT, **({"baseline": Path(args.baseline).absolute()} if args.baseline else {})}
    python = sys.executable
    whole = {name: {t: [] for t in terms} for name in trees}
    peak = {name: 0.0 for name in trees}
    startup = {name: [] for name in trees}
    for _ in range(args.repeat):
        for name, tree in trees.items():
            startup[name].append(run(tree, [python, "-m", "govsearch", "--version"])[0])
        for term in terms:
            for name, tree in trees.items():
                seconds, mb = run(tree, [python, "-m", "govsearch", "--index", index, "query", term,
                                         "--color", "never"])
                whole[name][term].append(seconds)
                peak[name] = max(peak[name], mb)
    inside = {}
    for name, tree in trees.items():
        out = subprocess.run([python, "-c", IN_PROCESS, index, str(args.repeat), json.dumps(terms)],
                             env={**os.environ, "PYTHONPATH": str(tree)}, cwd=tree, capture_output=True,
                             text=True, check=True).stdout
        inside[name] = json.loads(out)
    print(f"{len(terms)} queries × {args.repeat}; {os.cpu_count()} cores; index {index}")
    for name in trees:
        print(f"{name + ' startup':<26} p50 {statistics.median(startup[name]) * 1000:7.1f} ms  "
              "(python -m govsearch --version: the floor of a whole process)")
        report(f"{name} whole process", whole[name], peak[name])
        report(f"{name} in-process", inside[name])
    if "baseline" in trees:
        for label, samples in (("whole process", whole), ("in-process", inside)):
            ours, theirs = (percentiles(sum(samples[n].values(), [])) for n in ("this", "baseline"))
            print(f"ratio {label}: p50 {ours[0] / theirs[0]:.2f}, p95 {ours[1] / theirs[1]:.2f}")
    hits, passages = _counts(python, index)
    for label, argv, count in (("query 发展 --limit 0 --json", ["query", "发展", "--limit", "0", "--json"], hits),
                               ("query 发展 --limit 0 --csv", ["query", "发展", "--limit", "0", "--csv"], hits),
                               ("export", ["export"], passages)):
        for name, tree in trees.items():
            floor = statistics.median(run(tree, [python, "-m", "govsearch", "--index", index, "query", "发展",
                                                 "--color", "never"])[0] for _ in range(args.repeat))
            runs = [run(tree, [python, "-m", "govsearch", "--index", index, *argv]) for _ in range(args.repeat)]
            seconds, mb = statistics.median(s for s, _ in runs), max(m for _, m in runs)
            print(f"{name:<9} {label:<28} {seconds:7.2f} s {mb:6.0f} MB  {(seconds - floor) / count * 1e6:5.1f} µs "
                  f"a hit beyond a first page ({floor * 1000:.0f} ms; {count:,} hits; medians of {args.repeat})")


def _counts(python, index):
    """How many hits 发展 has, and how many passages ``export`` writes."""
    def answer(*argv):
        return json.loads(subprocess.run([python, "-m", "govsearch", "--index", index, *argv, "--json"], cwd=ROOT,
                                         capture_output=True, text=True, check=True).stdout)
    return answer("query", "发展", "--limit", "1")["total"], answer("stats")["passages"]


def report(label, samples, peak_mb=None):
    p50, p95 = percentiles(sum(samples.values(), []))
    slowest = max(samples, key=lambda t: statistics.median(samples[t]))
    memory = f"  peak {peak_mb:.0f} MB" if peak_mb else ""
    print(f"{label:<26} p50 {p50 * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms{memory}  "
          f"slowest {slowest} {statistics.median(samples[slowest]) * 1000:.0f} ms")


if __name__ == "__main__":
    main()

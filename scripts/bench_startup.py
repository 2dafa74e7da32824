#!/usr/bin/env python3
"""Start-up cost of a whole process: wall time and ``-X importtime`` totals, against a baseline tree.

    scripts/bench_startup.py INDEX [--baseline TREE] [--runs N] [--term T]

Runs ``python -m govsearch --version``, ``--help`` and ``--index INDEX query T
--limit 20 --color never`` N times each (default 15) in this tree and, with
``--baseline``, in another source tree (a checkout of main), alternating, so that
both see the same machine. Each process runs in an empty folder with its tree
first on the path (``python -m`` puts the working folder first: run from a tree,
it would import that tree). Prints, per tree and command, the minimum and median
wall time, and the median over 5 runs of ``-X importtime``: the total of the
top-level imports and govsearch's own modules (their self time; without a
bytecode cache, as under ``PYTHONDONTWRITEBYTECODE``, that includes compiling them).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMPORTTIME_RUNS = 5


def commands(index, term):
    return {"--version": ["--version"], "--help": ["--help"],
            f"query {term}": ["--index", index, "query", term, "--limit", "20", "--color", "never"]}


def run(tree, argv, folder, importtime=False):
    """Wall seconds of one process, or with ``importtime`` its ``-X importtime`` report."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    flags = ["-X", "importtime"] if importtime else []
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, *flags, "-m", "govsearch", *argv], env=env, cwd=folder,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"failed: {' '.join(argv)}\n{proc.stderr}")
    return proc.stderr if importtime else seconds


def import_totals(report):
    """``(all, govsearch)`` milliseconds of an importtime report: top-level cumulative, govsearch's self."""
    top = own = 0
    for line in report.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        self_us, cumulative_us, name = line[len("import time:"):].split("|")
        if not self_us.strip().isdigit():
            continue  # the header
        if not name.startswith("  "):
            top += int(cumulative_us)
        if name.strip().split(".")[0] == "govsearch":
            own += int(self_us)
    return top / 1000, own / 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index")
    parser.add_argument("--baseline", help="another source tree to time the same way (e.g. a checkout of main)")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--term", default="托育")
    args = parser.parse_args()
    trees = {"this": ROOT, **({"baseline": Path(args.baseline).absolute()} if args.baseline else {})}
    argvs = commands(str(Path(args.index).absolute()), args.term)
    wall = {(name, label): [] for name in trees for label in argvs}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.runs):
            for label, argv in argvs.items():
                for name, tree in trees.items():
                    wall[name, label].append(run(tree, argv, folder))
        imports = {key: [import_totals(run(trees[key[0]], argvs[key[1]], folder, importtime=True))
                         for _ in range(IMPORTTIME_RUNS)] for key in wall}
    cache = "off (PYTHONDONTWRITEBYTECODE)" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "on"
    print(f"{args.runs} runs each; {os.cpu_count()} cores; load {os.getloadavg()[0]:.1f}; bytecode cache {cache}")
    for (name, label), samples in wall.items():
        top, own = (statistics.median(values) for values in zip(*imports[name, label]))
        print(f"{name:<9} {label:<14} min {min(samples) * 1000:6.1f} ms  median {statistics.median(samples) * 1000:6.1f}"
              f" ms   importtime {top:6.1f} ms, govsearch's own {own:5.1f} ms")


if __name__ == "__main__":
    main()

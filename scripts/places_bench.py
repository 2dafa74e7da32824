#!/usr/bin/env python3
"""What the division table costs: its first load, a resolve, and a --district query against none.

    python scripts/places_bench.py [FOLDER ...] [--repeat R]

Each figure is the median (and p95) of R runs. The table load is timed in fresh
processes (it is cached within one); the queries on an index of the folders
(default: seeds/ and, when present, ../shared/samples/), built once in a temporary folder.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import govsearch  # noqa: E402

LOAD = ("import time; from govsearch import places; t = time.perf_counter(); places.resolve('江苏'); "
        "print(time.perf_counter() - t)")
IMPORT = "import time; t = time.perf_counter(); import govsearch.search; print(time.perf_counter() - t)"


def in_fresh_process(code, repeat):
    return [float(subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                                 check=True).stdout) for _ in range(repeat)]


def timed(func, repeat):
    found = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        found.append(time.perf_counter() - start)
    return found


def show(label, seconds):
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"{label:44} median {statistics.median(seconds) * 1000:8.1f} ms   p95 {p95 * 1000:8.1f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args()
    folders = args.folders or [p for p in (ROOT / "seeds", ROOT.parent / "shared" / "samples") if p.is_dir()]
    show("import govsearch.search (table not loaded)", in_fresh_process(IMPORT, args.repeat))
    show("first resolve in a process (reads the table)", in_fresh_process(LOAD, args.repeat))
    with tempfile.TemporaryDirectory() as tmp:
        govsearch.Index.create(Path(tmp) / "ix").update(folders)
        with govsearch.Index(Path(tmp) / "ix") as ix:
            print(f"index: {ix.stats().passages} passages from {', '.join(map(str, folders))}")
            for label, filters in (("query 营商环境", {}), ("query 营商环境 --district 江苏", {"district": "江苏"}),
                                   ("query 营商环境 --district 常州", {"district": "常州"}),
                                   ("query 营商环境 --level 省", {"level": "省"})):
                ix.search("营商环境", **filters)  # warm: the corpus and the table are read once per process
                show(label, timed(lambda: ix.search("营商环境", **filters), args.repeat))


if __name__ == "__main__":
    main()

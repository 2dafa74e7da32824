"""``scripts/bench --cluster``: the build on a Dask cluster of this machine against the local pool, in one run.

Starts ``dask scheduler`` and ``dask worker --nworkers 2 --nthreads 1`` on
loopback (tests/dask_cluster.py), builds the corpus with the local pool and then
with ``--cluster``, and prints each build's wall time, the CPU of the ``index``
process (the client: the commits, the blocks, the copies) and of the workers,
peaks, and whether the two exports are the same. Then, in this process, the CPU
of each document's task (``build._prepare``) and of writing its segment
(``build._write_segments``): how the build would scale with more workers.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_TICK = os.sysconf("SC_CLK_TCK")


def _cpu(pids):
    """CPU seconds of the processes ``pids`` so far."""
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / _TICK
    return total


def _peak_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM")) / 1024


def _export(index_dir):
    out = subprocess.run([sys.executable, "-m", "govsearch", "--index", str(index_dir), "export"],
                         capture_output=True, check=True)
    return sorted(out.stdout.splitlines())


def make_scans(folder, documents=3, pages=4):
    """``documents`` image-only PDFs of ``pages`` scanned pages each (tests/scan_fixtures.py), in ``folder``."""
    sys.path.insert(0, str(ROOT / "tests"))
    import scan_fixtures

    paragraphs = scan_fixtures.seed_paragraphs("000")
    for n in range(documents):
        typeset = scan_fixtures.Typeset(paragraphs[0], paragraphs[1 + n:1 + n + 3 * pages], lines_per_page=16)
        scanned = [scan_fixtures.scan(page, seed=n * pages + k) for k, page in enumerate(typeset.pages[:pages])]
        scan_fixtures.save_pdf(scanned, Path(folder) / f"{n:03d}_扫描件.pdf")
    return documents, documents * pages


def run(corpus, tmp, measure, load, scans=False):
    """Both builds of ``corpus`` (``measure`` is bench's ``run``), then, on text, the per-document profile."""
    sys.path.insert(0, str(ROOT / "tests"))
    from dask_cluster import LocalDask

    def build(index_dir, *extra):
        cpu = []
        seconds, peak = measure([sys.executable, "-m", "govsearch", "--index", str(index_dir), "index",
                                 "--rebuild", str(corpus), *extra], sample=True, cpu=cpu)
        return seconds, cpu[0], peak

    local = build(tmp / "local-ix")
    print(f"build local pool   {local[0]:7.1f} s  ({local[1]:6.1f} CPU s)  peak {local[2]:5.0f} MB (all processes)"
          f"   {load()}", flush=True)
    with LocalDask(tmp / "dask") as dask:
        pids = list(dask.worker_pids().values())
        before = _cpu(pids)
        cluster = build(tmp / "cluster-ix", "--cluster", dask.address)
        workers = _cpu(pids) - before
        peaks = [_peak_mb(pid) for pid in pids]
    print(f"build --cluster    {cluster[0]:7.1f} s  (index process {cluster[1]:6.1f} CPU s, 2 workers "
          f"{workers:6.1f} CPU s)  peak {cluster[2]:5.0f} MB index process, {max(peaks):5.0f} MB a worker"
          f"   {load()}", flush=True)
    print(f"ratio --cluster / local: {cluster[0] / local[0]:.2f} (wall), "
          f"{(cluster[1] + workers) / local[1]:.2f} (CPU); same export: {_export(tmp / 'local-ix') == _export(tmp / 'cluster-ix')}")
    if not scans:
        profile(corpus)


def profile(corpus):
    """CPU of each document's task and of writing the segments, in this process: what a worker does."""
    from whoosh import index as whoosh_index

    from govsearch import analysis, build, schema

    analysis.segmenter()
    files = sorted(p for p in Path(corpus).iterdir() if p.is_file())
    times, prepared = [], []
    for path in files:
        started = time.process_time()
        prepared.append(build._prepare((str(path), None, None, None, None)))
        times.append(time.process_time() - started)
    started = time.process_time()
    with tempfile.TemporaryDirectory() as tmp:
        build._write_segments(whoosh_index.create_in(tmp, schema.schema()), tmp, 256, prepared)
    writing = time.process_time() - started
    tasks = sum(times)
    print(f"per document task: {statistics.median(times) * 1000:.0f} ms median, {tasks / len(files) * 1000:.0f} ms "
          f"mean ({len(files)} files); writing the segments {writing / len(files) * 1000:.0f} ms a document: "
          f"{writing / (writing + tasks):.0%} of the workers' CPU")

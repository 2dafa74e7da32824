#!/usr/bin/env python3
"""Load test of ``govsearch serve``: concurrent clients over loopback for a bounded time, with an index update
in the middle; every answer must be a 200.

    python scripts/load_serve.py INDEX CORPUS [--clients 16] [--seconds 60] [--max-requests 20000]
                                 [--no-update]

Starts ``govsearch serve`` on a free port of 127.0.0.1 over INDEX (a separate
process, as a user runs it) and ``--clients`` threads, each asking in turn, as
fast as answers come: the search page, ``/api/search``, ``/compare`` (by place
and year), ``/api/compare``, ``/export.csv`` of a rare query, a passage page and
its document page. Half-way it runs ``govsearch index CORPUS NEW`` (NEW: a
folder made here with one report holding a word no other does) and, from the
moment it ends, checks that the very next search finds the new report. Stops after
``--seconds`` or ``--max-requests``, whichever comes first, and prints
requests/s, errors, p50 / p95 / max overall and per route. Only loopback is used.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["发展", "经济", "营商环境", "新质生产力", "政协委员", "托育", "乡村振兴 科技创新", "高质量发展",
           "民生实事", "低空经济", "养老 服务", "人工智能", "数字经济"]
RARE = ["托育", "低空经济", "人工智能", "新质生产力"]
NEW_MARK = f"载荷试验{random.randrange(10 ** 8):08d}号"  # in no report but this run's new one
NEW_REPORT = (f"江西省人民政府工作报告\n\n江西省大力发展低空经济，建设{NEW_MARK}航空产业集群。\n\n"
              "江西省推进乡村振兴，办好民生实事。\n")


def percentile(times, share):
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def fetch(url):
    """``(status, body)``; a refused connection or a timeout is status 0."""
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except (OSError, urllib.error.URLError) as exc:
        return 0, str(exc).encode()


def routes(base, ids):
    """One request of each kind, with a query drawn at random: ``(route name, url)``."""
    q = quote(random.choice(QUERIES))
    passage = random.choice(ids)
    return [
        ("/", f"{base}/?q={q}"),
        ("/api/search", f"{base}/api/search?q={q}"),
        ("/compare", f"{base}/compare?q={q}&by=district&then=year"),
        ("/api/compare", f"{base}/api/compare?q={q}&by=year"),
        ("/export.csv", f"{base}/export.csv?q={quote(random.choice(RARE))}"),
        ("/passage/", f"{base}/passage/{passage}?q={q}"),
        ("/document/", f"{base}/document/{passage.rpartition('-')[0]}?q={q}"),
    ]


class Load:
    def __init__(self, base, ids, deadline, max_requests):
        self.base, self.ids, self.deadline, self.max_requests = base, ids, deadline, max_requests
        self.times = defaultdict(list)
        self.errors = []
        self.count = 0
        self.lock = threading.Lock()

    def client(self, seed):
        random.seed(seed)
        while time.monotonic() < self.deadline:
            for name, url in routes(self.base, self.ids):
                with self.lock:
                    if self.count >= self.max_requests or time.monotonic() >= self.deadline:
                        return
                    self.count += 1
                started = time.perf_counter()
                status, body = fetch(url)
                elapsed = time.perf_counter() - started
                with self.lock:
                    self.times[name].append(elapsed)
                    if status != 200:
                        self.errors.append((name, url, status, body[:200]))


def serve(index):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "govsearch", "--index", str(index), "serve",
                                "--host", "127.0.0.1", "--port", "0"], env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = process.stdout.readline().strip()
    if not line.startswith("Serving on http://127.0.0.1:"):
        process.kill()
        sys.exit(f"the server did not start: {line!r}")
    return process, line.split()[-1]


def update(index, corpus, new, base, report):
    """Index the corpus and the new report; then ask for the new place until it is found, counting requests."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "govsearch", "--index", str(index), "index", str(corpus), str(new)],
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    report["update_s"] = time.perf_counter() - started
    report["update_exit"] = done.returncode
    asked = 0
    while asked < 20:
        asked += 1
        status, body = fetch(f"{base}/api/search?q={quote(NEW_MARK)}")
        if status == 200 and json.loads(body)["total"]:
            break
    report["requests_until_found"] = asked


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index")
    parser.add_argument("corpus", help="the folder the index was built from (given again to the update)")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=20000)
    parser.add_argument("--no-update", action="store_true")
    args = parser.parse_args()

    process, base = serve(args.index)
    report = {}
    try:
        if json.loads(fetch(f"{base}/api/search?q={quote(NEW_MARK)}")[1])["total"]:
            sys.exit(f"{NEW_MARK} is in the index already")
        found = json.loads(fetch(f"{base}/api/search?q={quote('发展')}&limit=200")[1])
        ids = [hit["id"] for hit in found["hits"]]
        started = time.monotonic()
        load = Load(base, ids, started + args.seconds, args.max_requests)
        clients = [threading.Thread(target=load.client, args=(n,)) for n in range(args.clients)]
        for thread in clients:
            thread.start()
        updater = None
        if not args.no_update:
            new = Path(tempfile.mkdtemp(prefix="govsearch-load-"))
            (new / "江西省2026.txt").write_text(NEW_REPORT, encoding="utf-8")
            time.sleep(args.seconds / 2 - 10 if args.seconds > 30 else 0)
            updater = threading.Thread(target=update, args=(args.index, args.corpus, new, base, report))
            updater.start()
        for thread in clients:
            thread.join()
        wall = time.monotonic() - started
        if updater:
            updater.join()
    finally:
        process.terminate()
        process.wait(timeout=30)

    every = [t for times in load.times.values() for t in times]
    print(f"{load.count} requests from {args.clients} clients in {wall:.1f} s: {load.count / wall:.1f}/s; "
          f"errors {len(load.errors)}")
    print(f"{'all':14} p50 {percentile(every, .5) * 1000:7.0f} ms  p95 {percentile(every, .95) * 1000:7.0f} ms  "
          f"max {max(every, default=0) * 1000:7.0f} ms")
    for name, times in sorted(load.times.items()):
        print(f"{name:14} p50 {percentile(times, .5) * 1000:7.0f} ms  p95 {percentile(times, .95) * 1000:7.0f} ms  "
              f"max {max(times) * 1000:7.0f} ms  n {len(times)}")
    if report:
        print(f"update: exit {report['update_exit']} in {report['update_s']:.1f} s; the new report found by "
              f"request {report['requests_until_found']} after it")
    for error in load.errors[:10]:
        print("error:", *error)
    return 1 if load.errors or report.get("update_exit") or report.get("requests_until_found", 1) != 1 else 0


if __name__ == "__main__":
    sys.exit(main())

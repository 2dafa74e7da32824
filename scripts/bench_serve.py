#!/usr/bin/env python3
"""In-server latency of the web routes over an index: p50 and p95 per route, over a query log.

    python scripts/bench_serve.py INDEX [--repeat 5] [--log FILE] [--http]

Each query of the log (default: rare and very common words, 发展 and 经济
among them) is asked of ``/api/search`` (facets included) and of ``/`` (the
first page, rendered), --repeat times in turn, inside the server's process
(``App``, as a request thread runs it: parameters, search, page; no socket), or
with --http through a running server on a free port; then the search page
alone (HTML from a search answered beforehand), the web layer's own share.
Prints p50 and p95 in ms.
"""

import argparse
import os
import statistics
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import govsearch  # noqa: E402
from govsearch.web import backend, pages, params, start  # noqa: E402
from govsearch.web.app import App  # noqa: E402

LOG = ["发展", "经济", "营商环境", "新质生产力", "政协委员", "托育", "5%左右", "1+1+6+N", "乡村振兴 科技创新",
       "高质量发展", "民生实事", "低空经济", "养老 服务", "人工智能", "数字经济"]
ROUTES = ("/api/search", "/")


def percentile(times, share):
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--log", help="a file of queries, one a line")
    parser.add_argument("--http", action="store_true", help="through a server on 127.0.0.1")
    args = parser.parse_args()
    log = [line.strip() for line in open(args.log, encoding="utf-8")] if args.log else LOG
    log = [q for q in log if q]
    ix = govsearch.Index(args.index)
    ix_stats = ix.stats()
    server = start(ix, "127.0.0.1", 0) if args.http else None
    app = App(ix)

    def ask(route, q):
        if server:
            with urllib.request.urlopen(f"{server.url}{route}?{urlencode({'q': q})}") as answer:
                answer.read()
                return answer.status
        return app(route, urlencode({"q": q})).status

    rendered = {}
    try:
        for route in ROUTES:  # warm: the first query of a process loads what later ones reuse
            ask(route, log[0])
        times = {route: [] for route in ROUTES}
        for _ in range(args.repeat):
            for q in log:
                for route in ROUTES:
                    start_time = time.perf_counter()
                    status = ask(route, q)
                    times[route].append(1000 * (time.perf_counter() - start_time))
                    assert status == 200, (route, q, status)
        for q in log:  # the page alone: its search answered once, its HTML made --repeat times
            search = params.Search(q)
            results = backend.search(ix, search)
            rendered[q] = [_timed(lambda: pages.search_page(search, results)) for _ in range(args.repeat)]
    finally:
        if server:
            server.shutdown()
            server.server_close()
        ix.close()
    where = "over HTTP" if args.http else "in-server"
    stats = ix_stats
    print(f"{stats.passages} passages, {stats.documents} documents; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")
    print(f"{len(log)} queries × {args.repeat}, {where}")
    for route, ms in times.items():
        line(route, ms)
    line("page alone", [ms for runs in rendered.values() for ms in runs])


def line(name, ms):
    print(f"{name:12} p50 {statistics.median(ms):7.1f} ms   p95 {percentile(ms, 0.95):7.1f} ms   max {max(ms):7.1f} ms")


def _timed(work):
    start_time = time.perf_counter()
    work()
    return 1000 * (time.perf_counter() - start_time)


if __name__ == "__main__":
    main()

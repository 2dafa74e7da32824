#!/usr/bin/env python3
"""Benchmark: how fast PDFs (and the sample web page) are read, and a folder of PDFs on every core.

    scripts/bench_read.py [--pages 40] [--columns 4] [--repeat 7] [--files 8]

Writes a newspaper-like PDF of ``--pages`` pages of ``--columns`` columns (with
reportlab, as the tests do), then times ``readers.read`` on it ``--repeat`` times
and reports the median and p95. Then reads a folder of ``--files`` such PDFs (10
pages each) in one process and in a pool of one worker per core, as the index
build does, and reports the wall times. The sample PDF and web page in
../shared/samples are timed too when present.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from govsearch import readers  # noqa: E402
from pdf_fixtures import NOTO, Layout, embedded_newspaper, paragraph  # noqa: E402

SAMPLES = ROOT.parent / "shared" / "samples"


def write_pdf(path, pages, columns):
    """A PDF of ``pages`` full pages of ``columns`` columns of 9-pt text (about 2,900 characters a page).

    With an embedded font (Noto Sans CJK through fpdf2) when Debian's fonts-noto-cjk
    is installed, as real reports have; else reportlab's built-in CID font, which
    PDFium must substitute on every page (about 50 ms a page more).
    """
    if NOTO.exists():
        return embedded_newspaper(path, pages, columns)
    layout = Layout(path, columns=columns, size=9, lines_per_column=66, headline="某区政府工作报告全文",
                    masthead="某某日报 2025年1月{n}日 星期四 第{n}版", running_header="要闻")
    n = 0
    while layout.page <= pages:
        n += 1
        layout.add(paragraph(n, clauses=3 + n % 7))
    layout.save()
    return layout.page


def timed(path, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        sources = readers.read(path)
        times.append(time.perf_counter() - started)
    chars = sum(len(s.text) for s in sources)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, chars, sources


def _read(path):
    return sum(len(s.text) for s in readers.read(path))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--columns", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--files", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        big = tmp / "big.pdf"
        write_pdf(big, args.pages, args.columns)
        median, p95, chars, sources = timed(big, args.repeat)
        print(f"{args.pages}-page PDF, {args.columns} columns, {chars} characters read: "
              f"median {median:.3f} s, p95 {p95:.3f} s ({args.repeat} runs)")
        for folder, pattern in (("pdf", "*.pdf"), ("html", "*.htm*")):
            for path in sorted((SAMPLES / folder).glob(pattern)) if (SAMPLES / folder).is_dir() else []:
                median, p95, chars, sources = timed(path, args.repeat)
                pages = len(sources[0].pages) or "-"
                print(f"sample {path.name} ({pages} pages, {chars} characters): "
                      f"median {median:.3f} s, p95 {p95:.3f} s")
        files = []
        for i in range(args.files):
            files.append(tmp / f"f{i}.pdf")
            write_pdf(files[-1], 10, args.columns)
        started = time.perf_counter()
        one = sum(map(_read, files))
        serial = time.perf_counter() - started
        cores = os.cpu_count() or 1
        started = time.perf_counter()
        with Pool(cores) as pool:
            many = sum(pool.map(_read, files))
        pooled = time.perf_counter() - started
        assert one == many
        print(f"folder of {args.files} 10-page PDFs: one process {serial:.2f} s, "
              f"pool of {cores} (one per core, as the index build) {pooled:.2f} s, "
              f"speed-up {serial / pooled:.2f}x")


if __name__ == "__main__":
    main()

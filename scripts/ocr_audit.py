#!/usr/bin/env python3
"""Audit OCR: scans made from the seeds, read back, against the text typeset on them (issue #24).

    python scripts/ocr_audit.py [--dpi 200 150] [--pages N] [--build] [--sample PDF TEXT_PDF]

Scans are made as ``tests/scan_fixtures.py`` makes them (公文 pages typeset from
each seed, turned ±1.5°, dust, a red seal), in a temporary folder: per seed and
resolution an image-only PDF (serif) and page images ``NAME_1.jpg``… (sans). One
line per file:

* ``CER`` — character error rate: the edit distance of the OCR text against the
  typeset text, whitespace removed, over the typeset text's length;
* ``whole`` — the share of the typeset sentences found in one passage (partial
  match ≥ 90 %, so that a wrong character does not count as a cut);
* ``tags`` — the share of passages whose district, year and meeting are those the
  typeset text, read as a text file, gives;
* ``s/page`` — seconds a page, the engine in this process (no cache), and ``cpu/page``
  its CPU seconds: on a shared machine the CPU time is what a page costs.

``--build`` then indexes the folder of scans with ``govsearch index`` (the build's pool,
a page a task) and prints its seconds and CPU seconds a page, the peak of the memory
its processes held together, and the seconds of a ``--rebuild`` after it (from the cache: no OCR).
``--sample PDF TEXT_PDF`` adds a scan whose text is that of a text PDF (e.g.
``../shared/samples/scanned`` against ``../shared/samples/pdf``), over the pages it has.
"""

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from rapidfuzz import fuzz  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402

import scan_fixtures  # noqa: E402
from govsearch import readers, schema  # noqa: E402
from govsearch.readers import ocr  # noqa: E402

TAGS = ("district", "year", "meeting")
_SENTENCE = re.compile(r"[^。！？；]+[。！？；]”?")


def bare(text):
    return re.sub(r"\s", "", text)


def cer(read, typeset):
    return Levenshtein.distance(bare(read), bare(typeset)) / max(1, len(bare(typeset)))


def whole(passages, typeset):
    sentences = [s for paragraph in typeset.split("\n") for s in _SENTENCE.findall(bare(paragraph)) if len(s) >= 6]
    texts = [bare(p.text) for p, _ in passages]
    found = sum(any(fuzz.partial_ratio(s, t) >= 90 for t in texts if len(t) >= 0.8 * len(s)) for s in sentences)
    return found / max(1, len(sentences))


def tag_values(tags):
    return tuple((tags.get("date") or "")[:4] if key == "year" else tags.get(key) or "" for key in TAGS)


def tags_share(passages, twin):
    expected = Counter(tag_values(t) for _, t in twin).most_common(1)[0][0]
    return sum(tag_values(t) == expected for _, t in passages) / max(1, len(passages)), expected


def make(folder, dpi, pages):
    """The scans of each seed at ``dpi``: ``[(path, typeset text, title)]``."""
    made = []
    for n, seed in enumerate(("000", "002")):
        paragraphs = scan_fixtures.seed_paragraphs(seed)
        for font, kind in ((scan_fixtures.SERIF, "pdf"), (scan_fixtures.SANS, "jpg")):
            doc = scan_fixtures.Typeset(paragraphs[0], paragraphs[1:], dpi=dpi, font=font)
            count = min(pages, len(doc.pages))
            scans = [scan_fixtures.scan(p, angle=(-1.5, 0.7, 1.2, -0.4)[i % 4], seed=i + 10 * n)
                     for i, p in enumerate(doc.pages[:count])]
            text = "".join(doc.texts[:count])
            stem = f"seed{seed}-{dpi}dpi-{kind}"
            if kind == "pdf":
                path = scan_fixtures.save_pdf(scans, folder / f"{stem}.pdf", dpi=dpi)
            else:
                sub = folder / stem
                sub.mkdir()
                path = scan_fixtures.save_images(scans, sub, pattern=stem + "_{n}.jpg")[0]
            made.append((path, text, paragraphs[0], count))
    return made


def audit(path, typeset, title, pages):
    started, cpu = time.perf_counter(), time.process_time()
    source = readers.read(path)[0]
    seconds = ((time.perf_counter() - started) / pages, (time.process_time() - cpu) / pages)
    read = schema.tagged(source)
    twin = schema.tagged(readers.Source(str(Path(path).with_suffix(".txt")), typeset, "", "text",
                                        title_hint=title))
    share, expected = tags_share(read, twin)
    return cer(source.text, typeset), whole(read, typeset), share, seconds, expected


def build(folder, pages):
    index = folder / "index"
    times = []
    for again in ([], ["--rebuild"]):
        started, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        process = subprocess.Popen([sys.executable, "-m", "govsearch", "--index", str(index), "index", *again,
                                    str(folder / "scans")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = _peak(process)
        if process.wait():
            sys.exit("the build failed")
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append((time.perf_counter() - started, used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime,
                      peak()))
    (wall, cpu, peak), (again, _, _) = times
    print(f"build over {pages} pages on {os.cpu_count()} cores: {wall / pages:.2f} s/page, {cpu / pages:.2f} CPU s/page, "
          f"peak {peak / 2**30:.2f} GB (all its processes); --rebuild (from the cache, no OCR): {again:.1f} s")


def _peak(process):
    """A function giving the peak of the summed resident memory of ``process`` and its children, sampled."""
    peak = [0]

    def sample():
        while process.poll() is None:
            peak[0] = max(peak[0], _tree_rss(process.pid))
            time.sleep(0.2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    return lambda: (thread.join(), peak[0])[1]


def _tree_rss(root):
    parents, rss = {}, {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry)] = int(stat[1])
                rss[int(entry)] = int(stat[21]) * os.sysconf("SC_PAGE_SIZE")
            except (OSError, IndexError, ValueError):
                continue
    tree, grown = {root}, True
    while grown:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grown = bool(more)
    return sum(rss.get(pid, 0) for pid in tree)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dpi", type=int, nargs="+", default=[200, 150])
    parser.add_argument("--pages", type=int, default=3, help="pages of each seed's scan (default 3)")
    parser.add_argument("--build", action="store_true", help="time a build over the scans, and a second one")
    parser.add_argument("--sample", nargs=2, metavar=("SCAN_PDF", "TEXT_PDF"))
    args = parser.parse_args()
    if not ocr.available():
        sys.exit(ocr.needed("ocr_audit"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "scans"
        folder.mkdir()
        made = [m for dpi in args.dpi for m in make(folder, dpi, args.pages)]
        if args.sample:
            made.append(_sample(*args.sample))
        print(f"{'file':34} {'CER':>6} {'whole':>6} {'tags':>5} {'s/page':>6} {'cpu/page':>8}  district/year/meeting")
        worst = [0, 1, 1, 0, 0]
        for path, typeset, title, pages in made:
            rate, share, tags, (seconds, cpu), expected = audit(path, typeset, title, pages)
            worst = [max(worst[0], rate), min(worst[1], share), min(worst[2], tags), max(worst[3], seconds),
                     max(worst[4], cpu)]
            print(f"{Path(path).name[:34]:34} {rate:6.2%} {share:6.1%} {tags:5.2f} {seconds:6.2f} {cpu:8.2f}  "
                  f"{'/'.join(expected)}")
        print(f"{'worst':34} {worst[0]:6.2%} {worst[1]:6.1%} {worst[2]:5.2f} {worst[3]:6.2f} {worst[4]:8.2f}")
        if args.build:
            build(Path(tmp), sum(m[3] for m in made if str(m[0]).startswith(str(folder))))


def _sample(scan, text_pdf):
    """A real scan and the text of its born-digital PDF, over the scan's pages."""
    import pypdfium2 as pdfium

    from govsearch.readers import pdf

    count = len(pdfium.PdfDocument(scan))
    text, starts, _ = pdf.read_with_rows(Path(text_pdf).read_bytes(), text_pdf)
    end = starts[count] if count < len(starts) else len(text)
    return scan, text[:end], Path(text_pdf).stem, count


if __name__ == "__main__":
    main()

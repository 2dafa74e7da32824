"""The analyst views' benchmark (``scripts/bench --views``): each view's latency over one large index.

    scripts/bench --views [--views-dir DIR] [--scale N] [--repeat R]

Makes ``DIR/corpus`` (N× today's real corpora from the seeds and samples, as
``scripts/bench`` makes them) and builds ``DIR/index`` from it the first time
(reused after; the issue's scale of ≈110 k passages is ``--scale 10``). Then, in one process with
the index open (as the web server holds it), times every view R times and
reports the median and p95, with the ratio to a plain ``query`` (the first 20
hits, ranked) of the same word, measured in the same run; and each view's whole
CLI process once, startup included.
"""

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import govsearch  # noqa: E402

COMMON = "发展"  # in every report


def views(ix, passage_id):
    """``(label, call)`` of each view, and the baseline first."""
    return [
        ("query 发展 (baseline)", lambda: ix.search(COMMON, limit=20)),
        ("compare 发展 --by district --then year", lambda: ix.compare(COMMON, by="district", then="year")),
        ("compare 营商环境 --by province", lambda: ix.compare("营商环境", by="province")),
        ("compare 发展 --by meeting --then body", lambda: ix.compare(COMMON, by="meeting", then="body")),
        ("figures 地区生产总值", lambda: ix.figures("地区生产总值")),
        ("figures GDP --by district --then year", lambda: ix.figures("GDP", by="district", then="year")),
        ("similar ID --limit 10", lambda: ix.similar(passage_id, limit=10)),
        ("terms --district 上海 --year 2026", lambda: ix.terms(district="上海", year="2026")),
        ("terms --district 上海 --vs district=河北", lambda: ix.terms(district="上海", vs={"district": "河北"})),
        ("terms --district 上海 --year 2026 (before)",
         before_tables(ix, lambda: ix.terms(district="上海", year="2026"))),
        ("query 发展 --sort date", lambda: ix.search(COMMON, sort="date")),
        ("query 发展 --files", lambda: ix.files(COMMON)),
        ("query 发展 -C 2", lambda: ix.search(COMMON, context=2)),
        ("query 发展 --offset 1000", lambda: ix.search(COMMON, offset=1000)),
        ("iter_hits 营商环境 (all)", lambda: sum(1 for _ in ix.iter_hits("营商环境"))),
    ]


def before_tables(ix, call):
    """``call`` with the words' index-wide totals looked up as before the blocks' tables of words: one by one,
    in every segment's Whoosh term dictionary (the baseline of ``terms``, measured in the same run)."""
    def run():
        generation = ix._generation
        reader = generation._searcher.reader()
        generation.word_frequencies = lambda words: {w: int(reader.frequency("text", w)) for w in words}
        try:
            return call()
        finally:
            del generation.word_frequencies
    return run


CLI = {
    "compare 发展 --by district --then year": ["compare", COMMON, "--by", "district", "--then", "year"],
    "figures GDP --by district --then year": ["figures", "GDP", "--by", "district", "--then", "year"],
    "terms --district 上海 --year 2026": ["terms", "--district", "上海", "--year", "2026"],
    "similar ID --limit 10": ["similar", "ID", "--limit", "10"],
}


def timed(call, repeat):
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


def p95(samples):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run(folders, scale, repeat, folder, make_corpus):
    folder = Path(folder)
    corpus, index = folder / "corpus", folder / "index"
    if not corpus.is_dir():
        corpus.mkdir(parents=True)
        make_corpus(folders, scale, corpus)
    if not govsearch.index.exists(index):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "govsearch", "--index", str(index), "index", "--rebuild", str(corpus)],
                       check=True, cwd=ROOT)
        print(f"built {index} in {time.perf_counter() - started:.0f} s")
    with govsearch.Index(index) as ix:
        stats = ix.stats()
        passage_id = ix.search("地区生产总值增长", limit=1).hits[0].id
        print(f"views over {index}: {stats.passages:,} passages, {stats.documents:,} documents; "
              f"{repeat} runs each, in one process with the index open")
        timings = {}
        for label, call in views(ix, passage_id):
            call()  # the first call warms the OS cache and Whoosh's
            timings[label] = timed(call, repeat)
    base = statistics.median(timings["query 发展 (baseline)"])
    print(f"{'view':<42} {'median':>9} {'p95':>9} {'÷ query':>8}")
    for label, samples in timings.items():
        median = statistics.median(samples)
        print(f"{label:<42} {median * 1000:7.0f} ms {p95(samples) * 1000:6.0f} ms {median / base:8.1f}")
    print("whole CLI processes (startup included), once each:")
    for label, argv in CLI.items():
        argv = [passage_id if a == "ID" else a for a in argv]
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "govsearch", "--index", str(index), *argv], cwd=ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(f"{label:<42} {(time.perf_counter() - started) * 1000:7.0f} ms")

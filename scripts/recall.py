#!/usr/bin/env python3
"""Recall of govsearch against the naive Whoosh + jieba ChineseAnalyzer setup, on the same passages.

    python scripts/recall.py [FOLDER ...] [--term T ...]

Folders default to seeds/ and, when present, ../shared/samples/. For each term, the
truth is every passage whose text literally contains it (grep); the script counts
how many of those each engine misses.
"""

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from whoosh import index as whoosh_index  # noqa: E402
from whoosh.fields import ID, TEXT, Schema  # noqa: E402
from whoosh.qparser import QueryParser  # noqa: E402

import govsearch  # noqa: E402
from govsearch import readers  # noqa: E402
from govsearch.schema import records  # noqa: E402

TERMS = ["政协委员", "托育", "5%左右", "1+1+6+N", "营商环境", "人大代表", "民生实事", "新质生产力",
         "高质量发展", "信托制", "养老服务", "乡村振兴", "数字经济", "科技创新", "城市更新", "低空经济"]


def passages(folders):
    for path in readers.iter_files(folders):
        try:
            sources = readers.read(path)
        except readers.ReadError as exc:
            print(f"skipped {exc}", file=sys.stderr)
            continue
        for source in sources:
            for record in records(source):
                yield record["id"], record["text"]


def naive_index(folder, rows):
    from jieba.analyse import ChineseAnalyzer

    Path(folder).mkdir()
    ix = whoosh_index.create_in(folder, Schema(id=ID(stored=True), text=TEXT(analyzer=ChineseAnalyzer())))
    with ix.writer() as writer:
        for pid, text in rows:
            writer.add_document(id=pid, text=text)
    return ix


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*")
    parser.add_argument("--term", action="append", dest="terms")
    args = parser.parse_args()
    folders = args.folders or [str(ROOT / "seeds")] + [
        str(p) for p in [ROOT.parent / "shared" / "samples"] if p.is_dir()]
    rows = list(passages(folders))
    print(f"{len(rows)} passages from {', '.join(folders)}")
    with tempfile.TemporaryDirectory() as tmp:
        naive = naive_index(str(Path(tmp) / "naive"), rows)
        govsearch.Index.create(Path(tmp) / "gs").update(folders)
        print(f"{'term':<12}{'grep':>6}{'naive':>8}{'missed':>8}{'govsearch':>11}{'missed':>8}")
        totals = [0, 0, 0]
        with naive.searcher() as searcher, govsearch.Index(Path(tmp) / "gs") as ix:
            for term in args.terms or TERMS:
                truth = {pid for pid, text in rows if term in text}
                q = QueryParser("text", naive.schema).parse(term)
                naive_hits = {hit["id"] for hit in searcher.search(q, limit=None)}
                ours = {hit.id for hit in ix.search(f'"{term}"', limit=0).hits}
                miss_naive, miss_ours = len(truth - naive_hits), len(truth - ours)
                totals = [totals[0] + len(truth), totals[1] + miss_naive, totals[2] + miss_ours]
                print(f"{term:<12}{len(truth):>6}{len(naive_hits & truth):>8}{miss_naive:>8}"
                      f"{len(ours & truth):>11}{miss_ours:>8}")
        grep_total, naive_missed, ours_missed = totals
        print(f"missed: naive {naive_missed}/{grep_total} ({naive_missed / max(grep_total, 1):.1%}), "
              f"govsearch {ours_missed}/{grep_total} ({ours_missed / max(grep_total, 1):.1%})")


if __name__ == "__main__":
    main()

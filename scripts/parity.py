#!/usr/bin/env python3
"""Grep parity on a built index: for each term, the passages the engine matches are exactly those whose text contains it.

    scripts/parity.py INDEX [--term T ...]

Then the same for queries of several terms (``QUERIES``: each term looked for
only among the passages the terms before it matched, and ``-term`` left out).
Every passage is compared (``all_copies``: a copy of another document's text
counts), and the default answer, each text once, with the truth folded as
``copies`` folds it. The truth is computed afresh from every live passage's stored text, normalized
here (``analysis.normalize``), with Python's ``in``; the engine's answer is
``search.matching`` (the bigram candidates, the literal check, the corpus scan).
Prints one line per term and exits 1 on any difference.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

import govsearch  # noqa: E402
from govsearch import analysis, search  # noqa: E402

EVERY = search.Filters(all_copies=True)

TERMS = ["发", "展", "A", "发展", "經濟", "政府", "托育", "5%左右", "1+1+6+N", "营商环境", "政协委员", "新质生产力",
         "高质量发展", "乡村振兴", "科技创新", "低空经济", "民生实事", "碳达峰", "量子信息", "人民代表大会",
         "“十四五”", "的", "发展的", "推动高质量发展取得新成效", "副本7"]

# (query, the terms every passage holds, the terms none holds)
QUERIES = [("乡村振兴 科技创新", ["乡村振兴", "科技创新"], []), ("发展 -经济", ["发展"], ["经济"]),
           ("营商环境 -优化", ["营商环境"], ["优化"]), ("高质量发展 的", ["高质量发展", "的"], []),
           ("托育 养老", ["托育", "养老"], []), ("5%左右 增长 -生产总值", ["5%左右", "增长"], ["生产总值"]),
           ("人大 政协", ["人大", "政协"], [])]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index")
    parser.add_argument("--term", action="append", dest="terms")
    args = parser.parse_args()
    started = time.perf_counter()
    with govsearch.Index(args.index) as ix:
        generation = ix._generation
        texts = [(d, analysis.normalize(generation.stored(d)["text"])) for d in generation.all_docnums().tolist()]
        print(f"{len(texts)} passages read and normalized in {time.perf_counter() - started:.1f} s")
        differ = 0
        for term in args.terms or TERMS:
            wanted = analysis.normalize(term)
            truth = {d for d, text in texts if wanted in text}
            started = time.perf_counter()
            found = set(search.matching(generation, f'"{term}"', EVERY)[1].tolist())
            seconds = time.perf_counter() - started
            same = found == truth and _once_too(generation, f'"{term}"', truth)
            differ += not same
            print(f"{term:<14} {len(truth):>7} passages  {seconds * 1000:7.1f} ms  {_said(found, truth, same)}")
        if not args.terms:
            for query, held, left in QUERIES:
                wanted, unwanted = [analysis.normalize(t) for t in held], [analysis.normalize(t) for t in left]
                truth = {d for d, text in texts if all(w in text for w in wanted) and not any(w in text for w in unwanted)}
                found = set(search.matching(generation, query, EVERY)[1].tolist())
                same = found == truth and _once_too(generation, query, truth)
                differ += not same
                print(f"{query:<14} {len(truth):>7} passages  {_said(found, truth, same)}")
    sys.exit(1 if differ else 0)


def _once_too(generation, query, truth):
    """True when the default answer (each text once) is the truth with its copies folded the same way."""
    folded = generation.once(np.array(sorted(truth), dtype=np.int64))
    return search.matching(generation, query)[1].tolist() == folded.tolist()


def _said(found, truth, same):
    if same:
        return "ok"
    return f"DIFFERENT: {len(found - truth)} extra, {len(truth - found)} missed" if found != truth else \
        "DIFFERENT: copies folded otherwise"


if __name__ == "__main__":
    main()

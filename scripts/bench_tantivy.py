#!/usr/bin/env python3
"""The yardstick: a compiled engine (tantivy) fed the passages of a govsearch index, timed on the same query log.

    scripts/bench_tantivy.py INDEX TARGET [--queries FILE] [--repeat R]

Exports every passage of the govsearch index at INDEX (``Index.passages``) and
indexes it with tantivy (``pip install -e '.[bench]'``; never a dependency of
govsearch) in TARGET: a ``norm`` field of the normalized text (``analysis.normalize``)
cut into character bigrams (given as words), with positions, for literal matching (a string of
two characters or more is the phrase of its bigrams); and ``words``, the jieba
words (``analysis.words``), for BM25 ranking. Each query of the log is parsed as
govsearch parses it (AND of clauses, OR inside one, ``-`` excluded) and answered
with the top 20 by BM25 over the words among the literal matches, and the exact
count of matches. Prints one JSON line: ``build`` (seconds to index, jieba cut
included, and apart), ``size`` (bytes of TARGET), ``open``, ``times`` (seconds
of each query, in process) and ``counts`` (matches per query, for grep parity).
"""

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tantivy  # noqa: E402

import govsearch  # noqa: E402
from govsearch import analysis  # noqa: E402
from govsearch.query import parse  # noqa: E402


def schema():
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("norm", tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("words", tokenizer_name="whitespace")
    return builder.build()


def open_index(folder):
    return tantivy.Index(schema(), path=str(folder))


def bigrams(norm):
    """A normalized text as its bigrams, space-separated: tantivy's n-gram tokenizer gives them no positions."""
    return " ".join(norm[i:i + 2] for i in range(len(norm) - 1))


def build(index_dir, folder):
    """Index every passage of the govsearch index; ``(seconds, seconds cutting words)``."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    index = open_index(folder)
    started = time.perf_counter()
    cutting = 0.0
    writer = index.writer(heap_size=256 << 20)
    with govsearch.Index(index_dir) as ix:
        for passage in ix.passages():
            t = time.perf_counter()
            words = " ".join(analysis.words(passage.text))
            cutting += time.perf_counter() - t
            writer.add_document(tantivy.Document(id=passage.id, norm=bigrams(analysis.normalize(passage.text)),
                                                 words=words))
    writer.commit()
    writer.wait_merging_threads()
    return time.perf_counter() - started, cutting


def literal(index, text):
    """The passages whose normalized text holds ``text`` (normalized, two characters or more): its bigrams in a row."""
    grams = [text[i:i + 2] for i in range(len(text) - 1)]
    if len(grams) == 1:
        return tantivy.Query.term_query(index.schema, "norm", grams[0])
    return tantivy.Query.phrase_query(index.schema, "norm", grams)


def query_of(index, text):
    """govsearch's query ``text`` as a tantivy query: the literal match, and the words ranked (a should clause)."""
    parsed = parse(text)
    clauses = []
    for clause in parsed.clauses:
        anyof = tantivy.Query.boolean_query([(tantivy.Occur.Should, literal(index, t)) for t in clause.terms])
        clauses.append((tantivy.Occur.MustNot if clause.negated else tantivy.Occur.Must, anyof))
    words = {w for clause in parsed.positive for t in clause.terms for w in analysis.words(t)}
    for word in sorted(words):
        clauses.append((tantivy.Occur.Should, tantivy.Query.term_query(index.schema, "words", word)))
    return tantivy.Query.boolean_query(clauses)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index")
    parser.add_argument("target")
    parser.add_argument("--queries", default=str(ROOT / "scripts" / "queries.txt"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    target = Path(args.target)
    seconds, cutting = build(args.index, target)
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    queries = [q.strip() for q in Path(args.queries).read_text(encoding="utf-8").splitlines() if q.strip()]
    started = time.perf_counter()
    index = open_index(target)
    index.reload()
    searcher = index.searcher()
    opened = time.perf_counter() - started
    built = {q: query_of(index, q) for q in queries}  # the query's jieba words cut before timing, as a parsed query
    times, counts = [], {}
    for _ in range(args.repeat):
        for q in queries:
            t = time.perf_counter()
            found = searcher.search(built[q], limit=20, count=True)
            [searcher.doc(address)["id"] for _, address in found.hits]
            times.append(time.perf_counter() - t)
            counts[q] = found.count
    print(json.dumps({"build": seconds, "cutting": cutting, "size": size, "open": opened, "times": times,
                      "counts": counts}, ensure_ascii=False))


if __name__ == "__main__":
    main()

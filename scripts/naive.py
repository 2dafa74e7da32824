#!/usr/bin/env python3
"""The naive setup govsearch is measured against: Whoosh + jieba's ChineseAnalyzer, one passage per paragraph.

    python scripts/naive.py build INDEX_DIR CORPUS_DIR
    python scripts/naive.py query INDEX_DIR TERM

What a developer would write in an afternoon: every non-empty line of every .txt/.md
file is a passage; the query goes through Whoosh's QueryParser with the same analyzer.
"""

import os
import sys

from jieba.analyse import ChineseAnalyzer
from whoosh import index
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import QueryParser


def build(index_dir, corpus):
    os.makedirs(index_dir, exist_ok=True)
    schema = Schema(source=ID(stored=True), text=TEXT(analyzer=ChineseAnalyzer(), stored=True))
    ix = index.create_in(index_dir, schema)
    writer = ix.writer()
    count = 0
    for root, _dirs, files in os.walk(corpus):
        for name in sorted(files):
            if name.endswith((".txt", ".md")):
                path = os.path.join(root, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    for line in f:
                        if line.strip():
                            writer.add_document(source=path, text=line.strip())
                            count += 1
    writer.commit()
    print(f"{count} passages", file=sys.stderr)


def query(index_dir, term):
    ix = index.open_dir(index_dir)
    with ix.searcher() as searcher:
        q = QueryParser("text", ix.schema).parse(term)
        results = searcher.search(q, limit=20)
        results.fragmenter.charlimit = None
        print(f"{len(results)} hits")
        for hit in results:
            print(hit["source"], hit.highlights("text")[:120])


if __name__ == "__main__":
    command, index_dir, arg = sys.argv[1:4]
    build(index_dir, arg) if command == "build" else query(index_dir, arg)

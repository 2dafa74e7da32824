"""Listings of a query's matches other than by rank: by date or place, by document, in document order.

Takes an opened ``index.Generation``, a query string and ``search.Filters``;
gives docnums (with scores) or per-document counts. The matches are always
``search.matching``'s, so totals are ``query``'s.
"""

from collections import Counter
from dataclasses import dataclass

from .. import search

SORTS = ("score", "date", "district")


@dataclass
class DocumentHits:
    """``query --files``: one document and how many of its passages match."""

    source: str
    title: str
    district: str
    date: str
    hits: int

    def to_dict(self):
        return vars(self).copy()


def ordered(index, text, filters, sort, limit, offset):
    """``(parsed, matched, [(docnum, score)])``: every match, and matches ``offset`` to ``offset + limit``
    (0: all) sorted by ``sort``.

    ``date`` puts the newest first, ``district`` sorts by the place's name
    (untagged passages last); ties stay in document order. Scores are
    ``query``'s, computed for the page shown only.
    """
    parsed, matched = search.matching(index, text, filters)
    key = "date" if sort == "date" else "district"
    value_of = index.tag_of(key, matched)
    in_order = index.in_order(matched)
    position = {d: n for n, d in enumerate(in_order)}
    if sort == "date":
        chosen = sorted(matched, key=lambda d: (value_of[d] == "", _descending(value_of[d]), position[d]))
    else:
        chosen = sorted(matched, key=lambda d: (value_of[d] == "", value_of[d], position[d]))
    page = chosen[offset:offset + limit] if limit else chosen[offset:]
    scores = index.score(search.query_words(index, parsed), set(page))
    return parsed, matched, [(d, scores.get(d, 0.0)) for d in page]


def _descending(text):
    """A key sorting strings in reverse (``2024-01-08`` before ``2024``) while ties keep ascending keys."""
    return (*(-ord(c) for c in text), 1)


def every(index, text, filters=None):
    """``(parsed, docnums)``: every match, unranked, in document order."""
    parsed, matched = search.matching(index, text, filters)
    return parsed, index.in_order(matched)


def by_document(index, text, filters=None):
    """``(total, [DocumentHits])``: the documents with matches, most matches first, then by source."""
    _parsed, matched = search.matching(index, text, filters)
    doc_of = index.document_of(matched)
    counts = Counter(doc_of.values())
    first = {}
    for docnum in sorted(matched):
        first.setdefault(doc_of[docnum], docnum)
    found = []
    for doc, n in counts.items():
        stored = index.stored(first[doc])
        found.append(DocumentHits(source=stored["source"], title=stored["title"], district=stored["district"],
                                  date=stored["date"], hits=n))
    found.sort(key=lambda d: (-d.hits, d.source))
    return len(matched), found

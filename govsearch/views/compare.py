"""Compare: a query's matches counted per value of a tag field, and optionally per value of a second.

Takes an opened ``index.Generation``, a query string, ``search.Filters`` and the
fields to count by; gives a ``Comparison``: per value, the passages and documents
that match, the first and last year it was said, the cells of the second field,
and the best passage (the row's first hit in ``query``'s ranking). Matching is
``search.matching``, so each count is what ``query`` counts with the row's value
as a filter; values are read from the index's value ids (``blocks``), never from
stored passages.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Optional

from .. import search
from ..errors import FilterError

FIELDS = ("district", "province", "level", "body", "year", "meeting", "section")
BEST_KEYS = ("id", "score", "source", "title", "date", "snippet", "snippet_matches")


@dataclass
class Row:
    """One value of the ``by`` field: its counts, first and last year, cells, best passage."""

    value: str
    passages: int
    documents: int
    first: Optional[int]
    last: Optional[int]
    cells: dict = field(default_factory=dict)
    best: Optional[dict] = None

    def to_dict(self):
        return {"value": self.value, "passages": self.passages, "documents": self.documents,
                "first": self.first, "last": self.last, "cells": dict(self.cells), "best": self.best}


@dataclass
class Comparison:
    """``compare``: ``total`` matches of ``query``, as ``rows`` by ``by`` (and cells by ``then``)."""

    query: str
    by: str
    then: Optional[str]
    total: int
    rows: list

    @property
    def columns(self):
        """The ``then`` values of every row, in order (years ascending, others by count)."""
        totals = Counter()
        for row in self.rows:
            totals.update(row.cells)
        return sorted(totals, key=column_order(self.then, totals))

    def to_dict(self):
        return {"query": self.query, "by": self.by, "then": self.then, "total": self.total,
                "rows": [row.to_dict() for row in self.rows]}


def check_field(name, option="by"):
    if name not in FIELDS:
        raise FilterError(f"{option} {name!r}: expected one of {', '.join(FIELDS)}")


def check_fields(by, then=None):
    """A table's rows ``by`` and columns ``then``: known fields, and two of them."""
    check_field(by)
    if then:
        check_field(then, "then")
        if then == by:
            raise FilterError(f"by and then are both {by!r}; give then another field")


def compare(index, text, by, then=None, filters=None):
    """The ``Comparison`` of ``text`` by ``by`` (and ``then``) over the passages passing ``filters``."""
    check_fields(by, then)
    parsed, matched = search.matching(index, text, filters)
    value_of = index.tag_of(by, matched)
    column_of = index.tag_of(then, matched) if then else {}
    year_of = index.tag_of("year", matched)
    doc_of = index.document_of(matched)
    members = defaultdict(list)
    for docnum in matched:
        members[value_of[docnum]].append(docnum)
    best = _best(index, parsed, matched, value_of)
    rows = []
    for value, docnums in members.items():
        years = [int(year_of[d]) for d in docnums if year_of[d].isdigit()]
        cells = Counter(column_of[d] for d in docnums) if then else Counter()
        rows.append(Row(value=value, passages=len(docnums), documents=len({doc_of[d] for d in docnums}),
                        first=min(years) if years else None, last=max(years) if years else None,
                        cells=dict(sorted(cells.items(), key=column_order(then, cells))),
                        best=best.get(value)))
    rows.sort(key=_row_order(by))
    return Comparison(query=text, by=by, then=then or None, total=len(matched), rows=rows)


def _best(index, parsed, matched, value_of):
    """``{value: best hit}``: each row's first passage in ``query``'s ranking of all the matches."""
    found = {}
    for docnum, score in search.ranked(index, parsed, matched, 0):
        value = value_of[docnum]
        if value not in found:
            hit = search.hit(index, parsed, docnum, score)
            found[value] = {key: hit[key] for key in BEST_KEYS}
    return found


def column_order(then, counts):
    """The sort key of ``then``'s values: years ascending, others most passages first; untagged ("") last."""
    if then == "year":
        return lambda value: (value == "", value)
    return lambda value: (value == "", -counts[value], value)


def _row_order(by):
    if by == "year":
        return lambda row: (row.value == "", row.value)
    return lambda row: (row.value == "", -row.passages, row.value)

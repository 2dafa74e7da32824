"""Open an index for the web scripts: ``govsearch.Index`` when the library has it, else a stand-in.

The stand-in keeps the ``govsearch.Index`` contract (``search`` with offset and
facets per district/province/body/year/meeting, ``passage`` with neighbours,
``compare``) over the modules of today (``index.Index``, ``search.search``), so
the screenshots and the server benchmark run before the public API lands. Once
``govsearch.Index`` exists it is used and this stand-in can go.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import govsearch  # noqa: E402

FACETS = ("district", "province", "body", "year", "meeting")


def open_index(path):
    if hasattr(govsearch, "Index"):
        return govsearch.Index(path)
    return StandIn(path)


class Flat(dict):
    """A JSON-shaped dict that answers ``to_dict()`` like the API's dataclasses."""

    def to_dict(self):
        return dict(self)


class Results:
    def __init__(self, query, total, hits, facets):
        self.query, self.total, self.hits, self.facets = query, total, hits, facets


class StandIn:
    def __init__(self, path):
        from govsearch import index as index_mod
        self._ix = index_mod.Index(path)

    def close(self):
        self._ix.close()

    def search(self, q, limit=20, offset=0, year=None, **filters):
        from govsearch.search import Filters, search
        known = {k: v for k, v in filters.items() if k in ("district", "body", "meeting", "section", "since", "until")}
        if filters.get("province"):
            known["district"] = filters["province"]
        found = search(self._ix, q, Filters(year=str(year or ""), **known), limit=0)
        hits = [Flat(_flat(hit)) for hit in found.hits]
        end = offset + limit if limit else None
        return Results(q, found.total, hits[offset:end], _facets(hits))

    def passage(self, passage_id):
        fields = self._ix.stored(self._ix.docnum(passage_id))
        before, after = self._ix.neighbours(passage_id)
        found = Flat(_flat(fields))
        found.before = before and Flat(_flat(before))
        found.after = after and Flat(_flat(after))
        return found

    def compare(self, q, by, then=None, **filters):
        everything = self.search(q, limit=0, **filters)
        rows = {}
        for hit in everything.hits:
            value = _value(hit, by)
            row = rows.setdefault(value, {"value": value, "passages": 0, "documents": set(), "years": [],
                                          "cells": {}, "best": None})
            row["passages"] += 1
            row["documents"].add(hit["source"])
            row["years"] += [int(hit["date"][:4])] if hit["date"][:4].isdigit() else []
            if then:
                column = _value(hit, then)
                row["cells"][column] = row["cells"].get(column, 0) + 1
            row["best"] = row["best"] or {k: hit[k] for k in ("id", "snippet", "snippet_matches")}
        out = []
        for row in sorted(rows.values(), key=lambda r: -r["passages"]):
            years = row.pop("years")
            out.append({**row, "documents": len(row["documents"]),
                        "first": min(years, default=None), "last": max(years, default=None)})
        return {"query": q, "by": by, "then": then, "total": everything.total, "rows": out}


def _flat(fields):
    out = dict(fields)
    for key in ("province", "city", "level", "page", "format"):
        out.setdefault(key, "")
    if not out["province"] and str(out.get("district", "")).endswith(("省", "自治区")):
        out["province"] = out["district"]
    return out


def _value(hit, name):
    return hit["date"][:4] if name == "year" else hit.get(name, "")


def _facets(hits):
    facets = {}
    for name in FACETS:
        counts = {}
        for hit in hits:
            value = _value(hit, name)
            if value:
                counts[value] = counts.get(value, 0) + 1
        facets[name] = dict(sorted(counts.items(), key=lambda kv: -kv[1]))
    return facets

"""The server's one door into the library: ``govsearch.Index`` calls in, the pages' plain data out.

Every route asks through these functions and nothing else touches the index, so
the shapes the pages and the JSON routes see are the documented JSON of the CLI
(``query --json``, ``show --json``, ``compare --json``), made by the same
functions of ``render`` the CLI prints with (CSV cells too: ``render.csv_cell``).
"""

import itertools

from .. import render
from ..schema import PASSAGE_KEYS

EXPORT_KEYS = PASSAGE_KEYS  # the columns: every passage key, in the order of the JSON
SIMILAR_SHOWN = 5


def search(ix, search):
    """``query --json`` of a ``params.Search``."""
    found = ix.search(search.q, limit=search.limit, offset=search.offset, **_filters(search.filters))
    return found.to_dict()  # what ``query --json`` prints, through the same method


def passage(ix, passage_id):
    """``show --json`` of one passage (its neighbours whole, or None at the document's edges)."""
    return render.passage_json(ix.passage(passage_id))


def similar(ix, passage_id):
    """Hit dicts of the passages of other documents most like ``passage_id`` (``similar --json``'s hits)."""
    return _as_dict(ix.similar(passage_id, limit=SIMILAR_SHOWN))["hits"]


def compare(ix, compare):
    """``compare --json`` of a ``params.Compare``."""
    result = ix.compare(compare.q, by=compare.by, then=compare.then or None, **_filters(compare.filters))
    return _as_dict(result)


def per_year(ix, compare):
    """Passages per year for the compare page's line: the year facet of the same search."""
    return ix.search(compare.q, limit=1, **_filters(compare.filters)).facets.get("year", {})


def export_csv(ix, search):
    """Every hit of ``search`` as CSV lines (bytes, UTF-8 with a BOM so that spreadsheets read it)."""
    hits = every_hit(ix, search.q, _filters(search.filters))
    first = next(hits, None)  # a refused query fails here, before the header is sent
    yield (render.CSV_BOM + render.csv_line(EXPORT_KEYS)).encode("utf-8")
    if first is None:
        return
    for hit in itertools.chain([first], hits):
        fields = _as_dict(hit)
        yield render.csv_line(fields.get(key) for key in EXPORT_KEYS).encode("utf-8")


def every_hit(ix, q, filters):
    """Every hit of ``q``, unranked, in document order, streamed (``Index.iter_hits``)."""
    return iter(ix.iter_hits(q, **filters))


def _filters(filters):
    """URL filter values as the API takes them (the year as a number, ``X__exact=v`` as ``X="=v"``)."""
    out = {}
    for name, value in filters.items():
        exact = name.removesuffix("__exact")
        out[exact] = value if exact == name else "=" + value
    if "year" in out:
        out["year"] = int(out["year"])
    return out


def _as_dict(thing):
    if thing is None or isinstance(thing, dict):
        return thing
    return thing.to_dict()

"""The server's one door into the library: ``govsearch.Index`` calls in, the pages' plain data out.

Every route asks through these functions and nothing else touches the index, so
the shapes the pages and the JSON routes see are the documented JSON of the CLI
(``query --json``, ``show --json``, ``compare --json``), built from the API's
dataclasses with their ``to_dict()``. Written against the contract of
``govsearch.Index`` (``search``, ``passage``, and ``compare``/``similar``
where the index offers them).
"""

import csv
import io

from ..errors import GovsearchError

EXPORT_KEYS = ("id", "source", "title", "district", "province", "city", "level", "body", "meeting",
               "section", "date", "speaker", "page", "format", "text")
SIMILAR_SHOWN = 5
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def search(ix, search):
    """``query --json`` of a ``params.Search``."""
    return results_json(ix.search(search.q, limit=search.limit, offset=search.offset, **_filters(search.filters)))


def results_json(results):
    return {
        "query": results.query,
        "total": results.total,
        "hits": [hit.to_dict() for hit in results.hits],
        "facets": results.facets,
    }


def passage(ix, passage_id):
    """``show --json`` of one passage (its neighbours whole, or None at the document's edges)."""
    found = ix.passage(passage_id)
    return {**found.to_dict(), "before": _as_dict(found.before), "after": _as_dict(found.after)}


def similar(ix, passage_id):
    """Hits like ``passage_id`` from other documents, where the index can find them; else none."""
    finder = getattr(ix, "similar", None)
    if finder is None:
        return []
    return [_as_dict(hit) for hit in finder(passage_id, limit=SIMILAR_SHOWN)]


def compare(ix, compare):
    """``compare --json`` of a ``params.Compare``."""
    counter = getattr(ix, "compare", None)
    if counter is None:
        raise GovsearchError("this version of govsearch cannot compare yet")
    result = counter(compare.q, by=compare.by, then=compare.then or None, **_filters(compare.filters))
    return _as_dict(result)


def per_year(ix, compare):
    """Passages per year for the compare page's line: the year facet of the same search."""
    return ix.search(compare.q, limit=1, **_filters(compare.filters)).facets.get("year", {})


def export_csv(ix, search):
    """Every hit of ``search`` as CSV lines (bytes, UTF-8 with a BOM so that spreadsheets read it)."""
    results = ix.search(search.q, limit=0, **_filters(search.filters))
    yield "\ufeff".encode("utf-8") + _csv_line(EXPORT_KEYS)
    for hit in results.hits:
        fields = _as_dict(hit)
        yield _csv_line(_cell(fields.get(key)) for key in EXPORT_KEYS)


def _csv_line(values):
    out = io.StringIO()
    csv.writer(out).writerow(list(values))
    return out.getvalue().encode("utf-8")


def _cell(value):
    """A CSV cell a spreadsheet shows as text: one that would start a formula gets a leading '."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _filters(filters):
    """URL filter values as the API takes them (the year as a number)."""
    out = dict(filters)
    if "year" in out:
        out["year"] = int(out["year"])
    return out


def _as_dict(thing):
    if thing is None or isinstance(thing, dict):
        return thing
    return thing.to_dict()

"""The server's one door into the library: ``govsearch.Index`` calls in, the pages' plain data out.

Every route asks through these functions and nothing else touches the index, so
the shapes the pages and the JSON routes see are the documented JSON of the CLI
(``query --json``, ``show --json``, ``compare --json``), made by the same
functions of ``render`` the CLI prints with. ``compare``, ``similar`` and
``iter_hits`` are used where the index offers them (they land in ``api.py``
from other branches): until then compare is a 400 "cannot compare yet", a
passage lists no similar ones, and the export asks ``search(limit=0)``.
"""

import csv
import io
import itertools

from .. import render
from ..errors import GovsearchError
from ..schema import PASSAGE_KEYS

EXPORT_KEYS = PASSAGE_KEYS  # the columns: every passage key, in the order of the JSON
SIMILAR_SHOWN = 5
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def search(ix, search):
    """``query --json`` of a ``params.Search``."""
    found = ix.search(search.q, limit=search.limit, offset=search.offset, **_filters(search.filters))
    return found.to_dict()  # what ``query --json`` prints, through the same method


def passage(ix, passage_id):
    """``show --json`` of one passage (its neighbours whole, or None at the document's edges)."""
    return render.passage_json(ix.passage(passage_id))


def similar(ix, passage_id):
    """Hit dicts of passages like ``passage_id`` in other documents, where the index can find them; else none."""
    finder = getattr(ix, "similar", None)
    if finder is None:
        return []
    return _as_dict(finder(passage_id, limit=SIMILAR_SHOWN))["hits"]


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
    hits = every_hit(ix, search.q, _filters(search.filters))
    first = next(hits, None)  # a refused query fails here, before the header is sent
    yield "\ufeff".encode("utf-8") + _csv_line(EXPORT_KEYS)
    if first is None:
        return
    for hit in itertools.chain([first], hits):
        fields = _as_dict(hit)
        yield _csv_line(_cell(fields.get(key)) for key in EXPORT_KEYS)


def every_hit(ix, q, filters):
    """Every hit of ``q``, unranked and streamed where the index can (``iter_hits``); else all hits ranked."""
    streamer = getattr(ix, "iter_hits", None)
    if streamer is None:
        return iter(ix.search(q, limit=0, **filters).hits)
    return iter(streamer(q, **filters))


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

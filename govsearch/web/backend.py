"""The server's one door into the library: ``govsearch.Index`` calls in, the pages' plain data out.

Every route asks through these functions and nothing else touches the index, so
the shapes the pages and the JSON routes see are the documented JSON of the CLI
(``query --json``, ``show --json``, ``compare --json``), made by the same
functions of ``render`` the CLI prints with (CSV cells too: ``render.csv_cell``),
but for ``source``: a shared server shows it relative to its collection
(``Index.origin``), never its host's paths. ``sources`` is the one place that
says which files on disk a document came from.
"""

import itertools

from .. import analysis, query, render
from ..schema import PASSAGE_KEYS

EXPORT_KEYS = PASSAGE_KEYS  # the columns: every passage key, in the order of the JSON
SIMILAR_SHOWN = 5


def search(ix, search):
    """``query --json`` of a ``params.Search``, sources relative."""
    found = ix.search(search.q, limit=search.limit, offset=search.offset, **_filters(search.filters))
    out = found.to_dict()  # what ``query --json`` prints, through the same method
    _relative(ix, out["hits"])
    return out


def passage(ix, passage_id):
    """``show --json`` of one passage (its neighbours whole, or None at the document's edges), sources relative."""
    out = render.passage_json(ix.passage(passage_id))
    _relative(ix, [out, out["before"], out["after"]])
    return out


def similar(ix, passage_id):
    """Hit dicts of the passages of other documents most like ``passage_id`` (``similar --json``'s hits)."""
    return _relative(ix, _as_dict(ix.similar(passage_id, limit=SIMILAR_SHOWN))["hits"])


def document(ix, doc, q=""):
    """The passages of ``doc`` in order as ``show --json``'s keys, each with the ``matches`` of ``q`` in its text."""
    needles = query.parse(q).needles if q else ()
    out = []
    for found in ix.document(doc):
        fields = render.export_json(found)
        fields["matches"] = analysis.find_spans(fields["text"], needles) if needles else []
        out.append(fields)
    return _relative(ix, out)


def sources(ix, doc):
    """The ``Origin`` of each file holding ``doc`` (byte-identical copies), the one to serve first."""
    return [ix.origin(path) for path in ix.sources(doc)]


def _relative(ix, fields, collection=None):
    """Each dict of ``fields`` (None skipped) with its ``source`` relative to its collection, in place.

    ``collection`` (``Index.collection()``, asked of the index once) answers without the index: an export
    asking the index for each line's source waited for its turn behind every search in flight."""
    collection = collection or ix.collection()
    for item in fields:
        if not item:
            continue
        if "source" in item:
            item["source"] = collection.origin(item["source"]).relative
        if item.get("sources"):
            item["sources"] = [collection.origin(path).relative for path in item["sources"]]
        for copy in item.get("also_in") or ():
            copy["source"] = collection.origin(copy["source"]).relative
    return fields


def compare(ix, compare):
    """``compare --json`` of a ``params.Compare``."""
    result = _as_dict(ix.compare(compare.q, by=compare.by, then=compare.then or None, **_filters(compare.filters)))
    _relative(ix, [row.get("best") for row in result["rows"]])
    return result


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
    for piece in render.csv_lines(_export_rows(itertools.chain([first], hits), ix.collection())):
        yield piece.encode("utf-8")


def _export_rows(hits, collection):
    """Each hit's ``EXPORT_KEYS`` with its source relative to its collection (each source's asked once)."""
    relative = {}
    for hit in hits:
        fields = _as_dict(hit)
        source = fields["source"]
        if source not in relative:
            relative[source] = collection.origin(source).relative
        fields["source"] = relative[source]
        yield [fields.get(key) for key in EXPORT_KEYS]


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

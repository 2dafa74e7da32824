"""Pages: plain data in (the JSON shapes of ``query``, ``show`` and ``compare``), HTML strings out.

Every page is a Jinja2 template with autoescaping on for every file, so any text
that reaches a template — document text above all — is escaped; nothing here
marks a string safe. Highlights are passed as segments (text, marked?) for the
template to wrap in ``<mark>``, never as markup. Links are built from
``params.Search``/``params.Compare`` so that the URL stays the whole state.
The pages carry no script at all.
"""

from collections import Counter
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined

from . import charts
from .files import IMAGE_FORMATS
from ..views.compare import column_order
from .params import COMPARE_FIELDS, EXACT_FIELDS, FACETS, Compare, Search, last_page

FACET_SHOWN = 8
PAGE_LINKS = 2  # pages linked on each side of the current one
TAG_FIELDS = ("district", "province", "city", "level", "body", "meeting", "section", "date", "speaker", "page")
FIELD_NAMES = {
    "q": "query", "district": "district", "province": "province", "city": "city", "level": "level",
    "body": "body", "meeting": "meeting", "section": "section", "year": "year", "since": "since",
    "until": "until", "date": "date", "speaker": "speaker", "page": "page",
    **{f"{name}__exact": f"{name} (exactly)" for name in EXACT_FIELDS},
}

_env = Environment(
    loader=PackageLoader("govsearch.web", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render(template, **context):
    return _env.get_template(template).render(names=FIELD_NAMES, **context)


def passage_href(passage_id, q=""):
    return "/passage/" + quote(str(passage_id), safe="") + (f"?{urlencode({'q': q})}" if q else "")


def segments(text, spans):
    """``text`` cut at ``spans`` into (piece, marked) pairs; spans are sorted, clipped and merged first."""
    text = text or ""
    merged = []
    for start, end in sorted((max(0, int(s)), min(len(text), int(e))) for s, e in spans or ()):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, last = [], 0
    for start, end in merged:
        if start > last:
            out.append((text[last:start], False))
        out.append((text[start:end], True))
        last = end
    if last < len(text):
        out.append((text[last:], False))
    return out


def tags(fields):
    """(name, value) of the tags a passage has, in the documented order."""
    return [(name, str(fields[name])) for name in TAG_FIELDS if fields.get(name) not in (None, "", 0)]


def search_page(search, results=None):
    """The search page: a form only when ``results`` is None, else hits, facets and paging."""
    view = {"search": search, "results": results, "title": search.q or "search"}
    if results is not None:
        view.update(
            hits=[_hit(search.offset + i, hit, search.q) for i, hit in enumerate(results["hits"], 1)],
            facets=_facets(search, results.get("facets", {})),
            active=[(name, value, search.without_filter(name).url()) for name, value in search.filters.items()],
            paging=_paging(search, results["total"]),
            compare_url=Compare(search.q, "district", "year", search.filters).url(),
            export_url=Search(search.q, search.filters).url("/export.csv"),
        )
    return render("search.html", **view)


def passage_page(passage, similar=(), q="", files=True):
    """One passage whole: its tags, document, neighbours and (when given) similar passages; ``q``'s matches marked."""
    neighbours = [(label, p, passage_href(p["id"], q)) for label, p in
                  (("before", passage.get("before")), ("after", passage.get("after"))) if p]
    similar = [_hit(i, hit) for i, hit in enumerate(similar, 1)]
    doc, anchor = split_id(passage["id"])
    return render("passage.html", p=passage, tags=tags(passage), neighbours=neighbours, similar=similar,
                  title=passage.get("title") or passage["id"], search=Search(q),
                  segments=segments(passage["text"], _spans(passage["text"], q)),
                  document_href=document_href(doc, q) + "#" + anchor,
                  original_href=original_href(doc, passage.get("format"), passage.get("page")) if files else "")


def document_page(doc, passages, sources, q=""):
    """A whole document: its passages in order under their sections, page numbers, tags and sources.

    ``passages`` are ``show --json`` dicts with the ``matches`` of ``q``; ``sources``
    the ``Origin`` of each source (empty when originals are not served).
    """
    first = passages[0]
    blocks, section, page = [], None, None
    for passage in passages:
        _, anchor = split_id(passage["id"])
        blocks.append({
            "anchor": anchor, "href": passage_href(passage["id"], q),
            "heading": passage["section"] if passage["section"] != section else "",
            "page": passage["page"] if passage["page"] and passage["page"] != page else None,
            "page_href": original_href(doc, passage["format"], passage["page"]) if sources else "",
            "segments": segments(passage["text"], passage["matches"]),
        })
        section, page = passage["section"], passage["page"] or page
    shown = [{"name": o.relative, "href": original_href(doc) if i == 0 else ""} for i, o in enumerate(sources)]
    return render("document.html", doc=doc, first=first, blocks=blocks, sources=shown, q=q,
                  tags=tags({**first, "section": "", "page": None, "speaker": _same(passages, "speaker")}),
                  title=first.get("title") or doc, search=Search(q))


def split_id(passage_id):
    """``(doc, anchor)`` of a passage id: its document, and the fragment naming it on the document's page."""
    doc, _, position = str(passage_id).rpartition("-")
    return doc, f"p-{position}"


def document_href(doc, q=""):
    return "/document/" + quote(doc, safe="") + (f"?{urlencode({'q': q})}" if q else "")


def original_href(doc, format="", page=None):
    """The original of ``doc``; at ``page`` (a PDF's own viewer reads ``#page=N``; page images are asked by number)."""
    href = "/file/" + quote(doc, safe="")
    if page and format == "pdf":
        return f"{href}#page={page}"
    if page and format in IMAGE_FORMATS:
        return f"{href}?page={page}"
    return href


def _spans(text, q):
    if not q:
        return []
    from ..analysis import find_spans
    from ..query import parse

    return find_spans(text, parse(q).needles)


def _same(passages, key):
    """A tag's value when every passage of a document has the same, else ""."""
    values = {p.get(key) for p in passages}
    return values.pop() if len(values) == 1 else ""


def compare_page(compare, result=None, per_year=None):
    """The compare page: the form, and with ``result`` (``compare --json``) its heat map and year line."""
    view = {"compare": compare, "result": result, "title": f"compare {compare.q}".strip(),
            "search": Search(compare.q),
            "heat": None, "line": None, "fields": COMPARE_FIELDS}
    if result is not None:
        rows = [str(row["value"]) for row in result["rows"]]
        columns = _columns(result, compare.then) if compare.then else ["all"]
        counts = {}
        for row in result["rows"]:
            cells = {str(k): v for k, v in (row.get("cells") or {}).items()}  # JSON keys, or years as numbers
            for column in columns:
                counts[(str(row["value"]), column)] = cells.get(column, 0) if compare.then else row["passages"]

        def cell_href(row, column):
            # a search cannot ask for "no tag", so a cell of untagged passages links nowhere
            if row == "" or (compare.then and column == ""):
                return ""
            cell = {compare.by: row}
            if compare.then:
                cell[compare.then] = column
            return compare.search(**cell).url()

        # one field that is the year: the line says it all, a one-column heat map of every year would not
        years_alone = compare.by == "year" and not compare.then
        view["heat"] = None if years_alone else charts.heatmap(rows, columns, counts, cell_href,
                                      row_href=lambda row: row and compare.search(**{compare.by: row}).url())
        view["line"] = charts.years_line(per_year or {}, lambda year: compare.search(year=year).url())
        view["none"] = charts.NONE
        view["rows"] = [_row(row) for row in result["rows"]]
    return render("compare.html", **view)


def error_page(status, message, search=None):
    return render("error.html", status=status, message=message, search=search or Search(),
                  title=f"{status} error")


def _hit(rank, hit, q=""):
    return {
        "rank": rank,
        "id": hit["id"],
        "href": passage_href(hit["id"], q),
        "title": hit.get("title", ""),
        "labels": [v for v in (hit.get("district"), hit.get("body"), hit.get("meeting"),
                               hit.get("section") or hit.get("title")) if v],
        "segments": segments(hit.get("snippet", hit.get("text", "")), hit.get("snippet_matches")),
        "meta": [str(v) for v in (hit.get("date"), hit.get("speaker"),
                                  f"p. {hit['page']}" if hit.get("page") else "") if v],
        "also_in": [{"source": other["source"], "href": passage_href(other["id"])} for other in hit.get("also_in") or ()],
    }


def _facets(search, facets):
    out = []
    for name in FACETS:
        counts = facets.get(name) or {}
        if not counts:
            continue
        entries = []
        for value, n in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))):
            active = str(value) in (search.filters.get(name), search.filters.get(f"{name}__exact"))
            href = (search.without_filter(name) if active else search.with_filter(name, value)).url()
            entries.append({"value": str(value), "count": n, "href": href, "active": active})
        out.append({"name": name, "shown": entries[:FACET_SHOWN], "more": entries[FACET_SHOWN:]})
    return out


def _paging(search, total):
    pages = last_page(search, total)
    low, high = max(1, search.page - PAGE_LINKS), min(pages, search.page + PAGE_LINKS)
    return {
        "page": search.page,
        "pages": pages,
        "first": search.offset + 1 if total else 0,
        "last": min(total, search.offset + search.limit) if search.limit else total,
        "prev": search.at_page(search.page - 1).url() if search.page > 1 else "",
        "next": search.at_page(search.page + 1).url() if search.page < pages else "",
        "links": [(n, search.at_page(n).url()) for n in range(low, high + 1)],
        "past": search.at_page(pages).url() if search.page > pages else "",
    }


def _columns(result, then):
    """The columns in the order of the CLI's matrix (``compare.column_order``): the untagged one last."""
    totals = Counter()
    for row in result["rows"]:
        totals.update({str(k): v for k, v in (row.get("cells") or {}).items()})
    return sorted(totals, key=column_order(then, totals))


def _row(row):
    """A compare row with every column present, and its best passage as link and highlighted snippet."""
    best = row.get("best") or {}
    return {
        **{key: row.get(key) if row.get(key) is not None else "" for key in
           ("value", "passages", "documents", "first", "last")},
        "best_href": passage_href(best["id"]) if best.get("id") else "",
        "best_segments": segments(best.get("snippet", best.get("text", "")), best.get("snippet_matches")),
    }

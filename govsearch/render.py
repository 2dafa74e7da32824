"""Printing: results as text for people (a terminal) and as dicts for programs (JSON).

Pure functions of the API's results (``api.Results``, ``api.Passage``,
``api.Stats``): each gives a string (or a dict), and the CLI writes it. The text
printers colour matches only when asked to (the CLI decides: a terminal, no
``NO_COLOR``, or ``--color always``). Control characters from documents are never
written raw: each becomes U+FFFD, one character for one, so match offsets still
fit. The JSON printers emit exactly the keys documented in the README.
"""

import csv
import io
import itertools
import json
import re
import unicodedata

import click

from .schema import PASSAGE_KEYS, TAG_KEYS

HIT_KEYS = ("id", "score", *PASSAGE_KEYS[1:], "snippet", "snippet_matches", "matches", "also_in")
CONTEXT_CELLS = 80  # terminal cells of a context passage
HEADER_VALUES = 3  # values of a facet named in the header; the rest are "+N more"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_SEP = " · "


def safe(text):
    """``text`` with control characters replaced (newlines and tabs kept)."""
    return _CONTROL.sub("\ufffd", text)


def safe_line(text):
    """``safe(text)`` on one line: for messages and labels."""
    return safe(text).replace("\n", " ").replace("\t", " ")


def highlight(text, spans, color):
    """``text`` with ``spans`` in bold red when ``color``; as is otherwise."""
    text = safe_line(text)
    if not color:
        return text
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start])
        out.append(click.style(text[start:end], fg="red", bold=True))
        last = end
    out.append(text[last:])
    return "".join(out)


def _counts(counts, most=HEADER_VALUES):
    shown = ", ".join(f"{safe_line(name)} {n}" for name, n in list(counts.items())[:most])
    rest = len(counts) - most
    return shown + (f" +{rest} more" if rest > 0 else "")


def header(results):
    """``N hits for Q  ·  district counts  ·  body counts`` (the first few of each)."""
    noun = "hit" if results.total == 1 else "hits"
    parts = [f"{results.total} {noun} for {safe_line(results.query)}"]
    for name in ("province", "district", "body"):
        if name == "province" and results.facets.get(name) == results.facets.get("district"):
            continue  # provincial reports only: the districts say it already
        if results.facets.get(name):
            parts.append(_counts(results.facets[name]))
    return "  ·  ".join(parts)


def labels(item):
    """``district · body · meeting · section`` (the title when there is no section)."""
    tags = item.tags
    parts = [tags["district"], tags["body"], tags["meeting"], tags["section"] or item.title]
    return safe_line(_SEP.join(p for p in parts if p))


def results_text(results, color=False):
    """The terminal view of a search, ending with a newline."""
    dim = (lambda s: click.style(s, dim=True)) if color else (lambda s: s)
    lines = [header(results)]
    width = len(str(len(results.hits)))
    pad = " " * (width + 2)
    for rank, hit in enumerate(results.hits, 1):
        lines += ["", f"{rank:>{width}}. {labels(hit)}"]
        lines += [pad + dim(_context_line(p)) for p in hit.before or ()]
        lines += [pad + highlight(hit.snippet, hit.snippet_matches, color)]
        lines += [pad + dim(_context_line(p)) for p in hit.after or ()]
        lines += [pad + dim(f"{hit.id}  {hit.tags['date']}".rstrip())]
        if hit.also_in:
            lines += [pad + dim("also in: " + ", ".join(f"{safe_line(o['source'])} ({o['id']})" for o in hit.also_in))]
    rest = results.total - results.offset - len(results.hits)
    if rest > 0 and results.offset:
        lines += ["", dim(f"… {rest} more; --offset {results.offset + len(results.hits)} shows the next")]
    elif rest > 0:
        lines += ["", dim(f"… {rest} more; --limit 0 shows all")]
    return "\n".join(lines) + "\n"


def _context_line(passage):
    """A passage around a hit, marked as context (``-``, as grep marks context lines), cut to one line."""
    return f"- {passage.id}  {cut(safe_line(passage.text), CONTEXT_CELLS)}"


_ENCODER = json.JSONEncoder(ensure_ascii=False)  # made once: json.dumps with options makes one a call


def dumps(obj):
    """One line of JSON; non-ASCII kept readable, control characters escaped by json."""
    return _ENCODER.encode(obj)


def json_pieces(results):
    """``dumps(results.to_dict())`` in pieces, a hit at a time: for ``Results`` whose hits are a generator."""
    yield f'{{"query": {dumps(results.query)}, "total": {dumps(results.total)}, "hits": ['
    for n, hit in enumerate(results.hits):
        yield (", " if n else "") + dumps(hit.to_dict())
    yield f'], "facets": {dumps(results.facets)}}}'


def export_json(passage):
    """An ``export`` line: the passage's keys and its provenance, where each tag was read."""
    return {**passage.to_dict(), "provenance": passage.provenance}


def passage_json(passage):
    """``show --json``: the passage's keys, its provenance, and its neighbours' keys (or null)."""
    return {**export_json(passage), "sources": passage.sources, "also_in": passage.also_in,
            "moved_from": passage.moved_from, "earlier_text_at": passage.earlier_text_at,
            "before": passage.before and passage.before.to_dict(),
            "after": passage.after and passage.after.to_dict()}


_SHOWN = ("id", "source", "title", "section", "district", "province", "city", "level", "body", "meeting",
          "date", "speaker", "page", "format")


def passage_text(passage, color=False):
    """``govsearch show``: one passage whole, its tags, and its neighbours in brief."""
    bold = (lambda s: click.style(s, bold=True)) if color else (lambda s: s)
    values = passage.to_dict()
    lines = [f"{name + ':':10}{safe_line(str(values[name]))}" for name in _SHOWN if values[name]]
    read = {k: v for k, v in passage.provenance.items() if k != "ocr"}
    if read:
        sources = ", ".join(f"{k} from {v}" for k, v in sorted(read.items()) if v)
        lines.append(f"{'from:':10}{safe_line(sources)}")
    lines += [f"{'also:':10}{safe_line(path)}" for path in passage.sources[1:]]
    lines += [f"{'also in:':10}{safe_line(o['source'])} ({o['id']})" for o in passage.also_in]
    ocr = passage.provenance.get("ocr")
    if ocr:
        lines.append(f"{'read by:':10}OCR, {safe_line(ocr.get('engine', ''))} {safe_line(ocr.get('version', ''))}, "
                     f"mean line score {ocr.get('score', 0):.2f}")
    for label, other in (("before", passage.before), ("after", passage.after)):
        if other:
            lines.append(f"{label + ':':10}{other.id}  {safe_line(other.text)[:60]}")
    lines += ["", bold(safe(passage.text))]
    return "\n".join(lines) + "\n"


def stats_text(stats):
    """``govsearch stats``: totals, then passages per value of each field."""
    lines = [f"passages   {stats.passages}", f"documents  {stats.documents}"]
    if stats.identical or stats.copies:
        lines.append(f"copies     {_copies_said(stats)}")
    lines += [f"  {n:>7}  {name}" for name, n in stats.formats.items()]
    if stats.ocr:
        lines.append(f"  {stats.ocr:>7}  of them read by OCR")
    for name, counts in stats.counts.items():
        lines += ["", f"{name}:"]
        lines += [f"  {n:>7}  {safe_line(value)}" for value, n in counts.items()]
    return "\n".join(lines) + "\n"


def skipped_text(name, reason):
    """``govsearch: NAME: why, skipped``: one file that was not indexed."""
    reason = reason if "skipped" in reason else reason + ", skipped"
    return f"govsearch: {safe_line(name)}: {safe_line(reason)}"


def update_text(report):
    """The one-line summary of ``govsearch index``."""
    return (f"govsearch: {report.files} files ({report.added} new, {report.changed} changed, "
            f"{report.unchanged} unchanged, {report.removed} removed, {len(report.skipped)} skipped), "
            f"{report.passages} passages indexed in {report.seconds:.2f} s"
            + (f"; {_copies_said(report)}" if report.identical or report.copies else "")
            + (f"; went on from an unfinished run, whose {report.resumed} files were done already"
               if report.resumed else ""))


def _copies_said(counts):
    """``1 file an identical copy of another, 12 passages copies of another document's``."""
    files = "file an identical copy" if counts.identical == 1 else "files identical copies"
    passages = "passage a copy" if counts.copies == 1 else "passages copies"
    return (f"{counts.identical} {files} of another, {counts.copies} {passages} of another document's "
            "(each counted once)")


# CSV: one writer for the CLI and the web page's export

CSV_BOM = "\ufeff"
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A CSV cell a spreadsheet shows as text: lists as JSON, and one that would start a formula gets a leading '."""
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        text = _spans(value) if _are_spans(value) else dumps(value)
    else:
        text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _are_spans(value):
    """True for a list of ``[start, end]`` pairs of ints (``matches``), whose JSON is their ``str``."""
    return isinstance(value, list) and all(type(p) is list and len(p) == 2 and type(p[0]) is int
                                           and type(p[1]) is int for p in value)


def _spans(value):
    return str(value)  # ints in lists print as JSON does, ", " between them: C's loop, not the encoder's


def csv_line(values):
    """One CSV line (``\\r\\n``-ended, as RFC 4180 and spreadsheets have it) of ``csv_cell`` values."""
    return next(csv_lines([values]))


def csv_lines(rows, chunk=256):
    """``csv_line`` of each of ``rows``, joined ``chunk`` rows at a time, a generator: one writer for them all.

    A text cell that cannot start a formula is itself, checked inline: the call to
    ``csv_cell`` for each of a hit's twenty cells was a fifth of writing it.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    rows = iter(rows)
    while True:
        cells = [[v if type(v) is str and not v.startswith(_FORMULA) else csv_cell(v) for v in row]
                 for row in itertools.islice(rows, chunk)]
        if not cells:
            return
        writer.writerows(cells)
        yield out.getvalue()
        out.seek(0)
        out.truncate()


def csv_pieces(columns, rows):
    """A whole CSV file in pieces: the UTF-8 BOM (so that spreadsheets read it as UTF-8), a header, the rows."""
    yield CSV_BOM
    yield from csv_lines([columns])
    yield from csv_lines(rows)


def csv_text(columns, rows):
    """``csv_pieces`` joined."""
    return "".join(csv_pieces(columns, rows))


def hits_csv(results):
    """``query --csv``: one row per hit, the keys of ``query --json``'s hits as columns."""
    return "".join(hits_csv_pieces(results))


def hits_csv_pieces(results):
    """``hits_csv`` in pieces, a hit at a time: for ``Results`` whose hits are a generator."""
    return csv_pieces(HIT_KEYS, map(_hit_row, results.hits))


def _hit_row(hit):
    """A hit's cells in ``HIT_KEYS`` order, taken from the ``Hit`` (its ``to_dict`` made a dict a hit)."""
    tags = hit.tags
    return [hit.id, hit.score, hit.source, hit.title, *map(tags.get, TAG_KEYS), hit.format, hit.text, hit.snippet,
            _spans(hit.snippet_matches), _spans(hit.matches), hit.also_in]


# East-Asian-width-aware columns: a Chinese character takes two cells of a terminal

def width(text):
    """Terminal cells ``text`` takes: two for wide and full-width characters, one for others."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def cut(text, cells):
    """``text`` cut to at most ``cells`` terminal cells, ending with … when cut."""
    if width(text) <= cells:
        return text
    out, used = [], 0
    for c in text:
        used += width(c)
        if used > cells - 1:
            break
        out.append(c)
    return "".join(out) + "…"


def table(header, rows, right=()):
    """Aligned columns (two spaces apart); columns whose index is in ``right`` are right-aligned."""
    cells = [[safe_line(str(c)) for c in row] for row in [header, *rows]]
    widths = [max(width(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for row in cells:
        parts = []
        for i, value in enumerate(row):
            pad = " " * (widths[i] - width(value))
            parts.append(pad + value if i in right else value + pad)
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines) + "\n"


def _shown_value(value):
    return "(none)" if value in ("", None) else str(value)


def compare_text(comparison):
    """``govsearch compare``: a row per value (counts, years, best passage); with ``then``, the matrix and totals."""
    noun = "passage" if comparison.total == 1 else "passages"
    lines = f"{comparison.total} {noun} for {safe_line(comparison.query)} by {comparison.by}" + (
        f" and {comparison.then}" if comparison.then else "") + "\n\n"
    if comparison.then:
        columns = comparison.columns
        rows = [[_shown_value(r.value), *[r.cells.get(c, 0) for c in columns], r.passages] for r in comparison.rows]
        totals = [sum(r.cells.get(c, 0) for r in comparison.rows) for c in columns]
        rows.append(["total", *totals, comparison.total])
        header = [comparison.by, *[_shown_value(c) for c in columns], "total"]
        return lines + table(header, rows, right=range(1, len(header)))
    rows = [[_shown_value(r.value), r.passages, r.documents, r.first or "", r.last or "",
             r.best["id"] if r.best else "", cut(safe_line(r.best["snippet"]), 40) if r.best else ""]
            for r in comparison.rows]
    header = [comparison.by, "passages", "documents", "first", "last", "best", ""]
    return lines + table(header, rows, right=(1, 2, 3, 4))


def compare_csv(comparison):
    """``compare --csv``: ``<by>,passages,documents,first,last``, then a column per ``then`` value."""
    columns = comparison.columns if comparison.then else []
    header = [comparison.by, "passages", "documents", "first", "last", *[_shown_value(c) for c in columns]]
    return csv_text(header, ([r.value, r.passages, r.documents, r.first, r.last,
                              *[r.cells.get(c, 0) for c in columns]] for r in comparison.rows))


FIGURE_COLUMNS = ("indicator", "name", "kind", "year", "text", "value", "low", "high", "qualifier", "unit",
                  "district", "province", "date", "id", "source", "sentence")


def figures_text(found):
    """``govsearch figures``: each figure with its place, year, kind and passage; with ``by``, the table."""
    names = ", ".join(found.names)
    noun = "figure" if len(found.figures) == 1 else "figures"
    head = f"{len(found.figures)} {noun} for {safe_line(found.indicator)} ({safe_line(names)})"
    if found.by:
        kind = found.kind or "target"
        columns = found.columns
        rows = [[_shown_value(row["value"]), *[figures_cell(row["cells"].get(c, ())) for c in columns]]
                for row in found.rows]
        return (f"{head}; {kind}s by {found.by} and {found.then}\n\n"
                + table([found.by, *[_shown_value(c) for c in columns]], rows))
    rows = [[f.kind, f.year or "", figure_shown(f) + _aspiration(f), _shown_value(f.district), f.id,
             cut(safe_line(f.sentence), 50)] for f in found.figures]
    return f"{head}\n\n" + table(["kind", "year", "figure", "district", "id", "sentence"], rows)


def figures_csv(found):
    """``figures --csv``: one row per figure (``FIGURE_COLUMNS``); with ``by``, the table's rows and columns."""
    if found.by:
        columns = found.columns
        return csv_text([found.by, *[_shown_value(c) for c in columns]],
                        ([row["value"], *[figures_cell(row["cells"].get(c, ())) for c in columns]]
                         for row in found.rows))
    return csv_text(FIGURE_COLUMNS, ([f.to_dict()[k] for k in FIGURE_COLUMNS] for f in found.figures))


def figure_shown(figure):
    """A figure as the tables show it: a bound as ``≥ 6%`` or ``≤ 3%``, else as the report writes it.

    An aspiration beyond it (``、力争7%``) is left to the list and the qualifier.
    """
    if figure.high is None:
        return f"≥ {figure.low:g}{figure.unit}"
    if figure.low is None:
        return f"≤ {figure.high:g}{figure.unit}"
    return figure.text[:len(figure.text) - len(_aspiration(figure))]


def _aspiration(figure):
    # ≥ 6%、力争7%: the list keeps what a report aims at beyond its bound; a table's cell shows the bound only
    return figure.qualifier[figure.qualifier.index("、"):] if "、" in figure.qualifier else ""


def figures_cell(figures):
    """A table cell: its figures shown, ``/`` between two different ones (never one picked of them)."""
    return " / ".join(figure_shown(f) for f in figures)


def similar_text(passage_id, results, color=False):
    """``govsearch similar``: the passages like one, ranked, as ``query`` prints hits."""
    text = results_text(results, color=color)
    noun = "passage" if results.total == 1 else "passages"
    return f"{results.total} {noun} like {passage_id}" + text[text.index("\n"):]


def terms_text(found):
    """``govsearch terms``: the distinctive words, with their counts in the set and in the other."""
    against = "the rest" if found.vs is None else " ".join(f"{k}={v}" for k, v in found.vs.items())
    chosen = " ".join(f"{k}={v}" for k, v in found.selection.items())
    head = (f"{safe_line(chosen)}: {found.passages} passages, {found.words} words; "
            f"against {safe_line(against)}: {found.passages_vs} passages, {found.words_vs} words\n\n")
    rows = [[t.word, f"{t.score:.1f}", t.count, t.count_vs, t.documents] for t in found.terms]
    return head + table(["word", "score", "count", "vs", "documents"], rows, right=(1, 2, 3, 4))


def files_text(total, documents):
    """``query --files``: one line per document, its hit count first."""
    noun = "hit" if total == 1 else "hits"
    lines = [f"{total} {noun} in {len(documents)} document{'s' * (len(documents) != 1)}"]
    lines += [f"{d.hits:>6}  {safe_line(d.source)}" for d in documents]
    return "\n".join(lines) + "\n"


def files_json(query, total, documents):
    return {"query": query, "total": total, "files": [d.to_dict() for d in documents]}

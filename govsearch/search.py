"""Searching: a query string and filters in, ranked hits with highlights out.

Takes an opened ``index.Generation`` and asks it only for docnums, values,
scores and stored passages. Three steps, each with one job:

1. **Match** — every normalized query string is looked for literally in the
   normalized corpus (``Generation.find``). This, not Whoosh's postings, decides
   which passages match; hence grep parity: a passage whose text contains the
   query is never missed, however jieba cut either of them.
2. **Filter** — tag filters (``Filters``, validated when made) become the tag
   values that fit what the user typed (``钟楼`` → 钟楼区, ``十七届人大三次`` →
   the full meeting name), and the docnums carrying them.
3. **Rank** — BM25F over jieba words of text, title and section (title and
   section weigh more). Passages that contain the whole query string come before
   those that only contain its parts apart; matched passages that share no jieba
   word with the query still appear, last.

Gives ``found`` dicts: ``query``, ``total``, ``hits`` (stored fields plus
``score``, ``snippet``, ``snippet_matches``, ``matches``) and ``facets``.
"""

import re
from dataclasses import dataclass, fields
from datetime import datetime

from . import analysis, places
from .errors import FilterError
from .query import parse
from .tags import CPPCC, PEOPLES_CONGRESS, MeetingPattern, areas

SNIPPET_CHARS = 120
FACETS = ("district", "province", "level", "body", "year", "meeting")
_CLAUSE_ENDS = "。；！？，、：;!?,"


@dataclass
class Filters:
    """Tag filters; an empty value filters nothing. Made only with values that can be used.

    ``year`` is ``YYYY`` (a string or an int); ``since`` and ``until`` are
    ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming a real day; ``body`` is 人大 or
    政协. Anything else raises ``FilterError``.
    """

    district: str = ""
    province: str = ""
    body: str = ""
    meeting: str = ""
    section: str = ""
    level: str = ""
    year: str = ""
    since: str = ""
    until: str = ""

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            setattr(self, f.name, "" if value is None else str(value).strip())
        if self.year and not re.fullmatch(r"\d{4}", self.year):
            raise FilterError(f"year {self.year!r}: expected a year such as 2024")
        for name in ("since", "until"):
            value = getattr(self, name)
            if value and not _is_day(value):
                raise FilterError(f"{name} {value!r}: expected a date such as 2024-01-31, 2024-01 or 2024")
        if self.level and self.level not in places.LEVELS:
            raise FilterError(f"level {self.level!r}: expected one of {', '.join(places.LEVELS)}")
        if self.body and self.body not in (PEOPLES_CONGRESS, CPPCC):
            raise FilterError(f"body {self.body!r}: expected {PEOPLES_CONGRESS} or {CPPCC}")

    def any(self):
        return any(vars(self).values())


def _is_day(value):
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, naming a real month and day."""
    formats = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        return False
    try:
        datetime.strptime(value, formats[len(value)])
    except ValueError:
        return False
    return True


def search(index, text, filters=None, limit=20, offset=0):
    """Search ``index`` for the query string ``text``: hits ``offset`` to ``offset + limit`` (0: all)."""
    parsed = parse(text)
    matched = _match(index, parsed)
    if filters is not None and filters.any():
        matched &= selected(index, filters)
    ranked = _rank(index, parsed, matched, offset + limit if limit else 0)[offset:]
    hits = [_hit(index, parsed, docnum, score) for docnum, score in ranked]
    return {"query": text, "total": len(matched), "hits": hits, "facets": facets(index, matched)}


def matching(index, text, filters=None):
    """``(parsed, docnums)``: the query parsed, and every passage ``search`` counts in its ``total``.

    The one matcher of the views (compare, figures, every hit): the literal match
    and the filters of ``search``, so that their counts are its counts.
    """
    parsed = parse(text)
    matched = _match(index, parsed)
    if filters is not None and filters.any():
        matched &= selected(index, filters)
    return parsed, matched


def ranked(index, parsed, docnums, limit=0):
    """``[(docnum, score)]``: the best ``limit`` (0: all) of ``docnums`` as ``search`` ranks them."""
    return _rank(index, parsed, docnums, limit)


def hit(index, parsed, docnum, score=0.0):
    """The ``found`` hit dict of one docnum: stored fields, score, snippet and match spans."""
    return _hit(index, parsed, docnum, score)


def in_order(index, filters=None):
    """Docnums of every passage that passes ``filters``, in document order."""
    wanted = selected(index, filters) if filters is not None and filters.any() else None
    return index.in_order(wanted)


def _match(index, parsed):
    def docs(clause):
        found = set()
        for term in clause.terms:
            found |= index.find(term)
        return found

    matched = None
    for clause in parsed.positive:
        found = docs(clause)
        matched = found if matched is None else matched & found
    for clause in parsed.negative:
        matched -= docs(clause)
    return matched


def selected(index, filters):
    """Docnums that pass every filter: those carrying a tag value that fits what was typed."""
    checks = {
        "province": filters.province and _area_fits(filters.province),
        "body": filters.body and (lambda value: value == filters.body),
        "level": filters.level and (lambda value: value == filters.level),
        "meeting": filters.meeting and MeetingPattern.parse(filters.meeting).matches,
        "section": filters.section and _section_fits(filters.section),
        "date": (filters.year or filters.since or filters.until) and _date_fits(filters),
    }
    wanted = {}
    for name, fits in checks.items():
        if fits:
            wanted[name] = [v for v in index.values(name) if v and fits(v)]
    found = index.having(wanted) if wanted else None
    if filters.district:
        inside = _in_place(index, filters.district)
        found = inside if found is None else found & inside
    return index.all_docnums() if found is None else found


def _in_place(index, typed):
    """Docnums of a place or of a place inside it: ``江苏`` → 江苏省, 常州市, 常州市钟楼区 ….

    ``places.resolve`` reads what was typed (``钟楼``, ``南京 鼓楼``; an ambiguous name is an
    error listing its candidates); a name not in the division table falls back to the
    indexed areas it begins, or that its meetings' places name (``常州`` → 钟楼区, 天宁区).
    """
    place = places.resolve(typed)
    if place is None:
        return index.having({"district": _districts(index, typed)})
    found = set()
    for condition in places.conditions(place, index.values("district")):
        found |= index.having({name: [value] for name, value in condition.items()})
    return found


def _area_fits(typed):
    wanted = analysis.normalize(typed)

    def fits(area):
        area = analysis.normalize(area)
        return area.startswith(wanted) or wanted.endswith(area)
    return fits


def _districts(index, typed):
    """Districts of an area or inside it: ``钟楼`` → 钟楼区; ``常州`` → 钟楼区 and 天宁区.

    What lies inside what is read off the meetings' places (常州市钟楼区…会议).
    """
    fits = _area_fits(typed)
    districts = {v for v in index.values("district") if v and fits(v)}
    for meeting in index.values("meeting"):
        units = areas(meeting)
        if any(fits(unit) for unit in units):
            districts.add(units[-1])
    return sorted(districts)


def _section_fits(typed):
    wanted = analysis.normalize(typed)
    return lambda value: wanted in analysis.normalize(value)


def _first_day(date):
    return date + "-01-01"[len(date) - 4:] if 4 <= len(date) < 10 else date


def _last_day(date):
    return date + "-12-31"[len(date) - 4:] if 4 <= len(date) < 10 else date


def _date_fits(filters):
    """A date fits when its span (a day, a month or a year) overlaps the asked one."""
    year = filters.year
    since = _first_day(filters.since) if filters.since else ""
    until = _last_day(filters.until) if filters.until else ""

    def fits(value):
        return ((not year or value.startswith(year))
                and (not since or _last_day(value) >= since)
                and (not until or _first_day(value) <= until))
    return fits


def _rank(index, parsed, matched, limit):
    """The best ``limit`` (0: all) of ``matched`` as ``[(docnum, score)]``, best first.

    Tiers first: passages containing the whole query string, then the others.
    Within a tier, the BM25F score, then document order; passages that share no
    word with the query score 0.
    """
    if not matched:
        return []
    words = query_words(index, parsed)
    tiers = [matched]
    if parsed.whole:
        together = matched & index.find(parsed.whole)
        tiers = [together, matched - together]
    ranked = []
    for tier in tiers:
        wanted = (limit - len(ranked)) if limit else None
        if wanted == 0:
            break
        ranked.extend(_rank_tier(index, words, tier, wanted))
    return ranked


def query_words(index, parsed):
    """The jieba words of the query's positive terms, which ranking scores."""
    terms = [term for clause in parsed.positive for term in clause.terms]
    tokenizer = index.tokenizer_for(terms)
    return sorted({w for term in terms for w in analysis.words(term, tokenizer)})


def _rank_tier(index, words, docnums, wanted):
    """The best ``wanted`` (None: all) of ``docnums``, scored for ``words`` (none: all score 0)."""
    scored = index.score(words, docnums, wanted)
    ranked = sorted(scored.items(), key=lambda pair: (-round(pair[1], 9), pair[0]))[:wanted]
    if wanted is None or len(ranked) < wanted:
        # every scored passage is in: the rest share no word with the query
        rest = sorted(docnums - scored.keys())
        ranked.extend((d, 0.0) for d in rest[:None if wanted is None else wanted - len(ranked)])
    return ranked


def _hit(index, parsed, docnum, score):
    fields = index.stored(docnum)
    spans = analysis.find_spans(fields["text"], parsed.needles)
    short, short_spans = snippet(fields["text"], spans)
    return {**fields, "score": round(score, 4), "snippet": short,
            "snippet_matches": short_spans, "matches": spans}


def snippet(text, spans, width=SNIPPET_CHARS):
    """About ``width`` characters of ``text`` around the first matches, and the spans within it.

    A cut start falls after a punctuation mark where one is near enough before the
    first match, so that a snippet opens on a whole clause. Cut ends are marked
    with ``…``; line breaks become spaces.
    """
    if len(text) <= width:
        start, end = 0, len(text)
    else:
        first = spans[0][0] if spans else 0
        start = max(0, min(first - width // 4, len(text) - width))
        clause = max(text.rfind(mark, max(0, first - width // 2), first) for mark in _CLAUSE_ENDS)
        if start > 0 and clause >= 0:
            start = clause + 1
        end = min(len(text), start + width)
    inner = [[max(s, start) - start, min(e, end) - start] for s, e in spans if s < end and e > start]
    piece = text[start:end].replace("\n", " ")
    if start > 0:
        piece = "…" + piece
        inner = [[s + 1, e + 1] for s, e in inner]
    if end < len(text):
        piece += "…"
    return piece, inner


def facets(index, docnums):
    """``{field: {value: count}}`` over ``docnums`` for each of ``FACETS``, most frequent first."""
    out = {}
    for name in FACETS:
        counts = index.counts(name, docnums)
        counts.pop("", None)
        out[name] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return out

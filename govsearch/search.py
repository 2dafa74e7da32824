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
   Each text is then kept once (``Generation.once``): a copy of a passage in
   another document goes when its original matched too, unless the filters say
   ``all_copies``.
3. **Rank** — BM25F over jieba words of text, title and section (title and
   section weigh more). Passages that contain the whole query string come before
   those that only contain its parts apart; matched passages that share no jieba
   word with the query still appear, last.

Gives ``found`` dicts: ``query``, ``total``, ``hits`` (stored fields plus
``score``, ``snippet``, ``snippet_matches``, ``matches``, ``also_in``) and ``facets``.
"""

import re
from dataclasses import dataclass, fields
from datetime import datetime
from functools import reduce

import numpy as np

from . import analysis
from .index import union
from .errors import FilterError
from .query import parse

SNIPPET_CHARS = 120
CHUNK = 256  # hits read together: the bulk steps pay off, the memory stays that of a few hundred passages
FACETS = ("district", "province", "level", "body", "year", "meeting")
BODIES = ("人大", "政协")  # tags.PEOPLES_CONGRESS and tags.CPPCC (tests hold them equal)
EXACT = ("district", "province", "meeting", "section")  # the fields whose filters can be made exact with =
_CLAUSE_ENDS = "。；！？，、：;!?,"
_CLAUSE_END = re.compile(f"[{re.escape(_CLAUSE_ENDS)}]")


@dataclass
class Filters:
    """Tag filters; an empty value filters nothing. Made only with values that can be used.

    ``year`` is ``YYYY`` (a string or an int); ``since`` and ``until`` are
    ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming a real day; ``body`` is 人大 or
    政协. Anything else raises ``FilterError``.

    A value of ``district``, ``province``, ``meeting`` or ``section`` that begins
    with ``=`` is exact: ``=江苏省`` keeps the passages tagged 江苏省 and no place
    inside it (compare's rows are such exact values). ``=`` before the other
    fields' values changes nothing: they are exact already.

    ``all_copies`` is no tag: it keeps every copy of a text (``copies``), which
    are otherwise shown and counted once.
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
    all_copies: bool = False

    def __post_init__(self):
        self.all_copies = bool(self.all_copies)
        for f in fields(self):
            if f.name == "all_copies":
                continue
            value = getattr(self, f.name)
            value = "" if value is None else str(value).strip()
            if value.startswith("=") and f.name not in EXACT:
                value = value[1:].strip()
            if value == "=":
                raise FilterError(f"{f.name} '=': expected the exact tag value after =, such as =江苏省")
            setattr(self, f.name, value)
        if self.year and not re.fullmatch(r"\d{4}", self.year):
            raise FilterError(f"year {self.year!r}: expected a year such as 2024")
        for name in ("since", "until"):
            value = getattr(self, name)
            if value and not _is_day(value):
                raise FilterError(f"{name} {value!r}: expected a date such as 2024-01-31, 2024-01 or 2024")
        if self.level:
            from . import places  # the place table's module loads only for a place filter

            if self.level not in places.LEVELS:
                raise FilterError(f"level {self.level!r}: expected one of {', '.join(places.LEVELS)}")
        if self.body and self.body not in BODIES:
            raise FilterError(f"body {self.body!r}: expected {' or '.join(BODIES)}")

    def any(self):
        """True when a tag filter is set."""
        return any(v for k, v in vars(self).items() if k != "all_copies")


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


def search(index, text, filters=None, limit=20, offset=0, lazy=False):
    """Search ``index`` for the query string ``text``: hits ``offset`` to ``offset + limit`` (0: all).

    ``lazy`` gives ``hits`` as a generator: each passage is read as its hit is
    given, so that all the hits of a common word can be written out in the memory
    of one; the order, ``total`` and ``facets`` are known before the first.
    """
    parsed, matched = matching(index, text, filters)
    docnums, scores = _rank(index, parsed, matched, offset + limit if limit else 0)
    hits = hits_of(index, parsed, docnums[offset:].tolist(), scores[offset:].tolist())
    return {"query": text, "total": int(len(matched)), "hits": hits if lazy else list(hits),
            "facets": facets(index, matched)}


def matching(index, text, filters=None):
    """``(parsed, docnums)``: the query parsed, and every passage ``search`` counts in its ``total`` (ascending).

    The one matcher of the views (compare, figures, every hit): the literal match
    and the filters of ``search``, so that their counts are its counts.
    """
    parsed = parse(text)
    matched = _match(index, parsed)
    if filters is not None and filters.any():
        matched = np.intersect1d(matched, selected(index, filters), assume_unique=True)
    return parsed, once(index, matched, filters)


def once(index, docnums, filters=None):
    """``docnums`` with each text once (a copy goes when its original is there), unless ``filters.all_copies``."""
    if filters is not None and filters.all_copies:
        return docnums
    return index.once(docnums)


def also_in(index, docnum):
    """``[{id, source}]``: the passages of other documents holding the text of ``docnum`` (``copies``)."""
    return _sources_of(index, index.also_in(docnum))


def _sources_of(index, docnums):
    return [{"id": other["id"], "source": other["source"]} for other in map(index.stored, docnums)]


def ranked(index, parsed, docnums, limit=0):
    """``[(docnum, score)]``: the best ``limit`` (0: all) of ``docnums`` as ``search`` ranks them."""
    docnums, scores = _rank(index, parsed, np.unique(np.asarray(list(docnums), dtype=np.int64)), limit)
    return list(zip(docnums.tolist(), scores.tolist()))


def hit(index, parsed, docnum, score=0.0):
    """The ``found`` hit dict of one docnum: stored fields, score, snippet and match spans."""
    return _hit(index, parsed, docnum, score)


def in_order(index, filters=None):
    """Docnums of every passage that passes ``filters``, in document order."""
    wanted = selected(index, filters) if filters is not None and filters.any() else index.all_docnums()
    return index.in_order(once(index, wanted, filters))


def _match(index, parsed):
    """Docnums of the passages that match, ascending (a NumPy array).

    Each clause is looked for among the passages the clauses before it matched:
    the lines read to check a term are those that may still match the query.
    """
    def docs(clause, within):
        return reduce(union, [index.find(term, within) for term in clause.terms])

    matched = None
    for clause in parsed.positive:
        matched = docs(clause, matched)
    for clause in parsed.negative:
        matched = np.setdiff1d(matched, docs(clause, matched), assume_unique=True)
    return matched


def selected(index, filters):
    """Docnums that pass every filter: those carrying a tag value that fits what was typed."""
    from . import tags  # the tagger's patterns load only for a filter
    checks = {
        "province": filters.province and _area_fits(filters.province),
        "body": filters.body and (lambda value: value == filters.body),
        "level": filters.level and (lambda value: value == filters.level),
        "meeting": filters.meeting[:1] not in ("", "=") and tags.MeetingPattern.parse(filters.meeting).matches,
        "section": filters.section and _section_fits(filters.section),
        "date": (filters.year or filters.since or filters.until) and _date_fits(filters),
    }
    for name in EXACT:
        typed = getattr(filters, name)
        if typed.startswith("="):
            checks[name] = lambda value, wanted=typed[1:].strip(): value == wanted
    wanted = {}
    for name, fits in checks.items():
        if fits:
            wanted[name] = [v for v in index.values(name) if v and fits(v)]
    found = index.having(wanted) if wanted else None
    if filters.district and "district" not in wanted:
        inside = _in_place(index, filters.district)
        found = inside if found is None else np.intersect1d(found, inside, assume_unique=True)
    return index.all_docnums() if found is None else found


def _in_place(index, typed):
    """Docnums of a place or of a place inside it: ``江苏`` → 江苏省, 常州市, 常州市钟楼区 ….

    ``places.resolve`` reads what was typed (``钟楼``, ``南京 鼓楼``; an ambiguous name is an
    error listing its candidates); a name not in the division table falls back to the
    indexed areas it begins, or that its meetings' places name (``常州`` → 钟楼区, 天宁区).
    """
    from . import places

    place = places.resolve(typed)
    if place is None:
        return index.having({"district": _districts(index, typed)})
    found = np.empty(0, dtype=np.int64)
    for condition in places.conditions(place, index.values("district")):
        found = union(found, index.having({name: [value] for name, value in condition.items()}))
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
    from . import tags

    fits = _area_fits(typed)
    districts = {v for v in index.values("district") if v and fits(v)}
    for meeting in index.values("meeting"):
        units = tags.areas(meeting)
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
    """The best ``limit`` (0: all) of ``matched`` as arrays ``(docnums, scores)``, best first.

    Tiers first: passages containing the whole query string, then the others.
    Within a tier, the BM25F score, then document order; passages that share no
    word with the query score 0. Every match is scored (in NumPy, see
    ``Generation.scores``), so the order of all of them costs one sort.
    """
    if not len(matched):
        return matched, np.zeros(0)
    scores = index.scores(query_words(index, parsed), matched)
    apart = np.zeros(len(matched), dtype=bool)
    if parsed.whole:
        apart = ~np.isin(matched, index.find(parsed.whole, matched), assume_unique=True)
    order = np.lexsort((matched, -np.round(scores, 9), apart))[:limit or None]
    return matched[order], scores[order]


def query_words(index, parsed):
    """The jieba words of the query's positive terms, which ranking scores."""
    terms = [term for clause in parsed.positive for term in clause.terms]
    tokenizer = index.tokenizer_for(terms)
    return sorted({w for term in terms for w in analysis.words(term, tokenizer)})


def _hit(index, parsed, docnum, score):
    return next(hits_of(index, parsed, [docnum], [score]))


def hits_of(index, parsed, docnums, scores):
    """The ``found`` hit dicts of ``docnums`` (a list) with their ``scores``, in order, a generator.

    Read ``CHUNK`` at a time: the passages' tags looked up and their matches mapped
    back in bulk (``Generation.stored_many``, ``analysis.find_spans_many``), so a
    hit list of every match of a common word costs no Python loop per character.
    """
    chunk = CHUNK
    for at in range(0, len(docnums), chunk):
        wanted = docnums[at:at + chunk]
        passages = index.stored_many(wanted)
        spans = analysis.find_spans_many([p["text"] for p in passages], parsed.needles,
                                         index.normalized_many(wanted))
        others = index.also_in_many(wanted)
        for hit, found, score, elsewhere in zip(passages, spans, scores[at:at + chunk], others):
            hit["score"] = round(score, 4)  # each passage's dict is the hit's: made for this chunk, not copied
            hit["snippet"], hit["snippet_matches"] = snippet(hit["text"], found)
            hit["matches"], hit["also_in"] = found, _sources_of(index, elsewhere)
            yield hit


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
        if start > 0:
            mark = _CLAUSE_END.search(text[max(0, first - width // 2):first][::-1])  # the nearest before
            start = first - mark.start() if mark else start
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

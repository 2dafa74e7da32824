"""Searching: a parsed query and filters in, ranked hits with highlights out.

Three steps, each with one job:

1. **Match** — every normalized query string is looked for literally in the
   normalized corpus (``bytes.find`` over ``corpus.txt``). This, not Whoosh's
   postings, decides which passages match; hence grep parity: a passage whose text
   contains the query is never missed, however jieba cut either of them.
2. **Filter** — tag filters become Whoosh term queries over the distinct values
   that fit what the user typed (``钟楼`` → 钟楼区, ``十七届人大三次`` → the full
   meeting name), evaluated to a set of docnums.
3. **Rank** — Whoosh scores the matched passages with BM25F over jieba words of
   text, title and section (title and section weigh more). Passages that contain
   the whole query string come before those that only contain its parts apart;
   matched passages that share no jieba word with the query still appear, last.
"""

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from whoosh import query as wq

from . import analysis, places
from .query import parse
from .tags import MeetingPattern, areas

TITLE_BOOST = 2.0
SECTION_BOOST = 1.5
SNIPPET_CHARS = 120
_CLAUSE_ENDS = "。；！？，、：;!?,"


@dataclass
class Filters:
    """Tag filters; an empty value filters nothing."""

    district: str = ""
    level: str = ""
    body: str = ""
    meeting: str = ""
    section: str = ""
    year: str = ""
    since: str = ""
    until: str = ""

    def any(self):
        return any(vars(self).values())


@dataclass
class Results:
    query: str
    total: int
    hits: list
    facets: dict = field(default_factory=dict)


def search(index, text, filters=None, limit=20):
    """Search ``index`` for the query string ``text``; ``limit`` 0 returns every hit."""
    parsed = parse(text)
    matched = _match(index, parsed)
    if filters is not None and filters.any():
        matched &= _filter(index, filters)
    ranked = _rank(index, parsed, matched, limit)
    hits = [_hit(index, parsed, docnum, score) for docnum, score in ranked]
    return Results(text, len(matched), hits, _facets(index, matched))


def find_literal(index, needle):
    """Docnums whose normalized text contains the normalized string ``needle``."""
    data, offsets = index.corpus()
    pattern = analysis.normalize(needle).encode("utf-8")
    found = set()
    if not pattern:
        return found
    position = data.find(pattern)
    while position != -1:
        line = bisect_right(offsets, position) - 1
        found.add(line)
        position = data.find(pattern, offsets[line + 1])
    return found


def _match(index, parsed):
    def docs(clause):
        found = set()
        for term in clause.terms:
            found |= find_literal(index, term)
        return found

    matched = None
    for clause in parsed.positive:
        found = docs(clause)
        matched = found if matched is None else matched & found
    for clause in parsed.negative:
        matched -= docs(clause)
    return matched


def _filter(index, filters):
    """Docnums that pass every filter, by Whoosh term queries over fitting tag values."""
    checks = {
        "body": filters.body and (lambda value: value == filters.body),
        "level": filters.level and (lambda value: value == filters.level),
        "meeting": filters.meeting and MeetingPattern.parse(filters.meeting).matches,
        "section": filters.section and _section_fits(filters.section),
        "date": (filters.year or filters.since or filters.until) and _date_fits(filters),
    }
    parts = [_area_terms(index, filters.district)] if filters.district else []
    for name, fits in checks.items():
        if fits:
            parts.append([wq.Term(name, v) for v in index.values(name) if v and fits(v)])
    queries = [wq.Or(terms) if terms else wq.NullQuery for terms in parts]
    return set(index.searcher.docs_for_query(wq.And(queries)))


def _area_terms(index, typed):
    """Passages of a place or of a place inside it: ``江苏`` → 江苏省, 常州市, 常州市钟楼区 ….

    ``places.resolve`` reads what was typed (``钟楼``, ``南京 鼓楼``; an ambiguous name is an
    error listing its candidates); a name not in the division table falls back to the
    indexed areas it begins, or that its meetings' places name (``常州`` → 钟楼区, 天宁区).
    """
    place = places.resolve(typed)
    if place is not None:
        wanted = places.conditions(place, index.values("district"))
        return [wq.And([wq.Term(name, value) for name, value in sorted(fields.items())]) for fields in wanted]
    wanted = analysis.normalize(typed)

    def fits(area):
        area = analysis.normalize(area)
        return area.startswith(wanted) or wanted.endswith(area)
    districts = {v for v in index.values("district") if v and fits(v)}
    for meeting in index.values("meeting"):
        units = areas(meeting)
        if any(fits(unit) for unit in units):
            districts.add(units[-1])
    return [wq.Term("district", v) for v in sorted(districts)]


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
    Within a tier, Whoosh's BM25F score, then document order; passages that share
    no word with the query score 0. Asking Whoosh for the top ``limit`` only lets
    it skip blocks of postings that cannot make the cut.
    """
    if not matched:
        return []
    scoring = scoring_terms(index, parsed)
    tiers = [matched]
    if parsed.whole:
        together = matched & find_literal(index, parsed.whole)
        tiers = [together, matched - together]
    ranked = []
    for tier in tiers:
        wanted = (limit - len(ranked)) if limit else None
        if wanted == 0:
            break
        ranked.extend(_rank_tier(index, scoring, tier, wanted))
    return ranked


def scoring_terms(index, parsed):
    """Whoosh term queries for the jieba words of the query's terms, in text, title and section."""
    terms = [term for clause in parsed.positive for term in clause.terms]
    tokenizer = index.tokenizer_for(terms)
    words = sorted({w for term in terms for w in analysis.words(term, tokenizer)})
    return [wq.Term(fieldname, w, boost=boost)
            for w in words
            for fieldname, boost in (("text", 1.0), ("title", TITLE_BOOST), ("section_words", SECTION_BOOST))]


def _rank_tier(index, scoring, docnums, wanted):
    """The best ``wanted`` (None: all) of ``docnums``, scored by the ``scoring`` terms (none: all score 0)."""
    if not scoring or not docnums:
        return [(d, 0.0) for d in sorted(docnums)[:wanted]]
    postings = sum(index.searcher.doc_frequency(t.fieldname, t.text) for t in scoring)
    if len(docnums) * len(scoring) < postings:
        scored = score_each(index, scoring, docnums)
    else:
        found = index.searcher.search(wq.Or(scoring), filter=docnums, limit=wanted)
        scored = {hit.docnum: hit.score for hit in found}
    ranked = sorted(scored.items(), key=lambda pair: (-round(pair[1], 9), pair[0]))[:wanted]
    if wanted is None or len(ranked) < wanted:
        # every scored passage is in: the rest share no word with the query
        rest = sorted(docnums - scored.keys())
        ranked.extend((d, 0.0) for d in rest[:None if wanted is None else wanted - len(ranked)])
    return ranked


def score_each(index, scoring, docnums):
    """Whoosh's scores of a few ``docnums``, found by skipping to each in every term's postings.

    Cheaper than letting Whoosh walk every posting of common words only to filter
    them out; the matchers and the BM25F scorer are Whoosh's own, so the scores are
    the same as those of ``Or(scoring)``.
    """
    ordered = sorted(docnums)
    scores = {}
    for leaf, offset in index.searcher.leaf_searchers():
        size = leaf.doc_count_all()
        local = [d - offset for d in ordered[bisect_left(ordered, offset):bisect_left(ordered, offset + size)]]
        for term in scoring:
            matcher = term.matcher(leaf)
            for docnum in local:
                if not matcher.is_active():
                    break
                if matcher.id() < docnum:
                    matcher.skip_to(docnum)
                if matcher.is_active() and matcher.id() == docnum:
                    scores[docnum + offset] = scores.get(docnum + offset, 0.0) + matcher.score()
    return scores


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


def _facets(index, docnums):
    facets = {}
    for name in ("province", "district", "level", "body"):
        column = index.column(name)
        counts = Counter(column[d] for d in docnums)
        counts.pop("", None)
        facets[name] = dict(counts.most_common())
    return facets

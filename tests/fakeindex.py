"""A hand-made index keeping the ``govsearch.Index`` contract, for the web tests that need what the real one lacks.

The browser tests and the API-vs-CLI test run over a real index of the seeds;
this one stays for the web layer's own tests, because it can be made to fail
or to catch two threads at once, and its compare data is known by
construction. It answers ``search``,
``passage``, ``compare`` and ``similar`` over a small
collection written here (three places, three years, both bodies, and one
hostile report), with plain substring matching: the web layer is what is
under test, not ranking. Hits and passages are dataclasses with ``to_dict()``
giving the documented flat JSON keys.
"""

import threading
import time
from dataclasses import dataclass, field

from govsearch.errors import NotFound, QueryError

PASSAGE_KEYS = ("id", "source", "title", "district", "province", "city", "level", "body", "meeting",
                "section", "date", "speaker", "page", "format", "text")
TAG_KEYS = ("district", "province", "city", "level", "body", "meeting", "section", "date", "speaker", "page")

HOSTILE = ('报告写明<script>document.title="pwned";window.__pwned=1</script>营商环境'
           '<img src=x onerror="document.title=\'pwned\';window.__pwned=1">'
           '"quoted" & \'single\' </textarea></title><!-- 结束 -->')

PLACES = (("钟楼区", "江苏省", "常州市", "区"), ("天宁区", "江苏省", "常州市", "区"), ("杭州市", "浙江省", "杭州市", "市"))
YEARS = (2023, 2024, 2025)
SENTENCES = (
    "持续优化营商环境，打造市场化法治化国际化一流营商环境。",
    "推动新质生产力加快发展，培育壮大新兴产业。",
    "办好民生实事，完善养老服务体系。",
    "深化改革开放，着力优化营商环境，激发经营主体活力。",
    "加强生态环境保护，推进美丽城市建设。",
)


@dataclass
class Passage:
    id: str
    source: str
    title: str
    text: str
    tags: dict
    doc: int = 0
    before: "Passage" = None
    after: "Passage" = None
    provenance: dict = field(default_factory=dict)
    sources: list = field(default_factory=list)  # those of ``api.Passage``
    also_in: list = field(default_factory=list)
    moved_from: str = None
    earlier_text_at: str = None

    def to_dict(self):
        flat = {"id": self.id, "source": self.source, "title": self.title, **self.tags, "text": self.text,
                "format": "txt"}
        return {key: flat.get(key, "") for key in PASSAGE_KEYS}


@dataclass
class Hit:
    id: str
    score: float
    text: str
    snippet: str
    snippet_matches: list
    matches: list
    source: str
    title: str
    tags: dict

    def to_dict(self):
        flat = {"id": self.id, "score": self.score, "source": self.source, "title": self.title, **self.tags,
                "text": self.text, "format": "txt"}
        out = {key: flat.get(key, "") for key in ("id", "score", *PASSAGE_KEYS[1:])}
        out.update(snippet=self.snippet, snippet_matches=self.snippet_matches, matches=self.matches)
        return out


@dataclass
class Results:
    query: str
    total: int
    hits: list
    facets: dict = field(default_factory=dict)

    def to_dict(self):
        return {"query": self.query, "total": self.total, "hits": [h.to_dict() for h in self.hits],
                "facets": self.facets}


@dataclass
class Similar:
    hits: list

    def to_dict(self):
        return {"hits": [h.to_dict() for h in self.hits]}


def collection():
    """The documents: one per place, year and body, five passages each; then the hostile report."""
    documents = []
    for p, (district, province, city, level) in enumerate(PLACES):
        for year in YEARS:
            for body in ("人大", "政协"):
                meeting = f"{city}{district if district != city else ''}第{year - 2006}次{body}会议"
                tags = {"district": district, "province": province, "city": city, "level": level, "body": body,
                        "meeting": meeting, "section": "", "date": f"{year}-01-0{p + 1}", "speaker": "",
                        "page": ""}
                title = f"{district}{year}年{body}报告"
                texts = [f"{district}{year}年：{s}" for s in SENTENCES]
                documents.append((f"/reports/{district}-{year}-{body}.txt", title, tags, texts))
    hostile_tags = {"district": "黑客区", "province": "江苏省", "city": "", "level": "区", "body": "人大",
                    "meeting": "<b>会议</b>", "section": "<i>章节</i>", "date": "2024-02-02", "speaker": "",
                    "page": ""}
    documents.append(("/reports/<script>alert(1)</script>.txt", "<script>alert('title')</script>标题",
                      hostile_tags, ["开头一段。", HOSTILE, "结尾一段。"]))
    return documents


class FakeIndex:
    """The contract's methods over ``collection()``; ``exclusive`` makes overlapping calls fail loudly."""

    def __init__(self, exclusive=False, delay=0.0):
        self.passages_list = []
        for d, (source, title, tags, texts) in enumerate(collection()):
            previous = None
            for n, text in enumerate(texts):
                passage = Passage(f"doc{d:02d}-{n:04d}", source, title, text, dict(tags), doc=d)
                if previous:
                    previous.after, passage.before = passage, previous
                self.passages_list.append(passage)
                previous = passage
        self.exclusive = exclusive
        self.delay = delay
        self.calls = 0
        self._inside = threading.Lock()

    # the contract
    def search(self, q, district=None, province=None, level=None, body=None, year=None,
               since=None, until=None, meeting=None, section=None, limit=20, offset=0):
        with self._guard():
            terms = q.split()
            if not terms:
                raise QueryError("the query is empty")
            if since and since > "2100":
                raise QueryError(f"--since {since} is after every passage")
            wanted = {"district": district, "province": province, "level": level, "body": body,
                      "meeting": meeting, "section": section}
            matched = [p for p in self.passages_list
                       if all(t in p.text for t in terms)
                       and all(not v or p.tags[k] == v or (k == "district" and p.tags["province"] == v)
                               or (v.startswith("=") and p.tags[k] == v[1:])  # exact: that value alone
                               for k, v in wanted.items())
                       and (year is None or p.tags["date"][:4] == str(year))]
            hits = matched[offset:offset + limit] if limit else matched[offset:]
            return Results(q, len(matched), [self._hit(p, terms) for p in hits], self._facets(matched))

    def passage(self, passage_id):
        with self._guard():
            for p in self.passages_list:
                if p.id == passage_id:
                    return p
            raise NotFound(f"no passage has the id {passage_id}")

    def document(self, doc):
        found = [p for p in self.passages_list if p.id.rpartition("-")[0] == doc]
        if not found:
            raise NotFound(f"no document with id {doc!r}")
        return found

    def sources(self, doc):
        return [self.document(doc)[0].source]

    def origin(self, source):
        return self.collection().origin(source)

    def collection(self):
        """The collection is ``/reports``, which sources are shown relative to; no file is on disk."""
        from govsearch.api import Collection

        return Collection({}, ["/reports"])

    def iter_hits(self, q, **filters):
        """Every hit, unranked, in document order (the collection's order here)."""
        return iter(self.search(q, limit=0, **filters).hits)

    def similar(self, passage_id, limit=5):
        me = self.passage(passage_id)
        others = [p for p in self.passages_list if p.doc != me.doc and p.text[-12:] == me.text[-12:]]
        return Similar([self._hit(p, [me.text[-12:-1]]) for p in others[:limit]])

    def compare(self, q, by, then=None, **filters):
        matched = self.search(q, limit=0, **filters)
        rows = {}
        for hit in matched.hits:
            fields = hit.to_dict()
            value = _field(fields, by)
            row = rows.setdefault(value, {"value": value, "passages": 0, "docs": set(), "years": [],
                                          "cells": {}, "best": None})
            row["passages"] += 1
            row["docs"].add(fields["source"])
            row["years"].append(int(fields["date"][:4]))
            if then:
                column = _field(fields, then)
                row["cells"][column] = row["cells"].get(column, 0) + 1
            if row["best"] is None:
                row["best"] = {k: fields[k] for k in ("id", "snippet", "snippet_matches")}
        out = []
        for row in sorted(rows.values(), key=lambda r: -r["passages"]):
            docs, years = row.pop("docs"), row.pop("years")
            out.append({**row, "documents": len(docs), "first": min(years), "last": max(years)})
        return {"query": q, "by": by, "then": then, "total": matched.total, "rows": out}

    # helpers
    def matching(self, term, **wanted):
        """The passages the tests expect for ``term`` (what a grep would find), filtered exactly."""
        return [p for p in self.passages_list if term in p.text
                and all(p.tags[k] == v for k, v in wanted.items())]

    def _hit(self, p, terms):
        spans = sorted((i, i + len(t)) for t in terms for i in _find_all(p.text, t))
        return Hit(p.id, round(10.0 / (1 + len(p.text)), 4), p.text, p.text, spans, spans, p.source, p.title,
                   dict(p.tags))

    def _facets(self, matched):
        facets = {}
        for name in ("district", "province", "level", "body", "year", "meeting"):
            counts = {}
            for p in matched:
                value = p.tags["date"][:4] if name == "year" else p.tags[name]
                if value:
                    counts[value] = counts.get(value, 0) + 1
            facets[name] = dict(sorted(counts.items(), key=lambda kv: -kv[1]))
        return facets

    def _guard(self):
        index = self

        class Guard:
            def __enter__(self):
                index.calls += 1
                if index.exclusive and not index._inside.acquire(blocking=False):
                    raise AssertionError("two threads used the index at once")
                time.sleep(index.delay)

            def __exit__(self, *exc):
                if index.exclusive:
                    index._inside.release()
        return Guard()


def _field(fields, name):
    return fields["date"][:4] if name == "year" else fields[name]


def _find_all(text, term):
    start = text.find(term)
    while start != -1:
        yield start
        start = text.find(term, start + len(term))

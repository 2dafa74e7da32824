"""The public API: ``govsearch.Index`` and the plain dataclasses it gives.

Takes an index folder; gives searches, passages and statistics as dataclasses
whose ``to_dict()`` is flat, with the keys of ``schema.PASSAGE_KEYS`` in order.
Everything the CLI, the analyst views and the web server need goes through here;
every error is a ``errors.GovsearchError`` with a one-line message.
"""

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from . import manifest
from . import search as search_mod
from .errors import FilterError, NotFound
from .index import Generation
from .schema import TAG_KEYS
from .storage import DEFAULT_MAX_SIZE_MB

# the views load when a method needs them (a query needs none); their dataclasses are
# part of the API all the same, named here and loaded on first use
_VIEWS = {"Comparison": "compare", "Figure": "figures", "Figures": "figures", "SORTS": "listing",
          "DocumentHits": "listing", "Term": "terms", "Terms": "terms"}


def __getattr__(name):
    if name in _VIEWS:
        module = importlib.import_module(f".views.{_VIEWS[name]}", __package__)
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _hits(generation, parsed, pairs):
    """``Hit``s of ``[(docnum, score)]``, in that order, read a chunk at a time (``search.hits_of``)."""
    pairs = list(pairs)
    return [Hit.from_fields(found) for found in search_mod.hits_of(generation, parsed, [int(d) for d, _ in pairs],
                                                                    [s for _, s in pairs])]


def _tags(fields):
    return {key: fields.get(key) for key in TAG_KEYS}


def _flat(item):
    """The passage keys of a ``Passage`` or ``Hit``, in ``PASSAGE_KEYS`` order (the tags between title and format)."""
    tags = item.tags
    return {"id": item.id, "source": item.source, "title": item.title, **{key: tags.get(key) for key in TAG_KEYS},
            "format": item.format, "text": item.text}


@dataclass
class Passage:
    """One passage: its text, tags (``TAG_KEYS``), where it came from, and its neighbours in the document."""

    id: str
    source: str
    title: str
    text: str
    format: str = ""
    tags: dict = field(default_factory=dict)
    provenance: dict = field(default_factory=dict)
    before: Optional["Passage"] = None
    after: Optional["Passage"] = None
    sources: list = field(default_factory=list)  # ``show``: every file holding the document, ``source`` first
    also_in: list = field(default_factory=list)  # ``show``: [{id, source}] of other documents' copies of the text
    moved_from: Optional[str] = None  # ``show``: the earlier id asked for, when its text is at ``id`` now
    earlier_text_at: Optional[str] = None  # ``show``: where the text this id held before a new cut is now ("": gone)

    @classmethod
    def from_fields(cls, fields):
        return cls(id=fields["id"], source=fields["source"], title=fields["title"], text=fields["text"],
                   format=fields.get("format", ""), tags=_tags(fields), provenance=fields.get("provenance") or {})

    def to_dict(self):
        """The flat passage keys (``PASSAGE_KEYS``); neighbours and provenance are left to the caller."""
        return _flat(self)


@dataclass
class Hit:
    """A passage that matched, with its score and where the query occurs in it.

    ``matches`` are ``[start, end]`` offsets into ``text``; ``snippet_matches`` the
    same for ``snippet``.
    """

    id: str
    score: float
    source: str
    title: str
    text: str
    snippet: str
    snippet_matches: list
    matches: list
    format: str = ""
    tags: dict = field(default_factory=dict)
    before: Optional[list] = None  # with ``context``: the passages before and after, nearest last / first
    after: Optional[list] = None
    also_in: list = field(default_factory=list)  # [{id, source}]: the same text in other documents

    @classmethod
    def from_fields(cls, fields):
        return cls(id=fields["id"], score=fields["score"], source=fields["source"], title=fields["title"],
                   text=fields["text"], snippet=fields["snippet"], snippet_matches=fields["snippet_matches"],
                   matches=fields["matches"], format=fields.get("format", ""), tags=_tags(fields),
                   also_in=fields.get("also_in", []))

    def to_dict(self):
        flat = _flat(self)
        out = {"id": flat.pop("id"), "score": self.score, **flat,
               "snippet": self.snippet, "snippet_matches": self.snippet_matches, "matches": self.matches,
               "also_in": self.also_in}
        if self.before is not None:
            out["before"] = [p.to_dict() for p in self.before]
            out["after"] = [p.to_dict() for p in self.after]
        return out


@dataclass
class Origin:
    """Where a passage's ``source`` is on disk, as the index knows it.

    ``file`` is the file indexed (an archive, for a member), ``member`` the
    member's name inside it ("" for a file), ``digest`` the SHA-256 ``file`` had
    when indexed ("" when the index does not know it), ``relative`` the source
    shown relative to its collection (``manifest.relative``), ``root`` the folder
    given to ``index`` that it was found under ("" for a file named directly).
    """

    source: str
    file: str
    member: str
    digest: str
    relative: str
    root: str = ""


@dataclass
class Collection:
    """The files indexed (``{path: SHA-256}``) and the folders given to ``index`` (``roots``)."""

    files: dict
    roots: list

    def origin(self, source):
        """The ``Origin`` of a passage's ``source``: the indexed file holding it, its digest, its relative name."""
        file = source
        while file not in self.files and "/" in file.strip("/"):
            file = file.rsplit("/", 1)[0]  # a member of an archive: the archive is what was indexed
        if file not in self.files:
            file = source
        return Origin(source=source, file=file, member=source[len(file) + 1:], digest=self.files.get(file, ""),
                      relative=manifest.relative(source, file, self.roots), root=manifest.root_of(file, self.roots))


@dataclass
class Results:
    """A search: ``total`` matches, the ``hits`` asked for, and ``facets`` ({field: {value: count}}) of all."""

    query: str
    total: int
    hits: list
    facets: dict
    offset: int = 0  # how many hits came before ``hits`` (not in the JSON: the caller asked for it)

    def to_dict(self):
        return {"query": self.query, "total": self.total, "hits": [h.to_dict() for h in self.hits],
                "facets": self.facets}


@dataclass
class UpdateReport:
    """What ``Index.update`` did; ``skipped`` lists ``(path, reason)`` of files not indexed."""

    added: int
    changed: int
    unchanged: int
    removed: int
    passages: int
    seconds: float
    skipped: list
    files: int = 0
    upgraded: bool = False  # the index was written by another govsearch: every file in it was read again
    named_skipped: int = 0  # how many of ``skipped`` were named in ``paths`` rather than met in a folder
    other_types: str = ""  # "skipped 14 files of other types: .xls 9, .jpg 5": files met in folders, not read
    resumed: int = 0  # files a killed run of the same command had committed, not read again
    identical: int = 0  # files in the index that are byte-identical copies of another: one document, several sources
    copies: int = 0  # passages in the index whose text another document holds (counted once, see ``search``)

    def to_dict(self):
        return {**vars(self), "skipped": [list(s) for s in self.skipped]}


@dataclass
class Stats:
    """How many passages and documents, and passages per value of each field in ``counts``."""

    passages: int
    documents: int
    counts: dict
    formats: dict = field(default_factory=dict)  # documents (not passages) per format: pdf, docx, html …
    identical: int = 0  # files that are byte-identical copies of another (not counted in ``documents``)
    copies: int = 0  # of ``passages``, those whose text another document holds (not counted in ``counts``)
    ocr: int = 0  # documents with pages read by OCR

    def to_dict(self):
        return {"passages": self.passages, "documents": self.documents, "identical": self.identical,
                "copies": self.copies, "formats": self.formats, "ocr": self.ocr, **self.counts}


class Index:
    """A govsearch index, opened: ``Index(path)`` raises ``errors.IndexMissing`` when there is none.

    It reads the generation that was live when it was opened (or last updated or
    refreshed through it), whatever other processes write meanwhile: answers
    never change under a caller between two calls. ``refresh()`` moves it to the
    generation live now.
    """

    def __init__(self, path):
        self.path = Path(path)
        self._generation = Generation(self.path)

    @property
    def outdated(self):
        """True when an older govsearch wrote the index: it answers the same, but each opening first makes in
        memory the arrays a query reads (seconds at 100 k passages) until ``update`` writes them."""
        return self._generation.outdated

    @classmethod
    def create(cls, path):
        """Make an empty index at ``path`` (replacing any index there) and open it."""
        from . import build  # the readers, splitter and tagger load only to write an index

        build.create(path)
        return cls(path)

    def update(self, paths, rebuild=False, progress=None, max_size_mb=DEFAULT_MAX_SIZE_MB, on_skip=None,
               max_pages=None, cluster=None):
        """Index the files and folders ``paths``: new files added, changed ones replaced, vanished ones dropped.

        ``rebuild`` starts from empty. Files that cannot be read, or are over
        ``max_size_mb``, or have more than ``max_pages`` scanned pages to read by
        OCR (default ``readers.ocr.MAX_PAGES``), are skipped and listed in the
        report (and, as they come, passed to ``on_skip(path, reason)``).
        ``progress(results, length)`` may wrap the stream of per-file results, and
        before it that of the scanned pages read by OCR (``("ocr", path, page)``). A run killed or interrupted before
        it finished is taken up by the next run of the same update (same
        ``paths`` and ``rebuild``): the files of its committed batches are not
        read again (``resumed``). Raises ``errors.IndexBusy`` when another
        process is writing this index. ``cluster`` (``cluster.connect``) reads
        the files on a Dask cluster's workers.
        """
        from . import build

        summary = build.update(self.path, [str(p) for p in paths], rebuild=rebuild, progress=progress,
                               on_error=on_skip, max_bytes=None if max_size_mb is None else int(max_size_mb * 1e6),
                               max_pages=max_pages, cluster=cluster)
        self._reopen()
        return UpdateReport(added=summary.added, changed=summary.changed, unchanged=summary.unchanged,
                            removed=summary.removed, passages=summary.passages, seconds=summary.seconds,
                            skipped=list(summary.skipped), files=summary.files, upgraded=summary.upgraded,
                            named_skipped=summary.named_skipped, other_types=summary.other_types,
                            resumed=summary.resumed, identical=summary.identical, copies=summary.copies)

    def refresh(self):
        """Answer from the generation live now, if another process has committed one since; True when moved.

        Costs one read of a small file when nothing changed. The generation left
        is closed when nothing reads it any more (a streamed ``iter_hits`` or
        ``stream`` still going keeps it, and its files, until it ends).
        """
        if self._generation.is_live():
            return False
        self._reopen()
        return True

    def _reopen(self):
        self._generation = Generation(self.path)  # the one left is released when no answer still reads it

    def search(self, query, district=None, body=None, year=None, since=None, until=None, meeting=None,
               section=None, level=None, province=None, all_copies=False, limit=20, offset=0, sort="score", context=0):
        """Passages containing ``query`` (see the README's query syntax), ranked; ``limit`` 0 gives all.

        ``sort`` is ``score`` (the ranking), ``date`` (newest first) or
        ``district``; ``context`` N gives each hit the N passages before and
        after it in its document (``Hit.before``, ``Hit.after``). Raises
        ``errors.QueryError`` for a query with nothing to search and
        ``errors.FilterError`` for a filter that cannot be used (a date that does
        not exist).
        """
        filters = _filters(district, province, body, meeting, section, level, year, since, until, all_copies)
        generation = self._generation
        if sort == "score":
            found = search_mod.search(generation, query, filters, limit=limit, offset=offset)
            hits = [Hit.from_fields(h) for h in found["hits"]]
            total, facets = found["total"], found["facets"]
        else:
            from .views import listing

            if sort not in listing.SORTS:
                raise FilterError(f"sort {sort!r}: expected one of {', '.join(listing.SORTS)}")
            parsed, matched, page = listing.ordered(generation, query, filters, sort, limit, offset)
            hits = _hits(generation, parsed, page)
            total, facets = int(len(matched)), search_mod.facets(generation, matched)
        if context:
            for hit in hits:
                hit.before, hit.after = self.context(hit.id, context)
        return Results(query=query, total=total, hits=hits, facets=facets, offset=offset)

    def context(self, passage_id, n):
        """``(before, after)``: up to ``n`` passages each side of ``passage_id`` in its document, in order."""
        generation = self._generation
        around = {}
        for side, steps in (("before", range(-n, 0)), ("after", range(1, n + 1))):
            docnums = [generation.passage_at(passage_id, step) for step in steps]
            around[side] = [Passage.from_fields(generation.stored(d)) for d in docnums if d is not None]
        return around["before"], around["after"]

    def iter_hits(self, query, district=None, body=None, year=None, since=None, until=None, meeting=None,
                  section=None, level=None, province=None, all_copies=False):
        """Every hit of ``query``, unranked (score 0), in document order, as a generator.

        The matches are found before the first hit is given (a bad query raises
        then); each hit's passage is read as it is given.
        """
        from .views import listing

        filters = _filters(district, province, body, meeting, section, level, year, since, until, all_copies)
        generation = self._generation  # the hits come from this one even if the index is refreshed meanwhile
        parsed, docnums = listing.every(generation, query, filters)

        def hits():  # read a chunk at a time (``search.hits_of``), in this order, unscored
            order = [int(d) for d in docnums]
            for found in search_mod.hits_of(generation, parsed, order, [0.0] * len(order)):
                yield Hit.from_fields(found)
        return hits()

    def files(self, query, district=None, body=None, year=None, since=None, until=None, meeting=None,
              section=None, level=None, province=None, all_copies=False):
        """``(total, [DocumentHits])``: the documents holding matches of ``query``, most matches first."""
        from .views import listing

        filters = _filters(district, province, body, meeting, section, level, year, since, until, all_copies)
        return listing.by_document(self._generation, query, filters)

    def compare(self, query, by, then=None, district=None, body=None, year=None, since=None, until=None,
                meeting=None, section=None, level=None, province=None, all_copies=False):
        """The matches of ``query`` counted per value of ``by`` (and of ``then``): a ``Comparison``.

        ``by`` and ``then`` are district, province, level, body, year, meeting or
        section. Totals are ``search``'s: the same matcher and filters.
        """
        from .views import compare as compare_mod

        filters = _filters(district, province, body, meeting, section, level, year, since, until, all_copies)
        return compare_mod.compare(self._generation, query, by, then, filters)

    def figures(self, indicator, by=None, then=None, kind=None, district=None, body=None, year=None, since=None,
                until=None, meeting=None, section=None, level=None, province=None, all_copies=False):
        """The figures stated for ``indicator`` (targets and outcomes): ``Figures``, a table with ``by``."""
        from .views import figures as figures_mod

        filters = _filters(district, province, body, meeting, section, level, year, since, until, all_copies)
        return figures_mod.figures(self._generation, indicator, filters, by=by, then=then, kind=kind)

    def similar(self, passage_id, limit=10, same_document=False, district=None, body=None, year=None, since=None,
                until=None, meeting=None, section=None, level=None, province=None, all_copies=False):
        """Passages most like ``passage_id`` in other documents (or its own too), as ``Results``."""
        from .views import similar as similar_mod

        filters = _filters(district, province, body, meeting, section, level, year, since, until, all_copies)
        generation = self._generation
        found = similar_mod.similar(generation, passage_id, limit, filters, same_document)
        hits = _hits(generation, _NO_QUERY, found)
        return Results(query=passage_id, total=len(hits), hits=hits,
                       facets=search_mod.facets(generation, {d for d, _ in found}))

    def terms(self, limit=20, vs=None, district=None, body=None, year=None, since=None, until=None, meeting=None,
              section=None, level=None, province=None, all_copies=False):
        """The distinctive words of the passages passing the filters, against ``vs`` (a dict of filters) or the rest."""
        from .views import terms as terms_mod

        filters = _filters(district, province, body, meeting, section, level, year, since, until, all_copies)
        against = None
        if vs:
            unknown = set(vs) - set(search_mod.Filters.__dataclass_fields__)
            if unknown:
                raise FilterError(f"vs {', '.join(sorted(unknown))}: not a filter")
            against = search_mod.Filters(**vs)
        return terms_mod.terms(self._generation, filters, against, limit)

    def stream(self, query, district=None, body=None, year=None, since=None, until=None, meeting=None,
               section=None, level=None, province=None, all_copies=False, offset=0):
        """Every hit of ``query``, in ``search``'s order: ``Results`` whose ``hits`` is a generator of ``Hit``.

        ``total`` and ``facets`` are known at once; each passage is read as its hit
        is given, so writing out all the hits of a common word takes the memory of
        one. Read the hits while the index is open. Errors are ``search``'s, raised here.
        """
        filters = _filters(district, province, body, meeting, section, level, year, since, until, all_copies)
        found = search_mod.search(self._generation, query, filters, limit=0, offset=offset, lazy=True)
        return Results(query=found["query"], total=found["total"],
                       hits=(Hit.from_fields(h) for h in found["hits"]), facets=found["facets"], offset=offset)

    def passage(self, passage_id):
        """The passage ``passage_id`` with ``before`` and ``after`` (None at the document's edges).

        An id an earlier cut of the document gave (before a govsearch upgrade, or
        derived from the file's path before ids were derived from its bytes) gives
        the passage holding its text now, with ``moved_from`` set; one whose text
        is no longer there raises ``errors.Gone``. An id that holds another text
        than it held before the document was cut anew shows what it holds now, and
        says in ``earlier_text_at`` where its earlier text went. ``sources`` lists
        every file holding the document, ``also_in`` the same text in other documents.
        """
        generation = self._generation
        docnum, moved = generation.resolve(passage_id)
        found = Passage.from_fields(generation.stored(docnum))
        before, after = generation.neighbours(found.id)
        found.before = None if before is None else Passage.from_fields(generation.stored(before))
        found.after = None if after is None else Passage.from_fields(generation.stored(after))
        found.sources = generation.sources(found.id.rpartition("-")[0]) or [found.source]
        found.also_in = search_mod.also_in(generation, docnum)
        found.moved_from = passage_id if moved else None
        if not moved:
            earlier = generation.earlier(passage_id)
            if earlier != docnum:
                found.earlier_text_at = "" if earlier is None else generation.stored(earlier)["id"]
        return found

    def document(self, doc):
        """The passages of the document ``doc`` (the part of a passage id before its position), in order."""
        generation = self._generation
        found = [Passage.from_fields(generation.stored(d)) for d in generation.document(doc).tolist()]
        if not found:
            raise NotFound(f"no document with id {doc!r}")
        return found

    def sources(self, doc):
        """The paths of the files holding the document ``doc`` (byte-identical copies), first in path order."""
        return self._generation.sources(doc) or [self.document(doc)[0].source]

    def origin(self, source):
        """The ``Origin`` of a passage's ``source``: the indexed file holding it, its digest, its relative name."""
        return self.collection().origin(source)

    def collection(self):
        """The files this index was made of, and the folders given to ``index``: a ``Collection``."""
        return Collection(self._generation.files, self._generation.roots)

    def passages(self, district=None, body=None, year=None, since=None, until=None, meeting=None,
                 section=None, level=None, province=None, all_copies=False):
        """Every passage that passes the filters (those of ``search``), in document order."""
        filters = _filters(district, province, body, meeting, section, level, year, since, until, all_copies)
        generation = self._generation
        docnums = search_mod.in_order(generation, filters).tolist()
        for at in range(0, len(docnums), search_mod.CHUNK):  # read together: their tags looked up at once
            for fields in generation.stored_many(docnums[at:at + search_mod.CHUNK]):
                yield Passage.from_fields(fields)

    def stats(self):
        """Passages, documents, and passages per value of district, province, body, year and meeting.

        The counts per value count each text once (``copies``); ``passages`` counts every passage indexed.
        """
        generation = self._generation
        docnums = generation.all_docnums()
        once = generation.once(docnums)
        counts = {}
        for name in search_mod.FACETS:
            found = generation.counts(name, once)
            counts[name] = {value or "(none)": n for value, n in
                            sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))}
        formats = generation.documents_by("format")
        return Stats(passages=len(docnums), documents=generation.document_count(), counts=counts,
                     formats=dict(sorted(formats.items(), key=lambda kv: (-kv[1], kv[0]))),
                     identical=generation.copies.info.get("identical", 0),
                     copies=generation.copies.info.get("copies", 0),
                     ocr=generation.documents_read_by_ocr())

    def close(self):
        self._generation.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class _NoQuery:
    """What ``search.hit`` needs of a query, for hits found without one (``similar``): nothing to mark."""

    needles = ()


_NO_QUERY = _NoQuery()


def _filters(district, province, body, meeting, section, level, year, since, until, all_copies=False):
    return search_mod.Filters(district=district, province=province, body=body, meeting=meeting,
                              section=section, level=level, year=year, since=since, until=until,
                              all_copies=all_copies)

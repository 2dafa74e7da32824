"""The Whoosh schema, and a read file's passages as the records it stores.

Takes a ``readers.Source``; gives its passages split (``passages``), tagged
(``tags``) and normalized (``analysis``) as flat records with the keys of
``PASSAGE_KEYS`` plus what the index needs besides (``doc``, ``file``, ``ord``,
``norm``, ``provenance``), and the same records cut into jieba words, ready for
Whoosh's ``add_document``.

Passage ids are ``<doc>-<position>``, where ``doc`` is the start of the SHA-256
of the document's bytes (a zip member's own bytes): the same file gives the same
ids in any folder, under any name, on any machine, and two byte-identical files
are one document (``copies``).
"""

import json
from functools import lru_cache
from pathlib import Path

# the keys of a passage, in output order (JSON, export, show)
PASSAGE_KEYS = ("id", "source", "title", "district", "province", "city", "level", "body", "meeting",
                "section", "date", "speaker", "page", "format", "text")
TAG_KEYS = ("district", "province", "city", "level", "body", "meeting", "section", "date", "speaker", "page")
# tag fields that filters and facets read from Whoosh columns
SORTABLE = ("district", "province", "city", "level", "body", "meeting", "section", "date", "format")
# how much a match in each ranked field counts (BM25F)
BOOSTS = {"text": 1.0, "title": 2.0, "section_words": 1.5}


def schema():
    """The Whoosh schema: ranked word fields, sortable tag fields, stored normalized text."""
    from whoosh.columns import VarBytesColumn  # Whoosh loads only with an index: the keys above need none of it
    from whoosh.fields import COLUMN, ID, NUMERIC, STORED, TEXT, Schema

    from . import analysis  # loads NumPy: the keys above are read by every command, this by writers only

    words = analysis.analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        doc=ID(stored=True, sortable=True),
        file=ID(stored=True),
        source=ID(stored=True),
        ord=NUMERIC(stored=True, sortable=True),
        title=TEXT(analyzer=words, stored=True, phrase=False),
        section_words=TEXT(analyzer=words, phrase=False),
        text=TEXT(analyzer=words, stored=True, phrase=False),
        norm=COLUMN(VarBytesColumn()),
        words=COLUMN(VarBytesColumn()),  # the text's jieba words, space-separated: what terms and similar read
        speaker=ID(stored=True),
        page=NUMERIC(stored=True),
        provenance=STORED(),
        **{name: ID(stored=True, sortable=True) for name in SORTABLE},
    )


def document_id(digest):
    """The ``doc`` part of the ids of a document's passages: of its bytes' SHA-256 (hex), the first 12 digits."""
    return digest[:12]


def tagged(source):
    """``[(passage, tags)]`` of one source: the one place that calls the splitter and the tagger."""
    from . import passages, tags  # only building cuts and tags: a query need not load them

    name = Path(source.path).stem
    report = not passages.is_page(source.text)
    found = passages.split(source.text, name=source.title_hint or name, cells=source.cells, pages=source.pages)
    hints = [("title", source.title_hint), ("file name", name),
             ("opening", "\n".join(source.text.lstrip().split("\n", 40)[:40]))]
    if source.site:
        hints.append(("site", source.site))
    tagged = tags.tag(found, hints=hints, report=report, date_hint=source.date_hint, issuer=source.issuer)
    return list(zip(found, tagged))


def records(source, file=None):
    """The passages of one ``readers.Source`` as flat records (see the module docstring).

    ``file`` is the file on disk the source came from (an archive, for its members).
    """
    from . import analysis

    shown = source.path
    doc = document_id(source.digest)
    scores = dict(source.ocr)
    for ord_, (passage, found) in enumerate(tagged(source)):
        provenance = found.get("provenance") or {}
        if passage.page in scores:
            provenance = {**provenance, "ocr": _ocr_provenance(scores[passage.page])}
        yield {
            "id": f"{doc}-{ord_:04d}",
            "doc": doc,
            "file": file or source.path,
            "source": shown,
            "ord": ord_,
            "title": passage.title,
            "section": passage.section,
            "text": passage.text,
            "norm": analysis.normalize(passage.text),
            "format": source.format,
            "provenance": provenance,
            **{key: found.get(key) or "" for key in TAG_KEYS if key not in ("section", "page")},
            "page": passage.page,
        }


def _ocr_provenance(score):
    """A passage read by OCR: the engine, its version and the mean score of its page's lines."""
    from .readers import ocr

    return {"engine": ocr.ENGINE, "version": ocr.version(), "score": score}


def whoosh_documents(rows):
    """``rows`` (records) with the ranked fields cut into jieba words, ready for ``add_document``."""
    from . import analysis

    cut = lru_cache(maxsize=256)(analysis.joined_words)
    for record in rows:
        words = analysis.joined_words(record["text"])
        yield {
            **record,
            "text": words, "_stored_text": record["text"], "words": words.encode("utf-8"),
            "title": cut(record["title"]), "_stored_title": record["title"],
            "section_words": cut(record["section"]),
            "norm": record["norm"].encode("utf-8"),
            "provenance": json.dumps(record["provenance"], ensure_ascii=False),
        }

"""The Whoosh schema, and a read file's passages as the records the index stores.

Takes a ``readers.Source``; gives its passages split (``passages``), tagged
(``tags``) and normalized (``analysis``) as flat records with the keys of
``PASSAGE_KEYS`` plus what the index needs besides (``doc``, ``file``, ``ord``,
``norm``, ``provenance``), and the jieba words of their ranked fields, cut once
(``ranked_words``): Whoosh keeps the text's, ``blocks`` all of them.

Passage ids are ``<doc>-<position>``, where ``doc`` is the start of the SHA-256
of the document's bytes (a zip member's own bytes): the same file gives the same
ids in any folder, under any name, on any machine, and two byte-identical files
are one document (``copies``).
"""

from functools import lru_cache
from pathlib import Path

# the keys of a passage, in output order (JSON, export, show)
PASSAGE_KEYS = ("id", "source", "title", "district", "province", "city", "level", "body", "meeting",
                "section", "date", "speaker", "page", "format", "text")
TAG_KEYS = ("district", "province", "city", "level", "body", "meeting", "section", "date", "speaker", "page")
# how much a match in each ranked field counts (BM25F)
BOOSTS = {"text": 1.0, "title": 2.0, "section_words": 1.5}


def schema():
    """The Whoosh schema: each passage's file (a changed file's passages are deleted by it) and its jieba words.

    Everything else a passage has is in ``blocks``, written once: no stored field
    and no posting list here that a query would read instead.
    """
    from whoosh.columns import VarBytesColumn  # Whoosh loads only with an index: the keys above need none of it
    from whoosh.fields import COLUMN, ID, Schema

    return Schema(
        file=ID(),
        words=COLUMN(VarBytesColumn()),  # the text's jieba words, space-separated: what terms and similar read
    )


def document_id(digest):
    """The ``doc`` part of the ids of a document's passages: of its bytes' SHA-256 (hex), the first 12 digits."""
    return digest[:12]


def passage_id(doc, position):
    """A passage's id: its document's (``document_id``) and its position there."""
    return f"{doc}-{position:04d}"


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
            "id": passage_id(doc, ord_),
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


def ranked_words(rows):
    """``(record, words)`` of ``rows`` (records): ``words`` maps each ranked field to its jieba words, cut once."""
    from . import analysis

    cut = lru_cache(maxsize=256)(lambda text: list(analysis.words(text)))  # a document's title, sections repeat
    for record in rows:
        yield record, {"text": list(analysis.words(record["text"])), "title": cut(record["title"]),
                       "section_words": cut(record["section"])}

"""The index: a Whoosh index of tagged passages, plus the normalized corpus that matching scans.

Layout of an index folder::

    whoosh/        the Whoosh index: jieba words of text, title and section for
                   BM25F ranking; tags as sortable ID fields for filters and facets
    corpus.txt     normalize(text) of every Whoosh document, one line per docnum
    corpus.idx     byte offset where each line starts (int64), plus the file's end
    manifest.json  schema version and, per source file, its SHA-256 digest

Matching never asks Whoosh which passages contain a term; it scans ``corpus.txt``
(see ``search``). Whoosh ranks and filters the passages the scan found.

Updates are incremental: a file whose digest is already indexed is skipped, a
changed file's passages are replaced, and files that vanished from a folder
being indexed are dropped.
"""

import array
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.index import LockError

from . import analysis, passages, readers, tags
from .errors import GovsearchError, IndexMissing, NotFound, ReadError

SCHEMA_VERSION = 2
FIELDS = ("id", "source", "title", "district", "body", "meeting", "section", "date", "speaker", "text")
TAG_FIELDS = ("district", "body", "meeting", "section", "date")


def schema():
    """The Whoosh schema: ranked text fields, sortable tag fields, stored normalized text."""
    words = analysis.analyzer()
    tag = ID(stored=True, sortable=True)
    return Schema(
        id=ID(stored=True, unique=True),
        doc=ID(stored=True),
        source=ID(stored=True),
        ord=NUMERIC(stored=True, sortable=True),
        title=TEXT(analyzer=words, stored=True),
        section_words=TEXT(analyzer=words),
        text=TEXT(analyzer=words, stored=True),
        norm=STORED,
        district=tag, body=tag, meeting=tag, section=tag, date=tag,
        speaker=ID(stored=True),
    )


def records(source):
    """The Whoosh documents of one ``readers.Source``: passages split, tagged and normalized."""
    name = Path(source.path).stem
    report = not passages.is_markdown(source.text)
    found = tags.tag(passages.split(source.text, name=name, cells=source.cells), hints=[name], report=report)
    doc = source.digest[:12]
    for ord_, passage in enumerate(found):
        yield {
            "id": f"{doc}-{ord_:04d}",
            "doc": doc,
            "source": source.path,
            "ord": ord_,
            "title": passage.title,
            "section": passage.section,
            "section_words": passage.section,
            "text": passage.text,
            "norm": analysis.normalize(passage.text),
            **passage.tags,
        }


@dataclass
class Summary:
    """What one ``update`` did."""

    files: int = 0
    passages: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    seconds: float = 0.0
    errors: list = field(default_factory=list)


def update(index_dir, paths, rebuild=False, progress=None, on_error=None):
    """Bring the index at ``index_dir`` up to date with the files under ``paths``.

    ``progress(files)`` may wrap the list of files (a progress bar); ``on_error(message)``
    hears of each file that could not be read, which is skipped.
    """
    started = time.perf_counter()
    index_dir = Path(index_dir)
    files = list(readers.iter_files(paths))
    roots = [str(Path(p).absolute()) for p in paths if Path(p).is_dir()]
    ix, manifest = _open_for_writing(index_dir, rebuild)
    known = manifest["sources"]
    summary = Summary()
    try:
        writer = ix.writer()
    except LockError:
        raise GovsearchError(f"{index_dir}: another govsearch process is writing this index") from None
    seen = set()
    try:
        for path in (progress(files) if progress else files):
            try:
                source = readers.read(path)
            except ReadError as exc:
                summary.errors.append(str(exc))
                if on_error:
                    on_error(str(exc))
                continue
            seen.add(source.path)
            summary.files += 1
            if known.get(source.path) == source.digest:
                summary.unchanged += 1
                continue
            if source.path in known:
                writer.delete_by_term("source", source.path)
                summary.changed += 1
            else:
                summary.added += 1
            count = 0
            for record in records(source):
                writer.add_document(**record)
                count += 1
            summary.passages += count
            known[source.path] = source.digest
        for gone in [s for s in known if s not in seen and _under(s, roots)]:
            writer.delete_by_term("source", gone)
            del known[gone]
            summary.removed += 1
        writer.commit(optimize=True)
    except BaseException:
        writer.cancel()
        raise
    _write_corpus(ix, index_dir)
    _write_manifest(index_dir, manifest)
    summary.seconds = time.perf_counter() - started
    return summary


def _under(source, roots):
    return any(source.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _open_for_writing(index_dir, rebuild):
    whoosh_dir = index_dir / "whoosh"
    if rebuild or not whoosh_index.exists_in(str(whoosh_dir)) or not _compatible(index_dir):
        if whoosh_dir.exists():
            shutil.rmtree(whoosh_dir)
        whoosh_dir.mkdir(parents=True)
        ix = whoosh_index.create_in(str(whoosh_dir), schema())
        return ix, {"version": SCHEMA_VERSION, "sources": {}}
    return whoosh_index.open_dir(str(whoosh_dir)), _read_manifest(index_dir)


def _compatible(index_dir):
    try:
        return _read_manifest(index_dir).get("version") == SCHEMA_VERSION
    except (OSError, ValueError):
        return False


def _read_manifest(index_dir):
    with open(Path(index_dir) / "manifest.json", encoding="utf-8") as f:
        return json.load(f)


def _write_manifest(index_dir, manifest):
    tmp = Path(index_dir) / "manifest.json.tmp"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, Path(index_dir) / "manifest.json")


def _write_corpus(ix, index_dir):
    """Write corpus.txt/corpus.idx: line ``n`` is the normalized text of docnum ``n``."""
    offsets = array.array("q")
    position = 0
    with ix.reader() as reader, open(Path(index_dir) / "corpus.txt", "wb") as out:
        for docnum in range(reader.doc_count_all()):
            line = b""
            if not reader.is_deleted(docnum):
                line = reader.stored_fields(docnum)["norm"].encode("utf-8")
            offsets.append(position)
            out.write(line + b"\n")
            position += len(line) + 1
    offsets.append(position)
    with open(Path(index_dir) / "corpus.idx", "wb") as out:
        offsets.tofile(out)


def exists(index_dir):
    """True when ``index_dir`` holds a govsearch index."""
    return (Path(index_dir) / "manifest.json").is_file() and whoosh_index.exists_in(
        str(Path(index_dir) / "whoosh"))


class Index:
    """An index opened for reading."""

    def __init__(self, index_dir):
        self.path = Path(index_dir)
        if not exists(self.path):
            raise IndexMissing(f"no govsearch index in {self.path}")
        manifest = _read_manifest(self.path)
        if manifest.get("version") != SCHEMA_VERSION:
            raise GovsearchError(
                f"{self.path}: index written by an incompatible version; "
                "run `govsearch index --rebuild`")
        self.sources = manifest["sources"]
        self._ix = whoosh_index.open_dir(str(self.path / "whoosh"))
        self.searcher = self._ix.searcher()
        self._corpus = None

    def close(self):
        self.searcher.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def corpus(self):
        """``(bytes, offsets)``: the normalized corpus and where each docnum's line starts."""
        if self._corpus is None:
            data = (self.path / "corpus.txt").read_bytes()
            offsets = array.array("q")
            offsets.frombytes((self.path / "corpus.idx").read_bytes())
            self._corpus = data, offsets
        return self._corpus

    def stored(self, docnum):
        """The output fields of one passage."""
        fields = self.searcher.stored_fields(docnum)
        return {key: fields.get(key, "") for key in FIELDS}

    def docnum(self, passage_id):
        docnum = self.searcher.document_number(id=passage_id)
        if docnum is None:
            raise NotFound(f"no passage with id {passage_id!r}")
        return docnum

    def neighbours(self, passage_id):
        """The passages before and after ``passage_id`` in its document (either may be None)."""
        doc, _, ord_ = passage_id.rpartition("-")
        around = []
        for other in (int(ord_) - 1, int(ord_) + 1):
            docnum = self.searcher.document_number(id=f"{doc}-{other:04d}") if other >= 0 else None
            around.append(self.stored(docnum) if docnum is not None else None)
        return around

    def all_docnums(self):
        """Live docnums in document order (source, then position in the source)."""
        reader = self.searcher.reader()
        keyed = [(f["source"], f["ord"], n) for n, f in reader.iter_docs()]
        return [n for _, _, n in sorted(keyed)]

    def values(self, field_name):
        """The distinct values of a tag field."""
        return [v.decode("utf-8") if isinstance(v, bytes) else v
                for v in self.searcher.lexicon(field_name)]

    def column(self, field_name):
        return self.searcher.reader().column_reader(field_name)

    def stats(self):
        """Counts of passages and documents, and of passages per district, body and meeting."""
        counts = {name: {} for name in ("district", "body", "meeting")}
        columns = {name: self.column(name) for name in counts}
        total = 0
        for docnum in self.searcher.reader().all_doc_ids():
            total += 1
            for name, column in columns.items():
                value = column[docnum] or "(none)"
                counts[name][value] = counts[name].get(value, 0) + 1
        return {"passages": total, "documents": len(self.sources),
                **{name: dict(sorted(c.items(), key=lambda kv: -kv[1])) for name, c in counts.items()}}

"""The index: a Whoosh index of tagged passages, plus the normalized corpus that matching scans.

An index folder holds generations (see ``storage``); each generation holds::

    whoosh/        the Whoosh index: jieba words of text, title and section for
                   BM25F ranking; tags as sortable ID fields for filters and facets;
                   the normalized text as a column
    corpus.txt     normalize(text) of every Whoosh document, one line per docnum
    corpus.idx     byte offset where each line starts (int64), plus the file's end
    lexicon.*      jieba's dictionary, sorted, for segmenting queries (``analysis.Lexicon``)
    manifest.json  schema version and, per source file, its SHA-256 digest

Matching never asks Whoosh which passages contain a term; it scans ``corpus.txt``
(see ``search``). Whoosh ranks and filters the passages the scan found.

Updates are incremental: a file whose digest is already indexed is skipped, a
changed file's passages are replaced, and files that vanished from a folder
being indexed are dropped.
"""

import array
import hashlib
import json
import mmap
import os
import shutil
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, NUMERIC, TEXT, Schema

from . import analysis, passages, readers, storage, tags
from .errors import GovsearchError, IndexMissing, NotFound, ReadError

SCHEMA_VERSION = 5
FIELDS = ("id", "source", "title", "district", "body", "meeting", "section", "date", "speaker", "page", "text")


def schema():
    """The Whoosh schema: ranked word fields, sortable tag fields, stored normalized text."""
    words = analysis.analyzer()
    tag = ID(stored=True, sortable=True)
    return Schema(
        id=ID(stored=True, unique=True),
        doc=ID(stored=True),
        source=ID(stored=True),
        ord=NUMERIC(stored=True, sortable=True),
        title=TEXT(analyzer=words, stored=True, phrase=False),
        section_words=TEXT(analyzer=words, phrase=False),
        text=TEXT(analyzer=words, stored=True, phrase=False),
        norm=COLUMN(VarBytesColumn()),
        district=tag, body=tag, meeting=tag, section=tag, date=tag,
        speaker=ID(stored=True),
        page=NUMERIC(stored=True),
    )


def records(source):
    """The passages of one ``readers.Source``: split, tagged and normalized, as plain fields."""
    name = source.title_hint or Path(source.path).stem
    report = not passages.is_page(source.text)
    split = passages.split(source.text, name=name, cells=source.cells, pages=source.pages)
    found = tags.tag(split, hints=[name, Path(source.path).stem], report=report)
    doc = source.digest[:12]
    for ord_, passage in enumerate(found):
        yield {
            "id": f"{doc}-{ord_:04d}",
            "doc": doc,
            "source": source.path,
            "ord": ord_,
            "title": passage.title,
            "section": passage.section,
            "text": passage.text,
            "norm": analysis.normalize(passage.text),
            **passage.tags,
            "date": _dated(passage.tags.get("date", ""), source.date_hint),
            "page": passage.page,
        }


def _dated(date, hint):
    """The tagger's date, made more precise by the page's own date when they agree (or none was found)."""
    return hint if hint and (not date or len(date) < len(hint) and hint.startswith(date)) else date


def whoosh_documents(source):
    """``records(source)`` with the ranked fields cut into jieba words, ready for ``add_document``."""
    cut = lru_cache(maxsize=256)(analysis.joined_words)
    for record in records(source):
        yield {
            **record,
            "text": analysis.joined_words(record["text"]), "_stored_text": record["text"],
            "title": cut(record["title"]), "_stored_title": record["title"],
            "section_words": cut(record["section"]),
            "norm": record["norm"].encode("utf-8"),
        }


def _prepare(job):
    """Worker: read one file (an archive: its members) and cut each document into Whoosh documents.

    Gives a list of results, one per document or problem; a document whose digest
    is known is "unchanged" and not cut again.
    """
    path, known, max_bytes = job
    problems = []
    try:
        sources = readers.read(path, max_bytes=max_bytes, problems=problems)
    except ReadError as exc:
        return [("error", str(exc), path, None)]
    results = [("error", message, path, None) for message in problems]
    for source in sources:
        if source.digest == known.get(source.path):
            results.append(("unchanged", source.path, source.digest, None))
        else:
            results.append(("indexed", source.path, source.digest, list(whoosh_documents(source))))
    return results


class _InProcess:
    """The pool's interface, for work too small to be worth more processes."""

    def imap(self, func, jobs):
        return map(func, jobs)

    def apply_async(self, func, args):
        return _Done(func(*args))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class _Done:
    """A result computed already, with the ``get`` of a pool's AsyncResult."""

    def __init__(self, value):
        self.value = value

    def get(self):
        return self.value


def _pool(jobs):
    workers = min(os.cpu_count() or 1, jobs)
    if workers < 2:
        return _InProcess()
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return context.Pool(workers)


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
    upgraded: bool = False  # written by another govsearch: every indexed file was read again
    named_errors: int = 0  # errors about files named in ``paths`` (not found in a folder)
    skipped: str = ""  # "skipped 14 files of other types: .xls 9, .jpg 5", or ""


def update(index_dir, paths, rebuild=False, progress=None, on_error=None, max_bytes=None):
    """Bring the index at ``index_dir`` up to date with the files under ``paths``.

    The work goes into a new generation (see ``storage``), made live only when
    complete. Files are read and cut into words by a pool of worker processes, one
    per core, while this process feeds Whoosh, itself writing on every core.
    ``progress(results, length)`` may wrap the stream of per-file results (a
    progress bar); ``on_error(message)`` hears of each file that could not be read
    (or is over ``max_bytes``), which is skipped.
    """
    started = time.perf_counter()
    index_dir = Path(index_dir)
    found = readers.find_files(paths)
    files = found.files
    for message in found.errors:
        if on_error:
            on_error(message)
    roots = [str(Path(p).absolute()) for p in paths if Path(p).is_dir() or Path(p).suffix.lower() == ".zip"]
    with storage.WriteLock(index_dir):
        current = storage.live(index_dir)
        manifest = _manifest_to_update(index_dir, current, rebuild)
        upgraded = bool(manifest["sources"]) and manifest.get("pipeline") != _pipeline_key()
        if upgraded:
            files = _with_known_files(files, manifest)
        with storage.next_generation(index_dir, None if rebuild else current) as folder:
            if rebuild and current is not None and manifest.get("lexicon") == _lexicon_key():
                for name in analysis.Lexicon.FILES:
                    if (current / name).exists():
                        storage.link_or_copy(current / name, folder / name)
            summary = _update_generation(folder, files, roots, manifest, upgraded, progress, on_error, max_bytes,
                                         named={str(p) for p in paths if not Path(p).is_dir()})
        storage.prune(index_dir)
    summary.errors += found.errors
    summary.named_errors += len(found.errors)
    summary.skipped = found.skipped_line()
    summary.seconds = time.perf_counter() - started
    summary.upgraded = upgraded
    return summary


def _update_generation(folder, files, roots, manifest, upgraded, progress, on_error, max_bytes, named=()):
    whoosh_dir = folder / "whoosh"
    if whoosh_index.exists_in(str(whoosh_dir)):
        ix = whoosh_index.open_dir(str(whoosh_dir))
    else:
        whoosh_dir.mkdir(parents=True, exist_ok=True)
        ix = whoosh_index.create_in(str(whoosh_dir), schema())
    known = manifest["sources"]
    summary = Summary()
    procs = os.cpu_count() or 1
    writer = ix.writer(limitmb=_pool_mb(procs), procs=procs, multisegment=True, compound=False)
    jobs = [(str(path), {} if upgraded else _known_in(known, path), max_bytes) for path in files]
    seen = set()
    lexicon_wanted = manifest.get("lexicon") != _lexicon_key() or not all(
        (folder / name).exists() for name in analysis.Lexicon.FILES)
    if not lexicon_wanted and len(jobs) > 1:
        analysis.use_saved_segmenter(folder)  # before the workers fork, so that they share it
    try:
        with _pool(len(jobs)) as pool:
            lexicon = pool.apply_async(analysis.Lexicon.write, (str(folder),)) if lexicon_wanted else None
            per_file = pool.imap(_prepare, jobs)
            results = (result for results in (progress(per_file, len(jobs)) if progress else per_file)
                       for result in results)
            for status, name, digest, documents in results:
                if status == "error":
                    summary.errors.append(name)
                    summary.named_errors += digest in named
                    if on_error:
                        on_error(name)
                    continue
                seen.add(name)
                summary.files += 1
                if status == "unchanged":
                    summary.unchanged += 1
                    continue
                if name in known:
                    writer.delete_by_term("source", name)
                    summary.changed += 1
                else:
                    summary.added += 1
                for document in documents:
                    writer.add_document(**document)
                summary.passages += len(documents)
                known[name] = digest
            if lexicon is not None:
                lexicon.get()
                manifest["lexicon"] = _lexicon_key()
        for gone in [s for s in known if s not in seen and _under(s, roots)]:
            writer.delete_by_term("source", gone)
            del known[gone]
            summary.removed += 1
        writer.commit()  # merges only small segments: an update never rewrites the whole index
    except BaseException:
        writer.cancel()
        raise
    _write_corpus(ix, folder)
    manifest["pipeline"] = _pipeline_key()
    _write_manifest(folder, manifest)
    return summary


def _known_in(known, path):
    """The known digests of the documents in one file: itself, or the members of an archive."""
    name = str(Path(path).absolute())
    if not name.lower().endswith(".zip"):
        return {name: known[name]} if name in known else {}
    return {s: d for s, d in known.items() if s.startswith(name + "/")}


def _manifest_to_update(index_dir, current, rebuild):
    """The live manifest to start from; an index of another schema must be rebuilt, never updated."""
    fresh = {"version": SCHEMA_VERSION, "sources": {}}
    if current is None:
        if not rebuild and _legacy(index_dir):
            raise IncompatibleIndex(index_dir)
        if rebuild:
            _remove_legacy(index_dir)
        return fresh
    try:
        manifest = _read_manifest(current)
    except (OSError, ValueError):
        manifest = {}
    if manifest.get("version") != SCHEMA_VERSION:
        if not rebuild:
            raise IncompatibleIndex(index_dir)
        return fresh
    if rebuild:
        return {**fresh, "lexicon": manifest.get("lexicon")}
    return manifest


_LEGACY = ("whoosh", "corpus.txt", "corpus.idx", "manifest.json", "lexicon.txt", "lexicon.idx")


def _legacy(index_dir):
    """True for an index folder laid out by an older govsearch (no generations)."""
    return (Path(index_dir) / "manifest.json").exists()


def _remove_legacy(index_dir):
    for name in _LEGACY:
        path = Path(index_dir) / name
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.exists():
            path.unlink()


@lru_cache(maxsize=1)
def _lexicon_key():
    """What the written lexicon depends on: jieba's version and the domain dictionary (fixed per process)."""
    import importlib.metadata

    with open(analysis.USER_DICT, "rb") as f:
        userdict = hashlib.sha256(f.read()).hexdigest()[:16]
    return f"jieba {importlib.metadata.version('jieba')} {userdict}"


def _pool_mb(procs):
    """Memory for each Whoosh sub-writer's posting pool: an eighth of the RAM in all, within 256–2048 MB.

    A pool that fills spills sorted runs to disk and merges them at the end; on a
    23 M-character archive that merge was a quarter of the build.
    """
    try:
        ram_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    except (ValueError, OSError, AttributeError):
        return 256
    return max(256, min(2048, ram_mb // (8 * procs)))


@lru_cache(maxsize=1)
def _pipeline_key():
    """What a file's passages depend on besides its bytes: the code that reads, splits, tags and cuts it."""
    digest = hashlib.sha256(_lexicon_key().encode())
    for module in (readers, passages, tags, analysis):
        path = Path(module.__file__)
        for file in sorted(path.parent.glob("*.py")) if path.name == "__init__.py" else [path]:
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def _with_known_files(files, manifest):
    """After an upgrade of govsearch, every indexed file that still exists is read again, not only those named."""
    named = {str(Path(path).absolute()) for path in files}
    known = {_container(s) for s in manifest["sources"]}
    return files + [Path(s) for s in sorted(known) if s not in named and Path(s).is_file()]


def _container(source):
    """The file a document came from: itself, or the archive it is a member of."""
    head, sep, _ = source.partition(".zip/")
    return head + ".zip" if sep and Path(head + ".zip").is_file() else source


def _under(source, roots):
    return any(source.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _read_manifest(folder):
    with open(Path(folder) / "manifest.json", encoding="utf-8") as f:
        return json.load(f)


def _write_manifest(index_dir, manifest):
    tmp = Path(index_dir) / "manifest.json.tmp"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, Path(index_dir) / "manifest.json")


def _write_corpus(ix, index_dir):
    """Write corpus.txt/corpus.idx: line ``n`` is the normalized text of docnum ``n``.

    Read from Whoosh's ``norm`` column after the commit, since Whoosh decides the
    docnums (merging segments, dropping deleted documents).
    """
    offsets = array.array("q")
    position = 0
    with ix.reader() as reader, open(Path(index_dir) / "corpus.txt", "wb") as out:
        column = reader.column_reader("norm")
        for docnum in range(reader.doc_count_all()):
            line = (b"" if reader.is_deleted(docnum) else column[docnum]) + b"\n"
            offsets.append(position)
            out.write(line)
            position += len(line)
    offsets.append(position)
    with open(Path(index_dir) / "corpus.idx", "wb") as out:
        offsets.tofile(out)


def exists(index_dir):
    """True when ``index_dir`` holds a govsearch index (of any version)."""
    return storage.live(index_dir) is not None or _legacy(index_dir)


class IncompatibleIndex(GovsearchError):
    """The index was written by a version of govsearch with another schema."""

    def __init__(self, index_dir):
        super().__init__(f"{index_dir}: index written by an incompatible version of govsearch")

    hint = "run `govsearch index --rebuild`"


class Index:
    """An index opened for reading: the live generation, opened whole at once.

    Everything is opened here, not later, so that a generation switched away from
    while this reader works stays readable (its files stay open); if the
    generation resolved was removed before it could be opened, try the new one.
    """

    def __init__(self, index_dir):
        self.path = Path(index_dir)
        for attempt in range(5):
            folder = storage.live(self.path)
            if folder is None:
                if _legacy(self.path):
                    raise IncompatibleIndex(self.path)
                raise IndexMissing(f"no govsearch index in {self.path}")
            try:
                self._open(folder)
                return
            except FileNotFoundError:
                time.sleep(0.05 * (attempt + 1))
        raise GovsearchError(f"{self.path}: the index kept changing while being opened; try again")

    def _open(self, folder):
        manifest = _read_manifest(folder)
        if manifest.get("version") != SCHEMA_VERSION:
            raise IncompatibleIndex(self.path)
        self.folder = folder
        self.sources = manifest["sources"]
        self._ix = whoosh_index.open_dir(str(folder / "whoosh"))
        self.searcher = self._ix.searcher()
        self._corpus = self._map_corpus(folder)
        self._lexicon = analysis.Lexicon(folder) if (folder / analysis.Lexicon.TEXT).exists() else None

    def tokenizer_for(self, texts):
        """A jieba tokenizer for segmenting ``texts`` (the query's strings)."""
        if self._lexicon is None:
            return analysis.segmenter()
        return self._lexicon.tokenizer_for(texts)

    def close(self):
        self.searcher.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def corpus(self):
        """``(bytes, offsets)``: the normalized corpus and where each docnum's line starts."""
        return self._corpus

    @staticmethod
    def _map_corpus(folder):
        with open(folder / "corpus.txt", "rb") as f:
            # mapped, not read: a query touches the pages it scans and copies nothing
            size = os.fstat(f.fileno()).st_size
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        offsets = array.array("q")
        offsets.frombytes((folder / "corpus.idx").read_bytes())
        return data, offsets

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
        formats = {}
        for source in self.sources:
            kind = readers.FORMATS.get(Path(source).suffix.lower(), "other")
            kind = "markdown" if Path(source).suffix.lower() in (".md", ".markdown") else kind
            formats[kind] = formats.get(kind, 0) + 1
        return {"passages": total, "documents": len(self.sources),
                "formats": dict(sorted(formats.items(), key=lambda kv: (-kv[1], kv[0]))),
                **{name: dict(sorted(c.items(), key=lambda kv: -kv[1])) for name, c in counts.items()}}

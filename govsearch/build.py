"""Building and updating an index: files in, a new generation of the index out.

Takes files and folders; reads them in a pool of worker processes (one per
core), each file giving a list of documents (``readers``) cut into Whoosh
records (``schema``), while this process feeds Whoosh, itself writing on every
core. The work goes into a new generation (``storage``), made live only when
complete; the manifest (``manifest``) says which files it holds, by digest.

Updates are incremental: a file whose digest is already indexed is skipped, a
changed file's documents are replaced, and files that vanished from a folder
being indexed are dropped, all by the on-disk ``file`` field. An update writes a
new Whoosh segment and leaves the others as they were.

``on_checkpoint(name)``, when set, is called at each named point of a write
(``CHECKPOINTS``): tests use it to stop or kill a build at a known moment.
"""

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index

from . import analysis, blocks, corpus, manifest, readers, schema, storage
from .errors import ReadError

DEFAULT_MEMORY_MB = 1024  # the whole build: this process, the readers and Whoosh's sub-writers
# resident memory of each kind of process besides its posting pool, measured on a 23 M-character build
_MAIN_MB, _READER_MB, _WRITER_MB = 150, 120, 170
CHECKPOINTS = ("locked", "documents-added", "committed", "corpus-written", "manifest-written", "switched")
on_checkpoint = None


def _checkpoint(name):
    if on_checkpoint is not None:
        on_checkpoint(name)


@dataclass
class Summary:
    """What one ``update`` did; ``skipped`` lists ``(path, reason)`` of files that could not be read."""

    files: int = 0
    passages: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    seconds: float = 0.0
    skipped: list = field(default_factory=list)
    upgraded: bool = False  # written by another govsearch: every indexed file was read again
    named_skipped: int = 0  # of ``skipped``, the files named in ``paths`` (not met in a folder)
    other_types: str = ""  # "skipped 14 files of other types: .xls 9, .jpg 5", or ""


def create(index_dir):
    """Make an empty index in ``index_dir``, replacing whatever index was there."""
    index_dir = Path(index_dir)
    with storage.WriteLock(index_dir):
        with storage.next_generation(index_dir) as folder:
            ix = _whoosh(folder)
            corpus.write(ix, folder)
            manifest.write(folder, manifest.fresh())
        storage.prune(index_dir)


def update(index_dir, paths, rebuild=False, progress=None, on_error=None, max_bytes=None,
           memory_mb=DEFAULT_MEMORY_MB):
    """Bring the index at ``index_dir`` up to date with the files under ``paths``.

    ``progress(results, length)`` may wrap the stream of per-file results (a
    progress bar); ``on_error(path, reason)`` hears of each file that could not
    be read (or is over ``max_bytes``), which is skipped. The build's processes
    together stay within about ``memory_mb`` (at most a quarter of the machine's
    memory): what is left of it beside their own needs goes to Whoosh's posting pools.
    """
    started = time.perf_counter()
    index_dir = Path(index_dir)
    found = readers.find_files(paths)
    files = found.files
    roots = [str(Path(p).absolute()) for p in paths if Path(p).is_dir()]
    named = {str(Path(p).absolute()) for p in paths if not Path(p).is_dir()}
    with storage.WriteLock(index_dir):
        _checkpoint("locked")
        current = storage.live(index_dir)
        known = manifest.to_update(index_dir, current, rebuild)
        upgraded = bool(known["files"]) and known.get("pipeline") != manifest.pipeline_key()
        if upgraded:
            files = _with_known_files(files, known)
        with storage.next_generation(index_dir, None if rebuild else current) as folder:
            if rebuild and current is not None:
                _reuse_lexicon(current, folder, known)
            job = _Update(folder, known, upgraded, max_bytes, _pool_mb(memory_mb, os.cpu_count() or 1))
            summary = job.run(files, roots, progress, on_error)
        _checkpoint("switched")
        storage.prune(index_dir)
    for message in found.errors:
        summary.skipped.append(_split(message))
        if on_error:
            on_error(*summary.skipped[-1])
    summary.named_skipped = sum(str(Path(path).absolute()) in named or path.startswith(tuple(n + "/" for n in named))
                                for path, _ in summary.skipped)
    summary.other_types = found.skipped_line()
    summary.seconds = time.perf_counter() - started
    summary.upgraded = upgraded
    return summary


def _reuse_lexicon(current, folder, known):
    if known.get("lexicon") == manifest.lexicon_key():
        for name in analysis.Lexicon.FILES:
            if (current / name).exists():
                storage.link_or_copy(current / name, folder / name)


def _whoosh(folder):
    whoosh_dir = folder / "whoosh"
    if whoosh_index.exists_in(str(whoosh_dir)):
        return whoosh_index.open_dir(str(whoosh_dir))
    whoosh_dir.mkdir(parents=True, exist_ok=True)
    return whoosh_index.create_in(str(whoosh_dir), schema.schema())


class _Update:
    """One update of one generation folder: feed Whoosh, then write the corpus and the manifest."""

    def __init__(self, folder, known, upgraded, max_bytes, pool_mb):
        self.folder, self.known, self.upgraded = folder, known, upgraded
        self.max_bytes, self.pool_mb = max_bytes, pool_mb
        self.summary = Summary()

    def run(self, files, roots, progress, on_error):
        ix = _whoosh(self.folder)
        procs = os.cpu_count() or 1
        writer = ix.writer(limitmb=self.pool_mb, procs=procs, multisegment=True, compound=False)
        try:
            seen = self._feed(writer, files, progress, on_error)
            for gone in [f for f in self.known["files"] if f not in seen and _under(f, roots)]:
                writer.delete_by_term("file", gone)
                del self.known["files"][gone]
                self.summary.removed += 1
            _checkpoint("documents-added")
            writer.commit()  # merges only small segments: an update never rewrites the whole index
        except BaseException:
            writer.cancel()
            raise
        _checkpoint("committed")
        corpus.write(ix, self.folder)
        blocks.write(ix, self.folder)
        _checkpoint("corpus-written")
        self.known["pipeline"] = manifest.pipeline_key()
        manifest.write(self.folder, self.known)
        _checkpoint("manifest-written")
        return self.summary

    def _feed(self, writer, files, progress, on_error):
        """Read ``files`` in the pool and hand their documents to ``writer``; the set of files read."""
        files_known = self.known["files"]
        jobs = [(str(path), None if self.upgraded else files_known.get(str(Path(path).absolute())),
                 self.max_bytes) for path in files]
        lexicon_wanted = self.known.get("lexicon") != manifest.lexicon_key() or not all(
            (self.folder / name).exists() for name in analysis.Lexicon.FILES)
        if not lexicon_wanted and len(jobs) > 1:
            analysis.use_saved_segmenter(self.folder)  # before the workers fork, so that they share it
        seen = set()
        with _pool(len(jobs)) as pool:
            lexicon = pool.apply_async(analysis.Lexicon.write, (str(self.folder),)) if lexicon_wanted else None
            results = pool.imap(_prepare, jobs)
            for status, name, digest, documents, problems in (progress(results, len(jobs)) if progress else results):
                for problem in problems:
                    self.summary.skipped.append(_split(problem))
                    if on_error:
                        on_error(*self.summary.skipped[-1])
                if status == "error":
                    continue
                seen.add(name)
                self._add(writer, status, name, digest, documents)
            if lexicon is not None:
                lexicon.get()
                self.known["lexicon"] = manifest.lexicon_key()
        return seen

    def _add(self, writer, status, name, digest, documents):
        summary = self.summary
        summary.files += 1
        if status == "unchanged":
            summary.unchanged += 1
            return
        if name in self.known["files"]:
            writer.delete_by_term("file", name)
            summary.changed += 1
        else:
            summary.added += 1
        for document in documents:
            writer.add_document(**document)
        summary.passages += len(documents)
        self.known["files"][name] = digest


def _prepare(job):
    """Worker: read one file and cut its documents into Whoosh records, unless its digest is known.

    Gives ``(status, file, digest, records, problems)``: ``problems`` are messages
    of the members of an archive that could not be read; a file that cannot be read
    at all is ``("error", path, None, None, [message])``. The file's bytes are
    hashed before it is parsed, so an unchanged PDF is never read again.
    """
    path, known_digest, max_bytes = job
    name = str(Path(path).absolute())
    problems = []
    try:
        digest = _digest(path)
        if digest == known_digest:
            return "unchanged", name, digest, None, []
        found = readers.read(path, max_bytes=max_bytes, problems=problems)
    except ReadError as exc:
        return "error", path, None, None, [str(exc)]
    documents = [d for source in found for d in schema.whoosh_documents(schema.records(source, file=name))]
    return "indexed", name, digest, documents, problems


def _digest(path):
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError as exc:
        raise ReadError(f"{path}: {exc.strerror or exc}") from None


def _split(message):
    """``(path, reason)`` of a reader's one-line message, which starts with the file's name."""
    path, _, reason = message.partition(": ")
    return path, reason


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


def _pool_mb(memory_mb, procs):
    """Memory for each of Whoosh's ``procs`` posting pools, so that the whole build fits in ``memory_mb``.

    ``memory_mb`` is capped to a quarter of the RAM. A pool that fills spills a
    sorted run to disk, merged at the end: larger pools build faster, smaller ones
    keep the peak down (pools of 1.5 GB each took a 23 M-character build to 1.6 GB
    in one process).
    """
    try:
        ram_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    except (ValueError, OSError, AttributeError):
        ram_mb = 4096
    budget = min(memory_mb, ram_mb // 4)
    return max(32, (budget - _MAIN_MB - procs * (_READER_MB + _WRITER_MB)) // procs)


def _with_known_files(files, known):
    """After an upgrade of govsearch, every indexed file that still exists is read again, not only those named."""
    named = {str(Path(path).absolute()) for path in files}
    return files + [Path(f) for f in known["files"] if f not in named and Path(f).is_file()]


def _under(path, roots):
    return any(path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)

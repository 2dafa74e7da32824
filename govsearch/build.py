"""Building and updating an index: files in, a new generation of the index out.

Takes files and folders; gives a new generation of the index (``storage``), made
live only when complete; its manifest (``manifest``) says which files it holds,
by digest. The files are cut into batches; each batch is read, split, tagged and
cut into words (``readers``, ``schema``) by one worker process (one per core),
which writes its passages as Whoosh segments of its own (one, or more for a batch
of more than ``SEGMENT_BYTES`` of text), within a share of the memory budget
(``DEFAULT_MEMORY_MB``), and each segment's blocks (``blocks``). This process
commits each batch's segments as they come and records which files are done: a build killed (or interrupted) and run
again with the same command goes on from its last committed batch, in the same
unfinished generation, while the live one keeps answering.

Updates are incremental: a file whose digest is already indexed is skipped, a
changed file's documents are replaced, and files that vanished from a folder
being indexed are dropped, all by the on-disk ``file`` field. An update writes
new Whoosh segments and leaves the others as they were: segments are never
merged (Whoosh would merge its own files, not the blocks); a segment whose
passages are all deleted is dropped. Every build ends by finding the copies
anew over the whole generation (``copies``): byte-identical files, passages
whose text another document holds, and where the ids of the generation it
replaces went.

``on_checkpoint(name)``, when set, is called at each named point of a write
(``CHECKPOINTS``; ``progress-saved`` and ``batch-committed`` once per batch): tests use it to stop or
kill a build at a known moment.
"""

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import writing
from whoosh.codec import whoosh3
from whoosh.filedb.filestore import FileStorage

from . import analysis, blocks, copies, manifest, readers, schema, storage
from .errors import ReadError
from .readers import ocr

DEFAULT_MEMORY_MB = 1024  # the whole build: this process and its workers
# resident memory of this process, and of a worker besides its posting pool
_MAIN_MB, _WORKER_MB = 150, 250
# a build commits a batch of files at a time (see ``_batches``)
MAX_BATCHES, BATCH_FILES = 16, 64
SEGMENT_BYTES = 32 << 20  # of text (UTF-8) in a segment, but for its last file: what a worker holds (_write_segments)
_TEMP = "tmp-"
CHECKPOINTS = ("locked", "progress-saved", "batch-committed", "documents-added", "committed", "corpus-written", "manifest-written",
               "switched")
on_checkpoint = None


def _cached_reader(self, fieldname, column):
    """Whoosh's ``W3PerDocReader._cached_reader``, remembering also that a column is absent.

    Writing a segment asks for the length of every posting's field; Whoosh 2.7.4
    looks on disk, each time, for the lengths column of a field that has none (the
    ID fields): 5–10 % of a worker's CPU went to those ``stat`` calls.
    """
    try:
        return self._readers[fieldname]
    except KeyError:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
        return reader


whoosh3.W3PerDocReader._cached_reader = _cached_reader


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
    resumed: int = 0  # files done by a killed run of the same command, not read again
    identical: int = 0  # files in the index that are byte-identical copies of another (one document, ``copies``)
    copies: int = 0  # passages in the index whose text another document holds (``copies``)


def create(index_dir):
    """Make an empty index in ``index_dir``, replacing whatever index was there."""
    index_dir = Path(index_dir)
    with storage.WriteLock(index_dir):
        with storage.next_generation(index_dir) as folder:
            ix = _whoosh(folder)
            blocks.write(ix, folder)
            manifest.write(folder, manifest.fresh())
        storage.prune(index_dir)


def update(index_dir, paths, rebuild=False, progress=None, on_error=None, max_bytes=None,
           memory_mb=DEFAULT_MEMORY_MB, max_pages=None, cluster=None):
    """Bring the index at ``index_dir`` up to date with the files under ``paths``.

    ``progress(results, length)`` may wrap the stream of per-file results (a
    progress bar); ``on_error(path, reason)`` hears of each file that could not
    be read (or is over ``max_bytes``), which is skipped. The build's processes
    together stay within about ``memory_mb`` (at most an eighth of the machine's
    memory): what is left of it beside their own needs goes to Whoosh's posting
    pools. A run killed or interrupted is gone on with by the next run of the
    same command (``run_key``), from its last committed batch. Scanned pages are
    first read by OCR, a page a task (``_ocr_pages``), into ``<index>/ocr-cache``;
    a document with more than ``max_pages`` of them is skipped. ``cluster`` (a
    ``cluster.Cluster``) does the workers' part on a Dask cluster instead.
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
        # a folder (or file) named again after it was moved or deleted: its files are dropped, as from a folder
        vanished = [path for path in paths if _vanished(path, known)]
        dropped = roots + [str(Path(path).absolute()) for path in vanished]
        found.errors = [e for e in found.errors if e not in {readers.missing(Path(p)) for p in vanished}]
        upgraded = bool(known["files"]) and known.get("pipeline") != manifest.pipeline_key()
        if upgraded:
            files = _with_known_files(files, known)
        # every file read again anyway: written afresh, rather than each passage replaced in the old segments
        # (Whoosh merges a segment again each time deletions make it small: 3.5x a rebuild's CPU at 10x)
        afresh = rebuild or (upgraded and all(Path(f).is_file() or _under(f, dropped) for f in known["files"]))
        key = run_key(paths, rebuild, current, max_bytes)
        with storage.next_generation(index_dir, None if afresh else current, resume_key=key) as folder:
            if afresh and current is not None:
                _reuse_lexicon(current, folder, known)
            manifest.add_roots(known, roots)
            # a rebuild may follow an upgrade: every id is compared then, as after an upgrade
            job = _Update(folder, known, upgraded, max_bytes, _pool_mb(memory_mb, os.cpu_count() or 1), key,
                          (str(index_dir.absolute() / ocr.CACHE), max_pages), previous=current, recut=upgraded or rebuild,
                          cluster=cluster)
            summary = job.run(files, dropped, progress, on_error)
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


def run_key(paths, rebuild, current, max_bytes):
    """What a build's work depends on besides the files: a killed build goes on only under the same key."""
    described = [manifest.SCHEMA_VERSION, manifest.pipeline_key(), bool(rebuild), current and current.name,
                 max_bytes, sorted(str(Path(p).absolute()) for p in paths)]
    return hashlib.sha256(json.dumps(described).encode()).hexdigest()[:16]


def _reuse_lexicon(current, folder, known):
    if known.get("lexicon") == manifest.lexicon_key():
        for name in analysis.Lexicon.FILES:
            if (current / name).exists() and not (folder / name).exists():  # linked before a kill
                storage.link_or_copy(current / name, folder / name)


def _whoosh(folder):
    whoosh_dir = folder / "whoosh"
    if whoosh_index.exists_in(str(whoosh_dir)):
        return whoosh_index.open_dir(str(whoosh_dir))
    whoosh_dir.mkdir(parents=True, exist_ok=True)
    return whoosh_index.create_in(str(whoosh_dir), schema.schema())


class _Update:
    """One update of one generation folder, in batches: Whoosh segments and their blocks, then the manifest.

    Each batch of files is read and written by one worker process into Whoosh
    segments of its own; this process commits each finished batch's segments (with the
    deletions of the files it replaces) as a new Whoosh generation, and records
    in a progress file (``_Progress``) which files are done, so that a killed
    build goes on from its last committed batch.
    """

    def __init__(self, folder, known, upgraded, max_bytes, pool_mb, key, ocr_settings=(None, None), previous=None,
                 recut=False, cluster=None):
        self.folder, self.known, self.upgraded, self.cluster = folder, known, upgraded, cluster
        self.previous, self.recut = previous, recut  # the generation replaced; its documents cut anew
        self.max_bytes, self.pool_mb, self.key = max_bytes, pool_mb, key
        self.ocr = ocr_settings  # the OCR cache folder, and the most scanned pages of a document
        self.done = []  # files whose batch is committed, in this generation folder
        self.summary = Summary()

    def run(self, files, roots, progress, on_error):
        ix = _whoosh(self.folder)
        self._resume(ix)
        done = set(self.done)
        self.summary.resumed = len(done)
        files = [f for f in files if str(Path(f).absolute()) not in done]
        seen = self._feed(ix, files, progress, on_error) | done
        # a file that is no longer there, whose bytes this update met elsewhere, was moved: it is there now
        met = {self.known["files"][f] for f in seen if f in self.known["files"]}
        gone = [f for f in self.known["files"] if f not in seen and (
            _under(f, roots) or self.known["files"][f] in met and not os.path.exists(f))]
        for name in gone:
            del self.known["files"][name]
        self.summary.removed += len(gone)
        _checkpoint("documents-added")
        self._commit(ix, [], gone, clean=True)
        _checkpoint("committed")
        blocks.write(ix, self.folder)
        found = copies.write(self.folder, self.previous, recut=self.recut)
        self.summary.identical, self.summary.copies = found["identical"], found["copies"]
        _checkpoint("corpus-written")
        self.known["pipeline"] = manifest.pipeline_key()
        manifest.write(self.folder, self.known)
        _Progress.clear(self.folder)
        _checkpoint("manifest-written")
        return self.summary

    def _resume(self, ix):
        state = _Progress.load(self.folder, self.key, ix.latest_generation())
        if state is not None:
            self.known, self.done = state["known"], state["done"]
        else:
            _Progress.save(self.folder, self.key, ix.latest_generation(), self.known, self.done)
        for leftover in self.folder.glob(_TEMP + "*"):
            shutil.rmtree(leftover, ignore_errors=True)  # pools of a killed worker

    def _feed(self, ix, files, progress, on_error):
        """Write ``files`` in batches, each a segment committed when its worker is done; the set of files read."""
        files_known = self.known["files"]
        jobs = [(str(path), None if self.upgraded else files_known.get(str(Path(path).absolute())),
                 self.max_bytes, *self.ocr) for path in files]
        _ocr_pages(jobs, progress, self.cluster)
        lexicon_wanted = self.known.get("lexicon") != manifest.lexicon_key() or not all(
            (self.folder / name).exists() for name in analysis.Lexicon.FILES)
        if not lexicon_wanted and len(jobs) > 1:
            analysis.use_saved_segmenter(self.folder)  # before the workers fork, so that they share it
        batches = _batches(jobs, os.cpu_count() or 1)
        seen = set()
        with self.cluster or _pool(len(batches)) as pool:
            lexicon = pool.apply_async(analysis.Lexicon.write, (str(self.folder),)) if lexicon_wanted else None
            written = pool.imap_unordered(_write_batch, [(str(self.folder), batch, self.pool_mb)
                                                         for batch in batches])
            results = self._committed(ix, written, lexicon)
            for status, name, digest, count, problems in (progress(results, len(jobs)) if progress else results):
                for problem in problems:
                    self.summary.skipped.append(_split(problem))
                    if on_error:
                        on_error(*self.summary.skipped[-1])
                if status != "error":
                    seen.add(name)
            if lexicon is not None:
                lexicon.get()
                self.known["lexicon"] = manifest.lexicon_key()
        return seen

    def _committed(self, ix, written, lexicon):
        """Commit each batch as its worker finishes it; then give its files' results, one by one."""
        for segments, results in written:
            if lexicon is not None and lexicon.ready():
                lexicon.get()
                self.known["lexicon"] = manifest.lexicon_key()
            replaced = [name for status, name, _, _, _ in results
                        if status == "indexed" and name in self.known["files"]]
            for status, name, digest, count, _ in results:
                self._count(status, name, digest, count)
            self.done += [name for status, name, _, _, _ in results if status != "error"]
            self._commit(ix, segments, replaced)
            _checkpoint("batch-committed")
            yield from results

    def _count(self, status, name, digest, count):
        summary = self.summary
        if status == "error":
            return
        summary.files += 1
        if status == "unchanged":
            summary.unchanged += 1
            return
        if name in self.known["files"]:
            summary.changed += 1
        else:
            summary.added += 1
        summary.passages += count
        self.known["files"][name] = digest

    def _commit(self, ix, segments, deleted, clean=False):
        """One Whoosh commit: ``segments`` added, the documents of the files ``deleted`` dropped.

        The progress file for the generation this commit makes is written first:
        a kill before the commit leaves it naming a generation that never came,
        so that the next run goes on from the one before.
        """
        writer = _BatchWriter(ix, self.folder, clean=clean)
        try:
            for name in deleted:
                writer.delete_by_term("file", name)
            _Progress.save(self.folder, self.key, writer.generation, self.known, self.done)
            _checkpoint("progress-saved")
            writer.commit(mergetype=_kept(segments))
        except BaseException:
            writer.cancel()
            raise


def _kept(added):
    """Whoosh's merge policy here: no merging (each segment has its blocks), segments wholly deleted dropped."""
    return lambda writer, existing: [s for s in existing if s.doc_count()] + added


class _BatchWriter(writing.SegmentWriter):
    """Whoosh's writer, made to work beside other writers of the same index (the workers' and this process's).

    Whoosh's writers share one temporary folder and remove it when they finish,
    and at each commit delete every segment file the new table of contents does
    not name: either would take the files of segments still being written. This
    writer's posting pool has a folder of its own, and only the last commit
    (``clean``) deletes files, once every worker is done.
    """

    def __init__(self, ix, folder, limitmb=128, clean=False, lock=True):
        super().__init__(ix, _lk=lock, limitmb=limitmb, compound=False)
        self.clean = clean
        self._tempstorage.destroy = lambda: None  # the shared folder; removed by the clean commit
        self.private = FileStorage(str(Path(folder) / f"{_TEMP}{self.newsegment.segment_id()}")).create()
        self.pool = writing.PostingPool(self.private, self.newsegment, limitmb=limitmb)

    def _commit_toc(self, segments):
        if self.clean:
            super()._commit_toc(segments)
            shutil.rmtree(self.storage.folder + "/" + self.indexname + ".tmp", ignore_errors=True)
        else:
            whoosh_index.TOC(self.schema, segments, self.generation).write(self.storage, self.indexname)

    def _finish(self):
        super()._finish()
        shutil.rmtree(self.private.folder, ignore_errors=True)


class _Progress:
    """``progress-<generation>.json``: the manifest so far and the files done, as of a Whoosh generation.

    ``key`` says which command wrote it (``run_key``): another command does not
    go on from it.
    """

    PATTERN = "progress-*.json"

    @staticmethod
    def save(folder, key, generation, known, done):
        path = Path(folder) / f"progress-{generation}.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"key": key, "known": known, "done": done}, ensure_ascii=False),
                       encoding="utf-8")
        os.replace(tmp, path)
        for old in Path(folder).glob(_Progress.PATTERN):
            if old != path and old.name != f"progress-{generation - 1}.json":
                old.unlink()

    @staticmethod
    def load(folder, key, generation):
        try:
            state = json.loads((Path(folder) / f"progress-{generation}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return state if state.get("key") == key else None

    @staticmethod
    def clear(folder):
        for path in Path(folder).glob(_Progress.PATTERN):
            path.unlink()


def _batches(jobs, procs):
    """``jobs`` cut into batches: one per core or more, a multiple of the cores, of about ``BATCH_FILES`` or more.

    Each batch becomes one Whoosh segment and one step a killed build resumes
    from: more batches resume closer to the kill, fewer make fewer segments to
    search (with Whoosh's own search, a query over 16 segments took 1.4× as long
    as over one; merging them would cost two thirds of the build again). A batch
    that outgrows its worker's posting pool spills sorted runs to disk and merges
    them, which cost half as much CPU again (28.4 s instead of 19.4 s for 12 678
    passages): at 10× the real corpora, 16 batches fit their pools, 8 did not.
    """
    if not jobs:
        return []
    count = max(min(procs, len(jobs)), min(MAX_BATCHES, -(-len(jobs) // BATCH_FILES)))
    count = min(len(jobs), -(-count // procs) * procs)  # the last round keeps every core busy
    size = -(-len(jobs) // count)
    return [jobs[i:i + size] for i in range(0, len(jobs), size)]


def _write_batch(task):
    """Worker: read the files of one batch and write their passages as Whoosh segments and their blocks.

    Gives ``([segments], [(status, file, digest, passages, problems)])`` (see
    ``_prepare``); the segments are not committed, the main process does it.
    """
    folder, jobs, pool_mb = task
    return _write_segments(whoosh_index.open_dir(str(Path(folder) / "whoosh")), folder, pool_mb, map(_prepare, jobs))


def _write_segments(ix, folder, pool_mb, prepared):
    """Write the documents of ``prepared`` (``_prepare``'s results) as segments of ``ix``; as ``_write_batch``.

    A segment is closed after the file that brings its text to ``SEGMENT_BYTES``:
    a worker holds its segment's passages until it writes them, so that what it
    holds stays bounded however large a batch of a large corpus is.
    """
    segments, results = [], []
    writer = builder = None
    try:
        for status, name, digest, documents, problems in prepared:
            for record, words in documents or ():
                if writer is None:
                    writer, builder = _BatchWriter(ix, folder, limitmb=pool_mb, lock=False), blocks.SegmentBuilder()
                writer.add_document(file=record["file"], words=" ".join(words["text"]).encode("utf-8"))
                builder.add(record, words)
            results.append((status, name, digest, len(documents or ()), problems))
            if builder is not None and builder.text_bytes >= SEGMENT_BYTES:
                segments.append(_close(writer, builder, folder))
                writer = builder = None
        if writer is not None:
            segments.append(_close(writer, builder, folder))
            writer = None
    finally:
        if writer is not None:
            writer._finish()
    return [segment for segment in segments if segment is not None], results


def _close(writer, builder, folder):
    """The segment ``writer`` wrote (None if it holds no document), with its blocks from ``builder`` saved."""
    try:
        segment = writer._finalize_segment() if writer._added else None
        if segment is not None:
            builder.save(Path(folder) / blocks.NAME / segment.segment_id())
    finally:
        writer._finish()
    return segment


def _ocr_pages(jobs, progress, cluster=None):
    """Read by OCR, a page a task in the pool, the scanned pages of the files of ``jobs`` the cache lacks.

    Reading the files then finds every page in the cache: a scanned report is read by
    every core, not by the one its batch went to.
    """
    wanted = [job for job in jobs if Path(job[0]).suffix.lower() in ocr.SCANNED_SUFFIXES]
    if not wanted or not ocr.available():
        return
    with _pool(len(wanted)) as pool:
        plans = pool.imap_unordered(_ocr_todo, wanted)
        tasks = [(path, page, wanted[0][3]) for plan in plans for path, page in plan]
    if tasks:
        with cluster or _pool(len(tasks)) as pool:
            done = pool.imap_unordered(ocr.warm, tasks)
            for _ in progress(done, len(tasks)) if progress else done:
                pass


def _ocr_todo(job):
    """Worker: the scanned pages of one file that the cache lacks, unless its digest is known."""
    path, known_digest, _, cache_dir, max_pages = job
    if known_digest is not None and readers.digest(path) == known_digest:
        return []
    return ocr.todo(path, cache_dir, max_pages)


def _prepare(job):
    """Worker: read one file and cut its passages into records with their words, unless its digest is known.

    Gives ``(status, file, digest, [(record, words)], problems)`` (``schema.ranked_words``): ``problems`` are messages
    of the members of an archive that could not be read; a file that cannot be read
    at all is ``("error", path, None, None, [message])``. The file's bytes are
    hashed before it is parsed, so an unchanged PDF is never read again.
    """
    path, known_digest, max_bytes, ocr_cache, max_pages = job
    name = str(Path(path).absolute())
    problems = []
    try:
        digest = readers.digest(path)
        if digest == known_digest:
            return "unchanged", name, digest, None, []
        found = readers.read(path, max_bytes=max_bytes, problems=problems, ocr_cache=ocr_cache,
                             max_pages=max_pages)
    except ReadError as exc:
        return "error", path, None, None, [str(exc)]
    documents = [d for source in found for d in schema.ranked_words(schema.records(source, file=name))]
    return "indexed", name, digest, documents, problems


def _split(message):
    """``(path, reason)`` of a reader's one-line message, which starts with the file's name."""
    path, _, reason = message.partition(": ")
    return path, reason


class _InProcess:
    """The pool's interface, for work too small to be worth more processes."""

    def imap_unordered(self, func, jobs):
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

    def ready(self):
        return True


def _pool(jobs):
    workers = min(os.cpu_count() or 1, jobs)
    if workers < 2:
        return _InProcess()
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return context.Pool(workers)


def _pool_mb(memory_mb, procs):
    """Memory for the posting pool of each of ``procs`` workers, so that the whole build fits in ``memory_mb``.

    ``memory_mb`` is capped to an eighth of the RAM. A pool that fills spills a
    sorted run to disk, merged when the batch's segment is written: larger pools
    build a little faster, smaller ones keep the peak down.
    """
    try:
        ram_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    except (ValueError, OSError, AttributeError):
        ram_mb = 4096
    budget = min(memory_mb, ram_mb // 8)
    return max(32, (budget - _MAIN_MB - procs * _WORKER_MB) // procs)


def _with_known_files(files, known):
    """After an upgrade of govsearch, every indexed file that still exists is read again, not only those named."""
    named = {str(Path(path).absolute()) for path in files}
    return files + [Path(f) for f in known["files"] if f not in named and Path(f).is_file()]


def _under(path, roots):
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _vanished(path, known):
    """True when ``path`` is not there but files were indexed under it (or it was one)."""
    return not Path(path).exists() and any(_under(f, [str(Path(path).absolute())]) for f in known["files"])

"""Building on a Dask cluster: the build's per-document work done by the workers of a Dask scheduler.

Takes a scheduler's address (``connect``) and how its workers see the files
(the same paths, a mapped prefix, or the bytes sent); gives ``build`` what its
local process pool gives, ``(segments, results)`` for each batch of files, so that
the index is committed by the ``index`` process alone, batch by batch, as a local
build is, and a build stopped on the cluster goes on with or without it.

Each file is one task (``build._prepare`` on a worker: read, split, tag,
normalize, cut into words); each batch's Whoosh segment is written by one more
task on a worker from its files' results (``build._write_segments``, in a folder
of the worker's own, with its blocks), and its files come back here to be put
into the index.
Workers write, not this process: on the 1× text corpus writing the segments
costs a sixth of preparing their documents (8 ms a document against 48 ms), so
a single writer here, beside its commits, would bound the build at about six
worker cores; what comes back is about as large either way (docs/notes/dask.md).
At most ``2 × threads`` batches are in flight,
so the workers' memory and this process's stay bounded; a batch's segment is
put in place as soon as it comes. Each scanned page the OCR cache lacks is a
task too (``ocr.warm``), its result written into the cache here; a document's
task is sent its pages' results from the cache.
"""

import hashlib
import logging
import os
import tempfile
import threading
from itertools import islice
from pathlib import Path

from . import build, manifest
from .readers import ocr
from .errors import ClusterError, ClusterLost

EXTRA = "pip install 'govsearch[cluster]'"
CONNECT_SECONDS = 15
_SCHEDULER_GONE = "the scheduler is gone; run the same command again (without --cluster to build here) " \
                  "to go on from the last committed batch"


def connect(address, shared_root=None, send_files=False):
    """A ``Cluster`` on the scheduler at ``address``, its workers checked to run this govsearch.

    ``shared_root`` is ``(client prefix, worker prefix)`` where the workers see
    the files under another path; ``send_files`` sends the workers each file's
    bytes instead. Raises ``ClusterError`` without Dask, or when no scheduler
    answers.
    """
    try:
        import distributed
    except ImportError:
        raise ClusterError(f"--cluster needs Dask distributed: {EXTRA}") from None
    # Dask logs to stderr what govsearch says in one line (a lost scheduler), or need not say (its reconnecting)
    for name in ["distributed", *logging.root.manager.loggerDict]:
        if name.startswith("distributed"):
            logging.getLogger(name).setLevel(logging.CRITICAL + 1)
    try:
        client = distributed.Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"{address}: no Dask scheduler answers ({_reason(exc)})") from None
    cluster = Cluster(client, address, shared_root, send_files)
    try:
        cluster.check_workers()
    except BaseException:
        cluster.close()
        raise
    return cluster


def shared_root(value):
    """``(client prefix, worker prefix)`` of ``CLIENT=WORKER``; raises ``ClusterError`` on another shape."""
    client, sep, worker = value.partition("=")
    if not sep or not client or not worker:
        raise ClusterError(f"--shared-root {value!r}: expected CLIENT=WORKER, two path prefixes")
    return str(Path(client).absolute()), worker.rstrip("/") or "/"


class Cluster:
    """A connected Dask client, with the local pool's interface that ``build`` uses (see the module docstring)."""

    def __init__(self, client, address, shared_root=None, send_files=False):
        self.client, self.address, self.send_files = client, address, send_files
        self.roots = shared_root
        self.futures = []
        self.files = {}  # the file of each task reading one, to name it when it kills its workers
        self.sent = {}  # with send_files, the bytes of the file whose pages are being read, on the cluster

    def check_workers(self):
        """Wait for a worker; raise ``ClusterError`` when one runs another govsearch than this process."""
        try:
            self.client.wait_for_workers(1, timeout=CONNECT_SECONDS)
            keys = self.client.run(manifest.pipeline_key)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"{self.address}: no worker ({_reason(exc)})") from None
        except ImportError as exc:
            raise ClusterError(f"{self.address}: a worker cannot import govsearch ({exc})") from None
        mine = manifest.pipeline_key()
        for worker, key in sorted(keys.items()):
            if key != mine:
                raise ClusterError(f"{worker}: the worker runs another version of govsearch; install this one there")
        self.trimming = sorted(w for w, value in self.client.run(_trim_threshold).items() if value)

    def threads(self):
        return sum(self.client.nthreads().values())

    def dashboard(self):
        """The address of the scheduler's dashboard, or None when it serves none.

        A scheduler has a web server even without its dashboard (no Bokeh, or
        ``--no-dashboard``): it serves the dashboard when it loaded its module.
        """
        try:
            # by value (cloudpickle): the scheduler need not have govsearch installed
            served = self.client.run_on_scheduler(lambda: "distributed.dashboard.scheduler" in __import__("sys").modules)
            return self.client.dashboard_link if served else None
        except Exception:  # a scheduler that runs no code of ours, or one gone: no address to give
            return None

    def close(self):
        self.client.close(timeout=5)

    # the interface of build's pool

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pending = [f for f in self.futures if not f.done()]
        self.futures = []
        if pending:
            try:
                self.client.cancel(pending)
            except Exception:  # the scheduler gone: nothing left to cancel
                pass
        return False

    def apply_async(self, func, args):
        """``func(*args)`` in a thread of this process: what it writes goes into the index folder here."""
        return _Thread(func, args)

    def imap_unordered(self, func, tasks):
        """What ``func`` gives for each of ``tasks``, as each comes: the pool's two jobs in a build.

        ``build._write_batch``: a batch's segments, its documents prepared one task
        each on the workers and written by another, its files put into the index
        here; ``ocr.warm``: a scanned page read by OCR on a worker, put into the
        cache here.
        """
        if func is build._write_batch:
            return self._batches(tasks)
        if func is ocr.warm:
            return self._pages(tasks)
        raise TypeError(f"a cluster runs build._write_batch and ocr.warm, not {func!r}")

    def _batches(self, tasks):
        for (folder, _, _), (segments, results, files) in self._completed(tasks, self._submit_batch):
            _adopt(Path(folder), files)
            yield segments, results

    def _pages(self, tasks):
        for (path, number, cache_dir), files in self._completed(tasks, self._submit_page):
            _adopt(Path(cache_dir), files)
            yield "ocr", path, number

    def _completed(self, tasks, submit):
        """``(task, result)`` of ``submit(task)``'s futures as they come, at most ``2 × threads`` in flight."""
        from distributed import KilledWorker, as_completed

        tasks = iter(tasks)
        running = as_completed(loop=self.client.loop)
        submitted = {}

        def add(task):
            future = submit(task)
            submitted[future.key] = task
            self.futures = [f for f in self.futures if not f.done()] + [future]
            running.add(future)

        try:
            for task in islice(tasks, max(2, 2 * self.threads())):
                add(task)
            for future in running:
                result = future.result()
                for task in islice(tasks, 1):
                    add(task)
                yield submitted.pop(future.key), result
        except (OSError, TimeoutError) as exc:
            raise ClusterLost(f"{self.address}: {_SCHEDULER_GONE} ({_reason(exc)})") from None
        except _cancelled():
            raise ClusterLost(f"{self.address}: {_SCHEDULER_GONE}") from None
        except KilledWorker as exc:
            raise ClusterLost(f"{self.files.get(exc.task, 'a batch of files')}: its task killed "
                              f"{_workers(exc.allowed_failures + 1)}, the last {exc.last_worker.address}; "
                              "what was committed before is kept") from None

    def _submit_batch(self, task):
        _, jobs, pool_mb = task
        return self.client.submit(_write_remote, pool_mb, [self._prepare(job) for job in jobs], pure=False)

    def _submit_page(self, task):
        path, number, _ = task
        return self._named(self.client.submit(_warm_remote, self._source(path), Path(path).name, number,
                                              pure=False), path)

    def _source(self, path):
        """How a worker gets the file ``path``: where it sees it, or its bytes, sent once to the workers needing them."""
        mine = str(Path(path).absolute())
        if not self.send_files:
            return self._worker_path(mine)
        if mine not in self.sent:
            self.sent = {mine: self.client.scatter(Path(path).read_bytes(), hash=False)}  # a file's pages in a row
        return self.sent[mine]

    def _prepare(self, job):
        """A future of ``build._prepare(job)`` on a worker, or its result here when no worker need read the file."""
        path, known, max_bytes, ocr_cache, _ = job
        mine = str(Path(path).absolute())
        pages = _cached_pages(path, ocr_cache)
        if not self.send_files:
            return self._named(self.client.submit(_prepare_at, self._worker_path(mine), job, mine, pages, pure=False),
                               path)
        try:
            too_big = max_bytes is not None and os.path.getsize(path) > max_bytes
            data = None if too_big else Path(path).read_bytes()
        except OSError:
            data = None
        if data is None or hashlib.sha256(data).hexdigest() == known:
            return build._prepare(job)  # unchanged, too big or unreadable: said here as a local build says it
        return self._named(self.client.submit(_prepare_sent, data, job, mine, pages, pure=False), path)

    def _named(self, future, path):
        self.files[future.key] = path
        return future

    def _worker_path(self, path):
        if self.roots is None:
            return path
        return _moved(path, *self.roots)


class _Thread:
    """A call running in a thread, with the ``get`` and ``ready`` of a pool's AsyncResult."""

    def __init__(self, func, args):
        self.value = self.error = None
        self.thread = threading.Thread(target=self._run, args=(func, args), daemon=True)
        self.thread.start()

    def _run(self, func, args):
        try:
            self.value = func(*args)
        except BaseException as exc:  # raised again by get(), in the build's thread
            self.error = exc

    def ready(self):
        return not self.thread.is_alive()

    def get(self):
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.value


# on the workers

def _prepare_at(worker_path, job, mine, pages):
    """Worker: ``build._prepare`` of the file at ``worker_path``, its paths told as this process knows them.

    ``pages`` are the OCR cache's files of its scanned pages, read by the client.
    """
    path, known, max_bytes, _, max_pages = job
    with tempfile.TemporaryDirectory(prefix="govsearch-") as cache:
        _adopt(Path(cache), pages)
        result = build._prepare((worker_path, known, max_bytes, cache, max_pages))
    return _told_as(result, worker_path, path, mine)


def _prepare_sent(data, job, mine, pages):
    """Worker: ``build._prepare`` of a file sent as ``data``, kept under its own name while it is read."""
    with tempfile.TemporaryDirectory(prefix="govsearch-") as tmp:
        path = Path(tmp) / Path(mine).name  # the name tells the format, and the tagger reads it
        path.write_bytes(data)
        return _prepare_at(str(path), job, mine, pages)


def _warm_remote(source, name, number):
    """Worker: page ``number`` of a file (its path, or its bytes) read by OCR; the cache files it made."""
    with tempfile.TemporaryDirectory(prefix="govsearch-") as tmp:
        path = source
        if isinstance(source, bytes):
            path = Path(tmp) / name
            path.write_bytes(source)
        cache = Path(tmp) / "cache"
        ocr.warm((str(path), number, str(cache)))
        return {str(f.relative_to(cache)): f.read_bytes() for f in cache.rglob("*") if f.is_file()}


def _cached_pages(path, cache_dir):
    """The OCR cache's files of the scanned pages of ``path``, ``{path under the cache: bytes}``."""
    if cache_dir is None or Path(path).suffix.lower() not in ocr.SCANNED_SUFFIXES:
        return {}
    try:
        digest = ocr.digest_of(Path(path).read_bytes())
    except OSError:
        return {}  # the worker says why it cannot be read
    found = Path(cache_dir).glob(str(ocr.cache_path("", digest, "*")))
    return {str(f.relative_to(cache_dir)): f.read_bytes() for f in found}


def _told_as(result, worker_path, given, mine):
    """``result`` with ``worker_path`` put back as the client named it: ``given`` in messages, else ``mine``."""
    status, name, digest, documents, problems = result
    if documents is not None:
        documents = [({**record, "file": _moved(record["file"], worker_path, mine),
                       "source": _moved(record["source"], worker_path, mine)}, words) for record, words in documents]
    name = _moved(name, worker_path, given if status == "error" else mine)
    return status, name, digest, documents, [_moved(p, worker_path, given) for p in problems]


def _write_remote(pool_mb, prepared):
    """Worker: the segments of ``prepared`` and their blocks written in a generation folder of its own;
    ``([segments], results, {path in the generation: bytes})``."""
    from whoosh import index as whoosh_index

    from . import blocks, schema

    with tempfile.TemporaryDirectory(prefix="govsearch-") as tmp:
        (Path(tmp) / "whoosh").mkdir()
        ix = whoosh_index.create_in(str(Path(tmp) / "whoosh"), schema.schema())
        segments, results = build._write_segments(ix, tmp, pool_mb, prepared)
        made = [f for segment in segments for f in (*Path(tmp, "whoosh").glob(segment.segment_id() + ".*"),
                                                    *Path(tmp, blocks.NAME, segment.segment_id()).rglob("*"))]
        files = {str(f.relative_to(tmp)): f.read_bytes() for f in made if f.is_file()}
    return segments, results, files


def _adopt(folder, files):
    """Put files made on a worker into ``folder``: a segment's (not yet committed: a kill leaves files the next
    commit removes), or pages of the OCR cache."""
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


def _trim_threshold():
    """Worker: glibc's MALLOC_TRIM_THRESHOLD_, which Dask's nanny sets: every large array is then mapped anew
    (OCR took twice the CPU)."""
    return os.environ.get("MALLOC_TRIM_THRESHOLD_")


def _moved(path, old, new):
    """``path`` with the prefix ``old`` (a whole path, or a folder of it) replaced by ``new``."""
    if path == old or path.startswith(old.rstrip("/") + "/"):
        return new + path[len(old):]
    return path


def _cancelled():
    from distributed import CancelledError

    return CancelledError


def _workers(count):
    return f"{count} worker" + ("s" if count > 1 else "")


def _reason(exc):
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__

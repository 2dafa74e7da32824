"""Storage: an index folder as generations, switched atomically, written by one process at a time.

Layout::

    index/
      CURRENT        the name of the live generation, e.g. "gen-000007"
      LOCK           locked (lockf) by the one process writing; says which process
      gen-000007/    a complete index (see ``index``: whoosh/, corpus.*, lexicon.*, manifest.json)
      gen-000008/    the next one, while it is written; its BUILDING file names the command
                     writing it, so that the same command, run again after a kill, goes on in it
      gen-*/READERS  locked shared (flock) by every process reading that generation: its lease

A reader resolves ``CURRENT`` once and reads only that generation. A writer builds
the next generation beside the live one (starting from hard links of the live
files when it updates; Whoosh never rewrites a file in place) and, only once it is
complete, renames a new ``CURRENT`` into place. A writer removes an old generation
only when no reader holds a lease on it (``lease``; it tries an exclusive lock on
its ``READERS`` file and leaves the folder for a later writer when that fails), so
a long-lived reader — a web server answering from the generation it opened — never
loses a file it has yet to open. A writer killed at any moment
therefore leaves the live generation whole and answering; the next writer goes on
with what the killed one left if it runs the same command (``next_generation``'s
``resume_key``), and removes it otherwise. The generation before the live one is kept, so a reader
that resolved ``CURRENT`` just before a switch can still open what it found.
"""

import os
import re
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

from .errors import BuildStopped, IndexBusy

CURRENT = "CURRENT"
LOCK = "LOCK"
READERS = "READERS"  # in each generation: flock'ed shared by its readers, exclusive by the writer removing it
BUILDING = "BUILDING"  # in a generation being written: the key of the command writing it
DEFAULT_MAX_SIZE_MB = 50  # files larger are not read into an index (``Index.update``, ``index --max-size``)
_GENERATION = re.compile(r"^gen-(\d{6})$")
_NOT_COPIED = re.compile(r"WRITELOCK|\.lock$|^corpus\.|^manifest\.json$|^BUILDING$|^READERS$|^progress-")

try:
    import fcntl
except ImportError:  # not POSIX: writers are not serialized
    fcntl = None


def live(index_dir):
    """The live generation's folder, or None when there is no index here."""
    try:
        name = (Path(index_dir) / CURRENT).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    folder = Path(index_dir) / name
    return folder if _GENERATION.match(name) and folder.is_dir() else None


def generations(index_dir):
    """Every generation folder, oldest first."""
    try:
        names = [p.name for p in Path(index_dir).iterdir() if _GENERATION.match(p.name)]
    except OSError:
        return []
    return [Path(index_dir) / n for n in sorted(names)]


class WriteLock:
    """Held by the one process writing an index; a second writer gets ``IndexBusy`` at once."""

    def __init__(self, index_dir):
        self.path = Path(index_dir) / LOCK
        self._fd = None

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if fcntl is not None:
            try:
                # a POSIX record lock belongs to this process alone: worker processes
                # forked later do not inherit it, and it goes when this process dies
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = os.read(fd, 200).decode("utf-8", "replace").strip() or "another process"
                os.close(fd)
                raise IndexBusy(f"{self.path.parent} is being written by {holder}; "
                                "wait for it to finish, then run again") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"process {os.getpid()} (since {time.strftime('%H:%M:%S')})".encode())
        self._fd = fd
        return self

    def __exit__(self, *exc):
        os.close(self._fd)  # closing releases the lock
        return False


@contextmanager
def next_generation(index_dir, start_from=None, resume_key=None):
    """A new generation folder to write; made live when the block ends without error.

    ``start_from`` (a generation folder) is hard-linked in first, so that an update
    starts from the live index. On an error the folder is removed; after a kill or
    an interrupt (Ctrl-C, ``BuildStopped``) it stays, and the next call with the same ``resume_key``
    gives it again, as it was left, for the writer to go on (``build``). Whatever
    happens, the live generation stays. Call only while holding the ``WriteLock``.
    """
    index_dir = Path(index_dir)
    previous = live(index_dir)
    folder = _resumable(index_dir, previous, resume_key)
    for stale in generations(index_dir):
        if stale not in (previous, folder):
            remove_unread(stale)  # left by a killed writer, or by one that found it read
    try:
        if folder is None:
            number = max([int(_GENERATION.match(g.name).group(1)) for g in generations(index_dir)] + [0]) + 1
            folder = index_dir / f"gen-{number:06d}"
            folder.mkdir(parents=True)
            (folder / READERS).touch()  # so that a reader of a read-only index can still take its lease
            if start_from is not None:
                _link_tree(Path(start_from), folder)
            if resume_key is not None:
                _write_durably(folder / BUILDING, resume_key)
        yield folder
        (folder / BUILDING).unlink(missing_ok=True)
        _switch(index_dir, folder.name)
    except (KeyboardInterrupt, BuildStopped):
        raise  # kept to go on from
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _resumable(index_dir, previous, key):
    """The newest generation, if a writer of ``key`` left it unfinished after ``previous``."""
    found = generations(index_dir)
    if key is None or not found or found[-1] == previous:
        return None
    if previous is not None and found[-1].name < previous.name:
        return None
    try:
        left = (found[-1] / BUILDING).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return found[-1] if left == key else None


def _link_tree(source, target):
    for path in source.rglob("*"):
        relative = path.relative_to(source)
        if path.is_dir():
            (target / relative).mkdir(parents=True, exist_ok=True)
        elif not _NOT_COPIED.search(path.name):
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(path, target / relative)


def link_or_copy(source, target):
    """Hard-link ``source`` as ``target`` (files are never rewritten in place), or copy it where links fail."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _switch(index_dir, name):
    _write_durably(index_dir / CURRENT, name)


def _write_durably(path, text):
    pointer = path.with_name(path.name + ".tmp")
    with open(pointer, "w", encoding="ascii") as f:
        f.write(text + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(pointer, path)


def prune(index_dir, keep=2):
    """Remove all but the newest ``keep`` generations (the live one and the one before), but those being read."""
    folders = generations(index_dir)
    current = live(index_dir)
    for folder in folders[:-keep]:
        if folder != current:
            remove_unread(folder)


def lease(folder):
    """A reader's lease on the generation ``folder``: an open file descriptor holding a shared lock, or None.

    Close it (``os.close``) when done reading. None means no lease could be
    taken: a writer is removing the folder (``FileNotFoundError`` is raised when it
    is gone), or the system has no ``flock``, or the index is read-only and older
    than leases.
    """
    path = Path(folder) / READERS
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        if not Path(folder).is_dir():
            raise
        try:
            fd = os.open(path, os.O_RDONLY | os.O_CREAT, 0o644)  # a generation written before leases
        except OSError:
            return None
    if fcntl is None:
        return fd
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise FileNotFoundError(f"{folder} is being removed") from None
    return fd


def remove_unread(folder):
    """Remove the generation ``folder`` unless a reader holds a lease on it; True when removed."""
    try:
        fd = os.open(Path(folder) / READERS, os.O_RDONLY | os.O_CREAT, 0o644)
    except OSError:
        fd = None
    try:
        if fd is not None and fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return False  # read: a later writer removes it
        shutil.rmtree(folder, ignore_errors=True)
        return True
    finally:
        if fd is not None:
            os.close(fd)

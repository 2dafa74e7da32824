"""Reading: files and folders in, decoded documents (``Source``) out.

A reader knows file formats and encodings and nothing about reports. One module
per format: ``text`` (UTF-8, UTF-16, GB18030, Big5), ``docx``, ``pdf`` (text layer
in reading order, page furniture dropped, paragraphs rebuilt), ``html`` (main
content of a saved web page), ``doc`` (legacy Word through antiword or catdoc) and
``archive`` (``.zip``: one document per member). Every reader gives text whose
paragraphs are separated by blank lines. Whatever cannot be read raises
``ReadError`` naming the file and the reason, so that one bad file never stops a
run; ``find_files`` names every file it passes over.
"""

import hashlib
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import ReadError
from .text import decode

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
FORMATS = {
    **{s: "text" for s in TEXT_SUFFIXES}, ".docx": "docx", ".pdf": "pdf", ".doc": "doc",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
}
SUFFIXES = set(FORMATS) | {".zip"}


@dataclass(frozen=True)
class Source:
    """One document's text: ``path`` is absolute (a zip member: ``/abs/archive.zip/2024/北京.pdf``),
    ``digest`` the SHA-256 of its bytes, ``pages`` the offsets in ``text`` where pages 1, 2, … begin."""

    path: str
    text: str
    digest: str
    format: str  # "text", "markdown", "docx", "pdf", "html", "doc"
    cells: frozenset = frozenset()  # texts of table cells, which are passages, never headings
    pages: tuple = ()
    date_hint: str = ""  # the document's own date, YYYY[-MM[-DD]]
    title_hint: str = ""
    issuer: str = ""  # who published it, as the page says (a portal's 发布机构), which need not be its author
    site: str = ""  # the site a page was saved from, the weakest evidence of its place


@dataclass
class Found:
    """What ``find_files`` found: files to read, other files met in folders (by suffix), and errors."""

    files: list = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)

    def skipped_line(self):
        """``skipped 14 files of other types: .xls 9, .jpg 5``, or "" when none were."""
        if not self.skipped:
            return ""
        total = sum(self.skipped.values())
        kinds = ", ".join(f"{suffix} {n}" for suffix, n in sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0])))
        return f"skipped {total} file{'s' if total != 1 else ''} of other types: {kinds}"


def read(path, max_bytes=None, problems=None):
    """The documents in one file: one ``Source``, or one per member of a ``.zip``.

    Raises ``ReadError`` when the file cannot be read or is over ``max_bytes``. A
    member of an archive that cannot be read is reported to ``problems`` (a list of
    messages) when given, else raises.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise ReadError(f"{path}: {size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit "
                            "(raise it with --max-size)")
        if path.suffix.lower() == ".zip":
            return _read_zip(path, max_bytes, problems)
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"{path}: {exc.strerror or exc}") from None
    return [read_bytes(data, str(path.absolute()))]


def read_bytes(data, name):
    """One document from its bytes; ``name`` (its path) gives the format by its suffix."""
    suffix = PurePosixPath(name).suffix.lower()
    kind = FORMATS.get(suffix)
    digest = hashlib.sha256(data).hexdigest()
    if kind is None:
        raise ReadError(f"{name}: {_unsupported(suffix)}")
    if kind == "docx":
        from . import docx

        blocks, cells = docx.blocks(_bytes_file(data, name), name)
        return Source(name, "\n\n".join(blocks), digest, kind, frozenset(cells))
    if kind == "pdf":
        from . import pdf

        text, pages, rows = pdf.read_with_rows(data, name)
        return Source(name, text, digest, kind, frozenset(rows), pages=pages)
    if kind == "html":
        from . import html

        page = html.read(data, name)
        return Source(name, page.text, digest, kind, frozenset(page.cells),
                      date_hint=page.date, title_hint=page.title, issuer=page.issuer,
                      site=page.site)
    if kind == "doc":
        from . import doc

        return Source(name, doc.read_text(name, data), digest, kind)
    fmt = "markdown" if suffix in (".md", ".markdown") else "text"
    return Source(name, decode(data, name), digest, fmt)


def _bytes_file(data, name):
    import io

    stream = io.BytesIO(data)
    stream.name = name
    return stream


def _read_zip(path, max_bytes, problems):
    from . import archive

    sources, base = [], str(path.absolute())
    for member, data in archive.members(path, max_bytes, wanted=lambda n: _suffix(n) in FORMATS):
        name = f"{base}/{member}"
        try:
            if data is None:
                raise ReadError(f"{name}: {_unsupported(_suffix(member))}")
            if isinstance(data, ReadError):
                raise data
            sources.append(read_bytes(data, name))
        except ReadError as exc:
            if problems is None:
                raise
            problems.append(str(exc))
    return sources


def _suffix(name):
    return PurePosixPath(name).suffix.lower()


def _unsupported(suffix):
    return (f"not a supported file type ({suffix or 'no suffix'}), skipped; "
            "govsearch reads .txt .md .docx .doc .pdf .html .htm .shtml .zip")


def find_files(paths):
    """Every file to read under ``paths`` (files and folders), sorted, each once.

    Folders are walked recursively (symlinked folders followed once each, so a loop
    ends; hidden files and Office lock files ``~$…`` left out); files of other types
    met there are counted by suffix in ``skipped``. A named file that does not exist
    or is of an unsupported type is an ``errors`` message.
    """
    found, seen = Found(), set()
    for top in paths:
        top = Path(top)
        if top.is_dir():
            _walk(top, seen, found)
        elif not top.exists():
            found.errors.append(missing(top))
        elif top.suffix.lower() not in SUFFIXES:
            found.errors.append(f"{top}: {_unsupported(top.suffix.lower())}")
        elif top.resolve() not in seen:
            seen.add(top.resolve())
            found.files.append(top)
    return found


def missing(path):
    """The error a named path that is not there gives."""
    return f"{path}: no such file or folder"


def iter_files(paths):
    """``find_files(paths).files``; raises ``ReadError`` for the first named file it cannot take."""
    found = find_files(paths)
    if found.errors:
        raise ReadError(found.errors[0])
    return iter(found.files)


def _walk(folder, seen, found):
    visited = set()
    for root, dirs, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(root)
        if real in visited:
            dirs[:] = []
            continue
        visited.add(real)
        dirs.sort()
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in sorted(files):
            if name.startswith((".", "~$")):
                continue
            path = Path(root) / name
            if path.suffix.lower() not in SUFFIXES:
                found.skipped[path.suffix.lower() or "(no suffix)"] += 1
                continue
            resolved = path.resolve()
            if resolved not in seen:
                seen.add(resolved)
                found.files.append(path)

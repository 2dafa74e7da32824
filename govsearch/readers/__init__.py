"""Reading: files and folders in, decoded documents (``Source``) out.

A reader knows file formats and encodings and nothing about reports. One module
per format: ``text`` (UTF-8, UTF-16, GB18030, Big5), ``docx``, ``pdf`` (text layer
in reading order, page furniture dropped, paragraphs rebuilt), ``html`` (main
content of a saved web page), ``doc`` (legacy Word through antiword or catdoc) and
``archive`` (``.zip``: one document per member), and ``ocr`` (scans: page images and
the image-only pages of PDFs, with the optional extra ``govsearch[ocr]``; images whose
names differ by a page number are one document). Every reader gives text whose
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
from . import ocr
from .text import decode

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
FORMATS = {
    **{s: "text" for s in TEXT_SUFFIXES}, ".docx": "docx", ".pdf": "pdf", ".doc": "doc",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
    **{s: "image" for s in ocr.IMAGE_SUFFIXES},
}
_IMAGE_FORMAT = {".jpeg": "jpg", ".tif": "tiff"}
SUFFIXES = set(FORMATS) | {".zip"}


@dataclass(frozen=True)
class Source:
    """One document's text: ``path`` is absolute (a zip member: ``/abs/archive.zip/2024/北京.pdf``),
    ``digest`` the SHA-256 of its bytes, ``pages`` the offsets in ``text`` where pages 1, 2, … begin."""

    path: str
    text: str
    digest: str
    format: str  # "text", "markdown", "docx", "pdf", "html", "doc", an image's "png", "jpg", "tiff" …
    cells: frozenset = frozenset()  # texts of table cells, which are passages, never headings
    pages: tuple = ()
    date_hint: str = ""  # the document's own date, YYYY[-MM[-DD]]
    title_hint: str = ""
    issuer: str = ""  # who published it, as the page says (a portal's 发布机构), which need not be its author
    site: str = ""  # the site a page was saved from, the weakest evidence of its place
    ocr: tuple = ()  # ((page, mean line score), …) of the pages read by OCR


@dataclass
class Found:
    """What ``find_files`` found: files to read, other files met in folders (by suffix), and errors."""

    files: list = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)
    images: int = 0  # images met in folders, not read: the OCR engine is not installed

    def skipped_line(self):
        """``skipped 14 files of other types: .xls 9, .jpg 5``, or "" when none were; images not read for
        want of the OCR engine are counted in a sentence of their own."""
        lines = []
        if self.skipped:
            total = sum(self.skipped.values())
            kinds = ", ".join(f"{suffix} {n}" for suffix, n in
                              sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0])))
            lines.append(f"skipped {total} file{'s' if total != 1 else ''} of other types: {kinds}")
        if self.images:
            many = self.images != 1
            lines.append(ocr.needed(f"skipped {self.images} image{'s' if many else ''}", "them" if many else "it")
                         .removesuffix(", skipped"))
        return "; ".join(lines)


def read(path, max_bytes=None, problems=None, ocr_cache=None, max_pages=None):
    """The documents in one file: one ``Source``, or one per member of a ``.zip``.

    Raises ``ReadError`` when the file cannot be read or is over ``max_bytes``. A
    member of an archive that cannot be read is reported to ``problems`` (a list of
    messages) when given, else raises; so are the scanned pages that a PDF with
    text leaves out without the OCR engine (else silently). An image is read with
    the other pages of its document (``ocr.pages_of``). Pages read by OCR are
    cached in ``ocr_cache`` (a folder) when given; a document with more than
    ``max_pages`` of them is refused.
    """
    path = Path(path)
    try:
        if path.suffix.lower() == ".zip":
            _check_size(path, max_bytes)
            return _read_zip(path, max_bytes, problems)
        if path.suffix.lower() in ocr.IMAGE_SUFFIXES:
            return [_read_images(path, max_bytes, ocr_cache, max_pages)]
        data = _file_bytes(path, max_bytes)
    except OSError as exc:
        raise ReadError(f"{path}: {exc.strerror or exc}") from None
    return [read_bytes(data, str(path.absolute()), ocr_cache, max_pages, problems)]


def _check_size(path, max_bytes):
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise ReadError(f"{path}: {size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit "
                        "(raise it with --max-size)")


def _file_bytes(path, max_bytes):
    _check_size(path, max_bytes)
    return path.read_bytes()


def _read_images(path, max_bytes, ocr_cache, max_pages):
    """The document whose pages are the image ``path`` and its siblings (``ocr.pages_of``)."""
    files = [(str(page.absolute()), _file_bytes(page, max_bytes)) for page in ocr.pages_of(path)]
    text, pages, rows, scores = ocr.read_images(files, ocr_cache, max_pages)
    return Source(files[0][0], text, _digest_of_pages([data for _, data in files]), _image_format(files[0][0]),
                  frozenset(rows), pages=pages, ocr=scores)


def _digest_of_pages(datas):
    if len(datas) == 1:
        return hashlib.sha256(datas[0]).hexdigest()
    return hashlib.sha256("".join(hashlib.sha256(d).hexdigest() for d in datas).encode()).hexdigest()


def digest(path):
    """SHA-256 of a file's bytes; of an image that is one page of several, of all its document's pages."""
    path = Path(path)
    try:
        if path.suffix.lower() in ocr.IMAGE_SUFFIXES:
            return _digest_of_pages([page.read_bytes() for page in ocr.pages_of(path)])
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise ReadError(f"{path}: {exc.strerror or exc}") from None


def _image_format(path):
    suffix = PurePosixPath(str(path)).suffix.lower()
    return _IMAGE_FORMAT.get(suffix, suffix[1:])


def read_bytes(data, name, ocr_cache=None, max_pages=None, problems=None):
    """One document from its bytes; ``name`` (its path) gives the format by its suffix. What of it is left
    out (the scanned pages of a PDF, without the OCR engine) is said in ``problems`` when given."""
    suffix = PurePosixPath(name).suffix.lower()
    kind = FORMATS.get(suffix)
    digest = hashlib.sha256(data).hexdigest()
    if kind is None:
        raise ReadError(f"{name}: {_unsupported(suffix)}")
    if kind == "image":
        text, pages, rows, scores = ocr.read_images([(name, data)], ocr_cache, max_pages)
        return Source(name, text, digest, _image_format(name), frozenset(rows), pages=pages, ocr=scores)
    if kind == "docx":
        from . import docx

        blocks, cells = docx.blocks(_bytes_file(data, name), name)
        return Source(name, "\n\n".join(blocks), digest, kind, frozenset(cells))
    if kind == "pdf":
        from . import pdf

        text, pages, rows, scores = pdf.read_all(data, name, ocr_cache, max_pages, problems)
        return Source(name, text, digest, kind, frozenset(rows), pages=pages, ocr=scores)
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
            "govsearch reads .txt .md .docx .doc .pdf .html .htm .shtml .zip, and scans "
            ".png .jpg .jpeg .tif .tiff .bmp .webp with OCR")


def find_files(paths):
    """Every file to read under ``paths`` (files and folders), sorted, each once.

    Folders are walked recursively (symlinked folders followed once each, so a loop
    ends; hidden files and Office lock files ``~$…`` left out); files of other types
    met there are counted by suffix in ``skipped``. A named file that does not exist
    or is of an unsupported type is an ``errors`` message. Images whose names differ
    by a page number are one document, found as its first page (``ocr.pages_of``);
    without the OCR engine, images met in folders are counted in ``images`` and a
    named one is an error naming the extra.
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
        elif top.suffix.lower() in ocr.IMAGE_SUFFIXES and not ocr.available():
            found.errors.append(ocr.needed(f"{top}: an image"))
        else:
            _add(_first_page(top), seen, found)
    return found


def _first_page(path):
    return ocr.pages_of(path)[0] if path.suffix.lower() in ocr.IMAGE_SUFFIXES else path


def _add(path, seen, found):
    resolved = path.resolve()
    if resolved not in seen:
        seen.add(resolved)
        found.files.append(path)


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
    visited, engine = set(), ocr.available()
    for root, dirs, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(root)
        if real in visited:
            dirs[:] = []
            continue
        visited.add(real)
        dirs.sort()
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        documents = ocr.documents([n for n in files if _suffix(n) in ocr.IMAGE_SUFFIXES
                                   and not n.startswith((".", "~$"))]) if engine else set()
        for name in sorted(files):
            if name.startswith((".", "~$")):
                continue
            path = Path(root) / name
            if path.suffix.lower() not in SUFFIXES:
                found.skipped[path.suffix.lower() or "(no suffix)"] += 1
            elif path.suffix.lower() in ocr.IMAGE_SUFFIXES:
                if not engine:
                    found.images += 1
                elif name in documents:
                    _add(path, seen, found)
            else:
                _add(path, seen, found)

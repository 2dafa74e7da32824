"""Reading: files and folders in, decoded text out.

A reader knows file formats and encodings and nothing about reports. Plain text
(``.txt``, ``.md``) is decoded as UTF-8 (with or without a BOM), UTF-16 with a BOM,
or else GB18030;
``.docx`` is read with python-docx, one paragraph per paragraph and one per table
cell, separated by blank lines like the paragraphs of a Markdown file. Whatever
cannot be read raises ``ReadError`` naming the file and the reason, so that one
bad file never stops a run.
"""

import codecs
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import ReadError

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
DOCX_SUFFIXES = {".docx"}
SUFFIXES = TEXT_SUFFIXES | DOCX_SUFFIXES


@dataclass(frozen=True)
class Source:
    """One file's text: ``path`` is absolute, ``digest`` is the SHA-256 of its bytes."""

    path: str
    text: str
    digest: str
    kind: str  # "text" or "docx"
    cells: frozenset = frozenset()  # texts of table cells, which are passages, never headings


def read(path, max_bytes=None):
    """Read one file into a ``Source``; raise ``ReadError`` if it cannot be read or is over ``max_bytes``."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise ReadError(f"{path}: {size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit "
                            "(raise it with --max-size)")
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"{path}: {exc.strerror or exc}") from None
    digest = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix in DOCX_SUFFIXES:
        blocks, cells = _docx_blocks(path)
        return Source(str(path.absolute()), "\n\n".join(blocks), digest, "docx", frozenset(cells))
    return Source(str(path.absolute()), decode(data, path), digest, "text")


def decode(data, name="<bytes>"):
    """Decode text bytes: UTF-16 with a BOM (Windows "Unicode"), UTF-8 (BOM or not), else GB18030.

    Binary data is refused.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _lines(data.decode("utf-16"))
        except UnicodeDecodeError:
            raise ReadError(f"{name}: damaged UTF-16 text") from None
    if b"\x00" in data[:65536]:
        raise ReadError(f"{name}: binary data, not text")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return _lines(text)
    raise ReadError(f"{name}: neither UTF-8 nor GB18030 text")


def _lines(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _docx_blocks(path):
    """Paragraph and table-cell texts of a .docx in document order, and the cell texts alone."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise ReadError(f"{path}: not a readable .docx ({exc.__class__.__name__})") from None
    except Exception as exc:  # zipfile and lxml raise many kinds on a damaged file
        raise ReadError(f"{path}: not a readable .docx ({exc})") from None
    blocks, cells = [], []
    for item in document.iter_inner_content():
        if isinstance(item, docx.table.Table):
            texts = _cell_texts(item)
            cells.extend(texts)
            blocks.extend(texts)
        elif item.text.strip():
            blocks.append(item.text.strip())
    return blocks, cells


def _cell_texts(table):
    texts, seen = [], []
    for row in table.rows:
        for cell in row.cells:
            # a merged cell appears once per grid column it spans, always the same element
            if not any(cell._tc is other for other in seen) and cell.text.strip():
                seen.append(cell._tc)
                texts.append(cell.text.strip())
    return texts


def iter_files(paths):
    """Every readable-kind file under ``paths`` (files and folders), sorted, each once.

    Folders are walked recursively; symlinked folders are followed once each, so a
    symlink loop ends. Files of other kinds are skipped quietly, even when named.
    """
    seen = set()
    for top in paths:
        top = Path(top)
        if top.is_dir():
            yield from _walk(top, seen)
        elif top.exists():
            if top.suffix.lower() not in SUFFIXES:
                continue
            resolved = top.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield top
        else:
            raise ReadError(f"{top}: no such file or folder")


def _walk(folder, seen):
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
            path = Path(root) / name
            if path.suffix.lower() not in SUFFIXES or name.startswith((".", "~$")):
                continue
            resolved = path.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield path

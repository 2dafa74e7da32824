"""Originals: the ``Origin`` of an indexed source in, its bytes out, or a refusal saying why.

No path ever comes from a request: ``/file/<doc>`` names a document, the index
names its source files (``backend.sources``), and a file is given only while
its bytes still have the digest the index recorded, and only from inside the
folder it was indexed under (a symlink swapped in to point elsewhere is refused).
A zip member is read from inside its archive. PDFs and images are shown by the
browser's own viewer; anything else — HTML above all — is an attachment, never
rendered on the page's origin.
"""

import hashlib
import mimetypes
import os
import zipfile
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from urllib.parse import quote

from ..errors import GovsearchError, NotFound, ReadError
from ..readers import digest
from ..readers.archive import member_name
from ..readers.ocr import IMAGE_SUFFIXES, pages_of

IMAGE_FORMATS = {suffix[1:] for suffix in IMAGE_SUFFIXES}  # the formats of reports made of page images
INLINE_TYPES = ("application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "image/tiff", "image/bmp")


class Changed(GovsearchError):
    """The file on disk is no longer what was indexed (changed, moved, replaced or gone)."""


@dataclass
class Original:
    data: bytes
    content_type: str
    disposition: str


def pick(origins, page):
    """The origin to serve: page N's image when the document is made of page images (``报告.p2.png``), else
    its first source (a PDF's viewer turns to the page itself)."""
    first = origins[0]
    if not page or not _image(first):
        return first
    pages = pages_of(first.file)
    if page > len(pages):
        raise NotFound(f"this document has {len(pages)} page{'s' if len(pages) != 1 else ''}, not {page}")
    name = pages[page - 1].name
    return replace(first, source=str(pages[page - 1]), file=str(pages[page - 1]),
                   relative=str(PurePosixPath(first.relative).with_name(name)))


def _image(origin):
    return not origin.member and PurePosixPath(origin.file).suffix.lower() in IMAGE_SUFFIXES


def read_first(origins, page):
    """The ``Original`` of the origin ``pick`` names; where that copy changed or went, the next byte-identical copy's."""
    chosen = pick(origins, page)
    try:
        return read(chosen)
    except Changed:
        for other in origins if chosen is origins[0] else ():
            try:
                return read(other)
            except Changed:
                continue
        raise


def read(origin):
    """The ``Original`` of ``origin`` whose digest still matches; ``Changed`` otherwise."""
    if not origin.digest:
        raise Changed(f"{origin.relative} was not recorded with its digest; index it again to open it here")
    if not _inside(origin.file, origin.root):
        raise Changed(f"{origin.relative} now leads outside its collection")
    try:
        with open(origin.file, "rb") as f:
            data = f.read()
        # a page image's digest is its document's, of all its pages (readers.digest)
        now = digest(origin.file) if _image(origin) else hashlib.sha256(data).hexdigest()
    except (OSError, ReadError):
        raise Changed(f"{origin.relative} is no longer where it was indexed") from None
    if now != origin.digest:
        raise Changed(f"{origin.relative} has changed since it was indexed; index it again to open it here")
    if origin.member:
        data = _member(data, origin)
    name = PurePosixPath(origin.member or origin.file).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    inline = content_type in INLINE_TYPES
    return Original(data, content_type, disposition("inline" if inline else "attachment", name))


def disposition(kind, name):
    """A ``Content-Disposition`` naming ``name``: an ASCII fallback, and the UTF-8 name (RFC 6266)."""
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in name)
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _inside(file, root):
    """True when ``file``, symlinks resolved, lies under the folder it was found under (or was named directly)."""
    if not root:
        return not os.path.islink(file)  # a file named directly: served only as itself
    return os.path.realpath(file).startswith(os.path.realpath(root).rstrip("/") + "/")


def _member(data, origin):
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if member_name(info) == origin.member:
                return archive.read(info)
    raise Changed(f"{origin.relative} is no longer in its archive")

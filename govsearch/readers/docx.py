"""Word ``.docx``: paragraphs, table cells, text boxes, footnotes, endnotes, headers and footers.

python-docx's paragraph list misses text boxes (``w:txbxContent`` inside a run),
content controls (``w:sdt``) at body level, tracked insertions (``w:ins``), and
everything outside the body. So the body's XML is walked here: each paragraph is
a block, each table cell a block (and a cell, for the splitter), each text box a
block after the paragraph that anchors it. Footnotes and endnotes follow the body,
then header and footer texts, each distinct text once; a header holding only a page
number field is dropped.
"""

import re

from ..errors import ReadError

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_P, _TBL, _SDT, _TR, _TC = (f"{{{_W}}}{tag}" for tag in ("p", "tbl", "sdt", "tr", "tc"))
_T, _TAB, _BR, _CR = (f"{{{_W}}}{tag}" for tag in ("t", "tab", "br", "cr"))
_TXBX = f"{{{_W}}}txbxContent"
_FALLBACK = f"{{{_MC}}}Fallback"
_NOTE_KINDS = ("footnote", "endnote")
_PAGE_NUMBER = re.compile(r"^[\s\-—–·第页共/\dPageof]*$")


def blocks(path, name=None):
    """Text blocks of a .docx (a path or a binary stream) in reading order, and the table-cell texts among them."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    name = name or path
    try:
        document = docx.Document(path if hasattr(path, "read") else str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise ReadError(f"{name}: not a readable .docx ({exc.__class__.__name__})") from None
    except Exception as exc:  # zipfile and lxml raise many kinds on a damaged file
        raise ReadError(f"{name}: not a readable .docx ({exc})") from None
    out, cells = [], []
    _body(document.element.body, out, cells)
    for part in _related_parts(document.part, ("footnotes", "endnotes")):
        for note in _xml(part):
            if note.get(f"{{{_W}}}type") in (None, "normal"):
                _body(note, out, cells)
    seen = set(out)
    for part in _related_parts(document.part, ("header", "footer")):
        texts = []
        _body(_xml(part), texts, [])
        for text in texts:
            if text not in seen and not _PAGE_NUMBER.match(text):
                seen.add(text)
                out.append(text)
    return out, cells


def _xml(part):
    """A part's XML: python-docx parses the parts it knows, and gives the others as bytes."""
    if hasattr(part, "element"):
        return part.element
    from lxml import etree

    return etree.fromstring(part.blob)


def _related_parts(part, kinds):
    found = []
    for rel in part.rels.values():
        if not rel.is_external and rel.reltype.rsplit("/", 1)[-1] in kinds:
            found.append(rel.target_part)
    return sorted(found, key=lambda p: str(p.partname))


def _body(element, out, cells):
    for child in element:
        if child.tag == _P:
            _paragraph(child, out, cells)
        elif child.tag == _TBL:
            _table(child, out, cells)
        elif len(child):  # w:sdt, w:sdtContent, w:customXml and the like hold blocks too
            _body(child, out, cells)


def _paragraph(p, out, cells):
    text = _text(p).strip()
    if text:
        out.append(text)
    for box in p.iter(_TXBX):
        if not any(a.tag == _FALLBACK for a in box.iterancestors()):  # VML copy of the same box
            _body(box, out, cells)


def _text(element):
    """The characters of one paragraph, text boxes and deleted text left out."""
    parts = []
    for node in element.iter(_T, _TAB, _BR, _CR):
        if _inside_box(node, element):
            continue
        parts.append(node.text or "" if node.tag == _T else "\t" if node.tag == _TAB else "\n")
    return "".join(parts)


def _inside_box(node, paragraph):
    """True for text of a text box anchored in ``paragraph`` (or of its VML copy), not its own."""
    parent = node.getparent()
    while parent is not None and parent is not paragraph:
        if parent.tag in (_TXBX, _FALLBACK):
            return True
        parent = parent.getparent()
    return False


def _table(tbl, out, cells):
    for row in tbl.iter(_TR):
        if row.getparent() is not tbl:
            continue
        for cell in row:
            if cell.tag != _TC:
                continue
            inner = []
            _body(cell, inner, [])
            text = "\n".join(inner).strip()
            if text:
                out.append(text)
                cells.append(text)

"""PDF: the text layer, read in reading order, page furniture dropped, paragraphs rebuilt.

pypdfium2 (PDFium, Apache-2.0/BSD) gives each character with its box. Here they
become *fragments*: runs of characters on one line without a gap wider than a
column gutter, in content-stream order, and the page's drawn rectangles (frames of
boxed items). ``layout`` does the rest, as it does for OCR's lines: furniture
dropped, reading order, paragraphs.

Paragraphs come out separated by blank lines; ``pages`` holds the offset in the
text where each page begins. A PDF without characters is a scan; characters that
are mostly private-use or unmapped (``(cid:…)``) mean a font without a Unicode map:
both are refused, as is a PDF that needs a password (an empty one is tried).
"""

import re
from statistics import median

from ..errors import ReadError
from .layout import GAP, Fragment, Page, text_of

_CID = re.compile(r"\(cid:\d+\)")


def read(data, name="<pdf>"):
    """``(text, pages)`` of a PDF's bytes: paragraphs separated by blank lines, and page start offsets."""
    text, pages, _ = read_with_rows(data, name)
    return text, pages


def read_with_rows(data, name="<pdf>"):
    """``(text, pages, rows)``: as ``read``, and the texts of table rows (cells joined by ``　``)."""
    return read_all(data, name)[:3]


def read_all(data, name="<pdf>", cache_dir=None, max_pages=None, problems=None):
    """``(text, pages, rows, ocr)``: as ``read_with_rows``, with the pages that are scans read by OCR
    (``ocr.read_scans``; ``ocr`` is their ``((page, mean line score), …)``)."""
    from . import ocr

    document = _open(data, name)
    try:
        pages = [_page_fragments(document[i], i + 1) for i in range(len(document))]
        scores = ocr.read_scans(document, pages, data, name, cache_dir, max_pages, problems)
    finally:
        document.close()
    chars = sum(len(f.text.strip()) for p in pages for f in p.fragments)
    if chars < 10 * max(1, len(pages)) ** 0.5:
        raise ReadError(f"{name}: no text, not even by OCR, skipped" if scores
                        else f"{name}: no text layer (scanned?), skipped")
    raw = "".join(f.text for p in pages for f in p.fragments)
    if unreadable(raw):
        raise ReadError(f"{name}: text layer unreadable (fonts without Unicode map), skipped")
    return (*text_of(pages), scores)


def unreadable(text):
    """True when a text layer is mostly junk: ``(cid:N)`` codes, private-use, unmapped or control characters."""
    text = _CID.sub("\ue000", text)
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return False
    bad = sum(1 for c in chars if "\ue000" <= c <= "\uf8ff" or c == "\ufffd" or ord(c) < 32
              or "\U000f0000" <= c)
    return bad > 0.1 * len(chars)


def _open(data, name):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)  # PDFium tries the empty user password itself
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD or "password" in str(exc).lower():
            raise ReadError(f"{name}: encrypted PDF that needs a password, skipped "
                            "(save an unprotected copy)") from None
        raise ReadError(f"{name}: not a readable PDF ({exc})") from None


def _page_fragments(page, number):
    """The fragments of one page, in content-stream order."""
    import pypdfium2.raw as raw

    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        if len(text) != count:  # characters outside the BMP: read one at a time
            text = "".join(chr(raw.FPDFText_GetUnicode(textpage, i)) for i in range(count))
        fragments = _fragments(textpage, text, height, number)
    finally:
        textpage.close()
    page_data = Page(number, height, fragments, _frames(page, height))
    page.close()
    return page_data


def _frames(page, height):
    """``(x0, top, x1, bottom)`` of the page's drawn shapes at least 12 pt wide and high: frames
    around boxed items, among photos' and tables' rectangles (``layout`` tells them apart).
    Read through PDFium's C calls: wrapping each of a page's thousands of objects costs more."""
    import ctypes

    import pypdfium2.raw as raw

    frames, box = [], [ctypes.c_float() for _ in range(4)]
    handle, get_object, get_type, path = page.raw, raw.FPDFPage_GetObject, raw.FPDFPageObj_GetType, raw.FPDF_PAGEOBJ_PATH
    for i in range(raw.FPDFPage_CountObjects(handle)):
        shape = get_object(handle, i)
        if get_type(shape) == path and raw.FPDFPageObj_GetBounds(shape, *(ctypes.byref(v) for v in box)):
            left, bottom, right, top = (v.value for v in box)
            if right - left >= 12 and top - bottom >= 12:
                frames.append((left, height - top, right, height - bottom))
    return frames


def _fragments(textpage, text, height, number):
    """Characters joined into fragments; written for speed, as it runs once per character."""
    import pypdfium2.raw as raw

    get_box, rect = raw.FPDFText_GetLooseCharBox, raw.FS_RECTF()
    fragments, chars, space, ideographic = [], None, False, 0
    x0_ = x1_ = top_ = bottom_ = mid_ = h_ = 0.0
    han, wide, narrow = [], [], []
    for i, char in enumerate(text):
        if char.isspace() or char in "\x02\ufffe":
            if char == "\u3000":
                # "记者　李某某": one or two ideographic spaces are text, not a gutter
                ideographic += 1
            elif char == " ":
                # PDFium adds spaces of its own where runs are apart ("2023 年"): kept only between words
                space = space or ("generated" if raw.FPDFText_IsGenerated(textpage, i) == 1 else "real")
            elif char in "\r\n":
                space, ideographic = False, 0
                if chars:
                    fragments.append(_fragment(chars, x0_, x1_, top_, bottom_, number, han, wide, narrow))
                    chars = None
            continue
        if not get_box(textpage, i, rect):
            continue
        x0, x1, top, bottom = rect.left, rect.right, height - rect.top, height - rect.bottom
        h = bottom - top
        if h <= 0:
            continue
        bridged = ideographic if ideographic <= 2 else 0
        if (chars and abs((top + bottom) * 0.5 - mid_) < 0.5 * (h if h > h_ else h_)
                and x1_ - 0.5 * h <= x0 <= x1_ + (GAP + bridged) * h):
            if x0 > x1_ + GAP * h:
                chars.append("\u3000" * bridged)
            elif space == "real" or space and _latin(chars[-1]) and _latin(char):
                chars.append(" ")
            chars.append(char)
            if x1 > x1_:
                x1_ = x1
            if top < top_ or bottom > bottom_:
                top_, bottom_ = min(top, top_), max(bottom, bottom_)
                mid_, h_ = (top_ + bottom_) * 0.5, bottom_ - top_
        else:
            if chars:
                fragments.append(_fragment(chars, x0_, x1_, top_, bottom_, number, han, wide, narrow))
            chars, han, wide, narrow = [char], [], [], []
            x0_, x1_, top_, bottom_, mid_, h_ = x0, x1, top, bottom, (top + bottom) * 0.5, h
        if "\u4e00" <= char <= "\u9fff":
            han.append(h)
        elif char > "\x7f":
            wide.append(h)
        else:
            narrow.append(h)
        space, ideographic = False, 0
    if chars:
        fragments.append(_fragment(chars, x0_, x1_, top_, bottom_, number, han, wide, narrow))
    return fragments


def _fragment(chars, x0, x1, top, bottom, number, han, wide, narrow):
    # Latin fonts' and punctuation's boxes differ in height: trust Chinese characters first
    size = median(han or wide or narrow)
    middle = (top + bottom) / 2
    return Fragment("".join(chars), x0, x1, middle - size / 2, middle + size / 2, number, size=size,
                    sized=len(han) >= 2)


def _latin(char):
    return char.isascii() and char.isalnum() or char in ",.;:%)"

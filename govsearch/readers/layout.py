"""Layout: positioned lines of text on pages in, paragraphs in reading order out.

Takes ``Page``s of ``Fragment``s — runs of text on one line with their boxes,
coordinates from the page's top-left — as a text PDF's characters give them
(``pdf``) or as an OCR engine's line boxes do (``ocr``); gives the text as
paragraphs separated by blank lines, the offset where each page begins, and the
texts of table rows. One module for both, so that a scanned report is cut the
way its born-digital twin is:

1. *Furniture* dropped: in the top and bottom margins, lines repeated at the same
   place on most pages (running headers and footers), page numbers of the usual
   shapes (``— 3 —``, ``- 3 -``, ``·3·``, ``第3页``, ``3/40``) and newspaper mastheads
   (``XX日报 2025年1月23日 星期四 第3版``).
2. *Reading order* by recursive cuts: a page is cut into bands of rows; consecutive
   rows sharing a vertical gap (a gutter from top to bottom of the rows) form one
   multi-column group, which is cut at its widest gutter and each side read in
   turn, top to bottom. A headline across the columns has no gutter, so it is a
   group of its own above them; a boxed side story has its own gutters and is read
   whole. A group of short cells without running text is a table: read row by row,
   each row one paragraph, its cells joined by ``　``.
3. *Paragraphs*: a line opens a paragraph when it is indented (two characters),
   follows a short line, a wider gap, a change of font size, or is an outline
   heading (``一、``, ``（一）``). At a column or page break the paragraph goes on
   unless the previous line ended a sentence or the next one is indented.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median

_MARGIN = 0.12  # share of the page height, top and bottom, where furniture lives
GAP = 0.6  # a gutter is at least this many line heights wide
_FINAL = "。！？!?；;：:…"
_CLOSERS = "”’」』）)】》〉\"'"
PAGE_NUMBER = re.compile(
    r"^[\s\-—–－_·•.．]*(第\s*)?(\d{1,4}|[ivxlc]{1,6})\s*(页|版)?"
    r"(\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[\s\-—–－_·•.．]*$"
    r"|^(page|p\.)\s*\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.I)
_MASTHEAD = re.compile(
    r"第\s*[\d一二三四五六七八九十]{1,3}\s*版"
    r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.{0,12}星期[一二三四五六日天]"
    r"|星期[一二三四五六日天].{0,20}\d{4}\s*年")
_OUTLINE = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[章节部分])")
_PUNCT = re.compile(r"[，,、；;：:。！？!?（）()《》“”\"'—…·]")


@dataclass
class Fragment:
    """Characters on one line with no gutter between them; coordinates from the page's top-left."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int = 0
    block: int = 0
    size: float = 0.0  # the usual character height: digits in a Latin font have taller boxes
    sized: bool = True  # the size was measured on Chinese characters, comparable between lines
    row: bool = False  # a table row, its cells joined by an ideographic space: a paragraph of its own

    @property
    def height(self):
        return self.size

    @property
    def middle(self):
        return (self.top + self.bottom) / 2


@dataclass
class Page:
    number: int
    height: float
    fragments: list = field(default_factory=list)


def text_of(pages):
    """``(text, pages, rows)`` of ``Page``s: paragraphs separated by blank lines, the offset where
    each page begins, and the texts of table rows (cells joined by ``　``)."""
    drop_furniture(pages)
    lines, block = [], 0
    for page in pages:
        for leaf in _reading_order(page.fragments):
            block += 1
            for line in _leaf_lines(leaf):
                line.block = block
                lines.append(line)
    text, starts = _paragraphs(lines, len(pages))
    return text, starts, [line.text for line in lines if line.row]


def word(left, right):
    """Lines (or fragments) joined with a space only between two Latin letters, as English words."""
    return " " if left[-1:].isascii() and left[-1:].isalpha() and right[:1].isascii() and right[:1].isalpha() else ""


# -- furniture ----------------------------------------------------------------

def _in_margin(fragment, page):
    return fragment.bottom < _MARGIN * page.height or fragment.top > (1 - _MARGIN) * page.height


def _furniture_key(fragment, page):
    return re.sub(r"\d+", "#", fragment.text.replace(" ", "")), round(fragment.middle / (0.015 * page.height))


def drop_furniture(pages):
    candidates = {id(f) for page in pages for f in page.fragments
                  if _in_margin(f, page) and _set_apart(f, page.fragments)}
    counts = Counter()
    for page in pages:
        counts.update({_furniture_key(f, page) for f in page.fragments if id(f) in candidates})
    needed = max(2, (len(pages) + 1) // 2)
    for page in pages:
        keep = []
        for fragment in page.fragments:
            if _in_margin(fragment, page):
                text = fragment.text.strip()
                if (len(pages) > 1 and id(fragment) in candidates and counts[_furniture_key(fragment, page)] >= needed
                        or PAGE_NUMBER.match(text) or _MASTHEAD.search(text)):
                    continue
            keep.append(fragment)
        page.fragments = keep


def _set_apart(fragment, fragments):
    """True for a line with space above or below it where text runs: a header or footer, not a text line.

    A column's first or last line can sit in the margin and repeat the same words
    at the same place on other pages; it has a neighbour one line away.
    """
    for other in fragments:
        if (other is not fragment and other.x0 < fragment.x1 and fragment.x0 < other.x1
                and abs(other.middle - fragment.middle) < 1.6 * max(fragment.size, other.size)
                and abs(other.size - fragment.size) < 0.2 * fragment.size):
            return False
    return True


# -- reading order --------------------------------------------------------------

def _merge(spans):
    """x intervals, merged and sorted."""
    spans = sorted(spans)
    merged = [list(spans[0])]
    for x0, x1 in spans[1:]:
        if x0 <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return merged


def _gutter(covered, unit):
    """The x of the widest gap at least ``GAP * unit`` wide between ``covered`` intervals, or None."""
    best, where = GAP * unit, None
    for (_, end), (start, _) in zip(covered, covered[1:]):
        if start - end >= best:
            best, where = start - end, (start + end) / 2
    return where


def _rows(fragments):
    """Bands of fragments whose (slightly shrunk) heights overlap, top to bottom."""
    rows, bottom = [], None
    for f in sorted(fragments, key=lambda f: f.top):
        top = f.top + 0.2 * f.height
        if rows and top < bottom:
            rows[-1].append(f)
            bottom = max(bottom, f.bottom - 0.2 * f.height)
        else:
            rows.append([f])
            bottom = f.bottom - 0.2 * f.height
    return rows


def _reading_order(fragments, depth=0):
    """Leaves (lists of fragments of one column block) in reading order."""
    if not fragments:
        return []
    unit = median(f.height for f in fragments)
    groups = []  # [fragments, covered x intervals]
    for row in _rows(fragments):
        covered = _merge((f.x0, f.x1) for f in row)
        if groups:
            joined = _merge(groups[-1][1] + covered)
            if (_gutter(joined, unit) is not None
                    or _gutter(groups[-1][1], unit) is None and _gutter(covered, unit) is None):
                groups[-1][0].extend(row)
                groups[-1][1] = joined
                continue
        groups.append([list(row), covered])
    leaves = []
    for group, covered in groups:
        cut = _gutter(covered, unit) if depth < 12 else None
        if cut is not None and _is_table(group):
            leaves += [[_table_row(row)] for row in _rows(group)]
        elif cut is None:
            leaves.append(group)
        else:
            leaves += _reading_order([f for f in group if f.x1 <= cut], depth + 1)
            leaves += _reading_order([f for f in group if f.x1 > cut], depth + 1)
    return leaves


def _is_table(group):
    """True for rows of short cells side by side without running text: a table, read row by row.

    Columns of running text have long lines, most with a comma; a table's cells are short
    labels and figures.
    """
    rows = _rows(group)
    texts = [f.text.strip() for f in group if f.text.strip()]
    if len(rows) < 2 or not texts or sum(len(row) >= 2 for row in rows) < max(2, 0.6 * len(rows)):
        return False
    punctuated = sum(bool(re.search("[，。；、,;]", t)) for t in texts)
    return median(len(t) for t in texts) <= 10 and punctuated <= 0.2 * len(texts)


def _table_row(row):
    """One row of a table as a single line, its cells in x order."""
    row = sorted(row, key=lambda f: f.x0)
    return Fragment("　".join(f.text.strip() for f in row), row[0].x0, max(f.x1 for f in row),
                    min(f.top for f in row), max(f.bottom for f in row), row[0].page,
                    size=median(f.size for f in row), sized=any(f.sized for f in row), row=True)


def _leaf_lines(leaf):
    """The lines of one column block, top to bottom; fragments side by side on a line joined."""
    lines = []
    for f in sorted(leaf, key=lambda f: f.middle):
        if lines and abs(f.middle - lines[-1][-1].middle) < 0.4 * max(f.height, lines[-1][-1].height):
            lines[-1].append(f)
        else:
            lines.append([f])
    out = []
    for parts in lines:
        parts.sort(key=lambda f: f.x0)
        text = parts[0].text
        for f in parts[1:]:
            text += word(text, f.text) + f.text
        out.append(Fragment(text, parts[0].x0, max(f.x1 for f in parts), min(f.top for f in parts),
                            max(f.bottom for f in parts), parts[0].page, size=median(f.size for f in parts),
                            sized=any(f.sized for f in parts), row=any(f.row for f in parts)))
    return out


# -- paragraphs -----------------------------------------------------------------

def ends_sentence(text):
    """As ``passages.ends_sentence``, which readers may not import (it comes later in the pipeline)."""
    tail = text.rstrip().rstrip(_CLOSERS)
    return bool(tail) and tail[-1] in _FINAL


def _paragraphs(lines, page_count):
    """Text of ``lines`` (in reading order) as paragraphs, and the offsets where pages begin."""
    bounds, before = {}, None
    for line in lines:
        left, right, heights, leads = bounds.get(line.block, (line.x0, line.x1, [], []))
        heights.append(line.height)
        if before is not None and before.block == line.block:
            leads.append(line.middle - before.middle)
        bounds[line.block] = (min(left, line.x0), max(right, line.x1), heights, leads)
        before = line
    bounds = {b: (left, right, median(h), median(d) if d else 0) for b, (left, right, h, d) in bounds.items()}
    listed = _one_liners(lines)
    paragraphs, starts, previous = [], [], None  # starts: (paragraph index, offset in it, page)
    held = None  # (index, last line) of a paragraph cut off by lines in another size: a caption, a box
    current = -1
    for line in lines:
        if held and line.sized and not _resized(held[1], line):
            resumed, held = held, None
            if _resumes(line, bounds):
                current = resumed[0]
                paragraphs[current] += word(paragraphs[current], line.text) + line.text
                starts.append((current, len(paragraphs[current]) - len(line.text), line.page))
                previous = line
                continue
        if previous is None or _opens(previous, line, bounds) or line.block in listed:
            if previous is not None and _resized(previous, line) and not ends_sentence(previous.text):
                held = (current, previous)
            paragraphs.append(line.text)
            current = len(paragraphs) - 1
        else:
            paragraphs[current] += word(paragraphs[current], line.text) + line.text
        starts.append((current, len(paragraphs[current]) - len(line.text), line.page))
        previous = line
    offsets, total = [], 0
    for paragraph in paragraphs:
        offsets.append(total)
        total += len(paragraph) + 2
    first = {}
    for index, inside, page in starts:
        first.setdefault(page, offsets[index] + inside)
    pages, last = [], total
    for number in range(page_count, 0, -1):  # a page without text begins where the next does
        last = first.get(number, last)
        pages.append(last)
    pages.reverse()
    return "\n\n".join(paragraphs) + ("\n" if paragraphs else ""), tuple(pages)


def _opens(previous, line, bounds):
    """True when ``line`` opens a new paragraph after ``previous``."""
    if line.row or previous.row:
        return True
    left, right, unit, lead = bounds[line.block]
    p_left, p_right, p_unit, _ = bounds[previous.block]
    em = unit * 0.75  # a loose character box is about 1.3 em high
    indented = line.x0 - left >= 1.5 * em
    # half-width digits leave a line of ragged text short of the margin: only a line
    # that ends a sentence, or has no punctuation at all (a heading), ends short
    short = previous.x1 < p_right - 2.5 * p_unit * 0.75 and (
        ends_sentence(previous.text) or not _PUNCT.search(previous.text))
    if _resized(previous, line):
        return True
    if _OUTLINE.match(line.text) or _OUTLINE.match(previous.text) and short:
        return True
    if line.block != previous.block:
        return ends_sentence(previous.text) or indented
    return indented or short or lead and line.middle - previous.middle > 1.4 * lead


def _one_liners(lines):
    """Blocks of three or more lines that all end a sentence: a list of one-line paragraphs, whose
    indent cannot be seen (no line starts at the margin) and whose lines end wherever they end."""
    ends = {}
    for line in lines:
        ends.setdefault(line.block, []).append(ends_sentence(line.text))
    return {block for block, flags in ends.items() if len(flags) >= 3 and all(flags)}


def _resized(previous, line):
    return line.sized and previous.sized and abs(line.height - previous.height) > 0.2 * max(line.height, previous.height)


def _resumes(line, bounds):
    """True when ``line``, back in the size of an unfinished paragraph after a caption or box, goes on with it."""
    left, _, unit, _ = bounds[line.block]
    return line.x0 - left < 1.1 * unit and not _OUTLINE.match(line.text)

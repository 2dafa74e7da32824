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
   band of its own above them, and it holds together the columns that start side
   by side under it (a centred headline leaves gutters beside it). A group of short
   cells without running text is a table: read row by row, each row one paragraph,
   its cells joined by ``　``.
   Newspaper pages: stories stand side by side under their headlines, so each
   story's columns are read left to right before the next story. An item *set
   into* a story's columns — inside a drawn frame (``Page.frames``), or running
   text across their gutter with the same columns going on under it — is read
   apart: each column goes on below it, and the item comes after the next line
   that ends a sentence (or before the next headline), never inside a sentence.
   A jump line (``（下转第2版）``) ends a story on one page and ``（上接第1版）`` opens
   its rest on the page the jump names (the edition number in the masthead, else
   the page number): the rest of the paragraph the jump cut is brought back to
   it, the story's later paragraphs stay on their page; jump lines are dropped.
3. *Paragraphs*: a line opens a paragraph when it is indented (two characters),
   follows a short line, a wider gap, a change of font size, or is an outline
   heading (``一、``, ``（一）``). At a column or page break the paragraph goes on
   unless the previous line ended a sentence or the next one is indented. A
   paragraph cut by smaller lines (a photo's caption) goes on after them.
"""

import re
from collections import Counter
from copy import copy
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
_DIGITS = "〇一二三四五六七八九"
_CN_NUMBER = re.compile("^([一二三四五六七八九]?)(十?)([一二三四五六七八九]?)$")
_EDITION = re.compile(r"第\s*([0-9０-９]{1,3}|[一二三四五六七八九十]{1,3})\s*版")
_JUMPS_TO = ("下转", "转至", "转")
_JUMP = r"(下转|转至|转|上接|紧接|接)\s*第?\s*([0-9０-９]{1,3}|[一二三四五六七八九十]{1,3})\s*[版页]"
_JUMP_LINE = re.compile(r"^\s*[（(]?\s*" + _JUMP + r"\s*[）)]?\s*$")  # 下转第2版 as a line of its own
_JUMP_MARK = re.compile(r"[（(]\s*" + _JUMP + r"\s*[）)]")  # （下转第2版） at the end of a line of text


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
    frames: list = field(default_factory=list)  # (x0, top, x1, bottom) of drawn rectangles: boxes around items


@dataclass
class _Box(Fragment):
    """The fragments inside a drawn frame, standing in for them as one block while the page is cut."""

    inside: list = field(default_factory=list)


class _Apart(list):
    """A leaf that stands apart from the running text around it: a boxed item, never inside a sentence."""


def text_of(pages):
    """``(text, pages, rows)`` of ``Page``s: paragraphs separated by blank lines, the offset where
    each page begins, and the texts of table rows (cells joined by ``　``)."""
    editions = _editions(pages)
    drop_furniture(pages)
    lines, jumps, apart = _in_order(pages)
    bounds = _bounds(lines)
    lines, moved = _follow_jumps(lines, jumps, editions, bounds, apart)
    text, starts = _paragraphs(lines, len(pages), bounds, apart, moved)
    return text, starts, [line.text for line in lines if line.row]


def _in_order(pages):
    """All pages' lines in reading order, numbered by block; the jumps, as ``(line, "to" or
    "from", edition, page)`` with the line a ``下转`` ends or an ``上接`` opens; and the blocks
    that stand apart.

    A boxed item waits until the text before it ends a sentence or a headline opens
    another story, so that it never lands inside a sentence.
    """
    lines, jumps, apart, waiting, block = [], [], set(), [], 0

    def emit(leaf_lines, page):
        nonlocal block
        block += 1
        for line in leaf_lines:
            line.block = block
            lines.append(line)
        return block

    for page in pages:
        jumps += _take_jumps(page)
        leaves = [(leaf, _leaf_lines(leaf)) for leaf in _reading_order(_boxed(page))]
        body = median([line.size for _, got in leaves for line in got if line.sized] or [0])
        for leaf, got in leaves:
            if not got:
                continue
            if isinstance(leaf, _Apart):
                waiting.append((got, page.number))
                continue
            if waiting and (not lines or ends_sentence(lines[-1].text) or _headline(got, body)):
                apart.update(emit(*item) for item in waiting)
                waiting = []
            emit(got, page.number)
        if waiting and lines and ends_sentence(lines[-1].text):
            apart.update(emit(*item) for item in waiting)
            waiting = []
    apart.update(emit(*item) for item in waiting)
    anchored = [(anchor, direction, edition, page) for mark, direction, edition, page in jumps
                for anchor in [_anchor(mark, lines, direction)] if anchor is not None]
    return lines, anchored, apart


def _take_jumps(page):
    """The page's jump lines taken out of its fragments (a mark in brackets at the end or start of
    a line of text is taken off it), as ``(mark, "to" or "from", edition, page number)``: they
    are no text, and where they stand they would hold a column's first line from its place."""
    jumps, kept = [], []
    for fragment in page.fragments:
        found = _jump(fragment.text)
        if found:
            jumps.append((copy(fragment), "to" if found.group(1) in _JUMPS_TO else "from",
                          _number(found.group(2)), page.number))
            fragment.text = (fragment.text[:found.start()] + fragment.text[found.end():]).strip()
        if fragment.text:
            kept.append(fragment)
    page.fragments = kept
    return jumps


def _anchor(mark, lines, direction):
    """The line a jump line ends (``to``: the nearest above it in its column, or itself when the
    mark closed a line of text) or opens (``from``: the nearest below it, or itself)."""
    column = [line for line in lines if line.page == mark.page and line.x0 < mark.x1 and mark.x0 < line.x1]
    if direction == "to":
        above = [line for line in column if line.top <= mark.top + 0.5 * mark.size]
        return max(above, key=lambda line: line.top, default=None)
    below = [line for line in column if line.bottom >= mark.bottom - 0.5 * mark.size]
    return min(below, key=lambda line: line.top, default=None)


def _jump(text):
    """The jump line (``下转第2版``, ``（上接第1版）``) ``text`` is or ends with, or None."""
    return _JUMP_LINE.match(text) or _JUMP_MARK.search(text)


def _headline(lines, body):
    return body and median(line.size for line in lines) > 1.25 * body


def _editions(pages):
    """The page of each edition number (``第3版`` in a masthead or footer); a page's own number
    where the pages do not name distinct editions."""
    named = {}
    for page in pages:
        for fragment in page.fragments:
            found = _in_margin(fragment, page) and not _jump(fragment.text) and _EDITION.search(fragment.text)
            if found:
                named.setdefault(page.number, _number(found.group(1)))
    if len(named) == len(pages) and len(set(named.values())) == len(named):
        return {edition: page for page, edition in named.items()}
    return {page.number: page.number for page in pages}


def _number(text):
    """An edition number in Arabic (half- or full-width) or Chinese numerals up to 九十九; 0 for
    a run of numerals that is none (``一二``)."""
    if text.isdigit():
        return int(text)
    found = _CN_NUMBER.match(text)
    if not found or not found.group(2) and found.group(3):
        return 0
    tens, ten, units = found.groups()

    def digit(numeral, empty):
        return _DIGITS.index(numeral) if numeral else empty

    return digit(tens, 1) * 10 + digit(units, 0) if ten else digit(tens, 0)


def _follow_jumps(lines, jumps, editions, bounds, apart):
    """``lines`` with the rest of each paragraph cut by a jump line (``下转第2版``) moved to where
    the jump stood, from below the matching ``上接第1版`` on the page it names; and the ids of
    the lines moved (they do not mark where their page begins)."""
    page_edition = {page: edition for edition, page in editions.items()}
    moved = set()
    for before, direction, edition, page in jumps:
        target = editions.get(edition)
        if direction != "to" or target is None or ends_sentence(before.text):
            continue
        sources = [j for j in jumps if j[1] == "from" and j[3] == target and id(j[0]) not in moved]
        named = [j for j in sources if j[2] == page_edition.get(page)]
        if not (named or len(sources) == 1):
            continue
        start = next(i for i, line in enumerate(lines) if line is (named or sources)[0][0])
        while start < len(lines) - 1 and lines[start].page == target and lines[start].height > 1.2 * before.height:
            start += 1  # the story's headline again (a jump head) under the 上接 line
        end = start
        while (end < len(lines) and lines[end].page == target and lines[end] is not before
               and (end == start or not _opens(lines[end - 1], lines[end], bounds, apart))):
            end += 1
        run = lines[start:end]
        moved.update(id(line) for line in run)
        del lines[start:end]
        at = next(i for i, line in enumerate(lines) if line is before) + 1
        lines[at:at] = run
    return lines, moved


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
                        or PAGE_NUMBER.match(text) or _MASTHEAD.search(text) and not _jump(text)):
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


def _boxed(page):
    """The page's fragments, those inside a drawn frame replaced by one ``_Box`` for each frame.

    A frame counts when it holds two rows or more (a table cell's or a rule's rectangle
    does not) and not most of the page's text (a border around the page)."""
    fragments, taken, boxes = page.fragments, set(), []
    total = sum(len(f.text) for f in fragments)
    for x0, top, x1, bottom in sorted(page.frames, key=lambda r: (r[2] - r[0]) * (r[3] - r[1]), reverse=True):
        inside = [f for f in fragments if id(f) not in taken and f.x0 >= x0 - 0.3 * f.size
                  and f.x1 <= x1 + 0.3 * f.size and f.top >= top - 0.3 * f.size and f.bottom <= bottom + 0.3 * f.size]
        if len(_rows(inside)) < 2 or sum(len(f.text) for f in inside) > 0.6 * total:
            continue
        taken.update(id(f) for f in inside)
        boxes.append(_Box("", x0, x1, top, bottom, page.number, size=median(f.size for f in inside), sized=False,
                          inside=inside))
    return [f for f in fragments if id(f) not in taken] + boxes


def _reading_order(fragments, depth=0):
    """Leaves (lists of fragments of one column block) in reading order; ``_Apart`` leaves for boxed items."""
    if not fragments:
        return []
    unit = median(f.height for f in fragments)
    reach = _reach(fragments, unit)
    groups = []  # [fragments, covered x intervals]
    for row in _rows(fragments):
        covered = _merge(reach.get(id(f), (f.x0, f.x1)) for f in row)
        if groups:
            joined = _merge(groups[-1][1] + covered)
            above = _gutter(groups[-1][1], unit) is not None
            # a band without a gutter (a headline narrower than the page) takes no columns under it
            if above and _gutter(joined, unit) is not None or not above and _gutter(covered, unit) is None:
                groups[-1][0].extend(row)
                groups[-1][1] = joined
                continue
        groups.append([list(row), covered])
    leaves, i = [], 0
    while i < len(groups):
        stack, aside = [groups[i]], []
        while i + 2 < len(groups) and _set_in(*groups[i:i + 3], unit):
            aside.append(groups[i + 1][0])
            stack.append(groups[i + 2])
            i += 2
        if aside:
            leaves += _stacked([group for group, _ in stack], unit, depth)
            leaves += [_Apart(leaf) for part in aside for leaf in _reading_order(_unboxed(part), depth + 1)]
        else:
            leaves += _group_leaves(*groups[i], unit, depth)
        i += 1
    return leaves


def _reach(fragments, unit):
    """x extents of headlines as wide as the columns they stand over: a headline set narrower than
    its story (centred, say) would leave a gutter beside it through which the story's columns
    would be cut apart."""
    reach = {}
    for head in fragments:
        if head.size > 1.25 * unit:
            found = _head_reach(head, fragments, unit)
            if found:
                reach[id(head)] = found
    return reach


def _head_reach(head, fragments, unit):
    """The x extent of the columns under ``head``: those whose first lines start side by side just
    under it, as many as it is centred over or set flush with (a column of the story beside it
    may happen to start at the same height); None when no column starts under it."""
    under = [f for f in fragments if f is not head and f.x0 < head.x1 and head.x0 < f.x1
             and head.bottom - 0.2 * f.size <= f.top <= head.bottom + 4 * unit]
    if not under:
        return None
    first = min(f.top for f in under)
    row = sorted((f for f in fragments if abs(f.middle - first - 0.5 * f.size) < 0.5 * f.size
                  and f.size <= 1.25 * unit), key=lambda f: f.x0)
    # a column's edges from its first lines: its first line may be indented, or short
    edges = [_edges([g for g in fragments if g.x0 < f.x1 and f.x0 < g.x1 and 0 <= g.top - f.top < 4 * unit])
             for f in row]
    # a column of the story opens here: nothing just above its first line, nothing beside the headline
    opens = [not any(g.x0 < x1 and x0 < g.x1 and g.size <= 1.25 * unit
                     and (0 < f.top - g.top < 2.5 * unit or g.top < head.bottom and head.top < g.bottom)
                     for g in fragments) for f, (x0, x1) in zip(row, edges)]
    inside = [i for i, (x0, x1) in enumerate(edges) if x0 < head.x1 and head.x0 < x1 and opens[i]]
    if not inside:
        return None
    lowest, highest = inside[0], inside[-1]
    while lowest > 0 and opens[lowest - 1]:
        lowest -= 1
    while highest < len(row) - 1 and opens[highest + 1]:
        highest += 1

    def span(a, b):
        return min(head.x0, edges[a][0]), max(head.x1, max(x1 for _, x1 in edges[a:b + 1]))

    fitting = [(x0, x1) for a in range(lowest, inside[0] + 1) for b in range(inside[-1], highest + 1)
               for x0, x1 in [span(a, b)]
               if abs(x0 + x1 - head.x0 - head.x1) < 2 * unit or abs(x0 - head.x0) < unit or abs(x1 - head.x1) < unit]
    return max(fitting, key=lambda s: s[1] - s[0]) if fitting else span(inside[0], inside[-1])


def _edges(fragments):
    return min(f.x0 for f in fragments), max(f.x1 for f in fragments)


def _group_leaves(group, covered, unit, depth):
    cut = _gutter(covered, unit) if depth < 12 else None
    if cut is None:
        return _around_boxes(group, depth)
    if _is_table(group) and not any(isinstance(f, _Box) for f in group):
        return [[_table_row(row)] for row in _rows(group)]
    return (_reading_order([f for f in group if f.x1 <= cut], depth + 1)
            + _reading_order([f for f in group if f.x1 > cut], depth + 1))


def _set_in(above, middle, below, unit):
    """True when ``middle`` is an item set into the columns of ``above`` and ``below``: the same
    columns go on under it, and it is a drawn box, a caption (smaller than their text), or
    running text (two rows or more) no larger than theirs, set in from both edges of the
    columns — a headline is larger, a subhead one line, and text from edge to edge is a
    band the columns stop for."""
    if _gutter(middle[1], unit) is not None or _gutter(above[1], unit) is None or _gutter(below[1], unit) is None:
        return False
    columns = _merge(above[1] + below[1])
    if _gutter(columns, unit) is None:
        return False
    if len(middle[0]) == 1 and isinstance(middle[0][0], _Box):
        return True
    size = median(f.height for f in middle[0])
    inset = min(middle[1][0][0] - columns[0][0], columns[-1][1] - middle[1][-1][1])
    return size < 0.9 * unit or inset >= 0.4 * unit and len(_rows(middle[0])) >= 2 and size <= 1.15 * unit


def _stacked(parts, unit, depth):
    """Leaves of column groups stacked above one another around set-in items: each column read
    down through all the parts before the next column."""
    cut = _gutter(_merge((f.x0, f.x1) for part in parts for f in part), unit) if depth < 12 else None
    if cut is None:
        return [leaf for part in parts for leaf in _reading_order(part, depth + 1)]
    left = [kept for part in parts for kept in [[f for f in part if f.x1 <= cut]] if kept]
    right = [kept for part in parts for kept in [[f for f in part if f.x1 > cut]] if kept]
    return _stacked(left, unit, depth + 1) + _stacked(right, unit, depth + 1)


def _unboxed(fragments):
    return [inner for f in fragments for inner in (f.inside if isinstance(f, _Box) else [f])]


def _around_boxes(group, depth):
    """One column block as leaves: its lines, split around the boxes drawn in it, each box read apart."""
    leaves, run = [], []
    for f in sorted(group, key=lambda f: f.top):
        if isinstance(f, _Box):
            leaves += [run] if run else []
            leaves += [_Apart(leaf) for leaf in _reading_order(f.inside, depth + 1)]
            run = []
        else:
            run.append(f)
    return leaves + ([run] if run else [])


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


def _bounds(lines):
    """Per block: its left and right edges, usual line height and line distance."""
    bounds, before = {}, None
    for line in lines:
        left, right, heights, leads = bounds.get(line.block, (line.x0, line.x1, [], []))
        heights.append(line.height)
        if before is not None and before.block == line.block:
            leads.append(line.middle - before.middle)
        bounds[line.block] = (min(left, line.x0), max(right, line.x1), heights, leads)
        before = line
    return {b: (left, right, median(h), median(d) if d else 0) for b, (left, right, h, d) in bounds.items()}


def _paragraphs(lines, page_count, bounds, apart=frozenset(), moved=frozenset()):
    """Text of ``lines`` (in reading order) as paragraphs, and the offsets where pages begin.

    Blocks in ``apart`` are paragraphs of their own; lines in ``moved`` (by id) were brought
    from another page and do not mark where theirs begins."""
    listed = _one_liners(lines)
    usual = median([line.height for line in lines if line.sized] or [0])
    paragraphs, starts, previous = [], [], None  # starts: (paragraph index, offset in it, page)
    held = None  # (index, last line) of a paragraph cut off by smaller lines: a caption
    current = -1
    for line in lines:
        if (held and line.sized and not _resized(held[1], line) and line.height >= 0.9 * held[1].height
                and line.block not in apart):
            resumed, held = held, None
            if _resumes(line, bounds):
                current = resumed[0]
                paragraphs[current] += word(paragraphs[current], line.text) + line.text
                starts.append((current, len(paragraphs[current]) - len(line.text), line.page))
                previous = line
                continue
        if previous is None or _opens(previous, line, bounds, apart) or line.block in listed:
            smaller = line.height < 0.9 * previous.height if previous is not None else False
            if previous is not None and (smaller or _resized(previous, line)) and not ends_sentence(previous.text):
                # a smaller line (a caption) interrupts a paragraph of running text; a larger one ends it
                running = abs(previous.height - usual) <= 0.2 * max(previous.height, usual)
                held = (current, previous) if running and smaller else None
            paragraphs.append(line.text)
            current = len(paragraphs) - 1
        else:
            paragraphs[current] += word(paragraphs[current], line.text) + line.text
        if id(line) not in moved:
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


def _opens(previous, line, bounds, apart=frozenset()):
    """True when ``line`` opens a new paragraph after ``previous``."""
    if line.row or previous.row or line.block != previous.block and (line.block in apart or previous.block in apart):
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

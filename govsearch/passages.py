"""Passages: a document's text repaired and split into paragraph-level passages.

Reports reach us cut in odd places. A newspaper page extracted from print layout
breaks paragraphs at every column, even inside a word (``完善创`` ⏎⏎ ``新创业生态``);
scraped pages break lines inside sentences. The rule that mends both: *a paragraph
that does not end a sentence continues in the next one*, unless the next is a
heading or a list item, and unless it is a bare label (a short line with no
punctuation, such as a byline or a figure in a chart box), which stands alone.

Headings give structure. ``#`` and ``##`` lines of a Markdown page open articles
(their text is the passage's ``title``); deeper headings, and every heading inside
a summary box such as ``一图读懂``, form the ``section`` path. No character of the
source is lost: each line ends up in a passage, a title or a section.
"""

import re
from dataclasses import dataclass, field

SECTION_SEPARATOR = " › "

_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^(\s*)[-*+•]\s+(.*)$")
_EMPHASIS = re.compile(r"\*\*|__")
_CLOSERS = "”’」』）)】》〉\"'"
_FINAL = "。！？!?；;：:…"
_CLAUSE_PUNCT = re.compile(r"[，,、；;：:。！？!?]")
_BOX_TITLE = re.compile(r"一图(读懂|看懂)|图解|数读|这样干|划重点|速览|一览")
_LEAD = re.compile(r"^本报讯|^本报[讯电]|^新华社")


@dataclass
class Passage:
    """One passage of a document, before tagging."""

    text: str
    title: str = ""
    section: str = ""
    article: int = 0
    box: bool = False
    tags: dict = field(default_factory=dict)


@dataclass
class _Piece:
    kind: str  # "heading", "item" or "para"
    text: str = ""
    level: int = 0
    lines: list = field(default_factory=list)  # para: [(text, hard_break)]


def ends_sentence(text):
    """True when ``text`` ends with sentence-final punctuation (closing quotes allowed after it)."""
    tail = text.rstrip().rstrip(_CLOSERS)
    return bool(tail) and tail[-1] in _FINAL


def is_prose(text):
    """True for running text; false for a bare label such as a byline or a chart figure."""
    return bool(_CLAUSE_PUNCT.search(text))


def _clean(text):
    return _EMPHASIS.sub("", text).strip()


def _pieces(text):
    """Headings, list items and paragraphs (lists of lines) of a Markdown-like text."""
    pieces, para, item = [], None, None
    for raw in text.split("\n"):
        stripped = raw.strip()
        if not stripped:
            para = item = None
            continue
        heading = _HEADING.match(stripped)
        bullet = _ITEM.match(raw)
        if heading:
            pieces.append(_Piece("heading", _clean(heading.group(2)), len(heading.group(1))))
            para = item = None
        elif bullet:
            depth = len(bullet.group(1).expandtabs(4)) // 2
            item = _Piece("item", _clean(bullet.group(2)), depth)
            pieces.append(item)
            para = None
        elif item is not None:
            item.text += "\n" + _clean(stripped)
        else:
            if para is None:
                para = _Piece("para")
                pieces.append(para)
            para.lines.append((_clean(stripped), raw.endswith("  ")))
    return pieces


def _reflow(pieces):
    """Join cut paragraphs; yield ("heading", level, text) and ("passage", 0, text)."""
    pending, sep = None, ""
    for piece in pieces:
        if piece.kind != "para":
            if pending:
                yield "passage", 0, pending
            pending = None
            if piece.text:
                yield piece.kind if piece.kind == "heading" else "passage", piece.level, piece.text
            continue
        for line, hard_break in piece.lines:
            if not line:
                continue
            pending = line if pending is None else pending + sep + line
            sep = "\n" if hard_break else ""
            if ends_sentence(pending):
                yield "passage", 0, pending
                pending = None
        if pending is not None and not is_prose(pending):
            yield "passage", 0, pending
            pending = None
        sep = ""
    if pending:
        yield "passage", 0, pending


def split(text):
    """Split a document's text into ``Passage`` objects with titles, sections and article numbers."""
    flow = list(_reflow(_pieces(text)))
    passages, stack = [], []
    title, article, in_box = "", 0, False
    for i, (kind, level, value) in enumerate(flow):
        if kind == "passage":
            section = SECTION_SEPARATOR.join(t for _, t in stack)
            passages.append(Passage(value, title, section, article, in_box))
            continue
        if _BOX_TITLE.search(value) and len(value) <= 12:
            in_box, opens = True, True
        elif level <= 2:
            opens = not in_box or _opens_article(flow, i)
            in_box = in_box and not opens
        else:
            opens = False
        if opens:
            title, stack = value, []
            article += 1
        else:
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, value))
    return passages


def _opens_article(flow, i):
    """Inside a box, a top heading opens a new article only if a news lead follows it."""
    following = next((v for k, _, v in flow[i + 1:] if k == "passage"), "")
    return bool(_LEAD.match(following))

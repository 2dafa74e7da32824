"""Passages: a document's text repaired and split into paragraph-level passages.

Reports reach us cut in odd places. A newspaper page extracted from print layout
breaks paragraphs at every column, even inside a word (``完善创`` ⏎⏎ ``新创业生态``);
archive text breaks lines inside sentences where it had links. The rule that mends
both: *a paragraph that does not end a sentence continues in the next one*, unless
the next is a heading or a list item, and unless it is a bare label (a short line
with no punctuation, such as a byline or a figure in a chart box), which stands
alone. Web pages scraped one paragraph per line are read line by line; their page
furniture (``下载``, ``打印``, ``【字号：加大 还原 减小】``, archive licence notes)
is dropped; a line that opens with buttons (``【字体：大 中 小】分享：``) keeps what follows them.

Headings give structure, in two dialects:

* a Markdown page (``#`` lines): ``#`` and ``##`` open articles, whose text is the
  passage's ``title``; deeper headings, and every heading inside a summary box such
  as ``一图读懂``, form the ``section`` path;
* a plain report: its title line is the ``title``; outline headings (``一、``,
  ``（一）`` on its own line or opening a paragraph, ``1.``, unnumbered short lines)
  form the ``section`` path. Levels follow the order in which heading styles first
  appear under the current heading, so a report that starts with unnumbered parts
  nests ``一、`` under them. Appendices (``附件``, ``名词解释``) start a path of their
  own. A heading split over two lines is one heading. A table's caption (a short
  label or a ``表2 …`` line right above its first row, ``表`` and its name on two
  lines, a unit line ``单位：万元`` under it) is the section of the table's rows
  only; a table's number alone with no table under it (``表``) is dropped.

No character of the content is lost: each line ends up in a passage, a title or a
section.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .characters import simplified
from .readers.html import strip_furniture

SECTION_SEPARATOR = " › "
ROLES = "总理|省长|市长|区长|县长|州长|旗长|盟长|主席"  # who gives a government work report
NAME = r"[\u4e00-\u9fff](?:[\s\u3000]*[\u4e00-\u9fff]){1,3}"  # a person's name, maybe spaced out (李　强)

_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^(\s*)[-*+•]\s+(.*)$")
_EMPHASIS = re.compile(r"\*\*|__")
_CLOSERS = "”’」』）)】》〉\"'"
_FINAL = "。！？!?；;：:…"
_CLAUSE_PUNCT = re.compile(r"[，,、；;：:。！？!?]")
_ANY_PUNCT = re.compile(r"[，,、；;：:。！？!?（）()《》“”\"'—…·]")
_BOX_TITLE = re.compile(r"一图(读懂|看懂)|图解|数读|这样干|划重点|速览|一览")
_LEAD = re.compile(r"^本报讯|^本报[讯电]|^新华社")

_CN = "一二三四五六七八九十百零〇"
_OUTLINE = (
    ("cn1", re.compile(rf"^[{_CN}]+、")),
    ("cn2", re.compile(rf"^[（(][{_CN}]+[）)]")),
    ("num", re.compile(r"^\d{1,2}\s*[.．、](?!\d)")),
)
_APPENDIX = re.compile(r"^(附件|附录|附表|名词解释|名词解释及说明|注释|说明)[一二三四五六七八九十\d]*[:：]?$")
_PAGE_BUTTON = (r"下载|打印|打印本页|打印此页|全屏|收藏|分享|关闭|关闭窗口|关闭本页|返回|返回顶部|"
                r"扫一扫|加大|还原|减小|默认|大|中|小|字号|字体|纠错|我要纠错|网站地图|联系我们")
_FURNITURE_LINE = re.compile(
    rf"^({_PAGE_BUTTON}|【|】|(【\s*({_PAGE_BUTTON})\s*】\s*)+|"
    r"相关报道[:：]?|相关链接[:：]?|相关稿件[:：]?|分享到[:：]?|"
    r"扫一扫在手机(上)?打开(当前页|本页)?|(上一篇|下一篇)[:：].*|"
    r"(首页|当前位置|您的位置|您现在的位置|当前的位置)\s*[:：>›»].*|"
    r"(版权所有|Copyright|©).*|.*ICP备\d+号.*|"
    r"Public domain|false|true|[\[\]【】()（）]+)$")
_FURNITURE_BLOCK = re.compile(r"^(本作品(是|来自).*(公有领域|著作权法)|注：中文维基文库|本模板所指)")
_SPEAKER_LINE = re.compile(rf"^[\u4e00-\u9fff]{{0,14}}?({ROLES})[\s\u3000]*{NAME}$")
_META_LINE = re.compile(r"^(来源|时间|日期|发布时间|发布日期|作者|编辑|责任编辑|记者|通讯员|浏览次数)[:：]")
_MEETING_LINE = re.compile(r"会议上|会议(通过|批准)|^——")
_BRACKETED = re.compile(r"^[（(][^（）()]+[）)]$")
_CAPTION = re.compile(r"(记者|摄影|通讯员)[\s\u3000]*[\u4e00-\u9fff·]{2,8}[\s\u3000]*摄$")
_TABLE_NUMBER = re.compile(r"附?表\s*[\d一二三四五六七八九十]*(?:-\d+)?[:：.．]?")  # fullmatch: a number alone
_TABLE_OPENING = re.compile(r"^附?表\s*[\d一二三四五六七八九十]+")
_UNIT_LINE = re.compile(r"^(计量)?单位[:：]")
_TITLE_WORDS = re.compile(r"报告|决议|讲话|公报|决定|纲要|规划")


@dataclass
class Passage:
    """One passage of a document, before tagging."""

    text: str
    title: str = ""
    section: str = ""
    article: int = 0
    box: bool = False
    page: int = 0  # first page of a paged source (a PDF), 1-based; 0 when not paged


@dataclass
class _Piece:
    kind: str  # "heading", "item" or "para"
    text: str = ""
    level: int = 0
    style: str = ""
    lines: list = field(default_factory=list)  # para: [(text, hard_break)]


def ends_sentence(text):
    """True when ``text`` ends with sentence-final punctuation (closing quotes allowed after it)."""
    tail = text.rstrip().rstrip(_CLOSERS)
    return bool(tail) and tail[-1] in _FINAL


def is_prose(text):
    """True for running text; false for a bare label such as a byline or a chart figure.

    Long lines count as running text even without punctuation: they were cut.
    """
    return bool(_CLAUSE_PUNCT.search(text)) or any(len(line) >= 30 for line in text.split("\n"))


def _clean(text):
    return _EMPHASIS.sub("", text).strip()


def is_page(text):
    """True for a Markdown page of several articles (a newspaper page), false for one report.

    A report written in Markdown (its outline as ``##`` headings, its meeting line
    under the title) is read like any other report, its Markdown marks dropped.
    """
    return bool(re.search(r"^#{1,6}\s", text, re.M)) and not _is_markdown_report(text)


def _is_markdown_report(text):
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    opening = [line for line in lines[:12] if not line.startswith("#")]
    return (any(_MEETING_LINE.search(line) and len(line) <= 80 for line in opening)
            or any(re.match(r"^#{1,6}\s*", line) and outline_style(_HEADING.match(line).group(2)) in ("cn1", "cn2")
                   for line in lines if line.startswith("#")))


def _unmarked(text):
    """A Markdown report as plain text: heading marks, list bullets and emphasis dropped."""
    text = re.sub(r"^[ \t]*#{1,6}[ \t]*(.*?)[ \t]*#*[ \t]*$", r"\1", text, flags=re.M)
    text = re.sub(r"^[ \t]*[-*+•][ \t]+", "", text, flags=re.M)
    return _EMPHASIS.sub("", text)


def _markdown_pieces(text):
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
            level = len(heading.group(1))
            pieces.append(_Piece("heading", _clean(heading.group(2)), level, f"md{level}"))
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


def _blocks(text):
    """Paragraph blocks of a plain text, each a list of stripped lines.

    Text with blank lines between paragraphs keeps its blocks; text scraped one
    paragraph per line (few blank lines) makes every line a block.
    """
    lines = [line.strip() for line in text.split("\n")]
    filled = sum(1 for line in lines if line)
    blank_runs = len(re.findall(r"\S\n[ \t\u3000]*\n", text))
    if blank_runs * 4 < filled:
        return [[line] for line in lines if line]
    blocks, current = [], []
    for line in lines + [""]:
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    return blocks


def outline_style(line):
    """The outline style of a heading line (``cn1``, ``cn2``, ``num``), or ""."""
    for style, pattern in _OUTLINE:
        if pattern.match(line):
            return style
    return ""


def _is_outline_heading(line):
    return (bool(outline_style(line)) and len(line) <= 60
            and not re.search("[。！？；!?;]", line.rstrip(_FINAL + _CLOSERS)) and not ends_sentence(line))


def _is_label(line):
    return not _ANY_PUNCT.search(line.strip("“”《》"))


def _plain_pieces(text, cells):
    """Title, headings and paragraphs of a plain report (docx, web page, archive text)."""
    blocks = [b for b in _blocks(text) if not _is_furniture(b)]
    blocks = [[line for line in map(strip_furniture, b) if line and not _FURNITURE_LINE.match(line)] for b in blocks]
    blocks = [b for b in blocks if b]
    blocks = [part for b in blocks for part in _split_at_headings(b)]
    pieces, title, in_body = [], "", False
    i = 0
    while i < len(blocks):
        block = blocks[i]
        line = block[0]
        single = len(block) == 1
        simple = simplified(line) if single and len(line) <= 80 else line
        caption, last = _caption_at(blocks, i, cells)
        if caption:
            pieces.append(_Piece("heading", caption, style="caption"))
            i = last
            if _UNIT_LINE.match(blocks[i + 1][0]):  # 单位：万元 belongs to the table, as its rows do
                i += 1
                pieces.append(_Piece("para", lines=[(blocks[i][0], False)], style="cell"))
        elif single and line in cells:
            pieces.append(_Piece("para", lines=[(line, False)], style="cell"))
        elif single and _TABLE_NUMBER.fullmatch(line):
            pass  # a table's number without its table (a picture of the table): nothing to find
        elif not title and not pieces and single and _is_title(simple, blocks[i + 1:i + 2]):
            title = line
        elif single and _APPENDIX.match(simple):
            pieces.append(_Piece("heading", line.rstrip(":："), style="appendix"))
            in_body = True
        elif single and _is_outline_heading(line):
            text, i = _join_split_heading(line, blocks, i, numbered=True)
            pieces.append(_Piece("heading", text, style=outline_style(line)))
            in_body = True
        elif single and in_body and _is_label(line) and len(line) <= 30 and not _SPEAKER_LINE.match(simple):
            text, i = _join_split_heading(line, blocks, i)
            pieces.append(_Piece("heading", text, style="plain"))
        else:
            opening = _opening_heading(line)
            if opening:
                pieces.append(_Piece("heading", opening, style="cn2"))
            kind = _line_kind(simple) if single else ""
            pieces.append(_Piece("para", lines=[(ln, False) for ln in block], style=kind))
            if not in_body and single and ends_sentence(line) and is_prose(line) and not kind:
                in_body = True
        i += 1
    return title, pieces


def _caption_at(blocks, i, cells):
    """The caption of a table opening at block ``i`` and the index of its last block, or ("", i).

    A caption is a short label, or a line opening with ``表2`` (maybe the table's own
    first row), right above the table's first row (a unit line such as ``单位：万元`` may
    come between); a table's number alone (``表``, ``表2``) takes the line after it as its name.
    """
    line = blocks[i][0]
    if line in cells and not _TABLE_OPENING.match(line):  # a first row spanning the table may be its caption
        return "", i
    if len(blocks[i]) != 1 or len(line) > 50 or ends_sentence(line.rstrip(":：")) or outline_style(line) \
            or _APPENDIX.match(line) or not (_is_label(line) or _TABLE_OPENING.match(line)):
        return "", i
    if _TABLE_NUMBER.fullmatch(line) and i + 1 < len(blocks):
        name, last = _caption_at(blocks, i + 1, cells)
        if name and not _TABLE_NUMBER.fullmatch(name):
            number = line.rstrip(":：.．")
            joined = name[:1].isdigit() and not number[-1:].isdigit()  # 表 ⏎ 3　2023年…: 表3　2023年…
            return number + ("" if joined else " ") + name, last
    after = i + 1 + (i + 1 < len(blocks) and bool(_UNIT_LINE.match(blocks[i + 1][0])))
    if after < len(blocks) and len(blocks[after]) == 1 and blocks[after][0] in cells:
        return line, i
    return "", i


def _split_at_headings(block):
    """An outline heading with text right under it (no blank line between) still stands alone."""
    if len(block) == 1:
        return [block]
    parts, current = [], []
    for line in block:
        if _is_outline_heading(line) or len(line) <= 12 and _APPENDIX.match(simplified(line)):
            parts += [current, [line]] if current else [[line]]
            current = []
        else:
            current.append(line)
    return [part for part in parts + [current] if part]


def _is_furniture(block):
    return bool(_FURNITURE_BLOCK.match("".join(block)))


def _is_title(line, following):
    """A report's title: a short label naming a kind of document, or any short line right above the meeting line."""
    if _is_label(line) and len(line) <= 40 and _TITLE_WORDS.search(line):
        return True
    after = simplified(following[0][0]) if following and len(following[0]) == 1 else ""
    return (len(line) <= 60 and not ends_sentence(line) and not _line_kind(line)
            and _line_kind(after) == "meta" and bool(_MEETING_LINE.search(after)))


def _join_split_heading(line, blocks, i, numbered=False):
    """A heading whose second half sits alone on the next line, before running text, is one heading.

    An unnumbered heading must also look unfinished, since a short line after it may
    be a heading of its own.
    """
    if i + 2 < len(blocks) and len(blocks[i + 1]) == 1:
        following = blocks[i + 1][0]
        if (_is_label(following) and len(following) <= 20 and len(line) + len(following) <= 60
                and not outline_style(following) and not _APPENDIX.match(simplified(following))
                and not _is_label(blocks[i + 2][0]) and not _SPEAKER_LINE.match(following)
                and (numbered or _looks_unfinished(line))):
            return line + following, i + 1
    return line, i


def _looks_unfinished(line):
    """A heading cut before its end: it stops on a comma or on a word that needs more."""
    return bool(re.search(r"[，、,]$|[的和与及在把对为向将以着了]$", line))


def _opening_heading(line):
    """``（一）经济运行稳进提质。健全…`` opens section ``（一）经济运行稳进提质``."""
    if outline_style(line) != "cn2":
        return ""
    match = re.match(r"^(.{2,60}?)[。；]", line)
    return match.group(1) if match and len(match.group(1)) < len(line) - 1 else ""


def _line_kind(line):
    """Metadata, speaker, caption and meeting lines stand alone, as table cells do ("meta")."""
    if (_META_LINE.match(line) or _SPEAKER_LINE.match(line) or _CAPTION.search(line)
            or (_MEETING_LINE.search(line) or _BRACKETED.match(line)) and len(line) <= 80):
        return "meta"
    return ""


def _reflow(pieces):
    """Join cut paragraphs; yield (kind, piece, text) with kind "heading" or "passage"."""
    pending, sep = None, ""
    for piece in pieces:
        if piece.kind != "para" or piece.style in ("meta", "cell"):
            if pending:
                yield "passage", None, pending
            pending = None
            if piece.kind == "heading":
                yield "heading", piece, piece.text
            elif piece.kind == "item" and piece.text:
                yield "passage", piece, piece.text
            elif piece.style in ("meta", "cell"):
                yield "passage", piece, "".join(line for line, _ in piece.lines)
            continue
        for line, hard_break in piece.lines:
            if not line:
                continue
            pending = line if pending is None else pending + sep + line
            sep = "\n" if hard_break else ""
            if ends_sentence(pending):
                yield "passage", piece, pending
                pending = None
        if pending is not None and not is_prose(pending):
            yield "passage", piece, pending
            pending = None
        sep = ""
    if pending:
        yield "passage", None, pending


def split(text, name="", cells=frozenset(), pages=()):
    """Split a document's text into ``Passage`` objects with titles, sections and article numbers.

    ``name`` (a file name without suffix) is the title of a plain report that has no
    title line; ``cells`` are texts of table cells, each a passage of its own;
    ``pages`` the offsets in ``text`` where pages 1, 2, … begin, which give each
    passage its ``page``.
    """
    if is_page(text):
        found = _split_markdown(list(_reflow(_markdown_pieces(text))))
    else:
        title, pieces = _plain_pieces(_unmarked(text), cells)
        found = _split_plain(list(_reflow(pieces)), title or name)
    if pages:
        _number_pages(found, text, pages)
    return found


def _number_pages(found, text, pages):
    """Each passage's page: where its first words are in ``text``, searched onward in document order."""
    cursor = 0
    for passage in found:
        head = passage.text.split("\n", 1)[0][:12]
        at = text.find(head, cursor) if head else -1
        if at >= 0:
            cursor = at + 1
        passage.page = bisect_right(pages, at if at >= 0 else cursor)


class _Outline:
    """The heading path over the next passage.

    A heading that no passage came under (two headings in a row at one level, a
    heading at the end) becomes a passage itself when it leaves the path, so that
    its words stay searchable.
    """

    def __init__(self):
        self.passages, self.entries = [], []  # entries: [key, text, used]
        self.title, self.article, self.box = "", 0, False
        self.title_used = True

    def add(self, text):
        section = SECTION_SEPARATOR.join(entry[1] for entry in self.entries)
        self.passages.append(Passage(text, self.title, section, self.article, self.box))
        for entry in self.entries:
            entry[2] = True
        self.title_used = True

    def cut(self, keep):
        """Drop headings from position ``keep`` on."""
        while len(self.entries) > keep:
            _, text, used = self.entries.pop()
            if not used:
                self.add(text)

    def push(self, key, text):
        self.entries.append([key, text, False])

    def open_article(self, title):
        self.cut(0)
        if not self.title_used:
            self.add(self.title)
        self.title, self.title_used = title, False
        self.article += 1

    def close(self):
        self.open_article("")
        return self.passages


def _split_markdown(flow):
    outline = _Outline()
    for i, (kind, piece, value) in enumerate(flow):
        if kind == "passage":
            outline.add(value)
            continue
        level = piece.level
        if _BOX_TITLE.search(value) and len(value) <= 12:
            outline.box, opens = True, True
        elif level <= 2:
            opens = not outline.box or _opens_article(flow, i)
            outline.box = outline.box and not opens
        else:
            opens = False
        if opens:
            outline.open_article(value)
        else:
            levels = [key for key, _, _ in outline.entries]
            outline.cut(next((n for n, key in enumerate(levels) if key >= level), len(levels)))
            outline.push(level, value)
    return outline.close()


def _opens_article(flow, i):
    """Inside a box, a top heading opens a new article only if a news lead follows it."""
    following = next((v for k, _, v in flow[i + 1:] if k == "passage"), "")
    return bool(_LEAD.match(following))


def _split_plain(flow, title):
    outline = _Outline()
    outline.open_article(title)
    outline.title_used = True  # a report's title may come from its file name; it is not content to keep
    for kind, piece, value in flow:
        if outline.entries and outline.entries[-1][0] == "caption" and not (piece and piece.style == "cell"):
            outline.cut(len(outline.entries) - 1)  # the table has ended
        if kind == "passage":
            outline.add(value)
            continue
        styles = [key for key, _, _ in outline.entries]
        if piece.style == "appendix":
            outline.cut(0)
        elif piece.style in styles:
            outline.cut(styles.index(piece.style))
        outline.push(piece.style, value)
    return outline.close()

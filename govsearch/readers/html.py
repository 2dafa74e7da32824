"""Saved web pages: the main content of a government page as paragraphs, its title and date.

Charset from a BOM, ``<meta charset>`` or ``http-equiv`` (GB2312 and GBK read as
GB18030), else UTF-8, else GB18030 or Big5. The page is parsed with lxml and its
main content found by block scoring: every block (``<p>``, ``<div>``, ``<td>`` …)
gives the length of its own text, links not counted, to its parent and half of it
to its grandparent; the best-scored element is the article. Scoring keeps the
whole article, tables and short paragraphs included, where trafilatura dropped
some (see the README). Inside it, each block, ``<br>``-separated line and heading
is a paragraph; each table row is one passage (its cells side by side); page
furniture (``【字体：大 中 小】``, ``分享到``, ``打印本页``, ``关闭窗口``, related
links, copyright and ICP lines) is dropped.

Inline elements (``<span>``, ``<b>``, ``<strong>``, ``<font>``, ``<a>``, ``<sup>`` …) never
break a paragraph, so a bold lead-in (``<strong>年末常住人口</strong>312万人``) stays in
its sentence; a bold outline heading (``（一）农业``, no sentence in it) ends its line,
so that it heads a section. A line break of the page's source next to a Chinese
character is no space. The 信息公开 block (rows 索引号, 发布机构, 成文日期, 发文日期,
公开方式 …, in a table, list or lines; two labels or more) is read as metadata and
taken out of the text: its 发布机构 is the page's ``issuer``, its 成文日期 (else
发文日期) the page's ``date``, before the date the page shows (发布时间) or declares.
"""

import codecs
import re
from dataclasses import dataclass, field

from .text import decode_chinese

_BLOCKS = {"p", "div", "td", "th", "li", "dd", "dt", "section", "article", "main", "table", "tr", "ul", "ol",
           "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "center", "form", "dl", "tbody", "thead",
           "header", "footer", "nav", "aside", "figure", "figcaption", "caption"}
_DROP = {"script", "style", "noscript", "iframe", "select", "button", "input", "textarea", "object", "embed",
         "svg", "canvas", "video", "audio", "map", "head", "nav", "aside"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
_SITE_SUFFIX = re.compile(r"\s*[_|｜\-－—–]+\s*[^_|｜\-－—–]*(政府|网站|门户|网|站|局|委员会|办公室|频道)\s*$")
_DATE = re.compile(r"(?:发布|发表|更新|成文)?(?:时间|日期)[:：]\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_META_DATES = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "dc.date", "created")
_FURNITURE = re.compile(
    r"^\s*([^。，；]{0,10}分享到[:：]?[^。，；]{0,40}|【?\s*打印本页\s*】?|"
    r"【?\s*关闭窗口\s*】?|【?\s*(打印|关闭|返回顶部|收藏)\s*】?(\s*【?\s*(打印|关闭|返回顶部|收藏|打印本页|关闭窗口)\s*】?)*|"
    r"(上一篇|下一篇)[:：].*|(相关链接|相关文章|相关阅读|相关新闻|相关报道)[:：]?|"
    r"扫一扫.{0,20}|.*ICP\s*备\s*\d+号.*|.*公网安备.*|(版权所有|主办单位|承办单位|技术支持|网站标识码)[:：].*|"
    r"(Copyright|©).*|(首页|当前位置|您的位置|您现在的位置)\s*[:：>›»].*|(关联稿件|附件|相关附件)[:：]|"
    r"(【\s*(返回顶部|关闭本页|关闭|打印|收藏|纠错)\s*】\s*)+)\s*$", re.I)
_META_NAMES = r"来源|信息来源|文章来源|发布日期|发布时间|访问量|浏览次数|点击数|阅读次数|作者|时间|日期|字号"
_META_FIELD = re.compile(rf"({_META_NAMES})[:：]\s*(?:[^\s:：]+?(?=\s|$|(?:{_META_NAMES})[:：]))?"
                         r"(\s+\d{1,2}:\d{2}(:\d{2})?)?\s*")
_LINK_HEAVY = 0.5
# labels opening a row of a 信息公开 block; _OTHER_LABELS (a page's own date line) only end a value met in a row
_INFO_LABELS = ("索引号", "发布机构", "发文机关", "发文日期", "成文日期", "公开方式", "公开形式", "公开时限", "公开范围",
                "主题分类", "体裁分类", "组配分类", "信息分类", "分类", "主题词", "文号", "发文字号", "有效性", "名称", "标题")
_COMMON_WORDS = {"分类", "名称", "标题", "文号", "有效性"}  # a table's header may name two of these: not enough alone
_OTHER_LABELS = ("来源", "信息来源", "发布日期", "发布时间", "生成日期", "浏览次数", "访问量", "点击数", "字号")
_INFO_DATES = ("成文日期", "发文日期")  # the document's own date, before the day a portal put it up
_LABELS = "|".join("[ \u3000]*".join(label) for label in sorted(_INFO_LABELS + _OTHER_LABELS, key=len, reverse=True))
# a label opens the line or follows a space, and is followed by a colon, a space or the line's end; or has a colon
_LABEL = re.compile(rf"(?:(?<!\S)(?P<spaced>{_LABELS})[ \u3000]*(?:[:：]|(?=\s)|$)|(?P<colon>{_LABELS})[ \u3000]*[:：])\s*")
_OUTLINE_RUN = re.compile(r"^(?:[一二三四五六七八九十百零〇]+、|[（(][一二三四五六七八九十百零〇]+[）)]|\d{1,2}\s*[.．、](?!\d))"
                          r"[^。！？；!?;]{1,58}$")
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|bolder|[6-9]00)", re.I)
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"  # CJK characters and punctuation, full-width forms
_SOURCE_BREAK = re.compile(rf"(?<=[{_WIDE}])[^\S\n\u3000]*\n\s*|[^\S\n\u3000]*\n\s*(?=[{_WIDE}])")
_BUTTONS = r"下载|打印本页|打印此页|打印|全屏|收藏|分享到|分享|关闭窗口|关闭本页|关闭|返回顶部|返回|纠错|我要纠错|扫一扫"
_SHARE_TARGETS = r"微信朋友圈|微信|新浪微博|腾讯微博|微博|QQ空间|QQ好友|QQ|朋友圈|豆瓣"
_FONT_BOX = r"(?:【\s*(?:字号|字体)\s*[:：]?|(?:字号|字体)\s*[:：])\s*(?:(?:大|中|小|加大|还原|减小|默认|T|A)\s*)*】?"
_FURNITURE_PREFIX = re.compile(
    rf"^\s*(?:{_FONT_BOX}|【\s*(?:{_BUTTONS})\s*】)"
    rf"(?:\s*(?:{_FONT_BOX}|【\s*(?:{_BUTTONS})\s*】|(?:{_BUTTONS}|{_SHARE_TARGETS})\s*(?:[:：]|\s|$)))*\s*")


def strip_furniture(line):
    """``line`` without the page buttons it opens with (``【字体：大 中 小】分享：``), its content kept whole."""
    return _FURNITURE_PREFIX.sub("", line, count=1)


@dataclass
class Page:
    """A web page's main text (paragraphs separated by blank lines), table rows, title and date."""

    text: str
    title: str = ""
    date: str = ""
    cells: list = field(default_factory=list)
    issuer: str = ""  # the 发布机构 of the page's 信息公开 block


def decode(data):
    """A web page's bytes as text, by BOM, declared charset, UTF-8, else GB18030 or Big5."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, "replace")
    declared = _CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii", "replace").lower()
        if name in ("gb2312", "gbk", "gb18030", "x-gbk", "cp936"):
            name = "gb18030"
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return decode_chinese(data) or data.decode("gb18030", "replace")


def read(data, name="<html>"):
    """The ``Page`` of a saved web page's bytes."""
    import lxml.html
    from lxml import etree

    text = decode(data)
    try:
        root = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*>", "", text) or "<html/>")
    except (etree.ParserError, ValueError):
        from ..errors import ReadError

        raise ReadError(f"{name}: not a readable web page") from None
    date = _text_date(root) or _meta_date(root)  # a portal's PubDate is often when it was republished
    title = _title(root)
    for element in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _remove(element)
    for element in [e for e in root.iter() if isinstance(e.tag, str) and e.tag.lower() in _DROP]:
        _remove(element)
    info = _take_info_block(root)
    _break_after_outline_runs(root)
    main = _main(root)
    blocks, cells = [], []
    _collect(main, blocks, cells)
    lines = [b for b in map(_squash, blocks) if b]
    lines = [b for b in map(strip_furniture, lines) if b and not _FURNITURE.match(b) and _META_FIELD.sub("", b).strip()]
    lines = [b for i, b in enumerate(lines) if i == 0 or b != lines[i - 1]]
    heading = _h1(root)
    if heading and heading not in lines[:3]:  # the headline often sits above the article's box
        lines.insert(0, heading)
    return Page("\n\n".join(lines) + "\n", title, _info_date(info) or date, [c for c in cells if c in lines],
                info.get("发布机构") or info.get("发文机关") or "")


def _take_info_block(root):
    """The fields of the page's 信息公开 block ({label: value}), its rows taken out of the page.

    A row is a table row, or a block holding no other block, that opens with one of
    its labels (a label alone takes the next row as its value: ``<dt>``, ``<dd>``); a
    run of rows naming two labels or more, one of them more than a common word
    (``分类``, ``名称`` …), is the block, so that a lone ``分类：`` line or a table headed
    ``分类　名称　数量`` in a report stays where it is.
    """
    fields = {}
    for run in _runs(_rows(root)):
        labels = {label for _, pairs in run for label, _ in pairs if label in _INFO_LABELS}
        if len(labels) >= 2 and labels - _COMMON_WORDS:
            for taken, pairs in run:
                for label, value in pairs:
                    fields.setdefault(label, value)
                for element in taken:
                    _remove(element)
    return fields


def _runs(rows):
    """Runs of consecutive rows opening with a label: lists of (elements, [(label, value)])."""
    runs, run, n = [], [], 0
    while n < len(rows):
        pairs = info_fields(rows[n][1])
        if not pairs:
            runs.append(run)
            run, n = [], n + 1
            continue
        taken = [rows[n][0]]
        if not pairs[-1][1] and n + 1 < len(rows) and not info_fields(rows[n + 1][1]):
            pairs[-1] = (pairs[-1][0], rows[n + 1][1])
            taken.append(rows[n + 1][0])
            n += 1
        run.append((taken, pairs))
        n += 1
    return [r for r in runs + [run] if r]


def _rows(root):
    """(element, text) of each table row and each block that holds no other block, in page order."""
    holds_block, holds_row = _holding(root, _BLOCKS), _holding(root, {"tr"})
    rows = []
    for element in root.iter():
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag not in _BLOCKS or element in holds_block and tag != "tr":
            continue
        row = next((a for a in element.iterancestors() if isinstance(a.tag, str) and a.tag.lower() == "tr"), None)
        if row is not None and row not in holds_row:
            continue  # inside a row, which is read whole; a layout table's rows hold whole pages
        if tag == "tr" and element not in holds_row:
            rows.append((element, "　".join(t for t in (_squash(c.text_content()) for c in element) if t)))
        elif tag != "tr" and element.text_content().strip():  # an empty <div class="clear"> is no row
            rows.append((element, _squash(element.text_content())))
    return rows


def _holding(root, tags):
    """The elements holding an element of ``tags``."""
    holding = set()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in tags:
            for ancestor in element.iterancestors():
                if ancestor in holding:
                    break
                holding.add(ancestor)
    return holding


def info_fields(text):
    """The (label, value) pairs of a line that opens with a 信息公开 label (``索引号：… 分类：…``), else []."""
    found = list(_LABEL.finditer(text))
    if not found or found[0].start() != 0 or _label(found[0]) not in _INFO_LABELS:
        return []
    ends = [m.start() for m in found[1:]] + [len(text)]
    return [(_label(m), text[m.end():end].strip()) for m, end in zip(found, ends)]


def _label(match):
    return re.sub(r"\s", "", match.group("spaced") or match.group("colon"))


def _info_date(info):
    for label in _INFO_DATES:
        found = re.search(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})", info.get(label, ""))
        if found and _ymd(found):
            return _ymd(found)
    return ""


def _break_after_outline_runs(root):
    """A bold outline heading (``<strong>（一）农业</strong>全年…``) ends a line, so that it heads a section.

    A bold lead-in that is no outline heading (``<strong>年末常住人口</strong>312万人``) stays in its
    sentence; text before the heading on its line, which ends no sentence, is joined again by the splitter.
    """
    from lxml import etree

    for element in [e for e in root.iter() if isinstance(e.tag, str) and e.tag.lower() not in _BLOCKS]:
        bold = element.tag.lower() in ("b", "strong") or _BOLD_STYLE.search(element.get("style") or "")
        if bold and _OUTLINE_RUN.match(_squash(element.text_content())):
            br = etree.Element("br")
            br.tail, element.tail = element.tail, None
            element.addnext(br)


def _remove(element):
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _h1(root):
    for h1 in root.iter("h1"):
        text = _squash(h1.text_content())
        if 4 <= len(text) <= 80:
            return text
    return ""


def _title(root):
    if _h1(root):
        return _h1(root)
    title = root.find(".//title")
    if title is None:
        return ""
    text = _squash(title.text_content())
    while True:
        shorter = _SITE_SUFFIX.sub("", text)
        if shorter == text or not shorter:
            return text
        text = shorter


def _meta_date(root):
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").lower()
        if key in _META_DATES:
            found = re.match(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})", (meta.get("content") or "").strip())
            if found:
                return _ymd(found)
    return ""


def _text_date(root):
    body = root.find(".//body")
    found = _DATE.search(_squash((body if body is not None else root).text_content())[:20000])
    return _ymd(found) if found else ""


def _ymd(match):
    year, month, day = (int(g) for g in match.groups())
    if not (1949 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


def _squash(text):
    """``text`` on one line: a line break of the page's source next to a Chinese character is no space
    (as CSS Text 3 treats a segment break between East Asian characters); other whitespace one space."""
    return re.sub(r"[^\S\u3000]+", " ", _SOURCE_BREAK.sub("", text)).strip()


def _main(root):
    """The element holding the article: the best block score, links not counted."""
    scores = {}
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag.lower() not in _BLOCKS:
            continue
        own = _own_length(element)
        if not own:
            continue
        parent = element.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + own
            grand = parent.getparent()
            if grand is not None:
                scores[grand] = scores.get(grand, 0) + own / 2
    body = root.find(".//body")
    if not scores:
        return body if body is not None else root
    return max(scores, key=scores.get)


def _own_length(element):
    """Characters of an element's own text (its inline children's included), minus those in links."""
    pieces = [element.text or ""]
    linked = 0
    for child in element:
        if isinstance(child.tag, str) and child.tag.lower() not in _BLOCKS:
            inner = child.text_content()
            pieces.append(inner)
            if child.tag.lower() == "a" or child.find(".//a") is not None:
                linked += len(inner.strip())
        pieces.append(child.tail or "")
    length = len(re.sub(r"\s+", "", "".join(pieces)))
    return 0 if linked > _LINK_HEAVY * length else length - linked


def _collect(element, blocks, cells):
    """Append the paragraphs under ``element`` to ``blocks``; table rows also to ``cells``."""
    current = [element.text or ""]
    for child in element:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "br":
            blocks.append("".join(current))
            current = []
        elif tag == "tr":
            blocks.append("".join(current))
            current = []
            row = [_squash(cell.text_content()) for cell in child if isinstance(cell.tag, str)]
            row_text = "　".join(c for c in row if c)
            if row_text:
                blocks.append(row_text)
                cells.append(row_text)
        elif tag in _BLOCKS:
            blocks.append("".join(current))
            current = []
            _collect(child, blocks, cells)
        elif tag == "img":
            pass  # an image says nothing we can search
        else:
            inner = []
            _collect(child, inner, cells)
            if len(inner) > 1:  # an inline element holding blocks
                current.append(inner[0])
                blocks.append("".join(current))
                blocks.extend(inner[1:-1])
                current = [inner[-1]]
            else:
                current.extend(inner)
        current.append(child.tail or "")
    blocks.append("".join(current))

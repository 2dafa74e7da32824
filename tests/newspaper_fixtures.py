"""Newspaper pages of five or six columns, laid out here and written as PDFs or handed to ``layout`` as lines.

A ``Sheet`` is two A3 pages as a newspaper sets a report (issue #20): a masthead;
a headline band across the top of page 1 over the lead story A, which fills the
left columns and jumps (``（下转第2版）``) to page 2, where it goes on under
``（上接第1版）``; story B beside A under its own headline, story D under B; a photo
with its caption and a 本报讯 item set into A's columns (framed by a drawn
rectangle, or only set apart by white space); story C on page 2 under its own
headline, a photo with its caption across two of its columns. Paragraphs come
from ``pdf_fixtures.paragraph`` (A: 1…, B: 200…, C: 300…, D: 500…), each ends a
sentence.

The same sheet is written by reportlab (STSong-Light), by fpdf2 (Noto Sans CJK),
or given as ``layout.Page``s of line fragments, so that a hypothesis property can
try many layouts without writing PDFs.
"""

from dataclasses import dataclass, field

from pdf_fixtures import FONT, NOTO, paragraph

WIDTH, HEIGHT = 842, 1191  # A3, points
MARGIN, GUTTER, TOP, BOTTOM = 40, 14, 180, 1120
JUMP_TO, JUMP_FROM = "（下转第2版）", "（上接第1版）"


@dataclass
class Sheet:
    columns: int
    size: float = 9.0
    align: str = "centre"  # headlines over their columns: "left", "centre" or "right"
    lines: list = field(default_factory=list)  # (page, x, top, size, text, width to justify to or None)
    rects: list = field(default_factory=list)  # (page, x0, top, x1, bottom, filled)
    stories: dict = field(default_factory=dict)  # name: paragraphs
    breaks: dict = field(default_factory=dict)  # paragraph: "column" or "page", where laid across one
    furniture: list = field(default_factory=list)  # texts that are no body text: masthead, jump lines
    pages: dict = field(default_factory=dict)  # paragraph: the page its first line is on

    @property
    def lead(self):
        return self.size * 1.5

    def column_x(self, column):
        return MARGIN + column * (self.column_width + GUTTER)

    @property
    def column_width(self):
        return (WIDTH - 2 * MARGIN - (self.columns - 1) * GUTTER) / self.columns

    def span(self, first, last):
        """x and width of columns ``first``…``last`` side by side."""
        x = self.column_x(first)
        return x, self.column_x(last) + self.column_width - x

    def text(self, page, x, top, text, size=None, width=None):
        self.lines.append((page, x, top, size or self.size, text, width))

    def headline(self, page, first, last, top, text, size):
        """A headline over columns ``first``…``last``, set as ``self.align`` says."""
        x, width = self.span(first, last)
        room = width - len(text) * size
        self.text(page, x + {"left": 0, "centre": room / 2, "right": room}[self.align], top, text, size)

    def flow(self, paragraphs, slots, continued=False):
        """Lay ``paragraphs`` into ``slots`` ((page, x, top, bottom, width) column pieces) in turn,
        the first without an indent when ``continued`` (the rest of a cut paragraph); the text that
        did not fit: the rest of the paragraph cut at the end, and the paragraphs after it."""
        slots = list(slots)
        page, x, top, bottom, width = slots.pop(0)
        y = top
        for n, text in enumerate(paragraphs):
            per_line, indent, where = int(width // self.size), 0 if continued and n == 0 else 2, (page, x)
            while text:
                if y + self.size > bottom:
                    if not slots:
                        return [text] + paragraphs[n + 1:]
                    page, x, top, bottom, width = slots.pop(0)
                    y, per_line = top, int(width // self.size)
                if (page, x) != where:
                    self.breaks.setdefault(paragraphs[n], "page" if page != where[0] else "column")
                self.pages.setdefault(paragraphs[n], page)
                chunk, text = text[:per_line - indent], text[per_line - indent:]
                # justified, as newspapers set them: but for its last, a paragraph's lines end at the margin
                self.text(page, x + indent * self.size, y, chunk, width=width - indent * self.size if text else None)
                y, indent = y + self.lead, 0
        return []


def story(first, count, clauses=4):
    return [paragraph(n, clauses + n % 5) for n in range(first, first + count)]


def sheet(columns=6, drawn=True, photo=True, box_lines=4, box_at=0.45, wide_photo=True, align="centre",
          jump_head=None):
    """Two pages as the module's docstring says. ``drawn``: the 本报讯 item is framed by a
    rectangle (else only set apart by space); ``box_at``: where it stands, as a share of the
    column height; ``box_lines``: about how many lines its text takes; ``wide_photo``: a photo
    across two of story C's columns, its caption under it; ``align``: how headlines are set;
    ``jump_head``: story A's headline again on page 2, "under" or "over" the ``上接`` line."""
    s = Sheet(columns, align=align)
    a_cols = columns - 2  # story A's columns on page 1; B and D have the last two
    for page in (1, 2):
        s.text(page, MARGIN, 40, f"某某日报 2025年1月23日 星期四 第{page}版", 9)
        s.furniture.append(f"某某日报 2025年1月23日 星期四 第{page}版")
    s.stories["heading"] = ["奋力谱写高质量发展新篇章", "——某某区政府工作报告摘要"]
    s.headline(1, 0, columns - 1, 100, s.stories["heading"][0], 26)
    s.headline(1, 0, columns - 1, 140, s.stories["heading"][1], 13)
    box = _box(s, a_cols, drawn, box_lines, box_at) if box_lines else None
    _lead_story(s, a_cols, [piece for column in range(a_cols) for piece in _a_column(s, column, a_cols, photo, box)],
                jump_head)
    middle = TOP + 0.55 * (BOTTOM - TOP)  # story D stands under B, in the same columns
    _story(s, "B", 200, "城乡融合发展迈出新步伐", 16,
           [(1, s.column_x(c), TOP + 34, middle, s.column_width) for c in range(a_cols, columns)])
    _story(s, "D", 500, "社区服务更贴心", 16,
           [(1, s.column_x(c), middle + 46, BOTTOM, s.column_width) for c in range(a_cols, columns)], top=middle + 12)
    slots = [(2, s.column_x(c), TOP + 36, BOTTOM, s.column_width) for c in range(2, columns)]
    _story(s, "C", 300, "民生实事件件有回音", 18, _wide_photo(s, slots) if wide_photo else slots)
    return s


def _box(s, a_cols, drawn, box_lines, box_at):
    """The 本报讯 item across story A's second and third columns (or in its last, with two):
    ``(first column, last column, top, bottom)``."""
    first, last = (1, 2) if a_cols >= 3 else (a_cols - 1, a_cols - 1)
    x, width = s.span(first, last)
    item = s.stories["box"] = ["本报讯（记者　张某某）" + paragraph(400, box_lines)]
    s.pages[item[0]] = 1
    per_line = int((width - 16) // s.size)
    rows = -(-len(item[0]) // per_line)
    top = TOP + box_at * (BOTTOM - TOP)
    for i in range(rows):
        s.text(1, x + 8, top + 8 + i * s.lead, item[0][i * per_line:(i + 1) * per_line],
               width=width - 16 if i < rows - 1 else None)
    if drawn:
        s.rects.append((1, x, top, x + width, top + rows * s.lead + 14, False))
    return first, last, top, top + rows * s.lead + 14


def _a_column(s, column, a_cols, photo, box):
    """The pieces of story A's ``column`` on page 1 that text flows into: around the photo and
    its caption in the first, around the box in the box's, short of the jump line in the last."""
    x = s.column_x(column)
    if column == 0 and photo:
        top, bottom = TOP + 12 * s.lead, TOP + 24 * s.lead
        s.rects.append((1, x, top, x + s.column_width, bottom, True))
        caption = "图为新建成的科创园区。　记者　李某某　摄"
        per_line = int(s.column_width // 7.5)
        for i in range(0, len(caption), per_line):
            s.text(1, x, bottom + 4 + i // per_line * 11, caption[i:i + per_line], 7.5)
        s.stories["caption"] = [caption]
        s.pages[caption] = 1
        return [(1, x, TOP, top - 6, s.column_width),
                (1, x, bottom + 4 + (len(caption) // per_line + 1) * 11 + 6, BOTTOM, s.column_width)]
    if box and box[0] <= column <= box[1]:
        return [(1, x, TOP, box[2] - 10, s.column_width), (1, x, box[3] + 10, BOTTOM, s.column_width)]
    return [(1, x, TOP, BOTTOM - s.lead if column == a_cols - 1 else BOTTOM, s.column_width)]


def _lead_story(s, a_cols, slots, jump_head=None):
    """Story A: fills ``slots`` on page 1, cut inside a paragraph by the jump to page 2, where
    its rest takes about 1.3 columns under the ``上接`` line; ``jump_head``: its headline again,
    "under" the jump line or "over" it."""
    lead, placed = story(1, 200), len(s.lines)
    rest = s.flow(lead, slots)
    while rest[0] == lead[len(lead) - len(rest)]:  # a clean break: end the last column a line higher
        del s.lines[placed:]
        s.breaks.clear()
        for text in lead:
            s.pages.pop(text, None)
        slots[-1] = slots[-1][:3] + (slots[-1][3] - s.lead, slots[-1][4])
        rest = s.flow(lead, slots)
    room = 1.3 * int((BOTTOM - TOP - 16) // s.lead) * int(s.column_width // s.size)
    keep = next(k for k in range(1, len(rest) + 1) if k == len(rest) or sum(len(t) + 2 for t in rest[:k + 1]) > room)
    s.stories["A"], cut, rest = lead[:len(lead) - len(rest) + keep], lead[len(lead) - len(rest)], rest[:keep]
    s.text(1, s.column_x(a_cols - 1) + s.column_width - len(JUMP_TO) * 8, BOTTOM - s.lead + 2, JUMP_TO, 8)
    s.furniture += [JUMP_TO, JUMP_FROM]
    if jump_head:  # the story's headline again over its rest, in smaller type, under or over the jump line
        s.headline(2, 0, 1, TOP + (16 if jump_head == "under" else 0), s.stories["heading"][0], 14)
        s.stories["heading"].append(s.stories["heading"][0])
    s.text(2, s.column_x(0), TOP + (26 if jump_head == "over" else 0), JUMP_FROM, 8)
    s.breaks[cut] = "page"
    text_top = TOP + (42 if jump_head else 16)
    over = s.flow(rest, [(2, s.column_x(c), text_top, BOTTOM, s.column_width) for c in range(2)], continued=True)
    assert not over, "story A does not fit on two pages"


def _story(s, name, first, headline, size, slots, top=None):
    """A story under its own headline over ``slots``' columns, as many paragraphs as fill them."""
    page, columns = slots[0][0], sorted({round((x - MARGIN) / (s.column_width + GUTTER)) for _, x, *_ in slots})
    s.headline(page, columns[0], columns[-1], TOP if top is None else top, headline, size)
    s.stories["heading"].append(headline)
    s.stories[name] = _fill(s, first, slots)


def _wide_photo(s, slots):
    """A photo across the first two of ``slots``' columns (page 2), its caption under it as wide;
    the slots around it."""
    x, width = s.span(2, 3)
    top, bottom = TOP + 36 + 20 * s.lead, TOP + 36 + 34 * s.lead
    s.rects.append((2, x, top, x + width, bottom, True))
    caption = s.stories["wide caption"] = ["图为社区食堂开业当天，居民排队用餐。　记者　王某某　摄"]
    s.text(2, x, bottom + 4, caption[0], 7.5)
    s.pages[caption[0]] = 2
    return [piece for c in (2, 3) for piece in ((2, s.column_x(c), TOP + 36, top - 6, s.column_width),
                                               (2, s.column_x(c), bottom + 22, BOTTOM, s.column_width))] + slots[2:]


def _fill(s, first, slots):
    """As many whole paragraphs, from ``paragraph(first)`` on, as fill ``slots``: laid there and returned."""
    capacity = sum(int((bottom - top) // s.lead) * int(width // s.size) for _, _, top, bottom, width in slots)
    paragraphs, used = [], 0
    for n in range(first, first + 200):
        text = story(n, 1)[0]
        used += -(-(len(text) + 2) // int(slots[0][4] // s.size)) * int(slots[0][4] // s.size)
        if used > capacity * 0.97:
            break
        paragraphs.append(text)
    assert not s.flow(paragraphs, slots), "a story overflows its columns"
    return paragraphs


def pages(s):
    """The sheet as ``layout.Page``s of line fragments, as a text layer would give them."""
    from govsearch.readers.layout import Fragment, Page

    found = {n: Page(n, HEIGHT) for n in (1, 2)}
    for page, x, top, size, text, width in s.lines:
        width = width or sum(size if ord(c) > 127 else size / 2 for c in text)
        found[page].fragments.append(Fragment(text, x, x + width, top, top + size, page, size=size))
    for page, x0, top, x1, bottom, _ in s.rects:
        found[page].frames.append((x0, top, x1, bottom))
    return list(found.values())


def write(s, path, engine="reportlab"):
    """The sheet as a PDF: reportlab in STSong-Light, or fpdf2 in Noto Sans CJK."""
    if engine == "fpdf2":
        return _write_fpdf(s, path)
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    for number in (1, 2):
        for page, x0, top, x1, bottom, filled in s.rects:
            if page == number:
                c.setFillGray(0.75)
                c.rect(x0, HEIGHT - bottom, x1 - x0, bottom - top, fill=int(filled), stroke=int(not filled))
        c.setFillGray(0)
        for page, x, top, size, text, width in s.lines:
            if page == number:
                c.setFont(FONT, size)
                spacing = (width - c.stringWidth(text, FONT, size)) / (len(text) - 1) if width else 0
                c.drawString(x, HEIGHT - top - 0.88 * size, text, charSpace=spacing)
        c.showPage()
    c.save()


def _write_fpdf(s, path):
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(WIDTH, HEIGHT))
    pdf.add_font("noto", fname=str(NOTO), collection_font_number=2)
    for number in (1, 2):
        pdf.add_page()
        for page, x0, top, x1, bottom, filled in s.rects:
            if page == number:
                pdf.set_fill_color(190)
                pdf.rect(x0, top, x1 - x0, bottom - top, style="F" if filled else "D")
        for page, x, top, size, text, width in s.lines:
            if page == number:
                pdf.set_font("noto", size=size)
                pdf.set_char_spacing(0)
                if width:
                    pdf.set_char_spacing((width - pdf.get_string_width(text)) / (len(text) - 1))
                pdf.text(x, top + 0.88 * size, text)
    pdf.output(str(path))


def whole(s):
    """The paragraphs that must come out whole, each in one passage: stories, box and caption (the
    headlines become titles and sections)."""
    return [text for name, texts in s.stories.items() if name != "heading" for text in texts]


def body(s, pages=(1, 2)):
    """Every character of the body of ``pages``: all laid text but the furniture (masthead, jump lines)."""
    return "".join(line[4] for line in s.lines if line[4] not in s.furniture and line[0] in pages)

"""PDFs written for the tests with reportlab, in its built-in Adobe CID font STSong-Light.

The font needs no font file (a viewer or PDFium supplies the glyphs and the
Unicode map from the Adobe-GB1 character collection), so the fixtures build the
same on any machine. Text is laid out here, line by line, the way a layout tool
does: fixed characters per line, a two-character indent opening each paragraph,
columns filled top to bottom and pages in turn.
"""

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
NOTO = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")  # Debian's fonts-noto-cjk, where installed
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

CLAUSES = ["坚持稳中求进工作总基调", "持续优化营商环境", "加快发展新质生产力", "推进城乡融合发展",
           "扎实办好民生实事", "深化重点领域改革", "守牢安全发展底线", "推动文旅消费提质升级",
           "完善社会保障体系", "建设美丽宜居乡村"]


def paragraph(n, clauses=5):
    """A made-up report paragraph, unique by ``n``, ending a sentence."""
    picked = [CLAUSES[(n * 3 + i) % len(CLAUSES)] for i in range(clauses)]
    return f"第{n}项工作：" + "，".join(picked) + f"，全年完成投资{n * 7 + 3}亿元。"


def _wrap(text, per_line, indent):
    lines, first = [], per_line - indent
    lines.append(text[:first])
    rest = text[first:]
    while rest:
        lines.append(rest[:per_line])
        rest = rest[per_line:]
    return lines


class Layout:
    """Flows paragraphs into columns and pages; records the page each paragraph starts on."""

    def __init__(self, path, columns=2, size=10.5, lines_per_column=30, headline=None, masthead=None,
                 running_header=None, page_number="— {n} —", encrypt=None, right=None):
        self.canvas = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt, invariant=True)
        self.columns, self.size, self.capacity = columns, size, lines_per_column
        self.headline, self.masthead, self.header, self.page_number = headline, masthead, running_header, page_number
        self.width, self.height = A4
        self.margin, self.gutter = 56, 18
        self.right = right = right or self.width - self.margin
        self.column_width = (right - self.margin - (columns - 1) * self.gutter) / columns
        self.per_line = int(self.column_width // size)
        self.page, self.column, self.line = 0, 0, 0
        self.starts = []  # page of each paragraph's first line
        self.breaks = set()  # "column" and/or "page", for paragraphs laid across such a break
        self._new_page()

    def _new_page(self):
        if self.page:
            self.canvas.showPage()
        self.page += 1
        self.column, self.line = 0, 0
        c = self.canvas
        if self.masthead:
            c.setFont(FONT, 9)
            c.drawString(self.margin, self.height - 36, self.masthead.format(n=self.page))
        if self.header:
            c.setFont(FONT, 9)
            c.drawRightString(self.width - self.margin, self.height - 36, self.header)
        self.top = self.height - 80
        if self.headline and self.page == 1:
            c.setFont(FONT, 22)
            c.drawCentredString((self.margin + self.right) / 2, self.top - 10, self.headline)
            self.top -= 50
        if self.page_number:
            c.setFont(FONT, 9)
            c.drawCentredString(self.width / 2, 30, self.page_number.format(n=self.page))

    def _advance(self):
        self.line += 1
        if self.line >= self.capacity:
            self.line = 0
            self.column += 1
            if self.column >= self.columns:
                self._new_page()

    def add(self, text, indent=2, size=None):
        """Lay out one paragraph (a heading: ``indent=0``)."""
        self.starts.append(self.page)
        where = (self.page, self.column)
        for i, line in enumerate(_wrap(text, self.per_line, indent)):
            if (self.page, self.column) != where:
                self.breaks.add("page" if self.page != where[0] else "column")
                where = (self.page, self.column)
            x = self.margin + self.column * (self.column_width + self.gutter) + (indent * self.size if i == 0 else 0)
            y = self.top - self.line * self.size * 1.6
            self.canvas.setFont(FONT, size or self.size)
            self.canvas.drawString(x, y, line)
            self._advance()

    def figure(self, caption, lines=5, size=8):
        """A photo (a grey box) ``lines`` lines high in the current column, its caption under it in a smaller font."""
        x = self.margin + self.column * (self.column_width + self.gutter)
        y = self.top - (self.line + lines - 1) * self.size * 1.6
        self.canvas.setFillGray(0.7)
        self.canvas.rect(x, y, self.column_width, (lines - 1) * self.size * 1.6, fill=1, stroke=0)
        self.canvas.setFillGray(0)
        for _ in range(lines):
            self._advance()
        self.canvas.setFont(FONT, size)
        self.canvas.drawString(x, self.top - self.line * self.size * 1.6, caption)
        self._advance()

    def add_lines(self, text, first_indent=2):
        """Lay out the start of a paragraph whose rest follows after a figure (``first_indent=0`` for that rest)."""
        if first_indent:
            self.starts.append(self.page)
        for i, line in enumerate(_wrap(text, self.per_line, first_indent)):
            x = self.margin + self.column * (self.column_width + self.gutter) + (first_indent * self.size if i == 0 else 0)
            self.canvas.setFont(FONT, self.size)
            self.canvas.drawString(x, self.top - self.line * self.size * 1.6, line)
            self._advance()

    def save(self):
        self.canvas.save()


def newspaper(path, paragraphs):
    """Two pages of two columns under a headline, with masthead, running header and ``— n —`` numbers."""
    layout = Layout(path, columns=2, headline="某区政府工作报告全文", masthead="某某日报 2025年1月{n}日 星期四 第{n}版",
                    running_header="要闻")
    for text in paragraphs:
        layout.add(text)
    layout.save()
    return layout


def report(path, items, page_number="- {n} -"):
    """A single-column report: ``items`` are ("heading", text) or ("para", text)."""
    layout = Layout(path, columns=1, size=12, lines_per_column=36, page_number=page_number)
    for kind, text in items:
        layout.add(text, indent=0 if kind == "heading" else 2)
    layout.save()
    return layout.starts


def scanned(path):
    """A page with drawing only, as a scan without a text layer is to a text extractor."""
    c = canvas.Canvas(str(path), pagesize=A4, invariant=True)
    for i in range(40):
        c.rect(60, 780 - i * 18, 470, 10, fill=1)
    c.save()


def boxed(path, main, side_title, side):
    """One page: an article in two columns under its headline on the left two thirds, and a boxed
    side story (a framed column with its own title) on the right third."""
    layout = Layout(path, columns=2, headline="全力推动高质量发展", page_number="— {n} —", right=370,
                    lines_per_column=34)
    for text in main:
        layout.add(text)
    c, x, top = layout.canvas, 390, layout.height - 80
    c.rect(x - 6, top - 40 * 16.8, 160, 40 * 16.8 + 24, fill=0)
    c.setFont(FONT, 14)
    c.drawString(x, top - 4, side_title)
    c.setFont(FONT, 10.5)
    y = top - 30
    for paragraph_text in side:
        for i, line in enumerate(_wrap(paragraph_text, 13, 2)):
            c.drawString(x + (21 if i == 0 else 0), y, line)
            y -= 16.8
    layout.save()
    return layout


def embedded_newspaper(path, pages, columns):
    """``pages`` full pages of ``columns`` columns of 9-pt text in an embedded font (Noto Sans CJK, through
    fpdf2), with masthead and page numbers; paragraph ``n`` is ``paragraph(n, 3 + n % 7)``."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.add_font("noto", fname=str(NOTO), collection_font_number=2)
    size, margin, gutter, lines = 9, 42, 14, 64
    width = (595 - 2 * margin - (columns - 1) * gutter) / columns
    per_line = int(width // size)
    n, page, column, line = 0, 0, columns, lines
    while True:
        n += 1
        text = paragraph(n, clauses=3 + n % 7)
        first = True
        while text:
            if line >= lines:
                line, column = 0, column + 1
                if column >= columns:
                    if page == pages:
                        pdf.output(str(path))
                        return page
                    page, column = page + 1, 0
                    pdf.add_page()
                    pdf.set_font("noto", size=8)
                    pdf.text(margin, 30, f"某某日报 2025年1月{page}日 星期四 第{page}版")
                    pdf.text(290, 836, f"— {page} —")
                    pdf.set_font("noto", size=size)
            indent = 2 if first else 0
            chunk, text = text[:per_line - indent], text[per_line - indent:]
            pdf.text(margin + column * (width + gutter) + indent * size, 60 + line * size * 1.3, chunk)
            line, first = line + 1, False


def table(path, before, rows, after):
    """One column of paragraphs, a ruled table of short cells (``rows`` of equal length), more paragraphs."""
    layout = Layout(path, columns=1, size=11, lines_per_column=40, page_number="{n}/2")
    for text in before:
        layout.add(text)
    c, x, y = layout.canvas, 60, layout.top - layout.line * 11 * 1.6 - 10
    width = 440 / len(rows[0])
    for r, row in enumerate(rows):
        for col, cell in enumerate(row):
            c.rect(x + col * width, y - r * 22 - 6, width, 22)
            c.setFont(FONT, 10)
            c.drawString(x + col * width + 6, y - r * 22, cell)
    for _ in range(len(rows) * 2 + 2):
        layout._advance()
    for text in after:
        layout.add(text)
    layout.save()

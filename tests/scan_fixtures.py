"""Scans made for the tests and ``scripts/ocr_audit.py``: 公文-style pages typeset from a text, as an office
scanner gives them back.

Pages are typeset straight into pixels with Pillow in Debian's Noto CJK fonts (a
22 pt title, 16 pt body text of 28 characters a line with a two-character first-line
indent, ``— N —`` page numbers, as GB/T 9704 lays out a 公文), then ``scan`` turns
a page slightly, adds specks of dust and a red seal over the text, and the pages
are saved as image files or as an image-only PDF (Pillow's PDF writer). Nothing
third-party is kept: every scan is made at test time from the text given.
"""

import math
import random
import re
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFont

FONTS = Path("/usr/share/fonts/opentype/noto")
SERIF = FONTS / "NotoSerifCJK-Regular.ttc"
SANS = FONTS / "NotoSansCJK-Regular.ttc"
SC = 2  # the Simplified Chinese face in Noto's collections
A4 = (8.27, 11.69)  # inches
SEEDS = Path(__file__).resolve().parent.parent / "seeds"

_HALF = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}


def available():
    return SERIF.exists() and SANS.exists()


def full_width(text):
    """Half-width punctuation between Chinese characters made full-width, as a typeset 公文 has it."""
    return re.sub(r"[,;:()!?]", lambda m: _HALF[m.group()], text)


def seed_paragraphs(name="000", count=None):
    """The paragraphs of a seed (``seeds/<name>_*.txt``): its ``#`` title first, full-width punctuation."""
    path = next(SEEDS.glob(f"{name}_*.txt"))
    paragraphs = [full_width(p.strip().lstrip("# ").strip()) for p in path.read_text(encoding="utf-8").splitlines()]
    paragraphs = [p for p in paragraphs if p]
    return paragraphs[:count] if count else paragraphs


class Typeset:
    """Paragraphs laid into pages: ``pages`` (Pillow images) and ``texts``, what each page says (a
    paragraph's end marked by a newline)."""

    def __init__(self, title, paragraphs, dpi=200, font=SERIF, size_pt=16, per_line=28, lines_per_page=22,
                 page_numbers=True):
        self.dpi, self.px = dpi, size_pt * dpi / 72
        self.font = ImageFont.truetype(str(font), round(self.px), index=SC)
        self.title_font = ImageFont.truetype(str(SANS), round(22 * dpi / 72), index=SC)
        self.width, self.height = round(A4[0] * dpi), round(A4[1] * dpi)
        self.left = (self.width - per_line * self.px) / 2
        self.top = 37 / 25.4 * dpi
        self.per_line, self.lines_per_page, self.numbers = per_line, lines_per_page, page_numbers
        self.pages, self.texts, self.line = [], [], lines_per_page
        self._title(title)
        for paragraph in paragraphs:
            self._paragraph(paragraph)

    def _new_page(self):
        self.pages.append(Image.new("RGB", (self.width, self.height), "white"))
        self.texts.append("")
        self.line = 0
        if self.numbers:
            number = f"— {len(self.pages)} —"
            draw = ImageDraw.Draw(self.pages[-1])
            w = draw.textlength(number, font=self.font)
            draw.text(((self.width - w) / 2, self.height - 25 / 25.4 * self.dpi), number, font=self.font, fill="black")

    def _title(self, title):
        """The title centred, in lines that fit the type area, and a blank line under it."""
        self._new_page()
        draw = ImageDraw.Draw(self.pages[-1])
        per_line = int(self.per_line * self.px / self.title_font.size)
        rows = [title[i:i + per_line] for i in range(0, len(title), per_line)]
        for row, text in enumerate(rows):
            w = draw.textlength(text, font=self.title_font)
            draw.text(((self.width - w) / 2, self.top + row * self.px * 1.75), text, font=self.title_font,
                      fill="black")
        self.texts[-1] += title + "\n"
        self.line = len(rows) + 1

    def _paragraph(self, text):
        rest, first = text, True
        while rest:
            if self.line >= self.lines_per_page:
                self._new_page()
            room = self.per_line - (2 if first else 0)
            chunk, rest = rest[:room], rest[room:]
            x = self.left + (2 * self.px if first else 0)
            y = self.top + self.line * self.px * 1.75
            draw = ImageDraw.Draw(self.pages[-1])
            for char in chunk:  # a character a cell, as a 公文's grid: half-width digits keep their width
                draw.text((x, y), char, font=self.font, fill="black")
                x += self.px if ord(char) > 0x2e7f else draw.textlength(char, font=self.font)
            self.texts[-1] += chunk + ("" if rest else "\n")
            self.line += 1
            first = False


def scan(page, angle=0.8, specks=300, seal=True, seed=0):
    """``page`` as a scanner gives it back: turned by ``angle`` degrees, with dust and a red seal."""
    rng = random.Random(seed)
    out = page.copy()
    draw = ImageDraw.Draw(out)
    w, h = out.size
    if seal:
        _seal(out, (int(w * 0.62), int(h * 0.3)), int(w * 0.11))
    for _ in range(specks):
        x, y, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.6, 1.8)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(rng.randint(0, 90),) * 3)
    return out.rotate(angle, resample=Image.BICUBIC, fillcolor="white")


def _seal(image, centre, radius):
    """A red seal ring with a star, multiplied over the page so that the text under it stays dark."""
    layer = Image.new("RGB", image.size, "white")
    draw = ImageDraw.Draw(layer)
    x, y = centre
    red = (215, 35, 40)
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=red, width=max(3, radius // 14))
    points = []
    for i in range(10):
        r, a = radius * (0.35 if i % 2 == 0 else 0.14), -math.pi / 2 + i * math.pi / 5
        points.append((x + r * math.cos(a), y + r * math.sin(a)))
    draw.polygon(points, fill=red)
    image.paste(ImageChops.multiply(image, layer))


def save_pdf(pages, path, dpi=200, quality=85):
    """The pages as an image-only PDF (JPEG in it, as a scanner writes them)."""
    pages[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=pages[1:], quality=quality)
    return path


def save_images(pages, folder, pattern="报告_{n}.jpg", quality=88):
    """The pages as image files named by ``pattern`` (``{n}`` the page number)."""
    paths = []
    for n, page in enumerate(pages, 1):
        path = Path(folder) / pattern.format(n=n)
        page.save(path, quality=quality) if path.suffix.lower() in (".jpg", ".jpeg") else page.save(path)
        paths.append(path)
    return paths

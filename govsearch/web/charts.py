"""Charts as geometry: counts in, the shapes of an SVG heat map and line chart out (numbers and strings).

No drawing happens here and no markup is written: the templates turn these
shapes into SVG, escaping every label like any other text. Sizes are in CSS
pixels of a 12 px font; labels are measured in display width (a Chinese
character is one em wide, a Latin letter about 0.6 em) and cut with … when long,
the whole label kept for the tooltip.
"""

import unicodedata
from dataclasses import dataclass

FONT = 12
CELL_W = 46
CELL_H = 26
LABEL_EMS = 14
LOW = (239, 243, 255)   # the lightest blue: a cell with one passage when the top has many
HIGH = (8, 69, 148)
EMPTY = "#f2f2f2"
NONE = "—"  # the label of an empty value (passages with no such tag)


@dataclass
class Cell:
    x: int
    y: int
    count: int
    fill: str
    ink: str
    href: str
    title: str


@dataclass
class Label:
    x: int
    y: int
    text: str
    title: str
    href: str = ""


def text_width(text):
    """Display width of ``text`` in ems."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6 for ch in text)


def shorten(text, ems=LABEL_EMS):
    """``text`` cut to ``ems`` display width, ending in … when cut."""
    if text_width(text) <= ems:
        return text
    out, used = [], 1.0
    for ch in text:
        used += text_width(ch)
        if used > ems:
            break
        out.append(ch)
    return "".join(out) + "…"


def shade(count, top):
    """Fill and text colour of a cell holding ``count`` of at most ``top``."""
    if count <= 0 or top <= 0:
        return EMPTY, "#999999"
    # sqrt, so that cells of 1 and 2 passages still differ where the top holds hundreds
    t = (count / top) ** 0.5
    rgb = tuple(round(a + (b - a) * t) for a, b in zip(LOW, HIGH))
    return "#%02x%02x%02x" % rgb, "#ffffff" if t > 0.55 else "#1a1a1a"


def heatmap(rows, columns, counts, href, row_href=None):
    """Geometry of a rows × columns heat map.

    ``counts`` maps (row, column) to a count (missing = 0); ``href(row, column)``
    gives each cell's link and ``row_href(row)`` each row label's ("" for none).
    An empty row or column value (passages without that tag) is labelled —.
    """
    label_w = int(max([text_width(shorten(r or NONE)) for r in rows] + [2]) * FONT) + 12
    top = max(counts.values(), default=0)
    head_h = int(max([text_width(c) for c in columns] + [1]) * FONT * 0.75) + 16
    cells = []
    for i, row in enumerate(rows):
        for j, column in enumerate(columns):
            n = counts.get((row, column), 0)
            fill, ink = shade(n, top)
            cells.append(Cell(label_w + j * CELL_W, head_h + i * CELL_H, n, fill, ink, href(row, column),
                              f"{row or NONE} · {column or NONE}: {n}"))
    row_labels = [Label(label_w - 8, head_h + i * CELL_H + CELL_H // 2 + 4, shorten(r or NONE), r or NONE,
                        row_href(r) if row_href else "") for i, r in enumerate(rows)]
    col_labels = [Label(label_w + j * CELL_W + CELL_W // 2, head_h - 8, shorten(str(c) or NONE, 6), str(c) or NONE)
                  for j, c in enumerate(columns)]
    return {
        "width": label_w + len(columns) * CELL_W + 4,
        "height": head_h + len(rows) * CELL_H + 4,
        "cell_w": CELL_W - 2,
        "cell_h": CELL_H - 2,
        "cells": cells,
        "rows": row_labels,
        "columns": col_labels,
        "top": top,
    }


def years_line(per_year, href, width=560, height=200):
    """Geometry of hits per year as a line; years between the first and last with no hits count 0."""
    years = sorted(int(y) for y in per_year if str(y).isdigit())
    if not years:
        return None
    counts = {int(y): n for y, n in per_year.items() if str(y).isdigit()}
    span = list(range(years[0], years[-1] + 1))
    top = max(counts.values()) or 1
    left, right, top_pad, bottom = 44, 16, 16, 28
    step = (width - left - right) / max(len(span) - 1, 1)

    def y_of(n):
        return round(top_pad + (height - top_pad - bottom) * (1 - n / top), 1)

    points = []
    for i, year in enumerate(span):
        x = round(left + (i * step if len(span) > 1 else (width - left - right) / 2), 1)
        n = counts.get(year, 0)
        points.append(Label(x, y_of(n), str(n), f"{year}: {n}", href(year)))
    every = max(1, -(-len(span) * 28 // (width - left - right)))  # a year label every ~28 px at least
    ticks = [Label(p.x, height - 8, str(year), str(year)) for i, (p, year) in enumerate(zip(points, span))
             if i % every == 0 or i == len(span) - 1]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "base": height - bottom,
        "top_y": top_pad,
        "top": top,
        "polyline": " ".join(f"{p.x},{p.y}" for p in points),
        "points": points,
        "ticks": ticks,
    }

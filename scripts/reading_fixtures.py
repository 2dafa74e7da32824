#!/usr/bin/env python3
"""Write a varied set of PDFs and web pages to audit reading on: ``reading_fixtures.py OUT_FOLDER``.

PDFs (reportlab and fpdf2, through ``tests/pdf_fixtures.py``): one column with a running
header and ``— n —`` footers; two columns under a headline across them with a masthead;
four columns in an embedded font; an article beside a boxed side story; a photo with a
caption breaking a column; traditional characters; a ruled table; two-page newspaper sheets
of six and five columns (``tests/newspaper_fixtures.py``) with stories side by side, a
本报讯 box, a photo caption and a jump to page 2. Web pages, written by
hand: a GBK portal page with menus, breadcrumbs, ``【字体：大 中 小】``, share buttons
and a footer; ``<br>``-split paragraphs; a page whose meeting line follows
``【字体：大 中 小】分享：`` on the same line. Every report paragraph is made by
``pdf_fixtures.paragraph`` and ends a sentence; ``OUT/expected/NAME.txt`` lists them, and
``reading_audit.py`` counts how many come out whole in one passage. The portal pages of
``portal_fixtures.py`` (bold lead-ins, inline elements, 信息公开 blocks, table captions) are
written beside them.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import newspaper_fixtures as nf  # noqa: E402
import pdf_fixtures as fx  # noqa: E402
import portal_fixtures  # noqa: E402
sys.path.insert(0, str(ROOT))
from govsearch.tags import cn_numeral  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402

MEETING = "——2024年1月20日在某某市第十六届人民代表大会第二次会议上"


def report_items(start, count):
    items = [("heading", "某某市政府工作报告"), ("heading", MEETING), ("heading", "市长　王某某"),
             ("para", "各位代表：")]
    for n in range(start, start + count):
        if n % 6 == 0:
            items.append(("heading", f"{cn_numeral(n // 6)}、第{n}部分工作"))
        items.append(("para", fx.paragraph(n, 3 + n % 8)))
    return items


def one_column(path):
    layout = fx.Layout(path, columns=1, size=12, lines_per_column=36, running_header="某某市人民政府",
                       page_number="— {n} —")
    for kind, text in report_items(1, 40):
        layout.add(text, indent=0 if kind == "heading" else 2)
    layout.save()


def four_columns(path):
    fx.embedded_newspaper(path, 2, 4)


def four_columns_headline(path):
    layout = fx.Layout(path, columns=4, size=9, lines_per_column=60, headline="某某区政府工作报告（摘要）",
                       masthead="某某日报 2025年1月{n}日 星期四 第{n}版", running_header="要闻", page_number="第{n}版")
    for n in range(1, 90):
        layout.add(fx.paragraph(n, 2 + n % 9))
    layout.save()


def caption(path):
    layout = fx.Layout(path, columns=2, headline="某某县政府工作报告", page_number="·{n}·")
    for n in range(1, 8):
        layout.add(fx.paragraph(n, 6))
    layout.add_lines(fx.paragraph(8, 9)[:40])
    layout.figure("图为新建成的产业园区。　记者　李某某　摄")
    layout.add_lines(fx.paragraph(8, 9)[40:], first_indent=0)
    for n in range(9, 20):
        layout.add(fx.paragraph(n, 5))
    layout.save()


def traditional(path):
    from opencc import OpenCC

    pdfmetrics.registerFont(UnicodeCIDFont("MSung-Light"))
    to_traditional = OpenCC("s2t").convert
    font = fx.FONT
    fx.FONT = "MSung-Light"
    try:
        layout = fx.Layout(path, columns=2, headline=to_traditional("某某县政府工作报告"), page_number="第{n}页")
        for n in range(1, 30):
            layout.add(to_traditional(fx.paragraph(n, 4 + n % 5)))
        layout.save()
    finally:
        fx.FONT = font


TABLE = [("指标", "单位", "2023年", "增长"), ("地区生产总值", "亿元", "4412", "5.2%"),
         ("一般公共预算收入", "亿元", "6181", "8.2%"), ("城镇调查失业率", "%", "4.4", "—")]


def table(path):
    fx.table(path, [fx.paragraph(n, 6) for n in range(1, 6)], TABLE, [fx.paragraph(n, 6) for n in range(6, 12)])


PORTAL = """<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{title}_某某市人民政府网站</title><meta name="PubDate" content="2024-01-25"></head><body>
<div class="nav"><a href="/">首页</a> <a href="/zw">政务公开</a> <a href="/fw">政务服务</a> <a href="/hd">互动交流</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zw">政务公开</a> &gt; 政府工作报告</div>
<div class="article"><h1>{title}</h1>
<div class="info">发布时间：2024-01-25 来源：市政府办公室 【字体：大 中 小】 【打印本页】 【关闭窗口】</div>
<div class="content">{body}</div>
<div class="share">分享到：微信 微博 QQ空间</div></div>
<div class="related">相关链接：<ul><li><a href="/a">2023年政府工作报告</a></li><li><a href="/b">2022年政府工作报告</a></li></ul></div>
<div class="footer">版权所有：某某市人民政府办公室 京ICP备12345678号 网站标识码：1100000001</div></body></html>"""


def portal_gbk(path):
    body = f"<p>{MEETING}</p><p>市长　王某某</p><p>各位代表：</p>" + "".join(
        f"<p>{cn_numeral(n // 6)}、第{n}部分工作</p>" * (n % 6 == 0) + f"<p>　　{fx.paragraph(n, 3 + n % 8)}</p>"
        for n in range(1, 30))
    path.write_bytes(PORTAL.format(title="2024年某某市政府工作报告", body=body).encode("gbk"))


def br_split(path):
    body = (f"{MEETING}<br>市长　王某某<br>各位代表：<br>"
            + "<br>".join(f"　　{fx.paragraph(n, 3 + n % 8)}" for n in range(1, 30)))
    path.write_bytes(PORTAL.format(title="2024年某某市政府工作报告", body=body).encode("gbk"))


def furniture_meeting(path):
    html = ("<html><head><meta charset='utf-8'><title>某某县政府工作报告_某某县人民政府</title></head><body>"
            "<div><h1>某某县政府工作报告</h1>"
            "<p>【字体：大 中 小】分享：2026年1月25日在江苏省常州市钟楼区第十八届人民代表大会第五次会议上</p>"
            "<p>区长　张某某</p><p>各位代表：</p>"
            + "".join(f"<p>{fx.paragraph(n, 4 + n % 6)}</p>" for n in range(1, 25)) + "</div></body></html>")
    path.write_text(html, encoding="utf-8")


NEWSPAPERS = {"newspaper_6.pdf": dict(columns=6, drawn=True), "newspaper_5.pdf": dict(columns=5, drawn=False)}


def newspapers(out):
    """Two-page newspaper sheets (``newspaper_fixtures``): six columns in reportlab with a framed
    本报讯 item, five in fpdf2 (Noto Sans CJK) with one set apart by white space only; beside each,
    what must be whole, the paragraphs laid across a break, the boxed items and the body's text."""
    for name, options in NEWSPAPERS.items():
        sheet = nf.sheet(**options)
        nf.write(sheet, out / name, "reportlab" if options["drawn"] else "fpdf2")
        for kind, lines in (("", nf.whole(sheet)), (".breaks", list(sheet.breaks)),
                            (".boxed", sheet.stories["box"] + sheet.stories["caption"]), (".body", [nf.body(sheet)])):
            (out / "expected" / f"{name}{kind}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def expected():
    """The report paragraphs each file holds, which must come out whole (the four-column page's last is cut off)."""
    report = [text for kind, text in report_items(1, 40) if kind == "para"]
    html = [fx.paragraph(n, 3 + n % 8) for n in range(1, 30)]
    return {
        "one_column.pdf": report,
        "two_columns.pdf": [fx.paragraph(n, 3 + n % 8) for n in range(1, 40)],
        "four_columns.pdf": [fx.paragraph(n, 3 + n % 7) for n in range(1, 79)],
        "boxed.pdf": [fx.paragraph(n, 4 + n % 5) for n in range(1, 16)] + [fx.paragraph(n, 2) for n in range(100, 104)],
        "four_columns_headline.pdf": [fx.paragraph(n, 2 + n % 9) for n in range(1, 90)],
        "caption.pdf": [fx.paragraph(n, 6) for n in range(1, 8)] + [fx.paragraph(8, 9)]
        + [fx.paragraph(n, 5) for n in range(9, 20)],
        "traditional.pdf": [fx.paragraph(n, 4 + n % 5) for n in range(1, 30)],
        "table.pdf": [fx.paragraph(n, 6) for n in range(1, 12)],
        "portal_gbk.html": html, "br_split.html": html,
        "furniture_meeting.html": [fx.paragraph(n, 4 + n % 6) for n in range(1, 25)],
    }


def main(out):
    out = Path(out)
    (out / "expected").mkdir(parents=True, exist_ok=True)
    for name, paragraphs in expected().items():
        (out / "expected" / f"{name}.txt").write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
    one_column(out / "one_column.pdf")
    fx.newspaper(out / "two_columns.pdf", [fx.paragraph(n, 3 + n % 8) for n in range(1, 40)])
    four_columns(out / "four_columns.pdf")
    fx.boxed(out / "boxed.pdf", [fx.paragraph(n, 4 + n % 5) for n in range(1, 16)], "相关链接　数读",
             [fx.paragraph(n, 2) for n in range(100, 104)])
    four_columns_headline(out / "four_columns_headline.pdf")
    caption(out / "caption.pdf")
    traditional(out / "traditional.pdf")
    table(out / "table.pdf")
    portal_gbk(out / "portal_gbk.html")
    br_split(out / "br_split.html")
    furniture_meeting(out / "furniture_meeting.html")
    newspapers(out)
    written = len(expected()) + len(NEWSPAPERS) + portal_fixtures.write(out)
    print(f"wrote {written} files to {out}, and what each must keep whole to {out / 'expected'}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/reading-fixtures")

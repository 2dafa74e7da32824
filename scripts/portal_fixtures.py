#!/usr/bin/env python3
"""Portal pages written by hand, as a 统计公报 or a 政府工作报告 comes saved from a government site.

Each page sits in site furniture (menu, breadcrumbs, buttons, related links, a
footer with 主办单位 and the ICP number) and holds the shapes of issue #20's portal
pages: bold lead-ins (``<strong>``, ``<b>``, bold ``<span>``, ``<font>`` around
``<b>``), inline elements inside sentences (``<span>CPI</span>``, ``<sup>[1]</sup>``,
``<font>``, ``<a>``, ``<em>``, ``<i>``, ``<u>``, ``<sub>``), line breaks of the page's
source inside Chinese text, bold outline headings, table captions (a line ``表1 …``
above a table, ``<caption>``, ``表`` and its name on two lines, a unit line), a
lone ``表`` above a picture, and a 信息公开 block (a table, ``<li>`` label/value pairs,
``<br>`` lines).

``pages()`` gives ``{file name: Portal}``: the page's bytes, the paragraphs it must
give whole (one passage each), its captions, issuer and date. ``write(OUT)`` writes the
pages and ``OUT/expected/NAME.txt`` (the paragraphs, one a line), which
``reading_audit.py`` compares the passages with::

    python scripts/portal_fixtures.py /tmp/portal && python scripts/reading_audit.py /tmp/portal
"""

import re
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Portal:
    """A portal page and what reading it must give."""

    html: bytes
    paragraphs: list  # each whole in one passage
    captions: list  # table captions, each the last part of its rows' section
    issuer: str
    date: str
    info: list  # texts of the 信息公开 block, none of which may be in a passage


# (markup, the paragraph it reads as)
LEAD_INS = [
    ("<strong>年末全市常住人口</strong>312.45万人，比上年末增加1.26万人。其中，城镇常住人口230.12万人，"
     "常住人口城镇化率为73.65%。",
     "年末全市常住人口312.45万人，比上年末增加1.26万人。其中，城镇常住人口230.12万人，常住人口城镇化率为73.65%。"),
    ("<b>全年全市居民消费价格</b>比上年上涨0.3%，其中食品烟酒价格下降1.2%。",
     "全年全市居民消费价格比上年上涨0.3%，其中食品烟酒价格下降1.2%。"),
    ('<span style="font-weight:bold">全年全市地区生产总值</span>5012.36亿元，按不变价格计算，比上年增长5.1%。',
     "全年全市地区生产总值5012.36亿元，按不变价格计算，比上年增长5.1%。"),
    ('<font face="黑体"><b>全年粮食种植面积</b></font><font face="宋体">186.3千公顷，比上年增加0.8千公顷。</font>',
     "全年粮食种植面积186.3千公顷，比上年增加0.8千公顷。"),
    ("<strong>全年新增城镇就业</strong>\n      5.62万人，城镇调查失业率平均为5.1%。",
     "全年新增城镇就业5.62万人，城镇调查失业率平均为5.1%。"),
]
INLINE = [
    ('全年居民消费价格（<span class="en">CPI</span>）上涨0.3%，工业生产者出厂价格（<span>PPI</span>）下降2.1%。',
     "全年居民消费价格（CPI）上涨0.3%，工业生产者出厂价格（PPI）下降2.1%。"),
    ("全年规模以上工业增加值<sup>[1]</sup>比上年增长6.2%，其中装备制造业增长9.4%。",
     "全年规模以上工业增加值[1]比上年增长6.2%，其中装备制造业增长9.4%。"),
    ('<font color="#cc0000">全年新增市场主体</font>12.6万户，年末实有市场主体<font face="宋体">98.4</font>万户。',
     "全年新增市场主体12.6万户，年末实有市场主体98.4万户。"),
    ('全年实现<a href="/tjsj/xfp.html">社会消费品零售总额</a>2135.7亿元，比上年增长7.8%。',
     "全年实现社会消费品零售总额2135.7亿元，比上年增长7.8%。"),
    ("<em>高技术制造业</em>增加值增长<i>9.6%</i>，占规模以上工业增加值的比重为<u>18.3%</u>。",
     "高技术制造业增加值增长9.6%，占规模以上工业增加值的比重为18.3%。"),
    ("全年二氧化硫（SO<sub>2</sub>）排放量比上年下降4.5%，细颗粒物（PM<sub>2.5</sub>）平均浓度为28微克/立方米。",
     "全年二氧化硫（SO2）排放量比上年下降4.5%，细颗粒物（PM2.5）平均浓度为28微克/立方米。"),
    ("全年货物进出口总额1568.2亿元，比上年\n    增长3.4%。其中，出口\n    1012.6亿元，增长5.1%；进口555.6亿元，下降\n"
     "    0.8%。",
     "全年货物进出口总额1568.2亿元，比上年增长3.4%。其中，出口1012.6亿元，增长5.1%；进口555.6亿元，下降0.8%。"),
]
AGRICULTURE = "全年粮食产量98.7万吨，比上年增长1.1%；蔬菜产量312.6万吨，增长2.3%。"
INDUSTRY = "全年规模以上工业中，国有控股企业增加值增长4.2%，民营企业增长7.9%。"
AFTER_TABLE = "全年完成邮政行业业务总量86.4亿元，比上年增长16.2%。"
POPULATION = [("指标", "年末数（万人）", "比重（%）"), ("全市常住人口", "312.45", "100.0"),
              ("其中：城镇", "230.12", "73.65"), ("乡村", "82.33", "26.35")]
CROPS = [("产品名称", "产量（万吨）", "比上年增长（%）"), ("粮食", "98.7", "1.1"), ("蔬菜", "312.6", "2.3")]
GOODS = [("产品名称", "产量", "比上年增长（%）"), ("钢材", "156.2", "3.2"), ("水泥", "402.7", "-5.6")]

FURNITURE_TOP = """<div class="top"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/bsfw/">办事服务</a>
<a href="/hdjl/">互动交流</a> <a href="/tjsj/">统计数据</a></div>
<div class="crumb">您现在的位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/tjsj/">统计公报</a></div>
"""
FURNITURE_BOTTOM = """<div class="tools">【字体：<a>大</a> <a>中</a> <a>小</a>】 <a>打印本页</a> <a>关闭窗口</a></div>
<div class="related">相关链接：<ul><li><a href="/a.html">2022年国民经济和社会发展统计公报</a></li>
<li><a href="/b.html">2021年国民经济和社会发展统计公报</a></li></ul></div>
<div class="footer"><p>主办单位：{host}　承办单位：{host}办公室</p><p>网站标识码：3501000001　闽ICP备05012345号</p>
<p>闽公网安备 35010202000123号</p></div>
"""


def _table(rows, caption=""):
    head = f"<caption>{caption}</caption>" if caption else ""
    return (f'<table border="1">{head}'
            + "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows) + "</table>")


def _row(row):
    return "　".join(row)


def bulletin(charset="gb2312", encoding="gb18030"):
    """A 统计公报: the 信息公开 block as a table inside the article's box, every inline shape, three captions."""
    info = ("索 引 号：", "FJ00101-0300-2024-00012", "分　　类：", "统计信息"), \
           ("发布机构：", "某某市统计局", "发文日期：", "2024-03-20"), \
           ("公开方式：", "主动公开", "公开时限：", "常年公开"), \
           ("公开范围：", "面向社会", "主 题 词：", "统计 公报")
    body = (
        '<p align="center"><strong>一、综合</strong></p>'
        + "".join(f"<p>　　{markup}</p>\n" for markup, _ in LEAD_INS + INLINE)
        + f"<p><strong>（一）农业</strong>{AGRICULTURE}</p>"
        + f"<p><strong>（二）工业生产稳中有进。</strong>{INDUSTRY}</p>"
        + '<p align="center"><strong>表1　2023年末人口数及其构成</strong></p>' + _table(POPULATION)
        + f"<p>{AFTER_TABLE}</p>"
        + _table(CROPS, "表2　2023年主要农产品产量")
        + '<p align="center">表</p><p align="center">3　2023年主要工业产品产量</p><p align="right">单位：万吨</p>'
        + _table(GOODS)
        + '<p align="center">表</p><p align="center"><img src="chart4.png"></p>'
        + "<p>注：[1]规模以上工业统计范围为年主营业务收入2000万元及以上的工业法人单位。</p>"
        + '<p align="right">（某某市统计局）</p>')
    page = f"""<!DOCTYPE html><html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>某某市2023年国民经济和社会发展统计公报_某某市人民政府</title></head><body>
{FURNITURE_TOP}<div class="article">
<table class="xxgk">{"".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in info)}</table>
<h1>某某市2023年国民经济和社会发展统计公报</h1>
<div class="info">发布时间：2024-03-21 来源：某某市统计局 浏览次数：1024</div>
<div class="content">{body}</div>
{FURNITURE_BOTTOM.format(host="某某市人民政府办公厅")}</div></body></html>"""
    paragraphs = [text for _, text in LEAD_INS + INLINE] + [AGRICULTURE, "（二）工业生产稳中有进。" + INDUSTRY,
                                                             AFTER_TABLE]
    return Portal(page.encode(encoding), paragraphs,
                  ["表1　2023年末人口数及其构成", "表2　2023年主要农产品产量", "表3　2023年主要工业产品产量"],
                  "某某市统计局", "2024-03-20", [_row(row) for row in info])


REPORT = [
    ("<strong>（一）坚持创新驱动。</strong>研发经费投入强度提高到2.8%，新增高新技术企业326家。",
     "（一）坚持创新驱动。研发经费投入强度提高到2.8%，新增高新技术企业326家。"),
    ("<b>民生保障有力有效。</b>城乡居民人均可支配收入分别增长4.8%和7.1%，新建改扩建中小学校12所。",
     "民生保障有力有效。城乡居民人均可支配收入分别增长4.8%和7.1%，新建改扩建中小学校12所。"),
    ('<span style="FONT-WEIGHT: bold">地区生产总值</span>增长5.5%左右，<span>一般公共预算收入</span>增长5%。',
     "地区生产总值增长5.5%左右，一般公共预算收入增长5%。"),
]


def report(listing="li"):
    """A 政府工作报告 (UTF-8): the 信息公开 block as ``<li>`` label/value pairs or as ``<br>`` lines."""
    info = [("索引号：", "11350102-2024-00007"), ("发布机构：", "某某县人民政府办公室"),
            ("成文日期：", "2024年01月26日"), ("公开方式：", "主动公开"), ("公开范围：", "全部公开")]
    if listing == "li":
        block = ('<ul class="xxgk">' + "".join(f"<li><span>{label}</span><span>{value}</span></li>"
                                                for label, value in info) + "</ul>")
    else:
        block = '<div class="xxgk">' + "<br>".join(f"{label}{value}" for label, value in info) + "</div>"
    body = ("<p>——2024年1月20日在某某县第十八届人民代表大会第四次会议上</p><p>县长　王某某</p><p>各位代表：</p>"
            "<p>现在，我代表县人民政府，向大会报告工作，请予审议，并请县政协委员提出意见。</p>"
            '<p><strong>一、2023年工作回顾</strong></p>'
            + "".join(f"<p>　　{markup}</p>" for markup, _ in REPORT))
    page = f"""<html><head><meta charset="utf-8"><title>2024年某某县政府工作报告 - 某某县人民政府门户网站</title>
</head><body>{FURNITURE_TOP}<div class="main">{block}
<h1>2024年某某县政府工作报告</h1><div class="info">发布时间：2024-02-02 来源：县政府办</div>
<div class="content">{body}</div>{FURNITURE_BOTTOM.format(host="某某县人民政府办公室")}</div></body></html>"""
    paragraphs = ["现在，我代表县人民政府，向大会报告工作，请予审议，并请县政协委员提出意见。"] + [t for _, t in REPORT]
    return Portal(page.encode("utf-8"), paragraphs, [], "某某县人民政府办公室", "2024-01-26",
                  [label + value for label, value in info])


def pages():
    """``{file name: Portal}`` of every fixture page."""
    return {"portal_bulletin_gb2312.html": bulletin(), "portal_bulletin_utf8.html": bulletin("utf-8", "utf-8"),
            "portal_report_li.html": report("li"), "portal_report_br.html": report("br")}


def write(out):
    """Write the pages to ``out`` and their paragraphs to ``out/expected/NAME.txt``."""
    out = Path(out)
    (out / "expected").mkdir(parents=True, exist_ok=True)
    for name, portal in pages().items():
        (out / name).write_bytes(portal.html)
        (out / "expected" / f"{name}.txt").write_text("\n".join(portal.paragraphs) + "\n", encoding="utf-8")
    return len(pages())


def squeezed(text):
    """``text`` without whitespace, as a passage's words are compared with a fixture's."""
    return re.sub(r"\s", "", text)


if __name__ == "__main__":
    folder = sys.argv[1] if len(sys.argv) > 1 else "/tmp/portal-fixtures"
    print(f"wrote {write(folder)} portal pages to {folder}, and what each must keep whole to {folder}/expected")

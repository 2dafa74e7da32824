"""Web pages: charset, the whole report without the portal's furniture, title and date hints, table rows."""

import pytest

from govsearch.passages import split
from govsearch.readers import html, read

from conftest import SAMPLES

PAGE = """<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>2024年某县政府工作报告_某某县人民政府网站</title>
<meta name="PubDate" content="2024-02-01 09:30">
<script>var menu = "首页 政务公开";</script>
<style>.nav {{ color: red }}</style>
</head><body>
<div class="top"><a href="/">首页</a> | <a href="/gk">政务公开</a> | <a href="/bs">办事服务</a> | <a href="/hd">互动交流</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/gk">政务公开</a> &gt; 政府工作报告</div>
<div class="main">
  <h1>2024年某县政府工作报告</h1>
  <div class="info">发布时间：2024-01-22 来源：县政府办 浏览次数：1024</div>
  <div class="tools">【字体：<a>大</a> <a>中</a> <a>小</a>】 <a>打印本页</a> <a>关闭窗口</a></div>
  <div class="content">
    <p>各位代表：</p>
    <p>现在，我代表县人民政府，向大会报告工作，请予审议。</p>
    <p><strong>一、2023年工作回顾</strong></p>
    <p>全县地区生产总值增长<span>5.2</span><span>%</span>，一般公共预算收入达到<span>12.3</span>亿元。</p>
    <p>民生保障有力。<br>新增城镇就业<span>3210</span>人。</p>
    <div>短句也要留下。</div>
    <table><tr><th>指标</th><th>数值</th></tr><tr><td>地区生产总值</td><td>123.4亿元</td></tr></table>
    <p>二、2024年工作安排</p>
    <p>持续优化营商环境，发展新质生产力。</p>
  </div>
  <div class="share">分享到：<a>微信</a> <a>微博</a></div>
  <div class="related">相关链接：<ul><li><a href="/a">2023年政府工作报告</a></li><li><a href="/b">2022年政府工作报告</a></li></ul></div>
</div>
<div class="footer"><p>版权所有：某某县人民政府办公室</p><p>赣ICP备12345678号</p><p><a>网站地图</a> <a>联系我们</a></p></div>
</body></html>
"""

CONTENT = ["各位代表：", "现在，我代表县人民政府，向大会报告工作，请予审议。", "一、2023年工作回顾",
           "全县地区生产总值增长5.2%，一般公共预算收入达到12.3亿元。", "民生保障有力。", "新增城镇就业3210人。",
           "短句也要留下。", "指标　数值", "地区生产总值　123.4亿元", "二、2024年工作安排",
           "持续优化营商环境，发展新质生产力。"]


@pytest.mark.parametrize("charset,encoding", [("utf-8", "utf-8"), ("gb2312", "gb18030"), ("GBK", "gbk")])
def test_the_whole_report_and_nothing_else(tmp_path, charset, encoding):
    path = tmp_path / "report.html"
    path.write_bytes(PAGE.format(charset=charset).encode(encoding))
    source, = read(path)
    assert source.format == "html"
    assert source.text.strip().split("\n\n") == ["2024年某县政府工作报告", *CONTENT]


def test_title_without_site_suffix_and_the_page_date(tmp_path):
    path = tmp_path / "report.shtml"
    path.write_bytes(PAGE.format(charset="utf-8").replace("<h1>2024年某县政府工作报告</h1>", "").encode())
    source, = read(path)
    assert source.title_hint == "2024年某县政府工作报告"
    assert source.date_hint == "2024-01-22"


def test_meta_pubdate_when_the_page_shows_no_date(tmp_path):
    path = tmp_path / "report.htm"
    path.write_bytes(PAGE.format(charset="utf-8").replace("发布时间：2024-01-22", "").encode())
    assert read(path)[0].date_hint == "2024-02-01"


def test_table_rows_are_passages_of_their_own(tmp_path):
    path = tmp_path / "report.html"
    path.write_bytes(PAGE.format(charset="utf-8").encode())
    source, = read(path)
    passages = [p.text for p in split(source.text, "report", cells=source.cells)]
    assert "地区生产总值　123.4亿元" in passages
    assert "全县地区生产总值增长5.2%，一般公共预算收入达到12.3亿元。" in passages


def test_charset_from_a_bom_and_undeclared_gbk():
    assert html.decode("\ufeff<p>营商环境</p>".encode("utf-8")) == "<p>营商环境</p>"
    assert html.decode("<p>优化营商环境，发展新质生产力。</p>".encode("gbk")) == "<p>优化营商环境，发展新质生产力。</p>"


@pytest.mark.parametrize("title,expected", [
    ("2024年政府工作报告_江西省人民政府门户网站", "2024年政府工作报告"),
    ("政府工作报告 - 北京市人民政府", "政府工作报告"),
    ("关于印发方案的通知|某市发展和改革委员会", "关于印发方案的通知"),
    ("万载县2015年国民经济和社会发展统计公报", "万载县2015年国民经济和社会发展统计公报"),
])
def test_site_suffixes(title, expected):
    page = html.read(f"<html><head><title>{title}</title></head><body><p>正文。</p></body></html>".encode())
    assert page.title == expected


@pytest.mark.skipif(not (SAMPLES / "html").is_dir(), reason="samples not present")
def test_sample_page_keeps_every_paragraph_and_table():
    import lxml.html

    for path in sorted((SAMPLES / "html").glob("*.htm*")):
        source, = read(path)
        root = lxml.html.document_fromstring(html.decode(path.read_bytes()))
        paragraphs = ["".join(p.text_content().split()) for p in root.iter("p")]
        long_ones = [p for p in paragraphs if len(p) > 30 and "版权" not in p]
        everything = "".join(source.text.split())
        assert long_ones and all(p in everything for p in long_ones), path.name
        assert source.cells
        assert "字体" not in source.text and "ICP" not in source.text


def test_content_after_page_buttons_on_the_same_line_is_kept(tmp_path):
    path = tmp_path / "report.html"
    path.write_text("<html><head><meta charset='utf-8'></head><body><div>"
                    "<p>【字体：大 中 小】分享：2026年1月25日在某县第十八届人民代表大会第五次会议上</p>"
                    "<p>【打印本页】【关闭窗口】</p><p>分享到：微信 微博</p>"
                    "<p>各位代表：</p><p>现在，我代表县人民政府作报告，请予审议。</p>"
                    "<p>要把好经验分享到基层，让群众受益。</p></div></body></html>", encoding="utf-8")
    source, = read(path)
    assert source.text.strip().split("\n\n") == [
        "2026年1月25日在某县第十八届人民代表大会第五次会议上", "各位代表：",
        "现在，我代表县人民政府作报告，请予审议。", "要把好经验分享到基层，让群众受益。"]


@pytest.mark.parametrize("line,kept", [
    ("【字体：大 中 小】分享：2026年1月25日在某县会议上", "2026年1月25日在某县会议上"),
    ("【字号：", ""), ("【字号：加大 还原 减小】", ""), ("字号：大 中 小 打印本页 关闭窗口", ""),
    ("【打印本页】【关闭窗口】各位代表：", "各位代表："), ("【字体：大 中 小】分享到：微信 微博", ""),
    ("字体设计产业加快发展。", "字体设计产业加快发展。"), ("分享经济持续壮大。", "分享经济持续壮大。"),
    ("微信支付普及率提高。", "微信支付普及率提高。"),
])
def test_page_buttons_opening_a_line_are_cut_off_and_the_rest_kept(line, kept):
    assert html.strip_furniture(line) == kept

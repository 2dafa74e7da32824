"""Portal pages (issue #20, shape 2): bold lead-ins and inline elements inside sentences, the 信息公开
block as metadata, table captions with their tables; through the reader, the splitter and the CLI."""

import json
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from govsearch import schema
from govsearch.cli import cli
from govsearch.passages import SECTION_SEPARATOR, split
from govsearch.readers import html, read, read_bytes

from conftest import SAMPLES

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import portal_fixtures as fx  # noqa: E402
import reading_audit  # noqa: E402

PAGES = fx.pages()


def passages_of(name):
    source = read_bytes(PAGES[name].html, f"/portal/{name}")
    return source, split(source.text, name, cells=source.cells)


def page(body, head="<meta charset='utf-8'>"):
    return f"<html><head>{head}</head><body><div class='content'>{body}</div></body></html>".encode()


def texts(data):
    source = read_bytes(data, "/portal/page.html")
    return [(p.section, p.text) for p in split(source.text, "page", cells=source.cells)]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_paragraph_is_one_passage_whole(name):
    _, found = passages_of(name)
    passages = [p.text for p in found]
    assert [t for t in PAGES[name].paragraphs if t not in passages] == []


@pytest.mark.parametrize("markup,text", fx.LEAD_INS + fx.INLINE + fx.REPORT[1:])
def test_a_bold_lead_in_or_an_inline_element_stays_in_its_sentence(markup, text):
    found = texts(page(f"<p>全年经济运行总体平稳。</p><p>　　{markup}</p><p>全年新增就业3.2万人。</p>"))
    assert found == [("", "全年经济运行总体平稳。"), ("", text), ("", "全年新增就业3.2万人。")]


@pytest.mark.parametrize("tag", ["strong", "b", "span style='font-weight: 700'"])
def test_a_bold_outline_heading_opening_a_paragraph_sets_the_section(tag):
    close = tag.split()[0]
    found = texts(page(f"<p>全年经济运行总体平稳。</p><p><{tag}>（一）农业</{close}>{fx.AGRICULTURE}</p>"))
    assert found == [("", "全年经济运行总体平稳。"), ("（一）农业", fx.AGRICULTURE)]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_information_block_is_metadata_not_passages(name):
    source, found = passages_of(name)
    assert (source.issuer, source.date_hint) == (PAGES[name].issuer, PAGES[name].date)
    rows = [fx.squeezed(row) for row in PAGES[name].info]
    assert [p.text for p in found if any(fx.squeezed(p.text) in row or row in fx.squeezed(p.text) for row in rows)] == []
    assert "索引号" not in fx.squeezed(source.text)


@pytest.mark.parametrize("block", [
    "<dl><dt>索引号：</dt><dd>000014349/2024-00012</dd><dt>发布机构</dt><dd>某某省财政厅</dd>"
    "<dt>发文日期：</dt><dd>2024年3月5日</dd></dl>",
    "<table><tr><th>发布机构</th><td>某某省财政厅</td><th>公开方式</th><td>主动公开</td></tr>"
    "<tr><th>成文日期</th><td>2024-03-05</td><th>主题分类</th><td>财政</td></tr></table>",
    "<div>发布机构：某某省财政厅　　公开方式：主动公开</div><div>成文日期：2024/3/5　　主题词：预算</div>",
    "<div>发布机构：某某省财政厅</div><div class='clear'></div><div>成文日期：2024/3/5</div>",
    "<table><tr><td><table><tr><td><b>索&nbsp;&nbsp;引&nbsp;&nbsp;号：</b></td><td>000014349/2024-00012</td></tr>"
    "<tr><td><b>发文机关：</b></td><td>某某省财政厅</td><td><b>成文日期：</b></td><td>2024年03月05日</td></tr>"
    "<tr><td><b>发文字号：</b></td><td>某财预〔2024〕7号</td><td><b>发布日期：</b></td><td>2024年03月09日</td></tr>"
    "</table></td></tr></table>",
])
def test_information_block_shapes_give_issuer_and_date(block):
    data = page("<div class='info'>发布时间：2024-03-09 来源：省财政厅</div>" + block
                + "<p>全省一般公共预算收入增长5.1%。</p>")
    source = read_bytes(data, "/portal/page.html")
    assert (source.issuer, source.date_hint) == ("某某省财政厅", "2024-03-05")
    assert texts(data) == [("", "全省一般公共预算收入增长5.1%。")]


def test_a_lone_label_in_a_report_is_no_information_block():
    data = page("<p>分类：工业企业按规模划分。</p><p>全省一般公共预算收入增长5.1%。</p>")
    assert read_bytes(data, "/portal/page.html").issuer == ""
    assert [text for _, text in texts(data)] == ["分类：工业企业按规模划分。", "全省一般公共预算收入增长5.1%。"]


def test_a_table_headed_by_common_words_is_no_information_block():
    rows = "<table><tr><td>分类</td><td>名称</td><td>数量</td></tr><tr><td>学校</td><td>普通高中</td><td>12</td></tr></table>"
    data = page(f"<p>全县教育事业稳步发展。</p>{rows}")
    assert [text for _, text in texts(data)] == ["全县教育事业稳步发展。", "分类　名称　数量", "学校　普通高中　12"]


def test_without_an_information_block_the_date_is_the_pages_own():
    data = page("<div class='info'>发布时间：2024-03-09 来源：省财政厅</div><p>全省一般公共预算收入增长5.1%。</p>")
    source = read_bytes(data, "/portal/page.html")
    assert (source.issuer, source.date_hint) == ("", "2024-03-09")


def test_a_caption_is_the_section_of_its_tables_rows_only():
    _, found = passages_of("portal_bulletin_utf8.html")
    captioned = {}
    for p in found:
        captioned.setdefault(p.section.split(SECTION_SEPARATOR)[-1], []).append(p.text)
    rows = {caption: captioned.get(caption) for caption in PAGES["portal_bulletin_utf8.html"].captions}
    assert rows == {
        "表1　2023年末人口数及其构成": [fx._row(row) for row in fx.POPULATION],
        "表2　2023年主要农产品产量": [fx._row(row) for row in fx.CROPS],
        "表3　2023年主要工业产品产量": ["单位：万吨"] + [fx._row(row) for row in fx.GOODS],
    }
    after = next(p for p in found if p.text == fx.AFTER_TABLE)
    assert after.section == "一、综合 › （二）工业生产稳中有进"


def test_a_bare_table_mark_is_never_a_passage():
    _, found = passages_of("portal_bulletin_gb2312.html")
    assert [p.text for p in found if p.text.strip() in ("表", "3", "表3")] == []
    assert not any(part in ("表", "表3") for p in found for part in p.section.split(SECTION_SEPARATOR))


def test_an_outline_heading_above_a_table_stays_an_outline_heading():
    rows = "<table><tr><td>指标</td><td>数值</td></tr><tr><td>粮食产量</td><td>98.7</td></tr></table>"
    found = texts(page(f"<p>全年经济运行总体平稳。</p><p>1.农业</p>{rows}<p>全年粮食产量稳定。</p>"))
    assert found == [("", "全年经济运行总体平稳。"), ("1.农业", "指标　数值"), ("1.农业", "粮食产量　98.7"),
                     ("1.农业", "全年粮食产量稳定。")]


_HAN = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(st.lists(_HAN, min_size=2, max_size=6), st.lists(st.sampled_from(["\n", "\n    ", "\r\n\t", " \n "]),
                                                         min_size=5, max_size=5))
def test_a_source_line_break_inside_chinese_text_is_no_space(words, breaks):
    wrapped = "".join(w + breaks[n % len(breaks)] for n, w in enumerate(words))
    assert html._squash(wrapped) == "".join(words)


_INLINE = st.sampled_from(["span", "sup", "sub", "font", "a", "em", "i", "u", "b", "strong", "small", "code"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_HAN, _INLINE), min_size=2, max_size=6))
def test_inline_elements_never_split_a_paragraph(pieces):
    sentence = "".join(word for word, _ in pieces) + "。"
    markup = "".join(f"<{tag}>{word}</{tag}>" if n % 2 else word for n, (word, tag) in enumerate(pieces)) + "。"
    assert [text for _, text in texts(page(f"<p>{markup}</p>"))] == [sentence]


def test_the_audit_reads_the_portal_pages_whole(tmp_path, capsys):
    fx.write(tmp_path)
    assert reading_audit.main([str(tmp_path)]) == 0
    total = capsys.readouterr().out.splitlines()[-1]
    sentences = sum(len(reading_audit.expected_sentences(tmp_path / name)) for name in PAGES)
    assert sentences == 48 and "junk=0 (0.00%)" in total and f"sentences whole={sentences}/{sentences} (100.00%)" in total


def test_cli_shows_a_lead_in_sentence_whole_with_the_issuer(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "bulletin.html").write_bytes(PAGES["portal_bulletin_gb2312.html"].html)
    runner, index = CliRunner(), str(tmp_path / "index")
    assert runner.invoke(cli, ["--index", index, "index", str(tmp_path / "docs")]).exit_code == 0
    found = runner.invoke(cli, ["--index", index, "query", "年末全市常住人口", "--json"])
    assert found.exit_code == 0, found.output
    hit = json.loads(found.stdout)["hits"][0]
    assert hit["text"] == fx.LEAD_INS[0][1]
    shown = runner.invoke(cli, ["--index", index, "show", hit["id"], "--json"])
    assert shown.exit_code == 0
    assert json.loads(shown.stdout)["provenance"]["issuer"] == "某某市统计局"


def test_records_of_a_page_without_issuer_carry_none():
    source = read_bytes(page("<p>全省一般公共预算收入增长5.1%。</p>"), "/portal/page.html")
    assert [r["provenance"].get("issuer") for r in schema.records(source)] == [None]


@pytest.mark.skipif(not (SAMPLES / "html").is_dir(), reason="samples not present")
def test_sample_tables_keep_their_caption_to_their_rows():
    from govsearch.passages import outline_style

    for path in sorted((SAMPLES / "html").glob("*.htm*")):
        source, = read(path)
        found = split(source.text, path.stem, cells=source.cells)
        captions = {p.section for p in found if p.text in source.cells
                    and not outline_style(p.section.split(SECTION_SEPARATOR)[-1])}
        prose = {p.section for p in found if p.text not in source.cells}
        assert captions and not captions & prose, path.name


@pytest.mark.parametrize("text,kind", [
    ("索引号：　FJ00101-0300-2024-00012　分类：　统计信息", "information block"),
    ("发布机构：某某市统计局", "information block"), ("分类推进改革，全年完成投资10亿元。", ""),
])
def test_the_audit_counts_a_row_of_the_information_block_as_junk(text, kind):
    assert reading_audit.junk_kind(text, set()) == kind


def test_the_audit_counts_the_characters_in_no_passage_title_or_section():
    rows = [{"text": "全年完成投资10亿元。", "title": "某县报告", "section": "一、综合"},
            {"text": "推进城乡融合", "title": "某县报告", "section": "一、综合"}]
    found = reading_audit.audit_rows(rows, expected=["一、综合全年完成投资10亿元。", "推进城乡融合发展。"])
    assert found["lost"] == 3  # 发展。


def test_a_first_row_naming_the_table_is_its_caption():
    rows = ("<table><tr><td colspan='2'>表4　2023年末金融机构存贷款余额</td></tr><tr><td>指标</td><td>亿元</td></tr>"
            "<tr><td>各项存款余额</td><td>9876.5</td></tr></table>")
    found = texts(page(f"<p>全年金融运行平稳。</p>{rows}<p>全年保费收入增长8.1%。</p>"))
    caption = "表4　2023年末金融机构存贷款余额"
    assert found == [("", "全年金融运行平稳。"), (caption, "指标　亿元"), (caption, "各项存款余额　9876.5"),
                     ("", "全年保费收入增长8.1%。")]


def test_a_numbered_bold_heading_opening_a_paragraph_sets_the_section():
    found = texts(page(f"<p>全年经济运行总体平稳。</p><p><b>1.农业</b>{fx.AGRICULTURE}</p>"))
    assert found == [("", "全年经济运行总体平稳。"), ("1.农业", fx.AGRICULTURE)]


@pytest.mark.parametrize("number,name,caption", [
    ("表", "3　2023年主要工业产品产量", "表3　2023年主要工业产品产量"),
    ("表1：", "2023年末人口数及其构成", "表1 2023年末人口数及其构成"),
])
def test_a_table_number_and_its_name_on_two_lines_are_one_caption(number, name, caption):
    rows = "<table><tr><td>产品</td><td>产量</td></tr><tr><td>钢材</td><td>156.2</td></tr></table>"
    found = texts(page(f"<p>全年工业生产平稳。</p><p>{number}</p><p>{name}</p>{rows}"))
    assert found == [("", "全年工业生产平稳。"), (caption, "产品　产量"), (caption, "钢材　156.2")]


_SHAPES = {
    "table": lambda pairs: "<table>" + "".join(f"<tr><td>{k}：</td><td>{v}</td></tr>" for k, v in pairs) + "</table>",
    "li": lambda pairs: "<ul>" + "".join(f"<li><span>{k}：</span><span>{v}</span></li>" for k, v in pairs) + "</ul>",
    "dl": lambda pairs: "<dl>" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in pairs) + "</dl>",
    "br": lambda pairs: "<div>" + "<br>".join(f"{k}：{v}" for k, v in pairs) + "</div>",
    "pairs": lambda pairs: "<table><tr>" + "".join(f"<td>{k}：</td><td>{v}</td>" for k, v in pairs[:2]) + "</tr>"
    + "".join(f"<tr><td>{k}：</td><td>{v}</td></tr>" for k, v in pairs[2:]) + "</table>",
}


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(sorted(_SHAPES)), st.text(st.sampled_from("某东西南北江河山湖省市县区"), min_size=2, max_size=6),
       st.dates(date(1950, 1, 1), date(2030, 12, 31)), st.lists(st.sampled_from(["索引号", "公开方式", "公开范围", "主题分类", "主题词", "公开时限"]),
                            unique=True, max_size=4), st.randoms(use_true_random=False))
def test_any_information_block_gives_its_issuer_and_date_and_no_passage(shape, place, day, others, rng):
    issuer = place + "人民政府办公室"
    pairs = [("发布机构", issuer), ("成文日期", day.strftime("%Y年%m月%d日"))] + [(k, "主动公开") for k in others]
    rng.shuffle(pairs)
    data = page(_SHAPES[shape](pairs) + "<p>全年经济运行总体平稳。</p>")
    source = read_bytes(data, "/portal/page.html")
    assert (source.issuer, source.date_hint) == (issuer, day.isoformat())
    assert texts(data) == [("", "全年经济运行总体平稳。")]

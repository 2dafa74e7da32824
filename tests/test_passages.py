"""Repair and split: cut paragraphs are joined back, structure becomes titles and sections."""

import re

import pytest
from hypothesis import given, settings, strategies as st

from govsearch.analysis import normalize
from govsearch.passages import ends_sentence, split

from conftest import TIANNING, ZHONGLOU


@pytest.fixture(scope="module")
def zhonglou():
    return split(ZHONGLOU.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tianning():
    return split(TIANNING.read_text(encoding="utf-8"))


def texts(passages):
    return [p.text for p in passages]


@pytest.mark.parametrize("joined", [
    "完善创新创业生态，",            # cut inside a word, across a blank line
    "全面深化改革开放",              # cut between two words
    "市委联动巡察整改意见",
    "纵深推进全面从严治党",
    "在中共钟楼区委的坚强领导下",
    "围绕“食美常州,味在钟楼”目标",
    "中国式现代化天宁新实践迈出了坚实有力的第一步",
    "一张蓝图绘到底",
])
def test_cut_paragraphs_are_joined(zhonglou, tianning, joined):
    wanted = normalize(joined)
    assert any(wanted in normalize(t) for t in texts(zhonglou) + texts(tianning))


def test_a_paragraph_cut_before_a_heading_stays_cut(zhonglou):
    cut = [p for p in zhonglou if p.text.startswith("政府工作报告多次提到")]
    assert cut[0].text == "政府工作报告多次提到“信托制”物业这个名词,"
    assert cut[0].title == "坚持走科技赋能之路不动摇"
    assert cut[1].text.startswith("政府工作报告多次提到“信托制”物业这个名词,2024年钟楼区还将")


def test_sentences_end_passages_and_labels_stand_alone(tianning):
    assert "天 轩" in texts(tianning)
    assert "律转鸿钧,新年肇启,我们迎来2024年的曙光。" in texts(tianning)
    assert "一般公共预算收入 50亿元" in texts(tianning)


def test_list_items_are_passages(zhonglou, tianning):
    assert "着力优化营商环境" in texts(zhonglou)
    assert "大力度强化招商引资 高效率推进项目建设 全方位优化营商环境" in texts(tianning)
    item = next(p for p in zhonglou if p.text.startswith("01 聚焦产业强区不动摇"))
    assert item.text == "01 聚焦产业强区不动摇 高效统筹存量和增量\n以更强举措推动产城融合"


def test_titles_and_box_sections(zhonglou, tianning):
    first = zhonglou[0]
    assert first.title == "常州市钟楼区第十七届人民代表大会第三次会议开幕"
    assert first.section == ""
    goal = next(p for p in zhonglou if p.text == "地区生产总值增长6%左右")
    assert goal.title == "钟楼这样干"
    assert goal.section == "2024 › 全区经济社会发展的主要预期目标"
    prize = next(p for p in tianning if p.text.startswith("华利达代表天宁企业"))
    assert (prize.title, prize.section) == ("一图读懂", "新发展动能 加速汇聚")


@pytest.mark.parametrize("path", [ZHONGLOU, TIANNING])
def test_no_character_is_lost(path):
    source = path.read_text(encoding="utf-8")
    passages = split(source)
    everything = normalize("".join(p.text + p.title + p.section for p in passages))
    for line in source.splitlines():
        line = re.sub(r"^\s*(#+|[-*])\s+", "", line)
        if normalize(line):
            assert normalize(line) in everything, line


def test_reflow_rule_on_a_small_text():
    text = "# 标题\n\n第一段没有说完，被切\n\n断了。\n\n第二段。\n\n没有说完的段落，\n\n## 小标题\n\n- 列表项\n"
    passages = split(text)
    assert texts(passages) == ["第一段没有说完，被切断了。", "第二段。", "没有说完的段落，", "列表项"]
    assert passages[-1].title == "小标题"


@pytest.mark.parametrize("text, final", [
    ("完成任务。", True), ("他说：“好。”", True), ("是吗？", True), ("如下：", True),
    ("全面", False), ("这个名词,", False), ("“信托制”", False),
])
def test_ends_sentence(text, final):
    assert ends_sentence(text) is final


_WORDS = "经济社会发展改革创新民生环境产业科技城乡教育医疗文化生态"
_PLAIN_LINES = ["一、{}", "（二）{}", "3.{}", "{}", "{}，{}。", "{}，{}", "{}{}{}{}{}{}", "来源：{}", "附件", "名词解释",
                "——2025年1月9日在某市第九届人民代表大会第三次会议上", "市长 {}"]
_MARKDOWN_LINES = ["# {}", "## {}", "### {}", "- {}", "{}，{}。", "{}，{}", "{}", "钟楼这样干", "## 一、{}",
                   "——2025年1月9日在某市第九届人民代表大会第三次会议上"]


@st.composite
def documents(draw):
    """A report or a Markdown page of random lines, each word unique so a lost line cannot hide behind a twin."""
    markdown = draw(st.booleans())
    shapes = draw(st.lists(st.sampled_from(_MARKDOWN_LINES if markdown else _PLAIN_LINES), min_size=1, max_size=25))
    lines, n = [], 0
    for shape in shapes:
        words = []
        for _ in range(shape.count("{}")):
            n += 1
            words.append(draw(st.text(_WORDS, min_size=1, max_size=8)) + "第" + str(n) + "号")
        lines.append(shape.format(*words))
    separator = "\n\n" if markdown or draw(st.booleans()) else "\n"
    return lines, separator.join(lines) + "\n"


@settings(max_examples=300, deadline=None)
@given(documents())
def test_no_line_is_lost_property(document):
    lines, text = document
    passages = split(text)
    places = [normalize(p.text) for p in passages] + [normalize(p.title) for p in passages] + \
        [normalize(part) for p in passages for part in p.section.split(" › ")]
    for line in lines:
        wanted = normalize(re.sub(r"^(#+|-)\s+", "", line))
        assert any(wanted in place for place in places), line

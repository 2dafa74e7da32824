"""``figures``: every target and outcome the seeds and sample reports state, as read by hand; nothing they do not.

The expected tables were written by reading the reports (the sentences are
quoted beside each row); a cell a report leaves unstated is absent here, and the
test fails if the code fills it. The sample reports are other people's: the
sample test skips when ../shared/samples is absent.

Then each reading rule of issue #20's shape 7 on sentences of ours (bounds,
other measures, list sentences, last year's results, own places), a place ×
year table with a bound, a two-target cell and a year with no target through
the CLI, and the reports of ``figures_fixtures`` (national 1998–2025, the
provinces' 2025) against their reference through ``scripts/figures_audit.py``.
"""

import csv
import io
import json
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govsearch
from govsearch.cli import cli
from govsearch.views import figures as figures_mod

import figures_fixtures
from conftest import ROOT, SAMPLES, SEEDS, build

INDICATORS = ("地区生产总值", "城镇调查失业率", "居民消费价格", "一般公共预算收入")

# (indicator, district, kind, year, figure as written)
SEED_FIGURES = {
    ("地区生产总值", "钟楼区", "outcome", 2023, "5%左右"),  # 预计全年,完成地区生产总值940亿元以上,增长5%左右
    ("地区生产总值", "钟楼区", "target", 2024, "6%左右"),   # 主要预期目标是:地区生产总值增长6%左右
    ("地区生产总值", "天宁区", "outcome", 2023, "4.4%"),    # 预计全年实现地区生产总值 970亿元 增长4.4%
    ("地区生产总值", "天宁区", "target", 2024, "6%左右"),   # 发展预期目标 › 地区生产总值增长6%左右
    ("一般公共预算收入", "钟楼区", "target", 2024, "3%左右"),
    ("一般公共预算收入", "天宁区", "target", 2024, "3%左右"),
    # not stated as a percentage: 一般公共预算收入50.8亿元 (钟楼区), 一般公共预算收入 50亿元 (天宁区)
}

SAMPLE_FIGURES = SEED_FIGURES | {
    ("地区生产总值", "云南省", "outcome", 2024, "3.3%"),      # 全省完成地区生产总值31534亿元、增长3.3%
    ("地区生产总值", "云南省", "target", 2025, "5%左右"),
    ("城镇调查失业率", "云南省", "outcome", 2024, "5%"),      # 城镇调查失业率5.0%
    ("城镇调查失业率", "云南省", "target", 2025, "5.5%以内"),
    ("一般公共预算收入", "云南省", "outcome", 2024, "2%"),    # 地方一般公共预算收入增长2%
    ("一般公共预算收入", "云南省", "target", 2025, "2%"),
    ("地区生产总值", "内蒙古自治区", "outcome", 2024, "6%左右"),  # 预计地区生产总值增长6%左右
    ("地区生产总值", "内蒙古自治区", "target", 2025, "6%左右"),
    ("城镇调查失业率", "内蒙古自治区", "target", 2025, "5.5%左右"),
    ("居民消费价格", "内蒙古自治区", "target", 2025, "2%左右"),
    ("一般公共预算收入", "内蒙古自治区", "target", 2025, "4%以上"),  # 一般公共预算收入同口径增长4%以上
    ("地区生产总值", "江苏省", "outcome", 2024, "5.8%"),     # 2024年地区生产总值达13.7万亿元、增长5.8%
    ("地区生产总值", "江苏省", "target", 2025, "5%以上"),
    ("城镇调查失业率", "江苏省", "outcome", 2024, "4.5%"),
    ("居民消费价格", "江苏省", "target", 2025, "2%左右"),
    # 湖南: 全年增长4.8% names no indicator; 居民消费价格涨幅与全国一致 states no number
    ("地区生产总值", "湖南省", "target", 2025, "5.5%左右"),
    ("一般公共预算收入", "湖南省", "outcome", 2024, "2.6%"),
    ("一般公共预算收入", "湖南省", "target", 2025, "2.5%"),
    ("地区生产总值", "全国", "outcome", 2023, "5.2%"),       # 国内生产总值超过126万亿元，增长5.2%
    ("地区生产总值", "全国", "target", 2024, "5%左右"),      # 国内生产总值增长5%左右; 经济增长预期目标为5%左右
    ("城镇调查失业率", "全国", "outcome", 2023, "5.2%"),     # 城镇调查失业率平均为5.2%
    ("城镇调查失业率", "全国", "target", 2024, "5.5%左右"),
    ("居民消费价格", "全国", "outcome", 2023, "0.2%"),       # 居民消费价格上涨0.2%
    ("居民消费价格", "全国", "target", 2024, "3%左右"),
    ("地区生产总值", "北京市", "outcome", 2023, "5.2%"),
    ("地区生产总值", "北京市", "target", 2024, "5%左右"),
    ("城镇调查失业率", "北京市", "outcome", 2023, "4.4%"),
    ("城镇调查失业率", "北京市", "target", 2024, "5%以内"),   # 城镇调查失业率控制在5%以内
    ("居民消费价格", "北京市", "target", 2024, "3%左右"),     # outcome: 居民消费价格总体平稳, no number
    ("一般公共预算收入", "北京市", "outcome", 2023, "8.2%"),
    ("一般公共预算收入", "北京市", "target", 2024, "5%"),
    ("地区生产总值", "上海市", "outcome", 2025, "5.4%"),     # 全市生产总值达到5.67万亿元、增长5.4%
    ("地区生产总值", "上海市", "target", 2026, "5%左右"),
    ("城镇调查失业率", "上海市", "outcome", 2025, "4.2%"),
    ("城镇调查失业率", "上海市", "target", 2026, "5%以内"),
    ("居民消费价格", "上海市", "outcome", 2025, "0.1%"),
    ("居民消费价格", "上海市", "target", 2026, "2%左右"),
    ("一般公共预算收入", "上海市", "outcome", 2025, "1.5%"),
    ("一般公共预算收入", "上海市", "target", 2026, "2%"),
    ("地区生产总值", "河北省", "outcome", 2025, "5.6%"),
    ("地区生产总值", "河北省", "target", 2026, "5%以上"),
    ("城镇调查失业率", "河北省", "target", 2026, "5.5%左右"),  # 城镇调查失业率控制在5.5%左右
    ("居民消费价格", "河北省", "target", 2026, "2%左右"),
    ("一般公共预算收入", "河北省", "outcome", 2025, "2%"),
    ("一般公共预算收入", "河北省", "target", 2026, "2%左右"),
    ("地区生产总值", "万载县", "outcome", 2015, "9.3%"),     # 2015年，全县实现生产总值(GDP)…比上年增长9.3％
}


def found_figures(ix):
    return {(f.indicator, f.district, f.kind, f.year, f.text) for name in INDICATORS for f in ix.figures(name).figures}


def test_every_figure_of_the_seeds_and_nothing_else(ix):
    assert found_figures(ix) == SEED_FIGURES


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is absent")
def test_every_figure_of_the_sample_reports_and_nothing_else(tmp_path_factory):
    path = tmp_path_factory.mktemp("figures-samples")
    build(path, [SEEDS, SAMPLES])
    with govsearch.Index(path) as ix:
        assert found_figures(ix) == SAMPLE_FIGURES
        table = ix.figures("GDP", by="district", then="year")
        cells = {(row["value"], year): [f.text for f in cell]
                 for row in table.rows for year, cell in row["cells"].items()}
        assert cells == {(d, y): [t] for name, d, kind, y, t in SAMPLE_FIGURES
                         if name == "地区生产总值" and kind == "target"}


def test_each_figure_cites_its_passage_and_sentence(ix):
    for figure in ix.figures("地区生产总值").figures:
        passage = ix.passage(figure.id)
        assert figure.sentence in passage.text
        assert figure.name in figure.sentence and figure.text.rstrip("左右以上以内") in figure.sentence


def test_synonyms_name_one_indicator(ix):
    assert ix.figures("GDP").to_dict() == {**ix.figures("地区生产总值").to_dict()}
    assert figures_mod.names_of("国内生产总值")[0] == "地区生产总值"
    assert figures_mod.names_of("新质生产力") == ("新质生产力", ["新质生产力"])


def passage(text, date="2025-01-20", section="", meeting="", district="某省"):
    return {"id": "x-0001", "text": text, "date": date, "section": section, "district": district, "source": "s",
            "meeting": meeting}


def read(text, indicator="地区生产总值", **kw):
    key, names = figures_mod.names_of(indicator)
    others = {n for k, ns in figures_mod.synonyms().items() if k != key for n in ns}
    return [(f.kind, f.year, f.low, f.high, f.qualifier, f.text) for f in figures_mod.read(
        passage(text, **kw), key, names, others)]


@pytest.mark.parametrize("text, expected", [
    ("主要预期目标是：地区生产总值增长6%—6.5%，", [("target", 2025, 6.0, 6.5, "", "6%—6.5%")]),
    ("预期目标：地区生产总值增长6—6.5%。", [("target", 2025, 6.0, 6.5, "", "6%—6.5%")]),
    ("预期目标：地区生产总值增长6%至6.5%。", [("target", 2025, 6.0, 6.5, "", "6%—6.5%")]),
    ("今年力争地区生产总值增长7%。", [("target", 2025, 7.0, 7.0, "力争", "7%")]),
    ("地区生产总值比上年增长5.2%。", [("outcome", 2024, 5.2, 5.2, "", "5.2%")]),
    ("2023年，全省生产总值达到1万亿元、增长4%。", [("outcome", 2023, 4.0, 4.0, "", "4%")]),
    ("人均地区生产总值增长5%，单位GDP能耗下降3%。", []),
    ("数字经济增加值占地区生产总值比重达42.9%。", []),
    ("地区生产总值年均增长6.5%。", []),
    ("居民收入增长与经济增长同步，城镇新增就业20万人，居民消费价格涨幅2%左右。", []),
    ("地区生产总值增长较快。", []),
    # bounds and ranges: a bound leaves its other end null, never the bound's number
    ("主要预期目标是：地区生产总值增长6%以上，", [("target", 2025, 6.0, None, "以上", "6%以上")]),
    ("主要预期目标是：地区生产总值增长不低于6%，", [("target", 2025, 6.0, None, "不低于", "不低于6%")]),
    ("主要预期目标是：地区生产总值增长4.5%—5%，", [("target", 2025, 4.5, 5.0, "", "4.5%—5%")]),
    ("主要预期目标是：地区生产总值增长6%以上、力争7%，", [("target", 2025, 6.0, None, "以上、力争7%", "6%以上、力争7%")]),
    # another measure whose name holds the indicator's, a share, the world's growth
    ("主要预期目标是：海洋生产总值增长6%，", []),
    ("主要预期目标是：人均地区生产总值增长5.5%，", []),
    ("第三产业增加值占地区生产总值比重达到52%。", []),
    ("研发经费投入占GDP比重8%以上。", []),
    ("世界经济增长3.2%，国际贸易增长放缓。", []),
    ("今年全省经济增长预期目标为5.5%左右。", [("target", 2025, 5.5, 5.5, "左右", "5.5%左右")]),
    ("全国经济增长预期目标为5%左右，我们要多作贡献。", []),  # the nation's, in a province's report
    # a clause naming another indicator is that indicator's
    ("主要预期目标是：经济增长与全国同步，居民收入增长3.5%左右。", []),
    ("规上工业增加值和地区生产总值分别增长6%和5%。", []),  # by position: not read, never the first
    ("国内生产总值超过126万亿元，增长5.2%。", [("outcome", 2024, 5.2, 5.2, "", "5.2%")]),
    # last year's results are outcomes of last year, whatever target words come before them
    ("主要目标任务较好完成，全年实现地区生产总值1.2万亿元、增长5.8%。", [("outcome", 2024, 5.8, 5.8, "", "5.8%")]),
    ("今年预期目标为地区生产总值增长5%左右，主要考虑是：全省生产总值去年增长2.9%。",
     [("target", 2025, 5.0, 5.0, "左右", "5%左右"), ("outcome", 2024, 2.9, 2.9, "", "2.9%")]),
    ("2024年预期目标较好完成，上年地区生产总值增长5.8%。", [("outcome", 2024, 5.8, 5.8, "", "5.8%")]),
    ("对照预期目标，2024年全省生产总值增长5.2%。", [("outcome", 2024, 5.2, 5.2, "", "5.2%")]),
    ("较好实现了年初预期目标，地区生产总值增长5.2%。", [("outcome", 2024, 5.2, 5.2, "", "5.2%")]),
    ("保持经济平稳发展，实现经济增长8%左右的目标。", [("target", 2025, 8.0, 8.0, "左右", "8%左右")]),
    ("去年实现了经济增长8%的目标。", [("outcome", 2024, 8.0, 8.0, "", "8%")]),
    ("确保完成地区生产总值增长6%的目标。", [("target", 2025, 6.0, 6.0, "", "6%")]),
    ("在去年增长5.2%的基础上，今年地区生产总值增长5%左右。", [("target", 2025, 5.0, 5.0, "左右", "5%左右")]),
])
def test_reading_one_sentence(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("主要预期目标是：城镇调查失业率控制在5.5%以内。", [("target", 2025, None, 5.5, "以内", "5.5%以内")]),
    ("主要预期目标是：城镇调查失业率5.5%以下。", [("target", 2025, None, 5.5, "以下", "5.5%以下")]),
    ("主要预期目标是：城镇调查失业率不超过5.5%。", [("target", 2025, None, 5.5, "不超过", "不超过5.5%")]),
])
def test_an_upper_bound_has_no_low(text, expected):
    assert read(text, "城镇调查失业率") == expected


LIST = "主要预期目标是：地区生产总值增长5%左右，粮食产量稳定在500亿斤以上，城镇调查失业率5.5%左右，居民收入增长3.5%以上。"


@pytest.mark.parametrize("indicator, text", [
    ("地区生产总值", "5%左右"), ("城镇调查失业率", "5.5%左右"), ("居民收入", "3.5%以上"), ("粮食产量", None)])
def test_in_a_list_each_figure_is_its_own_indicators(indicator, text):
    assert [t for *_rest, t in read(LIST, indicator)] == ([text] if text else [])


def test_an_indicator_without_a_figure_takes_none_of_the_others():
    assert read(LIST.replace("增长5%左右", "稳步增长"), "地区生产总值") == []


def test_a_list_led_in_by_the_passage_before_is_of_targets():
    key, names = figures_mod.names_of("地区生产总值")
    text = passage("地区生产总值增长5%左右，城镇新增就业10万人。其后地区生产总值增长4%。")
    found = figures_mod.read(text, key, names, lead="今年经济社会发展的主要预期目标是：")
    assert [(f.kind, f.text) for f in found] == [("target", "5%左右"), ("outcome", "4%")]
    assert [f.kind for f in figures_mod.read(text, key, names, lead="过去一年：")] == ["outcome", "outcome"]
    within = passage("今年经济社会发展的主要预期指标是：\n地区生产总值增长5%左右，城镇新增就业10万人。")
    assert [(f.kind, f.text) for f in figures_mod.read(within, key, names)] == [("target", "5%左右")]


@pytest.mark.parametrize("text, expected", [
    ("去年经济增长8 .8 %，商品零售价格涨幅为0 .8 %。", [("outcome", 2024, 8.8, 8.8, "", "8.8%")]),
    ("1 9 9 7 年国内生产总值比上年增长1 1 %。", [("outcome", 1997, 11.0, 11.0, "", "11%")]),
    ("主要预期目标是：地区生产总值增长８．５％左右。", [("target", 2025, 8.5, 8.5, "左右", "8.5%左右")]),
])
def test_spaced_digits_and_a_full_width_point_are_one_number(text, expected):
    assert read(text) == expected


def test_the_nation_is_the_own_place_of_a_national_report_only():
    key, names = figures_mod.names_of("GDP")
    text = {"id": "x-0001", "text": "去年我国经济增长5.2%。今年全国经济增长预期目标为5%左右。", "date": "2025-03-05"}
    assert [(f.kind, f.text) for f in figures_mod.read({**text, "district": "全国"}, key, names)] == [
        ("outcome", "5.2%"), ("target", "5%左右")]
    assert figures_mod.read({**text, "district": "湖北省"}, key, names) == []


@pytest.mark.parametrize("district, found", [("某市", ["5%左右"]), ("某市某区", []), ("某省", []), ("", ["5%左右"])])
def test_a_place_of_another_kind_is_another_place(district, found):
    # a district's report citing its city's 全市 figure, a province's naming a city's; an untagged report
    # may be any kind of place
    text = "主要预期目标是：全市生产总值增长5%左右。"
    assert [t for *_rest, t in read(text, district=district)] == found


def test_a_report_given_at_a_session_plans_its_own_year_a_bulletin_looks_back_on_it():
    text = "在2024年增长5.8%的基础上，2025年全省生产总值增长5.5%左右。"
    assert read(text, meeting="某省第十四届人民代表大会第三次会议") == [("target", 2025, 5.5, 5.5, "左右", "5.5%左右")]
    assert read("2025年，全县生产总值比上年增长5.5%。", date="2025", district="某县") == [
        ("outcome", 2025, 5.5, 5.5, "", "5.5%")]


def test_a_section_of_targets_makes_a_target():
    assert read("地区生产总值增长6%左右", section="发展预期目标") == [("target", 2025, 6.0, 6.0, "左右", "6%左右")]


@settings(max_examples=60, deadline=None)
@given(number=st.decimals(min_value="0.1", max_value="20", places=1).map(str),
       qualifier=st.sampled_from(["", "左右", "以上", "以内", "以下"]),
       aspiration=st.sampled_from(["", "、力争9%"]),
       name=st.sampled_from(["地区生产总值", "国内生产总值", "全省生产总值", "GDP"]),
       target=st.booleans(), before=st.booleans())
def test_any_stated_figure_is_read_back(number, qualifier, aspiration, name, target, before):
    # in a list, between other indicators' figures: its own figure, its bound, its aspiration
    listed = ("城镇调查失业率5.5%左右，" if before else "") + f"{name}增长{number}%{qualifier}{aspiration}"
    text = ("主要预期目标是：" if target else "过去一年，") + listed + "，居民收入增长3.5%，其他。"
    found = read(text)
    low = None if qualifier in ("以内", "以下") else float(number)
    high = None if qualifier == "以上" else float(number)
    assert [(kind, lo, hi, q) for kind, _y, lo, hi, q, _t in found] == [
        ("target" if target else "outcome", low, high, qualifier + aspiration)]


def test_figures_cli_table_csv_and_json(seed_index, runner):
    args = ["--index", str(seed_index), "figures", "地区生产总值", "--by", "district", "--then", "year"]
    text = runner.invoke(cli, args)
    assert text.exit_code == 0
    assert text.output.splitlines()[2:] == ["district  2024", "天宁区    6%左右", "钟楼区    6%左右"]
    table = runner.invoke(cli, [*args, "--csv"]).output
    assert list(csv.reader(io.StringIO(table[1:]))) == [["district", "2024"], ["天宁区", "6%左右"], ["钟楼区", "6%左右"]]
    data = json.loads(runner.invoke(cli, [*args, "--json"]).output)
    assert list(data) == ["indicator", "names", "kind", "total", "figures", "by", "then", "rows"]
    assert [f["text"] for f in data["rows"][0]["cells"]["2024"]] == ["6%左右"]
    assert runner.invoke(cli, ["--index", str(seed_index), "figures", "城镇调查失业率"]).exit_code == 1


def national(year, target):
    """A national report of ``year`` (ours): last year's growth, then its target sentence or none."""
    plan = (f"今年发展主要预期目标是：国内生产总值增长{target}；城镇调查失业率5.5%以内。" if target
            else "今年我们没有提出全年经济增长具体目标。城镇调查失业率6%左右。")
    return (f"政府工作报告\n\n{figures_fixtures.national_meeting(year)}\n\n"
            f"各位代表：\n\n过去一年，国内生产总值比上年增长6.1%。\n\n{plan}\n")


def province(year, *sentences):
    return (f"{year}年湖北省政府工作报告\n\n——{year}年1月12日在湖北省第十三届人民代表大会第{year - 2017}次会议上\n\n"
            "各位代表：\n\n" + "\n\n".join(sentences) + "\n")


@pytest.fixture(scope="module")
def table_index(tmp_path_factory):
    """Reports of ours: national 2020 (no target) and 2021 (a lower bound); 湖北 2020 stating two targets."""
    folder = tmp_path_factory.mktemp("figures-table")
    (folder / "national-2020.txt").write_text(national(2020, None), encoding="utf-8")
    (folder / "national-2021.txt").write_text(national(2021, "6%以上"), encoding="utf-8")
    (folder / "hubei-2020.txt").write_text(province(
        2020, "今年主要预期目标是：地区生产总值增长7.5%左右，城镇调查失业率5.5%左右。",
        "全省上下要确保地区生产总值增长8%、力争9%，以高质量发展开新局。", "经济增长预期目标为7.5%左右，与过去持平。"),
        encoding="utf-8")
    (folder / "hubei-2021.txt").write_text(province(2021, "今年主要预期目标是：地区生产总值增长10%以上、力争11%。"),
                                           encoding="utf-8")
    index = tmp_path_factory.mktemp("figures-table-index")
    build(index, [folder])
    return index


def test_a_cell_holds_every_different_target_of_its_place_and_year(table_index):
    with govsearch.Index(table_index) as ix:
        table = ix.figures("GDP", by="district", then="year")
    cells = {(row["value"], year): [f.text for f in cell] for row in table.rows for year, cell in row["cells"].items()}
    # 7.5%左右 is stated twice and shown once; 2020's national report set no target: no cell
    assert cells == {("全国", 2021): ["6%以上"], ("湖北省", 2020): ["7.5%左右", "8%、力争9%"],
                     ("湖北省", 2021): ["10%以上、力争11%"]}


def test_figures_cli_table_with_a_bound_and_a_two_target_cell(table_index, runner):
    args = ["--index", str(table_index), "figures", "GDP", "--by", "district", "--then", "year"]
    shown = runner.invoke(cli, args)
    assert shown.exit_code == 0
    assert shown.output.splitlines()[2:] == ["district  2020           2021",
                                             "全国                     ≥ 6%",
                                             "湖北省    7.5%左右 / 8%  ≥ 10%"]
    table = runner.invoke(cli, [*args, "--csv"]).output
    assert list(csv.reader(io.StringIO(table[1:]))) == [
        ["district", "2020", "2021"], ["全国", "", "≥ 6%"], ["湖北省", "7.5%左右 / 8%", "≥ 10%"]]
    data = json.loads(runner.invoke(cli, [*args, "--json"]).output)
    national_2021 = data["rows"][0]["cells"]["2021"]
    assert [(f["low"], f["high"], f["value"], f["text"]) for f in national_2021] == [(6.0, None, None, "6%以上")]
    assert [f["text"] for f in data["rows"][1]["cells"]["2020"]] == ["7.5%左右", "8%、力争9%"]
    assert "2020" not in data["rows"][0]["cells"]
    listing = runner.invoke(cli, args[:4]).output.splitlines()
    assert [line.split()[:4] for line in listing if "湖北省" in line] == [
        ["target", "2020", "7.5%左右", "湖北省"], ["target", "2020", "8%、力争9%", "湖北省"], ["target", "2020", "7.5%左右", "湖北省"],
        ["target", "2021", "≥", "10%、力争11%"]]
    unemployment = runner.invoke(cli, [*args[:3], "城镇调查失业率", *args[4:], "--csv"]).output
    assert list(csv.reader(io.StringIO(unemployment[1:]))) == [
        ["district", "2020", "2021"], ["全国", "", "≤ 5.5%"], ["湖北省", "5.5%左右", ""]]


@pytest.fixture(scope="module")
def fixture_reports(tmp_path_factory):
    """``(index, reference.tsv)`` of ``figures_fixtures``' reports: national 1998–2025, the provinces' 2025."""
    folder = tmp_path_factory.mktemp("figures-fixtures")
    reference = figures_fixtures.write(folder / "reports")
    build(folder / "index", [folder / "reports"])
    return folder / "index", reference


def audit_script():
    sys.path.insert(0, str(ROOT / "scripts"))
    import figures_audit
    return figures_audit


def test_national_and_provincial_fixture_reports_give_every_target_and_no_other(fixture_reports):
    figures_audit = audit_script()
    index, reference = fixture_reports
    cells = figures_audit.audit(figures_audit.table(index), figures_audit.reference(reference))
    assert [c for c in cells if c[0] != "right"] == []
    assert len(cells) == 58  # 27 national years (2020 set none) and 31 provinces


def test_the_audit_prints_each_cell_not_right_and_the_totals(fixture_reports, tmp_path, capsys):
    figures_audit = audit_script()
    index, reference = fixture_reports
    lines = reference.read_text(encoding="utf-8").splitlines()
    changed = [line.replace("\t2021\t≥ 6%", "\t2021\t6%左右") for line in lines if "\t2019\t" not in line]
    (tmp_path / "ref.tsv").write_text("\n".join([*changed, "全国\t2020\t6%左右"]) + "\n", encoding="utf-8")
    assert figures_audit.main([str(index), str(tmp_path / "ref.tsv")]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "extra   全国\t2019\tfound 6%—6.5%\texpected -",
        "missing 全国\t2020\tfound -\texpected 6%左右",
        "wrong   全国\t2021\tfound ≥ 6%\texpected 6%左右",
        "right 56 wrong 1 missing 1 extra 1; right 0.966 of 58 expected cells"]
    assert figures_audit.main([str(index), str(reference)]) == 0


def test_a_table_by_year_has_the_places_as_its_columns(table_index, runner):
    shown = runner.invoke(cli, ["--index", str(table_index), "figures", "GDP", "--by", "year"])
    assert shown.output.splitlines()[2:] == ["year  全国  湖北省",
                                             "2020        7.5%左右 / 8%",
                                             "2021  ≥ 6%  ≥ 10%"]


def test_a_table_by_and_then_the_same_field_is_refused_as_compare_refuses_it(table_index, runner):
    shown = runner.invoke(cli, ["--index", str(table_index), "figures", "GDP", "--by", "district", "--then", "district"])
    assert (shown.exit_code, shown.output) == (2, "Error: by and then are both 'district'; give then another field\n")

"""scripts/reading_audit.py: its counts of junk, cut sentences and whole sentences on passages made here."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import reading_audit  # noqa: E402


@pytest.mark.parametrize("text,kind", [
    ("— 3 —", "page number"), ("第3页", "page number"), ("3/40", "page number"), ("·12·", "page number"),
    ("某某日报 2025年1月23日 星期四 第3版", "masthead"), ("打印本页", "menu"), ("、", "punctuation"),
    ("要闻", "repeated header"), ("嗯", "fragment"), ("全年完成投资10亿元。", ""), ("一、总体要求", ""),
])
def test_junk_kinds(text, kind):
    assert reading_audit.junk_kind(text, {"要闻"}) == kind


def rows(*texts):
    return [{"text": t} for t in texts]


def test_counts_of_one_document():
    found = reading_audit.audit_rows(
        rows("一、总体要求", "全年完成投资10亿元，推进城乡融合", "发展，扎实办好民生实事。", "— 2 —",
             "指标　数值", "二、主要任务", "坚持稳中求进。"),
        cells={"指标　数值"}, expected=["坚持稳中求进。", "全年完成投资10亿元，推进城乡融合发展，扎实办好民生实事。"])
    assert found["passages"] == 7
    assert found["whole"] == 6  # all but the cut one
    assert found["junk"] == [("page number", "— 2 —")]
    assert found["cut"] == [("全年完成投资10亿元，推进城乡融合", "发展，扎实办好民生实事。")]
    assert found["broken"] == ["全年完成投资10亿元，推进城乡融合发展，扎实办好民生实事。"]


def test_a_cut_before_a_heading_or_a_field_is_no_cut():
    assert not reading_audit.cut_after("全年完成投资10亿元，推进城乡融合", "二、主要任务")
    assert not reading_audit.cut_after("主办单位：省财政厅，各州、市人民政府", "年度目标：新增就业50万人。")


def test_newspaper_counts_across_breaks_lost_characters_and_boxed_items_inside():
    box = "本报讯　全区重点项目开工率达九成。"
    found = reading_audit.audit_rows(
        [{"text": "全年完成投资10亿元，推进城乡融合发展。", "title": "要闻", "section": ""},
         {"text": "坚持稳中求进，" + box + "优化营商环境。", "title": "要闻", "section": ""}],
        across=["全年完成投资10亿元，推进城乡融合发展。", "坚持稳中求进，优化营商环境。"], boxed=[box],
        body="要闻全年完成投资10亿元，推进城乡融合发展。坚持稳中求进，优化营商环境。" + box + "图片说明")
    assert found["across"] == 2
    assert found["across broken"] == ["坚持稳中求进，优化营商环境。"]
    assert found["lost"] == 4  # 图片说明: in no passage, title or section
    assert found["boxed in"] == ["坚持稳中求进，本报讯全区重点项目开工率达九成。优化营商环境。"]


def test_a_paragraph_ending_without_a_full_stop_is_looked_for_as_it_is(tmp_path):
    (tmp_path / "expected").mkdir()
    (tmp_path / "expected" / "a.pdf.txt").write_text("图为新建成的园区。　记者　李某某　摄\n第二段文字到此为止。\n",
                                                    encoding="utf-8")
    assert reading_audit.expected_sentences(tmp_path / "a.pdf") == ["图为新建成的园区。", "记者李某某摄", "第二段文字到此为止。"]

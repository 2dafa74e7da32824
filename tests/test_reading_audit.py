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

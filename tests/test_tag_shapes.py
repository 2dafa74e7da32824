"""The failure shapes of issue #11, each as a report written here, read and tagged like any file.

Every report's passages must all carry the report's own tags (one report, one year),
and each tag must say where it came from.
"""

import json

import pytest

from govsearch import schema
from govsearch.readers import read

BODY = ("各位代表：\n"
        "现在，我代表省人民政府，向大会报告工作，请予审议。\n"
        "一、过去一年工作回顾\n"
        "过去一年，我们坚持稳中求进，全省地区生产总值增长5%左右，城乡居民收入稳步增长。\n"
        "二、今年的主要任务\n"
        "今年是规划收官之年，我们将着力扩大内需，推动高质量发展。\n")


def rows_of(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return list(schema.records(read(path)[0]))


def only(rows, *keys):
    """The one value each key takes across all rows (a set of several fails the comparison)."""
    values = {tuple(r[k] for k in keys) for r in rows}
    assert len(values) == 1, values
    return values.pop()


def provenance(rows):
    """Where the tags of all rows came from (they must agree)."""
    found = {json.dumps(r["provenance"], sort_keys=True) for r in rows}
    assert len(found) == 1, found
    return json.loads(found.pop())


def test_meeting_line_broken_over_two_lines(tmp_path):
    rows = rows_of(tmp_path, "report.txt", "政府工作报告\n——2026年1月26日在广东省第十四届\n人民代表大会第五次会议上\n"
                   "广东省省长 王伟中\n" + BODY)
    assert only(rows, "district", "level", "meeting", "date") == (
        "广东省", "省", "广东省第十四届人民代表大会第五次会议", "2026-01-26")
    assert provenance(rows)["meeting"] == "meeting line"


def test_meeting_line_without_dash_after_page_furniture(tmp_path):
    rows = rows_of(tmp_path, "page.txt", "首页 > 政务公开\n【字体：大 中 小】分享：\n"
                   "2026年1月25日在广东省第十四届人民代表大会第五次会议上\n" + BODY)
    assert only(rows, "district", "meeting", "date") == (
        "广东省", "广东省第十四届人民代表大会第五次会议", "2026-01-25")


@pytest.mark.parametrize("year, cited", [("1978", "1976"), ("2005", "2004"), ("1993", "1997"),
                                         ("1954", "1949"), ("1997", "1999")])
def test_the_report_year_beats_years_in_its_body(tmp_path, year, cited):
    body = "".join(f"{cited}年10月1日以来，{cited}年的任务和{cited}年的目标都已明确，我们回顾了{cited}年的工作。\n"
                   for _ in range(4))
    rows = rows_of(tmp_path, f"{year}年政府工作报告.txt", f"政府工作报告\n国务院总理 某某\n各位代表：\n{body}")
    assert only(rows, "date") == (year,)
    assert provenance(rows)["year"] == "file name"


def test_the_meeting_line_year_beats_the_file_name(tmp_path):
    rows = rows_of(tmp_path, "2024年报告.txt", "政府工作报告\n——2025年1月19日在江苏省第十四届人民代表大会第三次会议上\n" + BODY)
    assert only(rows, "date") == ("2025-01-19",)


@pytest.mark.parametrize("year, meeting", [
    ("1978", "第五届全国人民代表大会第一次会议"),
    ("1993", "第八届全国人民代表大会第一次会议"),
    ("2005", "第十届全国人民代表大会第三次会议"),
])
def test_national_report_without_meeting_line_gets_its_session_from_the_table(tmp_path, year, meeting):
    text = ("政府工作报告\n国务院总理 某某\n各位代表：\n"
            "现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。\n"
            "1976年以来，我们做了很多工作，1976年的经验值得总结。\n")
    rows = rows_of(tmp_path, f"{year}年政府工作报告.txt", text)
    assert only(rows, "district", "level", "body", "meeting", "date") == ("全国", "全国", "人大", meeting, year)
    assert provenance(rows)["meeting"] == "session table"


def test_national_meeting_in_text_gives_the_year_from_the_table(tmp_path):
    rows = rows_of(tmp_path, "决议.txt", "第十届全国人民代表大会第三次会议听取和审议了国务院总理所作的政府工作报告，"
                   "同意2004年的工作和2006年的安排，回顾2003年。\n")
    assert only(rows, "meeting", "date") == ("第十届全国人民代表大会第三次会议", "2005")
    assert provenance(rows)["year"] == "session table"


def test_meeting_only_in_the_file_name(tmp_path):
    rows = rows_of(tmp_path, "江苏省第十四届人民代表大会第三次会议政府工作报告.txt",
                   "政府工作报告\n省长 许某\n" + BODY)
    assert only(rows, "district", "province", "level", "meeting") == (
        "江苏省", "江苏省", "省", "江苏省第十四届人民代表大会第三次会议")
    assert provenance(rows)["meeting"] == "file name"


def test_meeting_only_in_the_title(tmp_path):
    rows = rows_of(tmp_path, "report.txt", "在常州市钟楼区第十七届人民代表大会第三次会议上的政府工作报告\n" + BODY)
    assert only(rows, "district", "province", "city", "level", "meeting") == (
        "钟楼区", "江苏省", "常州市", "县", "常州市钟楼区第十七届人民代表大会第三次会议")


def test_traditional_characters(tmp_path):
    rows = rows_of(tmp_path, "report.txt", "政府工作報告\n——1993年3月15日在第八屆全國人民代表大會第一次會議上\n"
                   "國務院總理 李鵬\n各位代表：\n1997年的目標和1997年的任務，1997年要實現。\n")
    assert only(rows, "district", "meeting", "date") == ("全国", "第八届全国人民代表大会第一次会议", "1993-03-15")


def test_short_names_become_canonical(tmp_path):
    rows = rows_of(tmp_path, "2025年内蒙古政府工作报告.txt",
                   "政府工作报告\n——2025年1月14日在内蒙古第十四届人民代表大会第三次会议上\n" + BODY)
    assert only(rows, "district", "province", "level") == ("内蒙古自治区", "内蒙古自治区", "省")


def test_a_shared_district_name_is_settled_by_the_report_text(tmp_path):
    rows = rows_of(tmp_path, "report.txt", "福州市鼓楼区政府工作报告\n——2025年1月10日在鼓楼区第十八届人民代表大会第五次会议上\n"
                   + BODY)
    assert only(rows, "district", "province", "city") == ("鼓楼区", "福建省", "福州市")


def test_a_renamed_county_keeps_its_written_name(tmp_path):
    rows = rows_of(tmp_path, "report.txt", "政府工作报告\n——1990年3月1日在常州市武进县第十届人民代表大会第三次会议上\n"
                   + BODY)
    assert only(rows, "district", "province", "city", "level") == ("武进县", "江苏省", "常州市", "县")


def test_newspaper_articles_keep_their_own_days(tmp_path):
    page = ("# 区两会专版\n\n## 区人大会议开幕\n\n本报讯 1月8日，常州市钟楼区第十七届人民代表大会第三次会议开幕。\n\n"
            "## 区政协会议开幕\n\n本报讯 1月7日，政协常州市钟楼区第十届委员会第三次会议开幕。2023年工作回顾。\n")
    rows = rows_of(tmp_path, "2024-01-09.md", page)
    days = {r["text"][:12]: r["date"] for r in rows if r["text"].startswith("本报讯")}
    assert sorted(days.values()) == ["2024-01-07", "2024-01-08"]


def test_a_meeting_line_day_without_its_year_takes_the_report_year(tmp_path):
    rows = rows_of(tmp_path, "2025年江苏省政府工作报告.txt", "政府工作报告\n——1月19日在省十四届人大三次会议上\n" + BODY)
    assert only(rows, "district", "meeting", "date") == ("江苏省", "江苏省第十四届人民代表大会第三次会议", "2025-01-19")


def test_national_cppcc_report_without_meeting_line(tmp_path):
    rows = rows_of(tmp_path, "1993年政协全国委员会常务委员会工作报告.txt",
                   "常务委员会工作报告\n各位委员：\n我代表政协第七届全国委员会常务委员会，向大会报告工作，请予审议。\n"
                   "1992年以来，我们做了很多工作。1992年的经验值得总结。\n")
    assert only(rows, "district", "body", "meeting", "date") == (
        "全国", "政协", "中国人民政治协商会议第八届全国委员会第一次会议", "1993")


def test_with_no_year_named_the_headings_speak_before_the_cited_years(tmp_path):
    body = "一、2023年工作回顾\n" + "2022年以来，2022年的基础上，2022年完成了任务。\n" * 3 + "二、今年的主要任务\n我们将努力。\n"
    rows = rows_of(tmp_path, "report.txt", "某县政府工作报告\n各位代表：\n" + body)
    assert only(rows, "date") == ("2024",)


@pytest.mark.parametrize("lines", [
    "——在广东省第十四届人民代表大会第五次会议上\n（2026年1月26日）\n",
    "2026年1月26日\n在广东省第十四届人民代表大会第五次会议上\n",
])
def test_the_day_on_its_own_line_beside_the_meeting_line(tmp_path, lines):
    rows = rows_of(tmp_path, "report.txt", "政府工作报告\n" + lines + BODY)
    assert only(rows, "meeting", "date") == ("广东省第十四届人民代表大会第五次会议", "2026-01-26")


@pytest.mark.parametrize("opening, meeting, date", [
    ("一九七八年二月二十六日在第五届全国人民代表大会第一次会议上", "第五届全国人民代表大会第一次会议", "1978-02-26"),
    ("（1993年3月31日第八届全国人民代表大会第一次会议通过）", "第八届全国人民代表大会第一次会议", "1993-03-31"),
])
def test_archive_meeting_lines(tmp_path, opening, meeting, date):
    rows = rows_of(tmp_path, "report.txt", f"政府工作报告\n{opening}\n各位代表：\n1976年以来的工作，1976年的经验。\n")
    assert only(rows, "district", "meeting", "date") == ("全国", meeting, date)


def test_page_title_and_page_date_hints():
    from govsearch.passages import split
    from govsearch.tags import tag

    passages = split("各位代表：\n" + BODY)
    by_title = tag(passages, hints=[("title", "广东省第十四届人民代表大会第五次会议 政府工作报告"), "page"],
                   report=True, date_hint="2026-02-02")
    assert {(t["district"], t["meeting"], t["date"], t["provenance"]["meeting"], t["provenance"]["year"])
            for t in by_title} == {("广东省", "广东省第十四届人民代表大会第五次会议", "2026", "title", "page date")}
    by_name = tag(passages, hints=[("title", "2025年广东省政府工作报告"), "2024年某报告"], report=True,
                  date_hint="2026-02-02")
    assert {(t["date"], t["provenance"]["year"]) for t in by_name} == {("2025", "title")}


def test_a_meeting_line_sharing_its_line_with_page_furniture(tmp_path):
    rows = rows_of(tmp_path, "page.txt", "政府工作报告\n【字体：大 中 小】分享：2026年1月25日在广东省第十四届人民代表大会第五次会议上\n"
                   + BODY)
    assert only(rows, "district", "meeting", "date") == (
        "广东省", "广东省第十四届人民代表大会第五次会议", "2026-01-25")


def test_a_shared_district_name_is_settled_by_the_city_its_text_names(tmp_path):
    rows = rows_of(tmp_path, "report.txt", "政府工作报告\n——2025年1月10日在鼓楼区第十八届人民代表大会第五次会议上\n各位代表：\n"
                   "过去一年，我们服务开封发展大局，开封市委的部署落到实处，也学习了南京的经验。\n"
                   "今年，我们继续为开封的高质量发展作贡献。\n")
    assert only(rows, "district", "province", "city") == ("鼓楼区", "河南省", "开封市")


def test_a_short_province_name_in_the_file_name(tmp_path):
    rows = rows_of(tmp_path, "2025年广西政府工作报告.txt", "政府工作报告\n——1月15日在省十四届人大四次会议上\n" + BODY)
    assert only(rows, "district", "level", "meeting", "date") == (
        "广西壮族自治区", "省", "广西壮族自治区第十四届人民代表大会第四次会议", "2025-01-15")


def test_a_meeting_line_after_page_furniture_stays_a_passage(tmp_path):
    line = "2026年1月25日在广东省第十四届人民代表大会第五次会议上"
    rows = rows_of(tmp_path, "page.txt", f"政府工作报告\n【字体：大 中 小】分享：{line}\n" + BODY)
    assert [r["text"] for r in rows][:2] == [line, "各位代表："]
    assert provenance(rows)["meeting"] == "meeting line"


@pytest.mark.parametrize("year,cited,meeting", [
    ("2024", "市十六届人大一次会议", "北京市第十六届人民代表大会第二次会议"),
    ("2023", "市十五届人大五次会议", "北京市第十六届人民代表大会第一次会议"),  # a term holds five sessions
])
def test_a_meeting_the_report_cites_as_past_is_not_its_own(tmp_path, year, cited, meeting):
    rows = rows_of(tmp_path, f"{year}年北京市政府工作报告.txt",
                   "各位代表：\n现在，我代表市人民政府，向大会报告政府工作，请予审议。\n一、工作回顾\n"
                   f"过去一年，各项事业取得新进展，较好完成了{cited}确定的目标任务。\n二、今年的主要任务\n"
                   "今年，我们将着力扩大内需，推动高质量发展。\n")
    assert only(rows, "district", "meeting") == ("北京市", meeting)
    assert provenance(rows)["meeting"] == "after a meeting it cites as past"


def test_a_meeting_named_as_the_present_one_still_counts(tmp_path):
    rows = rows_of(tmp_path, "report.txt", "政府工作报告\n各位代表：\n"
                   "市十六届人大二次会议是在关键时期召开的一次重要会议，大家审议了报告。\n" + BODY)
    assert only(rows, "meeting") == ("第十六届人民代表大会第二次会议",)


def test_a_place_opening_the_title_names_the_district(tmp_path):
    rows = rows_of(tmp_path, "万载县2015年国民经济和社会发展统计公报.txt",
                   "2015年，全县人民在县委、县政府的正确领导下，国民经济保持平稳增长。\n一、综合\n"
                   "国民经济继续健康稳定发展，全县实现生产总值110亿元。\n")
    assert only(rows, "district", "city", "province", "level") == ("万载县", "宜春市", "江西省", "县")
    assert provenance(rows)["district"] == "title"  # a report without a title line is titled by its file name


@pytest.mark.parametrize("title", ["关于印发某某办法的通知", "和谐社区建设情况通报", "2024年工作要点"])
def test_a_title_opening_with_no_known_place_names_none(tmp_path, title):
    rows = rows_of(tmp_path, f"{title}.txt", "一、总体要求\n坚持稳中求进，推动高质量发展。\n")
    assert only(rows, "district") == ("",)

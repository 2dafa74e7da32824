"""Issue #20, shapes 3–6: tags a researcher can trust on reports as they circulate.

The site is not the author; a national report's session is the one of its year; gaps
inside a meeting name or a date do not break them; a notice or a syllabus gets a district
and a year, never a body or a meeting. Fixtures are in tests/tag_fixtures.py.
"""

import dataclasses
import json
import re
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govsearch import schema
from govsearch.passages import split
from govsearch.readers import read
from govsearch.tags import Meeting, _days, cn_numeral, find_meetings, sessions_in, tag

import tag_fixtures as fx
from conftest import SAMPLES

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import tags_audit  # noqa: E402

KEYS = ("district", "year", "body", "meeting")


def document(rows):
    """The one value of each tag over a document's passages (differing passages fail)."""
    values = {(r["district"], r["date"][:4], r["body"], r["meeting"]) for r in rows}
    assert len(values) == 1, values
    return dict(zip(KEYS, values.pop()))


def provenance(rows):
    found = {json.dumps(r["provenance"], sort_keys=True) for r in rows}
    assert len(found) == 1, found
    return json.loads(found.pop())


def rows_of(tmp_path, fixture):
    path = tmp_path / fixture.name
    fixture.write(path)
    return list(schema.records(read(path)[0]))


@pytest.mark.parametrize("fixture", fx.ALL, ids=[f.name for f in fx.ALL])
def test_each_fixture_gets_its_reference_tags(tmp_path, fixture):
    assert document(rows_of(tmp_path, fixture)) == fixture.expected


PAGES = [f for f in fx.ALL if f.name.endswith(".html")]


@pytest.mark.parametrize("fixture", PAGES, ids=[f.name for f in PAGES])
def test_each_portal_page_with_the_issuer_and_date_its_block_names(tmp_path, fixture):
    """As the HTML reader gives them once it reads the 信息公开 block: 发布机构 → issuer, 发文日期 → date."""
    path = tmp_path / fixture.name
    fixture.write(path)
    page = path.read_text(encoding="utf-8")
    issuer, day = (re.search(rf"{row}：</td><td>([^<]+)<", page).group(1) for row in ("发布机构", "发文日期"))
    rows = list(schema.records(dataclasses.replace(read(path)[0], issuer=issuer, date_hint=day)))
    assert document(rows) == fixture.expected
    assert provenance(rows)["issuer"] == issuer


# --- 3. the site is not the author ---------------------------------------------------

BULLETIN = split("2024年，全区上下坚持稳中求进，全年实现地区生产总值1205.3亿元，比上年增长5.2%。\n一、综合\n"
                 "年末全区常住人口53.2万人。\n")
NATIONAL = split("国务院总理 李强\n各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议。\n")


def tags_of(passages, **options):
    found = tag(passages, report=True, **options)
    values = {(t["district"], t["level"], t["provenance"]["district"], t["provenance"].get("issuer", "")) for t in found}
    assert len(values) == 1, values
    return values.pop()


def test_the_issuer_names_the_district_when_the_report_names_none():
    assert tags_of(BULLETIN, hints=[("title", "2024年国民经济和社会发展统计公报")],
                   issuer="常州市钟楼区统计局") == ("钟楼区", "县", "issuer", "常州市钟楼区统计局")


def test_the_issuer_outranks_the_site():
    assert tags_of(BULLETIN, hints=[("title", "2024年国民经济和社会发展统计公报"), ("site", "常州市天宁区人民政府")],
                   issuer="常州市钟楼区统计局")[:3] == ("钟楼区", "县", "issuer")


def test_the_site_names_the_district_only_when_nothing_else_does():
    assert tags_of(BULLETIN, hints=[("title", "2024年国民经济和社会发展统计公报"), ("site", "常州市天宁区人民政府")]) == (
        "天宁区", "县", "site", "")
    assert tags_of(BULLETIN, hints=["2024年国民经济和社会发展统计公报_常州市天宁区人民政府"])[:3] == ("天宁区", "县", "site")
    assert tags_of(BULLETIN, hints=["常州市天宁区人民政府｜2024年国民经济和社会发展统计公报"])[:3] == ("天宁区", "县", "site")
    assert tags_of(BULLETIN, hints=["2024年国民经济和社会发展统计公报_中国政府网"])[:3] == ("全国", "全国", "site")


@pytest.mark.parametrize("name", ["2019年政府工作报告_常州市钟楼区人民政府", "常州市钟楼区人民政府_2019年政府工作报告",
                                  "2019年政府工作报告 - 常州市钟楼区人民政府门户网站"])
def test_a_site_name_in_the_file_name_does_not_outrank_the_state_council(name):
    found = tag(NATIONAL, hints=[name], report=True)
    assert {(t["district"], t["meeting"]) for t in found} == {("全国", "第十三届全国人民代表大会第二次会议")}


@pytest.mark.parametrize("title, district, source", [
    ("江西省2023年国民经济和社会发展统计公报", "江西省", "title"),
    ("2024年国务院政府工作报告", "全国", "title"),
])
def test_a_county_issuer_does_not_outrank_the_title(title, district, source):
    assert tags_of(BULLETIN, hints=[("title", title)], issuer="万载县统计局") == (
        district, "全国" if district == "全国" else "省", source, "万载县统计局")


def test_a_county_issuer_does_not_outrank_the_state_council_in_the_first_lines():
    found = tag(NATIONAL, hints=[("title", "2019年政府工作报告"), ("site", "万载县人民政府")], report=True,
                issuer="万载县人民政府办公室")
    assert {(t["district"], t["meeting"], t["provenance"]["district"], t["provenance"]["meeting"]) for t in found} == {
        ("全国", "第十三届全国人民代表大会第二次会议", "first lines", "session table")}


def test_the_state_council_in_a_portals_menu_line_speaks_for_no_one():
    passages = split("首页 国务院 江苏省人民政府 常州市人民政府 政务公开\n2024年国民经济和社会发展统计公报\n" + BULLETIN[0].text)
    assert tags_of(passages, hints=[("site", "常州市钟楼区人民政府")])[:3] == ("钟楼区", "县", "site")


def test_a_page_titled_by_its_sites_banner_is_not_titled_by_the_site():
    found = tag(NATIONAL, hints=[("title", "万载县人民政府"), "index"], report=True, date_hint="2019-03-16")
    assert {(t["district"], t["meeting"], t["provenance"]["district"]) for t in found} == {
        ("全国", "第十三届全国人民代表大会第二次会议", "first lines")}


def test_a_provincial_meeting_line_outranks_the_county_issuer():
    passages = split("政府工作报告\n——2025年1月19日在江苏省第十四届人民代表大会第三次会议上\n各位代表：\n今年，我们将推动高质量发展。\n")
    assert tags_of(passages, hints=[("site", "常州市钟楼区人民政府")], issuer="常州市钟楼区人民政府办公室") == (
        "江苏省", "省", "meeting line", "常州市钟楼区人民政府办公室")


def test_a_national_meeting_line_outranks_a_page_titled_by_its_site():
    passages = split("——2024年3月5日在第十四届全国人民代表大会第二次会议上\n各位代表：\n今年，我们将推动高质量发展。\n")
    assert tags_of(passages, hints=[("title", "常州市钟楼区人民政府")], issuer="常州市钟楼区人民政府办公室") == (
        "全国", "全国", "meeting line", "常州市钟楼区人民政府办公室")


@pytest.mark.parametrize("lines, district", [
    ("政府工作报告\n——2024年1月24日在省十四届人大二次会议上\n各位代表：\n今年，我们将推动高质量发展。\n", "江西省"),
    ("2022年国民经济和社会发展统计公报\n2022年，全省地区生产总值比上年增长4.7%。\n年末全省常住人口4527.98万人。\n", "江西省"),
    ("2022年国民经济和社会发展统计公报\n2022年，全市地区生产总值比上年增长4.7%。\n年末全市常住人口500万人。\n", "宜春市"),
    ("2022年国民经济和社会发展统计公报\n2022年，全县地区生产总值比上年增长4.7%，居全省第三。\n年末全县常住人口45万人。\n",
     "万载县"),
])
def test_a_county_issuer_is_lifted_to_the_level_the_report_speaks_at(lines, district):
    assert tags_of(split(lines), issuer="万载县人民政府办公室")[:3] == (
        district, {"江西省": "省", "宜春市": "市", "万载县": "县"}[district], "issuer")


@pytest.mark.parametrize("title, district", [
    ("湖北省关于做好全国文明城市创建工作的通知", "湖北省"),
    ("湖北省关于贯彻全国人大常委会决定的通知", "湖北省"),
    ("钟楼区贯彻《中华人民共和国安全生产法》实施办法", "钟楼区"),
    ("关于做好全国硕士研究生招生考试工作的通知", "万载县"),  # the issuer's: the title names no author
    ("关于贯彻《中华人民共和国安全生产法》的通知", "万载县"),
])
def test_a_place_opening_the_title_outranks_national_words_after_it(title, district):
    passages = split(f"{title}\n各单位要做好准备。\n")
    assert tags_of(passages, issuer="万载县人民政府办公室")[0] == district


def test_a_notice_is_not_lifted_by_what_its_text_says():
    passages = split("关于做好2024年全省公务员考试考务工作的通知\n全省各考区要做好准备，全省统一组织。\n")
    assert tags_of(passages, issuer="万载县人民政府办公室")[:3] == ("万载县", "县", "issuer")


def test_the_sites_banner_atop_the_page_is_no_author_line():
    passages = split("万载县人民政府\n国民经济和社会发展统计公报\n江西省统计局\n2023年，全省地区生产总值比上年增长4.1%。\n")
    assert tags_of(passages, hints=[("site", "万载县人民政府")])[:3] == ("江西省", "省", "first lines")


def test_the_author_line_under_a_bulletins_title():
    passages = split("国民经济和社会发展统计公报\n江西省统计局\n国家统计局江西调查总队\n2024年3月20日\n"
                     "2023年，全省地区生产总值比上年增长4.1%。\n")
    assert tags_of(passages, issuer="万载县统计局")[:3] == ("江西省", "省", "first lines")


# --- 4. the session a report was delivered at ----------------------------------------

@pytest.mark.parametrize("year", range(1954, 2026))
def test_the_session_table_names_every_years_npc_session(year):
    expected = fx.NATIONAL_SESSIONS[year]
    assert [(m.term, m.session) for m in sessions_in(str(year), "人大")] == ([expected] if expected else [])


@pytest.mark.parametrize("year", [1962, 1978, 1983, 1998, 2013, 2020, 2023])
def test_a_national_report_of_any_session_year_ignores_the_sessions_its_body_names(tmp_path, year):
    earlier = fx.national_meeting(year - 1 if fx.NATIONAL_SESSIONS.get(year - 1) else 1959)
    fixture = fx.Fixture(f"{year}年政府工作报告.txt", fx._text(
        f"政府工作报告\n国务院总理\n各位代表：\n{earlier}以来，我们做了大量工作，{earlier}确定的任务已经完成。\n"),
        "全国", str(year), "人大", fx.national_meeting(year))
    rows = rows_of(tmp_path, fixture)
    assert document(rows) == fixture.expected
    assert provenance(rows)["meeting"] == "session table"


def test_a_national_report_in_a_year_without_a_session_has_no_meeting(tmp_path):
    fixture = fx.Fixture("1970年政府工作报告.txt", fx._text(
        "政府工作报告\n国务院总理\n各位代表：\n四届人大一次会议以来，我们做了大量工作。\n"), "全国", "1970", "人大")
    assert document(rows_of(tmp_path, fixture)) == fixture.expected


def test_a_national_report_without_a_stated_year_takes_the_page_date():
    found = tag(NATIONAL + split("十二届全国人大一次会议以来，我们做了大量工作。\n"), report=True, date_hint="2018-03-20")
    assert {(t["meeting"], t["date"], t["provenance"]["year"]) for t in found} == {
        ("第十三届全国人民代表大会第一次会议", "2018", "page date")}


@pytest.mark.parametrize("year, meeting", [
    ("2024", "北京市第十六届人民代表大会第二次会议"),  # 十六届 began in 2023: its second session is 2024's
    ("2026", ""),  # the session after the first cannot be 2026's
])
def test_a_provincial_session_inferred_from_a_cited_one_must_agree_with_the_year(tmp_path, year, meeting):
    rows = rows_of(tmp_path, fx.Fixture(f"{year}年北京市政府工作报告.txt", fx._text(
        "各位代表：\n现在，我代表市人民政府，向大会报告政府工作，请予审议。\n"
        "过去一年，市十六届人大一次会议以来，各项事业取得新进展。\n"), "", ""))
    assert document(rows)["meeting"] == meeting


@pytest.mark.parametrize("year, cited, meeting", [
    ("2024", "区十七届人大二次会议确定的目标任务", "钟楼区第十七届人民代表大会第三次会议"),  # 十七届 began in 2022
    ("2022", "区十七届人大一次会议确定的目标任务", "钟楼区第十七届人民代表大会第二次会议"),  # … or in late 2021
    ("2026", "区十七届人大一次会议以来的工作", ""),  # a term's review: the second session cannot be 2026's
    ("2005", "区十四届人大一次会议以来的工作", "钟楼区第十四届人民代表大会第二次会议"),  # before the common calendar
])
def test_a_county_session_inferred_from_a_cited_one_must_agree_with_the_year(tmp_path, year, cited, meeting):
    rows = rows_of(tmp_path, fx.Fixture(f"{year}年钟楼区政府工作报告.txt", fx._text(
        f"各位代表：\n过去一年，我们完成了{cited}。\n"), "", ""))
    assert document(rows)["meeting"] == meeting


# --- 5. gaps inside meeting names and dates ------------------------------------------

@pytest.mark.parametrize("line", [
    "——2025年1月 19日在江苏省第十四届 人民代表大会第三次会议上",
    "——2025年 1 月 19 日在江苏省 第十四届人民代表大会 第三次会议上",
    "——２０２５年１月１９日在江苏省第十四届\u3000人民代表大会第\u3000三次会议上",
    "——2025年1月\n19日在江苏省第十四届\n人民代表大会第三次会议上",
])
def test_gaps_inside_the_meeting_line(line):
    found = tag(split("政府工作报告\n" + line + "\n各位代表：\n今年，我们将推动高质量发展。\n"), report=True)
    assert {(t["district"], t["meeting"], t["date"]) for t in found} == {
        ("江苏省", "江苏省第十四届人民代表大会第三次会议", "2025-01-19")}


@settings(max_examples=200, deadline=None)
@given(place=st.sampled_from(["江苏省", "常州市钟楼区", "内蒙古自治区", "万载县"]), term=st.integers(1, 20),
       session=st.integers(1, 5), day=st.dates(date(1954, 1, 1), date(2030, 12, 31)),
       gaps=st.lists(st.sampled_from(["", " ", "\u3000", "\n", " \n "]), min_size=12, max_size=12))
def test_any_gap_between_the_words_of_a_meeting_line_keeps_the_meeting_and_the_day(place, term, session, day, gaps):
    words = [f"——{day.year}年", f"{day.month}月", f"{day.day}日在", place, "第", cn_numeral(term), "届", "人民代表大会",
             "第", cn_numeral(session), "次会议上"]
    line = "".join(word + gap for word, gap in zip(words, gaps))
    assert find_meetings(line) == [Meeting("人大", place, term, session)]
    assert _days(line) == [(str(day.year), day.month, day.day)]


def test_a_gap_between_two_numbers_is_no_date():
    assert _days("第12 1月9日") == [("", 1, 9)]
    assert _days("2024年 12 月 9 日") == [("2024", 12, 9)]


# --- 6. documents that are not work reports ------------------------------------------

@pytest.mark.parametrize("title, district, year", [
    ("湖北省2023年度考试录用公务员专业科目笔试考试大纲", "湖北省", "2023"),  # the title's place, not the issuer's
    ("钟楼区乡镇机关2024年考试录用公务员职位说明", "钟楼区", "2024"),
    ("关于2024年拟录用公务员名单的公示", "钟楼区", "2024"),  # no place in the title: the issuer's
])
def test_a_notice_gets_a_district_and_a_year_never_a_body_or_a_meeting(title, district, year):
    passages = split(f"{title}\n根据区人大常委会和区政协的意见，按照区十七届人大三次会议部署，现将有关事项公布如下。\n"
                     "一、有关人员名单见附件。\n")
    found = tag(passages, report=True, issuer="常州市钟楼区人力资源和社会保障局")
    assert {(t["district"], t["date"], t["body"], t["meeting"]) for t in found} == {(district, year, "", "")}


def test_a_notice_convening_a_work_meeting_is_a_notice():
    passages = split("关于召开全区安全生产工作会议的通知\n各街道：经区人大常委会同意，定于1月10日召开会议。\n")
    assert {(t["body"], t["meeting"]) for t in tag(passages, hints=["关于召开全区安全生产工作会议的通知"], report=True)} == {
        ("", "")}


def test_a_statement_given_at_a_meeting_keeps_its_meeting():
    passages = split("各位代表：\n受省人民政府委托，现将预算执行情况说明如下，请予审议。\n预算执行良好。\n")
    found = tag(passages, hints=[("title", "关于2024年预算执行情况的说明"),
                                 ("opening", "——2025年1月19日在江苏省第十四届人民代表大会第三次会议上")], report=True)
    assert {(t["body"], t["meeting"]) for t in found} == {
        ("人大", "江苏省第十四届人民代表大会第三次会议")}


# --- the audit and the real files ----------------------------------------------------

def test_the_audit_scores_each_tag_against_the_reference():
    scores = {key: [] for key in tags_audit.SCORED}
    wrong = tags_audit.compare({"district": "钟楼区", "year": "2024", "body": "", "meeting": ""},
                               {"district": "全国", "year": "2024", "body": "人大", "meeting": "X"}, scores)
    assert wrong == ["✗ district=钟楼区 (全国)", "✗ body=∅ (人大)", "✗ meeting=∅ (X)"]
    assert tags_audit.summary(scores) == "right: district 0/1 0.000  year 1/1 1.000  body 0/1 0.000  meeting 0/1 0.000"


def test_the_audit_of_the_fixtures(tmp_path, capsys):
    assert tags_audit.main(["--fixtures", str(tmp_path), "--passages", "0"]) == 0
    n = len(fx.ALL)
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"right: district {n}/{n} 1.000  year {n}/{n} 1.000  body {n}/{n} 1.000  meeting {n}/{n} 1.000")


def test_the_audit_reads_a_reference_file(tmp_path, capsys):
    fixture = fx.GAPS[0]
    fixture.write(tmp_path / fixture.name)
    reference = tmp_path / "reference.tsv"
    reference.write_text(f"# file\tdistrict\tyear\tbody\tmeeting\n{fixture.name}\t江苏省\t2024\t人大\t{fixture.meeting}\n",
                         encoding="utf-8")
    assert tags_audit.main([str(tmp_path / fixture.name), "--reference", str(reference)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2:] == ["    ✗ year=2025 (2024)",
                        "right: district 1/1 1.000  year 0/1 0.000  body 1/1 1.000  meeting 1/1 1.000"]


REFERENCE = Path(__file__).resolve().parent.parent / "scripts" / "tags_samples.tsv"


@pytest.mark.skipif(not SAMPLES.exists(), reason="no shared samples here")
def test_the_samples_get_their_reference_tags(capsys):
    folders = [str(SAMPLES / name) for name in ("docx-2025", "html", "national", "pdf", "web-2026")]  # scans: #24
    assert tags_audit.main([*folders, "--reference", str(REFERENCE), "--passages", "0"]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    n = sum(1 for line in REFERENCE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#"))
    assert last == f"right: district {n}/{n} 1.000  year {n}/{n} 1.000  body {n}/{n} 1.000  meeting {n}/{n} 1.000"


def test_a_notice_citing_a_meeting_above_its_signature_is_a_notice():
    # the sentence naming the meeting, joined to the signature line under it, is no broken meeting line
    passages = split("关于做好2024年春节期间安全生产工作的通知\n各乡镇人民政府，县直各单位：\n"
                     "为做好春节期间安全生产工作，根据县第十八届人民代表大会第三次会议部署，现将有关事项通知如下。\n"
                     "通山县人民政府办公室\n2024年1月20日\n")
    found = tag(passages, report=True)
    assert {(t["district"], t["body"], t["meeting"]) for t in found} == {("通山县", "", "")}


def test_a_dated_meeting_line_that_ends_as_a_sentence_gives_the_day():
    # 2025年1月19日在…会议上省长某某作政府工作报告。 : the line a newspaper prints under the title
    passages = split("2025年江苏省政府工作报告\n来源：江苏新闻\n"
                     "2025年1月19日在江苏省第十四届人民代表大会第三次会议上省长许昆林作政府工作报告。\n"
                     "各位代表：\n现在，我代表江苏省人民政府向大会报告工作，请予审议。\n")
    found = tag(passages, report=True)
    assert {(t["district"], t["meeting"], t["date"], t["provenance"]["date"]) for t in found} == {
        ("江苏省", "江苏省第十四届人民代表大会第三次会议", "2025-01-19", "meeting line")}

"""Tags of hand-labelled passages from both seed pages, and the meeting grammar."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govsearch.passages import split
from govsearch.tags import MeetingPattern, cn_number, find_meetings, tag

from conftest import TIANNING, ZHONGLOU

ZL_NPC = "常州市钟楼区第十七届人民代表大会第三次会议"
ZL_CPPCC = "政协常州市钟楼区第十届委员会第三次会议"
TN_NPC = "常州市天宁区第十七届人民代表大会第三次会议"
TN_CPPCC = "政协常州市天宁区第十届委员会第三次会议"


@pytest.fixture(scope="module")
def tagged():
    found = {}
    for path in (ZHONGLOU, TIANNING):
        passages = split(path.read_text(encoding="utf-8"))
        found[path] = list(zip(passages, tag(passages)))
    return found


def passage(tagged, path, start):
    return next(tags for p, tags in tagged[path] if p.text.startswith(start))


# (page, opening words, district, body, meeting, date) — labelled by reading the pages
LABELLED = [
    (ZHONGLOU, "本报讯(何一智 薛暮曦)", "钟楼区", "人大", ZL_NPC, "2024-01-08"),
    (ZHONGLOU, "三是聚焦机制赋能不动摇", "钟楼区", "人大", ZL_NPC, "2024-01-08"),
    (ZHONGLOU, "区政府、区政协班子有关领导", "钟楼区", "人大", ZL_NPC, "2024-01-08"),
    (ZHONGLOU, "本报讯(王淑君 田雨婷)", "钟楼区", "政协", ZL_CPPCC, "2024-01-07"),
    (ZHONGLOU, "区委副书记、区长李超鲲出席会议。", "钟楼区", "政协", ZL_CPPCC, "2024-01-07"),
    (ZHONGLOU, "区人大代表杨江金", "钟楼区", "人大", ZL_NPC, "2024"),
    (ZHONGLOU, "区人大代表王胜", "钟楼区", "人大", ZL_NPC, "2024"),
    (ZHONGLOU, "区政协委员于小东", "钟楼区", "政协", ZL_CPPCC, "2024"),
    (ZHONGLOU, "钟楼区应制定符合本地情况的养老发展规划", "钟楼区", "政协", ZL_CPPCC, "2024"),
    (ZHONGLOU, "重塑南大街美食街区地位", "钟楼区", "政协", ZL_CPPCC, "2024"),
    (ZHONGLOU, "着力优化营商环境", "钟楼区", "人大", ZL_NPC, "2024"),
    (TIANNING, "本报讯(罗翔 董逸 姚建国)", "天宁区", "人大", TN_NPC, "2024-01-07"),
    (TIANNING, "区长张凯奇向大会作政府工作报告", "天宁区", "人大", TN_NPC, "2024-01-07"),
    (TIANNING, "大会于1月10日胜利闭幕。", "天宁区", "人大", TN_NPC, "2024-01-07"),
    (TIANNING, "他指出,2023年是全面贯彻中共二十大精神", "天宁区", "政协", TN_CPPCC, "2024-01-07"),
    (TIANNING, "截至1月8日下午5点", "天宁区", "政协", TN_CPPCC, "2024-01-07"),
    (TIANNING, "大会于1月9日胜利闭幕。", "天宁区", "政协", TN_CPPCC, "2024-01-07"),
    (TIANNING, "10项民生实事分别是", "天宁区", "人大", TN_NPC, "2024-01-10"),
    (TIANNING, "律转鸿钧", "天宁区", "", "", "2024-01-07"),
    (TIANNING, "信托制物业管理模式在全省率先试点", "天宁区", "人大", TN_NPC, "2024"),
]


@pytest.mark.parametrize("path, start, district, body, meeting, date", LABELLED)
def test_hand_labelled_passages(tagged, path, start, district, body, meeting, date):
    got = passage(tagged, path, start)
    assert {k: got[k] for k in ("district", "province", "city", "level", "body", "meeting", "date", "speaker")} == {
        "district": district, "province": "江苏省", "city": "常州市", "level": "县",
        "body": body, "meeting": meeting, "date": date, "speaker": ""}


def test_every_seed_passage_has_a_district(tagged):
    for pairs in tagged.values():
        assert all(tags["district"] for _, tags in pairs)


def test_tag_leaves_passages_alone():
    passages = split(ZHONGLOU.read_text(encoding="utf-8"))
    before = [vars(p).copy() for p in passages]
    tagged = tag(passages)
    assert [vars(p) for p in passages] == before
    assert len(tagged) == len(passages)


@pytest.mark.parametrize("line, name, district", [
    ("——2025年1月19日在江苏省第十四届人民代表大会第三次会议上", "江苏省第十四届人民代表大会第三次会议", "江苏省"),
    ("二〇二六年一月二十七日在甘肃省十四届人民代表大会第四次会议上", "甘肃省第十四届人民代表大会第四次会议", "甘肃省"),
    ("在内蒙古自治区第十四届人民代表大会第三次会议上", "内蒙古自治区第十四届人民代表大会第三次会议", "内蒙古自治区"),
    ("第十四届全国人民代表大会第三次会议关于政府工作报告的决议", "第十四届全国人民代表大会第三次会议", "全国"),
    ("中国人民政治协商会议常州市钟楼区第十届委员会第三次会议开幕", ZL_CPPCC, "钟楼区"),
    ("表决通过了常州市天宁区第十七届人民代表大会第三次会议关于", TN_NPC, "天宁区"),
    ("二○一八年一月二十五日在广东省第十三届人民代表大会第一次会议上", "广东省第十三届人民代表大会第一次会议", "广东省"),
    ("在十四届全国人大二次会议上", "第十四届全国人民代表大会第二次会议", "全国"),
    ("全国政协十四届二次会议", "中国人民政治协商会议第十四届全国委员会第二次会议", "全国"),
    ("江苏省政协十三届三次会议开幕", "政协江苏省第十三届委员会第三次会议", "江苏省"),
    ("——1月19日在省十四届人大三次会议上", "第十四届人民代表大会第三次会议", ""),
    ("在天津市和平区第十八届人民代表大会第三次会议上", "天津市和平区第十八届人民代表大会第三次会议", "和平区"),
    ("在日照市第二十届人民代表大会第五次会议上", "日照市第二十届人民代表大会第五次会议", "日照市"),
    ("召开重庆市开州区第三届人民代表大会第四次会议", "重庆市开州区第三届人民代表大会第四次会议", "开州区"),
    ("2025年1月19日江苏省第十四届人民代表大会第三次会议", "江苏省第十四届人民代表大会第三次会议", "江苏省"),
    ("在黔东南苗族侗族自治州第十五届人民代表大会第四次会议上", "黔东南苗族侗族自治州第十五届人民代表大会第四次会议",
     "黔东南苗族侗族自治州"),
])
def test_find_meetings(line, name, district):
    meeting = find_meetings(line)[0]
    assert (meeting.name, meeting.district) == (name, district)


@pytest.mark.parametrize("typed, npc, cppcc", [
    ("十七届人大三次", True, False),
    ("17届3次", True, False),
    ("第十七届人民代表大会第三次会议", True, False),
    ("第十届委员会第三次会议", False, True),
    ("十届政协三次", False, True),
    ("政协", False, True),
    ("十八届人大三次", False, False),
    ("钟楼区人大", True, False),
])
def test_meeting_patterns(typed, npc, cppcc):
    pattern = MeetingPattern.parse(typed)
    assert pattern.matches(ZL_NPC) is npc
    assert pattern.matches(ZL_CPPCC) is cppcc


@pytest.mark.parametrize("text, number", [
    ("十七", 17), ("十", 10), ("二十", 20), ("三", 3), ("17", 17), ("二〇二四", 2024), ("一百零二", 102),
])
def test_cn_number(text, number):
    assert cn_number(text) == number


LINES = ["政府工作报告", "——2025年1月19日在江苏省第十四届人民代表大会第三次会议上", "省长 许某", "各位代表：",
         "一、2024年工作回顾", "1976年10月6日以来，我们取得了胜利。", "2030年远景目标要努力实现。",
         "政协委员提出了建议。", "区人大代表王某：我们要加油。", "二〇二六年一月二十七日在甘肃省十四届人民代表大会第四次会议上",
         "（一）经济运行稳进提质。1999年以来的经验值得总结。", "名词解释"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(LINES), min_size=1, max_size=12), st.sampled_from(["", "2019年政府工作报告"]))
def test_one_dict_per_passage_and_one_year_per_report(lines, name):
    passages = split("\n".join(lines), name=name)
    tagged = tag(passages, hints=[name], report=True)
    assert len(tagged) == len(passages)
    keys = {"district", "province", "city", "level", "body", "meeting", "date", "speaker", "provenance"}
    assert all(set(t) == keys for t in tagged)
    assert all(t["level"] in ("", "全国", "省", "市", "县") for t in tagged)
    assert len({t["date"][:4] for t in tagged}) <= 1

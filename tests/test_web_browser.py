"""The web pages in a real browser (headless chromium): search, facets, paging, passages, compare, injection.

Served from the hand-made ``FakeIndex`` (the contract of ``govsearch.Index``)
until the real API lands; the expected numbers are computed from its
collection, as a grep would.
"""

from urllib.parse import parse_qs, quote, urlsplit

import pytest
from fakeindex import HOSTILE, FakeIndex
from webharness import chrome, served  # noqa: F401

INDEX = FakeIndex
TERM = "营商环境"


@pytest.fixture(scope="module")
def data():
    return FakeIndex()


def by_css(driver, selector):
    from selenium.webdriver.common.by import By
    return driver.find_elements(By.CSS_SELECTOR, selector)


def query_of(driver):
    return {k: v[0] for k, v in parse_qs(urlsplit(driver.current_url).query).items()}


def hit_ids(driver):
    return [a.text for a in by_css(driver, ".hit .id")]


def test_search_shows_count_highlights_and_first_page(chrome, served, data):
    chrome.get(f"{served}/?q={quote(TERM)}")
    expected = data.matching(TERM)
    assert by_css(chrome, "#count strong")[0].text == str(len(expected))
    assert hit_ids(chrome) == [p.id for p in expected[:20]]
    marks = by_css(chrome, ".hit mark")
    assert marks and {m.text for m in marks} == {TERM}
    assert chrome.title == f"{TERM} · govsearch"


def test_typing_a_query_in_the_box_searches(chrome, served, data):
    chrome.get(f"{served}/")
    box = by_css(chrome, "input[name=q]")[0]
    box.send_keys("养老")
    box.submit()
    assert query_of(chrome) == {"q": "养老"}
    assert by_css(chrome, "#count strong")[0].text == str(len(data.matching("养老")))


def test_clicking_a_facet_filters_and_clicking_again_removes_it(chrome, served, data):
    chrome.get(f"{served}/?q={quote(TERM)}")
    link = [a for a in by_css(chrome, "#facet-district a") if a.text == "天宁区"][0]
    link.click()
    assert query_of(chrome) == {"q": TERM, "district": "天宁区"}
    assert by_css(chrome, "#count strong")[0].text == str(len(data.matching(TERM, district="天宁区")))
    assert [a.text.rstrip(" ×") for a in by_css(chrome, ".active a")] == ["district: 天宁区"]
    by_css(chrome, ".active a")[0].click()
    assert query_of(chrome) == {"q": TERM}
    assert by_css(chrome, "#count strong")[0].text == str(len(data.matching(TERM)))


def test_two_facets_combine_and_a_new_query_keeps_them(chrome, served, data):
    chrome.get(f"{served}/?q={quote(TERM)}&body=人大")
    [a for a in by_css(chrome, "#facet-year a") if a.text == "2024"][0].click()
    assert query_of(chrome) == {"q": TERM, "body": "人大", "year": "2024"}
    expected = [p for p in data.matching(TERM, body="人大") if p.tags["date"].startswith("2024")]
    assert by_css(chrome, "#count strong")[0].text == str(len(expected))
    box = by_css(chrome, "input[name=q]")[0]
    box.clear()
    box.send_keys("民生实事")
    box.submit()
    assert query_of(chrome) == {"q": "民生实事", "body": "人大", "year": "2024"}


def test_paging_forward_and_back(chrome, served, data):
    expected = [p.id for p in data.matching(TERM)]
    chrome.get(f"{served}/?q={quote(TERM)}")
    by_css(chrome, ".paging a[rel=next]")[0].click()
    assert query_of(chrome)["page"] == "2"
    assert hit_ids(chrome) == expected[20:40]
    assert by_css(chrome, "ol.hits")[0].get_attribute("start") == "21"
    chrome.back()
    assert "page" not in query_of(chrome)
    assert hit_ids(chrome) == expected[:20]


def test_opening_a_passage_shows_it_whole_with_tags_and_neighbours(chrome, served, data):
    chrome.get(f"{served}/?q={quote(TERM)}&district=杭州市")
    first = by_css(chrome, ".hit .id")[0]
    passage = next(p for p in data.passages_list if p.id == first.text)
    first.click()
    assert urlsplit(chrome.current_url).path == f"/passage/{passage.id}"
    assert by_css(chrome, "#text")[0].text == passage.text
    tags = dict(zip([e.text for e in by_css(chrome, ".tags dt")], [e.text for e in by_css(chrome, ".tags dd")]))
    assert tags["district"] == "杭州市" and tags["meeting"] == passage.tags["meeting"]
    by_css(chrome, ".neighbours a.after")[0].click()
    assert by_css(chrome, "#text")[0].text == passage.after.text


def test_compare_heat_map_renders_and_a_cell_opens_its_search(chrome, served, data):
    chrome.get(f"{served}/compare?q={quote(TERM)}&by=district&then=year")
    result = data.compare(TERM, "district", "year")
    cells = by_css(chrome, "#heatmap a.cell")
    columns = sorted({c for row in result["rows"] for c in row["cells"]})
    assert len(cells) == len(result["rows"]) * len(columns)
    rect = by_css(chrome, "#heatmap a.cell rect")[0]
    assert rect.size["width"] > 20 and rect.size["height"] > 10  # drawn, not just present
    points = by_css(chrome, "#years a.point")
    assert len(points) == len(columns)
    first_row = result["rows"][0]
    cells[0].click()
    assert query_of(chrome) == {"q": TERM, "district": first_row["value"], "year": columns[0]}
    assert by_css(chrome, "#count strong")[0].text == str(first_row["cells"][columns[0]])


def test_a_hostile_report_runs_nothing_and_shows_its_text(chrome, served, data):
    hostile = next(p for p in data.passages_list if p.text == HOSTILE)
    for path in (f"/?q={quote('报告写明')}", f"/passage/{hostile.id}", f"/compare?q={quote('报告写明')}&by=meeting"):
        chrome.get(served + path)
        assert "pwned" not in chrome.title
        assert chrome.execute_script("return window.__pwned === undefined")
        assert by_css(chrome, "script") == []
        assert by_css(chrome, "img") == []
        assert by_css(chrome, "main b, main i, main textarea") == []
    chrome.get(f"{served}/passage/{hostile.id}")
    assert by_css(chrome, "#text")[0].text == HOSTILE
    dd = [e.text for e in by_css(chrome, ".tags dd")]
    assert hostile.tags["meeting"] in dd and hostile.source in dd


def test_pages_fit_a_phone_sized_window(chrome, served, data):
    chrome.set_window_size(390, 844)
    try:
        for path in (f"/?q={quote(TERM)}", f"/passage/{data.passages_list[0].id}",
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

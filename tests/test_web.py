"""The web layer without a browser: URL parameters, highlights, escaping, routes, the server, charts."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from fakeindex import HOSTILE, FakeIndex
from hypothesis import given, settings
from hypothesis import strategies as st

from govsearch.errors import BadParameter, ServeError
from govsearch.web import charts, pages, params, start
from govsearch.web.app import App

ROOT = Path(__file__).resolve().parent.parent
TERM = "营商环境"


@pytest.fixture(scope="module")
def data():
    return FakeIndex()


@pytest.fixture(scope="module")
def app(data):
    return App(data)


def body_of(response):
    return response.body if isinstance(response.body, bytes) else b"".join(response.body)


# URL parameters

@pytest.mark.parametrize("query, message", [
    ("q=a&colour=red", "unknown parameter 'colour'"),
    ("q=a&district=x&district=y", "district is given twice; give it once"),
    ("q=a&year=24", "year=24 is not a year; write it as four digits, like 2024"),
    ("q=a&since=2024-02-30", "since=2024-02-30 is not a date that exists"),
    ("q=a&until=2024-13", "until=2024-13 is not a date that exists"),
    ("q=a&until=yesterday", "until=yesterday is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
    ("q=a&page=two", "page=two is not a whole number"),
    ("q=a&page=0", "page=0 is out of range: give 1 or more"),
    ("q=a&limit=500", "limit=500 is out of range: give from 1 to 100"),
])
def test_bad_search_parameters_are_refused_with_a_message(query, message):
    with pytest.raises(BadParameter) as caught:
        params.parse_search(query)
    assert str(caught.value).startswith(message)


def test_the_api_may_ask_for_every_hit():
    assert params.parse_search("q=a&limit=0", api=True).limit == 0
    with pytest.raises(BadParameter):
        params.parse_search("q=a&limit=0")


@pytest.mark.parametrize("query, message", [
    ("q=a&by=colour", "by=colour is not a field to compare by"),
    ("q=a&by=year&then=year", "by and then are both year"),
])
def test_bad_compare_parameters_are_refused(query, message):
    with pytest.raises(BadParameter) as caught:
        params.parse_compare(query)
    assert str(caught.value).startswith(message)


def test_a_page_past_the_end_is_empty_and_links_to_the_last(app, data):
    total = len(data.matching(TERM))
    page = Tree(body_of(app("/", f"q={TERM}&page=9")).decode())
    past, = page.find("p", id="past")
    assert past["text"].startswith(f"Page 9 is past the end: {total} hits make 2 pages.")
    link, = [a for a in page.find("a") if "past" in a["within"]]
    assert link["href"] == params.Search(TERM, page=2).url()
    assert page.find("li", cls="hit") == []
    answer = app("/api/search", f"q={TERM}&page=9")
    assert answer.status == 200
    assert json.loads(body_of(answer)) | {"facets": None} == {"query": TERM, "total": total, "hits": [],
                                                               "facets": None}
    assert Tree(body_of(app("/", f"q={TERM}&page=2")).decode()).find("p", id="past") == []


filter_values = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1).map(str.strip).filter(bool)


@given(q=st.text(st.characters(blacklist_categories=("Cs",))).map(str.strip),
       district=st.none() | filter_values, meeting=st.none() | filter_values,
       page=st.integers(1, 99), year=st.none() | st.integers(1000, 9999).map(str))
def test_a_search_survives_its_own_url(q, district, meeting, page, year):
    filters = {k: v for k, v in (("district", district), ("meeting", meeting), ("year", year)) if v}
    search = params.Search(q, filters, page)
    assert params.parse_search(urlsplit(search.url()).query) == search


# highlights and escaping

@given(text=st.text(max_size=60), spans=st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70)), max_size=6))
def test_segments_keep_the_text_and_mark_exactly_the_spans(text, spans):
    pieces = pages.segments(text, spans)
    assert "".join(piece for piece, _ in pieces) == text
    marked = set()
    position = 0
    for piece, is_marked in pieces:
        if is_marked:
            marked |= set(range(position, position + len(piece)))
        position += len(piece)
    wanted = {i for s, e in spans for i in range(max(0, s), min(len(text), e))}
    assert marked == wanted


class Tree(HTMLParser):
    """A page as (tag, classes, id, text inside, tags inside) per element: enough to check escaping."""

    VOID = {"meta", "link", "input", "img", "br", "hr", "rect", "circle", "line", "polyline"}

    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.elements, self.open = [], []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        element = {"tag": tag, "class": (attrs.get("class") or "").split(), "id": attrs.get("id"),
                   "text": "", "inside": [], "within": [e["id"] for e in self.open if e["id"]],
                   "href": attrs.get("href")}
        for parent in self.open:
            parent["inside"].append(tag)
        self.elements.append(element)
        if tag not in self.VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        if tag in self.VOID or tag not in [e["tag"] for e in self.open]:
            return
        while self.open:
            if self.open.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for element in self.open:
            element["text"] += data

    def find(self, tag=None, cls=None, id=None):
        return [e for e in self.elements if (tag is None or e["tag"] == tag)
                and (cls is None or cls in e["class"]) and (id is None or e["id"] == id)]


def _hit(text, spans):
    return {"id": "x-1", "score": 1.0, "source": text, "title": text, "district": text, "body": "人大",
            "meeting": text, "section": "", "date": "2024", "text": text, "snippet": text, "snippet_matches": spans}


@settings(max_examples=60)
@given(text=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80)
       | st.sampled_from([HOSTILE, "<script>alert(1)</script>", "a</mark><b>b", "&amp;<!--x-->"]))
def test_document_text_reaches_the_page_as_text(text):
    search = params.Search(text, {"district": text})
    results = {"query": text, "total": 1, "hits": [_hit(text, [(0, 1)])], "facets": {"district": {text: 1}}}
    tree = Tree(pages.search_page(search, results))
    snippet, = tree.find("p", cls="snippet")
    assert snippet["text"] == text
    assert set(snippet["inside"]) <= {"mark"}
    assert tree.find("script") == [] and tree.find("img") == []
    link, = [a for a in tree.find("a") if "facet-district" in a["within"]]
    assert link["text"] == text


# routes

def test_pages_answer_with_their_status(app, data):
    first = data.matching(TERM)[0]
    cases = {
        ("/", ""): 200,
        ("/", f"q={TERM}"): 200,
        ("/", f"q={TERM}&page=2"): 200,
        ("/", f"q={TERM}&page=3"): 200,  # past the end: an empty page linking back
        ("/", "q=a&year=20x4"): 400,
        ("/", "q=a&since=2200"): 400,  # refused by the index itself
        (f"/passage/{first.id}", ""): 200,
        ("/passage/nothing-0000", ""): 404,
        ("/compare", f"q={TERM}&by=district&then=year"): 200,
        ("/compare", f"q={TERM}&by=nothing"): 400,
        ("/nowhere", ""): 404,
        ("/api/search", f"q={TERM}"): 200,
        ("/api/search", "q="): 400,
        ("/api/search", f"q={TERM}&until=2024-02-30"): 400,
        ("/export.csv", f"q={TERM}"): 200,
    }
    got = {key: app(*key).status for key in cases}
    assert got == cases


def test_a_refusal_shows_its_message_keeps_the_query_and_no_traceback(app):
    page = body_of(app("/", "q=%E8%90%A5%E5%95%86&since=2024-02-30")).decode()
    tree = Tree(page)
    assert tree.find("p", id="message")[0]["text"] == "since=2024-02-30 is not a date that exists"
    assert '<input type="search" name="q" value="营商"' in page
    assert "Traceback" not in page


@settings(max_examples=150, deadline=None)
@given(path=st.sampled_from(["/", "/api/search", "/compare", "/api/compare", "/export.csv", "/passage/x"]),
       query=st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
       | st.lists(st.tuples(st.sampled_from(["q", "district", "year", "since", "page", "by", "then", "limit", "x"]),
                            st.text(max_size=12)), max_size=4).map(lambda pairs: "&".join(f"{k}={quote(v)}" for k, v in pairs)))
def test_any_request_is_answered_or_refused_never_a_crash(path, query):
    response = App(FakeIndex())(path, query)
    body_of(response)
    assert response.status in (200, 400, 404)


def test_a_bug_is_a_500_without_details(capsys):
    class Broken(FakeIndex):
        def search(self, *args, **kwargs):
            raise RuntimeError("secret detail")
    response = App(Broken())("/", "q=a")
    assert response.status == 500
    assert "secret detail" not in body_of(response).decode()
    assert "secret detail" in capsys.readouterr().err


def test_api_search_answers_the_json_of_the_index(app, data):
    response = app("/api/search", f"q={TERM}&district=钟楼区&limit=3&page=2")
    got = json.loads(body_of(response))
    expected = data.search(TERM, district="钟楼区", limit=3, offset=3)
    assert response.content_type == "application/json; charset=utf-8"
    assert got == relative({"query": TERM, "total": expected.total,
                            "hits": [h.to_dict() for h in expected.hits], "facets": expected.facets})
    assert got["hits"][0]["source"] == expected.hits[0].source.removeprefix("/reports/")


def relative(results):
    """``results`` as JSON with each hit's source shown relative to the fake collection, ``/reports``."""
    out = json.loads(json.dumps(results))
    for hit in out["hits"]:
        hit["source"] = hit["source"].removeprefix("/reports/")
    return out


def test_api_errors_are_json_with_a_400(app):
    response = app("/api/search", "q=a&colour=red")
    assert (response.status, json.loads(body_of(response))["error"][:26]) == (400, "unknown parameter 'colour'")


def test_api_compare_answers_the_compare_json(app, data):
    got = json.loads(body_of(app("/api/compare", f"q={TERM}&by=province&then=year")))
    assert got == json.loads(json.dumps(data.compare(TERM, "province", "year")))


def test_export_is_every_hit_as_csv_with_a_bom(app, data):
    import csv
    response = app("/export.csv", f"q={TERM}&body=政协")
    text = body_of(response).decode("utf-8")
    assert text.startswith("\ufeffid,source,")
    rows = list(csv.DictReader(text[1:].splitlines()))
    assert [r["id"] for r in rows] == [p.id for p in data.matching(TERM, body="政协")]


def test_export_keeps_a_spreadsheet_from_reading_a_formula():
    from govsearch.render import csv_cell
    assert [csv_cell(v) for v in ("=HYPERLINK(1)", "+1", "-2", "@x", "营商", "1+1", None, [[1, 2]])] == \
        ["'=HYPERLINK(1)", "'+1", "'-2", "'@x", "营商", "1+1", "", "[[1, 2]]"]


def test_every_answer_forbids_scripts_and_other_sites(app, data):
    for key in [("/", f"q={TERM}"), ("/passage/nothing", ""), ("/api/search", "q=a"), ("/static/style.css", "")]:
        headers = dict(app(*key).all_headers())
        assert headers["Content-Security-Policy"].startswith("default-src 'none'")
        assert headers["X-Content-Type-Options"] == "nosniff"


def test_pages_carry_no_script_and_load_nothing_from_elsewhere(app, data):
    first = data.matching(TERM)[0]
    for path, query in [("/", f"q={TERM}"), (f"/passage/{first.id}", ""), ("/compare", f"q={TERM}&then=year")]:
        page = body_of(app(path, query)).decode()
        assert "<script" not in page.lower()
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "url(" not in body_of(app("/static/style.css")).decode()


# the server

@pytest.fixture(scope="module")
def server(data):
    running = start(data, "127.0.0.1", 0)
    yield running
    running.shutdown()
    running.server_close()


def get(url, headers=None):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_the_server_answers_over_http(server, data):
    status, body = get(f"{server.url}/api/search?q={quote(TERM)}")
    assert (status, json.loads(body)["total"]) == (200, len(data.matching(TERM)))


def test_a_busy_port_is_a_one_line_error(server, data):
    port = server.server_address[1]
    with pytest.raises(ServeError) as caught:
        start(data, "127.0.0.1", port)
    assert str(caught.value) == (f"port {port} is already in use on 127.0.0.1; "
                                 "stop what uses it, or choose another with --port")


def test_head_answers_the_headers_of_get(server):
    request = urllib.request.Request(f"{server.url}/?q={quote(TERM)}", method="HEAD")
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert (answer.status, answer.read()) == (200, b"")
        assert int(answer.headers["Content-Length"]) == len(get(f"{server.url}/?q={quote(TERM)}")[1])


def test_nothing_but_get_is_served(server):
    request = urllib.request.Request(f"{server.url}/api/search?q=a", data=b"x", method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 501


def test_requests_for_another_host_name_are_refused(server):
    port = server.server_address[1]
    assert get(f"{server.url}/api/search?q=a", {"Host": f"attacker.example:{port}"})[0] == 400
    assert get(f"{server.url}/api/search?q=a", {"Host": f"localhost:{port}"})[0] == 200


def test_concurrent_requests_never_use_the_index_at_once():
    ix = FakeIndex(exclusive=True, delay=0.005)
    running = start(ix, "127.0.0.1", 0)
    statuses = []

    def client():
        for n in range(4):
            statuses.append(get(f"{running.url}/?q={quote(TERM)}&page={n % 2 + 1}")[0])
    try:
        threads = [threading.Thread(target=client) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        running.shutdown()
        running.server_close()
    assert statuses == [200] * 32
    assert ix.calls == 32


def test_serve_prints_its_address_and_stops_on_sigterm():
    code = ("import sys; sys.path.insert(0, 'tests'); from fakeindex import FakeIndex; "
            "from govsearch.web import serve; serve(FakeIndex(), port=0)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        line = process.stdout.readline().strip()
        assert re.fullmatch(r"Serving on http://127\.0\.0\.1:\d+", line), line
        assert get(line.split()[-1] + "/")[0] == 200
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        assert "Traceback" not in process.stderr.read()
    finally:
        process.kill()
        process.wait()


def test_the_port_is_free_again_after_a_stop(data):
    running = start(data, "127.0.0.1", 0)
    port = running.server_address[1]
    running.shutdown()
    running.server_close()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))


# charts

def test_shade_darkens_with_the_count():
    fills = [charts.shade(n, 100)[0] for n in (1, 10, 50, 100)]
    lightness = [sum(int(f[i:i + 2], 16) for i in (1, 3, 5)) for f in fills]
    assert lightness == sorted(lightness, reverse=True) and len(set(lightness)) == 4
    assert charts.shade(0, 100)[0] == charts.EMPTY


def test_heatmap_has_a_cell_per_row_and_column_with_its_count_and_link():
    counts = {("江苏省", "2024"): 3, ("浙江省", "2025"): 1}
    heat = charts.heatmap(["江苏省", "浙江省"], ["2024", "2025"], counts, lambda r, c: f"/{r}/{c}")
    assert [(c.count, c.href) for c in heat["cells"]] == [
        (3, "/江苏省/2024"), (0, "/江苏省/2025"), (0, "/浙江省/2024"), (1, "/浙江省/2025")]
    assert heat["width"] >= heat["cells"][-1].x + heat["cell_w"]


def test_years_line_counts_a_missing_year_as_zero():
    line = charts.years_line({"2021": 4, "2023": 2}, lambda y: f"/{y}")
    assert [(p.text, p.href) for p in line["points"]] == [("4", "/2021"), ("0", "/2022"), ("2", "/2023")]
    assert charts.years_line({}, str) is None


def test_long_labels_are_cut_to_their_display_width():
    assert charts.shorten("常州市钟楼区第十七届人民代表大会第三次会议", 8) == "常州市钟楼区第…"
    assert charts.shorten("abc", 8) == "abc"


def test_a_compare_cell_links_to_exact_filters_that_replace_the_compares_own():
    compare = params.Compare("发展", "district", "year", {"district": "江苏", "body": "人大"})
    search = compare.search(district="江苏省", year="2024")
    assert search.filters == {"body": "人大", "district__exact": "江苏省", "year": "2024"}
    assert params.parse_search(search.url()[2:]) == search
    assert search.with_filter("district", "钟楼区").filters == {"body": "人大", "year": "2024", "district": "钟楼区"}
    assert search.without_filter("district__exact").filters == {"body": "人大", "year": "2024"}
    with pytest.raises(BadParameter, match="district and district__exact are both given"):
        params.parse_search("q=a&district=x&district__exact=y")


def test_api_search_with_an_exact_filter_is_the_librarys(app, data):
    got = json.loads(body_of(app("/api/search", f"q={TERM}&district__exact=钟楼区&limit=0")))
    assert got == relative(data.search(TERM, district="=钟楼区", limit=0).to_dict())
    assert json.loads(body_of(app("/api/search", f"q={TERM}&district__exact=常州市")))["total"] == 0


def test_a_compare_cell_of_untagged_passages_links_nowhere():
    compare = params.Compare("发展", "district", "body")
    result = {"query": "发展", "by": "district", "then": "body", "total": 5, "rows": [
        {"value": "天宁区", "passages": 5, "documents": 1, "first": 2024, "last": 2024,
         "cells": {"人大": 4, "": 1}, "best": None}]}
    tree = Tree(pages.compare_page(compare, result, {"2024": 5}))
    # each cell's text is its tooltip then its count
    cells = [(e["tag"], e["text"]) for e in tree.find(cls="cell")]
    assert cells == [("a", "天宁区 · 人大: 44"), ("g", "天宁区 · —: 11")]
    assert [e["text"] for e in tree.find("text", cls="col")] == ["人大人大", "——"]  # untagged last, as the CLI


def test_compare_reads_cells_keyed_by_number_as_by_text():
    compare = params.Compare("发展", "district", "year")
    rows = [{"value": "天宁区", "passages": 3, "documents": 1, "first": 2023, "last": 2024,
             "cells": {2023: 1, 2024: 2}, "best": None}]
    tree = Tree(pages.compare_page(compare, {"query": "发展", "total": 3, "rows": rows}, {}))
    assert [e["text"] for e in tree.find(cls="cell")] == ["天宁区 · 2023: 11", "天宁区 · 2024: 22"]


def test_templates_and_styles_ship_as_package_data():
    import configparser
    from fnmatch import fnmatch
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    patterns = [p.strip() for p in config["options.package_data"]["govsearch"].split(",")]
    package = ROOT / "govsearch"
    shipped = [f.relative_to(package).as_posix() for f in (package / "web").rglob("*")
               if f.is_file() and f.suffix in (".html", ".css")]
    assert {"web/static/style.css", "web/templates/base.html"} <= set(shipped)
    assert [f for f in shipped if not any(fnmatch(f, p) for p in patterns)] == []

"""The web routes over a real index of the seeds: the API answers what the CLI prints, every filter reaches the library."""

import csv
import io
import json
from urllib.parse import urlencode

from pathlib import Path

import pytest

import govsearch
from govsearch.cli import cli
from govsearch.web import params
from govsearch.web.app import App


@pytest.fixture(scope="module")
def opened(tmp_path_factory):
    from conftest import SEEDS, build
    path = tmp_path_factory.mktemp("web-seed-index")
    build(path, [SEEDS])
    with govsearch.Index(path) as ix:
        yield path, ix


def answer(ix, path, **query):
    response = App(ix)(path, urlencode(query))
    body = response.body if isinstance(response.body, bytes) else b"".join(response.body)
    return response.status, body.decode("utf-8")


def seeds_relative(found):
    """``found`` (the CLI's JSON) with every ``source`` shown as the web shows it: relative to the seeds folder."""
    from conftest import SEEDS
    root = str(Path(SEEDS).absolute()) + "/"
    if isinstance(found, list):
        return [seeds_relative(item) for item in found]
    if not isinstance(found, dict):
        return found
    assert not isinstance(found.get("source"), str) or found["source"].startswith(root)
    return {k: v.removeprefix(root) if k == "source" else [s.removeprefix(root) for s in v] if k == "sources"
            else seeds_relative(v) for k, v in found.items()}


def cli_json(runner, path, *args):
    result = runner.invoke(cli, ["--index", str(path), *args])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


@pytest.mark.parametrize("query, options", [
    ({"q": "营商环境", "limit": "0"}, ["营商环境", "--limit", "0"]),
    ({"q": "发展"}, ["发展"]),
    ({"q": "发展 -改革", "district": "天宁区", "limit": "7"}, ["发展", "-改革", "--district", "天宁区", "--limit", "7"]),
    ({"q": "政协委员", "meeting": "十届政协三次", "body": "政协"},
     ["政协委员", "--meeting", "十届政协三次", "--body", "政协"]),
    ({"q": "没有这样的话"}, ["没有这样的话"]),
])
def test_api_search_answers_what_query_json_prints_with_sources_relative(opened, runner, query, options):
    """The same ids, scores, tags and texts in the same key order; the CLI's absolute sources shown from the seeds."""
    path, ix = opened
    status, body = answer(ix, "/api/search", **query)
    cli = cli_json(runner, path, "query", "--json", *options)
    expected = seeds_relative(cli)  # which also holds that the CLI keeps absolute paths
    assert [h["source"] for h in cli["hits"]] != [h["source"] for h in expected["hits"]] or not cli["hits"]
    assert status == 200
    assert body == json.dumps(expected, ensure_ascii=False)  # the same bytes but the sources, key order included


def test_api_search_pages_through_the_same_ranking(opened):
    path, ix = opened
    first = json.loads(answer(ix, "/api/search", q="发展", limit="5")[1])["hits"]
    second = json.loads(answer(ix, "/api/search", q="发展", limit="5", page="2")[1])["hits"]
    every = ix.search("发展", limit=10).hits
    assert [h["id"] for h in first + second] == [h.id for h in every]


@pytest.mark.parametrize("name, value", [
    ("district", "钟楼"), ("province", "江苏"), ("level", "县"), ("body", "政协"),
    ("meeting", "十七届人大三次"), ("section", "工作"), ("year", "2024"), ("since", "2024-01"), ("until", "2023"),
])
def test_every_filter_of_the_page_reaches_the_library(opened, name, value):
    path, ix = opened
    assert name in params.FILTERS
    status, body = answer(ix, "/api/search", q="发展", limit="0", **{name: value})
    assert status == 200
    expected = ix.search("发展", limit=0, **{name: int(value) if name == "year" else value})
    assert [h["id"] for h in json.loads(body)["hits"]] == [h.id for h in expected.hits]


def test_the_filters_of_the_page_are_those_of_the_library():
    import dataclasses
    from govsearch.search import Filters
    # all_copies is no tag filter; the page does not take it (yet): each text is shown once there
    assert set(params.FILTERS) == {f.name for f in dataclasses.fields(Filters)} - {"all_copies"}


def test_a_filter_the_library_refuses_is_a_400_with_its_message(opened):
    path, ix = opened
    status, body = answer(ix, "/api/search", q="发展", district="鼓楼")
    assert status == 400
    assert json.loads(body)["error"].startswith("'鼓楼' names ")


def test_passage_data_is_what_show_json_prints(opened, runner):
    from govsearch.web import backend
    path, ix = opened
    some = [p.id for p in ix.passages()][3]
    assert backend.passage(ix, some) == seeds_relative(cli_json(runner, path, "show", some, "--json"))
    status, page = answer(ix, f"/passage/{some}")
    assert status == 200 and ix.passage(some).text[:20] in page


def test_export_is_every_hit_once(opened):
    path, ix = opened
    status, text = answer(ix, "/export.csv", q="发展", body="人大")
    assert status == 200 and text.startswith("\ufeffid,source,")
    rows = list(csv.DictReader(io.StringIO(text[1:], newline="")))
    grep = [p.id for p in ix.passages(body="人大") if "发展" in p.text]
    assert sorted(r["id"] for r in rows) == sorted(grep)
    assert {r["text"] for r in rows} == {p.text for p in ix.passages(body="人大") if "发展" in p.text}


def test_export_of_a_refused_query_is_a_400(opened):
    path, ix = opened
    assert answer(ix, "/export.csv", q="-发展")[0] == 400


def test_api_compare_answers_what_compare_json_prints(opened, runner):
    path, ix = opened
    status, body = answer(ix, "/api/compare", q="发展", by="district", then="body")
    assert status == 200
    assert json.loads(body) == seeds_relative(cli_json(runner, path, "compare", "发展", "--by", "district",
                                                        "--then", "body", "--json"))


def test_serve_command_a_busy_port_is_one_line_and_exit_2(opened, runner):
    import socket
    path, ix = opened
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(cli, ["--index", str(path), "serve", "--port", str(port)])
    assert result.exit_code == 2
    assert result.output == (f"Error: port {port} is already in use on 127.0.0.1; "
                             "stop what uses it, or choose another with --port\n")


def test_serve_command_answers_then_stops_on_sigterm(opened):
    import re
    import signal
    import subprocess
    import sys
    import urllib.request
    from conftest import ROOT
    path, ix = opened
    process = subprocess.Popen([sys.executable, "-m", "govsearch", "--index", str(path), "serve", "--port", "0"],
                               cwd=ROOT, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        line = process.stdout.readline().strip()
        assert re.fullmatch(r"Serving on http://127\.0\.0\.1:\d+", line), line
        with urllib.request.urlopen(line.split()[-1] + "/api/search?q=" + "%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83",
                                    timeout=30) as answer:
            assert json.loads(answer.read())["total"] == ix.search("营商环境").total
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
        assert "Traceback" not in process.stderr.read()
    finally:
        process.kill()
        process.wait()

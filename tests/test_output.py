"""Exact output ("golden") of the terminal and JSON printers on a small fixed index (the docs' transcripts: test_docs).

The index is made of two short reports written here. Paths and passage ids depend
on where the test runs (ids digest the path), so the printed text is compared
after replacing the folder with ``DOCS`` and each id with ``#n``, n its place in
document order.
"""

import json

import click
import pytest

import govsearch
from govsearch import render
from govsearch.cli import cli

from conftest import build

ZHONGLOU = """2024年钟楼区政府工作报告

——2024年1月8日在常州市钟楼区第十七届人民代表大会第三次会议上

区长 王伟

各位代表：

一、2023年工作回顾

全区营商环境持续优化，新设企业1200家。

二、2024年重点工作

（一）优化营商环境。深化改革，推进托育服务体系建设。

（二）发展低空经济。建设通用机场。
"""

TIANNING = """2024年天宁区政府工作报告

——2024年1月9日在常州市天宁区第十七届人民代表大会第三次会议上

各位代表：

一、重点工作

持续优化营商环境，打造一流营商环境。
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """``(index, docs)``: an index of the two reports above."""
    root = tmp_path_factory.mktemp("small")
    docs = root / "docs"
    docs.mkdir()
    (docs / "钟楼区.txt").write_text(ZHONGLOU, encoding="utf-8")
    (docs / "天宁区.txt").write_text(TIANNING, encoding="utf-8")
    build(root / "ix", [docs])
    return root / "ix", docs


def output(small, *args):
    index, docs = small
    result = click.testing.CliRunner().invoke(cli, ["--index", str(index), *args])
    with govsearch.Index(index) as ix:
        ids = [p.id for p in ix.passages()]
    text = result.stdout.replace(str(docs), "DOCS")
    for n, pid in enumerate(ids):
        text = text.replace(pid, f"#{n}")
    return result.exit_code, text


def test_query_text(small):
    assert output(small, "query", "营商环境", "--color", "never") == (0, """\
3 hits for 营商环境  ·  江苏省 3  ·  钟楼区 2, 天宁区 1  ·  人大 3

1. 钟楼区 · 人大 · 常州市钟楼区第十七届人民代表大会第三次会议 · 二、2024年重点工作 › （一）优化营商环境
   （一）优化营商环境。深化改革，推进托育服务体系建设。
   #7  2024-01-08

2. 天宁区 · 人大 · 常州市天宁区第十七届人民代表大会第三次会议 · 一、重点工作
   持续优化营商环境，打造一流营商环境。
   #2  2024-01-09

3. 钟楼区 · 人大 · 常州市钟楼区第十七届人民代表大会第三次会议 · 一、2023年工作回顾
   全区营商环境持续优化，新设企业1200家。
   #6  2024-01-08
""")


def test_query_text_with_a_limit(small):
    assert output(small, "query", "营商环境", "--color", "never", "--limit", "1")[1].endswith("""\
   #7  2024-01-08

… 2 more; --limit 0 shows all
""")


def test_query_text_in_colour(small):
    assert output(small, "query", "低空经济", "--color", "always") == (0, """\
1 hit for 低空经济  ·  江苏省 1  ·  钟楼区 1  ·  人大 1

1. 钟楼区 · 人大 · 常州市钟楼区第十七届人民代表大会第三次会议 · 二、2024年重点工作 › （二）发展低空经济
   （二）发展\x1b[31m\x1b[1m低空经济\x1b[0m。建设通用机场。
   \x1b[2m#8  2024-01-08\x1b[0m
""")


def test_query_json(small):
    status, text = output(small, "query", "托育", "--json")
    score = json.loads(text)["hits"][0]["score"]
    assert score > 0
    assert (status, text) == (0, (
        '{"query": "托育", "total": 1, "hits": [{"id": "#7", "score": SCORE, '
        '"source": "DOCS/钟楼区.txt", "title": "2024年钟楼区政府工作报告", "district": "钟楼区", '
        '"province": "江苏省", "city": "常州市", "level": "县", "body": "人大", '
        '"meeting": "常州市钟楼区第十七届人民代表大会第三次会议", '
        '"section": "二、2024年重点工作 › （一）优化营商环境", "date": "2024-01-08", '
        '"speaker": "区长 王伟", "page": null, "format": "text", '
        '"text": "（一）优化营商环境。深化改革，推进托育服务体系建设。", '
        '"snippet": "（一）优化营商环境。深化改革，推进托育服务体系建设。", '
        '"snippet_matches": [[17, 19]], "matches": [[17, 19]], "also_in": []}], '
        '"facets": {"district": {"钟楼区": 1}, "province": {"江苏省": 1}, "level": {"县": 1}, "body": {"人大": 1}, '
        '"year": {"2024": 1}, "meeting": {"常州市钟楼区第十七届人民代表大会第三次会议": 1}}}\n'
    ).replace("SCORE", str(score)))


def test_show_text(small):
    assert output(small, "show", _id(small, 7)) == (0, """\
id:       #7
source:   DOCS/钟楼区.txt
title:    2024年钟楼区政府工作报告
section:  二、2024年重点工作 › （一）优化营商环境
district: 钟楼区
province: 江苏省
city:     常州市
level:    县
body:     人大
meeting:  常州市钟楼区第十七届人民代表大会第三次会议
date:     2024-01-08
speaker:  区长 王伟
format:   text
from:     body from meeting line, date from meeting line, district from meeting line, meeting from meeting line, year from meeting line
before:   #6  全区营商环境持续优化，新设企业1200家。
after:    #8  （二）发展低空经济。建设通用机场。

（一）优化营商环境。深化改革，推进托育服务体系建设。
""")


@pytest.mark.parametrize("n, before, after", [(0, None, "#1"), (2, "#1", None), (3, None, "#4"), (8, "#7", None)])
def test_show_at_a_documents_edges(small, n, before, after):
    status, text = output(small, "show", _id(small, n), "--json")
    data = json.loads(text)
    assert status == 0 and data["id"] == f"#{n}"
    assert (data["before"] and data["before"]["id"], data["after"] and data["after"]["id"]) == (before, after)
    plain = output(small, "show", _id(small, n))[1]
    assert ("before:" in plain, "after:" in plain) == (before is not None, after is not None)


def test_stats_text(small):
    assert output(small, "stats") == (0, """\
passages   9
documents  2
        2  text

district:
        6  钟楼区
        3  天宁区

province:
        9  江苏省

level:
        9  县

body:
        9  人大

year:
        9  2024

meeting:
        6  常州市钟楼区第十七届人民代表大会第三次会议
        3  常州市天宁区第十七届人民代表大会第三次会议
""")


def test_stats_json(small):
    assert json.loads(output(small, "stats", "--json")[1]) == {
        "passages": 9, "documents": 2, "identical": 0, "copies": 0, "formats": {"text": 2}, "ocr": 0,
        "district": {"钟楼区": 6, "天宁区": 3},
        "province": {"江苏省": 9}, "level": {"县": 9}, "body": {"人大": 9}, "year": {"2024": 9},
        "meeting": {"常州市钟楼区第十七届人民代表大会第三次会议": 6, "常州市天宁区第十七届人民代表大会第三次会议": 3}}


def test_export_is_every_passage_in_document_order(small):
    status, text = output(small, "export")
    rows = [json.loads(line) for line in text.splitlines()]
    assert status == 0
    assert [(row["id"], row["source"], row["text"][:6]) for row in rows] == [
        ("#0", "DOCS/天宁区.txt", "——2024"), ("#1", "DOCS/天宁区.txt", "各位代表："),
        ("#2", "DOCS/天宁区.txt", "持续优化营商"), ("#3", "DOCS/钟楼区.txt", "——2024"),
        ("#4", "DOCS/钟楼区.txt", "区长 王伟"), ("#5", "DOCS/钟楼区.txt", "各位代表："),
        ("#6", "DOCS/钟楼区.txt", "全区营商环境"), ("#7", "DOCS/钟楼区.txt", "（一）优化营"),
        ("#8", "DOCS/钟楼区.txt", "（二）发展低")]
    assert rows[7] == {
        "id": "#7", "source": "DOCS/钟楼区.txt", "title": "2024年钟楼区政府工作报告", "district": "钟楼区",
        "province": "江苏省", "city": "常州市", "level": "县", "body": "人大",
        "meeting": "常州市钟楼区第十七届人民代表大会第三次会议",
        "section": "二、2024年重点工作 › （一）优化营商环境", "date": "2024-01-08", "speaker": "区长 王伟",
        "page": None, "format": "text", "text": "（一）优化营商环境。深化改革，推进托育服务体系建设。",
        "provenance": {"body": "meeting line", "date": "meeting line", "district": "meeting line",
                       "meeting": "meeting line", "year": "meeting line"}}


def test_the_header_names_the_first_few_values_and_counts_the_rest():
    facets = {"district": {f"区{n}": 10 - n for n in range(30)}, "body": {"人大": 40, "政协": 15}}
    results = govsearch.Results(query="发展", total=55, hits=[], facets=facets)
    assert render.header(results) == "55 hits for 发展  ·  区0 10, 区1 9, 区2 8 +27 more  ·  人大 40, 政协 15"
    facets["district"] = {"区0": 10, "区1": 9, "区2": 8}
    assert render.header(results) == "55 hits for 发展  ·  区0 10, 区1 9, 区2 8  ·  人大 40, 政协 15"


def _id(small, n):
    with govsearch.Index(small[0]) as ix:
        return [p.id for p in ix.passages()][n]

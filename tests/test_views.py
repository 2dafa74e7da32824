"""The analyst views (compare, similar, terms) and query's listing options, over the seeds and reports written here.

Expected values come from a literal scan of every exported passage (what a grep
of ``govsearch export`` finds), from the neighbours in the document, and from
``query``'s own ranking: never from the code under test.
"""

import csv
import io
import json
import math
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govsearch
from govsearch import analysis, render
from govsearch.cli import cli
from govsearch.views import terms as terms_mod

import whoosh_reference
from conftest import SEEDS, build

ZHONGLOU_2023 = """2023年钟楼区政府工作报告

——2023年1月9日在常州市钟楼区第十七届人民代表大会第二次会议上

各位代表：

一、2022年工作回顾

全区营商环境持续优化，托育服务起步，发展态势良好。

二、2023年重点工作

（一）优化营商环境。推进托育服务，推进托育机构建设，托育托育。

（二）发展低空经济，推进通用航空。

（三）推进改革，推进开放，推进创新，推进治理，推进民生；全面推进，持续推进，加快推进，稳步推进。
"""

TIANNING_2023 = """2023年天宁区政府工作报告

——2023年1月10日在常州市天宁区第十七届人民代表大会第二次会议上

各位代表：

一、重点工作

持续优化营商环境，推进产业发展。

推进城市更新，发展文旅。
"""

FIELDS = ("district", "province", "level", "body", "year", "meeting", "section")


@pytest.fixture(scope="module")
def views_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("views")
    docs = root / "docs"
    docs.mkdir()
    for seed in SEEDS.iterdir():
        (docs / seed.name).write_bytes(seed.read_bytes())
    (docs / "钟楼区2023.txt").write_text(ZHONGLOU_2023, encoding="utf-8")
    (docs / "天宁区2023.txt").write_text(TIANNING_2023, encoding="utf-8")
    build(root / "ix", [docs])
    return root / "ix"


@pytest.fixture(scope="module")
def vx(views_index):
    with govsearch.Index(views_index) as opened:
        yield opened


@pytest.fixture(scope="module")
def exported(vx):
    return list(vx.passages())


def value(passage, name):
    return passage.tags["date"][:4] if name == "year" else passage.tags[name]


def grep(passages, term):
    wanted = analysis.normalize(term)
    return [p for p in passages if wanted in analysis.normalize(p.text)]


# compare

@pytest.mark.parametrize("term, by, then", [
    ("营商环境", "district", "year"), ("发展", "meeting", "body"), ("发展", "year", "district"),
    ("推进", "section", None), ("托育", "province", "year"), ("政协", "body", "level"),
])
def test_compare_counts_are_a_grep_of_the_exported_passages_cell_by_cell(vx, exported, term, by, then):
    found = vx.compare(term, by=by, then=then)
    matched = grep(exported, term)
    assert found.total == len(matched) == vx.search(term).total
    rows = {row.value: row for row in found.rows}
    assert set(rows) == {value(p, by) for p in matched}
    for name, row in rows.items():
        mine = [p for p in matched if value(p, by) == name]
        years = [int(value(p, "year")) for p in mine if value(p, "year")]
        assert (row.passages, row.documents) == (len(mine), len({p.source for p in mine}))
        assert (row.first, row.last) == ((min(years), max(years)) if years else (None, None))
        expected_cells = Counter(value(p, then) for p in mine) if then else {}
        assert row.cells == dict(expected_cells)


@pytest.mark.parametrize("term, by", [("发展", "district"), ("营商环境", "year"), ("发展", "meeting"),
                                       ("推进", "body"), ("发展 建设", "section")])
def test_the_best_passage_of_a_row_is_its_first_hit_in_the_ranking(vx, term, by):
    ranking = vx.search(term, limit=0).hits
    for row in vx.compare(term, by=by).rows:
        first = next(h for h in ranking if (h.tags["date"][:4] if by == "year" else h.tags[by]) == row.value)
        assert row.best["id"] == first.id
        assert row.best["snippet"] == first.snippet and row.best["score"] == first.score


def test_compare_rows_most_passages_first_and_years_in_order(vx):
    rows = vx.compare("发展", by="district").rows
    assert [r.passages for r in rows] == sorted((r.passages for r in rows), reverse=True)
    years = [r.value for r in vx.compare("发展", by="year").rows]
    assert years == sorted(years)


def test_compare_with_filters_counts_what_query_with_them_finds(vx):
    found = vx.compare("发展", by="district", then="year", body="人大", since="2024")
    assert found.total == vx.search("发展", body="人大", since="2024").total
    assert sum(r.passages for r in found.rows) == found.total
    assert {c for r in found.rows for c in r.cells} == {"2024"}


def test_compare_refuses_an_unknown_field_and_a_field_twice(vx):
    with pytest.raises(govsearch.errors.FilterError):
        vx.compare("发展", by="colour")
    with pytest.raises(govsearch.errors.FilterError):
        vx.compare("发展", by="year", then="year")


def test_compare_cli_csv_has_a_bom_the_columns_and_the_counts(views_index, vx, runner):
    result = runner.invoke(cli, ["--index", str(views_index), "compare", "营商环境", "--by", "district",
                                 "--then", "year", "--csv"])
    assert result.exit_code == 0 and result.output.startswith("\ufeffdistrict,passages,documents,first,last,")
    rows = list(csv.reader(io.StringIO(result.output[1:])))
    found = vx.compare("营商环境", by="district", then="year")
    assert rows[0] == ["district", "passages", "documents", "first", "last", *found.columns]
    assert rows[1:] == [[r.value, str(r.passages), str(r.documents), str(r.first), str(r.last),
                         *[str(r.cells.get(c, 0)) for c in found.columns]] for r in found.rows]


def test_compare_matrix_lines_up_on_a_terminal_with_totals(views_index, vx, runner):
    result = runner.invoke(cli, ["--index", str(views_index), "compare", "发展", "--by", "meeting", "--then", "year"])
    lines = result.output.splitlines()[2:]
    assert len({render.width(line) for line in lines}) == 1  # every line ends at the same cell
    found = vx.compare("发展", by="meeting", then="year")
    assert lines[-1].split() == ["total", *[str(sum(r.cells.get(c, 0) for r in found.rows)) for c in found.columns],
                                 str(found.total)]


def test_compare_json_is_the_documented_shape(views_index, runner):
    result = runner.invoke(cli, ["--index", str(views_index), "compare", "托育", "--by", "year", "--then", "district",
                                 "--json"])
    data = json.loads(result.output)
    assert list(data) == ["query", "by", "then", "total", "rows"]
    assert list(data["rows"][0]) == ["value", "passages", "documents", "first", "last", "cells", "best"]
    assert list(data["rows"][0]["best"]) == ["id", "score", "source", "title", "date", "snippet", "snippet_matches"]


def test_compare_of_nothing_exits_1(views_index, runner):
    result = runner.invoke(cli, ["--index", str(views_index), "compare", "没有这样的话", "--by", "district"])
    assert (result.exit_code, result.output) == (1, "0 passages for 没有这样的话 by district\n\n" + "district  passages"
                                                 "  documents  first  last  best\n")


def test_east_asian_width():
    assert render.width("钟楼区 ab") == 9
    assert render.cut("常州市钟楼区第十七届", 9) == "常州市钟…"
    assert render.table(["区", "n"], [["钟楼区", 3], ["x", 12]], right=(1,)) == "区       n\n钟楼区   3\nx       12\n"


# query's listing options

def test_offset_pages_through_the_ranking(vx):
    every = [h.id for h in vx.search("发展", limit=0).hits]
    assert [h.id for h in vx.search("发展", limit=5, offset=5).hits] == every[5:10]
    assert vx.search("发展", limit=5, offset=len(every)).hits == []


@pytest.mark.parametrize("sort", ["date", "district"])
def test_sort_by_date_or_district_keeps_every_hit_in_that_order(vx, exported, sort):
    hits = vx.search("发展", limit=0, sort=sort).hits
    assert sorted(h.id for h in hits) == sorted(p.id for p in grep(exported, "发展"))
    keys = [h.tags[sort] for h in hits if h.tags[sort]]
    assert keys == sorted(keys, reverse=sort == "date")
    assert all(h.tags[sort] for h in hits[:len(keys)])  # untagged last
    paged = vx.search("发展", limit=4, offset=3, sort=sort).hits
    assert [h.id for h in paged] == [h.id for h in hits[3:7]]


@pytest.mark.parametrize("sort", ["date", "district"])
def test_another_order_counts_and_facets_as_the_ranking_does(vx, sort):
    ranked = vx.search("发展", limit=3, district="钟楼")
    listed = vx.search("发展", limit=3, district="钟楼", sort=sort)
    assert listed.total == ranked.total and listed.facets == ranked.facets


def test_context_gives_the_neighbours_in_the_document(vx, exported):
    order = {p.id: n for n, p in enumerate(exported)}
    for hit in vx.search("营商环境", limit=0, context=2).hits:
        n = order[hit.id]
        same = [p.id for p in exported if p.source == hit.source]
        expected_before = [i for i in [p.id for p in exported[max(0, n - 2):n]] if i in same]
        expected_after = [i for i in [p.id for p in exported[n + 1:n + 3]] if i in same]
        assert ([p.id for p in hit.before], [p.id for p in hit.after]) == (expected_before, expected_after)
    plain = vx.search("营商环境", limit=1).hits[0].to_dict()
    assert "before" not in plain


def test_context_on_the_terminal_marks_context_lines(views_index, vx, runner):
    hit = vx.search("托育", limit=1, context=1).hits[0]
    result = runner.invoke(cli, ["--index", str(views_index), "query", "托育", "--limit", "1", "-C", "1"])
    lines = result.output.splitlines()
    assert lines[3] == f"   - {hit.before[0].id}  {hit.before[0].text}"
    assert lines[4] == f"   {hit.snippet}"
    assert lines[5] == f"   - {hit.after[0].id}  {hit.after[0].text}"


def test_files_counts_hits_per_document(views_index, vx, exported, runner):
    total, documents = vx.files("发展")
    expected = Counter(p.source for p in grep(exported, "发展"))
    assert total == sum(expected.values())
    assert [(d.source, d.hits) for d in documents] == sorted(expected.items(), key=lambda kv: (-kv[1], kv[0]))
    result = runner.invoke(cli, ["--index", str(views_index), "query", "发展", "--files", "--json"])
    assert json.loads(result.output)["files"] == [d.to_dict() for d in documents]


def test_query_csv_is_one_row_per_hit_with_the_json_keys(views_index, vx, runner):
    result = runner.invoke(cli, ["--index", str(views_index), "query", "营商环境", "--csv", "--limit", "0"])
    assert result.exit_code == 0 and result.output.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(result.output[1:])))
    hits = [h.to_dict() for h in vx.search("营商环境", limit=0).hits]
    assert list(rows[0]) == list(hits[0])
    assert [r["id"] for r in rows] == [h["id"] for h in hits]
    assert [json.loads(r["matches"]) for r in rows] == [h["matches"] for h in hits]
    assert [r["text"] for r in rows] == [h["text"] for h in hits]


def test_json_and_csv_together_are_refused(views_index, runner):
    result = runner.invoke(cli, ["--index", str(views_index), "query", "发展", "--json", "--csv"])
    assert (result.exit_code, result.output) == (2, "Error: --json and --csv: choose one\n")


def test_iter_hits_is_every_match_in_document_order(vx, exported):
    hits = vx.iter_hits("营商环境", body="人大")
    assert not isinstance(hits, list)
    assert [h.id for h in hits] == [p.id for p in grep(exported, "营商环境") if p.tags["body"] == "人大"]


# similar

def test_similar_finds_the_same_words_in_another_document_and_never_its_own(vx, exported):
    target = next(p for p in exported if p.text == "地区生产总值增长6%左右" and p.tags["district"] == "天宁区")
    found = vx.similar(target.id, limit=5).hits
    assert found[0].text == "地区生产总值增长6%左右" and found[0].tags["district"] == "钟楼区"
    assert all(h.source != target.source for h in found)
    assert [h.score for h in found] == sorted((h.score for h in found), reverse=True)


def test_similar_with_same_document_and_filters(vx, exported):
    target = next(p for p in exported if p.text == "地区生产总值增长6%左右" and p.tags["district"] == "天宁区")
    own = vx.similar(target.id, limit=50, same_document=True).hits
    assert target.id not in {h.id for h in own}
    assert any(h.source == target.source for h in own)
    filtered = vx.similar(target.id, limit=50, body="政协").hits
    assert filtered and all(h.tags["body"] == "政协" for h in filtered)


def test_similar_of_an_unknown_id_is_one_line_exit_2(views_index, runner):
    result = runner.invoke(cli, ["--index", str(views_index), "similar", "nope-0001"])
    assert (result.exit_code, result.output) == (2, "Error: no passage with id 'nope-0001'\n")


# terms

def test_g2_is_dunnings_log_likelihood():
    a, b, n, m = 30, 10, 1000, 5000
    e1, e2 = n * (a + b) / (n + m), m * (a + b) / (n + m)
    assert terms_mod.g2(a, b, n, m) == pytest.approx(2 * (a * math.log(a / e1) + b * math.log(b / e2)))
    assert terms_mod.g2(5, 50, 100, 1000) == pytest.approx(terms_mod.g2(50, 5, 1000, 100))


def test_terms_counts_are_the_words_of_the_passages_in_both_sets(vx, exported):
    found = vx.terms(district="钟楼", year="2023", vs={"district": "天宁", "year": "2023"}, limit=10)
    chosen = [p for p in exported if p.tags["district"] == "钟楼区" and p.tags["date"].startswith("2023")]
    other = [p for p in exported if p.tags["district"] == "天宁区" and p.tags["date"].startswith("2023")]
    mine = Counter(w for p in chosen for w in analysis.words(p.text))
    theirs = Counter(w for p in other for w in analysis.words(p.text))
    assert (found.passages, found.passages_vs) == (len(chosen), len(other))
    assert (found.words, found.words_vs) == (sum(mine.values()), sum(theirs.values()))
    assert found.terms[0].word == "托育"
    for term in found.terms:
        assert (term.count, term.count_vs) == (mine[term.word], theirs[term.word])


def test_terms_against_the_rest_and_boilerplate_sinks(vx, exported):
    found = vx.terms(district="钟楼", year="2023", limit=50)
    rest = [p for p in exported if not (p.tags["district"] == "钟楼区" and p.tags["date"].startswith("2023"))]
    theirs = Counter(w for p in rest for w in analysis.words(p.text))
    by_word = {t.word: t for t in found.terms}
    assert by_word["托育"].count_vs == theirs["托育"]
    # 推进 is used in the set far more than elsewhere (a higher G² than 托育), yet every document uses it:
    # its spread sinks it below 托育
    assert by_word["推进"].g2 > by_word["托育"].g2
    assert by_word["推进"].documents == len({p.source for p in exported})
    assert by_word["推进"].score < by_word["托育"].score
    assert [t.score for t in found.terms] == sorted((t.score for t in found.terms), reverse=True)


def test_the_tables_of_words_hold_whooshs_own_totals_of_every_word(vx, tmp_path):
    generation = vx._generation
    reader = whoosh_reference.reference(generation, tmp_path / "whoosh").reader()
    words = [w.decode("utf-8") for w in reader.lexicon("text")]
    words += ["不在索引里的词", "x" * 80, "托育托育"]  # absent, longer than any table's width, a prefix's extension
    occurrences, passages = generation._blocks.word_totals(words)
    assert occurrences.tolist() == [reader.frequency("text", w) for w in words]
    assert passages.tolist() == [reader.doc_frequency("text", w) for w in words]
    assert generation.word_frequencies(words) == {w: reader.frequency("text", w) for w in words}
    assert generation.word_count() == reader.field_length("text")


def test_terms_totals_leave_out_the_passages_an_update_deleted(tmp_path, seeds_copy):
    # sorted between the seeds: in a segment with another file, whose passages stay beside the deleted ones
    report = seeds_copy / "001_钟楼区2023.txt"
    report.write_text(ZHONGLOU_2023, encoding="utf-8")
    build(tmp_path / "ix", [seeds_copy])
    report.write_text(ZHONGLOU_2023.replace("托育", "养老"), encoding="utf-8")  # replaced: Whoosh marks the old deleted
    with govsearch.Index(tmp_path / "ix") as opened:
        opened.update([seeds_copy])
    with govsearch.Index(tmp_path / "ix") as opened:
        generation = opened._generation
        reader = whoosh_reference.reference(generation, tmp_path / "whoosh").reader()
        live = generation.word_counts(generation.all_docnums())
        assert len(generation._blocks.deleted) == reader.doc_count_all() - reader.doc_count()
        assert reader.frequency("text", "托育") > live.get("托育", 0)  # Whoosh still counts the deleted ones
        words = sorted(set(live) | {"托育"})
        assert generation.word_frequencies(words) == {w: live.get(w, 0) for w in words}
        assert generation.word_count() == sum(live.values())
        holding = {p.source for p in opened.passages() if "托育" in analysis.words(p.text)}
        assert generation.document_spread(["托育"]) == {"托育": len(holding)}  # the old copy's passages gone
        found = opened.terms(district="钟楼", year="2023", limit=50)
        assert "托育" not in {t.word for t in found.terms}
        assert found.words_vs == sum(live.values()) - found.words


def test_terms_needs_a_filter(vx):
    with pytest.raises(govsearch.errors.FilterError):
        vx.terms()


@settings(max_examples=30, deadline=None)
@given(a=st.integers(1, 500), b=st.integers(0, 500), n=st.integers(500, 5000), m=st.integers(500, 50000))
def test_g2_is_never_negative_and_zero_when_rates_are_equal(a, b, n, m):
    assert terms_mod.g2(a, b, n, m) >= -1e-9
    assert terms_mod.g2(a, a * 3, n, n * 3) == pytest.approx(0, abs=1e-9)


def test_document_order_from_columns_is_by_source_then_position(vx):
    generation = vx._generation
    some = {d for d in generation.all_docnums().tolist() if d % 3}
    stored = {d: generation.stored(d) for d in some}
    by_fields = sorted(some, key=lambda d: (stored[d]["source"], int(stored[d]["id"].rpartition("-")[2]), d))
    assert generation.in_order(some).tolist() == by_fields


@settings(max_examples=60, deadline=None)
@given(mine=st.dictionaries(st.sampled_from([f"词{i}" for i in range(40)]), st.integers(1, 30), min_size=1),
       theirs=st.dictionaries(st.sampled_from([f"词{i}" for i in range(40)]), st.integers(0, 300)),
       wanted=st.integers(1, 12))
def test_the_pruned_g2_ranking_is_the_full_one(mine, theirs, wanted):
    counts, counts_vs = Counter(mine), Counter(theirs)
    size, size_vs = sum(counts.values()), sum(counts_vs.values()) + 500
    full = sorted(((terms_mod.g2(n, counts_vs[w], size, size_vs), w) for w, n in counts.items()
                   if n / size > counts_vs[w] / size_vs), key=lambda pair: (-pair[0], pair[1]))[:wanted]
    assert terms_mod._best_g2(counts, counts_vs, size_vs, wanted) == full

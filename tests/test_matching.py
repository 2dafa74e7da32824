"""The matching contract: a passage matches a term when the normalized term occurs in its normalized text."""

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
import govsearch
from govsearch import analysis
from govsearch import search as search_module
from govsearch.errors import QueryError
from govsearch.query import parse
from govsearch.schema import BOOSTS
from govsearch.search import SNIPPET_CHARS, snippet

import whoosh_reference
from conftest import SEEDS, build

PROPERTY = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def every_passage(ix):
    return {p.id: p.text for p in ix.passages()}


def grep(passages, *terms):
    """What grep on normalized text finds: the ids of passages containing every term."""
    wanted = [analysis.normalize(t) for t in terms]
    return {pid for pid, text in passages.items()
            if all(w in analysis.normalize(text) for w in wanted)}


def found(ix, query, **filters):
    return {hit.id for hit in ix.search(query, limit=0, **filters).hits}


@given(data=st.data())
@PROPERTY
def test_any_substring_of_a_passage_finds_it(ix, data):
    passages = every_passage(ix)
    pid = data.draw(st.sampled_from(sorted(passages)))
    text = passages[pid]
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, min(len(text), start + 40)))
    piece = text[start:end]
    assume(analysis.normalize(piece) and '"' not in piece)
    assert pid in found(ix, f'"{piece}"')


@given(data=st.data())
@PROPERTY
def test_hits_are_exactly_what_grep_finds(ix, data):
    passages = every_passage(ix)
    text = passages[data.draw(st.sampled_from(sorted(passages)))]
    start = data.draw(st.integers(0, len(text) - 1))
    piece = text[start:start + data.draw(st.integers(1, 6))]
    assume(analysis.normalize(piece) and '"' not in piece)
    assert found(ix, f'"{piece}"') == grep(passages, piece)


def pieces_of(passages, data, count):
    """``count`` pieces of passages' texts (1 to 6 characters) usable as quoted terms."""
    out = []
    for _ in range(count):
        text = passages[data.draw(st.sampled_from(sorted(passages)))]
        start = data.draw(st.integers(0, len(text) - 1))
        piece = text[start:start + data.draw(st.integers(1, 6))]
        assume(analysis.normalize(piece) and '"' not in piece)
        out.append(piece)
    return out


@given(data=st.data())
@PROPERTY
def test_each_term_looked_for_among_the_ones_before_finds_what_grep_finds(ix, data):
    # a term is checked only in the passages the terms before it matched, and the passages where jieba cut
    # it as a word count as holding it unread: together, still exactly grep's answer
    passages = every_passage(ix)
    first, second, third = pieces_of(passages, data, 3)
    both = grep(passages, first, second)
    assert found(ix, f'"{first}" "{second}"') == both
    assert found(ix, f'"{first}" "{second}" -"{third}"') == both - grep(passages, third)
    assert found(ix, f'"{first}" "{second}" OR "{third}"') == grep(passages, first) & (
        grep(passages, second) | grep(passages, third))


@given(st.text(min_size=0, max_size=30), st.text(min_size=0, max_size=30))
def test_normalization_is_per_character(a, b):
    assert analysis.normalize(a + b) == analysis.normalize(a) + analysis.normalize(b)


# passages where jieba cuts these terms apart (托育服务 → 托育服务, not 托育), added to the seeds
EXTRA = """# 某县民生工作

推进托育服务体系建设，新增普惠托育服务机构。

区政协委员于小东建议完善社区托育。

经济增长5%左右，落实“1+1+6+N”机制。
"""


@pytest.fixture(scope="module")
def terms_ix(tmp_path_factory):
    root = tmp_path_factory.mktemp("terms")
    shutil.copytree(SEEDS, root / "docs")
    (root / "docs" / "extra.md").write_text(EXTRA, encoding="utf-8")
    build(root / "ix", [root / "docs"])
    with govsearch.Index(root / "ix") as opened:
        yield opened


@pytest.mark.parametrize("term", ["政协委员", "托育", "5%左右", "1+1+6+N", "532发展战略", "人大代表", "营商环境",
                                  "民生实事", "信托制", "高质量发展", "万亿之城"])
def test_terms_the_naive_setup_misses(terms_ix, term):
    expected = grep(every_passage(terms_ix), term)
    assert expected, "each term occurs in the corpus"
    assert found(terms_ix, term) == expected


def test_titles_and_sections_count_extra(tmp_path):
    """A match in the title counts more than one in the section, which counts more than one in the text alone."""
    docs = tmp_path / "docs"
    docs.mkdir()
    body = "推进各项工作，发展低空经济。"
    (docs / "title.txt").write_text(f"关于推进城市建设和发展低空经济的报告\n\n一、工作安排\n\n{body}\n", encoding="utf-8")
    (docs / "text.txt").write_text(f"某区报告\n\n一、工作安排\n\n{body}\n", encoding="utf-8")
    (docs / "section.txt").write_text(f"某县报告\n\n一、加强社会治理和推进城市建设以及发展低空经济\n\n{body}\n",
                                      encoding="utf-8")
    build(tmp_path / "ix", [docs])
    with govsearch.Index(tmp_path / "ix") as ix:
        hits = ix.search("低空经济", limit=0).hits
    assert [Path(h.source).stem for h in hits] == ["title", "section", "text"]
    assert hits[0].score > hits[1].score > hits[2].score > 0


def test_punctuation_inside_a_term_is_ignored(ix):
    assert found(ix, "532发展战略") == found(ix, "“532”发展战略") != set()
    assert found(ix, "1+1+6+N") == found(ix, "1+1+6+n") != set()


def test_traditional_query_finds_simplified_text(ix):
    assert found(ix, "營商環境") == found(ix, "营商环境") != set()
    assert found(ix, "政協委員") == found(ix, "政协委员") != set()


def test_and_or_not_and_phrases(ix):
    passages = every_passage(ix)
    both = grep(passages, "营商环境", "钟楼")
    assert found(ix, "营商环境 钟楼") == both
    assert found(ix, "托育 OR 养老") == grep(passages, "托育") | grep(passages, "养老")
    assert found(ix, "营商环境 -钟楼") == grep(passages, "营商环境") - both
    assert found(ix, '"优化营商环境"') == grep(passages, "优化营商环境")
    assert found(ix, "-钟楼 营商环境") == grep(passages, "营商环境") - both


def test_whole_query_ranks_before_its_parts_apart(ix):
    hits = ix.search("政协 委员", limit=0).hits
    together = [analysis.normalize("政协委员") in analysis.normalize(h.text) for h in hits]
    assert together == sorted(together, reverse=True)
    assert set(together) == {True, False}


def test_matches_are_offsets_of_every_occurrence(ix):
    for hit in ix.search("营商环境", limit=0).hits:
        assert hit.matches
        for start, end in hit.matches:
            assert analysis.normalize(hit.text[start:end]) == "营商环境"
        assert len(hit.matches) == analysis.normalize(hit.text).count("营商环境")


@pytest.mark.parametrize("query", ["", "   ", "“”", "-营商环境", "x" * 3000])
def test_unusable_queries_are_errors(query):
    with pytest.raises(QueryError):
        parse(query)


def test_a_cut_snippet_opens_on_a_clause():
    text = "甲" * 100 + "，" + "乙" * 20 + "营商环境" + "丙" * 200
    piece, inner = snippet(text, [[121, 125]])
    assert piece.startswith("…乙乙") and piece.endswith("丙…")
    assert [piece[s:e] for s, e in inner] == ["营商环境"]


@settings(max_examples=300, deadline=None)
@given(st.text("甲乙，。\n", min_size=1, max_size=400), st.data())
def test_snippet_spans_point_at_the_matches(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, min(len(text), start + 10)))
    piece, inner = snippet(text, [[start, end]])
    assert len(piece) <= SNIPPET_CHARS + 2
    assert inner, "the first match is always shown"
    (s, e), = inner
    assert piece[s:e] == text[start:end].replace("\n", " ")[:e - s]


@pytest.fixture(scope="module")
def reference(seed_index, tmp_path_factory):
    """Whoosh holding the seed index's passages whole, docnum for docnum (``whoosh_reference``)."""
    with govsearch.Index(seed_index) as opened:
        yield whoosh_reference.reference(opened._generation, tmp_path_factory.mktemp("whoosh"))


@pytest.mark.parametrize("query", ["营商环境", "政协委员 提案", "民生 实事", "高质量发展 OR 新质生产力", "发展"])
@pytest.mark.parametrize("few", [False, True])
def test_scores_from_the_blocks_postings_are_whooshs_own(ix, reference, query, few):
    from whoosh import query as wq

    generation = ix._generation
    parsed = parse(query)
    words = search_module.query_words(generation, parsed)
    matched = search_module._match(generation, parsed)
    if few:  # a handful of passages among many postings
        matched = matched[::max(1, len(matched) // 3)]
    terms = [wq.Term(name, w, boost=boost) for w in words for name, boost in BOOSTS.items()]
    with reference.searcher() as searcher:
        found = searcher.search(wq.Or(terms), filter=set(matched.tolist()), limit=None)
        whoosh = {hit.docnum: hit.score for hit in found}
    ours = generation.scores(words, matched)
    assert whoosh and {d for d, score in zip(matched.tolist(), ours) if score} == whoosh.keys()
    assert all(abs(score - whoosh.get(d, 0.0)) < 1e-9 for d, score in zip(matched.tolist(), ours))


@pytest.mark.parametrize("at", [7, 40, 120])
def test_similar_is_whooshs_more_like(ix, reference, at):
    generation = ix._generation
    allowed = set(generation.all_docnums().tolist()[::2])
    text = " ".join(generation.words_of(at))
    with reference.searcher() as searcher:
        found = searcher.more_like(at, "text", text=text, top=15, numterms=12, filter=allowed)
        whoosh = [(hit.docnum, hit.score) for hit in found]
    ours = list(generation.like(at, allowed, 15).items())
    assert whoosh and [d for d, _ in ours] == [d for d, _ in whoosh]
    assert all(abs(a - b) < 1e-9 for (_, a), (_, b) in zip(ours, whoosh))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text("发展經济 ，。Ａa\n", max_size=20), min_size=1, max_size=8),
       st.lists(st.text("发展经a", min_size=1, max_size=3), min_size=1, max_size=3))
def test_spans_of_many_texts_at_once_are_each_texts_own(texts, needles):
    needles = [analysis.normalize(n) for n in needles]
    norms = [analysis.normalize(t) for t in texts]
    assert analysis.find_spans_many(texts, needles, norms) == [analysis.find_spans(t, needles) for t in texts]

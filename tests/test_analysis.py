"""Analysis: the query-time lexicon segments exactly as jieba's full dictionary does."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govsearch import analysis

from conftest import ZHONGLOU


@pytest.fixture(scope="module")
def lexicon(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lexicon")
    analysis.Lexicon.write(folder)
    return analysis.Lexicon(folder)


SEED_TEXT = ZHONGLOU.read_text(encoding="utf-8")


@given(st.data())
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_lexicon_segments_like_the_full_dictionary(lexicon, data):
    start = data.draw(st.integers(0, len(SEED_TEXT) - 2))
    piece = SEED_TEXT[start:start + data.draw(st.integers(1, 60))]
    tokenizer = lexicon.tokenizer_for([piece])
    assert list(analysis.words(piece, tokenizer)) == list(analysis.words(piece))


@pytest.mark.parametrize("text", ["营商环境", "新质生产力", "政协委员", "全过程人民民主", "1+1+6+N", "托育服务体系", "乾隆"])
def test_domain_words_stay_whole(lexicon, text):
    tokenizer = lexicon.tokenizer_for([text])
    assert list(analysis.words(text, tokenizer)) == list(analysis.words(text))
    if text in ("营商环境", "新质生产力", "全过程人民民主"):
        assert text in analysis.words(text)


def test_lookup(lexicon):
    assert lexicon.lookup("营商环境") > 0
    assert lexicon.lookup("营商环") == 0  # a prefix only
    assert lexicon.lookup("营商环境x") is None


def spans_by_offsets(text, needles):
    """``find_spans`` as its docstring defines it, normalizing character by character (each maps on its own)."""
    pieces = [(analysis.normalize(ch), i) for i, ch in enumerate(text)]
    norm = "".join(piece for piece, _ in pieces)
    offsets = [i for piece, i in pieces for _ in piece]
    found = set()
    for needle in filter(None, needles):
        start = norm.find(needle)
        while start != -1:
            found.add((offsets[start], offsets[start + len(needle) - 1] + 1))
            start = norm.find(needle, start + 1)
    return analysis._merge(sorted(found))


@given(st.text("发展經濟ＡＢa1 ，。“”\n\u3000ﬁ", max_size=60), st.lists(st.text("发展经济ab1fi", min_size=1, max_size=3),
                                                                  max_size=3))
@settings(max_examples=500, deadline=None)
def test_spans_map_back_to_the_characters_that_matched(text, needles):
    needles = [analysis.normalize(n) for n in needles]
    assert analysis.find_spans(text, needles) == spans_by_offsets(text, needles)
    assert analysis.find_spans(text, needles, analysis.normalize(text)) == spans_by_offsets(text, needles)


def test_a_normalized_text_that_does_not_fit_is_made_again():
    text = "推动“高质量发展”，发展新质生产力"
    spans = analysis.find_spans(text, ["发展"], "发展" + analysis.normalize(text))
    assert [text[start:end] for start, end in spans] == ["发展", "发展"]

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

"""Text analysis: the normalization behind the matching contract, and jieba words for ranking.

Two views of a text come out of here:

* ``normalize(text)`` is what *matching* compares. Every character is mapped on its
  own: Unicode NFKC, traditional to simplified (OpenCC ``t2s``), lower case, and
  whitespace, punctuation and control characters dropped. Because the mapping is
  per character, ``normalize(a + b) == normalize(a) + normalize(b)``; so any piece of
  a passage, normalized, is a substring of the normalized passage. That is what lets
  the engine promise grep parity: no passage that literally contains the query is
  ever missed, however jieba happened to cut it.
* ``words(text)`` is what *ranking* scores: jieba's search-mode words of the folded
  text, with a domain dictionary of government terms so that 营商环境 or 新质生产力
  stay whole. ``JiebaTokenizer`` hands the same words to Whoosh.
"""

import logging
import os
import threading
import unicodedata
from functools import lru_cache

from whoosh.analysis import Token, Tokenizer

USER_DICT = os.path.join(os.path.dirname(__file__), "data", "userdict.txt")

_DROPPED_CATEGORIES = ("P", "Z", "C")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text):
    """``text`` in simplified characters, converted phrase by phrase (for reading tags, not matching)."""
    return _t2s().convert(text)


class _FoldTable(dict):
    """Per-character fold: NFKC, t2s, lower case; punctuation and spaces become one space."""

    def __missing__(self, ch):
        folded = []
        for c in unicodedata.normalize("NFKC", ch):
            if c.isspace() or unicodedata.category(c)[0] in _DROPPED_CATEGORIES:
                c = " "
            elif ord(c) >= 0x2E80:
                c = _t2s().convert(c)
            folded.append(c.lower())
        value = "".join(folded)
        if value.strip() == "":
            value = " " if folded else ""
        self[ch] = value
        return value


_FOLD = _FoldTable()


def fold(text):
    """Text as jieba should see it: normalized characters, separators kept as spaces."""
    return "".join(map(_FOLD.__getitem__, text))


def normalize(text):
    """Text as matching compares it (see the module docstring)."""
    return fold(text).replace(" ", "")


def normalize_with_offsets(text):
    """``normalize(text)`` plus, for each of its characters, the index of its source character."""
    out, offsets = [], []
    for i, ch in enumerate(text):
        for c in _FOLD[ch]:
            if c != " ":
                out.append(c)
                offsets.append(i)
    return "".join(out), offsets


def find_spans(text, needles):
    """``[start, end]`` offsets into ``text`` of every occurrence of each normalized needle.

    Occurrences are found in the normalized text and mapped back, so a span may
    include punctuation that normalization skipped (“532”发展 for 532发展).
    """
    norm, offsets = normalize_with_offsets(text)
    spans = set()
    for needle in needles:
        if not needle:
            continue
        start = norm.find(needle)
        while start != -1:
            end = start + len(needle) - 1
            spans.add((offsets[start], offsets[end] + 1))
            start = norm.find(needle, start + 1)
    return _merge(sorted(spans))


def _merge(spans):
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


_jieba_lock = threading.Lock()


@lru_cache(maxsize=1)
def segmenter():
    """The jieba tokenizer with the domain dictionary loaded (built once per process)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    with _jieba_lock:
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        tokenizer.load_userdict(USER_DICT)
    return tokenizer


def words(text):
    """jieba search-mode words of ``text``, normalized, without separators."""
    for word, _start, _end in segmenter().tokenize(fold(text), mode="search"):
        word = word.strip()
        if word:
            yield word


class JiebaTokenizer(Tokenizer):
    """Whoosh tokenizer yielding ``words(text)``; positions only, as ranking needs no offsets."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, word in enumerate(words(value), start_pos):
            token.text = word
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = pos
            yield token


def analyzer():
    """The analyzer for every ranked field of the schema."""
    return JiebaTokenizer()

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
  stay whole. Passages are cut at build time (in worker processes) and handed to
  Whoosh as space-separated words; queries are cut with a ``Lexicon``, the part of
  jieba's dictionary the query needs, so a query never loads the whole dictionary.
"""

import logging
import os
import pickle
import sys
import threading
import unicodedata
import warnings

from .characters import converter

from . import lines

USER_DICT = os.path.join(os.path.dirname(__file__), "data", "userdict.txt")

_DROPPED_CATEGORIES = ("P", "Z", "C")


class _FoldTable(dict):
    """Per-character fold: NFKC, t2s, lower case; punctuation and spaces become one space."""

    def __missing__(self, ch):
        folded = []
        for c in unicodedata.normalize("NFKC", ch):
            if c.isspace() or unicodedata.category(c)[0] in _DROPPED_CATEGORIES:
                c = " "
            elif ord(c) >= 0x2E80:
                c = converter().convert(c)
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


_KEPT = []  # [code point → characters it normalizes to (255: not yet known)], made with the first hit


def _ends(text, length):
    """For each character of ``text``, how many normalized characters end with it or before (an array),
    or None when they do not add up to ``length`` (the length of ``text`` normalized)."""
    ends = _counted(text)
    return ends if (int(ends[-1]) if len(ends) else 0) == length else None


def _counted(text):
    """For each character of ``text``, how many characters normalizing it up to that one gives (an array).

    Counted in NumPy from a table of code points filled as characters are first
    seen, since a hit list of every match of a common word maps millions of characters.
    """
    import numpy as np  # loaded with an index, not with the CLI (see tests/test_layout.py)

    if not _KEPT:
        _KEPT.append(np.full(0x110000, 255, dtype=np.uint8))
    table = _KEPT[0]
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    counted = table[codes]
    if (counted == 255).any():  # a character not seen yet
        for code in set(codes[counted == 255].tolist()):  # np.unique would load numpy.ma: 7 ms a process
            table[code] = len(_FOLD[chr(code)].replace(" ", ""))
        counted = table[codes]
    return counted.cumsum(dtype=np.int64)


def find_spans(text, needles, norm=None):
    """``[start, end]`` offsets into ``text`` of every occurrence of each normalized needle.

    ``norm`` is ``normalize(text)`` when the caller has it already (the corpus
    line); one that does not fit ``text`` (written by another normalization) is
    made again.

    Occurrences are found in the normalized text and mapped back, so a span may
    include punctuation that normalization skipped (“532”发展 for 532发展).
    Mapping back needs, for each character of ``text``, how many normalized
    characters end with it (``_ends``).
    """
    return find_spans_many([text], needles, [normalize(text) if norm is None else norm])[0]


def find_spans_many(texts, needles, norms):
    """``find_spans`` of each of ``texts`` (with ``norms``, their normalized texts), mapped back all at once.

    The occurrences are found per text (``str.find``); their positions are mapped
    back to characters in one NumPy pass over the texts joined (``_counted``).
    """
    import numpy as np

    found = [_occurrences(norm, needles) for norm in norms]
    held = [i for i, spans in enumerate(found) if spans]
    out = [[] for _ in texts]
    if not held:
        return out
    ends = _counted("".join(texts[i] for i in held))
    counts = np.concatenate([[0], ends])  # normalized characters before each character of the joined texts
    stops = np.cumsum([len(texts[i]) for i in held], dtype=np.int64)
    starts = np.concatenate([[0], stops[:-1]]).astype(np.int64)
    shifts, totals, first_chars = counts[starts].tolist(), counts[stops].tolist(), starts.tolist()
    positions, owners = [], []
    for k, i in enumerate(held):
        if totals[k] - shifts[k] != len(norms[i]):  # a norm of another normalization: made again
            out[i] = find_spans(texts[i], needles) if norms[i] != normalize(texts[i]) else []
            continue
        positions += [p + shifts[k] for pair in found[i] for p in pair]
        owners.append((i, len(found[i]), first_chars[k]))
    at = np.searchsorted(ends, positions, side="right").tolist()  # the character each position ends in
    n = 0
    for i, count, first in owners:
        pairs = at[n:n + 2 * count]
        out[i] = _merge(zip((a - first for a in pairs[0::2]), (b + 1 - first for b in pairs[1::2])))
        n += 2 * count
    return out


def _occurrences(norm, needles):
    """``(first, last)`` positions in ``norm`` of every occurrence of each needle, in order, each once."""
    found = []
    for needle in needles:
        if not needle:
            continue
        start = norm.find(needle)
        while start != -1:
            found.append((start, start + len(needle) - 1))
            start = norm.find(needle, start + 1)
    if len(needles) > 1:  # one needle's occurrences come in order, once each
        found = sorted(set(found))
    return found


def _merge(spans):
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


_jieba_lock = threading.Lock()


def _jieba():
    """jieba, imported without pkg_resources.

    jieba uses pkg_resources only to open its data files, and opens them by path
    when it is missing; importing it costs a tenth of a second of every query (and
    newer setuptools warn about it on stderr). So jieba is shown a world without it.
    """
    if "jieba" not in sys.modules and "pkg_resources" not in sys.modules:
        sys.modules["pkg_resources"] = None  # makes `import pkg_resources` raise ImportError
        try:
            import jieba
        finally:
            del sys.modules["pkg_resources"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba
    jieba.setLogLevel(logging.WARNING)
    return jieba


_segmenter = None


def segmenter():
    """The jieba tokenizer with its whole dictionary and the domain dictionary (once per process)."""
    global _segmenter
    with _jieba_lock:
        if _segmenter is None:
            _segmenter = _jieba().Tokenizer()
            _segmenter.initialize()
            _segmenter.load_userdict(USER_DICT)
    return _segmenter


def use_saved_segmenter(folder):
    """Take ``segmenter()``'s dictionary from the copy a ``Lexicon`` saved in ``folder``, if any.

    jieba's own cache takes 0.6 s to load; the same dictionary pickled takes a third of
    that. A build calls this before forking its workers, which then share it.
    """
    global _segmenter
    try:
        with open(os.path.join(folder, Lexicon.SAVED), "rb") as f:
            freq, total = pickle.load(f)
    except (OSError, ValueError, pickle.UnpicklingError, EOFError):
        return False
    tokenizer = _jieba().Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True
    with _jieba_lock:
        _segmenter = tokenizer
    return True


def words(text, tokenizer=None):
    """jieba search-mode words of ``text``, normalized, without separators."""
    tokenizer = tokenizer or segmenter()
    for word, _start, _end in tokenizer.tokenize(fold(text), mode="search"):
        word = word.strip()
        if word:
            yield word


def joined_words(text, tokenizer=None):
    """``words(text)`` as one space-separated string: how ranked fields are handed to Whoosh."""
    return " ".join(words(text, tokenizer))


class Lexicon:
    """jieba's dictionary (with the domain words) on disk, sorted, for segmenting queries fast.

    Loading jieba's whole dictionary costs most of a second. But jieba's DAG only
    consults entries that are substrings of the sentence (and their prefixes), so
    a query is segmented exactly as the full dictionary would segment it by a
    tokenizer holding just those entries, found here by binary search in a line
    store (``lines``): line 0 holds jieba's total, then ``word<TAB>frequency`` sorted.
    """

    NAME, SAVED = "lexicon", "lexicon.pickle"
    FILES = (*lines.files(NAME), SAVED)
    MAX_WORD = 16

    def __init__(self, folder):
        self._store = lines.LineStore(folder, self.NAME)
        self.total = int(self._store[0].split(b"\t")[1])

    @classmethod
    def write(cls, folder):  # runs in a worker process: keep it a plain function call
        """Write ``segmenter()``'s dictionary into ``folder``."""
        tokenizer = segmenter()
        entries = sorted((w.encode("utf-8"), f) for w, f in tokenizer.FREQ.items())
        header = f"#total\t{tokenizer.total}".encode()
        lines.write(folder, cls.NAME, [header, *(word + b"\t" + str(freq).encode() for word, freq in entries)])
        with open(os.path.join(folder, cls.SAVED), "wb") as out:
            pickle.dump((tokenizer.FREQ, tokenizer.total), out, protocol=pickle.HIGHEST_PROTOCOL)

    def lookup(self, word):
        """The frequency of ``word`` (0 for a mere prefix of entries), or None if jieba does not know it."""
        key = word.encode("utf-8") + b"\t"
        store = self._store
        lo, hi = 1, len(store)
        width = len(key)
        data, offsets = store.data, store.offsets
        while lo < hi:
            mid = (lo + hi) // 2
            if data[offsets[mid]:offsets[mid] + width] < key:
                lo = mid + 1
            else:
                hi = mid
        if lo >= len(store) or not store.starts_with(lo, key):
            return None
        return int(store[lo][width:])

    def tokenizer_for(self, texts):
        """A jieba tokenizer that segments ``texts`` exactly as the full dictionary would."""
        jieba = _jieba()
        freq = {}
        for text in texts:
            folded = fold(text)
            for start in range(len(folded)):
                for end in range(start + 1, min(len(folded), start + self.MAX_WORD) + 1):
                    piece = folded[start:end]
                    if piece not in freq:
                        found = self.lookup(piece)
                        if found is None:
                            break  # no entry starts with this piece, nor with any longer one
                        freq[piece] = found
        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, self.total, True
        return tokenizer


def analyzer():
    """The analyzer of every ranked field: its values arrive already cut by ``joined_words``."""
    from whoosh.analysis import SpaceSeparatedTokenizer  # only a schema needs Whoosh here

    return SpaceSeparatedTokenizer()

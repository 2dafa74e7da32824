"""Terms: the words that set one set of passages apart from another, with their counts in both.

Takes an opened ``index.Generation`` and two ``search.Filters``: the passages to
describe, and those to set them against (``vs``; by default every other
passage). Gives ``Terms``: words ranked by Dunning's log-likelihood ratio (G²)
of their count in the set against the other, for words used more in the set,
times how rare the word is across documents (``log((D + 1) / d)``, D documents,
d of them using it) so that the boilerplate of government prose, used in every
report (推进, 加强, 发展), sinks by its spread, not by a hand list.

Words are the jieba words the index holds for each passage (the ``words``
column): nothing is cut again. The counts of "every other passage" come from
the index-wide totals (each segment's table of words, see ``blocks``, looked up
at once) minus the set's own, so a small set against a large index costs only
the set. Single characters and bare numbers are left out: they name nothing.
"""

import heapq
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from .. import search
from ..errors import FilterError

CANDIDATES = 3  # rank by G² this many times the wanted words, then weigh those by their spread
_NAMELESS = re.compile(r"^(?:.|[\d.%]+|[a-z]?)$")


@dataclass
class Term:
    word: str
    score: float
    g2: float
    count: int
    count_vs: int
    documents: int

    def to_dict(self):
        return {"word": self.word, "score": round(self.score, 2), "g2": round(self.g2, 2), "count": self.count,
                "count_vs": self.count_vs, "documents": self.documents}


@dataclass
class Terms:
    """The distinctive ``terms`` of the passages of ``selection`` against those of ``vs`` (None: the rest)."""

    selection: dict
    vs: Optional[dict]
    passages: int
    passages_vs: int
    words: int
    words_vs: int
    documents: int
    terms: list = field(default_factory=list)

    def to_dict(self):
        return {"selection": self.selection, "vs": self.vs, "passages": self.passages,
                "passages_vs": self.passages_vs, "words": self.words, "words_vs": self.words_vs,
                "documents": self.documents, "terms": [t.to_dict() for t in self.terms]}


def terms(index, filters, vs=None, limit=20):
    """The ``limit`` most distinctive words of the passages passing ``filters``, against ``vs`` or the rest."""
    if filters is None or not filters.any():
        raise FilterError("terms needs a filter choosing the passages to describe, such as --district 上海")
    chosen = search.once(index, search.selected(index, filters), filters)
    counts = index.word_counts(chosen)
    if vs is not None and vs.any():
        other = np.setdiff1d(search.once(index, search.selected(index, vs), filters), chosen)
        counts_vs = index.word_counts(other)
        size_vs = sum(counts_vs.values())
        against = len(other)
    else:
        # the rest is every passage but the chosen, each text once: the copies dropped leave the totals too
        every = index.all_docnums()
        dropped = np.setdiff1d(np.setdiff1d(every, search.once(index, every, filters)), chosen)
        left = index.word_counts(dropped) if len(dropped) else Counter()
        totals = index.word_frequencies(counts)  # one vectorized lookup in the blocks' tables of words
        counts_vs = Counter({w: totals[w] - n - left[w] for w, n in counts.items()})
        size_vs = int(index.word_count()) - sum(counts.values()) - sum(left.values())
        against = index.passage_count() - len(chosen) - len(dropped)
    size = sum(counts.values())
    scored = _best_g2(counts, counts_vs, size_vs, limit * CANDIDATES)
    candidates = [w for _, w in scored]
    spread = index.document_spread(candidates)
    total_docs = index.document_count()
    found = []
    for value, word in scored:
        used_in = spread[word] or 1
        found.append(Term(word=word, score=value * math.log((total_docs + 1) / used_in), g2=value,
                          count=counts[word], count_vs=int(counts_vs.get(word, 0)), documents=spread[word]))
    found.sort(key=lambda t: (-t.score, t.word))
    return Terms(selection=_shown(filters), vs=_shown(vs) if vs is not None and vs.any() else None,
                 passages=len(chosen), passages_vs=against, words=size, words_vs=size_vs,
                 documents=total_docs, terms=found[:limit])


def _best_g2(counts, counts_vs, size_vs, wanted):
    """``[(G², word)]``, best first, of the ``wanted`` words used more in the set than in the other.

    Words are taken most frequent first: G² of a word used more in the set only
    falls as its count in the other set grows, so ``g2(n, 0)`` bounds it, and
    once that bound is below the ``wanted``-th best found, no word left can
    enter (nor need scoring).
    """
    size = sum(counts.values())
    best, scored = [], []
    for word in sorted(counts, key=lambda w: (-counts[w], w)):
        n = counts[word]
        if len(best) == wanted and g2(n, 0, size, size_vs) < best[0]:
            break
        if _NAMELESS.match(word):
            continue
        m = counts_vs.get(word, 0)
        if size_vs and n / size <= m / size_vs:
            continue  # used as often or more in the other set: not what sets this one apart
        value = g2(n, m, size, size_vs)
        scored.append((value, word))
        if len(best) < wanted:
            heapq.heappush(best, value)
        elif value > best[0]:
            heapq.heapreplace(best, value)
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return scored[:wanted]


def g2(a, b, size_a, size_b):
    """Dunning's log-likelihood ratio of a word seen ``a`` times in ``size_a`` words and ``b`` in ``size_b``."""
    expected_a = size_a * (a + b) / (size_a + size_b)
    expected_b = size_b * (a + b) / (size_a + size_b)
    value = (a * math.log(a / expected_a) if a else 0.0) + (b * math.log(b / expected_b) if b else 0.0)
    return 2 * value


def _shown(filters):
    return {k: v for k, v in vars(filters).items() if v}

"""Character-bigram postings: which lines of a run of corpus lines hold each pair of adjacent characters.

Takes the bytes of consecutive corpus lines (UTF-8, each ending with a newline;
see ``corpus``); gives three NumPy arrays (``blocks`` saves them as ``.npy``
and reads them back memory-mapped): ``vocab`` (the sorted bigram codes, ``first << 21 | second``
code points), ``starts`` (where each code's lines begin in ``lines``, plus the
end) and ``lines`` (line numbers within the run, ascending per code). A line
that contains a string of two or more characters holds every bigram of it, so
the lines holding all of a query's bigrams are a superset of those containing
it: a candidate set for the literal scan, and for a two-character query the
answer itself.
"""

import numpy as np

MAX_LINES = 1 << 16  # a run's line numbers fit in uint16
MAX_BYTES = 8 << 20  # bounds the memory of building one run (about 20 bytes a character)
_ARRAYS = ("vocab", "starts", "lines")


def code(pair):
    """The code of a two-character string."""
    return (ord(pair[0]) << 21) | ord(pair[1])


def codes(text):
    """The distinct bigram codes of ``text``."""
    return sorted({code(text[i:i + 2]) for i in range(len(text) - 1)})


def runs(offsets, start, end):
    """Split lines ``start`` to ``end`` into runs ``(first, stop)`` of at most ``MAX_LINES`` lines and about ``MAX_BYTES``.

    ``offsets`` are the corpus's line offsets; the split depends only on the
    lines' sizes, so the same lines always give the same runs.
    """
    found = []
    first = start
    while first < end:
        stop = min(end, first + MAX_LINES)
        limit = offsets[first] + MAX_BYTES
        if offsets[stop] > limit:
            stop = max(first + 1, int(np.searchsorted(offsets[first:stop + 1], limit, side="right")) - 1 + first)
        found.append((first, stop))
        first = stop
    return found


def build(blob):
    """``{vocab, starts, lines}`` of the lines in ``blob`` (newline-terminated UTF-8, at most ``MAX_LINES`` lines).

    Each pair of adjacent characters inside a line becomes one key, ``code << 16 |
    line``, sorted; the arrays in between are as narrow as their values, since a
    run of ``MAX_BYTES`` makes tens of millions of them.
    """
    chars = np.frombuffer(blob.decode("utf-8").encode("utf-32-le"), dtype=np.uint32)
    newline = chars == 10
    line = np.cumsum(newline, dtype=np.uint16) - newline  # wraps only past the run's last line, which ends it
    inside = ~(newline[:-1] | newline[1:])
    del newline
    keys = chars[:-1][inside].astype(np.uint64)
    keys <<= np.uint64(37)  # in place: an 8 MB run makes arrays of 22 MB, and each temporary one counts
    second = chars[1:][inside].astype(np.uint64)
    second <<= np.uint64(16)
    keys |= second
    del second
    keys |= line[:-1][inside]
    del chars, line, inside
    keys.sort()  # then drop repeats: np.unique hashes in NumPy 2, many times slower here
    keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys
    bigrams = keys >> np.uint64(16)
    firsts = np.flatnonzero(np.concatenate(([True], bigrams[1:] != bigrams[:-1]))[:len(bigrams)])
    return {"vocab": bigrams[firsts],
            "starts": np.append(firsts, len(keys)).astype(np.int64),
            "lines": (keys & np.uint64(0xFFFF)).astype(np.uint16)}


class Run:
    """The postings of one run (the arrays of ``build``, memory-mapped); line numbers are given plus ``base``."""

    def __init__(self, arrays, base):
        self.base = base
        self.vocab, self.starts, self.lines = (arrays[n] for n in _ARRAYS)

    def holding(self, bigrams):
        """Sorted numbers of the lines that hold every one of ``bigrams`` (codes), plus ``base``.

        The rarest bigram's lines are the candidates; each other bigram keeps those
        its lines mark in a table of the run's lines (line numbers are small), which
        costs a pass over its postings where a set intersection would sort them.
        """
        keys = np.asarray(sorted(bigrams), dtype=np.uint64)
        at = np.searchsorted(self.vocab, keys)
        if not len(keys) or at[-1] >= len(self.vocab) or (self.vocab[at] != keys).any():
            return np.empty(0, dtype=np.int64)
        starts, stops = self.starts[at].tolist(), self.starts[at + 1].tolist()
        order = sorted(range(len(keys)), key=lambda k: stops[k] - starts[k])
        found = self.lines[starts[order[0]]:stops[order[0]]]
        marks = np.zeros(MAX_LINES, dtype=bool) if len(order) > 1 else None
        for k in order[1:]:
            if not len(found):
                break
            posting = self.lines[starts[k]:stops[k]]
            marks[posting] = True
            found = found[marks[found]]
            marks[posting] = False
        return found.astype(np.int64) + self.base

"""The normalized corpus: the text matching scans, one line per passage, by docnum.

Takes line stores (``lines``) of ``analysis.normalize`` of each passage's text:
each segment's own (``blocks``' ``norm`` store, whose line ``n`` is docnum
``base + n``), or, in an index of the layout before, one ``corpus.txt`` for the
whole generation; gives the literal scan over them: which docnums contain a
normalized string. This scan, not any posting list, decides what matches, hence
grep parity. Deleted passages keep their lines: the caller drops their docnums.
"""

from bisect import bisect_right

import numpy as np

from . import analysis, lines

NAME = "corpus"
FILES = lines.files(NAME)


class Corpus:
    """The corpus of one generation: ``[(base, line store)]``, memory-mapped, in docnum order."""

    @classmethod
    def whole(cls, folder):
        """The one ``corpus.txt`` of a generation of the layout before."""
        return cls([(0, lines.LineStore(folder, NAME))])

    def __init__(self, stores):
        self.stores = stores
        self._bases = [base for base, _ in stores]

    def read(self, docnum):
        """The normalized text of ``docnum``, as UTF-8 bytes (read, not mapped)."""
        return self.read_many([docnum])[0]

    def read_many(self, docnums):
        """``read`` of each of ``docnums`` (a list, any order)."""
        where = [bisect_right(self._bases, docnum) - 1 for docnum in docnums]
        return [self.stores[k][1].read(docnum - self._bases[k]) for k, docnum in zip(where, docnums)]

    def find(self, text):
        """Docnums whose normalized text contains ``normalize(text)``, ascending (a scan of the whole corpus)."""
        wanted = analysis.normalize(text).encode("utf-8")
        return self._joined([np.array(store.lines_containing(wanted), dtype=np.int64) + base
                             for base, store in self.stores])

    def among(self, text, docnums):
        """Those of ``docnums`` (ascending) whose normalized text contains ``normalize(text)``."""
        wanted = analysis.normalize(text).encode("utf-8")
        found = []
        for base, store in self.stores:
            inside = docnums[(docnums >= base) & (docnums < base + len(store))] - base
            found.append(np.array(store.lines_containing(wanted, among=inside.tolist()), dtype=np.int64) + base)
        return self._joined(found)

    @staticmethod
    def _joined(parts):
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)

"""The normalized corpus: the text matching scans, one line per Whoosh document.

Takes a committed Whoosh index (its ``norm`` column holds ``analysis.normalize``
of each passage's text); gives ``corpus.txt``/``corpus.idx`` (a line store, see
``lines``) where line ``n`` is docnum ``n``'s normalized text, and the literal
scan over it: which docnums contain a normalized string. This scan, not Whoosh's
postings, decides what matches, hence grep parity.
"""

import numpy as np

from . import analysis, lines

NAME = "corpus"
FILES = lines.files(NAME)


def write(whoosh_ix, folder):
    """Write the corpus of ``whoosh_ix`` into ``folder``.

    Read from Whoosh's ``norm`` column after the commit, since Whoosh decides the
    docnums (merging segments, dropping deleted documents); a deleted docnum keeps
    an empty line so that line numbers stay docnums.
    """
    with whoosh_ix.reader() as reader:
        count = reader.doc_count_all()
        column = reader.column_reader("norm") if count else None  # an empty index has no columns
        lines.write(folder, NAME, (b"" if reader.is_deleted(n) else column[n] for n in range(count)))


class Corpus:
    """The corpus of one generation, memory-mapped."""

    def __init__(self, folder):
        self.store = lines.LineStore(folder, NAME)

    def find(self, text):
        """Docnums whose normalized text contains ``normalize(text)``, ascending (a scan of the whole corpus)."""
        found = self.store.lines_containing(analysis.normalize(text).encode("utf-8"))
        return np.array(found, dtype=np.int64)

    def among(self, text, docnums):
        """Those of ``docnums`` (ascending) whose normalized text contains ``normalize(text)``."""
        found = self.store.lines_containing(analysis.normalize(text).encode("utf-8"), among=docnums.tolist())
        return np.array(found, dtype=np.int64)

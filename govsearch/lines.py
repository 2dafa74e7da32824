"""A line store: byte strings written once as the lines of a file, read back memory-mapped by number.

Takes an iterable of byte strings (no newline inside any of them); gives a file
``NAME.txt`` of those lines and ``NAME.idx``, the byte offset where each line
starts (int64) followed by the file's end. Reading maps the text, so a process
touches only the pages it looks at and copies nothing; a scan of every line
reads the file instead, a piece at a time, so that it does not leave the whole
file resident in the process. Two stores use it: the normalized corpus
(``corpus``) and jieba's sorted dictionary (``analysis.Lexicon``). It imports
nothing of govsearch.
"""

import array
import mmap
import os
from bisect import bisect_left, bisect_right
from pathlib import Path

SCAN_BYTES = 4 << 20  # read at a time by a scan
FEW = 1 / 8  # of the lines: fewer than this are read one by one (a read costs about 8 lines scanned)


def write(folder, name, lines):
    """Write ``lines`` as the store ``name`` in ``folder``; return how many were written."""
    offsets = array.array("q")
    position = 0
    with open(Path(folder) / f"{name}.txt", "wb") as out:
        for line in lines:
            offsets.append(position)
            out.write(line + b"\n")
            position += len(line) + 1
    offsets.append(position)
    with open(Path(folder) / f"{name}.idx", "wb") as out:
        offsets.tofile(out)
    return len(offsets) - 1


def files(name):
    """The file names of the store ``name``."""
    return (f"{name}.txt", f"{name}.idx")


class LineStore:
    """The store ``name`` in ``folder``, opened for reading."""

    def __init__(self, folder, name):
        self._file = open(Path(folder) / f"{name}.txt", "rb", buffering=0)  # open while the store is: scans read it
        size = os.fstat(self._file.fileno()).st_size
        self.data = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        self.offsets = array.array("q")
        self.offsets.frombytes((Path(folder) / f"{name}.idx").read_bytes())

    def __len__(self):
        return len(self.offsets) - 1

    def __getitem__(self, number):
        """Line ``number``, without its newline."""
        return self.data[self.offsets[number]:self.offsets[number + 1] - 1]

    def read(self, number):
        """Line ``number`` read from the file, not the map: reading many lines leaves none resident."""
        return self._read(self.offsets[number], self.offsets[number + 1] - 1)

    def starts_with(self, number, prefix):
        """True when line ``number`` starts with the bytes ``prefix`` (without copying the line)."""
        start = self.offsets[number]
        return self.data[start:start + len(prefix)] == prefix

    def lines_containing(self, pattern, among=None):
        """Numbers of the lines that contain the bytes ``pattern`` (which holds no newline), ascending.

        ``among`` (ascending line numbers) limits the search to those lines: a few
        are read one by one, many in the pieces of a scan.
        """
        if not pattern:
            return []
        offsets = self.offsets
        if among is not None and len(among) < FEW * len(self):
            return [n for n in among if pattern in self.read(n)]
        found = []
        for first, stop, piece in self._pieces():
            base = offsets[first]
            if among is not None:
                found += [n for n in among[bisect_left(among, first):bisect_left(among, stop)]
                          if pattern in piece[offsets[n] - base:offsets[n + 1] - base - 1]]
                continue
            position = piece.find(pattern)
            while position != -1:
                line = bisect_right(offsets, base + position, first, stop + 1) - 1
                found.append(line)
                position = piece.find(pattern, offsets[line + 1] - base)
        return found

    def _pieces(self):
        """``(first, stop, bytes)``: the file read whole lines at a time, about ``SCAN_BYTES`` each."""
        offsets, count, first = self.offsets, len(self), 0
        while first < count:
            stop = min(count, max(first + 1, bisect_right(offsets, offsets[first] + SCAN_BYTES) - 1))
            yield first, stop, self._read(offsets[first], offsets[stop])
            first = stop

    def _read(self, start, end):
        return os.pread(self._file.fileno(), end - start, start)
